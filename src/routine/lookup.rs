//! Finds routines by the words people type: id, then area, then alias or condition.

use super::catalog::{BrokenFile, Catalog};
use super::model::Routine;
use super::schema::normalize_name;

/// What a name found.
#[derive(Debug)]
pub enum Found<'a> {
    One(&'a Routine),
    /// The name fits several routines (`back`): the user must choose.
    Several(Vec<&'a Routine>),
    /// The name is a user file that failed to load.
    Broken(&'a BrokenFile),
    /// Nothing fits; the closest names, best first.
    Unknown {
        suggestions: Vec<String>,
    },
}

impl Catalog {
    /// Resolves one name in the order of docs/cli.md#names: routine id, area, alias.
    pub fn find(&self, name: &str) -> Found<'_> {
        let name = normalize_name(name);
        if let Some(routine) = self.routines().iter().find(|r| r.id == name) {
            return Found::One(routine);
        }
        if let Some(broken) = self.broken().iter().find(|b| b.stem == name) {
            return Found::Broken(broken);
        }
        let by_area = self.in_area(&name);
        if !by_area.is_empty() {
            return one_or_several(by_area);
        }
        let by_alias: Vec<&Routine> = self
            .routines()
            .iter()
            .filter(|r| r.aliases.iter().any(|a| normalize_name(a) == name))
            .collect();
        if !by_alias.is_empty() {
            return one_or_several(by_alias);
        }
        Found::Unknown {
            suggestions: self.suggestions(&name),
        }
    }

    /// Routines listed under an area, in id order.
    pub fn in_area(&self, area: &str) -> Vec<&Routine> {
        let area = normalize_name(area);
        self.routines()
            .iter()
            .filter(|r| r.areas.contains(&area))
            .collect()
    }

    /// Every area some routine is listed under, sorted.
    pub fn areas(&self) -> Vec<&str> {
        let mut areas: Vec<&str> = self
            .routines()
            .iter()
            .flat_map(|r| r.areas.iter().map(|a| &**a))
            .collect();
        areas.sort_unstable();
        areas.dedup();
        areas
    }

    /// Up to three known names close to `name`, best first.
    pub fn suggestions(&self, name: &str) -> Vec<String> {
        let mut known: Vec<String> = self
            .routines()
            .iter()
            .flat_map(|r| {
                std::iter::once(&*r.id)
                    .chain(r.areas.iter().map(|a| &**a))
                    .map(str::to_string)
                    .chain(r.aliases.iter().map(|a| normalize_name(a)))
            })
            .collect();
        known.sort_unstable();
        known.dedup();
        let mut scored: Vec<(f64, String)> = known
            .into_iter()
            .map(|candidate| (strsim::jaro_winkler(name, &candidate), candidate))
            .filter(|(score, candidate)| {
                *score >= 0.8 || strsim::damerau_levenshtein(name, candidate) <= 2
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        scored.into_iter().take(3).map(|(_, name)| name).collect()
    }
}

fn one_or_several(routines: Vec<&Routine>) -> Found<'_> {
    match routines.as_slice() {
        [only] => Found::One(only),
        _ => Found::Several(routines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found_id(catalog: &Catalog, name: &str) -> String {
        match catalog.find(name) {
            Found::One(routine) => routine.id.to_string(),
            other => panic!("{name}: expected one routine, got {other:?}"),
        }
    }

    #[test]
    fn finds_by_id_area_and_alias() {
        let catalog = Catalog::builtin();
        assert_eq!(found_id(&catalog, "neck"), "neck");
        assert_eq!(found_id(&catalog, "Lower Back"), "lower-back");
        assert_eq!(found_id(&catalog, "headache"), "head");
        assert_eq!(found_id(&catalog, "constipation"), "abdomen");
        assert_eq!(found_id(&catalog, "knot"), "neck");
    }

    #[test]
    fn back_is_ambiguous() {
        let catalog = Catalog::builtin();
        match catalog.find("back") {
            Found::Several(routines) => assert!(routines.len() >= 2),
            other => panic!("expected several, got {other:?}"),
        }
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let catalog = Catalog::builtin();
        match catalog.find("nekc") {
            Found::Unknown { suggestions } => {
                assert_eq!(suggestions.first().map(String::as_str), Some("neck"))
            }
            other => panic!("expected unknown, got {other:?}"),
        }
    }
}
