//! Round trip: an event log that imports exports to the same text, which imports again.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let config = || aryz::DeskConfig::shymkent([9; 32]);
    if let Ok(desk) = aryz::Desk::import_json_lines(config(), text) {
        let out = desk.export_json_lines().expect("export");
        let again = aryz::Desk::import_json_lines(config(), &out).expect("exported log imports");
        assert_eq!(again.export_json_lines().expect("export"), out);
    }
});
