//! The three languages of the centre and labels written in them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A language an appeal, a label or a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Language {
    /// Kazakh (`kk`), the state language.
    Kk,
    /// Russian (`ru`).
    Ru,
    /// English (`en`).
    En,
}

impl Language {
    /// Every language, in the order labels fall back through after the one asked for.
    pub const ALL: [Language; 3] = [Language::Kk, Language::Ru, Language::En];

    /// The ISO 639-1 code: `kk`, `ru` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Kk => "kk",
            Language::Ru => "ru",
            Language::En => "en",
        }
    }

    /// Parses an ISO 639-1 code, case-insensitively.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.to_ascii_lowercase().as_str() {
            "kk" | "kz" | "kaz" => Some(Language::Kk),
            "ru" | "rus" => Some(Language::Ru),
            "en" | "eng" => Some(Language::En),
            _ => None,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text in up to three languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// Kazakh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk: Option<String>,
    /// Russian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ru: Option<String>,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Labels {
    /// The text in `lang` exactly, if present and not blank.
    pub fn get_exact(&self, lang: Language) -> Option<&str> {
        let s = match lang {
            Language::Kk => &self.kk,
            Language::Ru => &self.ru,
            Language::En => &self.en,
        };
        s.as_deref().filter(|s| !s.trim().is_empty())
    }

    /// The text in `lang`, else the first present of Russian, Kazakh, English.
    ///
    /// Russian comes first in the fallback because it is the language every
    /// operator and body in the centre reads.
    pub fn get(&self, lang: Language) -> Option<&str> {
        self.get_exact(lang)
            .or_else(|| self.get_exact(Language::Ru))
            .or_else(|| self.get_exact(Language::Kk))
            .or_else(|| self.get_exact(Language::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_russian_then_kazakh() {
        let l = Labels {
            kk: Some("Лифт".into()),
            ru: None,
            en: Some("Lift".into()),
        };
        assert_eq!(l.get(Language::En), Some("Lift"));
        assert_eq!(l.get(Language::Ru), Some("Лифт"));
        let l = Labels {
            kk: None,
            ru: Some("Лифты".into()),
            en: Some(" ".into()),
        };
        assert_eq!(l.get(Language::En), Some("Лифты"));
        assert_eq!(Labels::default().get(Language::Kk), None);
    }

    #[test]
    fn parses_codes() {
        assert_eq!(Language::from_code("KK"), Some(Language::Kk));
        assert_eq!(Language::from_code("de"), None);
    }
}
