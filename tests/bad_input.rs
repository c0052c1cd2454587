//! The bad-input audit (issue 7, item 5): for each kind of bad input, a clear message, the
//! right exit code, and never a panic or a hang.
//!
//! Every run has its own temporary HOME, XDG_CONFIG_HOME and XDG_DATA_HOME, and a timeout,
//! so a hang fails the test instead of stalling the suite. A terminal of 1x1 is covered by a
//! unit test of the view in `src/ui/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use predicates::prelude::PredicateBooleanExt as _;

const BIN: &str = env!("CARGO_BIN_EXE_selfmassage");

/// Long enough for a slow CI machine, short enough that a hang is caught.
const TIMEOUT: Duration = Duration::from_secs(30);

const VALID: &str = r#"title = "Calf roll"
areas = ["calves"]
summary = "Roll your calves over a ball."

[[steps]]
title = "Roll"
text = "Roll slowly from ankle to knee."
seconds = 20
"#;

/// A routine whose one step has `duration` (a `seconds = ...` or `minutes = ...` line) and
/// `text`.
fn routine_with(text: &str, duration: &str) -> String {
    format!(
        "title = \"Test\"\nareas = [\"calves\"]\nsummary = \"A test.\"\n\n[[steps]]\ntitle = \"Step\"\ntext = \"{text}\"\n{duration}\n"
    )
}

/// A temporary home for one test: config, data and a `routines` folder of its own.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("selfmassage-bad-input-")
            .tempdir()
            .expect("create a temporary folder");
        for sub in ["home", "config", "data", "routines"] {
            fs::create_dir_all(dir.path().join(sub)).expect("create sandbox folders");
        }
        Sandbox { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The folder passed as `--routines-dir`.
    fn routines(&self) -> PathBuf {
        self.path().join("routines")
    }

    /// Writes `contents` to `relative` (inside the sandbox) and returns its path.
    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        fs::write(&path, contents).expect("write a test file");
        path
    }

    fn command(&self) -> assert_cmd::Command {
        let mut command = assert_cmd::Command::new(BIN);
        command
            .current_dir(self.path())
            .env("HOME", self.path().join("home"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .timeout(TIMEOUT);
        command
    }

    fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Run::from(self.command().args(args).output().expect("run selfmassage"))
    }

    /// Runs `script` with `sh -c`, `$BIN` set to the binary, in the sandbox's environment.
    fn shell(&self, script: &str) -> Run {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(self.path())
            .env("BIN", BIN)
            .env("HOME", self.path().join("home"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("NO_COLOR", "1")
            .output()
            .expect("run sh");
        Run::from(output)
    }
}

/// What one run printed, and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Exit code `code`, and no panic (nor a timeout kill, which has no code).
    #[track_caller]
    fn exits(&self, code: i32) -> &Run {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "a panic:\n{}",
            self.stderr
        );
        assert_eq!(
            self.code,
            Some(code),
            "exit code (None: killed, e.g. after a timeout)\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout
        );
        self
    }
}

/// `validate FILE` fails with one located problem about `FILE`, saying `message`.
#[track_caller]
fn assert_invalid(sandbox: &Sandbox, relative: &str, message: &str) {
    sandbox
        .run(["validate", relative])
        .exits(1)
        .stdout_has(&format!("{relative}:"))
        .stdout_has(message)
        .stderr_has("1 problem found");
}

/// `list` skips the broken user file `name.toml` with a warning naming it and still lists
/// the built-ins (exit 0); `show name` is an error that names the file (exit 1).
#[track_caller]
fn assert_skipped_by_list(sandbox: &Sandbox, name: &str, message: &str) {
    let file = format!("{name}.toml");
    sandbox
        .run(["list", "--routines-dir", "routines"])
        .exits(0)
        .stdout_has("neck")
        .stderr_has("warning")
        .stderr_has(&file)
        .stderr_has(message);
    sandbox
        .run(["show", name, "--routines-dir", "routines"])
        .exits(1)
        .stderr_has(&file)
        .stderr_has(message);
}

#[test]
fn empty_routine_file() {
    let sandbox = Sandbox::new();
    sandbox.write("routines/empty.toml", "");
    // An empty file is valid TOML with no keys: the first required key is reported.
    assert_invalid(&sandbox, "routines/empty.toml", "title");
    sandbox
        .run(["validate", "routines/empty.toml"])
        .stdout_has("routines/empty.toml:1:1:");
    assert_skipped_by_list(&sandbox, "empty", "title");
}

#[test]
fn ten_megabyte_file_is_refused_without_reading_it_all() {
    let sandbox = Sandbox::new();
    let mut big = VALID.to_string();
    big.push_str(&format!("# {}\n", "x".repeat(10 * 1024 * 1024)));
    sandbox.write("routines/big.toml", big);
    assert_invalid(&sandbox, "routines/big.toml", "at most 1024 KiB");
    assert_skipped_by_list(&sandbox, "big", "at most 1024 KiB");
}

#[test]
fn invalid_utf8() {
    let sandbox = Sandbox::new();
    let mut bytes = b"title = \"Caf".to_vec();
    bytes.extend_from_slice(&[0xE9, b'"', b'\n']); // Latin-1 é
    bytes.extend_from_slice(&VALID.as_bytes()[VALID.find('\n').expect("a line") + 1..]);
    sandbox.write("routines/latin1.toml", bytes);
    sandbox
        .run(["validate", "routines/latin1.toml"])
        .exits(1)
        // Located at the first bad byte: line 1, after `title = "Caf`.
        .stdout_has("routines/latin1.toml:1:13:")
        .stdout_has("not UTF-8");
    assert_skipped_by_list(&sandbox, "latin1", "not UTF-8");
}

#[test]
fn binary_files() {
    let sandbox = Sandbox::new();
    // NUL and other control bytes, valid UTF-8 but not TOML.
    sandbox.write("routines/nul.toml", b"\0\0\0\x01\x02title\0= \"x\"\n\x7f\0");
    let run = sandbox.run(["validate", "routines/nul.toml"]);
    run.exits(1)
        .stdout_has("routines/nul.toml:")
        .stderr_has("1 problem found");
    // The NUL bytes themselves are never echoed back to the terminal.
    assert!(!run.stdout.contains('\0'), "{:?}", run.stdout);
    // A real binary (a PNG header): not UTF-8.
    sandbox.write(
        "routines/image.toml",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0",
    );
    assert_invalid(&sandbox, "routines/image.toml", "not UTF-8");
    let list = sandbox.run(["list", "--routines-dir", "routines"]);
    list.exits(0)
        .stdout_has("neck")
        .stderr_has("nul.toml")
        .stderr_has("image.toml");
    assert!(!list.stderr.contains('\0'), "{:?}", list.stderr);
}

#[test]
fn directory_where_a_file_is_expected() {
    let sandbox = Sandbox::new();
    // Passed to `validate` directly: a folder is read as a folder of routines.
    fs::create_dir_all(sandbox.path().join("some_dir_named_x.toml")).expect("mkdir");
    for path in ["some_dir_named_x.toml/", "some_dir_named_x.toml"] {
        sandbox
            .run(["validate", path])
            .exits(1)
            .stdout_has("some_dir_named_x.toml")
            .stdout_has("no .toml routine files in this folder");
    }
    // A folder named like a routine file inside a routine folder.
    fs::create_dir_all(sandbox.routines().join("x.toml")).expect("mkdir");
    sandbox.write("routines/calf.toml", VALID);
    sandbox
        .run(["validate", "routines"])
        .exits(1)
        .stdout_has("routines/calf.toml: ok")
        .stdout_has("x.toml:1:1: this is a folder, not a file");
    assert_skipped_by_list(&sandbox, "x", "this is a folder, not a file");
    // The good file next to it is still listed.
    sandbox
        .run(["list", "--routines-dir", "routines"])
        .stdout_has("calf");
}

/// Runs `args` as a user to whom file permissions apply. `privileged` says whether this
/// process ignores them (root, or CAP_DAC_OVERRIDE: it read a mode-000 file or folder). Then
/// the run goes through `runuser -u nobody` when that works here (tests run as root in CI),
/// and is `None` when it does not: the caller skips with a note.
fn run_unprivileged(sandbox: &Sandbox, privileged: bool, args: &[&str]) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt as _;

    if !privileged {
        return Some(sandbox.run(args));
    }
    let works = std::process::Command::new("runuser")
        .args(["-u", "nobody", "--", BIN, "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        return None;
    }
    // nobody must reach the sandbox (tempdir makes it 0700) and write its home folders.
    fs::set_permissions(sandbox.path(), fs::Permissions::from_mode(0o755)).ok()?;
    for sub in ["home", "config", "data"] {
        fs::set_permissions(sandbox.path().join(sub), fs::Permissions::from_mode(0o777)).ok()?;
    }
    let home = |sub: &str| format!("{}", sandbox.path().join(sub).display());
    let output = std::process::Command::new("runuser")
        .args(["-u", "nobody", "--", "env"])
        .arg(format!("HOME={}", home("home")))
        .arg(format!("XDG_CONFIG_HOME={}", home("config")))
        .arg(format!("XDG_DATA_HOME={}", home("data")))
        .arg("NO_COLOR=1")
        .arg(BIN)
        .args(args)
        .current_dir(sandbox.path())
        .output()
        .ok()?;
    Some(Run::from(output))
}

#[test]
fn routine_folder_that_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt as _;

    let sandbox = Sandbox::new();
    sandbox.write("routines/calf.toml", VALID);
    let locked = sandbox.routines();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let privileged = fs::read_dir(&locked).is_ok();
    let list = run_unprivileged(
        &sandbox,
        privileged,
        &["list", "--routines-dir", "routines"],
    );
    let validate = run_unprivileged(&sandbox, privileged, &["validate", "routines"]);
    // Put permissions back before asserting, so the temporary folder can be removed.
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod 755");
    let (Some(list), Some(validate)) = (list, validate) else {
        eprintln!(
            "note: routine_folder_that_cannot_be_read skipped: this user (root) reads a folder \
             even with mode 000, and `runuser -u nobody` is not available to drop that"
        );
        return;
    };
    // `list` still lists the built-ins and warns about the folder.
    list.exits(0)
        .stdout_has("neck")
        .stderr_has("routines")
        .stderr_has("cannot read this routine folder")
        .stderr_has("ermission denied");
    validate
        .exits(1)
        .stdout_has("routines:1:1: cannot read this folder")
        .stdout_has("ermission denied");
}

#[test]
fn routine_file_that_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt as _;

    let sandbox = Sandbox::new();
    let file = sandbox.write("routines/secret.toml", VALID);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let privileged = fs::read(&file).is_ok();
    let validate = run_unprivileged(&sandbox, privileged, &["validate", "routines/secret.toml"]);
    let list = run_unprivileged(
        &sandbox,
        privileged,
        &["list", "--routines-dir", "routines"],
    );
    let show = run_unprivileged(
        &sandbox,
        privileged,
        &["show", "secret", "--routines-dir", "routines"],
    );
    let (Some(validate), Some(list), Some(show)) = (validate, list, show) else {
        eprintln!(
            "note: routine_file_that_cannot_be_read skipped: this user (root) reads a mode-000 \
             file, and `runuser -u nobody` is not available to drop that"
        );
        return;
    };
    validate
        .exits(1)
        .stdout_has("routines/secret.toml:1:1: cannot read")
        .stdout_has("ermission denied");
    list.exits(0)
        .stdout_has("neck")
        .stderr_has("secret.toml")
        .stderr_has("ermission denied");
    show.exits(1)
        .stderr_has("secret.toml")
        .stderr_has("ermission denied");
}

#[test]
fn symlink_loop_in_a_routine_folder() {
    let sandbox = Sandbox::new();
    let routines = sandbox.routines();
    std::os::unix::fs::symlink("loop.toml", routines.join("loop.toml")).expect("ln -s");
    std::os::unix::fs::symlink("pong.toml", routines.join("ping.toml")).expect("ln -s");
    std::os::unix::fs::symlink("ping.toml", routines.join("pong.toml")).expect("ln -s");
    // A link to the folder itself, named like a routine: a folder, not a way to recurse.
    std::os::unix::fs::symlink(".", routines.join("self.toml")).expect("ln -s");
    // A dangling link.
    std::os::unix::fs::symlink("nowhere.toml", routines.join("gone.toml")).expect("ln -s");
    sandbox.write("routines/calf.toml", VALID);

    assert_skipped_by_list(&sandbox, "loop", "symbolic links");
    assert_skipped_by_list(&sandbox, "ping", "symbolic links");
    assert_skipped_by_list(&sandbox, "self", "this is a folder, not a file");
    assert_skipped_by_list(&sandbox, "gone", "cannot read");
    let validate = sandbox.run(["validate", "routines"]);
    validate
        .exits(1)
        .stdout_has("routines/calf.toml: ok")
        .stdout_has("loop.toml:1:1: cannot read")
        .stdout_has("gone.toml:1:1: cannot read")
        .stderr_has("5 problems found");
    sandbox
        .run(["show", "calf", "--routines-dir", "routines"])
        .exits(0)
        .stdout_has("Calf roll");
}

#[test]
fn ten_thousand_character_step_text_is_valid_and_wrapped() {
    let sandbox = Sandbox::new();
    let words = "press ".repeat(10_000 / 6);
    let words = words.trim();
    assert!(words.len() >= 9_990);
    sandbox.write("routines/words.toml", routine_with(words, "seconds = 30"));
    let word = "x".repeat(10_000);
    sandbox.write("routines/word.toml", routine_with(&word, "seconds = 30"));
    sandbox
        .run(["validate", "routines"])
        .exits(0)
        .stdout_has("2 routine files valid");
    for (name, expected) in [("words", 10_000 / 6), ("word", 1)] {
        let run = sandbox.run(["show", name, "--routines-dir", "routines"]);
        run.exits(0).stdout_has("Step");
        let widest = run.stdout.lines().map(|l| l.chars().count()).max();
        assert!(
            widest.is_some_and(|w| w <= 100),
            "{name}: a line of {widest:?} characters"
        );
        // Nothing is lost in the wrapping.
        let shown: String = run.stdout.split_whitespace().collect();
        let count = if name == "word" {
            shown.matches('x').count() / 10_000
        } else {
            run.stdout.matches("press").count()
        };
        assert_eq!(count, expected, "{name}: text lost in wrapping");
    }
}

#[test]
fn zero_second_and_hundred_hour_steps() {
    let sandbox = Sandbox::new();
    for (name, duration, message) in [
        (
            "zero",
            "seconds = 0",
            "a duration must be more than 0 seconds",
        ),
        (
            "zero-range",
            "seconds = [0, 10]",
            "a duration must be more than 0 seconds",
        ),
        (
            "negative",
            "minutes = -1",
            "a duration must be more than 0 seconds",
        ),
        (
            "hundred-hours",
            "minutes = 6000",
            "a step may last at most 60 minutes",
        ),
        (
            "hundred-hours-s",
            "seconds = 360000",
            "a step may last at most 60 minutes",
        ),
        (
            "huge",
            "seconds = 9223372036854775807",
            "a step may last at most 60 minutes",
        ),
        ("text", "seconds = \"ten\"", "the duration is not a number"),
    ] {
        let relative = format!("routines/{name}.toml");
        sandbox.write(&relative, routine_with("Do it.", duration));
        let run = sandbox.run(["validate", &relative]);
        // Located at the value: line 8, column 11 (after "seconds = " or "minutes = ").
        run.exits(1)
            .stdout_has(&format!("{relative}:8:11: {message}"))
            .stderr_has("1 problem found");
    }
    sandbox
        .run(["list", "--routines-dir", "routines"])
        .exits(0)
        .stdout_has("neck")
        .stderr_has("zero.toml")
        .stderr_has("hundred-hours.toml");
    sandbox
        .run(["show", "hundred-hours", "--routines-dir", "routines"])
        .exits(1)
        .stderr_has("at most 60 minutes");
}

#[test]
fn stdin_at_end_of_input() {
    let sandbox = Sandbox::new();
    // An empty stdin (like `< /dev/null`): the first question cannot be answered.
    sandbox
        .command()
        .arg("check")
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("input ended before"))
        .stderr(predicates::str::contains("nothing was started"))
        .stderr(predicates::str::contains("panicked").not());
    // Input that ends halfway through the questionnaire.
    sandbox
        .command()
        .arg("neck")
        .write_stdin("n\nn\n")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("input ended before"))
        .stderr(predicates::str::contains("panicked").not());
}

#[test]
fn stdin_from_dev_null_and_closed() {
    let sandbox = Sandbox::new();
    for redirect in ["< /dev/null", "<&-"] {
        let run = sandbox.shell(&format!("\"$BIN\" check {redirect}"));
        run.exits(1)
            .stderr_has("input ended before")
            .stderr_has("nothing was started");
    }
}

/// Runs `command` with its stdout a pipe whose reading end is already closed (`true` exits
/// at once; the command starts 0.3 s later), so every write fails with EPIPE. Returns the
/// stderr, with `exit=N` appended.
fn into_closed_pipe(sandbox: &Sandbox, command: &str) -> String {
    let run = sandbox.shell(&format!(
        "(sleep 0.3; \"$BIN\" {command}; echo \"exit=$?\" >&2) | true"
    ));
    run.stderr
}

#[test]
fn stdout_closed() {
    let sandbox = Sandbox::new();
    sandbox.write("routines/calf.toml", VALID);
    for command in [
        "list",
        "show neck",
        "validate routines",
        "man",
        "completions bash",
        "--help",
    ] {
        let stderr = into_closed_pipe(&sandbox, command);
        assert_eq!(stderr, "exit=0\n", "{command} into a closed pipe");
    }
    // `list | head -1`: the pipe closes after the first line.
    let run = sandbox.shell("\"$BIN\" list | head -1");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    // stdout closed altogether (`>&-`): nothing to write to, still no panic.
    let run = sandbox.shell("\"$BIN\" list >&-; echo \"exit=$?\" >&2");
    assert_eq!(run.stderr, "exit=0\n", "list >&-");
}

/// The JSON outputs write through serde_json, whose error does not expose the io::Error as
/// its source: `exit::is_broken_pipe` must ask serde_json for it (a bug this test found).
#[test]
fn stdout_closed_json() {
    let sandbox = Sandbox::new();
    for command in ["list --json", "show neck --json"] {
        let stderr = into_closed_pipe(&sandbox, command);
        assert_eq!(stderr, "exit=0\n", "{command} into a closed pipe");
    }
}
