//! A rule set compiled into bitset indexes, and the decisions it gives.
//!
//! For each indexed field (category, subcategory, district, channel, priority, working
//! time, month) and each value of it, a bitset of the rules that accept the value; rules
//! without a condition on the field accept every value, and values no rule names share
//! one "other" row. Evaluation ANDs one row per field and walks the set bits lowest first,
//! checking only the residual conditions (keywords, time of day, repeat, tags) and the
//! declined bodies. That is the plain first-match loop with the work skipped that could
//! not change its answer.

use std::collections::HashMap;

use super::body::Directory;
use super::rule::{Action, FIELDS, Facts, Field, Phrase, RuleError, RuleSet, check_conditions};
use crate::appeal::{Channel, Priority, Routing};
use crate::code::{BodyId, PolicyId, RuleId, Tag};
use crate::taxonomy::Taxonomy;

/// Why no body could be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// Every rule that matched, and the default action, route only to bodies that have
    /// returned the appeal as outside their competence. A supervisor must choose.
    #[error("every matching rule and the default action route only to bodies that declined")]
    AllDeclined,
}

/// The first and last eight bytes of a code (zero-padded), which with the length
/// identify every code of up to sixteen bytes exactly.
fn code_parts(b: &[u8]) -> (u64, u64) {
    let word = |b: &[u8]| {
        let mut w = [0u8; 8];
        w[..b.len()].copy_from_slice(b);
        u64::from_le_bytes(w)
    };
    let n = b.len();
    if n > 8 {
        (word(&b[..8]), word(&b[n.saturating_sub(8)..]))
    } else {
        (word(b), 0)
    }
}

/// One code's entry in a [`CodeTable`]; `slot == 0` marks an empty entry.
#[derive(Debug, Clone, Default)]
struct CodeEntry {
    head: u64,
    tail: u64,
    len: usize,
    slot: u32,
    key: Box<str>,
}

/// A small open-addressing map from codes to slots, built once per compile. Codes of up
/// to sixteen bytes (all of Shymkent's) compare as two integers and a length, with no call
/// to `memcmp`; longer ones compare in full. At most half full, so a probe always ends.
#[derive(Debug, Clone, Default)]
struct CodeTable {
    mask: usize,
    entries: Vec<CodeEntry>,
}

impl CodeTable {
    fn hash(head: u64, tail: u64, len: usize) -> usize {
        let h = (head ^ tail.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h ^ (h >> 32)) as usize
    }

    fn build(codes: &HashMap<Box<str>, u32>) -> CodeTable {
        let cap = (codes.len() * 2).next_power_of_two().max(2);
        let mut entries = vec![CodeEntry::default(); cap];
        let mask = cap - 1;
        for (key, &slot) in codes {
            let b = key.as_bytes();
            let (head, tail) = code_parts(b);
            let mut i = Self::hash(head, tail, b.len()) & mask;
            while entries[i].slot != 0 {
                i = (i + 1) & mask;
            }
            entries[i] = CodeEntry {
                head,
                tail,
                len: b.len(),
                slot,
                key: key.clone(),
            };
        }
        CodeTable { mask, entries }
    }

    /// The code's slot, or 0 for a code no rule names.
    fn get(&self, code: &str) -> u32 {
        if self.entries.is_empty() {
            return 0;
        }
        let b = code.as_bytes();
        let (head, tail) = code_parts(b);
        let mut i = Self::hash(head, tail, b.len()) & self.mask;
        loop {
            let e = &self.entries[i];
            if e.slot == 0 {
                return 0;
            }
            if e.head == head
                && e.tail == tail
                && e.len == b.len()
                && (b.len() <= 16 || e.key.as_bytes() == b)
            {
                return e.slot;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The fields the index covers; the rest are residual.
const INDEXED: [Field; 7] = [
    Field::Category,
    Field::Subcategory,
    Field::District,
    Field::Channel,
    Field::Priority,
    Field::WorkingTime,
    Field::Months,
];

/// One indexed field: a row of bitset words per value slot. Slot 0 is "any other value"
/// (including unknown), accepted only by rules without a condition on the field.
#[derive(Debug, Clone)]
struct IndexedField {
    field: Field,
    /// For code fields: the code's slot.
    codes: CodeTable,
    /// `slots × words` bitset words, slot-major.
    rows: Vec<u64>,
}

/// The slots of the enum-valued fields: a fixed small number each.
fn channel_slot(c: Channel) -> u32 {
    match c {
        Channel::Phone => 1,
        Channel::WhatsApp => 2,
        Channel::Instagram => 3,
        Channel::Facebook => 4,
        Channel::Telegram => 5,
        Channel::WebApp => 6,
        Channel::WalkIn => 7,
        Channel::EPortal => 8,
    }
}

fn priority_slot(p: Priority) -> u32 {
    match p {
        Priority::Low => 1,
        Priority::Normal => 2,
        Priority::High => 3,
        Priority::Emergency => 4,
    }
}

fn bool_slot(b: Option<bool>) -> u32 {
    match b {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    }
}

/// A compiled rule: its residual checks and its action.
#[derive(Debug, Clone)]
struct Compiled {
    keywords: Vec<Phrase>,
    /// Which of keywords, time, repeat, tags are given, as `RESIDUAL_*` bits.
    residual: u8,
}

/// A compiled rule set: evaluates in well under a microsecond for a thousand rules.
///
/// ```
/// use aryz::{Channel, Facts, FoldedText, Router};
/// let router = Router::shymkent();
/// let text = FoldedText::new("В подъезде сильно пахнет газом");
/// let mut facts = Facts::new(Channel::Phone);
/// facts.category = Some("gas_supply");
/// facts.district = Some("turan");
/// facts.text = &text;
/// let decision = router.evaluate(&facts)?;
/// assert_eq!(decision.rule().map(|r| r.as_str()), Some("gas-smell-words"));
/// assert_eq!(decision.lead().as_str(), "qazaqgaz-aimaq");
/// assert_eq!(decision, router.evaluate_linear(&facts)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Router {
    set: RuleSet,
    compiled: Vec<Compiled>,
    /// Bitset words per row: `ceil(rules / 64)`, at least 1.
    words: usize,
    /// The rules that exist, as a bitset (for a router with no indexed field).
    all: Vec<u64>,
    fields: Vec<IndexedField>,
}

impl Router {
    /// Checks a rule set against a taxonomy, a directory and the known SLA policy names,
    /// and compiles it.
    ///
    /// # Errors
    /// [`RuleError`] naming the rule and field at fault: what [`RuleSet::validate`]
    /// finds, and unknown categories, subcategories outside the rule's categories,
    /// unknown districts, bodies and policies.
    pub fn compile(
        set: RuleSet,
        taxonomy: &Taxonomy,
        directory: &Directory,
        policies: &[PolicyId],
    ) -> Result<Router, RuleError> {
        set.validate()?;
        check_names(&set, taxonomy, directory, policies)?;
        let n = set.rules.len();
        let words = n.div_ceil(64).max(1);
        let mut compiled = Vec::with_capacity(n);
        for r in &set.rules {
            let keywords = check_conditions(&r.id, &r.when)?;
            let residual = [
                (r.when.keywords.is_some(), RESIDUAL_KEYWORDS),
                (r.when.time.is_some(), RESIDUAL_TIME),
                (r.when.repeat.is_some(), RESIDUAL_REPEAT),
                (r.when.tags.is_some(), RESIDUAL_TAGS),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .fold(0, |m, (_, bit)| m | bit);
            compiled.push(Compiled { keywords, residual });
        }
        let mut all = vec![0u64; words];
        for i in 0..n {
            all[i / 64] |= 1 << (i % 64);
        }
        let mut fields = Vec::new();
        for field in INDEXED {
            if set.rules.iter().any(|r| r.when.has(field)) {
                fields.push(build_field(&set, field, words, &all));
            }
        }
        Ok(Router {
            set,
            compiled,
            words,
            all,
            fields,
        })
    }

    /// The rule set compiled.
    pub fn rules(&self) -> &RuleSet {
        &self.set
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.set.rules.len()
    }

    /// Whether there is no rule (only the default action).
    pub fn is_empty(&self) -> bool {
        self.set.rules.is_empty()
    }

    /// The repeat window, in days, that [`Facts::recent_appeals`] must be counted over.
    pub fn repeat_window_days(&self) -> u16 {
        self.set.repeat_window_days
    }

    /// Decides through the index. Allocation-free; the same decision as
    /// [`Router::evaluate_linear`].
    ///
    /// # Errors
    /// [`RouteError::AllDeclined`] when every candidate routes only to declined bodies.
    pub fn evaluate<'r>(&'r self, facts: &Facts<'_>) -> Result<Decision<'r>, RouteError> {
        let mut offsets = [0usize; INDEXED.len()];
        for (o, f) in offsets.iter_mut().zip(&self.fields) {
            *o = f.slot(facts) as usize * self.words;
        }
        let offsets = &offsets[..self.fields.len()];
        for w in 0..self.words {
            let mut m = self.all[w];
            for (f, &o) in self.fields.iter().zip(offsets) {
                m &= f.rows[o + w];
            }
            while m != 0 {
                let i = w * 64 + m.trailing_zeros() as usize;
                m &= m - 1;
                let c = &self.compiled[i];
                let rule = &self.set.rules[i];
                if c.residual != 0 && !residual_holds(rule, c, facts) {
                    continue;
                }
                if let Some(kept) = kept(&rule.then, facts.declined) {
                    return Ok(self.decision(i, kept, facts));
                }
            }
        }
        self.default_decision(facts)
    }

    /// Decides by the plain first-match loop over the rules, testing every condition of
    /// each rule in order. The reference the index is held to; slower with many rules.
    ///
    /// # Errors
    /// [`RouteError::AllDeclined`] when every candidate routes only to declined bodies.
    pub fn evaluate_linear<'r>(&'r self, facts: &Facts<'_>) -> Result<Decision<'r>, RouteError> {
        for (i, (rule, c)) in self.set.rules.iter().zip(&self.compiled).enumerate() {
            if FIELDS
                .iter()
                .all(|&f| rule.when.holds(f, facts, &c.keywords))
                && let Some(kept) = kept(&rule.then, facts.declined)
            {
                return Ok(self.decision(i, kept, facts));
            }
        }
        self.default_decision(facts)
    }

    pub(crate) fn keywords(&self, rule: usize) -> &[Phrase] {
        &self.compiled[rule].keywords
    }

    fn decision<'r>(&'r self, rule: usize, kept: u8, facts: &Facts<'_>) -> Decision<'r> {
        Decision {
            router: self,
            // At most DEFAULT_MAX_RULES-ish rules, far below u32::MAX.
            rule: u32::try_from(rule).unwrap_or(u32::MAX - 1),
            kept,
            current: facts.priority,
        }
    }

    fn default_decision<'r>(&'r self, facts: &Facts<'_>) -> Result<Decision<'r>, RouteError> {
        let kept = kept(&self.set.default, facts.declined).ok_or(RouteError::AllDeclined)?;
        Ok(Decision {
            router: self,
            rule: DEFAULT,
            kept,
            current: facts.priority,
        })
    }
}

/// The rule index standing for the default action.
const DEFAULT: u32 = u32::MAX;

const RESIDUAL_KEYWORDS: u8 = 1;
const RESIDUAL_TIME: u8 = 2;
const RESIDUAL_REPEAT: u8 = 4;
const RESIDUAL_TAGS: u8 = 8;

/// The residual conditions of a candidate rule, cheapest first; keywords last.
fn residual_holds(rule: &super::rule::Rule, c: &Compiled, facts: &Facts<'_>) -> bool {
    let has = |bit| c.residual & bit != 0;
    (!has(RESIDUAL_TIME) || rule.when.holds(Field::Time, facts, &c.keywords))
        && (!has(RESIDUAL_REPEAT) || rule.when.holds(Field::Repeat, facts, &c.keywords))
        && (!has(RESIDUAL_TAGS) || rule.when.holds(Field::Tags, facts, &c.keywords))
        && (!has(RESIDUAL_KEYWORDS) || c.keywords.iter().any(|p| facts.text.contains(p)))
}

/// The bodies of `action` that have not declined, as a bitmask; `None` when none is left.
pub(crate) fn kept(action: &Action, declined: &[BodyId]) -> Option<u8> {
    // Validation caps bodies at MAX_BODIES_PER_ACTION = 8, so they fit a u8.
    let n = action.bodies.len().min(8);
    let all = if n == 8 { u8::MAX } else { (1u8 << n) - 1 };
    if declined.is_empty() {
        return Some(all);
    }
    let mut mask = all;
    for (i, b) in action.bodies.iter().take(8).enumerate() {
        if declined.contains(b) {
            mask &= !(1 << i);
        }
    }
    (mask != 0).then_some(mask)
}

impl IndexedField {
    fn slot(&self, facts: &Facts<'_>) -> u32 {
        let code = |v: Option<&str>| v.map_or(0, |v| self.codes.get(v));
        match self.field {
            Field::Category => code(facts.category),
            Field::Subcategory => code(facts.subcategory),
            Field::District => code(facts.district),
            Field::Channel => channel_slot(facts.channel),
            Field::Priority => priority_slot(facts.priority),
            Field::WorkingTime => bool_slot(facts.working_time),
            Field::Months => facts
                .month
                .filter(|m| (1..=12).contains(m))
                .map_or(0, u32::from),
            _ => 0,
        }
    }
}

fn build_field(set: &RuleSet, field: Field, words: usize, all: &[u64]) -> IndexedField {
    // The values each rule accepts, as slots; `None` for "no condition".
    let mut codes: HashMap<Box<str>, u32> = HashMap::new();
    let mut accepted: Vec<Option<Vec<u32>>> = Vec::with_capacity(set.rules.len());
    let code_slot = |c: &str, codes: &mut HashMap<Box<str>, u32>| -> u32 {
        let next = u32::try_from(codes.len() + 1).unwrap_or(u32::MAX);
        *codes.entry(c.into()).or_insert(next)
    };
    for r in &set.rules {
        let w = &r.when;
        let slots: Option<Vec<u32>> = match field {
            Field::Category => w.category.as_ref().map(|l| {
                l.iter()
                    .map(|c| code_slot(c.as_str(), &mut codes))
                    .collect()
            }),
            Field::Subcategory => w.subcategory.as_ref().map(|l| {
                l.iter()
                    .map(|c| code_slot(c.as_str(), &mut codes))
                    .collect()
            }),
            Field::District => w.district.as_ref().map(|l| {
                l.iter()
                    .map(|c| code_slot(c.as_str(), &mut codes))
                    .collect()
            }),
            Field::Channel => w
                .channel
                .as_ref()
                .map(|l| l.iter().map(|&c| channel_slot(c)).collect()),
            Field::Priority => w
                .priority
                .as_ref()
                .map(|l| l.iter().map(|&p| priority_slot(p)).collect()),
            Field::WorkingTime => w.working_time.map(|b| vec![bool_slot(Some(b))]),
            Field::Months => w
                .months
                .as_ref()
                .map(|l| l.iter().map(|&m| u32::from(m)).collect()),
            _ => None,
        };
        accepted.push(slots);
    }
    let slots = match field {
        Field::Channel => 9,
        Field::Priority => 5,
        Field::WorkingTime => 3,
        Field::Months => 13,
        _ => codes.len() + 1,
    };
    let mut rows = vec![0u64; slots * words];
    for (i, acc) in accepted.iter().enumerate() {
        let bit = 1u64 << (i % 64);
        let w = i / 64;
        match acc {
            None => {
                for s in 0..slots {
                    rows[s * words + w] |= bit;
                }
            }
            Some(list) => {
                for &s in list {
                    rows[s as usize * words + w] |= bit;
                }
            }
        }
    }
    debug_assert!(
        rows.chunks(words)
            .all(|r| r.iter().zip(all).all(|(x, a)| x & !a == 0))
    );
    IndexedField {
        field,
        codes: CodeTable::build(&codes),
        rows,
    }
}

fn check_names(
    set: &RuleSet,
    taxonomy: &Taxonomy,
    directory: &Directory,
    policies: &[PolicyId],
) -> Result<(), RuleError> {
    let action = |rule: Option<&RuleId>, a: &Action| -> Result<(), RuleError> {
        for b in &a.bodies {
            if directory.body(b.as_str()).is_none() {
                return Err(RuleError::UnknownBody {
                    rule: rule.cloned(),
                    body: b.clone(),
                });
            }
        }
        if let Some(p) = &a.policy
            && !policies.contains(p)
        {
            return Err(RuleError::UnknownPolicy {
                rule: rule.cloned(),
                policy: p.clone(),
            });
        }
        Ok(())
    };
    action(None, &set.default)?;
    for r in &set.rules {
        let w = &r.when;
        for c in w.category.iter().flatten() {
            if taxonomy.get(c.as_str()).is_none_or(|e| e.parent.is_some()) {
                return Err(RuleError::UnknownCategory {
                    rule: r.id.clone(),
                    field: "when.category",
                    code: c.clone(),
                });
            }
        }
        for s in w.subcategory.iter().flatten() {
            let Some(entry) = taxonomy.get(s.as_str()) else {
                return Err(RuleError::UnknownCategory {
                    rule: r.id.clone(),
                    field: "when.subcategory",
                    code: s.clone(),
                });
            };
            let under = match (&entry.parent, &w.category) {
                (None, _) => false,
                (Some(_), None) => true,
                (Some(p), Some(cats)) => cats.contains(p),
            };
            if !under {
                return Err(RuleError::NotASubcategory {
                    rule: r.id.clone(),
                    subcategory: s.clone(),
                });
            }
        }
        for d in w.district.iter().flatten() {
            if directory.district(d.as_str()).is_none() {
                return Err(RuleError::UnknownDistrict {
                    rule: r.id.clone(),
                    district: d.clone(),
                });
            }
        }
        action(Some(&r.id), &r.then)?;
    }
    Ok(())
}

/// A routing decision: the rule that fired (or the default action) and the bodies kept
/// after declines. Compact and borrowed from the [`Router`]; turn it into a [`Routing`]
/// with [`Decision::to_routing`].
#[derive(Clone, Copy)]
pub struct Decision<'r> {
    router: &'r Router,
    rule: u32,
    kept: u8,
    current: Priority,
}

impl PartialEq for Decision<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.router, other.router)
            && self.rule == other.rule
            && self.kept == other.kept
            && self.current == other.current
    }
}

impl Eq for Decision<'_> {}

impl std::fmt::Debug for Decision<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decision")
            .field("rule", &self.rule())
            .field("bodies", &self.bodies().collect::<Vec<_>>())
            .field("priority", &self.priority())
            .field("policy", &self.policy())
            .finish()
    }
}

impl<'r> Decision<'r> {
    /// The rule that fired; `None` when the default action applied.
    pub fn rule(&self) -> Option<&'r RuleId> {
        self.rule_index().map(|i| &self.router.set.rules[i].id)
    }

    /// The index of the rule that fired, in file order; `None` for the default action.
    pub fn rule_index(&self) -> Option<usize> {
        (self.rule != DEFAULT).then_some(self.rule as usize)
    }

    /// The action applied.
    pub fn action(&self) -> &'r Action {
        match self.rule_index() {
            Some(i) => &self.router.set.rules[i].then,
            None => &self.router.set.default,
        }
    }

    /// The bodies, the lead first, without those that declined the appeal.
    pub fn bodies(&self) -> impl Iterator<Item = &'r BodyId> + use<'r> {
        let kept = self.kept;
        self.action()
            .bodies
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i < 8 && kept & (1 << i) != 0)
            .map(|(_, b)| b)
    }

    /// The lead body.
    pub fn lead(&self) -> &'r BodyId {
        let i = self.kept.trailing_zeros() as usize;
        &self.action().bodies[i]
    }

    /// The bodies of the action that were dropped because they declined the appeal.
    pub fn dropped(&self) -> impl Iterator<Item = &'r BodyId> + use<'r> {
        let kept = self.kept;
        self.action()
            .bodies
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i < 8 && kept & (1 << i) == 0)
            .map(|(_, b)| b)
    }

    /// The priority: the action's, or the appeal's current one when the action sets none.
    pub fn priority(&self) -> Priority {
        self.action().priority.unwrap_or(self.current)
    }

    /// The SLA policy the action sets, if any.
    pub fn policy(&self) -> Option<&'r PolicyId> {
        self.action().policy.as_ref()
    }

    /// The tags the action adds.
    pub fn tags(&self) -> &'r [Tag] {
        &self.action().tags
    }

    /// Whether a supervisor should be told.
    pub fn notify_supervisor(&self) -> bool {
        self.action().notify_supervisor
    }

    /// The decision as the record [`crate::Command::Route`] carries, without an
    /// explanation (use [`Router::explain`] for one).
    pub fn to_routing(&self) -> Routing {
        Routing {
            bodies: self.bodies().cloned().collect(),
            priority: self.priority(),
            policy: self.policy().cloned(),
            rule: self.rule().cloned(),
            tags: self.tags().to_vec(),
            notify_supervisor: self.notify_supervisor(),
            explanation: None,
        }
    }
}
