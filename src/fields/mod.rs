//! Stage 4: the facts the rules need, read from a classified document's text.

pub mod dates;
pub mod identity;
pub mod names;
mod passport;

use chrono::NaiveDate;
use serde::Serialize;

use crate::classify::vocabulary::{Fact, Text, Use};
use crate::classify::{Classification, DocumentKind};
use crate::extract::Page;
use crate::mrz::{Mrz, best_reading, find_mrz};

pub use self::dates::DateRole;
use self::dates::{Cue, find_dates};
pub use self::identity::Identity;
pub use self::passport::{
    FieldSource, PassportFields, PassportSources, PassportSubtype, printed_nationality,
};

/// A date with the role its context gives it.
#[derive(Debug, Clone, Serialize)]
pub struct DatedText {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<DateRole>,
    pub page: u32,
    pub text: String,
}

/// The facts read from a document, by kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Fields {
    Passport(Box<PassportFields>),
    Contract(ContractFields),
    Consent(ConsentFields),
    Permit(PermitFields),
    None {},
}

#[derive(Debug, Clone, Serialize)]
pub struct ContractFields {
    pub start: Option<NaiveDate>,
    /// `None` with `indefinite` set: the contract has no end date.
    pub end: Option<NaiveDate>,
    pub indefinite: bool,
    /// A civil-law contract for works or services, not a labour contract.
    pub civil_law: bool,
    /// Shows registration in the unified labour-contract register (ЕСУТД).
    pub registered: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsentFields {
    pub notarised: bool,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PermitFields {
    pub valid_until: Option<NaiveDate>,
    pub shortened: bool,
    pub cancelled: bool,
}

/// The pages of a file one of its documents takes up, when a scanned stack
/// holds several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Part {
    pub first_page: u32,
    pub last_page: u32,
}

/// A document's name: its file's path, with its pages when its file holds
/// other documents too, or with the files of its further pages.
pub fn document_name(path: &str, part: Option<Part>, continued_in: &[String]) -> String {
    match part {
        _ if !continued_in.is_empty() => format!("{path} (+ {})", continued_in.join(", ")),
        None => path.to_string(),
        Some(part) if part.first_page == part.last_page => {
            format!("{path} (page {})", part.first_page)
        }
        Some(part) => format!("{path} (pages {}–{})", part.first_page, part.last_page),
    }
}

/// A document after every stage up to the rules.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    /// Where in its file it stands, when the file holds several documents.
    pub part: Option<Part>,
    pub duplicates: Vec<String>,
    /// The archive it was unpacked from, relative to the bundle.
    pub unpacked_from: Option<String>,
    /// The files holding its further pages, when it was photographed a page
    /// a file: page 2 is the first of them.
    pub continued_in: Vec<String>,
    /// Its file ends before its end marker: part of a page may be missing.
    pub cut_short: bool,
    pub pages: Vec<Page>,
    pub classification: Classification,
    pub dates: Vec<DatedText>,
    pub fields: Fields,
    /// A notary's certification appears in it.
    pub notarised: bool,
    pub identity: Identity,
}

impl Document {
    /// How findings name it: its path, and its pages when its file holds
    /// other documents too.
    pub fn name(&self) -> String {
        document_name(&self.path, self.part, &self.continued_in)
    }

    pub fn kind(&self) -> DocumentKind {
        self.classification.kind
    }

    /// The kind whose facts the document carries: a translation carries those
    /// of its original.
    pub fn content_kind(&self) -> DocumentKind {
        self.classification.translated_kind.unwrap_or(self.kind())
    }
}

/// What [`read_fields`] reads of a document.
#[derive(Debug, Clone)]
pub struct Reading {
    pub dates: Vec<DatedText>,
    pub fields: Fields,
    /// A notary's certification appears: a consent's, or a translator's
    /// signature's.
    pub notarised: bool,
}

/// Reads dates and kind-specific fields; `mrz` is the zone [`page_mrz`] found.
pub fn read_fields(
    pages: &[Page],
    classification: &Classification,
    mrz: Option<Mrz>,
    identity: &Identity,
) -> Reading {
    let kind = classification
        .translated_kind
        .unwrap_or(classification.kind);
    let mut dates: Vec<DatedText> = pages
        .iter()
        .flat_map(|page| {
            find_dates(&page.text)
                .into_iter()
                .map(move |found| DatedText {
                    date: found.date,
                    role: found.cue.map(|cue| role_for(kind, cue)),
                    page: page.number,
                    text: found.text,
                })
        })
        .collect();
    if kind == DocumentKind::EmploymentContract {
        date_the_head(pages, &mut dates);
    }
    let text: String = pages
        .iter()
        .map(|page| page.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let words = Text::new(&text);
    let has = |fact| words.has(Use::Fact(fact));
    let first = |role: DateRole| dates.iter().find(|d| d.role == Some(role)).map(|d| d.date);
    let notarised = has(Fact::Notarised);
    let fields = match kind {
        DocumentKind::Passport => Fields::Passport(Box::new(passport::read(
            mrz, &text, &words, &dates, identity,
        ))),
        DocumentKind::EmploymentContract => Fields::Contract(ContractFields {
            start: first(DateRole::ContractStart),
            end: first(DateRole::ContractEnd).filter(|_| !has(Fact::Indefinite)),
            indefinite: has(Fact::Indefinite),
            civil_law: has(Fact::CivilLaw),
            registered: has(Fact::Registered),
        }),
        DocumentKind::LandlordConsent => Fields::Consent(ConsentFields {
            notarised,
            valid_from: first(DateRole::ValidFrom),
            valid_until: first(DateRole::ValidUntil),
        }),
        DocumentKind::ResidencePermit => Fields::Permit(PermitFields {
            valid_until: dates
                .iter()
                .filter(|d| matches!(d.role, Some(DateRole::ValidUntil | DateRole::Expiry)))
                .map(|d| d.date)
                .next_back(),
            shortened: has(Fact::Shortened),
            cancelled: has(Fact::Cancelled),
        }),
        _ => Fields::None {},
    };
    Reading {
        dates,
        fields,
        notarised,
    }
}

/// Lines of a contract's head, where it states where and when it was
/// made («г. Алматы «30» октября 2026 г.», «Made at Almaty on …»): all 21
/// dev contracts put it within the first eight lines of their first page.
const HEAD_LINES: usize = 10;

/// A contract's signing day where no cue names one: the first date of its
/// head that no word around it gives another role.
fn date_the_head(pages: &[Page], dates: &mut [DatedText]) {
    if dates.iter().any(|d| d.role == Some(DateRole::Signed)) {
        return;
    }
    let Some(first) = pages.first() else {
        return;
    };
    let head_end = first
        .text
        .match_indices('\n')
        .nth(HEAD_LINES - 1)
        .map_or(first.text.len(), |(at, _)| at);
    let head = &first.text[..head_end];
    if let Some(date) = dates
        .iter_mut()
        .find(|d| d.page == first.number && d.role.is_none() && head.contains(d.text.as_str()))
    {
        date.role = Some(DateRole::Signed);
    }
}

/// The MRZ of any page: the best of the MRZ pass's readings (every check
/// digit valid first), or one a text layer holds, its names checked against
/// the page's print ([`passport::confirm_names`]).
pub fn page_mrz(pages: &[Page], as_of: NaiveDate) -> Option<Mrz> {
    pages
        .iter()
        .flat_map(|page| {
            let text_lines: Vec<String> = page.text.lines().map(str::to_string).collect();
            [
                best_reading(&page.mrz_readings, as_of),
                find_mrz(&text_lines, as_of),
            ]
            .map(|mrz| mrz.map(|mrz| passport::confirm_names(mrz, &page.text)))
        })
        .flatten()
        .max_by_key(|mrz| mrz.checks_valid)
}

/// A context cue as the document's kind understands it.
fn role_for(kind: DocumentKind, cue: Cue) -> DateRole {
    match (kind, cue) {
        (_, Cue::Birth) => DateRole::Birth,
        (_, Cue::Issue) => DateRole::Issue,
        (_, Cue::Signed) => DateRole::Signed,
        (_, Cue::Registered) => DateRole::Registered,
        (DocumentKind::Passport, Cue::Expiry | Cue::End) => DateRole::Expiry,
        (DocumentKind::EmploymentContract, Cue::Start) => DateRole::ContractStart,
        (DocumentKind::EmploymentContract, Cue::Expiry | Cue::End) => DateRole::ContractEnd,
        (_, Cue::Start) => DateRole::ValidFrom,
        (_, Cue::Expiry | Cue::End) => DateRole::ValidUntil,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::TextSource;

    fn page(text: &str) -> Page {
        Page {
            number: 1,
            text: text.to_string(),
            mrz_readings: Vec::new(),
            source: TextSource::PdfText,
            ocr_confidence: None,
            rotation: 0,
            perspective_corrected: false,
            words: Vec::new(),
        }
    }

    fn read(text: &str) -> (Vec<DatedText>, Fields) {
        let pages = [page(text)];
        let mrz = page_mrz(&pages, as_of());
        let classification = crate::classify::classify(text, mrz.is_some()).unwrap();
        let reading = read_fields(
            &pages,
            &classification,
            mrz,
            &identity::read_identity(&pages),
        );
        (reading.dates, reading.fields)
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn contract_term_and_registration() {
        let (dates, fields) = read(
            "ТРУДОВОЙ ДОГОВОР № 15\nРаботодатель ТОО «Альфа»\nРаботник Иванов\nДоговор заключен на срок с 01.12.2026 по 30.11.2027.\nЗарегистрирован в ЕСУТД 28.11.2026",
        );
        let Fields::Contract(contract) = fields else {
            panic!("{fields:?}")
        };
        assert_eq!(
            (contract.start, contract.end),
            (Some(date(2026, 12, 1)), Some(date(2027, 11, 30)))
        );
        assert!(contract.registered && !contract.civil_law && !contract.indefinite);
        assert_eq!(dates.last().unwrap().role, Some(DateRole::Registered));
    }

    #[test]
    fn indefinite_contracts_have_no_end() {
        let (_, fields) = read(
            "ТРУДОВОЙ ДОГОВОР\nРаботодатель\nРаботник\nзаключен на неопределенный срок с 01.12.2026",
        );
        let Fields::Contract(contract) = fields else {
            panic!("{fields:?}")
        };
        assert_eq!((contract.end, contract.indefinite), (None, true));
    }

    #[test]
    fn consent_validity_and_notary() {
        let (_, fields) = read(
            "СОГЛАСИЕ собственника жилища\nна период с 01.11.2026 до 31.10.2027\nУдостоверено нотариусом г. Алматы, зарегистрировано в реестре за № 1234",
        );
        let Fields::Consent(consent) = fields else {
            panic!("{fields:?}")
        };
        assert!(consent.notarised);
        assert_eq!(consent.valid_until, Some(date(2027, 10, 31)));
    }

    #[test]
    fn passport_from_a_valid_mrz() {
        let (_, fields) = read(
            "PASSPORT\nP<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        );
        let Fields::Passport(passport) = fields else {
            panic!("{fields:?}")
        };
        assert_eq!(passport.sources.number, Some(FieldSource::Mrz));
        assert_eq!(passport.surname.as_deref(), Some("ERIKSSON"));
        assert_eq!(passport.number.as_deref(), Some("L898902C3"));
        assert_eq!(passport.expiry_date, Some(date(2012, 4, 15)));
    }

    #[test]
    fn passport_printed_fields_when_the_mrz_fails_its_checks() {
        let (_, fields) = read(
            "ПАСПОРТ / PASSPORT\nНомер паспорта / Passport No. 75 1234567\nДата рождения / Date of birth\n12.08.1974\nДата окончания срока действия / Date of expiry\n15.04.2030\nP<RUSIVANOV<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\n7512345678RUS7408122M3004159<<<<<<<<<<<<<<00",
        );
        let Fields::Passport(passport) = fields else {
            panic!("{fields:?}")
        };
        assert_eq!(passport.sources.expiry_date, Some(FieldSource::Printed));
        assert_eq!(passport.sources.number, Some(FieldSource::Printed));
        assert_eq!(passport.number.as_deref(), Some("751234567"));
        assert_eq!(passport.birth_date, Some(date(1974, 8, 12)));
        assert_eq!(passport.expiry_date, Some(date(2030, 4, 15)));
        assert!(passport.mrz.is_some_and(|mrz| !mrz.checks_valid));
    }

    #[test]
    fn permit_shortened() {
        let (_, fields) = read(
            "РАЗРЕШЕНИЕ НА ВРЕМЕННОЕ ПРОЖИВАНИЕ (сокращенное)\nСрок временного проживания сокращен до 15.12.2026",
        );
        let Fields::Permit(permit) = fields else {
            panic!("{fields:?}")
        };
        assert!(permit.shortened && !permit.cancelled);
        assert_eq!(permit.valid_until, Some(date(2026, 12, 15)));
    }

    #[test]
    fn russian_internal_passport() {
        let (_, fields) = read(
            "ПАСПОРТ ГРАЖДАНИНА РОССИЙСКОЙ ФЕДЕРАЦИИ\nПаспорт выдан ГУ МВД России по Самарской области\nДата выдачи 20.05.2010 Код подразделения 630-001\nФамилия ВОРОНЦОВ\nИмя АНДРЕЙ\nДата рождения 15.04.1990\n36 10 123456",
        );
        let Fields::Passport(passport) = fields else {
            panic!("{fields:?}")
        };
        assert_eq!(passport.subtype, PassportSubtype::Internal);
        assert_eq!(passport.number.as_deref(), Some("3610123456"));
        assert_eq!(passport.birth_date, Some(date(1990, 4, 15)));
        assert_eq!(passport.expiry_date, Some(date(2035, 4, 14)));
        assert_eq!(passport.sources.expiry_date, Some(FieldSource::Computed));
    }
}
