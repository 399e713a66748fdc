//! A scanner's dark border cut off: a sheet smaller than the glass, or
//! scanned with the lid open, lies in a frame of dark grey that the pack
//! would otherwise file as part of the page.

use image::imageops;

use crate::extract::{BoundingBox, GrayImage, WordBox};

/// A row or column of the border is at least this share dark: a line of
/// print, a table's rule or a dark photo inside the sheet, which all have
/// paper beside them, is not.
const BORDER_DARK_SHARE: f32 = 0.85;

/// What is left once the border is off is at least this share of the
/// page each way: more cut off is not a border but a dark document.
const LEAST_KEPT: f32 = 0.5;

/// The page without its dark border, and its words moved with it (a word
/// outside what is kept is dropped); the page as it is when it has none.
pub fn cropped(image: GrayImage, words: Vec<WordBox>) -> (GrayImage, Vec<WordBox>) {
    let Some(kept) = sheet(&image) else {
        return (image, words);
    };
    let cut = imageops::crop_imm(&image, kept.x, kept.y, kept.width, kept.height).to_image();
    let words = words
        .into_iter()
        .filter_map(|word| {
            let b = word.bbox;
            let right = b.x.saturating_add(b.width).min(kept.x + kept.width);
            let bottom = b.y.saturating_add(b.height).min(kept.y + kept.height);
            let (left, top) = (b.x.max(kept.x), b.y.max(kept.y));
            (right > left && bottom > top).then(|| WordBox {
                bbox: BoundingBox {
                    x: left - kept.x,
                    y: top - kept.y,
                    width: right - left,
                    height: bottom - top,
                },
                ..word
            })
        })
        .collect();
    (cut, words)
}

/// Where the sheet lies within its dark border: the rows and columns from
/// each edge inwards that are mostly dark are the border. `None` when
/// there is no border, or when so much is dark that it is not one.
fn sheet(image: &GrayImage) -> Option<BoundingBox> {
    let (width, height) = image.dimensions();
    if width < 8 || height < 8 {
        return None;
    }
    // Dark against this page's own paper: half its 90th-percentile grey
    // (from a histogram: a copy of a large page's pixels would cost as much
    // as the page).
    let mut histogram = [0u64; 256];
    for pixel in image.pixels() {
        histogram[usize::from(pixel.0[0])] += 1;
    }
    let below = u64::from(width) * u64::from(height) * 9 / 10;
    let mut seen = 0;
    let paper = (0..=255u8)
        .find(|&grey| {
            seen += histogram[usize::from(grey)];
            seen > below
        })
        .unwrap_or(255);
    let dark = |x: u32, y: u32| image.get_pixel(x, y).0[0] < paper / 2;
    let row_dark = |y: u32| (0..width).filter(|&x| dark(x, y)).count() as f32 / width as f32;
    let column_dark = |x: u32| (0..height).filter(|&y| dark(x, y)).count() as f32 / height as f32;
    let border = |share: f32| share >= BORDER_DARK_SHARE;
    let top = (0..height).take_while(|&y| border(row_dark(y))).count() as u32;
    let bottom = (0..height)
        .rev()
        .take_while(|&y| border(row_dark(y)))
        .count() as u32;
    let left = (0..width).take_while(|&x| border(column_dark(x))).count() as u32;
    let right = (0..width)
        .rev()
        .take_while(|&x| border(column_dark(x)))
        .count() as u32;
    if top + bottom + left + right == 0 {
        return None;
    }
    let kept_width = width.saturating_sub(left + right);
    let kept_height = height.saturating_sub(top + bottom);
    let enough = |kept: u32, of: u32| kept as f32 >= of as f32 * LEAST_KEPT;
    (enough(kept_width, width) && enough(kept_height, height)).then_some(BoundingBox {
        x: left,
        y: top,
        width: kept_width,
        height: kept_height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white sheet of 600 × 800 with a line of print, in a dark frame
    /// of `left`, `top` pixels (and 20 on the right and bottom).
    fn framed(left: u32, top: u32) -> GrayImage {
        let mut page = GrayImage::from_pixel(left + 620, top + 820, image::Luma([40]));
        for y in top..top + 800 {
            for x in left..left + 600 {
                let print = (100..130).contains(&(y - top)) && (x - left) % 10 < 6;
                page.put_pixel(x, y, image::Luma([if print { 10 } else { 240 }]));
            }
        }
        page
    }

    fn word(x: u32, y: u32) -> WordBox {
        WordBox {
            text: "word".into(),
            bbox: BoundingBox {
                x,
                y,
                width: 50,
                height: 30,
            },
            confidence: 0.9,
        }
    }

    #[test]
    fn a_dark_frame_is_cut_off_and_the_words_move_with_the_sheet() {
        let (sheet, words) = cropped(framed(70, 50), vec![word(100, 150), word(5, 5)]);
        assert_eq!(sheet.dimensions(), (600, 800));
        assert_eq!(sheet.get_pixel(0, 0).0[0], 240);
        // The word over the sheet's print moved with it; the one on the
        // frame went with the frame.
        assert_eq!(words.len(), 1);
        assert_eq!((words[0].bbox.x, words[0].bbox.y), (30, 100));
    }

    #[test]
    fn a_fixtures_scan_in_a_frame_comes_back_to_its_sheet() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/ready/passport.jpg");
        let scan = image::open(path).expect("the fixture").to_luma8();
        assert_eq!(sheet(&scan), None);
        let (width, height) = scan.dimensions();
        let mut framed = GrayImage::from_pixel(width + 180, height + 120, image::Luma([35]));
        imageops::overlay(&mut framed, &scan, 90, 60);
        let (sheet, _) = cropped(framed, Vec::new());
        assert_eq!(sheet.dimensions(), (width, height));
    }

    #[test]
    fn a_page_without_a_frame_and_a_dark_document_are_left_as_they_are() {
        let plain = framed(0, 0);
        let plain = imageops::crop_imm(&plain, 0, 0, 600, 800).to_image();
        assert_eq!(sheet(&plain), None);
        // A dark card on a white sheet is print, not a frame.
        let mut card = GrayImage::from_pixel(600, 800, image::Luma([240]));
        for (x, y) in (0..600).flat_map(|x| (0..500).map(move |y| (x, y))) {
            card.put_pixel(x, y, image::Luma([30]));
        }
        assert_eq!(sheet(&card), None);
    }
}
