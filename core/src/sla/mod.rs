//! Working calendars and working-time arithmetic for SLA deadlines.
//!
//! A [`Calendar`] is an IANA time zone, a [`WeeklySchedule`] of working intervals, the
//! days off by law it observes ([`DaysOff`], Kazakhstan's embedded as [`HolidayRules`])
//! and its own [`DateException`]s. Building it precomputes every working interval of its
//! years in UTC seconds with prefix sums, so each question (a deadline, the working time
//! elapsed, the next working instant) is a binary search.

mod calendar;
mod error;
mod holidays;
mod schedule;
mod working_time;

pub use calendar::{
    Calendar, CalendarSpec, DateException, DaysOff, ExceptionKind, MAX_SOURCE_BYTES,
    MAX_SPAN_YEARS, MAX_YEAR, MIN_YEAR,
};
pub use error::{CalendarError, WorkingTimeError};
pub use holidays::{
    DatedHoliday, Evidence, FixedHoliday, HolidayDate, HolidayRules, SpecialDay, SpecialDayKind,
    Transfer,
};
pub use schedule::{Interval, MAX_INTERVALS_PER_DAY, WeeklySchedule};
pub use working_time::{RegistrationDay, WorkingDuration};
