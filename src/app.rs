//! What every command needs from the outside world, gathered once in `main`.

use std::io::IsTerminal;

use anyhow::Context as _;

use crate::cli::SharedArgs;
use crate::config::Config;
use crate::paths::{Paths, shown};
use crate::routine::{Catalog, RoutineFolder};
use crate::ui::style::Style;

pub struct App {
    pub paths: Paths,
    pub shared: SharedArgs,
    pub stdin_is_terminal: bool,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set (to anything non-empty).
    pub no_color: bool,
}

impl App {
    pub fn from_env(shared: SharedArgs) -> anyhow::Result<App> {
        Ok(App {
            paths: Paths::from_env()?,
            shared,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        })
    }

    /// Line-by-line output: asked for, or output is not a terminal.
    pub fn plain(&self) -> bool {
        self.shared.display.plain || !self.stdout_is_terminal
    }

    /// A person at a terminal can answer interactive prompts (drawn on stderr).
    pub fn interactive(&self) -> bool {
        self.stdin_is_terminal && self.stderr_is_terminal
    }

    pub fn style(&self) -> Style {
        Style::new(!self.plain() && !self.no_color)
    }

    /// The built-ins, then the user's folder, then each `--routines-dir`.
    pub fn catalog(&self) -> Catalog {
        let mut folders = vec![RoutineFolder {
            path: self.paths.user_routines(),
            must_exist: false,
        }];
        folders.extend(
            self.shared
                .source
                .routines_dirs
                .iter()
                .map(|path| RoutineFolder {
                    path: path.clone(),
                    must_exist: true,
                }),
        );
        Catalog::load(&folders)
    }

    pub fn config(&self) -> anyhow::Result<Config> {
        let path = self.paths.config_file();
        Config::load(&path)
            .with_context(|| format!("the config file {} is not valid", shown(&path)))
    }
}
