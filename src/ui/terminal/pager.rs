//! Long output through a pager, as git and bat show it: only on a terminal, only when the
//! text is taller than the window, through `$PAGER` (split as a shell would, by `shlex`,
//! and run without a shell) or `less -FRX`. Anything that goes wrong with the pager (not
//! found, quit early) leaves the text printed as it would be without one.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// The pager when `$PAGER` is unset: quits at once if the text fits after all (`-F`), keeps
/// colours (`-R`) and leaves the text on the screen when it ends (`-X`).
pub const DEFAULT_PAGER: [&str; 2] = ["less", "-FRX"];

/// The pager to run, from `$PAGER` (`None`: unset): its words, or none at all when it is
/// set empty, to `cat`, or to words a shell could not split.
pub fn pager_command(var: Option<&str>) -> Option<Vec<String>> {
    let Some(var) = var else {
        return Some(DEFAULT_PAGER.iter().map(|w| w.to_string()).collect());
    };
    let words = shlex::split(var)?;
    match words.first().map(String::as_str) {
        None | Some("cat") => None,
        Some(_) => Some(words),
    }
}

/// Whether `text` needs more than `rows` rows of a `cols`-column window (a line longer than
/// the window takes more than one row; colour codes take none).
pub fn taller_than(text: &str, cols: u16, rows: u16) -> bool {
    let cols = usize::from(cols.max(1));
    let mut needed = 0usize;
    for line in text.lines() {
        let width = super::super::text::width::display_width(&strip_escapes(line));
        needed += width.div_ceil(cols).max(1);
        if needed > usize::from(rows) {
            return true;
        }
    }
    false
}

/// `line` without its colour codes (CSI sequences: ESC `[` ... a final letter).
fn strip_escapes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes `text` to stdout, through `pager` when there is one and the text is taller than
/// the window (leaving its last row for the shell's prompt). Ctrl-C while the pager runs is
/// the pager's: this process waits for it, so the terminal is never left to two programs.
pub fn show(text: &str, pager: Option<&[String]>) -> io::Result<()> {
    if let Some(words) = pager
        && let Ok((cols, rows)) = crossterm::terminal::size()
        && taller_than(text, cols, rows.saturating_sub(1))
        && through_pager(text, words)
    {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Runs the pager on `text`; false when it could not be started (nothing was shown).
fn through_pager(text: &str, words: &[String]) -> bool {
    let Some((program, args)) = words.split_first() else {
        return false;
    };
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped());
    // As git does: `less` keeps colours and quits on a short text unless told otherwise.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else {
        return false;
    };
    // Ctrl-C goes to the whole foreground group: the pager decides what it means.
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let ignoring =
        signal_hook::flag::register(signal_hook::consts::SIGINT, interrupted.clone()).ok();
    if let Some(mut stdin) = child.stdin.take() {
        // The person may quit the pager before reading it all: a closed pipe is fine.
        let _ = stdin.write_all(text.as_bytes());
    }
    let _ = child.wait();
    if let Some(id) = ignoring {
        signal_hook::low_level::unregister(id);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_is_less_unless_pager_says_otherwise() {
        assert_eq!(
            pager_command(None),
            Some(vec!["less".to_string(), "-FRX".to_string()])
        );
        assert_eq!(
            pager_command(Some("most -s")),
            Some(vec!["most".to_string(), "-s".to_string()])
        );
        assert_eq!(
            pager_command(Some("'/opt/my pager/bin/p' --x")),
            Some(vec!["/opt/my pager/bin/p".to_string(), "--x".to_string()])
        );
        assert_eq!(pager_command(Some("")), None);
        assert_eq!(pager_command(Some("cat")), None);
        assert_eq!(pager_command(Some("less 'unclosed")), None);
    }

    #[test]
    fn height_counts_wrapped_rows_and_not_colour_codes() {
        let ten = "line\n".repeat(10);
        assert!(!taller_than(&ten, 80, 10));
        assert!(taller_than(&ten, 80, 9));
        let wide = format!("{}\n", "x".repeat(100));
        assert!(!taller_than(&wide, 100, 1));
        assert!(taller_than(&wide, 80, 1));
        let coloured = format!("\u{1b}[33m{}\u{1b}[0m\n", "x".repeat(80));
        assert!(!taller_than(&coloured, 80, 1));
    }
}
