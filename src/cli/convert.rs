//! `chronoscope convert IN -o OUT.json|OUT.csv`: imports any readable format and writes
//! Chronoscope JSON, or plain CSV that imports back to the same events, atomically. Refuses
//! to write over its own input, and refuses to drop invalid events silently
//! (`--allow-skipped` to accept the loss); says what CSV cannot hold.

use crate::io::{self, LoadError};
use std::io::Write;
use std::path::PathBuf;

pub const LONG_ABOUT: &str = "\
Convert a timeline file (any format Chronoscope reads: Chronoscope or TimelineJS JSON, CSV, .xlsx/
.xlsm/.ods, a Timeline app .timeline, vis-timeline JSON, Timesketch CSV/JSONL) to Chronoscope JSON,
or to plain CSV when OUT ends in .csv (one row per event; extra fields become columns; it imports
back to the same events, and what CSV cannot hold, such as eras, is reported). The output is written to a temporary file beside OUT and renamed over it, so OUT
is never left half-written. OUT may not be the input file. If some events of the input are
invalid, nothing is written unless --allow-skipped is given; warnings are printed either way.";

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The file to convert.
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// Where to write: Chronoscope JSON, or plain CSV for a .csv name.
    #[arg(short, long, value_name = "OUT.json|OUT.csv")]
    pub output: PathBuf,
    /// Write the output even though invalid events, eras or lanes were skipped.
    #[arg(long)]
    pub allow_skipped: bool,
    #[command(flatten)]
    pub read: super::read_args::ReadArgs,
}

/// Runs `convert`: a summary to `out`, problems to `err`; returns true when the output was
/// written.
pub fn run(args: &ConvertArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<bool> {
    let input = args.input.display();
    if crate::io::same_file(&args.input, &args.output) {
        writeln!(
            err,
            "{}: refusing to overwrite the input file; expected a different output path (-o)",
            args.output.display()
        )?;
        return Ok(false);
    }
    let loaded = match io::load_path_using(
        &args.input,
        &io::LoadProgress::new(),
        &io::Limits::default(),
        &args.read.options(),
    ) {
        Ok(loaded) => loaded,
        Err(LoadError { problems, .. }) => {
            for p in &problems {
                writeln!(err, "{p}")?;
            }
            writeln!(err, "{input}: not converted")?;
            return Ok(false);
        }
    };
    loaded.write_problems(&input.to_string(), err)?;
    if !loaded.skipped.is_empty() && !args.allow_skipped {
        writeln!(
            err,
            "{input}: not converted: {} invalid item(s) would be lost; fix them, or pass \
             --allow-skipped to convert without them",
            loaded.skipped.len()
        )?;
        return Ok(false);
    }
    let as_csv = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let written = if as_csv {
        io::save_csv(&loaded.timeline, &args.output).map(Some)
    } else {
        io::save_native(&loaded.timeline, &args.output).map(|()| None)
    };
    match written {
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(false);
        }
        Ok(Some(losses)) if !losses.is_empty() => writeln!(
            err,
            "{}: warning: CSV has no place for {}; convert to .json to keep them",
            args.output.display(),
            losses.describe()
        )?,
        Ok(_) => {}
    }
    let t = &loaded.timeline;
    writeln!(
        out,
        "{}: wrote {} events, {} lanes, {} eras (from {} {input})",
        args.output.display(),
        t.len(),
        t.lanes().len(),
        t.eras().len(),
        loaded.format.name(),
    )?;
    Ok(true)
}
