//! Periods of local dates, and the mapping from UTC instants to local dates and hours.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::StatsError;

/// The longest period statistics are computed over: ten years.
pub const MAX_PERIOD_DAYS: i64 = 3_660;

/// What kind of span a [`Period`] is; the report words its heading by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PeriodKind {
    /// One whole calendar month.
    Month,
    /// One whole calendar year.
    Year,
    /// Any other run of days.
    Range,
}

/// A run of local calendar dates, both ends included.
///
/// ```
/// use aryz::*;
/// let march = Period::month(2026, 3)?;
/// assert_eq!(march.days(), 31);
/// assert_eq!(march.kind(), PeriodKind::Month);
/// assert!(Period::month(2026, 13).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PeriodRepr", into = "PeriodRepr")]
pub struct Period {
    first: NaiveDate,
    last: NaiveDate,
}

#[derive(Serialize, Deserialize)]
struct PeriodRepr {
    first: NaiveDate,
    last: NaiveDate,
}

impl TryFrom<PeriodRepr> for Period {
    type Error = StatsError;
    fn try_from(r: PeriodRepr) -> Result<Period, StatsError> {
        Period::new(r.first, r.last)
    }
}

impl From<Period> for PeriodRepr {
    fn from(p: Period) -> PeriodRepr {
        PeriodRepr {
            first: p.first,
            last: p.last,
        }
    }
}

impl Period {
    /// The dates from `first` to `last`, both included.
    ///
    /// # Errors
    /// [`StatsError::EmptyPeriod`] when `first` is after `last`;
    /// [`StatsError::PeriodTooLong`] beyond [`MAX_PERIOD_DAYS`].
    pub fn new(first: NaiveDate, last: NaiveDate) -> Result<Period, StatsError> {
        if first > last {
            return Err(StatsError::EmptyPeriod { first, last });
        }
        let days = (last - first).num_days() + 1;
        if days > MAX_PERIOD_DAYS {
            return Err(StatsError::PeriodTooLong { days });
        }
        Ok(Period { first, last })
    }

    /// One day.
    pub fn day(date: NaiveDate) -> Period {
        Period {
            first: date,
            last: date,
        }
    }

    /// A calendar month.
    ///
    /// # Errors
    /// [`StatsError::BadMonth`] when `month` is not 1 to 12 or the year is out of range.
    pub fn month(year: i32, month: u32) -> Result<Period, StatsError> {
        let bad = StatsError::BadMonth { year, month };
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(bad.clone())?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or(bad)?;
        Ok(Period {
            first,
            last: next.pred_opt().unwrap_or(first),
        })
    }

    /// A calendar year.
    ///
    /// # Errors
    /// [`StatsError::BadMonth`] when the year is out of chrono's range.
    pub fn year(year: i32) -> Result<Period, StatsError> {
        let bad = StatsError::BadMonth { year, month: 1 };
        let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(bad.clone())?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(bad)?;
        Ok(Period { first, last })
    }

    /// The first day.
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// The last day (included).
    pub fn last(&self) -> NaiveDate {
        self.last
    }

    /// How many days it has.
    pub fn days(&self) -> u32 {
        u32::try_from((self.last - self.first).num_days() + 1).unwrap_or(u32::MAX)
    }

    /// Whether it is a whole month, a whole year or another run of days.
    pub fn kind(&self) -> PeriodKind {
        let f = self.first;
        if f.day() == 1 && Period::month(f.year(), f.month()).is_ok_and(|m| m == *self) {
            PeriodKind::Month
        } else if f.ordinal() == 1 && Period::year(f.year()).is_ok_and(|y| y == *self) {
            PeriodKind::Year
        } else {
            PeriodKind::Range
        }
    }

    /// Whether `date` is in it.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// The smallest period holding both.
    pub fn hull(&self, other: &Period) -> Period {
        Period {
            first: self.first.min(other.first),
            last: self.last.max(other.last),
        }
    }

    /// Its dates in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(|d| *d <= self.last)
    }
}

/// The UTC instant a local date starts at (its first existing instant when midnight
/// falls in a gap).
fn day_start(tz: Tz, date: NaiveDate) -> i64 {
    let mut t = date.and_time(NaiveTime::MIN);
    for _ in 0..48 {
        if let Some(at) = tz.from_local_datetime(&t).earliest() {
            return at.timestamp();
        }
        t += chrono::TimeDelta::minutes(30);
    }
    // No zone has a day-long gap; fall back to UTC midnight.
    date.and_time(NaiveTime::MIN).and_utc().timestamp()
}

fn offset_at(tz: Tz, t: i64) -> i64 {
    let at = DateTime::<Utc>::from_timestamp(t, 0).unwrap_or_default();
    i64::from(
        tz.offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

/// Maps UTC seconds to the index of the local date within a period and the local hour.
///
/// Built once per computation: the zone's offsets over the period as a short list of
/// spans (one for Asia/Almaty since March 2024), so the hot loop adds an offset and
/// divides instead of consulting the tz database per row.
#[derive(Debug, Clone)]
pub(crate) struct LocalClock {
    /// UTC seconds of the period's first local midnight.
    pub(crate) lo: i64,
    /// UTC seconds of the local midnight after its last day.
    pub(crate) hi: i64,
    /// (UTC start, offset seconds) spans covering `lo..hi`, sorted.
    spans: Vec<(i64, i64)>,
    /// Days since 1970-01-01 of the first local date.
    first_day: i64,
    pub(crate) days: usize,
}

impl LocalClock {
    pub(crate) fn new(period: &Period, tz: Tz) -> LocalClock {
        let lo = day_start(tz, period.first);
        let end = period
            .last
            .checked_add_days(Days::new(1))
            .unwrap_or(period.last);
        let hi = day_start(tz, end);
        let mut spans = vec![(lo, offset_at(tz, lo))];
        // Offsets change at most a few times a year: step a day, bisect on a change.
        let mut t = lo;
        while t < hi {
            let next = (t + 86_400).min(hi);
            let (o0, o1) = (offset_at(tz, t), offset_at(tz, next));
            if o0 != o1 {
                let (mut a, mut b) = (t, next);
                while b - a > 1 {
                    let m = a + (b - a) / 2;
                    if offset_at(tz, m) == o0 { a = m } else { b = m }
                }
                spans.push((b, o1));
            }
            t = next;
        }
        LocalClock {
            lo,
            hi,
            spans,
            first_day: period
                .first
                .signed_duration_since(NaiveDate::default())
                .num_days(),
            days: period.days() as usize,
        }
    }

    /// The offset in force at `t`.
    #[inline]
    pub(crate) fn offset(&self, t: i64) -> i64 {
        if self.spans.len() == 1 {
            return self.spans[0].1;
        }
        let i = self.spans.partition_point(|s| s.0 <= t);
        self.spans[i.saturating_sub(1)].1
    }

    /// The day index in the period and the local hour of `t`, which must be in `lo..hi`.
    #[inline]
    pub(crate) fn day_hour(&self, t: i64) -> (usize, usize) {
        let local = t + self.offset(t);
        let day = local.div_euclid(86_400) - self.first_day;
        let hour = local.rem_euclid(86_400) / 3_600;
        // A wall-clock date can fall outside the period around an offset change at
        // midnight; clamp rather than drop the row.
        let day = day.clamp(0, self.days as i64 - 1) as usize;
        (day, hour as usize)
    }

    pub(crate) fn date(&self, day: usize) -> NaiveDate {
        NaiveDate::default() + chrono::TimeDelta::days(self.first_day + day as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn almaty_moved_from_plus_six_to_plus_five_in_march_2024() {
        let p = Period::new(
            NaiveDate::from_ymd_opt(2024, 2, 28).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2024, 3, 2).unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let c = LocalClock::new(&p, chrono_tz::Asia::Almaty);
        assert_eq!(c.spans.len(), 2);
        assert_eq!(c.offset(c.lo), 6 * 3600);
        assert_eq!(c.offset(c.hi - 1), 5 * 3600);
        // 2024-03-01 12:00 local (+5) is 07:00 UTC: day index 2, hour 12.
        let t = Utc
            .with_ymd_and_hms(2024, 3, 1, 7, 0, 0)
            .single()
            .map_or(0, |t| t.timestamp());
        assert_eq!(c.day_hour(t), (2, 12));
        assert_eq!(c.days, 4);
        assert_eq!(
            c.date(2),
            NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default()
        );
    }

    #[test]
    fn kinds() {
        assert_eq!(Period::year(2026).map(|p| p.kind()), Ok(PeriodKind::Year));
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        assert_eq!(Period::day(d).kind(), PeriodKind::Range);
        assert!(matches!(
            Period::new(d, d.pred_opt().unwrap_or(d)),
            Err(StatsError::EmptyPeriod { .. })
        ));
    }
}
