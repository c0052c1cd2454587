//! What the terminal can draw beyond ASCII: braille dots (the body figure, the history
//! chart) and block elements (the large countdown, the progress bars). The Linux console's
//! font has neither, and a terminal whose locale is not UTF-8 cannot be sent them; there the
//! view and the chart draw the same shapes in ASCII. (Only these: the text's own
//! punctuation, such as `·`, `—` and `→`, and the chart's box-drawing axes, which the Linux
//! console's font has, are sent as they are.) Decided once, from the environment, by [`Glyphs::detect`]; the
//! view only receives the answer.

/// The characters the view may draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Glyphs {
    /// Braille dots and block elements.
    #[default]
    Unicode,
    /// No braille and no block elements: their shapes in ASCII.
    Ascii,
}

impl Glyphs {
    /// The glyphs for a terminal named `term` (`TERM`) with the locale `locale` names:
    /// the first of `LC_ALL`, `LC_CTYPE` and `LANG` that is set and not empty (POSIX's
    /// order). ASCII for the Linux console (`linux`), and for a locale that does not say
    /// UTF-8 (`C` and `POSIX` included); with no locale set at all, the terminal is taken
    /// at its word.
    pub fn detect(term: &str, locale: Option<&str>) -> Glyphs {
        let console = term == "linux" || term.starts_with("linux-");
        let not_utf8 = locale.is_some_and(|name| {
            let name = name.to_ascii_lowercase();
            !name.contains("utf-8") && !name.contains("utf8")
        });
        if console || not_utf8 {
            Glyphs::Ascii
        } else {
            Glyphs::Unicode
        }
    }

    /// [`Glyphs::detect`] for this process's environment.
    pub fn from_env() -> Glyphs {
        let term = std::env::var("TERM").unwrap_or_default();
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .into_iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Glyphs::detect(&term, locale.as_deref())
    }

    /// Only ASCII may be drawn.
    pub fn ascii(self) -> bool {
        self == Glyphs::Ascii
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linux_console_and_a_locale_without_utf8_get_ascii() {
        assert_eq!(
            Glyphs::detect("xterm-256color", Some("en_US.UTF-8")),
            Glyphs::Unicode
        );
        assert_eq!(Glyphs::detect("xterm", Some("de_DE.utf8")), Glyphs::Unicode);
        assert_eq!(Glyphs::detect("xterm", None), Glyphs::Unicode);
        assert_eq!(Glyphs::detect("linux", Some("en_US.UTF-8")), Glyphs::Ascii);
        assert_eq!(Glyphs::detect("linux-16color", None), Glyphs::Ascii);
        assert_eq!(Glyphs::detect("xterm", Some("C")), Glyphs::Ascii);
        assert_eq!(Glyphs::detect("xterm", Some("POSIX")), Glyphs::Ascii);
        assert_eq!(
            Glyphs::detect("xterm", Some("en_US.ISO-8859-1")),
            Glyphs::Ascii
        );
    }
}
