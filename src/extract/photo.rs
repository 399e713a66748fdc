//! A page photographed on a table, turned into a page as a scanner gives
//! it: the sheet found, its perspective undone, its light evened out.
//!
//! The table is what can be reached from the photo's edge, starting from
//! pixels darker than Otsu's threshold, through pixels where the brightness
//! barely changes (a Sobel gradient under [`TABLE_GRADIENT`]): wood grain
//! and a shadow's soft edge are gentle, the sheet's edge is steep even in
//! shadow, and a gradient (unlike a step between neighbours) does not let
//! the fill creep up a slanted edge. The sheet is the largest region the
//! table does not reach; its corners are the region's extreme points
//! along the two diagonals, which holds for a sheet turned up to 45°. A
//! photo where the region is not a quadrilateral, is too small to be the
//! page or fills the frame (a scan, a cropped photo) is read as it is.

use super::image::shrunk;
use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};
use imageproc::region_labelling::{Connectivity, connected_components};

/// The long side the sheet is looked for at: corners land within a pixel
/// of it, a few of the full photo's, and finding them takes milliseconds.
const DETECT_LONG_SIDE: u32 = 600;

/// The largest Sobel gradient (of the blurred, shrunk photo) that is still
/// table. Measured on the `photographed-on-table` fixture: wood grain up to
/// 27, a shadow's soft edge across the paper up to 20, the sheet's edge
/// peaking at 298 in the light and 166 where the shadow halves it.
const TABLE_GRADIENT: u16 = 40;

/// A region smaller than this share of the photo is not the page.
const MIN_SHEET_SHARE: f64 = 0.2;

/// A region larger than this share fills the frame: nothing to correct.
const MAX_SHEET_SHARE: f64 = 0.9;

/// The quadrilateral through the corners must cover this share of the
/// region: a sheet is convex, a blob of light on a table is not.
const MIN_QUAD_FILL: f64 = 0.9;

/// How much the background is shrunk to estimate the light across it:
/// text strokes vanish, a shadow's edge (centimetres wide) stays.
const LIGHT_SCALE: u32 = 16;

/// The sheet of a photo, cut out and squared, with its light evened out;
/// `None` when no sheet stands out from a background.
pub fn flatten(photo: &GrayImage) -> Option<GrayImage> {
    let corners = find_sheet(photo)?;
    let sheet = unwarp(photo, corners)?;
    Some(even_out_light(&sheet))
}

/// The sheet's corners in the photo's pixels: top left, top right, bottom
/// right, bottom left.
fn find_sheet(photo: &GrayImage) -> Option<[(f32, f32); 4]> {
    let scale = DETECT_LONG_SIDE as f32 / photo.width().max(photo.height()) as f32;
    let small = shrunk(
        photo,
        ((photo.width() as f32 * scale).round() as u32).max(1),
        ((photo.height() as f32 * scale).round() as u32).max(1),
    );
    let small = imageproc::filter::gaussian_blur_f32(&small, 1.5);
    let table = reach_table(&small);
    let sheet = GrayImage::from_fn(small.width(), small.height(), |x, y| {
        Luma([if table.get_pixel(x, y).0[0] == 0 {
            255
        } else {
            0
        }])
    });
    let labels = connected_components(&sheet, Connectivity::Eight, Luma([0u8]));
    let region = largest_region(&labels)?;
    let total = f64::from(small.width()) * f64::from(small.height());
    let share = region.pixels.len() as f64 / total;
    if !(MIN_SHEET_SHARE..=MAX_SHEET_SHARE).contains(&share) {
        return None;
    }
    let corners = diagonal_extremes(&region.pixels);
    if quad_area(corners) < MIN_QUAD_FILL * region.pixels.len() as f64 {
        return None;
    }
    Some(corners.map(|(x, y)| (x as f32 / scale, y as f32 / scale)))
}

/// The table: 255 where it is reached from the photo's edge (see the
/// module's note), 0 elsewhere.
fn reach_table(small: &GrayImage) -> GrayImage {
    let (width, height) = small.dimensions();
    let level = imageproc::contrast::otsu_level(small);
    let gradients = imageproc::gradients::sobel_gradients(small);
    let flat = |x: u32, y: u32| gradients.get_pixel(x, y).0[0] <= TABLE_GRADIENT;
    let mut table = GrayImage::new(width, height);
    let mut queue = std::collections::VecDeque::new();
    let edge = (0..width)
        .flat_map(|x| [(x, 0), (x, height - 1)])
        .chain((0..height).flat_map(|y| [(0, y), (width - 1, y)]));
    for (x, y) in edge {
        if small.get_pixel(x, y).0[0] <= level && flat(x, y) {
            table.put_pixel(x, y, Luma([255]));
            queue.push_back((x, y));
        }
    }
    while let Some((x, y)) = queue.pop_front() {
        let neighbours = [
            (x.wrapping_sub(1), y),
            (x + 1, y),
            (x, y.wrapping_sub(1)),
            (x, y + 1),
        ];
        for (nx, ny) in neighbours {
            if nx < width && ny < height && table.get_pixel(nx, ny).0[0] == 0 && flat(nx, ny) {
                table.put_pixel(nx, ny, Luma([255]));
                queue.push_back((nx, ny));
            }
        }
    }
    table
}

struct Region {
    pixels: Vec<(u32, u32)>,
}

fn largest_region(labels: &image::ImageBuffer<Luma<u32>, Vec<u32>>) -> Option<Region> {
    let mut sizes: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for label in labels.pixels().map(|pixel| pixel.0[0]).filter(|&l| l != 0) {
        *sizes.entry(label).or_default() += 1;
    }
    let (&label, _) = sizes.iter().max_by_key(|&(&label, &size)| (size, label))?;
    let pixels = labels
        .enumerate_pixels()
        .filter(|(_, _, pixel)| pixel.0[0] == label)
        .map(|(x, y, _)| (x, y))
        .collect();
    Some(Region { pixels })
}

/// Top left (least x+y), top right (most x−y), bottom right (most x+y),
/// bottom left (least x−y).
fn diagonal_extremes(pixels: &[(u32, u32)]) -> [(f64, f64); 4] {
    let by = |key: fn(f64, f64) -> f64, most: bool| {
        let point = pixels
            .iter()
            .map(|&(x, y)| (f64::from(x), f64::from(y)))
            .max_by(|a, b| {
                let (ka, kb) = (key(a.0, a.1), key(b.0, b.1));
                if most {
                    ka.total_cmp(&kb)
                } else {
                    kb.total_cmp(&ka)
                }
            });
        point.unwrap_or_default()
    };
    [
        by(|x, y| x + y, false),
        by(|x, y| x - y, true),
        by(|x, y| x + y, true),
        by(|x, y| x - y, false),
    ]
}

/// The area of a quadrilateral by the shoelace formula.
fn quad_area(corners: [(f64, f64); 4]) -> f64 {
    let twice: f64 = (0..4)
        .map(|i| {
            let (a, b) = (corners[i], corners[(i + 1) % 4]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    twice.abs() / 2.0
}

/// The sheet mapped onto an upright rectangle as long as its longer edges.
fn unwarp(photo: &GrayImage, [tl, tr, br, bl]: [(f32, f32); 4]) -> Option<GrayImage> {
    let length = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).hypot(a.1 - b.1);
    let width = length(tl, tr).max(length(bl, br)).round() as u32;
    let height = length(tl, bl).max(length(tr, br)).round() as u32;
    let (w, h) = (width as f32, height as f32);
    let projection = Projection::from_control_points(
        [tl, tr, br, bl],
        [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)],
    )?;
    let mut sheet = GrayImage::new(width.max(1), height.max(1));
    warp_into(
        photo,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([255])),
        &mut sheet,
    );
    Some(sheet)
}

/// Divides each pixel by the paper's brightness around it, so a shadow or
/// a lamp's falloff reads as white paper: the light is the page shrunk by
/// [`LIGHT_SCALE`], its dark text dilated away, smoothed and grown back.
///
/// Shrunk by area averaging and grown back row by row: with `image`'s
/// triangle-filtered resize down and back up (and to find the sheet),
/// flattening a 2,400-pixel photo on a dark table took 0.36 s; now
/// 0.14 s (`perf`, the machine equally loaded for both).
fn even_out_light(sheet: &GrayImage) -> GrayImage {
    let (width, height) = sheet.dimensions();
    let small = shrunk(
        sheet,
        (width / LIGHT_SCALE).max(1),
        (height / LIGHT_SCALE).max(1),
    );
    let paper =
        imageproc::morphology::grayscale_dilate(&small, &imageproc::morphology::Mask::square(2));
    let paper = imageproc::filter::gaussian_blur_f32(&paper, 2.0);
    divided_by_light(sheet, &paper)
}

/// Each pixel of `sheet` divided by the light of `paper` (the paper's
/// brightness, shrunk) grown back to the sheet's size.
fn divided_by_light(sheet: &GrayImage, paper: &GrayImage) -> GrayImage {
    let (width, height) = sheet.dimensions();
    let columns = spans(width, paper.width());
    let rows = spans(height, paper.height());
    let mut light = vec![0.0f32; paper.width() as usize];
    let mut out = GrayImage::new(width, height);
    for (y, row) in out.rows_mut().enumerate() {
        let span = &rows[y];
        for (x, white) in light.iter_mut().enumerate() {
            let near = paper.get_pixel(x as u32, span.near).0[0];
            let far = paper.get_pixel(x as u32, span.far).0[0];
            *white = span.between(f32::from(near), f32::from(far));
        }
        for ((x, pixel), span) in row.enumerate().zip(&columns) {
            let white = span.between(light[span.near as usize], light[span.far as usize]);
            let value = f32::from(sheet.get_pixel(x as u32, y as u32).0[0]);
            pixel.0[0] = (value / white.max(1.0) * 255.0).min(255.0) as u8;
        }
    }
    out
}

/// Where a pixel of a grown axis lies between two pixels of the small one.
struct Span {
    near: u32,
    far: u32,
    /// How far from the near pixel towards the far one, 0 to 1.
    toward: f32,
}

impl Span {
    fn between(&self, near: f32, far: f32) -> f32 {
        near * (1.0 - self.toward) + far * self.toward
    }
}

/// For each of `long` pixels along an axis, its span between the `short`
/// pixels of the small axis, pixel centres aligned and the edges held.
fn spans(long: u32, short: u32) -> Vec<Span> {
    let ratio = short as f32 / long as f32;
    let last = short.saturating_sub(1);
    (0..long)
        .map(|i| {
            let at = ((i as f32 + 0.5) * ratio - 0.5).clamp(0.0, last as f32);
            let near = at.floor();
            Span {
                near: near as u32,
                far: (near as u32 + 1).min(last),
                toward: at - near,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A light quadrilateral sheet with a dark line on it, on a darker
    /// table with a grain, the right half of both in shadow.
    fn photo() -> GrayImage {
        let corners = [
            (180.0, 100.0),
            (820.0, 140.0),
            (860.0, 1080.0),
            (120.0, 1040.0),
        ];
        let inside = |x: f64, y: f64| {
            (0..4).all(|i| {
                let (a, b): ((f64, f64), (f64, f64)) = (corners[i], corners[(i + 1) % 4]);
                (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0.0
            })
        };
        GrayImage::from_fn(1000, 1200, |x, y| {
            let (fx, fy) = (f64::from(x), f64::from(y));
            let shade = if fx > 500.0 { 0.7 } else { 1.0 };
            let value = match inside(fx, fy) {
                true if (590..600).contains(&y) && (300..700).contains(&x) => 30.0,
                true => 235.0,
                false => 90.0 + 15.0 * (fy / 25.0 + (fx / 200.0).sin()).sin(),
            };
            Luma([(value * shade) as u8])
        })
    }

    #[test]
    fn finds_the_sheet_and_squares_it() {
        let corners = find_sheet(&photo()).expect("a sheet");
        let expected = [
            (180.0, 100.0),
            (820.0, 140.0),
            (860.0, 1080.0),
            (120.0, 1040.0),
        ];
        for (found, want) in corners.iter().zip(expected) {
            assert!(
                (found.0 - want.0).abs() < 8.0 && (found.1 - want.1).abs() < 8.0,
                "{found:?} vs {want:?}"
            );
        }
        let sheet = flatten(&photo()).expect("a sheet");
        // Paper in and out of the shadow reads alike, and the line stays dark.
        let (w, h) = sheet.dimensions();
        let lit = sheet.get_pixel(w / 5, h / 4).0[0];
        let shaded = sheet.get_pixel(w * 4 / 5, h / 4).0[0];
        assert!(lit > 230 && shaded > 230, "{lit} {shaded}");
        let line = (0..h)
            .map(|y| sheet.get_pixel(w / 2, y).0[0])
            .min()
            .unwrap();
        assert!(line < 100, "{line}");
    }

    #[test]
    fn a_scan_that_fills_the_frame_is_left_alone() {
        let scan = GrayImage::from_fn(800, 1100, |x, y| {
            Luma([if (500..510).contains(&y) && (100..700).contains(&x) {
                20
            } else {
                240
            }])
        });
        assert!(flatten(&scan).is_none());
        assert!(flatten(&GrayImage::from_pixel(300, 300, Luma([128]))).is_none());
    }
}
