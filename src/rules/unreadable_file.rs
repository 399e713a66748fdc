//! A file could not be read at all.

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// What it checks: every file in the folder, and every file in its
/// archives, could be opened and read: not empty, not corrupt, not
/// encrypted, within the limits, of a supported type; many files with one
/// cause are one finding with a count. Why it is a
/// warning: the file may hold a required document that the other rules then
/// miss. How to fix: the finding's own hint where it has one (save a
/// legacy Word file as PDF, unpack a RAR); else re-export or rescan it.
pub static RULE: Rule = Rule {
    code: "unreadable-file",
    severity: Severity::Warning,
    summary: "A file could not be read (empty, corrupt, encrypted, over the archive limits or of an unsupported type).",
    hint: "Re-export or rescan the file as PDF or a photo (JPEG, PNG, TIFF, HEIC, WebP) without a password, or remove it from the folder.",
    basis: "Every filed document must be legible",
    explanation: "Warns about each file that could not be read, in the folder or in an archive there: empty, truncated or corrupt, password-protected, an archive past the limits on size, entries or compression ratio (a zip bomb), an archive entry whose path leaves the archive, a legacy Office file (.doc, .xls) or a RAR, or of a type dossier does not read (it reads PDF, JPEG, PNG, TIFF, HEIC, WebP, DOCX, ODT, and ZIP, 7z, tar and tar.gz archives). Its content was not checked, so a required document inside it is reported as missing. Past five files with one cause (a folder of log files), one warning names five and counts the rest. Replace it with a readable copy, or remove it.",
    check,
};

/// Files that share a cause, past this many, are one finding with a count
/// (a folder of 5,000 log files is one warning, not 5,000); the report's
/// `unreadable` list still names each.
const GROUPED_FROM: usize = 6;

/// How many files a grouped finding names; the rest are counted.
const NAMED: usize = 5;

fn check(bundle: &Bundle) -> Vec<Finding> {
    let mut causes: Vec<(&str, Option<&str>, Vec<&str>)> = Vec::new();
    for file in bundle.unreadable {
        let cause = (file.reason.as_str(), file.fix.as_deref());
        match causes
            .iter_mut()
            .find(|(reason, fix, _)| (*reason, *fix) == cause)
        {
            Some((_, _, paths)) => paths.push(&file.path),
            None => causes.push((cause.0, cause.1, vec![&file.path])),
        }
    }
    causes
        .into_iter()
        .flat_map(|(reason, fix, paths)| {
            let hint = fix.unwrap_or(RULE.hint).to_string();
            let finding = |message: String, paths: &[&str]| Finding {
                evidence: paths
                    .iter()
                    .map(|path| Evidence::file(path, reason.to_string()))
                    .collect(),
                hint: hint.clone(),
                ..RULE.finding(message, paths.iter().map(|path| path.to_string()).collect())
            };
            if paths.len() < GROUPED_FROM {
                return paths
                    .iter()
                    .map(|path| finding(format!("{path}: {reason}."), &[path]))
                    .collect();
            }
            let named = &paths[..NAMED];
            let message = format!(
                "{} files: {reason}: {} and {} more.",
                paths.len(),
                named.join(", "),
                paths.len() - NAMED
            );
            vec![finding(message, named)]
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
            facts: &crate::Facts::default(),
        });
        assert_eq!(findings[0].message, "scan.pdf: the PDF is encrypted.");
    }

    #[test]
    fn many_files_with_one_cause_are_one_finding_with_a_count() {
        let junk = |n: usize, reason: &str| Unreadable {
            path: format!("log{n:04}.txt"),
            reason: reason.into(),
            fix: None,
        };
        let mut unreadable: Vec<Unreadable> = (0..5000)
            .map(|n| junk(n, "not a PDF, image, DOCX, ODT or archive"))
            .collect();
        unreadable.push(junk(9998, "the file is empty"));
        unreadable.push(junk(9999, "the file is empty"));
        let findings = (RULE.check)(&Bundle {
            documents: &complete(),
            unreadable: &unreadable,
            hidden: &[],
            as_of: as_of(),
            facts: &crate::Facts::default(),
        });
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "5000 files: not a PDF, image, DOCX, ODT or archive: log0000.txt, log0001.txt, log0002.txt, log0003.txt, log0004.txt and 4995 more.",
                "log9998.txt: the file is empty.",
                "log9999.txt: the file is empty.",
            ]
        );
        assert_eq!(findings[0].documents.len(), 5);
    }
}
