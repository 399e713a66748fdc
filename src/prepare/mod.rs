//! Stage 7: the filing pack. A bundle found ready becomes what a service
//! centre or eGov takes: one PDF per document in the checklist's order,
//! named by order and kind, its pages upright and searchable, and a
//! manifest with the SHA-256 of every file read and written, so that an
//! audit can prove what was filed and what it was made from.
//!
//! Nothing in the bundle is written to; the pack goes to its own folder.

mod cover;
mod crop;
mod manifest;
mod message;
mod pdf;
mod profile;
mod scan;
mod straighten;

pub use self::profile::{Profile, ProfileError};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use self::manifest::{Input, Manifest, Output};
use self::pdf::{Drawing, Line, Sheet, Title};
use self::scan::Scan;
use crate::Limits;
use crate::classify::DocumentKind;
use crate::discover::{self, Content, ContentType, DiscoverError};
use crate::extract::{self, BoundingBox, ExtractError, FileBudget, TextSource};
use crate::redact::Redaction;
use crate::report::{DocumentReport, Pictures, Report, Verdict};
use crate::rules::Finding;

/// How a pack is made.
#[derive(Debug, Clone)]
pub struct PrepareOptions {
    /// The folder the pack is written to; never inside the bundle.
    pub out: PathBuf,
    /// Prepare a bundle that is not ready, every page stamped a draft.
    pub force: bool,
    /// Where the pack is filed: its size limit, resolution and names.
    pub profile: Profile,
    /// A pack for third parties: passport numbers, IINs, zones and birth
    /// dates masked in its text and blacked out on its pages.
    pub redact: bool,
}

impl Default for PrepareOptions {
    fn default() -> Self {
        PrepareOptions {
            out: PathBuf::from("dossier-pack"),
            force: false,
            profile: Profile::default(),
            redact: false,
        }
    }
}

/// The pack written.
#[derive(Debug)]
pub struct Pack {
    pub dir: PathBuf,
    /// The files written, by name, in order, the manifest last.
    pub files: Vec<String>,
    /// The bundle was not ready and its pages are stamped as a draft.
    pub draft: bool,
    /// Files over the profile's size limit even at its least resolution
    /// and quality: written, legible, and to be split or filed otherwise.
    pub oversized: Vec<Oversized>,
}

/// A file the profile's limit could not be met for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversized {
    pub file: String,
    pub bytes: u64,
    pub limit: u64,
}

impl std::fmt::Display for Oversized {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "{} is {} bytes, over the profile's {} even at its least resolution; split the document or file it another way",
            self.file, self.bytes, self.limit
        )
    }
}

/// The check's reports, which the command line writes into the pack
/// beside its files: a pack written again replaces them.
pub const REPORTS: [&str; 3] = ["report.json", "report.md", "report.html"];

/// Why a pack was not written.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(
        "{bundle}: not ready ({errors} error(s) in the report); fix them, or write a draft with --force"
    )]
    NotReady { bundle: String, errors: usize },
    #[error("{0}: the pack would be written inside the bundle, which is never written to")]
    InsideBundle(PathBuf),
    #[error(
        "{0}: the folder holds files that are not a dossier pack; choose an empty folder with --out"
    )]
    NotAPack(PathBuf),
    #[error("{path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error("{path}")]
    Extract {
        path: String,
        #[source]
        source: ExtractError,
    },
    #[error("{0}: no longer readable as it was when checked; check the bundle again")]
    Vanished(String),
    #[error("{path}: its pages read {read}, its file now gives {found}; check the bundle again")]
    PagesChanged {
        path: String,
        read: usize,
        found: usize,
    },
    #[error("{path}: dossier failed while drawing it (internal error: {message})")]
    Internal { path: String, message: String },
    #[error("{path}")]
    Pdf {
        path: String,
        #[source]
        source: pdf::PdfError,
    },
}

impl PrepareError {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PrepareError + '_ {
        move |source| PrepareError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Writes the pack of `bundle`, whose check gave `report`.
pub fn prepare(
    bundle: &Path,
    report: &Report,
    limits: &Limits,
    options: &PrepareOptions,
) -> Result<Pack, PrepareError> {
    let draft = report.verdict == Verdict::NotReady;
    if draft && !options.force {
        return Err(PrepareError::NotReady {
            bundle: report.bundle.clone(),
            errors: report.summary.errors,
        });
    }
    let (dir, earlier) = pack_folder(bundle, &options.out)?;
    let discovered = discover::discover(bundle, limits)?;
    let contents = contents(&discovered);
    let redaction = options.redact.then(|| Redaction::of(report));
    let redacted = redaction.as_ref().map(|redaction| redaction.report(report));
    // What the pack says: the report, or its redacted copy; the files are
    // found by the report's own paths.
    let shown = redacted.as_ref().unwrap_or(report);
    let mut inputs = inputs(bundle, &discovered.files)?;
    let profile = &options.profile;
    let order = ordered(&report.documents);
    let documents: Vec<&DocumentReport> = order.iter().map(|&i| &report.documents[i]).collect();
    let mut written = documents
        .par_iter()
        .enumerate()
        .map(|(index, document)| {
            let name = profile.file_name(index + 1, &file_stem(document));
            let from = sources(document);
            let id = pdf_id(
                from.iter()
                    .filter_map(|path| inputs.iter().find(|input| &input.path == path)),
            );
            let title = Title {
                title: &name,
                as_of: report.as_of,
                id: &id,
            };
            // A bug in a decoder or the writer costs this pack, with the
            // file named, not the run (a batch goes on).
            let drawn = Drawn {
                profile,
                draft,
                redaction: redaction.as_ref(),
            };
            let pdf = crate::isolated(|| document_pdf(document, &contents, limits, drawn, &title))
                .map_err(|message| PrepareError::Internal {
                    path: document.path.clone(),
                    message,
                })??;
            Ok(Written { name, from, pdf })
        })
        .collect::<Result<Vec<_>, PrepareError>>()?;
    if let Some(redaction) = &redaction {
        for input in &mut inputs {
            input.path = redaction.text(&input.path);
            input.unpacked_from = input.unpacked_from.as_deref().map(|p| redaction.text(p));
            input.unread = input.unread.as_deref().map(|why| redaction.text(why));
        }
        for written in &mut written {
            written.from.iter_mut().for_each(|p| *p = redaction.text(p));
        }
    }
    let filed: Vec<cover::Filed> = order
        .iter()
        .zip(&written)
        .map(|(&index, written)| cover::Filed {
            name: &written.name,
            document: &shown.documents[index],
            pages: written.pdf.pages,
        })
        .collect();
    let drawn = Drawn {
        profile,
        draft,
        redaction: redaction.as_ref(),
    };
    let cover = cover_pdf(shown, &filed, &inputs, drawn)?;
    remove_earlier(&earlier)?;
    let mut outputs = Vec::new();
    for written in std::iter::once(cover).chain(written) {
        write(&dir, &written.name, &written.pdf.bytes)?;
        outputs.push(Output::of(
            written.name,
            &written.pdf.bytes,
            Some((written.pdf.pages, written.pdf.archival)),
            written.from,
        ));
    }
    let message = message::message(shown);
    write(&dir, message::FILE, message.as_bytes())?;
    outputs.push(Output::of(
        message::FILE.to_string(),
        message.as_bytes(),
        None,
        Vec::new(),
    ));
    for output in &mut outputs {
        // The limit is on each PDF.
        output.over_limit = output.pages.is_some() && output.bytes > profile.max_file_bytes;
    }
    let oversized = outputs
        .iter()
        .filter(|output| output.over_limit)
        .map(|output| Oversized {
            file: output.path.clone(),
            bytes: output.bytes,
            limit: profile.max_file_bytes,
        })
        .collect();
    let manifest = Manifest {
        bundle: shown.bundle.clone(),
        as_of: report.as_of,
        verdict: report.verdict,
        draft,
        redacted: options.redact,
        dossier: env!("CARGO_PKG_VERSION"),
        profile: profile.description.clone(),
        max_file_bytes: profile.max_file_bytes,
        inputs,
        outputs,
    };
    write(&dir, manifest::FILE, manifest.to_json().as_bytes())?;
    let mut files: Vec<String> = manifest.outputs.into_iter().map(|out| out.path).collect();
    files.push(manifest::FILE.to_string());
    Ok(Pack {
        dir,
        files,
        draft,
        oversized,
    })
}

/// Each file read, by its path in the bundle.
fn contents(discovered: &discover::Discovered) -> BTreeMap<&str, &Content> {
    discovered
        .files
        .iter()
        .filter_map(|file| Some((file.path.as_str(), file.content.as_ref().ok()?)))
        .collect()
}

/// The file at `path` as discovery read it; gone if the bundle changed
/// since it was checked.
fn content_of<'a>(
    contents: &BTreeMap<&str, &'a Content>,
    path: &str,
) -> Result<&'a Content, PrepareError> {
    contents
        .get(path)
        .copied()
        .ok_or_else(|| PrepareError::Vanished(path.to_string()))
}

/// The pictures `report.html` shows of a checked bundle: each document's
/// pages upright as they were read (not straightened: the evidence's
/// boxes stand where OCR read them), blacked out where `redaction` masks
/// (a typed page read by OCR again to place its secrets), thumbnailed,
/// with the evidence of each finding that OCR placed on a page cut out; by
/// the names `shown`, the report as written (`report` itself, or its copy
/// redacted by `redaction`), gives the documents and their evidence. A
/// document whose pages cannot be drawn again, or a page that cannot be
/// redacted, shows none: the pictures never fail the report.
pub fn pictures(
    bundle: &Path,
    (report, shown): (&Report, &Report),
    limits: &Limits,
    redaction: Option<&Redaction>,
) -> Pictures {
    let Ok(discovered) = discover::discover(bundle, limits) else {
        return Pictures::default();
    };
    let contents = contents(&discovered);
    report
        .documents
        .par_iter()
        .zip(&shown.documents)
        .enumerate()
        .map(|(index, (document, named))| {
            let name = named.name();
            crate::isolated(|| {
                document_pictures(
                    document,
                    (index, &name),
                    &shown.findings,
                    &contents,
                    limits,
                    redaction,
                )
            })
            .unwrap_or_default()
        })
        .reduce(Pictures::default, |mut all, more| {
            all.extend(more);
            all
        })
}

fn document_pictures(
    document: &DocumentReport,
    (index, name): (usize, &str),
    findings: &[Finding],
    contents: &BTreeMap<&str, &Content>,
    limits: &Limits,
    redaction: Option<&Redaction>,
) -> Pictures {
    let content = |path: &str| content_of(contents, path);
    let mut pictures = Pictures::default();
    let Ok(scans) = scans(document, &content, limits) else {
        return pictures;
    };
    for scan in scans {
        let scan = match redaction {
            Some(redaction) => scan.redacted(redaction, limits),
            None => scan,
        };
        let number = scan.page.number;
        let regions: Vec<BoundingBox> = findings
            .iter()
            .flat_map(|finding| &finding.evidence)
            .filter(|evidence| evidence.document == name && evidence.page == Some(number))
            .filter_map(|evidence| evidence.bbox)
            .collect();
        pictures.add_page((index, name), number, &scan.image, &regions);
    }
    pictures
}

/// A PDF of the pack: its name, the inputs it came from, and the PDF.
struct Written {
    name: String,
    from: Vec<String>,
    pdf: pdf::Written,
}

/// How the pack draws its PDFs.
#[derive(Clone, Copy)]
struct Drawn<'a> {
    profile: &'a Profile,
    /// The bundle was not ready: every page stamped a draft.
    draft: bool,
    /// What a pack for third parties masks.
    redaction: Option<&'a Redaction>,
}

/// `00-cover.pdf`, from every input.
fn cover_pdf(
    report: &Report,
    filed: &[cover::Filed],
    inputs: &[Input],
    drawn: Drawn,
) -> Result<Written, PrepareError> {
    let name = "00-cover.pdf".to_string();
    let sheets = text_pages(&cover::lines(report, filed));
    let id = pdf_id(inputs.iter());
    let title = Title {
        title: &name,
        as_of: report.as_of,
        id: &id,
    };
    let pdf = draw(&sheets, drawn, &title)?;
    let from = inputs.iter().map(|input| input.path.clone()).collect();
    Ok(Written { name, from, pdf })
}

/// The sheets as a PDF under the profile's size limit: drawn at its
/// resolution and quality, then at lower ones down to its least, the
/// first that fits kept; or, if none does, the least (the caller reports
/// it as over the limit).
fn draw(sheets: &[Sheet], drawn: Drawn, title: &Title) -> Result<pdf::Written, PrepareError> {
    let Drawn { profile, draft, .. } = drawn;
    let mut last = None;
    for (dpi, jpeg_quality) in profile.steps() {
        let drawing = Drawing {
            dpi,
            jpeg_quality,
            draft,
        };
        let written = pdf::write(sheets, drawing, title).map_err(|source| PrepareError::Pdf {
            path: title.title.to_string(),
            source,
        })?;
        if written.bytes.len() as u64 <= profile.max_file_bytes {
            return Ok(written);
        }
        last = Some(written);
    }
    Ok(last.expect("a profile has one step at least"))
}

/// The documents' indices in the checklist's order, each translation
/// after the document it translates, then by path.
fn ordered(documents: &[DocumentReport]) -> Vec<usize> {
    let mut ordered: Vec<usize> = (0..documents.len()).collect();
    ordered.sort_by_key(|&index| {
        let document = &documents[index];
        let (kind, translation) = match (document.kind, document.translated_kind) {
            (DocumentKind::Translation, Some(original)) => (original, true),
            (kind, _) => (kind, false),
        };
        (
            crate::report::checklist::filing_rank(kind),
            translation,
            document.path.clone(),
            document.part,
        )
    });
    ordered
}

/// `passport`, `employment-contract`, `employer-letter-translation`.
fn file_stem(document: &DocumentReport) -> String {
    let stem = match (document.kind, document.translated_kind) {
        (DocumentKind::Translation, Some(original)) => format!("{}-translation", original.as_str()),
        (kind, _) => kind.as_str().to_string(),
    };
    stem.replace('_', "-")
}

/// The files a document's pages came from, in order.
fn sources(document: &DocumentReport) -> Vec<String> {
    std::iter::once(&document.path)
        .chain(&document.continued_in)
        .cloned()
        .collect()
}

/// The document's PDF. A PDF whose every page is typed text, the whole of
/// its file, is filed as it is (its text is exact and its print sharper
/// than any rendering), unless the pack is a draft, whose every page must
/// say so, or redacted. Anything else is drawn afresh from its pages.
fn document_pdf(
    document: &DocumentReport,
    contents: &BTreeMap<&str, &Content>,
    limits: &Limits,
    drawn: Drawn,
    title: &Title,
) -> Result<pdf::Written, PrepareError> {
    let content = |path: &str| content_of(contents, path);
    let first = content(&document.path)?;
    let typed = document
        .pages
        .iter()
        .all(|page| page.source == TextSource::PdfText);
    if first.kind == ContentType::Pdf
        && typed
        && document.part.is_none()
        && document.continued_in.is_empty()
        && !drawn.draft
        && drawn.redaction.is_none()
    {
        return Ok(pdf::Written {
            bytes: first.bytes.clone(),
            pages: document.pages.len(),
            archival: false,
        });
    }
    if let Some(sheets) = text_sheets(document, &content, drawn.redaction)? {
        return draw(&sheets, drawn, title);
    }
    // Cropped before it is straightened (a dark frame hides the lines of
    // print from the skew's measure), and straightened before it is
    // blacked out (black boxes would read as lines of print).
    let sheets: Vec<Sheet> = scans(document, &content, limits)?
        .into_iter()
        .map(|scan| {
            let scan = scan.cropped().straightened();
            let scan = match drawn.redaction {
                Some(redaction) => scan.redacted(redaction, limits),
                None => scan,
            };
            scan.sheet(drawn.redaction)
        })
        .collect();
    draw(&sheets, drawn, title)
}

/// A Word or OpenDocument file's text on A4 sheets, its lines wrapped
/// (masked first, so that no wrap splits a secret past its mask); `None`
/// for a document of page images.
fn text_sheets<'a>(
    document: &DocumentReport,
    content: &impl Fn(&str) -> Result<&'a Content, PrepareError>,
    redaction: Option<&Redaction>,
) -> Result<Option<Vec<Sheet>>, PrepareError> {
    for path in sources(document) {
        if !matches!(content(&path)?.kind, ContentType::Docx | ContentType::Odt) {
            return Ok(None);
        }
    }
    let lines: Vec<Line> = document
        .pages
        .iter()
        .map(|page| match redaction {
            Some(redaction) => redaction.text(&page.text),
            None => page.text.clone(),
        })
        .flat_map(|text| {
            text.lines()
                .flat_map(|line| wrapped(line, pdf::CHARACTERS_A_LINE))
                .collect::<Vec<_>>()
        })
        .map(Line::body)
        .collect();
    Ok(Some(text_pages(&lines)))
}

/// The document's page images, each turned upright with the words OCR
/// read on it.
fn scans<'a, 'p>(
    document: &'p DocumentReport,
    content: &impl Fn(&str) -> Result<&'a Content, PrepareError>,
    limits: &Limits,
) -> Result<Vec<Scan<'p>>, PrepareError> {
    // A document of one file holds the pages its numbers name (a stack's
    // blank pages between them left out); one joined from photos, a page
    // from each file in turn.
    let mut images = Vec::new();
    for path in sources(document) {
        // The document numbers its pages through its files; each file of
        // one photographed a page a file holds its page as its first.
        let wanted: Vec<u32> = match document.continued_in.is_empty() {
            true => document.pages.iter().map(|page| page.number).collect(),
            false => vec![1],
        };
        let budget = FileBudget::new(limits);
        let pages = extract::page_images(content(&path)?, &wanted, &budget)
            .map_err(|source| PrepareError::Extract { path, source })?;
        images.extend(
            pages
                .into_iter()
                .filter(|(number, _)| wanted.contains(number)),
        );
    }
    if images.len() != document.pages.len() {
        return Err(PrepareError::PagesChanged {
            path: document.path.clone(),
            read: document.pages.len(),
            found: images.len(),
        });
    }
    Ok(images
        .iter()
        .zip(&document.pages)
        .map(|((_, image), page)| Scan::new(image, page))
        .collect())
}

/// Lines on as many A4 sheets as they take, one at least.
fn text_pages(lines: &[Line]) -> Vec<Sheet> {
    let mut sheets: Vec<Sheet> = lines
        .chunks(pdf::LINES_A_PAGE)
        .map(|lines| Sheet::Text(lines.to_vec()))
        .collect();
    if sheets.is_empty() {
        sheets.push(Sheet::Text(Vec::new()));
    }
    sheets
}

/// `line` cut at spaces into lines of at most `width` characters (a word
/// longer than that on a line of its own, cut).
fn wrapped(line: &str, width: usize) -> Vec<String> {
    let pieces = line.split_whitespace().flat_map(|word| {
        let chars: Vec<char> = word.chars().collect();
        chars
            .chunks(width.max(1))
            .map(|piece| piece.iter().collect::<String>())
            .collect::<Vec<_>>()
    });
    let mut lines = vec![String::new()];
    for piece in pieces {
        let current = lines.last().map_or(0, |line| line.chars().count());
        if current > 0 && current + 1 + piece.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
        }
    }
    lines
}

/// Every file the bundle holds, with its SHA-256 as the check read it:
/// each archive as it lies in the folder, and each file unpacked from it;
/// a file the check could not read, with why and no hash.
fn inputs(bundle: &Path, files: &[discover::SourceFile]) -> Result<Vec<Input>, PrepareError> {
    let mut inputs = Vec::new();
    let mut archives: Vec<&str> = files
        .iter()
        .filter_map(|file| file.unpacked_from.as_deref())
        .collect();
    archives.sort_unstable();
    archives.dedup();
    for archive in archives {
        let path = bundle.join(archive);
        // An archive inside an archive is not a file of the folder: the
        // outer archive's hash covers it. A link is never followed.
        if !std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_file()) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(PrepareError::io(&path))?;
        inputs.push(Input::of(archive.to_string(), None, &bytes));
    }
    for file in files {
        for path in std::iter::once(&file.path).chain(&file.duplicates) {
            inputs.push(match &file.content {
                Ok(content) => Input::of(path.clone(), file.unpacked_from.clone(), &content.bytes),
                // What the check could not open (a link, a FIFO, a file
                // over the limits) is not opened here either.
                Err(problem) => Input::unread(path.clone(), file.unpacked_from.clone(), problem),
            });
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(inputs)
}

/// The pack's folder, made: outside the bundle, and empty, or holding
/// an earlier pack or the check's reports alone, whose files it returns
/// for removal (nothing else is ever removed).
fn pack_folder(bundle: &Path, out: &Path) -> Result<(PathBuf, Vec<PathBuf>), PrepareError> {
    let bundle = bundle.canonicalize().map_err(PrepareError::io(bundle))?;
    let inside = crate::lies_within(out, &bundle).map_err(PrepareError::io(out))?;
    if inside {
        return Err(PrepareError::InsideBundle(out.to_path_buf()));
    }
    std::fs::create_dir_all(out).map_err(PrepareError::io(out))?;
    let dir = out.canonicalize().map_err(PrepareError::io(out))?;
    if dir.starts_with(&bundle) {
        return Err(PrepareError::InsideBundle(out.to_path_buf()));
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(PrepareError::io(&dir))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(PrepareError::io(&dir))?;
    // A folder of the check's reports alone has no manifest.
    let earlier = manifest::written_files(&dir).unwrap_or_default();
    let ours = |path: &PathBuf| {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| {
                name == manifest::FILE
                    || REPORTS.contains(&name)
                    || earlier.iter().any(|file| file == name)
            })
    };
    if !entries.iter().all(ours) {
        return Err(PrepareError::NotAPack(dir));
    }
    Ok((dir, entries))
}

/// Removes an earlier pack's files, once the new pack is drawn: a run that
/// fails before then leaves the earlier pack as it was.
fn remove_earlier(files: &[PathBuf]) -> Result<(), PrepareError> {
    for path in files {
        std::fs::remove_file(path).map_err(PrepareError::io(path))?;
    }
    Ok(())
}

/// A PDF's ID: the SHA-256 of its inputs' hashes, so that the same
/// inputs give the same file.
fn pdf_id<'a>(inputs: impl Iterator<Item = &'a Input>) -> String {
    let hashes: String = inputs.filter_map(|input| input.sha256.as_deref()).collect();
    sha256(hashes.as_bytes())
}

/// The SHA-256 of `bytes`, in lower-case hexadecimal.
fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Writes one file of the pack.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), PrepareError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(PrepareError::io(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_folder_inside_the_bundle_is_refused_before_it_is_made() {
        let root = std::env::temp_dir().join(format!("dossier-pack-folder-{}", std::process::id()));
        let bundle = root.join("bundle");
        std::fs::create_dir_all(&bundle).unwrap();
        for out in [
            bundle.join("pack/deeper"),
            root.join("elsewhere/../bundle/pack"),
        ] {
            assert!(matches!(
                pack_folder(&bundle, &out),
                Err(PrepareError::InsideBundle(_))
            ));
        }
        assert_eq!(std::fs::read_dir(&bundle).unwrap().count(), 0);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn lines_are_cut_at_spaces_and_long_words_cut() {
        assert_eq!(wrapped("one two three", 7), ["one two", "three"]);
        assert_eq!(wrapped("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrapped("", 4), [""]);
    }
}
