//! The `chronoscope` binary: parses the command line and dispatches to the window or to the
//! subcommands in [`chronoscope::cli`]. The only place that uses `anyhow`.

use chronoscope::cli::{Cli, Command, check, convert, export, generate};
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
            let start = match cli.window.start_request() {
                Ok(start) => start,
                Err(message) => {
                    eprintln!("chronoscope: {message}");
                    return Ok(ExitCode::FAILURE);
                }
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
