//! The terminal guard: raw mode, alternate screen and hidden cursor, always undone; and the
//! view's way of writing to a terminal that may be gone or may not know its size.
//!
//! Both modes take keys one by one. The full-screen view turns bracketed paste on, so
//! pasted text comes as one `Paste` event and never acts as keys; plain lines write no
//! escape sequence (`--plain`, `TERM=dumb`, or a pipe that may be a log), and a paste there
//! is known by its speed (`input::keys_or_text`). Only the full-screen view puts the
//! terminal in raw mode; plain lines keep the terminal's own line endings (its output processing turns
//! "\n" into "\r\n"), so `selfmassage neck | cat` or `| tee log` does not staircase and a
//! log gets plain "\n".
//!
//! Restoring happens in `Drop` (normal end, `q`, errors) and in a panic hook that restores
//! before the panic message prints. Ctrl-C arrives as a key in raw mode and signals are
//! turned into a clean stop by the session loop, so every exit path passes through here.
//! Nothing calls `process::exit` while a guard lives. Ctrl-Z (or SIGTSTP) gives the terminal
//! back and takes it again with [`TerminalGuard::stop`].
//!
//! A closed window leaves a terminal that fails every write (`EIO`). Writing to it is never
//! worth an error, let alone a panic (ratatui's `Terminal` prints to stderr from its `Drop`
//! when showing the cursor fails, and `eprintln!` panics when stderr is gone too): the
//! view writes through [`Tty`], which drops what it cannot write and remembers that the
//! terminal is gone ([`is_gone`]), so the session loop can end the session as a hang-up.

use std::io::{self, Write};
use std::os::fd::AsRawFd as _;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, Once};

use crossterm::{cursor, event, execute, terminal};
use nix::sys::termios::{
    InputFlags, LocalFlags, SetArg, SpecialCharacterIndices, Termios, tcgetattr, tcsetattr,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// What the guard changed, so `restore` undoes exactly that, once.
const RAW: u8 = 1;
const ALTERNATE: u8 = 2;
const KEYS_ONLY: u8 = 4;
const PASTE: u8 = 8;
static ACTIVE: AtomicU8 = AtomicU8::new(0);
/// The terminal's settings before [`Mode::RawOnly`] changed them.
static SAVED_TERMIOS: Mutex<Option<Termios>> = Mutex::new(None);
static PANIC_HOOK: Once = Once::new();
/// A write to the terminal failed: it is gone (see the module comment).
static GONE: AtomicBool = AtomicBool::new(false);

/// The size assumed when the terminal reports none (0 columns or 0 rows): 80x24.
pub const FALLBACK_SIZE: Size = Size {
    width: 80,
    height: 24,
};

/// How much of the terminal a view takes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Keys without Enter and without echo, output stays in the scrollback and its line
    /// endings are the terminal's (plain mode on a terminal, the wait before the view).
    RawOnly,
    /// Keys without Enter on the alternate screen with a hidden cursor (the full view).
    FullScreen,
}

/// Holds the terminal in its [`Mode`] until dropped (or suspended).
#[must_use = "the terminal is restored when the guard is dropped"]
pub struct TerminalGuard {
    mode: Mode,
}

impl TerminalGuard {
    /// Takes the terminal over in `mode`.
    ///
    /// # Errors
    /// When raw mode cannot be set or the screen cannot be switched; the terminal is
    /// restored first.
    pub fn enter(mode: Mode) -> io::Result<TerminalGuard> {
        install_panic_hook();
        take_over(mode)?;
        Ok(TerminalGuard { mode })
    }

    /// A stop (Ctrl-Z, or SIGTSTP): gives the terminal back as it was found, stops the
    /// process until it is continued (`fg`), then takes the terminal again in the same mode.
    /// The screen is as the shell left it: the caller redraws all of it.
    ///
    /// # Errors
    /// As [`Self::enter`], when the terminal cannot be taken again.
    pub fn stop(&mut self) -> io::Result<()> {
        restore();
        stop_process();
        take_over(self.mode)
    }
}

/// Stops this process until SIGCONT, as SIGTSTP would without a handler.
pub fn stop_process() {
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn take_over(mode: Mode) -> io::Result<()> {
    match mode {
        Mode::RawOnly => keys_only()?,
        Mode::FullScreen => {
            terminal::enable_raw_mode()?;
            ACTIVE.fetch_or(RAW, Ordering::SeqCst);
        }
    }
    if mode == Mode::FullScreen {
        ACTIVE.fetch_or(ALTERNATE | PASTE, Ordering::SeqCst);
        // The clear is for a terminal without an alternate screen (GNU screen's default
        // `altscreen off`): the view draws only the cells it fills, and old text must not
        // show through the rest.
        let result = execute!(
            Tty,
            terminal::EnterAlternateScreen,
            terminal::Clear(terminal::ClearType::All),
            cursor::Hide,
            event::EnableBracketedPaste
        );
        if let Err(error) = result {
            restore();
            return Err(error);
        }
    }
    Ok(())
}

/// Keys one by one, not echoed, Ctrl-C, Ctrl-Z and Ctrl-\\ as keys (as in raw mode), but
/// output processed as usual: "\n" still starts a new line at the left edge.
fn keys_only() -> io::Result<()> {
    let stdin = io::stdin();
    let saved = tcgetattr(stdin.as_raw_fd())?;
    let mut keys = saved.clone();
    keys.local_flags
        .remove(LocalFlags::ICANON | LocalFlags::ECHO | LocalFlags::ISIG | LocalFlags::IEXTEN);
    keys.input_flags
        .remove(InputFlags::IXON | InputFlags::ICRNL | InputFlags::INLCR);
    keys.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
    keys.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
    if let Ok(mut slot) = SAVED_TERMIOS.lock() {
        *slot = Some(saved);
    }
    ACTIVE.fetch_or(KEYS_ONLY, Ordering::SeqCst);
    if let Err(error) = tcsetattr(stdin.as_raw_fd(), SetArg::TCSANOW, &keys) {
        restore();
        return Err(error.into());
    }
    Ok(())
}

/// Puts the terminal back as it was. Safe to call many times, from a panic hook, and on a
/// terminal that is gone.
pub fn restore() {
    let active = ACTIVE.swap(0, Ordering::SeqCst);
    if active & PASTE != 0 {
        let _ = execute!(Tty, event::DisableBracketedPaste);
    }
    if active & ALTERNATE != 0 {
        let _ = execute!(
            Tty,
            crossterm::style::ResetColor,
            cursor::Show,
            terminal::LeaveAlternateScreen
        );
    }
    if active & RAW != 0 {
        let _ = terminal::disable_raw_mode();
    }
    if active & KEYS_ONLY != 0 {
        // `try_lock`: a panic while the lock is held must not hang the panic hook.
        if let Ok(mut slot) = SAVED_TERMIOS.try_lock()
            && let Some(saved) = slot.take()
        {
            let _ = tcsetattr(io::stdin().as_raw_fd(), SetArg::TCSANOW, &saved);
        }
    }
}

/// Whether a write to the terminal has failed: the window was closed (or the terminal
/// otherwise went away).
pub fn is_gone() -> bool {
    GONE.load(Ordering::SeqCst)
}

/// Standard output for the terminal views: what cannot be written (the terminal is gone)
/// is dropped, reported as written, and remembered in [`is_gone`]. Never an error, except
/// an interrupted write, which the caller retries.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tty;

impl Write for Tty {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if is_gone() {
            return Ok(buf.len());
        }
        match io::stdout().write(buf) {
            Err(error) if error.kind() != io::ErrorKind::Interrupted => {
                GONE.store(true, Ordering::SeqCst);
                Ok(buf.len())
            }
            result => result,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if is_gone() {
            return Ok(());
        }
        match io::stdout().flush() {
            Err(error) if error.kind() != io::ErrorKind::Interrupted => {
                GONE.store(true, Ordering::SeqCst);
                Ok(())
            }
            result => result,
        }
    }
}

/// A size the view can use: a dimension the terminal reports as 0 is taken from
/// [`FALLBACK_SIZE`].
pub fn usable_size(reported: Size) -> Size {
    Size {
        width: if reported.width == 0 {
            FALLBACK_SIZE.width
        } else {
            reported.width
        },
        height: if reported.height == 0 {
            FALLBACK_SIZE.height
        } else {
            reported.height
        },
    }
}

/// The full-screen view's ratatui backend: crossterm over [`Tty`], with a size that is
/// never 0x0 (see [`usable_size`]).
pub struct ViewBackend {
    inner: CrosstermBackend<Tty>,
}

impl ViewBackend {
    pub fn new() -> ViewBackend {
        ViewBackend {
            inner: CrosstermBackend::new(Tty),
        }
    }
}

impl Default for ViewBackend {
    fn default() -> Self {
        ViewBackend::new()
    }
}

impl Backend for ViewBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Asking the terminal means waiting for its answer on stdin, which the session
        // loop reads; the view never needs to know.
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size().map(usable_size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let mut size = self.inner.window_size()?;
        size.columns_rows = usable_size(size.columns_rows);
        Ok(size)
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_size_is_80_by_24() {
        let size = |width, height| Size { width, height };
        assert_eq!(usable_size(size(0, 0)), size(80, 24));
        assert_eq!(usable_size(size(100, 0)), size(100, 24));
        assert_eq!(usable_size(size(0, 30)), size(80, 30));
        assert_eq!(usable_size(size(40, 12)), size(40, 12));
    }
}
