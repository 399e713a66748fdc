//! A document has ended (or ends before filing could complete).

use chrono::NaiveDate;

use super::{Bundle, Evidence, Finding, Rule, Severity, reading_is_sure};
use crate::fields::{DateRole, Document};

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
            let mut finding =
                RULE.about_if_sure(document, what, end_is_sure(document, validity.end));
            finding.evidence = vec![Evidence::date(document, validity.end)];
            finding
        })
        .collect()
}

/// Whether an end date read from a document can be trusted for an error:
/// the page was read surely, and no later date stands in the document (a
/// consent «с 28.10.2026 по 31.05.2027» whose second date lost its cue
/// must not end on the first). A birth date does not count; a passport's
/// zone is sure when its check digits hold.
fn end_is_sure(document: &Document, end: NaiveDate) -> bool {
    reading_is_sure(document)
        && !document
            .dates
            .iter()
            .any(|d| d.date > end && d.role != Some(DateRole::Birth))
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
    fn an_end_with_a_later_date_beside_it_needs_review() {
        let mut documents = complete();
        documents[2] = consent(date(2026, 10, 28), true);
        documents[2].dates.push(crate::fields::DatedText {
            date: date(2027, 5, 31),
            role: None,
            page: 1,
            text: "31.05.2027".to_string(),
        });
        let findings = run(&RULE, &documents);
        assert_eq!(findings[0].code, "needs-review");
        assert_eq!(findings[0].severity, crate::rules::Severity::Warning);
    }

    #[test]
    fn a_lapsed_unshortened_permit_is_no_problem() {
        let mut documents = complete();
        documents.push(permit(date(2026, 1, 1), false));
        assert!(run(&RULE, &documents).is_empty());
    }
}
