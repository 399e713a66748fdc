//! The machine-readable zone parser over any lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = dossier::fuzzing::find_mrz(text);
});
