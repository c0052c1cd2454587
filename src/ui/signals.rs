//! SIGTERM, SIGHUP and SIGINT become a value the session loop checks, so it can stop
//! cleanly: restore the terminal, record the session, then exit 143 / 129 / 130.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::exit::Interruption;

#[derive(Debug, Clone)]
pub struct Signals {
    last: Arc<AtomicUsize>,
}

impl Signals {
    /// Registers the handlers. Each only stores the signal's number.
    pub fn install() -> std::io::Result<Signals> {
        let last = Arc::new(AtomicUsize::new(0));
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::flag::register_usize(signal, Arc::clone(&last), signal as usize)?;
        }
        Ok(Signals { last })
    }

    /// The interruption a signal asked for, if one came.
    pub fn pending(&self) -> Option<Interruption> {
        match self.last.load(Ordering::SeqCst) {
            0 => None,
            n if n == SIGTERM as usize => Some(Interruption::Terminated),
            n if n == SIGHUP as usize => Some(Interruption::HangUp),
            _ => Some(Interruption::CtrlC),
        }
    }
}
