//! Erlang B and C, queue metrics for a given number of agents, the staffing search
//! and its inverse.

use serde::{Deserialize, Serialize};

use super::{IntervalLoad, StaffingError, StaffingField, StaffingTarget, non_negative, positive};

/// The most agents any search here will try for one interval. Past this the search
/// stops with [`StaffingError::TooManyAgents`] instead of running on.
pub const MAX_AGENTS: u32 = 100_000;

/// How a queue behaves with a given number of agents (Erlang C).
///
/// # Assumptions
/// Calls arrive at random (Poisson) at a steady rate through the interval; handling
/// times are exponential with mean AHT; agents are interchangeable; callers queue
/// first come, first served.
///
/// **No abandonment.** Erlang C assumes nobody hangs up: every offered call waits
/// until answered, so offered = answered and the service level is "answered within
/// the threshold ÷ offered". Real callers abandon, which shortens the wait for those
/// who stay, so Erlang C overstates waits and agents needed a little in busy
/// intervals: the safe side for sizing. Compare with measured figures that count
/// abandoned calls as offered and not answered in time. [`erlang_a`](crate::erlang_a)
/// gives the abandonment probability under a stated caller patience.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QueueMetrics {
    /// Agents answering calls (after shrinkage, i.e. on the phones).
    pub agents: u32,
    /// Offered traffic in erlangs, `A = λ·AHT`.
    pub traffic: f64,
    /// Probability that a caller waits at all (Erlang C).
    pub p_wait: f64,
    /// Share of offered calls answered within the target's threshold,
    /// `1 − C·e^(−(N−A)·t/AHT)`.
    pub service_level: f64,
    /// Average speed of answer in seconds over all offered calls, `C·AHT/(N − A)`.
    pub asa_secs: f64,
    /// Share of the agents' time spent handling calls, `A/N`.
    pub occupancy: f64,
}

/// The agents an interval needs and how the queue then behaves.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Staffing {
    /// The fewest agents on the phones that meet both the service level and the
    /// occupancy cap.
    pub agents_raw: u32,
    /// Staff to roster for the interval: `ceil(agents_raw / (1 − shrinkage))`.
    pub agents_rostered: u32,
    /// The queue with `agents_raw` agents.
    pub metrics: QueueMetrics,
}

/// Erlang B: the probability that a call finds all `agents` busy in a loss system
/// (blocked calls cleared) offered `traffic` erlangs.
///
/// Computed by the recursion `B₀ = 1`, `Bₙ = A·Bₙ₋₁ / (n + A·Bₙ₋₁)`: stable, no
/// overflow, linear in `agents`.
///
/// # Errors
/// [`StaffingError::InvalidInput`] for [`StaffingField::Traffic`] when `traffic` is
/// negative, infinite or NaN.
///
/// # Example
/// ```
/// let b = aryz::erlang_b(10.0, 15)?;
/// assert!((b - 0.0365).abs() < 1e-4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn erlang_b(traffic: f64, agents: u32) -> Result<f64, StaffingError> {
    non_negative(StaffingField::Traffic, traffic)?;
    Ok(erlang_b_unchecked(traffic, agents))
}

pub(super) fn erlang_b_unchecked(a: f64, agents: u32) -> f64 {
    let mut b = 1.0;
    for n in 1..=agents {
        b = a * b / (f64::from(n) + a * b);
    }
    b
}

/// Erlang C: the probability that a call waits, with `agents` serving `traffic`
/// erlangs and callers who never hang up. `C = N·B / (N − A(1 − B))`.
///
/// Zero traffic never waits (0), whatever the agents.
///
/// # Errors
/// - [`StaffingError::InvalidInput`] for [`StaffingField::Traffic`] when `traffic` is
///   negative, infinite or NaN.
/// - [`StaffingError::Overloaded`] when `traffic > 0` and `agents ≤ traffic`: the
///   queue never empties, every caller waits and the wait is infinite.
///
/// # Example
/// ```
/// let c = aryz::erlang_c(10.0, 14)?;
/// assert!((c - 0.174).abs() < 1e-3);
/// assert!(aryz::erlang_c(10.0, 10).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn erlang_c(traffic: f64, agents: u32) -> Result<f64, StaffingError> {
    non_negative(StaffingField::Traffic, traffic)?;
    if traffic == 0.0 {
        return Ok(0.0);
    }
    if f64::from(agents) <= traffic {
        return Err(StaffingError::Overloaded { agents, traffic });
    }
    Ok(erlang_c_from_b(
        traffic,
        agents,
        erlang_b_unchecked(traffic, agents),
    ))
}

/// Requires `n > a > 0`, so the denominator is positive.
fn erlang_c_from_b(a: f64, agents: u32, b: f64) -> f64 {
    let n = f64::from(agents);
    (n * b / (n - a * (1.0 - b))).clamp(0.0, 1.0)
}

fn idle_metrics(agents: u32) -> QueueMetrics {
    QueueMetrics {
        agents,
        traffic: 0.0,
        p_wait: 0.0,
        service_level: 1.0,
        asa_secs: 0.0,
        occupancy: 0.0,
    }
}

/// Requires `agents > a > 0` and `b = B(a, agents)`.
fn metrics_from_b(a: f64, agents: u32, b: f64, aht: f64, within: f64) -> QueueMetrics {
    let n = f64::from(agents);
    let c = erlang_c_from_b(a, agents, b);
    let spare = n - a;
    QueueMetrics {
        agents,
        traffic: a,
        p_wait: c,
        service_level: (1.0 - c * (-spare * within / aht).exp()).clamp(0.0, 1.0),
        asa_secs: c * aht / spare,
        occupancy: a / n,
    }
}

/// The queue an interval's load makes with `agents` on the phones, measured
/// against the target's answer threshold.
///
/// Zero calls give an idle queue (service level 1, no wait, occupancy 0).
///
/// # Errors
/// - [`StaffingError::InvalidInput`] naming the field when the load or the target is
///   invalid.
/// - [`StaffingError::Overloaded`] when there are calls and `agents ≤ A`: the wait is
///   infinite.
///
/// # Example
/// ```
/// use aryz::{IntervalLoad, StaffingTarget, evaluate};
/// let load = IntervalLoad { calls: 100.0, interval_secs: 1800.0, aht_secs: 180.0 };
/// let m = evaluate(&load, 14, &StaffingTarget::COMMON)?;
/// assert!((m.service_level - 0.888).abs() < 1e-3);
/// assert!((m.asa_secs - 7.8).abs() < 0.05);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate(
    load: &IntervalLoad,
    agents: u32,
    target: &StaffingTarget,
) -> Result<QueueMetrics, StaffingError> {
    let a = load.traffic()?;
    target.validate()?;
    if a == 0.0 {
        return Ok(idle_metrics(agents));
    }
    if f64::from(agents) <= a {
        return Err(StaffingError::Overloaded { agents, traffic: a });
    }
    let b = erlang_b_unchecked(a, agents);
    Ok(metrics_from_b(
        a,
        agents,
        b,
        load.aht_secs,
        target.answer_within_secs,
    ))
}

/// The fewest agents that meet the target for an interval's load, and the staff
/// to roster for them after shrinkage.
///
/// Erlang C with no abandonment: see [`QueueMetrics`] for the assumptions.
///
/// Searches upward from one agent, carrying the Erlang B recursion along, so the
/// cost is linear in the answer. The first `N > A` meeting
/// [`StaffingTarget::is_met_by`] is returned: the service level rises and the
/// occupancy falls with every added agent, so no smaller `N` meets it. Zero calls
/// need zero agents.
///
/// # Errors
/// - [`StaffingError::InvalidInput`] naming the field when the load or the target is
///   invalid.
/// - [`StaffingError::TooManyAgents`] when more than [`MAX_AGENTS`] would be needed.
///
/// # Example
/// ```
/// use aryz::{IntervalLoad, StaffingTarget, staff_interval};
/// let load = IntervalLoad { calls: 100.0, interval_secs: 1800.0, aht_secs: 180.0 };
/// let s = staff_interval(&load, &StaffingTarget::COMMON)?;
/// assert_eq!((s.agents_raw, s.agents_rostered), (14, 20));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn staff_interval(
    load: &IntervalLoad,
    target: &StaffingTarget,
) -> Result<Staffing, StaffingError> {
    let a = load.traffic()?;
    target.validate()?;
    if a == 0.0 {
        return Ok(Staffing {
            agents_raw: 0,
            agents_rostered: 0,
            metrics: idle_metrics(0),
        });
    }
    if a / target.max_occupancy > f64::from(MAX_AGENTS) {
        return Err(StaffingError::TooManyAgents { traffic: a });
    }
    let mut b = 1.0;
    for n in 1..=MAX_AGENTS {
        b = a * b / (f64::from(n) + a * b);
        if f64::from(n) <= a {
            continue;
        }
        let m = metrics_from_b(a, n, b, load.aht_secs, target.answer_within_secs);
        if target.is_met_by(&m) {
            return Ok(Staffing {
                agents_raw: n,
                agents_rostered: target.rostered(n),
                metrics: m,
            });
        }
    }
    Err(StaffingError::TooManyAgents { traffic: a })
}

/// Whether `calls` in the interval fit `rostered` staff; too many agents is "no".
fn fits_interval(
    calls: u64,
    rostered: u32,
    interval_secs: f64,
    aht_secs: f64,
    target: &StaffingTarget,
) -> Result<bool, StaffingError> {
    let load = IntervalLoad {
        calls: calls as f64,
        interval_secs,
        aht_secs,
    };
    match staff_interval(&load, target) {
        Ok(s) => Ok(s.agents_rostered <= rostered),
        Err(StaffingError::TooManyAgents { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The inverse of [`staff_interval`]: the most whole calls an interval can take
/// with `rostered` staff on duty (before shrinkage) and still meet the target.
///
/// Exact to a call: the staffing for the returned count needs at most `rostered`
/// staff and one call more needs more. Found by bisection, which is sound because
/// the staff needed never falls as calls rise.
///
/// # Errors
/// [`StaffingError::InvalidInput`] naming the field when the interval, the AHT or the
/// target is invalid.
///
/// # Example
/// ```
/// use aryz::{StaffingTarget, max_calls_per_interval};
/// // 20 rostered staff, 30-minute interval, AHT 180 s: the worked case's 100 calls fit.
/// let calls = max_calls_per_interval(20, 1800.0, 180.0, &StaffingTarget::COMMON)?;
/// assert!(calls >= 100);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn max_calls_per_interval(
    rostered: u32,
    interval_secs: f64,
    aht_secs: f64,
    target: &StaffingTarget,
) -> Result<u64, StaffingError> {
    positive(StaffingField::IntervalSecs, interval_secs)?;
    positive(StaffingField::AhtSecs, aht_secs)?;
    target.validate()?;
    let raw = target.productive(rostered).min(MAX_AGENTS);
    if raw == 0 {
        return Ok(0);
    }
    // With A ≥ raw the agents needed exceed raw, so this many calls cannot fit.
    let mut hi = (f64::from(raw) * interval_secs / aht_secs).ceil() as u64;
    hi = hi.saturating_add(1);
    let mut lo = 0_u64;
    // Invariant: lo fits, hi does not.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits_interval(mid, rostered, interval_secs, aht_secs, target)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const WORKED: IntervalLoad = IntervalLoad {
        calls: 100.0,
        interval_secs: 1800.0,
        aht_secs: 180.0,
    };

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Erlang B by its textbook formula `(Aᴺ/N!) / Σₖ Aᵏ/k!`, only for small N.
    fn erlang_b_direct(a: f64, n: u32) -> f64 {
        let mut term = 1.0; // Aᵏ/k!
        let mut sum = 1.0;
        for k in 1..=n {
            term *= a / f64::from(k);
            sum += term;
        }
        term / sum
    }

    #[test]
    fn worked_case() -> Result<(), StaffingError> {
        let s = staff_interval(&WORKED, &StaffingTarget::COMMON)?;
        assert_eq!(s.agents_raw, 14);
        assert_eq!(s.agents_rostered, 20);
        let m = s.metrics;
        assert_eq!(m.traffic, 10.0);
        assert!(close(m.service_level, 0.888, 5e-4), "{m:?}");
        assert!(close(m.occupancy, 0.714, 5e-4), "{m:?}");
        assert!(close(m.p_wait, 0.174, 5e-4), "{m:?}");
        assert!(close(m.asa_secs, 7.8, 0.05), "{m:?}");
        // 13 agents miss the service level (0.796 < 0.8).
        let m13 = evaluate(&WORKED, 13, &StaffingTarget::COMMON)?;
        assert!(close(m13.service_level, 0.7956, 1e-4));
        assert!(!StaffingTarget::COMMON.is_met_by(&m13));
        Ok(())
    }

    #[test]
    fn erlang_b_table_values() -> Result<(), StaffingError> {
        // Reference values computed with exact rationals (Python fractions) from the
        // direct formula, independently of this code.
        let table = [
            (10.0, 15, 0.036_496_945_472_370_79),
            (100.0, 100, 0.075_700_452_710_860_97),
            (1000.0, 1000, 0.024_811_917_646_160_41),
            (50.0, 60, 0.021_668_473_057_806_243),
        ];
        for (a, n, want) in table {
            let b = erlang_b(a, n)?;
            assert!(close(b, want, 1e-12), "B({a}, {n}) = {b}, want {want}");
        }
        assert_eq!(erlang_b(1.0, 1)?, 0.5);
        assert_eq!(erlang_b(0.0, 3)?, 0.0);
        assert_eq!(erlang_b(5.0, 0)?, 1.0);
        // The classic table entry: A = 10, N = 15 blocks about 3.65% of calls.
        assert!(close(erlang_b(10.0, 15)?, 0.0365, 5e-5));
        Ok(())
    }

    #[test]
    fn erlang_c_table_values() -> Result<(), StaffingError> {
        let table = [
            (10.0, 11, 0.682_118_204_689_332_4),
            (10.0, 14, 0.174_131_933_595_049_83),
            (100.0, 110, 0.237_007_500_285_052_74),
            (1000.0, 1030, 0.248_908_785_843_602),
        ];
        for (a, n, want) in table {
            let c = erlang_c(a, n)?;
            assert!(close(c, want, 1e-12), "C({a}, {n}) = {c}, want {want}");
        }
        assert_eq!(erlang_c(0.0, 0)?, 0.0);
        assert_eq!(
            erlang_c(10.0, 10),
            Err(StaffingError::Overloaded {
                agents: 10,
                traffic: 10.0
            })
        );
        Ok(())
    }

    #[test]
    fn more_agents_serve_better() -> Result<(), StaffingError> {
        let mut prev = evaluate(&WORKED, 11, &StaffingTarget::COMMON)?;
        for n in 12..40 {
            let m = evaluate(&WORKED, n, &StaffingTarget::COMMON)?;
            assert!(m.service_level >= prev.service_level);
            assert!(m.asa_secs < prev.asa_secs);
            assert!(m.p_wait < prev.p_wait);
            assert!(m.occupancy < prev.occupancy);
            prev = m;
        }
        Ok(())
    }

    #[test]
    fn thousands_of_agents_stay_finite() -> Result<(), StaffingError> {
        // 30,000 calls an hour at 300 s: 2,500 erlangs.
        let load = IntervalLoad {
            calls: 30_000.0,
            interval_secs: 3600.0,
            aht_secs: 300.0,
        };
        let s = staff_interval(&load, &StaffingTarget::COMMON)?;
        let m = s.metrics;
        assert!(s.agents_raw > 2500 && s.agents_raw < 3000, "{s:?}");
        for v in [m.p_wait, m.service_level, m.asa_secs, m.occupancy] {
            assert!(v.is_finite());
        }
        assert!(StaffingTarget::COMMON.is_met_by(&m));
        // Occupancy binds at this size: 2500 / 0.85 = 2941.2, so 2942.
        assert_eq!(s.agents_raw, 2942);
        Ok(())
    }

    #[test]
    fn zero_calls_need_no_one() -> Result<(), StaffingError> {
        let load = IntervalLoad {
            calls: 0.0,
            ..WORKED
        };
        let s = staff_interval(&load, &StaffingTarget::COMMON)?;
        assert_eq!((s.agents_raw, s.agents_rostered), (0, 0));
        assert_eq!(s.metrics.service_level, 1.0);
        assert_eq!(
            max_calls_per_interval(0, 1800.0, 180.0, &StaffingTarget::COMMON)?,
            0
        );
        Ok(())
    }

    #[test]
    fn overload_is_an_error_not_a_panic() {
        assert_eq!(
            evaluate(&WORKED, 10, &StaffingTarget::COMMON),
            Err(StaffingError::Overloaded {
                agents: 10,
                traffic: 10.0
            })
        );
        let huge = IntervalLoad {
            calls: 1e12,
            ..WORKED
        };
        assert!(matches!(
            staff_interval(&huge, &StaffingTarget::COMMON),
            Err(StaffingError::TooManyAgents { .. })
        ));
    }

    fn field_of<T: std::fmt::Debug>(r: Result<T, StaffingError>) -> StaffingField {
        match r {
            Err(StaffingError::InvalidInput { field, .. }) => field,
            other => panic!("expected an invalid input, got {other:?}"),
        }
    }

    #[test]
    fn bad_inputs_name_their_field() {
        let t = StaffingTarget::COMMON;
        let with = |calls, interval_secs, aht_secs| IntervalLoad {
            calls,
            interval_secs,
            aht_secs,
        };
        let cases = [
            (with(-1.0, 1800.0, 180.0), StaffingField::Calls),
            (with(f64::NAN, 1800.0, 180.0), StaffingField::Calls),
            (with(f64::INFINITY, 1800.0, 180.0), StaffingField::Calls),
            (with(1.0, 0.0, 180.0), StaffingField::IntervalSecs),
            (with(1.0, -5.0, 180.0), StaffingField::IntervalSecs),
            (with(1.0, 1800.0, 0.0), StaffingField::AhtSecs),
            (with(1.0, 1800.0, f64::NAN), StaffingField::AhtSecs),
        ];
        for (load, field) in cases {
            assert_eq!(field_of(staff_interval(&load, &t)), field, "{load:?}");
            assert_eq!(field_of(evaluate(&load, 5, &t)), field, "{load:?}");
        }
        let targets = [
            (
                StaffingTarget {
                    service_level: 0.0,
                    ..t
                },
                StaffingField::ServiceLevel,
            ),
            (
                StaffingTarget {
                    service_level: 1.0,
                    ..t
                },
                StaffingField::ServiceLevel,
            ),
            (
                StaffingTarget {
                    service_level: f64::NAN,
                    ..t
                },
                StaffingField::ServiceLevel,
            ),
            (
                StaffingTarget {
                    answer_within_secs: -1.0,
                    ..t
                },
                StaffingField::AnswerWithinSecs,
            ),
            (
                StaffingTarget {
                    max_occupancy: 0.0,
                    ..t
                },
                StaffingField::MaxOccupancy,
            ),
            (
                StaffingTarget {
                    max_occupancy: 1.01,
                    ..t
                },
                StaffingField::MaxOccupancy,
            ),
            (
                StaffingTarget {
                    shrinkage: -0.1,
                    ..t
                },
                StaffingField::Shrinkage,
            ),
            (
                StaffingTarget {
                    shrinkage: 1.0,
                    ..t
                },
                StaffingField::Shrinkage,
            ),
        ];
        for (target, field) in targets {
            assert_eq!(field_of(staff_interval(&WORKED, &target)), field);
            assert_eq!(
                field_of(max_calls_per_interval(10, 1800.0, 180.0, &target)),
                field
            );
        }
        assert_eq!(field_of(erlang_b(-1.0, 3)), StaffingField::Traffic);
        assert_eq!(field_of(erlang_c(f64::NAN, 3)), StaffingField::Traffic);
        assert_eq!(
            field_of(max_calls_per_interval(10, 0.0, 180.0, &t)),
            StaffingField::IntervalSecs
        );
        let msg = StaffingError::invalid(StaffingField::AhtSecs, 0.0, "a finite number above 0")
            .to_string();
        assert_eq!(msg, "aht_secs is 0, it must be a finite number above 0");
    }

    #[test]
    fn rostered_and_productive_agree() {
        let t = StaffingTarget::COMMON;
        assert_eq!(t.rostered(0), 0);
        assert_eq!(t.rostered(7), 10);
        assert_eq!(t.rostered(14), 20);
        assert_eq!(t.productive(20), 14);
        assert_eq!(t.productive(21), 14);
        assert_eq!(t.productive(6), 4);
        for rostered in 0..500 {
            let raw = t.productive(rostered);
            assert!(t.rostered(raw) <= rostered);
            assert!(t.rostered(raw + 1) > rostered);
        }
    }

    fn assert_round_trip(
        rostered: u32,
        interval: f64,
        aht: f64,
        t: &StaffingTarget,
    ) -> Result<(), StaffingError> {
        let calls = max_calls_per_interval(rostered, interval, aht, t)?;
        let load = |c: u64| IntervalLoad {
            calls: c as f64,
            interval_secs: interval,
            aht_secs: aht,
        };
        let at = staff_interval(&load(calls), t)?;
        assert!(at.agents_rostered <= rostered, "{rostered}: {calls} {at:?}");
        let over = staff_interval(&load(calls + 1), t)?;
        assert!(
            over.agents_rostered > rostered,
            "{rostered}: {} {over:?}",
            calls + 1
        );
        Ok(())
    }

    #[test]
    fn inverse_round_trips() -> Result<(), StaffingError> {
        let t = StaffingTarget::COMMON;
        // The worked case's 20 rostered staff take at least its 100 calls.
        let calls = max_calls_per_interval(20, 1800.0, 180.0, &t)?;
        assert!(calls >= 100, "{calls}");
        for rostered in [1, 2, 6, 20, 26, 100, 1500] {
            assert_round_trip(rostered, 1800.0, 180.0, &t)?;
            assert_round_trip(rostered, 3600.0, 240.0, &t)?;
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn staffing_is_the_least_that_meets(
            calls in 0.0..3000.0_f64,
            interval in prop::sample::select(vec![900.0, 1800.0, 3600.0]),
            aht in 10.0..900.0_f64,
            sl in 0.5..0.99_f64,
            within in 0.0..120.0_f64,
            occ in 0.5..=1.0_f64,
            shrink in 0.0..0.6_f64,
        ) {
            let load = IntervalLoad { calls, interval_secs: interval, aht_secs: aht };
            let t = StaffingTarget {
                service_level: sl,
                answer_within_secs: within,
                max_occupancy: occ,
                shrinkage: shrink,
            };
            let s = staff_interval(&load, &t).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(t.is_met_by(&s.metrics));
            prop_assert!(s.agents_rostered >= s.agents_raw);
            let n = s.agents_raw;
            if n > 0 {
                match evaluate(&load, n - 1, &t) {
                    Ok(m) => prop_assert!(!t.is_met_by(&m), "{} agents also meet: {m:?}", n - 1),
                    Err(StaffingError::Overloaded { .. }) => {}
                    Err(e) => return Err(TestCaseError::fail(e.to_string())),
                }
            }
        }

        #[test]
        fn recursion_equals_direct_formula(a in 0.0..60.0_f64, n in 0_u32..60) {
            let rec = erlang_b(a, n).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let direct = erlang_b_direct(a, n);
            prop_assert!((rec - direct).abs() <= 1e-10 * direct.max(1e-300) + 1e-15,
                "B({a}, {n}): recursion {rec}, direct {direct}");
        }

        #[test]
        fn inverse_is_exact_to_a_call(
            rostered in 1_u32..120,
            aht in 30.0..600.0_f64,
            shrink in 0.0..0.5_f64,
        ) {
            let t = StaffingTarget { shrinkage: shrink, ..StaffingTarget::COMMON };
            assert_round_trip(rostered, 1800.0, aht, &t)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
    }
}
