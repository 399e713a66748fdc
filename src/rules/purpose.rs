//! What a purpose of stay requires, as data: `purposes/<purpose>.toml`
//! lists the documents, each with the facts that waive it, the age from
//! which it is needed, its fix and its legal basis. The file is compiled
//! in and checked when first used (and by a test), so a requirement that
//! names a kind or a fact dossier does not know never ships.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::Facts;
use crate::classify::DocumentKind;

/// The documents one purpose requires.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    pub purpose: String,
    pub requires: Vec<Requirement>,
}

/// One document a purpose requires.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub kind: DocumentKind,
    /// Facts of the case any of which, true, waives it.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Needed only of applicants this old or more on the filing date.
    pub from_age: Option<u32>,
    /// What to do when it is missing.
    pub hint: String,
    pub basis: String,
    pub status: Status,
}

/// How sure the requirement's basis is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// An official source states it.
    Confirmed,
    /// Only practice: a default a user may override.
    Practice,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Practice => "practice",
        }
    }
}

impl Requirement {
    /// When it is needed, for people: `always`, `unless
    /// applicant_owns_dwelling or owner_comes_in_person`, `from age 16`.
    pub fn condition(&self) -> String {
        let mut parts = Vec::new();
        if !self.unless.is_empty() {
            parts.push(format!("unless {}", self.unless.join(" or ")));
        }
        if let Some(age) = self.from_age {
            parts.push(format!("from age {age}"));
        }
        match parts.is_empty() {
            true => "always".to_string(),
            false => parts.join(", "),
        }
    }

    /// Whether the case needs it: no fact waives it, and the applicant is
    /// old enough (an unknown age is old enough: a missing document costs
    /// a refusal).
    pub fn applies(&self, facts: &Facts, age: Option<u32>) -> bool {
        let waived = self
            .unless
            .iter()
            .any(|fact| facts.holds(fact) == Some(true));
        let young = matches!((self.from_age, age), (Some(from), Some(age)) if age < from);
        !waived && !young
    }
}

/// The work purpose's requirements.
pub static WORK: LazyLock<Purpose> = LazyLock::new(|| {
    parse(include_str!("purposes/work.toml"))
        .unwrap_or_else(|err| panic!("purposes/work.toml: {err}"))
});

/// A purpose's file, checked: every fact it names is one dossier knows.
fn parse(text: &str) -> Result<Purpose, String> {
    let purpose: Purpose = toml::from_str(text).map_err(|err| err.to_string())?;
    let facts = Facts::default();
    for requirement in &purpose.requires {
        if let Some(unknown) = requirement
            .unless
            .iter()
            .find(|fact| facts.holds(fact).is_none())
        {
            return Err(format!(
                "{}: no fact is called {unknown}",
                requirement.kind.as_str()
            ));
        }
    }
    Ok(purpose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_purposes_are_valid_and_a_wrong_fact_is_refused() {
        assert_eq!(WORK.purpose, "work");
        assert_eq!(WORK.requires.len(), 6);
        let wrong = "purpose = \"work\"\n[[requires]]\nkind = \"passport\"\nunless = [\"owns_flat\"]\nhint = \"\"\nbasis = \"\"\nstatus = \"practice\"\n";
        assert_eq!(
            parse(wrong).expect_err("no such fact"),
            "passport: no fact is called owns_flat"
        );
    }

    #[test]
    fn a_fact_waives_a_requirement_and_youth_one_from_an_age() {
        let consent = WORK
            .requires
            .iter()
            .find(|r| r.kind == DocumentKind::LandlordConsent)
            .expect("listed");
        let owner = crate::Stated {
            applicant_owns_dwelling: Some(true),
            ..Default::default()
        };
        assert!(consent.applies(&Facts::default(), None));
        let owns = Facts::resolve(&owner, &Default::default(), &Default::default());
        assert!(!consent.applies(&owns, None));
        let fingerprints = WORK
            .requires
            .iter()
            .find(|r| r.kind == DocumentKind::FingerprintCertificate)
            .expect("listed");
        assert!(fingerprints.applies(&Facts::default(), None));
        assert!(fingerprints.applies(&Facts::default(), Some(16)));
        assert!(!fingerprints.applies(&Facts::default(), Some(15)));
    }
}
