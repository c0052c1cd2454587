//! The session screen: one loop over one screen state ([`app`]), shown full screen
//! ([`view`], with the body [`figure`]) or as plain lines ([`plain`]); the session keys
//! ([`keys`]), sounds and speech ([`cues`]), and the wait before it begins ([`begin`]).

pub mod app;
pub mod begin;
pub mod cues;
pub mod figure;
pub mod full_screen;
pub mod keys;
pub mod plain;
pub mod screen;
pub mod view;
