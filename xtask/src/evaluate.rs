//! `cargo run -p xtask --release -- evaluate [dev|heldout|all] [--scans]`:
//! fills every template of a split, writes it as a text PDF (and, with
//! `--scans`, as a scanned PDF read by OCR), reads it back with
//! `dossier inspect`'s pipeline, and scores the kind, the language, the
//! dates the rules need with their roles, and the facts the rules read.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use dossier::Analysed;
use dossier::fields::{DateRole, Document, Fields};

use crate::layout::Fonts;
use crate::raster::{self, Scan};
use crate::templates::{RoleDate, Split, Template};
use crate::{content, pdf};

/// How a template was written out for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Medium {
    TextPdf,
    Scan,
}

/// One template read back, against what it states.
struct Outcome<'a> {
    template: &'a Template,
    medium: Medium,
    kind_right: bool,
    got_kind: String,
    /// The phrases that scored, for a wrong kind.
    evidence: String,
    language_accepted_right: bool,
    language_right: bool,
    got_language: String,
    dates: Vec<(RoleDate, bool)>,
    facts: Vec<(&'static str, bool)>,
}

pub fn run(
    root: &Path,
    split: Option<Split>,
    scans: bool,
    fonts: &Fonts,
) -> Result<String, String> {
    let templates = crate::templates::load(root)?;
    let chosen: Vec<&Template> = templates
        .iter()
        .filter(|t| split.is_none_or(|split| t.split == split))
        .collect();
    let work = std::env::temp_dir().join(format!("dossier-evaluate-{}", std::process::id()));
    fs::create_dir_all(&work).map_err(|err| format!("{}: {err}", work.display()))?;
    let as_of = content::date(2026, 11, 24);
    let mut outcomes = Vec::new();
    let media: &[Medium] = if scans {
        &[Medium::TextPdf, Medium::Scan]
    } else {
        &[Medium::TextPdf]
    };
    for template in chosen {
        let (pages, dates) = template.render()?;
        for &medium in media {
            let bytes = match medium {
                Medium::TextPdf => pdf::text_pdf(&pages.iter().collect::<Vec<_>>(), fonts),
                Medium::Scan => pdf::scanned_pdf(
                    &pages
                        .iter()
                        .map(|page| raster::render(page, fonts, Scan::CLEAN))
                        .collect::<Vec<_>>(),
                    70,
                ),
            };
            let path = work.join("document.pdf");
            fs::write(&path, bytes).map_err(|err| format!("{}: {err}", path.display()))?;
            let inspected = dossier::inspect(&path, as_of, &dossier::Limits::default())
                .map_err(|err| err.to_string())?;
            let mut documents = Vec::new();
            for analysed in inspected {
                match analysed {
                    Analysed::Document(document) => documents.push(document),
                    Analysed::Unreadable(file) => {
                        return Err(format!("{}: unreadable: {}", template.name, file.reason));
                    }
                }
            }
            let mut outcome = judge(template, medium, &documents[0], &dates);
            // One template is one document: a split is a wrong kind.
            if documents.len() > 1 {
                let kinds: Vec<&str> = documents.iter().map(|d| d.kind().as_str()).collect();
                outcome.kind_right = false;
                outcome.got_kind = format!("{} documents ({})", kinds.len(), kinds.join(", "));
            }
            outcomes.push(outcome);
        }
    }
    fs::remove_dir_all(&work).ok();
    Ok(report(&outcomes))
}

fn judge<'a>(
    template: &'a Template,
    medium: Medium,
    document: &Document,
    dates: &[RoleDate],
) -> Outcome<'a> {
    let got_kind = document.kind().as_str().to_string();
    let language = document.classification.language.map(|found| found.language);
    let got_language = language.map_or("none", |l| l.code()).to_string();
    let accepted = |code: &str| code.split('+').all(|code| matches!(code, "ru" | "kk"));
    let needed = needed_roles(&template.kind);
    let dates = dates
        .iter()
        .filter_map(|stated| {
            let role = needed.iter().find(|(name, _)| *name == stated.role)?.1;
            let found = document
                .dates
                .iter()
                .any(|d| d.date == stated.date && d.role == Some(role));
            Some((stated.clone(), found))
        })
        .collect::<Vec<_>>();
    let mut deduped: Vec<(RoleDate, bool)> = Vec::new();
    for date in dates {
        if !deduped.iter().any(|(seen, _)| *seen == date.0) {
            deduped.push(date);
        }
    }
    Outcome {
        template,
        medium,
        kind_right: got_kind == template.kind,
        got_kind,
        evidence: document
            .classification
            .evidence
            .iter()
            .map(|e| format!("{} «{}» +{}", e.kind, e.text, e.weight))
            .collect::<Vec<_>>()
            .join(", "),
        language_accepted_right: language.is_some_and(|l| l.is_accepted())
            == accepted(&template.language),
        language_right: got_language == template.language
            || (accepted(&template.language) && language.is_some_and(|l| l.is_accepted())),
        got_language,
        dates: deduped,
        facts: facts(template, document),
    }
}

/// The dates each kind's rules need, by the template's role name.
fn needed_roles(kind: &str) -> &'static [(&'static str, DateRole)] {
    match kind {
        "passport" => &[("expiry", DateRole::Expiry), ("birth", DateRole::Birth)],
        "employment_contract" => &[
            ("contract_start", DateRole::ContractStart),
            ("contract_end", DateRole::ContractEnd),
            ("signed", DateRole::Signed),
            ("registered", DateRole::Registered),
        ],
        "landlord_consent" => &[
            ("consent_from", DateRole::ValidFrom),
            ("consent_until", DateRole::ValidUntil),
        ],
        "residence_permit" => &[("permit_until", DateRole::ValidUntil)],
        _ => &[],
    }
}

/// Each fact the rules read of the template's kind: whether it was read as
/// the template states it.
fn facts(template: &Template, document: &Document) -> Vec<(&'static str, bool)> {
    let stated = |fact: &str| template.facts.iter().any(|f| f == fact);
    let read: Vec<(&'static str, bool)> = match &document.fields {
        Fields::Contract(contract) if template.kind == "employment_contract" => vec![
            ("registered", contract.registered),
            ("civil_law", contract.civil_law),
            ("indefinite", contract.indefinite),
        ],
        Fields::Consent(consent) if template.kind == "landlord_consent" => {
            vec![("notarised", consent.notarised)]
        }
        Fields::Permit(permit) if template.kind == "residence_permit" => vec![
            ("shortened", permit.shortened),
            ("cancelled", permit.cancelled),
        ],
        _ => return Vec::new(),
    };
    read.into_iter()
        .map(|(fact, value)| (fact, value == stated(fact)))
        .collect()
}

fn report(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for medium in [Medium::TextPdf, Medium::Scan] {
        let rows: Vec<&Outcome> = outcomes.iter().filter(|o| o.medium == medium).collect();
        if rows.is_empty() {
            continue;
        }
        let title = match medium {
            Medium::TextPdf => "text PDFs",
            Medium::Scan => "scans (200 DPI, OCR)",
        };
        writeln!(out, "\n### {title}\n").ok();
        writeln!(
            out,
            "| kind | templates | right kind | Russian/Kazakh or not | language | dates with roles | facts |\n|---|---|---|---|---|---|---|"
        )
        .ok();
        let mut kinds: Vec<&str> = rows.iter().map(|o| o.template.kind.as_str()).collect();
        kinds.dedup();
        for kind in kinds.iter().copied().chain(["all"]) {
            let group: Vec<&&Outcome> = rows
                .iter()
                .filter(|o| kind == "all" || o.template.kind == kind)
                .collect();
            writeln!(out, "{}", row(kind, &group)).ok();
        }
        writeln!(out).ok();
        for outcome in &rows {
            for miss in misses(outcome) {
                writeln!(out, "- {}: {miss}", outcome.template.name).ok();
            }
        }
    }
    out
}

fn row(kind: &str, group: &[&&Outcome]) -> String {
    let count = |f: &dyn Fn(&Outcome) -> bool| group.iter().filter(|o| f(o)).count();
    let dates: Vec<bool> = group
        .iter()
        .flat_map(|o| o.dates.iter().map(|(_, found)| *found))
        .collect();
    let facts: Vec<bool> = group
        .iter()
        .flat_map(|o| o.facts.iter().map(|(_, right)| *right))
        .collect();
    let share = |right: usize, all: usize| {
        if all == 0 {
            "–".to_string()
        } else {
            format!("{right}/{all} ({:.0}%)", right as f64 * 100.0 / all as f64)
        }
    };
    let trues = |values: &[bool]| values.iter().filter(|v| **v).count();
    format!(
        "| {kind} | {} | {} | {} | {} | {} | {} |",
        group.len(),
        share(count(&|o| o.kind_right), group.len()),
        share(count(&|o| o.language_accepted_right), group.len()),
        share(count(&|o| o.language_right), group.len()),
        share(trues(&dates), dates.len()),
        share(trues(&facts), facts.len()),
    )
}

fn misses(outcome: &Outcome) -> Vec<String> {
    let mut misses = Vec::new();
    if !outcome.kind_right {
        misses.push(format!(
            "kind {} read as {} ({})",
            outcome.template.kind, outcome.got_kind, outcome.evidence
        ));
    }
    if !outcome.language_right {
        misses.push(format!(
            "language {} read as {}",
            outcome.template.language, outcome.got_language
        ));
    }
    for (date, found) in &outcome.dates {
        if !found {
            misses.push(format!(
                "{} {} not read with its role",
                date.role, date.date
            ));
        }
    }
    for (fact, right) in &outcome.facts {
        if !right {
            misses.push(format!("fact {fact} read wrong"));
        }
    }
    misses
}
