//! An IIN or BIN fails its check digit.

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// What it checks: every 12-digit IIN (ИИН, ЖСН) and BIN (БИН, БСН) a
/// document cites passes its check digit. Why it matters: a mistyped number
/// points to no one (or someone else) in the national registers, and the
/// centre checks them. How to fix: ask the issuer to correct it.
pub static RULE: Rule = Rule {
    code: "invalid-identifier",
    severity: Severity::Warning,
    summary: "An IIN or BIN fails its check digit.",
    hint: "Compare the number with the registration certificate or ID card and have the document corrected.",
    basis: "IIN/BIN structure and check digit: national registers of identification numbers of the Republic of Kazakhstan",
    explanation: "Checks the twelfth digit of every IIN and BIN a document cites: the first eleven digits weighted 1 to 11, modulo 11 (a result of 10 is recomputed with weights 3 to 11, 1, 2). A number that fails is mistyped or misread; compare it with the source document and have it corrected.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .documents
        .iter()
        .flat_map(|doc| {
            let iins = doc.identity.iins.iter().map(|id| ("IIN", id));
            let bins = doc.identity.bins.iter().map(|id| ("BIN", id));
            iins.chain(bins)
                .filter(|(_, id)| !id.valid)
                .map(move |(label, id)| Finding {
                    evidence: vec![Evidence::quote(doc, id.page, &id.number)],
                    ..RULE.about(
                        doc,
                        format!(
                            "{label} {} on page {} fails its check digit.",
                            id.number, id.page
                        ),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::identity::{Identifier, Identity};
    use crate::rules::test_support::*;

    #[test]
    fn fires_for_a_failing_number_only() {
        let mut documents = complete();
        let id = |number: &str, valid| Identifier {
            number: number.to_string(),
            valid,
            page: 1,
        };
        documents[2].identity = Identity {
            iins: vec![id("850312400567", false)],
            bins: vec![id("180240012342", true)],
            ..Identity::default()
        };
        let findings = run(&RULE, &documents);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("IIN 850312400567"));
    }
}
