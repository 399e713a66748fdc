//! Stage 1: walk a bundle folder, tell what each file is by its content, and
//! unpack the archives clients send.
//!
//! Clients rename files freely (`паспорт.jpeg.pdf`, `scan (3)`), so the type
//! comes from magic bytes, never the extension. Archives (ZIP, 7z, tar,
//! tar.gz) are unpacked in memory, never onto the disk, within [`Limits`];
//! their documents are named `documents.zip/скан паспорта.jpg`. Identical
//! files are folded into one entry that remembers its copies, so a document
//! scanned twice, or sent loose and zipped, is read (and OCR'd) once.

mod archive;
mod sniff;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use self::sniff::Format;
pub(crate) use self::sniff::docx_main_part;
pub use self::sniff::{ContentType, is_cut_short, sniff};
use crate::Limits;

/// Files larger than this are not read: no scan of an identity document comes
/// near it, and reading one into memory would hurt a batch run more than the
/// finding helps. Archive entries are held to it too.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file could not be taken further than discovery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoverProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {0} bytes, over the {MAX_FILE_BYTES}-byte limit")]
    TooLarge(u64),
    #[error("not a PDF, image, DOCX, ODT or archive")]
    Unsupported,
    #[error("a legacy Microsoft Office file (.doc, .xls, .ppt)")]
    LegacyOffice,
    #[error("a spreadsheet or presentation, not a text document")]
    NotTextOffice,
    #[error("a RAR archive")]
    Rar,
    /// Never followed: it may point anywhere, outside the bundle too.
    #[error("a symbolic link, not followed")]
    Symlink,
    /// Reading a FIFO or a device may block forever or never end.
    #[error("not a regular file (a FIFO, socket or device)")]
    Special,
    #[error("cannot read the file: {0}")]
    Io(String),
    #[error(transparent)]
    Archive(#[from] archive::ArchiveProblem),
}

impl DiscoverProblem {
    /// What the back office can do about it, where the rule's general hint
    /// would not say.
    pub fn fix(&self) -> Option<String> {
        match self {
            DiscoverProblem::LegacyOffice | DiscoverProblem::NotTextOffice => {
                Some("Open it in an office program and save it as PDF.".into())
            }
            DiscoverProblem::Rar => Some(
                "Unpack it and put its files in the folder, or ask the client for a ZIP.".into(),
            ),
            DiscoverProblem::Archive(problem) => Some(problem.fix()),
            DiscoverProblem::Symlink => Some(
                "Put the file itself in the folder: links are not followed, so that nothing outside the bundle is read.".into(),
            ),
            _ => None,
        }
    }
}

/// One distinct file of the bundle (identical copies folded in): a file of
/// the folder or a document unpacked from an archive there.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the bundle, `/`-separated, as the user named it; an
    /// archive's entry is its archive's path, `/`, its own path inside.
    pub path: String,
    /// Paths of byte-identical copies, relative to the bundle, sorted.
    pub duplicates: Vec<String>,
    /// The archive it was unpacked from, relative to the bundle (the inner
    /// one for an archive inside an archive).
    pub unpacked_from: Option<String>,
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
}

/// A bundle's files, and the hidden ones left unread.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Sorted by path, identical files folded together.
    pub files: Vec<SourceFile>,
    /// Dot-files and the junk systems leave (`.DS_Store`, `Thumbs.db`,
    /// `desktop.ini`, `__MACOSX`, an Office lock file `~$…`), sorted.
    pub hidden: Vec<String>,
}

/// Lists the bundle's files and the documents of its archives. A folder or
/// file that cannot be read (no permission, a path over the system's
/// limit) is that path's problem; the walk goes on.
pub fn discover(bundle: &Path, limits: &Limits) -> Result<Discovered, DiscoverError> {
    if !bundle.is_dir() {
        return Err(DiscoverError::NotADirectory {
            path: bundle.to_path_buf(),
        });
    }
    let mut found = Vec::new();
    let mut hidden = Vec::new();
    let mut budget = archive::Budget::new(limits);
    let walker = WalkDir::new(bundle)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            // The bundle's statement of its facts is read on its own.
            if entry.depth() == 1 && crate::facts::is_facts_file(entry.file_name()) {
                return false;
            }
            let skip = entry.depth() > 0 && is_hidden(&entry.file_name().to_string_lossy());
            if skip {
                hidden.push(relative_path(bundle, entry.path()));
            }
            !skip
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| ".".to_string(), |p| relative_path(bundle, p));
                let problem = DiscoverProblem::Io(
                    err.io_error()
                        .map_or_else(|| err.to_string(), |io| io.to_string()),
                );
                found.push(SourceFile::new(path, None, Err(problem)));
                continue;
            }
        };
        let path = relative_path(bundle, entry.path());
        let kind = entry.file_type();
        if kind.is_file() {
            found.extend(open(path, read_bytes(entry.path()), &mut budget));
        } else if kind.is_symlink() {
            found.push(SourceFile::new(path, None, Err(DiscoverProblem::Symlink)));
        } else if !kind.is_dir() {
            found.push(SourceFile::new(path, None, Err(DiscoverProblem::Special)));
        }
    }
    hidden.sort();
    Ok(Discovered {
        files: fold_duplicates(found),
        hidden,
    })
}

/// Reads one file on its own, as `dossier inspect` does: an archive gives
/// each of its documents.
pub fn read_file(path: &Path, limits: &Limits) -> Vec<SourceFile> {
    let name = path
        .file_name()
        .map(|name| name_text(name.as_encoded_bytes()))
        .unwrap_or_else(|| path.display().to_string());
    open(name, read_bytes(path), &mut archive::Budget::new(limits))
}

/// Reads bytes held in memory as [`read_file`] reads a file named `name`.
#[cfg(feature = "fuzzing")]
pub(crate) fn read_bytes_named(name: &str, bytes: Vec<u8>, limits: &Limits) -> Vec<SourceFile> {
    open(
        name.to_string(),
        Ok(bytes),
        &mut archive::Budget::new(limits),
    )
}

/// Tells what a file's bytes are and unpacks an archive into its documents.
fn open(
    path: String,
    bytes: Result<Vec<u8>, DiscoverProblem>,
    budget: &mut archive::Budget,
) -> Vec<SourceFile> {
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(problem) => return vec![SourceFile::new(path, None, Err(problem))],
    };
    match classify_bytes(&bytes, budget.limits) {
        Ok(Format::Document(kind)) => {
            vec![SourceFile::new(path, None, Ok(Content { kind, bytes }))]
        }
        Ok(Format::Archive(format)) => archive::unpack(&path, format, &bytes, budget),
        Err(problem) => vec![SourceFile::new(path, None, Err(problem))],
    }
}

fn classify_bytes(bytes: &[u8], limits: &Limits) -> Result<Format, DiscoverProblem> {
    if bytes.is_empty() {
        return Err(DiscoverProblem::Empty);
    }
    sniff::format(bytes, limits.max_entries)
}

/// Folds byte-identical files into the first by path; sorts by path.
fn fold_duplicates(found: Vec<SourceFile>) -> Vec<SourceFile> {
    let mut by_hash: BTreeMap<[u8; 32], SourceFile> = BTreeMap::new();
    let mut unhashed = Vec::new();
    let mut found = found;
    found.sort_by(|a, b| a.path.cmp(&b.path));
    for file in found {
        let Ok(content) = &file.content else {
            unhashed.push(file);
            continue;
        };
        let hash = *blake3::hash(&content.bytes).as_bytes();
        match by_hash.get_mut(&hash) {
            Some(first) => first.duplicates.push(file.path),
            None => {
                by_hash.insert(hash, file);
            }
        }
    }
    let mut files: Vec<SourceFile> = by_hash.into_values().chain(unhashed).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

impl SourceFile {
    fn new(
        path: String,
        unpacked_from: Option<String>,
        content: Result<Content, DiscoverProblem>,
    ) -> Self {
        SourceFile {
            path,
            duplicates: Vec::new(),
            unpacked_from,
            content,
        }
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, DiscoverProblem> {
    let len = fs::metadata(path)
        .map_err(|err| DiscoverProblem::Io(err.to_string()))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(DiscoverProblem::TooLarge(len));
    }
    fs::read(path).map_err(|err| DiscoverProblem::Io(err.to_string()))
}

/// Dot-files, the resource forks macOS puts in `__MACOSX` when it zips, the
/// thumbnails and settings Windows leaves in a folder of pictures, and the
/// lock file Word keeps beside an open document.
fn is_hidden(name: &str) -> bool {
    let junk = ["__macosx", "thumbs.db", "ehthumbs.db", "desktop.ini"];
    name.starts_with('.') || name.starts_with("~$") || junk.contains(&name.to_lowercase().as_str())
}

fn relative_path(bundle: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(bundle).unwrap_or(path);
    relative
        .components()
        .map(|part| name_text(part.as_os_str().as_encoded_bytes()))
        .collect::<Vec<_>>()
        .join("/")
}

/// A file name as text that is safe to print and tells names apart: a
/// name is data, not markup. Control characters (a newline and `# READY`
/// after it, a terminal's escape sequences) are written as escapes
/// (`\n`, `\u{1b}`), bytes that are not UTF-8 as `\xff`, and a backslash
/// as `\\`, so no two names come out the same.
pub fn name_text(bytes: &[u8]) -> String {
    let mut text = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                '\n' => text.push_str("\\n"),
                '\r' => text.push_str("\\r"),
                '\t' => text.push_str("\\t"),
                c if c.is_control() => text.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
                c => text.push(c),
            }
        }
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02x}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_data() {
        assert_eq!(name_text("паспорт.jpg".as_bytes()), "паспорт.jpg");
        assert_eq!(name_text(b"x.pdf\n\n# READY"), "x.pdf\\n\\n# READY");
        assert_eq!(name_text(b"\x1b[31mred"), "\\u{1b}[31mred");
        // Two names that differ only in bytes that are not UTF-8 stay two.
        assert_eq!(name_text(b"a\xff.pdf"), "a\\xff.pdf");
        assert_ne!(name_text(b"a\xfe.pdf"), name_text(b"a\xff.pdf"));
        assert_ne!(name_text(b"a\\xff.pdf"), name_text(b"a\xff.pdf"));
    }

    #[test]
    fn folds_identical_files_and_lists_what_it_skips() {
        let dir = std::env::temp_dir().join(format!("dossier-discover-{}", std::process::id()));
        fs::create_dir_all(dir.join("сканы")).unwrap();
        fs::write(dir.join("b.pdf"), b"%PDF-1.4 same").unwrap();
        fs::write(dir.join("сканы/копия.pdf"), b"%PDF-1.4 same").unwrap();
        fs::write(dir.join("a.txt"), b"").unwrap();
        fs::write(dir.join(".DS_Store"), b"junk").unwrap();
        fs::write(dir.join("сканы/Thumbs.db"), b"junk").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.join("паспорт.jpg")).unwrap();
        let Discovered { files, hidden } = discover(&dir, &Limits::default()).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(hidden, [".DS_Store", "сканы/Thumbs.db"]);
        let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.pdf", "паспорт.jpg"]);
        assert_eq!(
            files[0].content.as_ref().unwrap_err(),
            &DiscoverProblem::Empty
        );
        assert_eq!(files[1].duplicates, ["сканы/копия.pdf"]);
        assert_eq!(
            files[2].content.as_ref().unwrap_err(),
            &DiscoverProblem::Symlink
        );
    }
}
