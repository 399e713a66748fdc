//! Fixture bundles written as data: `xtask/recipes/<name>.toml` says which
//! of the case's documents a bundle starts from, which it leaves out, which
//! templates (`xtask/templates/`) it adds and how they are written, the
//! facts of its `dossier.toml`, and what the check must give, which
//! `tests/bundles.rs` reads from the same file. A purpose of stay is added
//! with its data file, a recipe and the reviewed reports, and no code.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::raster::Scan;
use crate::templates::Template;
use crate::{Case, File};

/// One recipe file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recipe {
    /// What the bundle shows, a line for people.
    #[serde(rename = "about")]
    _about: String,
    base: Base,
    /// Files of the base left out.
    #[serde(default)]
    drop: Vec<String>,
    /// The bundle's `dossier.toml`, if it has one.
    facts: Option<String>,
    #[serde(default)]
    add: Vec<Added>,
    /// What the check gives: read by `tests/bundles.rs`.
    #[serde(rename = "expect")]
    _expect: toml::Table,
}

/// The documents a recipe starts from.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Base {
    /// The Russian applicant's essentials for work.
    Essentials,
    /// The same of a citizen of Uzbekistan (the templates it adds say so
    /// too).
    Uzbek,
}

/// A template added to the bundle.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Added {
    /// Its file name in the bundle.
    name: String,
    /// Relative to `xtask/templates/`: `dev/family_relation/ru-….txt`.
    template: String,
    /// `text` (a text PDF) or `scan` (a scanned PDF, read by OCR).
    medium: Medium,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Medium {
    Text,
    Scan,
}

/// The folder the recipes live in.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes")
}

/// A bundle's files, each with its name.
type Files = Vec<(String, File)>;

/// Every recipe's bundle, by name.
pub fn bundles(case: Case) -> Result<Vec<(String, Files)>, String> {
    let dir = root();
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    let templates = crate::templates::load(&crate::templates::root())?;
    paths
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(path).map_err(|err| format!("{name}: {err}"))?;
            let recipe: Recipe = toml::from_str(&text).map_err(|err| format!("{name}: {err}"))?;
            let files = recipe
                .files(case, &templates)
                .map_err(|err| format!("{name}: {err}"))?;
            Ok((name, files))
        })
        .collect()
}

impl Recipe {
    fn files(&self, case: Case, templates: &[Template]) -> Result<Files, String> {
        let base = match self.base {
            Base::Essentials => case.essentials(),
            Base::Uzbek => crate::uzbek_worker(case),
        };
        if let Some(unknown) = self
            .drop
            .iter()
            .find(|name| !base.iter().any(|(n, _)| n == *name))
        {
            return Err(format!("no file {unknown} to drop"));
        }
        let mut files: Vec<(String, File)> = base
            .into_iter()
            .filter(|(name, _)| !self.drop.contains(name))
            .collect();
        for (index, added) in self.add.iter().enumerate() {
            let template = templates
                .iter()
                .find(|t| format!("{}/{}", t.split.name(), t.name) == added.template)
                .ok_or_else(|| format!("no template {}", added.template))?;
            let (pages, _) = template.render()?;
            // Filled for the base's applicant.
            let pages = match self.base {
                Base::Essentials => pages,
                Base::Uzbek => crate::uzbek(pages),
            };
            let file = match added.medium {
                Medium::Text => File::TextPdf(pages),
                Medium::Scan => File::ScannedPdf(
                    pages,
                    Scan {
                        skew: [0.4, -0.6, 0.8][index % 3],
                        noise: 6,
                        seed: 500 + index as u64,
                    },
                ),
            };
            files.push((added.name.clone(), file));
        }
        if let Some(facts) = &self.facts {
            files.push((
                "dossier.toml".into(),
                File::Bytes(facts.as_bytes().to_vec()),
            ));
        }
        Ok(files)
    }
}
