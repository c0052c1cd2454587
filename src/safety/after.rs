//! After a session: what the change in pain and any new symptoms mean (content.md §4).

use super::pain::PainScore;

pub const PAIN_AFTER_QUESTION: &str = "How is the pain now, from 0 (none) to 10?";
pub const NEW_SYMPTOMS_QUESTION: &str =
    "Any new symptoms: numbness, tingling, swelling, dizziness, or a sharper or different pain?";

/// Said at once when the user presses "this hurts" mid-session.
pub const RISING_PAIN_ADVICE: &str = "Stopped. Pain that rises, or a sharp or shooting pain, means this routine is not right \
for you today. Rest, and if the pain stays or gets worse, talk to your doctor.";

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

/// A drop of at least 2 points or 30% of the starting pain.
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

/// The after-check's result: the change, and whether to follow up with a doctor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AfterCheck {
    pub change: Change,
    pub new_symptoms: bool,
    pub see_doctor: bool,
    pub message: String,
}

/// `hurt`: the user stopped the session with "this hurts". Whatever the numbers say then,
/// there is no praise, and the advice is to follow up if it does not settle.
pub fn after_check(
    before: PainScore,
    after: PainScore,
    new_symptoms: bool,
    hurt: bool,
) -> AfterCheck {
    let change = change(before, after);
    let see_doctor = change == Change::Worse || new_symptoms || hurt;
    let message = match (change, new_symptoms) {
        (_, true) => "New symptoms after massage are a sign to stop this routine. Please follow up with your doctor.".to_string(),
        (_, false) if hurt => format!(
            "Pain now {after} of 10. Rest this area today, and if the pain stays or comes back, follow up with your doctor."
        ),
        (Change::Worse, false) => format!(
            "Your pain went up ({before} → {after}). Stop this routine and follow up with your doctor."
        ),
        (Change::RealRelief, false) => format!("Real relief: {before} → {after}. Well done."),
        (Change::SlightlyBetter, false) => {
            format!("A little better: {before} → {after}. A short session most days tends to help more than one long one.")
        }
        (Change::Same, false) => format!(
            "No change ({after} of 10). If a few sessions do not help, see your doctor to find the cause."
        ),
    };
    AfterCheck {
        change,
        new_symptoms,
        see_doctor,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(value: u8) -> PainScore {
        PainScore::new(value).expect("0-10")
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
    }

    #[test]
    fn worse_pain_or_new_symptoms_mean_see_a_doctor() {
        assert!(after_check(p(3), p(5), false, false).see_doctor);
        assert!(after_check(p(5), p(1), true, false).see_doctor);
        let relief = after_check(p(6), p(3), false, false);
        assert!(!relief.see_doctor);
        assert_eq!(relief.change, Change::RealRelief);
        assert!(relief.message.contains("Real relief"));
        assert_eq!(after_check(p(4), p(4), false, false).change, Change::Same);
        assert_eq!(
            after_check(p(6), p(5), false, false).change,
            Change::SlightlyBetter
        );
    }
}
