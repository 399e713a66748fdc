//! File sniffing and archive unpacking: any bytes, as a file of a bundle.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for file in dossier::fuzzing::discover(bytes) {
        if let Ok(content) = file.content {
            // What is taken for a document has the magic it was taken for.
            assert_eq!(dossier::discover::sniff(&content.bytes), Some(content.kind));
        }
    }
});
