//! A permit from another employer is still valid and was not cancelled.

use chrono::Months;

use super::{Bundle, Evidence, Finding, Rule, Severity};
use crate::classify::DocumentKind;
use crate::fields::{Fields, PermitFields};

/// What it checks: if the bundle holds a permit that is neither shortened nor
/// cancelled and runs more than one month past the filing date, it also holds
/// the previous employer's termination order or a shortened/cancelled permit.
/// Why it matters: otherwise the application is refused with "There is a valid
/// residence permit". How to fix: have the old permit cancelled, or attach the
/// order terminating the previous employment contract.
pub static RULE: Rule = Rule {
    code: "valid-permit-not-cancelled",
    severity: Severity::Error,
    summary: "A permit from another employer is valid for more than a month and has not been cancelled.",
    hint: "Have the previous employer cancel the permit (a shortened permit is issued), or add the previous employer's order terminating the employment contract.",
    basis: "Refusal ground \"There is a valid residence permit\"; cancellation yields a shortened TRP",
    explanation: "Checks for a current permit (not shortened or cancelled) that runs more than one month past the filing date. Such an application is refused unless the old permit was cancelled: the bundle must then hold the shortened/cancelled permit or the previous employer's termination order. With one month or less left, nothing is needed.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let cancelled = bundle.has(DocumentKind::TerminationOrder)
        || bundle.of_kind(DocumentKind::ResidencePermit).any(|doc| {
            matches!(doc.fields, Fields::Permit(PermitFields { shortened, cancelled, .. }) if shortened || cancelled)
        });
    if cancelled {
        return Vec::new();
    }
    let Some(month_after) = bundle.as_of.checked_add_months(Months::new(1)) else {
        return Vec::new();
    };
    bundle
        .of_kind(DocumentKind::ResidencePermit)
        .filter_map(|doc| match doc.fields {
            Fields::Permit(PermitFields { valid_until: Some(end), .. }) if end > month_after => Some((doc, end)),
            _ => None,
        })
        .map(|(doc, end)| Finding {
            evidence: vec![Evidence::date(doc, end)],
            ..RULE.about(
                doc,
                format!("a temporary residence permit valid until {end} (more than a month after filing) is neither cancelled nor accompanied by a termination order."),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn more_than_a_month_left_needs_a_cancellation() {
        let mut documents = complete();
        documents.push(permit(date(2027, 6, 1), false));
        assert_eq!(run(&RULE, &documents)[0].documents, ["old-permit.pdf"]);
        documents.push(doc(
            "order.pdf",
            DocumentKind::TerminationOrder,
            Fields::None {},
        ));
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn a_month_or_less_needs_nothing() {
        let mut documents = complete();
        documents.push(permit(date(2026, 12, 24), false));
        assert!(run(&RULE, &documents).is_empty());
        documents.pop();
        documents.push(permit(date(2026, 12, 25), false));
        assert_eq!(run(&RULE, &documents).len(), 1);
    }

    #[test]
    fn a_shortened_permit_is_the_cancellation() {
        let mut documents = complete();
        documents.push(permit(date(2027, 6, 1), false));
        let mut shortened = permit(date(2026, 12, 10), true);
        shortened.path = "shortened.pdf".into();
        documents.push(shortened);
        assert!(run(&RULE, &documents).is_empty());
    }
}
