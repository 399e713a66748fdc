//! OCR through the system libtesseract, one engine per worker thread.
//!
//! Engine start-up costs about 100 ms for `rus+kaz+eng` and an engine is
//! `Send` but not `Sync`, so each rayon worker keeps its own in a thread-local
//! and reuses it for every page (shared/STACK.md).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use image::imageops;

use super::budget::{self, charging_cpu, process_cpu_time};
use super::engine::{Engine, Failure, Layout};
use super::image::{GrayImage, otsu_threshold};
use super::{BoundingBox, Page, TextSource, WordBox};

/// All three models: `rus+eng` loses Kazakh letters, `rus+kaz` loses English.
const TEXT_LANGUAGES: &str = "rus+kaz+eng";
/// The MRZ is OCR-B Latin: the Cyrillic models turn it into look-alikes.
const MRZ_LANGUAGES: &str = "eng";
const MRZ_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// Below this mean word confidence a page may be upside down: an upright
/// scan of print reads at 80+, an upside-down one well under 50.
const UPRIGHT_CONFIDENCE: f32 = 0.6;

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
    /// The file's time budget ran out in the middle of a page.
    #[error("OCR stopped: the file's time is spent")]
    OutOfTime,
}

impl OcrError {
    pub fn is_fatal(&self) -> bool {
        matches!(self, OcrError::Init { .. })
    }
}

/// CPU time spent inside Tesseract (starting engines and recognising), summed
/// over threads, in nanoseconds.
static ENGINE_CPU_NANOS: AtomicU64 = AtomicU64::new(0);

/// Where this process's CPU time went so far.
#[derive(Debug, Clone, Copy)]
pub struct CpuTime {
    /// Inside Tesseract, over every thread.
    pub ocr: Duration,
    /// The whole process, over every thread.
    pub total: Duration,
}

/// How much CPU time the OCR engine took and how much everything else did:
/// OCR is the budget, and `-v` and the batch benchmark show what the rest of
/// the pipeline adds to it.
pub fn cpu_time() -> CpuTime {
    CpuTime {
        ocr: Duration::from_nanos(ENGINE_CPU_NANOS.load(Ordering::Relaxed)),
        total: process_cpu_time(),
    }
}

/// Runs `work` and adds the CPU time this thread spent on it to the engine's.
fn timed<T>(work: impl FnOnce() -> T) -> T {
    charging_cpu(&ENGINE_CPU_NANOS, work)
}

thread_local! {
    static ENGINES: RefCell<Engines> = const { RefCell::new(Engines { text: None, mrz: None }) };
}

/// A thread's engines, each started on first use.
struct Engines {
    text: Option<Engine>,
    mrz: Option<Engine>,
}

type Recognition = super::engine::Output;

/// Reads one page image: finds its orientation, OCRs it, and reads its
/// machine-readable zone when it shows one.
pub fn read_page(number: u32, image: &GrayImage) -> Result<Page, OcrError> {
    let (rotation, upright, recognition) = read_upright(image)?;
    let mrz_readings = super::mrz::read_zone(&upright, Some(&recognition.tsv))?;
    let words = super::tsv::words(&recognition.tsv)
        .filter(|word| !word.text.trim().is_empty() && word.confidence >= 0.0)
        .map(|word| WordBox {
            text: word.text.to_string(),
            bbox: BoundingBox {
                x: word.left,
                y: word.top,
                width: word.width,
                height: word.height,
            },
            confidence: (word.confidence / 100.0).clamp(0.0, 1.0),
        })
        .collect();
    Ok(Page {
        number,
        text: recognition.text,
        mrz_readings,
        source: TextSource::Ocr,
        ocr_confidence: Some(recognition.confidence),
        rotation,
        perspective_corrected: false,
        words,
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

/// Reads the page upright. A page whose lines run top to bottom (see
/// [`line_axis_is_vertical`]) was turned a quarter one way or the other, and a
/// strip of it read both ways tells which before the page is read. A page
/// whose lines run across and that reads poorly may be upside down: the same
/// strip test tells, and only then is the whole page read again turned, the
/// better reading kept.
fn read_upright(image: &GrayImage) -> Result<(u16, GrayImage, Recognition), OcrError> {
    let sideways = line_axis_is_vertical(image);
    let (first, turned) = if sideways {
        let quarter = rotate(image, 90);
        match turned_reads_better(&quarter)? {
            true => (270, imageops::rotate180(&quarter)),
            false => (90, quarter),
        }
    } else {
        (0, image.clone())
    };
    let reading = recognize_text(&turned)?;
    if reading.confidence >= UPRIGHT_CONFIDENCE || sideways || !turned_reads_better(&turned)? {
        return Ok((first, turned, reading));
    }
    let flipped = rotate(image, 180);
    let other = recognize_text(&flipped)?;
    Ok(if other.confidence > reading.confidence {
        (180, flipped, other)
    } else {
        (first, turned, reading)
    })
}

/// Whether a page reads with more confidence turned by 180°, judged on its
/// [`text_strip`]: a few lines cost a tenth of the page to read. A strip
/// that reads well as it stands is not read turned.
fn turned_reads_better(page: &GrayImage) -> Result<bool, OcrError> {
    let Some(strip) = text_strip(page) else {
        return Ok(false);
    };
    let as_is = recognize_text(&strip)?.confidence;
    if as_is >= UPRIGHT_CONFIDENCE {
        return Ok(false);
    }
    let turned = recognize_text(&imageops::rotate180(&strip))?.confidence;
    Ok(turned > as_is)
}

/// The tenth of the page's height whose rows cross from paper to ink most
/// often: lines of print, not a photograph, a stamp or a blank margin. `None`
/// for a blank page.
fn text_strip(page: &GrayImage) -> Option<GrayImage> {
    let (width, height) = page.dimensions();
    let step = sampling_step(page);
    let threshold = ink_threshold(page, step);
    let crossings: Vec<u32> = (0..height)
        .map(|y| {
            let mut count = 0;
            let mut on_ink = false;
            for x in (0..width).step_by(step as usize) {
                let ink = page.get_pixel(x, y).0[0] < threshold;
                count += u32::from(ink && !on_ink);
                on_ink = ink;
            }
            count
        })
        .collect();
    let strip = (height / 10).max(1) as usize;
    let (top, most) = crossings
        .windows(strip)
        .map(|rows| rows.iter().sum::<u32>())
        .enumerate()
        .max_by_key(|&(top, sum)| (sum, std::cmp::Reverse(top)))?;
    (most > 0).then(|| imageops::crop_imm(page, 0, top as u32, width, strip as u32).to_image())
}

pub(super) fn rotate(image: &GrayImage, degrees: u16) -> GrayImage {
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
    let step = sampling_step(image);
    let (width, height) = (image.width() / step, image.height() / step);
    if width < 8 || height < 8 {
        return false;
    }
    let threshold = ink_threshold(image, step);
    let mut rows = vec![0u32; height as usize];
    let mut cols = vec![0u32; width as usize];
    for y in 0..height {
        for x in 0..width {
            if image.get_pixel(x * step, y * step).0[0] < threshold {
                rows[y as usize] += 1;
                cols[x as usize] += 1;
            }
        }
    }
    let rows = trim_blank_ends(&rows);
    let cols = trim_blank_ends(&cols);
    variation(cols) > 1.3 * variation(rows)
}

/// Profiles look at every `step`-th pixel each way, in place: under a
/// million on an A4 page, and no resized copy (which cost 5% of a page's OCR
/// time).
fn sampling_step(image: &GrayImage) -> u32 {
    (image.width().max(image.height()) / 1000).max(1)
}

/// Darker than three quarters of the page's mean grey is ink.
fn ink_threshold(image: &GrayImage, step: u32) -> u8 {
    let (width, height) = (image.width() / step, image.height() / step);
    let samples = (0..height).flat_map(|y| (0..width).map(move |x| (x * step, y * step)));
    let total: u64 = samples
        .map(|(x, y)| u64::from(image.get_pixel(x, y).0[0]))
        .sum();
    let count = u64::from(width * height).max(1);
    (total / count * 3 / 4) as u8
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
    let layout = match marks(image) > CROWDED_PAGE_MARKS {
        true => Layout::SingleBlock,
        false => Layout::Auto,
    };
    with_engine(Slot::Text, image, layout)
}

/// Past this many marks a page is read as one block of lines, without
/// layout analysis, whose cost grows steeply with the marks: a page of
/// 450,000 random specks held it 33 s where 300,000 took 0.3 s, and one
/// block reads the same page in 0.4 s. The busiest page among the fixtures'
/// scans and photos has 3,052 marks; a dense A4 page of print, some 8,000.
const CROWDED_PAGE_MARKS: usize = 100_000;

/// Counts the marks on a page: a run of ink that touches no ink in the row
/// above (corners included) starts one, so a letter starts one to three
/// and a speck one. One pass over the pixels, some 10 ms an A4 page.
fn marks(image: &GrayImage) -> usize {
    // Otsu's threshold over every pixel, as Tesseract binarises: specks
    // only a little darker than the paper are ink to it, and a threshold
    // from sampled pixels could be steered by what the samples hit.
    let threshold = otsu_threshold(image).saturating_add(1);
    let width = image.width() as usize;
    // Both rows have a blank pixel either side, so that a run's neighbours
    // above are one slice.
    let mut above = vec![false; width + 2];
    let mut row = vec![false; width + 2];
    let mut count = 0;
    for pixels in image.as_raw().chunks_exact(width.max(1)) {
        let mut start = None;
        for (x, &grey) in pixels.iter().chain([&u8::MAX]).enumerate() {
            let ink = grey < threshold;
            row[x + 1] = ink;
            match (ink, start) {
                (true, None) => start = Some(x),
                (false, Some(from)) => {
                    count += usize::from(!above[from..x + 2].contains(&true));
                    start = None;
                }
                _ => {}
            }
        }
        std::mem::swap(&mut above, &mut row);
    }
    count
}

/// Reads a prepared crop of the machine-readable zone with the Latin model
/// restricted to the zone's alphabet, as one block of text.
pub(super) fn recognize_mrz(image: &GrayImage) -> Result<String, OcrError> {
    with_engine(Slot::Mrz, image, Layout::SingleBlock).map(|reading| reading.text)
}

#[derive(Clone, Copy)]
enum Slot {
    Text,
    Mrz,
}

fn with_engine(slot: Slot, image: &GrayImage, layout: Layout) -> Result<Recognition, OcrError> {
    ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        let held = match slot {
            Slot::Text => &mut engines.text,
            Slot::Mrz => &mut engines.mrz,
        };
        timed(|| {
            let engine = match held {
                Some(engine) => engine,
                None => held.insert(new_engine(slot)?),
            };
            engine
                .read(image, layout, &budget::out_of_time)
                .map_err(|failure| match failure {
                    Failure::Stopped => OcrError::OutOfTime,
                    Failure::Engine(call) => {
                        OcrError::Recognize(format!("Tesseract failed at {call}"))
                    }
                })
        })
    })
}

fn new_engine(slot: Slot) -> Result<Engine, OcrError> {
    let languages = match slot {
        Slot::Text => TEXT_LANGUAGES,
        Slot::Mrz => MRZ_LANGUAGES,
    };
    let init = |detail: String| OcrError::Init { languages, detail };
    // Leptonica, under Tesseract, prints its own errors on noise pages
    // ("Error in boxClipToRectangle: box outside rectangle", a line a
    // region): they say nothing to a user and bury our one-line errors.
    // The setting is the library's, for the process.
    // SAFETY: sets one global integer; no pointer is passed.
    unsafe { leptonica_sys::setMsgSeverity(leptonica_sys::L_SEVERITY_NONE as i32) };
    let mut engine = Engine::new(languages).map_err(init)?;
    // Tesseract's own diagnostics ("Estimating resolution as …") would
    // interleave with our one-line errors on stderr.
    engine
        .set_variable("debug_file", "/dev/null")
        .map_err(init)?;
    if let Slot::Mrz = slot {
        engine
            .set_variable("tessedit_char_whitelist", MRZ_ALPHABET)
            .map_err(init)?;
    }
    Ok(engine)
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
    fn the_text_strip_is_print_not_a_photograph() {
        // A solid dark photograph across the top, lines of print below it.
        let mut page = striped_page();
        for y in 0..150 {
            for x in 0..600 {
                page.put_pixel(x, y, Luma([40]));
            }
        }
        let strip = text_strip(&page).unwrap();
        assert_eq!(strip.dimensions(), (600, 80));
        let top = (0..=720)
            .find(|&top| imageops::crop_imm(&page, 0, top, 600, 80).to_image() == strip)
            .unwrap();
        // Its window may take in the photograph's last few rows, no more.
        assert!((140..=670).contains(&top), "strip at {top}");
        assert!(text_strip(&GrayImage::from_pixel(300, 400, Luma([255]))).is_none());
    }

    #[test]
    fn specks_a_little_darker_than_the_paper_are_marks() {
        // Light grey specks 3 pixels apart: Tesseract's Otsu makes them
        // ink, so they must count, however a sampled mean would fall.
        let page = GrayImage::from_fn(300, 300, |x, y| {
            Luma([if x % 3 == 0 && y % 3 == 0 { 200 } else { 255 }])
        });
        assert_eq!(marks(&page), 100 * 100);
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
