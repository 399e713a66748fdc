//! What a file's first bytes say it is.

use std::io::{Cursor, Read};

use super::DiscoverProblem;
use super::archive::ArchiveFormat;

/// A document format the extract stage reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentType {
    Pdf,
    Jpeg,
    Png,
    Tiff,
    WebP,
    /// HEIC/HEIF and AVIF photos, the iPhone's default.
    Heif,
    Docx,
    Odt,
}

/// What a readable file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Document(ContentType),
    Archive(ArchiveFormat),
}

/// HEIF brands (ISO/IEC 23008-12) in an `ftyp` box: HEVC stills and
/// sequences, the generic image brands, and AVIF, which libheif also reads.
const HEIF_BRANDS: [&[u8; 4]; 9] = [
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif",
];

/// The compound-file header of Office 97–2003 documents.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Tells a document's type from its magic bytes. PDFs may carry junk before
/// `%PDF` (some scanners prepend a header), which readers accept within 1 KiB.
pub fn sniff(bytes: &[u8]) -> Option<ContentType> {
    match format(bytes, crate::Limits::default().max_entries) {
        Ok(Format::Document(kind)) => Some(kind),
        _ => None,
    }
}

/// Tells a document from an archive, and names what cannot be read. Magic
/// bytes where their format puts them win; only then is `%PDF-` looked for
/// further in (a stored ZIP or a tar holding a PDF has it in its first KiB).
///
/// A ZIP declaring more than `max_entries` is not looked into: its index
/// alone could cost more memory than any document, and unpacking refuses
/// it from the same count.
pub(super) fn format(bytes: &[u8], max_entries: usize) -> Result<Format, DiscoverProblem> {
    let head = &bytes[..bytes.len().min(1024)];
    let document = |kind| Ok(Format::Document(kind));
    let archive = |format| Ok(Format::Archive(format));
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        document(ContentType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        document(ContentType::Png)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        document(ContentType::Tiff)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        document(ContentType::WebP)
    } else if is_heif(bytes) {
        document(ContentType::Heif)
    } else if bytes.starts_with(b"%PDF-") {
        document(ContentType::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        zip_flavour(bytes, max_entries)
    } else if bytes.starts_with(b"7z\xBC\xAF\x27\x1C") {
        archive(ArchiveFormat::SevenZ)
    } else if bytes.starts_with(&[0x1F, 0x8B]) {
        archive(ArchiveFormat::Gzip)
    } else if bytes.len() > 262 && &bytes[257..262] == b"ustar" {
        archive(ArchiveFormat::Tar)
    } else if bytes.starts_with(&OLE_MAGIC) {
        Err(DiscoverProblem::LegacyOffice)
    } else if bytes.starts_with(b"Rar!\x1A\x07") {
        Err(DiscoverProblem::Rar)
    } else if head.windows(5).any(|window| window == b"%PDF-") {
        // Some scanners prepend a header, which PDF readers accept.
        document(ContentType::Pdf)
    } else {
        Err(DiscoverProblem::Unsupported)
    }
}

/// Whether an image ends before its end marker, as a transfer cut short
/// leaves it: a JPEG without an end-of-image after its last scan (a
/// thumbnail in the EXIF has its own, earlier), a PNG without `IEND`.
/// Decoders read such a file and paint the missing rows grey.
pub fn is_cut_short(kind: ContentType, bytes: &[u8]) -> bool {
    let find_last = |marker: &[u8]| bytes.windows(marker.len()).rposition(|w| w == marker);
    match kind {
        ContentType::Jpeg => match find_last(&[0xFF, 0xDA]) {
            Some(scan) => !bytes[scan..].windows(2).any(|w| w == [0xFF, 0xD9]),
            None => true,
        },
        ContentType::Png => find_last(b"IEND").is_none(),
        _ => false,
    }
}

/// `ftyp` at offset 4 with a HEIF brand as the major or a compatible brand.
fn is_heif(bytes: &[u8]) -> bool {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return false;
    }
    let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let brands = &bytes[8..size.clamp(16, bytes.len().min(64))];
    brands
        .chunks_exact(4)
        .any(|brand| HEIF_BRANDS.iter().any(|heif| brand == heif.as_slice()))
}

/// A ZIP is a DOCX or ODT by the parts inside it; other Office containers
/// hold no running text; anything else is an archive.
fn zip_flavour(bytes: &[u8], max_entries: usize) -> Result<Format, DiscoverProblem> {
    let declared = declared_zip_entries(bytes).unwrap_or(0);
    if declared > u64::try_from(max_entries).unwrap_or(u64::MAX) {
        return Ok(Format::Archive(ArchiveFormat::Zip));
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Unpacking says what is wrong with it.
        return Ok(Format::Archive(ArchiveFormat::Zip));
    };
    let has = |name: &[u8]| zip.file_names_raw().any(|known| known == name);
    let under = |folder: &[u8]| zip.file_names_raw().any(|name| name.starts_with(folder));
    let (word, spreadsheet, mimetype) = (
        has(b"word/document.xml"),
        under(b"xl/") || under(b"ppt/"),
        has(b"mimetype"),
    );
    if spreadsheet {
        return Err(DiscoverProblem::NotTextOffice);
    }
    if word || docx_main_part(&mut zip).is_some() {
        return Ok(Format::Document(ContentType::Docx));
    }
    if !mimetype {
        return Ok(Format::Archive(ArchiveFormat::Zip));
    }
    let mut mimetype = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        let _ = entry.take(100).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => Ok(Format::Document(ContentType::Odt)),
        other if other.starts_with("application/vnd.oasis.opendocument.") => {
            Err(DiscoverProblem::NotTextOffice)
        }
        _ => Ok(Format::Archive(ArchiveFormat::Zip)),
    }
}

/// The entries a ZIP's end-of-central-directory record declares (the
/// record is the last 22 bytes but for a comment of up to 65,535), or the
/// ZIP64 record it points to declares; `None` when neither is found.
pub(super) fn declared_zip_entries(bytes: &[u8]) -> Option<u64> {
    const RECORD: usize = 22;
    let start = bytes.len().saturating_sub(RECORD + usize::from(u16::MAX));
    let at = start
        + bytes[start..]
            .windows(4)
            .rposition(|window| window == b"PK\x05\x06")?;
    let record = bytes.get(at..at + RECORD)?;
    let total = u16::from_le_bytes([record[10], record[11]]);
    if total != u16::MAX {
        return Some(u64::from(total));
    }
    // ZIP64: a locator just before the record gives the real record's offset.
    let locator = bytes.get(at.checked_sub(20)?..at)?;
    if &locator[..4] != b"PK\x06\x07" {
        return None;
    }
    let offset = usize::try_from(u64::from_le_bytes(locator[8..16].try_into().ok()?)).ok()?;
    let record = bytes.get(offset..offset.checked_add(40)?)?;
    if &record[..4] != b"PK\x06\x06" {
        return None;
    }
    Some(u64::from_le_bytes(record[32..40].try_into().ok()?))
}

/// The start of a package part, as far as a small XML part runs.
fn small_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Vec<u8>> {
    let mut part = Vec::new();
    zip.by_name(name)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut part)
        .ok()?;
    Some(part)
}

/// The main part of a Word package, as its `_rels/.rels` names it: Word
/// writes `word/document.xml`, but other writers may not, and the package
/// relationship is what the format defines. Workbooks and presentations
/// name theirs the same way, so the package's content types must say it
/// is a word-processing document. `None` when it is not, or no such part
/// is there.
pub(crate) fn docx_main_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Option<String> {
    const OFFICE_DOCUMENT: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    const WORD_MAIN: &[u8] = b"wordprocessingml.document.main+xml";
    let types = small_part(zip, "[Content_Types].xml")?;
    if !types
        .windows(WORD_MAIN.len())
        .any(|window| window == WORD_MAIN)
    {
        return None;
    }
    let rels = small_part(zip, "_rels/.rels")?;
    let mut reader = quick_xml::Reader::from_reader(rels.as_slice());
    let mut buffer = Vec::new();
    let target = loop {
        match reader.read_event_into(&mut buffer).ok()? {
            quick_xml::events::Event::Eof => return None,
            quick_xml::events::Event::Empty(element) | quick_xml::events::Event::Start(element)
                if element.local_name().as_ref() == b"Relationship" =>
            {
                let attribute = |name: &[u8]| {
                    element
                        .try_get_attribute(name)
                        .ok()
                        .flatten()
                        .map(|value| String::from_utf8_lossy(&value.value).into_owned())
                };
                if attribute(b"Type").as_deref() == Some(OFFICE_DOCUMENT) {
                    break attribute(b"Target")?;
                }
            }
            _ => {}
        }
        buffer.clear();
    };
    let part = target.trim_start_matches('/').to_string();
    let exists = zip.file_names_raw().any(|name| name == part.as_bytes());
    (exists && part.ends_with(".xml")).then_some(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(ContentType::Pdf));
        assert_eq!(sniff(b"junk\r\n%PDF-1.4"), Some(ContentType::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ContentType::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(ContentType::Png));
        assert_eq!(sniff(b"II*\0...."), Some(ContentType::Tiff));
        assert_eq!(sniff(b"MM\0*...."), Some(ContentType::Tiff));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(ContentType::WebP));
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            Some(ContentType::Heif)
        );
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0isommp41"), None);
    }

    #[test]
    fn tells_an_image_cut_short() {
        // A thumbnail's end marker comes before the main image's scan.
        let whole = [
            &[0xFF, 0xD8][..],
            &[0xFF, 0xD9],
            &[0xFF, 0xDA, 1, 2],
            &[0xFF, 0xD9],
        ]
        .concat();
        assert!(!is_cut_short(ContentType::Jpeg, &whole));
        assert!(is_cut_short(ContentType::Jpeg, &whole[..whole.len() - 2]));
        assert!(is_cut_short(ContentType::Png, b"\x89PNG\r\n\x1a\n....IDAT"));
        assert!(!is_cut_short(
            ContentType::Png,
            b"\x89PNG\r\n\x1a\n....IEND\xaeB`\x82"
        ));
        assert!(!is_cut_short(ContentType::Pdf, b"%PDF-1.4"));
    }

    #[test]
    fn a_zip_declares_its_entries_at_its_end() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for name in ["a.pdf", "b.pdf", "c.pdf"] {
            let options = zip::write::SimpleFileOptions::default();
            writer.start_file(name, options).unwrap();
            writer.write_all(b"%PDF-1.4").unwrap();
        }
        let zip = writer.finish().unwrap().into_inner();
        assert_eq!(declared_zip_entries(&zip), Some(3));
        assert_eq!(declared_zip_entries(&zip[..zip.len() - 10]), None);
        assert_eq!(declared_zip_entries(b"PK\x05\x06"), None);
        // Over the limit, the index is not parsed to tell DOCX from ZIP.
        assert_eq!(format(&zip, 2), Ok(Format::Archive(ArchiveFormat::Zip)));
    }

    #[test]
    fn names_what_it_cannot_read() {
        assert_eq!(
            format(&[OLE_MAGIC.as_slice(), &[0; 8]].concat(), 1000),
            Err(DiscoverProblem::LegacyOffice)
        );
        assert_eq!(
            format(b"Rar!\x1A\x07\x01\0", 1000),
            Err(DiscoverProblem::Rar)
        );
        assert_eq!(
            format(b"plain text", 1000),
            Err(DiscoverProblem::Unsupported)
        );
        assert_eq!(
            format(b"7z\xBC\xAF\x27\x1C\0\x04", 1000),
            Ok(Format::Archive(ArchiveFormat::SevenZ))
        );
        // Magic at offset 0 wins over a PDF inside: a stored ZIP of a PDF.
        assert_eq!(
            format(b"PK\x03\x04\x14\0\0\0\0\0 scan.pdf %PDF-1.4 ...", 1000),
            Ok(Format::Archive(ArchiveFormat::Zip))
        );
        // A ZIP whose directory cannot be read is an archive to report on.
        assert_eq!(
            format(b"PK\x03\x04 broken", 1000),
            Ok(Format::Archive(ArchiveFormat::Zip))
        );
    }
}
