//! Working durations and the precomputed index that answers working-time questions
//! in O(log n).
//!
//! The index holds the calendar's working time as a sorted list of disjoint UTC
//! intervals `[start, end)` in whole seconds, each with the working seconds before it
//! (a prefix sum), and the UTC bounds of every working day's local date. A table with
//! one entry per UTC day of the span points at the first interval (and the first working
//! day) not over by the start of that day, so locating an instant costs one lookup and a
//! step over at most a day's intervals; finding where a duration ends gallops from there
//! (O(log k) for a duration spanning k intervals, O(log n) at worst).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::error::WorkingTimeError;
use super::schedule::{DAY_SECONDS, Interval};

/// Whether the day an appeal is registered counts as working day 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RegistrationDay {
    /// The local date of registration, when it is a working day, is day 1 (eOtinish:
    /// registered 26 May 2022, 15 working days, due at the end of 15 June 2022).
    /// Registered on a day off, day 1 is the next working day.
    CountsAsDayOne,
    /// Day 1 is the first working day after the local date of registration.
    NotCounted,
}

/// A length of working time: what an SLA target or a legal term is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WorkingDuration {
    /// Working minutes.
    Minutes(u32),
    /// Working hours.
    Hours(u32),
    /// Whole working days; the deadline is the end of the last one in local time.
    WorkingDays {
        /// How many working days, at least 1.
        days: u32,
        /// Whether the registration day counts as day 1.
        registration_day: RegistrationDay,
    },
}

/// A span of UTC time with one UTC offset.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: i64,
    end: i64,
    offset: i64,
}

/// Offsets stay within a day of UTC; used to bound the segments a local window can touch.
const MAX_OFFSET: i64 = 26 * 3600;

fn offset_at(tz: Tz, t: i64) -> i64 {
    let Some(dt) = chrono::DateTime::from_timestamp(t, 0) else {
        return 0;
    };
    i64::from(
        tz.offset_from_utc_datetime(&dt.naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

/// Splits `[from, to)` into spans of constant UTC offset. Transitions are found by
/// sampling every 6 hours and bisecting to the second, so two transitions less than
/// 6 hours apart would be missed; no zone has them.
fn segments(tz: Tz, from: i64, to: i64) -> Vec<Segment> {
    const STEP: i64 = 6 * 3600;
    let mut out = Vec::new();
    let mut seg_start = from;
    let mut current = offset_at(tz, from);
    let mut t = from;
    while t < to {
        let next = (t + STEP).min(to);
        if offset_at(tz, next) == current {
            t = next;
            continue;
        }
        let (mut lo, mut hi) = (t, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if offset_at(tz, mid) == current {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        out.push(Segment {
            start: seg_start,
            end: hi,
            offset: current,
        });
        seg_start = hi;
        current = offset_at(tz, hi);
        t = hi;
    }
    out.push(Segment {
        start: seg_start,
        end: to,
        offset: current,
    });
    out
}

pub(crate) fn epoch_days(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// Maps local wall-clock stretches to the UTC instants that show them.
struct LocalClock {
    segments: Vec<Segment>,
}

impl LocalClock {
    /// Calls `emit(a, b)` for each UTC span whose local reading lies in `[l0, l1)`
    /// (local seconds since the epoch). A stretch inside a gap yields nothing; one inside
    /// a fold yields both passes.
    fn pieces(&self, l0: i64, l1: i64, mut emit: impl FnMut(i64, i64)) {
        let first = self.segments.partition_point(|s| s.end <= l0 - MAX_OFFSET);
        for s in &self.segments[first..] {
            if s.start >= l1 + MAX_OFFSET {
                break;
            }
            let a = s.start.max(l0 - s.offset);
            let b = s.end.min(l1 - s.offset);
            if a < b {
                emit(a, b);
            }
        }
    }

    /// The UTC bounds of the instants whose local date is `day` (epoch days).
    fn day_bounds(&self, day: i64) -> Option<(i64, i64)> {
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let l = day * i64::from(DAY_SECONDS);
        self.pieces(l, l + i64::from(DAY_SECONDS), |a, b| {
            lo = lo.min(a);
            hi = hi.max(b);
        });
        (lo < hi).then_some((lo, hi))
    }
}

/// The precomputed working time of a calendar.
#[derive(Debug, Clone)]
pub(crate) struct WorkingIndex {
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// Working seconds before interval `i`; one more entry than `starts`, the total.
    before: Vec<i64>,
    /// Per UTC day of the span: the first interval, and the first working day, whose end
    /// is after the start of that day.
    bucket_interval: Vec<u32>,
    bucket_day: Vec<u32>,
    total: i64,
    /// UTC bounds of each working day's local date, in order.
    day_starts: Vec<i64>,
    day_ends: Vec<i64>,
    pub(crate) span_start: i64,
    pub(crate) span_end: i64,
    /// The UTC date of every UTC day the span touches, from epoch day `utc_day0`: turning
    /// an answer back into a `DateTime` is then a lookup, not a calendar computation.
    utc_day0: i64,
    utc_dates: Vec<NaiveDate>,
}

impl WorkingIndex {
    /// Builds the index for the local dates `first ..= first + hours.len() - 1`, where
    /// `hours(i)` gives the sorted working intervals of date `first + i`.
    pub(crate) fn build<'a>(
        tz: Tz,
        first: NaiveDate,
        days: usize,
        hours: impl Fn(usize) -> &'a [Interval],
    ) -> WorkingIndex {
        let d0 = epoch_days(first);
        let d_last = d0 + days as i64 - 1;
        let day = i64::from(DAY_SECONDS);
        let clock = LocalClock {
            segments: segments(tz, (d0 - 2) * day, (d_last + 3) * day),
        };
        let span_start = clock.day_bounds(d0).map_or(d0 * day, |b| b.0);
        let span_end = clock.day_bounds(d_last).map_or((d_last + 1) * day, |b| b.1);

        let mut raw: Vec<(i64, i64)> = Vec::new();
        let mut day_starts = Vec::new();
        let mut day_ends = Vec::new();
        for i in 0..days {
            let intervals = hours(i);
            if intervals.is_empty() {
                continue;
            }
            let l = (d0 + i as i64) * day;
            let before = raw.len();
            for iv in intervals {
                clock.pieces(
                    l + i64::from(iv.start_seconds()),
                    l + i64::from(iv.end_seconds()),
                    |a, b| raw.push((a, b)),
                );
            }
            if raw.len() > before
                && let Some((s, e)) = clock.day_bounds(d0 + i as i64)
            {
                day_starts.push(s);
                day_ends.push(e);
            }
        }
        // Folds can emit pieces out of order; touching pieces merge.
        raw.sort_unstable();
        let mut starts: Vec<i64> = Vec::with_capacity(raw.len());
        let mut ends: Vec<i64> = Vec::with_capacity(raw.len());
        for (a, b) in raw {
            match ends.last_mut() {
                Some(e) if a <= *e => *e = (*e).max(b),
                _ => {
                    starts.push(a);
                    ends.push(b);
                }
            }
        }
        let mut before = Vec::with_capacity(starts.len() + 1);
        let mut total = 0i64;
        for (s, e) in starts.iter().zip(&ends) {
            before.push(total);
            total += e - s;
        }
        before.push(total);
        let buckets = ((span_end - span_start) / day + 2) as usize;
        let mut bucket_interval = Vec::with_capacity(buckets);
        let mut bucket_day = Vec::with_capacity(buckets);
        for b in 0..buckets {
            let t = span_start + b as i64 * day;
            bucket_interval.push(ends.partition_point(|&e| e <= t) as u32);
            bucket_day.push(day_ends.partition_point(|&e| e <= t) as u32);
        }
        let utc_day0 = span_start.div_euclid(day);
        let utc_dates = (utc_day0..=span_end.div_euclid(day))
            .map(|d| crate::sla::calendar::utc(d * day).date_naive())
            .collect();
        WorkingIndex {
            starts,
            ends,
            before,
            bucket_interval,
            bucket_day,
            total,
            day_starts,
            day_ends,
            span_start,
            span_end,
            utc_day0,
            utc_dates,
        }
    }

    /// The error for an answer past the end of the span.
    #[cold]
    pub(crate) fn beyond_range(&self) -> WorkingTimeError {
        WorkingTimeError::BeyondRange {
            end: self.to_utc(self.span_end),
        }
    }

    /// `t` (epoch seconds) as a `DateTime`, by table within the span.
    #[inline]
    pub(crate) fn to_utc(&self, t: i64) -> DateTime<Utc> {
        let day = i64::from(DAY_SECONDS);
        let date = usize::try_from(t.div_euclid(day) - self.utc_day0)
            .ok()
            .and_then(|i| self.utc_dates.get(i));
        let time = u32::try_from(t.rem_euclid(day))
            .ok()
            .and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0));
        match (date, time) {
            (Some(&d), Some(time)) => d.and_time(time).and_utc(),
            _ => crate::sla::calendar::utc(t),
        }
    }

    #[inline]
    fn bucket(&self, t: i64) -> usize {
        // Callers keep `t` within the span, so this is in bounds of the bucket tables.
        ((t - self.span_start) / i64::from(DAY_SECONDS)) as usize
    }

    /// The first interval whose end is after `t` (`starts.len()` when none).
    #[inline]
    fn interval_after(&self, t: i64) -> usize {
        let mut k = self
            .bucket_interval
            .get(self.bucket(t))
            .map_or(self.ends.len(), |&k| k as usize);
        while k < self.ends.len() && self.ends[k] <= t {
            k += 1;
        }
        k
    }

    /// Working seconds in `[span_start, t)`, and the first interval ending after `t`.
    #[inline]
    fn locate(&self, t: i64) -> (i64, usize) {
        let k = self.interval_after(t);
        match self.starts.get(k) {
            Some(&s) if s <= t => (self.before[k] + (t - s), k),
            _ => (self.before[k], k),
        }
    }

    /// Working seconds in `[span_start, t)`.
    #[inline]
    pub(crate) fn position(&self, t: i64) -> i64 {
        self.locate(t).0
    }

    /// The earliest instant `x >= t` with `d` working seconds in `[t, x)`.
    #[inline]
    pub(crate) fn add(&self, t: i64, d: i64) -> Result<i64, WorkingTimeError> {
        if d == 0 {
            return Ok(t);
        }
        let (position, k) = self.locate(t);
        let target = position
            .checked_add(d)
            .filter(|&x| x <= self.total)
            .ok_or_else(|| self.beyond_range())?;
        // Gallop from interval k: before[lo] < target throughout, since
        // before[k] <= position < target.
        let n = self.starts.len();
        let mut lo = k;
        let mut step = 1;
        let mut hi = lo + 1;
        while hi <= n && self.before[hi] < target {
            lo = hi;
            step *= 2;
            hi = lo + step;
        }
        let hi = hi.min(n + 1);
        let i = lo + 1 + self.before[lo + 1..hi].partition_point(|&c| c < target);
        // target <= total == before[n], so i <= n and interval i - 1 holds the end.
        let k = i - 1;
        Ok(self.starts[k] + (target - self.before[k]))
    }

    /// Whether `t` is inside working time.
    #[inline]
    pub(crate) fn is_working(&self, t: i64) -> bool {
        let k = self.interval_after(t);
        self.starts.get(k).is_some_and(|&s| s <= t)
    }

    /// `t` itself when it is working time, else the start of the next working interval.
    #[inline]
    pub(crate) fn next_working(&self, t: i64) -> Option<i64> {
        let k = self.interval_after(t);
        self.starts.get(k).map(|&s| s.max(t))
    }

    /// The end of the `n`th working day counted from `t` (local midnight ending it).
    #[inline]
    pub(crate) fn working_days(
        &self,
        t: i64,
        n: u32,
        rule: RegistrationDay,
    ) -> Result<i64, WorkingTimeError> {
        if n == 0 {
            return Err(WorkingTimeError::ZeroWorkingDays);
        }
        // The first working day not over at `t`: the registration day when `t` falls on
        // a working day's date, else the next working day.
        let mut j = self
            .bucket_day
            .get(self.bucket(t))
            .map_or(self.day_ends.len(), |&j| j as usize);
        while j < self.day_ends.len() && self.day_ends[j] <= t {
            j += 1;
        }
        if rule == RegistrationDay::NotCounted && self.day_starts.get(j).is_some_and(|&s| s <= t) {
            j += 1;
        }
        let last = j + (n as usize - 1);
        self.day_ends
            .get(last)
            .copied()
            .ok_or_else(|| self.beyond_range())
    }

    /// How many disjoint working intervals the index holds.
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }
}
