//! Text every command prints: how wide it is ([`width`], the one rule), sentences on the
//! standard streams ([`prose`]), emphasis ([`style`]), the verdict ([`verdict`]) and the
//! pain chart ([`chart`]).

pub mod chart;
pub mod prose;
pub mod reading;
pub mod style;
pub mod verdict;
pub mod width;
