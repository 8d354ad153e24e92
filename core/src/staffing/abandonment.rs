//! Erlang A (Palm's M/M/N+M): Erlang C with callers who hang up.
//!
//! # Method
//! Each waiting caller hangs up after an exponential patience with mean
//! `patience_secs` (rate θ), independently. The number of calls in the system is a
//! birth–death chain: births at λ, deaths at `min(k, N)·μ + max(k − N, 0)·θ`. Its
//! stationary distribution is computed exactly below `N` through Erlang B
//! (`π_N / Σ_{k≤N} π_k = B(A, N)`) and summed term by term above `N`
//! (`π_{N+j}/π_N = Π_{i≤j} λ/(Nμ + iθ)`), rescaling to avoid overflow and stopping
//! when a geometric bound on the tail falls below 1e-16 of the sum. By PASTA an
//! arriving caller sees that distribution, so:
//! - `P(wait) = P(K ≥ N)`;
//! - the abandonment rate is `θ·E[Q]`, so `P(abandon) = θ·E[Q]/λ`;
//! - the mean wait over all offered callers, answered or not, is `E[Q]/λ` (Little);
//! - occupancy is `A·(1 − P(abandon))/N`: only answered calls are handled.
//!
//! A service level within a threshold would need the waiting-time distribution and
//! is not computed here; use [`evaluate`](crate::evaluate) (Erlang C) for it, which
//! is the conservative bound.

use serde::{Deserialize, Serialize};

use super::erlang::erlang_b_unchecked;
use super::{IntervalLoad, StaffingError, StaffingField, positive};

/// Terms of the tail sum tried before giving up.
const MAX_TAIL_TERMS: u32 = 10_000_000;

/// How a queue behaves when callers hang up (Erlang A).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AbandonmentMetrics {
    /// Agents answering calls.
    pub agents: u32,
    /// Offered traffic in erlangs, `A = λ·AHT`.
    pub traffic: f64,
    /// Mean caller patience assumed, in seconds.
    pub patience_secs: f64,
    /// Probability that an offered call waits at all.
    pub p_wait: f64,
    /// Probability that an offered call hangs up before an answer.
    pub p_abandon: f64,
    /// Mean time in the queue over all offered calls (answered or abandoned), seconds.
    pub mean_wait_secs: f64,
    /// Mean number of callers waiting.
    pub mean_queue: f64,
    /// Share of the agents' time spent on answered calls, `A·(1 − P(abandon))/N`.
    pub occupancy: f64,
}

/// Erlang A: the queue an interval's load makes with `agents`, when each waiting
/// caller hangs up after an exponential patience with mean `patience_secs`.
///
/// Unlike Erlang C this is defined for any number of agents, even fewer than the
/// traffic: the callers who give up keep the queue finite. As patience grows the
/// figures tend to Erlang C's (for `agents > traffic`). See the module notes for the
/// method.
///
/// # Errors
/// - [`StaffingError::InvalidInput`] naming the field when the load is invalid or
///   `patience_secs` is not a finite number above 0.
/// - [`StaffingError::QueueTooLong`] when the queue's distribution needs more than
///   ten million terms (a huge overload with near-infinite patience).
///
/// # Example
/// ```
/// use aryz::{IntervalLoad, erlang_a, erlang_c};
/// let load = IntervalLoad { calls: 100.0, interval_secs: 1800.0, aht_secs: 180.0 };
/// let m = erlang_a(&load, 14, 120.0)?;
/// assert!(m.p_abandon > 0.0 && m.p_abandon < 0.05);
/// assert!(m.p_wait < erlang_c(10.0, 14)?);
/// // Ten agents cannot carry 10 erlangs under Erlang C; with abandonment they can.
/// assert!(erlang_a(&load, 10, 120.0)?.p_abandon < 0.2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn erlang_a(
    load: &IntervalLoad,
    agents: u32,
    patience_secs: f64,
) -> Result<AbandonmentMetrics, StaffingError> {
    let a = load.traffic()?;
    positive(StaffingField::PatienceSecs, patience_secs)?;
    let quiet = AbandonmentMetrics {
        agents,
        traffic: a,
        patience_secs,
        p_wait: 0.0,
        p_abandon: 0.0,
        mean_wait_secs: 0.0,
        mean_queue: 0.0,
        occupancy: if agents == 0 {
            0.0
        } else {
            a / f64::from(agents)
        },
    };
    if a == 0.0 {
        return Ok(quiet);
    }
    // Rates per handling time (μ = 1), so λ = A and θ = AHT / patience.
    let n = f64::from(agents);
    let theta = load.aht_secs / patience_secs;
    let b = erlang_b_unchecked(a, agents);
    // Σ_{k<N} π_k / π_N; infinite when no one ever reaches the queue.
    let mut below = 1.0 / b - 1.0;
    if !below.is_finite() {
        return Ok(quiet);
    }
    let (mut term, mut sum, mut sum_j) = (1.0_f64, 1.0_f64, 0.0_f64);
    let mut j = 0_u32;
    loop {
        let next = a / (n + f64::from(j + 1) * theta);
        if next < 1.0 {
            // Tail after j is at most term·Σ r^m and Σ (j+m)·term·r^m.
            let tail = term * next / (1.0 - next);
            let tail_j = tail * (f64::from(j) + 1.0 / (1.0 - next));
            if tail <= 1e-16 * sum && tail_j <= 1e-16 * sum_j.max(f64::MIN_POSITIVE) {
                break;
            }
        }
        j += 1;
        if j > MAX_TAIL_TERMS {
            return Err(StaffingError::QueueTooLong { agents, traffic: a });
        }
        term *= next;
        sum += term;
        sum_j += f64::from(j) * term;
        if term > 1e200 {
            for v in [&mut term, &mut sum, &mut sum_j, &mut below] {
                *v *= 1e-200;
            }
        }
    }
    let total = below + sum;
    let mean_queue = sum_j / total;
    let p_abandon = (theta * mean_queue / a).clamp(0.0, 1.0);
    Ok(AbandonmentMetrics {
        p_wait: (sum / total).clamp(0.0, 1.0),
        p_abandon,
        mean_wait_secs: mean_queue / a * load.aht_secs,
        mean_queue,
        occupancy: if agents == 0 {
            0.0
        } else {
            a * (1.0 - p_abandon) / n
        },
        ..quiet
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staffing::erlang::erlang_c;

    fn load(calls: f64, aht: f64) -> IntervalLoad {
        IntervalLoad {
            calls,
            interval_secs: 1800.0,
            aht_secs: aht,
        }
    }

    #[test]
    fn endless_patience_is_erlang_c() -> Result<(), StaffingError> {
        for (calls, agents) in [(100.0, 11), (100.0, 14), (1000.0, 110), (10_000.0, 1030)] {
            let l = load(calls, 180.0);
            let a = l.traffic()?;
            let c = erlang_c(a, agents)?;
            let asa = c * 180.0 / (f64::from(agents) - a);
            let m = erlang_a(&l, agents, 1e12)?;
            assert!((m.p_wait - c).abs() < 1e-6, "{m:?} vs C {c}");
            assert!(
                (m.mean_wait_secs - asa).abs() < 1e-3 * asa.max(1.0),
                "{m:?}"
            );
            assert!(m.p_abandon < 1e-6);
        }
        Ok(())
    }

    /// With patience equal to the handling time every caller in the system leaves at
    /// the same rate, so the count in the system is Poisson(A) (M/M/∞).
    #[test]
    fn patience_equal_to_aht_is_poisson() -> Result<(), StaffingError> {
        for agents in [0_u32, 3, 8, 10, 12, 20] {
            let l = load(100.0, 180.0);
            let a = 10.0_f64;
            let m = erlang_a(&l, agents, 180.0)?;
            let mut p = (-a).exp();
            let (mut p_below, mut queue) = (0.0, 0.0);
            for k in 0..200_u32 {
                if k < agents {
                    p_below += p;
                } else {
                    queue += f64::from(k - agents) * p;
                }
                p *= a / f64::from(k + 1);
            }
            assert!(
                (m.p_wait - (1.0 - p_below)).abs() < 1e-12,
                "{agents}: {m:?}"
            );
            assert!((m.mean_queue - queue).abs() < 1e-10, "{agents}: {m:?}");
        }
        Ok(())
    }

    /// The chain summed directly from its birth and death rates, for small cases.
    fn brute_force(a: f64, agents: u32, theta: f64) -> (f64, f64, f64) {
        let n = f64::from(agents);
        let mut p = vec![1.0_f64];
        for k in 1..400_u32 {
            let death = f64::from(k).min(n) + (f64::from(k) - n).max(0.0) * theta;
            let prev = p[p.len() - 1];
            p.push(prev * a / death);
        }
        let total: f64 = p.iter().sum();
        let (mut p_wait, mut queue, mut busy) = (0.0, 0.0, 0.0);
        for (k, pk) in (0_u32..).zip(&p) {
            let pk = pk / total;
            if k >= agents {
                p_wait += pk;
                queue += f64::from(k - agents) * pk;
            }
            busy += f64::from(k).min(n) * pk;
        }
        (p_wait, queue, busy)
    }

    #[test]
    fn matches_the_chain_summed_directly() -> Result<(), StaffingError> {
        let l = load(100.0, 180.0);
        for (agents, patience) in [(6, 30.0), (9, 60.0), (10, 180.0), (12, 600.0), (14, 90.0)] {
            let m = erlang_a(&l, agents, patience)?;
            let (p_wait, queue, busy) = brute_force(10.0, agents, 180.0 / patience);
            assert!((m.p_wait - p_wait).abs() < 1e-12, "{m:?} vs {p_wait}");
            assert!((m.mean_queue - queue).abs() < 1e-10, "{m:?} vs {queue}");
            // Flow balance: busy agents on average = answered traffic.
            assert!(
                (m.occupancy * f64::from(agents) - busy).abs() < 1e-10,
                "{m:?} vs {busy}"
            );
        }
        // Nobody to answer: everyone waits and everyone hangs up.
        let m = erlang_a(&l, 0, 60.0)?;
        assert!((m.p_wait - 1.0).abs() < 1e-12 && (m.p_abandon - 1.0).abs() < 1e-9);
        assert!((m.mean_wait_secs - 60.0).abs() < 1e-6);
        Ok(())
    }

    #[test]
    fn heavy_overload_stays_finite() -> Result<(), StaffingError> {
        // 20,000 erlangs on 1,000 agents with patient callers.
        let m = erlang_a(&load(200_000.0, 180.0), 1000, 600.0)?;
        assert!(m.p_abandon > 0.9 && m.p_abandon <= 1.0, "{m:?}");
        assert!(m.mean_queue.is_finite() && m.occupancy <= 1.0 + 1e-9);
        Ok(())
    }

    #[test]
    fn more_patience_less_abandonment() -> Result<(), StaffingError> {
        let l = load(100.0, 180.0);
        let mut prev = 1.0;
        for patience in [10.0, 30.0, 60.0, 120.0, 600.0, 3600.0] {
            let m = erlang_a(&l, 12, patience)?;
            assert!(m.p_abandon < prev);
            prev = m.p_abandon;
        }
        assert!(matches!(
            erlang_a(&l, 12, 0.0),
            Err(StaffingError::InvalidInput {
                field: StaffingField::PatienceSecs,
                ..
            })
        ));
        Ok(())
    }
}
