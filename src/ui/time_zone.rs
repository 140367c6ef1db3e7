//! View ▸ Time zone: the menu that picks the display zone (UTC, the machine's local zone, a
//! typed fixed offset or tz database name, with suggestions as the name is typed), and how the
//! window follows a new zone: the document's naive dates are placed in it, the view keeps what
//! it showed and the selection, filters and search follow their events. What the zone means is
//! in [`crate::model::zone`].

use super::app::{App, repaint_from_worker};
use super::commands::Command;
use super::view_state::Filters;
use crate::model::DisplayZone;
use crate::model::zone::zone_names_containing;
use crate::view::view_after_zone_change;
use egui::PopupCloseBehavior;
use egui::containers::menu::{MenuConfig, SubMenuButton};

/// Suggestions shown under the typed zone name.
const MAX_SUGGESTIONS: usize = 6;
/// Zones offered with one click before anything is typed: the sample case's and the most asked.
const COMMON_ZONES: [&str; 4] = [
    "America/Mexico_City",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
];

/// The menu's own state between frames: the zone being typed and why it does not read.
#[derive(Default)]
pub struct TimeZoneMenuState {
    pub typed: String,
    pub problem: Option<String>,
}

/// The View ▸ Time zone submenu. `at_secs` is the instant whose offset the labels show (the
/// view's centre).
pub fn time_zone_menu_ui(
    ui: &mut egui::Ui,
    current: DisplayZone,
    at_secs: i64,
    state: &mut TimeZoneMenuState,
) -> Vec<Command> {
    let mut out = Vec::new();
    // Clicks inside (into the text box) keep it open; a choice closes it.
    let config = MenuConfig::new().close_behavior(PopupCloseBehavior::CloseOnClickOutside);
    let title = format!("Time zone: {}", short_name(&current));
    SubMenuButton::new(title).config(config).ui(ui, |ui| {
        let mut offered = vec![DisplayZone::Utc, DisplayZone::Local];
        offered.extend(
            COMMON_ZONES
                .iter()
                .filter_map(|n| DisplayZone::parse(n).ok()),
        );
        if !offered.contains(&current) {
            offered.push(current);
        }
        for zone in offered {
            if ui.radio(current == zone, zone.label_at(at_secs)).clicked() {
                out.push(Command::SetTimeZone(zone));
            }
        }
        ui.separator();
        out.extend(typed_zone_ui(ui, state));
        if !out.is_empty() {
            ui.close();
        }
    });
    out
}

/// "UTC", "local", "-06:00", "America/Mexico_City": the zone in the menu's own title.
fn short_name(zone: &DisplayZone) -> String {
    match zone {
        DisplayZone::Local => "local".to_owned(),
        other => other.name(),
    }
}

/// The box for an offset or a zone name: Enter or "Use" picks it; a name that does not read
/// says why; names containing what is typed are offered.
fn typed_zone_ui(ui: &mut egui::Ui, state: &mut TimeZoneMenuState) -> Vec<Command> {
    let mut out = Vec::new();
    let label = ui.label("Offset or zone name:");
    let mut pick = false;
    ui.horizontal(|ui| {
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut state.typed)
                    .desired_width(200.0)
                    .hint_text("-06:00 or America/Chicago"),
            )
            .labelled_by(label.id);
        if edit.changed() {
            state.problem = None;
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        pick = ui.button("Use").clicked() || enter;
    });
    if pick {
        match DisplayZone::parse(&state.typed) {
            Ok(zone) => {
                out.push(Command::SetTimeZone(zone));
                *state = TimeZoneMenuState::default();
            }
            Err(e) => state.problem = Some(e.to_string()),
        }
    }
    if let Some(problem) = &state.problem {
        // Left-aligned: the menu's justified layout would stretch the wrapped words apart.
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.add(
                egui::Label::new(egui::RichText::new(problem).color(ui.visuals().error_fg_color))
                    .wrap(),
            );
        });
    }
    for name in zone_names_containing(&state.typed, MAX_SUGGESTIONS) {
        if !name.eq_ignore_ascii_case(state.typed.trim())
            && ui.button(name).clicked()
            && let Ok(zone) = DisplayZone::parse(name)
        {
            out.push(Command::SetTimeZone(zone));
        }
    }
    out
}

impl App {
    /// Places the document's naive dates in the chosen zone when they are not already (a new
    /// document arrives in UTC): the view keeps what it showed, and the selection, filters and
    /// search follow their events, whose indices change when the order does.
    pub(super) fn sync_display_zone(&mut self, ctx: &egui::Context) {
        let zone = self.settings.time_zone;
        let old = *self.doc.timeline.display_zone();
        if old == zone {
            return;
        }
        let timeline = &self.doc.timeline;
        let view = view_after_zone_change(self.view.target(), timeline, &old, &zone);
        let order = timeline.file_order();
        let keys: Vec<u32> = self
            .view
            .selection()
            .into_iter()
            .filter_map(|i| order.get(i).copied())
            .collect();
        let memo = self.view.filters.memo(timeline);
        let reordered = self.doc.set_display_zone(zone);
        self.view.jump_to(view);
        if reordered {
            let t = &self.doc.timeline;
            self.view.filters = Filters::from_memo(t, memo);
            let index_of: std::collections::HashMap<u32, usize> = t
                .file_order()
                .iter()
                .enumerate()
                .map(|(i, &k)| (k, i))
                .collect();
            let selection: Vec<usize> = keys
                .iter()
                .filter_map(|k| index_of.get(k).copied())
                .collect();
            self.view.select(selection.first().copied());
            self.view.also = selection.into_iter().skip(1).collect();
        }
        self.view
            .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
    }
}
