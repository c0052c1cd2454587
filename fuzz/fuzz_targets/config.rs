//! The config file: arbitrary text (and arbitrary bytes, made lossy) through `Config::parse`.

#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use selfmassage::config::Config;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    if let Cow::Owned(lossy) = String::from_utf8_lossy(data) {
        check(&lossy);
    }
});

fn check(source: &str) {
    match Config::parse("config.toml", source) {
        Ok(loaded) => {
            // What parses must survive being written back and read again, with no key
            // it does not know.
            let written = toml::to_string(&loaded.config).expect("a config serializes");
            let again = Config::parse("again.toml", &written).expect("a written config parses");
            assert_eq!(loaded.config, again.config);
            assert!(again.unknown_keys.0.is_empty());
        }
        Err(problems) => {
            assert!(!problems.0.is_empty());
            for problem in &problems.0 {
                let shown = problem.to_string();
                assert!(!shown.contains('\n'), "a problem spans lines: {shown:?}");
            }
        }
    }
}
