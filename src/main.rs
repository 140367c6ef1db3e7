//! The `chronoscope` binary: parses the command line and dispatches to the window (joining the
//! parsed options to the window's start request) or to the subcommands in [`chronoscope::cli`].
//! The only place that uses `anyhow`.

use chronoscope::cli::{Cli, Command, check, convert, export, generate};
use chronoscope::ui::StartRequest;
use clap::Parser;
use std::process::ExitCode;

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
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
                    return Ok(ExitCode::FAILURE);
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
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
