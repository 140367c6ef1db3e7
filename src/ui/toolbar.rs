//! The menu bar and toolbar: File (open, recent, reload, export), View (fit, zoom, theme, legend,
//! present) and the search box with its match count.

use super::app::{App, theme_choice_label};
use super::commands::Command;
use crate::theme::ThemeChoice;

pub fn toolbar_ui(app: &mut App, ui: &mut egui::Ui) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open…  (Ctrl+O)").clicked() {
                    app.push(Command::OpenDialog);
                }
                if ui.button("Open a path…").clicked() {
                    app.push(Command::AskForPath);
                }
                ui.menu_button("Recent", |ui| {
                    if app.settings.recent.is_empty() {
                        ui.weak("No recent files");
                    }
                    for path in app.settings.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            app.push(Command::OpenPath(path));
                        }
                    }
                });
                if ui.button("Open the built-in sample").clicked() {
                    app.push(Command::OpenSample);
                }
                ui.separator();
                if ui.button("Export PNG…  (Ctrl+E)").clicked() {
                    app.push(Command::OpenExportDialog);
                }
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Fit all  (Home)").clicked() {
                    app.push(Command::FitAll);
                }
                if ui
                    .add_enabled(
                        app.selected.is_some(),
                        egui::Button::new("Zoom to selected  (Z)"),
                    )
                    .clicked()
                {
                    app.push(Command::ZoomToSelected);
                }
                ui.checkbox(&mut app.show_legend, "Legend");
                ui.separator();
                for t in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                    if ui
                        .radio(app.settings.theme == t, theme_choice_label(t))
                        .clicked()
                    {
                        app.push(Command::SetTheme(t));
                    }
                }
                ui.separator();
                if ui.button("Present  (F5)").clicked() {
                    app.push(Command::EnterPresentation);
                }
            });
            ui.separator();
            if ui
                .button("Open")
                .on_hover_text("Open a timeline file (Ctrl+O)")
                .clicked()
            {
                app.push(Command::OpenDialog);
            }
            if ui
                .button("Fit all")
                .on_hover_text("Show every event (Home)")
                .clicked()
            {
                app.push(Command::FitAll);
            }
            if ui
                .button("Present")
                .on_hover_text("Full-screen presentation (F5)")
                .clicked()
            {
                app.push(Command::EnterPresentation);
            }
            if ui
                .button("Export PNG")
                .on_hover_text("Export an image (Ctrl+E)")
                .clicked()
            {
                app.push(Command::OpenExportDialog);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                search_ui(app, ui)
            });
        });
        if let Some(mut path) = app.path_prompt.clone() {
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
                    app.push(Command::OpenPath(path.trim().into()));
                }
                if ui.button("Cancel").clicked() {
                    app.path_prompt = None;
                    return;
                }
                app.path_prompt = Some(path);
            });
        }
    });
}

/// The search box (right to left: count, arrows, box).
fn search_ui(app: &mut App, ui: &mut egui::Ui) {
    let status = app.search.status();
    if app.search.is_active() {
        if ui.small_button("Clear").clicked() {
            app.push(Command::ClearSearch);
        }
        if ui
            .small_button("Next")
            .on_hover_text("Next match (Enter)")
            .clicked()
        {
            app.push(Command::SearchStep(1));
        }
        if ui
            .small_button("Prev")
            .on_hover_text("Previous match (Shift+Enter)")
            .clicked()
        {
            app.push(Command::SearchStep(-1));
        }
        ui.label(status);
    }
    let mut query = app.search.query.clone();
    let edit = ui.add(
        egui::TextEdit::singleline(&mut query)
            .id_salt("search")
            .desired_width(200.0)
            .hint_text("Search (Ctrl+F)"),
    );
    let label = ui.label("Search");
    let edit = edit.labelled_by(label.id);
    if app.focus_search {
        edit.request_focus();
        app.focus_search = false;
    }
    if edit.changed() {
        app.push(Command::SetSearch(query));
    }
    if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        let back = ui.input(|i| i.modifiers.shift);
        app.push(Command::SearchStep(if back { -1 } else { 1 }));
        // Keep typing/stepping: Enter should not leave the box.
        edit.request_focus();
    }
    app.search_had_focus = edit.has_focus();
}
