//! The facts of a case that its papers cannot show, or show only where
//! they are read well: the purpose of stay, the filing date and channel,
//! whether the applicant owns the dwelling or its owner comes to the filing
//! in person, the applicant's citizenship, the date of entry into
//! Kazakhstan, the previous employer and when that employment ended. A
//! bundle states them in its own `dossier.toml` (read, never written); a
//! flag (`--fact KEY=VALUE`) overrides the file; the passport tells the
//! citizenship where neither does; what nothing states takes the default
//! that asks for the most papers, so that an unstated fact never makes a
//! bundle ready.

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

use crate::rules::{DEFAULT_PURPOSE, purpose_names};

/// The file in a bundle's folder that states its facts.
pub const FILE: &str = "dossier.toml";

/// A `dossier.toml` larger than this is not a list of facts.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// Facts as a file or the flags state them, each unset where they do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stated {
    /// The purpose of stay, a file of `src/rules/purposes/`: `work`.
    pub purpose: Option<String>,
    /// The day the bundle will be filed (`--as-of` on the command line).
    #[serde(default, deserialize_with = "date")]
    pub filing_date: Option<NaiveDate>,
    /// Where it will be filed.
    pub channel: Option<Channel>,
    /// The applicant owns the dwelling they will live in: no landlord's
    /// consent is needed.
    pub applicant_owns_dwelling: Option<bool>,
    /// The dwelling's owner (or their proxy) comes to the filing in
    /// person, which since 2023 stands in for the notarised consent.
    pub owner_comes_in_person: Option<bool>,
    /// The applicant's citizenship as a passport's zone writes it (ICAO
    /// 9303: `RUS`, `UZB`), over what the passport says.
    pub citizenship: Option<String>,
    /// The day the applicant last entered Kazakhstan.
    #[serde(default, deserialize_with = "date")]
    pub entry_date: Option<NaiveDate>,
    /// The employer the applicant leaves, when the permit is renewed for a
    /// new one.
    pub previous_employer: Option<String>,
    /// The last day of the previous employment, over the termination
    /// order's date.
    #[serde(default, deserialize_with = "date")]
    pub previous_employment_ended: Option<NaiveDate>,
}

/// Where the application is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A service centre (ЦОН) or the police's migration service, in
    /// person.
    ServiceCentre,
    /// The eGov portal, where the application is the portal's own form.
    Egov,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::ServiceCentre => "service_centre",
            Channel::Egov => "egov",
        }
    }
}

/// A TOML date (`2026-11-24`, no time) as a day.
pub(crate) fn date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    use serde::de::Error;
    let datetime = toml::value::Datetime::deserialize(deserializer)?;
    let day = match (datetime.date, datetime.time) {
        (Some(day), None) => NaiveDate::from_ymd_opt(
            i32::from(day.year),
            u32::from(day.month),
            u32::from(day.day),
        ),
        _ => None,
    };
    day.map(Some)
        .ok_or_else(|| D::Error::custom("a day written YYYY-MM-DD, without a time"))
}

/// Citizens of the Eurasian Economic Union's states (Armenia, Belarus,
/// Kazakhstan, Kyrgyzstan, Russia) need no health insurance and work
/// without a work permit (gov.kz service 4631; EAEU Treaty Art. 97).
const EAEU: [&str; 5] = ["ARM", "BLR", "KAZ", "KGZ", "RUS"];

/// A statement of facts that cannot be taken, with the key it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", key.as_ref().map(|key| format!("{key}: ")).unwrap_or_default())]
pub struct FactsError {
    /// The key the error is about, where one is.
    pub key: Option<String>,
    pub message: String,
}

impl Stated {
    /// The facts a `dossier.toml`'s text states.
    pub fn parse(text: &str) -> Result<Stated, FactsError> {
        let stated: Stated = toml::from_str(text).map_err(|err| {
            let key = err.span().and_then(|span| key_at(text, span.start));
            FactsError {
                key,
                message: err.message().trim_end().to_string(),
            }
        })?;
        stated.check()?;
        Ok(stated)
    }

    /// Whether every fact stated is one dossier can take: a state's code,
    /// a purpose there is a file for, days within 1900–2200, an employer's
    /// name on one line.
    pub fn check(&self) -> Result<(), FactsError> {
        let wrong = |key: &str, message: String| FactsError {
            key: Some(key.to_string()),
            message,
        };
        let code = self.citizenship.as_deref();
        // A zone pads a short code with fillers: `D<<` is Germany.
        let zone_code = |code: &str| {
            code.len() == 3
                && code.starts_with(|c: char| c.is_ascii_uppercase())
                && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'<')
        };
        if code.is_some_and(|code| !zone_code(code)) {
            return Err(wrong(
                "citizenship",
                "a state's three capital letters, as a passport's zone writes it (RUS, UZB)"
                    .to_string(),
            ));
        }
        let days = [
            ("filing_date", self.filing_date),
            ("entry_date", self.entry_date),
            ("previous_employment_ended", self.previous_employment_ended),
        ];
        if let Some((key, day)) = days.into_iter().find_map(|(key, day)| {
            day.filter(|day| !(1900..=2200).contains(&day.year()))
                .map(|day| (key, day))
        }) {
            return Err(wrong(key, format!("{day} is outside the years 1900–2200")));
        }
        if let Some(employer) = &self.previous_employer
            && (employer.chars().any(char::is_control) || employer.chars().count() > 200)
        {
            return Err(wrong(
                "previous_employer",
                "a name on one line, 200 characters at most".to_string(),
            ));
        }
        if let Some(purpose) = &self.purpose
            && !purpose_names().any(|name| name == purpose)
        {
            let names: Vec<&str> = purpose_names().collect();
            return Err(wrong(
                "purpose",
                format!("no purpose {purpose:?}: one of {}", names.join(", ")),
            ));
        }
        Ok(())
    }

    /// The facts the flags state, each `KEY=VALUE` as a line of
    /// `dossier.toml` would (`applicant_owns_dwelling=true`); the last flag
    /// of a key wins.
    pub fn from_flags(flags: &[String]) -> Result<Stated, FactsError> {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for flag in flags {
            let (key, value) = flag.split_once('=').ok_or_else(|| FactsError {
                key: Some(flag.clone()),
                message: "a fact is given as KEY=VALUE".to_string(),
            })?;
            let key = key.trim();
            pairs.retain(|(stated, _)| *stated != key);
            pairs.push((key, value.trim()));
        }
        let text: String = pairs
            .iter()
            .map(|(key, value)| format!("{key} = {}\n", toml_value(key, value)))
            .collect();
        Stated::parse(&text)
    }

    /// The facts of `bundle`'s `dossier.toml` (its name in any case);
    /// none stated when it has none. A link is not followed, and no more
    /// than [`MAX_FILE_BYTES`] is read.
    pub fn of_bundle(bundle: &Path) -> Result<Stated, FactsError> {
        let Some(name) = facts_file(bundle) else {
            return Ok(Stated::default());
        };
        let problem = |message: String| FactsError { key: None, message };
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(bundle.join(&name))
            .map_err(|err| match err.raw_os_error() {
                Some(libc::ELOOP) => problem("a symbolic link, not followed".to_string()),
                _ => problem(format!("cannot be read ({err})")),
            })?;
        let is_file = file.metadata().map(|m| m.is_file()).unwrap_or(false);
        if !is_file {
            return Err(problem("not a plain file".to_string()));
        }
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| problem(format!("cannot be read ({err})")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(problem(format!(
                "over {} KB, not a list of facts",
                MAX_FILE_BYTES / 1024
            )));
        }
        let text = String::from_utf8(bytes).map_err(|_| problem("not UTF-8 text".to_string()))?;
        Stated::parse(&text)
    }
}

/// A flag's value as TOML writes it: a name as a string, a yes or no and a
/// day as they are (and anything else as a string, which their keys then
/// refuse by name).
fn toml_value(key: &str, value: &str) -> String {
    const NAMES: [&str; 4] = ["purpose", "channel", "citizenship", "previous_employer"];
    let bare = !NAMES.contains(&key)
        && (matches!(value, "true" | "false")
            || NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok());
    match bare {
        true => value.to_string(),
        // JSON's escapes are TOML's basic string's, but for DEL, which
        // TOML wants escaped and JSON leaves as it is.
        false => serde_json::to_string(value)
            .expect("a string serialises")
            .replace('\u{7f}', "\\u007f"),
    }
}

/// Whether `name`, a file at a bundle's top, states its facts.
pub fn is_facts_file(name: &std::ffi::OsStr) -> bool {
    name.eq_ignore_ascii_case(FILE)
}

/// The name of `bundle`'s facts file: `dossier.toml` itself, else the
/// first name that is `dossier.toml` in another case (a folder copied
/// from a disk that ignores case).
fn facts_file(bundle: &Path) -> Option<std::ffi::OsString> {
    if bundle.join(FILE).symlink_metadata().is_ok() {
        return Some(FILE.into());
    }
    let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(bundle)
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.file_name()))
        .filter(|name| is_facts_file(name))
        .collect();
    names.sort();
    names.into_iter().next()
}

/// The key of the `key = value` line that holds byte `at` of `text`.
fn key_at(text: &str, at: usize) -> Option<String> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    Some(key.trim().to_string()).filter(|key| !key.is_empty())
}

/// Where a fact the check used came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A `--fact` flag.
    Flag,
    /// The bundle's `dossier.toml`.
    File,
    /// A document of the bundle (the passport's zone).
    Document,
    /// None of these: the value that asks for the most papers.
    Default,
}

/// A fact's value: yes or no, a name (a state's code, a purpose), a day,
/// or not known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Yes(bool),
    Code(String),
    Day(NaiveDate),
    Unknown,
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Value::Yes(yes) => write!(f, "{yes}"),
            Value::Code(code) => f.write_str(code),
            Value::Day(day) => write!(f, "{day}"),
            Value::Unknown => f.write_str("unknown"),
        }
    }
}

/// One fact the check used: its key, its value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub key: &'static str,
    pub value: Value,
    pub source: Source,
}

/// What the bundle's documents say of the facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// The nationality a valid passport zone gives, or a Russian internal
    /// passport's.
    pub citizenship: Option<String>,
}

/// The facts of a case, each with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    facts: Vec<Fact>,
}

/// The first of a flag's, the file's and the documents' value, with its
/// source.
fn first<T>(flag: Option<T>, file: Option<T>, document: Option<T>) -> Option<(T, Source)> {
    flag.map(|value| (value, Source::Flag))
        .or_else(|| file.map(|value| (value, Source::File)))
        .or_else(|| document.map(|value| (value, Source::Document)))
}

impl Facts {
    /// The facts `flags` state, else `file`, else the documents (where
    /// they can tell), else the defaults: the work purpose, filing on
    /// `today`, at a service centre, no dwelling of the applicant's own,
    /// no owner in person. Whether the applicant is an EAEU citizen
    /// follows from the citizenship; an unknown one is not. A day or name
    /// nothing states is not a fact the check used, and is left out.
    pub fn resolve(flags: &Stated, file: &Stated, observed: &Observed, today: NaiveDate) -> Facts {
        let fact = |key, found: Option<(Value, Source)>, default: Value| {
            let (value, source) = found.unwrap_or((default, Source::Default));
            Fact { key, value, source }
        };
        fn stated<T: Clone>(flag: &Option<T>, file: &Option<T>) -> Option<(T, Source)> {
            first(flag.clone(), file.clone(), None)
        }
        let yes = |key, flag: Option<bool>, file: Option<bool>| {
            fact(
                key,
                first(flag, file, None).map(|(yes, source)| (Value::Yes(yes), source)),
                Value::Yes(false),
            )
        };
        let code = |found: Option<(String, Source)>| {
            found.map(|(code, source)| (Value::Code(code), source))
        };
        let day = |found: Option<(NaiveDate, Source)>| {
            found.map(|(day, source)| (Value::Day(day), source))
        };
        let citizenship = first(
            flags.citizenship.clone(),
            file.citizenship.clone(),
            observed.citizenship.clone(),
        );
        let eaeu = citizenship
            .as_ref()
            .map(|(code, source)| (Value::Yes(EAEU.contains(&code.as_str())), *source));
        let channel = first(flags.channel, file.channel, None)
            .map(|(channel, source)| (Value::Code(channel.as_str().to_string()), source));
        let mut facts = vec![
            fact(
                "purpose",
                code(stated(&flags.purpose, &file.purpose)),
                Value::Code(DEFAULT_PURPOSE.to_string()),
            ),
            fact(
                "filing_date",
                day(stated(&flags.filing_date, &file.filing_date)),
                Value::Day(today),
            ),
            fact(
                "channel",
                channel,
                Value::Code(Channel::ServiceCentre.as_str().to_string()),
            ),
            yes(
                "applicant_owns_dwelling",
                flags.applicant_owns_dwelling,
                file.applicant_owns_dwelling,
            ),
            yes(
                "owner_comes_in_person",
                flags.owner_comes_in_person,
                file.owner_comes_in_person,
            ),
            fact("citizenship", code(citizenship), Value::Unknown),
            fact("eaeu_citizen", eaeu, Value::Yes(false)),
        ];
        let optional = [
            (
                "entry_date",
                day(stated(&flags.entry_date, &file.entry_date)),
            ),
            (
                "previous_employer",
                code(stated(&flags.previous_employer, &file.previous_employer)),
            ),
            (
                "previous_employment_ended",
                day(stated(
                    &flags.previous_employment_ended,
                    &file.previous_employment_ended,
                )),
            ),
        ];
        facts.extend(
            optional.into_iter().filter_map(|(key, found)| {
                found.map(|(value, source)| Fact { key, value, source })
            }),
        );
        Facts { facts }
    }

    /// Every fact, in a fixed order.
    pub fn all(&self) -> &[Fact] {
        &self.facts
    }

    /// The fact `key`, where the case has it.
    pub fn get(&self, key: &str) -> Option<&Fact> {
        self.facts.iter().find(|fact| fact.key == key)
    }

    fn value(&self, key: &str) -> Option<&Value> {
        self.get(key).map(|fact| &fact.value)
    }

    /// Whether the yes-or-no fact `key` holds; `None` for a key no such
    /// fact has.
    pub fn holds(&self, key: &str) -> Option<bool> {
        match self.value(key)? {
            Value::Yes(yes) => Some(*yes),
            _ => None,
        }
    }

    /// The day fact `key` states, if any.
    pub fn day(&self, key: &str) -> Option<NaiveDate> {
        match self.value(key)? {
            Value::Day(day) => Some(*day),
            _ => None,
        }
    }

    /// The purpose of stay the case is checked for.
    pub fn purpose(&self) -> &str {
        match self.value("purpose") {
            Some(Value::Code(name)) => name,
            _ => DEFAULT_PURPOSE,
        }
    }

    /// The day the bundle is filed.
    pub fn filing_date(&self) -> NaiveDate {
        self.day("filing_date").unwrap_or_default()
    }

    /// Whether the application goes through the eGov portal.
    pub fn on_egov(&self) -> bool {
        self.value("channel") == Some(&Value::Code(Channel::Egov.as_str().to_string()))
    }
}

impl Default for Facts {
    fn default() -> Self {
        resolved(&Stated::default())
    }
}

/// The facts `flags` state, over nothing else, filed on the Unix epoch's
/// day: what tests and the purposes' own check need.
pub(crate) fn resolved(flags: &Stated) -> Facts {
    Facts::resolve(
        flags,
        &Stated::default(),
        &Observed::default(),
        NaiveDate::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_overrides_the_file_and_the_file_the_default() {
        let file = Stated::parse(
            "purpose = \"family\"\napplicant_owns_dwelling = true\nowner_comes_in_person = true\nentry_date = 2026-09-01\n",
        )
        .expect("valid");
        let flags = Stated::from_flags(&[
            "owner_comes_in_person=false".into(),
            "previous_employer=ТОО \"Алатау\"".into(),
            "channel=egov".into(),
        ])
        .expect("valid");
        let observed = Observed {
            citizenship: Some("UZB".into()),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a day");
        let facts = Facts::resolve(&flags, &file, &observed, today);
        let fact = |key, value, source| Fact { key, value, source };
        let code = |code: &str| Value::Code(code.to_string());
        assert_eq!(
            facts.all(),
            [
                fact("purpose", code("family"), Source::File),
                fact("filing_date", Value::Day(today), Source::Default),
                fact("channel", code("egov"), Source::Flag),
                fact("applicant_owns_dwelling", Value::Yes(true), Source::File),
                fact("owner_comes_in_person", Value::Yes(false), Source::Flag),
                fact("citizenship", code("UZB"), Source::Document),
                fact("eaeu_citizen", Value::Yes(false), Source::Document),
                fact(
                    "entry_date",
                    Value::Day(NaiveDate::from_ymd_opt(2026, 9, 1).expect("a day")),
                    Source::File
                ),
                fact("previous_employer", code("ТОО \"Алатау\""), Source::Flag),
            ]
        );
        assert!(facts.on_egov());
        assert_eq!(facts.purpose(), "family");
        // A flag states the citizenship over the passport.
        let kyrgyz = Stated::from_flags(&["citizenship=KGZ".into()]).expect("valid");
        let facts = Facts::resolve(&kyrgyz, &file, &observed, today);
        assert_eq!(facts.holds("eaeu_citizen"), Some(true));
        assert_eq!(facts.holds("citizenship"), None);
        // Unknown: not an EAEU citizen, which asks for the most papers.
        assert_eq!(Facts::default().holds("eaeu_citizen"), Some(false));
        assert_eq!(
            Facts::default().holds("applicant_owns_dwelling"),
            Some(false)
        );
        assert_eq!(Facts::default().holds("no_such_fact"), None);
    }

    #[test]
    fn a_bundles_file_is_read_in_any_case_but_never_through_a_link_or_past_its_limit() {
        let bundle = std::env::temp_dir().join(format!("dossier-facts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&bundle);
        std::fs::create_dir_all(&bundle).expect("a scratch folder");
        assert_eq!(Stated::of_bundle(&bundle), Ok(Stated::default()));
        std::fs::write(
            bundle.join("Dossier.TOML"),
            "owner_comes_in_person = true\n",
        )
        .expect("written");
        assert_eq!(
            Stated::of_bundle(&bundle).map(|s| s.owner_comes_in_person),
            Ok(Some(true))
        );
        std::fs::remove_file(bundle.join("Dossier.TOML")).expect("removed");
        std::os::unix::fs::symlink("/etc/passwd", bundle.join(FILE)).expect("a link");
        let link = Stated::of_bundle(&bundle).expect_err("a link");
        assert!(link.message.contains("symbolic link"), "{link}");
        std::fs::remove_file(bundle.join(FILE)).expect("removed");
        std::fs::write(bundle.join(FILE), "# ".repeat(40_000)).expect("written");
        let huge = Stated::of_bundle(&bundle).expect_err("too large");
        assert!(huge.message.contains("over 64 KB"), "{huge}");
        std::fs::remove_dir_all(&bundle).expect("removed");
    }

    #[test]
    fn a_wrong_value_or_an_unknown_key_is_an_error_naming_the_key() {
        let wrong = Stated::parse("# the client's case\napplicant_owns_dwelling = \"yes\"\n")
            .expect_err("a string is not a yes or no");
        assert_eq!(wrong.key.as_deref(), Some("applicant_owns_dwelling"));
        assert!(wrong.message.contains("boolean"), "{wrong}");
        let unknown = Stated::parse("owns_flat = true\n").expect_err("no such fact");
        assert!(unknown.to_string().contains("owns_flat"), "{unknown}");
        let code = Stated::parse("citizenship = \"Uzbekistan\"\n").expect_err("not a code");
        assert_eq!(code.key.as_deref(), Some("citizenship"));
        let purpose = Stated::parse("purpose = \"tourism\"\n").expect_err("no such purpose");
        let listed = purpose
            .to_string()
            .strip_prefix("purpose: no purpose \"tourism\": one of ")
            .map(|names| names.split(", ").any(|name| name == "work"));
        assert_eq!(listed, Some(true), "{purpose}");
        let day = Stated::from_flags(&["entry_date=01.09.2026".into()]).expect_err("not a day");
        assert_eq!(day.key.as_deref(), Some("entry_date"));
        let far = Stated::parse("filing_date = 9999-01-01\n").expect_err("out of range");
        assert!(
            far.to_string()
                .starts_with("filing_date: 9999-01-01 is outside"),
            "{far}"
        );
        let last = Stated::from_flags(&[
            "purpose=family".into(),
            "purpose=study".into(),
            "previous_employer=true".into(),
            "citizenship=D<<".into(),
        ])
        .expect("the last flag of a key wins; a name is a name");
        assert_eq!(last.purpose.as_deref(), Some("study"));
        assert_eq!(last.previous_employer.as_deref(), Some("true"));
        let injected = Stated::from_flags(&["previous_employer=x\n\n## Findings\u{7f}".into()])
            .expect_err("not one line");
        assert_eq!(injected.key.as_deref(), Some("previous_employer"));
        let flag = Stated::from_flags(&["applicant_owns_dwelling".into()]).expect_err("no value");
        assert!(
            flag.to_string().starts_with("applicant_owns_dwelling: "),
            "{flag}"
        );
    }
}
