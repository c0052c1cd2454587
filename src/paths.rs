//! Where files live (docs/cli.md#where-files-live): XDG folders on Linux and macOS alike.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use etcetera::BaseStrategy as _;

#[derive(Debug, Clone)]
pub struct Paths {
    /// `$XDG_CONFIG_HOME/selfmassage`
    pub config_dir: PathBuf,
    /// `$XDG_DATA_HOME/selfmassage`
    pub data_dir: PathBuf,
}

impl Paths {
    /// Reads `XDG_CONFIG_HOME` / `XDG_DATA_HOME`, defaulting to `~/.config` and `~/.local/share`.
    /// With both set, no home folder is needed (a container user with no passwd entry).
    pub fn from_env() -> anyhow::Result<Paths> {
        Paths::from_vars(
            std::env::var_os("XDG_CONFIG_HOME"),
            std::env::var_os("XDG_DATA_HOME"),
            || {
                etcetera::base_strategy::Xdg::new()
                    .map(|xdg| (xdg.config_dir(), xdg.data_dir()))
                    .context(
                        "cannot find your home folder: set HOME, or XDG_CONFIG_HOME and XDG_DATA_HOME",
                    )
            },
        )
    }

    /// The folders from the two variables (a relative path counts as unset, as the XDG
    /// specification says), asking `home_defaults` only for what they leave open.
    fn from_vars(
        config: Option<std::ffi::OsString>,
        data: Option<std::ffi::OsString>,
        home_defaults: impl FnOnce() -> anyhow::Result<(PathBuf, PathBuf)>,
    ) -> anyhow::Result<Paths> {
        let absolute = |var: Option<std::ffi::OsString>| {
            var.map(PathBuf::from).filter(|path| path.is_absolute())
        };
        let (config, data) = match (absolute(config), absolute(data)) {
            (Some(config), Some(data)) => (config, data),
            (config, data) => {
                let (home_config, home_data) = home_defaults()?;
                (config.unwrap_or(home_config), data.unwrap_or(home_data))
            }
        };
        Ok(Paths {
            config_dir: config.join("selfmassage"),
            data_dir: data.join("selfmassage"),
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

/// A path as one word of a command to copy into a shell: [`shown`], quoted when it needs to
/// be (a space, a quote).
pub fn for_shell(path: &Path) -> String {
    let text = shown(path);
    shlex::try_quote(&text).map_or_else(|_| text.clone(), |quoted| quoted.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_for_a_shell_is_quoted_only_when_it_must_be() {
        assert_eq!(for_shell(Path::new("/tmp/a/mine.toml")), "/tmp/a/mine.toml");
        assert_eq!(
            for_shell(Path::new("/home/Ann Lee/mine.toml")),
            "'/home/Ann Lee/mine.toml'"
        );
    }

    fn no_home() -> anyhow::Result<(PathBuf, PathBuf)> {
        anyhow::bail!("no home folder")
    }

    /// A public report of a CLI that failed in a container whose user has no passwd entry
    /// although both XDG folders were set: they are enough.
    #[test]
    fn both_xdg_folders_need_no_home() {
        let paths = Paths::from_vars(Some("/c".into()), Some("/d".into()), no_home)
            .expect("no home needed");
        assert_eq!(paths.config_dir, Path::new("/c/selfmassage"));
        assert_eq!(paths.data_dir, Path::new("/d/selfmassage"));
    }

    #[test]
    fn a_missing_or_relative_folder_falls_back_to_home() {
        let home = || {
            Ok((
                PathBuf::from("/h/.config"),
                PathBuf::from("/h/.local/share"),
            ))
        };
        let paths = Paths::from_vars(Some("rel".into()), Some("/d".into()), home).expect("home");
        assert_eq!(paths.config_dir, Path::new("/h/.config/selfmassage"));
        assert_eq!(paths.data_dir, Path::new("/d/selfmassage"));
        assert!(Paths::from_vars(Some("/c".into()), None, no_home).is_err());
    }
}
