//! One row of facts per appeal, stored as columns of small integer codes.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StatsError;
use crate::appeal::{Channel, OutcomeKind, Priority, State};
use crate::citizen::CitizenKey;
use crate::code::{BodyId, CategoryCode, DistrictCode, PolicyId};

/// "No value" in an instant column.
pub(crate) const NO_TIME: i64 = i64::MIN;
/// "No value" in a `u16` code column.
pub(crate) const NO_CODE: u16 = u16::MAX;
/// "No value" in a `u8` code column.
pub(crate) const NO_U8: u8 = u8::MAX;
/// "No value" in the citizen column.
pub(crate) const NO_CITIZEN: u32 = u32::MAX;

/// Flag: the current decision was made on the first contact.
pub(crate) const FIRST_CONTACT: u8 = 1;
/// Flag: the desk marked the appeal repeated.
pub(crate) const REPEATED: u8 = 2;

/// Rows per zone (min/max of the registration instant), so a period scan skips blocks.
pub(crate) const ZONE_ROWS: usize = 4_096;

pub(crate) const PRIORITIES: [Priority; 4] = [
    Priority::Low,
    Priority::Normal,
    Priority::High,
    Priority::Emergency,
];

/// A dictionary of codes: value ↔ small integer.
#[derive(Debug, Clone)]
pub(crate) struct Dictionary<T> {
    pub(crate) values: Vec<T>,
    index: HashMap<T, u32>,
    column: &'static str,
    limit: usize,
}

impl<T: Clone + Eq + Hash> Dictionary<T> {
    fn new(column: &'static str, limit: usize) -> Self {
        Dictionary {
            values: Vec::new(),
            index: HashMap::new(),
            column,
            limit,
        }
    }

    pub(crate) fn intern(&mut self, v: &T) -> Result<u32, StatsError> {
        if let Some(&i) = self.index.get(v) {
            return Ok(i);
        }
        if self.values.len() >= self.limit {
            return Err(StatsError::TooManyCodes {
                column: self.column,
                limit: self.limit,
            });
        }
        let i = self.values.len() as u32;
        self.values.push(v.clone());
        self.index.insert(v.clone(), i);
        Ok(i)
    }

    pub(crate) fn get(&self, code: u32) -> Option<&T> {
        self.values.get(code as usize)
    }
}

/// A paused stretch of an appeal's clock: from `info_requested` to `info_provided` (or
/// still paused when `until` is `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    /// When the body asked the citizen.
    pub from: DateTime<Utc>,
    /// When the citizen answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
}

/// One appeal's facts, as statistics see them: plain values, no personal data.
///
/// `None` marks a fact the table does not know (a shard that has not seen the event
/// yet) or that does not apply (no body before routing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppealRow {
    /// When it was registered.
    pub registered_at: Option<DateTime<Utc>>,
    /// How it arrived.
    pub channel: Option<Channel>,
    /// Its current category.
    pub category: Option<CategoryCode>,
    /// Its district.
    pub district: Option<DistrictCode>,
    /// The lead body of its current routing.
    pub body: Option<BodyId>,
    /// The priority routing gave (normal before routing).
    pub priority: Priority,
    /// The SLA policy in force.
    pub policy: Option<PolicyId>,
    /// Its current state.
    pub state: State,
    /// The kind of its current decision, while decided.
    pub outcome: Option<OutcomeKind>,
    /// Whether the current decision was made on the first contact.
    pub first_contact: bool,
    /// Whether the desk flagged it repeated.
    pub repeated: bool,
    /// When the current decision was made.
    pub decided_at: Option<DateTime<Utc>>,
    /// The deadline granted by an extension (APPK Art. 76).
    pub extended_until: Option<DateTime<Utc>>,
    /// How many times it was reopened.
    pub reopened: u16,
    /// The citizen's pseudonymous key.
    pub citizen: Option<CitizenKey>,
    /// The stretches its clock was paused, oldest first.
    pub pauses: Vec<Pause>,
    /// The due instant given by the [`Deadlines`](super::Deadlines) hook.
    pub due: Option<DateTime<Utc>>,
    /// Working seconds from registration to decision, given by the hook.
    pub working_secs: Option<i64>,
}

impl AppealRow {
    /// A row for an appeal registered at `at` by `channel`, with nothing else known.
    pub fn new(registered_at: DateTime<Utc>, channel: Channel) -> AppealRow {
        AppealRow {
            registered_at: Some(registered_at),
            channel: Some(channel),
            category: None,
            district: None,
            body: None,
            priority: Priority::Normal,
            policy: None,
            state: State::Registered,
            outcome: None,
            first_contact: false,
            repeated: false,
            decided_at: None,
            extended_until: None,
            reopened: 0,
            citizen: None,
            pauses: Vec::new(),
            due: None,
            working_secs: None,
        }
    }

    pub(crate) fn empty() -> AppealRow {
        AppealRow {
            registered_at: None,
            channel: None,
            state: State::Draft,
            ..AppealRow::new(DateTime::<Utc>::MIN_UTC, Channel::Phone)
        }
    }
}

fn secs(t: Option<DateTime<Utc>>) -> i64 {
    t.map_or(NO_TIME, |t| t.timestamp())
}

fn time(s: i64) -> Option<DateTime<Utc>> {
    if s == NO_TIME {
        None
    } else {
        DateTime::from_timestamp(s, 0)
    }
}

/// Appeal facts as columns (struct of arrays) with small integer codes: the plain input
/// of [`Statistics::compute`](super::Statistics::compute), built by a
/// [`Ledger`](super::Ledger) from events or directly with [`AppealTable::push`] (from a
/// database, a Parquet file, a generator).
///
/// Instants are UTC seconds; codes index the table's dictionaries (channels, states,
/// outcomes and priorities by their declaration order). Instants are whole seconds:
/// sub-second parts are dropped.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let mut t = AppealTable::new();
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap();
/// let mut row = AppealRow::new(at, Channel::Phone);
/// row.category = Some(CategoryCode::new("lifts")?);
/// t.push(&row)?;
/// assert_eq!(t.len(), 1);
/// assert_eq!(t.row(0), Some(row));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AppealTable {
    pub(crate) registered: Vec<i64>,
    pub(crate) channel: Vec<u8>,
    pub(crate) category: Vec<u16>,
    pub(crate) district: Vec<u16>,
    pub(crate) body: Vec<u16>,
    pub(crate) priority: Vec<u8>,
    pub(crate) policy: Vec<u16>,
    pub(crate) state: Vec<u8>,
    pub(crate) outcome: Vec<u8>,
    pub(crate) flags: Vec<u8>,
    pub(crate) decided: Vec<i64>,
    pub(crate) extended: Vec<i64>,
    pub(crate) reopened: Vec<u16>,
    pub(crate) citizen: Vec<u32>,
    pub(crate) due: Vec<i64>,
    pub(crate) working: Vec<i64>,
    /// Pauses, for the few rows that have any.
    pub(crate) pauses: HashMap<u32, Vec<Pause>>,
    pub(crate) categories: Dictionary<CategoryCode>,
    pub(crate) districts: Dictionary<DistrictCode>,
    pub(crate) bodies: Dictionary<BodyId>,
    pub(crate) policies: Dictionary<PolicyId>,
    pub(crate) citizens: Dictionary<CitizenKey>,
    /// Per block of [`ZONE_ROWS`] rows: the least and greatest registration instant.
    pub(crate) zones: Vec<(i64, i64)>,
}

impl Default for AppealTable {
    fn default() -> Self {
        AppealTable::new()
    }
}

impl AppealTable {
    /// An empty table.
    pub fn new() -> AppealTable {
        let small = usize::from(NO_CODE);
        AppealTable {
            registered: Vec::new(),
            channel: Vec::new(),
            category: Vec::new(),
            district: Vec::new(),
            body: Vec::new(),
            priority: Vec::new(),
            policy: Vec::new(),
            state: Vec::new(),
            outcome: Vec::new(),
            flags: Vec::new(),
            decided: Vec::new(),
            extended: Vec::new(),
            reopened: Vec::new(),
            citizen: Vec::new(),
            due: Vec::new(),
            working: Vec::new(),
            pauses: HashMap::new(),
            categories: Dictionary::new("category", small),
            districts: Dictionary::new("district", small),
            bodies: Dictionary::new("body", small),
            policies: Dictionary::new("policy", small),
            citizens: Dictionary::new("citizen", NO_CITIZEN as usize),
            zones: Vec::new(),
        }
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.registered.len()
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.registered.is_empty()
    }

    /// Appends a row.
    ///
    /// # Errors
    /// [`StatsError::TooManyCodes`] when a category, district, body or policy would be the
    /// 65,536th distinct one of its column (or the 4,294,967,295th citizen); the table is
    /// then unchanged.
    pub fn push(&mut self, row: &AppealRow) -> Result<(), StatsError> {
        let codes = self.codes(row)?;
        let ix = self.len();
        self.registered.push(NO_TIME);
        self.channel.push(NO_U8);
        self.category.push(NO_CODE);
        self.district.push(NO_CODE);
        self.body.push(NO_CODE);
        self.priority.push(Priority::Normal as u8);
        self.policy.push(NO_CODE);
        self.state.push(State::Draft as u8);
        self.outcome.push(NO_U8);
        self.flags.push(0);
        self.decided.push(NO_TIME);
        self.extended.push(NO_TIME);
        self.reopened.push(0);
        self.citizen.push(NO_CITIZEN);
        self.due.push(NO_TIME);
        self.working.push(NO_TIME);
        self.write(ix, row, codes);
        Ok(())
    }

    /// The codes of a row's dictionary values, interned.
    fn codes(&mut self, row: &AppealRow) -> Result<[u32; 5], StatsError> {
        // Check all before interning any, so an error leaves the table unchanged.
        let full = |len: usize, limit: usize, new: bool| new && len >= limit;
        let checks = [
            (
                "category",
                row.category
                    .as_ref()
                    .is_some_and(|c| !self.categories.index.contains_key(c)),
                self.categories.values.len(),
                self.categories.limit,
            ),
            (
                "district",
                row.district
                    .as_ref()
                    .is_some_and(|c| !self.districts.index.contains_key(c)),
                self.districts.values.len(),
                self.districts.limit,
            ),
            (
                "body",
                row.body
                    .as_ref()
                    .is_some_and(|c| !self.bodies.index.contains_key(c)),
                self.bodies.values.len(),
                self.bodies.limit,
            ),
            (
                "policy",
                row.policy
                    .as_ref()
                    .is_some_and(|c| !self.policies.index.contains_key(c)),
                self.policies.values.len(),
                self.policies.limit,
            ),
            (
                "citizen",
                row.citizen
                    .as_ref()
                    .is_some_and(|c| !self.citizens.index.contains_key(c)),
                self.citizens.values.len(),
                self.citizens.limit,
            ),
        ];
        for (column, new, len, limit) in checks {
            if full(len, limit, new) {
                return Err(StatsError::TooManyCodes { column, limit });
            }
        }
        let opt = |r: Option<Result<u32, StatsError>>| r.transpose().map(|c| c.unwrap_or(u32::MAX));
        Ok([
            opt(row.category.as_ref().map(|v| self.categories.intern(v)))?,
            opt(row.district.as_ref().map(|v| self.districts.intern(v)))?,
            opt(row.body.as_ref().map(|v| self.bodies.intern(v)))?,
            opt(row.policy.as_ref().map(|v| self.policies.intern(v)))?,
            opt(row.citizen.as_ref().map(|v| self.citizens.intern(v)))?,
        ])
    }

    /// Overwrites row `ix` with `row` (codes already interned).
    fn write(&mut self, ix: usize, row: &AppealRow, codes: [u32; 5]) {
        let c16 = |c: u32| if c == u32::MAX { NO_CODE } else { c as u16 };
        self.set_registered(ix, secs(row.registered_at));
        self.channel[ix] = row.channel.map_or(NO_U8, |c| c as u8);
        self.category[ix] = c16(codes[0]);
        self.district[ix] = c16(codes[1]);
        self.body[ix] = c16(codes[2]);
        self.priority[ix] = row.priority as u8;
        self.policy[ix] = c16(codes[3]);
        self.state[ix] = row.state as u8;
        self.outcome[ix] = row.outcome.map_or(NO_U8, |o| o as u8);
        self.flags[ix] =
            u8::from(row.first_contact) * FIRST_CONTACT + u8::from(row.repeated) * REPEATED;
        self.decided[ix] = secs(row.decided_at);
        self.extended[ix] = secs(row.extended_until);
        self.reopened[ix] = row.reopened;
        self.citizen[ix] = codes[4];
        self.due[ix] = secs(row.due);
        self.working[ix] = row.working_secs.unwrap_or(NO_TIME);
        if row.pauses.is_empty() {
            self.pauses.remove(&(ix as u32));
        } else {
            self.pauses.insert(ix as u32, row.pauses.clone());
        }
    }

    /// Sets a row's registration instant, keeping the zone map.
    pub(crate) fn set_registered(&mut self, ix: usize, t: i64) {
        self.registered[ix] = t;
        let z = ix / ZONE_ROWS;
        while self.zones.len() <= z {
            self.zones.push((i64::MAX, i64::MIN));
        }
        if t != NO_TIME {
            let zone = &mut self.zones[z];
            zone.0 = zone.0.min(t);
            zone.1 = zone.1.max(t);
        }
    }

    /// Row `ix` as plain values.
    pub fn row(&self, ix: usize) -> Option<AppealRow> {
        if ix >= self.len() {
            return None;
        }
        let code = |c: u16| (c != NO_CODE).then_some(u32::from(c));
        Some(AppealRow {
            registered_at: time(self.registered[ix]),
            channel: Channel::ALL.get(usize::from(self.channel[ix])).copied(),
            category: code(self.category[ix]).and_then(|c| self.categories.get(c).cloned()),
            district: code(self.district[ix]).and_then(|c| self.districts.get(c).cloned()),
            body: code(self.body[ix]).and_then(|c| self.bodies.get(c).cloned()),
            priority: PRIORITIES
                .get(usize::from(self.priority[ix]))
                .copied()
                .unwrap_or_default(),
            policy: code(self.policy[ix]).and_then(|c| self.policies.get(c).cloned()),
            state: State::ALL
                .get(usize::from(self.state[ix]))
                .copied()
                .unwrap_or(State::Draft),
            outcome: OutcomeKind::ALL.get(usize::from(self.outcome[ix])).copied(),
            first_contact: self.flags[ix] & FIRST_CONTACT != 0,
            repeated: self.flags[ix] & REPEATED != 0,
            decided_at: time(self.decided[ix]),
            extended_until: time(self.extended[ix]),
            reopened: self.reopened[ix],
            citizen: self.citizens.get(self.citizen[ix]).copied(),
            pauses: self.pauses.get(&(ix as u32)).cloned().unwrap_or_default(),
            due: time(self.due[ix]),
            working_secs: (self.working[ix] != NO_TIME).then_some(self.working[ix]),
        })
    }

    /// Every row, in order.
    pub fn rows(&self) -> impl Iterator<Item = AppealRow> + '_ {
        (0..self.len()).filter_map(|i| self.row(i))
    }

    /// Registration instants, UTC seconds (`i64::MIN`: unknown).
    pub fn registered_column(&self) -> &[i64] {
        &self.registered
    }

    /// Decision instants, UTC seconds (`i64::MIN`: undecided).
    pub fn decided_column(&self) -> &[i64] {
        &self.decided
    }

    /// Due instants, UTC seconds (`i64::MIN`: no deadline).
    pub fn due_column(&self) -> &[i64] {
        &self.due
    }

    /// Channels, as indices into [`Channel::ALL`] (255: unknown).
    pub fn channel_column(&self) -> &[u8] {
        &self.channel
    }

    /// States, as indices into [`State::ALL`].
    pub fn state_column(&self) -> &[u8] {
        &self.state
    }

    /// Outcome kinds, as indices into [`OutcomeKind::ALL`] (255: undecided).
    pub fn outcome_column(&self) -> &[u8] {
        &self.outcome
    }

    /// Categories, as indices into [`AppealTable::categories`] (65535: none).
    pub fn category_column(&self) -> &[u16] {
        &self.category
    }

    /// The category dictionary.
    pub fn categories(&self) -> &[CategoryCode] {
        &self.categories.values
    }

    /// The body dictionary.
    pub fn bodies(&self) -> &[BodyId] {
        &self.bodies.values
    }

    /// The district dictionary.
    pub fn districts(&self) -> &[DistrictCode] {
        &self.districts.values
    }
}
