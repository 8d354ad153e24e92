//! SLA policies: the targets an appeal is held to, on which calendar, when to warn and
//! what a breach does.

use serde::{Deserialize, Serialize};

use super::error::PolicyError;
use super::working_time::WorkingDuration;
use crate::appeal::State;
use crate::{CalendarId, Labels, PolicyId};

/// The most warning thresholds a policy may have.
pub const MAX_WARNINGS: usize = 8;

/// The longest target accepted, in working days; longer is taken for a typing mistake.
pub const MAX_TARGET_DAYS: u32 = 366;

/// The longest target accepted in hours or minutes: a year of round-the-clock time.
pub const MAX_TARGET_HOURS: u32 = 366 * 24;

/// The longest extension a policy may allow, in months.
pub const MAX_EXTENSION_MONTHS: u32 = 12;

/// Which of a policy's clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Target {
    /// From the start of a cycle (registration or reopening) until a responsible body
    /// accepts the appeal, or it is resolved (on the first contact or otherwise).
    /// Routing alone is delivery, not a response.
    FirstResponse,
    /// From the start of a cycle until the appeal is resolved.
    Resolution,
    /// From a body returning the appeal as outside its competence until the centre
    /// routes it again (APPK Art. 76: forward within 3 working days), on the policy named
    /// by [`Policy::on_return`].
    Forward,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 3] = [Target::FirstResponse, Target::Resolution, Target::Forward];

    /// The target's name in snake case.
    pub fn name(self) -> &'static str {
        match self {
            Target::FirstResponse => "first_response",
            Target::Resolution => "resolution",
            Target::Forward => "forward",
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a breach of a policy's target calls for. The core only says so; a service acts
/// (issues [`Command::Escalate`](crate::Command::Escalate), tells a supervisor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BreachAction {
    /// Raise the appeal's escalation level by one.
    #[serde(default = "yes")]
    pub escalate: bool,
    /// Tell a supervisor.
    #[serde(default)]
    pub notify_supervisor: bool,
}

fn yes() -> bool {
    true
}

impl Default for BreachAction {
    /// Escalate, without telling a supervisor.
    fn default() -> Self {
        BreachAction {
            escalate: true,
            notify_supervisor: false,
        }
    }
}

impl BreachAction {
    /// An action with these two choices.
    pub fn new(escalate: bool, notify_supervisor: bool) -> BreachAction {
        BreachAction {
            escalate,
            notify_supervisor,
        }
    }
}

fn default_warnings() -> Vec<f64> {
    vec![0.5, 0.75]
}

fn default_pause() -> Vec<State> {
    vec![State::AwaitingCitizen]
}

/// An SLA policy, as written in `data/sla_policies.toml`.
///
/// ```toml
/// [[policies]]
/// id = "appk-standard"
/// calendar = "shymkent-office"
/// first_response = { working_days = { days = 3, registration_day = "counts_as_day_one" } }
/// resolution = { working_days = { days = 15, registration_day = "counts_as_day_one" } }
/// warnings = [0.5, 0.75]            # fractions of the target, increasing, in (0, 1)
/// extension_months = 2              # one extension allowed, to at most 2 months
/// on_return = "appk-forward"        # the forwarding target after a return
/// pause_in = ["awaiting_citizen"]   # states in which the clocks stop
/// on_breach = { escalate = true, notify_supervisor = true }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Policy {
    /// The policy's name, as routing and appeals refer to it.
    pub id: PolicyId,
    /// A human name in up to three languages.
    #[serde(default)]
    pub name: Labels,
    /// The working calendar every target of the policy is measured on.
    pub calendar: CalendarId,
    /// The first-response target ([`Target::FirstResponse`]); none when not measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response: Option<WorkingDuration>,
    /// The resolution target ([`Target::Resolution`]). For working days, the
    /// [`RegistrationDay`](crate::RegistrationDay) rule in it says whether the day the
    /// cycle starts counts as day 1.
    pub resolution: WorkingDuration,
    /// Fractions of a target at which it is reported in warning, increasing, each in
    /// (0, 1); 0.5 and 0.75 when omitted (ServiceNow's defaults).
    #[serde(default = "default_warnings")]
    pub warnings: Vec<f64>,
    /// Whether one extension of the resolution deadline is honoured, and to at most how
    /// many months after registration; none when extensions are not honoured (the
    /// lifecycle still records them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_months: Option<u32>,
    /// The policy whose resolution target the centre must re-route a returned appeal
    /// within ([`Target::Forward`]); none when a return starts no forwarding clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_return: Option<PolicyId>,
    /// The open states in which every clock stops; awaiting the citizen when omitted.
    #[serde(default = "default_pause")]
    pub pause_in: Vec<State>,
    /// What a breach calls for.
    #[serde(default)]
    pub on_breach: BreachAction,
}

impl Policy {
    /// A policy with a resolution target only, warnings at 50% and 75%, pausing while
    /// the appeal awaits the citizen, escalating on breach.
    pub fn new(id: PolicyId, calendar: CalendarId, resolution: WorkingDuration) -> Policy {
        Policy {
            id,
            name: Labels::default(),
            calendar,
            first_response: None,
            resolution,
            warnings: default_warnings(),
            extension_months: None,
            on_return: None,
            pause_in: default_pause(),
            on_breach: BreachAction::default(),
        }
    }

    /// The target's duration under this policy; none for a first response not measured
    /// and for forwarding (which uses the [`Policy::on_return`] policy's resolution).
    pub fn duration(&self, target: Target) -> Option<WorkingDuration> {
        match target {
            Target::FirstResponse => self.first_response,
            Target::Resolution => Some(self.resolution),
            Target::Forward => None,
        }
    }

    /// Whether the clocks stop in `state`.
    pub fn pauses_in(&self, state: State) -> bool {
        self.pause_in.contains(&state)
    }

    /// Checks everything that does not need the other policies or the calendars.
    pub(crate) fn check(&self) -> Result<(), PolicyError> {
        let policy = || self.id.to_string();
        for (target, duration) in [
            ("first_response", self.first_response),
            ("resolution", Some(self.resolution)),
        ] {
            let Some(d) = duration else { continue };
            let (value, limit) = match d {
                WorkingDuration::Minutes(m) => (m, MAX_TARGET_HOURS * 60),
                WorkingDuration::Hours(h) => (h, MAX_TARGET_HOURS),
                WorkingDuration::WorkingDays { days, .. } => (days, MAX_TARGET_DAYS),
            };
            if value == 0 {
                return Err(PolicyError::ZeroTarget {
                    policy: policy(),
                    target,
                });
            }
            if value > limit {
                return Err(PolicyError::AbsurdTarget {
                    policy: policy(),
                    target,
                    value,
                    limit,
                });
            }
        }
        if self.warnings.len() > MAX_WARNINGS {
            return Err(PolicyError::BadWarnings {
                policy: policy(),
                reason: "more than 8 thresholds",
            });
        }
        for (i, w) in self.warnings.iter().enumerate() {
            if !(w.is_finite() && *w > 0.0 && *w < 1.0) {
                return Err(PolicyError::BadWarnings {
                    policy: policy(),
                    reason: "a threshold is not strictly between 0 and 1",
                });
            }
            if i > 0 && *w <= self.warnings[i - 1] {
                return Err(PolicyError::BadWarnings {
                    policy: policy(),
                    reason: "thresholds are not strictly increasing",
                });
            }
        }
        if let Some(m) = self.extension_months
            && !(1..=MAX_EXTENSION_MONTHS).contains(&m)
        {
            return Err(PolicyError::BadExtension {
                policy: policy(),
                months: m,
            });
        }
        for (i, s) in self.pause_in.iter().enumerate() {
            if !s.is_open() || self.pause_in[..i].contains(s) {
                return Err(PolicyError::BadPauseState {
                    policy: policy(),
                    state: *s,
                });
            }
        }
        Ok(())
    }
}
