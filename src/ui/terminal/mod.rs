//! The terminal itself: the guard that takes it over and always gives it back ([`guard`]),
//! the signals that end or stop a run ([`signals`]), waiting for keys ([`input`]), what
//! it can draw ([`glyphs`]), and long output through a pager ([`pager`]).

pub mod glyphs;
pub mod guard;
pub mod input;
pub mod pager;
pub mod signals;
