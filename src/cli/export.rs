//! `chronoscope export FILE -o OUT.png [options]`: renders a timeline to PNG with no window, GPU
//! or display, through the same layout and paint code as the window; with `--steps DIR`, one PNG
//! per presentation step. Bad arguments and bad dates are reported like file errors.

use crate::export::{ExportOptions, export_steps, render_timeline, save_png};
use crate::io::{self, LoadError};
use crate::model::{Date, Timeline};
use crate::theme::Theme;
use crate::ui::presentation::story_steps;
use crate::view::TimeView;
use std::io::Write;
use std::path::PathBuf;

pub const LONG_ABOUT: &str = "\
Render a timeline to a PNG image, headless (no display or GPU needed). With no --from/--to the
image fits every event. --scale 2 draws everything twice as large in pixels (crisp text for
slides and print). With --steps DIR, writes one PNG per presentation step (01.png, 02.png, …)
exactly as presentation mode shows them, in the file's story order (else chronological).
Exit status 0 on success, 1 on bad arguments or input.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The timeline file to render.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The PNG to write (required unless --steps is given).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT.png",
        required_unless_present = "steps"
    )]
    pub output: Option<PathBuf>,
    /// Write one PNG per presentation step into this folder instead (in the presentation
    /// theme, all lanes, the story's own views).
    #[arg(
        long,
        value_name = "OUT_DIR",
        conflicts_with_all = ["output", "from", "to", "theme", "lanes", "no_legend", "no_title", "title", "sources", "select"]
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
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
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
    #[command(flatten)]
    pub read: super::read_args::ReadArgs,
}

/// Runs `export`; messages go to `out` (success) and `err` (problems). Returns true on success.
pub fn run(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<bool> {
    let timeline = match io::load_path_with(&args.input, &args.read.options()) {
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
    // The file's name, not its full path: exported images get shared.
    let source = source_name(&args.input);
    if let Some(dir) = &args.steps {
        let steps = story_steps(&timeline, |_| true, None);
        return match export_steps(
            &timeline,
            &steps,
            dir,
            args.width,
            args.height,
            args.scale,
            &source,
        ) {
            Ok(files) => {
                writeln!(out, "wrote {} slides to {}", files.len(), dir.display())?;
                Ok(true)
            }
            Err(e) => {
                writeln!(err, "chronoscope export: {e}")?;
                Ok(false)
            }
        };
    }
    let Some(output) = &args.output else {
        writeln!(
            err,
            "chronoscope export: expected -o OUT.png or --steps DIR"
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
    if let Err(e) = crate::export::check_destination(output, Some(&args.input)) {
        writeln!(err, "chronoscope export: {e}")?;
        return Ok(false);
    }
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| timeline.title().to_owned());
    let result = render_timeline(&timeline, &options)
        .and_then(|image| save_png(&image, output, &title, &source));
    match result {
        Ok(()) => {
            writeln!(
                out,
                "wrote {} ({}×{} px)",
                output.display(),
                args.width,
                args.height
            )?;
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
    let theme = match args.theme {
        ThemeArg::Light => Theme::light(),
        ThemeArg::Dark => Theme::dark(),
    };
    let mut options = ExportOptions::new(args.width, args.height, theme);
    options.scale = args.scale;
    options.show_legend = !args.no_legend;
    options.show_title = !args.no_title;
    options.title = args.title.clone();
    options.show_sources = args.sources;
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
        let lo = from.map(|d| d.start_secs()).or(bounds.map(|b| b.0));
        let hi = to
            .map(|d| d.end_of_precision_secs())
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

/// The name a PNG records as its source: the file name only, never the user's folders.
pub fn source_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
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
