//! Days off by law: holidays, the rule that moves a holiday off a weekend, and the
//! government's yearly transfers. Kazakhstan's are embedded from `data/calendars/kz.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::calendar::{MAX_YEAR, MIN_YEAR, check_size};
use super::error::CalendarError;

const KZ_TOML: &str = include_str!("../../data/calendars/kz.toml");

static KAZAKHSTAN: LazyLock<HolidayRules> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    HolidayRules::from_toml(KZ_TOML).expect("the embedded data/calendars/kz.toml is valid")
});

/// How sure a data entry is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Evidence {
    /// The law, or a decree whose text or official announcement was checked.
    #[default]
    Official,
    /// Reported by the press or secondary tables; the decree itself was not read.
    Reported,
    /// A future date computed in advance, not yet announced.
    Projected,
}

fn yes() -> bool {
    true
}

fn is_official(e: &Evidence) -> bool {
    *e == Evidence::Official
}

/// A holiday on the same month and day every year it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FixedHoliday {
    /// Its name, e.g. `Nauryz`.
    pub name: String,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month.
    pub day: u32,
    /// The first year it applies; none means every year of the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i32>,
    /// The last year it applies; none means every year of the rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<i32>,
    /// Whether it gives a day off on the next working day when it falls on a weekend.
    #[serde(default = "yes")]
    pub moved: bool,
    /// How sure the entry is.
    #[serde(default, skip_serializing_if = "is_official")]
    pub status: Evidence,
    /// The law or note behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl FixedHoliday {
    fn applies(&self, year: i32) -> bool {
        self.since.is_none_or(|s| year >= s) && self.until.is_none_or(|u| year <= u)
    }
}

/// One year's date of a [`DatedHoliday`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HolidayDate {
    /// The date.
    pub date: NaiveDate,
    /// How sure the date is; `projected` for computed future dates.
    #[serde(default, skip_serializing_if = "is_official")]
    pub status: Evidence,
}

/// A holiday whose date changes from year to year (a lunar feast), listed per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DatedHoliday {
    /// Its name, e.g. `Kurban Ait`.
    pub name: String,
    /// Whether it gives a day off on the next working day when it falls on a weekend.
    #[serde(default = "yes")]
    pub moved: bool,
    /// Whether every year of the rules must have a date (checked when loading).
    #[serde(default = "yes")]
    pub every_year: bool,
    /// The law or note behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Its dates, at most one per year.
    pub dates: Vec<HolidayDate>,
}

/// A government transfer: a weekend day made a working day, a day made a day off, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Transfer {
    /// The day that becomes a working day, worked with the hours of a usual weekday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_day: Option<NaiveDate>,
    /// The day that becomes a day off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_off: Option<NaiveDate>,
    /// How sure the entry is.
    #[serde(default, skip_serializing_if = "is_official")]
    pub status: Evidence,
    /// The decree or report behind it.
    pub source: String,
}

/// What makes a date special under the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpecialDayKind {
    /// A holiday on its own date (listed even when it falls on a weekend).
    Holiday,
    /// A day off given because the holiday on `from` fell on a weekend.
    MovedDayOff {
        /// The date of the holiday that fell on a weekend.
        from: NaiveDate,
    },
    /// A day off given by a government transfer.
    TransferredDayOff,
    /// A weekend day made a working day by a government transfer.
    TransferredWorkingDay,
}

/// A date the rules make special, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpecialDay {
    /// The date.
    pub date: NaiveDate,
    /// Why it is special.
    pub kind: SpecialDayKind,
    /// The holiday's name, or the transfer's source.
    pub name: String,
    /// How sure the entry behind it is.
    pub status: Evidence,
}

impl SpecialDay {
    /// Whether the day is off (every kind but [`SpecialDayKind::TransferredWorkingDay`]).
    pub fn is_day_off(&self) -> bool {
        !matches!(self.kind, SpecialDayKind::TransferredWorkingDay)
    }
}

fn default_weekend() -> Vec<Weekday> {
    vec![Weekday::Sat, Weekday::Sun]
}

/// A country's days off by law, as data: holidays, which of them move off a weekend, and
/// the yearly transfers. The source form of [`DaysOff::Rules`](super::DaysOff::Rules).
///
/// The embedded Kazakhstan rules ([`HolidayRules::kazakhstan`]) cover 2015–2035. The
/// format is that of `core/data/calendars/kz.toml`, whose header explains the derivation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HolidayRules {
    /// A short name, e.g. `kz`.
    pub name: String,
    /// The laws the rules follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The first year the rules cover.
    pub first_year: i32,
    /// The last year the rules cover.
    pub last_year: i32,
    /// The weekend a holiday is moved off (Saturday and Sunday for the five-day week).
    #[serde(default = "default_weekend")]
    pub weekend: Vec<Weekday>,
    /// Holidays on a fixed day.
    #[serde(default)]
    pub fixed: Vec<FixedHoliday>,
    /// Holidays with a date per year.
    #[serde(default)]
    pub dated: Vec<DatedHoliday>,
    /// Government transfers.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
}

/// The rules worked out: every special date of the covered years.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResolvedDays {
    pub(crate) days: BTreeMap<NaiveDate, SpecialDay>,
    /// Dates listed as holidays even though a transfer or move also names them.
    pub(crate) holidays: Vec<SpecialDay>,
}

impl ResolvedDays {
    /// Whether the rules make `date` a working day (`Some(true)`), a day off
    /// (`Some(false)`), or say nothing (`None`).
    pub(crate) fn status(&self, date: NaiveDate) -> Option<bool> {
        self.days.get(&date).map(|d| !d.is_day_off())
    }
}

impl HolidayRules {
    /// Kazakhstan's days off for the five-day week, 2015–2035, from the embedded
    /// `data/calendars/kz.toml`.
    pub fn kazakhstan() -> HolidayRules {
        KAZAKHSTAN.clone()
    }

    /// Reads and checks rules written in TOML.
    ///
    /// # Errors
    /// [`CalendarError::TooLarge`] over 1 MiB, [`CalendarError::Syntax`] when the text is
    /// not TOML of this shape, and the errors of [`HolidayRules::validate`].
    pub fn from_toml(text: &str) -> Result<HolidayRules, CalendarError> {
        check_size(text)?;
        let rules: HolidayRules = toml::from_str(text).map_err(|e| CalendarError::Syntax {
            format: "toml",
            message: e.message().to_owned(),
        })?;
        rules.validate()?;
        Ok(rules)
    }

    /// Reads and checks rules written in JSON.
    ///
    /// # Errors
    /// As [`HolidayRules::from_toml`], with `format` `"json"`.
    pub fn from_json(text: &str) -> Result<HolidayRules, CalendarError> {
        check_size(text)?;
        let rules: HolidayRules =
            serde_json::from_str(text).map_err(|e| CalendarError::Syntax {
                format: "json",
                message: e.to_string(),
            })?;
        rules.validate()?;
        Ok(rules)
    }

    /// Checks the rules: years in range, real dates, one date per year for each dated
    /// holiday, no date transferred twice.
    ///
    /// # Errors
    /// [`CalendarError`] naming the first fault found.
    pub fn validate(&self) -> Result<(), CalendarError> {
        self.resolve().map(|_| ())
    }

    /// Every special date of `year`, in date order: holidays (also those on a weekend),
    /// days off moved from a weekend, and transfers.
    ///
    /// # Errors
    /// [`CalendarError::YearOutOfRange`] when the rules do not cover `year`, and the
    /// errors of [`HolidayRules::validate`].
    pub fn special_days(&self, year: i32) -> Result<Vec<SpecialDay>, CalendarError> {
        if year < self.first_year || year > self.last_year {
            return Err(CalendarError::YearOutOfRange {
                year,
                first: self.first_year,
                last: self.last_year,
            });
        }
        let r = self.resolve()?;
        let mut out: Vec<SpecialDay> = r
            .holidays
            .iter()
            .chain(
                r.days
                    .values()
                    .filter(|d| d.kind != SpecialDayKind::Holiday),
            )
            .filter(|d| d.date.year() == year)
            .cloned()
            .collect();
        out.sort_by_key(|d| d.date);
        Ok(out)
    }

    fn check_year(&self, year: i32) -> Result<(), CalendarError> {
        if year < self.first_year || year > self.last_year {
            return Err(CalendarError::YearOutOfRange {
                year,
                first: self.first_year,
                last: self.last_year,
            });
        }
        Ok(())
    }

    fn check_date(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if date.year() < self.first_year || date.year() > self.last_year {
            return Err(CalendarError::DateOutOfRange {
                date,
                first: self.first_year,
                last: self.last_year,
            });
        }
        Ok(())
    }

    /// Works out every special date of the covered years.
    pub(crate) fn resolve(&self) -> Result<ResolvedDays, CalendarError> {
        for year in [self.first_year, self.last_year] {
            if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
                return Err(CalendarError::YearOutOfRange {
                    year,
                    first: MIN_YEAR,
                    last: MAX_YEAR,
                });
            }
        }
        if self.last_year < self.first_year {
            return Err(CalendarError::YearOutOfRange {
                year: self.last_year,
                first: self.first_year,
                last: MAX_YEAR,
            });
        }
        let weekend = |d: NaiveDate| self.weekend.contains(&d.weekday());

        // date -> (holiday, moved?)
        let mut holidays: BTreeMap<NaiveDate, (SpecialDay, bool)> = BTreeMap::new();
        let mut add = |day: SpecialDay, moved: bool| {
            holidays
                .entry(day.date)
                .and_modify(|(d, m)| {
                    // Two holidays on one date give one day off; it moves if either may.
                    d.name = format!("{} / {}", d.name, day.name);
                    *m |= moved;
                })
                .or_insert((day, moved));
        };
        for f in &self.fixed {
            if f.month == 2 && f.day == 29
                || NaiveDate::from_ymd_opt(2001, f.month, f.day).is_none()
            {
                return Err(CalendarError::BadDate {
                    month: f.month,
                    day: f.day,
                });
            }
            for year in [f.since, f.until].into_iter().flatten() {
                if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
                    return Err(CalendarError::YearOutOfRange {
                        year,
                        first: MIN_YEAR,
                        last: MAX_YEAR,
                    });
                }
            }
            for year in self.first_year..=self.last_year {
                if !f.applies(year) {
                    continue;
                }
                let Some(date) = NaiveDate::from_ymd_opt(year, f.month, f.day) else {
                    return Err(CalendarError::BadDate {
                        month: f.month,
                        day: f.day,
                    });
                };
                add(
                    SpecialDay {
                        date,
                        kind: SpecialDayKind::Holiday,
                        name: f.name.clone(),
                        status: f.status,
                    },
                    f.moved,
                );
            }
        }
        for h in &self.dated {
            let mut years = BTreeSet::new();
            for hd in &h.dates {
                self.check_date(hd.date)?;
                if !years.insert(hd.date.year()) {
                    return Err(CalendarError::TwoHolidayDates {
                        name: h.name.clone(),
                        year: hd.date.year(),
                    });
                }
                add(
                    SpecialDay {
                        date: hd.date,
                        kind: SpecialDayKind::Holiday,
                        name: h.name.clone(),
                        status: hd.status,
                    },
                    h.moved,
                );
            }
            if h.every_year
                && let Some(year) = (self.first_year..=self.last_year).find(|y| !years.contains(y))
            {
                return Err(CalendarError::MissingHolidayDate {
                    name: h.name.clone(),
                    year,
                });
            }
        }

        let mut days: BTreeMap<NaiveDate, SpecialDay> = holidays
            .values()
            .map(|(d, _)| (d.date, d.clone()))
            .collect();
        // Labour Code Art. 84-85: a holiday on a weekend day gives a day off on the next
        // working day after it. In date order, so consecutive holidays over a weekend
        // (Nauryz, New Year) take consecutive working days.
        for (date, (holiday, moved)) in &holidays {
            if !*moved || !weekend(*date) {
                continue;
            }
            let mut next = *date;
            loop {
                next = next.succ_opt().ok_or(CalendarError::DateOutOfRange {
                    date: next,
                    first: self.first_year,
                    last: self.last_year,
                })?;
                if !weekend(next) && !days.contains_key(&next) {
                    break;
                }
            }
            days.insert(
                next,
                SpecialDay {
                    date: next,
                    kind: SpecialDayKind::MovedDayOff { from: *date },
                    name: holiday.name.clone(),
                    status: holiday.status,
                },
            );
        }

        // Labour Code Art. 85 p.3: the government's transfers override the above.
        let mut transferred = BTreeSet::new();
        for (index, t) in self.transfers.iter().enumerate() {
            if t.working_day.is_none() && t.day_off.is_none() {
                return Err(CalendarError::EmptyTransfer { index });
            }
            for (date, kind) in [
                (t.working_day, SpecialDayKind::TransferredWorkingDay),
                (t.day_off, SpecialDayKind::TransferredDayOff),
            ] {
                let Some(date) = date else { continue };
                self.check_date(date)?;
                if !transferred.insert(date) {
                    return Err(CalendarError::DuplicateDate { date });
                }
                days.insert(
                    date,
                    SpecialDay {
                        date,
                        kind,
                        name: t.source.clone(),
                        status: t.status,
                    },
                );
            }
        }
        Ok(ResolvedDays {
            days,
            holidays: holidays.into_values().map(|(d, _)| d).collect(),
        })
    }

    /// Checks that the rules cover `first..=last`.
    pub(crate) fn check_covers(&self, first: i32, last: i32) -> Result<(), CalendarError> {
        self.check_year(first)?;
        self.check_year(last)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn embedded_rules_load() {
        let kz = HolidayRules::kazakhstan();
        assert_eq!((kz.first_year, kz.last_year), (2015, 2035));
        assert!(kz.resolve().is_ok());
    }

    #[test]
    fn nauryz_2026_moves_to_consecutive_working_days() {
        let r = HolidayRules::kazakhstan().resolve().unwrap();
        assert_eq!(
            r.days[&d(2026, 3, 24)].kind,
            SpecialDayKind::MovedDayOff {
                from: d(2026, 3, 21)
            }
        );
        assert_eq!(
            r.days[&d(2026, 3, 25)].kind,
            SpecialDayKind::MovedDayOff {
                from: d(2026, 3, 22)
            }
        );
        assert_eq!(r.status(d(2026, 3, 26)), None);
    }

    #[test]
    fn bad_rules_are_typed_errors() {
        let text = r#"name = "x"
first_year = 2020
last_year = 2021
[[fixed]]
name = "bad"
month = 2
day = 30
"#;
        assert_eq!(
            HolidayRules::from_toml(text),
            Err(CalendarError::BadDate { month: 2, day: 30 })
        );
        let text = r#"name = "x"
first_year = 2020
last_year = 2021
[[dated]]
name = "feast"
dates = [{ date = "2020-05-01" }]
"#;
        assert!(matches!(
            HolidayRules::from_toml(text),
            Err(CalendarError::MissingHolidayDate { year: 2021, .. })
        ));
        let text = r#"{"name":"x","first_year":2020,"last_year":2021,
            "transfers":[{"day_off":"2030-01-01","source":"s"}]}"#;
        assert!(matches!(
            HolidayRules::from_json(text),
            Err(CalendarError::DateOutOfRange { .. })
        ));
    }
}
