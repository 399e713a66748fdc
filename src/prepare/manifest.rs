//! `manifest.json`: what the pack was made from and what it holds, each
//! file with its SHA-256, so that an audit can prove what was filed.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::report::Verdict;

/// The manifest's name in the pack.
pub const FILE: &str = "manifest.json";

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub bundle: String,
    pub as_of: NaiveDate,
    pub verdict: Verdict,
    /// The bundle was not ready; every drawn page says so.
    pub draft: bool,
    /// Passport numbers, IINs, zones and birth dates masked: a pack for
    /// third parties, not for filing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// The version of dossier that wrote the pack.
    pub dossier: &'static str,
    /// The profile the pack was drawn for, and its limit on a file.
    pub profile: String,
    pub max_file_bytes: u64,
    pub inputs: Vec<Input>,
    pub outputs: Vec<Output>,
}

/// A file of the bundle.
#[derive(Debug, Serialize)]
pub struct Input {
    pub path: String,
    /// The archive in the bundle it was unpacked from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpacked_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Why the check could not read it (and nothing hashed it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unread: Option<String>,
}

impl Input {
    pub fn of(path: String, unpacked_from: Option<String>, bytes: &[u8]) -> Input {
        Input {
            path,
            unpacked_from,
            bytes: Some(bytes.len() as u64),
            sha256: Some(super::sha256(bytes)),
            unread: None,
        }
    }

    pub fn unread(path: String, unpacked_from: Option<String>, why: impl ToString) -> Input {
        Input {
            path,
            unpacked_from,
            bytes: None,
            sha256: None,
            unread: Some(why.to_string()),
        }
    }
}

/// A file of the pack.
#[derive(Debug, Serialize, Deserialize)]
pub struct Output {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    /// A PDF's pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// A PDF claims PDF/A-2b, which krilla checked as it wrote it (a
    /// typed PDF filed as it came is counted as not claiming it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf_a: Option<bool>,
    /// The inputs it came from; none for the message to the client, which
    /// comes from the report.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub from: Vec<String>,
    /// A PDF over the profile's limit even at its least resolution and
    /// quality: written legible, to be split or filed another way.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub over_limit: bool,
}

impl Output {
    /// A file written: for a PDF, its pages and whether it claims PDF/A-2b.
    pub fn of(path: String, bytes: &[u8], pdf: Option<(usize, bool)>, from: Vec<String>) -> Output {
        Output {
            path,
            bytes: bytes.len() as u64,
            sha256: super::sha256(bytes),
            pages: pdf.map(|(pages, _)| pages),
            pdf_a: pdf.map(|(_, archival)| archival),
            from,
            over_limit: false,
        }
    }
}

impl Manifest {
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a manifest serialises");
        json.push('\n');
        json
    }
}

/// The files an earlier pack in `dir` wrote, as its manifest lists them;
/// `None` when there is no readable manifest.
pub fn written_files(dir: &Path) -> Option<Vec<String>> {
    #[derive(Deserialize)]
    struct Written {
        outputs: Vec<Output>,
    }
    let text = std::fs::read_to_string(dir.join(FILE)).ok()?;
    let written: Written = serde_json::from_str(&text).ok()?;
    Some(
        written
            .outputs
            .into_iter()
            .map(|output| output.path)
            .collect(),
    )
}
