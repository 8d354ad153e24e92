//! # aryz
//!
//! The core of a citizen-appeal contact centre (Kazakh *арыз*, an appeal):
//! the appeal lifecycle, the category taxonomy, routing to responsible bodies,
//! SLA deadlines in working time on Kazakhstan calendars, statistics and staffing.
//!
//! The crate is pure: no unsafe code, no clock, no I/O beyond the bytes the caller
//! hands in. Every instant is an argument, so every result is reproducible.
//!
//! ## Map
//! - [`Appeal`]: one appeal's lifecycle; [`Command`]s in, [`Event`]s out, [`Appeal::replay`].
//! - [`Desk`]: the registry of appeals, with numbering, idempotent submission and queries.
//! - [`Taxonomy`]: categories and subcategories, labels, suggestions from free text.
//! - Statistics: [`Ledger`] (fed the event log) → [`Statistics`] for a [`Period`] →
//!   [`MonthlyReport`], rendered in Kazakh, Russian or English.
//! - [`Calendar`]: working time on Kazakhstan calendars (days off by law and decree,
//!   time zones), deadlines in working minutes, hours or days.
//! - [`SlaBook`] and [`SlaClock`]: SLA policies as data, and an appeal's clocks (due
//!   instants, elapsed and remaining working time, warnings, breaches) at any instant.
//! - Staffing: [`staff_interval`] (Erlang C), [`erlang_a`], [`capacity_verdict`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod appeal;
mod citizen;
mod code;
mod desk;
mod language;
mod routing;
mod sla;
mod staffing;
mod stats;
mod taxonomy;
mod text;

pub use appeal::{
    Actor, Appeal, Channel, Command, CommandError, CommandKind, CorruptBytes, EVENT_SCHEMA, Event,
    EventKind, FromBytesError, GeoPoint, IdempotencyKey, Intake, InvalidKey, LogRecord,
    MAX_DESCRIPTION_CHARS, MAX_NUMBER_LEN, MAX_SHORT_TEXT_CHARS, NumberError, NumberFormat,
    Outcome, OutcomeKind, Priority, RegistrationNumber, Rejection, ReplayError, Role, Routing,
    State, TRANSITIONS, Transition, mermaid, transition,
};
pub use citizen::{Citizen, CitizenHasher, CitizenKey, PhoneError, PhoneNumber};
pub use code::{
    ActorId, BodyId, CalendarId, CategoryCode, CodeError, DistrictCode, MAX_CODE_LEN, PolicyId,
    RuleId, Tag, validate_code,
};
pub use desk::{Desk, DeskConfig, DeskError, DueEntry, Query, Submission};
pub use language::{Labels, Language};
pub use sla::{
    BreachAction, Calendar, CalendarError, CalendarSpec, DateException, DatedHoliday, DaysOff,
    Evidence, ExceptionKind, FixedHoliday, HolidayDate, HolidayRules, Interval,
    MAX_EXTENSION_MONTHS, MAX_INTERVALS_PER_DAY, MAX_SOURCE_BYTES, MAX_SPAN_YEARS, MAX_TARGET_DAYS,
    MAX_TARGET_HOURS, MAX_WARNINGS, MAX_YEAR, MIN_YEAR, Policy, PolicyError, RegistrationDay,
    SlaBook, SlaBookSpec, SlaClock, SlaError, SpecialDay, SpecialDayKind, Status, Stop, StopReason,
    Target, TargetClock, Transfer, WeeklySchedule, WorkingDuration, WorkingTimeError,
};
pub use staffing::{
    AbandonmentMetrics, CapacityVerdict, DayPlan, DayProfile, HourPlan, IntervalLoad, MAX_AGENTS,
    QueueMetrics, Rotation, Staffing, StaffingError, StaffingField, StaffingTarget,
    capacity_verdict, erlang_a, erlang_b, erlang_c, evaluate, max_calls_per_day,
    max_calls_per_interval, plan_day, staff_interval,
};
pub use stats::{
    AgeBands, AppealRow, AppealTable, Backlog, CalendarDeadlines, CategoryShare, CitizenTally,
    Deadlines, DurationHistogram, Ledger, Load, MAX_PERIOD_DAYS, MonthlyReport, NoDeadlines, Pause,
    Percent, Period, PeriodKind, PolicyDeadlines, ReportConfig, ReportTemplates, ResolutionTimes,
    Share, SlaCounts, SlaSummary, Statistics, StatisticsSpec, StatsError, Tally, format_count,
    format_percent,
};
pub use taxonomy::{
    Category, ClassificationError, DEFAULT_MAX_TAXONOMY_BYTES, Keywords, Suggestion,
    TAXONOMY_SCHEMA, Taxonomy, TaxonomyError, TaxonomyLimits,
};
pub use text::{fold_phrase, fold_words, stem_matches};

pub use routing::{
    Action, Body, BodyKind, Conditions, Contact, ContactChannel, DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_DIRECTORY_BYTES, DEFAULT_MAX_RULE_BYTES, DEFAULT_MAX_RULES, DIRECTORY_SCHEMA,
    Decision, Directory, DirectoryError, DispatchError, District, Explanation, Facts, Failure,
    Field, FoldedText, HitPolicy, MAX_BODIES_PER_ACTION, MAX_SUMMARY_CHARS, Matched, RULES_SCHEMA,
    Repeat, RouteError, Router, Rule, RuleError, RuleLimits, RuleSet, SlaNames, TimeOfDay,
    TimeRange, Tried,
};

/// The README's Rust examples, compiled and run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
