//! Where a page's machine-readable zone is: its band in the image, from the
//! filler words the full-page pass saw, or found in the image itself. There,
//! after local thresholding (which drops light guilloche backgrounds),
//! levelling a skewed photo, and smearing characters together along the
//! line, the zone's two or three lines are long thin blobs of equal width
//! stacked close together.

use image::imageops::{self, FilterType};

use super::GrayImage;
use crate::extract::tsv::{self, Word};

/// The width the page is shrunk to for finding the zone: enough to separate
/// lines, small enough that finding costs milliseconds.
const FIND_WIDTH: u32 = 1000;

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

pub(super) fn crop(page: &GrayImage, band: Band) -> GrayImage {
    let width = band.right.saturating_sub(band.left).max(1);
    let height = band.bottom.saturating_sub(band.top).max(1);
    imageops::crop_imm(page, band.left, band.top, width, height).to_image()
}

/// The page shrunk to [`FIND_WIDTH`] for finding the zone, and the scale.
fn shrink(page: &GrayImage) -> (GrayImage, f32) {
    let scale = (FIND_WIDTH as f32 / page.width() as f32).min(1.0);
    if scale < 1.0 {
        let height = ((page.height() as f32 * scale) as u32).max(1);
        (
            imageops::resize(page, FIND_WIDTH, height, FilterType::Triangle),
            scale,
        )
    } else {
        (page.clone(), scale)
    }
}

/// The page with its text lines made level. A phone photo held a few degrees
/// off makes a 44-character line climb more than its own height, so its
/// characters would not smear into one blob.
pub(super) fn level(page: &GrayImage) -> GrayImage {
    let (small, _) = shrink(page);
    let slope = skew_slope(&ink_mask(&small));
    if slope.abs() < 0.004 {
        return page.clone();
    }
    shear(page, slope)
}

/// The slope (rise per pixel across) of the text lines, from −0.1 to 0.1:
/// the one under which ink piles up into the fewest, fullest rows.
fn skew_slope(mask: &Mask) -> f32 {
    let ink: Vec<(f32, f32)> = (0..mask.bits.len())
        .filter(|&i| mask.bits[i])
        .map(|i| ((i % mask.width) as f32, (i / mask.width) as f32))
        .collect();
    let margin = mask.width as f32 * 0.1;
    let rows = mask.height + 2 * margin as usize + 1;
    let sharpness = |slope: f32| -> u64 {
        let mut histogram = vec![0u64; rows];
        for &(x, y) in &ink {
            let row = (y - x * slope + margin) as usize;
            if let Some(count) = histogram.get_mut(row) {
                *count += 1;
            }
        }
        histogram.iter().map(|&n| n * n).sum()
    };
    (-20..=20)
        .map(|step| step as f32 * 0.005)
        .max_by_key(|&slope| {
            (
                sharpness(slope),
                std::cmp::Reverse((slope.abs() * 1000.0) as u32),
            )
        })
        .unwrap_or(0.0)
}

/// Shifts each column up by `slope` × its x, so lines rising at that slope
/// run level; the page grows to keep every pixel, filled with white.
fn shear(page: &GrayImage, slope: f32) -> GrayImage {
    let rise = (page.width() as f32 * slope.abs()).ceil() as u32;
    let height = page.height() + rise;
    // With a negative slope the right end is highest: shift everything down.
    let base = if slope < 0.0 { rise as f32 } else { 0.0 };
    GrayImage::from_fn(page.width(), height, |x, y| {
        let source = y as f32 - base + x as f32 * slope;
        if source >= 0.0 && (source as u32) < page.height() {
            *page.get_pixel(x, source as u32)
        } else {
            image::Luma([255])
        }
    })
}

/// Candidate zones found in the image, the likeliest first: stacks of two or
/// three long, thin, equally wide blobs, lowest on the page first (the zone
/// ends a data page), then single blobs that may be lines run together.
pub(super) fn find_bands(page: &GrayImage) -> Vec<Band> {
    let (small, scale) = shrink(page);
    let ink = ink_mask(&small);
    let smeared = smear(&ink, (small.width() / 60).max(2));
    let lines = line_blobs(&smeared);
    let mut stacks = stacks(&lines);
    stacks.sort_by_key(|stack| {
        (
            stack.len() == 1,
            std::cmp::Reverse(stack[stack.len() - 1].bottom),
        )
    });
    stacks
        .into_iter()
        .take(MAX_BANDS)
        .map(|stack| {
            let band = Band {
                left: stack.iter().map(|b| b.left).min().unwrap_or(0),
                top: stack[0].top,
                right: stack.iter().map(|b| b.right).max().unwrap_or(0),
                bottom: stack[stack.len() - 1].bottom,
                line_height: stack.iter().map(|b| b.bottom - b.top).sum::<u32>()
                    / stack.len() as u32,
            };
            pad(unscale(band, scale), page)
        })
        .collect()
}

fn unscale(band: Band, scale: f32) -> Band {
    let up = |v: u32| (v as f32 / scale).round() as u32;
    Band {
        left: up(band.left),
        top: up(band.top),
        right: up(band.right),
        bottom: up(band.bottom),
        line_height: up(band.line_height).max(1),
    }
}

/// A binary image, row-major.
struct Mask {
    width: usize,
    height: usize,
    bits: Vec<bool>,
}

/// Ink: pixels clearly darker than their neighbourhood's mean (a window about
/// a character wide). Print on paper passes; the light guilloche and tints
/// of a passport page, darker than white but not by much, do not.
fn ink_mask(image: &GrayImage) -> Mask {
    let width = image.width() as usize;
    Mask {
        width,
        height: image.height() as usize,
        bits: super::cells::darker_than_around(image, (width / 40).max(4), 70),
    }
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

/// The bounding boxes of blobs long and thin enough to be a line of the zone:
/// a third of the width at least, ten times as long as tall, mostly filled.
fn line_blobs(mask: &Mask) -> Vec<Band> {
    let mut seen = vec![false; mask.bits.len()];
    let mut blobs = Vec::new();
    let mut stack = Vec::new();
    for start in 0..mask.bits.len() {
        if !mask.bits[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut left, mut right) = (start % mask.width, start % mask.width);
        let (mut top, mut bottom) = (start / mask.width, start / mask.width);
        let mut area = 0usize;
        while let Some(i) = stack.pop() {
            let (x, y) = (i % mask.width, i / mask.width);
            area += 1;
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
        let (w, h) = (right - left + 1, bottom - top + 1);
        if w * 3 >= mask.width && w >= h * 10 && h >= 3 && area * 2 >= w * h {
            blobs.push(Band {
                left: left as u32,
                top: top as u32,
                right: right as u32 + 1,
                bottom: bottom as u32 + 1,
                line_height: h as u32,
            });
        }
    }
    blobs.sort_by_key(|blob| blob.top);
    blobs
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
            let glyph = (x / 6) % 3 != 0;
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
        let bands = find_bands(&page_with_zone());
        let zone = bands[0];
        assert!(zone.top < 480 && zone.top > 450, "{zone:?}");
        assert!(zone.bottom > 540 && zone.bottom < 570, "{zone:?}");
        assert!(zone.left <= 40 && zone.right >= 760, "{zone:?}");
        assert_eq!(zone.line_height, 20);
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
        let ink = ink_mask(&image);
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
