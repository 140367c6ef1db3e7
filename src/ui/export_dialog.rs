//! The in-app export dialog (Ctrl+E): what to export (current view or everything), size, theme,
//! title/legend/sources footer, then a save dialog; the PNG itself is made by `crate::export`.

use super::app::App;

#[derive(Default)]
pub struct ExportDialog {
    pub open: bool,
}

pub fn export_dialog_ui(app: &mut App, ctx: &egui::Context) {
    if !app.export.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Export PNG")
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label("Export is not available yet.");
        });
    app.export.open = open;
}
