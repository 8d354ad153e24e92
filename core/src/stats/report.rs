//! The centre's period report: the figures it publishes, and their text.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::format::{ReportTemplates, format_count, format_percent};
use super::period::{Period, PeriodKind};
use super::sketch::DurationHistogram;
use super::summary::{AgeBands, SlaCounts, Statistics};
use crate::appeal::Channel;
use crate::code::CategoryCode;
use crate::language::Language;
use crate::taxonomy::Taxonomy;

/// A percentage in tenths of a percent: `part ÷ whole × 100` rounded half away from
/// zero to one decimal, in integer arithmetic. Serialised as a number with one decimal.
///
/// ```
/// use aryz::*;
/// assert_eq!(Percent::of(19_473, 27_347).tenths(), 712);
/// assert_eq!(Percent::of(1, 8).tenths(), 125); // 12.5 exactly
/// assert_eq!(Percent::of(1, 16).tenths(), 63); // 6.25 rounds half away from zero
/// assert_eq!(Percent::of(5, 0).tenths(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Percent(u32);

impl Percent {
    /// `part` of `whole`; 0% when `whole` is 0.
    pub fn of(part: u64, whole: u64) -> Percent {
        if whole == 0 {
            return Percent(0);
        }
        let (p, w) = (u128::from(part), u128::from(whole));
        Percent(u32::try_from((2_000 * p + w) / (2 * w)).unwrap_or(u32::MAX))
    }

    /// Tenths of a percent: 935 for 93.5%.
    pub fn tenths(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}%", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 10.0)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if !(0.0..=1.0e8).contains(&v) {
            return Err(serde::de::Error::custom(
                "a percentage is between 0 and 10^8",
            ));
        }
        Ok(Percent((v * 10.0).round() as u32))
    }
}

/// A count and its share of the report's *considered*.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The count.
    pub count: u64,
    /// Its share.
    pub percent: Percent,
}

impl Share {
    fn of(count: u64, whole: u64) -> Share {
        Share {
            count,
            percent: Percent::of(count, whole),
        }
    }
}

/// What the report compares the load with, and how many categories it lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportConfig {
    /// Appeals a day the centre is sized for.
    pub capacity_per_day: u64,
    /// Appeals a day it can take on demand.
    pub surge_per_day: u64,
    /// How many of the busiest categories to list.
    pub top_categories: usize,
}

impl ReportConfig {
    /// Shymkent's iKomek 109: 3,000 calls a day, 5,000 on demand; five categories.
    pub fn shymkent() -> ReportConfig {
        ReportConfig {
            capacity_per_day: 3_000,
            surge_per_day: 5_000,
            top_categories: 5,
        }
    }
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig::shymkent()
    }
}

/// SLA compliance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaSummary {
    /// The classes.
    pub counts: SlaCounts,
    /// On time ÷ (on time + late + breached); `None` when that is 0.
    pub compliance: Option<Percent>,
}

impl SlaSummary {
    fn of(counts: SlaCounts) -> SlaSummary {
        SlaSummary {
            counts,
            compliance: (counts.judged() > 0).then(|| Percent::of(counts.on_time, counts.judged())),
        }
    }
}

/// One of the busiest categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryShare {
    /// The category.
    pub category: CategoryCode,
    /// Its appeals and their share of *considered*.
    pub share: Share,
    /// Its SLA compliance.
    pub sla: SlaSummary,
}

/// Quantiles of a duration, seconds (see [`DurationHistogram`] for the error bound).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolutionTimes {
    /// How many were measured.
    pub count: u64,
    /// Mean, rounded half up.
    pub mean_secs: Option<u64>,
    /// Median (nearest rank).
    pub median_secs: Option<u64>,
    /// 90th percentile.
    pub p90_secs: Option<u64>,
    /// 99th percentile.
    pub p99_secs: Option<u64>,
    /// The longest.
    pub max_secs: Option<u64>,
}

impl ResolutionTimes {
    fn of(h: &DurationHistogram) -> ResolutionTimes {
        ResolutionTimes {
            count: h.count(),
            mean_secs: h.mean(),
            median_secs: h.quantile(500),
            p90_secs: h.quantile(900),
            p99_secs: h.quantile(990),
            max_secs: h.max(),
        }
    }
}

/// The open appeals of the period at `as_of`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backlog {
    /// How many.
    pub open: u64,
    /// By age band.
    pub bands: AgeBands,
    /// Their median age, seconds.
    pub median_age_secs: Option<u64>,
    /// The oldest's age, seconds.
    pub max_age_secs: Option<u64>,
}

/// Registrations per day and hour against capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Load {
    /// Capacity per day.
    pub capacity_per_day: u64,
    /// Capacity per day on demand.
    pub surge_per_day: u64,
    /// Capacity per hour: a 24th of the daily capacity, rounded up.
    pub capacity_per_hour: u64,
    /// Days in the period.
    pub days: u32,
    /// Mean registrations per day, in tenths (rounded half up).
    pub mean_per_day_tenths: u64,
    /// The busiest day (the earliest on a tie) and its registrations.
    pub busiest_day: Option<(NaiveDate, u64)>,
    /// Days above the daily capacity.
    pub days_over_capacity: u32,
    /// Days above the on-demand capacity.
    pub days_over_surge: u32,
    /// The busiest hour (date, local hour starting) and its registrations.
    pub busiest_hour: Option<(NaiveDate, u8, u32)>,
    /// Hours above the hourly capacity.
    pub hours_over_capacity: u32,
    /// Registrations per local hour of day, over the period.
    pub per_hour_of_day: [u64; 24],
}

/// The centre's report for a period (a month, a year, any run of days): the figures as a
/// serde value, and [`MonthlyReport::render`] for the text.
///
/// The figures add up: *fulfilled + with bodies + with the centre = considered*; *by
/// phone + by social + other = considered*; the SLA classes add up to *considered*.
///
/// ```
/// use aryz::*;
/// use chrono::{TimeZone, Utc};
///
/// let mut table = AppealTable::new();
/// let at = Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap();
/// let mut row = AppealRow::new(at, Channel::Phone);
/// row.state = State::ResolvedOnFirstContact;
/// row.outcome = Some(OutcomeKind::Explained);
/// row.first_contact = true;
/// row.decided_at = Some(at);
/// table.push(&row)?;
/// table.push(&AppealRow::new(at, Channel::Instagram))?;
/// let as_of = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
/// let stats = Statistics::compute(&table, &StatisticsSpec::month(2026, 3, as_of)?);
/// let report = MonthlyReport::new(&stats, &ReportConfig::shymkent());
/// assert_eq!(report.fulfilled.percent.tenths(), 500);
/// let text = report.render(Language::Ru, &Taxonomy::shymkent());
/// assert!(text.contains("В марте 2026 года рассмотрено 2 обращения"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MonthlyReport {
    /// The period.
    pub period: Period,
    /// Month, year or range.
    pub kind: PeriodKind,
    /// The instant the figures describe.
    pub as_of: DateTime<Utc>,
    /// Appeals registered in the period.
    pub considered: u64,
    /// Decided, any outcome (the centre's «исполнено»).
    pub fulfilled: Share,
    /// Open, with a responsible body.
    pub with_bodies: Share,
    /// Open, with the centre.
    pub with_centre: Share,
    /// Decided fulfilled or partly fulfilled.
    pub satisfied: Share,
    /// Settled within one call.
    pub first_contact: Share,
    /// By the 109 line.
    pub by_phone: Share,
    /// Through social networks and messengers.
    pub by_social: Share,
    /// By other or unknown channels.
    pub by_other: Share,
    /// The social channels that brought appeals, in [`Channel::ALL`] order.
    pub social_channels: Vec<Channel>,
    /// SLA compliance.
    pub sla: SlaSummary,
    /// The busiest categories, largest first.
    pub top_categories: Vec<CategoryShare>,
    /// Calendar time to decision.
    pub resolution: ResolutionTimes,
    /// Working time to decision (count 0 until an SLA calendar measures it).
    pub resolution_working: ResolutionTimes,
    /// Reopened at least once.
    pub reopened: Share,
    /// Flagged repeated.
    pub repeated: Share,
    /// Citizens with two or more appeals, when the statistics tallied citizens.
    pub repeat_appellants: Option<u64>,
    /// The open appeals.
    pub backlog: Backlog,
    /// The load.
    pub load: Load,
}

impl MonthlyReport {
    /// The report of `stats`.
    pub fn new(stats: &Statistics, config: &ReportConfig) -> MonthlyReport {
        let total = stats.considered;
        let share = |n| Share::of(n, total);
        let top_categories = stats
            .by_category
            .ranked()
            .into_iter()
            .take(config.top_categories)
            .map(|(code, n)| CategoryShare {
                category: code.clone(),
                share: share(n),
                sla: SlaSummary::of(stats.sla_by_category.get(code)),
            })
            .collect();
        MonthlyReport {
            period: stats.period,
            kind: stats.period.kind(),
            as_of: stats.as_of,
            considered: total,
            fulfilled: share(stats.decided()),
            with_bodies: share(stats.with_bodies()),
            with_centre: share(stats.with_centre()),
            satisfied: share(stats.satisfied()),
            first_contact: share(stats.first_contact),
            by_phone: share(stats.by_phone()),
            by_social: share(stats.by_social()),
            by_other: share(stats.by_other()),
            social_channels: Channel::ALL
                .into_iter()
                .filter(|c| c.is_social() && stats.by_channel.get(c) > 0)
                .collect(),
            sla: SlaSummary::of(stats.sla),
            top_categories,
            resolution: ResolutionTimes::of(&stats.resolution),
            resolution_working: ResolutionTimes::of(&stats.resolution_working),
            reopened: share(stats.reopened),
            repeated: share(stats.repeated),
            repeat_appellants: stats.citizens.as_ref().map(|c| c.repeat_appellants()),
            backlog: Backlog {
                open: stats.open(),
                bands: stats.backlog_bands,
                median_age_secs: stats.backlog_age.quantile(500),
                max_age_secs: stats.backlog_age.max(),
            },
            load: load(stats, config),
        }
    }

    /// The report as text in `lang`, with the embedded templates and category labels from
    /// `taxonomy` (the code when it has none).
    pub fn render(&self, lang: Language, taxonomy: &Taxonomy) -> String {
        self.render_with(&ReportTemplates::shymkent(), lang, taxonomy)
    }

    /// The report as text in `lang` with the given templates.
    pub fn render_with(
        &self,
        templates: &ReportTemplates,
        lang: Language,
        taxonomy: &Taxonomy,
    ) -> String {
        let n = |v: u64| format_count(v, lang);
        let pct = |p: Percent| format_percent(p, lang);
        let first = self.period.first();
        let mut values: HashMap<&'static str, String> = HashMap::new();
        let mut numbers: HashMap<&'static str, u64> = HashMap::new();
        let mut put = |k: &'static str, v: u64, values: &mut HashMap<&'static str, String>| {
            numbers.insert(k, v);
            values.insert(k, n(v));
        };
        values.insert("year", first.year().to_string());
        values.insert(
            "month",
            templates
                .month_name(first.month(), lang)
                .unwrap_or("")
                .to_owned(),
        );
        values.insert(
            "month_gen",
            templates
                .month_name_genitive(first.month(), lang)
                .unwrap_or("")
                .to_owned(),
        );
        values.insert(
            "month_in",
            templates.month_in(first.month(), lang).to_owned(),
        );
        values.insert("first", templates.date(first, lang));
        values.insert("last", templates.date(self.period.last(), lang));
        let open = self.with_bodies.count + self.with_centre.count;
        put("considered", self.considered, &mut values);
        put("fulfilled", self.fulfilled.count, &mut values);
        put("open", open, &mut values);
        put("with_bodies", self.with_bodies.count, &mut values);
        put("with_centre", self.with_centre.count, &mut values);
        put("first_contact", self.first_contact.count, &mut values);
        put("by_phone", self.by_phone.count, &mut values);
        put("by_social", self.by_social.count, &mut values);
        put("by_other", self.by_other.count, &mut values);
        let sla = self.sla.counts;
        put("sla_judged", sla.judged(), &mut values);
        put("sla_on_time", sla.on_time, &mut values);
        put("sla_late", sla.late, &mut values);
        put("sla_breached", sla.breached, &mut values);
        put("sla_open_in_time", sla.open_in_time, &mut values);
        put("resolved", self.resolution.count, &mut values);
        put("reopened", self.reopened.count, &mut values);
        put("repeated", self.repeated.count, &mut values);
        put(
            "repeat_appellants",
            self.repeat_appellants.unwrap_or(0),
            &mut values,
        );
        for (i, key) in ["age_0", "age_1", "age_2", "age_3", "age_4", "age_5"]
            .into_iter()
            .enumerate()
        {
            put(key, self.backlog.bands.counts[i], &mut values);
        }
        let l = &self.load;
        put("capacity", l.capacity_per_day, &mut values);
        put("surge", l.surge_per_day, &mut values);
        put("capacity_hour", l.capacity_per_hour, &mut values);
        put(
            "days_over_capacity",
            u64::from(l.days_over_capacity),
            &mut values,
        );
        if let Some((day, count)) = l.busiest_day {
            values.insert("busiest_day", templates.date(day, lang));
            put("busiest_count", count, &mut values);
        }
        if let Some((day, hour, count)) = l.busiest_hour {
            values.insert(
                "busiest_hour",
                format!(
                    "{}, {hour:02}:00–{:02}:00",
                    templates.date(day, lang),
                    hour + 1
                ),
            );
            put("busiest_hour_count", u64::from(count), &mut values);
        }
        values.insert(
            "mean_per_day",
            templates.tenths(l.mean_per_day_tenths, lang),
        );
        for (k, p) in [
            ("fulfilled_pct", self.fulfilled.percent),
            ("first_contact_pct", self.first_contact.percent),
            ("by_phone_pct", self.by_phone.percent),
            ("by_social_pct", self.by_social.percent),
            ("by_other_pct", self.by_other.percent),
            ("reopened_pct", self.reopened.percent),
            ("repeated_pct", self.repeated.percent),
        ] {
            values.insert(k, pct(p));
        }
        values.insert(
            "sla_compliance",
            self.sla.compliance.map_or("—".into(), pct),
        );
        let social: Vec<&str> = if self.social_channels.is_empty() {
            vec!["WhatsApp", "Instagram", "Facebook"]
        } else {
            self.social_channels.iter().map(|c| brand(*c)).collect()
        };
        values.insert("social", social.join(", "));
        let r = &self.resolution;
        values.insert("median", templates.duration(r.median_secs, lang));
        values.insert("p90", templates.duration(r.p90_secs, lang));
        values.insert("p99", templates.duration(r.p99_secs, lang));
        let w = &self.resolution_working;
        values.insert("working_median", templates.duration(w.median_secs, lang));
        values.insert("working_p90", templates.duration(w.p90_secs, lang));
        let period_key = match self.kind {
            PeriodKind::Month => "period_month",
            PeriodKind::Year => "period_year",
            _ => "period_range",
        };
        let period = templates.fill(lang, period_key, &values, &numbers);
        values.insert("period", period);

        let fill = |key: &str| templates.fill(lang, key, &values, &numbers);
        let heading = match self.kind {
            PeriodKind::Month => "heading_month",
            PeriodKind::Year => "heading_year",
            _ => "heading_range",
        };
        let mut out = String::new();
        out.push_str(&fill(heading));
        out.push_str("\n\n");
        let mut para = vec![fill("summary"), fill("first_contact")];
        para.push(fill(if self.by_other.count > 0 {
            "channels"
        } else {
            "channels_no_other"
        }));
        out.push_str(&para.join(" "));
        out.push_str("\n\n");
        out.push_str(&fill(if sla.judged() > 0 { "sla" } else { "sla_none" }));
        out.push('\n');
        if r.count > 0 {
            out.push_str(&fill("resolution"));
            if w.count > 0 {
                out.push(' ');
                out.push_str(&fill("resolution_working"));
            }
            out.push('\n');
        }
        if open > 0 {
            out.push_str(&fill("backlog"));
            out.push('\n');
        }
        out.push_str(&fill("reopened"));
        if self.repeat_appellants.is_some() {
            out.push(' ');
            out.push_str(&fill("repeat_appellants"));
        }
        out.push('\n');
        if l.busiest_day.is_some() {
            out.push_str(&fill("load"));
            out.push('\n');
        }
        if !self.top_categories.is_empty() {
            out.push('\n');
            out.push_str(&fill("top_heading"));
            out.push('\n');
            for (i, c) in self.top_categories.iter().enumerate() {
                let mut v = HashMap::new();
                v.insert("rank", (i + 1).to_string());
                v.insert(
                    "label",
                    taxonomy
                        .label(c.category.as_str(), lang)
                        .unwrap_or(c.category.as_str())
                        .to_owned(),
                );
                v.insert("count", n(c.share.count));
                v.insert("pct", pct(c.share.percent));
                out.push_str(&templates.fill(lang, "top_line", &v, &HashMap::new()));
                out.push('\n');
            }
        }
        out
    }
}

fn brand(c: Channel) -> &'static str {
    match c {
        Channel::WhatsApp => "WhatsApp",
        Channel::Instagram => "Instagram",
        Channel::Facebook => "Facebook",
        Channel::Telegram => "Telegram",
        other => other.name(),
    }
}

fn load(stats: &Statistics, config: &ReportConfig) -> Load {
    let per_day = stats.per_day();
    let days = stats.period.days();
    let total: u64 = per_day.iter().map(|d| d.1).sum();
    let mut busiest_day: Option<(NaiveDate, u64)> = None;
    for &(d, c) in &per_day {
        if c > 0 && busiest_day.is_none_or(|b| c > b.1) {
            busiest_day = Some((d, c));
        }
    }
    let capacity_per_hour = config.capacity_per_day.div_ceil(24);
    let mut busiest_hour: Option<(NaiveDate, u8, u32)> = None;
    let mut hours_over_capacity = 0;
    for (d, hours) in &stats.load {
        for (h, &c) in hours.iter().enumerate() {
            if c > 0 && busiest_hour.is_none_or(|b| c > b.2) {
                busiest_hour = Some((*d, h as u8, c));
            }
            hours_over_capacity += u32::from(u64::from(c) > capacity_per_hour);
        }
    }
    Load {
        capacity_per_day: config.capacity_per_day,
        surge_per_day: config.surge_per_day,
        capacity_per_hour,
        days,
        mean_per_day_tenths: if days == 0 {
            0
        } else {
            (20 * total + u64::from(days)) / (2 * u64::from(days))
        },
        busiest_day,
        days_over_capacity: per_day
            .iter()
            .filter(|d| d.1 > config.capacity_per_day)
            .count() as u32,
        days_over_surge: per_day
            .iter()
            .filter(|d| d.1 > config.surge_per_day)
            .count() as u32,
        busiest_hour,
        hours_over_capacity,
        per_hour_of_day: stats.per_hour_of_day(),
    }
}
