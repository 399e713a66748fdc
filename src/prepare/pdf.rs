//! The pack's PDFs, written with krilla: scanned pages as grey JPEG with
//! the words OCR read laid invisibly over them, and pages of plain text,
//! each file claiming PDF/A-2b where krilla's validator finds it holds.

use chrono::{Datelike, NaiveDate};
use image::GrayImage;
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::error::KrillaError;
use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph, TextDirection};
use krilla::{Data, Document, SerializeSettings};
use skrifa::MetadataProvider;

use crate::extract::WordBox;

/// DejaVu Sans, cut down to Latin and Cyrillic (see `assets/fonts`).
static SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// An A4 sheet's sides, in points.
const A4: (f32, f32) = (595.28, 841.89);

/// The longest side a PDF page may have (PDF 1.7, annex C), in points.
const MAX_PAGE_POINTS: f32 = 14_400.0;

/// The longest side a baseline JPEG may have, in pixels (it stores 16 bits).
const MAX_JPEG_SIDE: f32 = 65_535.0;

/// A page of a pack document.
pub enum Sheet {
    /// A scan or photo turned upright, with the words OCR read on it (in
    /// its pixels), or the text typed on the page, which has no boxes.
    Scan {
        image: GrayImage,
        words: Vec<WordBox>,
        typed: String,
    },
    /// Lines of text with no page image: a Word file's text, the cover.
    Text(Vec<Line>),
}

/// A line of a text page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// Set in bold, a size larger, with space above.
    pub heading: bool,
}

impl Line {
    pub fn body(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            heading: false,
        }
    }

    pub fn heading(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            heading: true,
        }
    }

    pub fn blank() -> Line {
        Line::body("")
    }
}

/// How the pack draws its pages.
#[derive(Debug, Clone, Copy)]
pub struct Drawing {
    /// A scan is drawn at no more than this many pixels an inch.
    pub dpi: f32,
    /// The JPEG quality of scans, 1 to 100.
    pub jpeg_quality: u8,
    /// Every page stamped as a draft: the bundle was not ready.
    pub draft: bool,
}

/// What a document's PDF is called and when it was made.
pub struct Title<'a> {
    pub title: &'a str,
    /// The filing date: the file's creation date, so that the same bundle
    /// gives the same bytes.
    pub as_of: NaiveDate,
    /// The file's ID (hex), from what it was made of.
    pub id: &'a str,
}

/// A written PDF, its pages, and whether it claims PDF/A-2b.
pub struct Written {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub archival: bool,
}

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("could not encode a page as JPEG: {0}")]
    Jpeg(#[from] image::ImageError),
    #[error("krilla could not write the PDF: {0}")]
    Krilla(String),
}

/// The pages as one PDF: PDF/A-2b when krilla's validator passes it, and
/// otherwise the same pages without the claim (the error says which rule
/// failed; no input of ours is known to).
pub fn write(sheets: &[Sheet], drawing: Drawing, title: &Title) -> Result<Written, PdfError> {
    let jpegs = sheets
        .iter()
        .map(|sheet| match sheet {
            Sheet::Scan { image, .. } => scaled_jpeg(image, drawing).map(Some),
            Sheet::Text(_) => Ok(None),
        })
        .collect::<Result<Vec<_>, PdfError>>()?;
    let draw = |archival: bool| {
        let mut settings = SerializeSettings {
            enable_tagging: false,
            ..SerializeSettings::default()
        };
        if archival {
            settings.configuration = ConfigurationBuilder::new()
                .with_archival_validator(Archival::A2_B)
                .finish()
                .map_err(|err| PdfError::Krilla(format!("{err:?}")))?;
        }
        let mut document = Document::new_with(settings);
        document.set_metadata(metadata(title));
        let fonts = Fonts::new();
        for (sheet, jpeg) in sheets.iter().zip(&jpegs) {
            draw_sheet(&mut document, sheet, jpeg.as_ref(), &fonts, drawing)?;
        }
        Ok::<_, PdfError>(document.finish())
    };
    match draw(true)? {
        Ok(bytes) => Ok(Written {
            bytes,
            pages: sheets.len(),
            archival: true,
        }),
        Err(KrillaError::Validation(_)) => match draw(false)? {
            Ok(bytes) => Ok(Written {
                bytes,
                pages: sheets.len(),
                archival: false,
            }),
            Err(err) => Err(PdfError::Krilla(format!("{err:?}"))),
        },
        Err(err) => Err(PdfError::Krilla(format!("{err:?}"))),
    }
}

fn metadata(title: &Title) -> Metadata {
    let date = title.as_of;
    Metadata::new()
        .title(title.title.to_string())
        .creator(format!("dossier {}", env!("CARGO_PKG_VERSION")))
        .creation_date(
            DateTime::new(date.year() as u16)
                .month(date.month() as u8)
                .day(date.day() as u8),
        )
        .document_id(title.id.to_string())
}

/// The embedded faces and their glyph maps.
struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn new() -> Fonts {
        let load = |bytes: &'static [u8]| {
            Font::new(Data::from(bytes), 0).expect("the embedded DejaVu Sans parses")
        };
        Fonts {
            regular: load(SANS),
            bold: load(SANS_BOLD),
        }
    }
}

/// A scan scaled down to `drawing.dpi` on an A4-wide sheet, as JPEG, with
/// the sheet's size in points.
struct Jpeg {
    bytes: Vec<u8>,
    /// The sheet's width and height in points.
    size: (f32, f32),
    /// Points a pixel of the image as OCR read it.
    points_per_pixel: f32,
}

fn scaled_jpeg(image: &GrayImage, drawing: Drawing) -> Result<Jpeg, PdfError> {
    let (width, height) = (image.width().max(1) as f32, image.height().max(1) as f32);
    // A scan is taken to be of an A4 sheet across its shorter side:
    // scanners and phones record no size a back office can trust. A strip
    // taller than a PDF page may be is shrunk to fit.
    let sheet_width = if width <= height { A4.0 } else { A4.1 };
    let shrink = (MAX_PAGE_POINTS * width / (sheet_width * height)).min(1.0);
    let size = (sheet_width * shrink, sheet_width * shrink * height / width);
    let scale = (size.0 / 72.0 * drawing.dpi / width)
        .min(MAX_JPEG_SIDE / height)
        .min(1.0);
    let scaled;
    let drawn = if scale < 1.0 {
        scaled = image::imageops::resize(
            image,
            ((width * scale).round() as u32).max(1),
            ((height * scale).round() as u32).max(1),
            image::imageops::FilterType::Triangle,
        );
        &scaled
    } else {
        image
    };
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, drawing.jpeg_quality)
        .encode_image(drawn)?;
    Ok(Jpeg {
        bytes,
        size,
        points_per_pixel: size.0 / width,
    })
}

fn draw_sheet(
    document: &mut Document,
    sheet: &Sheet,
    jpeg: Option<&Jpeg>,
    fonts: &Fonts,
    drawing: Drawing,
) -> Result<(), PdfError> {
    let size = jpeg.map_or(A4, |jpeg| jpeg.size);
    let settings = PageSettings::from_wh(size.0, size.1)
        .ok_or_else(|| PdfError::Krilla(format!("a page of {size:?} points")))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    match (sheet, jpeg) {
        (Sheet::Scan { words, typed, .. }, Some(jpeg)) => {
            let image = Image::from_jpeg(Data::from(jpeg.bytes.clone()), false)
                .map_err(PdfError::Krilla)?;
            let area = Size::from_wh(size.0, size.1)
                .ok_or_else(|| PdfError::Krilla(format!("a page of {size:?} points")))?;
            surface.draw_image(image, area);
            draw_invisible_words(&mut surface, words, jpeg.points_per_pixel, &fonts.regular);
            // A typed page drawn as an image keeps its text, line by line
            // down the page: searchable, though not over its print.
            let lines: Vec<Line> = typed.lines().map(Line::body).collect();
            draw_lines(&mut surface, &lines, fonts, NormalizedF32::ZERO);
        }
        (Sheet::Text(lines), _) => draw_lines(&mut surface, lines, fonts, NormalizedF32::ONE),
        (Sheet::Scan { .. }, None) => {}
    }
    if drawing.draft {
        draw_draft_stamp(&mut surface, &fonts.bold);
    }
    surface.finish();
    page.finish();
    Ok(())
}

/// Each word OCR read, in the regular face, invisible (no ink), stretched
/// across its box so that a search or a selection lands on the word in the
/// scan, as OCRmyPDF's text layers do. The glyphs keep the face's own
/// advances and the word is scaled as a whole: advances of the box's width
/// over its letters put gaps between glyphs that `pdftotext` took for
/// spaces (`Р ОССИЙСКАЯ`). Characters the face lacks are left out: PDF/A
/// forbids text drawn with a missing glyph.
fn draw_invisible_words(surface: &mut Surface, words: &[WordBox], scale: f32, font: &Font) {
    let face = skrifa::FontRef::new(SANS).expect("the embedded DejaVu Sans parses");
    let charmap = face.charmap();
    let (size, location) = (
        skrifa::instance::Size::unscaled(),
        skrifa::instance::LocationRef::default(),
    );
    let metrics = face.glyph_metrics(size, location);
    let units = f32::from(face.metrics(size, location).units_per_em);
    surface.set_fill(Some(Fill {
        paint: rgb::Color::black().into(),
        opacity: NormalizedF32::ZERO,
        ..Fill::default()
    }));
    for word in words {
        let mut text = String::new();
        let mut glyphs = Vec::new();
        for c in word.text.chars() {
            let Some(glyph) = charmap.map(c).filter(|glyph| glyph.to_u32() != 0) else {
                continue;
            };
            let start = text.len();
            text.push(c);
            let advance = metrics.advance_width(glyph).unwrap_or(units / 2.0) / units;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(glyph.to_u32()),
                advance,
                0.0,
                0.0,
                0.0,
                start..text.len(),
                None,
            ));
        }
        let natural: f32 = glyphs.iter().map(|glyph| glyph.x_advance).sum();
        let bbox = word.bbox;
        let height = bbox.height as f32 * scale;
        if natural <= 0.0 || height <= 0.0 {
            continue;
        }
        let width = bbox.width as f32 * scale;
        // The box spans ascender to descender; the baseline sits about a
        // fifth of its height up from its bottom.
        let baseline = (bbox.y as f32 + bbox.height as f32) * scale - height * 0.2;
        let stretch = width / (natural * height);
        surface.push_transform(&Transform::from_row(
            stretch,
            0.0,
            0.0,
            1.0,
            bbox.x as f32 * scale,
            baseline,
        ));
        surface.draw_glyphs(
            Point::from_xy(0.0, 0.0),
            &glyphs,
            font.clone(),
            &text,
            height,
            false,
        );
        surface.pop();
    }
    surface.set_fill(None);
}

/// Lines of plain text down an A4 sheet, at 10 points, in ink of
/// `opacity`.
fn draw_lines(surface: &mut Surface, lines: &[Line], fonts: &Fonts, opacity: NormalizedF32) {
    surface.set_fill(Some(Fill {
        opacity,
        ..Fill::default()
    }));
    for (index, line) in lines.iter().enumerate() {
        let y = MARGIN + LINE_HEIGHT * (index as f32 + 1.0);
        let shown = shown_text(&line.text);
        let (font, size) = match line.heading {
            true => (&fonts.bold, TEXT_SIZE * 1.2),
            false => (&fonts.regular, TEXT_SIZE),
        };
        if !shown.is_empty() {
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                font.clone(),
                size,
                &shown,
                false,
                TextDirection::Auto,
            );
        }
    }
    surface.set_fill(None);
}

/// The text's characters the embedded face can draw.
fn shown_text(text: &str) -> String {
    let face = skrifa::FontRef::new(SANS).expect("the embedded DejaVu Sans parses");
    let charmap = face.charmap();
    text.chars()
        .filter(|&c| charmap.map(c).is_some_and(|glyph| glyph.to_u32() != 0))
        .collect()
}

/// A text page's margins and lines, in points.
const MARGIN: f32 = 56.0;
const TEXT_SIZE: f32 = 10.0;
const LINE_HEIGHT: f32 = 13.0;

/// Lines of text a text page holds.
pub const LINES_A_PAGE: usize = ((A4.1 - 2.0 * MARGIN) / LINE_HEIGHT) as usize;

/// Characters a text line holds, taking a character as 0.6 of the size
/// across (DejaVu Sans averages about 0.55 in running text).
pub const CHARACTERS_A_LINE: usize = ((A4.0 - 2.0 * MARGIN) / (TEXT_SIZE * 0.6)) as usize;

/// "DRAFT, NOT READY" across the top of the page, in red.
fn draw_draft_stamp(surface: &mut Surface, font: &Font) {
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(200, 0, 0).into(),
        opacity: NormalizedF32::new(0.8).unwrap_or(NormalizedF32::ONE),
        ..Fill::default()
    }));
    surface.draw_text(
        Point::from_xy(MARGIN, 40.0),
        font.clone(),
        24.0,
        "DRAFT, NOT READY",
        false,
        TextDirection::Auto,
    );
    surface.set_fill(None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::BoundingBox;

    #[test]
    fn the_embedded_face_draws_russian_kazakh_and_latin_letters() {
        let text = "Өтініш Қасым ғ ң ү ұ һ ә і — Воронцов № 7 VORONTSOV ₸";
        assert_eq!(shown_text(text), text);
        // A character it lacks is left out, not drawn as a missing glyph.
        assert_eq!(shown_text("a中b"), "ab");
    }

    #[test]
    fn a_scan_with_its_words_is_written_as_pdf_a() {
        let sheet = Sheet::Scan {
            image: GrayImage::from_pixel(600, 848, image::Luma([250])),
            words: vec![WordBox {
                text: "ВОРОНЦОВ中".to_string(),
                bbox: BoundingBox {
                    x: 100,
                    y: 100,
                    width: 200,
                    height: 30,
                },
                confidence: 0.9,
            }],
            typed: String::new(),
        };
        let drawing = Drawing {
            dpi: 300.0,
            jpeg_quality: 60,
            draft: true,
        };
        let title = Title {
            title: "01-passport.pdf",
            as_of: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            id: "00ff",
        };
        let written = write(&[sheet], drawing, &title).unwrap();
        assert!(written.archival);
        assert!(written.bytes.starts_with(b"%PDF-"));
        let document = lopdf::Document::load_mem(&written.bytes).unwrap();
        assert_eq!(document.get_pages().len(), 1);
    }
}
