//! Which language a document is written in, and how sure that is.
//!
//! The question that matters is whether it is Russian or Kazakh (no
//! translation needed) or anything else (a translation needed). Scripts of
//! their own (Chinese, Korean, Hindi, Armenian, Georgian…) answer it at
//! once, and so does a text in Latin letters alone. Cyrillic text is
//! judged by its words: the share that the Russian or the Kazakh
//! dictionary knows ([`Lexicon`]), since OCR with the `rus+kaz` models
//! writes Ukrainian, Uzbek, Kyrgyz or Tajik in Russian and Kazakh letters.
//! Which foreign language it is comes from its own letters and frequent
//! words (the vocabulary's `word` and `letter` rows), then `whatlang`'s
//! trigram models.

use serde::Serialize;

use super::lexicon::{Lexicon, LexiconError};
use super::vocabulary::{self, Use, is_cyrillic};
use crate::two_places;

/// A language as the report writes it: ISO 639-1, with the script where a
/// language is written in two (BCP 47).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Ru,
    Kk,
    Uk,
    Be,
    UzCyrl,
    UzLatn,
    Ky,
    Tg,
    Tk,
    Az,
    Mn,
    Bg,
    Sr,
    Hy,
    Ka,
    Zh,
    Ja,
    Ko,
    Hi,
    Ar,
    He,
    El,
    Tr,
    En,
    De,
    Fr,
    Es,
    It,
    Pl,
    /// Not Russian nor Kazakh, but not told which (ISO 639-2 `und`).
    Undetermined,
}

/// Each language's code and English name.
const CODES: &[(Language, &str, &str)] = &[
    (Language::Ru, "ru", "Russian"),
    (Language::Kk, "kk", "Kazakh"),
    (Language::Uk, "uk", "Ukrainian"),
    (Language::Be, "be", "Belarusian"),
    (Language::UzCyrl, "uz-Cyrl", "Uzbek (Cyrillic)"),
    (Language::UzLatn, "uz-Latn", "Uzbek (Latin)"),
    (Language::Ky, "ky", "Kyrgyz"),
    (Language::Tg, "tg", "Tajik"),
    (Language::Tk, "tk", "Turkmen"),
    (Language::Az, "az", "Azerbaijani"),
    (Language::Mn, "mn", "Mongolian"),
    (Language::Bg, "bg", "Bulgarian"),
    (Language::Sr, "sr", "Serbian"),
    (Language::Hy, "hy", "Armenian"),
    (Language::Ka, "ka", "Georgian"),
    (Language::Zh, "zh", "Chinese"),
    (Language::Ja, "ja", "Japanese"),
    (Language::Ko, "ko", "Korean"),
    (Language::Hi, "hi", "Hindi"),
    (Language::Ar, "ar", "Arabic"),
    (Language::He, "he", "Hebrew"),
    (Language::El, "el", "Greek"),
    (Language::Tr, "tr", "Turkish"),
    (Language::En, "en", "English"),
    (Language::De, "de", "German"),
    (Language::Fr, "fr", "French"),
    (Language::Es, "es", "Spanish"),
    (Language::It, "it", "Italian"),
    (Language::Pl, "pl", "Polish"),
    (
        Language::Undetermined,
        "und",
        "a language other than Russian or Kazakh",
    ),
];

impl Language {
    /// Russian and Kazakh documents need no translation (the state language
    /// and the official one).
    pub fn is_accepted(self) -> bool {
        matches!(self, Language::Ru | Language::Kk)
    }

    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// Its English name, for messages.
    pub fn name(self) -> &'static str {
        self.row().2
    }

    pub fn from_code(code: &str) -> Option<Language> {
        CODES
            .iter()
            .find(|&&(_, known, _)| known == code)
            .map(|&(language, _, _)| language)
    }

    fn row(self) -> &'static (Language, &'static str, &'static str) {
        CODES
            .iter()
            .find(|&&(language, _, _)| language == self)
            .expect("every language has a row")
    }
}

impl Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// A document's language and how sure that is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Identified {
    pub language: Language,
    /// 0..1: the share of the evidence that says whether the text is
    /// Russian or Kazakh: of a Cyrillic text's words, those the dictionaries
    /// know (for Russian or Kazakh) or do not know (for anything else); of
    /// any other text, its letters outside Cyrillic.
    pub confidence: f32,
}

/// Fewer letters than this say nothing of a language.
const MIN_LETTERS: usize = 20;
/// A text at least this share Cyrillic is judged by its Cyrillic words:
/// Russian passports and bilingual contracts carry much Latin.
const CYRILLIC_SHARE: f32 = 0.3;
/// Fewer Cyrillic words than this, and the dictionaries cannot judge: a
/// passport's few labels, a stamp on a scan whose own script OCR could not
/// read. Such a text's language is not told.
const MIN_WORDS: usize = 5;
/// Fewer different words of three letters or more than this, and a text
/// in another script says nothing of its language: whatlang calls a
/// million «A»s Spanish. A stamp's three words still count.
const MIN_LATIN_WORDS: usize = 3;
/// The share of known words that makes a text Russian or Kazakh. Measured
/// on hand-written samples: Russian 0.96, Kazakh 0.91; Kyrgyz 0.26,
/// Ukrainian 0.21, Tajik 0.19, Uzbek 0.06, Belarusian and Mongolian 0.06.
const KNOWN_SHARE: f32 = 0.5;
/// A foreign language's own letters and words must score this much to name
/// it; less, and `whatlang` is asked.
const MARKER_SCORE: u32 = 3;

/// Identifies the language of a text; `None` when it has too few letters,
/// or too few Cyrillic words to judge a mostly Cyrillic one.
pub fn identify(text: &str) -> Result<Option<Identified>, LexiconError> {
    let scripts = Scripts::count(text);
    if scripts.letters < MIN_LETTERS {
        return Ok(None);
    }
    let not_cyrillic = two_places(1.0 - scripts.cyrillic as f32 / scripts.letters as f32);
    if let Some((language, letters)) = scripts.own_script()
        && letters as f32 >= scripts.letters as f32 * CYRILLIC_SHARE
    {
        return Ok(Some(Identified {
            language,
            confidence: not_cyrillic,
        }));
    }
    if scripts.cyrillic as f32 >= scripts.letters as f32 * CYRILLIC_SHARE {
        return cyrillic(text);
    }
    let words: std::collections::HashSet<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| word.chars().count() >= 3)
        .collect();
    if words.len() < MIN_LATIN_WORDS {
        return Ok(None);
    }
    Ok(Some(Identified {
        language: named_foreign(text, Script::Latin),
        confidence: not_cyrillic,
    }))
}

/// A mostly Cyrillic text: Russian or Kazakh when most of its words are
/// theirs.
fn cyrillic(text: &str) -> Result<Option<Identified>, LexiconError> {
    let lexicon = Lexicon::get()?;
    let normal = vocabulary::normalise(text);
    let words: Vec<&str> = normal
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| word.chars().count() >= 3 && word.chars().all(is_cyrillic))
        .collect();
    if words.len() < MIN_WORDS {
        return Ok(None);
    }
    let (mut russian, mut kazakh, mut known) = (0usize, 0usize, 0usize);
    for word in &words {
        let knows = lexicon.knows(word);
        russian += usize::from(knows.russian && !knows.kazakh);
        kazakh += usize::from(knows.kazakh && !knows.russian);
        known += usize::from(knows.russian || knows.kazakh);
    }
    let accepted = if kazakh > russian {
        Language::Kk
    } else {
        Language::Ru
    };
    let share = known as f32 / words.len() as f32;
    Ok(Some(if share >= KNOWN_SHARE {
        Identified {
            language: accepted,
            confidence: two_places(share),
        }
    } else {
        Identified {
            language: named_foreign(text, Script::Cyrillic),
            confidence: two_places(1.0 - share),
        }
    }))
}

/// Which foreign language a text is in: the one whose own letters and
/// frequent words it holds most, else `whatlang`'s guess among the
/// languages of its script, else undetermined.
fn named_foreign(text: &str, script: Script) -> Language {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).collect();
    let mut scores: Vec<(Language, u32)> = Vec::new();
    for entry in vocabulary::entries() {
        let (language, hits) = match entry.use_ {
            Use::Word(language) => (
                language,
                words.iter().filter(|w| **w == entry.phrase).count(),
            ),
            Use::Letter(language) => (language, lower.matches(entry.phrase).count()),
            _ => continue,
        };
        let score = entry.weight * hits as u32;
        match scores.iter_mut().find(|(known, _)| *known == language) {
            Some((_, total)) => *total += score,
            None => scores.push((language, score)),
        }
    }
    scores.sort_by_key(|&(language, score)| (std::cmp::Reverse(score), language));
    match scores.first() {
        Some(&(language, score)) if score >= MARKER_SCORE => language,
        _ => whatlang_guess(text, script).unwrap_or(Language::Undetermined),
    }
}

/// `whatlang`'s answer among the languages it models well in `script`.
fn whatlang_guess(text: &str, script: Script) -> Option<Language> {
    use whatlang::Lang;
    let allowed: &[(Lang, Language)] = match script {
        Script::Cyrillic => &[
            (Lang::Ukr, Language::Uk),
            (Lang::Bel, Language::Be),
            (Lang::Bul, Language::Bg),
            (Lang::Srp, Language::Sr),
        ],
        _ => &[
            (Lang::Eng, Language::En),
            (Lang::Deu, Language::De),
            (Lang::Fra, Language::Fr),
            (Lang::Tur, Language::Tr),
            (Lang::Aze, Language::Az),
            (Lang::Uzb, Language::UzLatn),
            (Lang::Tuk, Language::Tk),
            (Lang::Spa, Language::Es),
            (Lang::Ita, Language::It),
            (Lang::Pol, Language::Pl),
        ],
    };
    let detector =
        whatlang::Detector::with_allowlist(allowed.iter().map(|&(lang, _)| lang).collect());
    let info = detector.detect(text)?;
    allowed
        .iter()
        .find(|&&(lang, _)| lang == info.lang())
        .map(|&(_, language)| language)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Cyrillic,
    Latin,
}

/// A text's letters by script.
#[derive(Debug, Default)]
struct Scripts {
    letters: usize,
    cyrillic: usize,
    /// Letters of scripts that name their language, by language.
    own: Vec<(Language, usize)>,
}

/// Scripts that name their language, by Unicode block.
const OWN_SCRIPTS: &[(char, char, Language)] = &[
    ('\u{3040}', '\u{30FF}', Language::Ja),
    ('\u{3400}', '\u{4DBF}', Language::Zh),
    ('\u{4E00}', '\u{9FFF}', Language::Zh),
    ('\u{1100}', '\u{11FF}', Language::Ko),
    ('\u{3130}', '\u{318F}', Language::Ko),
    ('\u{AC00}', '\u{D7AF}', Language::Ko),
    ('\u{0900}', '\u{097F}', Language::Hi),
    ('\u{0530}', '\u{058F}', Language::Hy),
    ('\u{10A0}', '\u{10FF}', Language::Ka),
    ('\u{0600}', '\u{06FF}', Language::Ar),
    ('\u{0590}', '\u{05FF}', Language::He),
    ('\u{0370}', '\u{03FF}', Language::El),
];

impl Scripts {
    fn count(text: &str) -> Scripts {
        let mut scripts = Scripts::default();
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            scripts.letters += 1;
            if is_cyrillic(c) {
                scripts.cyrillic += 1;
            } else if let Some(&(_, _, language)) = OWN_SCRIPTS
                .iter()
                .find(|&&(low, high, _)| (low..=high).contains(&c))
            {
                match scripts.own.iter_mut().find(|(known, _)| *known == language) {
                    Some((_, count)) => *count += 1,
                    None => scripts.own.push((language, 1)),
                }
            }
        }
        scripts
    }

    /// The script of its own with the most letters; Japanese mixes kana
    /// with Chinese characters, and any kana makes it Japanese.
    fn own_script(&self) -> Option<(Language, usize)> {
        let total: usize = self.own.iter().map(|&(_, count)| count).sum();
        let best = self
            .own
            .iter()
            .max_by_key(|&&(language, count)| (count, language))?;
        let japanese = self
            .own
            .iter()
            .any(|&(language, _)| language == Language::Ja);
        Some((if japanese { Language::Ja } else { best.0 }, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(text: &str) -> Option<Language> {
        identify(text)
            .expect("dictionaries")
            .map(|found| found.language)
    }

    #[test]
    fn russian_kazakh_and_bilingual_need_no_translation() {
        let ru = "Работодатель обязуется предоставить работнику работу по обусловленной трудовой функции и своевременно выплачивать заработную плату";
        let kk = "Жұмыс беруші қызметкерге еңбек шартында көзделген жұмысты беруге міндеттенеді және жалақы төлейді";
        assert_eq!(language(ru), Some(Language::Ru));
        assert_eq!(language(kk), Some(Language::Kk));
        let both = format!("{kk}\n{ru}");
        assert!(language(&both).is_some_and(Language::is_accepted));
        // A Russian passport page is mostly Latin in its MRZ, yet Russian.
        let passport = "ПАСПОРТ Фамилия Иванов Имя Иван Дата рождения Место рождения Дата выдачи\nP<RUSIVANOV<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<";
        assert_eq!(language(passport), Some(Language::Ru));
        assert_eq!(language("  12.05  "), None);
    }

    #[test]
    fn cyrillic_languages_written_in_russian_letters_are_foreign() {
        // As `rus+kaz` OCR reads them: Ukrainian є and Uzbek ў, ҳ lost.
        let uk = "Цим засвідчується, що громадянин Украіни Воронцов Андрій працюе у нашому товаристві на посаді провідного інженера з першого березня. Довідку видано для предявлення за місцем вимоги.";
        let uz = "Ушбу маълумотнома Воронцов Андрейга берилди, у хакикатан хам Тошкент давлат техника университетини тамомлаган ва мухандис малакасини олган. Маълумотнома талаб килинган жойга такдим этиш учун берилди.";
        let ky = "Бул маалымкат Воронцов Андрейге берилди, ал чындап эле Бишкек шаарындагы техникалык университетти аяктаган жана инженер адистигин алган. Маалымкат талап кылынган жерге көрсөтүү үчүн берилди.";
        let tg = "Ин маълумотнома ба Воронцов Андрей дода шуд, ки у дар хакикат Донишгохи техникии Точикистонро хатм кардааст ва ихтисоси мухандисиро гирифтааст. Маълумотнома барои пешниход ба чои талаб дода шуд.";
        for (text, expected) in [
            (uk, Language::Uk),
            (uz, Language::UzCyrl),
            (ky, Language::Ky),
            (tg, Language::Tg),
        ] {
            let found = identify(text).unwrap().unwrap();
            assert_eq!(found.language, expected, "{text}");
            assert!(found.confidence >= 0.7, "{text}: {}", found.confidence);
        }
    }

    #[test]
    fn latin_and_other_scripts() {
        let en =
            "The employer shall provide the employee with work in accordance with this contract";
        let de = "Der Arbeitgeber verpflichtet sich, dem Arbeitnehmer die Arbeit und das Gehalt zu geben";
        let tr =
            "Bu belge, adı geçen kişinin üniversiteden mezun olduğunu ve diploma aldığını gösterir";
        let zh = "兹证明该员工自二零一九年起在本公司担任软件工程师职务，工作表现良好，特此证明。";
        assert_eq!(language(en), Some(Language::En));
        assert_eq!(language(de), Some(Language::De));
        assert_eq!(language(tr), Some(Language::Tr));
        assert_eq!(language(zh), Some(Language::Zh));
    }
}
