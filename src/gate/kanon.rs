//! k-anonymity by local suppression on the quasi-identifiers.
//!
//! A record's *key* is its combination of quasi-identifier values; its class is the records
//! with the same key. A suppressed value is written `*` and counts as a value of its own
//! (the stricter reading: a `*` matches only another `*`, as pycanon and a `GROUP BY` see
//! it). The algorithm: while some class is smaller than `k`, take the quasi-identifier with
//! the most distinct values among the records of those classes that still hold one, and
//! suppress it in those records; once every quasi-identifier of them is suppressed, they form
//! one all-`*` class, and while it is still below `k` the smallest other class joins it
//! (all its values suppressed). The result always has every class of at least `k` records,
//! unless there are fewer than `k` records in all.

use std::collections::{BTreeSet, HashMap};

/// What a suppressed value is written as.
pub const SUPPRESSED: &str = "*";

/// What local suppression did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Values suppressed (changed to `*`).
    pub suppressed: usize,
    /// Values suppressed in each quasi-identifier column.
    pub per_column: Vec<usize>,
}

/// The size of each record's class.
pub fn class_sizes(keys: &[Vec<String>]) -> Vec<usize> {
    let mut counts: HashMap<&[String], usize> = HashMap::new();
    for k in keys {
        *counts.entry(k.as_slice()).or_default() += 1;
    }
    keys.iter()
        .map(|k| counts.get(k.as_slice()).copied().unwrap_or(0))
        .collect()
}

/// The k the records have: the size of the smallest class (0 without records).
pub fn measure(keys: &[Vec<String>]) -> usize {
    class_sizes(keys).into_iter().min().unwrap_or(0)
}

/// Suppresses values in `keys` (one row of quasi-identifier values per record) until every
/// class has at least `k` records. `k` must not exceed the number of records.
pub fn anonymize(keys: &mut [Vec<String>], k: usize) -> Outcome {
    let width = keys.first().map_or(0, Vec::len);
    let mut out = Outcome {
        suppressed: 0,
        per_column: vec![0; width],
    };
    if keys.len() < k || k <= 1 {
        return out;
    }
    let suppress = |row: &mut Vec<String>, col: usize, out: &mut Outcome| {
        if let Some(v) = row.get_mut(col)
            && v != SUPPRESSED
        {
            *v = SUPPRESSED.to_owned();
            out.suppressed += 1;
            if let Some(n) = out.per_column.get_mut(col) {
                *n += 1;
            }
        }
    };
    loop {
        let sizes = class_sizes(keys);
        let small: Vec<usize> = (0..keys.len())
            .filter(|&i| sizes.get(i).is_some_and(|&s| s < k))
            .collect();
        if small.is_empty() {
            return out;
        }
        // The column with the most distinct values among the small classes' records that
        // still hold a value in it.
        let mut best: Option<(usize, usize)> = None;
        for col in 0..width {
            let distinct: BTreeSet<&str> = small
                .iter()
                .filter_map(|&i| keys.get(i).and_then(|r| r.get(col)))
                .map(String::as_str)
                .filter(|v| *v != SUPPRESSED)
                .collect();
            if !distinct.is_empty() && best.is_none_or(|(n, _)| distinct.len() > n) {
                best = Some((distinct.len(), col));
            }
        }
        match best {
            Some((_, col)) => {
                for &i in &small {
                    if let Some(row) = keys.get_mut(i) {
                        suppress(row, col, &mut out);
                    }
                }
            }
            None => {
                // Every small record is all `*`: one class below k. The smallest other class
                // joins it.
                let mut counts: HashMap<Vec<String>, usize> = HashMap::new();
                for r in keys.iter() {
                    if r.iter().any(|v| v != SUPPRESSED) {
                        *counts.entry(r.clone()).or_default() += 1;
                    }
                }
                let Some(victim) = counts
                    .into_iter()
                    .min_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)))
                    .map(|(key, _)| key)
                else {
                    return out;
                };
                for row in keys.iter_mut() {
                    if *row == victim {
                        for col in 0..width {
                            suppress(row, col, &mut out);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small deterministic generator of quasi-identifier rows.
    pub(crate) fn generate(seed: u64, rows: usize, cards: &[u64]) -> Vec<Vec<String>> {
        let mut s = seed;
        (0..rows)
            .map(|_| {
                cards
                    .iter()
                    .map(|c| {
                        s = s
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        // Skewed: small values far more often, so some classes are rare.
                        let r = (s >> 33) % (c * c);
                        ((r as f64).sqrt() as u64).to_string()
                    })
                    .collect()
            })
            .collect()
    }

    /// The k of a table by brute force: for each record, count the records equal to it.
    fn brute_k(keys: &[Vec<String>]) -> usize {
        keys.iter()
            .map(|a| keys.iter().filter(|b| *b == a).count())
            .min()
            .unwrap_or(0)
    }

    #[test]
    fn measured_k_agrees_with_brute_force() {
        for seed in 0..30 {
            let keys = generate(seed, 80, &[3, 4, 5]);
            assert_eq!(measure(&keys), brute_k(&keys));
        }
    }

    #[test]
    fn local_suppression_reaches_k_and_counts_what_it_changed() {
        for seed in 0..30 {
            for k in [2, 3, 5, 10] {
                let original = generate(seed, 120, &[4, 6, 8]);
                let mut keys = original.clone();
                let out = anonymize(&mut keys, k);
                assert!(brute_k(&keys) >= k, "seed {seed} k {k}");
                let changed: usize = original
                    .iter()
                    .zip(&keys)
                    .map(|(a, b)| a.iter().zip(b).filter(|(x, y)| x != y).count())
                    .sum();
                assert_eq!(out.suppressed, changed);
                assert_eq!(out.per_column.iter().sum::<usize>(), changed);
                // Only suppression: every value is unchanged or `*`.
                assert!(
                    original
                        .iter()
                        .zip(&keys)
                        .all(|(a, b)| a.iter().zip(b).all(|(x, y)| x == y || y == SUPPRESSED))
                );
            }
        }
    }

    #[test]
    fn data_already_k_anonymous_is_left_alone() {
        let mut keys = vec![vec!["a".to_string()]; 5];
        assert_eq!(anonymize(&mut keys, 5).suppressed, 0);
    }
}
