//! `selfmassage check`: the safety questionnaire alone, with its verdict (exit 0 or 3).

use super::screening::{asker_for, preflight, show_verdict};
use super::{resolve, warn_about_problems};
use crate::cli::CheckArgs;
use crate::exit::SafetyStop;
use crate::journal::SessionLog;
use crate::settings::Settings;
use crate::ui::terminal::signals::Signals;

/// Said before the questions when no routine or area was named.
pub const GENERAL_ONLY: &str = "No routine or area named: only the general questions are asked, not the warning signs of a part of the body. To check those too, name it, e.g. `selfmassage check neck`.";

/// Said after the verdict when no routine or area was named.
pub const GENERAL_ONLY_AFTER: &str = "This verdict covers the general questions only. Before massaging a part of the body, check it by name (`selfmassage check neck`).";

pub fn run(settings: &Settings, args: &CheckArgs) -> anyhow::Result<()> {
    // First of all, so a signal at any prompt (the routine chooser too) restores the terminal.
    let _signals = Signals::install(settings.interactive)?;
    let catalog = settings.catalog();
    warn_about_problems(&catalog, &args.names);
    let routines = resolve(settings, &catalog, &args.names)?;
    let mut asker = asker_for(settings);
    let log = SessionLog::open(settings);
    if routines.is_empty() {
        asker.say(GENERAL_ONLY)?;
    }
    let screening = preflight(settings, asker.as_mut(), &log, &routines)?;
    show_verdict(settings, &screening.verdict)?;
    if routines.is_empty() {
        crate::ui::text::prose::Prose::stdout(settings.stdout_is_terminal)
            .say(GENERAL_ONLY_AFTER)?;
    }
    if screening.verdict.kind.allows_session() {
        Ok(())
    } else {
        Err(SafetyStop.into())
    }
}
