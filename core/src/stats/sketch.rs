//! A mergeable histogram of durations with a stated relative error.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Sub-buckets per power of two above the exact range: 2¹⁰.
const SUB_BITS: u32 = 10;
const SUB: u64 = 1 << SUB_BITS;
/// Values below this are counted exactly, one bucket per second.
const EXACT: u64 = 2 * SUB;
/// Values are clamped below 2⁴⁰ s (about 34,800 years).
const MAX_BITS: u32 = 40;
const MAX_VALUE: u64 = (1 << MAX_BITS) - 1;
const BUCKETS: usize = (EXACT + (MAX_BITS - SUB_BITS - 1) as u64 * SUB) as usize;

#[inline]
fn bucket(v: u64) -> usize {
    let v = v.min(MAX_VALUE);
    if v < EXACT {
        return v as usize;
    }
    let k = 63 - v.leading_zeros(); // 11 ..= 39
    let shift = k - SUB_BITS;
    (EXACT + u64::from(k - SUB_BITS - 1) * SUB + ((v >> shift) - SUB)) as usize
}

#[inline]
fn lower_bound(ix: usize) -> u64 {
    let ix = ix as u64;
    if ix < EXACT {
        return ix;
    }
    let octave = (ix - EXACT) / SUB;
    let j = (ix - EXACT) % SUB;
    (SUB + j) << (octave + 1)
}

/// A histogram of durations in whole seconds: log-linear buckets (HDR-style), exact
/// below 2,048 s and within a relative error of 2⁻¹⁰ (under 0.1%) above.
///
/// It is mergeable (bucket counts add), so the quantiles of merged shards equal those of
/// the union. Quantiles are by nearest rank: the smallest value v with at least
/// ⌈p·n⌉ values ≤ v. The reported value r is the lower end of v's bucket (clamped to the
/// exact minimum and maximum), so r ≤ v < r·(1 + 2⁻¹⁰), and r = v below 2,048 s.
/// Count, sum, minimum and maximum are exact.
///
/// ```
/// use aryz::*;
/// let mut h = DurationHistogram::new();
/// for s in [60, 120, 180, 240, 86_400] {
///     h.record(s);
/// }
/// assert_eq!(h.quantile(500), Some(180));
/// assert_eq!(h.quantile(1000), Some(86_400));
/// let q = h.quantile(900).unwrap_or(0);
/// assert!(q <= 86_400 && 86_400 < q + q / 1024 + 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DurationHistogram {
    counts: Vec<u64>,
    count: u64,
    sum: u64,
    min: u64,
    max: u64,
}

impl Default for DurationHistogram {
    fn default() -> Self {
        DurationHistogram::new()
    }
}

impl std::fmt::Debug for DurationHistogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DurationHistogram")
            .field("count", &self.count)
            .field("min", &self.min())
            .field("median", &self.quantile(500))
            .field("max", &self.max())
            .finish()
    }
}

impl DurationHistogram {
    /// An empty histogram.
    pub fn new() -> DurationHistogram {
        DurationHistogram {
            counts: vec![0; BUCKETS],
            count: 0,
            sum: 0,
            min: u64::MAX,
            max: 0,
        }
    }

    /// Counts one duration of `secs` seconds (clamped below 2⁴⁰).
    #[inline]
    pub fn record(&mut self, secs: u64) {
        let secs = secs.min(MAX_VALUE);
        self.counts[bucket(secs)] += 1;
        self.count += 1;
        self.sum = self.sum.saturating_add(secs);
        self.min = self.min.min(secs);
        self.max = self.max.max(secs);
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &DurationHistogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.count += other.count;
        self.sum = self.sum.saturating_add(other.sum);
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// How many durations were counted.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Their sum in seconds.
    pub fn sum(&self) -> u64 {
        self.sum
    }

    /// The shortest, exactly.
    pub fn min(&self) -> Option<u64> {
        (self.count > 0).then_some(self.min)
    }

    /// The longest, exactly.
    pub fn max(&self) -> Option<u64> {
        (self.count > 0).then_some(self.max)
    }

    /// The arithmetic mean in whole seconds, rounded half up.
    pub fn mean(&self) -> Option<u64> {
        (self.count > 0).then(|| (self.sum + self.count / 2) / self.count)
    }

    /// The quantile `per_mille`/1000 (500 the median, 900 the 90th percentile) by nearest
    /// rank, within the stated error; `None` when empty. `per_mille` above 1000 is 1000.
    pub fn quantile(&self, per_mille: u32) -> Option<u64> {
        if self.count == 0 {
            return None;
        }
        let pm = u128::from(per_mille.min(1000));
        let rank = ((pm * u128::from(self.count)).div_ceil(1000)).max(1) as u64;
        if rank == self.count {
            return Some(self.max);
        }
        let mut seen = 0;
        for (ix, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(lower_bound(ix).clamp(self.min, self.max));
            }
        }
        Some(self.max)
    }

    /// The non-empty buckets as (lower bound in seconds, count), in order.
    pub fn buckets(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(ix, c)| (lower_bound(ix), *c))
    }

    #[inline]
    pub(crate) fn bucket_of(secs: u64) -> usize {
        bucket(secs)
    }

    /// Builds from raw bucket counts gathered in a hot loop plus the exact moments.
    pub(crate) fn from_parts(counts: Vec<u64>, count: u64, sum: u64, min: u64, max: u64) -> Self {
        debug_assert_eq!(counts.len(), BUCKETS);
        DurationHistogram {
            counts,
            count,
            sum,
            min: if count == 0 { u64::MAX } else { min },
            max: if count == 0 { 0 } else { max },
        }
    }

    pub(crate) const BUCKETS: usize = BUCKETS;
}

#[derive(Serialize, Deserialize)]
struct Repr {
    count: u64,
    sum: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<u64>,
    /// (bucket lower bound in seconds, count)
    buckets: Vec<(u64, u64)>,
}

impl Serialize for DurationHistogram {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Repr {
            count: self.count,
            sum: self.sum,
            min: self.min(),
            max: self.max(),
            buckets: self.buckets().collect(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for DurationHistogram {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = Repr::deserialize(d)?;
        let mut h = DurationHistogram::new();
        let mut total = 0u64;
        for (v, c) in r.buckets {
            if v > MAX_VALUE || lower_bound(bucket(v)) != v {
                return Err(D::Error::custom(format!(
                    "{v} is not a bucket's lower bound"
                )));
            }
            h.counts[bucket(v)] += c;
            total = total.saturating_add(c);
        }
        if total != r.count {
            return Err(D::Error::custom("bucket counts do not add up to count"));
        }
        h.count = r.count;
        h.sum = r.sum;
        h.min = r.min.unwrap_or(u64::MAX);
        h.max = r.max.unwrap_or(0);
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_bounded() {
        let mut last = 0;
        for ix in 1..BUCKETS {
            let lo = lower_bound(ix);
            assert!(lo > last, "bucket {ix}");
            assert_eq!(bucket(lo), ix);
            assert_eq!(bucket(lo - 1), ix - 1);
            // width ≤ lo · 2⁻¹⁰
            let width = if ix + 1 < BUCKETS {
                lower_bound(ix + 1) - lo
            } else {
                1
            };
            assert!(width == 1 || width * 1024 <= lo, "bucket {ix}");
            last = lo;
        }
        assert_eq!(bucket(MAX_VALUE), BUCKETS - 1);
        assert_eq!(bucket(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn quantiles_by_nearest_rank() {
        let mut h = DurationHistogram::new();
        for v in 1..=10 {
            h.record(v);
        }
        assert_eq!(h.quantile(500), Some(5));
        assert_eq!(h.quantile(900), Some(9));
        assert_eq!(h.quantile(990), Some(10));
        assert_eq!(h.quantile(0), Some(1));
        assert_eq!(DurationHistogram::new().quantile(500), None);
    }

    #[test]
    fn relative_error_is_under_a_tenth_of_a_percent() {
        for v in [
            2_047u64,
            2_048,
            4_097,
            86_401,
            1_296_000,
            5_184_000,
            999_999_999,
        ] {
            let mut h = DurationHistogram::new();
            h.record(1);
            h.record(v);
            h.record(v + 10_000_000_000);
            let r = h.quantile(500).unwrap_or(0);
            assert!(r <= v && (v - r) * 1024 <= r, "{v} -> {r}");
        }
    }

    #[test]
    fn serde_round_trips() {
        let mut h = DurationHistogram::new();
        for v in [0, 5, 3_000, 90_000, 90_001] {
            h.record(v);
        }
        let json = serde_json::to_string(&h).unwrap_or_default();
        let back: DurationHistogram = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, h);
        assert!(
            serde_json::from_str::<DurationHistogram>(
                r#"{"count":1,"sum":1,"buckets":[[2049,1]]}"#
            )
            .is_err()
        );
    }
}
