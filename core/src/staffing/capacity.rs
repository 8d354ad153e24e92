//! Does a day's demand fit a 24/7 rotation of a given headcount, and up to which
//! handling time?

use serde::{Deserialize, Serialize};

use super::day::{DayProfile, max_calls_per_day, plan_day};
use super::{StaffingError, StaffingField, StaffingTarget, non_negative, positive};

/// Hours a week a 24/7 centre is open.
const OPEN_HOURS_PER_WEEK: f64 = 168.0;

/// The longest AHT the verdict's searches try, in seconds; a load that fits even
/// then is reported with this value.
const MAX_AHT_SECS: u32 = 86_400;

/// A 24/7 rotation: a headcount sharing the 168 hours of every week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rotation {
    /// Staff on the rotation (headcount).
    pub staff: u32,
    /// Paid hours a week per staff member, e.g. 40. In (0, 168].
    pub hours_per_week: f64,
}

impl Rotation {
    /// Checks the hours a week.
    ///
    /// # Errors
    /// [`StaffingError::InvalidInput`] for [`StaffingField::HoursPerWeek`] unless it is
    /// in (0, 168].
    ///
    /// # Example
    /// ```
    /// let r = aryz::Rotation { staff: 26, hours_per_week: 200.0 };
    /// assert!(r.validate().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), StaffingError> {
        let h = self.hours_per_week;
        if !(h > 0.0 && h <= OPEN_HOURS_PER_WEEK) {
            return Err(StaffingError::invalid(
                StaffingField::HoursPerWeek,
                h,
                "above 0 and at most 168",
            ));
        }
        Ok(())
    }

    /// Staff on duty in an average hour (before shrinkage): `staff · hours / 168`.
    pub fn on_duty_mean(&self) -> f64 {
        f64::from(self.staff) * self.hours_per_week / OPEN_HOURS_PER_WEEK
    }

    /// Staff on duty in every hour when the rota is flat: the mean rounded down
    /// (26 × 40 / 168 = 6.19 gives 6; the spare hours fall where they may).
    pub fn on_duty_flat(&self) -> u32 {
        (self.on_duty_mean() + 1e-9).floor() as u32
    }

    /// The headcount whose average hour has `on_duty` staff: `ceil(on_duty · 168 / hours)`.
    fn staff_for(&self, on_duty: f64) -> u32 {
        let x = on_duty * OPEN_HOURS_PER_WEEK / self.hours_per_week;
        (x - 1e-9).ceil().max(0.0) as u32
    }
}

/// Whether a day's calls fit a rotation, and the handling times at which they would.
///
/// Two readings of "fits", both reported:
/// - **peak hour, flat rota**: the same [`Rotation::on_duty_flat`] staff every hour;
///   the busiest hour of the profile must meet the target. This is the safe reading.
/// - **on average, shaped rota**: the rota follows the profile, so only the day's
///   total must fit: the mean rostered staff needed per hour ≤
///   [`Rotation::on_duty_mean`]. Shift lengths make real rotas lumpier, so this is a
///   necessary condition, the best case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapacityVerdict {
    /// Calls offered a day.
    pub calls_per_day: f64,
    /// Average handling time assessed, in seconds.
    pub aht_secs: f64,
    /// The rotation assessed.
    pub rotation: Rotation,
    /// The target met in every hour (service level, threshold, occupancy, shrinkage).
    pub target: StaffingTarget,
    /// The profile's name.
    pub profile: String,
    /// Staff on duty in an average hour, before shrinkage.
    pub on_duty_mean: f64,
    /// Staff on duty in every hour on a flat rota, before shrinkage.
    pub on_duty_flat: u32,
    /// Agents on the phones in every hour of the flat rota, after shrinkage.
    pub productive_flat: u32,
    /// The busiest hour of the profile.
    pub peak_hour: u8,
    /// Calls offered in the busiest hour.
    pub peak_calls: f64,
    /// Rostered staff the busiest hour needs.
    pub peak_rostered_needed: u32,
    /// `peak_rostered_needed ≤ on_duty_flat`.
    pub fits_peak: bool,
    /// Rostered staff needed per hour, averaged over the day.
    pub mean_rostered_needed: f64,
    /// `mean_rostered_needed ≤ on_duty_mean`.
    pub fits_average: bool,
    /// The longest whole-second AHT at which the peak hour fits the flat rota;
    /// `None` when not even 1 s does; at most 86,400.
    pub max_aht_peak_secs: Option<u32>,
    /// The longest whole-second AHT at which the day fits on average; `None` when not
    /// even 1 s does; at most 86,400.
    pub max_aht_average_secs: Option<u32>,
    /// The most calls a day the flat rota takes at this AHT (busiest hour decides).
    pub max_calls_per_day_flat: u64,
    /// Headcount a flat rota would need at this AHT: `ceil(peak_rostered_needed · 168 / hours)`.
    pub staff_needed_flat: u32,
    /// Headcount a perfectly shaped rota would need at this AHT:
    /// `ceil(mean_rostered_needed · 168 / hours)`.
    pub staff_needed_shaped: u32,
}

/// The longest whole-second AHT in `1..=MAX_AHT_SECS` passing `fits`, which must be
/// monotone (true up to some AHT, false after).
fn max_aht(
    mut fits: impl FnMut(f64) -> Result<bool, StaffingError>,
) -> Result<Option<u32>, StaffingError> {
    if !fits(1.0)? {
        return Ok(None);
    }
    let mut lo = 1_u32;
    let mut hi = 2_u32;
    while fits(f64::from(hi))? {
        lo = hi;
        if hi >= MAX_AHT_SECS {
            return Ok(Some(MAX_AHT_SECS));
        }
        hi = (hi * 2).min(MAX_AHT_SECS);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(f64::from(mid))? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(Some(lo))
}

/// Maps "needs more than the agent limit" to "does not fit".
fn or_no(r: Result<bool, StaffingError>) -> Result<bool, StaffingError> {
    match r {
        Err(StaffingError::TooManyAgents { .. }) => Ok(false),
        other => other,
    }
}

/// Judges whether `calls_per_day` at `aht_secs` fit `rotation` around the clock,
/// with the calls spread by `profile` into hourly intervals and every hour held to
/// `target` (whose shrinkage turns staff on duty into agents on the phones).
///
/// Erlang C with no abandonment: see [`QueueMetrics`](crate::QueueMetrics) for the
/// assumptions. A 24/7 centre is open 168 hours a week; hours are the profile's local
/// hours.
///
/// # Errors
/// [`StaffingError::InvalidInput`] naming the field when the calls, the AHT, the
/// rotation or the target is invalid; [`StaffingError::TooManyAgents`] when an hour
/// at `aht_secs` needs more than [`MAX_AGENTS`](crate::MAX_AGENTS).
///
/// # Example
/// ```
/// use aryz::{DayProfile, Rotation, StaffingTarget, capacity_verdict};
/// let rotation = Rotation { staff: 26, hours_per_week: 40.0 };
/// let v = capacity_verdict(
///     3000.0, 180.0, &rotation, &DayProfile::city_hotline(), &StaffingTarget::COMMON,
/// )?;
/// assert_eq!(v.on_duty_flat, 6);
/// assert!(!v.fits_peak);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn capacity_verdict(
    calls_per_day: f64,
    aht_secs: f64,
    rotation: &Rotation,
    profile: &DayProfile,
    target: &StaffingTarget,
) -> Result<CapacityVerdict, StaffingError> {
    non_negative(StaffingField::CallsPerDay, calls_per_day)?;
    positive(StaffingField::AhtSecs, aht_secs)?;
    rotation.validate()?;
    target.validate()?;

    let on_duty_mean = rotation.on_duty_mean();
    let on_duty_flat = rotation.on_duty_flat();
    let plan = plan_day(calls_per_day, aht_secs, profile, target)?;
    let peak = &plan.hours[usize::from(plan.peak_hour)];

    let peak_fits = |aht: f64| -> Result<bool, StaffingError> {
        or_no(
            plan_day(calls_per_day, aht, profile, target).map(|p| p.peak_rostered <= on_duty_flat),
        )
    };
    let average_fits = |aht: f64| -> Result<bool, StaffingError> {
        or_no(
            plan_day(calls_per_day, aht, profile, target)
                .map(|p| p.mean_rostered <= on_duty_mean + 1e-9),
        )
    };

    Ok(CapacityVerdict {
        calls_per_day,
        aht_secs,
        rotation: *rotation,
        target: *target,
        profile: profile.name().to_owned(),
        on_duty_mean,
        on_duty_flat,
        productive_flat: target.productive(on_duty_flat),
        peak_hour: plan.peak_hour,
        peak_calls: peak.calls,
        peak_rostered_needed: plan.peak_rostered,
        fits_peak: plan.peak_rostered <= on_duty_flat,
        mean_rostered_needed: plan.mean_rostered,
        fits_average: plan.mean_rostered <= on_duty_mean + 1e-9,
        max_aht_peak_secs: max_aht(peak_fits)?,
        max_aht_average_secs: max_aht(average_fits)?,
        max_calls_per_day_flat: max_calls_per_day(on_duty_flat, aht_secs, profile, target)?,
        staff_needed_flat: rotation.staff_for(f64::from(plan.peak_rostered)),
        staff_needed_shaped: rotation.staff_for(plan.mean_rostered),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(calls: f64, aht: f64) -> Result<CapacityVerdict, StaffingError> {
        capacity_verdict(
            calls,
            aht,
            &Rotation {
                staff: 26,
                hours_per_week: 40.0,
            },
            &DayProfile::city_hotline(),
            &StaffingTarget::COMMON,
        )
    }

    #[test]
    fn rotation_arithmetic() {
        let r = Rotation {
            staff: 26,
            hours_per_week: 40.0,
        };
        assert!((r.on_duty_mean() - 6.190_476).abs() < 1e-6);
        assert_eq!(r.on_duty_flat(), 6);
        let exact = Rotation {
            staff: 42,
            hours_per_week: 40.0,
        };
        assert_eq!(exact.on_duty_flat(), 10);
        assert_eq!(exact.staff_for(10.0), 42);
        assert_eq!(exact.staff_for(10.1), 43);
    }

    #[test]
    fn max_aht_is_the_boundary() -> Result<(), StaffingError> {
        for calls in [3000.0, 5000.0] {
            let v = verdict(calls, 180.0)?;
            if let Some(a) = v.max_aht_peak_secs {
                assert!(verdict(calls, f64::from(a))?.fits_peak);
                assert!(!verdict(calls, f64::from(a + 1))?.fits_peak);
            }
            if let Some(a) = v.max_aht_average_secs {
                assert!(verdict(calls, f64::from(a))?.fits_average);
                assert!(!verdict(calls, f64::from(a + 1))?.fits_average);
            }
        }
        Ok(())
    }

    #[test]
    fn no_calls_fit_any_handling_time() -> Result<(), StaffingError> {
        let v = verdict(0.0, 180.0)?;
        assert!(v.fits_peak && v.fits_average);
        assert_eq!(v.max_aht_peak_secs, Some(MAX_AHT_SECS));
        assert_eq!(v.staff_needed_flat, 0);
        Ok(())
    }

    #[test]
    fn bad_rotation_is_named() {
        let r = capacity_verdict(
            3000.0,
            180.0,
            &Rotation {
                staff: 26,
                hours_per_week: 0.0,
            },
            &DayProfile::city_hotline(),
            &StaffingTarget::COMMON,
        );
        assert!(matches!(
            r,
            Err(StaffingError::InvalidInput {
                field: StaffingField::HoursPerWeek,
                ..
            })
        ));
    }
}
