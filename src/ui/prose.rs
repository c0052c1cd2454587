//! Sentences for the standard streams, in one place: on a terminal each line is wrapped at
//! spaces to the window's width ([`for_stream`]), so no word is broken at the right edge;
//! into a pipe or a file it is written whole, for scripts that read lines.
//!
//! Everything a person reads as prose (verdicts, advice, notes, errors, suggestions) goes
//! through a [`Prose`]; tables, TOML keys, JSON, CSV and the full-screen view do not.

use std::io::{self, IsTerminal as _, Write};

use crate::ui::width::for_stream;

/// A stream prose is written to, and whether it is a terminal (then prose is wrapped).
pub struct Prose<W> {
    out: W,
    terminal: bool,
}

impl Prose<io::StdoutLock<'static>> {
    /// Standard output; `terminal` as the settings found it (`Settings::stdout_is_terminal`).
    pub fn stdout(terminal: bool) -> Self {
        Prose::new(io::stdout().lock(), terminal)
    }
}

impl Prose<io::StderrLock<'static>> {
    /// Standard error, wrapped when it is a terminal.
    pub fn stderr() -> Self {
        let stderr = io::stderr();
        let terminal = stderr.is_terminal();
        Prose::new(stderr.lock(), terminal)
    }
}

impl<W: Write> Prose<W> {
    /// Prose on any writer, wrapped when `terminal` says it is one.
    pub fn new(out: W, terminal: bool) -> Self {
        Prose { out, terminal }
    }

    /// Writes `text` and a line break, each of its lines wrapped at spaces on a terminal
    /// (a list item's later lines under its first word).
    pub fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{}", for_stream(text, self.terminal))
    }

    /// [`Prose::say`] with every line, the ones wrapping makes too, starting with `prefix`:
    /// `"# "` keeps a wrapped comment a comment in TOML output.
    pub fn say_after(&mut self, prefix: &str, text: &str) -> io::Result<()> {
        if !self.terminal {
            return writeln!(self.out, "{prefix}{text}");
        }
        let width = crate::ui::width::terminal_columns();
        for line in text.lines() {
            for wrapped in crate::ui::width::wrap(line, width, prefix, prefix) {
                writeln!(self.out, "{}", wrapped.trim_end())?;
            }
        }
        Ok(())
    }

    /// Writes `text` and a line break as it is: a table row, a TOML key, a blank line.
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")
    }
}

/// A line for the person on stderr, "selfmassage: TEXT", wrapped on a terminal. Nowhere to
/// report a failure to write it (the terminal may be gone): the run goes on.
pub fn notice(text: &str) {
    let _ = Prose::stderr().say(&format!("selfmassage: {text}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(terminal: bool, write: impl FnOnce(&mut Prose<&mut Vec<u8>>)) -> String {
        let mut out = Vec::new();
        write(&mut Prose::new(&mut out, terminal));
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_pipe_gets_every_line_whole() {
        let long = "word ".repeat(60);
        let text = written(false, |p| {
            p.say(&long).expect("written");
            p.say_after("# ", &long).expect("written");
        });
        assert_eq!(text, format!("{long}\n# {long}\n"));
    }

    #[test]
    fn a_terminal_gets_lines_wrapped_between_words_and_comments_stay_comments() {
        // The width is the test's own terminal's, or 80 without one.
        let width = crate::ui::width::terminal_columns();
        let long = "a self-massage sentence ".repeat(width / 4);
        let text = written(true, |p| {
            p.say(&long).expect("written");
            p.say_after("# ", &long).expect("written");
        });
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() >= 4, "{text}");
        assert!(lines.iter().all(|l| l.len() <= width), "{text}");
        let comments = lines.iter().skip_while(|l| !l.starts_with('#'));
        assert!(comments.clone().count() >= 2, "{text}");
        assert!(comments.clone().all(|l| l.starts_with("# ")), "{text}");
        let words: Vec<&str> = comments.flat_map(|l| l[2..].split(' ')).collect();
        assert_eq!(words.join(" "), long.trim_end(), "{text}");
    }
}
