//! Turns a [`Scene`] into egui shapes. The one paint path: the window and the PNG, SVG and PDF
//! exports all call [`paint_scene`], so what is exported is what is on screen. Colours and sizes
//! come from the [`Theme`]; positions come from `layout`, never computed here. For vector export
//! it can also note which shapes draw which event ([`PaintNotes`]).

pub use crate::layout::thousands;
use crate::layout::{ERA_LABEL_MIN_WIDTH, MarkKind, Scene, Side};
use crate::model::{Precision, Timeline};
use crate::theme::{Theme, faded};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, CornerRadius, FontId, Painter, Rect, Shape, Stroke, pos2, vec2};

/// Highlight state that changes colours but not positions.
#[derive(Clone, Copy, Default)]
pub struct Emphasis<'a> {
    pub selected: Option<usize>,
    pub hovered: Option<usize>,
    /// While a search is active: which events match (others are dimmed).
    pub matches: Option<&'a [bool]>,
}

impl Emphasis<'_> {
    fn dimmed(&self, event: usize) -> bool {
        self.matches
            .is_some_and(|m| !m.get(event).copied().unwrap_or(false))
    }
    fn matched(&self, event: usize) -> bool {
        self.matches
            .is_some_and(|m| m.get(event).copied().unwrap_or(false))
    }
}

/// What a vector export needs that the shapes do not carry: which painted shapes draw which
/// event, and which rectangles link to a source. Painting with `None` (the window) records
/// nothing and costs nothing.
#[derive(Clone, Debug, Default)]
pub struct PaintNotes {
    pub groups: Vec<ShapeGroup>,
    pub links: Vec<LinkArea>,
}

/// Consecutive shapes in one painter layer that draw one event.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeGroup {
    pub layer: egui::LayerId,
    /// Indices into that layer's shapes for this frame.
    pub shapes: std::ops::Range<usize>,
    pub event: usize,
    pub part: GroupPart,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupPart {
    /// The marker or bar.
    Mark,
    /// The label on its halo.
    Label,
    /// A thin mark in a crowded lane's strip.
    Strip,
}

/// A rectangle (points) that links to a URL, such as a source line in a footer or caption.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkArea {
    pub rect: Rect,
    pub url: String,
}

impl PaintNotes {
    /// Notes shapes `range` of the local list about to be added to `painter` as `part` of `event`.
    fn group(
        notes: &mut Option<&mut PaintNotes>,
        range: std::ops::Range<usize>,
        event: usize,
        part: GroupPart,
    ) {
        if let Some(notes) = notes
            && !range.is_empty()
        {
            notes.groups.push(ShapeGroup {
                layer: egui::LayerId::background(),
                shapes: range,
                event,
                part,
            });
        }
    }
}

/// The index the next shape added through `painter` will get in its layer.
pub fn next_shape_index(painter: &Painter) -> usize {
    let layer = painter.layer_id();
    painter
        .ctx()
        .graphics(|g| g.get(layer).map_or(0, |list| list.next_idx().0))
}

/// Paints the whole canvas: background bands, eras, grid, axis, density, marks, labels.
pub fn paint_scene(
    painter: &Painter,
    scene: &Scene,
    timeline: &Timeline,
    theme: &Theme,
    emphasis: Emphasis<'_>,
) {
    paint_scene_noted(painter, scene, timeline, theme, emphasis, None);
}

/// [`paint_scene`], also noting in `notes` which shapes draw which event.
pub fn paint_scene_noted(
    painter: &Painter,
    scene: &Scene,
    timeline: &Timeline,
    theme: &Theme,
    emphasis: Emphasis<'_>,
    mut notes: Option<&mut PaintNotes>,
) {
    // Groups are noted as ranges of `shapes` (or of `label_shapes`) and moved to the layer's
    // numbering when the shapes are handed to the painter, at the end.
    let first_group = notes.as_ref().map_or(0, |n| n.groups.len());
    let mut label_groups: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut shapes: Vec<Shape> = Vec::with_capacity(scene.marks.len() * 2 + 256);
    let m = &theme.metrics;
    let canvas = scene.canvas;
    shapes.push(Shape::rect_filled(canvas, 0.0, theme.background));
    // A mark's outline weighs its fill against every lane band (a few powf each): worked out
    // once per colour, not once per mark.
    let mut outlines: std::collections::HashMap<Color32, Color32> = Default::default();
    let mut mark_outline = |fill: Color32| {
        *outlines
            .entry(fill)
            .or_insert_with(|| theme.mark_outline(fill))
    };

    // Lane bands.
    for (k, band) in scene.lanes.iter().enumerate() {
        shapes.push(Shape::rect_filled(band.rect, 0.0, theme.lane_band[k % 2]));
    }
    let lanes_top = scene.axis_rect.bottom();

    // Eras: background bands; their labels are drawn over the marks, at the bottom.
    let mut era_labels = Vec::new();
    for era_band in &scene.eras {
        let Some(era) = timeline.eras().get(era_band.era) else {
            continue;
        };
        let fill = era
            .color
            .as_deref()
            .and_then(crate::theme::parse_hex_color)
            .map_or(theme.era_fill, |c| faded(c, 0.14));
        let rect = Rect::from_min_max(
            pos2(era_band.x0, lanes_top),
            pos2(era_band.x1, canvas.bottom()),
        );
        shapes.push(Shape::rect_filled(rect, 0.0, fill));
        // The era's name sits at the bottom of its band, clear of the lane headers at the top.
        let left = era_band.x0.max(canvas.left()) + 4.0;
        let galley = single_line(
            painter,
            &era.label,
            FontId::proportional(m.axis_font_size),
            theme.era_text,
            (era_band.x1 - left - 4.0).max(0.0),
        );
        // Only where the band leaves room for a word or two; never a lone "…".
        if let Some(row) = scene.era_row
            && era_band.x1 - left >= ERA_LABEL_MIN_WIDTH
        {
            let label_pos = pos2(left, row.center().y - galley.size().y / 2.0);
            era_labels.push(Shape::rect_filled(
                Rect::from_min_size(label_pos, galley.size()).expand2(vec2(3.0, 0.0)),
                3.0,
                theme.label_halo,
            ));
            era_labels.push(Shape::galley(label_pos, galley, theme.era_text));
        }
    }

    // Grid lines and the axis.
    let grid = Stroke::new(1.0, theme.grid_line);
    let coarse_grid = Stroke::new(1.0, faded(theme.axis_line, 0.55));
    for t in &scene.ticks.fine {
        let x = canvas.left() + t.x;
        shapes.push(Shape::line_segment(
            [
                pos2(x, scene.axis_rect.center().y),
                pos2(x, canvas.bottom()),
            ],
            grid,
        ));
    }
    for t in &scene.ticks.coarse {
        let x = canvas.left() + t.x;
        if x >= canvas.left() {
            shapes.push(Shape::line_segment(
                [pos2(x, scene.axis_rect.top()), pos2(x, canvas.bottom())],
                coarse_grid,
            ));
        }
    }
    paint_axis(painter, &mut shapes, scene, theme);

    // Density bands for lanes with more events than pixels.
    for row in &scene.density {
        let Some(band) = scene.lanes.iter().find(|l| l.lane == row.lane) else {
            continue;
        };
        let color = lane_color(timeline, theme, row.lane);
        let body_top = band.rect.top() + band.header_height;
        let body_h = (band.rect.bottom() - body_top - 2.0).max(1.0);
        let max = row.max_count.max(1) as f32;
        for (k, &count) in row.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            // Square-root scale: busy and quiet periods stay distinguishable, and a bin with a
            // single event is still visible next to one with hundreds.
            let level = (count as f32 / max).sqrt().clamp(0.08, 1.0);
            let x0 = row.x0 + k as f32 * row.bin_width;
            let h = body_h * level;
            shapes.push(Shape::rect_filled(
                Rect::from_min_max(
                    pos2(x0, band.rect.bottom() - 2.0 - h),
                    pos2(x0 + row.bin_width, band.rect.bottom() - 2.0),
                ),
                0.0,
                faded(color, 0.35 + 0.65 * level),
            ));
        }
    }

    // Marks: bundled ranges and strip marks first, then labelled ones, then the selection on top.
    for band in scene.lanes.iter().filter(|b| b.spanning > 0) {
        // Ranges over the whole view, too many for a mark each: one bar across the strip.
        let fill = lane_color(timeline, theme, band.lane);
        let edge = mark_outline(fill);
        let color = if edge == theme.background { fill } else { edge };
        let y = band.rect.bottom() - m.strip_height / 2.0;
        shapes.push(Shape::rect_filled(
            Rect::from_min_max(
                pos2(canvas.left() - 1.0, y - 2.0),
                pos2(canvas.right() + 1.0, y + 2.0),
            ),
            0.0,
            color,
        ));
    }
    let mut label_shapes = Vec::new();
    for mark in scene.marks.iter().filter(|m| m.in_strip) {
        // Strip ticks are too thin for an outline: a pale colour is drawn in its darker shade.
        let fill = event_color(timeline, theme, mark.event);
        let edge = mark_outline(fill);
        let mut color = if edge == theme.background { fill } else { edge };
        if emphasis.dimmed(mark.event) {
            color = faded(color, theme.dim_factor);
        }
        let half = m.strip_height / 2.0 - 1.0;
        let rect = match mark.kind {
            MarkKind::Point => Rect::from_center_size(pos2(mark.x, mark.y), vec2(2.0, half * 2.0)),
            MarkKind::Range => Rect::from_min_max(
                pos2(mark.x.max(canvas.left() - 1.0), mark.y - 2.0),
                pos2(
                    mark.x_end.min(canvas.right() + 1.0).max(mark.x + 2.0),
                    mark.y + 2.0,
                ),
            ),
        };
        let start = shapes.len();
        shapes.push(Shape::rect_filled(rect, 0.0, color));
        PaintNotes::group(
            &mut notes,
            start..shapes.len(),
            mark.event,
            GroupPart::Strip,
        );
    }
    for mark in scene.marks.iter().filter(|m| !m.in_strip) {
        let Some(event) = timeline.event(mark.event) else {
            continue;
        };
        let dim = emphasis.dimmed(mark.event);
        let mut color = event_color(timeline, theme, mark.event);
        // Pale colours get a darker ring of their own hue (3 : 1 on the bands); the others a
        // background-coloured one that keeps neighbours apart.
        let mut outline = mark_outline(color);
        if dim {
            color = faded(color, theme.dim_factor);
            outline = theme.background;
        }
        let mark_start = shapes.len();
        let line = m.line_scale;
        match mark.kind {
            MarkKind::Point => {
                if let Some((v0, v1)) = mark.vague {
                    let h = m.marker_radius * 1.6;
                    shapes.push(Shape::rect_filled(
                        Rect::from_min_max(pos2(v0, mark.y - h / 2.0), pos2(v1, mark.y + h / 2.0)),
                        CornerRadius::same((h / 2.0) as u8),
                        faded(color, theme.vague_factor),
                    ));
                }
                let center = pos2(mark.x, mark.y);
                if event.circa {
                    // Circa: a hollow marker — the date is approximate.
                    shapes.push(Shape::circle_filled(
                        center,
                        m.marker_radius,
                        theme.background,
                    ));
                    let stroke_color = if outline == theme.background {
                        color
                    } else {
                        outline
                    };
                    shapes.push(Shape::circle_stroke(
                        center,
                        m.marker_radius - 1.0,
                        Stroke::new(2.0 * line, stroke_color),
                    ));
                } else {
                    shapes.push(Shape::circle_filled(
                        center,
                        m.marker_radius + 1.5 * line,
                        outline,
                    ));
                    shapes.push(Shape::circle_filled(center, m.marker_radius, color));
                }
            }
            MarkKind::Range => {
                paint_range(&mut shapes, mark, event, theme, color, canvas);
                if outline != theme.background {
                    let h = (m.marker_radius * 1.6).max(6.0) / 2.0;
                    shapes.push(Shape::rect_stroke(
                        Rect::from_min_max(
                            pos2(mark.x.max(canvas.left() - 4.0), mark.y - h),
                            pos2(
                                mark.x_end.min(canvas.right() + 4.0).max(mark.x + 2.0),
                                mark.y + h,
                            ),
                        ),
                        2.0,
                        Stroke::new(line, outline),
                        egui::StrokeKind::Outside,
                    ));
                }
            }
        }
        if emphasis.matched(mark.event) {
            shapes.push(ring(
                mark,
                m.marker_radius + 2.5 + 1.5 * line,
                Stroke::new(2.5 * line, theme.match_ring),
            ));
        }
        if emphasis.hovered == Some(mark.event) && emphasis.selected != Some(mark.event) {
            shapes.push(ring(
                mark,
                m.marker_radius + 3.0,
                Stroke::new(1.5 * line, theme.text_weak),
            ));
        }
        PaintNotes::group(
            &mut notes,
            mark_start..shapes.len(),
            mark.event,
            GroupPart::Mark,
        );
        if let Some(label) = &mark.label {
            let text_color = if dim { theme.text_dimmed } else { theme.text };
            // Layout already fitted each line (wrapped, cut with "…"): they are drawn as given.
            // One vector-export group covers every line of the label.
            let start = label_shapes.len();
            for (k, text) in label.lines.iter().enumerate() {
                let galley = single_line(
                    painter,
                    text,
                    FontId::proportional(m.label_font_size),
                    text_color,
                    label.max_width + 1.0,
                );
                let y = label.pos.y + k as f32 * label.line_height;
                let pos = pos2(label.pos.x, y - galley.size().y / 2.0);
                let halo = Rect::from_min_size(pos, galley.size()).expand2(vec2(2.0, 0.0));
                label_shapes.push(Shape::rect_filled(halo, 3.0, theme.label_halo));
                label_shapes.push(Shape::galley(pos, galley, text_color));
            }
            if notes.is_some() && label_shapes.len() > start {
                label_groups.push((start..label_shapes.len(), mark.event));
            }
        }
    }
    let labels_at = shapes.len();
    for (range, event) in label_groups {
        let range = range.start + labels_at..range.end + labels_at;
        PaintNotes::group(&mut notes, range, event, GroupPart::Label);
    }
    shapes.extend(label_shapes);
    shapes.extend(era_labels);

    // Selection goes last so nothing covers it.
    if let Some(sel) = emphasis.selected
        && let Some(mark) = scene.mark_of(sel)
    {
        shapes.push(ring(
            mark,
            m.marker_radius + 2.0 + 1.5 * m.line_scale,
            Stroke::new(2.5 * m.line_scale, theme.selection),
        ));
    }

    // The today line under the lane headers, so that their text stays readable over it.
    if let Some(x) = scene.today_x {
        shapes.extend(Shape::dashed_line(
            &[pos2(x, lanes_top), pos2(x, canvas.bottom())],
            Stroke::new(1.5, theme.today),
            6.0,
            4.0,
        ));
    }

    // Lane headers and hidden-label counts, over everything in the lane.
    let mut header_texts: Vec<Rect> = Vec::new();
    for band in &scene.lanes {
        let Some(lane) = timeline.lanes().get(band.lane) else {
            continue;
        };
        let color = lane_color(timeline, theme, band.lane);
        let top = band.rect.top();
        shapes.push(Shape::rect_filled(
            Rect::from_min_size(pos2(band.rect.left(), top), vec2(4.0, band.rect.height())),
            0.0,
            color,
        ));
        let header = single_line(
            painter,
            &lane.label,
            FontId::proportional(m.header_font_size),
            theme.text,
            band.rect.width() * crate::layout::NAME_MAX_SHARE,
        );
        let hint_at = |side| {
            scene
                .offscreen
                .iter()
                .find(|h| h.lane == band.lane && h.side == side)
        };
        let name_left = hint_at(Side::Before).map_or(band.rect.left(), |h| h.rect.right());
        let pos = pos2(
            name_left + crate::layout::NAME_INSET,
            top + (band.header_height - header.size().y) / 2.0,
        );
        header_texts.push(Rect::from_min_size(pos, header.size()));
        push_with_halo(&mut shapes, pos, header, theme.text, theme.label_halo);
        let note_right = hint_at(Side::After).map_or(band.rect.right(), |h| h.rect.left());
        let note = if band.dense {
            Some(format!(
                "{} events in view — zoom in to see them one by one",
                thousands(band.visible_count)
            ))
        } else if band.hidden_labels > 0 {
            Some(crate::layout::unlabelled_note(band.hidden_labels))
        } else {
            None
        };
        if let Some(note) = note {
            let galley = single_line(
                painter,
                &note,
                FontId::proportional(m.axis_font_size),
                theme.text_weak,
                band.rect.width() * crate::layout::NOTE_MAX_SHARE,
            );
            let pos = pos2(
                note_right - galley.size().x - crate::layout::NOTE_INSET,
                top + (band.header_height - galley.size().y) / 2.0,
            );
            header_texts.push(Rect::from_min_size(pos, galley.size()));
            push_with_halo(&mut shapes, pos, galley, theme.text_weak, theme.label_halo);
        }
    }
    paint_offscreen_hints(painter, &mut shapes, scene, theme);

    if let Some(x) = scene.today_x {
        let galley = single_line(
            painter,
            "Today",
            FontId::proportional(m.axis_font_size),
            theme.today,
            80.0,
        );
        // At the top of the lanes, or below the first lane's header when a lane name or note
        // is there; left out rather than drawn over them.
        let below_header = scene
            .lanes
            .first()
            .map(|band| band.rect.top() + band.header_height);
        let free = [Some(lanes_top), below_header]
            .into_iter()
            .flatten()
            .map(|y| pos2(x + 3.0, y + 2.0))
            .find(|&at| {
                let rect = Rect::from_min_size(at, galley.size());
                !header_texts.iter().any(|t| t.intersects(rect))
            });
        if let Some(at) = free {
            shapes.push(Shape::galley(at, galley, theme.today));
        }
    }

    if let Some(notes) = notes {
        let base = next_shape_index(painter);
        for group in &mut notes.groups[first_group..] {
            group.layer = painter.layer_id();
            group.shapes = group.shapes.start + base..group.shapes.end + base;
        }
    }
    painter.extend(shapes);
}

/// "◀ 3" / "12 ▶" chips at lane edges: a painted arrow and the count on the card colour, with
/// an outline like a button.
fn paint_offscreen_hints(painter: &Painter, shapes: &mut Vec<Shape>, scene: &Scene, theme: &Theme) {
    let m = &theme.metrics;
    for hint in &scene.offscreen {
        let r = hint.rect;
        shapes.push(Shape::rect_filled(r, 4.0, theme.card_fill));
        shapes.push(Shape::rect_stroke(
            r,
            4.0,
            Stroke::new(m.line_scale, theme.control_outline),
            egui::StrokeKind::Inside,
        ));
        let galley = single_line(
            painter,
            &hint.text,
            FontId::proportional(m.axis_font_size),
            theme.text,
            r.width(),
        );
        let arrow_w = r.height() * crate::layout::OffscreenHint::ARROW_EMS;
        let pad = m.label_gap * 0.5;
        let (arrow_x, text_x) = match hint.side {
            Side::Before => (r.left() + pad, r.left() + pad * 2.0 + arrow_w),
            Side::After => (r.right() - pad - arrow_w, r.left() + pad),
        };
        let (cy, half) = (r.center().y, r.height() * 0.28);
        let points = match hint.side {
            Side::Before => vec![
                pos2(arrow_x, cy),
                pos2(arrow_x + arrow_w, cy - half),
                pos2(arrow_x + arrow_w, cy + half),
            ],
            Side::After => vec![
                pos2(arrow_x + arrow_w, cy),
                pos2(arrow_x, cy + half),
                pos2(arrow_x, cy - half),
            ],
        };
        shapes.push(Shape::convex_polygon(points, theme.text, Stroke::NONE));
        shapes.push(Shape::galley(
            pos2(text_x, cy - galley.size().y / 2.0),
            galley,
            theme.text,
        ));
    }
}

/// Space between the axis' zone label and the canvas' right edge.
const ZONE_LABEL_INSET: f32 = 6.0;

/// The two axis rows: coarse context labels (pinned to the left edge when their tick scrolled
/// off, the display zone's name at the right end) over the fine tick labels.
fn paint_axis(painter: &Painter, shapes: &mut Vec<Shape>, scene: &Scene, theme: &Theme) {
    let m = &theme.metrics;
    let axis = scene.axis_rect;
    let canvas = scene.canvas;
    shapes.push(Shape::rect_filled(axis, 0.0, theme.lane_band[1]));
    shapes.push(Shape::line_segment(
        [
            pos2(axis.left(), axis.bottom()),
            pos2(axis.right(), axis.bottom()),
        ],
        Stroke::new(1.0, theme.axis_line),
    ));
    // Rows are half the full axis; a one-row axis (years) keeps only the fine row.
    let row_h = m.axis_height / 2.0;
    let coarse_font = FontId::proportional(m.axis_font_size + 1.0);
    let fine_font = FontId::proportional(m.axis_font_size);
    let coarse = &scene.ticks.coarse;
    for (k, t) in coarse.iter().enumerate() {
        let next_x = coarse
            .get(k + 1)
            .map_or(f32::INFINITY, |n| canvas.left() + n.x);
        let x = (canvas.left() + t.x).max(canvas.left()) + 4.0;
        let galley = single_line(painter, &t.label, coarse_font.clone(), theme.text, 400.0);
        // A pinned label slides away before it would touch the next one.
        let x = x.min(next_x - galley.size().x - 8.0);
        if x + galley.size().x < canvas.left() {
            continue;
        }
        let y = axis.top() + (row_h - galley.size().y) / 2.0;
        shapes.push(Shape::galley(pos2(x, y), galley, theme.text));
    }
    // The zone the axis reads, right-aligned in the context row (the layout kept it free).
    if let Some(zone) = &scene.ticks.zone_label {
        let galley = single_line(painter, zone, fine_font.clone(), theme.text_weak, 400.0);
        let x = (canvas.right() - galley.size().x - ZONE_LABEL_INSET).max(canvas.left());
        let y = axis.top() + (row_h - galley.size().y) / 2.0;
        shapes.push(Shape::galley(pos2(x, y), galley, theme.text_weak));
    }
    for t in &scene.ticks.fine {
        let x = canvas.left() + t.x;
        shapes.push(Shape::line_segment(
            [pos2(x, axis.bottom() - 5.0), pos2(x, axis.bottom())],
            Stroke::new(1.0, theme.axis_line),
        ));
        let galley = single_line(painter, &t.label, fine_font.clone(), theme.text_weak, 400.0);
        let y = axis.bottom() - row_h + (row_h - galley.size().y) / 2.0 - 1.0;
        shapes.push(Shape::galley(pos2(x + 3.0, y), galley, theme.text_weak));
    }
}

/// A range bar. The parts covered only by a vague start or end (a year- or month-precision date)
/// are drawn faded, so "Apr 1985 – Aug 2013" shows where it could have begun and ended.
fn paint_range(
    shapes: &mut Vec<Shape>,
    mark: &crate::layout::Mark,
    event: &crate::model::Event,
    theme: &Theme,
    color: Color32,
    canvas: Rect,
) {
    let m = &theme.metrics;
    let h = (m.marker_radius * 1.6).max(6.0);
    let x0 = mark.x.max(canvas.left() - 4.0);
    let x1 = mark.x_end.min(canvas.right() + 4.0).max(x0 + 2.0);
    let px_per_sec =
        (mark.x_end - mark.x) as f64 / (event.end_secs() - event.start_secs()).max(1.0);
    let start_vague_secs = if event.start.precision() < Precision::Day {
        event.start.precision_span_secs()
    } else {
        0.0
    };
    let end_vague_secs = match &event.end {
        Some(end) if end.precision() < Precision::Day => end.precision_span_secs(),
        _ => 0.0,
    };
    let solid0 = (mark.x + (start_vague_secs * px_per_sec) as f32).clamp(x0, x1);
    let solid1 = (mark.x_end - (end_vague_secs * px_per_sec) as f32).clamp(solid0, x1);
    let y0 = mark.y - h / 2.0;
    let y1 = mark.y + h / 2.0;
    let fade = faded(color, theme.vague_factor + 0.1);
    if solid0 > x0 {
        shapes.push(Shape::rect_filled(
            Rect::from_min_max(pos2(x0, y0), pos2(solid0, y1)),
            0.0,
            fade,
        ));
    }
    if solid1 > solid0 {
        shapes.push(Shape::rect_filled(
            Rect::from_min_max(pos2(solid0, y0), pos2(solid1, y1)),
            2.0,
            color,
        ));
    }
    if x1 > solid1 {
        shapes.push(Shape::rect_filled(
            Rect::from_min_max(pos2(solid1, y0), pos2(x1, y1)),
            0.0,
            fade,
        ));
    }
    if event.circa {
        shapes.push(Shape::rect_stroke(
            Rect::from_min_max(pos2(x0, y0), pos2(x1, y1)),
            2.0,
            Stroke::new(1.0, theme.text_weak),
            egui::StrokeKind::Outside,
        ));
    }
}

/// A ring around a point marker, or an outline around a range bar.
fn ring(mark: &crate::layout::Mark, radius: f32, stroke: Stroke) -> Shape {
    match mark.kind {
        MarkKind::Point => Shape::circle_stroke(pos2(mark.x, mark.y), radius, stroke),
        MarkKind::Range => Shape::rect_stroke(
            Rect::from_min_max(
                pos2(mark.x, mark.y - radius * 0.8),
                pos2(mark.x_end.max(mark.x + 2.0), mark.y + radius * 0.8),
            ),
            3.0,
            stroke,
            egui::StrokeKind::Outside,
        ),
    }
}

/// Text over a rounded patch of the halo colour, so it stays readable over bands, bars and grid.
fn push_with_halo(
    shapes: &mut Vec<Shape>,
    pos: egui::Pos2,
    galley: std::sync::Arc<egui::Galley>,
    color: Color32,
    halo: Color32,
) {
    shapes.push(Shape::rect_filled(
        Rect::from_min_size(pos, galley.size()).expand2(vec2(4.0, 1.0)),
        3.0,
        halo,
    ));
    shapes.push(Shape::galley(pos, galley, color));
}

/// One line of text cut with "…" to `max_width`.
pub fn single_line(
    painter: &Painter,
    text: &str,
    font: FontId,
    color: Color32,
    max_width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::single_section(text.to_owned(), TextFormat::simple(font, color));
    job.wrap = TextWrapping {
        max_width: max_width.max(1.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

/// What to lay out; text is measured with the painter's fonts at the theme's sizes.
pub struct SceneRequest<'a> {
    pub timeline: &'a Timeline,
    pub view: crate::view::TimeView,
    pub canvas: Rect,
    pub now_secs: Option<f64>,
    pub lane_hidden: &'a [bool],
    pub event_hidden: Option<&'a [bool]>,
    pub pinned: Option<usize>,
    /// Only these events get labels (see [`crate::layout::LayoutInput::label_only`]).
    pub label_only: Option<&'a [bool]>,
}

/// Runs `layout` with text measured by `painter` (the window, the export and slides all lay out
/// through here, so their labels fit the same way).
pub fn layout_scene(
    painter: &Painter,
    theme: &Theme,
    request: SceneRequest<'_>,
) -> crate::layout::Scene {
    let label_font = FontId::proportional(theme.metrics.label_font_size);
    let axis_font = FontId::proportional(theme.metrics.axis_font_size);
    let header_font = FontId::proportional(theme.metrics.header_font_size);
    let measure_label = |s: &str| text_width(painter, s, label_font.clone());
    let measure_axis = |s: &str| text_width(painter, s, axis_font.clone());
    let measure_header = |s: &str| text_width(painter, s, header_font.clone());
    crate::layout::layout(&crate::layout::LayoutInput {
        timeline: request.timeline,
        view: request.view,
        canvas: request.canvas,
        metrics: theme.metrics,
        now_secs: request.now_secs,
        lane_hidden: request.lane_hidden,
        event_hidden: request.event_hidden,
        pinned: request.pinned,
        label_only: request.label_only,
        measure_label: &measure_label,
        measure_axis: &measure_axis,
        measure_header: &measure_header,
    })
}

/// Measures text width in points at a font size (for layout's label fitting).
pub fn text_width(painter: &Painter, text: &str, font: FontId) -> f32 {
    painter
        .layout_no_wrap(text.to_owned(), font, Color32::PLACEHOLDER)
        .size()
        .x
}

pub fn lane_color(timeline: &Timeline, theme: &Theme, lane: usize) -> Color32 {
    let file_color = timeline.lanes().get(lane).and_then(|l| l.color.as_deref());
    theme.lane_color(lane, file_color)
}

/// An event's own colour, else its lane's.
pub fn event_color(timeline: &Timeline, theme: &Theme, event: usize) -> Color32 {
    let Some(e) = timeline.event(event) else {
        return theme.text_weak;
    };
    e.color()
        .and_then(crate::theme::parse_hex_color)
        .unwrap_or_else(|| lane_color(timeline, theme, e.lane()))
}
