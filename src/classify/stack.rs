//! One scanned stack split into the documents it holds.
//!
//! An office scanner's feeder turns a client's whole pile into one PDF or
//! TIFF. Each page is scored on its own; a document starts on a page with a
//! title of its own, or on a page of another kind that shows nothing of the
//! kind before it. Blank pages (separator sheets, the backs of one-sided
//! pages in a duplex scan) are dropped and never end a document: a
//! contract's blank back is not a new document.

use super::{DocumentKind, FULL_LINE, MIN_SCORE, MRZ_SCORE, TRANSLATION_SCORE, score};

/// Letters and digits under which an OCR'd page is blank: scanners and OCR
/// leave a few specks and a page number.
const BLANK_CHARS: usize = 12;

/// A title starts a document only among a page's first lines (a letterhead
/// and a state's name may stand above it): a short line that reads like a
/// title further down («…свидетельствую подлинность подписи переводчика»
/// wrapped by OCR) is inside a document.
const TITLE_LINES_FROM_TOP: usize = 6;

/// Words from which a line is running text, not a heading or a letterhead.
const BODY_WORDS: usize = 10;

/// What the splitter needs of a page.
pub struct StackPage<'a> {
    pub text: &'a str,
    /// A passport's machine-readable zone was read on it.
    pub passport_mrz: bool,
}

impl StackPage<'_> {
    fn is_blank(&self) -> bool {
        !self.passport_mrz
            && self.text.chars().filter(|c| c.is_alphanumeric()).count() < BLANK_CHARS
    }
}

/// What one page says on its own.
struct Reading {
    /// The kind it scores as, if it scores as any.
    kind: Option<DocumentKind>,
    scores: [u32; DocumentKind::ALL.len()],
    /// It starts with a document's title.
    titled: bool,
}

impl Reading {
    fn of(page: &StackPage) -> Reading {
        let (mut scores, evidence) = score(page.text);
        if page.passport_mrz {
            scores[DocumentKind::Passport as usize] += MRZ_SCORE;
        }
        let best = DocumentKind::ALL
            .into_iter()
            .filter(|&kind| kind != DocumentKind::Translation)
            .max_by_key(|&kind| (scores[kind as usize], std::cmp::Reverse(kind as usize)))
            .filter(|&kind| scores[kind as usize] >= MIN_SCORE);
        let translation = scores[DocumentKind::Translation as usize] >= TRANSLATION_SCORE;
        Reading {
            kind: if translation {
                Some(DocumentKind::Translation)
            } else {
                best
            },
            scores,
            titled: evidence.iter().any(|clue| {
                clue.title_at
                    .is_some_and(|at| at < top(page.text) && !is_sentence(&page.text[at..]))
            }),
        }
    }

    /// Whether the page begins a new document after one of `current` kind.
    /// A translator's or notary's certification page belongs to the
    /// document before it.
    fn starts_after(&self, current: Option<DocumentKind>) -> bool {
        if self.titled {
            return true;
        }
        match (self.kind, current) {
            (Some(DocumentKind::Translation), _) | (None, _) | (_, None) => false,
            (Some(kind), Some(current)) => kind != current && self.scores[current as usize] == 0,
        }
    }
}

/// Whether the line a text starts with ends as a sentence does: a title has
/// no full stop, «Перевод выполнен переводчиком.» at a page's top is the
/// end of a translation, not the start of one.
fn is_sentence(text: &str) -> bool {
    text.lines().next().unwrap_or("").trim_end().ends_with('.')
}

/// Where a page's head ends: at its first line of running text (a line of
/// [`BODY_WORDS`] words or more, or as long as a paragraph's), or after its first
/// [`TITLE_LINES_FROM_TOP`] lines with text. A continuation page starts
/// with running text, so a title-like line lower down is not a title.
fn top(text: &str) -> usize {
    let mut lines = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let running = line.split_whitespace().count() >= BODY_WORDS
            || line.trim().chars().count() >= FULL_LINE;
        if running {
            return at;
        }
        if !line.trim().is_empty() {
            lines += 1;
            if lines == TITLE_LINES_FROM_TOP {
                return at + line.len();
            }
        }
        at += line.len();
    }
    text.len()
}

/// The documents of a stack, each as the indices of its pages, blank pages
/// left out. One group (or none) means the file is one document.
pub fn split_stack(pages: &[StackPage]) -> Vec<Vec<usize>> {
    let mut parts: Vec<Part> = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        if page.is_blank() {
            continue;
        }
        let reading = Reading::of(page);
        // A second holder's zone is a second passport, titled or not.
        let second_zone = |part: &Part| page.passport_mrz && part.has_zone;
        match parts.last_mut() {
            Some(part) if !reading.starts_after(part.kind) && !second_zone(part) => {
                // A part is of the first kind one of its pages shows.
                if part.kind.is_none() {
                    part.kind = reading.kind;
                }
                part.has_zone |= page.passport_mrz;
                part.pages.push(index);
            }
            _ => parts.push(Part {
                kind: reading.kind,
                has_zone: page.passport_mrz,
                pages: vec![index],
            }),
        }
    }
    parts.into_iter().map(|part| part.pages).collect()
}

/// A document of the stack as it grows.
struct Part {
    kind: Option<DocumentKind>,
    /// One of its pages shows a passport's machine-readable zone.
    has_zone: bool,
    pages: Vec<usize>,
}

/// The kind a page scores as on its own, if any.
pub fn page_kind(page: &StackPage) -> Option<DocumentKind> {
    Reading::of(page).kind
}

/// Words that name a page in a file name: «договор стр1», «паспорт с.2»,
/// «contract page 3», «лист 2».
const PAGE_WORDS: [&str; 9] = [
    "страница",
    "стр",
    "с",
    "бет",
    "лист",
    "л",
    "page",
    "pg",
    "p",
];

/// A file name read as a page of something: what it names, the page
/// number, and whether it says «page».
#[derive(Debug, PartialEq, Eq)]
struct PageName {
    folder: String,
    stem: String,
    number: u32,
    says_page: bool,
}

impl PageName {
    /// `договор стр2.jpg` → `договор`, 2, says page; `IMG_4021.HEIC` →
    /// `img`, 4021. None for a name without a number.
    fn parse(path: &str) -> Option<PageName> {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let name = name
            .rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_lowercase();
        let digits_end = name.rfind(|c: char| c.is_ascii_digit())? + 1;
        let digits_start = name[..digits_end]
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(0, |(at, c)| at + c.len_utf8());
        let number = name[digits_start..digits_end].parse().ok()?;
        let before = name[..digits_start].trim_end_matches(|c: char| !c.is_alphanumeric());
        let page_word = PAGE_WORDS.iter().find(|word| {
            before.ends_with(*word)
                && !before[..before.len() - word.len()].ends_with(char::is_alphabetic)
        });
        let stem = match page_word {
            Some(word) => &before[..before.len() - word.len()],
            None => before,
        };
        let rest = &name[digits_end..];
        let stem = format!(
            "{}{}",
            stem.trim_end_matches(|c: char| !c.is_alphanumeric()),
            rest
        );
        Some(PageName {
            folder: folder.to_string(),
            stem,
            number,
            says_page: page_word.is_some(),
        })
    }
}

/// Files whose names differ only in a number, in one folder, as runs of
/// indices in the numbers' order: the pages of a document photographed one
/// a file, if their text agrees. A run whose names do not say «page»
/// (`IMG_4021`, `scan0002`) is only a sequence of photos.
pub fn page_runs(paths: &[&str]) -> Vec<(Vec<usize>, bool)> {
    let mut pages: Vec<(PageName, usize)> = paths
        .iter()
        .enumerate()
        .filter_map(|(index, path)| Some((PageName::parse(path)?, index)))
        .collect();
    pages.sort_by(|(a, _), (b, _)| {
        (&a.folder, &a.stem, a.number).cmp(&(&b.folder, &b.stem, b.number))
    });
    // Photos named by a camera (`IMG_4021`) are one document's pages only
    // where their numbers follow on; pages named as pages may skip one.
    pages
        .chunk_by(|(a, _), (b, _)| {
            a.folder == b.folder
                && a.stem == b.stem
                && (a.says_page && b.says_page || b.number == a.number + 1)
        })
        .filter(|run| run.len() > 1)
        .map(|run| {
            let says_page = run.iter().all(|(name, _)| name.says_page);
            (run.iter().map(|&(_, index)| index).collect(), says_page)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(texts: &[&str]) -> Vec<Vec<usize>> {
        let pages: Vec<StackPage> = texts
            .iter()
            .map(|text| StackPage {
                text,
                passport_mrz: false,
            })
            .collect();
        split_stack(&pages)
    }

    const CONTRACT: &str = "ТРУДОВОЙ ДОГОВОР № 15\n\nТОО «Степной Код», именуемое «Работодатель», и Воронцов А. С., именуемый «Работник», заключили настоящий договор о нижеследующем.";
    const CONTRACT_PAGE_2: &str = "5. Прочие условия\n5.1. Споры разрешаются в порядке, установленном законодательством.\nРаботодатель ____________ Работник ____________";
    const CONSENT: &str = "СОГЛАСИЕ\nсобственника жилища\n\nЯ, Ахметова Гульнара Сериковна, даю согласие на временное проживание в принадлежащей мне квартире.";

    #[test]
    fn titles_and_kinds_start_documents_and_blanks_drop() {
        assert_eq!(
            split(&[CONTRACT, CONTRACT_PAGE_2, "  3 ", CONSENT]),
            [vec![0, 1], vec![3]]
        );
    }

    #[test]
    fn a_title_like_line_far_down_a_page_is_inside_a_document() {
        let certification = "Перевод выполнен переводчиком.\nПереводчик ____\nРеспублика Казахстан, город Алматы.\nВторое ноября две тысячи двадцать шестого года.\nЯ, нотариус, работающий на основании лицензии,\nсвидетельствую\nПодлинность подписи переводчика\nЗарегистрировано в реестре.";
        assert_eq!(top("a\n\nb\nc\nd\ne\nf\ng\n"), 13);
        assert_eq!(
            top("A\none two three four five six seven eight nine ten\n"),
            2
        );
        assert_eq!(split(&[CONTRACT, certification]), [vec![0, 1]]);
    }

    #[test]
    fn file_names_of_pages() {
        let parse =
            |path| PageName::parse(path).map(|name| (name.stem, name.number, name.says_page));
        assert_eq!(parse("договор стр2.jpg"), Some(("договор".into(), 2, true)));
        assert_eq!(
            parse("сканы/Договор_стр_3.jpeg"),
            Some(("договор".into(), 3, true))
        );
        assert_eq!(
            parse("contract page 1.png"),
            Some(("contract".into(), 1, true))
        );
        assert_eq!(parse("IMG_4021.HEIC"), Some(("img".into(), 4021, false)));
        assert_eq!(parse("паспорт.jpg"), None);
        let runs = page_runs(&[
            "договор стр2.jpg",
            "паспорт.jpg",
            "договор стр1.jpg",
            "a/договор стр3.jpg",
        ]);
        assert_eq!(runs, [(vec![2, 0], true)]);
        // A camera's numbers must follow on: 0950 is another sitting.
        let runs = page_runs(&["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0950.jpg"]);
        assert_eq!(runs, [(vec![0, 1], false)]);
    }

    #[test]
    fn a_second_passport_zone_is_a_second_passport() {
        let passport = "P<RUSVORONTSOV<<ANDREI<<<<<<<<<<<<<<<<<<<<<<";
        let pages = [passport, passport].map(|text| StackPage {
            text,
            passport_mrz: true,
        });
        assert_eq!(split_stack(&pages), [vec![0], vec![1]]);
    }

    #[test]
    fn a_document_of_pages_stays_whole() {
        assert_eq!(split(&[CONTRACT, CONTRACT_PAGE_2, ""]), [vec![0, 1]]);
        assert_eq!(split(&[]), Vec::<Vec<usize>>::new());
    }
}
