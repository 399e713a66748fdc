//! The Markdown report: what a specialist reads before calling the client.

use std::fmt::Write;

use super::{DocumentReport, Report, Verdict};
use crate::fields::DatedText;

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
    write_documents(&mut out, &report.documents);
    out
}

fn write_findings(out: &mut String, report: &Report) {
    out.push_str("## Findings\n\n");
    if report.findings.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str("| severity | code | finding | how to fix |\n|---|---|---|---|\n");
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            finding.severity.as_str(),
            finding.code,
            cell(&finding.message),
            cell(&finding.hint)
        );
    }
    out.push('\n');
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
        };
        let _ = writeln!(
            out,
            "| {} | {kind} | {:.2} | {language} | {source} | {} | {} |",
            cell(&document.path),
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
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
