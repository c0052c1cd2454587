//! Colour and emphasis for plain text output, off for pipes, `--plain` and `NO_COLOR`.
//! (Named `Palette`, not `Style`: the session view draws with ratatui's `Style`.)

use crossterm::style::{Attribute, Color, Stylize};

#[derive(Debug, Clone, Copy)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    pub fn new(enabled: bool) -> Palette {
        Palette { enabled }
    }

    pub fn heading(&self, text: &str) -> String {
        self.paint(text, |t| t.attribute(Attribute::Bold).to_string())
    }

    /// Text of second rank (equipment, hints, a legend): in italics, in the terminal's own
    /// text colour. Never grey: 256-colour grey (index 8) is hard to read on dark themes
    /// and on light ones.
    pub fn secondary(&self, text: &str) -> String {
        self.paint(text, |t| t.attribute(Attribute::Italic).to_string())
    }

    pub fn good(&self, text: &str) -> String {
        self.paint(text, |t| {
            t.with(Color::Green).attribute(Attribute::Bold).to_string()
        })
    }

    pub fn warn(&self, text: &str) -> String {
        self.paint(text, |t| {
            t.with(Color::Yellow).attribute(Attribute::Bold).to_string()
        })
    }

    pub fn danger(&self, text: &str) -> String {
        self.paint(text, |t| {
            t.with(Color::Red).attribute(Attribute::Bold).to_string()
        })
    }

    fn paint(&self, text: &str, paint: impl Fn(&str) -> String) -> String {
        if self.enabled {
            paint(text)
        } else {
            text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_is_painted_in_grey() {
        let style = Palette::new(true);
        for text in [
            style.heading("a"),
            style.secondary("a"),
            style.good("a"),
            style.warn("a"),
            style.danger("a"),
        ] {
            // 256-colour grey (index 8), as crossterm writes `Color::DarkGrey`.
            assert!(!text.contains("5;8m"), "{text:?}");
            assert!(text.contains('a'));
        }
        assert_eq!(Palette::new(false).secondary("a"), "a");
    }
}
