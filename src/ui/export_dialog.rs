//! The in-app export dialog (Ctrl+E): what to export (the current view, everything, or the story
//! as a PDF handout), the format (PNG, SVG, PDF), the size, the page (PDF: the pixels as points,
//! or A4/Letter paper), the theme, and whether to include the title, the legend and a footer of
//! sources; then a save dialog, the export on a worker thread, and a banner with the saved path.
//! The files themselves are made by [`crate::export`], the same path the CLI uses.

use super::banner::Banner;
use super::commands::Command;
use super::files::{DialogAnswer, FileDialog};
use super::view_state::Filters;
use crate::export::{
    ExportOptions, Format, HandoutOptions, Paper, PaperSize, export_handout, export_to_file,
    source_name,
};
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

/// What the dialog exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportWhat {
    CurrentView,
    WholeTimeline,
    /// The story as presentation mode shows it, one PDF page per step, the overview first.
    Handout,
}

/// A PDF's page: the picture's pixels as points, or printer paper with margins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageChoice {
    Pixels,
    A4,
    Letter,
}

/// The dialog's choices and the work it started.
pub struct ExportDialog {
    pub open: bool,
    pub what: ExportWhat,
    pub format: Format,
    pub size: SizePreset,
    pub custom: [u32; 2],
    pub theme: ExportTheme,
    pub page: PageChoice,
    pub landscape: bool,
    pub include_title: bool,
    pub include_legend: bool,
    pub include_sources: bool,
    /// The story a handout shows (its steps in order), taken when the dialog opens.
    pub story: Vec<crate::slide::Step>,
    /// Path typed by hand when no save dialog is available.
    pub typed_path: Option<String>,
    /// The typed path box just appeared: it takes keyboard focus.
    focus_typed: bool,
    destination: Option<Receiver<DialogAnswer>>,
    job: Option<Receiver<Result<String, String>>>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            what: ExportWhat::CurrentView,
            format: Format::Png,
            size: SizePreset::FullHd,
            custom: [2400, 1350],
            theme: ExportTheme::Current,
            page: PageChoice::Pixels,
            landscape: true,
            include_title: true,
            include_legend: true,
            include_sources: true,
            story: Vec::new(),
            typed_path: None,
            focus_typed: false,
            destination: None,
            job: None,
        }
    }
}

impl ExportDialog {
    pub fn is_busy(&self) -> bool {
        self.job.is_some() || self.destination.is_some()
    }

    /// The format the choices make: a handout is always a PDF.
    pub fn chosen_format(&self) -> Format {
        match self.what {
            ExportWhat::Handout => Format::Pdf,
            _ => self.format,
        }
    }

    /// The paper a PDF is printed on, if not a page the size of the pixels.
    pub fn paper(&self) -> Option<Paper> {
        let size = match self.page {
            PageChoice::Pixels => return None,
            PageChoice::A4 => PaperSize::A4,
            PageChoice::Letter => PaperSize::Letter,
        };
        Some(Paper {
            size,
            landscape: self.landscape,
        })
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
        let heading = format!("Export {}", d.chosen_format().name());
        super::announce::name_region(ui, &heading);
        super::announce::mark_as_heading(&ui.heading(heading), 2);
        what_ui(ui, d);
        format_ui(ui, d);
        size_ui(ui, d, window_points);
        if d.chosen_format() == Format::Pdf {
            page_ui(ui, d);
        }
        if d.what != ExportWhat::Handout {
            look_ui(ui, d);
        } else {
            ui.weak("Each page is the slide as presentation mode draws it, with its caption and sources as links.");
        }
        ui.separator();
        if let Some(mut typed) = d.typed_path.clone() {
            let label = ui.label("Save as (no file dialog available):");
            let field = ui
                .add(egui::TextEdit::singleline(&mut typed).desired_width(420.0))
                .labelled_by(label.id);
            if std::mem::take(&mut d.focus_typed) {
                field.request_focus();
            }
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
    });
    if (cancel || modal.should_close()) && !d.is_busy() {
        out.push(Command::CloseDialog);
        return out;
    }
    if start && !d.is_busy() {
        match d.typed_path.clone().filter(|p| !p.trim().is_empty()) {
            Some(p) => run_export(d, ctx, input, PathBuf::from(p.trim()), &mut out),
            None => {
                let format = d.chosen_format();
                let name = suggested_name(input.timeline, d.what, format);
                d.destination = Some(input.dialog.pick_export_destination(&name, format));
            }
        }
    }
    out
}

/// The current view, the whole timeline, or the story as a handout.
fn what_ui(ui: &mut egui::Ui, d: &mut ExportDialog) {
    ui.label("What");
    let chosen = d.what;
    let view = ui.radio_value(&mut d.what, ExportWhat::CurrentView, "The current view");
    let whole = ui.radio_value(&mut d.what, ExportWhat::WholeTimeline, "The whole timeline");
    let steps = d.story.len();
    let handout = ui
        .add_enabled_ui(steps > 0, |ui| {
            ui.radio_value(
                &mut d.what,
                ExportWhat::Handout,
                format!(
                    "The story as a handout: PDF, overview and {steps} step{}",
                    if steps == 1 { "" } else { "s" }
                ),
            )
        })
        .inner;
    // Opening the dialog moves focus into it, onto the choice already made (Enter there
    // exports; it must not change the choice).
    if !super::focus::is_within_layer(ui.ctx(), ui.layer_id()) {
        match chosen {
            ExportWhat::CurrentView => view,
            ExportWhat::WholeTimeline => whole,
            ExportWhat::Handout => handout,
        }
        .request_focus();
    }
    ui.separator();
}

/// PNG, SVG or PDF (a handout is a PDF).
fn format_ui(ui: &mut egui::Ui, d: &mut ExportDialog) {
    ui.label("Format");
    ui.add_enabled_ui(d.what != ExportWhat::Handout, |ui| {
        for (format, text) in [
            (Format::Png, "PNG image"),
            (Format::Svg, "SVG: vector, text stays text, links"),
            (Format::Pdf, "PDF: vector, text stays text, links"),
        ] {
            let mut chosen = d.chosen_format();
            if ui.radio_value(&mut chosen, format, text).changed() {
                d.format = chosen;
            }
        }
    });
    ui.separator();
}

/// The picture's size in pixels (and its text scale); on paper, only the text scale counts.
fn size_ui(ui: &mut egui::Ui, d: &mut ExportDialog, window_points: egui::Vec2) {
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
            ui.add(egui::DragValue::new(&mut d.custom[0]).range(16..=crate::export::MAX_SIDE_PX))
                .labelled_by(w.id);
            let h = ui.label("Height");
            ui.add(egui::DragValue::new(&mut d.custom[1]).range(16..=crate::export::MAX_SIDE_PX))
                .labelled_by(h.id);
        });
    }
    let ([w, h], scale) = preset_size(d.size, window_points, d.custom);
    ui.weak(match (d.chosen_format(), d.paper()) {
        (Format::Pdf, Some(_)) => format!("The paper decides the size; text at ×{scale}"),
        (Format::Pdf, None) => {
            let pt = crate::export::pdf::POINTS_PER_PIXEL;
            format!(
                "A page of {:.0} × {:.0} pt ({w} × {h} px), text at ×{scale}",
                w as f32 * pt,
                h as f32 * pt
            )
        }
        _ => format!("{w} × {h} px, text at ×{scale}"),
    });
    ui.separator();
}

/// PDF only: the pixels as points, or A4/Letter with margins, landscape or portrait.
fn page_ui(ui: &mut egui::Ui, d: &mut ExportDialog) {
    ui.label("Page");
    ui.horizontal(|ui| {
        ui.radio_value(&mut d.page, PageChoice::Pixels, "The size above");
        ui.radio_value(&mut d.page, PageChoice::A4, "A4");
        ui.radio_value(&mut d.page, PageChoice::Letter, "US Letter");
    });
    if d.page != PageChoice::Pixels {
        ui.checkbox(&mut d.landscape, "Landscape");
    }
    ui.separator();
}

/// Theme, title, legend and sources footer (a handout's slides have their own).
fn look_ui(ui: &mut egui::Ui, d: &mut ExportDialog) {
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
}

/// "cartel-transfer.png" (or "-handout.pdf") from the title.
fn suggested_name(timeline: &Timeline, what: ExportWhat, format: Format) -> String {
    let slug = crate::model::slug(timeline.title());
    let base = slug.split('-').take(6).collect::<Vec<_>>().join("-");
    let base = if base.is_empty() { "timeline" } else { &base };
    let suffix = if what == ExportWhat::Handout {
        "-handout"
    } else {
        ""
    };
    format!("{base}{suffix}.{}", format.extension())
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
                    let name = suggested_name(input.timeline, d.what, d.chosen_format());
                    let folder = default_folder(input.doc_path);
                    d.typed_path
                        .get_or_insert_with(|| folder.join(name).display().to_string());
                    d.focus_typed = true;
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
                    Ok(done) => Banner::info(done),
                    Err(e) => Banner::error(format!("Export failed: {e}")),
                }));
            }
            None => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
        }
    }
}

/// Where a typed export goes by default: beside the open file, else the home folder (never the
/// process' working directory, which a user cannot see).
fn default_folder(doc_path: Option<&Path>) -> PathBuf {
    doc_path
        .and_then(Path::parent)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The destination with the chosen format's extension when it has none. An extension the user
/// typed decides the format, as on the command line; an unknown one is refused.
fn destination_path(path: PathBuf, format: Format) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(format.extension())
    } else {
        path
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
    let path = destination_path(path, d.chosen_format());
    let format = match crate::export::check_destination(&path, input.doc_path) {
        Ok(format) => format,
        Err(e) => {
            out.push(Command::ShowBanner(Banner::error(format!(
                "Export not started: {e}"
            ))));
            return;
        }
    };
    let window_points = ctx.content_rect().size();
    let ([w, h], scale) = preset_size(d.size, window_points, d.custom);
    let timeline: Arc<Timeline> = input.timeline.clone();
    let source = input
        .doc_path
        .map_or_else(|| "built-in sample".to_owned(), source_name);
    let work: Box<dyn FnOnce() -> Result<String, String> + Send> = match d.what {
        ExportWhat::Handout => {
            let steps = d.story.clone();
            let options = HandoutOptions {
                width_px: w,
                height_px: h,
                scale,
                paper: d.paper(),
            };
            Box::new(move || {
                export_handout(&timeline, &steps, &path, &options, &source)
                    .map(|pages| format!("Exported a {pages}-page handout to {}", path.display()))
                    .map_err(|e| e.to_string())
            })
        }
        ExportWhat::CurrentView | ExportWhat::WholeTimeline => {
            let mut options = ExportOptions::new(w, h, export_theme(d.theme, input.theme));
            options.scale = scale;
            options.view = (d.what == ExportWhat::CurrentView).then_some(input.view);
            options.show_title = d.include_title;
            options.show_legend = d.include_legend;
            options.show_sources = d.include_sources;
            options.lane_hidden = input.filters.lane_hidden.clone();
            options.event_hidden = input.filters.event_hidden.clone();
            options.selected = input.selected;
            options.paper = d.paper();
            Box::new(move || {
                export_to_file(&timeline, &options, &path, &source)
                    .map(|_| format!("Exported {} ({})", path.display(), format.name()))
                    .map_err(|e| e.to_string())
            })
        }
    };
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let _ = tx.send(work());
        ctx.request_repaint();
    });
    d.job = Some(rx);
}

fn export_theme(choice: ExportTheme, on_screen: &Theme) -> Theme {
    match choice {
        ExportTheme::Current => on_screen.clone(),
        ExportTheme::Light => Theme::light(),
        ExportTheme::Dark => Theme::dark(),
        ExportTheme::HighContrast => Theme::high_contrast(),
    }
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
            suggested_name(&t, ExportWhat::CurrentView, Format::Png),
            "caro-quintero-camarena-the-2025-transfer.png"
        );
        assert_eq!(
            suggested_name(&t, ExportWhat::Handout, Format::Pdf),
            "caro-quintero-camarena-the-2025-transfer-handout.pdf"
        );
        assert_eq!(
            suggested_name(&Timeline::default(), ExportWhat::WholeTimeline, Format::Svg),
            "timeline.svg"
        );
    }

    #[test]
    fn a_missing_extension_comes_from_the_format_and_a_typed_one_stays() {
        assert_eq!(
            destination_path(PathBuf::from("/tmp/report"), Format::Pdf),
            PathBuf::from("/tmp/report.pdf")
        );
        assert_eq!(
            destination_path(PathBuf::from("/tmp/report.svg"), Format::Pdf),
            PathBuf::from("/tmp/report.svg")
        );
    }

    #[test]
    fn a_handout_is_always_a_pdf_and_paper_follows_the_choice() {
        let mut d = ExportDialog {
            format: Format::Svg,
            ..ExportDialog::default()
        };
        assert_eq!(d.chosen_format(), Format::Svg);
        d.what = ExportWhat::Handout;
        assert_eq!(d.chosen_format(), Format::Pdf);
        assert_eq!(d.paper(), None);
        d.page = PageChoice::Letter;
        d.landscape = false;
        assert_eq!(
            d.paper(),
            Some(Paper {
                size: PaperSize::Letter,
                landscape: false
            })
        );
    }
}
