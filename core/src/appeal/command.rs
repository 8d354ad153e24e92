//! What an actor asks of an appeal.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Intake, Routing};
use super::number::RegistrationNumber;
use super::state::Outcome;
use crate::citizen::CitizenKey;
use crate::code::{CategoryCode, PolicyId};

/// A request to change an appeal. Applying it either yields one [`Event`](super::Event)
/// or a [`CommandError`](super::CommandError) that leaves the appeal as it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Command {
    /// Replace a draft's content.
    Edit {
        /// The new content.
        intake: Intake,
    },
    /// Register a draft under a number (normally issued by the [`Desk`](crate::Desk)).
    Register {
        /// The number assigned.
        number: RegistrationNumber,
        /// The citizen's pseudonymous key.
        citizen: Option<CitizenKey>,
        /// Whether the same citizen raised the same issue before.
        repeated: bool,
    },
    /// Set or change the category.
    Classify {
        /// The category.
        category: CategoryCode,
        /// The subcategory.
        subcategory: Option<CategoryCode>,
    },
    /// Send to responsible bodies.
    Route {
        /// Where and why.
        routing: Routing,
    },
    /// A responsible body takes the appeal up.
    Accept,
    /// The body asks the citizen for information (pauses the SLA clock).
    RequestInfo {
        /// What is asked.
        note: String,
    },
    /// The citizen answers (resumes the SLA clock).
    ProvideInfo {
        /// The answer.
        note: String,
    },
    /// The body returns the appeal as outside its competence.
    Return {
        /// Why.
        reason: String,
    },
    /// The operator settles the appeal during the first contact.
    ResolveOnFirstContact {
        /// The decision.
        outcome: Outcome,
    },
    /// Decide the appeal.
    Resolve {
        /// The decision.
        outcome: Outcome,
    },
    /// Close as a duplicate of an earlier appeal.
    MarkDuplicate {
        /// The earlier appeal.
        of: RegistrationNumber,
    },
    /// The citizen withdraws the appeal.
    Withdraw {
        /// The reason, if given.
        reason: Option<String>,
    },
    /// Extend the deadline by a reasoned decision, once, to at most two months from registration.
    Extend {
        /// The new deadline.
        until: DateTime<Utc>,
        /// The reason.
        reason: String,
    },
    /// Raise the escalation level by one.
    Escalate {
        /// Why.
        reason: String,
    },
    /// Change the SLA policy.
    ChangePolicy {
        /// The new policy.
        policy: PolicyId,
        /// Why.
        reason: String,
    },
    /// Close a resolved appeal.
    Close,
    /// Reopen a resolved or closed appeal.
    Reopen {
        /// Why.
        reason: String,
    },
}

/// The kind of a [`Command`], without its data: what the transition table and errors name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CommandKind {
    /// Create a draft ([`Appeal::draft`](super::Appeal::draft)).
    Draft,
    /// [`Command::Edit`].
    Edit,
    /// [`Command::Register`].
    Register,
    /// [`Command::Classify`].
    Classify,
    /// [`Command::Route`].
    Route,
    /// [`Command::Accept`].
    Accept,
    /// [`Command::RequestInfo`].
    RequestInfo,
    /// [`Command::ProvideInfo`].
    ProvideInfo,
    /// [`Command::Return`].
    Return,
    /// [`Command::ResolveOnFirstContact`].
    ResolveOnFirstContact,
    /// [`Command::Resolve`].
    Resolve,
    /// [`Command::MarkDuplicate`].
    MarkDuplicate,
    /// [`Command::Withdraw`].
    Withdraw,
    /// [`Command::Extend`].
    Extend,
    /// [`Command::Escalate`].
    Escalate,
    /// [`Command::ChangePolicy`].
    ChangePolicy,
    /// [`Command::Close`].
    Close,
    /// [`Command::Reopen`].
    Reopen,
}

impl CommandKind {
    /// How many kinds there are.
    pub(crate) const COUNT: usize = 18;

    /// Every kind.
    pub const ALL: [CommandKind; Self::COUNT] = [
        CommandKind::Draft,
        CommandKind::Edit,
        CommandKind::Register,
        CommandKind::Classify,
        CommandKind::Route,
        CommandKind::Accept,
        CommandKind::RequestInfo,
        CommandKind::ProvideInfo,
        CommandKind::Return,
        CommandKind::ResolveOnFirstContact,
        CommandKind::Resolve,
        CommandKind::MarkDuplicate,
        CommandKind::Withdraw,
        CommandKind::Extend,
        CommandKind::Escalate,
        CommandKind::ChangePolicy,
        CommandKind::Close,
        CommandKind::Reopen,
    ];

    /// The kind's name in snake case.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Draft => "draft",
            CommandKind::Edit => "edit",
            CommandKind::Register => "register",
            CommandKind::Classify => "classify",
            CommandKind::Route => "route",
            CommandKind::Accept => "accept",
            CommandKind::RequestInfo => "request_info",
            CommandKind::ProvideInfo => "provide_info",
            CommandKind::Return => "return",
            CommandKind::ResolveOnFirstContact => "resolve_on_first_contact",
            CommandKind::Resolve => "resolve",
            CommandKind::MarkDuplicate => "mark_duplicate",
            CommandKind::Withdraw => "withdraw",
            CommandKind::Extend => "extend",
            CommandKind::Escalate => "escalate",
            CommandKind::ChangePolicy => "change_policy",
            CommandKind::Close => "close",
            CommandKind::Reopen => "reopen",
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for CommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Command {
    /// The command's kind.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Edit { .. } => CommandKind::Edit,
            Command::Register { .. } => CommandKind::Register,
            Command::Classify { .. } => CommandKind::Classify,
            Command::Route { .. } => CommandKind::Route,
            Command::Accept => CommandKind::Accept,
            Command::RequestInfo { .. } => CommandKind::RequestInfo,
            Command::ProvideInfo { .. } => CommandKind::ProvideInfo,
            Command::Return { .. } => CommandKind::Return,
            Command::ResolveOnFirstContact { .. } => CommandKind::ResolveOnFirstContact,
            Command::Resolve { .. } => CommandKind::Resolve,
            Command::MarkDuplicate { .. } => CommandKind::MarkDuplicate,
            Command::Withdraw { .. } => CommandKind::Withdraw,
            Command::Extend { .. } => CommandKind::Extend,
            Command::Escalate { .. } => CommandKind::Escalate,
            Command::ChangePolicy { .. } => CommandKind::ChangePolicy,
            Command::Close => CommandKind::Close,
            Command::Reopen { .. } => CommandKind::Reopen,
        }
    }
}
