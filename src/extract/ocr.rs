//! OCR through the system libtesseract, one engine per worker thread.
//!
//! Engine start-up costs about 100 ms for `rus+kaz+eng` and an engine is
//! `Send` but not `Sync`, so each rayon worker keeps its own in a thread-local
//! and reuses it for every page (shared/STACK.md).

use std::cell::RefCell;

use image::imageops;
use tesseract::{PageSegMode, Tesseract};

use super::image::GrayImage;
use super::{Page, TextSource};

/// All three models: `rus+eng` loses Kazakh letters, `rus+kaz` loses English.
const TEXT_LANGUAGES: &str = "rus+kaz+eng";
/// The MRZ is OCR-B Latin: the Cyrillic models turn it into look-alikes.
const MRZ_LANGUAGES: &str = "eng";
const MRZ_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// Below this mean word confidence a page is read again turned by 180°: an
/// upright scan of print reads at 80+, an upside-down one well under 50.
const UPRIGHT_CONFIDENCE: f32 = 0.6;

/// The height MRZ lines are scaled to before their own pass.
/// Line heights the MRZ crop is scaled to, tried in turn until a reading has
/// the zone's shape (2×44, 2×36 or 3×30): OCR-B digits misread at one size
/// often read clean at another.
const MRZ_LINE_PX: [f32; 3] = [48.0, 36.0, 64.0];

/// Why OCR failed.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error(
        "cannot start Tesseract with `{languages}` ({detail}); install tesseract-ocr-rus, tesseract-ocr-kaz and tesseract-ocr-eng"
    )]
    Init {
        languages: &'static str,
        detail: String,
    },
    #[error("OCR failed: {0}")]
    Recognize(String),
}

impl OcrError {
    pub fn is_fatal(&self) -> bool {
        matches!(self, OcrError::Init { .. })
    }
}

thread_local! {
    static ENGINES: RefCell<Engines> = const { RefCell::new(Engines { text: None, mrz: None }) };
}

/// A thread's engines. The crate's builder methods consume the engine, so each
/// lives in an `Option`: taken for a call, put back on success, re-created
/// after a failure dropped it.
struct Engines {
    text: Option<Tesseract>,
    mrz: Option<Tesseract>,
}

/// What one recognition pass returns.
struct Recognition {
    text: String,
    tsv: String,
    confidence: f32,
}

/// Reads one page image: finds its orientation, OCRs it, and reads its
/// machine-readable zone when it shows one.
pub fn read_page(number: u32, image: &GrayImage) -> Result<Page, OcrError> {
    let (rotation, upright, recognition) = read_upright(image)?;
    let mrz_readings = match mrz_band(&recognition.tsv, &upright) {
        Some((band, line_height)) => read_mrz(&band, line_height)?,
        None => Vec::new(),
    };
    Ok(Page {
        number,
        text: recognition.text,
        mrz_readings,
        source: TextSource::Ocr,
        ocr_confidence: Some(recognition.confidence),
        rotation,
    })
}

/// Drops this thread's engines. Tesseract reports engines still alive at exit
/// as leaks, and rayon's thread-locals are never dropped on their own.
pub fn release_engines() {
    ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        engines.text = None;
        engines.mrz = None;
    });
}

/// Tries the page the way its text lines run (see [`line_axis_is_vertical`]),
/// then the opposite way if the first reading is poor, keeping the better one.
fn read_upright(image: &GrayImage) -> Result<(u16, GrayImage, Recognition), OcrError> {
    let first = if line_axis_is_vertical(image) { 90 } else { 0 };
    let turned = rotate(image, first);
    let reading = recognize_text(&turned)?;
    if reading.confidence >= UPRIGHT_CONFIDENCE {
        return Ok((first, turned, reading));
    }
    let second = (first + 180) % 360;
    let flipped = rotate(image, second);
    let other = recognize_text(&flipped)?;
    Ok(if other.confidence > reading.confidence {
        (second, flipped, other)
    } else {
        (first, turned, reading)
    })
}

fn rotate(image: &GrayImage, degrees: u16) -> GrayImage {
    match degrees {
        90 => imageops::rotate90(image),
        180 => imageops::rotate180(image),
        270 => imageops::rotate270(image),
        _ => image.clone(),
    }
}

/// Tells whether the text lines run top to bottom. Within the inked area,
/// horizontal lines of text make the row profile of dark pixels swing between
/// line and gap while the column profile stays flat; a page turned by 90° shows
/// the reverse. Cheap next to OCR, so OCR runs once per page in the usual case.
pub(crate) fn line_axis_is_vertical(image: &GrayImage) -> bool {
    let small = shrink(image, 1000);
    let (width, height) = small.dimensions();
    if width < 8 || height < 8 {
        return false;
    }
    let mean = small.pixels().map(|p| u64::from(p.0[0])).sum::<u64>() / u64::from(width * height);
    let threshold = (mean * 3 / 4) as u8;
    let mut rows = vec![0u32; height as usize];
    let mut cols = vec![0u32; width as usize];
    for (x, y, pixel) in small.enumerate_pixels() {
        if pixel.0[0] < threshold {
            rows[y as usize] += 1;
            cols[x as usize] += 1;
        }
    }
    let rows = trim_blank_ends(&rows);
    let cols = trim_blank_ends(&cols);
    variation(cols) > 1.3 * variation(rows)
}

fn shrink(image: &GrayImage, long_side: u32) -> GrayImage {
    let current = image.width().max(image.height());
    if current <= long_side {
        return image.clone();
    }
    let scale = f64::from(long_side) / f64::from(current);
    let width = ((f64::from(image.width()) * scale) as u32).max(1);
    let height = ((f64::from(image.height()) * scale) as u32).max(1);
    imageops::resize(image, width, height, imageops::FilterType::Triangle)
}

fn trim_blank_ends(profile: &[u32]) -> &[u32] {
    let start = profile.iter().position(|&n| n > 0).unwrap_or(0);
    let end = profile
        .iter()
        .rposition(|&n| n > 0)
        .map_or(start, |end| end + 1);
    &profile[start..end]
}

/// Coefficient of variation of a profile: its spread relative to its mean.
fn variation(profile: &[u32]) -> f64 {
    if profile.is_empty() {
        return 0.0;
    }
    let n = profile.len() as f64;
    let mean = profile.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    if mean == 0.0 {
        return 0.0;
    }
    let var = profile
        .iter()
        .map(|&v| (f64::from(v) - mean).powi(2))
        .sum::<f64>()
        / n;
    var.sqrt() / mean
}

fn recognize_text(image: &GrayImage) -> Result<Recognition, OcrError> {
    with_engine(Slot::Text, image, PageSegMode::PsmAuto)
}

/// Finds the machine-readable zone from the words of the full-page pass: the
/// lines whose words are long runs of `<` fillers. Returns the crop holding
/// them, padded by half a line and prepared for the MRZ pass.
fn mrz_band(tsv: &str, image: &GrayImage) -> Option<(GrayImage, i64)> {
    let boxes: Vec<(i64, i64, i64, i64)> = tsv
        .lines()
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 12 || cols[0] != "5" {
                return None;
            }
            let word = cols[11];
            let fillers = word.chars().filter(|&c| c == '<' || c == '«').count();
            (fillers >= 3).then_some(())?;
            let num = |i: usize| cols[i].parse::<i64>().ok();
            Some((num(6)?, num(7)?, num(8)?, num(9)?))
        })
        .collect();
    let top = boxes.iter().map(|b| b.1).min()?;
    let bottom = boxes.iter().map(|b| b.1 + b.3).max()?;
    let line_height = boxes.iter().map(|b| b.3).max()?.max(1);
    let pad = line_height / 2 + 2;
    let (width, height) = (i64::from(image.width()), i64::from(image.height()));
    let y0 = (top - pad).clamp(0, height - 1);
    let y1 = (bottom + pad).clamp(y0 + 1, height);
    let crop = imageops::crop_imm(image, 0, y0 as u32, width as u32, (y1 - y0) as u32).to_image();
    Some((crop, line_height))
}

/// Scales the zone so its lines stand `line_px` tall and turns it black on
/// white: the `eng` model reads OCR-B far better so (on the generated
/// passports at 200 DPI, 23-pixel lines gave `5`→`3` and dropped fillers).
fn prepare_mrz(crop: &GrayImage, line_height: i64, line_px: f32) -> GrayImage {
    let scale = (line_px / line_height.max(1) as f32).clamp(0.5, 4.0);
    let (width, height) = crop.dimensions();
    let width = ((width as f32 * scale) as u32).max(1);
    let height = ((height as f32 * scale) as u32).max(1);
    let scaled = imageops::resize(crop, width, height, imageops::FilterType::CatmullRom);
    let threshold = otsu_threshold(&scaled);
    GrayImage::from_fn(scaled.width(), scaled.height(), |x, y| {
        image::Luma([if scaled.get_pixel(x, y).0[0] <= threshold {
            0
        } else {
            255
        }])
    })
}

/// Otsu's threshold: the grey level that best splits ink from paper.
fn otsu_threshold(image: &GrayImage) -> u8 {
    let mut histogram = [0u64; 256];
    for pixel in image.pixels() {
        histogram[usize::from(pixel.0[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(v, &n)| v as f64 * n as f64)
        .sum();
    let (mut weight_below, mut sum_below) = (0u64, 0.0);
    let (mut best, mut best_variance) = (127u8, 0.0);
    for (value, &count) in histogram.iter().enumerate() {
        weight_below += count;
        if weight_below == 0 || weight_below == total {
            continue;
        }
        sum_below += value as f64 * count as f64;
        let weight_above = total - weight_below;
        let mean_below = sum_below / weight_below as f64;
        let mean_above = (sum_all - sum_below) / weight_above as f64;
        let variance =
            weight_below as f64 * weight_above as f64 * (mean_below - mean_above).powi(2);
        if variance > best_variance {
            best_variance = variance;
            best = value as u8;
        }
    }
    best
}

/// Reads the zone with the Latin model restricted to the MRZ alphabet, at
/// each of [`MRZ_LINE_PX`] until a reading has the zone's shape, and returns
/// every reading: the check digits, in `fields`, decide which one holds.
fn read_mrz(band: &GrayImage, line_height: i64) -> Result<Vec<Vec<String>>, OcrError> {
    let mut readings = Vec::new();
    for line_px in MRZ_LINE_PX {
        let prepared = prepare_mrz(band, line_height, line_px);
        let reading = with_engine(Slot::Mrz, &prepared, PageSegMode::PsmSingleBlock)?;
        let lines: Vec<String> = reading
            .text
            .lines()
            .map(|line| {
                line.chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
            })
            .filter(|line| line.len() >= 20 && line.contains('<'))
            .collect();
        let complete = has_zone_shape(&lines);
        readings.push(lines);
        if complete {
            break;
        }
    }
    Ok(readings)
}

/// Two lines of 44 or 36 characters, or three of 30.
fn has_zone_shape(lines: &[String]) -> bool {
    let lengths: Vec<usize> = lines.iter().map(String::len).collect();
    matches!(lengths.as_slice(), [44, 44] | [36, 36] | [30, 30, 30])
}

#[derive(Clone, Copy)]
enum Slot {
    Text,
    Mrz,
}

fn with_engine(slot: Slot, image: &GrayImage, mode: PageSegMode) -> Result<Recognition, OcrError> {
    ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        let held = match slot {
            Slot::Text => &mut engines.text,
            Slot::Mrz => &mut engines.mrz,
        };
        let engine = match held.take() {
            Some(engine) => engine,
            None => new_engine(slot)?,
        };
        let (engine, recognition) = recognize(engine, image, mode)?;
        *held = Some(engine);
        Ok(recognition)
    })
}

fn new_engine(slot: Slot) -> Result<Tesseract, OcrError> {
    let languages = match slot {
        Slot::Text => TEXT_LANGUAGES,
        Slot::Mrz => MRZ_LANGUAGES,
    };
    let init = |detail: String| OcrError::Init { languages, detail };
    let engine = Tesseract::new(None, Some(languages)).map_err(|err| init(err.to_string()))?;
    // Tesseract's own diagnostics ("Estimating resolution as …") would
    // interleave with our one-line errors on stderr.
    let engine = engine
        .set_variable("debug_file", "/dev/null")
        .map_err(|err| init(err.to_string()))?;
    match slot {
        Slot::Text => Ok(engine),
        Slot::Mrz => engine
            .set_variable("tessedit_char_whitelist", MRZ_ALPHABET)
            .map_err(|err| init(err.to_string())),
    }
}

fn recognize(
    mut engine: Tesseract,
    image: &GrayImage,
    mode: PageSegMode,
) -> Result<(Tesseract, Recognition), OcrError> {
    let failed = |err: &dyn std::fmt::Display| OcrError::Recognize(err.to_string());
    let (width, height) = image.dimensions();
    let (width, height) = (
        i32::try_from(width).map_err(|err| failed(&err))?,
        i32::try_from(height).map_err(|err| failed(&err))?,
    );
    engine.set_page_seg_mode(mode);
    let mut engine = engine
        .set_frame(image.as_raw(), width, height, 1, width)
        .map_err(|err| failed(&err))?
        .set_source_resolution(300)
        .recognize()
        .map_err(|err| failed(&err))?;
    let text = engine.get_text().map_err(|err| failed(&err))?;
    let tsv = engine.get_tsv_text(0).map_err(|err| failed(&err))?;
    let confidence = engine.mean_text_conf().clamp(0, 100) as f32 / 100.0;
    Ok((
        engine,
        Recognition {
            text,
            tsv,
            confidence,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// Dark horizontal bars, like lines of text on a page.
    fn striped_page() -> GrayImage {
        GrayImage::from_fn(600, 800, |x, y| {
            let in_text = (50..550).contains(&x) && (50..750).contains(&y);
            let on_line = y % 30 < 12 && (x / 7) % 5 != 0;
            Luma([if in_text && on_line { 20 } else { 235 }])
        })
    }

    #[test]
    fn tells_line_direction_from_projection_profiles() {
        let page = striped_page();
        assert!(!line_axis_is_vertical(&page));
        assert!(line_axis_is_vertical(&imageops::rotate90(&page)));
        assert!(!line_axis_is_vertical(&imageops::rotate180(&page)));
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let image = GrayImage::from_fn(10, 10, |x, _| Luma([if x < 3 { 30 } else { 220 }]));
        let threshold = otsu_threshold(&image);
        assert!((30..220).contains(&threshold), "{threshold}");
    }

    #[test]
    fn blank_pages_count_as_upright() {
        assert!(!line_axis_is_vertical(&GrayImage::from_pixel(
            300,
            400,
            Luma([255])
        )));
        assert!(!line_axis_is_vertical(&GrayImage::new(3, 3)));
    }
}
