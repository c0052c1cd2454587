//! After a session: what the change in pain and any new symptoms mean
//! (docs/health-sources.md#pain-ratings-and-outcomes).
//!
//! Pain that went up is always said in those words; pain of 7-10 afterwards, or new
//! numbness or weakness, means a doctor today; after a head or neck session, new numbness,
//! weakness, dizziness or a change in vision or speech means the emergency number (stroke
//! signs, docs/health-sources.md#red-flags-by-area).

use super::pain::{PainBand, PainScore};

pub const PAIN_AFTER_QUESTION: &str = "How is the pain now, from 0 (none) to 10?";
/// Shown above the list of new symptoms.
pub const NEW_SYMPTOMS_HEADING: &str =
    "Since you started, have you noticed any of these new symptoms?";
pub const NEW_SYMPTOMS_QUESTION: &str = "Do you have any of these new symptoms now?";

/// Said at once when the user presses "this hurts" mid-session.
pub const RISING_PAIN_ADVICE: &str = "Stopped. Pain that rises, or a sharp or shooting pain, means this routine is not right \
for you today. Rest, and if the pain stays or gets worse, talk to your doctor.";

/// A new symptom the after-check asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSymptom {
    /// Stable, as stored.
    pub id: &'static str,
    pub question: &'static str,
    /// A sign of a problem with the nerves or blood supply to the brain: after work on the
    /// head or neck, a reason to call the emergency number.
    pub neurological: bool,
}

/// Every new symptom the after-check asks about, in the order asked.
pub const NEW_SYMPTOMS: [NewSymptom; 4] = [
    NewSymptom {
        id: "numb-or-weak",
        question: "New numbness or weakness in your face, an arm or a leg?",
        neurological: true,
    },
    NewSymptom {
        id: "dizzy-vision-speech",
        question: "Dizziness, or a change in your vision or speech?",
        neurological: true,
    },
    NewSymptom {
        id: "tingling",
        question: "Tingling or pins and needles?",
        neurological: false,
    },
    NewSymptom {
        id: "swelling-or-new-pain",
        question: "Swelling, or a sharper or different pain?",
        neurological: false,
    },
];

/// The areas whose sessions make a neurological symptom an emergency.
const HEAD_AND_NECK: [&str; 2] = ["head", "neck"];

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
    /// A drop of 2 points or 30%: the change people notice (Farrar 2001; IMMPACT).
    RealRelief,
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

/// A drop of at least 2 points, or of at least 30%: the one rule of
/// docs/health-sources.md#pain-ratings-and-outcomes, so 3 → 2 and 2 → 1 alike.
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
        Change::RealRelief
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
/// stopped with "this hurts". `areas`: the session's pain areas.
pub fn after_check(
    before: Option<PainScore>,
    after: PainScore,
    symptoms: &[String],
    hurt: bool,
    areas: &[String],
) -> AfterAdvice {
    let change = before.map(|before| change(before, after));
    let head_or_neck = areas.iter().any(|a| HEAD_AND_NECK.contains(&a.as_str()));
    let neurological = NEW_SYMPTOMS
        .iter()
        .any(|s| s.neurological && symptoms.iter().any(|id| id == s.id));
    let mut follow_up = FollowUp::None;
    let mut message = Vec::new();
    if neurological && head_or_neck {
        follow_up = FollowUp::Emergency;
        message.push("New numbness, weakness, dizziness or changes in vision or speech after working on the head or neck need care now: call your local emergency number.".to_string());
    } else if neurological {
        follow_up = FollowUp::Today;
        message.push("New numbness, weakness, dizziness or changes in vision or speech: please see a doctor today.".to_string());
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
        (Some(before), Some(Change::RealRelief)) => {
            message.push(format!("Real relief: {before} → {after}. Well done."))
        }
        (Some(before), Some(Change::SlightlyBetter)) => message.push(format!(
            "A little better: {before} → {after}. A short session most days tends to help more than one long one."
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
        let symptoms: Vec<String> = symptoms.iter().map(|s| s.to_string()).collect();
        after_check(
            Some(p(before)),
            p(after),
            &symptoms,
            hurt,
            &[area.to_string()],
        )
    }

    #[test]
    fn meaningful_drop_is_two_points_or_thirty_percent() {
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
                "Real relief",
            ),
            (
                "a little better",
                6,
                5,
                &[],
                false,
                "neck",
                FollowUp::None,
                "A little better",
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
                "numb after neck",
                4,
                2,
                &["numb-or-weak"],
                false,
                "neck",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "dizzy after head",
                4,
                2,
                &["dizzy-vision-speech"],
                false,
                "head",
                FollowUp::Emergency,
                "emergency number",
            ),
            (
                "numb after hips",
                4,
                2,
                &["numb-or-weak"],
                false,
                "hips",
                FollowUp::Today,
                "doctor today",
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
                    !result
                        .message
                        .iter()
                        .any(|l| l.contains("Well done") || l.contains("Real relief")),
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
