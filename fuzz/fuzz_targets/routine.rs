//! Routine files: parse and validate arbitrary text, then use whatever parses the way the
//! program does (totals, the timeline at each length, a whole session on a fake clock).
//!
//! The input is tried twice: as UTF-8 when it is valid UTF-8, and always through
//! `from_utf8_lossy`, so arbitrary bytes (what a user's folder may hold) are covered too.

#![no_main]

use std::borrow::Cow;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use selfmassage::routine::schema::parse_routine;
use selfmassage::routine::{Length, Origin, Routine};
use selfmassage::session::engine::{WAKE_GAP, format_clock};
use selfmassage::session::{Engine, Timeline};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    if let Cow::Owned(lossy) = String::from_utf8_lossy(data) {
        check(&lossy);
    }
});

fn check(source: &str) {
    match parse_routine("fuzz.toml", "fuzz", source, Origin::BuiltIn) {
        Ok(routine) => use_routine(&routine),
        Err(problems) => {
            assert!(!problems.is_empty(), "an error with no problem in it");
            for problem in &problems {
                // Every problem is located inside the file and prints on one line.
                assert!(problem.line >= 1 && problem.column >= 1);
                let shown = problem.to_string();
                assert!(!shown.contains('\n'), "a problem spans lines: {shown:?}");
            }
        }
    }
}

fn use_routine(routine: &Routine) {
    assert!(!routine.steps.is_empty(), "a valid routine with no steps");
    let range = routine.total_range();
    assert!(range.low <= range.high);
    for length in [Length::Short, Length::Standard, Length::Long] {
        let timeline = Timeline::build(&[routine], length);
        let total = timeline.total();
        let _ = format_clock(total.as_secs());
        for segment in &timeline.segments {
            let _ = segment.position();
            assert!(!segment.duration.is_zero(), "a step of 0 seconds");
        }
        run_session(timeline);
    }
}

/// Runs the session to its end on a fake clock, jumping from deadline to deadline but never
/// further than `WAKE_GAP` at once (a longer silence is a stopped program, which pauses):
/// every segment must end, and the session must finish.
fn run_session(timeline: Timeline) {
    let hops = timeline.total().as_secs() / WAKE_GAP.as_secs();
    let bound = timeline.segments.len() + 1 + usize::try_from(hops).unwrap_or(usize::MAX);
    let (mut engine, _) = Engine::start(timeline, Duration::ZERO);
    let mut now = Duration::ZERO;
    let mut ticks = 0;
    while engine.ending().is_none() {
        now = engine.deadline().min(now + WAKE_GAP);
        let _ = engine.snapshot(now);
        let _ = engine.tick(now);
        ticks += 1;
        assert!(ticks <= bound, "the session did not finish");
    }
}
