//! `report.html` as a browser renders it: headless Chromium (Debian's
//! `chromium`, which `.ci/run` installs) loads the report of
//! `fixtures/ready` from the disk, its DOM is checked for what the page
//! must show, and a screenshot is saved beside the build
//! (`target/tmp/report-html.png`; the README's is one of these).

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

#[test]
fn the_html_report_renders_its_verdict_timeline_findings_and_documents() {
    let out: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
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
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ready"))
        .output()
        .unwrap();
    assert!(checked.status.success(), "{checked:?}");
    let page = out.join("report.html");
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
