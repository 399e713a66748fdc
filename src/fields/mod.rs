//! Stage 4: the facts the rules need, read from a classified document's text.

pub mod dates;
pub mod identity;
pub mod names;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use crate::classify::{self, Classification, DocumentKind};
use crate::extract::Page;
use crate::mrz::{Mrz, best_reading, find_mrz};

pub use self::dates::DateRole;
use self::dates::{Cue, find_dates};
pub use self::identity::Identity;

/// A date with the role its context gives it.
#[derive(Debug, Clone, Serialize)]
pub struct DatedText {
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<DateRole>,
    pub page: u32,
    pub text: String,
}

/// Where a passport value was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    Mrz,
    Printed,
    /// Worked out from other values: an internal passport's expiry from the
    /// holder's birth date.
    Computed,
}

/// Which kind of passport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassportSubtype {
    /// A travel document with a machine-readable zone (or without one that
    /// could be read).
    International,
    /// A Russian internal passport: series and number «45 12 345678», no
    /// MRZ on the data page, valid until the holder turns 20, then 45.
    Internal,
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
pub struct PassportFields {
    pub subtype: PassportSubtype,
    /// The holder's surname in Latin letters, as the MRZ writes it.
    pub surname: Option<String>,
    pub number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub expiry_date: Option<NaiveDate>,
    /// Where each value was read.
    pub sources: PassportSources,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrz: Option<Mrz>,
}

/// Where each of a passport's values was read; absent when it was not found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PassportSources {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surname: Option<FieldSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<FieldSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<FieldSource>,
    /// `Computed` without an expiry date: an internal passport valid for life.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<FieldSource>,
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

/// A document after every stage up to the rules.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub duplicates: Vec<String>,
    pub pages: Vec<Page>,
    pub classification: Classification,
    pub dates: Vec<DatedText>,
    pub fields: Fields,
    pub identity: Identity,
}

impl Document {
    pub fn kind(&self) -> DocumentKind {
        self.classification.kind
    }

    /// The kind whose facts the document carries: a translation carries those
    /// of its original.
    pub fn content_kind(&self) -> DocumentKind {
        self.classification.translated_kind.unwrap_or(self.kind())
    }
}

/// Marker phrases, normalised as [`classify::normalise`] does.
const CIVIL_LAW: &[&str] = &[
    "договор возмездного оказания услуг",
    "договор подряда",
    "гражданско-правов",
    "азаматтық-құқықтық",
    "civil law contract",
    "civil-law contract",
    "contract for services",
    "contract for works",
];
const REGISTERED: &[&str] = &[
    "зарегистрирован в есутд",
    "зарегистрирован в единой системе учета трудовых договоров",
    "регистрационный номер в есутд",
    "еңбек шарттарын есепке алудың бірыңғай жүйесінде тіркелген",
    "есутд-да тіркелген",
    "registered in ulars",
    "registered in the unified system",
];
const INDEFINITE: &[&str] = &[
    "на неопределенный срок",
    "бессрочн",
    "белгісіз мерзімге",
    "for an indefinite period",
    "indefinite term",
];
const NOTARISED: &[&str] = &[
    "нотариус",
    "нотариально удостоверен",
    "удостоверено",
    "зарегистрировано в реестре",
    "notary",
    "notarised",
    "notarized",
];
const SHORTENED: &[&str] = &["сокращен", "қысқартылған", "shortened", "reduced"];
const CANCELLED: &[&str] = &[
    "аннулирован",
    "күші жойылған",
    "cancelled",
    "canceled",
    "revoked",
];

/// Reads dates and kind-specific fields; `mrz` is the zone [`page_mrz`] found.
pub fn read_fields(
    pages: &[Page],
    classification: &Classification,
    mrz: Option<Mrz>,
    identity: &Identity,
) -> (Vec<DatedText>, Fields) {
    let kind = classification
        .translated_kind
        .unwrap_or(classification.kind);
    let dates: Vec<DatedText> = pages
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
    let text: String = pages
        .iter()
        .map(|page| page.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let normal = classify::normalise(&text);
    let has = |markers: &[&str]| markers.iter().any(|marker| normal.contains(marker));
    let first = |role: DateRole| dates.iter().find(|d| d.role == Some(role)).map(|d| d.date);
    let fields = match kind {
        DocumentKind::Passport => {
            let passport = passport_fields(mrz, &text, &dates, identity);
            let passport = if has(INTERNAL_PASSPORT) {
                internal_passport(passport, &text, &dates)
            } else {
                passport
            };
            Fields::Passport(Box::new(passport))
        }
        DocumentKind::EmploymentContract => Fields::Contract(ContractFields {
            start: first(DateRole::ContractStart),
            end: first(DateRole::ContractEnd).filter(|_| !has(INDEFINITE)),
            indefinite: has(INDEFINITE),
            civil_law: has(CIVIL_LAW),
            registered: has(REGISTERED),
        }),
        DocumentKind::LandlordConsent => Fields::Consent(ConsentFields {
            notarised: has(NOTARISED),
            valid_from: first(DateRole::ValidFrom),
            valid_until: first(DateRole::ValidUntil),
        }),
        DocumentKind::ResidencePermit => Fields::Permit(PermitFields {
            valid_until: dates
                .iter()
                .filter(|d| matches!(d.role, Some(DateRole::ValidUntil | DateRole::Expiry)))
                .map(|d| d.date)
                .next_back(),
            shortened: has(SHORTENED),
            cancelled: has(CANCELLED),
        }),
        _ => Fields::None {},
    };
    (dates, fields)
}

/// The MRZ of any page: the best of the MRZ pass's readings (every check
/// digit valid first), or one a text layer holds.
pub fn page_mrz(pages: &[Page], as_of: NaiveDate) -> Option<Mrz> {
    pages
        .iter()
        .flat_map(|page| {
            let text_lines: Vec<String> = page.text.lines().map(str::to_string).collect();
            [
                best_reading(&page.mrz_readings, as_of),
                find_mrz(&text_lines, as_of),
            ]
        })
        .flatten()
        .max_by_key(|mrz| mrz.checks_valid)
}

/// A passport's facts: all from the MRZ when every check digit holds (a
/// failed check means a misread); else each from the printed page, or from
/// the MRZ field whose own check digit held when the page does not show it.
fn passport_fields(
    mrz: Option<Mrz>,
    text: &str,
    dates: &[DatedText],
    identity: &Identity,
) -> PassportFields {
    let all_valid = mrz.as_ref().is_some_and(|mrz| mrz.checks_valid);
    let role = |role| dates.iter().find(|d| d.role == Some(role)).map(|d| d.date);
    let (surname, surname_source) = Zoned::new(
        all_valid,
        mrz.as_ref()
            .map(|m| m.surname.clone())
            .filter(|s| !s.is_empty()),
        // Names have no check digit of their own.
        false,
    )
    .or_printed(identity.surnames.first().map(|m| names::to_latin(&m.text)));
    let checks = mrz.as_ref().map(|mrz| mrz.checks.clone());
    let (number, number_source) = Zoned::new(
        all_valid,
        mrz.as_ref().map(|m| m.document_number.clone()),
        checks.as_ref().is_some_and(|c| c.document_number),
    )
    .or_printed(printed_passport_number(text));
    let (birth_date, birth_source) = Zoned::new(
        all_valid,
        mrz.as_ref().and_then(|m| m.birth_date),
        checks.as_ref().is_some_and(|c| c.birth_date),
    )
    .or_printed(role(DateRole::Birth));
    let (expiry_date, expiry_source) = Zoned::new(
        all_valid,
        mrz.as_ref().and_then(|m| m.expiry_date),
        checks.as_ref().is_some_and(|c| c.expiry_date),
    )
    .or_printed(role(DateRole::Expiry));
    PassportFields {
        subtype: PassportSubtype::International,
        surname,
        number,
        birth_date,
        expiry_date,
        sources: PassportSources {
            surname: surname_source,
            number: number_source,
            birth_date: birth_source,
            expiry_date: expiry_source,
        },
        mrz,
    }
}

/// A value the zone holds, with how far it can be trusted.
struct Zoned<T> {
    value: Option<T>,
    /// Every check digit of the zone held.
    all_valid: bool,
    /// The value's own check digit held.
    own_check: bool,
}

impl<T> Zoned<T> {
    fn new(all_valid: bool, value: Option<T>, own_check: bool) -> Zoned<T> {
        Zoned {
            value,
            all_valid,
            own_check,
        }
    }

    /// The zone's value when the whole zone validates; else the printed one,
    /// which a failed check makes the safer; else the zone's when its own
    /// check digit held. With where it came from.
    fn or_printed(self, printed: Option<T>) -> (Option<T>, Option<FieldSource>) {
        let zone = self.value;
        match (zone, printed) {
            (Some(value), _) if self.all_valid => (Some(value), Some(FieldSource::Mrz)),
            (_, Some(value)) => (Some(value), Some(FieldSource::Printed)),
            (Some(value), None) if self.own_check => (Some(value), Some(FieldSource::Mrz)),
            _ => (None, None),
        }
    }
}

/// Words only a Russian internal passport's pages print.
const INTERNAL_PASSPORT: &[&str] = &[
    "паспорт гражданина российской федерации",
    "код подразделения",
];

/// Ages at which a Russian internal passport runs out: issued at 14, it is
/// replaced at 20 and at 45, and one issued at 45 or later has no end
/// (Regulation on the passport of a citizen of the Russian Federation). It
/// is taken to end the day before the birthday: the 90 days allowed for the
/// replacement are for applying, not for filing abroad on it.
const INTERNAL_PASSPORT_AGES: [u32; 2] = [20, 45];

/// Takes a passport whose pages read as a Russian internal one, unless a
/// valid travel-document zone says otherwise: its series and number, and
/// its end computed from the birth and issue dates.
fn internal_passport(passport: PassportFields, text: &str, dates: &[DatedText]) -> PassportFields {
    static SERIES_AND_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{2})\s?(\d{2})\s?(\d{6})\b").expect("valid regex"));
    if passport.sources.number == Some(FieldSource::Mrz) {
        return passport;
    }
    let Some(captures) = SERIES_AND_NUMBER.captures(text) else {
        return passport;
    };
    let issue = dates
        .iter()
        .find(|d| d.role == Some(DateRole::Issue))
        .map(|d| d.date);
    let computed = passport.birth_date.zip(issue);
    let expiry = computed.and_then(|(birth, issue)| internal_passport_end(birth, issue));
    PassportFields {
        subtype: PassportSubtype::Internal,
        number: Some(format!("{}{}{}", &captures[1], &captures[2], &captures[3])),
        expiry_date: expiry,
        sources: PassportSources {
            number: Some(FieldSource::Printed),
            expiry_date: computed.map(|_| FieldSource::Computed),
            ..passport.sources
        },
        ..passport
    }
}

/// The day before the first replacement age the holder had not reached when
/// the passport was issued; `None` for a passport issued at 45 or later.
fn internal_passport_end(birth: NaiveDate, issue: NaiveDate) -> Option<NaiveDate> {
    let birthday = |age: u32| birth.checked_add_months(chrono::Months::new(age * 12));
    INTERNAL_PASSPORT_AGES
        .iter()
        .filter_map(|&age| birthday(age))
        .find(|&day| day > issue)
        .and_then(|day| day.pred_opt())
}

/// A passport number as printed: after «№»/«No.»/«Номер»/«Passport No», the
/// Russian foreign passport's `75 1234567` or a letter-and-digits number.
fn printed_passport_number(text: &str) -> Option<String> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:№|no\.?|номер|number|n°)\s*[:/]?\s*([A-Z]{0,2}\s?\d{2}\s?\d{6,7})\b")
            .expect("valid regex")
    });
    NUMBER
        .captures(text)
        .map(|captures| captures[1].chars().filter(|c| !c.is_whitespace()).collect())
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
        }
    }

    fn read(text: &str) -> (Vec<DatedText>, Fields) {
        let pages = [page(text)];
        let mrz = page_mrz(&pages, as_of());
        let classification = classify::classify(text, mrz.is_some());
        read_fields(
            &pages,
            &classification,
            mrz,
            &identity::read_identity(&pages),
        )
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
    fn internal_passport_ends_before_the_next_replacement_age() {
        let birth = date(1990, 4, 15);
        assert_eq!(
            internal_passport_end(birth, date(2010, 5, 1)),
            Some(date(2035, 4, 14))
        );
        assert_eq!(
            internal_passport_end(birth, date(2004, 5, 1)),
            Some(date(2010, 4, 14))
        );
        assert_eq!(internal_passport_end(birth, date(2035, 5, 1)), None);
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
