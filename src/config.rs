//! The user's config file: defaults for length, sound and speech.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::routine::catalog::read_text;
use crate::routine::{Length, Problem, Problems};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
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
    /// The year the person was born: some warning signs depend on age, and with this the
    /// questions do not ask it. Optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i16>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            length: Length::Standard,
            sound: true,
            speak: false,
            speak_command: None,
            remember_answers_days: None,
            birth_year: None,
        }
    }
}

/// Every key this version reads (`Config`'s fields).
const KEYS: [&str; 6] = [
    "length",
    "sound",
    "speak",
    "speak_command",
    "remember_answers_days",
    "birth_year",
];

/// A config file read back: its values, and a problem naming the line of each key this
/// version does not know (a typo, or a newer version's key): a warning for every command,
/// an error for `config --check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub config: Config,
    pub unknown_keys: Problems,
}

impl Config {
    /// Loads the file when it exists; a missing file means the defaults.
    pub fn load(path: &Path) -> Result<Loaded, Problems> {
        if !path.exists() {
            return Ok(Loaded {
                config: Config::default(),
                unknown_keys: Problems(Vec::new()),
            });
        }
        let source = read_text(path).map_err(|p| Problems(vec![p]))?;
        Config::parse(&path.display().to_string(), &source)
    }

    pub fn parse(file: &str, source: &str) -> Result<Loaded, Problems> {
        let problem = |e: toml::de::Error| Problems(vec![Problem::from_toml(file, source, &e)]);
        let config = toml::from_str(source).map_err(problem)?;
        let table: toml::Table = toml::from_str(source).map_err(problem)?;
        let mut unknown_keys: Vec<Problem> = table
            .keys()
            .filter(|key| !KEYS.contains(&key.as_str()))
            .map(|key| {
                let at = key_position(source, key);
                Problem::at(
                    file,
                    source,
                    at..at,
                    format!(
                        "unknown key `{key}` (a typo, or a newer version's setting), ignored; the keys are {}",
                        KEYS[..4].join(", ")
                    ),
                )
            })
            .collect();
        unknown_keys.sort_by_key(|problem| (problem.line, problem.column));
        Ok(Loaded {
            config,
            unknown_keys: Problems(unknown_keys),
        })
    }
}

/// Where `key` is set in `source` (the start of its line), or the start of the file.
fn key_position(source: &str, key: &str) -> usize {
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let rest = line.trim_start().trim_start_matches('[').trim_start();
        let quoted = format!("\"{key}\"");
        let after = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(quoted.as_str()));
        if after.is_some_and(|after| after.trim_start().starts_with(['=', '.', ']'])) {
            return at + (line.len() - rest.len());
        }
        at += line.len();
    }
    0
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
        assert_eq!(parsed.config, Config::default());
        assert!(parsed.unknown_keys.0.is_empty());
    }

    /// A public report of a CLI whose older binary refused a config a newer one wrote: an
    /// unknown key is read past, and named with its line.
    #[test]
    fn unknown_keys_and_wrong_types_name_the_line() {
        let loaded = Config::parse(
            "c.toml",
            "sound = false\n  lenght = \"short\"\n[future]\nx = 1\n",
        )
        .expect("an unknown key is not an error");
        assert!(!loaded.config.sound);
        let Problems(problems) = loaded.unknown_keys;
        assert_eq!((problems[0].line, problems[0].column), (2, 3));
        assert!(problems[0].message.contains("`lenght`"), "{}", problems[0]);
        assert_eq!(problems[1].line, 3, "{}", problems[1]);
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
        .expect("valid")
        .config;
        assert_eq!(config.length, Length::Long);
        assert!(!config.sound);
        // Still accepted (old configs have it), and changes nothing.
        assert_eq!(config.remember_answers_days, Some(0));
    }
}
