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
use std::collections::{BTreeMap, BTreeSet};

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
    encoded: FxHashMap<Vec<u8>, Cell>,
}

impl Table {
    /// An empty table with `sums` summed columns.
    pub fn new(sums: usize) -> Table {
        Table {
            cells: BTreeMap::new(),
            sums,
            encoded: FxHashMap::default(),
        }
    }

    /// Appends one dimension value to an encoded key: its length, then its bytes (so no two
    /// keys encode alike).
    pub fn encode_part(key: &mut Vec<u8>, part: &str) {
        key.extend_from_slice(&(part.len() as u64).to_le_bytes());
        key.extend_from_slice(part.as_bytes());
    }

    /// Counts one record whose key [`Table::encode_part`] encoded.
    pub fn add_encoded(&mut self, key: &[u8], values: &[f64]) {
        let count = |cell: &mut Cell| {
            cell.count += 1;
            for (s, v) in cell.sums.iter_mut().zip(values) {
                *s += v;
            }
        };
        if let Some(cell) = self.encoded.get_mut(key) {
            count(cell);
            return;
        }
        let mut cell = Cell {
            sums: vec![0.0; self.sums],
            ..Cell::default()
        };
        count(&mut cell);
        self.encoded.insert(key.to_vec(), cell);
    }

    /// Moves the cells counted by encoded key to `cells`.
    fn settle(&mut self) {
        for (key, cell) in std::mem::take(&mut self.encoded) {
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
    pub fn suppress(&mut self, k: u32) -> (usize, usize) {
        self.settle();
        let mut primary = 0;
        for cell in self.cells.values_mut() {
            if cell.count < u64::from(k) {
                cell.primary = true;
                primary += 1;
            }
        }
        let dims = self.cells.keys().next().map_or(0, Vec::len);
        let mut secondary = 0;
        loop {
            let mut changed = false;
            for d in 0..dims {
                // Lines along dimension d: cells keyed by all values but the d-th.
                let mut lines: BTreeMap<Vec<&str>, Vec<&Vec<String>>> = BTreeMap::new();
                for key in self.cells.keys() {
                    let rest: Vec<&str> = key
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != d)
                        .map(|(_, v)| v.as_str())
                        .collect();
                    lines.entry(rest).or_default().push(key);
                }
                let mut to_suppress: BTreeSet<Vec<String>> = BTreeSet::new();
                for members in lines.values() {
                    let hidden = members
                        .iter()
                        .filter(|k| self.cells.get(**k).is_some_and(Cell::suppressed))
                        .count();
                    if hidden != 1 || members.len() < 2 {
                        continue;
                    }
                    let smallest = members
                        .iter()
                        .filter_map(|k| self.cells.get(*k).map(|c| (c, *k)))
                        .filter(|(c, _)| !c.suppressed())
                        .min_by(|a, b| a.0.count.cmp(&b.0.count).then(a.1.cmp(b.1)));
                    if let Some((_, key)) = smallest {
                        to_suppress.insert(key.clone());
                    }
                }
                for key in to_suppress {
                    if let Some(c) = self.cells.get_mut(&key)
                        && !c.suppressed()
                    {
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
    use super::*;

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
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let a = (seed >> 33) % 4;
                let b = (seed >> 40) % 3;
                let c = (seed >> 50) % 2;
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
            encoded.add_encoded(&buf, &[v]);
        }
        assert_eq!(by_key.suppress(2), encoded.suppress(2));
        assert_eq!(by_key.cells, encoded.cells);
        assert_eq!(encoded.cells[&key(&["ab", "c"])].count, 2);
        assert_eq!(encoded.cells[&key(&["ab", "c"])].sums, vec![5.5]);
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
}
