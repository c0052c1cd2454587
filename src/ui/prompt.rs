//! Questions to a person: interactive prompts on a terminal, one line per answer otherwise.
//!
//! Both sides share one rule: a question is answered, or nothing goes on. End of input,
//! or an answer we cannot read from a script, is an error, never a silent "no".

use std::fmt;
use std::io::{BufRead, Write};
use std::str::FromStr;

use anyhow::Context as _;

use crate::routine::Routine;
use crate::safety::{AnswerKind, PainScore};
use crate::sanitize::clean;
use crate::session::Interruption;
use crate::ui::text::question::{Asking, Question, REJECTED, hint};
use crate::ui::text::width::{display_width, for_stream, text_width};

/// Asks questions and shows short notes between them.
pub trait Asker {
    fn yes_no(&mut self, question: &str) -> anyhow::Result<bool>;
    fn pain(&mut self, question: &str) -> anyhow::Result<PainScore>;
    /// Whole years, 1 to 120.
    fn age(&mut self, question: &str) -> anyhow::Result<u8>;
    /// A line of text for the person answering (a note, a verdict).
    fn say(&mut self, text: &str) -> anyhow::Result<()>;
    /// The window the questions are shown in, in columns and rows, when it is a terminal.
    fn window(&self) -> Option<(usize, usize)> {
        None
    }

    /// Which prompt asks the questions: how they are laid out in the window.
    fn asking(&self) -> Asking;
}

/// The questionnaire could not be finished from a script's input.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error(
        "input ended before \"{question}\" was answered (a missing answer is never taken as \"no\")"
    )]
    EndOfInput { question: String },
    #[error("\"{answer}\" is not an answer to \"{question}\": expected {expected}")]
    Invalid {
        question: String,
        answer: String,
        expected: &'static str,
    },
}

/// Yes or no, as typed: y, yes, n, no, any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YesNo(pub bool);

impl FromStr for YesNo {
    type Err = ();
    fn from_str(text: &str) -> Result<YesNo, ()> {
        match text.trim().to_lowercase().as_str() {
            "y" | "yes" => Ok(YesNo(true)),
            "n" | "no" => Ok(YesNo(false)),
            _ => Err(()),
        }
    }
}

impl fmt::Display for YesNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { "yes" } else { "no" })
    }
}

impl FromStr for PainScore {
    type Err = ();
    fn from_str(text: &str) -> Result<PainScore, ()> {
        PainScore::parse(text).ok_or(())
    }
}

/// An age in whole years, 1 to 120.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Age(pub u8);

impl FromStr for Age {
    type Err = ();
    fn from_str(text: &str) -> Result<Age, ()> {
        match text.trim().parse::<u8>() {
            Ok(years) if (1..=120).contains(&years) => Ok(Age(years)),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What one kind of answer looks like: the hint shown beside its question, what a
/// script's error says was expected, and the line that tells a person who typed something
/// else what to type (asked again).
struct Expected {
    hint: &'static str,
    named: &'static str,
    again: &'static str,
}

const YES_NO: Expected = Expected {
    hint: hint(AnswerKind::YesNo),
    named: "y, yes, n or no",
    again: "Type y or n, then Enter.",
};

const PAIN: Expected = Expected {
    hint: hint(AnswerKind::Pain),
    named: "a whole number from 0 to 10",
    again: "Type a whole number, 0 to 10.",
};

const AGE: Expected = Expected {
    hint: hint(AnswerKind::Age),
    named: "an age in years, 1 to 120",
    again: "Type your age in years.",
};

/// Interactive prompts (inquire) on a terminal. Questions are wrapped at word boundaries
/// to the window's width, and an answer that cannot be read is cleared and asked again
/// with a hint.
pub struct TerminalAsker;

/// How every prompt looks: a question given up with Esc or Ctrl-C shows "cancelled"
/// (inquire's default is "<canceled>").
fn render_config() -> inquire::ui::RenderConfig<'static> {
    inquire::ui::RenderConfig::default()
        .with_canceled_prompt_indicator(inquire::ui::Styled::new("cancelled"))
}

impl TerminalAsker {
    /// Asks until the answer parses. inquire's own prompt would keep a rejected answer in
    /// the input line (the next key appends to it), so each try is a fresh prompt: the
    /// whole question again, the rejected answer marked `✗`, and the hint below.
    fn ask<T>(&mut self, question: &str, expected: &Expected) -> anyhow::Result<T>
    where
        T: FromStr + Clone + fmt::Display,
    {
        let error = expected.again;
        let width = text_width(true);
        let Question { above, message, .. } = Question::new(
            &clean(question),
            expected.hint,
            Asking::Interactive,
            Some(width),
        );
        // inquire draws its help message (`error`) on one line in brackets: keep it short
        // enough for a 40-column window.
        let mut help: Option<&str> = None;
        loop {
            let mut err = std::io::stderr().lock();
            for line in &above {
                writeln!(err, "{line}")?;
            }
            drop(err);
            let mut prompt = inquire::Text::new(&message)
                .with_render_config(render_config())
                .with_formatter(&|typed| match typed.trim().parse::<T>() {
                    Ok(_) => typed.to_string(),
                    Err(_) => REJECTED.to_string(),
                });
            if let Some(help) = help {
                prompt = prompt.with_help_message(help);
            }
            let typed = prompt.prompt().map_err(interruption_or_error)?;
            match typed.trim().parse::<T>() {
                Ok(answer) => return Ok(answer),
                Err(_) => {
                    help = Some(error);
                    // inquire marked the answered row with its `>`, as if accepted.
                    let row = 2 + display_width(&message) + 1 + display_width(REJECTED);
                    if row <= width {
                        mark_row_above_rejected();
                    }
                }
            }
        }
    }
}

/// Puts `✗` over inquire's `>` at the start of the row above the cursor.
fn mark_row_above_rejected() {
    use crossterm::{cursor, style};
    let _ = crossterm::execute!(
        std::io::stderr(),
        cursor::MoveToPreviousLine(1),
        style::Print("✗"),
        cursor::MoveToNextLine(1)
    );
}

impl Asker for TerminalAsker {
    fn yes_no(&mut self, question: &str) -> anyhow::Result<bool> {
        let answer: YesNo = self.ask(question, &YES_NO)?;
        Ok(answer.0)
    }

    fn pain(&mut self, question: &str) -> anyhow::Result<PainScore> {
        self.ask(question, &PAIN)
    }

    fn age(&mut self, question: &str) -> anyhow::Result<u8> {
        let age: Age = self.ask(question, &AGE)?;
        Ok(age.0)
    }

    fn say(&mut self, text: &str) -> anyhow::Result<()> {
        crate::ui::text::prose::Prose::stderr().say(text)?;
        Ok(())
    }

    fn window(&self) -> Option<(usize, usize)> {
        terminal_window()
    }

    fn asking(&self) -> Asking {
        Asking::Interactive
    }
}

/// The terminal's text width and height, when it can say.
fn terminal_window() -> Option<(usize, usize)> {
    crate::ui::text::width::terminal_rows().map(|rows| (text_width(true), rows))
}

/// One answer per line from a reader (stdin without a terminal, or `--plain` and
/// `TERM=dumb` on one), prompts to a writer and flushed, so a script can answer them one by
/// one. No escape sequence, ever. When the writer is a terminal, prompts and notes are
/// wrapped between words to its width. When the reader is a terminal, a person is typing:
/// an answer that cannot be read is met with what to type, and the question is asked again.
pub struct LineAsker<R, W> {
    input: R,
    output: W,
    /// The writer is a terminal: wrap to its width.
    terminal: bool,
    /// The reader is a terminal: a person types the answers, and may mistype one.
    typed: bool,
}

impl<R: BufRead, W: Write> LineAsker<R, W> {
    pub fn new(input: R, output: W) -> Self {
        LineAsker {
            input,
            output,
            terminal: false,
            typed: false,
        }
    }

    /// Wraps prompts and notes to the terminal's width when `terminal` says the writer is one.
    pub fn wrapped(mut self, terminal: bool) -> Self {
        self.terminal = terminal;
        self
    }

    /// Asks again after an unreadable answer when `terminal` says the reader is one (a
    /// person typing); from a script, such an answer is an error and nothing goes on.
    pub fn typed(mut self, terminal: bool) -> Self {
        self.typed = terminal;
        self
    }

    fn ask<T: FromStr>(&mut self, question: &str, expected: &Expected) -> anyhow::Result<T> {
        let question = clean(question);
        loop {
            let width = self.terminal.then(|| text_width(true));
            let laid_out = Question::new(&question, expected.hint, Asking::Lines, width);
            for line in &laid_out.above {
                writeln!(self.output, "{line}")?;
            }
            write!(self.output, "{} ", laid_out.message)?;
            self.output.flush()?;
            let mut line = String::new();
            if self
                .input
                .read_line(&mut line)
                .context("could not read an answer")?
                == 0
            {
                writeln!(self.output)?;
                return Err(AnswerError::EndOfInput { question }.into());
            }
            writeln!(self.output)?;
            match line.trim().parse() {
                Ok(answer) => return Ok(answer),
                Err(_) if self.typed => writeln!(self.output, "{}", expected.again)?,
                Err(_) => {
                    return Err(AnswerError::Invalid {
                        question,
                        answer: clean(line.trim()),
                        expected: expected.named,
                    }
                    .into());
                }
            }
        }
    }
}

impl<R: BufRead, W: Write> Asker for LineAsker<R, W> {
    fn yes_no(&mut self, question: &str) -> anyhow::Result<bool> {
        self.ask::<YesNo>(question, &YES_NO).map(|a| a.0)
    }

    fn pain(&mut self, question: &str) -> anyhow::Result<PainScore> {
        self.ask(question, &PAIN)
    }

    fn age(&mut self, question: &str) -> anyhow::Result<u8> {
        self.ask::<Age>(question, &AGE).map(|a| a.0)
    }

    fn say(&mut self, text: &str) -> anyhow::Result<()> {
        writeln!(self.output, "{}", for_stream(text, self.terminal))?;
        Ok(())
    }

    fn window(&self) -> Option<(usize, usize)> {
        if self.terminal {
            terminal_window()
        } else {
            None
        }
    }

    fn asking(&self) -> Asking {
        Asking::Lines
    }
}

/// Asks which of several routines a name meant.
pub fn choose_routine<'a>(name: &str, candidates: &[&'a Routine]) -> anyhow::Result<&'a Routine> {
    let labels: Vec<String> = candidates
        .iter()
        .map(|r| format!("{} — {}", r.id, r.title))
        .collect();
    let message = format!("\"{}\" fits several routines. Which one?", clean(name));
    let chosen = inquire::Select::new(&message, labels.clone())
        .with_render_config(render_config())
        .prompt()
        .map_err(|error| match error {
            inquire::InquireError::OperationInterrupted
            | inquire::InquireError::OperationCanceled => crate::exit::Cancelled.into(),
            other => anyhow::Error::from(other).context("could not ask which routine to run"),
        })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn asker(input: &str) -> LineAsker<&[u8], Vec<u8>> {
        LineAsker::new(input.as_bytes(), Vec::new())
    }

    #[test]
    fn reads_one_answer_per_line_with_hints_shown() {
        let mut asker = asker("y\nNo\n 7 \n");
        assert!(asker.yes_no("Q1?").expect("answered"));
        assert!(!asker.yes_no("Q2?").expect("answered"));
        assert_eq!(asker.pain("Pain?").expect("answered").get(), 7);
        let shown = String::from_utf8(asker.output).expect("utf-8");
        assert!(shown.contains("Q1? [y/n]"));
        assert!(shown.contains("Pain? 0-10"));
    }

    #[test]
    fn end_of_input_is_an_error_not_a_no() {
        let error = asker("").yes_no("Fever?").expect_err("no input");
        assert!(matches!(
            error.downcast_ref::<AnswerError>(),
            Some(AnswerError::EndOfInput { .. })
        ));
    }

    // `--plain neck` on a terminal: "3" at a yes/no question ended the questionnaire, and
    // the person had to start over.
    #[test]
    fn a_person_typing_is_told_what_to_type_and_asked_again() {
        let mut person = asker("3\nn\n").typed(true);
        assert!(!person.yes_no("Fever?").expect("asked again"));
        let shown = String::from_utf8(person.output).expect("utf-8");
        assert_eq!(
            shown,
            "Fever? [y/n] \nType y or n, then Enter.\nFever? [y/n] \n"
        );
        let mut person = asker("55\nyears\n7\n").typed(true);
        assert_eq!(person.pain("Pain?").expect("asked again").get(), 7);
        // Still, a missing answer is never "no".
        let error = asker("maybe\n").typed(true).yes_no("Fever?");
        assert!(matches!(
            error.map_err(|e| e.downcast::<AnswerError>()),
            Err(Ok(AnswerError::EndOfInput { .. }))
        ));
    }

    #[test]
    fn an_unreadable_answer_is_an_error() {
        let error = asker("maybe\n").yes_no("Fever?").expect_err("invalid");
        assert!(error.to_string().contains("\"maybe\""), "{error}");
        assert!(asker("11\n").pain("Pain?").is_err());
    }
}
