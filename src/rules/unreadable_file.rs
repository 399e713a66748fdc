//! A file could not be read at all.

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// What it checks: every file in the folder could be opened and read: not
/// empty, not corrupt, not encrypted, of a supported type (PDF, JPEG, PNG,
/// TIFF). Why it is a warning: the file may hold a required document that the
/// other rules then miss. How to fix: re-export or rescan it, remove its
/// password, or remove it from the folder.
pub static RULE: Rule = Rule {
    code: "unreadable-file",
    severity: Severity::Warning,
    summary: "A file could not be read (empty, corrupt, encrypted or of an unsupported type).",
    hint: "Re-export or rescan the file as PDF, JPEG, PNG or TIFF without a password, or remove it from the folder.",
    basis: "Every filed document must be legible",
    explanation: "Warns about each file that could not be read: empty, truncated or corrupt, password-protected, or not a PDF, JPEG, PNG or TIFF. Its content was not checked, so a required document inside it is reported as missing. Replace it with a readable copy, or remove it.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .unreadable
        .iter()
        .map(|file| Finding {
            evidence: vec![Evidence::file(&file.path, file.reason.clone())],
            ..RULE.finding(
                format!("{}: {}.", file.path, file.reason),
                vec![file.path.clone()],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Unreadable;
    use crate::rules::test_support::*;

    #[test]
    fn names_the_file_and_the_cause() {
        let unreadable = [Unreadable {
            path: "scan.pdf".into(),
            reason: "the PDF is encrypted".into(),
        }];
        let findings = (RULE.check)(&Bundle {
            documents: &complete(),
            unreadable: &unreadable,
            as_of: as_of(),
        });
        assert_eq!(findings[0].message, "scan.pdf: the PDF is encrypted.");
    }
}
