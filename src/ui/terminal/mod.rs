//! The terminal itself: the guard that takes it over and always gives it back ([`guard`]),
//! the signals that end or stop a run ([`signals`]), and waiting for keys ([`input`]).

pub mod guard;
pub mod input;
pub mod signals;
