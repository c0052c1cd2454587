//! Waiting for a key on the terminal without trusting a dead one.
//!
//! Workaround for crossterm-rs/crossterm#793: crossterm 0.29's `event::poll` spins forever
//! once the terminal has hung up (its mio source re-reads a tty that stays readable while
//! `read` returns 0 or `EIO`), so the session would never notice the SIGHUP it was sent.
//! Here `poll(2)` waits on the terminal itself, which reports a hang-up at once; crossterm
//! is only asked to read when input is really there. This can go when a crossterm release
//! reports a vanished terminal as an error from `event::poll` (the open fix is
//! crossterm-rs/crossterm#1067).
//!
//! Workaround for crossterm-rs/crossterm#813: crossterm reads the terminal 1 KiB at a time
//! and is woken by edge-triggered readiness, so after a burst of input (a held key, a paste
//! into a terminal without bracketed paste) the rest stays in the terminal unread: crossterm
//! says nothing is there while `poll(2)` says it is, keys do nothing until another one comes,
//! and a loop that trusts `poll(2)` spins. After every wake-up everything available is read
//! here ([`drain_unread`]). This can go when crossterm reads until the terminal would block
//! (crossterm-rs/crossterm#1057).
//!
//! Input that comes faster than anyone types is text, not keys: bracketed paste arrives as
//! one `Paste` event, and where the terminal does not bracket pastes, a wake-up with more
//! than [`MAX_TYPED_KEYS`] different characters is made into one `Paste` too
//! ([`keys_or_text`]); one key repeated is a key held down, and each press counts.
//! Pasting "see the notes" must not press `h` (this hurts) or `n` (next).

use std::io;
use std::os::fd::AsRawFd;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, poll};

use crate::session::Interruption;

/// What a control key means wherever keys are read (a question, the wait before a
/// session, the session): what the terminal makes of it outside raw mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Ctrl-C (SIGINT) or Ctrl-\\ (SIGQUIT; crossterm names it Ctrl-4).
    Interrupt(Interruption),
    /// Ctrl-Z: give the terminal back and stop, as SIGTSTP does.
    Suspend,
    /// Ctrl-J or Ctrl-M: Enter, as it comes when typed before the terminal went raw.
    Enter,
}

/// The [`Control`] `key` is, if it is one (a key's release is none). Caps lock does not
/// matter.
pub fn control(key: &KeyEvent) -> Option<Control> {
    if key.kind == KeyEventKind::Release || !key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    match c.to_ascii_lowercase() {
        'c' => Some(Control::Interrupt(Interruption::CtrlC)),
        '\\' | '4' => Some(Control::Interrupt(Interruption::Quit)),
        'z' => Some(Control::Suspend),
        'j' | 'm' => Some(Control::Enter),
        _ => None,
    }
}

/// What came of waiting.
#[derive(Debug)]
pub enum Wait {
    /// Every event that was ready, in order (never empty).
    Events(Vec<Event>),
    /// The terminal is gone (hang-up, error, or not open).
    HungUp,
    /// Nothing came in time, or a signal cut the wait short.
    TimedOut,
}

/// Waits up to `timeout` for input on stdin (a terminal), then reads every event that is
/// ready, so none is left queued inside crossterm while we sleep.
pub fn wait_for_events(timeout: Duration) -> io::Result<Wait> {
    let pending = read_ready()?;
    if !pending.is_empty() {
        return Ok(Wait::Events(keys_or_text(pending)));
    }
    let mut poll_fds = [PollFd::new(io::stdin().as_raw_fd(), PollFlags::POLLIN)];
    let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    let ready = match poll(&mut poll_fds, millis) {
        Ok(ready) => ready,
        // A signal came: the caller looks at it, as after any wait.
        Err(Errno::EINTR) => return Ok(Wait::TimedOut),
        Err(errno) => return Err(errno.into()),
    };
    let revents = poll_fds[0].revents().unwrap_or(PollFlags::empty());
    if revents.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL) {
        return Ok(Wait::HungUp);
    }
    if ready == 0 {
        return Ok(Wait::TimedOut);
    }
    let mut events = read_ready()?;
    events.extend(unread_events(&drain_unread()));
    if events.is_empty() {
        // Readable, yet nothing to read (a read cut short by a signal): wait again next turn.
        return Ok(Wait::TimedOut);
    }
    Ok(Wait::Events(keys_or_text(events)))
}

/// The most characters one wake-up may bring and still be keys a person pressed: a person
/// types one key at a time, and the loop reads each as it comes. More is a paste or a
/// repeating key, taken as text (see the module comment).
pub const MAX_TYPED_KEYS: usize = 2;

/// `events` as they came, or, when they hold more than [`MAX_TYPED_KEYS`] plain characters
/// and not just one key repeated, those characters as one `Paste` (keys with Ctrl, arrows,
/// Esc and the rest stay keys).
pub fn keys_or_text(events: Vec<Event>) -> Vec<Event> {
    let typed = |event: &Event| {
        matches!(
            event,
            Event::Key(KeyEvent {
                code: KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab,
                modifiers,
                kind: KeyEventKind::Press | KeyEventKind::Repeat,
                ..
            }) if !modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        )
    };
    let characters: Vec<&KeyCode> = events
        .iter()
        .filter(|e| typed(e))
        .filter_map(|e| match e {
            Event::Key(key) => Some(&key.code),
            _ => None,
        })
        .collect();
    // One key over and over is a key held down (or pressed quickly): each press counts.
    let one_key_repeated = characters.windows(2).all(|pair| pair[0] == pair[1]);
    if characters.len() <= MAX_TYPED_KEYS || one_key_repeated {
        return events;
    }
    let mut text = String::new();
    let mut others = Vec::new();
    for event in events {
        match event {
            Event::Key(KeyEvent {
                code: KeyCode::Char(c),
                ..
            }) if typed(&event) => text.push(c),
            Event::Key(KeyEvent {
                code: KeyCode::Enter | KeyCode::Tab,
                ..
            }) if typed(&event) => text.push('\n'),
            Event::Paste(pasted) => text.push_str(&pasted),
            other => others.push(other),
        }
    }
    others.push(Event::Paste(text));
    others
}

/// What [`drain_unread`] found: a key or two typed just now (plain letters, as crossterm
/// would have read them), or the tail of a burst as text.
fn unread_events(unread: &str) -> Vec<Event> {
    // The keys that stop, leave or suspend stay those keys wherever they come, so a Ctrl-C
    // that crossterm left unread is never lost inside "text".
    let (stops, rest): (Vec<char>, String) = {
        let mut stops = Vec::new();
        let rest = unread
            .chars()
            .filter(|&c| {
                let stop = STOP_BYTES.contains(&c);
                if stop {
                    stops.push(c);
                }
                !stop
            })
            .collect();
        (stops, rest)
    };
    let mut events = typed_or_text(&rest);
    events.extend(stops.into_iter().map(|c| {
        let letter = char::from(b'a' + (c as u8) - 1);
        Event::Key(KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL))
    }));
    events
}

/// Ctrl-C, Ctrl-D and Ctrl-Z as the bytes a terminal in raw mode sends.
const STOP_BYTES: [char; 3] = ['\u{3}', '\u{4}', '\u{1a}'];

/// Unread characters with no stop key among them: a key or two, or text.
fn typed_or_text(unread: &str) -> Vec<Event> {
    if unread.is_empty() {
        Vec::new()
    } else if unread.chars().count() <= MAX_TYPED_KEYS
        && unread.chars().all(|c| c.is_ascii_graphic() || c == ' ')
    {
        unread
            .chars()
            .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
            .collect()
    } else {
        vec![Event::Paste(unread.to_string())]
    }
}

/// Reads whatever crossterm left in the terminal (crossterm-rs/crossterm#813): the tail of
/// a burst, as text. Empty when nothing was left.
fn drain_unread() -> String {
    let fd = io::stdin().as_raw_fd();
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    // Bounded, so a terminal that never stops sending cannot hold the session here.
    for _ in 0..64 {
        let mut poll_fds = [PollFd::new(fd, PollFlags::POLLIN)];
        let readable = matches!(poll(&mut poll_fds, 0), Ok(n) if n > 0)
            && poll_fds[0]
                .revents()
                .is_some_and(|r| r.contains(PollFlags::POLLIN));
        if !readable {
            break;
        }
        match nix::unistd::read(fd, &mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buffer[..n]),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether stdin is a terminal that has hung up (its window was closed), without waiting.
pub fn terminal_hung_up() -> bool {
    let mut poll_fds = [PollFd::new(io::stdin().as_raw_fd(), PollFlags::POLLIN)];
    poll(&mut poll_fds, 0).is_ok()
        && poll_fds[0]
            .revents()
            .is_some_and(|r| r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR))
}

/// Every event crossterm can give without waiting.
fn read_ready() -> io::Result<Vec<Event>> {
    let mut events = Vec::new();
    while event::poll(Duration::ZERO)? {
        events.push(event::read()?);
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    fn chars(text: &str) -> Vec<Event> {
        text.chars()
            .map(|c| key(KeyCode::Char(c), KeyModifiers::NONE))
            .collect()
    }

    #[test]
    fn control_keys_mean_what_the_terminal_makes_of_them() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let interrupt = |why| Some(Control::Interrupt(why));
        assert_eq!(control(&ctrl('c')), interrupt(Interruption::CtrlC));
        assert_eq!(control(&ctrl('C')), interrupt(Interruption::CtrlC));
        assert_eq!(control(&ctrl('\\')), interrupt(Interruption::Quit));
        assert_eq!(control(&ctrl('4')), interrupt(Interruption::Quit));
        assert_eq!(control(&ctrl('z')), Some(Control::Suspend));
        assert_eq!(control(&ctrl('j')), Some(Control::Enter));
        assert_eq!(control(&ctrl('m')), Some(Control::Enter));
        assert_eq!(control(&ctrl('q')), None);
        assert_eq!(
            control(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)),
            None
        );
        let mut released = ctrl('c');
        released.kind = KeyEventKind::Release;
        assert_eq!(control(&released), None);
    }

    #[test]
    fn a_key_or_two_stay_keys() {
        assert_eq!(keys_or_text(chars("h")), chars("h"));
        assert_eq!(keys_or_text(chars("nq")), chars("nq"));
    }

    // A pasted "see the notes" stopped a session as "this hurts" (the `h` of "the").
    #[test]
    fn a_burst_of_characters_is_text() {
        assert_eq!(
            keys_or_text(chars("see the notes")),
            vec![Event::Paste("see the notes".to_string())]
        );
    }

    #[test]
    fn what_crossterm_left_unread_is_a_key_or_text() {
        assert_eq!(unread_events(""), vec![]);
        assert_eq!(unread_events("q"), chars("q"));
        assert_eq!(
            unread_events("hhhhhhhh"),
            vec![Event::Paste("hhhhhhhh".to_string())]
        );
        assert_eq!(
            unread_events("\u{1b}[A"),
            vec![Event::Paste("\u{1b}[A".to_string())]
        );
    }

    // A Ctrl-C that crossterm left unread was made into "text" and lost: at a pause in a
    // list the program then waited on (a PTY test failed every time on a quiet machine).
    #[test]
    fn ctrl_c_d_and_z_left_unread_stay_keys() {
        let ctrl = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        assert_eq!(unread_events("\u{3}"), vec![ctrl('c')]);
        assert_eq!(unread_events("\u{4}"), vec![ctrl('d')]);
        assert_eq!(unread_events("\u{1a}"), vec![ctrl('z')]);
        let mut pasted = vec![Event::Paste("see the notes".to_string())];
        pasted.push(ctrl('c'));
        assert_eq!(unread_events("see the\u{3} notes"), pasted);
    }

    #[test]
    fn a_key_held_down_stays_keys() {
        assert_eq!(keys_or_text(chars("-----")), chars("-----"));
    }

    #[test]
    fn ctrl_c_in_a_burst_stays_a_key() {
        let mut events = chars("abc");
        events.push(key(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(
            keys_or_text(events),
            vec![
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Event::Paste("abc".to_string())
            ]
        );
    }
}
