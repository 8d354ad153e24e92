//! Routing decisions per second: the compiled index against the plain first-match loop,
//! on the Shymkent table and on a generated thousand-rule table, in the same run.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use aryz::{
    Action, BodyId, Category, Channel, Conditions, Directory, DistrictCode, Facts, FoldedText,
    HitPolicy, RULES_SCHEMA, Router, Rule, RuleId, RuleSet, SlaNames, Taxonomy,
};
use criterion::{Criterion, criterion_group, criterion_main};

const DISTRICTS: [&str; 5] = ["abay", "al-farabi", "enbekshi", "karatau", "turan"];

/// A thousand distinct rules over the Shymkent names: subcategory × district × channel.
fn generated(n: usize) -> RuleSet {
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

/// A mix of appeals: every subcategory in every district, the description folded once
/// beforehand (as a desk does at intake).
fn appeals(taxonomy: &Taxonomy) -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    for c in taxonomy.entries().iter().filter(|c| c.parent.is_some()) {
        for d in DISTRICTS {
            out.push((
                c.parent.as_ref().unwrap().to_string(),
                c.code.to_string(),
                d,
            ));
        }
    }
    out
}

fn bench_table(c: &mut Criterion, name: &str, router: &Router, channel: Channel, month: u8) {
    let taxonomy = Taxonomy::shymkent();
    let mix = appeals(&taxonomy);
    let text = FoldedText::new("Во дворе не горит фонарь уже неделю");
    let facts: Vec<Facts<'_>> = mix
        .iter()
        .map(|(cat, sub, d)| {
            let mut f = Facts::new(channel);
            f.category = Some(cat);
            f.subcategory = Some(sub);
            f.district = Some(d);
            f.text = &text;
            f.minute_of_day = Some(11 * 60);
            f.month = Some(month);
            f.working_time = Some(true);
            f
        })
        .collect();
    for f in &facts {
        assert_eq!(router.evaluate(f), router.evaluate_linear(f));
    }
    let mut g = c.benchmark_group(name);
    g.throughput(criterion::Throughput::Elements(facts.len() as u64));
    g.bench_function("compiled", |b| {
        b.iter(|| {
            for f in &facts {
                black_box(router.evaluate(black_box(f)).ok());
            }
        })
    });
    g.bench_function("linear", |b| {
        b.iter(|| {
            for f in &facts {
                black_box(router.evaluate_linear(black_box(f)).ok());
            }
        })
    });
    g.bench_function("explain", |b| {
        b.iter(|| black_box(router.explain(black_box(&facts[0])).ok()))
    });
    g.finish();
}

fn routing(c: &mut Criterion) {
    let shymkent = Router::shymkent();
    bench_table(c, "shymkent", &shymkent, Channel::Phone, 7);
    let big = Router::compile(
        generated(1000),
        &Taxonomy::shymkent(),
        &Directory::shymkent(),
        &SlaNames::shymkent().policies,
    )
    .unwrap();
    // EPortal is the last channel the generator reaches, so most appeals match late rules.
    bench_table(c, "generated-1000", &big, Channel::EPortal, 7);
}

criterion_group!(benches, routing);
criterion_main!(benches);
