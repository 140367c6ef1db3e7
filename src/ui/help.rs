//! Help ▸ Keyboard (F1): every key of the window, by where it works. The same table is in
//! README.md's "Keyboard" section (a test keeps the two in step).

use super::commands::Command;

/// Where a group of keys works, and the keys: (keys, what they do).
pub const KEYS: &[(&str, &[(&str, &str)])] = &[
    (
        "Anywhere",
        &[
            ("Tab / Shift+Tab", "Next / previous control"),
            (
                "F6 / Shift+F6",
                "Next / previous region: toolbar, legend, timeline, details",
            ),
            ("Ctrl+O", "Open a timeline file"),
            ("Ctrl+F", "Search"),
            (
                "Ctrl+E",
                "Export PNG, SVG or PDF (Ctrl+E or Esc again closes the dialog)",
            ),
            ("Ctrl+C", "Copy the selected event's citation"),
            ("Ctrl+S", "Save (a file of another format: Save As)"),
            ("Ctrl+Shift+S", "Save As"),
            ("Ctrl+Z", "Undo the last edit (in a text box: undo typing)"),
            ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
            (
                "Ctrl+N",
                "New event at the view's centre, in the selected event's lane",
            ),
            ("F5", "Present"),
            ("F1", "This list of keys"),
            (
                "Esc",
                "Close the open menu or dialog; focus returns where it was",
            ),
        ],
    ),
    (
        "In the timeline (once it has focus: Tab to it, F6, or click it)",
        &[
            ("Left / Right", "Previous / next event in time"),
            ("Up / Down", "Nearest event in the lane above / below"),
            ("Home / End", "First / last event"),
            ("+ / -", "Zoom in / out"),
            ("Shift+Left / Shift+Right", "Pan earlier / later"),
            (
                "Enter",
                "Read the selected event's details (focus moves to them)",
            ),
            ("Z", "Zoom to the selected event"),
            ("F", "Fit everything"),
            ("Esc", "Clear the selection"),
            ("E", "Edit the selected event (focus moves to its title)"),
            ("Delete / Backspace", "Delete the selected events"),
            ("Ctrl+D", "Duplicate the selected events"),
            (
                "Alt+Left / Alt+Right",
                "Move the selected events by one unit of their precision",
            ),
        ],
    ),
    (
        "Editing an event",
        &[
            ("Ctrl+Enter", "Apply the changes"),
            ("Esc", "Cancel the edit (focus returns to the timeline)"),
        ],
    ),
    (
        "In the search box",
        &[
            ("Enter / Shift+Enter", "Next / previous match"),
            ("Esc", "Clear the search"),
        ],
    ),
    (
        "Presenting",
        &[
            ("Right, Space, Page Down, click", "Next step"),
            ("Left, Page Up", "Previous step"),
            ("Home / End", "Title / last step"),
            ("A number, then Enter", "Go to that step"),
            ("B", "Blank the screen"),
            ("Ctrl+E", "Export the story as a PDF handout"),
            ("Esc or F5", "Leave (the view before is restored)"),
        ],
    ),
    (
        "In the export dialog",
        &[
            ("Tab, Space", "Move between and change the options"),
            ("Enter", "Export"),
            ("Esc or Ctrl+E", "Close without exporting"),
        ],
    ),
];

/// Help ▸ Keyboard as a modal dialog: focus goes to its Close button; Esc or Close leaves.
pub fn keyboard_help_ui(ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    let modal = egui::Modal::new(egui::Id::unique("chronoscope.keyboard_help")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.set_max_height(ctx.content_rect().height() * 0.8);
        super::announce::name_region(ui, "Keyboard");
        super::announce::mark_as_heading(&ui.heading("Keyboard"), 2);
        let close = ui.button("Close");
        if !super::focus::is_within_layer(ctx, ui.layer_id()) {
            close.request_focus();
        }
        if close.clicked() {
            out.push(Command::CloseDialog);
        }
        ui.separator();
        keys_ui(ui);
    });
    if modal.should_close() && !out.contains(&Command::CloseDialog) {
        out.push(Command::CloseDialog);
    }
    out
}

/// The keyboard help's contents: one heading and a two-column grid per group.
pub fn keys_ui(ui: &mut egui::Ui) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (k, (place, keys)) in KEYS.iter().enumerate() {
            let heading = ui.strong(*place);
            super::announce::mark_as_heading(&heading, 3);
            egui::Grid::new(("keys", k))
                .num_columns(2)
                .spacing([16.0, 4.0])
                .striped(true)
                .show(ui, |ui| {
                    for (key, what) in keys.iter() {
                        ui.monospace(*key);
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::KEYS;

    #[test]
    fn the_readme_lists_every_key() {
        let readme = include_str!("../../README.md");
        for (place, keys) in KEYS {
            assert!(readme.contains(&format!("**{place}**")), "README: {place}");
            for (key, what) in keys.iter() {
                let row = format!("| {key} | {what} |");
                assert!(readme.contains(&row), "README lacks the row {row}");
            }
        }
    }
}
