//! Colour and emphasis for plain text output, off for pipes, `--plain` and `NO_COLOR`.

use crossterm::style::{Attribute, Color, Stylize};

#[derive(Debug, Clone, Copy)]
pub struct Style {
    enabled: bool,
}

impl Style {
    pub fn new(enabled: bool) -> Style {
        Style { enabled }
    }

    pub fn heading(&self, text: &str) -> String {
        self.paint(text, |t| t.attribute(Attribute::Bold).to_string())
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint(text, |t| t.with(Color::DarkGrey).to_string())
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
