//! Long output through a pager, as git and bat show it: only on a terminal, only when the
//! text is taller than the window, through `$PAGER` (split as a shell would, by `shlex`,
//! and run without a shell) or `less -FRX`. Anything that goes wrong with the pager (not
//! found, failed) leaves the text printed as it would be without one.

use std::io::{self, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::sanitize::clean;
use crate::ui::text::width::{display_width, terminal_columns, terminal_rows};

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
/// the window takes more than one row; colour codes, and any other escape sequence, take
/// none: a line is measured as [`clean`] leaves it).
pub fn taller_than(text: &str, cols: usize, rows: usize) -> bool {
    let cols = cols.max(1);
    let mut needed = 0usize;
    for line in text.lines() {
        let width = display_width(&clean(line));
        needed += width.div_ceil(cols).max(1);
        if needed > rows {
            return true;
        }
    }
    false
}

/// Writes `text` to stdout, through `pager` when there is one and the text is taller than
/// the window (leaving its last row for the shell's prompt); not when the window's height is
/// unknown. Ctrl-C while the pager runs is the pager's: this process waits for it, so the
/// terminal is never left to two programs. A pager that fails (exits with an error, not
/// quit by a signal) leaves the text printed as it would be without one.
pub fn show(text: &str, pager: Option<&[String]>) -> io::Result<()> {
    if let Some(words) = pager
        && let Some(rows) = terminal_rows()
        && taller_than(text, terminal_columns(), rows.saturating_sub(1))
        && through_pager(text, words)
    {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Runs the pager on `text`; false when it could not be started or failed (exited with an
/// error status): the text may not have been shown.
fn through_pager(text: &str, words: &[String]) -> bool {
    use std::os::unix::process::ExitStatusExt as _;
    let Some((program, args)) = words.split_first() else {
        return false;
    };
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped());
    // As git does: `less` keeps colours and quits on a short text unless told otherwise.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    // Ctrl-C goes to the whole foreground group: while the pager runs, the pager decides
    // what it means and this process lets it pass; once the pager has ended, Ctrl-C ends
    // this process as it would have. A handler, not "ignore": a child starts with the
    // default action for a handled signal, but keeps an ignored one.
    let after_pager = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register_conditional_default(
        signal_hook::consts::SIGINT,
        Arc::clone(&after_pager),
    );
    let Ok(mut child) = command.spawn() else {
        after_pager.store(true, Ordering::SeqCst);
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The person may quit the pager before reading it all: a closed pipe is fine.
        let _ = stdin.write_all(text.as_bytes());
    }
    let status = child.wait();
    after_pager.store(true, Ordering::SeqCst);
    matches!(status, Ok(status) if status.success() || status.signal().is_some())
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
    fn a_pager_that_fails_has_not_shown_the_text() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(through_pager("text\n", &words(&["true"])));
        assert!(!through_pager(
            "text\n",
            &words(&["sh", "-c", "cat > /dev/null; exit 1"])
        ));
        assert!(!through_pager("text\n", &words(&["/nonexistent/pager"])));
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
        // A link's address takes no room either: only its text shows.
        let linked = format!(
            "\u{1b}]8;;https://example.org/a/long/address\u{1b}\\{}\u{1b}]8;;\u{1b}\\\n",
            "x".repeat(80)
        );
        assert!(!taller_than(&linked, 80, 1));
    }
}
