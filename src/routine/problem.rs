//! A problem found in a data file, located as `file:line:col` for editors and people.

use std::fmt;
use std::ops::Range;

use crate::sanitize;

/// One problem in one file, already cleaned for printing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    /// Locates `span` (byte offsets into `source`) as a 1-based line and column.
    pub fn at(file: &str, source: &str, span: Range<usize>, message: impl AsRef<str>) -> Problem {
        let (line, column) = line_and_column(source, span.start);
        Problem {
            file: sanitize::clean(file),
            line,
            column,
            message: sanitize::clean(message.as_ref()),
        }
    }

    /// A problem with the file as a whole (unreadable, not UTF-8): reported at 1:1.
    pub fn whole_file(file: &str, message: impl AsRef<str>) -> Problem {
        Problem {
            file: sanitize::clean(file),
            line: 1,
            column: 1,
            message: sanitize::clean(message.as_ref()),
        }
    }

    /// Turns a `toml` parse or type error into a problem. Only the message is kept: the
    /// crate's full display quotes the source line, which we neither need nor trust.
    pub fn from_toml(file: &str, source: &str, error: &toml::de::Error) -> Problem {
        let message = error.message().trim_end_matches('\n').replace('\n', "; ");
        match error.span() {
            Some(span) => Problem::at(file, source, span, message),
            None => Problem::whole_file(file, message),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Problems found in one file, shown one per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", display_all(.0))]
pub struct Problems(pub Vec<Problem>);

fn display_all(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// 1-based line and column (in characters) of a byte offset; offsets past the end or
/// inside a character are clamped so any span from any parser is safe to pass.
fn line_and_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets() {
        let source = "a = 1\nbé = 2\n";
        assert_eq!(line_and_column(source, 0), (1, 1));
        assert_eq!(line_and_column(source, 6), (2, 1));
        assert_eq!(line_and_column(source, 9), (2, 3));
        assert_eq!(line_and_column(source, 999), (3, 1));
        // Inside the two-byte é: clamped back to its start.
        assert_eq!(line_and_column(source, 8), (2, 2));
    }

    #[test]
    fn displays_as_file_line_col() {
        let problem = Problem::at("r.toml", "x\ny", 2..3, "bad \u{1b}[31mthing");
        assert_eq!(problem.to_string(), "r.toml:2:1: bad thing");
    }
}
