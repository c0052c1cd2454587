//! `selfmassage run` (and the bare `selfmassage <name>`): questionnaire, guided session,
//! after-check. Wires the safety and session cores to the terminal.

use std::io::Write;

use super::check::{Screening, asker_for, screen, show_verdict};
use super::{resolve, warn_about_problems};
use crate::app::App;
use crate::cli::RunArgs;
use crate::exit::{SafetyStop, UsageError};
use crate::routine::Routine;
use crate::safety::after::{NEW_SYMPTOMS_QUESTION, PAIN_AFTER_QUESTION, RISING_PAIN_ADVICE};
use crate::safety::{AfterCheck, Answers, after_check};
use crate::session::{Clock, Ending, Engine, MonotonicClock, Timeline, format_clock};
use crate::ui::cues::{Cues, Speaker};
use crate::ui::guide::{run_full_screen, run_plain};
use crate::ui::prompt::Asker;
use crate::ui::signals::Signals;

pub fn run(app: &App, args: &RunArgs) -> anyhow::Result<()> {
    if args.names.is_empty() {
        return Err(UsageError(
            "name a routine or pain area, e.g. `selfmassage neck` (see `selfmassage list`)"
                .to_string(),
        )
        .into());
    }
    let config = app.config()?;
    let catalog = app.catalog();
    warn_about_problems(&catalog);
    let routines = resolve(app, &catalog, &args.names)?;

    let mut asker = asker_for(app);
    let screening = screen(asker.as_mut(), &routines, &Answers::default())?;
    show_verdict(app, &screening.verdict)?;
    if !screening.verdict.kind.allows_session() {
        return Err(SafetyStop.into());
    }

    let length = args.length.unwrap_or(config.length);
    let timeline = Timeline::build(&routines, length);
    introduce(app, &routines, &timeline)?;

    let speaker = if args.speak || config.speak {
        match Speaker::find(config.speak_command.as_deref()) {
            Ok(speaker) => Some(speaker),
            Err(problem) => {
                eprintln!("selfmassage: warning: {problem}");
                None
            }
        }
    } else {
        None
    };
    let mut cues = Cues::new(config.sound && !args.quiet, speaker);
    let signals = Signals::install()?;
    let clock = MonotonicClock::new();
    let (mut engine, first_events) = Engine::start(timeline, clock.now());
    let full_screen = !app.plain() && app.stdin_is_terminal;
    if full_screen {
        run_full_screen(
            &mut engine,
            &first_events,
            &clock,
            &mut cues,
            &signals,
            !app.no_color,
        )?;
    } else {
        run_plain(
            &mut engine,
            &first_events,
            &clock,
            &mut cues,
            &signals,
            app.stdin_is_terminal,
        )?;
    }
    for warning in &cues.warnings {
        eprintln!("selfmassage: warning: {warning}");
    }
    drop(cues);

    let ending = engine.ending().unwrap_or(Ending::Stopped);
    let (done, total) = engine.steps_done();
    let mut out = std::io::stdout().lock();
    match ending {
        Ending::Interrupted(why) => {
            writeln!(out, "\nInterrupted after {done} of {total} steps.")?;
            return Err(why.into());
        }
        Ending::Hurts => writeln!(out, "\n{RISING_PAIN_ADVICE}")?,
        Ending::Stopped => writeln!(
            out,
            "\nStopped after {done} of {total} steps. That is fine."
        )?,
        Ending::Completed => writeln!(out, "\nDone: all {total} steps. How do you feel?")?,
    }
    drop(out);
    let result = ask_after(asker.as_mut(), &screening)?;
    if let Some(result) = result {
        let mut out = std::io::stdout().lock();
        writeln!(out, "\n{}", result.message)?;
    }
    Ok(())
}

/// What is about to happen, in one or two lines.
fn introduce(app: &App, routines: &[&Routine], timeline: &Timeline) -> anyhow::Result<()> {
    let titles: Vec<&str> = routines.iter().map(|r| r.title.as_str()).collect();
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(
        out,
        "{}: {} steps, {} in all.",
        app.style().heading(&titles.join(" + ")),
        timeline.step_segments(),
        format_clock(timeline.total().as_secs())
    )?;
    Ok(())
}

/// The after-check: pain now and new symptoms, judged against the pain before.
fn ask_after(asker: &mut dyn Asker, screening: &Screening) -> anyhow::Result<Option<AfterCheck>> {
    let Some(before) = screening.answers.pain() else {
        return Ok(None);
    };
    let after = asker.pain(PAIN_AFTER_QUESTION)?;
    let new_symptoms = asker.yes_no(NEW_SYMPTOMS_QUESTION)?;
    Ok(Some(after_check(before, after, new_symptoms)))
}
