//! Makes text from files safe to print: no control characters, no escape sequences.
//!
//! Everything a routine, config or journal file says passes through [`clean`] before it
//! reaches the terminal, so a file can never retitle, clear or recolour the user's screen.
//! What [`clean`] leaves is also what a terminal shows of a line: the pager measures a line
//! by it, so our own colour codes take no room.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Removes escape sequences, control characters and Unicode's format characters (bidi
/// overrides and marks, zero-width spaces, word joiners, the byte-order mark, tags: text
/// can hide in or be reordered by them); tabs and line breaks, Unicode's line and paragraph
/// separators among them, become single spaces so one field stays on one logical line.
/// Zero-width joiners and non-joiners stay: emoji and some scripts need them.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 CSI and OSC introducers: the 8-bit forms of ESC [ and ESC ].
            '\u{9b}' => skip_until_final_byte(&mut chars),
            '\u{9d}' => skip_until_string_end(&mut chars),
            c if matches!(c, '\t' | '\n' | '\r') || is_line_break(c) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if c.is_control() || is_format(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Like [`clean`], for text that may keep its line breaks (multi-line error messages).
pub fn clean_lines(text: &str) -> String {
    text.lines().map(clean).collect::<Vec<_>>().join("\n")
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_until_final_byte(chars),
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => skip_until_string_end(chars),
        // Two-character sequences (ESC c, ESC 7, ...): the one character is already gone.
        _ => {}
    }
}

/// CSI parameters run until a final byte in `@`..=`~`.
fn skip_until_final_byte(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC and friends end at BEL or at ESC \ (string terminator).
fn skip_until_string_end(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// Unicode's line and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
    )
}

/// A format character (general category Cf) other than the zero-width joiner and
/// non-joiner.
fn is_format(c: char) -> bool {
    c.general_category() == GeneralCategory::Format && !matches!(c, '\u{200c}' | '\u{200d}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_ordinary_text() {
        assert_eq!(
            clean("Neck knot release — 3 to 5 min"),
            "Neck knot release — 3 to 5 min"
        );
    }

    #[test]
    fn strips_colour_and_title_sequences() {
        assert_eq!(clean("\u{1b}[31mRed\u{1b}[0m"), "Red");
        assert_eq!(clean("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(clean("a\u{1b}]2;x\u{1b}\\b"), "ab");
        assert_eq!(clean("clear\u{1b}[2J\u{1b}[H"), "clear");
        assert_eq!(clean("reset\u{1b}c!"), "reset!");
    }

    #[test]
    fn strips_controls_and_folds_line_breaks() {
        assert_eq!(clean("one\ntwo\tthree\u{7}\u{8}"), "one two three");
        assert_eq!(clean("a\u{9b}31mb"), "ab");
        assert_eq!(clean("safe\u{202e}txt"), "safetxt");
    }

    #[test]
    fn strips_invisible_characters_and_folds_unicode_line_breaks() {
        assert_eq!(
            clean("Stop\u{200b} if\u{feff} it\u{2060} hurts"),
            "Stop if it hurts"
        );
        assert_eq!(clean("one\u{2028}two\u{2029}three"), "one two three");
        // A zero-width joiner is part of an emoji or a word in some scripts: kept.
        assert_eq!(clean("a\u{200d}b"), "a\u{200d}b");
        // Format characters a hand-made list would miss: the Arabic letter mark, a tag, an
        // invisible times, an interlinear annotation mark.
        assert_eq!(clean("a\u{61c}\u{e0041}\u{2062}\u{fff9}b"), "ab");
    }

    #[test]
    fn clean_lines_keeps_line_structure() {
        assert_eq!(clean_lines("a\u{1b}[1m\nb"), "a\nb");
    }

    proptest! {
        #[test]
        fn output_never_holds_a_control_character(text in any::<String>()) {
            let cleaned = clean(&text);
            prop_assert!(!cleaned.chars().any(|c| c.is_control()));
        }
    }
}
