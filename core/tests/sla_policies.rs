//! Loading SLA policies: the embedded defaults, and every fault a typed error.
#![allow(clippy::unwrap_used)]

use aryz::*;

fn cals() -> [Calendar; 2] {
    [Calendar::kazakhstan_office(), Calendar::round_the_clock()]
}

fn load(policies: &str) -> Result<SlaBook, PolicyError> {
    SlaBook::from_toml(&format!("default_policy = \"p\"\n{policies}"), cals())
}

const GOOD: &str =
    "[[policies]]\nid = \"p\"\ncalendar = \"round-the-clock\"\nresolution = { hours = 2 }\n";

#[test]
fn the_embedded_book_has_the_law_s_policies() {
    let book = SlaBook::kazakhstan();
    let ids: Vec<&str> = book.policies().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "appk-standard",
            "appk-forward",
            "emergency-24x7",
            "urgent-24x7"
        ]
    );
    let std = book.policy("appk-standard").unwrap();
    assert_eq!(
        std.resolution,
        WorkingDuration::WorkingDays {
            days: 15,
            registration_day: RegistrationDay::CountsAsDayOne
        }
    );
    assert_eq!(std.extension_months, Some(2));
    assert_eq!(std.on_return.as_ref().unwrap().as_str(), "appk-forward");
    assert_eq!(std.warnings, [0.5, 0.75]);
    assert!(std.pauses_in(State::AwaitingCitizen));
    let fwd = book.policy("appk-forward").unwrap();
    assert_eq!(
        fwd.resolution,
        WorkingDuration::WorkingDays {
            days: 3,
            registration_day: RegistrationDay::CountsAsDayOne
        }
    );
    let em = book.policy("emergency-24x7").unwrap();
    assert_eq!(em.calendar.as_str(), "round-the-clock");
    assert_eq!(em.first_response, Some(WorkingDuration::Hours(1)));
    assert_eq!(em.resolution, WorkingDuration::Hours(24));
    assert_eq!(em.extension_months, None);
    let ur = book.policy("urgent-24x7").unwrap();
    assert_eq!(ur.resolution, WorkingDuration::Hours(48));
    assert!(em.on_breach.escalate && em.on_breach.notify_supervisor);
}

#[test]
fn a_book_round_trips_through_json() {
    let book = SlaBook::kazakhstan();
    let json = serde_json::to_string(book.spec()).unwrap();
    let back = SlaBook::from_json(&json, cals()).unwrap();
    assert_eq!(back, book);
}

#[test]
fn defaults_fill_what_is_omitted() {
    let p = load(GOOD).unwrap().default_policy().clone();
    assert_eq!(p.warnings, [0.5, 0.75]);
    assert_eq!(p.pause_in, [State::AwaitingCitizen]);
    assert_eq!(p.on_breach, BreachAction::new(true, false));
    assert_eq!(p.first_response, None);
}

#[test]
fn every_fault_is_named() {
    let unknown_cal = GOOD.replace("round-the-clock", "moon");
    assert!(
        matches!(load(&unknown_cal), Err(PolicyError::UnknownCalendar { calendar, .. }) if calendar == "moon")
    );
    assert!(matches!(
        load(&format!("{GOOD}{GOOD}")),
        Err(PolicyError::DuplicatePolicy { .. })
    ));
    assert!(matches!(
        load(&GOOD.replace("hours = 2", "hours = 0")),
        Err(PolicyError::ZeroTarget {
            target: "resolution",
            ..
        })
    ));
    assert!(matches!(
        load(&GOOD.replace(
            "hours = 2",
            "working_days = { days = 5000, registration_day = \"not_counted\" }"
        )),
        Err(PolicyError::AbsurdTarget {
            value: 5000,
            limit: 366,
            ..
        })
    ));
    assert!(matches!(
        load(&format!("{GOOD}first_response = {{ minutes = 0 }}\n")),
        Err(PolicyError::ZeroTarget {
            target: "first_response",
            ..
        })
    ));
    for w in [
        "[0.0]",
        "[1.0]",
        "[0.75, 0.5]",
        "[0.5, 0.5]",
        "[-0.1]",
        "[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]",
    ] {
        assert!(
            matches!(
                load(&format!("{GOOD}warnings = {w}\n")),
                Err(PolicyError::BadWarnings { .. })
            ),
            "{w}"
        );
    }
    assert!(matches!(
        load(&format!("{GOOD}extension_months = 0\n")),
        Err(PolicyError::BadExtension { months: 0, .. })
    ));
    assert!(matches!(
        load(&format!("{GOOD}pause_in = [\"closed\"]\n")),
        Err(PolicyError::BadPauseState {
            state: State::Closed,
            ..
        })
    ));
    assert!(matches!(
        load(&format!("{GOOD}on_return = \"nowhere\"\n")),
        Err(PolicyError::UnknownPolicy { .. })
    ));
    assert!(matches!(
        SlaBook::from_toml(&format!("default_policy = \"q\"\n{GOOD}"), cals()),
        Err(PolicyError::UnknownPolicy { referenced_by, .. }) if referenced_by == "default_policy"
    ));
    assert!(matches!(
        SlaBook::from_toml("default_policy = \"p\"\npolicies = []\n", cals()),
        Err(PolicyError::Empty)
    ));
    assert!(matches!(
        load(&format!("{GOOD}colour = 1\n")),
        Err(PolicyError::Syntax { format: "toml", .. })
    ));
    assert!(matches!(
        SlaBook::from_json("{", cals()),
        Err(PolicyError::Syntax { format: "json", .. })
    ));
    let huge = " ".repeat(MAX_SOURCE_BYTES + 1);
    assert!(matches!(
        SlaBook::from_toml(&huge, cals()),
        Err(PolicyError::TooLarge { .. })
    ));
    let twice = [Calendar::round_the_clock(), Calendar::round_the_clock()];
    assert!(matches!(
        SlaBook::from_toml(&format!("default_policy = \"p\"\n{GOOD}"), twice),
        Err(PolicyError::DuplicateCalendar { .. })
    ));
}

#[test]
fn error_messages_are_lower_case_and_name_the_fault() {
    let e = load(&GOOD.replace("round-the-clock", "moon")).unwrap_err();
    assert_eq!(e.to_string(), "policy p names unknown calendar moon");
}

#[test]
fn the_desk_refuses_an_unknown_policy() {
    use chrono::{TimeZone, Utc};
    let desk = Desk::new(DeskConfig::shymkent([2; 32]));
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 4, 0, 0).unwrap();
    let op = Actor::new(Role::Operator, ActorId::new("op").unwrap());
    let n = desk
        .submit(
            IdempotencyKey::new("k").unwrap(),
            Intake::new(Channel::Phone, "x", Language::Ru),
            &op,
            at,
        )
        .unwrap()
        .number;
    let mut r = Routing::to(BodyId::new("akimat-abay").unwrap());
    r.policy = Some(PolicyId::new("made-up").unwrap());
    let err = desk.execute(
        n.as_str(),
        Command::Route { routing: r },
        &Actor::system(),
        at,
    );
    assert!(matches!(err, Err(DeskError::UnknownPolicy { .. })));
    assert_eq!(desk.get(n.as_str()).unwrap().state(), State::Registered);
}
