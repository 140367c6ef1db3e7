//! What a layout decided, as plain data for `--layout-json`: the axis ticks, every label with
//! its box and whether it was cut, the visible events left without a label, and the step's
//! focus. Tests and users read it instead of guessing from pixels. Positions are image pixels
//! (points × scale) from the image's top-left corner.

use super::Scene;
use crate::model::Timeline;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TickReport {
    pub label: String,
    pub x: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelReport {
    /// The event's id.
    pub event: String,
    /// What is shown: the lines joined by "\n", with "…" where cut.
    pub text: String,
    /// The whole label text.
    pub full_text: String,
    /// `[x0, y0, x1, y1]` of the shown text.
    pub rect: [f32; 4],
    pub truncated: bool,
    /// 1, or 2 for a wrapped label.
    pub lines: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutReport {
    /// Image size in pixels.
    pub width: f32,
    pub height: f32,
    /// Pixels per point of the image.
    pub scale: f32,
    /// `[x0, y0, x1, y1]` of the timeline canvas (on a slide, the caption card is below it).
    pub canvas: [f32; 4],
    /// `[x0, y0, x1, y1]` of the row at the canvas' bottom where era names go, if any.
    pub era_row: Option<[f32; 4]>,
    /// The fine axis row (the one with a tick line per label).
    pub ticks: Vec<TickReport>,
    /// The context row above it ("Feb 1985"), the first one pinned at the left edge.
    pub context_ticks: Vec<TickReport>,
    /// The display zone as the axis names it, when it shows one ("UTC", "America/New_York
    /// (UTC−04:00)").
    pub zone: Option<String>,
    pub labels: Vec<LabelReport>,
    /// Ids of events drawn individually but without a label (in a lane's strip).
    pub unlabelled: Vec<String>,
    /// Events in view inside density bands (drawn as counts, not one by one).
    pub in_density: usize,
    /// The event a presentation step is about; `None` outside presentations and on the title.
    pub focus: Option<String>,
}

/// The report of `scene` in an image of `size_px` pixels at `scale` pixels per point.
pub fn layout_report(
    scene: &Scene,
    timeline: &Timeline,
    focus: Option<usize>,
    size_px: [u32; 2],
    scale: f32,
) -> LayoutReport {
    let id = |i: usize| {
        timeline
            .event(i)
            .map_or_else(String::new, |e| e.id().to_owned())
    };
    let origin = scene.canvas.left();
    let px = |r: egui::Rect| [r.left(), r.top(), r.right(), r.bottom()].map(|v| v * scale);
    let tick = |t: &super::Tick| TickReport {
        label: t.label.clone(),
        x: (origin + t.x) * scale,
    };
    let labels = scene
        .marks
        .iter()
        .filter_map(|m| {
            let label = m.label.as_ref()?;
            let event = timeline.event(m.event)?;
            let shown_w = label.text_width.min(label.max_width);
            let rect = label.rect();
            Some(LabelReport {
                event: event.id().to_owned(),
                text: label.lines.join("\n"),
                full_text: super::label_text(event),
                rect: [
                    rect.left() * scale,
                    rect.top() * scale,
                    (rect.left() + shown_w) * scale,
                    rect.bottom() * scale,
                ],
                truncated: label.truncated,
                lines: label.lines.len(),
            })
        })
        .collect();
    let unlabelled = scene
        .marks
        .iter()
        .filter(|m| m.label.is_none())
        .map(|m| id(m.event))
        .collect();
    let in_density = scene
        .lanes
        .iter()
        .filter(|l| l.dense)
        .map(|l| l.visible_count)
        .sum();
    LayoutReport {
        width: size_px[0] as f32,
        height: size_px[1] as f32,
        scale,
        canvas: px(scene.canvas),
        era_row: scene.era_row.map(px),
        ticks: scene.ticks.fine.iter().map(tick).collect(),
        context_ticks: scene.ticks.coarse.iter().map(tick).collect(),
        zone: scene.ticks.zone_label.clone(),
        labels,
        unlabelled,
        in_density,
        focus: focus.map(id),
    }
}
