//! A document the purpose requires is not in the bundle.

use super::purpose::WORK;
use super::{Bundle, Finding, Rule, Severity};
use crate::classify::DocumentKind;
use crate::fields::Document;

/// What it checks: that the bundle holds every document a TRP for work
/// needs, as `purposes/work.toml` lists them: passport, employment
/// contract, the landlord's consent unless the applicant owns the dwelling
/// or its owner comes in person, employer's letter of application, and the
/// fingerprint certificate for applicants aged 16 or more. (The
/// application form has its own rule: it may be filled in at the service
/// centre.) Why it matters: a bundle without one is refused at the
/// counter. How to fix: obtain the document and add it to the folder.
pub static RULE: Rule = Rule {
    code: "missing-document",
    severity: Severity::Error,
    summary: "A required document is not in the bundle.",
    hint: "Obtain the document and add a scan or PDF of it to the client's folder.",
    basis: "gov.kz service 4631 (list of documents for a TRP); Law of 2023-12-23 (fingerprint registration from 2024-01-01, Art. 10)",
    explanation: "Checks that the bundle holds a passport, an employment contract (labour contract or civil-law contract for works), the landlord's consent (unless the applicant owns the dwelling or the owner comes to the filing in person: facts stated in the bundle's dossier.toml or by --fact), the employer's letter of application and, for applicants aged 16 or more on the filing date, the fingerprint registration certificate. A bundle without one is refused. Add the missing document to the folder and run the check again.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let age = bundle
        .birth_date()
        .and_then(|birth| bundle.as_of.years_since(birth));
    let missing = WORK
        .requires
        .iter()
        .filter(|requirement| requirement.applies(bundle.facts, age))
        .filter(|requirement| !bundle.has(requirement.kind))
        .map(|requirement| (requirement.kind, requirement.hint.as_str()));
    missing
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
    fn health_insurance_only_outside_the_eaeu_and_when_citizenship_is_unknown() {
        let documents = complete();
        let with = |stated: crate::Stated| {
            let facts = crate::Facts::resolve(&stated, &Default::default(), &Default::default());
            let bundle = Bundle {
                documents: &documents,
                unreadable: &[],
                hidden: &[],
                as_of: as_of(),
                facts: &facts,
            };
            check(&bundle)
                .into_iter()
                .map(|f| f.kind)
                .collect::<Vec<_>>()
        };
        let of = |code: &str| crate::Stated {
            citizenship: Some(code.to_string()),
            ..Default::default()
        };
        let insurance = [Some(DocumentKind::HealthInsurance)];
        assert_eq!(with(of("UZB")), insurance);
        assert_eq!(with(crate::Stated::default()), insurance);
        assert!(with(of("KGZ")).is_empty());
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
