//! `selfmassage journal edit` and `journal delete`: correct a session (a mistyped pain
//! score, its note) or take it out of history, report and rules. The journal keeps every
//! change (`journal::correction`); a mistake in the call changes nothing and exits 2.

use jiff::Timestamp;

use crate::cli::{EditArgs, JournalAction, JournalArgs};
use crate::exit::UsageError;
use crate::journal::{CorrectionError, Edit, Journal, open_to_correct};
use crate::safety::PainScore;
use crate::sanitize::clean;
use crate::settings::Settings;
use crate::ui::text::prose::Prose;

pub fn run(settings: &Settings, args: &JournalArgs) -> anyhow::Result<()> {
    match &args.action {
        JournalAction::Edit(edit) => edit_session(settings, edit),
        JournalAction::Delete(delete) => delete_session(settings, delete.id),
    }
}

fn edit_session(settings: &Settings, args: &EditArgs) -> anyhow::Result<()> {
    let id = args.id;
    let edit = Edit {
        pain_before: args.pain_before.and_then(PainScore::new),
        pain_after: args.pain_after.and_then(PainScore::new),
        note: args
            .note
            .as_deref()
            .map(|text| clean(text).trim().to_string()),
    };
    if edit.is_empty() {
        return Err(UsageError(format!(
            "say what to change in session {id}: --pain-before N, --pain-after N (0-10) or --note TEXT, e.g. `selfmassage journal edit {id} --pain-after 3`"
        ))
        .into());
    }
    let mut journal = journal(settings, id)?;
    let made = journal
        .correct(id, &edit, Timestamp::now())
        .map_err(|error| refused(error, id))?;
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    if made.is_empty() {
        out.say(&format!(
            "Session {id} already has these values: nothing was changed."
        ))?;
    } else {
        let changes: Vec<String> = made.iter().map(|c| clean(&c.change_words())).collect();
        out.say(&format!(
            "Corrected session {id}: {}. The journal keeps the old {}; `selfmassage history --json` and `selfmassage report` show the change.",
            changes.join(", "),
            if made.len() == 1 { "value" } else { "values" }
        ))?;
    }
    Ok(())
}

fn delete_session(settings: &Settings, id: i64) -> anyhow::Result<()> {
    let mut journal = journal(settings, id)?;
    journal
        .remove(id, Timestamp::now())
        .map_err(|error| refused(error, id))?;
    Prose::stdout(settings.stdout_is_terminal).say(&format!(
        "Removed session {id}: `history` and the safety questions leave it out from now on. The journal keeps it, marked as removed, and `selfmassage report` lists it for your doctor."
    ))?;
    Ok(())
}

/// The journal, with anything waiting beside it added; no journal at all is a usage error
/// for session `id` (nothing is created).
fn journal(settings: &Settings, id: i64) -> anyhow::Result<Journal> {
    open_to_correct(&settings.paths.journal_file())?.ok_or_else(|| {
        UsageError(format!(
            "there is no session {id}: your journal has no sessions yet"
        ))
        .into()
    })
}

/// A session that is not there, or was removed, is a mistake in the call (exit 2) that says
/// what to do; a journal that cannot be written is an error (exit 1).
fn refused(error: CorrectionError, id: i64) -> anyhow::Error {
    match error {
        CorrectionError::NoSuchSession { .. } => UsageError(format!(
            "there is no session {id} in your journal; `selfmassage history` shows each session's id in its first column"
        ))
        .into(),
        CorrectionError::Removed { at, .. } => UsageError(format!(
            "session {id} was already removed from your journal on {}, so it cannot be changed; `selfmassage history` shows the sessions you can still correct",
            at.to_zoned_datetime(crate::local_time::zone()).date()
        ))
        .into(),
        CorrectionError::Journal(error) => error.into(),
    }
}
