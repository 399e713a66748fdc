//! The MRZ evaluation: every specimen under fixtures/mrz (generated: each
//! format clean, turned, askew, blurred, on guilloche, 700 and 400 pixels
//! wide, and as a thumbnail) and
//! fixtures/passporteye (real ICAO specimen scans) is read with `read_mrz`,
//! and checked against its `expected.tsv`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

struct Expected {
    path: PathBuf,
    number: String,
    birth: NaiveDate,
    expiry: NaiveDate,
}

fn expected(folder: &str) -> Vec<Expected> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder);
    let table = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    table
        .lines()
        .skip(1)
        .map(|row| {
            let cols: Vec<&str> = row.split('\t').collect();
            Expected {
                path: dir.join(cols[0]),
                number: cols[1].to_string(),
                birth: cols[2].parse().unwrap(),
                expiry: cols[3].parse().unwrap(),
            }
        })
        .collect()
}

/// Reads every specimen; returns the paths that read valid, after checking
/// that each valid reading says what the specimen holds: a zone whose check
/// digits hold but whose facts are wrong would be the worst outcome.
fn valid_readings(specimens: &[Expected]) -> Vec<PathBuf> {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    specimens
        .par_iter()
        .filter_map(|specimen| {
            let mrz = dossier::read_mrz(&specimen.path, as_of, &dossier::Limits::default())
                .unwrap()
                .unwrap()
                .filter(|mrz| mrz.checks_valid)?;
            assert_eq!(
                (
                    mrz.document_number.as_str(),
                    mrz.birth_date,
                    mrz.expiry_date
                ),
                (
                    specimen.number.as_str(),
                    Some(specimen.birth),
                    Some(specimen.expiry)
                ),
                "{}",
                specimen.path.display()
            );
            Some(specimen.path.clone())
        })
        .collect()
}

#[test]
fn real_icao_specimens_read_valid() {
    let specimens = expected("passporteye");
    assert_eq!(valid_readings(&specimens).len(), specimens.len());
}

#[test]
fn generated_specimens_read_valid() {
    let specimens = expected("mrz");
    assert_eq!(specimens.len(), 40);
    let valid = valid_readings(&specimens);
    // Every one, the thumbnails, the TD1 card photographed 400 pixels
    // wide and the zones cropped to their lines among them.
    let unread: Vec<_> = specimens
        .iter()
        .filter(|specimen| !valid.contains(&specimen.path))
        .map(|specimen| specimen.path.display().to_string())
        .collect();
    assert!(unread.is_empty(), "did not read valid: {unread:?}");
}
