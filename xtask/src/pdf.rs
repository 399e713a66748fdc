//! Writes the two kinds of PDF clients send: one with a text layer (exported
//! from a word processor: a subset TrueType font, Identity-H encoding and a
//! ToUnicode map, as LibreOffice writes them) and one made of scans.

use std::collections::BTreeMap;

use ab_glyph::{Font, FontArc, GlyphId};
use image::GrayImage;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};
use subsetter::GlyphRemapper;

use crate::layout::{self, Doc, Fonts, Style};
use crate::raster;

/// A text-layer PDF of one or more documents as pages.
pub fn text_pdf(docs: &[&Doc], fonts: &Fonts) -> Vec<u8> {
    text_pdf_mapped(docs, fonts, true)
}

/// A PDF whose fonts carry no ToUnicode map, as some generators and PDF
/// "printers" write them: it shows the text, but its text layer decodes to
/// glyph numbers, not words.
pub fn text_pdf_without_unicode_map(docs: &[&Doc], fonts: &Fonts) -> Vec<u8> {
    text_pdf_mapped(docs, fonts, false)
}

fn text_pdf_mapped(docs: &[&Doc], fonts: &Fonts, unicode_map: bool) -> Vec<u8> {
    let mut pdf = Document::with_version("1.7");
    let pages_id = pdf.new_object_id();
    let mut regular = EmbeddedFont::new(&fonts.regular, &fonts.regular_bytes, "DejaVuSans");
    let mut bold = EmbeddedFont::new(&fonts.bold, &fonts.bold_bytes, "DejaVuSans-Bold");
    let mut page_contents = Vec::new();
    for doc in docs {
        let mut operations = Vec::new();
        for placed in layout::layout(doc, fonts) {
            // OCR-B has no Cyrillic and PDFs never carry an MRZ as text in
            // practice; the text layer writes it in the regular font.
            let (font, name) = match placed.style {
                Style::Title | Style::Heading => (&mut bold, "F2"),
                _ => (&mut regular, "F1"),
            };
            let height = layout::page_height(doc);
            operations.extend([
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec![name.into(), layout::size(placed.style).into()]),
                Operation::new(
                    "Td",
                    vec![placed.x.into(), (height - placed.baseline).into()],
                ),
                Operation::new(
                    "Tj",
                    vec![Object::String(
                        font.encode(&placed.text),
                        lopdf::StringFormat::Hexadecimal,
                    )],
                ),
                Operation::new("ET", vec![]),
            ]);
        }
        page_contents.push((layout::page_height(doc), Content { operations }));
    }
    let regular_id = regular.write(&mut pdf, unicode_map);
    let bold_id = bold.write(&mut pdf, unicode_map);
    let resources = pdf.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular_id, "F2" => bold_id },
    });
    let mut kids = Vec::new();
    for (height, content) in page_contents {
        let content_id = pdf.add_object(compressed(content.encode().expect("content encodes")));
        kids.push(Object::from(pdf.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), layout::PAGE_WIDTH.into(), height.into()],
            "Contents" => content_id,
            "Resources" => resources,
        })));
    }
    finish(pdf, pages_id, kids)
}

/// A PDF whose pages are JPEG scans, sized to their pixels at the scan DPI.
pub fn scanned_pdf(pages: &[GrayImage], quality: u8) -> Vec<u8> {
    scanned_pdf_typed_over(pages, quality, None, false)
}

/// A one-page scan with a line typed over it near its foot, as a back
/// office's PDF editor adds a registration stamp: the scan has no text
/// layer of its own, the stamp is the only text there is.
pub fn stamped_scan(page: &GrayImage, stamp: &str, fonts: &Fonts) -> Vec<u8> {
    scanned_pdf_typed_over(std::slice::from_ref(page), 65, Some((stamp, fonts)), false)
}

/// A one-page scan under an invisible text layer that says `text`, as a
/// scanner's "searchable PDF" writes its OCR; here a layer that is wrong.
pub fn scan_under_text(page: &GrayImage, text: &str, fonts: &Fonts) -> Vec<u8> {
    scanned_pdf_typed_over(std::slice::from_ref(page), 65, Some((text, fonts)), true)
}

fn scanned_pdf_typed_over(
    pages: &[GrayImage],
    quality: u8,
    typed: Option<(&str, &Fonts)>,
    invisible: bool,
) -> Vec<u8> {
    let mut pdf = Document::with_version("1.5");
    let pages_id = pdf.new_object_id();
    let mut kids = Vec::new();
    let mut font = typed
        .map(|(_, fonts)| EmbeddedFont::new(&fonts.regular, &fonts.regular_bytes, "DejaVuSans"));
    let mut stamp = Vec::new();
    if let (Some((text, _)), Some(font)) = (typed, font.as_mut()) {
        stamp = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tr", vec![if invisible { 3 } else { 0 }.into()]),
            Operation::new("Tf", vec!["F1".into(), 9.into()]),
            Operation::new("Td", vec![40.into(), 30.into()]),
            Operation::new(
                "Tj",
                vec![Object::String(
                    font.encode(text),
                    lopdf::StringFormat::Hexadecimal,
                )],
            ),
            Operation::new("ET", vec![]),
        ];
    }
    let font_id = font.map(|font| font.write(&mut pdf, true));
    for page in pages {
        let (width_pt, height_pt) = (
            page.width() as f32 * 72.0 / raster::DPI,
            page.height() as f32 * 72.0 / raster::DPI,
        );
        let image_id = pdf.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => page.width(),
                "Height" => page.height(),
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            raster::jpeg(page, quality),
        ));
        let content = Content {
            operations: vec![
                Operation::new("q", vec![]),
                Operation::new(
                    "cm",
                    vec![
                        width_pt.into(),
                        0.into(),
                        0.into(),
                        height_pt.into(),
                        0.into(),
                        0.into(),
                    ],
                ),
                Operation::new("Do", vec!["Im1".into()]),
                Operation::new("Q", vec![]),
            ]
            .into_iter()
            .chain(stamp.iter().cloned())
            .collect::<Vec<_>>(),
        };
        let content_id = pdf.add_object(Stream::new(
            dictionary! {},
            content.encode().expect("content encodes"),
        ));
        let mut resources = dictionary! { "XObject" => dictionary! { "Im1" => image_id } };
        if let Some(font_id) = font_id {
            resources.set("Font", dictionary! { "F1" => font_id });
        }
        kids.push(Object::from(pdf.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), width_pt.into(), height_pt.into()],
            "Contents" => content_id,
            "Resources" => resources,
        })));
    }
    finish(pdf, pages_id, kids)
}

/// A PDF that declares standard encryption with a user password we do not
/// know: the page content cannot be read without it.
pub fn encrypted_pdf(plain: &[u8]) -> Vec<u8> {
    let mut pdf = Document::load_mem(plain).expect("our own PDF loads");
    let encrypt = pdf.add_object(dictionary! {
        "Filter" => "Standard",
        "V" => 1,
        "R" => 2,
        "O" => Object::String(vec![0x4F; 32], lopdf::StringFormat::Hexadecimal),
        "U" => Object::String(vec![0x55; 32], lopdf::StringFormat::Hexadecimal),
        "P" => -4,
    });
    pdf.trailer.set("Encrypt", encrypt);
    pdf.trailer.set(
        "ID",
        vec![Object::String(vec![7; 16], lopdf::StringFormat::Hexadecimal); 2],
    );
    save(&mut pdf)
}

fn finish(mut pdf: Document, pages_id: ObjectId, kids: Vec<Object>) -> Vec<u8> {
    let count = kids.len() as i64;
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    pdf.trailer.set("Root", catalog);
    // A fixed ID keeps regenerated fixtures byte-identical.
    pdf.trailer.set(
        "ID",
        vec![Object::String(vec![1; 16], lopdf::StringFormat::Hexadecimal); 2],
    );
    save(&mut pdf)
}

/// A Flate-compressed stream, as every PDF writer stores content.
fn compressed(content: Vec<u8>) -> Stream {
    let mut stream = Stream::new(dictionary! {}, content);
    stream.compress().expect("in-memory deflate");
    stream
}

fn save(pdf: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).expect("in-memory PDF");
    bytes
}

/// A TrueType font embedded as a subset, with what a reader needs to turn
/// glyphs back into text.
struct EmbeddedFont<'a> {
    font: &'a FontArc,
    bytes: &'a [u8],
    name: &'static str,
    remapper: GlyphRemapper,
    /// New glyph id → (old glyph id, the character it shows).
    glyphs: BTreeMap<u16, (GlyphId, char)>,
}

impl<'a> EmbeddedFont<'a> {
    fn new(font: &'a FontArc, bytes: &'a [u8], name: &'static str) -> Self {
        EmbeddedFont {
            font,
            bytes,
            name,
            remapper: GlyphRemapper::new(),
            glyphs: BTreeMap::new(),
        }
    }

    /// Two bytes a character: the subset's glyph id (Identity-H).
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        for c in text.chars() {
            let old = self.font.glyph_id(c);
            let new = self.remapper.remap(old.0);
            self.glyphs.entry(new).or_insert((old, c));
            bytes.extend(new.to_be_bytes());
        }
        bytes
    }

    fn write(&self, pdf: &mut Document, unicode_map: bool) -> ObjectId {
        let subset = subsetter::subset(self.bytes, 0, &self.remapper).expect("DejaVu subsets");
        let units = self.font.units_per_em().unwrap_or(2048.0);
        let to_pdf = |v: f32| (v / units * 1000.0).round() as i64;
        let widths: Vec<Object> = self
            .glyphs
            .iter()
            .flat_map(|(&new, &(old, _))| {
                [
                    Object::from(i64::from(new)),
                    Object::Array(vec![to_pdf(self.font.h_advance_unscaled(old)).into()]),
                ]
            })
            .collect();
        let file = pdf.add_object(compressed(subset));
        let base_font = format!("AAAAAA+{}", self.name);
        let descriptor = pdf.add_object(dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => Object::Name(base_font.clone().into_bytes()),
            "Flags" => 32,
            "FontBBox" => vec![(-1021).into(), (-463).into(), 1793.into(), 1232.into()],
            "ItalicAngle" => 0,
            "Ascent" => to_pdf(self.font.ascent_unscaled()),
            "Descent" => to_pdf(self.font.descent_unscaled()),
            "CapHeight" => 729,
            "StemV" => 80,
            "FontFile2" => file,
        });
        let cid_font = pdf.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => Object::Name(base_font.clone().into_bytes()),
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor,
            "W" => widths,
            "CIDToGIDMap" => "Identity",
        });
        let mut font = Dictionary::from_iter([
            ("Type", Object::from("Font")),
            ("Subtype", "Type0".into()),
            ("BaseFont", Object::Name(base_font.into_bytes())),
            ("Encoding", "Identity-H".into()),
            ("DescendantFonts", vec![cid_font.into()].into()),
        ]);
        if unicode_map {
            let to_unicode = pdf.add_object(compressed(self.cmap().into_bytes()));
            font.set("ToUnicode", to_unicode);
        }
        pdf.add_object(font)
    }

    fn cmap(&self) -> String {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<_> = self.glyphs.iter().collect();
        for chunk in entries.chunks(100) {
            cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (new, (_, c)) in chunk {
                let utf16: String = c
                    .encode_utf16(&mut [0; 2])
                    .iter()
                    .map(|unit| format!("{unit:04X}"))
                    .collect();
                cmap.push_str(&format!("<{new:04X}> <{utf16}>\n"));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        cmap
    }
}

/// A one-page PDF drawing `content` (raw operators, deflated) with
/// `resources`: the hostile inputs' pages.
pub fn drawn_pdf(content: Vec<u8>, resources: Dictionary) -> Vec<u8> {
    one_page(Document::with_version("1.4"), content, resources)
}

/// A PDF whose page shows one 1-bit image that declares `side` × `side`
/// pixels and holds a few bytes of them.
pub fn declared_image_pdf(side: i64) -> Vec<u8> {
    let mut image = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => side,
            "Height" => side,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 1,
        },
        vec![0xFF; 64],
    );
    image.compress().expect("in-memory deflate");
    let mut pdf = Document::with_version("1.4");
    let image = pdf.add_object(image);
    let content = b"q 600 0 0 800 0 0 cm /Im1 Do Q".to_vec();
    one_page(
        pdf,
        content,
        dictionary! { "XObject" => dictionary! { "Im1" => image } },
    )
}

/// A PDF of `count` pages that draw nothing.
pub fn blank_pages_pdf(count: usize) -> Vec<u8> {
    let mut pdf = Document::with_version("1.4");
    let pages_id = pdf.new_object_id();
    let kids = (0..count)
        .map(|_| Object::from(pdf.add_object(hostile_page(pages_id, None, Dictionary::new()))))
        .collect();
    finish(pdf, pages_id, kids)
}

/// A one-page PDF that draws a Form XObject whose content is `form`.
pub fn form_pdf(form: Vec<u8>) -> Vec<u8> {
    let mut stream = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
        },
        form,
    );
    stream.compress().expect("in-memory deflate");
    let mut pdf = Document::with_version("1.4");
    let form = pdf.add_object(stream);
    let resources = dictionary! { "XObject" => dictionary! { "Fm0" => form } };
    one_page(pdf, b"/Fm0 Do".to_vec(), resources)
}

/// `pdf` finished with one 600 × 800 page drawing `content`.
fn one_page(mut pdf: Document, content: Vec<u8>, resources: Dictionary) -> Vec<u8> {
    let pages_id = pdf.new_object_id();
    let content = pdf.add_object(compressed(content));
    let page = pdf.add_object(hostile_page(pages_id, Some(content), resources));
    finish(pdf, pages_id, vec![page.into()])
}

fn hostile_page(parent: ObjectId, content: Option<ObjectId>, resources: Dictionary) -> Dictionary {
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => parent,
        "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
    };
    if let Some(content) = content {
        page.set("Contents", content);
        page.set("Resources", resources);
    }
    page
}
