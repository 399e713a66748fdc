//! The Russian and Kazakh word lists that tell the two accepted languages
//! from every other language written in Cyrillic: Debian's Hunspell
//! dictionaries (`hunspell-ru`, `hunspell-kk`), read with `spellbook`.
//!
//! Letters alone cannot tell them apart: Tesseract's `rus+kaz` models turn
//! Ukrainian, Uzbek, Kyrgyz and Tajik letters into Russian or Kazakh
//! look-alikes. Words can: on hand-written samples of ten Cyrillic languages,
//! 96% of a Russian text's and 91% of a Kazakh text's words of three letters
//! or more are in one of the two dictionaries, against at most 26% for
//! Ukrainian, Belarusian, Kyrgyz, Uzbek, Tajik and Mongolian.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use spellbook::Dictionary;

/// Where Debian and other distributions put Hunspell dictionaries.
const DICTIONARY_DIRS: &[&str] = &[
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
    "/usr/local/share/hunspell",
];

/// The two dictionaries, or why they could not be loaded.
static LEXICON: LazyLock<Result<Lexicon, LexiconError>> = LazyLock::new(Lexicon::load);

/// Why the dictionaries are not there.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LexiconError {
    #[error(
        "no Hunspell dictionary {name}.dic in {dirs}; install hunspell-ru and hunspell-kk",
        dirs = DICTIONARY_DIRS.join(", ")
    )]
    Missing { name: &'static str },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::sync::Arc<std::io::Error>,
    },
    #[error("cannot parse the Hunspell dictionary {name}: {detail}")]
    Parse { name: &'static str, detail: String },
}

/// The Russian and the Kazakh dictionary.
pub struct Lexicon {
    russian: Dictionary,
    kazakh: Dictionary,
}

/// Which of the two languages know a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub russian: bool,
    pub kazakh: bool,
}

impl Lexicon {
    /// The process's lexicon, loaded on first use (about 0.1 s).
    pub fn get() -> Result<&'static Lexicon, LexiconError> {
        LEXICON.as_ref().map_err(Clone::clone)
    }

    fn load() -> Result<Lexicon, LexiconError> {
        Ok(Lexicon {
            russian: load_dictionary("ru_RU")?,
            kazakh: load_dictionary("kk_KZ")?,
        })
    }

    /// Whether Russian or Kazakh knows a lower-case word.
    pub fn knows(&self, word: &str) -> Known {
        Known {
            russian: self.russian.check(word),
            kazakh: self.kazakh.check(word),
        }
    }
}

fn load_dictionary(name: &'static str) -> Result<Dictionary, LexiconError> {
    let dir = DICTIONARY_DIRS
        .iter()
        .map(Path::new)
        .find(|dir| dir.join(format!("{name}.dic")).is_file())
        .ok_or(LexiconError::Missing { name })?;
    let read = |extension: &str| {
        let path = dir.join(format!("{name}.{extension}"));
        std::fs::read_to_string(&path)
            .map(|text| clean(&text))
            .map_err(|source| LexiconError::Read {
                path,
                source: std::sync::Arc::new(source),
            })
    };
    Dictionary::new(&read("aff")?, &read("dic")?).map_err(|err| LexiconError::Parse {
        name,
        detail: err.to_string(),
    })
}

/// Debian's Kazakh files start with a byte-order mark and end lines with
/// CR LF, which the parser would take as part of the first flag and of
/// every word.
fn clean(text: &str) -> String {
    text.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_inflected_russian_and_kazakh_words() {
        let lexicon = Lexicon::get().expect("hunspell-ru and hunspell-kk installed");
        assert!(lexicon.knows("трудового").russian);
        assert!(lexicon.knows("зарегистрирован").russian);
        assert!(lexicon.knows("берілді").kazakh);
        assert!(lexicon.knows("қаласындағы").kazakh);
        let ukrainian = lexicon.knows("засвідчується");
        assert!(!ukrainian.russian && !ukrainian.kazakh);
    }
}
