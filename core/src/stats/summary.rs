//! The figures for a period, computed from a table in one columnar pass, and merged.

use std::collections::BTreeMap;
use std::ops::AddAssign;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::StatsError;
use super::period::{LocalClock, Period};
use super::sketch::DurationHistogram;
use super::table::{AppealTable, FIRST_CONTACT, NO_TIME, REPEATED, ZONE_ROWS};
use crate::appeal::{Channel, OutcomeKind, State};
use crate::citizen::CitizenKey;
use crate::code::{BodyId, CategoryCode, DistrictCode};

/// Counts per value, plus the count of rows without a value; `known` never holds a zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "K: Serialize + Ord, V: Serialize",
    deserialize = "K: Deserialize<'de> + Ord, V: Deserialize<'de> + Default"
))]
pub struct Tally<K, V = u64> {
    /// Per value.
    pub known: BTreeMap<K, V>,
    /// Rows without a value.
    #[serde(default)]
    pub unknown: V,
}

impl<K: Ord, V: Default> Default for Tally<K, V> {
    fn default() -> Self {
        Tally {
            known: BTreeMap::new(),
            unknown: V::default(),
        }
    }
}

impl<K: Ord + Clone, V: Default + Clone + PartialEq + for<'a> AddAssign<&'a V>> Tally<K, V> {
    /// The count for `key` (zero when absent).
    pub fn get(&self, key: &K) -> V {
        self.known.get(key).cloned().unwrap_or_default()
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &Tally<K, V>) {
        for (k, v) in &other.known {
            *self.known.entry(k.clone()).or_default() += v;
        }
        self.unknown += &other.unknown;
        self.known.retain(|_, v| *v != V::default());
    }

    fn add(&mut self, key: Option<&K>, v: V) {
        if v == V::default() {
            return;
        }
        match key {
            Some(k) => *self.known.entry(k.clone()).or_default() += &v,
            None => self.unknown += &v,
        }
    }
}

impl<K: Ord> Tally<K, u64> {
    /// The sum of all counts, the unknown included.
    pub fn total(&self) -> u64 {
        self.known.values().sum::<u64>() + self.unknown
    }

    /// The values by count, largest first, ties by value.
    pub fn ranked(&self) -> Vec<(&K, u64)> {
        let mut v: Vec<_> = self.known.iter().map(|(k, c)| (k, *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        v
    }
}

/// SLA classes of the appeals of a period (see the module's definitions); they add up
/// to the appeals counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SlaCounts {
    /// Decided at or before the due instant.
    pub on_time: u64,
    /// Decided after the due instant.
    pub late: u64,
    /// Open, and `as_of` is past the due instant.
    pub breached: u64,
    /// Open, not yet due.
    pub open_in_time: u64,
    /// No due instant.
    pub no_deadline: u64,
}

impl SlaCounts {
    fn from_array(a: [u64; 5]) -> SlaCounts {
        SlaCounts {
            on_time: a[0],
            late: a[1],
            breached: a[2],
            open_in_time: a[3],
            no_deadline: a[4],
        }
    }

    /// Every appeal counted.
    pub fn total(&self) -> u64 {
        self.on_time + self.late + self.breached + self.open_in_time + self.no_deadline
    }

    /// The appeals whose deadline has been decided on or has passed: on time + late +
    /// breached (the denominator of compliance).
    pub fn judged(&self) -> u64 {
        self.on_time + self.late + self.breached
    }
}

impl AddAssign<&SlaCounts> for SlaCounts {
    fn add_assign(&mut self, o: &SlaCounts) {
        self.on_time += o.on_time;
        self.late += o.late;
        self.breached += o.breached;
        self.open_in_time += o.open_in_time;
        self.no_deadline += o.no_deadline;
    }
}

/// Open appeals by age at `as_of`: under 1 day, 1–3, 3–7, 7–15, 15–30, 30 days and more
/// (each band includes its lower limit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgeBands {
    /// The counts per band.
    pub counts: [u64; 6],
}

impl AgeBands {
    /// The bands' lower limits in days, after the first (which starts at 0).
    pub const LIMITS_DAYS: [u64; 5] = [1, 3, 7, 15, 30];

    #[inline]
    fn band(age_secs: u64) -> usize {
        let d = age_secs / 86_400;
        AgeBands::LIMITS_DAYS.iter().filter(|l| d >= **l).count()
    }
}

/// How many appeals each citizen filed in the period, by pseudonymous key; mergeable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenTally {
    /// (citizen, appeals) sorted by key.
    counts: Vec<(CitizenKey, u32)>,
}

impl CitizenTally {
    /// Distinct citizens who filed at least one appeal with a key.
    pub fn citizens(&self) -> u64 {
        self.counts.len() as u64
    }

    /// Distinct citizens with two or more appeals in the period.
    pub fn repeat_appellants(&self) -> u64 {
        self.counts.iter().filter(|c| c.1 >= 2).count() as u64
    }

    /// The appeals of one citizen.
    pub fn appeals_of(&self, citizen: &CitizenKey) -> u32 {
        self.counts
            .binary_search_by(|c| c.0.cmp(citizen))
            .map_or(0, |i| self.counts[i].1)
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: &CitizenTally) {
        let mut out = Vec::with_capacity(self.counts.len() + other.counts.len());
        let (mut a, mut b) = (
            self.counts.iter().peekable(),
            other.counts.iter().peekable(),
        );
        loop {
            match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    out.push((x.0, x.1.saturating_add(y.1)));
                    a.next();
                    b.next();
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    out.push(**x);
                    a.next();
                }
                (Some(_), Some(y)) => {
                    out.push(**y);
                    b.next();
                }
                (Some(x), None) => {
                    out.push(**x);
                    a.next();
                }
                (None, Some(y)) => {
                    out.push(**y);
                    b.next();
                }
                (None, None) => break,
            }
        }
        self.counts = out;
    }
}

/// What to compute: the period, the instant the figures describe, the time zone of the
/// period's dates, and whether to tally citizens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticsSpec {
    /// The local dates whose registrations are counted.
    pub period: Period,
    /// The instant the figures describe: open appeals past due at this instant are
    /// breached, and backlog ages are measured to it.
    pub as_of: DateTime<Utc>,
    /// The zone of the period's dates and of the load's hours.
    pub time_zone: Tz,
    /// Whether to build the [`CitizenTally`] (for repeat appellants); it costs a pass
    /// over the citizen keys and a sort.
    pub citizens: bool,
}

impl StatisticsSpec {
    /// A period in Asia/Almaty, with the citizen tally.
    pub fn new(period: Period, as_of: DateTime<Utc>) -> StatisticsSpec {
        StatisticsSpec {
            period,
            as_of,
            time_zone: chrono_tz::Asia::Almaty,
            citizens: true,
        }
    }

    /// A calendar month in Asia/Almaty, with the citizen tally.
    ///
    /// # Errors
    /// [`StatsError::BadMonth`] when the month does not exist.
    pub fn month(
        year: i32,
        month: u32,
        as_of: DateTime<Utc>,
    ) -> Result<StatisticsSpec, StatsError> {
        Ok(StatisticsSpec::new(Period::month(year, month)?, as_of))
    }
}

/// The statistics of a period: what [`MonthlyReport`](super::MonthlyReport) is made of.
/// See the module documentation for what each figure counts.
///
/// Mergeable: [`Statistics::merge`] of statistics computed over disjoint sets of appeals
/// (districts, days, shards of a log) equals the statistics of their union.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let mut table = AppealTable::new();
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap();
/// table.push(&AppealRow::new(at, Channel::Phone))?;
/// table.push(&AppealRow::new(at, Channel::WhatsApp))?;
/// let as_of = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
/// let stats = Statistics::compute(&table, &StatisticsSpec::month(2026, 3, as_of)?);
/// assert_eq!(stats.considered, 2);
/// assert_eq!(stats.by_channel.get(&Channel::WhatsApp), 1);
/// assert_eq!(stats.with_centre(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Statistics {
    /// The period (the hull of the merged periods).
    pub period: Period,
    /// The instant the figures describe.
    pub as_of: DateTime<Utc>,
    /// The zone of the period's dates.
    pub time_zone: Tz,
    /// Appeals registered in the period.
    pub considered: u64,
    /// By channel.
    pub by_channel: Tally<Channel>,
    /// By current category.
    pub by_category: Tally<CategoryCode>,
    /// By district.
    pub by_district: Tally<DistrictCode>,
    /// By the lead body of the current routing.
    pub by_body: Tally<BodyId>,
    /// By current state.
    pub by_state: Tally<State>,
    /// By the current decision's kind; `unknown` holds the undecided.
    pub by_outcome: Tally<OutcomeKind>,
    /// Decided, the current decision made on the first contact.
    pub first_contact: u64,
    /// Flagged repeated by the desk.
    pub repeated: u64,
    /// Reopened at least once.
    pub reopened: u64,
    /// Reopen events.
    pub reopen_events: u64,
    /// SLA classes.
    pub sla: SlaCounts,
    /// SLA classes per lead body.
    pub sla_by_body: Tally<BodyId, SlaCounts>,
    /// SLA classes per category.
    pub sla_by_category: Tally<CategoryCode, SlaCounts>,
    /// Calendar seconds from registration to decision, decided appeals.
    pub resolution: DurationHistogram,
    /// Working seconds from registration to decision, where the hook measured them.
    pub resolution_working: DurationHistogram,
    /// Age at `as_of` of the open appeals, seconds.
    pub backlog_age: DurationHistogram,
    /// Open appeals by age band.
    pub backlog_bands: AgeBands,
    /// Registrations per local date and hour; days without any are absent.
    pub load: BTreeMap<NaiveDate, [u32; 24]>,
    /// Appeals per citizen, when asked for.
    pub citizens: Option<CitizenTally>,
}

const DECIDED: [bool; 10] = {
    let mut d = [false; 10];
    d[State::ResolvedOnFirstContact as usize] = true;
    d[State::Resolved as usize] = true;
    d[State::Closed as usize] = true;
    d
};

struct Hist {
    counts: Vec<u64>,
    count: u64,
    sum: u64,
    min: u64,
    max: u64,
}

impl Hist {
    fn new() -> Hist {
        Hist {
            counts: vec![0; DurationHistogram::BUCKETS],
            count: 0,
            sum: 0,
            min: u64::MAX,
            max: 0,
        }
    }

    #[inline(always)]
    fn add(&mut self, v: u64) {
        self.counts[DurationHistogram::bucket_of(v)] += 1;
        self.count += 1;
        self.sum = self.sum.wrapping_add(v);
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }

    fn finish(self) -> DurationHistogram {
        DurationHistogram::from_parts(self.counts, self.count, self.sum, self.min, self.max)
    }
}

/// The columnar accumulator: plain arrays indexed by code, the unknown in the last slot.
struct Acc {
    considered: u64,
    channel: [u64; 9],
    state: [u64; 11],
    outcome: [u64; 9],
    category: Vec<u64>,
    district: Vec<u64>,
    body: Vec<u64>,
    first_contact: u64,
    repeated: u64,
    reopened: u64,
    reopen_events: u64,
    sla_category: Vec<[u64; 5]>,
    sla_body: Vec<[u64; 5]>,
    resolution: Hist,
    working: Hist,
    age: Hist,
    bands: [u64; 6],
    load: Vec<u32>,
    citizen: Option<Vec<u32>>,
}

impl Statistics {
    /// Computes the statistics of `spec.period` over `table` in one pass.
    ///
    /// Rows are skipped by blocks whose registration instants all fall outside the
    /// period (a zone map), so a month of a year-long, time-ordered table reads about a
    /// twelfth of it.
    pub fn compute(table: &AppealTable, spec: &StatisticsSpec) -> Statistics {
        let clock = LocalClock::new(&spec.period, spec.time_zone);
        let (ncat, ndis, nbody) = (
            table.categories.values.len(),
            table.districts.values.len(),
            table.bodies.values.len(),
        );
        let mut acc = Acc {
            considered: 0,
            channel: [0; 9],
            state: [0; 11],
            outcome: [0; 9],
            category: vec![0; ncat + 1],
            district: vec![0; ndis + 1],
            body: vec![0; nbody + 1],
            first_contact: 0,
            repeated: 0,
            reopened: 0,
            reopen_events: 0,
            sla_category: vec![[0; 5]; ncat + 1],
            sla_body: vec![[0; 5]; nbody + 1],
            resolution: Hist::new(),
            working: Hist::new(),
            age: Hist::new(),
            bands: [0; 6],
            load: vec![0; clock.days * 24],
            citizen: spec
                .citizens
                .then(|| vec![0u32; table.citizens.values.len()]),
        };
        let n = table.len();
        for (z, &(zmin, zmax)) in table.zones.iter().enumerate() {
            if zmax < clock.lo || zmin >= clock.hi {
                continue;
            }
            let start = z * ZONE_ROWS;
            let end = (start + ZONE_ROWS).min(n);
            acc.block(table, start, end, &clock, spec.as_of.timestamp());
        }
        acc.finish(table, spec, &clock)
    }

    /// Decided: the current decision exists (states resolved on first contact,
    /// resolved, closed). The report's *fulfilled*.
    pub fn decided(&self) -> u64 {
        State::ALL
            .iter()
            .filter(|s| DECIDED[**s as usize])
            .map(|s| self.by_state.get(s))
            .sum()
    }

    /// Open and with a responsible body (routed, in progress, awaiting the citizen).
    pub fn with_bodies(&self) -> u64 {
        State::ALL
            .iter()
            .filter(|s| s.is_with_body())
            .map(|s| self.by_state.get(s))
            .sum()
    }

    /// Open and with the centre (registered, returned, reopened; anything else not
    /// decided and not with a body).
    pub fn with_centre(&self) -> u64 {
        self.considered - self.decided() - self.with_bodies()
    }

    /// Decided with outcome fulfilled or partly fulfilled.
    pub fn satisfied(&self) -> u64 {
        self.by_outcome.get(&OutcomeKind::Fulfilled)
            + self.by_outcome.get(&OutcomeKind::PartlyFulfilled)
    }

    /// Came by phone.
    pub fn by_phone(&self) -> u64 {
        self.by_channel.get(&Channel::Phone)
    }

    /// Came through social networks and messengers ([`Channel::is_social`]).
    pub fn by_social(&self) -> u64 {
        self.by_channel
            .known
            .iter()
            .filter(|(c, _)| c.is_social())
            .map(|(_, n)| n)
            .sum()
    }

    /// Came by any other channel, or an unknown one.
    pub fn by_other(&self) -> u64 {
        self.considered - self.by_phone() - self.by_social()
    }

    /// Open appeals (the backlog): considered − decided.
    pub fn open(&self) -> u64 {
        self.considered - self.decided()
    }

    /// Registrations per local date of the period, zero days included.
    pub fn per_day(&self) -> Vec<(NaiveDate, u64)> {
        self.period
            .dates()
            .map(|d| {
                let n = self
                    .load
                    .get(&d)
                    .map_or(0, |h| h.iter().map(|x| u64::from(*x)).sum());
                (d, n)
            })
            .collect()
    }

    /// Registrations per local hour of day (0–23) over the period.
    pub fn per_hour_of_day(&self) -> [u64; 24] {
        let mut out = [0u64; 24];
        for hours in self.load.values() {
            for (o, h) in out.iter_mut().zip(hours) {
                *o += u64::from(*h);
            }
        }
        out
    }

    /// Adds the statistics of another, disjoint set of appeals. The period becomes the
    /// hull of both.
    ///
    /// # Errors
    /// [`StatsError::AsOfMismatch`], [`StatsError::TimeZoneMismatch`] or
    /// [`StatsError::CitizenTallyMismatch`] when the two were not computed alike;
    /// `self` is then unchanged.
    pub fn merge(&mut self, other: &Statistics) -> Result<(), StatsError> {
        if self.as_of != other.as_of {
            return Err(StatsError::AsOfMismatch {
                left: self.as_of,
                right: other.as_of,
            });
        }
        if self.time_zone != other.time_zone {
            return Err(StatsError::TimeZoneMismatch {
                left: self.time_zone.name().to_owned(),
                right: other.time_zone.name().to_owned(),
            });
        }
        if self.citizens.is_some() != other.citizens.is_some() {
            return Err(StatsError::CitizenTallyMismatch);
        }
        self.period = self.period.hull(&other.period);
        self.considered += other.considered;
        self.by_channel.merge(&other.by_channel);
        self.by_category.merge(&other.by_category);
        self.by_district.merge(&other.by_district);
        self.by_body.merge(&other.by_body);
        self.by_state.merge(&other.by_state);
        self.by_outcome.merge(&other.by_outcome);
        self.first_contact += other.first_contact;
        self.repeated += other.repeated;
        self.reopened += other.reopened;
        self.reopen_events += other.reopen_events;
        self.sla += &other.sla;
        self.sla_by_body.merge(&other.sla_by_body);
        self.sla_by_category.merge(&other.sla_by_category);
        self.resolution.merge(&other.resolution);
        self.resolution_working.merge(&other.resolution_working);
        self.backlog_age.merge(&other.backlog_age);
        for (a, b) in self
            .backlog_bands
            .counts
            .iter_mut()
            .zip(other.backlog_bands.counts)
        {
            *a += b;
        }
        for (d, hours) in &other.load {
            let mine = self.load.entry(*d).or_insert([0; 24]);
            for (a, b) in mine.iter_mut().zip(hours) {
                *a = a.saturating_add(*b);
            }
        }
        if let (Some(a), Some(b)) = (&mut self.citizens, &other.citizens) {
            a.merge(b);
        }
        Ok(())
    }
}

impl Acc {
    #[inline(never)]
    fn block(&mut self, t: &AppealTable, start: usize, end: usize, clock: &LocalClock, as_of: i64) {
        let reg = &t.registered[start..end];
        let n = reg.len();
        let channel = &t.channel[start..start + n];
        let category = &t.category[start..start + n];
        let district = &t.district[start..start + n];
        let body = &t.body[start..start + n];
        let state = &t.state[start..start + n];
        let outcome = &t.outcome[start..start + n];
        let flags = &t.flags[start..start + n];
        let decided = &t.decided[start..start + n];
        let due = &t.due[start..start + n];
        let working = &t.working[start..start + n];
        let reopened = &t.reopened[start..start + n];
        let citizen = &t.citizen[start..start + n];
        let (lo, hi) = (clock.lo, clock.hi);
        let ncat = self.category.len() - 1;
        let ndis = self.district.len() - 1;
        let nbody = self.body.len() - 1;
        for i in 0..n {
            let at = reg[i];
            if at < lo || at >= hi {
                continue;
            }
            self.considered += 1;
            let (day, hour) = clock.day_hour(at);
            self.load[day * 24 + hour] += 1;
            self.channel[usize::from(channel[i]).min(8)] += 1;
            let s = usize::from(state[i]).min(10);
            self.state[s] += 1;
            self.outcome[usize::from(outcome[i]).min(8)] += 1;
            let cat = usize::from(category[i]).min(ncat);
            self.category[cat] += 1;
            self.district[usize::from(district[i]).min(ndis)] += 1;
            let b = usize::from(body[i]).min(nbody);
            self.body[b] += 1;
            let f = flags[i];
            self.repeated += u64::from(f & REPEATED != 0);
            let r = reopened[i];
            self.reopened += u64::from(r > 0);
            self.reopen_events += u64::from(r);
            let done = s < 10 && DECIDED[s];
            let dec = decided[i];
            if done {
                self.first_contact += u64::from(f & FIRST_CONTACT != 0);
                if dec != NO_TIME {
                    self.resolution.add((dec - at).max(0) as u64);
                }
                let w = working[i];
                if w != NO_TIME {
                    self.working.add(w.max(0) as u64);
                }
            } else {
                let age = (as_of - at).max(0) as u64;
                self.age.add(age);
                self.bands[AgeBands::band(age)] += 1;
            }
            let d = due[i];
            let class = if d == NO_TIME {
                4
            } else if done {
                let when = if dec == NO_TIME { as_of } else { dec };
                usize::from(when > d)
            } else if as_of > d {
                2
            } else {
                3
            };
            self.sla_category[cat][class] += 1;
            self.sla_body[b][class] += 1;
            if let Some(c) = &mut self.citizen
                && let Some(slot) = c.get_mut(citizen[i] as usize)
            {
                *slot = slot.saturating_add(1);
            }
        }
    }

    fn finish(self, t: &AppealTable, spec: &StatisticsSpec, clock: &LocalClock) -> Statistics {
        fn tally<K: Ord + Clone>(counts: &[u64], dict: &[K]) -> Tally<K> {
            let mut out = Tally::default();
            for (i, &c) in counts.iter().enumerate() {
                out.add(dict.get(i), c);
            }
            out
        }
        fn sla_tally<K: Ord + Clone>(counts: &[[u64; 5]], dict: &[K]) -> Tally<K, SlaCounts> {
            let mut out = Tally::default();
            for (i, c) in counts.iter().enumerate() {
                out.add(dict.get(i), SlaCounts::from_array(*c));
            }
            out
        }
        let mut sla = SlaCounts::default();
        for c in &self.sla_category {
            sla += &SlaCounts::from_array(*c);
        }
        let mut load = BTreeMap::new();
        for day in 0..clock.days {
            let mut hours = [0u32; 24];
            hours.copy_from_slice(&self.load[day * 24..day * 24 + 24]);
            if hours.iter().any(|h| *h > 0) {
                load.insert(clock.date(day), hours);
            }
        }
        let citizens = self.citizen.map(|counts| {
            let mut v: Vec<(CitizenKey, u32)> = counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .filter_map(|(i, n)| t.citizens.values.get(i).map(|k| (*k, *n)))
                .collect();
            v.sort_unstable_by_key(|a| a.0);
            CitizenTally { counts: v }
        });
        Statistics {
            period: spec.period,
            as_of: spec.as_of,
            time_zone: spec.time_zone,
            considered: self.considered,
            by_channel: tally(&self.channel, &Channel::ALL),
            by_category: tally(&self.category, &t.categories.values),
            by_district: tally(&self.district, &t.districts.values),
            by_body: tally(&self.body, &t.bodies.values),
            by_state: tally(&self.state, &State::ALL),
            by_outcome: tally(&self.outcome, &OutcomeKind::ALL),
            first_contact: self.first_contact,
            repeated: self.repeated,
            reopened: self.reopened,
            reopen_events: self.reopen_events,
            sla,
            sla_by_body: sla_tally(&self.sla_body, &t.bodies.values),
            sla_by_category: sla_tally(&self.sla_category, &t.categories.values),
            resolution: self.resolution.finish(),
            resolution_working: self.working.finish(),
            backlog_age: self.age.finish(),
            backlog_bands: AgeBands { counts: self.bands },
            load,
            citizens,
        }
    }
}
