//! What each purpose of stay requires, as data: `common.toml` lists the
//! documents and deadlines of every purpose, `purposes/<purpose>.toml` what
//! one purpose adds and its term. The files are compiled in (a build script
//! lists `purposes/`, so a purpose is added by its file alone) and checked
//! when first used and by a test, so that a file naming a kind, a fact or
//! an event dossier does not know never ships.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::Severity;
use crate::Facts;
use crate::classify::DocumentKind;

mod files {
    include!(concat!(env!("OUT_DIR"), "/purposes.rs"));
}

/// A purpose of stay: who applies, the term, the documents and deadlines.
#[derive(Debug)]
pub struct Purpose {
    /// Its name, as the `purpose` fact gives it: `work`.
    pub name: &'static str,
    /// How a person calls it: `family reunification`.
    pub title: String,
    /// Who files the application: `The employer`.
    pub applicant: String,
    pub term: Term,
    /// The common documents, then the purpose's own.
    pub requires: Vec<Requirement>,
    /// The common deadlines, then the purpose's own.
    pub deadlines: Vec<Deadline>,
}

/// A purpose's file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PurposeFile {
    purpose: String,
    title: String,
    applicant: String,
    term: Term,
    #[serde(default)]
    requires: Vec<Requirement>,
    #[serde(default)]
    deadlines: Vec<Deadline>,
}

/// What every purpose requires.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Common {
    requires: Vec<Requirement>,
    deadlines: Vec<Deadline>,
}

/// The longest term a permit for the purpose gets, and the documents
/// whose end cuts it short.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub max_months: u32,
    pub limited_by: Vec<DocumentKind>,
    pub basis: String,
    pub status: Status,
}

/// One document a purpose requires, or one of several that stand for
/// each other (a work permit or a qualification certificate).
#[derive(Debug, Deserialize)]
#[serde(try_from = "RequirementFile")]
pub struct Requirement {
    /// The kinds any one of which meets it; never empty.
    pub kinds: Vec<DocumentKind>,
    /// Facts of the case any of which, true, waives it.
    pub unless: Vec<String>,
    /// Needed only of applicants this old or more on the filing date.
    pub from_age: Option<u32>,
    /// What to do when it is missing.
    pub hint: String,
    pub basis: String,
    pub status: Status,
}

/// A requirement as written: `kind` or `any_of`, not both.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequirementFile {
    kind: Option<DocumentKind>,
    #[serde(default)]
    any_of: Vec<DocumentKind>,
    #[serde(default)]
    unless: Vec<String>,
    from_age: Option<u32>,
    hint: String,
    basis: String,
    status: Status,
}

impl TryFrom<RequirementFile> for Requirement {
    type Error = String;

    fn try_from(file: RequirementFile) -> Result<Self, Self::Error> {
        let kinds = match (file.kind, file.any_of) {
            (Some(kind), any_of) if any_of.is_empty() => vec![kind],
            (None, any_of) if !any_of.is_empty() => any_of,
            _ => return Err("a requirement names either `kind` or `any_of`".to_string()),
        };
        Ok(Requirement {
            kinds,
            unless: file.unless,
            from_age: file.from_age,
            hint: file.hint,
            basis: file.basis,
            status: file.status,
        })
    }
}

/// A time limit between two events of the case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// What the limit is about: `Change of employer`.
    pub name: String,
    pub from: Event,
    pub until: Event,
    pub days: u32,
    /// Counted Monday to Friday, not every day.
    #[serde(default)]
    pub working_days: bool,
    /// Only when the first day is this one or later (a rule in force
    /// from a date).
    #[serde(default, deserialize_with = "crate::facts::date")]
    pub since: Option<NaiveDate>,
    pub severity: Severity,
    pub hint: String,
    pub basis: String,
    pub status: Status,
}

/// A day in a case that a deadline counts from or to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The applicant entered Kazakhstan (a fact).
    Entry,
    /// The application is filed: the filing date.
    Filing,
    /// The previous employment ended (a fact, else the termination order).
    PreviousEmploymentEnded,
    /// The applicant turned 16, in Kazakhstan (entered before it).
    SixteenthBirthday,
    /// The employment contract was signed.
    ContractSigned,
    /// The employment contract was entered in ЕСУТД.
    ContractRegistered,
    /// The applicant was registered at the place of stay (the first date
    /// of a registration in the bundle on or after the entry).
    PlaceOfStayRegistered,
}

impl Event {
    /// How a person calls it: `the end of the previous employment`.
    pub fn title(self) -> &'static str {
        match self {
            Event::Entry => "the entry into Kazakhstan",
            Event::Filing => "the filing",
            Event::PreviousEmploymentEnded => "the end of the previous employment",
            Event::SixteenthBirthday => "the 16th birthday",
            Event::ContractSigned => "the contract's signing",
            Event::ContractRegistered => "its entry in ЕСУТД",
            Event::PlaceOfStayRegistered => "the registration at the place of stay",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Event::Entry => "entry",
            Event::Filing => "filing",
            Event::PreviousEmploymentEnded => "previous_employment_ended",
            Event::SixteenthBirthday => "sixteenth_birthday",
            Event::ContractSigned => "contract_signed",
            Event::ContractRegistered => "contract_registered",
            Event::PlaceOfStayRegistered => "place_of_stay_registered",
        }
    }
}

/// How sure a basis is.
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
    /// The kinds that meet it, for people: `passport`, `work_permit or
    /// qualification_certificate`.
    pub fn kinds_text(&self) -> String {
        let names: Vec<&str> = self.kinds.iter().map(|kind| kind.as_str()).collect();
        names.join(" or ")
    }

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

impl Deadline {
    /// How long it runs: `15 days`, `5 working days`.
    pub fn span(&self) -> String {
        match self.working_days {
            true => format!("{} working days", self.days),
            false => format!("{} days", self.days),
        }
    }

    /// The limit, for people: `10 days from sixteenth_birthday to filing`,
    /// `30 days from entry to place_of_stay_registered, for entry from
    /// 2026-07-01`.
    pub fn limit_text(&self) -> String {
        let since = self
            .since
            .map(|since| format!(", for {} from {since}", self.from.as_str()))
            .unwrap_or_default();
        format!(
            "{} from {} to {}{since}",
            self.span(),
            self.from.as_str(),
            self.until.as_str()
        )
    }
}

/// Every purpose, by name; the files are checked the first time.
pub static PURPOSES: LazyLock<Vec<Purpose>> = LazyLock::new(|| {
    files::FILES
        .iter()
        .map(|(name, text)| {
            parse(name, text).unwrap_or_else(|err| panic!("purposes/{name}.toml: {err}"))
        })
        .collect()
});

/// The purpose called `name`.
pub fn purpose(name: &str) -> Option<&'static Purpose> {
    PURPOSES.iter().find(|purpose| purpose.name == name)
}

/// The purpose called `name`, or the default one for a name no file has
/// (the facts refuse such a name; a report built by hand may hold one).
pub fn purpose_or_default(name: &str) -> &'static Purpose {
    purpose(name)
        .or_else(|| purpose(DEFAULT_PURPOSE))
        .expect("the default purpose ships")
}

/// The names of the purposes, without reading their files (the facts check
/// a stated purpose against them).
pub fn purpose_names() -> impl Iterator<Item = &'static str> {
    files::FILES.iter().map(|(name, _)| *name)
}

/// The purpose dossier checks for unless the case states another.
pub const DEFAULT_PURPOSE: &str = "work";

static COMMON: &str = include_str!("common.toml");

/// A purpose's file with the common requirements before its own, checked:
/// it names itself as its file does, and every fact it names is one
/// dossier knows.
fn parse(name: &'static str, text: &str) -> Result<Purpose, String> {
    let common: Common = toml::from_str(COMMON).map_err(|err| format!("common.toml: {err}"))?;
    let file: PurposeFile = toml::from_str(text).map_err(|err| err.to_string())?;
    if file.purpose != name {
        return Err(format!("it says purpose = {:?}", file.purpose));
    }
    let requires: Vec<Requirement> = common.requires.into_iter().chain(file.requires).collect();
    let facts = Facts::default();
    for requirement in &requires {
        if let Some(unknown) = requirement
            .unless
            .iter()
            .find(|fact| facts.holds(fact).is_none())
        {
            return Err(format!(
                "{}: no fact is called {unknown}",
                requirement.kinds_text()
            ));
        }
    }
    check_term(&file.term)?;
    let required = |kind: &DocumentKind| {
        matches!(
            kind,
            DocumentKind::ApplicationForm | DocumentKind::Translation | DocumentKind::Other
        )
    };
    if let Some(kind) = requires
        .iter()
        .flat_map(|r| &r.kinds)
        .find(|kind| required(kind))
    {
        return Err(format!(
            "{kind} cannot be required here (the application form has its own rule; a translation or an unrecognised document is no requirement)"
        ));
    }
    let deadlines: Vec<Deadline> = common.deadlines.into_iter().chain(file.deadlines).collect();
    if let Some(deadline) = deadlines.iter().find(|d| d.from == d.until || d.days == 0) {
        return Err(format!(
            "{}: a deadline runs between two events, a day or more",
            deadline.name
        ));
    }
    Ok(Purpose {
        name,
        title: file.title,
        applicant: file.applicant,
        term: file.term,
        requires,
        deadlines,
    })
}

/// The documents whose end dossier reads, the only ones that can limit a
/// term; and a maximum of one month to ten years.
fn check_term(term: &Term) -> Result<(), String> {
    const ENDING: [DocumentKind; 3] = [
        DocumentKind::Passport,
        DocumentKind::EmploymentContract,
        DocumentKind::LandlordConsent,
    ];
    if let Some(kind) = term.limited_by.iter().find(|kind| !ENDING.contains(kind)) {
        return Err(format!(
            "term: dossier reads no end of a {kind}; limited_by names passport, employment_contract or landlord_consent"
        ));
    }
    if !(1..=120).contains(&term.max_months) {
        return Err("term: max_months is 1 to 120".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work() -> &'static Purpose {
        purpose("work").expect("shipped")
    }

    fn requirement(purpose: &Purpose, kind: DocumentKind) -> &Requirement {
        purpose
            .requires
            .iter()
            .find(|r| r.kinds.contains(&kind))
            .expect("listed")
    }

    #[test]
    fn the_shipped_purposes_are_valid_and_a_wrong_file_is_refused() {
        assert!(purpose_names().any(|name| name == DEFAULT_PURPOSE));
        for name in purpose_names() {
            let purpose = purpose(name).expect("parsed");
            assert!(
                purpose.requires[0].kinds == [DocumentKind::Passport],
                "{name}"
            );
        }
        let wrong = "purpose = \"work\"\ntitle = \"\"\napplicant = \"\"\n[term]\nmax_months = 12\nlimited_by = []\nbasis = \"\"\nstatus = \"practice\"\n[[requires]]\nkind = \"passport\"\nunless = [\"owns_flat\"]\nhint = \"\"\nbasis = \"\"\nstatus = \"practice\"\n";
        assert_eq!(
            parse("work", wrong).expect_err("no such fact"),
            "passport: no fact is called owns_flat"
        );
        let misnamed = parse("study", wrong).expect_err("named for another file");
        assert!(misnamed.contains("purpose = \"work\""), "{misnamed}");
        let both = wrong.replace(
            "kind = \"passport\"",
            "kind = \"passport\"\nany_of = [\"other\"]",
        );
        let both = parse("work", &both).expect_err("kind and any_of");
        assert!(both.contains("either `kind` or `any_of`"), "{both}");
        let valid = wrong.replace("unless = [\"owns_flat\"]\n", "");
        assert!(parse("work", &valid).is_ok());
        let unread = valid.replace("limited_by = []", "limited_by = [\"study_petition\"]");
        let unread = parse("work", &unread).expect_err("no end read");
        assert!(
            unread.contains("reads no end of a study_petition"),
            "{unread}"
        );
        let zero = parse("work", &valid.replace("max_months = 12", "max_months = 0"));
        assert!(zero.expect_err("no term").contains("max_months"));
        let form = valid.replace("kind = \"passport\"", "kind = \"application_form\"");
        let form = parse("work", &form).expect_err("its own rule");
        assert!(
            form.starts_with("application_form cannot be required"),
            "{form}"
        );
    }

    #[test]
    fn a_fact_waives_a_requirement_and_youth_one_from_an_age() {
        let consent = requirement(work(), DocumentKind::LandlordConsent);
        let owner = crate::Stated {
            applicant_owns_dwelling: Some(true),
            ..Default::default()
        };
        assert!(consent.applies(&Facts::default(), None));
        let owns = crate::facts::resolved(&owner);
        assert!(!consent.applies(&owns, None));
        let fingerprints = requirement(work(), DocumentKind::FingerprintCertificate);
        assert!(fingerprints.applies(&Facts::default(), None));
        assert!(fingerprints.applies(&Facts::default(), Some(16)));
        assert!(!fingerprints.applies(&Facts::default(), Some(15)));
    }

    #[test]
    fn a_non_eaeu_worker_needs_one_of_the_work_bases() {
        let basis = requirement(work(), DocumentKind::QualificationCertificate);
        assert_eq!(
            basis.kinds_text(),
            "work_permit or qualification_certificate or journalist_accreditation"
        );
        assert_eq!(basis.condition(), "unless eaeu_citizen");
        let family = purpose("family").expect("shipped");
        assert!(
            family
                .requires
                .iter()
                .all(|r| !r.kinds.contains(&DocumentKind::WorkPermit))
        );
    }
}
