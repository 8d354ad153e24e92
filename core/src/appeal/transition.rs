//! The transition table: which command, issued by which roles, moves an appeal from
//! which state to which. The lifecycle, replay and the README's diagram all read it.

use super::command::CommandKind as C;
use super::state::{Role, State as S};

/// One row of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The state the command applies in.
    pub from: S,
    /// The command.
    pub command: C,
    /// The state after it; `None` when the state does not change.
    pub to: Option<S>,
    roles: u8,
}

impl Transition {
    /// Whether `role` may issue this command in this state.
    pub fn allows(&self, role: Role) -> bool {
        self.roles & role.bit() != 0
    }

    /// The roles that may issue it.
    pub fn roles(&self) -> impl Iterator<Item = Role> + '_ {
        Role::ALL.into_iter().filter(|r| self.allows(*r))
    }

    /// The state after it.
    pub fn target(&self) -> S {
        self.to.unwrap_or(self.from)
    }
}

const fn roles(list: &[Role]) -> u8 {
    let mut bits = 0;
    let mut i = 0;
    while i < list.len() {
        bits |= list[i].bit();
        i += 1;
    }
    bits
}

const OP: Role = Role::Operator;
const BODY: Role = Role::Body;
const CIT: Role = Role::Citizen;
const SUP: Role = Role::Supervisor;
const SYS: Role = Role::System;

const fn t(from: S, command: C, to: Option<S>, r: &[Role]) -> Transition {
    Transition {
        from,
        command,
        to,
        roles: roles(r),
    }
}

/// The open states in which the centre holds the appeal (not yet with a body).
macro_rules! with_centre {
    ($s:expr) => {
        [
            t($s, C::Classify, None, &[OP, SUP, SYS]),
            t($s, C::Route, Some(S::Routed), &[OP, SUP, SYS]),
            t($s, C::Resolve, Some(S::Resolved), &[OP, SUP]),
            t($s, C::MarkDuplicate, Some(S::Closed), &[OP, SUP, SYS]),
        ]
    };
}

/// Commands every open state accepts.
macro_rules! any_open {
    ($s:expr) => {
        [
            t($s, C::Withdraw, Some(S::Closed), &[CIT, OP]),
            t($s, C::Escalate, None, &[SUP, SYS]),
            t($s, C::ChangePolicy, None, &[SUP, SYS]),
        ]
    };
}

const fn concat<const N: usize>(parts: &[&[Transition]]) -> [Transition; N] {
    let mut out = [t(S::Draft, C::Draft, None, &[]); N];
    let mut n = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[n] = parts[p][i];
            n += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(n == N, "table length");
    out
}

/// Every legal transition.
pub const TRANSITIONS: [Transition; 49] = concat(&[
    &[
        t(S::Draft, C::Edit, None, &[CIT, OP]),
        t(S::Draft, C::Register, Some(S::Registered), &[OP, SYS]),
        t(
            S::Registered,
            C::ResolveOnFirstContact,
            Some(S::ResolvedOnFirstContact),
            &[OP, SUP],
        ),
    ],
    &with_centre!(S::Registered),
    &any_open!(S::Registered),
    &[
        t(S::Routed, C::Accept, Some(S::InProgress), &[BODY]),
        t(S::Routed, C::Return, Some(S::Returned), &[BODY]),
        t(S::Routed, C::Route, Some(S::Routed), &[OP, SUP, SYS]),
        t(S::Routed, C::Extend, None, &[BODY, SUP]),
    ],
    &any_open!(S::Routed),
    &[
        t(
            S::InProgress,
            C::RequestInfo,
            Some(S::AwaitingCitizen),
            &[BODY],
        ),
        t(S::InProgress, C::Return, Some(S::Returned), &[BODY]),
        t(S::InProgress, C::Resolve, Some(S::Resolved), &[BODY, SUP]),
        t(S::InProgress, C::Extend, None, &[BODY, SUP]),
    ],
    &any_open!(S::InProgress),
    &[
        t(
            S::AwaitingCitizen,
            C::ProvideInfo,
            Some(S::InProgress),
            &[CIT, OP],
        ),
        t(
            S::AwaitingCitizen,
            C::Resolve,
            Some(S::Resolved),
            &[BODY, SUP],
        ),
        t(S::AwaitingCitizen, C::Extend, None, &[BODY, SUP]),
    ],
    &any_open!(S::AwaitingCitizen),
    &with_centre!(S::Returned),
    &any_open!(S::Returned),
    &with_centre!(S::Reopened),
    &any_open!(S::Reopened),
    &[
        t(
            S::ResolvedOnFirstContact,
            C::Close,
            Some(S::Closed),
            &[OP, SUP, SYS],
        ),
        t(
            S::ResolvedOnFirstContact,
            C::Reopen,
            Some(S::Reopened),
            &[CIT, OP, SUP],
        ),
        t(S::Resolved, C::Close, Some(S::Closed), &[OP, SUP, SYS]),
        t(S::Resolved, C::Reopen, Some(S::Reopened), &[CIT, OP, SUP]),
        t(S::Closed, C::Reopen, Some(S::Reopened), &[SUP]),
    ],
]);

const NONE: u8 = u8::MAX;

/// `LOOKUP[state][command]` is the row in [`TRANSITIONS`], or `NONE`.
const LOOKUP: [[u8; C::COUNT]; S::ALL.len()] = {
    let mut m = [[NONE; C::COUNT]; S::ALL.len()];
    let mut i = 0;
    while i < TRANSITIONS.len() {
        let row = &TRANSITIONS[i];
        assert!(
            m[row.from.index()][row.command.index()] == NONE,
            "duplicate transition"
        );
        m[row.from.index()][row.command.index()] = i as u8;
        i += 1;
    }
    m
};

/// The transition for `command` in `state`, if the command is legal there.
#[inline]
pub fn transition(state: S, command: C) -> Option<&'static Transition> {
    match LOOKUP[state.index()][command.index()] {
        NONE => None,
        i => Some(&TRANSITIONS[usize::from(i)]),
    }
}

/// The lifecycle as a Mermaid state diagram, generated from the transition table.
///
/// Self-loops (commands that leave the state as it is) are listed in a note per state
/// rather than drawn, so the diagram stays readable.
pub fn mermaid() -> String {
    let mut out = String::from("stateDiagram-v2\n    [*] --> draft: draft\n");
    for from in S::ALL {
        let mut loops = Vec::new();
        for row in TRANSITIONS.iter().filter(|r| r.from == from) {
            match row.to {
                Some(to) if to != from => {
                    let who: Vec<_> = row.roles().map(Role::name).collect();
                    out.push_str(&format!(
                        "    {} --> {}: {} ({})\n",
                        from.name(),
                        to.name(),
                        row.command.name(),
                        who.join(", ")
                    ));
                }
                _ => loops.push(row.command.name()),
            }
        }
        if !loops.is_empty() {
            out.push_str(&format!(
                "    note right of {}: also {}\n",
                from.name(),
                loops.join(", ")
            ));
        }
    }
    out.push_str("    closed --> [*]\n");
    out
}
