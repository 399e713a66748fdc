//! A file could not be read at all.

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// What it checks: every file in the folder, and every file in its
/// archives, could be opened and read: not empty, not corrupt, not
/// encrypted, within the archive limits, of a supported type. Why it is a
/// warning: the file may hold a required document that the other rules then
/// miss. How to fix: the finding's own hint where it has one (save a
/// legacy Word file as PDF, unpack a RAR); else re-export or rescan it.
pub static RULE: Rule = Rule {
    code: "unreadable-file",
    severity: Severity::Warning,
    summary: "A file could not be read (empty, corrupt, encrypted, over the archive limits or of an unsupported type).",
    hint: "Re-export or rescan the file as PDF or a photo (JPEG, PNG, TIFF, HEIC, WebP) without a password, or remove it from the folder.",
    basis: "Every filed document must be legible",
    explanation: "Warns about each file that could not be read, in the folder or in an archive there: empty, truncated or corrupt, password-protected, an archive past the limits on size, entries or compression ratio (a zip bomb), an archive entry whose path leaves the archive, a legacy Office file (.doc, .xls) or a RAR, or of a type dossier does not read (it reads PDF, JPEG, PNG, TIFF, HEIC, WebP, DOCX, ODT, and ZIP, 7z, tar and tar.gz archives). Its content was not checked, so a required document inside it is reported as missing. Replace it with a readable copy, or remove it.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .unreadable
        .iter()
        .map(|file| Finding {
            evidence: vec![Evidence::file(&file.path, file.reason.clone())],
            hint: file.fix.clone().unwrap_or_else(|| RULE.hint.to_string()),
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
            fix: None,
        }];
        let findings = (RULE.check)(&Bundle {
            documents: &complete(),
            unreadable: &unreadable,
            hidden: &[],
            as_of: as_of(),
        });
        assert_eq!(findings[0].message, "scan.pdf: the PDF is encrypted.");
    }
}
