//! The desk through its public API: numbering, idempotency, queries, log export and
//! import, and concurrency.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};

fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()
}

fn op() -> Actor {
    Actor::new(Role::Operator, ActorId::new("op-1").unwrap())
}

fn desk() -> Desk {
    Desk::new(DeskConfig::shymkent([1; 32]))
}

fn intake(cat: &str, district: &str, phone: Option<&str>) -> Intake {
    let mut i = Intake::new(Channel::Phone, format!("problem with {cat}"), Language::Ru);
    i.category = Some(CategoryCode::new(cat).unwrap());
    i.district = Some(DistrictCode::new(district).unwrap());
    i.citizen = phone.map(|p| Citizen {
        name: None,
        phone: Some(PhoneNumber::parse(p).unwrap()),
    });
    i
}

/// Submits a draft by the operator and returns its number.
fn register(d: &Desk, k: &str, intake: Intake, when: DateTime<Utc>) -> RegistrationNumber {
    d.submit(key(k), intake, &op(), when).unwrap().number
}

fn key(s: &str) -> IdempotencyKey {
    IdempotencyKey::new(s).unwrap()
}

#[test]
fn numbers_run_per_year_in_local_time() {
    let d = desk();
    let n1 = register(&d, "a", intake("roads", "abay", None), at(2, 5));
    let n2 = register(&d, "b", intake("roads", "abay", None), at(2, 6));
    assert_eq!(
        (n1.as_str(), n2.as_str()),
        ("SHY-2026-000001", "SHY-2026-000002")
    );
    // 31 Dec 2026 19:30 UTC is already 1 Jan 2027 in Shymkent (UTC+5).
    let new_year = Utc.with_ymd_and_hms(2026, 12, 31, 19, 30, 0).unwrap();
    let n3 = register(&d, "c", intake("roads", "abay", None), new_year);
    assert_eq!(n3.as_str(), "SHY-2027-000001");
}

#[test]
fn idempotent_submit_and_conflicts() {
    let d = desk();
    let first = d
        .submit(key("k"), intake("lifts", "abay", None), &op(), at(2, 5))
        .unwrap();
    assert!(first.created);
    assert_eq!(first.records.len(), 2);
    let again = d
        .submit(key("k"), intake("lifts", "abay", None), &op(), at(2, 7))
        .unwrap();
    assert_eq!(
        (again.number, again.created, again.records.len()),
        (first.number.clone(), false, 0)
    );
    assert_eq!(d.len(), 1);
    let err = d
        .submit(key("k"), intake("roads", "abay", None), &op(), at(2, 7))
        .unwrap_err();
    assert_eq!(
        err,
        DeskError::IdempotencyConflict {
            key: "k".into(),
            number: first.number
        }
    );
    assert_eq!(d.len(), 1);
    assert_eq!(d.log_len(), 2);
}

#[test]
fn unknown_categories_and_bad_intakes_are_refused_without_trace() {
    let d = desk();
    let err = d
        .submit(key("x"), intake("nonsense", "abay", None), &op(), at(2, 5))
        .unwrap_err();
    assert!(matches!(
        err,
        DeskError::Classification(ClassificationError::UnknownCategory { .. })
    ));
    let mut bad = intake("lifts", "abay", None);
    bad.description = String::new();
    let err = d.submit(key("y"), bad, &op(), at(2, 5)).unwrap_err();
    assert!(matches!(
        err,
        DeskError::Command(CommandError {
            reason: Rejection::MissingReason {
                field: "description"
            },
            ..
        })
    ));
    let body = Actor::new(Role::Body, ActorId::new("akimat-abay").unwrap());
    assert!(
        d.submit(key("z"), intake("lifts", "abay", None), &body, at(2, 5))
            .is_err()
    );
    assert!(d.is_empty());
    assert_eq!(d.log_len(), 0);
    // The failed numbers were not consumed.
    assert_eq!(
        register(&d, "w", intake("lifts", "abay", None), at(2, 5)).as_str(),
        "SHY-2026-000001"
    );
}

#[test]
fn execute_updates_the_indexes() {
    let d = desk();
    let n = register(&d, "a", intake("lifts", "abay", None), at(2, 5));
    d.submit(key("b"), intake("roads", "turan", None), &op(), at(2, 5))
        .unwrap();
    let body = BodyId::new("lift-service").unwrap();
    d.execute(
        n.as_str(),
        Command::Route {
            routing: Routing::to(body.clone()),
        },
        &op(),
        at(2, 6),
    )
    .unwrap();
    let q = |state: Option<State>, body: Option<BodyId>, district: Option<&str>| {
        d.find(&Query {
            state,
            body,
            district: district.map(|x| DistrictCode::new(x).unwrap()),
            citizen: None,
        })
    };
    assert_eq!(q(Some(State::Routed), None, None), vec![n.clone()]);
    assert_eq!(q(None, Some(body.clone()), Some("abay")), vec![n.clone()]);
    assert!(q(None, Some(body.clone()), Some("turan")).is_empty());
    assert_eq!(q(None, None, None).len(), 2);
    let lift = Actor::new(Role::Body, ActorId::new("lift-service").unwrap());
    d.execute(n.as_str(), Command::Accept, &lift, at(2, 7))
        .unwrap();
    d.execute(
        n.as_str(),
        Command::Return {
            reason: "OSI's lift".into(),
        },
        &lift,
        at(2, 8),
    )
    .unwrap();
    assert!(q(None, Some(body), None).is_empty());
    assert_eq!(q(Some(State::Returned), None, None), vec![n.clone()]);
    assert_eq!(
        d.count_by_state()
            .iter()
            .find(|(s, _)| *s == State::Registered)
            .map(|x| x.1),
        Some(1)
    );
    // A refused command changes nothing.
    let before = d.get(n.as_str()).unwrap();
    assert!(
        d.execute(n.as_str(), Command::Accept, &lift, at(2, 9))
            .is_err()
    );
    assert_eq!(d.get(n.as_str()).unwrap(), before);
    let bad = Command::Classify {
        category: CategoryCode::new("lifts").unwrap(),
        subcategory: Some(CategoryCode::new("roads.potholes").unwrap()),
    };
    assert!(matches!(
        d.execute(n.as_str(), bad, &op(), at(2, 9)),
        Err(DeskError::Classification(_))
    ));
    assert!(matches!(
        d.execute("SHY-2026-999999", Command::Close, &op(), at(2, 9)),
        Err(DeskError::NotFound { .. })
    ));
}

#[test]
fn repeat_appellants_are_flagged_by_key_not_number() {
    let d = desk();
    let phone = "+7 701 555 11 22";
    let a = register(&d, "a", intake("lifts", "abay", Some(phone)), at(2, 5));
    let b = register(
        &d,
        "b",
        intake("lifts", "abay", Some("87015551122")),
        at(10, 5),
    );
    let c = register(&d, "c", intake("roads", "abay", Some(phone)), at(10, 6));
    let ga = d.get(a.as_str()).unwrap();
    assert!(!ga.is_repeated());
    assert!(d.get(b.as_str()).unwrap().is_repeated());
    assert!(!d.get(c.as_str()).unwrap().is_repeated());
    let ck = ga.citizen_key().unwrap();
    assert_eq!(
        d.find(&Query {
            citizen: Some(ck),
            ..Query::default()
        })
        .len(),
        3
    );
    assert_eq!(d.citizen_appeals_between(ck, at(3, 0), at(31, 0)), 2);
}

#[test]
fn log_exports_and_imports_to_an_equal_desk() {
    let d = desk();
    let n = register(
        &d,
        "a",
        intake("lifts", "abay", Some("+77015551122")),
        at(2, 5),
    );
    let m = register(&d, "b", intake("roads", "turan", None), at(2, 5));
    d.execute(
        n.as_str(),
        Command::Route {
            routing: Routing::to(BodyId::new("lift-service").unwrap()),
        },
        &op(),
        at(2, 6),
    )
    .unwrap();
    d.execute(
        m.as_str(),
        Command::ResolveOnFirstContact {
            outcome: Outcome::Explained,
        },
        &op(),
        at(2, 6),
    )
    .unwrap();
    let text = d.export_json_lines().unwrap();
    assert_eq!(text.lines().count(), 6);
    let e = Desk::import_json_lines(DeskConfig::shymkent([1; 32]), &text).unwrap();
    assert_eq!(e.export_json_lines().unwrap(), text);
    for x in [&n, &m] {
        assert_eq!(e.get(x.as_str()), d.get(x.as_str()));
    }
    // Numbering continues after the imported numbers; keys are remembered.
    assert_eq!(
        register(&e, "c", intake("roads", "abay", None), at(3, 5)).as_str(),
        "SHY-2026-000003"
    );
    assert!(
        !e.submit(
            key("a"),
            intake("lifts", "abay", Some("+77015551122")),
            &op(),
            at(3, 5)
        )
        .unwrap()
        .created
    );
    assert_eq!(d.log_since(4, 10).unwrap().len(), 2);
}

#[test]
fn corrupt_logs_are_refused_with_the_line() {
    let d = desk();
    let n = register(&d, "a", intake("lifts", "abay", None), at(2, 5));
    d.execute(
        n.as_str(),
        Command::ResolveOnFirstContact {
            outcome: Outcome::Fulfilled,
        },
        &op(),
        at(2, 6),
    )
    .unwrap();
    let text = d.export_json_lines().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let cfg = || DeskConfig::shymkent([1; 32]);
    assert!(matches!(
        Desk::import_json_lines(cfg(), "{not json"),
        Err(DeskError::BadRecord { line: 1, .. })
    ));
    let skipped = format!("{}\n{}\n", lines[0], lines[2]);
    assert!(matches!(
        Desk::import_json_lines(cfg(), &skipped),
        Err(DeskError::BadSequence {
            line: 2,
            expected: 1,
            found: 2,
            ..
        })
    ));
    let v2 = lines[0].replacen("\"v\":1", "\"v\":2", 1);
    assert!(matches!(
        Desk::import_json_lines(cfg(), &v2),
        Err(DeskError::UnsupportedSchema { line: 1, found: 2 })
    ));
    // Renumbering an appeal's records without its registered event is caught.
    let renamed = text.replace(
        "\"number\":\"SHY-2026-000001\",\"seq\"",
        "\"number\":\"SHY-2026-000777\",\"seq\"",
    );
    assert!(matches!(
        Desk::import_json_lines(cfg(), &renamed),
        Err(DeskError::NumberMismatch { .. })
    ));
    let bad_order = lines[2].replace("\"seq\":2", "\"seq\":0");
    assert!(matches!(
        Desk::import_json_lines(cfg(), &bad_order),
        Err(DeskError::Replay { .. })
    ));
}

#[test]
fn eight_threads_register_unique_numbers() {
    let d = Arc::new(desk());
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let d = Arc::clone(&d);
            std::thread::spawn(move || {
                (0..500)
                    .map(|i| {
                        let k = key(&format!("t{t}-{i}"));
                        d.submit(
                            k,
                            intake("roads", "karatau", None),
                            &op(),
                            at(2, 5) + Duration::seconds(i),
                        )
                        .unwrap()
                        .number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<RegistrationNumber> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(all.len(), 4000);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 4000);
    assert_eq!(all.last().unwrap().as_str(), "SHY-2026-004000");
    assert_eq!(d.len(), 4000);
}

#[test]
fn desk_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Desk>();
    check::<Appeal>();
    check::<Taxonomy>();
}

#[test]
fn closed_appeals_at_rest_read_and_reopen_like_live_ones() {
    let d = desk();
    let n = register(
        &d,
        "a",
        intake("lifts", "abay", Some("+77015551122")),
        at(2, 5),
    );
    d.execute(
        n.as_str(),
        Command::Route {
            routing: Routing::to(BodyId::new("lift-service").unwrap()),
        },
        &op(),
        at(2, 6),
    )
    .unwrap();
    let lift = Actor::new(Role::Body, ActorId::new("lift-service").unwrap());
    d.execute(n.as_str(), Command::Accept, &lift, at(2, 7))
        .unwrap();
    d.execute(
        n.as_str(),
        Command::Resolve {
            outcome: Outcome::Fulfilled,
        },
        &lift,
        at(3, 7),
    )
    .unwrap();
    let live = d.get(n.as_str()).unwrap();
    d.execute(n.as_str(), Command::Close, &op(), at(4, 7))
        .unwrap();
    let closed = d.get(n.as_str()).unwrap();
    assert_eq!(closed.state(), State::Closed);
    assert_eq!(&closed.history()[..5], live.history());
    assert_eq!(
        d.find(&Query {
            body: Some(BodyId::new("lift-service").unwrap()),
            ..Query::default()
        }),
        vec![n.clone()]
    );
    assert_eq!(d.with(n.as_str(), |a| a.history().len()), Some(6));
    // Refusals on an appeal at rest change nothing; a supervisor reopens it.
    assert!(
        d.execute(
            n.as_str(),
            Command::Reopen {
                reason: "no".into()
            },
            &op(),
            at(5, 7)
        )
        .is_err()
    );
    assert_eq!(d.get(n.as_str()).unwrap(), closed);
    let sup = Actor::new(Role::Supervisor, ActorId::new("sup-1").unwrap());
    d.execute(
        n.as_str(),
        Command::Reopen {
            reason: "lamp out again".into(),
        },
        &sup,
        at(5, 7),
    )
    .unwrap();
    assert_eq!(d.get(n.as_str()).unwrap().state(), State::Reopened);
    assert_eq!(d.log_since(0, 100).unwrap().len(), 7);
    let again = Desk::import_json_lines(
        DeskConfig::shymkent([1; 32]),
        &d.export_json_lines().unwrap(),
    )
    .unwrap();
    assert_eq!(again.get(n.as_str()), d.get(n.as_str()));
}
