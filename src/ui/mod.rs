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
