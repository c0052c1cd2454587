//! How a safety question is laid out on a terminal, in one place: the lines before it (a
//! list's heading and items) as prose, the question's own rows, and the row it shares with
//! its hint and the answer. The prompts (`ui::prompt`) print this layout and the reading
//! budget ([`super::reading`]) counts its rows, so what is counted is what is shown.

use crate::safety::{AnswerKind, Prompt, PromptId};

use super::width::{display_width, prose_lines, wrap};

pub const YES_NO_HINT: &str = "[y/n]";
pub const PAIN_HINT: &str = "0-10";
pub const AGE_HINT: &str = "years";

/// The hint shown beside a question that expects `kind`.
pub const fn hint(kind: AnswerKind) -> &'static str {
    match kind {
        AnswerKind::YesNo => YES_NO_HINT,
        AnswerKind::Pain => PAIN_HINT,
        AnswerKind::Age => AGE_HINT,
    }
}

/// What a rejected answer is marked with, on a row of its own under it (by the interactive
/// prompt), before what to type: "✗ Type y or n, then Enter." fits a 40-column window.
pub const REJECTED: &str = "✗";

/// The columns the last row of a question keeps for the answer typed after its hint: "yes"
/// and the cursor. A longer answer is not taken in (none is longer).
pub const ANSWER_ROOM: usize = 4;

/// Which prompt asks: it decides what shares the question's last row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// The interactive prompt: "? " before the last row, then the hint and the answer
    /// ([`ANSWER_ROOM`]). Answered, the row reads "> " and the question's last row with the
    /// answer in place of the hint; a rejected answer is marked on a row of its own
    /// ([`REJECTED`]). The rows before it are printed two columns in.
    Interactive,
    /// One answer per line: the hint, then the answer typed after it. The rows before stop
    /// a column short of the edge: a row that fills the window reads as a word the window
    /// broke.
    Lines,
}

impl Asking {
    /// Both prompts.
    pub const ALL: [Asking; 2] = [Asking::Interactive, Asking::Lines];
}

/// A question laid out for its prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The rows printed before the prompt's own row, as printed.
    pub above: Vec<String>,
    /// The prompt's own row: the question's last row and its hint. The interactive prompt
    /// draws "? " before it; the answer goes after it.
    pub message: String,
    /// The question's last row, without its hint.
    last: String,
    asking: Asking,
}

impl Question {
    /// `question` with `hint`, as `asking` shows it in a window `width` columns wide
    /// ([`super::width::text_width`]), or whole on one line when `width` is `None` (plain
    /// lines into a pipe).
    pub fn new(question: &str, hint: &str, asking: Asking, width: Option<usize>) -> Question {
        let Some(width) = width else {
            return Question {
                above: Vec::new(),
                message: format!("{question} {hint}"),
                last: question.to_string(),
                asking,
            };
        };
        let (above, last) = match asking {
            Asking::Interactive => {
                // The last row, then " [y/n]", then the answer.
                let room = left_on_prompt_row(width, 1 + display_width(hint) + ANSWER_ROOM).max(20);
                let (lines, last) = question_rows(question, width.saturating_sub(2), room);
                (lines.iter().map(|line| format!("  {line}")).collect(), last)
            }
            Asking::Lines => {
                // " [y/n] " and room for the answer typed after it.
                let room = width
                    .saturating_sub(1 + display_width(hint) + 1 + ANSWER_ROOM)
                    .max(20);
                question_rows(question, width.saturating_sub(1), room)
            }
        };
        Question {
            above,
            message: format!("{last} {hint}"),
            last,
            asking,
        }
    }

    /// The prompt's own row once `answer` is taken: the question's last row with the answer
    /// where the hint was ("> How old are you? 40"), as the interactive prompt leaves it.
    pub fn answered(&self, answer: &str) -> String {
        format!("> {} {answer}", self.last)
    }

    /// The columns the interactive prompt's row leaves for the answer in a window `width`
    /// columns wide (the cursor after it kept), never too few for "yes".
    pub fn answer_room(&self, width: usize) -> usize {
        left_on_prompt_row(width, display_width(&self.message)).max(ANSWER_ROOM) - 1
    }

    /// Every row as the terminal shows it, before the answer.
    pub fn rows(&self) -> Vec<String> {
        let marker = match self.asking {
            Asking::Interactive => "? ",
            Asking::Lines => "",
        };
        let mut rows = self.above.clone();
        rows.push(format!("{marker}{}", self.message));
        rows
    }
}

/// The columns of the interactive prompt's row, `width` wide, after its "? " mark, `used`
/// columns and the space before the answer.
fn left_on_prompt_row(width: usize, used: usize) -> usize {
    width.saturating_sub(2 + used + 1)
}

/// A question laid out between words: the rows before the last, each at most `width`
/// columns, and the last, which the prompt shows with its hint and the answer, in at most
/// `room`. The last row never holds a lone word (as "imaginable)?") when the row before
/// can give it company within `room`.
pub fn question_rows(question: &str, width: usize, room: usize) -> (Vec<String>, String) {
    let mut lines = wrap(question, width.max(room), "", "");
    let mut last = lines.pop().unwrap_or_default();
    if display_width(&last) > room {
        let mut tail = wrap(&last, room, "", "");
        last = tail.pop().unwrap_or_default();
        lines.extend(tail);
    }
    // A short last row ("or pain? [y/n]") reads as a question of its own: it takes words
    // from the row before until it holds half its room, or the row before would be the
    // shorter.
    while let Some(before) = lines.last_mut()
        && (!last.trim().contains(' ') || display_width(&last) * 2 < room)
        && let Some((kept, moved)) = before.trim_end().rsplit_once(' ')
        && !kept.trim().is_empty()
        && display_width(moved) + 1 + display_width(&last) <= room
        && display_width(kept) >= display_width(moved) + 1 + display_width(&last)
    {
        last = format!("{moved} {last}");
        *before = kept.to_string();
    }
    (lines, last)
}

/// Every row `prompt` takes as `asking` shows it in a window `columns` wide: its preamble,
/// each line as prose ([`prose_lines`]), then its question.
pub fn prompt_rows(prompt: &Prompt, asking: Asking, columns: usize) -> Vec<String> {
    let mut rows: Vec<String> = preamble_rows(&prompt.preamble, columns)
        .into_iter()
        .flatten()
        .collect();
    rows.extend(Question::new(&prompt.text, hint(prompt.kind), asking, Some(columns)).rows());
    rows
}

/// The rows of each line of a preamble (a list's heading, then each item) in a window
/// `columns` wide, as prose ([`prose_lines`]).
fn preamble_rows(preamble: &[String], columns: usize) -> Vec<Vec<String>> {
    preamble
        .iter()
        .map(|line| prose_lines(line, columns))
        .collect()
}

/// The row at a pause in a list taller than its window, where the person reads on.
pub const MORE: &str = "(more: press Enter)";

/// `preamble` before `question` in a window of `columns` x `rows`, a screenful at a time,
/// so that every line of a list taller than the window is in sight at some point before
/// the question is answered: each part but the last is followed by a pause on the
/// window's last row ([`MORE`]), so it holds at most `rows - 1` rows; the last part is
/// followed by the question, and it fits with the question. A part ends between lines
/// (items) unless one line alone is taller than a part. A preamble that fits with its
/// question is one part.
pub fn screenfuls(
    preamble: &[String],
    question: &Question,
    columns: usize,
    rows: usize,
) -> Vec<Vec<String>> {
    let asked = question.rows().len();
    let room = rows.saturating_sub(1).max(1);
    let mut left: std::collections::VecDeque<Vec<String>> = preamble_rows(preamble, columns).into();
    let mut parts = Vec::new();
    while !left.is_empty() && left.iter().map(Vec::len).sum::<usize>() + asked > rows {
        let mut part: Vec<String> = Vec::new();
        while let Some(line) = left.front_mut() {
            if part.len() + line.len() <= room {
                part.append(line);
                left.pop_front();
            } else {
                if part.is_empty() {
                    part.extend(line.drain(..room));
                }
                break;
            }
        }
        parts.push(part);
    }
    parts.push(left.into_iter().flatten().collect());
    parts
}

/// `prompt` as `asking` asks it in a window of `columns` x `rows`: a list taller than the
/// window would scroll its heading away before the question, so the question then names
/// the heading ("Neck, arms and hands: Is your answer yes to any of these?"). Any other
/// prompt, or one that fits, is unchanged.
pub fn fit_to_window(mut prompt: Prompt, asking: Asking, columns: usize, rows: usize) -> Prompt {
    let is_list = matches!(prompt.id, PromptId::Group(_) | PromptId::GroupAgain(_));
    if is_list && prompt_rows(&prompt, asking, columns).len() > rows {
        if let Some(heading) = prompt.preamble.first() {
            prompt.text = format!("{} {}", heading.trim(), prompt.text);
        }
    }
    prompt
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
    fn the_answer_fills_the_prompt_row_to_the_cursor_and_never_needs_less_than_yes() {
        let question = Question::new("How old are you?", AGE_HINT, Asking::Interactive, Some(80));
        let room = question.answer_room(80);
        // "? ", the message, a space, the answer, the cursor: the whole row.
        assert_eq!(2 + display_width(&question.message) + 1 + room + 1, 80);
        assert_eq!(question.answer_room(10), ANSWER_ROOM - 1);
    }

    #[test]
    fn a_list_taller_than_its_window_names_its_heading_in_the_question() {
        for asking in Asking::ALL {
            let tall = fit_to_window(list(), asking, 40, 4);
            assert_eq!(
                tall.text,
                "Neck, arms and hands: Is your answer yes to any of these?"
            );
            assert_eq!(tall.preamble, list().preamble);
            assert_eq!(fit_to_window(list(), asking, 80, 24), list());
        }
    }

    #[test]
    fn a_list_taller_than_its_window_is_shown_a_screenful_at_a_time() {
        let prompt = list();
        let question = Question::new(&prompt.text, YES_NO_HINT, Asking::Interactive, Some(40));
        let all = prompt_rows(&prompt, Asking::Interactive, 40);
        // It fits: one part, the whole preamble.
        let parts = screenfuls(&prompt.preamble, &question, 40, all.len());
        assert_eq!(parts, [all[..5].to_vec()]);
        // One row short: as many rows as fit above the pause, then the question.
        let parts = screenfuls(&prompt.preamble, &question, 40, all.len() - 1);
        assert_eq!(parts, [all[..5].to_vec(), Vec::new()]);
        // Two rows short: the heading and the first item, then the pause (the second item
        // would not fit with them); then the second item with the question.
        let parts = screenfuls(&prompt.preamble, &question, 40, all.len() - 2);
        assert_eq!(parts, [all[..3].to_vec(), all[3..5].to_vec()]);
        for rows in 1..=all.len() {
            let parts = screenfuls(&prompt.preamble, &question, 40, rows);
            assert_eq!(
                parts.concat(),
                all[..5],
                "every row once, in order, at {rows}"
            );
            let (last, paused) = parts.split_last().expect("a part");
            for part in paused {
                assert!(
                    !part.is_empty() && part.len() < rows.max(2),
                    "{rows}: {parts:?}"
                );
            }
            if rows >= 4 {
                assert!(
                    last.len() + 2 <= rows,
                    "{rows}: the last part fits with the question"
                );
            }
        }
        // A line taller than a part is split between rows.
        let parts = screenfuls(&prompt.preamble, &question, 40, 2);
        assert_eq!(parts[1], all[1..2]);
    }

    #[test]
    fn a_single_question_is_never_changed() {
        let mut sign = list();
        sign.preamble.clear();
        sign.text = "Today: a fever?".to_string();
        assert_eq!(
            fit_to_window(sign.clone(), Asking::Interactive, 20, 1),
            sign
        );
    }

    #[test]
    fn a_prompt_is_its_list_as_prose_then_its_question_as_its_prompt_shows_it() {
        let rows = prompt_rows(&list(), Asking::Interactive, 40);
        assert_eq!(
            rows,
            [
                "Neck, arms and hands:",
                "  - An arm or hand with new numbness or",
                "    weakness.",
                "  - Poor balance, clumsy hands or",
                "    trouble swallowing.",
                "  Is your answer yes",
                "? to any of these? [y/n]",
            ]
        );
        let rows = prompt_rows(&list(), Asking::Lines, 40);
        assert_eq!(rows[5..], ["Is your answer yes", "to any of these? [y/n]"]);
        // Into a pipe: the question whole, on one line.
        let piped = Question::new(&list().text, YES_NO_HINT, Asking::Lines, None);
        assert_eq!(piped.rows(), ["Is your answer yes to any of these? [y/n]"]);
    }

    // A repeated question lost its first half ("? imaginable)? 0-10"), and the wrapped
    // prompt left one word beside its hint.
    #[test]
    fn the_last_row_of_a_question_is_never_a_lone_word() {
        let question =
            "How strong is the pain right now, from 0 (none) to 10 (the worst imaginable)?";
        let (lines, last) = question_rows(question, 66, 66);
        assert_eq!(last, "(none) to 10 (the worst imaginable)?");
        assert_eq!(
            format!("{} {last}", lines.join(" ")),
            question,
            "every word kept, in order"
        );
        let (lines, last) = question_rows("Short?", 66, 66);
        assert!(lines.is_empty());
        assert_eq!(last, "Short?");
    }

    // At 80 columns "Has this pain lasted over 2 weeks, or does it / ? keep returning? [y/n]"
    // was two rows: the last row kept room for a rejected answer's mark (15 columns) on
    // every question. And a long question ended in a short piece that read as a question
    // of its own ("? or pain? [y/n]").
    #[test]
    fn a_question_that_fits_one_row_with_its_hint_and_a_short_answer_is_one_row() {
        for asking in Asking::ALL {
            for question in [
                "Has this pain lasted over 2 weeks, or does it keep returning?",
                "In recent days: a sudden, very bad or unusual headache or pain?",
            ] {
                let rows = Question::new(question, YES_NO_HINT, asking, Some(80)).rows();
                assert_eq!(rows.len(), 1, "{asking:?}: {rows:?}");
                let answered = display_width(&rows[0]) + 1 + ANSWER_ROOM;
                assert!(answered <= 80, "{asking:?}: {rows:?}");
            }
            let long = "Today: numb or tingling genitals, bottom or inner thighs, new trouble peeing, loss of bladder or bowel control, or both legs painful, tingling, weak or numb?";
            let laid_out = Question::new(long, YES_NO_HINT, asking, Some(80));
            let rows = laid_out.rows();
            let last = rows.last().map(|row| display_width(row)).unwrap_or(0);
            assert!(last >= 30, "{asking:?}: a short last row: {rows:?}");
            assert!(rows.iter().all(|row| display_width(row) <= 80), "{rows:?}");
        }
    }

    // At 40 columns a question wrapped every row to the last row's room (about 20
    // columns), though only the last row shares its line with the hint and the answer.
    #[test]
    fn only_the_last_row_of_a_question_keeps_room_for_the_answer() {
        let question = "Today, even if it has passed: a drooping face, weak or numb arm or leg, slurred or lost speech?";
        let (lines, last) = question_rows(question, 38, 20);
        assert!(display_width(&last) <= 20, "{last:?}");
        assert!(
            lines.iter().all(|line| display_width(line) <= 38),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|line| display_width(line) > 20),
            "the rows before the last use the wider width: {lines:?}"
        );
        assert_eq!(format!("{} {last}", lines.join(" ")), question);
        let (narrow, _) = question_rows(question, 20, 20);
        assert!(lines.len() < narrow.len(), "{lines:?} against {narrow:?}");
        // The last row still keeps company, within its room.
        let question = "Did it start after a fall or injury?";
        let (lines, last) = question_rows(question, 30, 20);
        assert_eq!(
            (lines, last.as_str()),
            (vec!["Did it start after a fall".to_string()], "or injury?")
        );
        let (_, last) = question_rows(question, 30, 9);
        assert_eq!(last, "injury?", "company that would not fit its room");
    }
}
