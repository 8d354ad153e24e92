//! Round trip: any text that loads as a taxonomy prints to JSON that loads to an equal one.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for loaded in [aryz::Taxonomy::from_json(text), aryz::Taxonomy::from_toml(text)] {
        if let Ok(t) = loaded {
            let again = aryz::Taxonomy::from_json(&t.to_json()).expect("printed taxonomy reloads");
            assert_eq!(again.entries(), t.entries());
            let _ = t.suggest(text, 5);
        }
    }
});
