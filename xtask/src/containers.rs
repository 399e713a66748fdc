//! The containers clients send documents in, written as their programs
//! write them: archives (a Windows ZIP with CP866 names, 7z, tar.gz), phone
//! photos (HEIC, WebP), office documents (DOCX, ODT, a Word 97 file), and
//! the hostile archives a back office must survive.

use std::io::{Cursor, Write};

use image::GrayImage;

use crate::layout::{Doc, Style};

/// How a ZIP writes its entry names.
#[derive(Clone, Copy)]
pub enum Names {
    /// The UTF-8 flag set, as 7-Zip and macOS write them.
    Utf8,
    /// Windows Explorer's "Send to compressed folder" on a Russian system:
    /// the OEM code page, CP866, without the UTF-8 flag; a name CP866
    /// cannot spell (Kazakh letters) in UTF-8 with the flag.
    Cp866,
}

/// A ZIP of named files, deflated.
pub fn zip(files: &[(String, Vec<u8>)], names: Names) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        let raw = match names {
            Names::Utf8 => name.as_bytes().to_vec(),
            Names::Cp866 => match encoding_rs::IBM866.encode(name) {
                (_, _, true) => name.as_bytes().to_vec(),
                (oem, _, false) => oem.into_owned(),
            },
        };
        writer
            .start_file_with_options(options().name(&raw))
            .expect("can start an entry");
        writer.write_all(bytes).expect("can write an entry");
    }
    writer.finish().expect("can finish the ZIP").into_inner()
}

/// A ZIP whose every entry is AES-encrypted with a password.
pub fn encrypted_zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        // A fixed salt keeps the fixture byte-identical between runs.
        let salt = zip::AesSalt::Aes256([7; 16]);
        writer
            .start_file(name, options().with_aes_encryption_and_salt(b"1234", salt))
            .expect("can start an entry");
        writer.write_all(bytes).expect("can write an entry");
    }
    writer.finish().expect("can finish the ZIP").into_inner()
}

/// A ZIP holding `megabytes` of zeros that deflate to about a thousandth.
pub fn zip_bomb(megabytes: usize) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("скан паспорта.pdf", options())
        .expect("can start an entry");
    let zeros = vec![0; 1024 * 1024];
    for _ in 0..megabytes {
        writer.write_all(&zeros).expect("can write an entry");
    }
    writer.finish().expect("can finish the ZIP").into_inner()
}

fn options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
}

/// A 7z archive (LZMA2, one solid block), as 7-Zip writes by default.
pub fn seven_z(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer =
        sevenz_rust2::ArchiveWriter::new(Cursor::new(Vec::new())).expect("can start the 7z");
    for (name, bytes) in files {
        writer
            .push_archive_entry(
                sevenz_rust2::ArchiveEntry::new_file(name),
                Some(bytes.as_slice()),
            )
            .expect("can add an entry");
    }
    writer.finish().expect("can finish the 7z").into_inner()
}

/// A gzipped tar, as `tar czf` writes it (times and owners zeroed).
pub fn tar_gz(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let gzip = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(gzip);
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        builder
            .append_data(&mut header, name, bytes.as_slice())
            .expect("can add an entry");
    }
    let gzip = builder.into_inner().expect("can finish the tar");
    gzip.finish().expect("can finish the gzip")
}

/// A photo as an iPhone stores it: HEIC, HEVC-coded, colour.
pub fn heic(image: &GrayImage) -> Vec<u8> {
    use libheif_rs::{Channel, ColorSpace, EncoderQuality, HeifContext, Image, LibHeif, RgbChroma};
    let (width, height) = image.dimensions();
    let mut photo =
        Image::new(width, height, ColorSpace::Rgb(RgbChroma::Rgb)).expect("can make an image");
    photo
        .create_plane(Channel::Interleaved, width, height, 8)
        .expect("can add a plane");
    let planes = photo.planes_mut();
    let plane = planes.interleaved.expect("an interleaved plane");
    for (y, row) in plane
        .data
        .chunks_mut(plane.stride)
        .take(height as usize)
        .enumerate()
    {
        for x in 0..width as usize {
            let grey = image.get_pixel(x as u32, y as u32).0[0];
            row[x * 3..x * 3 + 3].copy_from_slice(&[grey, grey, grey.saturating_sub(8)]);
        }
    }
    let library = LibHeif::new();
    let mut encoder = library
        .encoder_for_format(libheif_rs::CompressionFormat::Hevc)
        .expect("libheif has an HEVC encoder (x265)");
    encoder
        .set_quality(EncoderQuality::Lossy(50))
        .expect("can set the quality");
    let mut context = HeifContext::new().expect("can make a context");
    context
        .encode_image(&photo, &mut encoder, None)
        .expect("can encode");
    context.write_to_bytes().expect("can write the HEIC")
}

/// A lossless WebP, as messengers forward a scan saved as a file.
pub fn webp(image: &GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut bytes)
        .encode(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::L8,
        )
        .expect("can encode a WebP");
    bytes
}

/// A Word document: one paragraph a line, titles bold and centred, a page
/// break between documents' pages.
pub fn docx(pages: &[Doc]) -> Vec<u8> {
    let mut body = String::new();
    for (index, doc) in pages.iter().enumerate() {
        if index > 0 {
            body.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
        }
        for line in &doc.lines {
            let (paragraph, run) = match line.style {
                Style::Title => (
                    r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#,
                    "<w:rPr><w:b/><w:sz w:val=\"28\"/></w:rPr>",
                ),
                Style::Heading => ("", "<w:rPr><w:b/></w:rPr>"),
                Style::Right => (r#"<w:pPr><w:jc w:val="right"/></w:pPr>"#, ""),
                Style::Body | Style::Mrz => ("", ""),
            };
            body.push_str(&format!(
                r#"<w:p>{paragraph}<w:r>{run}<w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(&line.text)
            ));
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    office_zip(&[
        ("[Content_Types].xml", DOCX_CONTENT_TYPES.to_string()),
        ("_rels/.rels", DOCX_RELS.to_string()),
        ("word/document.xml", document),
    ])
}

/// An OpenDocument text, as LibreOffice writes it: `mimetype` first and
/// stored, then the content.
pub fn odt(pages: &[Doc]) -> Vec<u8> {
    let mut body = String::new();
    for (index, doc) in pages.iter().enumerate() {
        if index > 0 {
            body.push_str("<text:soft-page-break/>");
        }
        for line in &doc.lines {
            let tag = match line.style {
                Style::Title | Style::Heading => "text:h",
                _ => "text:p",
            };
            body.push_str(&format!("<{tag}>{}</{tag}>", escape(&line.text)));
        }
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    office_zip(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.text".to_string(),
        ),
        ("META-INF/manifest.xml", ODT_MANIFEST.to_string()),
        ("content.xml", content),
    ])
}

/// A Word 97–2003 file: a compound file with a `WordDocument` stream.
pub fn legacy_doc() -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("can make a CFB");
    let mut stream = file
        .create_stream("/WordDocument")
        .expect("can add a stream");
    stream
        .write_all(&[0xEC, 0xA5, 0xC1, 0x00])
        .expect("can write the FIB magic");
    drop(stream);
    file.flush().expect("can flush the CFB");
    file.into_inner().into_inner()
}

fn office_zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        let method = match *name {
            "mimetype" => zip::CompressionMethod::Stored,
            _ => zip::CompressionMethod::Deflated,
        };
        writer
            .start_file(*name, options().compression_method(method))
            .expect("can start a part");
        writer.write_all(text.as_bytes()).expect("can write a part");
    }
    writer.finish().expect("can finish the ZIP").into_inner()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const DOCX_CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const DOCX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const ODT_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
