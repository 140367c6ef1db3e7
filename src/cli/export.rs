//! `chronoscope export FILE -o OUT.png|OUT.svg|OUT.pdf [options]`: renders a timeline to PNG, SVG
//! or PDF with no window, GPU or display, through the same layout and paint code as the window;
//! with `--steps DIR`, one PNG per presentation step, and with `--steps OUT.pdf` a PDF handout.
//! Bad arguments and bad dates are reported like file errors.

use crate::export::{
    ExportOptions, Format, HandoutOptions, Paper, PaperSize, SlideSeries, export_handout,
    export_steps, export_to_file, render_timeline_with_report, save_layout_json, source_name,
};
use crate::io::{self, LoadError};
use crate::model::{Date, DisplayZone, Timeline};
use crate::slide::story_steps;
use crate::theme::Theme;
use crate::view::TimeView;
use std::io::Write;
use std::path::PathBuf;

pub const LONG_ABOUT: &str = "\
Render a timeline to a PNG image, an SVG or a PDF, headless (no display or GPU needed); the
output's extension picks the format. With no --from/--to the export fits every event. --scale 2
draws everything twice as large in pixels (crisp text for slides). SVG and PDF keep text as
text (searchable, selectable, fonts embedded) and link events and the sources footer to their
sources (http, https and mailto only). A PDF page is the pixel size mapped to points (1 px =
0.75 pt), or --paper a4|letter [--landscape] with half-inch margins.
With --steps DIR, writes one PNG per presentation step (01.png, 02.png, …) exactly as
presentation mode shows them, in the file's story order (its events and views, with the story's
own captions; else every event chronologically); with
--steps OUT.pdf, a handout: the overview, then one page per step, caption sources as links.
--tz ZONE reads times in that zone (UTC by default; local, an offset such as -06:00, or a tz
database name such as America/Mexico_City): the axis and its ticks follow its clock, DST
included, and dates written without an offset (naive) keep their written time in it.
--layout-json writes what the layout decided (axis ticks; each label's text, full text, box in
pixels and whether it was cut; visible events left unlabelled; a step's focus) as JSON: to a
file beside -o, or with --steps DIR to a folder, one NN.json per NN.png (the folder may be the
same).
Exit status 0 on success, 1 on bad arguments or input.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
    /// Black on white at 7 : 1, thicker marks: for washed-out projectors.
    HighContrast,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The timeline file to render.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The file to write: .png, .svg or .pdf (required unless --steps is given).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT.png|OUT.svg|OUT.pdf",
        required_unless_present = "steps"
    )]
    pub output: Option<PathBuf>,
    /// Write the presentation instead (presentation theme, all lanes, the story's own views):
    /// a folder gets one PNG per step, a name ending in .pdf a handout.
    #[arg(
        long,
        value_name = "OUT_DIR",
        conflicts_with_all = ["output", "from", "to", "lanes", "no_legend", "no_title", "title", "sources", "select"]
    )]
    pub steps: Option<PathBuf>,
    /// Image width in pixels.
    #[arg(long, default_value_t = 1920)]
    pub width: u32,
    /// Image height in pixels.
    #[arg(long, default_value_t = 1080)]
    pub height: u32,
    /// Pixels per point: 2 renders text and lines at twice the pixel size (for 4K, print).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f32,
    /// Start of the range shown (ISO date at any precision, e.g. 2013 or 2013-07-15).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// End of the range shown (inclusive: "2014" shows all of 2014).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Colour theme (default light; with --steps the presentation theme, or its high-contrast
    /// version with --theme high-contrast).
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,
    /// Only these lanes (ids or labels, comma separated).
    #[arg(long, value_delimiter = ',', value_name = "LANE,…")]
    pub lanes: Vec<String>,
    /// Leave out the lane legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Leave out the title.
    #[arg(long, conflicts_with = "title")]
    pub no_title: bool,
    /// Title to print instead of the timeline's own.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Add a footer listing the sources of the events in view.
    #[arg(long)]
    pub sources: bool,
    /// Highlight the event with this id.
    #[arg(long, value_name = "EVENT_ID")]
    pub select: Option<String>,
    /// PDF only: print on this paper, with margins, instead of a page the size of the pixels
    /// (--width and --height are then ignored).
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// With --paper: landscape instead of portrait.
    #[arg(long, requires = "paper")]
    pub landscape: bool,
    /// Read times in this zone: UTC (default), local, an offset (+05:30, -06:00) or a tz
    /// database name (America/Mexico_City). Naive dates keep their written time in it.
    #[arg(
        long,
        value_name = "ZONE",
        value_parser = super::window::parse_zone,
        allow_hyphen_values = true
    )]
    pub tz: Option<DisplayZone>,
    /// Also write the layout's decisions as JSON: a file with -o, a folder with --steps.
    #[arg(long, value_name = "OUT.json | JDIR")]
    pub layout_json: Option<PathBuf>,
    #[command(flatten)]
    pub read: super::read_args::ReadArgs,
}

impl ExportArgs {
    fn paper(&self) -> Option<Paper> {
        self.paper.map(|size| Paper {
            size: match size {
                PaperArg::A4 => PaperSize::A4,
                PaperArg::Letter => PaperSize::Letter,
            },
            landscape: self.landscape,
        })
    }
}

/// Runs `export`; messages go to `out` (success) and `err` (problems). Returns true on success.
pub fn run(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<bool> {
    let mut timeline = match io::load_path_using(
        &args.input,
        &io::LoadProgress::new(),
        &io::Limits::default(),
        &args.read.options(),
    ) {
        Ok(loaded) => {
            loaded.write_problems(&args.input.display().to_string(), err)?;
            loaded.timeline
        }
        Err(LoadError { problems, .. }) => {
            for p in &problems {
                writeln!(err, "{p}")?;
            }
            writeln!(err, "{}: not exported", args.input.display())?;
            return Ok(false);
        }
    };
    if let Some(zone) = args.tz {
        timeline.set_display_zone(zone);
    }
    // The file's name, not its full path: exported images get shared.
    let source = source_name(&args.input);
    if let Some(target) = &args.steps {
        return run_steps(args, &timeline, target, &source, out, err);
    }
    let Some(output) = &args.output else {
        writeln!(
            err,
            "chronoscope export: expected -o OUT.png|OUT.svg|OUT.pdf or --steps DIR|OUT.pdf"
        )?;
        return Ok(false);
    };
    let options = match options_from_args(args, &timeline) {
        Ok(o) => o,
        Err(message) => {
            writeln!(err, "chronoscope export: {message}")?;
            return Ok(false);
        }
    };
    let format = match crate::export::check_destination(output, Some(&args.input)) {
        Ok(format) => format,
        Err(e) => {
            writeln!(err, "chronoscope export: {e}")?;
            return Ok(false);
        }
    };
    if options.paper.is_some() && format != Format::Pdf {
        writeln!(
            err,
            "chronoscope export: --paper applies to PDF only; expected -o OUT.pdf"
        )?;
        return Ok(false);
    }
    let result = export_to_file(&timeline, &options, output, &source).and_then(|format| {
        if let Some(json) = &args.layout_json {
            let (_, report) = render_timeline_with_report(&timeline, &options)?;
            save_layout_json(&report, json)?;
        }
        Ok(format)
    });
    match result {
        Ok(Format::Pdf) if options.paper.is_some() => {
            writeln!(out, "wrote {} (PDF on paper)", output.display())?;
            if let Some(json) = &args.layout_json {
                writeln!(out, "wrote its layout to {}", json.display())?;
            }
            Ok(true)
        }
        Ok(format) => {
            writeln!(
                out,
                "wrote {} ({}, {}×{} px)",
                output.display(),
                format.name(),
                args.width,
                args.height
            )?;
            if let Some(json) = &args.layout_json {
                writeln!(out, "wrote its layout to {}", json.display())?;
            }
            Ok(true)
        }
        Err(e) => {
            writeln!(err, "chronoscope export: {e}")?;
            Ok(false)
        }
    }
}

/// `--steps DIR` (one PNG per step) or `--steps OUT.pdf` (a handout).
fn run_steps(
    args: &ExportArgs,
    timeline: &Timeline,
    target: &std::path::Path,
    source: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let steps = story_steps(timeline, |_| true, None);
    let format = Format::from_path(target);
    if format == Some(Format::Pdf) {
        if crate::io::same_file(&args.input, target) {
            writeln!(
                err,
                "chronoscope export: {}",
                crate::export::ExportError::WouldOverwriteInput(target.display().to_string())
            )?;
            return Ok(false);
        }
        let options = HandoutOptions {
            width_px: args.width,
            height_px: args.height,
            scale: args.scale,
            paper: args.paper(),
        };
        return match export_handout(timeline, &steps, target, &options, source) {
            Ok(pages) => {
                writeln!(out, "wrote a {pages}-page handout to {}", target.display())?;
                Ok(true)
            }
            Err(e) => {
                writeln!(err, "chronoscope export: {e}")?;
                Ok(false)
            }
        };
    }
    if format.is_some() || args.paper.is_some() {
        writeln!(
            err,
            "chronoscope export: --steps {}: expected a folder (one PNG per step) or a file name ending in .pdf (a handout)",
            target.display()
        )?;
        return Ok(false);
    }
    let theme = match args.theme {
        Some(ThemeArg::HighContrast) => Theme::high_contrast_presentation(),
        _ => Theme::presentation(),
    };
    let series = SlideSeries {
        theme: &theme,
        width_px: args.width,
        height_px: args.height,
        scale: args.scale,
        layout_dir: args.layout_json.as_deref(),
    };
    match export_steps(timeline, &steps, &series, target, source) {
        Ok(_) => {
            writeln!(
                out,
                "wrote {} slides to {}",
                steps.len() + 1,
                target.display()
            )?;
            if let Some(jdir) = &args.layout_json {
                writeln!(out, "wrote their layouts to {}", jdir.display())?;
            }
            Ok(true)
        }
        Err(e) => {
            writeln!(err, "chronoscope export: {e}")?;
            Ok(false)
        }
    }
}

/// Export options from the command line, or a message naming the bad argument.
pub fn options_from_args(args: &ExportArgs, timeline: &Timeline) -> Result<ExportOptions, String> {
    let theme = match args.theme.unwrap_or(ThemeArg::Light) {
        ThemeArg::Light => Theme::light(),
        ThemeArg::Dark => Theme::dark(),
        ThemeArg::HighContrast => Theme::high_contrast(),
    };
    let mut options = ExportOptions::new(args.width, args.height, theme);
    options.scale = args.scale;
    options.show_legend = !args.no_legend;
    options.show_title = !args.no_title;
    options.title = args.title.clone();
    options.show_sources = args.sources;
    options.paper = args.paper();
    let from = args
        .from
        .as_deref()
        .map(|s| parse_date_arg("--from", s))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|s| parse_date_arg("--to", s))
        .transpose()?;
    if from.is_some() || to.is_some() {
        let bounds = timeline.time_bounds();
        let zone = timeline.display_zone();
        let lo = from.map(|d| d.start_secs_in(zone)).or(bounds.map(|b| b.0));
        let hi = to
            .map(|d| d.end_of_precision_secs_in(zone))
            .or(bounds.map(|b| b.1));
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return Err("the timeline has no events to place a one-sided range against".into());
        };
        if hi <= lo {
            return Err(format!(
                "--from {} is not before --to {}; expected a range that runs forwards",
                args.from.as_deref().unwrap_or("(first event)"),
                args.to.as_deref().unwrap_or("(last event)")
            ));
        }
        options.view = Some(TimeView::new(lo, hi - lo));
    }
    if !args.lanes.is_empty() {
        let lanes = timeline.lanes();
        for wanted in &args.lanes {
            if !lanes.iter().any(|l| &l.id == wanted || &l.label == wanted) {
                let known: Vec<&str> = lanes.iter().map(|l| l.id.as_str()).collect();
                return Err(format!(
                    "--lanes: no lane \"{wanted}\"; expected one of: {}",
                    known.join(", ")
                ));
            }
        }
        options.lane_hidden = lanes
            .iter()
            .map(|l| !args.lanes.iter().any(|w| w == &l.id || w == &l.label))
            .collect();
    } else if timeline.lanes().iter().any(|l| l.hidden) {
        // Lanes the file hides by default stay hidden, as in the window.
        options.lane_hidden = timeline.lanes().iter().map(|l| l.hidden).collect();
    }
    if let Some(id) = &args.select {
        options.selected = Some(
            timeline
                .index_of(id)
                .ok_or_else(|| format!("--select: no event with id \"{id}\""))?,
        );
    }
    Ok(options)
}

fn parse_date_arg(flag: &str, text: &str) -> Result<Date, String> {
    Date::parse_iso(text).map_err(|e| format!("{flag} \"{text}\": {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, TimelineMeta};
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: ExportArgs,
    }

    fn args(list: &[&str]) -> ExportArgs {
        let mut all = vec!["export"];
        all.extend_from_slice(list);
        Wrapper::try_parse_from(all).expect("parses").args
    }

    fn timeline() -> Timeline {
        Timeline::new(
            TimelineMeta::default(),
            vec![Event::new("a", "A", Date::parse_iso("1985-02-07").unwrap())],
        )
    }

    #[test]
    fn a_negative_offset_is_a_zone_and_the_range_reads_in_it() {
        let a = args(&[
            "f.json", "-o", "x.png", "--tz", "-06:00", "--from", "2013", "--to", "2013",
        ]);
        assert_eq!(a.tz, Some(DisplayZone::Fixed(-360)));
        let mut t = timeline();
        t.set_display_zone(DisplayZone::Fixed(-360));
        let v = options_from_args(&a, &t).unwrap().view.unwrap();
        assert_eq!(
            v.start_secs,
            Date::parse_iso("2013-01-01T00:00-06:00")
                .unwrap()
                .start_secs()
        );
    }

    #[test]
    fn ranges_are_inclusive_and_bad_dates_name_the_flag() {
        let t = timeline();
        let o = options_from_args(
            &args(&["f.json", "-o", "x.png", "--from", "2013", "--to", "2014"]),
            &t,
        )
        .unwrap();
        let v = o.view.unwrap();
        assert_eq!(v.start_secs, Date::parse_iso("2013").unwrap().start_secs());
        assert_eq!(v.end_secs(), Date::parse_iso("2015").unwrap().start_secs());
        let e = options_from_args(
            &args(&["f.json", "-o", "x.png", "--from", "2013-02-30"]),
            &t,
        )
        .unwrap_err();
        assert!(
            e.starts_with("--from \"2013-02-30\": day 30 does not exist"),
            "{e}"
        );
        let e = options_from_args(
            &args(&["f.json", "-o", "x.png", "--from", "2014", "--to", "2013"]),
            &t,
        )
        .unwrap_err();
        assert!(e.contains("not before"), "{e}");
        let e = options_from_args(&args(&["f.json", "-o", "x.png", "--lanes", "nope"]), &t)
            .unwrap_err();
        assert!(e.contains("no lane \"nope\""), "{e}");
    }
}
