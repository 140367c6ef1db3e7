//! The Eras window (Edit ▸ Eras…): the timeline's named periods, each with its label, start,
//! end and colour as text the user types. Dates are typed in any form the importers read; a date
//! that does not parse shows why under its row and nothing is applied. Eras are added over the
//! current view, changed and deleted; every change is one [`Edit`] (the metadata with the new
//! eras), so undo walks it like any other edit. Unknown fields of an era are kept.

use super::commands::Command;
use super::event_editor::precision_for_span;
use crate::io::parse_user_date;
use crate::model::{Date, DisplayZone, Edit, Era, Timeline};
use crate::view::TimeView;

/// The Eras window's own state.
#[derive(Default)]
pub struct ErasState {
    pub open: bool,
    /// The era being typed into, by index, as its fields stand.
    draft: Option<(usize, EraDraft)>,
}

/// One era's fields as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct EraDraft {
    pub label: String,
    pub start: String,
    pub end: String,
    pub color: String,
}

impl EraDraft {
    pub fn of(era: &Era) -> Self {
        EraDraft {
            label: era.label.clone(),
            start: era.start.to_iso(),
            end: era.end.to_iso(),
            color: era.color.clone().unwrap_or_default(),
        }
    }

    /// The era these fields describe (`original`'s unknown fields kept, and its dates as written
    /// when their text was not touched), or what is wrong.
    pub fn build(&self, original: &Era) -> Result<Era, String> {
        let label = self.label.trim();
        if label.is_empty() {
            return Err("Label: expected a name for the era".to_owned());
        }
        let date = |what: &str, text: &str, was: Date| -> Result<Date, String> {
            if text.trim() == was.to_iso() {
                return Ok(was);
            }
            parse_user_date(text.trim())
                .map(|(d, _)| d)
                .map_err(|e| format!("{what}: {e}"))
        };
        let start = date("Start", &self.start, original.start)?;
        let end = date("End", &self.end, original.end)?;
        if end.end_of_precision_secs() < start.start_secs() {
            return Err("End: expected a date on or after the start".to_owned());
        }
        let color = self.color.trim();
        if !color.is_empty() && !is_hex_colour(color) {
            return Err(format!("Colour: expected #rrggbb, not {color:?}"));
        }
        Ok(Era {
            label: label.to_owned(),
            start,
            end,
            color: (!color.is_empty()).then(|| color.to_owned()),
            extra: original.extra.clone(),
        })
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The edit that sets the timeline's eras to `eras`.
pub fn set_eras(timeline: &Timeline, eras: Vec<Era>) -> Edit {
    let mut meta = timeline.meta.clone();
    meta.lanes.clear(); // a metadata edit leaves lanes alone
    meta.eras = eras;
    Edit::Meta(Box::new(meta))
}

/// A new era over the middle of `view`, its dates at the precision the zoom suggests, as the
/// display zone's clock reads them.
pub fn new_era(view: TimeView, zone: &DisplayZone) -> Option<Era> {
    let precision = precision_for_span(view.span_secs);
    let third = view.span_secs / 3.0;
    let start = Date::from_secs_in(view.start_secs + third, precision, zone)?;
    let end = Date::from_secs_in(view.start_secs + 2.0 * third, precision, zone)?;
    Some(Era {
        label: "New era".to_owned(),
        start,
        end,
        color: None,
        extra: Default::default(),
    })
}

/// The window (when open).
pub fn eras_ui(
    ctx: &egui::Context,
    state: &mut ErasState,
    timeline: &Timeline,
    view: TimeView,
    editable: bool,
) -> Vec<Command> {
    let mut out = Vec::new();
    if !state.open {
        return out;
    }
    let mut open = true;
    egui::Window::new("Eras")
        .open(&mut open)
        .default_width(360.0)
        .show(ctx, |ui| {
            let eras = timeline.eras();
            if eras.is_empty() {
                ui.weak("No eras yet: named periods drawn behind the events.");
            }
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (k, era) in eras.iter().enumerate() {
                        ui.group(|ui| {
                            out.extend(era_row_ui(ui, k, era, timeline, state, editable))
                        });
                    }
                });
            if editable
                && ui.button("Add era").clicked()
                && let Some(era) = new_era(view, timeline.display_zone())
            {
                let mut all = eras.to_vec();
                all.push(era);
                out.push(Command::Edit(set_eras(timeline, all)));
            }
        });
    state.open = open;
    out
}

/// One era's fields, its problem if any, and Apply / Delete.
fn era_row_ui(
    ui: &mut egui::Ui,
    k: usize,
    era: &Era,
    timeline: &Timeline,
    state: &mut ErasState,
    editable: bool,
) -> Vec<Command> {
    let mut out = Vec::new();
    let mut draft = match &state.draft {
        Some((j, d)) if *j == k => d.clone(),
        _ => EraDraft::of(era),
    };
    let before = draft.clone();
    let n = k + 1;
    for (name, text) in [
        ("Era label", &mut draft.label),
        ("Era start", &mut draft.start),
        ("Era end", &mut draft.end),
        ("Era colour", &mut draft.color),
    ] {
        ui.horizontal(|ui| {
            let label = ui.label(name.trim_start_matches("Era "));
            let edit = ui.add_enabled(
                editable,
                egui::TextEdit::singleline(text)
                    .desired_width(220.0)
                    .id_salt((name, k)),
            );
            let shown = text.clone();
            edit.labelled_by(label.id).widget_info(|| {
                let mut info = egui::WidgetInfo::text_edit(editable, &shown, &shown, "");
                info.label = Some(format!("{name} {n}"));
                info
            });
        });
    }
    if draft != before {
        state.draft = Some((k, draft.clone()));
    }
    let built = draft.build(era);
    if let Err(e) = &built {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if !editable {
        return out;
    }
    ui.horizontal(|ui| {
        let changed = built.as_ref().is_ok_and(|b| b != era);
        if ui
            .add_enabled(changed, egui::Button::new(format!("Apply era {n}")))
            .clicked()
            && let Ok(new) = built
        {
            let mut all = timeline.eras().to_vec();
            all[k] = new;
            state.draft = None;
            out.push(Command::Edit(set_eras(timeline, all)));
        }
        if ui.button(format!("Delete era {n}")).clicked() {
            let mut all = timeline.eras().to_vec();
            all.remove(k);
            state.draft = None;
            out.push(Command::Edit(set_eras(timeline, all)));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn era() -> Era {
        Era {
            label: "In prison".into(),
            start: Date::parse_iso("1985-04").unwrap(),
            end: Date::parse_iso("2013-08").unwrap(),
            color: None,
            extra: Default::default(),
        }
    }

    #[test]
    fn untouched_fields_keep_the_era_as_written_and_bad_ones_say_why() {
        let e = era();
        let d = EraDraft::of(&e);
        assert_eq!(d.build(&e), Ok(e.clone()));
        let moved = EraDraft {
            end: "9 Aug 2013".into(),
            ..d.clone()
        };
        assert_eq!(moved.build(&e).unwrap().end.to_iso(), "2013-08-09");
        let bad = EraDraft {
            start: "Febtember".into(),
            ..d.clone()
        };
        assert!(bad.build(&e).unwrap_err().starts_with("Start: "));
        let backwards = EraDraft {
            end: "1980".into(),
            ..d.clone()
        };
        assert!(backwards.build(&e).unwrap_err().contains("on or after"));
        let colour = EraDraft {
            color: "red".into(),
            ..d
        };
        assert!(colour.build(&e).unwrap_err().starts_with("Colour: "));
    }

    #[test]
    fn a_new_era_sits_in_the_middle_of_the_view_at_its_precision() {
        let secs = |s: &str| Date::parse_iso(s).unwrap().start_secs();
        let view = TimeView::new(secs("2000-01-01"), secs("2003-01-01") - secs("2000-01-01"));
        let e = new_era(view, &DisplayZone::Utc).unwrap();
        assert_eq!(e.start.precision(), crate::model::Precision::Month);
        assert_eq!(
            e.start.to_iso(),
            "2000-12",
            "a third of the way in: 31 Dec 2000"
        );
        assert!(e.end.start_secs() > e.start.start_secs());
        assert!(e.end.end_of_precision_secs() <= view.end_secs());
    }
}
