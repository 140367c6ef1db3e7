//! `chronoscope convert IN -o OUT.json`: imports any readable format and writes Chronoscope
//! JSON atomically. Refuses to write over its own input, and refuses to drop invalid events
//! silently (`--allow-skipped` to accept the loss).

use crate::io::{self, LoadError};
use std::io::Write;
use std::path::PathBuf;

pub const LONG_ABOUT: &str = "\
Convert a timeline file (Chronoscope JSON, TimelineJS JSON, TimelineJS sheet CSV or plain CSV) to
Chronoscope JSON. The output is written to a temporary file beside OUT and renamed over it, so OUT
is never left half-written. OUT may not be the input file. If some events of the input are
invalid, nothing is written unless --allow-skipped is given; warnings are printed either way.";

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The file to convert.
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// Where to write the Chronoscope JSON.
    #[arg(short, long, value_name = "OUT.json")]
    pub output: PathBuf,
    /// Write the output even though invalid events, eras or lanes were skipped.
    #[arg(long)]
    pub allow_skipped: bool,
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
    let loaded = match io::load_path(&args.input) {
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
    if let Err(e) = io::save_native(&loaded.timeline, &args.output) {
        writeln!(err, "{e}")?;
        return Ok(false);
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
