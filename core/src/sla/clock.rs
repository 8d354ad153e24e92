//! The SLA clock of one appeal, computed from its events for any instant.
//!
//! # Rules
//! - **Cycles.** A cycle starts at registration and again at each reopening. A
//!   reopened appeal starts a new cycle with the full targets from the reopening (a
//!   dispute of an answer is a new matter under the APPK); earlier cycles stay in the
//!   history and are not reported here.
//! - **Running and pausing.** A cycle's clocks run while the appeal is in an open state
//!   not listed in the policy's `pause_in` (by default: every open state but awaiting
//!   the citizen), and only during the policy calendar's working time. Pauses are spans
//!   of the history, so an appeal registered straight into a paused state, or paused
//!   several times, counts exactly the working time it spent running.
//! - **First response** is met when a body accepts the appeal, or it is resolved (on the
//!   first contact or otherwise). Routing is delivery, not a response, and a return
//!   does not meet it: the citizen still has no one working on the matter.
//! - **Resolution** is met when the appeal is resolved. Marking it a duplicate or its
//!   withdrawal cancels every clock of the cycle.
//! - **Returned** (outside the body's competence): the resolution clock keeps running
//!   from registration — the citizen's 15 working days do not restart — and a
//!   [`Target::Forward`] clock starts on the policy named by `on_return`
//!   (`appk-forward`: 3 working days), met when the appeal is routed again.
//!   Re-routing an appeal that is with a body (forwarding within the network) changes
//!   no clock; resolving it as [`Outcome::Forwarded`](crate::Outcome::Forwarded) meets
//!   the resolution.
//! - **Extension** (APPK Art. 76): when the policy allows extensions, an extension to
//!   at most `extension_months` after registration replaces the resolution due instant
//!   of the cycle it was made in with `until`. It is a dated decision told to the
//!   citizen, so later pauses do not move it. Under a policy that allows none (the 24/7
//!   ones) an extension changes no clock.
//! - **Policy change.** The policy in force at the instant asked about applies to the
//!   whole history: elapsed time is recomputed on its calendar from the same events,
//!   pauses kept. Nothing spent or paused is lost, and a target is never restarted.
//!   An appeal that names no policy yet (before routing) is on the book's default.
//! - **Due instant.** A target's working time (its *budget*) is fixed at the start: for
//!   hours and minutes the duration itself, for working days the working time from the
//!   start to the deadline [`Calendar::deadline`] gives. The due instant is where the
//!   running time reaches the budget; for working days it is the end of that local day
//!   (so with no pause it is exactly the legal deadline, 23:59:59 shown). While paused
//!   with budget left, the due instant is unknown (`None`): it moves with the pause.
//! - **Status** at any instant: breached from the due instant on; otherwise in warning
//!   at the highest threshold the elapsed fraction has reached; otherwise on track. A
//!   stopped target keeps the status it had when it stopped. Between two events the
//!   status only moves forward.

use chrono::{DateTime, Months, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::book::SlaBook;
use super::calendar::Calendar;
use super::error::SlaError;
use super::policy::{BreachAction, Policy, Target};
use super::working_time::{RegistrationDay, WorkingDuration};
use crate::appeal::{Appeal, Event, EventKind, State, command_of, transition};
use crate::{CalendarId, PolicyId};

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Below the first warning threshold.
    OnTrack,
    /// At or past a warning threshold, not yet due.
    Warning {
        /// Which threshold, from 1 (the policy's first).
        level: u8,
        /// The threshold, a fraction of the target.
        threshold: f64,
    },
    /// At or past the due instant.
    Breached,
}

impl Status {
    /// A rank that orders statuses: 0 on track, the warning level, then 255 breached.
    pub fn rank(&self) -> u8 {
        match self {
            Status::OnTrack => 0,
            Status::Warning { level, .. } => *level,
            Status::Breached => u8::MAX,
        }
    }

    /// Whether this is [`Status::Breached`].
    pub fn is_breached(&self) -> bool {
        matches!(self, Status::Breached)
    }
}

/// Why a target's clock stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StopReason {
    /// The target was met (accepted, resolved, routed again).
    Met,
    /// The appeal ended without a decision (duplicate, withdrawn).
    Cancelled,
}

/// When and why a target's clock stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stop {
    /// The instant of the event that stopped it.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: StopReason,
}

/// One target's clock at an instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TargetClock {
    /// Which target.
    pub target: Target,
    /// The policy whose target this is (for [`Target::Forward`], the `on_return` one).
    pub policy: PolicyId,
    /// The calendar it is measured on.
    pub calendar: CalendarId,
    /// When it started (the cycle's start, or the return).
    pub started_at: DateTime<Utc>,
    /// When it falls due; `None` while paused with time left (the instant moves). For a
    /// target met in time, the instant it would have fallen due had it kept running.
    pub due: Option<DateTime<Utc>>,
    /// Working seconds it has run.
    pub elapsed_seconds: i64,
    /// Working seconds left before it is due (0 once past).
    pub remaining_seconds: i64,
    /// `elapsed / (elapsed + remaining)`: the share of the target used.
    pub fraction: f64,
    /// Whether it is paused (not stopped and not running).
    pub paused: bool,
    /// Whether an extension replaced its due instant.
    pub extended: bool,
    /// When and why it stopped, if it did.
    pub stopped: Option<Stop>,
    /// Where it stands (frozen at the stop, if stopped).
    pub status: Status,
    /// Whether a breach has been answered: an escalation was recorded at or after the
    /// due instant.
    pub escalated: bool,
}

impl TargetClock {
    /// The working time it has run.
    pub fn elapsed(&self) -> TimeDelta {
        TimeDelta::seconds(self.elapsed_seconds)
    }

    /// The working time left before it is due.
    pub fn remaining(&self) -> TimeDelta {
        TimeDelta::seconds(self.remaining_seconds)
    }

    /// Whether it is still counting (not stopped).
    pub fn is_pending(&self) -> bool {
        self.stopped.is_none()
    }
}

/// An appeal's SLA clocks at one instant: pure over its history, the [`SlaBook`] and
/// the instant, so it can be asked for any instant, not only when something happens.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let book = SlaBook::kazakhstan();
/// let op = Actor::new(Role::Operator, ActorId::new("op-7")?);
/// // Friday 20 March 2026, 10:00 in Shymkent (UTC+5); Nauryz days off follow.
/// let at = Utc.with_ymd_and_hms(2026, 3, 20, 5, 0, 0).unwrap();
/// let mut a = Appeal::draft(IdempotencyKey::new("k-1")?,
///     Intake::new(Channel::Phone, "Нет воды", Language::Ru), &op, at)?;
/// a.execute(Command::Register { number: RegistrationNumber::new("SHY-2026-000001")?,
///     citizen: None, repeated: false }, &op, at)?;
/// let clock = SlaClock::compute(&a, &book, at)?;
/// assert_eq!(clock.policy.as_str(), "appk-standard");
/// // Day 1 is 20 March; 21-25 March are off (Nauryz, two days moved from the weekend);
/// // day 15 is Tuesday 14 April, due at its end (15 April 00:00 local).
/// let due = clock.resolution.due.unwrap();
/// assert_eq!(due, Utc.with_ymd_and_hms(2026, 4, 14, 19, 0, 0).unwrap());
/// assert_eq!(clock.resolution.status, Status::OnTrack);
/// let later = SlaClock::compute(&a, &book, due)?;
/// assert!(later.resolution.status.is_breached());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SlaClock {
    /// The instant asked about.
    pub at: DateTime<Utc>,
    /// The policy in force at that instant.
    pub policy: PolicyId,
    /// The cycle, 0 for the first, one more per reopening.
    pub cycle: u16,
    /// When the cycle started (registration or the last reopening).
    pub cycle_start: DateTime<Utc>,
    /// The first-response clock, when the policy measures one.
    pub first_response: Option<TargetClock>,
    /// The resolution clock.
    pub resolution: TargetClock,
    /// The forwarding clock of the cycle's last return, when there was one and the
    /// policy names an `on_return` policy.
    pub forward: Option<TargetClock>,
    /// What a breach of the policy calls for.
    pub on_breach: BreachAction,
}

impl SlaClock {
    /// The clocks of `appeal` at `at` under `book`.
    ///
    /// # Errors
    /// As [`SlaClock::from_history`].
    pub fn compute(
        appeal: &Appeal,
        book: &SlaBook,
        at: DateTime<Utc>,
    ) -> Result<SlaClock, SlaError> {
        SlaClock::from_history(appeal.history(), book, at)
    }

    /// The clocks at `at` of the appeal with this history (events after `at` are
    /// ignored).
    ///
    /// # Errors
    /// [`SlaError::NotRegistered`] before registration; [`SlaError::UnknownPolicy`] when
    /// the appeal names a policy not in the book; [`SlaError::BadHistory`] when an event
    /// cannot follow the state before it; [`SlaError::WorkingTime`] when an instant or a
    /// due instant lies outside a calendar's span.
    pub fn from_history(
        history: &[Event],
        book: &SlaBook,
        at: DateTime<Utc>,
    ) -> Result<SlaClock, SlaError> {
        let events = &history[..history.partition_point(|e| e.at <= at)];
        // The policy in force at `at` applies to the whole history.
        let mut named: Option<&PolicyId> = None;
        for e in events {
            match &e.kind {
                EventKind::Routed { routing } if routing.policy.is_some() => {
                    named = routing.policy.as_ref();
                }
                EventKind::PolicyChanged { policy, .. } => named = Some(policy),
                _ => {}
            }
        }
        let policy = book.resolve(named).ok_or_else(|| SlaError::UnknownPolicy {
            policy: named.map(ToString::to_string).unwrap_or_default(),
        })?;
        let walk = Walk::run(events, policy)?;
        let Some(registered) = walk.registered else {
            return Err(SlaError::NotRegistered);
        };
        let cal = book.calendar_of(policy);
        let ctx = Ctx {
            runs: &walk.runs,
            escalations: &walk.escalations,
            at,
        };
        let first_response = match policy.first_response {
            Some(d) => Some(ctx.target(
                Target::FirstResponse,
                policy,
                cal,
                walk.cycle_start,
                Budget::Duration(d),
                walk.first,
            )?),
            None => None,
        };
        let fixed = walk.extension.filter(|until| {
            policy.extension_months.is_some_and(|m| {
                registered
                    .checked_add_months(Months::new(m))
                    .is_some_and(|limit| *until <= limit)
            })
        });
        let resolution = ctx.target(
            Target::Resolution,
            policy,
            cal,
            walk.cycle_start,
            fixed.map_or(Budget::Duration(policy.resolution), Budget::Fixed),
            walk.resolution,
        )?;
        let forward = match (&policy.on_return, walk.forward) {
            (Some(id), Some((start, stop))) => {
                let fp = book
                    .policy(id.as_str())
                    .ok_or_else(|| SlaError::UnknownPolicy {
                        policy: id.to_string(),
                    })?;
                Some(ctx.target(
                    Target::Forward,
                    fp,
                    book.calendar_of(fp),
                    start,
                    Budget::Duration(fp.resolution),
                    stop,
                )?)
            }
            _ => None,
        };
        Ok(SlaClock {
            at,
            policy: policy.id.clone(),
            cycle: walk.cycle,
            cycle_start: walk.cycle_start,
            first_response,
            resolution,
            forward,
            on_breach: policy.on_breach,
        })
    }

    /// The clocks: first response (if measured), resolution, forward (if any).
    pub fn targets(&self) -> impl Iterator<Item = &TargetClock> {
        self.first_response
            .iter()
            .chain(std::iter::once(&self.resolution))
            .chain(self.forward.iter())
    }

    /// The worst status of the clocks still counting; on track when none is.
    pub fn status(&self) -> Status {
        self.targets()
            .filter(|t| t.is_pending())
            .map(|t| t.status)
            .max_by_key(Status::rank)
            .unwrap_or(Status::OnTrack)
    }

    /// The earliest due instant of the clocks still counting.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.targets()
            .filter(|t| t.is_pending())
            .filter_map(|t| t.due)
            .min()
    }

    /// The clocks still counting that are breached.
    pub fn breaches(&self) -> impl Iterator<Item = &TargetClock> {
        self.targets()
            .filter(|t| t.is_pending() && t.status.is_breached())
    }
}

/// What one pass over the events of the cycle in force found.
struct Walk {
    registered: Option<DateTime<Utc>>,
    cycle: u16,
    cycle_start: DateTime<Utc>,
    /// The cycle's running spans; the last has no end while running.
    runs: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    first: Option<Stop>,
    resolution: Option<Stop>,
    extension: Option<DateTime<Utc>>,
    forward: Option<(DateTime<Utc>, Option<Stop>)>,
    escalations: Vec<DateTime<Utc>>,
}

impl Walk {
    fn run(events: &[Event], policy: &Policy) -> Result<Walk, SlaError> {
        let running = |s: State| s.is_open() && !policy.pauses_in(s);
        let mut w = Walk {
            registered: None,
            cycle: 0,
            cycle_start: DateTime::<Utc>::MIN_UTC,
            runs: Vec::new(),
            first: None,
            resolution: None,
            extension: None,
            forward: None,
            escalations: Vec::new(),
        };
        let mut state = State::Draft;
        for (seq, e) in events.iter().enumerate() {
            let Some(command) = command_of(&e.kind) else {
                continue;
            };
            let next = transition(state, command)
                .ok_or(SlaError::BadHistory {
                    seq,
                    event: e.kind.name(),
                })?
                .target();
            let met = Some(Stop {
                at: e.at,
                reason: StopReason::Met,
            });
            match &e.kind {
                EventKind::Registered { .. } => {
                    w.registered = Some(e.at);
                    w.cycle_start = e.at;
                }
                EventKind::Reopened { .. } => {
                    w.cycle = w.cycle.saturating_add(1);
                    w.cycle_start = e.at;
                    w.runs.clear();
                    w.first = None;
                    w.resolution = None;
                    w.extension = None;
                    w.forward = None;
                }
                EventKind::Accepted => {
                    w.first = w.first.or(met);
                }
                EventKind::Resolved { .. } => {
                    w.first = w.first.or(met);
                    w.resolution = w.resolution.or(met);
                    if let Some((_, stop @ None)) = &mut w.forward {
                        *stop = met;
                    }
                }
                EventKind::MarkedDuplicate { .. } | EventKind::Withdrawn { .. } => {
                    let cancel = Some(Stop {
                        at: e.at,
                        reason: StopReason::Cancelled,
                    });
                    w.first = w.first.or(cancel);
                    w.resolution = w.resolution.or(cancel);
                    if let Some((_, stop @ None)) = &mut w.forward {
                        *stop = cancel;
                    }
                }
                EventKind::Returned { .. } => w.forward = Some((e.at, None)),
                EventKind::Routed { .. } => {
                    if let Some((_, stop @ None)) = &mut w.forward {
                        *stop = met;
                    }
                }
                EventKind::Extended { until, .. } => w.extension = Some(*until),
                EventKind::Escalated { .. } => w.escalations.push(e.at),
                _ => {}
            }
            match (running(state), running(next)) {
                (false, true) => w.runs.push((e.at, None)),
                (true, false) => {
                    if let Some((_, end @ None)) = w.runs.last_mut() {
                        *end = Some(e.at);
                    }
                }
                _ => {}
            }
            state = next;
        }
        Ok(w)
    }
}

/// How a target's due instant is set.
#[derive(Clone, Copy)]
enum Budget {
    /// A working duration from the start, moved by pauses.
    Duration(WorkingDuration),
    /// A fixed instant (an extension).
    Fixed(DateTime<Utc>),
}

struct Ctx<'a> {
    runs: &'a [(DateTime<Utc>, Option<DateTime<Utc>>)],
    escalations: &'a [DateTime<Utc>],
    at: DateTime<Utc>,
}

impl Ctx<'_> {
    fn target(
        &self,
        target: Target,
        policy: &Policy,
        cal: &Calendar,
        start: DateTime<Utc>,
        budget: Budget,
        stop: Option<Stop>,
    ) -> Result<TargetClock, SlaError> {
        let end = stop.map_or(self.at, |s| s.at.min(self.at));
        // The running spans clipped to [start, end]; the open one (running at `at`)
        // kept even when empty, for projecting the due instant.
        let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(self.runs.len());
        let mut running = false;
        for &(a, b) in self.runs {
            let a = a.max(start);
            let open = b.is_none() && stop.is_none();
            let b = b.map_or(end, |b| b.min(end));
            if a < b || (open && a <= b) {
                spans.push((a, b));
                running = open;
            }
        }
        let mut elapsed = 0i64;
        for &(a, b) in &spans {
            elapsed += cal.elapsed(a, b)?.num_seconds();
        }
        let at_eval = end;
        let (due, remaining, fraction) = match budget {
            Budget::Fixed(until) => {
                let remaining = cal.elapsed(at_eval.min(until), until)?.num_seconds();
                let total = elapsed + remaining;
                let fraction = if total > 0 {
                    elapsed as f64 / total as f64
                } else {
                    1.0
                };
                (Some(until), remaining, fraction)
            }
            Budget::Duration(d) => {
                let total = match d {
                    WorkingDuration::Minutes(m) => i64::from(m) * 60,
                    WorkingDuration::Hours(h) => i64::from(h) * 3600,
                    WorkingDuration::WorkingDays { .. } => {
                        cal.elapsed(start, cal.deadline(start, d)?)?.num_seconds()
                    }
                };
                let mut x = reach(cal, &spans, running, total)?;
                if x.is_none() && total == 0 {
                    x = Some(start);
                }
                if x.is_none()
                    && let Some(s) = stop
                {
                    // Met in time: when it would have been due had it kept running.
                    x = Some(cal.add(s.at, TimeDelta::seconds(total - elapsed))?);
                }
                let due = match (x, d) {
                    (Some(x), WorkingDuration::WorkingDays { .. }) => Some(cal.deadline(
                        x - TimeDelta::seconds(1),
                        WorkingDuration::WorkingDays {
                            days: 1,
                            registration_day: RegistrationDay::CountsAsDayOne,
                        },
                    )?),
                    (x, _) => x,
                };
                let fraction = if total > 0 {
                    (elapsed as f64 / total as f64).min(1.0)
                } else {
                    1.0
                };
                (due, (total - elapsed).max(0), fraction)
            }
        };
        let status = if due.is_some_and(|d| at_eval >= d) {
            Status::Breached
        } else {
            policy
                .warnings
                .iter()
                .enumerate()
                .rev()
                .find(|(_, w)| fraction >= **w)
                .map_or(Status::OnTrack, |(i, w)| Status::Warning {
                    level: u8::try_from(i + 1).unwrap_or(u8::MAX),
                    threshold: *w,
                })
        };
        let escalated = status.is_breached()
            && due.is_some_and(|d| self.escalations.iter().any(|&e| e >= d && e <= self.at));
        Ok(TargetClock {
            target,
            policy: policy.id.clone(),
            calendar: cal.id().clone(),
            started_at: start,
            due,
            elapsed_seconds: elapsed,
            remaining_seconds: remaining,
            fraction,
            paused: stop.is_none() && !running,
            extended: matches!(budget, Budget::Fixed(_)),
            stopped: stop,
            status,
            escalated,
        })
    }
}

/// The instant the running time over `spans` reaches `budget` working seconds; when the
/// last span is `open` (running now), projected past its end.
fn reach(
    cal: &Calendar,
    spans: &[(DateTime<Utc>, DateTime<Utc>)],
    open: bool,
    budget: i64,
) -> Result<Option<DateTime<Utc>>, SlaError> {
    let mut before = 0i64;
    for (i, &(a, b)) in spans.iter().enumerate() {
        let last_open = open && i + 1 == spans.len();
        let w = cal.elapsed(a, b)?.num_seconds();
        if last_open || before + w >= budget {
            return Ok(Some(cal.add(a, TimeDelta::seconds(budget - before))?));
        }
        before += w;
    }
    Ok(None)
}
