//! The timeline canvas as a screen reader sees it: AccessKit nodes for what the frame shows.
//!
//! ```text
//! ListBox "Timeline: <title>, Jul 2013 – Aug 2022, 14 events in view"   (the canvas widget)
//! ├─ Group "Caro Quintero lane, 6 events in view"
//! │  ├─ ListBoxOption "Released from Puente Grande, 9 Aug 2013 (known to the day), Caro Quintero lane"
//! │  └─ …                                                   (bounds, selected state, click)
//! ├─ Group "Generated lane, dense: 12,486 events, 1900 – 2030"
//! │  └─ Label "Generated lane: 12,486 events, 1900 – 2030"   (density bins summarised)
//! └─ Group "Era: A fugitive, Aug 2013 – Jul 2022"
//! ```
//!
//! The selected event is the canvas' *active descendant*: keyboard focus stays on the canvas
//! (which owns the arrow keys) while a screen reader follows the selected event as the focus.
//! Nothing here runs unless an AccessKit client (a screen reader, a test) is listening.

use super::commands::Command;
use super::details::precision_note;
use crate::layout::{DensityRow, Scene};
use crate::model::{Date, DisplayZone, Precision, Timeline};
use crate::view::TimeView;
use egui::accesskit::{self, Action, Role};
use egui::{Id, Rect, Sense, UiBuilder};

/// The AccessKit node id of event `index` under the canvas widget `canvas_id`.
pub fn event_node_id(canvas_id: Id, index: usize) -> Id {
    canvas_id.with(("event", index))
}

/// What a screen reader says for an event: title, date with its precision, circa, lane.
///
/// "Caro Quintero recaptured in Sinaloa, 15 Jul 2022 (known to the day), Caro Quintero lane"
pub fn event_name(timeline: &Timeline, index: usize) -> Option<String> {
    let event = timeline.event(index)?;
    let date = event
        .display_date()
        .map_or_else(|| event.date_text(), str::to_owned);
    let mut name = format!(
        "{}, {date} ({}",
        event.title(),
        precision_note(event.start.precision())
    );
    if event.circa {
        name.push_str(", approximate");
    }
    name.push(')');
    if let Some(lane) = timeline.lanes().get(event.lane())
        && !lane.label.is_empty()
    {
        name.push_str(&format!(", {} lane", lane.label));
    }
    Some(name)
}

/// A span of axis time as words at a precision that suits its length: "1900 – 2030",
/// "Feb 1985 – Jul 2022", "7 Feb 1985 – 9 Feb 1985", as `zone`'s clock reads them.
pub fn range_text(from_secs: f64, to_secs: f64, zone: &DisplayZone) -> String {
    const DAY: f64 = 86_400.0;
    let span = (to_secs - from_secs).abs();
    let precision = if span > 5.0 * 365.0 * DAY {
        Precision::Year
    } else if span > 60.0 * DAY {
        Precision::Month
    } else if span >= DAY {
        Precision::Day
    } else {
        Precision::Minute
    };
    let text = |secs: f64| {
        Date::from_secs_in(secs, precision, zone)
            .map_or_else(|| format!("{secs:.0} s"), |d| d.display())
    };
    let (a, b) = (text(from_secs), text(to_secs));
    if a == b {
        a
    } else {
        format!("{a} \u{2013} {b}")
    }
}

/// The canvas' name: the document and what is in view.
pub fn canvas_name(
    title: &str,
    view: TimeView,
    events_in_view: usize,
    zone: &DisplayZone,
) -> String {
    let title = if title.is_empty() { "untitled" } else { title };
    format!(
        "Timeline: {title}, {}, {} in view",
        range_text(view.start_secs, view.end_secs(), zone),
        count_text(events_in_view, "event")
    )
}

/// "1 event", "12,486 events".
fn count_text(n: usize, noun: &str) -> String {
    format!(
        "{} {noun}{}",
        crate::paint::thousands(n),
        if n == 1 { "" } else { "s" }
    )
}

/// A dense lane's density bins in one sentence: "Caro Quintero lane: 12,486 events, 1900 – 2030".
/// `canvas` is where the row's bins were laid out (they are in window coordinates).
pub fn density_summary(
    lane_label: &str,
    row: &DensityRow,
    view: TimeView,
    canvas: Rect,
    zone: &DisplayZone,
) -> String {
    let total: u64 = row.counts.iter().map(|&c| c as u64).sum();
    let first = row.counts.iter().position(|&c| c > 0);
    let last = row.counts.iter().rposition(|&c| c > 0);
    let time_at = |bin: usize| {
        let x = row.x0 - canvas.left() + bin as f32 * row.bin_width;
        view.time_from_x(x, canvas.width())
    };
    let span = match (first, last) {
        (Some(a), Some(b)) => format!(", {}", range_text(time_at(a), time_at(b + 1), zone)),
        _ => String::new(),
    };
    format!(
        "{lane_label} lane: {}{span}",
        count_text(total as usize, "event")
    )
}

/// What the canvas exposes this frame.
pub struct AccessInput<'a> {
    pub timeline: &'a Timeline,
    pub scene: &'a Scene,
    pub selected: Option<usize>,
    /// Further selected events (Ctrl+click, a rubber band): selected too, but not the focus.
    pub also: &'a [usize],
    pub metrics: &'a crate::theme::Metrics,
}

/// Builds the canvas' AccessKit subtree under the canvas widget `canvas_id` and returns the
/// selections a screen reader asked for (its "click" or "focus" on an event).
pub fn expose_scene(ui: &mut egui::Ui, canvas_id: Id, input: &AccessInput<'_>) -> Vec<Command> {
    let ctx = ui.ctx().clone();
    let Some(()) = ctx.accesskit_node_builder(canvas_id, |_| ()) else {
        return Vec::new();
    };
    let AccessInput {
        timeline,
        scene,
        selected,
        also,
        metrics,
    } = *input;
    let canvas = scene.canvas;
    let view = scene.view.unwrap_or(TimeView::new(0.0, 1.0));
    let zone = timeline.display_zone();
    let mut commands = Vec::new();
    let mut selected_shown = false;
    let also: std::collections::HashSet<usize> = also.iter().copied().collect();

    for band in &scene.lanes {
        let lane_label = timeline
            .lanes()
            .get(band.lane)
            .map_or_else(|| format!("Lane {}", band.lane + 1), |l| l.label.clone());
        let density = scene
            .density
            .iter()
            .find(|d| d.lane == band.lane && band.dense);
        let group_label = match density {
            Some(row) => format!(
                "{lane_label} lane, dense: {}",
                density_summary(&lane_label, row, view, canvas, zone)
                    .split_once(": ")
                    .map_or("", |(_, rest)| rest)
            ),
            None => format!(
                "{lane_label} lane, {} in view",
                count_text(band.visible_count, "event")
            ),
        };
        let lane_id = canvas_id.with(("lane", band.lane));
        let lane_ui = ui.new_child(
            UiBuilder::new()
                .scope_id(lane_id)
                .max_rect(band.rect)
                .accessibility_parent(canvas_id)
                .accessibility_role(Role::Group)
                .accessibility_label(group_label),
        );
        set_bounds(&ctx, lane_id, band.rect);
        if let Some(row) = density {
            let id = lane_id.with("density");
            lane_ui.interact(Rect::NOTHING, id, Sense::hover());
            let summary = density_summary(&lane_label, row, view, canvas, zone);
            ctx.accesskit_node_builder(id, |node| {
                node.set_role(Role::Label);
                node.set_label(summary.clone());
                node.set_value(summary);
            });
            set_bounds(&ctx, id, band.rect);
        }
        let marks: Vec<_> = scene.marks.iter().filter(|m| m.lane == band.lane).collect();
        for (k, mark) in marks.iter().enumerate() {
            let Some(name) = event_name(timeline, mark.event) else {
                continue;
            };
            let id = event_node_id(canvas_id, mark.event);
            lane_ui.interact(Rect::NOTHING, id, Sense::hover());
            let is_focus = selected == Some(mark.event);
            selected_shown |= is_focus;
            let is_selected = is_focus || also.contains(&mark.event);
            ctx.accesskit_node_builder(id, |node| {
                node.set_role(Role::ListBoxOption);
                node.set_label(name);
                node.set_selected(is_selected);
                node.set_position_in_set(k + 1);
                node.set_size_of_set(marks.len());
                node.add_action(Action::Click);
                node.add_action(Action::Focus);
            });
            set_bounds(&ctx, id, mark.hit_rect(metrics).intersect(canvas));
            let asked = ui.input(|i| {
                i.has_accesskit_action_request(id, Action::Click)
                    || i.has_accesskit_action_request(id, Action::Focus)
            });
            if asked {
                commands.push(Command::Select(Some(mark.event)));
            }
        }
    }

    for era in &scene.eras {
        let Some(meta) = timeline.meta.eras.get(era.era) else {
            continue;
        };
        let id = canvas_id.with(("era", era.era));
        let rect = Rect::from_x_y_ranges(
            era.x0.max(canvas.left())..=era.x1.min(canvas.right()),
            canvas.y_range(),
        );
        let label = format!("Era: {}, {}", meta.label, {
            let (start, end) = meta.span_secs_in(zone);
            range_text(start, end, zone)
        });
        let _ = ui.new_child(
            UiBuilder::new()
                .scope_id(id)
                .max_rect(rect)
                .accessibility_parent(canvas_id)
                .accessibility_role(Role::Group)
                .accessibility_label(label),
        );
        set_bounds(&ctx, id, rect);
    }

    let in_view: usize = scene.lanes.iter().map(|b| b.visible_count).sum();
    let name = canvas_name(timeline.title(), view, in_view, zone);
    ctx.accesskit_node_builder(canvas_id, |node| {
        node.set_role(Role::ListBox);
        node.set_label(name);
        node.set_multiselectable();
        if let Some(i) = selected.filter(|_| selected_shown) {
            node.set_active_descendant(event_node_id(canvas_id, i).accesskit_id());
        }
    });
    commands
}

fn set_bounds(ctx: &egui::Context, id: Id, rect: Rect) {
    ctx.accesskit_node_builder(id, |node| {
        node.set_bounds(accesskit::Rect {
            x0: rect.min.x.into(),
            y0: rect.min.y.into(),
            x1: rect.max.x.into(),
            y1: rect.max.y.into(),
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Lane, TimelineMeta};

    fn timeline() -> Timeline {
        let mut a = Event::new(
            "a",
            "Camarena kidnapped",
            Date::parse_iso("1985-02-07").unwrap(),
        );
        a.circa = true;
        let b = Event::new("b", "Sentenced", Date::parse_iso("1989-12").unwrap());
        let meta = TimelineMeta {
            lanes: vec![Lane {
                id: "c".into(),
                label: "Camarena case".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        Timeline::new(meta, vec![a, b])
    }

    #[test]
    fn events_are_named_with_title_date_precision_circa_and_lane() {
        let t = timeline();
        assert_eq!(
            event_name(&t, 0).unwrap(),
            "Camarena kidnapped, c. 7 Feb 1985 (known to the day, approximate), Camarena case lane"
        );
        assert_eq!(
            event_name(&t, 1).unwrap(),
            "Sentenced, Dec 1989 (known to the month), Camarena case lane"
        );
        assert_eq!(event_name(&t, 2), None);
    }

    #[test]
    fn ranges_read_at_a_precision_that_suits_their_length() {
        let secs = |s: &str| Date::parse_iso(s).unwrap().start_secs();
        let utc = DisplayZone::Utc;
        assert_eq!(
            range_text(secs("1900"), secs("2030"), &utc),
            "1900 \u{2013} 2030"
        );
        assert_eq!(
            range_text(secs("1985-02"), secs("1987-07"), &utc),
            "Feb 1985 \u{2013} Jul 1987"
        );
        assert_eq!(
            range_text(secs("1985-02-07"), secs("1985-02-09"), &utc),
            "7 Feb 1985 \u{2013} 9 Feb 1985"
        );
        let view = TimeView::new(secs("2013"), secs("2023") - secs("2013"));
        assert_eq!(
            canvas_name("Case", view, 1, &utc),
            "Timeline: Case, 2013 \u{2013} 2023, 1 event in view"
        );
        // Read on the display zone's clock, as the axis is.
        let ny = DisplayZone::parse("America/New_York").unwrap();
        let at = |s: &str| Date::parse_iso(s).unwrap().start_secs();
        assert_eq!(
            range_text(at("2024-11-03T04:00Z"), at("2024-11-03T06:30Z"), &ny),
            "3 Nov 2024 00:00 \u{2013} 3 Nov 2024 01:30"
        );
    }

    #[test]
    fn a_dense_lane_is_summarised_by_its_bins() {
        let secs = |s: &str| Date::parse_iso(s).unwrap().start_secs();
        let view = TimeView::new(secs("1900"), secs("2100") - secs("1900"));
        // 200 years over 200 px: one bin per two years; events in the first 65 bins.
        let row = DensityRow {
            lane: 0,
            x0: 0.0,
            bin_width: 2.0,
            counts: (0..100).map(|k| if k < 65 { 192 } else { 0 }).collect(),
            max_count: 192,
        };
        assert_eq!(
            density_summary(
                "Caro Quintero",
                &row,
                view,
                Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(200.0, 100.0)),
                &DisplayZone::Utc
            ),
            // The last full bin ends on the last day of 2029.
            "Caro Quintero lane: 12,480 events, 1900 \u{2013} 2029"
        );
    }
}
