//! A document as lines of styled text, laid out on a page in points, once for
//! both the scanned rendering and the text-layer PDF.

use ab_glyph::{Font, FontArc};

/// How a line looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Bold, large, centred.
    Title,
    /// Bold, body size.
    Heading,
    Body,
    /// Right-aligned body text (dates and places in a letter's corner).
    Right,
    /// OCR-B, the machine-readable zone.
    Mrz,
}

/// One paragraph of a document; body paragraphs wrap.
#[derive(Debug, Clone)]
pub struct Line {
    pub style: Style,
    pub text: String,
}

/// A document's text.
#[derive(Debug, Clone)]
pub struct Doc {
    pub lines: Vec<Line>,
    /// Short documents are printed on half a page, which keeps fixtures small.
    pub half_page: bool,
}

impl Doc {
    pub fn new(half_page: bool) -> Doc {
        Doc {
            lines: Vec::new(),
            half_page,
        }
    }

    pub fn line(mut self, style: Style, text: impl Into<String>) -> Doc {
        self.lines.push(Line {
            style,
            text: text.into(),
        });
        self
    }

    pub fn title(self, text: &str) -> Doc {
        self.line(Style::Title, text)
    }

    pub fn heading(self, text: &str) -> Doc {
        self.line(Style::Heading, text)
    }

    pub fn body(self, text: &str) -> Doc {
        self.line(Style::Body, text)
    }

    pub fn right(self, text: &str) -> Doc {
        self.line(Style::Right, text)
    }

    pub fn gap(self) -> Doc {
        self.line(Style::Body, "")
    }

    pub fn mentions(&self, text: &str) -> bool {
        self.lines.iter().any(|line| line.text.contains(text))
    }

    /// The document with `from` replaced by `to` wherever it stands, for a
    /// bundle that differs from another by one detail. Panics when `from`
    /// is not there: a fixture that silently lost its defect would pass.
    pub fn replace(mut self, from: &str, to: &str) -> Doc {
        assert!(self.mentions(from), "the document has no «{from}»");
        for line in &mut self.lines {
            line.text = line.text.replace(from, to);
        }
        self
    }
}

/// The fonts the generator draws with (Debian: fonts-dejavu-core, fonts-ocr-b).
pub struct Fonts {
    pub regular: FontArc,
    pub bold: FontArc,
    pub ocr_b: FontArc,
    pub regular_bytes: Vec<u8>,
    pub bold_bytes: Vec<u8>,
}

const REGULAR: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const BOLD: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
const OCR_B: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";

impl Fonts {
    pub fn load() -> Result<Fonts, String> {
        let read = |path: &str| {
            std::fs::read(path).map_err(|err| {
                format!("{path}: {err} (apt-get install fonts-dejavu-core fonts-ocr-b)")
            })
        };
        let parse = |bytes: Vec<u8>, path: &str| {
            FontArc::try_from_vec(bytes).map_err(|err| format!("{path}: {err}"))
        };
        let regular_bytes = read(REGULAR)?;
        let bold_bytes = read(BOLD)?;
        Ok(Fonts {
            regular: parse(regular_bytes.clone(), REGULAR)?,
            bold: parse(bold_bytes.clone(), BOLD)?,
            ocr_b: parse(read(OCR_B)?, OCR_B)?,
            regular_bytes,
            bold_bytes,
        })
    }

    /// Whether the regular font has a glyph for every letter of `text`.
    pub fn draws(&self, text: &str) -> bool {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| self.regular.glyph_id(c).0 != 0)
    }

    pub fn for_style(&self, style: Style) -> &FontArc {
        match style {
            Style::Title | Style::Heading => &self.bold,
            Style::Body | Style::Right => &self.regular,
            Style::Mrz => &self.ocr_b,
        }
    }
}

/// Font size in points for each style.
pub fn size(style: Style) -> f32 {
    match style {
        Style::Title => 15.0,
        Style::Mrz => 12.0,
        _ => 11.0,
    }
}

pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// A line of text at its place: `x` from the left, `baseline` from the top,
/// in points.
#[derive(Debug, Clone)]
pub struct Placed {
    pub style: Style,
    pub text: String,
    pub x: f32,
    pub baseline: f32,
}

/// Page height in points.
pub fn page_height(doc: &Doc) -> f32 {
    if doc.half_page {
        PAGE_HEIGHT / 2.0
    } else {
        PAGE_HEIGHT
    }
}

/// Width of `text` in points.
pub fn measure(font: &FontArc, size: f32, text: &str) -> f32 {
    let units = font.units_per_em().unwrap_or(1000.0);
    text.chars()
        .map(|c| font.h_advance_unscaled(font.glyph_id(c)))
        .sum::<f32>()
        / units
        * size
}

/// Lays the document out: wraps body text to the margins, centres titles.
pub fn layout(doc: &Doc, fonts: &Fonts) -> Vec<Placed> {
    let mut placed = Vec::new();
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let mut y = MARGIN;
    for line in &doc.lines {
        let font = fonts.for_style(line.style);
        let size = size(line.style);
        let leading = size * 1.45;
        let wrapped = match line.style {
            Style::Body => wrap(font, size, &line.text, width),
            _ => vec![line.text.clone()],
        };
        for text in wrapped {
            y += leading;
            let text_width = measure(font, size, &text);
            let x = match line.style {
                Style::Title => (PAGE_WIDTH - text_width) / 2.0,
                Style::Right => PAGE_WIDTH - MARGIN - text_width,
                _ => MARGIN,
            };
            placed.push(Placed {
                style: line.style,
                text,
                x,
                baseline: y,
            });
        }
        if line.style == Style::Title {
            y += size * 0.5;
        }
    }
    placed
}

fn wrap(font: &FontArc, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let current = lines.last_mut().expect("never empty");
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if measure(font, size, &candidate) <= width || current.is_empty() {
            *current = candidate;
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}
