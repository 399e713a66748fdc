//! Every date in a text, in the forms Russian, Kazakh and English documents
//! write them, each with the role its surrounding words give it.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

/// What a date means in its document, as far as the words around it say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRole {
    Birth,
    Issue,
    Expiry,
    ContractStart,
    ContractEnd,
    ValidFrom,
    ValidUntil,
    Signed,
    Registered,
}

/// What the words around a date say, before the document's kind turns it
/// into a [`DateRole`] (an "until" is a contract's end, a consent's validity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Birth,
    Issue,
    Expiry,
    Start,
    End,
    Signed,
    Registered,
}

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub cue: Option<Cue>,
    /// The text the date was read from, as written.
    pub text: String,
}

/// Month names by language: Russian genitive and nominative, Kazakh, English
/// full and abbreviated (passports print `12 АВГ/AUG 1974`). Matched as word
/// prefixes, so Kazakh case endings (`желтоқсаннан`) and `.` after an
/// abbreviation need no entries of their own.
const MONTHS: &[(&str, u32)] = &[
    ("января", 1),
    ("январь", 1),
    ("февраля", 2),
    ("февраль", 2),
    ("марта", 3),
    ("март", 3),
    ("апреля", 4),
    ("апрель", 4),
    ("мая", 5),
    ("май", 5),
    ("июня", 6),
    ("июнь", 6),
    ("июля", 7),
    ("июль", 7),
    ("августа", 8),
    ("август", 8),
    ("сентября", 9),
    ("сентябрь", 9),
    ("октября", 10),
    ("октябрь", 10),
    ("ноября", 11),
    ("ноябрь", 11),
    ("декабря", 12),
    ("декабрь", 12),
    ("қаңтар", 1),
    ("ақпан", 2),
    ("наурыз", 3),
    ("сәуір", 4),
    ("мамыр", 5),
    ("маусым", 6),
    ("шілде", 7),
    ("тамыз", 8),
    ("қыркүйек", 9),
    ("қазан", 10),
    ("қараша", 11),
    ("желтоқсан", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("июн", 6),
    ("июл", 7),
    ("авг", 8),
    ("сен", 9),
    ("окт", 10),
    ("ноя", 11),
    ("дек", 12),
];

/// Words that give a date its meaning. Most stand before the date (`до`,
/// `until`); Kazakh postpositions stand after it (`… желтоқсаннан бастап`).
/// Matched as whole-word prefixes of the lower-cased text.
const CUES_BEFORE: &[(&str, Cue)] = &[
    ("рожд", Cue::Birth),
    ("birth", Cue::Birth),
    ("туған", Cue::Birth),
    ("туылған", Cue::Birth),
    ("выдач", Cue::Issue),
    ("выдан", Cue::Issue),
    ("issue", Cue::Issue),
    ("берілген", Cue::Issue),
    ("берілді", Cue::Issue),
    ("окончания срока действия", Cue::Expiry),
    ("срок действия", Cue::Expiry),
    ("expiry", Cue::Expiry),
    ("expiration", Cue::Expiry),
    ("expires", Cue::Expiry),
    ("қолданылу мерзімі", Cue::Expiry),
    ("жарамдылық мерзімі", Cue::Expiry),
    ("с", Cue::Start),
    ("со", Cue::Start),
    ("from", Cue::Start),
    ("начала", Cue::Start),
    ("commencement", Cue::Start),
    ("вступает в силу", Cue::Start),
    ("приступа", Cue::Start),
    ("начало", Cue::Start),
    ("commence", Cue::Start),
    ("starting", Cue::Start),
    ("effective", Cue::Start),
    ("не позднее", Cue::End),
    ("окончание", Cue::End),
    ("истекает", Cue::End),
    ("expire", Cue::End),
    ("ending", Cue::End),
    ("по", Cue::End),
    ("до", Cue::End),
    ("until", Cue::End),
    ("till", Cue::End),
    ("through", Cue::End),
    ("end", Cue::End),
    ("start", Cue::Start),
    ("басталу", Cue::Start),
    ("кірісу", Cue::Start),
    ("бастау", Cue::Start),
    ("аяқталу", Cue::End),
    ("аяқталатын", Cue::End),
    ("to", Cue::End),
    ("valid until", Cue::End),
    ("действителен до", Cue::End),
    ("окончания", Cue::End),
    ("продлен до", Cue::End),
    ("сокращен до", Cue::End),
    ("подписан", Cue::Signed),
    ("signed", Cue::Signed),
    ("дата составления", Cue::Signed),
    ("зарегистрир", Cue::Registered),
    ("registered", Cue::Registered),
    ("тіркелген", Cue::Registered),
    ("в реестре", Cue::Registered),
];
const CUES_AFTER: &[(&str, Cue)] = &[
    ("бастап", Cue::Start),
    ("дейін", Cue::End),
    ("туған", Cue::Birth),
    ("берілген", Cue::Issue),
    // `15.04.1990 года рождения`, `15.04.1990 г.р.`
    ("года рожд", Cue::Birth),
    ("г.р", Cue::Birth),
];

/// How many characters before a date are searched for its cue.
const CUE_WINDOW: usize = 60;

struct Pattern {
    regex: Regex,
    parse: fn(&regex::Captures) -> Option<NaiveDate>,
}

/// Each pattern ends in an ASCII word boundary: `2026г.` glues a Cyrillic
/// letter to the year, which a Unicode `\b` would not split.
static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let month = r"(\p{L}{3,10})\.?";
    vec![
        // первого декабря две тысячи двадцать шестого года: a notary dates
        // the act in words.
        Pattern {
            regex: Regex::new(
                r"(?i)\b(?:(двадцать|тридцать)\s+)?(\p{L}+(?:ого|ое|ье|ьего))\s+(\p{L}{3,10})\s+две\s+тысячи\s+(?:(двадцать|тридцать|сорок)\s+)?(\p{L}+ого)\b",
            )
            .expect("valid regex"),
            parse: |c| {
                let day = tens(c.get(1)) + ordinal(&c[2])?;
                let year = 2000 + tens(c.get(4)) + ordinal(&c[5])?;
                NaiveDate::from_ymd_opt(year as i32, month_number(&c[3])?, day)
            },
        },
        // 2026-12-01
        Pattern {
            regex: Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("valid regex"),
            parse: |c| ymd(&c[1], &c[2], &c[3]),
        },
        // 01.12.2026, 01/12/2026, 1.12.26
        Pattern {
            regex: Regex::new(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?-u:\b)")
                .expect("valid regex"),
            parse: |c| ymd(&expand_year(&c[3])?.to_string(), &c[2], &c[1]),
        },
        // 01: 12.2026, 01,12. 2026: OCR turns a dot of a scan into a comma or
        // colon and splits it off with a space. Only zero-padded day and
        // month and a four-digit year, so that a list like «3, 4, 15» is
        // not a date.
        Pattern {
            regex: Regex::new(r"\b(\d{2}) ?[.,:] ?(\d{2}) ?[.,:] ?(\d{4})(?-u:\b)")
                .expect("valid regex"),
            parse: |c| ymd(&c[3], &c[2], &c[1]),
        },
        // «01» декабря 2026 г., 1 December 2026, 01 DEC 2026, 12 АВГ/AUG 1974
        Pattern {
            regex: Regex::new(&format!(
                r"(?i)(?:«\s*)?\b(\d{{1,2}})\s*»?\s*{month}(?:\s*/\s*\p{{L}}{{3,10}}\.?)?,?\s+(\d{{4}})(?-u:\b)"
            ))
            .expect("valid regex"),
            parse: |c| {
                NaiveDate::from_ymd_opt(
                    c[3].parse().ok()?,
                    month_number(&c[2])?,
                    c[1].parse().ok()?,
                )
            },
        },
        // 12 AUG 74, 12 АВГ/AUG 74: a passport's printed dates, whose
        // two-digit year only ever follows a month in capitals
        Pattern {
            regex: Regex::new(
                r"\b(\d{1,2})\s+(\p{Lu}{3,4})\.?(?:\s*/\s*\p{Lu}{3,4}\.?)?\s+(\d{2})(?-u:\b)",
            )
            .expect("valid regex"),
            parse: |c| {
                NaiveDate::from_ymd_opt(
                    expand_year(&c[3])?,
                    month_number(&c[2])?,
                    c[1].parse().ok()?,
                )
            },
        },
        // December 1, 2026
        Pattern {
            regex: Regex::new(&format!(
                r"(?i)\b{month}\s+(\d{{1,2}}),?\s+(\d{{4}})(?-u:\b)"
            ))
            .expect("valid regex"),
            parse: |c| {
                NaiveDate::from_ymd_opt(
                    c[3].parse().ok()?,
                    month_number(&c[1])?,
                    c[2].parse().ok()?,
                )
            },
        },
        // 2026 жылғы 1 желтоқсан, 2026 ж. 1 желтоқсаннан
        Pattern {
            regex: Regex::new(&format!(
                r"(?i)\b(\d{{4}})\s*(?:жылғы|жыл|ж\.)?\s*(?:«)?(\d{{1,2}})(?:»)?\s*{month}"
            ))
            .expect("valid regex"),
            parse: |c| {
                NaiveDate::from_ymd_opt(
                    c[1].parse().ok()?,
                    month_number(&c[3])?,
                    c[2].parse().ok()?,
                )
            },
        },
    ]
});

/// Finds every valid date in `text`, in order of appearance. Impossible dates
/// (31.02.2026) are not dates; overlapping readings keep the first pattern's.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut spans: Vec<(usize, usize, NaiveDate)> = Vec::new();
    for pattern in PATTERNS.iter() {
        for captures in pattern.regex.captures_iter(text) {
            let whole = captures.get(0).expect("group 0 always matches");
            let overlaps = spans
                .iter()
                .any(|&(s, e, _)| whole.start() < e && s < whole.end());
            if overlaps || !stands_alone(text, whole.start(), whole.end()) {
                continue;
            }
            if let Some(date) = (pattern.parse)(&captures) {
                spans.push((whole.start(), whole.end(), date));
            }
        }
    }
    spans.sort_by_key(|&(start, ..)| start);
    let mut previous_end = 0;
    let mut found: Vec<FoundDate> = spans
        .iter()
        .map(|&(start, end, date)| {
            let cue = cue_for(text, previous_end, start, end);
            previous_end = end;
            FoundDate {
                date,
                cue,
                text: text[start..end].to_string(),
            }
        })
        .collect();
    // «от 28.10.2026 до 31.05.2027»: «от», the nearest word, starts a range
    // when an end follows (alone it dates a letter: «Исх. № 12 от …»).
    for i in 1..found.len() {
        if found[i].cue == Some(Cue::End)
            && lowered(text[..spans[i - 1].0].trim_end()).ends_with(" от")
        {
            found[i - 1].cue = Some(Cue::Start);
        }
    }
    for (i, pair) in spans.windows(2).enumerate() {
        let between = past_year_word(text[pair[0].1..pair[1].0].trim()).trim_end();
        if RANGE_DASHES.contains(&between) && pair[0].2 < pair[1].2 {
            found[i].cue = Some(Cue::Start);
            found[i + 1].cue = Some(Cue::End);
        }
    }
    found
}

/// What joins the two ends of a range written `02.11.2026 – 29.10.2027`:
/// whatever a cue before the pair says, the first is its start.
const RANGE_DASHES: &[&str] = &["-", "–", "—", "−"];
/// Words that follow a year: «2026 г.», «2026 года».
const YEAR_WORDS: &[&str] = &["года", "г.", "г", "жылы", "ж.", "ж"];

/// `text` past a leading word for the year, if any, and the spaces after.
fn past_year_word(text: &str) -> &str {
    YEAR_WORDS
        .iter()
        .find_map(|word| text.strip_prefix(word))
        .unwrap_or(text)
        .trim_start()
}

/// A date glued to more digits (`101.12.2026`, a reference `12.05.2026.1`) is
/// part of a number, not a date.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let glued_after = matches!(after.next(), Some('.' | '/' | '-'))
        && after.next().is_some_and(|c| c.is_ascii_digit());
    !before.is_some_and(|c| c.is_ascii_digit()) && !glued_after
}

/// The cue nearest the date: a postposition right after it, else the last
/// cue word in the stretch since the previous date (at most [`CUE_WINDOW`]
/// characters back). That stretch is the date's own line, or, when the date
/// opens its line, the line above it: forms print a label over its value.
fn cue_for(text: &str, previous_end: usize, start: usize, end: usize) -> Option<Cue> {
    let after: String = text[end..]
        .chars()
        .take(24)
        .collect::<String>()
        .to_lowercase();
    // Past a Kazakh case ending glued to the month (`желтоқсаннан`), if any;
    // then past a word for the year too (`2026 ж. бастап`, `2026 г. по`).
    let after = after.trim_start_matches(char::is_alphabetic).trim_start();
    let past_year = past_year_word(after);
    if let Some(&(_, cue)) = CUES_AFTER
        .iter()
        .find(|(stem, _)| after.starts_with(stem) || past_year.starts_with(stem))
    {
        return Some(cue);
    }
    let stretch = &text[previous_end..start];
    let mut lines = stretch.rsplit('\n');
    let own_line = lines.next().unwrap_or_default();
    if let Some(cue) = last_cue(own_line) {
        return Some(cue);
    }
    let starts_line = !own_line.chars().any(char::is_alphabetic);
    let in_column = own_line.ends_with(COLUMN_GAP);
    if !(starts_line || in_column) {
        return None;
    }
    let above = lines.find(|line| !line.trim().is_empty())?;
    if above.contains(COLUMN_GAP) {
        // A table: the label stands on the line above, over the date's column.
        column_cue(above, own_line.chars().count())
    } else {
        // A paragraph wrapped just before the date, or a label above it.
        last_cue(above)
    }
}

/// Spaces that set table columns apart in a text layer.
const COLUMN_GAP: &str = "   ";

/// The cue nearest the end of `context`, within [`CUE_WINDOW`] characters.
fn last_cue(context: &str) -> Option<Cue> {
    let skip = context.chars().count().saturating_sub(CUE_WINDOW);
    let context = lowered(&context.chars().skip(skip).collect::<String>());
    CUES_BEFORE
        .iter()
        .filter_map(|&(stem, cue)| last_word_match(&context, stem).map(|at| (at, stem.len(), cue)))
        .max_by_key(|&(at, len, _)| (at, len))
        .map(|(_, _, cue)| cue)
}

/// The cue of a label line that stands over `column` (in characters): the
/// last one starting at or before it, a few characters' slack allowed, else
/// the first. A two-column row «Гражданство / Nationality     Дата рождения
/// / Date of birth» over «РОССИЙСКАЯ ФЕДЕРАЦИЯ     15.04.1990» gives the
/// date its birth.
fn column_cue(line: &str, column: usize) -> Option<Cue> {
    const SLACK: usize = 8;
    let lower = lowered(line);
    let mut cues: Vec<(usize, usize, Cue)> = Vec::new();
    for &(stem, cue) in CUES_BEFORE {
        for at in word_matches(&lower, stem) {
            cues.push((lower[..at].chars().count(), stem.len(), cue));
        }
    }
    // Reversed below: at one place, the longest cue first.
    cues.sort_by_key(|&(at, len, _)| (at, len));
    cues.iter()
        .rev()
        .find(|&&(at, _, _)| at <= column + SLACK)
        .or(cues.first())
        .map(|&(_, _, cue)| cue)
}

fn lowered(text: &str) -> String {
    text.to_lowercase().replace('ё', "е")
}

fn last_word_match(haystack: &str, stem: &str) -> Option<usize> {
    word_matches(haystack, stem).last()
}

/// Where `stem` begins a word of `haystack` (and, when it is one or two
/// letters, ends it).
fn word_matches<'a>(haystack: &'a str, stem: &'a str) -> impl Iterator<Item = usize> + 'a {
    haystack
        .match_indices(stem)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before_ok = !haystack[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
            // A one- or two-letter cue (`с`, `по`, `to`) must be a whole word.
            let after_ok = stem.chars().count() > 2
                || !haystack[at + stem.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
            before_ok && after_ok
        })
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    MONTHS
        .iter()
        .filter(|(name, _)| word.starts_with(name))
        .max_by_key(|(name, _)| name.len())
        .filter(|(name, _)| name.chars().count() >= 3)
        .map(|&(_, number)| number)
}

/// Russian ordinal stems, the longer first where one begins another.
const ORDINALS: &[(&str, u32)] = &[
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
    ("двадцат", 20),
    ("тридцат", 30),
    ("сороков", 40),
    ("перв", 1),
    ("втор", 2),
    ("трет", 3),
    ("четверт", 4),
    ("пят", 5),
    ("шест", 6),
    ("седьм", 7),
    ("восьм", 8),
    ("девят", 9),
    ("десят", 10),
];

/// An ordinal word in any case form: «шестого», «первое», «двадцатого».
fn ordinal(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    ORDINALS
        .iter()
        .find(|(stem, _)| word.starts_with(stem))
        .map(|&(_, value)| value)
}

/// The tens word before an ordinal («двадцать шестого»), if any.
fn tens(word: Option<regex::Match>) -> u32 {
    match word.map(|w| w.as_str().to_lowercase()).as_deref() {
        Some("двадцать") => 20,
        Some("тридцать") => 30,
        Some("сорок") => 40,
        _ => 0,
    }
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Two-digit years: 00-49 are this century, 50-99 the last. A document's
/// dates are births (decades back) or terms (a few years ahead).
fn expand_year(year: &str) -> Option<i32> {
    let value: i32 = year.parse().ok()?;
    Some(match year.len() {
        2 if value < 50 => 2000 + value,
        2 => 1900 + value,
        _ => value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dates(text: &str) -> Vec<(NaiveDate, Option<Cue>)> {
        find_dates(text)
            .into_iter()
            .map(|f| (f.date, f.cue))
            .collect()
    }

    #[test]
    fn numeric_and_iso_forms() {
        let expected = date(2026, 12, 1);
        for text in [
            "01.12.2026",
            "01.12.2026 г.",
            "01/12/2026",
            "1.12.26",
            "2026-12-01",
            "01: 12.2026",
            "01,12. 2026",
        ] {
            assert_eq!(dates(text), [(expected, None)], "{text}");
        }
    }

    #[test]
    fn number_lists_are_not_dates() {
        assert_eq!(dates("пункты 3, 4, 15 и 12, 06, 27"), []);
    }

    #[test]
    fn russian_words() {
        for text in [
            "«01» декабря 2026 г.",
            "1 декабря 2026 года",
            "01 декабря 2026г.",
        ] {
            assert_eq!(dates(text), [(date(2026, 12, 1), None)], "{text}");
        }
        assert_eq!(dates("«5» Мая 2027 г.")[0].0, date(2027, 5, 5));
    }

    #[test]
    fn kazakh_words_with_case_endings() {
        assert_eq!(dates("2026 жылғы 1 желтоқсан"), [(date(2026, 12, 1), None)]);
        assert_eq!(
            dates("2026 ж. 1 желтоқсаннан бастап"),
            [(date(2026, 12, 1), Some(Cue::Start))]
        );
        assert_eq!(
            dates("2027 жылғы 30 қарашаға дейін"),
            [(date(2027, 11, 30), Some(Cue::End))]
        );
        assert_eq!(
            dates("1990 жылғы 15 сәуірде туған"),
            [(date(1990, 4, 15), Some(Cue::Birth))]
        );
        assert_eq!(dates("15.04.1990 года рождения")[0].1, Some(Cue::Birth));
        assert_eq!(dates("15.04.1990 г.р., паспорт")[0].1, Some(Cue::Birth));
        assert_eq!(dates("01.12.2026 Работник")[0].1, None);
    }

    #[test]
    fn english_words() {
        for text in [
            "1 December 2026",
            "December 1, 2026",
            "01 DEC 2026",
            "1 Dec. 2026",
        ] {
            assert_eq!(dates(text), [(date(2026, 12, 1), None)], "{text}");
        }
    }

    #[test]
    fn passport_dates_with_two_digit_years() {
        assert_eq!(
            dates("Date of birth 12 AUG 74")[0],
            (date(1974, 8, 12), Some(Cue::Birth))
        );
        assert_eq!(
            dates("Date of expiry 15 APR/АПР 30")[0],
            (date(2030, 4, 15), Some(Cue::Expiry))
        );
        // A year's two digits follow a month only in capitals: prose numbers
        // after a month name are not years.
        assert!(dates("с 1 декабря 10 дней").is_empty());
        assert!(dates("12 FOO 74").is_empty());
    }

    #[test]
    fn bilingual_passport_months() {
        assert_eq!(
            dates("Дата рождения / Date of birth\n12 АВГ/AUG 1974")[0].0,
            date(1974, 8, 12)
        );
        assert_eq!(
            dates("Date of birth 12 АВГ/AUG 1974")[0],
            (date(1974, 8, 12), Some(Cue::Birth))
        );
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert!(dates("31.02.2026").is_empty());
        assert!(dates("30 февраля 2026 г.").is_empty());
        assert!(dates("00.13.2026").is_empty());
        assert!(dates("2026-02-30").is_empty());
    }

    #[test]
    fn numbers_that_merely_look_like_dates_are_skipped() {
        assert!(dates("тел. 101.12.2026").is_empty());
        assert!(dates("рег. № 12.05.2026.17").is_empty());
        assert!(dates("15 машин 2026").is_empty());
    }

    #[test]
    fn other_wordings_of_a_term() {
        let found = dates(
            "приступает к оказанию Услуг 02.11.2026 г. и обязуется завершить их не позднее 29.10.2027 г.",
        );
        assert_eq!(found[0].1, Some(Cue::Start));
        assert_eq!(found[1].1, Some(Cue::End));
        let found = dates(
            "The Employee shall commence work on 2 November 2026 and the Contract shall expire on 29 October 2027",
        );
        assert_eq!(found[0].1, Some(Cue::Start));
        assert_eq!(found[1].1, Some(Cue::End));
    }

    #[test]
    fn cues_give_start_and_end() {
        let found = dates("Договор заключен на срок с 01.12.2026 по 30.11.2027.");
        assert_eq!(
            found,
            [
                (date(2026, 12, 1), Some(Cue::Start)),
                (date(2027, 11, 30), Some(Cue::End))
            ]
        );
        let found = dates("valid from 1 December 2026 until 30 November 2027");
        assert_eq!(
            found,
            [
                (date(2026, 12, 1), Some(Cue::Start)),
                (date(2027, 11, 30), Some(Cue::End))
            ]
        );
    }

    #[test]
    fn cues_do_not_reach_across_lines_or_words() {
        // «с» inside «срок» is no cue; a label line above counts only for a
        // date that opens its line.
        assert_eq!(dates("Дата рождения\n\n01.01.1990")[0].1, Some(Cue::Birth));
        assert_eq!(dates("Место рождения: Москва\nДата: 01.01.2026")[0].1, None);
        assert_eq!(dates("срок 01.12.2026")[0].1, None);
        assert_eq!(dates("Дата выдачи: 16.04.2017")[0].1, Some(Cue::Issue));
        assert_eq!(
            dates("Дата окончания срока действия 15.04.2032")[0].1,
            Some(Cue::Expiry)
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "«» 2026",
            "31.",
            "ж. 1 ж.",
            "9999-99-99",
            "1.1.1 1 1",
            "ąčę 12.12.12.12",
        ] {
            let _ = find_dates(text);
        }
    }

    #[test]
    fn every_written_form_of_a_term() {
        let (start, end) = (
            NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            NaiveDate::from_ymd_opt(2027, 10, 29).unwrap(),
        );
        let forms = [
            ("02.11.2026", "29.10.2027"),
            ("02.11.2026 г.", "29.10.2027 г."),
            ("2.11.26", "29.10.27"),
            ("02/11/2026", "29/10/2027"),
            ("2026-11-02", "2027-10-29"),
            ("«02» ноября 2026 г.", "«29» октября 2027 г."),
            ("2 ноября 2026 года", "29 октября 2027 года"),
            ("2 November 2026", "29 October 2027"),
            ("November 2, 2026", "October 29, 2027"),
            ("02 NOV 2026", "29 OCT 2027"),
        ];
        for (from, to) in forms {
            for text in [
                format!("Договор заключен на срок с {from} по {to}."),
                format!("Срок действия: {from} – {to}"),
                format!("на период {from} - {to}"),
                format!("valid from {from} through {to}"),
            ] {
                assert_eq!(
                    dates(&text),
                    [(start, Some(Cue::Start)), (end, Some(Cue::End))],
                    "{text}"
                );
            }
        }
        let words = "с второго ноября две тысячи двадцать шестого года по двадцать девятое октября две тысячи двадцать седьмого года";
        assert_eq!(
            dates(words),
            [(start, Some(Cue::Start)), (end, Some(Cue::End))]
        );
        let table = "Гражданство / Nationality       Дата рождения / Date of birth\nРОССИЙСКАЯ ФЕДЕРАЦИЯ / RUSSIAN FEDERATION       15.04.1990\nДата окончания срока действия / Date of expiry       Подпись владельца / Holder's signature\n20.05.2031       ____________";
        assert_eq!(
            dates(table),
            [
                (
                    NaiveDate::from_ymd_opt(1990, 4, 15).unwrap(),
                    Some(Cue::Birth)
                ),
                (
                    NaiveDate::from_ymd_opt(2031, 5, 20).unwrap(),
                    Some(Cue::Expiry)
                ),
            ]
        );
        let ot = "Срок действия согласия: от 02.11.2026 г. до 29.10.2027 г.";
        assert_eq!(
            dates(ot),
            [(start, Some(Cue::Start)), (end, Some(Cue::End))]
        );
        let words = "Датой начала работы стороны установили 2 ноября 2026 года";
        assert_eq!(dates(words), [(start, Some(Cue::Start))]);
        let en = "for the period from 02/11/2026 to 29/10/2027. I may withdraw";
        assert_eq!(
            dates(en),
            [(start, Some(Cue::Start)), (end, Some(Cue::End))]
        );
        let kk = "Шарт 02.11.2026 ж. бастап 29.10.2027 ж. дейін жасалды";
        assert_eq!(
            dates(kk),
            [(start, Some(Cue::Start)), (end, Some(Cue::End))]
        );
        let kk = "2026 жылғы 2 қарашадан бастап 2027 жылғы 29 қазанға дейін";
        assert_eq!(
            dates(kk),
            [(start, Some(Cue::Start)), (end, Some(Cue::End))]
        );
    }
}
