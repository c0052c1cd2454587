//! What a person with nothing to report reads before the verdict, for every built-in
//! routine and every pair: words, prompts, and the tallest prompt in rows at 80 columns
//! (the limits are in `selfmassage::ui::text::reading`). Run by `scripts/screen-budget.sh`.

use selfmassage::routine::Catalog;
use selfmassage::safety::SafetyData;
use selfmassage::ui::text::reading::{
    COLUMNS, MAX_PROMPTS, MAX_ROWS, MAX_WORDS, MAX_WORDS_PAIR, Reading, screens, worst,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = SafetyData::builtin().map_err(|p| p.to_string())?;
    let catalog = Catalog::builtin();
    let routines = catalog.routines();
    // `--show ROUTINE`: print what that person reads, prompt by prompt.
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, name] = args.as_slice()
        && flag == "--show"
    {
        let routine = routines
            .iter()
            .find(|r| r.id == *name)
            .ok_or_else(|| format!("no built-in routine {name}"))?;
        let q = data.questionnaire(&[routine], Vec::new(), None);
        for lines in screens(&q, 75, false) {
            println!("{}\n", lines.join("\n"));
        }
        return Ok(());
    }
    let row = |name: &str, r: &Reading, words: usize, prompts: Option<usize>| {
        let ok = r.words <= words && prompts.is_none_or(|p| r.prompts <= p) && r.rows <= MAX_ROWS;
        println!(
            "{name:<36} {:>5} {:>7} {:>4}  {}",
            r.words,
            r.prompts,
            r.rows,
            if ok { "ok" } else { "OVER" }
        );
    };
    println!(
        "Limits: {MAX_WORDS} words and {MAX_PROMPTS} prompts per routine, {MAX_WORDS_PAIR} words per pair, {MAX_ROWS} rows at {COLUMNS} columns"
    );
    println!(
        "{:<36} {:>5} {:>7} {:>4}",
        "routine", "words", "prompts", "rows"
    );
    for routine in routines {
        let q = data.questionnaire(&[routine], Vec::new(), None);
        row(
            &routine.id,
            &worst(&q, false, COLUMNS),
            MAX_WORDS,
            Some(MAX_PROMPTS),
        );
        if !q.choices().is_empty() {
            let name = format!("{} (optional steps included)", routine.id);
            row(&name, &worst(&q, true, COLUMNS), MAX_WORDS_PAIR, None);
        }
    }
    let mut most = (0, String::new());
    let mut most_prompts = (0, String::new());
    for (i, a) in routines.iter().enumerate() {
        for b in &routines[i + 1..] {
            let q = data.questionnaire(&[a, b], Vec::new(), None);
            // Optional steps not included: with them, the head routine is already three
            // areas (its own line above).
            let r = worst(&q, false, COLUMNS);
            if r.words > most.0 {
                most = (r.words, format!("{} + {}", a.id, b.id));
            }
            if r.prompts > most_prompts.0 {
                most_prompts = (r.prompts, format!("{} + {}", a.id, b.id));
            }
            if r.words > MAX_WORDS_PAIR || r.rows > MAX_ROWS {
                row(
                    &format!("{} + {} (over)", a.id, b.id),
                    &r,
                    MAX_WORDS_PAIR,
                    None,
                );
            }
        }
    }
    println!("Most words for a pair: {} ({})", most.0, most.1);
    println!(
        "Most prompts for a pair: {} ({})",
        most_prompts.0, most_prompts.1
    );
    Ok(())
}
