//! Date parsing over any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for date in dossier::fuzzing::find_dates(text) {
        // Every date names where in the text it was read.
        assert!(text.contains(date.text.as_str()), "{date:?}");
    }
});
