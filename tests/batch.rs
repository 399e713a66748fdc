//! `dossier batch` and `dossier summary`: two fixture bundles copied under a
//! root, checked as two shards, and the shards' summaries merged.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn dossier() -> Command {
    Command::cargo_bin("dossier").unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn shards_cover_every_bundle_once_and_merge_into_one_summary() {
    let root = scratch("root");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for bundle in ["missing-document", "identity-mismatch"] {
        copy_dir(&fixtures.join(bundle), &root.join(bundle));
    }
    let out = scratch("out");
    let mut bundles_seen = Vec::new();
    for shard in ["1/2", "2/2"] {
        let dir = out.join(shard.replace('/', "-of-"));
        let status = dossier()
            .args([
                "batch",
                "--no-cache",
                "--as-of",
                "2026-11-24",
                "--jobs",
                "2",
                "--shard",
                shard,
                "--out",
            ])
            .arg(&dir)
            .arg(&root)
            .output()
            .unwrap();
        let summary: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap())
                .unwrap();
        for row in summary["rows"].as_array().unwrap() {
            let bundle = row["bundle"].as_str().unwrap().to_string();
            // Each bundle's reports are written as `check` writes them.
            assert!(dir.join(&bundle).join("report.json").is_file());
            assert!(dir.join(&bundle).join("report.md").is_file());
            bundles_seen.push(bundle);
        }
        let any = !summary["rows"].as_array().unwrap().is_empty();
        assert_eq!(
            status.status.code(),
            Some(if any { 1 } else { 0 }),
            "{shard}"
        );
    }
    bundles_seen.sort();
    assert_eq!(bundles_seen, ["identity-mismatch", "missing-document"]);

    let merged = out.join("merged");
    let output = dossier()
        .arg("summary")
        .arg(out.join("1-of-2"))
        .arg(out.join("2-of-2"))
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let csv = std::fs::read_to_string(merged.join("summary.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(
        &rows[0][..9],
        [
            "identity-mismatch",
            "not_ready",
            "work",
            "RUS",
            "2026-11-24",
            "1",
            "0",
            "",
            "2027-05-31"
        ]
    );
    assert_eq!(
        &rows[1][..9],
        [
            "missing-document",
            "not_ready",
            "work",
            "RUS",
            "2026-11-24",
            "1",
            "0",
            "fingerprint_certificate",
            "2027-05-31"
        ]
    );
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("0 of 2 ready as of 2026-11-24"), "{table}");

    // The merged summary beside its shards holds every bundle twice: refused.
    let twice = dossier()
        .arg("summary")
        .arg(&merged)
        .arg(out.join("1-of-2"))
        .arg(out.join("2-of-2"))
        .arg("--out")
        .arg(out.join("twice"))
        .output()
        .unwrap();
    assert_eq!(twice.status.code(), Some(2));
    let stderr = String::from_utf8(twice.stderr).unwrap();
    assert!(stderr.contains("more than one summary"), "{stderr}");
}

#[test]
fn a_report_folder_inside_the_root_is_refused() {
    let root = scratch("refuse");
    std::fs::create_dir_all(root.join("client")).unwrap();
    let output = dossier()
        .args(["batch", "--out"])
        .arg(root.join("reports"))
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!root.join("reports").exists());
}

#[test]
fn with_prepare_each_ready_bundle_gets_its_pack_beside_its_reports() {
    let root = scratch("prepare-root");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for bundle in ["ready", "missing-document"] {
        copy_dir(&fixtures.join(bundle), &root.join(bundle));
    }
    let out = scratch("prepare-out");
    let output = dossier()
        .args([
            "batch",
            "--quiet",
            "--no-cache",
            "--as-of",
            "2026-11-24",
            "--prepare",
            "--out",
        ])
        .arg(&out)
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let manifest = out.join("ready").join("pack").join("manifest.json");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    // The cover, seven documents and the message to the client.
    assert_eq!(manifest["outputs"].as_array().unwrap().len(), 9);
    assert!(out.join("ready/pack/02-passport.pdf").is_file());
    // A bundle that is not ready gets its reports and no pack.
    assert!(out.join("missing-document/report.json").is_file());
    assert!(!out.join("missing-document/pack").exists());
}
