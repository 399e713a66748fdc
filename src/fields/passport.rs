//! A passport's facts: from its machine-readable zone when every check
//! digit holds, else from the printed page, each value with its source; a
//! Russian internal passport's end computed from the holder's age.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use super::{DateRole, DatedText, Identity, names};
use crate::classify;
use crate::classify::vocabulary::{Fact, Text, Use};
use crate::mrz::Mrz;

/// The nationality labels and the states' printed names, `states.tsv`.
struct States {
    labels: Vec<&'static str>,
    names: Vec<(&'static str, &'static str)>,
}

static STATES: LazyLock<States> = LazyLock::new(|| {
    let rows = include_str!("states.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once('\t'));
    let mut states = States {
        labels: Vec::new(),
        names: Vec::new(),
    };
    for (code, names) in rows {
        let names = names.split('\t');
        match code {
            "label" => states.labels.extend(names),
            code => states.names.extend(names.map(|name| (code, name))),
        }
    }
    states
});

/// The holder's nationality as the printed page names it: the first state
/// named after a nationality label, on the label's line or the next (a
/// label above its value). For a page whose zone was not read.
pub fn printed_nationality(text: &str) -> Option<&'static str> {
    let lines: Vec<String> = text.lines().map(str::to_uppercase).collect();
    lines.iter().enumerate().find_map(|(index, line)| {
        let after = STATES
            .labels
            .iter()
            .filter_map(|label| line.find(label).map(|at| at + label.len()))
            .min()?;
        named_state(&line[after..]).or_else(|| named_state(lines.get(index + 1)?))
    })
}

/// The state named first in `text`, where a name begins a word.
fn named_state(text: &str) -> Option<&'static str> {
    STATES
        .names
        .iter()
        .filter_map(|(code, name)| {
            text.match_indices(name)
                .find(|(at, _)| {
                    !text[..*at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphabetic)
                })
                .map(|(at, _)| (at, *code))
        })
        .min()
        .map(|(_, code)| code)
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

/// Reads a passport; `words` is its text as the vocabulary matches it, where
/// the internal passport's words are looked for.
pub(super) fn read(
    mrz: Option<Mrz>,
    text: &str,
    words: &Text,
    dates: &[DatedText],
    identity: &Identity,
) -> PassportFields {
    let passport = passport_fields(mrz, text, dates, identity);
    if words.has(Use::Fact(Fact::InternalPassport)) {
        internal_passport(passport, text, dates)
    } else {
        passport
    }
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

/// Names carry no check digit, so a filler OCR read as a letter inside a
/// name (`ANNAKMARIA` for `ANNA<MARIA`, `ANNAKMARIAK`) passes every check.
/// The printed page settles it: where the page does not show the name as
/// read but shows exactly one spelling with some of its `K`, `X` and `C`
/// read as the space they stand for, that spelling stands.
pub(super) fn confirm_names(mut mrz: Mrz, page: &str) -> Mrz {
    let printed = format!(" {} ", words_of(page));
    for name in [&mut mrz.surname, &mut mrz.given_names] {
        if let Some(spelling) = printed_spelling(name, &printed) {
            *name = spelling;
        }
    }
    mrz
}

/// At most this many `K`, `X` and `C` of a name are tried as fillers.
const MAX_FILLER_LOOKALIKES: usize = 8;

fn printed_spelling(name: &str, printed: &str) -> Option<String> {
    let shows = |spelling: &str| !spelling.is_empty() && printed.contains(&format!(" {spelling} "));
    if name.is_empty() || shows(name) {
        return None;
    }
    let suspects: Vec<usize> = name
        .char_indices()
        .filter(|&(_, c)| matches!(c, 'K' | 'X' | 'C'))
        .map(|(at, _)| at)
        .collect();
    if suspects.len() > MAX_FILLER_LOOKALIKES {
        return None;
    }
    let mut spellings: Vec<String> = (1..1u32 << suspects.len())
        .map(|subset| {
            let spaced: String = name
                .char_indices()
                .map(|(at, c)| match suspects.iter().position(|&s| s == at) {
                    Some(bit) if subset & (1 << bit) != 0 => ' ',
                    _ => c,
                })
                .collect();
            words_of(&spaced)
        })
        .filter(|spelling| shows(spelling))
        .collect();
    spellings.sort();
    spellings.dedup();
    match spellings.as_slice() {
        [spelling] => Some(spelling.clone()),
        _ => None,
    }
}

/// Upper-case words in Latin letters (Cyrillic look-alikes folded) and
/// digits, single-spaced: how a name is compared with the printed page.
fn words_of(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| classify::latin_twin(c).to_ascii_uppercase())
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_filler_read_as_a_letter_in_a_name_is_settled_by_the_printed_page() {
        // The specimen's page, as the Cyrillic models read part of it.
        let page = " Given names/ Prénoms\nANNA MARIA\nSurname ЕRIKSSОN\n";
        let printed = format!(" {} ", words_of(page));
        assert_eq!(
            printed_spelling("ANNAKMARIA", &printed).as_deref(),
            Some("ANNA MARIA")
        );
        assert_eq!(
            printed_spelling("ANNAKMARIAK", &printed).as_deref(),
            Some("ANNA MARIA")
        );
        assert_eq!(
            printed_spelling("ANNA KMARIA", &printed).as_deref(),
            Some("ANNA MARIA")
        );
        // As printed, or not printed in any spelling: left as read.
        assert_eq!(printed_spelling("ERIKSSON", &printed), None);
        assert_eq!(printed_spelling("NIKITA", &printed), None);
        // Two spellings on the page: neither is chosen.
        let page = format!(" {} ", words_of("MA CA / MAX A"));
        assert_eq!(printed_spelling("MAXCA", &page), None);
    }

    #[test]
    fn the_printed_nationality_follows_its_label() {
        let russian = "ПАСПОРТ / PASSPORT\nГражданство / Nationality\nРОССИЙСКАЯ ФЕДЕРАЦИЯ / RUSSIAN FEDERATION";
        assert_eq!(printed_nationality(russian), Some("RUS"));
        let uzbek = "O'ZBEKISTON RESPUBLIKASI / REPUBLIC OF UZBEKISTAN\nPlace of birth: MOSCOW, RUSSIA\nFuqaroligi / Nationality: UZBEKISTAN";
        assert_eq!(printed_nationality(uzbek), Some("UZB"));
        // A state named off a nationality line says nothing.
        assert_eq!(
            printed_nationality("Place of birth: TASHKENT, UZBEKISTAN"),
            None
        );
        assert_eq!(printed_nationality("Nationality: ATLANTIS"), None);
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
}
