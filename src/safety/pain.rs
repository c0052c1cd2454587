//! The 0-10 pain score and its bands (docs/health-sources.md#pain-ratings-and-outcomes).

use std::fmt;

/// Pain on the numeric rating scale: 0 none, 10 worst imaginable. Checked once on entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct PainScore(u8);

impl PainScore {
    pub const MAX: u8 = 10;

    pub fn new(value: u8) -> Option<PainScore> {
        (value <= Self::MAX).then_some(PainScore(value))
    }

    /// Reads what a person typed: a whole number 0-10, spaces allowed around it.
    pub fn parse(text: &str) -> Option<PainScore> {
        text.trim().parse::<u8>().ok().and_then(PainScore::new)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn band(self) -> PainBand {
        match self.0 {
            0 => PainBand::None,
            1..=3 => PainBand::Mild,
            4..=6 => PainBand::Moderate,
            _ => PainBand::Severe,
        }
    }
}

impl fmt::Display for PainScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PainBand {
    None,
    Mild,
    Moderate,
    Severe,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_zero_to_ten_parses() {
        assert_eq!(PainScore::parse(" 7 ").map(PainScore::get), Some(7));
        assert_eq!(PainScore::parse("11"), None);
        assert_eq!(PainScore::parse("-1"), None);
        assert_eq!(PainScore::parse("seven"), None);
        assert_eq!(PainScore::parse(""), None);
    }

    #[test]
    fn bands_follow_the_scale() {
        let band = |v| PainScore::new(v).map(PainScore::band);
        assert_eq!(band(0), Some(PainBand::None));
        assert_eq!(band(3), Some(PainBand::Mild));
        assert_eq!(band(4), Some(PainBand::Moderate));
        assert_eq!(band(6), Some(PainBand::Moderate));
        assert_eq!(band(7), Some(PainBand::Severe));
    }
}
