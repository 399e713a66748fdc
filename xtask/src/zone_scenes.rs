//! Whole documents photographed the ways clients photograph them, for
//! measuring how often `dossier` finds the zone at all and how often it
//! reads it right: on a dark or busy table, turned any way, small in a
//! large photo, under glare, on a curved page.
//!
//! Part of `xtask evaluate-mrz` (seed [`EVALUATION_SEED`]); `xtask
//! evaluate-scenes SEED` prints this table alone for another seed's
//! photos. The documents are the invented ones of `fixtures/mrz` (every
//! format). The fine search for a small document was built looking at
//! seed 1's photos; the evaluation's seed was not looked into.

use std::time::Instant;

use chrono::NaiveDate;
use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};

use crate::layout::Fonts;
use crate::raster::{Rng, Scan};
use crate::specimens::{Zone, document, zones};

/// What lies around the document.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ground {
    /// A scanner's lid or a white desk.
    Light,
    /// A dark wooden table.
    Dark,
    /// A patterned cloth or a page of print: bars and blocks of every grey,
    /// some as long and thin as a zone's line.
    Busy,
}

/// How one document is photographed.
#[derive(Debug, Clone, Copy)]
struct Shot {
    ground: Ground,
    /// The document's turn in the picture, degrees.
    turn: f32,
    /// The camera's tilt from straight above, degrees.
    tilt: f32,
    /// The document's width as a share of the picture's.
    share: f32,
    /// A bright patch over the lower half of the document, 0 to 1.
    glare: f32,
    /// How far the page bows, as a share of its height.
    bow: f32,
    /// The camera out of focus: a Gaussian blur's sigma, in the photo's
    /// pixels.
    blur: f32,
    /// Light falling off from one side of the photo to the other, by this
    /// share.
    dim: f32,
    /// The JPEG quality the photo is sent at.
    quality: u8,
}

/// The settings measured, each on every format in turn.
fn settings(rng: &mut Rng) -> Vec<(&'static str, Shot)> {
    let mut uniform =
        |low: f32, high: f32| low + (rng.next() % 10_000) as f32 / 10_000.0 * (high - low);
    let base = Shot {
        ground: Ground::Light,
        turn: 0.0,
        tilt: 0.0,
        share: 0.8,
        glare: 0.0,
        bow: 0.0,
        blur: 0.0,
        dim: 0.0,
        quality: 85,
    };
    vec![
        ("flat on a light desk", base),
        (
            "on a dark table, turned up to 8°, tilted up to 20°",
            Shot {
                ground: Ground::Dark,
                turn: uniform(-8.0, 8.0),
                tilt: uniform(0.0, 20.0),
                ..base
            },
        ),
        (
            "on a busy background",
            Shot {
                ground: Ground::Busy,
                turn: uniform(-5.0, 5.0),
                share: uniform(0.5, 0.7),
                ..base
            },
        ),
        (
            "turned any way (0–360°)",
            Shot {
                ground: Ground::Dark,
                turn: uniform(0.0, 360.0),
                share: 0.6,
                ..base
            },
        ),
        (
            "small: a third of the photo's width",
            Shot {
                ground: Ground::Dark,
                turn: uniform(-4.0, 4.0),
                share: uniform(0.25, 0.35),
                ..base
            },
        ),
        (
            "glare over the zone",
            Shot {
                glare: uniform(0.5, 0.85),
                turn: uniform(-3.0, 3.0),
                ..base
            },
        ),
        (
            "a curved page",
            Shot {
                bow: uniform(0.02, 0.05),
                turn: uniform(-3.0, 3.0),
                ..base
            },
        ),
        (
            "smaller: a fifth of the photo's width",
            Shot {
                ground: Ground::Dark,
                turn: uniform(-6.0, 6.0),
                share: uniform(0.17, 0.23),
                ..base
            },
        ),
        (
            "out of focus (blur of 1.5–3 pixels)",
            Shot {
                turn: uniform(-4.0, 4.0),
                share: uniform(0.5, 0.7),
                blur: uniform(1.5, 3.0),
                ..base
            },
        ),
        (
            "dim: light falling off by 30–60% across the photo",
            Shot {
                ground: Ground::Dark,
                turn: uniform(-4.0, 4.0),
                dim: uniform(0.3, 0.6),
                ..base
            },
        ),
        (
            "all at once: busy or dark, any turn, tilted, small, glare, bowed, blurred, dim, JPEG 60",
            Shot {
                ground: if uniform(0.0, 1.0) < 0.5 {
                    Ground::Busy
                } else {
                    Ground::Dark
                },
                turn: uniform(0.0, 360.0),
                tilt: uniform(0.0, 20.0),
                share: uniform(0.3, 0.5),
                glare: uniform(0.0, 0.6),
                bow: uniform(0.0, 0.03),
                blur: uniform(0.0, 1.5),
                dim: uniform(0.0, 0.4),
                quality: 60,
            },
        ),
    ]
}

/// Documents a setting is measured on.
const SHOTS_PER_SETTING: usize = 24;

/// The photos' width, as a phone's picture is sent shrunk: 2,400 pixels.
const PHOTO_WIDTH: f32 = 2400.0;

/// The seed of the photos `evaluate-mrz` reports; `evaluate-scenes SEED`
/// draws others, for looking into failures without tuning to these.
pub const EVALUATION_SEED: u64 = 515_151;

pub fn evaluate(fonts: &Fonts, seed: u64) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!("dossier-scenes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let zones = zones();
    let mut rng = Rng::new(seed);
    let mut table = String::from(
        "| setting | photos | zone found (a field read right) | valid and right | s a photo |\n|---|---|---|---|---|\n",
    );
    let names: Vec<&str> = settings(&mut Rng::new(0)).iter().map(|s| s.0).collect();
    for (index, name) in names.iter().enumerate() {
        let (mut found, mut right, mut seconds) = (0, 0, 0.0);
        for shot_index in 0..SHOTS_PER_SETTING {
            let shot = settings(&mut rng)[index].1;
            let zone = &zones[shot_index % zones.len()];
            let scan = Scan {
                skew: 0.0,
                noise: 3,
                seed: rng.next(),
            };
            let photo = shoot(&data_page(&document(zone, fonts, scan)), shot, &mut rng);
            let path = dir.join(format!("{index}-{shot_index}.jpg"));
            std::fs::write(&path, crate::raster::jpeg(&photo, shot.quality))
                .map_err(|err| format!("{}: {err}", path.display()))?;
            let started = Instant::now();
            let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
            let read = dossier::read_mrz(&path, as_of, &dossier::Limits::default())
                .map_err(|err| err.to_string())?;
            seconds += started.elapsed().as_secs_f32();
            let (seen, exact) = judge(zone, read.ok().flatten().as_ref());
            found += usize::from(seen);
            right += usize::from(exact);
        }
        table.push_str(&format!(
            "| {name} | {SHOTS_PER_SETTING} | {found} | {right} | {:.2} |\n",
            seconds / SHOTS_PER_SETTING as f32
        ));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(table)
}

/// Whether the zone was found (a field of it read right, valid or not) and
/// whether it was read valid and right.
fn judge(zone: &Zone, read: Option<&dossier::mrz::Mrz>) -> (bool, bool) {
    let Some(mrz) = read else {
        return (false, false);
    };
    let number = mrz.document_number == zone.number;
    let birth = mrz.birth_date == Some(zone.birth);
    let expiry = mrz.expiry_date == Some(zone.expiry);
    let surname = zone
        .lines
        .iter()
        .any(|line| !mrz.surname.is_empty() && line.contains(&format!("{}<<", mrz.surname)));
    (
        number || birth || expiry || surname,
        mrz.checks_valid && number && birth && expiry,
    )
}

/// The document shaped as a data page or a card (1.42 times as wide as
/// tall): its print moved to the foot so that the zone ends it, and a
/// portrait above.
fn data_page(page: &GrayImage) -> GrayImage {
    let inked = |y: u32| {
        (0..page.width())
            .filter(|&x| page.get_pixel(x, y).0[0] < 128)
            .count()
            > 20
    };
    let last = (0..page.height())
        .rev()
        .find(|&y| inked(y))
        .unwrap_or(page.height() - 1);
    let print = (last + page.height() / 12).min(page.height());
    let (width, height) = (page.width(), (page.width() as f32 / 1.42) as u32);
    let offset = height.saturating_sub(print);
    let paper = *page.get_pixel(page.width() - 2, 2);
    GrayImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / offset.max(1) as f32);
        if y >= offset {
            *page.get_pixel(x, y - offset)
        } else if (0.06..0.3).contains(&fx) && (0.12..0.92).contains(&fy) {
            // The portrait: a darker head on a lighter ground.
            let head = ((fx - 0.18) / 0.07).powi(2) + ((fy - 0.45) / 0.25).powi(2) < 1.0;
            Luma([if head { 95 } else { 175 }])
        } else {
            paper
        }
    })
}

/// The document laid on its ground and photographed.
fn shoot(page: &GrayImage, shot: Shot, rng: &mut Rng) -> GrayImage {
    let page = bowed(page, shot.bow);
    let (w, h) = (page.width() as f32, page.height() as f32);
    let scale = PHOTO_WIDTH * shot.share / w;
    let diagonal = w.hypot(h) * scale;
    let width = PHOTO_WIDTH.max(diagonal * 1.1) as u32;
    let height = (PHOTO_WIDTH * 0.75).max(diagonal * 1.1) as u32;
    let (cx, cy) = (width as f32 / 2.0, height as f32 / 2.0);
    let inset = w * 0.5 * shot.tilt.to_radians().tan();
    let flat = [
        (-w / 2.0 + inset, -h / 2.0),
        (w / 2.0 - inset, -h / 2.0),
        (w / 2.0, h / 2.0),
        (-w / 2.0, h / 2.0),
    ];
    let (sin, cos) = shot.turn.to_radians().sin_cos();
    let corners = flat.map(|(x, y)| {
        (
            cx + scale * (x * cos - y * sin),
            cy + scale * (x * sin + y * cos),
        )
    });
    let Some(projection) =
        Projection::from_control_points([(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)], corners)
    else {
        return page;
    };
    let mut sheet = GrayImage::new(width, height);
    warp_into(
        &page,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([0])),
        &mut sheet,
    );
    let mut cover = GrayImage::new(width, height);
    let white = GrayImage::from_pixel(page.width(), page.height(), Luma([255]));
    warp_into(
        &white,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([0])),
        &mut cover,
    );
    let blocks: Vec<[f32; 5]> = (0..60)
        .map(|_| {
            let mut r = |n: u64| (rng.next() % n) as f32;
            [
                r(width as u64),
                r(height as u64),
                40.0 + r(500),
                6.0 + r(60),
                r(200),
            ]
        })
        .collect();
    // The glare's middle: the zone, at the document's foot.
    let (gx, gy) = (cx, cy + scale * h * 0.35);
    let glare_radius = scale * w * 0.3;
    let photo = GrayImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let ground = ground(shot.ground, fx, fy, &blocks);
        let c = f32::from(cover.get_pixel(x, y).0[0]) / 255.0;
        let mut value = ground * (1.0 - c) + f32::from(sheet.get_pixel(x, y).0[0]) * c;
        if shot.glare > 0.0 {
            let d = ((fx - gx).powi(2) + ((fy - gy) * 2.0).powi(2)).sqrt() / glare_radius;
            value += (255.0 - value) * shot.glare * (-d * d).exp();
        }
        value *= 1.0 - shot.dim * fx / width as f32;
        let noise = (rng.next() % 7) as f32 - 3.0;
        Luma([(value + noise).clamp(0.0, 255.0) as u8])
    });
    match shot.blur > 0.0 {
        true => image::imageops::blur(&photo, shot.blur),
        false => photo,
    }
}

fn ground(ground: Ground, x: f32, y: f32, blocks: &[[f32; 5]]) -> f32 {
    match ground {
        Ground::Light => 228.0,
        Ground::Dark => 60.0 + 18.0 * (y / 41.0 + 3.0 * (x / 310.0).sin()).sin(),
        Ground::Busy => blocks
            .iter()
            .find(|[bx, by, bw, bh, _]| x >= *bx && x < bx + bw && y >= *by && y < by + bh)
            .map_or(200.0 + 30.0 * (x / 23.0).sin() * (y / 17.0).cos(), |b| b[4]),
    }
}

/// The page bowed as near a passport's spine: each column shifted down by
/// `bow` of the page's height at the middle, not at the edges.
fn bowed(page: &GrayImage, bow: f32) -> GrayImage {
    if bow == 0.0 {
        return page.clone();
    }
    let (w, h) = (page.width() as f32, page.height() as f32);
    GrayImage::from_fn(page.width(), page.height(), |x, y| {
        let t = 2.0 * x as f32 / w - 1.0;
        let source = y as f32 - bow * h * (1.0 - t * t);
        match source {
            s if s >= 0.0 && s < h => *page.get_pixel(x, s as u32),
            _ => Luma([230]),
        }
    })
}
