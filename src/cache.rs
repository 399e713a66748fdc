//! What extraction read, kept between runs and addressed by content: a
//! file's bytes, the program that read them and the OCR engine and models.
//! A re-run over an unchanged bundle skips OCR entirely; a changed file,
//! a new build of dossier or an upgraded Tesseract misses and is read again.
//! An entry that does not parse, or was written for another key, is ignored
//! and rewritten, never trusted.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::extract::{Page, TextSource, WordBox};

/// The models extraction uses, whose files' sizes and times enter the key.
const MODELS: [&str; 3] = ["rus", "kaz", "eng"];

/// A cache folder and the part of every key that does not depend on a file.
pub struct Cache {
    dir: PathBuf,
    /// BLAKE3 of this executable, Tesseract's version and the models' file
    /// metadata: any of them changing changes what a file would read as.
    salt: blake3::Hash,
}

/// One page as stored: everything extraction produced.
#[derive(Serialize, Deserialize)]
struct StoredPage {
    number: u32,
    text: String,
    mrz_readings: Vec<Vec<String>>,
    source: TextSource,
    ocr_confidence: Option<f32>,
    rotation: u16,
    perspective_corrected: bool,
    words: Vec<WordBox>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    /// The full key, checked on reading: a file name is only a hash prefix
    /// away from someone else's entry.
    key: String,
    pages: Vec<StoredPage>,
}

impl Cache {
    /// The cache in `dir` (created when first written to).
    pub fn open(dir: PathBuf) -> Cache {
        let mut salt = blake3::Hasher::new();
        if let Ok(exe) = std::env::current_exe().and_then(std::fs::read) {
            salt.update(&exe);
        }
        salt.update(crate::extract::tesseract_version().as_bytes());
        for model in model_files() {
            salt.update(model.as_os_str().as_encoded_bytes());
            if let Ok(meta) = std::fs::metadata(&model) {
                salt.update(&meta.len().to_le_bytes());
                if let Ok(modified) = meta.modified() {
                    salt.update(format!("{modified:?}").as_bytes());
                }
            }
        }
        Cache {
            dir,
            salt: salt.finalize(),
        }
    }

    /// The user's cache folder: `$XDG_CACHE_HOME/dossier`, else
    /// `~/.cache/dossier`; `None` when neither is set.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?;
        Some(base.join("dossier"))
    }

    fn key(&self, content: &[u8]) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.salt.as_bytes());
        hasher.update(content);
        hasher.finalize().to_hex().to_string()
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    /// The pages stored for this content, if a sound entry is there.
    pub fn get(&self, content: &[u8]) -> Option<Vec<Page>> {
        let key = self.key(content);
        let text = std::fs::read_to_string(self.path(&key)).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        (entry.key == key).then(|| entry.pages.into_iter().map(Page::from).collect())
    }

    /// Stores the pages read from this content. Written to a temporary file
    /// and renamed, so a reader never sees half an entry; a cache that
    /// cannot be written only costs the next run its time.
    pub fn put(&self, content: &[u8], pages: &[Page]) {
        let key = self.key(content);
        let path = self.path(&key);
        let entry = Entry {
            key,
            pages: pages.iter().map(StoredPage::from).collect(),
        };
        let Ok(json) = serde_json::to_string(&entry) else {
            return;
        };
        let Some(folder) = path.parent() else { return };
        // Unique per process and write: two workers may store the same
        // content (a file copied into two bundles) at once.
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let write = WRITES.fetch_add(1, Ordering::Relaxed);
        let temporary = folder.join(format!(".{}.{}.{write}", entry.key, std::process::id()));
        let written = std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&temporary, json))
            .and_then(|()| std::fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }
}

/// Where the models are: `$TESSDATA_PREFIX` (or its `tessdata`), else
/// Debian's folders for Tesseract 5 and 4.
fn model_files() -> Vec<PathBuf> {
    let prefix = std::env::var_os("TESSDATA_PREFIX").map(PathBuf::from);
    let candidates = prefix
        .iter()
        .flat_map(|p| [p.clone(), p.join("tessdata")])
        .chain([
            PathBuf::from("/usr/share/tesseract-ocr/5/tessdata"),
            PathBuf::from("/usr/share/tesseract-ocr/4.00/tessdata"),
        ]);
    let folder = candidates
        .into_iter()
        .find(|dir| dir.join("rus.traineddata").is_file());
    folder.map_or_else(Vec::new, |dir| {
        MODELS
            .iter()
            .map(|model| dir.join(format!("{model}.traineddata")))
            .collect()
    })
}

impl From<&Page> for StoredPage {
    fn from(page: &Page) -> StoredPage {
        StoredPage {
            number: page.number,
            text: page.text.clone(),
            mrz_readings: page.mrz_readings.clone(),
            source: page.source,
            ocr_confidence: page.ocr_confidence,
            rotation: page.rotation,
            perspective_corrected: page.perspective_corrected,
            words: page.words.clone(),
        }
    }
}

impl From<StoredPage> for Page {
    fn from(page: StoredPage) -> Page {
        Page {
            number: page.number,
            text: page.text,
            mrz_readings: page.mrz_readings,
            source: page.source,
            ocr_confidence: page.ocr_confidence,
            rotation: page.rotation,
            perspective_corrected: page.perspective_corrected,
            words: page.words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Page {
        Page {
            number: 1,
            text: "ПАСПОРТ".to_string(),
            mrz_readings: vec![vec!["P<RUS".to_string()]],
            source: TextSource::Ocr,
            ocr_confidence: Some(0.9),
            rotation: 90,
            perspective_corrected: false,
            words: Vec::new(),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dossier-cache-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_stored_entry_is_found_by_content_only() {
        let cache = Cache::open(scratch("hit"));
        assert!(cache.get(b"scan").is_none());
        cache.put(b"scan", &[page()]);
        let pages = cache.get(b"scan").unwrap();
        assert_eq!((pages[0].text.as_str(), pages[0].rotation), ("ПАСПОРТ", 90));
        assert_eq!(pages[0].mrz_readings, page().mrz_readings);
        assert!(cache.get(b"other scan").is_none());
    }

    #[test]
    fn a_corrupt_or_foreign_entry_is_not_trusted() {
        let dir = scratch("corrupt");
        let cache = Cache::open(dir.clone());
        cache.put(b"scan", &[page()]);
        let path = cache.path(&cache.key(b"scan"));
        std::fs::write(&path, "{ not json").unwrap();
        assert!(cache.get(b"scan").is_none());
        // Another content's entry copied under this name: its key gives it away.
        cache.put(b"other", &[page()]);
        std::fs::copy(cache.path(&cache.key(b"other")), &path).unwrap();
        assert!(cache.get(b"scan").is_none());
        // Rewriting repairs it.
        cache.put(b"scan", &[page()]);
        assert!(cache.get(b"scan").is_some());
    }
}
