//! dossier: tells whether a client's folder of scans and PDFs is a complete,
//! valid bundle for a Kazakhstan temporary residence permit for work.
//!
//! The pipeline is a straight line of stages, each a module with a typed
//! input and output: [`discover`] → [`extract`] → [`classify`] → [`fields`] →
//! [`rules`] → [`report`]. [`check`] runs them in that order; between
//! extract and classify, `assemble` makes the files' pages into documents
//! (a scanned stack split, pages photographed one a file joined).
//! [`prepare::prepare`] makes a checked bundle's filing pack.

mod assemble;
pub mod batch;
pub mod cache;
pub mod classify;
pub mod discover;
pub mod extract;
pub(crate) mod facts;
pub mod fields;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod limits;
pub mod mrz;
pub mod prepare;
mod redact;
pub mod report;
pub mod rules;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cache::Cache;
use crate::discover::DiscoverError;
use crate::extract::OcrError;
pub use crate::facts::{Channel, Fact, Facts, FactsError, Source as FactSource, Stated};
use crate::fields::Document;
pub use crate::limits::Limits;
pub use crate::redact::Redaction;
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
    /// The bundle's `dossier.toml` states its facts wrongly (the cause,
    /// which names the key, is the source).
    #[error("{path}")]
    Facts {
        path: PathBuf,
        #[source]
        source: FactsError,
    },
    #[error("{path}: {source}")]
    Ocr {
        path: PathBuf,
        #[source]
        source: OcrError,
    },
}

/// How a run goes: the filing date, the facts the flags state (over each
/// bundle's own `dossier.toml`), the cache, how far archives may unpack,
/// and who hears of progress.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// The filing date unless the facts state one (`filing_date`).
    pub as_of: NaiveDate,
    pub facts: &'a Stated,
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
/// kept for the whole run. `done` hears of each bundle as soon as it is
/// checked, with the seconds it took, so a caller can write its report
/// before the others finish.
pub fn check_all(
    bundles: &[PathBuf],
    run: Run,
    done: impl Fn(&Path, Result<Report, Error>, f64) + Sync,
) {
    bundles.par_iter().for_each(|bundle| {
        let started = std::time::Instant::now();
        let report = check_bundle(bundle, run);
        done(bundle, report, started.elapsed().as_secs_f64());
    });
    release_ocr_engines();
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
    let discover::Discovered { files, hidden } = discover::discover(bundle, run.limits)?;
    let facts_error = |source| Error::Facts {
        path: bundle.join(facts::FILE),
        source,
    };
    let stated = Stated::of_bundle(bundle).map_err(facts_error)?;
    // Flags a library caller set without parsing them are held to the
    // same terms.
    run.facts.check().map_err(facts_error)?;
    // A bundle is checked for a filing to come: a day of its own before
    // the check's would judge its documents on a day gone.
    if let Some(day) = stated
        .filing_date
        .filter(|day| run.facts.filing_date.is_none() && *day < run.as_of)
    {
        return Err(facts_error(FactsError {
            key: Some("filing_date".to_string()),
            message: format!(
                "{day} is before the day of the check, {}: a bundle is checked for a filing to come (--as-of checks another day)",
                run.as_of
            ),
        }));
    }
    // The filing date a flag or the file states is the one documents are
    // read for (a passport's zone is judged valid on it).
    let run = Run {
        as_of: (run.facts.filing_date)
            .or(stated.filing_date)
            .unwrap_or(run.as_of),
        ..run
    };
    run.progress.found(name, files.len());
    let analysed = files
        .par_iter()
        .map(|file| {
            let started = std::time::Instant::now();
            let analysed = assemble::analyse(file, &bundle.join(&file.path), run)?;
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
    let (documents, unreadable) = assemble::split(analysed?.into_iter().flatten());
    let documents = assemble::join_photographed_pages(documents, run.as_of)?;
    let observed = facts::Observed {
        citizenship: rules::citizenship(&documents),
    };
    let facts = Facts::resolve(run.facts, &stated, &observed, run.as_of);
    let context = rules::Bundle {
        documents: &documents,
        unreadable: &unreadable,
        hidden: &hidden,
        as_of: run.as_of,
        facts: &facts,
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
        &facts,
    ))
}

/// Reads one file on its own, as far as the rules would see it: an
/// archive's documents each, with the archive they came from.
pub fn inspect(path: &Path, as_of: NaiveDate, limits: &Limits) -> Result<Vec<Analysed>, Error> {
    let run = Run {
        as_of,
        facts: &Stated::default(),
        cache: None,
        limits,
        progress: &Quiet,
    };
    let analysed = discover::read_file(path, limits)
        .iter()
        .map(|file| assemble::analyse(file, path, run))
        .collect::<Result<Vec<_>, Error>>()
        .map(|files| files.into_iter().flatten().collect());
    release_ocr_engines();
    analysed
}

/// Reads the machine-readable zone of one scan, photo or PDF, and nothing
/// else: no full-page OCR, so it takes a fraction of [`inspect`]'s time.
/// `Ok(Err(reason))` is a file that cannot be read.
pub fn read_mrz(
    path: &Path,
    as_of: NaiveDate,
    limits: &Limits,
) -> Result<Result<Option<mrz::Mrz>, String>, Error> {
    // The zone of the file itself, or of an archive's first document.
    let first = discover::read_file(path, limits).into_iter().next();
    let content = match first.map(|file| file.content) {
        Some(Ok(content)) => content,
        Some(Err(problem)) => return Ok(Err(problem.to_string())),
        None => return Ok(Err("nothing to read".to_string())),
    };
    let budget = extract::FileBudget::new(limits);
    let zones = isolated(|| extract::extract_zones(&content, &budget))
        .unwrap_or_else(|panic| Err(extract::ExtractError::Internal(panic)));
    let result = match zones {
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

/// Drops every thread's OCR engines before exit (Tesseract reports the
/// engines in rayon's never-dropped thread-locals as leaks otherwise).
fn release_ocr_engines() {
    rayon::broadcast(|_| extract::ocr::release_engines());
    extract::ocr::release_engines();
}

/// Runs `read` and turns a panic inside it into its message: a bug while
/// reading one file (ours or a decoder's) must cost that file, not the run.
pub(crate) fn isolated<T>(read: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    })
}

/// A confidence or share to two places: reports are read by people and
/// diffed in review, where 0.8731 says no more than 0.87.
pub(crate) fn two_places(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// Whether `path` (which may not exist yet) lies within the folder
/// `within` (canonical), judged before anything is made: by its nearest
/// ancestor that exists, links resolved, and again with `..` taken
/// lexically, since `missing/../bundle/out` names no folder that exists
/// yet making it would make one inside `bundle`.
pub fn lies_within(path: &Path, within: &Path) -> std::io::Result<bool> {
    let absolute = std::path::absolute(path)?;
    let mut lexical = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            part => lexical.push(part),
        }
    }
    Ok([absolute, lexical].iter().any(|path| {
        path.ancestors()
            .find(|path| path.exists())
            .and_then(|path| path.canonicalize().ok())
            .is_some_and(|path| path.starts_with(within))
    }))
}

/// The folder's own name, as the report titles it.
pub fn bundle_name(bundle: &Path) -> String {
    let absolute = bundle
        .canonicalize()
        .unwrap_or_else(|_| bundle.to_path_buf());
    absolute
        .components()
        .next_back()
        .map(|part| discover::name_text(part.as_os_str().as_encoded_bytes()))
        .unwrap_or_else(|| "bundle".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_reading_is_its_message() {
        assert_eq!(isolated(|| 7), Ok(7));
        assert_eq!(
            isolated(|| -> u8 { panic!("`alpha_idx` too large") }),
            Err("`alpha_idx` too large".to_string())
        );
        let index = 3;
        assert_eq!(
            isolated(|| -> u8 { panic!("page {index}") }),
            Err("page 3".to_string())
        );
    }
}
