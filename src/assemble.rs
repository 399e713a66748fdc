//! Between the stages: a file's pages become documents. One file is one
//! document, or several when it is a scanned stack; several files are one
//! document when they are its pages photographed one a file. Each
//! document is then classified and its fields read.

use std::path::Path;

use chrono::NaiveDate;

use crate::discover::{self, SourceFile};
use crate::fields::{self, Document};
use crate::{Analysed, Error, Run, Unreadable, classify, extract, mrz};

/// Runs extract, classify and fields over one file, found at `path`: one
/// document, or each document of a scanned stack. Only an OCR engine that
/// cannot start or dictionaries that are missing are errors; anything wrong
/// with the file is [`Analysed::Unreadable`], a panic while reading it (a
/// bug, here or in a decoder: hayro's rasteriser panics on 100,000 strokes
/// of one page) included, so one file never costs the rest of the run.
pub(crate) fn analyse(file: &SourceFile, path: &Path, run: Run) -> Result<Vec<Analysed>, Error> {
    crate::isolated(|| analyse_file(file, path, run)).unwrap_or_else(|panic| {
        Ok(vec![Analysed::Unreadable(Unreadable {
            path: file.path.clone(),
            reason: extract::ExtractError::Internal(panic).to_string(),
            fix: Some(
                "Report it to dossier's maintainers with the file if you may share it; meanwhile rescan or re-export the file.".into(),
            ),
        })])
    })
}

fn analyse_file(file: &SourceFile, path: &Path, run: Run) -> Result<Vec<Analysed>, Error> {
    let as_of = run.as_of;
    let budget = extract::FileBudget::new(run.limits);
    let unreadable = |reason: String, fix: Option<String>| {
        vec![Analysed::Unreadable(Unreadable {
            path: file.path.clone(),
            reason,
            fix,
        })]
    };
    let content = match &file.content {
        Ok(content) => content,
        Err(problem) => return Ok(unreadable(problem.to_string(), problem.fix())),
    };
    let pages = match read_pages(content, run, &budget) {
        Ok(pages) => pages,
        Err(extract::ExtractError::Ocr(source)) if source.is_fatal() => {
            return Err(Error::Ocr {
                path: path.to_path_buf(),
                source,
            });
        }
        Err(err) => return Ok(unreadable(err.to_string(), err.fix())),
    };
    let parts = stack_parts(&pages, as_of);
    let cut_short = discover::is_cut_short(content.kind, &content.bytes);
    let origin = |part| Origin {
        path: file.path.clone(),
        part,
        duplicates: file.duplicates.clone(),
        unpacked_from: file.unpacked_from.clone(),
        continued_in: Vec::new(),
        cut_short,
    };
    if parts.len() < 2 {
        let read = document(origin(None), pages, as_of)?;
        if !makes_no_sense(&read) {
            return Ok(vec![Analysed::Document(read)]);
        }
        // A second look, by OCR: kept only where it makes sense.
        let second = match read_rendered(content, run, &budget) {
            Ok(pages) => Some(document(origin(None), pages, as_of)?),
            Err(_) => None,
        };
        let better = second.filter(|second| second.kind() != classify::DocumentKind::Other);
        return Ok(vec![Analysed::Document(better.unwrap_or(read))]);
    }
    let mut pages: Vec<Option<extract::Page>> = pages.into_iter().map(Some).collect();
    (0..)
        .zip(parts)
        .map(|(nth, indices)| {
            let pages: Vec<extract::Page> =
                indices.iter().filter_map(|&i| pages[i].take()).collect();
            let part = fields::Part {
                first_page: pages.first().map_or(1, |page| page.number),
                last_page: pages.last().map_or(1, |page| page.number),
            };
            let mut origin = origin(Some(part));
            // The file's copies are the file's: named once, by its first part.
            if nth > 0 {
                origin.duplicates.clear();
            }
            Ok(Analysed::Document(document(origin, pages, as_of)?))
        })
        .collect()
}

/// A text-layer document that is no kind at all: its text may be glyph
/// numbers that passed for letters.
fn makes_no_sense(document: &Document) -> bool {
    document.kind() == classify::DocumentKind::Other
        && document
            .pages
            .iter()
            .all(|page| page.source == extract::TextSource::PdfText)
}

/// The file's pages read by OCR alone, through the cache under a key of
/// their own.
fn read_rendered(
    content: &discover::Content,
    run: Run,
    budget: &extract::FileBudget,
) -> Result<Vec<extract::Page>, extract::ExtractError> {
    let key = [b"rendered\0".as_slice(), &content.bytes].concat();
    if let Some(pages) = run.cache.and_then(|cache| cache.get(&key)) {
        return Ok(pages);
    }
    let pages = extract::extract_rendered(content, budget)?;
    if let Some(cache) = run.cache {
        cache.put(&key, &pages);
    }
    Ok(pages)
}

/// The documents a file's pages hold, as page indices (see
/// [`classify::split_stack`]).
fn stack_parts(pages: &[extract::Page], as_of: NaiveDate) -> Vec<Vec<usize>> {
    if pages.len() < 2 {
        return vec![(0..pages.len()).collect()];
    }
    classify::split_stack(&stack_pages(pages, as_of))
}

fn stack_pages(pages: &[extract::Page], as_of: NaiveDate) -> Vec<classify::StackPage<'_>> {
    pages
        .iter()
        .map(|page| classify::StackPage {
            text: &page.text,
            passport_mrz: fields::page_mrz(std::slice::from_ref(page), as_of)
                .as_ref()
                .is_some_and(mrz::Mrz::identifies_holder),
        })
        .collect()
}

/// Where a document's pages came from.
struct Origin {
    path: String,
    part: Option<fields::Part>,
    duplicates: Vec<String>,
    unpacked_from: Option<String>,
    continued_in: Vec<String>,
    cut_short: bool,
}

/// Classifies pages as one document and reads its fields.
fn document(
    origin: Origin,
    pages: Vec<extract::Page>,
    as_of: NaiveDate,
) -> Result<Box<Document>, Error> {
    let text: Vec<&str> = pages.iter().map(|page| page.text.as_str()).collect();
    let mrz = fields::page_mrz(&pages, as_of);
    let is_passport_mrz = mrz.as_ref().is_some_and(mrz::Mrz::identifies_holder);
    let classification = classify::classify(&text.join("\n"), is_passport_mrz)?;
    let identity = fields::identity::read_identity(&pages);
    let reading = fields::read_fields(&pages, &classification, mrz, &identity);
    Ok(Box::new(Document {
        path: origin.path,
        part: origin.part,
        duplicates: origin.duplicates,
        unpacked_from: origin.unpacked_from,
        continued_in: origin.continued_in,
        cut_short: origin.cut_short,
        pages,
        classification,
        dates: reading.dates,
        fields: reading.fields,
        notarised: reading.notarised,
        identity,
    }))
}

/// A document of one text page, from a file named `path`: what the
/// classify, fields and rules stages make of text alone.
#[cfg(feature = "fuzzing")]
pub(crate) fn text_document(path: &str, text: &str, as_of: NaiveDate) -> Option<Document> {
    let origin = Origin {
        path: path.to_string(),
        part: None,
        duplicates: Vec::new(),
        unpacked_from: None,
        continued_in: Vec::new(),
        cut_short: false,
    };
    let page = extract::Page::text_layer(1, text.to_string());
    document(origin, vec![page], as_of)
        .ok()
        .map(|document| *document)
}

/// Joins documents photographed a page a file (`договор стр1.jpg`,
/// `договор стр2.jpg`) into one: single pages in one folder whose names
/// differ only in their number, in that order, where no page after the
/// first starts a document of its own (see [`classify::split_stack`]).
/// Names that do not say «page» (`IMG_4021.jpg`, `IMG_4022.jpg`) join only
/// pages that each show the same kind. Pages are numbered through: page 2
/// is the first of `continued_in`.
pub(crate) fn join_photographed_pages(
    documents: Vec<Document>,
    as_of: NaiveDate,
) -> Result<Vec<Document>, Error> {
    let single: Vec<usize> = (0..documents.len())
        .filter(|&i| documents[i].pages.len() == 1 && documents[i].part.is_none())
        .collect();
    let names: Vec<&str> = single.iter().map(|&i| documents[i].path.as_str()).collect();
    let mut joins = Vec::new();
    for (run, says_page) in classify::page_runs(&names) {
        let run: Vec<usize> = run.into_iter().map(|i| single[i]).collect();
        let pages: Vec<extract::Page> =
            run.iter().map(|&i| documents[i].pages[0].clone()).collect();
        let stack = stack_pages(&pages, as_of);
        for part in classify::split_stack(&stack) {
            let kinds: Vec<_> = part
                .iter()
                .map(|&i| classify::page_kind(&stack[i]))
                .collect();
            let alike = kinds.iter().all(|kind| kind.is_some() && *kind == kinds[0]);
            if part.len() > 1 && (says_page || alike) {
                // Pages named as pages keep a nearly blank one between
                // (a page of signatures and a stamp): it is page 2 of 3.
                let (first, last) = (part[0], part[part.len() - 1]);
                let pages: Vec<usize> = match says_page {
                    true => (first..=last).collect(),
                    false => part,
                };
                joins.push(pages.into_iter().map(|i| run[i]).collect::<Vec<_>>());
            }
        }
    }
    if joins.is_empty() {
        return Ok(documents);
    }
    let mut slots: Vec<Option<Document>> = documents.into_iter().map(Some).collect();
    let mut joined = Vec::new();
    for indices in joins {
        let parts: Vec<Document> = indices.iter().filter_map(|&i| slots[i].take()).collect();
        joined.push(*join(parts, as_of)?);
    }
    joined.extend(slots.into_iter().flatten());
    Ok(joined)
}

fn join(parts: Vec<Document>, as_of: NaiveDate) -> Result<Box<Document>, Error> {
    let mut parts = parts.into_iter();
    let first = parts.next().expect("a run has pages");
    let mut origin = Origin {
        path: first.path,
        part: None,
        duplicates: first.duplicates,
        unpacked_from: first.unpacked_from,
        continued_in: Vec::new(),
        cut_short: first.cut_short,
    };
    let mut pages = first.pages;
    for (number, part) in (2..).zip(parts) {
        origin.continued_in.push(part.path);
        origin.cut_short |= part.cut_short;
        pages.extend(
            part.pages
                .into_iter()
                .map(|page| extract::Page { number, ..page }),
        );
    }
    document(origin, pages, as_of)
}

/// The file's pages from the cache, or extracted and then stored there.
fn read_pages(
    content: &discover::Content,
    run: Run,
    budget: &extract::FileBudget,
) -> Result<Vec<extract::Page>, extract::ExtractError> {
    let Some(cache) = run.cache else {
        return extract::extract(content, budget);
    };
    if let Some(pages) = cache.get(&content.bytes) {
        return Ok(pages);
    }
    let pages = extract::extract(content, budget)?;
    cache.put(&content.bytes, &pages);
    Ok(pages)
}

pub(crate) fn split(
    analysed: impl IntoIterator<Item = Analysed>,
) -> (Vec<Document>, Vec<Unreadable>) {
    let mut documents = Vec::new();
    let mut unreadable = Vec::new();
    for item in analysed {
        match item {
            Analysed::Document(document) => documents.push(*document),
            Analysed::Unreadable(file) => unreadable.push(file),
        }
    }
    (documents, unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::DocumentKind;
    use crate::rules::test_support::{as_of, doc};

    /// A one-page document read from `path` with `text` on its page.
    fn photo(path: &str, text: &str) -> Document {
        let mut document = doc(path, DocumentKind::Other, fields::Fields::None {});
        document.pages = vec![extract::Page::text_layer(1, text.to_string())];
        document
    }

    #[test]
    fn pages_named_as_pages_join_with_a_nearly_blank_one_between() {
        let documents = vec![
            photo(
                "договор стр1.jpg",
                "ТРУДОВОЙ ДОГОВОР № 15\n\nТОО «Степной Код», именуемое «Работодатель», и Воронцов А. С., именуемый «Работник», заключили настоящий договор о нижеследующем.",
            ),
            photo("договор стр2.jpg", "М.П."),
            photo(
                "договор стр3.jpg",
                "5. Прочие условия\n5.1. Работнику устанавливается должностной оклад. Работодатель выплачивает заработную плату.",
            ),
            photo("паспорт.jpg", "P<RUSVORONTSOV<<ANDREI"),
        ];
        let joined = join_photographed_pages(documents, as_of()).unwrap();
        let contract = joined
            .iter()
            .find(|document| document.path == "договор стр1.jpg")
            .unwrap();
        assert_eq!(
            contract.continued_in,
            ["договор стр2.jpg", "договор стр3.jpg"]
        );
        assert_eq!(contract.kind(), DocumentKind::EmploymentContract);
        let numbers: Vec<u32> = contract.pages.iter().map(|page| page.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(joined.len(), 2);
    }
}
