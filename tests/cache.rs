//! The OCR cache through the command line: a re-run reuses every entry, a
//! changed file adds exactly one, and a corrupt entry is rewritten without
//! changing the report.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-cache-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

/// Runs `dossier check` with the cache in `cache` and returns report.json.
fn check(bundle: &Path, cache: &Path, out: &Path) -> String {
    Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--as-of", "2026-11-24", "--out"])
        .arg(out)
        .arg("--cache")
        .arg(cache)
        .arg(bundle)
        .output()
        .unwrap();
    std::fs::read_to_string(out.join("report.json")).unwrap()
}

/// The cache's entries, sorted.
fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache)
        .unwrap()
        .flat_map(|folder| std::fs::read_dir(folder.unwrap().path()).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    found.sort();
    found
}

#[test]
fn reruns_hit_changes_miss_and_corrupt_entries_are_rewritten() {
    let bundle = scratch("bundle");
    std::fs::create_dir_all(&bundle).unwrap();
    for entry in std::fs::read_dir(fixture("missing-document")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), bundle.join(entry.file_name())).unwrap();
    }
    let files = std::fs::read_dir(&bundle).unwrap().count();
    let cache = scratch("cache");

    let cold = check(&bundle, &cache, &scratch("out-1"));
    let stored = entries(&cache);
    assert_eq!(stored.len(), files, "one entry a file");

    let warm = check(&bundle, &cache, &scratch("out-2"));
    assert_eq!(warm, cold);
    assert_eq!(entries(&cache), stored, "a re-run adds nothing");

    // Another employer's letter in place of this one: only it is read again.
    std::fs::copy(
        fixture("employer-mismatch/letter.pdf"),
        bundle.join("letter.pdf"),
    )
    .unwrap();
    check(&bundle, &cache, &scratch("out-3"));
    assert_eq!(entries(&cache).len(), files + 1);

    // A damaged entry is ignored, read afresh and written again whole.
    std::fs::write(&stored[0], "{ truncated").unwrap();
    std::fs::copy(
        fixture("missing-document/letter.pdf"),
        bundle.join("letter.pdf"),
    )
    .unwrap();
    let repaired = check(&bundle, &cache, &scratch("out-4"));
    assert_eq!(repaired, cold);
    let text = std::fs::read_to_string(&stored[0]).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_ok(),
        "{text}"
    );
}
