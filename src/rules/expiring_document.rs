//! A document ends within 30 days of filing.

use chrono::Days;

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// A document ending this soon after filing would give a permit of a few weeks.
const SOON_DAYS: u64 = 30;

/// What it checks: whether the passport, contract, consent or shortened permit
/// ends within 30 days of the filing date. Why it matters: the permit would be
/// issued for a few weeks at most, and a shortened permit leaves little time
/// to file. How to fix: renew the document first, or file at once knowingly.
pub static RULE: Rule = Rule {
    code: "expiring-document",
    severity: Severity::Warning,
    summary: "A document ends within 30 days of filing; the permit would be very short.",
    hint: "Renew or extend the document before filing, or file at once if a short permit is acceptable.",
    basis: "TRP term no longer than the passport, the labour contract and the landlord's consent (practice: 30-day margin)",
    explanation: "Warns when the passport, the employment contract, the landlord's consent or a shortened permit ends within 30 days of the filing date: the permit's term would be cut to those few weeks, or the window to file would close. Renew the document first where possible.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let soon = bundle.as_of + Days::new(SOON_DAYS);
    bundle
        .validities()
        .into_iter()
        .filter(|validity| validity.end >= validity.needed_until && validity.end < soon)
        .map(|validity| {
            let document = validity.document;
            let days = (validity.end - bundle.as_of).num_days();
            let what = format!(
                "the {} ends on {}, {days} days after the filing date.",
                document.kind().title(),
                validity.end
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
    fn warns_inside_thirty_days_only() {
        let mut documents = complete();
        documents[2] = consent(date(2026, 12, 23), true); // 29 days
        assert_eq!(run(&RULE, &documents)[0].documents, ["consent.pdf"]);
        documents[2] = consent(date(2026, 12, 24), true); // 30 days
        assert!(run(&RULE, &documents).is_empty());
        documents[2] = consent(date(2026, 11, 1), true); // already ended: an error elsewhere
        assert!(run(&RULE, &documents).is_empty());
    }
}
