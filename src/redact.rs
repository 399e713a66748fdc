//! A copy of a check's report and pack for third parties: the applicant's
//! passport numbers, individual identification numbers (IIN), machine-
//! readable zones and birth dates masked, in the text and, through
//! [`Redaction::on_page`], as black boxes over the words on page images,
//! or a page blacked out whole where its secrets cannot all be placed.
//!
//! What is secret is learnt from the report itself (the numbers and dates
//! its fields read) and from the shapes of such things in any text (a
//! zone's lines, a twelve-digit IIN, any date that reads as a birth date),
//! so a number the fields did not attribute is masked too where its shape
//! gives it away.

use std::sync::LazyLock;

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::extract::{BoundingBox, Page, WordBox};
use crate::fields::dates::find_dates;
use crate::fields::{DateRole, Fields};
use crate::report::{DocumentReport, Report};

/// What a masked character becomes.
pub const MASK: char = '█';

/// The secrets of one bundle, learnt from its report.
#[derive(Debug, Clone, Default)]
pub struct Redaction {
    /// Numbers masked wherever their letters and digits stand in a row,
    /// spaces and punctuation aside, as [`normalised`]; a long one read
    /// with one character wrong too.
    numbers: Vec<String>,
    /// Birth dates in digits alone (15041990, 19900415, 900415, 150490),
    /// masked wherever their digits stand in a row exactly, inside longer
    /// numbers too: a date a digit away is another date, which the copy
    /// must keep.
    date_digits: Vec<(NaiveDate, String)>,
    /// Dates masked wherever a date reads as one of them, in any format.
    birth_dates: Vec<NaiveDate>,
}

/// One secret, as a page is searched for each: a page whose words hold
/// one less often than its text is not placed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Secret {
    ZoneLine,
    Iin(String),
    BirthDate(NaiveDate),
    Number(String),
}

/// What [`Redaction::on_page`] blacks out on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blackout {
    /// These boxes, each over a word a secret touches.
    Boxes(Vec<BoundingBox>),
    /// The whole page: its text holds a secret more often than its words'
    /// boxes place it, or a zone's lines that its words do not show.
    Whole,
}

/// A twelve-digit number that may be an IIN: its first six digits a date
/// of birth (YYMMDD, the day's first digit 0–3) and the seventh the
/// century and sex (1–6). A BIN's fifth digit is 4–6, so a company's
/// number is left to read.
static IIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{2}[01]\d[0-3]\d[1-6]\d{5}\b").expect("valid regex"));

/// A secret read with one character wrong (OCR's) is still the secret,
/// where it is this long at least: shorter ones would mask chance strings.
const FUZZY_LENGTH: usize = 8;

impl Redaction {
    /// The secrets `report` holds.
    pub fn of(report: &Report) -> Redaction {
        let mut redaction = Redaction::default();
        for document in &report.documents {
            redaction.learn(document);
        }
        redaction.numbers.sort();
        redaction.numbers.dedup();
        redaction.date_digits.sort();
        redaction.date_digits.dedup();
        redaction.birth_dates.sort();
        redaction.birth_dates.dedup();
        redaction
    }

    fn learn(&mut self, document: &DocumentReport) {
        let identity = &document.identity;
        let numbers = identity
            .passport_numbers
            .iter()
            .map(|mention| mention.text.as_str())
            .chain(identity.iins.iter().map(|iin| iin.number.as_str()));
        for number in numbers {
            self.add_key(number);
        }
        for iin in &identity.iins {
            if let Some(date) = iin_birth_date(&iin.number) {
                self.add_birth_date(date);
            }
        }
        for dated in &document.dates {
            if dated.role == Some(DateRole::Birth) {
                self.add_birth_date(dated.date);
            }
        }
        if let Fields::Passport(passport) = &document.fields {
            let mrz = passport.mrz.as_ref();
            let numbers = passport.number.iter().chain(
                mrz.into_iter()
                    .flat_map(|mrz| [&mrz.document_number, &mrz.personal_number]),
            );
            for number in numbers {
                self.add_key(number);
            }
            let births = passport
                .birth_date
                .into_iter()
                .chain(mrz.and_then(|m| m.birth_date));
            for date in births {
                self.add_birth_date(date);
            }
        }
    }

    /// A number to mask; fillers, spaces and punctuation aside, and none
    /// under five characters (an empty personal number).
    fn add_key(&mut self, number: &str) {
        let key = normalised(number);
        if key.chars().count() >= 5 {
            self.numbers.push(key);
        }
    }

    /// A birth date, and its forms of digits alone: 15041990, 19900415,
    /// 900415 (a zone's and an IIN's), 150490.
    fn add_birth_date(&mut self, date: NaiveDate) {
        let (d, m, y) = (date.day(), date.month(), date.year());
        let yy = y.rem_euclid(100);
        self.date_digits.extend(
            [
                format!("{d:02}{m:02}{y:04}"),
                format!("{y:04}{m:02}{d:02}"),
                format!("{yy:02}{m:02}{d:02}"),
                format!("{d:02}{m:02}{yy:02}"),
            ]
            .map(|digits| (date, digits)),
        );
        self.birth_dates.push(date);
    }

    /// `text` with every secret in it masked.
    pub fn text(&self, text: &str) -> String {
        let masked = self.masked(text);
        text.chars()
            .zip(masked)
            .map(|(c, masked)| {
                if masked && !c.is_whitespace() {
                    MASK
                } else {
                    c
                }
            })
            .collect()
    }

    /// How many times `text` holds each secret (overlapping finds of one
    /// secret counted once).
    fn census(&self, text: &str) -> BTreeMap<Secret, usize> {
        let mut spans = self.spans(text);
        spans.sort_by(|a, b| (&a.0, a.1.start).cmp(&(&b.0, b.1.start)));
        let mut census = BTreeMap::new();
        let mut last: Option<(Secret, usize)> = None;
        for (secret, chars) in spans {
            let overlaps =
                matches!(&last, Some((before, end)) if *before == secret && chars.start < *end);
            if !overlaps {
                *census.entry(secret.clone()).or_insert(0) += 1;
            }
            let end = match &last {
                Some((before, end)) if *before == secret => chars.end.max(*end),
                _ => chars.end,
            };
            last = Some((secret, end));
        }
        census
    }

    /// Which of `text`'s characters (by char) are secret.
    fn masked(&self, text: &str) -> Vec<bool> {
        let mut masked = vec![false; text.chars().count()];
        for (_, chars) in self.spans(text) {
            masked[chars].fill(true);
        }
        masked
    }

    /// Every secret `text` holds, with the chars it spans.
    fn spans(&self, text: &str) -> Vec<(Secret, Range<usize>)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let char_at = |byte: usize| chars.partition_point(|&(at, _)| at < byte);
        let mut spans = Vec::new();
        let mut span = |secret: Secret, from: usize, to: usize| {
            spans.push((secret, char_at(from)..char_at(to)));
        };
        // A zone's lines, whole.
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if looks_like_zone(line) {
                span(Secret::ZoneLine, start, start + line.len());
            }
            start += line.len();
        }
        for found in IIN.find_iter(text) {
            span(
                Secret::Iin(found.as_str().to_string()),
                found.start(),
                found.end(),
            );
        }
        for found in find_dates(text) {
            if self.birth_dates.contains(&found.date) {
                for (at, _) in text.match_indices(found.text.as_str()) {
                    span(Secret::BirthDate(found.date), at, at + found.text.len());
                }
            }
        }
        // The numbers, in the text's letters and digits alone: each
        // letter's char index in the text, and the letter as keys hold it.
        let (at, letters): (Vec<usize>, Vec<char>) = chars
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.is_alphanumeric())
            .map(|(index, &(_, c))| (index, key_char(c)))
            .unzip();
        // A date's digits are masked inside longer numbers too (a zone
        // misread past knowing follows them with a check digit), and so a
        // phone number's 150 49 01 with them: the copy loses a few digits
        // rather than let a birth date through.
        for (secret, first, length) in self.found(&letters) {
            spans.push((secret, at[first]..at[first + length - 1] + 1));
        }
        spans
    }

    /// Where in `letters` a secret stands, as (secret, first letter,
    /// letters): every number and a birth date's digits exactly, and a long
    /// number with one letter wrong, dropped or added (OCR's misreadings).
    fn found(&self, letters: &[char]) -> Vec<(Secret, usize, usize)> {
        let mut found = Vec::new();
        let exact = self
            .numbers
            .iter()
            .map(|key| (Secret::Number(key.clone()), key))
            .chain(
                self.date_digits
                    .iter()
                    .map(|(date, key)| (Secret::BirthDate(*date), key)),
            );
        for (secret, key) in exact {
            let key: Vec<char> = key.chars().collect();
            found.extend(
                letters
                    .windows(key.len())
                    .enumerate()
                    .filter(|(_, window)| *window == key.as_slice())
                    .map(|(first, _)| (secret.clone(), first, key.len())),
            );
        }
        for number in &self.numbers {
            let key: Vec<char> = number.chars().collect();
            if key.len() < FUZZY_LENGTH {
                continue;
            }
            for width in key.len() - 1..=key.len() + 1 {
                found.extend(
                    letters
                        .windows(width)
                        .enumerate()
                        .filter(|(_, window)| within_one_edit(window, &key))
                        .map(|(first, _)| (Secret::Number(number.clone()), first, width)),
                );
            }
        }
        found
    }

    /// The words with every secret masked, and the boxes to black out on
    /// the page: every word a secret touches, whole, read in the words'
    /// order line by line (a date in three words is one secret, and a
    /// zone's line is one line), every word within one character of a
    /// long secret (OCR misread a digit of it), and every word with a
    /// filler in it.
    fn words(&self, words: &[WordBox]) -> (Vec<WordBox>, Vec<BoundingBox>) {
        self.words_read(words, &read_out(words, &lines(words)))
    }

    /// [`Redaction::words`] of the words as `said` reads them out.
    fn words_read(
        &self,
        words: &[WordBox],
        (joined, owner): &(String, Vec<usize>),
    ) -> (Vec<WordBox>, Vec<BoundingBox>) {
        let mut secret = vec![false; words.len()];
        for (masked, &index) in self.masked(joined).iter().zip(owner) {
            if let Some(secret) = secret.get_mut(index) {
                *secret |= *masked;
            }
        }
        for (word, secret) in words.iter().zip(&mut secret) {
            *secret |= word.text.contains('<') || self.nearly_a_key(&word.text);
        }
        let masked = words
            .iter()
            .zip(&secret)
            .map(|(word, &secret)| match secret {
                true => WordBox {
                    text: masked_whole(&word.text),
                    ..word.clone()
                },
                false => word.clone(),
            })
            .collect();
        let boxes = words
            .iter()
            .zip(&secret)
            .filter(|(_, secret)| **secret)
            .map(|(word, _)| word.bbox)
            .collect();
        (masked, boxes)
    }

    /// Whether `word` holds a long secret with one character wrong.
    fn nearly_a_key(&self, word: &str) -> bool {
        let letters: Vec<char> = normalised(word).chars().collect();
        !self.found(&letters).is_empty()
    }

    /// A page's words masked and what to black out on its image: the boxes
    /// of [`Redaction::words`], or the whole page when its text (`text`,
    /// as the check read it) holds a secret more often than its words do
    /// (OCR read one too wrong to know it), or a zone of `zone_lines`
    /// lines was read there and fewer lines of the words look like a
    /// zone's. A page whose secrets cannot all be placed is not shown.
    pub fn on_page(
        &self,
        text: &str,
        words: &[WordBox],
        zone_lines: usize,
    ) -> (Vec<WordBox>, Blackout) {
        let lines = lines(words);
        let said = read_out(words, &lines);
        let (masked, boxes) = self.words_read(words, &said);
        let zone_placed = lines
            .iter()
            .filter(|line| {
                let text: String = line.iter().map(|&i| words[i].text.as_str()).collect();
                looks_like_zone(&text)
            })
            .count();
        let placed = self.census(&said.0);
        let unplaced = self
            .census(text)
            .into_iter()
            .any(|(secret, times)| placed.get(&secret).copied().unwrap_or(0) < times);
        match unplaced || zone_placed < zone_lines {
            true => (
                words
                    .iter()
                    .map(|word| WordBox {
                        text: masked_whole(&word.text),
                        ..word.clone()
                    })
                    .collect(),
                Blackout::Whole,
            ),
            false => (masked, Blackout::Boxes(boxes)),
        }
    }

    /// A copy of `report` with every secret masked: its text, its words,
    /// the passport's number and zone; birth dates, which are typed dates,
    /// left out.
    pub fn report(&self, report: &Report) -> Report {
        let mut report = report.clone();
        report.bundle = self.text(&report.bundle);
        for document in &mut report.documents {
            self.document(document);
        }
        for unreadable in &mut report.unreadable {
            unreadable.path = self.text(&unreadable.path);
            unreadable.reason = self.text(&unreadable.reason);
        }
        for finding in &mut report.findings {
            finding.message = self.text(&finding.message);
            finding.hint = self.text(&finding.hint);
            self.all(&mut finding.documents);
            for evidence in &mut finding.evidence {
                evidence.document = self.text(&evidence.document);
                evidence.text = self.text(&evidence.text);
            }
        }
        report
    }

    fn document(&self, document: &mut DocumentReport) {
        document.path = self.text(&document.path);
        self.all(&mut document.duplicates);
        self.all(&mut document.continued_in);
        document.unpacked_from = document.unpacked_from.as_deref().map(|p| self.text(p));
        for page in &mut document.pages {
            self.page(page);
        }
        document
            .dates
            .retain(|dated| !self.birth_dates.contains(&dated.date));
        for dated in &mut document.dates {
            dated.text = self.text(&dated.text);
        }
        let identity = &mut document.identity;
        for mention in &mut identity.passport_numbers {
            mention.text = self.text(&mention.text);
        }
        for iin in &mut identity.iins {
            iin.number = masked_whole(&iin.number);
        }
        if let Fields::Passport(passport) = &mut document.fields {
            passport.number = passport.number.as_deref().map(masked_whole);
            passport.birth_date = None;
            if let Some(mrz) = &mut passport.mrz {
                mrz.document_number = masked_whole(&mrz.document_number);
                mrz.personal_number = masked_whole(&mrz.personal_number);
                mrz.birth_date = None;
                mrz.corrections.clear();
            }
        }
    }

    fn page(&self, page: &mut Page) {
        page.text = self.text(&page.text);
        page.words = self.words(&page.words).0;
        page.mrz_readings.clear();
    }

    fn all(&self, texts: &mut [String]) {
        for text in texts {
            *text = self.text(text);
        }
    }
}

/// Every character of `text` masked.
fn masked_whole(text: &str) -> String {
    text.chars().map(|_| MASK).collect()
}

/// Letters and digits alone, as [`key_char`] gives them.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .map(key_char)
        .collect()
}

/// A letter or digit as keys are compared: upper case, and a Cyrillic
/// letter that looks like a Latin one as that one (a passport number
/// `АВ1234567` typed in Cyrillic, or OCR reading a Latin `H` as `Н`).
fn key_char(c: char) -> char {
    let upper = c.to_uppercase().next().unwrap_or(c);
    match upper {
        'А' => 'A',
        'В' => 'B',
        'Е' | 'Ё' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        other => other,
    }
}

/// Whether `window` becomes `key` by one letter changed, one dropped
/// anywhere, or one added between its first and last (a window one longer
/// whose end differs is a neighbour's letter taken in, which the key's own
/// window finds).
fn within_one_edit(window: &[char], key: &Vec<char>) -> bool {
    let ends_agree = window.first() == key.first() && window.last() == key.last();
    let shorter_by_an_end =
        window.len() + 1 == key.len() && (window == &key[1..] || window == &key[..key.len() - 1]);
    match window.len().abs_diff(key.len()) {
        0 => window.iter().zip(key).filter(|(a, b)| a != b).count() <= 1,
        1 => {
            shorter_by_an_end
                || (ends_agree && strsim::generic_levenshtein(&window.to_vec(), key) <= 1)
        }
        _ => false,
    }
}

/// The birth date an IIN's first seven digits give: YYMMDD, and the
/// seventh the century (1–2 the 1800s, 3–4 the 1900s, 5–6 the 2000s).
fn iin_birth_date(iin: &str) -> Option<NaiveDate> {
    let digits: Vec<u32> = iin.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    let [y1, y2, m1, m2, d1, d2, century, ..] = digits[..] else {
        return None;
    };
    let century = match century {
        1 | 2 => 1800,
        3 | 4 => 1900,
        5 | 6 => 2000,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(century + (y1 * 10 + y2) as i32, m1 * 10 + m2, d1 * 10 + d2)
}

/// The words read out line by line, a space after each word and a line
/// break after each line, with the word each character of that text
/// belongs to (`usize::MAX` for a line break).
fn read_out(words: &[WordBox], lines: &[Vec<usize>]) -> (String, Vec<usize>) {
    let mut joined = String::new();
    let mut owner = Vec::new();
    for line in lines {
        for &index in line {
            for c in words[index].text.chars().chain([' ']) {
                joined.push(c);
                owner.push(index);
            }
        }
        joined.push('\n');
        owner.push(usize::MAX);
    }
    (joined, owner)
}

/// The words in lines, top to bottom, each left to right: a word joins
/// the line whose last word's middle lies within its own height.
fn lines(words: &[WordBox]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by_key(|&index| (words[index].bbox.y, words[index].bbox.x));
    let mut lines: Vec<Vec<usize>> = Vec::new();
    for index in order {
        let b = words[index].bbox;
        let middle = |index: usize| {
            let b = words[index].bbox;
            b.y.saturating_add(b.height / 2)
        };
        let line = lines.iter_mut().find(|line| {
            line.last()
                .is_some_and(|&last| (b.y..=b.y.saturating_add(b.height)).contains(&middle(last)))
        });
        match line {
            Some(line) => line.push(index),
            None => lines.push(vec![index]),
        }
    }
    for line in &mut lines {
        line.sort_by_key(|&index| words[index].bbox.x);
    }
    lines
}

/// A line of a machine-readable zone as OCR gives it: twenty characters or
/// more (spaces aside) with two fillers in a row, nine in ten of them
/// capitals, digits and fillers once look-alikes are Latin. A Russian
/// page's OCR reads a zone's letters as Cyrillic and some as lower case
/// or punctuation (`Р<ВУ5/О0КОМТ50У<<АМрВЕІ<<<<`, the `ready` fixture's
/// passport), which must still be masked whole.
fn looks_like_zone(line: &str) -> bool {
    let symbols: Vec<char> = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(key_char)
        .collect();
    let zone_like = symbols
        .iter()
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == '<')
        .count();
    symbols.len() >= 20 && line.contains("<<") && zone_like * 10 >= symbols.len() * 9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redaction() -> Redaction {
        let mut redaction = Redaction::default();
        redaction.add_key("75 1234567");
        redaction.add_key("850312400567");
        redaction.add_birth_date(NaiveDate::from_ymd_opt(1990, 4, 15).expect("a date"));
        redaction
    }

    fn word(text: &str, x: u32) -> WordBox {
        WordBox {
            text: text.to_string(),
            bbox: BoundingBox {
                x,
                y: 10,
                width: 30,
                height: 12,
            },
            confidence: 0.9,
        }
    }

    #[test]
    fn numbers_are_masked_however_they_are_spaced() {
        let r = redaction();
        assert_eq!(
            r.text("паспорт № 75 1234567, выдан"),
            "паспорт № ██ ███████, выдан"
        );
        assert_eq!(r.text("N751234567"), "N█████████");
        assert_eq!(r.text("ИИН 850312400567"), "ИИН ████████████");
    }

    #[test]
    fn a_birth_date_is_masked_in_any_format_and_other_dates_are_not() {
        let r = redaction();
        assert_eq!(
            r.text("родился 15.04.1990, выдан 01.02.2020"),
            "родился ██████████, выдан 01.02.2020"
        );
        assert_eq!(r.text("1990 жылғы 15 сәуір"), "████ █████ ██ █████");
        assert_eq!(r.text("15 APR 1990"), "██ ███ ████");
    }

    #[test]
    fn a_zone_and_an_unattributed_iin_are_masked_by_their_shape() {
        let r = Redaction::default();
        let zone = "P<KAZVORONTSOV<<ANDREI<<<<<<<<<<<<<<<<<<<<<\n";
        assert_eq!(r.text(zone).trim_end(), masked_whole(zone.trim_end()));
        // As OCR for Russian reads a zone.
        let read = "Р<ВУ5/О0КОМТ50У<<АМрВЕІ<<<<<<<<<<<<<<<<<<<<<<";
        assert_eq!(r.text(read), masked_whole(read));
        assert_eq!(r.text("ЖСН 900415300123"), "ЖСН ████████████");
        // A BIN (fifth digit 4) is a company's, and stays.
        assert_eq!(r.text("БИН 180240012342"), "БИН 180240012342");
    }

    #[test]
    fn look_alike_letters_and_one_misread_character_do_not_hide_a_number() {
        let mut r = redaction();
        r.add_key("AB1234567");
        // Typed in Cyrillic, or read so.
        assert_eq!(r.text("паспорт АВ1234567"), "паспорт █████████");
        // One character misread, dropped or added.
        assert_eq!(r.text("№ 75 12З4567"), "№ ██ ███████");
        assert_eq!(r.text("№ 7512394567"), "№ ██████████");
        assert_eq!(r.text("№ 75123467"), "№ ████████");
        // A digit lost at either end.
        assert_eq!(r.text("№ 51234567"), "№ ████████");
        assert_eq!(r.text("№ 75123456 "), "№ ████████ ");
        // Two characters wrong is another number.
        assert_eq!(r.text("№ 7512ZZ4567"), "№ 7512ZZ4567");
    }

    #[test]
    fn a_birth_date_is_masked_as_six_digits_and_learnt_from_an_iin() {
        let r = redaction();
        assert_eq!(r.text("DOB 150490"), "DOB ██████");
        assert_eq!(r.text("900415"), "██████");
        // A date a digit away is another date, and stays.
        assert_eq!(r.text("15041991"), "15041991");
        // Its digits inside a longer number are masked all the same.
        assert_eq!(r.text("RUS9004155M31"), "RUS██████5M31");
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(iin_birth_date("900415300123"), date(1990, 4, 15));
        assert_eq!(iin_birth_date("050102500123"), date(2005, 1, 2));
        assert_eq!(iin_birth_date("901315300123"), None);
        assert_eq!(iin_birth_date("900415900123"), None);
    }

    #[test]
    fn a_page_whose_secret_no_word_places_is_blacked_out_whole() {
        let r = redaction();
        let words = [word("Паспорт", 0), word("75", 40), word("1234567", 80)];
        let text = "Паспорт 75 1234567";
        let (_, placed) = r.on_page(text, &words, 0);
        assert_eq!(placed, Blackout::Boxes(vec![words[1].bbox, words[2].bbox]));
        // OCR read the page's number too wrong to know it.
        let misread = [word("Паспорт", 0), word("7S", 40), word("1Z3A5B7", 80)];
        let (masked, whole) = r.on_page(text, &misread, 0);
        assert_eq!(whole, Blackout::Whole);
        assert!(masked.iter().all(|w| w.text.chars().all(|c| c == MASK)));
        // The same beside a birth date OCR read right: each secret must be
        // placed, not just as many secrets.
        let text = "Паспорт 75 1234567 15.04.1990";
        let dated = [&misread[..], &[word("15.04.1990", 120)]].concat();
        assert_eq!(r.on_page(text, &dated, 0).1, Blackout::Whole);
        // A zone of two lines was read on the page and fewer lines of words
        // look like a zone's.
        let zone = [word("P<KAZVORONTSOV<<ANDREI<<<<<<<<", 0)];
        assert_eq!(r.on_page("", &zone, 2).1, Blackout::Whole);
        assert!(matches!(r.on_page("", &zone, 1).1, Blackout::Boxes(_)));
    }

    #[test]
    fn a_zone_line_is_found_however_its_words_are_ordered() {
        let r = Redaction::default();
        // One line of a zone read as three words, listed out of order,
        // beside a line of other print below it.
        let mut words = vec![
            word("Подпись", 0),
            word("KAZ123", 200),
            word("P<KAZIVANOV<<IVAN", 0),
            word("<<<<<<", 100),
        ];
        words[0].bbox.y = 40;
        let (_, boxes) = r.words(&words);
        assert_eq!(boxes, [words[1].bbox, words[2].bbox, words[3].bbox]);
    }

    #[test]
    fn words_a_secret_touches_are_boxed_and_misread_ones_too() {
        let r = redaction();
        let words = [
            word("Паспорт", 0),
            word("75", 40),
            word("1234567", 80),
            word("ДАТА", 120),
            word("15", 160),
            word("апреля", 200),
            word("1990", 240),
            word("751Z34567", 280),
            word("P<KAZ", 320),
        ];
        let (masked, boxes) = r.words(&words);
        let kept: Vec<&str> = masked.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            kept,
            [
                "Паспорт",
                "██",
                "███████",
                "ДАТА",
                "██",
                "██████",
                "████",
                "█████████",
                "█████"
            ]
        );
        assert_eq!(boxes.len(), 7);
        assert!(!boxes.contains(&words[0].bbox) && !boxes.contains(&words[3].bbox));
    }
}
