//! The eframe application. State is split by owner: the [`document::Document`] (the timeline
//! and where it came from), the [`view_state::ViewState`] (view, selection, filters, search)
//! and each panel's own state. Panels (toolbar, legend, details, overview, canvas, export
//! dialog, presentation) get only what they read and return [`commands::Command`]s, which
//! `App::apply` carries out in one place.

pub mod announce;
pub mod app;
mod app_edit;
pub mod banner;
pub mod canvas;
pub mod canvas_access;
pub mod commands;
pub mod details;
pub mod document;
pub mod edit_ops;
pub mod eras;
pub mod event_editor;
pub mod export_dialog;
pub mod files;
pub mod focus;
pub mod help;
pub mod keys;
pub mod legend;
pub mod links;
pub mod navigation;
pub mod overview;
pub mod presentation;
pub mod prompt;
pub mod reading;
pub mod recovery;
pub mod search;
pub mod settings;
pub mod story;
pub mod time_zone;
pub mod toolbar;
pub mod view_state;

pub use app::{App, StartRequest};

use std::path::PathBuf;

/// Opens the window (blocking until it is closed). With no file, the built-in sample opens.
pub fn run(
    file: Option<PathBuf>,
    start: app::StartRequest,
    size: Option<[f32; 2]>,
) -> eframe::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Chronoscope")
        .with_inner_size(size.unwrap_or([1400.0, 860.0]));
    if size.is_some() {
        // An explicit size wins over the size remembered from the last run.
        viewport = viewport.with_position([0.0, 0.0]);
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        persist_window: size.is_none(),
        ..Default::default()
    };
    eframe::run_native(
        "Chronoscope",
        options,
        Box::new(move |cc| Ok(Box::new(App::new(cc, file, start)))),
    )
}
