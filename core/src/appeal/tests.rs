//! Unit tests for each transition, legal and illegal.

use chrono::{Duration, TimeZone};

use super::*;
use crate::code::{ActorId, Tag};
use crate::language::Language;

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 4, 0, 0).unwrap()
}

pub(crate) fn actor(role: Role, id: &str) -> Actor {
    Actor::new(role, ActorId::new(id).unwrap())
}

fn op() -> Actor {
    actor(Role::Operator, "op-1")
}
fn sup() -> Actor {
    actor(Role::Supervisor, "sup-1")
}
fn body() -> Actor {
    actor(Role::Body, "lift-service")
}
fn cit() -> Actor {
    Actor::citizen()
}

fn num(n: u32) -> RegistrationNumber {
    RegistrationNumber::new(&format!("SHY-2026-{n:06}")).unwrap()
}

fn intake() -> Intake {
    let mut i = Intake::new(Channel::Phone, "Лифт не работает третий день", Language::Ru);
    i.category = Some(CategoryCode::new("lifts").unwrap());
    i.district = Some(DistrictCode::new("abay").unwrap());
    i
}

fn draft() -> Appeal {
    Appeal::draft(IdempotencyKey::new("key-1").unwrap(), intake(), &op(), t0()).unwrap()
}

fn registered() -> Appeal {
    let mut a = draft();
    a.execute(
        Command::Register {
            number: num(1),
            citizen: None,
            repeated: false,
        },
        &op(),
        t0(),
    )
    .unwrap();
    a
}

fn route_to(body: &str) -> Command {
    Command::Route {
        routing: Routing::to(BodyId::new(body).unwrap()),
    }
}

fn routed() -> Appeal {
    let mut a = registered();
    a.execute(route_to("lift-service"), &op(), t0()).unwrap();
    a
}

fn in_progress() -> Appeal {
    let mut a = routed();
    a.execute(Command::Accept, &body(), t0()).unwrap();
    a
}

fn resolved() -> Appeal {
    let mut a = in_progress();
    a.execute(
        Command::Resolve {
            outcome: Outcome::Fulfilled,
        },
        &body(),
        t0(),
    )
    .unwrap();
    a
}

/// Applies `cmd` and checks that a refusal carries `reason` and changes nothing.
fn refused(mut a: Appeal, cmd: Command, who: &Actor, reason: Rejection) {
    let before = a.clone();
    let state = a.state();
    let kind = cmd.kind();
    let err = a.execute(cmd, who, t0() + Duration::hours(1)).unwrap_err();
    assert_eq!(
        err,
        CommandError {
            state,
            command: kind,
            reason
        }
    );
    assert_eq!(a, before);
}

#[test]
fn the_happy_path_from_draft_to_closed() {
    let mut a = resolved();
    assert_eq!(a.state(), State::Resolved);
    assert_eq!(a.outcome(), Some(&Outcome::Fulfilled));
    a.execute(Command::Close, &Actor::system(), t0()).unwrap();
    assert_eq!(a.state(), State::Closed);
    assert_eq!(a.history().len(), 6);
    assert_eq!(a.number(), Some(&num(1)));
    assert_eq!(a.registered_at(), Some(t0()));
}

#[test]
fn draft_edit_and_validation() {
    let mut a = draft();
    let mut i = intake();
    i.description = "Лифт стоит".into();
    a.execute(Command::Edit { intake: i.clone() }, &cit(), t0())
        .unwrap();
    assert_eq!(a.intake().description, "Лифт стоит");
    i.description = "   ".into();
    refused(
        a.clone(),
        Command::Edit { intake: i.clone() },
        &cit(),
        Rejection::MissingReason {
            field: "description",
        },
    );
    i.description = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
    refused(
        a.clone(),
        Command::Edit { intake: i },
        &cit(),
        Rejection::Invalid {
            field: "description",
            problem: "is longer than 8000 characters",
        },
    );
    refused(
        a.clone(),
        Command::Edit { intake: intake() },
        &body(),
        Rejection::Forbidden { role: Role::Body },
    );
    refused(a, Command::Accept, &body(), Rejection::IllegalTransition);
    let err =
        Appeal::draft(IdempotencyKey::new("k").unwrap(), intake(), &body(), t0()).unwrap_err();
    assert_eq!(err.reason, Rejection::Forbidden { role: Role::Body });
}

#[test]
fn register_only_from_draft_and_by_operator_or_system() {
    let reg = || Command::Register {
        number: num(2),
        citizen: None,
        repeated: true,
    };
    refused(
        draft(),
        reg(),
        &cit(),
        Rejection::Forbidden {
            role: Role::Citizen,
        },
    );
    refused(registered(), reg(), &op(), Rejection::IllegalTransition);
    let mut a = draft();
    a.execute(reg(), &Actor::system(), t0()).unwrap();
    assert!(a.is_repeated());
}

#[test]
fn first_contact_resolution() {
    let mut a = registered();
    a.execute(
        Command::ResolveOnFirstContact {
            outcome: Outcome::Explained,
        },
        &op(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.state(), State::ResolvedOnFirstContact);
    assert!(a.resolved_on_first_contact());
    refused(
        routed(),
        Command::ResolveOnFirstContact {
            outcome: Outcome::Explained,
        },
        &op(),
        Rejection::IllegalTransition,
    );
}

#[test]
fn classification() {
    let mut a = registered();
    a.execute(
        Command::Classify {
            category: CategoryCode::new("roads").unwrap(),
            subcategory: None,
        },
        &op(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.category().map(CategoryCode::as_str), Some("roads"));
    refused(
        routed(),
        Command::Classify {
            category: CategoryCode::new("roads").unwrap(),
            subcategory: None,
        },
        &op(),
        Rejection::IllegalTransition,
    );
}

#[test]
fn routing_checks_bodies() {
    let mut bad = Routing::to(BodyId::new("a").unwrap());
    bad.bodies.push(BodyId::new("a").unwrap());
    refused(
        registered(),
        Command::Route { routing: bad },
        &op(),
        Rejection::Invalid {
            field: "routing.bodies",
            problem: "names a body twice",
        },
    );
    let mut empty = Routing::to(BodyId::new("a").unwrap());
    empty.bodies.clear();
    refused(
        registered(),
        Command::Route { routing: empty },
        &op(),
        Rejection::MissingReason {
            field: "routing.bodies",
        },
    );
    refused(
        registered(),
        route_to("x"),
        &body(),
        Rejection::Forbidden { role: Role::Body },
    );
    let mut r = Routing::to(BodyId::new("akimat-abay").unwrap());
    r.bodies.push(BodyId::new("lift-service").unwrap());
    r.tags.push(Tag::new("joint").unwrap());
    let mut a = registered();
    a.execute(Command::Route { routing: r }, &op(), t0())
        .unwrap();
    assert_eq!(a.bodies().len(), 2);
    // Any of the joint bodies may accept; another may not.
    a.clone().execute(Command::Accept, &body(), t0()).unwrap();
    refused(
        a,
        Command::Accept,
        &actor(Role::Body, "gas-service"),
        Rejection::NotResponsible {
            actor: "gas-service".into(),
        },
    );
}

#[test]
fn return_and_reroute_skips_the_declining_body() {
    let mut a = in_progress();
    refused(
        a.clone(),
        Command::Return { reason: " ".into() },
        &body(),
        Rejection::MissingReason { field: "reason" },
    );
    a.execute(
        Command::Return {
            reason: "not ours: the building's OSI".into(),
        },
        &body(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.state(), State::Returned);
    assert_eq!(
        a.declined_by()
            .iter()
            .map(BodyId::as_str)
            .collect::<Vec<_>>(),
        ["lift-service"]
    );
    assert!(a.bodies().is_empty());
    refused(
        a.clone(),
        route_to("lift-service"),
        &op(),
        Rejection::BodyDeclined {
            body: BodyId::new("lift-service").unwrap(),
        },
    );
    // A supervisor may overrule.
    a.clone()
        .execute(route_to("lift-service"), &sup(), t0())
        .unwrap();
    a.execute(route_to("osi-12"), &op(), t0()).unwrap();
    assert_eq!(a.state(), State::Routed);
    // Returned straight from routed too.
    let mut b = routed();
    b.execute(
        Command::Return {
            reason: "wrong district".into(),
        },
        &body(),
        t0(),
    )
    .unwrap();
    assert_eq!(b.state(), State::Returned);
}

#[test]
fn awaiting_citizen_round_trip() {
    let mut a = in_progress();
    refused(
        a.clone(),
        Command::RequestInfo { note: "".into() },
        &body(),
        Rejection::MissingReason { field: "note" },
    );
    a.execute(
        Command::RequestInfo {
            note: "which entrance?".into(),
        },
        &body(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.state(), State::AwaitingCitizen);
    refused(
        a.clone(),
        Command::ProvideInfo {
            note: "third".into(),
        },
        &body(),
        Rejection::Forbidden { role: Role::Body },
    );
    a.execute(
        Command::ProvideInfo {
            note: "third".into(),
        },
        &cit(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.state(), State::InProgress);
    refused(
        a,
        Command::ProvideInfo {
            note: "again".into(),
        },
        &cit(),
        Rejection::IllegalTransition,
    );
}

#[test]
fn outcomes_are_checked() {
    refused(
        in_progress(),
        Command::Resolve {
            outcome: Outcome::Refused { reason: "".into() },
        },
        &body(),
        Rejection::MissingReason {
            field: "outcome.reason",
        },
    );
    refused(
        in_progress(),
        Command::Resolve {
            outcome: Outcome::Withdrawn,
        },
        &body(),
        Rejection::Invalid {
            field: "outcome",
            problem: "withdrawn is recorded with withdraw",
        },
    );
    refused(
        in_progress(),
        Command::Resolve {
            outcome: Outcome::Duplicate { of: num(9) },
        },
        &body(),
        Rejection::Invalid {
            field: "outcome",
            problem: "duplicate is recorded with mark_duplicate",
        },
    );
    refused(
        routed(),
        Command::Resolve {
            outcome: Outcome::Fulfilled,
        },
        &body(),
        Rejection::IllegalTransition,
    );
    refused(
        in_progress(),
        Command::Resolve {
            outcome: Outcome::Fulfilled,
        },
        &op(),
        Rejection::Forbidden {
            role: Role::Operator,
        },
    );
    let mut a = in_progress();
    a.execute(
        Command::Resolve {
            outcome: Outcome::Forwarded {
                to: "Prosecutor's office".into(),
            },
        },
        &sup(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.outcome().map(Outcome::kind), Some(OutcomeKind::Forwarded));
}

#[test]
fn duplicates_and_withdrawal_close() {
    let mut a = registered();
    refused(
        a.clone(),
        Command::MarkDuplicate { of: num(1) },
        &op(),
        Rejection::Invalid {
            field: "of",
            problem: "is this appeal itself",
        },
    );
    a.execute(Command::MarkDuplicate { of: num(7) }, &op(), t0())
        .unwrap();
    assert_eq!(a.state(), State::Closed);
    assert_eq!(a.duplicate_of(), Some(&num(7)));
    let mut b = in_progress();
    refused(
        b.clone(),
        Command::Withdraw { reason: None },
        &body(),
        Rejection::Forbidden { role: Role::Body },
    );
    b.execute(
        Command::Withdraw {
            reason: Some("fixed by neighbours".into()),
        },
        &cit(),
        t0(),
    )
    .unwrap();
    assert_eq!(
        (b.state(), b.outcome()),
        (State::Closed, Some(&Outcome::Withdrawn))
    );
    refused(
        resolved(),
        Command::Withdraw { reason: None },
        &cit(),
        Rejection::IllegalTransition,
    );
}

#[test]
fn extension_once_and_within_two_months() {
    let a = in_progress();
    let ok = |d: i64| Command::Extend {
        until: t0() + Duration::days(d),
        reason: "needs a contractor".into(),
    };
    refused(
        a.clone(),
        Command::Extend {
            until: t0() + Duration::days(20),
            reason: "".into(),
        },
        &body(),
        Rejection::MissingReason { field: "reason" },
    );
    refused(
        a.clone(),
        ok(62),
        &body(),
        Rejection::Invalid {
            field: "until",
            problem: "is more than two months after registration (APPK Art. 76)",
        },
    );
    refused(
        a.clone(),
        Command::Extend {
            until: t0(),
            reason: "r".into(),
        },
        &body(),
        Rejection::Invalid {
            field: "until",
            problem: "is not in the future",
        },
    );
    refused(
        a.clone(),
        ok(30),
        &op(),
        Rejection::Forbidden {
            role: Role::Operator,
        },
    );
    let mut a = a;
    a.execute(ok(30), &body(), t0()).unwrap();
    assert_eq!(a.extended_until(), Some(t0() + Duration::days(30)));
    assert_eq!(a.state(), State::InProgress);
    refused(
        a,
        ok(40),
        &sup(),
        Rejection::Invalid {
            field: "until",
            problem: "cannot be set twice: the APPK allows one extension",
        },
    );
}

#[test]
fn escalation_and_policy() {
    let mut a = routed();
    refused(
        a.clone(),
        Command::Escalate {
            reason: "late".into(),
        },
        &op(),
        Rejection::Forbidden {
            role: Role::Operator,
        },
    );
    a.execute(
        Command::Escalate {
            reason: "late".into(),
        },
        &Actor::system(),
        t0(),
    )
    .unwrap();
    a.execute(
        Command::Escalate {
            reason: "later".into(),
        },
        &sup(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.escalation(), 2);
    let p = PolicyId::new("emergency-24x7").unwrap();
    a.execute(
        Command::ChangePolicy {
            policy: p.clone(),
            reason: "gas smell".into(),
        },
        &sup(),
        t0(),
    )
    .unwrap();
    assert_eq!(a.policy(), Some(&p));
    refused(
        a.clone(),
        Command::ChangePolicy {
            policy: p,
            reason: "again".into(),
        },
        &sup(),
        Rejection::Invalid {
            field: "policy",
            problem: "is already the appeal's policy",
        },
    );
    refused(
        resolved(),
        Command::Escalate { reason: "x".into() },
        &sup(),
        Rejection::IllegalTransition,
    );
}

#[test]
fn reopen_rules() {
    let mut a = resolved();
    refused(
        a.clone(),
        Command::Reopen { reason: "".into() },
        &cit(),
        Rejection::MissingReason { field: "reason" },
    );
    refused(
        a.clone(),
        Command::Reopen {
            reason: "still broken".into(),
        },
        &body(),
        Rejection::Forbidden { role: Role::Body },
    );
    a.execute(
        Command::Reopen {
            reason: "still broken".into(),
        },
        &cit(),
        t0(),
    )
    .unwrap();
    assert_eq!(
        (a.state(), a.reopen_count(), a.outcome()),
        (State::Reopened, 1, None)
    );
    a.execute(route_to("lift-service"), &op(), t0()).unwrap();
    // Only a supervisor reopens a closed appeal.
    let mut c = resolved();
    c.execute(Command::Close, &op(), t0()).unwrap();
    refused(
        c.clone(),
        Command::Reopen {
            reason: "no".into(),
        },
        &cit(),
        Rejection::Forbidden {
            role: Role::Citizen,
        },
    );
    c.execute(
        Command::Reopen {
            reason: "audit".into(),
        },
        &sup(),
        t0(),
    )
    .unwrap();
    assert_eq!(c.state(), State::Reopened);
    refused(
        c,
        Command::ResolveOnFirstContact {
            outcome: Outcome::Explained,
        },
        &op(),
        Rejection::IllegalTransition,
    );
}

#[test]
fn commands_out_of_time_order_are_refused() {
    let mut a = routed();
    let before = a.clone();
    let err = a
        .execute(Command::Accept, &body(), t0() - Duration::seconds(1))
        .unwrap_err();
    assert!(matches!(err.reason, Rejection::OutOfOrder { .. }));
    assert_eq!(a, before);
}

#[test]
fn every_state_refuses_what_the_table_lacks() {
    // Each state's refusals come from the table, and each row is reachable.
    for s in State::ALL {
        for c in CommandKind::ALL {
            let row = transition(s, c);
            if let Some(row) = row {
                assert_eq!((row.from, row.command), (s, c));
                assert!(row.roles().count() > 0, "{s} {c} has no role");
            }
        }
    }
    assert!(transition(State::Closed, CommandKind::Close).is_none());
    assert!(transition(State::Draft, CommandKind::Draft).is_none());
}

#[test]
fn replay_rebuilds_and_rejects_corrupt_logs() {
    let mut a = resolved();
    a.execute(
        Command::Reopen {
            reason: "still broken".into(),
        },
        &cit(),
        t0(),
    )
    .unwrap();
    assert_eq!(Appeal::replay(a.history().to_vec()).unwrap(), a);
    assert_eq!(Appeal::replay(Vec::new()).unwrap_err(), ReplayError::Empty);
    let mut h = a.history().to_vec();
    h.swap(2, 3);
    assert!(matches!(
        Appeal::replay(h).unwrap_err(),
        ReplayError::Illegal { seq: 2, .. }
    ));
    let h = a.history()[1..].to_vec();
    assert_eq!(
        Appeal::replay(h).unwrap_err(),
        ReplayError::BadStart {
            seq: 0,
            event: "registered"
        }
    );
    let mut h = a.history().to_vec();
    h.push(h[0].clone());
    assert!(matches!(
        Appeal::replay(h).unwrap_err(),
        ReplayError::BadStart { .. }
    ));
    let mut h = a.history().to_vec();
    h[3].actor = op();
    assert!(matches!(
        Appeal::replay(h).unwrap_err(),
        ReplayError::Forbidden {
            seq: 3,
            role: Role::Operator,
            ..
        }
    ));
}

#[test]
fn debug_hides_personal_data() {
    let mut i = intake();
    i.address = Some("ул. Байтурсынова 12".into());
    let a = Appeal::draft(IdempotencyKey::new("k").unwrap(), i, &op(), t0()).unwrap();
    let shown = format!("{a:?}");
    assert!(
        !shown.contains("Лифт") && !shown.contains("Байтурсынова"),
        "{shown}"
    );
}

#[test]
fn mermaid_lists_every_state_change() {
    let m = mermaid();
    for row in TRANSITIONS
        .iter()
        .filter(|r| r.to.is_some_and(|to| to != r.from))
    {
        assert!(
            m.contains(&format!(
                "{} --> {}: {}",
                row.from.name(),
                row.target().name(),
                row.command.name()
            )),
            "{row:?}"
        );
    }
}
