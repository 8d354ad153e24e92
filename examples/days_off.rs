//! Prints the weekdays off and the worked weekend days of a year on the Shymkent office
//! calendar (Kazakhstan's days off by law and decree).
//!
//! `cargo run -p aryz-examples --example days_off -- 2026`

use chrono::{Datelike, NaiveDate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let year: i32 = std::env::args().nth(1).map_or(Ok(2026), |y| y.parse())?;
    let calendar = aryz::Calendar::kazakhstan_office();
    let mut day = NaiveDate::from_ymd_opt(year, 1, 1).ok_or("year out of range")?;
    while day.year() == year {
        let weekend = day.weekday().num_days_from_monday() >= 5;
        let working = calendar.is_working_day(day)?;
        if weekend == working {
            let what = if working {
                "worked (transferred working day)"
            } else {
                "day off"
            };
            println!("{} {:<9} {what}", day, day.format("%A"));
        }
        day = day.succ_opt().ok_or("date overflow")?;
    }
    Ok(())
}
