//! Renders a laid-out document as a scanned page: grey paper, slight skew,
//! sensor noise, specks; and writes it as JPEG, PNG or multi-page TIFF.

use std::io::Cursor;

use ab_glyph::{Font, PxScale, ScaleFont, point};
use image::{GrayImage, ImageEncoder, Luma, codecs::jpeg::JpegEncoder, codecs::png::PngEncoder};

use crate::layout::{self, Doc, Fonts};

/// Scan resolution: enough for OCR of 11-point text, small enough for a
/// fixture tree under 15 MB.
pub const DPI: f32 = 200.0;

/// How the scan came out.
#[derive(Debug, Clone, Copy)]
pub struct Scan {
    /// Skew in degrees (a page laid slightly askew on the glass).
    pub skew: f32,
    /// Amplitude of the per-pixel noise, in grey levels.
    pub noise: u8,
    /// Seed for the noise and specks, so that fixtures regenerate identically.
    pub seed: u64,
}

impl Scan {
    pub const CLEAN: Scan = Scan {
        skew: 0.4,
        noise: 6,
        seed: 1,
    };
}

/// Renders the document at [`DPI`].
pub fn render(doc: &Doc, fonts: &Fonts, scan: Scan) -> GrayImage {
    let px = DPI / 72.0;
    let width = (layout::PAGE_WIDTH * px) as u32;
    let height = (layout::page_height(doc) * px) as u32;
    let mut image = GrayImage::from_pixel(width, height, Luma([246]));
    for placed in layout::layout(doc, fonts) {
        let font = fonts.for_style(placed.style);
        // ab_glyph's scale is the font's height (ascent to descent), not its
        // em size; `pt_to_px_scale` would also assume 96 DPI.
        let em_px = layout::size(placed.style) * px;
        let scale = PxScale::from(
            em_px * font.height_unscaled() / font.units_per_em().expect("font has units per em"),
        );
        let scaled = font.as_scaled(scale);
        let mut x = placed.x * px;
        let baseline = placed.baseline * px;
        for c in placed.text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(outline) =
                font.outline_glyph(id.with_scale_and_position(scale, point(x, baseline)))
            {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    let (px_x, px_y) = (
                        bounds.min.x as i64 + i64::from(gx),
                        bounds.min.y as i64 + i64::from(gy),
                    );
                    if (0..i64::from(width)).contains(&px_x)
                        && (0..i64::from(height)).contains(&px_y)
                    {
                        let pixel = image.get_pixel_mut(px_x as u32, px_y as u32);
                        let ink = 25.0;
                        pixel.0[0] =
                            (f32::from(pixel.0[0]) * (1.0 - coverage) + ink * coverage) as u8;
                    }
                });
            }
            x += scaled.h_advance(id);
        }
    }
    let mut image = rotate_small(&image, scan.skew);
    add_noise(&mut image, scan);
    image
}

/// A grey box, such as the photo area of a passport page.
pub fn fill_rect(image: &mut GrayImage, x: u32, y: u32, w: u32, h: u32, value: u8) {
    for yy in y..(y + h).min(image.height()) {
        for xx in x..(x + w).min(image.width()) {
            image.put_pixel(xx, yy, Luma([value]));
        }
    }
}

/// Rotates by a small angle about the centre, bilinear, paper-coloured corners.
fn rotate_small(image: &GrayImage, degrees: f32) -> GrayImage {
    if degrees == 0.0 {
        return image.clone();
    }
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (w, h) = image.dimensions();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let sx = cos * dx + sin * dy + cx;
        let sy = -sin * dx + cos * dy + cy;
        Luma([bilinear(image, sx, sy)])
    })
}

fn bilinear(image: &GrayImage, x: f32, y: f32) -> u8 {
    let (w, h) = image.dimensions();
    if x < 0.0 || y < 0.0 || x >= (w - 1) as f32 || y >= (h - 1) as f32 {
        return 240;
    }
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let p = |xx, yy| f32::from(image.get_pixel(xx, yy).0[0]);
    let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
    let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
    (top * (1.0 - fy) + bottom * fy) as u8
}

/// A small deterministic generator (xorshift64*): fixtures must regenerate
/// byte for byte, and a whole RNG crate is not needed for noise.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn add_noise(image: &mut GrayImage, scan: Scan) {
    let mut rng = Rng::new(scan.seed);
    let amplitude = i32::from(scan.noise);
    if amplitude > 0 {
        for pixel in image.pixels_mut() {
            let delta = (rng.next() % (2 * amplitude as u64 + 1)) as i32 - amplitude;
            pixel.0[0] = (i32::from(pixel.0[0]) + delta).clamp(0, 255) as u8;
        }
    }
    // Dust on the glass.
    let (w, h) = image.dimensions();
    for _ in 0..40 {
        let (x, y) = (
            (rng.next() % u64::from(w)) as u32,
            (rng.next() % u64::from(h)) as u32,
        );
        fill_rect(image, x, y, 2, 2, 60);
    }
}

pub fn jpeg(image: &GrayImage, quality: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, quality)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::L8,
        )
        .expect("in-memory JPEG encoding");
    bytes
}

pub fn png(image: &GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::L8,
        )
        .expect("in-memory PNG encoding");
    bytes
}

/// A multi-page TIFF, thresholded to black and white as office scanners
/// store documents, deflate-compressed.
pub fn tiff(pages: &[GrayImage]) -> Vec<u8> {
    use tiff::encoder::{Compression, DeflateLevel, TiffEncoder, colortype::Gray8};
    let mut bytes = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut bytes)
        .expect("in-memory TIFF")
        .with_compression(Compression::Deflate(DeflateLevel::Best));
    for page in pages {
        let bilevel: Vec<u8> = page
            .as_raw()
            .iter()
            .map(|&v| if v < 150 { 0 } else { 255 })
            .collect();
        encoder
            .write_image::<Gray8>(page.width(), page.height(), &bilevel)
            .expect("in-memory TIFF page");
    }
    bytes.into_inner()
}

/// How a page was photographed on a table.
#[derive(Debug, Clone, Copy)]
pub struct Photo {
    /// The camera's tilt from straight above, in degrees: the far edge of
    /// the sheet comes out shorter than the near one.
    pub tilt: f32,
    /// The sheet's turn on the table, in degrees.
    pub turn: f32,
    /// How dark the shadow across one corner is (0: none, 0.5: half the light).
    pub shadow: f32,
    pub seed: u64,
}

/// A page as a phone photographs it lying on a wooden table: in
/// perspective, turned a little, a shadow over one side, grain and JPEG.
pub fn photographed(page: &GrayImage, photo: Photo) -> GrayImage {
    use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};
    let (w, h) = (page.width() as f32, page.height() as f32);
    let (canvas_w, canvas_h) = ((w * 1.4) as u32, (h * 1.3) as u32);
    let (cx, cy) = (canvas_w as f32 / 2.0, canvas_h as f32 / 2.0);
    // The far (top) edge shrinks with the tilt; the sheet then turns.
    let inset = w * 0.5 * photo.tilt.to_radians().tan();
    let flat = [
        (-w / 2.0 + inset, -h / 2.0),
        (w / 2.0 - inset, -h / 2.0),
        (w / 2.0, h / 2.0),
        (-w / 2.0, h / 2.0),
    ];
    let (sin, cos) = photo.turn.to_radians().sin_cos();
    let corners = flat.map(|(x, y)| (cx + x * cos - y * sin, cy + x * sin + y * cos));
    let projection =
        Projection::from_control_points([(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)], corners)
            .expect("a sheet's corners make a projection");
    let mut sheet = GrayImage::new(canvas_w, canvas_h);
    warp_into(
        page,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([0])),
        &mut sheet,
    );
    let mut mask = GrayImage::new(canvas_w, canvas_h);
    warp_into(
        &GrayImage::from_pixel(page.width(), page.height(), Luma([255])),
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([0])),
        &mut mask,
    );
    let mut rng = Rng::new(photo.seed);
    GrayImage::from_fn(canvas_w, canvas_h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let grain = 20.0 * (fy / 37.0 + 3.0 * (fx / 290.0).sin()).sin();
        let table = 92.0 + grain;
        let cover = f32::from(mask.get_pixel(x, y).0[0]) / 255.0;
        let value = table * (1.0 - cover) + f32::from(sheet.get_pixel(x, y).0[0]) * cover;
        // A soft-edged shadow falls across the right-hand side.
        let edge = (fx + 0.4 * fy) / canvas_w as f32 - 0.75;
        let shade = 1.0 - photo.shadow * (edge * 8.0).clamp(0.0, 1.0);
        let noise = (rng.next() % 9) as f32 - 4.0;
        Luma([(value * shade + noise).clamp(0.0, 255.0) as u8])
    })
}
