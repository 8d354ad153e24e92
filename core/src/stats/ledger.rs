//! The ledger: per-appeal facts folded from the event log, record by record.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, TimeDelta, Utc};

use super::StatsError;
use super::table::{
    AppealRow, AppealTable, Dictionary, FIRST_CONTACT, NO_CITIZEN, NO_CODE, NO_TIME, NO_U8, Pause,
    REPEATED,
};
use crate::appeal::{
    EVENT_SCHEMA, EventKind, LogRecord, OutcomeKind, Priority, RegistrationNumber, State,
};
use crate::sla::{Calendar, RegistrationDay, WorkingDuration};

/// Where deadlines and working time come from: the SLA module, or anything else.
///
/// Statistics do not compute deadlines; they ask this hook once per changed appeal
/// ([`Ledger::apply_deadlines`]) and keep the answers as plain columns. A closure
/// `Fn(&AppealRow) -> Option<DateTime<Utc>>` is a `Deadlines` that gives due instants
/// and no working time.
///
/// ```
/// use aryz::*;
/// use chrono::{DateTime, Duration, Utc};
///
/// // A stand-in until SLA calendars: due 15 calendar days after registration.
/// let within_15_days = |a: &AppealRow| a.registered_at.map(|r| r + Duration::days(15));
/// let mut ledger = Ledger::new();
/// ledger.apply_deadlines(&within_15_days);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Deadlines {
    /// When the appeal is due, or `None` when no deadline applies.
    fn due(&self, appeal: &AppealRow) -> Option<DateTime<Utc>>;

    /// The working time between registration (`from`) and decision (`to`), net of
    /// pauses if the implementation counts them (see [`AppealRow::pauses`]); `None`
    /// leaves it unmeasured.
    fn working_time(
        &self,
        appeal: &AppealRow,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Option<TimeDelta> {
        let _ = (appeal, from, to);
        None
    }
}

impl<F: Fn(&AppealRow) -> Option<DateTime<Utc>>> Deadlines for F {
    fn due(&self, appeal: &AppealRow) -> Option<DateTime<Utc>> {
        self(appeal)
    }
}

/// No deadlines and no working time: SLA figures then count every appeal as
/// "no deadline".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoDeadlines;

impl Deadlines for NoDeadlines {
    fn due(&self, _: &AppealRow) -> Option<DateTime<Utc>> {
        None
    }
}

/// The position (sequence number + 1; 0 = never) of the event that last wrote each fact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Clocks {
    intake: u32,
    category: u32,
    registered: u32,
    routing: u32,
    policy: u32,
    state: u32,
    decision: u32,
    extension: u32,
}

/// The state an event leads to, or `None` when it leaves the state as it was.
fn target(kind: &EventKind) -> Option<State> {
    Some(match kind {
        EventKind::Drafted { .. } => State::Draft,
        EventKind::Registered { .. } => State::Registered,
        EventKind::Resolved {
            first_contact: true,
            ..
        } => State::ResolvedOnFirstContact,
        EventKind::Resolved { .. } => State::Resolved,
        EventKind::Routed { .. } => State::Routed,
        EventKind::Accepted | EventKind::InfoProvided { .. } => State::InProgress,
        EventKind::InfoRequested { .. } => State::AwaitingCitizen,
        EventKind::Returned { .. } => State::Returned,
        EventKind::MarkedDuplicate { .. } | EventKind::Withdrawn { .. } | EventKind::Closed => {
            State::Closed
        }
        EventKind::Reopened { .. } => State::Reopened,
        EventKind::Edited { .. }
        | EventKind::Classified { .. }
        | EventKind::Extended { .. }
        | EventKind::Escalated { .. }
        | EventKind::PolicyChanged { .. } => return None,
    })
}

/// Per-appeal facts folded from the event log: the incremental, mergeable source of
/// [`Statistics`](super::Statistics).
///
/// Feed it every [`LogRecord`] once, in any order ([`Ledger::record`]); each fact is the
/// value written by the latest event (by position in its appeal's history) that writes
/// it, so the order records arrive in and how the log is split do not matter:
/// [`Ledger::merge`] of ledgers fed the parts of a log equals the ledger fed the whole
/// log, and feeding a record twice changes nothing.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let desk = Desk::new(DeskConfig::shymkent([7; 32]));
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap();
/// let op = Actor::new(Role::Operator, ActorId::new("op-7")?);
/// let n = desk.submit(IdempotencyKey::new("k-1")?, Intake::new(Channel::Phone, "Нет воды", Language::Ru), &op, at)?.number;
/// desk.execute(n.as_str(), Command::ResolveOnFirstContact { outcome: Outcome::Explained }, &op, at)?;
///
/// let mut ledger = Ledger::new();
/// let mut position = 0;
/// let records = desk.log_since(position, 1_000)?;
/// position += records.len();
/// ledger.extend(&records)?;
/// assert_eq!(position, 3);
/// let row = ledger.get(n.as_str()).unwrap();
/// assert_eq!(row.state, State::ResolvedOnFirstContact);
/// assert!(row.first_contact);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    table: AppealTable,
    numbers: Vec<RegistrationNumber>,
    index: HashMap<RegistrationNumber, u32>,
    clocks: Vec<Clocks>,
    /// Positions of `reopened` events, per row that has any.
    reopens: HashMap<u32, BTreeSet<u32>>,
    /// `info_requested` (true) and `info_provided` (false) events by position, per row.
    pause_events: HashMap<u32, BTreeMap<u32, (i64, bool)>>,
    dirty: Vec<u32>,
    is_dirty: Vec<bool>,
    last_event: Option<DateTime<Utc>>,
    last_ix: u32,
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// The facts as columns, the input of [`Statistics::compute`](super::Statistics::compute).
    pub fn table(&self) -> &AppealTable {
        &self.table
    }

    /// How many appeals it knows.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    /// Whether it knows no appeal.
    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// The latest event instant fed or merged.
    pub fn last_event_at(&self) -> Option<DateTime<Utc>> {
        self.last_event
    }

    /// The appeals' numbers, in the order of their rows in [`Ledger::table`].
    pub fn numbers(&self) -> &[RegistrationNumber] {
        &self.numbers
    }

    /// The facts of the appeal with this number.
    pub fn get(&self, number: &str) -> Option<AppealRow> {
        self.index
            .get(number)
            .and_then(|&ix| self.table.row(ix as usize))
    }

    fn row_of(&mut self, number: &RegistrationNumber) -> Result<usize, StatsError> {
        // Records of one appeal usually come together: check the last row first.
        let last = self.last_ix as usize;
        if self.numbers.get(last) == Some(number) {
            return Ok(last);
        }
        if let Some(&ix) = self.index.get(number) {
            self.last_ix = ix;
            return Ok(ix as usize);
        }
        let ix = self.table.len();
        self.table.push(&AppealRow::empty())?;
        self.numbers.push(number.clone());
        self.index.insert(number.clone(), ix as u32);
        self.clocks.push(Clocks::default());
        self.is_dirty.push(false);
        self.last_ix = ix as u32;
        Ok(ix)
    }

    fn touch(&mut self, ix: usize) {
        if !self.is_dirty[ix] {
            self.is_dirty[ix] = true;
            self.dirty.push(ix as u32);
        }
    }

    /// Folds one record in.
    ///
    /// # Errors
    /// [`StatsError::UnsupportedSchema`] for a record of another schema version;
    /// [`StatsError::TooManyCodes`] when a column's dictionary is full. The ledger is
    /// unchanged after an error.
    pub fn record(&mut self, record: &LogRecord) -> Result<(), StatsError> {
        if record.v != EVENT_SCHEMA {
            return Err(StatsError::UnsupportedSchema {
                number: record.number.to_string(),
                found: record.v,
                expected: EVENT_SCHEMA,
            });
        }
        let ix = self.row_of(&record.number)?;
        let s = record.seq.saturating_add(1);
        let at = record.event.at.timestamp();
        self.apply(ix, s, at, &record.event.kind)?;
        self.last_event = self.last_event.max(Some(record.event.at));
        self.touch(ix);
        Ok(())
    }

    /// Folds records in, in order.
    ///
    /// # Errors
    /// As [`Ledger::record`]; the records before the failing one stay folded in.
    pub fn extend<'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a LogRecord>,
    ) -> Result<(), StatsError> {
        records.into_iter().try_for_each(|r| self.record(r))
    }

    fn apply(&mut self, ix: usize, s: u32, at: i64, kind: &EventKind) -> Result<(), StatsError> {
        let t = &mut self.table;
        let c = &mut self.clocks[ix];
        match kind {
            EventKind::Drafted { intake, .. } | EventKind::Edited { intake } => {
                let district = match &intake.district {
                    Some(d) if s > c.intake => t.districts.intern(d)? as u16,
                    _ => NO_CODE,
                };
                let category = match &intake.category {
                    Some(k) if s > c.category => t.categories.intern(k)? as u16,
                    _ => NO_CODE,
                };
                if s > c.intake {
                    c.intake = s;
                    t.channel[ix] = intake.channel as u8;
                    t.district[ix] = district;
                }
                if s > c.category {
                    c.category = s;
                    t.category[ix] = category;
                }
            }
            EventKind::Registered {
                citizen, repeated, ..
            } => {
                if s > c.registered {
                    let code = match citizen {
                        Some(k) => t.citizens.intern(k)?,
                        None => NO_CITIZEN,
                    };
                    c.registered = s;
                    t.set_registered(ix, at);
                    t.citizen[ix] = code;
                    t.flags[ix] = (t.flags[ix] & !REPEATED) | if *repeated { REPEATED } else { 0 };
                }
            }
            EventKind::Classified { category, .. } => {
                if s > c.category {
                    let code = t.categories.intern(category)? as u16;
                    c.category = s;
                    t.category[ix] = code;
                }
            }
            EventKind::Routed { routing } => {
                let body = match routing.bodies.first() {
                    Some(b) if s > c.routing => t.bodies.intern(b)? as u16,
                    _ => NO_CODE,
                };
                let policy = match &routing.policy {
                    Some(p) if s > c.policy => Some(t.policies.intern(p)? as u16),
                    _ => None,
                };
                if s > c.routing {
                    c.routing = s;
                    t.body[ix] = body;
                    t.priority[ix] = routing.priority as u8;
                }
                if let Some(p) = policy {
                    c.policy = s;
                    t.policy[ix] = p;
                }
            }
            EventKind::Returned { .. } => {
                if s > c.routing {
                    c.routing = s;
                    t.body[ix] = NO_CODE;
                    t.priority[ix] = Priority::Normal as u8;
                }
            }
            EventKind::PolicyChanged { policy, .. } => {
                if s > c.policy {
                    let p = t.policies.intern(policy)? as u16;
                    c.policy = s;
                    t.policy[ix] = p;
                }
            }
            EventKind::Resolved {
                outcome,
                first_contact,
            } => decide(t, c, ix, s, Some(outcome.kind()), *first_contact, at),
            EventKind::MarkedDuplicate { .. } => {
                decide(t, c, ix, s, Some(OutcomeKind::Duplicate), false, at);
            }
            EventKind::Withdrawn { .. } => {
                decide(t, c, ix, s, Some(OutcomeKind::Withdrawn), false, at);
            }
            EventKind::Reopened { .. } => {
                decide(t, c, ix, s, None, false, at);
                let set = self.reopens.entry(ix as u32).or_default();
                set.insert(s);
                t.reopened[ix] = u16::try_from(set.len()).unwrap_or(u16::MAX);
            }
            EventKind::Extended { until, .. } => {
                if s > c.extension {
                    c.extension = s;
                    t.extended[ix] = until.timestamp();
                }
            }
            EventKind::InfoRequested { .. } | EventKind::InfoProvided { .. } => {
                let request = matches!(kind, EventKind::InfoRequested { .. });
                let events = self.pause_events.entry(ix as u32).or_default();
                events.insert(s, (at, request));
                let pauses = pauses_of(events);
                t.pauses.insert(ix as u32, pauses);
            }
            EventKind::Accepted | EventKind::Escalated { .. } | EventKind::Closed => {}
        }
        let c = &mut self.clocks[ix];
        if let Some(state) = target(kind)
            && s > c.state
        {
            c.state = s;
            self.table.state[ix] = state as u8;
        }
        Ok(())
    }

    /// Merges another ledger in: afterwards this ledger is the one fed both logs.
    ///
    /// The due instants and working times of appeals the other ledger changed are kept
    /// from this side when it has them; call [`Ledger::apply_deadlines`] after merging.
    ///
    /// # Errors
    /// [`StatsError::TooManyCodes`] when a column's dictionary is full; appeals merged
    /// before the error stay merged.
    pub fn merge(&mut self, other: &Ledger) -> Result<(), StatsError> {
        let o = &other.table;
        for (j, number) in other.numbers.iter().enumerate() {
            let ix = self.row_of(number)?;
            let oc = other.clocks[j];
            // Intern everything first so an error leaves this appeal unchanged.
            let category = lookup(o.category[j], &o.categories)
                .map(|v| self.table.categories.intern(&v))
                .transpose()?;
            let district = lookup(o.district[j], &o.districts)
                .map(|v| self.table.districts.intern(&v))
                .transpose()?;
            let body = lookup(o.body[j], &o.bodies)
                .map(|v| self.table.bodies.intern(&v))
                .transpose()?;
            let policy = lookup(o.policy[j], &o.policies)
                .map(|v| self.table.policies.intern(&v))
                .transpose()?;
            let citizen = o
                .citizens
                .get(o.citizen[j])
                .map(|v| self.table.citizens.intern(v))
                .transpose()?;
            let t = &mut self.table;
            let c = &mut self.clocks[ix];
            let c16 = |v: Option<u32>| v.map_or(NO_CODE, |v| v as u16);
            if oc.intake > c.intake {
                c.intake = oc.intake;
                t.channel[ix] = o.channel[j];
                t.district[ix] = c16(district);
            }
            if oc.category > c.category {
                c.category = oc.category;
                t.category[ix] = c16(category);
            }
            if oc.registered > c.registered {
                c.registered = oc.registered;
                t.set_registered(ix, o.registered[j]);
                t.citizen[ix] = citizen.unwrap_or(NO_CITIZEN);
                t.flags[ix] = (t.flags[ix] & !REPEATED) | (o.flags[j] & REPEATED);
            }
            if oc.routing > c.routing {
                c.routing = oc.routing;
                t.body[ix] = c16(body);
                t.priority[ix] = o.priority[j];
            }
            if oc.policy > c.policy {
                c.policy = oc.policy;
                t.policy[ix] = c16(policy);
            }
            if oc.state > c.state {
                c.state = oc.state;
                t.state[ix] = o.state[j];
            }
            if oc.decision > c.decision {
                c.decision = oc.decision;
                t.outcome[ix] = o.outcome[j];
                t.decided[ix] = o.decided[j];
                t.flags[ix] = (t.flags[ix] & !FIRST_CONTACT) | (o.flags[j] & FIRST_CONTACT);
            }
            if oc.extension > c.extension {
                c.extension = oc.extension;
                t.extended[ix] = o.extended[j];
            }
            if t.due[ix] == NO_TIME {
                t.due[ix] = o.due[j];
            }
            if t.working[ix] == NO_TIME {
                t.working[ix] = o.working[j];
            }
            if let Some(r) = other.reopens.get(&(j as u32)) {
                let set = self.reopens.entry(ix as u32).or_default();
                set.extend(r.iter().copied());
                self.table.reopened[ix] = u16::try_from(set.len()).unwrap_or(u16::MAX);
            }
            if let Some(p) = other.pause_events.get(&(j as u32)) {
                let events = self.pause_events.entry(ix as u32).or_default();
                events.extend(p.iter().map(|(k, v)| (*k, *v)));
                let pauses = pauses_of(events);
                self.table.pauses.insert(ix as u32, pauses);
            }
            self.touch(ix);
        }
        self.last_event = self.last_event.max(other.last_event);
        Ok(())
    }

    /// Asks `deadlines` for the due instant and working time of every appeal changed
    /// since the last call, and stores them for the SLA and working-time figures.
    pub fn apply_deadlines<D: Deadlines + ?Sized>(&mut self, deadlines: &D) {
        let dirty = std::mem::take(&mut self.dirty);
        for ix in dirty {
            let ix = ix as usize;
            self.is_dirty[ix] = false;
            self.refresh(ix, deadlines);
        }
    }

    /// As [`Ledger::apply_deadlines`] for every appeal (after the calendars or policies
    /// changed).
    pub fn reapply_deadlines<D: Deadlines + ?Sized>(&mut self, deadlines: &D) {
        self.dirty.clear();
        for ix in 0..self.table.len() {
            self.is_dirty[ix] = false;
            self.refresh(ix, deadlines);
        }
    }

    fn refresh<D: Deadlines + ?Sized>(&mut self, ix: usize, deadlines: &D) {
        let Some(row) = self.table.row(ix) else {
            return;
        };
        self.table.due[ix] = deadlines.due(&row).map_or(NO_TIME, |d| d.timestamp());
        self.table.working[ix] = match (row.registered_at, row.decided_at) {
            (Some(from), Some(to)) => deadlines
                .working_time(&row, from, to)
                .map_or(NO_TIME, |d| d.num_seconds()),
            _ => NO_TIME,
        };
    }
}

fn decide(
    t: &mut AppealTable,
    c: &mut Clocks,
    ix: usize,
    s: u32,
    outcome: Option<OutcomeKind>,
    first_contact: bool,
    at: i64,
) {
    if s > c.decision {
        c.decision = s;
        t.outcome[ix] = outcome.map_or(NO_U8, |o| o as u8);
        t.decided[ix] = if outcome.is_some() { at } else { NO_TIME };
        t.flags[ix] =
            (t.flags[ix] & !FIRST_CONTACT) | if first_contact { FIRST_CONTACT } else { 0 };
    }
}

fn lookup<T: Clone + Eq + std::hash::Hash>(c: u16, d: &Dictionary<T>) -> Option<T> {
    if c == NO_CODE {
        None
    } else {
        d.get(u32::from(c)).cloned()
    }
}

fn pauses_of(events: &BTreeMap<u32, (i64, bool)>) -> Vec<Pause> {
    let time = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or_default();
    let mut out = Vec::new();
    let mut open: Option<i64> = None;
    for &(at, request) in events.values() {
        match (request, open) {
            (true, None) => open = Some(at),
            (false, Some(from)) => {
                out.push(Pause {
                    from: time(from),
                    until: Some(time(at)),
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        out.push(Pause {
            from: time(from),
            until: None,
        });
    }
    out
}

/// Deadlines on a working [`Calendar`]: a term of working time from registration (the
/// APPK's 15 working days by default), moved later by the working time of every closed
/// pause (info requested → info provided), or the extension's instant when one was
/// granted; working time to decision is the calendar's working time net of those pauses.
///
/// Until SLA policies land this applies one term to every appeal; an appeal the calendar
/// cannot place (outside its span) gets no deadline and no working time.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let deadlines = CalendarDeadlines::appk(Calendar::kazakhstan_office());
/// // The eOtinish fixture: registered 26 May 2022, due at the end of 15 June 2022.
/// let at = Utc.with_ymd_and_hms(2022, 5, 26, 5, 0, 0).unwrap();
/// let due = deadlines.due(&AppealRow::new(at, Channel::EPortal)).unwrap();
/// assert_eq!(due, Utc.with_ymd_and_hms(2022, 6, 15, 18, 0, 0).unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CalendarDeadlines {
    /// The working calendar.
    pub calendar: Calendar,
    /// The term from registration.
    pub term: WorkingDuration,
}

impl CalendarDeadlines {
    /// APPK Art. 76: 15 working days, the registration day counted as day 1.
    pub fn appk(calendar: Calendar) -> CalendarDeadlines {
        CalendarDeadlines {
            calendar,
            term: WorkingDuration::WorkingDays {
                days: 15,
                registration_day: RegistrationDay::CountsAsDayOne,
            },
        }
    }

    /// Working seconds of the closed pauses that lie before `until`.
    fn paused(&self, appeal: &AppealRow, until: DateTime<Utc>) -> Option<i64> {
        let mut total = 0;
        for p in &appeal.pauses {
            if let Some(end) = p.until {
                let end = end.min(until);
                if end > p.from {
                    total += self.calendar.elapsed(p.from, end).ok()?.num_seconds();
                }
            }
        }
        Some(total)
    }
}

impl Deadlines for CalendarDeadlines {
    fn due(&self, appeal: &AppealRow) -> Option<DateTime<Utc>> {
        if let Some(until) = appeal.extended_until {
            return Some(until);
        }
        let registered = appeal.registered_at?;
        let due = self.calendar.deadline(registered, self.term).ok()?;
        let paused = self.paused(appeal, DateTime::<Utc>::MAX_UTC)?;
        if paused == 0 {
            return Some(due);
        }
        self.calendar.add(due, TimeDelta::seconds(paused)).ok()
    }

    fn working_time(
        &self,
        appeal: &AppealRow,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Option<TimeDelta> {
        let total = self.calendar.elapsed(from, to).ok()?.num_seconds();
        Some(TimeDelta::seconds(
            (total - self.paused(appeal, to)?).max(0),
        ))
    }
}

/// Deadlines from an appeal's own SLA policy: the resolution target of the policy in
/// force (or the book's default), on that policy's calendar, later by the working time
/// of closed pauses, and replaced by an extension where the policy honours extensions.
///
/// Measured from registration: a reopened appeal is judged against its first cycle's
/// deadline here (the live [`SlaClock`](crate::SlaClock) starts a new cycle instead).
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let deadlines = PolicyDeadlines::new(SlaBook::kazakhstan());
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap();
/// let mut row = AppealRow::new(at, Channel::Phone);
/// row.policy = Some(PolicyId::new("emergency-24x7")?);
/// assert_eq!(deadlines.due(&row), Some(at + chrono::TimeDelta::hours(24)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PolicyDeadlines {
    book: crate::sla::SlaBook,
}

impl PolicyDeadlines {
    /// Deadlines from the policies of `book`.
    pub fn new(book: crate::sla::SlaBook) -> PolicyDeadlines {
        PolicyDeadlines { book }
    }

    fn per_policy(&self, appeal: &AppealRow) -> Option<(CalendarDeadlines, bool)> {
        let policy = match &appeal.policy {
            Some(p) => self.book.policy(p.as_str())?,
            None => self.book.default_policy(),
        };
        let calendar = self.book.calendar(policy.calendar.as_str())?.clone();
        Some((
            CalendarDeadlines {
                calendar,
                term: policy.resolution,
            },
            policy.extension_months.is_some(),
        ))
    }
}

impl Deadlines for PolicyDeadlines {
    fn due(&self, appeal: &AppealRow) -> Option<DateTime<Utc>> {
        let (d, extensible) = self.per_policy(appeal)?;
        if extensible {
            d.due(appeal)
        } else {
            let mut plain = appeal.clone();
            plain.extended_until = None;
            d.due(&plain)
        }
    }

    fn working_time(
        &self,
        appeal: &AppealRow,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Option<TimeDelta> {
        self.per_policy(appeal)?.0.working_time(appeal, from, to)
    }
}

impl Ledger {
    /// [`Statistics::compute`](super::Statistics::compute) over this ledger's table.
    pub fn statistics(&self, spec: &super::StatisticsSpec) -> super::Statistics {
        super::Statistics::compute(&self.table, spec)
    }
}
