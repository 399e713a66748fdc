//! Machine-readable zones drawn the ways documents print them and scanners
//! and cameras see them, for training dossier's zone recogniser and for
//! evaluating it on settings it was not trained on.
//!
//! A zone is drawn large (32 pixels a character), thickened or thinned,
//! laid on a background, turned and bent, then shrunk to its pitch and
//! blurred, noised and JPEG-compressed there, as a camera would.

use ab_glyph::{Font, FontArc, PxScale, ScaleFont};
use image::{GrayImage, Luma, imageops};

use crate::content::date;
use crate::raster::Rng;
use crate::specimens::{Holder, td1, two_line};

/// Pixels a character when drawn, before the zone is shrunk to its pitch.
const DRAW_PITCH: f32 = 32.0;

/// What is under the print.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Background {
    Plain,
    /// Interfering sine waves in a light tint, as on passport pages.
    Guilloche,
    /// Rings and a tint that shifts across the page (held out of training).
    Rings,
    /// Fine parallel lines at `angle` radians, `spacing` drawn pixels
    /// apart, over a tint that shifts across the page, as a rainbow print
    /// turns out in grey.
    Stripes {
        angle: f32,
        spacing: f32,
    },
}

/// How one zone is printed and seen.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub font: usize,
    /// Pixels a character in the final image.
    pub pitch: f32,
    /// Strokes thickened (positive) or thinned, in drawn pixels.
    pub weight: i32,
    pub background: Background,
    /// Light falling off across the zone, 0 (even) to 0.5.
    pub uneven_light: f32,
    /// A bright patch that washes the print out, 0 (none) to 0.8.
    pub glare: f32,
    pub rotation_degrees: f32,
    /// How far the lines bow, in characters' heights at the middle.
    pub bow: f32,
    pub blur: f32,
    pub noise: u8,
    pub jpeg: Option<u8>,
    /// Grey of the ink, 0 black.
    pub ink: u8,
}

/// A zone's lines for an invented holder, every format in turn.
pub fn random_zone(rng: &mut Rng, index: usize) -> Vec<String> {
    let pick = |rng: &mut Rng, n: usize| (rng.next() % n as u64) as usize;
    let word = |rng: &mut Rng, len: usize| -> String {
        (0..len)
            .map(|_| char::from(b'A' + pick(rng, 26) as u8))
            .collect()
    };
    let surname = {
        let len = 3 + pick(rng, 10);
        word(rng, len)
    };
    let mut names = surname;
    if pick(rng, 4) == 0 {
        let len = 3 + pick(rng, 7);
        names = format!("{names}<{}", word(rng, len));
    }
    for _ in 0..pick(rng, 3) + usize::from(pick(rng, 8) > 0) {
        let len = 2 + pick(rng, 9);
        let part = word(rng, len);
        names = if names.contains("<<") {
            format!("{names}<{part}")
        } else {
            format!("{names}<<{part}")
        };
    }
    let alnum = |rng: &mut Rng, len: usize| -> String {
        (0..len)
            .map(|_| {
                let n = pick(rng, 36) as u8;
                char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
            })
            .collect()
    };
    let digits = |rng: &mut Rng, len: usize| -> String {
        (0..len)
            .map(|_| char::from(b'0' + pick(rng, 10) as u8))
            .collect()
    };
    let number = issued_number(rng);
    let optional = match pick(rng, 3) {
        0 => String::new(),
        1 => digits(rng, 12),
        _ => {
            let len = 1 + pick(rng, 10);
            alnum(rng, len)
        }
    };
    let states = dossier::mrz::known_states();
    let state = states[pick(rng, states.len())].to_string();
    let nationality = if pick(rng, 2) == 0 {
        state.clone()
    } else {
        states[pick(rng, states.len())].to_string()
    };
    let birth = date(
        1940 + pick(rng, 70) as i32,
        1 + pick(rng, 12) as u32,
        1 + pick(rng, 28) as u32,
    );
    let expiry = date(
        2020 + pick(rng, 20) as i32,
        1 + pick(rng, 12) as u32,
        1 + pick(rng, 28) as u32,
    );
    let sex = ['M', 'F', '<'][pick(rng, 3)];
    let (kind, width) = [("P<", 44), ("V<", 44), ("I<", 36), ("V<", 36), ("ID", 30)][index % 5];
    let header = format!("{kind}{state}");
    // What the format leaves for optional data.
    let optional_room = match (width, kind) {
        (30, _) => 15,
        (44, "V<") => 16,
        (44, _) => 14,
        (_, "V<") => 8,
        _ => 7,
    };
    let names: String = names.chars().take(width - 5).collect();
    let holder = Holder {
        header: &header,
        names: &names,
        number: &number,
        nationality: &nationality,
        birth,
        sex,
        expiry,
        optional: &optional[..optional.len().min(optional_room)],
    };
    let lines = match width {
        30 => td1(&Holder {
            names: &names.chars().take(30).collect::<String>(),
            ..holder
        }),
        _ => two_line(&holder, width, kind != "V<"),
    };
    assert!(lines.iter().all(|line| line.len() == width), "{lines:?}");
    lines
}

/// A document number shaped as states issue them: all digits (Russia's
/// foreign passports, the United Kingdom), letters first (Kazakhstan's
/// `N12345678`, Uzbekistan's `AA1234567`, Ukraine's `FA123456`, Spain's
/// `PAA123456`), digits either side of two letters (France's `12AB34567`)
/// or, as Germany's, letters and digits mixed from an alphabet without the
/// letters that look like digits. Drawn uniformly from letters and digits,
/// as they were before, numbers mixed them as no state does, and the
/// misreads a check cannot catch (`8830026` read `883OO26`) were mostly of
/// such numbers.
fn issued_number(rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"0123456789";
    /// Germany's alphabet for its document numbers.
    const MIXED: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";
    let shape = rng.next() % 7;
    let mut from = |alphabet: &[u8], len: usize| -> String {
        (0..len)
            .map(|_| char::from(alphabet[(rng.next() % alphabet.len() as u64) as usize]))
            .collect()
    };
    match shape {
        0 => from(DIGITS, 9),
        1 => from(LETTERS, 1) + &from(DIGITS, 8),
        2 => from(LETTERS, 2) + &from(DIGITS, 7),
        // Padded with a filler to the field's nine characters.
        3 => from(LETTERS, 2) + &from(DIGITS, 6) + "<",
        4 => from(LETTERS, 3) + &from(DIGITS, 6),
        5 => from(DIGITS, 2) + &from(LETTERS, 2) + &from(DIGITS, 5),
        _ => from(MIXED, 9),
    }
}

/// The zone drawn with `look`: a crop as the locator cuts it (half a line
/// above and below, a character or two either side).
pub fn render(lines: &[String], fonts: &[FontArc], look: &Look, rng: &mut Rng) -> GrayImage {
    let font = &fonts[look.font % fonts.len()];
    let width = lines.iter().map(String::len).max().unwrap_or(0) as f32;
    let line_pitch = DRAW_PITCH * 1.7;
    let side = DRAW_PITCH * (0.8 + (rng.next() % 100) as f32 / 80.0);
    let above = line_pitch * (0.45 + (rng.next() % 100) as f32 / 300.0);
    let canvas_w = (width * DRAW_PITCH + 2.0 * side) as u32;
    let canvas_h = (lines.len() as f32 * line_pitch + 2.0 * above) as u32;
    let mut coverage = vec![0f32; (canvas_w * canvas_h) as usize];
    let scale = cap_scale(font);
    let scaled = font.as_scaled(scale);
    for (row, line) in lines.iter().enumerate() {
        let baseline = above + row as f32 * line_pitch + line_pitch * 0.5 + DRAW_PITCH * 0.5;
        for (column, symbol) in line.chars().enumerate() {
            let centre = side + (column as f32 + 0.5) * DRAW_PITCH;
            let id = font.glyph_id(symbol);
            let advance = scaled.h_advance(id);
            let glyph = id
                .with_scale_and_position(scale, ab_glyph::point(centre - advance / 2.0, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|x, y, c| {
                    let (px, py) = (
                        bounds.min.x as i32 + x as i32,
                        bounds.min.y as i32 + y as i32,
                    );
                    if px >= 0 && py >= 0 && (px as u32) < canvas_w && (py as u32) < canvas_h {
                        let at = (py as u32 * canvas_w + px as u32) as usize;
                        coverage[at] = coverage[at].max(c);
                    }
                });
            }
        }
    }
    let coverage = reweigh(coverage, canvas_w, canvas_h, look.weight);
    let (phase_x, phase_y) = ((rng.next() % 1000) as f32, (rng.next() % 1000) as f32);
    let drawn = GrayImage::from_fn(canvas_w, canvas_h, |x, y| {
        let paper = paper(look.background, x as f32 + phase_x, y as f32 + phase_y);
        let c = coverage[(y * canvas_w + x) as usize];
        Luma([(paper * (1.0 - c) + f32::from(look.ink) * c) as u8])
    });
    let bent = bend(&drawn, look.rotation_degrees, look.bow * DRAW_PITCH);
    let lit = light(bent, look.uneven_light, look.glare, rng);
    let factor = look.pitch / DRAW_PITCH;
    let (w, h) = (
        ((lit.width() as f32 * factor) as u32).max(8),
        ((lit.height() as f32 * factor) as u32).max(4),
    );
    let mut small = imageops::resize(&lit, w, h, imageops::FilterType::Triangle);
    if look.blur > 0.0 {
        small = imageops::blur(&small, look.blur);
    }
    for pixel in small.pixels_mut() {
        let n = look.noise as i32;
        if n > 0 {
            let delta = (rng.next() % (2 * n as u64 + 1)) as i32 - n;
            pixel.0[0] = (i32::from(pixel.0[0]) + delta).clamp(0, 255) as u8;
        }
    }
    match look.jpeg {
        Some(quality) => {
            let bytes = crate::raster::jpeg(&small, quality);
            image::load_from_memory(&bytes)
                .map(|image| image.to_luma8())
                .unwrap_or(small)
        }
        None => small,
    }
}

/// The scale at which the font's capitals stand one pitch tall, as OCR-B's
/// do in a zone (2.4 mm capitals at a 2.54 mm pitch).
fn cap_scale(font: &FontArc) -> PxScale {
    let cap = font
        .outline_glyph(font.glyph_id('E').with_scale(PxScale::from(100.0)))
        .map_or(70.0, |g| g.px_bounds().height());
    PxScale::from(100.0 * DRAW_PITCH * 0.95 / cap.max(1.0))
}

/// Strokes grown (`weight` > 0) or shrunk by that many pixels.
fn reweigh(coverage: Vec<f32>, width: u32, height: u32, weight: i32) -> Vec<f32> {
    let mut current = coverage;
    for _ in 0..weight.unsigned_abs() {
        let grow = weight > 0;
        let at = |v: &Vec<f32>, x: i64, y: i64| {
            if x < 0 || y < 0 || x >= i64::from(width) || y >= i64::from(height) {
                0.0
            } else {
                v[(y * i64::from(width) + x) as usize]
            }
        };
        current = (0..i64::from(height))
            .flat_map(|y| (0..i64::from(width)).map(move |x| (x, y)))
            .map(|(x, y)| {
                let around = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)]
                    .map(|(dx, dy)| at(&current, x + dx, y + dy));
                if grow {
                    around.into_iter().fold(0.0, f32::max)
                } else {
                    around.into_iter().fold(1.0, f32::min)
                }
            })
            .collect();
    }
    current
}

/// Paper grey under the print at a drawn pixel.
fn paper(background: Background, x: f32, y: f32) -> f32 {
    match background {
        Background::Plain => 238.0,
        Background::Guilloche => {
            let wave = ((x / 9.0 + (y / 23.0).sin() * 3.0).sin()
                + (y / 7.0 + (x / 31.0).cos() * 2.0).sin())
            .abs();
            if wave < 0.35 { 185.0 } else { 225.0 }
        }
        Background::Rings => {
            let (cx, cy) = (x - 700.0, y - 60.0);
            let ring = ((cx * cx + cy * cy).sqrt() / 6.0).sin();
            let tint = 200.0 + 30.0 * (x / 400.0).sin();
            if ring > 0.6 { tint - 30.0 } else { tint }
        }
        Background::Stripes { angle, spacing } => {
            let across = x * angle.cos() + y * angle.sin();
            let tint = 215.0 + 20.0 * ((x + 2.0 * y) / 900.0).sin();
            if (across / spacing).rem_euclid(1.0) < 0.3 {
                tint - 35.0
            } else {
                tint
            }
        }
    }
}

/// The image turned by `degrees` and its rows bowed by `bow` pixels at the
/// middle, paper-coloured where nothing was.
fn bend(image: &GrayImage, degrees: f32, bow: f32) -> GrayImage {
    let (w, h) = (image.width() as f32, image.height() as f32);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let edge = f32::from(image.get_pixel(0, 0).0[0]);
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        let (dx, dy) = (x as f32 - w / 2.0, y as f32 - h / 2.0);
        let sx = cos * dx + sin * dy + w / 2.0;
        let mut sy = -sin * dx + cos * dy + h / 2.0;
        let across = sx / w * 2.0 - 1.0;
        sy -= bow * (1.0 - across * across);
        Luma([sample(image, sx, sy, edge) as u8])
    })
}

fn sample(image: &GrayImage, x: f32, y: f32, outside: f32) -> f32 {
    if x < 0.0 || y < 0.0 || x >= image.width() as f32 - 1.0 || y >= image.height() as f32 - 1.0 {
        return outside;
    }
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let p = |xx: f32, yy: f32| f32::from(image.get_pixel(xx as u32, yy as u32).0[0]);
    let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1.0, y0) * fx;
    let bottom = p(x0, y0 + 1.0) * (1.0 - fx) + p(x0 + 1.0, y0 + 1.0) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Light that falls off across the zone, and a glare patch that lifts
/// everything under it towards white.
fn light(image: GrayImage, uneven: f32, glare: f32, rng: &mut Rng) -> GrayImage {
    let (w, h) = (image.width() as f32, image.height() as f32);
    let from_left = rng.next().is_multiple_of(2);
    let (gx, gy) = (
        (rng.next() % 1000) as f32 / 1000.0 * w,
        (rng.next() % 1000) as f32 / 1000.0 * h,
    );
    let radius = w / 6.0;
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        let v = f32::from(image.get_pixel(x, y).0[0]);
        let across = if from_left {
            x as f32 / w
        } else {
            1.0 - x as f32 / w
        };
        let dim = v * (1.0 - uneven * across);
        let (dx, dy) = (x as f32 - gx, (y as f32 - gy) * 2.0);
        let lift = glare * (-(dx * dx + dy * dy) / (radius * radius)).exp();
        Luma([(dim + (255.0 - dim) * lift).clamp(0.0, 255.0) as u8])
    })
}
