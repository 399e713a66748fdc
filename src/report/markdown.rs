//! The Markdown report: what a specialist reads before calling the client.

use std::fmt::Write;

use super::{DocumentReport, Report, Verdict};
use crate::fields::DatedText;
use crate::rules::Evidence;

/// Renders the report as Markdown: verdict first, then what to fix, then the
/// documents as read.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    let verdict = match report.verdict {
        Verdict::Ready => "READY to file",
        Verdict::NotReady => "NOT READY to file",
    };
    let summary = report.summary;
    let _ = writeln!(out, "# dossier report: {}\n", cell(&report.bundle));
    let _ = writeln!(
        out,
        "**{verdict}**: {} error(s), {} warning(s), {} note(s). Purpose: work. Filing date: {}.\n",
        summary.errors, summary.warnings, summary.infos, report.as_of
    );
    match &report.permit_term {
        Some(term) => {
            let _ = writeln!(
                out,
                "Permit term: {} to {}, limited by {}.\n",
                term.start,
                term.end,
                term.limit_name()
            );
        }
        None => {
            out.push_str("Permit term: cannot be computed (a limiting document has ended).\n\n")
        }
    }
    write_findings(&mut out, report);
    write_check_by_hand(&mut out, report);
    write_documents(&mut out, &report.documents);
    out
}

fn write_findings(out: &mut String, report: &Report) {
    out.push_str("## Findings\n\n");
    if report.findings.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str("| severity | code | finding | how to fix | evidence |\n|---|---|---|---|---|\n");
    for finding in &report.findings {
        let evidence: Vec<String> = finding.evidence.iter().map(quote).collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            finding.severity.as_str(),
            finding.code,
            cell(&finding.message),
            cell(&finding.hint),
            cell(&evidence.join("; "))
        );
    }
    out.push('\n');
}

/// What a person must look at: every `needs-review` finding, with the text
/// and place it rests on.
fn write_check_by_hand(out: &mut String, report: &Report) {
    let review: Vec<_> = report
        .findings
        .iter()
        .filter(|finding| finding.code == "needs-review")
        .collect();
    if review.is_empty() {
        return;
    }
    out.push_str(
        "## Check by hand

",
    );
    for finding in review {
        let evidence: Vec<String> = finding.evidence.iter().map(quote).collect();
        let _ = writeln!(
            out,
            "- [ ] {} ({})",
            cell(&finding.message),
            cell(&evidence.join("; "))
        );
    }
    out.push('\n');
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

fn write_documents(out: &mut String, documents: &[DocumentReport]) {
    out.push_str("## Documents\n\n");
    if documents.is_empty() {
        out.push_str("None readable.\n");
        return;
    }
    out.push_str("| file | kind | confidence | language | text | pages | dates |\n|---|---|---|---|---|---|---|\n");
    for document in documents {
        let kind = match document.translated_kind {
            Some(original) => format!("translation of {original}"),
            None => document.kind.to_string(),
        };
        let language = document.language.map_or("?", |language| language.code());
        let source = match document.text_source {
            crate::extract::TextSource::PdfText => "PDF text",
            crate::extract::TextSource::Ocr => "OCR",
            crate::extract::TextSource::Docx => "DOCX text",
            crate::extract::TextSource::Odt => "ODT text",
        };
        let _ = writeln!(
            out,
            "| {} | {kind} | {:.2} | {language} | {source} | {} | {} |",
            cell(&crate::fields::document_name(
                &document.path,
                document.part,
                &document.continued_in
            )),
            document.kind_confidence,
            document.pages.len(),
            cell(&dates(&document.dates))
        );
    }
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

/// Text made safe for a table cell.
/// Text for a table cell or a heading: a name like `<img src=x
/// onerror=…>` must show as text, not become markup.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}
