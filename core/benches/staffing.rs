//! Staffing computations per second: a typical interval, and loads of 1,000+ agents.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// criterion_group! generates an undocumented public fn.
#![allow(missing_docs)]

use std::hint::black_box;

use aryz::{
    DayProfile, IntervalLoad, Rotation, StaffingTarget, capacity_verdict, erlang_a, erlang_c,
    max_calls_per_interval, plan_day, staff_interval,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn load(calls: f64, interval_secs: f64, aht_secs: f64) -> IntervalLoad {
    IntervalLoad {
        calls,
        interval_secs,
        aht_secs,
    }
}

fn intervals(c: &mut Criterion) {
    let t = StaffingTarget::COMMON;
    let mut g = c.benchmark_group("staff_interval");
    g.throughput(Throughput::Elements(1));
    // The worked case: 10 erlangs, 14 agents.
    let typical = load(100.0, 1800.0, 180.0);
    g.bench_function("typical_10_erlangs", |b| {
        b.iter(|| staff_interval(black_box(&typical), black_box(&t)))
    });
    // 1,000 erlangs: about 1,180 agents (occupancy binds).
    let big = load(20_000.0, 3600.0, 180.0);
    g.bench_function("1000_erlangs", |b| {
        b.iter(|| staff_interval(black_box(&big), black_box(&t)))
    });
    // 5,000 erlangs: about 5,900 agents.
    let huge = load(100_000.0, 3600.0, 180.0);
    g.bench_function("5000_erlangs", |b| {
        b.iter(|| staff_interval(black_box(&huge), black_box(&t)))
    });
    g.finish();

    let mut g = c.benchmark_group("erlang_c");
    g.throughput(Throughput::Elements(1));
    g.bench_function("a1000_n1030", |b| {
        b.iter(|| erlang_c(black_box(1000.0), black_box(1030)))
    });
    g.finish();

    let mut g = c.benchmark_group("erlang_a");
    g.throughput(Throughput::Elements(1));
    g.bench_function("typical_10_erlangs_14_agents", |b| {
        b.iter(|| erlang_a(black_box(&typical), black_box(14), black_box(120.0)))
    });
    g.bench_function("1000_erlangs_1030_agents", |b| {
        b.iter(|| erlang_a(black_box(&big), black_box(1030), black_box(120.0)))
    });
    g.finish();
}

fn inverse_and_day(c: &mut Criterion) {
    let t = StaffingTarget::COMMON;
    let p = DayProfile::city_hotline();
    let mut g = c.benchmark_group("planning");
    g.bench_function("max_calls_per_interval_20_rostered", |b| {
        b.iter(|| max_calls_per_interval(black_box(20), 1800.0, 180.0, &t))
    });
    g.bench_function("max_calls_per_interval_1500_rostered", |b| {
        b.iter(|| max_calls_per_interval(black_box(1500), 1800.0, 180.0, &t))
    });
    g.bench_function("plan_day_3000_calls", |b| {
        b.iter(|| plan_day(black_box(3000.0), 180.0, &p, &t))
    });
    let rotation = Rotation {
        staff: 26,
        hours_per_week: 40.0,
    };
    g.bench_function("capacity_verdict_3000_calls", |b| {
        b.iter(|| capacity_verdict(black_box(3000.0), 180.0, &rotation, &p, &t))
    });
    g.finish();
}

criterion_group!(benches, intervals, inverse_and_day);
criterion_main!(benches);
