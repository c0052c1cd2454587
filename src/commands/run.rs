//! `selfmassage run` (and the bare `selfmassage <name>`) in three phases: [`screen`] (the
//! questions and the verdict), [`guide`] (the session, saved as it ends) and [`after`] (how
//! the person feels, and the journal's advice). Wires the safety, session and journal cores
//! to the terminal.

use jiff::Timestamp;

use super::list::PLUS_UNTIMED;
use super::screening::{areas_of, as_chosen, asker_for, preflight, show_verdict};
use super::{resolve, warn_about_problems};
use crate::cli::RunArgs;
use crate::exit::{SafetyStop, UsageError};
use crate::journal::SessionLog;
use crate::journal::{self, Saved, SessionNotes, SessionRecord};
use crate::routine::Routine;
use crate::safety::after::FollowUp;
use crate::safety::after::{
    NEW_SYMPTOMS, NEW_SYMPTOMS_HEADING, NEW_SYMPTOMS_QUESTION, PAIN_AFTER_QUESTION,
    RISING_PAIN_ADVICE,
};
use crate::safety::{AnswerKind, PainScore, Verdict, VerdictKind, after_check};
use crate::sanitize::clean;
use crate::session::{Interruption, MonotonicClock, SessionEnd, Timeline, format_clock};
use crate::settings::Settings;
use crate::ui::prompt::Asker;
use crate::ui::session::app::{Guided, Reached, Shown, guide as show_session};
use crate::ui::session::begin::wait_to_begin;
use crate::ui::session::cues::{Cues, Speaker};
use crate::ui::terminal::signals::Signals;
use crate::ui::text::prose::{Prose, warn};

/// Runs the named routines (ids, areas or conditions) one after another.
pub fn run(settings: &Settings, args: &RunArgs) -> anyhow::Result<()> {
    let names = &args.names;
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
    three_phases(settings, &signals, &routines, note(args), None)
}

/// `again`: the routines of the last session, from the safety questions on.
pub fn again(settings: &Settings, args: &RunArgs) -> anyhow::Result<()> {
    refuse_names(args, "again")?;
    let signals = Signals::install(settings.interactive)?;
    let read = journal::read_all(&settings.paths.journal_file())?;
    let Some(last) = journal::resume::last_session(&read.sessions) else {
        return Err(UsageError(
            "nothing to run again: your journal has no session yet (start one with `selfmassage <name>`)"
                .to_string(),
        )
        .into());
    };
    let catalog = settings.catalog();
    let routines = resolve(settings, &catalog, &last.record.routines)?;
    Prose::stdout(settings.stdout_is_terminal).say(&format!("Again: {}.", titles(&routines)))?;
    three_phases(settings, &signals, &routines, note(args), None)
}

/// "Neck knot release and Shoulders": the routines by their titles, as a person knows them.
fn titles(routines: &[&Routine]) -> String {
    let titles: Vec<String> = routines.iter().map(|r| clean(&r.title)).collect();
    crate::words::and_list(&titles)
}

/// `resume`: the last session that did not finish, from the safety questions on, then from
/// the start of the step where it stopped; saved over it, as one session.
pub fn resume(settings: &Settings, args: &RunArgs) -> anyhow::Result<()> {
    refuse_names(args, "resume")?;
    let signals = Signals::install(settings.interactive)?;
    let read = journal::read_all(&settings.paths.journal_file())?;
    if let Some(last) = journal::resume::last_session(&read.sessions)
        && read.waiting.contains(&last.id)
    {
        // Continued now, it would be saved as a session of its own beside it.
        anyhow::bail!(
            "your last session is still kept beside the journal, which cannot be written now (see above): `resume` can continue it once it has been added"
        );
    }
    let last = journal::resume::resumable(&read.sessions, Timestamp::now()).map_err(|why| {
        let another = if why.suggests_another() {
            " Start a session with `selfmassage <name>`, or repeat the last one with `selfmassage again`."
        } else {
            ""
        };
        UsageError(format!("nothing to resume: {why}{another}"))
    })?;
    let catalog = settings.catalog();
    let routines = resolve(settings, &catalog, &last.record.routines)?;
    let resume = Resume {
        id: last.id,
        started_at: last.record.started_at,
        // At least step 1: a session stopped at "get ready" starts again at its first step.
        step: last.notes.stopped_at_step.unwrap_or(1).max(1),
        steps_done: last.record.steps_done,
        note: last.notes.note.clone(),
    };
    Prose::stdout(settings.stdout_is_terminal).say(&format!(
        "Resuming: {}, stopped at step {}.",
        titles(&routines),
        resume.step
    ))?;
    three_phases(settings, &signals, &routines, note(args), Some(resume))
}

/// `again` and `resume` take their routines from the journal.
fn refuse_names(args: &RunArgs, command: &str) -> anyhow::Result<()> {
    if args.names.is_empty() {
        Ok(())
    } else {
        Err(UsageError(format!(
            "`{command}` takes the routines of your last session: name none (to run others, `selfmassage <name>`)"
        ))
        .into())
    }
}

/// The person's note, as it will be kept: no control characters, trimmed; none if empty.
fn note(args: &RunArgs) -> Option<String> {
    args.session
        .note
        .as_deref()
        .map(|text| clean(text).trim().to_string())
        .filter(|text| !text.is_empty())
}

/// The session a `resume` continues.
#[derive(Debug, Clone)]
struct Resume {
    /// Its row in the journal, which the resumed session replaces.
    id: i64,
    started_at: Timestamp,
    /// The step to start again at (1-based over all routines).
    step: u32,
    /// Steps done before it stopped.
    steps_done: u32,
    note: Option<String>,
}

/// The three phases, for routines found by name or in the journal.
fn three_phases(
    settings: &Settings,
    signals: &Signals,
    routines: &[&Routine],
    note: Option<String>,
    resume: Option<Resume>,
) -> anyhow::Result<()> {
    // Before the questions: a missing speech program is worth knowing before answering
    // them all.
    let speaker = settings
        .speak
        .then(|| Speaker::find(settings.speak_command.as_deref()).inspect_err(|p| warn(p)))
        .and_then(Result::ok);
    let mut asker = asker_for(settings);
    let mut log = SessionLog::open(settings);
    let planned = screen(settings, asker.as_mut(), &mut log, routines, note, resume)?;
    match guide(settings, signals, &mut log, planned, speaker)? {
        Some(session) => after(settings, asker.as_mut(), &mut log, session),
        None => Ok(()),
    }
}

/// A session the verdict allows, ready to start.
struct Planned {
    entry: JournalEntry,
    timeline: Timeline,
}

/// Phase 1: what the journal says, the safety questions and the verdict. A verdict that
/// allows no session is saved as a safety stop and ends the run (exit 3).
fn screen(
    settings: &Settings,
    asker: &mut dyn Asker,
    log: &mut SessionLog,
    routines: &[&Routine],
    note: Option<String>,
    resume: Option<Resume>,
) -> anyhow::Result<Planned> {
    let started_at = Timestamp::now();
    let screening = preflight(settings, asker, log, routines)?;
    // The optional steps the person did not include are left out of the session.
    let chosen = as_chosen(routines, &screening.answers);
    let routines: &[&Routine] = &chosen.iter().collect::<Vec<_>>();
    show_verdict(settings, &screening.verdict)?;
    // Under "go ahead gently", every step above light is done with its gentle text.
    let mut timeline = if screening.verdict.kind == VerdictKind::GoAheadGently {
        say_left_out(settings, routines)?;
        let gentle: Vec<Routine> = routines.iter().map(|r| r.gently()).collect();
        Timeline::build(&gentle.iter().collect::<Vec<_>>(), settings.length)
    } else {
        Timeline::build(routines, settings.length)
    };
    let mut entry = JournalEntry {
        started_at,
        routines: chosen.clone(),
        pain_before: screening.answers.pain(),
        steps_total: timeline.steps() as u32,
        verdict: screening.verdict,
        note,
        resume: None,
    };
    if !entry.verdict.kind.allows_session() {
        // A safety stop on `resume` is a run of its own: the unfinished session stays.
        log.record(
            &entry.record(journal::Ending::SafetyStop, 0, None),
            &entry.notes(None),
        );
        return Err(SafetyStop.into());
    }
    if let Some(resume) = resume {
        let step = usize::try_from(resume.step).unwrap_or(usize::MAX);
        timeline = timeline.from_step(step);
        Prose::stdout(settings.stdout_is_terminal).say(&format!(
            "Resuming at step {} of {}.",
            resume.step, entry.steps_total
        ))?;
        entry.started_at = resume.started_at;
        entry.note = entry.note.or_else(|| resume.note.clone());
        entry.resume = Some(resume);
    }
    if let Some(reminder) = entry.verdict.reminder() {
        timeline.remind(&reminder);
    }
    Ok(Planned { entry, timeline })
}

/// A session that was shown and saved.
struct Session {
    entry: JournalEntry,
    guided: Guided,
    saved: Option<Saved>,
}

/// Phase 2: the session, from "press Enter to begin" to the journal. `None`: the person
/// left before it began (nothing is saved).
fn guide(
    settings: &Settings,
    signals: &Signals,
    log: &mut SessionLog,
    Planned {
        mut entry,
        timeline,
    }: Planned,
    speaker: Option<Speaker>,
) -> anyhow::Result<Option<Session>> {
    introduce(settings, &entry.refs(), &timeline)?;
    if settings.full_screen() && !wait_to_begin()? {
        Prose::stdout(settings.stdout_is_terminal).say("Not started; nothing was saved.")?;
        return Ok(None);
    }
    let shown = if settings.full_screen() {
        Shown::FullScreen {
            color: settings.color,
            glyphs: settings.glyphs,
        }
    } else {
        Shown::Plain {
            keys: settings.stdin_is_terminal,
            terminal: settings.stdout_is_terminal,
        }
    };
    // The session's time is its steps' (with "get ready"): the questions before it and the
    // after-check are not counted in its minutes. A resumed session keeps its first start.
    if entry.resume.is_none() {
        entry.started_at = Timestamp::now();
    }
    let in_session = signals.session();
    let cues = Cues::new(settings.sound, speaker);
    // Kept beside the journal while it runs, so a crash does not lose it; a resumed session
    // too, with the row it continues, so the steps done since the resume are not lost.
    // At "get ready" (step 0), where it would start again is this run's first step.
    let first_step = entry.resume.as_ref().map_or(1, |resume| resume.step);
    let crashed_at = |reached: Reached| {
        let step = reached.step.max(first_step);
        (
            entry.record(journal::Ending::Signal, reached.steps_done, Some(step)),
            entry.notes(Some(step)),
        )
    };
    let mut running = {
        let (record, notes) = crashed_at(Reached {
            step: 0,
            steps_done: 0,
        });
        journal::progress::Running::begin(&settings.paths.journal_file(), &record, &notes)
    };
    let mut reached = |reached: Reached| {
        if let Some(running) = running.as_mut() {
            let (record, notes) = crashed_at(reached);
            running.update(&record, &notes);
        }
    };
    let (guided, shown) = show_session(
        timeline,
        &MonotonicClock::new(),
        cues,
        signals,
        shown,
        &mut reached,
    );
    // Saved now, before anything more is written or asked: a signal or a closed terminal
    // during the last two questions must not lose the session. (If the terminal failed
    // under us, this keeps what the user did before the error is reported.)
    let record = entry.record(
        guided.ending.into(),
        guided.steps_done as u32,
        guided.stopped_at_step,
    );
    let notes = entry.notes(guided.stopped_at_step);
    let saved = log.record(&record, &notes);
    if let Some(mut running) = running {
        if saved.is_some() {
            running.end();
        } else {
            // Kept nowhere else (it was printed): the next start adds it from here.
            running.update(&record, &notes);
        }
    }
    in_session.end(saved.is_some());
    // The terminal may be gone: `warn` drops a warning it cannot show.
    for warning in &guided.warnings {
        warn(warning);
    }
    shown?;
    // A signal that came as the session ended, after the loop last looked: the session
    // is saved as it ended, and the run ends as the signal asks.
    if let Some(why) = signals.pending()
        && !matches!(guided.ending, SessionEnd::Interrupted(_))
    {
        return Err(why.into());
    }
    Ok(Some(Session {
        entry,
        guided,
        saved,
    }))
}

/// Phase 3: how the session ended, how the person feels now, and what the journal says.
fn after(
    settings: &Settings,
    asker: &mut dyn Asker,
    log: &mut SessionLog,
    Session {
        entry,
        guided,
        saved,
    }: Session,
) -> anyhow::Result<()> {
    say_how_it_ended(settings, &guided)?;
    // Each answer is saved as it is given, before the next question waits: a signal at a
    // question ends the run at once, and what was answered must still count next time.
    let mut answered: Option<(PainScore, Vec<String>)> = None;
    let mut keep = |pain: PainScore, symptoms: Option<&[String]>| {
        answered = Some((pain, symptoms.unwrap_or_default().to_vec()));
        log.record_after_check(saved, pain, symptoms);
    };
    let asked = ask_after(asker, &mut keep);
    let areas = areas_of(&entry.refs());
    let advice = |pain_after: PainScore, symptoms: &[String]| {
        after_check(
            entry.pain_before,
            pain_after,
            symptoms,
            guided.ending == SessionEnd::Hurts,
            guided.steps_done > 0,
            &areas,
        )
    };
    let (pain_after, symptoms) = match asked {
        Ok(asked) => asked,
        Err(error) => {
            // A closed window at the after-check is a hang-up (exit 129), not a failure.
            // (A pipe whose writer closed reports a hang-up too: that is end of input.)
            let hung_up =
                settings.stdin_is_terminal && crate::ui::terminal::input::terminal_hung_up();
            // What was answered before the questions stopped still gets its advice now, when
            // it calls for any: a pain that went up must not wait for the rest.
            if let Some((pain, symptoms)) = &answered {
                let check = advice(*pain, symptoms);
                if check.follow_up > FollowUp::None && !hung_up {
                    let mut out = Prose::stdout(settings.stdout_is_terminal);
                    let _ = out.line("");
                    for line in &check.message {
                        let _ = out.say(line);
                    }
                }
            }
            let error = if hung_up {
                Interruption::HangUp.into()
            } else {
                error
            };
            let context = match (log.kept_where(), answered.is_some()) {
                (None, _) => {
                    "this session could not be saved: keep the lines printed above".to_string()
                }
                (Some(place), true) => format!(
                    "the session is saved {place} with the answers you gave; the rest of the questions were not answered"
                ),
                (Some(place), false) => {
                    format!("the session is saved {place}, without how you felt afterwards")
                }
            };
            return Err(error.context(context));
        }
    };
    let check = advice(pain_after, &symptoms);
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    out.line("")?;
    for line in &check.message {
        out.say(line)?;
    }
    // Each piece of advice once: a session that went badly is the one the after-check just
    // spoke of, and when it sent the person to a doctor, what else the journal found is for
    // that doctor too.
    let findings: Vec<_> = log
        .findings(&areas, Timestamp::now())
        .into_iter()
        .filter(|finding| saved.is_none() || !finding.is_about_one_session())
        .collect();
    if check.follow_up > FollowUp::None {
        let also: Vec<&str> = findings.iter().map(|f| f.text.as_str()).collect();
        if !also.is_empty() {
            out.say(&format!("Tell the doctor too: {}.", also.join("; ")))?;
        }
    } else {
        for finding in findings {
            out.say(&finding.advice())?;
        }
    }
    if check.follow_up == FollowUp::Emergency {
        // Medical care now, as from the questions before a session: a safety stop (exit 3),
        // whatever else went wrong (a session that could not be saved was said on stderr).
        return Err(SafetyStop.into());
    }
    if log.lost_something() {
        anyhow::bail!(
            "this session could not be saved: keep the lines printed above (the advice above stands)"
        );
    }
    Ok(())
}

/// The line after the session; an interrupted session ends the run here.
fn say_how_it_ended(settings: &Settings, guided: &Guided) -> anyhow::Result<()> {
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    let (done, total) = (guided.steps_done, guided.steps_total);
    match guided.ending {
        SessionEnd::Interrupted(why) => {
            // The terminal may be gone (a hang-up): the exit code is what matters now.
            let _ = out.say(&format!(
                "\nInterrupted after {done} of {}. {RESUME_HINT}",
                steps(total)
            ));
            return Err(why.into());
        }
        SessionEnd::Hurts => out.say(&format!("\n{RISING_PAIN_ADVICE}"))?,
        SessionEnd::Stopped | SessionEnd::Completed => out.say(&format!(
            "\n{}",
            how_it_went(guided.reached_end, done, total)
        ))?,
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
struct JournalEntry {
    started_at: Timestamp,
    /// As run: the optional steps not chosen left out.
    routines: Vec<Routine>,
    verdict: Verdict,
    pain_before: Option<PainScore>,
    steps_total: u32,
    /// The person's note (`--note`), cleaned.
    note: Option<String>,
    /// The unfinished session this run continues.
    resume: Option<Resume>,
}

impl JournalEntry {
    fn refs(&self) -> Vec<&Routine> {
        self.routines.iter().collect()
    }

    /// The record of this run; `stopped_at` as [`Guided::stopped_at_step`]. A resumed
    /// session counts the steps done before it stopped (up to the step it starts again at)
    /// with those done now, and where it stops again over all its steps.
    fn record(
        &self,
        ending: journal::Ending,
        steps_done: u32,
        stopped_at: Option<u32>,
    ) -> SessionRecord {
        let (steps_done, ending) = match &self.resume {
            Some(resume) => {
                let done =
                    (resume.steps_done.min(resume.step - 1) + steps_done).min(self.steps_total);
                // At its end, complete only when every step of both runs was done.
                let ending = match ending {
                    journal::Ending::Completed | journal::Ending::Stopped
                        if stopped_at.is_none() =>
                    {
                        if done == self.steps_total {
                            journal::Ending::Completed
                        } else {
                            journal::Ending::Stopped
                        }
                    }
                    other => other,
                };
                (done, ending)
            }
            None => (steps_done, ending),
        };
        SessionRecord {
            started_at: self.started_at,
            ended_at: Timestamp::now(),
            routines: self.routines.iter().map(|r| r.id.to_string()).collect(),
            areas: areas_of(&self.refs()),
            verdict: self.verdict.kind,
            pain_before: self.pain_before,
            pain_after: None,
            new_symptoms: None,
            steps_done,
            steps_total: self.steps_total,
            ending,
        }
    }

    /// The verdict's reasons, in the words the person was shown, the person's note, and
    /// where the session stopped before its end (for `resume`).
    fn notes(&self, stopped_at: Option<u32>) -> SessionNotes {
        SessionNotes {
            reasons: self
                .verdict
                .reasons
                .iter()
                .map(|r| r.text.clone())
                .collect(),
            symptoms: Vec::new(),
            note: self.note.clone(),
            stopped_at_step: stopped_at,
            resumed: self.resume.is_some(),
            continues: self.resume.as_ref().map(|resume| resume.id),
            ..SessionNotes::default()
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
    let untimed = if timeline.has_untimed() {
        format!(" {PLUS_UNTIMED}")
    } else {
        String::new()
    };
    out.say(&format!(
        "{}: {}, {} in all{untimed}.",
        settings.style().heading(&titles.join(" + ")),
        steps(timeline.steps()),
        format_clock(timeline.total().as_secs())
    ))?;
    Ok(())
}

/// The after-check questions: pain now, then the new symptoms as one list and, on "yes",
/// each of them. A "yes" no item confirms still counts as a new symptom ("unsure"). A "yes"
/// to a sign that calls for emergency care ends the questions at once: its advice must not
/// wait behind the others. `keep` gets what is known after each answer that adds to it
/// (the new symptoms `None` until that is answered), before the next question is asked.
fn ask_after(
    asker: &mut dyn Asker,
    keep: &mut dyn FnMut(PainScore, Option<&[String]>),
) -> anyhow::Result<(PainScore, Vec<String>)> {
    let pain = asker.pain(PAIN_AFTER_QUESTION)?;
    keep(pain, None);
    let list: Vec<String> = std::iter::once(NEW_SYMPTOMS_HEADING.to_string())
        .chain(NEW_SYMPTOMS.iter().map(|s| format!("  - {}", s.question)))
        .collect();
    asker.before(&list, NEW_SYMPTOMS_QUESTION, AnswerKind::YesNo)?;
    if !asker.yes_no(NEW_SYMPTOMS_QUESTION)? {
        keep(pain, Some(&[]));
        return Ok((pain, Vec::new()));
    }
    let unsure = vec!["unsure".to_string()];
    keep(pain, Some(&unsure));
    let mut symptoms = Vec::new();
    for symptom in &NEW_SYMPTOMS {
        if asker.yes_no(symptom.question)? {
            symptoms.push(symptom.id.to_string());
            keep(pain, Some(&symptoms));
            if symptom.follow_up == FollowUp::Emergency {
                break;
            }
        }
    }
    if symptoms.is_empty() {
        symptoms = unsure;
    }
    Ok((pain, symptoms))
}

/// The line after a session that ended by itself or with `q`, in the words `history` uses
/// for it ([`journal::Ending::words`]): "Done: all" only when every step was done (see
/// `Engine::steps_done`), skipped steps said as such.
fn how_it_went(reached_end: bool, done: usize, total: usize) -> String {
    let ending = if done == total && reached_end {
        journal::Ending::Completed
    } else {
        journal::Ending::Stopped
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let words = ending.words(count(done), count(total), !reached_end);
    let mut said = words.chars();
    let words: String = said
        .next()
        .map(|first| first.to_uppercase().chain(said).collect())
        .unwrap_or_default();
    if ending == journal::Ending::Completed {
        format!("{words}: all {}. How do you feel?", steps(total))
    } else if reached_end {
        format!("{words}: {done} of {} done. How do you feel?", steps(total))
    } else {
        format!(
            "{words}, after {done} of {}. That is fine. {RESUME_HINT}",
            steps(total)
        )
    }
}

/// After a session that stopped part way.
const RESUME_HINT: &str = "`selfmassage resume` continues.";

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
            "Finished, 5 skipped: 3 of 8 steps done. How do you feel?"
        );
        assert_eq!(
            how_it_went(true, 0, 1),
            "Finished, 1 skipped: 0 of 1 step done. How do you feel?"
        );
        assert_eq!(
            how_it_went(false, 2, 8),
            "Stopped early, after 2 of 8 steps. That is fine. `selfmassage resume` continues."
        );
    }
}
