//! The command line: the clap definition of `chronoscope [FILE] | [COMMAND]` and one module per
//! subcommand (`check`, `convert`, `export`, `generate`), plus the window's start-up options. `main.rs`
//! parses [`Cli`] and dispatches; the window and rendering belong to `ui`/`export`, not here.

pub mod check;
pub mod convert;
pub mod export;
pub mod generate;
pub mod read_args;
pub mod window;

use clap::{Parser, Subcommand};

const ABOUT: &str = "A native timeline visualizer: zoomable lanes of dated events, honest date \
                     precision, sources one click away.";

const LONG_ABOUT: &str = "\
A native timeline visualizer: zoomable lanes of dated events, honest date precision, sources one
click away.

Files it reads (the format is recognised from the content; the extension is only a hint):
  - Chronoscope JSON (the native format, written by `convert`)
  - TimelineJS JSON (Knight Lab TimelineJS3)
  - the TimelineJS Google-Sheets template exported as CSV (also version-1 sheets)
  - plain CSV with columns such as start/date, end, title/headline, description, lane/group,
    tags (split on ';' or '|'), url/link/source (see the README for every accepted name)
  - spreadsheets: .xlsx, .xlsm and .ods, with the same columns as plain CSV; the header row may
    sit below title rows (--sheet NAME picks a sheet)

Dates are ISO 8601 at any precision (1985, 1985-02, 1985-02-07, 1985-02-07T09:30,
-0043-03-15 for 44 BCE); CSV and spreadsheets also accept dates as people type them
(7 Feb 1985, Feb 7, 1985, February 1985, 44 BC, AD 79, 1940s, c. 1985, 05/08/2022 — slashed
dates are read in the order the file settles, or --day-first / --month-first).";

const AFTER_HELP: &str = "\
Examples:
  chronoscope check case.json sheet.csv       validate; exit status 0 only if all load cleanly
  chronoscope check --json *.csv              the same report as JSON
  chronoscope                                 open the window on the built-in sample
  chronoscope case.json --from 2013 --to 2014 open a file showing 2013–2014
  chronoscope convert sheet.csv -o case.json  import and save as Chronoscope JSON
  chronoscope export case.json -o case.png --width 3840 --height 2160 --scale 2
  chronoscope export case.json -o case.svg --sources   SVG: text as text, events linked to sources
  chronoscope export case.json -o case.pdf --paper a4 --landscape   PDF for print
  chronoscope export case.json --steps slides/   one PNG per presentation step
  chronoscope export case.json --steps handout.pdf   PDF handout: overview + one page per step";

/// `chronoscope [COMMAND]`.
#[derive(Debug, Parser)]
#[command(
    name = "chronoscope",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a command: open this file in the window (no file: the built-in sample).
    #[command(flatten)]
    pub window: window::WindowArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate timeline files: format, counts, date span, warnings and errors.
    #[command(long_about = check::LONG_ABOUT)]
    Check(check::CheckArgs),
    /// Convert a timeline file (any readable format) to Chronoscope JSON.
    #[command(long_about = convert::LONG_ABOUT)]
    Convert(convert::ConvertArgs),
    /// Render a timeline to PNG, SVG or PDF without a window (or the presentation's steps).
    #[command(long_about = export::LONG_ABOUT)]
    Export(export::ExportArgs),
    /// Write seeded test data (for benchmarks and trying things at scale).
    #[command(long_about = generate::LONG_ABOUT)]
    Generate(generate::GenerateArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_check_and_convert() {
        let cli =
            Cli::try_parse_from(["chronoscope", "check", "--json", "a.csv", "b.json"]).unwrap();
        let Some(Command::Check(args)) = cli.command else {
            panic!("not check");
        };
        assert!(args.json);
        assert_eq!(args.files.len(), 2);
        let cli = Cli::try_parse_from(["chronoscope", "convert", "a.csv", "-o", "a.json"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Convert(_))));
        assert!(Cli::try_parse_from(["chronoscope", "check"]).is_err());
        assert!(Cli::try_parse_from(["chronoscope", "convert", "a.csv"]).is_err());
    }
}
