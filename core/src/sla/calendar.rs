//! Working calendars: a time zone, a weekly schedule, days off by law and dated
//! exceptions, compiled into an index for working-time arithmetic.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{CalendarError, WorkingTimeError};
use super::holidays::{HolidayRules, ResolvedDays};
use super::schedule::{ALL_DAYS, Interval, WeeklySchedule, check_day};
use super::working_time::{RegistrationDay, WorkingDuration, WorkingIndex, epoch_days};
use crate::{CalendarId, Labels};

/// The earliest year a calendar may cover.
pub const MIN_YEAR: i32 = 1970;
/// The latest year a calendar may cover.
pub const MAX_YEAR: i32 = 2200;
/// The most years one calendar may cover.
pub const MAX_SPAN_YEARS: i32 = 100;
/// The largest calendar or rules source accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

const SHYMKENT_OFFICE_TOML: &str = include_str!("../../data/calendars/shymkent-office.toml");
const ROUND_THE_CLOCK_TOML: &str = include_str!("../../data/calendars/round-the-clock.toml");

#[allow(clippy::expect_used)]
static SHYMKENT_OFFICE: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_toml(SHYMKENT_OFFICE_TOML)
        .expect("the embedded data/calendars/shymkent-office.toml is valid")
});

#[allow(clippy::expect_used)]
static ROUND_THE_CLOCK: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_toml(ROUND_THE_CLOCK_TOML)
        .expect("the embedded data/calendars/round-the-clock.toml is valid")
});

pub(crate) fn check_size(text: &str) -> Result<(), CalendarError> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(CalendarError::TooLarge {
            len: text.len(),
            limit: MAX_SOURCE_BYTES,
        });
    }
    Ok(())
}

pub(crate) fn utc(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Which days off by law a calendar observes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DaysOff {
    /// None: only the weekly schedule and the calendar's own exceptions.
    #[default]
    None,
    /// Kazakhstan's, embedded ([`HolidayRules::kazakhstan`]).
    Kazakhstan,
    /// Rules given inline.
    Rules(HolidayRules),
}

/// What a dated exception makes of its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExceptionKind {
    /// The day is off.
    DayOff,
    /// The day is worked, with its own hours or those of a usual weekday.
    WorkingDay,
}

/// A calendar's own rule for one date; it wins over the weekly schedule and the days
/// off by law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DateException {
    /// The local date.
    pub date: NaiveDate,
    /// Day off or working day.
    pub kind: ExceptionKind,
    /// For a working day, its hours; none means those of a usual weekday
    /// ([`WeeklySchedule::standard_day`]). Must be none for a day off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Vec<Interval>>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl DateException {
    /// A day off on `date`.
    pub fn day_off(date: NaiveDate) -> DateException {
        DateException {
            date,
            kind: ExceptionKind::DayOff,
            hours: None,
            note: None,
        }
    }

    /// A working day on `date`, with `hours` or, when none, those of a usual weekday.
    pub fn working_day(date: NaiveDate, hours: Option<Vec<Interval>>) -> DateException {
        DateException {
            date,
            kind: ExceptionKind::WorkingDay,
            hours,
            note: None,
        }
    }

    /// The same exception with a note.
    pub fn with_note(mut self, note: impl Into<String>) -> DateException {
        self.note = Some(note.into());
        self
    }
}

fn default_time_zone() -> String {
    "Asia/Almaty".to_owned()
}

/// The source form of a [`Calendar`]: what is written in JSON or TOML, and what a
/// calendar serialises back to.
///
/// ```toml
/// id = "shymkent-office"
/// time_zone = "Asia/Almaty"
/// first_year = 2015
/// last_year = 2035
/// days_off = "kazakhstan"          # or "none", or { rules = { ...HolidayRules... } }
///
/// [week]
/// mon = ["09:00-13:00", "14:00-18:00"]
/// # tue ... sun; a day not listed is off
///
/// [[exceptions]]
/// date = "2026-12-31"
/// kind = "day_off"                 # or "working_day", with optional hours = [...]
/// note = "order of the akim"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CalendarSpec {
    /// The name SLA policies and bodies refer to the calendar by.
    pub id: CalendarId,
    /// A human name in up to three languages.
    #[serde(default)]
    pub name: Labels,
    /// An IANA time zone name; `Asia/Almaty` when omitted.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// The first year covered; working time before 1 January of it is unknown.
    pub first_year: i32,
    /// The last year covered; working time after 31 December of it is unknown.
    pub last_year: i32,
    /// The working intervals of each weekday, in local time.
    pub week: WeeklySchedule,
    /// The days off by law observed.
    #[serde(default)]
    pub days_off: DaysOff,
    /// The calendar's own dated exceptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<DateException>,
}

impl CalendarSpec {
    /// A calendar source with `id`, the given week, in Asia/Almaty, with no days off
    /// by law and no exceptions.
    pub fn new(id: CalendarId, first_year: i32, last_year: i32, week: WeeklySchedule) -> Self {
        CalendarSpec {
            id,
            name: Labels::default(),
            time_zone: default_time_zone(),
            first_year,
            last_year,
            week,
            days_off: DaysOff::None,
            exceptions: Vec::new(),
        }
    }

    /// The source of [`Calendar::kazakhstan_office`].
    pub fn kazakhstan_office() -> CalendarSpec {
        SHYMKENT_OFFICE.spec().clone()
    }

    /// The source of [`Calendar::round_the_clock`].
    pub fn round_the_clock() -> CalendarSpec {
        ROUND_THE_CLOCK.spec().clone()
    }
}

struct Inner {
    spec: CalendarSpec,
    tz: Tz,
    first_date: NaiveDate,
    /// For each date from `first_date`, an index into `hour_sets`.
    day_set: Vec<u32>,
    hour_sets: Vec<Vec<Interval>>,
    index: WorkingIndex,
}

/// A working calendar, compiled: cheap to clone and share (`Arc` inside), `Send + Sync`,
/// serialised as its [`CalendarSpec`].
///
/// Instants are whole seconds; sub-second parts of arguments are dropped. Durations
/// add up exactly: `add(add(t, a), b) == add(t, a + b)` and
/// `elapsed(t, add(t, d)) == d`. A deadline in minutes or hours is the instant the last
/// working second ends (18:00, not 09:00 the next morning). A deadline in working days is
/// the end of the last day in local time: the local midnight that ends it, an exclusive
/// bound, shown to people as 23:59:59 of that day.
///
/// ```
/// use aryz::{Calendar, RegistrationDay, WorkingDuration};
/// use chrono::{TimeZone, Utc};
///
/// let office = Calendar::kazakhstan_office();
/// // eOtinish: registered 26 May 2022 at 10:00 local (UTC+6).
/// let registered = Utc.with_ymd_and_hms(2022, 5, 26, 4, 0, 0).unwrap();
/// let due = office.deadline(
///     registered,
///     WorkingDuration::WorkingDays { days: 15, registration_day: RegistrationDay::CountsAsDayOne },
/// )?;
/// let shown = office.local(due - chrono::TimeDelta::seconds(1));
/// assert_eq!(shown.format("%Y-%m-%d %H:%M:%S").to_string(), "2022-06-15 23:59:59");
///
/// // Four working hours from Friday 16:00 end on Monday at 11:00.
/// let friday = Utc.with_ymd_and_hms(2022, 6, 17, 10, 0, 0).unwrap();
/// let end = office.deadline(friday, WorkingDuration::Hours(4))?;
/// assert_eq!(end, Utc.with_ymd_and_hms(2022, 6, 20, 5, 0, 0).unwrap());
/// assert_eq!(office.elapsed(friday, end)?, chrono::TimeDelta::hours(4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Calendar {
    inner: Arc<Inner>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("id", &self.inner.spec.id)
            .field("time_zone", &self.inner.tz)
            .field("first_year", &self.inner.spec.first_year)
            .field("last_year", &self.inner.spec.last_year)
            .field("working_intervals", &self.inner.index.len())
            .finish()
    }
}

impl PartialEq for Calendar {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) || self.inner.spec == other.inner.spec
    }
}

impl Eq for Calendar {}

const CLOSED: u32 = 7;
const STANDARD: u32 = 8;

impl Calendar {
    /// Checks a calendar source and compiles its working-time index.
    ///
    /// # Errors
    /// [`CalendarError`] naming the fault: an unknown time zone, a bad or overlapping
    /// interval, years out of range or not covered by the days-off rules, an exception
    /// outside the years, given twice, or contradicting itself.
    pub fn new(spec: CalendarSpec) -> Result<Calendar, CalendarError> {
        for year in [spec.first_year, spec.last_year] {
            if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
                return Err(CalendarError::YearOutOfRange {
                    year,
                    first: MIN_YEAR,
                    last: MAX_YEAR,
                });
            }
        }
        if spec.last_year < spec.first_year || spec.last_year - spec.first_year >= MAX_SPAN_YEARS {
            return Err(CalendarError::YearOutOfRange {
                year: spec.last_year,
                first: spec.first_year,
                last: (spec.first_year + MAX_SPAN_YEARS - 1).min(MAX_YEAR),
            });
        }
        let tz: Tz = spec
            .time_zone
            .parse()
            .map_err(|_| CalendarError::UnknownTimeZone {
                name: spec.time_zone.chars().take(64).collect(),
            })?;

        let mut hour_sets: Vec<Vec<Interval>> = Vec::with_capacity(9 + spec.exceptions.len());
        for d in ALL_DAYS {
            hour_sets.push(check_day(spec.week.on(d))?);
        }
        hour_sets.push(Vec::new()); // CLOSED
        hour_sets.push(check_day(spec.week.standard_day())?); // STANDARD

        let rules: Option<ResolvedDays> = match &spec.days_off {
            DaysOff::None => None,
            DaysOff::Kazakhstan => {
                let kz = HolidayRules::kazakhstan();
                kz.check_covers(spec.first_year, spec.last_year)?;
                Some(kz.resolve()?)
            }
            DaysOff::Rules(r) => {
                r.check_covers(spec.first_year, spec.last_year)?;
                Some(r.resolve()?)
            }
        };

        let mut exceptions: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for e in &spec.exceptions {
            let year = e.date.year();
            if year < spec.first_year || year > spec.last_year {
                return Err(CalendarError::DateOutOfRange {
                    date: e.date,
                    first: spec.first_year,
                    last: spec.last_year,
                });
            }
            if exceptions.contains_key(&e.date) {
                return Err(CalendarError::DuplicateDate { date: e.date });
            }
            let set = match (e.kind, &e.hours) {
                (ExceptionKind::DayOff, Some(h)) if !h.is_empty() => {
                    return Err(CalendarError::BadException {
                        date: e.date,
                        reason: "a day off cannot have working hours",
                    });
                }
                (ExceptionKind::DayOff, _) => CLOSED,
                (ExceptionKind::WorkingDay, Some(h)) if h.is_empty() => {
                    return Err(CalendarError::BadException {
                        date: e.date,
                        reason: "a working day needs working hours",
                    });
                }
                (ExceptionKind::WorkingDay, Some(h)) => {
                    hour_sets.push(check_day(h)?);
                    (hour_sets.len() - 1) as u32
                }
                (ExceptionKind::WorkingDay, None) => {
                    if hour_sets[STANDARD as usize].is_empty() {
                        return Err(CalendarError::BadException {
                            date: e.date,
                            reason: "a working day without hours in a week without any",
                        });
                    }
                    STANDARD
                }
            };
            exceptions.insert(e.date, set);
        }

        let (Some(first_date), Some(last_date)) = (
            NaiveDate::from_ymd_opt(spec.first_year, 1, 1),
            NaiveDate::from_ymd_opt(spec.last_year, 12, 31),
        ) else {
            return Err(CalendarError::YearOutOfRange {
                year: spec.first_year,
                first: MIN_YEAR,
                last: MAX_YEAR,
            });
        };
        let mut day_set = Vec::new();
        for date in first_date.iter_days().take_while(|d| *d <= last_date) {
            let set = if let Some(&s) = exceptions.get(&date) {
                s
            } else {
                match rules.as_ref().and_then(|r| r.status(date)) {
                    Some(true) => STANDARD,
                    Some(false) => CLOSED,
                    None => date.weekday().num_days_from_monday(),
                }
            };
            day_set.push(set);
        }
        let index = WorkingIndex::build(tz, first_date, day_set.len(), |i| {
            &hour_sets[day_set[i] as usize]
        });
        Ok(Calendar {
            inner: Arc::new(Inner {
                spec,
                tz,
                first_date,
                day_set,
                hour_sets,
                index,
            }),
        })
    }

    /// Reads a calendar source in JSON and compiles it.
    ///
    /// # Errors
    /// [`CalendarError::TooLarge`] over [`MAX_SOURCE_BYTES`], [`CalendarError::Syntax`]
    /// when the text is not JSON of the [`CalendarSpec`] shape, and those of
    /// [`Calendar::new`].
    pub fn from_json(text: &str) -> Result<Calendar, CalendarError> {
        check_size(text)?;
        let spec: CalendarSpec = serde_json::from_str(text).map_err(|e| CalendarError::Syntax {
            format: "json",
            message: e.to_string(),
        })?;
        Calendar::new(spec)
    }

    /// Reads a calendar source in TOML and compiles it.
    ///
    /// # Errors
    /// As [`Calendar::from_json`], with `format` `"toml"`.
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        check_size(text)?;
        let spec: CalendarSpec = toml::from_str(text).map_err(|e| CalendarError::Syntax {
            format: "toml",
            message: e.message().to_owned(),
        })?;
        Calendar::new(spec)
    }

    /// The five-day office calendar of Shymkent's bodies: Asia/Almaty, Monday to Friday
    /// 09:00–18:00 with a 13:00–14:00 break, Kazakhstan's days off, 2015–2035
    /// (`data/calendars/shymkent-office.toml`, id `shymkent-office`).
    pub fn kazakhstan_office() -> Calendar {
        SHYMKENT_OFFICE.clone()
    }

    /// The centre's own calendar, also for emergencies: every second is working time,
    /// no days off, Asia/Almaty, 2000–2099 (`data/calendars/round-the-clock.toml`, id
    /// `round-the-clock`).
    pub fn round_the_clock() -> Calendar {
        ROUND_THE_CLOCK.clone()
    }

    /// A copy of this calendar with more exceptions.
    ///
    /// # Errors
    /// As [`Calendar::new`]; a date given twice is [`CalendarError::DuplicateDate`].
    pub fn with_exceptions(
        &self,
        exceptions: impl IntoIterator<Item = DateException>,
    ) -> Result<Calendar, CalendarError> {
        let mut spec = self.inner.spec.clone();
        spec.exceptions.extend(exceptions);
        Calendar::new(spec)
    }

    /// The calendar's name, as policies and bodies refer to it.
    pub fn id(&self) -> &CalendarId {
        &self.inner.spec.id
    }

    /// The source the calendar was built from.
    pub fn spec(&self) -> &CalendarSpec {
        &self.inner.spec
    }

    /// The calendar's time zone.
    pub fn time_zone(&self) -> Tz {
        self.inner.tz
    }

    /// `at` on the calendar's local clock.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.inner.tz)
    }

    /// The span of time the calendar covers, `[start, end)`: from local midnight on
    /// 1 January of the first year to the local midnight that ends the last year.
    pub fn span(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            utc(self.inner.index.span_start),
            utc(self.inner.index.span_end),
        )
    }

    fn seconds(&self, at: DateTime<Utc>) -> Result<i64, WorkingTimeError> {
        let t = at.timestamp();
        let ix = &self.inner.index;
        if t < ix.span_start || t > ix.span_end {
            return Err(WorkingTimeError::OutOfRange {
                at,
                start: utc(ix.span_start),
                end: utc(ix.span_end),
            });
        }
        Ok(t)
    }

    /// The working hours of a local date, sorted, after exceptions and days off.
    ///
    /// # Errors
    /// [`WorkingTimeError::DateOutOfRange`] outside the calendar's years.
    pub fn hours_on(&self, date: NaiveDate) -> Result<&[Interval], WorkingTimeError> {
        let i = epoch_days(date) - epoch_days(self.inner.first_date);
        usize::try_from(i)
            .ok()
            .and_then(|i| self.inner.day_set.get(i))
            .map(|&s| self.inner.hour_sets[s as usize].as_slice())
            .ok_or(WorkingTimeError::DateOutOfRange { date })
    }

    /// Whether a local date has any working hours.
    ///
    /// # Errors
    /// [`WorkingTimeError::DateOutOfRange`] outside the calendar's years.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, WorkingTimeError> {
        Ok(!self.hours_on(date)?.is_empty())
    }

    /// Whether `at` is working time.
    ///
    /// # Errors
    /// [`WorkingTimeError::OutOfRange`] outside [`Calendar::span`].
    pub fn is_working_time(&self, at: DateTime<Utc>) -> Result<bool, WorkingTimeError> {
        Ok(self.inner.index.is_working(self.seconds(at)?))
    }

    /// `at` itself when it is working time, else the instant working time next begins.
    ///
    /// # Errors
    /// [`WorkingTimeError::OutOfRange`] outside [`Calendar::span`];
    /// [`WorkingTimeError::BeyondRange`] when no working time follows within it.
    pub fn next_working_instant(
        &self,
        at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, WorkingTimeError> {
        let t = self.seconds(at)?;
        self.inner
            .index
            .next_working(t)
            .map(|x| self.inner.index.to_utc(x))
            .ok_or_else(|| self.inner.index.beyond_range())
    }

    /// The earliest instant at or after `start` by which `duration` of working time has
    /// passed since `start`. A zero duration gives `start` itself (in whole seconds).
    ///
    /// # Errors
    /// [`WorkingTimeError::NegativeDuration`], [`WorkingTimeError::OutOfRange`] when
    /// `start` is outside [`Calendar::span`], [`WorkingTimeError::BeyondRange`] when the
    /// answer would be past its end.
    #[inline]
    pub fn add(
        &self,
        start: DateTime<Utc>,
        duration: TimeDelta,
    ) -> Result<DateTime<Utc>, WorkingTimeError> {
        let d = duration.num_seconds();
        if d < 0 {
            return Err(WorkingTimeError::NegativeDuration { seconds: d });
        }
        let t = self.seconds(start)?;
        let ix = &self.inner.index;
        ix.add(t, d).map(|x| ix.to_utc(x))
    }

    /// The working time between two instants; negative when `to` is before `from`.
    ///
    /// # Errors
    /// [`WorkingTimeError::OutOfRange`] when either is outside [`Calendar::span`].
    pub fn elapsed(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<TimeDelta, WorkingTimeError> {
        let (a, b) = (self.seconds(from)?, self.seconds(to)?);
        let ix = &self.inner.index;
        Ok(TimeDelta::seconds(ix.position(b) - ix.position(a)))
    }

    /// The deadline `duration` after `start` (registration).
    ///
    /// Minutes and hours are added as working time ([`Calendar::add`]). Working days end
    /// at the local midnight that closes the last of them; day 1 is chosen by the
    /// [`RegistrationDay`] rule.
    ///
    /// # Errors
    /// [`WorkingTimeError::ZeroWorkingDays`] for zero working days, and those of
    /// [`Calendar::add`].
    #[inline]
    pub fn deadline(
        &self,
        start: DateTime<Utc>,
        duration: WorkingDuration,
    ) -> Result<DateTime<Utc>, WorkingTimeError> {
        let t = self.seconds(start)?;
        let ix = &self.inner.index;
        let end = match duration {
            WorkingDuration::Minutes(m) => ix.add(t, i64::from(m) * 60)?,
            WorkingDuration::Hours(h) => ix.add(t, i64::from(h) * 3600)?,
            WorkingDuration::WorkingDays {
                days,
                registration_day,
            } => ix.working_days(t, days, registration_day)?,
        };
        Ok(ix.to_utc(end))
    }

    /// Shorthand for a deadline of `days` working days.
    ///
    /// # Errors
    /// As [`Calendar::deadline`].
    pub fn add_working_days(
        &self,
        start: DateTime<Utc>,
        days: u32,
        registration_day: RegistrationDay,
    ) -> Result<DateTime<Utc>, WorkingTimeError> {
        self.deadline(
            start,
            WorkingDuration::WorkingDays {
                days,
                registration_day,
            },
        )
    }
}

impl Serialize for Calendar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.inner.spec.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Calendar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spec = CalendarSpec::deserialize(d)?;
        Calendar::new(spec).map_err(serde::de::Error::custom)
    }
}
