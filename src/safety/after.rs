//! After a session: what the change in pain and any new symptoms mean
//! (docs/health-sources.md#pain-ratings-and-outcomes).
//!
//! Pain that went up is always said in those words; pain of 7-10 afterwards means a doctor
//! today. A stroke sign during or since the massage, even for a moment and after a session
//! of any area, means the emergency number (a sign that passes can be a TIA, a warning of a
//! stroke); so do chest pain and sudden breathlessness. Dizziness on its own, tingling, a
//! swelling or a different pain mean stop this routine and follow up with a doctor.

use super::pain::{PainBand, PainScore};

pub const PAIN_AFTER_QUESTION: &str =
    "After the massage, how bad is the pain, 0 (none) to 10 (worst)?";
/// Shown above the list of new symptoms.
pub const NEW_SYMPTOMS_HEADING: &str =
    "During or since the massage, even for a moment, did you have any of these?";
pub const NEW_SYMPTOMS_QUESTION: &str = "Is your answer yes to any of these?";

/// The advice for pain that rises during a session, written once for both places it is
/// said.
macro_rules! rising_pain {
    () => {
        "Pain that rises, or a sharp or shooting pain, means this routine is not right for you \
today. Rest, and if the pain stays or gets worse, talk to your doctor."
    };
}

/// The advice for pain that rises: why a session stopped with "this hurts" is not resumed.
pub const RISING_PAIN: &str = rising_pain!();

/// Said at once when the user presses "this hurts" mid-session.
pub const RISING_PAIN_ADVICE: &str = concat!("Stopped. ", rising_pain!());

/// A new symptom the after-check asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSymptom {
    /// Stable, as stored.
    pub id: &'static str,
    pub question: &'static str,
    /// What a "yes" calls for, after a session of any area.
    pub follow_up: FollowUp,
}

/// Every new symptom the after-check asks about, in the order asked.
pub const NEW_SYMPTOMS: [NewSymptom; 6] = [
    NewSymptom {
        id: "face-arm-leg",
        question: "Your face drooped, or an arm or leg went weak or numb.",
        follow_up: FollowUp::Emergency,
    },
    NewSymptom {
        id: "speech",
        question: "Your speech was slurred, or you could not find words.",
        follow_up: FollowUp::Emergency,
    },
    NewSymptom {
        id: "sight-or-balance",
        question: "You suddenly lost some of your sight, or your balance, or saw double.",
        follow_up: FollowUp::Emergency,
    },
    NewSymptom {
        id: "chest-or-breath",
        question: "Chest pain or tightness, or sudden breathlessness.",
        follow_up: FollowUp::Emergency,
    },
    NewSymptom {
        id: "dizzy",
        question: "Dizziness or feeling faint, on its own.",
        follow_up: FollowUp::SeeDoctor,
    },
    // Anywhere, not only where you massaged: tingling in a hand after neck work counts.
    NewSymptom {
        id: "numb-swelling-or-pain",
        question: "New numbness, tingling or pins and needles, a swelling, or a sharper or different pain.",
        follow_up: FollowUp::SeeDoctor,
    },
];

/// The words of a stored symptom id, this version's or an earlier one's.
pub fn symptom_words(id: &str) -> Option<&'static str> {
    NEW_SYMPTOMS
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.question)
        .or(match id {
            "numb-or-weak" => Some("New numbness or weakness in your face, an arm or a leg."),
            "dizzy-vision-speech" => Some("Dizziness, or a change in your vision or speech."),
            "tingling" => Some("Numbness, tingling or pins and needles where you massaged."),
            "swelling-or-new-pain" => Some("Swelling, or a sharper or different pain."),
            _ => None,
        })
}

/// How the pain changed across one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Pain is higher than before.
    Worse,
    /// Same pain.
    Same,
    /// Lower, but by less than a meaningful amount.
    SlightlyBetter,
    /// A meaningful drop ([`is_meaningful_drop`]): the change people notice. Said as a fact
    /// ("Pain eased"), never as the massage's doing: pain also eases by itself.
    Eased,
}

/// What the after-check calls for, from the least to the most serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FollowUp {
    None,
    /// Stop this routine and follow up with a doctor.
    SeeDoctor,
    /// Medical care today.
    Today,
    /// Call the local emergency number now.
    Emergency,
}

/// A meaningful change in a 0-10 pain score, in words: a drop of 2 points or 30%, or more
/// (Farrar et al. 2001; IMMPACT; docs/health-sources.md#pain-ratings-and-outcomes).
pub const MEANINGFUL_DROP: &str = "2 points or 30%";

/// Whether pain went down by [`MEANINGFUL_DROP`] or more: the one rule for "eased", for one
/// session, a course of sessions, and a plan's review. So 3 → 2 (33%) counts, and 4 → 3
/// (25%) does not.
pub fn is_meaningful_drop(before: PainScore, after: PainScore) -> bool {
    let (before, after) = (u32::from(before.get()), u32::from(after.get()));
    after < before && (before - after >= 2 || (before - after) * 10 >= before * 3)
}

pub fn change(before: PainScore, after: PainScore) -> Change {
    if after > before {
        Change::Worse
    } else if after == before {
        Change::Same
    } else if is_meaningful_drop(before, after) {
        Change::Eased
    } else {
        Change::SlightlyBetter
    }
}

/// The after-check's result: the change, what it calls for, and what to say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AfterAdvice {
    /// `None` when there was no pain score before (it is always asked, but a script may
    /// have ended early).
    pub change: Option<Change>,
    pub follow_up: FollowUp,
    /// One or more short lines, most serious first.
    pub message: Vec<String>,
}

/// The after-check. `symptoms`: the ids from [`NEW_SYMPTOMS`] confirmed, or `["unsure"]`
/// for a "yes" to the list that no item confirmed (still a new symptom). `hurt`: the user
/// stopped with "this hurts". `step_done`: at least one step was done; without one, a
/// lower pain is only stated, never put down to the session. `areas`: the session's
/// pain areas.
pub fn after_check(
    before: Option<PainScore>,
    after: PainScore,
    symptoms: &[String],
    hurt: bool,
    step_done: bool,
    // The session's areas: a stroke sign is an emergency after a session of any area, so
    // they change nothing today.
    _areas: &[String],
) -> AfterAdvice {
    let change = before.map(|before| change(before, after));
    let called_for = symptoms
        .iter()
        .map(|id| match NEW_SYMPTOMS.iter().find(|s| s.id == id) {
            Some(symptom) => symptom.follow_up,
            // An earlier version's ids, as stored in the journal.
            None if id == "numb-or-weak" || id == "dizzy-vision-speech" => FollowUp::Emergency,
            None => FollowUp::SeeDoctor,
        })
        .max()
        .unwrap_or(FollowUp::None);
    let mut follow_up = FollowUp::None;
    let mut message = Vec::new();
    if called_for == FollowUp::Emergency {
        follow_up = FollowUp::Emergency;
        message.push("A stroke sign (a drooping face, a weak or numb arm or leg, slurred speech, double vision, or a sudden loss of sight or balance), chest pain or sudden breathlessness, even if it has passed, needs care now: call your local emergency number.".to_string());
    } else if !symptoms.is_empty() {
        follow_up = FollowUp::SeeDoctor;
        message.push("New symptoms after massage are a sign to stop this routine. Please follow up with your doctor.".to_string());
    }
    // Each piece of advice once: a fact that calls for no more than what was already
    // said is said as a fact, and the advice after "this hurts" was given as it stopped.
    let worse = matches!(change, Some(Change::Worse));
    let severe = after.band() == PainBand::Severe;
    if severe && follow_up == FollowUp::SeeDoctor {
        // Care today says all that a later follow-up would: the symptoms become a fact.
        message = vec!["You noticed a new symptom.".to_string()];
    }
    if let (Some(before), true) = (before, worse) {
        message.push(if follow_up >= FollowUp::SeeDoctor || severe {
            format!("Your pain went up ({before} → {after}).")
        } else {
            format!(
                "Your pain went up ({before} → {after}). Stop this routine and follow up with your doctor."
            )
        });
    }
    if severe && follow_up < FollowUp::Today {
        message.push(format!(
            "Pain of {after} out of 10 is severe: please get medical advice today, and do not massage this area again until you have."
        ));
    }
    if worse || hurt {
        follow_up = follow_up.max(FollowUp::SeeDoctor);
    }
    if severe {
        follow_up = follow_up.max(FollowUp::Today);
    }
    match (before, change) {
        _ if worse => {}
        _ if follow_up > FollowUp::None => {
            if message.is_empty() {
                message.push(format!("Pain now {after} of 10."));
            }
        }
        (Some(before), Some(_)) if before.get() == 0 && after.get() == 0 => {
            message.push("No pain before or after.".to_string())
        }
        (Some(before), Some(_)) if after.get() == 0 => {
            message.push(format!("No pain now ({before} → 0)."))
        }
        // No step was done: the scores, and nothing about the session.
        (Some(before), Some(_)) if !step_done => {
            message.push(format!("Pain {before} → {after}."))
        }
        (Some(before), Some(Change::Eased)) => {
            message.push(format!("Pain eased: {before} → {after}."))
        }
        (Some(before), Some(Change::SlightlyBetter)) => message.push(format!(
            "A little lower: {before} → {after}. A short session most days tends to help more than one long one."
        )),
        (Some(_), Some(Change::Same)) => message.push(format!(
            "No change ({after} of 10). If a few sessions do not help, see your doctor to find the cause."
        )),
        _ => message.push(format!("Pain now {after} of 10.")),
    }
    AfterAdvice {
        change,
        follow_up,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(value: u8) -> PainScore {
        PainScore::new(value).expect("0-10")
    }

    fn check(before: u8, after: u8, symptoms: &[&str], hurt: bool, area: &str) -> AfterAdvice {
        checked(before, after, symptoms, hurt, true, area)
    }

    fn checked(
        before: u8,
        after: u8,
        symptoms: &[&str],
        hurt: bool,
        step_done: bool,
        area: &str,
    ) -> AfterAdvice {
        let symptoms: Vec<String> = symptoms.iter().map(|s| s.to_string()).collect();
        after_check(
            Some(p(before)),
            p(after),
            &symptoms,
            hurt,
            step_done,
            &[area.to_string()],
        )
    }

    #[test]
    fn a_meaningful_drop_is_two_points_or_thirty_percent() {
        assert!(is_meaningful_drop(p(5), p(3)));
        assert!(!is_meaningful_drop(p(5), p(4)));
        // 1 of 3 is 33%: meaningful though only one point.
        assert!(is_meaningful_drop(p(3), p(2)));
        assert!(!is_meaningful_drop(p(4), p(3)));
        assert!(!is_meaningful_drop(p(0), p(0)));
        assert!(!is_meaningful_drop(p(2), p(4)));
        // One rule at every level: a one-point drop from 2 is 50%.
        assert!(is_meaningful_drop(p(1), p(0)));
        assert!(is_meaningful_drop(p(2), p(1)));
        assert_eq!(change(p(2), p(1)), change(p(3), p(2)));
        assert_eq!(change(p(4), p(3)), Change::SlightlyBetter);
        assert_eq!(change(p(6), p(4)), Change::Eased);
    }

    #[test]
    fn with_no_step_done_a_lower_pain_is_only_stated() {
        for (before, after) in [(3, 2), (6, 3), (5, 5)] {
            let result = checked(before, after, &[], false, false, "neck");
            assert_eq!(result.follow_up, FollowUp::None);
            assert_eq!(result.message, [format!("Pain {before} → {after}.")]);
        }
        // Higher pain is said in full either way.
        let worse = checked(3, 5, &[], false, false, "neck");
        assert!(worse.message[0].contains("went up (3 → 5)"), "{worse:?}");
    }

    /// No message ever speaks of relief, or of the session doing it: a lower score is
    /// stated ("Pain eased", "A little lower"), never credited.
    #[test]
    fn no_message_speaks_of_relief() {
        for before in 0..=10 {
            for after in 0..=10 {
                for step_done in [false, true] {
                    let result = checked(before, after, &[], false, step_done, "neck");
                    assert!(
                        !result
                            .message
                            .iter()
                            .any(|l| l.to_lowercase().contains("relief")),
                        "{before} → {after}: {:?}",
                        result.message
                    );
                }
            }
        }
        assert_eq!(
            check(6, 3, &[], false, "neck").message,
            ["Pain eased: 6 → 3."]
        );
        assert_eq!(
            check(3, 2, &[], false, "neck").message,
            ["Pain eased: 3 → 2."]
        );
        assert!(check(4, 3, &[], false, "neck").message[0].starts_with("A little lower: 4 → 3."));
    }

    /// The after-check's rules as a table: (case, before, after, symptoms, hurt, area,
    /// follow-up, words the message must hold).
    #[test]
    fn after_check_table() {
        type Case = (
            &'static str,
            u8,
            u8,
            &'static [&'static str],
            bool,
            &'static str,
            FollowUp,
            &'static str,
        );
        let cases: &[Case] = &[
            (
                "relief",
                6,
                3,
                &[],
                false,
                "neck",
                FollowUp::None,
                "Pain eased: 6 → 3.",
            ),
            (
                "a little better",
                6,
                5,
                &[],
                false,
                "neck",
                FollowUp::None,
                "A little lower",
            ),
            (
                "no pain at all",
                0,
                0,
                &[],
                false,
                "neck",
                FollowUp::None,
                "No pain before or after",
            ),
            (
                "one point to none",
                1,
                0,
                &[],
                false,
                "neck",
                FollowUp::None,
                "No pain now (1 → 0)",
            ),
            (
                "same",
                4,
                4,
                &[],
                false,
                "neck",
                FollowUp::None,
                "No change",
            ),
            (
                "worse",
                3,
                5,
                &[],
                false,
                "neck",
                FollowUp::SeeDoctor,
                "went up (3 → 5)",
            ),
            (
                "worse to severe",
                3,
                8,
                &[],
                false,
                "neck",
                FollowUp::Today,
                "went up (3 → 8)",
            ),
            (
                "severe after",
                3,
                10,
                &[],
                false,
                "back",
                FollowUp::Today,
                "get medical advice today",
            ),
            (
                "hurt, not worse",
                4,
                4,
                &[],
                true,
                "neck",
                FollowUp::SeeDoctor,
                "Pain now 4 of 10.",
            ),
            (
                "hurt and worse",
                4,
                6,
                &[],
                true,
                "neck",
                FollowUp::SeeDoctor,
                "went up (4 → 6)",
            ),
            (
                "tingling",
                4,
                2,
                &["tingling"],
                false,
                "neck",
                FollowUp::SeeDoctor,
                "follow up with your doctor",
            ),
            (
                "unconfirmed yes",
                4,
                2,
                &["unsure"],
                false,
                "neck",
                FollowUp::SeeDoctor,
                "New symptoms",
            ),
            (
                "weak arm after neck",
                4,
                2,
                &["face-arm-leg"],
                false,
                "neck",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "slurred speech after head",
                4,
                2,
                &["speech"],
                false,
                "head",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "stroke sign after shoulders",
                4,
                2,
                &["face-arm-leg"],
                false,
                "shoulders",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "stroke sign after the lower back",
                4,
                2,
                &["sight-or-balance"],
                false,
                "lower-back",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "stroke sign after hips",
                4,
                2,
                &["speech"],
                false,
                "hips",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "chest pain after the upper back",
                4,
                2,
                &["chest-or-breath"],
                false,
                "upper-back",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "dizziness alone is not a stroke sign",
                4,
                2,
                &["dizzy"],
                false,
                "neck",
                FollowUp::SeeDoctor,
                "follow up with your doctor",
            ),
            (
                "an earlier version's stored id",
                4,
                2,
                &["numb-or-weak"],
                false,
                "hips",
                FollowUp::Emergency,
                "emergency number",
            ),
        ];
        for (name, before, after, symptoms, hurt, area, follow_up, words) in cases {
            let result = check(*before, *after, symptoms, *hurt, area);
            assert_eq!(result.follow_up, *follow_up, "{name}: {result:?}");
            assert!(
                result.message.iter().any(|line| line.contains(words)),
                "{name}: {:?}",
                result.message
            );
            if result.follow_up > FollowUp::None {
                assert!(
                    !result.message.iter().any(|l| l.contains("Pain eased")),
                    "{name}: praise with a follow-up: {:?}",
                    result.message
                );
            }
        }
    }

    /// However a session went, what to do about it is said once: one line at most
    /// sends the person to a doctor or to care (the lines before it are facts).
    #[test]
    fn each_piece_of_advice_is_said_once() {
        let symptom_sets: [&[&str]; 4] = [&[], &["tingling"], &["numb-or-weak"], &["unsure"]];
        for before in 0..=6 {
            for after in 0..=10 {
                for symptoms in symptom_sets {
                    for hurt in [false, true] {
                        for area in ["neck", "hips"] {
                            let result = check(before, after, symptoms, hurt, area);
                            let advice = result
                                .message
                                .iter()
                                .filter(|line| {
                                    ["doctor", "medical", "emergency"]
                                        .iter()
                                        .any(|word| line.contains(word))
                                })
                                .count();
                            assert!(
                                advice <= 1,
                                "{before} → {after}, {symptoms:?}, hurt {hurt}: {:?}",
                                result.message
                            );
                            assert!(!result.message.is_empty());
                        }
                    }
                }
            }
        }
    }
}
