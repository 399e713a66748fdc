//! `00-cover.pdf`: the cover sheet and index a clerk reads first: who
//! applies, on what basis and for how long, what the pack holds, and each
//! item of the checklist with its status.

use crate::classify::DocumentKind;
use crate::fields::Fields;
use crate::report::checklist::{self, Status};
use crate::report::{DocumentReport, Report, Verdict};
use crate::rules::Purpose;

use super::pdf::Line;

/// A document of the pack: its file and what it was made from.
pub struct Filed<'a> {
    pub name: &'a str,
    pub document: &'a DocumentReport,
    pub pages: usize,
}

/// The cover's lines.
pub fn lines(report: &Report, filed: &[Filed]) -> Vec<Line> {
    let purpose = crate::rules::purpose_or_default(&report.purpose);
    let mut lines = vec![
        Line::heading(format!(
            "Filing pack: temporary residence permit ({})",
            purpose.title
        )),
        Line::body(format!("Bundle: {}", report.bundle)),
        Line::body(format!("Purpose: {}", report.purpose)),
        Line::body(format!("Filing date (as of): {}", report.as_of)),
        Line::body(format!(
            "Verdict: {} ({} errors, {} warnings)",
            match report.verdict {
                Verdict::Ready => "READY",
                Verdict::NotReady => "NOT READY",
            },
            report.summary.errors,
            report.summary.warnings
        )),
        Line::body(applicant(report)),
    ];
    lines.extend(employer(report, purpose).map(Line::body));
    lines.extend([
        Line::body(match &report.permit_term {
            Some(term) => format!(
                "Permit term: {} to {} (limited by {})",
                term.start,
                term.end,
                term.limit_name()
            ),
            None => "Permit term: not computed (see the report)".to_string(),
        }),
        Line::blank(),
        Line::heading("Documents"),
    ]);
    for file in filed {
        lines.push(Line::body(format!(
            "{}  {} page{}, from {}",
            file.name,
            file.pages,
            if file.pages == 1 { "" } else { "s" },
            source_names(file.document)
        )));
    }
    lines.push(Line::blank());
    lines.push(Line::heading("Checklist"));
    for (kind, status) in checklist::checklist(report) {
        lines.push(Line::body(checklist_item(filed, kind, &status)));
    }
    lines
}

/// The holder as the passport's valid zone gives them, else as read.
fn applicant(report: &Report) -> String {
    let passport =
        report
            .documents
            .iter()
            .find_map(|document| match (&document.fields, document.kind) {
                (Fields::Passport(fields), DocumentKind::Passport) => Some(fields),
                _ => None,
            });
    let Some(passport) = passport else {
        return "Applicant: no passport in the bundle".to_string();
    };
    let name = match &passport.mrz {
        Some(mrz) if mrz.checks_valid => format!("{} {}", mrz.surname, mrz.given_names),
        _ => passport
            .surname
            .clone()
            .unwrap_or_else(|| "name not read".into()),
    };
    let mut text = format!("Applicant: {name}");
    if let Some(mrz) = passport.mrz.as_ref().filter(|mrz| mrz.checks_valid) {
        text.push_str(&format!(", citizen of {}", mrz.nationality));
    }
    if let Some(number) = &passport.number {
        text.push_str(&format!("; passport {number}"));
    }
    if let Some(expiry) = passport.expiry_date {
        text.push_str(&format!(", valid until {expiry}"));
    }
    text
}

/// The employer's BIN as the contract gives it, else the letter.
/// The employer's line, for a purpose whose basis is an employment
/// contract (a family's or a student's pack has no employer).
fn employer(report: &Report, purpose: &Purpose) -> Option<String> {
    let employed = purpose.requires.iter().any(|requirement| {
        requirement
            .kinds
            .contains(&DocumentKind::EmploymentContract)
    });
    if !employed {
        return None;
    }
    let bin = [
        DocumentKind::EmploymentContract,
        DocumentKind::EmployerLetter,
    ]
    .iter()
    .find_map(|&kind| {
        report
            .documents
            .iter()
            .filter(|document| document.kind == kind)
            .flat_map(|document| &document.identity.bins)
            .find(|bin| bin.valid)
    });
    Some(match bin {
        Some(bin) => format!("Employer: BIN {}", bin.number),
        None => "Employer: BIN not read".to_string(),
    })
}

/// The files a document came from, as the client named them.
fn source_names(document: &DocumentReport) -> String {
    let mut names = vec![document.path.clone()];
    names.extend(document.continued_in.iter().cloned());
    if let Some(part) = document.part {
        names[0] = format!("{}, pages {}–{}", names[0], part.first_page, part.last_page);
    }
    names.join(", ")
}

/// `✓ passport: 02-passport.pdf`, `✗ fingerprint certificate: missing
/// (missing-document)`, `! employment contract: 05-employment-contract.pdf
/// (see the report: contract-not-registered)`.
fn checklist_item(filed: &[Filed], kind: DocumentKind, status: &Status) -> String {
    let label = checklist::label(kind);
    match status {
        Status::Missing(code) => format!("✗ {label}: missing ({code})"),
        Status::NotRequired => format!("– {label}: not in the bundle, not required here"),
        Status::Present { documents, codes } => {
            let names: Vec<&str> = filed
                .iter()
                .filter(|file| documents.iter().any(|d| std::ptr::eq(*d, file.document)))
                .map(|file| file.name)
                .collect();
            match codes.is_empty() {
                true => format!("✓ {label}: {}", names.join(", ")),
                false => format!(
                    "! {label}: {} (see the report: {})",
                    names.join(", "),
                    codes.join(", ")
                ),
            }
        }
    }
}
