//! The permit term: from the filing date, the purpose's maximum at most
//! (one year for every purpose shipped), and no longer than the documents
//! its data file names run: the passport, the employment contract, the
//! landlord's consent.

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use crate::classify::DocumentKind;

/// What ends the permit term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The purpose's maximum, in months.
    Maximum(u32),
    Document(DocumentKind),
}

/// The term a permit would be issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermitTerm {
    pub start: NaiveDate,
    /// The last day of the permit, inclusive.
    pub end: NaiveDate,
    pub limited_by: Limit,
}

impl PermitTerm {
    /// `one_year` (the maximum of twelve months), `maximum` (another) or
    /// the limiting document's kind, as the report writes it.
    pub fn limit_name(&self) -> &'static str {
        match self.limited_by {
            Limit::Maximum(12) => "one_year",
            Limit::Maximum(_) => "maximum",
            Limit::Document(kind) => kind.as_str(),
        }
    }
}

impl Serialize for PermitTerm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut term = serializer.serialize_struct("PermitTerm", 3)?;
        term.serialize_field("start", &self.start)?;
        term.serialize_field("end", &self.end)?;
        term.serialize_field("limited_by", self.limit_name())?;
        term.end()
    }
}

/// The end dates that can cut the term short (each `None` when unknown or
/// open-ended, like an indefinite contract).
#[derive(Debug, Clone, Copy, Default)]
pub struct TermLimits {
    pub passport_expiry: Option<NaiveDate>,
    pub contract_end: Option<NaiveDate>,
    pub consent_end: Option<NaiveDate>,
}

/// Computes the term for a permit filed on `start`, at most `max_months`,
/// cut by the ends of the kinds in `limited_by`. A year runs to the day
/// before the anniversary. `None` when a limiting document has already
/// ended: there is no term to give (the expiry rule reports why).
pub fn permit_term(
    start: NaiveDate,
    limits: TermLimits,
    max_months: u32,
    limited_by: &[DocumentKind],
) -> Option<PermitTerm> {
    let maximum = start.checked_add_months(Months::new(max_months))? - Days::new(1);
    let candidates = [
        (limits.passport_expiry, DocumentKind::Passport),
        (limits.contract_end, DocumentKind::EmploymentContract),
        (limits.consent_end, DocumentKind::LandlordConsent),
    ];
    // The earliest end wins; on a tie the maximum is named, then the
    // documents in the order above, so the answer is stable.
    let (end, limited_by) = candidates
        .into_iter()
        .filter(|(_, kind)| limited_by.contains(kind))
        .filter_map(|(end, kind)| Some((end?, Limit::Document(kind))))
        .fold((maximum, Limit::Maximum(max_months)), |best, candidate| {
            if candidate.0 < best.0 {
                candidate
            } else {
                best
            }
        });
    (end >= start).then_some(PermitTerm {
        start,
        end,
        limited_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[DocumentKind] = &[
        DocumentKind::Passport,
        DocumentKind::EmploymentContract,
        DocumentKind::LandlordConsent,
    ];

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn one_year_when_nothing_ends_sooner() {
        let term = permit_term(
            date(2026, 11, 24),
            TermLimits {
                passport_expiry: Some(date(2031, 1, 1)),
                contract_end: None,
                consent_end: Some(date(2028, 1, 1)),
            },
            12,
            ALL,
        )
        .unwrap();
        assert_eq!(
            (term.end, term.limited_by),
            (date(2027, 11, 23), Limit::Maximum(12))
        );
    }

    #[test]
    fn the_earliest_document_limits_it() {
        let limits = TermLimits {
            passport_expiry: Some(date(2027, 6, 1)),
            contract_end: Some(date(2027, 3, 31)),
            consent_end: Some(date(2027, 5, 1)),
        };
        let term = permit_term(date(2026, 11, 24), limits, 12, ALL).unwrap();
        assert_eq!(
            (term.end, term.limit_name()),
            (date(2027, 3, 31), "employment_contract")
        );
        let limits = TermLimits {
            consent_end: Some(date(2027, 1, 15)),
            ..limits
        };
        let term = permit_term(date(2026, 11, 24), limits, 12, ALL).unwrap();
        assert_eq!(
            (term.end, term.limit_name()),
            (date(2027, 1, 15), "landlord_consent")
        );
    }

    #[test]
    fn only_the_kinds_the_purpose_names_limit_it() {
        let limits = TermLimits {
            passport_expiry: Some(date(2030, 1, 1)),
            contract_end: Some(date(2027, 3, 31)),
            consent_end: None,
        };
        let family = [DocumentKind::Passport, DocumentKind::LandlordConsent];
        let term = permit_term(date(2026, 11, 24), limits, 12, &family).unwrap();
        assert_eq!(
            (term.end, term.limit_name()),
            (date(2027, 11, 23), "one_year")
        );
        let term = permit_term(date(2026, 11, 24), limits, 6, &family).unwrap();
        assert_eq!(
            (term.end, term.limit_name()),
            (date(2027, 5, 23), "maximum")
        );
    }

    #[test]
    fn ties_name_the_one_year_cap_then_the_passport() {
        let limits = TermLimits {
            passport_expiry: Some(date(2027, 11, 23)),
            contract_end: Some(date(2027, 11, 23)),
            consent_end: None,
        };
        assert_eq!(
            permit_term(date(2026, 11, 24), limits, 12, ALL)
                .unwrap()
                .limited_by,
            Limit::Maximum(12)
        );
        let limits = TermLimits {
            passport_expiry: Some(date(2027, 2, 1)),
            contract_end: Some(date(2027, 2, 1)),
            consent_end: None,
        };
        assert_eq!(
            permit_term(date(2026, 11, 24), limits, 12, ALL)
                .unwrap()
                .limit_name(),
            "passport"
        );
    }

    #[test]
    fn leap_days_and_ended_documents() {
        assert_eq!(
            permit_term(date(2028, 2, 29), TermLimits::default(), 12, ALL)
                .unwrap()
                .end,
            date(2029, 2, 27)
        );
        let ended = TermLimits {
            passport_expiry: Some(date(2026, 11, 1)),
            ..TermLimits::default()
        };
        assert_eq!(permit_term(date(2026, 11, 24), ended, 12, ALL), None);
        let last_day = TermLimits {
            passport_expiry: Some(date(2026, 11, 24)),
            ..TermLimits::default()
        };
        assert_eq!(
            permit_term(date(2026, 11, 24), last_day, 12, ALL)
                .unwrap()
                .end,
            date(2026, 11, 24)
        );
    }
}
