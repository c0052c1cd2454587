//! The session's keys (docs/cli.md#keys-in-a-session), as a pure mapping from key events to actions, and
//! the help overlay's rule for pausing.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::session::Command;
use crate::session::Event;
use crate::session::Interruption;
use crate::ui::terminal::input::{Control, control};
use crate::ui::text::width::wrap;

/// What a key asks of the session loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Engine(Command),
    ToggleHelp,
    /// Ctrl-Z: pause, give the terminal back and stop, as SIGTSTP does outside raw mode.
    Suspend,
}

/// The action for a key, if it has one (key releases have none).
pub fn action_for(key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    match control(&key) {
        Some(Control::Interrupt(why)) => return Some(Action::Engine(Command::Interrupt(why))),
        Some(Control::Suspend) => return Some(Action::Suspend),
        Some(Control::Enter) => return Some(Action::Engine(Command::Done)),
        None => {}
    }
    // Caps lock must not turn q into a key that does nothing.
    let code = match key.code {
        KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    let command = match code {
        KeyCode::Char(' ') | KeyCode::Char('p') => Command::TogglePause,
        KeyCode::Char('n') | KeyCode::Right => Command::Next,
        KeyCode::Enter => Command::Done,
        KeyCode::Char('b') | KeyCode::Left => Command::Back,
        KeyCode::Char('+') | KeyCode::Char('=') => Command::AddTime,
        KeyCode::Char('-') | KeyCode::Char('_') => Command::RemoveTime,
        KeyCode::Char('h') => Command::Hurts,
        KeyCode::Char('q') | KeyCode::Esc => Command::Stop,
        KeyCode::Char('?') => return Some(Action::ToggleHelp),
        _ => return None,
    };
    Some(Action::Engine(command))
}

/// What a key does while the verdict waits on screen for the person to begin (see
/// [`super::begin::wait_to_begin`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begin {
    /// Enter or space: take the screen and start the session.
    Start,
    /// `q` or Esc: leave without starting; nothing is saved.
    Leave,
    /// Ctrl-Z: stop the process, as in a session.
    Suspend,
    /// Ctrl-C or Ctrl-\\: end the run as that interruption (exit 130 or 131).
    Interrupt(Interruption),
}

/// The [`Begin`] for a key, if it has one. Enter may come as Ctrl-J or Ctrl-M when it was
/// typed before the terminal went raw.
pub fn begin_for(key: KeyEvent) -> Option<Begin> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    match control(&key) {
        Some(Control::Interrupt(why)) => return Some(Begin::Interrupt(why)),
        Some(Control::Suspend) => return Some(Begin::Suspend),
        Some(Control::Enter) => return Some(Begin::Start),
        None => {}
    }
    match key.code {
        KeyCode::Enter | KeyCode::Char(' ') => Some(Begin::Start),
        KeyCode::Char('q' | 'Q') | KeyCode::Esc => Some(Begin::Leave),
        _ => None,
    }
}

/// The `?` overlay of the full-screen view. It covers the instructions, so the session is
/// paused while it is shown; closing it puts back what was before: a session that was
/// running runs on, one that was already paused stays paused. Once the user pauses or
/// resumes with space while it is shown (or the program was not running for a while), the
/// pause is theirs and closing the help leaves it as it is.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HelpOverlay {
    shown: bool,
    /// Opening the help paused the session, and nothing else has touched the pause since.
    paused_it: bool,
}

impl HelpOverlay {
    pub fn is_shown(&self) -> bool {
        self.shown
    }

    /// Opens or closes the help. `paused` is whether the session is paused now. Returns the
    /// command that pauses (on opening, when running) or resumes (on closing, when opening
    /// paused it), for the caller to give the engine.
    pub fn toggle(&mut self, paused: bool) -> Option<Command> {
        self.shown = !self.shown;
        if self.shown {
            self.paused_it = !paused;
            self.paused_it.then_some(Command::TogglePause)
        } else {
            let resume = std::mem::take(&mut self.paused_it) && paused;
            resume.then_some(Command::TogglePause)
        }
    }

    /// The session was paused for another reason (a stop with Ctrl-Z): the pause is the
    /// user's, and closing the help leaves it.
    pub fn keep_pause(&mut self) {
        self.paused_it = false;
    }

    /// Takes note of a command given while the help is shown and of the events it (or the
    /// clock) caused: space, or a pause after a gap, makes the pause the user's.
    pub fn observe(&mut self, command: Option<Command>, events: &[Event]) {
        if command == Some(Command::TogglePause)
            || events
                .iter()
                .any(|e| matches!(e, Event::PausedAfterGap { .. }))
        {
            self.paused_it = false;
        }
    }
}

/// The reminder under the view, key by key, each with whether it must stay when the
/// window is short of room: stopping (`q`) and "this hurts" (`h`) are never hidden.
pub const KEY_HINTS: [(&str, bool); 7] = [
    ("space pause", false),
    ("n next", false),
    ("b back", false),
    ("+/- 15 s", false),
    ("h hurts", true),
    ("q stop", true),
    ("? help", false),
];

/// Between two hints of [`KEY_HINTS`] on a line.
pub const HINT_SEPARATOR: &str = " · ";

/// The reminder as one line: `space pause · n next · … · ? help`.
pub fn key_hints() -> String {
    KEY_HINTS
        .iter()
        .map(|(hint, _)| *hint)
        .collect::<Vec<_>>()
        .join(HINT_SEPARATOR)
}

/// The full list behind `?`.
pub const KEY_HELP: [(&str, &str); 9] = [
    ("space", "pause or resume"),
    ("Enter", "done: next (a step with no timer)"),
    ("n  →", "next step"),
    ("b  ←", "previous step"),
    ("+", "15 seconds more"),
    ("-", "15 seconds less"),
    ("h", "this hurts: stop now"),
    ("q  Esc", "stop the session"),
    ("?", "show or hide this help"),
];

/// The columns of the help's key column: the widest key ("q  Esc") and two spaces.
pub const HELP_KEY_COLUMN: usize = 8;

/// One line of the help: the key (empty on an entry's later lines) and what it does.
pub type HelpLine = (&'static str, String);

/// The help `width` columns wide: an entry per key, its meaning wrapped between words
/// beside the key column, later lines under the meaning's first word.
pub fn help_lines(width: usize) -> Vec<Vec<HelpLine>> {
    let room = width.saturating_sub(HELP_KEY_COLUMN);
    KEY_HELP
        .iter()
        .map(|(key, what)| {
            wrap(what, room, "", "")
                .into_iter()
                .enumerate()
                .map(|(index, line)| (if index == 0 { *key } else { "" }, line))
                .collect()
        })
        .collect()
}

/// The key that shows and hides the help.
const HELP_KEY: &str = "?";

/// The keys of [`KEY_HELP`] the help keeps first in a window short of rows, most needed
/// first: stopping is always one key away, and the help says how to close it.
const HELP_KEPT_FIRST: [&str; 3] = ["q  Esc", "h", HELP_KEY];

/// The lines of the entries of `help` that fit in `rows` rows, each entry whole and in
/// its place: first the keys that stop the session and the key that closes the help
/// ([`HELP_KEPT_FIRST`]), then the others in order while they fit.
pub fn help_that_fits(help: &[Vec<HelpLine>], rows: usize) -> Vec<HelpLine> {
    let rank = |entry: &Vec<HelpLine>| {
        let key = entry.first().map(|(key, _)| *key);
        HELP_KEPT_FIRST
            .iter()
            .position(|kept| Some(*kept) == key)
            .unwrap_or(HELP_KEPT_FIRST.len())
    };
    let mut order: Vec<usize> = (0..help.len()).collect();
    // Stable: the others keep their order.
    order.sort_by_key(|&index| rank(&help[index]));
    let mut left = rows;
    let mut kept = vec![false; help.len()];
    for index in order {
        if help[index].len() <= left {
            left -= help[index].len();
            kept[index] = true;
        }
    }
    help.iter()
        .zip(kept)
        .filter(|(_, kept)| *kept)
        .flat_map(|(entry, _)| entry.iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crossterm::event::KeyModifiers;

    use crate::session::Engine;
    use std::time::Duration;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_help_wraps_beside_its_keys_and_keeps_its_stop_and_close_keys_when_short() {
        let help = help_lines(38);
        for entry in &help {
            for (key, what) in entry {
                let width = HELP_KEY_COLUMN + crate::ui::text::width::display_width(what);
                assert!(width <= 38, "{key} {what}");
            }
        }
        let lines = help.iter().map(Vec::len).sum::<usize>();
        assert!(lines > KEY_HELP.len(), "{help:?}");
        // All of it, in order, where there is room.
        assert_eq!(help_that_fits(&help, lines), help.concat());
        // Short of rows: the keys that stop and the key that closes the help, then the
        // others in order while they fit ("Enter" takes two rows here: with one left, "n"
        // takes it), each in its place.
        let keys = |rows| -> Vec<&str> {
            help_that_fits(&help, rows)
                .into_iter()
                .map(|(key, _)| key)
                .filter(|key| !key.is_empty())
                .collect()
        };
        assert_eq!(keys(1), ["q  Esc"]);
        assert_eq!(keys(2), ["h", "q  Esc"]);
        assert_eq!(keys(3), ["h", "q  Esc", "?"]);
        assert_eq!(keys(4), ["space", "h", "q  Esc", "?"]);
        assert_eq!(keys(5), ["space", "n  →", "h", "q  Esc", "?"]);
        assert_eq!(keys(6), ["space", "Enter", "h", "q  Esc", "?"]);
        assert!(keys(0).is_empty());
        // The keys kept first are keys of the help.
        for kept in HELP_KEPT_FIRST {
            assert!(KEY_HELP.iter().any(|(key, _)| *key == kept), "{kept}");
        }
    }

    #[test]
    fn every_documented_key_maps() {
        assert_eq!(
            action_for(key(KeyCode::Char(' '))),
            Some(Action::Engine(Command::TogglePause))
        );
        assert_eq!(
            action_for(key(KeyCode::Right)),
            Some(Action::Engine(Command::Next))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('b'))),
            Some(Action::Engine(Command::Back))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('+'))),
            Some(Action::Engine(Command::AddTime))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('-'))),
            Some(Action::Engine(Command::RemoveTime))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('h'))),
            Some(Action::Engine(Command::Hurts))
        );
        assert_eq!(
            action_for(key(KeyCode::Esc)),
            Some(Action::Engine(Command::Stop))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('?'))),
            Some(Action::ToggleHelp)
        );
        assert_eq!(
            action_for(key(KeyCode::Enter)),
            Some(Action::Engine(Command::Done))
        );
        assert_eq!(action_for(key(KeyCode::Char('x'))), None);
    }

    #[test]
    fn enter_or_space_begins_and_q_leaves() {
        assert_eq!(begin_for(key(KeyCode::Enter)), Some(Begin::Start));
        assert_eq!(begin_for(key(KeyCode::Char(' '))), Some(Begin::Start));
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(begin_for(ctrl('j')), Some(Begin::Start));
        assert_eq!(
            begin_for(ctrl('c')),
            Some(Begin::Interrupt(Interruption::CtrlC))
        );
        assert_eq!(
            begin_for(ctrl('\\')),
            Some(Begin::Interrupt(Interruption::Quit))
        );
        assert_eq!(begin_for(ctrl('z')), Some(Begin::Suspend));
        assert_eq!(begin_for(key(KeyCode::Char('Q'))), Some(Begin::Leave));
        assert_eq!(begin_for(key(KeyCode::Esc)), Some(Begin::Leave));
        // Session keys typed too early do nothing here.
        for c in ['n', 'b', '+', '-', 'h', '?', 'j'] {
            assert_eq!(begin_for(key(KeyCode::Char(c))), None, "{c}");
        }
    }

    #[test]
    fn ctrl_z_suspends() {
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_z), Some(Action::Suspend));
        assert_eq!(action_for(key(KeyCode::Char('z'))), None);
    }

    #[test]
    fn the_hint_line_lists_every_key() {
        assert_eq!(
            key_hints(),
            "space pause · n next · b back · +/- 15 s · h hurts · q stop · ? help"
        );
    }

    #[test]
    fn caps_lock_does_not_matter() {
        assert_eq!(
            action_for(key(KeyCode::Char('Q'))),
            Some(Action::Engine(Command::Stop))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('N'))),
            Some(Action::Engine(Command::Next))
        );
    }

    #[test]
    fn ctrl_c_is_an_interruption_not_a_stop() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(ctrl_c),
            Some(Action::Engine(Command::Interrupt(Interruption::CtrlC)))
        );
    }

    /// The neck routine, started, and a way to press `?` on it: what the help overlay
    /// asks for goes to the engine, as the session loop does.
    fn neck() -> Engine {
        Engine::builtin_for_tests("neck")
    }

    fn paused(engine: &Engine, now: Duration) -> bool {
        engine.snapshot(now).is_some_and(|s| s.paused)
    }

    fn press_help(help: &mut HelpOverlay, engine: &mut Engine, now: Duration) {
        if let Some(command) = help.toggle(paused(engine, now)) {
            let events = engine.apply(command, now);
            help.observe(None, &events);
        }
    }

    fn press(help: &mut HelpOverlay, engine: &mut Engine, command: Command, now: Duration) {
        let events = engine.apply(command, now);
        help.observe(Some(command), &events);
    }

    #[test]
    fn help_pauses_a_running_session_and_closing_it_resumes() {
        let mut engine = neck();
        let mut help = HelpOverlay::default();
        let at = Duration::from_secs;
        press_help(&mut help, &mut engine, at(2));
        assert!(help.is_shown());
        assert!(paused(&engine, at(2)));
        // The countdown stands still behind the help.
        let left = engine.snapshot(at(5)).map(|s| s.remaining_secs);
        engine.tick(at(5));
        assert_eq!(left, engine.snapshot(at(6)).map(|s| s.remaining_secs));
        press_help(&mut help, &mut engine, at(6));
        assert!(!help.is_shown());
        assert!(!paused(&engine, at(6)));
        assert_eq!(engine.snapshot(at(6)).map(|s| s.remaining_secs), Some(6));
    }

    #[test]
    fn help_over_a_paused_session_leaves_it_paused() {
        let mut engine = neck();
        let mut help = HelpOverlay::default();
        let at = Duration::from_secs;
        press(&mut help, &mut engine, Command::TogglePause, at(1));
        press_help(&mut help, &mut engine, at(2));
        press_help(&mut help, &mut engine, at(3));
        assert!(!help.is_shown());
        assert!(paused(&engine, at(3)));
    }

    #[test]
    fn space_while_help_is_shown_makes_the_pause_the_users() {
        let mut engine = neck();
        let mut help = HelpOverlay::default();
        let at = Duration::from_secs;
        // Opened while running, resumed and paused again by hand: closing keeps the pause.
        press_help(&mut help, &mut engine, at(1));
        press(&mut help, &mut engine, Command::TogglePause, at(2));
        press(&mut help, &mut engine, Command::TogglePause, at(3));
        press_help(&mut help, &mut engine, at(4));
        assert!(paused(&engine, at(4)));
        // Opened while running, resumed by hand: closing leaves it running.
        press(&mut help, &mut engine, Command::TogglePause, at(5));
        press_help(&mut help, &mut engine, at(6));
        press(&mut help, &mut engine, Command::TogglePause, at(7));
        press_help(&mut help, &mut engine, at(8));
        assert!(!paused(&engine, at(8)));
    }

    #[test]
    fn next_and_back_under_the_help_keep_it_paused_until_it_closes() {
        let mut engine = neck();
        let mut help = HelpOverlay::default();
        let at = Duration::from_secs;
        press_help(&mut help, &mut engine, at(1));
        press(&mut help, &mut engine, Command::Next, at(2));
        assert!(paused(&engine, at(2)));
        press_help(&mut help, &mut engine, at(3));
        assert!(!paused(&engine, at(3)));
    }
}
