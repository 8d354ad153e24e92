//! The month at the centre: a realistic month of Shymkent's iKomek 109 on the embedded
//! default data, every appeal through the real lifecycle, routing and SLA code.
//!
//! ```sh
//! cargo run --release -p aryz-examples --example month -- --lang ru --seed 7
//! ```
//!
//! Prints the monthly report, and writes the event log (JSON Lines) and an SVG chart of
//! daily load against capacity and SLA compliance by body into `--out` (default
//! `target/month`). `--scale 0.1` runs a tenth of the month's volume; `--days N` stops
//! after N days (for smoke tests); `--verify` re-imports the written log and checks that
//! it rebuilds every appeal exactly.

mod calibration;
mod chart;
mod report;
mod rng;
mod sim;

use std::path::PathBuf;
use std::process::ExitCode;

use aryz::Language;

#[derive(Debug)]
pub(crate) struct Args {
    pub(crate) seed: u64,
    pub(crate) lang: Language,
    pub(crate) out: PathBuf,
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) scale: f64,
    pub(crate) days: Option<u32>,
    pub(crate) quiet: bool,
    pub(crate) verify: bool,
    pub(crate) calibration: Option<PathBuf>,
}

const USAGE: &str = "usage: month [--seed N] [--lang kk|ru|en] [--out DIR] [--month YYYY-MM] \
[--scale F] [--days N] [--calibration FILE] [--quiet] [--verify]";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        seed: 109,
        lang: Language::Ru,
        out: PathBuf::from("target/month"),
        year: 2026,
        month: 3,
        scale: 1.0,
        days: None,
        quiet: false,
        verify: false,
        calibration: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--seed" => {
                a.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--lang" => {
                let v = value("--lang")?;
                a.lang = Language::from_code(&v)
                    .ok_or_else(|| format!("--lang: unknown language {v:?}; use kk, ru or en"))?;
            }
            "--out" => a.out = PathBuf::from(value("--out")?),
            "--month" => {
                let v = value("--month")?;
                let (y, m) = v
                    .split_once('-')
                    .ok_or_else(|| format!("--month: expected YYYY-MM, got {v:?}"))?;
                a.year = y
                    .parse()
                    .map_err(|_| format!("--month: bad year in {v:?}"))?;
                a.month = m
                    .parse()
                    .map_err(|_| format!("--month: bad month in {v:?}"))?;
                if !(1..=12).contains(&a.month) || !(2015..=2035).contains(&a.year) {
                    return Err(format!(
                        "--month: {v} is outside 2015-01..2035-12, the calendars' range"
                    ));
                }
            }
            "--scale" => {
                a.scale = value("--scale")?
                    .parse()
                    .map_err(|e| format!("--scale: {e}"))?;
                if !(a.scale > 0.0 && a.scale <= 10.0) {
                    return Err("--scale must be above 0 and at most 10".into());
                }
            }
            "--days" => {
                a.days = Some(
                    value("--days")?
                        .parse()
                        .map_err(|e| format!("--days: {e}"))?,
                )
            }
            "--calibration" => a.calibration = Some(PathBuf::from(value("--calibration")?)),
            "--quiet" => a.quiet = true,
            "--verify" => a.verify = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match sim::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("month: {e}");
            ExitCode::FAILURE
        }
    }
}
