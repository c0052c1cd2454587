//! Text every command prints: how wide it is ([`width`], the one rule), sentences on the
//! standard streams ([`prose`]), emphasis ([`style`]), the verdict ([`verdict`]), the
//! pain chart ([`chart`]), the layout of a safety question ([`question`]) and how much a
//! person reads before the verdict ([`reading`]).

pub mod chart;
pub mod prose;
pub mod question;
pub mod reading;
pub mod style;
pub mod verdict;
pub mod width;
