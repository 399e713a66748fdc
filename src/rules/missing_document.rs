//! A document the purpose requires is not in the bundle.

use super::{Bundle, Finding, Rule, Severity};
use crate::classify::DocumentKind;
use crate::fields::Document;

/// What it checks: that the bundle holds every document a TRP for work needs:
/// passport, employment contract, notarised landlord's consent, employer's
/// letter of application, and the fingerprint certificate for applicants aged
/// 16 or more. (The application form has its own rule: it may be filled in at
/// the service centre.) Why it matters: a bundle without one is refused at
/// the counter. How to fix: obtain the document and add it to the folder.
pub static RULE: Rule = Rule {
    code: "missing-document",
    severity: Severity::Error,
    summary: "A required document is not in the bundle.",
    hint: "Obtain the document and add a scan or PDF of it to the client's folder.",
    basis: "List of documents for a TRP for work; Law of 2023-12-23 (fingerprint registration from 2024-01-01, Art. 10)",
    explanation: "Checks that the bundle holds a passport, an employment contract (labour contract or civil-law contract for works), a landlord's consent, the employer's letter of application and, for applicants aged 16 or more on the filing date, the fingerprint registration certificate. A bundle without one is refused. Add the missing document to the folder and run the check again.",
    check,
};

/// The documents a TRP for work requires of everyone, with the fix for each.
const REQUIRED: &[(DocumentKind, &str)] = &[
    (
        DocumentKind::Passport,
        "Add a scan of the passport's photo page (all pages with stamps, if the centre asks).",
    ),
    (
        DocumentKind::EmploymentContract,
        "Add the employment contract registered in ЕСУТД, or the civil-law contract for works.",
    ),
    (
        DocumentKind::LandlordConsent,
        "Add the landlord's notarised consent to the applicant's residence.",
    ),
    (
        DocumentKind::EmployerLetter,
        "Ask the employer for a signed letter of application (ходатайство) on letterhead.",
    ),
];

/// Fingerprint registration is compulsory from this age.
const FINGERPRINT_AGE: u32 = 16;

fn check(bundle: &Bundle) -> Vec<Finding> {
    let mut missing: Vec<(DocumentKind, &str)> = REQUIRED
        .iter()
        .copied()
        .filter(|&(kind, _)| !bundle.has(kind))
        .collect();
    let age = bundle
        .birth_date()
        .and_then(|birth| bundle.as_of.years_since(birth));
    // Unknown age: require it, since a missing certificate means a refusal.
    if age.is_none_or(|age| age >= FINGERPRINT_AGE)
        && !bundle.has(DocumentKind::FingerprintCertificate)
    {
        missing.push((
            DocumentKind::FingerprintCertificate,
            "Register fingerprints at the territorial police at the place of stay and add the certificate.",
        ));
    }
    missing
        .into_iter()
        .map(|(kind, hint)| match maybe(bundle, kind) {
            // Read as another kind, but this one scored close behind: the
            // document may be the missing one, so a person decides.
            Some(doc) => Finding {
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
                hint: hint.to_string(),
                kind: Some(kind),
                ..RULE.finding(
                    format!("No {} found in the bundle.", kind.title()),
                    Vec::new(),
                )
            },
        })
        .collect()
}

/// A document whose next-best kind is `kind`, while another document
/// already holds its own kind: the one that may stand in for `kind`.
fn maybe<'a>(bundle: &Bundle<'a>, kind: DocumentKind) -> Option<&'a Document> {
    bundle.documents.iter().find(|doc| {
        doc.classification.runner_up == Some(kind)
            && bundle
                .documents
                .iter()
                .filter(|other| other.kind() == doc.kind())
                .count()
                > 1
    })
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
