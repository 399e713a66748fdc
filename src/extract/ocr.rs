//! OCR through the system libtesseract, one engine per worker thread.
//!
//! Engine start-up costs about 100 ms for `rus+kaz+eng` and an engine is
//! `Send` but not `Sync`, so each rayon worker keeps its own in a thread-local
//! and reuses it for every page (shared/STACK.md).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use image::imageops;
use tesseract::{PageSegMode, Tesseract};

use super::image::GrayImage;
use super::tsv::{self, Word};
use super::{Page, TextSource};

/// All three models: `rus+eng` loses Kazakh letters, `rus+kaz` loses English.
const TEXT_LANGUAGES: &str = "rus+kaz+eng";
/// The MRZ is OCR-B Latin: the Cyrillic models turn it into look-alikes.
const MRZ_LANGUAGES: &str = "eng";
const MRZ_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// Below this mean word confidence a page is read again turned by 180°: an
/// upright scan of print reads at 80+, an upside-down one well under 50.
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
        total: clock(libc::CLOCK_PROCESS_CPUTIME_ID),
    }
}

fn clock(id: libc::clockid_t) -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; both clocks exist on
    // every Linux, and a failure leaves it zero.
    unsafe { libc::clock_gettime(id, &mut now) };
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

/// Runs `work` and adds the CPU time this thread spent on it to the engine's.
fn timed<T>(work: impl FnOnce() -> T) -> T {
    let started = clock(libc::CLOCK_THREAD_CPUTIME_ID);
    let result = work();
    let spent = clock(libc::CLOCK_THREAD_CPUTIME_ID).saturating_sub(started);
    let nanos = u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX);
    ENGINE_CPU_NANOS.fetch_add(nanos, Ordering::Relaxed);
    result
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
    let mrz_readings = super::mrz::read_zone(&upright, Some(&recognition.tsv))?;
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

/// Tries the page the way its text lines run (see [`line_axis_is_vertical`]).
/// A poor reading may be of a page upside down: a few of its lines, turned,
/// tell whether it is ([`reads_better_turned`]), and only then is the whole
/// page read again the other way, the better reading kept.
fn read_upright(image: &GrayImage) -> Result<(u16, GrayImage, Recognition), OcrError> {
    let first = if line_axis_is_vertical(image) { 90 } else { 0 };
    let turned = rotate(image, first);
    let reading = recognize_text(&turned)?;
    if reading.confidence >= UPRIGHT_CONFIDENCE || !reads_better_turned(&turned, &reading)? {
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

/// How many lines of a poorly read page are read again upside down to tell
/// its orientation: enough words to judge by, a fraction of the page's OCR.
const PROBE_LINES: usize = 5;

/// Whether the page's densest few lines read with more confidence turned by
/// 180° than they did in the page's `reading`. A page where nothing was seen
/// as lines is judged by reading it whole.
fn reads_better_turned(page: &GrayImage, reading: &Recognition) -> Result<bool, OcrError> {
    let words: Vec<Word> = tsv::words(&reading.tsv).collect();
    let Some(lines) = densest_lines(&words) else {
        return Ok(true);
    };
    let probe: Vec<&Word> = words.iter().filter(|w| lines.contains(&w.line)).collect();
    let top = probe.iter().map(|w| w.top).min().unwrap_or(0);
    let bottom = probe.iter().map(|w| w.bottom()).max().unwrap_or(0);
    let margin = probe.iter().map(|w| w.height).max().unwrap_or(0) / 2;
    let top = top.saturating_sub(margin);
    let height = (bottom + margin)
        .min(page.height())
        .saturating_sub(top)
        .max(1);
    let strip = imageops::crop_imm(page, 0, top, page.width(), height).to_image();
    let turned = recognize_text(&imageops::rotate180(&strip))?;
    let turned_words: Vec<Word> = tsv::words(&turned.tsv).collect();
    Ok(tsv::mean_confidence(&turned_words) > tsv::mean_confidence(probe))
}

/// The [`PROBE_LINES`] consecutive lines (top to bottom) holding the most
/// words; `None` when the reading found no line.
fn densest_lines(words: &[Word]) -> Option<Vec<(u32, u32, u32)>> {
    let mut lines: Vec<((u32, u32, u32), u32, usize)> = Vec::new();
    for word in words {
        match lines.iter_mut().find(|(line, ..)| *line == word.line) {
            Some((_, top, count)) => {
                *top = (*top).min(word.top);
                *count += 1;
            }
            None => lines.push((word.line, word.top, 1)),
        }
    }
    lines.sort_by_key(|&(line, top, _)| (top, line));
    let window = PROBE_LINES.min(lines.len());
    let densest = lines
        .windows(window.max(1))
        .max_by_key(|run| run.iter().map(|&(.., count)| count).sum::<usize>())?;
    Some(densest.iter().map(|&(line, ..)| line).collect())
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
    // Every `step`-th pixel each way, read in place: under a million on an A4
    // page, and no resized copy (which cost 5% of a page's OCR time).
    let step = (image.width().max(image.height()) / 1000).max(1);
    let (width, height) = (image.width() / step, image.height() / step);
    if width < 8 || height < 8 {
        return false;
    }
    let sample = |x: u32, y: u32| image.get_pixel(x * step, y * step).0[0];
    let samples = (0..height).flat_map(|y| (0..width).map(move |x| (x, y)));
    let total: u64 = samples.clone().map(|(x, y)| u64::from(sample(x, y))).sum();
    let threshold = (total / u64::from(width * height) * 3 / 4) as u8;
    let mut rows = vec![0u32; height as usize];
    let mut cols = vec![0u32; width as usize];
    for (x, y) in samples {
        if sample(x, y) < threshold {
            rows[y as usize] += 1;
            cols[x as usize] += 1;
        }
    }
    let rows = trim_blank_ends(&rows);
    let cols = trim_blank_ends(&cols);
    variation(cols) > 1.3 * variation(rows)
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

/// Reads a prepared crop of the machine-readable zone with the Latin model
/// restricted to the zone's alphabet, as one block of text.
pub(super) fn recognize_mrz(image: &GrayImage) -> Result<String, OcrError> {
    with_engine(Slot::Mrz, image, PageSegMode::PsmSingleBlock).map(|reading| reading.text)
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
        timed(|| {
            let engine = match held.take() {
                Some(engine) => engine,
                None => new_engine(slot)?,
            };
            let (engine, recognition) = recognize(engine, image, mode)?;
            *held = Some(engine);
            Ok(recognition)
        })
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

    fn word(line: u32, top: u32) -> Word<'static> {
        Word {
            line: (1, 1, line),
            left: 0,
            top,
            width: 50,
            height: 20,
            confidence: 0.5,
            text: "слово",
        }
    }

    #[test]
    fn probes_the_run_of_lines_with_most_words() {
        // Line 1 alone at the top, lines 2–7 below with 1, 1, 3, 3, 3, 2 words.
        let mut words = vec![word(1, 10)];
        for (line, count) in [(2, 1), (3, 1), (4, 3), (5, 3), (6, 3), (7, 2)] {
            words.extend((0..count).map(|_| word(line, 30 * line)));
        }
        let lines: Vec<u32> = densest_lines(&words)
            .unwrap()
            .into_iter()
            .map(|(.., line)| line)
            .collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert_eq!(densest_lines(&words[..1]).unwrap(), [(1, 1, 1)]);
        assert_eq!(densest_lines(&[]), None);
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
