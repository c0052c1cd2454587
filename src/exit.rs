//! Exit codes (docs/cli.md#exit-codes) and the typed errors that choose them.

use std::fmt;

pub use crate::session::Interruption;

/// What the process reports to its parent. The numbers are a contract with scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done, including a session the user stopped early.
    Success = 0,
    /// I/O, an invalid routine file, the journal.
    Failure = 1,
    /// Unknown routine, bad flag.
    Usage = 2,
    /// The questionnaire says doctor first or medical care now.
    SafetyStop = 3,
    /// Ctrl-C.
    Interrupted = 130,
    /// SIGHUP: 128 + 1, by the same rule as SIGTERM.
    HungUp = 129,
    /// SIGQUIT (Ctrl-\\): 128 + 3.
    Quit = 131,
    /// SIGTERM: 128 + 15, as shells expect.
    Terminated = 143,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// A mistake in how the program was called: reported without a stack of context, exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl From<Interruption> for ExitStatus {
    fn from(interruption: Interruption) -> ExitStatus {
        match interruption {
            Interruption::CtrlC => ExitStatus::Interrupted,
            Interruption::Terminated => ExitStatus::Terminated,
            Interruption::HangUp => ExitStatus::HungUp,
            Interruption::Quit => ExitStatus::Quit,
        }
    }
}

/// The safety questionnaire stopped the run. Its message has already been shown.
#[derive(Debug)]
pub struct SafetyStop;

impl fmt::Display for SafetyStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stopped for safety")
    }
}

impl std::error::Error for SafetyStop {}

/// The output of `check` or `run` closed (`selfmassage check neck | head -1`) before the
/// verdict was read or the session ended: quiet, like any closed pipe, but never a success,
/// so a cut-off safety check cannot read as "go ahead" (docs/cli.md#exit-codes).
#[derive(Debug, thiserror::Error)]
#[error("the output closed before the end")]
pub struct OutputClosed;

/// Picks the exit status for an error that reached `main`.
pub fn status_for(error: &anyhow::Error) -> ExitStatus {
    if error.downcast_ref::<UsageError>().is_some() {
        ExitStatus::Usage
    } else if let Some(interruption) = error.downcast_ref::<Interruption>() {
        ExitStatus::from(*interruption)
    } else if error.downcast_ref::<SafetyStop>().is_some() {
        ExitStatus::SafetyStop
    } else {
        // `OutputClosed` among them: a cut-off `check` or `run` is never a success.
        ExitStatus::Failure
    }
}

/// True when the error is only a closed output pipe (`selfmassage list | head -1`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    // serde_json wraps the io::Error without exposing it as a source: ask it directly.
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            == Some(std::io::ErrorKind::BrokenPipe)
    })
}
