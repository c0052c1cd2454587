//! Waiting for a key on the terminal without trusting a dead one.
//!
//! Workaround for crossterm-rs/crossterm#793: crossterm 0.29's `event::poll` spins forever
//! once the terminal has hung up (its mio source re-reads a tty that stays readable while
//! `read` returns 0 or `EIO`), so the session would never notice the SIGHUP it was sent.
//! Here `poll(2)` waits on the terminal itself, which reports a hang-up at once; crossterm
//! is only asked to read when input is really there. This can go when a crossterm release
//! reports a vanished terminal as an error from `event::poll` (the open fix is
//! crossterm-rs/crossterm#1067).

use std::io;
use std::os::fd::AsRawFd;
use std::time::Duration;

use crossterm::event::{self, Event};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, poll};

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
    let mut pending = read_ready()?;
    if !pending.is_empty() {
        return Ok(Wait::Events(std::mem::take(&mut pending)));
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
    Ok(Wait::Events(read_ready()?))
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
