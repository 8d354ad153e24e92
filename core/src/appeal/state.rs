//! The states of an appeal and the values that describe it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::number::RegistrationNumber;
use crate::code::ActorId;

/// Where an appeal is in its lifecycle.
///
/// The set follows the APPK (registration, consideration, forwarding, outcome) and
/// FixMyStreet's open / fixed / closed split. Each variant says why it exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum State {
    /// Written on a phone or by an operator, not yet sent: it has no registration number
    /// and no legal clock (FixMyStreet's "unconfirmed"/"partial").
    Draft,
    /// Accepted and numbered (APPK Art. 64); the 15-working-day clock runs from here.
    /// The centre classifies it and either settles it on the call or routes it.
    Registered,
    /// Settled by the operator within the first contact (iKomek counts these: 71% of a
    /// month). Kept apart from [`State::Resolved`] so first-contact resolution is a state,
    /// not a guess from the history.
    ResolvedOnFirstContact,
    /// Sent to one or more responsible bodies, not yet taken up (FixMyStreet tracks
    /// delivery apart from work: sent but not acknowledged).
    Routed,
    /// A responsible body accepted it and is working on it.
    InProgress,
    /// The body asked the citizen for information; the SLA clock is paused until the
    /// citizen answers (the pause helpdesk users most miss).
    AwaitingCitizen,
    /// A body returned it as outside its competence; it is back with the centre to be
    /// routed again, skipping that body (APPK Art. 76: forward within 3 working days).
    Returned,
    /// The body decided it with an outcome (APPK: satisfied, refused, explained ...);
    /// the citizen may still dispute it, so it is not closed yet.
    Resolved,
    /// Final. Only a supervisor may reopen a closed appeal (FixMyStreet's rule).
    Closed,
    /// Disputed after resolution, or reopened by a supervisor: back with the centre for a
    /// new cycle, counted apart for the reopen rate.
    Reopened,
}

impl State {
    /// Every state, in lifecycle order.
    pub const ALL: [State; 10] = [
        State::Draft,
        State::Registered,
        State::ResolvedOnFirstContact,
        State::Routed,
        State::InProgress,
        State::AwaitingCitizen,
        State::Returned,
        State::Resolved,
        State::Closed,
        State::Reopened,
    ];

    /// The state's name in snake case, as in the event log.
    pub fn name(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Registered => "registered",
            State::ResolvedOnFirstContact => "resolved_on_first_contact",
            State::Routed => "routed",
            State::InProgress => "in_progress",
            State::AwaitingCitizen => "awaiting_citizen",
            State::Returned => "returned",
            State::Resolved => "resolved",
            State::Closed => "closed",
            State::Reopened => "reopened",
        }
    }

    /// Whether the appeal still awaits a decision (registered and not yet resolved or closed).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::Registered
                | State::Routed
                | State::InProgress
                | State::AwaitingCitizen
                | State::Returned
                | State::Reopened
        )
    }

    /// Whether the appeal is with a responsible body (routed, in progress or paused for the citizen).
    pub fn is_with_body(self) -> bool {
        matches!(
            self,
            State::Routed | State::InProgress | State::AwaitingCitizen
        )
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How an appeal was decided.
///
/// APPK outcomes for applications and complaints, plus the ways an appeal ends without
/// a decision on its merits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Satisfied in full.
    Fulfilled,
    /// Satisfied in part.
    PartlyFulfilled {
        /// What was not done, and why.
        reason: String,
    },
    /// Answered with an explanation (for questions and proposals).
    Explained,
    /// Refused; APPK requires the reason.
    Refused {
        /// Why.
        reason: String,
    },
    /// Forwarded to a competent body outside the centre's network.
    Forwarded {
        /// That body's name.
        to: String,
    },
    /// Left without consideration (e.g. anonymous, or no subject), with the ground.
    LeftWithoutConsideration {
        /// The ground.
        reason: String,
    },
    /// The same problem as an earlier appeal.
    Duplicate {
        /// The earlier appeal.
        of: RegistrationNumber,
    },
    /// Withdrawn by the citizen; consideration terminated.
    Withdrawn,
}

/// The kind of an [`Outcome`], without its data: for statistics and switch statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutcomeKind {
    /// [`Outcome::Fulfilled`].
    Fulfilled,
    /// [`Outcome::PartlyFulfilled`].
    PartlyFulfilled,
    /// [`Outcome::Explained`].
    Explained,
    /// [`Outcome::Refused`].
    Refused,
    /// [`Outcome::Forwarded`].
    Forwarded,
    /// [`Outcome::LeftWithoutConsideration`].
    LeftWithoutConsideration,
    /// [`Outcome::Duplicate`].
    Duplicate,
    /// [`Outcome::Withdrawn`].
    Withdrawn,
}

impl OutcomeKind {
    /// Every kind.
    pub const ALL: [OutcomeKind; 8] = [
        OutcomeKind::Fulfilled,
        OutcomeKind::PartlyFulfilled,
        OutcomeKind::Explained,
        OutcomeKind::Refused,
        OutcomeKind::Forwarded,
        OutcomeKind::LeftWithoutConsideration,
        OutcomeKind::Duplicate,
        OutcomeKind::Withdrawn,
    ];

    /// The kind's name in snake case.
    pub fn name(self) -> &'static str {
        match self {
            OutcomeKind::Fulfilled => "fulfilled",
            OutcomeKind::PartlyFulfilled => "partly_fulfilled",
            OutcomeKind::Explained => "explained",
            OutcomeKind::Refused => "refused",
            OutcomeKind::Forwarded => "forwarded",
            OutcomeKind::LeftWithoutConsideration => "left_without_consideration",
            OutcomeKind::Duplicate => "duplicate",
            OutcomeKind::Withdrawn => "withdrawn",
        }
    }
}

impl Outcome {
    /// The outcome's kind.
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Fulfilled => OutcomeKind::Fulfilled,
            Outcome::PartlyFulfilled { .. } => OutcomeKind::PartlyFulfilled,
            Outcome::Explained => OutcomeKind::Explained,
            Outcome::Refused { .. } => OutcomeKind::Refused,
            Outcome::Forwarded { .. } => OutcomeKind::Forwarded,
            Outcome::LeftWithoutConsideration { .. } => OutcomeKind::LeftWithoutConsideration,
            Outcome::Duplicate { .. } => OutcomeKind::Duplicate,
            Outcome::Withdrawn => OutcomeKind::Withdrawn,
        }
    }

    /// The reason or target an outcome must carry, if it carries one.
    pub(crate) fn required_text(&self) -> Option<&str> {
        match self {
            Outcome::PartlyFulfilled { reason }
            | Outcome::Refused { reason }
            | Outcome::LeftWithoutConsideration { reason } => Some(reason),
            Outcome::Forwarded { to } => Some(to),
            _ => None,
        }
    }
}

/// How urgent an appeal is. Routing sets it; emergencies run on 24/7 SLA calendars.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Priority {
    /// No hurry (proposals, questions).
    Low,
    /// The default.
    #[default]
    Normal,
    /// Affects many people or gets worse with time.
    High,
    /// A danger to life or health (gas smell, open manhole, person stuck in a lift).
    Emergency,
}

/// How an appeal reached the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// The free line 109.
    Phone,
    /// WhatsApp.
    WhatsApp,
    /// Instagram.
    Instagram,
    /// Facebook.
    Facebook,
    /// Telegram.
    Telegram,
    /// The centre's web site or mobile app.
    WebApp,
    /// In person at a reception.
    WalkIn,
    /// The national e-portal (eOtinish).
    EPortal,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 8] = [
        Channel::Phone,
        Channel::WhatsApp,
        Channel::Instagram,
        Channel::Facebook,
        Channel::Telegram,
        Channel::WebApp,
        Channel::WalkIn,
        Channel::EPortal,
    ];

    /// Whether this is a social network or messenger (the centre's monthly report counts these apart).
    pub fn is_social(self) -> bool {
        matches!(
            self,
            Channel::WhatsApp | Channel::Instagram | Channel::Facebook | Channel::Telegram
        )
    }

    /// The channel's name in snake case.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::WhatsApp => "whats_app",
            Channel::Instagram => "instagram",
            Channel::Facebook => "facebook",
            Channel::Telegram => "telegram",
            Channel::WebApp => "web_app",
            Channel::WalkIn => "walk_in",
            Channel::EPortal => "e_portal",
        }
    }
}

/// The role in which an actor issues a command. The transition table says which roles
/// may issue which command in which state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// A contact-centre operator.
    Operator,
    /// A responsible body (its id is the actor id).
    Body,
    /// The citizen who filed the appeal.
    Citizen,
    /// A centre supervisor.
    Supervisor,
    /// Automation: routing, SLA timers, the desk itself.
    System,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Operator,
        Role::Body,
        Role::Citizen,
        Role::Supervisor,
        Role::System,
    ];

    /// The role's name in snake case.
    pub fn name(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Body => "body",
            Role::Citizen => "citizen",
            Role::Supervisor => "supervisor",
            Role::System => "system",
        }
    }

    pub(crate) const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who issued a command: a role and an id, recorded on every event for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    /// The role acted in.
    pub role: Role,
    /// The actor's id: an operator login, a body id, `citizen`, `system`.
    pub id: ActorId,
}

impl Actor {
    /// An actor with this role and id.
    pub fn new(role: Role, id: ActorId) -> Actor {
        Actor { role, id }
    }

    /// The system actor (`system`).
    pub fn system() -> Actor {
        #[allow(clippy::unwrap_used)]
        Actor::new(Role::System, ActorId::new("system").unwrap())
    }

    /// The citizen actor (`citizen`). The citizen's identity is on the appeal, not the event.
    pub fn citizen() -> Actor {
        #[allow(clippy::unwrap_used)]
        Actor::new(Role::Citizen, ActorId::new("citizen").unwrap())
    }
}
