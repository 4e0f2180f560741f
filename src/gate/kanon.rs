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
//!
//! The work is done on codes, not text: each column's values are numbered once (`*` is code
//! 0), so a key is a few integers, hashed with Fx instead of SipHash over strings; on ten
//! million records that is what makes the passes cheap (BENCHMARKS.md, "Dataset gate"). Ties
//! are still broken on the values as text, as the text would order them.

use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// What a suppressed value is written as.
pub const SUPPRESSED: &str = "*";

/// The code of a suppressed value in every column.
const STAR: u32 = 0;

/// What local suppression did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Values suppressed (changed to `*`).
    pub suppressed: usize,
    /// Values suppressed in each quasi-identifier column.
    pub per_column: Vec<usize>,
    /// The k the records have afterwards: the size of the smallest class (0 without records).
    pub smallest: usize,
}

/// The size of each record's class.
pub fn class_sizes(keys: &[Vec<String>]) -> Vec<usize> {
    let mut counts: FxHashMap<&[String], usize> = FxHashMap::default();
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
    let cols: Vec<usize> = (0..width).collect();
    anonymize_in(keys, &cols, k)
}

/// The records' quasi-identifiers as codes, `width` a record, and each column's values by
/// code (code 0 is `*`). A missing cell counts as empty.
struct Coded {
    codes: Vec<u32>,
    width: usize,
    values: Vec<Vec<String>>,
}

impl Coded {
    fn new(rows: &[Vec<String>], cols: &[usize]) -> Coded {
        let width = cols.len();
        let mut codes = Vec::with_capacity(rows.len() * width);
        let mut numbering: Vec<FxHashMap<&str, u32>> = vec![FxHashMap::default(); width];
        let mut values: Vec<Vec<String>> = vec![vec![SUPPRESSED.to_owned()]; width];
        for r in rows {
            for (j, &c) in cols.iter().enumerate() {
                let v = r.get(c).map_or("", String::as_str);
                let code = if v == SUPPRESSED {
                    STAR
                } else if let (Some(n), Some(names)) = (numbering.get_mut(j), values.get_mut(j)) {
                    *n.entry(v).or_insert_with(|| {
                        names.push(v.to_owned());
                        (names.len() - 1) as u32
                    })
                } else {
                    STAR
                };
                codes.push(code);
            }
        }
        Coded {
            codes,
            width,
            values,
        }
    }

    fn rows(&self) -> std::slice::ChunksExact<'_, u32> {
        self.codes.chunks_exact(self.width.max(1))
    }

    /// Each class's size, by key.
    fn classes(&self) -> FxHashMap<&[u32], usize> {
        let mut counts: FxHashMap<&[u32], usize> = FxHashMap::default();
        for r in self.rows() {
            *counts.entry(r).or_default() += 1;
        }
        counts
    }

    /// Two keys in the order of their values as text.
    fn order(&self, a: &[u32], b: &[u32]) -> Ordering {
        for (j, (x, y)) in a.iter().zip(b).enumerate() {
            let text = |c: &u32| {
                self.values
                    .get(j)
                    .and_then(|v| v.get(*c as usize))
                    .map_or("", String::as_str)
            };
            match text(x).cmp(text(y)) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        Ordering::Equal
    }
}

/// Suppresses values in the columns `cols` of `rows` until every class of their values has
/// at least `k` records; the other columns are left alone. `k` must not exceed the number of
/// records.
pub fn anonymize_in(rows: &mut [Vec<String>], cols: &[usize], k: usize) -> Outcome {
    let width = cols.len();
    let mut out = Outcome {
        suppressed: 0,
        per_column: vec![0; width],
        smallest: 0,
    };
    let mut coded = Coded::new(rows, cols);
    if width == 0 || rows.len() < k || k <= 1 {
        // Without quasi-identifiers every record has the same empty key: one class.
        out.smallest = if width == 0 {
            rows.len()
        } else {
            coded.classes().into_values().min().unwrap_or(0)
        };
        return out;
    }
    let suppress = |codes: &mut [u32], j: usize, out: &mut Outcome| {
        if let Some(v) = codes.get_mut(j)
            && *v != STAR
        {
            *v = STAR;
            out.suppressed += 1;
            if let Some(n) = out.per_column.get_mut(j) {
                *n += 1;
            }
        }
    };
    loop {
        let small: Vec<usize> = {
            let classes = coded.classes();
            let small: Vec<usize> = coded
                .rows()
                .enumerate()
                .filter(|(_, r)| classes.get(r).is_some_and(|&s| s < k))
                .map(|(i, _)| i)
                .collect();
            if small.is_empty() {
                break;
            }
            small
        };
        // The column with the most distinct values among the small classes' records that
        // still hold a value in it (ties: the first column).
        let mut best: Option<(usize, usize)> = None;
        for j in 0..width {
            let mut seen = vec![false; coded.values.get(j).map_or(0, Vec::len)];
            let mut distinct = 0;
            for &i in &small {
                let c = coded.codes.get(i * width + j).copied().unwrap_or(STAR);
                if c != STAR
                    && let Some(s) = seen.get_mut(c as usize)
                    && !*s
                {
                    *s = true;
                    distinct += 1;
                }
            }
            if distinct > 0 && best.is_none_or(|(n, _)| distinct > n) {
                best = Some((distinct, j));
            }
        }
        match best {
            Some((_, j)) => {
                for &i in &small {
                    if let Some(r) = coded.codes.get_mut(i * width..(i + 1) * width) {
                        suppress(r, j, &mut out);
                    }
                }
            }
            None => {
                // Every small record is all `*`: one class below k. The smallest other class
                // (ties: the first key in the order of the values) joins it.
                let victim: Option<Vec<u32>> = {
                    let classes = coded.classes();
                    classes
                        .iter()
                        .filter(|(key, _)| key.iter().any(|&c| c != STAR))
                        .min_by(|a, b| a.1.cmp(b.1).then_with(|| coded.order(a.0, b.0)))
                        .map(|(key, _)| key.to_vec())
                };
                let Some(victim) = victim else {
                    break;
                };
                let w = width.max(1);
                for r in coded.codes.chunks_exact_mut(w) {
                    if *r == victim[..] {
                        for j in 0..width {
                            suppress(r, j, &mut out);
                        }
                    }
                }
            }
        }
    }
    out.smallest = coded.classes().into_values().min().unwrap_or(0);
    // Back to text: a suppressed code becomes `*` where the value was something else.
    for (r, codes) in rows.iter_mut().zip(coded.rows()) {
        for (&c, &code) in cols.iter().zip(codes) {
            if code == STAR
                && let Some(v) = r.get_mut(c)
                && v != SUPPRESSED
            {
                *v = SUPPRESSED.to_owned();
            }
        }
    }
    out
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
