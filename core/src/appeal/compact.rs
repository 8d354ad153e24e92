//! A compact binary form of an appeal's history, for appeals at rest.
//!
//! The desk keeps closed appeals in this form: a typical closed appeal takes about
//! half a kilobyte instead of three, and is rebuilt by replay when read. The format is
//! versioned and private to this crate's versions; the exchange format is the JSON
//! Lines event log ([`LogRecord`](super::LogRecord)).
//!
//! Layout: a version byte, a varint event count, then per event: the instant (zigzag
//! varint of seconds since the previous event, varint nanoseconds), the actor (role
//! byte, identifier), a kind byte and the kind's fields. Identifiers (actor ids, codes)
//! go through a per-history table, so a repeated one costs a byte.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::event::{Event, EventKind, GeoPoint, IdempotencyKey, Intake, Routing};
use super::number::RegistrationNumber;
use super::state::{Actor, Channel, Outcome, Priority, Role};
use crate::citizen::{Citizen, CitizenKey, PhoneNumber};
use crate::code::{ActorId, BodyId, CategoryCode, DistrictCode, PolicyId, RuleId, Tag};
use crate::language::Language;

const VERSION: u8 = 1;

/// Bytes that are not a history in the compact form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("compact appeal bytes are corrupt at offset {offset}: {what}")]
pub struct CorruptBytes {
    /// Where decoding stopped.
    pub offset: usize,
    /// What was wrong.
    pub what: &'static str,
}

struct Writer<'a> {
    out: Vec<u8>,
    table: Vec<&'a str>,
}

impl<'a> Writer<'a> {
    fn u8(&mut self, b: u8) {
        self.out.push(b);
    }
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }
    fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    /// An identifier through the table: its index, or the table's length and the text.
    fn id(&mut self, s: &'a str) {
        match self.table.iter().position(|t| *t == s) {
            Some(i) => self.varint(i as u64),
            None => {
                self.varint(self.table.len() as u64);
                self.str(s);
                self.table.push(s);
            }
        }
    }
    fn opt_id(&mut self, s: Option<&'a str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.id(s);
            }
        }
    }
    fn ids<T: AsRef<str>>(&mut self, list: &'a [T]) {
        self.varint(list.len() as u64);
        for x in list {
            self.id(x.as_ref());
        }
    }
    fn instant(&mut self, at: DateTime<Utc>, prev: i64) -> i64 {
        let secs = at.timestamp();
        self.zigzag(secs.wrapping_sub(prev));
        self.varint(u64::from(at.timestamp_subsec_nanos()));
        secs
    }
    fn intake(&mut self, i: &'a Intake) {
        self.u8(channel_byte(i.channel));
        self.opt_id(i.category.as_ref().map(CategoryCode::as_str));
        self.opt_id(i.subcategory.as_ref().map(CategoryCode::as_str));
        self.opt_id(i.district.as_ref().map(DistrictCode::as_str));
        self.opt_str(i.address.as_deref());
        match i.location {
            None => self.u8(0),
            Some(p) => {
                self.u8(1);
                self.out.extend_from_slice(&p.lat.to_le_bytes());
                self.out.extend_from_slice(&p.lon.to_le_bytes());
            }
        }
        self.str(&i.description);
        match &i.citizen {
            None => self.u8(0),
            Some(c) => {
                self.u8(1);
                self.opt_str(c.name.as_deref());
                self.opt_str(c.phone.as_ref().map(PhoneNumber::expose));
            }
        }
        self.u8(language_byte(i.language));
    }
    fn outcome(&mut self, o: &Outcome) {
        match o {
            Outcome::Fulfilled => self.u8(0),
            Outcome::PartlyFulfilled { reason } => {
                self.u8(1);
                self.str(reason);
            }
            Outcome::Explained => self.u8(2),
            Outcome::Refused { reason } => {
                self.u8(3);
                self.str(reason);
            }
            Outcome::Forwarded { to } => {
                self.u8(4);
                self.str(to);
            }
            Outcome::LeftWithoutConsideration { reason } => {
                self.u8(5);
                self.str(reason);
            }
            Outcome::Duplicate { of } => {
                self.u8(6);
                self.str(of.as_str());
            }
            Outcome::Withdrawn => self.u8(7),
        }
    }
}

fn channel_byte(c: Channel) -> u8 {
    Channel::ALL.iter().position(|x| *x == c).unwrap_or(0) as u8
}
fn language_byte(l: Language) -> u8 {
    Language::ALL.iter().position(|x| *x == l).unwrap_or(0) as u8
}
fn role_byte(r: Role) -> u8 {
    Role::ALL.iter().position(|x| *x == r).unwrap_or(0) as u8
}
fn priority_byte(p: Priority) -> u8 {
    match p {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Emergency => 3,
    }
}

/// Encodes a history.
pub(crate) fn encode(history: &[Event]) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::with_capacity(512),
        table: Vec::new(),
    };
    w.u8(VERSION);
    w.varint(history.len() as u64);
    let mut prev = 0i64;
    for e in history {
        prev = w.instant(e.at, prev);
        w.u8(role_byte(e.actor.role));
        w.id(e.actor.id.as_str());
        match &e.kind {
            EventKind::Drafted { key, intake } => {
                w.u8(0);
                w.str(key.as_str());
                w.intake(intake);
            }
            EventKind::Edited { intake } => {
                w.u8(1);
                w.intake(intake);
            }
            EventKind::Registered {
                number,
                citizen,
                repeated,
            } => {
                w.u8(2);
                w.str(number.as_str());
                match citizen {
                    None => w.u8(0),
                    Some(c) => {
                        w.u8(1);
                        w.out.extend_from_slice(c.as_bytes());
                    }
                }
                w.u8(u8::from(*repeated));
            }
            EventKind::Classified {
                category,
                subcategory,
            } => {
                w.u8(3);
                w.id(category.as_str());
                w.opt_id(subcategory.as_ref().map(CategoryCode::as_str));
            }
            EventKind::Routed { routing } => {
                w.u8(4);
                w.ids(&routing.bodies);
                w.u8(priority_byte(routing.priority));
                w.opt_id(routing.policy.as_ref().map(PolicyId::as_str));
                w.opt_id(routing.rule.as_ref().map(RuleId::as_str));
                w.ids(&routing.tags);
                w.u8(u8::from(routing.notify_supervisor));
                w.opt_str(routing.explanation.as_deref());
            }
            EventKind::Accepted => w.u8(5),
            EventKind::InfoRequested { note } => {
                w.u8(6);
                w.str(note);
            }
            EventKind::InfoProvided { note } => {
                w.u8(7);
                w.str(note);
            }
            EventKind::Returned { reason } => {
                w.u8(8);
                w.str(reason);
            }
            EventKind::Resolved {
                outcome,
                first_contact,
            } => {
                w.u8(9);
                w.outcome(outcome);
                w.u8(u8::from(*first_contact));
            }
            EventKind::MarkedDuplicate { of } => {
                w.u8(10);
                w.str(of.as_str());
            }
            EventKind::Withdrawn { reason } => {
                w.u8(11);
                w.opt_str(reason.as_deref());
            }
            EventKind::Extended { until, reason } => {
                w.u8(12);
                w.instant(*until, 0);
                w.str(reason);
            }
            EventKind::Escalated { level, reason } => {
                w.u8(13);
                w.u8(*level);
                w.str(reason);
            }
            EventKind::PolicyChanged { policy, reason } => {
                w.u8(14);
                w.id(policy.as_str());
                w.str(reason);
            }
            EventKind::Closed => w.u8(15),
            EventKind::Reopened { reason } => {
                w.u8(16);
                w.str(reason);
            }
        }
    }
    w.out.shrink_to_fit();
    w.out
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    table: Vec<&'a str>,
}

type R<T> = Result<T, CorruptBytes>;

impl<'a> Reader<'a> {
    fn fail<T>(&self, what: &'static str) -> R<T> {
        Err(CorruptBytes {
            offset: self.pos,
            what,
        })
    }
    fn u8(&mut self) -> R<u8> {
        let b = *self.bytes.get(self.pos).ok_or(CorruptBytes {
            offset: self.pos,
            what: "unexpected end",
        })?;
        self.pos += 1;
        Ok(b)
    }
    fn bool(&mut self) -> R<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => self.fail("bad flag"),
        }
    }
    fn varint(&mut self) -> R<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        self.fail("varint too long")
    }
    fn zigzag(&mut self) -> R<i64> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => self.fail("length past the end"),
        }
    }
    fn str(&mut self) -> R<&'a str> {
        let n = usize::try_from(self.varint()?).unwrap_or(usize::MAX);
        let b = self.take(n)?;
        std::str::from_utf8(b).or_else(|_| self.fail("text is not UTF-8"))
    }
    fn string(&mut self) -> R<String> {
        self.str().map(str::to_owned)
    }
    fn opt_string(&mut self) -> R<Option<String>> {
        Ok(if self.bool()? {
            Some(self.string()?)
        } else {
            None
        })
    }
    fn id(&mut self) -> R<&'a str> {
        let i = usize::try_from(self.varint()?).unwrap_or(usize::MAX);
        if i < self.table.len() {
            Ok(self.table[i])
        } else if i == self.table.len() {
            let s = self.str()?;
            self.table.push(s);
            Ok(s)
        } else {
            self.fail("identifier index out of range")
        }
    }
    fn code<T>(&mut self, make: fn(&str) -> Result<T, crate::code::CodeError>) -> R<T> {
        let s = self.id()?;
        make(s).or_else(|_| self.fail("invalid identifier"))
    }
    fn opt_code<T>(&mut self, make: fn(&str) -> Result<T, crate::code::CodeError>) -> R<Option<T>> {
        Ok(if self.bool()? {
            Some(self.code(make)?)
        } else {
            None
        })
    }
    fn codes<T>(&mut self, make: fn(&str) -> Result<T, crate::code::CodeError>) -> R<Vec<T>> {
        let n = self.varint()?;
        if n > self.bytes.len() as u64 {
            return self.fail("list longer than the bytes");
        }
        (0..n).map(|_| self.code(make)).collect()
    }
    fn number(&mut self) -> R<RegistrationNumber> {
        let s = self.str()?;
        RegistrationNumber::new(s).or_else(|_| self.fail("invalid registration number"))
    }
    fn instant(&mut self, prev: i64) -> R<(DateTime<Utc>, i64)> {
        let secs = prev.wrapping_add(self.zigzag()?);
        let nanos = u32::try_from(self.varint()?).or_else(|_| self.fail("bad nanoseconds"))?;
        match DateTime::from_timestamp(secs, nanos) {
            Some(at) => Ok((at, secs)),
            None => self.fail("instant out of range"),
        }
    }
    fn pick<T: Copy>(&mut self, all: &[T], what: &'static str) -> R<T> {
        let b = usize::from(self.u8()?);
        match all.get(b) {
            Some(x) => Ok(*x),
            None => self.fail(what),
        }
    }
    fn intake(&mut self) -> R<Intake> {
        let channel = self.pick(&Channel::ALL, "bad channel")?;
        let category = self.opt_code(CategoryCode::new)?;
        let subcategory = self.opt_code(CategoryCode::new)?;
        let district = self.opt_code(DistrictCode::new)?;
        let address = self.opt_string()?;
        let location = if self.bool()? {
            let lat = f64::from_le_bytes(self.take(8)?.try_into().unwrap_or([0; 8]));
            let lon = f64::from_le_bytes(self.take(8)?.try_into().unwrap_or([0; 8]));
            Some(GeoPoint { lat, lon })
        } else {
            None
        };
        let description = self.string()?;
        let citizen = if self.bool()? {
            let name = self.opt_string()?;
            let phone = match self.opt_string()? {
                None => None,
                Some(p) => Some(PhoneNumber::parse(&p).or_else(|_| self.fail("invalid phone"))?),
            };
            Some(Citizen { name, phone })
        } else {
            None
        };
        let language = self.pick(&Language::ALL, "bad language")?;
        Ok(Intake {
            channel,
            category,
            subcategory,
            district,
            address,
            location,
            description,
            citizen,
            language,
        })
    }
    fn outcome(&mut self) -> R<Outcome> {
        Ok(match self.u8()? {
            0 => Outcome::Fulfilled,
            1 => Outcome::PartlyFulfilled {
                reason: self.string()?,
            },
            2 => Outcome::Explained,
            3 => Outcome::Refused {
                reason: self.string()?,
            },
            4 => Outcome::Forwarded { to: self.string()? },
            5 => Outcome::LeftWithoutConsideration {
                reason: self.string()?,
            },
            6 => Outcome::Duplicate { of: self.number()? },
            7 => Outcome::Withdrawn,
            _ => return self.fail("bad outcome"),
        })
    }
}

/// Decodes a history written by [`encode`].
pub(crate) fn decode(bytes: &[u8]) -> Result<Vec<Event>, CorruptBytes> {
    let mut r = Reader {
        bytes,
        pos: 0,
        table: Vec::new(),
    };
    if r.u8()? != VERSION {
        return r.fail("unknown version");
    }
    let n = r.varint()?;
    if n > bytes.len() as u64 {
        return r.fail("event count longer than the bytes");
    }
    let mut out = Vec::with_capacity(n as usize);
    let mut prev = 0i64;
    for _ in 0..n {
        let (at, secs) = r.instant(prev)?;
        prev = secs;
        let role = r.pick(&Role::ALL, "bad role")?;
        let id = r.code(ActorId::new)?;
        let kind = match r.u8()? {
            0 => {
                let key = IdempotencyKey::new(r.str()?).or_else(|_| r.fail("invalid key"))?;
                EventKind::Drafted {
                    key,
                    intake: Arc::new(r.intake()?),
                }
            }
            1 => EventKind::Edited {
                intake: Arc::new(r.intake()?),
            },
            2 => {
                let number = r.number()?;
                let citizen = if r.bool()? {
                    let b: [u8; 16] = r.take(16)?.try_into().unwrap_or([0; 16]);
                    Some(CitizenKey::from_bytes(b))
                } else {
                    None
                };
                EventKind::Registered {
                    number,
                    citizen,
                    repeated: r.bool()?,
                }
            }
            3 => EventKind::Classified {
                category: r.code(CategoryCode::new)?,
                subcategory: r.opt_code(CategoryCode::new)?,
            },
            4 => {
                let bodies = r.codes(BodyId::new)?;
                let priority = r.pick(
                    &[
                        Priority::Low,
                        Priority::Normal,
                        Priority::High,
                        Priority::Emergency,
                    ],
                    "bad priority",
                )?;
                let policy = r.opt_code(PolicyId::new)?;
                let rule = r.opt_code(RuleId::new)?;
                let tags = r.codes(Tag::new)?;
                let notify_supervisor = r.bool()?;
                let explanation = r.opt_string()?;
                EventKind::Routed {
                    routing: Arc::new(Routing {
                        bodies,
                        priority,
                        policy,
                        rule,
                        tags,
                        notify_supervisor,
                        explanation,
                    }),
                }
            }
            5 => EventKind::Accepted,
            6 => EventKind::InfoRequested { note: r.string()? },
            7 => EventKind::InfoProvided { note: r.string()? },
            8 => EventKind::Returned {
                reason: r.string()?,
            },
            9 => EventKind::Resolved {
                outcome: r.outcome()?,
                first_contact: r.bool()?,
            },
            10 => EventKind::MarkedDuplicate { of: r.number()? },
            11 => EventKind::Withdrawn {
                reason: r.opt_string()?,
            },
            12 => EventKind::Extended {
                until: r.instant(0)?.0,
                reason: r.string()?,
            },
            13 => EventKind::Escalated {
                level: r.u8()?,
                reason: r.string()?,
            },
            14 => EventKind::PolicyChanged {
                policy: r.code(PolicyId::new)?,
                reason: r.string()?,
            },
            15 => EventKind::Closed,
            16 => EventKind::Reopened {
                reason: r.string()?,
            },
            _ => return r.fail("bad event kind"),
        };
        out.push(Event {
            at,
            actor: Actor { role, id },
            kind,
        });
    }
    if r.pos != bytes.len() {
        return r.fail("trailing bytes");
    }
    Ok(out)
}
