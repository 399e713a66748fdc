//! ICAO 9303 machine-readable zones: TD3 (passports, 2×44), TD2 (2×36) and
//! TD1 (ID cards, 3×30), with every check digit verified.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The layout of a machine-readable zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MrzFormat {
    TD1,
    TD2,
    TD3,
}

/// Which check digits held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MrzChecks {
    pub document_number: bool,
    pub birth_date: bool,
    pub expiry_date: bool,
    /// TD3 only: the optional personal number's own check digit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_number: Option<bool>,
    pub composite: bool,
}

/// A parsed machine-readable zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mrz {
    pub format: MrzFormat,
    pub document_type: String,
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    pub document_number: String,
    pub nationality: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: String,
    pub expiry_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub personal_number: String,
    pub checks_valid: bool,
    pub checks: MrzChecks,
}

/// Finds and parses a machine-readable zone among OCR'd lines. `reference`
/// (the filing date) settles two-digit years: a birth date lies before it.
pub fn find_mrz(lines: &[String], reference: NaiveDate) -> Option<Mrz> {
    let lines: Vec<String> = lines.iter().map(|line| normalise(line)).collect();
    // Prefer the reading with every check digit valid, then the longest format.
    let mut candidates: Vec<Mrz> = Vec::new();
    for window in lines.windows(3) {
        candidates.extend(parse_td1([&window[0], &window[1], &window[2]], reference));
    }
    for window in lines.windows(2) {
        candidates.extend(parse_two_line([&window[0], &window[1]], reference));
    }
    candidates
        .into_iter()
        .max_by_key(|mrz| (mrz.checks_valid, mrz.format as u8))
}

fn normalise(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '«' | '‹' => '<',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

/// The ICAO 9303 check digit: weights 7, 3, 1 over digits (their value),
/// letters (A = 10 … Z = 35) and the filler `<` (0).
pub fn check_digit(field: &str) -> Option<u32> {
    let mut sum = 0;
    for (index, c) in field.chars().enumerate() {
        let value = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            '<' => 0,
            _ => return None,
        };
        sum += value * [7, 3, 1][index % 3];
    }
    Some(sum % 10)
}

fn check(field: &str, digit: char) -> bool {
    let expected = if digit == '<' {
        Some(0)
    } else {
        digit.to_digit(10)
    };
    expected.is_some() && check_digit(field) == expected
}

/// TD3 (44 characters a line) and TD2 (36): the same fields, the second line's
/// personal number only in TD3.
fn parse_two_line([first, second]: [&String; 2], reference: NaiveDate) -> Option<Mrz> {
    let format = match (first.len(), second.len()) {
        (44, 44) => MrzFormat::TD3,
        (36, 36) => MrzFormat::TD2,
        _ => return None,
    };
    if !first.is_ascii()
        || !second.is_ascii()
        || !matches!(first.as_bytes()[0], b'P' | b'I' | b'A' | b'C' | b'V')
    {
        return None;
    }
    let (surname, given_names) = names(&first[5..]);
    let number = &second[0..9];
    let birth = &second[13..19];
    let expiry = &second[21..27];
    let (personal_number, personal_check, composite_digit) = match format {
        MrzFormat::TD3 => (
            &second[28..42],
            Some(check(&second[28..42], char_at(second, 42))),
            43,
        ),
        _ => (&second[28..35], None, 35),
    };
    let composite_field = match format {
        MrzFormat::TD3 => format!("{}{}{}", &second[0..10], &second[13..20], &second[21..43]),
        _ => format!("{}{}{}", &second[0..10], &second[13..20], &second[21..35]),
    };
    let checks = MrzChecks {
        document_number: check(number, char_at(second, 9)),
        birth_date: check(birth, char_at(second, 19)),
        expiry_date: check(expiry, char_at(second, 27)),
        personal_number: personal_check,
        composite: check(&composite_field, char_at(second, composite_digit)),
    };
    Some(Mrz {
        format,
        document_type: trim_fillers(&first[0..2]),
        issuing_state: trim_fillers(&first[2..5]),
        surname,
        given_names,
        document_number: trim_fillers(number),
        nationality: trim_fillers(&second[10..13]),
        birth_date: mrz_date(birth, reference, DateKind::Birth),
        sex: trim_fillers(&second[20..21]),
        expiry_date: mrz_date(expiry, reference, DateKind::Expiry),
        personal_number: trim_fillers(personal_number),
        checks_valid: all_valid(&checks),
        checks,
    })
}

/// TD1: three lines of 30; the number's check digit follows it on line one.
fn parse_td1([first, second, third]: [&String; 3], reference: NaiveDate) -> Option<Mrz> {
    if [first, second, third]
        .iter()
        .any(|line| line.len() != 30 || !line.is_ascii())
    {
        return None;
    }
    if !matches!(first.as_bytes()[0], b'I' | b'A' | b'C') {
        return None;
    }
    let number = &first[5..14];
    let birth = &second[0..6];
    let expiry = &second[8..14];
    let composite_field = format!(
        "{}{}{}{}",
        &first[5..30],
        &second[0..7],
        &second[8..15],
        &second[18..29]
    );
    let checks = MrzChecks {
        document_number: check(number, char_at(first, 14)),
        birth_date: check(birth, char_at(second, 6)),
        expiry_date: check(expiry, char_at(second, 14)),
        personal_number: None,
        composite: check(&composite_field, char_at(second, 29)),
    };
    let (surname, given_names) = names(third);
    Some(Mrz {
        format: MrzFormat::TD1,
        document_type: trim_fillers(&first[0..2]),
        issuing_state: trim_fillers(&first[2..5]),
        surname,
        given_names,
        document_number: trim_fillers(number),
        nationality: trim_fillers(&second[15..18]),
        birth_date: mrz_date(birth, reference, DateKind::Birth),
        sex: trim_fillers(&second[7..8]),
        expiry_date: mrz_date(expiry, reference, DateKind::Expiry),
        personal_number: trim_fillers(&first[15..30]),
        checks_valid: all_valid(&checks),
        checks,
    })
}

fn all_valid(checks: &MrzChecks) -> bool {
    checks.document_number
        && checks.birth_date
        && checks.expiry_date
        && checks.personal_number.unwrap_or(true)
        && checks.composite
}

fn char_at(line: &str, index: usize) -> char {
    line.as_bytes().get(index).map_or('?', |&b| b as char)
}

fn trim_fillers(field: &str) -> String {
    field.trim_matches('<').replace('<', " ")
}

/// `SURNAME<<GIVEN<NAMES<<<<`: the primary and secondary identifiers.
fn names(field: &str) -> (String, String) {
    let field = field.trim_end_matches('<');
    match field.split_once("<<") {
        Some((surname, given)) => (trim_fillers(surname), trim_fillers(given)),
        None => (trim_fillers(field), String::new()),
    }
}

enum DateKind {
    Birth,
    Expiry,
}

/// `YYMMDD` with the century settled: a birth date is not after the filing
/// date; an expiry lies at most 20 years ahead of it (a passport is issued for
/// at most ten, an ID card for at most twenty).
fn mrz_date(field: &str, reference: NaiveDate, kind: DateKind) -> Option<NaiveDate> {
    if field.len() != 6 || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: i32 = field[0..2].parse().ok()?;
    let month: u32 = field[2..4].parse().ok()?;
    let day: u32 = field[4..6].parse().ok()?;
    let this_century = reference.year() / 100 * 100;
    let limit = match kind {
        DateKind::Birth => reference,
        DateKind::Expiry => reference.with_year(reference.year() + 20)?,
    };
    let date = NaiveDate::from_ymd_opt(this_century + yy, month, day)?;
    if date > limit {
        NaiveDate::from_ymd_opt(this_century - 100 + yy, month, day)
    } else {
        Some(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn check_digits_match_icao_examples() {
        assert_eq!(check_digit("L898902C3"), Some(6));
        assert_eq!(check_digit("740812"), Some(2));
        assert_eq!(check_digit("120415"), Some(9));
        assert_eq!(check_digit("ZE184226B<<<<<"), Some(1));
        assert_eq!(check_digit("D23145890"), Some(7));
        assert_eq!(check_digit("abc"), None);
    }

    #[test]
    fn reads_the_icao_td3_specimen() {
        let mrz = find_mrz(
            &lines("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"),
            reference(),
        )
        .unwrap();
        assert_eq!(mrz.format, MrzFormat::TD3);
        assert_eq!(
            (mrz.surname.as_str(), mrz.given_names.as_str()),
            ("ERIKSSON", "ANNA MARIA")
        );
        assert_eq!(mrz.document_number, "L898902C3");
        assert_eq!(mrz.birth_date, NaiveDate::from_ymd_opt(1974, 8, 12));
        assert_eq!(mrz.expiry_date, NaiveDate::from_ymd_opt(2012, 4, 15));
        assert_eq!(
            (mrz.sex.as_str(), mrz.personal_number.as_str()),
            ("F", "ZE184226B")
        );
        assert!(mrz.checks_valid, "{:?}", mrz.checks);
    }

    #[test]
    fn reads_td2_and_td1_specimens() {
        let td2 = find_mrz(
            &lines("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"),
            reference(),
        )
        .unwrap();
        assert_eq!((td2.format, td2.checks_valid), (MrzFormat::TD2, true));
        let td1 = find_mrz(
            &lines("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"),
            reference(),
        )
        .unwrap();
        assert_eq!((td1.format, td1.checks_valid), (MrzFormat::TD1, true));
        assert_eq!(td1.document_number, "D23145890");
    }

    #[test]
    fn a_misread_digit_fails_its_check() {
        let mrz = find_mrz(
            &lines("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408132F1204159ZE184226B<<<<<10"),
            reference(),
        )
        .unwrap();
        assert!(!mrz.checks.birth_date && !mrz.checks.composite && mrz.checks.expiry_date);
        assert!(!mrz.checks_valid);
    }

    #[test]
    fn settles_centuries_around_the_filing_date() {
        let r = reference();
        assert_eq!(
            mrz_date("261125", r, DateKind::Birth),
            NaiveDate::from_ymd_opt(1926, 11, 25)
        );
        assert_eq!(
            mrz_date("261124", r, DateKind::Birth),
            NaiveDate::from_ymd_opt(2026, 11, 24)
        );
        assert_eq!(
            mrz_date("340101", r, DateKind::Expiry),
            NaiveDate::from_ymd_opt(2034, 1, 1)
        );
        assert_eq!(
            mrz_date("991231", r, DateKind::Expiry),
            NaiveDate::from_ymd_opt(1999, 12, 31)
        );
        assert_eq!(mrz_date("990231", r, DateKind::Expiry), None);
    }

    #[test]
    fn odd_lines_are_not_a_zone() {
        assert_eq!(find_mrz(&lines("ПАСПОРТ\n<<<<"), reference()), None);
        assert_eq!(
            // 44 bytes a line, but not 44 characters: must not be sliced mid-letter.
            find_mrz(&lines(&format!("{0}\n{0}", "Ж".repeat(22))), reference()),
            None
        );
    }
}
