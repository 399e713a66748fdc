//! The checklist of the case's purpose: each item with its status, as the
//! report and the pack's cover show it.

use super::{DocumentReport, Report};
use crate::classify::DocumentKind;
use crate::rules::{Severity, purpose_or_default};

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

/// Each item of the checklist and where it stands: the application form,
/// then every document the purpose requires, in the order a bundle is
/// filed. Where one of several kinds will do, the item is the one the
/// bundle holds, else the one a finding asks about, else the first.
pub fn checklist(report: &Report) -> Vec<(DocumentKind, Status<'_>)> {
    let purpose = purpose_or_default(&report.purpose);
    let held = |kind: &DocumentKind| report.documents.iter().any(|doc| doc.kind == *kind);
    let asked = |kind: &DocumentKind| report.findings.iter().any(|f| f.kind == Some(*kind));
    let mut items: Vec<DocumentKind> = std::iter::once(DocumentKind::ApplicationForm)
        .chain(purpose.requires.iter().map(|requirement| {
            let kinds = requirement.kinds.iter().copied();
            kinds
                .clone()
                .find(held)
                .or_else(|| kinds.clone().find(asked))
                .unwrap_or(requirement.kinds[0])
        }))
        .collect();
    items.sort_by_key(|kind| filing_rank(*kind));
    items
        .into_iter()
        .map(|kind| (kind, status(report, kind)))
        .collect()
}

/// Where a kind stands in a bundle as it is filed: the application, the
/// passport and its holder's insurance, the basis of the stay (the
/// employer's letter and contract and the work permit, the family
/// relation, the school's petition, the clinic's document), the dwelling,
/// the fingerprints, then what else the bundle holds.
pub fn filing_rank(kind: DocumentKind) -> u8 {
    match kind {
        DocumentKind::ApplicationForm => 0,
        DocumentKind::Passport => 1,
        DocumentKind::HealthInsurance => 2,
        DocumentKind::EmployerLetter
        | DocumentKind::FamilyRelation
        | DocumentKind::StudyPetition
        | DocumentKind::MedicalCertificate => 3,
        DocumentKind::EmploymentContract => 4,
        DocumentKind::WorkPermit
        | DocumentKind::QualificationCertificate
        | DocumentKind::JournalistAccreditation => 5,
        DocumentKind::LandlordConsent => 6,
        DocumentKind::PlaceOfStayRegistration => 7,
        DocumentKind::FingerprintCertificate => 8,
        DocumentKind::ResidencePermit => 9,
        DocumentKind::TerminationOrder => 10,
        DocumentKind::Translation => 11,
        DocumentKind::Other => 12,
    }
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
