//! Shared builders for integration tests and benchmarks.
#![allow(dead_code, missing_docs, unreachable_pub)]

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 4, 0, 0).unwrap()
}

pub fn operator() -> Actor {
    Actor::new(Role::Operator, ActorId::new("op-17").unwrap())
}

pub fn body() -> Actor {
    Actor::new(Role::Body, ActorId::new("akimat-abay").unwrap())
}

/// A typical phone appeal: a two-sentence description in Russian, an address, a caller.
pub fn typical_intake(i: usize) -> Intake {
    let mut intake = Intake::new(
        Channel::Phone,
        format!(
            "Во дворе дома {i} по улице Байтурсынова третий день не горят фонари, \
             вечером дети возвращаются из школы в темноте. Просим восстановить освещение."
        ),
        Language::Ru,
    );
    intake.category = Some(CategoryCode::new("yard_lighting").unwrap());
    intake.subcategory = Some(CategoryCode::new("yard_lighting.lamp_out").unwrap());
    intake.district = Some(DistrictCode::new("abay").unwrap());
    intake.address = Some(format!("ул. Байтурсынова, {i}"));
    intake.citizen = Some(Citizen {
        name: Some("Айгүл".into()),
        phone: Some(PhoneNumber::parse(&format!("+7701{:07}", i % 10_000_000)).unwrap()),
    });
    intake
}

/// Registers an appeal and takes it through a typical life: routed, accepted, resolved, closed.
pub fn close_typical(desk: &Desk, i: usize) -> RegistrationNumber {
    let at = t0() + Duration::seconds(i as i64);
    let key = IdempotencyKey::new(&format!("draft-{i}")).unwrap();
    let n = desk
        .submit(key, typical_intake(i), &operator(), at)
        .unwrap()
        .number;
    let mut routing = Routing::to(BodyId::new("akimat-abay").unwrap());
    routing.policy = Some(PolicyId::new("appk-standard").unwrap());
    routing.rule = Some(RuleId::new("yard-lighting-by-district").unwrap());
    desk.execute(n.as_str(), Command::Route { routing }, &Actor::system(), at)
        .unwrap();
    desk.execute(
        n.as_str(),
        Command::Accept,
        &body(),
        at + Duration::hours(1),
    )
    .unwrap();
    desk.execute(
        n.as_str(),
        Command::Resolve {
            outcome: Outcome::Fulfilled,
        },
        &body(),
        at + Duration::days(2),
    )
    .unwrap();
    desk.execute(
        n.as_str(),
        Command::Close,
        &Actor::system(),
        at + Duration::days(3),
    )
    .unwrap();
    n
}
