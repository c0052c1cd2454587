//! `selfmassage check`: the safety questionnaire alone, with its verdict (exit 0 or 3).

use super::screening::{asker_for, preflight, show_verdict};
use super::{resolve, warn_about_problems};
use crate::cli::CheckArgs;
use crate::exit::SafetyStop;
use crate::journal::SessionLog;
use crate::settings::Settings;
use crate::ui::terminal::signals::Signals;

pub fn run(settings: &Settings, args: &CheckArgs) -> anyhow::Result<()> {
    // First of all, so a signal at any prompt (the routine chooser too) restores the terminal.
    let _signals = Signals::install(settings.interactive)?;
    let catalog = settings.catalog();
    warn_about_problems(&catalog, &args.names);
    let routines = resolve(settings, &catalog, &args.names)?;
    let mut asker = asker_for(settings);
    let log = SessionLog::open(settings);
    let screening = preflight(settings, asker.as_mut(), &log, &routines)?;
    show_verdict(settings, &screening.verdict)?;
    if screening.verdict.kind.allows_session() {
        Ok(())
    } else {
        Err(SafetyStop.into())
    }
}
