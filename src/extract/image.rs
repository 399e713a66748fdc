//! Decoding scans and photos into greyscale pixels for OCR.
//!
//! Tesseract reads raw greyscale about 40% faster than a colour file (see
//! shared/STACK.md), so every image is converted once, here.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, imageops::FilterType};
use tiff::ColorType;
use tiff::decoder::{Decoder, DecodingResult};

use super::ExtractError;
use super::budget::FileBudget;
#[cfg(doc)]
use crate::Limits;

pub use image::GrayImage;

/// An A4 page at about 300 DPI on its long side. Larger images only make OCR
/// slower: Tesseract reads 10-point text best at 300 DPI.
const MAX_LONG_SIDE: u32 = 3508;

/// Neither side of an image may exceed this (a 48-megapixel photo is 8,000
/// pixels wide), whatever [`Limits::max_page_pixels`] allows.
const MAX_SIDE: u32 = 20_000;

/// Bytes a decoder may allocate for each pixel allowed: RGBA at 8 bits.
const DECODE_BYTES_PER_PIXEL: u64 = 4;

/// Why an image was not decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("{0}")]
    Damaged(String),
    /// Past the limits above: refused before it could cost memory.
    #[error("{0}")]
    OverLimit(String),
}

impl From<String> for ImageError {
    fn from(detail: String) -> Self {
        ImageError::Damaged(detail)
    }
}

impl From<image::ImageError> for ImageError {
    fn from(err: image::ImageError) -> Self {
        match err {
            image::ImageError::Limits(limit) => {
                ImageError::OverLimit(format!("the image is over the decoder's limits ({limit})"))
            }
            other => ImageError::Damaged(other.to_string()),
        }
    }
}

/// Refuses an image whose declared size is past the limits.
pub fn check_size(width: u32, height: u32, max_pixels: u64) -> Result<(), ImageError> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > max_pixels {
        return Err(ImageError::OverLimit(format!(
            "an image of {width}×{height} pixels, over the limit of {max_pixels} pixels (--max-page-pixels) and {MAX_SIDE} a side"
        )));
    }
    Ok(())
}

/// Decodes a JPEG, PNG or WebP, turned upright by its EXIF orientation
/// (phones store the sensor's orientation and a tag instead of rotating the
/// pixels), within the decoders' own limits.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<GrayImage, ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| err.to_string())?;
    // The size is checked on the header (below, with a message that says
    // it); the allocation limit guards what the header does not tell.
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(DECODE_BYTES_PER_PIXEL));
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, max_pixels)?;
    let orientation = decoder.orientation()?;
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    Ok(fit_for_ocr(image.into_luma8()))
}

/// Decodes a HEIC/HEIF (or AVIF) photo's primary image with libheif, which
/// applies the container's rotation and mirroring, as phones store them.
pub fn decode_heif(bytes: &[u8], max_pixels: u64) -> Result<GrayImage, ImageError> {
    use libheif_rs::{ColorSpace, HeifContext, LibHeif, RgbChroma};
    // One library handle for the process, made before any file is read and
    // never dropped: dropping a handle deinitialises libheif, which would
    // unregister its decoders under another thread's decode (and reading a
    // context before initialising crashes libheif 1.15).
    static LIBHEIF: std::sync::OnceLock<LibHeif> = std::sync::OnceLock::new();
    let library = LIBHEIF.get_or_init(LibHeif::new);
    let context = HeifContext::read_from_bytes(bytes).map_err(|err| err.message)?;
    let handle = context.primary_image_handle().map_err(|err| err.message)?;
    check_size(handle.width(), handle.height(), max_pixels)?;
    let image = library
        .decode(&handle, ColorSpace::Rgb(RgbChroma::Rgb), None)
        .map_err(|err| err.message)?;
    let plane = image
        .planes()
        .interleaved
        .ok_or_else(|| ImageError::Damaged("no interleaved RGB plane".into()))?;
    let row = plane.width as usize * 3;
    let samples: Vec<u8> = plane
        .data
        .chunks(plane.stride)
        .take(plane.height as usize)
        .flat_map(|line| &line[..row.min(line.len())])
        .copied()
        .collect();
    Ok(from_samples(plane.width, plane.height, 3, samples)?)
}

/// Decodes every page of a TIFF (`image` reads only the first one).
///
/// The pages are counted first, from their directories alone, so a file
/// past [`Limits::max_pages`] is refused before a page is decoded. Pages
/// are then decoded `batch` at a time and handed to `read` before the next
/// are decoded, so a thousand-page file never sits in memory whole.
/// A page that cannot be decoded is `fail(why)`.
pub fn read_tiff<T>(
    bytes: &[u8],
    batch: usize,
    budget: &FileBudget,
    fail: impl Fn(ImageError) -> ExtractError,
    mut read: impl FnMut(Vec<(u32, GrayImage)>) -> Result<Vec<T>, ExtractError>,
) -> Result<Vec<T>, ExtractError> {
    let damaged = |err: tiff::TiffError| fail(ImageError::Damaged(err.to_string()));
    let limits = budget.limits;
    let pages = count_tiff_pages(bytes, limits.max_pages).map_err(damaged)?;
    if pages > limits.max_pages {
        return Err(fail(ImageError::OverLimit(format!(
            "over {} pages, the limit for one file (--max-pages)",
            limits.max_pages
        ))));
    }
    // The decoder's own buffers held to what the pixel limit allows (its
    // default, 256 MiB, would refuse pages the flag had allowed).
    let mut tiff_limits = tiff::decoder::Limits::default();
    let most = limits
        .max_page_pixels
        .saturating_mul(DECODE_BYTES_PER_PIXEL);
    tiff_limits.decoding_buffer_size = usize::try_from(most).unwrap_or(usize::MAX);
    tiff_limits.intermediate_buffer_size = tiff_limits.decoding_buffer_size;
    let mut decoder = Decoder::new(Cursor::new(bytes))
        .map_err(damaged)?
        .with_limits(tiff_limits);
    let mut decoded = Vec::new();
    let mut read_pages = Vec::new();
    for number in 1..=pages as u32 {
        let page =
            budget.step(|| tiff_page(&mut decoder, limits.max_page_pixels).map_err(&fail))?;
        decoded.push((number, fit_for_ocr(page)));
        let last = number as usize == pages;
        if decoded.len() == batch.max(1) || last {
            read_pages.extend(read(std::mem::take(&mut decoded))?);
        }
        if !last {
            decoder.next_image().map_err(damaged)?;
        }
    }
    Ok(read_pages)
}

/// A TIFF's pages, counted to one past `most`.
fn count_tiff_pages(bytes: &[u8], most: usize) -> Result<usize, tiff::TiffError> {
    let mut decoder = Decoder::new(Cursor::new(bytes))?;
    let mut pages = 1;
    while decoder.more_images() && pages <= most {
        decoder.next_image()?;
        pages += 1;
    }
    Ok(pages)
}

fn tiff_page(
    decoder: &mut Decoder<Cursor<&[u8]>>,
    max_pixels: u64,
) -> Result<GrayImage, ImageError> {
    let (width, height) = decoder.dimensions().map_err(|err| err.to_string())?;
    check_size(width, height, max_pixels)?;
    let color = decoder.colortype().map_err(|err| err.to_string())?;
    let samples = decoder.read_image().map_err(|err| match err {
        tiff::TiffError::LimitsExceeded => ImageError::OverLimit(format!(
            "a TIFF page of {width}×{height} pixels needs more memory than the pixel limit allows (--max-page-pixels)"
        )),
        other => ImageError::Damaged(other.to_string()),
    })?;
    let DecodingResult::U8(samples) = samples else {
        return Err(format!("unsupported TIFF sample format ({color:?})").into());
    };
    let channels = match color {
        // Office scanners store documents as 1-bit (often CCITT G4) pages.
        ColorType::Gray(1) => {
            return Ok(unpack_bilevel(width, height, &samples).map(fit_for_ocr)?);
        }
        ColorType::Gray(8) => 1,
        ColorType::GrayA(8) => 2,
        ColorType::RGB(8) => 3,
        ColorType::RGBA(8) => 4,
        other => return Err(format!("unsupported TIFF colour type {other:?}").into()),
    };
    Ok(from_samples(width, height, channels, samples)?)
}

/// Expands 1-bit rows (padded to whole bytes, most significant bit first,
/// 1 = white once the decoder has applied the photometric interpretation).
fn unpack_bilevel(width: u32, height: u32, packed: &[u8]) -> Result<GrayImage, String> {
    let row_bytes = (width as usize).div_ceil(8);
    if packed.len() < row_bytes * height as usize {
        return Err(format!(
            "{width}x{height} bilevel image needs {} bytes, found {}",
            row_bytes * height as usize,
            packed.len()
        ));
    }
    Ok(GrayImage::from_fn(width, height, |x, y| {
        let byte = packed[y as usize * row_bytes + x as usize / 8];
        let white = byte & (0x80 >> (x % 8)) != 0;
        image::Luma([if white { 255 } else { 0 }])
    }))
}

/// Builds a greyscale image from interleaved 8-bit samples (grey, grey+alpha,
/// RGB or RGBA), as TIFF strips and PDF image streams hold them.
pub fn from_samples(
    width: u32,
    height: u32,
    channels: usize,
    samples: Vec<u8>,
) -> Result<GrayImage, String> {
    let expected = width as usize * height as usize * channels;
    if samples.len() < expected {
        return Err(format!(
            "{width}x{height} image with {channels} channels needs {expected} bytes, found {}",
            samples.len()
        ));
    }
    let mut raw = samples;
    raw.truncate(expected);
    let image = match channels {
        1 => GrayImage::from_raw(width, height, raw).map(DynamicImage::ImageLuma8),
        2 => image::GrayAlphaImage::from_raw(width, height, raw).map(DynamicImage::ImageLumaA8),
        3 => image::RgbImage::from_raw(width, height, raw).map(DynamicImage::ImageRgb8),
        4 => image::RgbaImage::from_raw(width, height, raw).map(DynamicImage::ImageRgba8),
        _ => return Err(format!("unsupported channel count {channels}")),
    }
    .ok_or("bad image size")?;
    Ok(fit_for_ocr(image.into_luma8()))
}

/// Scales a page down to about 300 DPI when it is larger.
pub fn fit_for_ocr(image: GrayImage) -> GrayImage {
    let long_side = image.width().max(image.height());
    if long_side <= MAX_LONG_SIDE {
        return image;
    }
    let scale = f64::from(MAX_LONG_SIDE) / f64::from(long_side);
    let width = (f64::from(image.width()) * scale).round().max(1.0) as u32;
    let height = (f64::from(image.height()) * scale).round().max(1.0) as u32;
    image::imageops::resize(&image, width, height, FilterType::Triangle)
}

/// The image shrunk to `width` × `height`, each new pixel the rounded mean
/// of the block of old pixels it covers: what `imageops::thumbnail`
/// makes, pixel for pixel, but a row of blocks at a time rather than a
/// pixel through `get_pixel`. The zone's search shrinks each page two to
/// four times and a photo is shrunk twice more to find its sheet; with
/// `thumbnail` that was a quarter of `dossier mrz`'s time on a 2,600-pixel
/// photo (`perf`). With this, `dossier mrz` on one core (`perf stat -r 10`,
/// task-clock) takes 220 ms rather than 237 on a flat photo, 178 rather
/// than 301 on a busy one and 298 rather than 374 where the zone is a
/// fifth of the photo's width. Enlarging (either side larger) is left to
/// `thumbnail`.
pub(super) fn shrunk(image: &GrayImage, width: u32, height: u32) -> GrayImage {
    let (old_width, old_height) = image.dimensions();
    if width == 0 || height == 0 || width > old_width || height > old_height {
        return image::imageops::thumbnail(image, width, height);
    }
    let columns = blocks(old_width, width);
    let rows = blocks(old_height, height);
    // Each block's rows summed down first, a column at a time (a loop the
    // compiler vectorises), then each block's columns across.
    let mut down = vec![0u32; old_width as usize];
    let mut out = GrayImage::new(width, height);
    for (y, &(top, bottom)) in (0..).zip(&rows) {
        down.fill(0);
        for row in image
            .as_raw()
            .chunks_exact(old_width as usize)
            .take(bottom)
            .skip(top)
        {
            for (sum, &grey) in down.iter_mut().zip(row) {
                *sum += u32::from(grey);
            }
        }
        for (x, &(left, right)) in (0..).zip(&columns) {
            let sum: u32 = down[left..right].iter().sum();
            let count = ((right - left) * (bottom - top)) as u32;
            out.put_pixel(x, y, image::Luma([((sum + count / 2) / count) as u8]));
        }
    }
    out
}

/// The old pixels `[start, end)` each of `new` pixels covers when `old`
/// are shrunk to them, bounded as `imageops::thumbnail` bounds them.
fn blocks(old: u32, new: u32) -> Vec<(usize, usize)> {
    let ratio = old as f32 / new as f32;
    (0..new)
        .map(|i| {
            let from = i as f32 * ratio;
            let start = (from.ceil() as u32).min(old - 1);
            let end = ((from + ratio).ceil() as u32).clamp(start, old);
            (start as usize, end as usize)
        })
        .collect()
}

/// The grey at a point between pixels; paper (255) outside the image.
pub(super) fn bilinear(image: &GrayImage, x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let at = |xx: f32, yy: f32| {
        if xx < 0.0 || yy < 0.0 || xx >= image.width() as f32 || yy >= image.height() as f32 {
            255.0
        } else {
            f32::from(image.get_pixel(xx as u32, yy as u32).0[0])
        }
    };
    let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1.0, y0) * fx;
    let bottom = at(x0, y0 + 1.0) * (1.0 - fx) + at(x0 + 1.0, y0 + 1.0) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Otsu's threshold: the grey level that best splits ink from paper.
pub(super) fn otsu_threshold(image: &GrayImage) -> u8 {
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
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinking_averages_blocks_as_thumbnail_does() {
        let mut seed = 7u32;
        for (width, height, new_width, new_height) in [
            (2582, 1931, 1000, 748),
            (37, 23, 5, 4),
            (640, 480, 640, 120),
            (9, 9, 8, 1),
        ] {
            let image = GrayImage::from_fn(width, height, |_, _| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                image::Luma([(seed >> 16) as u8])
            });
            let ours = shrunk(&image, new_width, new_height);
            let theirs = image::imageops::thumbnail(&image, new_width, new_height);
            assert_eq!(ours, theirs, "{width}×{height} to {new_width}×{new_height}");
        }
    }

    #[test]
    fn large_scans_are_scaled_to_about_300_dpi() {
        let image = GrayImage::new(7016, 4960);
        let fitted = fit_for_ocr(image);
        assert_eq!((fitted.width(), fitted.height()), (3508, 2480));
        assert_eq!(fit_for_ocr(GrayImage::new(100, 50)).dimensions(), (100, 50));
    }

    #[test]
    fn short_sample_buffers_are_an_error_not_a_panic() {
        assert!(from_samples(10, 10, 3, vec![0; 20]).is_err());
        assert!(from_samples(2, 1, 3, vec![255, 255, 255, 0, 0, 0]).is_ok());
    }

    #[test]
    fn bilevel_rows_unpack_msb_first_with_padding() {
        // 10 pixels wide: two bytes a row, the last six bits padding.
        let image = unpack_bilevel(10, 2, &[0b1000_0000, 0b0100_0000, 0xFF, 0xFF]).unwrap();
        let row0: Vec<u8> = (0..10).map(|x| image.get_pixel(x, 0).0[0]).collect();
        assert_eq!(row0, [255, 0, 0, 0, 0, 0, 0, 0, 0, 255]);
        assert!((0..10).all(|x| image.get_pixel(x, 1).0[0] == 255));
        assert!(unpack_bilevel(10, 3, &[0; 4]).is_err());
    }

    #[test]
    fn garbage_is_an_error() {
        let limits = crate::Limits::default();
        assert!(decode(b"\xFF\xD8\xFF not really a jpeg", limits.max_page_pixels).is_err());
        let budget = FileBudget::new(&limits);
        let read = |_| Ok::<Vec<()>, ExtractError>(Vec::new());
        let pages = read_tiff(
            b"II*\0 truncated",
            2,
            &budget,
            ExtractError::image("TIFF"),
            read,
        );
        assert!(pages.is_err());
    }
}
