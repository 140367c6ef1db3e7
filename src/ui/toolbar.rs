//! The menu bar and toolbar: File (open, recent, save, save as, reload, export), Edit (undo,
//! redo, new, duplicate, delete, story), View (fit, zoom, theme, time zone, legend, present) and
//! the search box with its match count.

use super::commands::Command;
use super::search::Search;
use super::time_zone::{TimeZoneMenuState, time_zone_menu_ui};
use crate::model::DisplayZone;
use crate::theme::ThemeChoice;
use std::path::PathBuf;

/// What the toolbar shows.
pub struct ToolbarInput<'a> {
    pub recent: &'a [PathBuf],
    pub theme: ThemeChoice,
    /// The display time zone, and the instant whose offset its labels show (the view's centre).
    pub zone: DisplayZone,
    pub view_centre_secs: i64,
    pub has_selection: bool,
    pub legend_shown: bool,
    pub search: &'a Search,
    /// Editing is allowed (not read-only).
    pub editable: bool,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// The toolbar's own state between frames.
#[derive(Default)]
pub struct ToolbarState {
    /// The typed-path box: `Some` while shown.
    pub path_prompt: Option<String>,
    /// Give the search box keyboard focus next frame.
    pub focus_search: bool,
    /// The search box had keyboard focus last frame (Escape there clears the search).
    pub search_had_focus: bool,
    /// View ▸ Time zone's typed zone.
    pub time_zone: TimeZoneMenuState,
}

pub fn toolbar_ui(
    ui: &mut egui::Ui,
    input: &ToolbarInput<'_>,
    state: &mut ToolbarState,
) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::top("toolbar").show(ui, |ui| {
        super::announce::name_region(ui, "Toolbar");
        let area = ui.max_rect();
        egui::MenuBar::new().ui(ui, |ui| {
            let file = ui.menu_button("File", |ui| {
                if ui.button("Open…  (Ctrl+O)").clicked() {
                    out.push(Command::OpenDialog);
                }
                if ui.button("Open a path…").clicked() {
                    out.push(Command::AskForPath);
                }
                ui.menu_button("Recent", |ui| {
                    if input.recent.is_empty() {
                        ui.weak("No recent files");
                    }
                    for path in input.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            out.push(Command::OpenPath(path.clone()));
                        }
                    }
                });
                if ui.button("Open the built-in sample").clicked() {
                    out.push(Command::OpenSample);
                }
                ui.separator();
                if ui
                    .add_enabled(input.editable, egui::Button::new("Save  (Ctrl+S)"))
                    .clicked()
                {
                    out.push(Command::Save);
                }
                if ui.button("Save As…  (Ctrl+Shift+S)").clicked() {
                    out.push(Command::SaveAs);
                }
                if ui.button("Reload from disk").clicked() {
                    out.push(Command::Reload);
                }
                ui.separator();
                if ui.button("Export PNG, SVG or PDF…  (Ctrl+E)").clicked() {
                    out.push(Command::OpenExportDialog);
                }
                if ui.button("Export handout (PDF)…").clicked() {
                    out.push(Command::OpenHandoutExport);
                }
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            // F6 enters the toolbar at its first menu.
            super::focus::register_region(
                ui.ctx(),
                super::focus::Region::Toolbar,
                area,
                file.response.id,
            );
            ui.menu_button("Edit", |ui| {
                let e = input.editable;
                if ui
                    .add_enabled(e && input.can_undo, egui::Button::new("Undo  (Ctrl+Z)"))
                    .clicked()
                {
                    out.push(Command::Undo);
                }
                if ui
                    .add_enabled(
                        e && input.can_redo,
                        egui::Button::new("Redo  (Ctrl+Shift+Z)"),
                    )
                    .clicked()
                {
                    out.push(Command::Redo);
                }
                ui.separator();
                if ui
                    .add_enabled(e, egui::Button::new("New event  (Ctrl+N)"))
                    .clicked()
                {
                    out.push(Command::NewEvent {
                        at_secs: None,
                        lane: None,
                    });
                }
                let sel = e && input.has_selection;
                if ui
                    .add_enabled(sel, egui::Button::new("Edit event  (E)"))
                    .clicked()
                {
                    out.push(Command::StartEditing);
                }
                if ui
                    .add_enabled(sel, egui::Button::new("Duplicate  (Ctrl+D)"))
                    .clicked()
                {
                    out.push(Command::DuplicateSelected);
                }
                if ui
                    .add_enabled(sel, egui::Button::new("Delete  (Del)"))
                    .clicked()
                {
                    out.push(Command::DeleteSelected);
                }
                ui.separator();
                if ui.button("Story…").clicked() {
                    out.push(Command::ToggleStoryPanel);
                }
                if ui.button("Eras…").clicked() {
                    out.push(Command::ToggleErasPanel);
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Fit all  (F)").clicked() {
                    out.push(Command::FitAll);
                }
                if ui
                    .add_enabled(
                        input.has_selection,
                        egui::Button::new("Zoom to selected  (Z)"),
                    )
                    .clicked()
                {
                    out.push(Command::ZoomToSelected);
                }
                let mut legend = input.legend_shown;
                if ui.checkbox(&mut legend, "Legend").changed() {
                    out.push(Command::SetLegendShown(legend));
                }
                ui.separator();
                for t in ThemeChoice::ALL {
                    if ui.radio(input.theme == t, t.label()).clicked() {
                        out.push(Command::SetTheme(t));
                    }
                }
                ui.separator();
                out.extend(time_zone_menu_ui(
                    ui,
                    input.zone,
                    input.view_centre_secs,
                    &mut state.time_zone,
                ));
                ui.separator();
                if ui.button("Present  (F5)").clicked() {
                    out.push(Command::EnterPresentation);
                }
            });
            ui.separator();
            if ui
                .button("Open")
                .on_hover_text("Open a timeline file (Ctrl+O)")
                .clicked()
            {
                out.push(Command::OpenDialog);
            }
            if ui
                .button("Fit all")
                .on_hover_text("Show every event (Home)")
                .clicked()
            {
                out.push(Command::FitAll);
            }
            if ui
                .button("Present")
                .on_hover_text("Full-screen presentation (F5)")
                .clicked()
            {
                out.push(Command::EnterPresentation);
            }
            if ui
                .button("Export")
                .on_hover_text("Export PNG, SVG or PDF (Ctrl+E)")
                .clicked()
            {
                out.push(Command::OpenExportDialog);
            }
            if ui
                .button("Story")
                .on_hover_text("The presentation's steps")
                .clicked()
            {
                out.push(Command::ToggleStoryPanel);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                out.extend(search_ui(ui, input.search, state))
            });
        });
        if let Some(mut path) = state.path_prompt.clone() {
            ui.horizontal(|ui| {
                let label = ui.label("Path to open:");
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut path)
                        .desired_width(420.0)
                        .hint_text("/path/to/timeline.json"),
                );
                let edit = edit.labelled_by(label.id);
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Open").clicked() || enter) && !path.trim().is_empty() {
                    out.push(Command::OpenPath(path.trim().into()));
                }
                if ui.button("Cancel").clicked() {
                    state.path_prompt = None;
                    return;
                }
                state.path_prompt = Some(path);
            });
        }
    });
    out
}

/// The search box (right to left: count, arrows, box).
fn search_ui(ui: &mut egui::Ui, search: &Search, state: &mut ToolbarState) -> Vec<Command> {
    let mut out = Vec::new();
    let status = search.status();
    if search.is_active() {
        if ui.small_button("Clear").clicked() {
            out.push(Command::ClearSearch);
        }
        if ui
            .small_button("Next")
            .on_hover_text("Next match (Enter)")
            .clicked()
        {
            out.push(Command::SearchStep(1));
        }
        if ui
            .small_button("Prev")
            .on_hover_text("Previous match (Shift+Enter)")
            .clicked()
        {
            out.push(Command::SearchStep(-1));
        }
        ui.label(status);
    }
    let mut query = search.query.clone();
    let edit = ui.add(
        egui::TextEdit::singleline(&mut query)
            .id_salt("search")
            .desired_width(200.0)
            .hint_text("Search (Ctrl+F)"),
    );
    let label = ui.label("Search");
    let edit = edit.labelled_by(label.id);
    if state.focus_search {
        edit.request_focus();
        state.focus_search = false;
    }
    if edit.changed() {
        out.push(Command::SetSearch(query));
    }
    if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        let back = ui.input(|i| i.modifiers.shift);
        out.push(Command::SearchStep(if back { -1 } else { 1 }));
        // Keep typing/stepping: Enter should not leave the box.
        edit.request_focus();
    }
    state.search_had_focus = edit.has_focus();
    out
}
