//! Flags, the config file and the environment, resolved once into one validated value.
//!
//! `main` builds a [`Settings`] before any command runs, and every command receives it: no
//! command reads the config file, the environment or a flag's default itself, so a rule such
//! as "the flag wins over the config file" or "`TERM=dumb` means plain output" lives here
//! and nowhere else (docs/cli.md#environment).

use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::{GlobalArgs, RunArgs};
use crate::config::Config;
use crate::paths::{Paths, shown};
use crate::routine::{Catalog, Length, RoutineFolder};
use crate::ui::terminal::glyphs::Glyphs;
use crate::ui::text::style::Palette;

/// What the process found around it at start: read once by [`Environment::current`], and
/// built by hand in tests.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The XDG folders (`XDG_CONFIG_HOME`, `XDG_DATA_HOME`, or their defaults under `HOME`).
    pub paths: Paths,
    pub stdin_is_terminal: bool,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
    pub no_color: bool,
    /// `TERM` is unset, empty or `dumb`: the terminal understands no escape sequence.
    pub dumb_terminal: bool,
    /// `PAGER`, when set.
    pub pager: Option<String>,
    /// What the terminal can draw: ASCII only on the Linux console or a locale that is
    /// not UTF-8.
    pub glyphs: Glyphs,
}

impl Environment {
    /// Reads the environment variables and asks which standard streams are terminals.
    ///
    /// # Errors
    /// When no home folder can be found for the XDG defaults.
    pub fn current() -> anyhow::Result<Environment> {
        let term = std::env::var("TERM").unwrap_or_default();
        Ok(Environment {
            paths: Paths::from_env()?,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            dumb_terminal: term.is_empty() || term == "dumb",
            pager: std::env::var("PAGER").ok(),
            glyphs: Glyphs::from_env(),
        })
    }
}

/// Everything a command may need to know about how to behave, already validated.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the config, the user's routines and the journal live.
    pub paths: Paths,
    /// The config file exists (it is optional: every key has a default).
    pub config_file_exists: bool,
    /// Extra routine folders (`--routines-dir`, in the order given); each must exist.
    pub routines_dirs: Vec<PathBuf>,
    /// Which end of a step's duration range to use: `--length`, else the config file.
    pub length: Length,
    /// A bell at every change: the config's `sound`, unless `--quiet`.
    pub sound: bool,
    /// Read instructions aloud: `--speak`, or the config's `speak`.
    pub speak: bool,
    /// The config's text-to-speech program, as written there (split by `ui::session::cues`).
    pub speak_command: Option<String>,
    /// The config file still sets `remember_answers_days`, which no longer changes
    /// anything: nothing about health is remembered between sessions.
    pub remembers_answers_in_config: bool,
    /// The config's `birth_year`, if any: the questions then do not ask the person's age.
    pub birth_year: Option<i16>,
    /// Line-by-line output with no escape sequence: `--plain`, output that is not a
    /// terminal, or a terminal that cannot take escape sequences (`TERM=dumb` or unset).
    pub plain: bool,
    /// Colour and emphasis: not plain, and no `NO_COLOR`.
    pub color: bool,
    /// A person can answer full-screen prompts: stdin and stderr are terminals that take
    /// escape sequences, and `--plain` was not asked for. Otherwise every answer is one line
    /// read from stdin, and no escape sequence is written.
    pub interactive: bool,
    /// Standard input is a terminal (keys can be read one at a time in a session).
    pub stdin_is_terminal: bool,
    /// Standard output is a terminal (prose may be wrapped to its width).
    pub stdout_is_terminal: bool,
    /// The pager for output taller than the window (`$PAGER`, else `less -FRX`): none when
    /// output is plain (not a terminal, `--plain`, `TERM=dumb`) or `PAGER` is empty.
    pub pager: Option<Vec<String>>,
    /// What the terminal can draw: the body figure, the countdown and the bars in ASCII
    /// where braille and blocks cannot be shown.
    pub glyphs: Glyphs,
}

impl Settings {
    /// Resolves the flags of this run against the config file and the environment.
    ///
    /// # Errors
    /// When the config file exists but cannot be read or is not valid; the message names
    /// its `file:line:col`.
    pub fn resolve(
        global: &GlobalArgs,
        run: &RunArgs,
        env: Environment,
    ) -> anyhow::Result<Settings> {
        let path = env.paths.config_file();
        let loaded = Config::load(&path)
            .with_context(|| format!("the config file {} is not valid", shown(&path)))?;
        for problem in &loaded.unknown_keys.0 {
            crate::ui::text::prose::warn(&problem.to_string());
        }
        let config = loaded.config;
        let plain = global.plain || !env.stdout_is_terminal || env.dumb_terminal;
        Ok(Settings {
            config_file_exists: path.exists(),
            routines_dirs: global.routines_dirs.clone(),
            length: run.session.length.unwrap_or(config.length),
            sound: config.sound && !run.session.quiet,
            speak: config.speak || run.session.speak,
            speak_command: config.speak_command,
            remembers_answers_in_config: config.remember_answers_days.is_some(),
            birth_year: config.birth_year,
            plain,
            color: !plain && !env.no_color,
            interactive: env.stdin_is_terminal
                && env.stderr_is_terminal
                && !env.dumb_terminal
                && !global.plain,
            stdin_is_terminal: env.stdin_is_terminal,
            stdout_is_terminal: env.stdout_is_terminal,
            pager: if plain {
                None
            } else {
                crate::ui::terminal::pager::pager_command(env.pager.as_deref())
            },
            glyphs: env.glyphs,
            paths: env.paths,
        })
    }

    /// The guided session takes the whole screen: not plain, and keys can be read from a
    /// terminal. Otherwise it prints plain lines.
    pub fn full_screen(&self) -> bool {
        !self.plain && self.stdin_is_terminal
    }

    /// Colour and emphasis for printed text, when [`Settings::color`] allows it.
    pub fn style(&self) -> Palette {
        Palette::new(self.color)
    }

    /// The built-ins, then the user's folder, then each `--routines-dir`.
    pub fn catalog(&self) -> Catalog {
        Catalog::load(
            &self.routine_folders(),
            &crate::safety::SafetyData::reserved(),
        )
    }

    /// The routines with these ids, as [`Settings::catalog`] finds them, reading no more
    /// than that needs (see [`Catalog::load_only`]).
    pub fn catalog_of(&self, ids: &[String]) -> Catalog {
        let reserved = std::cell::LazyCell::new(crate::safety::SafetyData::reserved);
        Catalog::load_only(ids, &self.routine_folders(), &reserved)
    }

    /// The user's routine folder, then each `--routines-dir`.
    fn routine_folders(&self) -> Vec<RoutineFolder> {
        let user = RoutineFolder {
            path: self.paths.user_routines(),
            must_exist: false,
        };
        let extra = self.routines_dirs.iter().map(|path| RoutineFolder {
            path: path.clone(),
            must_exist: true,
        });
        std::iter::once(user).chain(extra).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(home: &std::path::Path) -> Environment {
        Environment {
            paths: Paths {
                config_dir: home.join("config"),
                data_dir: home.join("data"),
            },
            stdin_is_terminal: true,
            stdout_is_terminal: true,
            stderr_is_terminal: true,
            no_color: false,
            dumb_terminal: false,
            pager: None,
            glyphs: Glyphs::Unicode,
        }
    }

    fn resolve(global: &GlobalArgs, run: &RunArgs, env: Environment) -> Settings {
        Settings::resolve(global, run, env).expect("valid settings")
    }

    #[test]
    fn a_terminal_gets_colour_and_full_screen_prompts() {
        let home = tempfile::tempdir().expect("tempdir");
        let settings = resolve(
            &GlobalArgs::default(),
            &RunArgs::default(),
            environment(home.path()),
        );
        assert!(!settings.plain && settings.color && settings.interactive);
        assert_eq!(settings.length, Length::Standard);
        assert!(settings.sound && !settings.speak && !settings.config_file_exists);
    }

    #[test]
    fn dumb_terminals_pipes_and_no_color_turn_escapes_off() {
        let home = tempfile::tempdir().expect("tempdir");
        let (global, run) = (GlobalArgs::default(), RunArgs::default());
        let dumb = Environment {
            dumb_terminal: true,
            ..environment(home.path())
        };
        let settings = resolve(&global, &run, dumb);
        assert!(settings.plain && !settings.color && !settings.interactive);
        let piped = Environment {
            stdout_is_terminal: false,
            ..environment(home.path())
        };
        let settings = resolve(&global, &run, piped);
        assert!(settings.plain && !settings.color && settings.interactive);
        assert_eq!(settings.pager, None, "never a pager for a pipe");
        let no_color = Environment {
            no_color: true,
            ..environment(home.path())
        };
        let settings = resolve(&global, &run, no_color);
        assert!(!settings.plain && !settings.color);
        let flag = GlobalArgs {
            plain: true,
            ..GlobalArgs::default()
        };
        assert!(resolve(&flag, &run, environment(home.path())).plain);
    }

    #[test]
    fn flags_win_over_the_config_file() {
        let home = tempfile::tempdir().expect("tempdir");
        let env = environment(home.path());
        std::fs::create_dir_all(&env.paths.config_dir).expect("config dir");
        std::fs::write(
            env.paths.config_file(),
            "length = \"long\"\nsound = true\nspeak = true\n",
        )
        .expect("config written");
        let from_file = resolve(&GlobalArgs::default(), &RunArgs::default(), env.clone());
        assert_eq!(from_file.length, Length::Long);
        assert!(from_file.sound && from_file.speak && from_file.config_file_exists);
        let flags = RunArgs {
            session: crate::cli::SessionOptions {
                length: Some(Length::Short),
                quiet: true,
                ..Default::default()
            },
            ..RunArgs::default()
        };
        let settings = resolve(&GlobalArgs::default(), &flags, env);
        assert_eq!(settings.length, Length::Short);
        assert!(!settings.sound);
    }

    #[test]
    fn an_invalid_config_file_is_an_error_naming_its_place() {
        let home = tempfile::tempdir().expect("tempdir");
        let env = environment(home.path());
        std::fs::create_dir_all(&env.paths.config_dir).expect("config dir");
        std::fs::write(env.paths.config_file(), "sound = \"yes\"\n").expect("config written");
        let error = Settings::resolve(&GlobalArgs::default(), &RunArgs::default(), env)
            .expect_err("invalid config");
        assert!(
            format!("{error:#}").contains("config.toml:1:9"),
            "{error:#}"
        );
    }
}
