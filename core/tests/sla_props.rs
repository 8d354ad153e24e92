//! Property tests of the SLA clock and the desk's due index against naive recomputations.
#![allow(clippy::unwrap_used)]

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    // Monday 2 March 2026, 09:00 in Shymkent.
    Utc.with_ymd_and_hms(2026, 3, 2, 4, 0, 0).unwrap()
}

fn body(i: u8) -> Actor {
    let id = if i == 0 {
        "akimat-abay"
    } else {
        "akimat-turan"
    };
    Actor::new(Role::Body, ActorId::new(id).unwrap())
}

const POLICIES: [&str; 4] = [
    "appk-standard",
    "appk-forward",
    "emergency-24x7",
    "urgent-24x7",
];

/// A command and who issues it; commands the lifecycle refuses are skipped.
fn step() -> impl Strategy<Value = (Command, Actor)> {
    let b = 0u8..2;
    prop_oneof![
        (b.clone(), prop::option::of(0usize..4)).prop_map(|(i, p)| {
            let mut r = Routing::to(BodyId::new(body(i).id.as_str()).unwrap());
            r.policy = p.map(|p| PolicyId::new(POLICIES[p]).unwrap());
            (
                Command::Route { routing: r },
                Actor::new(Role::Supervisor, ActorId::new("sup").unwrap()),
            )
        }),
        b.clone().prop_map(|i| (Command::Accept, body(i))),
        b.clone()
            .prop_map(|i| (Command::RequestInfo { note: "n".into() }, body(i))),
        Just((Command::ProvideInfo { note: "n".into() }, Actor::citizen())),
        b.clone()
            .prop_map(|i| (Command::Return { reason: "r".into() }, body(i))),
        b.clone().prop_map(|i| (
            Command::Resolve {
                outcome: Outcome::Fulfilled
            },
            body(i)
        )),
        (b.clone(), 1i64..60).prop_map(|(i, d)| (
            Command::Extend {
                until: t0() + Duration::days(d),
                reason: "r".into()
            },
            body(i)
        )),
        Just((Command::Escalate { reason: "r".into() }, Actor::system())),
        (0usize..4).prop_map(|p| (
            Command::ChangePolicy {
                policy: PolicyId::new(POLICIES[p]).unwrap(),
                reason: "r".into()
            },
            Actor::system()
        )),
        Just((Command::Reopen { reason: "r".into() }, Actor::citizen())),
        Just((Command::Close, Actor::system())),
        Just((Command::Withdraw { reason: None }, Actor::citizen())),
    ]
}

fn history() -> impl Strategy<Value = Vec<((Command, Actor), i64)>> {
    // Gaps up to four days, in minutes, some zero (several events at one instant).
    prop::collection::vec((step(), prop_oneof![Just(0i64), 0i64..5_760]), 0..25)
}

fn build(steps: Vec<((Command, Actor), i64)>, start_minutes: i64) -> Appeal {
    let op = Actor::new(Role::Operator, ActorId::new("op").unwrap());
    let mut at = t0() + Duration::minutes(start_minutes);
    let mut a = Appeal::draft(
        IdempotencyKey::new("k").unwrap(),
        Intake::new(Channel::Phone, "x", Language::Ru),
        &op,
        at,
    )
    .unwrap();
    a.execute(
        Command::Register {
            number: RegistrationNumber::new("SHY-2026-000001").unwrap(),
            citizen: None,
            repeated: false,
        },
        &op,
        at,
    )
    .unwrap();
    for ((command, actor), gap) in steps {
        at += Duration::minutes(gap);
        let _ = a.execute(command, &actor, at);
    }
    a
}

/// The resolution clock's elapsed time, recomputed the slow way: replay every prefix to
/// know the state after each event, and sum the calendar's working time over the spans
/// in which the state is open and not awaiting the citizen, within the current cycle,
/// until the cycle's resolution stops.
fn naive_elapsed(a: &Appeal, book: &SlaBook, at: DateTime<Utc>) -> i64 {
    let events: Vec<Event> = a.history().iter().filter(|e| e.at <= at).cloned().collect();
    let now = Appeal::replay(events.clone()).unwrap();
    let policy = book
        .policy(now.policy().map_or("appk-standard", |p| p.as_str()))
        .unwrap();
    let cal = book.calendar(policy.calendar.as_str()).unwrap();
    let cycle = events
        .iter()
        .rposition(|e| {
            matches!(
                e.kind,
                EventKind::Registered { .. } | EventKind::Reopened { .. }
            )
        })
        .unwrap();
    let mut total = 0;
    for i in cycle..events.len() {
        let state = Appeal::replay(events[..=i].to_vec()).unwrap().state();
        if matches!(
            events[i].kind,
            EventKind::Resolved { .. }
                | EventKind::MarkedDuplicate { .. }
                | EventKind::Withdrawn { .. }
        ) {
            break;
        }
        let end = events.get(i + 1).map_or(at, |e| e.at);
        if state.is_open() && state != State::AwaitingCitizen {
            total += cal.elapsed(events[i].at, end).unwrap().num_seconds();
        }
    }
    total
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn elapsed_equals_a_naive_recomputation(
        steps in history(),
        start in 0i64..10_080,
        probes in prop::collection::vec(0i64..200_000, 1..6),
    ) {
        let book = SlaBook::kazakhstan();
        let a = build(steps, start);
        let reg = a.registered_at().unwrap();
        for p in probes {
            let at = reg + Duration::minutes(p / 2);
            let c = SlaClock::compute(&a, &book, at).unwrap();
            prop_assert_eq!(c.resolution.elapsed_seconds, naive_elapsed(&a, &book, at));
            // Pure: the same history and instant give the same clock.
            prop_assert_eq!(SlaClock::from_history(a.history(), &book, at).unwrap(), c.clone());
            for t in c.targets() {
                prop_assert!(t.remaining_seconds >= 0 && (0.0..=1.0).contains(&t.fraction));
            }
        }
    }

    #[test]
    fn status_only_moves_forward_between_events(
        steps in history(),
        cuts in prop::collection::vec(0.0f64..1.0, 2..6),
    ) {
        let book = SlaBook::kazakhstan();
        let a = build(steps, 0);
        let times: Vec<DateTime<Utc>> = a.history().iter().map(|e| e.at).collect();
        let last = *times.last().unwrap();
        // Each gap between events, and a week after the last one.
        let mut bounds: Vec<(DateTime<Utc>, DateTime<Utc>)> =
            times.windows(2).filter(|w| w[0] < w[1]).map(|w| (w[0], w[1])).collect();
        bounds.push((last, last + Duration::days(7)));
        for (lo, hi) in bounds {
            let span = (hi - lo).num_seconds() - 1;
            let mut points: Vec<DateTime<Utc>> = cuts
                .iter()
                .map(|c| lo + Duration::seconds((c * span as f64) as i64))
                .collect();
            points.sort();
            let mut before: Option<SlaClock> = None;
            for at in points {
                let c = SlaClock::compute(&a, &book, at).unwrap();
                if let Some(b) = &before {
                    for (x, y) in b.targets().zip(c.targets()) {
                        prop_assert!(x.status.rank() <= y.status.rank(), "{:?} then {:?}", x, y);
                        prop_assert!(x.elapsed_seconds <= y.elapsed_seconds);
                    }
                }
                before = Some(c);
            }
        }
    }

    #[test]
    fn changing_policy_keeps_elapsed_and_pauses(steps in history(), gap in 0i64..3_000) {
        let book = SlaBook::kazakhstan();
        let mut a = build(steps, 0);
        if !a.state().is_open() {
            return Ok(());
        }
        let at = a.updated_at() + Duration::minutes(gap);
        let before = SlaClock::compute(&a, &book, at).unwrap();
        // To the other policy on the same calendar, then to a 24/7 one.
        let same = if before.policy.as_str() == "appk-standard" { "appk-forward" } else { "appk-standard" };
        let other_calendar = book.policy(before.policy.as_str()).unwrap().calendar.as_str() != "shymkent-office";
        a.execute(
            Command::ChangePolicy { policy: PolicyId::new(same).unwrap(), reason: "r".into() },
            &Actor::system(),
            at,
        ).unwrap();
        let after = SlaClock::compute(&a, &book, at).unwrap();
        if !other_calendar {
            prop_assert_eq!(after.resolution.elapsed_seconds, before.resolution.elapsed_seconds);
            prop_assert_eq!(after.resolution.paused, before.resolution.paused);
        }
        prop_assert_eq!(after.resolution.elapsed_seconds, naive_elapsed(&a, &book, at));
        a.execute(
            Command::ChangePolicy { policy: PolicyId::new("emergency-24x7").unwrap(), reason: "r".into() },
            &Actor::system(),
            at,
        ).unwrap();
        let urgent = SlaClock::compute(&a, &book, at).unwrap();
        prop_assert_eq!(urgent.resolution.elapsed_seconds, naive_elapsed(&a, &book, at));
        prop_assert_eq!(urgent.resolution.paused, before.resolution.paused);
    }

    #[test]
    fn the_due_index_agrees_with_a_full_scan(
        appeals in prop::collection::vec((history(), 0i64..20_000), 1..8),
        window in (0i64..80_000, 0i64..40_000),
    ) {
        let desk = Desk::new(DeskConfig::shymkent([1; 32]));
        let op = Actor::new(Role::Operator, ActorId::new("op").unwrap());
        let mut latest = t0();
        for (i, (steps, start)) in appeals.into_iter().enumerate() {
            let mut at = t0() + Duration::minutes(start);
            let n = desk
                .submit(
                    IdempotencyKey::new(&format!("k{i}")).unwrap(),
                    Intake::new(Channel::Phone, "x", Language::Ru),
                    &op,
                    at,
                )
                .unwrap()
                .number;
            for ((command, actor), gap) in steps {
                at += Duration::minutes(gap);
                let _ = desk.execute(n.as_str(), command, &actor, at);
            }
            latest = latest.max(at);
        }
        let from = latest + Duration::minutes(window.0 - 40_000).max(Duration::zero());
        let to = from + Duration::minutes(window.1);
        // The scan: every appeal's clocks at `to`, targets still counting with a due instant.
        let book = &desk.config().sla;
        let mut within = Vec::new();
        let mut breached = Vec::new();
        let mut unanswered = Vec::new();
        for n in desk.find(&Query::default()) {
            let a = desk.get(n.as_str()).unwrap();
            if !a.state().is_open() {
                continue;
            }
            let c = SlaClock::compute(&a, book, to).unwrap();
            for t in c.targets().filter(|t| t.is_pending()) {
                let Some(due) = t.due else { continue };
                if due >= from && due < to {
                    within.push((due, n.clone(), t.target));
                }
                if due <= to {
                    breached.push((due, n.clone(), t.target));
                    if !t.escalated {
                        unanswered.push((due, n.clone(), t.target));
                    }
                }
            }
        }
        let key = |e: &DueEntry| (e.due, e.number.clone(), e.target);
        let mut got: Vec<_> = desk.due_within(from, to).iter().map(key).collect();
        got.sort();
        within.sort();
        prop_assert_eq!(got, within);
        let mut got: Vec<_> = desk.breached_at(to).iter().map(key).collect();
        got.sort();
        breached.sort();
        prop_assert_eq!(got, breached);
        let mut got: Vec<_> = desk.sla_breaches(to).iter().map(key).collect();
        got.sort();
        unanswered.sort();
        prop_assert_eq!(got, unanswered);
    }
}
