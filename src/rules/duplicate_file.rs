//! The same file is in the bundle more than once.

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// What it checks: no two files have the same content. Why it is only a note:
/// a copy does no harm to the filing, but it often means a different document
/// was meant to be uploaded in its place. How to fix: remove the copy, and
/// check nothing else was meant.
pub static RULE: Rule = Rule {
    code: "duplicate-file",
    severity: Severity::Info,
    summary: "The same file appears more than once; it was checked once.",
    hint: "Remove the copy, and check that no other document was meant in its place.",
    basis: "Bundle hygiene",
    explanation: "Notes byte-identical files. They are read and reported once, under the first path; the copies are listed. Often a sign that a different document was meant to be uploaded.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .documents
        .iter()
        .filter(|doc| !doc.duplicates.is_empty())
        .map(|doc| {
            let mut paths = vec![doc.path.clone()];
            paths.extend(doc.duplicates.iter().cloned());
            Finding {
                evidence: paths
                    .iter()
                    .map(|path| Evidence::file(path, "byte-identical (BLAKE3)"))
                    .collect(),
                ..RULE.finding(
                    format!(
                        "{} is identical to {}.",
                        doc.path,
                        doc.duplicates.join(", ")
                    ),
                    paths.clone(),
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn lists_the_copies() {
        let mut documents = complete();
        documents[0].duplicates = vec!["copy/passport.jpg".into()];
        assert_eq!(
            run(&RULE, &documents)[0].documents,
            ["passport.jpg", "copy/passport.jpg"]
        );
    }
}
