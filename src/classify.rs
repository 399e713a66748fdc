//! Stage 3: what kind of document a file is, and in which language.
//!
//! Kinds are scored from titles and key phrases in Russian, Kazakh and English
//! (shared/DOMAIN.md), held in one table; a readable passport MRZ outweighs any
//! phrase. The file name is never evidence: clients name files anything.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The kinds of document a TRP bundle holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Passport,
    EmploymentContract,
    TerminationOrder,
    ResidencePermit,
    LandlordConsent,
    EmployerLetter,
    ApplicationForm,
    FingerprintCertificate,
    Translation,
    Other,
}

impl DocumentKind {
    /// The report's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Passport => "passport",
            DocumentKind::EmploymentContract => "employment_contract",
            DocumentKind::TerminationOrder => "termination_order",
            DocumentKind::ResidencePermit => "residence_permit",
            DocumentKind::LandlordConsent => "landlord_consent",
            DocumentKind::EmployerLetter => "employer_letter",
            DocumentKind::ApplicationForm => "application_form",
            DocumentKind::FingerprintCertificate => "fingerprint_certificate",
            DocumentKind::Translation => "translation",
            DocumentKind::Other => "other",
        }
    }

    /// How a person calls it, for messages.
    pub fn title(self) -> &'static str {
        match self {
            DocumentKind::Passport => "passport",
            DocumentKind::EmploymentContract => "employment contract",
            DocumentKind::TerminationOrder => "order terminating the previous employment contract",
            DocumentKind::ResidencePermit => "temporary residence permit",
            DocumentKind::LandlordConsent => "landlord's consent",
            DocumentKind::EmployerLetter => "employer's letter of application",
            DocumentKind::ApplicationForm => "application form",
            DocumentKind::FingerprintCertificate => "fingerprint registration certificate",
            DocumentKind::Translation => "translation",
            DocumentKind::Other => "unrecognised document",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Key phrases, lower case, `ё` written `е`. A title (weight 3) is what the
/// document calls itself; a phrase (weight 1-2) is what its body says. The
/// word "passport" alone weighs little: contracts, letters and forms all cite
/// the applicant's passport; a passport shows itself by its field labels and
/// its MRZ.
const PHRASES: &[(DocumentKind, &str, u32)] = {
    use DocumentKind::*;
    &[
        (Passport, "паспорт", 1),
        (Passport, "паспорт гражданина российской федерации", 3),
        (Passport, "код подразделения", 2),
        (Passport, "дата окончания срока действия", 1),
        (Passport, "фамилия", 1),
        (Passport, "дата рождения", 1),
        (Passport, "место рождения", 1),
        (Passport, "төлқұжат", 1),
        (Passport, "passport", 1),
        (Passport, "surname", 1),
        (Passport, "given names", 1),
        (Passport, "date of expiry", 1),
        (Passport, "date of birth", 1),
        (Passport, "place of birth", 1),
        (Passport, "nationality", 1),
        (EmploymentContract, "трудовой договор", 3),
        (EmploymentContract, "работодатель", 1),
        (EmploymentContract, "работник", 1),
        (EmploymentContract, "срок действия договора", 1),
        (EmploymentContract, "договор возмездного оказания услуг", 3),
        (EmploymentContract, "договор подряда", 3),
        (EmploymentContract, "должностной оклад", 1),
        (EmploymentContract, "еңбек шарты", 3),
        (EmploymentContract, "жұмыс беруші", 1),
        (EmploymentContract, "қызметкер", 1),
        (EmploymentContract, "employment contract", 3),
        (EmploymentContract, "labour contract", 3),
        (EmploymentContract, "labor contract", 3),
        (EmploymentContract, "employer", 1),
        (EmploymentContract, "employee", 1),
        (TerminationOrder, "приказ", 2),
        (TerminationOrder, "о расторжении трудового договора", 3),
        (TerminationOrder, "о прекращении трудового договора", 3),
        (TerminationOrder, "статьи 49 трудового кодекса", 1),
        (TerminationOrder, "статья 49 трудового кодекса", 1),
        (TerminationOrder, "бұйрық", 2),
        (TerminationOrder, "еңбек шартын бұзу туралы", 3),
        (TerminationOrder, "еңбек шартын тоқтату туралы", 3),
        (
            TerminationOrder,
            "termination of the employment contract",
            3,
        ),
        (TerminationOrder, "order", 1),
        (ResidencePermit, "разрешение на временное проживание", 2),
        (ResidencePermit, "срок временного проживания", 2),
        (ResidencePermit, "сокращен", 1),
        (ResidencePermit, "аннулирован", 1),
        (ResidencePermit, "уақытша тұруға рұқсат", 2),
        (ResidencePermit, "уақытша тұру мерзімі", 2),
        (ResidencePermit, "temporary residence permit", 2),
        (ResidencePermit, "permit holder", 1),
        (LandlordConsent, "согласие", 2),
        (LandlordConsent, "собственник", 1),
        (LandlordConsent, "собственника жилища", 2),
        (LandlordConsent, "нотариус", 1),
        (LandlordConsent, "удостоверено", 1),
        (LandlordConsent, "зарегистрировано в реестре", 1),
        (LandlordConsent, "келісім", 2),
        (LandlordConsent, "меншік иесі", 1),
        (LandlordConsent, "consent", 2),
        (LandlordConsent, "owner of the dwelling", 2),
        (LandlordConsent, "notary", 1),
        (EmployerLetter, "ходатайство", 3),
        (
            EmployerLetter,
            "просит выдать разрешение на временное проживание",
            3,
        ),
        (EmployerLetter, "исх. №", 1),
        (EmployerLetter, "өтінішхат", 3),
        (EmployerLetter, "letter of application", 3),
        (EmployerLetter, "petition", 2),
        (ApplicationForm, "заявление", 3),
        (
            ApplicationForm,
            "на выдачу разрешения на временное проживание",
            2,
        ),
        (ApplicationForm, "анкета", 2),
        (ApplicationForm, "өтініш", 2),
        (ApplicationForm, "рұқсат беру туралы", 3),
        (ApplicationForm, "өтініш берушінің", 2),
        (ApplicationForm, "application form", 3),
        (FingerprintCertificate, "справка", 2),
        (FingerprintCertificate, "дактилоскопической регистрации", 3),
        (FingerprintCertificate, "дактилоскопическ", 2),
        (FingerprintCertificate, "дактилоскопиялық тіркеуден", 3),
        (FingerprintCertificate, "анықтама", 2),
        (FingerprintCertificate, "fingerprint", 2),
        (FingerprintCertificate, "dactyloscopic registration", 3),
        (Translation, "перевод с", 3),
        (Translation, "перевод выполнен", 3),
        (Translation, "подлинность подписи переводчика", 3),
        (Translation, "переводчик", 2),
        (Translation, "аударма", 3),
        (Translation, "аударған", 3),
        (Translation, "translated by", 3),
    ]
};

/// A phrase in the document's first lines is its title (or its letterhead)
/// and counts double: a letter *mentions* a permit, a permit *is* one.
const TITLE_ZONE_LINES: usize = 4;
/// Below this score a document is `other`: one stray "order" is not an order.
const MIN_SCORE: u32 = 4;
/// A readable passport MRZ decides on its own.
const MRZ_SCORE: u32 = 20;
/// Translation markers this strong make a translation, whatever it translates.
const TRANSLATION_SCORE: u32 = 3;

/// The classifier's verdict on one document.
#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    pub kind: DocumentKind,
    /// 0..1: how far the winning kind's score stands above the runner-up's.
    pub confidence: f32,
    /// For a translation: the kind of the document it translates.
    pub translated_kind: Option<DocumentKind>,
    /// The phrases that scored, with their kind.
    pub evidence: Vec<Evidence>,
    pub language: Option<Language>,
}

/// One scored phrase.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub kind: DocumentKind,
    pub phrase: &'static str,
    pub weight: u32,
}

/// A document's language as an ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ru,
    Kk,
    En,
    De,
    Fr,
    Tr,
}

impl Language {
    /// Russian and Kazakh documents need no translation (the state language
    /// and the official one).
    pub fn is_accepted(self) -> bool {
        matches!(self, Language::Ru | Language::Kk)
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::Kk => "kk",
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
            Language::Tr => "tr",
        }
    }
}

/// Classifies a document from its text and whether a passport MRZ was read.
pub fn classify(text: &str, has_passport_mrz: bool) -> Classification {
    let normal = normalise(text);
    let title_lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(TITLE_ZONE_LINES)
        .collect();
    let title_zone = normalise(&title_lines.join("\n"));
    let mut scores = [0u32; 10];
    let mut evidence = Vec::new();
    for &(kind, phrase, weight) in PHRASES {
        if find_phrase(&normal, phrase) {
            // Labels (weight 1) sit near the top of forms of every kind:
            // only titles earn the bonus.
            let weight = if weight >= 2 && find_phrase(&title_zone, phrase) {
                weight * 2
            } else {
                weight
            };
            scores[kind as usize] += weight;
            evidence.push(Evidence {
                kind,
                phrase,
                weight,
            });
        }
    }
    if has_passport_mrz {
        scores[DocumentKind::Passport as usize] += MRZ_SCORE;
        evidence.push(Evidence {
            kind: DocumentKind::Passport,
            phrase: "machine-readable zone",
            weight: MRZ_SCORE,
        });
    }
    let translation = scores[DocumentKind::Translation as usize];
    scores[DocumentKind::Translation as usize] = 0;
    let (best, runner_up) = top_two(&scores);
    let original = (scores[best as usize] >= MIN_SCORE).then_some(best);
    let (kind, translated_kind) = match original {
        _ if translation >= TRANSLATION_SCORE => (DocumentKind::Translation, original),
        Some(kind) => (kind, None),
        None => (DocumentKind::Other, None),
    };
    let confidence = confidence(scores[best as usize], scores[runner_up as usize]);
    Classification {
        kind,
        confidence,
        translated_kind,
        evidence,
        language: detect_language(text),
    }
}

fn top_two(scores: &[u32; 10]) -> (DocumentKind, DocumentKind) {
    const KINDS: [DocumentKind; 10] = [
        DocumentKind::Passport,
        DocumentKind::EmploymentContract,
        DocumentKind::TerminationOrder,
        DocumentKind::ResidencePermit,
        DocumentKind::LandlordConsent,
        DocumentKind::EmployerLetter,
        DocumentKind::ApplicationForm,
        DocumentKind::FingerprintCertificate,
        DocumentKind::Translation,
        DocumentKind::Other,
    ];
    let mut ranked = KINDS;
    // Stable sort: ties go to the kind listed first, so output is deterministic.
    ranked.sort_by_key(|&kind| std::cmp::Reverse(scores[kind as usize]));
    (ranked[0], ranked[1])
}

/// The winner's share of the top two scores, damped while the winner's score
/// is low; rounded to two places so reports stay stable.
fn confidence(best: u32, runner_up: u32) -> f32 {
    if best == 0 {
        return 0.0;
    }
    let share = best as f32 / (best + runner_up) as f32;
    let strength = (best as f32 / 12.0).min(1.0);
    (share * strength * 100.0).round() / 100.0
}

/// Whether `phrase` starts a word somewhere in `text`.
fn find_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    })
}

/// Lower case, `ё` as `е`, one space for any run of white space (phrases break
/// across lines), and Latin look-alikes inside Cyrillic words put back: OCR
/// with three models reads `ОТВЕТСТВЕННОСТЬ` as `OTBETCTBEHHOCTb` (STACK.md).
pub fn normalise(text: &str) -> String {
    let cyrillic_text = is_mostly_cyrillic(text);
    let words: Vec<String> = text
        .split_whitespace()
        .map(|word| fix_lookalikes(word, cyrillic_text))
        .collect();
    words.join(" ").to_lowercase().replace('ё', "е")
}

/// Latin letters that OCR confuses with Cyrillic ones, and their Cyrillic twin.
const LOOKALIKES: &[(char, char)] = &[
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('b', 'ь'),
];

/// The Latin letter a Cyrillic one looks like (`А` → `A`), or the letter
/// itself: Latin words OCR'd by the Cyrillic models come out in look-alikes.
pub fn latin_twin(c: char) -> char {
    LOOKALIKES
        .iter()
        .find(|&&(_, cyrillic)| cyrillic == c)
        .map_or(c, |&(latin, _)| latin)
}

fn fix_lookalikes(word: &str, cyrillic_text: bool) -> String {
    let has_cyrillic = word.chars().any(is_cyrillic);
    let letters = || word.chars().filter(|c| c.is_alphabetic());
    let all_lookalike = letters().count() >= 3
        && letters().all(|c| LOOKALIKES.iter().any(|&(latin, _)| latin == c));
    if !(has_cyrillic || (cyrillic_text && all_lookalike)) {
        return word.to_string();
    }
    word.chars()
        .map(|c| {
            LOOKALIKES
                .iter()
                .find(|&&(latin, _)| latin == c)
                .map_or(c, |&(_, cyrillic)| cyrillic)
        })
        .collect()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn is_mostly_cyrillic(text: &str) -> bool {
    let (cyrillic, latin) = letter_counts(text);
    cyrillic * 10 >= (cyrillic + latin) * 3 && cyrillic > 0
}

fn letter_counts(text: &str) -> (usize, usize) {
    text.chars().fold((0, 0), |(cyrillic, latin), c| {
        if is_cyrillic(c) {
            (cyrillic + 1, latin)
        } else if c.is_ascii_alphabetic() {
            (cyrillic, latin + 1)
        } else {
            (cyrillic, latin)
        }
    })
}

/// Letters Kazakh has and Russian does not.
const KAZAKH_LETTERS: &[char] = &[
    'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', 'Ә', 'Ғ', 'Қ', 'Ң', 'Ө', 'Ұ', 'Ү', 'Һ', 'І',
];

/// Frequent short words that tell Latin-script languages apart.
const STOPWORDS: &[(Language, &[&str])] = &[
    (
        Language::En,
        &["the", "and", "of", "to", "is", "in", "for", "with", "this"],
    ),
    (
        Language::De,
        &["der", "die", "und", "das", "ist", "mit", "für", "von"],
    ),
    (
        Language::Fr,
        &["le", "la", "et", "les", "des", "du", "est", "pour"],
    ),
    (Language::Tr, &["ve", "bir", "bu", "ile", "için", "olarak"]),
];

/// The document's main language. A text that is at least 30% Cyrillic is
/// Russian or Kazakh: Russian passports and bilingual contracts carry much
/// Latin, yet need no translation. Kazakh shows in its own letters; OCR slips
/// one in now and then, hence the share rather than a mere presence.
pub fn detect_language(text: &str) -> Option<Language> {
    let (cyrillic, latin) = letter_counts(text);
    if cyrillic + latin < 20 {
        return None;
    }
    if cyrillic * 10 >= (cyrillic + latin) * 3 {
        let kazakh = text.chars().filter(|c| KAZAKH_LETTERS.contains(c)).count();
        return Some(if kazakh >= 5 && kazakh * 100 >= cyrillic * 2 {
            Language::Kk
        } else {
            Language::Ru
        });
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).collect();
    let hits = |list: &[&str]| words.iter().filter(|word| list.contains(word)).count();
    STOPWORDS
        .iter()
        .map(|&(language, list)| (hits(list), language))
        .max_by_key(|&(count, language)| (count, std::cmp::Reverse(language as u8)))
        .filter(|&(count, _)| count > 0)
        .map(|(_, language)| language)
        .or(Some(Language::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_each_language() {
        let cases = [
            (
                "ТРУДОВОЙ ДОГОВОР № 15\nРаботодатель ТОО «Альфа», Работник Иванов И.И.",
                DocumentKind::EmploymentContract,
            ),
            (
                "ЕҢБЕК ШАРТЫ № 15\nЖұмыс беруші «Альфа» ЖШС, Қызметкер Иванов",
                DocumentKind::EmploymentContract,
            ),
            (
                "EMPLOYMENT CONTRACT No 15\nEmployer Alpha LLP, Employee Ivanov",
                DocumentKind::EmploymentContract,
            ),
            (
                "ПРИКАЗ № 7-к\nО расторжении трудового договора",
                DocumentKind::TerminationOrder,
            ),
            (
                "СОГЛАСИЕ собственника жилища\nУдостоверено нотариусом",
                DocumentKind::LandlordConsent,
            ),
            (
                "ХОДАТАЙСТВО\nпросит выдать разрешение на временное проживание",
                DocumentKind::EmployerLetter,
            ),
            (
                "ЗАЯВЛЕНИЕ на выдачу разрешения на временное проживание\nАнкета",
                DocumentKind::ApplicationForm,
            ),
            (
                "СПРАВКА о прохождении дактилоскопической регистрации",
                DocumentKind::FingerprintCertificate,
            ),
            (
                "РАЗРЕШЕНИЕ НА ВРЕМЕННОЕ ПРОЖИВАНИЕ\nСрок временного проживания до 01.12.2027",
                DocumentKind::ResidencePermit,
            ),
        ];
        for (text, expected) in cases {
            let verdict = classify(text, false);
            assert_eq!(verdict.kind, expected, "{text}: {:?}", verdict.evidence);
            assert!(verdict.confidence > 0.5, "{text}: {}", verdict.confidence);
        }
    }

    #[test]
    fn a_form_with_passport_labels_is_a_form() {
        let text = "APPLICATION FORM\nfor a temporary residence permit\nSurname: VORONTSOV Given names: ANDREI\nCitizenship: Russian Federation. Passport No. 75 1234567";
        assert_eq!(classify(text, false).kind, DocumentKind::ApplicationForm);
    }

    #[test]
    fn a_letter_that_mentions_a_permit_is_a_letter() {
        let text = "ТОО «Альфа»\nИсх. № 12\nХОДАТАЙСТВО\nТОО «Альфа» просит выдать разрешение на временное проживание гражданину РФ";
        assert_eq!(classify(text, false).kind, DocumentKind::EmployerLetter);
    }

    #[test]
    fn a_translation_names_what_it_translates() {
        let text = "ПЕРЕВОД С АНГЛИЙСКОГО ЯЗЫКА НА РУССКИЙ ЯЗЫК\nТРУДОВОЙ ДОГОВОР\nРаботодатель … Работник …\nПеревод выполнен переводчиком";
        let verdict = classify(text, false);
        assert_eq!(verdict.kind, DocumentKind::Translation);
        assert_eq!(
            verdict.translated_kind,
            Some(DocumentKind::EmploymentContract)
        );
    }

    #[test]
    fn an_mrz_makes_a_passport_and_little_text_makes_other() {
        assert_eq!(classify("P<UTO", true).kind, DocumentKind::Passport);
        let verdict = classify("Счёт на оплату № 5 от 01.02.2026", false);
        assert_eq!(
            (verdict.kind, verdict.confidence < 0.5),
            (DocumentKind::Other, true)
        );
    }

    #[test]
    fn latin_lookalikes_in_cyrillic_text_are_put_back() {
        assert_eq!(normalise("ТРУДОВОЙ ДOГOBOP"), "трудовой договор");
        assert_eq!(
            normalise("Работник несет OTBETCTBEHHOCTb"),
            "работник несет ответственность"
        );
        assert_eq!(normalise("The COMMON market"), "the common market");
    }

    #[test]
    fn languages() {
        let ru = "Работодатель обязуется предоставить работнику работу по обусловленной трудовой функции";
        let kk = "Жұмыс беруші қызметкерге еңбек шартында көзделген жұмысты беруге міндеттенеді және жалақы төлейді";
        let en =
            "The employer shall provide the employee with work in accordance with this contract";
        let de = "Der Arbeitgeber verpflichtet sich, dem Arbeitnehmer die Arbeit und das Gehalt zu geben";
        assert_eq!(detect_language(ru), Some(Language::Ru));
        assert_eq!(detect_language(kk), Some(Language::Kk));
        assert_eq!(detect_language(en), Some(Language::En));
        assert_eq!(detect_language(de), Some(Language::De));
        assert_eq!(detect_language("  12.05  "), None);
        // A Russian passport page is mostly Latin in its MRZ, yet Russian.
        let passport = "ПАСПОРТ Фамилия Иванов Имя Иван Дата рождения\nP<RUSIVANOV<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<";
        assert_eq!(detect_language(passport), Some(Language::Ru));
    }
}
