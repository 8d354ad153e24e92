//! Routing: which body handles an appeal, at what priority and under which SLA policy.
//!
//! Three kinds of data drive it, each a replaceable file:
//! - the [`Directory`] of districts and responsible bodies (`core/data/bodies.json`);
//! - the [`RuleSet`]: ordered rules with conditions and actions, a hit policy and a
//!   default action (`core/data/routing.json`);
//! - the [`SlaNames`]: the SLA policy and calendar names rules and bodies may refer to
//!   (`core/data/sla_names.json`), until the SLA module supplies its own.
//!
//! A rule set is checked and compiled into a [`Router`], whose [`Router::evaluate`]
//! answers with a compact [`Decision`] without allocating, and whose [`Router::explain`]
//! says which rule fired, which of its conditions matched and why each earlier rule did
//! not. The compiled evaluation gives exactly the decision of the plain first-match loop
//! [`Router::evaluate_linear`]; a property test holds them to it.
//!
//! Seasonal rules (no heating in winter) use the `months` condition: the month of the
//! appeal in local Asia/Almaty time, which [`Facts::at`] fills in from an instant.

mod body;
mod compile;
mod dispatch;
mod explain;
mod rule;

use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

pub use body::{
    Body, BodyKind, Contact, ContactChannel, DEFAULT_MAX_DIRECTORY_BYTES, DIRECTORY_SCHEMA,
    Directory, DirectoryError, District,
};
pub use compile::{Decision, RouteError, Router};
pub use dispatch::DispatchError;
pub use explain::{Explanation, Failure, MAX_SUMMARY_CHARS, Matched, Tried};
pub use rule::{
    Action, Conditions, DEFAULT_MAX_RULE_BYTES, DEFAULT_MAX_RULES, Facts, Field, FoldedText,
    HitPolicy, MAX_BODIES_PER_ACTION, RULES_SCHEMA, Repeat, Rule, RuleError, RuleLimits, RuleSet,
    TimeOfDay, TimeRange,
};

use crate::code::{CalendarId, PolicyId};

/// The deepest nesting of arrays and tables accepted in a data file, by default.
pub const DEFAULT_MAX_DEPTH: usize = 16;

/// The SLA policy names and calendar names that rules and bodies may refer to.
///
/// The SLA module owns the policies and calendars themselves; routing knows them by
/// name only. The embedded list (`core/data/sla_names.json`) is the default set:
/// `appk-standard`, `appk-forward`, `emergency-24x7`, `urgent-24x7`, and the calendars
/// `shymkent-office` and `round-the-clock` (the ids of [`crate::Calendar::kazakhstan_office`]
/// and [`crate::Calendar::round_the_clock`]).
///
/// ```
/// use aryz::SlaNames;
/// let names = SlaNames::shymkent();
/// assert!(names.policies.iter().any(|p| p.as_str() == "emergency-24x7"));
/// assert!(names.calendars.iter().any(|c| c.as_str() == "shymkent-office"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaNames {
    /// The SLA policy names.
    pub policies: Vec<PolicyId>,
    /// The working-calendar names.
    pub calendars: Vec<CalendarId>,
}

#[derive(Deserialize)]
struct SlaNamesFile {
    policies: Vec<NamedEntry<PolicyId>>,
    calendars: Vec<NamedEntry<CalendarId>>,
}

#[derive(Deserialize)]
struct NamedEntry<T> {
    id: T,
}

static SLA_NAMES: LazyLock<SlaNames> = LazyLock::new(|| {
    // The embedded file is checked by a test; failing here would be a build defect.
    #[allow(clippy::expect_used)]
    let file: SlaNamesFile = serde_json::from_str(include_str!("../../data/sla_names.json"))
        .expect("embedded SLA names are valid");
    SlaNames {
        policies: file.policies.into_iter().map(|p| p.id).collect(),
        calendars: file.calendars.into_iter().map(|c| c.id).collect(),
    }
});

impl SlaNames {
    /// The embedded default names.
    pub fn shymkent() -> SlaNames {
        SLA_NAMES.clone()
    }
}

static SHYMKENT_ROUTER: LazyLock<Arc<Router>> = LazyLock::new(|| {
    // The embedded files are checked by tests; failing here would be a build defect.
    #[allow(clippy::expect_used)]
    let rules = RuleSet::from_json(RuleSet::shymkent_json()).expect("embedded rules are valid");
    #[allow(clippy::expect_used)]
    let router = Router::compile(
        rules,
        &crate::taxonomy::Taxonomy::shymkent(),
        &Directory::shymkent(),
        &SLA_NAMES.policies,
    )
    .expect("embedded rules compile");
    Arc::new(router)
});

impl Router {
    /// The embedded default: the Shymkent rules over the Shymkent taxonomy and directory.
    pub fn shymkent() -> Arc<Router> {
        Arc::clone(&SHYMKENT_ROUTER)
    }
}

/// The syntax a data file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Toml,
}

/// A data file over its size or depth limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LimitError {
    TooLarge { size: usize, limit: usize },
    TooDeep { depth: usize, limit: usize },
}

impl LimitError {
    pub(crate) fn into_directory(self) -> DirectoryError {
        match self {
            LimitError::TooLarge { size, limit } => DirectoryError::TooLarge { size, limit },
            LimitError::TooDeep { depth, limit } => DirectoryError::TooDeep { depth, limit },
        }
    }
}

/// Checks size, then nesting depth on the raw text, before any parser sees it, so that a
/// hostile file cannot exhaust the stack of a recursive parser or the deserialiser.
pub(crate) fn check_limits(
    text: &str,
    format: Format,
    max_bytes: usize,
    max_depth: usize,
) -> Result<(), LimitError> {
    if text.len() > max_bytes {
        return Err(LimitError::TooLarge {
            size: text.len(),
            limit: max_bytes,
        });
    }
    let depth = nesting_depth(text, format, max_depth);
    if depth > max_depth {
        return Err(LimitError::TooDeep {
            depth,
            limit: max_depth,
        });
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Normal,
    /// `"…"` with escapes.
    Basic,
    /// TOML `'…'`, no escapes.
    Literal,
    /// TOML `"""…"""`.
    MlBasic,
    /// TOML `'''…'''`.
    MlLiteral,
    /// TOML `# …` to the end of the line.
    Comment,
}

/// The deepest nesting of `[`/`{` outside strings; for TOML, plus the dotted-key
/// segments on the line (`a.b.c = 1` nests three tables). Stops counting past `limit`.
///
/// Over-counting is safe (a file is refused); under-counting is not, so the lexer follows
/// every TOML string form, including multi-line ones.
pub(crate) fn nesting_depth(text: &str, format: Format, limit: usize) -> usize {
    let b = text.as_bytes();
    let toml = format == Format::Toml;
    let mut state = Lex::Normal;
    let mut depth = 0usize;
    let mut line_dots = 0usize;
    let mut max = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match state {
            Lex::Normal => match c {
                b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth + line_dots);
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'"' if toml && b[i..].starts_with(b"\"\"\"") => {
                    state = Lex::MlBasic;
                    i += 3;
                    continue;
                }
                b'\'' if toml && b[i..].starts_with(b"'''") => {
                    state = Lex::MlLiteral;
                    i += 3;
                    continue;
                }
                b'"' => state = Lex::Basic,
                b'\'' if toml => state = Lex::Literal,
                b'#' if toml => state = Lex::Comment,
                b'\n' => line_dots = 0,
                b'.' if toml => {
                    let digit_before = i > 0 && b[i - 1].is_ascii_digit();
                    let digit_after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if !(digit_before && digit_after) {
                        line_dots += 1;
                        max = max.max(depth + line_dots);
                    }
                }
                _ => {}
            },
            Lex::Basic => match c {
                b'\\' => i += 1,
                b'"' => state = Lex::Normal,
                b'\n' => {
                    state = Lex::Normal;
                    line_dots = 0;
                }
                _ => {}
            },
            Lex::Literal => match c {
                b'\'' => state = Lex::Normal,
                b'\n' => {
                    state = Lex::Normal;
                    line_dots = 0;
                }
                _ => {}
            },
            Lex::MlBasic => match c {
                b'\\' => i += 1,
                b'"' if b[i..].starts_with(b"\"\"\"") => {
                    // Up to two extra quotes may close the string (`""""` ends with one in it).
                    i += 3;
                    while i < b.len() && b[i] == b'"' {
                        i += 1;
                    }
                    state = Lex::Normal;
                    continue;
                }
                _ => {}
            },
            Lex::MlLiteral => {
                if c == b'\'' && b[i..].starts_with(b"'''") {
                    i += 3;
                    while i < b.len() && b[i] == b'\'' {
                        i += 1;
                    }
                    state = Lex::Normal;
                    continue;
                }
            }
            Lex::Comment => {
                if c == b'\n' {
                    state = Lex::Normal;
                    line_dots = 0;
                }
            }
        }
        if max > limit {
            return max;
        }
        i += 1;
    }
    max
}

#[cfg(test)]
mod tests;
