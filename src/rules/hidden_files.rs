//! Hidden files and system junk were left unread.

use super::{Bundle, Evidence, Finding, Rule, Severity};

/// How many hidden paths a finding names; the rest are counted.
const NAMED: usize = 5;

/// What it checks: which files the folder walk left unread because they
/// are hidden or junk a system leaves (`.DS_Store`, `Thumbs.db`,
/// `desktop.ini`, `__MACOSX`, Office lock files `~$…`). Why it is only a
/// note: they hold no documents, but a document someone hid (a name
/// starting with a dot) would be missed, so they are counted, not ignored.
pub static RULE: Rule = Rule {
    code: "hidden-files",
    severity: Severity::Info,
    summary: "Hidden files and system junk were left unread.",
    hint: "Nothing to do, unless a document was saved under a name that starts with a dot: rename it.",
    basis: "Bundle hygiene",
    explanation: "Notes, in one finding with a count, the files the walk skipped: names starting with a dot, macOS's __MACOSX folders, Windows' Thumbs.db and desktop.ini, Word's ~$ lock files. They are never read; a document hidden under such a name would be reported missing.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    if bundle.hidden.is_empty() {
        return Vec::new();
    }
    let named: Vec<&str> = bundle
        .hidden
        .iter()
        .take(NAMED)
        .map(String::as_str)
        .collect();
    let more = match bundle.hidden.len() - named.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    vec![Finding {
        evidence: named
            .iter()
            .map(|path| Evidence::file(path, "hidden or system file"))
            .collect(),
        ..RULE.finding(
            format!(
                "{} hidden or system file(s) left unread: {}{more}.",
                bundle.hidden.len(),
                named.join(", ")
            ),
            named.iter().map(|path| path.to_string()).collect(),
        )
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn five_thousand_junk_files_are_one_finding() {
        let hidden: Vec<String> = (0..5000).map(|n| format!(".junk{n:04}")).collect();
        let findings = (RULE.check)(&Bundle {
            documents: &complete(),
            unreadable: &[],
            hidden: &hidden,
            as_of: as_of(),
            facts: &crate::Facts::default(),
        });
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "5000 hidden or system file(s) left unread: .junk0000, .junk0001, .junk0002, .junk0003, .junk0004 and 4995 more."
        );
    }
}
