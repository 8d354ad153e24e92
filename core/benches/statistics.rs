//! Statistics: the ledger fed 10 million events on one thread, and the period report over
//! 1 and 10 million appeals (a month, a year, twelve months).
//!
//! Modes (environment variable `ARYZ_BENCH_MODE`), used by `report_engines.py`:
//! - unset: the criterion benchmarks;
//! - `export`: write the generated rows as CSV to `$ARYZ_BENCH_DIR/rows-<n>.csv` and exit;
//! - `timing`: time the reports on the same rows (best of 5) and print JSON lines.
//!
//! The rows are generated deterministically (splitmix64), time-ordered over 2026 like a
//! table the ledger fills as the desk runs.

// criterion_group! generates an undocumented public fn.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use aryz::*;
use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// 2026-01-01 00:00 in Asia/Almaty (+5).
fn year_start() -> i64 {
    Utc.with_ymd_and_hms(2025, 12, 31, 19, 0, 0)
        .unwrap()
        .timestamp()
}

fn time(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap()
}

const CATEGORIES: [&str; 20] = [
    "utilities",
    "roads",
    "yard_lighting",
    "water_supply",
    "lifts",
    "yard_improvement",
    "household_waste",
    "public_transport",
    "gas_supply",
    "housing_coops",
    "health",
    "employment_social",
    "education",
    "flooding",
    "open_manholes",
    "consumer_rights",
    "pension_fund",
    "law_order",
    "fuel_supply",
    "restoration",
];
const DISTRICTS: [&str; 5] = ["abay", "al-farabi", "enbekshi", "karatau", "turan"];

/// One appeal as plain values (what both the CSV and the table are made of).
struct Gen {
    registered: i64,
    channel: Channel,
    category: usize,
    district: usize,
    body: usize,
    state: State,
    outcome: Option<OutcomeKind>,
    first_contact: bool,
    decided: Option<i64>,
    due: i64,
    citizen: Option<u64>,
}

fn generate(n: u64, mut f: impl FnMut(&Gen)) {
    let mut rng = Rng(0x5EED_0109);
    let span = 365 * 86_400;
    let start = year_start();
    for i in 0..n {
        let step = span as f64 / n as f64;
        let registered = start + (i as f64 * step) as i64;
        let channel = match rng.below(1_000) {
            0..848 => Channel::Phone,
            848..900 => Channel::WhatsApp,
            900..950 => Channel::Instagram,
            950..990 => Channel::Facebook,
            _ => Channel::WebApp,
        };
        let category = (rng.below(20).min(rng.below(20))) as usize;
        let district = rng.below(5) as usize;
        let body = category * 5 % 37 + district;
        let r = rng.below(1_000);
        let (state, outcome, first_contact, decided) = if r < 712 {
            (
                State::ResolvedOnFirstContact,
                Some(OutcomeKind::Explained),
                true,
                Some(registered + 60 + rng.below(840) as i64),
            )
        } else if r < 935 {
            let outcome = [
                OutcomeKind::Fulfilled,
                OutcomeKind::PartlyFulfilled,
                OutcomeKind::Refused,
                OutcomeKind::Explained,
            ][rng.below(4) as usize];
            // Hours to weeks, skewed short.
            let secs = 3_600 + rng.below(86_400) * (1 + rng.below(20));
            let state = if rng.below(3) == 0 {
                State::Resolved
            } else {
                State::Closed
            };
            (state, Some(outcome), false, Some(registered + secs as i64))
        } else {
            let state = [
                State::Routed,
                State::InProgress,
                State::AwaitingCitizen,
                State::Registered,
            ][rng.below(4) as usize];
            (state, None, false, None)
        };
        let citizen = (rng.below(10) < 6).then(|| rng.below(n / 3 + 1));
        f(&Gen {
            registered,
            channel,
            category,
            district,
            body,
            state,
            outcome,
            first_contact,
            decided,
            due: registered + 15 * 86_400,
            citizen,
        });
    }
}

fn table(n: u64) -> AppealTable {
    let cats: Vec<CategoryCode> = CATEGORIES
        .iter()
        .map(|c| CategoryCode::new(c).unwrap())
        .collect();
    let dis: Vec<DistrictCode> = DISTRICTS
        .iter()
        .map(|d| DistrictCode::new(d).unwrap())
        .collect();
    let bodies: Vec<BodyId> = (0..48)
        .map(|b| BodyId::new(&format!("body-{b}")).unwrap())
        .collect();
    let mut t = AppealTable::new();
    generate(n, |g| {
        let mut row = AppealRow::new(time(g.registered), g.channel);
        row.category = Some(cats[g.category].clone());
        row.district = Some(dis[g.district].clone());
        row.body = (!g.first_contact).then(|| bodies[g.body].clone());
        row.state = g.state;
        row.outcome = g.outcome;
        row.first_contact = g.first_contact;
        row.decided_at = g.decided.map(time);
        row.due = Some(time(g.due));
        row.citizen = g
            .citizen
            .map(|c| CitizenKey::from_hex(&format!("{c:032x}")).unwrap());
        t.push(&row).unwrap();
    });
    t
}

fn export(n: u64, dir: &str) {
    let path = format!("{dir}/rows-{n}.csv");
    if std::path::Path::new(&path).exists() {
        return;
    }
    std::fs::create_dir_all(dir).unwrap();
    let tmp = format!("{path}.tmp");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    writeln!(
        w,
        "registered,channel,category,district,body,state,outcome,first_contact,decided,due,citizen"
    )
    .unwrap();
    let opt = |v: Option<i64>| v.map_or(String::new(), |v| v.to_string());
    generate(n, |g| {
        writeln!(
            w,
            "{},{},{},{},{},{},{},{},{},{},{}",
            g.registered,
            g.channel as u8,
            g.category,
            g.district,
            if g.first_contact {
                String::new()
            } else {
                g.body.to_string()
            },
            g.state as u8,
            g.outcome.map_or(String::new(), |o| (o as u8).to_string()),
            u8::from(g.first_contact),
            opt(g.decided),
            g.due,
            opt(g.citizen.map(|c| c as i64)),
        )
        .unwrap();
    });
    w.flush().unwrap();
    drop(w);
    std::fs::rename(tmp, path).unwrap();
}

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap()
}

fn report(t: &AppealTable, period: Period, citizens: bool) -> MonthlyReport {
    let mut spec = StatisticsSpec::new(period, as_of());
    spec.citizens = citizens;
    let stats = Statistics::compute(t, &spec);
    MonthlyReport::new(&stats, &ReportConfig::shymkent())
}

fn twelve(t: &AppealTable) -> Vec<MonthlyReport> {
    (1..=12)
        .map(|m| report(t, Period::month(2026, m).unwrap(), false))
        .collect()
}

fn best_of<R>(runs: usize, mut f: impl FnMut() -> R) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn timing() {
    for n in [1_000_000u64, 10_000_000] {
        let t = table(n);
        let march = Period::month(2026, 3).unwrap();
        let year = Period::year(2026).unwrap();
        let r = report(&t, march, false);
        let y = report(&t, year, false);
        let check = serde_json::json!({
            "march": {
                "considered": r.considered, "decided": r.fulfilled.count,
                "first_contact": r.first_contact.count, "by_phone": r.by_phone.count,
                "median_secs": r.resolution.median_secs, "p90_secs": r.resolution.p90_secs,
            },
            "year": {
                "considered": y.considered, "decided": y.fulfilled.count,
                "median_secs": y.resolution.median_secs, "p90_secs": y.resolution.p90_secs,
            },
        });
        let out = serde_json::json!({
            "engine": "aryz",
            "rows": n,
            "month_s": best_of(5, || report(&t, march, false)),
            "year_s": best_of(5, || report(&t, year, false)),
            "twelve_months_s": best_of(5, || twelve(&t)),
            "month_with_citizens_s": best_of(5, || report(&t, march, true)),
            "year_with_citizens_s": best_of(3, || report(&t, year, true)),
            "check": check,
        });
        println!("{out}");
    }
}

/// A log of about `events` records: appeals drafted, registered, then settled on the
/// call and closed, or routed, accepted, resolved and closed.
fn log(events: usize) -> Vec<LogRecord> {
    let mut rng = Rng(42);
    let op = Actor::new(Role::Operator, ActorId::new("op-1").unwrap());
    let sys = Actor::system();
    let bodies: Vec<(Actor, Arc<Routing>)> = (0..48)
        .map(|b| {
            let id = format!("body-{b}");
            let mut r = Routing::to(BodyId::new(&id).unwrap());
            r.policy = Some(PolicyId::new("appk-standard").unwrap());
            (
                Actor::new(Role::Body, ActorId::new(&id).unwrap()),
                Arc::new(r),
            )
        })
        .collect();
    let intakes: Vec<Arc<Intake>> = (0..200)
        .map(|i| {
            let mut intake = Intake::new(Channel::ALL[i % 5], "Нет воды третий день", Language::Ru);
            intake.category = Some(CategoryCode::new(CATEGORIES[i % 20]).unwrap());
            intake.district = Some(DistrictCode::new(DISTRICTS[i % 5]).unwrap());
            Arc::new(intake)
        })
        .collect();
    let key = IdempotencyKey::new("k").unwrap();
    let mut out = Vec::with_capacity(events + 8);
    let mut i = 0u64;
    let start = year_start();
    while out.len() < events {
        let number = RegistrationNumber::new(&format!("SHY-2026-{:07}", i + 1)).unwrap();
        let mut at = start + (i as i64 * 3);
        let mut seq = 0;
        let mut push = |out: &mut Vec<LogRecord>, actor: &Actor, kind: EventKind, at: i64| {
            out.push(LogRecord {
                v: EVENT_SCHEMA,
                number: number.clone(),
                seq,
                event: Event {
                    at: time(at),
                    actor: actor.clone(),
                    kind,
                },
            });
            seq += 1;
        };
        let intake = Arc::clone(&intakes[rng.below(200) as usize]);
        push(
            &mut out,
            &op,
            EventKind::Drafted {
                key: key.clone(),
                intake,
            },
            at,
        );
        let citizen = CitizenKey::from_hex(&format!("{:032x}", rng.below(1_000_000)));
        push(
            &mut out,
            &op,
            EventKind::Registered {
                number: number.clone(),
                citizen,
                repeated: false,
            },
            at,
        );
        if rng.below(1_000) < 712 {
            at += 300;
            push(
                &mut out,
                &op,
                EventKind::Resolved {
                    outcome: Outcome::Explained,
                    first_contact: true,
                },
                at,
            );
            push(&mut out, &sys, EventKind::Closed, at + 86_400);
        } else {
            let (body, routing) = &bodies[rng.below(48) as usize];
            push(
                &mut out,
                &sys,
                EventKind::Routed {
                    routing: Arc::clone(routing),
                },
                at + 60,
            );
            at += 3_600;
            push(&mut out, body, EventKind::Accepted, at);
            at += 86_400 * (1 + rng.below(10) as i64);
            push(
                &mut out,
                body,
                EventKind::Resolved {
                    outcome: Outcome::Fulfilled,
                    first_contact: false,
                },
                at,
            );
            push(&mut out, &sys, EventKind::Closed, at + 86_400);
        }
        i += 1;
    }
    out
}

fn ledger_bench(c: &mut Criterion) {
    let records = log(10_000_000);
    let mut g = c.benchmark_group("ledger");
    g.sample_size(10);
    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("record_10m_events", |b| {
        b.iter(|| {
            let mut l = Ledger::new();
            l.extend(&records).unwrap();
            l
        })
    });
    let mut l = Ledger::new();
    l.extend(&records).unwrap();
    drop(records);
    let as_of = as_of();
    g.bench_function("statistics_of_ledger_year", |b| {
        b.iter(|| {
            Statistics::compute(
                l.table(),
                &StatisticsSpec::new(Period::year(2026).unwrap(), as_of),
            )
        })
    });
    g.finish();
}

fn report_bench(c: &mut Criterion) {
    for n in [1_000_000u64, 10_000_000] {
        let t = table(n);
        let mut g = c.benchmark_group(format!("report_{}m_rows", n / 1_000_000));
        g.sample_size(10);
        g.bench_function("month", |b| {
            b.iter(|| report(&t, Period::month(2026, 3).unwrap(), false))
        });
        g.bench_function("year", |b| {
            b.iter(|| report(&t, Period::year(2026).unwrap(), false))
        });
        g.bench_function("twelve_months", |b| b.iter(|| twelve(&t)));
        g.bench_function("month_with_citizens", |b| {
            b.iter(|| report(&t, Period::month(2026, 3).unwrap(), true))
        });
        g.finish();
    }
}

criterion_group!(benches, ledger_bench, report_bench);

fn main() {
    match std::env::var("ARYZ_BENCH_MODE").as_deref() {
        Ok("export") => {
            let dir =
                std::env::var("ARYZ_BENCH_DIR").unwrap_or_else(|_| "target/report-bench".into());
            for n in [1_000_000, 10_000_000] {
                export(n, &dir);
            }
        }
        Ok("timing") => timing(),
        _ => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
