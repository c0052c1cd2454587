//! What the tests stand on: one [`Sandbox`] (a temporary home, a cleared environment, a
//! timeout on every process), the CLI builder [`Test`] on top of it, the pseudo-terminal
//! harness in [`pty`], and the routine files several test modules share.

pub mod dialog;
pub mod fixtures;
#[cfg(unix)]
pub mod pty;
pub mod sandbox;
pub mod test;

pub use dialog::Person;
pub use sandbox::{Running, Sandbox};
pub use test::{Output, Test};

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Where `needle` last occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}
