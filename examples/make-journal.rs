//! Writes a made-up selfmassage journal for benchmarks and visual checks, through the
//! library's own `Journal`, so it always has the current schema and stored words.
//!
//!     cargo run --release --example make-journal -- PATH [--sessions N] [--days D] [--seed S]
//!
//! Four areas, pain drifting down over the period, 3 % safety stops (with a reason that
//! holds `<script>`, to check escaping by eye) and a few sessions with new symptoms.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use jiff::{SignedDuration, Timestamp};
use selfmassage::journal::{Ending, Journal, SessionNotes, SessionRecord};
use selfmassage::safety::{PainScore, VerdictKind};

const AREAS: [&str; 4] = ["neck", "lower-back", "shoulders", "head"];

/// A small, repeatable source of numbers (xorshift): a made-up journal needs no more.
struct Dice(u64);

impl Dice {
    /// A number in 0..1.
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal, mean 0, spread 1 (the sum of twelve uniform numbers).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }
}

fn pain(value: f64) -> Option<PainScore> {
    PainScore::new(value.round().clamp(0.0, 10.0) as u8)
}

const USAGE: &str = "usage: make-journal PATH [--sessions N] [--days D] [--seed S]
  writes a made-up journal of N sessions (200) over D days (90) to PATH, e.g.
  $XDG_DATA_HOME/selfmassage/journal.sqlite3";

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let (mut sessions, mut days, mut seed) = (200u32, 90u32, 17u64);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .with_context(|| format!("{name} needs a number"))?
                .parse::<u64>()
                .with_context(|| format!("{name} needs a whole number"))
        };
        match arg.as_str() {
            "--sessions" => sessions = u32::try_from(value("--sessions")?)?,
            "--days" => days = u32::try_from(value("--days")?)?,
            "--seed" => seed = value("--seed")?.max(1),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other if other.starts_with('-') => bail!("unknown option {other}"),
            other => path = Some(PathBuf::from(other)),
        }
    }
    let path = path.context(USAGE)?;
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let start: Timestamp = "2026-08-01T08:00:00Z".parse()?;
    let mut dice = Dice(seed);
    let count = f64::from(sessions.max(1));
    let mut rows = Vec::with_capacity(sessions as usize);
    for i in 0..sessions {
        let progress = f64::from(i) / count;
        let offset = f64::from(days) * 86_400.0 * progress + dice.unit() * 3600.0;
        let at = start + SignedDuration::from_secs(offset as i64);
        let area = if dice.unit() < 0.9 {
            AREAS[i as usize % AREAS.len()]
        } else {
            AREAS[0]
        };
        let before = 7.0 - 3.0 * progress + dice.normal();
        let kind = dice.unit();
        let mut record = SessionRecord {
            started_at: at,
            ended_at: at,
            routines: vec![area.to_string()],
            areas: vec![area.to_string()],
            verdict: VerdictKind::GoAhead,
            pain_before: pain(before),
            pain_after: None,
            new_symptoms: None,
            steps_done: 5,
            steps_total: 5,
            ending: Ending::Completed,
        };
        let mut notes = SessionNotes::default();
        if kind < 0.03 {
            record.routines.clear();
            record.verdict = VerdictKind::DoctorFirst;
            record.steps_done = 0;
            record.ending = Ending::SafetyStop;
            notes.reasons =
                vec!["You said the cause of the pain is unknown <script>alert(1)</script>.".into()];
        } else {
            let drop = [0.0, 1.0, 2.0, 2.0, 3.0][(dice.unit() * 5.0) as usize % 5];
            let worse = if kind > 0.97 { 1.0 } else { 0.0 };
            record.pain_after = pain(before.round().clamp(0.0, 10.0) - drop + worse);
            record.new_symptoms = Some(kind > 0.985);
            if kind > 0.985 {
                notes.symptoms = vec!["numb-or-weak".into()];
            }
            record.ended_at = at + SignedDuration::from_mins(4 + (dice.unit() * 8.0) as i64);
        }
        rows.push((record, notes));
    }
    let mut journal = Journal::open(&path)?;
    journal.record_all(&rows)?;
    println!("{}: {sessions} sessions over {days} days", path.display());
    Ok(())
}
