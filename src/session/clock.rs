//! Monotonic time for the engine, behind a trait so tests can move time by hand.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// Time since some fixed origin, never going backwards.
pub trait Clock {
    fn now(&self) -> Duration;
}

/// The real monotonic clock (`Instant`): immune to wall-clock changes.
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    origin: Instant,
}

impl MonotonicClock {
    pub fn new() -> Self {
        MonotonicClock {
            origin: Instant::now(),
        }
    }
}

impl Default for MonotonicClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for MonotonicClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that only moves when told: for tests and benchmarks of timing rules.
#[derive(Debug, Default)]
pub struct ManualClock {
    now: Cell<Duration>,
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.now.get()
    }
}
