//! The PDF reader: parsing, text layers, page images and rendering.
#![no_main]

use dossier::discover::ContentType;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = dossier::fuzzing::extract(ContentType::Pdf, bytes);
});
