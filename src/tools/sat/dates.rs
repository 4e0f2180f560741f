//! The flow's date, as far as agreements can tell dates apart.
//!
//! An agreement covers a hop on the days from its first to its last day of validity. Between
//! two consecutive boundaries (a first day, or the day after a last day, of any agreement of
//! any version compared) every agreement is either valid on every day or on none, so one
//! variable per such period says everything the policies can say about the date.

use crate::model::{Agreement, Day};

/// The periods between the agreements' boundary days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    /// The first day of each period after the first, increasing: period 0 is every day
    /// before `starts[0]`, period `k` starts on `starts[k - 1]` and lasts until the next one.
    starts: Vec<Day>,
}

impl Calendar {
    /// The periods the agreements' validity dates divide time into.
    pub fn new<'a>(agreements: impl IntoIterator<Item = &'a Agreement>) -> Calendar {
        let mut starts = Vec::new();
        for a in agreements {
            starts.push(a.valid_from);
            // An agreement valid until the last representable day has no day after it.
            if let Some(next) = a.valid_to.0.next_day() {
                starts.push(Day(next));
            }
        }
        starts.sort();
        starts.dedup();
        Calendar { starts }
    }

    /// Number of periods (at least one: all of time).
    pub fn len(&self) -> usize {
        self.starts.len() + 1
    }

    /// Always false: there is at least one period.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The period `day` falls in.
    pub fn period(&self, day: Day) -> usize {
        self.starts.partition_point(|&s| s <= day)
    }

    /// A day of period `k`: its first day, or for the open period before every boundary, the
    /// day before the first boundary.
    pub fn day(&self, k: usize) -> Option<Day> {
        match k {
            0 => match self.starts.first() {
                Some(first) => first.0.previous_day().map(Day),
                None => None,
            },
            _ => self.starts.get(k - 1).copied(),
        }
    }

    /// Whether `a` is valid on the days of period `k`.
    pub fn valid(&self, a: &Agreement, k: usize) -> bool {
        self.day(k)
            .is_some_and(|d| a.valid_from <= d && d <= a.valid_to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(from: &str, to: &str) -> Agreement {
        let day = |t: &str| Day::parse(t).expect("a date");
        Agreement {
            id: "A".into(),
            parties: vec![0, 1],
            directed: false,
            purposes: vec![],
            data: vec![],
            subjects: None,
            valid_from: day(from),
            valid_to: day(to),
            onward_transfer: false,
            document: None,
            suspensions: Vec::new(),
        }
    }

    #[test]
    fn boundaries_of_both_versions_divide_time() {
        // The same agreement, ending a year earlier in the new version.
        let old = agreement("2025-01-01", "2026-12-31");
        let new = agreement("2025-01-01", "2025-12-31");
        let c = Calendar::new([&old, &new]);
        assert_eq!(c.len(), 4);
        let day = |t: &str| Day::parse(t).expect("a date");
        assert_eq!(c.period(day("2024-06-01")), 0);
        assert_eq!(c.period(day("2025-01-01")), 1);
        assert_eq!(c.period(day("2025-12-31")), 1);
        assert_eq!(c.period(day("2026-01-01")), 2);
        assert_eq!(c.period(day("2027-01-01")), 3);
        assert_eq!(c.day(0), Some(day("2024-12-31")));
        assert_eq!(c.day(2), Some(day("2026-01-01")));
        // Valid in both in period 1; only the old one in period 2; neither outside.
        let valid = |a: &Agreement| (0..c.len()).map(|k| c.valid(a, k)).collect::<Vec<_>>();
        assert_eq!(valid(&old), [false, true, true, false]);
        assert_eq!(valid(&new), [false, true, false, false]);
    }

    #[test]
    fn without_agreements_time_is_one_period() {
        let c = Calendar::new([]);
        assert_eq!(c.len(), 1);
        assert_eq!(c.day(0), None);
        assert_eq!(c.period(Day::parse("2026-01-01").expect("a date")), 0);
    }
}
