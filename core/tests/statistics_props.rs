//! Property tests of the statistics' promises: the incremental ledger equals the facts
//! recomputed from each appeal's replayed history; ledgers and statistics of any split
//! merge into those of the whole; the report's figures add up.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use aryz::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    // 2026-03-01 00:00 in Asia/Almaty (+5).
    Utc.with_ymd_and_hms(2026, 2, 28, 19, 0, 0).unwrap()
}

fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 20, 0, 0, 0).unwrap()
}

const CATEGORIES: [&str; 4] = ["lifts", "roads", "water_supply", "yard_lighting"];
const DISTRICTS: [&str; 3] = ["abay", "turan", "karatau"];
const BODIES: [&str; 3] = ["lift-service", "akimat-abay", "vodnye-resursy"];

#[derive(Debug, Clone)]
struct Plan {
    start_minutes: i64,
    channel: usize,
    category: Option<usize>,
    district: Option<usize>,
    phone: Option<u8>,
    steps: Vec<(u8, u8, i64)>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        0i64..45 * 24 * 60,
        0usize..Channel::ALL.len(),
        prop::option::of(0usize..CATEGORIES.len()),
        prop::option::of(0usize..DISTRICTS.len()),
        prop::option::of(0u8..6),
        prop::collection::vec((0u8..16, 0u8..3, 0i64..4 * 24 * 60), 0..10),
    )
        .prop_map(
            |(start_minutes, channel, category, district, phone, steps)| Plan {
                start_minutes,
                channel,
                category,
                district,
                phone,
                steps,
            },
        )
}

fn command(code: u8, arg: u8, at: DateTime<Utc>) -> Command {
    let a = usize::from(arg);
    match code {
        0 => Command::Classify {
            category: CategoryCode::new(CATEGORIES[a]).unwrap(),
            subcategory: None,
        },
        1 | 2 => {
            let mut r = Routing::to(BodyId::new(BODIES[a]).unwrap());
            if arg == 2 {
                r.priority = Priority::High;
                r.policy = Some(PolicyId::new("appk-standard").unwrap());
            }
            Command::Route { routing: r }
        }
        3 | 4 => Command::Accept,
        5 => Command::RequestInfo {
            note: "адрес?".into(),
        },
        6 => Command::ProvideInfo {
            note: "дом 5".into(),
        },
        7 => Command::Return {
            reason: "не наше".into(),
        },
        8 => Command::ResolveOnFirstContact {
            outcome: Outcome::Explained,
        },
        9 | 10 => Command::Resolve {
            outcome: match arg {
                0 => Outcome::Fulfilled,
                1 => Outcome::PartlyFulfilled {
                    reason: "частично".into(),
                },
                _ => Outcome::Refused {
                    reason: "нет".into(),
                },
            },
        },
        11 => Command::Withdraw { reason: None },
        12 => Command::Close,
        13 => Command::Reopen {
            reason: "снова".into(),
        },
        14 => Command::Extend {
            until: at + Duration::days(20),
            reason: "сложный случай".into(),
        },
        _ => Command::ChangePolicy {
            policy: PolicyId::new("emergency-24x7").unwrap(),
            reason: "авария".into(),
        },
    }
}

/// Runs the plans through a desk; returns it and its log.
fn run(plans: &[Plan]) -> (Desk, Vec<LogRecord>) {
    let desk = Desk::new(DeskConfig::shymkent([3; 32]));
    let op = Actor::new(Role::Operator, ActorId::new("op-1").unwrap());
    let sup = Actor::new(Role::Supervisor, ActorId::new("sup-1").unwrap());
    let mut order: Vec<(usize, &Plan)> = plans.iter().enumerate().collect();
    order.sort_by_key(|(i, p)| (p.start_minutes, *i));
    for (i, p) in order {
        let at = t0() + Duration::minutes(p.start_minutes);
        let mut intake = Intake::new(Channel::ALL[p.channel], "Проблема во дворе", Language::Ru);
        intake.category = p
            .category
            .map(|c| CategoryCode::new(CATEGORIES[c]).unwrap());
        intake.district = p.district.map(|d| DistrictCode::new(DISTRICTS[d]).unwrap());
        intake.citizen = p.phone.map(|n| Citizen {
            name: None,
            phone: Some(PhoneNumber::parse(&format!("+770100000{n:02}")).unwrap()),
        });
        let key = IdempotencyKey::new(&format!("k-{i}")).unwrap();
        let number = desk.submit(key, intake, &op, at).unwrap().number;
        let mut at = at;
        for &(code, arg, dt) in &p.steps {
            at += Duration::minutes(dt);
            let cmd = command(code, arg, at);
            let lead = desk
                .get(number.as_str())
                .and_then(|a| a.bodies().first().cloned());
            let mut actors = vec![op.clone(), Actor::system(), sup.clone(), Actor::citizen()];
            if let Some(b) = lead {
                actors.insert(0, Actor::new(Role::Body, ActorId::new(b.as_str()).unwrap()));
            }
            for actor in &actors {
                if desk
                    .execute(number.as_str(), cmd.clone(), actor, at)
                    .is_ok()
                {
                    break;
                }
            }
        }
    }
    let log = desk.log_since(0, usize::MAX).unwrap();
    (desk, log)
}

fn due(a: &AppealRow) -> Option<DateTime<Utc>> {
    if a.priority == Priority::High {
        return None;
    }
    a.extended_until
        .or_else(|| a.registered_at.map(|r| r + Duration::days(3)))
}

fn ledger_of<'a>(records: impl IntoIterator<Item = &'a LogRecord>) -> Ledger {
    let mut l = Ledger::new();
    l.extend(records).unwrap();
    l.apply_deadlines(&due);
    l
}

fn rows(l: &Ledger) -> BTreeMap<String, AppealRow> {
    l.numbers()
        .iter()
        .map(|n| (n.to_string(), l.get(n.as_str()).unwrap()))
        .collect()
}

fn spec(period: Period) -> StatisticsSpec {
    StatisticsSpec::new(period, as_of())
}

/// The facts of one appeal recomputed from its replayed history, without the ledger.
fn facts_from_history(a: &Appeal) -> (Option<DateTime<Utc>>, usize) {
    let mut decided = None;
    let mut pauses = 0;
    for e in a.history() {
        match &e.kind {
            EventKind::Resolved { .. }
            | EventKind::MarkedDuplicate { .. }
            | EventKind::Withdrawn { .. } => decided = Some(e.at),
            EventKind::Reopened { .. } => decided = None,
            EventKind::InfoRequested { .. } => pauses += 1,
            _ => {}
        }
    }
    (decided, pauses)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn incremental_ledger_equals_replayed_appeals(plans in prop::collection::vec(plan(), 1..25)) {
        let (desk, log) = run(&plans);
        // Fed record by record, as from `log_since` in small pages.
        let mut ledger = Ledger::new();
        let mut position = 0;
        loop {
            let page = desk.log_since(position, 7).unwrap();
            if page.is_empty() { break; }
            position += page.len();
            ledger.extend(&page).unwrap();
        }
        prop_assert_eq!(position, log.len());
        prop_assert_eq!(ledger.len(), desk.len());
        for n in ledger.numbers() {
            let a = Appeal::replay(desk.get(n.as_str()).unwrap().history().to_vec()).unwrap();
            let r = ledger.get(n.as_str()).unwrap();
            let (decided, pauses) = facts_from_history(&a);
            prop_assert_eq!(r.state, a.state());
            prop_assert_eq!(r.registered_at, a.registered_at());
            prop_assert_eq!(r.channel, Some(a.channel()));
            prop_assert_eq!(r.category.as_ref(), a.category());
            prop_assert_eq!(r.district.as_ref(), a.district());
            prop_assert_eq!(r.body.as_ref(), a.bodies().first());
            prop_assert_eq!(r.priority, a.priority());
            prop_assert_eq!(r.policy.as_ref(), a.policy());
            prop_assert_eq!(r.outcome, a.outcome().map(Outcome::kind));
            prop_assert_eq!(r.first_contact, a.resolved_on_first_contact());
            prop_assert_eq!(r.repeated, a.is_repeated());
            prop_assert_eq!(r.reopened, a.reopen_count());
            prop_assert_eq!(r.citizen, a.citizen_key());
            prop_assert_eq!(r.extended_until, a.extended_until());
            prop_assert_eq!(r.decided_at, decided);
            prop_assert_eq!(r.pauses.len(), pauses);
            // Decided exactly when the state says so.
            prop_assert_eq!(r.decided_at.is_some(), matches!(a.state(),
                State::ResolvedOnFirstContact | State::Resolved | State::Closed));
        }
    }

    #[test]
    fn ledgers_of_any_split_merge_into_the_ledger_of_the_whole(
        plans in prop::collection::vec(plan(), 1..25),
        mask in prop::collection::vec(0u8..3, 300),
        reverse in any::<bool>(),
    ) {
        let (_, log) = run(&plans);
        let whole = ledger_of(&log);
        let mut shards: Vec<Vec<LogRecord>> = vec![Vec::new(); 3];
        for (i, r) in log.iter().enumerate() {
            shards[usize::from(mask[i % mask.len()])].push(r.clone());
        }
        if reverse {
            // Order within a shard does not matter either.
            shards[0].reverse();
        }
        let ledgers: Vec<Ledger> = shards.iter().map(ledger_of).collect();
        let mut merged = ledgers[2].clone();
        merged.merge(&ledgers[0]).unwrap();
        merged.merge(&ledgers[1]).unwrap();
        merged.merge(&ledgers[1]).unwrap(); // idempotent
        merged.reapply_deadlines(&due);
        prop_assert_eq!(rows(&merged), rows(&whole));
        for period in [Period::month(2026, 3).unwrap(), Period::month(2026, 4).unwrap()] {
            let a = Statistics::compute(merged.table(), &spec(period));
            let b = Statistics::compute(whole.table(), &spec(period));
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn statistics_of_shards_merge_into_the_statistics_of_the_union(
        plans in prop::collection::vec(plan(), 1..25),
    ) {
        let (_, log) = run(&plans);
        let whole = ledger_of(&log);
        let march = Period::month(2026, 3).unwrap();
        let expected = Statistics::compute(whole.table(), &spec(march));

        // Per district (rows split by appeal).
        let mut by_district: BTreeMap<Option<DistrictCode>, AppealTable> = BTreeMap::new();
        for row in whole.table().rows() {
            by_district.entry(row.district.clone()).or_default().push(&row).unwrap();
        }
        let mut merged: Option<Statistics> = None;
        for t in by_district.values() {
            let s = Statistics::compute(t, &spec(march));
            match &mut merged {
                None => merged = Some(s),
                Some(m) => m.merge(&s).unwrap(),
            }
        }
        prop_assert_eq!(merged.as_ref(), Some(&expected));

        // Per day (the same table, a period per day).
        let mut merged: Option<Statistics> = None;
        for d in march.dates() {
            let s = Statistics::compute(whole.table(), &spec(Period::day(d)));
            match &mut merged {
                None => merged = Some(s),
                Some(m) => m.merge(&s).unwrap(),
            }
        }
        prop_assert_eq!(merged.as_ref(), Some(&expected));
        // And the serde value round-trips.
        let json = serde_json::to_string(&expected).unwrap();
        let back: Statistics = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn the_report_adds_up(plans in prop::collection::vec(plan(), 1..40)) {
        let (_, log) = run(&plans);
        let ledger = ledger_of(&log);
        for period in [Period::month(2026, 3).unwrap(), Period::year(2026).unwrap()] {
            let s = Statistics::compute(ledger.table(), &spec(period));
            let r = MonthlyReport::new(&s, &ReportConfig::shymkent());
            let total = r.considered;
            prop_assert_eq!(r.fulfilled.count + r.with_bodies.count + r.with_centre.count, total);
            prop_assert_eq!(r.by_phone.count + r.by_social.count + r.by_other.count, total);
            prop_assert_eq!(r.sla.counts.total(), total);
            prop_assert_eq!(s.by_channel.total(), total);
            prop_assert_eq!(s.by_category.total(), total);
            prop_assert_eq!(s.by_district.total(), total);
            prop_assert_eq!(s.by_body.total(), total);
            prop_assert_eq!(s.by_state.total(), total);
            prop_assert_eq!(s.by_outcome.total(), total);
            prop_assert_eq!(s.by_outcome.unknown, r.backlog.open);
            prop_assert_eq!(s.resolution.count(), r.fulfilled.count);
            prop_assert_eq!(r.backlog.bands.counts.iter().sum::<u64>(), r.backlog.open);
            prop_assert_eq!(s.per_day().iter().map(|d| d.1).sum::<u64>(), total);
            prop_assert_eq!(r.load.per_hour_of_day.iter().sum::<u64>(), total);
            prop_assert!(r.first_contact.count <= r.fulfilled.count);
            prop_assert!(r.satisfied.count <= r.fulfilled.count);
            let body_sla: u64 = s.sla_by_body.known.values().map(SlaCounts::total).sum::<u64>()
                + s.sla_by_body.unknown.total();
            prop_assert_eq!(body_sla, total);
            let cat_sla: u64 = s.sla_by_category.known.values().map(SlaCounts::total).sum::<u64>()
                + s.sla_by_category.unknown.total();
            prop_assert_eq!(cat_sla, total);
            let top: u64 = r.top_categories.iter().map(|c| c.share.count).sum();
            prop_assert!(top <= total);
            // Percentages are the rounded shares.
            if total > 0 {
                let p = r.fulfilled.percent.tenths() as f64 / 10.0;
                let exact = r.fulfilled.count as f64 * 100.0 / total as f64;
                prop_assert!((p - exact).abs() <= 0.05 + 1e-9);
            }
            // Citizens: no more repeat appellants than half the appeals with a phone.
            let tally = s.citizens.as_ref().unwrap();
            prop_assert!(2 * tally.repeat_appellants() <= total);
            for lang in Language::ALL {
                let text = r.render(lang, &Taxonomy::shymkent());
                prop_assert!(!text.contains('{'), "{}", text);
            }
        }
    }
}

#[test]
fn generated_logs_exercise_the_lifecycle() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut states = std::collections::BTreeSet::new();
    let (mut reopened, mut paused) = (0, 0);
    for _ in 0..20 {
        let plans = prop::collection::vec(plan(), 20..25)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let (_, log) = run(&plans);
        let ledger = ledger_of(&log);
        for r in ledger.table().rows() {
            states.insert(r.state);
            reopened += usize::from(r.reopened > 0);
            paused += usize::from(!r.pauses.is_empty());
        }
    }
    // Every state but draft is reached, and reopens and pauses happen.
    assert!(states.len() >= 8, "{states:?}");
    assert!(reopened > 0 && paused > 0, "{reopened} {paused}");
}
