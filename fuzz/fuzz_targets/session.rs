//! The session engine under arbitrary key presses at arbitrary times (a fake clock): it must
//! never panic, never run a step backwards in time, and always end once time runs out.

#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use selfmassage::routine::schema::parse_routine;
use selfmassage::routine::{Length, Origin};
use selfmassage::session::engine::{Command, WAKE_GAP};
use selfmassage::session::{Engine, Timeline};

const ROUTINE: &str = r#"title = "Fuzz"
areas = ["neck"]
summary = "A routine for the session fuzzer."

[[steps]]
title = "One"
text = "First."
seconds = 12
pressure = "light"

[[steps]]
title = "Two"
text = "Second, on each side."
seconds = [20, 40]
sides = ["left", "right"]
pressure = "light"

[[steps]]
title = "Three"
text = "Third, twice."
seconds = 5
repeat = 2
pressure = "light"
"#;

fuzz_target!(|data: &[u8]| {
    let routine = parse_routine("fuzz.toml", "fuzz", ROUTINE, Origin::BuiltIn).expect("valid");
    let length = match data.first().copied().unwrap_or(0) % 3 {
        0 => Length::Short,
        1 => Length::Standard,
        _ => Length::Long,
    };
    let timeline = Timeline::build(&[&routine], length);
    let (mut engine, _) = Engine::start(timeline, Duration::ZERO);
    let mut now = Duration::ZERO;
    for pair in data.get(1..).unwrap_or_default().chunks(2) {
        // Each pair: how long to wait (0-25.5 s), then a key (or only a tick).
        now += Duration::from_millis(u64::from(pair[0]) * 100);
        let _ = engine.tick(now);
        let command = match pair.get(1).copied().unwrap_or(255) % 9 {
            0 => Some(Command::TogglePause),
            1 => Some(Command::Next),
            2 => Some(Command::Back),
            3 => Some(Command::AddTime),
            4 => Some(Command::RemoveTime),
            5 if pair.get(1) == Some(&5) => Some(Command::Stop),
            6 if pair.get(1) == Some(&6) => Some(Command::Hurts),
            _ => None,
        };
        if let Some(command) = command {
            let _ = engine.apply(command, now);
        }
        if let Some(snapshot) = engine.snapshot(now) {
            assert!((0.0..=1.0).contains(&snapshot.step_progress));
            assert!((0.0..=1.0).contains(&snapshot.total_progress));
            assert!(snapshot.remaining_secs <= snapshot.total_remaining_secs);
        }
        if let Some(wake) = engine.next_wake(now) {
            assert!(wake > Duration::ZERO && wake <= Duration::from_secs(1));
        }
    }
    // Unpause if needed, then let time run out: the session must end.
    if engine.snapshot(now).is_some_and(|snapshot| snapshot.paused) {
        let _ = engine.apply(Command::TogglePause, now);
    }
    // Hops of at most WAKE_GAP: a longer silence is a stopped program, which pauses.
    let left = engine
        .snapshot(now)
        .map_or(0, |snapshot| snapshot.total_remaining_secs);
    let bound = engine.timeline().segments.len() as u64 + 2 + left / WAKE_GAP.as_secs();
    let mut ticks = 0;
    while engine.ending().is_none() {
        now = now.max(engine.deadline()).min(now + WAKE_GAP);
        let _ = engine.tick(now);
        ticks += 1;
        assert!(ticks <= bound, "the session did not finish");
    }
});
