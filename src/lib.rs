//! dossier: tells whether a client's folder of scans and PDFs is a complete,
//! valid bundle for a Kazakhstan temporary residence permit for work.
//!
//! The pipeline is a straight line of stages, each a module with a typed
//! input and output: [`discover`] → [`extract`] → [`classify`] → [`fields`] →
//! [`rules`] → [`report`]. [`check`] runs them in that order.

pub mod batch;
pub mod cache;
pub mod classify;
pub mod discover;
pub mod extract;
pub mod fields;
pub mod mrz;
pub mod report;
pub mod rules;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cache::Cache;
pub use crate::discover::Limits;
use crate::discover::{DiscoverError, SourceFile};
use crate::extract::OcrError;
use crate::fields::Document;
use crate::report::Report;

/// A file that yielded nothing to check, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
    /// What to do about it, where the rule's general hint would not say.
    #[serde(skip)]
    pub fix: Option<String>,
}

/// What became of one file.
#[derive(Debug, Clone)]
pub enum Analysed {
    Document(Box<Document>),
    Unreadable(Unreadable),
}

/// Errors that stop a run; a bad file never does, it becomes a finding.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error(transparent)]
    Lexicon(#[from] classify::lexicon::LexiconError),
    #[error("{path}: {source}")]
    Ocr {
        path: PathBuf,
        #[source]
        source: OcrError,
    },
}

/// How a run goes: the filing date, the cache, how far archives may
/// unpack, and who hears of progress.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub as_of: NaiveDate,
    pub cache: Option<&'a Cache>,
    pub limits: &'a Limits,
    pub progress: &'a dyn Progress,
}

/// What a long run reports as it goes. The command line draws a progress bar
/// or writes log lines from it; a library caller may ignore it ([`Quiet`]).
pub trait Progress: Sync {
    /// A bundle's files were found.
    fn found(&self, _bundle: &str, _files: usize) {}
    /// A file was read, from the cache or afresh, in `seconds`.
    fn read(&self, _bundle: &str, _path: &str, _pages: usize, _seconds: f64) {}
    /// A bundle's report is ready.
    fn checked(&self, _bundle: &str, _verdict: Option<report::Verdict>, _seconds: f64) {}
}

/// Hears nothing.
pub struct Quiet;

impl Progress for Quiet {}

/// Checks a bundle folder.
pub fn check(bundle: &Path, run: Run) -> Result<Report, Error> {
    let report = check_bundle(bundle, run);
    release_ocr_engines();
    report
}

/// Checks many bundles at once, in parallel on the current rayon pool (the
/// files and pages of each in parallel too), with each worker's OCR engines
/// kept for the whole run. Each result comes with the seconds it took.
pub fn check_all(bundles: &[PathBuf], run: Run) -> Vec<(Result<Report, Error>, f64)> {
    let results = bundles
        .par_iter()
        .map(|bundle| {
            let started = std::time::Instant::now();
            let report = check_bundle(bundle, run);
            (report, started.elapsed().as_secs_f64())
        })
        .collect();
    release_ocr_engines();
    results
}

/// Checks one bundle and tells the progress how it went.
fn check_bundle(bundle: &Path, run: Run) -> Result<Report, Error> {
    let started = std::time::Instant::now();
    let name = bundle_name(bundle);
    let report = read_and_judge(bundle, &name, run);
    let verdict = report.as_ref().ok().map(|report| report.verdict);
    run.progress
        .checked(&name, verdict, started.elapsed().as_secs_f64());
    report
}

fn read_and_judge(bundle: &Path, name: &str, run: Run) -> Result<Report, Error> {
    let files = discover::discover(bundle, run.limits)?;
    run.progress.found(name, files.len());
    let analysed = files
        .par_iter()
        .map(|file| {
            let started = std::time::Instant::now();
            let analysed = analyse(file, &bundle.join(&file.path), run.as_of, run.cache)?;
            let pages = analysed
                .iter()
                .map(|item| match item {
                    Analysed::Document(document) => document.pages.len(),
                    Analysed::Unreadable(_) => 0,
                })
                .sum();
            let seconds = started.elapsed().as_secs_f64();
            run.progress.read(name, &file.path, pages, seconds);
            Ok(analysed)
        })
        .collect::<Result<Vec<_>, Error>>();
    let (documents, unreadable) = split(analysed?.into_iter().flatten());
    let documents = join_photographed_pages(documents, run.as_of)?;
    let context = rules::Bundle {
        documents: &documents,
        unreadable: &unreadable,
        as_of: run.as_of,
    };
    let findings = rules::check(&context);
    let term = context.permit_term().map(|(term, _)| term);
    Ok(Report::new(
        name.to_string(),
        run.as_of,
        documents,
        unreadable,
        findings,
        term,
    ))
}

/// Reads one file on its own, as far as the rules would see it: an
/// archive's documents each, with the archive they came from.
pub fn inspect(path: &Path, as_of: NaiveDate, limits: &Limits) -> Result<Vec<Analysed>, Error> {
    let analysed = discover::read_file(path, limits)
        .iter()
        .map(|file| analyse(file, path, as_of, None))
        .collect::<Result<Vec<_>, Error>>()
        .map(|files| files.into_iter().flatten().collect());
    release_ocr_engines();
    analysed
}

/// Reads the machine-readable zone of one scan, photo or PDF, and nothing
/// else: no full-page OCR, so it takes a fraction of [`inspect`]'s time.
/// `Ok(Err(reason))` is a file that cannot be read.
pub fn read_mrz(path: &Path, as_of: NaiveDate) -> Result<Result<Option<mrz::Mrz>, String>, Error> {
    let mut files = discover::read_file(path, &Limits::default());
    let content = match files.remove(0).content {
        Ok(content) => content,
        Err(problem) => return Ok(Err(problem.to_string())),
    };
    let result = match extract::extract_zones(&content) {
        Ok(pages) => Ok(Ok(fields::page_mrz(&pages, as_of))),
        Err(extract::ExtractError::Ocr(source)) if source.is_fatal() => Err(Error::Ocr {
            path: path.to_path_buf(),
            source,
        }),
        Err(err) => Ok(Err(err.to_string())),
    };
    release_ocr_engines();
    result
}

/// Runs extract, classify and fields over one file, found at `path`: one
/// document, or each document of a scanned stack. Only an OCR engine that
/// cannot start or dictionaries that are missing are errors; anything wrong
/// with the file is [`Analysed::Unreadable`].
fn analyse(
    file: &SourceFile,
    path: &Path,
    as_of: NaiveDate,
    cache: Option<&Cache>,
) -> Result<Vec<Analysed>, Error> {
    let unreadable = |reason: String, fix: Option<String>| {
        vec![Analysed::Unreadable(Unreadable {
            path: file.path.clone(),
            reason,
            fix,
        })]
    };
    let content = match &file.content {
        Ok(content) => content,
        Err(problem) => return Ok(unreadable(problem.to_string(), problem.fix())),
    };
    let pages = match read_pages(content, cache) {
        Ok(pages) => pages,
        Err(extract::ExtractError::Ocr(source)) if source.is_fatal() => {
            return Err(Error::Ocr {
                path: path.to_path_buf(),
                source,
            });
        }
        Err(err) => return Ok(unreadable(err.to_string(), None)),
    };
    let parts = stack_parts(&pages, as_of);
    let origin = |part| Origin {
        path: file.path.clone(),
        part,
        duplicates: file.duplicates.clone(),
        unpacked_from: file.unpacked_from.clone(),
        continued_in: Vec::new(),
    };
    if parts.len() < 2 {
        return Ok(vec![Analysed::Document(document(
            origin(None),
            pages,
            as_of,
        )?)]);
    }
    parts
        .into_iter()
        .map(|indices| {
            let pages: Vec<extract::Page> = indices.iter().map(|&i| pages[i].clone()).collect();
            let part = fields::Part {
                first_page: pages[0].number,
                last_page: pages[pages.len() - 1].number,
            };
            Ok(Analysed::Document(document(
                origin(Some(part)),
                pages,
                as_of,
            )?))
        })
        .collect()
}

/// The documents a file's pages hold, as page indices (see
/// [`classify::split_stack`]).
fn stack_parts(pages: &[extract::Page], as_of: NaiveDate) -> Vec<Vec<usize>> {
    if pages.len() < 2 {
        return vec![(0..pages.len()).collect()];
    }
    classify::split_stack(&stack_pages(pages, as_of))
}

fn stack_pages(pages: &[extract::Page], as_of: NaiveDate) -> Vec<classify::StackPage<'_>> {
    pages
        .iter()
        .map(|page| classify::StackPage {
            text: &page.text,
            passport_mrz: fields::page_mrz(std::slice::from_ref(page), as_of)
                .as_ref()
                .is_some_and(mrz::Mrz::identifies_holder),
        })
        .collect()
}

/// Where a document's pages came from.
struct Origin {
    path: String,
    part: Option<fields::Part>,
    duplicates: Vec<String>,
    unpacked_from: Option<String>,
    continued_in: Vec<String>,
}

/// Classifies pages as one document and reads its fields.
fn document(
    origin: Origin,
    pages: Vec<extract::Page>,
    as_of: NaiveDate,
) -> Result<Box<Document>, Error> {
    let text: Vec<&str> = pages.iter().map(|page| page.text.as_str()).collect();
    let mrz = fields::page_mrz(&pages, as_of);
    let is_passport_mrz = mrz.as_ref().is_some_and(mrz::Mrz::identifies_holder);
    let classification = classify::classify(&text.join("\n"), is_passport_mrz)?;
    let identity = fields::identity::read_identity(&pages);
    let reading = fields::read_fields(&pages, &classification, mrz, &identity);
    Ok(Box::new(Document {
        path: origin.path,
        part: origin.part,
        duplicates: origin.duplicates,
        unpacked_from: origin.unpacked_from,
        continued_in: origin.continued_in,
        pages,
        classification,
        dates: reading.dates,
        fields: reading.fields,
        notarised: reading.notarised,
        identity,
    }))
}

/// Joins documents photographed a page a file (`договор стр1.jpg`,
/// `договор стр2.jpg`) into one: single pages in one folder whose names
/// differ only in their number, in that order, where no page after the
/// first starts a document of its own (see [`classify::split_stack`]).
/// Names that do not say «page» (`IMG_4021.jpg`, `IMG_4022.jpg`) join only
/// pages that each show the same kind. Pages are numbered through: page 2
/// is the first of `continued_in`.
fn join_photographed_pages(
    documents: Vec<Document>,
    as_of: NaiveDate,
) -> Result<Vec<Document>, Error> {
    let single: Vec<usize> = (0..documents.len())
        .filter(|&i| documents[i].pages.len() == 1 && documents[i].part.is_none())
        .collect();
    let names: Vec<&str> = single.iter().map(|&i| documents[i].path.as_str()).collect();
    let mut joins = Vec::new();
    for (run, says_page) in classify::page_runs(&names) {
        let run: Vec<usize> = run.into_iter().map(|i| single[i]).collect();
        let pages: Vec<extract::Page> =
            run.iter().map(|&i| documents[i].pages[0].clone()).collect();
        let stack = stack_pages(&pages, as_of);
        for part in classify::split_stack(&stack) {
            let kinds: Vec<_> = part
                .iter()
                .map(|&i| classify::page_kind(&stack[i]))
                .collect();
            let alike = kinds.iter().all(|kind| kind.is_some() && *kind == kinds[0]);
            if part.len() > 1 && (says_page || alike) {
                joins.push(part.into_iter().map(|i| run[i]).collect::<Vec<_>>());
            }
        }
    }
    if joins.is_empty() {
        return Ok(documents);
    }
    let mut slots: Vec<Option<Document>> = documents.into_iter().map(Some).collect();
    let mut joined = Vec::new();
    for indices in joins {
        let parts: Vec<Document> = indices.iter().filter_map(|&i| slots[i].take()).collect();
        joined.push(*join(parts, as_of)?);
    }
    joined.extend(slots.into_iter().flatten());
    Ok(joined)
}

fn join(parts: Vec<Document>, as_of: NaiveDate) -> Result<Box<Document>, Error> {
    let mut parts = parts.into_iter();
    let first = parts.next().expect("a run has pages");
    let mut origin = Origin {
        path: first.path,
        part: None,
        duplicates: first.duplicates,
        unpacked_from: first.unpacked_from,
        continued_in: Vec::new(),
    };
    let mut pages = first.pages;
    for (number, part) in (2..).zip(parts) {
        origin.continued_in.push(part.path);
        pages.extend(
            part.pages
                .into_iter()
                .map(|page| extract::Page { number, ..page }),
        );
    }
    document(origin, pages, as_of)
}

/// The file's pages from the cache, or extracted and then stored there.
fn read_pages(
    content: &discover::Content,
    cache: Option<&Cache>,
) -> Result<Vec<extract::Page>, extract::ExtractError> {
    let Some(cache) = cache else {
        return extract::extract(content);
    };
    if let Some(pages) = cache.get(&content.bytes) {
        return Ok(pages);
    }
    let pages = extract::extract(content)?;
    cache.put(&content.bytes, &pages);
    Ok(pages)
}

fn split(analysed: impl IntoIterator<Item = Analysed>) -> (Vec<Document>, Vec<Unreadable>) {
    let mut documents = Vec::new();
    let mut unreadable = Vec::new();
    for item in analysed {
        match item {
            Analysed::Document(document) => documents.push(*document),
            Analysed::Unreadable(file) => unreadable.push(file),
        }
    }
    (documents, unreadable)
}

/// Drops every thread's OCR engines before exit (Tesseract reports the
/// engines in rayon's never-dropped thread-locals as leaks otherwise).
fn release_ocr_engines() {
    rayon::broadcast(|_| extract::ocr::release_engines());
    extract::ocr::release_engines();
}

/// A confidence or share to two places: reports are read by people and
/// diffed in review, where 0.8731 says no more than 0.87.
pub(crate) fn two_places(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// The folder's own name, as the report titles it.
pub fn bundle_name(bundle: &Path) -> String {
    let absolute = bundle
        .canonicalize()
        .unwrap_or_else(|_| bundle.to_path_buf());
    absolute
        .components()
        .next_back()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".to_string())
}
