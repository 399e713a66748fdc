//! Where a page's machine-readable zone is: its band in the image, from the
//! filler words the full-page pass saw, or found in the image itself. There,
//! after local thresholding (which drops light guilloche backgrounds),
//! levelling a skewed photo, and smearing characters together along the
//! line, the zone's two or three lines are long thin blobs of equal width
//! stacked close together.

use image::imageops;

use super::GrayImage;
use crate::extract::image::{bilinear, shrunk};
use crate::extract::tsv::{self, Word};

/// How finely the page is searched for its zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Detail {
    /// Shrunk to 1,000 pixels wide at most: enough to separate a zone's
    /// lines on a page, small enough that finding costs milliseconds; and
    /// 1,500 tall at most (an A4 page in portrait keeps the width; a long
    /// strip, a stitched scan, is not searched at full height).
    Coarse,
    /// Twice as fine (see [`Detail::zoom`]), where the coarse search found
    /// nothing taken: a passport photographed whole at a fifth of a
    /// 2,400-pixel photo's width prints its zone about 10 pixels a
    /// character, and shrunk to 1,000 its strokes wash out into the paper
    /// (`xtask evaluate-scenes 1` found none of 24 such zones before this
    /// search, 24 with it). A page up to 2,600 pixels wide (a phone's
    /// photo as sent) is searched as it stands: shrinking a 2,400-pixel
    /// photo to 2,000 took a sixth of the time of reading it.
    Fine,
}

impl Detail {
    /// The width and height the page is shrunk to at most.
    fn size(self) -> (f32, f32) {
        match self {
            Detail::Coarse => (1000.0, 1500.0),
            Detail::Fine => (2600.0, 3600.0),
        }
    }

    /// How many times as finely as the coarse search this one looks.
    fn zoom(self) -> u32 {
        match self {
            Detail::Coarse => 1,
            Detail::Fine => 2,
        }
    }

    /// Whether searching at this detail sees `page` finer than at the
    /// coarse one.
    pub(super) fn finer_than_coarse(self, page: &GrayImage) -> bool {
        shrink_scale(page, self) > shrink_scale(page, Detail::Coarse)
    }
}

/// At most this many bands found in the image are read.
const MAX_BANDS: usize = 3;

/// A horizontal strip of the page that may hold the zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Band {
    left: u32,
    top: u32,
    right: u32,
    bottom: u32,
    pub(super) line_height: u32,
    /// How the lines run across the page: level, or sloping and bowed
    /// (a keystoned photo, a curved page).
    course: Curve,
}

/// How a zone's lines run: at column `x` they stand
/// `slope` × (x − `centre`) + `bow` × (x − `centre`)² pixels lower than at
/// `centre` (negative: higher).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Curve {
    centre: f32,
    slope: f32,
    bow: f32,
}

impl Curve {
    fn shift(&self, x: f32) -> f32 {
        let d = x - self.centre;
        self.slope * d + self.bow * d * d
    }

    /// The curve in a page `1 / scale` times as large.
    fn unscaled(self, scale: f32) -> Curve {
        Curve {
            centre: self.centre / scale,
            slope: self.slope,
            bow: self.bow * scale,
        }
    }

    /// The lines of a zone run alike: their mean course.
    fn mean(curves: &[Curve]) -> Curve {
        let n = curves.len().max(1) as f32;
        let sum = |part: fn(&Curve) -> f32| curves.iter().map(part).sum::<f32>() / n;
        Curve {
            centre: sum(|c| c.centre),
            slope: sum(|c| c.slope),
            bow: sum(|c| c.bow),
        }
    }
}
/// Whether the full-page pass saw anything like a zone's line.
pub(super) fn zone_text_seen(tsv: &str) -> bool {
    tsv::words(tsv).any(|word| looks_like_zone_text(word.text))
}

/// A word the full-page pass could have made of a zone's line: fifteen or
/// more characters without a space, all capitals, digits or fillers, in any
/// script (the Cyrillic models read OCR-B as Cyrillic look-alikes).
fn looks_like_zone_text(word: &str) -> bool {
    word.chars().count() >= 15
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '<' | '«' | '‹'))
}
/// The band of the full-page pass's words that are runs of `<` fillers.
pub(super) fn filler_band(tsv: &str, page: &GrayImage) -> Option<Band> {
    let fillers: Vec<Word> = tsv::words(tsv)
        .filter(|word| word.text.chars().filter(|&c| c == '<' || c == '«').count() >= 3)
        .collect();
    let top = fillers.iter().map(|word| word.top).min()?;
    let bottom = fillers.iter().map(Word::bottom).max()?;
    let line_height = fillers.iter().map(|word| word.height).max()?.max(1);
    Some(pad(
        Band {
            left: 0,
            top,
            right: page.width(),
            bottom,
            line_height,
            course: Curve::default(),
        },
        page,
    ))
}

/// Half a line above and below, a line to either side, within the page.
fn pad(band: Band, page: &GrayImage) -> Band {
    let v = band.line_height / 2 + 2;
    let h = band.line_height;
    Band {
        left: band.left.saturating_sub(h),
        top: band.top.saturating_sub(v),
        right: (band.right + h).min(page.width()),
        bottom: (band.bottom + v).min(page.height()),
        ..band
    }
}

/// The band cut out of the page; a band whose lines slope or bow by a
/// quarter of a line or more straightened, each column shifted by its
/// course (less is left as it is: the cells follow it, and resampling
/// would blur what Tesseract reads).
pub(super) fn crop(page: &GrayImage, band: Band) -> GrayImage {
    let width = band.right.saturating_sub(band.left).max(1);
    let height = band.bottom.saturating_sub(band.top).max(1);
    let ends = [band.left, band.right].map(|x| band.course.shift(x as f32).abs());
    if ends
        .iter()
        .all(|&shift| shift * 4.0 < band.line_height as f32)
    {
        return imageops::crop_imm(page, band.left, band.top, width, height).to_image();
    }
    GrayImage::from_fn(width, height, |x, y| {
        let column = (band.left + x) as f32;
        let shift = band.course.shift(column + 0.5);
        let grey = bilinear(page, column, (band.top + y) as f32 + shift);
        image::Luma([grey as u8])
    })
}

/// The page shrunk to `detail`'s size for finding the zone, and the
/// scale. By area averaging: a triangle filter took 100 ms of a
/// 2,600-pixel photo's 450, for no zone more found.
fn shrink(page: &GrayImage, detail: Detail) -> (GrayImage, f32) {
    let scale = shrink_scale(page, detail);
    if scale < 1.0 {
        let width = ((page.width() as f32 * scale) as u32).max(1);
        let height = ((page.height() as f32 * scale) as u32).max(1);
        (shrunk(page, width, height), scale)
    } else {
        (page.clone(), scale)
    }
}

/// The scale [`shrink`] shrinks `page` by.
fn shrink_scale(page: &GrayImage, detail: Detail) -> f32 {
    let (width, height) = detail.size();
    (width / page.width() as f32)
        .min(height / page.height() as f32)
        .min(1.0)
}

/// The page with its text lines made level. A phone photo held a few degrees
/// off makes a 44-character line climb more than its own height, so its
/// characters would not smear into one blob; a document laid on a table
/// may be turned any way. Turns up to 5.7° (a slope of 0.1) are undone by
/// a shear, which keeps each column's pixels; larger ones by a rotation (a
/// shear would slant the characters). A page turned by a quarter or a half is turned back by the
/// caller.
pub(super) fn level(page: &GrayImage) -> GrayImage {
    let (small, _) = shrink(page, Detail::Coarse);
    let slope = skew_slope(&character_centres(&ink_mask(&small, PRINT, small.width())));
    match slope.abs() {
        s if s < 0.004 => page.clone(),
        s if s <= 0.1 => shear(page, slope),
        _ => rotate(page, slope.atan()),
    }
}

/// The middles of the mask's character-sized blobs of ink. Bars, frames,
/// a portrait and the table's edge are larger than any character and are
/// left out, so that they do not steer the skew (a patterned cloth under
/// a document turned 4° made the cloth's level win).
fn character_centres(mask: &Mask) -> Vec<(f32, f32)> {
    let largest = (mask.width.max(mask.height) / 16).max(4) as u32;
    blobs(mask, |blob, _| {
        ((2..=largest).contains(&blob.height()) && blob.width() <= largest).then(|| {
            (
                (blob.left + blob.right) as f32 / 2.0,
                (blob.top + blob.bottom) as f32 / 2.0,
            )
        })
    })
}

/// The slope (rise per pixel across) of the text lines, from −1 to 1 (45°
/// either way): the turn under which the characters' middles pile up into
/// the fewest, fullest rows. Searched by half degrees, then refined by a
/// twentieth either side.
fn skew_slope(centres: &[(f32, f32)]) -> f32 {
    let coarse = steadiest(centres, (-90..90).map(|step| step as f32 * 0.5));
    let fine = steadiest(centres, (-10..=10).map(|step| coarse + step as f32 * 0.05));
    fine.to_radians().tan()
}

/// Whether the page's text runs down it rather than across: its
/// characters' middles line up better under a turn within 45° of a quarter
/// turn than within 45° of none. A photo on a light desk misled the row
/// and column profiles of the whole image (the zone was then read last of
/// four orientations, at four times the cost).
pub(super) fn lines_run_down(page: &GrayImage) -> bool {
    let (small, _) = shrink(page, Detail::Coarse);
    let centres = character_centres(&ink_mask(&small, PRINT, small.width()));
    let best = |from: i32| {
        let degrees = steadiest(&centres, (from..from + 180).map(|step| step as f32 * 0.5));
        sharpness(&centres, degrees)
    };
    best(90) > best(-90)
}

/// Of `turns` (degrees), the one under which the middles pile up most;
/// the smallest such turn on a tie.
fn steadiest(centres: &[(f32, f32)], turns: impl Iterator<Item = f32>) -> f32 {
    turns
        .max_by_key(|&degrees| {
            (
                sharpness(centres, degrees),
                std::cmp::Reverse((degrees.abs() * 1000.0) as u32),
            )
        })
        .unwrap_or(0.0)
}

/// How sharply the middles pile up into rows once the page is turned by
/// `degrees`: the sum of the squared counts of the rows they fall in.
fn sharpness(centres: &[(f32, f32)], degrees: f32) -> u64 {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let mut rows: Vec<i32> = centres
        .iter()
        .map(|&(x, y)| (y * cos - x * sin).floor() as i32)
        .collect();
    rows.sort_unstable();
    rows.chunk_by(|a, b| a == b)
        .map(|run| (run.len() as u64).pow(2))
        .sum()
}

/// The page turned by `angle` (radians, positive clockwise as the image
/// is seen) the other way, so that lines at that angle run level; the page
/// grows to keep every pixel, filled with white (its corners are too large
/// to fill with its edges' greys, which would draw a dark table's edge
/// across them as streaks).
fn rotate(page: &GrayImage, angle: f32) -> GrayImage {
    let (sin, cos) = angle.sin_cos();
    let (w, h) = (page.width() as f32, page.height() as f32);
    let width = (w * cos.abs() + h * sin.abs()).ceil() as u32;
    let height = (w * sin.abs() + h * cos.abs()).ceil() as u32;
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (ox, oy) = (width as f32 / 2.0, height as f32 / 2.0);
    GrayImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 + 0.5 - ox, y as f32 + 0.5 - oy);
        let (sx, sy) = (cx + cos * u - sin * v, cy + sin * u + cos * v);
        image::Luma([bilinear(page, sx - 0.5, sy - 0.5) as u8])
    })
}

/// Shifts each column up by `slope` × its x, so lines rising at that slope
/// run level; the page grows to keep every pixel, each column filled with
/// its own top and bottom greys. White would draw an edge along a grey page
/// (a zone cropped tight, a page on a dark table) that the ink threshold
/// takes for ink: a tinted zone cropped to its lines, levelled a little,
/// gained a white strip that its band took in, and was not read; with the
/// edge's greys it was.
fn shear(page: &GrayImage, slope: f32) -> GrayImage {
    let rise = (page.width() as f32 * slope.abs()).ceil() as u32;
    let height = page.height() + rise;
    // With a negative slope the right end is highest: shift everything down.
    let base = if slope < 0.0 { rise as f32 } else { 0.0 };
    GrayImage::from_fn(page.width(), height, |x, y| {
        let last = page.height().saturating_sub(1) as f32;
        let source = (y as f32 - base + x as f32 * slope).clamp(0.0, last);
        *page.get_pixel(x, source as u32)
    })
}

/// Candidate zones found in the image, the likeliest first: stacks of two or
/// three long, thin, equally wide blobs, lowest on the page first (the zone
/// ends a data page), then single blobs that may be lines run together.
/// Each pass of [`PASSES`] is made only once the bands of those before it
/// are used up: a zone read from the first costs no second look (its mask,
/// smear and blobs take 15–20 ms a page at 1,000 pixels).
pub(super) fn find_bands(page: &GrayImage, detail: Detail) -> impl Iterator<Item = Band> + '_ {
    let (small, scale) = shrink(page, detail);
    let mut found: Vec<Band> = Vec::new();
    PASSES.into_iter().flat_map(move |(percent, most)| {
        // The search's own scale: the fine search is the coarse one over
        // a page twice as large, its thresholds' reach and its lines'
        // least width those of the coarse search in the page's pixels
        // halved (at the coarse one's, the table's edge beside a small
        // document's zone was smeared into its lines).
        let reach = small.width() / detail.zoom();
        let ink = ink_mask(&small, percent, reach);
        let smeared = smear(&ink, (reach / 60).max(2));
        let fresh: Vec<Band> = zone_stacks(&joined(line_blobs(&ink, &smeared, reach)))
            .into_iter()
            .filter(|band| !found.iter().any(|seen| overlap(seen, band)))
            .take(most)
            .collect();
        found.extend(&fresh);
        fresh
            .into_iter()
            .map(move |band| pad(unscale(band, scale), page))
    })
}

/// The ink thresholds (percent of the neighbourhood's mean grey) the zone
/// is looked for at, in turn, and how many bands each may add: print
/// clearly darker than its surroundings first, which light guilloche and
/// tints are not; then print that glare washed out, its ink 80–90% of the
/// paper's grey, which only the lighter threshold keeps (at 85% as well as
/// 70%, glare over the zone's middle left each line's outer pieces only).
const PASSES: [(u64, usize); 2] = [(PRINT, MAX_BANDS), (88, 2)];

/// The ink threshold that keeps print and drops light backgrounds.
const PRINT: u64 = 70;

/// The stacks of lines, likeliest first (see [`find_bands`]), each as one
/// band in the shrunk image.
fn zone_stacks(lines: &[Band]) -> Vec<Band> {
    let mut stacks = stacks(lines);
    stacks.sort_by_key(|stack| {
        (
            stack.len() == 1,
            std::cmp::Reverse(stack[stack.len() - 1].bottom),
        )
    });
    stacks
        .into_iter()
        .map(|stack| Band {
            left: stack.iter().map(|b| b.left).min().unwrap_or(0),
            top: stack[0].top,
            right: stack.iter().map(|b| b.right).max().unwrap_or(0),
            bottom: stack[stack.len() - 1].bottom,
            line_height: stack.iter().map(|b| b.bottom - b.top).sum::<u32>() / stack.len() as u32,
            course: Curve::mean(&stack.iter().map(|b| b.course).collect::<Vec<_>>()),
        })
        .collect()
}

/// Two bands cover mostly the same place: each way, they overlap by half
/// the larger one's extent (a zone found whole is not the same place as
/// one of its lines found alone).
pub(super) fn overlap(a: &Band, b: &Band) -> bool {
    let shared = |a0: u32, a1: u32, b0: u32, b1: u32| {
        a1.min(b1).saturating_sub(a0.max(b0)) * 2
            >= a1.saturating_sub(a0).max(b1.saturating_sub(b0))
    };
    shared(a.left, a.right, b.left, b.right) && shared(a.top, a.bottom, b.top, b.bottom)
}

fn unscale(band: Band, scale: f32) -> Band {
    let up = |v: u32| (v as f32 / scale).round() as u32;
    Band {
        left: up(band.left),
        top: up(band.top),
        right: up(band.right),
        bottom: up(band.bottom),
        line_height: up(band.line_height).max(1),
        course: band.course.unscaled(scale),
    }
}

/// A binary image, row-major.
struct Mask {
    width: usize,
    height: usize,
    bits: Vec<bool>,
}

/// Ink: pixels darker than `percent` of their neighbourhood's mean (a
/// window about a character wide). At [`PRINT`], print on paper passes;
/// the light guilloche and tints of a passport page, darker than white but
/// not by much, do not.
fn ink_mask(image: &GrayImage, percent: u64, reach: u32) -> Mask {
    Mask {
        width: image.width() as usize,
        height: image.height() as usize,
        bits: super::cells::darker_than_around(image, (reach as usize / 40).max(4), percent),
    }
}

/// The share of a blob's box that is ink.
fn fill(mask: &Mask, blob: Blob) -> f32 {
    let inked: usize = (blob.top as usize..blob.bottom as usize)
        .map(|y| {
            let row = &mask.bits[y * mask.width..(y + 1) * mask.width];
            row[blob.left as usize..blob.right as usize]
                .iter()
                .filter(|&&b| b)
                .count()
        })
        .sum();
    inked as f32 / (blob.width() * blob.height()).max(1) as f32
}

/// Fills gaps of up to `gap` pixels between ink on the same row, so the
/// characters of a line run together into one blob.
fn smear(mask: &Mask, gap: u32) -> Mask {
    let gap = gap as usize;
    let mut bits = mask.bits.clone();
    for row in bits.chunks_mut(mask.width) {
        let mut last_ink: Option<usize> = None;
        for x in 0..row.len() {
            if !row[x] {
                continue;
            }
            if let Some(last) = last_ink
                && x - last > 1
                && x - last <= gap + 1
            {
                row[last + 1..x].iter_mut().for_each(|bit| *bit = true);
            }
            last_ink = Some(x);
        }
    }
    Mask { bits, ..*mask }
}

/// A connected run of set pixels: its bounding box (right and bottom
/// exclusive).
#[derive(Debug, Clone, Copy)]
struct Blob {
    left: u32,
    top: u32,
    right: u32,
    bottom: u32,
}

impl Blob {
    fn width(&self) -> u32 {
        self.right - self.left
    }

    fn height(&self) -> u32 {
        self.bottom - self.top
    }
}

/// What `keep` makes of each blob of the mask (pixels joined across their
/// sides), given the blob and its pixels' indices.
fn blobs<T>(mask: &Mask, mut keep: impl FnMut(Blob, &[usize]) -> Option<T>) -> Vec<T> {
    let mut seen = vec![false; mask.bits.len()];
    let mut found = Vec::new();
    let mut stack = Vec::new();
    let mut pixels = Vec::new();
    for start in 0..mask.bits.len() {
        if !mask.bits[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        pixels.clear();
        let (mut left, mut right) = (start % mask.width, start % mask.width);
        let (mut top, mut bottom) = (start / mask.width, start / mask.width);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % mask.width, i / mask.width);
            pixels.push(i);
            (left, right, top, bottom) = (left.min(x), right.max(x), top.min(y), bottom.max(y));
            let neighbours = [
                (x > 0).then(|| i - 1),
                (x + 1 < mask.width).then(|| i + 1),
                (y > 0).then(|| i - mask.width),
                (y + 1 < mask.height).then(|| i + mask.width),
            ];
            for n in neighbours.into_iter().flatten() {
                if mask.bits[n] && !seen[n] {
                    seen[n] = true;
                    stack.push(n);
                }
            }
        }
        let blob = Blob {
            left: left as u32,
            top: top as u32,
            right: right as u32 + 1,
            bottom: bottom as u32 + 1,
        };
        found.extend(keep(blob, &pixels));
    }
    found
}

/// How a smeared blob runs across its columns.
#[derive(Debug, Clone, Copy)]
struct Course {
    /// Its middle's height at its middle column.
    middle: f32,
    /// The parabola through its columns' middles, about its middle column.
    curve: Curve,
    /// A column's extent from its highest pixel to its lowest (the median).
    thickness: f32,
    /// Like a line of characters, straight, sloping or bowed: its columns'
    /// middles stay within a third of its thickness of the parabola, and
    /// each column's pixels are mostly one run (a frame's two edges are
    /// not).
    linelike: bool,
}

/// The course of the blob made of `pixels` (indices into `mask`); `None`
/// when its columns' middles fit no parabola (a blob one column wide).
fn course(mask: &Mask, blob: Blob, pixels: &[usize]) -> Option<Course> {
    let width = blob.width() as usize;
    let mut columns = vec![(0u32, 0f32, u32::MAX, 0u32); width];
    for &i in pixels {
        let (x, y) = (i % mask.width - blob.left as usize, (i / mask.width) as u32);
        let column = &mut columns[x];
        *column = (
            column.0 + 1,
            column.1 + y as f32,
            column.2.min(y),
            column.3.max(y),
        );
    }
    let centre = (blob.left + blob.right) as f32 / 2.0;
    // Each column's offset from the middle, the middle of its pixels, their
    // extent from the highest to the lowest, and the share of it they fill.
    let held: Vec<(f32, f32, u32, f32)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.0 > 0)
        .map(|(x, &(count, sum, low, high))| {
            let x = blob.left as f32 + x as f32 + 0.5 - centre;
            let extent = high - low + 1;
            (
                x,
                sum / count as f32 + 0.5,
                extent,
                count as f32 / extent as f32,
            )
        })
        .collect();
    let median = |mut values: Vec<f32>| {
        values.sort_by(f32::total_cmp);
        values[values.len() / 2]
    };
    let thickness = median(held.iter().map(|c| c.2 as f32).collect());
    let solid = median(held.iter().map(|c| c.3).collect());
    let points: Vec<(f32, f32)> = held.iter().map(|c| (c.0, c.1)).collect();
    let fitted = parabola(&points)?;
    let spread = (points
        .iter()
        .map(|&(x, y)| (y - parabola_at(fitted, x)).powi(2))
        .sum::<f32>()
        / points.len() as f32)
        .sqrt();
    let [middle, slope, bow] = fitted;
    Some(Course {
        middle,
        curve: Curve { centre, slope, bow },
        thickness,
        linelike: spread <= thickness / 3.0 && solid >= 0.6,
    })
}

fn parabola_at([a, b, c]: [f32; 3], x: f32) -> f32 {
    a + b * x + c * x * x
}

/// The least-squares parabola y = a + b·x + c·x² through the points.
fn parabola(points: &[(f32, f32)]) -> Option<[f32; 3]> {
    let mut s = [0f64; 5];
    let mut t = [0f64; 3];
    for &(x, y) in points {
        let (x, y) = (f64::from(x), f64::from(y));
        let mut power = 1.0;
        for (k, sum) in s.iter_mut().enumerate() {
            *sum += power;
            if k < 3 {
                t[k] += power * y;
            }
            power *= x;
        }
    }
    let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]];
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let whole = det(m);
    if whole.abs() < 1e-9 {
        return None;
    }
    // Cramer's rule: each unknown's column replaced by the right-hand side.
    let solve = |column: usize| {
        let mut replaced = m;
        for (row, values) in replaced.iter_mut().enumerate() {
            values[column] = t[row];
        }
        (det(replaced) / whole) as f32
    };
    Some([solve(0), solve(1), solve(2)])
}

/// The smeared blobs long and thin enough to be a line of the zone, top to
/// bottom, each as the straight band it would be unbowed: a twelfth of the
/// image wide at least (a passport photographed whole, on a table, shows
/// its zone a third of the photo wide), ten times as long as thick,
/// running like a line (see [`Course`]); and printed, not solid: under
/// two thirds of its box is ink before smearing. Characters fill a fifth
/// to a half of their line's box (0.19 to 0.45 measured on zones
/// photographed whole); bars, rules and a patterned cloth's stripes 0.7
/// and more.
fn line_blobs(ink: &Mask, smeared: &Mask, reach: u32) -> Vec<Band> {
    let mut lines = blobs(smeared, |blob, pixels| {
        if blob.width() * 12 < reach || blob.width() < 10 * 3 {
            return None;
        }
        let course = course(smeared, blob, pixels)?;
        let long = blob.width() as f32 >= 10.0 * course.thickness && course.thickness >= 3.0;
        let half = course.thickness / 2.0;
        (long && course.linelike && fill(ink, blob) < 0.65).then(|| Band {
            left: blob.left,
            top: (course.middle - half).max(0.0) as u32,
            right: blob.right,
            bottom: (course.middle + half).ceil() as u32,
            line_height: course.thickness.round() as u32,
            course: course.curve,
        })
    });
    lines.sort_by_key(|line| line.top);
    lines
}

/// Pieces of one line that glare broke apart, joined: bands side by side
/// on the same rows (overlapping by half the thinner one's height, neither
/// twice as thick as the other), at most ten line heights apart. Glare over
/// a zone washes out a stretch of every line; the pieces either side are
/// each a line too short to stack with the others into the zone.
fn joined(mut lines: Vec<Band>) -> Vec<Band> {
    lines.sort_by_key(|line| line.left);
    let mut whole: Vec<Band> = Vec::new();
    for piece in lines {
        let height = |b: &Band| b.bottom - b.top;
        let continued = whole.iter_mut().find(|line| {
            let thinner = height(line).min(height(&piece));
            let overlap = line
                .bottom
                .min(piece.bottom)
                .saturating_sub(line.top.max(piece.top));
            overlap * 2 >= thinner
                && height(line).max(height(&piece)) <= 2 * thinner
                && piece.left >= line.right
                && piece.left - line.right <= 10 * thinner
        });
        match continued {
            Some(line) => {
                *line = Band {
                    left: line.left,
                    top: line.top.min(piece.top),
                    right: piece.right,
                    bottom: line.bottom.max(piece.bottom),
                    line_height: line.line_height.max(piece.line_height),
                    course: Curve::mean(&[line.course, piece.course]),
                }
            }
            None => whole.push(piece),
        }
    }
    whole.sort_by_key(|line| line.top);
    whole
}

/// Groups line blobs into runs of two or three of about the same width and
/// left edge, each under the last within one and a half line heights; longer
/// runs are paragraphs, not a zone. A blob in no run stands alone.
fn stacks(lines: &[Band]) -> Vec<Vec<Band>> {
    let mut runs: Vec<Vec<Band>> = Vec::new();
    for &line in lines {
        let continues = runs.last().and_then(|run| run.last()).is_some_and(|&prev| {
            let width = |b: Band| b.right - b.left;
            let close = line.top.saturating_sub(prev.bottom) * 2 <= prev.line_height * 3;
            let aligned = prev.left.abs_diff(line.left) * 16 <= width(prev)
                && width(prev).abs_diff(width(line)) * 8 <= width(prev).max(width(line));
            close && aligned
        });
        match runs.last_mut() {
            Some(run) if continues => run.push(line),
            _ => runs.push(vec![line]),
        }
    }
    runs.retain(|run| run.len() <= 3);
    runs
}
#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// A page with a paragraph of five text lines and, lower, two long lines.
    fn page_with_zone() -> GrayImage {
        GrayImage::from_fn(800, 600, |x, y| {
            let glyph = (x / 6) % 2 == 0;
            let paragraph = (100..400).contains(&x) && (50..250).contains(&y) && (y - 50) % 40 < 14;
            let zone =
                (40..760).contains(&x) && ((480..500).contains(&y) || (520..540).contains(&y));
            Luma([if (paragraph || zone) && glyph {
                20
            } else {
                230
            }])
        })
    }

    #[test]
    fn finds_two_long_lines_and_not_the_paragraph() {
        let bands: Vec<Band> = find_bands(&page_with_zone(), Detail::Coarse).collect();
        let zone = bands[0];
        assert!(zone.top < 480 && zone.top > 450, "{zone:?}");
        assert!(zone.bottom > 540 && zone.bottom < 570, "{zone:?}");
        assert!(zone.left <= 40 && zone.right >= 760, "{zone:?}");
        assert_eq!(zone.line_height, 20);
    }

    /// `page_with_zone` turned by `degrees` about its middle, on white.
    fn turned(degrees: f32) -> GrayImage {
        let page = page_with_zone();
        let (sin, cos) = degrees.to_radians().sin_cos();
        GrayImage::from_fn(900, 900, |x, y| {
            let (u, v) = (x as f32 - 450.0, y as f32 - 450.0);
            let (sx, sy) = (400.0 + cos * u + sin * v, 300.0 - sin * u + cos * v);
            Luma([bilinear(&page, sx, sy) as u8])
        })
    }

    #[test]
    fn a_zone_turned_past_a_shear_is_levelled_and_found() {
        for degrees in [4.0, -17.0, 33.0] {
            let bands: Vec<Band> = find_bands(&level(&turned(degrees)), Detail::Coarse).collect();
            let zone = bands.first().copied();
            assert!(
                zone.is_some_and(|z| z.right - z.left > 600 && z.line_height < 30),
                "{degrees}°: {bands:?}"
            );
        }
    }

    #[test]
    fn a_small_documents_zone_is_found_by_the_fine_search() {
        // A card 480 pixels wide on a dark table 2,400 wide: two lines of
        // 44 strokes a pitch of 9 apart, one pixel wide, ending 24 pixels
        // (5% of the card) short of its edge.
        let page = GrayImage::from_fn(2400, 1800, |x, y| {
            let on_card = (960..1440).contains(&x) && (730..1070).contains(&y);
            let in_line = (1000..1012).contains(&y) || (1020..1032).contains(&y);
            let stroke = (1020..1416).contains(&x) && (x - 1020) % 9 < 1;
            Luma(match (on_card, in_line && stroke) {
                (true, true) => [30],
                (true, false) => [235],
                (false, _) => [60],
            })
        });
        let holds_zone = |band: &Band| {
            band.top <= 1000 && band.bottom >= 1032 && band.left <= 1024 && band.right >= 1412
        };
        let bands: Vec<Band> = find_bands(&page, Detail::Coarse).collect();
        assert!(!bands.iter().any(holds_zone), "{bands:?}");
        assert!(Detail::Fine.finer_than_coarse(&page));
        let bands: Vec<Band> = find_bands(&page, Detail::Fine).collect();
        assert!(bands.iter().any(holds_zone), "{bands:?}");
    }

    #[test]
    fn bars_around_a_document_steer_neither_skew_nor_bands() {
        // The zone turned 4° on a cloth of level dark bars, longer than the
        // zone's lines and as thin.
        let mut image = turned(4.0);
        for (_, y, pixel) in image.enumerate_pixels_mut() {
            if y % 60 < 10 && !(100..800).contains(&y) {
                *pixel = Luma([40]);
            }
        }
        let levelled = level(&image);
        let (small, _) = shrink(&image, Detail::Coarse);
        let slope = skew_slope(&character_centres(&ink_mask(&small, PRINT, small.width())));
        assert!((slope - 4f32.to_radians().tan()).abs() < 0.01, "{slope}");
        let bands: Vec<Band> = find_bands(&levelled, Detail::Coarse).collect();
        assert!(
            bands.first().is_some_and(|z| z.right - z.left > 600),
            "{bands:?}"
        );
    }

    #[test]
    fn pieces_of_a_line_either_side_of_glare_are_joined() {
        let band = |left, top, right| Band {
            left,
            top,
            right,
            bottom: top + 10,
            line_height: 10,
            course: Curve::default(),
        };
        // Two lines, each broken 80 pixels (eight heights) wide; a third
        // piece on other rows stays apart, and a piece a hundred and ten
        // pixels on is another line.
        let lines = joined(vec![
            band(300, 0, 600),
            band(20, 0, 220),
            band(20, 30, 220),
            band(300, 31, 600),
            band(710, 31, 900),
            band(20, 60, 200),
        ]);
        let spans: Vec<(u32, u32, u32)> = lines.iter().map(|b| (b.left, b.top, b.right)).collect();
        assert_eq!(
            spans,
            [(20, 0, 600), (20, 30, 600), (710, 31, 900), (20, 60, 200)]
        );
        assert!(overlap(&lines[0], &band(20, 0, 590)));
        assert!(!overlap(&lines[0], &band(20, 0, 200)));
    }

    #[test]
    fn light_backgrounds_are_not_ink() {
        // Light grey guilloche stripes behind dark text.
        let image = GrayImage::from_fn(400, 100, |x, y| {
            let text = (40..60).contains(&y) && (x / 5) % 2 == 0;
            let pattern = (x + y) % 7 < 2;
            Luma([if text {
                30
            } else if pattern {
                190
            } else {
                235
            }])
        });
        let ink = ink_mask(&image, PRINT, image.width());
        let inked = |x: usize, y: usize| ink.bits[y * ink.width + x];
        assert!(inked(100, 50));
        assert!(!(0..400).any(|x| inked(x, 10)));
    }

    #[test]
    fn zone_text_is_long_capitals_digits_and_fillers_in_any_script() {
        assert!(looks_like_zone_text("P<UTOERIKSSON<<ANNA<MARIA"));
        assert!(looks_like_zone_text("Р«ВИЗУОКОМТ0ОККККК"));
        assert!(looks_like_zone_text("L898902C36UTO7408122F1204159"));
        assert!(!looks_like_zone_text("ЖАУАПКЕРШІЛІГІ"));
        assert!(!looks_like_zone_text("Товарищество-с-ограниченной"));
    }
}
