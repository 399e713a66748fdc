//! A foreign-language document has no translation in the bundle.

use super::{Bundle, Finding, Rule, Severity, reading_is_sure};
use crate::classify::{DocumentKind, Identified};
use crate::fields::Document;

/// What it checks: every document, unrecognised ones included, written in
/// neither Russian nor Kazakh is matched by a translation in the bundle: a
/// translation of the same kind of document that shares its numbers or
/// dates, one translation to one original. Why it matters: documents drawn
/// up in a foreign language must be translated into the state language or
/// Russian, or they are not accepted. How to fix: order a translation and
/// add it. When the language or the reading is not sure, the finding is
/// `needs-review` instead. Passports are left out: their data page prints
/// its labels in English beside the national language and carries a
/// machine-readable zone in Latin letters, so a photo that shows mostly
/// the zone reads as English however Russian the passport is.
pub static RULE: Rule = Rule {
    code: "untranslated-document",
    severity: Severity::Error,
    summary: "A document in a foreign language has no Russian or Kazakh translation in the bundle.",
    hint: "Have the document translated into Russian or Kazakh (with the translator's signature notarised) and add the translation.",
    basis: "Documents drawn up in a foreign language must be translated into the state or Russian language",
    explanation: "Checks that every document written in neither Russian nor Kazakh, unrecognised ones included, is matched by a translation: a document recognised as a translation by its wording (\"Перевод с … языка\", \"translated by\", \"аударма\") of the same kind of document, sharing its numbers or dates. The language is told by the share of a text's words that the Russian and Kazakh dictionaries know, and by each foreign language's own letters and words; a document whose language or reading is not sure gets needs-review instead. Have the document translated and add the translation to the folder.",
    check,
};

/// The language must be at least this sure for an error.
const SURE_LANGUAGE: f32 = 0.6;

fn check(bundle: &Bundle) -> Vec<Finding> {
    let foreign: Vec<(&Document, Identified)> = bundle
        .documents
        .iter()
        .filter(|doc| {
            !matches!(
                doc.kind(),
                DocumentKind::Translation | DocumentKind::Passport
            )
        })
        .filter_map(|doc| Some((doc, doc.classification.language?)))
        .filter(|(_, found)| !found.language.is_accepted())
        .collect();
    let originals: Vec<&Document> = foreign.iter().map(|&(doc, _)| doc).collect();
    let translated = translated(bundle, &originals);
    foreign
        .into_iter()
        .filter(|(doc, _)| !translated.iter().any(|t| std::ptr::eq(*t, *doc)))
        .map(|(doc, found)| {
            let what = format!(
                "the {} is in {} (language confidence {:.2}) and the bundle holds no translation of it into Russian or Kazakh.",
                title(doc),
                found.language.name(),
                found.confidence
            );
            let sure = found.confidence >= SURE_LANGUAGE && reading_is_sure(doc);
            let mut finding = RULE.about_if_sure(doc, what, sure);
            // The language rests on the whole text: quote its first line,
            // with the language's own confidence.
            for evidence in &mut finding.evidence {
                evidence.confidence = found.confidence;
            }
            finding
        })
        .collect()
}

/// The originals that a translation in the bundle covers: each translation
/// goes to the original that shares most numbers and dates with it, the
/// same kind breaking ties, and covers it when they share any (or, for an
/// original that holds none, when it is of the kind the translation
/// translates). Kinds alone do not pair them: a foreign original is often
/// unrecognised while its translation is read as a contract or a letter.
fn translated<'a>(bundle: &Bundle<'a>, originals: &[&'a Document]) -> Vec<&'a Document> {
    let mut covered: Vec<&Document> = Vec::new();
    for translation in bundle.of_kind(DocumentKind::Translation) {
        let kind = translation
            .classification
            .translated_kind
            .unwrap_or(DocumentKind::Other);
        let best = originals
            .iter()
            .filter(|doc| !covered.iter().any(|c| std::ptr::eq(*c, **doc)))
            .map(|doc| (shared_facts(doc, translation), doc.kind() == kind, *doc))
            .max_by_key(|&(shared, same_kind, doc)| {
                (shared, same_kind, std::cmp::Reverse(&doc.path))
            });
        if let Some((shared, same_kind, original)) = best
            && (shared > 0 || (same_kind && facts(original).is_empty()))
        {
            covered.push(original);
        }
    }
    covered
}

/// How many of an original's numbers and dates a translation repeats.
fn shared_facts(original: &Document, translation: &Document) -> usize {
    let theirs = facts(translation);
    facts(original)
        .iter()
        .filter(|fact| theirs.contains(fact))
        .count()
}

/// A document's dates (ISO) and numbers of four digits or more: each
/// group of digits, and groups separated by spaces taken together
/// («75 1234567» is also 751234567).
fn facts(doc: &Document) -> Vec<String> {
    let mut facts: Vec<String> = doc.dates.iter().map(|d| d.date.to_string()).collect();
    for page in &doc.pages {
        for run in page.text.split(|c: char| !(c.is_ascii_digit() || c == ' ')) {
            let groups: Vec<&str> = run.split_whitespace().collect();
            facts.extend(groups.iter().map(|group| group.to_string()));
            facts.push(groups.concat());
        }
    }
    facts.retain(|fact| fact.len() >= 4);
    facts.sort();
    facts.dedup();
    facts
}

fn title(doc: &Document) -> &'static str {
    match doc.kind() {
        DocumentKind::Other => "document",
        kind => kind.title(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use crate::extract::Page;
    use crate::fields::Fields;
    use crate::rules::test_support::*;

    fn foreign(language: Language) -> Option<Identified> {
        Some(Identified {
            language,
            confidence: 0.9,
        })
    }

    fn with_text(mut doc: Document, text: &str) -> Document {
        doc.pages = vec![Page::text_layer(1, text.to_string())];
        doc
    }

    fn translation_of(kind: DocumentKind, text: &str) -> Document {
        let mut translation = doc(
            "translation.pdf",
            DocumentKind::Translation,
            Fields::None {},
        );
        translation.classification.translated_kind = Some(kind);
        with_text(translation, text)
    }

    #[test]
    fn english_contract_needs_a_translation() {
        let mut documents = complete();
        documents[1].classification.language = foreign(Language::En);
        assert_eq!(run(&RULE, &documents)[0].documents, ["contract.pdf"]);
        documents.push(translation_of(DocumentKind::EmploymentContract, ""));
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn a_translation_of_another_kind_does_not_count() {
        let mut documents = complete();
        documents[2].classification.language = foreign(Language::De);
        documents.push(translation_of(DocumentKind::EmploymentContract, ""));
        assert_eq!(run(&RULE, &documents)[0].documents, ["consent.pdf"]);
    }

    #[test]
    fn a_translation_must_repeat_its_originals_numbers() {
        let mut documents = complete();
        let mut diploma = with_text(
            doc("diploma.jpg", DocumentKind::Other, Fields::None {}),
            "ДИПЛОМ № 4471 2019",
        );
        diploma.classification.language = foreign(Language::Uk);
        documents.push(diploma);
        documents.push(translation_of(DocumentKind::Other, "Диплом № 9999"));
        let findings = run(&RULE, &documents);
        assert_eq!(findings[0].documents, ["diploma.jpg"]);
        assert_eq!(findings[0].code, "untranslated-document");
        documents.pop();
        documents.push(translation_of(DocumentKind::Other, "Диплом № 4471"));
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn an_unsure_language_needs_review() {
        let mut documents = complete();
        documents[1].classification.language = Some(Identified {
            language: Language::Undetermined,
            confidence: 0.55,
        });
        assert_eq!(run(&RULE, &documents)[0].code, "needs-review");
    }

    #[test]
    fn kazakh_needs_none() {
        let mut documents = complete();
        documents[1].classification.language = foreign(Language::Kk);
        assert!(run(&RULE, &documents).is_empty());
    }
}
