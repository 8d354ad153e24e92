//! Routing through the public API: the Shymkent golden table, the compiled index against
//! the plain first-match loop, round trips of rule files, and routing recorded on appeals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/rules.rs"]
mod support_rules;

use std::sync::Arc;

use aryz::*;
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Golden {
    at: DateTime<Utc>,
    districts: Vec<String>,
    routes: Vec<Expected>,
    cases: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    at: Option<DateTime<Utc>>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    subcategory: Option<String>,
    #[serde(default)]
    district: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    working_time: Option<bool>,
    #[serde(default)]
    recent_appeals: u32,
    #[serde(default)]
    declined: Vec<BodyId>,
    bodies: Vec<String>,
    priority: Priority,
    policy: Option<String>,
    rule: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    notify_supervisor: bool,
}

fn golden() -> Golden {
    serde_json::from_str(include_str!("data/routing_golden.json")).unwrap()
}

/// Checks one expectation in one district; returns the rule that fired.
fn check(router: &Router, g: &Golden, e: &Expected, district: Option<&str>) {
    let sub = |s: &str| s.replace("{district}", district.unwrap_or("?"));
    let text = FoldedText::new(e.description.as_deref().unwrap_or(""));
    let mut f = Facts::new(Channel::Phone).at(e.at.unwrap_or(g.at));
    f.category = e.category.as_deref();
    f.subcategory = e.subcategory.as_deref();
    f.district = district;
    f.text = &text;
    f.working_time = Some(e.working_time.unwrap_or(true));
    f.recent_appeals = e.recent_appeals;
    f.declined = &e.declined;
    let label = format!(
        "{} {:?}/{:?} in {:?}",
        e.name.as_deref().unwrap_or(""),
        e.category,
        e.subcategory,
        district
    );
    let d = router.evaluate(&f).expect(&label);
    assert_eq!(d, router.evaluate_linear(&f).unwrap(), "{label}");
    let bodies: Vec<String> = d.bodies().map(ToString::to_string).collect();
    let want: Vec<String> = e.bodies.iter().map(|b| sub(b)).collect();
    assert_eq!(bodies, want, "{label}");
    assert_eq!(d.priority(), e.priority, "{label}");
    assert_eq!(
        d.policy().map(PolicyId::as_str),
        e.policy.as_deref(),
        "{label}"
    );
    assert_eq!(
        d.rule().map(RuleId::to_string),
        e.rule.as_deref().map(sub),
        "{label}"
    );
    let tags: Vec<&str> = d.tags().iter().map(Tag::as_str).collect();
    assert_eq!(tags, e.tags, "{label}");
    assert_eq!(d.notify_supervisor(), e.notify_supervisor, "{label}");
    // The explanation agrees with the decision.
    let why = router.explain(&f).unwrap();
    assert_eq!(why.rule.as_ref(), d.rule(), "{label}");
    assert_eq!(why.to_routing().bodies, d.to_routing().bodies, "{label}");
}

#[test]
fn every_category_in_every_district_goes_where_the_table_says() {
    let router = Router::shymkent();
    let g = golden();
    let taxonomy = Taxonomy::shymkent();
    // The table covers every category and subcategory of the taxonomy, and no more.
    let mut covered: Vec<&str> = g
        .routes
        .iter()
        .map(|e| e.subcategory.as_deref().or(e.category.as_deref()).unwrap())
        .collect();
    covered.sort_unstable();
    let mut all: Vec<&str> = taxonomy.entries().iter().map(|c| c.code.as_str()).collect();
    all.sort_unstable();
    assert_eq!(covered, all);
    assert_eq!(taxonomy.categories().count(), 20);
    assert_eq!(g.districts.len(), 5);
    let directory = Directory::shymkent();
    for district in &g.districts {
        assert!(directory.district(district).is_some(), "{district}");
        for e in &g.routes {
            check(&router, &g, e, Some(district));
        }
    }
}

#[test]
fn special_cases_go_where_the_table_says() {
    let router = Router::shymkent();
    let g = golden();
    for e in &g.cases {
        check(&router, &g, e, e.district.as_deref());
    }
}

#[test]
fn no_known_category_falls_to_the_default_in_a_known_district() {
    let router = Router::shymkent();
    let taxonomy = Taxonomy::shymkent();
    for d in Directory::shymkent().districts() {
        for c in taxonomy.entries() {
            let mut f = Facts::new(Channel::WhatsApp);
            f.district = Some(d.code.as_str());
            f.category = Some(c.parent.as_ref().unwrap_or(&c.code).as_str());
            f.subcategory = c.parent.as_ref().map(|_| c.code.as_str());
            let decision = router.evaluate(&f).unwrap();
            assert!(decision.rule().is_some(), "{} in {}", c.code, d.code);
        }
    }
}

#[test]
fn routing_is_recorded_and_rerouting_skips_the_declined_body() {
    let router = Router::shymkent();
    let at = Utc.with_ymd_and_hms(2026, 7, 15, 5, 0, 0).unwrap();
    let op = Actor::new(Role::Operator, ActorId::new("op-1").unwrap());
    let mut intake = Intake::new(Channel::Phone, "Во дворе свалка мусора", Language::Ru);
    intake.category = Some(CategoryCode::new("household_waste").unwrap());
    intake.subcategory = Some(CategoryCode::new("household_waste.illegal_dump").unwrap());
    intake.district = Some(DistrictCode::new("abay").unwrap());
    let mut a = Appeal::draft(IdempotencyKey::new("k-1").unwrap(), intake, &op, at).unwrap();
    a.execute(
        Command::Register {
            number: RegistrationNumber::new("SHY-2026-000001").unwrap(),
            citizen: None,
            repeated: false,
        },
        &op,
        at,
    )
    .unwrap();
    let text = FoldedText::new(&a.intake().description);
    let command = router
        .route_command(&Facts::from_appeal(&a, &text).at(at))
        .unwrap();
    a.execute(command, &op, at).unwrap();
    let routing = a.routing().unwrap();
    assert_eq!(routing.rule.as_ref().unwrap().as_str(), "illegal-dump-abay");
    let bodies: Vec<&str> = a.bodies().iter().map(BodyId::as_str).collect();
    assert_eq!(bodies, ["akimat-abay", "dept-ecology"]);
    let explanation = routing.explanation.as_deref().unwrap();
    assert!(
        explanation.starts_with(
            "rule illegal-dump-abay: subcategory=household_waste.illegal_dump, district=abay"
        ),
        "{explanation}"
    );

    // The district akimat returns it as outside its competence: re-routing drops it.
    let akimat = Actor::new(Role::Body, ActorId::new("akimat-abay").unwrap());
    a.execute(
        Command::Return {
            reason: "not ours".into(),
        },
        &akimat,
        at,
    )
    .unwrap();
    assert_eq!(a.declined_by().len(), 1);
    let facts = Facts::from_appeal(&a, &text).at(at);
    let d = router.evaluate(&facts).unwrap();
    assert_eq!(d, router.evaluate_linear(&facts).unwrap());
    assert_eq!(d.lead().as_str(), "dept-ecology");
    assert_eq!(
        d.dropped().map(BodyId::as_str).collect::<Vec<_>>(),
        ["akimat-abay"]
    );
    let command = router.route_command(&facts).unwrap();
    a.execute(command, &op, at).unwrap();
    assert_eq!(a.bodies(), [BodyId::new("dept-ecology").unwrap()]);
    assert!(
        a.routing()
            .unwrap()
            .explanation
            .as_deref()
            .unwrap()
            .contains("declined bodies left out: akimat-abay")
    );
    assert_eq!(Appeal::replay(a.history().to_vec()).unwrap(), a);
}

#[test]
fn embedded_data_round_trips_and_names_known_calendars() {
    let set = RuleSet::from_json(RuleSet::shymkent_json()).unwrap();
    assert_eq!(RuleSet::from_json(&set.to_json()).unwrap(), set);
    assert_eq!(RuleSet::from_toml(&set.to_toml()).unwrap(), set);
    let d = Directory::shymkent();
    assert_eq!(Directory::from_json(&d.to_json()).unwrap(), *d);
    let names = SlaNames::shymkent();
    for c in d.calendars() {
        assert!(names.calendars.contains(c), "{c}");
    }
    let policies: Vec<&str> = names.policies.iter().map(PolicyId::as_str).collect();
    assert_eq!(
        policies,
        [
            "appk-standard",
            "appk-forward",
            "emergency-24x7",
            "urgent-24x7"
        ]
    );
}

// ---- Property tests: compiled equals linear; load-save round trips ----

const CATS: [&str; 4] = ["lifts", "roads", "utilities", "gas_supply"];
const SUBS: [&str; 5] = [
    "lifts.stuck",
    "lifts.not_working",
    "roads.potholes",
    "utilities.heating",
    "gas_supply.gas_smell",
];
const DISTRICTS: [&str; 5] = ["abay", "al-farabi", "enbekshi", "karatau", "turan"];
const BODIES: [&str; 5] = ["dchs", "police", "akimat-abay", "enpf", "city-akimat"];
const TAGS: [&str; 3] = ["a", "b", "c"];
const KEYWORDS: [&str; 4] = ["газ", "лифт застр", "жылу", "water"];
const CHANNELS: [Channel; 4] = [
    Channel::Phone,
    Channel::WhatsApp,
    Channel::Telegram,
    Channel::EPortal,
];
const PRIORITIES: [Priority; 4] = [
    Priority::Low,
    Priority::Normal,
    Priority::High,
    Priority::Emergency,
];

fn subset<T: Clone + std::fmt::Debug + 'static>(
    all: &'static [T],
) -> impl Strategy<Value = Option<Vec<T>>> {
    prop_oneof![
        3 => Just(None),
        1 => proptest::sample::subsequence(all.to_vec(), 1..=all.len().min(3)).prop_map(Some),
    ]
}

fn codes<C: std::str::FromStr>(v: Option<Vec<&'static str>>) -> Option<Vec<C>>
where
    C::Err: std::fmt::Debug,
{
    v.map(|l| l.into_iter().map(|s| s.parse().unwrap()).collect())
}

fn conditions() -> impl Strategy<Value = Conditions> {
    (
        (
            subset(&CATS),
            subset(&SUBS),
            subset(&DISTRICTS),
            subset(&CHANNELS),
            subset(&PRIORITIES),
            subset(&KEYWORDS),
        ),
        (
            prop_oneof![3 => Just(None), 1 => (0u8..24, 0u8..24).prop_filter("empty", |(a, b)| a != b).prop_map(Some)],
            prop_oneof![2 => Just(None), 1 => any::<bool>().prop_map(Some)],
            subset(&[1u8, 2, 6, 11, 12]),
            prop_oneof![3 => Just(None), 1 => (1u32..4).prop_map(Some)],
            subset(&TAGS),
        ),
    )
        .prop_map(
            |((cat, sub, dis, ch, pr, kw), (time, wt, months, rep, tags))| {
                // Keep subcategories under the rule's categories, as validation demands.
                let sub = match (&cat, sub) {
                    (Some(c), Some(s)) => {
                        let s: Vec<&str> = s
                            .into_iter()
                            .filter(|s| c.iter().any(|c| s.starts_with(&format!("{c}."))))
                            .collect();
                        (!s.is_empty()).then_some(s)
                    }
                    (_, s) => s,
                };
                Conditions {
                    category: codes(cat),
                    subcategory: codes(sub),
                    district: codes(dis),
                    channel: ch,
                    priority: pr,
                    keywords: kw.map(|l| l.into_iter().map(String::from).collect()),
                    time: time.map(|(a, b)| TimeRange {
                        from: TimeOfDay::new(a, 0).unwrap(),
                        to: TimeOfDay::new(b, 30).unwrap(),
                    }),
                    working_time: wt,
                    months,
                    repeat: rep.map(|at_least| Repeat { at_least }),
                    tags: codes(tags),
                }
            },
        )
}

fn action() -> impl Strategy<Value = Action> {
    (
        proptest::sample::subsequence(BODIES.to_vec(), 1..=3).prop_shuffle(),
        proptest::option::of(proptest::sample::select(PRIORITIES.to_vec())),
        proptest::option::of(proptest::sample::select(vec![
            "appk-standard",
            "emergency-24x7",
        ])),
        proptest::sample::subsequence(TAGS.to_vec(), 0..=2),
        any::<bool>(),
    )
        .prop_map(|(bodies, priority, policy, tags, notify)| Action {
            bodies: codes(Some(bodies)).unwrap(),
            priority,
            policy: policy.map(|p| PolicyId::new(p).unwrap()),
            tags: codes(Some(tags)).unwrap(),
            notify_supervisor: notify,
        })
}

/// A valid rule set: random rules, with empty and shadowed ones dropped.
fn rule_set(max: usize) -> impl Strategy<Value = RuleSet> {
    (
        proptest::collection::vec((conditions(), action()), 0..max),
        action(),
        1u16..=366,
    )
        .prop_map(|(rules, default, window)| {
            let mut set = RuleSet {
                schema: RULES_SCHEMA,
                hit_policy: HitPolicy::First,
                repeat_window_days: window,
                default,
                rules: rules
                    .into_iter()
                    .enumerate()
                    .filter(|(_, (w, _))| *w != Conditions::default())
                    .map(|(i, (when, then))| Rule {
                        id: RuleId::new(&format!("r{i}")).unwrap(),
                        note: (i % 3 == 0).then(|| format!("note {i}")),
                        when,
                        then,
                    })
                    .collect(),
            };
            while let Err(e) = set.validate() {
                match e {
                    RuleError::Shadowed { rule, .. } => set.rules.retain(|r| r.id != rule),
                    other => panic!("generator made an invalid set: {other}"),
                }
            }
            set
        })
}

/// Category, subcategory, district; channel, priority, description; minute, month,
/// working time, recent appeals; tags, declined bodies.
type FactsParts = (
    (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ),
    (Channel, Priority, &'static str),
    (Option<u16>, Option<u8>, Option<bool>, u32),
    (Vec<&'static str>, Vec<&'static str>),
);

fn facts_parts() -> impl Strategy<Value = FactsParts> {
    let opt = |v: &'static [&'static str]| {
        proptest::option::weighted(0.9, proptest::sample::select(v.to_vec()))
    };
    (
        (
            opt(&CATS),
            opt(&[
                "lifts.stuck",
                "lifts.not_working",
                "roads.potholes",
                "utilities.heating",
                "gas_supply.gas_smell",
                "utilities.billing",
            ]),
            opt(&[
                "abay",
                "al-farabi",
                "enbekshi",
                "karatau",
                "turan",
                "elsewhere",
            ]),
        ),
        (
            proptest::sample::select(Channel::ALL.to_vec()),
            proptest::sample::select(PRIORITIES.to_vec()),
            proptest::sample::select(vec![
                "",
                "пахнет газом",
                "Лифт застрял",
                "jylu joq",
                "no water at all",
                "газ лифт застрял water",
            ]),
        ),
        (
            proptest::option::of(0u16..1440),
            proptest::option::of(1u8..=12),
            proptest::option::of(any::<bool>()),
            0u32..5,
        ),
        (
            proptest::sample::subsequence(TAGS.to_vec(), 0..=2),
            proptest::sample::subsequence(BODIES.to_vec(), 0..=3),
        ),
    )
}

fn compile(set: RuleSet) -> Router {
    Router::compile(
        set,
        &Taxonomy::shymkent(),
        &Directory::shymkent(),
        &SlaNames::shymkent().policies,
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn compiled_equals_linear(
        set in rule_set(150),
        appeals in proptest::collection::vec(facts_parts(), 1..24),
    ) {
        let router = compile(set);
        for ((cat, sub, dis), (ch, pr, desc), (minute, month, wt, recent), (tags, declined)) in appeals {
            let text = FoldedText::new(desc);
            let tags: Vec<Tag> = codes(Some(tags)).unwrap();
            let declined: Vec<BodyId> = codes(Some(declined)).unwrap();
            let mut f = Facts::new(ch);
            f.category = cat;
            f.subcategory = sub;
            f.district = dis;
            f.priority = pr;
            f.text = &text;
            f.minute_of_day = minute;
            f.month = month;
            f.working_time = wt;
            f.recent_appeals = recent;
            f.tags = &tags;
            f.declined = &declined;
            let fast = router.evaluate(&f);
            let slow = router.evaluate_linear(&f);
            prop_assert_eq!(fast, slow);
            let why = router.explain(&f);
            prop_assert_eq!(why.as_ref().ok().and_then(|w| w.rule.as_ref()), fast.ok().and_then(|d| d.rule()));
            if let (Ok(why), Ok(d)) = (why, fast) {
                prop_assert_eq!(why.to_routing().bodies, d.to_routing().bodies);
                prop_assert_eq!(why.tried.len(), d.rule_index().unwrap_or(router.len()));
            }
        }
    }

    #[test]
    fn rule_sets_round_trip_through_json_and_toml(set in rule_set(40)) {
        let json = set.to_json();
        prop_assert_eq!(&RuleSet::from_json(&json).unwrap(), &set);
        let toml = set.to_toml();
        prop_assert_eq!(&RuleSet::from_toml(&toml).unwrap(), &set);
        // Saving again gives the same text.
        prop_assert_eq!(RuleSet::from_toml(&toml).unwrap().to_toml(), toml);
    }
}

#[test]
fn a_thousand_rules_compile_and_agree() {
    let set = support_rules::generated_rules(1000);
    assert_eq!(set.rules.len(), 1000);
    let router = compile(set);
    let text = FoldedText::new("");
    for (i, d) in DISTRICTS.iter().enumerate() {
        let mut f = Facts::new(CHANNELS[i % 4]);
        f.category = Some("utilities");
        f.subcategory = Some("utilities.heating");
        f.district = Some(d);
        f.text = &text;
        f.month = Some(1);
        assert_eq!(router.evaluate(&f), router.evaluate_linear(&f));
    }
    let _ = Arc::new(router);
}

#[test]
fn the_desk_counts_the_citizens_recent_appeals_for_repeat_rules() {
    let desk = Desk::new(DeskConfig::shymkent([3; 32]));
    let router = Router::shymkent();
    let op = Actor::new(Role::Operator, ActorId::new("op-1").unwrap());
    let office = Calendar::kazakhstan_office();
    let mut rules = Vec::new();
    for (i, day) in [1u32, 10, 20].into_iter().enumerate() {
        let at = Utc.with_ymd_and_hms(2026, 7, day, 5, 0, 0).unwrap();
        let mut intake = Intake::new(Channel::Phone, "Где моя пенсия?", Language::Ru);
        intake.category = Some(CategoryCode::new("pension_fund").unwrap());
        intake.district = Some(DistrictCode::new("turan").unwrap());
        intake.citizen = Some(Citizen {
            name: None,
            phone: Some(PhoneNumber::parse("+7 701 555 0101").unwrap()),
        });
        let key = IdempotencyKey::new(&format!("k-{i}")).unwrap();
        let n = desk.submit(key, intake, &op, at).unwrap().number;
        router
            .route_on_desk(&desk, n.as_str(), &op, at, Some(&office))
            .unwrap();
        let routing = desk.get(n.as_str()).unwrap().routing().cloned().unwrap();
        rules.push(routing.rule.unwrap().to_string());
    }
    assert_eq!(rules, ["pension", "pension", "pension-repeat"]);
    assert!(matches!(
        router.route_on_desk(
            &desk,
            "SHY-2026-999999",
            &op,
            Utc.with_ymd_and_hms(2026, 7, 21, 5, 0, 0).unwrap(),
            None
        ),
        Err(DispatchError::Desk(DeskError::NotFound { .. }))
    ));
}
