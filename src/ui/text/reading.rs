//! How much a person reads before the verdict: words, prompts and the tallest prompt at a
//! given width, for a person with nothing to report. The limits are the contract of a
//! screen people read (README, "The safety questions"); `tests` check every built-in
//! routine and every pair against them, and `examples/screen-budget.rs` prints them.

use crate::safety::{
    Answer, AnswerKind, Answers, GUIDANCE_NOTE, Next, PainScore, Prompt, PromptId, Questionnaire,
};
use crate::ui::prompt::{AGE_HINT, PAIN_HINT, YES_NO_HINT};
use crate::ui::text::width::wrap;

/// At most this many words before the verdict, for one routine.
pub const MAX_WORDS: usize = 400;
/// At most this many words for any two routines run together.
pub const MAX_WORDS_PAIR: usize = 550;
/// At most this many prompts answered, for one routine.
pub const MAX_PROMPTS: usize = 15;
/// No prompt (its list and its question) taller than this at [`COLUMNS`].
pub const MAX_ROWS: usize = 18;
/// The width the rows are counted at.
pub const COLUMNS: usize = 80;

/// What a person with nothing to report reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub words: usize,
    pub prompts: usize,
    /// Rows of the tallest prompt at the width given.
    pub rows: usize,
    /// The tallest prompt's question, to find it.
    pub tallest: String,
}

/// The lines a prompt takes at `columns`: its preamble (list items' later lines under
/// their first word) and the question with its hint.
pub fn prompt_lines(prompt: &Prompt, columns: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in &prompt.preamble {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        lines.extend(wrap(line, columns, "", &" ".repeat(indent)));
    }
    let hint = match prompt.kind {
        AnswerKind::YesNo => YES_NO_HINT,
        AnswerKind::Pain => PAIN_HINT,
        AnswerKind::Age => AGE_HINT,
    };
    lines.extend(wrap(
        &format!("? {} {hint}", prompt.text),
        columns,
        "",
        "  ",
    ));
    lines
}

/// `prompt` as asked in a window of `columns` x `rows`: a list taller than the window would
/// scroll its heading away before the question, so the question then names the heading
/// ("Neck, arms and hands: Is your answer yes to any of these?"). Any other prompt, or one
/// that fits, is unchanged.
pub fn fit_to_window(mut prompt: Prompt, columns: usize, rows: usize) -> Prompt {
    let is_list = matches!(prompt.id, PromptId::Group(_) | PromptId::GroupAgain(_));
    if is_list && prompt_lines(&prompt, columns).len() > rows {
        if let Some(heading) = prompt.preamble.first() {
            prompt.text = format!("{} {}", heading.trim(), prompt.text);
        }
    }
    prompt
}

fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Every prompt a person with nothing to report sees, as lines at `columns` (the intro
/// first): for reading them over.
pub fn screens(questionnaire: &Questionnaire, age: u8, include: bool) -> Vec<Vec<String>> {
    let mut shown = vec![wrap(GUIDANCE_NOTE, COLUMNS, "", "")];
    walk(questionnaire, age, include, |prompt| {
        shown.push(prompt_lines(prompt, COLUMNS))
    });
    shown
}

/// Answers as a person with nothing to report (see [`nothing_to_report`]), calling `seen`
/// with each prompt.
fn walk(questionnaire: &Questionnaire, age: u8, include: bool, mut seen: impl FnMut(&Prompt)) {
    let mut answers = Answers::default();
    let mut asked = 0;
    // Every path ends: each prompt is answered once, and there are finitely many.
    while let Next::Ask(prompt) = questionnaire.next(&answers) {
        asked += 1;
        if asked > 200 {
            break;
        }
        seen(&prompt);
        let answer = match &prompt.id {
            PromptId::Include(_) => Answer::from_bool(include),
            PromptId::Age => Answer::Age(age),
            PromptId::PainNow => PainScore::new(2).map_or(Answer::No, Answer::Pain),
            PromptId::CauseKnown => Answer::Yes,
            _ => Answer::No,
        };
        answers.set(prompt.id, answer);
    }
}

/// Answers as a person with nothing to report: every sign and list "no", pain 2, the pain
/// is new and its cause known, `age` years old, optional steps `include`d or not.
pub fn nothing_to_report(
    questionnaire: &Questionnaire,
    age: u8,
    include: bool,
    columns: usize,
) -> Reading {
    let mut reading = Reading {
        words: words(GUIDANCE_NOTE),
        prompts: 0,
        rows: 0,
        tallest: String::new(),
    };
    walk(questionnaire, age, include, |prompt| {
        reading.prompts += 1;
        reading.words += prompt.preamble.iter().map(|l| words(l)).sum::<usize>();
        reading.words += words(&prompt.text);
        let rows = prompt_lines(prompt, columns).len();
        if rows > reading.rows {
            reading.rows = rows;
            reading.tallest = prompt.text.clone();
        }
    });
    reading
}

/// The most a person with nothing to report reads at any age (the ages where the
/// age-limited questions change), with optional steps included or not.
pub fn worst(questionnaire: &Questionnaire, include: bool, columns: usize) -> Reading {
    let mut worst = Reading {
        words: 0,
        prompts: 0,
        rows: 0,
        tallest: String::new(),
    };
    for age in [15, 35, 55, 75] {
        let reading = nothing_to_report(questionnaire, age, include, columns);
        worst.words = worst.words.max(reading.words);
        worst.prompts = worst.prompts.max(reading.prompts);
        if reading.rows > worst.rows {
            worst.rows = reading.rows;
            worst.tallest = reading.tallest;
        }
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Prompt {
        Prompt {
            id: PromptId::Group(crate::safety::questions::Group {
                list: "g".into(),
                part: 0,
            }),
            preamble: vec![
                "Neck, arms and hands:".to_string(),
                "  - An arm or hand with new numbness or weakness.".to_string(),
                "  - Poor balance, clumsy hands or trouble swallowing.".to_string(),
            ],
            text: "Is your answer yes to any of these?".to_string(),
            kind: AnswerKind::YesNo,
        }
    }

    #[test]
    fn a_list_taller_than_its_window_names_its_heading_in_the_question() {
        let tall = fit_to_window(list(), 40, 4);
        assert_eq!(
            tall.text,
            "Neck, arms and hands: Is your answer yes to any of these?"
        );
        assert_eq!(tall.preamble, list().preamble);
        assert_eq!(fit_to_window(list(), 80, 24), list());
    }

    #[test]
    fn a_single_question_is_never_changed() {
        let mut sign = list();
        sign.preamble.clear();
        sign.text = "Today: a fever?".to_string();
        assert_eq!(fit_to_window(sign.clone(), 20, 1), sign);
    }
}
