//! The page images `report.html` shows: each page's thumbnail, and each
//! piece of evidence OCR placed on a page cut out, so that a finding can
//! be judged against the print it rests on without opening the scan.
//! Kept as small grey JPEGs, embedded in the page as data URIs (the
//! report opens offline and reaches no network).

use std::collections::BTreeMap;

use base64::Engine as _;
use image::imageops::{self, FilterType};

use crate::extract::{BoundingBox, GrayImage};

/// A thumbnail's width, in pixels: a page's layout and its stamps show,
/// its print does not need to.
const THUMBNAIL_WIDTH: u32 = 160;

/// A cut-out's widest, in pixels; a region narrower keeps its scan's own
/// resolution.
const CUTOUT_WIDTH: u32 = 640;

/// The pictures of a checked bundle's pages: thumbnails by their
/// document's place in the report and page number (two documents' names
/// may be one once redacted), cut-outs by the name the evidence gives the
/// document (a file, or pages of one, or photos joined), page and region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pictures {
    thumbnails: BTreeMap<(usize, u32), Vec<u8>>,
    cutouts: BTreeMap<(String, u32, [u32; 4]), Vec<u8>>,
}

impl Pictures {
    /// Page `number` of the report's `index`th document, named `document`,
    /// upright as it was read: its thumbnail, and each of `regions` on it
    /// cut out with a margin of half its height, so that the words around
    /// it show.
    pub fn add_page(
        &mut self,
        (index, document): (usize, &str),
        number: u32,
        page: &GrayImage,
        regions: &[BoundingBox],
    ) {
        let height = (page.height() * THUMBNAIL_WIDTH / page.width().max(1)).max(1);
        let thumbnail = imageops::resize(page, THUMBNAIL_WIDTH, height, FilterType::Triangle);
        self.thumbnails.insert((index, number), jpeg(&thumbnail));
        for &region in regions {
            if let Some(cutout) = cut_out(page, region) {
                self.cutouts
                    .insert((document.to_string(), number, key(region)), jpeg(&cutout));
            }
        }
    }

    /// Adds another bundle's share of pictures (a document's, made in
    /// parallel).
    pub fn extend(&mut self, other: Pictures) {
        self.thumbnails.extend(other.thumbnails);
        self.cutouts.extend(other.cutouts);
    }

    /// Page `number` of the report's `index`th document's thumbnail, as a
    /// data URI.
    pub(super) fn thumbnail(&self, index: usize, number: u32) -> Option<String> {
        let bytes = self.thumbnails.get(&(index, number))?;
        Some(data_uri(bytes))
    }

    /// The cut-out of `region` on page `number` of `document`, as a data
    /// URI.
    pub(super) fn cutout(
        &self,
        document: &str,
        number: u32,
        region: BoundingBox,
    ) -> Option<String> {
        let bytes = self
            .cutouts
            .get(&(document.to_string(), number, key(region)))?;
        Some(data_uri(bytes))
    }
}

fn key(region: BoundingBox) -> [u32; 4] {
    [region.x, region.y, region.width, region.height]
}

/// `region` and half its height around it, within the page; `None` when
/// the region lies off it.
fn cut_out(page: &GrayImage, region: BoundingBox) -> Option<GrayImage> {
    let margin = region.height / 2;
    let left = region.x.saturating_sub(margin);
    let top = region.y.saturating_sub(margin);
    let right = (region.x + region.width + margin).min(page.width());
    let bottom = (region.y + region.height + margin).min(page.height());
    if right <= left || bottom <= top {
        return None;
    }
    let cut = imageops::crop_imm(page, left, top, right - left, bottom - top).to_image();
    Some(match cut.width() > CUTOUT_WIDTH {
        true => {
            let height = (cut.height() * CUTOUT_WIDTH / cut.width()).max(1);
            imageops::resize(&cut, CUTOUT_WIDTH, height, FilterType::Triangle)
        }
        false => cut,
    })
}

/// The image as a grey JPEG at quality 75.
fn jpeg(image: &GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 75);
    // Encoding a grey image of a few hundred pixels into memory fails only
    // on a bug in the encoder; the report then shows no picture.
    if image.write_with_encoder(encoder).is_err() {
        bytes.clear();
    }
    bytes
}

fn data_uri(bytes: &[u8]) -> String {
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_cut_out_with_its_margin_and_an_off_page_one_is_not() {
        let page = GrayImage::from_pixel(400, 300, image::Luma([200]));
        let region = BoundingBox {
            x: 100,
            y: 100,
            width: 80,
            height: 20,
        };
        let cut = cut_out(&page, region).expect("on the page");
        assert_eq!((cut.width(), cut.height()), (100, 40));
        let off = BoundingBox { x: 500, ..region };
        assert_eq!(cut_out(&page, off), None);
        let mut pictures = Pictures::default();
        pictures.add_page((0, "scan.jpg"), 1, &page, &[region, off]);
        assert!(pictures.thumbnail(0, 1).is_some());
        assert!(
            pictures
                .cutout("scan.jpg", 1, region)
                .is_some_and(|uri| uri.starts_with("data:image/jpeg;base64,/9j/"))
        );
        assert_eq!(pictures.cutout("scan.jpg", 1, off), None);
    }
}
