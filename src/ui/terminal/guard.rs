//! The terminal guard: raw mode, alternate screen and hidden cursor, always undone; and the
//! view's way of writing to a terminal that may be gone or may not know its size.
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
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use crossterm::{cursor, execute, terminal};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// What the guard changed, so `restore` undoes exactly that, once.
const RAW: u8 = 1;
const ALTERNATE: u8 = 2;
static ACTIVE: AtomicU8 = AtomicU8::new(0);
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
    /// Keys without Enter, output stays in the scrollback (plain mode on a terminal).
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
    terminal::enable_raw_mode()?;
    ACTIVE.fetch_or(RAW, Ordering::SeqCst);
    if mode == Mode::FullScreen {
        ACTIVE.fetch_or(ALTERNATE, Ordering::SeqCst);
        if let Err(error) = execute!(Tty, terminal::EnterAlternateScreen, cursor::Hide) {
            restore();
            return Err(error);
        }
    }
    Ok(())
}

/// Puts the terminal back as it was. Safe to call many times, from a panic hook, and on a
/// terminal that is gone.
pub fn restore() {
    let active = ACTIVE.swap(0, Ordering::SeqCst);
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
