//! Round trip: bytes that decode as a compact appeal encode and decode to an equal one.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = aryz::Appeal::from_bytes(data) {
        let again = aryz::Appeal::from_bytes(&a.to_bytes()).expect("re-encoded appeal decodes");
        assert_eq!(again, a);
    }
});
