//! A reading a rule needs is not sure enough to build an error on.

use super::{Bundle, Evidence, Finding, Rule, Severity};
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
    explanation: "Raised instead of an error when the reading the error would rest on is not sure: a photo or scan whose file is cut short (part of the page may be missing), a passport zone whose check digits fail (its values then come from the printed page), a language identified from too little text or from a poorly read scan, a name or number compared against a printed field read by OCR. The message says which document and which value to look at; the Markdown report lists them under \"Check by hand\".",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let cut_short = bundle.documents.iter().filter(|doc| doc.cut_short).map(|doc| {
        RULE.about(
            doc,
            "the file ends before its end marker (a transfer cut short): part of the page may be missing, and what the checks read from it may be incomplete; check it, or ask the client to send it again.",
        )
    });
    cut_short.chain(zone_failures(bundle)).collect()
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
