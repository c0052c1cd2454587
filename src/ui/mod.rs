//! The terminal side: styles, prompts, the session view, plain output, sound and speech.

pub mod chart;
pub mod cues;
pub mod figure;
pub mod guide;
pub mod input;
pub mod keys;
pub mod prompt;
pub mod prose;
pub mod signals;
pub mod style;
pub mod terminal;
pub mod verdict;
pub mod view;
pub mod width;
