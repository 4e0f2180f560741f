//! A vocabulary as a DAG with its reflexive ancestor closure precomputed as bitsets, so that
//! "is `a` within `b`" is one bit test.

use super::names::NameMap;
use crate::syntax::ast::Sort;
use fixedbitset::FixedBitSet;
use serde::{Deserialize, Serialize};

/// Index of a term in its [`Taxonomy`].
pub type TermId = u32;

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
            let mut set = FixedBitSet::with_capacity(n);
            set.insert(t);
            for &p in &parents[t] {
                set.union_with(&ancestors[p as usize]);
            }
            ancestors[t] = set;
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

    /// The name of `id`.
    pub fn name(&self, id: TermId) -> &str {
        &self.data.names[id as usize]
    }

    /// All names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.data.names.iter().map(String::as_str)
    }

    /// The names of `ids`.
    pub fn names_of<'a>(&'a self, ids: &'a [TermId]) -> impl Iterator<Item = &'a str> + 'a {
        ids.iter().map(move |&i| self.name(i))
    }

    /// Direct parents of `id`.
    pub fn parents(&self, id: TermId) -> &[TermId] {
        &self.data.parents[id as usize]
    }

    /// `id` and all its ancestors.
    pub fn ancestors(&self, id: TermId) -> &FixedBitSet {
        &self.data.ancestors[id as usize]
    }

    /// True when `term` is `ancestor` or lies below it.
    pub fn is_within(&self, term: TermId, ancestor: TermId) -> bool {
        self.data.ancestors[term as usize].contains(ancestor as usize)
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
            at = *self.data.parents[at as usize]
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
}
