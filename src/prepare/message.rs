//! `client-message.md`: what the client must bring or fix, in Russian,
//! Kazakh and English, from the findings: no codes and no file paths, each
//! document by the name the client knows it by (`client.tsv`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::classify::DocumentKind;
use crate::report::Report;
use crate::rules::{Finding, Severity};

/// The message's name in the pack.
pub const FILE: &str = "client-message.md";

/// The message's languages, in the order it gives them.
const LANGUAGES: [&str; 3] = ["ru", "kk", "en"];

/// Each key's texts, one a language; `None` for a finding that is for the
/// specialist alone.
static TEXTS: LazyLock<BTreeMap<&'static str, Option<[&'static str; 3]>>> = LazyLock::new(|| {
    include_str!("client.tsv")
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(number, line)| {
            let columns: Vec<&str> = line.split('\t').collect();
            let [key, ru, kk, en] = columns[..] else {
                panic!("client.tsv:{}: not four columns: {line}", number + 1);
            };
            let texts = [ru, kk, en];
            (key, (texts != ["-"; 3]).then_some(texts))
        })
        .collect()
});

/// The text of `key` in language `index`; `None` for a key the file does
/// not have or keeps from the client.
fn text(key: &str, index: usize) -> Option<&'static str> {
    TEXTS.get(key).copied().flatten().map(|texts| texts[index])
}

/// The message, every language in turn.
pub fn message(report: &Report) -> String {
    let mut sections = Vec::new();
    for (index, language) in LANGUAGES.iter().enumerate() {
        let title = text("title", index).unwrap_or_default();
        let mut items: Vec<String> = Vec::new();
        for finding in &report.findings {
            if finding.severity == Severity::Info {
                continue;
            }
            let Some(template) = text(&format!("finding.{}", finding.code), index) else {
                continue;
            };
            let item = template.replace("{doc}", &named(report, finding, index));
            if !items.contains(&item) {
                items.push(item);
            }
        }
        let mut section = format!("<!-- {language} -->\n# {title}\n\n");
        if items.is_empty() {
            section.push_str(text("nothing", index).unwrap_or_default());
            section.push('\n');
        } else {
            section.push_str(text("intro", index).unwrap_or_default());
            section.push_str("\n\n");
            for (number, item) in items.iter().enumerate() {
                section.push_str(&format!("{}. {item}\n", number + 1));
            }
        }
        sections.push(section);
    }
    sections.join("\n")
}

/// The document a finding is about, as the client knows it, in language
/// `index`: its kind's name (the missing kind; a translation's original),
/// or, for a kind the checklist does not name (a Ukrainian diploma), the
/// name the client gave its file, without the folders above it.
fn named(report: &Report, finding: &Finding, index: usize) -> String {
    let kind_name = |kind: DocumentKind| text(&format!("kind.{}", kind.as_str()), index);
    if let Some(name) = finding.kind.and_then(kind_name) {
        return name.to_string();
    }
    let Some(name) = finding.documents.first() else {
        return kind_name(DocumentKind::Other)
            .unwrap_or_default()
            .to_string();
    };
    let kind = report
        .documents
        .iter()
        .find(|document| document.name() == *name)
        .map(|document| match (document.kind, document.translated_kind) {
            (DocumentKind::Translation, Some(original)) => original,
            (kind, _) => kind,
        });
    match kind.filter(|&kind| kind != DocumentKind::Other) {
        Some(kind) => kind_name(kind).unwrap_or_default().to_string(),
        None => name.rsplit('/').next().unwrap_or(name).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RULES;

    #[test]
    fn every_rule_says_what_the_client_must_do_or_is_kept_from_them() {
        for rule in RULES {
            let key = format!("finding.{}", rule.code);
            assert!(TEXTS.contains_key(key.as_str()), "client.tsv has no {key}");
        }
        for key in TEXTS.keys() {
            if let Some(code) = key.strip_prefix("finding.") {
                assert!(crate::rules::rule(code).is_some(), "{key}: no such rule");
            }
        }
    }

    #[test]
    fn every_kind_has_a_name_in_every_language_and_every_text_its_three() {
        for kind in DocumentKind::ALL {
            let key = format!("kind.{}", kind.as_str());
            for index in 0..LANGUAGES.len() {
                assert!(text(&key, index).is_some_and(|t| !t.is_empty()), "{key}");
            }
        }
        for (key, texts) in TEXTS.iter() {
            if let Some(texts) = texts {
                assert!(texts.iter().all(|t| !t.is_empty() && *t != "-"), "{key}");
                // A document named where the template has room for it, in
                // every language or none.
                let named = texts.map(|t| t.contains("{doc}"));
                assert!(named == [named[0]; 3], "{key}");
            }
        }
    }
}
