//! Answering the questionnaire through pipes by *what it asks*, as a person would, instead
//! of by a fixed list of lines: the safety questions are data that grows (every area file
//! can gain warning signs), so a test that counted lines would break on every new question.
//!
//! [`Test::converse`] runs the binary with stdin and stdout piped and answers each prompt
//! (a line ending in `[y/n] ` or `0-10 `, flushed and waiting) when it appears. A
//! [`Person`] says what applies to them; its [`Person::answer`] turns that into answers:
//!
//! - a group's "Do any of these apply to you now?" (or its "You said yes, but ..." again):
//!   "y" when an item of the list shown just before it applies, else "n";
//! - an item of a group, asked after a "y": "y" when it applies;
//! - the pain rating, "lasted more than 2 weeks?", "do you know what is causing it?";
//! - a doctor's clearance ("About REASON: has a doctor ... told you ...?"): as the person
//!   says for that reason, else "n" (a clearance is never given by default);
//! - after the session: the pain then, and "n" or "y" to the yes/no questions after it.

use std::io::{Read as _, Write as _};
use std::process::Stdio;
use std::thread;

use super::sandbox::Running;
use super::test::{Output, Test};

/// The question under a list (the after-check's too).
pub const GROUP_QUESTION: &str = "Is your answer yes to any of these?";
/// A sign or list asked again, after a "yes" no item confirmed.
pub const GROUP_AGAIN: &str = "You said yes, but no to each one.";
/// Said once before a list's or sign's items, after a "yes".
pub const ITEM_INTRO: &str = "One at a time:";
pub const PAIN_QUESTION: &str = "How bad is the pain now";
pub const ONGOING_QUESTION: &str = "Has this pain lasted over 2 weeks, or does it keep returning?";
pub const CAUSE_QUESTION: &str = "Do you know its cause";
pub const AGE_QUESTION: &str = "How old are you?";
/// The heading of the after-check's list of new symptoms.
pub const NEW_SYMPTOMS_HEADING: &str = "During or since the massage";
pub const PAIN_AFTER_QUESTION: &str = "After the massage, how bad is the pain";
/// The start of every clearance prompt: "About REASON: has a doctor ...".
pub const CLEARANCE_START: &str = "About ";
pub const CLEARANCE_QUESTION: &str = "told you that self-massage is fine for you with this?";

/// The answer hints that end a prompt.
const MARKERS: [&[u8]; 3] = [b"[y/n] ", b"0-10 ", b"years "];

/// One prompt as the program showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// The question, without its hint.
    pub question: String,
    /// The list items ("  - ...") printed since the previous prompt, without the dash.
    pub list: Vec<String>,
    /// A 0-10 rating (otherwise yes/no).
    pub pain: bool,
    /// Every line printed since the previous prompt, before the question.
    pub before: Vec<String>,
}

impl Prompt {
    /// A list's question (first asked or again).
    pub fn is_group(&self) -> bool {
        !self.list.is_empty()
            && (self.question.starts_with(GROUP_QUESTION) || self.question.starts_with(GROUP_AGAIN))
    }

    /// The after-check's list of new symptoms.
    pub fn is_after_check(&self) -> bool {
        self.before
            .iter()
            .any(|l| l.starts_with(NEW_SYMPTOMS_HEADING))
    }

    pub fn is_clearance(&self) -> bool {
        self.question.starts_with(CLEARANCE_START) && self.question.ends_with(CLEARANCE_QUESTION)
    }
}

/// A prompt and the answer given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub prompt: Prompt,
    pub answer: String,
}

/// Someone answering the questionnaire: what applies to them.
#[derive(Debug, Clone)]
pub struct Person {
    /// Fragments of the safety questions that apply ("pregnant", a whole question...).
    applies: Vec<String>,
    pain: u8,
    ongoing: bool,
    cause_known: bool,
    /// (a fragment of the reason named, whether a doctor cleared it).
    cleared: Vec<(String, bool)>,
    pain_after: u8,
    new_symptoms: bool,
}

impl Default for Person {
    fn default() -> Self {
        Person::fine()
    }
}

impl Person {
    /// Nothing applies, pain 3, not ongoing, the cause known; afterwards pain 2 and no new
    /// symptoms: "Go ahead."
    pub fn fine() -> Person {
        Person {
            applies: Vec::new(),
            pain: 3,
            ongoing: false,
            cause_known: true,
            cleared: Vec::new(),
            pain_after: 2,
            new_symptoms: false,
        }
    }

    /// The safety question containing `fragment` applies.
    pub fn has(mut self, fragment: &str) -> Person {
        self.applies.push(fragment.to_string());
        self
    }

    pub fn pain(mut self, pain: u8) -> Person {
        self.pain = pain;
        self
    }

    pub fn ongoing(mut self, ongoing: bool) -> Person {
        self.ongoing = ongoing;
        self
    }

    pub fn cause_known(mut self, known: bool) -> Person {
        self.cause_known = known;
        self
    }

    /// Answers the clearance question naming a reason that contains `fragment` (a later
    /// call for the same reason overrides an earlier one).
    pub fn cleared(mut self, fragment: &str, cleared: bool) -> Person {
        self.cleared.push((fragment.to_string(), cleared));
        self
    }

    fn applies(&self, question: &str) -> bool {
        self.applies.iter().any(|f| question.contains(f.as_str()))
    }

    /// The answer this person types at `prompt`.
    pub fn answer(&self, prompt: &Prompt) -> String {
        let yes_no = |yes: bool| if yes { "y" } else { "n" }.to_string();
        let q = prompt.question.as_str();
        if prompt.is_after_check() {
            yes_no(self.new_symptoms)
        } else if prompt.is_group() {
            yes_no(prompt.list.iter().any(|item| self.applies(item)))
        } else if q == AGE_QUESTION {
            "40".to_string()
        } else if q.starts_with(PAIN_QUESTION) {
            self.pain.to_string()
        } else if q.starts_with(PAIN_AFTER_QUESTION) {
            self.pain_after.to_string()
        } else if q == ONGOING_QUESTION {
            yes_no(self.ongoing)
        } else if q.starts_with(CAUSE_QUESTION) {
            yes_no(self.cause_known)
        } else if prompt.is_clearance() {
            let reason = &q[CLEARANCE_START.len()..];
            // The last word on a reason counts.
            yes_no(
                self.cleared
                    .iter()
                    .rev()
                    .find(|(fragment, _)| reason.contains(fragment.as_str()))
                    .is_some_and(|(_, cleared)| *cleared),
            )
        } else if prompt.pain {
            panic!("an unexpected 0-10 prompt: {prompt:?}")
        } else if self.applies(q) {
            "y".to_string()
        } else {
            // A safety item not named, or another yes/no after the session.
            "n".to_string()
        }
    }
}

impl Test {
    /// Runs the binary answering each prompt as it appears with `answer`. Every prompt and
    /// answer is kept in [`Output::asked`], in order.
    pub fn converse(self, mut answer: impl FnMut(&Prompt) -> String) -> Output {
        let mut command = self.command();
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = Running::spawn(&mut command).expect("start selfmassage");
        let mut stdin = child.take_stdin();
        let mut stdout = child.take_stdout();
        let mut stderr = child.take_stderr();
        let stderr_reader = thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut seen: Vec<u8> = Vec::new();
        // Where the text after the last prompt starts.
        let mut since = 0;
        let mut asked = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = match stdout.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            seen.extend_from_slice(&chunk[..n]);
            // The program flushes a prompt and waits for its answer: a prompt is whatever
            // ends the output when it ends in a hint.
            let Some(marker) = MARKERS.iter().find(|m| seen.ends_with(m)) else {
                continue;
            };
            let text = String::from_utf8_lossy(&seen[since..seen.len() - marker.len()]);
            let mut lines: Vec<&str> = text.lines().collect();
            let question = lines.pop().unwrap_or_default().trim().to_string();
            let list = lines
                .iter()
                .filter_map(|l| l.strip_prefix("  - "))
                .map(str::to_string)
                .collect();
            let before = lines.iter().map(|l| l.to_string()).collect();
            let prompt = Prompt {
                question,
                list,
                pain: *marker == b"0-10 ",
                before,
            };
            let typed = answer(&prompt);
            // The program may have ended on its own; what it printed tells.
            let _ = writeln!(stdin, "{typed}");
            let _ = stdin.flush();
            asked.push(Asked {
                prompt,
                answer: typed,
            });
            since = seen.len();
            assert!(asked.len() < 500, "the questionnaire does not end");
        }
        drop(stdin);
        let status = child.wait();
        let mut out = Output::new(
            self,
            status.code(),
            String::from_utf8(seen).expect("stdout is UTF-8"),
            stderr_reader.join().expect("stderr"),
        );
        out.asked = asked;
        out
    }

    /// [`Test::converse`] with `person`'s answers.
    pub fn answered_by(self, person: &Person) -> Output {
        self.converse(|prompt| person.answer(prompt))
    }
}

impl Output {
    /// The prompts asked, in order (only known for [`Test::converse`] runs).
    pub fn questions(&self) -> Vec<&str> {
        self.asked
            .iter()
            .map(|a| a.prompt.question.as_str())
            .collect()
    }

    /// How many prompts a run through plain pipes showed: every `[y/n]`, `0-10` and
    /// `years` hint.
    pub fn prompt_count(&self) -> usize {
        self.stdout.matches("[y/n] ").count()
            + self.stdout.matches(" 0-10 ").count()
            + self.stdout.matches("? years ").count()
    }
}

/// Every prompt a person of 40 with nothing to report meets before a routine of `areas`
/// (no routine questions of its own): see [`nothing_to_report_prompts_for`].
pub fn nothing_to_report_prompts(areas: &[&str], pain: u8) -> Vec<(String, &'static str, String)> {
    use selfmassage::routine::Origin;
    use selfmassage::routine::schema::parse_routine;
    let names: Vec<String> = areas.iter().map(|a| format!("\"{a}\"")).collect();
    let text = format!(
        "title = \"T\"\nareas = [{}]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"A\"\ntext = \"Do it.\"\nseconds = 1\npressure = \"light\"\n",
        names.join(", ")
    );
    let routine = (!areas.is_empty()).then(|| {
        parse_routine("t.toml", "t", &text, Origin::BuiltIn)
            .unwrap_or_else(|problems| panic!("{problems:?}"))
    });
    let routines: Vec<&selfmassage::routine::Routine> = routine.iter().collect();
    nothing_to_report_prompts_for(&routines, pain)
}

/// Every prompt a person of 40 with nothing to report meets before `routines`: a short
/// text that marks it (a list's heading, the start of any other question: short enough
/// for one row of a 40-column window), its answer hint, and the answer: optional steps
/// left out, the age, "n" to each sign and list, `pain`, not ongoing, the cause known.
/// Computed from the library, so it follows the questions as they grow.
pub fn nothing_to_report_prompts_for(
    routines: &[&selfmassage::routine::Routine],
    pain: u8,
) -> Vec<(String, &'static str, String)> {
    use selfmassage::safety::{Answer, AnswerKind, Answers, Next, PainScore, PromptId, SafetyData};
    let data = SafetyData::builtin().unwrap_or_else(|problem| panic!("{problem}"));
    let questionnaire = data.questionnaire(routines, Vec::new(), None);
    let mut answers = Answers::default();
    let mut prompts = Vec::new();
    while let Next::Ask(prompt) = questionnaire.next(&answers) {
        let (answer, typed) = match prompt.id {
            PromptId::Age => (Answer::Age(40), "40".to_string()),
            PromptId::PainNow => (
                Answer::Pain(PainScore::new(pain).expect("0-10")),
                pain.to_string(),
            ),
            PromptId::CauseKnown => (Answer::Yes, "y".to_string()),
            _ => (Answer::No, "n".to_string()),
        };
        let marker = match prompt.preamble.first() {
            Some(heading) => heading.clone(),
            None => prompt.text.chars().take(15).collect(),
        };
        let hint = match prompt.kind {
            AnswerKind::YesNo => "[y/n]",
            AnswerKind::Pain => "0-10",
            AnswerKind::Age => "years",
        };
        prompts.push((marker, hint, typed));
        answers.set(prompt.id, answer);
    }
    prompts
}

/// The answers of [`nothing_to_report_prompts`], one a line, as a script types them.
pub fn nothing_to_report(areas: &[&str], pain: u8) -> String {
    nothing_to_report_prompts(areas, pain)
        .into_iter()
        .map(|(_, _, answer)| format!("{answer}\n"))
        .collect()
}
