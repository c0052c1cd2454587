//! The plan: which routines, how many days a week, for how many weeks (one plan at a time),
//! and the rules that read it against the journal: what is done this week, whether today is
//! due, whether the plan is paused by the safety questions, and the review at its end.
//!
//! `file` reads and writes `plan.toml`; `rules` are pure functions of the plan, the journal's
//! sessions and a date passed in; `remind` writes the scheduler files as text. Nothing here
//! touches the clock, the terminal or a process.

pub mod file;
pub mod remind;
pub mod rules;

pub use file::{Plan, PlanLimits};
pub use rules::{Pause, Progress, Review, progress};
