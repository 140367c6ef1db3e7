//! The `chronoscope` binary: parses the command line and dispatches to the subcommands in
//! [`chronoscope::cli`]. The only place that uses `anyhow`.

use chronoscope::cli::{Cli, Command, check, convert};
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
        None => {
            println!("the window is not built yet");
            true
        }
    };
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
