//! The desk: the centre's in-memory registry of appeals.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::appeal::{
    Actor, Appeal, Command, CommandError, EVENT_SCHEMA, EventKind, IdempotencyKey, Intake,
    LogRecord, NumberError, NumberFormat, RegistrationNumber, ReplayError, State,
};
use crate::citizen::{CitizenHasher, CitizenKey};
use crate::code::{BodyId, DistrictCode};
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

#[derive(Debug, Default)]
struct Registry {
    appeals: Vec<Appeal>,
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
    fn unindex(&mut self, ix: Ix) {
        let a = &self.appeals[ix as usize];
        if let Some(s) = self.by_state.get_mut(&a.state()) {
            s.remove(&ix);
        }
        for b in a.bodies() {
            if let Some(s) = self.by_body.get_mut(b) {
                s.remove(&ix);
            }
        }
    }

    fn index(&mut self, ix: Ix) {
        let a = &self.appeals[ix as usize];
        self.by_state.entry(a.state()).or_default().insert(ix);
        for b in a.bodies() {
            self.by_body.entry(b.clone()).or_default().insert(ix);
        }
    }

    fn insert(&mut self, appeal: Appeal) -> Ix {
        let ix = Ix::try_from(self.appeals.len()).unwrap_or(Ix::MAX);
        if let Some(n) = appeal.number() {
            self.by_number.insert(n.clone(), ix);
        }
        self.by_key.insert(appeal.key().clone(), ix);
        if let Some(d) = appeal.district() {
            self.by_district.entry(d.clone()).or_default().insert(ix);
        }
        if let Some(c) = appeal.citizen_key() {
            self.by_citizen.entry(c).or_default().insert(ix);
        }
        self.appeals.push(appeal);
        self.index(ix);
        ix
    }

    fn record(&self, ix: Ix, seq: u32) -> LogRecord {
        let a = &self.appeals[ix as usize];
        LogRecord {
            v: EVENT_SCHEMA,
            // Only registered appeals are stored.
            number: a
                .number()
                .cloned()
                .unwrap_or_else(RegistrationNumber::placeholder),
            seq,
            event: a.history()[seq as usize].clone(),
        }
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
            let existing = &reg.appeals[ix as usize];
            let number = existing
                .number()
                .cloned()
                .unwrap_or_else(RegistrationNumber::placeholder);
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
                        let a = &reg.appeals[i as usize];
                        a.category() == Some(cat) && a.registered_at().is_some_and(|r| r >= since)
                    })
                })
            }
            _ => false,
        };
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
        let records = vec![reg.record(ix, 0), reg.record(ix, 1)];
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
        let event = reg.appeals[ix as usize].decide(command, actor, at)?;
        reg.unindex(ix);
        let appeal = &mut reg.appeals[ix as usize];
        let applied = appeal.evolve(event);
        let seq = u32::try_from(appeal.history().len() - 1).unwrap_or(u32::MAX);
        reg.index(ix);
        if let Err(source) = applied {
            // `decide` accepted it, so `evolve` cannot refuse; report rather than panic.
            return Err(DeskError::Replay {
                number: reg.appeals[ix as usize]
                    .number()
                    .cloned()
                    .unwrap_or_else(RegistrationNumber::placeholder),
                source,
            });
        }
        reg.log.push((ix, seq));
        Ok(reg.record(ix, seq))
    }

    /// A copy of the appeal with this number.
    pub fn get(&self, number: &str) -> Option<Appeal> {
        let reg = self.read();
        reg.by_number
            .get(number)
            .map(|&ix| reg.appeals[ix as usize].clone())
    }

    /// Runs `f` on the appeal with this number without copying it. `f` runs under the
    /// read lock: keep it short and do not call the desk from it.
    pub fn with<R>(&self, number: &str, f: impl FnOnce(&Appeal) -> R) -> Option<R> {
        let reg = self.read();
        reg.by_number
            .get(number)
            .map(|&ix| f(&reg.appeals[ix as usize]))
    }

    /// The number of an appeal registered under this idempotency key.
    pub fn number_for_key(&self, key: &IdempotencyKey) -> Option<RegistrationNumber> {
        let reg = self.read();
        reg.by_key
            .get(key)
            .and_then(|&ix| reg.appeals[ix as usize].number().cloned())
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
        let number = |ix: Ix| reg.appeals[ix as usize].number().cloned();
        // Walk the smallest set and test membership in the others.
        sets.sort_by_key(|s| s.len());
        match sets.split_first() {
            None => (0..reg.appeals.len())
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
        self.read().appeals.len()
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
                    reg.appeals[i as usize]
                        .registered_at()
                        .is_some_and(|r| r >= since && r <= until)
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
    pub fn log_since(&self, from: usize, limit: usize) -> Vec<LogRecord> {
        let reg = self.read();
        reg.log
            .iter()
            .skip(from)
            .take(limit)
            .map(|&(ix, seq)| reg.record(ix, seq))
            .collect()
    }

    /// The whole event log as JSON Lines, one [`LogRecord`] per line, in recording order.
    pub fn export_json_lines(&self) -> String {
        let reg = self.read();
        let mut out = String::new();
        for &(ix, seq) in &reg.log {
            // A record holds only strings, numbers and enums; serialising cannot fail.
            if let Ok(line) = serde_json::to_string(&reg.record(ix, seq)) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
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
