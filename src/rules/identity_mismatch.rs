//! A document names someone other than the passport's holder.

use super::{Bundle, Evidence, Finding, Rule, Severity};
use crate::fields::identity::Mention;
use crate::fields::names::{same_surname, to_cyrillic};
use crate::fields::{Document, PassportFields};

/// What it checks: wherever a document states the applicant's surname or
/// passport number (the contract, consent, letter, application form,
/// fingerprint certificate, termination order, permit), it is the passport's.
/// Names are compared through the ICAO transliteration Russian passports use,
/// allowing Russian case endings and Kazakh suffixes, and one misread letter
/// on a scan; a text layer must match exactly. Why it matters: the centre
/// refuses papers that name a different person, and a misspelt name on a
/// contract must be corrected by the employer before filing.
pub static RULE: Rule = Rule {
    code: "identity-mismatch",
    severity: Severity::Error,
    summary: "A document names a different person or passport than the passport.",
    hint: "Have the issuer correct the name or passport number so it matches the passport exactly, or replace the document with the applicant's.",
    basis: "TRP application: every document concerns the applicant identified by the passport",
    explanation: "Compares the applicant's surname and passport number, where a document states them, with the passport: Cyrillic spellings through the ICAO 9303 transliteration Russian passports use (Ж→ZH, Х→KH, Ц→TS, Щ→SHCH, Ю→IU, Я→IA, and the Kazakh letters), allowing case endings (Воронцову, Воронцовым) and, on scans, one misread letter. A mismatch is an error: the document has to be corrected or replaced.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let passports: Vec<_> = bundle.passports().collect();
    let Some((passport_doc, _)) = passports.first() else {
        return Vec::new();
    };
    let reference = Reference::of(&passports);
    let Some(shown) = reference.surnames.first() else {
        return Vec::new();
    };
    bundle
        .documents
        .iter()
        .filter(|doc| !passports.iter().any(|(p, _)| std::ptr::eq(*p, *doc)))
        .filter_map(|doc| {
            let mut problems: Vec<String> = Vec::new();
            let mut evidence: Vec<Evidence> = Vec::new();
            for mention in &doc.identity.surnames {
                // A courtesy title's two names come in either order.
                let names = || mention.text.split_whitespace();
                let is_given_name = |name: &str| {
                    reference
                        .given_names
                        .iter()
                        .any(|g| same_surname(name, g, false))
                };
                if !reference
                    .surnames
                    .iter()
                    .any(|s| names().any(|name| same_surname(name, s, mention.ocr)))
                    && !names().any(is_given_name)
                {
                    evidence.push(Evidence::quote(doc, mention.page, &mention.text));
                    problems.push(format!(
                        "names «{}» where the passport has {shown} ({})",
                        mention.text,
                        to_cyrillic(shown)
                    ));
                }
            }
            for mention in &doc.identity.passport_numbers {
                if let Some(number) = reference.numbers.first()
                    && !reference.numbers.iter().any(|n| same_number(mention, n))
                {
                    evidence.push(Evidence::quote(doc, mention.page, &mention.text));
                    problems.push(format!(
                        "cites passport No. {} where the passport is No. {number}",
                        mention.text
                    ));
                }
            }
            problems.dedup();
            (!problems.is_empty()).then(|| {
                let what = format!("{} ({}).", problems.join("; "), passport_doc.name());
                let mut finding = RULE.about_if_sure(doc, what, reference.sure);
                finding.documents.push(passport_doc.name());
                evidence.dedup();
                evidence.push(reference.evidence(passport_doc));
                finding.evidence = evidence;
                finding
            })
        })
        .collect()
}

/// What the passports say of their holder, and whether it is sure.
struct Reference {
    surnames: Vec<String>,
    /// The holder's given names from the zone: a name slot that caught the
    /// given name («ANDREI VORONTSOV» read from the wrong end) names the
    /// holder, not someone else.
    given_names: Vec<String>,
    numbers: Vec<String>,
    /// Read from a zone whose check digits all hold: a mismatch is an
    /// error. Read from the printed page, it is for a person to check.
    sure: bool,
}

impl Reference {
    /// Where the passport's surname was read: its zone, or its printed page.
    fn evidence(&self, passport: &Document) -> Evidence {
        let surname = self.surnames.first().map_or("", String::as_str);
        if self.sure {
            Evidence {
                confidence: 1.0,
                ..Evidence::file(
                    &passport.name(),
                    format!("{surname} (machine-readable zone, every check digit valid)"),
                )
            }
        } else {
            passport.identity.surnames.first().map_or_else(
                || Evidence::document(passport),
                |m| Evidence::quote(passport, m.page, &m.text),
            )
        }
    }

    /// A valid zone is authoritative: where one is read, only its surname
    /// (and the same without a last `K`, `X` or `C`, OCR's reading of a
    /// filler glued to the name: `NURLANOVAK<<`) and number count, and the
    /// printed page, which OCR misreads (`BOPOHLIOB` for ВОРОНЦОВ), is not
    /// consulted. Without one, the printed fields are all there is.
    fn of(passports: &[(&Document, &PassportFields)]) -> Reference {
        let valid: Vec<_> = passports
            .iter()
            .filter(|(_, p)| p.mrz.as_ref().is_some_and(|mrz| mrz.checks_valid))
            .collect();
        let sure = !valid.is_empty();
        let chosen: Vec<_> = if sure {
            valid
        } else {
            passports.iter().collect()
        };
        let mut surnames = Vec::new();
        for (doc, passport) in &chosen {
            if let Some(surname) = &passport.surname {
                surnames.push(surname.clone());
                if let Some(trimmed) = surname.strip_suffix(['K', 'X', 'C']) {
                    surnames.push(trimmed.to_string());
                }
            }
            if !sure {
                surnames.extend(doc.identity.surnames.iter().map(|m| m.text.clone()));
            }
        }
        let given_names = chosen
            .iter()
            .filter_map(|(_, p)| p.mrz.as_ref())
            .flat_map(|mrz| mrz.given_names.split(['<', ' ']).map(str::to_string))
            .filter(|name| name.len() >= 2)
            .collect();
        Reference {
            surnames,
            given_names,
            numbers: chosen
                .iter()
                .filter_map(|(_, p)| p.number.clone())
                .collect(),
            sure,
        }
    }
}

/// A cited passport number against the passport's, spaces aside; a scan may
/// have misread one character.
fn same_number(mention: &Mention, number: &str) -> bool {
    let cited: Vec<char> = mention
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let number: Vec<char> = number.chars().collect();
    let differences = cited.iter().zip(&number).filter(|(a, b)| a != b).count();
    cited.len() == number.len() && differences <= usize::from(mention.ocr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::identity::Identity;
    use crate::rules::test_support::*;

    fn mention(text: &str, ocr: bool) -> Mention {
        Mention {
            text: text.to_string(),
            page: 1,
            ocr,
        }
    }

    fn naming(surname: &str, number: &str, ocr: bool) -> Identity {
        Identity {
            surnames: vec![mention(surname, ocr)],
            passport_numbers: vec![mention(number, ocr)],
            ..Identity::default()
        }
    }

    #[test]
    fn inflected_cyrillic_names_and_spaced_numbers_match() {
        let mut documents = complete();
        documents[1].identity = naming("Воронцовым", "75 1234567", false);
        documents[2].identity = naming("Воронцовқа", "751234567", false);
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn a_misspelt_name_or_other_number_names_both_documents() {
        let mut documents = complete();
        documents[1].identity = naming("Воронцев", "75 1234576", false);
        let findings = run(&RULE, &documents);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, "identity-mismatch");
        assert_eq!(findings[0].documents, ["contract.pdf", "passport.jpg"]);
        assert!(
            findings[0].message.contains("«Воронцев»"),
            "{}",
            findings[0].message
        );
        assert!(findings[0].message.contains("VORONTSOV (ВОРОНЦОВ)"));
        assert!(findings[0].message.contains("No. 75 1234576"));
    }

    #[test]
    fn a_valid_zone_overrules_the_printed_page() {
        let mut documents = complete();
        documents[0].identity = naming("BOPOHLIOB", "75 1234567", true);
        documents[1].identity = naming("Воронцову", "75 1234567", true);
        assert!(run(&RULE, &documents).is_empty());
        documents[1].identity = naming("Воронцев", "75 1234567", false);
        assert_eq!(run(&RULE, &documents)[0].code, "identity-mismatch");
    }

    #[test]
    fn the_holders_given_name_in_a_surname_slot_is_the_holder() {
        let mut documents = complete();
        documents[1].identity = naming("ANDREI", "75 1234567", false);
        assert!(run(&RULE, &documents).is_empty());
        documents[1].identity = naming("SERGEI", "75 1234567", false);
        assert_eq!(run(&RULE, &documents)[0].code, "identity-mismatch");
    }

    #[test]
    fn without_a_valid_zone_a_mismatch_needs_review() {
        let mut documents = complete();
        let crate::fields::Fields::Passport(passport) = &mut documents[0].fields else {
            unreachable!()
        };
        passport.mrz = None;
        passport.surname = Some("BOPOHLIOB".into());
        documents[1].identity = naming("Воронцов", "75 1234567", false);
        let findings = run(&RULE, &documents);
        assert_eq!(findings[0].code, "needs-review");
        assert_eq!(findings[0].severity, crate::rules::Severity::Warning);
    }

    #[test]
    fn a_filler_read_onto_the_zones_surname_is_forgiven() {
        let mut documents = complete();
        let crate::fields::Fields::Passport(passport) = &mut documents[0].fields else {
            unreachable!()
        };
        passport.surname = Some("VORONTSOVK".into());
        documents[1].identity = naming("Воронцов", "75 1234567", false);
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn a_scan_may_misread_one_character() {
        let mut documents = complete();
        documents[1].identity = naming("Воронпов", "75 1234561", true);
        assert!(run(&RULE, &documents).is_empty());
        documents[1].identity = naming("Воронпов", "75 1234561", false);
        assert_eq!(run(&RULE, &documents).len(), 1);
    }
}
