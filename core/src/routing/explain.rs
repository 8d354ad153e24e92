//! Why a decision was made: the rule that fired, its matched conditions, and why each
//! earlier rule did not fire. Built only on request; the hot path never allocates it.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::compile::{RouteError, Router, kept};
use super::rule::{Conditions, FIELDS, Facts, Field, Phrase, priority_name};
use crate::appeal::{Command, Priority, Routing};
use crate::code::{BodyId, PolicyId, RuleId, Tag};

/// The longest [`Explanation::summary`], in characters: it goes into the appeal's log,
/// whose texts are capped at 1000 characters.
pub const MAX_SUMMARY_CHARS: usize = 1000;

/// A condition of the fired rule that held, with the value it held for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matched {
    /// The condition.
    pub field: Field,
    /// The rule's value that matched (a code, a keyword as written, a time range), never
    /// the citizen's own words.
    pub value: String,
}

/// Why an earlier rule did not fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
#[non_exhaustive]
pub enum Failure {
    /// This condition, the first in field order, did not hold.
    Condition {
        /// The condition.
        field: Field,
    },
    /// All conditions held, but every body of the rule had declined the appeal.
    AllDeclined,
}

/// An earlier rule tried, and why it did not fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tried {
    /// The rule.
    pub rule: RuleId,
    /// Why.
    pub failure: Failure,
}

/// A decision with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The rule that fired; `None` when the default action applied.
    pub rule: Option<RuleId>,
    /// The bodies, the lead first.
    pub bodies: Vec<BodyId>,
    /// Bodies of the action left out because they declined the appeal.
    pub dropped: Vec<BodyId>,
    /// The priority given.
    pub priority: Priority,
    /// The SLA policy set, if any.
    pub policy: Option<PolicyId>,
    /// Tags added.
    pub tags: Vec<Tag>,
    /// Whether a supervisor should be told.
    pub notify_supervisor: bool,
    /// The fired rule's conditions, each with the value that matched.
    pub matched: Vec<Matched>,
    /// Every earlier rule, in order, with the reason it did not fire.
    pub tried: Vec<Tried>,
}

impl Explanation {
    /// A short account for the audit trail, at most [`MAX_SUMMARY_CHARS`] characters:
    /// `rule lifts-stuck: subcategory=lifts.stuck; 2 earlier rules did not match`.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        match &self.rule {
            Some(r) => {
                let _ = write!(s, "rule {r}: ");
                let parts: Vec<String> = self
                    .matched
                    .iter()
                    .map(|m| format!("{}={}", m.field, m.value))
                    .collect();
                s.push_str(&parts.join(", "));
            }
            None => s.push_str("default action: no rule matched"),
        }
        if !self.dropped.is_empty() {
            let d: Vec<&str> = self.dropped.iter().map(BodyId::as_str).collect();
            let _ = write!(s, "; declined bodies left out: {}", d.join(", "));
        }
        let declined = self
            .tried
            .iter()
            .filter(|t| t.failure == Failure::AllDeclined)
            .count();
        let _ = write!(
            s,
            "; {} earlier rules did not match",
            self.tried.len() - declined
        );
        if declined > 0 {
            let _ = write!(s, ", {declined} stepped aside for declined bodies");
        }
        if s.chars().count() > MAX_SUMMARY_CHARS {
            s = s.chars().take(MAX_SUMMARY_CHARS - 1).collect();
            s.push('…');
        }
        s
    }

    /// The decision as the record [`Command::Route`] carries, with the summary as its
    /// explanation.
    pub fn to_routing(&self) -> Routing {
        Routing {
            bodies: self.bodies.clone(),
            priority: self.priority,
            policy: self.policy.clone(),
            rule: self.rule.clone(),
            tags: self.tags.clone(),
            notify_supervisor: self.notify_supervisor,
            explanation: Some(self.summary()),
        }
    }
}

fn matched_value(c: &Conditions, field: Field, facts: &Facts<'_>, kw: &[Phrase]) -> String {
    fn join<T: AsRef<str>>(l: &[T]) -> String {
        l.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("|")
    }
    match field {
        Field::Category => facts.category.unwrap_or_default().to_owned(),
        Field::Subcategory => facts.subcategory.unwrap_or_default().to_owned(),
        Field::District => facts.district.unwrap_or_default().to_owned(),
        Field::Channel => facts.channel.name().to_owned(),
        Field::Priority => priority_name(facts.priority).to_owned(),
        Field::Keywords => {
            let written = c.keywords.as_deref().unwrap_or_default();
            kw.iter()
                .zip(written)
                .find(|(p, _)| facts.text.contains(p))
                .map(|(_, w)| w.clone())
                .unwrap_or_default()
        }
        Field::Time => c
            .time
            .map(|t| format!("{}-{}", t.from, t.to))
            .unwrap_or_default(),
        Field::WorkingTime => c.working_time.unwrap_or_default().to_string(),
        Field::Months => facts.month.unwrap_or_default().to_string(),
        Field::Repeat => format!(">={}", c.repeat.map_or(0, |r| r.at_least)),
        Field::Tags => join(
            &c.tags
                .iter()
                .flatten()
                .filter(|t| facts.tags.contains(t))
                .map(Tag::as_str)
                .collect::<Vec<_>>(),
        ),
    }
}

impl Router {
    /// Decides as [`Router::evaluate`] does, and says why: the rule that fired, which of
    /// its conditions matched, and for each earlier rule the first condition that failed
    /// (or that its bodies had all declined).
    ///
    /// ```
    /// use aryz::{Channel, Facts, Failure, Field, Router};
    /// let router = Router::shymkent();
    /// let mut facts = Facts::new(Channel::Phone);
    /// facts.category = Some("lifts");
    /// facts.subcategory = Some("lifts.stuck");
    /// facts.district = Some("abay");
    /// let why = router.explain(&facts)?;
    /// assert_eq!(why.rule.as_ref().map(|r| r.as_str()), Some("lift-stuck"));
    /// assert_eq!(why.matched[0].field, Field::Subcategory);
    /// assert!(why.tried.iter().all(|t| matches!(t.failure, Failure::Condition { .. })));
    /// assert!(why.summary().starts_with("rule lift-stuck: subcategory=lifts.stuck"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`RouteError::AllDeclined`] when every candidate routes only to declined bodies.
    pub fn explain(&self, facts: &Facts<'_>) -> Result<Explanation, RouteError> {
        let set = self.rules();
        let mut tried = Vec::new();
        for (i, rule) in set.rules.iter().enumerate() {
            let kw = self.keywords(i);
            if let Some(&field) = FIELDS.iter().find(|&&f| !rule.when.holds(f, facts, kw)) {
                tried.push(Tried {
                    rule: rule.id.clone(),
                    failure: Failure::Condition { field },
                });
                continue;
            }
            if kept(&rule.then, facts.declined).is_none() {
                tried.push(Tried {
                    rule: rule.id.clone(),
                    failure: Failure::AllDeclined,
                });
                continue;
            }
            let matched = FIELDS
                .iter()
                .filter(|&&f| rule.when.has(f))
                .map(|&f| Matched {
                    field: f,
                    value: matched_value(&rule.when, f, facts, kw),
                })
                .collect();
            return Ok(self.explanation(facts, Some(rule.id.clone()), matched, tried));
        }
        if kept(&set.default, facts.declined).is_none() {
            return Err(RouteError::AllDeclined);
        }
        Ok(self.explanation(facts, None, Vec::new(), tried))
    }

    fn explanation(
        &self,
        facts: &Facts<'_>,
        rule: Option<RuleId>,
        matched: Vec<super::Matched>,
        tried: Vec<Tried>,
    ) -> Explanation {
        let action = match &rule {
            Some(id) => self
                .rules()
                .rules
                .iter()
                .find(|r| &r.id == id)
                .map_or(&self.rules().default, |r| &r.then),
            None => &self.rules().default,
        };
        let (bodies, dropped) = action
            .bodies
            .iter()
            .cloned()
            .partition(|b| !facts.declined.contains(b));
        Explanation {
            rule,
            bodies,
            dropped,
            priority: action.priority.unwrap_or(facts.priority),
            policy: action.policy.clone(),
            tags: action.tags.clone(),
            notify_supervisor: action.notify_supervisor,
            matched,
            tried,
        }
    }

    /// Routes with an explanation and returns the command that records it in the
    /// appeal's log: `Command::Route { routing }`, the rule id and the summary included.
    ///
    /// # Errors
    /// [`RouteError::AllDeclined`] when every candidate routes only to declined bodies.
    pub fn route_command(&self, facts: &Facts<'_>) -> Result<Command, RouteError> {
        Ok(Command::Route {
            routing: self.explain(facts)?.to_routing(),
        })
    }
}
