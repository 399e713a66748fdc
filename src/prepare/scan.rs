//! A document's pages as images again, for the pack and the report's
//! pictures: decoded from their files, turned upright as OCR turned them,
//! cropped to the sheet, straightened, and blacked out where a redaction
//! masks.

use super::pdf::Sheet;
use super::{crop, straighten};
use crate::extract::{
    self, BoundingBox, ExtractError, FileBudget, GrayImage, Page, TextSource, WordBox,
};
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
    /// (from `budget`) to find where the secrets stand on it.
    pub fn redacted(
        self,
        redaction: &Redaction,
        budget: &FileBudget,
    ) -> Result<Self, ExtractError> {
        let Scan {
            mut image,
            mut words,
            page,
        } = self;
        if page.source != TextSource::Ocr {
            let (rotation, read) = extract::words_on(&image, budget)?;
            image = extract::turned(&image, rotation);
            words = read;
        }
        let zone_read = !page.mrz_readings.is_empty();
        let (masked, blackout) = redaction.on_page(&page.text, &words, zone_read);
        match blackout {
            Blackout::Boxes(boxes) => black_out(&mut image, &boxes),
            Blackout::Whole => image.fill(0),
        }
        Ok(Scan {
            image,
            words: masked,
            page,
        })
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
        let right = (b.x + b.width + PAD).min(image.width());
        let bottom = (b.y + b.height + PAD).min(image.height());
        for y in top..bottom {
            for x in left..right {
                image.put_pixel(x, y, image::Luma([0]));
            }
        }
    }
}
