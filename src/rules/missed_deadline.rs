//! A time limit of the case was not kept.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::purpose::{Deadline, Event};
use super::{Bundle, Evidence, Finding, Rule, Severity};
use crate::classify::DocumentKind;
use crate::fields::{DateRole, Document};

/// What it checks: each deadline `common.toml` and the purpose's file list
/// (`dossier rules --purpose P` prints them) between two days of the case,
/// where both are known: a worker who changes employer renews the permit
/// within 15 days of leaving, a foreigner who turns 16 in Kazakhstan
/// applies within 10 days, the employer enters the contract in ЕСУТД
/// within five working days of signing, the application follows entry
/// within 90 days, a foreigner who entered from 2026-07-01 registers at
/// the place of stay within 30 days. Why: a late filing is an offence and may be refused.
/// How to fix: as each deadline's hint says; mostly, file at once and ask
/// a lawyer.
pub static RULE: Rule = Rule {
    code: "missed-deadline",
    severity: Severity::Error,
    summary: "A deadline of the case was missed (an error or a warning, as the deadline is).",
    hint: "File at once, and ask a lawyer about the delay.",
    basis: "gov.kz life situation 572 (15 days after a change of employer); Order No. 353 of 03.09.2020 (ЕСУТД, five working days); the rules of 2024 (10 days after the 16th birthday); MVD Order No. 923 of 17.11.2025 (registration within 30 days of entry); practice (90 days after entry)",
    explanation: "Checks the deadlines of the case's purpose where both of their days are known, from the documents (the termination order's date, the contract's signing and ЕСУТД registration, the passport's birth date) or from the facts in dossier.toml or --fact (entry_date, previous_employment_ended, filing_date): renewing within 15 days of a change of employer (error), applying within 10 days of a 16th birthday spent in Kazakhstan (error), the contract entered in ЕСУТД within five working days of signing (warning), filing within 90 days of entry (warning, practice), registration at the place of stay within 30 days of an entry from 2026-07-01 (warning; the registration's first date on or after the entry). A deadline whose days are not both known is not checked. `dossier rules --purpose P` lists them with their basis.",
    check,
};

/// A day of the case and what shows it.
struct Day<'a> {
    date: NaiveDate,
    evidence: Option<Evidence>,
    /// The document it was read from, when a document shows it.
    document: Option<&'a Document>,
}

fn check(bundle: &Bundle) -> Vec<Finding> {
    bundle
        .purpose()
        .deadlines
        .iter()
        .filter_map(|deadline| {
            let from = day(bundle, deadline.from)?;
            if deadline.since.is_some_and(|since| from.date < since) {
                return None;
            }
            let until = day(bundle, deadline.until)?;
            let last = last_day(from.date, deadline)?;
            (until.date > last).then(|| missed(deadline, &from, &until, last))
        })
        .collect()
}

fn missed(deadline: &Deadline, from: &Day, until: &Day, last: NaiveDate) -> Finding {
    let message = format!(
        "{}: {} on {} comes more than {} after {} on {} (the last day was {last}).",
        deadline.name,
        deadline.until.title(),
        until.date,
        deadline.span(),
        deadline.from.title(),
        from.date,
    );
    let documents: Vec<&Document> = [from.document, until.document]
        .into_iter()
        .flatten()
        .collect();
    let mut names: Vec<String> = documents.iter().map(|doc| doc.name()).collect();
    names.dedup();
    let sure = documents.iter().all(|doc| super::reading_is_sure(doc));
    let mut finding = match (documents.first(), sure) {
        (Some(doc), false) => RULE.about_if_sure(doc, &message, false),
        _ => Finding {
            severity: deadline.severity,
            hint: deadline.hint.clone(),
            ..RULE.finding(message, names)
        },
    };
    finding.evidence = [&from.evidence, &until.evidence]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    finding
}

/// The last day a deadline of `days` from `from` allows.
fn last_day(from: NaiveDate, deadline: &Deadline) -> Option<NaiveDate> {
    if !deadline.working_days {
        return from.checked_add_days(Days::new(u64::from(deadline.days)));
    }
    let mut day = from;
    for _ in 0..deadline.days {
        day = day.succ_opt()?;
        while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            day = day.succ_opt()?;
        }
    }
    Some(day)
}

/// The day `event` fell on in the case, where the facts or documents show it.
fn day<'a>(bundle: &'a Bundle<'a>, event: Event) -> Option<Day<'a>> {
    let stated = |key: &str| {
        let fact = bundle.facts.all().iter().find(|fact| fact.key == key)?;
        Some(Day {
            date: bundle.facts.day(key)?,
            evidence: Some(Evidence::fact(fact)),
            document: None,
        })
    };
    let printed = |document: &'a Document, date: NaiveDate| Day {
        date,
        evidence: Some(Evidence::date(document, date)),
        document: Some(document),
    };
    let contract_date = |role: DateRole| {
        bundle.contracts().find_map(|(doc, _)| {
            let dated = doc.dates.iter().find(|d| d.role == Some(role))?;
            Some(printed(doc, dated.date))
        })
    };
    match event {
        Event::Filing => Some(Day {
            date: bundle.as_of,
            evidence: None,
            document: None,
        }),
        Event::Entry => stated("entry_date"),
        Event::PreviousEmploymentEnded => stated("previous_employment_ended").or_else(|| {
            // An order's latest date is the day the contract ends (the
            // order is dated on it or before it); a date after the filing
            // is no day that has passed.
            bundle
                .of_kind(DocumentKind::TerminationOrder)
                .filter_map(|doc| {
                    let latest = doc
                        .dates
                        .iter()
                        .map(|d| d.date)
                        .filter(|d| *d <= bundle.as_of)
                        .max()?;
                    Some((doc, latest))
                })
                .max_by_key(|&(_, date)| date)
                .map(|(doc, date)| printed(doc, date))
        }),
        Event::SixteenthBirthday => {
            let (passport, birth) = bundle
                .passports()
                .find_map(|(doc, passport)| Some((doc, passport.birth_date?)))?;
            let sixteen = birth.checked_add_months(Months::new(16 * 12))?;
            // Only a birthday spent in Kazakhstan starts the count.
            let entry = bundle.facts.day("entry_date")?;
            (entry < sixteen).then(|| printed(passport, sixteen))
        }
        Event::ContractSigned => contract_date(DateRole::Signed),
        Event::ContractRegistered => contract_date(DateRole::Registered),
        Event::PlaceOfStayRegistered => {
            // Its dates before the entry are the holder's birth, the
            // passport's issue: not the registration.
            let entry = bundle.facts.day("entry_date")?;
            bundle
                .of_kind(DocumentKind::PlaceOfStayRegistration)
                .filter_map(|doc| {
                    let first = doc
                        .dates
                        .iter()
                        .map(|d| d.date)
                        .filter(|d| *d >= entry)
                        .min()?;
                    Some((doc, first))
                })
                .min_by_key(|&(_, date)| date)
                .map(|(doc, date)| printed(doc, date))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{DatedText, Fields};
    use crate::rules::test_support::*;

    fn order(date: NaiveDate) -> Document {
        let mut order = doc("order.pdf", DocumentKind::TerminationOrder, Fields::None {});
        order.dates = vec![DatedText {
            date,
            role: Some(DateRole::Signed),
            page: 1,
            text: date.format("%d.%m.%Y").to_string(),
        }];
        order
    }

    #[test]
    fn a_change_of_employer_is_filed_within_fifteen_days_of_the_order() {
        let mut documents = complete();
        documents.push(order(date(2026, 11, 9))); // filed on the 15th day
        assert!(run(&RULE, &documents).is_empty());
        documents.pop();
        documents.push(order(date(2026, 11, 8)));
        let findings = run(&RULE, &documents);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(
            findings[0].message,
            "Change of employer: the filing on 2026-11-24 comes more than 15 days after the end of the previous employment on 2026-11-08 (the last day was 2026-11-23)."
        );
        assert_eq!(findings[0].evidence[0].text, "08.11.2026");
        // The day stated in the facts is taken over the order's.
        let stated = crate::Stated {
            previous_employment_ended: Some(date(2026, 11, 20)),
            ..russian()
        };
        assert!(run_stating(&RULE, &documents, stated).is_empty());
    }

    #[test]
    fn a_sixteenth_birthday_counts_only_when_spent_in_kazakhstan() {
        let documents = complete(); // born 1990-04-15
        let entered = |day| crate::Stated {
            entry_date: Some(day),
            ..russian()
        };
        let findings = run_stating(&RULE, &documents, entered(date(2006, 1, 1)));
        let codes: Vec<_> = findings.iter().map(|f| (f.code, f.severity)).collect();
        // Entered before 16, filing decades later: both limits broken.
        assert_eq!(
            codes,
            [
                ("missed-deadline", Severity::Error),
                ("missed-deadline", Severity::Warning)
            ]
        );
        let recent = run_stating(&RULE, &documents, entered(date(2026, 10, 1)));
        assert!(recent.is_empty(), "{recent:?}");
    }

    #[test]
    fn registration_at_the_place_of_stay_counts_only_for_entries_from_july_2026() {
        let mut registration = order(date(2026, 9, 15));
        registration.classification.kind = DocumentKind::PlaceOfStayRegistration;
        let mut documents = complete();
        documents.push(registration);
        let late = |entry| {
            let stated = crate::Stated {
                entry_date: Some(entry),
                ..russian()
            };
            run_stating(&RULE, &documents, stated)
                .into_iter()
                .filter(|f| f.message.starts_with("Registration at the place of stay"))
                .map(|f| f.severity)
                .collect::<Vec<_>>()
        };
        assert_eq!(late(date(2026, 8, 1)), [Severity::Warning]);
        assert!(late(date(2026, 8, 16)).is_empty(), "the 30th day");
        assert!(late(date(2026, 6, 1)).is_empty(), "before the rule");
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let deadline = &crate::rules::purpose("work")
            .expect("shipped")
            .deadlines
            .iter()
            .find(|d| d.working_days)
            .expect("the ЕСУТД deadline");
        // Signed on a Thursday: five working days end the next Thursday.
        assert_eq!(
            last_day(date(2026, 11, 5), deadline),
            Some(date(2026, 11, 12))
        );
    }
}
