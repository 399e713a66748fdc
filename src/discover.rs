//! Stage 1: walk a bundle folder and tell what each file is by its content.
//!
//! Clients rename files freely (`паспорт.jpeg.pdf`, `scan (3)`), so the type
//! comes from magic bytes, never the extension. Identical files are folded
//! into one entry that remembers its copies, so a document scanned twice is
//! read (and OCR'd) once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Files larger than this are not read: no scan of an identity document comes
/// near it, and reading one into memory would hurt a batch run more than the
/// finding helps.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentType {
    Pdf,
    Jpeg,
    Png,
    Tiff,
}

/// Why a file could not be taken further than discovery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoverProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {0} bytes, over the {MAX_FILE_BYTES}-byte limit")]
    TooLarge(u64),
    #[error("not a PDF, JPEG, PNG or TIFF file")]
    Unsupported,
    #[error("cannot read the file: {0}")]
    Io(String),
}

/// One distinct file of the bundle (identical copies folded in).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the bundle, `/`-separated, as the user named it.
    pub path: String,
    /// Paths of byte-identical copies, relative to the bundle, sorted.
    pub duplicates: Vec<String>,
    /// The file's content, or why there is none to work with.
    pub content: Result<Content, DiscoverProblem>,
}

/// A readable file's bytes with their sniffed type.
#[derive(Debug, Clone)]
pub struct Content {
    pub kind: ContentType,
    pub bytes: Vec<u8>,
}

/// Errors that stop discovery of the whole bundle (a per-file problem never does).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{path}: not a folder")]
    NotADirectory { path: PathBuf },
    #[error("{path}: {source}")]
    Walk {
        path: PathBuf,
        #[source]
        source: walkdir::Error,
    },
}

/// Lists the bundle's files, sorted by path, identical files folded together.
pub fn discover(bundle: &Path) -> Result<Vec<SourceFile>, DiscoverError> {
    if !bundle.is_dir() {
        return Err(DiscoverError::NotADirectory {
            path: bundle.to_path_buf(),
        });
    }
    let mut by_hash: BTreeMap<[u8; 32], SourceFile> = BTreeMap::new();
    let mut unhashed = Vec::new();
    let walker = WalkDir::new(bundle)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = entry.map_err(|source| DiscoverError::Walk {
            path: bundle.to_path_buf(),
            source,
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = relative_path(bundle, entry.path());
        match read_content(entry.path()) {
            Ok(content) => {
                let hash = *blake3::hash(&content.bytes).as_bytes();
                match by_hash.get_mut(&hash) {
                    Some(first) => first.duplicates.push(path),
                    None => {
                        by_hash.insert(hash, SourceFile::new(path, Ok(content)));
                    }
                }
            }
            Err(problem) => unhashed.push(SourceFile::new(path, Err(problem))),
        }
    }
    let mut files: Vec<SourceFile> = by_hash.into_values().chain(unhashed).collect();
    for file in &mut files {
        file.duplicates.sort();
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Reads one file on its own, as `dossier inspect` does.
pub fn read_file(path: &Path) -> SourceFile {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    SourceFile::new(name, read_content(path))
}

impl SourceFile {
    fn new(path: String, content: Result<Content, DiscoverProblem>) -> Self {
        SourceFile {
            path,
            duplicates: Vec::new(),
            content,
        }
    }
}

fn read_content(path: &Path) -> Result<Content, DiscoverProblem> {
    let len = fs::metadata(path)
        .map_err(|err| DiscoverProblem::Io(err.to_string()))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(DiscoverProblem::TooLarge(len));
    }
    let bytes = fs::read(path).map_err(|err| DiscoverProblem::Io(err.to_string()))?;
    if bytes.is_empty() {
        return Err(DiscoverProblem::Empty);
    }
    let kind = sniff(&bytes).ok_or(DiscoverProblem::Unsupported)?;
    Ok(Content { kind, bytes })
}

/// Tells the type from the magic bytes. PDFs may carry junk before `%PDF`
/// (some scanners prepend a header), which readers accept within 1 KiB.
pub fn sniff(bytes: &[u8]) -> Option<ContentType> {
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ContentType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ContentType::Png)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(ContentType::Tiff)
    } else if head.windows(5).any(|window| window == b"%PDF-") {
        Some(ContentType::Pdf)
    } else {
        None
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn relative_path(bundle: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(bundle).unwrap_or(path);
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(ContentType::Pdf));
        assert_eq!(sniff(b"junk\r\n%PDF-1.4"), Some(ContentType::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ContentType::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(ContentType::Png));
        assert_eq!(sniff(b"II*\0...."), Some(ContentType::Tiff));
        assert_eq!(sniff(b"MM\0*...."), Some(ContentType::Tiff));
        assert_eq!(sniff(b"PK\x03\x04 a docx"), None);
    }

    #[test]
    fn folds_identical_files_and_skips_hidden_ones() {
        let dir = std::env::temp_dir().join(format!("dossier-discover-{}", std::process::id()));
        fs::create_dir_all(dir.join("сканы")).unwrap();
        fs::write(dir.join("b.pdf"), b"%PDF-1.4 same").unwrap();
        fs::write(dir.join("сканы/копия.pdf"), b"%PDF-1.4 same").unwrap();
        fs::write(dir.join("a.txt"), b"").unwrap();
        fs::write(dir.join(".DS_Store"), b"junk").unwrap();
        let files = discover(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.pdf"]);
        assert_eq!(
            files[0].content.as_ref().unwrap_err(),
            &DiscoverProblem::Empty
        );
        assert_eq!(files[1].duplicates, ["сканы/копия.pdf"]);
    }
}
