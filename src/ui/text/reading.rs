//! How much a person reads before the verdict: words, prompts and the tallest prompt at a
//! given width, for a person with nothing to report. The limits are the contract of a
//! screen people read (README, "The safety questions"); `tests` check every built-in
//! routine and every pair against them, and `examples/screen-budget.rs` prints them.

use crate::safety::{
    Answer, Answers, GUIDANCE_NOTE, Next, PainScore, Prompt, PromptId, Questionnaire,
};

use super::question::{Asking, prompt_rows};
use super::width::prose_lines;

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

/// The rows a prompt takes at `columns`, as the taller of the two prompts shows it (the
/// interactive one, whose last row keeps more room for the answer, or plain lines).
pub fn rows(prompt: &Prompt, columns: usize) -> usize {
    Asking::ALL
        .iter()
        .map(|&asking| prompt_rows(prompt, asking, columns).len())
        .max()
        .unwrap_or(0)
}

fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Every prompt a person with nothing to report sees, as the interactive prompt shows it
/// at [`COLUMNS`] (the intro first): for reading them over.
pub fn screens(questionnaire: &Questionnaire, age: u8, include: bool) -> Vec<Vec<String>> {
    let mut shown = vec![prose_lines(GUIDANCE_NOTE, COLUMNS)];
    walk(questionnaire, age, include, |prompt| {
        shown.push(prompt_rows(prompt, Asking::Interactive, COLUMNS))
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
        let height = rows(prompt, columns);
        if height > reading.rows {
            reading.rows = height;
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
