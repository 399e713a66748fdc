//! A copy of a check's report and pack for third parties: the applicant's
//! passport numbers, individual identification numbers (IIN), machine-
//! readable zones and birth dates masked, in the text and, through
//! [`Redaction::words`], as black boxes over the words on page images.
//!
//! What is secret is learnt from the report itself (the numbers and dates
//! its fields read) and from the shapes of such things in any text (a
//! zone's lines, a twelve-digit IIN, any date that reads as a birth date),
//! so a number the fields did not attribute is masked too where its shape
//! gives it away.

use std::sync::LazyLock;

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
    /// spaces and punctuation aside: upper-case letters and digits.
    keys: Vec<String>,
    /// Dates masked wherever a date reads as one of them, in any format.
    birth_dates: Vec<NaiveDate>,
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
        redaction.keys.sort();
        redaction.keys.dedup();
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
        if key.len() >= 5 {
            self.keys.push(key);
        }
    }

    /// A birth date, and its forms of digits alone: 15041990, 19900415,
    /// 900415 (a zone's and an IIN's).
    fn add_birth_date(&mut self, date: NaiveDate) {
        let (d, m, y) = (date.day(), date.month(), date.year());
        self.keys.push(format!("{d:02}{m:02}{y:04}"));
        self.keys.push(format!("{y:04}{m:02}{d:02}"));
        self.keys
            .push(format!("{:02}{m:02}{d:02}", y.rem_euclid(100)));
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

    /// Which of `text`'s characters (by char) are secret.
    fn masked(&self, text: &str) -> Vec<bool> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut masked = vec![false; chars.len()];
        let char_at = |byte: usize| chars.partition_point(|&(at, _)| at < byte);
        let mut mark = |from: usize, to: usize| {
            masked[char_at(from)..char_at(to)].fill(true);
        };
        // A zone's lines, whole.
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if looks_like_zone(line) {
                mark(start, start + line.len());
            }
            start += line.len();
        }
        for found in IIN.find_iter(text) {
            mark(found.start(), found.end());
        }
        for found in find_dates(text) {
            if self.birth_dates.contains(&found.date) {
                for (at, _) in text.match_indices(found.text.as_str()) {
                    mark(at, at + found.text.len());
                }
            }
        }
        // The numbers, in the text's letters and digits alone.
        let alphanumeric: Vec<(usize, char)> = chars
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.is_alphanumeric())
            .map(|(index, &(_, c))| (index, c.to_uppercase().next().unwrap_or(c)))
            .collect();
        let letters: String = alphanumeric.iter().map(|&(_, c)| c).collect();
        let index_of: Vec<usize> = letters
            .char_indices()
            .map(|(byte, _)| byte)
            .collect::<Vec<_>>();
        for key in &self.keys {
            for (at, _) in letters.match_indices(key.as_str()) {
                let first = index_of.partition_point(|&byte| byte < at);
                let last = first + key.chars().count() - 1;
                let (from, to) = (alphanumeric[first].0, alphanumeric[last].0);
                masked[from..=to].fill(true);
            }
        }
        masked
    }

    /// The words with every secret masked, and the boxes to black out on
    /// the page: every word a secret touches, whole, read in the words'
    /// order (a date in three words is one secret), and every word within
    /// one character of a long secret (OCR misread a digit of it).
    pub fn words(&self, words: &[WordBox]) -> (Vec<WordBox>, Vec<BoundingBox>) {
        let mut joined = String::new();
        let mut owner = Vec::new();
        for (index, word) in words.iter().enumerate() {
            for c in word.text.chars().chain([' ']) {
                joined.push(c);
                owner.push(index);
            }
        }
        let mut secret = vec![false; words.len()];
        for (masked, &index) in self.masked(&joined).iter().zip(&owner) {
            secret[index] |= *masked;
        }
        for (word, secret) in words.iter().zip(&mut secret) {
            *secret |= word.text.contains('<') || self.nearly_a_key(&word.text);
        }
        let masked = words
            .iter()
            .zip(&secret)
            .map(|(word, &secret)| match secret {
                true => WordBox {
                    text: word.text.chars().map(|_| MASK).collect(),
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
        self.keys
            .iter()
            .filter(|key| key.len() >= FUZZY_LENGTH)
            .any(|key| {
                let length = key.chars().count();
                (length - 1..=length + 1).any(|width| {
                    letters.windows(width).any(|window| {
                        let window: String = window.iter().collect();
                        strsim::levenshtein(&window, key) <= 1
                    })
                })
            })
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

/// Upper-case letters and digits alone.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A line of a machine-readable zone as OCR gives it: twenty characters or
/// more of capitals, digits and fillers (spaces aside), a filler among
/// them.
fn looks_like_zone(line: &str) -> bool {
    let symbols: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    symbols.len() >= 20
        && symbols.contains(&'<')
        && symbols
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '<')
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
        assert_eq!(r.text("ЖСН 900415300123"), "ЖСН ████████████");
        // A BIN (fifth digit 4) is a company's, and stays.
        assert_eq!(r.text("БИН 180240012342"), "БИН 180240012342");
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
