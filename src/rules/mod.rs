//! Stage 5: findings with stable codes, and the permit term.
//!
//! Each rule lives in its own file beside its documentation (code, severity,
//! summary, fix hint, legal basis, explanation); [`RULES`] lists them, and
//! `dossier rules`, `dossier explain` and the README's table print from it.

mod consent_not_notarised;
mod contract_not_registered;
mod duplicate_file;
mod employer_mismatch;
mod evidence;
mod expired_document;
mod expiring_document;
mod field_not_found;
mod hidden_files;
mod identity_mismatch;
mod invalid_identifier;
mod missed_deadline;
mod missing_application_form;
mod missing_document;
mod needs_review;
mod permit_term_limited;
mod purpose;
pub mod term;
mod translation_not_certified;
mod unclassified_document;
mod unreadable_file;
mod untranslated_document;
mod valid_permit_not_cancelled;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

pub use self::evidence::Evidence;
pub use self::purpose::{
    DEFAULT_PURPOSE, Deadline, Event, PURPOSES, Purpose, Requirement, Status as BasisStatus, Term,
    purpose, purpose_names, purpose_or_default,
};
use self::term::{Limit, PermitTerm, TermLimits};
use crate::classify::DocumentKind;
use crate::fields::{
    ConsentFields, ContractFields, Document, Fields, PassportFields, PassportSubtype, PermitFields,
};
use crate::{Facts, Unreadable};

/// How much a finding matters: only errors block filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A rule's documentation and its check.
pub struct Rule {
    /// Stable kebab-case code: scripts and back-office tools match on it.
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what is wrong when it fires.
    pub summary: &'static str,
    /// One line: the usual fix (a finding may give a more specific one).
    pub hint: &'static str,
    /// The law or practice behind it.
    pub basis: &'static str,
    /// What it checks, why it matters, how to fix it.
    pub explanation: &'static str,
    pub check: fn(&Bundle) -> Vec<Finding>,
}

/// Every rule, in the order the README lists them.
pub static RULES: &[&Rule] = &[
    &missing_document::RULE,
    &missing_application_form::RULE,
    &expired_document::RULE,
    &expiring_document::RULE,
    &untranslated_document::RULE,
    &translation_not_certified::RULE,
    &valid_permit_not_cancelled::RULE,
    &identity_mismatch::RULE,
    &employer_mismatch::RULE,
    &consent_not_notarised::RULE,
    &contract_not_registered::RULE,
    &field_not_found::RULE,
    &invalid_identifier::RULE,
    &needs_review::RULE,
    &unreadable_file::RULE,
    &unclassified_document::RULE,
    &duplicate_file::RULE,
    &hidden_files::RULE,
    &missed_deadline::RULE,
    &permit_term_limited::RULE,
];

/// Looks a rule up by its code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.code == code)
}

/// One problem (or note) about the bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub hint: String,
    /// The files it is about, relative to the bundle.
    pub documents: Vec<String>,
    /// What it rests on; empty only for what is absent from the bundle (a
    /// missing document).
    pub evidence: Vec<Evidence>,
    /// For a missing document: the kind that is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
}

impl Rule {
    /// A finding about one document: the message starts with its path, and
    /// the document itself is the evidence until the rule says more.
    fn about(&self, document: &Document, what: impl std::fmt::Display) -> Finding {
        Finding {
            evidence: vec![Evidence::document(document)],
            ..self.finding(
                format!("{}: {what}", document.name()),
                vec![document.name()],
            )
        }
    }

    /// A finding of this rule about one document when the reading it rests
    /// on is sure; else a `needs-review` warning that says what this rule
    /// would have found, for a person to check.
    fn about_if_sure(
        &self,
        document: &Document,
        what: impl std::fmt::Display,
        sure: bool,
    ) -> Finding {
        if sure {
            return self.about(document, what);
        }
        let mut finding = needs_review::RULE.about(
            document,
            format!("not sure enough for {}: {what}", self.code),
        );
        finding.hint = format!("Check by hand; if it holds: {}", self.hint);
        finding
    }

    /// A finding of this rule with its default hint.
    fn finding(&self, message: String, documents: Vec<String>) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            message,
            hint: self.hint.to_string(),
            documents,
            evidence: Vec::new(),
            kind: None,
        }
    }
}

/// What the rules see: the bundle's documents and the filing date.
pub struct Bundle<'a> {
    pub documents: &'a [Document],
    pub unreadable: &'a [Unreadable],
    /// Hidden files and system junk, left unread.
    pub hidden: &'a [String],
    /// The day the bundle would be filed.
    pub as_of: NaiveDate,
    /// The facts of the case its papers cannot show.
    pub facts: &'a Facts,
}

/// The documents read as passports, with their fields.
fn passports(documents: &[Document]) -> impl Iterator<Item = (&Document, &PassportFields)> {
    documents.iter().filter_map(|doc| match &doc.fields {
        Fields::Passport(fields) if doc.kind() == DocumentKind::Passport => {
            Some((doc, fields.as_ref()))
        }
        _ => None,
    })
}

/// The applicant's citizenship as the bundle's passports show it: a
/// zone's nationality where it is a known state's code (no check digit
/// covers it, so a zone whose numbers failed their checks still tells it),
/// Russia for a Russian internal passport, else the nationality the
/// printed page names; `None` when no passport tells.
pub fn citizenship(documents: &[Document]) -> Option<String> {
    let known = |code: &str| crate::mrz::known_states().binary_search(&code).is_ok();
    let zoned = passports(documents).find_map(|(_, fields)| match (&fields.mrz, fields.subtype) {
        (Some(mrz), _) if known(&mrz.nationality) => Some(mrz.nationality.clone()),
        (_, PassportSubtype::Internal) => Some("RUS".to_string()),
        _ => None,
    });
    zoned.or_else(|| {
        passports(documents).find_map(|(doc, _)| {
            doc.pages
                .iter()
                .find_map(|page| crate::fields::printed_nationality(&page.text))
                .map(str::to_string)
        })
    })
}

impl Bundle<'_> {
    /// The purpose of stay the facts name.
    pub fn purpose(&self) -> &'static Purpose {
        purpose_or_default(self.facts.purpose())
    }

    /// Documents of a kind, originals only (a translation does not stand in
    /// for its original).
    fn of_kind(&self, kind: DocumentKind) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(move |doc| doc.kind() == kind)
    }

    fn has(&self, kind: DocumentKind) -> bool {
        self.of_kind(kind).next().is_some()
    }

    fn passports(&self) -> impl Iterator<Item = (&Document, &PassportFields)> {
        passports(self.documents)
    }

    fn contracts(&self) -> impl Iterator<Item = (&Document, &ContractFields)> {
        self.documents.iter().filter_map(|doc| match &doc.fields {
            Fields::Contract(fields) if doc.kind() == DocumentKind::EmploymentContract => {
                Some((doc, fields))
            }
            _ => None,
        })
    }

    fn consents(&self) -> impl Iterator<Item = (&Document, &ConsentFields)> {
        self.documents.iter().filter_map(|doc| match &doc.fields {
            Fields::Consent(fields) if doc.kind() == DocumentKind::LandlordConsent => {
                Some((doc, fields))
            }
            _ => None,
        })
    }

    /// The applicant's birth date, from the first passport that shows one.
    fn birth_date(&self) -> Option<NaiveDate> {
        self.passports()
            .find_map(|(_, passport)| passport.birth_date)
    }

    /// The day filing completes: processing takes one working day.
    fn completion_date(&self) -> NaiveDate {
        next_working_day(self.as_of)
    }

    /// Every end date the filing depends on, with the day it must reach. A
    /// passport must outlast processing; a contract or consent must not have
    /// ended on the filing date; a shortened permit must not have run out,
    /// since the new application must be filed before its end.
    fn validities(&self) -> Vec<Validity<'_>> {
        let mut validities = Vec::new();
        for (document, passport) in self.passports() {
            if let Some(end) = passport.expiry_date {
                validities.push(Validity {
                    document,
                    end,
                    needed_until: self.completion_date(),
                });
            }
        }
        for (document, contract) in self.contracts() {
            if let Some(end) = contract.end {
                validities.push(Validity {
                    document,
                    end,
                    needed_until: self.as_of,
                });
            }
        }
        for (document, consent) in self.consents() {
            if let Some(end) = consent.valid_until {
                validities.push(Validity {
                    document,
                    end,
                    needed_until: self.as_of,
                });
            }
        }
        for document in self.of_kind(DocumentKind::ResidencePermit) {
            if let Fields::Permit(PermitFields {
                valid_until: Some(end),
                shortened: true,
                ..
            }) = document.fields
            {
                validities.push(Validity {
                    document,
                    end,
                    needed_until: self.as_of,
                });
            }
        }
        validities
    }
}

impl Bundle<'_> {
    /// The permit term for this bundle, with the document that limits it. The
    /// latest end of each kind counts: a client's newer passport or extended
    /// contract replaces the old one.
    pub fn permit_term(&self) -> Option<(PermitTerm, Option<&Document>)> {
        let passport = latest(
            self.passports()
                .filter_map(|(doc, p)| Some((doc, p.expiry_date?))),
        );
        // An indefinite contract beside a fixed-term one sets no limit.
        let contract = if self.contracts().any(|(_, c)| c.indefinite) {
            None
        } else {
            latest(self.contracts().filter_map(|(doc, c)| Some((doc, c.end?))))
        };
        let consent = latest(
            self.consents()
                .filter_map(|(doc, c)| Some((doc, c.valid_until?))),
        );
        let limits = TermLimits {
            passport_expiry: passport.map(|(_, end)| end),
            contract_end: contract.map(|(_, end)| end),
            consent_end: consent.map(|(_, end)| end),
        };
        let purpose = &self.purpose().term;
        let term = term::permit_term(self.as_of, limits, purpose.max_months, &purpose.limited_by)?;
        let limiting = match term.limited_by {
            Limit::Maximum(_) => None,
            Limit::Document(DocumentKind::Passport) => passport.map(|(doc, _)| doc),
            Limit::Document(DocumentKind::EmploymentContract) => contract.map(|(doc, _)| doc),
            Limit::Document(_) => consent.map(|(doc, _)| doc),
        };
        Some((term, limiting))
    }
}

/// OCR confidence under which a page's reading is not sure enough for an
/// error. Generated scans read at 0.91–0.95.
const SURE_OCR: f32 = 0.6;

/// Whether every page of a document was read surely: a text layer, or OCR
/// at [`SURE_OCR`] or better.
fn reading_is_sure(document: &Document) -> bool {
    document.pages.iter().all(|page| {
        page.ocr_confidence
            .is_none_or(|confidence| confidence >= SURE_OCR)
    })
}

/// The entry with the latest date.
fn latest<'a>(
    ends: impl Iterator<Item = (&'a Document, NaiveDate)>,
) -> Option<(&'a Document, NaiveDate)> {
    ends.max_by_key(|&(_, end)| end)
}

/// A document's end date and the day it must still be valid on.
struct Validity<'a> {
    document: &'a Document,
    end: NaiveDate,
    needed_until: NaiveDate,
}

/// Runs every rule; findings are sorted for a stable report.
pub fn check(bundle: &Bundle) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES.iter().flat_map(|rule| (rule.check)(bundle)).collect();
    findings.sort_by(|a, b| {
        (a.severity, a.code, &a.documents, a.kind, &a.message).cmp(&(
            b.severity,
            b.code,
            &b.documents,
            b.kind,
            &b.message,
        ))
    });
    findings
}

/// The next day that is not a Saturday or Sunday (public holidays are not
/// modelled: a warning margin of 30 days covers them).
fn next_working_day(date: NaiveDate) -> NaiveDate {
    let mut day = date + Days::new(1);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day = day + Days::new(1);
    }
    day
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds documents for rule tests without going through OCR.

    use super::*;
    use crate::classify::{Classification, Identified, Language};
    use crate::fields::{FieldSource, Identity, PassportSources, PassportSubtype};

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub fn as_of() -> NaiveDate {
        date(2026, 11, 24)
    }

    pub fn doc(path: &str, kind: DocumentKind, fields: Fields) -> Document {
        Document {
            path: path.to_string(),
            part: None,
            duplicates: Vec::new(),
            unpacked_from: None,
            continued_in: Vec::new(),
            cut_short: false,
            pages: Vec::new(),
            classification: Classification {
                kind,
                confidence: 0.9,
                translated_kind: None,
                runner_up: None,
                evidence: Vec::new(),
                language: Some(Identified {
                    language: Language::Ru,
                    confidence: 0.95,
                }),
            },
            dates: Vec::new(),
            fields,
            notarised: false,
            identity: Identity::default(),
        }
    }

    pub fn passport(expiry: NaiveDate) -> Document {
        doc(
            "passport.jpg",
            DocumentKind::Passport,
            Fields::Passport(Box::new(PassportFields {
                subtype: PassportSubtype::International,
                surname: Some("VORONTSOV".into()),
                number: Some("751234567".into()),
                birth_date: Some(date(1990, 4, 15)),
                expiry_date: Some(expiry),
                sources: PassportSources {
                    surname: Some(FieldSource::Mrz),
                    number: Some(FieldSource::Mrz),
                    birth_date: Some(FieldSource::Mrz),
                    expiry_date: Some(FieldSource::Mrz),
                },
                mrz: Some(valid_zone(expiry)),
            })),
        )
    }

    /// The TD3 zone of that passport, every check digit valid.
    fn valid_zone(expiry: NaiveDate) -> crate::mrz::Mrz {
        let checked = |field: &str| format!("{field}{}", crate::mrz::check_digit(field).unwrap());
        let number = checked("751234567");
        let birth = checked("900415");
        let expiry = checked(&expiry.format("%y%m%d").to_string());
        let personal = checked("<<<<<<<<<<<<<<");
        let composite =
            crate::mrz::check_digit(&format!("{number}{birth}{expiry}{personal}")).unwrap();
        let lines = [
            format!("{:<<44}", "P<RUSVORONTSOV<<ANDREI"),
            format!("{number}RUS{birth}M{expiry}{personal}{composite}"),
        ];
        let zone = crate::mrz::find_mrz(&lines, as_of()).unwrap();
        assert!(zone.checks_valid);
        zone
    }

    pub fn contract(end: Option<NaiveDate>) -> Document {
        doc(
            "contract.pdf",
            DocumentKind::EmploymentContract,
            Fields::Contract(ContractFields {
                start: Some(date(2026, 11, 1)),
                end,
                indefinite: end.is_none(),
                civil_law: false,
                registered: true,
            }),
        )
    }

    pub fn consent(until: NaiveDate, notarised: bool) -> Document {
        doc(
            "consent.pdf",
            DocumentKind::LandlordConsent,
            Fields::Consent(ConsentFields {
                notarised,
                valid_from: None,
                valid_until: Some(until),
            }),
        )
    }

    pub fn permit(until: NaiveDate, shortened: bool) -> Document {
        doc(
            "old-permit.pdf",
            DocumentKind::ResidencePermit,
            Fields::Permit(PermitFields {
                valid_until: Some(until),
                shortened,
                cancelled: false,
            }),
        )
    }

    /// A complete bundle: every required document, all in order.
    pub fn complete() -> Vec<Document> {
        vec![
            passport(date(2031, 5, 20)),
            contract(Some(date(2027, 10, 31))),
            consent(date(2027, 12, 31), true),
            doc("letter.pdf", DocumentKind::EmployerLetter, Fields::None {}),
            doc("form.pdf", DocumentKind::ApplicationForm, Fields::None {}),
            doc(
                "fingerprints.pdf",
                DocumentKind::FingerprintCertificate,
                Fields::None {},
            ),
        ]
    }

    /// The facts of the test applicant, a Russian citizen (as the test
    /// passport's zone would say).
    pub fn russian() -> crate::Stated {
        crate::Stated {
            citizenship: Some("RUS".to_string()),
            ..Default::default()
        }
    }

    /// `rule` over `documents`, its applicant [`russian`].
    pub fn run(rule: &Rule, documents: &[Document]) -> Vec<Finding> {
        run_stating(rule, documents, russian())
    }

    /// `rule` over `documents` in a case of which `stated` is said.
    pub fn run_stating(rule: &Rule, documents: &[Document], stated: crate::Stated) -> Vec<Finding> {
        (rule.check)(&Bundle {
            documents,
            unreadable: &[],
            hidden: &[],
            as_of: as_of(),
            facts: &crate::Facts::resolve(
                &stated,
                &Default::default(),
                &Default::default(),
                as_of(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        for (index, rule) in RULES.iter().enumerate() {
            assert!(
                rule.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.code
            );
            assert!(
                RULES[..index].iter().all(|other| other.code != rule.code),
                "{}",
                rule.code
            );
            for text in [rule.summary, rule.hint, rule.basis, rule.explanation] {
                assert!(!text.trim().is_empty(), "{}", rule.code);
            }
        }
    }

    #[test]
    fn a_complete_bundle_has_no_errors_or_warnings() {
        let documents = complete();
        let findings = check(&Bundle {
            documents: &documents,
            unreadable: &[],
            hidden: &[],
            as_of: as_of(),
            facts: &crate::facts::resolved(&russian()),
        });
        let codes: Vec<_> = findings.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(codes, [("permit-term-limited", Severity::Info)]);
    }

    #[test]
    fn filing_completes_on_the_next_working_day() {
        assert_eq!(next_working_day(date(2026, 11, 24)), date(2026, 11, 25));
        assert_eq!(next_working_day(date(2026, 11, 27)), date(2026, 11, 30));
    }
}
