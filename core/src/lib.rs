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
mod staffing;

pub use code::{
    BodyId, CategoryCode, CodeError, DistrictCode, MAX_CODE_LEN, PolicyId, RuleId, Tag,
    validate_code,
};
pub use language::{Labels, Language};
pub use staffing::{
    AbandonmentMetrics, CapacityVerdict, DayPlan, DayProfile, HourPlan, IntervalLoad, MAX_AGENTS,
    QueueMetrics, Rotation, Staffing, StaffingError, StaffingField, StaffingTarget,
    capacity_verdict, erlang_a, erlang_b, erlang_c, evaluate, max_calls_per_day,
    max_calls_per_interval, plan_day, staff_interval,
};
