//! How wide text is: the one rule for the width text is laid out to ([`text_width`]), and
//! text measured as a terminal shows it, in columns, not characters or bytes.
//!
//! A CJK character or an emoji takes two columns, a combining accent none, so counting
//! characters (as `chars().count()` and `format!`'s `{:<8}` do) misaligns any table with such
//! a title in it. Every width used for layout comes from here. (A column number in a
//! `file:line:col` message is another thing: editors count characters there.)

use std::fmt;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Wraps prose to `width` columns at spaces only: never inside a word, never at a hyphen
/// ("self-massage", "lower-back", "2026-11-30" stay whole), with `first` before the first
/// line and `rest` before the others. A word wider than the line is left whole, to overflow
/// rather than break. Text written without spaces (Chinese, Japanese) breaks between its
/// wide characters, where Unicode's line breaking rules allow. Every sentence the program
/// wraps goes through here.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(textwrap::WordSeparator::Custom(words))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect()
}

/// The words [`wrap`] may break between: after each run of spaces, and inside a run of
/// text without spaces where Unicode's line breaking rules (UAX #14, which know not to
/// start a line with "。") allow a break beside a wide character.
fn words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let wide = |c: Option<char>| c.and_then(UnicodeWidthChar::width) == Some(2);
    let mut words = Vec::new();
    let mut offset = 0;
    for word in textwrap::WordSeparator::AsciiSpace.find_words(line) {
        let whole = word.word.len() + word.whitespace.len();
        let mut start = offset;
        let mut end = offset;
        let pieces: Vec<_> = textwrap::WordSeparator::UnicodeBreakProperties
            .find_words(word.word)
            .collect();
        for pair in pieces.windows(2) {
            end += pair[0].word.len() + pair[0].whitespace.len();
            let before = pair[0].word.chars().next_back();
            let after = pair[1].word.chars().next();
            let inside = end < offset + word.word.len() && line.is_char_boundary(end);
            if (wide(before) || wide(after)) && inside {
                words.push(textwrap::core::Word::from(&line[start..end]));
                start = end;
            }
        }
        offset += whole;
        words.push(textwrap::core::Word::from(&line[start..offset]));
    }
    Box::new(words.into_iter())
}

/// The narrowest and widest text is laid out to on a terminal, and its width elsewhere.
pub const MIN_COLUMNS: usize = 20;
pub const MAX_COLUMNS: usize = 100;
pub const PIPE_COLUMNS: usize = 80;

/// The width text is laid out to, every command's and the plain session's: on a terminal,
/// the window's, kept within [`MIN_COLUMNS`]..=[`MAX_COLUMNS`] (long lines are hard to read);
/// into a pipe or a file, [`PIPE_COLUMNS`].
pub fn text_width(terminal: bool) -> usize {
    if terminal {
        terminal_columns().clamp(MIN_COLUMNS, MAX_COLUMNS)
    } else {
        PIPE_COLUMNS
    }
}

/// The terminal's width in columns; 80 when it cannot say, or says 0 (some containers).
pub fn terminal_columns() -> usize {
    match crossterm::terminal::size() {
        Ok((columns, _)) if columns > 0 => usize::from(columns),
        _ => PIPE_COLUMNS,
    }
}

/// The terminal's height in rows, when it can say.
pub fn terminal_rows() -> Option<usize> {
    match crossterm::terminal::size() {
        Ok((_, rows)) if rows > 0 => Some(usize::from(rows)),
        _ => None,
    }
}

/// Prose for one of the standard streams: each line wrapped at spaces to the terminal's
/// width when the stream is a terminal, unchanged for a pipe or a file (scripts read whole
/// lines).
pub fn for_stream(text: &str, is_terminal: bool) -> String {
    if !is_terminal {
        return text.to_string();
    }
    prose_lines(text, text_width(true)).join("\n")
}

/// Prose laid out `width` columns wide: each of its lines wrapped at spaces, a list item's
/// later lines under its first word ("  - An arm or hand ..." goes on four columns in).
pub fn prose_lines(text: &str, width: usize) -> Vec<String> {
    text.lines()
        .flat_map(|line| {
            let indent = line.len() - line.trim_start_matches([' ', '-']).len();
            wrap(line, width, "", &" ".repeat(indent))
        })
        .collect()
}

/// The number of terminal columns `text` takes.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `width` columns, ending in "…" when anything was cut (a note in a
/// table column). Never splits a character; a wide character that would straddle the edge
/// goes with the cut.
pub fn cut(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if display_width(text) <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = width.saturating_sub(1);
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        kept.push(c);
    }
    if width > 0 {
        kept.push('…');
    }
    std::borrow::Cow::Owned(kept)
}

/// `text` cut to at most `width` columns at a space, ending in "…" when anything was cut (a
/// title beside the step's position, the next step's name). A first word wider than that
/// is cut inside, as [`cut`] does.
pub fn cut_at_word(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if display_width(text) <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = width.saturating_sub(1);
    match wrap(text, room, "", "").first() {
        Some(line) if !line.trim().is_empty() && display_width(line) <= room => {
            std::borrow::Cow::Owned(format!("{}…", line.trim_end_matches([' ', ',', ';'])))
        }
        _ => cut(text, width),
    }
}

/// The first `rows` of the wrapped `lines` (of text `width` columns wide), the last ending
/// in "…" when any were left out; none when `rows` is 0.
pub fn first_lines(lines: &[String], rows: usize, width: usize) -> Vec<String> {
    if lines.len() <= rows {
        return lines.to_vec();
    }
    let Some(kept) = rows.checked_sub(1) else {
        return Vec::new();
    };
    let mut first: Vec<String> = lines[..kept].to_vec();
    first.push(cut_at_word(&lines[kept..].join(" "), width).into_owned());
    first
}

/// Text in a column `width` columns wide, filled out with spaces: a `Display` stand-in for
/// `{:<width$}` and `{:>width$}` that counts columns. Text wider than the column is written
/// whole.
#[derive(Debug, Clone, Copy)]
pub struct Padded<'a> {
    text: &'a str,
    fill: usize,
    right: bool,
}

impl<'a> Padded<'a> {
    /// `text` at the left of the column, spaces after it.
    pub fn left(text: &'a str, width: usize) -> Padded<'a> {
        Padded {
            text,
            fill: width.saturating_sub(display_width(text)),
            right: false,
        }
    }

    /// `text` at the right of the column, spaces before it.
    pub fn right(text: &'a str, width: usize) -> Padded<'a> {
        Padded {
            right: true,
            ..Padded::left(text, width)
        }
    }
}

impl fmt::Display for Padded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let spaces = |f: &mut fmt::Formatter<'_>| (0..self.fill).try_for_each(|_| f.write_str(" "));
        if self.right {
            spaces(f)?;
            f.write_str(self.text)
        } else {
            f.write_str(self.text)?;
            spaces(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_breaks_a_word_or_a_hyphenated_name() {
        let text = "if a doctor has said self-massage is fine, see lower-back on 2026-11-30 [y/n]";
        for width in 8..60 {
            for line in wrap(text, width, "", "") {
                assert!(
                    display_width(&line) <= width || !line.contains(' '),
                    "{width}: {line:?}"
                );
            }
            let joined = wrap(text, width, "", "").join(" ");
            assert_eq!(joined, text, "{width}");
        }
        assert_eq!(wrap("a b", 10, "  - ", "    "), vec!["  - a b"]);
    }

    /// Japanese or Chinese written without spaces wraps by display width (two columns a
    /// character), with its indent, and never starts a line with "。" or "、".
    #[test]
    fn text_without_spaces_wraps_between_wide_characters_with_its_indent() {
        let sentence = "首や肩に強い痛みやしびれがある場合は、マッサージを始める前に医師に相談してください。急に悪化した場合はすぐに中止してください。";
        let lines = wrap(sentence, 40, "  - ", "    ");
        assert!(lines.len() > 3, "{lines:?}");
        for (index, line) in lines.iter().enumerate() {
            assert!(
                display_width(line) <= 40,
                "{line:?} is {} wide",
                display_width(line)
            );
            let indent = if index == 0 { "  - " } else { "    " };
            assert!(line.starts_with(indent), "{line:?}");
            let text = &line[indent.len()..];
            assert!(!text.starts_with(['。', '、']), "{lines:?}");
        }
        assert_eq!(
            lines
                .iter()
                .map(|l| l.trim_start_matches([' ', '-']))
                .collect::<String>(),
            sentence
        );
        // Mixed with Latin words: spaces still break, hyphens still do not.
        let mixed = wrap("self-massage の前に lower-back を確認", 14, "", "");
        assert!(
            mixed.iter().any(|l| l.contains("self-massage")),
            "{mixed:?}"
        );
        assert!(mixed.iter().any(|l| l.contains("lower-back")), "{mixed:?}");
        // Every space is a break, even before a "/" (where Unicode's rules see none).
        let path = wrap("config file: /tmp/a-b/config.toml", 20, "# ", "# ");
        assert_eq!(path, ["# config file:", "# /tmp/a-b/config.toml"]);
    }

    #[test]
    fn wide_characters_take_two_columns_and_accents_none() {
        assert_eq!(display_width("neck"), 4);
        assert_eq!(display_width("首の痛み"), 8);
        assert_eq!(display_width("💆"), 2);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("0 → 2"), 5);
    }

    #[test]
    fn cutting_counts_columns_and_says_it_cut() {
        assert_eq!(cut("after yoga", 20), "after yoga");
        assert_eq!(cut("after yoga", 10), "after yoga");
        assert_eq!(cut("after yoga", 6), "after…");
        assert_eq!(display_width(&cut("after yoga", 6)), 6);
        // A two-column character that does not fit whole goes.
        assert_eq!(cut("首の痛み", 6), "首の…");
        assert_eq!(cut("首の痛み", 4), "首…");
        assert_eq!(cut("abc", 0), "");
    }

    #[test]
    fn cutting_at_a_word_never_splits_one_and_says_it_cut() {
        assert_eq!(
            cut_at_word("Tension headache relief", 30),
            "Tension headache relief"
        );
        assert_eq!(cut_at_word("Tension headache relief", 15), "Tension…");
        assert_eq!(
            cut_at_word("Tension headache relief", 17),
            "Tension headache…"
        );
        assert_eq!(
            cut_at_word("Next: Lying-down finish, then", 25),
            "Next: Lying-down finish…"
        );
        // A first word too wide is cut inside; nothing is wider than asked.
        assert_eq!(cut_at_word("Tension", 4), "Ten…");
        assert_eq!(cut_at_word("Tension", 0), "");
        for width in 0..30 {
            assert!(display_width(&cut_at_word("Tension headache relief", width)) <= width);
        }
        let lines = wrap("one two three four five six", 9, "", "");
        assert_eq!(lines, ["one two", "three", "four five", "six"]);
        assert_eq!(first_lines(&lines, 2, 9), ["one two", "three…"]);
        assert_eq!(first_lines(&lines, 3, 9), ["one two", "three", "four…"]);
        assert_eq!(first_lines(&lines, 4, 9), lines);
        assert!(first_lines(&lines, 0, 9).is_empty());
    }

    #[test]
    fn padding_fills_to_the_column_by_width() {
        assert_eq!(Padded::left("ab", 5).to_string(), "ab   ");
        assert_eq!(Padded::right("ab", 5).to_string(), "   ab");
        assert_eq!(Padded::left("首の", 6).to_string(), "首の  ");
        assert_eq!(Padded::right("首の", 6).to_string(), "  首の");
        // Too wide: written whole, never cut.
        assert_eq!(Padded::left("首の痛み", 4).to_string(), "首の痛み");
        assert_eq!(Padded::right("abcdef", 2).to_string(), "abcdef");
    }
}
