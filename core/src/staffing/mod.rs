//! Staffing: how many agents an interval's calls need, by Erlang C.
//!
//! # The model and what it leaves out
//! Calls arrive at random (Poisson) at a steady rate within an interval, handling
//! times are exponential with mean AHT, agents are interchangeable and callers queue
//! first come first served. That is the M/M/N queue behind Erlang C.
//!
//! **Abandonment.** Erlang C assumes no caller hangs up: every offered call waits until
//! answered, so offered = answered and the service level here is "answered within the
//! threshold ÷ offered" with nobody leaving. Real callers do abandon, which shortens
//! the queue for those who stay; Erlang C therefore overstates the wait and the agents
//! needed a little in busy intervals. That errs on the safe side for sizing. Measured
//! figures from the centre should count abandoned calls in the denominator (offered)
//! to be comparable with these.
//!
//! [`erlang_a`] models callers who hang up (Erlang A) and reports the abandonment
//! probability; it is offered alongside, not used by the staffing searches.
//!
//! **Numerics.** Erlang B is computed by the recursion `B₀ = 1`,
//! `Bₙ = A·Bₙ₋₁ / (n + A·Bₙ₋₁)`, which stays within `[0, 1]` at every step: no
//! factorials, no powers, no overflow at thousands of agents. The cost is linear in
//! the number of agents.

mod abandonment;
mod capacity;
mod day;
mod erlang;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use abandonment::{AbandonmentMetrics, erlang_a};
pub use capacity::{CapacityVerdict, Rotation, capacity_verdict};
pub use day::{DayPlan, DayProfile, HourPlan, max_calls_per_day, plan_day};
pub use erlang::{
    MAX_AGENTS, QueueMetrics, Staffing, erlang_b, erlang_c, evaluate, max_calls_per_interval,
    staff_interval,
};

/// The input a [`StaffingError::InvalidInput`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StaffingField {
    /// Calls offered in an interval ([`IntervalLoad::calls`]).
    Calls,
    /// Calls offered in a day.
    CallsPerDay,
    /// Length of the interval ([`IntervalLoad::interval_secs`]).
    IntervalSecs,
    /// Average handling time ([`IntervalLoad::aht_secs`]).
    AhtSecs,
    /// Offered traffic in erlangs (an argument of [`erlang_b`] or [`erlang_c`]).
    Traffic,
    /// Service-level target ([`StaffingTarget::service_level`]).
    ServiceLevel,
    /// Answer threshold ([`StaffingTarget::answer_within_secs`]).
    AnswerWithinSecs,
    /// Occupancy cap ([`StaffingTarget::max_occupancy`]).
    MaxOccupancy,
    /// Shrinkage ([`StaffingTarget::shrinkage`]).
    Shrinkage,
    /// Staff on a rotation ([`Rotation::staff`]).
    Staff,
    /// Contract hours a week ([`Rotation::hours_per_week`]).
    HoursPerWeek,
    /// An hourly weight of a [`DayProfile`].
    ProfileWeight,
    /// Mean caller patience (an argument of [`erlang_a`]).
    PatienceSecs,
}

impl StaffingField {
    /// The field's name as written in records and data files.
    pub fn name(self) -> &'static str {
        match self {
            StaffingField::Calls => "calls",
            StaffingField::CallsPerDay => "calls_per_day",
            StaffingField::IntervalSecs => "interval_secs",
            StaffingField::AhtSecs => "aht_secs",
            StaffingField::Traffic => "traffic",
            StaffingField::ServiceLevel => "service_level",
            StaffingField::AnswerWithinSecs => "answer_within_secs",
            StaffingField::MaxOccupancy => "max_occupancy",
            StaffingField::Shrinkage => "shrinkage",
            StaffingField::Staff => "staff",
            StaffingField::HoursPerWeek => "hours_per_week",
            StaffingField::ProfileWeight => "weights",
            StaffingField::PatienceSecs => "patience_secs",
        }
    }
}

impl fmt::Display for StaffingField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a staffing computation has no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StaffingError {
    /// An input is out of its range or not a number.
    #[error("{field} is {value}, it must be {expected}")]
    InvalidInput {
        /// The input at fault.
        field: StaffingField,
        /// The value given.
        value: f64,
        /// The range it must lie in, in words.
        expected: &'static str,
    },
    /// The agents cannot keep up: with `agents ≤ traffic` the queue grows without
    /// bound, so the wait is infinite and the service level zero.
    #[error("{agents} agents cannot carry {traffic} erlangs: the wait grows without bound")]
    Overloaded {
        /// Agents answering calls.
        agents: u32,
        /// Offered traffic in erlangs.
        traffic: f64,
    },
    /// The load needs more than [`MAX_AGENTS`] agents.
    #[error("{traffic} erlangs need more than {MAX_AGENTS} agents")]
    TooManyAgents {
        /// Offered traffic in erlangs.
        traffic: f64,
    },
    /// Erlang A's queue distribution did not converge within its term limit
    /// (a huge overload with near-infinite patience).
    #[error("queue of {traffic} erlangs on {agents} agents is too long to sum")]
    QueueTooLong {
        /// Agents answering calls.
        agents: u32,
        /// Offered traffic in erlangs.
        traffic: f64,
    },
    /// A day profile in TOML could not be read.
    #[error("day profile is not valid toml: {message}")]
    ProfileSyntax {
        /// The parser's message.
        message: String,
    },
    /// A day profile does not have one weight per hour.
    #[error("day profile has {len} weights, it must have 24")]
    ProfileLength {
        /// The number of weights given.
        len: usize,
    },
    /// A day profile's weights are all zero.
    #[error("day profile weights are all zero")]
    ProfileEmpty,
}

impl StaffingError {
    #[cold]
    pub(crate) fn invalid(field: StaffingField, value: f64, expected: &'static str) -> Self {
        StaffingError::InvalidInput {
            field,
            value,
            expected,
        }
    }
}

/// The calls offered in one interval and how long they take.
///
/// Fields are public so the record can be built literally and read from data;
/// every function that takes one checks it first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IntervalLoad {
    /// Calls offered in the interval; fractional values are forecasts. At least 0.
    pub calls: f64,
    /// Length of the interval in seconds, e.g. 1800 for half an hour. Above 0.
    pub interval_secs: f64,
    /// Average handling time in seconds: talk, hold and after-call work. Above 0.
    pub aht_secs: f64,
}

impl IntervalLoad {
    /// Offered traffic in erlangs, `A = λ·AHT = calls · AHT / interval`.
    ///
    /// # Errors
    /// [`StaffingError::InvalidInput`] naming the field when the load is invalid
    /// (see [`IntervalLoad::validate`]).
    ///
    /// # Example
    /// ```
    /// use aryz::IntervalLoad;
    /// let load = IntervalLoad { calls: 100.0, interval_secs: 1800.0, aht_secs: 180.0 };
    /// assert_eq!(load.traffic()?, 10.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn traffic(&self) -> Result<f64, StaffingError> {
        self.validate()?;
        Ok(self.calls * self.aht_secs / self.interval_secs)
    }

    /// Checks every field: calls finite and ≥ 0, interval and AHT finite and > 0.
    ///
    /// # Errors
    /// [`StaffingError::InvalidInput`] naming the first field at fault.
    ///
    /// # Example
    /// ```
    /// use aryz::{IntervalLoad, StaffingError, StaffingField};
    /// let load = IntervalLoad { calls: 10.0, interval_secs: 0.0, aht_secs: 180.0 };
    /// assert!(matches!(
    ///     load.validate(),
    ///     Err(StaffingError::InvalidInput { field: StaffingField::IntervalSecs, .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), StaffingError> {
        non_negative(StaffingField::Calls, self.calls)?;
        positive(StaffingField::IntervalSecs, self.interval_secs)?;
        positive(StaffingField::AhtSecs, self.aht_secs)?;
        Ok(())
    }
}

/// What an interval's staffing must achieve, and the shrinkage to staff for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StaffingTarget {
    /// Share of offered calls to answer within [`answer_within_secs`](Self::answer_within_secs),
    /// e.g. 0.8. In (0, 1).
    pub service_level: f64,
    /// The answer threshold in seconds, e.g. 20. Finite and ≥ 0.
    pub answer_within_secs: f64,
    /// The highest acceptable occupancy (busy time ÷ logged-in time), e.g. 0.85. In (0, 1].
    pub max_occupancy: f64,
    /// Share of paid time not available for calls (breaks, training, absence), e.g. 0.3.
    /// In [0, 1).
    pub shrinkage: f64,
}

impl StaffingTarget {
    /// The industry's common target: 80% of calls answered within 20 s, occupancy at
    /// most 0.85, shrinkage 0.3. These are defaults, not the centre's contract.
    pub const COMMON: StaffingTarget = StaffingTarget {
        service_level: 0.8,
        answer_within_secs: 20.0,
        max_occupancy: 0.85,
        shrinkage: 0.3,
    };

    /// Checks every field against its range.
    ///
    /// # Errors
    /// [`StaffingError::InvalidInput`] naming the first field at fault.
    ///
    /// # Example
    /// ```
    /// use aryz::{StaffingError, StaffingField, StaffingTarget};
    /// let target = StaffingTarget { shrinkage: 1.0, ..StaffingTarget::COMMON };
    /// assert!(matches!(
    ///     target.validate(),
    ///     Err(StaffingError::InvalidInput { field: StaffingField::Shrinkage, .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), StaffingError> {
        let sl = self.service_level;
        if !(sl > 0.0 && sl < 1.0) {
            return Err(StaffingError::invalid(
                StaffingField::ServiceLevel,
                sl,
                "between 0 and 1, both excluded",
            ));
        }
        non_negative(StaffingField::AnswerWithinSecs, self.answer_within_secs)?;
        let occ = self.max_occupancy;
        if !(occ > 0.0 && occ <= 1.0) {
            return Err(StaffingError::invalid(
                StaffingField::MaxOccupancy,
                occ,
                "above 0 and at most 1",
            ));
        }
        let s = self.shrinkage;
        if !(0.0..1.0).contains(&s) {
            return Err(StaffingError::invalid(
                StaffingField::Shrinkage,
                s,
                "at least 0 and below 1",
            ));
        }
        Ok(())
    }

    /// Whether queue metrics meet this target: service level at least the target and
    /// occupancy at most the cap (both with a relative slack of 1e-12, so that a target
    /// hit exactly is not lost to rounding). The one predicate every search here uses.
    pub fn is_met_by(&self, metrics: &QueueMetrics) -> bool {
        metrics.service_level >= self.service_level - 1e-12
            && metrics.occupancy <= self.max_occupancy * (1.0 + 1e-12)
    }

    /// Staff to roster so that `raw` agents are on the phones after shrinkage:
    /// `ceil(raw / (1 − shrinkage))`. A quotient within 1e-9 (relative) of a whole
    /// number counts as that number, so that 14 / 0.7 is 20, not 21.
    ///
    /// Does not check the target; an invalid shrinkage gives a meaningless count.
    ///
    /// # Example
    /// ```
    /// use aryz::StaffingTarget;
    /// assert_eq!(StaffingTarget::COMMON.rostered(14), 20);
    /// assert_eq!(StaffingTarget::COMMON.rostered(15), 22);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rostered(&self, raw: u32) -> u32 {
        let x = f64::from(raw) / (1.0 - self.shrinkage);
        let near = x.round();
        let n = if (x - near).abs() <= 1e-9 * x.max(1.0) {
            near
        } else {
            x.ceil()
        };
        // Saturating: an absurd shrinkage cannot wrap the count.
        if n >= f64::from(u32::MAX) {
            u32::MAX
        } else {
            n as u32
        }
    }

    /// The most agents on the phones that `rostered` staff on duty give after
    /// shrinkage: the largest `raw` with [`rostered(raw)`](Self::rostered) ≤ `rostered`.
    pub fn productive(&self, rostered: u32) -> u32 {
        let mut raw = (f64::from(rostered) * (1.0 - self.shrinkage)).floor() as u32;
        while raw > 0 && self.rostered(raw) > rostered {
            raw -= 1;
        }
        while raw < rostered && self.rostered(raw + 1) <= rostered {
            raw += 1;
        }
        raw
    }
}

pub(crate) fn positive(field: StaffingField, v: f64) -> Result<(), StaffingError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(StaffingError::invalid(field, v, "a finite number above 0"))
    }
}

pub(crate) fn non_negative(field: StaffingField, v: f64) -> Result<(), StaffingError> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(StaffingError::invalid(
            field,
            v,
            "a finite number at least 0",
        ))
    }
}
