//! selfmassage: a calm, safe command-line guide to self-massage for mild muscle pain.
//!
//! The core (`routine`, `safety`, `session`, the journal's rules) takes data and returns data;
//! the shell (`commands`, `ui`, `main`) owns terminals, clocks, files and processes.

pub mod cli;
pub mod commands;
pub mod config;
pub mod exit;
pub mod journal;
pub mod local_time;
pub mod paths;
pub mod plan;
pub mod routine;
pub mod safety;
pub mod sanitize;
pub mod session;
pub mod settings;
pub mod ui;
pub mod words;

use std::process::ExitCode;

use clap::Parser;

/// The whole program: parse, dispatch, and turn the outcome into an exit code.
pub fn main() -> ExitCode {
    // First, while this is the only thread, so every thread and prompt has it blocked (see
    // `ui::terminal::signals`). Should it fail, resizing can lose a key, as before: not worth stopping.
    let _ = ui::terminal::signals::block_window_size_signal();
    let cli = cli::Cli::parse();
    match commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe is quiet; listing commands end as a success, while `check` and
        // `run` have turned it into `OutputClosed` (exit 1).
        Err(error) if exit::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let status = exit::status_for(&error);
            let quiet = error.downcast_ref::<exit::SafetyStop>().is_some()
                || error.downcast_ref::<exit::OutputClosed>().is_some();
            if !quiet {
                ui::text::prose::notice(&sanitize::clean_lines(&format!("{error:#}")));
            }
            ExitCode::from(status.code())
        }
    }
}
