//! A vocabulary as a DAG with its reflexive ancestor closure precomputed as bitsets, so that
//! "is `a` within `b`" is one bit test.

use super::kinds::Sort;
use super::names::NameMap;
use fixedbitset::FixedBitSet;
use serde::{Deserialize, Serialize};

/// Index of a term in its [`Taxonomy`].
pub type TermId = u32;

/// What [`Taxonomy::name`] answers for an id the taxonomy does not have.
pub const UNKNOWN_TERM: &str = "<unknown term>";

/// One vocabulary: data categories, data subjects, purposes or party kinds.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(from = "TaxonomyData", into = "TaxonomyData")]
pub struct Taxonomy {
    data: TaxonomyData,
    index: NameMap<TermId>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct TaxonomyData {
    sort: Sort,
    names: Vec<String>,
    parents: Vec<Vec<TermId>>,
    #[serde(with = "super::bits::many")]
    ancestors: Vec<FixedBitSet>,
}

impl From<TaxonomyData> for Taxonomy {
    fn from(data: TaxonomyData) -> Self {
        let index = data
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as TermId))
            .collect();
        Taxonomy { data, index }
    }
}

impl From<Taxonomy> for TaxonomyData {
    fn from(t: Taxonomy) -> Self {
        t.data
    }
}

impl Taxonomy {
    /// Builds a taxonomy from names (sorted, unique) and parents; `order` is a topological
    /// order (parents before children) in which the closure is computed.
    pub fn new(
        sort: Sort,
        names: Vec<String>,
        parents: Vec<Vec<TermId>>,
        order: &[TermId],
    ) -> Self {
        let n = names.len();
        let mut ancestors = vec![FixedBitSet::with_capacity(n); n];
        for &term in order {
            let t = term as usize;
            // The compiler hands in ids of this vocabulary only; one out of range (a parent
            // or a term) adds nothing rather than stopping the build of the closure.
            if t >= n {
                continue;
            }
            let mut set = FixedBitSet::with_capacity(n);
            set.insert(t);
            for &p in parents.get(t).into_iter().flatten() {
                if let Some(above) = ancestors.get(p as usize) {
                    set.union_with(above);
                }
            }
            if let Some(slot) = ancestors.get_mut(t) {
                *slot = set;
            }
        }
        TaxonomyData {
            sort,
            names,
            parents,
            ancestors,
        }
        .into()
    }

    /// Which vocabulary this is.
    pub fn sort(&self) -> Sort {
        self.data.sort
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.data.names.len()
    }

    /// True when no term is declared.
    pub fn is_empty(&self) -> bool {
        self.data.names.is_empty()
    }

    /// The id of `name`.
    pub fn id(&self, name: &str) -> Option<TermId> {
        self.index.get(name).copied()
    }

    /// The name of `id`. Ids come from this policy's own taxonomy; an id out of range (only a
    /// hand-edited compiled policy could hold one) is named [`UNKNOWN_TERM`] rather than
    /// panicking, since a decision must never panic.
    pub fn name(&self, id: TermId) -> &str {
        self.data
            .names
            .get(id as usize)
            .map_or(UNKNOWN_TERM, String::as_str)
    }

    /// All names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.data.names.iter().map(String::as_str)
    }

    /// The names of `ids`.
    pub fn names_of<'a>(&'a self, ids: &'a [TermId]) -> impl Iterator<Item = &'a str> + 'a {
        ids.iter().map(move |&i| self.name(i))
    }

    /// Direct parents of `id` (none for an id out of range).
    pub fn parents(&self, id: TermId) -> &[TermId] {
        self.data
            .parents
            .get(id as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// `id` and all its ancestors (the empty set for an id out of range, which is within
    /// nothing).
    pub fn ancestors(&self, id: TermId) -> &FixedBitSet {
        static NONE: FixedBitSet = FixedBitSet::new();
        self.data.ancestors.get(id as usize).unwrap_or(&NONE)
    }

    /// True when `term` is `ancestor` or lies below it.
    pub fn is_within(&self, term: TermId, ancestor: TermId) -> bool {
        self.ancestors(term).contains(ancestor as usize)
    }

    /// A path of parent steps from `term` up to `ancestor` (both included), if `term` is within
    /// it. Used to show *why* a term counts as within another.
    pub fn path(&self, term: TermId, ancestor: TermId) -> Option<Vec<TermId>> {
        if !self.is_within(term, ancestor) {
            return None;
        }
        let mut path = vec![term];
        let mut at = term;
        while at != ancestor {
            // Some parent is within `ancestor` because the closure says so.
            at = *self
                .parents(at)
                .iter()
                .find(|&&p| self.is_within(p, ancestor))?;
            path.push(at);
        }
        Some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closure_follows_every_parent_of_a_dag() {
        // 0 a, 1 a.b, 2 c, 3 a.b.d (also under c)
        let names = vec!["a".into(), "a.b".into(), "c".into(), "a.b.d".into()];
        let parents = vec![vec![], vec![0], vec![], vec![1, 2]];
        let t = Taxonomy::new(Sort::Category, names, parents, &[0, 2, 1, 3]);
        assert!(t.is_within(3, 0));
        assert!(t.is_within(3, 2));
        assert!(t.is_within(3, 3));
        assert!(!t.is_within(0, 3));
        assert_eq!(t.path(3, 0), Some(vec![3, 1, 0]));
        let json = serde_json::to_string(&t).unwrap_or_default();
        let back: Taxonomy = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back.id("a.b.d"), Some(3));
    }

    #[test]
    fn an_id_out_of_range_is_answered_not_panicked_on() {
        // A compiled policy is read back from JSON; one edited by hand may name a term its
        // taxonomy lacks, and a decision must not panic on it.
        let names = vec!["a".into(), "a.b".into()];
        // A parent out of range is ignored while the closure is built.
        let t = Taxonomy::new(Sort::Category, names, vec![vec![], vec![0, 9]], &[0, 1, 7]);
        assert!(t.is_within(1, 0));
        assert_eq!(t.name(7), UNKNOWN_TERM);
        assert!(t.parents(7).is_empty());
        assert_eq!(t.ancestors(7).count_ones(..), 0);
        assert!(!t.is_within(7, 0));
        assert!(!t.is_within(0, 7));
        assert_eq!(t.path(7, 0), None);
    }
}
