//! What a page draws, walked before the page is rendered. hayro inflates
//! streams and rasterises paths without limits of its own (one page of
//! 100,000 strokes cost it 2.6 GB and then a panic), so a page whose
//! drawing would cost too much is refused here, before hayro meets it.

use std::collections::HashMap;
use std::io::Read;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, ObjectId, Stream};

use crate::extract::image as raster;

/// Paths a page rendered for OCR may paint. Text drawn as outlines paints
/// one path a glyph, a few thousand on a dense page; hayro spends about
/// 26 KB a page-long stroke, so this caps a hostile page near 260 MB.
const MAX_PAINTED_PATHS: usize = 10_000;

/// Bytes of content a page may decompress to, its forms' included. A
/// dense page of text is 50–200 KB of content and a scanner's page under
/// 1 KB; decoding content into operations takes about 60 bytes an
/// operation, so a hostile page costs under 150 MB to walk.
pub(super) const MAX_DRAWING_BYTES: usize = 4 * 1024 * 1024;

/// How deep forms inside forms are followed; a form that draws itself
/// reaches it.
const FORM_DEPTH: u8 = 8;

/// Whether a content operator paints a path: stroke, fill or both.
fn paints(operator: &str) -> bool {
    matches!(
        operator,
        "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*"
    )
}

/// Whether content draws nothing: no operator that paints, shows text or
/// places an image. Content that does not decode is taken to draw
/// something, for the renderer to make what it can of.
pub(super) fn is_blank(content: &[u8]) -> bool {
    let shows = |op: &str| matches!(op, "Tj" | "TJ" | "'" | "\"" | "Do" | "sh" | "BI");
    Content::decode(content).is_ok_and(|content| {
        !content
            .operations
            .iter()
            .any(|op| paints(&op.operator) || shows(&op.operator))
    })
}

/// Refuses a page whose drawing would cost the renderer too much: more
/// than [`MAX_PAINTED_PATHS`] paths (its forms' counted each time they
/// are drawn), an image over `max_pixels` or whose data inflates past
/// its size (in a form or inline too), more than [`MAX_DRAWING_BYTES`]
/// of content, or forms nested deeper than [`FORM_DEPTH`]. The reason
/// completes «page N …».
pub(super) fn check(
    document: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    max_pixels: u64,
) -> Result<(), String> {
    let mut walk = Walk {
        document,
        max_pixels,
        decoded: 0,
        forms: HashMap::new(),
    };
    walk.paths(content, resources, 0).map(drop)
}

/// One page's walk: what it has decoded so far, and the paths each form
/// paints (a form drawn a million times is walked once).
struct Walk<'a> {
    document: &'a Document,
    max_pixels: u64,
    decoded: usize,
    forms: HashMap<ObjectId, usize>,
}

impl Walk<'_> {
    /// Paths `content` paints, its forms' included.
    fn paths(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        depth: u8,
    ) -> Result<usize, String> {
        self.decoded += content.len();
        if self.decoded > MAX_DRAWING_BYTES {
            return Err(format!(
                "draws over {} MiB of content, its forms' included",
                MAX_DRAWING_BYTES >> 20
            ));
        }
        let Ok(content) = Content::decode(content) else {
            return Ok(0);
        };
        let mut painted = 0usize;
        for operation in &content.operations {
            match (operation.operator.as_str(), operation.operands.as_slice()) {
                (operator, _) if paints(operator) => painted += 1,
                ("BI", [lopdf::Object::Stream(image)]) => self.image(image, b"W", b"H")?,
                ("Do", [name, ..]) => {
                    let Ok(name) = name.as_name() else { continue };
                    painted = painted.saturating_add(self.xobject(resources, name, depth)?);
                }
                _ => {}
            }
            if painted > MAX_PAINTED_PATHS {
                return Err(format!("paints over {MAX_PAINTED_PATHS} paths"));
            }
        }
        Ok(painted)
    }

    /// Paths an XObject of `resources` paints: a form's, walked once; an
    /// image is checked and paints none.
    fn xobject(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        depth: u8,
    ) -> Result<usize, String> {
        let document = self.document;
        let Some(reference) = resources
            .and_then(|resources| document.get_dict_in_dict(resources, b"XObject").ok())
            .and_then(|xobjects| xobjects.get(name).ok())
        else {
            return Ok(0);
        };
        let Ok((id, object)) = document.dereference(reference) else {
            return Ok(0);
        };
        let Ok(stream) = object.as_stream() else {
            return Ok(0);
        };
        match stream.dict.get(b"Subtype").and_then(|s| s.as_name()) {
            Ok(b"Image") => self.image(stream, b"Width", b"Height").map(|()| 0),
            Ok(b"Form") => {
                if let Some(&painted) = id.and_then(|id| self.forms.get(&id)) {
                    return Ok(painted);
                }
                if depth >= FORM_DEPTH {
                    return Err(format!("draws forms nested over {FORM_DEPTH} deep"));
                }
                let left = MAX_DRAWING_BYTES.saturating_sub(self.decoded);
                let content = match stream.decompressed_content_with_limit(left) {
                    Ok(content) => content,
                    Err(lopdf::Error::Decompress(
                        lopdf::DecompressError::MemoryLimitExceeded { .. },
                    )) => {
                        return Err(format!(
                            "draws over {} MiB of content, its forms' included",
                            MAX_DRAWING_BYTES >> 20
                        ));
                    }
                    // Undecodable: the renderer will not draw it either.
                    Err(_) => return Ok(0),
                };
                let inner = document.get_dict_in_dict(&stream.dict, b"Resources").ok();
                let painted = self.paths(&content, inner.or(resources), depth + 1)?;
                if let Some(id) = id {
                    self.forms.insert(id, painted);
                }
                Ok(painted)
            }
            _ => Ok(0),
        }
    }

    /// Refuses an image over the pixel limit, or whose deflated data
    /// inflates past what its size needs (eight bytes a pixel: four
    /// channels of 16 bits).
    fn image(&self, image: &Stream, width: &[u8], height: &[u8]) -> Result<(), String> {
        let side = |key: &[u8], long: &[u8]| {
            let value = image.dict.get(key).or_else(|_| image.dict.get(long)).ok()?;
            value
                .as_i64()
                .ok()
                .or_else(|| value.as_float().ok().map(|v| v as i64))
        };
        let (Some(w), Some(h)) = (side(width, b"Width"), side(height, b"Height")) else {
            return Ok(());
        };
        let fit = |side: i64| u32::try_from(side.max(0)).unwrap_or(u32::MAX);
        raster::check_size(fit(w), fit(h), self.max_pixels)
            .map_err(|err| format!("shows {err}"))?;
        // Inline images abbreviate the key and the name (`/F /Fl`).
        let filter = image.dict.get(b"Filter").or_else(|_| image.dict.get(b"F"));
        let first = filter.ok().and_then(|filter| match filter {
            lopdf::Object::Array(filters) => filters.first().and_then(|f| f.as_name().ok()),
            other => other.as_name().ok(),
        });
        let flate = matches!(first, Some(b"FlateDecode" | b"Fl"));
        if flate {
            let most = u64::from(fit(w)) * u64::from(fit(h)) * 8 + (1 << 20);
            let inflated = std::io::copy(
                &mut flate2::read::ZlibDecoder::new(image.content.as_slice()).take(most + 1),
                &mut std::io::sink(),
            )
            .unwrap_or(0);
            if inflated > most {
                return Err("shows an image whose data inflates far past its size".into());
            }
        }
        Ok(())
    }
}
