//! The `chronoscope` binary: parses the command line and dispatches to the window (joining the
//! parsed options to the window's start request) or to the subcommands in [`chronoscope::cli`].
//! The only place that uses `anyhow`.

use chronoscope::cli::{Cli, Command, check, convert, export, generate};
use chronoscope::ui::StartRequest;
use clap::Parser;
use std::process::ExitCode;

/// Exit status of a process whose reader went away: what a shell reports for one ended by
/// SIGPIPE (128 + 13), which Rust programs ignore.
const READER_GONE: u8 = 141;

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(true) => Ok(ExitCode::SUCCESS),
        Ok(false) => Ok(ExitCode::FAILURE),
        // `chronoscope check big.csv | head`: the reader has what it wanted; no message.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::from(READER_GONE))
        }
        Err(e) => Err(e),
    }
}

/// Runs the command; `Ok(false)` when it ran but found a problem (a file that does not load
/// cleanly, bad arguments).
fn run(cli: &Cli) -> anyhow::Result<bool> {
    let ok = match &cli.command {
        Some(Command::Check(args)) => check::run(args, &mut std::io::stdout().lock())?,
        Some(Command::Convert(args)) => convert::run(
            args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )?,
        Some(Command::Generate(args)) => generate::run(
            args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )?,
        Some(Command::Export(args)) => export::run(
            args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )?,
        None => {
            let range = match cli.window.date_range() {
                Ok(range) => range,
                Err(message) => {
                    eprintln!("chronoscope: {message}");
                    return Ok(false);
                }
            };
            let start = StartRequest {
                range,
                zone: cli.window.tz,
                select: cli.window.select.clone(),
                theme: cli.window.theme_choice(),
                present: cli.window.present,
                read_only: cli.window.read_only,
            };
            chronoscope::ui::run(cli.window.file.clone(), start, cli.window.window_size)
                .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;
            true
        }
    };
    Ok(ok)
}
