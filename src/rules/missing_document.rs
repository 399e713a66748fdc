//! A document the purpose requires is not in the bundle.

use super::purpose::Requirement;
use super::{Bundle, Finding, Rule, Severity};
use crate::classify::DocumentKind;
use crate::fields::Document;

/// What it checks: that the bundle holds every document its purpose of
/// stay needs, as `common.toml` and `purposes/<purpose>.toml` list them
/// (`dossier rules --purpose P` prints them). (The application form has
/// its own rule: it may be filled in at the service centre.) Why it matters: a bundle without one is refused at
/// the counter. How to fix: obtain the document and add it to the folder.
pub static RULE: Rule = Rule {
    code: "missing-document",
    severity: Severity::Error,
    summary: "A required document is not in the bundle.",
    hint: "Obtain the document and add a scan or PDF of it to the client's folder.",
    basis: "gov.kz service 4631 (list of documents for a TRP); Law «О миграции населения», Art. 6-1 (purposes); Law of 2023-12-23 (fingerprint registration from 2024-01-01, Art. 10)",
    explanation: "Checks that the bundle holds every document the case's purpose requires (the purpose fact, work unless dossier.toml or --fact says otherwise), as its data file lists them with their conditions and basis: `dossier rules --purpose P` prints them, and the list below gives every purpose's. Every purpose needs the passport, the landlord's consent (unless the applicant owns the dwelling or the owner comes to the filing in person), health insurance (unless an EAEU citizen) and the fingerprint certificate from age 16; each adds its own basis of stay. Where one of several documents will do, any one is enough. A bundle without one is refused. Add the missing document to the folder and run the check again.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let age = bundle
        .birth_date()
        .and_then(|birth| bundle.as_of.years_since(birth));
    bundle
        .purpose()
        .requires
        .iter()
        .filter(|requirement| requirement.applies(bundle.facts, age))
        .filter(|requirement| !requirement.kinds.iter().any(|kind| bundle.has(*kind)))
        .map(|requirement| missing(bundle, requirement))
        .collect()
}

/// The finding for a requirement the bundle does not meet: a document that
/// may meet it, for a person to look at, or none.
fn missing(bundle: &Bundle, requirement: &Requirement) -> Finding {
    let kind = requirement.kinds[0];
    let wanted = match requirement.kinds.as_slice() {
        [.., last] if requirement.kinds.len() > 1 => {
            let others: Vec<&str> = requirement.kinds[..requirement.kinds.len() - 1]
                .iter()
                .map(|kind| kind.title())
                .collect();
            format!("{} or {}", others.join(", "), last.title())
        }
        _ => kind.title().to_string(),
    };
    match requirement
        .kinds
        .iter()
        .find_map(|kind| maybe(bundle, *kind))
    {
        // Read as another kind, but this one scored close behind: the
        // document may be the missing one, so a person decides.
        Some((doc, kind)) => Finding {
            kind: Some(kind),
            ..RULE.about_if_sure(
                doc,
                format!(
                    "no {} was recognised; this document, read as the {}, may be it.",
                    kind.title(),
                    doc.kind().title()
                ),
                false,
            )
        },
        None => Finding {
            hint: requirement.hint.clone(),
            kind: Some(kind),
            ..RULE.finding(format!("No {wanted} found in the bundle."), Vec::new())
        },
    }
}

/// A document whose next-best kind is `kind`, while another document
/// already holds its own kind: the one that may stand in for `kind`.
fn maybe<'a>(bundle: &Bundle<'a>, kind: DocumentKind) -> Option<(&'a Document, DocumentKind)> {
    bundle
        .documents
        .iter()
        .find(|doc| {
            doc.classification.runner_up == Some(kind)
                && bundle
                    .documents
                    .iter()
                    .filter(|other| other.kind() == doc.kind())
                    .count()
                    > 1
        })
        .map(|doc| (doc, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn a_second_contract_that_may_be_the_letter_needs_review() {
        let mut documents = complete();
        documents.remove(3);
        let mut letter = contract(Some(date(2027, 10, 31)));
        letter.path = "letter.pdf".to_string();
        letter.classification.runner_up = Some(DocumentKind::EmployerLetter);
        documents.push(letter);
        let findings = run(&RULE, &documents);
        assert_eq!(findings[0].code, "needs-review");
        assert_eq!(findings[0].kind, Some(DocumentKind::EmployerLetter));
        documents.pop();
        assert_eq!(run(&RULE, &documents)[0].code, "missing-document");
    }

    #[test]
    fn names_each_missing_kind() {
        let mut documents = complete();
        documents.retain(|doc| {
            !matches!(
                doc.kind(),
                DocumentKind::LandlordConsent | DocumentKind::FingerprintCertificate
            )
        });
        let kinds: Vec<_> = run(&RULE, &documents).into_iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                Some(DocumentKind::LandlordConsent),
                Some(DocumentKind::FingerprintCertificate)
            ]
        );
        assert!(run(&RULE, &complete()).is_empty());
    }

    #[test]
    fn insurance_and_a_work_permit_only_outside_the_eaeu_or_when_citizenship_is_unknown() {
        let mut documents = complete();
        let kinds = |documents: &[Document], stated: crate::Stated| {
            run_stating(&RULE, documents, stated)
                .into_iter()
                .map(|f| f.kind)
                .collect::<Vec<_>>()
        };
        let of = |code: &str| crate::Stated {
            citizenship: Some(code.to_string()),
            ..Default::default()
        };
        let both = [
            Some(DocumentKind::HealthInsurance),
            Some(DocumentKind::WorkPermit),
        ];
        assert_eq!(kinds(&documents, of("UZB")), both);
        assert_eq!(kinds(&documents, crate::Stated::default()), both);
        assert!(kinds(&documents, of("KGZ")).is_empty());
        // Any one of the work bases will do.
        let mut certificate = doc(
            "qualification.pdf",
            DocumentKind::QualificationCertificate,
            crate::fields::Fields::None {},
        );
        certificate.path = "qualification.pdf".to_string();
        documents.push(certificate);
        assert_eq!(
            kinds(&documents, of("UZB")),
            [Some(DocumentKind::HealthInsurance)]
        );
    }

    #[test]
    fn another_purpose_asks_for_its_own_documents() {
        let family = crate::Stated {
            purpose: Some("family".to_string()),
            ..russian()
        };
        let findings = run_stating(&RULE, &complete(), family);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, Some(DocumentKind::FamilyRelation));
        assert_eq!(
            findings[0].message,
            "No marriage or birth certificate found in the bundle."
        );
    }

    #[test]
    fn fingerprints_only_from_sixteen() {
        let mut documents = complete();
        documents.retain(|doc| doc.kind() != DocumentKind::FingerprintCertificate);
        let crate::fields::Fields::Passport(passport) = &mut documents[0].fields else {
            unreachable!()
        };
        passport.birth_date = Some(date(2010, 11, 25)); // 15 on the filing date
        assert!(run(&RULE, &documents).is_empty());
        let crate::fields::Fields::Passport(passport) = &mut documents[0].fields else {
            unreachable!()
        };
        passport.birth_date = Some(date(2010, 11, 24)); // 16 that day
        assert_eq!(run(&RULE, &documents).len(), 1);
    }
}
