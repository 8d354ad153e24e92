//! The staffing model through the public API: the worked case, and the question
//! of issue #5 — do 3,000 (and 5,000 on demand) calls a day fit 26 staff on 24/7?

#![allow(clippy::unwrap_used, clippy::expect_used)]

use aryz::{
    CapacityVerdict, DayProfile, IntervalLoad, Rotation, StaffingTarget, capacity_verdict,
    staff_interval,
};

type Res = Result<(), Box<dyn std::error::Error>>;

const ROTATION: Rotation = Rotation {
    staff: 26,
    hours_per_week: 40.0,
};

fn verdict(calls: f64, aht: f64) -> Result<CapacityVerdict, aryz::StaffingError> {
    capacity_verdict(
        calls,
        aht,
        &ROTATION,
        &DayProfile::city_hotline(),
        &StaffingTarget::COMMON,
    )
}

#[test]
fn worked_case_through_the_public_api() -> Res {
    let load = IntervalLoad {
        calls: 100.0,
        interval_secs: 1800.0,
        aht_secs: 180.0,
    };
    let s = staff_interval(&load, &StaffingTarget::COMMON)?;
    assert_eq!((s.agents_raw, s.agents_rostered), (14, 20));
    let json = serde_json::to_value(s)?;
    assert_eq!(json["agents_rostered"], 20);
    Ok(())
}

/// 26 staff on 40-hour weeks put 6.19 on duty in an average hour, 6 on a flat
/// rota, 4 on the phones after 30% shrinkage: 3,000 calls a day at 180 s do not fit.
/// The figures pin the default profile (peak 10:00-11:00, 8.9% of the day).
#[test]
fn issue_5_verdict() -> Res {
    let v = verdict(3000.0, 180.0)?;
    assert_eq!((v.on_duty_flat, v.productive_flat), (6, 4));
    assert!(!v.fits_peak && !v.fits_average);
    assert_eq!(v.peak_hour, 10);
    assert_eq!(v.peak_rostered_needed, 25);
    assert_eq!(v.max_aht_peak_secs, Some(36));
    assert_eq!(v.max_aht_average_secs, Some(61));
    assert_eq!(v.max_calls_per_day_flat, 506);
    assert_eq!((v.staff_needed_flat, v.staff_needed_shaped), (105, 57));

    let v = verdict(5000.0, 180.0)?;
    assert!(!v.fits_peak && !v.fits_average);
    assert_eq!(v.max_aht_peak_secs, Some(23));
    assert_eq!(v.max_aht_average_secs, Some(40));
    assert_eq!((v.staff_needed_flat, v.staff_needed_shaped), (164, 85));
    Ok(())
}

/// Prints the verdict under other readings of "26 staff around the clock"
/// (`cargo test -p aryz --test staffing -- --nocapture`).
#[test]
fn issue_5_sensitivity() -> Res {
    let readings = [
        ("26 staff x 40 h/week, shrinkage 0.30", 40.0, 0.3),
        ("26 staff x 40 h/week, shrinkage 0.15", 40.0, 0.15),
        ("26 staff x 40 h/week, shrinkage 0.00", 40.0, 0.0),
        ("26 seats filled 24/7, shrinkage 0.30", 168.0, 0.3),
        ("26 seats filled 24/7, shrinkage 0.00", 168.0, 0.0),
    ];
    println!(
        "reading | calls/day | AHT | on duty | peak needs | fits peak | fits avg | max AHT peak | max AHT avg | staff flat | staff shaped"
    );
    for (label, hours, shrinkage) in readings {
        for calls in [3000.0, 5000.0] {
            let target = StaffingTarget {
                shrinkage,
                ..StaffingTarget::COMMON
            };
            let rotation = Rotation {
                staff: 26,
                hours_per_week: hours,
            };
            let v = capacity_verdict(
                calls,
                180.0,
                &rotation,
                &DayProfile::city_hotline(),
                &target,
            )?;
            assert_eq!(v.fits_peak, v.max_aht_peak_secs.is_some_and(|a| a >= 180));
            println!(
                "{label} | {calls} | 180 | {:.2} | {} | {} | {} | {:?} | {:?} | {} | {}",
                v.on_duty_mean,
                v.peak_rostered_needed,
                v.fits_peak,
                v.fits_average,
                v.max_aht_peak_secs,
                v.max_aht_average_secs,
                v.staff_needed_flat,
                v.staff_needed_shaped,
            );
        }
    }
    Ok(())
}
