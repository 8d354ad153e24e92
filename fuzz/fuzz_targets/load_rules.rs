//! Round trip: a rule set that loads prints to JSON and TOML that load to an equal one.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for loaded in [aryz::RuleSet::from_json(text), aryz::RuleSet::from_toml(text)] {
        if let Ok(set) = loaded {
            assert_eq!(aryz::RuleSet::from_json(&set.to_json()).expect("json reloads"), set);
            assert_eq!(aryz::RuleSet::from_toml(&set.to_toml()).expect("toml reloads"), set);
        }
    }
});
