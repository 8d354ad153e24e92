//! What happened to an appeal: the events of its log, and the intake they start from.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::number::RegistrationNumber;
use super::state::{Actor, Channel, Outcome, Priority};
use crate::citizen::{Citizen, CitizenKey};
use crate::code::{BodyId, CategoryCode, DistrictCode, PolicyId, RuleId, Tag};
use crate::language::Language;

/// The version of the event format written by this crate. Readers accept this version
/// and refuse newer ones.
pub const EVENT_SCHEMA: u32 = 1;

/// The longest description accepted, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 8_000;
/// The longest address, name, reason or note accepted, in characters.
pub const MAX_SHORT_TEXT_CHARS: usize = 1_000;

/// A point on the map (WGS 84), as Open311 carries it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude in degrees, −90 to 90.
    pub lat: f64,
    /// Longitude in degrees, −180 to 180.
    pub lon: f64,
}

/// What the citizen told the centre: the appeal's content before any decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intake {
    /// How it arrived.
    pub channel: Channel,
    /// The category chosen or suggested at intake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryCode>,
    /// The subcategory chosen at intake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<CategoryCode>,
    /// The city district.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<DistrictCode>,
    /// The address of the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Where the problem is, when the app knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoPoint>,
    /// The citizen's words.
    pub description: String,
    /// Who filed it; `None` for an anonymous appeal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen: Option<Citizen>,
    /// The language to answer in.
    pub language: Language,
}

impl Intake {
    /// A minimal intake: a channel, a description and a language.
    pub fn new(channel: Channel, description: impl Into<String>, language: Language) -> Intake {
        Intake {
            channel,
            category: None,
            subcategory: None,
            district: None,
            address: None,
            location: None,
            description: description.into(),
            citizen: None,
            language,
        }
    }

    /// Whether the appeal is anonymous: no name and no phone (law No. 221-III's notion).
    pub fn is_anonymous(&self) -> bool {
        self.citizen
            .as_ref()
            .is_none_or(|c| c.name.is_none() && c.phone.is_none())
    }

    /// Checks the intake's fields; the error names the field.
    pub(crate) fn validate(&self) -> Result<(), (&'static str, &'static str)> {
        if self.description.trim().is_empty() {
            return Err(("description", "is empty"));
        }
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(("description", "is longer than 8000 characters"));
        }
        let short = [
            ("address", self.address.as_deref()),
            (
                "citizen.name",
                self.citizen.as_ref().and_then(|c| c.name.as_deref()),
            ),
        ];
        for (field, text) in short {
            if text.is_some_and(|t| t.chars().count() > MAX_SHORT_TEXT_CHARS) {
                return Err((field, "is longer than 1000 characters"));
            }
        }
        if self.subcategory.is_some() && self.category.is_none() {
            return Err(("subcategory", "is given without a category"));
        }
        if let Some(p) = self.location
            && !(p.lat.is_finite()
                && p.lon.is_finite()
                && p.lat.abs() <= 90.0
                && p.lon.abs() <= 180.0)
        {
            return Err(("location", "is not a valid latitude and longitude"));
        }
        Ok(())
    }
}

/// A key chosen by the client for a draft, so that sending the same draft twice
/// registers it once. A UUID is a good choice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(Box<str>);

impl IdempotencyKey {
    /// Checks and wraps a key: 1 to 128 printable ASCII characters.
    ///
    /// # Errors
    /// [`InvalidKey`] otherwise.
    pub fn new(key: &str) -> Result<IdempotencyKey, InvalidKey> {
        if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(InvalidKey);
        }
        Ok(IdempotencyKey(key.into()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = InvalidKey;
    fn try_from(s: String) -> Result<Self, InvalidKey> {
        IdempotencyKey::new(&s)
    }
}

impl From<IdempotencyKey> for String {
    fn from(k: IdempotencyKey) -> String {
        k.0.into()
    }
}

/// An idempotency key that is empty, longer than 128 characters, or not printable ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("idempotency key must be 1 to 128 printable ASCII characters")]
pub struct InvalidKey;

/// Where routing sent an appeal, and on what grounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routing {
    /// The responsible bodies; the first leads when there are several (joint handling).
    pub bodies: Vec<BodyId>,
    /// The priority routing gave.
    #[serde(default)]
    pub priority: Priority,
    /// The SLA policy that applies from now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyId>,
    /// The rule that decided, when rules decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleId>,
    /// Tags the rule added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Whether a supervisor should be told.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notify_supervisor: bool,
    /// A short account of why (which conditions matched), for the audit trail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

impl Routing {
    /// A routing to one body with the defaults.
    pub fn to(body: BodyId) -> Routing {
        Routing {
            bodies: vec![body],
            priority: Priority::Normal,
            policy: None,
            rule: None,
            tags: Vec::new(),
            notify_supervisor: false,
            explanation: None,
        }
    }
}

/// One fact in an appeal's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who caused it.
    pub actor: Actor,
    /// What happened.
    pub kind: EventKind,
}

/// What happened. Each variant is the consequence of one [`Command`](super::Command).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// A draft was written.
    Drafted {
        /// The client's idempotency key.
        key: IdempotencyKey,
        /// The content.
        intake: Arc<Intake>,
    },
    /// The draft was edited.
    Edited {
        /// The new content.
        intake: Arc<Intake>,
    },
    /// The appeal was registered and numbered.
    Registered {
        /// Its registration number.
        number: RegistrationNumber,
        /// The citizen's pseudonymous key, when a phone was given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        citizen: Option<CitizenKey>,
        /// Whether the same citizen raised the same issue before.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        repeated: bool,
    },
    /// The category was set or changed.
    Classified {
        /// The category.
        category: CategoryCode,
        /// The subcategory.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subcategory: Option<CategoryCode>,
    },
    /// The appeal was sent to responsible bodies.
    Routed {
        /// Where and why.
        routing: Arc<Routing>,
    },
    /// A responsible body accepted it.
    Accepted,
    /// The body asked the citizen for information; the SLA clock pauses.
    InfoRequested {
        /// What was asked.
        note: String,
    },
    /// The citizen answered; the SLA clock resumes.
    InfoProvided {
        /// The answer, or a note of it.
        note: String,
    },
    /// A body returned the appeal as outside its competence.
    Returned {
        /// Why it is not the body's matter.
        reason: String,
    },
    /// The appeal was decided.
    Resolved {
        /// The decision.
        outcome: Outcome,
        /// Whether it was settled within the first contact.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        first_contact: bool,
    },
    /// The appeal was found to repeat an earlier one and closed.
    MarkedDuplicate {
        /// The earlier appeal.
        of: RegistrationNumber,
    },
    /// The citizen withdrew the appeal; it is closed.
    Withdrawn {
        /// The citizen's reason, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The deadline was extended by a reasoned decision (APPK Art. 76).
    Extended {
        /// The new deadline.
        until: DateTime<Utc>,
        /// The reason.
        reason: String,
    },
    /// The appeal was escalated one level.
    Escalated {
        /// The new level.
        level: u8,
        /// Why.
        reason: String,
    },
    /// The SLA policy changed; time already spent and paused is kept.
    PolicyChanged {
        /// The new policy.
        policy: PolicyId,
        /// Why.
        reason: String,
    },
    /// The appeal was closed.
    Closed,
    /// The appeal was reopened.
    Reopened {
        /// Why.
        reason: String,
    },
}

impl EventKind {
    /// The event's name in snake case, as in the log.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Drafted { .. } => "drafted",
            EventKind::Edited { .. } => "edited",
            EventKind::Registered { .. } => "registered",
            EventKind::Classified { .. } => "classified",
            EventKind::Routed { .. } => "routed",
            EventKind::Accepted => "accepted",
            EventKind::InfoRequested { .. } => "info_requested",
            EventKind::InfoProvided { .. } => "info_provided",
            EventKind::Returned { .. } => "returned",
            EventKind::Resolved { .. } => "resolved",
            EventKind::MarkedDuplicate { .. } => "marked_duplicate",
            EventKind::Withdrawn { .. } => "withdrawn",
            EventKind::Extended { .. } => "extended",
            EventKind::Escalated { .. } => "escalated",
            EventKind::PolicyChanged { .. } => "policy_changed",
            EventKind::Closed => "closed",
            EventKind::Reopened { .. } => "reopened",
        }
    }
}

/// One line of an exported event log: an event with the appeal it belongs to, its
/// position in that appeal's history, and the schema version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRecord {
    /// The event schema version ([`EVENT_SCHEMA`]).
    pub v: u32,
    /// The appeal.
    pub number: RegistrationNumber,
    /// The event's position in the appeal's history, from 0.
    pub seq: u32,
    /// The event.
    pub event: Event,
}
