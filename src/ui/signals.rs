//! SIGTERM, SIGHUP and SIGINT, handled so the terminal is always given back.
//!
//! A watcher thread receives them. While a guided session runs, it only records the signal:
//! the session loop sees it within half a second, stops, restores the terminal, saves the
//! session and exits 143 / 129 / 130. Outside a session (a question is waiting for an
//! answer, no steps started) it puts the terminal back itself and exits at once.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::exit::Interruption;

#[derive(Debug, Clone)]
pub struct Signals {
    last: Arc<AtomicUsize>,
    session_running: Arc<AtomicBool>,
}

impl Signals {
    /// Starts the watcher thread. Call once, before the first question.
    pub fn install() -> std::io::Result<Signals> {
        let signals = Signals {
            last: Arc::new(AtomicUsize::new(0)),
            session_running: Arc::new(AtomicBool::new(false)),
        };
        let mut incoming = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let watcher = signals.clone();
        std::thread::Builder::new()
            .name("signals".to_string())
            .spawn(move || {
                for signal in incoming.forever() {
                    watcher.last.store(signal as usize, Ordering::SeqCst);
                    if !watcher.session_running.load(Ordering::SeqCst) {
                        exit_outside_session(signal);
                    }
                }
            })?;
        Ok(signals)
    }

    /// Hands signals to the session loop until the returned token is dropped.
    pub fn session(&self) -> SessionSignals<'_> {
        self.session_running.store(true, Ordering::SeqCst);
        SessionSignals { signals: self }
    }

    /// The interruption a signal asked for, if one came.
    pub fn pending(&self) -> Option<Interruption> {
        interruption_for(self.last.load(Ordering::SeqCst))
    }
}

/// While this lives, the session loop, not the watcher, acts on signals.
pub struct SessionSignals<'a> {
    signals: &'a Signals,
}

impl Drop for SessionSignals<'_> {
    fn drop(&mut self) {
        self.signals.session_running.store(false, Ordering::SeqCst);
    }
}

fn interruption_for(signal: usize) -> Option<Interruption> {
    match signal {
        0 => None,
        n if n == SIGTERM as usize => Some(Interruption::Terminated),
        n if n == SIGHUP as usize => Some(Interruption::HangUp),
        _ => Some(Interruption::CtrlC),
    }
}

/// No session state to save: undo whatever raw mode a prompt set, then leave with the
/// code shells expect. Nothing was started, so nothing is lost.
fn exit_outside_session(signal: i32) -> ! {
    super::terminal::restore();
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(std::io::stderr(), crossterm::cursor::Show);
    let _ = writeln!(
        std::io::stderr(),
        "\nselfmassage: stopped by a signal; nothing was started"
    );
    let code = interruption_for(signal as usize).map_or(1, |i| i.exit_status().code());
    std::process::exit(i32::from(code));
}
