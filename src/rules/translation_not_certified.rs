//! A translation whose translator's signature no notary certified.

use super::{Bundle, Finding, Rule, Severity, reading_is_sure};
use crate::classify::DocumentKind;

/// What it checks: every translation in the bundle carries a notary's
/// certification of the translator's signature («Подлинность подписи
/// переводчика свидетельствую», «аудармашының қолының түпнұсқалығын
/// куәландырамын», a notary named with a licence or a register entry). Why
/// it matters: a translation counts only when the translator's signature is
/// notarised, in Kazakhstan or at a consulate. How to fix: have a notary
/// certify the translator's signature. On a scan read with low confidence,
/// the finding is `needs-review` instead.
pub static RULE: Rule = Rule {
    code: "translation-not-certified",
    severity: Severity::Error,
    summary: "A translation does not show a notary's certification of the translator's signature.",
    hint: "Have a notary (in Kazakhstan or at a consulate) certify the translator's signature on the translation, and replace the scan.",
    basis: "Documents in a foreign language are filed with a translation into Kazakh or Russian whose translator's signature is notarised",
    explanation: "Checks that each document recognised as a translation shows a notary's certification of the translator's signature: a notary named with a licence or a register number, a verb of certifying in any form («свидетельствую», «удостоверено», «куәландырамын»), a register entry. A translator's own statement is not enough. On a poorly read scan the finding is needs-review, since the certification may be there and unread.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .of_kind(DocumentKind::Translation)
        .filter(|doc| !doc.notarised)
        .map(|doc| {
            RULE.about_if_sure(
                doc,
                "the translation shows no notary's certification of the translator's signature.",
                reading_is_sure(doc),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Fields;
    use crate::rules::test_support::*;

    #[test]
    fn a_translation_needs_a_notary() {
        let mut documents = complete();
        documents.push(doc(
            "letter-ru.pdf",
            DocumentKind::Translation,
            Fields::None {},
        ));
        let findings = run(&RULE, &documents);
        assert_eq!(findings[0].code, "translation-not-certified");
        assert_eq!(findings[0].documents, ["letter-ru.pdf"]);
        documents.last_mut().unwrap().notarised = true;
        assert!(run(&RULE, &documents).is_empty());
    }
}
