//! Issue #2's figures: lifecycle transitions per second on one core, and appeals
//! registered per second on the desk. (Bytes per closed appeal: `tests/memory.rs`.)
//!
//! Run: `cargo bench -p aryz --bench lifecycle`

#![allow(clippy::unwrap_used, clippy::expect_used)]
// criterion_group! generates an undocumented public fn.
#![allow(missing_docs)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use aryz::*;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// An appeal accepted by its body: the state most commands in a real day start from.
fn in_progress() -> Appeal {
    let op = support::operator();
    let mut a = Appeal::draft(
        IdempotencyKey::new("bench").unwrap(),
        support::typical_intake(1),
        &op,
        support::t0(),
    )
    .unwrap();
    a.execute(
        Command::Register {
            number: RegistrationNumber::new("SHY-2026-000001").unwrap(),
            citizen: None,
            repeated: false,
        },
        &op,
        support::t0(),
    )
    .unwrap();
    a.execute(
        Command::Route {
            routing: Routing::to(BodyId::new("akimat-abay").unwrap()),
        },
        &op,
        support::t0(),
    )
    .unwrap();
    a.execute(Command::Accept, &support::body(), support::t0())
        .unwrap();
    a
}

fn transitions(c: &mut Criterion) {
    let body = support::body();
    let citizen = Actor::citizen();
    let at = support::t0();
    let mut g = c.benchmark_group("lifecycle");
    // A pause and a resume per iteration: two commands decided and applied, two events.
    g.throughput(Throughput::Elements(2));
    g.bench_function("execute/pause_resume", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                // Keep histories realistic: restart from a fresh appeal every 16 cycles.
                let mut a = in_progress();
                let n = left.min(16);
                let start = Instant::now();
                for _ in 0..n {
                    a.execute(
                        Command::RequestInfo {
                            note: String::from("which entrance?"),
                        },
                        &body,
                        at,
                    )
                    .unwrap();
                    a.execute(
                        Command::ProvideInfo {
                            note: String::from("the third"),
                        },
                        &citizen,
                        at,
                    )
                    .unwrap();
                }
                total += start.elapsed();
                black_box(&a);
                left -= n;
            }
            total
        })
    });
    g.throughput(Throughput::Elements(1));
    let a = in_progress();
    g.bench_function("decide/accepted", |b| {
        b.iter(|| {
            black_box(a.decide(
                black_box(Command::Escalate {
                    reason: String::from("late"),
                }),
                &Actor::system(),
                at,
            ))
        })
    });
    g.bench_function("decide/refused", |b| {
        b.iter(|| black_box(a.decide(black_box(Command::Close), &body, at)))
    });
    g.bench_function("replay/typical_history", |b| {
        let desk = Desk::new(DeskConfig::shymkent([1; 32]));
        let n = support::close_typical(&desk, 1);
        let history = desk.get(n.as_str()).unwrap().history().to_vec();
        b.iter_batched(
            || history.clone(),
            |h| black_box(Appeal::replay(h).unwrap()),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn desk(c: &mut Criterion) {
    let mut g = c.benchmark_group("desk");
    g.throughput(Throughput::Elements(1));
    g.bench_function("submit", |b| {
        b.iter_custom(|iters| {
            let desk = Desk::new(DeskConfig::shymkent([1; 32]));
            let op = support::operator();
            let intakes: Vec<(IdempotencyKey, Intake)> = (0..iters as usize)
                .map(|i| {
                    (
                        IdempotencyKey::new(&format!("k{i}")).unwrap(),
                        support::typical_intake(i),
                    )
                })
                .collect();
            let start = Instant::now();
            for (k, intake) in intakes {
                black_box(desk.submit(k, intake, &op, support::t0()).unwrap());
            }
            start.elapsed()
        })
    });
    g.bench_function("close_typical_appeal", |b| {
        b.iter_custom(|iters| {
            let desk = Desk::new(DeskConfig::shymkent([1; 32]));
            let start = Instant::now();
            for i in 0..iters as usize {
                black_box(support::close_typical(&desk, i));
            }
            start.elapsed()
        })
    });
    g.finish();
}

criterion_group!(benches, transitions, desk);
criterion_main!(benches);
