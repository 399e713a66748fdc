//! A time limit of the case was not kept.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::purpose::{Deadline, Event};
use super::{Bundle, Evidence, Finding, Rule, Severity, needs_review};
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
    basis: "Each deadline's own, in its data file (`dossier rules` and `dossier explain missed-deadline` list them)",
    explanation: "Checks the deadlines of the case's purpose, as its data file and common.toml list them (below), where both of a deadline's days are known, from the documents (a termination order's date, a contract's signing and ЕСУТД entry, the passport's birth date, a registration's date) or from the facts in dossier.toml or --fact (entry_date, previous_employment_ended, filing_date); a deadline whose days are not both known is not checked, and a change of employer stated without the day it happened is a needs-review warning. Each deadline is an error or a warning, as its data says.",
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
    let mut findings: Vec<Finding> = bundle
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
        .collect();
    findings.extend(unknown_end(bundle));
    findings
}

/// A change of employer the facts state whose previous employment's end
/// no order or fact gives: its deadline cannot be checked, so a person
/// looks.
fn unknown_end(bundle: &Bundle) -> Option<Finding> {
    let changes = bundle
        .purpose()
        .deadlines
        .iter()
        .any(|d| d.from == Event::PreviousEmploymentEnded);
    let fact = bundle.facts.get("previous_employer")?;
    if !changes || day(bundle, Event::PreviousEmploymentEnded).is_some() {
        return None;
    }
    let mut finding = needs_review::RULE.finding(
        format!("A change of employer is stated ({} = {}), but no termination order or previous_employment_ended gives the day the previous employment ended: the 15 days to renew cannot be checked.", fact.key, fact.value),
        Vec::new(),
    );
    finding.hint = "Add the previous employer's termination order, or state previous_employment_ended = YYYY-MM-DD in dossier.toml.".to_string();
    finding.evidence = vec![Evidence::fact(fact)];
    Some(finding)
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
        let fact = bundle.facts.get(key)?;
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
    // Both of a contract's days from the same contract: an old contract's
    // signing beside a new one's registration says nothing.
    let contract_date = |role: DateRole| {
        fn role_date(doc: &Document, role: DateRole) -> Option<&crate::fields::DatedText> {
            doc.dates.iter().find(|d| d.role == Some(role))
        }
        bundle.contracts().find_map(|(doc, _)| {
            role_date(doc, DateRole::Signed)?;
            role_date(doc, DateRole::Registered)?;
            Some(printed(doc, role_date(doc, role)?.date))
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
            // order is dated on it or before it). An order whose latest
            // date is after the filing ends an employment that has not
            // ended yet: no count has begun.
            bundle
                .of_kind(DocumentKind::TerminationOrder)
                .filter_map(|doc| Some((doc, doc.dates.iter().map(|d| d.date).max()?)))
                .filter(|&(_, latest)| latest <= bundle.as_of)
                .max_by_key(|&(_, date)| date)
                .map(|(doc, date)| printed(doc, date))
        }),
        Event::SixteenthBirthday => {
            let (passport, birth) = bundle
                .passports()
                .find_map(|(doc, passport)| Some((doc, passport.birth_date?)))?;
            let sixteen = birth.checked_add_months(Months::new(16 * 12))?;
            let seventeen = birth.checked_add_months(Months::new(17 * 12))?;
            // Only a birthday spent in Kazakhstan starts the count, and
            // only a 16-year-old files for the first time: at 17 or more
            // the permit is renewed.
            let entry = bundle.facts.day("entry_date")?;
            (entry < sixteen && bundle.as_of < seventeen).then(|| Day {
                date: sixteen,
                evidence: Some(Evidence::date(passport, birth)),
                document: Some(passport),
            })
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
        // An order ending the employment after the filing: not ended yet.
        documents.pop();
        let mut future = order(date(2026, 10, 30));
        future.dates.push(DatedText {
            date: date(2026, 12, 1),
            role: None,
            page: 1,
            text: "01.12.2026".to_string(),
        });
        documents.push(future);
        assert!(run(&RULE, &documents).is_empty());
    }

    #[test]
    fn a_stated_change_of_employer_without_its_end_needs_review() {
        let stated = crate::Stated {
            previous_employer: Some("ТОО «Алатау»".to_string()),
            ..russian()
        };
        let findings = run_stating(&RULE, &complete(), stated);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, "needs-review");
        assert_eq!(
            findings[0].evidence[0].text,
            "previous_employer = ТОО «Алатау»"
        );
    }

    #[test]
    fn a_sixteenth_birthday_counts_only_when_spent_in_kazakhstan() {
        let documents = complete(); // born 1990-04-15
        let entered = |day| crate::Stated {
            entry_date: Some(day),
            ..russian()
        };
        // Born 1990: long past 17, a renewal, whatever the entry.
        let renewal = run_stating(&RULE, &documents, entered(date(2006, 1, 1)));
        assert!(
            renewal
                .iter()
                .all(|f| !f.message.starts_with("Application after"))
        );
        let mut young = complete();
        let crate::fields::Fields::Passport(passport) = &mut young[0].fields else {
            unreachable!()
        };
        passport.birth_date = Some(date(2010, 11, 5)); // 16 nineteen days ago
        let first = |entry| {
            run_stating(&RULE, &young, entered(entry))
                .into_iter()
                .filter(|f| {
                    f.message
                        .starts_with("Application after the sixteenth birthday")
                })
                .collect::<Vec<_>>()
        };
        let late = first(date(2020, 1, 1));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].severity, Severity::Error);
        assert!(
            late[0].message.contains("the 16th birthday on 2026-11-05"),
            "{}",
            late[0].message
        );
        assert!(
            first(date(2026, 11, 10)).is_empty(),
            "turned 16 before entering"
        );
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
    fn a_contract_is_entered_in_esutd_within_five_working_days_of_its_own_signing() {
        let dated = |date: NaiveDate, role| DatedText {
            date,
            role: Some(role),
            page: 1,
            text: date.format("%d.%m.%Y").to_string(),
        };
        let esutd = |documents: &[Document]| {
            run(&RULE, documents)
                .into_iter()
                .map(|f| (f.severity, f.documents))
                .collect::<Vec<_>>()
        };
        let mut documents = complete();
        let index = documents
            .iter()
            .position(|d| d.kind() == DocumentKind::EmploymentContract)
            .expect("a contract");
        // Signed on a Friday: the fifth working day is the next Friday.
        documents[index].dates = vec![
            dated(date(2026, 10, 30), DateRole::Signed),
            dated(date(2026, 11, 6), DateRole::Registered),
        ];
        assert!(esutd(&documents).is_empty());
        documents[index].dates[1] = dated(date(2026, 11, 9), DateRole::Registered);
        assert_eq!(
            esutd(&documents),
            [(Severity::Warning, vec!["contract.pdf".to_string()])]
        );
        // An old contract's signing beside the new one's registration.
        let mut old = contract(Some(date(2026, 10, 31)));
        old.path = "old contract.pdf".to_string();
        old.dates = vec![dated(date(2025, 1, 10), DateRole::Signed)];
        documents[index].dates.remove(0);
        documents.insert(index, old);
        assert!(esutd(&documents).is_empty());
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
