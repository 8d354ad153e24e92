//! Routing decisions per second: the compiled index against the plain first-match loop,
//! on the Shymkent table and on a generated thousand-rule table, in the same run.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use aryz::{Channel, Directory, Facts, FoldedText, Router, SlaNames, Taxonomy};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/support/rules.rs"]
mod support_rules;

use support_rules::DISTRICTS;

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
        support_rules::generated_rules(1000),
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
