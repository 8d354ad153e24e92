//! Statistics over the event log, and the centre's monthly report.
//!
//! Three layers, each plain and mergeable:
//!
//! 1. [`Ledger`]: fed [`LogRecord`](crate::LogRecord) by record (as the desk runs, from
//!    [`Desk::log_since`](crate::Desk::log_since)), it keeps one row of facts per appeal in
//!    an [`AppealTable`] (struct of arrays, small integer codes). Every fact is a
//!    last-writer-wins register ordered by the event's position in its appeal's history,
//!    so [`Ledger::merge`] is commutative, associative and idempotent: ledgers fed any
//!    split of a log merge into the ledger of the whole log, and a record fed twice
//!    changes nothing.
//! 2. [`Statistics`]: the figures for a [`Period`] of local dates, computed from an
//!    [`AppealTable`] in one tight columnar pass ([`Statistics::compute`]). Counts add
//!    and histograms add, so [`Statistics::merge`] of shards (per district, per day, per
//!    anything that splits the appeals) equals the statistics of their union.
//! 3. [`MonthlyReport`]: the figures the centre publishes, derived from [`Statistics`],
//!    as a serde value and as text in Kazakh, Russian and English
//!    ([`MonthlyReport::render`]), from templates kept as data (`core/data/report.toml`).
//!
//! # What each figure counts
//!
//! All figures are about a **cohort**: the appeals *registered* in the period (local
//! dates in the statistics' time zone, Asia/Almaty by default), in the state the table
//! holds them in. Feed the ledger up to the instant the figures should describe, and pass
//! that instant as `as_of` (time is an argument; nothing reads the clock).
//!
//! - **considered**: appeals registered in the period (an appeal without a `registered`
//!   event is not counted anywhere).
//! - **by channel, category, district, body, state, outcome**: the appeal's current value
//!   (category: the last `drafted`/`edited`/`classified`; body: the lead body of the last
//!   `routed`, none after `returned`; outcome: the current decision, none while open).
//!   Each tally's `unknown` holds the appeals without a value, so every tally sums to
//!   *considered*.
//! - **decided** (the report's *fulfilled*, the centre's «исполнено»): the appeal has a
//!   current decision of any outcome (`resolved`, `resolved on first contact`,
//!   `marked duplicate`, `withdrawn`; `closed` keeps it), i.e. its state is
//!   resolved-on-first-contact, resolved or closed. This is the centre's "93.5% fulfilled,
//!   the rest still with the bodies": an appeal is either answered or still being worked
//!   on. *Satisfied* (outcome fulfilled or partly fulfilled) is reported apart.
//! - **with bodies**: state routed, in progress or awaiting the citizen.
//! - **with the centre**: the other open states (registered, returned, reopened).
//!   *decided + with bodies + with the centre = considered*.
//! - **first contact** (the report's *settled in one call*): decided, and the current
//!   decision was made by `resolve on first contact` (a reopen clears it).
//! - **by phone / social / other**: channel phone; channel WhatsApp, Instagram, Facebook or
//!   Telegram ([`Channel::is_social`](crate::Channel::is_social)); any other channel or
//!   unknown. They add up to *considered*.
//! - **SLA** (per appeal, with the due instant the caller's [`Deadlines`] gave):
//!   *on time*: decided at or before due; *late*: decided after due; *breached*: open and
//!   `as_of` is after due; *open in time*: open and not yet due; *no deadline*: no due
//!   instant. The five add up to *considered*; *compliance* = on time ÷ (on time + late +
//!   breached). Kept in total, per lead body and per category.
//! - **resolution time**: decided appeals only, from registration to the current
//!   decision; calendar seconds, and working seconds when the [`Deadlines`] hook measures
//!   them. Median, p90, p99 by nearest rank: the smallest value v with at least
//!   ⌈p·n⌉ values ≤ v. Exact below 2,048 s; above, the reported value r satisfies
//!   r ≤ v < r·(1 + 2⁻¹⁰), a relative error under 0.1% ([`DurationHistogram`]).
//! - **backlog**: the open appeals of the cohort, with their age at `as_of` in bands
//!   (under 1 day, 1–3, 3–7, 7–15, 15–30, 30 days and more) and as a histogram.
//! - **reopened**: appeals of the cohort reopened at least once; *reopen events* counts
//!   every reopen.
//! - **repeated**: appeals the desk flagged repeated (same citizen, same category within
//!   its window). **Repeat appellants** ([`CitizenTally`], optional because it is the one
//!   figure that needs every citizen key): distinct citizens with two or more appeals in
//!   the period, by the PII-free [`CitizenKey`](crate::CitizenKey).
//! - **load**: appeals registered per local date and hour (wall clock), all channels;
//!   compared with the capacity in [`ReportConfig`] (3,000 a day, 5,000 on demand, and a
//!   24th of those per hour).
//! - **percentages**: `part ÷ whole × 100`, rounded half away from zero to one decimal,
//!   in integer arithmetic ([`Percent`]); 0% when the whole is 0.

mod format;
mod ledger;
mod period;
mod report;
mod sketch;
mod summary;
mod table;

pub use format::{ReportTemplates, format_count, format_percent};
pub use ledger::{CalendarDeadlines, Deadlines, Ledger, NoDeadlines, PolicyDeadlines};
pub use period::{MAX_PERIOD_DAYS, Period, PeriodKind};
pub use report::{
    Backlog, CategoryShare, Load, MonthlyReport, Percent, ReportConfig, ResolutionTimes, Share,
    SlaSummary,
};
pub use sketch::DurationHistogram;
pub use summary::{AgeBands, CitizenTally, SlaCounts, Statistics, StatisticsSpec, Tally};
pub use table::{AppealRow, AppealTable, Pause};

use chrono::{DateTime, NaiveDate, Utc};

use crate::language::Language;

/// Why statistics could not be fed, computed, merged or rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StatsError {
    /// A log record has a schema version this crate does not read.
    #[error("log record of {number} has schema {found}; statistics read schema {expected}")]
    UnsupportedSchema {
        /// The appeal.
        number: String,
        /// The version found.
        found: u32,
        /// The version read.
        expected: u32,
    },
    /// A period's first day is after its last.
    #[error("period starts on {first}, after its last day {last}")]
    EmptyPeriod {
        /// The first day.
        first: NaiveDate,
        /// The last day.
        last: NaiveDate,
    },
    /// A period is longer than [`MAX_PERIOD_DAYS`].
    #[error("period of {days} days is longer than the limit of {MAX_PERIOD_DAYS} days")]
    PeriodTooLong {
        /// Its length in days.
        days: i64,
    },
    /// A year and month that name no calendar month.
    #[error("{year}-{month} is not a calendar month")]
    BadMonth {
        /// The year.
        year: i32,
        /// The month asked for.
        month: u32,
    },
    /// A column has more distinct codes than its integer code can hold.
    #[error("too many distinct {column} codes: the limit is {limit}")]
    TooManyCodes {
        /// The column.
        column: &'static str,
        /// How many it holds.
        limit: usize,
    },
    /// Statistics describing different instants cannot be merged.
    #[error("cannot merge statistics as of {left} with statistics as of {right}")]
    AsOfMismatch {
        /// This side's instant.
        left: DateTime<Utc>,
        /// The other side's instant.
        right: DateTime<Utc>,
    },
    /// Statistics computed with different time zones cannot be merged.
    #[error("cannot merge statistics in time zone {left} with statistics in {right}")]
    TimeZoneMismatch {
        /// This side's zone.
        left: String,
        /// The other side's zone.
        right: String,
    },
    /// One side has the citizen tally and the other has not.
    #[error("cannot merge statistics with a citizen tally with statistics without one")]
    CitizenTallyMismatch,
    /// A report template is malformed or names an unknown placeholder.
    #[error("report template {language}.{key} is invalid: {problem}")]
    Template {
        /// The language section.
        language: Language,
        /// The template's key.
        key: String,
        /// What is wrong.
        problem: String,
    },
    /// The report templates are not valid TOML of the expected shape.
    #[error("report templates do not parse: {message}")]
    TemplateSyntax {
        /// The parser's message.
        message: String,
    },
}

#[cfg(test)]
mod tests;
