//! The bad-input audit (issue 7, item 5): for each kind of bad input, a clear message, the
//! right exit code, and never a panic or a hang.
//!
//! Every run has its own temporary HOME, XDG_CONFIG_HOME and XDG_DATA_HOME, and the
//! harness's timeout, so a hang fails the test instead of stalling the suite. A terminal of
//! 1x1 is covered by a unit test of the view in `src/ui/`.

use std::fs;
use std::process::Stdio;

use crate::harness::fixtures::MINIMAL_ROUTINE;
use crate::harness::{Output, Running, Sandbox};

/// A routine whose one step has `duration` (a `seconds = ...` or `minutes = ...` line) and
/// `text`.
fn routine_with(text: &str, duration: &str) -> String {
    format!(
        "title = \"Test\"\nareas = [\"calves\"]\nsummary = \"A test.\"\n\n[[steps]]\ntitle = \"Step\"\ntext = \"{text}\"\n{duration}\npressure = \"light\"\n"
    )
}

/// `selfmassage ARGS...` in `sandbox`.
fn run<I, S>(sandbox: &Sandbox, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    sandbox.test().args(args).run()
}

/// `validate FILE` fails with one located problem about `FILE`, saying `message`.
#[track_caller]
fn assert_invalid(sandbox: &Sandbox, relative: &str, message: &str) {
    run(sandbox, ["validate", relative])
        .code(1)
        .stdout_contains(&format!("{relative}:"))
        .stdout_contains(message)
        .stderr_contains("1 problem found");
}

/// `list` skips the broken user file `name.toml` with a warning naming it and still lists
/// the built-ins (exit 0); `show name` is an error that names the file (exit 1).
#[track_caller]
fn assert_skipped_by_list(sandbox: &Sandbox, name: &str, message: &str) {
    let file = format!("{name}.toml");
    run(sandbox, ["list", "--routines-dir", "routines"])
        .code(0)
        .stdout_contains("neck")
        .stderr_contains("warning")
        .stderr_contains(&file)
        .stderr_contains(message);
    run(sandbox, ["show", name, "--routines-dir", "routines"])
        .code(1)
        .stderr_contains(&file)
        .stderr_contains(message);
}

#[test]
fn empty_routine_file() {
    let sandbox = Sandbox::new();
    sandbox.write("routines/empty.toml", "");
    // An empty file is valid TOML with no keys: the first required key is reported.
    assert_invalid(&sandbox, "routines/empty.toml", "title");
    run(&sandbox, ["validate", "routines/empty.toml"]).stdout_contains("routines/empty.toml:1:1:");
    assert_skipped_by_list(&sandbox, "empty", "title");
}

#[test]
fn ten_megabyte_file_is_refused_without_reading_it_all() {
    let sandbox = Sandbox::new();
    let mut big = MINIMAL_ROUTINE.to_string();
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
    bytes.extend_from_slice(
        &MINIMAL_ROUTINE.as_bytes()[MINIMAL_ROUTINE.find('\n').expect("a line") + 1..],
    );
    sandbox.write("routines/latin1.toml", bytes);
    run(&sandbox, ["validate", "routines/latin1.toml"])
        .code(1)
        // Located at the first bad byte: line 1, after `title = "Caf`.
        .stdout_contains("routines/latin1.toml:1:13:")
        .stdout_contains("not UTF-8");
    assert_skipped_by_list(&sandbox, "latin1", "not UTF-8");
}

#[test]
fn binary_files() {
    let sandbox = Sandbox::new();
    // NUL and other control bytes, valid UTF-8 but not TOML.
    sandbox.write("routines/nul.toml", b"\0\0\0\x01\x02title\0= \"x\"\n\x7f\0");
    let out = run(&sandbox, ["validate", "routines/nul.toml"]);
    out.code(1)
        .stdout_contains("routines/nul.toml:")
        .stderr_contains("1 problem found");
    // The NUL bytes themselves are never echoed back to the terminal.
    assert!(!out.stdout.contains('\0'), "{:?}", out.stdout);
    // A real binary (a PNG header): not UTF-8.
    sandbox.write(
        "routines/image.toml",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0",
    );
    assert_invalid(&sandbox, "routines/image.toml", "not UTF-8");
    let list = run(&sandbox, ["list", "--routines-dir", "routines"]);
    list.code(0)
        .stdout_contains("neck")
        .stderr_contains("nul.toml")
        .stderr_contains("image.toml");
    assert!(!list.stderr.contains('\0'), "{:?}", list.stderr);
}

#[test]
fn directory_where_a_file_is_expected() {
    let sandbox = Sandbox::new();
    // Passed to `validate` directly: a folder is read as a folder of routines.
    sandbox.mkdir("some_dir_named_x.toml");
    for path in ["some_dir_named_x.toml/", "some_dir_named_x.toml"] {
        run(&sandbox, ["validate", path])
            .code(1)
            .stdout_contains("some_dir_named_x.toml")
            .stdout_contains("no .toml routine files in this folder");
    }
    // A folder named like a routine file inside a routine folder.
    sandbox.mkdir("routines/x.toml");
    sandbox.write("routines/calf.toml", MINIMAL_ROUTINE);
    run(&sandbox, ["validate", "routines"])
        .code(1)
        .stdout_contains("routines/calf.toml: ok")
        .stdout_contains("x.toml:1:1: this is a folder, not a file");
    assert_skipped_by_list(&sandbox, "x", "this is a folder, not a file");
    // The good file next to it is still listed.
    run(&sandbox, ["list", "--routines-dir", "routines"]).stdout_contains("calf");
}

/// Runs `args` as a user to whom file permissions apply. `privileged` says whether this
/// process ignores them (root, or CAP_DAC_OVERRIDE: it read a mode-000 file or folder). Then
/// the run goes through `runuser -u nobody` when that works here (tests run as root in CI),
/// and is `None` when it does not: the caller skips with a note.
fn run_unprivileged(sandbox: &Sandbox, privileged: bool, args: &[&str]) -> Option<Output> {
    use std::os::unix::fs::PermissionsExt as _;

    if !privileged {
        return Some(run(sandbox, args));
    }
    let mut probe = sandbox.test().user("nobody").arg("--version").command();
    probe.stdout(Stdio::null()).stderr(Stdio::null());
    let works = Running::spawn(&mut probe).is_ok_and(|r| r.output(None).status.success());
    if !works {
        return None;
    }
    // nobody must reach the sandbox (tempdir makes it 0700) and write its home folders.
    fs::set_permissions(sandbox.path(), fs::Permissions::from_mode(0o755)).ok()?;
    for sub in ["home", "config", "data"] {
        fs::set_permissions(sandbox.path().join(sub), fs::Permissions::from_mode(0o777)).ok()?;
    }
    Some(sandbox.test().user("nobody").args(args).run())
}

#[test]
fn routine_folder_that_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt as _;

    let sandbox = Sandbox::new();
    sandbox.write("routines/calf.toml", MINIMAL_ROUTINE);
    let locked = sandbox.path().join("routines");
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
    list.code(0)
        .stdout_contains("neck")
        .stderr_contains("routines")
        .stderr_contains("cannot read this routine folder")
        .stderr_contains("ermission denied");
    validate
        .code(1)
        .stdout_contains("routines:1:1: cannot read this folder")
        .stdout_contains("ermission denied");
}

#[test]
fn routine_file_that_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt as _;

    let sandbox = Sandbox::new();
    let file = sandbox.write("routines/secret.toml", MINIMAL_ROUTINE);
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
        .code(1)
        .stdout_contains("routines/secret.toml:1:1: cannot read")
        .stdout_contains("ermission denied");
    list.code(0)
        .stdout_contains("neck")
        .stderr_contains("secret.toml")
        .stderr_contains("ermission denied");
    show.code(1)
        .stderr_contains("secret.toml")
        .stderr_contains("ermission denied");
}

#[test]
fn symlink_loop_in_a_routine_folder() {
    let sandbox = Sandbox::new();
    let routines = sandbox.mkdir("routines");
    std::os::unix::fs::symlink("loop.toml", routines.join("loop.toml")).expect("ln -s");
    std::os::unix::fs::symlink("pong.toml", routines.join("ping.toml")).expect("ln -s");
    std::os::unix::fs::symlink("ping.toml", routines.join("pong.toml")).expect("ln -s");
    // A link to the folder itself, named like a routine: a folder, not a way to recurse.
    std::os::unix::fs::symlink(".", routines.join("self.toml")).expect("ln -s");
    // A dangling link.
    std::os::unix::fs::symlink("nowhere.toml", routines.join("gone.toml")).expect("ln -s");
    sandbox.write("routines/calf.toml", MINIMAL_ROUTINE);

    assert_skipped_by_list(&sandbox, "loop", "symbolic links");
    assert_skipped_by_list(&sandbox, "ping", "symbolic links");
    assert_skipped_by_list(&sandbox, "self", "this is a folder, not a file");
    assert_skipped_by_list(&sandbox, "gone", "cannot read");
    let validate = run(&sandbox, ["validate", "routines"]);
    validate
        .code(1)
        .stdout_contains("routines/calf.toml: ok")
        .stdout_contains("loop.toml:1:1: cannot read")
        .stdout_contains("gone.toml:1:1: cannot read")
        .stderr_contains("5 problems found");
    run(&sandbox, ["show", "calf", "--routines-dir", "routines"])
        .code(0)
        .stdout_contains("Calf roll");
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
    run(&sandbox, ["validate", "routines"])
        .code(0)
        .stdout_contains("2 routine files valid");
    for (name, expected) in [("words", 10_000 / 6), ("word", 1)] {
        let out = run(&sandbox, ["show", name, "--routines-dir", "routines"]);
        out.code(0).stdout_contains("Step");
        // Prose wraps at spaces only: a word wider than the line stays whole, on a line of
        // its own (its indent and itself); every other line fits.
        let widest = out
            .stdout
            .lines()
            .filter(|l| l.trim() != word)
            .map(|l| l.chars().count())
            .max();
        assert!(
            widest.is_some_and(|w| w <= 100),
            "{name}: a line of {widest:?} characters"
        );
        // Nothing is lost in the wrapping, and no word is broken.
        let count = if name == "word" {
            out.stdout.lines().filter(|l| l.trim() == word).count()
        } else {
            out.stdout
                .split_whitespace()
                .filter(|w| *w == "press")
                .count()
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
        let out = run(&sandbox, ["validate", &relative]);
        // Located at the value: line 8, column 11 (after "seconds = " or "minutes = ").
        out.code(1)
            .stdout_contains(&format!("{relative}:8:11: {message}"))
            .stderr_contains("1 problem found");
    }
    run(&sandbox, ["list", "--routines-dir", "routines"])
        .code(0)
        .stdout_contains("neck")
        .stderr_contains("zero.toml")
        .stderr_contains("hundred-hours.toml");
    run(
        &sandbox,
        ["show", "hundred-hours", "--routines-dir", "routines"],
    )
    .code(1)
    .stderr_contains("at most 60 minutes");
}

#[test]
fn stdin_at_end_of_input() {
    let sandbox = Sandbox::new();
    // An empty stdin (like `< /dev/null`): the first question cannot be answered.
    sandbox
        .test()
        .arg("check")
        .stdin("")
        .run()
        .code(1)
        .stderr_contains("input ended before")
        .stderr_contains("nothing was started");
    // Input that ends halfway through the questionnaire.
    sandbox
        .test()
        .arg("neck")
        .stdin("40\nn\n")
        .run()
        .code(1)
        .stderr_contains("input ended before");
}

#[test]
fn stdin_from_dev_null_and_closed() {
    let sandbox = Sandbox::new();
    for redirect in ["< /dev/null", "<&-"] {
        let out = sandbox
            .test()
            .shell(&format!("\"$BIN\" check {redirect}"))
            .run();
        out.code(1)
            .stderr_contains("input ended before")
            .stderr_contains("nothing was started");
    }
}

/// Runs `command` with its stdout a pipe whose reading end is already closed (`true` exits
/// at once; the command starts 0.3 s later), so every write fails with EPIPE. Returns the
/// stderr, with `exit=N` appended.
fn into_closed_pipe(sandbox: &Sandbox, command: &str) -> String {
    let out = sandbox
        .test()
        .shell(&format!(
            "(sleep 0.3; \"$BIN\" {command}; echo \"exit=$?\" >&2) | true"
        ))
        .run();
    out.stderr
}

#[test]
fn stdout_closed() {
    let sandbox = Sandbox::new();
    sandbox.write("routines/calf.toml", MINIMAL_ROUTINE);
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
    let out = sandbox.test().shell("\"$BIN\" list | head -1").run();
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    // stdout closed altogether (`>&-`): nothing to write to, still no panic.
    let out = sandbox
        .test()
        .shell("\"$BIN\" list >&-; echo \"exit=$?\" >&2")
        .run();
    assert_eq!(out.stderr, "exit=0\n", "list >&-");
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

/// Public reports of CLIs that hung on a named pipe among their config files, and of one
/// that read a link to `/dev/zero` until memory ran out: `list` names both, skips them and
/// ends. A hang fails through the harness's watchdog; growing memory through the address
/// space limit the run is given (512 MiB: reading `/dev/zero` passes it in well under a
/// second, and the run is killed).
#[test]
fn a_named_pipe_and_a_link_to_dev_zero_among_routines_are_skipped() {
    let sandbox = Sandbox::new();
    sandbox.write("routines/calf.toml", MINIMAL_ROUTINE);
    let folder = sandbox.path().join("routines");
    nix::unistd::mkfifo(
        &folder.join("pipe.toml"),
        nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR,
    )
    .expect("mkfifo");
    std::os::unix::fs::symlink("/dev/zero", folder.join("zero.toml")).expect("symlink");
    let out = sandbox
        .test()
        .shell("ulimit -v 524288 && exec \"$BIN\" list --routines-dir routines")
        .run();
    out.success()
        .no_panic()
        .stdout_contains("calf")
        .stderr_contains("pipe.toml:1:1: this is a named pipe, not a file")
        .stderr_contains("zero.toml:1:1: this is a device, not a file");
    // A named pipe as the config file stops nothing from ending either.
    let config = sandbox.config_home().join("selfmassage");
    fs::create_dir_all(&config).expect("config folder");
    nix::unistd::mkfifo(
        &config.join("config.toml"),
        nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR,
    )
    .expect("mkfifo");
    run(&sandbox, ["list"])
        .code(1)
        .stderr_contains("this is a named pipe, not a file");
}

/// A public report of a CLI that failed in a container whose user has no passwd entry and
/// no HOME, although both XDG folders were set: they are enough.
#[test]
fn both_xdg_folders_are_enough_without_a_home() {
    use std::os::unix::fs::PermissionsExt as _;

    let sandbox = Sandbox::new();
    fs::set_permissions(sandbox.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    for sub in ["config", "data"] {
        fs::set_permissions(sandbox.path().join(sub), fs::Permissions::from_mode(0o777))
            .expect("chmod");
    }
    // A user id with no passwd entry; only root can become it.
    let script = "exec setpriv --reuid=54321 --regid=54321 --clear-groups env -u HOME \"$BIN\"";
    let probe = sandbox.test().shell(&format!("{script} --version")).run();
    if probe.code != Some(0) {
        eprintln!(
            "note: both_xdg_folders_are_enough_without_a_home skipped: `setpriv` cannot run \
             as a user with no passwd entry here (it needs root)"
        );
        return;
    }
    sandbox
        .test()
        .shell(&format!("{script} list"))
        .run()
        .success()
        .stdout_contains("neck");
    sandbox
        .test()
        .shell(&format!("{script} history"))
        .run()
        .success()
        .stdout_contains("No sessions yet");
}
