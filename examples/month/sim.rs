//! The simulation: arrivals calibrated to the centre's month, operators on the line,
//! routing, bodies working on their calendars, pauses, returns, extensions, reopenings.
//! Every step is a real command on a real [`Desk`].

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{IsTerminal, Write};

use aryz::*;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, TimeZone, Utc};

use crate::Args;
use crate::calibration::{self, Calibration};
use crate::rng::Rng;

/// What happens next to an appeal, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Arrive,
    Accept,
    RequestInfo,
    ProvideInfo,
    Return,
    Reroute,
    Extend,
    Resolve,
    Reopen,
    Close,
}

/// One entry of the agenda: when, the order it was scheduled in (ties), the case, the step.
type Agendum = (DateTime<Utc>, u64, usize, Step);

/// The simulation's own notes on one appeal: what will happen to it.
struct Case {
    number: Option<RegistrationNumber>,
    arrival: DateTime<Utc>,
    intake: Option<Intake>,
    emergency: bool,
    lead: Option<BodyId>,
    request_info: bool,
    will_return: bool,
    resolve_after: TimeDelta,
    extend: bool,
    reopen: bool,
    cycles: u8,
}

/// Figures the simulation keeps about itself (not about the appeals: those come from the log).
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) arrivals_per_day: Vec<u32>,
    pub(crate) suggestion_hits: u32,
    pub(crate) suggestion_misses: u32,
    pub(crate) commands: u64,
    pub(crate) stale: u64,
    pub(crate) escalations: u64,
}

pub(crate) struct World {
    pub(crate) desk: Desk,
    pub(crate) tally: Tally,
    pub(crate) end: DateTime<Utc>,
}

const STREETS: [&str; 8] = [
    "ул. Байтурсынова",
    "пр. Тауке хана",
    "ул. Жибек жолы",
    "мкр. Нурсат",
    "ул. Казыбек би",
    "мкр. Самал-1",
    "ул. Толе би",
    "пр. Республики",
];

fn local_midnight(tz: chrono_tz::Tz, d: NaiveDate) -> DateTime<Utc> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
}

pub(crate) fn run(args: &Args) -> Result<(), String> {
    let text = match &args.calibration {
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
        None => calibration::EMBEDDED.to_owned(),
    };
    let cal = Calibration::parse(&text)?;
    let started = std::time::Instant::now();
    let world = simulate(args, &cal)?;
    if !args.quiet {
        eprintln!(
            "simulated {} appeals, {} commands in {:.1} s",
            world.desk.len(),
            world.tally.commands,
            started.elapsed().as_secs_f64()
        );
    }
    crate::report::write_outputs(args, &world)
}

fn simulate(args: &Args, cal: &Calibration) -> Result<World, String> {
    let taxonomy = Taxonomy::shymkent();
    let router = Router::shymkent();
    let directory = Directory::shymkent();
    let book = SlaBook::kazakhstan();
    let office = Calendar::kazakhstan_office();
    // Each body works on its own calendar, as the directory names it.
    let calendar_of = |body: &BodyId| -> &Calendar {
        directory
            .body(body.as_str())
            .and_then(|b| book.calendar(b.calendar.as_str()))
            .unwrap_or(&office)
    };
    let tz = office.time_zone();
    let first = NaiveDate::from_ymd_opt(args.year, args.month, 1).ok_or("bad month")?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or("bad month")?;
    let days_in_month = u32::try_from((next - first).num_days()).unwrap_or(30);
    let days = args
        .days
        .map_or(days_in_month, |d| d.clamp(1, days_in_month));
    let start = local_midnight(tz, first);
    let end = local_midnight(tz, first + Days::new(u64::from(days)));

    let mut rng = Rng::new(args.seed);
    let desk = Desk::new(DeskConfig::shymkent(blake3_secret(args.seed)));
    let mut tally = Tally {
        arrivals_per_day: vec![0; days as usize],
        ..Tally::default()
    };

    // --- The categories and their weights, with the emergency share for calibration.
    let cats: Vec<(&Category, f64)> = taxonomy
        .categories()
        .map(|c| {
            (
                c,
                cal.category_weight
                    .get(c.code.as_str())
                    .copied()
                    .unwrap_or(0.0),
            )
        })
        .filter(|(_, w)| *w > 0.0)
        .collect();
    let cat_weights: Vec<f64> = cats.iter().map(|c| c.1).collect();
    let districts: Vec<(DistrictCode, f64)> = cal
        .district_weight
        .iter()
        .map(|(d, w)| {
            DistrictCode::new(d)
                .map(|d| (d, *w))
                .map_err(|e| format!("district {d}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let district_weights: Vec<f64> = districts.iter().map(|d| d.1).collect();
    let emergency_share = emergency_share(&taxonomy, &cats);
    // Emergencies always go to a body, so the others are settled on the call a little
    // more often, to keep the month's 71.2% overall.
    let first_contact_p = (cal.first_contact_share / (1.0 - emergency_share)).min(0.98);

    // --- Arrivals: a day by weekday and holiday, an hour by the hotline profile.
    let total = ((f64::from(cal.appeals) * args.scale * f64::from(days) / f64::from(days_in_month))
        .round()) as u32;
    let day_weights: Vec<f64> = (0..days)
        .map(|d| {
            let date = first + Days::new(u64::from(d));
            let wd = date.weekday().num_days_from_monday() as usize;
            let holiday = wd < 5 && !office.is_working_day(date).unwrap_or(true);
            cal.weekday_factor.factors[wd]
                * if holiday {
                    cal.weekday_factor.holiday
                } else {
                    1.0
                }
        })
        .collect();
    let profile = DayProfile::city_hotline();
    let mut cases: Vec<Case> = Vec::with_capacity(total as usize);
    for _ in 0..total {
        let day = rng.weighted(&day_weights);
        tally.arrivals_per_day[day] += 1;
        let hour = rng.weighted(profile.shares());
        let secs = hour as i64 * 3600 + (rng.unit() * 3600.0) as i64;
        let date = first + Days::new(day as u64);
        let at = local_midnight(tz, date) + TimeDelta::seconds(secs);
        cases.push(Case {
            number: None,
            arrival: at,
            intake: None,
            emergency: false,
            lead: None,
            request_info: false,
            will_return: false,
            resolve_after: TimeDelta::zero(),
            extend: false,
            reopen: false,
            cycles: 0,
        });
    }
    cases.sort_by_key(|c| c.arrival);

    // --- The agenda: (when, order, case, step), earliest first.
    let mut agenda: BinaryHeap<Reverse<Agendum>> = BinaryHeap::new();
    let mut order = 0u64;
    let mut schedule = |agenda: &mut BinaryHeap<_>, at: DateTime<Utc>, case: usize, step: Step| {
        order += 1;
        agenda.push(Reverse((at, order, case, step)));
    };
    for (i, c) in cases.iter().enumerate() {
        schedule(&mut agenda, c.arrival, i, Step::Arrive);
    }
    let operators: Vec<Actor> = (1..=26)
        .map(|i| ActorId::new(&format!("op-{i:02}")).map(|id| Actor::new(Role::Operator, id)))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let system = Actor::system();
    let citizen = Actor::citizen();
    let supervisor = Actor::new(
        Role::Supervisor,
        ActorId::new("supervisor-1").map_err(|e| e.to_string())?,
    );
    let mut phones: Vec<PhoneNumber> = Vec::new();
    for i in 0..cal.citizens.repeat_pool {
        phones.push(
            PhoneNumber::parse(&format!("+7705{:07}", 1_000_000 + i)).map_err(|e| e.to_string())?,
        );
    }
    // The day counter redraws itself, so it is shown on a terminal only.
    let live = !args.quiet && std::io::stderr().is_terminal();
    let mut last_day_shown = u32::MAX;
    let mut next_sweep = start + TimeDelta::hours(4);

    while let Some(Reverse((at, _, i, step))) = agenda.pop() {
        if at >= end {
            break;
        }
        // Once a day (09:00 local) the centre escalates what is breached.
        while next_sweep <= at {
            tally.escalations +=
                sweep_breaches(&desk, &supervisor, next_sweep, &mut tally.commands);
            next_sweep += TimeDelta::days(1);
        }
        let day = u32::try_from((at - start).num_days()).unwrap_or(0);
        if live && day != last_day_shown {
            last_day_shown = day;
            eprint!(
                "\rday {:>2}/{days} · {:>6} appeals · {:>6} events ",
                day + 1,
                desk.len(),
                desk.log_len()
            );
            let _ = std::io::stderr().flush();
        }
        let op = &operators[i % operators.len()];
        match step {
            Step::Arrive => {
                let (ci, _) = cats[rng.weighted(&cat_weights)];
                let subs: Vec<&Category> = taxonomy.subcategories(ci.code.as_str()).collect();
                let sub = (!subs.is_empty()).then(|| subs[rng.below(subs.len())]);
                let language = if rng.chance(cal.language.kazakh) {
                    Language::Kk
                } else {
                    Language::Ru
                };
                let description = describe(&mut rng, ci, sub, language);
                let channel = if rng.chance(cal.phone_share) {
                    Channel::Phone
                } else {
                    let s = &cal.social_split;
                    [Channel::WhatsApp, Channel::Instagram, Channel::Facebook]
                        [rng.weighted(&[s.whats_app, s.instagram, s.facebook])]
                };
                let mut intake = Intake::new(channel, description, language);
                // The operator reads the suggestion and corrects it when it is wrong.
                let suggested = taxonomy.suggest(&intake.description, 1);
                match suggested.first() {
                    Some(s) if s.category == ci.code => {
                        tally.suggestion_hits += 1;
                        intake.category = Some(s.category.clone());
                        intake.subcategory = s
                            .subcategory
                            .clone()
                            .or_else(|| sub.map(|x| x.code.clone()));
                    }
                    _ => {
                        tally.suggestion_misses += 1;
                        intake.category = Some(ci.code.clone());
                        intake.subcategory = sub.map(|x| x.code.clone());
                    }
                }
                intake.district = Some(districts[rng.weighted(&district_weights)].0.clone());
                intake.address = Some(format!(
                    "{}, {}",
                    STREETS[rng.below(STREETS.len())],
                    1 + rng.below(120)
                ));
                if !rng.chance(cal.citizens.anonymous_share) {
                    let phone = if rng.chance(cal.citizens.repeat_share) {
                        phones[rng.below(phones.len())].clone()
                    } else {
                        PhoneNumber::parse(&format!("+7701{:07}", i % 10_000_000))
                            .map_err(|e| e.to_string())?
                    };
                    intake.citizen = Some(Citizen {
                        name: None,
                        phone: Some(phone),
                    });
                }
                let emergency = sub.is_some_and(|s| s.emergency) || ci.emergency;
                let key = IdempotencyKey::new(&format!("sim-{}-{i}", args.seed))
                    .map_err(|e| e.to_string())?;
                let submitted = desk
                    .submit(key, intake.clone(), op, at)
                    .map_err(|e| e.to_string())?;
                tally.commands += 1;
                let case = &mut cases[i];
                case.number = Some(submitted.number.clone());
                case.emergency = emergency;
                case.intake = Some(intake);
                if !emergency && rng.chance(first_contact_p) {
                    let outcome = if rng.chance(0.65) {
                        Outcome::Explained
                    } else {
                        Outcome::Fulfilled
                    };
                    let handled = at + TimeDelta::seconds(60 + (rng.unit() * 240.0) as i64);
                    exec(
                        &desk,
                        &submitted.number,
                        Command::ResolveOnFirstContact { outcome },
                        op,
                        handled,
                        &mut tally,
                    )?;
                    schedule(&mut agenda, handled + TimeDelta::hours(1), i, Step::Close);
                } else {
                    let routed_at = at + TimeDelta::seconds(120 + (rng.unit() * 600.0) as i64);
                    if route(
                        &desk,
                        &router,
                        &office,
                        &mut cases[i],
                        op,
                        routed_at,
                        &mut tally,
                    )? {
                        plan_body_work(&mut rng, cal, &mut cases[i]);
                        let lead = cases[i].lead.clone().ok_or("routed case without a body")?;
                        let hours = rng.uniform(
                            cal.bodies.accept_working_hours[0],
                            cal.bodies.accept_working_hours[1],
                        );
                        let when = if cases[i].emergency {
                            routed_at + TimeDelta::minutes(10 + (rng.unit() * 40.0) as i64)
                        } else {
                            work(calendar_of(&lead), routed_at, hours)?
                        };
                        schedule(&mut agenda, when, i, Step::Accept);
                    }
                }
            }
            Step::Accept => {
                let (n, body) = case_body(&cases[i])?;
                if !exec(&desk, &n, Command::Accept, &body, at, &mut tally)? {
                    continue;
                }
                let c = &cases[i];
                let cal_b = calendar_of(c.lead.as_ref().ok_or("case without a body")?);
                if c.will_return {
                    let when = work(cal_b, at, rng.uniform(1.0, 16.0))?;
                    schedule(&mut agenda, when, i, Step::Return);
                } else if c.request_info {
                    let when = work(cal_b, at, rng.uniform(1.0, 8.0))?;
                    schedule(&mut agenda, when, i, Step::RequestInfo);
                } else {
                    if c.extend {
                        schedule(&mut agenda, work(cal_b, at, 8.0 * 10.0)?, i, Step::Extend);
                    }
                    let when = add_delta(cal_b, at, c.resolve_after)?;
                    schedule(&mut agenda, when, i, Step::Resolve);
                }
            }
            Step::RequestInfo => {
                let (n, body) = case_body(&cases[i])?;
                let note = "Уточните, пожалуйста, номер подъезда и удобное время".to_string();
                if exec(
                    &desk,
                    &n,
                    Command::RequestInfo { note },
                    &body,
                    at,
                    &mut tally,
                )? {
                    let h = rng.uniform(
                        cal.bodies.citizen_answer_hours[0],
                        cal.bodies.citizen_answer_hours[1],
                    );
                    schedule(
                        &mut agenda,
                        at + TimeDelta::minutes((h * 60.0) as i64),
                        i,
                        Step::ProvideInfo,
                    );
                }
            }
            Step::ProvideInfo => {
                let n = case_number(&cases[i])?;
                if exec(
                    &desk,
                    &n,
                    Command::ProvideInfo {
                        note: "Третий подъезд, после 18:00".into(),
                    },
                    &citizen,
                    at,
                    &mut tally,
                )? {
                    let c = &mut cases[i];
                    c.request_info = false;
                    let cal_b = calendar_of(c.lead.as_ref().ok_or("case without a body")?);
                    let when = add_delta(cal_b, at, c.resolve_after)?;
                    schedule(&mut agenda, when, i, Step::Resolve);
                }
            }
            Step::Return => {
                let (n, body) = case_body(&cases[i])?;
                let reason = "Вопрос не относится к компетенции: объект на балансе ОСИ".to_string();
                if exec(&desk, &n, Command::Return { reason }, &body, at, &mut tally)? {
                    cases[i].will_return = false;
                    schedule(
                        &mut agenda,
                        at + TimeDelta::minutes(20 + (rng.unit() * 240.0) as i64),
                        i,
                        Step::Reroute,
                    );
                }
            }
            Step::Reroute => {
                if route(&desk, &router, &office, &mut cases[i], op, at, &mut tally)? {
                    let lead = cases[i].lead.clone().ok_or("routed case without a body")?;
                    let when = work(calendar_of(&lead), at, rng.uniform(0.5, 4.0))?;
                    schedule(&mut agenda, when, i, Step::Accept);
                }
            }
            Step::Extend => {
                let (n, body) = case_body(&cases[i])?;
                let registered = desk
                    .with(n.as_str(), |a| a.registered_at())
                    .flatten()
                    .unwrap_or(at);
                let until = registered + TimeDelta::days(45);
                let reason = "Требуется закуп материалов подрядчиком".to_string();
                exec(
                    &desk,
                    &n,
                    Command::Extend { until, reason },
                    &body,
                    at,
                    &mut tally,
                )?;
            }
            Step::Resolve => {
                let (n, body) = case_body(&cases[i])?;
                let b = &cal.bodies;
                let x = rng.unit();
                let outcome = if x < b.refuse_share {
                    Outcome::Refused {
                        reason: "Нет правовых оснований: участок частный".into(),
                    }
                } else if x < b.refuse_share + b.explain_share {
                    Outcome::Explained
                } else if x < b.refuse_share + b.explain_share + 0.05 {
                    Outcome::PartlyFulfilled {
                        reason: "Работы продолжатся весной".into(),
                    }
                } else {
                    Outcome::Fulfilled
                };
                if exec(
                    &desk,
                    &n,
                    Command::Resolve { outcome },
                    &body,
                    at,
                    &mut tally,
                )? {
                    let c = &mut cases[i];
                    if c.reopen && c.cycles == 0 {
                        schedule(
                            &mut agenda,
                            at + TimeDelta::hours(2 + (rng.unit() * 18.0) as i64),
                            i,
                            Step::Reopen,
                        );
                    }
                    schedule(
                        &mut agenda,
                        at + TimeDelta::minutes((b.close_after_hours * 60.0) as i64),
                        i,
                        Step::Close,
                    );
                }
            }
            Step::Reopen => {
                let n = case_number(&cases[i])?;
                let reason = "Проблема не устранена".to_string();
                if exec(
                    &desk,
                    &n,
                    Command::Reopen { reason },
                    &citizen,
                    at,
                    &mut tally,
                )? {
                    let c = &mut cases[i];
                    c.cycles += 1;
                    c.reopen = false;
                    c.resolve_after = TimeDelta::hours(8 * 3);
                    schedule(&mut agenda, at + TimeDelta::minutes(30), i, Step::Reroute);
                }
            }
            Step::Close => {
                let n = case_number(&cases[i])?;
                let state = desk.with(n.as_str(), |a| a.state());
                if matches!(state, Some(State::Resolved | State::ResolvedOnFirstContact)) {
                    exec(&desk, &n, Command::Close, &system, at, &mut tally)?;
                }
            }
        }
    }
    if live {
        eprintln!();
    }
    // Breaches up to the end of the simulated span are escalated too.
    while next_sweep < end {
        tally.escalations += sweep_breaches(&desk, &supervisor, next_sweep, &mut tally.commands);
        next_sweep += TimeDelta::days(1);
    }
    Ok(World { desk, tally, end })
}

fn blake3_secret(seed: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&seed.to_le_bytes());
    s[8..16].copy_from_slice(b"aryz-sim");
    s
}

fn emergency_share(t: &Taxonomy, cats: &[(&Category, f64)]) -> f64 {
    let total: f64 = cats.iter().map(|c| c.1).sum();
    let mut e = 0.0;
    for (c, w) in cats {
        if c.emergency {
            e += w;
            continue;
        }
        let subs: Vec<&Category> = t.subcategories(c.code.as_str()).collect();
        if !subs.is_empty() {
            e += w * subs.iter().filter(|s| s.emergency).count() as f64 / subs.len() as f64;
        }
    }
    e / total
}

/// A description a citizen might give, built from the subcategory's label and keywords
/// in the citizen's language.
fn describe(rng: &mut Rng, cat: &Category, sub: Option<&Category>, lang: Language) -> String {
    let entry = sub.unwrap_or(cat);
    let label = entry.labels.get(lang).unwrap_or("");
    let kws = match lang {
        Language::Kk => &entry.keywords.kk,
        _ => &entry.keywords.ru,
    };
    let kw = if kws.is_empty() {
        String::new()
    } else {
        kws[rng.below(kws.len())].clone()
    };
    match lang {
        Language::Kk => format!("Сәлеметсіз бе. {label}: {kw}. Көмектесуіңізді сұраймын."),
        _ => format!("Здравствуйте. {label}: {kw}. Прошу принять меры."),
    }
}

fn plan_body_work(rng: &mut Rng, cal: &Calibration, c: &mut Case) {
    let b = &cal.bodies;
    c.request_info = rng.chance(b.request_info_share);
    c.will_return = rng.chance(b.return_share);
    c.reopen = rng.chance(b.reopen_share);
    c.resolve_after = if c.emergency {
        TimeDelta::minutes((rng.lognormal(6.0, 0.6) * 60.0) as i64)
    } else {
        // Working days of eight working hours.
        let days = rng.lognormal(b.resolve_median_working_days, b.resolve_sigma);
        c.extend = days > 13.0 && rng.chance(b.extend_share / 0.1);
        TimeDelta::minutes((days * 8.0 * 60.0) as i64)
    };
}

/// Routes a case with the real rules and records the decision in its log.
fn route(
    desk: &Desk,
    router: &Router,
    office: &Calendar,
    case: &mut Case,
    op: &Actor,
    at: DateTime<Utc>,
    tally: &mut Tally,
) -> Result<bool, String> {
    let n = case.number.clone().ok_or("case without a number")?;
    tally.commands += 1;
    match router.route_on_desk(desk, n.as_str(), op, at, Some(office)) {
        Ok(record) => {
            if let EventKind::Routed { routing } = &record.event.kind {
                case.lead = routing.bodies.first().cloned();
                case.emergency |= routing.priority == Priority::Emergency;
            }
            Ok(true)
        }
        Err(DispatchError::Route(RouteError::AllDeclined)) => {
            // Every competent body declined: forward outside the city's network.
            let outcome = Outcome::Forwarded {
                to: "Аппарат акима Туркестанской области".into(),
            };
            exec(desk, &n, Command::Resolve { outcome }, op, at, tally)?;
            Ok(false)
        }
        Err(e) => Err(format!("{n}: {e}")),
    }
}

/// Runs a command; a refusal because the appeal moved on (say, a close scheduled before a
/// reopening) is counted as stale, not an error. Any other refusal is a defect.
fn exec(
    desk: &Desk,
    n: &RegistrationNumber,
    cmd: Command,
    actor: &Actor,
    at: DateTime<Utc>,
    tally: &mut Tally,
) -> Result<bool, String> {
    tally.commands += 1;
    match desk.execute(n.as_str(), cmd, actor, at) {
        Ok(_) => Ok(true),
        Err(DeskError::Command(e)) if matches!(e.reason, Rejection::IllegalTransition) => {
            tally.stale += 1;
            Ok(false)
        }
        Err(e) => Err(format!("{n}: {e}")),
    }
}

fn case_number(c: &Case) -> Result<RegistrationNumber, String> {
    c.number
        .clone()
        .ok_or_else(|| "case without a number".to_owned())
}

fn case_body(c: &Case) -> Result<(RegistrationNumber, Actor), String> {
    let n = c.number.clone().ok_or("case without a number")?;
    let body = c.lead.clone().ok_or("case without a body")?;
    let id = ActorId::new(body.as_str()).map_err(|e| e.to_string())?;
    Ok((n, Actor::new(Role::Body, id)))
}

fn work(cal: &Calendar, at: DateTime<Utc>, hours: f64) -> Result<DateTime<Utc>, String> {
    add_delta(cal, at, TimeDelta::minutes((hours * 60.0) as i64))
}

fn add_delta(cal: &Calendar, at: DateTime<Utc>, d: TimeDelta) -> Result<DateTime<Utc>, String> {
    cal.add(at, d).map_err(|e| e.to_string())
}

/// The supervisor escalates every appeal whose SLA is breached at `at` and whose breach
/// was not yet answered, as the policies' breach actions say. Returns how many.
fn sweep_breaches(desk: &Desk, supervisor: &Actor, at: DateTime<Utc>, commands: &mut u64) -> u64 {
    let mut done = 0;
    let mut seen = std::collections::HashSet::new();
    for entry in desk.sla_breaches(at) {
        if !entry.action.escalate || !seen.insert(entry.number.clone()) {
            continue;
        }
        *commands += 1;
        let reason = format!(
            "{} deadline under {} passed",
            entry.target.name(),
            entry.policy
        );
        if desk
            .execute(
                entry.number.as_str(),
                Command::Escalate { reason },
                supervisor,
                at,
            )
            .is_ok()
        {
            done += 1;
        }
    }
    done
}
