//! `selfmassage check`: the safety questionnaire alone, with its verdict (exit 0 or 3).

use super::screening::{asker_for, preflight, show_verdict};
use super::session_log::SessionLog;
use super::{resolve, warn_about_problems};
use crate::app::App;
use crate::cli::CheckArgs;
use crate::exit::SafetyStop;
use crate::ui::signals::Signals;

pub fn run(app: &App, args: &CheckArgs) -> anyhow::Result<()> {
    // First of all, so a signal at any prompt (the routine chooser too) restores the terminal.
    let _signals = Signals::install()?;
    let config = app.config()?;
    let catalog = app.catalog();
    warn_about_problems(&catalog, &args.names);
    let routines = resolve(app, &catalog, &args.names)?;
    let mut asker = asker_for(app);
    let mut log = SessionLog::open(app);
    let screening = preflight(asker.as_mut(), &mut log, &routines, &config, args.ask_all)?;
    show_verdict(app, &screening.verdict)?;
    if screening.verdict.kind.allows_session() {
        Ok(())
    } else {
        Err(SafetyStop.into())
    }
}
