//! The eframe application: panels, canvas input, details, search, legend, overview,
//! presentation and dialogs. Input becomes [`commands::Command`]s applied in `App::apply`.

pub mod app;
pub mod canvas;
pub mod commands;
pub mod details;
pub mod document;
pub mod export_dialog;
pub mod files;
pub mod legend;
pub mod overview;
pub mod presentation;
pub mod search;
pub mod settings;
pub mod toolbar;

pub use app::App;

use std::path::PathBuf;

/// Opens the window (blocking until it is closed). With no file, the built-in sample opens.
pub fn run(file: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Chronoscope")
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Chronoscope",
        options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, file)))),
    )
}
