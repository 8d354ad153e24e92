//! Working calendars and working-time arithmetic for SLA deadlines.
//!
//! A [`Calendar`] is an IANA time zone, a [`WeeklySchedule`] of working intervals, the
//! days off by law it observes ([`DaysOff`], Kazakhstan's embedded as [`HolidayRules`])
//! and its own [`DateException`]s. Building it precomputes every working interval of its
//! years in UTC seconds with prefix sums, so each question (a deadline, the working time
//! elapsed, the next working instant) is a binary search.
//!
//! An [`SlaBook`] holds the [`Policy`]s (targets, warnings, breach actions) and their
//! calendars; [`SlaClock`] computes an appeal's clocks from its events for any instant.

mod book;
mod calendar;
mod clock;
mod error;
mod holidays;
mod policy;
mod schedule;
mod working_time;

pub use book::{SlaBook, SlaBookSpec};
pub use calendar::{
    Calendar, CalendarSpec, DateException, DaysOff, ExceptionKind, MAX_SOURCE_BYTES,
    MAX_SPAN_YEARS, MAX_YEAR, MIN_YEAR,
};
pub use clock::{SlaClock, Status, Stop, StopReason, TargetClock};
pub use error::{CalendarError, PolicyError, SlaError, WorkingTimeError};
pub use holidays::{
    DatedHoliday, Evidence, FixedHoliday, HolidayDate, HolidayRules, SpecialDay, SpecialDayKind,
    Transfer,
};
pub use policy::{
    BreachAction, MAX_EXTENSION_MONTHS, MAX_TARGET_DAYS, MAX_TARGET_HOURS, MAX_WARNINGS, Policy,
    Target,
};
pub use schedule::{Interval, MAX_INTERVALS_PER_DAY, WeeklySchedule};
pub use working_time::{RegistrationDay, WorkingDuration};
