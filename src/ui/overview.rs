//! The overview strip under the canvas: the whole timeline as a small histogram with the current
//! view as a rectangle; click or drag it to move the view.

use super::commands::Command;
use super::document::Document;
use crate::paint::lane_color;
use crate::theme::Theme;
use crate::view::{TimeView, fit_view};
use egui::{Rect, Sense, Stroke, pos2};

/// Height of the strip in points.
const STRIP_HEIGHT: f32 = 38.0;
/// Height (share of the strip) of a bin holding a single event among millions.
const MIN_BAR_SHARE: f32 = 0.06;
/// Histogram bins over the whole timeline (fixed: the strip is small and this is computed once).
pub const OVERVIEW_BINS: usize = 480;

/// Counts of events per bin over the whole timeline's bounds.
pub fn overview_histogram(starts: &[f64], lo: f64, hi: f64) -> Vec<u32> {
    let mut bins = vec![0u32; OVERVIEW_BINS];
    let span = (hi - lo).max(1.0);
    for &s in starts {
        let k = (((s - lo) / span) * OVERVIEW_BINS as f64).floor();
        let k = (k.max(0.0) as usize).min(OVERVIEW_BINS - 1);
        bins[k] += 1;
    }
    bins
}

/// The strip for `doc` with `view` marked on it.
pub fn overview_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    view: TimeView,
    theme: &Theme,
) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::bottom("overview")
        .exact_size(STRIP_HEIGHT)
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(8, 4)))
        .show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            ui.advance_cursor_after_rect(rect);
            let response = ui
                .interact(
                    rect,
                    egui::Id::unique("chronoscope.overview"),
                    Sense::click_and_drag(),
                )
                .on_hover_text("Overview: click or drag to move the view");
            let whole = fit_view(&doc.timeline);
            let painter = ui.painter_at(rect);
            painter.rect_filled(rect, 3.0, theme.lane_band[1]);
            let hist = doc.overview();
            let max = hist.iter().copied().max().unwrap_or(0).max(1) as f32;
            let bin_w = rect.width() / hist.len() as f32;
            let color = lane_color(&doc.timeline, theme, 0);
            for (k, &c) in hist.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                // Linear in the count: with a million events a log scale saturated every bin
                // into one flat block; this shows where the events cluster. A bin with any
                // event keeps a sliver so that lone events stay visible.
                let h = (rect.height() - 4.0) * (c as f32 / max).max(MIN_BAR_SHARE);
                let x = rect.left() + k as f32 * bin_w;
                painter.rect_filled(
                    Rect::from_min_max(
                        pos2(x, rect.bottom() - 2.0 - h),
                        pos2(x + bin_w.max(1.0), rect.bottom() - 2.0),
                    ),
                    0.0,
                    color.gamma_multiply(0.7),
                );
            }
            let x_of = |secs: f64| rect.left() + whole.x_from_time(secs, rect.width());
            // max/min, not clamp: a strip narrower than the minimum box must not panic.
            let vx0 = x_of(view.start_secs)
                .min(rect.right() - 3.0)
                .max(rect.left());
            let vx1 = x_of(view.end_secs()).min(rect.right()).max(vx0 + 3.0);
            let window = Rect::from_min_max(pos2(vx0, rect.top()), pos2(vx1, rect.bottom()));
            painter.rect_filled(window, 2.0, theme.selection.gamma_multiply(0.12));
            painter.rect_stroke(
                window,
                2.0,
                Stroke::new(1.5, theme.selection),
                egui::StrokeKind::Inside,
            );

            if let Some(pos) = response.interact_pointer_pos()
                && (response.dragged() || response.clicked())
            {
                let centre = whole.time_from_x(pos.x - rect.left(), rect.width());
                let view = TimeView::new(centre - view.span_secs / 2.0, view.span_secs);
                out.push(if response.clicked() {
                    Command::AnimateTo(view)
                } else {
                    Command::SetView(view)
                });
            }
        });
    out
}
