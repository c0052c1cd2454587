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
use crate::ui::text::question::{Asking, MORE, Question, REJECTED, hint, screenfuls};
use crate::ui::text::width::{display_width, for_stream, text_width};

/// Asks questions and shows short notes between them.
pub trait Asker {
    fn yes_no(&mut self, question: &str) -> anyhow::Result<bool>;
    fn pain(&mut self, question: &str) -> anyhow::Result<PainScore>;
    /// Whole years, 1 to 120.
    fn age(&mut self, question: &str) -> anyhow::Result<u8>;
    /// A line of text for the person answering (a note, a verdict).
    fn say(&mut self, text: &str) -> anyhow::Result<()>;
    /// The lines shown before `question`, which expects `kind`: a list's heading and its
    /// items. One line at a time, unless the prompt pauses a list taller than its window.
    fn before(&mut self, lines: &[String], question: &str, kind: AnswerKind) -> anyhow::Result<()> {
        let _ = (question, kind);
        say_each(self, lines)
    }
    /// The window the questions are shown in, in columns and rows, when it is a terminal.
    fn window(&self) -> Option<(usize, usize)> {
        None
    }

    /// Which prompt asks the questions: how they are laid out in the window.
    fn asking(&self) -> Asking;
}

/// Each of `lines`, one after the other.
fn say_each<A: Asker + ?Sized>(asker: &mut A, lines: &[String]) -> anyhow::Result<()> {
    lines.iter().try_for_each(|line| asker.say(line))
}

/// The questionnaire could not be finished from a script's input.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error(
        "input ended before \"{question}\" was answered (a missing answer is never taken as \"no\")"
    )]
    EndOfInput { question: String },
    #[error(
        "\"{question}\" was left unanswered ({key}): a missing answer is never taken as \"no\""
    )]
    Unanswered { question: String, key: &'static str },
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
struct Expected<'a> {
    hint: &'a str,
    named: &'a str,
    again: &'a str,
}

const YES_NO: Expected<'static> = Expected {
    hint: hint(AnswerKind::YesNo),
    named: "y, yes, n or no",
    again: "Type y or n, then Enter.",
};

const PAIN: Expected<'static> = Expected {
    hint: hint(AnswerKind::Pain),
    named: "a whole number from 0 to 10",
    again: "Type a whole number, 0 to 10.",
};

const AGE: Expected<'static> = Expected {
    hint: hint(AnswerKind::Age),
    named: "an age in years, 1 to 120",
    again: "Type your age in years.",
};

/// Interactive prompts on a terminal. Questions are wrapped at word boundaries to the
/// window's width; an answer that cannot be read is marked, with what to type, and the
/// question is asked again.
///
/// A line of its own rather than inquire's `Text`: inquire takes Ctrl-Z as the letter "z"
/// and has no way to bind a key, and a question must let the person suspend the program
/// like every other part of it.
pub struct TerminalAsker;

impl TerminalAsker {
    /// Asks until the answer parses. Each try is the whole question again; a rejected
    /// answer stays in its row, marked on the row below with what to type.
    fn ask<T>(&mut self, question: &str, expected: &Expected) -> anyhow::Result<T>
    where
        T: FromStr + fmt::Display,
    {
        self.ask_for(question, expected, |typed| typed.parse().ok())
    }

    /// As [`Self::ask`], with the answer read by `read` (`None`: asked again).
    fn ask_for<T: fmt::Display>(
        &mut self,
        question: &str,
        expected: &Expected,
        read: impl Fn(&str) -> Option<T>,
    ) -> anyhow::Result<T> {
        let question = clean(question);
        let width = text_width(true);
        let laid_out = Question::new(&question, expected.hint, Asking::Interactive, Some(width));
        // The answer must stay on the prompt's row: `redraw` rewrites only that row.
        let room = laid_out.answer_room(width);
        loop {
            let mut answering = Answering {
                question: &laid_out,
                room,
                typed: String::new(),
            };
            let typed = match read_keys(&mut answering)? {
                Ended::Done(typed) => typed,
                Ended::LeftWith(key) => {
                    return Err(AnswerError::Unanswered { question, key }.into());
                }
            };
            let mut err = std::io::stderr().lock();
            match read(typed.trim()) {
                Some(answer) => {
                    redraw(&mut err, &laid_out.answered(&answer.to_string()))?;
                    writeln!(err)?;
                    return Ok(answer);
                }
                None => {
                    writeln!(err)?;
                    writeln!(err, "{REJECTED} {}", expected.again)?;
                }
            }
        }
    }
}

/// How reading keys at a question or a pause ended.
enum Ended<T> {
    /// As the question or the pause does ([`AtKeys::key`]).
    Done(T),
    /// Left unanswered with this key (Esc, Ctrl-D).
    LeftWith(&'static str),
}

/// What one key does at a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyAction {
    Type(char),
    Erase,
    Clear,
    Submit,
    /// Esc or Ctrl-D: the question is left unanswered, which is never "no".
    Leave(&'static str),
    /// Ctrl-Z: give the terminal back and stop, as everywhere else.
    Suspend,
    Interrupt(Interruption),
    Ignore,
}

fn key_action(key: &crossterm::event::KeyEvent) -> KeyAction {
    use crate::ui::terminal::input::{Control, control};
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
    if key.kind == KeyEventKind::Release {
        return KeyAction::Ignore;
    }
    match control(key) {
        Some(Control::Interrupt(why)) => return KeyAction::Interrupt(why),
        Some(Control::Suspend) => return KeyAction::Suspend,
        Some(Control::Enter) => return KeyAction::Submit,
        None => {}
    }
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter => KeyAction::Submit,
        KeyCode::Esc => KeyAction::Leave("Esc"),
        KeyCode::Backspace => KeyAction::Erase,
        KeyCode::Char('d') if control => KeyAction::Leave("Ctrl-D"),
        KeyCode::Char('h') if control => KeyAction::Erase,
        KeyCode::Char('u') if control => KeyAction::Clear,
        KeyCode::Char(_) if control || key.modifiers.contains(KeyModifiers::ALT) => {
            KeyAction::Ignore
        }
        KeyCode::Char(c) if !c.is_control() => KeyAction::Type(c),
        _ => KeyAction::Ignore,
    }
}

/// What a paste does at a question: its text typed, a line break as Enter.
fn paste_actions(text: &str) -> impl Iterator<Item = KeyAction> + '_ {
    text.chars().map(|c| match c {
        '\n' | '\r' => KeyAction::Submit,
        c if c.is_control() => KeyAction::Ignore,
        c => KeyAction::Type(c),
    })
}

/// What waits for keys at the terminal (a question, a pause in a list), with the keys
/// that are its own; the others do the same everywhere ([`read_keys`]).
trait AtKeys {
    type Done;
    /// Shows it whole: at first, and again after Ctrl-Z and `fg`.
    fn show(&self) -> std::io::Result<()>;
    /// What `action` does (typing, Enter): `Some` ends the wait.
    fn key(&mut self, action: KeyAction) -> std::io::Result<Option<Self::Done>>;
    /// After the keys that came together.
    fn redraw(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Shows `at` and reads keys, a key at a time, until it is done. Esc and Ctrl-D leave it
/// (a question so left is unanswered, never "no"), Ctrl-C and Ctrl-\ interrupt, Ctrl-Z
/// suspends (`fg` shows it again), a lost terminal is a hang-up.
fn read_keys<K: AtKeys>(at: &mut K) -> anyhow::Result<Ended<K::Done>> {
    use crate::ui::terminal::guard::{Mode, TerminalGuard};
    use crate::ui::terminal::input::{Wait, wait_for_events};
    use crossterm::event::Event;

    at.show()?;
    let mut guard = TerminalGuard::enter(Mode::RawOnly)?;
    loop {
        let events = match wait_for_events(std::time::Duration::from_millis(500))? {
            Wait::Events(events) => events,
            Wait::TimedOut => continue,
            Wait::HungUp => return Err(Interruption::HangUp.into()),
        };
        let actions: Vec<KeyAction> = events
            .iter()
            .flat_map(|event| -> Vec<KeyAction> {
                match event {
                    Event::Key(key) => vec![key_action(key)],
                    Event::Paste(text) => paste_actions(text).collect(),
                    _ => Vec::new(),
                }
            })
            .collect();
        let mut actions = actions.into_iter();
        while let Some(action) = actions.next() {
            match action {
                KeyAction::Leave(key) => {
                    drop(guard);
                    let mut err = std::io::stderr().lock();
                    writeln!(err)?;
                    return Ok(Ended::LeftWith(key));
                }
                KeyAction::Interrupt(interruption) => {
                    drop(guard);
                    writeln!(std::io::stderr())?;
                    return Err(interruption.into());
                }
                KeyAction::Suspend => {
                    writeln!(std::io::stderr())?;
                    guard.stop()?;
                    // After `fg`: the shell has written below; the whole of it again.
                    at.show()?;
                }
                action => {
                    if action == KeyAction::Submit {
                        // What came with this Enter is shown before it acts: a rejected
                        // answer stays in its row, above its mark.
                        at.redraw()?;
                    }
                    if let Some(done) = at.key(action)? {
                        // A Ctrl-C or Ctrl-\\ that came with the Enter still ends the run.
                        if let Some(interruption) = actions.find_map(|later| match later {
                            KeyAction::Interrupt(interruption) => Some(interruption),
                            _ => None,
                        }) {
                            drop(guard);
                            writeln!(std::io::stderr())?;
                            return Err(interruption.into());
                        }
                        return Ok(Ended::Done(done));
                    }
                }
            }
        }
        at.redraw()?;
    }
}

/// A question waiting for its answer, with at most `room` columns typed. Leaves the
/// cursor at the end of the prompt's row.
struct Answering<'a> {
    question: &'a Question,
    room: usize,
    typed: String,
}

impl AtKeys for Answering<'_> {
    /// The line typed, at Enter.
    type Done = String;

    fn show(&self) -> std::io::Result<()> {
        show_question(self.question, &self.typed)
    }

    fn key(&mut self, action: KeyAction) -> std::io::Result<Option<String>> {
        match action {
            KeyAction::Type(c)
                if display_width(&self.typed) + display_width(&c.to_string()) <= self.room =>
            {
                self.typed.push(c);
            }
            KeyAction::Erase => {
                self.typed.pop();
            }
            KeyAction::Clear => self.typed.clear(),
            KeyAction::Submit => return Ok(Some(std::mem::take(&mut self.typed))),
            _ => {}
        }
        Ok(None)
    }

    fn redraw(&self) -> std::io::Result<()> {
        redraw(
            &mut std::io::stderr().lock(),
            &format!("? {} {}", self.question.message, self.typed),
        )
    }
}

/// A pause after a screenful of a list taller than its window: its rows, then [`MORE`] on
/// the window's last row until Enter or space.
struct Paused<'a> {
    rows: &'a [String],
}

impl AtKeys for Paused<'_> {
    type Done = ();

    fn show(&self) -> std::io::Result<()> {
        let mut err = std::io::stderr().lock();
        for row in self.rows {
            writeln!(err, "{row}")?;
        }
        write!(err, "{MORE}")?;
        err.flush()
    }

    fn key(&mut self, action: KeyAction) -> std::io::Result<Option<()>> {
        Ok(matches!(action, KeyAction::Submit | KeyAction::Type(' ')).then_some(()))
    }
}

/// The question's rows, then its prompt row with what is typed so far.
fn show_question(question: &Question, typed: &str) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    for line in &question.above {
        writeln!(err, "{line}")?;
    }
    write!(err, "? {} {typed}", question.message)?;
    err.flush()
}

/// Writes `row` over the row the cursor is on.
fn redraw(out: &mut impl Write, row: &str) -> std::io::Result<()> {
    use crossterm::{cursor, terminal};
    crossterm::queue!(
        out,
        cursor::MoveToColumn(0),
        terminal::Clear(terminal::ClearType::UntilNewLine)
    )?;
    write!(out, "{row}")?;
    out.flush()
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

    /// A list taller than the window is shown a screenful at a time ([`screenfuls`]), each
    /// but the last followed by a pause, so every item is in sight before the question is
    /// answered; Esc or Ctrl-D at a pause leaves the question unanswered.
    fn before(&mut self, lines: &[String], question: &str, kind: AnswerKind) -> anyhow::Result<()> {
        let Some((columns, rows)) = terminal_window() else {
            return say_each(self, lines);
        };
        let question = clean(question);
        let laid_out = Question::new(&question, hint(kind), Asking::Interactive, Some(columns));
        let parts = screenfuls(lines, &laid_out, columns, rows);
        let Some((last, paused)) = parts.split_last() else {
            return Ok(());
        };
        for part in paused {
            match read_keys(&mut Paused { rows: part })? {
                Ended::Done(()) => redraw(&mut std::io::stderr().lock(), "")?,
                Ended::LeftWith(key) => {
                    return Err(AnswerError::Unanswered { question, key }.into());
                }
            }
        }
        let mut err = std::io::stderr().lock();
        for row in last {
            writeln!(err, "{row}")?;
        }
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

    fn ask<T: FromStr>(
        &mut self,
        question: &str,
        expected: &Expected<'static>,
    ) -> anyhow::Result<T> {
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

/// Asks which of several routines a name meant: a numbered list, then "Which one? 1-N",
/// answered with a number or an id, with the keys of every question (Ctrl-Z suspends,
/// Ctrl-C interrupts). Left with Esc or Ctrl-D, nothing runs: an error naming the routines
/// to type (exit 1, as any question left unanswered).
pub fn choose_routine<'a>(name: &str, candidates: &[&'a Routine]) -> anyhow::Result<&'a Routine> {
    let name = clean(name);
    let mut asker = TerminalAsker;
    asker.say(&format!("\"{name}\" fits several routines:"))?;
    for line in choice_lines(candidates) {
        asker.say(&line)?;
    }
    let hint = format!("1-{}", candidates.len());
    let again = format!("Type a number from 1 to {}, then Enter.", candidates.len());
    let expected = Expected {
        hint: &hint,
        named: &hint,
        again: &again,
    };
    let chosen = asker.ask_for(CHOICE_QUESTION, &expected, |typed| {
        chosen(candidates, typed).map(Chosen)
    });
    match chosen {
        Ok(Chosen(routine)) => Ok(routine),
        Err(error) => match error.downcast::<AnswerError>() {
            Ok(AnswerError::Unanswered { key, .. }) => Err(anyhow::anyhow!(
                "\"{name}\" fits several routines and none was chosen ({key}): name one of {}",
                ids(candidates)
            )),
            Ok(other) => Err(other.into()),
            Err(error) => Err(error),
        },
    }
}

/// The question after the list of routines a name fits.
const CHOICE_QUESTION: &str = "Which one?";

/// The routines a name fits, numbered from 1: "  1. lower-back — Lower back".
fn choice_lines(candidates: &[&Routine]) -> Vec<String> {
    candidates
        .iter()
        .enumerate()
        .map(|(index, routine)| {
            format!(
                "  {}. {} — {}",
                index + 1,
                clean(&routine.id),
                clean(&routine.title)
            )
        })
        .collect()
}

/// The routines' ids, for a message: "lower-back, upper-back".
fn ids(candidates: &[&Routine]) -> String {
    candidates
        .iter()
        .map(|routine| clean(&routine.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The routine `typed` chose: its number in the list, or its id.
fn chosen<'a>(candidates: &[&'a Routine], typed: &str) -> Option<&'a Routine> {
    match typed.parse::<usize>() {
        Ok(number) => number
            .checked_sub(1)
            .and_then(|index| candidates.get(index))
            .copied(),
        Err(_) => candidates
            .iter()
            .find(|routine| routine.id.eq_ignore_ascii_case(typed))
            .copied(),
    }
}

/// A routine chosen from a list, shown by its id once answered.
struct Chosen<'a>(&'a Routine);

impl fmt::Display for Chosen<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clean(&self.0.id))
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
    fn a_routine_is_chosen_by_its_number_or_its_id() {
        let catalog = crate::routine::Catalog::builtin();
        let crate::routine::Found::Several(candidates) = catalog.find("back") else {
            panic!("\"back\" fits several routines");
        };
        let id = |typed| chosen(&candidates, typed).map(|r| r.id.as_str());
        assert_eq!(id("1"), Some(candidates[0].id.as_str()));
        assert_eq!(id("Upper-Back"), Some("upper-back"));
        for wrong in ["0", "99", "-1", "z", ""] {
            assert_eq!(id(wrong), None, "{wrong:?}");
        }
        assert!(choice_lines(&candidates)[0].starts_with("  1. "));
    }

    #[test]
    fn control_keys_at_a_question_do_what_they_do_everywhere() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let ctrl = |c| key_action(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        assert_eq!(ctrl('c'), KeyAction::Interrupt(Interruption::CtrlC));
        assert_eq!(ctrl('\\'), KeyAction::Interrupt(Interruption::Quit));
        assert_eq!(ctrl('z'), KeyAction::Suspend);
        assert_eq!(ctrl('m'), KeyAction::Submit);
        assert_eq!(ctrl('d'), KeyAction::Leave("Ctrl-D"));
        assert_eq!(ctrl('x'), KeyAction::Ignore);
    }

    #[test]
    fn an_unreadable_answer_is_an_error() {
        let error = asker("maybe\n").yes_no("Fever?").expect_err("invalid");
        assert!(error.to_string().contains("\"maybe\""), "{error}");
        assert!(asker("11\n").pain("Pain?").is_err());
    }
}
