//! The employer's BIN differs between the contract, the letter and the form.

use super::{Bundle, Evidence, Finding, Rule, Severity};
use crate::classify::DocumentKind;
use crate::fields::Document;
use crate::fields::identity::Identifier;

/// What it checks: the first BIN on the employment contract, the employer's
/// letter and the application form (or their translations) is the same.
/// Why it matters: the permit is tied to the employer that asks for it; a
/// letter from one company and a contract with another is refused.
pub static RULE: Rule = Rule {
    code: "employer-mismatch",
    severity: Severity::Error,
    summary: "The employer's BIN is not the same on the contract, the letter and the application form.",
    hint: "Make sure the contract, the employer's letter and the application form come from the same employer, and correct the BIN where it is wrong.",
    basis: "TRP for work: the petition, the labour contract and the application concern one employer",
    explanation: "Compares the employer's BIN (the first BIN each document cites) on the employment contract, the employer's letter and the application form, translations included. Different numbers mean different employers, or a typo; either way the centre refuses the bundle until they agree.",
    check,
};

const EMPLOYER_DOCUMENTS: [DocumentKind; 3] = [
    DocumentKind::EmploymentContract,
    DocumentKind::EmployerLetter,
    DocumentKind::ApplicationForm,
];

fn check(bundle: &Bundle) -> Vec<Finding> {
    let cited: Vec<(&Document, &Identifier)> = bundle
        .documents
        .iter()
        .filter(|doc| EMPLOYER_DOCUMENTS.contains(&doc.content_kind()))
        .filter_map(|doc| Some((doc, doc.identity.bins.first()?)))
        .collect();
    let Some(&(_, first)) = cited.first() else {
        return Vec::new();
    };
    if cited.iter().all(|&(_, bin)| bin.number == first.number) {
        return Vec::new();
    }
    let listed: Vec<String> = cited
        .iter()
        .map(|(doc, bin)| format!("{} has BIN {}", doc.name(), bin.number))
        .collect();
    vec![Finding {
        evidence: cited
            .iter()
            .map(|(doc, bin)| Evidence::quote(doc, bin.page, &bin.number))
            .collect(),
        ..RULE.finding(
            format!("The employer differs: {}.", listed.join(", ")),
            cited.iter().map(|(doc, _)| doc.name()).collect(),
        )
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::identity::{Identifier, Identity};
    use crate::rules::test_support::*;

    fn citing(bin: &str) -> Identity {
        Identity {
            bins: vec![Identifier {
                number: bin.to_string(),
                valid: true,
                page: 1,
            }],
            ..Identity::default()
        }
    }

    #[test]
    fn one_employer_throughout_is_fine() {
        let mut documents = complete();
        for index in [1, 3, 4] {
            documents[index].identity = citing("180240012342");
        }
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn a_letter_from_another_employer_names_every_document() {
        let mut documents = complete();
        documents[1].identity = citing("180240012342");
        documents[3].identity = citing("151140007895");
        documents[4].identity = citing("180240012342");
        let findings = run(&RULE, &documents);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].documents,
            ["contract.pdf", "letter.pdf", "form.pdf"]
        );
        assert!(
            findings[0]
                .message
                .contains("letter.pdf has BIN 151140007895")
        );
    }
}
