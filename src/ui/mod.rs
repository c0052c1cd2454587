//! The terminal side: styles, prompts, the session view, plain output, sound and speech.

pub mod prompt;
pub mod style;
