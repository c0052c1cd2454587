//! A small fluent helper for running the `selfmassage` binary in a sandbox.
//!
//! Every [`Test`] gets its own temporary home: `HOME`, `XDG_CONFIG_HOME` and `XDG_DATA_HOME`
//! point inside it, so no test reads or writes the real user's routines, config or journal.
//! A test reads like a usage example:
//!
//! ```ignore
//! Test::new()
//!     .routine_file("neck.toml", NECK)
//!     .args(["show", "neck"])
//!     .run()
//!     .success()
//!     .stdout_contains("My neck");
//! ```
#![allow(dead_code)]

mod isolation;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test, built by cargo for integration tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_selfmassage");

/// A valid routine with one step, for tests that need "some routine". `{id}`-free: the id
/// is the file stem.
pub const MINIMAL_ROUTINE: &str = r#"title = "Calf roll"
areas = ["calves"]
summary = "Roll your calves over a ball."

[[steps]]
title = "Roll"
text = "Roll slowly from ankle to knee."
seconds = 20
"#;

/// One run of the binary, set up step by step.
pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<OsString>,
    /// Added after `args`, so they follow the subcommand.
    routines_dirs: Vec<PathBuf>,
    envs: Vec<(OsString, Option<OsString>)>,
    stdin: Option<Vec<u8>>,
    current_dir: Option<PathBuf>,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    /// A fresh sandbox: an empty home with empty config and data folders.
    pub fn new() -> Test {
        let dir = tempfile::Builder::new()
            .prefix("selfmassage-test-")
            .tempdir()
            .expect("create a temporary folder");
        for sub in ["home", "config", "data"] {
            fs::create_dir_all(dir.path().join(sub)).expect("create sandbox folders");
        }
        Test {
            dir,
            args: Vec::new(),
            routines_dirs: Vec::new(),
            envs: Vec::new(),
            stdin: None,
            current_dir: None,
        }
    }

    /// The sandbox root. Relative paths given to [`Test::file`] are under it, and the binary
    /// runs in it unless [`Test::current_dir`] says otherwise.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `$HOME`.
    pub fn home(&self) -> PathBuf {
        self.path().join("home")
    }

    /// `$XDG_CONFIG_HOME`.
    pub fn config_home(&self) -> PathBuf {
        self.path().join("config")
    }

    /// `$XDG_DATA_HOME`.
    pub fn data_home(&self) -> PathBuf {
        self.path().join("data")
    }

    /// `$XDG_CONFIG_HOME/selfmassage/routines`: the user's own routines.
    pub fn user_routines(&self) -> PathBuf {
        self.config_home().join("selfmassage").join("routines")
    }

    /// Writes a routine file into the user's routine folder.
    pub fn routine_file(self, name: &str, text: &str) -> Test {
        let path = self.user_routines().join(name);
        write(&path, text.as_bytes());
        self
    }

    /// Writes a file at `relative` inside the sandbox, creating its folders.
    pub fn file(self, relative: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> Test {
        let path = self.path().join(relative);
        write(&path, contents.as_ref());
        self
    }

    /// Creates an (empty) folder at `relative` inside the sandbox.
    pub fn dir(self, relative: impl AsRef<Path>) -> Test {
        fs::create_dir_all(self.path().join(relative)).expect("create folder");
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Test {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Passes `--routines-dir DIR` (after the other arguments). A relative `dir` is taken
    /// inside the sandbox.
    pub fn routines_dir(mut self, dir: impl AsRef<Path>) -> Test {
        let dir = self.path().join(dir);
        self.routines_dirs.push(dir);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Test {
        self.envs
            .push((key.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Test {
        self.envs.push((key.as_ref().to_owned(), None));
        self
    }

    /// What the binary reads on stdin (otherwise stdin is empty, never a terminal).
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Test {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// Runs the binary in this folder (relative: inside the sandbox).
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Test {
        self.current_dir = Some(self.path().join(dir));
        self
    }

    /// Another run in the same sandbox (its files, config, journal and environment), with no
    /// arguments, routine folders or stdin yet: for tests that run the binary several times.
    pub fn next_run(mut self) -> Test {
        self.args.clear();
        self.routines_dirs.clear();
        self.stdin = None;
        self
    }

    /// The command as configured, for tests that spawn it themselves (pipes, signals).
    /// Stdin is null unless [`Test::stdin`] was used; the caller writes that input.
    pub fn command(&self) -> Command {
        let mut command = Command::new(BIN);
        command.args(&self.args);
        for dir in &self.routines_dirs {
            command.arg("--routines-dir").arg(dir);
        }
        for key in isolation::CLEARED_ENV {
            command.env_remove(key);
        }
        command
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_DATA_HOME", self.data_home())
            .env("CI", "true")
            .env("TERM", "dumb");
        for (key, value) in &self.envs {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        command.current_dir(self.current_dir.as_deref().unwrap_or(self.path()));
        command.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        command
    }

    /// Runs the binary to completion and keeps the sandbox alive in the result.
    pub fn run(self) -> Output {
        let mut command = self.command();
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("start the selfmassage binary");
        if let Some(input) = &self.stdin {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            // The program may stop reading early; that is its business, not a test failure.
            let _ = stdin.write_all(input);
        }
        let output = child.wait_with_output().expect("wait for selfmassage");
        Output {
            args: self.args.clone(),
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            test: self,
        }
    }

    /// Runs the binary and hands the result to `assert_cmd`/`predicates` assertions.
    pub fn assert(self) -> assert_cmd::assert::Assert {
        let mut command = self.command();
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("start the selfmassage binary");
        if let Some(input) = &self.stdin {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            let _ = stdin.write_all(input);
        }
        let output = child.wait_with_output().expect("wait for selfmassage");
        assert_cmd::assert::Assert::new(output)
    }
}

fn write(path: &Path, contents: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, contents).expect("write file");
}

/// What a run printed and how it ended, with chainable checks that show both streams on
/// failure.
pub struct Output {
    pub args: Vec<OsString>,
    /// `None` when ended by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The sandbox, kept so paths in the output stay meaningful.
    pub test: Test,
}

impl Output {
    fn context(&self) -> String {
        format!(
            "selfmassage {:?}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }

    /// Exit code 0.
    #[track_caller]
    pub fn success(&self) -> &Output {
        self.code(0)
    }

    #[track_caller]
    pub fn code(&self, expected: i32) -> &Output {
        assert_eq!(
            self.code,
            Some(expected),
            "wrong exit code\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn stdout_contains(&self, needle: &str) -> &Output {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(&self, needle: &str) -> &Output {
        assert!(
            !self.stdout.contains(needle),
            "stdout has {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn stderr_contains(&self, needle: &str) -> &Output {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) -> &Output {
        assert!(
            !self.stderr.contains(needle),
            "stderr has {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub fn stdout_is(&self, expected: &str) -> &Output {
        assert_eq!(self.stdout, expected, "\n{}", self.context());
        self
    }

    #[track_caller]
    pub fn stderr_is(&self, expected: &str) -> &Output {
        assert_eq!(self.stderr, expected, "\n{}", self.context());
        self
    }

    /// Never a Rust panic message, whatever the exit code.
    #[track_caller]
    pub fn no_panic(&self) -> &Output {
        self.stderr_lacks("panicked")
    }

    /// Stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.context()))
    }

    /// Stdout with the sandbox path replaced by `[SANDBOX]`, for snapshots.
    pub fn stdout_redacted(&self) -> String {
        redact(&self.stdout, self.test.path())
    }

    /// Stderr with the sandbox path replaced by `[SANDBOX]`, for snapshots.
    pub fn stderr_redacted(&self) -> String {
        redact(&self.stderr, self.test.path())
    }
}

fn redact(text: &str, sandbox: &Path) -> String {
    let mut text = text.to_string();
    // macOS: the temp folder is reached through a /private symlink; the longer, real path
    // goes first so it is not half-replaced.
    if let Ok(real) = sandbox.canonicalize() {
        text = text.replace(&real.display().to_string(), "[SANDBOX]");
    }
    text.replace(&sandbox.display().to_string(), "[SANDBOX]")
}
