//! The environment every test run clears, shared by the CLI and the PTY harnesses, so a
//! developer's shell (colours, sizes, XDG folders) never changes what a test sees.

pub const CLEARED_ENV: [&str; 8] = [
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "LINES",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "RUST_BACKTRACE",
];
