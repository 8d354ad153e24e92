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
    print_staffing(world)?;
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

/// Staffing with Erlang C: does the centre's design load fit 26 staff on a 24/7 rota?
/// Printed in English: it is the engineers' note under the centre's report.
fn print_staffing(world: &World) -> Result<(), String> {
    let rotation = Rotation {
        staff: 26,
        hours_per_week: 40.0,
    };
    let profile = DayProfile::city_hotline();
    let target = StaffingTarget::COMMON;
    let busiest = world
        .tally
        .arrivals_per_day
        .iter()
        .copied()
        .max()
        .unwrap_or(0);
    println!(
        "Staffing (Erlang C, 80% answered in 20 s, occupancy <= 85%, shrinkage 30%, 26 staff x 40 h/week = {:.1} on duty per hour):",
        f64::from(rotation.staff) * rotation.hours_per_week / 168.0
    );
    for calls in [f64::from(busiest), 3000.0, 5000.0] {
        let v = capacity_verdict(calls, 180.0, &rotation, &profile, &target)
            .map_err(|e| e.to_string())?;
        let aht = |x: Option<u32>| x.map_or_else(|| "none".to_owned(), |s| format!("{s} s"));
        println!(
            "  {calls:>5.0} calls/day at AHT 180 s: peak hour needs {} rostered ({}), average {:.1} ({}); fits up to AHT {} at the peak, {} on average; staff needed {} (flat rota) / {} (shaped)",
            v.peak_rostered_needed,
            if v.fits_peak { "fits" } else { "does not fit" },
            v.mean_rostered_needed,
            if v.fits_average {
                "fits"
            } else {
                "does not fit"
            },
            aht(v.max_aht_peak_secs),
            aht(v.max_aht_average_secs),
            v.staff_needed_flat,
            v.staff_needed_shaped,
        );
    }
    Ok(())
}
