//! PDFs: the text layer where there is one, OCR of the embedded scan where not.

mod drawing;

use lopdf::{Document, LoadOptions, ObjectId};
use rayon::prelude::*;

use super::budget::FileBudget;
use super::image::{self as raster, GrayImage, ImageError};
use super::{ExtractError, Page, ReadImage};

/// A page whose text layer holds fewer letters and digits than this is taken
/// for a scan: scanners often add an invisible page number or a producer line.
const MIN_TEXT_LAYER_CHARS: usize = 20;

/// A page whose text layer holds fewer letters and digits than this, over a
/// scan, is a scan with something typed on it (a registration stamp, a
/// number): both are read. A typed page of the shortest document a bundle
/// holds runs to 400 and more; a stamp to under 150.
const FULL_PAGE_CHARS: usize = 200;

/// Bytes an object stream (or any stream lopdf expands as it loads the
/// file) may decompress to: a real one holds a few hundred objects in
/// under a megabyte.
const MAX_STREAM_BYTES: usize = 8 * 1024 * 1024;

/// An embedded image of at least this many pixels is a scan of the page,
/// not a logo or a signature (an A4 page at 150 DPI has 2.2 million).
const MIN_SCAN_PIXELS: u64 = 1_000_000;

/// Pages are rendered at the resolution Tesseract reads best, and never over
/// an A4 page's pixels at it (a poster-sized page would cost minutes of OCR).
const RENDER_DPI: f32 = 300.0;
const RENDER_MAX_PX: f32 = 3508.0;

/// Whether a PDF's text layer is read, or every page rendered and OCR'd.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLayer {
    Read,
    /// For a second look at a document whose text layer made no sense.
    Ignore,
}

pub fn extract(
    bytes: &[u8],
    read_image: ReadImage,
    layer: TextLayer,
    budget: &FileBudget,
) -> Result<Vec<Page>, ExtractError> {
    let renderer = Renderer::new(bytes);
    let (document, pages) = load(bytes, budget)?;
    let reader = PageReader {
        document: &document,
        renderer: &renderer,
        layer,
        max_pixels: budget.limits.max_page_pixels,
    };
    // A multi-page scan's pages are read in parallel like separate files.
    pages
        .into_par_iter()
        .map(|(number, id)| budget.step(|| reader.read(number, id, read_image)))
        .collect()
}

/// The image of each page of `wanted` as [`extract`] would OCR it, a text
/// layer or not: the filing pack draws every page of a document.
pub fn page_images(
    bytes: &[u8],
    wanted: &[u32],
    budget: &FileBudget,
) -> Result<Vec<(u32, GrayImage)>, ExtractError> {
    let renderer = Renderer::new(bytes);
    let (document, mut pages) = load(bytes, budget)?;
    pages.retain(|(number, _)| wanted.contains(number));
    let reader = PageReader {
        document: &document,
        renderer: &renderer,
        layer: TextLayer::Ignore,
        max_pixels: budget.limits.max_page_pixels,
    };
    pages
        .into_par_iter()
        .map(|(number, id)| {
            budget.step(|| {
                let content = reader.content(number, id)?;
                Ok((number, reader.scan(number, id, &content)?))
            })
        })
        .collect()
}

/// The parsed file and its pages, by number, within the limits.
fn load(
    bytes: &[u8],
    budget: &FileBudget,
) -> Result<(Document, Vec<(u32, ObjectId)>), ExtractError> {
    let options = LoadOptions::with_max_decompressed_size(MAX_STREAM_BYTES);
    let document = budget.step(|| {
        Document::load_mem_with_options(bytes, options).map_err(|err| match err {
            lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => ExtractError::Encrypted,
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                ExtractError::OverLimit(format!(
                    "one of its streams decompresses to over {} MiB",
                    MAX_STREAM_BYTES >> 20
                ))
            }
            other => ExtractError::Corrupt {
                kind: "PDF",
                detail: other.to_string(),
            },
        })
    })?;
    if document.is_encrypted() && document.encryption_state.is_none() {
        return Err(ExtractError::Encrypted);
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(ExtractError::NoPages);
    }
    let limits = budget.limits;
    if pages.len() > limits.max_pages {
        return Err(ExtractError::OverLimit(format!(
            "{} pages, over the limit of {} for one file (--max-pages)",
            pages.len(),
            limits.max_pages
        )));
    }
    Ok((document, pages.into_iter().collect()))
}

/// Reads a PDF's pages: the parsed file, its renderer, and OCR.
struct PageReader<'a> {
    document: &'a Document,
    renderer: &'a Renderer<'a>,
    layer: TextLayer,
    max_pixels: u64,
}

impl PageReader<'_> {
    /// The page's content stream, within its limit.
    fn content(&self, number: u32, id: ObjectId) -> Result<Vec<u8>, ExtractError> {
        self.document
            .get_page_content_with_limit(id, drawing::MAX_DRAWING_BYTES)
            .map_err(|_| {
                ExtractError::OverLimit(format!(
                    "page {number}'s content decompresses to over {} MiB",
                    drawing::MAX_DRAWING_BYTES >> 20
                ))
            })
    }

    fn read(&self, number: u32, id: ObjectId, read_image: ReadImage) -> Result<Page, ExtractError> {
        let content = self.content(number, id)?;
        // A page whose text cannot be decoded still has its scan to fall back on.
        let text = self
            .document
            .extract_text_with_limit(&[number], drawing::MAX_DRAWING_BYTES)
            .unwrap_or_default();
        let chars = text.chars().filter(|c| c.is_alphanumeric()).count();
        if self.layer == TextLayer::Ignore && !drawing::is_blank(&content) {
            return self.read_scan(number, id, &content, read_image);
        }
        if chars < MIN_TEXT_LAYER_CHARS || !decodes_to_words(&text) {
            if drawing::is_blank(&content) {
                // Nothing drawn: a blank page costs no rendering and no OCR.
                return Ok(Page::text_layer(number, text));
            }
            return self.read_scan(number, id, &content, read_image);
        }
        if chars >= FULL_PAGE_CHARS || !holds_scan(self.document, id) {
            return Ok(Page::text_layer(number, text));
        }
        // Typed text over a scan: the scan read, the typed text after it.
        let mut page = self.read_scan(number, id, &content, read_image)?;
        page.text = format!("{}\n{}", page.text.trim_end(), text.trim());
        Ok(page)
    }

    /// The page's scan read by OCR: the embedded image at its own
    /// resolution when lopdf can decode it (JPEG, Flate) and it is the size
    /// of a page; otherwise the page rendered: CCITT, JBIG2 and JPEG 2000
    /// scans, text drawn as outlines, and text in fonts whose codes do not
    /// map to letters beside a logo.
    /// A page is rendered only once [`drawing::check`] finds nothing in
    /// its `content` that would cost the renderer too much.
    fn read_scan(
        &self,
        number: u32,
        id: ObjectId,
        content: &[u8],
        read_image: ReadImage,
    ) -> Result<Page, ExtractError> {
        let image = self.scan(number, id, content)?;
        Ok(read_image(number, &image)?)
    }

    /// The page's image: its scan, or the page rendered (see [`Self::read_scan`]).
    fn scan(&self, number: u32, id: ObjectId, content: &[u8]) -> Result<GrayImage, ExtractError> {
        Ok(match page_scan(self.document, id, self.max_pixels) {
            Ok(Some(image)) if pixels(&image) >= MIN_SCAN_PIXELS => image,
            Err(ImageError::OverLimit(detail)) => return Err(ExtractError::OverLimit(detail)),
            Ok(_) | Err(ImageError::Damaged(_)) => {
                let resources = self
                    .document
                    .get_page_resources(id)
                    .ok()
                    .and_then(|(resources, _)| resources);
                drawing::check(self.document, content, resources, self.max_pixels)
                    .map_err(|why| ExtractError::OverLimit(format!("page {number} {why}")))?;
                self.renderer
                    .render(number)
                    .map_err(|detail| ExtractError::Page {
                        page: number,
                        detail,
                    })?
            }
        })
    }
}

/// Whether a text layer reads as text. A font without a Unicode map gives
/// its glyph numbers instead, which come out as control characters,
/// private-use code points or ASCII punctuation (in running text letters
/// and digits are four in five of the characters that are not blanks to
/// fill in); a Cyrillic font mapped as Latin-1 gives «Òðóäîâîé äîãîâîð», a
/// run of accented Latin letters no language writes (Turkish, the Latin
/// language richest in them, has under a tenth of its letters there).
fn decodes_to_words(text: &str) -> bool {
    let mut visible = 0usize;
    let mut broken = 0usize;
    let mut letters = 0usize;
    let mut digits = 0usize;
    let mut accented = 0usize;
    let blank = |c: &char| c.is_whitespace() || matches!(c, '_' | '.' | '…' | '-' | '·');
    for c in text.chars().filter(|c| !blank(c)) {
        visible += 1;
        if c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) || c == '\u{FFFD}' {
            broken += 1;
        } else if c.is_alphabetic() {
            letters += 1;
            if ('\u{C0}'..='\u{FF}').contains(&c) && c != '×' && c != '÷' {
                accented += 1;
            }
        } else if c.is_numeric() {
            digits += 1;
        }
    }
    broken * 10 <= visible && (letters + digits) * 2 >= visible && accented * 10 <= letters * 3
}

fn pixels(image: &GrayImage) -> u64 {
    u64::from(image.width()) * u64::from(image.height())
}

/// Whether the page shows a scan under its text: an embedded image the size
/// of a scanned page.
fn holds_scan(document: &Document, id: ObjectId) -> bool {
    document.get_page_images(id).is_ok_and(|images| {
        images.iter().any(|image| {
            let pixels = image.width.max(0) as u64 * image.height.max(0) as u64;
            pixels >= MIN_SCAN_PIXELS
        })
    })
}

/// Renders pages with hayro, parsing the file once, and only if a page needs it.
struct Renderer<'a> {
    bytes: &'a [u8],
    pdf: std::sync::OnceLock<Result<hayro::hayro_syntax::Pdf, String>>,
}

impl<'a> Renderer<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Renderer {
            bytes,
            pdf: std::sync::OnceLock::new(),
        }
    }

    /// Renders a 1-based page at 300 DPI (less for pages over A4's size).
    fn render(&self, number: u32) -> Result<GrayImage, String> {
        let pdf = self
            .pdf
            .get_or_init(|| {
                hayro::hayro_syntax::Pdf::new(self.bytes.to_vec())
                    .map_err(|err| format!("cannot render: {err:?}"))
            })
            .as_ref()
            .map_err(Clone::clone)?;
        let page = pdf
            .pages()
            .get(number as usize - 1)
            .ok_or("cannot render: no such page")?;
        let (width, height) = page.render_dimensions();
        let scale = (RENDER_DPI / 72.0).min(RENDER_MAX_PX / width.max(height).max(1.0));
        let settings = hayro::PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        };
        let pixmap = hayro::render(
            page,
            &hayro::RenderCache::new(),
            &hayro::hayro_interpret::InterpreterSettings::default(),
            &hayro::RenderSettings::default(),
            &settings,
        );
        let rgba = pixmap.data_as_u8_slice().to_vec();
        raster::from_samples(
            u32::from(pixmap.width()),
            u32::from(pixmap.height()),
            4,
            rgba,
        )
    }
}

/// The page's largest embedded image: a scanner writes one per page. Its
/// declared size is checked before a byte is inflated, and inflating stops
/// at the bytes that size needs, so a Flate bomb costs nothing.
fn page_scan(
    document: &Document,
    id: ObjectId,
    max_pixels: u64,
) -> Result<Option<GrayImage>, ImageError> {
    let images = document
        .get_page_images(id)
        .map_err(|err| err.to_string())?;
    let largest = images
        .iter()
        .max_by_key(|image| image.width.saturating_mul(image.height));
    let Some(largest) = largest else {
        return Ok(None);
    };
    let filters = largest.filters.as_deref().unwrap_or_default();
    let width = u32::try_from(largest.width).map_err(|_| "bad image width".to_string())?;
    let height = u32::try_from(largest.height).map_err(|_| "bad image height".to_string())?;
    raster::check_size(width, height, max_pixels)?;
    match filters.last().map(String::as_str) {
        Some("DCTDecode") if filters.len() == 1 => {
            raster::decode(largest.content, max_pixels).map(Some)
        }
        None | Some("FlateDecode") if filters.len() <= 1 => {
            if largest.bits_per_component != Some(8) {
                return Err(format!(
                    "unsupported image depth {:?} bits",
                    largest.bits_per_component
                )
                .into());
            }
            let stream = document
                .get_object(largest.id)
                .and_then(|object| object.as_stream())
                .map_err(|err| err.to_string())?;
            if stream.dict.has(b"DecodeParms") {
                return Err("image samples with a predictor".to_string().into());
            }
            // Grey, grey and alpha, RGB or RGBA: four bytes a pixel at most.
            let most = u64::from(width) * u64::from(height) * 4;
            let samples = match filters.is_empty() {
                true => stream.content.clone(),
                false => inflate(&stream.content, most)?,
            };
            let pixels = width as usize * height as usize;
            let channels = samples.len().checked_div(pixels).unwrap_or(0);
            Ok(Some(raster::from_samples(
                width, height, channels, samples,
            )?))
        }
        _ => Err(format!("unsupported image compression {}", filters.join(" + ")).into()),
    }
}

/// Inflates a zlib stream up to `most` bytes.
fn inflate(deflated: &[u8], most: u64) -> Result<Vec<u8>, ImageError> {
    use std::io::Read;
    let mut samples = Vec::new();
    flate2::read::ZlibDecoder::new(deflated)
        .take(most)
        .read_to_end(&mut samples)
        .map_err(|err| format!("cannot inflate the image: {err}"))?;
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_decodes_to_words() {
        assert!(decodes_to_words("ТРУДОВОЙ ДОГОВОР № 15 от 01.11.2026"));
        assert!(decodes_to_words(
            "Adli sicil kaydı: Türkiye Cumhuriyeti Adalet Bakanlığı"
        ));
        assert!(decodes_to_words("无犯罪记录证明 兹证明"));
        // Glyph numbers from a font without a ToUnicode map.
        assert!(!decodes_to_words(
            "\u{1}\u{2}\u{3}\u{4}\u{5}\u{1}\u{6} \u{8}!\u{10}\u{3}\u{7}\"\u{13}"
        ));
        // The same, as lopdf decodes it: punctuation with a letter or two.
        assert!(!decodes_to_words(
            "   !\" #\n\"$\"%  !&\n!\"&’&’&\"(  ) )*\"+,+\n\"%-! !./$01$/!\" \"\n0$/"
        ));
        assert!(decodes_to_words(
            "Фамилия ______________ Имя ____________ Дата ..........."
        ));
        // A Cyrillic font's codes read as Latin-1.
        assert!(!decodes_to_words("Òðóäîâîé äîãîâîð ¹ 15 îò 01.11.2026"));
    }
}
