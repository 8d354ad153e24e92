//! Kazakhstan's days off and the Shymkent office calendar, checked date by date against
//! the law: the Labour Code (Art. 84 holidays and religious days, Art. 85 the move off a
//! weekend and p.3 the government's transfers) and the Law on holidays (No. 267-II).
#![allow(clippy::unwrap_used)]

use aryz::{
    Calendar, DateException, HolidayRules, Interval, RegistrationDay, SpecialDayKind,
    WorkingDuration, WorkingTimeError,
};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Almaty;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An Almaty wall-clock time (unambiguous) as an instant.
fn local(y: i32, m: u32, day: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Almaty
        .with_ymd_and_hms(y, m, day, h, mi, s)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn off(date: NaiveDate) -> bool {
    !Calendar::kazakhstan_office().is_working_day(date).unwrap()
}

fn working_days_in(year: i32) -> usize {
    let cal = Calendar::kazakhstan_office();
    d(year, 1, 1)
        .iter_days()
        .take_while(|x| x.year() == year)
        .filter(|x| cal.is_working_day(*x).unwrap())
        .count()
}

#[test]
fn labour_code_art_85_moves_2026_holidays_off_the_weekend() {
    // 8 March 2026 is a Sunday: the day off moves to Monday 9 March.
    assert_eq!(d(2026, 3, 8).weekday(), Weekday::Sun);
    assert!(off(d(2026, 3, 9)));
    assert!(!off(d(2026, 3, 10)));
    // Nauryz 21-23 March 2026 is Sat, Sun, Mon: the Saturday and Sunday holidays move
    // past Monday (itself a holiday) to Tuesday 24 and Wednesday 25 March.
    assert_eq!(d(2026, 3, 21).weekday(), Weekday::Sat);
    for day in 21..=25 {
        assert!(off(d(2026, 3, day)), "{day} March 2026");
    }
    assert!(!off(d(2026, 3, 26)));
    // Victory Day, Saturday 9 May 2026: Monday 11 May off.
    assert!(off(d(2026, 5, 11)));
    assert!(!off(d(2026, 5, 12)));
    // Unity Day (Fri 1 May) and Defender's Day (Thu 7 May) fall on weekdays.
    assert!(off(d(2026, 5, 1)) && off(d(2026, 5, 7)));
    assert!(!off(d(2026, 5, 4)) && !off(d(2026, 5, 8)));
}

#[test]
fn law_on_holidays_2026_new_year_and_no_constitution_day_in_august() {
    // 1-2 January 2026 are Thursday and Friday; with the weekend, 1-4 January are off
    // without any decree, and Monday 5 January is worked.
    assert!(off(d(2026, 1, 1)) && off(d(2026, 1, 2)));
    assert!(!off(d(2026, 1, 5)) && !off(d(2026, 1, 6)));
    // Orthodox Christmas, Wednesday 7 January 2026.
    assert!(off(d(2026, 1, 7)));
    // Constitution Day is no longer 30 August from 2026 (Ministry of Labour, March 2026):
    // 30 August 2026 is a Sunday and nothing moves to Monday 31 August.
    assert!(!off(d(2026, 8, 31)));
    assert!(!off(d(2026, 9, 1)));
    // Kurban Ait, Wednesday 27 May 2026.
    assert!(off(d(2026, 5, 27)));
    // Constitution Day on 15 March from 2027 (a Monday).
    assert!(off(d(2027, 3, 15)));
    assert!(!off(d(2027, 8, 30)));
    assert!(off(d(2025, 9, 1)));
}

#[test]
fn government_decree_2023_capital_day_transfer() {
    // Decree for 2023 (Labour Code Art. 85 p.3): Saturday 1 July worked, Friday 7 July off.
    assert!(!off(d(2023, 7, 1)));
    assert!(off(d(2023, 7, 6)) && off(d(2023, 7, 7)));
    assert!(!off(d(2023, 7, 5)) && !off(d(2023, 7, 10)));
    // A transferred working Saturday is worked with the usual weekday hours.
    let cal = Calendar::kazakhstan_office();
    assert_eq!(
        cal.hours_on(d(2023, 7, 1)).unwrap(),
        [
            Interval::hm(9, 0, 13, 0).unwrap(),
            Interval::hm(14, 0, 18, 0).unwrap()
        ]
    );
}

#[test]
fn government_decree_2024_may_transfer() {
    // Decree for 2024: Saturday 4 May worked, Wednesday 8 May off; 7 and 9 May holidays.
    assert!(!off(d(2024, 5, 4)));
    assert!(off(d(2024, 5, 7)) && off(d(2024, 5, 8)) && off(d(2024, 5, 9)));
    assert!(!off(d(2024, 5, 6)) && !off(d(2024, 5, 10)));
}

#[test]
fn government_decrees_2022_and_2025() {
    // Decree No. 713 of 6 October 2021 (as amended): 5 Mar, 27 Aug, 22 Oct 2022 worked;
    // 7 Mar, 29 Aug, 24 Oct off. Republic Day, Tuesday 25 October 2022.
    for (worked, rest) in [((3, 5), (3, 7)), ((8, 27), (8, 29)), ((10, 22), (10, 24))] {
        assert!(!off(d(2022, worked.0, worked.1)));
        assert!(off(d(2022, rest.0, rest.1)));
    }
    assert!(off(d(2022, 10, 25)));
    // 2025 (reported): Sunday 5 January worked, Friday 3 January off.
    assert!(!off(d(2025, 1, 5)));
    assert!(off(d(2025, 1, 3)));
}

#[test]
fn labour_code_religious_days_are_never_moved() {
    // Kurban Ait on Sunday 16 June 2024: no day off on Monday 17 June.
    assert!(off(d(2024, 6, 16)));
    assert!(!off(d(2024, 6, 17)));
    // Kurban Ait on Saturday 9 July 2022 and Sunday 11 August 2019.
    assert!(!off(d(2022, 7, 11)));
    assert!(!off(d(2019, 8, 12)));
    // Orthodox Christmas on Saturday 7 January 2017 and Sunday 7 January 2024.
    assert!(!off(d(2017, 1, 9)));
    assert!(!off(d(2024, 1, 8)));
}

#[test]
fn labour_code_new_year_over_a_weekend() {
    // 2022: 1-2 January on Saturday and Sunday -> 3 and 4 January off.
    assert!(off(d(2022, 1, 3)) && off(d(2022, 1, 4)));
    assert!(!off(d(2022, 1, 5)) && !off(d(2022, 1, 6)));
    assert!(off(d(2022, 1, 7)));
    // 2023: 1 January on Sunday, 2 January a Monday holiday -> Tuesday 3 January off.
    assert!(off(d(2023, 1, 2)) && off(d(2023, 1, 3)));
    assert!(!off(d(2023, 1, 4)));
    // 2017: the same pattern, 1-3 January off.
    assert!(off(d(2017, 1, 3)) && !off(d(2017, 1, 4)));
}

#[test]
fn law_on_holidays_2022_amendments() {
    // First President Day (1 December) and the second day of Independence Day
    // (17 December) were days off until 2021.
    assert!(off(d(2021, 12, 1)));
    assert!(off(d(2021, 12, 16)) && off(d(2021, 12, 17)));
    assert!(!off(d(2022, 12, 1)));
    // 2022: 16 December is a Friday; 17 December is no longer a holiday, so Monday 19
    // December is worked.
    assert!(off(d(2022, 12, 16)));
    assert!(!off(d(2022, 12, 19)));
    // Republic Day is not a day off before 2022: Monday 25 October 2021 is worked.
    assert!(!off(d(2021, 10, 25)));
    // 2016: Defender's Day on Saturday 7 May, Victory Day Monday 9 May -> Tuesday 10 May.
    assert!(off(d(2016, 5, 9)) && off(d(2016, 5, 10)));
    assert!(!off(d(2016, 5, 11)));
}

#[test]
fn government_decree_2020_victory_day_moved_again() {
    // Victory Day on Saturday 9 May 2020; its day off (Monday 11 May by the Labour
    // Code) was moved by the 2020 decree to Friday 8 May.
    assert!(off(d(2020, 5, 8)));
    assert!(!off(d(2020, 5, 11)));
    // Nauryz 2020 (Sat 21, Sun 22, Mon 23) -> 24 and 25 March off.
    assert!(off(d(2020, 3, 24)) && off(d(2020, 3, 25)) && !off(d(2020, 3, 26)));
}

#[test]
fn yearly_working_day_totals() {
    // Counted by hand from the rules above for the five-day week.
    // 2022: 245 working days by the original decree (announced December 2021); the 2022
    // amendments added 25 and 24 October off and 22 October worked (-1) and removed
    // 1 December and 17 (-> 19) December (+2).
    assert_eq!(working_days_in(2022), 246);
}

#[test]
fn special_days_name_their_reason() {
    let kz = HolidayRules::kazakhstan();
    let days = kz.special_days(2026).unwrap();
    let moved: Vec<_> = days
        .iter()
        .filter_map(|s| match s.kind {
            SpecialDayKind::MovedDayOff { from } => Some((s.date, from)),
            _ => None,
        })
        .collect();
    assert_eq!(
        moved,
        vec![
            (d(2026, 3, 9), d(2026, 3, 8)),
            (d(2026, 3, 24), d(2026, 3, 21)),
            (d(2026, 3, 25), d(2026, 3, 22)),
            (d(2026, 5, 11), d(2026, 5, 9)),
            // Republic Day, Sunday 25 October 2026.
            (d(2026, 10, 26), d(2026, 10, 25)),
        ]
    );
    assert!(kz.special_days(2036).is_err());
}

#[test]
fn tz_database_has_the_2024_almaty_change() {
    // Asia/Almaty: UTC+6 until 1 March 2024 00:00 local, UTC+5 since (tzdata 2024a).
    let cal = Calendar::kazakhstan_office();
    let before = Utc.with_ymd_and_hms(2024, 2, 29, 17, 59, 59).unwrap();
    let after = Utc.with_ymd_and_hms(2024, 2, 29, 18, 0, 0).unwrap();
    assert_eq!(
        cal.local(before).format("%F %T %:z").to_string(),
        "2024-02-29 23:59:59 +06:00"
    );
    assert_eq!(
        cal.local(after).format("%F %T %:z").to_string(),
        "2024-02-29 23:00:00 +05:00"
    );
    // Office hours start at 09:00 local on both sides.
    assert_eq!(
        cal.next_working_instant(Utc.with_ymd_and_hms(2024, 2, 29, 0, 0, 0).unwrap())
            .unwrap(),
        Utc.with_ymd_and_hms(2024, 2, 29, 3, 0, 0).unwrap()
    );
    assert_eq!(
        cal.next_working_instant(after).unwrap(),
        Utc.with_ymd_and_hms(2024, 3, 1, 4, 0, 0).unwrap()
    );
    // Thursday 29 Feb 17:00 (+6) plus two working hours: Friday 1 March 10:00 (+5).
    let start = local(2024, 2, 29, 17, 0, 0);
    let due = cal.deadline(start, WorkingDuration::Hours(2)).unwrap();
    assert_eq!(due, Utc.with_ymd_and_hms(2024, 3, 1, 5, 0, 0).unwrap());
    assert_eq!(cal.elapsed(start, due).unwrap(), TimeDelta::hours(2));
    // The round-the-clock day of 29 February 2024 lasts 25 hours.
    let always = Calendar::round_the_clock();
    let day = always
        .elapsed(local(2024, 2, 29, 0, 0, 0), local(2024, 3, 1, 0, 0, 0))
        .unwrap();
    assert_eq!(day, TimeDelta::hours(25));
    // A working-day deadline across the change ends at local midnight (+5).
    let due = always
        .add_working_days(
            local(2024, 2, 28, 12, 0, 0),
            2,
            RegistrationDay::CountsAsDayOne,
        )
        .unwrap();
    assert_eq!(due, Utc.with_ymd_and_hms(2024, 2, 29, 19, 0, 0).unwrap());
}

#[test]
fn eotinish_fixture_fifteen_working_days() {
    // APPK Art. 76: 15 working days. eOtinish: registered 26 May 2022, the registration
    // day is day 1, due 15 June 2022 23:59:59 local.
    let cal = Calendar::kazakhstan_office();
    let registered = local(2022, 5, 26, 11, 20, 0);
    let days = |rule| WorkingDuration::WorkingDays {
        days: 15,
        registration_day: rule,
    };
    let due = cal
        .deadline(registered, days(RegistrationDay::CountsAsDayOne))
        .unwrap();
    // The deadline is the local midnight that ends 15 June, an exclusive bound.
    assert_eq!(due, local(2022, 6, 16, 0, 0, 0));
    assert_eq!(
        cal.local(due - TimeDelta::seconds(1))
            .format("%F %T")
            .to_string(),
        "2022-06-15 23:59:59"
    );
    // Not counting the registration day moves it one working day on.
    let due = cal
        .deadline(registered, days(RegistrationDay::NotCounted))
        .unwrap();
    assert_eq!(due, local(2022, 6, 17, 0, 0, 0));
    // Registered after hours still counts the date; registered on Sunday 29 May 2022
    // (APPK Art. 64: registered the next working day), day 1 is Monday 30 May either way.
    let evening = local(2022, 5, 26, 21, 0, 0);
    assert_eq!(
        cal.deadline(evening, days(RegistrationDay::CountsAsDayOne))
            .unwrap(),
        local(2022, 6, 16, 0, 0, 0)
    );
    let sunday = local(2022, 5, 29, 12, 0, 0);
    for rule in [RegistrationDay::CountsAsDayOne, RegistrationDay::NotCounted] {
        assert_eq!(
            cal.deadline(sunday, days(rule)).unwrap(),
            local(2022, 6, 18, 0, 0, 0)
        );
    }
    assert_eq!(
        cal.deadline(
            registered,
            WorkingDuration::WorkingDays {
                days: 0,
                registration_day: RegistrationDay::CountsAsDayOne
            }
        ),
        Err(WorkingTimeError::ZeroWorkingDays)
    );
}

#[test]
fn three_working_days_to_forward_over_nauryz() {
    // APPK Art. 76: forward within 3 working days. Registered Friday 20 March 2026:
    // day 1 Fri 20, then 21-25 off, day 2 Thu 26, day 3 Fri 27 March.
    let cal = Calendar::kazakhstan_office();
    let due = cal
        .add_working_days(
            local(2026, 3, 20, 15, 0, 0),
            3,
            RegistrationDay::CountsAsDayOne,
        )
        .unwrap();
    assert_eq!(due, local(2026, 3, 28, 0, 0, 0));
}

#[test]
fn exact_at_every_boundary() {
    let cal = Calendar::kazakhstan_office();
    let min = |m| WorkingDuration::Minutes(m);
    // Inside the lunch break: the clock resumes at 14:00.
    let lunch = local(2022, 6, 15, 13, 30, 0);
    assert!(!cal.is_working_time(lunch).unwrap());
    assert_eq!(
        cal.deadline(lunch, min(1)).unwrap(),
        local(2022, 6, 15, 14, 1, 0)
    );
    assert_eq!(
        cal.next_working_instant(lunch).unwrap(),
        local(2022, 6, 15, 14, 0, 0)
    );
    // At 13:00 sharp the break has begun; one minute before, an hour ends at 14:01.
    assert!(!cal.is_working_time(local(2022, 6, 15, 13, 0, 0)).unwrap());
    assert_eq!(
        cal.deadline(local(2022, 6, 15, 12, 59, 0), min(2)).unwrap(),
        local(2022, 6, 15, 14, 1, 0)
    );
    // At 18:00 sharp the day is over; the last second is 17:59:59.
    let six = local(2022, 6, 15, 18, 0, 0);
    assert!(!cal.is_working_time(six).unwrap());
    assert!(cal.is_working_time(local(2022, 6, 15, 17, 59, 59)).unwrap());
    assert!(cal.is_working_time(local(2022, 6, 15, 9, 0, 0)).unwrap());
    assert!(!cal.is_working_time(local(2022, 6, 15, 8, 59, 59)).unwrap());
    assert_eq!(
        cal.deadline(six, min(1)).unwrap(),
        local(2022, 6, 16, 9, 1, 0)
    );
    assert_eq!(cal.add(six, TimeDelta::zero()).unwrap(), six);
    assert_eq!(
        cal.next_working_instant(six).unwrap(),
        local(2022, 6, 16, 9, 0, 0)
    );
    // A deadline that uses the day up ends at 18:00, not at 09:00 the next morning.
    assert_eq!(
        cal.deadline(local(2022, 6, 15, 17, 0, 0), min(60)).unwrap(),
        six
    );
    // Started on a holiday (Tue 24 March 2026, a moved Nauryz day off).
    let holiday = local(2026, 3, 24, 10, 0, 0);
    assert!(!cal.is_working_time(holiday).unwrap());
    assert_eq!(
        cal.deadline(holiday, WorkingDuration::Hours(1)).unwrap(),
        local(2026, 3, 26, 10, 0, 0)
    );
    // A full working day is 8 hours.
    assert_eq!(
        cal.elapsed(local(2022, 6, 15, 0, 0, 0), local(2022, 6, 16, 0, 0, 0))
            .unwrap(),
        TimeDelta::hours(8)
    );
    // Negative and out-of-range questions are errors, not panics.
    assert!(matches!(
        cal.add(six, TimeDelta::seconds(-1)),
        Err(WorkingTimeError::NegativeDuration { .. })
    ));
    assert!(matches!(
        cal.is_working_time(local(2014, 6, 1, 10, 0, 0)),
        Err(WorkingTimeError::OutOfRange { .. })
    ));
    assert!(matches!(
        cal.deadline(local(2035, 12, 20, 10, 0, 0), WorkingDuration::Hours(1000)),
        Err(WorkingTimeError::BeyondRange { .. })
    ));
}

#[test]
fn users_add_their_own_exceptions() {
    let cal = Calendar::kazakhstan_office()
        .with_exceptions([
            DateException::day_off(d(2026, 12, 31)).with_note("order of the akim"),
            DateException::working_day(
                d(2026, 12, 26),
                Some(vec![Interval::hm(10, 0, 14, 0).unwrap()]),
            ),
        ])
        .unwrap();
    assert!(!cal.is_working_day(d(2026, 12, 31)).unwrap());
    assert_eq!(
        cal.hours_on(d(2026, 12, 26)).unwrap(),
        [Interval::hm(10, 0, 14, 0).unwrap()]
    );
    // The same date twice is refused.
    assert!(
        cal.with_exceptions([DateException::day_off(d(2026, 12, 31))])
            .is_err()
    );
}

#[test]
fn calendars_are_shareable_and_round_trip() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Calendar>();
    for cal in [Calendar::kazakhstan_office(), Calendar::round_the_clock()] {
        let json = serde_json::to_string(&cal).unwrap();
        let back = Calendar::from_json(&json).unwrap();
        assert_eq!(back, cal);
        let toml_text = toml::to_string(&cal).unwrap();
        let back: Calendar = toml::from_str(&toml_text).unwrap();
        assert_eq!(back, cal);
        let t = local(2025, 11, 3, 12, 0, 0);
        assert_eq!(
            back.deadline(t, WorkingDuration::Hours(30)).unwrap(),
            cal.deadline(t, WorkingDuration::Hours(30)).unwrap()
        );
    }
    assert_eq!(
        Calendar::kazakhstan_office().id().as_str(),
        "shymkent-office"
    );
    assert_eq!(Calendar::round_the_clock().id().as_str(), "round-the-clock");
}

/// Answers come back as `DateTime`s through a table of UTC dates; on the round-the-clock
/// calendar every instant is working time, so each answer must be its question, at both
/// edges of every UTC day in the span and at the span's own edges.
#[test]
fn answers_come_back_as_the_same_instants_on_every_day_of_the_span() {
    let cal = Calendar::round_the_clock();
    let (start, end) = cal.span();
    let mut day = start.date_naive();
    while day <= end.date_naive() {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap().and_utc();
        for t in [
            midnight,
            midnight + TimeDelta::seconds(1),
            midnight + TimeDelta::seconds(86_399),
        ] {
            if t < start || t >= end {
                continue;
            }
            assert_eq!(cal.next_working_instant(t).unwrap(), t);
            assert_eq!(cal.add(t, TimeDelta::zero()).unwrap(), t);
        }
        day = day.succ_opt().unwrap();
    }
    assert_eq!(cal.next_working_instant(start).unwrap(), start);
    let last = end - TimeDelta::seconds(1);
    assert_eq!(cal.add(last, TimeDelta::seconds(1)).unwrap(), end);
    assert!(matches!(
        cal.add(last, TimeDelta::seconds(2)),
        Err(WorkingTimeError::BeyondRange { end: e }) if e == end
    ));
}
