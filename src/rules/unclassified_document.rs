//! A document matches none of the known kinds.

use super::{Bundle, Finding, Rule, Severity};
use crate::classify::DocumentKind;

/// What it checks: every readable document was recognised as one of the
/// bundle's kinds. Why it is a warning: an unrecognised file may be a required
/// document too poorly scanned to read (then reported missing), or a stray
/// paper that does not belong in the bundle. How to fix: rescan or remove it.
pub static RULE: Rule = Rule {
    code: "unclassified-document",
    severity: Severity::Warning,
    summary: "A document was not recognised as any kind the bundle needs.",
    hint: "Rescan it sharper if it is a required document; otherwise remove it from the folder.",
    basis: "Only the listed documents are filed",
    explanation: "Warns about each readable document whose text matches none of the known kinds (passport, contract, consent, letter, form, fingerprint certificate, termination order, permit, translation). Either it is a required document that could not be read well enough, or it does not belong in the bundle.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .of_kind(DocumentKind::Other)
        .map(|doc| RULE.about(doc, "not recognised as any document of the bundle."))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Fields;
    use crate::rules::test_support::*;

    #[test]
    fn fires_for_other_only() {
        let mut documents = complete();
        assert!(run(&RULE, &documents).is_empty());
        documents.push(doc("invoice.pdf", DocumentKind::Other, Fields::None {}));
        assert_eq!(run(&RULE, &documents)[0].documents, ["invoice.pdf"]);
    }
}
