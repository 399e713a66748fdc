//! The facts of a case that its papers cannot show: whether the applicant
//! owns the dwelling, whether its owner comes to the filing in person. A
//! bundle states them in its own `dossier.toml` (read, never written); a
//! flag (`--fact KEY=VALUE`) overrides the file; what neither states takes
//! the default that asks for the most papers, so that an unstated fact
//! never makes a bundle ready.

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
}

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
        toml::from_str(text).map_err(|err| {
            let key = err.span().and_then(|span| key_at(text, span.start));
            FactsError {
                key,
                message: err.message().trim_end().to_string(),
            }
        })
    }

    /// The facts the flags state, each `KEY=VALUE` as a line of
    /// `dossier.toml` would (`applicant_owns_dwelling=true`).
    pub fn from_flags(flags: &[String]) -> Result<Stated, FactsError> {
        let text: String = flags
            .iter()
            .map(|flag| match flag.split_once('=') {
                Some((key, value)) => Ok(format!("{} = {}\n", key.trim(), value.trim())),
                None => Err(FactsError {
                    key: Some(flag.clone()),
                    message: "a fact is given as KEY=VALUE".to_string(),
                }),
            })
            .collect::<Result<_, _>>()?;
        Stated::parse(&text)
    }

    /// The facts of `bundle`'s `dossier.toml`; none stated when it has
    /// none.
    pub fn of_bundle(bundle: &Path) -> Result<Stated, FactsError> {
        let path = bundle.join(FILE);
        let unreadable = |err: std::io::Error| FactsError {
            key: None,
            message: format!("cannot be read ({err})"),
        };
        match std::fs::symlink_metadata(&path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Stated::default()),
            Err(err) => Err(unreadable(err)),
            Ok(metadata) if !metadata.is_file() => Err(FactsError {
                key: None,
                message: "not a plain file".to_string(),
            }),
            Ok(metadata) if metadata.len() > MAX_FILE_BYTES => Err(FactsError {
                key: None,
                message: format!("over {} KB, not a list of facts", MAX_FILE_BYTES / 1024),
            }),
            Ok(_) => {
                let bytes = std::fs::read(&path).map_err(unreadable)?;
                let text = String::from_utf8(bytes).map_err(|_| FactsError {
                    key: None,
                    message: "not UTF-8 text".to_string(),
                })?;
                Stated::parse(&text)
            }
        }
    }
}

/// The key of the `key = value` line that holds byte `at` of `text`.
fn key_at(text: &str, at: usize) -> Option<String> {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
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
    /// Neither: the value that asks for the most papers.
    Default,
}

/// One fact the check used: its key, its value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub key: &'static str,
    pub value: bool,
    pub source: Source,
}

/// The facts of a case, each with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    facts: Vec<Fact>,
}

impl Facts {
    /// The facts `flags` state, else `file`, else the defaults.
    pub fn resolve(flags: &Stated, file: &Stated) -> Facts {
        let fact = |key, flag: Option<bool>, file: Option<bool>| match (flag, file) {
            (Some(value), _) => Fact {
                key,
                value,
                source: Source::Flag,
            },
            (None, Some(value)) => Fact {
                key,
                value,
                source: Source::File,
            },
            (None, None) => Fact {
                key,
                value: false,
                source: Source::Default,
            },
        };
        Facts {
            facts: vec![
                fact(
                    "applicant_owns_dwelling",
                    flags.applicant_owns_dwelling,
                    file.applicant_owns_dwelling,
                ),
                fact(
                    "owner_comes_in_person",
                    flags.owner_comes_in_person,
                    file.owner_comes_in_person,
                ),
            ],
        }
    }

    /// Every fact, in a fixed order.
    pub fn all(&self) -> &[Fact] {
        &self.facts
    }

    /// The value of the fact `key`; `None` for a key no fact has.
    pub fn holds(&self, key: &str) -> Option<bool> {
        self.facts
            .iter()
            .find(|fact| fact.key == key)
            .map(|fact| fact.value)
    }
}

impl Default for Facts {
    fn default() -> Self {
        Facts::resolve(&Stated::default(), &Stated::default())
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
        let facts = Facts::resolve(&flags, &file);
        assert_eq!(
            facts.all(),
            [
                Fact {
                    key: "applicant_owns_dwelling",
                    value: true,
                    source: Source::File
                },
                Fact {
                    key: "owner_comes_in_person",
                    value: false,
                    source: Source::Flag
                },
            ]
        );
        assert_eq!(
            Facts::default().holds("applicant_owns_dwelling"),
            Some(false)
        );
        assert_eq!(Facts::default().holds("no_such_fact"), None);
    }

    #[test]
    fn a_wrong_value_or_an_unknown_key_is_an_error_naming_the_key() {
        let wrong = Stated::parse("# the client's case\napplicant_owns_dwelling = \"yes\"\n")
            .expect_err("a string is not a yes or no");
        assert_eq!(wrong.key.as_deref(), Some("applicant_owns_dwelling"));
        assert!(wrong.message.contains("boolean"), "{wrong}");
        let unknown = Stated::parse("owns_flat = true\n").expect_err("no such fact");
        assert!(unknown.to_string().contains("owns_flat"), "{unknown}");
        let flag = Stated::from_flags(&["applicant_owns_dwelling".into()]).expect_err("no value");
        assert!(
            flag.to_string().starts_with("applicant_owns_dwelling: "),
            "{flag}"
        );
    }
}
