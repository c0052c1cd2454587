//! A small fluent builder for running the `selfmassage` binary in a [`Sandbox`], in the
//! spirit of `just`'s `tests/test.rs`: a test reads like a usage example.
//!
//! ```ignore
//! Test::new()
//!     .routine_file("neck.toml", NECK)
//!     .args(["show", "neck"])
//!     .run()
//!     .success()
//!     .stdout_contains("My neck");
//! ```
//!
//! Every run is a pipe, never a terminal: stdin is empty unless [`Test::stdin`] gives it
//! something, `TERM` is `dumb` and `CI` is set. (The real-terminal tests use [`super::pty`].)

use std::ffi::{OsStr, OsString};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::dialog::Asked;
use super::sandbox::{BIN, Running, Sandbox};

/// One run of the binary, set up step by step.
pub struct Test {
    sandbox: Sandbox,
    args: Vec<OsString>,
    /// Added after `args`, so they follow the subcommand.
    routines_dirs: Vec<PathBuf>,
    envs: Vec<(OsString, OsString)>,
    stdin: Option<Vec<u8>>,
    /// A `sh -c` script run instead of the binary (which it finds as `$BIN`).
    shell: Option<String>,
    /// Another user to run the binary as, through `runuser`.
    user: Option<String>,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

/// The sandbox's folders and files, reachable from the test that runs in it.
impl Deref for Test {
    type Target = Sandbox;

    fn deref(&self) -> &Sandbox {
        &self.sandbox
    }
}

impl Sandbox {
    /// A run of the binary in this sandbox, for tests that run several in one home.
    pub fn test(&self) -> Test {
        Test {
            sandbox: self.clone(),
            args: Vec::new(),
            routines_dirs: Vec::new(),
            envs: Vec::new(),
            stdin: None,
            shell: None,
            user: None,
        }
    }
}

impl Test {
    /// A run in a fresh sandbox: an empty home with empty config and data folders.
    pub fn new() -> Test {
        Sandbox::new().test()
    }

    /// Writes a routine file into the user's routine folder.
    pub fn routine_file(self, name: &str, text: &str) -> Test {
        self.write(self.user_routines().join(name), text);
        self
    }

    /// Writes a file at `relative` inside the sandbox, creating its folders.
    pub fn file(self, relative: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> Test {
        self.write(relative, contents);
        self
    }

    /// Creates an (empty) folder at `relative` inside the sandbox.
    pub fn dir(self, relative: impl AsRef<Path>) -> Test {
        self.mkdir(relative);
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
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// What the binary reads on stdin (otherwise stdin is empty, never a terminal).
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Test {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// Runs `script` with `sh -c` instead of the binary, in the same environment, with the
    /// binary's path in `$BIN`: for redirections and pipes a shell makes easy. The script
    /// takes the place of any arguments.
    pub fn shell(mut self, script: &str) -> Test {
        self.shell = Some(script.to_string());
        self
    }

    /// Runs the binary as `user` through `runuser` (file permissions do not stop root). The
    /// home and XDG folders are passed on explicitly, as `runuser` resets `HOME`.
    pub fn user(mut self, user: &str) -> Test {
        self.user = Some(user.to_string());
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

    /// The command as configured, for tests that need other pipes: start it with
    /// [`Running::spawn`] so it has a timeout too. Stdin is null unless [`Test::stdin`] was
    /// used; the caller writes that input.
    pub fn command(&self) -> Command {
        let mut command = if let Some(script) = &self.shell {
            let mut sh = self.sandbox.command("sh");
            sh.arg("-c").arg(script).env("BIN", BIN);
            sh
        } else if let Some(user) = &self.user {
            let mut runuser = self.sandbox.command("runuser");
            runuser.args(["-u", user, "--", "env"]);
            for (key, value) in [
                ("HOME", self.home()),
                ("XDG_CONFIG_HOME", self.config_home()),
                ("XDG_DATA_HOME", self.data_home()),
            ] {
                runuser.arg(format!("{key}={}", value.display()));
            }
            runuser.arg(BIN);
            runuser
        } else {
            self.sandbox.command(BIN)
        };
        if self.shell.is_none() {
            command.args(&self.args);
            for dir in &self.routines_dirs {
                command.arg("--routines-dir").arg(dir);
            }
        }
        command.env("CI", "true").env("TERM", "dumb");
        command.envs(self.envs.iter().map(|(k, v)| (k, v)));
        command.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        command
    }

    /// Starts the run with stdout and stderr piped, writing [`Test::stdin`]'s input (if any)
    /// and closing stdin: for tests that follow the output as it comes.
    pub fn spawn(&self) -> Running {
        let mut command = self.command();
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut running = Running::spawn(&mut command)
            .expect("start the selfmassage binary")
            .in_sandbox(&self.sandbox);
        if let Some(input) = &self.stdin {
            let mut stdin = running.take_stdin();
            let input = input.clone();
            std::thread::spawn(move || {
                use std::io::Write as _;
                // The program may stop reading early; that is its business.
                let _ = stdin.write_all(&input);
            });
        }
        running
    }

    /// Runs to completion (or fails after the timeout) and keeps the sandbox in the result.
    pub fn run(self) -> Output {
        let mut command = self.command();
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let output = Running::spawn(&mut command)
            .expect("start the selfmassage binary")
            .output(self.stdin.clone());
        Output::new(
            self,
            output.status.code(),
            String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        )
    }
}

/// What a run printed and how it ended, with chainable checks that show both streams on
/// failure.
pub struct Output {
    pub args: Vec<OsString>,
    /// `None` when ended by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The sandbox, kept so paths in the output stay meaningful and it can run again.
    pub test: Test,
    /// Every prompt and the answer given, for a run through [`Test::converse`].
    pub asked: Vec<Asked>,
}

impl Output {
    /// The result of a run of `test`, which it keeps.
    pub fn new(test: Test, code: Option<i32>, stdout: String, stderr: String) -> Output {
        Output {
            args: test.args.clone(),
            code,
            stdout,
            stderr,
            test,
            asked: Vec::new(),
        }
    }

    /// The command, its exit code and both streams, for a failure message.
    pub fn context(&self) -> String {
        format!(
            "selfmassage {:?}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }

    /// Exit code 0, and no panic.
    #[track_caller]
    pub fn success(&self) -> &Output {
        self.code(0)
    }

    /// Exit code `expected`, and no panic (whose message would say what went wrong).
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Output {
        self.no_panic();
        assert_eq!(
            self.code,
            Some(expected),
            "wrong exit code (None: ended by a signal)\n{}",
            self.context()
        );
        self
    }

    /// Never a Rust panic message, whatever the exit code.
    #[track_caller]
    pub fn no_panic(&self) -> &Output {
        self.stderr_lacks("panicked").stderr_lacks("RUST_BACKTRACE")
    }

    #[track_caller]
    pub fn stdout_contains(&self, needle: &str) -> &Output {
        self.check("stdout", &self.stdout, needle, true)
    }

    #[track_caller]
    pub fn stdout_lacks(&self, needle: &str) -> &Output {
        self.check("stdout", &self.stdout, needle, false)
    }

    #[track_caller]
    pub fn stderr_contains(&self, needle: &str) -> &Output {
        self.check("stderr", &self.stderr, needle, true)
    }

    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) -> &Output {
        self.check("stderr", &self.stderr, needle, false)
    }

    #[track_caller]
    fn check(&self, stream: &str, text: &str, needle: &str, present: bool) -> &Output {
        let verb = if present { "lacks" } else { "has" };
        assert!(
            text.contains(needle) == present,
            "{stream} {verb} {needle:?}\n{}",
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

    /// Stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.context()))
    }
}
