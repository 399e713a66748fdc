//! Generates dossier's fixture bundles, `cargo run -p xtask -- fixtures [DIR]`,
//! the MRZ specimens, `cargo run -p xtask -- specimens [DIR]`, the batch
//! benchmark's client folders, `cargo run -p xtask -- bench DIR`, and the
//! evaluation over the document templates, `cargo run -p xtask -- evaluate`.
//!
//! Every bundle is a client folder as a back office receives it, made from
//! invented documents (see `content`): scans as JPEG, PNG, multi-page TIFF and
//! scanned PDF with skew and noise, text-layer PDFs, a page turned by 90°,
//! Cyrillic file names, and broken files. The output is deterministic, so a
//! regenerated tree diffs clean unless the generator changed.

mod bundle_evaluation;
mod containers;
mod content;
mod evaluate;
mod hostile;
mod layout;
mod pdf;
mod raster;
mod recipes;
mod specimens;
mod templates;
mod zone_network;
mod zone_render;
mod zone_scenes;
mod zone_training;

use std::fs;
use std::path::Path;

use image::{GrayImage, imageops};

use content::*;
use layout::{Doc, Fonts};
use raster::Scan;

/// A file of a bundle, before it is written.
#[derive(Clone)]
enum File {
    Jpeg(Doc, Scan, Turn),
    Png(Doc, Scan),
    Tiff(Vec<(Doc, Turn)>),
    ScannedPdf(Vec<Doc>, Scan),
    TextPdf(Vec<Doc>),
    /// A PDF whose text layer does not decode to words (no ToUnicode map).
    UnmappedPdf(Vec<Doc>),
    /// A one-page scan with a line of text typed over it.
    StampedScan(Doc, Scan, String),
    /// A page photographed on a table.
    Photo(Doc, raster::Photo),
    /// A scan under an invisible text layer that says something else.
    ScanUnderText(Doc, Scan, String),
    /// A phone photo as an iPhone saves it.
    Heic(Doc, Scan),
    /// A scan forwarded through a messenger.
    WebP(Doc, Scan),
    Docx(Vec<Doc>),
    Odt(Vec<Doc>),
    Archive(Archive, Vec<(String, File)>),
    Bytes(Vec<u8>),
    /// A symbolic link to this target (only at a bundle's top level).
    Symlink(String),
}

/// How an archive of files is packed.
#[derive(Clone, Copy)]
enum Archive {
    Zip(containers::Names),
    EncryptedZip,
    SevenZ,
    TarGz,
}

/// How a scan was fed to the scanner or held to the camera.
#[derive(Clone, Copy)]
enum Turn {
    Upright,
    /// Turned by 90° clockwise.
    Quarter,
    UpsideDown,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (command, out) = (args.next(), args.next());
    let fonts = Fonts::load().unwrap_or_else(|err| {
        eprintln!("xtask: {err}");
        std::process::exit(2);
    });
    match (command.as_deref(), out.as_deref()) {
        (Some("fixtures"), out) => {
            let out = Path::new(out.unwrap_or("fixtures"));
            write_bundles(out, bundles(&fonts), &fonts);
            let recipes = recipes::bundles(Case::default()).unwrap_or_else(|err| {
                eprintln!("xtask: recipe {err}");
                std::process::exit(2);
            });
            write_bundles(out, recipes, &fonts);
            write_hostile_corpus(&out.join("hostile"), &fonts);
        }
        (Some("bench"), Some(out)) => write_bundles(Path::new(out), bench_bundles(), &fonts),
        (Some("specimens"), out) => specimens(Path::new(out.unwrap_or("fixtures/mrz")), &fonts),
        (Some("evaluate"), split) => evaluate(split, args.any(|arg| arg == "--scans"), &fonts),
        (Some("evaluate-bundles"), split) => evaluate_bundles(split, &fonts),
        (Some("train-mrz"), seed) => {
            let zones = args.next();
            let seed = seed
                .map_or(Ok(1), str::parse::<u64>)
                .map_err(|err| format!("SEED: {err}"));
            let zones = zones
                .as_deref()
                .map_or(Ok(zone_training::TRAINING_ZONES), str::parse::<usize>)
                .map_err(|err| format!("ZONES: {err}"))
                .and_then(|zones| match zones {
                    0 => Err("ZONES: at least one zone".to_string()),
                    zones => Ok(zones),
                });
            let parsed = seed.and_then(|seed| Ok((seed, zones?)));
            let (seed, zones) = parsed.unwrap_or_else(|err| {
                eprintln!("xtask: train-mrz [SEED [ZONES]]: {err}");
                std::process::exit(2)
            });
            print_or_exit(zone_training::train(seed, zones))
        }
        (Some("evaluate-mrz"), _) => print_or_exit(zone_training::evaluate()),
        (Some("evaluate-scenes"), Some(seed)) => print_or_exit(
            seed.parse()
                .map_err(|err| format!("evaluate-scenes SEED: {err}"))
                .and_then(|seed| zone_scenes::evaluate(&fonts, seed)),
        ),
        (Some("tune-mrz"), Some(seed)) => {
            let model = args.next();
            print_or_exit(
                seed.parse()
                    .map_err(|err| format!("tune-mrz SEED: {err}"))
                    .and_then(|seed| zone_training::tune(seed, model.as_deref())),
            )
        }
        _ => {
            eprintln!(
                "usage: cargo run -p xtask -- fixtures [DIR] | specimens [DIR] | bench DIR | evaluate [dev|heldout|all] [--scans] | evaluate-bundles [dev|heldout] | train-mrz [SEED [ZONES]] | evaluate-mrz | evaluate-scenes SEED | tune-mrz SEED [MODEL]"
            );
            std::process::exit(2);
        }
    }
}

/// Checks bundles made from a split's templates (held-out by default).
fn evaluate_bundles(split: Option<&str>, fonts: &Fonts) {
    let split = split_named(split.unwrap_or("heldout"));
    print_or_exit(bundle_evaluation::run(&templates::root(), split, fonts));
}

/// Scores the pipeline on the templates of a split (held-out by default).
fn evaluate(split: Option<&str>, scans: bool, fonts: &Fonts) {
    let split = match split.unwrap_or("heldout") {
        "all" => None,
        name => Some(split_named(name)),
    };
    print_or_exit(evaluate::run(&templates::root(), split, scans, fonts));
}

fn split_named(name: &str) -> templates::Split {
    templates::Split::from_name(name).unwrap_or_else(|| {
        eprintln!("xtask: no split {name}: dev or heldout (evaluate also takes all)");
        std::process::exit(2);
    })
}

fn print_or_exit(report: Result<String, String>) {
    match report {
        Ok(report) => print!("{report}"),
        Err(err) => {
            eprintln!("xtask: {err}");
            std::process::exit(2);
        }
    }
}

/// Writes the MRZ evaluation's specimens and what each must read as.
fn specimens(out: &Path, fonts: &Fonts) {
    if out.exists() {
        fs::remove_dir_all(out).expect("can clear the old specimens");
    }
    fs::create_dir_all(out).expect("can create the specimen folder");
    let (files, expected) = specimens::specimens(fonts);
    for (name, bytes) in files {
        fs::write(out.join(name), bytes).expect("can write a specimen");
    }
    fs::write(out.join("expected.tsv"), expected).expect("can write expected.tsv");
    println!("{}", out.display());
}

/// Writes bundles into `out`, each replacing its old folder.
fn write_bundles(out: &Path, bundles: Vec<(impl AsRef<Path>, Vec<(String, File)>)>, fonts: &Fonts) {
    for (name, files) in bundles {
        let dir = out.join(name);
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("can clear the old bundle");
        }
        fs::create_dir_all(&dir).expect("can create the bundle folder");
        for (file_name, file) in files {
            let path = dir.join(file_name);
            fs::create_dir_all(path.parent().expect("inside the bundle"))
                .expect("can create a subfolder");
            match file {
                File::Symlink(target) => {
                    std::os::unix::fs::symlink(target, path).expect("can link");
                }
                file => fs::write(path, write(file, fonts)).expect("can write the fixture"),
            }
        }
        println!("{}", dir.display());
    }
}

fn write(file: File, fonts: &Fonts) -> Vec<u8> {
    match file {
        File::Jpeg(doc, scan, turn) => raster::jpeg(&turned(&scan_of(&doc, fonts, scan), turn), 70),
        // Lossless scans are stored clean: sensor noise would make each PNG a megabyte.
        File::Png(doc, scan) => raster::png(&scan_of(&doc, fonts, Scan { noise: 0, ..scan })),
        File::Tiff(pages) => raster::tiff(
            &pages
                .iter()
                .map(|(doc, turn)| {
                    turned(
                        &scan_of(
                            doc,
                            fonts,
                            Scan {
                                noise: 0,
                                ..Scan::CLEAN
                            },
                        ),
                        *turn,
                    )
                })
                .collect::<Vec<_>>(),
        ),
        File::ScannedPdf(docs, scan) => pdf::scanned_pdf(
            &docs
                .iter()
                .map(|doc| scan_of(doc, fonts, scan))
                .collect::<Vec<_>>(),
            65,
        ),
        File::TextPdf(docs) => pdf::text_pdf(&docs.iter().collect::<Vec<_>>(), fonts),
        File::UnmappedPdf(docs) => {
            pdf::text_pdf_without_unicode_map(&docs.iter().collect::<Vec<_>>(), fonts)
        }
        File::ScanUnderText(doc, scan, text) => {
            pdf::scan_under_text(&scan_of(&doc, fonts, scan), &text, fonts)
        }
        File::StampedScan(doc, scan, stamp) => {
            pdf::stamped_scan(&scan_of(&doc, fonts, scan), &stamp, fonts)
        }
        File::Photo(doc, photo) => {
            let page = scan_of(
                &doc,
                fonts,
                Scan {
                    noise: 0,
                    skew: 0.0,
                    seed: photo.seed,
                },
            );
            let image = raster::photographed(&page, photo);
            // Sent through a messenger: 2400 pixels on the long side.
            let image = imageops::resize(
                &image,
                image.width() * 2400 / image.height(),
                2400,
                imageops::FilterType::Triangle,
            );
            raster::jpeg(&image, 75)
        }
        File::Heic(doc, scan) => containers::heic(&scan_of(&doc, fonts, scan)),
        // Lossless, like the PNGs: stored clean.
        File::WebP(doc, scan) => containers::webp(&scan_of(&doc, fonts, Scan { noise: 0, ..scan })),
        File::Docx(docs) => containers::docx(&docs),
        File::Odt(docs) => containers::odt(&docs),
        File::Archive(archive, files) => {
            let files: Vec<(String, Vec<u8>)> = files
                .into_iter()
                .map(|(name, file)| (name, write(file, fonts)))
                .collect();
            match archive {
                Archive::Zip(names) => containers::zip(&files, names),
                Archive::EncryptedZip => containers::encrypted_zip(&files),
                Archive::SevenZ => containers::seven_z(&files),
                Archive::TarGz => containers::tar_gz(&files),
            }
        }
        File::Bytes(bytes) => bytes,
        File::Symlink(target) => panic!("a link to {target} inside an archive"),
    }
}

/// Renders a page; a passport page also gets its photograph.
fn scan_of(doc: &Doc, fonts: &Fonts, scan: Scan) -> GrayImage {
    let mut image = raster::render(doc, fonts, scan);
    if doc
        .lines
        .iter()
        .any(|line| line.style == layout::Style::Mrz)
    {
        let px = raster::DPI / 72.0;
        let (x, y) = ((430.0 * px) as u32, (95.0 * px) as u32);
        raster::fill_rect(
            &mut image,
            x,
            y,
            (110.0 * px) as u32,
            (140.0 * px) as u32,
            170,
        );
        raster::fill_rect(
            &mut image,
            x + (30.0 * px) as u32,
            y + (25.0 * px) as u32,
            (50.0 * px) as u32,
            (60.0 * px) as u32,
            110,
        );
    }
    image
}

fn turned(image: &GrayImage, turn: Turn) -> GrayImage {
    match turn {
        Turn::Upright => image.clone(),
        Turn::Quarter => imageops::rotate90(image),
        Turn::UpsideDown => imageops::rotate180(image),
    }
}

/// The facts that vary between bundles; [`Case::default`] is a bundle that is
/// ready to file on 2026-11-24.
#[derive(Clone, Copy)]
struct Case {
    passport_expiry: chrono::NaiveDate,
    contract_registered: bool,
    consent_until: chrono::NaiveDate,
    consent_notarised: bool,
}

impl Default for Case {
    fn default() -> Case {
        Case {
            passport_expiry: date(2031, 5, 20),
            contract_registered: true,
            consent_until: date(2027, 5, 31),
            consent_notarised: true,
        }
    }
}

const CONTRACT_START: (i32, u32, u32) = (2026, 11, 1);
const CONTRACT_END: (i32, u32, u32) = (2027, 10, 31);

fn contract_start() -> chrono::NaiveDate {
    date(CONTRACT_START.0, CONTRACT_START.1, CONTRACT_START.2)
}

fn contract_end() -> chrono::NaiveDate {
    date(CONTRACT_END.0, CONTRACT_END.1, CONTRACT_END.2)
}

impl Case {
    fn passport(self) -> (String, File) {
        let scan = Scan {
            skew: 0.8,
            noise: 8,
            seed: 11,
        };
        (
            "passport.jpg".into(),
            File::Jpeg(
                passport(date(2021, 5, 20), self.passport_expiry),
                scan,
                Turn::Upright,
            ),
        )
    }

    fn contract(self) -> (String, File) {
        (
            "трудовой договор.pdf".into(),
            File::TextPdf(vec![contract_ru(
                contract_start(),
                contract_end(),
                self.contract_registered,
            )]),
        )
    }

    fn consent(self) -> (String, File) {
        let doc = consent_ru(
            date(2026, 11, 1),
            self.consent_until,
            self.consent_notarised,
        );
        ("consent-notarised.pdf".into(), File::TextPdf(vec![doc]))
    }

    /// The plain documents every bundle has, as text PDFs (cheap to check).
    fn essentials(self) -> Vec<(String, File)> {
        vec![
            self.passport(),
            self.contract(),
            self.consent(),
            (
                "letter.pdf".into(),
                File::TextPdf(vec![letter_ru(date(2026, 11, 5))]),
            ),
            (
                "application.pdf".into(),
                File::TextPdf(vec![application_ru(date(2026, 11, 20))]),
            ),
            (
                "fingerprints.pdf".into(),
                File::TextPdf(vec![fingerprints_ru(date(2026, 11, 12))[0].clone()]),
            ),
        ]
    }
}

fn named(files: Vec<(&str, File)>) -> Vec<(String, File)> {
    files
        .into_iter()
        .map(|(name, file)| (name.to_string(), file))
        .collect()
}

/// Client folders for the batch benchmark (bench/batch.sh): ten ready
/// bundles of seven documents as a back office mostly receives them, scans
/// and photos with a few text PDFs, sixty pages to OCR in all. No two files
/// are alike (each bundle has its own noise, skew and dates), so neither
/// dossier's cache nor anything else can skip a repeated file.
fn bench_bundles() -> Vec<(String, Vec<(String, File)>)> {
    (0..10u32)
        .map(|n| {
            let scan = |document: u64| Scan {
                skew: [-1.0, -0.4, 0.3, 0.9][(n as usize + document as usize) % 4],
                noise: 6 + (n % 5) as u8,
                seed: 1000 + 10 * u64::from(n) + document,
            };
            let day = |year: i32, month: u32, first: u32| date(year, month, first + n);
            // Every fourth client photographs the passport upside down.
            let turn = if n % 4 == 3 {
                Turn::UpsideDown
            } else {
                Turn::Upright
            };
            let [certificate, annex] = fingerprints_ru(day(2026, 11, 1));
            let files = named(vec![
                (
                    "passport.jpg",
                    File::Jpeg(passport(date(2021, 5, 20), day(2031, 5, 1)), scan(1), turn),
                ),
                (
                    "contract.pdf",
                    File::ScannedPdf(
                        vec![contract_ru(contract_start(), contract_end(), true)],
                        scan(2),
                    ),
                ),
                (
                    "consent.pdf",
                    File::ScannedPdf(
                        vec![consent_ru(day(2026, 10, 1), day(2027, 6, 1), true)],
                        scan(3),
                    ),
                ),
                (
                    "letter-en.pdf",
                    File::TextPdf(vec![letter_en(day(2026, 11, 1))]),
                ),
                (
                    "letter translation.png",
                    File::Png(letter_translation_ru(day(2026, 11, 1)), scan(4)),
                ),
                (
                    "application.pdf",
                    File::TextPdf(vec![application_ru(day(2026, 11, 10))]),
                ),
                (
                    "fingerprints.tiff",
                    File::Tiff(vec![(certificate, Turn::Upright), (annex, Turn::Quarter)]),
                ),
            ]);
            (format!("client-{:02}", n + 1), files)
        })
        .chain([stacked_bench_bundle(), zipped_bench_bundle()])
        .collect()
}

/// A bench client whose documents came as one scanned stack.
fn stacked_bench_bundle() -> (String, Vec<(String, File)>) {
    let scan = Scan {
        skew: 0.6,
        noise: 7,
        seed: 1200,
    };
    let [certificate, annex] = fingerprints_ru(date(2026, 11, 11));
    let pages = vec![
        passport(date(2021, 5, 20), date(2031, 5, 11)),
        contract_ru(contract_start(), contract_end(), true),
        consent_ru(date(2026, 10, 11), date(2027, 6, 11), true),
        letter_ru(date(2026, 11, 11)),
        Doc::new(false),
        application_ru(date(2026, 11, 20)),
        certificate,
        annex,
    ];
    (
        "client-11-stack".to_string(),
        named(vec![("scan_0001.pdf", File::ScannedPdf(pages, scan))]),
    )
}

/// A bench client who zipped the scans.
fn zipped_bench_bundle() -> (String, Vec<(String, File)>) {
    let scan = |seed| Scan {
        skew: -0.7,
        noise: 8,
        seed,
    };
    let files = named(vec![
        (
            "паспорт.jpg",
            File::Jpeg(
                passport(date(2021, 5, 20), date(2031, 5, 12)),
                scan(1301),
                Turn::Upright,
            ),
        ),
        (
            "договор.pdf",
            File::ScannedPdf(
                vec![contract_ru(contract_start(), contract_end(), true)],
                scan(1302),
            ),
        ),
        (
            "согласие.pdf",
            File::ScannedPdf(
                vec![consent_ru(date(2026, 10, 12), date(2027, 6, 12), true)],
                scan(1303),
            ),
        ),
        (
            "письмо.png",
            File::Png(letter_ru(date(2026, 11, 12)), scan(1304)),
        ),
        (
            "заявление.pdf",
            File::TextPdf(vec![application_ru(date(2026, 11, 20))]),
        ),
        (
            "отпечатки.jpg",
            File::Jpeg(
                fingerprints_ru(date(2026, 11, 12))[0].clone(),
                scan(1305),
                Turn::Upright,
            ),
        ),
    ]);
    (
        "client-12-zip".to_string(),
        named(vec![(
            "documents.zip",
            File::Archive(Archive::Zip(containers::Names::Cp866), files),
        )]),
    )
}

/// The essentials with a passport photo whose zone's last check digit is
/// wrong: its values come from the printed page, which a person must check.
fn with_unreadable_zone(case: Case) -> Vec<(String, File)> {
    let [_, line2] = mrz(case.passport_expiry);
    let last = line2.chars().last().expect("a zone line");
    let wrong = format!(
        "{}{}",
        &line2[..line2.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    let passport = passport(date(2021, 5, 20), case.passport_expiry).replace(&line2, &wrong);
    case.essentials()
        .into_iter()
        .map(|(name, file)| match name.as_str() {
            "passport.jpg" => (
                name,
                File::Jpeg(
                    passport.clone(),
                    Scan {
                        skew: 0.8,
                        noise: 8,
                        seed: 11,
                    },
                    Turn::Upright,
                ),
            ),
            _ => (name, file),
        })
        .collect()
}

/// The essentials with five contracts, each stating its registration in
/// ЕСУТД in another wording, none of which may raise anything.
fn esutd_wordings(case: Case) -> Vec<(String, File)> {
    let registered = |wording: &str| {
        contract_ru(contract_start(), contract_end(), false)
            .gap()
            .body(wording)
    };
    let mut files: Vec<(String, File)> = case
        .essentials()
        .into_iter()
        .filter(|(name, _)| name != "трудовой договор.pdf")
        .collect();
    files.extend(named(vec![
        (
            "договор 1.pdf",
            File::TextPdf(vec![registered(
                "Сведения о договоре внесены в единую систему учёта трудовых договоров (ЕСУТД), регистрационный номер ЕСУТД-2026-118832.",
            )]),
        ),
        (
            "договор 2.pdf",
            File::ScannedPdf(
                vec![registered(
                    "Настоящий договор зарегистрирован работодателем в Единой системе учета трудовых договоров 02.11.2026 г.",
                )],
                FLATBED,
            ),
        ),
        (
            "договор 3.pdf",
            File::TextPdf(vec![registered("Рег. № в ЕСУТД: 2026-1102-8841")]),
        ),
        (
            "договор 4.pdf",
            File::TextPdf(vec![registered(
                "Шарт Еңбек шарттарын есепке алудың бірыңғай жүйесінде (ЕШЕБЖ) тіркелген, нөмірі 2026-1102-8841.",
            )]),
        ),
        (
            "договор 5.pdf",
            File::TextPdf(vec![registered(
                "Договор внесен работодателем в ЕСУТД, запись от 02.11.2026.",
            )]),
        ),
    ]));
    files
}

/// A dev template filled in, as pages: fixtures use only templates the
/// vocabulary was written against, never held-out ones.
fn template(name: &str) -> Vec<Doc> {
    static TEMPLATES: std::sync::LazyLock<Vec<templates::Template>> =
        std::sync::LazyLock::new(|| {
            templates::load(&templates::root()).unwrap_or_else(|err| panic!("{err}"))
        });
    let template = TEMPLATES
        .iter()
        .find(|t| t.split == templates::Split::Dev && t.name == name)
        .unwrap_or_else(|| panic!("no dev template {name}"));
    template.render().unwrap_or_else(|err| panic!("{err}")).0
}

/// A scan as a flatbed scanner gives it.
const FLATBED: Scan = Scan {
    skew: 0.5,
    noise: 6,
    seed: 31,
};

/// The `ready` bundle: every document as a client's scans and exports.
fn ready(case: Case) -> Vec<(String, File)> {
    let [certificate, annex] = fingerprints_ru(date(2026, 11, 12));
    named(vec![
        (
            "passport.jpg",
            File::Jpeg(
                passport(date(2021, 5, 20), case.passport_expiry),
                Scan {
                    skew: 0.8,
                    noise: 8,
                    seed: 11,
                },
                Turn::Upright,
            ),
        ),
        (
            "трудовой договор.pdf",
            File::TextPdf(vec![contract_ru(contract_start(), contract_end(), true)]),
        ),
        (
            "согласие собственника.pdf",
            File::ScannedPdf(
                vec![consent_ru(date(2026, 11, 1), case.consent_until, true)],
                Scan {
                    skew: -0.6,
                    noise: 6,
                    seed: 21,
                },
            ),
        ),
        (
            "letter-en.pdf",
            File::TextPdf(vec![letter_en(date(2026, 11, 5))]),
        ),
        (
            "letter-en перевод.pdf",
            File::TextPdf(vec![letter_translation_ru(date(2026, 11, 5))]),
        ),
        (
            "өтініш.pdf",
            File::TextPdf(vec![application_kk(date(2026, 11, 20))]),
        ),
        (
            "fingerprints.tiff",
            File::Tiff(vec![(certificate, Turn::Upright), (annex, Turn::Quarter)]),
        ),
    ])
}

/// Every bundle with its files. Each rule has a bundle that triggers it; the
/// README's fixture table says what each one should give.
fn bundles(fonts: &Fonts) -> Vec<(&'static str, Vec<(String, File)>)> {
    let case = Case::default();
    let without = |kind: &str| -> Vec<(String, File)> {
        case.essentials()
            .into_iter()
            .filter(|(name, _)| name != kind)
            .collect()
    };
    let with = |extra: Vec<(&str, File)>| -> Vec<(String, File)> {
        let mut files = case.essentials();
        files.extend(named(extra));
        files
    };
    // The essentials with one text-layer document changed in one detail.
    let edited = |file: &str, from: &str, to: &str| -> Vec<(String, File)> {
        case.essentials()
            .into_iter()
            .map(|(name, contents)| match contents {
                File::TextPdf(docs) if name == file => {
                    let docs = docs.into_iter().map(|doc| doc.replace(from, to)).collect();
                    (name, File::TextPdf(docs))
                }
                other => (name, other),
            })
            .collect()
    };
    let plain = pdf::text_pdf(&[&letter_ru(date(2026, 11, 5))], fonts);
    vec![
        ("ready", ready(case)),
        ("missing-document", without("fingerprints.pdf")),
        (
            "identity-mismatch",
            edited(
                "трудовой договор.pdf",
                "Воронцов Андрей Сергеевич",
                "Воронцев Андрей Сергеевич",
            ),
        ),
        (
            "internal-passport",
            case.essentials()
                .into_iter()
                .map(|(name, contents)| match contents {
                    File::Jpeg(..) => (
                        name,
                        File::Jpeg(internal_passport(), Scan::CLEAN, Turn::Upright),
                    ),
                    // The documents cite the passport the applicant files on.
                    File::TextPdf(docs) => {
                        let docs = docs
                            .into_iter()
                            .map(|doc| match doc.mentions("75 1234567") {
                                true => doc.replace("75 1234567", "36 10 123456"),
                                false => doc,
                            })
                            .collect();
                        (name, File::TextPdf(docs))
                    }
                    other => (name, other),
                })
                .collect(),
        ),
        (
            "employer-mismatch",
            edited("letter.pdf", "БИН 180240012342", "БИН 151140007895"),
        ),
        (
            "invalid-identifier",
            edited(
                "consent-notarised.pdf",
                "Я, Ахметова Гульнара Сериковна,",
                "Я, Ахметова Гульнара Сериковна, ИИН 850312400567,",
            ),
        ),
        ("missing-application-form", without("application.pdf")),
        (
            "expired-document",
            Case {
                passport_expiry: date(2026, 10, 15),
                ..case
            }
            .essentials(),
        ),
        (
            "expiring-document",
            Case {
                consent_until: date(2026, 12, 14),
                ..case
            }
            .essentials(),
        ),
        ("untranslated-document", {
            let mut files = without("трудовой договор.pdf");
            files.push((
                "contract-en.pdf".into(),
                File::TextPdf(vec![contract_en(contract_start(), contract_end())]),
            ));
            files
        }),
        (
            "valid-permit-not-cancelled",
            with(vec![(
                "old-permit.pdf",
                File::ScannedPdf(
                    vec![permit_ru(date(2026, 8, 10), date(2027, 8, 9), false)],
                    Scan {
                        skew: 0.3,
                        noise: 6,
                        seed: 31,
                    },
                ),
            )]),
        ),
        (
            "previous-permit-terminated",
            with(vec![
                (
                    "old-permit.pdf",
                    File::TextPdf(vec![permit_ru(date(2026, 8, 10), date(2027, 8, 9), false)]),
                ),
                (
                    "termination-order.png",
                    File::Png(
                        termination_order_ru(date(2026, 11, 12)),
                        Scan {
                            skew: -0.5,
                            noise: 5,
                            seed: 41,
                        },
                    ),
                ),
            ]),
        ),
        (
            "shortened-permit",
            with(vec![(
                "shortened-permit.pdf",
                File::TextPdf(vec![permit_ru(date(2026, 8, 10), date(2026, 12, 10), true)]),
            )]),
        ),
        (
            "consent-not-notarised",
            Case {
                consent_notarised: false,
                ..case
            }
            .essentials(),
        ),
        (
            "contract-not-registered",
            Case {
                contract_registered: false,
                ..case
            }
            .essentials(),
        ),
        (
            "permit-term-limited",
            Case {
                passport_expiry: date(2027, 3, 1),
                ..case
            }
            .essentials(),
        ),
        (
            "unreadable-file",
            with(vec![
                ("empty.pdf", File::Bytes(Vec::new())),
                (
                    "truncated.pdf",
                    File::Bytes(plain[..plain.len() / 3].to_vec()),
                ),
                ("password.pdf", File::Bytes(pdf::encrypted_pdf(&plain))),
                (
                    "notes.docx",
                    File::Bytes(b"PK\x03\x04 not a document scan".to_vec()),
                ),
            ]),
        ),
        (
            "unclassified-document",
            with(vec![(
                "scan0001.png",
                File::Png(
                    invoice_ru(date(2026, 11, 14)),
                    Scan {
                        skew: 0.2,
                        noise: 5,
                        seed: 51,
                    },
                ),
            )]),
        ),
        (
            "duplicate-file",
            with(vec![("копия/passport (1).jpg", case.passport().1)]),
        ),
        (
            "kazakh",
            named(vec![
                ("passport.jpg", case.passport().1),
                (
                    "еңбек шарты.pdf",
                    File::TextPdf(vec![contract_kk(contract_start(), contract_end())]),
                ),
                (
                    "келісім.pdf",
                    File::TextPdf(vec![consent_kk(date(2026, 11, 1), case.consent_until)]),
                ),
                (
                    "өтінішхат.pdf",
                    File::TextPdf(vec![letter_kk(date(2026, 11, 5))]),
                ),
                (
                    "өтініш.pdf",
                    File::TextPdf(vec![application_kk(date(2026, 11, 20))]),
                ),
                (
                    "анықтама.pdf",
                    File::TextPdf(vec![fingerprints_kk(date(2026, 11, 12))]),
                ),
                (
                    "ескі рұқсат.pdf",
                    File::TextPdf(vec![permit_kk(date(2026, 8, 10), date(2027, 8, 9))]),
                ),
                (
                    "бұйрық.pdf",
                    File::TextPdf(vec![termination_order_kk(date(2026, 11, 12))]),
                ),
            ]),
        ),
        (
            "english",
            named(vec![
                ("passport.jpg", case.passport().1),
                (
                    "contract.pdf",
                    File::TextPdf(vec![contract_en(contract_start(), contract_end())]),
                ),
                (
                    "consent.pdf",
                    File::TextPdf(vec![consent_en(date(2026, 11, 1), case.consent_until)]),
                ),
                (
                    "letter.pdf",
                    File::TextPdf(vec![letter_en(date(2026, 11, 5))]),
                ),
                (
                    "application.pdf",
                    File::TextPdf(vec![application_en(date(2026, 11, 20))]),
                ),
                (
                    "fingerprints.pdf",
                    File::TextPdf(vec![fingerprints_en(date(2026, 11, 12))]),
                ),
                (
                    "old-permit.pdf",
                    File::TextPdf(vec![permit_en(date(2026, 8, 10), date(2027, 8, 9))]),
                ),
                (
                    "termination-order.pdf",
                    File::TextPdf(vec![termination_order_en(date(2026, 11, 12))]),
                ),
            ]),
        ),
        (
            "phone-photos",
            named(vec![
                (
                    "Паспорт фото.jpg",
                    File::Jpeg(
                        passport(date(2021, 5, 20), case.passport_expiry),
                        Scan {
                            skew: 1.5,
                            noise: 12,
                            seed: 61,
                        },
                        Turn::UpsideDown,
                    ),
                ),
                (
                    "Договор страница 1.jpeg",
                    File::Jpeg(
                        contract_ru(contract_start(), contract_end(), true),
                        Scan {
                            skew: -1.2,
                            noise: 10,
                            seed: 62,
                        },
                        Turn::Quarter,
                    ),
                ),
                (
                    "Согласие.pdf",
                    File::Bytes(plain[..plain.len() / 2].to_vec()),
                ),
                (
                    "Ходатайство.png",
                    File::Png(
                        letter_ru(date(2026, 11, 5)),
                        Scan {
                            skew: 1.0,
                            noise: 8,
                            seed: 63,
                        },
                    ),
                ),
                (
                    "Заявление.pdf",
                    File::TextPdf(vec![application_ru(date(2026, 11, 20))]),
                ),
                (
                    "Справка отпечатки.jpg",
                    File::Jpeg(
                        fingerprints_ru(date(2026, 11, 12))[0].clone(),
                        Scan {
                            skew: -0.8,
                            noise: 10,
                            seed: 64,
                        },
                        Turn::Upright,
                    ),
                ),
            ]),
        ),
        (
            "untranslated-foreign",
            with(vec![
                (
                    "диплом.pdf",
                    File::ScannedPdf(template("other/uk-diploma.txt"), FLATBED),
                ),
                (
                    "ish joyidan.pdf",
                    File::TextPdf(template("other/uz-Latn-work-reference.txt")),
                ),
                (
                    "маълумотнома.pdf",
                    File::ScannedPdf(template("other/uz-Cyrl-employment-reference.txt"), FLATBED),
                ),
                (
                    "маалымкат.png",
                    File::Png(template("other/ky-diploma-extract.txt").remove(0), FLATBED),
                ),
                (
                    "tg-reference.jpg",
                    File::Jpeg(
                        template("other/tg-work-reference.txt").remove(0),
                        FLATBED,
                        Turn::Upright,
                    ),
                ),
                (
                    "无犯罪记录证明.pdf",
                    File::TextPdf(template("other/zh-no-criminal-record.txt")),
                ),
                (
                    "adli sicil.pdf",
                    File::TextPdf(template("other/tr-criminal-record.txt")),
                ),
                (
                    "reference.pdf",
                    File::TextPdf(template("other/en-employer-reference.txt")),
                ),
            ]),
        ),
        (
            "translated-foreign",
            with(vec![
                (
                    "диплом.pdf",
                    File::ScannedPdf(template("other/uk-diploma.txt"), FLATBED),
                ),
                (
                    "диплом перевод.pdf",
                    File::ScannedPdf(template("translation/ru-uk-diploma.txt"), FLATBED),
                ),
                (
                    "adli sicil.pdf",
                    File::TextPdf(template("other/tr-criminal-record.txt")),
                ),
                (
                    "adli sicil аударма.pdf",
                    File::TextPdf(template("translation/kk-tr-criminal-record.txt")),
                ),
                (
                    "无犯罪记录证明.pdf",
                    File::TextPdf(template("other/zh-no-criminal-record.txt")),
                ),
                (
                    "справка о несудимости перевод.pdf",
                    File::TextPdf(template("translation/ru-zh-no-criminal-record.txt")),
                ),
                (
                    "reference.pdf",
                    File::TextPdf(template("other/en-employer-reference.txt")),
                ),
                (
                    "reference перевод.pdf",
                    File::TextPdf(template("translation/ru-en-employer-reference.txt")),
                ),
            ]),
        ),
        (
            "translation-not-certified",
            with(vec![
                (
                    "ish joyidan.pdf",
                    File::TextPdf(template("other/uz-Latn-work-reference.txt")),
                ),
                (
                    "ish joyidan перевод.pdf",
                    File::TextPdf(template("translation/ru-uz-Latn-work-reference.txt")),
                ),
            ]),
        ),
        (
            "bilingual-contract",
            case.essentials()
                .into_iter()
                .map(|(name, file)| match name.as_str() {
                    "трудовой договор.pdf" => (
                        name,
                        File::ScannedPdf(
                            template("employment_contract/ru+kk-bilingual-short.txt"),
                            FLATBED,
                        ),
                    ),
                    _ => (name, file),
                })
                .collect(),
        ),
        ("esutd-wordings", esutd_wordings(case)),
        ("needs-review", with_unreadable_zone(case)),
        ("zip-cp866", zipped_as_windows_does(case)),
        (
            "seven-z",
            named(vec![("документы.7z", archived(Archive::SevenZ, case))]),
        ),
        (
            "tar-gz",
            named(vec![("documents.tar.gz", archived(Archive::TarGz, case))]),
        ),
        (
            "phone-formats",
            replaced(
                case,
                vec![
                    (
                        "passport.jpg",
                        "IMG_4021.HEIC",
                        File::Heic(
                            passport(date(2021, 5, 20), case.passport_expiry),
                            Scan {
                                skew: -0.7,
                                noise: 7,
                                seed: 71,
                            },
                        ),
                    ),
                    (
                        "consent-notarised.pdf",
                        "согласие.webp",
                        File::WebP(
                            consent_ru(date(2026, 11, 1), case.consent_until, true),
                            FLATBED,
                        ),
                    ),
                ],
            ),
        ),
        (
            "office-documents",
            replaced(
                case,
                vec![
                    (
                        "трудовой договор.pdf",
                        "Трудовой договор.docx",
                        File::Docx(vec![contract_ru(contract_start(), contract_end(), true)]),
                    ),
                    (
                        "letter.pdf",
                        "ходатайство.odt",
                        File::Odt(vec![letter_ru(date(2026, 11, 5))]),
                    ),
                ],
            ),
        ),
        (
            "garbage-text-layer",
            replaced(
                case,
                vec![
                    (
                        "consent-notarised.pdf",
                        "consent-notarised.pdf",
                        File::UnmappedPdf(vec![consent_ru(
                            date(2026, 11, 1),
                            case.consent_until,
                            true,
                        )]),
                    ),
                    // A searchable scan whose OCR layer is letters that
                    // make no words: the layer passes for text, the
                    // document for no kind, and a second look by OCR
                    // finds the letter.
                    (
                        "letter.pdf",
                        "letter.pdf",
                        File::ScanUnderText(
                            letter_ru(date(2026, 11, 5)),
                            FLATBED,
                            "Vqzn krtp lmsw Oxbe fhag ujcy dvwq ".repeat(10),
                        ),
                    ),
                    (
                        "трудовой договор.pdf",
                        "трудовой договор.pdf",
                        File::StampedScan(
                            contract_ru(contract_start(), contract_end(), false),
                            FLATBED,
                            "Зарегистрирован в ЕСУТД 02.11.2026, рег. № 2026-1102-8841".into(),
                        ),
                    ),
                ],
            ),
        ),
        ("hostile-archives", hostile_archives(case)),
        ("scanned-stack", scanned_stack(case)),
        ("photographed-contract", photographed_contract(case)),
        ("photographed-on-table", photographed_on_table(case)),
        ("hostile-files", hostile_files(case, fonts)),
        // The facts of the case in the bundle's own dossier.toml: no
        // landlord's consent when the applicant owns the dwelling, or its
        // owner comes in person; a fact stated wrongly stops the check.
        (
            "owner-applicant",
            stating(without_consent(case), "applicant_owns_dwelling = true\n"),
        ),
        (
            "owner-in-person",
            stating(without_consent(case), "owner_comes_in_person = true\n"),
        ),
        // A Russian applicant who files a health insurance policy all the
        // same: read as one, and not required of him.
        (
            "health-insurance",
            with(vec![(
                "медстраховка.pdf",
                File::ScannedPdf(
                    vec![health_insurance_kk(date(2026, 11, 1), date(2027, 10, 31))],
                    Scan {
                        skew: 0.4,
                        noise: 6,
                        seed: 61,
                    },
                ),
            )]),
        ),
        // A citizen of Uzbekistan, outside the EAEU, without the health
        // insurance such a worker must file.
        ("uzbek-worker", uzbek_worker(case)),
        (
            "wrong-fact",
            stating(
                case.essentials(),
                "# the client's case\napplicant_owns_dwelling = \"yes\"\n",
            ),
        ),
    ]
}

/// The essentials of a citizen of Uzbekistan: the passport Uzbek, the
/// documents that name the applicant's citizenship saying so.
pub(crate) fn uzbek_worker(case: Case) -> Vec<(String, File)> {
    case.essentials()
        .into_iter()
        .map(|(name, contents)| match contents {
            File::Jpeg(_, scan, turn) => (
                name,
                File::Jpeg(
                    uzbek_passport(date(2021, 5, 20), case.passport_expiry),
                    scan,
                    turn,
                ),
            ),
            File::TextPdf(docs) => (name, File::TextPdf(uzbek(docs))),
            File::ScannedPdf(docs, scan) => (name, File::ScannedPdf(uzbek(docs), scan)),
            other => (name, other),
        })
        .collect()
}

/// The documents with the applicant's citizenship Uzbek.
pub(crate) fn uzbek(docs: Vec<Doc>) -> Vec<Doc> {
    let swaps = [
        ("Российской Федерации", "Республики Узбекистан"),
        ("Российская Федерация", "Республика Узбекистан"),
        ("Ресей Федерациясы", "Өзбекстан Республикасы"),
        ("Russian Federation", "Republic of Uzbekistan"),
    ];
    docs.into_iter()
        .map(|doc| {
            swaps
                .iter()
                .fold(doc, |doc, (from, to)| match doc.mentions(from) {
                    true => doc.replace(from, to),
                    false => doc,
                })
        })
        .collect()
}

/// The essentials but the landlord's consent.
fn without_consent(case: Case) -> Vec<(String, File)> {
    let consent = case.consent().0;
    case.essentials()
        .into_iter()
        .filter(|(name, _)| *name != consent)
        .collect()
}

/// `files` with a `dossier.toml` stating `facts`.
fn stating(mut files: Vec<(String, File)>, facts: &str) -> Vec<(String, File)> {
    files.push((
        "dossier.toml".into(),
        File::Bytes(facts.as_bytes().to_vec()),
    ));
    files
}

/// The essentials beside files that once crashed dossier or cost it
/// gigabytes: each must be one finding.
fn hostile_files(case: Case, fonts: &Fonts) -> Vec<(String, File)> {
    let mut files = case.essentials();
    // A photo whose transfer broke off at three quarters.
    let letter = write(
        File::Jpeg(letter_ru(date(2026, 11, 5)), FLATBED, Turn::Upright),
        fonts,
    );
    let cut = letter[..letter.len() * 3 / 4].to_vec();
    let corpus = hostile::corpus(&hostile_bases(fonts));
    let from_corpus = |file: &str| {
        let input = corpus.iter().find(|input| input.file == file);
        File::Bytes(input.expect("an input of the corpus").bytes.clone())
    };
    files.extend(named(vec![
        ("strokes.pdf", from_corpus("strokes.pdf")),
        ("form strokes.pdf", from_corpus("form-strokes.pdf")),
        ("65500x65500.jpg", from_corpus("jpeg-declares-65500.jpg")),
        ("30000x30000.png", from_corpus("png-declares-30000.png")),
        ("bitmap.pdf", from_corpus("image-declares-100000.pdf")),
        ("pages.pdf", from_corpus("1000-blank-pages.pdf")),
        ("сканы.zip", from_corpus("folder-only.zip")),
        ("письмо обрезано.jpg", File::Bytes(cut)),
        // Left by macOS and Windows; hidden, counted in one note.
        (".DS_Store", File::Bytes(b"\0\0\0\x01Bud1".to_vec())),
        ("Thumbs.db", File::Bytes(containers::legacy_doc())),
        // A link, never followed: it might point outside the bundle.
        ("паспорт-ссылка.jpg", File::Symlink("passport.jpg".into())),
    ]));
    files
}

/// The documents the hostile corpus damages: a letter as a text PDF, a
/// scan, a JPEG and a Word document.
fn hostile_bases(fonts: &Fonts) -> hostile::Bases {
    let letter = letter_ru(date(2026, 11, 5));
    hostile::Bases {
        text_pdf: write(File::TextPdf(vec![letter.clone()]), fonts),
        // Without sensor noise, as lossless scans are stored.
        page: scan_of(
            &letter,
            fonts,
            Scan {
                noise: 0,
                ..FLATBED
            },
        ),
        jpeg: write(File::Jpeg(letter.clone(), FLATBED, Turn::Upright), fonts),
        docx: containers::docx(&[letter]),
    }
}

/// Writes the hostile corpus, one input a file, and `cases.tsv`: each
/// file with the finding it must give (its code and words of its
/// message) and what it is.
fn write_hostile_corpus(out: &Path, fonts: &Fonts) {
    if out.exists() {
        fs::remove_dir_all(out).expect("can clear the old corpus");
    }
    fs::create_dir_all(out).expect("can create the corpus folder");
    let mut cases = String::from("file\texpect\tsays\twhat\n");
    for input in hostile::corpus(&hostile_bases(fonts)) {
        fs::write(out.join(input.file), &input.bytes).expect("can write an input");
        let hostile::Input {
            file,
            expect,
            says,
            what,
            ..
        } = input;
        cases.push_str(&format!("{file}\t{expect}\t{says}\t{what}\n"));
    }
    fs::write(out.join("cases.tsv"), cases).expect("can write cases.tsv");
    println!("{}", out.display());
}

/// The `ready` documents photographed a page at a time on a table, at up
/// to 15° of tilt, each turned a little and half in a shadow.
fn photographed_on_table(case: Case) -> Vec<(String, File)> {
    let [certificate, annex] = fingerprints_ru(date(2026, 11, 12));
    let pages = [
        (
            "паспорт.jpg",
            passport(date(2021, 5, 20), case.passport_expiry),
        ),
        (
            "договор.jpg",
            contract_ru(contract_start(), contract_end(), true),
        ),
        (
            "согласие.jpg",
            consent_ru(date(2026, 11, 1), case.consent_until, true),
        ),
        ("письмо.jpg", letter_en(date(2026, 11, 5))),
        (
            "письмо перевод.jpg",
            letter_translation_ru(date(2026, 11, 5)),
        ),
        ("заявление.jpg", application_kk(date(2026, 11, 20))),
        ("справка стр1.jpg", certificate),
        ("справка стр2.jpg", annex),
    ];
    (0u64..)
        .zip(pages)
        .map(|(n, (name, doc))| {
            let photo = raster::Photo {
                tilt: [15.0, 12.0, 9.0, 14.0][n as usize % 4],
                turn: [3.0, -4.0, 2.0, -2.5, 5.0][n as usize % 5],
                shadow: [0.45, 0.35, 0.5][n as usize % 3],
                seed: 90 + n,
            };
            (name.to_string(), File::Photo(doc, photo))
        })
        .collect()
}

/// The `ready` documents as an office scanner's feeder gives them: one PDF,
/// a blank separator sheet between the letters and the form.
fn scanned_stack(case: Case) -> Vec<(String, File)> {
    let [certificate, annex] = fingerprints_ru(date(2026, 11, 12));
    let pages = vec![
        passport(date(2021, 5, 20), case.passport_expiry),
        contract_ru(contract_start(), contract_end(), true),
        consent_ru(date(2026, 11, 1), case.consent_until, true),
        letter_en(date(2026, 11, 5)),
        letter_translation_ru(date(2026, 11, 5)),
        Doc::new(false),
        application_kk(date(2026, 11, 20)),
        certificate,
        annex,
    ];
    named(vec![("scan_0001.pdf", File::ScannedPdf(pages, FLATBED))])
}

/// A document's lines laid out again on `count` pages of about equal length.
fn into_pages(pages: Vec<Doc>, count: usize) -> Vec<Doc> {
    let lines: Vec<layout::Line> = pages.into_iter().flat_map(|page| page.lines).collect();
    let per_page = lines.len().div_ceil(count);
    lines
        .chunks(per_page)
        .map(|chunk| Doc {
            lines: chunk.to_vec(),
            half_page: false,
        })
        .collect()
}

/// The essentials with the contract photographed a page a file.
fn photographed_contract(case: Case) -> Vec<(String, File)> {
    let pages = into_pages(
        template("employment_contract/ru-engineering-numbered.txt"),
        3,
    );
    let mut files: Vec<(String, File)> = case
        .essentials()
        .into_iter()
        .filter(|(name, _)| name != "трудовой договор.pdf")
        .collect();
    for (number, page) in (1..).zip(pages) {
        let scan = Scan {
            skew: [0.9, -1.1, 0.6][(number - 1) % 3],
            noise: 8,
            seed: 80 + number as u64,
        };
        files.push((
            format!("договор стр{number}.jpg"),
            File::Jpeg(page, scan, Turn::Upright),
        ));
    }
    files
}

/// The essentials with some files swapped for others: (old name, new name,
/// new file).
fn replaced(case: Case, swaps: Vec<(&str, &str, File)>) -> Vec<(String, File)> {
    let mut files = case.essentials();
    for (old, new, file) in swaps {
        let slot = files
            .iter_mut()
            .find(|(name, _)| name == old)
            .expect("the file to swap is an essential");
        *slot = (new.to_string(), file);
    }
    files
}

/// The `ready` bundle packed into one archive, the passport in a subfolder.
fn archived(archive: Archive, case: Case) -> File {
    let files = ready(case)
        .into_iter()
        .map(|(name, file)| match name.as_str() {
            "passport.jpg" => ("сканы/скан паспорта.jpg".to_string(), file),
            _ => (name, file),
        })
        .collect();
    File::Archive(archive, files)
}

/// The `ready` bundle as a client on a Russian Windows zips it: CP866 names
/// without the UTF-8 flag, and the letter with its translation in a ZIP of
/// their own inside (as the employer sent them).
fn zipped_as_windows_does(case: Case) -> Vec<(String, File)> {
    let (letters, mut files): (Vec<_>, Vec<_>) = ready(case)
        .into_iter()
        .partition(|(name, _)| name.starts_with("letter-en"));
    files.push((
        "ходатайство работодателя.zip".to_string(),
        File::Archive(Archive::Zip(containers::Names::Utf8), letters),
    ));
    named(vec![(
        "documents.zip",
        File::Archive(Archive::Zip(containers::Names::Cp866), files),
    )])
}

/// The essentials beside archives a back office must survive: a bomb, one
/// whose entry climbs out of the folder, a password-protected one, and a
/// Word 97 file.
fn hostile_archives(case: Case) -> Vec<(String, File)> {
    let mut files = case.essentials();
    let letter = File::TextPdf(vec![letter_ru(date(2026, 11, 5))]);
    files.extend(named(vec![
        // 100 MiB of zeros in about 100 KiB: past the 1:200 ratio.
        ("documents.zip", File::Bytes(containers::zip_bomb(100))),
        (
            "письмо.zip",
            File::Archive(
                Archive::Zip(containers::Names::Utf8),
                vec![("../../outside/письмо.pdf".to_string(), letter.clone())],
            ),
        ),
        (
            "passwords.zip",
            File::Archive(
                Archive::EncryptedZip,
                vec![("letter.pdf".to_string(), letter)],
            ),
        ),
        ("old contract.doc", File::Bytes(containers::legacy_doc())),
    ]));
    files
}
