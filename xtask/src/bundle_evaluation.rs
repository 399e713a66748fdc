//! `cargo run -p xtask --release -- evaluate-bundles [dev|heldout]`: client
//! folders made from one split's templates, checked whole by the library,
//! the verdict and the error and warning codes compared with what the
//! templates' facts call for. It counts false "ready" verdicts, errors and
//! warnings that should not be there, and those missed.
//!
//! Each bundle holds one template of every kind a work permit needs (the
//! i-th of each kind, so every template serves), written as a text PDF, a
//! scanned PDF or a photo in turn; the split's previous permits come with
//! the previous employer's order, or are shortened or cancelled. Then one
//! bundle per foreign original: the core documents of the first bundle,
//! the original, and its translation when the split has one.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use dossier::report::Verdict;
use dossier::rules::Severity;

use crate::layout::{Doc, Fonts};
use crate::raster::{self, Scan};
use crate::templates::{Split, Template};
use crate::{content, pdf};

/// The kinds every bundle holds, in the order files are written.
const CORE: &[&str] = &[
    "passport",
    "employment_contract",
    "landlord_consent",
    "employer_letter",
    "application_form",
    "fingerprint_certificate",
];

/// One bundle to write: its files and the codes it should give.
struct Plan<'a> {
    name: String,
    files: Vec<&'a Template>,
    expected: BTreeSet<&'static str>,
}

pub fn run(root: &Path, split: Split, fonts: &Fonts) -> Result<String, String> {
    let templates = crate::templates::load(root)?;
    let of = |kind: &str| -> Vec<&Template> {
        templates
            .iter()
            .filter(|t| t.split == split && t.kind == kind)
            .collect()
    };
    let plans = plans(&of)?;
    let work = std::env::temp_dir().join(format!("dossier-bundles-{}", std::process::id()));
    let as_of = as_of();
    let mut rows = Vec::new();
    for plan in &plans {
        let dir = work.join(&plan.name);
        fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
        for (index, template) in plan.files.iter().enumerate() {
            write_file(&dir, index, template, fonts)?;
        }
        let run = dossier::Run {
            as_of,
            facts: &dossier::Stated::default(),
            cache: None,
            limits: &dossier::Limits::default(),
            progress: &dossier::Quiet,
        };
        let report = dossier::check(&dir, run).map_err(|err| err.to_string())?;
        let codes = |severity: Severity| -> BTreeSet<&'static str> {
            report
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .map(|f| f.code)
                .collect()
        };
        rows.push(Row {
            name: plan.name.clone(),
            expected: plan.expected.clone(),
            ready: report.verdict == Verdict::Ready,
            errors: codes(Severity::Error),
            warnings: codes(Severity::Warning),
            messages: report
                .findings
                .iter()
                .filter(|f| f.severity != Severity::Info)
                .map(|f| format!("{} {}", f.code, f.message))
                .collect(),
        });
    }
    fs::remove_dir_all(&work).ok();
    Ok(report(&rows))
}

/// The bundles of a split.
fn plans<'a>(of: &dyn Fn(&str) -> Vec<&'a Template>) -> Result<Vec<Plan<'a>>, String> {
    let core: Vec<Vec<&Template>> = CORE
        .iter()
        .map(|kind| {
            of(kind)
                .into_iter()
                .filter(|t| t.kind != "passport" || t.uses("{mrz1}"))
                .collect()
        })
        .collect();
    if core.iter().any(Vec::is_empty) {
        return Err("a split lacks a kind every bundle needs".to_string());
    }
    let rounds = core.iter().map(Vec::len).max().unwrap_or(0);
    let mut plans = Vec::new();
    for round in 0..rounds {
        let files: Vec<&Template> = core.iter().map(|list| list[round % list.len()]).collect();
        plans.push(plan(format!("core-{round}"), files));
    }
    // Previous permits, each with what cancels it where it needs that.
    let orders = of("termination_order");
    for (index, permit) in of("residence_permit").into_iter().enumerate() {
        let mut files: Vec<&Template> = core.iter().map(|list| list[index % list.len()]).collect();
        files.push(permit);
        if !permit
            .facts
            .iter()
            .any(|f| f == "shortened" || f == "cancelled")
            && !orders.is_empty()
        {
            files.push(orders[index % orders.len()]);
        }
        plans.push(plan(format!("permit-{index}"), files));
    }
    let russian: Vec<&Template> = core
        .iter()
        .map(|list| *list.iter().find(|t| t.language == "ru").unwrap_or(&list[0]))
        .collect();
    let translations = of("translation");
    for original in of("other") {
        let mut files = russian.clone();
        files.push(original);
        let translation = translations.iter().find(|t| {
            t.original.as_deref() == Some(&format!("other/{}", file_name(&original.name)))
        });
        if let Some(translation) = translation {
            files.push(translation);
        }
        plans.push(plan(format!("other-{}", stem(&original.name)), files));
    }
    Ok(plans)
}

/// What a bundle of these templates should give, from their facts.
fn plan(name: String, files: Vec<&Template>) -> Plan<'_> {
    let has = |t: &Template, fact: &str| t.facts.iter().any(|f| f == fact);
    let mut expected = BTreeSet::new();
    for template in &files {
        match template.kind.as_str() {
            "employment_contract"
                if !has(template, "registered") && !has(template, "civil_law") =>
            {
                expected.insert("contract-not-registered");
            }
            "landlord_consent" if !has(template, "notarised") => {
                expected.insert("consent-not-notarised");
            }
            "translation" if !has(template, "notarised") => {
                expected.insert("translation-not-certified");
            }
            // A change of employer renews within 15 days of the previous
            // employment's end (the order's day it ends, else its date).
            "termination_order" if ended_long_ago(template) => {
                expected.insert("missed-deadline");
            }
            "other" if matches!(template.language.as_str(), "ru" | "kk") => {
                expected.insert("unclassified-document");
            }
            "other" => {
                let translated = files.iter().any(|t| {
                    t.original.as_deref() == Some(&format!("other/{}", file_name(&template.name)))
                });
                if !translated {
                    expected.insert("untranslated-document");
                }
            }
            _ => {}
        }
    }
    for template in &files {
        if !matches!(template.language.as_str(), "ru" | "kk" | "ru+kk")
            && !matches!(template.kind.as_str(), "other" | "translation" | "passport")
        {
            expected.insert("untranslated-document");
        }
    }
    Plan {
        name,
        files,
        expected,
    }
}

/// Whether the employment a termination order ends ended more than 15
/// days before the filing date.
fn ended_long_ago(order: &Template) -> bool {
    let Ok((_, dates)) = order.render() else {
        return false;
    };
    let ended = dates
        .iter()
        .find(|d| d.role == "terminated")
        .or_else(|| dates.iter().find(|d| d.role == "signed"))
        .map(|d| d.date);
    ended.is_some_and(|ended| ended + chrono::Days::new(15) < as_of())
}

/// The day every bundle is checked as filed.
fn as_of() -> chrono::NaiveDate {
    content::date(2026, 11, 24)
}

fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn stem(name: &str) -> &str {
    file_name(name).trim_end_matches(".txt")
}

/// Writes a template as a text PDF, a scanned PDF or a JPEG photo, in turn.
/// Scripts the generator's fonts lack (Chinese, Korean, Hindi…) are only
/// written as text PDFs, whose text layer holds them.
fn write_file(dir: &Path, index: usize, template: &Template, fonts: &Fonts) -> Result<(), String> {
    let (pages, _) = template.render()?;
    let drawable = pages
        .iter()
        .all(|page| page.lines.iter().all(|line| fonts.draws(&line.text)));
    let name = stem(&template.name);
    let scan = Scan {
        skew: 0.5 - (index % 3) as f32 * 0.4,
        noise: 6,
        seed: index as u64 + 1,
    };
    let (file, bytes) = match (index % 3, drawable) {
        (1, true) => (
            format!("{index}-{name}.pdf"),
            pdf::scanned_pdf(&scans(&pages, fonts, scan), 70),
        ),
        (2, true) if pages.len() == 1 => (
            format!("{index}-{name}.jpg"),
            raster::jpeg(&raster::render(&pages[0], fonts, scan), 75),
        ),
        _ => (
            format!("{index}-{name}.pdf"),
            pdf::text_pdf(&pages.iter().collect::<Vec<_>>(), fonts),
        ),
    };
    let path = dir.join(file);
    fs::write(&path, bytes).map_err(|err| format!("{}: {err}", path.display()))
}

fn scans(pages: &[Doc], fonts: &Fonts, scan: Scan) -> Vec<image::GrayImage> {
    pages
        .iter()
        .map(|page| raster::render(page, fonts, scan))
        .collect()
}

struct Row {
    name: String,
    expected: BTreeSet<&'static str>,
    ready: bool,
    errors: BTreeSet<&'static str>,
    warnings: BTreeSet<&'static str>,
    messages: Vec<String>,
}

impl Row {
    fn expected_ready(&self) -> bool {
        !self.expected.iter().any(|code| is_error(code))
    }
}

fn is_error(code: &str) -> bool {
    dossier::rules::rule(code).is_some_and(|rule| rule.severity == Severity::Error)
}

fn report(rows: &[Row]) -> String {
    let mut out = String::from(
        "| bundle | expected | verdict | spurious errors | spurious warnings | missed |\n|---|---|---|---|---|---|\n",
    );
    let (
        mut false_ready,
        mut false_not_ready,
        mut spurious_errors,
        mut spurious_warnings,
        mut missed,
    ) = (0, 0, 0, 0, 0);
    let mut notes = Vec::new();
    for row in rows {
        let extra_errors: Vec<&str> = row.errors.difference(&row.expected).copied().collect();
        let extra_warnings: Vec<&str> = row.warnings.difference(&row.expected).copied().collect();
        let found: BTreeSet<&str> = row.errors.union(&row.warnings).copied().collect();
        let missing: Vec<&str> = row.expected.difference(&found).copied().collect();
        false_ready += usize::from(row.ready && !row.expected_ready());
        false_not_ready += usize::from(!row.ready && row.expected_ready());
        spurious_errors += extra_errors.len();
        spurious_warnings += extra_warnings.len();
        missed += missing.len();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            row.name,
            list(&row.expected.iter().copied().collect::<Vec<_>>()),
            if row.ready { "ready" } else { "not ready" },
            list(&extra_errors),
            list(&extra_warnings),
            list(&missing),
        ));
        if !(extra_errors.is_empty() && extra_warnings.is_empty() && missing.is_empty()) {
            notes.extend(row.messages.iter().map(|m| format!("- {}: {m}", row.name)));
        }
    }
    out.push_str(&format!(
        "\n{} bundles: {false_ready} false ready, {false_not_ready} false not ready, {spurious_errors} spurious errors, {spurious_warnings} spurious warnings, {missed} findings missed.\n\n",
        rows.len()
    ));
    for note in notes {
        out.push_str(&note);
        out.push('\n');
    }
    out
}

fn list(codes: &[&str]) -> String {
    if codes.is_empty() {
        "–".to_string()
    } else {
        codes.join(", ")
    }
}
