//! `selfmassage run` (and the bare `selfmassage <name>`): questionnaire, guided session,
//! after-check, journal. Wires the safety, session and journal cores to the terminal.

use std::time::Duration;

use anyhow::Context as _;
use jiff::Timestamp;

use super::screening::{areas_of, asker_for, preflight, show_verdict};
use super::session_log::SessionLog;
use super::{resolve, warn_about_problems};
use crate::exit::{SafetyStop, UsageError};
use crate::journal::{self, SessionNotes, SessionRecord};
use crate::routine::Routine;
use crate::safety::after::{
    NEW_SYMPTOMS, NEW_SYMPTOMS_HEADING, NEW_SYMPTOMS_QUESTION, PAIN_AFTER_QUESTION,
    RISING_PAIN_ADVICE,
};
use crate::safety::{PainScore, Verdict, VerdictKind, after_check};
use crate::session::{Clock, Ending, Engine, Interruption, MonotonicClock, Timeline, format_clock};
use crate::settings::Settings;
use crate::ui::cues::{Cues, LAST_WORDS_GRACE, Speaker};
use crate::ui::guide::{run_full_screen, run_plain, wait_to_begin};
use crate::ui::prompt::Asker;
use crate::ui::prose::Prose;
use crate::ui::signals::Signals;

/// Runs the named routines (ids, areas or conditions) one after another.
pub fn run(settings: &Settings, names: &[String]) -> anyhow::Result<()> {
    if names.is_empty() {
        return Err(UsageError(
            "name a routine or pain area, e.g. `selfmassage neck` (see `selfmassage list`)"
                .to_string(),
        )
        .into());
    }
    // First of all, so a signal at any prompt (the routine chooser too) restores the terminal.
    let signals = Signals::install(settings.interactive)?;
    let catalog = settings.catalog();
    warn_about_problems(&catalog, names);
    let routines = resolve(settings, &catalog, names)?;
    let started_at = Timestamp::now();

    let mut asker = asker_for(settings);
    let mut log = SessionLog::open(settings);
    let screening = preflight(asker.as_mut(), &log, &routines)?;
    show_verdict(settings, &screening.verdict)?;
    // Under "go ahead gently", every firm step is done with its gentle text.
    let gentle: Vec<Routine>;
    let mut timeline = if screening.verdict.kind == VerdictKind::GoAheadGently {
        say_left_out(settings, &routines)?;
        gentle = routines.iter().map(|r| r.gently()).collect();
        Timeline::build(&gentle.iter().collect::<Vec<_>>(), settings.length)
    } else {
        Timeline::build(&routines, settings.length)
    };
    let entry = JournalEntry {
        started_at,
        routines: &routines,
        verdict: &screening.verdict,
        pain_before: screening.answers.pain(),
        steps_total: timeline.steps() as u32,
    };
    if !screening.verdict.kind.allows_session() {
        log.record(
            &entry.record(journal::Ending::SafetyStop, 0),
            &entry.notes(),
        );
        return Err(SafetyStop.into());
    }
    if let Some(reminder) = screening.verdict.reminder() {
        timeline.remind(&reminder);
    }
    // Every warning before the session, while it can still be read and acted on.
    let speaker = if settings.speak {
        Speaker::find(settings.speak_command.as_deref())
            .inspect_err(|problem| crate::ui::width::warn(problem))
            .ok()
    } else {
        None
    };
    introduce(settings, &routines, &timeline)?;
    if settings.full_screen() && !wait_to_begin()? {
        Prose::stdout(settings.stdout_is_terminal).say("Not started; nothing was saved.")?;
        return Ok(());
    }
    let mut cues = Cues::new(settings.sound, speaker);
    let clock = MonotonicClock::new();
    let (mut engine, first_events) = Engine::start(timeline, clock.now());
    let session_signals = signals.session();
    let guided = if settings.full_screen() {
        run_full_screen(
            &mut engine,
            &first_events,
            &clock,
            &mut cues,
            &signals,
            settings.color,
        )
    } else {
        run_plain(
            &mut engine,
            &first_events,
            &clock,
            &mut cues,
            &signals,
            settings.stdin_is_terminal,
            settings.stdout_is_terminal,
        )
    };
    let ending = engine.ending().unwrap_or(Ending::Stopped);
    // Speech ends with the session: the last words may finish, unless it was interrupted.
    cues.finish(match ending {
        Ending::Interrupted(_) => Duration::ZERO,
        _ => LAST_WORDS_GRACE,
    });
    let reached_end = engine.reached_end();
    let (done, total) = engine.steps_done();
    let done = done as u32;
    // Saved now, before anything more is written or asked: a signal or a closed terminal
    // during the last two questions must not lose the session. (If the terminal failed
    // under us, this keeps what the user did before the error is reported.)
    let saved = log.record(&entry.record(ending.into(), done), &entry.notes());
    // Only now may a signal end the run at once: the session is in the journal.
    signals.session_saved(saved.is_some());
    drop(session_signals);
    // The terminal may be gone: `warn` drops a warning it cannot show.
    for warning in &cues.warnings {
        crate::ui::width::warn(warning);
    }
    drop(cues);
    guided?;
    // A signal that came as the session ended, after the loop last looked: the session
    // is saved as it ended, and the run ends as the signal asks.
    if let Some(why) = signals.pending()
        && !matches!(ending, Ending::Interrupted(_))
    {
        return Err(why.into());
    }
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    match ending {
        Ending::Interrupted(why) => {
            // The terminal may be gone (a hang-up): the exit code is what matters now.
            let _ = out.say(&format!("\nInterrupted after {done} of {}.", steps(total)));
            return Err(why.into());
        }
        Ending::Hurts => out.say(&format!("\n{RISING_PAIN_ADVICE}"))?,
        Ending::Stopped | Ending::Completed => out.say(&format!(
            "\n{}",
            how_it_went(reached_end, done as usize, total)
        ))?,
    }
    drop(out);

    let (pain_after, symptoms) = ask_after(asker.as_mut())
        .map_err(|error| {
            // A closed window at the after-check is a hang-up (exit 129), not a failure.
            // (A pipe whose writer closed reports a hang-up too: that is end of input.)
            if settings.stdin_is_terminal && crate::ui::input::terminal_hung_up() {
                Interruption::HangUp.into()
            } else {
                error
            }
        })
        .context("the session is saved in your journal, without how you felt afterwards")?;
    log.record_after_check(saved, pain_after, &symptoms);
    let check = after_check(
        entry.pain_before,
        pain_after,
        &symptoms,
        ending == Ending::Hurts,
        &areas_of(&routines),
    );
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    out.line("")?;
    for line in &check.message {
        out.say(line)?;
    }
    for finding in log.findings(&areas_of(&routines), Timestamp::now()) {
        out.say(&finding.advice())?;
    }
    Ok(())
}

/// Under "go ahead gently", the steps left out because they have no light version.
fn say_left_out(settings: &Settings, routines: &[&Routine]) -> anyhow::Result<()> {
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    for routine in routines {
        for step in routine.left_out_gently() {
            out.say(&format!(
                "Left out today: \"{}\" ({}) has no light-pressure version.",
                step.title, routine.title
            ))?;
        }
    }
    Ok(())
}

/// What every journal record of this run shares.
struct JournalEntry<'a> {
    started_at: Timestamp,
    routines: &'a [&'a Routine],
    verdict: &'a Verdict,
    pain_before: Option<PainScore>,
    steps_total: u32,
}

impl JournalEntry<'_> {
    fn record(&self, ending: journal::Ending, steps_done: u32) -> SessionRecord {
        SessionRecord {
            started_at: self.started_at,
            ended_at: Timestamp::now(),
            routines: self.routines.iter().map(|r| r.id.to_string()).collect(),
            areas: areas_of(self.routines),
            verdict: self.verdict.kind,
            pain_before: self.pain_before,
            pain_after: None,
            new_symptoms: None,
            steps_done,
            steps_total: self.steps_total,
            ending,
        }
    }

    /// The verdict's reasons, in the words the person was shown.
    fn notes(&self) -> SessionNotes {
        SessionNotes {
            reasons: self
                .verdict
                .reasons
                .iter()
                .map(|r| r.text.clone())
                .collect(),
            symptoms: Vec::new(),
        }
    }
}

/// What is about to happen, in one line.
fn introduce(
    settings: &Settings,
    routines: &[&Routine],
    timeline: &Timeline,
) -> anyhow::Result<()> {
    let titles: Vec<&str> = routines.iter().map(|r| &*r.title).collect();
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    out.line("")?;
    out.say(&format!(
        "{}: {}, {} in all.",
        settings.style().heading(&titles.join(" + ")),
        steps(timeline.steps()),
        format_clock(timeline.total().as_secs())
    ))?;
    Ok(())
}

/// The after-check questions: pain now, then the new symptoms as one list and, on "yes",
/// each of them. A "yes" no item confirms still counts as a new symptom ("unsure").
fn ask_after(asker: &mut dyn Asker) -> anyhow::Result<(PainScore, Vec<String>)> {
    let pain = asker.pain(PAIN_AFTER_QUESTION)?;
    asker.say(NEW_SYMPTOMS_HEADING)?;
    for symptom in &NEW_SYMPTOMS {
        asker.say(&format!("  - {}", symptom.question))?;
    }
    if !asker.yes_no(NEW_SYMPTOMS_QUESTION)? {
        return Ok((pain, Vec::new()));
    }
    let mut symptoms = Vec::new();
    for symptom in &NEW_SYMPTOMS {
        if asker.yes_no(symptom.question)? {
            symptoms.push(symptom.id.to_string());
        }
    }
    if symptoms.is_empty() {
        symptoms.push("unsure".to_string());
    }
    Ok((pain, symptoms))
}

/// The line after a session that ended by itself or with `q`: "Done: all" only when every
/// step was done (see `Engine::steps_done`), and skipped steps said as such.
fn how_it_went(reached_end: bool, done: usize, total: usize) -> String {
    if done == total && reached_end {
        format!("Done: all {}. How do you feel?", steps(total))
    } else if reached_end {
        format!(
            "Finished: {done} of {} done, {} skipped. How do you feel?",
            steps(total),
            total.saturating_sub(done)
        )
    } else {
        format!("Stopped after {done} of {total} steps. That is fine.")
    }
}

/// "1 step", "3 steps".
fn steps(count: usize) -> String {
    if count == 1 {
        "1 step".to_string()
    } else {
        format!("{count} steps")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_all_only_when_every_step_was_done() {
        assert_eq!(
            how_it_went(true, 8, 8),
            "Done: all 8 steps. How do you feel?"
        );
        assert_eq!(
            how_it_went(true, 3, 8),
            "Finished: 3 of 8 steps done, 5 skipped. How do you feel?"
        );
        assert_eq!(
            how_it_went(true, 0, 1),
            "Finished: 0 of 1 step done, 1 skipped. How do you feel?"
        );
        assert_eq!(
            how_it_went(false, 2, 8),
            "Stopped after 2 of 8 steps. That is fine."
        );
    }
}
