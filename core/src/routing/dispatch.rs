//! Routing an appeal held by a [`Desk`]: gather its facts, decide, record the decision.

use chrono::{DateTime, Duration, Utc};

use super::compile::{RouteError, Router};
use super::rule::{Facts, FoldedText};
use crate::appeal::{Actor, LogRecord};
use crate::desk::{Desk, DeskError};
use crate::sla::Calendar;

/// Why [`Router::route_on_desk`] recorded nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DispatchError {
    /// The rules could choose no body.
    #[error(transparent)]
    Route(#[from] RouteError),
    /// The desk refused: no such appeal, or the lifecycle refused to route it now.
    #[error(transparent)]
    Desk(#[from] DeskError),
}

impl Router {
    /// Routes the desk's appeal `number` at `at` and records the decision in its log as
    /// `Command::Route`, with the rule id and the explanation summary.
    ///
    /// The facts come from the appeal (category, district, channel, priority, tags, the
    /// bodies that declined it), its description folded once, the local time of `at`,
    /// working time on `calendar` (unknown when `None` or outside the calendar's span),
    /// and the citizen's other appeals registered on the desk within the rule set's
    /// repeat window. An appeal forwarded after a body returned it is routed by the same
    /// rules, skipping that body.
    ///
    /// ```
    /// use aryz::*;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let desk = Desk::new(DeskConfig::shymkent([7; 32]));
    /// let at = Utc.with_ymd_and_hms(2026, 7, 15, 5, 0, 0).unwrap();
    /// let op = Actor::new(Role::Operator, ActorId::new("op-1")?);
    /// let mut intake = Intake::new(Channel::Phone, "Застряли в лифте", Language::Ru);
    /// intake.category = Some(CategoryCode::new("lifts")?);
    /// intake.district = Some(DistrictCode::new("karatau")?);
    /// let n = desk.submit(IdempotencyKey::new("k-1")?, intake, &op, at)?.number;
    /// let router = Router::shymkent();
    /// let office = Calendar::kazakhstan_office();
    /// router.route_on_desk(&desk, n.as_str(), &op, at, Some(&office))?;
    /// let routing = desk.get(n.as_str()).and_then(|a| a.routing().cloned()).ok_or("not routed")?;
    /// assert_eq!(routing.rule.map(|r| r.to_string()).as_deref(), Some("lift-stuck-words"));
    /// assert_eq!(routing.priority, Priority::Emergency);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`DispatchError::Desk`] when the appeal is unknown or cannot be routed in its
    /// state; [`DispatchError::Route`] when every candidate body has declined it.
    pub fn route_on_desk(
        &self,
        desk: &Desk,
        number: &str,
        actor: &Actor,
        at: DateTime<Utc>,
        calendar: Option<&Calendar>,
    ) -> Result<LogRecord, DispatchError> {
        let appeal = desk.get(number).ok_or_else(|| DeskError::NotFound {
            number: number.to_owned(),
        })?;
        let text = FoldedText::new(&appeal.intake().description);
        let mut facts = Facts::from_appeal(&appeal, &text).at(at);
        facts.working_time = calendar.and_then(|c| c.is_working_time(at).ok());
        if let Some(citizen) = appeal.citizen_key() {
            let since = at - Duration::days(i64::from(self.repeat_window_days()));
            let all = desk.citizen_appeals_between(citizen, since, at);
            let this = appeal
                .registered_at()
                .is_some_and(|r| r >= since && r <= at);
            facts.recent_appeals =
                u32::try_from(all - usize::from(this && all > 0)).unwrap_or(u32::MAX);
        }
        let command = self.route_command(&facts)?;
        Ok(desk.execute(number, command, actor, at)?)
    }
}
