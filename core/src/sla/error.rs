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
