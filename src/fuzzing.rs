//! Entry points for `cargo fuzz` (the `fuzz/` crate), built only with the
//! `fuzzing` feature. Each runs one stage that takes untrusted bytes or
//! text the way `dossier check` runs it, but with OCR left out: Tesseract
//! takes a second a page, which would leave the fuzzer a few runs a
//! minute, and the pages it would read are the decoders' output, which
//! these targets do reach.

use chrono::NaiveDate;

use crate::discover::{self, Content, ContentType};
use crate::extract::{self, ExtractError, Page, TextLayer};
use crate::report::{Report, to_html, to_markdown};
use crate::{Limits, Unreadable, assemble, mrz, rules};

/// The filing date the targets judge by.
const AS_OF: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a valid date");

/// Sniffs `bytes` and unpacks them when they are an archive.
pub fn discover(bytes: &[u8]) -> Vec<discover::SourceFile> {
    discover::read_bytes_named("fuzzed", bytes.to_vec(), &Limits::default())
}

/// Reads `bytes` as a document of `kind`: text layers, page images decoded
/// and, for photos, the sheet found and squared; each page image is
/// handed to a reader that reads no text.
pub fn extract(kind: ContentType, bytes: &[u8]) -> Result<Vec<Page>, ExtractError> {
    let content = Content {
        kind,
        bytes: bytes.to_vec(),
    };
    let read_nothing = |number, _: &_| Ok(Page::text_layer(number, String::new()));
    let limits = Limits::default();
    let budget = extract::FileBudget::new(&limits);
    extract::extract_with(&content, read_nothing, TextLayer::Read, &budget)
}

/// Finds the dates in `text`, as the fields stage does on every page.
pub fn find_dates(text: &str) -> Vec<crate::fields::dates::FoundDate> {
    crate::fields::dates::find_dates(text)
}

/// Finds a machine-readable zone among `text`'s lines, alone and as one
/// of several readings of a page.
pub fn find_mrz(text: &str) -> Option<mrz::Mrz> {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let alone = mrz::find_mrz(&lines, AS_OF);
    let voted = mrz::best_reading(&[lines.clone(), lines], AS_OF);
    alone.or(voted)
}

/// A bundle of one file named by the bytes `name`, whose only page reads
/// `text`, and one unreadable file of the same name, judged and written
/// out in every format.
pub fn write_report(name: &[u8], text: &str) -> Written {
    let path = discover::name_text(name);
    let document = assemble::text_document(&path, text, AS_OF);
    let documents = document.into_iter().collect::<Vec<_>>();
    let unreadable = vec![Unreadable {
        path: path.clone(),
        reason: format!("corrupt PDF: {text}"),
        fix: None,
    }];
    // The text as a bundle's dossier.toml too: a statement of facts is
    // untrusted text as well.
    let stated = crate::Stated::parse(text).unwrap_or_default();
    let facts = crate::Facts::resolve(
        &crate::Stated::default(),
        &stated,
        &crate::facts::Observed::default(),
        AS_OF,
    );
    let bundle = rules::Bundle {
        documents: &documents,
        unreadable: &unreadable,
        hidden: std::slice::from_ref(&path),
        as_of: facts.filing_date(),
        facts: &facts,
    };
    let findings = rules::check(&bundle);
    let term = bundle.permit_term().map(|(term, _)| term);
    let as_of = bundle.as_of;
    let report = Report::new(path, as_of, documents, unreadable, findings, term, &facts);
    Written {
        json: report.to_json(),
        markdown: to_markdown(&report),
        html: to_html(&report, &crate::report::Pictures::default()),
        report,
    }
}

/// A report and what it is written as.
pub struct Written {
    pub report: Report,
    pub json: String,
    pub markdown: String,
    pub html: String,
}
