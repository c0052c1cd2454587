//! Sentences for the standard streams, in one place: on a terminal each line is wrapped at
//! spaces to the window's width ([`for_stream`]), so no word is broken at the right edge;
//! into a pipe or a file it is written whole, for scripts that read lines.
//!
//! Everything a person reads as prose (verdicts, advice, notes, errors, suggestions) goes
//! through a [`Prose`]; tables, TOML keys, JSON, CSV and the full-screen view do not.

use std::io::{self, IsTerminal as _, Write};

use super::width::{for_stream, text_width, wrap};

/// A stream prose is written to, and whether it is a terminal (then prose is wrapped).
pub struct Prose<W> {
    out: W,
    terminal: bool,
    /// What ends a line: "\n", or "\r\n" on a terminal in raw mode ([`Prose::raw`]).
    newline: &'static str,
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
        Prose {
            out,
            terminal,
            newline: "\n",
        }
    }

    /// For a terminal in raw mode, where "\n" only moves down: lines end with "\r\n",
    /// which also returns to the line's start.
    pub fn raw(self) -> Self {
        Prose {
            newline: "\r\n",
            ..self
        }
    }

    /// Writes `text` and a line break, each of its lines wrapped at spaces on a terminal
    /// (a list item's later lines under its first word).
    pub fn say(&mut self, text: &str) -> io::Result<()> {
        self.line(&for_stream(text, self.terminal))
    }

    /// The width text is laid out to on this stream ([`text_width`]).
    pub fn width(&self) -> usize {
        text_width(self.terminal)
    }

    /// `text` laid out as a paragraph at the text width ([`text_width`]), on a terminal or
    /// not, with `first` before its first line and `rest` before the others: for a page
    /// such as `show`'s, or a step of the plain session.
    pub fn fill(&self, text: &str, first: &str, rest: &str) -> String {
        wrap(text, self.width(), first, rest).join("\n")
    }

    /// [`Prose::say`] with every line, the ones wrapping makes too, starting with `prefix`:
    /// `"# "` keeps a wrapped comment a comment in TOML output.
    pub fn say_after(&mut self, prefix: &str, text: &str) -> io::Result<()> {
        if !self.terminal {
            return self.line(&format!("{prefix}{text}"));
        }
        let width = text_width(true);
        for line in text.lines() {
            for wrapped in wrap(line, width, prefix, prefix) {
                self.line(wrapped.trim_end())?;
            }
        }
        Ok(())
    }

    /// Writes `text` and a line break as it is: a table row, a TOML key, a blank line.
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        for line in text.split('\n') {
            write!(self.out, "{line}{}", self.newline)?;
        }
        Ok(())
    }

    /// Sends what was written on its way.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A line for the person on stderr, "selfmassage: TEXT", wrapped on a terminal. Nowhere to
/// report a failure to write it (the terminal may be gone): the run goes on.
pub fn notice(text: &str) {
    let _ = Prose::stderr().say(&format!("selfmassage: {text}"));
}

/// A warning on stderr, wrapped for a terminal: "selfmassage: warning: ...".
pub fn warn(text: &str) {
    notice(&format!("warning: {text}"));
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
        let width = text_width(true);
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
