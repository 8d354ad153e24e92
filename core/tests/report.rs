//! The centre's published month, rebuilt as rows, reported in three languages.
#![allow(clippy::unwrap_used)]

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};

/// 27,347 appeals in March 2026: 25,570 decided (93.5%), 19,473 of them on the first
/// call (71.2%); 23,178 by phone (84.8%), the rest by WhatsApp, Instagram and Facebook.
fn centre_month() -> (AppealTable, DateTime<Utc>) {
    let start = Utc.with_ymd_and_hms(2026, 2, 28, 19, 0, 0).unwrap(); // 1 March, 00:00 +5
    let as_of = Utc.with_ymd_and_hms(2026, 3, 31, 19, 0, 0).unwrap(); // 1 April, 00:00 +5
    let mut t = AppealTable::new();
    let categories = [
        "utilities",
        "roads",
        "yard_lighting",
        "water_supply",
        "lifts",
    ];
    for i in 0..27_347u64 {
        // Spread over the month's 31 days.
        let at = start + Duration::seconds((i * 97) as i64);
        let channel = if i < 23_178 {
            Channel::Phone
        } else {
            [Channel::WhatsApp, Channel::Instagram, Channel::Facebook][(i % 3) as usize]
        };
        let mut row = AppealRow::new(at, channel);
        row.category = Some(CategoryCode::new(categories[(i % 7).min(4) as usize]).unwrap());
        row.due = Some(at + Duration::days(21));
        if i % 27_347 < 19_473 {
            row.state = State::ResolvedOnFirstContact;
            row.outcome = Some(OutcomeKind::Explained);
            row.first_contact = true;
            row.decided_at = Some(at + Duration::minutes(4));
        } else if i < 25_570 {
            row.state = State::Closed;
            row.outcome = Some(OutcomeKind::Fulfilled);
            row.decided_at = Some(at + Duration::days(3));
            row.body = Some(BodyId::new("akimat-abay").unwrap());
        } else {
            row.state = State::InProgress;
            row.body = Some(BodyId::new("akimat-abay").unwrap());
        }
        t.push(&row).unwrap();
    }
    (t, as_of)
}

fn report() -> MonthlyReport {
    let (t, as_of) = centre_month();
    let stats = Statistics::compute(&t, &StatisticsSpec::month(2026, 3, as_of).unwrap());
    MonthlyReport::new(&stats, &ReportConfig::shymkent())
}

#[test]
fn the_published_month_adds_up() {
    let r = report();
    assert_eq!(r.considered, 27_347);
    assert_eq!(
        (r.fulfilled.count, r.fulfilled.percent.tenths()),
        (25_570, 935)
    );
    assert_eq!(
        (r.first_contact.count, r.first_contact.percent.tenths()),
        (19_473, 712)
    );
    assert_eq!(
        (r.by_phone.count, r.by_phone.percent.tenths()),
        (23_178, 848)
    );
    assert_eq!(
        (r.by_social.count, r.by_social.percent.tenths()),
        (4_169, 152)
    );
    assert_eq!(r.with_bodies.count, 1_777);
    assert_eq!(r.with_centre.count, 0);
    assert_eq!(r.by_other.count, 0);
    assert_eq!(r.resolution.median_secs, Some(240));
    assert_eq!(r.resolution.p90_secs.map(|s| s / 3600), Some(72));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["fulfilled"]["percent"], serde_json::json!(93.5));
    let back: MonthlyReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn russian_text() {
    let text = report().render(Language::Ru, &Taxonomy::shymkent());
    println!("{text}");
    assert!(text.starts_with("Единый контакт-центр «iKomek 109»: итоги за март 2026 года"));
    assert!(text.contains("В марте 2026 года рассмотрено 27\u{202F}347 обращений."));
    assert!(text.contains("Исполнено 93,5% (25\u{202F}570)"));
    assert!(text.contains("решено 19\u{202F}473 обращения (71,2%)"));
    assert!(text.contains("По линии 109 поступило 23\u{202F}178 обращений (84,8%)"));
    assert!(
        text.contains(
            "через социальные сети (WhatsApp, Instagram, Facebook) — 4\u{202F}169 (15,2%)"
        )
    );
    assert!(text.contains("1\u{202F}777 — в ответственных органах"));
}

#[test]
fn kazakh_text() {
    let text = report().render(Language::Kk, &Taxonomy::shymkent());
    println!("{text}");
    assert!(text.contains("2026 жылғы наурыз айында орталық 27\u{202F}347 өтінішті қарады."));
    assert!(text.contains("Оның 93,5%-ы орындалды"));
    assert!(text.contains("19\u{202F}473 өтініш (71,2%) бір қоңырау барысында шешілді."));
    assert!(text.contains("109 желісі арқылы 23\u{202F}178 өтініш (84,8%)"));
}

#[test]
fn english_text() {
    let text = report().render(Language::En, &Taxonomy::shymkent());
    println!("{text}");
    assert!(text.contains("In March 2026 the centre considered 27,347 appeals."));
    assert!(text.contains("93.5% were fulfilled (25,570)"));
    assert!(text.contains("19,473 (71.2%) were settled within one call."));
    assert!(text.contains("23,178 came by the 109 line (84.8%)"));
    assert!(text.contains("4,169 through social networks (WhatsApp, Instagram, Facebook; 15.2%)"));
}

#[test]
fn a_year_is_worded_as_a_year() {
    let (t, as_of) = centre_month();
    let stats = Statistics::compute(&t, &StatisticsSpec::new(Period::year(2026).unwrap(), as_of));
    let r = MonthlyReport::new(&stats, &ReportConfig::shymkent());
    assert_eq!(r.considered, 27_347);
    assert!(
        r.render(Language::Ru, &Taxonomy::shymkent())
            .contains("В 2026 году рассмотрено")
    );
    assert!(
        r.render(Language::Kk, &Taxonomy::shymkent())
            .contains("2026 жылы орталық")
    );
    assert!(
        r.render(Language::En, &Taxonomy::shymkent())
            .contains("In 2026 the centre")
    );
}

/// The lead's month simulation in small: a desk runs, the ledger follows its log page by
/// page, SLA calendars give deadlines, and the month is reported in three languages.
#[test]
fn from_the_desk_to_the_text() {
    let desk = Desk::new(DeskConfig::shymkent([9; 32]));
    let op = Actor::new(Role::Operator, ActorId::new("op-1").unwrap());
    let body = Actor::new(Role::Body, ActorId::new("akimat-abay").unwrap());
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 4, 0, 0).unwrap(); // Monday 09:00 +5
    let mut ledger = Ledger::new();
    let deadlines = CalendarDeadlines::appk(Calendar::kazakhstan_office());
    let mut position = 0;
    for i in 0..40i64 {
        let at = start + Duration::hours(i * 7);
        let mut intake = Intake::new(
            if i % 5 == 0 {
                Channel::WhatsApp
            } else {
                Channel::Phone
            },
            "Не горит фонарь",
            Language::Ru,
        );
        intake.category =
            Some(CategoryCode::new(if i % 3 == 0 { "roads" } else { "yard_lighting" }).unwrap());
        let n = desk
            .submit(
                IdempotencyKey::new(&format!("k{i}")).unwrap(),
                intake,
                &op,
                at,
            )
            .unwrap()
            .number;
        if i % 2 == 0 {
            let cmd = Command::ResolveOnFirstContact {
                outcome: Outcome::Explained,
            };
            desk.execute(n.as_str(), cmd, &op, at).unwrap();
        } else {
            let routing = Routing::to(BodyId::new("akimat-abay").unwrap());
            desk.execute(n.as_str(), Command::Route { routing }, &op, at)
                .unwrap();
            desk.execute(n.as_str(), Command::Accept, &body, at + Duration::hours(1))
                .unwrap();
            if i % 4 == 1 {
                let note = "номер дома?".to_owned();
                desk.execute(
                    n.as_str(),
                    Command::RequestInfo { note },
                    &body,
                    at + Duration::hours(2),
                )
                .unwrap();
                let note = "дом 5".to_owned();
                desk.execute(
                    n.as_str(),
                    Command::ProvideInfo { note },
                    &op,
                    at + Duration::days(2),
                )
                .unwrap();
                let outcome = Outcome::Fulfilled;
                desk.execute(
                    n.as_str(),
                    Command::Resolve { outcome },
                    &body,
                    at + Duration::days(30),
                )
                .unwrap();
            }
        }
        // The statistics follow the desk's log as it grows.
        let page = desk.log_since(position, 1_000).unwrap();
        position += page.len();
        ledger.extend(&page).unwrap();
        ledger.apply_deadlines(&deadlines);
    }
    let as_of = Utc.with_ymd_and_hms(2026, 4, 30, 19, 0, 0).unwrap();
    let stats = ledger.statistics(&StatisticsSpec::month(2026, 3, as_of).unwrap());
    let report = MonthlyReport::new(&stats, &ReportConfig::shymkent());
    assert_eq!(report.considered, 40);
    assert_eq!(report.first_contact.count, 20);
    assert_eq!(report.fulfilled.count, 30);
    assert_eq!(report.with_bodies.count, 10);
    assert_eq!(report.by_social.count, 8);
    // Settled on the call: on time. Resolved after 30 calendar days, less than 15 working
    // days plus the pause? No: 30 days is past 15 working days + 2 days paused: late.
    assert_eq!(report.sla.counts.on_time, 20);
    assert_eq!(report.sla.counts.late, 10);
    assert_eq!(report.sla.counts.breached, 10);
    assert_eq!(report.resolution_working.count, 30);
    for lang in Language::ALL {
        let text = report.render(lang, &Taxonomy::shymkent());
        assert!(!text.contains('{'));
    }
}
