//! Aggregation by dimensions with a smallest cell size `k`.
//!
//! Each distinct combination of the dimension columns' values is a cell; a cell holds its
//! count of records and the sum of each declared numeric column. Cells below `k` are
//! suppressed (primary suppression). Then secondary suppression: a *line* is a set of cells
//! that agree on every dimension but one (a row or a column of a two-way table; the whole
//! table when there is one dimension). If a line's total were known (published elsewhere,
//! or a margin of this table), a line with exactly one suppressed cell would give that cell
//! away by subtraction. So in every line with exactly one suppressed cell and at least one
//! other, the smallest other cell (ties: the first in sort order) is suppressed too; this is
//! repeated until no line has a single suppressed cell. A line with only one cell has a total
//! equal to that cell: it is below `k` when the cell is, so a publisher applying the same rule
//! to the margins suppresses it. This is the usual hypercube heuristic of statistical
//! offices, not an optimal solution: it suppresses more than needed in some tables, never
//! less than "no single suppressed cell per line".

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// One cell of the table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// Records in it.
    pub count: u64,
    /// The sum of each summed column, in the order of the table's sums.
    pub sums: Vec<f64>,
    /// Suppressed because it is below k.
    pub primary: bool,
    /// Suppressed so that a primary cell cannot be recomputed.
    pub secondary: bool,
}

impl Cell {
    /// Whether the cell's values are withheld.
    pub fn suppressed(&self) -> bool {
        self.primary || self.secondary
    }
}

/// A table being built, one record at a time (memory bounded by the number of cells).
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Cells by their dimension values (those counted with [`Table::add_encoded`] are moved
    /// here by [`Table::suppress`]).
    pub cells: BTreeMap<Vec<String>, Cell>,
    sums: usize,
    /// Cells counted by their encoded key: looking a record's cell up borrows its key from
    /// the record, where a `BTreeMap` of strings would need the key copied and compared
    /// string by string, record after record.
    encoded: FxHashMap<Vec<u8>, Tally>,
    /// Cells counted by their values' numbers ([`Table::add_short`]), moved to `encoded`
    /// before tables are merged or suppressed.
    short: Option<Box<ShortCells>>,
}

/// At most this many dimensions are counted by number: their numbers share one `u64`.
const SHORT_DIMS: usize = 4;

/// Places for recent words per dimension (the top ten bits of a hash pick one).
const RECENT: usize = 1 << 10;

/// Cells whose dimension values are all short (at most 15 bytes, each packed in one word by
/// `parallel::short_word`), counted by numbers: each dimension numbers its values as they
/// come, and a record looks up one word of numbers instead of hashing and comparing its
/// values' text (a third of the time of an aggregation, BENCHMARKS.md "Dataset gate").
#[derive(Clone, Debug)]
struct ShortCells {
    /// Each dimension's values and their numbers.
    dims: Vec<Dim>,
    /// Bits of the cell key per dimension's number.
    bits: u32,
    /// The largest number those bits hold.
    most: u32,
    /// Summed columns.
    sums: usize,
    /// Each cell by its values' numbers (`bits` each): its count and first sum are kept in
    /// the table's own entry, so that counting a record touches one place in memory, not
    /// three (ten million records over 24,000 cells miss the cache on each). While the
    /// cells are counted in `grid`, the counts and sums a grid slot cannot hold.
    cells: FxHashMap<u64, Slot>,
    /// The same cells in an array while every dimension's numbers fit in its share of
    /// [`GRID_BITS`]: a record's slot is found by its numbers alone, no hashing nor probing,
    /// and the slots a table of a few tens of thousands of cells touches are about half the
    /// memory of a hash table's (most of it then stays in the second-level cache). Past
    /// [`GRID_BITS`], the cells move to `cells` for good. Empty once they have.
    grid: Vec<GridSlot>,
    /// The cells have moved from `grid` to `cells`.
    gridless: bool,
    /// The sums a [`Slot`] or a [`GridSlot`] does not hold: the first sum's other numbers
    /// (not whole, or past what the slot holds), and every later sum.
    rest: FxHashMap<u64, Vec<Sum>>,
}

/// One dimension of [`ShortCells`]: its values' words and their numbers.
#[derive(Clone, Debug)]
struct Dim {
    /// The number of each value's word.
    numbers: WordMap<u128, u32>,
    /// Numbers of words met lately, each at a place the word's bits pick (`u32::MAX`: none):
    /// most records find their values here, without a lookup in `numbers`. Numbers alone
    /// (the words are in `words`) keep it in four kilobytes, in the first-level cache.
    recent: Box<[u32; RECENT]>,
    /// The word of each number.
    words: Vec<u128>,
    /// Bits of its numbers in a place of the grid.
    grid_bits: u32,
    /// Where those bits are in a place (dimension 0 lowest).
    grid_shift: u32,
    /// Numbers below this fit in the grid (0 once the cells have left it).
    grid_limit: u32,
}

impl Dim {
    fn new() -> Dim {
        Dim {
            numbers: WordMap::default(),
            recent: Box::new([u32::MAX; RECENT]),
            words: Vec::new(),
            grid_bits: 0,
            grid_shift: 0,
            grid_limit: 1,
        }
    }

    /// The number of `word`, numbered now if it is new.
    #[inline]
    fn number(&mut self, word: u128) -> u32 {
        let folded = (word as u64) ^ ((word >> 64) as u64).rotate_left(23);
        let at = (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize & (RECENT - 1);
        let seen = self.recent[at];
        if self.words.get(seen as usize) == Some(&word) {
            return seen;
        }
        let next = self.words.len() as u32;
        let number = *self.numbers.entry(word).or_insert(next);
        if number == next {
            self.words.push(word);
        }
        self.recent[at] = number;
        number
    }
}

/// At most this many bits of numbers place a cell in [`ShortCells::grid`]: 2 MiB of slots at
/// most, of which a table touches only the places of its cells.
const GRID_BITS: u32 = 18;

/// The most records a [`GridSlot`] counts before they are moved to the cell's [`Slot`] (few
/// in the tests, so that they move there often).
#[cfg(not(test))]
const GRID_COUNT: u32 = u32::MAX;
#[cfg(test)]
const GRID_COUNT: u32 = 5;

impl ShortCells {
    fn new(dims: usize, sums: usize) -> ShortCells {
        let bits = 64 / dims.clamp(1, SHORT_DIMS) as u32;
        ShortCells {
            dims: (0..dims).map(|_| Dim::new()).collect(),
            bits,
            most: u32::try_from((1u64 << bits.min(32)) - 1).unwrap_or(u32::MAX),
            sums,
            cells: FxHashMap::default(),
            grid: vec![GridSlot::default()],
            gridless: false,
            rest: FxHashMap::default(),
        }
    }

    /// Each dimension's bits and where they are in a place of `grid`.
    fn layout(&self) -> Vec<(u32, u32)> {
        self.dims
            .iter()
            .map(|d| (d.grid_bits, d.grid_shift))
            .collect()
    }

    /// Numbers of the place `place` of a grid laid out as `layout` says, into `numbers`.
    fn grid_numbers(layout: &[(u32, u32)], place: usize, numbers: &mut [u32]) {
        for (n, &(bits, shift)) in numbers.iter_mut().zip(layout) {
            *n = ((place >> shift) & ((1usize << bits) - 1)) as u32;
        }
    }

    /// The cell key of `numbers` in `cells` and `rest`.
    fn key(&self, numbers: &[u32]) -> u64 {
        numbers
            .iter()
            .enumerate()
            .fold(0, |k, (j, &n)| k | u64::from(n) << (self.bits * j as u32))
    }

    /// Adds what a grid slot counted for the cell of `key` to the cell's [`Slot`].
    fn bank(&mut self, key: u64, from: GridSlot) {
        let slot = self.cells.entry(key).or_default();
        slot.count += u64::from(from.count);
        match slot.whole.checked_add(i64::from(from.whole)) {
            Some(sum) => slot.whole = sum,
            None => self.spill(key, Some(Number::Whole(i64::from(from.whole))), &[]),
        }
    }

    /// Adds `first` to the cell's first sum and `later` to its later ones, in `rest`.
    fn spill(&mut self, key: u64, first: Option<Number>, later: &[Number]) {
        let sums = self.sums;
        let rest = self
            .rest
            .entry(key)
            .or_insert_with(|| vec![Sum::default(); sums]);
        let add = |s: &mut Sum, v: Number| match v {
            Number::Whole(n) => s.add_whole(n),
            Number::Real(r) => s.add(r),
        };
        let mut rest = rest.iter_mut();
        if let (Some(s), Some(v)) = (rest.next(), first) {
            add(s, v);
        }
        for (s, v) in rest.zip(later) {
            add(s, *v);
        }
    }

    /// Makes the grid large enough for `numbers`, or moves its cells to `cells` when it
    /// would be larger than [`GRID_BITS`]; the place of `numbers` in the grid, if any.
    fn regrid(&mut self, numbers: &[u32]) -> Option<usize> {
        let layout = self.layout();
        let old = std::mem::take(&mut self.grid);
        let mut shift = 0;
        for (d, &n) in self.dims.iter_mut().zip(numbers) {
            d.grid_bits = d.grid_bits.max(32 - n.leading_zeros());
            d.grid_shift = shift;
            shift += d.grid_bits;
        }
        if shift > GRID_BITS {
            self.gridless = true;
            for d in &mut self.dims {
                d.grid_limit = 0;
            }
        } else {
            for d in &mut self.dims {
                d.grid_limit = 1 << d.grid_bits;
            }
            self.grid = vec![GridSlot::default(); 1 << shift];
        }
        let mut at = vec![0u32; self.dims.len()];
        for (place, slot) in old.into_iter().enumerate() {
            if slot.count == 0 {
                continue;
            }
            Self::grid_numbers(&layout, place, &mut at);
            match self.grid_place(&at) {
                Some(place) => {
                    if let Some(to) = self.grid.get_mut(place) {
                        *to = slot;
                    }
                }
                None => {
                    let key = self.key(&at);
                    self.bank(key, slot);
                }
            }
        }
        self.grid_place(numbers)
    }

    /// The place in `grid` of the cell of `numbers`, if the grid holds it.
    fn grid_place(&self, numbers: &[u32]) -> Option<usize> {
        let mut place = 0usize;
        for (d, &n) in self.dims.iter().zip(numbers) {
            if n >= d.grid_limit {
                return None;
            }
            place |= (n as usize) << d.grid_shift;
        }
        Some(place)
    }
}

/// A cell counted by number in the grid: records, and the whole numbers of its first sum,
/// in eight bytes (the grid of a table of 24,000 cells then fits in the second-level cache,
/// where sixteen did not). What does not fit is moved to the cell's [`Slot`].
#[derive(Clone, Copy, Debug, Default)]
struct GridSlot {
    count: u32,
    whole: i32,
}

/// A cell counted by number: records, and the whole numbers of its first sum.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    count: u64,
    whole: i64,
}

/// A map hashed with [`WordHasher`].
type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Multiply-rotate hashing of whole words, mixed again at the end. The words of short
/// values differ in few bits, often only in their last bytes (`County01-Sub2`,
/// `County01-Sub3`); FxHash's single multiplication leaves hashbrown's tag bits (the top
/// seven) nearly equal for them, and a lookup then compares many candidates: this hasher
/// made counting a record's values twice as fast.
#[derive(Clone, Copy, Debug, Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (to, from) in word.iter_mut().zip(chunk) {
                *to = *from;
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }

    fn write_u128(&mut self, word: u128) {
        self.write_u64(word as u64);
        self.write_u64((word >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(0xd6e8_feb8_6659_fd93);
        h ^ (h >> 32)
    }
}

/// The bytes of a word packed by `parallel::short_word`.
fn word_bytes(word: &u128) -> ([u8; 16], usize) {
    let bytes = word.to_le_bytes();
    (bytes, usize::from(bytes[15]).min(15))
}

/// A cell being counted: records, and each summed column's exact sum.
#[derive(Clone, Debug, Default)]
struct Tally {
    count: u64,
    sums: Vec<Sum>,
}

/// A summed column's value in one record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A whole number (no decimal point or exponent, at most 18 digits).
    Whole(i64),
    /// Any other finite number.
    Real(f64),
}

impl Number {
    /// The number a cell holds (an empty cell is 0); `None` when it is not a finite number.
    pub fn parse(cell: &str) -> Option<Number> {
        if let Some(n) = Self::digits(cell.as_bytes()) {
            return Some(n);
        }
        let raw = cell.trim();
        if raw.is_empty() {
            return Some(Number::Whole(0));
        }
        let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
        if !digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Up to 18 digits always fit: parsed as the whole number it is.
            return raw.parse::<i64>().ok().map(Number::Whole);
        }
        raw.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Number::Real)
    }

    /// [`Number::parse`] of a cell's bytes: the usual cell, digits alone, is read without
    /// checking it as text first; `None` when the bytes are not UTF-8.
    pub fn parse_bytes(cell: &[u8]) -> Option<Number> {
        match Self::digits(cell) {
            Some(n) => Some(n),
            None => Self::parse(std::str::from_utf8(cell).ok()?),
        }
    }

    /// A cell of digits alone (at most 18: they always fit), as the general way in
    /// [`Number::parse`] reads it, sooner.
    #[inline]
    fn digits(bytes: &[u8]) -> Option<Number> {
        if !bytes.is_empty() && bytes.len() <= 18 && bytes.iter().all(u8::is_ascii_digit) {
            let n = bytes.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
            return Some(Number::Whole(n));
        }
        None
    }
}

impl Table {
    /// An empty table with `sums` summed columns.
    pub fn new(sums: usize) -> Table {
        Table {
            cells: BTreeMap::new(),
            sums,
            encoded: FxHashMap::default(),
            short: None,
        }
    }

    /// Appends one dimension value to an encoded key: its length, then its bytes (so no two
    /// keys encode alike).
    pub fn encode_part(key: &mut Vec<u8>, part: &str) {
        Self::encode_bytes(key, part.as_bytes());
    }

    fn encode_bytes(key: &mut Vec<u8>, part: &[u8]) {
        key.extend_from_slice(&(part.len() as u64).to_le_bytes());
        key.extend_from_slice(part);
    }

    /// Counts one record whose dimension values are `words`, each packed by
    /// `parallel::short_word`: the same table as [`Table::add_encoded`] with their text.
    pub fn add_short(&mut self, words: &[u128], values: &[Number]) {
        let dims = words.len();
        let sums = self.sums;
        let short = self
            .short
            .get_or_insert_with(|| Box::new(ShortCells::new(dims, sums)));
        let mut numbers = [0u32; SHORT_DIMS];
        let (mut place, mut inside, mut fits) = (0usize, true, true);
        if dims > SHORT_DIMS || short.dims.len() != dims {
            fits = false;
        } else {
            for ((word, dim), to) in words.iter().zip(&mut short.dims).zip(&mut numbers) {
                let n = dim.number(*word);
                *to = n;
                // A number too large for its bits (more values than they count): by text.
                fits &= n <= short.most;
                inside &= n < dim.grid_limit;
                place |= (n as usize) << dim.grid_shift;
            }
        }
        if !fits {
            let mut encoded = Vec::new();
            for word in words {
                let (bytes, len) = word_bytes(word);
                Self::encode_bytes(&mut encoded, bytes.get(..len).unwrap_or_default());
            }
            return self.add_encoded(&encoded, values);
        }
        let numbers = numbers.get(..dims).unwrap_or_default();
        let place = match (inside, short.gridless) {
            (true, _) => Some(place),
            (false, false) => short.regrid(numbers),
            (false, true) => None,
        };
        let (first, later) = match values.split_first() {
            Some((first, later)) => (Some(*first), later),
            None => (None, values),
        };
        if let Some(p) = place {
            let whole = match first {
                Some(Number::Whole(n)) => i32::try_from(n).ok(),
                _ => None,
            };
            let full = short.grid.get(p).is_some_and(|s| {
                s.count == GRID_COUNT || whole.is_some_and(|n| s.whole.checked_add(n).is_none())
            });
            if full {
                // Its count and sum move to the cell's slot; the grid's starts again.
                let key = short.key(numbers);
                let from = short
                    .grid
                    .get_mut(p)
                    .map(std::mem::take)
                    .unwrap_or_default();
                short.bank(key, from);
            }
            if let Some(slot) = short.grid.get_mut(p) {
                slot.count += 1;
                let spill = match whole {
                    Some(n) => {
                        slot.whole += n;
                        None
                    }
                    None => first,
                };
                if spill.is_some() || !later.is_empty() {
                    let key = short.key(numbers);
                    short.spill(key, spill, later);
                }
                return;
            }
        }
        let key = short.key(numbers);
        let slot = short.cells.entry(key).or_default();
        slot.count += 1;
        let spill = match first {
            Some(Number::Whole(n)) => match slot.whole.checked_add(n) {
                Some(sum) => {
                    slot.whole = sum;
                    None
                }
                None => first,
            },
            first => first,
        };
        if spill.is_some() || !later.is_empty() {
            short.spill(key, spill, later);
        }
    }

    /// Moves the cells counted by number to those counted by encoded key: done by each
    /// worker on its own thread, so that [`Table::merge`] has less left to do on one.
    pub fn fold(&mut self) {
        self.fold_short();
    }

    /// Moves the cells counted by number to those counted by encoded key, sums merged
    /// exactly.
    fn fold_short(&mut self) {
        let Some(mut short) = self.short.take() else {
            return;
        };
        let mask = u64::MAX >> (64 - short.bits);
        let layout = short.layout();
        let mut at = vec![0u32; short.dims.len()];
        for (place, slot) in std::mem::take(&mut short.grid).into_iter().enumerate() {
            if slot.count > 0 {
                ShortCells::grid_numbers(&layout, place, &mut at);
                let key = short.key(&at);
                short.bank(key, slot);
            }
        }
        for (key, slot) in &short.cells {
            let mut encoded = Vec::new();
            for (j, dim) in short.dims.iter().enumerate() {
                let number = (key >> (short.bits * j as u32) & mask) as usize;
                let (bytes, len) = word_bytes(dim.words.get(number).unwrap_or(&0));
                Self::encode_bytes(&mut encoded, bytes.get(..len).unwrap_or_default());
            }
            let mut sums = short
                .rest
                .remove(key)
                .unwrap_or_else(|| vec![Sum::default(); self.sums]);
            if let Some(first) = sums.first_mut() {
                first.add_whole(slot.whole);
            }
            let tally = Tally {
                count: slot.count,
                sums,
            };
            self.merge_tally(encoded, tally);
        }
    }

    /// Adds a tally to the cell of an encoded key.
    fn merge_tally(&mut self, key: Vec<u8>, tally: Tally) {
        match self.encoded.get_mut(&key) {
            Some(into) => {
                into.count += tally.count;
                for (s, o) in into.sums.iter_mut().zip(&tally.sums) {
                    s.merge(o);
                }
            }
            None => {
                self.encoded.insert(key, tally);
            }
        }
    }

    /// Counts one record whose key [`Table::encode_part`] encoded.
    pub fn add_encoded(&mut self, key: &[u8], values: &[Number]) {
        let count = |cell: &mut Tally| {
            cell.count += 1;
            for (s, v) in cell.sums.iter_mut().zip(values) {
                match *v {
                    Number::Whole(n) => s.add_whole(n),
                    Number::Real(r) => s.add(r),
                }
            }
        };
        if let Some(cell) = self.encoded.get_mut(key) {
            count(cell);
            return;
        }
        let mut cell = Tally {
            count: 0,
            sums: vec![Sum::default(); self.sums],
        };
        count(&mut cell);
        self.encoded.insert(key.to_vec(), cell);
    }

    /// Adds the cells another table counted by encoded key (records counted on another
    /// thread): the same table as if this one had counted them, whatever the order, since
    /// sums are exact.
    pub fn merge(&mut self, mut other: Table) {
        if self.cells.is_empty() && self.encoded.is_empty() && self.short.is_none() {
            // Nothing counted here yet (the first worker's table): no cell to add to.
            let sums = self.sums.max(other.sums);
            *self = other;
            self.sums = sums;
            return;
        }
        self.fold_short();
        other.fold_short();
        for (key, tally) in other.encoded {
            self.merge_tally(key, tally);
        }
    }

    /// Moves the cells counted by encoded key to `cells`.
    fn settle(&mut self) {
        self.fold_short();
        for (key, tally) in std::mem::take(&mut self.encoded) {
            let cell = Cell {
                count: tally.count,
                sums: tally.sums.iter().map(Sum::value).collect(),
                ..Cell::default()
            };
            let mut parts = Vec::new();
            let mut rest = key.as_slice();
            while let Some((len, tail)) = rest.split_first_chunk::<8>() {
                let n = usize::try_from(u64::from_le_bytes(*len)).unwrap_or(usize::MAX);
                let (part, after) = tail.split_at(n.min(tail.len()));
                parts.push(String::from_utf8_lossy(part).into_owned());
                rest = after;
            }
            let into = self.cells.entry(parts).or_insert_with(|| Cell {
                sums: vec![0.0; cell.sums.len()],
                ..Cell::default()
            });
            into.count += cell.count;
            for (s, v) in into.sums.iter_mut().zip(&cell.sums) {
                *s += v;
            }
        }
    }

    /// Counts one record.
    pub fn add(&mut self, key: Vec<String>, values: &[f64]) {
        let sums = self.sums;
        let cell = self.cells.entry(key).or_insert_with(|| Cell {
            sums: vec![0.0; sums],
            ..Cell::default()
        });
        cell.count += 1;
        for (s, v) in cell.sums.iter_mut().zip(values) {
            *s += v;
        }
    }

    /// Suppresses cells below `k`, then the cells that protect them. Returns the number of
    /// cells suppressed by each.
    ///
    /// The cells are numbered in key order and each line is found once, as the list of its
    /// cells' numbers: a round then reads flags and counts by number, not keys by string
    /// (on a table of 24,000 cells, building each round's lines from the keys was the
    /// slowest part of an aggregation left on one core).
    pub fn suppress(&mut self, k: u32) -> (usize, usize) {
        self.settle();
        let counts: Vec<u64> = self.cells.values().map(|c| c.count).collect();
        let mut hidden: Vec<bool> = counts.iter().map(|&n| n < u64::from(k)).collect();
        let primary = hidden.iter().filter(|&&h| h).count();
        let mut secondary = vec![false; counts.len()];
        let lines = self.lines();
        loop {
            let mut changed = false;
            for along in &lines {
                // Each line's choice is made on the flags as they were before this
                // dimension's pass.
                let mut picks = Vec::new();
                for members in along {
                    let mut suppressed = 0;
                    for &i in members {
                        suppressed += usize::from(hidden.get(i).copied().unwrap_or(false));
                    }
                    if suppressed != 1 || members.len() < 2 {
                        continue;
                    }
                    // Members are in key order: the first smallest is the first by key.
                    let smallest = members
                        .iter()
                        .filter(|&&i| !hidden.get(i).copied().unwrap_or(true))
                        .min_by_key(|&&i| counts.get(i).copied().unwrap_or(u64::MAX));
                    picks.extend(smallest.copied());
                }
                for i in picks {
                    if let (Some(h), Some(s)) = (hidden.get_mut(i), secondary.get_mut(i))
                        && !*h
                    {
                        *h = true;
                        *s = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for (i, cell) in self.cells.values_mut().enumerate() {
            cell.primary = counts.get(i).is_some_and(|&n| n < u64::from(k));
            cell.secondary = secondary.get(i).copied().unwrap_or(false);
        }
        let secondary = secondary.iter().filter(|&&s| s).count();
        (primary, secondary)
    }

    /// Per dimension, its lines: each the numbers (in key order) of the cells that agree on
    /// every value but that dimension's.
    fn lines(&self) -> Vec<Vec<Vec<usize>>> {
        let dims = self.cells.keys().next().map_or(0, Vec::len);
        (0..dims)
            .map(|d| {
                let mut line_of: HashMap<Vec<&str>, usize> = HashMap::new();
                let mut lines: Vec<Vec<usize>> = Vec::new();
                for (i, key) in self.cells.keys().enumerate() {
                    let rest: Vec<&str> = key
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != d)
                        .map(|(_, v)| v.as_str())
                        .collect();
                    let next = lines.len();
                    let at = *line_of.entry(rest).or_insert(next);
                    if at == next {
                        lines.push(Vec::new());
                    }
                    if let Some(line) = lines.get_mut(at) {
                        line.push(i);
                    }
                }
                lines
            })
            .collect()
    }
}

/// A sum of numbers kept exactly, so that it is the same whatever the order the numbers
/// came in: records are counted on several threads, each into its own table, and the
/// tables merged. Whole numbers (the usual case: people, households) are added as integers;
/// others into a fixed-point accumulator wide enough for every `f64` (allocated for the
/// cells that need it). The value is the exact sum rounded once, to the nearest `f64`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sum {
    whole: i128,
    exact: Option<Box<Wide>>,
}

/// Limbs of the fixed-point accumulator: bit 0 is 2^-1074 (the smallest `f64`), the top
/// finite `f64` reaches bit 2098, and 64 bits above leave room for 2^64 additions.
const LIMBS: usize = 34;

/// A two's complement integer of `LIMBS` words, little-endian: a multiple of 2^-1074.
#[derive(Clone, Debug, PartialEq)]
struct Wide([u64; LIMBS]);

/// Where 2^0 is in the accumulator.
const ONE_AT: u32 = 1074;

impl Wide {
    /// Adds (or subtracts) `m · 2^(at - 1074)`.
    fn add(&mut self, negative: bool, m: u128, at: u32) {
        let limb = (at / 64) as usize;
        let shift = at % 64;
        // m < 2^128 >> 64 at most needs three limbs once shifted.
        let lo = (m << shift) as u64;
        let mid = ((m << shift) >> 64) as u64;
        let hi = if shift == 0 {
            0
        } else {
            (m >> (128 - shift)) as u64
        };
        let parts = [lo, mid, hi];
        if negative {
            let mut borrow = false;
            for (i, w) in self.0.iter_mut().enumerate().skip(limb) {
                let p = parts.get(i - limb).copied().unwrap_or(0);
                let (a, b1) = w.overflowing_sub(p);
                let (a, b2) = a.overflowing_sub(u64::from(borrow));
                *w = a;
                borrow = b1 || b2;
                if !borrow && i >= limb + 2 {
                    break;
                }
            }
        } else {
            let mut carry = false;
            for (i, w) in self.0.iter_mut().enumerate().skip(limb) {
                let p = parts.get(i - limb).copied().unwrap_or(0);
                let (a, c1) = w.overflowing_add(p);
                let (a, c2) = a.overflowing_add(u64::from(carry));
                *w = a;
                carry = c1 || c2;
                if !carry && i >= limb + 2 {
                    break;
                }
            }
        }
    }

    fn add_f64(&mut self, v: f64) {
        if v == 0.0 || !v.is_finite() {
            return;
        }
        let bits = v.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as u32;
        let frac = bits & ((1 << 52) - 1);
        // v = m · 2^(e - 1075) for a normal number, m · 2^-1074 for a subnormal one.
        let (m, at) = if exp == 0 {
            (frac, 0)
        } else {
            (frac | (1 << 52), exp - 1)
        };
        self.add(v < 0.0, u128::from(m), at);
    }

    fn add_wide(&mut self, other: &Wide) {
        let mut carry = false;
        for (w, o) in self.0.iter_mut().zip(other.0.iter()) {
            let (a, c1) = w.overflowing_add(*o);
            let (a, c2) = a.overflowing_add(u64::from(carry));
            *w = a;
            carry = c1 || c2;
        }
    }

    /// The value, rounded to the nearest `f64` (ties to even).
    fn value(&self) -> f64 {
        let negative = self.0.last().is_some_and(|w| w >> 63 == 1);
        let mut mag = self.0;
        if negative {
            // Two's complement negation: invert, add one.
            let mut carry = true;
            for w in mag.iter_mut() {
                let (a, c) = (!*w).overflowing_add(u64::from(carry));
                *w = a;
                carry = c;
            }
        }
        let Some(top) = mag.iter().rposition(|&w| w != 0) else {
            return 0.0;
        };
        let top_limb = mag.get(top).copied().unwrap_or(0);
        let bits = top as u32 * 64 + (64 - top_limb.leading_zeros());
        let bit = |i: u32| -> bool {
            mag.get((i / 64) as usize)
                .is_some_and(|w| (w >> (i % 64)) & 1 == 1)
        };
        let magnitude = if bits <= 53 {
            // Exact: a multiple of 2^-1074 with at most 53 bits.
            ldexp(mag.first().copied().unwrap_or(0) as f64, -(ONE_AT as i32))
        } else {
            let shift = bits - 53;
            let mut q: u64 = 0;
            for i in (shift..bits).rev() {
                q = (q << 1) | u64::from(bit(i));
            }
            let half = bit(shift - 1);
            let sticky = (0..shift - 1).any(&bit);
            if half && (sticky || q & 1 == 1) {
                q += 1;
            }
            ldexp(q as f64, shift as i32 - ONE_AT as i32)
        };
        if negative { -magnitude } else { magnitude }
    }
}

/// `x · 2^e`, exactly when the result is representable (in steps, so that no step
/// underflows or overflows on its own).
fn ldexp(mut x: f64, mut e: i32) -> f64 {
    let p = |n: i32| f64::from_bits(((n + 1023) as u64) << 52);
    while e > 1000 {
        x *= p(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= p(-1000);
        e += 1000;
    }
    x * p(e)
}

impl Sum {
    /// Adds a whole number.
    pub fn add_whole(&mut self, v: i64) {
        self.whole += i128::from(v);
    }

    /// Adds any finite number.
    pub fn add(&mut self, v: f64) {
        self.exact
            .get_or_insert_with(|| Box::new(Wide([0; LIMBS])))
            .add_f64(v);
    }

    /// Adds another sum.
    pub fn merge(&mut self, other: &Sum) {
        self.whole += other.whole;
        if let Some(o) = &other.exact {
            self.exact
                .get_or_insert_with(|| Box::new(Wide([0; LIMBS])))
                .add_wide(o);
        }
    }

    /// The sum, rounded once to the nearest `f64`.
    pub fn value(&self) -> f64 {
        match &self.exact {
            None if self.whole.unsigned_abs() < 1 << 53 => self.whole as f64,
            _ => {
                let mut wide = self.exact.as_deref().cloned().unwrap_or(Wide([0; LIMBS]));
                wide.add(self.whole < 0, self.whole.unsigned_abs(), ONE_AT);
                wide.value()
            }
        }
    }
}

/// A sum as written: whole numbers without a decimal point.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_random::{below, step};
    use super::*;

    /// A record's cell as counting by text keys it, and as counting by number packs it.
    fn key_and_words(parts: &[String]) -> (Vec<u8>, Vec<u128>) {
        let mut key = Vec::new();
        for p in parts {
            Table::encode_part(&mut key, p);
        }
        let words = parts
            .iter()
            .map(|p| super::super::parallel::short_word(p.as_bytes()).unwrap())
            .collect();
        (key, words)
    }

    fn key(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn table(cells: &[(&[&str], u64)]) -> Table {
        let mut t = Table::new(0);
        for (k, n) in cells {
            for _ in 0..*n {
                t.add(key(k), &[]);
            }
        }
        t
    }

    /// Brute force: every line (fix all dimensions but one) has zero or at least two
    /// suppressed cells, or only one cell.
    fn no_line_gives_a_cell_away(t: &Table) -> bool {
        let dims = t.cells.keys().next().map_or(0, Vec::len);
        for d in 0..dims {
            for a in t.cells.keys() {
                let line: Vec<&Cell> = t
                    .cells
                    .iter()
                    .filter(|(b, _)| (0..dims).all(|i| i == d || a[i] == b[i]))
                    .map(|(_, c)| c)
                    .collect();
                let hidden = line.iter().filter(|c| c.suppressed()).count();
                if hidden == 1 && line.len() > 1 {
                    return false;
                }
            }
        }
        true
    }

    #[test]
    fn a_single_small_cell_in_a_row_takes_its_smallest_neighbour_with_it() {
        let mut t = table(&[
            (&["north", "f"], 12),
            (&["north", "m"], 3),
            (&["south", "f"], 20),
            (&["south", "m"], 9),
        ]);
        let (p, s) = t.suppress(5);
        assert_eq!(p, 1);
        // north/m is alone in its row (north) and its column (m): north/f and south/m are
        // suppressed, and then south/f, alone in its row and column.
        assert!(t.cells[&key(&["north", "f"])].secondary);
        assert!(t.cells[&key(&["south", "m"])].secondary);
        assert!(t.cells[&key(&["south", "f"])].secondary);
        assert_eq!(s, 3);
        assert!(no_line_gives_a_cell_away(&t));
    }

    #[test]
    fn one_dimension_suppresses_a_second_cell() {
        let mut t = table(&[(&["a"], 2), (&["b"], 30), (&["c"], 7)]);
        assert_eq!(t.suppress(5), (1, 1));
        assert!(t.cells[&key(&["c"])].secondary);
        assert!(!t.cells[&key(&["b"])].suppressed());
    }

    #[test]
    fn generated_tables_never_leave_a_line_with_one_suppressed_cell() {
        // A small deterministic generator: 3 dimensions, skewed counts.
        let mut seed = 7u64;
        for _ in 0..200 {
            let mut t = Table::new(1);
            for _ in 0..60 {
                let s = step(&mut seed);
                let a = (s >> 33) % 4;
                let b = (s >> 40) % 3;
                let c = (s >> 50) % 2;
                t.add(
                    key(&[&a.to_string(), &b.to_string(), &c.to_string()]),
                    &[1.5],
                );
            }
            t.suppress(4);
            assert!(no_line_gives_a_cell_away(&t));
            assert!(t.cells.values().all(|c| c.count >= 4 || c.primary));
        }
    }

    /// Secondary suppression as it was first written, lines rebuilt from the keys each
    /// round: the flags [`Table::suppress`] must give.
    fn suppress_by_keys(t: &mut Table, k: u32) -> (usize, usize) {
        t.settle();
        let mut primary = 0;
        for cell in t.cells.values_mut() {
            if cell.count < u64::from(k) {
                cell.primary = true;
                primary += 1;
            }
        }
        let dims = t.cells.keys().next().map_or(0, Vec::len);
        let mut secondary = 0;
        loop {
            let mut changed = false;
            for d in 0..dims {
                let mut lines: BTreeMap<Vec<&str>, Vec<&Vec<String>>> = BTreeMap::new();
                for key in t.cells.keys() {
                    let rest: Vec<&str> = key
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != d)
                        .map(|(_, v)| v.as_str())
                        .collect();
                    lines.entry(rest).or_default().push(key);
                }
                let mut to_suppress = std::collections::BTreeSet::new();
                for members in lines.values() {
                    let hidden = members.iter().filter(|k| t.cells[**k].suppressed()).count();
                    if hidden != 1 || members.len() < 2 {
                        continue;
                    }
                    let smallest = members
                        .iter()
                        .map(|k| (&t.cells[*k], *k))
                        .filter(|(c, _)| !c.suppressed())
                        .min_by(|a, b| a.0.count.cmp(&b.0.count).then(a.1.cmp(b.1)));
                    if let Some((_, key)) = smallest {
                        to_suppress.insert(key.clone());
                    }
                }
                for key in to_suppress {
                    let c = t.cells.get_mut(&key).unwrap();
                    if !c.suppressed() {
                        c.secondary = true;
                        secondary += 1;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        (primary, secondary)
    }

    #[test]
    fn suppression_by_cell_numbers_is_suppression_by_keys() {
        let mut seed = 11u64;
        let mut next = |n: u64| below(&mut seed, n);
        let mut secondary = 0;
        for round in 0..300 {
            let dims = 1 + round % 3;
            let mut t = Table::new(0);
            let records = 20 + next(150);
            for _ in 0..records {
                // Skewed values, so that some cells are small and some lines long.
                let k: Vec<String> = (0..dims)
                    .map(|_| (next(6) * next(6) / 5).to_string())
                    .collect();
                t.add(k, &[]);
            }
            let k = 2 + next(6) as u32;
            let mut want = t.clone();
            let counted = t.suppress(k);
            assert_eq!(counted, suppress_by_keys(&mut want, k), "round {round}");
            assert_eq!(t.cells, want.cells, "round {round}");
            secondary += counted.1;
        }
        // The tables did call for secondary suppression.
        assert!(secondary > 100, "{secondary}");
    }

    #[test]
    fn cells_counted_by_encoded_key_are_the_cells_counted_by_key() {
        let mut by_key = Table::new(1);
        let mut encoded = Table::new(1);
        // Values whose concatenations collide ("ab" + "c" and "a" + "bc"), and empty ones.
        let rows: [(&[&str], f64); 5] = [
            (&["ab", "c"], 1.0),
            (&["a", "bc"], 2.0),
            (&["", ""], 3.0),
            (&["ab", "c"], 4.5),
            (&["é", ""], 5.0),
        ];
        let mut buf = Vec::new();
        for (parts, v) in rows {
            by_key.add(key(parts), &[v]);
            buf.clear();
            for p in parts {
                Table::encode_part(&mut buf, p);
            }
            encoded.add_encoded(&buf, &[Number::Real(v)]);
        }
        assert_eq!(by_key.suppress(2), encoded.suppress(2));
        assert_eq!(by_key.cells, encoded.cells);
        assert_eq!(encoded.cells[&key(&["ab", "c"])].count, 2);
        assert_eq!(encoded.cells[&key(&["ab", "c"])].sums, vec![5.5]);
    }

    /// A table counted by packed words, or partly by words and partly by text, or in two
    /// tables merged, is the table counted by text: with one to five dimensions (five are
    /// more than a word of numbers holds), whole numbers whose sum passes what a grid slot
    /// holds (`i32`) and `i64`, numbers that are not whole, and no sum, one or two. (In
    /// the tests a grid slot counts [`GRID_COUNT`], five, records at most.)
    #[test]
    fn cells_counted_by_number_are_the_cells_counted_by_text() {
        let mut seed = 3u64;
        let mut next = |n: u64| below(&mut seed, n);
        let numbers = [
            Number::Whole(2),
            Number::Whole(-7),
            Number::Whole(i64::MAX),
            Number::Whole(i64::MIN),
            Number::Whole(i32::MAX.into()),
            Number::Whole(i32::MIN.into()),
            Number::Whole(1 << 31),
            Number::Real(0.1),
            Number::Real(-1e300),
        ];
        for (dims, sums) in (1..=5).flat_map(|d| (0..=2).map(move |s| (d, s))) {
            let mut by_text = Table::new(sums);
            let mut by_number = Table::new(sums);
            let mut mixed = Table::new(sums);
            let (mut first, mut second) = (Table::new(sums), Table::new(sums));
            for r in 0..600 {
                let parts: Vec<String> = (0..dims)
                    .map(|j| {
                        ["", "a", "é", "County01-Sub2", "County01-Sub3"]
                            [next(2 + j.min(3) as u64) as usize]
                    })
                    .map(str::to_owned)
                    .collect();
                // Mostly whole numbers that fit a grid slot, so that its sum fills up.
                let mut pick = || match next(3) {
                    0 => numbers[next(numbers.len() as u64) as usize],
                    _ => numbers[next(2) as usize * 4],
                };
                let values = [pick(), pick()];
                let values = &values[..sums];
                let (key, words) = key_and_words(&parts);
                by_text.add_encoded(&key, values);
                by_number.add_short(&words, values);
                if r % 3 == 0 {
                    mixed.add_encoded(&key, values);
                } else {
                    mixed.add_short(&words, values);
                }
                if r % 2 == 0 {
                    first.add_short(&words, values);
                } else {
                    second.add_short(&words, values);
                }
            }
            first.merge(second);
            let want = by_text.suppress(3);
            for (name, mut t) in [("numbers", by_number), ("mixed", mixed), ("merged", first)] {
                let case = format!("{dims} dimensions, {sums} sums, {name}");
                assert_eq!(t.suppress(3), want, "{case}");
                assert_eq!(t.cells, by_text.cells, "{case}");
            }
        }
    }

    /// Cells counted in the grid, then in the hash table once the grid would be larger
    /// than [`GRID_BITS`] (two dimensions of about a thousand values each), on one table
    /// and on two merged: the cells counted by text.
    #[test]
    fn cells_moved_out_of_the_grid_are_the_cells_counted_by_text() {
        let mut seed = 5u64;
        let mut next = |n: u64| below(&mut seed, n);
        let mut by_text = Table::new(2);
        let mut by_number = Table::new(2);
        let (mut first, mut second) = (Table::new(2), Table::new(2));
        let mut was_grid = false;
        for r in 0..40_000u64 {
            // Few values at first (the grid grows), a thousand later (it is left).
            let spread = if r < 20_000 { 40 } else { 1000 };
            let parts = [next(spread).to_string(), format!("v{}", next(spread))];
            let (key, words) = key_and_words(&parts);
            let values = [Number::Whole(next(9) as i64), Number::Real(0.25)];
            by_text.add_encoded(&key, &values);
            by_number.add_short(&words, &values);
            if r % 2 == 0 {
                first.add_short(&words, &values);
            } else {
                second.add_short(&words, &values);
            }
            if r == 19_999 {
                let short = by_number.short.as_ref().unwrap();
                was_grid = !short.gridless && short.grid.len() > 1;
            }
        }
        assert!(was_grid);
        assert!(by_number.short.as_ref().unwrap().gridless);
        first.merge(second);
        let want = by_text.suppress(2);
        for (name, mut t) in [("one table", by_number), ("merged", first)] {
            assert_eq!(t.suppress(2), want, "{name}");
            assert_eq!(t.cells, by_text.cells, "{name}");
        }
    }

    /// More values in a dimension than its share of the key's bits can number: the
    /// records past them are counted by text, in the same cells.
    #[test]
    fn dimensions_with_more_values_than_their_bits_number_are_counted_all_the_same() {
        let mut by_text = Table::new(1);
        let mut by_number = Table::new(1);
        for r in 0..70_000u32 {
            let parts = [r.to_string(), (r % 2).to_string(), "x".into(), "".into()];
            let (key, words) = key_and_words(&parts);
            let values = [Number::Whole(i64::from(r % 5))];
            by_text.add_encoded(&key, &values);
            by_number.add_short(&words, &values);
        }
        assert_eq!(by_number.suppress(1), by_text.suppress(1));
        assert_eq!(by_number.cells.len(), 70_000);
        assert_eq!(by_number.cells, by_text.cells);
    }

    #[test]
    fn sums_are_kept_per_cell() {
        let mut t = Table::new(2);
        t.add(key(&["x"]), &[1.0, 2.5]);
        t.add(key(&["x"]), &[3.0, 0.5]);
        assert_eq!(t.cells[&key(&["x"])].sums, vec![4.0, 3.0]);
        assert_eq!(format_number(4.0), "4");
        assert_eq!(format_number(2.5), "2.5");
    }

    fn sum_of(values: &[f64]) -> f64 {
        let mut s = Sum::default();
        for v in values {
            s.add(*v);
        }
        s.value()
    }

    #[test]
    fn two_numbers_sum_as_one_addition_rounds_them() {
        // The exact sum of two doubles rounded once is what one addition gives.
        let mut seed = 11u64;
        let mut next = || step(&mut seed);
        let special = [
            0.1,
            0.2,
            -0.3,
            1e300,
            -1e-300,
            5e-324,
            -5e-324,
            f64::MAX,
            1.5,
            3.0,
        ];
        for _ in 0..20_000 {
            let pick = |r: u64| -> f64 {
                if r.is_multiple_of(4) {
                    special[(r >> 8) as usize % special.len()]
                } else {
                    // Any finite double, sign and exponent included.
                    let v = f64::from_bits(r >> 1 | (r & 1) << 63);
                    if v.is_finite() { v } else { 1.0 }
                }
            };
            let (a, b) = (pick(next()), pick(next()));
            assert_eq!(
                sum_of(&[a, b]).to_bits(),
                (a + b).to_bits(),
                "{a:e} + {b:e}"
            );
        }
    }

    #[test]
    fn sums_do_not_depend_on_the_order_of_the_numbers() {
        let values = [
            0.1,
            1e20,
            0.2,
            -1e20,
            0.3,
            1e-310,
            f64::MAX,
            f64::MAX,
            -f64::MAX,
        ];
        let want = sum_of(&values);
        // The exact sum: f64::MAX + 0.6 (rounded) + 1e-310 is f64::MAX.
        assert_eq!(want, f64::MAX);
        let mut v = values.to_vec();
        for i in 0..v.len() {
            v.rotate_left(1);
            v.swap(0, i);
            assert_eq!(sum_of(&v).to_bits(), want.to_bits());
        }
        assert_eq!(sum_of(&[0.1, 0.2, 0.3]), 0.6);
        assert_eq!(sum_of(&[1e308, 1e308]), f64::INFINITY);
        assert_eq!(sum_of(&[-1e308, -1e308]), f64::NEG_INFINITY);
        assert_eq!(sum_of(&[]), 0.0);
        // Whole numbers beside others, and merged sums.
        let mut a = Sum::default();
        a.add_whole(i64::MAX);
        a.add_whole(i64::MAX);
        a.add(0.5);
        let mut b = Sum::default();
        b.add_whole(-i64::MAX);
        b.add(-0.25);
        a.merge(&b);
        assert_eq!(a.value(), i64::MAX as f64);
        let mut c = Sum::default();
        c.add_whole(-3);
        c.add(0.5);
        assert_eq!(c.value(), -2.5);
    }

    #[test]
    fn numbers_are_read_as_whole_when_they_are() {
        assert_eq!(Number::parse(" 42 "), Some(Number::Whole(42)));
        assert_eq!(Number::parse("-7"), Some(Number::Whole(-7)));
        assert_eq!(Number::parse("+7"), Some(Number::Whole(7)));
        assert_eq!(Number::parse(""), Some(Number::Whole(0)));
        assert_eq!(Number::parse("4.5"), Some(Number::Real(4.5)));
        assert_eq!(Number::parse("1e3"), Some(Number::Real(1000.0)));
        assert_eq!(
            Number::parse("1234567890123456789012"),
            Some(Number::Real(1234567890123456789012.0))
        );
        assert_eq!(Number::parse("-"), None);
        assert_eq!(Number::parse("inf"), None);
        assert_eq!(Number::parse("NaN"), None);
        assert_eq!(Number::parse("12a"), None);
        // From the bytes, the same; bytes that are not UTF-8 are no number.
        for cell in [
            " 42 ",
            "-7",
            "",
            "4.5",
            "1e3",
            "0012",
            "12a",
            "-",
            "1234567890123456789",
        ] {
            assert_eq!(
                Number::parse_bytes(cell.as_bytes()),
                Number::parse(cell),
                "{cell}"
            );
        }
        assert_eq!(Number::parse_bytes(b"4\xff"), None);
    }
}
