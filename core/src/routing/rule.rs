//! Routing rules as data: conditions, actions, the rule set file, and its checks.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{DEFAULT_MAX_DEPTH, Format, LimitError, check_limits};
use crate::appeal::{Appeal, Channel, Priority};
use crate::code::{BodyId, CategoryCode, DistrictCode, PolicyId, RuleId, Tag};
use crate::text::{fold_words, stem_matches};

/// The version of the rule file format this crate reads and writes.
pub const RULES_SCHEMA: u32 = 1;

/// The largest rule file accepted by default, in bytes (4 MiB).
pub const DEFAULT_MAX_RULE_BYTES: usize = 4 << 20;

/// The most rules a set may hold by default.
pub const DEFAULT_MAX_RULES: usize = 10_000;

/// The most bodies one action may name (joint handling).
pub const MAX_BODIES_PER_ACTION: usize = 8;

/// The time zone of local time conditions: Shymkent is in Asia/Almaty.
const LOCAL_TZ: chrono_tz::Tz = chrono_tz::Asia::Almaty;

/// Why a rule set was refused. Each variant names the rule and the field at fault.
///
/// Where the fault is in the default action, `rule` is `None`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// The file is larger than the limit.
    #[error("rule set is {size} bytes, the limit is {limit}")]
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The file nests deeper than the limit (checked on the raw text, before parsing).
    #[error("rule set nests {depth} levels deep, the limit is {limit}")]
    TooDeep {
        /// The depth reached.
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// The file is not valid JSON or TOML of the expected shape.
    #[error("rule set is not valid {format}: {message}")]
    Syntax {
        /// `json` or `toml`.
        format: &'static str,
        /// The parser's message, with line and column where known.
        message: String,
    },
    /// The file declares a schema version this crate does not read.
    #[error("rule set schema {found} is not supported (this crate reads {RULES_SCHEMA})")]
    UnsupportedSchema {
        /// The version found.
        found: u32,
    },
    /// The set holds more rules than the limit.
    #[error("rule set has {count} rules, the limit is {limit}")]
    TooManyRules {
        /// The number of rules.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The repeat window is zero or longer than a year.
    #[error("repeat_window_days is {days}; it must be 1 to 366")]
    InvalidRepeatWindow {
        /// The window given.
        days: u16,
    },
    /// Two rules share an id.
    #[error("rule id {rule} is used twice")]
    DuplicateRule {
        /// The repeated id.
        rule: RuleId,
    },
    /// A rule has no condition at all: it would match everything (use the default action).
    #[error("rule {rule} has no condition; a catch-all belongs in the default action")]
    NoConditions {
        /// The rule.
        rule: RuleId,
    },
    /// A condition can never hold: an empty list, an empty time range, a zero repeat count.
    #[error("rule {rule}: {field} can never match")]
    EmptyCondition {
        /// The rule.
        rule: RuleId,
        /// The condition, e.g. `when.category`.
        field: &'static str,
    },
    /// A list names the same value twice.
    #[error("{}: {field} names {value} twice", at(.rule))]
    RepeatedValue {
        /// The rule, or `None` for the default action.
        rule: Option<RuleId>,
        /// The field, e.g. `when.district`.
        field: &'static str,
        /// The repeated value.
        value: String,
    },
    /// A month outside 1 to 12.
    #[error("rule {rule}: when.months holds {month}, not a month from 1 to 12")]
    InvalidMonth {
        /// The rule.
        rule: RuleId,
        /// The value given.
        month: u8,
    },
    /// A keyword that folds to no word (only punctuation, or empty).
    #[error("rule {rule}: when.keywords holds {keyword:?}, which has no letters or digits")]
    InvalidKeyword {
        /// The rule.
        rule: RuleId,
        /// The keyword as written.
        keyword: String,
    },
    /// An action names no body.
    #[error("{}: then.bodies is empty", at(.rule))]
    NoBodies {
        /// The rule, or `None` for the default action.
        rule: Option<RuleId>,
    },
    /// An action names more bodies than [`MAX_BODIES_PER_ACTION`].
    #[error("{}: then.bodies names {count} bodies, the limit is {MAX_BODIES_PER_ACTION}", at(.rule))]
    TooManyBodies {
        /// The rule, or `None` for the default action.
        rule: Option<RuleId>,
        /// The number named.
        count: usize,
    },
    /// A condition names a category or subcategory the taxonomy does not define.
    #[error("rule {rule}: {field} names unknown category {code}")]
    UnknownCategory {
        /// The rule.
        rule: RuleId,
        /// `when.category` or `when.subcategory`.
        field: &'static str,
        /// The code.
        code: CategoryCode,
    },
    /// A subcategory condition names a code that is not a subcategory of one of the rule's
    /// categories (or not a subcategory at all): that part of the rule could never match.
    #[error("rule {rule}: when.subcategory names {subcategory}, which is not under when.category")]
    NotASubcategory {
        /// The rule.
        rule: RuleId,
        /// The subcategory.
        subcategory: CategoryCode,
    },
    /// A condition names a district the directory does not define.
    #[error("rule {rule}: when.district names unknown district {district}")]
    UnknownDistrict {
        /// The rule.
        rule: RuleId,
        /// The district.
        district: DistrictCode,
    },
    /// An action names a body the directory does not define.
    #[error("{}: then.bodies names unknown body {body}", at(.rule))]
    UnknownBody {
        /// The rule, or `None` for the default action.
        rule: Option<RuleId>,
        /// The body.
        body: BodyId,
    },
    /// An action names an SLA policy not among the known names.
    #[error("{}: then.policy names unknown SLA policy {policy}", at(.rule))]
    UnknownPolicy {
        /// The rule, or `None` for the default action.
        rule: Option<RuleId>,
        /// The policy.
        policy: PolicyId,
    },
    /// A rule can never fire: an earlier rule matches everything it matches and routes to
    /// every body it routes to (so declines cannot let this one through either).
    #[error(
        "rule {rule} can never fire: rule {by} covers every appeal it matches and routes to all its bodies"
    )]
    Shadowed {
        /// The rule that never fires.
        rule: RuleId,
        /// The earlier rule that covers it.
        by: RuleId,
        /// The first condition `rule` sets (`by` covers each of them), to point the reader at
        /// the rule's conditions.
        field: &'static str,
    },
}

fn at(rule: &Option<RuleId>) -> String {
    match rule {
        Some(r) => format!("rule {r}"),
        None => "the default action".to_owned(),
    }
}

/// How the rules of a set combine. DMN calls this the hit policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HitPolicy {
    /// The first rule, in file order, whose conditions all hold and whose bodies have not
    /// all declined the appeal; the default action when none does.
    #[default]
    First,
}

/// A time of day in local (Asia/Almaty) time, to the minute; written `"HH:MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// The time `hour:minute`, or `None` when out of range.
    pub fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        (hour < 24 && minute < 60).then(|| TimeOfDay(u16::from(hour) * 60 + u16::from(minute)))
    }

    /// Minutes since midnight, 0 to 1439.
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl std::str::FromStr for TimeOfDay {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = "a time of day is written HH:MM, 00:00 to 23:59";
        let (h, m) = s.split_once(':').ok_or(bad)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(bad);
        }
        let h: u8 = h.parse().map_err(|_| bad)?;
        let m: u8 = m.parse().map_err(|_| bad)?;
        TimeOfDay::new(h, m).ok_or(bad)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A range of local times of day, `from` included, `to` excluded. When `from` is later
/// than `to` the range wraps past midnight: `22:00`–`06:00` is the night.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeRange {
    /// The first minute in the range.
    pub from: TimeOfDay,
    /// The first minute after the range.
    pub to: TimeOfDay,
}

impl TimeRange {
    /// Whether the minute of the day (0 to 1439) is in the range.
    pub fn contains(self, minute: u16) -> bool {
        let (f, t) = (self.from.0, self.to.0);
        if f <= t {
            f <= minute && minute < t
        } else {
            minute >= f || minute < t
        }
    }

    /// The range as one or two non-wrapping half-open intervals of minutes.
    fn spans(self) -> [(u16, u16); 2] {
        let (f, t) = (self.from.0, self.to.0);
        if f <= t {
            [(f, t), (f, t)]
        } else {
            [(f, 1440), (0, t)]
        }
    }

    /// Whether every minute of `other` is in `self`.
    pub fn covers(self, other: TimeRange) -> bool {
        other
            .spans()
            .iter()
            .all(|&(s, e)| s >= e || self.spans().iter().any(|&(cs, ce)| cs <= s && e <= ce))
    }
}

/// A repeat condition: the same citizen filed at least `at_least` other appeals within
/// the set's repeat window ([`RuleSet::repeat_window_days`]). The caller counts them and
/// passes the count in [`Facts::recent_appeals`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repeat {
    /// The least number of earlier appeals in the window, 1 or more.
    pub at_least: u32,
}

/// The conditions of a rule. Every condition given must hold; an absent condition holds
/// for every appeal. A list condition holds when the appeal's value is one of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// The appeal's category is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Vec<CategoryCode>>,
    /// The appeal's subcategory is one of these (each under one of `category`, if given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<Vec<CategoryCode>>,
    /// The appeal's district is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<Vec<DistrictCode>>,
    /// The appeal came by one of these channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Vec<Channel>>,
    /// The appeal's current priority is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Vec<Priority>>,
    /// The description holds one of these keyword stems or phrases, in any of the three
    /// languages, folded as the taxonomy folds them (case, Kazakh Cyrillic and Latin, the
    /// Russian keyboard). A phrase matches consecutive words, each word as a stem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<Vec<String>>,
    /// The local time of day is in this range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<TimeRange>,
    /// Whether it is working time on the calendar the caller consults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_time: Option<bool>,
    /// The local month (1 to 12) is one of these: `[11, 12, 1, 2, 3]` is the heating season.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<Vec<u8>>,
    /// The same citizen filed at least this many other appeals in the repeat window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
    /// The appeal carries one of these tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

/// What a rule does when it fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The responsible bodies, the lead first; several for joint handling.
    pub bodies: Vec<BodyId>,
    /// The priority to give; absent keeps the appeal's current priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The SLA policy to apply; absent keeps the appeal's current policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyId>,
    /// Tags to add.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Whether to tell a supervisor.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notify_supervisor: bool,
}

impl Action {
    /// An action routing to one body, keeping priority and policy.
    pub fn to(body: BodyId) -> Action {
        Action {
            bodies: vec![body],
            priority: None,
            policy: None,
            tags: Vec::new(),
            notify_supervisor: false,
        }
    }
}

/// One routing rule: conditions and an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The stable id, recorded in the appeal's log when the rule fires.
    pub id: RuleId,
    /// A note for maintainers: why the rule exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it applies.
    pub when: Conditions,
    /// What it does.
    pub then: Action,
}

/// Limits applied while loading a rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleLimits {
    /// The largest file accepted, in bytes.
    pub max_bytes: usize,
    /// The deepest nesting of arrays and tables accepted.
    pub max_depth: usize,
    /// The most rules accepted.
    pub max_rules: usize,
}

impl Default for RuleLimits {
    fn default() -> Self {
        RuleLimits {
            max_bytes: DEFAULT_MAX_RULE_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_rules: DEFAULT_MAX_RULES,
        }
    }
}

fn default_window() -> u16 {
    30
}

/// An ordered set of routing rules with its hit policy and default action: the file form.
///
/// Loading checks everything the file can say about itself ([`RuleSet::validate`]);
/// [`super::Router::compile`] then checks the names against a taxonomy, a directory and
/// the known SLA policies. Saving and loading again gives an equal set.
///
/// ```
/// use aryz::RuleSet;
/// let set = RuleSet::from_toml(r#"
/// schema = 1
/// hit_policy = "first"
///
/// [[rules]]
/// id = "lifts"
/// when = { category = ["lifts"] }
/// then = { bodies = ["housing-inspection"] }
///
/// [default]
/// bodies = ["city-akimat"]
/// "#)?;
/// assert_eq!(set.rules.len(), 1);
/// assert_eq!(RuleSet::from_json(&set.to_json())?, set);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// The file format version, [`RULES_SCHEMA`].
    pub schema: u32,
    /// How rules combine.
    #[serde(default)]
    pub hit_policy: HitPolicy,
    /// The window, in days, that repeat conditions count the citizen's appeals over.
    #[serde(default = "default_window")]
    pub repeat_window_days: u16,
    /// What to do when no rule fires.
    pub default: Action,
    /// The rules, in order.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

const SHYMKENT_RULES: &str = include_str!("../../data/routing.json");

impl RuleSet {
    /// The embedded Shymkent rules' source text (JSON).
    pub fn shymkent_json() -> &'static str {
        SHYMKENT_RULES
    }

    /// Loads and checks a rule set from JSON with the default limits.
    ///
    /// # Errors
    /// [`RuleError`] naming the rule and field at fault.
    pub fn from_json(text: &str) -> Result<RuleSet, RuleError> {
        Self::from_json_with(text, RuleLimits::default())
    }

    /// Loads and checks a rule set from JSON with the given limits.
    ///
    /// # Errors
    /// [`RuleError`] naming the rule and field at fault.
    pub fn from_json_with(text: &str, limits: RuleLimits) -> Result<RuleSet, RuleError> {
        limit(text, Format::Json, limits)?;
        let set: RuleSet = serde_json::from_str(text).map_err(|e| RuleError::Syntax {
            format: "json",
            message: e.to_string(),
        })?;
        set.validate_with(limits)?;
        Ok(set)
    }

    /// Loads and checks a rule set from TOML with the default limits.
    ///
    /// # Errors
    /// [`RuleError`] naming the rule and field at fault.
    pub fn from_toml(text: &str) -> Result<RuleSet, RuleError> {
        Self::from_toml_with(text, RuleLimits::default())
    }

    /// Loads and checks a rule set from TOML with the given limits.
    ///
    /// # Errors
    /// [`RuleError`] naming the rule and field at fault.
    pub fn from_toml_with(text: &str, limits: RuleLimits) -> Result<RuleSet, RuleError> {
        limit(text, Format::Toml, limits)?;
        let set: RuleSet = toml::from_str(text).map_err(|e| RuleError::Syntax {
            format: "toml",
            message: e.to_string(),
        })?;
        set.validate_with(limits)?;
        Ok(set)
    }

    /// Writes the set as pretty JSON.
    pub fn to_json(&self) -> String {
        // Strings, numbers and unit enums cannot fail to serialise.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the set as TOML.
    pub fn to_toml(&self) -> String {
        // Every field is a string, integer, boolean, array or table: TOML holds them all.
        toml::to_string(self).unwrap_or_default()
    }

    /// Checks what the set can say about itself, with the default limits: schema,
    /// duplicate ids, empty or self-contradictory conditions, bad actions, and rules
    /// shadowed by an earlier rule.
    ///
    /// # Errors
    /// The first [`RuleError`] found, in rule order.
    pub fn validate(&self) -> Result<(), RuleError> {
        self.validate_with(RuleLimits::default())
    }

    /// [`RuleSet::validate`] with the given limits.
    ///
    /// # Errors
    /// The first [`RuleError`] found, in rule order.
    pub fn validate_with(&self, limits: RuleLimits) -> Result<(), RuleError> {
        if self.schema != RULES_SCHEMA {
            return Err(RuleError::UnsupportedSchema { found: self.schema });
        }
        if self.rules.len() > limits.max_rules {
            return Err(RuleError::TooManyRules {
                count: self.rules.len(),
                limit: limits.max_rules,
            });
        }
        if !(1..=366).contains(&self.repeat_window_days) {
            return Err(RuleError::InvalidRepeatWindow {
                days: self.repeat_window_days,
            });
        }
        check_action(None, &self.default)?;
        let mut ids = HashSet::with_capacity(self.rules.len());
        let mut folded = Vec::with_capacity(self.rules.len());
        for rule in &self.rules {
            if !ids.insert(&rule.id) {
                return Err(RuleError::DuplicateRule {
                    rule: rule.id.clone(),
                });
            }
            folded.push(check_conditions(&rule.id, &rule.when)?);
            check_action(Some(&rule.id), &rule.then)?;
        }
        check_shadowing(&self.rules, &folded)
    }
}

fn limit(text: &str, format: Format, limits: RuleLimits) -> Result<(), RuleError> {
    check_limits(text, format, limits.max_bytes, limits.max_depth).map_err(|e| match e {
        LimitError::TooLarge { size, limit } => RuleError::TooLarge { size, limit },
        LimitError::TooDeep { depth, limit } => RuleError::TooDeep { depth, limit },
    })
}

/// Checks a list condition: present lists are non-empty and name each value once.
fn check_list<T: PartialEq + fmt::Display>(
    rule: &RuleId,
    field: &'static str,
    list: Option<&[T]>,
) -> Result<(), RuleError> {
    let Some(list) = list else { return Ok(()) };
    if list.is_empty() {
        return Err(RuleError::EmptyCondition {
            rule: rule.clone(),
            field,
        });
    }
    for (i, v) in list.iter().enumerate() {
        if list[..i].contains(v) {
            return Err(RuleError::RepeatedValue {
                rule: Some(rule.clone()),
                field,
                value: v.to_string(),
            });
        }
    }
    Ok(())
}

/// A keyword phrase folded into its words, with the filter bits of its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    words: Vec<String>,
    /// The [`filter_bit`]s of its words: a text lacking any of them cannot match.
    mask: u64,
}

impl Phrase {
    fn new(words: Vec<String>) -> Phrase {
        let mask = words.iter().fold(0, |m, w| m | filter_bit(w));
        Phrase { words, mask }
    }
}

/// One of 64 bits chosen by a word's first two bytes. A word a stem matches starts with
/// the stem (or equals it, for stems under three letters), so it has the stem's bit: the
/// bits are a sound filter before the exact comparison.
fn filter_bit(word: &str) -> u64 {
    let b = word.as_bytes();
    let x =
        u32::from(b.first().copied().unwrap_or(0)) * 31 + u32::from(b.get(1).copied().unwrap_or(0));
    1 << (x.wrapping_mul(0x9E37_79B9) >> 26)
}

/// Checks a rule's conditions; returns its keywords folded.
pub(crate) fn check_conditions(rule: &RuleId, c: &Conditions) -> Result<Vec<Phrase>, RuleError> {
    if c == &Conditions::default() {
        return Err(RuleError::NoConditions { rule: rule.clone() });
    }
    check_list(rule, "when.category", c.category.as_deref())?;
    check_list(rule, "when.subcategory", c.subcategory.as_deref())?;
    check_list(rule, "when.district", c.district.as_deref())?;
    let channels: Option<Vec<&str>> = c
        .channel
        .as_ref()
        .map(|l| l.iter().map(|c| c.name()).collect());
    check_list(rule, "when.channel", channels.as_deref())?;
    let priorities: Option<Vec<&str>> = c
        .priority
        .as_ref()
        .map(|l| l.iter().map(|p| priority_name(*p)).collect());
    check_list(rule, "when.priority", priorities.as_deref())?;
    check_list(rule, "when.months", c.months.as_deref())?;
    for &month in c.months.iter().flatten() {
        if !(1..=12).contains(&month) {
            return Err(RuleError::InvalidMonth {
                rule: rule.clone(),
                month,
            });
        }
    }
    check_list(rule, "when.tags", c.tags.as_deref())?;
    if let Some(t) = c.time
        && t.from == t.to
    {
        return Err(RuleError::EmptyCondition {
            rule: rule.clone(),
            field: "when.time",
        });
    }
    if c.repeat.is_some_and(|r| r.at_least == 0) {
        // Zero earlier appeals always holds: the condition says nothing, so it is a mistake.
        return Err(RuleError::EmptyCondition {
            rule: rule.clone(),
            field: "when.repeat.at_least",
        });
    }
    let mut phrases: Vec<Phrase> = Vec::new();
    if let Some(kws) = &c.keywords {
        if kws.is_empty() {
            return Err(RuleError::EmptyCondition {
                rule: rule.clone(),
                field: "when.keywords",
            });
        }
        for k in kws {
            let words = Phrase::new(fold_words(k));
            if words.words.is_empty() {
                return Err(RuleError::InvalidKeyword {
                    rule: rule.clone(),
                    keyword: k.clone(),
                });
            }
            if phrases.contains(&words) {
                return Err(RuleError::RepeatedValue {
                    rule: Some(rule.clone()),
                    field: "when.keywords",
                    value: k.clone(),
                });
            }
            phrases.push(words);
        }
    }
    Ok(phrases)
}

pub(crate) fn priority_name(p: Priority) -> &'static str {
    match p {
        Priority::Low => "low",
        Priority::Normal => "normal",
        Priority::High => "high",
        Priority::Emergency => "emergency",
    }
}

fn check_action(rule: Option<&RuleId>, a: &Action) -> Result<(), RuleError> {
    if a.bodies.is_empty() {
        return Err(RuleError::NoBodies {
            rule: rule.cloned(),
        });
    }
    if a.bodies.len() > MAX_BODIES_PER_ACTION {
        return Err(RuleError::TooManyBodies {
            rule: rule.cloned(),
            count: a.bodies.len(),
        });
    }
    for (field, values) in [
        (
            "then.bodies",
            a.bodies.iter().map(BodyId::as_str).collect::<Vec<_>>(),
        ),
        ("then.tags", a.tags.iter().map(Tag::as_str).collect()),
    ] {
        for (i, v) in values.iter().enumerate() {
            if values[..i].contains(v) {
                return Err(RuleError::RepeatedValue {
                    rule: rule.cloned(),
                    field,
                    value: (*v).to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// Whether list condition `a` holds wherever `b` does: `a` is absent, or both are given
/// and `a` holds every value of `b`.
fn list_covers<T: PartialEq>(a: Option<&[T]>, b: Option<&[T]>) -> bool {
    match (a, b) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => b.iter().all(|v| a.contains(v)),
    }
}

fn opt_covers<T>(a: Option<T>, b: Option<T>, covers: impl Fn(T, T) -> bool) -> bool {
    match (a, b) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => covers(a, b),
    }
}

/// Whether rule `a` matches every appeal that rule `b` matches, judged condition by
/// condition (exact subsumption; a rule covered only by a union of earlier rules is not
/// detected).
fn covers(a: &Conditions, a_kw: &[Phrase], b: &Conditions, b_kw: &[Phrase]) -> bool {
    list_covers(a.category.as_deref(), b.category.as_deref())
        && list_covers(a.subcategory.as_deref(), b.subcategory.as_deref())
        && list_covers(a.district.as_deref(), b.district.as_deref())
        && list_covers(a.channel.as_deref(), b.channel.as_deref())
        && list_covers(a.priority.as_deref(), b.priority.as_deref())
        && list_covers(
            a.keywords.as_ref().map(|_| a_kw),
            b.keywords.as_ref().map(|_| b_kw),
        )
        && opt_covers(a.time, b.time, TimeRange::covers)
        && opt_covers(a.working_time, b.working_time, |x, y| x == y)
        && list_covers(a.months.as_deref(), b.months.as_deref())
        && opt_covers(a.repeat, b.repeat, |x, y| x.at_least <= y.at_least)
        && list_covers(a.tags.as_deref(), b.tags.as_deref())
}

/// The first condition `b` constrains, to name in the error.
fn first_field(c: &Conditions) -> &'static str {
    [
        (c.category.is_some(), "when.category"),
        (c.subcategory.is_some(), "when.subcategory"),
        (c.district.is_some(), "when.district"),
        (c.channel.is_some(), "when.channel"),
        (c.priority.is_some(), "when.priority"),
        (c.keywords.is_some(), "when.keywords"),
        (c.time.is_some(), "when.time"),
        (c.working_time.is_some(), "when.working_time"),
        (c.months.is_some(), "when.months"),
        (c.repeat.is_some(), "when.repeat"),
        (c.tags.is_some(), "when.tags"),
    ]
    .into_iter()
    .find_map(|(on, f)| on.then_some(f))
    .unwrap_or("when")
}

/// Finds a rule that an earlier rule covers. A declined body makes a rule step aside, so
/// the later rule is unreachable only if its bodies are among the earlier rule's: then
/// whenever the earlier one steps aside, every body of the later one has declined too.
fn check_shadowing(rules: &[Rule], kw: &[Vec<Phrase>]) -> Result<(), RuleError> {
    for (j, b) in rules.iter().enumerate() {
        for (i, a) in rules[..j].iter().enumerate() {
            if b.then.bodies.iter().all(|x| a.then.bodies.contains(x))
                && covers(&a.when, &kw[i], &b.when, &kw[j])
            {
                return Err(RuleError::Shadowed {
                    rule: b.id.clone(),
                    by: a.id.clone(),
                    field: first_field(&b.when),
                });
            }
        }
    }
    Ok(())
}

/// A description folded into words once, for keyword conditions.
///
/// Fold once per appeal, outside the hot path; evaluation then does not allocate.
/// Its `Debug` shows only the word count: the words are the citizen's.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FoldedText {
    words: Vec<String>,
    /// The filter bits of its words.
    mask: u64,
}

impl FoldedText {
    /// No words.
    pub const EMPTY: FoldedText = FoldedText {
        words: Vec::new(),
        mask: 0,
    };

    /// Folds a description as the taxonomy does.
    pub fn new(text: &str) -> FoldedText {
        let words = fold_words(text);
        let mask = words.iter().fold(0, |m, w| m | filter_bit(w));
        FoldedText { words, mask }
    }

    /// The folded words.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether the folded phrase matches consecutive words, each word of the phrase a stem.
    #[inline]
    pub(crate) fn contains(&self, phrase: &Phrase) -> bool {
        if self.mask & phrase.mask != phrase.mask {
            return false;
        }
        let phrase = phrase.words.as_slice();
        let n = phrase.len();
        n > 0
            && self.words.len() >= n
            && self.words.windows(n).any(|w| {
                w.iter()
                    .zip(phrase)
                    .all(|(word, stem)| stem_matches(word, stem))
            })
    }
}

impl fmt::Debug for FoldedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FoldedText")
            .field("words", &self.words.len())
            .finish()
    }
}

static NO_WORDS: FoldedText = FoldedText::EMPTY;

/// Everything the rules look at when routing one appeal.
///
/// Build it with [`Facts::new`] or [`Facts::from_appeal`], then set what the caller
/// knows: the local time with [`Facts::at`], whether it is working time (from the SLA
/// calendar), the citizen's recent appeal count. Fields left unknown make the conditions
/// on them fail, never hold.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Facts<'a> {
    /// The category code.
    pub category: Option<&'a str>,
    /// The subcategory code.
    pub subcategory: Option<&'a str>,
    /// The district code.
    pub district: Option<&'a str>,
    /// The channel it came by.
    pub channel: Channel,
    /// Its current priority.
    pub priority: Priority,
    /// The folded description.
    pub text: &'a FoldedText,
    /// The local (Asia/Almaty) minute of the day, 0 to 1439.
    pub minute_of_day: Option<u16>,
    /// The local (Asia/Almaty) month, 1 to 12.
    pub month: Option<u8>,
    /// Whether it is working time, from the calendar the caller consults.
    pub working_time: Option<bool>,
    /// The same citizen's other appeals within the rule set's repeat window.
    pub recent_appeals: u32,
    /// The appeal's tags.
    pub tags: &'a [Tag],
    /// Bodies that returned the appeal as outside their competence.
    pub declined: &'a [BodyId],
}

impl Facts<'static> {
    /// Facts with only a channel known.
    pub fn new(channel: Channel) -> Facts<'static> {
        Facts {
            category: None,
            subcategory: None,
            district: None,
            channel,
            priority: Priority::Normal,
            text: &NO_WORDS,
            minute_of_day: None,
            month: None,
            working_time: None,
            recent_appeals: 0,
            tags: &[],
            declined: &[],
        }
    }
}

impl<'a> Facts<'a> {
    /// The facts an appeal carries: category, subcategory, district, channel, priority,
    /// the tags of its current routing, and the bodies that declined it. `text` is its
    /// description folded with [`FoldedText::new`].
    pub fn from_appeal(appeal: &'a Appeal, text: &'a FoldedText) -> Facts<'a> {
        Facts {
            category: appeal.category().map(CategoryCode::as_str),
            subcategory: appeal.subcategory().map(CategoryCode::as_str),
            district: appeal.district().map(DistrictCode::as_str),
            channel: appeal.channel(),
            priority: appeal.priority(),
            text,
            minute_of_day: None,
            month: None,
            working_time: None,
            recent_appeals: 0,
            tags: appeal.routing().map_or(&[], |r| r.tags.as_slice()),
            declined: appeal.declined_by(),
        }
    }

    /// Sets the local minute of day and month from an instant, in Asia/Almaty time
    /// (UTC+6 until 1 March 2024, UTC+5 since, per the tz database).
    #[must_use]
    pub fn at(mut self, at: DateTime<Utc>) -> Facts<'a> {
        let local = at.with_timezone(&LOCAL_TZ);
        // hour < 24 and minute < 60, so the sum fits in u16; month is 1 to 12.
        self.minute_of_day = u16::try_from(local.hour() * 60 + local.minute()).ok();
        self.month = u8::try_from(local.month()).ok();
        self
    }
}

/// A condition of a rule, as named in explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// `when.category`.
    Category,
    /// `when.subcategory`.
    Subcategory,
    /// `when.district`.
    District,
    /// `when.channel`.
    Channel,
    /// `when.priority`.
    Priority,
    /// `when.keywords`.
    Keywords,
    /// `when.time`.
    Time,
    /// `when.working_time`.
    WorkingTime,
    /// `when.months`.
    Months,
    /// `when.repeat`.
    Repeat,
    /// `when.tags`.
    Tags,
}

impl Field {
    /// The field's name in the rule file, e.g. `category`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Category => "category",
            Field::Subcategory => "subcategory",
            Field::District => "district",
            Field::Channel => "channel",
            Field::Priority => "priority",
            Field::Keywords => "keywords",
            Field::Time => "time",
            Field::WorkingTime => "working_time",
            Field::Months => "months",
            Field::Repeat => "repeat",
            Field::Tags => "tags",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn in_list<T: AsRef<str>>(list: &[T], value: Option<&str>) -> bool {
    value.is_some_and(|v| list.iter().any(|x| x.as_ref() == v))
}

impl Conditions {
    /// Whether one condition holds; `keywords` are this rule's folded phrases.
    /// An absent condition holds.
    pub(crate) fn holds(&self, field: Field, facts: &Facts<'_>, keywords: &[Phrase]) -> bool {
        match field {
            Field::Category => self
                .category
                .as_deref()
                .is_none_or(|l| in_list(l, facts.category)),
            Field::Subcategory => self
                .subcategory
                .as_deref()
                .is_none_or(|l| in_list(l, facts.subcategory)),
            Field::District => self
                .district
                .as_deref()
                .is_none_or(|l| in_list(l, facts.district)),
            Field::Channel => self
                .channel
                .as_deref()
                .is_none_or(|l| l.contains(&facts.channel)),
            Field::Priority => self
                .priority
                .as_deref()
                .is_none_or(|l| l.contains(&facts.priority)),
            Field::Keywords => {
                self.keywords.is_none() || keywords.iter().any(|p| facts.text.contains(p))
            }
            Field::Time => self
                .time
                .is_none_or(|t| facts.minute_of_day.is_some_and(|m| t.contains(m))),
            Field::WorkingTime => self
                .working_time
                .is_none_or(|w| facts.working_time == Some(w)),
            Field::Months => self
                .months
                .as_deref()
                .is_none_or(|l| facts.month.is_some_and(|m| l.contains(&m))),
            Field::Repeat => self
                .repeat
                .is_none_or(|r| facts.recent_appeals >= r.at_least),
            Field::Tags => self
                .tags
                .as_deref()
                .is_none_or(|l| l.iter().any(|t| facts.tags.contains(t))),
        }
    }

    /// Whether this condition is given.
    pub(crate) fn has(&self, field: Field) -> bool {
        match field {
            Field::Category => self.category.is_some(),
            Field::Subcategory => self.subcategory.is_some(),
            Field::District => self.district.is_some(),
            Field::Channel => self.channel.is_some(),
            Field::Priority => self.priority.is_some(),
            Field::Keywords => self.keywords.is_some(),
            Field::Time => self.time.is_some(),
            Field::WorkingTime => self.working_time.is_some(),
            Field::Months => self.months.is_some(),
            Field::Repeat => self.repeat.is_some(),
            Field::Tags => self.tags.is_some(),
        }
    }
}

/// Every field, in the order explanations test them.
pub(crate) const FIELDS: [Field; 11] = [
    Field::Category,
    Field::Subcategory,
    Field::District,
    Field::Channel,
    Field::Priority,
    Field::Keywords,
    Field::Time,
    Field::WorkingTime,
    Field::Months,
    Field::Repeat,
    Field::Tags,
];
