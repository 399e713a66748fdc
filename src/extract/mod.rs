//! Stage 2: turn each file into pages of text.
//!
//! A PDF's text layer is taken as it is; images and scanned PDF pages go
//! through OCR. Everything later works on [`Page`]s only, so no stage re-reads
//! a file or re-runs OCR.

mod budget;
mod engine;
mod image;
mod mrz;
pub mod ocr;
mod office;
mod pdf;
mod photo;
mod tsv;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::discover::{Content, ContentType};

pub use self::budget::FileBudget;
pub(crate) use self::engine::version as tesseract_version;
pub use self::image::GrayImage;
pub use self::ocr::OcrError;
pub(crate) use self::pdf::TextLayer;

/// The machine-readable zone's own recogniser, for its training and
/// evaluation (`xtask train-mrz`, `xtask evaluate-mrz`).
pub mod zone {
    pub use super::mrz::cells::{
        CELL_HEIGHT, CELL_INPUTS, CELL_WIDTH, Grid, INK, Line, cells, lines,
    };
    pub use super::mrz::model::{
        CELL, FIRST, Layer, Maps, Matrix, Model, Network, POOLED, SECOND, SHAPES, SYMBOLS, Trace,
        multiply, patches, pool, softmax,
    };
    pub use super::mrz::recognise::{Reading, read};

    /// Every reading `dossier` makes of an image's zone once it knows the
    /// image's way up and no full-page text guides it to the zone (as
    /// `dossier mrz` reads an upright image): the recogniser's when it
    /// takes one, else Tesseract's variants (see
    /// [`crate::mrz::best_reading`] for the one kept).
    pub fn read_whole(image: &super::GrayImage) -> Result<Vec<Vec<String>>, super::OcrError> {
        super::mrz::read_zone(image, None)
    }
}

/// Where a page's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    PdfText,
    Ocr,
    /// The XML of a Word document.
    Docx,
    /// The XML of an OpenDocument text.
    Odt,
}

/// One page's text, with how it was obtained.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based page number within the file.
    pub number: u32,
    #[serde(skip)]
    pub text: String,
    /// Readings of the page's machine-readable zone by the MRZ pass (one a
    /// scale tried), if the page shows one.
    #[serde(skip)]
    pub mrz_readings: Vec<Vec<String>>,
    pub source: TextSource,
    /// Tesseract's mean word confidence, 0..1; absent for a text layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
    /// Clockwise degrees the page was turned to read it upright.
    pub rotation: u16,
    /// It was photographed on a table: the sheet was found in the photo,
    /// its perspective undone and its light evened out before OCR.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub perspective_corrected: bool,
    /// The words OCR read, with their boxes; empty for a text layer.
    #[serde(skip)]
    pub words: Vec<WordBox>,
}

/// A word OCR read, where it stands on the upright page, in pixels, and how
/// sure the engine is of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordBox {
    pub text: String,
    #[serde(flatten)]
    pub bbox: BoundingBox,
    /// 0..1.
    pub confidence: f32,
}

/// A rectangle on a page as it was read (turned upright), in pixels from
/// its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundingBox {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl BoundingBox {
    /// The smallest box holding both.
    fn union(self, other: BoundingBox) -> BoundingBox {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        let right = (self.x + self.width).max(other.x + other.width);
        let bottom = (self.y + self.height).max(other.y + other.height);
        BoundingBox {
            x,
            y,
            width: right - x,
            height: bottom - y,
        }
    }
}

/// Where a quoted piece of a page's text stands, and how sure its reading is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located {
    pub bbox: Option<BoundingBox>,
    pub confidence: f32,
}

impl Page {
    /// Where `quote` stands on the page: the box of the run of OCR'd words
    /// that spell it (punctuation and case aside) and the least confidence
    /// among them. A text layer is exact and has no boxes; an OCR'd quote
    /// that no run of words spells gets the page's confidence and no box.
    pub fn locate(&self, quote: &str) -> Located {
        let Some(page_confidence) = self.ocr_confidence else {
            return Located {
                bbox: None,
                confidence: 1.0,
            };
        };
        let wanted: Vec<String> = quote
            .split_whitespace()
            .map(bare)
            .filter(|w| !w.is_empty())
            .collect();
        let words: Vec<String> = self.words.iter().map(|word| bare(&word.text)).collect();
        let found = (!wanted.is_empty())
            .then(|| {
                words
                    .windows(wanted.len())
                    .position(|run| run == wanted.as_slice())
            })
            .flatten();
        match found {
            Some(at) => {
                let run = &self.words[at..at + wanted.len()];
                Located {
                    bbox: run.iter().map(|w| w.bbox).reduce(BoundingBox::union),
                    confidence: run.iter().map(|w| w.confidence).fold(1.0, f32::min),
                }
            }
            None => Located {
                bbox: None,
                confidence: page_confidence,
            },
        }
    }
}

/// A word without the punctuation around it, in lower case.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

impl Page {
    /// A page read from a PDF's text layer.
    pub(crate) fn text_layer(number: u32, text: String) -> Page {
        Page {
            number,
            text,
            mrz_readings: Vec::new(),
            source: TextSource::PdfText,
            ocr_confidence: None,
            rotation: 0,
            perspective_corrected: false,
            words: Vec::new(),
        }
    }
}

/// Why a file yielded no text at all.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("the PDF is encrypted")]
    Encrypted,
    #[error("corrupt {kind}: {detail}")]
    Corrupt { kind: &'static str, detail: String },
    #[error("the PDF has no pages")]
    NoPages,
    #[error("page {page}: {detail}")]
    Page { page: u32, detail: String },
    #[error(transparent)]
    Ocr(#[from] OcrError),
    #[error("dossier failed while reading it (internal error: {0})")]
    Internal(String),
    #[error("{0}")]
    OverLimit(String),
}

impl ExtractError {
    /// An image of `kind` that could not be decoded.
    fn image(kind: &'static str) -> impl Fn(image::ImageError) -> ExtractError {
        move |err| match err {
            image::ImageError::Damaged(detail) => ExtractError::Corrupt { kind, detail },
            image::ImageError::OverLimit(detail) => ExtractError::OverLimit(detail),
        }
    }
}

impl ExtractError {
    /// What to do about it, where the unreadable-file rule's general hint
    /// would not say.
    pub fn fix(&self) -> Option<String> {
        match self {
            ExtractError::OverLimit(_) => Some(
                "Rescan or re-export it as an ordinary PDF or photo at 300 DPI, a document a file; where the finding names a flag and the file is genuine, raise that limit.".into(),
            ),
            _ => None,
        }
    }

    /// An OCR engine that cannot start is the machine's problem, not the
    /// file's: it must stop the run instead of becoming a finding.
    pub fn is_fatal(&self) -> bool {
        matches!(self, ExtractError::Ocr(err) if err.is_fatal())
    }
}

/// How a page image becomes a [`Page`].
type ReadImage = fn(u32, &GrayImage) -> Result<Page, OcrError>;

/// Reads every page of a file, within its budget.
pub fn extract(content: &Content, budget: &FileBudget) -> Result<Vec<Page>, ExtractError> {
    extract_with(content, ocr::read_page, TextLayer::Read, budget)
}

/// Reads every page of a PDF by OCR, its text layer aside: a second look
/// at a document whose text layer made no sense (a font whose glyph
/// numbers happen to fall on letters passes for text).
pub fn extract_rendered(content: &Content, budget: &FileBudget) -> Result<Vec<Page>, ExtractError> {
    extract_with(content, ocr::read_page, TextLayer::Ignore, budget)
}

/// Reads only the machine-readable zone of each page, in any orientation,
/// without the full-page pass: `dossier mrz` and its evaluation. Text-layer
/// pages keep their text, where a zone may be written out.
pub fn extract_zones(content: &Content, budget: &FileBudget) -> Result<Vec<Page>, ExtractError> {
    extract_with(content, mrz::read_page, TextLayer::Read, budget)
}

/// Reads a photo or a single scan: the sheet cut out and squared first
/// when the photo shows it lying on a table.
fn read_photo(photo: GrayImage, read_image: ReadImage) -> Result<Vec<Page>, ExtractError> {
    let (image, perspective_corrected) = sheet_of(photo);
    let page = Page {
        perspective_corrected,
        ..read_image(1, &image)?
    };
    Ok(vec![page])
}

/// The sheet in a photo of it lying on a table, cut out and squared, or
/// the photo as it is; and whether it was squared.
fn sheet_of(photo: GrayImage) -> (GrayImage, bool) {
    match photo::flatten(&photo) {
        Some(sheet) => (image::fit_for_ocr(sheet), true),
        None => (photo, false),
    }
}

/// The image of each page of `wanted` (by number) as [`extract`] read it,
/// before it was turned upright ([`Page::rotation`]): a PDF's page whether
/// it has a text layer or not; a photo's one page whatever is wanted; and
/// nothing for a Word or OpenDocument file, which has no pages to draw.
/// Only the wanted pages are rendered: a stack split into documents is
/// not rendered whole for each.
/// The filing pack draws them; OCR's words lie on them turned upright.
pub fn page_images(
    content: &Content,
    wanted: &[u32],
    budget: &FileBudget,
) -> Result<Vec<(u32, GrayImage)>, ExtractError> {
    let pixels = budget.limits.max_page_pixels;
    let photo = |image: GrayImage| Ok(vec![(1, sheet_of(image).0)]);
    match content.kind {
        ContentType::Pdf => pdf::page_images(&content.bytes, wanted, budget),
        ContentType::Jpeg | ContentType::Png | ContentType::WebP => budget.step(|| {
            photo(image::decode(&content.bytes, pixels).map_err(ExtractError::image("image"))?)
        }),
        ContentType::Heif => budget.step(|| {
            photo(image::decode_heif(&content.bytes, pixels).map_err(ExtractError::image("HEIF"))?)
        }),
        ContentType::Docx | ContentType::Odt => Ok(Vec::new()),
        // A TIFF's pages are decoded in turn; only the wanted are kept.
        ContentType::Tiff => image::read_tiff(
            &content.bytes,
            1,
            budget,
            ExtractError::image("TIFF"),
            |pages| {
                Ok(pages
                    .into_iter()
                    .filter(|(number, _)| wanted.contains(number))
                    .collect())
            },
        ),
    }
}

/// The page OCR reads on an image: its words with their boxes, its zone's
/// readings, and the turn (degrees clockwise) that puts the image upright
/// as the boxes stand. A redaction finds on a typed page's image what its
/// text layer does not place. Held to `budget`, as any reading of a file
/// is.
pub fn read_image(image: &GrayImage, budget: &FileBudget) -> Result<Page, ExtractError> {
    budget.step(|| Ok(ocr::read_page(1, image)?))
}

/// `image` turned by `degrees` clockwise, as OCR turned a page upright.
pub fn turned(image: &GrayImage, degrees: u16) -> GrayImage {
    ocr::rotate(image, degrees)
}

pub(crate) fn extract_with(
    content: &Content,
    read_image: ReadImage,
    layer: TextLayer,
    budget: &FileBudget,
) -> Result<Vec<Page>, ExtractError> {
    let pixels = budget.limits.max_page_pixels;
    match content.kind {
        ContentType::Pdf => pdf::extract(&content.bytes, read_image, layer, budget),
        ContentType::Jpeg | ContentType::Png | ContentType::WebP => budget.step(|| {
            let image =
                image::decode(&content.bytes, pixels).map_err(ExtractError::image("image"))?;
            read_photo(image, read_image)
        }),
        ContentType::Heif => budget.step(|| {
            let image =
                image::decode_heif(&content.bytes, pixels).map_err(ExtractError::image("HEIF"))?;
            read_photo(image, read_image)
        }),
        ContentType::Docx => budget.step(|| office::extract(&content.bytes, office::Office::Docx)),
        ContentType::Odt => budget.step(|| office::extract(&content.bytes, office::Office::Odt)),
        ContentType::Tiff => {
            // A multi-page scan's pages are read in parallel like separate
            // files, a batch of as many as there are threads at a time.
            image::read_tiff(
                &content.bytes,
                rayon::current_num_threads(),
                budget,
                ExtractError::image("TIFF"),
                |batch| {
                    batch
                        .into_par_iter()
                        .map(|(number, image)| budget.step(|| Ok(read_image(number, &image)?)))
                        .collect()
                },
            )
        }
    }
}
