//! A reading a rule needs is not sure enough to build an error on.

use super::{Bundle, Evidence, Finding, Rule, Severity};
use crate::FactSource;
use crate::fields::FieldSource;

/// What it checks: a file cut short (a JPEG or PNG that ends before its
/// end marker), a passport whose machine-readable zone failed its check
/// digits, so its values come from the printed page, and every reading
/// another rule would have built an error on but that is not sure (a
/// language told from too few words, a scan read with low confidence, a
/// name compared against a printed field). Why it matters: an error must
/// rest on a sure reading, or a good bundle is held back; an uncertain one
/// is for a person to look at. How to fix: look at the value named in the
/// message on the document; rescan it if it is hard to read.
pub static RULE: Rule = Rule {
    code: "needs-review",
    severity: Severity::Warning,
    summary: "A reading a check depends on is uncertain: check it by hand.",
    hint: "Look at the document and the value named in the message; if the scan is hard to read, rescan it at 300 DPI, flat and in focus.",
    basis: "Findings rest on sure readings; an uncertain one is confirmed by a person",
    explanation: "Raised instead of an error when the reading the error would rest on is not sure: a photo or scan whose file is cut short (part of the page may be missing), a passport zone whose check digits fail (its values then come from the printed page), a language identified from too little text or from a poorly read scan, a name or number compared against a printed field read by OCR, a citizenship the case states (dossier.toml or --fact) that the passport contradicts. The message says which document and which value to look at; the Markdown report lists them under \"Check by hand\".",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let cut_short = bundle.documents.iter().filter(|doc| doc.cut_short).map(|doc| {
        RULE.about(
            doc,
            "the file ends before its end marker (a transfer cut short): part of the page may be missing, and what the checks read from it may be incomplete; check it, or ask the client to send it again.",
        )
    });
    cut_short
        .chain(zone_failures(bundle))
        .chain(stated_citizenship(bundle))
        .collect()
}

/// A citizenship the flags or `dossier.toml` state over a passport that
/// says another: the statement is taken (a passport's zone can be
/// misread), but it waives papers, and the folder is the client's, so a
/// person looks.
fn stated_citizenship(bundle: &Bundle) -> Option<Finding> {
    let fact = bundle.facts.get("citizenship")?;
    let stated = match (&fact.value, fact.source) {
        (crate::facts::Value::Code(code), FactSource::Flag | FactSource::File) => code,
        _ => return None,
    };
    let read = super::citizenship(bundle.documents).filter(|read| read != stated)?;
    let (passport, _) = bundle.passports().next()?;
    let mut finding = RULE.about(
        passport,
        format!("the case states the citizenship {stated}, the passport reads {read}: the check went by {stated}; make sure it is the applicant's."),
    );
    finding.evidence.push(Evidence::fact(fact));
    Some(finding)
}

/// Passports whose zone failed, read from the printed page.
fn zone_failures<'a>(bundle: &'a Bundle) -> impl Iterator<Item = Finding> + 'a {
    bundle
        .passports()
        .filter(|(_, passport)| {
            passport.mrz.as_ref().is_some_and(|mrz| !mrz.checks_valid)
                && [passport.sources.number, passport.sources.expiry_date]
                    .contains(&Some(FieldSource::Printed))
        })
        .map(|(doc, passport)| {
            let mut finding = RULE.about(
                doc,
                "the machine-readable zone failed its check digits, so the passport number and dates were read from the printed page: check them against the passport.",
            );
            // The printed dates the checks now rest on.
            let printed: Vec<Evidence> = [passport.expiry_date, passport.birth_date]
                .into_iter()
                .flatten()
                .filter(|&date| doc.dates.iter().any(|d| d.date == date))
                .map(|date| Evidence::date(doc, date))
                .collect();
            if !printed.is_empty() {
                finding.evidence = printed;
            }
            finding
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn a_stated_citizenship_the_passport_contradicts_is_looked_at() {
        let stated = |code: &str| crate::Stated {
            citizenship: Some(code.to_string()),
            ..Default::default()
        };
        // The test passport's zone reads RUS.
        assert!(run_stating(&RULE, &complete(), stated("RUS")).is_empty());
        let findings = run_stating(&RULE, &complete(), stated("KGZ"));
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .message
                .contains("states the citizenship KGZ, the passport reads RUS"),
            "{}",
            findings[0].message
        );
        assert_eq!(findings[0].evidence[1].text, "citizenship = KGZ");
    }
}
