//! PNG export with no window, GPU or display: runs egui headless over the same layout and paint
//! code as the window ([`offscreen`]), rasterises on the CPU ([`raster`]) and writes the PNG
//! atomically with metadata. Also the slide series of a presentation.

pub mod offscreen;
pub mod raster;

use crate::layout::Scene;
use crate::model::Timeline;
use crate::paint::{self, Emphasis, SceneRequest, lane_color};
use crate::slide::{SlideInput, counter_text, slide_ui, step_view};
use crate::theme::Theme;
use crate::view::{TimeView, fit_view};
use egui::{FontId, Rect, pos2, vec2};
use raster::RgbaImage;
use std::path::Path;

/// Exports larger than this on either side are refused.
pub const MAX_SIDE_PX: u32 = 16_384;
/// …and larger than this in total: 64 Mpx is 256 MiB of RGBA, already four 8K screens.
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;
/// At most this many source lines in the footer; the rest are counted ("+12 more").
const MAX_FOOTER_SOURCES: usize = 8;

/// What to export and how.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub width_px: u32,
    pub height_px: u32,
    /// Pixels per point: 2 draws everything twice as large in pixels, with crisp text.
    pub scale: f32,
    pub theme: Theme,
    /// `None` fits all events.
    pub view: Option<TimeView>,
    /// Overrides the timeline's title in the header.
    pub title: Option<String>,
    pub show_title: bool,
    pub show_legend: bool,
    /// A footer listing the sources of the events in view.
    pub show_sources: bool,
    pub lane_hidden: Vec<bool>,
    pub event_hidden: Option<Vec<bool>>,
    pub selected: Option<usize>,
}

impl ExportOptions {
    pub fn new(width_px: u32, height_px: u32, theme: Theme) -> Self {
        ExportOptions {
            width_px,
            height_px,
            scale: 1.0,
            theme,
            view: None,
            title: None,
            show_title: true,
            show_legend: true,
            show_sources: false,
            lane_hidden: Vec::new(),
            event_hidden: None,
            selected: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "image size {0}×{1} px is not possible: each side must be 16–{MAX_SIDE_PX} px and the whole at most 64 Mpx"
    )]
    Size(u32, u32),
    #[error("scale {0} is not possible: expected a number from 0.5 to 8")]
    Scale(f32),
    #[error("{0}: expected a file name ending in .png")]
    NotPng(String),
    #[error("{0}: refusing to overwrite the timeline being exported; expected another path")]
    WouldOverwriteInput(String),
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write the PNG: {0}")]
    Save(#[from] crate::io::SaveError),
}

fn check_size(width: u32, height: u32, scale: f32) -> Result<(), ExportError> {
    if !(16..=MAX_SIDE_PX).contains(&width)
        || !(16..=MAX_SIDE_PX).contains(&height)
        || width as u64 * height as u64 > MAX_PIXELS
    {
        return Err(ExportError::Size(width, height));
    }
    if !(0.5..=8.0).contains(&scale) {
        return Err(ExportError::Scale(scale));
    }
    Ok(())
}

/// The view an export shows: the requested one, or all events.
pub fn export_view(timeline: &Timeline, options: &ExportOptions) -> TimeView {
    options.view.unwrap_or_else(|| fit_view(timeline))
}

/// Renders the timeline to an image (no file written).
pub fn render_timeline(
    timeline: &Timeline,
    options: &ExportOptions,
) -> Result<RgbaImage, ExportError> {
    render_timeline_with_scene(timeline, options).map(|(image, _)| image)
}

/// Renders the timeline and also returns the layout it drew (in points), so callers can find
/// where each event went.
pub fn render_timeline_with_scene(
    timeline: &Timeline,
    options: &ExportOptions,
) -> Result<(RgbaImage, Scene), ExportError> {
    check_size(options.width_px, options.height_px, options.scale)?;
    let view = export_view(timeline, options);
    let theme = options.theme.clone();
    let visuals = theme.visuals();
    let mut last_scene = None;
    let image = offscreen::render(
        [options.width_px, options.height_px],
        options.scale,
        |ctx| ctx.set_visuals(visuals),
        |ui| last_scene = Some(draw_export(ui, timeline, options, view, &theme)),
    );
    let scene = last_scene.unwrap_or_else(|| Scene::empty(view));
    Ok((image, scene))
}

/// Header (title, legend), canvas and source footer, top to bottom.
fn draw_export(
    ui: &mut egui::Ui,
    timeline: &Timeline,
    options: &ExportOptions,
    view: TimeView,
    theme: &Theme,
) -> Scene {
    let full = ui.max_rect();
    let painter = ui.painter_at(full);
    painter.rect_filled(full, 0.0, theme.background);
    let m = &theme.metrics;
    let pad = m.label_gap;
    let mut top = full.top();

    if options.show_title {
        let title = options
            .title
            .clone()
            .unwrap_or_else(|| timeline.title().to_owned());
        if !title.is_empty() {
            let galley = paint::single_line(
                &painter,
                &title,
                FontId::proportional(m.label_font_size * 1.6),
                theme.text,
                full.width() - 2.0 * pad,
            );
            painter.galley(
                pos2(full.left() + pad, top + pad),
                galley.clone(),
                theme.text,
            );
            top += galley.size().y + pad * 1.5;
        }
    }
    if options.show_legend {
        let mut x = full.left() + pad;
        let y = top + m.row_height / 2.0;
        for (k, lane) in timeline.lanes().iter().enumerate() {
            if options.lane_hidden.get(k).copied().unwrap_or(false) {
                continue;
            }
            let swatch = Rect::from_center_size(pos2(x + 5.0, y), vec2(10.0, 10.0));
            painter.rect_filled(swatch, 2.0, lane_color(timeline, theme, k));
            let galley = painter.layout_no_wrap(
                lane.label.clone(),
                FontId::proportional(m.axis_font_size),
                theme.text,
            );
            painter.galley(
                pos2(x + 14.0, y - galley.size().y / 2.0),
                galley.clone(),
                theme.text,
            );
            x += 14.0 + galley.size().x + pad * 1.5;
        }
        top += m.row_height + pad * 0.5;
    }

    // Footer: the sources of the events in view, one line each.
    let mut bottom = full.bottom();
    if options.show_sources {
        let lines = footer_lines(timeline, view, options);
        if !lines.is_empty() {
            let font = FontId::proportional(m.axis_font_size);
            let line_h = m.axis_font_size * 1.35;
            let footer_h = line_h * lines.len() as f32 + pad * 2.0;
            bottom -= footer_h;
            let mut y = bottom + pad;
            for line in lines {
                let galley = paint::single_line(
                    &painter,
                    &line,
                    font.clone(),
                    theme.text_weak,
                    full.width() - 2.0 * pad,
                );
                painter.galley(pos2(full.left() + pad, y), galley, theme.text_weak);
                y += line_h;
            }
        }
    }

    let canvas = Rect::from_min_max(pos2(full.left(), top), pos2(full.right(), bottom));
    let scene = paint::layout_scene(
        &painter,
        theme,
        SceneRequest {
            timeline,
            view,
            canvas,
            now_secs: None,
            lane_hidden: &options.lane_hidden,
            event_hidden: options.event_hidden.as_deref(),
            pinned: options.selected,
        },
    );
    paint::paint_scene(
        &painter,
        &scene,
        timeline,
        theme,
        Emphasis {
            selected: options.selected,
            hovered: None,
            matches: None,
        },
    );
    scene
}

/// "Sources: 1. Publisher, “Title”. URL" lines for the distinct sources of the shown events in
/// view, in time order, with a final "+N more" when they do not all fit.
pub fn footer_lines(timeline: &Timeline, view: TimeView, options: &ExportOptions) -> Vec<String> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut shown = Vec::new();
    for i in timeline.visible(view.start_secs, view.end_secs()) {
        let Some(e) = timeline.event(i) else {
            continue;
        };
        if options.lane_hidden.get(e.lane()).copied().unwrap_or(false)
            || options
                .event_hidden
                .as_ref()
                .is_some_and(|h| h.get(i).copied().unwrap_or(false))
        {
            continue;
        }
        for s in e.sources() {
            // Only the listed ones are formatted; the rest are just counted.
            if seen.insert(s.url()) && shown.len() < MAX_FOOTER_SOURCES {
                shown.push(s);
            }
        }
    }
    let total = seen.len();
    let mut lines: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(k, s)| format!("{}. {}", k + 1, s.citation()))
        .collect();
    if total > MAX_FOOTER_SOURCES {
        lines.push(format!("+{} more sources", total - MAX_FOOTER_SOURCES));
    }
    if let Some(first) = lines.first_mut() {
        *first = format!("Sources: {first}");
    }
    lines
}

/// The name a PNG records as its source: the file name only, never the user's folders.
pub fn source_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Checks a PNG destination: it must end in `.png` and must not be the timeline's own file.
pub fn check_destination(path: &Path, input: Option<&Path>) -> Result<(), ExportError> {
    let is_png = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if !is_png {
        return Err(ExportError::NotPng(path.display().to_string()));
    }
    if input.is_some_and(|input| crate::io::same_file(input, path)) {
        return Err(ExportError::WouldOverwriteInput(path.display().to_string()));
    }
    Ok(())
}

/// Writes a PNG atomically (temporary file in the same folder, then rename) with metadata.
pub fn save_png(
    image: &RgbaImage,
    path: &Path,
    title: &str,
    source: &str,
) -> Result<(), ExportError> {
    let software = format!("Chronoscope {}", env!("CARGO_PKG_VERSION"));
    crate::io::write_atomically(path, |w| {
        image
            .write_png_with_text(
                w,
                &[
                    ("Title", title),
                    ("Source", source),
                    ("Software", &software),
                ],
            )
            .map_err(std::io::Error::other)
    })?;
    Ok(())
}

/// Renders every presentation step as the presentation shows it: `01.png`, `02.png`, …
/// Returns the files written.
pub fn export_steps(
    timeline: &Timeline,
    steps: &[usize],
    out_dir: &Path,
    width_px: u32,
    height_px: u32,
    scale: f32,
    source: &str,
) -> Result<Vec<std::path::PathBuf>, ExportError> {
    check_size(width_px, height_px, scale)?;
    std::fs::create_dir_all(out_dir).map_err(|source| ExportError::Write {
        path: out_dir.display().to_string(),
        source,
    })?;
    let theme = Theme::presentation();
    let lane_hidden = vec![false; timeline.lanes().len()];
    let digits = (steps.len() + 1).to_string().len().max(2);
    let mut written = Vec::new();
    for n in 0..=steps.len() {
        let view = step_view(timeline, steps, n);
        let focus = n.checked_sub(1).and_then(|k| steps.get(k).copied());
        let counter = counter_text(n, steps.len());
        let visuals = theme.visuals();
        let image = offscreen::render(
            [width_px, height_px],
            scale,
            |ctx| ctx.set_visuals(visuals),
            |ui| {
                let rect = ui.max_rect();
                slide_ui(
                    ui,
                    rect,
                    &theme,
                    &SlideInput {
                        timeline,
                        view,
                        lane_hidden: &lane_hidden,
                        event_hidden: None,
                        focus,
                        counter: counter.clone(),
                        now_secs: None,
                    },
                )
            },
        );
        let path = out_dir.join(format!("{:0digits$}.png", n + 1));
        let title = match focus.and_then(|i| timeline.event(i)) {
            Some(e) => format!("{} — {}", timeline.title(), e.title()),
            None => timeline.title().to_owned(),
        };
        save_png(&image, &path, &title, source)?;
        written.push(path);
    }
    Ok(written)
}
