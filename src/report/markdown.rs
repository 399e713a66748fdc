//! The Markdown report: what a specialist reads before calling the client.

use std::fmt::Write;

use super::{Report, text};

/// Renders the report as Markdown: verdict first, then what to fix, then the
/// documents as read.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# dossier report: {}\n", cell(&report.bundle));
    let _ = writeln!(
        out,
        "**{}**: {}\n",
        text::verdict(report),
        text::counts(report)
    );
    let _ = writeln!(out, "{}\n", text::permit_term(report));
    // A fact's value may be the client's own text (a previous employer).
    let _ = writeln!(out, "{}\n", cell(&text::facts(report)));
    out.push_str("## Findings\n\n");
    match report.findings.is_empty() {
        true => out.push_str("None.\n\n"),
        false => {
            table(&mut out, &text::FINDING_COLUMNS, &text::findings(report));
            out.push('\n');
        }
    }
    let review = text::check_by_hand(report);
    if !review.is_empty() {
        out.push_str("## Check by hand\n\n");
        for item in review {
            let _ = writeln!(out, "- [ ] {}", cell(&item));
        }
        out.push('\n');
    }
    out.push_str("## Documents\n\n");
    match report.documents.is_empty() {
        true => out.push_str("None readable.\n"),
        false => table(
            &mut out,
            &text::DOCUMENT_COLUMNS,
            &text::documents(&report.documents),
        ),
    }
    out
}

/// A table; the finding table's code column is set as code.
fn table<const N: usize>(out: &mut String, columns: &[&str; N], rows: &[[String; N]]) {
    let _ = writeln!(out, "| {} |", columns.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(N));
    for row in rows {
        let cells: Vec<String> = columns
            .iter()
            .zip(row)
            .map(|(&column, text)| match column {
                "code" => format!("`{text}`"),
                _ => cell(text),
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

/// Text for a table cell or a heading: a name like `<img src=x
/// onerror=…>` must show as text, not become markup.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}
