//! The full-screen output of a session: the view on the alternate screen, drawn from the
//! engine's snapshot and the screen state each turn of the loop.

use std::io::{self, Write};
use std::time::Duration;

use ratatui::Terminal;

use super::app::Output;
use super::screen::Screen;
use super::view::{ViewState, render};
use crate::session::{Command, Engine, Event};
use crate::ui::terminal::glyphs::Glyphs;
use crate::ui::terminal::guard::{Mode, TerminalGuard, Tty, ViewBackend};

/// The alternate screen, held until this is dropped.
pub struct FullScreen {
    // Dropped in this order: the view's terminal, then the guard that restores the screen.
    terminal: Terminal<ViewBackend>,
    guard: TerminalGuard,
    tty: Tty,
    color: bool,
    glyphs: Glyphs,
}

impl FullScreen {
    /// Takes the terminal over.
    ///
    /// # Errors
    /// When the terminal cannot be taken over (it is restored first).
    pub fn enter(color: bool, glyphs: Glyphs) -> io::Result<FullScreen> {
        let guard = TerminalGuard::enter(Mode::FullScreen)?;
        Ok(FullScreen {
            terminal: Terminal::new(ViewBackend::new())?,
            guard,
            tty: Tty,
            color,
            glyphs,
        })
    }
}

impl Output for FullScreen {
    fn keys(&self) -> bool {
        true
    }

    fn bell(&mut self) -> &mut dyn Write {
        &mut self.tty
    }

    fn show(
        &mut self,
        _: &Engine,
        _: &Screen,
        _: Option<Command>,
        _: &[Event],
        _: Duration,
    ) -> io::Result<()> {
        Ok(())
    }

    fn draw(&mut self, engine: &Engine, screen: &Screen, now: Duration) -> io::Result<()> {
        if let Some(snapshot) = engine.snapshot(now) {
            // ratatui diffs frames, so only the cells that changed reach the terminal; and
            // it measures the window first, so each frame fits a resized window.
            self.terminal.draw(|frame| {
                render(
                    frame,
                    &ViewState {
                        snapshot,
                        help: screen.help.is_shown(),
                        note: screen.note(),
                        banner: screen.banner(),
                        color: self.color,
                        glyphs: self.glyphs,
                    },
                )
            })?;
        }
        Ok(())
    }

    fn help(&mut self, screen: &mut Screen, paused: bool) -> io::Result<Option<Command>> {
        Ok(screen.help.toggle(paused))
    }

    fn stop(&mut self) -> io::Result<()> {
        self.guard.stop()?;
        // The shell drew over the screen while we were stopped: draw all of it.
        self.terminal.clear()
    }
}
