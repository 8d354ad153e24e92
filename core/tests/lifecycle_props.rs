//! Property tests of the lifecycle's promises: no panics, refusals change nothing,
//! replay equals the live appeal, every event survives a serde round trip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 3, 0, 0).unwrap()
}

const BODIES: [&str; 3] = ["lift-service", "akimat-abay", "gas-emergency"];

fn actor_strategy() -> impl Strategy<Value = Actor> {
    (prop::sample::select(Role::ALL.to_vec()), 0usize..4).prop_map(|(role, i)| {
        let id = match role {
            Role::Body => BODIES.get(i).copied().unwrap_or("water-vodnye-resursy"),
            Role::Operator => "op-1",
            Role::Citizen => "citizen",
            Role::Supervisor => "sup-1",
            _ => "system",
        };
        Actor::new(role, ActorId::new(id).unwrap())
    })
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("  ".to_string()),
        "[a-zа-яәқ ]{1,20}",
        Just("x".repeat(1001))
    ]
}

fn outcome_strategy() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Fulfilled),
        Just(Outcome::Explained),
        Just(Outcome::Withdrawn),
        text_strategy().prop_map(|reason| Outcome::Refused { reason }),
        text_strategy().prop_map(|reason| Outcome::PartlyFulfilled { reason }),
        text_strategy().prop_map(|to| Outcome::Forwarded { to }),
        Just(Outcome::Duplicate {
            of: RegistrationNumber::new("SHY-2026-000009").unwrap()
        }),
    ]
}

fn command_strategy() -> impl Strategy<Value = Command> {
    let body = prop::sample::select(BODIES.to_vec()).prop_map(|b| BodyId::new(b).unwrap());
    prop_oneof![
        "[a-z ]{0,30}".prop_map(|d| Command::Edit {
            intake: Intake::new(Channel::WebApp, d, Language::Kk)
        }),
        (0u32..3).prop_map(|n| Command::Register {
            number: RegistrationNumber::new(&format!("SHY-2026-{n:06}")).unwrap(),
            citizen: None,
            repeated: n == 2
        }),
        Just(Command::Classify {
            category: CategoryCode::new("roads").unwrap(),
            subcategory: None
        }),
        (prop::collection::vec(body, 0..3), any::<bool>()).prop_map(|(bodies, urgent)| {
            let mut r = Routing::to(BodyId::new("lift-service").unwrap());
            r.bodies = bodies;
            if urgent {
                r.priority = Priority::Emergency;
                r.policy = Some(PolicyId::new("emergency-24x7").unwrap());
            }
            Command::Route { routing: r }
        }),
        Just(Command::Accept),
        text_strategy().prop_map(|note| Command::RequestInfo { note }),
        text_strategy().prop_map(|note| Command::ProvideInfo { note }),
        text_strategy().prop_map(|reason| Command::Return { reason }),
        outcome_strategy().prop_map(|outcome| Command::ResolveOnFirstContact { outcome }),
        outcome_strategy().prop_map(|outcome| Command::Resolve { outcome }),
        (0u32..3).prop_map(|n| Command::MarkDuplicate {
            of: RegistrationNumber::new(&format!("SHY-2026-{n:06}")).unwrap()
        }),
        prop::option::of(text_strategy()).prop_map(|reason| Command::Withdraw { reason }),
        (-2i64..70, text_strategy()).prop_map(|(d, reason)| Command::Extend {
            until: t0() + Duration::days(d),
            reason
        }),
        text_strategy().prop_map(|reason| Command::Escalate { reason }),
        (
            prop::sample::select(vec!["appk-standard", "emergency-24x7"]),
            text_strategy()
        )
            .prop_map(|(p, reason)| Command::ChangePolicy {
                policy: PolicyId::new(p).unwrap(),
                reason
            }),
        Just(Command::Close),
        text_strategy().prop_map(|reason| Command::Reopen { reason }),
    ]
}

fn steps() -> impl Strategy<Value = Vec<(Command, Actor, i64)>> {
    prop::collection::vec((command_strategy(), actor_strategy(), -60i64..3_600), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_commands_keep_every_promise(steps in steps()) {
        let op = Actor::new(Role::Operator, ActorId::new("op-1").unwrap());
        let mut a = Appeal::draft(
            IdempotencyKey::new("k").unwrap(),
            Intake::new(Channel::Phone, "Лифт не работает", Language::Ru),
            &op,
            t0(),
        ).unwrap();
        let mut at = t0();
        for (cmd, actor, dt) in steps {
            at += Duration::seconds(dt);
            let before = a.clone();
            let kind = cmd.kind();
            match a.execute(cmd, &actor, at) {
                Ok(e) => {
                    let json = serde_json::to_string(e).unwrap();
                    let back: Event = serde_json::from_str(&json).unwrap();
                    prop_assert_eq!(&back, e);
                    let row = transition(before.state(), kind).unwrap();
                    prop_assert_eq!(a.state(), row.target());
                    prop_assert!(row.allows(actor.role));
                }
                Err(err) => {
                    prop_assert_eq!(&a, &before);
                    prop_assert_eq!(err.state, before.state());
                    prop_assert_eq!(err.command, kind);
                    prop_assert!(!err.to_string().is_empty());
                }
            }
        }
        let replayed = Appeal::replay(a.history().to_vec()).unwrap();
        prop_assert_eq!(&replayed, &a);
        // The whole history also survives JSON.
        let json = serde_json::to_string(a.history()).unwrap();
        let back: Vec<Event> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(Appeal::replay(back).unwrap(), a.clone());
        // And the compact form kept for appeals at rest.
        prop_assert_eq!(Appeal::from_bytes(&a.to_bytes()).unwrap(), a);
    }

    #[test]
    fn corrupt_compact_bytes_are_refused_not_panicked_on(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = Appeal::from_bytes(&bytes);
    }

    #[test]
    fn truncated_or_flipped_compact_bytes_never_panic(cut in 0usize..400, flip in 0usize..400, bit in 0u8..8) {
        let op = Actor::new(Role::Operator, ActorId::new("op-1").unwrap());
        let mut a = Appeal::draft(IdempotencyKey::new("k").unwrap(), Intake::new(Channel::Phone, "Лифт", Language::Ru), &op, t0()).unwrap();
        a.execute(Command::Register { number: RegistrationNumber::new("SHY-2026-000001").unwrap(), citizen: None, repeated: false }, &op, t0()).unwrap();
        a.execute(Command::ResolveOnFirstContact { outcome: Outcome::Refused { reason: "нет оснований".into() } }, &op, t0()).unwrap();
        let mut bytes = a.to_bytes();
        if flip < bytes.len() {
            bytes[flip] ^= 1 << bit;
        }
        bytes.truncate(cut);
        if let Ok(b) = Appeal::from_bytes(&bytes) {
            // Whatever decodes is a valid appeal: it replays from its own history.
            prop_assert_eq!(Appeal::replay(b.history().to_vec()).unwrap(), b);
        }
    }
}
