//! `report.html` as a browser renders it: headless Chromium (Debian's
//! `chromium`, which `.ci/run` installs) loads the reports of
//! `fixtures/ready` and `fixtures/expired-document` from the disk, their
//! DOM is checked for what the page must show (the page thumbnails and a
//! finding's evidence cut out of its scan among it), and a screenshot is
//! saved beside the build (`target/tmp/report-html.png`; the README's is
//! one of these).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

fn chromium(args: &[&str], page: &Path) -> Option<std::process::Output> {
    let url = format!("file://{}", page.display());
    // As root (CI), Chromium runs only without its sandbox.
    match Process::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu"])
        .args(args)
        .arg(url)
        .output()
    {
        Ok(output) => Some(output),
        Err(err) => {
            eprintln!("skipped: chromium cannot run ({err}); `.ci/run` installs Debian's chromium");
            None
        }
    }
}

/// Checks the fixture bundle `name`, its reports written to a folder of
/// that name under the build's temporary folder; the report's folder.
fn check(name: &str) -> (PathBuf, std::process::Output) {
    let out: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("html-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let checked = Command::cargo_bin("dossier")
        .unwrap()
        .args([
            "check",
            "--quiet",
            "--no-cache",
            "--as-of",
            "2026-11-24",
            "--out",
        ])
        .arg(&out)
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(name),
        )
        .output()
        .unwrap();
    (out, checked)
}

/// Every picture embedded in `html`, decoded: the JPEGs are whole.
fn embedded_pictures(html: &str) -> Vec<image::DynamicImage> {
    use base64::Engine as _;
    html.split("data:image/jpeg;base64,")
        .skip(1)
        .map(|rest| {
            let encoded = &rest[..rest.find('"').unwrap()];
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap();
            image::load_from_memory(&bytes).unwrap()
        })
        .collect()
}

#[test]
fn the_html_report_renders_its_verdict_timeline_findings_and_documents() {
    let (out, checked) = check("ready");
    assert!(checked.status.success(), "{checked:?}");
    let page = out.join("report.html");
    // A thumbnail for each page (each file of the bundle holds one but
    // the fingerprint certificate's TIFF, two), and the consent's end,
    // which limits the term, cut out of its scan.
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<img class=\"page\"").count(), 8);
    assert_eq!(html.matches("<figure class=\"evidence\">").count(), 1);
    assert_eq!(embedded_pictures(&html).len(), 9);
    let Some(dom) = chromium(&["--dump-dom"], &page) else {
        return;
    };
    assert!(dom.status.success(), "{dom:?}");
    let dom = String::from_utf8(dom.stdout).unwrap();
    for shown in [
        "READY to file",
        "Permit term: 2026-11-24 to 2027-05-31",
        "<svg class=\"timeline\"",
        ">permit term</text>",
        ">passport valid until</text>",
        "<code>permit-term-limited</code>",
        "<td>passport.jpg</td>",
        "<td>fingerprint certificate</td><td>✓ in the bundle</td><td>fingerprints.tiff</td>",
    ] {
        assert!(
            dom.contains(shown),
            "the rendered page lacks {shown}:\n{dom}"
        );
    }
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-html.png");
    let shot = format!("--screenshot={}", screenshot.display());
    let Some(output) = chromium(&[&shot, "--window-size=1100,800"], &page) else {
        return;
    };
    assert!(output.status.success(), "{output:?}");
    // A blank page compresses to a few kilobytes; this one holds text,
    // tables and the timeline's bars.
    let bytes = std::fs::metadata(&screenshot).unwrap().len();
    assert!(bytes > 30_000, "{screenshot:?} is {bytes} bytes");
}

#[test]
fn a_findings_evidence_is_shown_cut_out_of_its_scan() {
    let (out, checked) = check("expired-document");
    assert_eq!(checked.status.code(), Some(1), "{checked:?}");
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    // The passport's end, where OCR read it on the photo: a strip about a
    // date wide (its box, 170 × 25 pixels, and half its height around).
    let cut = embedded_pictures(&html)
        .into_iter()
        .find(|picture| picture.width() < 300 && picture.height() < 60)
        .expect("a cut-out among the pictures");
    assert!(
        cut.width() > 150 && cut.height() > 30,
        "{:?}",
        (cut.width(), cut.height())
    );
    let Some(dom) = chromium(&["--dump-dom"], &page) else {
        return;
    };
    let dom = String::from_utf8(dom.stdout).unwrap();
    for shown in [
        "<figure class=\"evidence\"><img src=\"data:image/jpeg;base64,",
        "<figcaption>passport.jpg, p. 1: «15.10.2026», confidence 0.97</figcaption>",
    ] {
        assert!(
            dom.contains(shown),
            "the rendered page lacks {shown}:\n{dom}"
        );
    }
}

#[test]
fn a_document_of_a_scanned_stack_shows_its_pages_and_its_evidence() {
    // Eight pages in one scan, seven documents: each is named by its pages,
    // and its pictures are found by that name.
    let (out, checked) = check("scanned-stack");
    assert!(out.join("report.html").exists(), "{checked:?}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(html.matches("<img class=\"page\"").count(), 8);
    for shown in [
        "alt=\"scan_0001.pdf (page 3) page 3\"",
        "<figcaption>scan_0001.pdf (page 3), p. 3: «",
    ] {
        assert!(html.contains(shown), "report.html lacks {shown}");
    }
}
