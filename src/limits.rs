//! What reading one bundle may cost. Every default leaves room for ten
//! times what a real client's folder needs and stops a hostile file long
//! before it costs a gigabyte or minutes; each has a command-line flag to
//! raise it.

/// Limits on archives, page images, pages and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes a bundle's archives (with the archives inside them) may
    /// unpack to, all together. An archive of a client's scans holds tens
    /// of files and tens of megabytes.
    pub max_unpacked_bytes: u64,
    /// Entries one archive may hold.
    pub max_entries: usize,
    /// How many times its packed size an entry may unpack to, once it is
    /// past [`Limits::RATIO_FLOOR`]. Scans and PDFs are compressed already
    /// (about 1:1) and an uncompressed TIFF page packs about 1:30; deflate
    /// cannot exceed about 1:1030, which only a bomb of repeated bytes nears.
    pub max_ratio: u64,
    /// Pixels one page image (a photo, a scan, a TIFF page, an image in a
    /// PDF) may hold, checked on its header before a pixel is decoded: a
    /// 48-megapixel phone camera stays under the default of 100 million, a
    /// 380-byte JPEG whose header declares 65,500 × 65,500 does not.
    pub max_page_pixels: u64,
    /// Pages one file may hold: a whole client's pile scanned in one pass
    /// runs to tens.
    pub max_pages: usize,
    /// CPU seconds reading one file may take, its OCR included, counted on
    /// every thread that works on it (so a busy batch does not cut a file
    /// short). A scanned page takes 0.5–1.5 s of OCR; the default of 120
    /// lets a 50-page scan through and stops a file of noise pages.
    pub max_file_seconds: u32,
    /// CPU seconds OCR may spend on one page, all its passes together
    /// (finding its orientation, reading it, its machine-readable zone).
    /// The slowest page among the fixtures' scans and photos takes 3.5 s;
    /// the default of 20 stops a page of crafted noise, which holds
    /// Tesseract for minutes, well inside the file's budget.
    pub max_page_seconds: u32,
}

impl Limits {
    /// Entries smaller than this are never refused for their ratio: a page
    /// of white compresses well and harms no one.
    pub const RATIO_FLOOR: u64 = 4 * 1024 * 1024;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_unpacked_bytes: 512 * 1024 * 1024,
            max_entries: 1000,
            max_ratio: 200,
            max_page_pixels: 100_000_000,
            max_pages: 300,
            max_file_seconds: 120,
            max_page_seconds: 20,
        }
    }
}
