//! The terminal side, in four rooms by who uses them: the session screen (`session`, used by
//! `run` alone), the terminal itself (`terminal`: the guard, signals and input), printed text
//! every command uses (`text`: widths, prose, styles, charts) and the questions (`prompt`).
//! Each room uses only the rooms after it in this list: `session` → `terminal` → `text`;
//! `prompt` → `text`.

pub mod lines;
pub mod prompt;
pub mod session;
pub mod terminal;
pub mod text;

// The old paths of the text room, for files being changed on other branches at the same time
// (history, report, the session log): once those import from `text`, these go.
pub use text::{chart, prose, style};
/// See above: `text::width`, and `text::prose::warn`.
pub mod width {
    pub use super::text::prose::warn;
    pub use super::text::width::*;
}
