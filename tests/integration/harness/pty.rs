//! Running `selfmassage` in a real pseudo-terminal and reading the screen back.
//!
//! A [`Pty`] spawns the binary through a small shell wrapper inside a PTY:
//!
//! ```text
//! trap : INT; stty sane; (wait until `stty size` is "R C")
//! sh -c 'echo PID=$$; exec "$@"' selfmassage BIN ARGS...
//! echo EXIT=$?; stty -a
//! ```
//!
//! so a test knows the program's pid (to send it signals), its exit code, and the terminal
//! modes it left behind. `stty sane` first matters: the PTY library starts the child with
//! echo off, and the program restores whatever it found. `trap : INT` keeps the wrapper
//! alive if a stray SIGINT reaches the whole foreground group; a trapped signal is reset
//! to its default in the program, so this hides nothing about how the program handles it.
//!
//! Every byte read from the PTY goes into a [`vt100::Parser`] of the window's size (the
//! screen as a person sees it) and into a raw log (for escape sequences and for text that
//! scrolled away; read as text through the crate's own `sanitize`).
//!
//! The wrapper gets its home, XDG folders and cleared environment from the same
//! [`Sandbox`] as every other test, plus a colour terminal's `TERM`. Every wait has a
//! deadline, and a [`Pty`] dropped early ends its program.

use std::ffi::OsStr;
use std::fs;
use std::io::{ErrorKind, Write as _};
use std::num::NonZeroU16;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use expectrl::session::OsSession;

use selfmassage::ui::text::question::MORE;

use super::sandbox::{BIN, Running, Sandbox};
use super::{find, rfind};

/// How long to wait for something to appear: generous, for busy CI machines.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// How often the screen is polled while waiting.
const POLL: Duration = Duration::from_millis(10);

/// The wrapper script; `$@` is the binary and its arguments.
///
/// The PTY library sets an 80x24 size from the parent side after the fork, which can land
/// after anything the child does; so the parent sets the size once `spawn` returns, and
/// the wrapper waits until it sees that size before starting the program.
fn wrapper_script(cols: u16, rows: u16) -> String {
    format!(
        "trap : INT; stty sane; \
         n=0; while [ \"$(stty size)\" != '{rows} {cols}' ] && [ $n -lt 1000 ]; do \
         sleep 0.01; n=$((n+1)); done; \
         sh -c 'echo PID=$$; exec \"$@\"' selfmassage \"$@\"; \
         echo EXIT=$?; stty -a"
    )
}

/// The program running in a pseudo-terminal, with the screen as a terminal would show it.
pub struct Pty {
    session: OsSession,
    parser: vt100::Parser,
    raw: Vec<u8>,
    eof: bool,
    started: Instant,
    /// The program has exited and been waited for (or deliberately left to the hang-up).
    done: bool,
    /// Where the raw output stood when the last answer was typed ([`Pty::reply`]).
    answered_at: usize,
    /// Where the raw output stood when Enter last went on from a pause ([`Pty::read_on`]).
    read_on_at: usize,
}

impl Drop for Pty {
    /// A test that fails half-way must not leave the program running: closing the PTY
    /// alone does not always end it (see `closing_the_terminal_mid_step_ends_the_program`).
    fn drop(&mut self) {
        if self.done {
            return;
        }
        self.pump();
        if let Some(pid) = pid_in(&self.text()) {
            kill_program(pid);
        }
    }
}

impl Pty {
    /// Starts `selfmassage ARGS...` in a `cols` x `rows` terminal.
    pub fn spawn<S: AsRef<OsStr>>(sandbox: &Sandbox, args: &[S], cols: u16, rows: u16) -> Pty {
        Pty::spawn_program(sandbox, BIN.as_ref(), args, cols, rows)
    }

    /// Starts any program the same way (for checking the harness itself).
    pub fn spawn_program<S: AsRef<OsStr>>(
        sandbox: &Sandbox,
        program: &OsStr,
        args: &[S],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let mut command = sandbox.command("sh");
        command
            .env("TERM", "xterm-256color")
            // A UTF-8 terminal, whatever the machine running the tests has set.
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_CTYPE")
            .arg("-c")
            .arg(wrapper_script(cols, rows))
            .arg("sh")
            .arg(program)
            .args(args);
        let mut session = OsSession::spawn(command).expect("spawn the program in a PTY");
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("size the PTY");
        Pty {
            session,
            parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
            raw: Vec::new(),
            eof: false,
            started: Instant::now(),
            done: false,
            answered_at: 0,
            read_on_at: 0,
        }
    }

    /// Reads everything available now. Returns whether anything new arrived.
    pub fn pump(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        let mut got = false;
        while !self.eof {
            match self.session.try_read(&mut buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    self.raw.extend_from_slice(&buf[..n]);
                    self.parser.process(&buf[..n]);
                    got = true;
                }
                Err(error) if error.kind() == ErrorKind::WouldBlock => break,
                Err(error) if error.kind() == ErrorKind::Interrupted => {}
                // Linux reports EIO once every process holding the terminal has gone.
                Err(_) => self.eof = true,
            }
        }
        got
    }

    /// Reads for `duration`, keeping the screen current.
    pub fn pump_for(&mut self, duration: Duration) {
        let until = Instant::now() + duration;
        while Instant::now() < until {
            self.pump();
            std::thread::sleep(POLL);
        }
        self.pump();
    }

    /// The screen's text, rows joined by newlines (a row the terminal wrapped is joined to
    /// the next without one).
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn vt(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// Everything the program and the wrapper wrote, as text without escape sequences
    /// (also what scrolled off the screen; redrawn prompts appear more than once).
    pub fn text(&self) -> String {
        as_text(&self.raw)
    }

    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Waits until `ready` holds for the screen, or fails the test showing the screen.
    pub fn wait_until(&mut self, what: &str, ready: impl Fn(&Pty) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            self.pump();
            if ready(self) {
                return;
            }
            if self.eof || Instant::now() > deadline {
                let why = if self.eof {
                    "the program ended"
                } else {
                    "timed out"
                };
                panic!(
                    "{why} after {:.1} s while waiting for {what}\n{}",
                    self.started.elapsed().as_secs_f64(),
                    self.dump()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// The screen has `text`, also where a line was broken at the right edge (prompts
    /// break long questions there themselves, mid-word).
    pub fn shows(&self, text: &str) -> bool {
        if self.screen().contains(text) {
            return true;
        }
        let (_, cols) = self.vt().size();
        let joined: String = self.vt().rows(0, cols.get()).collect::<Vec<_>>().concat();
        joined.contains(text)
    }

    /// Waits until `text` is on the screen.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} on the screen"), |pty| pty.shows(text));
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} to leave the screen"), |pty| {
            !pty.shows(text)
        });
    }

    /// Waits until the output contains `text` (also text that scrolled away).
    pub fn wait_for_output(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} in the output"), |pty| {
            pty.text().contains(text)
        });
    }

    /// Types bytes as a person would (keys, `\r` for Enter, `\x03` for Ctrl-C).
    pub fn send(&mut self, bytes: &str) {
        self.session
            .write_all(bytes.as_bytes())
            .and_then(|()| self.session.flush())
            .expect("write to the PTY");
    }

    /// A prompt waits at the cursor with nothing typed in it: the cursor's line ends in an
    /// answer hint (`[y/n]`, `0-10`, `years`, or `1-N` at a choice) and the cursor stands
    /// just after it. (In a window too
    /// narrow for the prompt, the hint may be split over two rows: they count as one line.)
    pub fn prompt_waiting(&self) -> bool {
        let vt = self.vt();
        let (row, col) = vt.cursor_position();
        let (_, cols) = vt.size();
        let rows: Vec<String> = vt.rows(0, cols.get()).collect();
        let Some(cursor_row) = rows.get(usize::from(row)) else {
            return false;
        };
        let cursor_row = cursor_row.trim_end();
        let mut lines = vec![cursor_row.to_string()];
        if row > 0 && !cursor_row.is_empty() {
            lines.push(format!("{}{cursor_row}", rows[usize::from(row) - 1]));
        }
        lines.iter().any(|line| {
            line.ends_with("[y/n]")
                || line.ends_with("0-10")
                || line.ends_with("? years")
                || line.rsplit_once("? 1-").is_some_and(|(_, last)| {
                    !last.is_empty() && last.chars().all(|c| c.is_ascii_digit())
                })
        }) && usize::from(col) > cursor_row.chars().count()
    }

    /// The text of the row the cursor is on.
    pub fn cursor_row(&self) -> String {
        let vt = self.vt();
        let (row, _) = vt.cursor_position();
        let (_, cols) = vt.size();
        vt.rows(0, cols.get())
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// Waits until `marker` has been written since the last answer (compared on letters and
    /// digits only, so a line broken by the program or the terminal still matches) and a
    /// fresh prompt waits at the cursor. `marker` must be text that first appears with the
    /// prompt awaited: a group's heading, an item's question, the pain question... A list
    /// taller than the window pauses after each screenful: Enter goes on ([`Pty::read_on`]).
    pub fn wait_prompt(&mut self, marker: &str) {
        self.pages_to_prompt(marker);
    }

    /// [`Pty::wait_prompt`], returning the screen at each pause of a list on the way.
    pub fn pages_to_prompt(&mut self, marker: &str) -> Vec<String> {
        let wanted = letters(marker);
        let from = self.answered_at;
        let mut screens = Vec::new();
        loop {
            self.wait_until(&format!("a prompt after {marker:?}"), |pty| {
                pty.paused()
                    || (letters(&as_text(&pty.raw[from..])).contains(&wanted)
                        && pty.prompt_waiting())
            });
            if !self.paused() {
                return screens;
            }
            screens.push(self.screen());
            self.read_on();
        }
    }

    /// A list taller than the window waits at a pause ([`MORE`] on the cursor's row),
    /// written since the last answer and the last Enter at a pause.
    pub fn paused(&self) -> bool {
        let from = self.answered_at.max(self.read_on_at);
        self.cursor_row().trim_end() == MORE && as_text(&self.raw[from..]).contains(MORE)
    }

    /// Enter at the pause waiting now: the next screenful of the list.
    pub fn read_on(&mut self) {
        assert!(self.paused(), "no pause to go on from\n{}", self.dump());
        self.read_on_at = self.raw.len();
        self.send("\r");
    }

    /// Types `answer` and Enter at the prompt waiting now.
    pub fn reply_here(&mut self, answer: &str) {
        assert!(
            self.prompt_waiting(),
            "no fresh prompt to answer {answer:?}\n{}",
            self.dump()
        );
        self.answered_at = self.raw.len();
        self.send(answer);
        self.send("\r");
    }

    /// [`Pty::wait_prompt`] for `marker`, then [`Pty::reply_here`] with `answer`.
    pub fn reply(&mut self, marker: &str, answer: &str) {
        self.wait_prompt(marker);
        self.reply_here(answer);
    }

    /// The program's pid, printed by the wrapper just before it `exec`s the program.
    pub fn pid(&mut self) -> u32 {
        self.wait_until("the program's pid", |pty| pid_in(&pty.text()).is_some());
        pid_in(&self.text()).expect("checked above")
    }

    /// Closes the terminal, as closing the window would: the wrapper shell is hung up and
    /// the program gets SIGHUP and end-of-file. Returns the program's pid.
    pub fn hang_up(mut self) -> u32 {
        let pid = self.pid();
        self.done = true;
        pid
    }

    /// Sends `signal` (e.g. "TERM") to the program.
    pub fn signal(&mut self, signal: &str) {
        let pid = self.pid();
        assert!(kill(signal, pid), "kill -{signal} {pid} failed");
    }

    /// Resizes the terminal, as a person dragging the window's corner: the program gets
    /// SIGWINCH and should redraw.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.pump();
        self.parser.set_size(nonzero(rows), nonzero(cols));
        self.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("resize the PTY");
    }

    /// Waits for the wrapper to finish (the program has exited and `stty -a` has run).
    pub fn finish(mut self) -> Finished {
        let deadline = Instant::now() + TIMEOUT;
        while !self.eof {
            if !self.pump() {
                if Instant::now() > deadline {
                    panic!(
                        "the program did not end within {} s\n{}",
                        TIMEOUT.as_secs(),
                        self.dump()
                    );
                }
                std::thread::sleep(POLL);
            }
        }
        let _ = self.session.get_process().wait();
        self.done = true;
        let text = self.text();
        let Some(at) = text.rfind("EXIT=") else {
            panic!("no exit code printed\n{}", self.dump());
        };
        let after = &text[at + 5..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let code = digits.parse().expect("an exit code after EXIT=");
        let stty = after[digits.len()..]
            .split_whitespace()
            .map(str::to_string)
            .collect();
        Finished {
            code,
            stty,
            screen: self.screen(),
            alternate_screen: self.vt().alternate_screen(),
            cursor_hidden: self.vt().hide_cursor(),
            bracketed_paste: self.vt().bracketed_paste(),
            raw: std::mem::take(&mut self.raw),
        }
    }

    /// The screen and the end of the raw output, for a failure message.
    pub fn dump(&self) -> String {
        dump(&self.screen(), &self.raw)
    }
}

/// Only the letters and digits of `text`, lowercased: text compared this way matches across
/// line breaks, indents and prompt marks.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The pid after `PID=` in the output, once the line is complete.
fn pid_in(text: &str) -> Option<u32> {
    let after = &text[text.find("PID=")? + 4..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == after.len() {
        return None; // the line may not be complete yet
    }
    digits.parse().ok()
}

/// Whether `pid` is still our program (not gone, not a zombie, not a reused pid).
fn program_running(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // "pid (comm) state ...": the state follows the last ')'.
    let state = stat.rsplit(')').next().unwrap_or("").trim_start();
    stat.contains("(selfmassage)") && !state.starts_with('Z')
}

/// Whether process `pid` is stopped (state `T`: Ctrl-Z or SIGTSTP).
pub fn stopped(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        // "pid (comm) state ...": the state follows the last ')'.
        stat.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('T')
    })
}

/// Waits up to `limit` for the program to exit.
pub fn wait_for_exit(pid: u32, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while program_running(pid) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(POLL);
    }
    true
}

/// Ends the program with SIGKILL, if it is still running.
pub fn kill_program(pid: u32) {
    if program_running(pid) {
        kill("KILL", pid);
    }
}

/// `kill -SIGNAL PID` (under the usual timeout); whether it succeeded.
fn kill(signal: &str, pid: u32) -> bool {
    let mut command = Command::new("kill");
    command
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    Running::spawn(&mut command)
        .expect("run kill")
        .wait()
        .success()
}

fn dump(screen: &str, raw: &[u8]) -> String {
    let start = raw.len().saturating_sub(3000);
    format!(
        "--- screen ---\n{screen}\n--- last output bytes ---\n{}\n---",
        String::from_utf8_lossy(&raw[start..]).escape_debug()
    )
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size above zero")
}

/// How the run ended, read after the wrapper shell exited.
pub struct Finished {
    pub code: i32,
    /// `stty -a` after the program exited, one word per element.
    pub stty: Vec<String>,
    pub screen: String,
    pub alternate_screen: bool,
    pub cursor_hidden: bool,
    pub bracketed_paste: bool,
    pub raw: Vec<u8>,
}

impl Finished {
    /// Everything written, without escape sequences.
    pub fn text(&self) -> String {
        as_text(&self.raw)
    }

    /// [`Finished::text`] as words one space apart: what was said, however it was wrapped.
    pub fn words(&self) -> String {
        self.text().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The output (also what scrolled away) contains `text`.
    pub fn assert_output_contains(&self, text: &str) {
        assert!(
            self.text().contains(text),
            "expected {text:?} in the output\n{}",
            self.dump()
        );
    }

    pub fn assert_code(&self, code: i32) {
        assert_eq!(
            self.code,
            code,
            "exit code {} instead of {code}\n{}",
            self.code,
            self.dump()
        );
    }

    /// Echo, canonical mode, signals and output processing are on again, as `stty sane`
    /// left them before the program started.
    pub fn assert_modes_restored(&self) {
        for mode in ["echo", "icanon", "isig", "iexten", "icrnl", "opost", "ixon"] {
            assert!(
                self.stty.iter().any(|word| word == mode),
                "`stty -a` after the program does not show `{mode}`: {}\n{}",
                self.stty.join(" "),
                self.dump()
            );
            let off = format!("-{mode}");
            assert!(
                !self.stty.contains(&off),
                "`stty -a` after the program shows `{off}`\n{}",
                self.dump()
            );
        }
    }

    /// The full-screen view was shown and then undone: the last switch to the alternate
    /// screen was followed by the switch back, and the emulated terminal is on the main
    /// screen now.
    pub fn assert_main_screen(&self) {
        let entered = rfind(&self.raw, b"\x1b[?1049h")
            .unwrap_or_else(|| panic!("the alternate screen was never used\n{}", self.dump()));
        assert!(
            find(&self.raw[entered..], b"\x1b[?1049l").is_some(),
            "the alternate screen was entered and never left\n{}",
            self.dump()
        );
        assert!(
            !self.alternate_screen,
            "still on the alternate screen\n{}",
            self.dump()
        );
    }

    /// The cursor is visible: if it was ever hidden, the last hide was followed by a show.
    pub fn assert_cursor_visible(&self) {
        if let Some(hidden) = rfind(&self.raw, b"\x1b[?25l") {
            assert!(
                find(&self.raw[hidden..], b"\x1b[?25h").is_some(),
                "the cursor was hidden and never shown again\n{}",
                self.dump()
            );
        }
        assert!(!self.cursor_hidden, "the cursor is hidden\n{}", self.dump());
    }

    /// Bracketed paste (which the prompts turn on while they wait) is off again, so a
    /// paste into the shell afterwards is not wrapped in `ESC [200~`.
    pub fn assert_bracketed_paste_off(&self) {
        if let Some(on) = rfind(&self.raw, b"\x1b[?2004h") {
            assert!(
                find(&self.raw[on..], b"\x1b[?2004l").is_some(),
                "bracketed paste was turned on and left on\n{}",
                self.dump()
            );
        }
        assert!(
            !self.bracketed_paste,
            "bracketed paste is on\n{}",
            self.dump()
        );
    }

    /// After a prompt: modes, visible cursor, bracketed paste off.
    pub fn assert_prompt_restored(&self) {
        self.assert_modes_restored();
        self.assert_cursor_visible();
        self.assert_bracketed_paste_off();
    }

    /// After the full-screen view: modes, main screen, visible cursor, bracketed paste off.
    pub fn assert_terminal_restored(&self) {
        self.assert_modes_restored();
        self.assert_bracketed_paste_off();
        self.assert_main_screen();
        assert!(
            rfind(&self.raw, b"\x1b[?25l").is_some(),
            "the view never hid the cursor\n{}",
            self.dump()
        );
        self.assert_cursor_visible();
    }

    pub fn dump(&self) -> String {
        dump(&self.screen, &self.raw)
    }

    /// Every row the program's output filled, scrolled away or not, as a `cols` x `rows`
    /// terminal showed it (the wrapper's lines after the program exited left out), with
    /// whether the terminal itself continued the row onto the next (an automatic wrap).
    pub fn all_rows(&self, cols: u16, rows: u16) -> Vec<(String, bool)> {
        self.rows_before(b"EXIT=", cols, rows)
    }

    /// [`Finished::all_rows`] of the output before the first `marker` (all of it, if none).
    pub fn rows_before(&self, marker: &[u8], cols: u16, rows: u16) -> Vec<(String, bool)> {
        let end = find(&self.raw, marker).unwrap_or(self.raw.len());
        let mut parser = vt100::Parser::new(nonzero(rows), nonzero(cols), 100_000);
        parser.process(&self.raw[..end]);
        let screen = parser.screen_mut();
        screen.set_scrollback(usize::MAX);
        let scrolled = screen.scrollback();
        let mut all = Vec::new();
        // The top row at each scrollback offset is the next older row; the screen last.
        for offset in (1..=scrolled).rev() {
            screen.set_scrollback(offset);
            let top = screen.rows(0, cols).next().unwrap_or_default();
            all.push((top, screen.row_wrapped(0)));
        }
        screen.set_scrollback(0);
        for (row, text) in screen.rows(0, cols).enumerate() {
            let wrapped = screen.row_wrapped(u16::try_from(row).expect("rows fit u16"));
            all.push((text, wrapped));
        }
        all
    }
}

/// Output as text: escape sequences and control characters removed by the crate's own
/// [`selfmassage::sanitize::clean`], line by line so line breaks stay.
fn as_text(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw)
        .split('\n')
        .map(selfmassage::sanitize::clean)
        .collect::<Vec<_>>()
        .join("\n")
}
