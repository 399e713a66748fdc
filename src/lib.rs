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
use crate::discover::{DiscoverError, SourceFile};
use crate::extract::OcrError;
use crate::fields::Document;
use crate::report::Report;

/// A file that yielded nothing to check, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
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
    #[error("{path}: {source}")]
    Ocr {
        path: PathBuf,
        #[source]
        source: OcrError,
    },
}

/// Checks a bundle folder as of a filing date.
pub fn check(bundle: &Path, as_of: NaiveDate, cache: Option<&Cache>) -> Result<Report, Error> {
    let report = check_bundle(bundle, as_of, cache);
    release_ocr_engines();
    report
}

/// Checks many bundles at once, in parallel on the current rayon pool (the
/// files and pages of each in parallel too), with each worker's OCR engines
/// kept for the whole run. Each result comes with the seconds it took.
pub fn check_all(
    bundles: &[PathBuf],
    as_of: NaiveDate,
    cache: Option<&Cache>,
) -> Vec<(Result<Report, Error>, f64)> {
    let results = bundles
        .par_iter()
        .map(|bundle| {
            let started = std::time::Instant::now();
            let report = check_bundle(bundle, as_of, cache);
            (report, started.elapsed().as_secs_f64())
        })
        .collect();
    release_ocr_engines();
    results
}

fn check_bundle(bundle: &Path, as_of: NaiveDate, cache: Option<&Cache>) -> Result<Report, Error> {
    let files = discover::discover(bundle)?;
    let analysed = files
        .par_iter()
        .map(|file| {
            analyse(file, as_of, cache).map_err(|source| Error::Ocr {
                path: bundle.join(&file.path),
                source,
            })
        })
        .collect::<Result<Vec<_>, _>>();
    let (documents, unreadable) = split(analysed?);
    let context = rules::Bundle {
        documents: &documents,
        unreadable: &unreadable,
        as_of,
    };
    let findings = rules::check(&context);
    let term = context.permit_term().map(|(term, _)| term);
    Ok(Report::new(
        bundle_name(bundle),
        as_of,
        documents,
        unreadable,
        findings,
        term,
    ))
}

/// Reads one file on its own, as far as the rules would see it.
pub fn inspect(path: &Path, as_of: NaiveDate) -> Result<Analysed, Error> {
    let file = discover::read_file(path);
    let analysed = analyse(&file, as_of, None).map_err(|source| Error::Ocr {
        path: path.to_path_buf(),
        source,
    });
    release_ocr_engines();
    analysed
}

/// Reads the machine-readable zone of one scan, photo or PDF, and nothing
/// else: no full-page OCR, so it takes a fraction of [`inspect`]'s time.
/// `Ok(Err(reason))` is a file that cannot be read.
pub fn read_mrz(path: &Path, as_of: NaiveDate) -> Result<Result<Option<mrz::Mrz>, String>, Error> {
    let content = match discover::read_file(path).content {
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

/// Runs extract, classify and fields over one file. Only an OCR engine that
/// cannot start is an error; anything wrong with the file is [`Analysed::Unreadable`].
fn analyse(
    file: &SourceFile,
    as_of: NaiveDate,
    cache: Option<&Cache>,
) -> Result<Analysed, OcrError> {
    let unreadable = |reason: String| {
        Analysed::Unreadable(Unreadable {
            path: file.path.clone(),
            reason,
        })
    };
    let content = match &file.content {
        Ok(content) => content,
        Err(problem) => return Ok(unreadable(problem.to_string())),
    };
    let cached = cache.and_then(|cache| cache.get(&content.bytes));
    let pages = match cached.map_or_else(|| extract::extract(content), Ok) {
        Ok(pages) => pages,
        Err(extract::ExtractError::Ocr(err)) if err.is_fatal() => return Err(err),
        Err(err) => return Ok(unreadable(err.to_string())),
    };
    if let Some(cache) = cache {
        cache.put(&content.bytes, &pages);
    }
    let text: Vec<&str> = pages.iter().map(|page| page.text.as_str()).collect();
    let mrz = fields::page_mrz(&pages, as_of);
    let is_passport_mrz = mrz.as_ref().is_some_and(mrz::Mrz::identifies_holder);
    let classification = classify::classify(&text.join("\n"), is_passport_mrz);
    let identity = fields::identity::read_identity(&pages);
    let (dates, fields) = fields::read_fields(&pages, &classification, mrz, &identity);
    Ok(Analysed::Document(Box::new(Document {
        path: file.path.clone(),
        duplicates: file.duplicates.clone(),
        pages,
        classification,
        dates,
        fields,
        identity,
    })))
}

fn split(analysed: Vec<Analysed>) -> (Vec<Document>, Vec<Unreadable>) {
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
