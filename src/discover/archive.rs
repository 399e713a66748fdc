//! Unpacking ZIP, 7z, tar and tar.gz archives in memory, within [`Limits`].
//!
//! Nothing is written to the disk, so an entry named `../../.bashrc` cannot
//! land anywhere; it is still refused by name, as a sign of a hostile
//! archive. An archive inside an archive is opened (clients zip a folder
//! that holds the ZIP their employer sent); one more level is a finding.

use std::io::{Cursor, Read};

use super::sniff::Format;
use super::{
    Content, DiscoverProblem, Limits, MAX_FILE_BYTES, SourceFile, classify_bytes, is_hidden,
};

/// An archive format discovery unpacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    Zip,
    SevenZ,
    Tar,
    /// gzip: a tar.gz, or one gzipped file.
    Gzip,
}

/// Why an archive, or one of its entries, was not unpacked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveProblem {
    #[error("the archive is password-protected")]
    Encrypted,
    #[error("the archive holds over {0} entries")]
    TooManyEntries(usize),
    #[error("the archive unpacks to over {0} bytes")]
    TooLarge(u64),
    #[error("an entry unpacks to over {MAX_FILE_BYTES} bytes, the limit for any one file")]
    EntryTooLarge,
    #[error("an entry unpacks to over {0} times its packed size, as a zip bomb does")]
    Ratio(u64),
    #[error("two of its entries share their packed bytes, as only a zip bomb's do")]
    Overlapping,
    #[error("an archive inside an archive inside an archive")]
    TooDeep,
    #[error("the archive holds no documents (only folders, links or hidden files, or nothing)")]
    NoDocuments,
    #[error("the entry's path «{0}» points outside the archive")]
    UnsafePath(String),
    #[error("corrupt {format} archive: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
}

impl ArchiveProblem {
    /// What the back office can do about it.
    pub fn fix(&self) -> String {
        match self {
            ArchiveProblem::Encrypted => "Ask the client for the files without a password, or unpack the archive with its password and put the files in the folder.",
            ArchiveProblem::TooManyEntries(_) => "Unpack it and check its files as a folder, or raise --max-archive-entries.",
            ArchiveProblem::TooLarge(_) => "Unpack it and check its files as a folder, or raise --max-unpacked-bytes.",
            ArchiveProblem::EntryTooLarge => "Ask the client for the documents as scans or PDFs of an ordinary size.",
            ArchiveProblem::Ratio(_) => "Do not unpack it: no scan compresses so well. If it is genuine, raise --max-compression-ratio.",
            ArchiveProblem::Overlapping => "Do not unpack it: no archiver writes entries that share their bytes.",
            ArchiveProblem::TooDeep => "Unpack the inner archive and put its files in the folder.",
            ArchiveProblem::NoDocuments => "Ask the client for the documents the archive was meant to hold.",
            ArchiveProblem::UnsafePath(_) => "The entry was skipped; ask the client to make the archive again.",
            ArchiveProblem::Corrupt { .. } => "Ask the client to send the file again.",
        }
        .to_string()
    }
}

/// One file inside an archive: its path there and its bytes.
struct Entry {
    name: String,
    data: Result<Vec<u8>, ArchiveProblem>,
}

/// What a bundle's archives (with the archives inside them) may still
/// unpack, all together: every document discovery finds is held in memory
/// until it is read, so twenty archives within the limit each must not add
/// up to gigabytes.
pub(super) struct Budget<'a> {
    pub(super) limits: &'a Limits,
    bytes_left: u64,
}

impl Budget<'_> {
    pub(super) fn new(limits: &Limits) -> Budget<'_> {
        Budget {
            limits,
            bytes_left: limits.max_unpacked_bytes,
        }
    }
}

/// Unpacks an archive found at `path` into its documents, each named
/// `path/entry`; an archive that cannot be unpacked is one problem at `path`.
pub(super) fn unpack(
    path: &str,
    format: ArchiveFormat,
    bytes: &[u8],
    budget: &mut Budget,
) -> Vec<SourceFile> {
    let mut found = Vec::new();
    unpack_into(path, format, bytes, 1, budget, &mut found);
    found
}

fn unpack_into(
    path: &str,
    format: ArchiveFormat,
    bytes: &[u8],
    depth: u8,
    budget: &mut Budget,
    found: &mut Vec<SourceFile>,
) {
    let entries = match entries(path, format, bytes, budget) {
        Ok(entries) if !entries.is_empty() && entries.iter().all(is_encrypted) => {
            Err(ArchiveProblem::Encrypted)
        }
        other => other,
    };
    let entries = match entries {
        Ok(entries) if entries.is_empty() => Err(ArchiveProblem::NoDocuments),
        other => other,
    };
    let entries = match entries {
        Ok(entries) => entries,
        Err(problem) => {
            found.push(SourceFile::new(path.to_string(), None, Err(problem.into())));
            return;
        }
    };
    for entry in entries {
        let entry_path = format!("{path}/{}", entry.name);
        let from = Some(path.to_string());
        let content = entry
            .data
            .map_err(DiscoverProblem::from)
            .and_then(|data| classify_bytes(&data, budget.limits).map(|format| (format, data)));
        match content {
            Ok((Format::Document(kind), bytes)) => {
                found.push(SourceFile::new(
                    entry_path,
                    from,
                    Ok(Content { kind, bytes }),
                ));
            }
            Ok((Format::Archive(inner), bytes)) if depth < 2 => {
                unpack_into(&entry_path, inner, &bytes, depth + 1, budget, found);
            }
            Ok((Format::Archive(_), _)) => {
                found.push(SourceFile::new(
                    entry_path,
                    from,
                    Err(ArchiveProblem::TooDeep.into()),
                ));
            }
            Err(problem) => found.push(SourceFile::new(entry_path, from, Err(problem))),
        }
    }
}

fn is_encrypted(entry: &Entry) -> bool {
    entry.data == Err(ArchiveProblem::Encrypted)
}

fn entries(
    path: &str,
    format: ArchiveFormat,
    bytes: &[u8],
    budget: &mut Budget,
) -> Result<Vec<Entry>, ArchiveProblem> {
    match format {
        ArchiveFormat::Zip => zip_entries(bytes, budget),
        ArchiveFormat::SevenZ => seven_z_entries(bytes, budget),
        ArchiveFormat::Tar => tar_entries(bytes, budget),
        ArchiveFormat::Gzip => {
            let data = read_capped(
                flate2::read::GzDecoder::new(bytes),
                bytes.len() as u64,
                budget,
                "gzip",
            )?;
            if matches!(
                classify_bytes(&data, budget.limits),
                Ok(Format::Archive(ArchiveFormat::Tar))
            ) {
                tar_entries(&data, budget)
            } else {
                // One gzipped file, named as gzip names it: without `.gz`.
                let name = path.rsplit('/').next().unwrap_or(path);
                let name = name.strip_suffix(".gz").unwrap_or(name);
                Ok(vec![Entry {
                    name: name.to_string(),
                    data: Ok(data),
                }])
            }
        }
    }
}

fn zip_entries(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Entry>, ArchiveProblem> {
    let corrupt = |err: zip::result::ZipError| ArchiveProblem::Corrupt {
        format: "ZIP",
        detail: err.to_string(),
    };
    // The count the end record (or ZIP64's) declares, before the index is
    // parsed; the parsed count after, for an archive whose record lies.
    if let Some(declared) = super::sniff::declared_zip_entries(bytes) {
        check_count(usize::try_from(declared).unwrap_or(usize::MAX), budget)?;
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    check_count(zip.len(), budget)?;
    // Entries sharing their compressed bytes are how the worst bombs pack
    // terabytes in kilobytes; no archiver writes them.
    if zip.has_overlapping_entries().map_err(corrupt)? {
        return Err(ArchiveProblem::Overlapping);
    }
    // Both lists run in the archive's index order.
    let names: Vec<String> = zip
        .file_names_raw()
        .zip(zip.file_names())
        .map(|(raw, decoded)| zip_entry_name(raw, decoded.ok().as_deref()))
        .collect();
    let mut entries = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let file = match zip.by_index(index) {
            Ok(file) => file,
            Err(zip::result::ZipError::UnsupportedArchive(why))
                if why == zip::result::ZipError::PASSWORD_REQUIRED =>
            {
                entries.extend(entry(name, Err(ArchiveProblem::Encrypted)));
                continue;
            }
            Err(err) => return Err(corrupt(err)),
        };
        if file.is_dir() || file.is_symlink() {
            continue;
        }
        // The header's own claim, which a crafted archive may inflate.
        let packed = file.compressed_size().min(bytes.len() as u64);
        let data = read_capped(file, packed, budget, "ZIP");
        if let Err(
            problem @ (ArchiveProblem::TooLarge(_)
            | ArchiveProblem::EntryTooLarge
            | ArchiveProblem::Ratio(_)),
        ) = &data
        {
            return Err(problem.clone());
        }
        entries.extend(entry(name, data));
    }
    Ok(entries)
}

/// An entry's name as its writer meant it. UTF-8 where the bytes are UTF-8
/// (the flag set, or macOS, which writes UTF-8 without it); the decoder's
/// name where it found a Unicode path field (it then holds Cyrillic);
/// otherwise CP866, the OEM code page Windows' own zipping uses on a
/// Russian system, which the ZIP format's CP437 default would turn into
/// box-drawing characters.
fn zip_entry_name(raw: &[u8], decoded: Option<&str>) -> String {
    if let Ok(name) = std::str::from_utf8(raw) {
        return name.to_string();
    }
    match decoded {
        Some(name) if name.chars().any(is_cyrillic) => name.to_string(),
        _ => encoding_rs::IBM866
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

fn seven_z_entries(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Entry>, ArchiveProblem> {
    use sevenz_rust2::{ArchiveReader, Error, Password};
    let problem = |err: Error| match err {
        Error::PasswordRequired | Error::MaybeBadPassword(_) => ArchiveProblem::Encrypted,
        // Built without AES: an encrypted archive names its coder.
        Error::UnsupportedCompressionMethod(method) if method.to_uppercase().contains("AES") => {
            ArchiveProblem::Encrypted
        }
        other => ArchiveProblem::Corrupt {
            format: "7z",
            detail: other.to_string(),
        },
    };
    let mut reader = ArchiveReader::new(Cursor::new(bytes), Password::empty()).map_err(problem)?;
    reader.set_thread_count(1);
    check_count(reader.archive().files.len(), budget)?;
    let packed = bytes.len() as u64;
    let mut entries = Vec::new();
    let mut stopped = None;
    reader
        .for_each_entries(|file, content| {
            if file.is_directory() || !file.has_stream() {
                return Ok(true);
            }
            match read_capped(content, packed, budget, "7z") {
                Err(
                    limit @ (ArchiveProblem::TooLarge(_)
                    | ArchiveProblem::EntryTooLarge
                    | ArchiveProblem::Ratio(_)),
                ) => {
                    stopped = Some(limit);
                    Ok(false)
                }
                data => {
                    entries.extend(entry(file.name(), data));
                    Ok(true)
                }
            }
        })
        .map_err(problem)?;
    match stopped {
        Some(limit) => Err(limit),
        None => Ok(entries),
    }
}

fn tar_entries(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Entry>, ArchiveProblem> {
    let corrupt = |err: std::io::Error| ArchiveProblem::Corrupt {
        format: "tar",
        detail: err.to_string(),
    };
    let mut archive = tar::Archive::new(Cursor::new(bytes));
    let mut entries = Vec::new();
    let mut count = 0;
    for file in archive.entries().map_err(corrupt)? {
        let file = file.map_err(corrupt)?;
        count += 1;
        check_count(count, budget)?;
        if !file.header().entry_type().is_file() {
            continue;
        }
        let name = String::from_utf8_lossy(&file.path_bytes()).into_owned();
        let packed = file.header().size().unwrap_or(0);
        let data = read_capped(file, packed, budget, "tar")?;
        entries.extend(entry(&name, Ok(data)));
    }
    Ok(entries)
}

/// The entry under its cleaned path; none for a hidden file (`.DS_Store`,
/// `__MACOSX/._scan.jpg`); a problem for a path that leaves the archive.
fn entry(name: &str, data: Result<Vec<u8>, ArchiveProblem>) -> Option<Entry> {
    // Names inside an archive are data too; both separators split them.
    let normalised = name.replace('\\', "/");
    let parts: Vec<&str> = normalised
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    let escapes = normalised.starts_with('/')
        || parts.contains(&"..")
        || parts.first().is_some_and(|first| first.ends_with(':'));
    if escapes {
        return Some(Entry {
            name: parts.last().copied().unwrap_or("entry").to_string(),
            data: Err(ArchiveProblem::UnsafePath(name.to_string())),
        });
    }
    if parts.is_empty() || parts.iter().any(|part| is_hidden(part)) {
        return None;
    }
    let parts: Vec<String> = parts
        .iter()
        .map(|part| super::name_text(part.as_bytes()))
        .collect();
    Some(Entry {
        name: parts.join("/"),
        data,
    })
}

fn check_count(count: usize, budget: &Budget) -> Result<(), ArchiveProblem> {
    match count > budget.limits.max_entries {
        true => Err(ArchiveProblem::TooManyEntries(budget.limits.max_entries)),
        false => Ok(()),
    }
}

/// Reads an entry while it stays within the budget, the file size limit and
/// the ratio to its `packed` size; stops as soon as it does not, so a bomb
/// costs no more memory than the limit it broke.
fn read_capped(
    mut reader: impl Read,
    packed: u64,
    budget: &mut Budget,
    format: &'static str,
) -> Result<Vec<u8>, ArchiveProblem> {
    let limits = budget.limits;
    let cap = budget.bytes_left.min(MAX_FILE_BYTES);
    let ratio_cap = packed
        .saturating_mul(limits.max_ratio)
        .max(Limits::RATIO_FLOOR);
    let mut data = Vec::new();
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) => return Err(read_error(err, format)),
        };
        data.extend_from_slice(&chunk[..read]);
        let unpacked = data.len() as u64;
        if unpacked > ratio_cap {
            return Err(ArchiveProblem::Ratio(limits.max_ratio));
        }
        if unpacked > MAX_FILE_BYTES {
            return Err(ArchiveProblem::EntryTooLarge);
        }
        if unpacked > cap {
            return Err(ArchiveProblem::TooLarge(limits.max_unpacked_bytes));
        }
    }
    budget.bytes_left -= data.len() as u64;
    Ok(data)
}

fn read_error(err: std::io::Error, format: &'static str) -> ArchiveProblem {
    let text = err.to_string();
    if text.contains("assword") {
        return ArchiveProblem::Encrypted;
    }
    ArchiveProblem::Corrupt {
        format,
        detail: text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_zip_names_decode_from_cp866() {
        // «паспорт.jpg» as Windows' Russian OEM code page writes it.
        let raw = [
            0xAF, 0xA0, 0xE1, 0xAF, 0xAE, 0xE0, 0xE2, b'.', b'j', b'p', b'g',
        ];
        assert_eq!(zip_entry_name(&raw, Some("ปαßπ«αΓ.jpg")), "паспорт.jpg");
        assert_eq!(zip_entry_name("скан.pdf".as_bytes(), None), "скан.pdf");
        assert_eq!(zip_entry_name(&raw, Some("паспорт.jpg")), "паспорт.jpg");
    }

    #[test]
    fn entry_paths_never_leave_the_archive() {
        let ok =
            |name: &str| entry(name, Ok(Vec::new())).map(|entry| (entry.name, entry.data.is_ok()));
        assert_eq!(ok("docs\\скан.pdf"), Some(("docs/скан.pdf".into(), true)));
        assert_eq!(ok("./a/./b.pdf"), Some(("a/b.pdf".into(), true)));
        assert_eq!(ok("../../etc/passwd"), Some(("passwd".into(), false)));
        assert_eq!(ok("/etc/passwd"), Some(("passwd".into(), false)));
        assert_eq!(ok("C:\\Windows\\x.pdf"), Some(("x.pdf".into(), false)));
        assert_eq!(ok("__MACOSX/._scan.jpg"), None);
        assert_eq!(ok("folder/.DS_Store"), None);
    }

    #[test]
    fn reading_stops_at_the_limits() {
        let limits = Limits {
            max_unpacked_bytes: 10 * 1024 * 1024,
            ..Limits::default()
        };
        let mut budget = Budget::new(&limits);
        let zeros = std::io::repeat(0).take(64 * 1024 * 1024);
        assert_eq!(
            read_capped(zeros, 1024, &mut budget, "ZIP"),
            Err(ArchiveProblem::Ratio(200))
        );
        let zeros = std::io::repeat(0).take(64 * 1024 * 1024);
        assert_eq!(
            read_capped(zeros, 60 * 1024 * 1024, &mut budget, "ZIP"),
            Err(ArchiveProblem::TooLarge(10 * 1024 * 1024))
        );
        let small = std::io::repeat(0).take(1000);
        assert_eq!(
            read_capped(small, 10, &mut budget, "ZIP").unwrap().len(),
            1000
        );
        assert_eq!(budget.bytes_left, 10 * 1024 * 1024 - 1000);
    }
}
