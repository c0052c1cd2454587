//! The verdict in a few plain words: the headline, the reasons, what to do.

use super::style::Palette;
use crate::safety::{Verdict, VerdictKind};

pub fn render(verdict: &Verdict, style: Palette) -> String {
    let headline = verdict.headline();
    let headline = match verdict.kind {
        VerdictKind::GoAhead => style.good(headline),
        VerdictKind::GoAheadGently => style.warn(headline),
        _ => style.danger(headline),
    };
    let mut text = format!("{headline}.\n");
    for reason in &verdict.reasons {
        text.push_str(&format!("  - {}\n", reason.text));
    }
    text.push_str(verdict.advice());
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safety::Reason;

    #[test]
    fn a_stop_reads_headline_reasons_advice() {
        let verdict = Verdict::from_reasons(vec![Reason::new(
            "pregnancy",
            VerdictKind::DoctorFirst,
            "pregnancy",
        )]);
        let text = render(&verdict, Palette::new(false));
        assert_eq!(
            text,
            "Talk to your doctor first.\n  - pregnancy\nPlease do not massage this area until a doctor has seen you about it."
        );
    }
}
