//! The safety questions as data: the general ones (`routines/safety/general.toml`), each
//! pain area's warning signs (`routines/safety/areas/AREA.toml`), and a routine's own.
//!
//! Warning signs belong to the pain area, not to a routine: every routine listed under an
//! area, built-in or user, gets that area's questions, and a routine's own questions only
//! add. When the same question (the same id, or the same words) comes from several places,
//! the strictest version wins ([`Level`]'s order), whatever the order of routines or files,
//! so no file a user writes can weaken a built-in question (docs/health-sources.md#red-flags-by-area).

use serde::Deserialize;

use crate::routine::reserved::same_words_key;
use crate::routine::{BuiltinQuestion, Catalog, Problem, RedFlagLevel, Reserved, Routine};
use crate::sanitize::clean;

/// What a "yes" to a question means, from the least to the most strict.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Go ahead gently, keeping away from the spot (a bruise, a rash, a varicose vein).
    AvoidSpot,
    /// Not today: wait until it has passed (alcohol, strong painkillers).
    NotToday,
    /// Talk to your doctor first; a doctor's word that self-massage is fine with this
    /// reason lets the person go ahead gently (blood thinners, pregnancy...).
    DoctorFirstClearable,
    /// Talk to your doctor first; no clearance passes it (a bleeding disorder, a wound or
    /// a skin infection, a lump in the belly...).
    DoctorFirst,
    /// A red flag: see a doctor today.
    Urgent,
    /// A red flag: call the local emergency number now.
    Emergency,
}

impl Level {
    /// Red flags end the questionnaire at once with "get medical care now".
    pub fn is_red_flag(self) -> bool {
        self >= Level::Urgent
    }
}

impl From<RedFlagLevel> for Level {
    fn from(level: RedFlagLevel) -> Level {
        match level {
            RedFlagLevel::Urgent => Level::Urgent,
            RedFlagLevel::Emergency => Level::Emergency,
        }
    }
}

/// One yes/no safety question, from whichever file it came.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SafetyQuestion {
    /// Stable id: the same id from several places is one question.
    pub id: String,
    /// As asked, ending with "?".
    pub question: String,
    pub level: Level,
    /// A short noun phrase for the verdict and the clearance question ("blood-thinning
    /// medicine"); for a routine's own question, the question itself.
    pub reason: String,
    /// Where it came from: "general", "area neck", "routine neck".
    pub from: String,
    /// The list it is shown in ([`ListDef`]'s id).
    pub list: String,
    /// Asked only of people this old or older, or younger than `until_age` (either, when
    /// both are given); `None` for both: asked of everyone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_age: Option<u8>,
}

impl SafetyQuestion {
    /// Whether the question has an age limit at all.
    pub fn has_age_limit(&self) -> bool {
        self.from_age.is_some() || self.until_age.is_some()
    }

    /// Whether it is asked of a person of this age (`None`: not known, so asked).
    pub fn applies_at(&self, age: Option<u8>) -> bool {
        let Some(age) = age else { return true };
        if !self.has_age_limit() {
            return true;
        }
        self.from_age.is_some_and(|from| age >= from)
            || self.until_age.is_some_and(|until| age < until)
    }
}

/// How a list is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ListKind {
    /// Warning signs that need emergency care: one line, one cluster of symptoms, asked
    /// first; a "yes" asks each item and names the sign.
    Sign,
    /// Short statements (at most [`MAX_LIST`] shown at once) under "Is your answer yes to
    /// any of these?".
    List,
}

/// One list the questions are shown in, from the general file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ListDef {
    pub id: String,
    pub kind: ListKind,
    /// The list in a phrase ("stroke signs"), for the drill-down and the verdict.
    pub name: String,
    /// A sign's one-line question.
    #[serde(default)]
    pub line: String,
    /// A list's heading.
    #[serde(default)]
    pub heading: String,
}

/// The list of a question whose list is not known (a set built in code).
static FALLBACK_LIST: std::sync::LazyLock<ListDef> = std::sync::LazyLock::new(|| ListDef {
    id: OWN_LIST.to_string(),
    kind: ListKind::List,
    name: "other questions".to_string(),
    line: String::new(),
    heading: "Other questions:".to_string(),
});

/// The most statements shown in one list: a longer one is asked in parts.
pub const MAX_LIST: usize = 6;

/// The list of a routine's own red flags, and of its own cautions.
pub const OWN_SIGNS_LIST: &str = "own-signs";
pub const OWN_LIST: &str = "own";

/// A pain area's built-in warning signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSafety {
    pub area: String,
    /// What severe pain (7-10) before a session means here: talk to your doctor first,
    /// or, for the belly, urgent care (docs/health-sources.md#abdomen).
    pub severe_pain: Level,
    pub questions: Vec<SafetyQuestion>,
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: String,
    list: String,
    question: String,
    level: Level,
    reason: String,
    from_age: Option<u8>,
    until_age: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GeneralFile {
    #[serde(default)]
    sources: Vec<String>,
    lists: Vec<ListDef>,
    questions: Vec<QuestionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFile {
    area: String,
    #[serde(default = "default_severe_pain")]
    severe_pain: Level,
    #[serde(default)]
    sources: Vec<String>,
    questions: Vec<QuestionFile>,
}

fn default_severe_pain() -> Level {
    Level::DoctorFirst
}

/// `("routines/safety/...", its text)`, embedded at compile time.
macro_rules! safety_file {
    ($path:literal) => {
        (
            concat!("routines/safety/", $path),
            include_str!(concat!("../../routines/safety/", $path)),
        )
    };
}

const GENERAL_FILE: (&str, &str) = safety_file!("general.toml");

/// One file per pain area of the source article. A test checks this lists every file in
/// `routines/safety/areas/`.
const AREA_FILES: [(&str, &str); 8] = [
    safety_file!("areas/abdomen.toml"),
    safety_file!("areas/glutes.toml"),
    safety_file!("areas/head.toml"),
    safety_file!("areas/hips.toml"),
    safety_file!("areas/lower-back.toml"),
    safety_file!("areas/neck.toml"),
    safety_file!("areas/shoulders.toml"),
    safety_file!("areas/upper-back.toml"),
];

fn question(q: QuestionFile, from: &str) -> SafetyQuestion {
    SafetyQuestion {
        id: clean(&q.id),
        question: clean(&q.question),
        level: q.level,
        reason: clean(&q.reason),
        from: from.to_string(),
        list: clean(&q.list),
        from_age: q.from_age,
        until_age: q.until_age,
    }
}

fn parse<T: serde::de::DeserializeOwned>((file, source): (&str, &str)) -> Result<T, Problem> {
    toml::from_str(source).map_err(|e| Problem::from_toml(file, source, &e))
}

/// The built-in safety data, parsed once at start.
#[derive(Debug, Clone)]
pub struct SafetyData {
    /// Every list, in the order asked.
    pub lists: Vec<ListDef>,
    pub general: Vec<SafetyQuestion>,
    pub general_sources: Vec<String>,
    pub areas: Vec<AreaSafety>,
}

impl SafetyData {
    /// Parses the embedded files.
    ///
    /// # Errors
    /// A built-in file that does not parse, as `file:line:col: message` (the test suite
    /// fails on it first).
    pub fn builtin() -> Result<SafetyData, Problem> {
        let general: GeneralFile = parse(GENERAL_FILE)?;
        let mut areas = Vec::new();
        for file in AREA_FILES {
            let area: AreaFile = parse(file)?;
            let from = format!("area {}", area.area);
            areas.push(AreaSafety {
                area: clean(&area.area),
                severe_pain: area.severe_pain,
                questions: area
                    .questions
                    .into_iter()
                    .map(|q| question(q, &from))
                    .collect(),
                sources: area.sources.iter().map(|s| clean(s)).collect(),
            });
        }
        Ok(SafetyData {
            lists: general.lists,
            general: general
                .questions
                .into_iter()
                .map(|q| question(q, "general"))
                .collect(),
            general_sources: general.sources.iter().map(|s| clean(s)).collect(),
            areas,
        })
    }

    /// What no user file may take: every built-in question's id and words, and every word
    /// that finds a built-in routine. Built from the embedded files; the test suite checks
    /// they parse, so the empty fallback is never met in a released binary.
    pub fn reserved() -> Reserved {
        let Ok(data) = SafetyData::builtin() else {
            return Reserved::default();
        };
        let questions = data
            .general
            .iter()
            .chain(data.areas.iter().flat_map(|a| &a.questions))
            .map(|q| BuiltinQuestion {
                id: q.id.clone(),
                question: q.question.clone(),
                from: q.from.clone(),
            })
            .collect();
        Reserved::new(questions, &Catalog::builtin())
    }

    /// The built-in warning signs of one area, if the built-ins know it.
    pub fn area(&self, area: &str) -> Option<&AreaSafety> {
        self.areas.iter().find(|a| a.area == area)
    }

    /// Every area these routines touch, once each: their own, then for each step the
    /// areas it names and the areas of its spot. The warning signs follow the body part
    /// pressed, not the label on the file; the journal records the same list.
    pub fn areas_touched(routines: &[&Routine]) -> Vec<String> {
        let mut areas: Vec<String> = Vec::new();
        let named = routines.iter().flat_map(|r| {
            r.areas
                .iter()
                .map(String::as_str)
                .chain(r.steps.iter().flat_map(|step| {
                    step.areas.iter().map(String::as_str).chain(
                        step.spot
                            .into_iter()
                            .flat_map(|spot| spot.areas.iter().copied()),
                    )
                }))
        });
        for area in named {
            if !areas.iter().any(|known| known == area) {
                areas.push(area.to_string());
            }
        }
        areas
    }

    /// The questionnaire for these routines: the questions of every step they always do,
    /// each routine's optional steps offered first (their questions asked only when
    /// included), the reasons already `known` (the journal), and the person's `age` if
    /// known without asking.
    pub fn questionnaire(
        &self,
        routines: &[&Routine],
        known: Vec<crate::safety::Reason>,
        age: Option<u8>,
    ) -> crate::safety::Questionnaire {
        let base: Vec<Routine> = routines.iter().map(|r| r.with_optional(false)).collect();
        let choices = routines
            .iter()
            .filter_map(|routine| {
                let question = routine.optional_question()?;
                Some(crate::safety::Choice {
                    routine: routine.id.clone(),
                    question,
                    adds: self.questions_for(&[*routine]),
                })
            })
            .collect();
        crate::safety::Questionnaire::new(
            self.questions_for(&base.iter().collect::<Vec<_>>()),
            known,
        )
        .with_choices(choices)
        .with_age(age)
    }

    /// The areas these routines touch that have no built-in warning signs (a user's new
    /// area, like "feet"): the run says so before the questions and asks whether to go on.
    pub fn areas_without_signs(&self, routines: &[&Routine]) -> Vec<String> {
        Self::areas_touched(routines)
            .into_iter()
            .filter(|area| self.area(area).is_none())
            .collect()
    }

    /// Every question these routines call for: the general ones, those of every area they
    /// touch, and their own; merged so each is asked once, at its strictest.
    pub fn questions_for(&self, routines: &[&Routine]) -> QuestionSet {
        let mut set = QuestionSet {
            lists: self.lists.clone(),
            ..QuestionSet::default()
        };
        for question in &self.general {
            set.add(question.clone());
        }
        for area in Self::areas_touched(routines) {
            if let Some(area) = self.area(&area) {
                for question in &area.questions {
                    set.add(question.clone());
                }
                set.severe_pain = set.severe_pain.max(area.severe_pain);
            }
        }
        for routine in routines {
            for question in own_questions(routine) {
                set.add(question);
            }
        }
        set
    }
}

/// How [`SafetyQuestion::from`] begins for a routine's own question.
const ROUTINE_PREFIX: &str = "routine ";

/// A routine's own red flags and cautions as safety questions.
pub fn own_questions(routine: &Routine) -> Vec<SafetyQuestion> {
    let from = format!("{ROUTINE_PREFIX}{}", routine.id);
    let flags = routine.red_flags.iter().map(|flag| SafetyQuestion {
        id: flag.id.clone(),
        question: flag.question.clone(),
        level: flag.level.into(),
        reason: flag.question.clone(),
        from: from.clone(),
        list: OWN_SIGNS_LIST.to_string(),
        from_age: None,
        until_age: None,
    });
    let cautions = routine.cautions.iter().map(|caution| SafetyQuestion {
        id: caution.id.clone(),
        question: caution.question.clone(),
        level: if caution.clearable {
            Level::DoctorFirstClearable
        } else {
            Level::DoctorFirst
        },
        reason: caution.question.clone(),
        from: from.clone(),
        list: OWN_LIST.to_string(),
        from_age: None,
        until_age: None,
    });
    flags.chain(cautions).collect()
}

/// The questions of one run, each once, at its strictest, in the order first met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionSet {
    entries: Vec<Entry>,
    /// The lists the questions are shown in, in the order asked.
    pub lists: Vec<ListDef>,
    /// What severe pain before a session means: the strictest of the areas touched.
    pub severe_pain: Level,
}

/// One question and every id and wording it was met under.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    question: SafetyQuestion,
    ids: Vec<String>,
    words: Vec<String>,
}

impl Entry {
    fn matches(&self, question: &SafetyQuestion) -> bool {
        self.ids.contains(&question.id) || self.words.contains(&same_words_key(&question.question))
    }
}

impl Default for QuestionSet {
    fn default() -> Self {
        QuestionSet {
            entries: Vec::new(),
            lists: Vec::new(),
            severe_pain: Level::DoctorFirst,
        }
    }
}

impl QuestionSet {
    /// Adds a question, or makes the one already there with the same id or words stricter.
    /// Questions it links (the same id as one, the same words as another) become one.
    pub fn add(&mut self, question: SafetyQuestion) {
        // Built-in questions are fixed: a routine's own question that reads like one, or
        // reuses its id, cannot change or join them (loading refuses such a file; this
        // keeps the rule even for a routine built in code).
        if question.from.starts_with(ROUTINE_PREFIX)
            && self
                .entries
                .iter()
                .any(|e| !e.question.from.starts_with(ROUTINE_PREFIX) && e.matches(&question))
        {
            return;
        }
        let mut merged = Entry {
            ids: vec![question.id.clone()],
            words: vec![same_words_key(&question.question)],
            question,
        };
        let mut first = None;
        let mut first_id = None;
        let mut kept = Vec::with_capacity(self.entries.len() + 1);
        for entry in std::mem::take(&mut self.entries) {
            if !entry.matches(&merged.question)
                && !entry.ids.iter().any(|id| merged.ids.contains(id))
            {
                kept.push(entry);
                continue;
            }
            first.get_or_insert(kept.len());
            // The strictest version's words and level, under the id first met.
            let id = first_id
                .get_or_insert_with(|| entry.question.id.clone())
                .clone();
            if entry.question.level >= merged.question.level {
                merged.question = entry.question.clone();
            }
            merged.question.id = id;
            merged.ids.extend(entry.ids);
            merged.words.extend(entry.words);
        }
        match first {
            Some(index) => kept.insert(index, merged),
            None => kept.push(merged),
        }
        self.entries = kept;
    }

    /// Every question, in the order first met.
    pub fn all(&self) -> Vec<&SafetyQuestion> {
        self.entries.iter().map(|e| &e.question).collect()
    }

    /// The question met under this id (its own, or one merged into it).
    pub fn get(&self, id: &str) -> Option<&SafetyQuestion> {
        self.entries
            .iter()
            .find(|e| e.ids.iter().any(|known| known == id))
            .map(|e| &e.question)
    }

    /// Adds every question of another set (strictest wins, as [`QuestionSet::add`]).
    pub fn extend(&mut self, other: &QuestionSet) {
        for question in other.all() {
            self.add(question.clone());
        }
        for list in &other.lists {
            if !self.lists.iter().any(|l| l.id == list.id) {
                self.lists.push(list.clone());
            }
        }
        self.severe_pain = self.severe_pain.max(other.severe_pain);
    }

    /// Whether any question depends on the person's age.
    pub fn needs_age(&self) -> bool {
        self.entries.iter().any(|e| e.question.has_age_limit())
    }

    /// The groups asked, in order: each sign, then each list in parts of at most
    /// [`MAX_LIST`], holding the questions that apply at `age`. A question whose list is
    /// not known (a set built in code) is shown with the routine's own questions.
    pub fn groups(&self, age: Option<u8>) -> Vec<GroupView<'_>> {
        let mut lists: Vec<&ListDef> = self.lists.iter().collect();
        if !lists.iter().any(|l| l.id == OWN_LIST) {
            lists.push(&FALLBACK_LIST);
        }
        let own = lists.iter().position(|l| l.id == OWN_LIST).unwrap_or(0);
        // Each question into its list (one pass), in the order first met.
        let mut items: Vec<Vec<&SafetyQuestion>> = vec![Vec::new(); lists.len()];
        for question in self.entries.iter().map(|e| &e.question) {
            if question.applies_at(age) {
                let at = lists
                    .iter()
                    .position(|l| l.id == question.list)
                    .unwrap_or(own);
                items[at].push(question);
            }
        }
        let mut groups = Vec::new();
        for (list, items) in lists.into_iter().zip(items) {
            if items.is_empty() {
                continue;
            }
            let parts = match list.kind {
                ListKind::Sign => 1,
                ListKind::List => items.len().div_ceil(MAX_LIST),
            };
            let size = items.len().div_ceil(parts);
            for (part, chunk) in items.chunks(size).enumerate() {
                groups.push(GroupView {
                    group: Group {
                        list: list.id.clone(),
                        part,
                    },
                    def: list,
                    items: chunk.to_vec(),
                });
            }
        }
        groups
    }

    /// Every question as `show` prints it: a title per sign ("Asked first: stroke signs",
    /// then the line it is asked as) or list (its heading), with its questions (every
    /// age's), in the order asked.
    pub fn sections(&self) -> Vec<(String, Vec<String>)> {
        let mut sections: Vec<(String, Vec<String>)> = Vec::new();
        for group in self.groups(None) {
            let (title, asked_as) = match group.def.kind {
                ListKind::Sign => (
                    format!("Asked first: {}", group.def.name),
                    Some(format!("Asked as: {}", group.def.line)),
                ),
                ListKind::List => (group.def.heading.trim_end_matches(':').to_string(), None),
            };
            let items = asked_as
                .into_iter()
                .chain(group.items.iter().map(|q| q.question.clone()));
            match sections.last_mut() {
                // The parts of a long list are one section.
                Some((last, list)) if *last == title => list.extend(items),
                _ => sections.push((title, items.collect::<Vec<_>>())),
            }
        }
        sections
    }

    /// The questions of one group, in order (empty for a group not asked).
    pub fn in_group(&self, group: &Group, age: Option<u8>) -> Vec<&SafetyQuestion> {
        self.groups(age)
            .into_iter()
            .find(|g| g.group == *group)
            .map(|g| g.items)
            .unwrap_or_default()
    }
}

/// Questions are asked a group at a time: a sign's one line, or a short list, and one
/// "yes to any of these?" prompt; a "yes" asks each item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Group {
    /// The list's id.
    pub list: String,
    /// Which part of a long list (0 for the first).
    pub part: usize,
}

impl Group {
    /// A stable name, for reason ids: "stroke", "health-2".
    pub fn id(&self) -> String {
        if self.part == 0 {
            self.list.clone()
        } else {
            format!("{}-{}", self.list, self.part + 1)
        }
    }
}

/// One group as asked: its list and the questions in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupView<'a> {
    pub group: Group,
    pub def: &'a ListDef,
    pub items: Vec<&'a SafetyQuestion>,
}

/// Every area file the build embeds, for checks.
pub fn area_files() -> impl Iterator<Item = &'static str> {
    AREA_FILES.iter().map(|(file, _)| *file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Catalog;

    fn q(id: &str, words: &str, level: Level) -> SafetyQuestion {
        SafetyQuestion {
            id: id.to_string(),
            question: words.to_string(),
            level,
            reason: words.to_string(),
            from: "test".to_string(),
            list: "today".to_string(),
            from_age: None,
            until_age: None,
        }
    }

    #[test]
    fn the_built_in_safety_data_parses_with_unique_ids() {
        let data = SafetyData::builtin().unwrap_or_else(|p| panic!("{p}"));
        assert!(data.general.len() >= 8);
        for area in crate::routine::ARTICLE_AREAS {
            let safety = data
                .area(area)
                .unwrap_or_else(|| panic!("no area file for {area}"));
            assert!(!safety.questions.is_empty(), "{area}");
        }
        // An area may ask a general question more strictly (pregnancy, for the belly and
        // with a headache), never less.
        for question in data.areas.iter().flat_map(|a| &a.questions) {
            if let Some(general) = data.general.iter().find(|g| g.id == question.id) {
                assert!(
                    question.level >= general.level,
                    "{} weakens {}",
                    question.from,
                    question.id
                );
            }
        }
    }

    #[test]
    fn every_area_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/safety/areas");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("the areas folder is readable")
            .filter_map(Result::ok)
            .map(|e| format!("routines/safety/areas/{}", e.file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = area_files().map(str::to_string).collect();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn the_strictest_version_wins_whatever_the_order() {
        let versions = [
            q("pregnant", "Are you pregnant?", Level::DoctorFirstClearable),
            q("pregnancy", "Are you pregnant?", Level::DoctorFirst),
            q("pregnant", "Pregnant now?", Level::AvoidSpot),
        ];
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]] {
            let mut set = QuestionSet::default();
            for i in order {
                set.add(versions[i].clone());
            }
            assert_eq!(set.all().len(), 1, "{order:?}");
            assert_eq!(set.all()[0].level, Level::DoctorFirst, "{order:?}");
        }
    }

    #[test]
    fn a_user_routine_cannot_remove_an_areas_warning_signs() {
        let data = SafetyData::builtin().unwrap_or_else(|p| panic!("{p}"));
        let mut neck = Catalog::builtin()
            .routines()
            .iter()
            .find(|r| r.id == "neck")
            .cloned()
            .expect("neck");
        neck.red_flags.clear();
        neck.cautions.clear();
        let set = data.questions_for(&[&neck]);
        for question in &data.area("neck").expect("neck area").questions {
            assert_eq!(set.get(&question.id).map(|q| q.level), Some(question.level));
        }
    }
}

/// Every warning sign the sources give, for its area, at its level, so a later edit
/// cannot drop one or weaken it silently (docs/health-sources.md#red-flags-by-area).
#[cfg(test)]
mod required_warning_signs {
    use super::*;
    use crate::routine::{Catalog, Pressure, Routine};
    use Level::{
        AvoidSpot, DoctorFirst, DoctorFirstClearable as Clearable, Emergency, NotToday, Urgent,
    };

    /// `(area, id, level)`; "general" is the general file; the level says whether a
    /// doctor's word can clear it (`Clearable`) or not (`DoctorFirst`). An area's sign may come from the
    /// general file (chest pain, long-term steroids): what counts is the level it is asked
    /// at for that area, the strictest of the two. Some signs share one statement (and the
    /// id of one of them): vomiting with no clear cause is asked in `head-changed`, weight
    /// loss on the belly in `belly-pee-bleed-yellow`, an arm that cannot be lifted in
    /// `joint-or-arm-changed`, a change of the back's shape or a weaker leg in
    /// `weight-night-pain`.
    const REQUIRED: &[(&str, &str, Level)] = &[
        // General: asked before every routine
        ("general", "chest-pain", Emergency),
        ("general", "heart-signs", Emergency),
        ("general", "lung-clot", Emergency),
        ("general", "clot", Urgent),
        ("general", "stroke-signs", Emergency),
        ("general", "stroke-speech", Emergency),
        ("general", "stroke-sight", Emergency),
        ("general", "stroke-dizziness", Emergency),
        ("general", "head-confusion", Emergency),
        ("general", "head-thunderclap", Emergency),
        ("general", "aortic-aneurysm", Emergency),
        ("general", "meningitis-signs", Emergency),
        ("general", "broken-bone", Urgent),
        ("general", "bleeding-disorder", DoctorFirst),
        ("general", "skin-infection-or-wound", DoctorFirst),
        ("general", "blood-thinners", Clearable),
        ("general", "fragile-bones", Clearable),
        ("general", "pregnancy", Clearable),
        ("general", "recent-surgery-or-clot", Clearable),
        ("general", "cancer", Clearable),
        ("general", "steroids-or-immunity", Clearable),
        ("general", "fever", NotToday),
        ("general", "infection", NotToday),
        ("general", "alcohol", NotToday),
        ("general", "recent-injury", NotToday),
        ("general", "skin", AvoidSpot),
        ("general", "lump", AvoidSpot),
        // Head
        ("head", "head-injury", Emergency),
        ("head", "head-red-eye", Urgent),
        ("head", "head-thunderclap", Emergency),
        ("head", "stroke-signs", Emergency),
        ("head", "meningitis-signs", Emergency),
        ("head", "head-vision-jaw-scalp", Urgent),
        ("head", "head-cough-posture", Urgent),
        ("head", "head-changed", Urgent),
        ("head", "pregnancy", Urgent),
        ("head", "head-new-after-50", Urgent),
        ("head", "head-cancer-immunity", Urgent),
        ("head", "neck-sudden-unusual", Emergency),
        // Neck
        ("neck", "neck-after-accident", Emergency),
        ("neck", "neck-sudden-unusual", Emergency),
        ("neck", "saddle-numbness", Emergency),
        ("neck", "bladder-bowel-control", Emergency),
        ("neck", "both-legs", Emergency),
        ("neck", "arm-numb-weak", Urgent),
        ("neck", "balance-clumsy-hands", Urgent),
        ("neck", "lump", Urgent),
        ("neck", "cancer", Urgent),
        ("neck", "neck-weight-night-lump", Urgent),
        ("neck", "inflammatory-arthritis", Clearable),
        ("neck", "steroids-or-immunity", Clearable),
        ("neck", "morning-stiffness", Clearable),
        ("neck", "dizzy-standing", NotToday),
        // Shoulders
        ("shoulders", "heart-signs", Emergency),
        ("shoulders", "chest-pain", Emergency),
        ("shoulders", "joint-after-fall", Emergency),
        ("shoulders", "shoulder-after-fall", Urgent),
        ("shoulders", "shoulder-sudden", Urgent),
        ("shoulders", "joint-or-arm-changed", Urgent),
        ("shoulders", "arm-numb-weak", Urgent),
        ("shoulders", "cancer-bone-pain", Urgent),
        ("shoulders", "shoulder-belly-pain", Urgent),
        ("shoulders", "morning-stiffness", Clearable),
        // Upper back
        ("upper-back", "upper-back-sudden", Emergency),
        ("upper-back", "joint-after-fall", Emergency),
        ("upper-back", "heart-signs", Emergency),
        ("upper-back", "back-cough-sneeze", Urgent),
        ("upper-back", "arm-numb-weak", Urgent),
        ("upper-back", "joint-or-arm-changed", Urgent),
        ("upper-back", "first-back-pain", Clearable),
        ("upper-back", "serious-fall", Emergency),
        ("upper-back", "saddle-numbness", Emergency),
        ("upper-back", "bladder-bowel-control", Emergency),
        ("upper-back", "both-legs", Emergency),
        ("upper-back", "aortic-aneurysm", Emergency),
        ("upper-back", "chest-pain", Emergency),
        ("upper-back", "fever", Urgent),
        ("upper-back", "cancer", Urgent),
        ("upper-back", "weight-night-pain", Urgent),
        ("upper-back", "lump", Urgent),
        ("upper-back", "belly-pulsing-lump", Urgent),
        ("upper-back", "steroids-or-immunity", Clearable),
        // Lower back
        ("lower-back", "first-back-pain", Clearable),
        ("lower-back", "serious-fall", Emergency),
        ("lower-back", "saddle-numbness", Emergency),
        ("lower-back", "bladder-bowel-control", Emergency),
        ("lower-back", "both-legs", Emergency),
        ("lower-back", "aortic-aneurysm", Emergency),
        ("lower-back", "chest-pain", Emergency),
        ("lower-back", "fever", Urgent),
        ("lower-back", "cancer", Urgent),
        ("lower-back", "weight-night-pain", Urgent),
        ("lower-back", "lump", Urgent),
        ("lower-back", "belly-pulsing-lump", Urgent),
        ("lower-back", "steroids-or-immunity", Clearable),
        // Glutes
        ("glutes", "first-back-pain", Clearable),
        ("glutes", "serious-fall", Emergency),
        ("glutes", "saddle-numbness", Emergency),
        ("glutes", "bladder-bowel-control", Emergency),
        ("glutes", "both-legs", Emergency),
        ("glutes", "aortic-aneurysm", Emergency),
        ("glutes", "chest-pain", Emergency),
        ("glutes", "fever", Urgent),
        ("glutes", "cancer", Urgent),
        ("glutes", "weight-night-pain", Urgent),
        ("glutes", "lump", Urgent),
        ("glutes", "belly-pulsing-lump", Urgent),
        ("glutes", "steroids-or-immunity", Clearable),
        // Hips
        ("hips", "hip-sudden", Urgent),
        ("hips", "hip-hot-swollen", Urgent),
        ("hips", "hip-replacement-injection", Clearable),
        ("hips", "diabetes-new-pain", Clearable),
        ("hips", "serious-fall", Emergency),
        ("hips", "saddle-numbness", Emergency),
        ("hips", "bladder-bowel-control", Emergency),
        ("hips", "both-legs", Emergency),
        ("hips", "aortic-aneurysm", Emergency),
        ("hips", "chest-pain", Emergency),
        ("hips", "fever", Urgent),
        ("hips", "cancer", Urgent),
        ("hips", "weight-night-pain", Urgent),
        ("hips", "lump", Urgent),
        ("hips", "belly-pulsing-lump", Urgent),
        ("hips", "steroids-or-immunity", Clearable),
        // Abdomen
        ("abdomen", "belly-injury", Emergency),
        ("abdomen", "belly-severe", Emergency),
        ("abdomen", "belly-tender", Emergency),
        ("abdomen", "belly-blood", Emergency),
        ("abdomen", "belly-fainting", Emergency),
        ("abdomen", "belly-cannot-pee", Emergency),
        ("abdomen", "belly-blocked", Emergency),
        ("abdomen", "belly-diabetes-vomiting", Emergency),
        ("abdomen", "aortic-aneurysm", Emergency),
        ("abdomen", "chest-pain", Emergency),
        ("abdomen", "lung-clot", Emergency),
        ("abdomen", "belly-pulsing-lump", Urgent),
        ("abdomen", "fever", Urgent),
        ("abdomen", "belly-pee-bleed-yellow", Urgent),
        ("abdomen", "pregnancy", DoctorFirst),
        ("abdomen", "belly-lump", DoctorFirst),
        ("abdomen", "belly-known-aneurysm", Emergency),
        ("abdomen", "belly-surgery-hernia", Clearable),
        ("abdomen", "bowel-disease-habit", Clearable),
        ("abdomen", "opioid-constipation", Clearable),
    ];

    fn data() -> SafetyData {
        SafetyData::builtin().unwrap_or_else(|p| panic!("{p}"))
    }

    /// What each sign's one line was written to cover. A person who answers "no" to the
    /// line never sees its items, so an item the line does not name is never asked: adding
    /// one to a sign list (from any file) must come with new words for the line, here and in
    /// `general.toml`.
    const SIGN_ITEMS: &[(&str, &[&str])] = &[
        ("heart", &["chest-pain", "heart-signs", "lung-clot", "clot"]),
        (
            "stroke",
            &[
                "stroke-signs",
                "stroke-speech",
                "stroke-sight",
                "stroke-dizziness",
                "head-confusion",
            ],
        ),
        (
            "sudden",
            &[
                "head-thunderclap",
                "aortic-aneurysm",
                "neck-sudden-unusual",
                "hip-sudden",
                "shoulder-sudden",
                "upper-back-sudden",
            ],
        ),
        (
            "injury",
            &[
                "broken-bone",
                "head-injury",
                "belly-injury",
                "serious-fall",
                "neck-after-accident",
                "joint-after-fall",
                "shoulder-after-fall",
            ],
        ),
        ("fever", &["meningitis-signs", "fever", "infection"]),
        (
            "nerves",
            &["saddle-numbness", "bladder-bowel-control", "both-legs"],
        ),
        (
            "belly-signs",
            &[
                "belly-severe",
                "belly-tender",
                "belly-fainting",
                "belly-cannot-pee",
                "belly-pulsing-lump",
                "belly-known-aneurysm",
            ],
        ),
        (
            "belly-blocked",
            &["belly-blood", "belly-blocked", "belly-diabetes-vomiting"],
        ),
    ];

    #[test]
    fn every_item_under_a_sign_line_is_one_the_line_was_written_for() {
        let data = data();
        let all: Vec<&SafetyQuestion> = data
            .general
            .iter()
            .chain(data.areas.iter().flat_map(|a| &a.questions))
            .collect();
        for list in data.lists.iter().filter(|l| l.kind == ListKind::Sign) {
            let covered = SIGN_ITEMS
                .iter()
                .find(|(id, _)| *id == list.id)
                .map(|(_, items)| *items)
                .unwrap_or_else(|| panic!("the sign list {} has no entry here", list.id));
            for q in all.iter().filter(|q| q.list == list.id) {
                assert!(
                    covered.contains(&q.id.as_str()),
                    "{} ({}) is under the line {:?}, which was not written for it",
                    q.id,
                    q.from,
                    list.line
                );
            }
        }
    }

    /// The other way round: every sign a general line names has an item of its own that
    /// names it too, so a person with that sign alone can say "yes" to an item. (With double
    /// vision alone, the stroke items once offered only "dizziness with … double vision".)
    /// (list, words in the line, the item, words in the item)
    const LINE_SIGNS: &[(&str, &str, &str, &str)] = &[
        (
            "heart",
            "chest pain or tightness",
            "chest-pain",
            "tight chest",
        ),
        (
            "heart",
            "sudden breathlessness",
            "lung-clot",
            "breathlessness",
        ),
        (
            "heart",
            "coughing up blood",
            "lung-clot",
            "coughing up blood",
        ),
        ("heart", "swollen or red arm or leg", "clot", "arm or leg"),
        ("stroke", "drooping face", "stroke-signs", "face drooped"),
        (
            "stroke",
            "weak or numb arm or leg",
            "stroke-signs",
            "weak or numb",
        ),
        (
            "stroke",
            "slurred or lost speech",
            "stroke-speech",
            "slurred",
        ),
        ("stroke", "double vision", "stroke-sight", "saw double"),
        ("stroke", "sudden confusion", "head-confusion", "confused"),
        ("stroke", "sleepiness", "head-confusion", "sleepy"),
        (
            "stroke",
            "loss of sight",
            "stroke-sight",
            "lost some or all of your sight",
        ),
        ("stroke", "balance", "stroke-dizziness", "lost your balance"),
        ("fever", "a fever", "fever", "a fever"),
        ("fever", "another infection", "infection", "an infection"),
    ];

    #[test]
    fn every_sign_a_general_line_names_has_an_item_that_names_it() {
        let data = data();
        for (list, in_line, id, in_item) in LINE_SIGNS {
            let line = data
                .lists
                .iter()
                .find(|l| l.id == *list)
                .map(|l| l.line.clone())
                .unwrap_or_default();
            assert!(
                line.contains(in_line),
                "{list}: {line:?} no longer names {in_line:?}"
            );
            let item = data
                .general
                .iter()
                .find(|q| q.id == *id && q.list == *list)
                .unwrap_or_else(|| panic!("no general item {id} under {list}"));
            assert!(
                item.question.contains(in_item),
                "{list}: the line names {in_line:?}, but {id} asks {:?}",
                item.question
            );
        }
    }

    /// The level `id` is asked at for `area`: the strictest of the area's and the general
    /// file's, or `None` if neither asks it.
    fn level_for(data: &SafetyData, area: &str, id: &str) -> Option<Level> {
        let general = data.general.iter().filter(|q| q.id == id);
        let own = data
            .area(area)
            .into_iter()
            .flat_map(|a| &a.questions)
            .filter(|q| q.id == id);
        let all: Vec<Level> = if area == "general" {
            general.map(|q| q.level).collect()
        } else {
            general.chain(own).map(|q| q.level).collect()
        };
        all.into_iter().max()
    }

    #[test]
    fn every_required_sign_is_asked_for_its_area_at_its_level() {
        let data = data();
        let problems: Vec<String> = REQUIRED
            .iter()
            .filter_map(|&(area, id, want)| match level_for(&data, area, id) {
                Some(got) if got == want => None,
                Some(got) => Some(format!("{area}: {id} is {got:?}, expected {want:?}")),
                None => Some(format!("{area}: {id} is missing (expected {want:?})")),
            })
            .collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_questionnaire_of_each_areas_routines_asks_its_signs() {
        let data = data();
        let catalog = Catalog::builtin();
        for routine in catalog.routines() {
            let set = data.questions_for(&[routine]);
            for area in SafetyData::areas_touched(&[routine]) {
                for &(_, id, want) in REQUIRED
                    .iter()
                    .filter(|(a, ..)| *a == area || *a == "general")
                {
                    let got = set.get(id).map(|q| q.level);
                    assert!(
                        got >= Some(want),
                        "routine {} ({area}): {id} asked at {got:?}, expected {want:?}",
                        routine.id
                    );
                }
            }
        }
    }

    #[test]
    fn the_head_routine_asks_the_neck_and_shoulder_signs_only_with_those_steps() {
        let head = Catalog::builtin()
            .routines()
            .iter()
            .find(|r| r.id == "head")
            .cloned()
            .expect("head");
        let touched = SafetyData::areas_touched(&[&head]);
        assert!(touched.iter().any(|a| a == "neck"), "{touched:?}");
        assert!(touched.iter().any(|a| a == "shoulders"), "{touched:?}");
        let without = head.with_optional(false);
        assert_eq!(SafetyData::areas_touched(&[&without]), ["head"]);
        let data = data();
        let q = data.questionnaire(&[&head], Vec::new(), None);
        assert_eq!(q.choices().len(), 1);
        assert_eq!(
            q.choices()[0].question,
            "Add the optional steps for the neck and shoulders?"
        );
        assert!(q.questions.get("arm-numb-weak").is_none());
        assert!(q.choices()[0].adds.get("arm-numb-weak").is_some());
        assert!(q.choices()[0].adds.get("shoulder-belly-pain").is_some());
    }

    #[test]
    fn lists_are_asked_as_written_signs_first() {
        let data = data();
        let known = |id: &str| data.lists.iter().any(|l| l.id == id);
        let all = data
            .general
            .iter()
            .chain(data.areas.iter().flat_map(|a| &a.questions));
        for q in all {
            assert!(known(&q.list), "{} ({}): no list {}", q.id, q.from, q.list);
            let sign = data
                .lists
                .iter()
                .any(|l| l.id == q.list && l.kind == ListKind::Sign);
            // Emergency signs are asked first, as one line each.
            if q.level == Level::Emergency {
                assert!(sign, "{} ({}) is an emergency sign in a list", q.id, q.from);
            }
            assert!(
                q.question.ends_with('.'),
                "{} ({}) is a statement",
                q.id,
                q.from
            );
        }
        let first_list = data.lists.iter().position(|l| l.kind == ListKind::List);
        let last_sign = data.lists.iter().rposition(|l| l.kind == ListKind::Sign);
        assert!(last_sign < first_list, "signs are asked before lists");
        for list in &data.lists {
            match list.kind {
                ListKind::Sign => assert!(list.line.ends_with('?'), "{}", list.id),
                ListKind::List => assert!(list.heading.ends_with(':'), "{}", list.id),
            }
        }
    }

    #[test]
    fn age_never_skips_a_sign_with_no_age_limit() {
        let data = data();
        let all: Vec<&SafetyQuestion> = data
            .general
            .iter()
            .chain(data.areas.iter().flat_map(|a| &a.questions))
            .collect();
        for age in [1, 15, 19, 20, 35, 49, 50, 70, 120] {
            for q in all.iter().filter(|q| !q.has_age_limit()) {
                assert!(q.applies_at(Some(age)), "{} at {age}", q.id);
            }
        }
        let first = all
            .iter()
            .find(|q| q.id == "first-back-pain")
            .expect("first");
        assert!(first.applies_at(Some(19)) && first.applies_at(Some(50)));
        assert!(!first.applies_at(Some(35)) && first.applies_at(None));
        let new = all
            .iter()
            .find(|q| q.id == "head-new-after-50")
            .expect("new");
        assert!(new.applies_at(Some(50)) && !new.applies_at(Some(49)));
    }

    #[test]
    fn a_long_list_is_asked_in_parts_of_at_most_six() {
        let data = data();
        let catalog = Catalog::builtin();
        let all: Vec<&Routine> = catalog.routines().iter().collect();
        let set = data.questions_for(&all);
        let groups = set.groups(Some(70));
        assert!(
            groups
                .iter()
                .filter(|g| g.def.kind == ListKind::List)
                .all(|g| g.items.len() <= MAX_LIST)
        );
        let asked: usize = groups.iter().map(|g| g.items.len()).sum();
        assert_eq!(asked, set.all().len(), "every question in one group");
    }

    #[test]
    fn named_details_of_issue_14_stay_in_the_questions() {
        let data = data();
        let words = |id: &str| {
            data.general
                .iter()
                .find(|q| q.id == id)
                .map(|q| q.question.to_lowercase())
                .unwrap_or_else(|| panic!("no general question {id}"))
        };
        let thinners = words("blood-thinners");
        for name in [
            "warfarin",
            "apixaban",
            "rivaroxaban",
            "dabigatran",
            "edoxaban",
            "heparin",
            "clopidogrel",
            "ticagrelor",
            "prasugrel",
            "aspirin",
        ] {
            assert!(
                thinners.contains(name),
                "blood-thinners does not name {name}"
            );
        }
        let clot = words("clot");
        assert!(clot.contains("arm") && clot.contains("leg"), "{clot}");
    }

    #[test]
    fn questions_are_short_and_one_wording_has_one_id() {
        let data = data();
        let all = data
            .general
            .iter()
            .chain(data.areas.iter().flat_map(|a| &a.questions));
        let mut ids_by_words: std::collections::HashMap<String, &str> =
            std::collections::HashMap::new();
        for q in all {
            let chars = q.question.chars().count();
            assert!(chars <= 140, "{} ({}) has {chars} characters", q.id, q.from);
            let id = *ids_by_words
                .entry(same_words_key(&q.question))
                .or_insert(&q.id);
            assert_eq!(id, q.id, "the same words under two ids: {}", q.question);
        }
    }

    #[test]
    fn every_built_in_step_says_how_hard_to_press() {
        // A medium step has no gentle version, so a "go ahead gently" verdict or blood
        // thinners could not soften it: built-in steps are light, or firm with a gentle text.
        for routine in Catalog::builtin().routines() {
            for step in &routine.steps {
                assert!(
                    step.pressure == Pressure::Light
                        || (step.pressure == Pressure::Firm && step.gentle.is_some()),
                    "{}: step {:?} is {:?}",
                    routine.id,
                    step.title,
                    step.pressure
                );
            }
        }
    }
}
