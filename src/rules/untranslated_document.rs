//! A foreign-language document has no translation in the bundle.

use super::{Bundle, Finding, Rule, Severity};
use crate::classify::DocumentKind;

/// What it checks: every document neither in Russian nor in Kazakh has a
/// translation of the same kind in the bundle. Why it matters: documents drawn
/// up in a foreign language must be translated into the state language or
/// Russian, or they are not accepted. How to fix: order a translation and add it.
pub static RULE: Rule = Rule {
    code: "untranslated-document",
    severity: Severity::Error,
    summary: "A document in a foreign language has no Russian or Kazakh translation in the bundle.",
    hint: "Have the document translated into Russian or Kazakh (with the translator's signature notarised) and add the translation.",
    basis: "Documents drawn up in a foreign language must be translated into the state or Russian language",
    explanation: "Checks that every document written in neither Russian nor Kazakh is accompanied by a translation of the same kind of document. Translations are recognised by their wording (\"Перевод с … языка\", \"translated by\", \"аударма\"). Have the document translated and add the translation to the folder.",
    check,
};

fn check(bundle: &Bundle) -> Vec<Finding> {
    let translated: Vec<DocumentKind> = bundle
        .of_kind(DocumentKind::Translation)
        .filter_map(|doc| doc.classification.translated_kind)
        .collect();
    bundle
        .documents
        .iter()
        .filter(|doc| !matches!(doc.kind(), DocumentKind::Translation | DocumentKind::Other))
        .filter_map(|doc| Some((doc, doc.classification.language?)))
        .filter(|(doc, language)| !language.is_accepted() && !translated.contains(&doc.kind()))
        .map(|(doc, language)| {
            let what = format!(
                "the {} is in {} and the bundle holds no translation of it into Russian or Kazakh.",
                doc.kind().title(),
                language.code()
            );
            RULE.about(doc, what)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use crate::fields::Fields;
    use crate::rules::test_support::*;

    #[test]
    fn english_contract_needs_a_translation() {
        let mut documents = complete();
        documents[1].classification.language = Some(Language::En);
        assert_eq!(run(&RULE, &documents)[0].documents, ["contract.pdf"]);
        let mut translation = doc(
            "contract-ru.pdf",
            DocumentKind::Translation,
            Fields::None {},
        );
        translation.classification.translated_kind = Some(DocumentKind::EmploymentContract);
        documents.push(translation);
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn a_translation_of_another_kind_does_not_count() {
        let mut documents = complete();
        documents[2].classification.language = Some(Language::De);
        let mut translation = doc(
            "contract-ru.pdf",
            DocumentKind::Translation,
            Fields::None {},
        );
        translation.classification.translated_kind = Some(DocumentKind::EmploymentContract);
        documents.push(translation);
        assert_eq!(run(&RULE, &documents)[0].documents, ["consent.pdf"]);
    }

    #[test]
    fn kazakh_needs_none() {
        let mut documents = complete();
        documents[1].classification.language = Some(Language::Kk);
        assert!(run(&RULE, &documents).is_empty());
    }
}
