//! Where a pack is filed, and so how large its files may be: a profile
//! (TOML) sets the size limit, the resolution and JPEG quality scans are
//! drawn at and the least they may fall to, and the files' names. Two are
//! shipped (`profiles/`); a user's own is a path to a file of the same keys.

use std::path::Path;

use serde::Deserialize;

/// The shipped profiles, by name; the first is the default.
const SHIPPED: [(&str, &str); 2] = [
    ("egov", include_str!("../../profiles/egov.toml")),
    (
        "service-centre",
        include_str!("../../profiles/service-centre.toml"),
    ),
];

/// How a pack's files are drawn and named.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub description: String,
    /// Each PDF at most this many bytes.
    pub max_file_bytes: u64,
    /// Scans are drawn at this resolution and quality first.
    pub dpi: f32,
    pub jpeg_quality: u8,
    /// The least a document over the limit may be drawn at.
    pub min_dpi: f32,
    pub min_jpeg_quality: u8,
    /// A document's file name: `{order}` and `{kind}` filled in.
    pub name: String,
}

/// Why a profile could not be had.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(
        "{0}: no such profile; the shipped ones are egov and service-centre, or give a path to a .toml file"
    )]
    Unknown(String),
    #[error("{path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl Default for Profile {
    fn default() -> Self {
        Profile::parse("egov", SHIPPED[0].1).expect("the shipped egov profile is valid")
    }
}

impl Profile {
    /// A shipped profile by name, or the user's own by path (a name with a
    /// `/` or ending in `.toml`).
    pub fn load(name: &str) -> Result<Profile, ProfileError> {
        if let Some((_, text)) = SHIPPED.iter().find(|(shipped, _)| *shipped == name) {
            return Profile::parse(name, text);
        }
        if !(name.contains('/') || name.ends_with(".toml")) {
            return Err(ProfileError::Unknown(name.to_string()));
        }
        let text =
            std::fs::read_to_string(Path::new(name)).map_err(|source| ProfileError::Read {
                path: name.to_string(),
                source,
            })?;
        Profile::parse(name, &text)
    }

    fn parse(path: &str, text: &str) -> Result<Profile, ProfileError> {
        let invalid = |message: String| ProfileError::Invalid {
            path: path.to_string(),
            message,
        };
        let profile: Profile = toml::from_str(text).map_err(|err| invalid(err.to_string()))?;
        let qualities = 1..=100;
        if !(qualities.contains(&profile.jpeg_quality)
            && qualities.contains(&profile.min_jpeg_quality))
        {
            return Err(invalid("JPEG qualities run from 1 to 100".into()));
        }
        if !(profile.min_dpi >= 72.0 && profile.min_dpi <= profile.dpi && profile.dpi <= 300.0) {
            return Err(invalid(
                "resolutions must run 72 ≤ min_dpi ≤ dpi ≤ 300".into(),
            ));
        }
        if profile.min_jpeg_quality > profile.jpeg_quality {
            return Err(invalid("min_jpeg_quality is over jpeg_quality".into()));
        }
        if !profile.name.contains("{order}") || !profile.name.ends_with(".pdf") {
            return Err(invalid(
                "name must hold {order}, so files sort as the checklist, and end in .pdf".into(),
            ));
        }
        // A name is a file in the pack's folder, never a path out of it.
        if profile.name.contains(['/', '\\']) || profile.name.contains("..") {
            return Err(invalid("name may not hold a folder: no /, \\ or ..".into()));
        }
        Ok(profile)
    }

    /// The resolutions and qualities a scan is tried at, best first: the
    /// quality lowered, then the resolution, down to the profile's least.
    pub fn steps(&self) -> Vec<(f32, u8)> {
        let mut steps = vec![(self.dpi, self.jpeg_quality)];
        let mid_quality = (self.jpeg_quality + self.min_jpeg_quality) / 2;
        let mid_dpi = (self.dpi + self.min_dpi) / 2.0;
        for step in [
            (self.dpi, mid_quality),
            (mid_dpi, mid_quality),
            (self.min_dpi, self.min_jpeg_quality),
        ] {
            if !steps.contains(&step) {
                steps.push(step);
            }
        }
        steps
    }

    /// The file name of the document at `order` (1 first) of `kind`.
    pub fn file_name(&self, order: usize, kind: &str) -> String {
        self.name
            .replace("{order}", &format!("{order:02}"))
            .replace("{kind}", kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_profiles_are_valid_and_egov_is_the_default() {
        for (name, _) in SHIPPED {
            Profile::load(name).unwrap();
        }
        let egov = Profile::default();
        assert_eq!(egov, Profile::load("egov").unwrap());
        assert_eq!(egov.file_name(2, "passport"), "02-passport.pdf");
        assert_eq!(
            egov.steps(),
            [(300.0, 60), (300.0, 47), (225.0, 47), (150.0, 35)]
        );
    }

    #[test]
    fn a_profile_with_a_wrong_key_or_value_is_refused_naming_it() {
        let egov = include_str!("../../profiles/egov.toml");
        let typo = egov.replace("max_file_bytes", "max_file_size");
        let err = Profile::parse("mine.toml", &typo).unwrap_err().to_string();
        assert!(
            err.starts_with("mine.toml: ") && err.contains("max_file_size"),
            "{err}"
        );
        let unnamed = egov.replace("{order}-{kind}.pdf", "{kind}.pdf");
        let err = Profile::parse("mine.toml", &unnamed)
            .unwrap_err()
            .to_string();
        assert!(err.contains("{order}"), "{err}");
        for escape in [
            "../{order}-{kind}.pdf",
            "/tmp/{order}.pdf",
            "a\\\\{order}.pdf",
        ] {
            let named = egov.replace("{order}-{kind}.pdf", escape);
            let err = Profile::parse("mine.toml", &named).unwrap_err().to_string();
            assert!(err.contains("no /"), "{escape}: {err}");
        }
        assert!(matches!(
            Profile::load("egvo"),
            Err(ProfileError::Unknown(name)) if name == "egvo"
        ));
    }
}
