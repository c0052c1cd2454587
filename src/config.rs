//! The user's config file: defaults for length, sound and speech.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::routine::catalog::read_text;
use crate::routine::{Length, Problem, Problems};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Which end of duration ranges to use.
    pub length: Length,
    /// A bell at every change of step or side.
    pub sound: bool,
    /// Read instructions aloud.
    pub speak: bool,
    /// The text-to-speech program, split with shell quoting rules; how it gets the text is
    /// `ui::session::cues::Speaker::find`'s rule (never where it could be read as an option).
    pub speak_command: Option<String>,
    /// Accepted for configs written by older versions, and ignored: nothing about health
    /// is remembered between sessions (every question is asked every time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remember_answers_days: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            length: Length::Standard,
            sound: true,
            speak: false,
            speak_command: None,
            remember_answers_days: None,
        }
    }
}

impl Config {
    /// Loads the file when it exists; a missing file means the defaults.
    pub fn load(path: &Path) -> Result<Config, Problems> {
        if !path.exists() {
            return Ok(Config::default());
        }
        let source = read_text(path).map_err(|p| Problems(vec![p]))?;
        Config::parse(&path.display().to_string(), &source)
    }

    pub fn parse(file: &str, source: &str) -> Result<Config, Problems> {
        toml::from_str(source).map_err(|e| Problems(vec![Problem::from_toml(file, source, &e)]))
    }
}

/// The commented file `config --init` writes: every key, at its default.
pub const CONFIG_TEMPLATE: &str = r#"# selfmassage settings. Command-line flags override these.

# Where a step gives a range ("3 to 5 minutes"): "short", "standard" (the middle) or "long".
length = "standard"

# A bell at every change of step or side, at "10 seconds left" and at the end.
sound = true

# Read each instruction aloud (the same as --speak).
speak = false

# The text-to-speech program, split into words like a shell command (quotes work).
# Without it, the first of espeak-ng, espeak, spd-say and say that is installed is used.
# The text is never read as an option: espeak-ng, espeak and say get it on standard input,
# spd-say after "--". Any other program gets it in place of a {} word, or else as its
# last argument after "--" (e.g. "mytts --text {}" if it has no use for "--").
# speak_command = "espeak-ng -s 140"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_the_defaults() {
        let parsed = Config::parse("config.toml", CONFIG_TEMPLATE).expect("valid");
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_the_line() {
        let Problems(problems) =
            Config::parse("c.toml", "sound = true\nlenght = \"short\"\n").expect_err("unknown");
        assert_eq!((problems[0].line, problems[0].column), (2, 1));
        let Problems(problems) =
            Config::parse("c.toml", "\nsound = \"yes\"\n").expect_err("wrong type");
        assert_eq!(problems[0].line, 2);
        let Problems(problems) =
            Config::parse("c.toml", "length = \"medium\"\n").expect_err("bad value");
        assert!(problems[0].message.contains("short"), "{}", problems[0]);
    }

    #[test]
    fn keys_are_read() {
        let config = Config::parse(
            "c.toml",
            "length = \"long\"\nsound = false\nremember_answers_days = 0\n",
        )
        .expect("valid");
        assert_eq!(config.length, Length::Long);
        assert!(!config.sound);
        // Still accepted (old configs have it), and changes nothing.
        assert_eq!(config.remember_answers_days, Some(0));
    }
}
