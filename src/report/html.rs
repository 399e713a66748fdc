//! The HTML report: the Markdown report's content as one page a browser
//! opens from the disk, with its style inline, its pictures embedded and
//! no script, font or image to fetch, so that opening it reaches no
//! network.

use std::fmt::Write;

use super::checklist::{self, Status};
use super::{Pictures, Report, Verdict, text, timeline};

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#1a1a1a}\
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}\
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\
th{background:#f2f2f2}code{font-size:90%}\
.verdict{font-weight:bold;padding:.1em .4em}\
.ready{background:#d9f2d9}.not-ready{background:#f9d6d5}\
.error td:first-child{color:#a10000;font-weight:bold}.warning td:first-child{color:#8a5a00}\
figure.evidence{margin:0 0 .5em}figure.evidence img{max-width:24em;border:1px solid #999}\
figcaption{font-size:85%;color:#444}img.page{height:8em;border:1px solid #999;margin:0 .3em .3em 0}";

/// Renders the report as a self-contained HTML page: verdict first, the
/// permit's term on a timeline, then what to fix (with the print each
/// finding rests on, where `pictures` has it), the checklist, and the
/// documents as read (with their pages' thumbnails). Every text from the
/// bundle (names, quotes) is escaped, so a file named `<img onerror=…>`
/// shows as its name.
pub fn to_html(report: &Report, pictures: &Pictures) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>dossier report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(&report.bundle)
    );
    let _ = writeln!(out, "<h1>dossier report: {}</h1>", escape(&report.bundle));
    let class = match report.verdict {
        Verdict::Ready => "ready",
        Verdict::NotReady => "not-ready",
    };
    let _ = writeln!(
        out,
        "<p><span class=\"verdict {class}\">{}</span>: {}</p>",
        text::verdict(report),
        escape(&text::counts(report))
    );
    let _ = writeln!(out, "<p>{}</p>", escape(&text::permit_term(report)));
    let _ = writeln!(out, "<p>{}</p>", escape(&text::facts(report)));
    if let Some(svg) = timeline::svg(report) {
        let _ = writeln!(out, "<figure>{svg}</figure>");
    }
    out.push_str("<h2>Findings</h2>\n");
    match report.findings.is_empty() {
        true => out.push_str("<p>None.</p>\n"),
        false => table(
            &mut out,
            &text::FINDING_COLUMNS,
            &text::findings(report),
            Some(("on the page", cutouts(report, pictures)))
                .filter(|(_, cells)| cells.iter().any(|cell| !cell.is_empty())),
        ),
    }
    out.push_str("<h2>Checklist</h2>\n");
    table(
        &mut out,
        &["item", "status", "documents"],
        &checklist_rows(report),
        None,
    );
    let review = text::check_by_hand(report);
    if !review.is_empty() {
        out.push_str("<h2>Check by hand</h2>\n<ul>\n");
        for item in review {
            let _ = writeln!(out, "<li><input type=\"checkbox\"> {}</li>", escape(&item));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Documents</h2>\n");
    match report.documents.is_empty() {
        true => out.push_str("<p>None readable.</p>\n"),
        false => table(
            &mut out,
            &text::DOCUMENT_COLUMNS,
            &text::documents(&report.documents),
            Some(("page images", thumbnails(report, pictures)))
                .filter(|(_, cells)| cells.iter().any(|cell| !cell.is_empty())),
        ),
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Each item of the checklist: its status and the documents that meet it.
fn checklist_rows(report: &Report) -> Vec<[String; 3]> {
    checklist::checklist(report)
        .into_iter()
        .map(|(kind, status)| {
            let (status, documents) = match status {
                Status::Present { documents, codes } => {
                    let names: Vec<String> = documents.iter().map(|d| d.name()).collect();
                    let status = match codes.is_empty() {
                        true => "✓ in the bundle".to_string(),
                        false => format!("! in the bundle, see {}", codes.join(", ")),
                    };
                    (status, names.join(", "))
                }
                Status::Missing(code) => (format!("✗ missing ({code})"), String::new()),
                Status::NotRequired => ("– not required here".to_string(), String::new()),
            };
            [checklist::label(kind), status, documents]
        })
        .collect()
}

/// Each finding's evidence placed on a page, cut out, with the text read
/// there and how sure the reading was: one cell a finding.
fn cutouts(report: &Report, pictures: &Pictures) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|finding| {
            let mut cell = String::new();
            for evidence in &finding.evidence {
                let (Some(page), Some(bbox)) = (evidence.page, evidence.bbox) else {
                    continue;
                };
                let Some(uri) = pictures.cutout(&evidence.document, page, bbox) else {
                    continue;
                };
                let _ = write!(
                    cell,
                    "<figure class=\"evidence\"><img src=\"{uri}\" alt=\"{alt}\"><figcaption>{document}, p. {page}: «{text}», confidence {confidence:.2}</figcaption></figure>",
                    alt = escape(&evidence.text),
                    document = escape(&evidence.document),
                    text = escape(&evidence.text),
                    confidence = evidence.confidence,
                );
            }
            cell
        })
        .collect()
}

/// Each document's pages as thumbnails, in order: one cell a document.
fn thumbnails(report: &Report, pictures: &Pictures) -> Vec<String> {
    report
        .documents
        .iter()
        .enumerate()
        .map(|(index, document)| {
            let name = document.name();
            let mut cell = String::new();
            for number in document.pages.iter().map(|page| page.number) {
                if let Some(uri) = pictures.thumbnail(index, number) {
                    let _ = write!(
                        cell,
                        "<img class=\"page\" src=\"{uri}\" alt=\"{} page {number}\">",
                        escape(&name)
                    );
                }
            }
            cell
        })
        .collect()
}

/// A table; a finding's row is classed by its severity (the first cell).
/// `extra` is a last column of markup made here (pictures), by its heading.
fn table<const N: usize>(
    out: &mut String,
    columns: &[&str; N],
    rows: &[[String; N]],
    extra: Option<(&str, Vec<String>)>,
) {
    out.push_str("<table>\n<tr>");
    for column in columns {
        let _ = write!(out, "<th>{column}</th>");
    }
    if let Some((heading, _)) = &extra {
        let _ = write!(out, "<th>{heading}</th>");
    }
    out.push_str("</tr>\n");
    let by_severity = columns[0] == "severity";
    let extra_cells = extra.map(|(_, cells)| cells);
    for (index, row) in rows.iter().enumerate() {
        match by_severity {
            true => {
                let _ = write!(out, "<tr class=\"{}\">", escape(&row[0]));
            }
            false => out.push_str("<tr>"),
        }
        for (&column, cell) in columns.iter().zip(row) {
            match column {
                "code" => {
                    let _ = write!(out, "<td><code>{}</code></td>", escape(cell));
                }
                _ => {
                    let _ = write!(out, "<td>{}</td>", escape(cell));
                }
            }
        }
        if let Some(cells) = &extra_cells {
            let cell = cells.get(index).map_or("", String::as_str);
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// Text as HTML character data or an attribute value.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_shown_not_run() {
        assert_eq!(
            escape("<img src=x onerror='alert(1)'> & \"more\""),
            "&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; &quot;more&quot;"
        );
    }
}
