//! The application form is not in the bundle.

use super::{Bundle, Finding, Rule, Severity};
use crate::classify::DocumentKind;

/// What it checks: that the bundle holds the filled-in application form. Why
/// it is a warning: some Government for Citizens centres fill the form in
/// online themselves, so its absence does not by itself cause a refusal. How
/// to fix: fill in the form, or confirm that the centre will do it. On the
/// eGov portal (the `channel` fact) the application is the portal's own
/// form, and nothing is asked.
pub static RULE: Rule = Rule {
    code: "missing-application-form",
    severity: Severity::Warning,
    summary: "The application form is not in the bundle.",
    hint: "Fill in the TRP application form, or confirm that the service centre fills it in online.",
    basis: "List of documents for a TRP for work, item 6 (some centres fill the form in themselves)",
    explanation: "Checks that the bundle holds the application form. It is a warning, not an error: some Government for Citizens centres fill the form in online at the counter. Fill it in, or confirm with the centre where the bundle will be filed. Filed on the eGov portal (channel = \"egov\" in dossier.toml), the application is the portal's own form and nothing is asked.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    if bundle.has(DocumentKind::ApplicationForm) || bundle.facts.on_egov() {
        return Vec::new();
    }
    vec![Finding {
        kind: Some(DocumentKind::ApplicationForm),
        ..RULE.finding(
            "No application form found in the bundle.".to_string(),
            Vec::new(),
        )
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn warns_only_when_absent() {
        let mut documents = complete();
        assert!(run(&RULE, &documents).is_empty());
        documents.retain(|doc| doc.kind() != DocumentKind::ApplicationForm);
        assert_eq!(
            run(&RULE, &documents)[0].kind,
            Some(DocumentKind::ApplicationForm)
        );
        let egov = crate::Stated {
            channel: Some(crate::Channel::Egov),
            ..russian()
        };
        assert!(run_stating(&RULE, &documents, egov).is_empty());
    }
}
