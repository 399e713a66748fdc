//! Runs the real `dossier` binary over every fixture bundle (see
//! fixtures/README.md) and checks the verdict, the finding codes, the kinds
//! and the permit term, then compares both reports with reviewed snapshots.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-24";

/// What a bundle must give: verdict, the codes of its errors and warnings
/// (infos are in the snapshot), and what limits the permit term.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    ready: bool,
    codes: Vec<String>,
    limited_by: Option<String>,
}

/// A fixture recipe (xtask/recipes/), as far as the test reads it.
#[derive(serde::Deserialize)]
struct Recipe {
    expect: Expected,
}

fn recipes() -> Vec<(String, Expected)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("xtask/recipes");
    let mut recipes: Vec<(String, Expected)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let recipe: Recipe =
                toml::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
            (name, recipe.expect)
        })
        .collect();
    recipes.sort_by(|a, b| a.0.cmp(&b.0));
    recipes
}

/// The bundles written from recipes, each as its recipe expects.
#[test]
fn bundles_from_recipes() {
    for (name, expected) in recipes() {
        run_bundle(&name, expected);
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Runs `dossier check` and returns the exit code and both reports. Every
/// file is read afresh unless `cache` names a cache folder.
fn check_cached(bundle: &Path, out: &Path, cache: Option<&Path>) -> (i32, String, String) {
    let mut command = Command::cargo_bin("dossier").unwrap();
    command.args(["check", "--as-of", AS_OF, "--format", "json", "--out"]);
    command.arg(out);
    match cache {
        Some(dir) => command.arg("--cache").arg(dir),
        None => command.arg("--no-cache"),
    };
    let output = command.arg(bundle).output().unwrap();
    let json = std::fs::read_to_string(out.join("report.json")).unwrap();
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        json,
        "--format json prints the report"
    );
    (output.status.code().unwrap(), json, markdown)
}

static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value =
        serde_json::from_str(include_str!("../schemas/report.schema.json")).unwrap();
    jsonschema::validator_for(&schema).unwrap()
});

/// One OCR cache for every bundle test that is not about the cache: the
/// same passport scan recurs in twenty bundles and is read once. Reports
/// are the same read fresh or cached (tested below), so sharing it hides
/// nothing.
static SHARED_CACHE: LazyLock<PathBuf> = LazyLock::new(|| tempdir("shared-cache"));

fn check(bundle: &Path, out: &Path) -> (i32, String, String) {
    check_cached(bundle, out, Some(&SHARED_CACHE))
}

fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut files: Vec<_> = walk(dir);
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<(PathBuf, u64)> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|entry| {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                walk(&entry.path())
            } else {
                vec![(entry.path(), meta.len())]
            }
        })
        .collect()
}

fn run_bundle(name: &str, expected: Expected) {
    let bundle = fixture(name);
    let before = listing(&bundle);
    let out = tempdir(name);
    let (code, json, markdown) = check(&bundle, &out);
    assert_eq!(
        listing(&bundle),
        before,
        "{name}: the bundle folder was written to"
    );

    let report: Value = serde_json::from_str(&json).unwrap();
    let errors: Vec<String> = SCHEMA
        .iter_errors(&report)
        .map(|err| format!("{err} at {}", err.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name}: report does not match the schema: {errors:#?}"
    );

    assert_eq!(
        code,
        if expected.ready { 0 } else { 1 },
        "{name}: exit code"
    );
    assert_eq!(
        report["verdict"],
        if expected.ready { "ready" } else { "not_ready" },
        "{name}"
    );
    let mut codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["severity"] != "info")
        .map(|finding| finding["code"].as_str().unwrap())
        .collect();
    codes.dedup();
    assert_eq!(codes, expected.codes, "{name}: error and warning codes");
    assert_eq!(
        report["permit_term"]["limited_by"].as_str(),
        expected.limited_by.as_deref(),
        "{name}: term limit"
    );

    for finding in report["findings"].as_array().unwrap() {
        let evidence = finding["evidence"].as_array().unwrap();
        let absent = ["missing-document", "missing-application-form"];
        let one_year = report["permit_term"]["limited_by"] == "one_year";
        let nothing_to_quote = absent.contains(&finding["code"].as_str().unwrap())
            || (finding["code"] == "permit-term-limited" && one_year);
        if !nothing_to_quote {
            assert!(!evidence.is_empty(), "{name}: no evidence for {finding}");
        }
        // An error never rests on an unsure reading: those are needs-review.
        if finding["severity"] == "error" {
            for item in evidence {
                let confidence = item["confidence"].as_f64().unwrap();
                assert!(confidence >= 0.6, "{name}: an error rests on {item}");
            }
        }
    }

    insta::assert_snapshot!(format!("{name}.json"), json);
    insta::assert_snapshot!(format!("{name}.md"), markdown);
    // The HTML report shows what the Markdown shows (the same text, by
    // one code path); one reviewed page stands for its markup.
    if name == "ready" {
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        insta::assert_snapshot!("ready.html", without_pictures(&html));
    }
}

/// The page with each embedded picture's bytes replaced by a placeholder:
/// the markup is reviewed, the JPEGs (whose bytes an encoder or OCR change
/// may move) are checked in a browser (`tests/html.rs`).
fn without_pictures(html: &str) -> String {
    let uri = regex::Regex::new("data:image/jpeg;base64,[A-Za-z0-9+/=]+").unwrap();
    uri.replace_all(html, "data:image/jpeg;base64,(a picture)")
        .into_owned()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

macro_rules! bundle {
    ($test:ident, $name:literal, ready: $ready:literal, codes: [$($code:literal),*], limited_by: $limit:expr) => {
        #[test]
        fn $test() {
            run_bundle($name, Expected {
                ready: $ready,
                codes: vec![$($code.to_string()),*],
                limited_by: $limit.map(str::to_string),
            });
        }
    };
}

bundle!(ready, "ready", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(missing_document, "missing-document", ready: false, codes: ["missing-document"], limited_by: Some("landlord_consent"));
bundle!(missing_application_form, "missing-application-form", ready: true, codes: ["missing-application-form"], limited_by: Some("landlord_consent"));
bundle!(expired_document, "expired-document", ready: false, codes: ["expired-document"], limited_by: None);
bundle!(expiring_document, "expiring-document", ready: true, codes: ["expiring-document"], limited_by: Some("landlord_consent"));
bundle!(untranslated_document, "untranslated-document", ready: false, codes: ["untranslated-document"], limited_by: Some("landlord_consent"));
bundle!(valid_permit_not_cancelled, "valid-permit-not-cancelled", ready: false, codes: ["valid-permit-not-cancelled"], limited_by: Some("landlord_consent"));
bundle!(previous_permit_terminated, "previous-permit-terminated", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(shortened_permit, "shortened-permit", ready: true, codes: ["expiring-document"], limited_by: Some("landlord_consent"));
bundle!(identity_mismatch, "identity-mismatch", ready: false, codes: ["identity-mismatch"], limited_by: Some("landlord_consent"));
bundle!(internal_passport, "internal-passport", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(employer_mismatch, "employer-mismatch", ready: false, codes: ["employer-mismatch"], limited_by: Some("landlord_consent"));
bundle!(invalid_identifier, "invalid-identifier", ready: true, codes: ["invalid-identifier"], limited_by: Some("landlord_consent"));
bundle!(consent_not_notarised, "consent-not-notarised", ready: false, codes: ["consent-not-notarised"], limited_by: Some("landlord_consent"));
bundle!(contract_not_registered, "contract-not-registered", ready: true, codes: ["contract-not-registered"], limited_by: Some("landlord_consent"));
bundle!(permit_term_limited, "permit-term-limited", ready: true, codes: [], limited_by: Some("passport"));
bundle!(unreadable_file, "unreadable-file", ready: true, codes: ["unreadable-file"], limited_by: Some("landlord_consent"));
bundle!(unclassified_document, "unclassified-document", ready: true, codes: ["unclassified-document"], limited_by: Some("landlord_consent"));
bundle!(duplicate_file, "duplicate-file", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(kazakh, "kazakh", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(english, "english", ready: false, codes: ["untranslated-document"], limited_by: Some("landlord_consent"));
bundle!(untranslated_foreign, "untranslated-foreign", ready: false, codes: ["untranslated-document"], limited_by: Some("landlord_consent"));
bundle!(translated_foreign, "translated-foreign", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(translation_not_certified, "translation-not-certified", ready: false, codes: ["translation-not-certified"], limited_by: Some("landlord_consent"));
bundle!(bilingual_contract, "bilingual-contract", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(esutd_wordings, "esutd-wordings", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(needs_review, "needs-review", ready: true, codes: ["needs-review"], limited_by: Some("landlord_consent"));
bundle!(phone_photos, "phone-photos", ready: false, codes: ["missing-document", "unreadable-file"], limited_by: Some("employment_contract"));
bundle!(zip_cp866, "zip-cp866", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(seven_z, "seven-z", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(tar_gz, "tar-gz", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(phone_formats, "phone-formats", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(office_documents, "office-documents", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(garbage_text_layer, "garbage-text-layer", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(hostile_archives, "hostile-archives", ready: true, codes: ["unreadable-file"], limited_by: Some("landlord_consent"));
bundle!(scanned_stack, "scanned-stack", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(photographed_contract, "photographed-contract", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(photographed_on_table, "photographed-on-table", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(hostile_files, "hostile-files", ready: true, codes: ["needs-review", "unreadable-file"], limited_by: Some("landlord_consent"));
bundle!(owner_applicant, "owner-applicant", ready: true, codes: [], limited_by: Some("employment_contract"));
bundle!(owner_in_person, "owner-in-person", ready: true, codes: [], limited_by: Some("employment_contract"));
bundle!(health_insurance, "health-insurance", ready: true, codes: [], limited_by: Some("landlord_consent"));
bundle!(uzbek_worker, "uzbek-worker", ready: false, codes: ["missing-document"], limited_by: Some("landlord_consent"));

/// The kinds of a bundle's documents, sorted (a translation with its
/// original's): what a packed, stacked or converted bundle must share with
/// the plain one.
fn kinds(report: &Value) -> Vec<String> {
    let mut kinds: Vec<String> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|document| format!("{} {}", document["kind"], document["translated_kind"]))
        .collect();
    kinds.sort();
    kinds
}

#[test]
fn archives_stacks_and_photos_read_as_the_folder_they_hold() {
    let (_, plain, _) = check(&fixture("ready"), &tempdir("plain-ready"));
    let plain: Value = serde_json::from_str(&plain).unwrap();
    let same_as_ready = [
        "zip-cp866",
        "seven-z",
        "tar-gz",
        "scanned-stack",
        "photographed-on-table",
    ];
    for name in same_as_ready {
        let (_, packed, _) = check(&fixture(name), &tempdir(&format!("packed-{name}")));
        let packed: Value = serde_json::from_str(&packed).unwrap();
        assert_eq!(kinds(&packed), kinds(&plain), "{name}: kinds");
        assert_eq!(packed["permit_term"], plain["permit_term"], "{name}: term");
        assert_eq!(packed["verdict"], plain["verdict"], "{name}: verdict");
    }
}

#[test]
fn a_hostile_archive_writes_nothing_anywhere() {
    let bundle = fixture("hostile-archives");
    let out = tempdir("hostile-out");
    check(&bundle, &out);
    // письмо.zip holds «../../outside/письмо.pdf».
    for base in [bundle.as_path(), out.as_path(), Path::new(".")] {
        let escaped = base.join("../../outside");
        assert!(!escaped.exists(), "{} was written", escaped.display());
    }
    let written: Vec<_> = listing(&out).into_iter().map(|(path, _)| path).collect();
    assert_eq!(
        written,
        [
            out.join("report.html"),
            out.join("report.json"),
            out.join("report.md")
        ]
    );
}

#[test]
fn the_same_bundle_gives_byte_identical_reports_fresh_or_cached() {
    let bundle = fixture("ready");
    let cache = tempdir("determinism-cache");
    let (_, fresh, fresh_md) = check_cached(&bundle, &tempdir("determinism-1"), None);
    let (_, cold, cold_md) = check_cached(&bundle, &tempdir("determinism-2"), Some(&cache));
    let (_, warm, warm_md) = check_cached(&bundle, &tempdir("determinism-3"), Some(&cache));
    assert_eq!(fresh, cold);
    assert_eq!(fresh_md, cold_md);
    assert_eq!(fresh, warm);
    assert_eq!(fresh_md, warm_md);
}

#[test]
fn every_bundle_is_tested() {
    let source = include_str!("bundles.rs");
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        // MRZ specimens, not bundles: tests/mrz.rs reads them; the hostile
        // corpus is an input a bundle, in tests/hostile.rs.
        let specimens = ["mrz", "passporteye", "hostile"];
        if entry.file_type().unwrap().is_dir() && !specimens.contains(&name.as_str()) {
            assert!(
                source.contains(&format!("\"{name}\", ready:"))
                    || source.contains(&format!("fixture(\"{name}\")"))
                    || recipes().iter().any(|(recipe, _)| *recipe == name),
                "fixtures/{name} has no test"
            );
        }
    }
}

#[test]
fn a_fact_stated_wrongly_stops_the_check_naming_the_file_and_its_key() {
    let out = tempdir("wrong-fact");
    let output = Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--quiet", "--as-of", AS_OF, "--out"])
        .arg(&out)
        .arg(fixture("wrong-fact"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("wrong-fact/dossier.toml: applicant_owns_dwelling: invalid type: string \"yes\", expected a boolean"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // A flag states a fact over the file, but does not mend it.
    let flagged = Command::cargo_bin("dossier")
        .unwrap()
        .args([
            "check",
            "--quiet",
            "--as-of",
            AS_OF,
            "--fact",
            "applicant_owns_dwelling=true",
            "--out",
        ])
        .arg(&out)
        .arg(fixture("wrong-fact"))
        .output()
        .unwrap();
    assert_eq!(flagged.status.code(), Some(2), "{flagged:?}");
}

/// A copy of a flat fixture in a scratch folder, its dossier.toml saying
/// `facts`.
fn restated(name: &str, facts: &str) -> PathBuf {
    let copy = tempdir(&format!("{name}-restated"));
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(fixture(name)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    std::fs::write(copy.join("dossier.toml"), facts).unwrap();
    copy
}

#[test]
fn a_filing_date_in_the_bundles_file_is_the_day_it_is_checked_for_unless_past() {
    let bundle = restated(
        "owner-applicant",
        "applicant_owns_dwelling = true\nfiling_date = 2099-01-05\n",
    );
    let out = tempdir("filing-date-out");
    let output = Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--quiet", "--format", "json", "--cache"])
        .arg(&*SHARED_CACHE)
        .arg("--out")
        .arg(&out)
        .arg(&bundle)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["as_of"], "2099-01-05", "{output:?}");
    let filing = report["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|fact| fact["key"] == "filing_date")
        .cloned();
    assert_eq!(
        filing,
        Some(serde_json::json!({"key": "filing_date", "value": "2099-01-05", "source": "file"}))
    );
    // By 2099 the passport has long expired: the documents were judged on
    // the file's day.
    assert_eq!(output.status.code(), Some(1));
    std::fs::write(bundle.join("dossier.toml"), "filing_date = 2020-01-01\n").unwrap();
    let past = Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--quiet", "--out"])
        .arg(&out)
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(past.status.code(), Some(2), "{past:?}");
    let stderr = String::from_utf8(past.stderr).unwrap();
    assert!(
        stderr.contains("filing_date: 2020-01-01 is before the day of the check"),
        "{stderr}"
    );
}

#[test]
fn a_fact_flag_overrides_the_bundles_file() {
    let out = tempdir("owner-flagged");
    let output = Command::cargo_bin("dossier")
        .unwrap()
        .args([
            "check", "--quiet", "--as-of", AS_OF, "--format", "json", "--cache",
        ])
        .arg(&*SHARED_CACHE)
        .args(["--fact", "applicant_owns_dwelling=false", "--out"])
        .arg(&out)
        .arg(fixture("owner-applicant"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let fact = |key: &str| {
        report["facts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|fact| fact["key"] == key)
            .cloned()
    };
    assert_eq!(
        fact("applicant_owns_dwelling"),
        Some(
            serde_json::json!({"key": "applicant_owns_dwelling", "value": false, "source": "flag"})
        )
    );
    // --as-of is the filing date a flag states.
    assert_eq!(
        fact("filing_date"),
        Some(serde_json::json!({"key": "filing_date", "value": AS_OF, "source": "flag"}))
    );
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    assert!(codes.contains(&"missing-document"), "{codes:?}");
}
