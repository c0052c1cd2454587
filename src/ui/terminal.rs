//! The terminal guard: raw mode, alternate screen and hidden cursor, always undone.
//!
//! Restoring happens in `Drop` (normal end, `q`, errors) and in a panic hook that restores
//! before the panic message prints. Ctrl-C arrives as a key in raw mode and signals are
//! turned into a clean stop by the session loop, so every exit path passes through here.
//! Nothing calls `process::exit` while a guard lives.

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicU8, Ordering};

use crossterm::{cursor, execute, terminal};

/// What the guard changed, so `restore` undoes exactly that, once.
const RAW: u8 = 1;
const ALTERNATE: u8 = 2;
static ACTIVE: AtomicU8 = AtomicU8::new(0);
static PANIC_HOOK: Once = Once::new();

/// How much of the terminal a view takes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Keys without Enter, output stays in the scrollback (plain mode on a terminal).
    RawOnly,
    /// Keys without Enter on the alternate screen with a hidden cursor (the full view).
    FullScreen,
}

#[must_use = "the terminal is restored when the guard is dropped"]
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    pub fn enter(mode: Mode) -> io::Result<TerminalGuard> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        ACTIVE.fetch_or(RAW, Ordering::SeqCst);
        if mode == Mode::FullScreen {
            ACTIVE.fetch_or(ALTERNATE, Ordering::SeqCst);
            if let Err(error) = execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)
            {
                restore();
                return Err(error);
            }
        }
        Ok(TerminalGuard { _private: () })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was. Safe to call many times and from a panic hook.
pub fn restore() {
    let active = ACTIVE.swap(0, Ordering::SeqCst);
    if active & ALTERNATE != 0 {
        let mut out = io::stdout();
        let _ = execute!(
            out,
            crossterm::style::ResetColor,
            cursor::Show,
            terminal::LeaveAlternateScreen
        );
        let _ = out.flush();
    }
    if active & RAW != 0 {
        let _ = terminal::disable_raw_mode();
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
