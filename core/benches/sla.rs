//! SLA clock computations per second for a typical appeal, and the desk's due index
//! against a full scan over 100,000 open appeals.
//!
//! `cargo bench -p aryz --bench sla`
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const OPEN_APPEALS: usize = 100_000;

fn t0() -> DateTime<Utc> {
    // Monday 2 March 2026, 09:00 in Shymkent.
    Utc.with_ymd_and_hms(2026, 3, 2, 4, 0, 0).unwrap()
}

fn op() -> Actor {
    Actor::new(Role::Operator, ActorId::new("op-17").unwrap())
}

fn body() -> Actor {
    Actor::new(Role::Body, ActorId::new("akimat-abay").unwrap())
}

fn routing(policy: &str) -> Routing {
    let mut r = Routing::to(BodyId::new("akimat-abay").unwrap());
    r.policy = Some(PolicyId::new(policy).unwrap());
    r
}

/// Registered, routed on `appk-standard`, accepted, a question to the citizen and the
/// answer, an escalation: eight events, one pause.
fn typical() -> Appeal {
    let at = t0();
    let mut a = Appeal::draft(
        IdempotencyKey::new("k").unwrap(),
        Intake::new(Channel::Phone, "Не горят фонари во дворе", Language::Ru),
        &op(),
        at,
    )
    .unwrap();
    let steps = [
        (
            Command::Register {
                number: RegistrationNumber::new("SHY-2026-000001").unwrap(),
                citizen: None,
                repeated: false,
            },
            op(),
            0,
        ),
        (
            Command::Route {
                routing: routing("appk-standard"),
            },
            Actor::system(),
            1,
        ),
        (Command::Accept, body(), 3),
        (
            Command::RequestInfo {
                note: "Уточните номер подъезда".into(),
            },
            body(),
            30,
        ),
        (
            Command::ProvideInfo {
                note: "Подъезд 3".into(),
            },
            Actor::citizen(),
            75,
        ),
        (
            Command::Escalate {
                reason: "repeated complaint".into(),
            },
            Actor::system(),
            80,
        ),
    ];
    for (c, who, hours) in steps {
        a.execute(c, &who, at + Duration::hours(hours)).unwrap();
    }
    a
}

fn bench_clock(c: &mut Criterion) {
    let book = SlaBook::kazakhstan();
    let a = typical();
    let at = t0() + Duration::days(9);
    let mut g = c.benchmark_group("sla_clock");
    g.throughput(Throughput::Elements(1));
    g.bench_function("typical_appeal_status", |b| {
        b.iter(|| SlaClock::compute(black_box(&a), &book, black_box(at)).unwrap())
    });
    g.finish();
}

fn desk_of_open_appeals() -> Desk {
    let desk = Desk::new(DeskConfig::shymkent([9; 32]));
    let policies = [
        "appk-standard",
        "appk-standard",
        "appk-standard",
        "urgent-24x7",
        "emergency-24x7",
    ];
    for i in 0..OPEN_APPEALS {
        // About 3,300 a day over a month, around the clock.
        let at = t0() + Duration::seconds(i as i64 * 26);
        let n = desk
            .submit(
                IdempotencyKey::new(&format!("k-{i}")).unwrap(),
                Intake::new(Channel::Phone, "Нет отопления", Language::Ru),
                &op(),
                at,
            )
            .unwrap()
            .number;
        desk.execute(
            n.as_str(),
            Command::Route {
                routing: routing(policies[i % policies.len()]),
            },
            &Actor::system(),
            at,
        )
        .unwrap();
        if i % 2 == 0 {
            desk.execute(
                n.as_str(),
                Command::Accept,
                &body(),
                at + Duration::minutes(20),
            )
            .unwrap();
        }
        if i % 10 == 0 {
            desk.execute(
                n.as_str(),
                Command::RequestInfo {
                    note: "адрес?".into(),
                },
                &body(),
                at + Duration::minutes(40),
            )
            .unwrap();
        }
    }
    desk
}

fn bench_desk(c: &mut Criterion) {
    let desk = desk_of_open_appeals();
    // After the last registration (about 30 days of appeals), so the index is exact.
    let from = t0() + Duration::days(31);
    let mut g = c.benchmark_group("sla_desk_100k_open");
    g.bench_function("due_within_1h", |b| {
        b.iter(|| desk.due_within(black_box(from), black_box(from + Duration::hours(1))))
    });
    g.bench_function("due_within_1d", |b| {
        b.iter(|| desk.due_within(black_box(from), black_box(from + Duration::days(1))))
    });
    g.bench_function("sla_breaches", |b| {
        b.iter(|| desk.sla_breaches(black_box(from)))
    });
    g.sample_size(10);
    let book = desk.config().sla.clone();
    g.bench_function("full_scan_due_within_1h", |b| {
        b.iter(|| {
            let to = from + Duration::hours(1);
            let mut out = 0usize;
            for n in desk.find(&Query::default()) {
                desk.with(n.as_str(), |a| {
                    let Ok(c) = SlaClock::compute(a, &book, from) else {
                        return;
                    };
                    out += c
                        .targets()
                        .filter(|t| t.is_pending() && t.due.is_some_and(|d| d >= from && d < to))
                        .count();
                });
            }
            out
        })
    });
    g.finish();
    println!(
        "desk: {} open appeals; due in the hour from {from}: {}; in the day: {}; breached: {}",
        desk.len(),
        desk.due_within(from, from + Duration::hours(1)).len(),
        desk.due_within(from, from + Duration::days(1)).len(),
        desk.sla_breaches(from).len()
    );
}

criterion_group!(benches, bench_clock, bench_desk);
criterion_main!(benches);
