//! The verdict: what the answers mean, and how to say it in a few plain words.

use std::fmt;
use std::str::FromStr;

/// From least to most serious; a verdict is the most serious of its reasons.
///
/// Scripts (`check --json`, `history --json/--csv`) and the journal see it as its stable
/// name, [`VerdictKind::as_str`]; people see its [`Display`](fmt::Display) words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VerdictKind {
    GoAhead,
    GoAheadGently,
    /// Not today (alcohol, strong painkillers): wait, then try again.
    NotNow,
    DoctorFirst,
    CareNow,
}

impl VerdictKind {
    /// May a guided session start?
    pub fn allows_session(self) -> bool {
        matches!(self, VerdictKind::GoAhead | VerdictKind::GoAheadGently)
    }

    /// Every kind, from least to most serious.
    pub const ALL: [VerdictKind; 5] = [
        VerdictKind::GoAhead,
        VerdictKind::GoAheadGently,
        VerdictKind::NotNow,
        VerdictKind::DoctorFirst,
        VerdictKind::CareNow,
    ];

    /// The stable name scripts and the journal use: the one place these words are written.
    /// Never change one: journals already hold them.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::GoAhead => "go-ahead",
            VerdictKind::GoAheadGently => "go-ahead-gently",
            VerdictKind::NotNow => "not-now",
            VerdictKind::DoctorFirst => "doctor-first",
            VerdictKind::CareNow => "care-now",
        }
    }
}

/// A verdict name that is not one of [`VerdictKind::as_str`]'s (a damaged or foreign journal).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown verdict {0:?}")]
pub struct UnknownVerdict(pub String);

impl FromStr for VerdictKind {
    type Err = UnknownVerdict;

    /// Reads a stable name back; exactly the words [`VerdictKind::as_str`] writes.
    fn from_str(name: &str) -> Result<VerdictKind, UnknownVerdict> {
        VerdictKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownVerdict(name.to_string()))
    }
}

/// As its stable name.
impl serde::Serialize for VerdictKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VerdictKind::GoAhead => "Go ahead",
            VerdictKind::GoAheadGently => "Go ahead gently",
            VerdictKind::NotNow => "Not today",
            VerdictKind::DoctorFirst => "Talk to your doctor first",
            VerdictKind::CareNow => "Get medical care now",
        })
    }
}

/// One reason behind a verdict.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reason {
    pub level: VerdictKind,
    pub text: String,
    /// A doctor's clearance turns this into "go ahead gently".
    #[serde(skip)]
    pub clearable: bool,
    /// A red flag that calls for the emergency number, not just a doctor today.
    #[serde(skip)]
    pub emergency: bool,
}

impl Reason {
    pub fn new(level: VerdictKind, text: impl Into<String>) -> Reason {
        Reason {
            level,
            text: text.into(),
            clearable: false,
            emergency: false,
        }
    }

    pub fn clearable(level: VerdictKind, text: impl Into<String>) -> Reason {
        Reason {
            clearable: true,
            ..Reason::new(level, text)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// Call the local emergency number (an emergency red flag was answered yes).
    pub emergency: bool,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    pub fn from_reasons(reasons: Vec<Reason>) -> Verdict {
        let kind = reasons
            .iter()
            .map(|r| r.level)
            .max()
            .unwrap_or(VerdictKind::GoAhead);
        Verdict {
            kind,
            emergency: reasons.iter().any(|r| r.emergency),
            reasons,
        }
    }

    /// For "go ahead gently": the reasons, short, to keep in view during the session.
    pub fn reminder(&self) -> Option<String> {
        if self.kind != VerdictKind::GoAheadGently {
            return None;
        }
        let reasons: Vec<&str> = self
            .reasons
            .iter()
            .filter(|r| r.level == VerdictKind::GoAheadGently)
            .map(|r| r.text.as_str())
            .collect();
        Some(format!("Go gently ({}).", reasons.join("; ")))
    }

    /// What to do, in one or two short sentences.
    pub fn advice(&self) -> &'static str {
        match (self.kind, self.emergency) {
            (VerdictKind::CareNow, true) => {
                "Do not massage. Call your local emergency number now (999, 911, 112...)."
            }
            (VerdictKind::CareNow, false) => {
                "Do not massage. See a doctor today, or call your doctor's urgent line."
            }
            (VerdictKind::DoctorFirst, _) => {
                "Please do not start yet. Ask your doctor whether self-massage is right for you."
            }
            (VerdictKind::NotNow, _) => {
                "Please wait for another day, when you can judge the pressure safely."
            }
            (VerdictKind::GoAheadGently, _) => {
                "Use light pressure and stop if anything hurts more."
            }
            (VerdictKind::GoAhead, _) => {
                "Use comfortable pressure: it should feel good-sore, never sharp."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gentle_verdict_reminds_of_its_reasons() {
        let gently = Verdict::from_reasons(vec![Reason::new(
            VerdictKind::GoAheadGently,
            "keep away from the bruise",
        )]);
        assert_eq!(
            gently.reminder().as_deref(),
            Some("Go gently (keep away from the bruise).")
        );
        assert_eq!(Verdict::from_reasons(vec![]).reminder(), None);
    }

    #[test]
    fn every_name_reads_back_and_serializes_as_itself() {
        for kind in VerdictKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            let json = serde_json::to_value(kind).expect("serializes");
            assert_eq!(json, kind.as_str());
        }
        assert_eq!(
            "Go-Ahead".parse::<VerdictKind>(),
            Err(UnknownVerdict("Go-Ahead".to_string()))
        );
        let mut sorted = VerdictKind::ALL;
        sorted.sort();
        assert_eq!(sorted, VerdictKind::ALL, "least to most serious");
    }

    #[test]
    fn most_serious_reason_wins() {
        let verdict = Verdict::from_reasons(vec![
            Reason::new(VerdictKind::GoAheadGently, "a"),
            Reason::new(VerdictKind::DoctorFirst, "b"),
        ]);
        assert_eq!(verdict.kind, VerdictKind::DoctorFirst);
        assert!(!verdict.kind.allows_session());
        assert_eq!(Verdict::from_reasons(vec![]).kind, VerdictKind::GoAhead);
    }
}
