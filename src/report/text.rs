//! What the reports people read show, as plain text: the Markdown and HTML
//! writers differ only in markup and in how they escape it.

use super::{DocumentReport, Report, Verdict};
use crate::extract::TextSource;
use crate::fields::DatedText;
use crate::rules::Evidence;

/// The verdict as the report's first words.
pub(super) fn verdict(report: &Report) -> &'static str {
    match report.verdict {
        Verdict::Ready => "READY to file",
        Verdict::NotReady => "NOT READY to file",
    }
}

/// The counts, purpose and date that follow the verdict.
pub(super) fn counts(report: &Report) -> String {
    let summary = report.summary;
    format!(
        "{} error(s), {} warning(s), {} note(s). Purpose: {}. Filing date: {}.",
        summary.errors, summary.warnings, summary.infos, report.purpose, report.as_of
    )
}

pub(super) fn permit_term(report: &Report) -> String {
    match &report.permit_term {
        Some(term) => format!(
            "Permit term: {} to {}, limited by {}.",
            term.start,
            term.end,
            term.limit_name()
        ),
        None => "Permit term: cannot be computed (a limiting document has ended).".to_string(),
    }
}

/// The facts of the case the check used, each with where it came from:
/// `Facts: applicant_owns_dwelling = true (dossier.toml), …`.
pub(super) fn facts(report: &Report) -> String {
    let facts: Vec<String> = report
        .facts
        .iter()
        .map(|fact| {
            let source = match fact.source {
                crate::FactSource::Flag => "flag",
                crate::FactSource::File => crate::facts::FILE,
                crate::FactSource::Document => "passport",
                crate::FactSource::Default => "default",
            };
            format!("{} = {} ({source})", fact.key, fact.value)
        })
        .collect();
    format!("Facts: {}.", facts.join(", "))
}

pub(super) const FINDING_COLUMNS: [&str; 5] =
    ["severity", "code", "finding", "how to fix", "evidence"];

/// One row a finding, in [`FINDING_COLUMNS`]' order.
pub(super) fn findings(report: &Report) -> Vec<[String; 5]> {
    report
        .findings
        .iter()
        .map(|finding| {
            [
                finding.severity.as_str().to_string(),
                finding.code.to_string(),
                finding.message.clone(),
                finding.hint.clone(),
                evidence(&finding.evidence),
            ]
        })
        .collect()
}

/// What a person must look at: every `needs-review` finding, with the text
/// and place it rests on.
pub(super) fn check_by_hand(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|finding| finding.code == "needs-review")
        .map(|finding| format!("{} ({})", finding.message, evidence(&finding.evidence)))
        .collect()
}

fn evidence(evidence: &[Evidence]) -> String {
    let quoted: Vec<String> = evidence.iter().map(quote).collect();
    quoted.join("; ")
}

/// Evidence as a person reads it: file, page, the text, and where and how
/// sure.
fn quote(evidence: &Evidence) -> String {
    let page = evidence
        .page
        .map(|p| format!(" p. {p}"))
        .unwrap_or_default();
    let place = evidence
        .bbox
        .map(|b| format!(" at {},{} {}×{} px", b.x, b.y, b.width, b.height))
        .unwrap_or_default();
    format!(
        "{}{page}: «{}»{place}, confidence {:.2}",
        evidence.document, evidence.text, evidence.confidence
    )
}

pub(super) const DOCUMENT_COLUMNS: [&str; 7] = [
    "file",
    "kind",
    "confidence",
    "language",
    "text",
    "pages",
    "dates",
];

/// One row a document, in [`DOCUMENT_COLUMNS`]' order.
pub(super) fn documents(documents: &[DocumentReport]) -> Vec<[String; 7]> {
    documents.iter().map(document).collect()
}

fn document(document: &DocumentReport) -> [String; 7] {
    let kind = match document.translated_kind {
        Some(original) => format!("translation of {original}"),
        None => document.kind.to_string(),
    };
    let language = document.language.map_or("?", |language| language.code());
    let source = match document.text_source {
        TextSource::PdfText => "PDF text",
        TextSource::Ocr => "OCR",
        TextSource::Docx => "DOCX text",
        TextSource::Odt => "ODT text",
    };
    [
        crate::fields::document_name(&document.path, document.part, &document.continued_in),
        kind,
        format!("{:.2}", document.kind_confidence),
        language.to_string(),
        source.to_string(),
        document.pages.len().to_string(),
        dates(&document.dates),
    ]
}

/// The dates that have a role, as `role date`.
fn dates(dates: &[DatedText]) -> String {
    let described: Vec<String> = dates
        .iter()
        .filter_map(|dated| {
            let role = serde_json::to_value(dated.role?).ok()?;
            Some(format!("{} {}", role.as_str()?, dated.date))
        })
        .collect();
    described.join(", ")
}
