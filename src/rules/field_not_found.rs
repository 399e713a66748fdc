//! A date the rules depend on could not be read.

use super::{Bundle, Finding, Rule, Severity};
use crate::fields::{Document, FieldSource};

/// What it checks: that the passport's expiry and birth dates, the contract's
/// end (unless it is indefinite) and the consent's end were found. Why it
/// matters: without them the expiry and fingerprint rules and the permit term
/// cannot be checked, so "ready" would be a guess. How to fix: check the date
/// by hand, or add a clearer scan.
pub static RULE: Rule = Rule {
    code: "field-not-found",
    severity: Severity::Warning,
    summary: "A date needed for the checks could not be read.",
    hint: "Check the date on the document by hand, or replace the file with a sharper scan (300 DPI, flat, in focus).",
    basis: "TRP term and validity rules depend on these dates",
    explanation: "Warns when the passport's expiry or birth date, the employment contract's end date (unless it is concluded for an indefinite term) or the landlord's consent's end date could not be read. The checks that depend on it were skipped or assumed the safe answer; check the date by hand or rescan the document.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let mut missing: Vec<(&Document, &'static str)> = Vec::new();
    for (doc, passport) in bundle.passports() {
        let for_life = passport.sources.expiry_date == Some(FieldSource::Computed);
        if passport.expiry_date.is_none() && !for_life {
            missing.push((doc, "the passport's expiry date"));
        }
        if passport.birth_date.is_none() {
            missing.push((doc, "the passport holder's birth date"));
        }
    }
    for (doc, contract) in bundle.contracts() {
        if contract.end.is_none() && !contract.indefinite {
            missing.push((doc, "the contract's end date"));
        }
    }
    for (doc, consent) in bundle.consents() {
        if consent.valid_until.is_none() {
            missing.push((doc, "the end of the consent's period"));
        }
    }
    missing
        .into_iter()
        .map(|(doc, what)| RULE.about(doc, format!("{what} could not be read.")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Fields;
    use crate::rules::test_support::*;

    #[test]
    fn unknown_ends_are_flagged_but_indefinite_contracts_are_not() {
        let mut documents = complete();
        documents[1] = contract(None); // indefinite
        assert!(run(&RULE, &documents).is_empty());
        let Fields::Contract(contract) = &mut documents[1].fields else {
            unreachable!()
        };
        contract.indefinite = false;
        let Fields::Passport(passport) = &mut documents[0].fields else {
            unreachable!()
        };
        passport.expiry_date = None;
        let messages: Vec<_> = run(&RULE, &documents)
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            messages,
            [
                "passport.jpg: the passport's expiry date could not be read.",
                "contract.pdf: the contract's end date could not be read.",
            ]
        );
    }

    #[test]
    fn an_internal_passport_for_life_has_no_expiry_to_find() {
        let mut documents = complete();
        let Fields::Passport(passport) = &mut documents[0].fields else {
            unreachable!()
        };
        passport.expiry_date = None;
        passport.sources.expiry_date = Some(FieldSource::Computed);
        assert!(run(&RULE, &documents).is_empty());
    }
}
