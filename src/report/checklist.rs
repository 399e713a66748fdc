//! The checklist for a TRP for work: each item with its status, as the
//! report and the pack's cover show it.

use super::{DocumentReport, Report};
use crate::classify::DocumentKind;
use crate::rules::Severity;

/// The items, in the order a bundle is filed.
const ITEMS: [DocumentKind; 7] = [
    DocumentKind::ApplicationForm,
    DocumentKind::Passport,
    DocumentKind::HealthInsurance,
    DocumentKind::EmployerLetter,
    DocumentKind::EmploymentContract,
    DocumentKind::LandlordConsent,
    DocumentKind::FingerprintCertificate,
];

/// Where an item stands.
pub enum Status<'a> {
    /// In the bundle, with the codes of the errors and warnings on it.
    Present {
        documents: Vec<&'a DocumentReport>,
        codes: Vec<&'static str>,
    },
    /// Not in the bundle, and a finding (its code) asks for it.
    Missing(&'static str),
    /// Not in the bundle, and nothing asks for it (fingerprints under 16).
    NotRequired,
}

/// Each item of the checklist and where it stands.
pub fn checklist(report: &Report) -> Vec<(DocumentKind, Status<'_>)> {
    ITEMS
        .into_iter()
        .map(|kind| (kind, status(report, kind)))
        .collect()
}

fn status(report: &Report, kind: DocumentKind) -> Status<'_> {
    let documents: Vec<&DocumentReport> = report
        .documents
        .iter()
        .filter(|document| document.kind == kind)
        .collect();
    let serious = || {
        report
            .findings
            .iter()
            .filter(|finding| finding.severity != Severity::Info)
    };
    if documents.is_empty() {
        return match serious().find(|finding| finding.kind == Some(kind)) {
            Some(finding) => Status::Missing(finding.code),
            None => Status::NotRequired,
        };
    }
    let names: Vec<String> = documents.iter().map(|document| document.name()).collect();
    let codes = serious()
        .filter(|finding| finding.documents.iter().any(|name| names.contains(name)))
        .map(|finding| finding.code)
        .collect();
    Status::Present { documents, codes }
}

/// The item's name for people: `employment contract`.
pub fn label(kind: DocumentKind) -> String {
    kind.as_str().replace('_', " ")
}
