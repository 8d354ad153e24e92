//! The responsible bodies and the city districts, as replaceable data.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use super::{DEFAULT_MAX_DEPTH, Format, check_limits};
use crate::code::{BodyId, CalendarId, DistrictCode};
use crate::language::{Labels, Language};

/// The version of the directory file format this crate reads and writes.
pub const DIRECTORY_SCHEMA: u32 = 1;

/// The largest directory file accepted, in bytes (1 MiB).
pub const DEFAULT_MAX_DIRECTORY_BYTES: usize = 1 << 20;

/// A city district, e.g. Al-Farabi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// The stable code, e.g. `al-farabi`.
    pub code: DistrictCode,
    /// The name in Kazakh, Russian and English.
    pub names: Labels,
}

/// What kind of organisation a body is. Informative: routing goes by id, not by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BodyKind {
    /// The city akimat itself.
    CityAkimat,
    /// A district akimat (yards, lighting, local works).
    DistrictAkimat,
    /// A department of the city akimat.
    CityDepartment,
    /// A utility provider (water, gas, electricity, heat).
    Utility,
    /// An emergency service.
    Emergency,
    /// The police.
    Police,
    /// A national state service (pension fund, State Corporation).
    StateService,
    /// A territorial office of a national inspection or committee.
    Inspection,
}

/// How a body is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContactChannel {
    /// By telephone (the value is the number).
    Phone,
    /// By e-mail (the value is the address).
    Email,
    /// Through the national e-portal eOtinish (the value, if any, is the portal's id of the body).
    EOtinish,
    /// Through a web form or API (the value is the address).
    Web,
}

/// A body's contact: the channel and, where known, the number or address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The channel.
    pub channel: ContactChannel,
    /// The number, address or portal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A body that appeals are routed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The stable id, e.g. `akimat-abay`.
    pub id: BodyId,
    /// What kind of organisation it is.
    pub kind: BodyKind,
    /// The name in Kazakh, Russian and English.
    pub names: Labels,
    /// How it is reached.
    pub contact: Contact,
    /// Its working calendar (`shymkent-office`, `round-the-clock`), resolved by the SLA
    /// module ([`crate::Calendar`]).
    pub calendar: CalendarId,
    /// The district it serves, for a district body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<DistrictCode>,
    /// Whether the name and contact were checked against an official source. Names taken
    /// from news reports are `false`: defaults to be confirmed before use.
    #[serde(default)]
    pub verified: bool,
    /// Where the data came from, or what to check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a directory file was refused. Each variant names the entry and field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// The file is larger than the limit.
    #[error("directory is {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The file nests deeper than the limit.
    #[error("directory nests {depth} levels deep, the limit is {limit}")]
    TooDeep {
        /// The depth reached.
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// The file is not valid JSON or TOML of the expected shape.
    #[error("directory is not valid {format}: {message}")]
    Syntax {
        /// `json` or `toml`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The file declares a schema version this crate does not read.
    #[error("directory schema {found} is not supported (this crate reads {DIRECTORY_SCHEMA})")]
    UnsupportedSchema {
        /// The version found.
        found: u32,
    },
    /// Two districts or two bodies share a code.
    #[error("{code} is defined twice")]
    Duplicate {
        /// The repeated code.
        code: String,
    },
    /// A body names a district the file does not define.
    #[error("body {body} names unknown district {district}")]
    UnknownDistrict {
        /// The body.
        body: BodyId,
        /// The district it names.
        district: DistrictCode,
    },
    /// A district or body lacks a name in a language.
    #[error("{code} has no name in {language}")]
    MissingName {
        /// The district or body.
        code: String,
        /// The missing language.
        language: Language,
    },
    /// The file defines no district or no body.
    #[error("directory has no {what}")]
    Empty {
        /// `districts` or `bodies`.
        what: &'static str,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    schema: u32,
    districts: Vec<District>,
    bodies: Vec<Body>,
}

/// The districts and responsible bodies that routing rules may name.
///
/// Load the embedded Shymkent default with [`Directory::shymkent`], or your own with
/// [`Directory::from_json`] / [`Directory::from_toml`]. The Shymkent names of utility
/// providers come from news reports and are marked `verified: false`.
///
/// ```
/// use aryz::{Directory, Language};
/// let d = Directory::shymkent();
/// assert_eq!(d.districts().len(), 5);
/// let abay = d.body("akimat-abay").ok_or("no akimat")?;
/// assert_eq!(abay.names.get(Language::En), Some("Abay district akimat"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    districts: Vec<District>,
    bodies: Vec<Body>,
}

const SHYMKENT_JSON: &str = include_str!("../../data/bodies.json");

static SHYMKENT: LazyLock<Arc<Directory>> = LazyLock::new(|| {
    // The embedded file is checked by a test; failing here would be a build defect.
    #[allow(clippy::expect_used)]
    Arc::new(Directory::from_json(SHYMKENT_JSON).expect("embedded directory is valid"))
});

impl Directory {
    /// The embedded default: Shymkent's five districts and the bodies of its centre.
    pub fn shymkent() -> Arc<Directory> {
        Arc::clone(&SHYMKENT)
    }

    /// The embedded default's source text (JSON).
    pub fn shymkent_json() -> &'static str {
        SHYMKENT_JSON
    }

    /// Loads a directory from JSON.
    ///
    /// # Errors
    /// [`DirectoryError`] naming the entry at fault.
    pub fn from_json(text: &str) -> Result<Directory, DirectoryError> {
        check_limits(
            text,
            Format::Json,
            DEFAULT_MAX_DIRECTORY_BYTES,
            DEFAULT_MAX_DEPTH,
        )
        .map_err(|l| l.into_directory())?;
        let file: DirectoryFile =
            serde_json::from_str(text).map_err(|e| DirectoryError::Syntax {
                format: "json",
                message: e.to_string(),
            })?;
        Self::from_file(file)
    }

    /// Loads a directory from TOML.
    ///
    /// # Errors
    /// [`DirectoryError`] naming the entry at fault.
    pub fn from_toml(text: &str) -> Result<Directory, DirectoryError> {
        check_limits(
            text,
            Format::Toml,
            DEFAULT_MAX_DIRECTORY_BYTES,
            DEFAULT_MAX_DEPTH,
        )
        .map_err(|l| l.into_directory())?;
        let file: DirectoryFile = toml::from_str(text).map_err(|e| DirectoryError::Syntax {
            format: "toml",
            message: e.to_string(),
        })?;
        Self::from_file(file)
    }

    fn from_file(file: DirectoryFile) -> Result<Directory, DirectoryError> {
        if file.schema != DIRECTORY_SCHEMA {
            return Err(DirectoryError::UnsupportedSchema { found: file.schema });
        }
        if file.districts.is_empty() {
            return Err(DirectoryError::Empty { what: "districts" });
        }
        if file.bodies.is_empty() {
            return Err(DirectoryError::Empty { what: "bodies" });
        }
        let mut seen = HashSet::new();
        for d in &file.districts {
            if !seen.insert(d.code.as_str()) {
                return Err(DirectoryError::Duplicate {
                    code: d.code.to_string(),
                });
            }
            check_names(d.code.as_str(), &d.names)?;
        }
        let districts: HashSet<&str> = seen;
        let mut bodies = HashSet::new();
        for b in &file.bodies {
            if !bodies.insert(b.id.as_str()) {
                return Err(DirectoryError::Duplicate {
                    code: b.id.to_string(),
                });
            }
            check_names(b.id.as_str(), &b.names)?;
            if let Some(d) = &b.district
                && !districts.contains(d.as_str())
            {
                return Err(DirectoryError::UnknownDistrict {
                    body: b.id.clone(),
                    district: d.clone(),
                });
            }
        }
        Ok(Directory {
            districts: file.districts,
            bodies: file.bodies,
        })
    }

    /// Writes the directory in its JSON file form; loading the result gives an equal directory.
    pub fn to_json(&self) -> String {
        let file = DirectoryFile {
            schema: DIRECTORY_SCHEMA,
            districts: self.districts.clone(),
            bodies: self.bodies.clone(),
        };
        // Plain strings and enums cannot fail to serialise.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// The districts, in file order.
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    /// The bodies, in file order.
    pub fn bodies(&self) -> &[Body] {
        &self.bodies
    }

    /// The district with this code.
    pub fn district(&self, code: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.code.as_str() == code)
    }

    /// The body with this id.
    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id.as_str() == id)
    }

    /// The calendar names the bodies use, each once, in file order.
    pub fn calendars(&self) -> Vec<&CalendarId> {
        let mut out: Vec<&CalendarId> = Vec::new();
        for b in &self.bodies {
            if !out.contains(&&b.calendar) {
                out.push(&b.calendar);
            }
        }
        out
    }
}

fn check_names(code: &str, names: &Labels) -> Result<(), DirectoryError> {
    for language in Language::ALL {
        if names.get_exact(language).is_none() {
            return Err(DirectoryError::MissingName {
                code: code.to_owned(),
                language,
            });
        }
    }
    Ok(())
}
