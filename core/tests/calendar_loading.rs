//! Loading calendars from JSON and TOML: every fault is a typed error, never a panic.
#![allow(clippy::unwrap_used)]

use aryz::{Calendar, CalendarError, MAX_SOURCE_BYTES};
use chrono::{NaiveDate, TimeZone, Utc};

fn with(week: &str, extra: &str) -> String {
    format!("id = \"test\"\nfirst_year = 2024\nlast_year = 2024\n{extra}\n[week]\n{week}\n")
}

#[test]
fn a_good_toml_calendar_loads() {
    let cal = Calendar::from_toml(&with(
        "mon = [\"08:00-12:00\", \"13:00-17:00\"]",
        "time_zone = \"UTC\"",
    ))
    .unwrap();
    let monday = Utc.with_ymd_and_hms(2024, 1, 1, 8, 0, 0).unwrap();
    assert!(cal.is_working_time(monday).unwrap());
    assert!(
        !cal.is_working_day(NaiveDate::from_ymd_opt(2024, 1, 2).unwrap())
            .unwrap()
    );
}

#[test]
fn a_good_json_calendar_loads_with_inline_rules() {
    let json = r#"{
        "id": "kz-custom",
        "time_zone": "Asia/Almaty",
        "first_year": 2024, "last_year": 2024,
        "week": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"]},
        "days_off": {"rules": {"name": "mine", "first_year": 2024, "last_year": 2024,
            "fixed": [{"name": "Founders", "month": 1, "day": 2}]}},
        "exceptions": [{"date": "2024-01-09", "kind": "day_off"}]
    }"#;
    let cal = Calendar::from_json(json).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
    assert!(cal.is_working_day(day(1, 1)).unwrap());
    assert!(!cal.is_working_day(day(1, 2)).unwrap());
    assert!(!cal.is_working_day(day(1, 9)).unwrap());
}

#[test]
fn faults_are_typed() {
    let err = |text: &str| Calendar::from_toml(text).unwrap_err();
    assert!(matches!(
        err(&with("", "time_zone = \"Asia/Shymkent\"")),
        CalendarError::UnknownTimeZone { .. }
    ));
    assert!(matches!(
        err(&with("mon = [\"18:00-09:00\"]", "")),
        CalendarError::BadInterval { .. }
    ));
    assert!(matches!(
        err(&with("mon = [\"09:00-13:00\", \"12:00-18:00\"]", "")),
        CalendarError::OverlappingIntervals { .. }
    ));
    assert!(matches!(
        err(&with("mon = [\"9am-6pm\"]", "")),
        CalendarError::Syntax { format: "toml", .. }
    ));
    assert!(matches!(
        err("id = \"x\"\nfirst_year = 1900\nlast_year = 1901\n[week]\n"),
        CalendarError::YearOutOfRange { year: 1900, .. }
    ));
    assert!(matches!(
        err("id = \"x\"\nfirst_year = 2000\nlast_year = 2150\n[week]\n"),
        CalendarError::YearOutOfRange { .. }
    ));
    // Kazakhstan's embedded days off stop at 2035.
    assert!(matches!(
        err("id = \"x\"\nfirst_year = 2030\nlast_year = 2040\ndays_off = \"kazakhstan\"\n[week]\n"),
        CalendarError::YearOutOfRange { year: 2040, .. }
    ));
    // A date that does not exist.
    assert!(matches!(
        err(&with(
            "",
            "[[exceptions]]\ndate = \"2024-02-30\"\nkind = \"day_off\"\n"
        )),
        CalendarError::Syntax { .. }
    ));
    // An exception outside the calendar's years, twice, or contradicting itself.
    assert!(matches!(
        err(&with(
            "",
            "[[exceptions]]\ndate = \"2025-01-01\"\nkind = \"day_off\"\n"
        )),
        CalendarError::DateOutOfRange { .. }
    ));
    assert!(matches!(
        err(&with(
            "",
            "[[exceptions]]\ndate = \"2024-01-01\"\nkind = \"day_off\"\n[[exceptions]]\ndate = \"2024-01-01\"\nkind = \"day_off\"\n"
        )),
        CalendarError::DuplicateDate { .. }
    ));
    assert!(matches!(
        err(&with(
            "",
            "[[exceptions]]\ndate = \"2024-01-01\"\nkind = \"day_off\"\nhours = [\"09:00-10:00\"]\n"
        )),
        CalendarError::BadException { .. }
    ));
    assert!(matches!(
        err(&with(
            "",
            "[[exceptions]]\ndate = \"2024-01-06\"\nkind = \"working_day\"\n"
        )),
        CalendarError::BadException { .. }
    ));
    // Unknown fields and a bad id are syntax errors.
    assert!(matches!(
        err(&with("", "colour = \"red\"")),
        CalendarError::Syntax { .. }
    ));
    assert!(matches!(
        err("id = \"Bad Id\"\nfirst_year = 2024\nlast_year = 2024\n[week]\n"),
        CalendarError::Syntax { .. }
    ));
    // Too large.
    let big = " ".repeat(MAX_SOURCE_BYTES + 1);
    assert!(matches!(
        Calendar::from_json(&big),
        Err(CalendarError::TooLarge { .. })
    ));
    // Garbage never panics.
    for text in ["", "{", "[]", "null", "{\"id\": 5}", "\u{0}"] {
        assert!(Calendar::from_json(text).is_err());
        assert!(Calendar::from_toml(text).is_err());
    }
}

#[test]
fn error_messages_are_lower_case_and_name_the_fault() {
    let e = Calendar::from_toml(&with("mon = [\"18:00-09:00\"]", "")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad interval 18:00-09:00: it does not end after it starts"
    );
}

#[test]
fn durations_and_rules_have_a_stable_serde_shape() {
    use aryz::{HolidayRules, RegistrationDay, WorkingDuration};
    let d = WorkingDuration::WorkingDays {
        days: 15,
        registration_day: RegistrationDay::CountsAsDayOne,
    };
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(
        json,
        r#"{"working_days":{"days":15,"registration_day":"counts_as_day_one"}}"#
    );
    assert_eq!(serde_json::from_str::<WorkingDuration>(&json).unwrap(), d);
    assert_eq!(
        serde_json::to_string(&WorkingDuration::Minutes(30)).unwrap(),
        r#"{"minutes":30}"#
    );
    // The embedded rules survive a round trip through TOML and JSON.
    let kz = HolidayRules::kazakhstan();
    assert_eq!(
        HolidayRules::from_toml(&toml::to_string(&kz).unwrap()).unwrap(),
        kz
    );
    assert_eq!(
        HolidayRules::from_json(&serde_json::to_string(&kz).unwrap()).unwrap(),
        kz
    );
}
