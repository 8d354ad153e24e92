//! The SLA clock's rules, one test each, with dates counted by hand on the Kazakhstan
//! office calendar (Monday to Friday 09:00-13:00 and 14:00-18:00, Asia/Almaty: UTC+6
//! until 1 March 2024, UTC+5 since).
#![allow(clippy::unwrap_used)]

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Asia::Almaty;

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Almaty
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// The end of a local day: midnight that closes it.
fn end_of(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    local(y, m, d, 0, 0) + Duration::days(1)
}

fn op() -> Actor {
    Actor::new(Role::Operator, ActorId::new("op-1").unwrap())
}
fn body() -> Actor {
    Actor::new(Role::Body, ActorId::new("akimat-abay").unwrap())
}
fn other_body() -> Actor {
    Actor::new(Role::Body, ActorId::new("akimat-turan").unwrap())
}
fn sup() -> Actor {
    Actor::new(Role::Supervisor, ActorId::new("sup-1").unwrap())
}

fn registered(at: DateTime<Utc>) -> Appeal {
    let mut a = Appeal::draft(
        IdempotencyKey::new("k").unwrap(),
        Intake::new(Channel::Phone, "Не горят фонари", Language::Ru),
        &op(),
        at,
    )
    .unwrap();
    a.execute(
        Command::Register {
            number: RegistrationNumber::new("SHY-2026-000001").unwrap(),
            citizen: None,
            repeated: false,
        },
        &op(),
        at,
    )
    .unwrap();
    a
}

fn route(a: &mut Appeal, to: &str, policy: Option<&str>, at: DateTime<Utc>) {
    let mut r = Routing::to(BodyId::new(to).unwrap());
    r.policy = policy.map(|p| PolicyId::new(p).unwrap());
    a.execute(Command::Route { routing: r }, &Actor::system(), at)
        .unwrap();
}

fn run(a: &mut Appeal, c: Command, who: &Actor, at: DateTime<Utc>) {
    a.execute(c, who, at).unwrap();
}

fn note() -> String {
    "note".into()
}

fn clock(a: &Appeal, at: DateTime<Utc>) -> SlaClock {
    SlaClock::compute(a, &SlaBook::kazakhstan(), at).unwrap()
}

/// The default book with `appk-standard` changed by `f`.
fn book_with(f: impl Fn(&mut Policy)) -> SlaBook {
    let mut spec = SlaBook::kazakhstan().spec().clone();
    for p in &mut spec.policies {
        if p.id.as_str() == "appk-standard" {
            f(p);
        }
    }
    SlaBook::new(
        spec,
        [Calendar::kazakhstan_office(), Calendar::round_the_clock()],
    )
    .unwrap()
}

#[test]
fn eotinish_fixture_counts_the_registration_day_as_day_one() {
    // Registered Thursday 26 May 2022, 10:00 local; 15 working days with the day of
    // registration as day 1: 26, 27, 30, 31 May, 1-3, 6-10, 13-15 June.
    let reg = local(2022, 5, 26, 10, 0);
    let a = registered(reg);
    let c = clock(&a, reg);
    assert_eq!(c.resolution.due, Some(end_of(2022, 6, 15)));
    // 8 of 9 working hours left on 26 May, then 14 full days.
    assert_eq!(
        c.resolution.remaining(),
        Duration::hours(7) + Duration::hours(14 * 8)
    );

    // The other rule: day 1 is 27 May, so the 15th is 16 June.
    let book = book_with(|p| {
        p.resolution = WorkingDuration::WorkingDays {
            days: 15,
            registration_day: RegistrationDay::NotCounted,
        }
    });
    let c = SlaClock::compute(&a, &book, reg).unwrap();
    assert_eq!(c.resolution.due, Some(end_of(2022, 6, 16)));
}

#[test]
fn nauryz_2026_moves_the_due_date() {
    // Friday 20 March 2026: 21-23 March Nauryz, 21 and 22 on the weekend moved to 24
    // and 25 March. Day 1 = 20 March, then 26, 27, 30, 31 March, 1-3, 6-10, 13, 14 April.
    let reg = local(2026, 3, 20, 10, 0);
    let a = registered(reg);
    let c = clock(&a, reg);
    assert_eq!(c.resolution.due, Some(end_of(2026, 4, 14)));
    // First response: 3 working days, 20, 26, 27 March.
    assert_eq!(
        c.first_response.as_ref().unwrap().due,
        Some(end_of(2026, 3, 27))
    );
    // Not breached at 23:59 local on 14 April though the working time ran out at 18:00.
    let late = clock(&a, end_of(2026, 4, 14) - Duration::minutes(1));
    assert_eq!(
        late.resolution.status,
        Status::Warning {
            level: 2,
            threshold: 0.75
        }
    );
    assert_eq!(late.resolution.remaining_seconds, 0);
    assert!(
        clock(&a, end_of(2026, 4, 14))
            .resolution
            .status
            .is_breached()
    );
}

#[test]
fn the_moved_day_off_of_9_march_2026_counts_as_off() {
    // Registered Monday 2 March 2026 09:00: 2-6 March, (9 March off: 8 March fell on
    // a Sunday), 10-13, 16-20, (21-25 off), 26 March is day 15.
    let a = registered(local(2026, 3, 2, 9, 0));
    let c = clock(&a, local(2026, 3, 2, 9, 0));
    assert_eq!(c.resolution.due, Some(end_of(2026, 3, 26)));
    assert_eq!(c.resolution.remaining(), Duration::hours(15 * 8));
}

#[test]
fn warnings_at_half_and_three_quarters() {
    let reg = local(2026, 3, 2, 9, 0);
    let a = registered(reg);
    // 120 working hours. 60 h: 7 days (2-6, 10, 11 March) and the morning of 12 March,
    // so 13:00 on 12 March. 90 h: 11 days (to 17 March) and 2 h, so 11:00 on 18 March.
    let at = |m, d, h| clock(&a, local(2026, m, d, h, 0)).resolution.status;
    assert_eq!(at(3, 12, 12), Status::OnTrack);
    assert_eq!(
        at(3, 12, 13),
        Status::Warning {
            level: 1,
            threshold: 0.5
        }
    );
    assert_eq!(
        at(3, 18, 10),
        Status::Warning {
            level: 1,
            threshold: 0.5
        }
    );
    assert_eq!(
        at(3, 18, 11),
        Status::Warning {
            level: 2,
            threshold: 0.75
        }
    );
}

#[test]
fn waiting_for_the_citizen_pauses_every_clock() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", Some("appk-standard"), reg);
    run(&mut a, Command::Accept, &body(), reg + Duration::hours(1));
    let asked = local(2026, 3, 4, 9, 0);
    run(
        &mut a,
        Command::RequestInfo { note: note() },
        &body(),
        asked,
    );

    // Paused: 16 working hours spent, the due instant unknown.
    let c = clock(&a, local(2026, 3, 12, 12, 0));
    assert!(c.resolution.paused);
    assert_eq!(c.resolution.due, None);
    assert_eq!(c.resolution.elapsed(), Duration::hours(16));
    assert_eq!(c.resolution.status, Status::OnTrack);

    // Resumed Monday 16 March 09:00 with 104 h = 13 days left: 16-20, 26, 27, 30, 31
    // March, 1-3, 6 April.
    let answered = local(2026, 3, 16, 9, 0);
    run(
        &mut a,
        Command::ProvideInfo { note: note() },
        &Actor::citizen(),
        answered,
    );
    let c = clock(&a, answered);
    assert!(!c.resolution.paused);
    assert_eq!(c.resolution.due, Some(end_of(2026, 4, 6)));
    assert_eq!(c.resolution.elapsed(), Duration::hours(16));
    // The first response was met by the acceptance, before the pause.
    let fr = c.first_response.unwrap();
    assert_eq!(fr.stopped.unwrap().reason, StopReason::Met);
    assert_eq!(fr.status, Status::OnTrack);
}

#[test]
fn an_appeal_paused_from_the_instant_of_registration_counts_nothing() {
    // Registered, routed, accepted and asked at the same instant (an import or a fast
    // operator): the clocks never ran.
    let reg = local(2026, 3, 2, 10, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", None, reg);
    run(&mut a, Command::Accept, &body(), reg);
    run(&mut a, Command::RequestInfo { note: note() }, &body(), reg);
    let c = clock(&a, local(2026, 3, 20, 10, 0));
    assert_eq!(c.resolution.elapsed_seconds, 0);
    assert!(c.resolution.paused);
    assert_eq!(c.resolution.due, None);
    // Resumed on Thursday 26 March 10:00: the whole budget is left, counted from there.
    let resumed = local(2026, 3, 26, 10, 0);
    run(
        &mut a,
        Command::ProvideInfo { note: note() },
        &Actor::citizen(),
        resumed,
    );
    let c = clock(&a, resumed);
    assert_eq!(c.resolution.elapsed_seconds, 0);
    assert_eq!(c.resolution.remaining(), Duration::hours(7 + 14 * 8));
}

#[test]
fn a_policy_may_pause_from_registration() {
    // A policy that only starts counting once the appeal is routed (Jira's "start on
    // triage"): registered on Saturday 28 March 2026, routed Monday 30 March 11:00.
    let book = book_with(|p| p.pause_in = vec![State::Registered, State::AwaitingCitizen]);
    let mut a = registered(local(2026, 3, 28, 12, 0));
    let routed = local(2026, 3, 30, 11, 0);
    let c = SlaClock::compute(&a, &book, routed).unwrap();
    assert!(c.resolution.paused);
    route(&mut a, "akimat-abay", None, routed);
    let c = SlaClock::compute(&a, &book, local(2026, 3, 30, 15, 0)).unwrap();
    // 11:00-13:00 and 14:00-15:00.
    assert_eq!(c.resolution.elapsed(), Duration::hours(3));
    // The budget was fixed at registration: day 1 is Monday 30 March (the registration
    // day is off), so 15 full days, ending on 17 April. The paused 2 hours of Monday
    // morning move it to 20 April, 11:00 of working time, due at the end of that day.
    assert_eq!(c.resolution.due, Some(end_of(2026, 4, 20)));
}

#[test]
fn registered_on_a_day_off_starts_on_the_next_working_day() {
    // Saturday 21 March 2026 (Nauryz): day 1 is Thursday 26 March; day 15 is 15 April.
    let reg = local(2026, 3, 21, 15, 0);
    let a = registered(reg);
    let c = clock(&a, reg);
    assert_eq!(c.resolution.due, Some(end_of(2026, 4, 15)));
    assert_eq!(c.resolution.remaining(), Duration::hours(15 * 8));
}

#[test]
fn a_returned_appeal_must_be_forwarded_within_three_working_days() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", Some("appk-standard"), reg);
    let returned = local(2026, 3, 3, 11, 0);
    run(
        &mut a,
        Command::Return {
            reason: "not ours".into(),
        },
        &body(),
        returned,
    );
    let c = clock(&a, returned);
    // 3 March is day 1, then 4 and 5 March.
    let fwd = c.forward.as_ref().unwrap();
    assert_eq!(fwd.policy.as_str(), "appk-forward");
    assert_eq!(fwd.due, Some(end_of(2026, 3, 5)));
    // The citizen's 15 days keep running from registration.
    assert_eq!(c.resolution.due, Some(end_of(2026, 3, 26)));
    assert_eq!(c.resolution.elapsed(), Duration::hours(10));
    // Not re-routed by then: breached.
    assert!(
        clock(&a, end_of(2026, 3, 5))
            .forward
            .unwrap()
            .status
            .is_breached()
    );
    // Re-routed on 4 March: met in time, and the first response still awaits a body.
    let again = local(2026, 3, 4, 10, 0);
    route(&mut a, "akimat-turan", None, again);
    let c = clock(&a, local(2026, 3, 10, 10, 0));
    let fwd = c.forward.as_ref().unwrap();
    assert_eq!(fwd.stopped.unwrap().at, again);
    assert_eq!(fwd.status, Status::OnTrack);
    assert!(c.first_response.unwrap().is_pending());
    run(
        &mut a,
        Command::Accept,
        &other_body(),
        local(2026, 3, 10, 10, 0),
    );
    assert!(
        !clock(&a, local(2026, 3, 10, 10, 0))
            .first_response
            .unwrap()
            .is_pending()
    );
}

#[test]
fn re_routing_between_bodies_changes_no_clock() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", None, reg);
    let before = clock(&a, local(2026, 3, 4, 9, 0));
    route(&mut a, "akimat-turan", None, local(2026, 3, 3, 9, 0));
    let after = clock(&a, local(2026, 3, 4, 9, 0));
    assert_eq!(before.resolution, after.resolution);
    assert_eq!(before.first_response, after.first_response);
    assert!(after.forward.is_none());
}

#[test]
fn reopening_starts_a_new_cycle() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", None, reg);
    run(&mut a, Command::Accept, &body(), reg);
    run(
        &mut a,
        Command::Resolve {
            outcome: Outcome::Fulfilled,
        },
        &body(),
        local(2026, 3, 5, 9, 0),
    );
    let c = clock(&a, local(2026, 3, 31, 9, 0));
    assert_eq!(c.resolution.stopped.unwrap().reason, StopReason::Met);
    assert_eq!(c.resolution.status, Status::OnTrack);

    // Reopened Wednesday 1 April 10:00: 15 working days from it, ending 21 April.
    let reopened = local(2026, 4, 1, 10, 0);
    run(
        &mut a,
        Command::Reopen {
            reason: "still dark".into(),
        },
        &Actor::citizen(),
        reopened,
    );
    let c = clock(&a, reopened);
    assert_eq!(c.cycle, 1);
    assert_eq!(c.cycle_start, reopened);
    assert_eq!(c.resolution.elapsed_seconds, 0);
    assert_eq!(c.resolution.due, Some(end_of(2026, 4, 21)));
    assert!(c.first_response.unwrap().is_pending());
}

#[test]
fn an_extension_replaces_the_resolution_due_instant() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", Some("appk-standard"), reg);
    run(&mut a, Command::Accept, &body(), reg);
    let until = end_of(2026, 4, 30);
    run(
        &mut a,
        Command::Extend {
            until,
            reason: "an expert opinion is needed".into(),
        },
        &body(),
        local(2026, 3, 20, 9, 0),
    );
    let c = clock(&a, local(2026, 3, 27, 9, 0));
    assert!(c.resolution.extended);
    assert_eq!(c.resolution.due, Some(until));
    // 120 h run (2-26 March) and 200 h left (27, 30, 31 March and 22 April days).
    assert_eq!(c.resolution.elapsed(), Duration::hours(120));
    assert_eq!(c.resolution.remaining(), Duration::hours(200));
    assert_eq!(c.resolution.status, Status::OnTrack);
    assert!(
        !clock(&a, until - Duration::seconds(1))
            .resolution
            .status
            .is_breached()
    );
    // A pause after the extension does not move it: a dated decision.
    run(
        &mut a,
        Command::RequestInfo { note: note() },
        &body(),
        local(2026, 4, 1, 9, 0),
    );
    let c = clock(&a, until);
    assert_eq!(c.resolution.due, Some(until));
    assert!(c.resolution.status.is_breached());

    // A policy allowing only one month ignores it (30 April is past 2 April).
    let book = book_with(|p| p.extension_months = Some(1));
    let c = SlaClock::compute(&a, &book, local(2026, 3, 27, 9, 0)).unwrap();
    assert!(!c.resolution.extended);
    assert_eq!(c.resolution.due, Some(end_of(2026, 3, 26)));
    assert!(c.resolution.status.is_breached());
}

#[test]
fn a_policy_without_extensions_ignores_them() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", Some("emergency-24x7"), reg);
    run(
        &mut a,
        Command::Accept,
        &body(),
        reg + Duration::minutes(30),
    );
    run(
        &mut a,
        Command::Extend {
            until: reg + Duration::days(10),
            reason: "parts on order".into(),
        },
        &body(),
        reg + Duration::hours(2),
    );
    let c = clock(&a, reg + Duration::hours(2));
    assert!(!c.resolution.extended);
    assert_eq!(c.resolution.due, Some(reg + Duration::hours(24)));
}

#[test]
fn changing_policy_keeps_the_time_spent_and_the_pauses() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    route(&mut a, "akimat-abay", None, reg);
    run(&mut a, Command::Accept, &body(), reg);
    run(
        &mut a,
        Command::RequestInfo { note: note() },
        &body(),
        local(2026, 3, 3, 9, 0),
    );
    run(
        &mut a,
        Command::ProvideInfo { note: note() },
        &Actor::citizen(),
        local(2026, 3, 4, 9, 0),
    );
    let at = local(2026, 3, 4, 12, 0);
    let before = clock(&a, at);
    // 2 March 09:00-18:00 (8 h) and 4 March 09:00-12:00 (3 h); 3 March paused.
    assert_eq!(before.resolution.elapsed(), Duration::hours(11));

    // A same-calendar policy with another target: the same elapsed time.
    let book = book_with(|p| {
        p.resolution = WorkingDuration::Hours(40);
    });
    let c = SlaClock::compute(&a, &book, at).unwrap();
    assert_eq!(c.resolution.elapsed(), Duration::hours(11));
    assert_eq!(c.resolution.remaining(), Duration::hours(29));

    // Made an emergency: recomputed on the round-the-clock calendar from the same events,
    // the day of the pause still excluded: 24 h + 3 h; its 24 hours ran out on 3 March,
    // 09:00 local — the start of the pause — so it is breached.
    run(
        &mut a,
        Command::ChangePolicy {
            policy: PolicyId::new("emergency-24x7").unwrap(),
            reason: "gas smell".into(),
        },
        &sup(),
        at,
    );
    let c = clock(&a, at);
    assert_eq!(c.policy.as_str(), "emergency-24x7");
    assert_eq!(c.resolution.elapsed(), Duration::hours(27));
    assert_eq!(c.resolution.due, Some(local(2026, 3, 3, 9, 0)));
    assert!(c.resolution.status.is_breached());
    // Asked before the change, the old policy still applies.
    assert_eq!(
        clock(&a, at - Duration::seconds(1)).policy.as_str(),
        "appk-standard"
    );
}

#[test]
fn emergency_first_response_breached_and_met_late() {
    let reg = Utc.with_ymd_and_hms(2026, 1, 10, 22, 0, 0).unwrap(); // Sunday 03:00 local
    let mut a = registered(reg);
    route(&mut a, "qazaqgaz", Some("emergency-24x7"), reg);
    let c = clock(&a, reg + Duration::minutes(30));
    let fr = c.first_response.as_ref().unwrap();
    assert_eq!(fr.due, Some(reg + Duration::hours(1)));
    assert_eq!(
        fr.status,
        Status::Warning {
            level: 1,
            threshold: 0.5
        }
    );
    assert_eq!(
        clock(&a, reg + Duration::minutes(46))
            .first_response
            .unwrap()
            .status,
        Status::Warning {
            level: 2,
            threshold: 0.75
        }
    );
    // Breached at the hour without any event.
    let c = clock(&a, reg + Duration::hours(1));
    assert!(c.first_response.as_ref().unwrap().status.is_breached());
    assert_eq!(c.breaches().count(), 1);
    assert_eq!(c.status(), Status::Breached);
    // Accepted after two hours: met, late; the status stays breached.
    let gas = Actor::new(Role::Body, ActorId::new("qazaqgaz").unwrap());
    run(&mut a, Command::Accept, &gas, reg + Duration::hours(2));
    let c = clock(&a, reg + Duration::hours(3));
    let fr = c.first_response.clone().unwrap();
    assert_eq!(fr.stopped.unwrap().at, reg + Duration::hours(2));
    assert!(fr.status.is_breached());
    assert_eq!(c.breaches().count(), 0);
    assert_eq!(c.next_due(), Some(reg + Duration::hours(24)));
}

#[test]
fn duplicates_and_withdrawals_cancel_the_clocks() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    run(
        &mut a,
        Command::Withdraw { reason: None },
        &Actor::citizen(),
        local(2026, 3, 3, 9, 0),
    );
    let c = clock(&a, local(2026, 5, 1, 9, 0));
    assert_eq!(c.resolution.stopped.unwrap().reason, StopReason::Cancelled);
    assert_eq!(c.resolution.status, Status::OnTrack);
    assert_eq!(c.next_due(), None);
}

#[test]
fn settled_on_first_contact_meets_both_targets() {
    let reg = local(2026, 3, 2, 9, 0);
    let mut a = registered(reg);
    run(
        &mut a,
        Command::ResolveOnFirstContact {
            outcome: Outcome::Explained,
        },
        &op(),
        reg + Duration::minutes(4),
    );
    let c = clock(&a, reg + Duration::days(60));
    for t in c.targets() {
        assert_eq!(t.stopped.unwrap().reason, StopReason::Met);
        assert_eq!(t.status, Status::OnTrack);
    }
}

#[test]
fn before_registration_there_is_no_clock() {
    let at = local(2026, 3, 2, 9, 0);
    let a = registered(at);
    let err = SlaClock::compute(&a, &SlaBook::kazakhstan(), at - Duration::seconds(1));
    assert_eq!(err, Err(SlaError::NotRegistered));
}

#[test]
fn an_unknown_policy_is_an_error() {
    let at = local(2026, 3, 2, 9, 0);
    let mut a = registered(at);
    route(&mut a, "akimat-abay", Some("no-such-policy"), at);
    assert!(matches!(
        SlaClock::compute(&a, &SlaBook::kazakhstan(), at),
        Err(SlaError::UnknownPolicy { .. })
    ));
}

#[test]
fn the_clock_serialises() {
    let at = local(2026, 3, 2, 9, 0);
    let a = registered(at);
    let c = clock(&a, at);
    let json = serde_json::to_string(&c).unwrap();
    let back: SlaClock = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    assert!(json.contains(r#""status":"on_track""#));
}
