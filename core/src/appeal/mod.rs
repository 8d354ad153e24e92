//! An appeal's lifecycle: commands in, events out, state rebuilt from events.

mod command;
mod compact;
mod event;
mod number;
mod state;
mod transition;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Months, Utc};

pub use command::{Command, CommandKind};
pub use compact::CorruptBytes;
pub use event::{
    EVENT_SCHEMA, Event, EventKind, GeoPoint, IdempotencyKey, Intake, InvalidKey, LogRecord,
    MAX_DESCRIPTION_CHARS, MAX_SHORT_TEXT_CHARS, Routing,
};
pub use number::{MAX_NUMBER_LEN, NumberError, NumberFormat, RegistrationNumber};
pub use state::{Actor, Channel, Outcome, OutcomeKind, Priority, Role, State};
pub use transition::{TRANSITIONS, Transition, mermaid, transition};

use crate::citizen::CitizenKey;
use crate::code::{BodyId, CategoryCode, DistrictCode, PolicyId};

/// Why a command was refused, with the state and command it was refused in.
///
/// A refused command leaves the appeal exactly as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {command} an appeal that is {state}: {reason}")]
pub struct CommandError {
    /// The appeal's state when the command came.
    pub state: State,
    /// The command refused.
    pub command: CommandKind,
    /// Why.
    pub reason: Rejection,
}

/// The reason a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// The command does not apply in this state.
    #[error("the transition is not allowed")]
    IllegalTransition,
    /// The actor's role may not issue this command in this state.
    #[error("the {role} role may not do this")]
    Forbidden {
        /// The actor's role.
        role: Role,
    },
    /// A body acted on an appeal that is not routed to it.
    #[error("body {actor} is not responsible for this appeal")]
    NotResponsible {
        /// The body's id.
        actor: String,
    },
    /// A reason, note or target is required and was empty.
    #[error("{field} is required")]
    MissingReason {
        /// The field.
        field: &'static str,
    },
    /// A field's value is not acceptable.
    #[error("{field} {problem}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// Routing to a body that already returned the appeal as outside its competence.
    #[error("body {body} already returned this appeal as outside its competence")]
    BodyDeclined {
        /// The body.
        body: BodyId,
    },
    /// The command's instant is earlier than the appeal's last event.
    #[error("the command is dated {at}, before the last event at {last}")]
    OutOfOrder {
        /// The command's instant.
        at: DateTime<Utc>,
        /// The last event's instant.
        last: DateTime<Utc>,
    },
}

/// Why an event log could not be replayed into an appeal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The log is empty.
    #[error("the event log is empty")]
    Empty,
    /// The first event is not `drafted`, or a later one is.
    #[error(
        "event {seq} ({event}) is out of place: a history starts with exactly one drafted event"
    )]
    BadStart {
        /// The event's position.
        seq: usize,
        /// Its name.
        event: &'static str,
    },
    /// An event is not a legal consequence of the state before it.
    #[error("event {seq} ({event}) cannot follow state {state}")]
    Illegal {
        /// The event's position.
        seq: usize,
        /// Its name.
        event: &'static str,
        /// The state before it.
        state: State,
    },
    /// An event was recorded with a role that may not cause it.
    #[error("event {seq} ({event}) was caused by the {role} role, which may not")]
    Forbidden {
        /// The event's position.
        seq: usize,
        /// Its name.
        event: &'static str,
        /// The role recorded.
        role: Role,
    },
    /// An event is dated before its predecessor.
    #[error("event {seq} is dated before the event before it")]
    OutOfOrder {
        /// The event's position.
        seq: usize,
    },
}

/// Why [`Appeal::from_bytes`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FromBytesError {
    /// The bytes are not a compact history.
    #[error(transparent)]
    Corrupt(#[from] CorruptBytes),
    /// The history does not replay.
    #[error(transparent)]
    Replay(#[from] ReplayError),
}

/// One appeal: its current state and data, and the full history they derive from.
///
/// Every change goes through [`Appeal::execute`] (or [`Appeal::decide`] then
/// [`Appeal::evolve`]); [`Appeal::replay`] of [`Appeal::history`] rebuilds an equal appeal.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap();
/// let op = Actor::new(Role::Operator, ActorId::new("op-7")?);
/// let intake = Intake::new(Channel::Phone, "Не работает лифт", Language::Ru);
/// let mut a = Appeal::draft(IdempotencyKey::new("k-1")?, intake, &op, at)?;
/// a.execute(Command::Register { number: RegistrationNumber::new("SHY-2026-000001")?, citizen: None, repeated: false }, &op, at)?;
/// a.execute(Command::ResolveOnFirstContact { outcome: Outcome::Explained }, &op, at)?;
/// assert_eq!(a.state(), State::ResolvedOnFirstContact);
///
/// // A body cannot accept an appeal that was never routed: refused, nothing changes.
/// let body = Actor::new(Role::Body, ActorId::new("lift-service")?);
/// let err = a.execute(Command::Accept, &body, at).unwrap_err();
/// assert_eq!(err.reason, Rejection::IllegalTransition);
/// assert_eq!(Appeal::replay(a.history().to_vec())?, a);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct Appeal {
    key: IdempotencyKey,
    number: Option<RegistrationNumber>,
    state: State,
    intake: Arc<Intake>,
    category: Option<CategoryCode>,
    subcategory: Option<CategoryCode>,
    routing: Option<Arc<Routing>>,
    policy: Option<PolicyId>,
    outcome: Option<Outcome>,
    citizen: Option<CitizenKey>,
    registered_at: Option<DateTime<Utc>>,
    extended_until: Option<DateTime<Utc>>,
    declined_by: Vec<BodyId>,
    escalation: u8,
    repeated: bool,
    first_contact: bool,
    reopened: u16,
    history: Vec<Event>,
}

impl fmt::Debug for Appeal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The description, address and citizen are personal data: show only the shape.
        f.debug_struct("Appeal")
            .field("number", &self.number)
            .field("state", &self.state)
            .field("category", &self.category)
            .field("subcategory", &self.subcategory)
            .field("bodies", &self.bodies())
            .field("outcome", &self.outcome.as_ref().map(Outcome::kind))
            .field("events", &self.history.len())
            .finish_non_exhaustive()
    }
}

fn need(text: &str, field: &'static str) -> Result<(), Rejection> {
    if text.trim().is_empty() {
        return Err(Rejection::MissingReason { field });
    }
    if text.chars().count() > MAX_SHORT_TEXT_CHARS {
        return Err(Rejection::Invalid {
            field,
            problem: "is longer than 1000 characters",
        });
    }
    Ok(())
}

fn check_outcome(outcome: &Outcome) -> Result<(), Rejection> {
    match outcome {
        Outcome::Duplicate { .. } => Err(Rejection::Invalid {
            field: "outcome",
            problem: "duplicate is recorded with mark_duplicate",
        }),
        Outcome::Withdrawn => Err(Rejection::Invalid {
            field: "outcome",
            problem: "withdrawn is recorded with withdraw",
        }),
        o => o
            .required_text()
            .map_or(Ok(()), |t| need(t, "outcome.reason")),
    }
}

impl Appeal {
    /// Starts a draft: the appeal as written on a phone or by an operator, not yet registered.
    ///
    /// # Errors
    /// A [`CommandError`] with [`Rejection::Invalid`] or [`Rejection::MissingReason`]
    /// naming the intake field at fault, or [`Rejection::Forbidden`] for a role that
    /// cannot write drafts (bodies).
    pub fn draft(
        key: IdempotencyKey,
        intake: Intake,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Appeal, CommandError> {
        let err = |reason| CommandError {
            state: State::Draft,
            command: CommandKind::Draft,
            reason,
        };
        if matches!(actor.role, Role::Body) {
            return Err(err(Rejection::Forbidden { role: actor.role }));
        }
        intake
            .validate()
            .map_err(|(field, problem)| err(intake_rejection(field, problem)))?;
        let intake = Arc::new(intake);
        let event = Event {
            at,
            actor: actor.clone(),
            kind: EventKind::Drafted {
                key: key.clone(),
                intake: Arc::clone(&intake),
            },
        };
        Ok(Appeal {
            key,
            number: None,
            state: State::Draft,
            category: intake.category.clone(),
            subcategory: intake.subcategory.clone(),
            intake,
            routing: None,
            policy: None,
            outcome: None,
            citizen: None,
            registered_at: None,
            extended_until: None,
            declined_by: Vec::new(),
            escalation: 0,
            repeated: false,
            first_contact: false,
            reopened: 0,
            history: vec![event],
        })
    }

    /// Decides what `command`, issued by `actor` at `at`, does: the event it yields, or
    /// why it is refused. Changes nothing.
    ///
    /// # Errors
    /// A [`CommandError`] naming the state, the command and the [`Rejection`].
    pub fn decide(
        &self,
        command: Command,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Event, CommandError> {
        let kind = command.kind();
        self.decide_inner(command, actor, at)
            .map_err(|reason| CommandError {
                state: self.state,
                command: kind,
                reason,
            })
    }

    fn decide_inner(
        &self,
        command: Command,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Event, Rejection> {
        let row = transition(self.state, command.kind()).ok_or(Rejection::IllegalTransition)?;
        if !row.allows(actor.role) {
            return Err(Rejection::Forbidden { role: actor.role });
        }
        if let Some(last) = self.history.last()
            && at < last.at
        {
            return Err(Rejection::OutOfOrder { at, last: last.at });
        }
        // A body may act only on appeals routed to it.
        if actor.role == Role::Body
            && !self
                .bodies()
                .iter()
                .any(|b| b.as_str() == actor.id.as_str())
        {
            return Err(Rejection::NotResponsible {
                actor: actor.id.to_string(),
            });
        }
        let kind = match command {
            Command::Edit { intake } => {
                intake.validate().map_err(|(f, p)| intake_rejection(f, p))?;
                EventKind::Edited {
                    intake: Arc::new(intake),
                }
            }
            Command::Register {
                number,
                citizen,
                repeated,
            } => EventKind::Registered {
                number,
                citizen,
                repeated,
            },
            // The desk checks categories against its taxonomy; the appeal holds none.
            Command::Classify {
                category,
                subcategory,
            } => EventKind::Classified {
                category,
                subcategory,
            },
            Command::Route { routing } => {
                if routing.bodies.is_empty() {
                    return Err(Rejection::MissingReason {
                        field: "routing.bodies",
                    });
                }
                for (i, b) in routing.bodies.iter().enumerate() {
                    if routing.bodies[..i].contains(b) {
                        return Err(Rejection::Invalid {
                            field: "routing.bodies",
                            problem: "names a body twice",
                        });
                    }
                    if actor.role != Role::Supervisor && self.declined_by.contains(b) {
                        return Err(Rejection::BodyDeclined { body: b.clone() });
                    }
                }
                if let Some(e) = &routing.explanation
                    && e.chars().count() > MAX_SHORT_TEXT_CHARS
                {
                    return Err(Rejection::Invalid {
                        field: "routing.explanation",
                        problem: "is longer than 1000 characters",
                    });
                }
                EventKind::Routed {
                    routing: Arc::new(routing),
                }
            }
            Command::Accept => EventKind::Accepted,
            Command::RequestInfo { note } => {
                need(&note, "note")?;
                EventKind::InfoRequested { note }
            }
            Command::ProvideInfo { note } => {
                need(&note, "note")?;
                EventKind::InfoProvided { note }
            }
            Command::Return { reason } => {
                need(&reason, "reason")?;
                EventKind::Returned { reason }
            }
            Command::ResolveOnFirstContact { outcome } => {
                check_outcome(&outcome)?;
                EventKind::Resolved {
                    outcome,
                    first_contact: true,
                }
            }
            Command::Resolve { outcome } => {
                check_outcome(&outcome)?;
                EventKind::Resolved {
                    outcome,
                    first_contact: false,
                }
            }
            Command::MarkDuplicate { of } => {
                if self.number.as_ref() == Some(&of) {
                    return Err(Rejection::Invalid {
                        field: "of",
                        problem: "is this appeal itself",
                    });
                }
                EventKind::MarkedDuplicate { of }
            }
            Command::Withdraw { reason } => {
                if let Some(r) = &reason
                    && r.chars().count() > MAX_SHORT_TEXT_CHARS
                {
                    return Err(Rejection::Invalid {
                        field: "reason",
                        problem: "is longer than 1000 characters",
                    });
                }
                EventKind::Withdrawn { reason }
            }
            Command::Extend { until, reason } => {
                need(&reason, "reason")?;
                if self.extended_until.is_some() {
                    return Err(Rejection::Invalid {
                        field: "until",
                        problem: "cannot be set twice: the APPK allows one extension",
                    });
                }
                if until <= at {
                    return Err(Rejection::Invalid {
                        field: "until",
                        problem: "is not in the future",
                    });
                }
                let limit = self
                    .registered_at
                    .and_then(|r| r.checked_add_months(Months::new(2)));
                if limit.is_some_and(|l| until > l) {
                    return Err(Rejection::Invalid {
                        field: "until",
                        problem: "is more than two months after registration (APPK Art. 76)",
                    });
                }
                EventKind::Extended { until, reason }
            }
            Command::Escalate { reason } => {
                need(&reason, "reason")?;
                let level = self.escalation.checked_add(1).ok_or(Rejection::Invalid {
                    field: "level",
                    problem: "is already at its maximum",
                })?;
                EventKind::Escalated { level, reason }
            }
            Command::ChangePolicy { policy, reason } => {
                need(&reason, "reason")?;
                if self.policy.as_ref() == Some(&policy) {
                    return Err(Rejection::Invalid {
                        field: "policy",
                        problem: "is already the appeal's policy",
                    });
                }
                EventKind::PolicyChanged { policy, reason }
            }
            Command::Close => EventKind::Closed,
            Command::Reopen { reason } => {
                need(&reason, "reason")?;
                EventKind::Reopened { reason }
            }
        };
        Ok(Event {
            at,
            actor: actor.clone(),
            kind,
        })
    }

    /// Applies an event decided by [`Appeal::decide`] (or read from a log) and records it.
    ///
    /// # Errors
    /// [`ReplayError`] when the event cannot follow the current state; the appeal is unchanged.
    pub fn evolve(&mut self, event: Event) -> Result<(), ReplayError> {
        let seq = self.history.len();
        let name = event.kind.name();
        let Some(command) = command_of(&event.kind) else {
            return Err(ReplayError::BadStart { seq, event: name });
        };
        let row = transition(self.state, command).ok_or(ReplayError::Illegal {
            seq,
            event: name,
            state: self.state,
        })?;
        if !row.allows(event.actor.role) {
            return Err(ReplayError::Forbidden {
                seq,
                event: name,
                role: event.actor.role,
            });
        }
        if self.history.last().is_some_and(|l| event.at < l.at) {
            return Err(ReplayError::OutOfOrder { seq });
        }
        match &event.kind {
            // `command_of` returned `None` for it above.
            EventKind::Drafted { .. } => {}
            EventKind::Edited { intake } => {
                self.category = intake.category.clone();
                self.subcategory = intake.subcategory.clone();
                self.intake = Arc::clone(intake);
            }
            EventKind::Registered {
                number,
                citizen,
                repeated,
            } => {
                self.number = Some(number.clone());
                self.citizen = *citizen;
                self.repeated = *repeated;
                self.registered_at = Some(event.at);
            }
            EventKind::Classified {
                category,
                subcategory,
            } => {
                self.category = Some(category.clone());
                self.subcategory = subcategory.clone();
            }
            EventKind::Routed { routing } => {
                if routing.policy.is_some() {
                    self.policy = routing.policy.clone();
                }
                self.routing = Some(Arc::clone(routing));
            }
            EventKind::Returned { .. } => {
                if let Ok(b) = BodyId::new(event.actor.id.as_str())
                    && !self.declined_by.contains(&b)
                {
                    self.declined_by.push(b);
                }
                self.routing = None;
            }
            EventKind::Resolved {
                outcome,
                first_contact,
            } => {
                self.outcome = Some(outcome.clone());
                self.first_contact = *first_contact;
            }
            EventKind::MarkedDuplicate { of } => {
                self.outcome = Some(Outcome::Duplicate { of: of.clone() });
            }
            EventKind::Withdrawn { .. } => self.outcome = Some(Outcome::Withdrawn),
            EventKind::Extended { until, .. } => self.extended_until = Some(*until),
            EventKind::Escalated { level, .. } => self.escalation = *level,
            EventKind::PolicyChanged { policy, .. } => self.policy = Some(policy.clone()),
            EventKind::Reopened { .. } => {
                self.reopened = self.reopened.saturating_add(1);
                self.outcome = None;
                self.first_contact = false;
            }
            EventKind::Accepted
            | EventKind::InfoRequested { .. }
            | EventKind::InfoProvided { .. }
            | EventKind::Closed => {}
        }
        self.state = row.target();
        self.history.push(event);
        Ok(())
    }

    /// Decides and applies a command; returns the event it recorded.
    ///
    /// # Errors
    /// A [`CommandError`]; the appeal is then exactly as it was.
    pub fn execute(
        &mut self,
        command: Command,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<&Event, CommandError> {
        let state = self.state;
        let kind = command.kind();
        let event = self.decide(command, actor, at)?;
        // `decide` checked everything `evolve` checks, so this cannot fail; map it anyway
        // rather than panic.
        self.evolve(event).map_err(|_| CommandError {
            state,
            command: kind,
            reason: Rejection::IllegalTransition,
        })?;
        Ok(&self.history[self.history.len() - 1])
    }

    /// Rebuilds an appeal from its history.
    ///
    /// # Errors
    /// [`ReplayError`] naming the first event that cannot be applied.
    pub fn replay(events: impl IntoIterator<Item = Event>) -> Result<Appeal, ReplayError> {
        let mut it = events.into_iter();
        let first = it.next().ok_or(ReplayError::Empty)?;
        let EventKind::Drafted { key, intake } = &first.kind else {
            return Err(ReplayError::BadStart {
                seq: 0,
                event: first.kind.name(),
            });
        };
        let mut appeal = Appeal::draft(key.clone(), (**intake).clone(), &first.actor, first.at)
            .map_err(|_| ReplayError::Forbidden {
                seq: 0,
                event: "drafted",
                role: first.actor.role,
            })?;
        // Keep the logged event itself (and its shared intake), not a rebuilt copy.
        appeal.intake = Arc::clone(intake);
        appeal.history[0] = first;
        for event in it {
            appeal.evolve(event)?;
        }
        Ok(appeal)
    }

    /// The appeal in a compact binary form (about a sixth of its size in memory), for
    /// keeping appeals at rest. [`Appeal::from_bytes`] rebuilds an equal appeal.
    ///
    /// The form is versioned but private to this crate; exchange appeals as event logs.
    pub fn to_bytes(&self) -> Vec<u8> {
        compact::encode(&self.history)
    }

    /// Rebuilds an appeal from [`Appeal::to_bytes`].
    ///
    /// # Errors
    /// [`FromBytesError`] when the bytes are not a compact history or it does not replay.
    pub fn from_bytes(bytes: &[u8]) -> Result<Appeal, FromBytesError> {
        let history = compact::decode(bytes)?;
        Ok(Appeal::replay(history)?)
    }

    /// The client's idempotency key.
    pub fn key(&self) -> &IdempotencyKey {
        &self.key
    }
    /// The registration number, once registered.
    pub fn number(&self) -> Option<&RegistrationNumber> {
        self.number.as_ref()
    }
    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }
    /// What the citizen said.
    pub fn intake(&self) -> &Intake {
        &self.intake
    }
    /// The channel it came by.
    pub fn channel(&self) -> Channel {
        self.intake.channel
    }
    /// The district.
    pub fn district(&self) -> Option<&DistrictCode> {
        self.intake.district.as_ref()
    }
    /// The current category.
    pub fn category(&self) -> Option<&CategoryCode> {
        self.category.as_ref()
    }
    /// The current subcategory.
    pub fn subcategory(&self) -> Option<&CategoryCode> {
        self.subcategory.as_ref()
    }
    /// The current routing, while the appeal is with bodies (cleared when returned).
    pub fn routing(&self) -> Option<&Routing> {
        self.routing.as_deref()
    }
    /// The responsible bodies, the lead first (empty when not routed).
    pub fn bodies(&self) -> &[BodyId] {
        self.routing.as_ref().map_or(&[], |r| r.bodies.as_slice())
    }
    /// The priority routing gave (normal before routing).
    pub fn priority(&self) -> Priority {
        self.routing
            .as_ref()
            .map_or(Priority::Normal, |r| r.priority)
    }
    /// The SLA policy in force.
    pub fn policy(&self) -> Option<&PolicyId> {
        self.policy.as_ref()
    }
    /// The outcome, once resolved (cleared when reopened).
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
    /// The citizen's pseudonymous key.
    pub fn citizen_key(&self) -> Option<CitizenKey> {
        self.citizen
    }
    /// When it was registered.
    pub fn registered_at(&self) -> Option<DateTime<Utc>> {
        self.registered_at
    }
    /// The extended deadline, if the deadline was extended.
    pub fn extended_until(&self) -> Option<DateTime<Utc>> {
        self.extended_until
    }
    /// Bodies that returned it as outside their competence; re-routing skips them.
    pub fn declined_by(&self) -> &[BodyId] {
        &self.declined_by
    }
    /// The escalation level, 0 when never escalated.
    pub fn escalation(&self) -> u8 {
        self.escalation
    }
    /// Whether it is anonymous.
    pub fn is_anonymous(&self) -> bool {
        self.intake.is_anonymous()
    }
    /// Whether the same citizen raised the same issue before.
    pub fn is_repeated(&self) -> bool {
        self.repeated
    }
    /// The earlier appeal this one duplicates.
    pub fn duplicate_of(&self) -> Option<&RegistrationNumber> {
        match &self.outcome {
            Some(Outcome::Duplicate { of }) => Some(of),
            _ => None,
        }
    }
    /// Whether the current resolution was made within the first contact.
    pub fn resolved_on_first_contact(&self) -> bool {
        self.first_contact
    }
    /// How many times it was reopened.
    pub fn reopen_count(&self) -> u16 {
        self.reopened
    }
    /// Every event, oldest first.
    pub fn history(&self) -> &[Event] {
        &self.history
    }
    /// The instant of the last event.
    pub fn updated_at(&self) -> DateTime<Utc> {
        self.history
            .last()
            .map_or(DateTime::<Utc>::MIN_UTC, |e| e.at)
    }
    /// The history as log records (needs a registration number).
    pub fn log_records(&self) -> Option<Vec<LogRecord>> {
        let number = self.number.as_ref()?;
        Some(
            self.history
                .iter()
                .enumerate()
                .map(|(seq, event)| LogRecord {
                    v: EVENT_SCHEMA,
                    number: number.clone(),
                    seq: u32::try_from(seq).unwrap_or(u32::MAX),
                    event: event.clone(),
                })
                .collect(),
        )
    }
}

fn intake_rejection(field: &'static str, problem: &'static str) -> Rejection {
    if problem == "is empty" {
        Rejection::MissingReason { field }
    } else {
        Rejection::Invalid { field, problem }
    }
}

/// The command whose consequence an event is; `None` for `Drafted`, which only starts a history.
fn command_of(kind: &EventKind) -> Option<CommandKind> {
    Some(match kind {
        EventKind::Drafted { .. } => return None,
        EventKind::Edited { .. } => CommandKind::Edit,
        EventKind::Registered { .. } => CommandKind::Register,
        EventKind::Classified { .. } => CommandKind::Classify,
        EventKind::Routed { .. } => CommandKind::Route,
        EventKind::Accepted => CommandKind::Accept,
        EventKind::InfoRequested { .. } => CommandKind::RequestInfo,
        EventKind::InfoProvided { .. } => CommandKind::ProvideInfo,
        EventKind::Returned { .. } => CommandKind::Return,
        EventKind::Resolved {
            first_contact: true,
            ..
        } => CommandKind::ResolveOnFirstContact,
        EventKind::Resolved { .. } => CommandKind::Resolve,
        EventKind::MarkedDuplicate { .. } => CommandKind::MarkDuplicate,
        EventKind::Withdrawn { .. } => CommandKind::Withdraw,
        EventKind::Extended { .. } => CommandKind::Extend,
        EventKind::Escalated { .. } => CommandKind::Escalate,
        EventKind::PolicyChanged { .. } => CommandKind::ChangePolicy,
        EventKind::Closed => CommandKind::Close,
        EventKind::Reopened { .. } => CommandKind::Reopen,
    })
}

#[cfg(test)]
mod tests;
