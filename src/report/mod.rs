//! Stage 6: the report, as JSON (per `schemas/report.schema.json`),
//! Markdown and HTML.
//!
//! Output is deterministic: documents sorted by path, findings by severity and
//! code, no timestamps but `as_of`; the same bundle gives byte-identical files.

pub mod checklist;
mod html;
mod markdown;
mod pictures;
mod text;
mod timeline;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classify::{DocumentKind, Evidence, Language};
use crate::extract::{Page, TextSource};
use crate::fields::{DatedText, Document, Fields, Identity, Part};
use crate::mrz::Mrz;
use crate::rules::term::PermitTerm;
use crate::rules::{Finding, Severity};
use crate::{Fact, Facts, Unreadable};

pub use self::html::to_html;
pub use self::markdown::to_markdown;
pub use self::pictures::Pictures;

/// Bumped when a field changes meaning or disappears.
const SCHEMA_VERSION: u32 = 4;

/// Whether the bundle can be filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    NotReady,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub bundle: String,
    /// The purpose of stay it was checked for (the `purpose` fact).
    pub purpose: String,
    pub as_of: NaiveDate,
    /// The facts of the case the check used, each with where it came from.
    pub facts: Vec<Fact>,
    pub verdict: Verdict,
    pub summary: Summary,
    pub permit_term: Option<PermitTerm>,
    pub documents: Vec<DocumentReport>,
    pub unreadable: Vec<Unreadable>,
    pub findings: Vec<Finding>,
}

/// Finding counts by severity.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// One document as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    pub path: String,
    /// Its pages, when its file (a scanned stack) holds other documents too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<String>,
    /// The archive it was unpacked from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpacked_from: Option<String>,
    /// The files of its further pages, photographed a page a file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub continued_in: Vec<String>,
    pub kind: DocumentKind,
    pub kind_confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated_kind: Option<DocumentKind>,
    pub language: Option<Language>,
    /// How sure the language is (see [`crate::classify::Identified`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_confidence: Option<f32>,
    pub text_source: TextSource,
    /// For a translation: whether a notary certified the translator's
    /// signature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notarised: Option<bool>,
    pub pages: Vec<Page>,
    pub dates: Vec<DatedText>,
    pub fields: Fields,
    #[serde(skip_serializing_if = "Identity::is_empty")]
    pub identity: Identity,
}

impl DocumentReport {
    /// The name findings give the document: its file, and its pages where
    /// the file holds others too.
    pub fn name(&self) -> String {
        crate::fields::document_name(&self.path, self.part, &self.continued_in)
    }
}

/// Where a document's text came from: OCR if any page needed it, else the
/// one text source its pages share.
fn text_source(pages: &[Page]) -> TextSource {
    let ocr = pages.iter().any(|page| page.source == TextSource::Ocr);
    match pages.first() {
        Some(page) if !ocr => page.source,
        _ => TextSource::Ocr,
    }
}

impl From<&Document> for DocumentReport {
    fn from(document: &Document) -> Self {
        DocumentReport {
            path: document.path.clone(),
            part: document.part,
            duplicates: document.duplicates.clone(),
            unpacked_from: document.unpacked_from.clone(),
            continued_in: document.continued_in.clone(),
            kind: document.kind(),
            kind_confidence: document.classification.confidence,
            translated_kind: document.classification.translated_kind,
            language: document.classification.language.map(|found| found.language),
            language_confidence: document
                .classification
                .language
                .map(|found| found.confidence),
            text_source: text_source(&document.pages),
            notarised: (document.kind() == DocumentKind::Translation).then_some(document.notarised),
            pages: document.pages.iter().map(Page::rounded).collect(),
            dates: document.dates.clone(),
            fields: document.fields.clone(),
            identity: document.identity.clone(),
        }
    }
}

impl Page {
    /// The page with its OCR confidence to two places.
    fn rounded(&self) -> Page {
        Page {
            ocr_confidence: self.ocr_confidence.map(crate::two_places),
            ..self.clone()
        }
    }
}

impl Report {
    pub fn new(
        bundle: String,
        as_of: NaiveDate,
        mut documents: Vec<Document>,
        mut unreadable: Vec<Unreadable>,
        findings: Vec<Finding>,
        permit_term: Option<PermitTerm>,
        facts: &Facts,
    ) -> Report {
        documents.sort_by(|a, b| (&a.path, a.part).cmp(&(&b.path, b.part)));
        unreadable.sort_by(|a, b| a.path.cmp(&b.path));
        let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
        let summary = Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        };
        Report {
            schema_version: SCHEMA_VERSION,
            bundle,
            purpose: facts.purpose().to_string(),
            as_of,
            facts: facts.all().to_vec(),
            verdict: if summary.errors == 0 {
                Verdict::Ready
            } else {
                Verdict::NotReady
            },
            summary,
            permit_term,
            documents: documents.iter().map(DocumentReport::from).collect(),
            unreadable,
            findings,
        }
    }

    /// The JSON report, pretty-printed, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a report always serialises");
        json.push('\n');
        json
    }
}

/// What `dossier inspect` shows of one file.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    #[serde(flatten)]
    pub document: DocumentReport,
    pub evidence: Vec<Evidence>,
    pub mrz: Option<Mrz>,
}

impl Inspection {
    /// What `inspect` shows of a document: its report entry, the phrases that
    /// decided its kind, and any machine-readable zone on its pages (a visa's
    /// too, which no passport field holds). `as_of` settles two-digit years.
    pub fn new(document: &Document, as_of: NaiveDate) -> Inspection {
        Inspection {
            document: DocumentReport::from(document),
            evidence: document.classification.evidence.clone(),
            mrz: crate::fields::page_mrz(&document.pages, as_of),
        }
    }
}
