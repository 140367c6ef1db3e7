//! Which events that started before an instant still reach it: an interval index over the
//! sorted start/end columns of a [`Timeline`](super::Timeline), built once per load. Events are
//! grouped by how long they last, in classes that double in length; inside a class they stay
//! in start order. No file, screen or egui knowledge.
//!
//! ```text
//!  class k holds events lasting [2^k·B, 2^(k+1)·B)      from
//!  class 0  ·  ·    ·  ·   ·  ·   ·  ·  ·   ·  ·  ·   · |      only starts in [from−2B, from)
//!  class 3          ━━━━━━    ━━━━━━━   ━━━━━━━  ━━━━━━━|━     starts in [from−16B, from)
//!  class 9  ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━|━━━  starts in [from−1024B, from)
//! ```
//!
//! A query looks, in each class, only at events that started less than the class' longest
//! duration before `from`: two binary searches per class, then a filter on the end. Events of
//! a class that start in that window last at least half of it, so most of those looked at do
//! reach `from`. A single range covering a century no longer makes every frame walk every event
//! before the view, as a running maximum of ends did.

/// Shortest class: events lasting under two minutes (points at minute or second precision).
const BASE_SECS: f64 = 60.0;
/// Classes up to 2^48 minutes (~500 million years) cover every duration dates allow.
const CLASSES: usize = 48;

/// The duration classes: event indices (into the sorted columns) per class, in start order.
#[derive(Clone, Debug, Default)]
pub struct ReachIndex {
    /// `class_of_event` would cost 1 byte per event; storing each class' members costs 4 and
    /// answers queries without touching other classes.
    members: Vec<Vec<u32>>,
}

/// The class of an event lasting `duration` seconds.
fn class_of(duration: f64) -> usize {
    if duration.is_nan() || duration < 2.0 * BASE_SECS {
        return 0;
    }
    // floor(log2(duration / BASE)) without libm: the f64 exponent field is exactly that.
    let ratio = duration / BASE_SECS;
    let exponent = ((ratio.to_bits() >> 52) & 0x7ff) as i64 - 1023;
    (exponent.max(0) as usize).min(CLASSES - 1)
}

/// The longest duration class `k` can hold (exclusive bound).
fn class_limit(k: usize) -> f64 {
    if k + 1 >= CLASSES {
        f64::INFINITY
    } else {
        BASE_SECS * (2u64 << k) as f64
    }
}

impl ReachIndex {
    /// Builds the index from sorted start and end columns (`ends[i] >= starts[i]`).
    pub fn new(starts: &[f64], ends: &[f64]) -> Self {
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); CLASSES];
        for (i, (&s, &e)) in starts.iter().zip(ends).enumerate() {
            members[class_of(e - s)].push(i as u32);
        }
        for m in &mut members {
            m.shrink_to_fit();
        }
        ReachIndex { members }
    }

    /// Indices of events that start before `from` and end at or after it, in start order.
    pub fn reaching(&self, starts: &[f64], ends: &[f64], from: f64) -> Vec<usize> {
        let mut found = Vec::new();
        for (k, members) in self.members.iter().enumerate() {
            if members.is_empty() {
                continue;
            }
            let earliest = from - class_limit(k);
            let lo = members.partition_point(|&i| starts[i as usize] < earliest);
            let hi = lo + members[lo..].partition_point(|&i| starts[i as usize] < from);
            found.extend(
                members[lo..hi]
                    .iter()
                    .map(|&i| i as usize)
                    .filter(|&i| ends[i] >= from),
            );
        }
        found.sort_unstable();
        found
    }

    /// Bytes held, for memory reports.
    pub fn heap_bytes(&self) -> usize {
        self.members.iter().map(|m| m.capacity() * 4).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(starts: &[f64], ends: &[f64], from: f64) -> Vec<usize> {
        (0..starts.len())
            .filter(|&i| starts[i] < from && ends[i] >= from)
            .collect()
    }

    #[test]
    fn classes_double() {
        assert_eq!(class_of(0.0), 0);
        assert_eq!(class_of(119.0), 0);
        assert_eq!(class_of(120.0), 1);
        assert_eq!(class_of(239.0), 1);
        assert_eq!(class_of(240.0), 2);
        assert_eq!(class_of(f64::INFINITY), CLASSES - 1);
        assert_eq!(class_of(f64::NAN), 0);
        for d in [0.5, 60.0, 3600.0, 86_400.0, 3.2e7, 3.2e9, 6.0e12] {
            assert!(d < class_limit(class_of(d)), "{d}");
        }
    }

    #[test]
    fn one_early_century_does_not_hide_or_add_anything() {
        // A range from 1900 to 2030, then a million-second-spaced run of points.
        let mut starts = vec![-2.2e9];
        let mut ends = vec![1.9e9];
        for k in 0..1000 {
            starts.push(k as f64 * 1e6);
            ends.push(k as f64 * 1e6 + 86_400.0);
        }
        let index = ReachIndex::new(&starts, &ends);
        for from in [-3e9, -2.2e9, 0.0, 5e5, 1e6 + 100.0, 5e8, 1.9e9, 2e9] {
            assert_eq!(
                index.reaching(&starts, &ends, from),
                brute(&starts, &ends, from),
                "{from}"
            );
        }
    }

    proptest! {
        #[test]
        fn equals_brute_force(
            mut spans in prop::collection::vec((-1e10f64..1e10, 0f64..1e10), 0..300),
            froms in prop::collection::vec(-1.2e10f64..2.2e10, 1..20),
        ) {
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let starts: Vec<f64> = spans.iter().map(|s| s.0).collect();
            // Mostly short events, some long: durations spread over many classes.
            let ends: Vec<f64> = spans
                .iter()
                .enumerate()
                .map(|(i, s)| s.0 + if i % 5 == 0 { s.1 } else { s.1 / 1e6 })
                .collect();
            let index = ReachIndex::new(&starts, &ends);
            for from in froms {
                prop_assert_eq!(index.reaching(&starts, &ends, from), brute(&starts, &ends, from));
            }
        }
    }
}
