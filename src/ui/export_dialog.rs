//! The in-app export dialog (Ctrl+E): what to export (the current view or everything), the size
//! (window ×1, ×2, Full HD, 4K, custom), the theme, and whether to include the title, the legend
//! and a footer of sources; then a save dialog, the export on a worker thread, and a banner with
//! the saved path. The PNG itself is made by [`crate::export`], the same path the CLI uses.

use super::banner::Banner;
use super::commands::Command;
use super::files::{DialogAnswer, FileDialog};
use super::view_state::Filters;
use crate::export::{ExportOptions, render_timeline, save_png, source_name};
use crate::model::Timeline;
use crate::theme::Theme;
use crate::view::TimeView;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizePreset {
    Window,
    WindowDouble,
    FullHd,
    Uhd,
    Custom,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportTheme {
    Current,
    Light,
    Dark,
    HighContrast,
}

/// The dialog's choices and the work it started.
pub struct ExportDialog {
    pub open: bool,
    pub whole_timeline: bool,
    pub size: SizePreset,
    pub custom: [u32; 2],
    pub theme: ExportTheme,
    pub include_title: bool,
    pub include_legend: bool,
    pub include_sources: bool,
    /// Path typed by hand when no save dialog is available.
    pub typed_path: Option<String>,
    destination: Option<Receiver<DialogAnswer>>,
    job: Option<Receiver<Result<PathBuf, String>>>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            whole_timeline: false,
            size: SizePreset::FullHd,
            custom: [2400, 1350],
            theme: ExportTheme::Current,
            include_title: true,
            include_legend: true,
            include_sources: true,
            typed_path: None,
            destination: None,
            job: None,
        }
    }
}

impl ExportDialog {
    pub fn is_busy(&self) -> bool {
        self.job.is_some() || self.destination.is_some()
    }
}

/// What an export reads from the window: the document and how it is being looked at.
pub struct ExportInput<'a> {
    pub timeline: &'a Arc<Timeline>,
    /// The open file (`None` for the sample): an export never overwrites it.
    pub doc_path: Option<&'a Path>,
    pub view: TimeView,
    pub filters: &'a Filters,
    pub selected: Option<usize>,
    /// The theme on screen.
    pub theme: &'a Theme,
    pub dialog: &'a dyn FileDialog,
}

/// Pixel size and scale for a preset, given the window's size in points and its scale.
pub fn preset_size(
    preset: SizePreset,
    window_points: egui::Vec2,
    custom: [u32; 2],
) -> ([u32; 2], f32) {
    let w = window_points.x.max(16.0).round() as u32;
    let h = window_points.y.max(16.0).round() as u32;
    match preset {
        SizePreset::Window => ([w, h], 1.0),
        SizePreset::WindowDouble => ([w * 2, h * 2], 2.0),
        SizePreset::FullHd => ([1920, 1080], 1.0),
        SizePreset::Uhd => ([3840, 2160], 2.0),
        SizePreset::Custom => (custom, 1.0),
    }
}

/// The dialog (when open) and the work it started; results come back as banner commands.
pub fn export_dialog_ui(
    ctx: &egui::Context,
    d: &mut ExportDialog,
    input: &ExportInput<'_>,
) -> Vec<Command> {
    let mut out = Vec::new();
    poll(d, ctx, input, &mut out);
    if !d.open {
        return out;
    }
    let mut start = false;
    let mut cancel = false;
    let window_points = ctx.content_rect().size();
    // Modal: the window behind takes no input, Tab stays inside, Esc closes.
    let modal = egui::Modal::new(egui::Id::unique("chronoscope.export_dialog")).show(ctx, |ui| {
        super::announce::name_region(ui, "Export PNG");
        super::announce::mark_as_heading(&ui.heading("Export PNG"), 2);
        {
            ui.label("What");
            let first = ui.radio_value(&mut d.whole_timeline, false, "The current view");
            // Opening the dialog moves focus into it.
            if !super::focus::is_within_layer(ctx, ui.layer_id()) {
                first.request_focus();
            }
            ui.radio_value(&mut d.whole_timeline, true, "The whole timeline");
            ui.separator();
            ui.label("Size");
            for (preset, text) in [
                (SizePreset::Window, "As the window, ×1"),
                (SizePreset::WindowDouble, "As the window, ×2 pixels"),
                (SizePreset::FullHd, "1920 × 1080"),
                (SizePreset::Uhd, "3840 × 2160 (4K)"),
                (SizePreset::Custom, "Custom"),
            ] {
                ui.radio_value(&mut d.size, preset, text);
            }
            if d.size == SizePreset::Custom {
                ui.horizontal(|ui| {
                    let w = ui.label("Width");
                    ui.add(
                        egui::DragValue::new(&mut d.custom[0])
                            .range(16..=crate::export::MAX_SIDE_PX),
                    )
                    .labelled_by(w.id);
                    let h = ui.label("Height");
                    ui.add(
                        egui::DragValue::new(&mut d.custom[1])
                            .range(16..=crate::export::MAX_SIDE_PX),
                    )
                    .labelled_by(h.id);
                });
            }
            let ([w, h], scale) = preset_size(d.size, window_points, d.custom);
            ui.weak(format!("{w} × {h} px, text at ×{scale}"));
            ui.separator();
            ui.label("Theme");
            ui.horizontal(|ui| {
                ui.radio_value(&mut d.theme, ExportTheme::Current, "As on screen");
                ui.radio_value(&mut d.theme, ExportTheme::Light, "Light");
                ui.radio_value(&mut d.theme, ExportTheme::Dark, "Dark");
                ui.radio_value(&mut d.theme, ExportTheme::HighContrast, "High contrast");
            });
            ui.separator();
            ui.checkbox(&mut d.include_title, "Title");
            ui.checkbox(&mut d.include_legend, "Legend");
            ui.checkbox(&mut d.include_sources, "Sources of the events shown");
            ui.separator();
            if let Some(mut typed) = d.typed_path.clone() {
                let label = ui.label("Save as (no file dialog available):");
                ui.add(egui::TextEdit::singleline(&mut typed).desired_width(320.0))
                    .labelled_by(label.id);
                d.typed_path = Some(typed);
            }
            if d.is_busy() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Exporting…");
                });
            } else {
                ui.horizontal(|ui| {
                    let export = ui.button("Export…").on_hover_text("Export (Enter)");
                    // Enter anywhere in the dialog exports (a focused button already clicks).
                    let enter = !export.has_focus()
                        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
                    start = export.clicked() || enter;
                    cancel = ui.button("Cancel").on_hover_text("Close (Esc)").clicked();
                });
            }
        }
    });
    if (cancel || modal.should_close()) && !d.is_busy() {
        out.push(Command::CloseDialog);
        return out;
    }
    if start && !d.is_busy() {
        match d.typed_path.clone().filter(|p| !p.trim().is_empty()) {
            Some(p) => run_export(d, ctx, input, PathBuf::from(p.trim()), &mut out),
            None => {
                let name = suggested_name(input.timeline);
                d.destination = Some(input.dialog.pick_png_destination(&name));
            }
        }
    }
    out
}

/// "cartel-transfer.png" from the file name or the title.
fn suggested_name(timeline: &Timeline) -> String {
    let base: String = timeline
        .title()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let base = base
        .split('-')
        .filter(|s| !s.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    format!("{}.png", if base.is_empty() { "timeline" } else { &base })
}

fn poll(
    d: &mut ExportDialog,
    ctx: &egui::Context,
    input: &ExportInput<'_>,
    out: &mut Vec<Command>,
) {
    if let Some(rx) = &d.destination {
        let answer = match rx.try_recv() {
            Ok(answer) => Some(answer),
            Err(mpsc::TryRecvError::Empty) => None,
            // The dialog thread died: treat it like "no dialog available".
            Err(mpsc::TryRecvError::Disconnected) => Some(DialogAnswer::Unavailable),
        };
        if let Some(answer) = answer {
            d.destination = None;
            match answer {
                DialogAnswer::Picked(path) => run_export(d, ctx, input, path, out),
                DialogAnswer::Cancelled => {}
                DialogAnswer::Unavailable => {
                    d.typed_path
                        .get_or_insert_with(|| "timeline.png".to_owned());
                }
            }
        }
    }
    if let Some(rx) = &d.job {
        let finished = match rx.try_recv() {
            Ok(result) => Some(result),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err("the export stopped unexpectedly".to_owned()))
            }
        };
        match finished {
            Some(result) => {
                d.job = None;
                d.open = false;
                // Focus goes back to where it was before the dialog opened.
                out.push(Command::CloseDialog);
                out.push(Command::ShowBanner(match result {
                    Ok(path) => Banner::info(format!("Exported {}", path.display())),
                    Err(e) => Banner::error(format!("Export failed: {e}")),
                }));
            }
            None => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
        }
    }
}

/// Starts the export on a worker thread.
fn run_export(
    d: &mut ExportDialog,
    ctx: &egui::Context,
    input: &ExportInput<'_>,
    path: PathBuf,
    out: &mut Vec<Command>,
) {
    let path = if path.extension().is_none() {
        path.with_extension("png")
    } else {
        path
    };
    if let Err(e) = crate::export::check_destination(&path, input.doc_path) {
        out.push(Command::ShowBanner(Banner::error(format!(
            "Export not started: {e}"
        ))));
        return;
    }
    let window_points = ctx.content_rect().size();
    let ([w, h], scale) = preset_size(d.size, window_points, d.custom);
    let theme = match d.theme {
        ExportTheme::Current => input.theme.clone(),
        ExportTheme::Light => Theme::light(),
        ExportTheme::Dark => Theme::dark(),
        ExportTheme::HighContrast => Theme::high_contrast(),
    };
    let mut options = ExportOptions::new(w, h, theme);
    options.scale = scale;
    options.view = (!d.whole_timeline).then_some(input.view);
    options.show_title = d.include_title;
    options.show_legend = d.include_legend;
    options.show_sources = d.include_sources;
    options.lane_hidden = input.filters.lane_hidden.clone();
    options.event_hidden = input.filters.event_hidden.clone();
    options.selected = input.selected;
    let timeline: Arc<Timeline> = input.timeline.clone();
    let source = input
        .doc_path
        .map_or_else(|| "built-in sample".to_owned(), source_name);
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let result = render_timeline(&timeline, &options)
            .and_then(|image| save_png(&image, &path, timeline.title(), &source))
            .map(|()| path)
            .map_err(|e| e.to_string());
        let _ = tx.send(result);
        ctx.request_repaint();
    });
    d.job = Some(rx);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_give_pixel_sizes_and_scales() {
        let win = egui::vec2(1400.0, 860.0);
        assert_eq!(
            preset_size(SizePreset::Window, win, [1, 1]),
            ([1400, 860], 1.0)
        );
        assert_eq!(
            preset_size(SizePreset::WindowDouble, win, [1, 1]),
            ([2800, 1720], 2.0)
        );
        assert_eq!(
            preset_size(SizePreset::Uhd, win, [1, 1]),
            ([3840, 2160], 2.0)
        );
        assert_eq!(
            preset_size(SizePreset::Custom, win, [640, 480]),
            ([640, 480], 1.0)
        );
    }

    #[test]
    fn suggested_names_are_file_safe() {
        let mut t = Timeline::default();
        t.meta.title = "Caro Quintero, Camarena & the 2025 transfer".into();
        assert_eq!(
            suggested_name(&t),
            "caro-quintero-camarena-the-2025-transfer.png"
        );
        assert_eq!(suggested_name(&Timeline::default()), "timeline.png");
    }
}
