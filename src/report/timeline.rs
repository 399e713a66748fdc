//! The permit's term on a timeline beside the ends of the documents that
//! may limit it (passport, contract, landlord's consent), as inline SVG:
//! which end cuts the permit short is seen at a glance.

use std::fmt::Write;

use chrono::NaiveDate;

use super::Report;
use crate::classify::DocumentKind;
use crate::fields::Fields;

/// The drawing's width and a row's height, in pixels; the labels' column.
const WIDTH: f32 = 760.0;
const ROW: f32 = 26.0;
const LABELS: f32 = 210.0;

/// A row: its label and the span it shows (to the filing date's end for a
/// document's validity).
struct Span {
    label: &'static str,
    from: NaiveDate,
    to: NaiveDate,
    permit: bool,
}

/// The timeline as SVG, or nothing when no date is known.
pub fn svg(report: &Report) -> Option<String> {
    let spans = spans(report);
    let first = spans.iter().map(|span| span.from).min()?;
    let last = spans.iter().map(|span| span.to).max()?;
    let days = (last - first).num_days().max(1) as f32;
    let x = |date: NaiveDate| {
        LABELS + (date - first).num_days() as f32 / days * (WIDTH - LABELS - 90.0)
    };
    let height = ROW * spans.len() as f32 + 8.0;
    let mut out = format!(
        "<svg class=\"timeline\" role=\"img\" aria-label=\"permit term and document ends\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    for (row, span) in spans.iter().enumerate() {
        let y = 4.0 + ROW * row as f32;
        let (left, right) = (x(span.from), x(span.to).max(x(span.from) + 2.0));
        let fill = if span.permit { "#3a8f3a" } else { "#9aa5b1" };
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"13\">{}</text>\
             <rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" fill=\"{fill}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            y + 13.0,
            span.label,
            y + 2.0,
            right - left,
            right + 4.0,
            y + 13.0,
            span.to
        );
    }
    out.push_str("</svg>");
    Some(out)
}

/// The permit's term, then each limiting document's validity from the
/// filing date to its end, where read.
fn spans(report: &Report) -> Vec<Span> {
    let mut spans = Vec::new();
    if let Some(term) = &report.permit_term {
        spans.push(Span {
            label: "permit term",
            from: term.start,
            to: term.end,
            permit: true,
        });
    }
    let ends = [
        ("passport valid until", DocumentKind::Passport),
        ("contract ends", DocumentKind::EmploymentContract),
        ("consent valid until", DocumentKind::LandlordConsent),
    ];
    for (label, kind) in ends {
        let end = report
            .documents
            .iter()
            .filter(|document| document.kind == kind)
            .find_map(|document| match &document.fields {
                Fields::Passport(fields) => fields.expiry_date,
                Fields::Contract(fields) => fields.end,
                Fields::Consent(fields) => fields.valid_until,
                Fields::Permit(_) | Fields::None {} => None,
            });
        if let Some(end) = end {
            spans.push(Span {
                label,
                from: report.as_of,
                to: end,
                permit: false,
            });
        }
    }
    spans
}
