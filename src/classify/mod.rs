//! Stage 3: what kind of document a file is, and in which language.
//!
//! Kinds are scored from titles and key phrases in Russian, Kazakh and
//! English, held in one data file ([`vocabulary`]) and matched on word stems;
//! a readable passport MRZ outweighs any phrase. The file name is never
//! evidence: clients name files anything. The language comes from
//! [`language`].

mod language;
pub mod lexicon;
mod stack;
pub mod vocabulary;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use self::language::{Identified, Language};
use self::lexicon::LexiconError;
pub use self::stack::{StackPage, page_kind, page_runs, split_stack};
use self::vocabulary::{Fact, Span, Text, Use};
pub use self::vocabulary::{latin_twin, normalise};

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
    HealthInsurance,
    WorkPermit,
    QualificationCertificate,
    JournalistAccreditation,
    FamilyRelation,
    StudyPetition,
    MedicalCertificate,
    PlaceOfStayRegistration,
    Translation,
    Other,
}

impl DocumentKind {
    /// Every kind, in the order classification scores them.
    pub const ALL: [DocumentKind; 18] = [
        DocumentKind::Passport,
        DocumentKind::EmploymentContract,
        DocumentKind::TerminationOrder,
        DocumentKind::ResidencePermit,
        DocumentKind::LandlordConsent,
        DocumentKind::EmployerLetter,
        DocumentKind::ApplicationForm,
        DocumentKind::FingerprintCertificate,
        DocumentKind::HealthInsurance,
        DocumentKind::WorkPermit,
        DocumentKind::QualificationCertificate,
        DocumentKind::JournalistAccreditation,
        DocumentKind::FamilyRelation,
        DocumentKind::StudyPetition,
        DocumentKind::MedicalCertificate,
        DocumentKind::PlaceOfStayRegistration,
        DocumentKind::Translation,
        DocumentKind::Other,
    ];

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
            DocumentKind::HealthInsurance => "health_insurance",
            DocumentKind::WorkPermit => "work_permit",
            DocumentKind::QualificationCertificate => "qualification_certificate",
            DocumentKind::JournalistAccreditation => "journalist_accreditation",
            DocumentKind::FamilyRelation => "family_relation",
            DocumentKind::StudyPetition => "study_petition",
            DocumentKind::MedicalCertificate => "medical_certificate",
            DocumentKind::PlaceOfStayRegistration => "place_of_stay_registration",
            DocumentKind::Translation => "translation",
            DocumentKind::Other => "other",
        }
    }

    /// The kind a report name stands for.
    pub fn from_name(name: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
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
            DocumentKind::HealthInsurance => "health insurance policy",
            DocumentKind::WorkPermit => "permit for foreign labour",
            DocumentKind::QualificationCertificate => {
                "certificate of qualification for self-employment"
            }
            DocumentKind::JournalistAccreditation => "journalist's accreditation",
            DocumentKind::FamilyRelation => "marriage or birth certificate",
            DocumentKind::StudyPetition => "educational organisation's petition",
            DocumentKind::MedicalCertificate => "medical document on treatment",
            DocumentKind::PlaceOfStayRegistration => "registration at the place of stay",
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

/// A phrase that fills a line of its own, this many words at most, is a
/// title or a heading and counts double: a letter *mentions* a permit in
/// its body, a permit *is* one in its title. Letterheads and addressee
/// blocks push a title down the page, so where it stands is no guide.
const TITLE_WORDS: usize = 8;
/// A title's first line, when its second line is in lower case, is a word
/// or two in capitals: «СПРАВКА», «СОГЛАСИЕ», «ЗАЯВЛЕНИЕ».
const TITLE_HEAD_WORDS: usize = 3;
/// The second line of such a title may run longer: «о прохождении
/// иностранцем или лицом без гражданства обязательной дактилоскопической
/// регистрации».
const SUBTITLE_WORDS: usize = 14;
/// Characters of a body line across an A4 page (about 90 in 11-point type;
/// a title's larger type holds fewer).
const FULL_LINE: usize = 62;
/// The vocabulary's weight for a title phrase («трудовой договор»). In a
/// title it counts double; in running text, where documents mention each
/// other, it counts [`MENTION_WEIGHT`]. Phrases of what a document does
/// («заключили настоящий договор», «даю согласие») weigh more and count
/// wherever they stand.
const TITLE_WEIGHT: u32 = 3;
const MENTION_WEIGHT: u32 = 2;
/// A document's title takes this many lines at most («СПРАВКА / о
/// прохождении дактилоскопической регистрации»).
const TITLE_LINES: usize = 2;

/// How far a list of enclosures runs from its head, in bytes, unless a
/// blank line ends it first: «Приложение: копия трудового договора,
/// согласие собственника, справка о дактилоскопической регистрации»
/// names other documents, and is no evidence of this one's kind.
const ENCLOSURE_BYTES: usize = 400;
/// A line this many words long or longer, without a closing full stop,
/// colon or semicolon, is a paragraph that goes on to the next line: body
/// lines across an A4 page hold 10–14 words, address lines and dates fewer.
const WRAPPED_WORDS: usize = 10;
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
    /// The kind that scored next, when it scored enough to be a kind on
    /// its own: what the document may be instead.
    pub runner_up: Option<DocumentKind>,
    /// The phrases that scored, with their kind and the text they matched.
    pub evidence: Vec<Evidence>,
    pub language: Option<Identified>,
}

/// One scored phrase.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub kind: DocumentKind,
    /// The vocabulary's stems.
    pub phrase: &'static str,
    /// What the document says there.
    pub text: String,
    pub weight: u32,
    /// Where the title line it stands on begins (a byte offset), when it
    /// was the document's title.
    #[serde(skip)]
    pub title_at: Option<usize>,
}

/// Classifies a document from its text and whether a passport MRZ was read.
pub fn classify(text: &str, has_passport_mrz: bool) -> Result<Classification, LexiconError> {
    let (mut scores, mut evidence) = score(text);
    if has_passport_mrz {
        scores[DocumentKind::Passport as usize] += MRZ_SCORE;
        evidence.push(Evidence {
            kind: DocumentKind::Passport,
            phrase: "machine-readable zone",
            text: String::new(),
            weight: MRZ_SCORE,
            title_at: None,
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
    let runner_up =
        (scores[runner_up as usize] >= MIN_SCORE && runner_up != kind).then_some(runner_up);
    Ok(Classification {
        kind,
        confidence,
        translated_kind,
        runner_up,
        evidence,
        language: language::identify(text)?,
    })
}

/// Where one vocabulary entry matched: first anywhere, and first on a
/// title line.
struct Hit {
    entry: &'static vocabulary::Entry,
    kind: DocumentKind,
    first: Span,
    title: Option<Span>,
}

/// Each kind's score and the phrases behind it. Weightier phrases are
/// tried first, then longer ones, and a phrase whose words another already
/// counted does not count again: «собственника» in «собственника жилища»,
/// «employment contract» in «termination of the employment contract»,
/// «выдаче разрешения» in «ходатайствует о выдаче разрешения». Only the
/// document's own title earns the title bonus: the first two title lines
/// that hold a phrase (a title and its second line).
fn score(text: &str) -> ([u32; DocumentKind::ALL.len()], Vec<Evidence>) {
    let words = Text::new(text);
    let enclosures = enclosure_lists(text, &words);
    let in_enclosures = |span: Span| enclosures.iter().any(|list| list.contains(&span.start));
    let mut entries: Vec<(&'static vocabulary::Entry, DocumentKind)> = vocabulary::entries()
        .iter()
        .filter_map(|entry| match entry.use_ {
            Use::Kind(kind) => Some((entry, kind)),
            _ => None,
        })
        .collect();
    entries.sort_by_key(|(entry, _)| {
        (
            std::cmp::Reverse(entry.weight),
            std::cmp::Reverse(entry.stem_count()),
        )
    });
    let hits: Vec<Hit> = entries
        .into_iter()
        .filter_map(|(entry, kind)| {
            let first = words.find_all(entry).find(|&span| !in_enclosures(span))?;
            let title = (2..=TITLE_WEIGHT).contains(&entry.weight).then(|| {
                words.find_all(entry).find(|&span| {
                    !in_enclosures(span)
                        && !labels_a_value(text, span)
                        && is_title(words.lines_at(span))
                })
            });
            Some(Hit {
                entry,
                kind,
                first,
                title: title.flatten(),
            })
        })
        .collect();
    let mut title_lines: Vec<usize> = hits
        .iter()
        .filter_map(|hit| hit.title.map(|span| words.line_start(span)))
        .collect();
    title_lines.sort_unstable();
    title_lines.dedup();
    title_lines.truncate(TITLE_LINES);
    let mut scores = [0u32; DocumentKind::ALL.len()];
    let mut counted: Vec<Span> = Vec::new();
    let mut evidence = Vec::new();
    for hit in hits {
        let title = hit
            .title
            .filter(|&span| title_lines.contains(&words.line_start(span)));
        let (span, weight) = match title {
            Some(span) => (span, hit.entry.weight * 2),
            // A title phrase in running text is a mention: a letter names
            // the employment contract it rests on.
            None if hit.entry.weight == TITLE_WEIGHT => (hit.first, MENTION_WEIGHT),
            None => (hit.first, hit.entry.weight),
        };
        let overlaps = counted
            .iter()
            .any(|&other| span.start < other.end && other.start < span.end);
        if overlaps {
            continue;
        }
        counted.push(span);
        scores[hit.kind as usize] += weight;
        evidence.push(Evidence {
            kind: hit.kind,
            phrase: hit.entry.phrase,
            text: words.quote(span),
            weight,
            title_at: title.map(|span| words.line_start(span)),
        });
    }
    (scores, evidence)
}

/// The byte ranges of the text that list enclosures: from each list's head
/// to the first blank line after the list has begun (OCR often leaves one
/// under the head), or [`ENCLOSURE_BYTES`] on.
fn enclosure_lists(text: &str, words: &Text) -> Vec<std::ops::Range<usize>> {
    vocabulary::of(Use::Fact(Fact::Enclosures))
        .flat_map(|entry| words.find_all(entry))
        .map(|span| {
            let mut cap = (span.start + ENCLOSURE_BYTES).min(text.len());
            while !text.is_char_boundary(cap) {
                cap -= 1;
            }
            let list = &text[span.start..cap];
            let head_end = list.find('\n').unwrap_or(list.len());
            let body_start =
                head_end + (list[head_end..].len() - list[head_end..].trim_start().len());
            let end = list[body_start..]
                .find("\n\n")
                .map_or(cap, |blank| span.start + body_start + blank);
            span.start..end
        })
        .collect()
}

/// Whether a line is a title: short, not the last line of a paragraph
/// wrapped from the line before (a long line that ends without a full
/// stop, colon or semicolon), not a row of a table (columns set apart by
/// runs of spaces), and starting with a capital («ХОДАТАЙСТВО», «Заявление
/// о выдаче…»), or the second line of a title whose first is a word or two
/// in capitals («СПРАВКА / о прохождении дактилоскопической регистрации»).
/// A short line in lower case ends a paragraph: «…, справка о
/// дактилоскопической регистрации» in a letter's list of enclosures.
fn is_title((previous, line, next): (&str, &str, &str)) -> bool {
    let words = |line: &str| line.split_whitespace().count();
    let wrapped = words(previous) >= WRAPPED_WORDS
        && !previous.trim_end().ends_with(['.', ':', ';', '!', '?']);
    let under_a_title_head = words(previous) <= TITLE_HEAD_WORDS && in_capitals(previous);
    // A paragraph's first line fills the page's width and goes on in lower
    // case on the next; a title's lines are shorter, in its larger type.
    let goes_on = line.chars().count() >= FULL_LINE
        && !in_capitals(line)
        && !starts_with_capital(next)
        && !next.trim().is_empty();
    let (own, second) = (words(line) <= TITLE_WORDS, words(line) <= SUBTITLE_WORDS);
    !wrapped
        && !goes_on
        && !line.contains("   ")
        && ((own && starts_with_capital(line)) || (second && under_a_title_head))
}

fn starts_with_capital(line: &str) -> bool {
    line.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// Whether a phrase is a label with its value after a colon: «Трудовой
/// договор: № 47/2026», a line of a table, not a title.
fn labels_a_value(text: &str, span: Span) -> bool {
    text[span.end..]
        .trim_start_matches([' ', '\t'])
        .starts_with(':')
}

/// Whether most of a line's letters (seven in ten) are capitals.
fn in_capitals(line: &str) -> bool {
    let (upper, all) = line
        .chars()
        .filter(|c| c.is_alphabetic())
        .fold((0, 0), |(upper, all), c| {
            (upper + usize::from(c.is_uppercase()), all + 1)
        });
    all > 0 && upper * 10 >= all * 7
}

fn top_two(scores: &[u32; DocumentKind::ALL.len()]) -> (DocumentKind, DocumentKind) {
    let mut ranked = DocumentKind::ALL;
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
    crate::two_places(share * strength)
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
            (
                "ПОЛИС добровольного медицинского страхования № 0042\nСтраховщик АО «Сақтандыру», Застрахованное лицо Воронцов А.",
                DocumentKind::HealthInsurance,
            ),
            (
                "МЕДИЦИНАЛЫҚ САҚТАНДЫРУ ПОЛИСІ\nСақтандырушы «Сақтандыру» АҚ",
                DocumentKind::HealthInsurance,
            ),
            (
                "HEALTH INSURANCE POLICY No 0042\nInsurer: Steppe Insurance JSC. Insured person: Vorontsov A.",
                DocumentKind::HealthInsurance,
            ),
        ];
        for (text, expected) in cases {
            let verdict = classify(text, false).unwrap();
            assert_eq!(verdict.kind, expected, "{text}: {:?}", verdict.evidence);
            assert!(
                verdict.confidence > 0.5,
                "{text}: {} {:?}",
                verdict.confidence,
                verdict.evidence
            );
        }
    }

    #[test]
    fn a_form_with_passport_labels_is_a_form() {
        let text = "APPLICATION FORM\nfor a temporary residence permit\nSurname: VORONTSOV Given names: ANDREI\nCitizenship: Russian Federation. Passport No. 75 1234567";
        assert_eq!(
            classify(text, false).unwrap().kind,
            DocumentKind::ApplicationForm
        );
    }

    #[test]
    fn a_letter_that_mentions_a_permit_is_a_letter() {
        let text = "ТОО «Альфа»\nИсх. № 12\nХОДАТАЙСТВО\nТОО «Альфа» просит выдать разрешение на временное проживание гражданину РФ";
        assert_eq!(
            classify(text, false).unwrap().kind,
            DocumentKind::EmployerLetter
        );
    }

    #[test]
    fn a_translation_names_what_it_translates() {
        let text = "ПЕРЕВОД С АНГЛИЙСКОГО ЯЗЫКА НА РУССКИЙ ЯЗЫК\nТРУДОВОЙ ДОГОВОР\nРаботодатель … Работник …\nПеревод выполнен переводчиком";
        let verdict = classify(text, false).unwrap();
        assert_eq!(verdict.kind, DocumentKind::Translation);
        assert_eq!(
            verdict.translated_kind,
            Some(DocumentKind::EmploymentContract)
        );
    }

    #[test]
    fn an_mrz_makes_a_passport_and_little_text_makes_other() {
        assert_eq!(
            classify("P<UTO", true).unwrap().kind,
            DocumentKind::Passport
        );
        let verdict = classify("Счёт на оплату № 5 от 01.02.2026", false).unwrap();
        assert_eq!(
            (verdict.kind, verdict.confidence < 0.5),
            (DocumentKind::Other, true)
        );
    }

    #[test]
    fn second_wordings() {
        let letter = "ТОО «Альфа»\nИсх. № 12 от 01.02.2026\nНачальнику Департамента полиции г. Алматы\nТОО «Альфа» ходатайствует о выдаче разрешения на временное проживание гражданину Российской Федерации Иванову";
        assert_eq!(
            classify(letter, false).unwrap().kind,
            DocumentKind::EmployerLetter
        );
        let letter = "Директору Департамента миграционной службы\nПросим Вас рассмотреть вопрос о выдаче разрешения на временное проживание сотруднику";
        assert_eq!(
            classify(letter, false).unwrap().kind,
            DocumentKind::EmployerLetter
        );
    }

    #[test]
    fn bank_transfers_are_not_translations() {
        let text = "ТРУДОВОЙ ДОГОВОР № 5\nРаботодатель выплачивает заработную плату Работнику безналичным переводом на счет.";
        let verdict = classify(text, false).unwrap();
        assert_eq!(
            verdict.kind,
            DocumentKind::EmploymentContract,
            "{:?}",
            verdict.evidence
        );
    }
}
