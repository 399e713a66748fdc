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
/// Lines a few fillers short or long (OCR merges runs of `<`) are fitted to
/// each format's length before parsing; the reading with every check digit
/// valid wins, so a wrong repair can only lose.
pub fn find_mrz(lines: &[String], reference: NaiveDate) -> Option<Mrz> {
    let lines: Vec<String> = lines
        .iter()
        .map(|line| repair_fillers(&normalise(line)))
        .collect();
    // Each candidate with how many characters fitting added or removed: of
    // two valid readings, the one that needed less repair is the zone.
    let mut candidates: Vec<(Mrz, usize)> = Vec::new();
    for window in lines.windows(3) {
        if let [Some(a), Some(b), Some(c)] =
            [&window[0], &window[1], &window[2]].map(|line| fit(line, 30))
        {
            let repair = repair_size(window, 30);
            candidates.extend(parse_td1([&a, &b, &c], reference).map(|mrz| (mrz, repair)));
        }
    }
    for window in lines.windows(2) {
        for length in [44, 36] {
            if let [Some(a), Some(b)] = [&window[0], &window[1]].map(|line| fit(line, length)) {
                let repair = repair_size(window, length);
                candidates.extend(parse_two_line([&a, &b], reference).map(|mrz| (mrz, repair)));
            }
        }
    }
    candidates
        .into_iter()
        .max_by_key(|(mrz, repair)| {
            (
                mrz.checks_valid,
                std::cmp::Reverse(*repair),
                mrz.format as u8,
            )
        })
        .map(|(mrz, _)| mrz)
}

fn repair_size(lines: &[String], length: usize) -> usize {
    lines.iter().map(|line| line.len().abs_diff(length)).sum()
}

/// Runs of `<` that OCR read partly as `K` or `X` (`<<<<KKKK`, `<K<<X<`): the
/// run at the end of a line, before at most two check digits, is all fillers
/// once it starts with a `<`. Names keep their letters: the run is only the
/// line's tail.
fn repair_fillers(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let is_filler_like = |c: char| matches!(c, '<' | 'K' | 'X');
    let mut end = chars.len();
    while end > 0 && chars.len() - end < 2 && !is_filler_like(chars[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && is_filler_like(chars[start - 1]) {
        start -= 1;
    }
    while start < end && chars[start] != '<' {
        start += 1;
    }
    if chars[start..end].iter().filter(|&&c| c == '<').count() < 2 {
        return line.to_string();
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if (start..end).contains(&i) { '<' } else { c })
        .collect()
}

/// Fits a line to `length` by growing or shrinking its longest run of `<`
/// (OCR merges or splits filler runs); `None` when it is too far off.
fn fit(line: &str, length: usize) -> Option<String> {
    if line.len() == length {
        return Some(line.to_string());
    }
    if !line.is_ascii() || line.len().abs_diff(length) > 16 {
        return None;
    }
    let bytes = line.as_bytes();
    let (mut best_start, mut best_len, mut i) = (0, 0, 0);
    while i < bytes.len() {
        if bytes[i] == b'<' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'<').count();
            if run > best_len {
                (best_start, best_len) = (i, run);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    let new_len = (best_len + length)
        .checked_sub(line.len())
        .filter(|&n| n >= 1)?;
    let run_end = best_start + best_len;
    Some(format!(
        "{}{}{}",
        &line[..best_start],
        "<".repeat(new_len),
        &line[run_end..]
    ))
}

/// Upper case, no spaces, guillemets (OCR's reading of `<<`) as fillers.
fn normalise(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '«' | '‹' => '<',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

/// OCR confusions in fields that hold only digits (the usual table of MRZ
/// readers): a letter there is a misread digit.
const DIGIT_CONFUSIONS: &[(char, char)] = &[
    ('O', '0'),
    ('D', '0'),
    ('Q', '0'),
    ('I', '1'),
    ('L', '1'),
    ('Z', '2'),
    ('S', '5'),
    ('G', '6'),
    ('B', '8'),
];

/// Puts digits back where only digits may stand.
fn fix_digits(line: &str, digit_only: impl Fn(usize) -> bool) -> String {
    line.chars()
        .enumerate()
        .map(
            |(i, c)| match DIGIT_CONFUSIONS.iter().find(|&&(letter, _)| letter == c) {
                Some(&(_, digit)) if digit_only(i) => digit,
                _ => c,
            },
        )
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
    // Check digits, dates, and (TD3) the personal number's check and the
    // composite; TD2's composite is its last character.
    let second = &fix_digits(second, |i| match format {
        MrzFormat::TD3 => matches!(i, 9 | 13..=19 | 21..=27 | 42 | 43),
        _ => matches!(i, 9 | 13..=19 | 21..=27 | 35),
    });
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
    Some(
        RawZone {
            format,
            header: &first[0..5],
            names: &first[5..],
            number,
            nationality: &second[10..13],
            birth,
            sex: &second[20..21],
            expiry,
            personal_number,
        }
        .parse(checks, reference),
    )
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
    let first = &fix_digits(first, |i| i == 14);
    let second = &fix_digits(second, |i| matches!(i, 0..=6 | 8..=14 | 29));
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
    Some(
        RawZone {
            format: MrzFormat::TD1,
            header: &first[0..5],
            names: third,
            number,
            nationality: &second[15..18],
            birth,
            sex: &second[7..8],
            expiry,
            personal_number: &first[15..30],
        }
        .parse(checks, reference),
    )
}

/// A zone's fields as sliced from its lines, before they are cleaned up.
struct RawZone<'a> {
    format: MrzFormat,
    /// Document type (2) and issuing state (3).
    header: &'a str,
    names: &'a str,
    number: &'a str,
    nationality: &'a str,
    birth: &'a str,
    sex: &'a str,
    expiry: &'a str,
    personal_number: &'a str,
}

impl RawZone<'_> {
    fn parse(self, checks: MrzChecks, reference: NaiveDate) -> Mrz {
        let (surname, given_names) = names(self.names);
        Mrz {
            format: self.format,
            document_type: trim_fillers(&self.header[0..2]),
            issuing_state: trim_fillers(&self.header[2..5]),
            surname,
            given_names,
            document_number: trim_fillers(self.number),
            nationality: trim_fillers(self.nationality),
            birth_date: mrz_date(self.birth, reference, DateKind::Birth),
            sex: trim_fillers(self.sex),
            expiry_date: mrz_date(self.expiry, reference, DateKind::Expiry),
            personal_number: trim_fillers(self.personal_number),
            checks_valid: all_valid(&checks),
            checks,
        }
    }
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
    fn repairs_fillers_read_as_k_and_merged_runs() {
        // As Tesseract read a generated passport: fillers as K, a run merged,
        // the personal number's check digit 0 read as Q.
        let mrz = find_mrz(
            &lines(
                "P<RUSVORONTSOV<<ANDREI<<<<KKKKKKKKKKKKKKKKKK\n7512345672RUS9004159M3105205<<<<Q2",
            ),
            reference(),
        )
        .unwrap();
        assert!(mrz.checks_valid, "{mrz:?}");
        assert_eq!(
            (mrz.surname.as_str(), mrz.given_names.as_str()),
            ("VORONTSOV", "ANDREI")
        );
        assert_eq!(mrz.expiry_date, NaiveDate::from_ymd_opt(2031, 5, 20));
    }

    #[test]
    fn a_repair_never_passes_a_wrong_digit() {
        // 5 read as 3 in the number: no filler or digit repair can make it valid.
        let mrz = find_mrz(
            &lines("P<RUSVORONTSOV<<ANDREI<<<<<<<<<<<<<<<<<<<<<<\n7312345672RUS9004159M3105205<<<<<<<<<<<<<<02"),
            reference(),
        )
        .unwrap();
        assert!(!mrz.checks_valid && !mrz.checks.document_number);
    }

    #[test]
    fn names_keep_their_k() {
        assert_eq!(
            repair_fillers("P<POLNOVAK<<KAROL<<<<<<<<<<<"),
            "P<POLNOVAK<<KAROL<<<<<<<<<<<"
        );
        assert_eq!(repair_fillers("ANNA<<<<KXK<<"), "ANNA<<<<<<<<<");
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
