//! The SLA book: the policies in force and the calendars they are measured on.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, MAX_SOURCE_BYTES};
use super::error::PolicyError;
use super::policy::Policy;
use crate::{CalendarId, PolicyId};

const DEFAULT_POLICIES_TOML: &str = include_str!("../../data/sla_policies.toml");

#[allow(clippy::expect_used)]
static KAZAKHSTAN: LazyLock<SlaBook> = LazyLock::new(|| {
    SlaBook::from_toml(
        DEFAULT_POLICIES_TOML,
        [Calendar::kazakhstan_office(), Calendar::round_the_clock()],
    )
    .expect("the embedded data/sla_policies.toml is valid")
});

/// The source form of an [`SlaBook`]'s policies: what `data/sla_policies.toml` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SlaBookSpec {
    /// The policy of an appeal that names none (before routing gives it one).
    pub default_policy: PolicyId,
    /// The policies, in the order written.
    pub policies: Vec<Policy>,
}

impl SlaBookSpec {
    /// A source with these policies and default.
    pub fn new(default_policy: PolicyId, policies: Vec<Policy>) -> SlaBookSpec {
        SlaBookSpec {
            default_policy,
            policies,
        }
    }
}

struct Inner {
    spec: SlaBookSpec,
    by_id: HashMap<PolicyId, usize>,
    calendars: HashMap<CalendarId, Calendar>,
    default: usize,
}

/// The SLA policies in force and the calendars they are measured on, checked together:
/// cheap to clone and share (`Arc` inside), `Send + Sync`.
///
/// [`SlaBook::kazakhstan`] is the embedded default (`data/sla_policies.toml`):
/// `appk-standard` (15 working days, the registration day counting as day 1 as eOtinish
/// counts it), `appk-forward` (3 working days), `emergency-24x7` (1 hour to a first
/// response, 24 hours to resolve) and `urgent-24x7` (4 hours, 48 hours).
///
/// ```
/// use aryz::{Calendar, SlaBook, Target};
///
/// let book = SlaBook::kazakhstan();
/// let standard = book.policy("appk-standard").unwrap();
/// assert_eq!(standard.calendar.as_str(), "shymkent-office");
/// assert_eq!(book.default_policy().id.as_str(), "appk-standard");
///
/// // A replacement book: policies from text, calendars given by the caller.
/// let text = r#"
/// default_policy = "fast"
/// [[policies]]
/// id = "fast"
/// calendar = "round-the-clock"
/// resolution = { hours = 2 }
/// "#;
/// let mine = SlaBook::from_toml(text, [Calendar::round_the_clock()])?;
/// assert!(mine.policy("fast").unwrap().duration(Target::FirstResponse).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct SlaBook {
    inner: Arc<Inner>,
}

impl fmt::Debug for SlaBook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self
            .inner
            .spec
            .policies
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        f.debug_struct("SlaBook")
            .field("policies", &ids)
            .field("default", &self.inner.spec.default_policy)
            .finish_non_exhaustive()
    }
}

impl PartialEq for SlaBook {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
            || (self.inner.spec == other.inner.spec
                && self.inner.calendars == other.inner.calendars)
    }
}

impl SlaBook {
    /// Checks policies against each other and against the calendars given.
    ///
    /// # Errors
    /// [`PolicyError`] naming the fault: no policy, a policy defined twice, a calendar
    /// given twice, an unknown calendar, an unknown policy as the default or as
    /// `on_return`, a zero or absurd target, bad warning thresholds, a bad extension
    /// limit or pause state.
    pub fn new(
        spec: SlaBookSpec,
        calendars: impl IntoIterator<Item = Calendar>,
    ) -> Result<SlaBook, PolicyError> {
        if spec.policies.is_empty() {
            return Err(PolicyError::Empty);
        }
        let mut cals = HashMap::new();
        for c in calendars {
            let id = c.id().clone();
            if cals.insert(id.clone(), c).is_some() {
                return Err(PolicyError::DuplicateCalendar {
                    calendar: id.to_string(),
                });
            }
        }
        let mut by_id = HashMap::new();
        for (i, p) in spec.policies.iter().enumerate() {
            if by_id.insert(p.id.clone(), i).is_some() {
                return Err(PolicyError::DuplicatePolicy {
                    policy: p.id.to_string(),
                });
            }
            p.check()?;
            if !cals.contains_key(&p.calendar) {
                return Err(PolicyError::UnknownCalendar {
                    policy: p.id.to_string(),
                    calendar: p.calendar.to_string(),
                });
            }
        }
        for p in &spec.policies {
            if let Some(r) = &p.on_return
                && !by_id.contains_key(r)
            {
                return Err(PolicyError::UnknownPolicy {
                    policy: r.to_string(),
                    referenced_by: format!("policy {} on_return", p.id),
                });
            }
        }
        let default =
            *by_id
                .get(&spec.default_policy)
                .ok_or_else(|| PolicyError::UnknownPolicy {
                    policy: spec.default_policy.to_string(),
                    referenced_by: "default_policy".into(),
                })?;
        Ok(SlaBook {
            inner: Arc::new(Inner {
                spec,
                by_id,
                calendars: cals,
                default,
            }),
        })
    }

    /// Reads policies in TOML (the shape of [`SlaBookSpec`]) and checks them.
    ///
    /// # Errors
    /// [`PolicyError::TooLarge`] over [`MAX_SOURCE_BYTES`], [`PolicyError::Syntax`] for
    /// text not of the book's shape, and those of [`SlaBook::new`].
    pub fn from_toml(
        text: &str,
        calendars: impl IntoIterator<Item = Calendar>,
    ) -> Result<SlaBook, PolicyError> {
        check_size(text)?;
        let spec: SlaBookSpec = toml::from_str(text).map_err(|e| PolicyError::Syntax {
            format: "toml",
            message: e.message().to_owned(),
        })?;
        SlaBook::new(spec, calendars)
    }

    /// Reads policies in JSON (the shape of [`SlaBookSpec`]) and checks them.
    ///
    /// # Errors
    /// As [`SlaBook::from_toml`], with `format` `"json"`.
    pub fn from_json(
        text: &str,
        calendars: impl IntoIterator<Item = Calendar>,
    ) -> Result<SlaBook, PolicyError> {
        check_size(text)?;
        let spec: SlaBookSpec = serde_json::from_str(text).map_err(|e| PolicyError::Syntax {
            format: "json",
            message: e.to_string(),
        })?;
        SlaBook::new(spec, calendars)
    }

    /// The embedded default book (`data/sla_policies.toml`) on the embedded calendars
    /// `shymkent-office` and `round-the-clock`.
    pub fn kazakhstan() -> SlaBook {
        KAZAKHSTAN.clone()
    }

    /// The policy with this name.
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.inner
            .by_id
            .get(id)
            .map(|&i| &self.inner.spec.policies[i])
    }

    /// The policy of an appeal that names none.
    pub fn default_policy(&self) -> &Policy {
        &self.inner.spec.policies[self.inner.default]
    }

    /// The policy in force for an appeal naming `id` (the default when none).
    pub(crate) fn resolve(&self, id: Option<&PolicyId>) -> Option<&Policy> {
        match id {
            None => Some(self.default_policy()),
            Some(id) => self.policy(id.as_str()),
        }
    }

    /// Every policy, in the order written.
    pub fn policies(&self) -> &[Policy] {
        &self.inner.spec.policies
    }

    /// The calendar with this id.
    pub fn calendar(&self, id: &str) -> Option<&Calendar> {
        self.inner.calendars.get(id)
    }

    /// The calendar a policy is measured on.
    pub(crate) fn calendar_of(&self, policy: &Policy) -> &Calendar {
        // `new` checked every policy's calendar is present.
        &self.inner.calendars[&policy.calendar]
    }

    /// The source of the policies.
    pub fn spec(&self) -> &SlaBookSpec {
        &self.inner.spec
    }
}

fn check_size(text: &str) -> Result<(), PolicyError> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(PolicyError::TooLarge {
            len: text.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    Ok(())
}
