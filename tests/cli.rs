//! The command line's contract: exit codes, one-line errors, `inspect`,
//! `rules`, `explain`, and the README's rules table kept in step.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn dossier() -> Command {
    Command::cargo_bin("dossier").unwrap()
}

fn fixture(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

#[test]
fn a_missing_bundle_is_a_one_line_error_with_exit_2() {
    let output = dossier()
        .args(["check", "/nonexistent/bundle", "--out", "/tmp/dossier-none"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/nonexistent/bundle"), "{stderr}");
}

#[test]
fn a_report_folder_inside_the_bundle_is_refused() {
    let bundle = fixture("ready");
    let output = dossier()
        .arg("check")
        .arg(&bundle)
        .arg("--out")
        .arg(bundle.join("report"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("inside the bundle")
    );
    assert!(!bundle.join("report").exists());
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let output = dossier()
        .args(["check", "fixtures/ready", "--as-of", "31.02.2026"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn inspect_shows_the_passport_mrz_with_valid_checks() {
    let output = dossier()
        .args(["inspect", "--json", "--as-of", "2026-11-24"])
        .arg(fixture("ready/passport.jpg"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let inspection: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(inspection["kind"], "passport");
    let mrz = &inspection["mrz"];
    assert_eq!(mrz["format"], "TD3");
    assert_eq!(mrz["document_number"], "751234567");
    assert_eq!(mrz["nationality"], "RUS");
    assert_eq!(mrz["surname"], "VORONTSOV");
    assert_eq!(mrz["given_names"], "ANDREI");
    assert_eq!(mrz["birth_date"], "1990-04-15");
    assert_eq!(mrz["expiry_date"], "2031-05-20");
    assert_eq!(mrz["checks_valid"], true);
    assert!(
        inspection["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["phrase"] == "machine-readable zone")
    );
}

/// On the real ICAO specimens OCR reads the filler between ANNA and MARIA
/// as `K`, which no check digit covers; the printed page puts it right.
#[test]
fn inspect_takes_a_zone_name_the_printed_page_confirms() {
    for specimen in ["passport-td3.jpg", "passport-td2.jpg"] {
        let output = dossier()
            .args(["inspect", "--json", "--as-of", "2026-11-24"])
            .arg(fixture(&format!("passporteye/{specimen}")))
            .output()
            .unwrap();
        let inspection: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mrz = &inspection["mrz"];
        assert_eq!(mrz["checks_valid"], true, "{specimen}");
        assert_eq!(mrz["surname"], "ERIKSSON", "{specimen}");
        assert_eq!(mrz["given_names"], "ANNA MARIA", "{specimen}");
    }
}

#[test]
fn inspect_reports_a_broken_file_without_failing() {
    let output = dossier()
        .arg("inspect")
        .arg(fixture("unreadable-file/truncated.pdf"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("corrupt PDF")
    );
}

#[test]
fn rules_and_explain_print_each_purposes_data() {
    let family = dossier()
        .args(["rules", "--purpose", "family"])
        .output()
        .unwrap();
    assert!(family.status.success(), "{family:?}");
    let text = String::from_utf8(family.stdout).unwrap();
    assert!(
        text.contains("Documents the family purpose requires:"),
        "{text}"
    );
    assert!(text.contains("  family_relation "), "{text}");
    assert!(!text.contains("employer_letter"), "{text}");
    let unknown = dossier()
        .args(["rules", "--purpose", "tourism"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8(unknown.stderr).unwrap();
    assert!(
        stderr.contains("--purpose tourism: no such purpose; one of ") && stderr.contains("work"),
        "{stderr}"
    );
    let explained = dossier()
        .args(["explain", "missed-deadline"])
        .output()
        .unwrap();
    let text = String::from_utf8(explained.stdout).unwrap();
    assert!(
        text.contains("Deadlines of the work purpose:")
            && text.contains("15 days from previous_employment_ended to filing"),
        "{text}"
    );
}

#[test]
fn explain_prints_a_rule_and_refuses_unknown_codes() {
    let output = dossier()
        .args(["explain", "valid-permit-not-cancelled"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("more than one month")
    );
    assert_eq!(
        dossier()
            .args(["explain", "no-such-rule"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_readme_rules_table_matches_the_registry() {
    let output = dossier().args(["rules", "--markdown"]).output().unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README.md's rules table is out of date; paste `dossier rules --markdown` into it:\n{table}"
    );
}

#[test]
fn mrz_reads_each_file_and_fails_unless_all_validate() {
    let output = dossier()
        .args(["mrz", "--json", "--as-of", "2026-11-24"])
        .arg(fixture("passporteye/passport-td2.jpg"))
        .arg("/nonexistent/scan.jpg")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["mrz"]["format"], "TD2");
    assert_eq!(lines[0]["mrz"]["document_number"], "D23145890");
    assert_eq!(lines[0]["mrz"]["checks_valid"], true);
    assert_eq!(lines[1]["mrz"], Value::Null);
    assert!(lines[1]["error"].as_str().unwrap().contains("No such file"));

    let text = dossier()
        .args(["mrz", "--as-of", "2026-11-24"])
        .arg(fixture("passporteye/passport-td2.jpg"))
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(
        stdout.contains("1 of 1 read with every check digit valid"),
        "{stdout}"
    );
}

/// A scratch folder of this test's own.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_report_is_never_written_through_a_link() {
    let root = scratch("link");
    let bundle = root.join("bundle");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(bundle.join("empty.pdf"), b"").unwrap();
    let victim = root.join("client's file.pdf");
    std::fs::write(&victim, b"%PDF- the client's").unwrap();
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("report.md")).unwrap();
    let output = dossier()
        .args(["check", "--no-cache", "--as-of", "2026-11-24", "--out"])
        .arg(&out)
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read(&victim).unwrap(), b"%PDF- the client's");
    let report = out.join("report.md");
    assert!(!report.symlink_metadata().unwrap().is_symlink());
    assert!(
        std::fs::read_to_string(report)
            .unwrap()
            .starts_with("# dossier report")
    );
}

#[test]
fn an_unwritable_report_folder_is_refused_before_reading() {
    let root = scratch("unwritable");
    let out = root.join("a file, not a folder");
    std::fs::write(&out, b"").unwrap();
    let output = dossier()
        .args(["check", "--no-cache", "--out"])
        .arg(&out)
        .arg(fixture("ready"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("cannot create the report folder"),
        "{stderr}"
    );
}

#[test]
fn a_filing_date_outside_1900_to_2200_is_refused() {
    for date in ["+262142-12-31", "1899-12-31", "2201-01-01"] {
        let output = dossier()
            .args(["check", "--as-of", date])
            .arg(fixture("ready"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{date}");
    }
}

#[test]
fn file_names_are_printed_as_data() {
    let root = scratch("names");
    let bundle = root.join("bundle");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(bundle.join("x.pdf\n\n# READY"), b"").unwrap();
    std::fs::write(bundle.join("<img src=x onerror=alert(1)>.jpg"), b"").unwrap();
    std::fs::write(bundle.join("\x1b[32mok.pdf"), b"").unwrap();
    let out = root.join("out");
    let output = dossier()
        .args(["check", "--no-cache", "--as-of", "2026-11-24", "--out"])
        .arg(&out)
        .arg(&bundle)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(
        !stdout.lines().any(|line| line.starts_with("# READY")),
        "{stdout}"
    );
    assert!(stdout.contains("x.pdf\\n\\n# READY"), "{stdout}");
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!markdown.contains("<img"), "{markdown}");
    assert!(
        markdown.contains("&lt;img src=x onerror=alert(1)&gt;.jpg"),
        "{markdown}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains('\x1b'), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;.jpg"),
        "{html}"
    );
}
