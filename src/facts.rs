//! The facts of a case that its papers cannot show, or show only where
//! they are read well: whether the applicant owns the dwelling, whether
//! its owner comes to the filing in person, the applicant's citizenship.
//! A bundle states them in its own `dossier.toml` (read, never written); a
//! flag (`--fact KEY=VALUE`) overrides the file; the passport tells the
//! citizenship where neither does; what nothing states takes the default
//! that asks for the most papers, so that an unstated fact never makes a
//! bundle ready.

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The file in a bundle's folder that states its facts.
pub const FILE: &str = "dossier.toml";

/// A `dossier.toml` larger than this is not a list of facts.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// Facts as a file or the flags state them, each unset where they do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stated {
    /// The applicant owns the dwelling they will live in: no landlord's
    /// consent is needed.
    pub applicant_owns_dwelling: Option<bool>,
    /// The dwelling's owner (or their proxy) comes to the filing in
    /// person, which since 2023 stands in for the notarised consent.
    pub owner_comes_in_person: Option<bool>,
    /// The applicant's citizenship as a passport's zone writes it (ICAO
    /// 9303: `RUS`, `UZB`), over what the passport says.
    pub citizenship: Option<String>,
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
        let code = stated.citizenship.as_deref();
        if code.is_some_and(|code| code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(FactsError {
                key: Some("citizenship".to_string()),
                message:
                    "a state's three capital letters, as a passport's zone writes it (RUS, UZB)"
                        .to_string(),
            });
        }
        Ok(stated)
    }

    /// The facts the flags state, each `KEY=VALUE` as a line of
    /// `dossier.toml` would (`applicant_owns_dwelling=true`).
    pub fn from_flags(flags: &[String]) -> Result<Stated, FactsError> {
        let text: String = flags
            .iter()
            .map(|flag| match flag.split_once('=') {
                // A code is a string; a yes or no is not.
                Some((key @ "citizenship", value)) => Ok(format!("{key} = \"{}\"\n", value.trim())),
                Some((key, value)) => Ok(format!("{} = {}\n", key.trim(), value.trim())),
                None => Err(FactsError {
                    key: Some(flag.clone()),
                    message: "a fact is given as KEY=VALUE".to_string(),
                }),
            })
            .collect::<Result<_, _>>()?;
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

/// A fact's value: yes or no, a state's code, or not known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Yes(bool),
    Code(String),
    Unknown,
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Value::Yes(yes) => write!(f, "{yes}"),
            Value::Code(code) => f.write_str(code),
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

impl Facts {
    /// The facts `flags` state, else `file`, else the documents (where
    /// they can tell), else the defaults. Whether the applicant is an
    /// EAEU citizen follows from the citizenship; an unknown one is not.
    pub fn resolve(flags: &Stated, file: &Stated, observed: &Observed) -> Facts {
        fn first<T>(flag: Option<T>, file: Option<T>, document: Option<T>) -> Option<(T, Source)> {
            flag.map(|value| (value, Source::Flag))
                .or_else(|| file.map(|value| (value, Source::File)))
                .or_else(|| document.map(|value| (value, Source::Document)))
        }
        let yes = |key, flag, file| {
            let (value, source) = first(flag, file, None).unwrap_or((false, Source::Default));
            Fact {
                key,
                value: Value::Yes(value),
                source,
            }
        };
        let citizenship = first(
            flags.citizenship.clone(),
            file.citizenship.clone(),
            observed.citizenship.clone(),
        );
        let eaeu = match &citizenship {
            Some((code, source)) => (EAEU.contains(&code.as_str()), *source),
            None => (false, Source::Default),
        };
        Facts {
            facts: vec![
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
                match citizenship {
                    Some((code, source)) => Fact {
                        key: "citizenship",
                        value: Value::Code(code),
                        source,
                    },
                    None => Fact {
                        key: "citizenship",
                        value: Value::Unknown,
                        source: Source::Default,
                    },
                },
                Fact {
                    key: "eaeu_citizen",
                    value: Value::Yes(eaeu.0),
                    source: eaeu.1,
                },
            ],
        }
    }

    /// Every fact, in a fixed order.
    pub fn all(&self) -> &[Fact] {
        &self.facts
    }

    /// Whether the yes-or-no fact `key` holds; `None` for a key no such
    /// fact has.
    pub fn holds(&self, key: &str) -> Option<bool> {
        self.facts
            .iter()
            .find(|fact| fact.key == key)
            .and_then(|fact| match fact.value {
                Value::Yes(yes) => Some(yes),
                _ => None,
            })
    }
}

impl Default for Facts {
    fn default() -> Self {
        Facts::resolve(&Stated::default(), &Stated::default(), &Observed::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_overrides_the_file_and_the_file_the_default() {
        let file = Stated::parse("applicant_owns_dwelling = true\nowner_comes_in_person = true\n")
            .expect("valid");
        let flags = Stated::from_flags(&["owner_comes_in_person=false".into()]).expect("valid");
        let observed = Observed {
            citizenship: Some("UZB".into()),
        };
        let facts = Facts::resolve(&flags, &file, &observed);
        let fact = |key, value, source| Fact { key, value, source };
        assert_eq!(
            facts.all(),
            [
                fact("applicant_owns_dwelling", Value::Yes(true), Source::File),
                fact("owner_comes_in_person", Value::Yes(false), Source::Flag),
                fact("citizenship", Value::Code("UZB".into()), Source::Document),
                fact("eaeu_citizen", Value::Yes(false), Source::Document),
            ]
        );
        // A flag states the citizenship over the passport.
        let kyrgyz = Stated::from_flags(&["citizenship=KGZ".into()]).expect("valid");
        let facts = Facts::resolve(&kyrgyz, &file, &observed);
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
        let flag = Stated::from_flags(&["applicant_owns_dwelling".into()]).expect_err("no value");
        assert!(
            flag.to_string().starts_with("applicant_owns_dwelling: "),
            "{flag}"
        );
    }
}
