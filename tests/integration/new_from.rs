//! `selfmassage new NAME --from ROUTINE`: a copy of a routine to change, and a built-in's id
//! refused without it (docs/cli.md#commands).

use std::io::{BufRead as _, BufReader};

use crate::everyday::{AFTER, questions};
use crate::harness::{Sandbox, Test};

/// The files in the sandbox's routine folder.
fn written(sandbox: &Sandbox) -> Vec<String> {
    std::fs::read_dir(sandbox.user_routines())
        .map(|dir| {
            dir.map_while(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_copy_of_neck_validates_keeps_the_template_notes_and_runs() {
    let sandbox = Sandbox::new();
    let out = sandbox.test().args(["new", "mine", "--from", "neck"]).run();
    out.success()
        .stdout_contains("a copy of the built-in routine \"neck\"")
        .stdout_lacks("replaces");
    let file = sandbox.user_routines().join("mine.toml");
    let copy = std::fs::read_to_string(&file).expect("the copy was written");
    assert!(copy.contains("id = \"mine\"  # how you start it: selfmassage mine\n"));
    assert!(copy.contains("title = \"Neck knot release\""), "{copy}");
    // The built-in's aliases find the built-in: the copy names them and has none.
    assert!(copy.contains("aliases = []  # words of your own; \"neck\" keeps its own: knot"));
    // The template's notes: beside the keys, and what else a step may say at the end,
    // `spot` and the names it takes included.
    assert!(
        copy.contains("pressure = \"light\"  # light, medium or firm"),
        "{copy}"
    );
    assert!(
        copy.contains("spot = \"back-of-neck\"  # where it presses"),
        "{copy}"
    );
    for note in [
        "# untimed = true",
        "# repeat = 2",
        "# Spots: base-of-skull",
        "lower-back",
    ] {
        assert!(copy.contains(note), "{note}\n{copy}");
    }
    sandbox
        .test()
        .arg("validate")
        .arg(&file)
        .run()
        .success()
        .stdout_contains("ok (mine, 5 steps)");
    sandbox
        .test()
        .arg("list")
        .run()
        .success()
        .stdout_contains("mine")
        .stderr_is("");

    // It runs by its new name, answered through a pipe, with the built-in's steps.
    let mut child = sandbox
        .test()
        .args(["run", "mine"])
        .stdin(format!("{}{AFTER}", questions()))
        .spawn();
    let mut seen = String::new();
    for line in BufReader::new(child.take_stdout()).lines() {
        let line = line.expect("read");
        seen.push_str(&line);
        seen.push('\n');
        if line.contains("Step 1 of 5") {
            break;
        }
    }
    child.stop();
    assert!(seen.contains("Go ahead."), "{seen}");
    assert!(seen.contains("Neck knot release: 5 steps"), "{seen}");
    assert!(seen.contains("Step 1 of 5"), "{seen}");
}

#[test]
fn a_builtin_id_without_from_is_refused_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    sandbox
        .test()
        .args(["new", "neck"])
        .run()
        .code(2)
        .stderr_contains("\"neck\" is a built-in routine")
        .stderr_contains("selfmassage new neck --from neck")
        .stdout_is("");
    assert!(written(&sandbox).is_empty(), "{:?}", written(&sandbox));
    // The built-in still runs as shipped.
    sandbox
        .test()
        .arg("list")
        .run()
        .success()
        .stdout_lacks("replace");
}

#[test]
fn a_copy_under_the_builtins_own_id_replaces_it_and_says_so() {
    let sandbox = Sandbox::new();
    sandbox
        .test()
        .args(["new", "neck", "--from", "neck"])
        .run()
        .success()
        .stdout_contains("It replaces the built-in routine \"neck\"");
    assert_eq!(written(&sandbox), ["neck.toml"]);
    let copy = std::fs::read_to_string(sandbox.user_routines().join("neck.toml")).expect("read");
    // Its own id, its own aliases.
    assert!(copy.contains("aliases = [\"knot\""), "{copy}");
    sandbox
        .test()
        .arg("validate")
        .arg(sandbox.user_routines())
        .run()
        .success()
        .stdout_contains("replaces the built-in routine \"neck\"");
    sandbox
        .test()
        .arg("list")
        .run()
        .success()
        .stdout_contains("Your own files replace the built-in routine: neck");
    // A second time, the file is there: left as it is.
    sandbox
        .test()
        .args(["new", "neck", "--from", "neck"])
        .run()
        .code(1)
        .stderr_contains("already exists");
}

#[test]
fn a_copy_of_a_copy_and_the_mistakes() {
    let sandbox = Sandbox::new();
    sandbox
        .test()
        .args(["new", "mine", "--from", "neck"])
        .run()
        .success();
    sandbox
        .test()
        .args(["new", "second", "--from", "mine"])
        .run()
        .success()
        .stdout_contains("a copy of your routine \"mine\"");
    let second =
        std::fs::read_to_string(sandbox.user_routines().join("second.toml")).expect("read");
    assert_eq!(second.matches("# A copy of").count(), 1, "{second}");
    assert_eq!(
        second.matches("# From the template:").count(),
        1,
        "{second}"
    );
    assert!(second.contains("id = \"second\"  # how you start it: selfmassage second\n"));

    // An unknown routine: "did you mean", nothing written.
    sandbox
        .test()
        .args(["new", "third", "--from", "nek"])
        .run()
        .code(2)
        .stderr_contains("did you mean neck");
    // An id that takes a built-in's word: the copy would not validate, so it is not written.
    sandbox
        .test()
        .args(["new", "knot", "--from", "neck"])
        .run()
        .code(1)
        .stderr_contains("nothing was written")
        .stderr_contains("the id \"knot\" is the alias of the built-in routine \"neck\"");
    let mut files = written(&sandbox);
    files.sort();
    assert_eq!(files, ["mine.toml", "second.toml"]);
}

#[test]
fn a_step_written_after_the_template_notes_is_kept_by_a_copy_of_the_copy() {
    let sandbox = Sandbox::new();
    sandbox
        .test()
        .args(["new", "mine", "--from", "neck"])
        .run()
        .success();
    let mine = sandbox.user_routines().join("mine.toml");
    let mut text = std::fs::read_to_string(&mine).expect("read");
    text.push_str(
        "\n[[steps]]\ntitle = \"Shoulder rolls\"\ntext = \"Roll your shoulders back slowly.\"\n\
         seconds = 20\npressure = \"light\"\n",
    );
    std::fs::write(&mine, &text).expect("written");
    sandbox
        .test()
        .args(["validate", &mine.to_string_lossy()])
        .run()
        .success();
    sandbox
        .test()
        .args(["new", "second", "--from", "mine"])
        .run()
        .success();
    let second =
        std::fs::read_to_string(sandbox.user_routines().join("second.toml")).expect("read");
    assert!(second.contains("title = \"Shoulder rolls\""), "{second}");
    assert_eq!(second.matches("# A copy of").count(), 1, "{second}");
}

#[test]
fn the_template_names_spot_and_every_area_and_spot() {
    let out = Test::new().args(["new", "my-own"]).run();
    out.success();
    let template =
        std::fs::read_to_string(out.test.user_routines().join("my-own.toml")).expect("read");
    assert!(template.contains("spot = "), "{template}");
    for area in [
        "head",
        "neck",
        "shoulders",
        "abdomen",
        "upper-back",
        "lower-back",
        "glutes",
        "hips",
    ] {
        assert!(template.contains(area), "{area}");
    }
    for spot in selfmassage::routine::spot::SPOTS {
        assert!(template.contains(spot.id), "{}", spot.id);
    }
}

#[test]
fn completions_offer_routine_names_for_from_and_the_man_page_names_it() {
    let bash = Test::new().args(["completions", "bash"]).run();
    bash.success();
    let script = &bash.stdout;
    let from = script.find("--from)").expect("bash completes --from");
    let values = &script[from..script[from..]
        .find(";;")
        .map_or(script.len(), |end| from + end)];
    assert!(values.contains("compgen -W \"abdomen"), "{values}");
    assert!(values.contains(" neck "), "{values}");
    let fish = Test::new().args(["completions", "fish"]).run();
    fish.success();
    let line = fish
        .stdout
        .lines()
        .find(|l| l.contains("using_subcommand new") && l.contains("-l from"))
        .expect("fish completes --from");
    assert!(
        line.contains("-r -f -a \"abdomen") && line.contains(" neck "),
        "{line}"
    );
    Test::new()
        .arg("man")
        .run()
        .success()
        .stdout_contains("new ID \\-\\-from ROUTINE");
    Test::new()
        .args(["new", "--help"])
        .run()
        .success()
        .stdout_contains("--from <ROUTINE>")
        .stdout_contains("selfmassage new neck --from neck");
}
