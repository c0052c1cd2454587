//! Where files live (DESIGN.md §3): XDG folders on Linux and macOS alike.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use etcetera::BaseStrategy;

#[derive(Debug, Clone)]
pub struct Paths {
    /// `$XDG_CONFIG_HOME/selfmassage`
    pub config_dir: PathBuf,
    /// `$XDG_DATA_HOME/selfmassage`
    pub data_dir: PathBuf,
}

impl Paths {
    /// Reads `XDG_CONFIG_HOME` / `XDG_DATA_HOME`, defaulting to `~/.config` and `~/.local/share`.
    pub fn from_env() -> anyhow::Result<Paths> {
        let xdg = etcetera::base_strategy::Xdg::new().context(
            "cannot find your home folder: set HOME, or XDG_CONFIG_HOME and XDG_DATA_HOME",
        )?;
        Ok(Paths {
            config_dir: xdg.config_dir().join("selfmassage"),
            data_dir: xdg.data_dir().join("selfmassage"),
        })
    }

    pub fn user_routines(&self) -> PathBuf {
        self.config_dir.join("routines")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// `$XDG_CONFIG_HOME/selfmassage/plan.toml`: the one plan.
    pub fn plan_file(&self) -> PathBuf {
        self.config_dir.join("plan.toml")
    }

    pub fn journal_file(&self) -> PathBuf {
        self.data_dir.join("journal.sqlite3")
    }
}

/// A path as it is safe to print.
pub fn shown(path: &Path) -> String {
    crate::sanitize::clean(&path.display().to_string())
}
