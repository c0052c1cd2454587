//! The questionnaire before every session (and `check`): advice from earlier sessions,
//! remembered answers, the questions themselves, and the verdict on screen.

use std::io::Write;

use anyhow::Context as _;

use super::session_log::SessionLog;
use crate::routine::Routine;
use crate::safety::general::{rememberable, remembered_answers};
use crate::safety::{
    Answer, AnswerKind, Answers, GUIDANCE_NOTE, GeneralQuestion, Next, Questionnaire, Verdict,
    general_questions,
};
use crate::settings::Settings;
use crate::ui::prompt::{Asker, LineAsker, TerminalAsker};

/// What the questionnaire found.
#[derive(Debug, Clone)]
pub struct Screening {
    pub verdict: Verdict,
    pub answers: Answers,
}

/// Interactive prompts for a person at a terminal, one line per answer for scripts.
pub fn asker_for(settings: &Settings) -> Box<dyn Asker> {
    if settings.interactive {
        Box::new(TerminalAsker)
    } else {
        Box::new(LineAsker::new(std::io::stdin().lock(), std::io::stdout()))
    }
}

/// Everything before a session: advice from earlier sessions for these areas, the
/// questionnaire (skipping general questions answered all-clear recently, unless
/// `--ask-all`), and a note in the journal of how the general questions were answered.
pub fn preflight(
    asker: &mut dyn Asker,
    log: &mut SessionLog,
    routines: &[&Routine],
    settings: &Settings,
) -> anyhow::Result<Screening> {
    let now = jiff::Timestamp::now();
    for advice in log.advice_for(&areas_of(routines), now) {
        asker.say(&format!("From your journal: {advice}"))?;
    }
    let general = general_questions()
        .map_err(|problem| anyhow::anyhow!("a built-in file is damaged: {problem}"))?;
    let remembered = if settings.ask_all {
        None
    } else {
        log.remembered_all_clear(&general, settings.remember_answers_days, now)
    };
    asker.say(GUIDANCE_NOTE)?;
    let known = match remembered {
        Some(when) => {
            let date = when.to_zoned_datetime(jiff::tz::TimeZone::system()).date();
            let topics: Vec<&str> = rememberable(&general).map(|q| q.reason.as_str()).collect();
            asker.say(&format!(
                "Not asked again: {}. You said no to these on {date}; if anything has changed, run with --ask-all.",
                topics.join("; ")
            ))?;
            remembered_answers(&general)
        }
        None => Answers::default(),
    };
    let screening = screen(asker, general.clone(), routines, &known)
        .context("the safety questions were not finished, so nothing was started")?;
    if remembered.is_none() {
        log.record_screening(&general, &screening.answers, now);
    }
    Ok(screening)
}

/// Every pain area of these routines, once each, in order.
pub fn areas_of(routines: &[&Routine]) -> Vec<String> {
    let mut areas: Vec<String> = Vec::new();
    for area in routines.iter().flat_map(|r| &r.areas) {
        if !areas.iter().any(|known| known == area) {
            areas.push(area.to_string());
        }
    }
    areas
}

/// Asks every question the answers so far leave open, then returns the verdict.
/// `known` holds answers remembered from earlier sessions.
pub fn screen(
    asker: &mut dyn Asker,
    general: Vec<GeneralQuestion>,
    routines: &[&Routine],
    known: &Answers,
) -> anyhow::Result<Screening> {
    let questionnaire = Questionnaire::new(general, routines);
    let mut answers = known.clone();
    loop {
        match questionnaire.next(&answers) {
            Next::Ask(question) => {
                let answer = match question.kind {
                    AnswerKind::YesNo => Answer::from_bool(asker.yes_no(&question.text)?),
                    AnswerKind::Pain => Answer::Pain(asker.pain(&question.text)?),
                };
                answers.set(question.id, answer);
            }
            Next::Done(verdict) => return Ok(Screening { verdict, answers }),
        }
    }
}

/// Prints the verdict on stdout, after a blank line.
pub fn show_verdict(settings: &Settings, verdict: &Verdict) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::ui::verdict::render(verdict, settings.style())
    )?;
    Ok(())
}
