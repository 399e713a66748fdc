//! Image decoding (JPEG, PNG, TIFF, WebP, HEIF) and the squaring of a
//! photographed sheet, for whatever the bytes sniff as.
#![no_main]

use dossier::discover::ContentType;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let image = [
        ContentType::Jpeg,
        ContentType::Png,
        ContentType::Tiff,
        ContentType::WebP,
        ContentType::Heif,
    ];
    if let Some(kind) = dossier::discover::sniff(bytes).filter(|kind| image.contains(kind)) {
        let _ = dossier::fuzzing::extract(kind, bytes);
    }
});
