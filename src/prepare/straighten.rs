//! Pages straightened for the pack: a scan fed askew into the scanner or a
//! page laid crooked on its glass is turned by the small angle its lines of
//! print make with the horizontal, and the words OCR read on it are moved
//! with it, so that the invisible text still lies over its print.

use image::imageops::{self, FilterType};
use imageproc::geometric_transformations::{Border, Interpolation, rotate_about_center};

use crate::extract::{BoundingBox, GrayImage, WordBox};

/// The largest skew looked for, in degrees: a page laid crooked by hand.
/// A page turned by more has been turned on purpose (or by a quarter,
/// which OCR already put right).
const MAX_SKEW: f32 = 5.0;

/// Skews under this, in degrees, are left: the page's print does not
/// look crooked, and turning it would only soften it.
const LEAST_SKEW: f32 = 0.15;

/// The page at most this many pixels on its longer side while its skew is
/// measured: lines of print are several pixels tall there still, and
/// fewer pixels make the search fast.
const MEASURED_SIDE: u32 = 1200;

/// The page turned so that its lines of print run level, with its words
/// moved with it; the page as it is when it is level already, or holds
/// too little print to tell.
pub fn straightened(image: GrayImage, words: Vec<WordBox>) -> (GrayImage, Vec<WordBox>) {
    let degrees = skew(&image);
    if degrees.abs() < LEAST_SKEW {
        return (image, words);
    }
    // Print that runs down to the right lies turned clockwise: turning it
    // back is a turn the other way.
    let theta = -degrees.to_radians();
    let turned = rotate_about_center(
        &image,
        theta,
        Interpolation::Bilinear,
        Border::Constant(image::Luma([255])),
    );
    let centre = (image.width() as f32 / 2.0, image.height() as f32 / 2.0);
    let words = words
        .into_iter()
        .map(|word| WordBox {
            bbox: turned_box(word.bbox, centre, theta),
            ..word
        })
        .collect();
    (turned, words)
}

/// The skew of the page's lines of print, in degrees, clockwise positive:
/// the angle at which the rows of dark pixels, read along it, bunch most
/// into lines (the sum of the squares of the rows' counts is largest),
/// found in steps of 0.2° and then 0.02° about the best. Zero for a page
/// with too little print to tell.
pub fn skew(image: &GrayImage) -> f32 {
    let scale = (MEASURED_SIDE as f32 / image.width().max(image.height()) as f32).min(1.0);
    let small = match scale < 1.0 {
        true => imageops::resize(
            image,
            ((image.width() as f32 * scale) as u32).max(1),
            ((image.height() as f32 * scale) as u32).max(1),
            FilterType::Triangle,
        ),
        false => image.clone(),
    };
    let level = imageproc::contrast::otsu_level(&small);
    let dark: Vec<(f32, f32)> = small
        .enumerate_pixels()
        .filter(|(_, _, pixel)| pixel.0[0] < level)
        .map(|(x, y, _)| (x as f32, y as f32))
        .collect();
    // Under a line of print's worth of dark pixels, or mostly dark (a
    // photo, a black page), nothing says where lines run.
    let pixels = (small.width() * small.height()) as usize;
    if dark.len() < 200 || dark.len() * 2 > pixels {
        return 0.0;
    }
    let height = small.height() as f32;
    let width = small.width() as f32;
    let bunching = |degrees: f32| -> u64 {
        let slope = degrees.to_radians().tan();
        // Row of each dark pixel along the slope, shifted so that every
        // row index is positive.
        let offset = (width * slope.abs()).ceil();
        let mut rows = vec![0u64; (height + 2.0 * offset) as usize + 2];
        for &(x, y) in &dark {
            let row = (y - x * slope + offset) as usize;
            if let Some(count) = rows.get_mut(row) {
                *count += 1;
            }
        }
        rows.iter().map(|n| n * n).sum()
    };
    let best = |steps: &mut dyn Iterator<Item = f32>| {
        steps
            .map(|degrees| (degrees, bunching(degrees)))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.abs().total_cmp(&a.0.abs())))
            .map_or(0.0, |(degrees, _)| degrees)
    };
    let coarse_steps = (MAX_SKEW / 0.2).round() as i32;
    let coarse = best(&mut (-coarse_steps..=coarse_steps).map(|step| step as f32 * 0.2));
    best(&mut (-10..=10).map(|step| coarse + step as f32 * 0.02))
}

/// `bbox` with its centre turned `theta` radians clockwise about `centre`
/// as the image was, its size kept: a word turned by a few degrees stays
/// within a box of about its own size.
fn turned_box(bbox: BoundingBox, centre: (f32, f32), theta: f32) -> BoundingBox {
    let (x, y) = (
        bbox.x as f32 + bbox.width as f32 / 2.0 - centre.0,
        bbox.y as f32 + bbox.height as f32 / 2.0 - centre.1,
    );
    let (sin, cos) = theta.sin_cos();
    let (cx, cy) = (centre.0 + x * cos - y * sin, centre.1 + x * sin + y * cos);
    BoundingBox {
        x: (cx - bbox.width as f32 / 2.0).max(0.0) as u32,
        y: (cy - bbox.height as f32 / 2.0).max(0.0) as u32,
        ..bbox
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of ten lines of print, each a dark bar of tall narrow glyphs,
    /// and a black square above them (at x 150–189, y 100–129), turned
    /// `degrees` clockwise.
    fn page(degrees: f32) -> GrayImage {
        let mut page = GrayImage::from_pixel(1000, 1400, image::Luma([245]));
        for (x, y) in (150..190).flat_map(|x| (100..130).map(move |y| (x, y))) {
            page.put_pixel(x, y, image::Luma([0]));
        }
        for line in 0..10 {
            let top = 200 + line * 90;
            for x in 100..900 {
                if x % 14 < 9 {
                    for y in top..top + 30 {
                        page.put_pixel(x, y, image::Luma([20]));
                    }
                }
            }
        }
        rotate_about_center(
            &page,
            degrees.to_radians(),
            Interpolation::Bilinear,
            Border::Constant(image::Luma([245])),
        )
    }

    #[test]
    fn a_page_laid_crooked_is_measured_within_a_tenth_of_a_degree() {
        for degrees in [-3.0, -0.8, 0.0, 1.3, 4.2] {
            let measured = skew(&page(degrees));
            assert!(
                (measured - degrees).abs() <= 0.1,
                "{degrees}° measured {measured}°"
            );
        }
    }

    /// The box of the pixels darker than 128 above row 170.
    fn square(page: &GrayImage) -> BoundingBox {
        let dark: Vec<(u32, u32)> = page
            .enumerate_pixels()
            .filter(|&(_, y, pixel)| y < 170 && pixel.0[0] < 128)
            .map(|(x, y, _)| (x, y))
            .collect();
        let (left, top) = (
            dark.iter().map(|p| p.0).min(),
            dark.iter().map(|p| p.1).min(),
        );
        let (right, bottom) = (
            dark.iter().map(|p| p.0).max(),
            dark.iter().map(|p| p.1).max(),
        );
        let (Some(left), Some(top), Some(right), Some(bottom)) = (left, top, right, bottom) else {
            panic!("no square on the page");
        };
        BoundingBox {
            x: left,
            y: top,
            width: right - left + 1,
            height: bottom - top + 1,
        }
    }

    #[test]
    fn a_straightened_page_is_level_and_its_words_follow_their_print() {
        let crooked = page(2.0);
        // The square read as a word where it stands on the crooked page:
        // turned 2°, its box is taller and wider than the square.
        let read = square(&crooked);
        assert!(read.height > 30 && read.width > 40, "{read:?}");
        let word = WordBox {
            text: "word".into(),
            bbox: read,
            confidence: 0.9,
        };
        let (level, words) = straightened(crooked, vec![word]);
        assert!(skew(&level).abs() <= 0.1, "{}", skew(&level));
        // The word's box moved with the square: it holds the square as
        // the level page shows it.
        let (moved, shown) = (words[0].bbox, square(&level));
        let inside = |b: BoundingBox| {
            moved.x <= b.x
                && moved.y <= b.y
                && b.x + b.width <= moved.x + moved.width
                && b.y + b.height <= moved.y + moved.height
        };
        assert!(inside(shown), "{moved:?} does not hold {shown:?}");
        assert!(
            shown.x.abs_diff(150) <= 2 && shown.y.abs_diff(100) <= 2,
            "{shown:?}"
        );
    }

    #[test]
    fn a_blank_page_is_left_as_it_is() {
        let blank = GrayImage::from_pixel(800, 1000, image::Luma([240]));
        assert_eq!(skew(&blank), 0.0);
    }
}
