//! Many bundles in one run: which subfolders are bundles, which shard of a
//! split run each belongs to, and the summary a run (or several shards'
//! runs, merged) leaves behind.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classify::DocumentKind;
use crate::report::{Report, Verdict};

/// Why a batch cannot start or its summaries cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{path}: cannot list the bundles: {source}")]
    Root {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the summaries are for different filing dates ({first} and {second})")]
    MixedDates { first: NaiveDate, second: NaiveDate },
    #[error("bundle {0} is in more than one summary")]
    Duplicate(String),
    #[error("no summaries to merge")]
    Empty,
}

/// One shard of a run split over machines: `index` of `count`, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `K/N` with 1 ≤ K ≤ N.
    fn from_str(text: &str) -> Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("{text}: a shard is K/N, such as 2/8"))?;
        let parse = |n: &str| {
            n.trim()
                .parse::<u32>()
                .map_err(|err| format!("{text}: {err}"))
        };
        let shard = Shard {
            index: parse(index)?,
            count: parse(count)?,
        };
        if shard.index == 0 || shard.index > shard.count {
            return Err(format!("{text}: K must be between 1 and N"));
        }
        Ok(shard)
    }
}

impl Shard {
    /// Whether the bundle named `name` is this shard's. The name's BLAKE3
    /// hash decides, so every machine of a job array agrees without talking
    /// to the others, and a bundle keeps its shard as others come and go.
    pub fn holds(self, name: &str) -> bool {
        let hash = blake3::hash(name.as_bytes());
        let bytes: [u8; 8] = hash.as_bytes()[..8].try_into().expect("eight bytes");
        u64::from_le_bytes(bytes) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// The bundles under `root`: its immediate, non-hidden subfolders, by name.
pub fn bundles(root: &Path) -> Result<Vec<PathBuf>, BatchError> {
    let error = |source| BatchError::Root {
        path: root.to_path_buf(),
        source,
    };
    let mut bundles = Vec::new();
    for entry in std::fs::read_dir(root).map_err(error)? {
        let entry = entry.map_err(error)?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.file_type().map_err(error)?.is_dir() {
            bundles.push(entry.path());
        }
    }
    bundles.sort();
    Ok(bundles)
}

/// A bundle's line in a batch summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub bundle: String,
    pub verdict: Verdict,
    /// The purpose of stay it was checked for.
    #[serde(default)]
    pub purpose: String,
    /// The applicant's citizenship as the check took it (a state's code),
    /// where it was known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizenship: Option<String>,
    /// The day it was checked for: the run's, or the one its own
    /// `dossier.toml` states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_date: Option<NaiveDate>,
    pub errors: usize,
    pub warnings: usize,
    /// The kinds `missing-document` names.
    pub missing: Vec<DocumentKind>,
    pub permit_term_end: Option<NaiveDate>,
    /// Wall-clock seconds the bundle took, to a hundredth.
    pub seconds: f64,
    /// Why the bundle could not be checked at all (it is then not ready).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Row {
    pub fn new(report: &Report, seconds: f64) -> Row {
        let citizenship = report.facts.iter().find_map(|fact| match &fact.value {
            crate::facts::Value::Code(code) if fact.key == "citizenship" => Some(code.clone()),
            _ => None,
        });
        Row {
            bundle: report.bundle.clone(),
            verdict: report.verdict,
            purpose: report.purpose.to_string(),
            citizenship,
            filing_date: Some(report.as_of),
            errors: report.summary.errors,
            warnings: report.summary.warnings,
            missing: report.findings.iter().filter_map(|f| f.kind).collect(),
            permit_term_end: report.permit_term.as_ref().map(|term| term.end),
            seconds: (seconds * 100.0).round() / 100.0,
            error: None,
        }
    }

    /// A bundle that could not be checked, and why: never ready.
    pub fn failed(bundle: String, error: String, seconds: f64) -> Row {
        Row {
            bundle,
            verdict: Verdict::NotReady,
            purpose: String::new(),
            citizenship: None,
            filing_date: None,
            errors: 0,
            warnings: 0,
            missing: Vec::new(),
            permit_term_end: None,
            seconds: (seconds * 100.0).round() / 100.0,
            error: Some(error),
        }
    }

    fn status(&self) -> &'static str {
        match (&self.error, self.verdict) {
            (Some(_), _) => "failed",
            (None, Verdict::Ready) => "ready",
            (None, Verdict::NotReady) => "not_ready",
        }
    }
}

/// What a batch run writes as summary.json: the filing date and a row a
/// bundle, sorted by bundle name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub as_of: NaiveDate,
    pub rows: Vec<Row>,
}

impl Summary {
    pub fn new(as_of: NaiveDate, mut rows: Vec<Row>) -> Summary {
        rows.sort_by(|a, b| a.bundle.cmp(&b.bundle));
        Summary { as_of, rows }
    }

    /// Every bundle is ready.
    pub fn all_ready(&self) -> bool {
        self.rows.iter().all(|row| row.verdict == Verdict::Ready)
    }

    /// The shards' summaries as one: they must share the filing date and
    /// hold each bundle once (a bundle in two means shards overlapped).
    pub fn merge(summaries: Vec<Summary>) -> Result<Summary, BatchError> {
        let mut parts = summaries.into_iter();
        let first = parts.next().ok_or(BatchError::Empty)?;
        let as_of = first.as_of;
        let mut rows = first.rows;
        for part in parts {
            if part.as_of != as_of {
                return Err(BatchError::MixedDates {
                    first: as_of,
                    second: part.as_of,
                });
            }
            rows.extend(part.rows);
        }
        let merged = Summary::new(as_of, rows);
        if let Some(pair) = merged
            .rows
            .windows(2)
            .find(|pair| pair[0].bundle == pair[1].bundle)
        {
            return Err(BatchError::Duplicate(pair[0].bundle.clone()));
        }
        Ok(merged)
    }

    /// summary.csv: one header line, then a line a bundle; missing kinds are
    /// joined with `;`.
    pub fn to_csv(&self) -> String {
        let mut csv = String::from(
            "bundle,verdict,purpose,citizenship,filing_date,errors,warnings,missing,permit_term_end,seconds,error\n",
        );
        for row in &self.rows {
            let missing: Vec<String> = row.missing.iter().map(|kind| kind.to_string()).collect();
            csv.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{:.2},{}\n",
                csv_field(&row.bundle),
                row.status(),
                csv_field(&row.purpose),
                csv_field(row.citizenship.as_deref().unwrap_or_default()),
                row.filing_date.map_or(String::new(), |d| d.to_string()),
                row.errors,
                row.warnings,
                missing.join(";"),
                row.permit_term_end.map_or(String::new(), |d| d.to_string()),
                row.seconds,
                csv_field(row.error.as_deref().unwrap_or_default())
            ));
        }
        csv
    }

    /// The table printed at the end of a run.
    pub fn to_table(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|r| r.bundle.chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        let mut table = format!(
            "{:<width$}  {:<9}  {:<11}  {:>6}  {:>8}  {:<10}  missing\n",
            "bundle", "verdict", "citizenship", "errors", "warnings", "term end"
        );
        for row in &self.rows {
            let missing: Vec<String> = match &row.error {
                Some(error) => vec![error.clone()],
                None => row.missing.iter().map(|kind| kind.to_string()).collect(),
            };
            table.push_str(&format!(
                "{:<width$}  {:<9}  {:<11}  {:>6}  {:>8}  {:<10}  {}\n",
                row.bundle,
                row.status(),
                row.citizenship.as_deref().unwrap_or("-"),
                row.errors,
                row.warnings,
                row.permit_term_end
                    .map_or("-".to_string(), |d| d.to_string()),
                missing.join(", ")
            ));
        }
        let ready = self
            .rows
            .iter()
            .filter(|r| r.verdict == Verdict::Ready)
            .count();
        table.push_str(&format!(
            "{ready} of {} ready as of {}\n",
            self.rows.len(),
            self.as_of
        ));
        table
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(bundle: &str, verdict: Verdict) -> Row {
        Row {
            bundle: bundle.to_string(),
            verdict,
            purpose: "work".to_string(),
            citizenship: Some("UZB".to_string()),
            filing_date: Some(date()),
            errors: usize::from(verdict == Verdict::NotReady),
            warnings: 0,
            missing: Vec::new(),
            permit_term_end: None,
            seconds: 1.5,
            error: None,
        }
    }

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn every_bundle_is_in_exactly_one_shard() {
        let names: Vec<String> = (0..200).map(|i| format!("client-{i:03}")).collect();
        for count in 1..=7 {
            let mut sizes = vec![0; count as usize];
            for name in &names {
                let holders: Vec<u32> = (1..=count)
                    .filter(|&index| Shard { index, count }.holds(name))
                    .collect();
                assert_eq!(holders.len(), 1, "{name} in shards {holders:?} of {count}");
                sizes[holders[0] as usize - 1] += 1;
            }
            // The hash spreads them: no shard is empty or holds most.
            assert!(
                sizes
                    .iter()
                    .all(|&n| n > 0 && n < 200 * 2 / count as usize + 10),
                "{sizes:?}"
            );
        }
    }

    #[test]
    fn shards_parse_as_k_of_n() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        assert!("0/8".parse::<Shard>().is_err());
        assert!("9/8".parse::<Shard>().is_err());
        assert!("3".parse::<Shard>().is_err());
    }

    #[test]
    fn merging_sorts_rows_and_refuses_overlaps_and_mixed_dates() {
        let one = Summary::new(date(), vec![row("b", Verdict::Ready)]);
        let two = Summary::new(
            date(),
            vec![row("c", Verdict::NotReady), row("a", Verdict::Ready)],
        );
        let merged = Summary::merge(vec![one.clone(), two.clone()]).unwrap();
        let names: Vec<&str> = merged.rows.iter().map(|r| r.bundle.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(!merged.all_ready());
        assert!(matches!(
            Summary::merge(vec![one.clone(), one.clone()]),
            Err(BatchError::Duplicate(name)) if name == "b"
        ));
        let later = Summary::new(date().succ_opt().unwrap(), vec![row("d", Verdict::Ready)]);
        assert!(matches!(
            Summary::merge(vec![one, later]),
            Err(BatchError::MixedDates { .. })
        ));
    }

    #[test]
    fn csv_quotes_awkward_names() {
        let mut row = row("Иванов, Пётр", Verdict::NotReady);
        row.missing = vec![DocumentKind::Passport, DocumentKind::LandlordConsent];
        let csv = Summary::new(date(), vec![row]).to_csv();
        assert_eq!(
            csv.lines().nth(1),
            Some(
                "\"Иванов, Пётр\",not_ready,work,UZB,2026-11-24,1,0,passport;landlord_consent,,1.50,"
            )
        );
    }
}
