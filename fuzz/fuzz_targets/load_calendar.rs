//! Loading a calendar from any text is a typed error or a calendar whose arithmetic holds.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(cal) = aryz::Calendar::from_toml(text) {
        let (start, _) = cal.span();
        if let Ok(due) = cal.add(start, chrono::TimeDelta::hours(10)) {
            if let Ok(e) = cal.elapsed(start, due) {
                assert!(e <= chrono::TimeDelta::hours(10));
            }
        }
    }
});
