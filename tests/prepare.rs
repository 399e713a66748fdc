//! Runs `dossier prepare` over fixture bundles: the pack's files, their
//! order and names, the manifest (a reviewed snapshot), the PDFs as `qpdf`
//! and `pdftotext` see them, refusal of a bundle that is not ready, the
//! same pack from a bundle delivered zipped, as one scanned stack, as phone
//! photos or as Word files, and the redacted pack.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::LazyLock;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-24";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-prepare-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// One OCR cache for every test here: the bundles share their scans.
static CACHE: LazyLock<PathBuf> = LazyLock::new(|| tempdir("cache"));

fn prepare(bundle: &Path, out: &Path, force: bool) -> Output {
    prepare_with(bundle, out, force, &[])
}

fn prepare_with(bundle: &Path, out: &Path, force: bool, args: &[&str]) -> Output {
    let mut command = Command::cargo_bin("dossier").unwrap();
    command
        .args(["prepare", "--quiet", "--as-of", AS_OF, "--cache"])
        .arg(&*CACHE)
        .arg("--out")
        .arg(out)
        .args(args)
        .arg(bundle);
    if force {
        command.arg("--force");
    }
    command.output().unwrap()
}

/// The pack's files, by name, and their bytes.
fn pack(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn pdf_names(dir: &Path) -> Vec<String> {
    pack(dir)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.ends_with(".pdf"))
        .collect()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The SHA-256 of `bytes`, by `sha256sum`'s reckoning: the manifest's
/// hashes are checked against a tool that is not dossier's own code.
fn sha256sum(path: &Path) -> String {
    let output = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()[..64].to_string()
}

const READY_PACK: [&str; 8] = [
    "00-cover.pdf",
    "01-application-form.pdf",
    "02-passport.pdf",
    "03-employer-letter.pdf",
    "04-employer-letter-translation.pdf",
    "05-employment-contract.pdf",
    "06-landlord-consent.pdf",
    "07-fingerprint-certificate.pdf",
];

#[test]
fn a_ready_bundle_gives_its_documents_in_the_checklists_order_with_a_manifest() {
    let bundle = fixture("ready");
    let out = tempdir("ready");
    let output = prepare(&bundle, &out, false);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(pdf_names(&out), READY_PACK);

    let manifest = manifest(&out);
    let total: u64 = pack(&out).iter().map(|(_, bytes)| bytes.len() as u64).sum();
    assert!(total < 5 << 20, "the pack takes {total} bytes");
    for output in manifest["outputs"].as_array().unwrap() {
        let path = out.join(output["path"].as_str().unwrap());
        assert_eq!(output["sha256"], sha256sum(&path), "{path:?}");
    }
    for input in manifest["inputs"].as_array().unwrap() {
        let path = bundle.join(input["path"].as_str().unwrap());
        assert_eq!(input["sha256"], sha256sum(&path), "{path:?}");
    }
    // The output hashes are checked above and again below, byte for byte,
    // run against run; what the snapshot holds is what they came from.
    let mut reviewed = manifest.clone();
    for output in reviewed["outputs"].as_array_mut().unwrap() {
        output["sha256"] = Value::from("(checked against the file)");
        output["bytes"] = Value::from("(its size)");
    }
    insta::assert_snapshot!(
        "ready.manifest.json",
        serde_json::to_string_pretty(&reviewed).unwrap()
    );

    // The cover, as a PDF reader gives its text back.
    if let Some(text) = tool(
        "pdftotext",
        &[
            "-layout".as_ref(),
            out.join("00-cover.pdf").as_os_str(),
            "-".as_ref(),
        ],
    ) {
        insta::assert_snapshot!("ready.cover.txt", String::from_utf8(text.stdout).unwrap());
    }

    let again = tempdir("ready-again");
    prepare(&bundle, &again, false);
    assert!(
        pack(&out) == pack(&again),
        "the same bundle and date gave different packs"
    );
    // A pack written over an earlier one replaces it.
    let output = prepare(&bundle, &out, false);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(pack(&out) == pack(&again));
}

/// Runs a tool from poppler or qpdf, or says why the check is skipped.
fn tool(name: &str, args: &[&std::ffi::OsStr]) -> Option<Output> {
    match std::process::Command::new(name).args(args).output() {
        Ok(output) => Some(output),
        Err(err) => {
            eprintln!(
                "skipped: {name} cannot run ({err}); `.ci/run` installs qpdf and poppler-utils"
            );
            None
        }
    }
}

#[test]
fn every_pdf_of_the_pack_is_sound_and_gives_its_text_back() {
    let out = tempdir("tools");
    let output = prepare(&fixture("ready"), &out, false);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // What each document's text must give back, OCR'd or typed.
    let expected = [
        ("00-cover.pdf", "Checklist"),
        ("01-application-form.pdf", "ВОРОНЦОВ"),
        ("02-passport.pdf", "VORONTSOV"),
        ("03-employer-letter.pdf", "STEPNOY KOD"),
        ("04-employer-letter-translation.pdf", "Степной Код"),
        ("05-employment-contract.pdf", "ТРУДОВОЙ ДОГОВОР"),
        ("06-landlord-consent.pdf", "собственника"),
        ("07-fingerprint-certificate.pdf", "Дактилоскопическая"),
    ];
    for (name, phrase) in expected {
        let path = out.join(name);
        let Some(check) = tool("qpdf", &["--check".as_ref(), path.as_os_str()]) else {
            return;
        };
        assert!(check.status.success(), "{name}: {check:?}");
        let Some(text) = tool("pdftotext", &[path.as_os_str(), "-".as_ref()]) else {
            return;
        };
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains(phrase), "{name} gives back:\n{text}");
    }
}

#[test]
fn a_bundle_not_ready_is_refused_and_with_force_drafted() {
    let bundle = fixture("missing-document");
    let out = tempdir("missing-document");
    let refused = prepare(&bundle, &out, false);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(!out.exists(), "a refused pack left {out:?}");

    let forced = prepare(&bundle, &out, true);
    assert_eq!(forced.status.code(), Some(1), "still not ready");
    assert_eq!(manifest(&out)["draft"], true);
    let Some(cover) = cover(&out) else {
        return;
    };
    assert!(
        cover.contains("✗ fingerprint certificate: missing (missing-document)"),
        "{cover}"
    );
    // The client reads what to bring in three languages, without the
    // specialist's codes.
    let message = std::fs::read_to_string(out.join("client-message.md")).unwrap();
    for rule in ["missing-document", "error", "fingerprint_certificate"] {
        assert!(!message.contains(rule), "{message}");
    }
    insta::assert_snapshot!("missing-document.client-message.md", message);
    let contract = out.join("04-employment-contract.pdf");
    let Some(text) = tool("pdftotext", &[contract.as_os_str(), "-".as_ref()]) else {
        return;
    };
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("DRAFT, NOT READY"), "{text}");
}

/// The pack's cover as a PDF reader gives its text back, where poppler is
/// installed.
fn cover(out: &Path) -> Option<String> {
    let text = tool(
        "pdftotext",
        &[out.join("00-cover.pdf").as_os_str(), "-".as_ref()],
    )?;
    Some(String::from_utf8(text.stdout).unwrap())
}

#[test]
fn another_purposes_pack_is_filed_in_its_order_and_names_no_employer() {
    let out = tempdir("family-reunification");
    let output = prepare(&fixture("family-reunification"), &out, false);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let Some(cover) = cover(&out) else {
        return;
    };
    assert!(
        cover.starts_with("Filing pack: temporary residence permit (family reunification)"),
        "{cover}"
    );
    assert!(!cover.contains("Employer:"), "{cover}");
    assert!(
        cover.contains("✓ family relation: 03-family-relation.pdf"),
        "{cover}"
    );
}

#[test]
fn a_bundle_however_delivered_gives_the_plain_bundles_pack() {
    let pages = |dir: &Path| -> Vec<(String, u64)> {
        manifest(dir)["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|output| {
                let path = output["path"].as_str().unwrap().to_string();
                Some((path, output["pages"].as_u64()?))
            })
            .collect()
    };
    // `ready` zipped by Windows, as one scanned stack, in 7z and tar.gz
    // archives, photographed on a table a page a photo; the fixtures'
    // essentials (`invalid-identifier` is they,
    // an IIN added to the consent's text) with the passport an iPhone's
    // HEIC and the consent a WebP, and with the contract a Word file and
    // the letter an OpenDocument one.
    let deliveries = [
        (
            "ready",
            [
                "zip-cp866",
                "scanned-stack",
                "seven-z",
                "tar-gz",
                "photographed-on-table",
            ]
            .as_slice(),
        ),
        (
            "invalid-identifier",
            ["phone-formats", "office-documents"].as_slice(),
        ),
    ];
    for (plain, delivered) in deliveries {
        let plain_pack = tempdir(&format!("plain-{plain}"));
        prepare(&fixture(plain), &plain_pack, false);
        assert!(!pages(&plain_pack).is_empty(), "{plain}");
        for delivered in delivered {
            let out = tempdir(delivered);
            let output = prepare(&fixture(delivered), &out, false);
            assert_eq!(output.status.code(), Some(0), "{delivered}: {output:?}");
            assert_eq!(pages(&out), pages(&plain_pack), "{delivered}");
        }
    }
    // A contract photographed a page a photo is one document of three pages.
    let out = tempdir("photographed-contract");
    let output = prepare(&fixture("photographed-contract"), &out, false);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        pages(&out).contains(&("04-employment-contract.pdf".to_string(), 3)),
        "{:?}",
        pages(&out)
    );
}

#[test]
fn the_pack_is_never_written_inside_the_bundle_or_over_other_files() {
    let bundle = fixture("ready");
    let output = prepare(&bundle, &bundle.join("pack"), false);
    assert_eq!(output.status.code(), Some(2));
    assert!(!bundle.join("pack").exists());
    // Through a folder that does not exist: making it would make the
    // bundle's subfolder.
    let roundabout = bundle.join("../no-such-folder/../ready/pack");
    let output = prepare(&bundle, &roundabout, false);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(!bundle.join("pack").exists());

    let out = tempdir("not-a-pack");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let output = prepare(&bundle, &out, false);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("not a dossier pack"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_document_over_the_profiles_limit_is_shrunk_or_reported_never_dropped() {
    let egov =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles/egov.toml"))
            .unwrap();
    let dir = tempdir("profiles");
    std::fs::create_dir_all(&dir).unwrap();
    let tight = dir.join("tight.toml");
    std::fs::write(&tight, egov.replace("4_194_304", "100_000")).unwrap();
    let out = tempdir("tight");
    let output = prepare_with(
        &fixture("ready"),
        &out,
        false,
        &["--profile", tight.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    // The consent's scan fits once drawn at a lower resolution; the
    // passport's photo does not, and is named.
    let consent = std::fs::metadata(out.join("06-landlord-consent.pdf")).unwrap();
    assert!(consent.len() <= 100_000, "{}", consent.len());
    assert!(
        stdout.contains("over the limit: 02-passport.pdf"),
        "{stdout}"
    );
    assert_eq!(manifest(&out)["max_file_bytes"], 100_000);
    let over: Vec<Value> = manifest(&out)["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|output| output["over_limit"] == true)
        .map(|output| output["path"].clone())
        .collect();
    assert!(over.contains(&Value::from("02-passport.pdf")), "{over:?}");

    let misspelt = dir.join("misspelt.toml");
    std::fs::write(&misspelt, egov.replace("max_file_bytes", "max_file_size")).unwrap();
    let output = prepare_with(
        &fixture("ready"),
        &tempdir("misspelt"),
        false,
        &["--profile", misspelt.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("misspelt.toml") && stderr.contains("max_file_size"),
        "{stderr}"
    );
}

/// `(xMin, yMin, xMax, yMax)` of each word `pdftotext -bbox` finds spelt
/// `word` on the first page, with the page's height.
fn word_boxes(pdf: &Path, word: &str) -> Option<(Vec<[f32; 4]>, f32)> {
    let output = tool(
        "pdftotext",
        &["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()],
    )?;
    let html = String::from_utf8(output.stdout).unwrap();
    let number = |text: &str, key: &str| -> f32 {
        let start = text.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        text[start..].split('"').next().unwrap().parse().unwrap()
    };
    let height = number(&html, "height");
    let boxes = html
        .lines()
        .filter(|line| line.contains(&format!(">{word}</word>")))
        .map(|line| ["xMin", "yMin", "xMax", "yMax"].map(|key| number(line, key)))
        .collect();
    Some((boxes, height))
}

#[test]
fn a_photo_taken_upside_down_is_filed_upright_with_its_words_over_their_print() {
    let out = tempdir("upside-down");
    prepare(&fixture("phone-photos"), &out, true);
    let passport = out.join("02-passport.pdf");
    // The page as a reader sees it, rendered by poppler and read by
    // `dossier inspect`, which turns a page until it reads: it must need no
    // turning.
    let scratch = tempdir("upside-down-render");
    std::fs::create_dir_all(&scratch).unwrap();
    let image = scratch.join("page");
    let Some(_) = tool(
        "pdftoppm",
        &[
            "-r".as_ref(),
            "150".as_ref(),
            "-gray".as_ref(),
            "-png".as_ref(),
            "-singlefile".as_ref(),
            passport.as_os_str(),
            image.as_os_str(),
        ],
    ) else {
        return;
    };
    let inspected = Command::cargo_bin("dossier")
        .unwrap()
        .args(["inspect", "--json"])
        .arg(image.with_extension("png"))
        .output()
        .unwrap();
    let inspected: Value = serde_json::from_slice(&inspected.stdout).unwrap();
    assert_eq!(inspected["pages"][0]["rotation"], 0, "{inspected}");
    assert_eq!(inspected["mrz"]["surname"], "VORONTSOV", "{inspected}");
    // The invisible words lie over their print: the surname's two
    // spellings side by side on one line in the upper half of the page.
    let Some((latin, height)) = word_boxes(&passport, "VORONTSOV") else {
        return;
    };
    let (cyrillic, _) = word_boxes(&passport, "ВОРОНЦОВ").unwrap();
    let (latin, cyrillic) = (latin[0], cyrillic[0]);
    assert!(latin[1] < height / 2.0, "{latin:?} on a page {height} high");
    assert!(
        (latin[1] - cyrillic[1]).abs() < 5.0,
        "{latin:?} {cyrillic:?}"
    );
    assert!(cyrillic[2] < latin[0], "{latin:?} {cyrillic:?}");
}

#[test]
fn heic_photos_and_word_files_are_filed_as_searchable_pdfs() {
    for (bundle, name, from, phrase) in [
        (
            "phone-formats",
            "02-passport.pdf",
            "IMG_4021.HEIC",
            "VORONTSOV",
        ),
        (
            "office-documents",
            "04-employment-contract.pdf",
            "Трудовой договор.docx",
            "ТРУДОВОЙ ДОГОВОР",
        ),
    ] {
        let out = tempdir(bundle);
        let output = prepare(&fixture(bundle), &out, false);
        assert_eq!(output.status.code(), Some(0), "{bundle}: {output:?}");
        let filed = manifest(&out)["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|output| output["path"] == name)
            .cloned()
            .unwrap();
        assert_eq!(filed["from"][0], from, "{bundle}: {filed}");
        assert_eq!(filed["pdf_a"], true, "{bundle}: {filed}");
        let Some(text) = tool("pdftotext", &[out.join(name).as_os_str(), "-".as_ref()]) else {
            return;
        };
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains(phrase), "{bundle}/{name} gives back:\n{text}");
    }
}

/// The text of every file of `dir`: text files as they are (and the
/// pictures `report.html` embeds, OCR'd), each PDF's text as `pdftotext`
/// gives it and its pages rendered by `pdftoppm` and read by dossier's own
/// OCR (what a reader of the page images sees). Poppler must run: a
/// redaction unchecked is not to be passed.
fn everything_said(dir: &Path) -> Vec<(String, String)> {
    let poppler = |name: &str, args: &[&std::ffi::OsStr]| {
        let output = tool(name, args).expect("poppler-utils installed");
        assert!(output.status.success(), "{name}: {output:?}");
        output
    };
    let limits = dossier::Limits::default();
    let mut said = Vec::new();
    let read = |kind, bytes| {
        let content = dossier::discover::Content { kind, bytes };
        let budget = dossier::extract::FileBudget::new(&limits);
        let pages = dossier::extract::extract(&content, &budget).unwrap();
        pages
            .into_iter()
            .map(|page| page.text)
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (name, bytes) in pack(dir) {
        if !name.ends_with(".pdf") {
            let text = String::from_utf8(bytes).unwrap();
            // report.html's page pictures, OCR'd.
            for (index, jpeg) in embedded_pictures(&text).into_iter().enumerate() {
                let kind = dossier::discover::ContentType::Jpeg;
                said.push((format!("{name} picture {index} (OCR)"), read(kind, jpeg)));
            }
            said.push((name, text));
            continue;
        }
        let path = dir.join(&name);
        let text = poppler("pdftotext", &[path.as_os_str(), "-".as_ref()]);
        said.push((name.clone(), String::from_utf8(text.stdout).unwrap()));
        let pages = tempdir(&format!("pages-{name}"));
        std::fs::create_dir_all(&pages).unwrap();
        let prefix = pages.join("page");
        let args = [
            "-r".as_ref(),
            "150".as_ref(),
            "-png".as_ref(),
            path.as_os_str(),
        ];
        poppler("pdftoppm", &[&args[..], &[prefix.as_os_str()]].concat());
        for (page, png) in pack(&pages) {
            let kind = dossier::discover::ContentType::Png;
            said.push((format!("{name} {page} (OCR)"), read(kind, png)));
        }
    }
    said
}

/// The JPEG bytes of every picture embedded in `html`.
fn embedded_pictures(html: &str) -> Vec<Vec<u8>> {
    use base64::Engine as _;
    html.split("data:image/jpeg;base64,")
        .skip(1)
        .map(|rest| {
            let encoded = &rest[..rest.find('"').unwrap()];
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap()
        })
        .collect()
}

/// What no redacted output may say, spaces aside: the fixtures' applicant's
/// passport number and birth date in the forms their documents write them,
/// the zone's fillers (as HTML escapes them too), and the IIN that
/// `invalid-identifier`'s consent cites.
const SECRETS: [&str; 10] = [
    "751234567",
    "1234567",
    "15.04.1990",
    "1990-04-15",
    "900415",
    "15сәуір",
    "15апреля",
    "<<",
    "&lt;&lt;",
    "850312400567",
];

#[test]
fn a_redacted_pack_and_its_reports_name_no_passport_number_iin_or_birth_date() {
    // Scans and typed PDFs; a stack of documents in one scan; Word and
    // OpenDocument files, whose lines the pack wraps.
    for bundle in [
        "ready",
        "invalid-identifier",
        "scanned-stack",
        "office-documents",
    ] {
        let out = tempdir(&format!("redacted-{bundle}"));
        let output = prepare_with(&fixture(bundle), &out, true, &["--redact"]);
        assert!(out.join("manifest.json").exists(), "{bundle}: {output:?}");
        assert_eq!(manifest(&out)["redacted"], true);
        let said = everything_said(&out);
        for (file, text) in &said {
            let text: String = text.split_whitespace().collect();
            for secret in SECRETS {
                assert!(
                    !text.contains(secret),
                    "{bundle}/{file} says {secret}:\n{text}"
                );
            }
        }
        // What is not secret is still there to read, on the page and in
        // the text: the test reads what it should.
        let passport = |suffix: &str| {
            said.iter()
                .find(|(file, _)| file.contains("-passport.pdf") && file.ends_with(suffix))
                .map(|(_, text)| text.clone())
                .unwrap_or_else(|| panic!("{bundle}: no passport{suffix}"))
        };
        for text in [passport(".pdf"), passport("(OCR)")] {
            assert!(
                text.contains("VORONTSOV") && text.contains("20.05.2031"),
                "{text}"
            );
        }
    }
}

#[test]
fn check_redact_masks_the_reports() {
    let out = tempdir("check-redacted");
    let output = Command::cargo_bin("dossier")
        .unwrap()
        .args(["check", "--quiet", "--redact", "--as-of", AS_OF, "--cache"])
        .arg(&*CACHE)
        .arg("--out")
        .arg(&out)
        .arg(fixture("invalid-identifier"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    for (file, text) in pack(&out)
        .into_iter()
        .chain([("stdout".into(), stdout.into())])
    {
        let text: String = String::from_utf8(text)
            .unwrap()
            .split_whitespace()
            .collect();
        for secret in SECRETS {
            assert!(!text.contains(secret), "{file} says {secret}:\n{text}");
        }
        assert!(
            text.contains("████████████"),
            "{file}: the IIN is not marked as masked"
        );
    }
}
