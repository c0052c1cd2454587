//! The integration tests, in one test binary so the suite links once.
//!
//! Every test runs the real `selfmassage` binary (or, in `journal` and `properties`, the
//! library) in a [`harness::Sandbox`]: a temporary home, a cleared environment and a timeout
//! on every process. `harness` holds what the tests stand on; each other module tests one
//! area from the user's side. Run one area with `cargo test --test integration sessions::`.

mod harness;

mod after_answers;
#[cfg(unix)]
mod asking;
mod bad_input;
#[cfg(unix)]
mod begin;
mod cli_routines;
#[cfg(unix)]
mod crash;
mod docs;
#[cfg(unix)]
mod edges;
#[cfg(unix)]
mod engine_keys;
#[cfg(unix)]
mod everyday;
mod history_report;
mod integrity;
mod journal;
mod journal_edit;
mod journal_faults;
#[cfg(unix)]
mod new_from;
mod new_user;
#[cfg(unix)]
mod pipes;
#[cfg(unix)]
mod plan;
mod properties;
#[cfg(unix)]
mod pty_sessions;
mod screen;
#[cfg(unix)]
mod session_view;
mod sessions;
mod speech_and_lock;
mod speech_config;
mod spots;
#[cfg(unix)]
mod terminals;
#[cfg(unix)]
mod widths;
