//! Questions to a person: interactive prompts on a terminal, one line per answer otherwise.

use anyhow::Context as _;

use crate::exit::Interruption;
use crate::routine::Routine;

/// Asks which of several routines a name meant.
pub fn choose_routine<'a>(name: &str, candidates: &[&'a Routine]) -> anyhow::Result<&'a Routine> {
    let labels: Vec<String> = candidates
        .iter()
        .map(|r| format!("{} — {}", r.id, r.title))
        .collect();
    let message = format!(
        "\"{}\" fits several routines. Which one?",
        crate::sanitize::clean(name)
    );
    let chosen = inquire::Select::new(&message, labels.clone())
        .prompt()
        .map_err(interruption_or_error)
        .context("could not ask which routine to run")?;
    let index = labels.iter().position(|l| *l == chosen).unwrap_or(0);
    Ok(candidates[index])
}

/// Ctrl-C and Esc in a prompt are an interruption (exit 130), not an error.
pub fn interruption_or_error(error: inquire::InquireError) -> anyhow::Error {
    match error {
        inquire::InquireError::OperationInterrupted | inquire::InquireError::OperationCanceled => {
            Interruption::CtrlC.into()
        }
        other => other.into(),
    }
}
