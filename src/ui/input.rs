//! Waiting for a key on the terminal without trusting a dead one.
//!
//! crossterm's `event::poll` spins forever once the terminal has hung up (crossterm-rs/
//! crossterm#793), so the session would never notice the SIGHUP it was sent. Here `poll(2)`
//! waits on the terminal itself, which reports a hang-up at once; crossterm is only asked
//! to read when input is really there.

use std::io;
use std::os::fd::AsRawFd;
use std::time::Duration;

use crossterm::event::{self, Event};

/// What came of waiting.
#[derive(Debug)]
pub enum Wait {
    Events(Vec<Event>),
    HungUp,
    TimedOut,
}

/// Waits up to `timeout` for input on stdin (a terminal), then reads every event that is
/// ready, so none is left queued inside crossterm while we sleep.
pub fn wait_for_events(timeout: Duration) -> io::Result<Wait> {
    let mut pending = read_ready()?;
    if !pending.is_empty() {
        return Ok(Wait::Events(std::mem::take(&mut pending)));
    }
    let mut poll_fd = libc::pollfd {
        fd: io::stdin().as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, and its count; poll does not keep the pointer.
    let ready = unsafe { libc::poll(&mut poll_fd, 1, millis) };
    if ready < 0 {
        let error = io::Error::last_os_error();
        return if error.kind() == io::ErrorKind::Interrupted {
            Ok(Wait::TimedOut)
        } else {
            Err(error)
        };
    }
    if poll_fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Ok(Wait::HungUp);
    }
    if ready == 0 {
        return Ok(Wait::TimedOut);
    }
    Ok(Wait::Events(read_ready()?))
}

/// Every event crossterm can give without waiting.
fn read_ready() -> io::Result<Vec<Event>> {
    let mut events = Vec::new();
    while event::poll(Duration::ZERO)? {
        events.push(event::read()?);
    }
    Ok(events)
}
