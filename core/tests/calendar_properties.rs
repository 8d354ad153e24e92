//! Working-time arithmetic against a naive minute-by-minute reference, and its laws.
//!
//! The reference marks every UTC minute of the calendar's span as working or not by
//! reading its local wall clock and looking the local date up in the schedule, the
//! exceptions and the days off; counts are then plain prefix sums over those marks. It
//! shares nothing with the index but the calendar's source.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use aryz::{
    Calendar, CalendarError, CalendarId, CalendarSpec, DateException, DaysOff, HolidayRules,
    Interval, RegistrationDay, WeeklySchedule, WorkingDuration, WorkingTimeError,
};
use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeDelta, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;

const YEAR: i32 = 2024;
const ZONES: [&str; 3] = ["Asia/Almaty", "UTC", "Europe/London"];
const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn day_strategy() -> impl Strategy<Value = Vec<Interval>> {
    prop::collection::btree_set(0u32..=1440, 0..=6).prop_map(|cuts| {
        let cuts: Vec<u32> = cuts.into_iter().collect();
        cuts.chunks_exact(2)
            .map(|p| Interval::from_seconds(p[0] * 60, p[1] * 60).unwrap())
            .collect()
    })
}

#[derive(Debug, Clone)]
struct Case {
    zone: &'static str,
    week: Vec<Vec<Interval>>,
    exceptions: Vec<(u32, Option<Vec<Interval>>)>,
    kazakhstan: bool,
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        0usize..ZONES.len(),
        prop::collection::vec(day_strategy(), 7),
        prop::collection::vec((0u32..366, prop::option::of(day_strategy())), 0..12),
        any::<bool>(),
    )
        .prop_map(|(z, week, exceptions, kazakhstan)| Case {
            zone: ZONES[z],
            week,
            exceptions,
            kazakhstan,
        })
}

fn build(case: &Case) -> Result<Calendar, CalendarError> {
    let mut week = WeeklySchedule::default();
    for (d, iv) in WEEK.iter().zip(&case.week) {
        week.set(*d, iv.clone());
    }
    let mut spec = CalendarSpec::new(CalendarId::new("random").unwrap(), YEAR, YEAR, week);
    spec.time_zone = case.zone.to_owned();
    if case.kazakhstan {
        spec.days_off = DaysOff::Kazakhstan;
    }
    let mut seen = std::collections::BTreeSet::new();
    for (doy, hours) in &case.exceptions {
        let date = NaiveDate::from_yo_opt(YEAR, doy + 1).unwrap();
        if !seen.insert(date) {
            continue;
        }
        spec.exceptions.push(match hours {
            // An empty list of hours stands for a day off.
            Some(h) if h.is_empty() => DateException::day_off(date),
            h => DateException::working_day(date, h.clone()),
        });
    }
    Calendar::new(spec)
}

/// The naive reference: one mark per UTC minute of the span.
struct Reference {
    start: i64,
    /// `before[i]`: working minutes in minutes `0..i`.
    before: Vec<u32>,
    working: Vec<bool>,
    /// For each minute, the index of its local date in `dates`.
    date_of: Vec<u32>,
    dates: Vec<NaiveDate>,
    /// Per local date: is it a working day, and the minute after its last minute.
    date_working: Vec<bool>,
    date_end: Vec<usize>,
}

impl Reference {
    fn new(case: &Case, span: (DateTime<Utc>, DateTime<Utc>)) -> Reference {
        let tz: Tz = case.zone.parse().unwrap();
        let standard: Vec<Interval> = case
            .week
            .iter()
            .find(|d| !d.is_empty())
            .cloned()
            .unwrap_or_default();
        let mut by_date: BTreeMap<NaiveDate, Vec<Interval>> = BTreeMap::new();
        if case.kazakhstan {
            for s in HolidayRules::kazakhstan().special_days(YEAR).unwrap() {
                let hours = if s.is_day_off() {
                    vec![]
                } else {
                    standard.clone()
                };
                by_date.insert(s.date, hours);
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (doy, hours) in &case.exceptions {
            let date = NaiveDate::from_yo_opt(YEAR, doy + 1).unwrap();
            if seen.insert(date) {
                by_date.insert(date, hours.clone().unwrap_or_else(|| standard.clone()));
            }
        }
        let start = span.0.timestamp();
        let n = ((span.1.timestamp() - start) / 60) as usize;
        let mut r = Reference {
            start,
            before: Vec::with_capacity(n + 1),
            working: Vec::with_capacity(n),
            date_of: Vec::with_capacity(n),
            dates: Vec::new(),
            date_working: Vec::new(),
            date_end: Vec::new(),
        };
        let mut count = 0u32;
        let mut offset = 0i64;
        for i in 0..n {
            let u = start + 60 * i as i64;
            if i == 0 || u % 3600 == 0 {
                let dt = DateTime::from_timestamp(u, 0).unwrap().naive_utc();
                offset = i64::from(tz.offset_from_utc_datetime(&dt).fix().local_minus_utc());
            }
            let wall = DateTime::from_timestamp(u + offset, 0).unwrap().naive_utc();
            let date = wall.date();
            let second = wall.time().num_seconds_from_midnight();
            let hours = by_date
                .get(&date)
                .map(Vec::as_slice)
                .unwrap_or_else(|| &case.week[date.weekday().num_days_from_monday() as usize]);
            let w = hours
                .iter()
                .any(|iv| iv.start_seconds() <= second && second < iv.end_seconds());
            if r.dates.last() != Some(&date) {
                r.dates.push(date);
                r.date_working.push(false);
                r.date_end.push(0);
            }
            let di = r.dates.len() - 1;
            r.date_working[di] |= w;
            r.date_end[di] = i + 1;
            r.date_of.push(di as u32);
            r.before.push(count);
            r.working.push(w);
            count += u32::from(w);
        }
        r.before.push(count);
        r
    }

    fn at(&self, minute: usize) -> DateTime<Utc> {
        DateTime::from_timestamp(self.start + 60 * minute as i64, 0).unwrap()
    }

    fn add(&self, m: usize, d: u32) -> Option<usize> {
        if d == 0 {
            return Some(m);
        }
        let target = self.before[m] + d;
        let j = self.before.partition_point(|&c| c < target);
        (j < self.before.len()).then_some(j)
    }

    fn next_working(&self, m: usize) -> Option<usize> {
        (m..self.working.len()).find(|&j| self.working[j])
    }

    fn working_days(&self, m: usize, n: u32, rule: RegistrationDay) -> Option<usize> {
        let today = self.date_of[m] as usize;
        let first = match rule {
            RegistrationDay::CountsAsDayOne => today,
            _ => today + 1,
        };
        (first..self.dates.len())
            .filter(|&i| self.date_working[i])
            .nth(n as usize - 1)
            .map(|i| self.date_end[i])
    }
}

fn query_strategy() -> impl Strategy<Value = Vec<(f64, f64, u32, u32, u32)>> {
    prop::collection::vec(
        (
            0.0..1.0f64,
            0.0..1.0f64,
            0u32..100_000,
            0u32..20_000,
            1u32..25,
        ),
        16,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn index_agrees_with_the_minute_by_minute_reference(
        case in case_strategy(),
        queries in query_strategy(),
    ) {
        let cal = match build(&case) {
            Ok(c) => c,
            Err(CalendarError::BadException { .. }) => {
                // A working day without hours in a week without any.
                prop_assert!(case.week.iter().all(Vec::is_empty));
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        let tz: Tz = case.zone.parse().unwrap();
        let span = cal.span();
        let midnight = |y| tz.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single().unwrap().with_timezone(&Utc);
        prop_assert_eq!(span, (midnight(YEAR), midnight(YEAR + 1)));
        let r = Reference::new(&case, span);
        let n = r.working.len();
        for (fa, fb, da, db, days) in queries {
            let m1 = ((fa * n as f64) as usize).min(n - 1);
            let m2 = ((fb * n as f64) as usize).min(n - 1);
            let (t1, t2) = (r.at(m1), r.at(m2));

            // Whether an instant is working time, on the minute and inside it.
            prop_assert_eq!(cal.is_working_time(t1).unwrap(), r.working[m1]);
            prop_assert_eq!(
                cal.is_working_time(t1 + TimeDelta::seconds(59)).unwrap(),
                r.working[m1]
            );
            // The next working instant.
            match r.next_working(m1) {
                Some(j) => prop_assert_eq!(cal.next_working_instant(t1).unwrap(), r.at(j)),
                None => prop_assert!(cal.next_working_instant(t1).is_err()),
            }
            // Elapsed working time.
            let expect = i64::from(r.before[m2]) - i64::from(r.before[m1]);
            prop_assert_eq!(cal.elapsed(t1, t2).unwrap(), TimeDelta::minutes(expect));
            // Adding minutes.
            let got = cal.deadline(t1, WorkingDuration::Minutes(da));
            match r.add(m1, da) {
                Some(j) => prop_assert_eq!(got.unwrap(), r.at(j)),
                None => prop_assert!(
                    matches!(got, Err(WorkingTimeError::BeyondRange { .. })),
                    "expected beyond range, got {:?}", got
                ),
            }
            // Working days, both rules.
            for rule in [RegistrationDay::CountsAsDayOne, RegistrationDay::NotCounted] {
                let got = cal.add_working_days(t1, days, rule);
                match r.working_days(m1, days, rule) {
                    Some(j) => prop_assert_eq!(got.unwrap(), r.at(j)),
                    None => prop_assert!(got.is_err()),
                }
            }

            // The laws, where the answers exist.
            let (a, b) = (TimeDelta::minutes(da.into()), TimeDelta::minutes(db.into()));
            if let (Ok(x), Ok(y)) = (cal.add(t1, a), cal.add(t1, a + b)) {
                prop_assert_eq!(cal.add(x, b).unwrap(), y);
                prop_assert_eq!(cal.elapsed(t1, x).unwrap(), a);
                prop_assert_eq!(cal.elapsed(t1, y).unwrap(), a + b);
            }
            let (lo, hi) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
            if let (Ok(x), Ok(y)) = (cal.add(lo, a), cal.add(hi, a)) {
                prop_assert!(x <= y, "a later start gave an earlier deadline");
            }
            let mid = r.at((m1 + m2) / 2);
            prop_assert_eq!(
                cal.elapsed(t1, t2).unwrap(),
                cal.elapsed(t1, mid).unwrap() + cal.elapsed(mid, t2).unwrap()
            );
        }
    }

    #[test]
    fn office_calendar_laws_in_seconds(
        start in 0i64..(15 * 365 * 86_400),
        a in 0i64..(3_000 * 3600),
        b in 0i64..(3_000 * 3600),
    ) {
        let cal = Calendar::kazakhstan_office();
        let t = cal.span().0 + TimeDelta::seconds(start);
        let (a, b) = (TimeDelta::seconds(a), TimeDelta::seconds(b));
        let x = cal.add(t, a).unwrap();
        prop_assert_eq!(cal.add(x, b).unwrap(), cal.add(t, a + b).unwrap());
        prop_assert_eq!(cal.elapsed(t, x).unwrap(), a);
        prop_assert!(x >= t);
        // A positive duration ends inside working time or on the end of an interval.
        if a > TimeDelta::zero() {
            prop_assert!(cal.is_working_time(x - TimeDelta::seconds(1)).unwrap());
        }
    }
}
