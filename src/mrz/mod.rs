//! ICAO 9303 machine-readable zones: TD1 (ID cards, 3×30), TD2 (2×36), TD3
//! (passports, 2×44) and the MRV-A/MRV-B visas, parsed from OCR'd lines and
//! corrected with their own check digits.
//!
//! This is domain knowledge both `extract` (to know when a reading is good
//! enough to stop) and `fields` (to read the passport) rely on, so it sits
//! beside the stages rather than inside one.

mod correct;
mod layout;
mod states;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use self::correct::Correction;
pub(crate) use self::correct::{Zone, as_letter};
pub use self::layout::MrzFormat;
pub(crate) use self::layout::{Check, CheckName, Class, LAYOUTS, Layout, Span};
pub use self::states::known_states;

/// Which check digits held; `None` for a check the format does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MrzChecks {
    pub document_number: bool,
    pub birth_date: bool,
    pub expiry_date: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_number: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composite: Option<bool>,
}

impl MrzChecks {
    fn all_hold(&self) -> bool {
        self.document_number
            && self.birth_date
            && self.expiry_date
            && self.personal_number.unwrap_or(true)
            && self.composite.unwrap_or(true)
    }
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
    /// Every check digit of the format holds: only then are the fields trusted.
    pub checks_valid: bool,
    pub checks: MrzChecks,
    /// Characters OCR misread that the zone's structure put right.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
}

impl Mrz {
    /// A passport's or an identity card's zone (`P`, `I`, `A`, `C`): a
    /// document the holder can travel on, as Kazakhstan accepts for EAEU
    /// citizens. A visa's zone (`V`) identifies a visa, not its holder.
    pub fn identifies_holder(&self) -> bool {
        !matches!(self.format, MrzFormat::MrvA | MrzFormat::MrvB)
            && matches!(
                self.document_type.chars().next(),
                Some('P' | 'I' | 'A' | 'C')
            )
    }
}

/// The best zone among several readings of the same image (at other scales
/// or thresholds). A reading whose check digits all hold wins; failing that,
/// readings of one shape are voted on character by character, which often
/// outvotes a digit misread at one size.
pub fn best_reading(readings: &[Vec<String>], reference: NaiveDate) -> Option<Mrz> {
    let mut candidates: Vec<Candidate> = readings.iter().flat_map(|r| candidates(r)).collect();
    candidates.extend(votes(&candidates));
    best(candidates, reference)
}

/// Whether some zone among the readings has every check digit valid. Dates
/// play no part in that, so any filing date will do.
pub fn any_valid(readings: &[Vec<String>]) -> bool {
    best_reading(readings, NaiveDate::default()).is_some_and(|mrz| mrz.checks_valid)
}

/// Finds and parses a zone among one reading's lines. `reference` (the
/// filing date) settles two-digit years.
pub fn find_mrz(lines: &[String], reference: NaiveDate) -> Option<Mrz> {
    best(candidates(lines), reference)
}

/// A run of lines fitted to a layout, before correction.
struct Candidate {
    layout: &'static Layout,
    lines: Vec<Vec<u8>>,
    /// Characters added or removed to fit: of two valid readings, the one that
    /// needed less is the zone.
    repair: usize,
}

fn best(candidates: Vec<Candidate>, reference: NaiveDate) -> Option<Mrz> {
    candidates
        .into_iter()
        .map(|candidate| {
            // LAYOUTS lists the formats most specific first.
            let rank = LAYOUTS
                .iter()
                .position(|layout| std::ptr::eq(layout, candidate.layout));
            let repair = candidate.repair;
            (parse(candidate, reference), repair, rank)
        })
        .max_by_key(|(mrz, repair, rank)| {
            (
                mrz.checks_valid,
                std::cmp::Reverse(*repair + mrz.corrections.len()),
                std::cmp::Reverse(*rank),
            )
        })
        .map(|(mrz, _, _)| mrz)
}

fn candidates(lines: &[String]) -> Vec<Candidate> {
    let lines: Vec<String> = lines
        .iter()
        .map(|line| repair_fillers(&normalise(line)))
        .collect();
    let mut found = Vec::new();
    for layout in LAYOUTS {
        for window in lines.windows(layout.lines) {
            let fitted: Option<Vec<Vec<u8>>> = window
                .iter()
                .map(|line| fit(line, layout.width).map(String::into_bytes))
                .collect();
            let Some(fitted) = fitted else { continue };
            if layout.first_letters.contains(&fitted[0][0]) {
                found.push(Candidate {
                    layout,
                    lines: fitted,
                    repair: window.iter().map(|l| l.len().abs_diff(layout.width)).sum(),
                });
            }
        }
    }
    found
}

/// Per layout, the character most readings agree on at each position, when
/// at least three readings have that shape.
fn votes(candidates: &[Candidate]) -> Vec<Candidate> {
    LAYOUTS
        .iter()
        .filter_map(|layout| {
            let same: Vec<&Candidate> = candidates
                .iter()
                .filter(|c| std::ptr::eq(c.layout, layout))
                .collect();
            (same.len() >= 3).then(|| Candidate {
                layout,
                lines: (0..layout.lines)
                    .map(|line| {
                        (0..layout.width)
                            .map(|column| majority(same.iter().map(|c| c.lines[line][column])))
                            .collect()
                    })
                    .collect(),
                repair: same.iter().map(|c| c.repair).min().unwrap_or(0),
            })
        })
        .collect()
}

/// The most frequent byte; the earliest seen breaks ties.
fn majority(bytes: impl Iterator<Item = u8>) -> u8 {
    let mut counts: Vec<(u8, usize)> = Vec::new();
    for b in bytes {
        match counts.iter_mut().find(|(seen, _)| *seen == b) {
            Some((_, n)) => *n += 1,
            None => counts.push((b, 1)),
        }
    }
    let top = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|&(_, n)| n == top)
        .map_or(b'<', |(b, _)| b)
}

fn parse(candidate: Candidate, reference: NaiveDate) -> Mrz {
    let layout = candidate.layout;
    let mut zone = Zone::new(candidate.lines);
    zone.coerce_classes(layout);
    zone.fix_mixed_fields(layout);
    let checks = MrzChecks {
        document_number: zone.check(layout, CheckName::DocumentNumber) == Some(true),
        birth_date: zone.check(layout, CheckName::BirthDate) == Some(true),
        expiry_date: zone.check(layout, CheckName::ExpiryDate) == Some(true),
        personal_number: zone.check(layout, CheckName::PersonalNumber),
        composite: zone.check(layout, CheckName::Composite),
    };
    let field = |span: Span| trim_fillers(zone.text(span));
    let (surname, given_names) = names(zone.text(layout.names));
    let birth_date = mrz_date(zone.text(layout.birth), reference, DateKind::Birth);
    let expiry_date = mrz_date(zone.text(layout.expiry), reference, DateKind::Expiry);
    // A zone of fillers passes every check (the check digit of nothing is
    // 0, as a filler reads): a zone names someone, has a number, and its
    // dates have digits (ICAO writes an unknown day or month as fillers;
    // whether the date exists depends on the century, which the filing
    // date settles, so it is no part of validity) whose month is not over
    // 12 and day not over 31.
    let has_digits = |span: Span| zone.text(span).bytes().any(|c| c.is_ascii_digit());
    let date = |span: Span| has_digits(span) && possible_date(zone.text(span));
    let something = !surname.is_empty()
        && !field(layout.number).is_empty()
        && date(layout.birth)
        && date(layout.expiry);
    Mrz {
        format: layout.format,
        document_type: field(layout.document_type),
        issuing_state: field(layout.issuing_state),
        surname,
        given_names,
        document_number: field(layout.number),
        nationality: field(layout.nationality),
        birth_date,
        sex: field(layout.sex),
        expiry_date,
        personal_number: field(layout.optional),
        checks_valid: checks.all_hold() && something,
        checks,
        corrections: zone.corrections,
    }
}

/// Whether a zone's `YYMMDD` has no month over 12 and no day over 31,
/// which no century has (fillers or `00` for an unknown day or month
/// pass). Two misread digits can cancel in a check: the recogniser
/// read an expiry `340416` as `340478`, its check digit holding.
fn possible_date(text: &str) -> bool {
    let part = |range: std::ops::Range<usize>| text.get(range).and_then(|p| p.parse::<u32>().ok());
    part(2..4).is_none_or(|month| month <= 12) && part(4..6).is_none_or(|day| day <= 31)
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
    if !line.is_ascii() || line.is_empty() {
        return None;
    }
    if line.len() == length {
        return Some(line.to_string());
    }
    if line.len().abs_diff(length) > 16 {
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

/// The ICAO 9303 check digit: weights 7, 3, 1 over digits (their value),
/// letters (A = 10 … Z = 35) and the filler `<` (0).
pub fn check_digit(field: &str) -> Option<u32> {
    let mut sum = 0;
    for (index, c) in field.chars().enumerate() {
        sum += symbol_value(c)? * [7, 3, 1][index % 3];
    }
    Some(sum % 10)
}

/// A symbol's value in a check digit's sum.
pub fn symbol_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        '<' => Some(0),
        _ => None,
    }
}

fn trim_fillers(field: &str) -> String {
    field.trim_matches('<').replace('<', " ")
}

/// `SURNAME<<GIVEN<NAMES<<<<`: the primary and secondary identifiers. A lone
/// `K`, `X` or `C` between fillers is a misread filler (OCR's usual readings
/// of `<`); no name part is that one letter. Three fillers in a row end the
/// name (parts are parted by one or two), so what OCR made of the padding
/// after them is dropped; a name without the double filler had one of the
/// pair misread.
fn names(field: &str) -> (String, String) {
    let name = field.split("<<<").next().unwrap_or_default();
    // The filler the cut removed still bounds the last part.
    let mut bytes = format!("{name}<").into_bytes();
    for i in 1..bytes.len() - 1 {
        if bytes[i - 1] == b'<' && bytes[i + 1] == b'<' && matches!(bytes[i], b'K' | b'X' | b'C') {
            bytes[i] = b'<';
        }
    }
    let name = String::from_utf8(bytes).unwrap_or_default();
    let name = name.trim_end_matches('<');
    if let Some((surname, given)) = name.split_once("<<") {
        return (trim_fillers(surname), trim_fillers(given));
    }
    // No double filler: the surname's end was misread, one `<` of the pair
    // as a letter (`NURLANOVAK<AIGERIM`).
    let misread_pair = ["K<", "X<", "C<", "<K", "<X", "<C"]
        .iter()
        .filter_map(|pair| name.find(pair))
        .min();
    match misread_pair {
        Some(at) => (trim_fillers(&name[..at]), trim_fillers(&name[at + 2..])),
        None => (trim_fillers(name), String::new()),
    }
}

enum DateKind {
    Birth,
    Expiry,
}

/// `YYMMDD` with the century settled: a birth date is not after the filing
/// date; an expiry lies at most 20 years ahead of it (a passport is issued for
/// at most ten years, an ID card for at most twenty).
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
mod tests;
