//! `chronoscope generate --events N [--lanes L --seed S --span 1900..2030 --ranges 0.2] -o FILE`:
//! writes seeded, realistic test data (native JSON or CSV by extension) so anyone can reproduce
//! the performance figures.

use crate::generate::{GenerateOptions, generate, parse_span, write_file};
use std::io::Write;
use std::path::PathBuf;

pub const LONG_ABOUT: &str = "\
Write a seeded, realistic timeline for testing and benchmarks: 80% points and 20% ranges (a day
to five years) by default, mixed date precision, labels, tags and a source URL on some events.
The same seed gives the same file. The format follows the extension: .json (Chronoscope JSON)
or .csv (plain CSV).";

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of events.
    #[arg(long, value_name = "N")]
    pub events: usize,
    /// Number of lanes.
    #[arg(long, default_value_t = 8)]
    pub lanes: usize,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Years covered, as FROM..TO.
    #[arg(long, default_value = "1900..2030", value_name = "FROM..TO")]
    pub span: String,
    /// Fraction of events that are ranges (0 to 1).
    #[arg(long, default_value_t = 0.2)]
    pub ranges: f64,
    /// Output file (.json or .csv).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `generate`; returns true on success.
pub fn run(args: &GenerateArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<bool> {
    let (from_year, to_year) = match parse_span(&args.span) {
        Ok(span) => span,
        Err(e) => {
            writeln!(err, "chronoscope generate: --span {e}")?;
            return Ok(false);
        }
    };
    if !(0.0..=1.0).contains(&args.ranges) {
        writeln!(
            err,
            "chronoscope generate: --ranges {}: expected a fraction from 0 to 1",
            args.ranges
        )?;
        return Ok(false);
    }
    if args.lanes == 0 {
        writeln!(
            err,
            "chronoscope generate: --lanes 0: expected at least one lane"
        )?;
        return Ok(false);
    }
    let timeline = generate(&GenerateOptions {
        events: args.events,
        lanes: args.lanes,
        seed: args.seed,
        from_year,
        to_year,
        range_fraction: args.ranges,
    });
    match write_file(&timeline, &args.output) {
        Ok(()) => {
            writeln!(
                out,
                "wrote {} events to {}",
                timeline.len(),
                args.output.display()
            )?;
            Ok(true)
        }
        Err(e) => {
            writeln!(err, "chronoscope generate: {e}")?;
            Ok(false)
        }
    }
}
