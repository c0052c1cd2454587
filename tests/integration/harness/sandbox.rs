//! The one sandbox every integration test runs in, and the one way it starts a process.
//!
//! A [`Sandbox`] is a temporary folder holding the user's `HOME`, `XDG_CONFIG_HOME` and
//! `XDG_DATA_HOME`, so no test reads or writes the real user's routines, config or journal.
//! Its [`Sandbox::command`] clears the variables that would let a developer's shell (colours,
//! sizes, other XDG folders) change what a test sees. Every process a test starts goes
//! through [`Running`], which kills it after [`TIMEOUT`]: a hung binary fails its test
//! instead of stalling the suite. The CLI builder ([`super::Test`]) and the pseudo-terminal
//! harness ([`super::pty`]) are both built on these two types.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read, Write as _};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// The binary under test, built by cargo for integration tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_selfmassage");

/// How long any process may run: a whole session takes about 11 s, and a busy CI machine
/// may take several times that; a hang is still caught.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The variables every run clears, so the developer's shell never changes what a test sees.
const CLEARED_ENV: [&str; 10] = [
    "NO_COLOR",
    "PAGER",
    "LESS",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "LINES",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "RUST_BACKTRACE",
];

/// A fresh, empty home: `home/`, `config/` and `data/` inside a temporary folder that is
/// removed when the last handle to it goes. Cloning gives another handle to the same folder.
#[derive(Clone)]
pub struct Sandbox {
    dir: Arc<tempfile::TempDir>,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("selfmassage-test-")
            .tempdir()
            .expect("create a temporary folder");
        for sub in ["home", "config", "data"] {
            fs::create_dir_all(dir.path().join(sub)).expect("create sandbox folders");
        }
        Sandbox { dir: Arc::new(dir) }
    }

    /// The sandbox root, where the binary runs unless told otherwise.
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

    /// `$XDG_DATA_HOME/selfmassage/journal.sqlite3`.
    pub fn journal(&self) -> PathBuf {
        self.data_home().join("selfmassage").join("journal.sqlite3")
    }

    /// Writes `contents` at `relative` inside the sandbox, creating its folders, and gives
    /// its path.
    pub fn write(&self, relative: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(&path, contents).expect("write file");
        path
    }

    /// Creates an (empty) folder at `relative` inside the sandbox and gives its path.
    pub fn mkdir(&self, relative: impl AsRef<Path>) -> PathBuf {
        let path = self.path().join(relative);
        fs::create_dir_all(&path).expect("create folder");
        path
    }

    /// `program` with the sandbox's environment: its home and XDG folders, the cleared
    /// variables gone, running in the sandbox root.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
        for key in CLEARED_ENV {
            command.env_remove(key);
        }
        command
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_DATA_HOME", self.data_home())
            .current_dir(self.path());
        command
    }
}

/// A started process that is killed once it has run for [`TIMEOUT`], or when dropped.
///
/// The pipes the command asked for are taken out for the test to use; the process itself
/// stays behind a lock shared with a watchdog thread, so the watchdog never signals a
/// process that has already been reaped (and whose pid may be someone else's by now).
pub struct Running {
    child: Arc<Mutex<Child>>,
    stdin: Option<ChildStdin>,
    stdout: Option<ChildStdout>,
    stderr: Option<ChildStderr>,
    timed_out: Arc<AtomicBool>,
    /// What was started, for messages.
    program: String,
    /// The sandbox the process works in, kept until it has ended.
    sandbox: Option<Sandbox>,
    /// Dropping it tells the watchdog the process has been dealt with.
    _stop_watchdog: mpsc::Sender<()>,
}

impl Running {
    /// Starts `command` (with whatever stdio it was given) and its watchdog.
    pub fn spawn(command: &mut Command) -> io::Result<Running> {
        let program = Path::new(command.get_program()).display().to_string();
        // Its own process group, so a timeout also ends what it started (a shell's pipeline),
        // which would otherwise hold the pipes open.
        let mut child = command.process_group(0).spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let child = Arc::new(Mutex::new(child));
        let timed_out = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = mpsc::channel::<()>();
        thread::spawn({
            let child = Arc::clone(&child);
            let timed_out = Arc::clone(&timed_out);
            move || {
                if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(TIMEOUT) {
                    timed_out.store(true, Ordering::SeqCst);
                    let mut child = lock(&child);
                    // Not reaped yet, so its pid (the group's id) is still ours.
                    if matches!(child.try_wait(), Ok(None)) {
                        kill_group(child.id());
                        let _ = child.kill();
                    }
                }
            }
        });
        Ok(Running {
            child,
            stdin,
            stdout,
            stderr,
            timed_out,
            program,
            sandbox: None,
            _stop_watchdog: stop,
        })
    }

    /// Keeps `sandbox` (its folders) for as long as the process may use it.
    pub fn in_sandbox(mut self, sandbox: &Sandbox) -> Running {
        self.sandbox = Some(sandbox.clone());
        self
    }

    pub fn take_stdin(&mut self) -> ChildStdin {
        self.stdin.take().expect("stdin is piped")
    }

    pub fn take_stdout(&mut self) -> ChildStdout {
        self.stdout.take().expect("stdout is piped")
    }

    pub fn take_stderr(&mut self) -> ChildStderr {
        self.stderr.take().expect("stderr is piped")
    }

    /// Waits for the process to end; fails the test if the watchdog had to end it.
    pub fn wait(mut self) -> ExitStatus {
        drop(self.stdin.take());
        let status = self.wait_status();
        self.assert_in_time(None);
        status
    }

    /// Ends the process now (it is our own child, which would otherwise go on).
    pub fn stop(self) {
        drop(self);
    }

    /// Writes `input` (if any) and closes stdin, reads stdout and stderr to the end, and
    /// waits; fails the test, showing what was written, if the watchdog had to end it. Pipes
    /// the command did not ask for are left alone.
    pub fn output(mut self, input: Option<Vec<u8>>) -> std::process::Output {
        let writer = self.stdin.take().map(|mut stdin| {
            thread::spawn(move || {
                // The program may stop reading early; that is its business, not a failure.
                let _ = stdin.write_all(&input.unwrap_or_default());
            })
        });
        let stdout = self.stdout.take().map(read_to_end);
        let stderr = self.stderr.take().map(read_to_end);
        let status = self.wait_status();
        if let Some(writer) = writer {
            writer.join().expect("the stdin writer does not panic");
        }
        let collect = |reader: Option<JoinHandle<Vec<u8>>>| {
            reader.map_or_else(Vec::new, |r| r.join().expect("the reader does not panic"))
        };
        let output = std::process::Output {
            status,
            stdout: collect(stdout),
            stderr: collect(stderr),
        };
        self.assert_in_time(Some(&output));
        output
    }

    /// Fails the test if the watchdog ended the process, with what it wrote until then.
    #[track_caller]
    fn assert_in_time(&self, output: Option<&std::process::Output>) {
        if !self.timed_out.load(Ordering::SeqCst) {
            return;
        }
        let streams = output.map_or_else(String::new, |output| {
            format!(
                "\n--- stdout ---\n{}\n--- stderr ---\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        panic!(
            "{} did not end within {} s{streams}",
            self.program,
            TIMEOUT.as_secs()
        );
    }

    /// Polls until the process has ended (the watchdog may end it), and reaps it.
    fn wait_status(&mut self) -> ExitStatus {
        loop {
            if let Some(status) = lock(&self.child).try_wait().expect("wait for the process") {
                return status;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Running {
    /// A test that stops early (or fails half-way) never leaves its process running.
    fn drop(&mut self) {
        let mut child = lock(&self.child);
        if matches!(child.try_wait(), Ok(None)) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Sends SIGKILL to every process in the group `pgid`.
fn kill_group(pgid: u32) {
    let Ok(pgid) = i32::try_from(pgid) else {
        return;
    };
    // The group is our own child's, which has not been reaped.
    let _ = nix::sys::signal::killpg(
        nix::unistd::Pid::from_raw(pgid),
        nix::sys::signal::Signal::SIGKILL,
    );
}

fn lock(child: &Mutex<Child>) -> std::sync::MutexGuard<'_, Child> {
    child.lock().unwrap_or_else(PoisonError::into_inner)
}

fn read_to_end(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}
