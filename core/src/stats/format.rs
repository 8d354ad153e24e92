//! Numbers, percentages, dates and durations in each language, and the report templates.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::StatsError;
use super::report::Percent;
use crate::language::Language;

/// The narrow no-break space (U+202F) Kazakh and Russian group thousands with.
const NNBSP: char = '\u{202F}';

fn separators(lang: Language) -> (char, char) {
    match lang {
        Language::En => (',', '.'),
        Language::Kk | Language::Ru => (NNBSP, ','),
    }
}

/// A count with the language's thousands separator: `27 347` (with U+202F, a narrow
/// no-break space) in Kazakh and Russian, `27,347` in English.
///
/// ```
/// use aryz::*;
/// assert_eq!(format_count(27_347, Language::Ru), "27\u{202F}347");
/// assert_eq!(format_count(27_347, Language::En), "27,347");
/// assert_eq!(format_count(999, Language::Kk), "999");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn format_count(n: u64, lang: Language) -> String {
    let (group, _) = separators(lang);
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    out
}

/// A number of tenths as a decimal with one digit: `93,5` / `93.5`, grouped like counts.
fn format_tenths(tenths: u64, lang: Language) -> String {
    let (_, decimal) = separators(lang);
    format!(
        "{}{decimal}{}",
        format_count(tenths / 10, lang),
        tenths % 10
    )
}

/// A percentage with one decimal and the language's decimal mark, no space before the
/// sign: `93,5%` in Kazakh and Russian, `93.5%` in English.
///
/// ```
/// use aryz::*;
/// let p = Percent::of(25_570, 27_347);
/// assert_eq!(format_percent(p, Language::Kk), "93,5%");
/// assert_eq!(format_percent(p, Language::En), "93.5%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn format_percent(p: Percent, lang: Language) -> String {
    format!("{}%", format_tenths(u64::from(p.tenths()), lang))
}

/// Which form of a noun agrees with `n`: Russian one / few / many, English one / other,
/// Kazakh a single form.
fn plural_form(n: u64, lang: Language, forms: &[String]) -> &str {
    let i = match lang {
        Language::Ru => {
            let (m10, m100) = (n % 10, n % 100);
            if m10 == 1 && m100 != 11 {
                0
            } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                1
            } else {
                2
            }
        }
        Language::En => usize::from(n != 1),
        Language::Kk => 0,
    };
    forms
        .get(i)
        .or_else(|| forms.last())
        .map_or("", String::as_str)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Units {
    minutes: String,
    hours: String,
    days: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageTemplates {
    months: [String; 12],
    months_genitive: [String; 12],
    months_in: [String; 12],
    units: Units,
    nouns: BTreeMap<String, Vec<String>>,
    text: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    schema: u32,
    kk: LanguageTemplates,
    ru: LanguageTemplates,
    en: LanguageTemplates,
}

/// The template keys a language must define.
pub(crate) const REQUIRED: [&str; 21] = [
    "date",
    "heading_month",
    "heading_year",
    "heading_range",
    "period_month",
    "period_year",
    "period_range",
    "summary",
    "first_contact",
    "channels",
    "channels_no_other",
    "sla",
    "sla_none",
    "resolution",
    "resolution_working",
    "reopened",
    "repeat_appellants",
    "backlog",
    "load",
    "top_heading",
    "top_line",
];

/// The placeholders templates may use.
pub(crate) const PLACEHOLDERS: &[&str] = &[
    "year",
    "month",
    "month_gen",
    "month_in",
    "day",
    "first",
    "last",
    "period",
    "considered",
    "fulfilled",
    "fulfilled_pct",
    "open",
    "with_bodies",
    "with_centre",
    "first_contact",
    "first_contact_pct",
    "by_phone",
    "by_phone_pct",
    "by_social",
    "by_social_pct",
    "by_other",
    "by_other_pct",
    "social",
    "sla_judged",
    "sla_compliance",
    "sla_on_time",
    "sla_late",
    "sla_breached",
    "sla_open_in_time",
    "median",
    "p90",
    "p99",
    "resolved",
    "working_median",
    "working_p90",
    "reopened",
    "reopened_pct",
    "repeated",
    "repeated_pct",
    "repeat_appellants",
    "age_0",
    "age_1",
    "age_2",
    "age_3",
    "age_4",
    "age_5",
    "busiest_day",
    "busiest_count",
    "capacity",
    "surge",
    "mean_per_day",
    "days_over_capacity",
    "busiest_hour",
    "busiest_hour_count",
    "capacity_hour",
    "rank",
    "label",
    "count",
    "pct",
];

/// The texts of the period report in Kazakh, Russian and English, loaded from TOML
/// (the embedded default is `core/data/report.toml`).
///
/// ```
/// use aryz::*;
/// let t = ReportTemplates::shymkent();
/// assert_eq!(t.month_name(3, Language::Kk), Some("наурыз"));
/// assert_eq!(t.month_name_genitive(3, Language::Ru), Some("марта"));
/// assert!(ReportTemplates::from_toml("schema = 1").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReportTemplates {
    langs: HashMap<Language, LanguageTemplates>,
}

impl ReportTemplates {
    /// The embedded default.
    pub fn shymkent() -> Arc<ReportTemplates> {
        static T: OnceLock<Arc<ReportTemplates>> = OnceLock::new();
        T.get_or_init(|| {
            // The embedded file is checked by a unit test; an error here is a build defect.
            Arc::new(
                ReportTemplates::from_toml(ReportTemplates::shymkent_toml())
                    .unwrap_or_else(|e| panic!("embedded report templates: {e}")),
            )
        })
        .clone()
    }

    /// The embedded default's TOML text.
    pub fn shymkent_toml() -> &'static str {
        include_str!("../../data/report.toml")
    }

    /// Loads and checks templates.
    ///
    /// # Errors
    /// [`StatsError::TemplateSyntax`] when the text is not TOML of the expected shape
    /// (schema 1, sections `kk`, `ru`, `en`); [`StatsError::Template`] naming the
    /// language and key of a missing template, an unknown placeholder or noun, or an
    /// unclosed brace.
    pub fn from_toml(text: &str) -> Result<ReportTemplates, StatsError> {
        let file: TemplateFile = toml::from_str(text).map_err(|e| StatsError::TemplateSyntax {
            message: e.message().to_owned(),
        })?;
        if file.schema != 1 {
            return Err(StatsError::TemplateSyntax {
                message: format!("schema {} is not 1", file.schema),
            });
        }
        let langs = HashMap::from([
            (Language::Kk, file.kk),
            (Language::Ru, file.ru),
            (Language::En, file.en),
        ]);
        for (lang, t) in &langs {
            let err = |key: &str, problem: String| StatsError::Template {
                language: *lang,
                key: key.to_owned(),
                problem,
            };
            for key in REQUIRED {
                if !t.text.contains_key(key) {
                    return Err(err(key, "is missing".into()));
                }
            }
            for (key, template) in &t.text {
                for (name, noun) in placeholders(template).map_err(|p| err(key, p))? {
                    if !PLACEHOLDERS.contains(&name) {
                        return Err(err(key, format!("names an unknown placeholder {{{name}}}")));
                    }
                    if let Some(noun) = noun
                        && t.nouns.get(noun).is_none_or(|f| f.is_empty())
                    {
                        return Err(err(key, format!("names an unknown noun {noun}")));
                    }
                }
            }
        }
        Ok(ReportTemplates { langs })
    }

    fn lang(&self, lang: Language) -> &LanguageTemplates {
        // All three are loaded by `from_toml`.
        &self.langs[&lang]
    }

    /// The month's name (1–12) in the nominative.
    pub fn month_name(&self, month: u32, lang: Language) -> Option<&str> {
        let i = usize::try_from(month).ok()?.checked_sub(1)?;
        self.lang(lang).months.get(i).map(String::as_str)
    }

    /// The month's name (1–12) in the genitive (Russian «марта»; as nominative elsewhere).
    pub fn month_name_genitive(&self, month: u32, lang: Language) -> Option<&str> {
        let i = usize::try_from(month).ok()?.checked_sub(1)?;
        self.lang(lang).months_genitive.get(i).map(String::as_str)
    }

    pub(crate) fn month_in(&self, month: u32, lang: Language) -> &str {
        let i = (month as usize).saturating_sub(1).min(11);
        &self.lang(lang).months_in[i]
    }

    /// Fills template `key` with `values`; `numbers` give the counts nouns agree with.
    pub(crate) fn fill(
        &self,
        lang: Language,
        key: &str,
        values: &HashMap<&'static str, String>,
        numbers: &HashMap<&'static str, u64>,
    ) -> String {
        let t = self.lang(lang);
        let Some(template) = t.text.get(key) else {
            return String::new();
        };
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let inner = &rest[open + 1..open + close];
            match inner.split_once('|') {
                Some((name, noun)) => {
                    let n = numbers.get(name).copied().unwrap_or(0);
                    if let Some(forms) = t.nouns.get(noun) {
                        out.push_str(plural_form(n, lang, forms));
                    }
                }
                None => out.push_str(values.get(inner).map_or("", String::as_str)),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// A date: `2026 жылғы 9 наурыз`, `9 марта 2026 г.`, `9 March 2026`.
    pub(crate) fn date(&self, date: NaiveDate, lang: Language) -> String {
        let values = HashMap::from([
            ("year", date.year().to_string()),
            ("day", date.day().to_string()),
            (
                "month",
                self.month_name(date.month(), lang).unwrap_or("").to_owned(),
            ),
            (
                "month_gen",
                self.month_name_genitive(date.month(), lang)
                    .unwrap_or("")
                    .to_owned(),
            ),
        ]);
        self.fill(lang, "date", &values, &HashMap::new())
    }

    /// A duration: minutes under an hour, hours with one decimal under two days, else
    /// days with one decimal (rounded half up).
    pub(crate) fn duration(&self, secs: Option<u64>, lang: Language) -> String {
        let Some(secs) = secs else {
            return "—".to_owned();
        };
        let u = &self.lang(lang).units;
        if secs < 3_600 {
            format!(
                "{}\u{a0}{}",
                format_count((secs + 30) / 60, lang),
                u.minutes
            )
        } else if secs < 172_800 {
            format!(
                "{}\u{a0}{}",
                format_tenths((secs + 180) / 360, lang),
                u.hours
            )
        } else {
            format!(
                "{}\u{a0}{}",
                format_tenths((secs + 4_320) / 8_640, lang),
                u.days
            )
        }
    }

    pub(crate) fn tenths(&self, tenths: u64, lang: Language) -> String {
        format_tenths(tenths, lang)
    }
}

/// The `{name}` and `{name|noun}` placeholders of a template.
fn placeholders(template: &str) -> Result<Vec<(&str, Option<&str>)>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| "has an unclosed brace".to_owned())?;
        let inner = &rest[open + 1..open + close];
        if inner.contains('{') {
            return Err("has an unclosed brace".into());
        }
        out.push(match inner.split_once('|') {
            Some((name, noun)) => (name, Some(noun)),
            None => (inner, None),
        });
        rest = &rest[open + close + 1..];
    }
    Ok(out)
}
