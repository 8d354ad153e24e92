//! The desk: the centre's in-memory registry of appeals.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::appeal::{
    Actor, Appeal, Command, CommandError, EVENT_SCHEMA, EventKind, IdempotencyKey, Intake,
    LogRecord, NumberError, NumberFormat, RegistrationNumber, ReplayError, State,
};
use crate::citizen::{CitizenHasher, CitizenKey};
use crate::code::{ActorId, BodyId, DistrictCode};
use crate::taxonomy::{ClassificationError, Taxonomy};

/// Why the desk refused a request. The desk is unchanged after any error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeskError {
    /// No appeal has this number.
    #[error("no appeal {number}")]
    NotFound {
        /// The number asked for.
        number: String,
    },
    /// The idempotency key was used before for a different draft.
    #[error("idempotency key {key} was already used for a different draft ({number})")]
    IdempotencyConflict {
        /// The key.
        key: String,
        /// The appeal registered under it.
        number: RegistrationNumber,
    },
    /// The lifecycle refused the command.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// The category or subcategory is not in the desk's taxonomy.
    #[error(transparent)]
    Classification(#[from] ClassificationError),
    /// The number format ran out of numbers for the year.
    #[error(transparent)]
    Number(#[from] NumberError),
    /// A line of an imported log is not a valid record.
    #[error("log line {line} is not a valid record: {message}")]
    BadRecord {
        /// The line, from 1.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// An imported record has a schema version this crate does not read.
    #[error("log line {line} has schema {found}; this crate reads {EVENT_SCHEMA}")]
    UnsupportedSchema {
        /// The line, from 1.
        line: usize,
        /// The version found.
        found: u32,
    },
    /// An imported appeal's records are not numbered 0, 1, 2, ... in order.
    #[error("log line {line}: appeal {number} expects event {expected}, found {found}")]
    BadSequence {
        /// The line, from 1.
        line: usize,
        /// The appeal.
        number: RegistrationNumber,
        /// The position expected.
        expected: u32,
        /// The position found.
        found: u32,
    },
    /// An imported appeal's history does not replay.
    #[error("appeal {number} does not replay: {source}")]
    Replay {
        /// The appeal.
        number: RegistrationNumber,
        /// Why.
        source: ReplayError,
    },
    /// An appeal held at rest could not be decoded (a defect, not bad input).
    #[error("appeal {number} at rest is corrupt: {message}")]
    Corrupt {
        /// The appeal.
        number: RegistrationNumber,
        /// What the decoder said.
        message: String,
    },
    /// An imported appeal's registered number differs from the records' number, or is missing.
    #[error("appeal {number}: its registered event names another number or none")]
    NumberMismatch {
        /// The records' number.
        number: RegistrationNumber,
    },
}

/// What a desk needs to know: how to number appeals, in which time zone, what the
/// categories are, and the secret for citizen keys.
#[derive(Debug, Clone)]
pub struct DeskConfig {
    /// How registration numbers are written.
    pub number_format: NumberFormat,
    /// The time zone whose calendar year numbers restart in.
    pub time_zone: Tz,
    /// The categories appeals are checked against.
    pub taxonomy: Arc<Taxonomy>,
    /// Derives the pseudonymous citizen keys.
    pub hasher: CitizenHasher,
    /// An appeal is *repeated* when the same citizen filed one in the same category
    /// within this many days before it.
    pub repeat_window_days: u32,
}

impl DeskConfig {
    /// Shymkent's defaults (`SHY-{year}-{seq:6}`, Asia/Almaty, the embedded taxonomy,
    /// 30-day repeat window) with the given secret for citizen keys.
    pub fn shymkent(secret: [u8; 32]) -> DeskConfig {
        DeskConfig {
            number_format: NumberFormat::default(),
            time_zone: chrono_tz::Asia::Almaty,
            taxonomy: Taxonomy::shymkent(),
            hasher: CitizenHasher::new(secret),
            repeat_window_days: 30,
        }
    }
}

/// The result of [`Desk::submit`].
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// The appeal's registration number.
    pub number: RegistrationNumber,
    /// `false` when the same draft was submitted before and this call changed nothing.
    pub created: bool,
    /// The events recorded (drafted, registered), empty when nothing was created.
    pub records: Vec<LogRecord>,
}

/// Filters for [`Desk::find`]. Every given field must match; an empty query matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// Appeals in this state.
    #[serde(default)]
    pub state: Option<State>,
    /// Appeals currently routed to this body.
    #[serde(default)]
    pub body: Option<BodyId>,
    /// Appeals in this district.
    #[serde(default)]
    pub district: Option<DistrictCode>,
    /// Appeals of this citizen.
    #[serde(default)]
    pub citizen: Option<CitizenKey>,
}

type Ix = u32;

/// An appeal as the desk holds it: live while it may still change, compact once closed
/// (a closed appeal is read far more rarely than it is kept).
#[derive(Debug)]
enum Slot {
    Live(Box<Appeal>),
    Closed(Box<[u8]>),
}

#[derive(Debug, Default)]
struct Registry {
    slots: Vec<Slot>,
    /// The registration number of each slot (shared with `by_number`'s keys).
    numbers: Vec<RegistrationNumber>,
    /// Actor ids seen, so that the events of a thousand appeals share one string.
    actors: HashSet<ActorId>,
    by_number: HashMap<RegistrationNumber, Ix>,
    by_key: HashMap<IdempotencyKey, Ix>,
    by_state: HashMap<State, BTreeSet<Ix>>,
    by_body: HashMap<BodyId, BTreeSet<Ix>>,
    by_district: HashMap<DistrictCode, BTreeSet<Ix>>,
    by_citizen: HashMap<CitizenKey, BTreeSet<Ix>>,
    /// The last sequence number used per year.
    seq: HashMap<i32, u64>,
    /// Every event in the order it was recorded: (appeal, position in its history).
    log: Vec<(Ix, u32)>,
}

impl Registry {
    /// The appeal in slot `ix`, decoded when it is at rest.
    fn appeal(&self, ix: Ix) -> Result<Cow<'_, Appeal>, DeskError> {
        match &self.slots[ix as usize] {
            Slot::Live(a) => Ok(Cow::Borrowed(a)),
            Slot::Closed(bytes) => {
                Appeal::from_bytes(bytes)
                    .map(Cow::Owned)
                    .map_err(|e| DeskError::Corrupt {
                        number: self.numbers[ix as usize].clone(),
                        message: e.to_string(),
                    })
            }
        }
    }

    /// Makes slot `ix` live (decoding it if at rest) and returns it.
    fn live(&mut self, ix: Ix) -> Result<&mut Appeal, DeskError> {
        let i = ix as usize;
        if let Slot::Closed(_) = &self.slots[i] {
            let a = self.appeal(ix)?.into_owned();
            self.slots[i] = Slot::Live(Box::new(a));
        }
        match &mut self.slots[i] {
            Slot::Live(a) => Ok(a),
            Slot::Closed(_) => Err(DeskError::Corrupt {
                number: self.numbers[i].clone(),
                message: "slot did not become live".into(),
            }),
        }
    }

    /// Puts a closed appeal at rest in its compact form.
    fn settle(&mut self, ix: Ix) {
        let i = ix as usize;
        if let Slot::Live(a) = &self.slots[i]
            && a.state() == State::Closed
        {
            let bytes = a.to_bytes();
            // Keep it live unless the compact form provably rebuilds it: at rest nothing
            // may be lost, and decoding later is then certain to succeed.
            if Appeal::from_bytes(&bytes).is_ok_and(|back| back == **a) {
                self.slots[i] = Slot::Closed(bytes.into_boxed_slice());
            }
        }
    }

    fn intern(&mut self, actor: &Actor) -> Actor {
        let id = match self.actors.get(&actor.id) {
            Some(id) => id.clone(),
            None => {
                self.actors.insert(actor.id.clone());
                actor.id.clone()
            }
        };
        Actor {
            role: actor.role,
            id,
        }
    }

    fn unindex(&mut self, ix: Ix, state: State, bodies: &[BodyId]) {
        if let Some(s) = self.by_state.get_mut(&state) {
            s.remove(&ix);
        }
        for b in bodies {
            if let Some(s) = self.by_body.get_mut(b) {
                s.remove(&ix);
            }
        }
    }

    fn index(&mut self, ix: Ix, state: State, bodies: &[BodyId]) {
        self.by_state.entry(state).or_default().insert(ix);
        for b in bodies {
            self.by_body.entry(b.clone()).or_default().insert(ix);
        }
    }

    fn insert(&mut self, appeal: Appeal) -> Ix {
        let ix = Ix::try_from(self.slots.len()).unwrap_or(Ix::MAX);
        let number = appeal
            .number()
            .cloned()
            .unwrap_or_else(RegistrationNumber::placeholder);
        self.by_number.insert(number.clone(), ix);
        self.numbers.push(number);
        self.by_key.insert(appeal.key().clone(), ix);
        if let Some(d) = appeal.district() {
            self.by_district.entry(d.clone()).or_default().insert(ix);
        }
        if let Some(c) = appeal.citizen_key() {
            self.by_citizen.entry(c).or_default().insert(ix);
        }
        self.index(ix, appeal.state(), appeal.bodies());
        self.slots.push(Slot::Live(Box::new(appeal)));
        self.settle(ix);
        ix
    }

    /// The log records at the given positions, decoding each appeal at rest once per run.
    fn records(&self, positions: &[(Ix, u32)]) -> Result<Vec<LogRecord>, DeskError> {
        let mut out = Vec::with_capacity(positions.len());
        let mut cache: Option<(Ix, Appeal)> = None;
        for &(ix, seq) in positions {
            let event = match &self.slots[ix as usize] {
                Slot::Live(a) => a.history()[seq as usize].clone(),
                Slot::Closed(_) => {
                    if cache.as_ref().is_none_or(|(c, _)| *c != ix) {
                        cache = Some((ix, self.appeal(ix)?.into_owned()));
                    }
                    match &cache {
                        Some((_, a)) => a.history()[seq as usize].clone(),
                        None => continue,
                    }
                }
            };
            out.push(LogRecord {
                v: EVENT_SCHEMA,
                number: self.numbers[ix as usize].clone(),
                seq,
                event,
            });
        }
        Ok(out)
    }
}

/// The centre's registry of appeals: assigns registration numbers, holds appeals,
/// applies commands to them, finds them by number, state, body, district and citizen,
/// and exports and imports its event log.
///
/// # Locking
/// A `Desk` is `Send + Sync`; share it behind an `Arc`. All state sits behind one
/// `RwLock`. Reads ([`get`](Desk::get), [`find`](Desk::find), exports) share it; writes
/// ([`submit`](Desk::submit), [`execute`](Desk::execute)) hold it exclusively for the
/// time of one command: a decision, an append and a few index updates, microseconds.
/// No callback runs under the lock, so nothing can deadlock. Because a command is
/// decided and applied under the same write lock, the log order is the apply order and
/// registration numbers are unique and gap-free. Commands are validated before any
/// change, so a lock is never left holding a half-made change; a poisoned lock is
/// therefore safe to keep using, and the desk does so.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let desk = Desk::new(DeskConfig::shymkent([7; 32]));
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap();
/// let op = Actor::new(Role::Operator, ActorId::new("op-7")?);
/// let mut intake = Intake::new(Channel::WhatsApp, "Ауладағы шам жанбайды", Language::Kk);
/// intake.district = Some(DistrictCode::new("abay")?);
/// let key = IdempotencyKey::new("phone-42-draft-1")?;
/// let first = desk.submit(key.clone(), intake.clone(), &op, at)?;
/// assert_eq!(first.number.as_str(), "SHY-2026-000001");
/// // The phone re-sends the same draft: same number, nothing new.
/// let again = desk.submit(key, intake, &op, at)?;
/// assert_eq!((again.number, again.created), (first.number.clone(), false));
/// assert_eq!(desk.find(&Query { state: Some(State::Registered), ..Query::default() }), vec![first.number]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Desk {
    config: DeskConfig,
    registry: RwLock<Registry>,
}

impl Desk {
    /// An empty desk.
    pub fn new(config: DeskConfig) -> Desk {
        Desk {
            config,
            registry: RwLock::new(Registry::default()),
        }
    }

    /// The desk's configuration.
    pub fn config(&self) -> &DeskConfig {
        &self.config
    }

    fn read(&self) -> RwLockReadGuard<'_, Registry> {
        self.registry.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Registry> {
        self.registry
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a draft, or returns the earlier registration of the same draft.
    ///
    /// The draft is written and registered in one step at `at` (APPK Art. 64: the same
    /// day). The appeal is flagged *repeated* when the same citizen (by phone) filed one
    /// in the same category within the configured window.
    ///
    /// # Errors
    /// [`DeskError::IdempotencyConflict`] when `key` was used for a different intake;
    /// [`DeskError::Classification`] for a category not in the taxonomy;
    /// [`DeskError::Command`] for an invalid intake or a role that may not register;
    /// [`DeskError::Number`] when the year's numbers are exhausted.
    pub fn submit(
        &self,
        key: IdempotencyKey,
        intake: Intake,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<Submission, DeskError> {
        if let Some(cat) = &intake.category {
            self.config.taxonomy.check(
                cat.as_str(),
                intake.subcategory.as_ref().map(|s| s.as_str()),
            )?;
        }
        let citizen = intake
            .citizen
            .as_ref()
            .and_then(|c| c.phone.as_ref())
            .map(|p| self.config.hasher.key(p));
        let year = at.with_timezone(&self.config.time_zone).year();
        let mut reg = self.write();
        if let Some(&ix) = reg.by_key.get(&key) {
            let existing = reg.appeal(ix)?;
            let number = reg.numbers[ix as usize].clone();
            let same = match &existing.history()[0].kind {
                EventKind::Drafted { intake: first, .. } => **first == intake,
                _ => false,
            };
            if !same {
                return Err(DeskError::IdempotencyConflict {
                    key: key.as_str().to_owned(),
                    number,
                });
            }
            return Ok(Submission {
                number,
                created: false,
                records: Vec::new(),
            });
        }
        let seq = reg.seq.get(&year).copied().unwrap_or(0) + 1;
        let number = self.config.number_format.format(year, seq)?;
        let repeated = match (citizen, &intake.category) {
            (Some(c), Some(cat)) => {
                let since = at - Duration::days(i64::from(self.config.repeat_window_days));
                reg.by_citizen.get(&c).is_some_and(|ixs| {
                    ixs.iter().any(|&i| {
                        reg.appeal(i).is_ok_and(|a| {
                            a.category() == Some(cat)
                                && a.registered_at().is_some_and(|r| r >= since)
                        })
                    })
                })
            }
            _ => false,
        };
        let actor = &reg.intern(actor);
        let mut appeal = Appeal::draft(key, intake, actor, at)?;
        appeal.execute(
            Command::Register {
                number: number.clone(),
                citizen,
                repeated,
            },
            actor,
            at,
        )?;
        reg.seq.insert(year, seq);
        let ix = reg.insert(appeal);
        reg.log.push((ix, 0));
        reg.log.push((ix, 1));
        let records = reg.records(&[(ix, 0), (ix, 1)])?;
        Ok(Submission {
            number,
            created: true,
            records,
        })
    }

    /// Applies a command to an appeal and returns the recorded event as a log record.
    ///
    /// # Errors
    /// [`DeskError::NotFound`], [`DeskError::Classification`] for a category not in the
    /// taxonomy, or [`DeskError::Command`] when the lifecycle refuses; the desk is unchanged.
    pub fn execute(
        &self,
        number: &str,
        command: Command,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<LogRecord, DeskError> {
        if let Command::Classify {
            category,
            subcategory,
        } = &command
        {
            self.config
                .taxonomy
                .check(category.as_str(), subcategory.as_ref().map(|s| s.as_str()))?;
        }
        let mut reg = self.write();
        let ix = *reg
            .by_number
            .get(number)
            .ok_or_else(|| DeskError::NotFound {
                number: number.to_owned(),
            })?;
        let actor = &reg.intern(actor);
        // Decide on the appeal as it is (decoding it if at rest) before changing anything.
        let event = reg.appeal(ix)?.decide(command, actor, at)?;
        let appeal = reg.live(ix)?;
        let (state, bodies) = (appeal.state(), appeal.bodies().to_vec());
        let applied = appeal.evolve(event);
        let seq = u32::try_from(appeal.history().len() - 1).unwrap_or(u32::MAX);
        let (new_state, new_bodies) = (appeal.state(), appeal.bodies().to_vec());
        if (state, &bodies) != (new_state, &new_bodies) {
            reg.unindex(ix, state, &bodies);
            reg.index(ix, new_state, &new_bodies);
        }
        if let Err(source) = applied {
            // `decide` accepted it, so `evolve` cannot refuse; report rather than panic.
            return Err(DeskError::Replay {
                number: reg.numbers[ix as usize].clone(),
                source,
            });
        }
        reg.log.push((ix, seq));
        reg.settle(ix);
        Ok(reg.records(&[(ix, seq)])?.remove(0))
    }

    /// A copy of the appeal with this number.
    pub fn get(&self, number: &str) -> Option<Appeal> {
        let reg = self.read();
        reg.by_number
            .get(number)
            .and_then(|&ix| reg.appeal(ix).ok())
            .map(Cow::into_owned)
    }

    /// Runs `f` on the appeal with this number without copying it. `f` runs under the
    /// read lock: keep it short and do not call the desk from it.
    pub fn with<R>(&self, number: &str, f: impl FnOnce(&Appeal) -> R) -> Option<R> {
        let reg = self.read();
        reg.by_number
            .get(number)
            .and_then(|&ix| reg.appeal(ix).ok())
            .map(|a| f(&a))
    }

    /// The number of an appeal registered under this idempotency key.
    pub fn number_for_key(&self, key: &IdempotencyKey) -> Option<RegistrationNumber> {
        let reg = self.read();
        reg.by_key
            .get(key)
            .map(|&ix| reg.numbers[ix as usize].clone())
    }

    /// The numbers of the appeals matching `query`, in registration order.
    pub fn find(&self, query: &Query) -> Vec<RegistrationNumber> {
        let reg = self.read();
        let empty = BTreeSet::new();
        let mut sets: Vec<&BTreeSet<Ix>> = Vec::new();
        if let Some(s) = query.state {
            sets.push(reg.by_state.get(&s).unwrap_or(&empty));
        }
        if let Some(b) = &query.body {
            sets.push(reg.by_body.get(b).unwrap_or(&empty));
        }
        if let Some(d) = &query.district {
            sets.push(reg.by_district.get(d).unwrap_or(&empty));
        }
        if let Some(c) = &query.citizen {
            sets.push(reg.by_citizen.get(c).unwrap_or(&empty));
        }
        let number = |ix: Ix| Some(reg.numbers[ix as usize].clone());
        // Walk the smallest set and test membership in the others.
        sets.sort_by_key(|s| s.len());
        match sets.split_first() {
            None => (0..reg.slots.len())
                .filter_map(|i| number(i as Ix))
                .collect(),
            Some((first, rest)) => first
                .iter()
                .filter(|ix| rest.iter().all(|s| s.contains(ix)))
                .filter_map(|&ix| number(ix))
                .collect(),
        }
    }

    /// How many appeals the desk holds.
    pub fn len(&self) -> usize {
        self.read().slots.len()
    }

    /// Whether the desk holds no appeal.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many appeals are in each state.
    pub fn count_by_state(&self) -> Vec<(State, usize)> {
        let reg = self.read();
        State::ALL
            .iter()
            .map(|s| (*s, reg.by_state.get(s).map_or(0, BTreeSet::len)))
            .collect()
    }

    /// How many appeals the citizen registered in `[since, until]`.
    pub fn citizen_appeals_between(
        &self,
        citizen: CitizenKey,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> usize {
        let reg = self.read();
        reg.by_citizen.get(&citizen).map_or(0, |ixs| {
            ixs.iter()
                .filter(|&&i| {
                    reg.appeal(i)
                        .is_ok_and(|a| a.registered_at().is_some_and(|r| r >= since && r <= until))
                })
                .count()
        })
    }

    /// How many events the desk has recorded.
    pub fn log_len(&self) -> usize {
        self.read().log.len()
    }

    /// The recorded events from position `from` (in recording order), at most `limit`.
    /// Feed a journal or statistics incrementally by remembering the last position.
    ///
    /// # Errors
    /// [`DeskError::Corrupt`] if an appeal at rest cannot be decoded (a defect).
    pub fn log_since(&self, from: usize, limit: usize) -> Result<Vec<LogRecord>, DeskError> {
        let reg = self.read();
        let end = from.saturating_add(limit).min(reg.log.len());
        let start = from.min(end);
        reg.records(&reg.log[start..end])
    }

    /// The whole event log as JSON Lines, one [`LogRecord`] per line, in recording order.
    ///
    /// # Errors
    /// [`DeskError::Corrupt`] if an appeal at rest cannot be decoded (a defect).
    pub fn export_json_lines(&self) -> Result<String, DeskError> {
        let reg = self.read();
        let mut out = String::new();
        for chunk in reg.log.chunks(4096) {
            for record in reg.records(chunk)? {
                // A record holds only strings, numbers and enums; serialising cannot fail.
                if let Ok(line) = serde_json::to_string(&record) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
        Ok(out)
    }

    /// Rebuilds a desk from an event log in JSON Lines (as written by
    /// [`export_json_lines`](Desk::export_json_lines)). Blank lines are skipped. Number
    /// counters continue after the highest imported number of each year.
    ///
    /// # Errors
    /// [`DeskError`] naming the first bad line or appeal; nothing is built.
    pub fn import_json_lines(config: DeskConfig, text: &str) -> Result<Desk, DeskError> {
        let mut records = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let r: LogRecord = serde_json::from_str(line).map_err(|e| DeskError::BadRecord {
                line: i + 1,
                message: e.to_string(),
            })?;
            if r.v != EVENT_SCHEMA {
                return Err(DeskError::UnsupportedSchema {
                    line: i + 1,
                    found: r.v,
                });
            }
            records.push((i + 1, r));
        }
        Desk::import(config, records)
    }

    /// Rebuilds a desk from log records in recording order.
    ///
    /// # Errors
    /// As [`import_json_lines`](Desk::import_json_lines).
    pub fn import_records(config: DeskConfig, records: Vec<LogRecord>) -> Result<Desk, DeskError> {
        Desk::import(
            config,
            records
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r))
                .collect(),
        )
    }

    fn import(config: DeskConfig, records: Vec<(usize, LogRecord)>) -> Result<Desk, DeskError> {
        // Group per appeal, keeping the global order.
        let mut order: Vec<RegistrationNumber> = Vec::new();
        let mut per: HashMap<RegistrationNumber, Vec<crate::appeal::Event>> = HashMap::new();
        let mut log: Vec<(RegistrationNumber, u32)> = Vec::with_capacity(records.len());
        for (line, r) in records {
            let events = per.entry(r.number.clone()).or_insert_with(|| {
                order.push(r.number.clone());
                Vec::new()
            });
            let expected = u32::try_from(events.len()).unwrap_or(u32::MAX);
            if r.seq != expected {
                return Err(DeskError::BadSequence {
                    line,
                    number: r.number,
                    expected,
                    found: r.seq,
                });
            }
            events.push(r.event);
            log.push((r.number, r.seq));
        }
        let mut reg = Registry::default();
        for number in order {
            let events = per.remove(&number).unwrap_or_default();
            let appeal = Appeal::replay(events).map_err(|source| DeskError::Replay {
                number: number.clone(),
                source,
            })?;
            if appeal.number() != Some(&number) {
                return Err(DeskError::NumberMismatch { number });
            }
            if let Some((year, seq)) = config.number_format.parse(number.as_str()) {
                let s = reg.seq.entry(year).or_insert(0);
                *s = (*s).max(seq);
            }
            reg.insert(appeal);
        }
        reg.log = log
            .into_iter()
            .map(|(n, seq)| (reg.by_number[&n], seq))
            .collect();
        Ok(Desk {
            config,
            registry: RwLock::new(reg),
        })
    }
}
