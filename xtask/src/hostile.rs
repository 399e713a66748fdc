//! Hostile and damaged inputs, built the way an attacker or a broken
//! scanner would: each must cost dossier one finding, never the run.

use crate::pdf;

/// One page of 100,000 identical strokes: hayro 0.9's rasteriser
/// (vello_common 0.3) panics on it with "`alpha_idx` too large" (about
/// 5 KB; the upstream reproducer).
pub fn many_strokes_pdf() -> Vec<u8> {
    pdf::drawn_pdf(
        b"0 0 m 600 800 l S\n".repeat(100_000),
        lopdf::Dictionary::new(),
    )
}

/// The same strokes inside a form the page draws: counting only the
/// page's own content missed them.
pub fn many_strokes_in_a_form_pdf() -> Vec<u8> {
    pdf::form_pdf(b"0 0 m 600 800 l S\n".repeat(100_000))
}

/// A JPEG whose header declares 65,500 × 65,500 pixels: 4 GB once decoded.
pub fn huge_jpeg() -> Vec<u8> {
    let mut jpeg = vec![0xFF, 0xD8];
    jpeg.extend([0xFF, 0xDB, 0, 67, 0]);
    jpeg.extend([1; 64]);
    jpeg.extend([0xFF, 0xC0, 0, 11, 8]);
    jpeg.extend(65500u16.to_be_bytes());
    jpeg.extend(65500u16.to_be_bytes());
    jpeg.extend([1, 1, 0x11, 0]);
    jpeg.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
    jpeg.extend([0; 200]);
    jpeg.extend([0xFF, 0xD9]);
    jpeg
}

/// A PNG whose header declares 30,000 × 30,000 pixels.
pub fn huge_png() -> Vec<u8> {
    let mut header = Vec::new();
    header.extend(30_000u32.to_be_bytes());
    header.extend(30_000u32.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", header),
        (b"IDAT", vec![0x78, 0x9C, 3, 0]),
        (b"IEND", Vec::new()),
    ] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend(&data);
        png.extend(&typed);
        png.extend(crc32fast::hash(&typed).to_be_bytes());
    }
    png
}

/// A PDF with a 1-bit image declaring 100,000 × 100,000 pixels.
pub fn huge_pdf_image() -> Vec<u8> {
    pdf::declared_image_pdf(100_000)
}

/// A 1,000-page PDF of blank pages: rendering and OCR of each took minutes.
pub fn thousand_pages_pdf() -> Vec<u8> {
    pdf::blank_pages_pdf(1000)
}

/// A ZIP holding only a folder: no document, and once no finding either.
pub fn folder_only_zip() -> Vec<u8> {
    use std::io::Cursor;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    writer
        .add_directory("сканы/", options)
        .expect("can add a folder");
    writer.finish().expect("can finish the ZIP").into_inner()
}
