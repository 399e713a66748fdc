//! Specimen scans for the MRZ evaluation (`dossier mrz fixtures/mrz/*.*`):
//! each ICAO format on an invented document, scanned clean and then spoiled
//! the ways real scans are (turned, askew, blurred, small, on a guilloche
//! background). `expected.tsv` holds what each one must read as.

use chrono::NaiveDate;
use image::{GrayImage, Luma, imageops};

use dossier::mrz::check_digit;

use crate::content::date;
use crate::layout::{Doc, Fonts, Style};
use crate::raster::{self, Rng, Scan};
use crate::zone_render::{Background, Look, render};

/// An invented document's zone and the facts it encodes.
pub struct Zone {
    pub name: &'static str,
    pub lines: Vec<String>,
    pub number: &'static str,
    pub birth: NaiveDate,
    pub expiry: NaiveDate,
}

fn with_check(field: &str) -> String {
    format!("{field}{}", check_digit(field).expect("MRZ alphabet"))
}

fn yymmdd(d: NaiveDate) -> String {
    d.format("%y%m%d").to_string()
}

/// What an invented document's zone encodes.
pub struct Holder<'a> {
    pub header: &'a str,
    pub names: &'a str,
    pub number: &'a str,
    pub nationality: &'a str,
    pub birth: NaiveDate,
    pub sex: char,
    pub expiry: NaiveDate,
    pub optional: &'a str,
}

/// TD3 (44) and TD2 (36) zones with their composite check, visas (MRV-A, -B)
/// without one.
pub fn two_line(fields: &Holder, width: usize, composite: bool) -> Vec<String> {
    let number = with_check(fields.number);
    let birth = with_check(&yymmdd(fields.birth));
    let expiry = with_check(&yymmdd(fields.expiry));
    let optional_width = width - 28 - usize::from(composite);
    let optional = if width == 44 && composite {
        // A passport's personal number has its own check digit.
        with_check(&format!("{:<<14}", fields.optional))
    } else {
        format!("{:<<optional_width$}", fields.optional)
    };
    let mut second = format!(
        "{number}{}{birth}{}{expiry}{optional}",
        fields.nationality, fields.sex
    );
    if composite {
        let digit = check_digit(&format!(
            "{}{}{}",
            &second[0..10],
            &second[13..20],
            &second[21..]
        ))
        .expect("MRZ alphabet");
        second.push_str(&digit.to_string());
    }
    vec![
        format!("{:<<width$}", format!("{}{}", fields.header, fields.names)),
        second,
    ]
}

/// TD1: the number and optional data on line one, dates and nationality on
/// line two, names on line three.
pub fn td1(fields: &Holder) -> Vec<String> {
    let first = format!(
        "{:<<30}",
        format!(
            "{}{}{}",
            fields.header,
            with_check(fields.number),
            fields.optional
        )
    );
    let mut second = format!(
        "{}{}{}{}{:<<11}",
        with_check(&yymmdd(fields.birth)),
        fields.sex,
        with_check(&yymmdd(fields.expiry)),
        fields.nationality,
        ""
    );
    let composite = format!(
        "{}{}{}{}",
        &first[5..30],
        &second[0..7],
        &second[8..15],
        &second[18..29]
    );
    second.push_str(&check_digit(&composite).expect("MRZ alphabet").to_string());
    vec![first, second, format!("{:<<30}", fields.names)]
}

/// One invented document of each format.
pub fn zones() -> Vec<Zone> {
    let passport = Holder {
        header: "P<KAZ",
        names: "NURLANOVA<<AIGERIM<SERIKKYZY",
        number: "N12345678",
        nationality: "KAZ",
        birth: date(1988, 3, 2),
        sex: 'F',
        expiry: date(2032, 9, 30),
        optional: "880302400125",
    };
    let id = Holder {
        header: "I<UZB",
        names: "KARIMOV<<BOBUR",
        number: "AB1234567",
        nationality: "UZB",
        birth: date(1979, 11, 21),
        sex: 'M',
        expiry: date(2029, 1, 14),
        optional: "",
    };
    let card = Holder {
        header: "IDKAZ",
        names: "VORONTSOV<<ANDREI",
        number: "047812345",
        nationality: "KAZ",
        birth: date(1990, 4, 15),
        sex: 'M',
        expiry: date(2033, 2, 11),
        optional: "900415300123",
    };
    let visa = Holder {
        header: "V<KAZ",
        names: "VORONTSOV<<ANDREI",
        number: "K00456781",
        nationality: "RUS",
        birth: date(1990, 4, 15),
        sex: 'M',
        expiry: date(2027, 6, 30),
        optional: "",
    };
    vec![
        Zone::new("td3-passport", two_line(&passport, 44, true), &passport),
        Zone::new("td2-id", two_line(&id, 36, true), &id),
        Zone::new("td1-id-card", td1(&card), &card),
        Zone::new("mrv-a-visa", two_line(&visa, 44, false), &visa),
    ]
}

impl Zone {
    fn new(name: &'static str, lines: Vec<String>, holder: &Holder<'static>) -> Zone {
        Zone {
            name,
            lines,
            number: holder.number,
            birth: holder.birth,
            expiry: holder.expiry,
        }
    }
}

/// How a specimen is spoiled.
#[derive(Clone, Copy)]
enum Spoil {
    Clean,
    Quarter,
    UpsideDown,
    Askew,
    Blurred,
    Guilloche,
    LowResolution,
    PhonePhoto,
    Thumbnail,
    /// The zone alone, cut to its lines on a tinted page: a client who
    /// crops the photo to the zone.
    ZoneOnly,
}

const SPOILS: [(&str, Spoil); 10] = [
    ("clean", Spoil::Clean),
    ("quarter-turn", Spoil::Quarter),
    ("upside-down", Spoil::UpsideDown),
    ("askew", Spoil::Askew),
    ("blurred", Spoil::Blurred),
    ("guilloche", Spoil::Guilloche),
    ("low-resolution", Spoil::LowResolution),
    ("phone-400px", Spoil::PhonePhoto),
    ("thumbnail", Spoil::Thumbnail),
    ("zone-only", Spoil::ZoneOnly),
];

/// Every specimen as (file name, JPEG bytes), and the `expected.tsv` lines.
pub fn specimens(fonts: &Fonts) -> (Vec<(String, Vec<u8>)>, String) {
    let mut files = Vec::new();
    let mut expected = String::from("file\tnumber\tbirth\texpiry\n");
    for (seed, zone) in zones().into_iter().enumerate() {
        for (name, spoil) in SPOILS {
            let file = format!("{}-{name}.jpg", zone.name);
            let scan = Scan {
                skew: if matches!(spoil, Spoil::Askew) {
                    4.0
                } else {
                    0.3
                },
                noise: 3,
                seed: seed as u64 + 1,
            };
            let image = match spoil {
                Spoil::ZoneOnly => zone_only(&zone, fonts, scan.seed),
                _ => spoiled(document(&zone, fonts, scan), spoil),
            };
            files.push((file.clone(), raster::jpeg(&image, 70)));
            expected.push_str(&format!(
                "{file}\t{}\t{}\t{}\n",
                zone.number, zone.birth, zone.expiry
            ));
        }
    }
    (files, expected)
}

/// The invented document holding `zone`, as a flatbed scans it.
pub fn document(zone: &Zone, fonts: &Fonts, scan: Scan) -> GrayImage {
    let mut doc = Doc::new(true)
        .heading("SPECIMEN / ОБРАЗЕЦ")
        .body("Invented document for testing. No real person's data.")
        .body("Придуманный документ для проверки.")
        .gap();
    for line in &zone.lines {
        doc = doc.line(Style::Mrz, line.clone());
    }
    card(&raster::render(&doc, fonts, scan))
}

/// The zone's lines alone in OCR-B at 14 pixels a character on a grey
/// tint, turned a little, with a margin of one or two characters.
fn zone_only(zone: &Zone, fonts: &Fonts, seed: u64) -> GrayImage {
    let look = Look {
        font: 0,
        pitch: 14.0,
        weight: 0,
        background: Background::Plain,
        uneven_light: 0.2,
        glare: 0.0,
        rotation_degrees: 0.4,
        bow: 0.0,
        blur: 0.5,
        noise: 4,
        jpeg: None,
        ink: 30,
    };
    let tinted = render(
        &zone.lines,
        std::slice::from_ref(&fonts.ocr_b),
        &look,
        &mut Rng::new(seed),
    );
    GrayImage::from_fn(tinted.width(), tinted.height(), |x, y| {
        Luma([(f32::from(tinted.get_pixel(x, y).0[0]) * 0.85) as u8])
    })
}

fn spoiled(image: GrayImage, spoil: Spoil) -> GrayImage {
    match spoil {
        Spoil::Clean | Spoil::Askew | Spoil::ZoneOnly => image,
        Spoil::Quarter => imageops::rotate90(&image),
        Spoil::UpsideDown => imageops::rotate180(&image),
        Spoil::Blurred => imageops::blur(&image, 1.6),
        Spoil::Guilloche => guilloche(image),
        Spoil::LowResolution => shrink(&image, 700),
        // About eight pixels a character, as a small phone photo has it.
        Spoil::PhonePhoto => shrink(&image, 400),
        // As a phone's 250-pixel-wide thumbnail of a data page holds it.
        Spoil::Thumbnail => shrink(&image, 250),
    }
}

/// The part of the half page the document fills, as a data page or card
/// would be photographed.
fn card(image: &GrayImage) -> GrayImage {
    let (w, h) = image.dimensions();
    imageops::crop_imm(image, w / 20, h / 8, w * 3 / 4, h * 3 / 4).to_image()
}

fn shrink(image: &GrayImage, width: u32) -> GrayImage {
    let height = image.height() * width / image.width();
    imageops::resize(image, width, height, imageops::FilterType::Triangle)
}

/// Interfering sine waves printed in a light tint under the text, as on
/// passport pages.
fn guilloche(image: GrayImage) -> GrayImage {
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let wave = ((fx / 9.0 + (fy / 23.0).sin() * 3.0).sin()
            + (fy / 7.0 + (fx / 31.0).cos() * 2.0).sin())
        .abs();
        let tint = if wave < 0.35 { 0.78 } else { 0.93 };
        let paper = f32::from(image.get_pixel(x, y).0[0]);
        Luma([(paper * tint) as u8])
    })
}
