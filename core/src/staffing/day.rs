//! A day of hourly intervals: the arrival profile, the hourly plan, and the most
//! calls a day a flat roster can take.

use serde::{Deserialize, Serialize};

use super::erlang::{Staffing, staff_interval};
use super::{IntervalLoad, StaffingError, StaffingField, StaffingTarget, non_negative, positive};

const CITY_HOTLINE: &str = include_str!("../../data/staffing/city_hotline_profile.toml");

/// Seconds in one interval of a [`DayPlan`]: the profile is hourly.
const HOUR_SECS: f64 = 3600.0;

/// How a day's calls spread over its 24 hours: shares that sum to 1.
///
/// Read from TOML (`name`, and `weights`: 24 non-negative numbers, hour 0 first,
/// normalised on load). [`DayProfile::city_hotline`] is the compiled-in default,
/// from `core/data/staffing/city_hotline_profile.toml`, an *unverified* shape to
/// be replaced by the centre's own hourly counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ProfileData", into = "ProfileData")]
pub struct DayProfile {
    name: String,
    shares: [f64; 24],
}

#[derive(Serialize, Deserialize)]
struct ProfileData {
    name: String,
    weights: Vec<f64>,
}

impl TryFrom<ProfileData> for DayProfile {
    type Error = StaffingError;
    fn try_from(d: ProfileData) -> Result<Self, StaffingError> {
        DayProfile::new(&d.name, &d.weights)
    }
}

impl From<DayProfile> for ProfileData {
    fn from(p: DayProfile) -> Self {
        ProfileData {
            name: p.name,
            weights: p.shares.to_vec(),
        }
    }
}

impl DayProfile {
    /// A profile from 24 hourly weights, hour 0 first, normalised to shares.
    ///
    /// # Errors
    /// - [`StaffingError::ProfileLength`] unless there are exactly 24 weights.
    /// - [`StaffingError::InvalidInput`] for [`StaffingField::ProfileWeight`] when a
    ///   weight is negative, infinite or NaN.
    /// - [`StaffingError::ProfileEmpty`] when they are all zero.
    ///
    /// # Example
    /// ```
    /// let flat = aryz::DayProfile::new("flat", &[1.0; 24])?;
    /// assert_eq!(flat.share(3), Some(1.0 / 24.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(name: &str, weights: &[f64]) -> Result<DayProfile, StaffingError> {
        if weights.len() != 24 {
            return Err(StaffingError::ProfileLength { len: weights.len() });
        }
        for &w in weights {
            non_negative(StaffingField::ProfileWeight, w)?;
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return Err(StaffingError::ProfileEmpty);
        }
        if !total.is_finite() {
            return Err(StaffingError::invalid(
                StaffingField::ProfileWeight,
                total,
                "weights with a finite sum",
            ));
        }
        let mut shares = [0.0; 24];
        for (s, w) in shares.iter_mut().zip(weights) {
            *s = w / total;
        }
        Ok(DayProfile {
            name: name.to_owned(),
            shares,
        })
    }

    /// Reads a profile from TOML: `name = "..."` and `weights = [24 numbers]`.
    ///
    /// # Errors
    /// [`StaffingError::ProfileSyntax`] for malformed TOML, and the errors of
    /// [`DayProfile::new`].
    ///
    /// # Example
    /// ```
    /// let p = aryz::DayProfile::from_toml(&format!(
    ///     "name = \"night-heavy\"\nweights = [{}]",
    ///     ["2"; 24].join(", ")
    /// ))?;
    /// assert_eq!(p.name(), "night-heavy");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(s: &str) -> Result<DayProfile, StaffingError> {
        let data: ProfileData = toml::from_str(s).map_err(|e| StaffingError::ProfileSyntax {
            message: e.message().to_owned(),
        })?;
        DayProfile::try_from(data)
    }

    /// The compiled-in default for a city hotline (unverified; see the data file).
    ///
    /// # Example
    /// ```
    /// let p = aryz::DayProfile::city_hotline();
    /// assert_eq!(p.peak_hour(), 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn city_hotline() -> DayProfile {
        // The embedded file is checked by a unit test, so this cannot fail at run time.
        DayProfile::from_toml(CITY_HOTLINE).unwrap_or_else(|e| {
            unreachable!("embedded city hotline profile is invalid: {e}");
        })
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The share of the day's calls in `hour` (0–23), or `None` past 23.
    pub fn share(&self, hour: u8) -> Option<f64> {
        self.shares.get(usize::from(hour)).copied()
    }

    /// All 24 shares, hour 0 first; they sum to 1.
    pub fn shares(&self) -> &[f64; 24] {
        &self.shares
    }

    /// The hour with the largest share (the earliest on a tie).
    pub fn peak_hour(&self) -> u8 {
        let mut best = 0;
        for h in 1..24 {
            if self.shares[h] > self.shares[best] {
                best = h;
            }
        }
        best as u8
    }
}

/// One hour of a [`DayPlan`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HourPlan {
    /// The hour of the day, 0–23 (local time of the profile).
    pub hour: u8,
    /// Calls expected in the hour (a forecast, so fractional).
    pub calls: f64,
    /// The agents the hour needs.
    pub staffing: Staffing,
}

/// Hour-by-hour staffing for a day's calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPlan {
    /// The day's calls.
    pub calls_per_day: f64,
    /// The average handling time assumed, in seconds.
    pub aht_secs: f64,
    /// The target met in every hour.
    pub target: StaffingTarget,
    /// Hours 0 to 23.
    pub hours: Vec<HourPlan>,
    /// The hour needing the most rostered staff (the earliest on a tie).
    pub peak_hour: u8,
    /// Rostered staff needed in the peak hour.
    pub peak_rostered: u32,
    /// Agent-hours on the phones over the day: the sum of `agents_raw`.
    pub agent_hours_raw: u32,
    /// Rostered staff-hours over the day: the sum of `agents_rostered`.
    pub agent_hours_rostered: u32,
    /// Rostered staff needed on average per hour: `agent_hours_rostered / 24`.
    pub mean_rostered: f64,
}

/// Plans a day: spreads `calls_per_day` over the profile's hours and staffs each
/// hour with [`staff_interval`].
///
/// # Errors
/// - [`StaffingError::InvalidInput`] naming the field when the calls, the AHT or the
///   target is invalid.
/// - [`StaffingError::TooManyAgents`] when an hour needs more than
///   [`MAX_AGENTS`](crate::MAX_AGENTS).
///
/// # Example
/// ```
/// use aryz::{DayProfile, StaffingTarget, plan_day};
/// let plan = plan_day(3000.0, 180.0, &DayProfile::city_hotline(), &StaffingTarget::COMMON)?;
/// assert_eq!(plan.hours.len(), 24);
/// assert_eq!(plan.peak_hour, 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_day(
    calls_per_day: f64,
    aht_secs: f64,
    profile: &DayProfile,
    target: &StaffingTarget,
) -> Result<DayPlan, StaffingError> {
    non_negative(StaffingField::CallsPerDay, calls_per_day)?;
    positive(StaffingField::AhtSecs, aht_secs)?;
    target.validate()?;
    let mut hours = Vec::with_capacity(24);
    let (mut peak_hour, mut peak_rostered, mut peak_calls) = (0_u8, 0_u32, -1.0_f64);
    let (mut raw_sum, mut rostered_sum) = (0_u32, 0_u32);
    for (hour, share) in (0_u8..).zip(profile.shares) {
        let calls = calls_per_day * share;
        let staffing = staff_interval(
            &IntervalLoad {
                calls,
                interval_secs: HOUR_SECS,
                aht_secs,
            },
            target,
        )?;
        let r = staffing.agents_rostered;
        if r > peak_rostered || (r == peak_rostered && calls > peak_calls) {
            (peak_hour, peak_rostered, peak_calls) = (hour, r, calls);
        }
        raw_sum = raw_sum.saturating_add(staffing.agents_raw);
        rostered_sum = rostered_sum.saturating_add(r);
        hours.push(HourPlan {
            hour,
            calls,
            staffing,
        });
    }
    Ok(DayPlan {
        calls_per_day,
        aht_secs,
        target: *target,
        hours,
        peak_hour,
        peak_rostered,
        agent_hours_raw: raw_sum,
        agent_hours_rostered: rostered_sum,
        mean_rostered: f64::from(rostered_sum) / 24.0,
    })
}

/// Whether a day of `calls` fits a flat roster of `on_duty` every hour.
fn fits_flat_day(
    calls: u64,
    on_duty: u32,
    aht_secs: f64,
    profile: &DayProfile,
    target: &StaffingTarget,
) -> Result<bool, StaffingError> {
    match plan_day(calls as f64, aht_secs, profile, target) {
        Ok(plan) => Ok(plan.peak_rostered <= on_duty),
        Err(StaffingError::TooManyAgents { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The most whole calls a day that a flat roster of `on_duty` staff in every hour
/// (before shrinkage) can take while meeting the target in every hour of the
/// profile. The busiest hour decides.
///
/// Exact to a call: one call more a day makes some hour need more than `on_duty`.
///
/// # Errors
/// [`StaffingError::InvalidInput`] naming the field when the AHT or the target is
/// invalid.
///
/// # Example
/// ```
/// use aryz::{DayProfile, StaffingTarget, max_calls_per_day};
/// let p = DayProfile::city_hotline();
/// let calls = max_calls_per_day(20, 180.0, &p, &StaffingTarget::COMMON)?;
/// assert!(calls > 1000 && calls < 3000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn max_calls_per_day(
    on_duty: u32,
    aht_secs: f64,
    profile: &DayProfile,
    target: &StaffingTarget,
) -> Result<u64, StaffingError> {
    positive(StaffingField::AhtSecs, aht_secs)?;
    target.validate()?;
    let raw = target.productive(on_duty);
    if raw == 0 {
        return Ok(0);
    }
    let peak_share = profile.shares[usize::from(profile.peak_hour())];
    // With the peak hour's traffic ≥ raw, that hour needs more than raw agents.
    let hi = (f64::from(raw) * HOUR_SECS / aht_secs / peak_share).ceil() as u64;
    let (mut lo, mut hi) = (0_u64, hi.saturating_add(1));
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits_flat_day(mid, on_duty, aht_secs, profile, target)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_profile_is_valid() -> Result<(), StaffingError> {
        let p = DayProfile::from_toml(CITY_HOTLINE)?;
        assert_eq!(p.name(), "city-hotline");
        let sum: f64 = p.shares().iter().sum();
        assert!((sum - 1.0).abs() < 1e-12);
        assert_eq!(p.peak_hour(), 10);
        assert!((p.share(10).unwrap_or(0.0) - 0.089).abs() < 1e-12);
        assert_eq!(p.share(24), None);
        Ok(())
    }

    #[test]
    fn profile_round_trips_through_serde() -> Result<(), Box<dyn std::error::Error>> {
        let p = DayProfile::city_hotline();
        let json = serde_json::to_string(&p)?;
        let back: DayProfile = serde_json::from_str(&json)?;
        for (a, b) in p.shares().iter().zip(back.shares()) {
            assert!((a - b).abs() < 1e-15);
        }
        Ok(())
    }

    #[test]
    fn bad_profiles_are_refused() {
        assert_eq!(
            DayProfile::new("x", &[1.0; 23]),
            Err(StaffingError::ProfileLength { len: 23 })
        );
        assert_eq!(
            DayProfile::new("x", &[0.0; 24]),
            Err(StaffingError::ProfileEmpty)
        );
        let mut w = [1.0; 24];
        w[5] = -1.0;
        assert!(matches!(
            DayProfile::new("x", &w),
            Err(StaffingError::InvalidInput {
                field: StaffingField::ProfileWeight,
                ..
            })
        ));
        w[5] = f64::NAN;
        assert!(DayProfile::new("x", &w).is_err());
        assert!(matches!(
            DayProfile::from_toml("weights = [1, 2"),
            Err(StaffingError::ProfileSyntax { .. })
        ));
        assert!(matches!(
            DayProfile::from_toml("name = \"x\"\nweights = [1, 2]"),
            Err(StaffingError::ProfileLength { len: 2 })
        ));
    }

    #[test]
    fn plan_spreads_the_day() -> Result<(), StaffingError> {
        let p = DayProfile::city_hotline();
        let plan = plan_day(3000.0, 180.0, &p, &StaffingTarget::COMMON)?;
        let calls: f64 = plan.hours.iter().map(|h| h.calls).sum();
        assert!((calls - 3000.0).abs() < 1e-9);
        assert_eq!(plan.peak_hour, 10);
        assert_eq!(plan.peak_rostered, plan.hours[10].staffing.agents_rostered);
        for h in &plan.hours {
            assert!(h.staffing.agents_rostered <= plan.peak_rostered);
            assert!(StaffingTarget::COMMON.is_met_by(&h.staffing.metrics));
        }
        assert!(matches!(
            plan_day(-1.0, 180.0, &p, &StaffingTarget::COMMON),
            Err(StaffingError::InvalidInput {
                field: StaffingField::CallsPerDay,
                ..
            })
        ));
        Ok(())
    }

    #[test]
    fn max_calls_per_day_is_exact() -> Result<(), StaffingError> {
        let p = DayProfile::city_hotline();
        let t = StaffingTarget::COMMON;
        for on_duty in [1, 6, 20, 60] {
            let calls = max_calls_per_day(on_duty, 180.0, &p, &t)?;
            assert!(plan_day(calls as f64, 180.0, &p, &t)?.peak_rostered <= on_duty);
            assert!(plan_day((calls + 1) as f64, 180.0, &p, &t)?.peak_rostered > on_duty);
        }
        Ok(())
    }
}
