//! A document's pages as images again, for the pack and the report's
//! pictures: decoded from their files, turned upright as OCR turned them,
//! cropped to the sheet, straightened, and blacked out where a redaction
//! masks.

use super::pdf::Sheet;
use super::{crop, straighten};
use crate::Limits;
use crate::extract::{self, BoundingBox, FileBudget, GrayImage, Page, TextSource, WordBox};
use crate::redact::{Blackout, Redaction};

/// One page's image, upright, with the words OCR read on it (in its
/// pixels) and the page it was read as.
pub(super) struct Scan<'a> {
    pub image: GrayImage,
    pub words: Vec<WordBox>,
    pub page: &'a Page,
}

impl<'a> Scan<'a> {
    /// `image` as the check read `page`: turned upright.
    pub fn new(image: &GrayImage, page: &'a Page) -> Self {
        Scan {
            image: extract::turned(image, page.rotation),
            words: page.words.clone(),
            page,
        }
    }

    /// Without a scanner's dark border, its words moved with it.
    pub fn cropped(self) -> Self {
        let (image, words) = crop::cropped(self.image, self.words);
        Scan {
            image,
            words,
            ..self
        }
    }

    /// Turned so that its lines of print run level, its words with it.
    pub fn straightened(self) -> Self {
        let (image, words) = straighten::straightened(self.image, self.words);
        Scan {
            image,
            words,
            ..self
        }
    }

    /// Blacked out where `redaction` masks, its words masked. A typed
    /// page's text layer places nothing, so its image is read by OCR
    /// (within the limits) to find where the secrets stand on it; a page
    /// that cannot be read so is blacked out whole.
    pub fn redacted(self, redaction: &Redaction, limits: &Limits) -> Self {
        let Scan {
            mut image,
            mut words,
            page,
        } = self;
        let mut zone_lines = page.mrz_readings.last().map_or(0, Vec::len);
        let mut unread = false;
        if page.source != TextSource::Ocr {
            // Each page its own budget: the check read the file whole, and
            // a long typed PDF would spend one file's time in a few pages.
            match extract::read_image(&image, &FileBudget::new(limits)) {
                Ok(read) => {
                    image = extract::turned(&image, read.rotation);
                    zone_lines = read.mrz_readings.last().map_or(0, Vec::len);
                    words = read.words;
                }
                Err(_) => unread = true,
            }
        }
        let (masked, blackout) = match unread {
            true => (Vec::new(), Blackout::Whole),
            false => redaction.on_page(&page.text, &words, zone_lines),
        };
        match blackout {
            Blackout::Boxes(boxes) => black_out(&mut image, &boxes),
            Blackout::Whole => image.fill(0),
        }
        Scan {
            image,
            words: masked,
            page,
        }
    }

    /// The sheet the pack draws: the image under the words OCR read, or,
    /// for a typed page, under its text (masked as `redaction` masks).
    pub fn sheet(self, redaction: Option<&Redaction>) -> Sheet {
        let typed = match self.page.source {
            TextSource::Ocr => String::new(),
            _ => match redaction {
                Some(redaction) => redaction.text(&self.page.text),
                None => self.page.text.clone(),
            },
        };
        Sheet::Scan {
            image: self.image,
            // A typed page's own text is drawn under it, not OCR's.
            words: match typed.is_empty() {
                true => self.words,
                false => Vec::new(),
            },
            typed,
        }
    }
}

/// Black boxes over `boxes`, a few pixels wider each way: a box OCR drew
/// tight can leave a stroke of the first or last character showing.
fn black_out(image: &mut GrayImage, boxes: &[BoundingBox]) {
    const PAD: u32 = 3;
    for b in boxes {
        let (left, top) = (b.x.saturating_sub(PAD), b.y.saturating_sub(PAD));
        let right =
            b.x.saturating_add(b.width)
                .saturating_add(PAD)
                .min(image.width());
        let bottom =
            b.y.saturating_add(b.height)
                .saturating_add(PAD)
                .min(image.height());
        for y in top..bottom {
            for x in left..right {
                image.put_pixel(x, y, image::Luma([0]));
            }
        }
    }
}
