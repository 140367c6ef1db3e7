//! Keyboard focus made visible and quick to move: the ring drawn around whatever widget has focus
//! (buttons, links, checkboxes, the canvas, the overview strip), the ring around the selected
//! event while the canvas has focus, and F6 / Shift+F6 cycling between the window's regions
//! (toolbar, legend, canvas, details).

use egui::{Color32, Id, LayerId, Rect, Stroke, StrokeKind};

/// Width of the focus ring in points: thick enough to see at a glance (WCAG 2.4.13 asks for at
/// least a 2 px perimeter).
pub const RING_WIDTH: f32 = 2.0;
/// Gap between a widget and its ring, so the ring sits on the surrounding background (whose
/// contrast with the ring colour is what counts, ≥ 3 : 1).
const RING_GAP: f32 = 2.0;
/// Widgets this tall (the canvas), or twice this wide (the overview strip), get their ring inside
/// their edge: outside it would be hidden under the neighbouring panels.
const INSET_ABOVE: f32 = 200.0;

/// Paints the focus ring around the focused widget, above everything else in its layer.
pub fn paint_focus_ring(ctx: &egui::Context, color: Color32) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(response) = ctx.read_response(id) else {
        return;
    };
    // Scrolled out of sight (or clipped away): no ring floating over other content.
    let visible = response.interact_rect;
    if !visible.is_positive() {
        return;
    }
    let rect = ring_rect(response.rect);
    let clip = response.interact_rect.expand(RING_GAP + RING_WIDTH);
    // On the widget's own layer, after its contents: above the panels beside it, under any
    // window floating over it (the canvas's ring never crosses the Story window).
    let painter = ctx.layer_painter(response.layer_id).with_clip_rect(clip);
    painter.rect_stroke(
        rect,
        3.0,
        Stroke::new(RING_WIDTH, color),
        StrokeKind::Middle,
    );
}

/// Where a widget's ring goes: around small widgets, just inside large ones.
pub fn ring_rect(widget: Rect) -> Rect {
    // The canvas is tall; the overview strip is wide and touches panels above and below.
    let large = widget.height() >= INSET_ABOVE || widget.width() >= 2.0 * INSET_ABOVE;
    if large {
        widget.shrink(RING_WIDTH / 2.0 + 1.0)
    } else {
        widget.expand(RING_GAP + RING_WIDTH / 2.0)
    }
}

/// The regions F6 cycles through, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    Toolbar,
    Legend,
    Canvas,
    Details,
}

impl Region {
    pub const ORDER: [Region; 4] = [
        Region::Toolbar,
        Region::Legend,
        Region::Canvas,
        Region::Details,
    ];
}

/// Each region's area and the widget that takes focus when F6 enters it, as laid out this frame.
#[derive(Clone, Debug, Default)]
pub struct Regions {
    entries: Vec<(Region, Rect, Id)>,
}

impl Regions {
    /// A region drawn this frame: its area and the widget to focus on entering it.
    pub fn add(&mut self, region: Region, area: Rect, entry: Id) {
        self.entries.retain(|(r, _, _)| *r != region);
        self.entries.push((region, area, entry));
    }

    /// The widget to focus on entering `region`, if it was drawn.
    pub fn entry(&self, region: Region) -> Option<Id> {
        self.entries
            .iter()
            .find(|(r, _, _)| *r == region)
            .map(|(_, _, id)| *id)
    }

    /// The entry widget of the region after (`delta > 0`) or before the one holding `focused`
    /// (a rectangle), skipping regions not shown. With focus nowhere, F6 enters the first.
    pub fn next_entry(&self, focused: Option<Rect>, delta: i32) -> Option<Id> {
        let shown: Vec<&(Region, Rect, Id)> = Region::ORDER
            .iter()
            .filter_map(|r| self.entries.iter().find(|(e, _, _)| e == r))
            .collect();
        if shown.is_empty() {
            return None;
        }
        let n = shown.len() as i64;
        let current = focused.and_then(|f| {
            shown
                .iter()
                .position(|(_, area, _)| area.contains(f.center()))
        });
        let next = match current {
            Some(k) => (k as i64 + delta.signum() as i64).rem_euclid(n),
            None if delta >= 0 => 0,
            None => n - 1,
        };
        shown.get(next as usize).map(|(_, _, id)| *id)
    }
}

/// Keeps keyboard focus from landing on nothing: egui drops focus when Esc closes a menu or
/// leaves a text field; focus then goes back to the widget that had it, if it is still there.
/// A click elsewhere (pointer) is left alone. Call once per frame before the panels draw.
pub fn keep_focus_somewhere(ctx: &egui::Context, last: &mut Option<Id>) {
    let now = ctx.memory(|m| m.focused());
    let pointer = ctx.input(|i| i.pointer.any_pressed() || i.pointer.any_released());
    match (now, *last) {
        (None, Some(id)) if !pointer && ctx.read_response(id).is_some() => {
            ctx.memory_mut(|m| m.request_focus(id));
        }
        (Some(id), _) => *last = Some(id),
        _ => {}
    }
}

/// Whether keyboard focus is on a widget of `layer` (a dialog takes focus when it is not).
pub fn is_within_layer(ctx: &egui::Context, layer: LayerId) -> bool {
    ctx.memory(|m| m.focused())
        .and_then(|id| ctx.read_response(id))
        .is_some_and(|r| r.layer_id == layer)
}

/// Where the regions drawn this pass are kept (egui's temporary memory).
fn regions_id() -> Id {
    Id::unique("chronoscope.regions")
}

/// Records a region drawn this frame: its area and the widget F6 focuses on entering it.
pub fn register_region(ctx: &egui::Context, region: Region, area: Rect, entry: Id) {
    let pass = ctx.cumulative_pass_nr();
    ctx.data_mut(|d| {
        let slot = d.get_temp_mut_or_insert_with(regions_id(), || (pass, Regions::default()));
        if slot.0 != pass {
            *slot = (pass, Regions::default());
        }
        slot.1.add(region, area, entry);
    });
}

/// The regions drawn in the latest pass.
fn regions(ctx: &egui::Context) -> Regions {
    ctx.data(|d| d.get_temp::<(u64, Regions)>(regions_id()))
        .map(|(_, r)| r)
        .unwrap_or_default()
}

/// F6 / Shift+F6: focuses the entry of the next / previous region.
pub fn cycle_region(ctx: &egui::Context, delta: i32) {
    let focused = ctx
        .memory(|m| m.focused())
        .and_then(|id| ctx.read_response(id))
        .map(|r| r.rect);
    if let Some(id) = regions(ctx).next_entry(focused, delta) {
        ctx.memory_mut(|m| m.request_focus(id));
    }
}

/// Focuses a region's entry widget, if the region was drawn; true if it was.
pub fn focus_region(ctx: &egui::Context, region: Region) -> bool {
    let entry = regions(ctx).entry(region);
    if let Some(id) = entry {
        ctx.memory_mut(|m| m.request_focus(id));
    }
    entry.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect::from_min_max(pos2(x0, y0), pos2(x1, y1))
    }

    #[test]
    fn f6_cycles_through_the_regions_shown_in_order() {
        let mut regions = Regions::default();
        let (toolbar, legend, canvas, details) = (
            Id::unique("t"),
            Id::unique("l"),
            Id::unique("c"),
            Id::unique("d"),
        );
        // Added in drawing order, which is not the F6 order.
        regions.add(Region::Details, rect(900.0, 30.0, 1200.0, 800.0), details);
        regions.add(Region::Toolbar, rect(0.0, 0.0, 1200.0, 30.0), toolbar);
        regions.add(Region::Canvas, rect(200.0, 30.0, 900.0, 760.0), canvas);
        regions.add(Region::Legend, rect(0.0, 30.0, 200.0, 800.0), legend);
        assert_eq!(regions.next_entry(None, 1), Some(toolbar));
        assert_eq!(regions.next_entry(None, -1), Some(details));
        let in_toolbar = Some(rect(10.0, 5.0, 40.0, 25.0));
        assert_eq!(regions.next_entry(in_toolbar, 1), Some(legend));
        let in_canvas = Some(rect(200.0, 30.0, 900.0, 760.0));
        assert_eq!(regions.next_entry(in_canvas, 1), Some(details));
        assert_eq!(regions.next_entry(in_canvas, -1), Some(legend));
        let in_details = Some(rect(910.0, 40.0, 960.0, 60.0));
        assert_eq!(regions.next_entry(in_details, 1), Some(toolbar), "wraps");
        // Without the details panel (nothing selected), F6 from the canvas wraps to the toolbar.
        let mut regions2 = Regions::default();
        regions2.add(Region::Toolbar, rect(0.0, 0.0, 1200.0, 30.0), toolbar);
        regions2.add(Region::Canvas, rect(200.0, 30.0, 1200.0, 760.0), canvas);
        assert_eq!(regions2.next_entry(in_canvas, 1), Some(toolbar));
    }

    #[test]
    fn rings_go_around_small_widgets_and_inside_large_ones() {
        let button = rect(10.0, 10.0, 60.0, 30.0);
        assert!(ring_rect(button).contains_rect(button));
        let canvas = rect(200.0, 30.0, 900.0, 760.0);
        assert!(canvas.contains_rect(ring_rect(canvas)));
        let strip = rect(0.0, 760.0, 1200.0, 798.0);
        assert!(strip.contains_rect(ring_rect(strip)));
    }
}
