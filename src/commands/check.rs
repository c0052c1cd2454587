//! `selfmassage check`: the safety questionnaire alone, and the questionnaire every run uses.

use std::io::Write;

use crate::app::App;
use crate::cli::CheckArgs;
use crate::exit::SafetyStop;
use crate::routine::Routine;
use crate::safety::{
    Answer, AnswerKind, Answers, GUIDANCE_NOTE, Next, Questionnaire, Verdict, general_questions,
};
use crate::ui::prompt::{Asker, LineAsker, TerminalAsker};

use super::{resolve, warn_about_problems};

/// What the questionnaire found.
#[derive(Debug, Clone)]
pub struct Screening {
    pub verdict: Verdict,
    pub answers: Answers,
}

pub fn run(app: &App, args: &CheckArgs) -> anyhow::Result<()> {
    let catalog = app.catalog();
    warn_about_problems(&catalog);
    let routines = resolve(app, &catalog, &args.names)?;
    let mut asker = asker_for(app);
    let screening = screen(asker.as_mut(), &routines, &Answers::default())?;
    show_verdict(app, &screening.verdict)?;
    if screening.verdict.kind.allows_session() {
        Ok(())
    } else {
        Err(SafetyStop.into())
    }
}

/// Interactive prompts for a person at a terminal, one line per answer for scripts.
pub fn asker_for(app: &App) -> Box<dyn Asker> {
    if app.interactive() {
        Box::new(TerminalAsker)
    } else {
        Box::new(LineAsker::new(std::io::stdin().lock(), std::io::stdout()))
    }
}

/// Asks every question the answers so far leave open, then returns the verdict.
/// `known` holds answers remembered from earlier sessions.
pub fn screen(
    asker: &mut dyn Asker,
    routines: &[&Routine],
    known: &Answers,
) -> anyhow::Result<Screening> {
    let general = general_questions()
        .map_err(|problem| anyhow::anyhow!("a built-in file is damaged: {problem}"))?;
    let questionnaire = Questionnaire::new(general, routines);
    let mut answers = known.clone();
    asker.say(GUIDANCE_NOTE)?;
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
pub fn show_verdict(app: &App, verdict: &Verdict) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(out, "{}", crate::ui::verdict::render(verdict, app.style()))?;
    Ok(())
}
