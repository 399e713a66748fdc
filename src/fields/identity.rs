//! Whom a document is about: the applicant's surname and passport number
//! where the document states them, and the Kazakh identifiers it cites
//! (IIN for people, BIN for organisations), each as written and where.
//!
//! The places a document names the applicant are declared as patterns, one
//! table for all three languages; other people a document names (the
//! employer's director, the landlord, the notary) are told apart by the words
//! before them.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::extract::{Page, TextSource};

/// Something a document states, as written, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub text: String,
    pub page: u32,
    /// Read by OCR, so a letter may be misread.
    #[serde(skip)]
    pub ocr: bool,
}

/// A Kazakh IIN or BIN with its check digit verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identifier {
    pub number: String,
    pub valid: bool,
    pub page: u32,
}

/// Who a document names and which identifiers it cites.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// The applicant's surname where the document states it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub surnames: Vec<Mention>,
    /// Passport numbers the document cites.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub passport_numbers: Vec<Mention>,
    /// Individual identification numbers (ИИН, ЖСН, IIN).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub iins: Vec<Identifier>,
    /// Business identification numbers (БИН, БСН, BIN).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bins: Vec<Identifier>,
}

impl Identity {
    pub fn is_empty(&self) -> bool {
        *self == Identity::default()
    }
}

/// A capitalised word: a surname as written, in any of the three scripts.
const WORD: &str = r"\p{Lu}[\p{L}-]+";

/// Where a document states the applicant's surname (the capture `s`): after
/// a field label (with or without a colon), after «гражданин(у) Российской Федерации» and its Kazakh
/// and English forms, after a courtesy title (the two names that follow,
/// in either order: «Mr Andrei Vorontsov», «Mr VORONTSOV ANDREI»), after the
/// employee's initials at the signatures, after «договор № … с».
static SURNAME_SLOTS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i:фамилия|тегі|surname|permit holder|ф\.\s?и\.\s?о\.)(?:[^:\n]{0,14}:)?\s*(?P<s>WORD)",
        r"(?i:граждан(?:ин|ина|ину|ином|ка|ки|ке|кой))\s+(?:Российской\s+Федерации|РФ|Республики\s+\p{L}+)\s*,?\s+(?P<s>WORD)",
        r"(?i:азаматы)\s+(?P<s>WORD)",
        r"\b(?:Mr|Ms|Mrs)\.?\s+(?P<s>\p{Lu}\p{L}+\s+WORD)",
        r"(?i:работник|қызметкер|employee)\s*:\s*_*\s*(?:\p{Lu}\.\s*){1,2}(?P<s>WORD)",
        r"(?i:договор\p{L}*|contract)\s+(?:№|No\.?)\s*\S+\s+(?:с|with)\s+(?:Mr\s+\p{Lu}\p{L}+\s+)?(?P<s>WORD)",
    ]
    .iter()
    .map(|pattern| Regex::new(&pattern.replace("WORD", WORD)).expect("valid pattern"))
    .collect()
});

/// Words just before a name that make it someone other than the applicant.
const OTHER_PEOPLE: &[&str] = &[
    "директор",
    "в лице",
    "нотариус",
    "собственник",
    "director",
    "notary",
    "owner",
    "атынан",
];

/// Capitalised words a name slot catches that are labels, not names: «гражданин
/// Российской Федерации, ИИН 900415…» names no «ИИН».
const NOT_NAMES: &[&str] = &[
    "ИИН",
    "ЖСН",
    "IIN",
    "БИН",
    "БСН",
    "BIN",
    "РФ",
    "РК",
    "ТОО",
    "ЖШС",
    "LLP",
    "Паспорт",
    "ПАСПОРТ",
    "Passport",
];

static PASSPORT_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:паспорт\p{L}*|passport|төлқұжат\p{L}*)\s*(?:No\.?|№|N°)\s*(?P<n>\d{2}\s?\d{2}\s?\d{6}|(?:[A-Z]{1,2}\s?)?\d{2}\s?\d{6,7})\b",
    )
    .expect("valid pattern")
});

static KAZAKH_IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<label>ИИН|ЖСН|IIN|БИН|БСН|BIN)\b\s*:?\s*(?P<n>\d[\d ]{10,15}\d)")
        .expect("valid pattern")
});

/// Reads the mentions of every page.
pub fn read_identity(pages: &[Page]) -> Identity {
    let mut identity = Identity::default();
    for page in pages {
        let ocr = page.source == TextSource::Ocr;
        // A line break inside a number or name reads as one space.
        let mention = |text: &str| Mention {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            page: page.number,
            ocr,
        };
        for slot in SURNAME_SLOTS.iter() {
            for captures in slot.captures_iter(&page.text) {
                let whole = captures.get(0).expect("whole match");
                if !about_someone_else(&page.text[..whole.start()])
                    && !NOT_NAMES.contains(&&captures["s"])
                {
                    identity.surnames.push(mention(&captures["s"]));
                }
            }
        }
        for captures in PASSPORT_NUMBER.captures_iter(&page.text) {
            identity.passport_numbers.push(mention(&captures["n"]));
        }
        for captures in KAZAKH_IDENTIFIER.captures_iter(&page.text) {
            let number: String = captures["n"]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if number.len() != 12 {
                continue;
            }
            let found = Identifier {
                valid: kazakh_check_digit(&number).is_some_and(|d| number.ends_with(d)),
                number,
                page: page.number,
            };
            match &captures["label"] {
                "ИИН" | "ЖСН" | "IIN" => identity.iins.push(found),
                _ => identity.bins.push(found),
            }
        }
    }
    identity
}

/// Whether the words just before a name, back to the start of its clause,
/// introduce someone else («в лице директора …, и гражданин …»: the comma
/// ends the director's clause).
fn about_someone_else(before: &str) -> bool {
    let start = before
        .char_indices()
        .rev()
        .take(40)
        .find(|&(_, c)| matches!(c, ',' | '.' | ';' | '\n' | '('))
        .map_or_else(
            || before.char_indices().rev().nth(40).map_or(0, |(i, _)| i),
            |(i, c)| i + c.len_utf8(),
        );
    let context = before[start..].to_lowercase();
    OTHER_PEOPLE.iter().any(|word| context.contains(word))
}

/// The check digit of a 12-digit IIN or BIN, as a character: the first
/// eleven digits weighted 1…11, modulo 11; a result of 10 is recomputed with
/// weights 3…11, 1, 2; a second 10 means no valid number has these digits.
pub fn kazakh_check_digit(number: &str) -> Option<char> {
    let digits: Vec<u32> = number
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if digits.len() != 12 {
        return None;
    }
    let weighted = |weights: [u32; 11]| {
        digits[..11]
            .iter()
            .zip(weights)
            .map(|(d, w)| d * w)
            .sum::<u32>()
            % 11
    };
    let first = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    let digit = if first == 10 {
        weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])
    } else {
        first
    };
    char::from_digit(digit, 10).filter(|_| digit < 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(text: &str) -> Identity {
        read_identity(&[Page {
            number: 1,
            text: text.to_string(),
            mrz_readings: Vec::new(),
            source: TextSource::PdfText,
            ocr_confidence: None,
            rotation: 0,
            perspective_corrected: false,
            words: Vec::new(),
        }])
    }

    fn surnames(text: &str) -> Vec<String> {
        identity(text)
            .surnames
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn iin_and_bin_check_digits() {
        assert_eq!(kazakh_check_digit("180240012342"), Some('2'));
        assert_eq!(kazakh_check_digit("900415300123"), Some('3'));
        // A first remainder of 10 takes the second weights.
        assert_eq!(kazakh_check_digit("000000000100"), Some('1'));
        assert_eq!(kazakh_check_digit("18024001234"), None);
        assert_eq!(kazakh_check_digit("18024001234x"), None);
    }

    #[test]
    fn finds_labelled_identifiers() {
        let found = identity("ТОО «Степной Код» (БИН 180240012342), собственник ИИН 850312 400567");
        assert_eq!(found.bins[0].number, "180240012342");
        assert!(found.bins[0].valid);
        assert_eq!(found.iins[0].number, "850312400567");
        assert!(!found.iins[0].valid);
    }

    #[test]
    fn an_identifier_label_is_not_a_name() {
        let found = identity("Фамилия: ИИН 900415300123");
        assert!(found.surnames.is_empty(), "{:?}", found.surnames);
    }

    #[test]
    fn finds_the_applicant_in_each_language() {
        assert_eq!(
            surnames(
                "в лице директора Касымова Ерлана Маратовича, и гражданин Российской Федерации Воронцов Андрей Сергеевич, паспорт № 75 1234567"
            ),
            ["Воронцов"]
        );
        assert_eq!(
            surnames("Выдана гражданину Российской Федерации Воронцову Андрею"),
            ["Воронцову"]
        );
        assert_eq!(surnames("Тегі: ВОРОНЦОВ    Аты: АНДРЕЙ"), ["ВОРОНЦОВ"]);
        // Internal passports print the label without a colon.
        assert_eq!(surnames("Фамилия ВОРОНЦОВ\nИмя АНДРЕЙ"), ["ВОРОНЦОВ"]);
        assert!(surnames("фамилия, имя, отчество работника").is_empty());
        assert_eq!(surnames("Фамилия, имя: ВОРОНЦОВ АНДРЕЙ."), ["ВОРОНЦОВ"]);
        assert_eq!(
            surnames(
                "represented by its director Mr Yerlan Kassymov, and Mr Andrei Vorontsov, a citizen"
            ),
            ["Andrei Vorontsov"]
        );
        assert_eq!(
            surnames("to Mr VORONTSOV ANDREI, a national"),
            ["VORONTSOV ANDREI"]
        );
        assert_eq!(
            surnames("Ресей Федерациясының азаматы Воронцов Андрей Сергеевичке"),
            ["Воронцов"]
        );
        assert_eq!(
            surnames(
                "Работодатель: ________ Е. М. Касымов        Работник: ________ А. С. Воронцов"
            ),
            ["Воронцов"]
        );
        assert_eq!(
            surnames("Расторгнуть трудовой договор № 12/2025 с Воронцовым Андреем Сергеевичем"),
            ["Воронцовым"]
        );
        assert_eq!(surnames("Permit holder: VORONTSOV ANDREI"), ["VORONTSOV"]);
    }

    #[test]
    fn finds_passport_numbers() {
        let found = identity(
            "паспорт № 75 1234567, passport No. 751234567; Төлқұжат № N12345678; паспорт № 36 10 123456",
        );
        let numbers: Vec<_> = found
            .passport_numbers
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            numbers,
            ["75 1234567", "751234567", "N12345678", "36 10 123456"]
        );
    }
}
