//! Registration numbers and their format.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest registration number accepted, in characters.
pub const MAX_NUMBER_LEN: usize = 40;

/// Why a registration number or a number format was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// The number is empty, too long, or holds whitespace or a control character.
    #[error(
        "registration number {text:?} is empty, longer than {MAX_NUMBER_LEN} characters, or holds whitespace"
    )]
    Invalid {
        /// The text given, cut to 64 characters.
        text: String,
    },
    /// The format has no `{seq:N}` field, an unknown `{...}` field, or an unclosed brace.
    #[error("number format {template:?} is invalid: {reason}")]
    BadFormat {
        /// The template given.
        template: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The year's sequence does not fit the format's digits.
    #[error("sequence {seq} does not fit in {digits} digits")]
    SequenceExhausted {
        /// The sequence number that did not fit.
        seq: u64,
        /// The digits the format allows.
        digits: u8,
    },
}

/// The unique number an appeal gets when it is registered (APPK Art. 64), e.g. `SHY-2026-000123`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegistrationNumber(std::sync::Arc<str>);

impl RegistrationNumber {
    /// Checks and wraps a registration number.
    ///
    /// # Errors
    /// [`NumberError::Invalid`] when it is empty, longer than 40 characters, or holds
    /// whitespace or control characters.
    pub fn new(text: &str) -> Result<RegistrationNumber, NumberError> {
        let n = text.chars().count();
        if n == 0 || n > MAX_NUMBER_LEN || text.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(NumberError::Invalid {
                text: text.chars().take(64).collect(),
            });
        }
        Ok(RegistrationNumber(text.into()))
    }

    /// A stand-in used where a number must exist by construction, instead of panicking.
    #[cold]
    pub(crate) fn placeholder() -> RegistrationNumber {
        RegistrationNumber("?".into())
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RegistrationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegistrationNumber({:?})", &*self.0)
    }
}

impl std::borrow::Borrow<str> for RegistrationNumber {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for RegistrationNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RegistrationNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        RegistrationNumber::new(&s).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Year,
    Seq(u8),
}

/// How registration numbers are written: a template with `{year}` and `{seq:N}` fields.
///
/// The sequence restarts at 1 each year. `SHY-{year}-{seq:6}` gives `SHY-2026-000123`;
/// eOtinish's numbers are `ЖТ-{year}-{seq:8}`.
///
/// ```
/// use aryz::NumberFormat;
/// let f = NumberFormat::new("ЖТ-{year}-{seq:8}")?;
/// assert_eq!(f.format(2022, 742)?.as_str(), "ЖТ-2022-00000742");
/// assert_eq!(f.parse("ЖТ-2022-00000742"), Some((2022, 742)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    template: String,
    pieces: Vec<Piece>,
    digits: u8,
}

impl Default for NumberFormat {
    fn default() -> Self {
        #[allow(clippy::expect_used)]
        NumberFormat::new("SHY-{year}-{seq:6}").expect("default format is valid")
    }
}

impl NumberFormat {
    /// Parses a template.
    ///
    /// # Errors
    /// [`NumberError::BadFormat`] for a template without exactly one `{seq:N}` (N from 1 to
    /// 12), with an unknown field or an unclosed brace.
    pub fn new(template: &str) -> Result<NumberFormat, NumberError> {
        let bad = |reason| NumberError::BadFormat {
            template: template.to_owned(),
            reason,
        };
        let mut pieces = Vec::new();
        let mut digits = None;
        let mut rest = template;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest.find('}').ok_or_else(|| bad("unclosed '{'"))?;
                    let field = &rest[1..end];
                    if field == "year" {
                        pieces.push(Piece::Year);
                    } else if let Some(n) = field.strip_prefix("seq:") {
                        let n: u8 = n.parse().map_err(|_| bad("{seq:N} needs a number N"))?;
                        if !(1..=12).contains(&n) {
                            return Err(bad("{seq:N} needs N from 1 to 12"));
                        }
                        if digits.replace(n).is_some() {
                            return Err(bad("more than one {seq:N}"));
                        }
                        pieces.push(Piece::Seq(n));
                    } else {
                        return Err(bad("unknown field; use {year} and {seq:N}"));
                    }
                    rest = &rest[end + 1..];
                }
                found => {
                    let end = found.unwrap_or(rest.len());
                    if rest[..end].contains('}') {
                        return Err(bad("unmatched '}'"));
                    }
                    pieces.push(Piece::Literal(rest[..end].to_owned()));
                    rest = &rest[end..];
                }
            }
        }
        let digits = digits.ok_or_else(|| bad("no {seq:N} field"))?;
        // A literal with whitespace would make every number invalid.
        RegistrationNumber::new(&Self::render(&pieces, 2026, 1))
            .map_err(|_| bad("numbers would be empty, too long or hold whitespace"))?;
        Ok(NumberFormat {
            template: template.to_owned(),
            pieces,
            digits,
        })
    }

    fn render(pieces: &[Piece], year: i32, seq: u64) -> String {
        let mut s = String::new();
        for p in pieces {
            match p {
                Piece::Literal(l) => s.push_str(l),
                Piece::Year => s.push_str(&format!("{year:04}")),
                Piece::Seq(n) => s.push_str(&format!("{seq:0width$}", width = usize::from(*n))),
            }
        }
        s
    }

    /// The template this format was made from.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The number for the `seq`-th appeal of `year`.
    ///
    /// # Errors
    /// [`NumberError::SequenceExhausted`] when `seq` needs more digits than the format has.
    pub fn format(&self, year: i32, seq: u64) -> Result<RegistrationNumber, NumberError> {
        if seq >= 10u64.pow(u32::from(self.digits)) {
            return Err(NumberError::SequenceExhausted {
                seq,
                digits: self.digits,
            });
        }
        RegistrationNumber::new(&Self::render(&self.pieces, year, seq))
    }

    /// The year and sequence of a number written in this format, if it is one.
    pub fn parse(&self, number: &str) -> Option<(i32, u64)> {
        let mut rest = number;
        let (mut year, mut seq) = (None, None);
        for p in &self.pieces {
            match p {
                Piece::Literal(l) => rest = rest.strip_prefix(l.as_str())?,
                Piece::Year => {
                    let y = rest.get(..4)?;
                    year = Some(y.parse().ok()?);
                    rest = &rest[4..];
                }
                Piece::Seq(n) => {
                    let d = rest.get(..usize::from(*n))?;
                    if !d.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    seq = Some(d.parse().ok()?);
                    rest = &rest[usize::from(*n)..];
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        Some((year.unwrap_or(0), seq?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let f = NumberFormat::default();
        assert_eq!(f.format(2026, 123).unwrap().as_str(), "SHY-2026-000123");
        assert_eq!(f.parse("SHY-2026-000123"), Some((2026, 123)));
        assert_eq!(f.parse("SHY-2026-00012"), None);
        assert_eq!(f.parse("SHY-2026-0001234"), None);
        assert_eq!(f.parse("XXX-2026-000123"), None);
        assert_eq!(
            f.format(2026, 1_000_000),
            Err(NumberError::SequenceExhausted {
                seq: 1_000_000,
                digits: 6
            })
        );
    }

    #[test]
    fn refuses_bad_templates() {
        for t in [
            "SHY-{year}",
            "{seq:0}",
            "{seq:13}",
            "{seq:x}",
            "{seq:3",
            "A}{seq:3}",
            "{yr}{seq:3}",
            "{seq:2}{seq:3}",
            "A B{seq:3}",
        ] {
            assert!(
                matches!(NumberFormat::new(t), Err(NumberError::BadFormat { .. })),
                "{t}"
            );
        }
    }

    #[test]
    fn refuses_bad_numbers() {
        assert!(RegistrationNumber::new("").is_err());
        assert!(RegistrationNumber::new("A 1").is_err());
        assert!(RegistrationNumber::new(&"1".repeat(41)).is_err());
        assert!(RegistrationNumber::new("ЖТ-2022-00000742").is_ok());
    }
}
