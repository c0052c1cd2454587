//! The guided session's rules: the timeline and the step engine. Pure: time comes in as
//! values from a [`clock::Clock`], commands come in as values.

pub mod clock;
pub mod engine;
pub mod timeline;

pub use clock::{Clock, ManualClock, MonotonicClock};
pub use engine::{
    Command, Engine, Event, Interruption, SessionEnd, Snapshot, TimeLimit, format_clock,
};
pub use timeline::{Segment, SegmentKind, Timeline};
