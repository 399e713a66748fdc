//! A document has ended (or ends before filing could complete).

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// What it checks: the passport is valid through the day processing
/// completes (one working day after filing); the contract and the landlord's
/// consent have not ended on the filing date; a shortened permit has not run
/// out (the new application must be filed before its end). Why it matters:
/// the centre refuses an ended document, and the permit's term cannot outrun
/// the passport, the contract or the consent. How to fix: renew the document.
pub static RULE: Rule = Rule {
    code: "expired-document",
    severity: Severity::Error,
    summary: "A document has ended, or ends before filing could complete.",
    hint: "Renew the document (new passport, extended contract or consent) and replace the scan.",
    basis: "TRP term no longer than the passport, the labour contract and the landlord's consent; a new application is filed before a shortened TRP ends",
    explanation: "Checks that the passport is still valid on the day processing completes (one working day after filing), that the employment contract and the landlord's consent have not ended on the filing date, and that a shortened permit has not yet run out. Renew the document and replace it in the folder.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .validities()
        .into_iter()
        .filter(|validity| validity.end < validity.needed_until)
        .map(|validity| {
            let document = validity.document;
            let what = format!(
                "the {} ended on {}; it must be valid through {}.",
                document.kind().title(),
                validity.end,
                validity.needed_until
            );
            Finding {
                evidence: vec![Evidence::date(document, validity.end)],
                ..RULE.about(document, what)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn passport_must_outlast_processing() {
        let mut documents = complete();
        documents[0] = passport(date(2026, 11, 24)); // ends on the filing day
        let findings = run(&RULE, &documents);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].documents, ["passport.jpg"]);
        documents[0] = passport(date(2026, 11, 25));
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn ended_contract_consent_and_shortened_permit() {
        let mut documents = complete();
        documents[1] = contract(Some(date(2026, 11, 23)));
        documents[2] = consent(date(2026, 10, 1), true);
        documents.push(permit(date(2026, 11, 20), true));
        let paths: Vec<_> = run(&RULE, &documents)
            .into_iter()
            .flat_map(|f| f.documents)
            .collect();
        assert_eq!(paths, ["contract.pdf", "consent.pdf", "old-permit.pdf"]);
    }

    #[test]
    fn a_lapsed_unshortened_permit_is_no_problem() {
        let mut documents = complete();
        documents.push(permit(date(2026, 1, 1), false));
        assert!(run(&RULE, &documents).is_empty());
    }
}
