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

/// Records as codes, `width` a record, and each column's values by code (code 0 is `*`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coded {
    /// Each record's codes, one after the other.
    pub codes: Vec<u32>,
    /// Codes a record.
    pub width: usize,
    /// Each column's values, by code.
    pub values: Vec<Vec<String>>,
    /// Records in the table (counted apart for a table without columns).
    pub records: usize,
}

/// Numbers each column's values as they come, to build a [`Coded`] table.
#[derive(Clone, Debug, Default)]
pub struct Coder {
    /// The records coded so far.
    pub coded: Coded,
    numbering: Vec<FxHashMap<String, u32>>,
}

impl Coder {
    /// A coder of records of `width` values.
    pub fn new(width: usize) -> Coder {
        Coder {
            coded: Coded {
                codes: Vec::new(),
                width,
                values: vec![vec![SUPPRESSED.to_owned()]; width],
                records: 0,
            },
            numbering: vec![FxHashMap::default(); width],
        }
    }

    /// The code of `value` in column `j`, numbered if it is new.
    pub fn code(&mut self, j: usize, value: &str) -> u32 {
        if value == SUPPRESSED {
            return STAR;
        }
        let (Some(n), Some(names)) = (self.numbering.get_mut(j), self.coded.values.get_mut(j))
        else {
            return STAR;
        };
        if let Some(&c) = n.get(value) {
            return c;
        }
        let c = names.len() as u32;
        names.push(value.to_owned());
        n.insert(value.to_owned(), c);
        c
    }

    /// Appends a record's value in column `j` (records are appended value by value, in
    /// column order, each ended by [`Coder::end_record`]).
    pub fn push(&mut self, j: usize, value: &str) {
        let c = self.code(j, value);
        self.coded.codes.push(c);
    }

    /// Ends the record whose values were pushed.
    pub fn end_record(&mut self) {
        self.coded.records += 1;
    }

    /// Takes the records coded so far, starting afresh.
    pub fn take(&mut self) -> Coded {
        let width = self.coded.width;
        std::mem::replace(self, Coder::new(width)).coded
    }

    /// Appends records another coder numbered (those of a later part of the file, read on
    /// another thread): their codes are renumbered into this coder's.
    pub fn absorb(&mut self, other: Coded) {
        let width = self.coded.width;
        let map: Vec<Vec<u32>> = other
            .values
            .iter()
            .enumerate()
            .map(|(j, vals)| vals.iter().map(|v| self.code(j, v)).collect())
            .collect();
        self.coded.records += other.records;
        self.coded.codes.reserve(other.codes.len());
        for r in other.codes.chunks_exact(width.max(1)) {
            for (j, &c) in r.iter().enumerate() {
                let to = map
                    .get(j)
                    .and_then(|m| m.get(c as usize))
                    .copied()
                    .unwrap_or(STAR);
                self.coded.codes.push(to);
            }
        }
    }
}

impl Coded {
    /// Records in the table.
    pub fn len(&self) -> usize {
        self.records
    }

    /// Whether the table has no records.
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }

    /// The value of code `c` in column `j`.
    pub fn text(&self, j: usize, c: u32) -> &str {
        self.values
            .get(j)
            .and_then(|v| v.get(c as usize))
            .map_or("", String::as_str)
    }

    /// The table of columns `cols` only (codes and values copied).
    pub fn columns(&self, cols: &[usize]) -> Coded {
        let mut codes = Vec::with_capacity(self.len() * cols.len());
        for r in self.rows() {
            codes.extend(cols.iter().map(|&c| r.get(c).copied().unwrap_or(STAR)));
        }
        Coded {
            codes,
            width: cols.len(),
            values: cols
                .iter()
                .map(|&c| self.values.get(c).cloned().unwrap_or_default())
                .collect(),
            records: self.records,
        }
    }

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
            records: rows.len(),
        }
    }

    /// Each record's codes.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, u32> {
        self.codes.chunks_exact(self.width.max(1))
    }

    /// Each class's size, by key.
    /// Each record's class (numbered from 0) and each class's size: one look-up a record.
    fn class_ids(&self) -> (Vec<u32>, Vec<usize>) {
        let mut ids = Vec::with_capacity(self.len());
        let mut sizes: Vec<usize> = Vec::new();
        let mut numbers: FxHashMap<&[u32], u32> = FxHashMap::default();
        for r in self.rows() {
            let id = match numbers.get(r) {
                Some(&c) => {
                    if let Some(s) = sizes.get_mut(c as usize) {
                        *s += 1;
                    }
                    c
                }
                None => {
                    sizes.push(1);
                    let c = (sizes.len() - 1) as u32;
                    numbers.insert(r, c);
                    c
                }
            };
            ids.push(id);
        }
        (ids, sizes)
    }

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
    let mut coded = Coded::new(rows, cols);
    let out = anonymize_coded(&mut coded, rows.len(), k);
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

/// Suppresses values (sets them to code 0, `*`) in a table of `records` records of
/// quasi-identifier codes until every class has at least `k` records. `k` must not exceed
/// the number of records.
pub(crate) fn anonymize_coded(coded: &mut Coded, records: usize, k: usize) -> Outcome {
    let width = coded.width;
    let mut out = Outcome {
        suppressed: 0,
        per_column: vec![0; width],
        smallest: 0,
    };
    if width == 0 || records < k || k <= 1 {
        // Without quasi-identifiers every record has the same empty key: one class.
        out.smallest = if width == 0 {
            records
        } else {
            coded.class_ids().1.into_iter().min().unwrap_or(0)
        };
        return out;
    }
    match Packing::of(coded) {
        Some(packing) => anonymize_packed(coded, k, &packing, &mut out),
        None => anonymize_scanning(coded, k, &mut out),
    }
    out
}

/// Sets value `j` of a record to `*`, counting it when it was something else.
fn suppress(codes: &mut [u32], j: usize, out: &mut Outcome) {
    if let Some(v) = codes.get_mut(j)
        && *v != STAR
    {
        *v = STAR;
        out.suppressed += 1;
        if let Some(n) = out.per_column.get_mut(j) {
            *n += 1;
        }
    }
}

/// The column with the most distinct values among the `small` records that still hold a
/// value in it (ties: the first column).
fn best_column(coded: &Coded, small: &[usize]) -> Option<usize> {
    let width = coded.width;
    let mut best: Option<(usize, usize)> = None;
    for j in 0..width {
        let mut seen = vec![false; coded.values.get(j).map_or(0, Vec::len)];
        let mut distinct = 0;
        for &i in small {
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
    best.map(|(_, j)| j)
}

/// A record's codes packed into 64 bits, when the columns' numbers of values allow it.
struct Packing {
    bits: Vec<u32>,
}

impl Packing {
    fn of(coded: &Coded) -> Option<Packing> {
        let bits: Vec<u32> = coded
            .values
            .iter()
            .map(|v| u32::BITS - (v.len().max(1) as u32 - 1).leading_zeros())
            .collect();
        (bits.iter().sum::<u32>() <= 64).then_some(Packing { bits })
    }

    fn pack(&self, r: &[u32]) -> u64 {
        let mut key = 0u64;
        for (&c, &b) in r.iter().zip(&self.bits) {
            key = key.checked_shl(b).unwrap_or(0) | u64::from(c);
        }
        key
    }

    fn unpack(&self, mut key: u64) -> Vec<u32> {
        let mut r = vec![STAR; self.bits.len()];
        for (c, &b) in r.iter_mut().zip(&self.bits).rev() {
            let mask = 1u64.checked_shl(b).map_or(u64::MAX, |m| m - 1);
            *c = (key & mask) as u32;
            key = key.checked_shr(b).unwrap_or(0);
        }
        r
    }
}

/// The suppression loop with class sizes kept up to date rather than counted again: the
/// small classes' records are the only ones that change, and the classes they join only
/// grow, so after one count of every record a round looks at the small records alone. The
/// same rounds, and the same result, as [`anonymize_scanning`].
fn anonymize_packed(coded: &mut Coded, k: usize, packing: &Packing, out: &mut Outcome) {
    let width = coded.width.max(1);
    let count_all = |coded: &Coded| -> (FxHashMap<u64, usize>, Vec<usize>) {
        let mut sizes: FxHashMap<u64, usize> = FxHashMap::default();
        for r in coded.rows() {
            *sizes.entry(packing.pack(r)).or_default() += 1;
        }
        let small = coded
            .rows()
            .enumerate()
            .filter(|(_, r)| sizes.get(&packing.pack(r)).is_some_and(|&s| s < k))
            .map(|(i, _)| i)
            .collect();
        (sizes, small)
    };
    let (mut sizes, mut small) = count_all(coded);
    while !small.is_empty() {
        match best_column(coded, &small) {
            Some(j) => {
                for &i in &small {
                    if let Some(r) = coded.codes.get_mut(i * width..(i + 1) * width) {
                        let before = packing.pack(r);
                        suppress(r, j, out);
                        let after = packing.pack(r);
                        if after != before {
                            if let Some(s) = sizes.get_mut(&before) {
                                *s -= 1;
                            }
                            *sizes.entry(after).or_default() += 1;
                        }
                    }
                }
                small.retain(|&i| {
                    coded
                        .codes
                        .get(i * width..(i + 1) * width)
                        .and_then(|r| sizes.get(&packing.pack(r)))
                        .is_some_and(|&s| s < k)
                });
            }
            None => {
                // Every small record is all `*` (key 0): one class below k. The smallest
                // other class (ties: the first key in the order of the values) joins it.
                let victim = sizes
                    .iter()
                    .filter(|(key, size)| **key != 0 && **size > 0)
                    .map(|(key, size)| (*size, packing.unpack(*key)))
                    .min_by(|a, b| a.0.cmp(&b.0).then_with(|| coded.order(&a.1, &b.1)));
                let Some((_, victim)) = victim else {
                    break;
                };
                for r in coded.codes.chunks_exact_mut(width) {
                    if *r == victim[..] {
                        for j in 0..width {
                            suppress(r, j, out);
                        }
                    }
                }
                (sizes, small) = count_all(coded);
            }
        }
    }
    out.smallest = sizes
        .values()
        .copied()
        .filter(|&s| s > 0)
        .min()
        .unwrap_or(0);
}

/// The suppression loop counting every record's class each round (records whose codes do
/// not fit in 64 bits).
fn anonymize_scanning(coded: &mut Coded, k: usize, out: &mut Outcome) {
    let width = coded.width;
    loop {
        let small: Vec<usize> = {
            let (ids, sizes) = coded.class_ids();
            ids.iter()
                .enumerate()
                .filter(|(_, c)| sizes.get(**c as usize).is_some_and(|&s| s < k))
                .map(|(i, _)| i)
                .collect()
        };
        if small.is_empty() {
            break;
        }
        match best_column(coded, &small) {
            Some(j) => {
                for &i in &small {
                    if let Some(r) = coded.codes.get_mut(i * width..(i + 1) * width) {
                        suppress(r, j, out);
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
                            suppress(r, j, out);
                        }
                    }
                }
            }
        }
    }
    out.smallest = coded.class_ids().1.into_iter().min().unwrap_or(0);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::test_random::below;
    use super::*;

    /// A small deterministic generator of quasi-identifier rows.
    pub(crate) fn generate(seed: u64, rows: usize, cards: &[u64]) -> Vec<Vec<String>> {
        let mut s = seed;
        (0..rows)
            .map(|_| {
                cards
                    .iter()
                    .map(|c| {
                        // Skewed: small values far more often, so some classes are rare.
                        let r = below(&mut s, c * c);
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

    /// Class sizes kept up to date give what counting them again each round gives: the
    /// same values suppressed, the same outcome (the all-`*` rounds included, with large k).
    #[test]
    fn keeping_class_sizes_up_to_date_gives_what_counting_them_again_gives() {
        for seed in 0..40 {
            for k in [2, 3, 5, 10, 40, 149] {
                let rows = generate(seed, 150, &[3, 5, 7]);
                let mut packed = Coded::new(&rows, &[0, 1, 2]);
                let mut scanned = packed.clone();
                let fresh = || Outcome {
                    suppressed: 0,
                    per_column: vec![0; 3],
                    smallest: 0,
                };
                let (mut a, mut b) = (fresh(), fresh());
                let packing = Packing::of(&packed).expect("150 rows of three small columns pack");
                anonymize_packed(&mut packed, k, &packing, &mut a);
                anonymize_scanning(&mut scanned, k, &mut b);
                assert_eq!(packed, scanned, "seed {seed} k {k}");
                assert_eq!(a, b, "seed {seed} k {k}");
                assert!(a.smallest >= k);
            }
        }
    }
}
