//! The legend panel: lanes (with colour and count) and tags, each with a toggle to show or hide.
//! Both sections collapse; tags come most used first, with a filter box and the first
//! [`TAGS_AT_FIRST`] shown until "Show more" is pressed.
//! In edit mode the lanes can be renamed, recoloured (picker or `#rrggbb`), reordered (drag or
//! Up/Down), added and deleted (their events move to a lane the user picks); every change is an
//! [`Edit`] command.

use super::commands::Command;
use super::document::Document;
use super::event_editor::lane_id_for;
use super::view_state::Filters;
use crate::model::{Edit, Lane, Timeline};
use crate::paint::lane_color;
use crate::theme::Theme;

/// Tags listed in the legend; files with a tag per event would otherwise lay out thousands of
/// checkboxes every frame.
const MAX_LEGEND_TAGS: usize = 200;

/// Tags listed before "Show more".
pub const TAGS_AT_FIRST: usize = 12;

/// The legend's own state.
#[derive(Default)]
pub struct LegendState {
    /// Text typed into the tag filter box.
    pub tag_filter: String,
    /// "Show more" was pressed: every matching tag is listed.
    pub all_tags: bool,
    /// Lanes are being edited.
    pub editing: bool,
    /// Text being typed into a lane's name or colour box: (lane, text).
    name_draft: Option<(usize, String)>,
    colour_draft: Option<(usize, String)>,
    /// A lane asked to be deleted, and where its events go.
    delete: Option<(usize, usize)>,
}

pub fn legend_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    filters: &Filters,
    theme: &Theme,
    state: &mut LegendState,
) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::left("legend")
        .resizable(true)
        .default_size(if state.editing { 260.0 } else { 190.0 })
        .show(ui, |ui| {
            super::announce::name_region(ui, "Legend");
            let area = ui.max_rect();
            // Fixed ids inside: keyboard focus stays on a lane toggle when a banner comes or goes.
            let stable = egui::UiBuilder::new().scope_id(egui::Id::unique("chronoscope.legend"));
            ui.scope_builder(stable, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let editing = state.editing && doc.read_only.is_none();
                    section(ui, "Lanes", |ui| {
                        if doc.read_only.is_none() {
                            let label = if state.editing { "Done" } else { "Edit lanes" };
                            let button = ui.small_button(label);
                            if editing {
                                // While editing, F6 enters the legend at this button.
                                super::focus::register_region(
                                    ui.ctx(),
                                    super::focus::Region::Legend,
                                    area,
                                    button.id,
                                );
                            }
                            if button.clicked() {
                                state.editing = !state.editing;
                            }
                        }
                    })
                    .body(|ui| {
                        if editing {
                            out.extend(lanes_edit_ui(ui, doc, theme, state));
                        } else {
                            lanes_ui(ui, doc, filters, theme, area, &mut out);
                        }
                    });
                    if !doc.tags.is_empty() {
                        ui.add_space(8.0);
                        section(ui, "Tags", |_| {}).body(|ui| {
                            tags_ui(ui, doc, filters, state, &mut out);
                        });
                    }
                    ui.add_space(8.0);
                    if ui.button("Show all").clicked() {
                        out.push(Command::ShowAll);
                    }
                    ui.add_space(8.0);
                    ui.weak(format!(
                        "{} events · {}",
                        crate::paint::thousands(doc.timeline.len()),
                        doc.format.name()
                    ));
                })
            });
        });
    out
}

fn lanes_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    filters: &Filters,
    theme: &Theme,
    area: egui::Rect,
    out: &mut Vec<Command>,
) {
    let timeline = &*doc.timeline;
    for (k, lane) in timeline.lanes().iter().enumerate() {
        let mut shown = !filters.lane_hidden.get(k).copied().unwrap_or(false);
        ui.horizontal(|ui| {
            swatch(ui, lane_color(timeline, theme, k));
            let text = format!(
                "{} ({})",
                lane.label,
                doc.lane_counts.get(k).copied().unwrap_or(0)
            );
            let toggle = ui.checkbox(&mut shown, text);
            if k == 0 {
                // F6 enters the legend at its first lane.
                super::focus::register_region(
                    ui.ctx(),
                    super::focus::Region::Legend,
                    area,
                    toggle.id,
                );
            }
            if toggle.changed() {
                out.push(Command::ToggleLane(k));
            }
        });
    }
}

/// A collapsible legend section: a heading (named as one for screen readers) after a triangle
/// that collapses and expands it — a button reached with Tab, pressed with Enter or Space, read
/// as "Lanes section", expanded or collapsed — then whatever `header` adds beside the heading.
fn section<'u>(
    ui: &'u mut egui::Ui,
    title: &str,
    header: impl FnOnce(&mut egui::Ui),
) -> Section<'u> {
    let id = ui.make_persistent_id(("legend-section", title));
    let state =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true);
    let open = state.is_open();
    let header = state.show_header(ui, |ui| {
        super::announce::mark_as_heading(&ui.heading(title), 2);
        header(ui);
    });
    Section {
        header,
        name: format!("{title} section"),
        open,
    }
}

/// A section whose header is drawn; [`Section::body`] draws the rest when it is open.
struct Section<'u> {
    header: egui::collapsing_header::HeaderResponse<'u, ()>,
    name: String,
    open: bool,
}

impl Section<'_> {
    fn body(self, add: impl FnOnce(&mut egui::Ui)) {
        let (toggle, _, _) = self.header.body(add);
        let name = self.name;
        toggle
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::DisclosureTriangle, true, &name));
        let open = self.open;
        toggle
            .ctx
            .accesskit_node_builder(toggle.id, |node| node.set_expanded(open));
    }
}

/// The tags, most used first: a filter box, then the first [`TAGS_AT_FIRST`] that match and
/// "Show more" for the rest (up to [`MAX_LEGEND_TAGS`]; the filter finds any other).
fn tags_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    filters: &Filters,
    state: &mut LegendState,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Filter tags");
        ui.add(
            egui::TextEdit::singleline(&mut state.tag_filter)
                .hint_text("tag name")
                .desired_width(ui.available_width()),
        )
        .labelled_by(label.id);
    });
    let needle = state.tag_filter.trim().to_lowercase();
    let matching: Vec<&(String, usize)> = doc
        .tags_by_count
        .iter()
        .filter_map(|&k| doc.tags.get(k))
        .filter(|(tag, _)| needle.is_empty() || tag.to_lowercase().contains(&needle))
        .collect();
    if matching.is_empty() {
        ui.weak("No tag matches the filter.");
        return;
    }
    let listed = if state.all_tags {
        MAX_LEGEND_TAGS
    } else {
        TAGS_AT_FIRST
    };
    let mut toggled = None;
    for (tag, count) in matching.iter().take(listed) {
        let mut shown = !filters.hidden_tags.contains(tag);
        if ui
            .checkbox(&mut shown, format!("{tag} ({count})"))
            .changed()
        {
            toggled = Some(tag.clone());
        }
    }
    if let Some(tag) = toggled {
        out.push(Command::ToggleTag(tag));
    }
    let hidden = matching.len().saturating_sub(TAGS_AT_FIRST);
    if state.all_tags && hidden > 0 {
        if ui.small_button("Show fewer").clicked() {
            state.all_tags = false;
        }
    } else if hidden > 0 && ui.small_button(format!("Show {hidden} more")).clicked() {
        state.all_tags = true;
    }
    let beyond = matching.len().saturating_sub(MAX_LEGEND_TAGS);
    if state.all_tags && beyond > 0 {
        ui.weak(format!("+{beyond} more tags: the filter finds them"));
    }
}

fn swatch(ui: &mut egui::Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
}

/// The lane editor: one row per lane.
fn lanes_edit_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    theme: &Theme,
    state: &mut LegendState,
) -> Vec<Command> {
    let mut out = Vec::new();
    let timeline = &*doc.timeline;
    let lanes = timeline.lanes();
    let mut moved: Option<(usize, usize)> = None;
    for (k, lane) in lanes.iter().enumerate() {
        let row = ui.dnd_drop_zone::<usize, _>(egui::Frame::new().inner_margin(2.0), |ui| {
            ui.horizontal(|ui| {
                ui.dnd_drag_source(ui.scope_id().with(("lane-drag", k)), k, |ui| {
                    ui.label("::").on_hover_text("Drag to reorder");
                });
                let mut colour = lane_color(timeline, theme, k);
                if egui::color_picker::color_edit_button_srgba(
                    ui,
                    &mut colour,
                    egui::color_picker::Alpha::Opaque,
                )
                .changed()
                {
                    out.push(Command::Edit(recolour(timeline, k, &hex(colour))));
                }
                name_box_ui(ui, k, lane, state, timeline, &mut out);
            });
            ui.horizontal(|ui| {
                colour_box_ui(ui, k, lane, state, timeline, &mut out);
                if ui.small_button("Up").clicked() && k > 0 {
                    moved = Some((k, k - 1));
                }
                if ui.small_button("Down").clicked() && k + 1 < lanes.len() {
                    moved = Some((k, k + 1));
                }
                if lanes.len() > 1 && ui.small_button("Delete").clicked() {
                    state.delete = Some((k, if k == 0 { 1 } else { 0 }));
                }
            });
        });
        if let Some(from) = row.1 {
            moved = Some((*from, k));
        }
    }
    if let Some((from, to)) = moved
        && from != to
    {
        out.push(Command::Edit(reorder(timeline, from, to)));
    }
    if ui.button("Add lane").clicked() {
        out.push(Command::Edit(add_lane(timeline)));
    }
    if let Some((k, target)) = state.delete {
        out.extend(delete_ui(ui, doc, k, target, state));
    }
    out
}

fn name_box_ui(
    ui: &mut egui::Ui,
    k: usize,
    lane: &Lane,
    state: &mut LegendState,
    timeline: &Timeline,
    out: &mut Vec<Command>,
) {
    let mut text = match &state.name_draft {
        Some((j, t)) if *j == k => t.clone(),
        _ => lane.label.clone(),
    };
    let edit = ui.add(
        egui::TextEdit::singleline(&mut text)
            .desired_width(120.0)
            .id_salt(("lane-name", k)),
    );
    edit.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, &text, &text, "");
        info.label = Some(format!("Lane name {}", k + 1));
        info
    });
    if edit.changed() {
        state.name_draft = Some((k, text.clone()));
    }
    if edit.lost_focus() {
        state.name_draft = None;
        let name = text.trim();
        if !name.is_empty() && name != lane.label {
            out.push(Command::Edit(rename(timeline, k, name)));
        }
    }
}

fn colour_box_ui(
    ui: &mut egui::Ui,
    k: usize,
    lane: &Lane,
    state: &mut LegendState,
    timeline: &Timeline,
    out: &mut Vec<Command>,
) {
    let mut text = match &state.colour_draft {
        Some((j, t)) if *j == k => t.clone(),
        _ => lane.color.clone().unwrap_or_default(),
    };
    let edit = ui.add(
        egui::TextEdit::singleline(&mut text)
            .desired_width(70.0)
            .hint_text("#rrggbb")
            .id_salt(("lane-colour", k)),
    );
    edit.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, &text, &text, "#rrggbb");
        info.label = Some(format!("Lane colour {}", k + 1));
        info
    });
    if edit.changed() {
        state.colour_draft = Some((k, text.clone()));
    }
    let valid = parse_hex(text.trim()).is_some();
    if !valid && !text.trim().is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, "expected #rrggbb");
    }
    if edit.lost_focus() {
        state.colour_draft = None;
        if valid && Some(text.trim()) != lane.color.as_deref() {
            out.push(Command::Edit(recolour(timeline, k, text.trim())));
        }
    }
}

fn delete_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    k: usize,
    mut target: usize,
    state: &mut LegendState,
) -> Vec<Command> {
    let mut out = Vec::new();
    let lanes = doc.timeline.lanes();
    let Some(lane) = lanes.get(k) else {
        state.delete = None;
        return out;
    };
    ui.separator();
    let count = doc.lane_counts.get(k).copied().unwrap_or(0);
    ui.label(format!(
        "Delete lane \"{}\"? Its {count} event(s) move to:",
        lane.label
    ));
    egui::ComboBox::from_id_salt("delete-lane-target")
        .selected_text(lanes.get(target).map_or("", |l| l.label.as_str()))
        .show_ui(ui, |ui| {
            for (j, l) in lanes.iter().enumerate() {
                if j != k {
                    ui.selectable_value(&mut target, j, &l.label);
                }
            }
        });
    state.delete = Some((k, target));
    ui.horizontal(|ui| {
        if ui.button("Delete lane").clicked() {
            out.push(Command::Edit(delete_lane(&doc.timeline, k, target)));
            state.delete = None;
        }
        if ui.button("Keep it").clicked() {
            state.delete = None;
        }
    });
    out
}

/// `#RRGGBB` for a colour.
pub fn hex(c: egui::Color32) -> String {
    format!("#{:02X}{:02X}{:02X}", c.r(), c.g(), c.b())
}

/// A colour from `#rrggbb`.
pub fn parse_hex(text: &str) -> Option<egui::Color32> {
    let h = text.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some(egui::Color32::from_rgb(byte(0)?, byte(2)?, byte(4)?))
}

fn same_places(n: usize) -> Vec<usize> {
    (0..n).collect()
}

pub fn rename(t: &Timeline, k: usize, label: &str) -> Edit {
    let mut lanes = t.lanes().to_vec();
    if let Some(l) = lanes.get_mut(k) {
        l.label = label.to_owned();
    }
    Edit::Lanes {
        lane_of_old: same_places(lanes.len()),
        lanes,
    }
}

pub fn recolour(t: &Timeline, k: usize, colour: &str) -> Edit {
    let mut lanes = t.lanes().to_vec();
    if let Some(l) = lanes.get_mut(k) {
        l.color = Some(colour.to_owned());
    }
    Edit::Lanes {
        lane_of_old: same_places(lanes.len()),
        lanes,
    }
}

/// Moves lane `from` to position `to`. Lanes that carry an `order` are renumbered, so the file
/// keeps the new order when it is read again.
pub fn reorder(t: &Timeline, from: usize, to: usize) -> Edit {
    let mut order: Vec<usize> = same_places(t.lanes().len());
    let lane = order.remove(from);
    order.insert(to.min(order.len()), lane);
    let mut lanes: Vec<Lane> = order.iter().map(|&k| t.lanes()[k].clone()).collect();
    if lanes.iter().any(|l| l.order.is_some()) {
        for (i, l) in lanes.iter_mut().enumerate() {
            l.order = Some(i as i64 + 1);
        }
    }
    let mut lane_of_old = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        lane_of_old[old] = new;
    }
    Edit::Lanes { lanes, lane_of_old }
}

pub fn add_lane(t: &Timeline) -> Edit {
    let mut lanes = t.lanes().to_vec();
    let label = (1..)
        .map(|n| format!("New lane {n}"))
        .find(|l| !lanes.iter().any(|x| &x.label == l))
        .unwrap_or_default();
    lanes.push(Lane {
        id: lane_id_for(t, &label),
        label,
        ..Default::default()
    });
    Edit::Lanes {
        lane_of_old: same_places(t.lanes().len()),
        lanes,
    }
}

/// Deletes lane `k`, its events moving to lane `target` first (one undo step).
pub fn delete_lane(t: &Timeline, k: usize, target: usize) -> Edit {
    let moves: Vec<(u32, crate::model::Event)> = (0..t.len())
        .filter(|&i| t.lane_of()[i] as usize == k)
        .map(|i| {
            let mut e = t.events()[i].clone();
            e.set_lane(target);
            (t.file_order()[i], e)
        })
        .collect();
    let mut lanes = t.lanes().to_vec();
    lanes.remove(k);
    let lane_of_old: Vec<usize> = (0..t.lanes().len())
        .map(|old| {
            let old = if old == k { target } else { old };
            if old > k { old - 1 } else { old }
        })
        .collect();
    Edit::Group(vec![
        Edit::Events {
            remove: moves.iter().map(|(key, _)| *key).collect(),
            add: moves,
        },
        Edit::Lanes { lanes, lane_of_old },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, TimelineMeta};

    fn timeline() -> Timeline {
        let lane = |id: &str| Lane {
            id: id.into(),
            label: id.into(),
            ..Default::default()
        };
        let meta = TimelineMeta {
            lanes: vec![lane("a"), lane("b"), lane("c")],
            ..Default::default()
        };
        let ev = |id: &str, lane: usize| {
            let mut e = Event::new(id, id, Date::parse_iso("2000").unwrap());
            e.set_lane(lane);
            e
        };
        Timeline::new(meta, vec![ev("x", 0), ev("y", 1), ev("z", 2)])
    }

    fn lane_ids(t: &Timeline) -> Vec<&str> {
        t.lanes().iter().map(|l| l.id.as_str()).collect()
    }

    fn lane_of(t: &Timeline, id: &str) -> String {
        let e = &t.events()[t.index_of(id).unwrap()];
        t.lanes()[e.lane()].id.clone()
    }

    #[test]
    fn lanes_reorder_and_delete_with_their_events_and_undo() {
        let original = timeline();
        let mut t = original.clone();
        let undo = reorder(&t, 2, 0).apply(&mut t);
        assert_eq!(lane_ids(&t), ["c", "a", "b"]);
        assert_eq!(lane_of(&t, "z"), "c");
        undo.apply(&mut t);
        assert_eq!(t.lanes(), original.lanes());

        let undo = delete_lane(&t, 0, 2).apply(&mut t);
        assert_eq!(lane_ids(&t), ["b", "c"]);
        assert_eq!(lane_of(&t, "x"), "c", "x moved to the chosen lane");
        assert_eq!(lane_of(&t, "y"), "b");
        undo.apply(&mut t);
        assert_eq!(t.lanes(), original.lanes());
        assert_eq!(t.events(), original.events());
    }

    #[test]
    fn colours_read_and_write_as_hex() {
        assert_eq!(
            parse_hex("#0072B2"),
            Some(egui::Color32::from_rgb(0, 0x72, 0xB2))
        );
        assert_eq!(hex(egui::Color32::from_rgb(0, 0x72, 0xB2)), "#0072B2");
        assert_eq!(parse_hex("0072B2"), None);
        assert_eq!(parse_hex("#zz0000"), None);
        let mut t = timeline();
        recolour(&t, 1, "#AA3377").apply(&mut t);
        rename(&t, 1, "Money").apply(&mut t);
        assert_eq!(t.lanes()[1].color.as_deref(), Some("#AA3377"));
        assert_eq!(t.lanes()[1].label, "Money");
    }
}
