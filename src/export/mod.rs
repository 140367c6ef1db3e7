//! Export with no window, GPU or display: runs egui headless over the same layout and paint
//! code as the window ([`offscreen`]), then either rasterises the frame on the CPU ([`raster`],
//! PNG) or walks its shapes into vector drawing ([`vector`], then [`svg`] or [`pdf`]). Files are
//! written atomically; the extension picks the format. Also the presentation's slides, as PNGs
//! or as a PDF handout.

pub mod font_subset;
pub mod offscreen;
pub mod pdf;
pub mod raster;
pub mod svg;
pub mod vector;

use crate::layout::Scene;
use crate::layout::report::{LayoutReport, layout_report};
use crate::model::Timeline;
use crate::paint::{self, Emphasis, LinkArea, PaintNotes, SceneRequest, lane_color};
use crate::slide::{SlideInput, Step, counter_text, slide_ui_noted, step_view};
use crate::theme::Theme;
use crate::view::{TimeView, fit_view};
use egui::{FontId, Rect, pos2, vec2};
use raster::RgbaImage;
use std::path::Path;

/// Exports larger than this on either side are refused.
pub const MAX_SIDE_PX: u32 = 16_384;
/// …and larger than this in total: 64 Mpx is 256 MiB of RGBA, already four 8K screens.
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;
/// At most this many source lines in the footer; the rest are counted ("+12 more").
const MAX_FOOTER_SOURCES: usize = 8;

/// What to export and how.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub width_px: u32,
    pub height_px: u32,
    /// Pixels per point: 2 draws everything twice as large in pixels, with crisp text.
    pub scale: f32,
    pub theme: Theme,
    /// `None` fits all events.
    pub view: Option<TimeView>,
    /// Overrides the timeline's title in the header.
    pub title: Option<String>,
    pub show_title: bool,
    pub show_legend: bool,
    /// A footer listing the sources of the events in view.
    pub show_sources: bool,
    pub lane_hidden: Vec<bool>,
    pub event_hidden: Option<Vec<bool>>,
    pub selected: Option<usize>,
    /// PDF only: print on this paper (with margins) instead of a page the size of the pixels.
    pub paper: Option<Paper>,
}

/// What an export writes, decided by the file name's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Png, Format::Svg, Format::Pdf];

    /// The format a file name asks for, by its extension (any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Svg => "SVG",
            Format::Pdf => "PDF",
        }
    }

    /// What a file dialog calls files of this format.
    pub fn description(self) -> &'static str {
        match self {
            Format::Png => "PNG image",
            Format::Svg => "SVG drawing",
            Format::Pdf => "PDF document",
        }
    }
}

/// Paper sizes for print PDFs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperSize {
    A4,
    Letter,
}

/// A printed page: size, orientation; the drawing fills it inside fixed margins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paper {
    pub size: PaperSize,
    pub landscape: bool,
}

/// Margin around the drawing on paper: half an inch, inside every printer's unprintable edge.
pub const PAPER_MARGIN_PT: f32 = 36.0;

impl Paper {
    /// Width and height in PDF points.
    pub fn size_pt(self) -> [f32; 2] {
        let [w, h] = match self.size {
            PaperSize::A4 => [595.276, 841.89],
            PaperSize::Letter => [612.0, 792.0],
        };
        if self.landscape { [h, w] } else { [w, h] }
    }

    /// The drawing's size in egui points, at [`pdf::POINTS_PER_PIXEL`] PDF points each.
    pub fn drawing_points(self) -> [f32; 2] {
        self.size_pt()
            .map(|side| (side - 2.0 * PAPER_MARGIN_PT) / pdf::POINTS_PER_PIXEL)
    }

    /// Pixel size and placement of a drawing at `scale` pixels per point on this paper.
    fn layout(self, scale: f32) -> ([u32; 2], pdf::Placement) {
        let [w, h] = self.drawing_points();
        let px = [(w * scale).round() as u32, (h * scale).round() as u32];
        let placement = pdf::Placement {
            page_size: self.size_pt(),
            scale: pdf::POINTS_PER_PIXEL,
            offset: [PAPER_MARGIN_PT, PAPER_MARGIN_PT],
        };
        (px, placement)
    }
}

/// A page the size of the pixels: one pixel is [`pdf::POINTS_PER_PIXEL`] PDF points.
fn pixel_placement(width_px: u32, height_px: u32, scale: f32) -> pdf::Placement {
    pdf::Placement {
        page_size: [
            width_px as f32 * pdf::POINTS_PER_PIXEL,
            height_px as f32 * pdf::POINTS_PER_PIXEL,
        ],
        scale: pdf::POINTS_PER_PIXEL * scale,
        offset: [0.0, 0.0],
    }
}

impl ExportOptions {
    pub fn new(width_px: u32, height_px: u32, theme: Theme) -> Self {
        ExportOptions {
            width_px,
            height_px,
            scale: 1.0,
            theme,
            view: None,
            title: None,
            show_title: true,
            show_legend: true,
            show_sources: false,
            lane_hidden: Vec::new(),
            event_hidden: None,
            selected: None,
            paper: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "image size {0}×{1} px is not possible: each side must be 16–{MAX_SIDE_PX} px and the whole at most 64 Mpx"
    )]
    Size(u32, u32),
    #[error("scale {0} is not possible: expected a number from 0.5 to 8")]
    Scale(f32),
    #[error("{0}: unknown export format; expected a file name ending in .png, .svg or .pdf")]
    UnknownFormat(String),
    #[error("{0}: expected a file name ending in .{1}")]
    WrongFormat(String, &'static str),
    #[error("{0}")]
    Pdf(#[from] pdf::PdfError),
    #[error("{0}: refusing to overwrite the timeline being exported; expected another path")]
    WouldOverwriteInput(String),
    #[error("could not write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write the file: {0}")]
    Save(#[from] crate::io::SaveError),
}

fn check_size(width: u32, height: u32, scale: f32) -> Result<(), ExportError> {
    if !(16..=MAX_SIDE_PX).contains(&width)
        || !(16..=MAX_SIDE_PX).contains(&height)
        || width as u64 * height as u64 > MAX_PIXELS
    {
        return Err(ExportError::Size(width, height));
    }
    if !(0.5..=8.0).contains(&scale) {
        return Err(ExportError::Scale(scale));
    }
    Ok(())
}

/// The view an export shows: the requested one, or all events.
pub fn export_view(timeline: &Timeline, options: &ExportOptions) -> TimeView {
    options.view.unwrap_or_else(|| fit_view(timeline))
}

/// Renders the timeline to an image (no file written).
pub fn render_timeline(
    timeline: &Timeline,
    options: &ExportOptions,
) -> Result<RgbaImage, ExportError> {
    render_timeline_with_scene(timeline, options).map(|(image, _)| image)
}

/// Renders the timeline and also returns the layout it drew (in points), so callers can find
/// where each event went.
pub fn render_timeline_with_scene(
    timeline: &Timeline,
    options: &ExportOptions,
) -> Result<(RgbaImage, Scene), ExportError> {
    check_size(options.width_px, options.height_px, options.scale)?;
    let view = export_view(timeline, options);
    let theme = options.theme.clone();
    let visuals = theme.visuals();
    let mut last_scene = None;
    let image = offscreen::render(
        [options.width_px, options.height_px],
        options.scale,
        |ctx| ctx.set_visuals(visuals),
        |ui| last_scene = Some(draw_export(ui, timeline, options, view, &theme, None)),
    );
    let scene = last_scene.unwrap_or_else(|| Scene::empty(view));
    Ok((image, scene))
}

/// Runs the same headless frame as [`render_timeline`] and walks its shapes into a vector page
/// (the pixel size and scale only decide the page's size in points and egui's pixel rounding).
pub fn vector_timeline(
    timeline: &Timeline,
    options: &ExportOptions,
) -> Result<vector::VectorPage, ExportError> {
    check_size(options.width_px, options.height_px, options.scale)?;
    let view = export_view(timeline, options);
    let theme = options.theme.clone();
    let visuals = theme.visuals();
    let mut notes = PaintNotes::default();
    let capture = offscreen::capture(
        [options.width_px, options.height_px],
        options.scale,
        |ctx| ctx.set_visuals(visuals),
        |ui| {
            // Each frame paints afresh; keep what the last (settled) one noted.
            notes = PaintNotes::default();
            draw_export(ui, timeline, options, view, &theme, Some(&mut notes));
        },
    );
    Ok(vector::page_from_capture(&capture, &notes, timeline))
}

/// The timeline as an SVG document.
pub fn render_svg(
    timeline: &Timeline,
    options: &ExportOptions,
    source: &str,
) -> Result<String, ExportError> {
    let page = vector_timeline(timeline, options)?;
    let title = export_title(timeline, options);
    Ok(svg::write_svg(
        &page,
        &svg::SvgMeta {
            title: &title,
            description: &format!("Made by Chronoscope from {source}"),
            width_px: options.width_px,
            height_px: options.height_px,
        },
    ))
}

/// The timeline as a one-page PDF: a page the size of the pixels, or the chosen paper.
pub fn render_pdf(
    timeline: &Timeline,
    options: &ExportOptions,
    source: &str,
) -> Result<Vec<u8>, ExportError> {
    let (options, placement) = match options.paper {
        Some(paper) => {
            let ([w, h], placement) = paper.layout(options.scale);
            let mut sized = options.clone();
            sized.width_px = w;
            sized.height_px = h;
            (std::borrow::Cow::Owned(sized), placement)
        }
        None => (
            std::borrow::Cow::Borrowed(options),
            pixel_placement(options.width_px, options.height_px, options.scale),
        ),
    };
    let page = vector_timeline(timeline, &options)?;
    let title = export_title(timeline, &options);
    let view = export_view(timeline, &options);
    let pages = [pdf::PdfPage {
        page,
        placement,
        alt: chart_alt_text(timeline, view, &title),
    }];
    Ok(pdf::write_pdf(
        &pages,
        &pdf::PdfMeta {
            title: &title,
            subject: &format!("Timeline exported by Chronoscope from {source}"),
            created: chrono::Utc::now(),
        },
    )?)
}

/// The title an export shows and records.
pub fn export_title(timeline: &Timeline, options: &ExportOptions) -> String {
    options
        .title
        .clone()
        .unwrap_or_else(|| timeline.title().to_owned())
}

/// "Timeline “T”: 23 events from 1985 to 2025, in lanes A, B and C." — what a screen reader says
/// for the chart.
fn chart_alt_text(timeline: &Timeline, view: TimeView, title: &str) -> String {
    let shown = timeline.visible(view.start_secs, view.end_secs()).count();
    let range = match (
        timeline.visible(view.start_secs, view.end_secs()).next(),
        timeline.visible(view.start_secs, view.end_secs()).last(),
    ) {
        (Some(a), Some(b)) => match (timeline.event(a), timeline.event(b)) {
            (Some(a), Some(b)) => format!(" from {} to {}", a.date_text(), b.date_text()),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let lanes: Vec<&str> = timeline.lanes().iter().map(|l| l.label.as_str()).collect();
    format!(
        "Timeline chart “{title}”: {shown} events{range}, in lanes {}.",
        lanes.join(", ")
    )
}

/// Writes an export to `path` in the format its extension names, atomically.
pub fn export_to_file(
    timeline: &Timeline,
    options: &ExportOptions,
    path: &Path,
    source: &str,
) -> Result<Format, ExportError> {
    let format = Format::from_path(path)
        .ok_or_else(|| ExportError::UnknownFormat(path.display().to_string()))?;
    let title = export_title(timeline, options);
    match format {
        Format::Png => {
            let image = render_timeline(timeline, options)?;
            save_png(&image, path, &title, source)?;
        }
        Format::Svg => save_bytes(path, render_svg(timeline, options, source)?.as_bytes())?,
        Format::Pdf => save_bytes(path, &render_pdf(timeline, options, source)?)?,
    }
    Ok(format)
}

/// Writes bytes atomically (temporary file in the same folder, then rename).
pub fn save_bytes(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::io::write_atomically(path, |w| w.write_all(bytes))?;
    Ok(())
}

/// Header (title, legend), canvas and source footer, top to bottom.
fn draw_export(
    ui: &mut egui::Ui,
    timeline: &Timeline,
    options: &ExportOptions,
    view: TimeView,
    theme: &Theme,
    mut notes: Option<&mut PaintNotes>,
) -> Scene {
    let full = ui.max_rect();
    let painter = ui.painter_at(full);
    painter.rect_filled(full, 0.0, theme.background);
    let m = &theme.metrics;
    let pad = m.label_gap;
    let mut top = full.top();

    if options.show_title {
        let title = options
            .title
            .clone()
            .unwrap_or_else(|| timeline.title().to_owned());
        if !title.is_empty() {
            let galley = paint::single_line(
                &painter,
                &title,
                FontId::proportional(m.label_font_size * 1.6),
                theme.text,
                full.width() - 2.0 * pad,
            );
            painter.galley(
                pos2(full.left() + pad, top + pad),
                galley.clone(),
                theme.text,
            );
            top += galley.size().y + pad * 1.5;
        }
    }
    if options.show_legend {
        let mut x = full.left() + pad;
        let y = top + m.row_height / 2.0;
        for (k, lane) in timeline.lanes().iter().enumerate() {
            if options.lane_hidden.get(k).copied().unwrap_or(false) {
                continue;
            }
            let swatch = Rect::from_center_size(pos2(x + 5.0, y), vec2(10.0, 10.0));
            painter.rect_filled(swatch, 2.0, lane_color(timeline, theme, k));
            let galley = painter.layout_no_wrap(
                lane.label.clone(),
                FontId::proportional(m.axis_font_size),
                theme.text,
            );
            painter.galley(
                pos2(x + 14.0, y - galley.size().y / 2.0),
                galley.clone(),
                theme.text,
            );
            x += 14.0 + galley.size().x + pad * 1.5;
        }
        top += m.row_height + pad * 0.5;
    }

    // Footer: the sources of the events in view, one line each.
    let mut bottom = full.bottom();
    if options.show_sources {
        let lines = footer_entries(timeline, view, options);
        if !lines.is_empty() {
            let font = FontId::proportional(m.axis_font_size);
            let line_h = m.axis_font_size * 1.35;
            let footer_h = line_h * lines.len() as f32 + pad * 2.0;
            bottom -= footer_h;
            let mut y = bottom + pad;
            for (line, url) in lines {
                let galley = paint::single_line(
                    &painter,
                    &line,
                    font.clone(),
                    theme.text_weak,
                    full.width() - 2.0 * pad,
                );
                let pos = pos2(full.left() + pad, y);
                if let (Some(notes), Some(url)) = (notes.as_deref_mut(), url) {
                    notes.links.push(LinkArea {
                        rect: Rect::from_min_size(pos, galley.size()),
                        url,
                    });
                }
                painter.galley(pos, galley, theme.text_weak);
                y += line_h;
            }
        }
    }

    let canvas = Rect::from_min_max(pos2(full.left(), top), pos2(full.right(), bottom));
    let scene = paint::layout_scene(
        &painter,
        theme,
        SceneRequest {
            timeline,
            view,
            canvas,
            now_secs: None,
            lane_hidden: &options.lane_hidden,
            event_hidden: options.event_hidden.as_deref(),
            pinned: options.selected,
            label_only: None,
        },
    );
    paint::paint_scene_noted(
        &painter,
        &scene,
        timeline,
        theme,
        Emphasis {
            selected: options.selected,
            hovered: None,
            matches: None,
        },
        notes,
    );
    scene
}

/// "Sources: 1. Publisher, “Title”. URL" lines for the distinct sources of the shown events in
/// view, in time order, with a final "+N more" when they do not all fit.
pub fn footer_lines(timeline: &Timeline, view: TimeView, options: &ExportOptions) -> Vec<String> {
    footer_entries(timeline, view, options)
        .into_iter()
        .map(|(line, _)| line)
        .collect()
}

/// [`footer_lines`], each with the URL it cites (none for the "+N more" line).
fn footer_entries(
    timeline: &Timeline,
    view: TimeView,
    options: &ExportOptions,
) -> Vec<(String, Option<String>)> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut shown = Vec::new();
    for i in timeline.visible(view.start_secs, view.end_secs()) {
        let Some(e) = timeline.event(i) else {
            continue;
        };
        if options.lane_hidden.get(e.lane()).copied().unwrap_or(false)
            || options
                .event_hidden
                .as_ref()
                .is_some_and(|h| h.get(i).copied().unwrap_or(false))
        {
            continue;
        }
        for s in e.sources() {
            // Only the listed ones are formatted; the rest are just counted.
            if seen.insert(s.url()) && shown.len() < MAX_FOOTER_SOURCES {
                shown.push(s);
            }
        }
    }
    let total = seen.len();
    let mut lines: Vec<(String, Option<String>)> = shown
        .iter()
        .enumerate()
        .map(|(k, s)| {
            (
                format!("{}. {}", k + 1, s.citation()),
                Some(s.url().to_string()),
            )
        })
        .collect();
    if total > MAX_FOOTER_SOURCES {
        lines.push((
            format!("+{} more sources", total - MAX_FOOTER_SOURCES),
            None,
        ));
    }
    if let Some((first, _)) = lines.first_mut() {
        *first = format!("Sources: {first}");
    }
    lines
}

/// The name an export records as its source: the file name only, never the user's folders.
pub fn source_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Checks a destination: its extension must name a format (PNG, SVG or PDF), and it must not be
/// the timeline's own file. Returns the format.
pub fn check_destination(path: &Path, input: Option<&Path>) -> Result<Format, ExportError> {
    let format = Format::from_path(path)
        .ok_or_else(|| ExportError::UnknownFormat(path.display().to_string()))?;
    if input.is_some_and(|input| crate::io::same_file(input, path)) {
        return Err(ExportError::WouldOverwriteInput(path.display().to_string()));
    }
    Ok(format)
}

/// Writes a PNG atomically (temporary file in the same folder, then rename) with metadata.
pub fn save_png(
    image: &RgbaImage,
    path: &Path,
    title: &str,
    source: &str,
) -> Result<(), ExportError> {
    let software = format!("Chronoscope {}", env!("CARGO_PKG_VERSION"));
    crate::io::write_atomically(path, |w| {
        image
            .write_png_with_text(
                w,
                &[
                    ("Title", title),
                    ("Source", source),
                    ("Software", &software),
                ],
            )
            .map_err(std::io::Error::other)
    })?;
    Ok(())
}

/// How a slide series is rendered: size, theme, and where layout reports go.
pub struct SlideSeries<'a> {
    pub theme: &'a Theme,
    pub width_px: u32,
    pub height_px: u32,
    pub scale: f32,
    /// Also write `NN.json` (see [`crate::layout::report`]) for each `NN.png` into this folder.
    pub layout_dir: Option<&'a Path>,
}

/// One page of a presentation: its view, its step (`None`: the overview) and its counter.
struct Page<'a> {
    view: TimeView,
    step: Option<&'a Step>,
    counter: String,
}

impl Page<'_> {
    /// The event the page is about, if any.
    fn focus(&self) -> Option<usize> {
        self.step.and_then(Step::event)
    }
}

fn story_page<'a>(timeline: &Timeline, steps: &'a [Step], n: usize) -> Page<'a> {
    Page {
        view: step_view(timeline, steps, n),
        step: n.checked_sub(1).and_then(|k| steps.get(k)),
        counter: counter_text(n, steps.len()),
    }
}

/// Draws a page as presentation mode does, filling the `Ui`.
fn draw_page(
    ui: &mut egui::Ui,
    timeline: &Timeline,
    theme: &Theme,
    lane_hidden: &[bool],
    story: &[Step],
    page: &Page<'_>,
    notes: Option<&mut PaintNotes>,
) -> Scene {
    let rect = ui.max_rect();
    let input = SlideInput {
        timeline,
        view: page.view,
        lane_hidden,
        event_hidden: None,
        step: page.step,
        counter: page.counter.clone(),
        story,
        now_secs: None,
    };
    slide_ui_noted(ui, rect, theme, &input, notes)
}

/// "Title — step title" for a page (the title alone for the overview).
fn page_title(timeline: &Timeline, page: &Page<'_>) -> String {
    let step_title = match page.step {
        Some(Step::Event { index, .. }) => timeline.event(*index).map(|e| e.title().to_owned()),
        Some(Step::View { title, dates, .. }) => Some(if title.is_empty() {
            dates.clone()
        } else {
            title.clone()
        }),
        None => None,
    };
    match step_title {
        Some(t) => format!("{} — {t}", timeline.title()),
        None => timeline.title().to_owned(),
    }
}

/// What a handout page says to a screen reader: the step's title, date and caption, or the
/// chart's summary for the overview.
fn page_alt_text(timeline: &Timeline, page: &Page<'_>) -> String {
    let event = page.focus().and_then(|i| timeline.event(i));
    match (page.step, event) {
        (Some(Step::Event { caption, .. }), Some(e)) => format!(
            "Step {}: {}, {}. {}",
            page.counter,
            e.title(),
            e.date_text(),
            // The slide fits the whole caption (smaller, or in two columns).
            caption.as_deref().unwrap_or(e.description())
        ),
        (
            Some(Step::View {
                title,
                caption,
                dates,
                ..
            }),
            _,
        ) => format!("Step {}: {title}, {dates}. {caption}", page.counter),
        _ => chart_alt_text(timeline, page.view, timeline.title()),
    }
}

/// Renders every presentation step as the presentation shows it: `01.png`, `02.png`, …
/// Returns the files written (images, then any layout reports).
pub fn export_steps(
    timeline: &Timeline,
    steps: &[Step],
    series: &SlideSeries<'_>,
    out_dir: &Path,
    source: &str,
) -> Result<Vec<std::path::PathBuf>, ExportError> {
    let (width_px, height_px, scale) = (series.width_px, series.height_px, series.scale);
    check_size(width_px, height_px, scale)?;
    for dir in std::iter::once(out_dir).chain(series.layout_dir) {
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let theme = series.theme;
    let lane_hidden = vec![false; timeline.lanes().len()];
    let digits = (steps.len() + 1).to_string().len().max(2);
    let mut written = Vec::new();
    let mut reports = Vec::new();
    for n in 0..=steps.len() {
        let page = story_page(timeline, steps, n);
        let visuals = theme.visuals();
        let mut last_scene = None;
        let image = offscreen::render(
            [width_px, height_px],
            scale,
            |ctx| ctx.set_visuals(visuals),
            |ui| {
                last_scene = Some(draw_page(
                    ui,
                    timeline,
                    theme,
                    &lane_hidden,
                    steps,
                    &page,
                    None,
                ));
            },
        );
        let path = out_dir.join(format!("{:0digits$}.png", n + 1));
        save_png(&image, &path, &page_title(timeline, &page), source)?;
        written.push(path);
        if let Some(dir) = series.layout_dir {
            let scene = last_scene.unwrap_or_else(|| Scene::empty(page.view));
            let report =
                layout_report(&scene, timeline, page.focus(), [width_px, height_px], scale);
            let json = dir.join(format!("{:0digits$}.json", n + 1));
            save_layout_json(&report, &json)?;
            reports.push(json);
        }
    }
    written.extend(reports);
    Ok(written)
}

/// Size of handout pages: slides of these pixels mapped to points, or the chosen paper.
#[derive(Clone, Copy, Debug)]
pub struct HandoutOptions {
    pub width_px: u32,
    pub height_px: u32,
    pub scale: f32,
    pub paper: Option<Paper>,
}

/// A PDF handout of the story: the overview, then one page per step, each the slide exactly as
/// presentation mode draws it, with its caption's sources as links.
pub fn render_handout(
    timeline: &Timeline,
    steps: &[Step],
    options: &HandoutOptions,
    source: &str,
) -> Result<Vec<u8>, ExportError> {
    let ([w, h], placement) = match options.paper {
        Some(paper) => paper.layout(options.scale),
        None => (
            [options.width_px, options.height_px],
            pixel_placement(options.width_px, options.height_px, options.scale),
        ),
    };
    check_size(w, h, options.scale)?;
    let theme = Theme::presentation();
    let lane_hidden = vec![false; timeline.lanes().len()];
    let mut pages = Vec::with_capacity(steps.len() + 1);
    for n in 0..=steps.len() {
        let page = story_page(timeline, steps, n);
        let visuals = theme.visuals();
        let mut notes = PaintNotes::default();
        let capture = offscreen::capture(
            [w, h],
            options.scale,
            |ctx| ctx.set_visuals(visuals),
            |ui| {
                notes = PaintNotes::default();
                draw_page(
                    ui,
                    timeline,
                    &theme,
                    &lane_hidden,
                    steps,
                    &page,
                    Some(&mut notes),
                );
            },
        );
        let alt = page_alt_text(timeline, &page);
        pages.push(pdf::PdfPage {
            page: vector::page_from_capture(&capture, &notes, timeline),
            placement,
            alt,
        });
    }
    Ok(pdf::write_pdf(
        &pages,
        &pdf::PdfMeta {
            title: &format!("{} — handout", timeline.title()),
            subject: &format!("Presentation handout made by Chronoscope from {source}"),
            created: chrono::Utc::now(),
        },
    )?)
}

/// Writes the handout atomically to `path`, which must end in `.pdf`. Returns the page count.
pub fn export_handout(
    timeline: &Timeline,
    steps: &[Step],
    path: &Path,
    options: &HandoutOptions,
    source: &str,
) -> Result<usize, ExportError> {
    if Format::from_path(path) != Some(Format::Pdf) {
        return Err(ExportError::WrongFormat(path.display().to_string(), "pdf"));
    }
    let bytes = render_handout(timeline, steps, options, source)?;
    save_bytes(path, &bytes)?;
    Ok(steps.len() + 1)
}

/// Renders the timeline and reports its layout (see [`crate::layout::report`]).
pub fn render_timeline_with_report(
    timeline: &Timeline,
    options: &ExportOptions,
) -> Result<(RgbaImage, LayoutReport), ExportError> {
    let (image, scene) = render_timeline_with_scene(timeline, options)?;
    let report = layout_report(
        &scene,
        timeline,
        None,
        [options.width_px, options.height_px],
        options.scale,
    );
    Ok((image, report))
}

/// Writes a layout report as pretty JSON, atomically.
pub fn save_layout_json(report: &LayoutReport, path: &Path) -> Result<(), ExportError> {
    crate::io::write_atomically(path, |w| {
        serde_json::to_writer_pretty(&mut *w, report).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    Ok(())
}
