//! Personal data of the citizen behind an appeal, kept out of logs and statistics.
//!
//! [`PhoneNumber`] and [`Citizen`] never show their contents through `Debug` or
//! `Display`; reading them takes an explicit [`PhoneNumber::expose`]. A
//! [`CitizenKey`] (a keyed BLAKE3 hash of the normalised number) identifies a repeat
//! appellant in statistics without the number itself.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneError {
    /// The text holds a character other than digits, spaces, `+`, `-`, `(`, `)` and `.`.
    #[error("phone number holds {ch:?}")]
    BadChar {
        /// The first offending character.
        ch: char,
    },
    /// The number has the wrong count of digits for a Kazakhstan number.
    #[error("phone number has {digits} digits; a Kazakhstan number has 11 (+7 and 10) or 10")]
    WrongLength {
        /// The count of digits found.
        digits: usize,
    },
    /// The number is not in Kazakhstan's numbering plan (+7 6xx or +7 7xx).
    #[error("phone number is not a Kazakhstan number (+7 6xx or +7 7xx)")]
    NotKazakhstan,
}

/// A Kazakhstan phone number, normalised to E.164 (`+77011234567`).
///
/// Accepts `+7 701 123 45 67`, `8 (701) 123-45-67`, `87011234567`, `7011234567`.
/// Kazakhstan shares country code 7 with Russia; its numbers start `+7 6` or `+7 7`.
///
/// ```
/// use aryz::PhoneNumber;
/// let p = PhoneNumber::parse("8 (701) 123-45-67")?;
/// assert_eq!(p.expose(), "+77011234567");
/// assert_eq!(format!("{p:?}"), "PhoneNumber(+7********67)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(Box<str>);

impl PhoneNumber {
    /// Parses and normalises a Kazakhstan phone number.
    ///
    /// # Errors
    /// [`PhoneError`] naming what is wrong.
    pub fn parse(text: &str) -> Result<PhoneNumber, PhoneError> {
        let mut digits = String::with_capacity(12);
        let mut plus = false;
        for (i, ch) in text.trim().chars().enumerate() {
            match ch {
                '0'..='9' => digits.push(ch),
                '+' if i == 0 => plus = true,
                ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
                _ => return Err(PhoneError::BadChar { ch }),
            }
        }
        let national = match (plus, digits.len()) {
            (true, 11) if digits.starts_with('7') => &digits[1..],
            (true, _) => {
                return Err(PhoneError::WrongLength {
                    digits: digits.len(),
                });
            }
            // The domestic trunk prefix 8, or the country code written without '+'.
            (false, 11) if digits.starts_with('8') || digits.starts_with('7') => &digits[1..],
            (false, 10) => &digits[..],
            (false, n) => return Err(PhoneError::WrongLength { digits: n }),
        };
        if !(national.starts_with('6') || national.starts_with('7')) {
            return Err(PhoneError::NotKazakhstan);
        }
        Ok(PhoneNumber(format!("+7{national}").into_boxed_str()))
    }

    /// The number in E.164 form. Handle with care: this is personal data.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A masked form safe for screens and logs: `+7********67`.
    pub fn masked(&self) -> String {
        let tail = &self.0[self.0.len() - 2..];
        format!("+7{}{tail}", "*".repeat(self.0.len() - 4))
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PhoneNumber::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Who filed an appeal, when known. An anonymous appeal has none.
///
/// `Debug` shows only whether each field is present.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Citizen {
    /// The citizen's name as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The number to call back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
}

impl fmt::Debug for Citizen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Citizen")
            .field("name", &self.name.as_ref().map(|_| "<redacted>"))
            .field("phone", &self.phone)
            .finish()
    }
}

/// A pseudonymous identifier of a citizen: a keyed hash of the phone number.
///
/// The same number under the same key always gives the same key; without the secret
/// the number cannot be recovered by trying all 10¹⁰ numbers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CitizenKey([u8; 16]);

impl CitizenKey {
    /// The key as 32 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The key's 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// A key from its 16 bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> CitizenKey {
        CitizenKey(bytes)
    }

    /// Parses 32 hex digits.
    pub fn from_hex(s: &str) -> Option<CitizenKey> {
        if s.len() != 32 || !s.is_ascii() {
            return None;
        }
        let mut out = [0u8; 16];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(CitizenKey(out))
    }
}

impl fmt::Debug for CitizenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CitizenKey({})", self.to_hex())
    }
}

impl fmt::Display for CitizenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for CitizenKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for CitizenKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CitizenKey::from_hex(&s).ok_or_else(|| serde::de::Error::custom("expected 32 hex digits"))
    }
}

/// Derives [`CitizenKey`]s under a secret held by the deployment.
#[derive(Clone)]
pub struct CitizenHasher {
    key: [u8; 32],
}

impl CitizenHasher {
    /// A hasher under a 32-byte secret. Keep the secret out of the event log.
    pub fn new(secret: [u8; 32]) -> CitizenHasher {
        CitizenHasher { key: secret }
    }

    /// A hasher whose secret is derived from a passphrase (for tests and demos).
    pub fn from_passphrase(passphrase: &str) -> CitizenHasher {
        CitizenHasher {
            key: blake3::derive_key("aryz 2026 citizen key", passphrase.as_bytes()),
        }
    }

    /// The key of a phone number.
    pub fn key(&self, phone: &PhoneNumber) -> CitizenKey {
        let h = blake3::keyed_hash(&self.key, phone.expose().as_bytes());
        let mut out = [0u8; 16];
        out.copy_from_slice(&h.as_bytes()[..16]);
        CitizenKey(out)
    }
}

impl fmt::Debug for CitizenHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CitizenHasher(<secret>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_kazakhstan_forms() {
        for s in [
            "+7 701 123 45 67",
            "8 (701) 123-45-67",
            "87011234567",
            "77011234567",
            "7011234567",
            "+7(7252)53-12-34",
        ] {
            let p = PhoneNumber::parse(s).unwrap();
            assert!(p.expose().starts_with("+77"), "{s}");
            assert_eq!(p.expose().len(), 12, "{s}");
        }
        assert_eq!(
            PhoneNumber::parse("8 701 123 45 67").unwrap(),
            PhoneNumber::parse("+77011234567").unwrap()
        );
    }

    #[test]
    fn refuses_others() {
        assert_eq!(
            PhoneNumber::parse("+7 916 123 45 67"),
            Err(PhoneError::NotKazakhstan)
        );
        assert_eq!(
            PhoneNumber::parse("+7 701 123 45"),
            Err(PhoneError::WrongLength { digits: 9 })
        );
        assert_eq!(
            PhoneNumber::parse("+44 20 7946 0958"),
            Err(PhoneError::WrongLength { digits: 12 })
        );
        assert_eq!(
            PhoneNumber::parse("701-CALL-ME"),
            Err(PhoneError::BadChar { ch: 'C' })
        );
        assert_eq!(
            PhoneNumber::parse("7+7011234567"),
            Err(PhoneError::BadChar { ch: '+' })
        );
        assert_eq!(
            PhoneNumber::parse(""),
            Err(PhoneError::WrongLength { digits: 0 })
        );
    }

    #[test]
    fn never_shown_in_debug_or_display() {
        let p = PhoneNumber::parse("+77011234567").unwrap();
        let c = Citizen {
            name: Some("Айгүл Сәрсенова".into()),
            phone: Some(p.clone()),
        };
        for shown in [
            format!("{p}"),
            format!("{p:?}"),
            format!("{c:?}"),
            format!("{c:#?}"),
        ] {
            assert!(
                !shown.contains("7011234567") && !shown.contains("1234"),
                "{shown}"
            );
            assert!(!shown.contains("Айгүл"), "{shown}");
        }
    }

    #[test]
    fn keys_are_stable_keyed_and_round_trip() {
        let a = CitizenHasher::from_passphrase("s1");
        let b = CitizenHasher::from_passphrase("s2");
        let p = PhoneNumber::parse("87011234567").unwrap();
        let q = PhoneNumber::parse("+7 701 123 45 67").unwrap();
        assert_eq!(a.key(&p), a.key(&q));
        assert_ne!(a.key(&p), b.key(&p));
        assert_eq!(CitizenKey::from_hex(&a.key(&p).to_hex()), Some(a.key(&p)));
        assert!(!format!("{:?}", a).contains("s1"));
    }
}
