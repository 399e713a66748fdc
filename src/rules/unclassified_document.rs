//! A document matches none of the known kinds.

use super::{Bundle, Finding, Rule, Severity};
use crate::classify::DocumentKind;

/// What it checks: every readable document was recognised as one of the
/// bundle's kinds. Why it is a warning: an unrecognised file may be a required
/// document too poorly scanned to read (then reported missing), or a stray
/// paper that does not belong in the bundle. How to fix: rescan or remove it.
/// A document in a foreign language is left to `untranslated-document`:
/// it is a certificate or a reference the client brought, translated or
/// not, and its kind is not in question.
pub static RULE: Rule = Rule {
    code: "unclassified-document",
    severity: Severity::Warning,
    summary: "A document was not recognised as any kind the bundle needs.",
    hint: "Rescan it sharper if it is a required document; otherwise remove it from the folder.",
    basis: "Only the listed documents are filed",
    explanation: "Warns about each readable document whose text matches none of the known kinds (passport, contract, consent, letter, form, fingerprint certificate, termination order, permit, translation). Either it is a required document that could not be read well enough, or it does not belong in the bundle.",
    check,
};

/// Below this mean OCR confidence on every page, hardly any text was read:
/// the scan, not the document, is the likely problem (a thumbnail, a blurred
/// photo).
const ILLEGIBLE: f32 = 0.3;

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .of_kind(DocumentKind::Other)
        .filter(|doc| {
            doc.classification
                .language
                .is_none_or(|found| found.language.is_accepted())
        })
        .map(|doc| {
            let best = doc
                .pages
                .iter()
                .map(|page| page.ocr_confidence)
                .try_fold(0.0f32, |best, confidence| Some(best.max(confidence?)));
            match best {
                Some(confidence) if confidence < ILLEGIBLE => {
                    let mut finding = RULE.about(
                        doc,
                        format!("hardly any text could be read (OCR confidence {confidence:.2}), so it was not recognised."),
                    );
                    finding.hint = "If it is a required document, rescan it at 300 DPI, flat and in focus (a small or blurred photo cannot be read).".to_string();
                    finding
                }
                _ => RULE.about(doc, "not recognised as any document of the bundle."),
            }
        })
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

    #[test]
    fn an_illegible_scan_is_called_so() {
        use crate::extract::{Page, TextSource};
        let mut thumbnail = doc("passport.jpg", DocumentKind::Other, Fields::None {});
        thumbnail.pages = vec![Page {
            number: 1,
            text: String::new(),
            mrz_readings: Vec::new(),
            source: TextSource::Ocr,
            ocr_confidence: Some(0.0),
            rotation: 0,
            perspective_corrected: false,
            words: Vec::new(),
        }];
        let findings = run(&RULE, &[thumbnail]);
        assert!(
            findings[0].message.contains("hardly any text"),
            "{}",
            findings[0].message
        );
        assert!(findings[0].hint.contains("300 DPI"));
    }
}
