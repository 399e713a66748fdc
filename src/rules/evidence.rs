//! What a finding rests on: the text it was read from, where that text
//! stands on its page, and how sure the reading is.

use chrono::NaiveDate;
use serde::Serialize;

use crate::Fact;
use crate::extract::BoundingBox;
use crate::facts::Source;
use crate::fields::Document;
use crate::two_places;

/// What a finding rests on: the text of a document it was read from,
/// where that text stands on its page, and how sure the reading is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The file, relative to the bundle.
    pub document: String,
    /// The page, 1-based; absent for a file that has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The text as read.
    pub text: String,
    /// Where it stands on the page as read (turned upright), in pixels;
    /// absent for a text layer, whose text is exact but not placed.
    #[serde(rename = "box", skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BoundingBox>,
    /// 0..1: the OCR engine's confidence in those words (1 for a text
    /// layer), or what the rule says of its own reading.
    pub confidence: f32,
}

/// Characters of a document's first line quoted as evidence of the whole.
const QUOTED_LINE: usize = 80;

impl Evidence {
    /// `text` as read on page `page` of `document`.
    pub(super) fn quote(document: &Document, page: u32, text: &str) -> Evidence {
        let located = document
            .pages
            .iter()
            .find(|p| p.number == page)
            .map(|p| p.locate(text));
        Evidence {
            document: document.name(),
            page: Some(page),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            bbox: located.and_then(|l| l.bbox),
            confidence: two_places(located.map_or(0.0, |l| l.confidence)),
        }
    }

    /// A document as a whole, for what it lacks: its first line, and the
    /// confidence of its least well read page (how sure it is that nothing
    /// was missed).
    pub(super) fn document(document: &Document) -> Evidence {
        let first = document.pages.iter().find_map(|page| {
            let line = page.text.lines().map(str::trim).find(|l| !l.is_empty())?;
            Some((
                page.number,
                line.chars().take(QUOTED_LINE).collect::<String>(),
            ))
        });
        let least = document
            .pages
            .iter()
            .map(|page| page.ocr_confidence.unwrap_or(1.0))
            .fold(1.0, f32::min);
        match first {
            Some((page, line)) => Evidence {
                confidence: two_places(least),
                ..Evidence::quote(document, page, &line)
            },
            None => Evidence {
                document: document.name(),
                page: None,
                text: String::new(),
                bbox: None,
                confidence: two_places(least),
            },
        }
    }

    /// A date a rule rests on, where the document prints it, or from the
    /// passport's machine-readable zone.
    pub(super) fn date(document: &Document, date: NaiveDate) -> Evidence {
        match document.dates.iter().find(|d| d.date == date) {
            Some(dated) => Evidence::quote(document, dated.page, &dated.text),
            None => Evidence {
                document: document.name(),
                page: None,
                text: format!("{date} (machine-readable zone)"),
                bbox: None,
                confidence: 1.0,
            },
        }
    }

    /// A fact of the case as it was stated: `entry_date = 2026-06-01` in
    /// `dossier.toml` or a `--fact` flag.
    pub(super) fn fact(fact: &Fact) -> Evidence {
        let source = match fact.source {
            Source::Flag => "flag",
            Source::File => crate::facts::FILE,
            Source::Document | Source::Default => "",
        };
        Evidence::file(source, format!("{} = {}", fact.key, fact.value))
    }

    /// A file that has no readable page, and what is wrong with it.
    pub(super) fn file(path: &str, text: impl Into<String>) -> Evidence {
        Evidence {
            document: path.to_string(),
            page: None,
            text: text.into(),
            bbox: None,
            confidence: 1.0,
        }
    }
}
