//! The verdict: what the answers mean, and how to say it in a few plain words.

use std::fmt;

/// From least to most serious; a verdict is the most serious of its reasons.
///
/// Scripts (`check --json`, `history --json/--csv`) and the journal see it as its stable
/// name, [`VerdictKind::as_str`]; people see its [`Display`](fmt::Display) words.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(
    serialize_all = "kebab-case",
    parse_err_ty = UnknownVerdict,
    parse_err_fn = UnknownVerdict::new
)]
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
    pub const ALL: &'static [VerdictKind] = <VerdictKind as strum::VariantArray>::VARIANTS;

    /// The stable name scripts and the journal use: the one place these words are written.
    /// Never change one: journals already hold them.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A verdict name that is not one of [`VerdictKind::as_str`]'s (a damaged or foreign journal).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown verdict {0:?}")]
pub struct UnknownVerdict(pub String);

impl UnknownVerdict {
    fn new(name: &str) -> UnknownVerdict {
        UnknownVerdict(name.to_string())
    }
}

impl VerdictKind {
    /// The verdict in a few words, as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            VerdictKind::GoAhead => "Go ahead",
            VerdictKind::GoAheadGently => "Go ahead gently",
            VerdictKind::NotNow => "Not today",
            VerdictKind::DoctorFirst => "Talk to your doctor first",
            VerdictKind::CareNow => "Get medical care now",
        }
    }
}

impl fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Who may clear a "talk to your doctor first" reason (docs/health-sources.md#general-contraindications): a clearance passes
/// only the one reason it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clearance {
    /// Nothing passes it: severe pain, a wound or a skin infection, a bleeding disorder, a
    /// suspected clot, pregnancy for the belly.
    None,
    /// A doctor's word that self-massage is fine with this reason.
    Doctor,
    /// A doctor's or a physiotherapist's word (pain that has lasted, only).
    DoctorOrPhysio,
}

impl Clearance {
    /// The question that asks for this clearance, naming the reason.
    pub fn question(self, reason: &str) -> String {
        let who = match self {
            Clearance::DoctorOrPhysio => "a doctor or physiotherapist",
            Clearance::Doctor | Clearance::None => "a doctor",
        };
        format!("About {reason}: has {who} told you that self-massage is fine for you with this?")
    }
}

/// One reason behind a verdict.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reason {
    /// Stable: the question's id, or a rule's ("severe-pain", "ongoing", "cause-unknown").
    pub id: String,
    pub level: VerdictKind,
    pub text: String,
    /// Who may pass it (only for "talk to your doctor first").
    #[serde(skip)]
    pub clearance: Clearance,
    /// A red flag that calls for the emergency number, not just a doctor today.
    #[serde(skip)]
    pub emergency: bool,
    /// The clearance question in the reason's own words, when the usual "About X: has a
    /// doctor told you..." would not read well (a journal finding).
    #[serde(skip)]
    pub question: Option<String>,
}

impl Reason {
    /// A reason nothing clears.
    pub fn new(id: impl Into<String>, level: VerdictKind, text: impl Into<String>) -> Reason {
        Reason {
            id: id.into(),
            level,
            text: text.into(),
            clearance: Clearance::None,
            emergency: false,
            question: None,
        }
    }

    /// The same reason, with its clearance asked in these words.
    pub fn asking(self, question: impl Into<String>) -> Reason {
        Reason {
            question: Some(question.into()),
            ..self
        }
    }

    /// What to ask for this reason's clearance.
    pub fn clearance_question(&self) -> String {
        self.question
            .clone()
            .unwrap_or_else(|| self.clearance.question(&self.text))
    }

    /// The same reason, passed by `who`'s clearance.
    pub fn clearable(self, who: Clearance) -> Reason {
        Reason {
            clearance: who,
            ..self
        }
    }

    /// The same reason, calling for the emergency number.
    pub fn emergency(self) -> Reason {
        Reason {
            emergency: true,
            ..self
        }
    }

    /// After the person said the clearance was given: a clearable "doctor first" becomes
    /// "go ahead gently", naming who cleared what; any other reason is unchanged.
    pub fn cleared(self) -> Reason {
        let who = match self.clearance {
            Clearance::None => return self,
            Clearance::Doctor => "a doctor",
            Clearance::DoctorOrPhysio => "a doctor or physiotherapist",
        };
        Reason {
            level: VerdictKind::GoAheadGently,
            text: format!(
                "{who} has said self-massage is fine with {}: light pressure only",
                self.text
            ),
            clearance: Clearance::None,
            ..self
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

    /// The first line: what the verdict is, matching its advice.
    pub fn headline(&self) -> &'static str {
        match (self.kind, self.emergency) {
            (VerdictKind::CareNow, true) => "Call your local emergency number now",
            (VerdictKind::CareNow, false) => "See a doctor today",
            (kind, _) => kind.label(),
        }
    }

    /// Some reason for "talk to your doctor first" cannot be passed by a clearance.
    fn has_uncleared_stop(&self) -> bool {
        self.reasons
            .iter()
            .any(|r| r.level == VerdictKind::DoctorFirst && r.clearance == Clearance::None)
    }

    /// What to do, in one or two short sentences.
    pub fn advice(&self) -> &'static str {
        if self.kind == VerdictKind::DoctorFirst && self.has_uncleared_stop() {
            return "Please do not massage this area until a doctor has seen you about it.";
        }
        match (self.kind, self.emergency) {
            (VerdictKind::CareNow, true) => {
                "Do not massage. Call your local emergency number now (999, 911, 112...)."
            }
            (VerdictKind::CareNow, false) => {
                "Do not massage. See a doctor today, or call your doctor's urgent line."
            }
            (VerdictKind::DoctorFirst, _) => {
                "Please do not start yet. Ask your doctor whether self-massage is fine for you with this; if it is, run it again and say so."
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
            "bruise",
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
        for &kind in VerdictKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            let json = serde_json::to_value(kind).expect("serializes");
            assert_eq!(json, kind.as_str());
        }
        assert_eq!(
            "Go-Ahead".parse::<VerdictKind>(),
            Err(UnknownVerdict("Go-Ahead".to_string()))
        );
        let mut sorted = VerdictKind::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, VerdictKind::ALL, "least to most serious");
    }

    #[test]
    fn most_serious_reason_wins() {
        let verdict = Verdict::from_reasons(vec![
            Reason::new("a", VerdictKind::GoAheadGently, "a"),
            Reason::new("b", VerdictKind::DoctorFirst, "b"),
        ]);
        assert_eq!(verdict.kind, VerdictKind::DoctorFirst);
        assert!(!verdict.kind.allows_session());
        assert_eq!(Verdict::from_reasons(vec![]).kind, VerdictKind::GoAhead);
    }

    #[test]
    fn advice_for_a_reason_no_one_can_clear_never_suggests_asking_about_massage() {
        let fever = Verdict::from_reasons(vec![Reason::new(
            "fever",
            VerdictKind::DoctorFirst,
            "a fever",
        )]);
        assert!(
            !fever.advice().contains("whether self-massage"),
            "{}",
            fever.advice()
        );
        let thinners = Verdict::from_reasons(vec![
            Reason::new("thinners", VerdictKind::DoctorFirst, "blood thinners")
                .clearable(Clearance::Doctor),
        ]);
        assert!(
            thinners.advice().contains("whether self-massage"),
            "{}",
            thinners.advice()
        );
    }

    #[test]
    fn the_headline_matches_the_kind_of_care() {
        let urgent =
            Verdict::from_reasons(vec![Reason::new("clot", VerdictKind::CareNow, "a clot")]);
        assert_eq!(urgent.headline(), "See a doctor today");
        let emergency = Verdict::from_reasons(vec![
            Reason::new("stroke", VerdictKind::CareNow, "stroke signs").emergency(),
        ]);
        assert_eq!(emergency.headline(), "Call your local emergency number now");
    }
}
