//! Deadline computations per second: the precomputed index against day-by-day walks.
//!
//! `cargo bench -p aryz --bench calendar`
//!
//! Each iteration answers a batch of 1024 deadlines from starts spread over 2016–2034 on
//! the Shymkent office calendar, so criterion's throughput is deadlines per second.
#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::HashMap;
use std::hint::black_box;

use aryz::{Calendar, Interval, RegistrationDay, WorkingDuration};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const BATCH: usize = 1024;

/// A calendar without an index: the weekly schedule plus a hash map of the dates that
/// differ from it (holidays, moved days off, transfers), walked one local day at a time.
struct Walk {
    tz: Tz,
    week: [Vec<Interval>; 7],
    special: HashMap<NaiveDate, Vec<Interval>>,
}

impl Walk {
    fn new(cal: &Calendar) -> Walk {
        let spec = cal.spec();
        let week = [
            spec.week.mon.clone(),
            spec.week.tue.clone(),
            spec.week.wed.clone(),
            spec.week.thu.clone(),
            spec.week.fri.clone(),
            spec.week.sat.clone(),
            spec.week.sun.clone(),
        ];
        let mut special = HashMap::new();
        let first = NaiveDate::from_ymd_opt(spec.first_year, 1, 1).unwrap();
        for date in first.iter_days().take_while(|d| d.year() <= spec.last_year) {
            let hours = cal.hours_on(date).unwrap();
            if hours != week[date.weekday().num_days_from_monday() as usize].as_slice() {
                special.insert(date, hours.to_vec());
            }
        }
        Walk {
            tz: cal.time_zone(),
            week,
            special,
        }
    }

    fn hours(&self, date: NaiveDate) -> &[Interval] {
        self.special
            .get(&date)
            .map(Vec::as_slice)
            .unwrap_or(&self.week[date.weekday().num_days_from_monday() as usize])
    }

    fn instant(&self, date: NaiveDate, seconds: u32) -> i64 {
        let naive = NaiveDateTime::from(date) + chrono::TimeDelta::seconds(seconds.into());
        self.tz
            .from_local_datetime(&naive)
            .earliest()
            .unwrap()
            .timestamp()
    }

    /// The day's working intervals in UTC, as a walk must compute them.
    fn utc_intervals(&self, date: NaiveDate, out: &mut Vec<(i64, i64)>) {
        out.clear();
        for iv in self.hours(date) {
            out.push((
                self.instant(date, iv.start_seconds()),
                self.instant(date, iv.end_seconds()),
            ));
        }
    }

    fn add(&self, start: DateTime<Utc>, mut seconds: i64) -> DateTime<Utc> {
        let t = start.timestamp();
        let mut date = start.with_timezone(&self.tz).date_naive();
        let mut day = Vec::new();
        loop {
            self.utc_intervals(date, &mut day);
            for &(a, b) in &day {
                let a = a.max(t);
                if a >= b {
                    continue;
                }
                if seconds <= b - a {
                    return DateTime::from_timestamp(a + seconds, 0).unwrap();
                }
                seconds -= b - a;
            }
            date = date.succ_opt().unwrap();
        }
    }

    /// Working days, each day's working time computed in UTC as the walk goes.
    fn working_days(&self, start: DateTime<Utc>, n: u32, rule: RegistrationDay) -> DateTime<Utc> {
        let mut date = start.with_timezone(&self.tz).date_naive();
        if rule == RegistrationDay::NotCounted {
            date = date.succ_opt().unwrap();
        }
        let mut day = Vec::new();
        let mut count = 0;
        loop {
            self.utc_intervals(date, &mut day);
            if !day.is_empty() {
                count += 1;
                if count == n {
                    let end = self.instant(date.succ_opt().unwrap(), 0);
                    return DateTime::from_timestamp(end, 0).unwrap();
                }
            }
            date = date.succ_opt().unwrap();
        }
    }

    /// Working days, looking dates up only (the cheapest possible walk).
    fn working_days_by_date(
        &self,
        start: DateTime<Utc>,
        n: u32,
        rule: RegistrationDay,
    ) -> DateTime<Utc> {
        let mut date = start.with_timezone(&self.tz).date_naive();
        if rule == RegistrationDay::NotCounted {
            date = date.succ_opt().unwrap();
        }
        let mut count = 0;
        loop {
            if !self.hours(date).is_empty() {
                count += 1;
                if count == n {
                    let end = self.instant(date.succ_opt().unwrap(), 0);
                    return DateTime::from_timestamp(end, 0).unwrap();
                }
            }
            date = date.succ_opt().unwrap();
        }
    }
}

fn starts() -> Vec<DateTime<Utc>> {
    // A fixed linear congruential sequence: reproducible without a clock or rand.
    let base = Utc
        .with_ymd_and_hms(2016, 1, 1, 0, 0, 0)
        .unwrap()
        .timestamp();
    let span = 18 * 365 * 86_400i64;
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..BATCH)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            DateTime::from_timestamp(base + (x >> 33) as i64 % span, 0).unwrap()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = Calendar::kazakhstan_office();
    let walk = Walk::new(&cal);
    let starts = starts();
    let rule = RegistrationDay::CountsAsDayOne;
    let fifteen = WorkingDuration::WorkingDays {
        days: 15,
        registration_day: rule,
    };

    // The walks give the same answers as the index.
    for &t in &starts {
        let want = cal.deadline(t, fifteen).unwrap();
        assert_eq!(walk.working_days(t, 15, rule), want);
        assert_eq!(walk.working_days_by_date(t, 15, rule), want);
        for m in [90u32, 2400] {
            let want = cal.deadline(t, WorkingDuration::Minutes(m)).unwrap();
            assert_eq!(walk.add(t, i64::from(m) * 60), want);
        }
    }

    let mut g = c.benchmark_group("deadline_15_working_days");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("index", |b| {
        b.iter(|| {
            for &t in &starts {
                black_box(cal.deadline(black_box(t), fifteen).unwrap());
            }
        })
    });
    g.bench_function("walk_utc_days", |b| {
        b.iter(|| {
            for &t in &starts {
                black_box(walk.working_days(black_box(t), 15, rule));
            }
        })
    });
    g.bench_function("walk_dates_only", |b| {
        b.iter(|| {
            for &t in &starts {
                black_box(walk.working_days_by_date(black_box(t), 15, rule));
            }
        })
    });
    g.finish();

    for minutes in [90u32, 2400] {
        let mut g = c.benchmark_group(format!("deadline_{minutes}_working_minutes"));
        g.throughput(Throughput::Elements(BATCH as u64));
        let d = WorkingDuration::Minutes(minutes);
        g.bench_function("index", |b| {
            b.iter(|| {
                for &t in &starts {
                    black_box(cal.deadline(black_box(t), d).unwrap());
                }
            })
        });
        g.bench_function("walk_utc_days", |b| {
            b.iter(|| {
                for &t in &starts {
                    black_box(walk.add(black_box(t), i64::from(minutes) * 60));
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
