//! PDFs: the text layer where there is one, OCR of the embedded scan where not.

use lopdf::{Document, ObjectId};

use super::image::{self as raster, GrayImage};
use super::{ExtractError, Page, ocr};

/// A page whose text layer holds fewer letters and digits than this is taken
/// for a scan: scanners often add an invisible page number or a producer line.
const MIN_TEXT_LAYER_CHARS: usize = 20;

pub fn extract(bytes: &[u8]) -> Result<Vec<Page>, ExtractError> {
    let document = Document::load_mem(bytes).map_err(|err| match err {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => ExtractError::Encrypted,
        other => ExtractError::Corrupt {
            kind: "PDF",
            detail: other.to_string(),
        },
    })?;
    if document.is_encrypted() && document.encryption_state.is_none() {
        return Err(ExtractError::Encrypted);
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(ExtractError::NoPages);
    }
    pages
        .into_iter()
        .map(|(number, id)| read_page(&document, number, id))
        .collect()
}

fn read_page(document: &Document, number: u32, id: ObjectId) -> Result<Page, ExtractError> {
    // A page whose text cannot be decoded still has its scan to fall back on.
    let text = document.extract_text(&[number]).unwrap_or_default();
    if text.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_TEXT_LAYER_CHARS {
        return Ok(Page::text_layer(number, text));
    }
    match page_scan(document, id).map_err(|detail| ExtractError::Page {
        page: number,
        detail,
    })? {
        Some(image) => Ok(ocr::read_page(number, &image)?),
        // No text and no scan: a blank or vector-only page.
        None => Ok(Page::text_layer(number, text)),
    }
}

/// The page's largest embedded image: a scanner writes one per page.
fn page_scan(document: &Document, id: ObjectId) -> Result<Option<GrayImage>, String> {
    let images = document
        .get_page_images(id)
        .map_err(|err| err.to_string())?;
    let Some(largest) = images.iter().max_by_key(|image| image.width * image.height) else {
        return Ok(None);
    };
    let filters = largest.filters.as_deref().unwrap_or_default();
    let width = u32::try_from(largest.width).map_err(|_| "bad image width")?;
    let height = u32::try_from(largest.height).map_err(|_| "bad image height")?;
    match filters.last().map(String::as_str) {
        Some("DCTDecode") if filters.len() == 1 => raster::decode(largest.content).map(Some),
        None | Some("FlateDecode") => {
            let stream = document
                .get_object(largest.id)
                .and_then(|object| object.as_stream())
                .map_err(|err| err.to_string())?;
            let samples = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            if largest.bits_per_component != Some(8) {
                return Err(format!(
                    "unsupported image depth {:?} bits",
                    largest.bits_per_component
                ));
            }
            let pixels = width as usize * height as usize;
            let channels = samples.len().checked_div(pixels).unwrap_or(0);
            raster::from_samples(width, height, channels, samples).map(Some)
        }
        Some(other) => Err(format!("unsupported image compression {other}")),
    }
}
