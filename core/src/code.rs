//! Stable identifiers: category codes, district codes, body, policy and rule ids.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest identifier accepted, in bytes.
pub const MAX_CODE_LEN: usize = 64;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeError {
    /// The string is empty.
    #[error("identifier is empty")]
    Empty,
    /// The string is longer than [`MAX_CODE_LEN`] bytes.
    #[error("identifier is {len} bytes long, the limit is {MAX_CODE_LEN}")]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The string holds a character other than `a-z`, `0-9`, `_`, `-`, `.`.
    #[error("identifier {code:?} holds {ch:?}; only a-z, 0-9, '_', '-' and '.' are allowed")]
    BadChar {
        /// The string, cut to the limit.
        code: String,
        /// The first offending character.
        ch: char,
    },
}

/// Checks that `s` is a valid identifier: 1 to 64 bytes of `a-z 0-9 _ - .`.
///
/// Restricting the alphabet keeps identifiers stable across JSON, TOML, C and URLs.
///
/// # Errors
/// [`CodeError`] naming the fault.
pub fn validate_code(s: &str) -> Result<(), CodeError> {
    if s.is_empty() {
        return Err(CodeError::Empty);
    }
    if s.len() > MAX_CODE_LEN {
        return Err(CodeError::TooLong { len: s.len() });
    }
    if let Some(ch) = s
        .chars()
        .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '_' | '-' | '.'))
    {
        return Err(CodeError::BadChar {
            code: s.to_owned(),
            ch,
        });
    }
    Ok(())
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Cheap to clone (a shared, immutable string); compares and hashes by value.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Makes an identifier from a string after checking it.
            ///
            /// # Errors
            /// [`CodeError`] when the string is empty, too long or holds a character
            /// outside `a-z 0-9 _ - .`.
            pub fn new(s: &str) -> Result<Self, CodeError> {
                validate_code(s)?;
                Ok(Self(Arc::from(s)))
            }

            /// The identifier as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, CodeError> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::new(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

code_type!(
    /// The stable code of a category or subcategory, e.g. `lifts` or `lifts.stuck`.
    CategoryCode
);
code_type!(
    /// The code of a city district, e.g. `al-farabi`.
    DistrictCode
);
code_type!(
    /// The id of a responsible body, e.g. `akimat-abay`.
    BodyId
);
code_type!(
    /// The name of an SLA policy, e.g. `appk-standard`.
    PolicyId
);
code_type!(
    /// The id of a routing rule.
    RuleId
);
code_type!(
    /// Who acted: an operator's login, a body's id, `citizen`, `system`.
    ActorId
);
code_type!(
    /// The name of a working calendar, e.g. `shymkent-office`.
    CalendarId
);
code_type!(
    /// A free tag attached to an appeal by routing or staff, e.g. `winter-heating`.
    Tag
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_code_alphabet() {
        assert_eq!(
            CategoryCode::new("lifts.stuck-2_x").unwrap().as_str(),
            "lifts.stuck-2_x"
        );
    }

    #[test]
    fn rejects_empty_long_and_foreign() {
        assert_eq!(CategoryCode::new(""), Err(CodeError::Empty));
        assert!(matches!(
            CategoryCode::new(&"a".repeat(65)),
            Err(CodeError::TooLong { len: 65 })
        ));
        assert!(matches!(
            CategoryCode::new("Lifts"),
            Err(CodeError::BadChar { ch: 'L', .. })
        ));
        assert!(matches!(
            CategoryCode::new("лифт"),
            Err(CodeError::BadChar { ch: 'л', .. })
        ));
    }

    #[test]
    fn serde_validates() {
        let ok: BodyId = serde_json::from_str("\"akimat-abay\"").unwrap();
        assert_eq!(ok.as_str(), "akimat-abay");
        assert!(serde_json::from_str::<BodyId>("\"Akimat Abay\"").is_err());
    }
}
