//! A generated routing table shared by the routing tests and the routing benchmark, so the
//! thousand rules measured are the thousand rules tested.
#![allow(dead_code, missing_docs, unreachable_pub, clippy::unwrap_used)]

use aryz::*;

pub const DISTRICTS: [&str; 5] = ["abay", "al-farabi", "enbekshi", "karatau", "turan"];

/// A thousand distinct rules over the Shymkent names: subcategory × district × channel.
pub fn generated_rules(n: usize) -> RuleSet {
    let taxonomy = Taxonomy::shymkent();
    let subs: Vec<&Category> = taxonomy
        .entries()
        .iter()
        .filter(|c| c.parent.is_some())
        .collect();
    let bodies: Vec<BodyId> = Directory::shymkent()
        .bodies()
        .iter()
        .map(|b| b.id.clone())
        .collect();
    let rules = (0..n)
        .map(|i| {
            let s = subs[i % subs.len()];
            let d = DISTRICTS[(i / subs.len()) % 5];
            let ch = Channel::ALL[(i / (subs.len() * 5)) % Channel::ALL.len()];
            Rule {
                id: RuleId::new(&format!("g{i}")).unwrap(),
                note: None,
                when: Conditions {
                    category: Some(vec![s.parent.clone().unwrap()]),
                    subcategory: Some(vec![s.code.clone()]),
                    district: Some(vec![DistrictCode::new(d).unwrap()]),
                    channel: Some(vec![ch]),
                    ..Conditions::default()
                },
                then: Action::to(bodies[i % bodies.len()].clone()),
            }
        })
        .collect();
    RuleSet {
        schema: RULES_SCHEMA,
        hit_policy: HitPolicy::First,
        repeat_window_days: 30,
        default: Action::to(BodyId::new("city-akimat").unwrap()),
        rules,
    }
}
