//! The landlord's consent shows no notary's certification.

use super::{Bundle, Finding, Rule, Severity};

/// What it checks: every landlord's consent carries a notary's certification
/// (the notary's name, «удостоверено», a register entry). Why it matters: only
/// a notarised consent is accepted. How to fix: have the landlord sign the
/// consent before a notary.
pub static RULE: Rule = Rule {
    code: "consent-not-notarised",
    severity: Severity::Error,
    summary: "The landlord's consent is not notarised.",
    hint: "Have the landlord sign the consent before a notary and add the notarised copy.",
    basis: "List of documents for a TRP for work: notarised consent of the landlord",
    explanation: "Checks that each landlord's consent shows a notary's certification: the notary, the words «удостоверено» or «зарегистрировано в реестре», or their Kazakh and English equivalents. A consent signed only by the landlord is not accepted; have it certified by a notary.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .consents()
        .filter(|(_, consent)| !consent.notarised)
        .map(|(doc, _)| {
            RULE.about(
                doc,
                "the landlord's consent shows no notary's certification.",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn fires_without_a_notary() {
        let mut documents = complete();
        assert!(run(&RULE, &documents).is_empty());
        documents[2] = consent(date(2027, 12, 31), false);
        assert_eq!(run(&RULE, &documents)[0].documents, ["consent.pdf"]);
    }
}
