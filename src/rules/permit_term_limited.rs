//! What term the permit would get, and which document limits it.

use super::term::Limit;
use super::{Bundle, Evidence, Finding, Rule, Severity};

/// What it says: the term a permit filed on the filing date would get (one
/// year at most) and what limits it: the one-year maximum, the passport, the
/// contract or the landlord's consent. Why: a client expecting a year should
/// know before filing that the consent runs out in May. How to act: extend the
/// limiting document first if a longer permit is wanted.
pub static RULE: Rule = Rule {
    code: "permit-term-limited",
    severity: Severity::Info,
    summary: "The permit's term and what limits it.",
    hint: "For a longer permit, extend the limiting document before filing.",
    basis: "TRP issued for one year at most, no longer than the passport, the labour contract and the landlord's consent",
    explanation: "Computes the term a permit filed on the filing date would get: one year at most, cut by the passport's expiry, the employment contract's end and the end of the landlord's consent, and names the document that limits it.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let Some((term, limiting)) = bundle.permit_term() else {
        return Vec::new();
    };
    let reason = match (term.limited_by, limiting) {
        (Limit::Maximum(12), _) => "the one-year maximum".to_string(),
        (Limit::Maximum(months), _) => format!("the {months}-month maximum"),
        (_, None) => "the purpose's maximum".to_string(),
        (Limit::Document(kind), Some(doc)) => format!("the {} ({})", kind.title(), doc.name()),
    };
    let mut finding = RULE.finding(
        format!(
            "The permit would run from {} to {}, limited by {reason}.",
            term.start, term.end
        ),
        limiting.map(|doc| vec![doc.name()]).unwrap_or_default(),
    );
    finding.evidence = match (term.limited_by, limiting) {
        (Limit::Document(_), Some(doc)) => vec![Evidence::date(doc, term.end)],
        _ => Vec::new(),
    };
    if let Limit::Maximum(_) = term.limited_by {
        finding.hint =
            "Nothing to do: it is the longest term a permit for the purpose is issued for."
                .to_string();
    }
    vec![finding]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn names_the_limiting_document() {
        let mut documents = complete();
        documents[2] = consent(date(2027, 5, 31), true);
        let finding = &run(&RULE, &documents)[0];
        assert_eq!(
            finding.message,
            "The permit would run from 2026-11-24 to 2027-05-31, limited by the landlord's consent (consent.pdf)."
        );
        assert_eq!(finding.documents, ["consent.pdf"]);
    }

    #[test]
    fn one_year_when_nothing_is_shorter() {
        let mut documents = complete();
        documents[1] = contract(None); // indefinite
        let finding = &run(&RULE, &documents)[0];
        assert!(
            finding
                .message
                .ends_with("to 2027-11-23, limited by the one-year maximum."),
            "{}",
            finding.message
        );
    }
}
