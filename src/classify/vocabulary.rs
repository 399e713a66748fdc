//! Every phrase the reading stages look for, in one data file
//! (`vocabulary.tsv`: use, language, weight, phrase), and the matcher that
//! finds them in OCR'd text however the document words them.
//!
//! A phrase is a list of word stems. It matches where every stem begins a
//! word, in any order, within a window a few words wider than the phrase:
//! «внесены в единую систему учёта трудовых договоров» and «в Единой
//! системе учета трудовых договоров зарегистрирован» both hold the stems
//! `един систем учет трудов договор`. Before matching, text and phrases are
//! normalised alike: lower case, `ё` as `е`, Latin look-alikes inside
//! Cyrillic words put back, Kazakh letters folded into the Russian letters
//! OCR confuses them with, and words hyphenated across a line joined.

use std::sync::LazyLock;

use super::{DocumentKind, Language};

/// A fact a field reader looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// A labour contract entered in the unified register (ЕСУТД).
    Registered,
    /// A civil-law contract for works or services.
    CivilLaw,
    /// A contract without an end date.
    Indefinite,
    /// A notary's certification.
    Notarised,
    /// A permit shortened on cancellation.
    Shortened,
    /// A permit cancelled.
    Cancelled,
    /// Words only a Russian internal passport prints.
    InternalPassport,
    /// The head of a list of enclosures.
    Enclosures,
}

/// What an entry is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A document of this kind (scored by weight).
    Kind(DocumentKind),
    /// A fact a field reader needs.
    Fact(Fact),
    /// A whole word, lower case, frequent in this language and rare in
    /// Russian and Kazakh.
    Word(Language),
    /// A letter of this language's alphabet that Russian and Kazakh lack.
    Letter(Language),
}

/// One row of the vocabulary.
#[derive(Debug, Clone)]
pub struct Entry {
    pub use_: Use,
    /// The language the phrase is written in (ISO 639-1).
    pub language: &'static str,
    pub weight: u32,
    /// As the data file writes it: the stems, lower case, space-separated.
    pub phrase: &'static str,
    stems: Vec<String>,
}

impl Entry {
    /// How many stems the phrase has.
    pub fn stem_count(&self) -> usize {
        self.stems.len()
    }
}

static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    include_str!("vocabulary.tsv")
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(number, line)| {
            parse_row(line).unwrap_or_else(|| panic!("vocabulary.tsv:{}: {line}", number + 1))
        })
        .collect()
});

/// Every row of the vocabulary.
pub fn entries() -> &'static [Entry] {
    &ENTRIES
}

/// The rows of one use.
pub fn of(use_: Use) -> impl Iterator<Item = &'static Entry> {
    entries().iter().filter(move |entry| entry.use_ == use_)
}

fn parse_row(line: &'static str) -> Option<Entry> {
    let mut columns = line.split('\t');
    let (use_, language, weight, phrase) = (
        columns.next()?,
        columns.next()?,
        columns.next()?,
        columns.next()?,
    );
    if columns.next().is_some() {
        return None;
    }
    let use_ = match use_ {
        "word" => Use::Word(Language::from_code(language)?),
        "letter" => Use::Letter(Language::from_code(language)?),
        other => DocumentKind::from_name(other)
            .map(Use::Kind)
            .or_else(|| fact(other).map(Use::Fact))?,
    };
    Some(Entry {
        use_,
        language,
        weight: weight.parse().ok()?,
        phrase,
        stems: phrase.split(' ').map(fold).collect(),
    })
}

fn fact(name: &str) -> Option<Fact> {
    Some(match name {
        "registered" => Fact::Registered,
        "civil_law" => Fact::CivilLaw,
        "indefinite" => Fact::Indefinite,
        "notarised" => Fact::Notarised,
        "shortened" => Fact::Shortened,
        "cancelled" => Fact::Cancelled,
        "internal_passport" => Fact::InternalPassport,
        "enclosures" => Fact::Enclosures,
        _ => return None,
    })
}

/// Words between a phrase's stems that a match allows: «просим Вас
/// рассмотреть вопрос о выдаче разрешения» still asks for a permit, a whole
/// sentence does not.
const SLACK: usize = 3;

/// A line this many words long or shorter is a unit of its own (a title,
/// a label, a table cell): a phrase does not run from it into a next line
/// that starts with a capital (a line in lower case goes on from it:
/// «СПРАВКА / с места работы»).
const SHORT_LINE: usize = 8;

/// The shortest stem, and the shortest word counted.
const MIN_STEM: usize = 3;

/// A text split into normalised words, each with where it stands.
pub struct Text<'a> {
    raw: &'a str,
    words: Vec<Word>,
}

#[derive(Debug)]
struct Word {
    key: String,
    start: usize,
    end: usize,
    /// Which sentence it stands in: a phrase does not run across a full
    /// stop («…рұқсат беруіңізді сұрайды. Шетелдік туралы…» is no «рұқсат
    /// беру туралы»).
    sentence: usize,
}

/// Where a phrase matched: byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl<'a> Text<'a> {
    pub fn new(raw: &'a str) -> Text<'a> {
        let cyrillic_text = is_mostly_cyrillic(raw);
        let mut words: Vec<Word> = Vec::new();
        let mut sentence = 0;
        for (start, piece) in word_pieces(raw) {
            let key = fold(&fix_lookalikes(piece, cyrillic_text));
            let end = start + piece.len();
            if let Some(last) = words.last_mut() {
                let between = &raw[last.end..start];
                if hyphenated(between) {
                    last.key.push_str(&key);
                    last.end = end;
                    continue;
                }
                let ends_short_line = between.contains('\n')
                    && piece.chars().next().is_some_and(char::is_uppercase)
                    && {
                        let line_start = raw[..last.end].rfind('\n').map_or(0, |at| at + 1);
                        raw[line_start..last.end].split_whitespace().count() <= SHORT_LINE
                    };
                sentence += usize::from(ends_sentence(between, piece) || ends_short_line);
            }
            words.push(Word {
                key,
                start,
                end,
                sentence,
            });
        }
        // Stems are three letters or more: shorter words (prepositions,
        // numbers) would only widen the window.
        words.retain(|word| word.key.chars().count() >= MIN_STEM);
        Text { raw, words }
    }

    /// The first place where every stem of `entry` begins a word within a
    /// short window.
    pub fn find(&self, entry: &Entry) -> Option<Span> {
        self.find_all(entry).next()
    }

    /// Every place where `entry` matches, one for each word it can start at.
    pub fn find_all<'e>(&'e self, entry: &'e Entry) -> impl Iterator<Item = Span> + 'e {
        (0..self.words.len()).filter_map(|first| self.match_at(&entry.stems, first))
    }

    /// Whether any entry of `use_` matches.
    pub fn has(&self, use_: Use) -> bool {
        of(use_).any(|entry| self.find(entry).is_some())
    }

    /// Where the line a span starts on begins.
    pub fn line_start(&self, span: Span) -> usize {
        self.raw[..span.start].rfind('\n').map_or(0, |at| at + 1)
    }

    /// The line a span starts on, with the non-empty lines before and
    /// after it, as written.
    pub fn lines_at(&self, span: Span) -> (&'a str, &'a str, &'a str) {
        let start = self.line_start(span);
        let end = self.raw[span.start..]
            .find('\n')
            .map_or(self.raw.len(), |at| span.start + at);
        let nonempty = |line: &&str| !line.trim().is_empty();
        let previous = self.raw[..start]
            .lines()
            .rev()
            .find(nonempty)
            .unwrap_or_default();
        let next = self.raw[end..].lines().find(nonempty).unwrap_or_default();
        (previous, &self.raw[start..end], next)
    }

    /// The text a span covers, on one line.
    pub fn quote(&self, span: Span) -> String {
        self.raw[span.start..span.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A match of `stems` in the window that starts at word `first`, which
    /// one of them must begin.
    fn match_at(&self, stems: &[String], first: usize) -> Option<Span> {
        if !stems
            .iter()
            .any(|stem| self.words[first].key.starts_with(stem.as_str()))
        {
            return None;
        }
        let width = stems.len() + SLACK;
        let sentence = self.words[first].sentence;
        let window: Vec<&Word> = self.words[first..(first + width).min(self.words.len())]
            .iter()
            .take_while(|word| word.sentence == sentence)
            .collect();
        let mut used = vec![false; window.len()];
        for stem in stems {
            let at = (0..window.len())
                .find(|&i| !used[i] && window[i].key.starts_with(stem.as_str()))?;
            used[at] = true;
        }
        let last = used.iter().rposition(|&u| u)?;
        Some(Span {
            start: window[0].start,
            end: window[last].end,
        })
    }
}

/// Runs of letters and digits, with their byte offsets.
fn word_pieces(raw: &str) -> impl Iterator<Item = (usize, &str)> {
    raw.split(|c: char| !c.is_alphanumeric())
        .filter(|piece| !piece.is_empty())
        .map(move |piece| (piece.as_ptr() as usize - raw.as_ptr() as usize, piece))
}

/// Whether what stands between two words ends a sentence: a full stop,
/// question or exclamation mark, then a capital.
fn ends_sentence(between: &str, next: &str) -> bool {
    between.contains(['.', '!', '?'])
        && between.ends_with(char::is_whitespace)
        && next.chars().next().is_some_and(char::is_uppercase)
}

/// Whether what stands between two words is a hyphen at a line's end
/// (`заре-\nгистрирован`), or a soft hyphen.
fn hyphenated(between: &str) -> bool {
    let between = between.trim_matches(|c: char| c == ' ' || c == '\t');
    between == "\u{ad}"
        || matches!(between.strip_prefix(['-', '\u{ad}', '¬']), Some(rest) if rest.trim().is_empty() && rest.contains('\n'))
}

/// Lower case, `ё` as `е`, and the letters of Kazakh (and of the other
/// Cyrillic alphabets) as the Russian letters OCR takes them for: the
/// `rus` and `kaz` models disagree on `қ`/`к`, `ү`/`у`, `і`/`i`.
pub fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ё' => 'е',
            'ә' => 'а',
            'ғ' | 'ґ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' | 'ў' => 'у',
            'һ' | 'ҳ' => 'х',
            'і' | 'ї' | 'i' => 'и',
            'є' => 'е',
            other => other,
        })
        .collect()
}

/// Lower case, `ё` as `е`, one space for any run of white space, and Latin
/// look-alikes inside Cyrillic words put back: OCR with three models reads
/// `ОТВЕТСТВЕННОСТЬ` as `OTBETCTBEHHOCTb`.
pub fn normalise(text: &str) -> String {
    let cyrillic_text = is_mostly_cyrillic(text);
    let words: Vec<String> = text
        .split_whitespace()
        .map(|word| fix_lookalikes(word, cyrillic_text))
        .collect();
    words.join(" ").to_lowercase().replace('ё', "е")
}

/// Latin letters that OCR confuses with Cyrillic ones, and their Cyrillic twin.
const LOOKALIKES: &[(char, char)] = &[
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('b', 'ь'),
];

/// The Latin letter a Cyrillic one looks like (`А` → `A`), or the letter
/// itself: Latin words OCR'd by the Cyrillic models come out in look-alikes.
pub fn latin_twin(c: char) -> char {
    LOOKALIKES
        .iter()
        .find(|&&(_, cyrillic)| cyrillic == c)
        .map_or(c, |&(latin, _)| latin)
}

fn fix_lookalikes(word: &str, cyrillic_text: bool) -> String {
    let has_cyrillic = word.chars().any(is_cyrillic);
    let letters = || word.chars().filter(|c| c.is_alphabetic());
    let all_lookalike = letters().count() >= 3
        && letters().all(|c| LOOKALIKES.iter().any(|&(latin, _)| latin == c));
    if !(has_cyrillic || (cyrillic_text && all_lookalike)) {
        return word.to_string();
    }
    word.chars()
        .map(|c| {
            LOOKALIKES
                .iter()
                .find(|&&(latin, _)| latin == c)
                .map_or(c, |&(_, cyrillic)| cyrillic)
        })
        .collect()
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

fn is_mostly_cyrillic(text: &str) -> bool {
    let (cyrillic, latin) = text.chars().fold((0usize, 0usize), |(cyr, lat), c| {
        if is_cyrillic(c) {
            (cyr + 1, lat)
        } else if c.is_ascii_alphabetic() {
            (cyr, lat + 1)
        } else {
            (cyr, lat)
        }
    });
    cyrillic > 0 && cyrillic * 10 >= (cyrillic + latin) * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_parses_and_is_normalised() {
        assert!(entries().len() > 100);
        for entry in entries() {
            match entry.use_ {
                Use::Kind(_) | Use::Fact(_) => {
                    assert_eq!(entry.phrase, normalise(entry.phrase));
                    for stem in &entry.stems {
                        assert!(
                            stem.chars().all(char::is_alphanumeric)
                                && stem.chars().count() >= MIN_STEM,
                            "«{}»: a stem is three letters or more",
                            entry.phrase
                        );
                    }
                }
                Use::Word(_) => assert_eq!(entry.phrase, entry.phrase.to_lowercase()),
                Use::Letter(_) => assert_eq!(entry.phrase.chars().count(), 1),
            }
        }
    }

    fn entry(phrase: &'static str) -> Entry {
        parse_row(Box::leak(
            format!("registered\tru\t1\t{phrase}").into_boxed_str(),
        ))
        .unwrap()
    }

    #[test]
    fn stems_match_any_word_form_in_any_order_nearby() {
        let register = entry("един систем учет трудов договор");
        for text in [
            "Сведения о договоре внесены в единую систему учёта трудовых договоров (ЕСУТД)",
            "зарегистрирован работодателем в Единой системе учета трудовых договоров",
            "Работодатель обязан в течение пяти рабочих дней зарегистрировать договор в Единой системе\nучета трудовых договоров и сообщить об этом Работнику в письменной форме, до-\nговор считается",
        ] {
            assert!(Text::new(text).find(&register).is_some(), "{text}");
        }
        let far = "единая форма; система оплаты; учет рабочего времени в течение срока трудового договора";
        assert_eq!(Text::new(far).find(&register), None);
    }

    #[test]
    fn kazakh_letters_and_latin_lookalikes_fold() {
        let contract = entry("еңбек шарт");
        assert!(Text::new("ЕҢБЕК ШАРТЫ").find(&contract).is_some());
        assert!(Text::new("EНБEK ШАРТЫ").find(&contract).is_some());
        let text = Text::new("Договор ЗАРЕГИСТРИРОВАН в ЕСУТД-2026-118832");
        let span = text.find(&entry("есутд")).unwrap();
        assert_eq!(text.quote(span), "ЕСУТД");
    }

    #[test]
    fn latin_lookalikes_in_cyrillic_text_are_put_back() {
        assert_eq!(normalise("ТРУДОВОЙ ДOГOBOP"), "трудовой договор");
        assert_eq!(
            normalise("Работник несет OTBETCTBEHHOCTb"),
            "работник несет ответственность"
        );
        assert_eq!(normalise("The COMMON market"), "the common market");
    }
}
