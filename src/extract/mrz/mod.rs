//! Finding and reading a page's machine-readable zone.
//!
//! [`locate`] finds candidate bands in the image itself (and from the filler
//! words the full-page pass saw). Each band is cropped and read first by
//! the zone's own recogniser ([`recognise`]: the crop cut into character
//! cells, each named by a small network trained for the zone's 37
//! symbols), which is taken when its check digits hold and every cell of
//! the checked fields was read sure; where the page's way up is not known,
//! the crop turned half round too. Only when the recogniser takes no band
//! does Tesseract read them, in turn: each crop is scaled so its
//! lines stand at a height the `eng` model reads OCR-B well, binarised at
//! several thresholds (or left grey) and read by Tesseract with the MRZ
//! alphabet only; reading stops at the first variant whose checks hold.
//! Where that valid zone gives every fact of the recogniser's own
//! reading but the names, the recogniser's reading is kept for its names.

pub(super) mod cells;
mod locate;
pub(super) mod model;
pub(super) mod recognise;

use image::imageops::{self, FilterType};

use super::image::{GrayImage, otsu_threshold};
use super::ocr::{self, OcrError};
use super::{Page, TextSource};
use crate::mrz;

use self::locate::{
    Band, Detail, crop, filler_band, find_bands, level, lines_run_down, overlap, zone_text_seen,
};
use self::model::Model;

/// How a crop is prepared for one reading: the height its lines are scaled
/// to, the filter that scales it, whether it is sharpened, and the offset
/// from Otsu's threshold it is binarised at (`None`: left grey).
#[derive(Clone, Copy)]
struct Variant {
    line_px: f32,
    filter: FilterType,
    sharpen: bool,
    threshold: Option<i16>,
}

const fn variant(line_px: f32, threshold: Option<i16>) -> Variant {
    Variant {
        line_px,
        filter: FilterType::CatmullRom,
        sharpen: false,
        threshold,
    }
}

/// Tried in turn until a reading validates. OCR-B digits misread at one size
/// often read clean at another, thin strokes survive a lighter threshold, and
/// small or blurred zones (phone photos 320–400 pixels wide) read best left
/// grey, sharpened or Lanczos-scaled: on the specimens these last five took
/// such photos from 8 to 10 of 12 valid, at no cost to zones that read at
/// once.
const VARIANTS: [Variant; 10] = [
    variant(48.0, Some(0)),
    variant(36.0, Some(0)),
    variant(64.0, Some(0)),
    variant(48.0, Some(25)),
    variant(48.0, Some(-25)),
    variant(48.0, None),
    variant(36.0, None),
    variant(64.0, None),
    Variant {
        sharpen: true,
        ..variant(48.0, Some(0))
    },
    Variant {
        filter: FilterType::Lanczos3,
        ..variant(48.0, Some(0))
    },
];

/// Which way up the recogniser took a zone: as its page stands, or turned
/// half round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    AsItStands,
    HalfRound,
}

/// Which ways up the recogniser is given each crop: as its page stands
/// when the page's way up is known, else either way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ways {
    AsItStands,
    EitherWay,
}

/// Reads a page's zone alone, in whichever orientation gives a valid one:
/// the way its lines run first, then upside down, then across.
///
/// Each band is given to the recogniser either way up before Tesseract
/// reads it as it stands: on the photos of `evaluate-mrz` turned upside
/// down, Tesseract's passes over the bands of the wrong way up took
/// 0.7 s before the page was turned, where the recogniser takes the zone
/// turned half round in 20–50 ms. The page turned half round is still
/// given to it either way up: its bands are not cut quite alike, and one
/// glare photo of 12 read only so.
pub fn read_page(number: u32, image: &GrayImage) -> Result<Page, OcrError> {
    let first = if lines_run_down(image) { 90 } else { 0 };
    let mut tried = Vec::new();
    for rotation in [first, first + 180, (first + 90) % 360, (first + 270) % 360] {
        let (readings, way) = read_zone_ways(&ocr::rotate(image, rotation), None, Ways::EitherWay)?;
        let valid = mrz::any_valid(&readings);
        let rotation = match way {
            Way::AsItStands => rotation,
            Way::HalfRound => (rotation + 180) % 360,
        };
        tried.push((rotation, readings));
        if valid {
            break;
        }
    }
    // The orientation that gave a valid zone, else the one read most.
    let (rotation, mrz_readings) = tried
        .into_iter()
        .max_by_key(|(_, readings)| (mrz::any_valid(readings), readings.len()))
        .unwrap_or_default();
    Ok(Page {
        number,
        text: String::new(),
        mrz_readings,
        source: TextSource::Ocr,
        ocr_confidence: None,
        rotation,
        perspective_corrected: false,
        words: Vec::new(),
    })
}

/// Every reading of the zone tried, the last one best; empty when the page
/// shows no zone. `words` is the full-page pass's TSV when there was one:
/// its filler words give the first band to read, and a page where it saw
/// nothing like a zone's line is not searched further (a contract page
/// would otherwise cost an MRZ pass for each stack of short lines).
pub fn read_zone(page: &GrayImage, words: Option<&str>) -> Result<Vec<Vec<String>>, OcrError> {
    Ok(read_zone_ways(page, words, Ways::AsItStands)?.0)
}

/// [`read_zone`], with the recogniser given each crop the `ways` up; and
/// the way up the last reading was made.
fn read_zone_ways(
    page: &GrayImage,
    words: Option<&str>,
    ways: Ways,
) -> Result<(Vec<Vec<String>>, Way), OcrError> {
    let mut readings = Vec::new();
    if let Some(tsv) = words {
        if let Some(band) = filler_band(tsv, page) {
            let cropped = Cropped::new(page, band);
            if let Some((lines, way)) = cropped.taken(ways) {
                readings.push(lines);
                return Ok((readings, way));
            }
            if cropped.read_by_tesseract(&mut readings)? {
                return Ok((readings, Way::AsItStands));
            }
        }
        if !zone_text_seen(tsv) {
            return Ok((readings, Way::AsItStands));
        }
    }
    let level = level(page);
    if let Some((lines, way)) = zone_shaped(&level, ways) {
        readings.push(lines);
        return Ok((readings, way));
    }
    // Bands are found lazily: a zone the recogniser takes in the first
    // costs no second look. The fine search comes last, after Tesseract
    // has read the coarse one's bands: under glare the coarse search finds
    // the zone and only Tesseract reads it, and searching finely first
    // doubled such a photo's time.
    let mut seen: Vec<Band> = Vec::new();
    let fine = Detail::Fine
        .finer_than_coarse(&level)
        .then_some(Detail::Fine);
    for detail in std::iter::once(Detail::Coarse).chain(fine) {
        let mut cut = Vec::new();
        for band in find_bands(&level, detail) {
            if seen.iter().any(|seen| overlap(seen, &band)) {
                continue;
            }
            let band = Cropped::new(&level, band);
            if let Some((lines, way)) = band.taken(ways) {
                readings.push(lines);
                return Ok((readings, way));
            }
            cut.push(band);
        }
        for band in cut {
            seen.push(band.band);
            if band.read_by_tesseract(&mut readings)? {
                return Ok((readings, Way::AsItStands));
            }
        }
    }
    Ok((readings, Way::AsItStands))
}

/// The zone the recogniser takes in `crop` (whose reading as it stands is
/// `as_it_stands`) the `ways` up, and the way.
fn taken(
    crop: &GrayImage,
    as_it_stands: Option<&recognise::Reading>,
    ways: Ways,
) -> Option<(Vec<String>, Way)> {
    if let Some(reading) = as_it_stands.filter(|reading| reading.taken()) {
        return Some((reading.lines.clone(), Way::AsItStands));
    }
    if ways == Ways::AsItStands {
        return None;
    }
    recognised(&imageops::rotate180(crop))
        .filter(recognise::Reading::taken)
        .map(|reading| (reading.lines, Way::HalfRound))
}

/// The recogniser's reading of a whole image as wide as a zone (three
/// times as wide as tall, or more: a zone cropped to its lines, which a
/// passport's data page never is), where it takes one. The bands found in
/// such an image can split a line a background runs through, or leave out
/// its faint end: on zones cropped to their lines at 20 pixels a
/// character, a third of those the recogniser takes were lost that way.
fn zone_shaped(image: &GrayImage, ways: Ways) -> Option<(Vec<String>, Way)> {
    if image.width() < image.height() * 3 {
        return None;
    }
    taken(image, recognised(image).as_ref(), ways)
}

/// The recogniser's likeliest reading of a crop, if the model is shipped.
fn recognised(crop: &GrayImage) -> Option<recognise::Reading> {
    recognise::read(crop, Model::shipped()?).into_iter().next()
}

/// A band cut out of its page, and the recogniser's reading of it as it
/// stands.
///
/// Every band is given to the recogniser before Tesseract reads any: under
/// glare a zone's lines are found as bands of their own besides the whole
/// zone, and Tesseract's ten variants over each line alone (which can never
/// hold a zone) took 1.5 s of a photo of `evaluate-mrz` before the band of
/// the whole zone, which the recogniser took in 20 ms.
struct Cropped {
    band: Band,
    crop: GrayImage,
    recognised: Option<recognise::Reading>,
}

impl Cropped {
    fn new(page: &GrayImage, band: Band) -> Cropped {
        let crop = crop(page, band);
        let recognised = recognised(&crop);
        Cropped {
            band,
            crop,
            recognised,
        }
    }

    /// The zone the recogniser takes in the crop the `ways` up, and the
    /// way.
    fn taken(&self, ways: Ways) -> Option<(Vec<String>, Way)> {
        taken(&self.crop, self.recognised.as_ref(), ways)
    }

    /// Reads the crop by Tesseract at each variant until the readings so
    /// far hold a zone whose check digits all hold (`true`). A band whose
    /// first reading has no line of fillers is not a zone: it gets no
    /// further passes.
    fn read_by_tesseract(self, readings: &mut Vec<Vec<String>>) -> Result<bool, OcrError> {
        for (index, variant) in VARIANTS.into_iter().enumerate() {
            let prepared = prepare(&self.crop, self.band.line_height, variant);
            let lines = zone_lines(&ocr::recognize_mrz(&prepared)?);
            let looks_like_zone = lines.iter().any(|line| line.contains("<<"));
            readings.push(lines);
            if mrz::any_valid(readings) {
                if let Some(reading) = self
                    .recognised
                    .filter(|reading| confirmed(reading, readings))
                {
                    *readings = vec![reading.lines];
                }
                return Ok(true);
            }
            if index == 0 && !looks_like_zone {
                readings.pop();
                return Ok(false);
            }
        }
        Ok(false)
    }
}

/// Whether Tesseract's valid zone among `readings` confirms the
/// recogniser's reading that was not taken alone: its checks hold and it
/// gives the same format, document type, number, dates, states, sex and
/// personal number or optional data (a visa's line 2 holds a passport's
/// facts where the passport's do, and its first letter may be what left
/// the recogniser unsure). It then stands for them
/// all, for its names: the recogniser weighs each name cell's filler
/// probability, where Tesseract reads a faint filler as `K`, `C`, `X` or
/// `L`, which no check digit covers.
fn confirmed(reading: &recognise::Reading, readings: &[Vec<String>]) -> bool {
    let facts = |mrz: mrz::Mrz| {
        (
            (mrz.format, mrz.document_type, mrz.personal_number),
            mrz.document_number,
            mrz.birth_date,
            mrz.expiry_date,
            mrz.issuing_state,
            mrz.nationality,
            mrz.sex,
        )
    };
    let day = chrono::NaiveDate::default();
    let ours = mrz::find_mrz(&reading.lines, day).filter(|mrz| mrz.checks_valid);
    let theirs = mrz::best_reading(readings, day).filter(|mrz| mrz.checks_valid);
    reading.checks_hold && ours.is_some() && ours.map(facts) == theirs.map(facts)
}

fn zone_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            line.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        })
        .filter(|line| line.len() >= 20)
        .collect()
}
/// Scales the crop so its lines stand `line_px` tall, sharpens it if asked,
/// and binarises it black on white unless the variant keeps it grey.
fn prepare(crop: &GrayImage, line_height: u32, variant: Variant) -> GrayImage {
    let scale = (variant.line_px / line_height.max(1) as f32).clamp(0.5, 12.0);
    let (width, height) = crop.dimensions();
    let width = ((width as f32 * scale) as u32).max(1);
    let height = ((height as f32 * scale) as u32).max(1);
    let mut scaled = imageops::resize(crop, width, height, variant.filter);
    if variant.sharpen {
        scaled = imageops::unsharpen(&scaled, 2.0, 5);
    }
    let Some(offset) = variant.threshold else {
        return scaled;
    };
    let threshold = (i16::from(otsu_threshold(&scaled)) + offset).clamp(0, 255) as u8;
    GrayImage::from_fn(width, height, |x, y| {
        image::Luma([if scaled.get_pixel(x, y).0[0] <= threshold {
            0
        } else {
            255
        }])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// A card photographed upside down is read the right way up by the
    /// recogniser, without turning the page, and its page says how far it
    /// was turned.
    #[test]
    fn an_upside_down_zone_is_read_and_its_turn_told() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/mrz/td1-id-card-upside-down.jpg"
        );
        let bytes = std::fs::read(path).expect("the fixture");
        let image = super::super::image::decode(&bytes, 100_000_000).expect("a JPEG");
        let page = read_page(1, &image).expect("read");
        assert_eq!(page.rotation, 180);
        let (_, way) = read_zone_ways(&image, None, Ways::EitherWay).expect("read");
        assert_eq!(way, Way::HalfRound, "taken by the recogniser turned");
        assert!(
            mrz::any_valid(&page.mrz_readings),
            "{:?}",
            page.mrz_readings
        );
        let upright = ocr::rotate(&image, 180);
        assert_eq!(read_page(1, &upright).expect("read").rotation, 0);
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let image = GrayImage::from_fn(10, 10, |x, _| Luma([if x < 3 { 30 } else { 220 }]));
        let threshold = otsu_threshold(&image);
        assert!((30..220).contains(&threshold), "{threshold}");
    }
}
