//! DOCX and ODT: the text of the document XML, laid out as the later stages
//! read a PDF's text layer: a paragraph a line, a table row a line with its
//! cells three spaces apart, and a page wherever the word processor last
//! broke one.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{ExtractError, Page, TextSource};

/// The document XML of a letter runs to kilobytes and a long contract's to a
/// few megabytes; anything past this, all parts together, is not a
/// document a client wrote.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Headers and footers a Word document may have: one a section and kind
/// (first page, even, odd), and a contract has a few sections.
const MAX_MARGIN_PARTS: usize = 30;

/// The word processor whose markup a document is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    Docx,
    Odt,
}

impl Office {
    /// The parts holding the text, in reading order: Word keeps headers and
    /// footers (where a registration stamp may be typed) apart from the body.
    fn parts(self, names: &[String], main: Option<String>) -> Vec<String> {
        match self {
            Office::Docx => {
                let mut parts = vec![main.unwrap_or_else(|| "word/document.xml".to_string())];
                let mut margins: Vec<String> = names
                    .iter()
                    .filter(|name| is_margin_part(name))
                    .cloned()
                    .collect();
                margins.sort();
                margins.truncate(MAX_MARGIN_PARTS);
                parts.extend(margins);
                parts
            }
            Office::Odt => vec!["content.xml".to_string()],
        }
    }

    fn source(self) -> TextSource {
        match self {
            Office::Docx => TextSource::Docx,
            Office::Odt => TextSource::Odt,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Office::Docx => "DOCX",
            Office::Odt => "ODT",
        }
    }
}

/// `word/header3.xml`, `word/footer12.xml`: a header or footer part.
fn is_margin_part(name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix("word/header")
        .or_else(|| name.strip_prefix("word/footer"))
    else {
        return false;
    };
    rest.strip_suffix(".xml")
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads the document's pages of text.
pub fn extract(bytes: &[u8], office: Office) -> Result<Vec<Page>, ExtractError> {
    let corrupt = |detail: String| ExtractError::Corrupt {
        kind: office.label(),
        detail,
    };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| corrupt(err.to_string()))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    let mut text = Text::default();
    let mut left = MAX_XML_BYTES;
    let main = match office {
        Office::Docx => crate::discover::docx_main_part(&mut zip),
        Office::Odt => None,
    };
    for part in office.parts(&names, main) {
        let Ok(entry) = zip.by_name(&part) else {
            continue;
        };
        let mut xml = Vec::new();
        entry
            .take(left + 1)
            .read_to_end(&mut xml)
            .map_err(|err| corrupt(format!("{part}: {err}")))?;
        left = left.checked_sub(xml.len() as u64).ok_or_else(|| {
            ExtractError::OverLimit(format!(
                "the document's text runs past {MAX_XML_BYTES} bytes of XML"
            ))
        })?;
        text.read(&xml, office)
            .map_err(|err| corrupt(format!("{part}: {err}")))?;
    }
    let pages: Vec<Page> = (1..)
        .zip(text.pages())
        .map(|(number, text)| Page {
            source: office.source(),
            ..Page::text_layer(number, text)
        })
        .collect();
    if pages.is_empty() {
        return Err(corrupt("no text".into()));
    }
    Ok(pages)
}

/// Text gathered from the markup, page by page.
#[derive(Default)]
struct Text {
    pages: Vec<String>,
    current: String,
    /// Inside an element whose character data is the document's text
    /// (`w:t`); ODT paragraphs hold their text directly.
    in_text: bool,
    /// Nesting of table cells: inside one, a paragraph ends with a space.
    cells: usize,
    /// Nesting of paragraphs (ODT's text:p/text:h).
    paragraphs: usize,
    /// Inside a paragraph's tab stops (`w:tabs`), whose `w:tab`s are
    /// positions, not tabs.
    in_tab_stops: bool,
}

impl Text {
    fn read(&mut self, xml: &[u8], office: Office) -> Result<(), quick_xml::Error> {
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf)? {
                Event::Start(tag) => self.open(&tag, office),
                Event::Empty(tag) => self.mark(&tag, office),
                Event::End(tag) => self.close(tag.local_name().as_ref(), office),
                Event::Text(text) if self.takes_text(office) => {
                    self.current.push_str(&text.decode().unwrap_or_default());
                }
                Event::GeneralRef(reference) if self.takes_text(office) => {
                    self.push_reference(&reference);
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        self.end_line();
        Ok(())
    }

    fn takes_text(&self, office: Office) -> bool {
        match office {
            Office::Docx => self.in_text,
            Office::Odt => self.paragraphs > 0,
        }
    }

    fn push_reference(&mut self, reference: &quick_xml::events::BytesRef) {
        if let Ok(Some(c)) = reference.resolve_char_ref() {
            self.current.push(c);
        } else if let Ok(name) = reference.decode() {
            let resolved = quick_xml::escape::resolve_predefined_entity(&name);
            self.current.push_str(resolved.unwrap_or_default());
        }
    }

    fn open(&mut self, tag: &BytesStart, office: Office) {
        match (office, tag.local_name().as_ref()) {
            (Office::Docx, b"t") => self.in_text = true,
            (Office::Docx, b"tabs") => self.in_tab_stops = true,
            (Office::Docx, b"tc") | (Office::Odt, b"table-cell") => self.cells += 1,
            (Office::Odt, b"p" | b"h") => self.paragraphs += 1,
            _ => self.mark(tag, office),
        }
    }

    /// An element without content: a tab, a break, a run of spaces.
    fn mark(&mut self, tag: &BytesStart, office: Office) {
        match (office, tag.local_name().as_ref()) {
            (Office::Docx, b"tab") if self.in_tab_stops => {}
            (Office::Docx, b"tab") | (Office::Odt, b"tab") => self.current.push('\t'),
            (Office::Docx, b"br") if attribute(tag, b"type").as_deref() == Some("page") => {
                self.break_page();
            }
            (Office::Docx, b"br" | b"cr") | (Office::Odt, b"line-break") => self.end_line(),
            (Office::Docx, b"lastRenderedPageBreak") | (Office::Odt, b"soft-page-break") => {
                self.break_page();
            }
            (Office::Odt, b"s") => {
                let count = attribute(tag, b"c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1);
                self.current.push_str(&" ".repeat(count.min(100)));
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8], office: Office) {
        match (office, name) {
            (Office::Docx, b"t") => self.in_text = false,
            (Office::Docx, b"tabs") => self.in_tab_stops = false,
            (Office::Docx, b"p") => self.end_paragraph(),
            (Office::Odt, b"p" | b"h") => {
                self.paragraphs = self.paragraphs.saturating_sub(1);
                self.end_paragraph();
            }
            (Office::Docx, b"tc") | (Office::Odt, b"table-cell") => {
                self.cells = self.cells.saturating_sub(1);
                self.current.truncate(self.current.trim_end().len());
                self.current.push_str("   ");
            }
            (Office::Docx, b"tr") | (Office::Odt, b"table-row") => self.end_line(),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        if self.cells > 0 {
            self.current.push(' ');
        } else {
            self.end_line();
        }
    }

    fn end_line(&mut self) {
        let line = self.current.trim_end();
        if !line.is_empty() {
            let page = self.pages.last_mut();
            match page {
                Some(page) => {
                    page.push_str(line);
                    page.push('\n');
                }
                None => self.pages.push(format!("{line}\n")),
            }
        }
        self.current.clear();
    }

    /// Starts a new page, unless the current one is still empty (Word marks
    /// a rendered break at the top of the page it starts).
    fn break_page(&mut self) {
        self.end_line();
        if self.pages.last().is_some_and(|page| !page.is_empty()) {
            self.pages.push(String::new());
        }
    }

    fn pages(self) -> Vec<String> {
        self.pages
            .into_iter()
            .filter(|page| !page.trim().is_empty())
            .collect()
    }
}

fn attribute(tag: &BytesStart, name: &[u8]) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == name)
        .and_then(|attribute| {
            attribute
                .unescape_value()
                .ok()
                .map(|value| value.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_part_is_where_the_package_says() {
        use std::io::Write;
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>"#;
        let body = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>ТРУДОВОЙ ДОГОВОР № 15</w:t></w:r></w:p></w:body></w:document>"#;
        let package = |kind: &str| {
            let types = format!(
                r#"<Types><Override PartName="/word/main.xml" ContentType="application/vnd.openxmlformats-officedocument.{kind}.main+xml"/></Types>"#
            );
            let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (name, xml) in [
                ("[Content_Types].xml", types.as_str()),
                ("_rels/.rels", rels),
                ("word/main.xml", body),
            ] {
                let options = zip::write::SimpleFileOptions::default();
                writer.start_file(name, options).unwrap();
                writer.write_all(xml.as_bytes()).unwrap();
            }
            writer.finish().unwrap().into_inner()
        };
        let docx = package("wordprocessingml.document");
        assert_eq!(
            crate::discover::sniff(&docx),
            Some(crate::discover::ContentType::Docx)
        );
        let pages = extract(&docx, Office::Docx).unwrap();
        assert_eq!(pages[0].text.trim(), "ТРУДОВОЙ ДОГОВОР № 15");
        // A workbook names its main part the same way.
        assert_eq!(
            crate::discover::sniff(&package("spreadsheetml.sheet")),
            None
        );
    }

    fn read(xml: &str, office: Office) -> Vec<String> {
        let mut text = Text::default();
        text.read(xml.as_bytes(), office).unwrap();
        text.pages()
    }

    #[test]
    fn docx_paragraphs_tables_and_page_breaks() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>ТРУДОВОЙ ДОГОВОР</w:t></w:r><w:r><w:t xml:space="preserve"> № 5</w:t></w:r></w:p>
            <w:p><w:r><w:instrText>PAGE</w:instrText><w:t>Иванов &amp; Ко</w:t><w:tab/><w:t>&#1040;</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Дата окончания</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>31.10.2027</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:br w:type="page"/><w:t>Стр. 2</w:t></w:r></w:p>
        </w:body></w:document>"#;
        assert_eq!(
            read(xml, Office::Docx),
            [
                "ТРУДОВОЙ ДОГОВОР № 5\nИванов & Ко\tА\nДата окончания   31.10.2027\n",
                "Стр. 2\n"
            ]
        );
    }

    #[test]
    fn odt_paragraphs_spaces_and_cells() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b">
            <office:body><office:text>
            <text:h>ХОДАТАЙСТВО</text:h>
            <text:p>от<text:s text:c="3"/>05.11.2026<text:line-break/>ТОО «Степной Код»</text:p>
            <table:table><table:table-row><table:table-cell><text:p>БИН</text:p></table:table-cell>
            <table:table-cell><text:p>180240012342</text:p></table:table-cell></table:table-row></table:table>
            </office:text></office:body></office:document-content>"#;
        assert_eq!(
            read(xml, Office::Odt),
            ["ХОДАТАЙСТВО\nот   05.11.2026\nТОО «Степной Код»\nБИН   180240012342\n"]
        );
    }
}
