//! The details panel for the selected event: title, date with its precision, duration, lane,
//! tags, description and its sources as links (only http, https and mailto ever open), with
//! "Copy citation" and previous/next. In edit mode (button or `E`) the panel holds the
//! [`super::event_editor`] form instead.

use super::commands::Command;
use super::event_editor::{EventDraft, editor_ui};
use crate::model::{Date, DisplayZone, Event, Precision, Timeline};
use crate::paint::lane_color;
use crate::theme::Theme;

/// "28 years 4 months", "3 days", "2 hours 5 minutes": the two largest units; under a second,
/// "250 ms" or "4 µs".
pub fn duration_text(secs: f64) -> String {
    if secs > 0.0 && secs < 0.9995 {
        return if secs >= 0.000_999_5 {
            format!("{} ms", (secs * 1e3).round())
        } else {
            format!("{} \u{b5}s", (secs * 1e6).round().max(1.0))
        };
    }
    const UNITS: [(&str, f64); 6] = [
        ("year", 365.2425 * 86_400.0),
        ("month", 30.436875 * 86_400.0),
        ("day", 86_400.0),
        ("hour", 3_600.0),
        ("minute", 60.0),
        ("second", 1.0),
    ];
    let mut rest = secs.max(0.0).round();
    let mut parts = Vec::new();
    for (name, size) in UNITS {
        let n = (rest / size).floor();
        if n >= 1.0 {
            parts.push(format!("{n} {name}{}", if n == 1.0 { "" } else { "s" }));
            rest -= n * size;
        }
        if parts.len() == 2 || (!parts.is_empty() && n < 1.0) {
            break;
        }
    }
    if parts.is_empty() {
        "0 seconds".to_owned()
    } else {
        parts.join(" ")
    }
}

/// The event's dates read in the display zone, for the line under the date as written:
/// "= 18 Nov 2024 05:58:03.000004 UTC-6 in America/Mexico_City" when a date's offset differs
/// from the zone's at that instant; "No time zone given: 09:30 as written, in any zone" for a
/// naive time of day; `None` when the date as written already reads in the zone (or has no time).
pub fn zone_note(event: &Event, zone: &DisplayZone) -> Option<String> {
    let start = &event.start;
    if start.precision() < Precision::Minute {
        return None;
    }
    if start.offset().is_none() {
        let (h, m, _) = start.hms();
        return Some(format!(
            "No time zone given: {h:02}:{m:02} as written, in any zone"
        ));
    }
    let differs = |d: &Date| {
        d.offset()
            .is_some_and(|o| zone.offset_secs_at(d.start_whole_secs()) != o.minutes() * 60)
    };
    if !differs(start) && !event.end.as_ref().is_some_and(differs) {
        return None;
    }
    let shown = start.in_zone(zone)?.display();
    let shown = match event.end.as_ref().and_then(|e| e.in_zone(zone)) {
        Some(end) => format!("{shown} \u{2013} {}", end.display()),
        None => shown,
    };
    Some(format!("= {shown} in {}", zone.name_for_people()))
}

/// "known to the day", "known to the month", "known to the microsecond" …
pub fn precision_note(p: Precision) -> String {
    format!("known to the {}", p.name())
}

/// The citation for an event, as Ctrl+C and "Copy citation" put it on the clipboard: its title,
/// date (as precise as known, "c." when approximate), lane and timeline, then one line per source
/// with its publisher, title, date and URL.
///
/// ```text
/// Caro Quintero captured (15 Jul 2022). Lane: Caro Quintero. In: The cartel transfer.
/// - U.S. Embassy & Consulates in Mexico, “Statement by …” (15 Jul 2022). https://mx.usembassy.gov/…
/// ```
pub fn citation(event: &Event, timeline: &Timeline) -> String {
    let date = event
        .display_date()
        .map_or_else(|| event.date_text(), str::to_owned);
    let mut s = format!("{} ({date}).", event.title());
    if let Some(lane) = timeline.lanes().get(event.lane())
        && !lane.label.is_empty()
    {
        s.push_str(&format!(" Lane: {}.", lane.label));
    }
    if !timeline.title().is_empty() {
        s.push_str(&format!(" In: {}.", timeline.title()));
    }
    for src in event.sources() {
        s.push_str("\n- ");
        s.push_str(&src.citation());
    }
    s
}

/// The details panel's own state.
#[derive(Default)]
pub struct DetailsState {
    /// The event being edited, as typed so far.
    pub draft: Option<EventDraft>,
}

/// What the details panel reads.
pub struct DetailsInput<'a> {
    pub timeline: &'a Timeline,
    pub index: usize,
    pub theme: &'a Theme,
    /// Editing is allowed (not read-only).
    pub editable: bool,
    /// Known tags, for completion.
    pub tags: &'a [(String, usize)],
    /// How many events are selected.
    pub selected_count: usize,
}

/// The panel for event `index`; what the user asks for comes back as commands.
pub fn details_ui(
    ui: &mut egui::Ui,
    input: &DetailsInput<'_>,
    state: &mut DetailsState,
) -> Vec<Command> {
    let mut out = Vec::new();
    let (timeline, index) = (input.timeline, input.index);
    let Some(event) = timeline.event(index) else {
        return out;
    };
    let key = timeline.file_order()[index];
    if state.draft.as_ref().is_some_and(|d| d.key != key) {
        state.draft = None;
    }
    egui::Panel::right("details")
        .resizable(true)
        .default_size(340.0)
        .show(ui, |ui| {
            super::announce::name_region(ui, "Details");
            // Fixed ids inside: keyboard focus stays put when a banner comes or goes.
            let stable = egui::UiBuilder::new().scope_id(egui::Id::unique("chronoscope.details"));
            ui.scope_builder(stable, |ui| {
                let heading = ui.label(egui::RichText::new("Details").small().strong());
                super::announce::mark_as_heading(&heading, 2);
                let area = ui.max_rect();
                if let Some(draft) = &mut state.draft {
                    super::announce::mark_as_heading(&ui.heading("Edit event"), 3);
                    ui.separator();
                    if escape_in(ui.ctx(), area) {
                        out.push(Command::StopEditing);
                    }
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        let (commands, title) = editor_ui(ui, draft, timeline, input.tags);
                        // F6 enters the form at its title.
                        super::focus::register_region(
                            ui.ctx(),
                            super::focus::Region::Details,
                            area,
                            title,
                        );
                        out.extend(commands);
                    });
                    return;
                }
                out.extend(navigation_ui(ui, area));
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    out.extend(reading_ui(ui, event, input));
                    // Below the reading part, so a click meant for a link never lands on Delete.
                    ui.add_space(8.0);
                    if input.editable {
                        out.extend(edit_buttons_ui(ui, input.selected_count));
                    }
                });
            });
        });
    out
}

/// Esc pressed while keyboard focus is in `area` and no popup (a lane list, a completion) is
/// open to take it. egui has already let go of a text box's focus for the Esc; the window gave
/// it back (see `focus::keep_focus_somewhere`), so the focused widget is still the one typed in.
fn escape_in(ctx: &egui::Context, area: egui::Rect) -> bool {
    ctx.input(|i| i.key_pressed(egui::Key::Escape))
        && !egui::Popup::is_any_open(ctx)
        && ctx
            .memory(|m| m.focused())
            .and_then(|id| ctx.read_response(id))
            .is_some_and(|r| area.contains(r.rect.center()))
}

/// Previous / next / zoom to / close; the first button is where F6 (and Enter in the
/// timeline) enters the panel.
fn navigation_ui(ui: &mut egui::Ui, area: egui::Rect) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        let prev = ui
            .button("< Prev")
            .on_hover_text("Previous event (Left in the timeline)");
        super::focus::register_region(ui.ctx(), super::focus::Region::Details, area, prev.id);
        if prev.clicked() {
            out.push(Command::SelectStep(-1));
        }
        if ui
            .button("Next >")
            .on_hover_text("Next event (Right in the timeline)")
            .clicked()
        {
            out.push(Command::SelectStep(1));
        }
        if ui
            .button("Zoom to")
            .on_hover_text("Zoom to this event (Z)")
            .clicked()
        {
            out.push(Command::ZoomToSelected);
        }
        if ui.button("Close").clicked() {
            out.push(Command::Select(None));
        }
    });
    out
}

/// The event as read: title, date and precision, lane, tags, description, sources, citation.
fn reading_ui(ui: &mut egui::Ui, event: &Event, input: &DetailsInput<'_>) -> Vec<Command> {
    let (timeline, theme) = (input.timeline, input.theme);
    let mut out = Vec::new();
    super::announce::mark_as_heading(&ui.heading(event.title()), 3);
    ui.add_space(4.0);
    let date = event
        .display_date()
        .map(str::to_owned)
        .unwrap_or_else(|| event.date_text());
    ui.label(egui::RichText::new(date).strong());
    if let Some(in_zone) = zone_note(event, timeline.display_zone()) {
        ui.label(in_zone);
    }
    let mut note = precision_note(event.start.precision());
    if event.circa {
        note.push_str(", approximate (circa)");
    }
    if let Some(end) = &event.end {
        note.push_str(&format!(
            "; lasted {}",
            duration_text(end.end_of_precision_secs() - event.start.start_secs())
        ));
    }
    ui.weak(note);
    ui.add_space(6.0);
    if let Some(lane) = timeline.lanes().get(event.lane()) {
        ui.horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(swatch, 2.0, lane_color(timeline, theme, event.lane()));
            ui.label(&lane.label);
        });
    }
    if !event.tags().is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Tags:");
            for t in event.tags() {
                ui.label(
                    egui::RichText::new(t.as_str()).background_color(ui.visuals().faint_bg_color),
                );
            }
        });
    }
    if !event.description().is_empty() {
        ui.add_space(6.0);
        ui.add(egui::Label::new(event.description()).wrap());
    }
    ui.add_space(8.0);
    super::announce::mark_as_heading(&ui.heading("Sources"), 3);
    if event.sources().is_empty() {
        ui.weak("No source given.");
    }
    for src in event.sources() {
        out.extend(source_ui(ui, src));
    }
    ui.add_space(8.0);
    if ui
        .button("Copy citation")
        .on_hover_text("Copy the title, date, lane and sources (Ctrl+C)")
        .clicked()
    {
        out.push(Command::CopyCitation);
    }
    out
}

/// Edit, duplicate and delete the selection.
fn edit_buttons_ui(ui: &mut egui::Ui, selected_count: usize) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        if ui
            .button("Edit")
            .on_hover_text("Edit this event (E in the timeline)")
            .clicked()
        {
            out.push(Command::StartEditing);
        }
        if ui
            .button("Duplicate")
            .on_hover_text("Duplicate (Ctrl+D in the timeline)")
            .clicked()
        {
            out.push(Command::DuplicateSelected);
        }
        let what = if selected_count > 1 {
            format!("Delete {selected_count}")
        } else {
            "Delete".to_owned()
        };
        if ui
            .button(what)
            .on_hover_text("Delete (Delete in the timeline)")
            .clicked()
        {
            out.push(Command::DeleteSelected);
        }
    });
    out
}

fn source_ui(ui: &mut egui::Ui, src: &crate::model::Source) -> Option<Command> {
    let mut out = None;
    let text = src
        .title()
        .map(str::to_owned)
        .unwrap_or_else(|| src.url().to_owned());
    ui.group(|ui| {
        match crate::model::link::check_link(src.url()) {
            Ok(safe) => {
                // The whole URL as it will open, a look-alike host in punycode.
                let link = ui.link(text).on_hover_text(&safe.shown);
                if link.clicked() {
                    out = Some(Command::OpenUrl(safe.url));
                }
            }
            Err(refused) => {
                ui.label(text);
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "Will not be opened ({}): {}",
                        refused.reason(),
                        src.url().escape_debug()
                    ),
                );
            }
        }
        let mut meta = Vec::new();
        if let Some(p) = src.publisher() {
            meta.push(p.to_owned());
        }
        if let Some(d) = src.published() {
            meta.push(d.display());
        }
        if let Some(d) = src.accessed() {
            meta.push(format!("accessed {d}"));
        }
        if !meta.is_empty() {
            ui.weak(meta.join(" · "));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_with_an_offset_is_also_read_in_the_display_zone() {
        let at = |text: &str| Event::new("e", "E", Date::parse_iso(text).unwrap());
        let utc = DisplayZone::Utc;
        let forensic = at("2024-11-18T12:58:03.000004+01:00");
        assert_eq!(
            zone_note(&forensic, &utc).as_deref(),
            Some("= 18 Nov 2024 11:58:03.000004 UTC in UTC")
        );
        let mexico = DisplayZone::parse("America/Mexico_City").unwrap();
        assert_eq!(
            zone_note(&forensic, &mexico).as_deref(),
            Some("= 18 Nov 2024 05:58:03.000004 UTC-6 in America/Mexico_City")
        );
        // Already written in the zone's offset: nothing to add.
        assert_eq!(zone_note(&at("2024-11-18T12:58:03Z"), &utc), None);
        // A range reads both ends in the zone.
        let mut range = at("2024-11-18T23:30-05:00");
        range.end = Some(Date::parse_iso("2024-11-19T01:00-05:00").unwrap());
        assert_eq!(
            zone_note(&range, &utc).as_deref(),
            Some("= 19 Nov 2024 04:30 UTC \u{2013} 19 Nov 2024 06:00 UTC in UTC")
        );
        // Naive times are as written in every zone; days have no time to read.
        assert_eq!(
            zone_note(&at("1985-02-07T09:30"), &mexico).as_deref(),
            Some("No time zone given: 09:30 as written, in any zone")
        );
        assert_eq!(zone_note(&at("1985-02-07"), &mexico), None);
    }

    #[test]
    fn a_citation_has_title_date_lane_and_every_source() {
        use crate::model::{Date, Lane, Source, SourceDetails, TimelineMeta};
        let mut e = Event::new(
            "cap",
            "Caro Quintero captured",
            Date::parse_iso("2022-07-15").unwrap(),
        );
        e.circa = true;
        e.set_sources(vec![
            Source::with_details(
                "https://mx.usembassy.gov/statement/",
                SourceDetails {
                    title: Some("Statement by U.S. Ambassador Ken Salazar".into()),
                    publisher: Some("U.S. Embassy & Consulates in Mexico".into()),
                    published: Some(Date::parse_iso("2022-07-15").unwrap()),
                    ..Default::default()
                },
            ),
            Source::from_url("mailto:desk@example.org"),
        ]);
        let meta = TimelineMeta {
            title: "The transfer".into(),
            lanes: vec![Lane {
                id: "caro".into(),
                label: "Caro Quintero".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let t = Timeline::new(meta, vec![e]);
        let text = citation(&t.events()[0], &t);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "Caro Quintero captured (c. 15 Jul 2022). Lane: Caro Quintero. In: The transfer.",
                "- U.S. Embassy & Consulates in Mexico, \u{201c}Statement by U.S. Ambassador Ken \
                 Salazar\u{201d} (15 Jul 2022). https://mx.usembassy.gov/statement/",
                "- mailto:desk@example.org",
            ]
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(86_400.0 * 3.0), "3 days");
        assert_eq!(duration_text(3_600.0 * 2.0 + 300.0), "2 hours 5 minutes");
        assert_eq!(
            duration_text(365.2425 * 86_400.0 * 28.0 + 86_400.0 * 123.0),
            "28 years 4 months"
        );
        assert_eq!(duration_text(0.0), "0 seconds");
        assert_eq!(duration_text(0.25), "250 ms");
        assert_eq!(duration_text(0.000_004), "4 \u{b5}s");
    }
}
