//! Hostile and damaged inputs, built the way an attacker or a broken
//! scanner would: each must cost dossier one finding, never the run, a
//! gigabyte or half a minute. [`corpus`] is `fixtures/hostile`, one input a
//! file, with the finding each must give (its code and words of its
//! message) in `cases.tsv`.

use std::io::{Cursor, Write};

use image::GrayImage;

use crate::{containers, pdf, raster};

/// One input of the corpus and the finding it must give.
pub struct Input {
    pub file: &'static str,
    /// The rule code of a finding that names the file.
    pub expect: &'static str,
    /// Words its message holds: the cause, or the flag of the limit.
    pub says: &'static str,
    pub what: &'static str,
    pub bytes: Vec<u8>,
}

/// Real documents the damaged ones are made from: a text PDF and a scan
/// of a letter, as the bundles' generator writes them.
pub struct Bases {
    pub text_pdf: Vec<u8>,
    pub page: GrayImage,
    pub jpeg: Vec<u8>,
    pub docx: Vec<u8>,
}

/// The whole corpus.
pub fn corpus(bases: &Bases) -> Vec<Input> {
    let mut inputs = images(bases);
    inputs.extend(pdfs(bases));
    inputs.extend(archives(bases));
    inputs.extend(office(bases));
    inputs
}

fn input(
    file: &'static str,
    expect: &'static str,
    says: &'static str,
    what: &'static str,
    bytes: Vec<u8>,
) -> Input {
    Input {
        file,
        expect,
        says,
        what,
        bytes,
    }
}

const UNREADABLE: &str = "unreadable-file";
const REVIEW: &str = "needs-review";
const UNCLASSIFIED: &str = "unclassified-document";

fn images(bases: &Bases) -> Vec<Input> {
    let png = raster::png(&bases.page);
    let webp = containers::webp(&bases.page);
    let heic = containers::heic(&bases.page);
    let tiff = raster::tiff(std::slice::from_ref(&bases.page));
    let half = |bytes: &[u8]| bytes[..bytes.len() / 2].to_vec();
    let mut bad_crc = png.clone();
    let idat = find(&bad_crc, b"IDAT").expect("a PNG has image data");
    bad_crc[idat + 40] ^= 0xFF;
    let mut scrambled = bases.jpeg.clone();
    let scan = find(&scrambled, &[0xFF, 0xDA]).expect("a JPEG has a scan");
    let end = scrambled.len() - 2;
    let mut noise = raster::Rng::new(7);
    for byte in &mut scrambled[scan + 20..end] {
        // Random entropy-coded data without markers (0xFF) inside.
        *byte = (noise.next() % 255) as u8;
    }
    vec![
        input(
            "jpeg-declares-65500.jpg",
            UNREADABLE,
            "--max-page-pixels",
            "a 300-byte JPEG whose header declares 65,500 × 65,500 pixels (4 GB decoded)",
            huge_jpeg(),
        ),
        input(
            "png-declares-30000.png",
            UNREADABLE,
            "--max-page-pixels",
            "a PNG whose header declares 30,000 × 30,000 pixels",
            png_of(30_000, 30_000, 8, vec![0x78, 0x9C, 3, 0]),
        ),
        input(
            "png-zero-width.png",
            UNREADABLE,
            "corrupt image",
            "a PNG whose header declares a width of 0",
            png_of(0, 100, 8, vec![0x78, 0x9C, 3, 0]),
        ),
        input(
            "png-inflates-to-100-mp.png",
            UNCLASSIFIED,
            "hardly any text",
            "a 10,000 × 10,000 PNG of white (100 MB) deflated to about 100 KB: at the pixel limit, decoded and read blank",
            png_of(
                10_000,
                10_000,
                8,
                deflate_repeated(&white_rows(10_000), 10_000),
            ),
        ),
        input(
            "specks-450000.png",
            UNCLASSIFIED,
            "hardly any text",
            "a 3,000 × 3,000 page of 450,000 random black pixels: Tesseract's layout analysis takes 33 s over it, so it is read as one block",
            specks_png(3000, 450_000, 11),
        ),
        input(
            "specks-1000000.png",
            UNREADABLE,
            "--max-page-seconds",
            "a 3,000 × 3,000 page of 1,000,000 random black pixels, which holds Tesseract for minutes in any layout mode",
            specks_png(3000, 1_000_000, 12),
        ),
        input(
            "jpeg-cut-at-half.jpg",
            REVIEW,
            "ends before its end marker",
            "a scan of a letter whose transfer broke off at half",
            half(&bases.jpeg),
        ),
        input(
            "jpeg-header-only.jpg",
            UNREADABLE,
            "corrupt image",
            "the first 300 bytes of a JPEG: headers and no image",
            bases.jpeg[..300].to_vec(),
        ),
        input(
            "jpeg-no-frame.jpg",
            UNREADABLE,
            "corrupt image",
            "a JPEG start and end marker with nothing between",
            vec![0xFF, 0xD8, 0xFF, 0xD9],
        ),
        input(
            "jpeg-scrambled-scan.jpg",
            UNCLASSIFIED,
            "not recognised",
            "a JPEG whose coded image data is random bytes",
            scrambled,
        ),
        input(
            "png-cut-before-end.png",
            UNREADABLE,
            "corrupt image",
            "a PNG without its last 100 bytes (no IEND)",
            png[..png.len() - 100].to_vec(),
        ),
        input(
            "png-bad-crc.png",
            UNREADABLE,
            "corrupt image",
            "a PNG with one byte of its image data flipped (CRC mismatch)",
            bad_crc,
        ),
        input(
            "webp-declares-16383.webp",
            UNREADABLE,
            "--max-page-pixels",
            "a lossless WebP whose header declares 16,383 × 16,383 pixels",
            huge_webp(),
        ),
        input(
            "webp-cut-at-half.webp",
            UNREADABLE,
            "corrupt image",
            "a WebP cut at half",
            half(&webp),
        ),
        input(
            "tiff-1000-pages.tif",
            UNREADABLE,
            "--max-pages",
            "a TIFF of 1,000 A4 pages sharing one deflated strip (122 KB)",
            raw_tiff(&TiffPlan {
                pages: 1000,
                ..TiffPlan::A4_WHITE
            }),
        ),
        input(
            "tiff-declares-100000.tif",
            UNREADABLE,
            "--max-page-pixels",
            "a TIFF whose one page declares 100,000 × 100,000 pixels",
            raw_tiff(&TiffPlan {
                width: 100_000,
                height: 100_000,
                ..TiffPlan::A4_WHITE
            }),
        ),
        input(
            "tiff-page-loop.tif",
            UNREADABLE,
            "corrupt TIFF",
            "a TIFF whose page directory names itself as the next page",
            raw_tiff(&TiffPlan {
                looped: true,
                ..TiffPlan::A4_WHITE
            }),
        ),
        input(
            "tiff-strip-past-end.tif",
            UNREADABLE,
            "corrupt TIFF",
            "a TIFF whose strip starts past the end of the file",
            raw_tiff(&TiffPlan {
                strip_offset: Some(1 << 30),
                ..TiffPlan::A4_WHITE
            }),
        ),
        input(
            "tiff-cut-at-half.tif",
            UNREADABLE,
            "corrupt TIFF",
            "a scanner's TIFF cut at half",
            half(&tiff),
        ),
        input(
            "heic-cut-at-half.heic",
            UNREADABLE,
            "corrupt HEIF",
            "an iPhone photo cut at half",
            half(&heic),
        ),
        input(
            "heic-brand-only.heic",
            UNREADABLE,
            "corrupt HEIF",
            "an ftyp box naming HEIC, then random bytes",
            heic_brand_only(),
        ),
        input(
            "gif-named-jpg.jpg",
            UNREADABLE,
            "not a PDF, image",
            "a GIF named .jpg",
            gif(),
        ),
        input(
            "bitmap.bmp",
            UNREADABLE,
            "not a PDF, image",
            "a Windows bitmap",
            bmp(),
        ),
        input(
            "one-pixel.png",
            UNCLASSIFIED,
            "hardly any text",
            "a PNG of one pixel",
            raster::png(&GrayImage::new(1, 1)),
        ),
    ]
}

fn pdfs(bases: &Bases) -> Vec<Input> {
    let text = &bases.text_pdf;
    let strokes = b"0 0 m 600 800 l S\n".repeat(100_000);
    vec![
        input(
            "strokes.pdf",
            UNREADABLE,
            "paints over 10000 paths",
            "one page of 100,000 strokes (5 KB): hayro 0.9's rasteriser spent 2.6 GB and panicked with \"alpha_idx too large\"",
            pdf::drawn_pdf(strokes.clone(), lopdf::Dictionary::new()),
        ),
        input(
            "form-strokes.pdf",
            UNREADABLE,
            "paints over 10000 paths",
            "the same strokes inside a form the page draws",
            pdf::form_pdf(strokes),
        ),
        input(
            "image-declares-100000.pdf",
            UNREADABLE,
            "--max-page-pixels",
            "a 1-bit image declaring 100,000 × 100,000 pixels (9.6 GB once)",
            pdf::declared_image_pdf(100_000),
        ),
        input(
            "1000-blank-pages.pdf",
            UNREADABLE,
            "--max-pages",
            "1,000 pages that draw nothing",
            pdf::blank_pages_pdf(1000),
        ),
        input(
            "content-bomb.pdf",
            UNREADABLE,
            "decompresses to over 4 MiB",
            "a page whose content stream inflates from 200 KB to 200 MB",
            page_pdf(&stream("", &b" ".repeat(200 << 20)), "<< >>", &[]),
        ),
        input(
            "image-flate-bomb.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "a 2,480 × 3,508 image whose samples inflate to 500 MB: read to its size only",
            image_pdf("/FlateDecode", 8, deflate_repeated(&[0xFF; 1 << 20], 500)),
        ),
        input(
            "object-stream-bomb.pdf",
            UNREADABLE,
            "decompresses to over 8 MiB",
            "an object stream that inflates to 100 MB",
            object_stream_bomb_pdf(),
        ),
        input(
            "encrypted.pdf",
            UNREADABLE,
            "encrypted",
            "a PDF encrypted with an open password",
            pdf::encrypted_pdf(text),
        ),
        input(
            "no-pages.pdf",
            UNREADABLE,
            "no pages",
            "a page tree with no pages",
            raw_pdf(&[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            ]),
        ),
        input(
            "page-tree-loop.pdf",
            UNREADABLE,
            "no pages",
            "a page tree whose only kid is the tree itself",
            raw_pdf(&[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>".to_vec(),
            ]),
        ),
        input(
            "cut-at-half.pdf",
            UNREADABLE,
            "corrupt PDF",
            "a letter's text PDF cut at half",
            text[..text.len() / 2].to_vec(),
        ),
        input(
            "header-only.pdf",
            UNREADABLE,
            "corrupt PDF",
            "a PDF header and end marker, nothing between",
            b"%PDF-1.7\n%%EOF\n".to_vec(),
        ),
        input(
            "random-after-header.pdf",
            UNREADABLE,
            "corrupt PDF",
            "a PDF header, then 64 KB of random bytes",
            random_after(b"%PDF-1.4\n", 64 * 1024, 11),
        ),
        input(
            "nested-arrays.pdf",
            UNCLASSIFIED,
            "not recognised",
            "a page whose resources are 20,000 arrays deep",
            nested_pdf(b"[", b"]"),
        ),
        input(
            "nested-dictionaries.pdf",
            UNCLASSIFIED,
            "not recognised",
            "a page whose resources are 20,000 dictionaries deep",
            nested_pdf(b"<< /A ", b" >>"),
        ),
        input(
            "form-draws-itself.pdf",
            UNREADABLE,
            "nested over 8 deep",
            "a form that draws itself, and a stroke",
            self_drawing_form_pdf(),
        ),
        input(
            "form-of-5-mib.pdf",
            UNREADABLE,
            "over 4 MiB of content",
            "a form whose content inflates to 5 MiB of blanks: a renderer would inflate it whole",
            page_pdf(
                &stream("", b"/Fm0 Do"),
                "<< /XObject << /Fm0 5 0 R >> >>",
                &[stream(
                    "/Type /XObject /Subtype /Form /BBox [0 0 595 842]",
                    &b" ".repeat(5 << 20),
                )],
            ),
        ),
        input(
            "forms-nested-10-deep.pdf",
            UNREADABLE,
            "nested over 8 deep",
            "forms inside forms, ten deep, the last drawing a stroke",
            nested_forms_pdf(10),
        ),
        input(
            "image-in-form-declares-65500.pdf",
            UNREADABLE,
            "--max-page-pixels",
            "a form showing a JPEG whose header declares 65,500 × 65,500 pixels",
            image_in_form_pdf(),
        ),
        input(
            "inline-image-declares-65500.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "an inline image declaring 65,500 × 65,500 pixels with a few bytes of data: the renderer skips it",
            page_pdf(
                &stream(
                    "",
                    b"BI /W 65500 /H 65500 /BPC 8 /CS /G /F /Fl ID x\x9c\x03\x00 EI",
                ),
                "<< >>",
                &[],
            ),
        ),
        input(
            "500000-saves.pdf",
            UNCLASSIFIED,
            "not recognised",
            "a page that saves the graphics state 500,000 times and never restores it",
            page_pdf(&stream("", &b"q ".repeat(500_000)), "<< >>", &[]),
        ),
        input(
            "zero-media-box.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "a page of size 0 × 0 that draws a stroke",
            raw_page_pdf("[0 0 0 0]", b"0 0 m 10 10 l S"),
        ),
        input(
            "huge-media-box.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "a page of 10⁹ × 10⁹ points that draws a stroke",
            raw_page_pdf("[0 0 1000000000 1000000000]", b"0 0 m 10 10 l S"),
        ),
        input(
            "jbig2-garbage.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "a page-sized JBIG2 image of random bytes",
            image_pdf("/JBIG2Decode", 1, random_after(b"", 20_000, 12)),
        ),
        input(
            "jpeg2000-garbage.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "a page-sized JPEG 2000 image of random bytes",
            image_pdf(
                "/JPXDecode",
                8,
                random_after(b"\0\0\0\x0cjP  \r\n\x87\n", 20_000, 13),
            ),
        ),
        input(
            "dct-declares-65500.pdf",
            UNREADABLE,
            "--max-page-pixels",
            "a page-sized image whose JPEG data declares 65,500 × 65,500 pixels",
            image_pdf("/DCTDecode", 8, huge_jpeg()),
        ),
        input(
            "ccitt-garbage.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "a page-sized CCITT fax image of random bytes",
            image_pdf("/CCITTFaxDecode", 1, random_after(b"", 20_000, 14)),
        ),
        input(
            "xref-loop.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "two cross-reference sections that name each other as the previous one",
            xref_loop_pdf(),
        ),
        input(
            "to-unicode-bomb.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "text whose font's Unicode map inflates to 100 MB",
            to_unicode_bomb_pdf(),
        ),
        input(
            "size-ten-million.pdf",
            UNCLASSIFIED,
            "hardly any text",
            "a trailer declaring ten million objects, of a few",
            size_bomb_pdf(),
        ),
        input(
            "one-megabyte-string.pdf",
            UNCLASSIFIED,
            "not recognised",
            "one text string of a million letters",
            one_string_pdf(),
        ),
        input(
            "empty.pdf",
            UNREADABLE,
            "empty",
            "an empty file",
            Vec::new(),
        ),
        input(
            "text-named-jpg.jpg",
            UNREADABLE,
            "not a PDF, image",
            "a line of text named .jpg",
            b"this is not a passport\n".to_vec(),
        ),
        input(
            "random.bin",
            UNREADABLE,
            "not a PDF, image",
            "64 KB of random bytes",
            random_after(b"", 64 * 1024, 15),
        ),
    ]
}

fn archives(bases: &Bases) -> Vec<Input> {
    let junk_pdf = random_after(b"%PDF-1.4\n", 4096, 21);
    let named = |name: &str, bytes: &[u8]| (name.to_string(), bytes.to_vec());
    let mut nested = containers::zip(&[named("письмо.pdf", &junk_pdf)], containers::Names::Utf8);
    for level in 0..20 {
        nested = containers::zip(
            &[named(&format!("level {level}.zip"), &nested)],
            containers::Names::Utf8,
        );
    }
    let many: Vec<(String, Vec<u8>)> = (0..5000)
        .map(|n| (format!("{n}.txt"), Vec::new()))
        .collect();
    let zip_of_letter = containers::zip(
        &[named("letter.pdf", &bases.text_pdf)],
        containers::Names::Utf8,
    );
    vec![
        input(
            "zip-bomb.zip",
            UNREADABLE,
            "as a zip bomb does",
            "100 MiB of zeros in about 100 KiB",
            containers::zip_bomb(100),
        ),
        input(
            "zip-slip.zip",
            UNREADABLE,
            "points outside the archive",
            "an entry named ../../outside/письмо.pdf",
            containers::zip(
                &[named("../../outside/письмо.pdf", &bases.text_pdf)],
                containers::Names::Utf8,
            ),
        ),
        input(
            "absolute-entry.zip",
            UNREADABLE,
            "points outside the archive",
            "an entry named /tmp/письмо.pdf",
            containers::zip(
                &[named("/tmp/письмо.pdf", &bases.text_pdf)],
                containers::Names::Utf8,
            ),
        ),
        input(
            "encrypted.zip",
            UNREADABLE,
            "password-protected",
            "an AES-encrypted ZIP",
            containers::encrypted_zip(&[named("letter.pdf", &bases.text_pdf)]),
        ),
        input(
            "folder-only.zip",
            UNREADABLE,
            "holds no documents",
            "a ZIP holding only a folder",
            folder_only_zip(),
        ),
        input(
            "5000-entries.zip",
            UNREADABLE,
            "over 1000 entries",
            "5,000 empty entries, over the 1,000 an archive may hold",
            containers::zip(&many, containers::Names::Utf8),
        ),
        input(
            "nested-21-deep.zip",
            UNREADABLE,
            "an archive inside an archive inside an archive",
            "a ZIP in a ZIP, 21 deep, a damaged PDF at the bottom",
            nested,
        ),
        input(
            "stored-junk-pdf.zip",
            UNREADABLE,
            "corrupt PDF",
            "a stored (uncompressed) ZIP whose one entry is a damaged PDF: %PDF- in its first KiB",
            stored_zip("письмо.pdf", &junk_pdf),
        ),
        input(
            "cut-at-half.zip",
            UNREADABLE,
            "corrupt ZIP",
            "a ZIP of a letter cut at half: no central directory",
            zip_of_letter[..zip_of_letter.len() / 2].to_vec(),
        ),
        input(
            "overlapping-entries.zip",
            UNREADABLE,
            "share their packed bytes",
            "two entries whose data is the same bytes (an overlap bomb)",
            overlapping_zip(&junk_pdf),
        ),
        input(
            "rar.rar",
            UNREADABLE,
            "RAR",
            "a RAR archive's signature",
            b"Rar!\x1a\x07\x01\x00\x33\x92\xb5\xe5\x0a\x01\x05\x06\x00\x05\x01\x01\x80\x80\x00"
                .to_vec(),
        ),
        input(
            "tar-gz-bomb.tar.gz",
            UNREADABLE,
            "as a zip bomb does",
            "a tar.gz of one file of 300 MiB of zeros (300 KB)",
            tar_gz_bomb(300),
        ),
        input(
            "tar-links.tar",
            UNREADABLE,
            "holds no documents",
            "a tar of a symlink to /etc/passwd, a hard link and a device",
            tar_links(),
        ),
        input(
            "gzip-bomb.gz",
            UNREADABLE,
            "as a zip bomb does",
            "a gzip (no tar) of 300 MiB of zeros",
            gzip_zeros(300),
        ),
    ]
}

fn office(bases: &Bases) -> Vec<Input> {
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"#;
    let mut huge = b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>".to_vec();
    huge.extend(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(3 << 20));
    huge.extend(b"</w:body></w:document>");
    let mut deep = b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>".to_vec();
    deep.extend(b"<w:p>".repeat(100_000));
    deep.extend(b"<w:r><w:t>a</w:t></w:r>");
    deep.extend(b"</w:p>".repeat(100_000));
    deep.extend(b"</w:body></w:document>");
    vec![
        input(
            "billion-laughs.docx",
            UNREADABLE,
            "corrupt DOCX",
            "a Word document whose XML defines entities that expand to a billion letters",
            docx_with(laughs),
        ),
        input(
            "xml-bomb.docx",
            UNREADABLE,
            "bytes of XML",
            "a Word document whose XML inflates to 100 MB",
            docx_with(&huge),
        ),
        input(
            "deep-paragraphs.docx",
            UNCLASSIFIED,
            "not recognised",
            "a Word document of 100,000 paragraphs each inside the last",
            docx_with(&deep),
        ),
        input(
            "no-document.docx",
            UNREADABLE,
            "not a PDF, image",
            "a Word package without its document part",
            office_package(
                &[("[Content_Types].xml", b"<Types/>".as_slice())],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        ),
        input(
            "no-content.odt",
            UNREADABLE,
            "corrupt ODT",
            "an OpenDocument text without its content",
            office_package(
                &[("meta.xml", b"<meta/>".as_slice())],
                "application/vnd.oasis.opendocument.text",
            ),
        ),
        input(
            "cut-at-half.docx",
            UNREADABLE,
            "corrupt ZIP",
            "a Word document cut at half",
            bases.docx[..bases.docx.len() / 2].to_vec(),
        ),
        input(
            "spreadsheet.xlsx",
            UNREADABLE,
            "spreadsheet",
            "an Excel workbook",
            office_package(&[("xl/workbook.xml", b"<workbook/>".as_slice())], ""),
        ),
        input(
            "word-97.doc",
            UNREADABLE,
            "legacy Microsoft Office",
            "a Word 97 file",
            containers::legacy_doc(),
        ),
    ]
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// `prefix` and then `len` random bytes.
fn random_after(prefix: &[u8], len: usize, seed: u64) -> Vec<u8> {
    let mut rng = raster::Rng::new(seed);
    let mut bytes = prefix.to_vec();
    bytes.extend((0..len).map(|_| rng.next() as u8));
    bytes
}

/// `data` zlib-deflated.
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("in-memory deflate");
    encoder.finish().expect("in-memory deflate")
}

/// `unit` repeated `times` times, zlib-deflated without holding it all.
fn deflate_repeated(unit: &[u8], times: usize) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..times {
        encoder.write_all(unit).expect("in-memory deflate");
    }
    encoder.finish().expect("in-memory deflate")
}

/// One row of a white 8-bit grey PNG image: filter byte 0, then white.
fn white_rows(width: usize) -> Vec<u8> {
    let mut row = vec![0xFF; width + 1];
    row[0] = 0;
    row
}

/// `megabytes` of zeros, gzipped.
fn gzip_zeros(megabytes: usize) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    for _ in 0..megabytes {
        encoder.write_all(&[0; 1 << 20]).expect("in-memory gzip");
    }
    encoder.finish().expect("in-memory gzip")
}

/// A JPEG whose header declares 65,500 × 65,500 pixels: 4 GB once decoded.
fn huge_jpeg() -> Vec<u8> {
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

/// A PNG of one IDAT chunk, its header declaring `width` × `height` at
/// `depth` bits of grey.
fn png_of(width: u32, height: u32, depth: u8, idat: Vec<u8>) -> Vec<u8> {
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([depth, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", header), (b"IDAT", idat), (b"IEND", Vec::new())] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend(&data);
        png.extend(&typed);
        png.extend(crc32fast::hash(&typed).to_be_bytes());
    }
    png
}

/// A 1-bit PNG of white with `specks` black pixels strewn at random.
fn specks_png(side: u32, specks: usize, seed: u64) -> Vec<u8> {
    let row_bytes = side.div_ceil(8) as usize;
    let mut bits = vec![0xFF; row_bytes * side as usize];
    let mut noise = raster::Rng::new(seed);
    for _ in 0..specks {
        let x = (noise.next() % u64::from(side)) as usize;
        let y = (noise.next() % u64::from(side)) as usize;
        bits[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
    }
    let rows: Vec<u8> = bits
        .chunks(row_bytes)
        .flat_map(|row| std::iter::once(0).chain(row.iter().copied()))
        .collect();
    png_of(side, side, 1, deflate(&rows))
}

/// A lossless WebP (VP8L) whose header declares 16,383 × 16,383 pixels.
fn huge_webp() -> Vec<u8> {
    let side = 16_383u32 - 1;
    let bits = side | (side << 14);
    let mut vp8l = vec![0x2F];
    vp8l.extend(bits.to_le_bytes());
    vp8l.extend([0; 16]);
    let mut webp = b"RIFF".to_vec();
    webp.extend((4 + 8 + vp8l.len() as u32).to_le_bytes());
    webp.extend(b"WEBPVP8L");
    webp.extend((vp8l.len() as u32).to_le_bytes());
    webp.extend(vp8l);
    webp
}

fn heic_brand_only() -> Vec<u8> {
    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend(b"ftypheic\0\0\0\0mif1heic");
    heic.extend(random_after(b"", 4096, 31));
    heic
}

/// A 1 × 1 GIF.
fn gif() -> Vec<u8> {
    b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;".to_vec()
}

/// A 2 × 2 24-bit Windows bitmap.
fn bmp() -> Vec<u8> {
    let mut bmp = b"BM".to_vec();
    bmp.extend(70u32.to_le_bytes());
    bmp.extend([0; 4]);
    bmp.extend(54u32.to_le_bytes());
    bmp.extend(40u32.to_le_bytes());
    bmp.extend(2i32.to_le_bytes());
    bmp.extend(2i32.to_le_bytes());
    bmp.extend(1u16.to_le_bytes());
    bmp.extend(24u16.to_le_bytes());
    bmp.extend([0; 24]);
    bmp.extend([0xFF; 16]);
    bmp
}

/// How [`raw_tiff`] lays a TIFF out.
struct TiffPlan {
    pages: usize,
    width: u32,
    height: u32,
    /// The last page's directory names itself as the next page.
    looped: bool,
    /// Every strip's offset, instead of where the strip is.
    strip_offset: Option<u32>,
}

impl TiffPlan {
    /// One white A4 page at 300 DPI.
    const A4_WHITE: TiffPlan = TiffPlan {
        pages: 1,
        width: 2480,
        height: 3508,
        looped: false,
        strip_offset: None,
    };
}

/// A little-endian TIFF of 8-bit grey pages that all point to one deflated
/// strip of white, as a hostile file would: the strip is stored once.
fn raw_tiff(plan: &TiffPlan) -> Vec<u8> {
    let rows = (plan.width as usize).min(2480) * (plan.height as usize).min(3508);
    let strip = deflate_repeated(&[0xFF], rows);
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entries = 9u16;
    let ifd_len = 2 + usize::from(entries) * 12 + 4;
    let strip_at = 8 + ifd_len * plan.pages;
    for page in 0..plan.pages {
        let here = 8 + ifd_len * page;
        let next = match (page + 1 == plan.pages, plan.looped) {
            (false, _) => (here + ifd_len) as u32,
            (true, true) => here as u32,
            (true, false) => 0,
        };
        tiff.extend(entries.to_le_bytes());
        let short = |tag: u16, value: u32| (tag, 3u16, 1u32, value);
        let long = |tag: u16, value: u32| (tag, 4u16, 1u32, value);
        for (tag, kind, count, value) in [
            long(256, plan.width),
            long(257, plan.height),
            short(258, 8),
            short(259, 8),
            short(262, 1),
            long(273, plan.strip_offset.unwrap_or(strip_at as u32)),
            short(277, 1),
            long(278, plan.height),
            long(279, strip.len() as u32),
        ] {
            tiff.extend(tag.to_le_bytes());
            tiff.extend(kind.to_le_bytes());
            tiff.extend(count.to_le_bytes());
            tiff.extend(value.to_le_bytes());
        }
        tiff.extend(next.to_le_bytes());
    }
    tiff.extend(strip);
    tiff
}

/// A PDF of raw objects, numbered from 1 (the first is the catalogue),
/// with a correct cross-reference table.
fn raw_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (number, body) in (1..).zip(objects) {
        offsets.push(out.len());
        out.extend(format!("{number} 0 obj\n").as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A stream object with `dictionary` entries, its data deflated.
fn stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
    let deflated = deflate(data);
    let mut object = format!(
        "<< {dictionary} /Length {} /Filter /FlateDecode >>\nstream\n",
        deflated.len()
    )
    .into_bytes();
    object.extend(deflated);
    object.extend(b"\nendstream");
    object
}

/// A stream object with `dictionary` entries and `data` as it is.
fn raw_stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
    let mut object = format!("<< {dictionary} /Length {} >>\nstream\n", data.len()).into_bytes();
    object.extend(data);
    object.extend(b"\nendstream");
    object
}

/// One A4-ish page (objects 1–4) drawing `content` (object 4) with
/// `resources`, and `more` objects from 5 on.
fn page_pdf(content: &[u8], resources: &str, more: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources {resources} >>"
        )
        .into_bytes(),
        content.to_vec(),
    ];
    objects.extend(more.iter().cloned());
    raw_pdf(&objects)
}

/// One page of `media_box` drawing `content`.
fn raw_page_pdf(media_box: &str, content: &[u8]) -> Vec<u8> {
    raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox {media_box} /Contents 4 0 R >>")
            .into_bytes(),
        stream("", content),
    ])
}

/// A page showing one page-sized image of `filter` and `bits` a sample,
/// its data as given.
fn image_pdf(filter: &str, bits: u8, data: Vec<u8>) -> Vec<u8> {
    let image = raw_stream(
        &format!(
            "/Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceGray /BitsPerComponent {bits} /Filter {filter}"
        ),
        &data,
    );
    page_pdf(
        &stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        "<< /XObject << /Im1 5 0 R >> >>",
        &[image],
    )
}

/// A PDF with an object stream padded to 100 MB: readers expand object
/// streams as they load the file.
fn object_stream_bomb_pdf() -> Vec<u8> {
    let mut data = b"5 0 ".to_vec();
    data.extend(b"<< >>");
    data.extend(vec![b' '; 100 << 20]);
    page_pdf(
        &stream("", b"0 0 m 10 10 l S"),
        "<< >>",
        &[stream("/Type /ObjStm /N 1 /First 4", &data)],
    )
}

/// A page whose resources nest `open`…`close` 20,000 deep: far past
/// what a recursive parser's stack holds.
fn nested_pdf(open: &[u8], close: &[u8]) -> Vec<u8> {
    let mut deep = open.repeat(20_000);
    deep.extend(close.repeat(20_000));
    let mut page =
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
            .to_vec();
    page.extend(&deep);
    page.extend(b" >>");
    raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page,
        stream("", b"0 0 m 10 10 l S"),
    ])
}

/// A form that draws itself.
fn self_drawing_form_pdf() -> Vec<u8> {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm0 5 0 R >> >>",
        b"0 0 m 10 10 l S /Fm0 Do",
    );
    page_pdf(
        &stream("", b"/Fm0 Do"),
        "<< /XObject << /Fm0 5 0 R >> >>",
        &[form],
    )
}

/// Forms inside forms, `depth` deep, the innermost drawing a stroke.
fn nested_forms_pdf(depth: usize) -> Vec<u8> {
    let forms: Vec<Vec<u8>> = (0..depth)
        .map(|level| {
            let number = 5 + level;
            match level + 1 == depth {
                true => stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842]", b"0 0 m 10 10 l S"),
                false => stream(
                    &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm0 {} 0 R >> >>", number + 1),
                    b"/Fm0 Do",
                ),
            }
        })
        .collect();
    page_pdf(
        &stream("", b"/Fm0 Do"),
        "<< /XObject << /Fm0 5 0 R >> >>",
        &forms,
    )
}

/// A form showing a JPEG whose header declares 65,500 × 65,500 pixels.
fn image_in_form_pdf() -> Vec<u8> {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Im1 6 0 R >> >>",
        b"q 595 0 0 842 0 0 cm /Im1 Do Q",
    );
    let image = raw_stream(
        "/Type /XObject /Subtype /Image /Width 65500 /Height 65500 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
        &huge_jpeg(),
    );
    page_pdf(
        &stream("", b"/Fm0 Do"),
        "<< /XObject << /Fm0 5 0 R >> >>",
        &[form, image],
    )
}

/// Two cross-reference sections, each naming the other as the previous.
fn xref_loop_pdf() -> Vec<u8> {
    let mut pdf = raw_page_pdf("[0 0 595 842]", b"0 0 m 10 10 l S");
    let xref = find(&pdf, b"xref\n").expect("a table");
    let trailer = find(&pdf, b"trailer\n").expect("a trailer");
    let table = pdf[xref..trailer].to_vec();
    let root = find(&pdf, b"/Root 1 0 R >>").expect("a trailer");
    pdf.splice(root..root + 14, *b"/Root 1 0 R /Prev 0000000000 >>");
    let second = pdf.len();
    let prev = find(&pdf, b"/Prev 0000000000").expect("the link") + 6;
    pdf[prev..prev + 10].copy_from_slice(format!("{second:010}").as_bytes());
    pdf.extend(table);
    pdf.extend(
        format!("trailer\n<< /Size 5 /Root 1 0 R /Prev {xref} >>\nstartxref\n{second}\n%%EOF\n")
            .as_bytes(),
    );
    pdf
}

/// Text in a font whose Unicode map inflates to 100 MB.
fn to_unicode_bomb_pdf() -> Vec<u8> {
    let mut cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <0041> endbfchar endcmap end end".to_vec();
    cmap.extend(vec![b' '; 100 << 20]);
    page_pdf(
        &stream("", b"BT /F1 12 Tf 72 700 Td (AAAA) Tj ET"),
        "<< /Font << /F1 5 0 R >> >>",
        &[
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>".to_vec(),
            stream("", &cmap),
        ],
    )
}

/// A trailer that declares ten million objects.
fn size_bomb_pdf() -> Vec<u8> {
    let mut pdf = raw_page_pdf("[0 0 595 842]", b"0 0 m 10 10 l S");
    let size = find(&pdf, b"/Size 5").expect("a size");
    pdf.splice(size..size + 7, b"/Size 10000000".iter().copied());
    let xref = find(&pdf, b"xref\n0 5").expect("a table");
    pdf.splice(xref..xref + 8, b"xref\n0 10000000".iter().copied());
    pdf
}

/// One Tj of a million letters.
fn one_string_pdf() -> Vec<u8> {
    let mut content = b"BT /F1 12 Tf 72 700 Td (".to_vec();
    content.extend(b"A".repeat(1_000_000));
    content.extend(b") Tj ET");
    page_pdf(
        &stream("", &content),
        "<< /Font << /F1 5 0 R >> >>",
        &[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()],
    )
}

/// A ZIP holding only a folder: no document, and once no finding either.
fn folder_only_zip() -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    writer
        .add_directory("сканы/", options)
        .expect("can add a folder");
    writer.finish().expect("can finish the ZIP").into_inner()
}

/// A ZIP that stores its one entry uncompressed.
fn stored_zip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    writer
        .start_file(name, options)
        .expect("can start an entry");
    writer.write_all(bytes).expect("can write an entry");
    writer.finish().expect("can finish the ZIP").into_inner()
}

/// A stored ZIP whose central directory lists its one entry twice, under
/// two names: both read the same bytes.
fn overlapping_zip(bytes: &[u8]) -> Vec<u8> {
    let zip = stored_zip("a.pdf", bytes);
    let central = find(&zip, b"PK\x01\x02").expect("a central directory");
    let end = find(&zip, b"PK\x05\x06").expect("an end record");
    let mut entry = zip[central..end].to_vec();
    let name = find(&entry, b"a.pdf").expect("the entry's name");
    entry[name] = b'b';
    let mut out = zip[..end].to_vec();
    out.extend(&entry);
    let mut record = zip[end..].to_vec();
    let entries = 2u16.to_le_bytes();
    record[8..10].copy_from_slice(&entries);
    record[10..12].copy_from_slice(&entries);
    let size = ((end - central) * 2) as u32;
    record[12..16].copy_from_slice(&size.to_le_bytes());
    out.extend(record);
    out
}

/// A tar.gz of one file of `megabytes` of zeros.
fn tar_gz_bomb(megabytes: usize) -> Vec<u8> {
    let gzip = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    let mut builder = tar::Builder::new(gzip);
    let mut header = tar::Header::new_gnu();
    header.set_size((megabytes << 20) as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_cksum();
    let zeros = std::io::Read::take(std::io::repeat(0), (megabytes << 20) as u64);
    builder
        .append_data(&mut header, "паспорт.pdf", zeros)
        .expect("can add an entry");
    builder
        .into_inner()
        .expect("can finish the tar")
        .finish()
        .expect("can finish the gzip")
}

/// A tar of a symlink out of the folder, a hard link and a device.
fn tar_links() -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, kind, target) in [
        ("паспорт.jpg", tar::EntryType::Symlink, "/etc/passwd"),
        ("договор.pdf", tar::EntryType::Link, "/etc/shadow"),
        ("sda.pdf", tar::EntryType::Block, ""),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_size(0);
        header.set_mode(0o644);
        header.set_mtime(0);
        if !target.is_empty() {
            header.set_link_name(target).expect("a short link");
        }
        header.set_cksum();
        builder
            .append_data(&mut header, name, std::io::empty())
            .expect("can add an entry");
    }
    builder.into_inner().expect("can finish the tar")
}

/// A Word document whose main part is `document`.
fn docx_with(document: &[u8]) -> Vec<u8> {
    office_package(
        &[
            ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".as_slice()),
            ("_rels/.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".as_slice()),
            ("word/document.xml", document),
        ],
        "",
    )
}

/// A ZIP package of `parts`, with an OpenDocument `mimetype` first when
/// `mimetype` is not empty.
fn office_package(parts: &[(&str, &[u8])], mimetype: &str) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let parts = (!mimetype.is_empty() && !mimetype.contains("openxml"))
        .then_some(("mimetype", mimetype.as_bytes()))
        .into_iter()
        .chain(parts.iter().copied());
    for (name, bytes) in parts {
        writer.start_file(name, options).expect("can start a part");
        writer.write_all(bytes).expect("can write a part");
    }
    writer
        .finish()
        .expect("can finish the package")
        .into_inner()
}
