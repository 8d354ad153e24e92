//! # aryz
//!
//! The core of a citizen-appeal contact centre (Kazakh *арыз*, an appeal):
//! the appeal lifecycle, the category taxonomy, routing to responsible bodies,
//! SLA deadlines in working time on Kazakhstan calendars, and statistics.
//!
//! The crate is pure: no unsafe code, no clock, no I/O beyond the bytes the caller
//! hands in. Every instant is an argument, so every result is reproducible.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod code;
mod language;
mod sla;

pub use code::CalendarId;
pub use code::{
    BodyId, CategoryCode, CodeError, DistrictCode, MAX_CODE_LEN, PolicyId, RuleId, Tag,
    validate_code,
};
pub use language::{Labels, Language};
pub use sla::{
    Calendar, CalendarError, CalendarSpec, DateException, DatedHoliday, DaysOff, Evidence,
    ExceptionKind, FixedHoliday, HolidayDate, HolidayRules, Interval, MAX_INTERVALS_PER_DAY,
    MAX_SOURCE_BYTES, MAX_SPAN_YEARS, MAX_YEAR, MIN_YEAR, RegistrationDay, SpecialDay,
    SpecialDayKind, Transfer, WeeklySchedule, WorkingDuration, WorkingTimeError,
};
