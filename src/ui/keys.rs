//! The session's keys (DESIGN.md §1), as a pure mapping from key events to actions.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::session::Command;
use crate::session::Interruption;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Engine(Command),
    ToggleHelp,
}

pub fn action_for(key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Caps lock must not turn q into a key that does nothing.
    let code = match key.code {
        KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    let command = match code {
        KeyCode::Char('c') if ctrl => Command::Interrupt(Interruption::CtrlC),
        KeyCode::Char(' ') | KeyCode::Char('p') => Command::TogglePause,
        KeyCode::Char('n') | KeyCode::Right => Command::Next,
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

/// The one-line reminder under the view.
pub const KEY_HINTS: &str = "space pause · n next · b back · +/- 15 s · h hurts · q stop · ? help";

/// The full list behind `?`.
pub const KEY_HELP: [(&str, &str); 8] = [
    ("space", "pause or resume"),
    ("n  →", "next step"),
    ("b  ←", "previous step"),
    ("+", "15 seconds more"),
    ("-", "15 seconds less"),
    ("h", "this hurts: stop now"),
    ("q  Esc", "stop the session"),
    ("?", "show or hide this help"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
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
        assert_eq!(action_for(key(KeyCode::Char('x'))), None);
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
}
