//! The month's outputs: the report on stdout, the event log and the chart on disk.

use std::fs;

use aryz::*;

use crate::Args;
use crate::chart::{self, BodyCompliance};
use crate::sim::World;

pub(crate) fn write_outputs(args: &Args, world: &World) -> Result<(), String> {
    fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let log = world.desk.export_json_lines().map_err(|e| e.to_string())?;
    let log_path = args.out.join("events.jsonl");
    fs::write(&log_path, &log).map_err(|e| format!("{}: {e}", log_path.display()))?;
    if args.verify {
        verify_log(world, &log)?;
    }

    // The statistics are fed from the desk's log, as a service would feed them.
    let mut ledger = Ledger::new();
    let mut from = 0;
    loop {
        let page = world
            .desk
            .log_since(from, 50_000)
            .map_err(|e| e.to_string())?;
        if page.is_empty() {
            break;
        }
        from += page.len();
        ledger.extend(&page).map_err(|e| e.to_string())?;
    }
    let book = world.desk.config().sla.clone();
    ledger.apply_deadlines(&PolicyDeadlines::new(book));
    // As of the end of the simulated span (the month's end on a full run).
    let as_of = world.end - chrono::TimeDelta::seconds(1);
    let spec = StatisticsSpec::month(args.year, args.month, as_of).map_err(|e| e.to_string())?;
    let stats = ledger.statistics(&spec);
    let taxonomy = Taxonomy::shymkent();
    let report = MonthlyReport::new(&stats, &ReportConfig::shymkent());
    println!("{}", report.render(args.lang, &taxonomy));
    let json_path = args.out.join("report.json");
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    fs::write(&json_path, json).map_err(|e| format!("{}: {e}", json_path.display()))?;

    let directory = Directory::shymkent();
    let mut bodies: Vec<BodyCompliance> = stats
        .sla_by_body
        .known
        .iter()
        .map(|(id, c)| BodyCompliance {
            name: directory
                .body(id.as_str())
                .and_then(|b| b.names.get(args.lang))
                .unwrap_or(id.as_str())
                .to_owned(),
            on_time: c.on_time,
            late: c.late,
            open_breached: c.breached,
        })
        .filter(|b| b.on_time + b.late + b.open_breached > 0)
        .collect();
    bodies.sort_by(|a, b| {
        (b.on_time + b.late + b.open_breached).cmp(&(a.on_time + a.late + a.open_breached))
    });
    let svg = chart::render(
        "iKomek 109: appeals per day against capacity, and SLA compliance by body",
        &world.tally.arrivals_per_day,
        (3000, 5000),
        &bodies,
    );
    let svg_path = args.out.join("month.svg");
    fs::write(&svg_path, svg).map_err(|e| format!("{}: {e}", svg_path.display()))?;
    if !args.quiet {
        let t = &world.tally;
        eprintln!(
            "category suggestions right on {} of {} appeals; {} SLA escalations; {} stale steps skipped",
            t.suggestion_hits,
            t.suggestion_hits + t.suggestion_misses,
            t.escalations,
            t.stale
        );
        eprintln!(
            "wrote {}, {} and {}",
            log_path.display(),
            json_path.display(),
            svg_path.display()
        );
    }
    Ok(())
}

/// Rebuilds a desk from the written log and compares every appeal with the live one.
fn verify_log(world: &World, log: &str) -> Result<(), String> {
    let again = Desk::import_json_lines(world.desk.config().clone(), log)
        .map_err(|e| format!("verify: {e}"))?;
    if again.len() != world.desk.len() {
        return Err(format!(
            "verify: {} appeals imported, {} simulated",
            again.len(),
            world.desk.len()
        ));
    }
    for n in world.desk.find(&Query::default()) {
        if again.get(n.as_str()) != world.desk.get(n.as_str()) {
            return Err(format!("verify: appeal {n} differs after import"));
        }
    }
    Ok(())
}
