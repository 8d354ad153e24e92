//! Why a calendar cannot be built, and why a working-time question has no answer.

use chrono::{DateTime, NaiveDate, Utc};

use super::schedule::{Interval, MAX_INTERVALS_PER_DAY};

/// Why a calendar, or the days-off rules it uses, cannot be built from its source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The time zone is not an IANA name known to the embedded tz database.
    #[error("unknown time zone {name:?}")]
    UnknownTimeZone {
        /// The name given, cut to 64 characters.
        name: String,
    },
    /// An interval is not written `HH:MM-HH:MM`.
    #[error("malformed interval {text:?}, expected HH:MM-HH:MM")]
    MalformedInterval {
        /// The text given, cut to 64 characters.
        text: String,
    },
    /// An interval ends before it starts, is empty, or lies past 24:00.
    #[error("bad interval {interval}: {reason}")]
    BadInterval {
        /// The interval as written.
        interval: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Two intervals of one day overlap.
    #[error("intervals {first} and {second} overlap")]
    OverlappingIntervals {
        /// The earlier interval.
        first: Interval,
        /// The interval that starts inside it.
        second: Interval,
    },
    /// One day holds more intervals than allowed.
    #[error("a day holds {count} intervals, the limit is {MAX_INTERVALS_PER_DAY}")]
    TooManyIntervals {
        /// How many it holds.
        count: usize,
    },
    /// A year, or a range of years, is outside what is supported or covered.
    #[error("year {year} is out of range {first}..={last}")]
    YearOutOfRange {
        /// The offending year.
        year: i32,
        /// The first year allowed.
        first: i32,
        /// The last year allowed.
        last: i32,
    },
    /// A date lies outside the calendar's or the rules' years.
    #[error("date {date} is out of range {first}..={last}")]
    DateOutOfRange {
        /// The offending date.
        date: NaiveDate,
        /// The first year allowed.
        first: i32,
        /// The last year allowed.
        last: i32,
    },
    /// A month and day that name no date (or 29 February for a yearly holiday).
    #[error("bad date: month {month}, day {day}")]
    BadDate {
        /// The month given.
        month: u32,
        /// The day given.
        day: u32,
    },
    /// Two exceptions, or two transfers, name the same date.
    #[error("date {date} is given twice")]
    DuplicateDate {
        /// The date.
        date: NaiveDate,
    },
    /// An exception contradicts itself.
    #[error("exception on {date}: {reason}")]
    BadException {
        /// Its date.
        date: NaiveDate,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A holiday with a date per year has no date for a year the rules cover.
    #[error("holiday {name:?} has no date in {year}")]
    MissingHolidayDate {
        /// The holiday.
        name: String,
        /// The year without a date.
        year: i32,
    },
    /// A holiday with a date per year has two dates in one year.
    #[error("holiday {name:?} has two dates in {year}")]
    TwoHolidayDates {
        /// The holiday.
        name: String,
        /// The year.
        year: i32,
    },
    /// A transfer names neither a day off nor a working day.
    #[error("transfer {index} names neither a day off nor a working day")]
    EmptyTransfer {
        /// Its position in the list, from 0.
        index: usize,
    },
    /// The source text is larger than allowed.
    #[error("source is {len} bytes long, the limit is {limit}")]
    TooLarge {
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The source is not well-formed JSON or TOML, or does not have the calendar's shape.
    #[error("malformed {format} source: {message}")]
    Syntax {
        /// `"json"` or `"toml"`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
}

/// Why a working-time question about a calendar has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WorkingTimeError {
    /// An instant lies outside the span the calendar covers.
    #[error("instant {at} is outside the calendar's span {start} to {end}")]
    OutOfRange {
        /// The instant asked about.
        at: DateTime<Utc>,
        /// The first instant covered.
        start: DateTime<Utc>,
        /// The end of the span (exclusive).
        end: DateTime<Utc>,
    },
    /// The answer would lie past the end of the calendar's span.
    #[error("the answer lies past the end of the calendar's span at {end}")]
    BeyondRange {
        /// The end of the span (exclusive).
        end: DateTime<Utc>,
    },
    /// A duration to add is negative.
    #[error("working duration is negative: {seconds} s")]
    NegativeDuration {
        /// The duration in seconds.
        seconds: i64,
    },
    /// A deadline of zero working days was asked for; day 1 is the first that counts.
    #[error("a deadline of zero working days")]
    ZeroWorkingDays,
    /// A date lies outside the calendar's years.
    #[error("date {date} is outside the calendar's years")]
    DateOutOfRange {
        /// The date asked about.
        date: NaiveDate,
    },
}

/// Why a set of SLA policies cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The source text is larger than allowed.
    #[error("policy source is {len} bytes long, the limit is {limit}")]
    TooLarge {
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The source is not well-formed JSON or TOML, or does not have the book's shape.
    #[error("malformed {format} policy source: {message}")]
    Syntax {
        /// `"json"` or `"toml"`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The book holds no policy.
    #[error("the policy book holds no policy")]
    Empty,
    /// Two policies have the same name.
    #[error("policy {policy} is defined twice")]
    DuplicatePolicy {
        /// The name.
        policy: String,
    },
    /// Two calendars given to the book have the same id.
    #[error("calendar {calendar} is given twice")]
    DuplicateCalendar {
        /// The id.
        calendar: String,
    },
    /// A policy names a calendar the book was not given.
    #[error("policy {policy} names unknown calendar {calendar}")]
    UnknownCalendar {
        /// The policy.
        policy: String,
        /// The calendar named.
        calendar: String,
    },
    /// A policy, or the book's default, names a policy that is not in the book.
    #[error("{referenced_by} names unknown policy {policy}")]
    UnknownPolicy {
        /// The policy named.
        policy: String,
        /// Who names it: `default_policy` or `policy <id> on_return`.
        referenced_by: String,
    },
    /// A target of zero.
    #[error("policy {policy}: {target} target is zero")]
    ZeroTarget {
        /// The policy.
        policy: String,
        /// `first_response` or `resolution`.
        target: &'static str,
    },
    /// A target too long to be meant (more than a year).
    #[error("policy {policy}: {target} target {value} is over the limit {limit}")]
    AbsurdTarget {
        /// The policy.
        policy: String,
        /// `first_response` or `resolution`.
        target: &'static str,
        /// The value given, in the target's unit.
        value: u32,
        /// The limit in the same unit.
        limit: u32,
    },
    /// Warning thresholds that are not increasing fractions in (0, 1).
    #[error("policy {policy}: bad warning thresholds: {reason}")]
    BadWarnings {
        /// The policy.
        policy: String,
        /// What is wrong with them.
        reason: &'static str,
    },
    /// An extension limit of zero or more than a year.
    #[error("policy {policy}: extension of {months} months is out of range 1..=12")]
    BadExtension {
        /// The policy.
        policy: String,
        /// The months given.
        months: u32,
    },
    /// A pause state that is not an open state, or is listed twice.
    #[error("policy {policy}: cannot pause in state {state}")]
    BadPauseState {
        /// The policy.
        policy: String,
        /// The state.
        state: crate::State,
    },
}

/// Why an appeal's SLA clock cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlaError {
    /// The appeal was not registered by the instant asked about: no clock runs yet.
    #[error("the appeal is not registered at that instant")]
    NotRegistered,
    /// The appeal's policy is not in the book.
    #[error("unknown sla policy {policy}")]
    UnknownPolicy {
        /// The policy named.
        policy: String,
    },
    /// An event cannot follow the state before it (the history does not replay).
    #[error("event {seq} ({event}) cannot follow the state before it")]
    BadHistory {
        /// The event's position.
        seq: usize,
        /// Its name.
        event: &'static str,
    },
    /// A working-time question outside a calendar's span.
    #[error(transparent)]
    WorkingTime(#[from] WorkingTimeError),
}
