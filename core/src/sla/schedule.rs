//! Working intervals within a day and the weekly schedule made of them.

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::CalendarError;

/// Seconds in a civil day; an interval may end at 24:00, which is this value.
pub(crate) const DAY_SECONDS: u32 = 86_400;

/// The most working intervals one day may hold.
pub const MAX_INTERVALS_PER_DAY: usize = 48;

/// A stretch of working time within one local day, from `start` up to but not
/// including `end`, in seconds since local midnight; `end` may be 24:00.
///
/// Written as `"09:00-13:00"` (seconds optional: `"09:00:30-13:00"`). An interval read
/// from a file is checked when its calendar is built, so a reversed interval such as
/// `"18:00-09:00"` comes back as a typed [`CalendarError`], not a parse message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    start: u32,
    end: u32,
}

impl Interval {
    /// The whole day, 00:00–24:00.
    pub const WHOLE_DAY: Interval = Interval {
        start: 0,
        end: DAY_SECONDS,
    };

    /// An interval from `start` to `end`, both in seconds since local midnight.
    ///
    /// # Errors
    /// [`CalendarError::BadInterval`] when `end` is not after `start` or lies past 24:00.
    pub fn from_seconds(start: u32, end: u32) -> Result<Interval, CalendarError> {
        Interval { start, end }.checked()
    }

    /// An interval from `start_hour:start_minute` to `end_hour:end_minute`; `24:00` is
    /// the end of the day.
    ///
    /// # Errors
    /// [`CalendarError::BadInterval`] when a time is not on the clock or `end` is not
    /// after `start`.
    pub fn hm(
        start_hour: u32,
        start_minute: u32,
        end_hour: u32,
        end_minute: u32,
    ) -> Result<Interval, CalendarError> {
        let raw = Interval {
            start: start_hour
                .saturating_mul(3600)
                .saturating_add(start_minute.saturating_mul(60)),
            end: end_hour
                .saturating_mul(3600)
                .saturating_add(end_minute.saturating_mul(60)),
        };
        if start_minute > 59 || end_minute > 59 {
            return Err(CalendarError::BadInterval {
                interval: raw.to_string(),
                reason: "a minute is past 59",
            });
        }
        raw.checked()
    }

    /// Seconds from local midnight to the first working second.
    pub fn start_seconds(&self) -> u32 {
        self.start
    }

    /// Seconds from local midnight to the end of the interval (exclusive; 86 400 is 24:00).
    pub fn end_seconds(&self) -> u32 {
        self.end
    }

    /// The length of the interval in seconds.
    pub fn seconds(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub(crate) fn checked(self) -> Result<Interval, CalendarError> {
        if self.end > DAY_SECONDS || self.start >= DAY_SECONDS {
            return Err(CalendarError::BadInterval {
                interval: self.to_string(),
                reason: "a time is past 24:00",
            });
        }
        if self.end <= self.start {
            return Err(CalendarError::BadInterval {
                interval: self.to_string(),
                reason: "it does not end after it starts",
            });
        }
        Ok(self)
    }
}

fn write_clock(f: &mut fmt::Formatter<'_>, s: u32) -> fmt::Result {
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        write!(f, "{h:02}:{m:02}")
    } else {
        write!(f, "{h:02}:{m:02}:{sec:02}")
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_clock(f, self.start)?;
        f.write_str("-")?;
        write_clock(f, self.end)
    }
}

fn parse_clock(s: &str) -> Option<u32> {
    let mut parts = s.trim().split(':');
    let mut field = |max: u32| -> Option<u32> {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = p.parse().ok()?;
        (v <= max).then_some(v)
    };
    let h = field(24)?;
    let m = field(59)?;
    let sec = match parts.next() {
        None => 0,
        Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
            let v: u32 = p.parse().ok()?;
            if v > 59 {
                return None;
            }
            v
        }
        Some(_) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

/// Reads `"HH:MM[:SS]-HH:MM[:SS]"` without checking the order of the two times.
pub(crate) fn parse_raw(text: &str) -> Result<Interval, CalendarError> {
    let malformed = || CalendarError::MalformedInterval {
        text: text.chars().take(64).collect(),
    };
    let (a, b) = text.split_once('-').ok_or_else(malformed)?;
    let start = parse_clock(a).ok_or_else(malformed)?;
    let end = parse_clock(b).ok_or_else(malformed)?;
    Ok(Interval { start, end })
}

impl FromStr for Interval {
    type Err = CalendarError;

    /// Parses `"09:00-13:00"` and checks it.
    fn from_str(s: &str) -> Result<Interval, CalendarError> {
        parse_raw(s)?.checked()
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        // Order and range are checked when the calendar is built, as typed errors.
        parse_raw(&s).map_err(serde::de::Error::custom)
    }
}

/// Checks one day's intervals and returns them sorted.
///
/// Touching intervals (`09:00-13:00`, `13:00-18:00`) are allowed; overlapping ones are not.
pub(crate) fn check_day(intervals: &[Interval]) -> Result<Vec<Interval>, CalendarError> {
    if intervals.len() > MAX_INTERVALS_PER_DAY {
        return Err(CalendarError::TooManyIntervals {
            count: intervals.len(),
        });
    }
    let mut sorted = Vec::with_capacity(intervals.len());
    for i in intervals {
        sorted.push(i.checked()?);
    }
    sorted.sort_unstable();
    for w in sorted.windows(2) {
        if w[1].start < w[0].end {
            return Err(CalendarError::OverlappingIntervals {
                first: w[0],
                second: w[1],
            });
        }
    }
    Ok(sorted)
}

/// The working intervals of each day of the week, in local time.
///
/// A day with no intervals is a day off. Serialised with one key per day
/// (`mon` … `sun`), each a list such as `["09:00-13:00", "14:00-18:00"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeeklySchedule {
    /// Monday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mon: Vec<Interval>,
    /// Tuesday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tue: Vec<Interval>,
    /// Wednesday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wed: Vec<Interval>,
    /// Thursday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thu: Vec<Interval>,
    /// Friday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fri: Vec<Interval>,
    /// Saturday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sat: Vec<Interval>,
    /// Sunday.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sun: Vec<Interval>,
}

impl WeeklySchedule {
    /// The same intervals on each of the given days, none on the others.
    pub fn uniform(days: &[Weekday], intervals: &[Interval]) -> WeeklySchedule {
        let mut w = WeeklySchedule::default();
        for &d in days {
            w.set(d, intervals.to_vec());
        }
        w
    }

    /// The office week: Monday to Friday, 09:00–13:00 and 14:00–18:00 (a lunch break 13–14).
    pub fn office() -> WeeklySchedule {
        const MORNING: Interval = Interval {
            start: 9 * 3600,
            end: 13 * 3600,
        };
        const AFTERNOON: Interval = Interval {
            start: 14 * 3600,
            end: 18 * 3600,
        };
        WeeklySchedule::uniform(
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            &[MORNING, AFTERNOON],
        )
    }

    /// Every day, all day: the centre's own hours and emergencies.
    pub fn round_the_clock() -> WeeklySchedule {
        WeeklySchedule::uniform(&ALL_DAYS, &[Interval::WHOLE_DAY])
    }

    /// The intervals of `day`.
    pub fn on(&self, day: Weekday) -> &[Interval] {
        match day {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    /// Replaces the intervals of `day`.
    pub fn set(&mut self, day: Weekday, intervals: Vec<Interval>) {
        let slot = match day {
            Weekday::Mon => &mut self.mon,
            Weekday::Tue => &mut self.tue,
            Weekday::Wed => &mut self.wed,
            Weekday::Thu => &mut self.thu,
            Weekday::Fri => &mut self.fri,
            Weekday::Sat => &mut self.sat,
            Weekday::Sun => &mut self.sun,
        };
        *slot = intervals;
    }

    /// The hours of a usual working day: those of the first day from Monday on that has
    /// any. Used for a working day declared without its own hours (a transferred
    /// working Saturday works the hours of a weekday).
    pub fn standard_day(&self) -> &[Interval] {
        ALL_DAYS
            .iter()
            .map(|&d| self.on(d))
            .find(|i| !i.is_empty())
            .unwrap_or(&[])
    }
}

pub(crate) const ALL_DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let i: Interval = "09:00-13:00".parse().unwrap();
        assert_eq!((i.start_seconds(), i.end_seconds()), (32_400, 46_800));
        assert_eq!(i.to_string(), "09:00-13:00");
        let j: Interval = "00:00:30-24:00".parse().unwrap();
        assert_eq!(j.to_string(), "00:00:30-24:00");
        assert_eq!(j.seconds(), 86_370);
    }

    #[test]
    fn rejects_malformed_and_reversed() {
        assert!(matches!(
            "9am-6pm".parse::<Interval>(),
            Err(CalendarError::MalformedInterval { .. })
        ));
        assert!(matches!(
            "25:00-26:00".parse::<Interval>(),
            Err(CalendarError::MalformedInterval { .. })
        ));
        assert!(matches!(
            "18:00-09:00".parse::<Interval>(),
            Err(CalendarError::BadInterval { .. })
        ));
        assert!(matches!(
            "24:00-24:00".parse::<Interval>(),
            Err(CalendarError::BadInterval { .. })
        ));
        assert!(Interval::hm(9, 60, 10, 0).is_err());
    }

    #[test]
    fn day_check_sorts_and_finds_overlap() {
        let a = Interval::hm(14, 0, 18, 0).unwrap();
        let b = Interval::hm(9, 0, 14, 0).unwrap();
        assert_eq!(check_day(&[a, b]).unwrap(), vec![b, a]);
        let c = Interval::hm(13, 0, 15, 0).unwrap();
        assert!(matches!(
            check_day(&[a, c]),
            Err(CalendarError::OverlappingIntervals { .. })
        ));
    }
}
