//! The names a flow can state, shared by the versions of a policy being compared.
//!
//! Two versions of a policy number their terms and parties differently as soon as one adds or
//! removes a name (ids are positions in sorted lists). The solver's variables are therefore
//! keyed by *name*: one per name that either version declares, and each version reads them
//! through its own map from the shared numbering to its ids, or to nothing when it does not
//! know the name (a flow stating such a name is rejected by that version).

use crate::model::{CompiledPolicy, PartyId, Sort, TermId};

/// What kind of name a flow states: a term of one of the three vocabularies a flow names
/// directly, or a party. (Party kinds are not stated by flows: each version derives a
/// party's kind from its own declarations.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Named {
    /// A data category, data subject or purpose.
    Term(Sort),
    /// A party.
    Party,
}

impl Named {
    /// The word for it: `data category`, `purpose`, `party`.
    pub fn noun(self) -> &'static str {
        match self {
            Named::Term(s) => s.noun(),
            Named::Party => "party",
        }
    }

    /// The keyword that declares it: `category`, `subject`, `purpose`, `party`.
    pub fn keyword(self) -> &'static str {
        match self {
            Named::Term(s) => s.keyword(),
            Named::Party => "party",
        }
    }

    /// The kinds of names a flow states, in the order changes are reported.
    pub const ALL: [Named; 4] = [
        Named::Term(Sort::Category),
        Named::Term(Sort::Subject),
        Named::Term(Sort::Purpose),
        Named::Party,
    ];
}

/// The union of the names the versions declare, sorted, per kind of name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Space {
    /// Data categories.
    pub categories: Vec<String>,
    /// Data subjects.
    pub subjects: Vec<String>,
    /// Purposes.
    pub purposes: Vec<String>,
    /// Parties.
    pub parties: Vec<String>,
}

impl Space {
    /// The union of the names of `policies`.
    pub fn of(policies: &[&CompiledPolicy]) -> Space {
        let union = |names: &dyn Fn(&CompiledPolicy) -> Vec<String>| {
            let mut all: Vec<String> = policies.iter().flat_map(|p| names(p)).collect();
            all.sort();
            all.dedup();
            all
        };
        let terms = |s: Sort| {
            move |p: &CompiledPolicy| -> Vec<String> {
                p.taxonomy(s).names().map(str::to_owned).collect()
            }
        };
        Space {
            categories: union(&terms(Sort::Category)),
            subjects: union(&terms(Sort::Subject)),
            purposes: union(&terms(Sort::Purpose)),
            parties: union(&|p: &CompiledPolicy| {
                p.parties.iter().map(|x| x.name.clone()).collect()
            }),
        }
    }

    /// The names of one kind.
    pub fn names(&self, n: Named) -> &[String] {
        match n {
            Named::Term(Sort::Category) => &self.categories,
            Named::Term(Sort::Subject) => &self.subjects,
            Named::Term(Sort::Purpose) => &self.purposes,
            // Kinds are never stated by a flow; `Named::ALL` does not list them.
            Named::Term(Sort::Kind) => &[],
            Named::Party => &self.parties,
        }
    }
}

/// One version's reading of the shared names: for each shared index, its own id, if it
/// declares the name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Local {
    /// Per shared category: the version's category id.
    pub categories: Vec<Option<TermId>>,
    /// Per shared subject: the version's subject id.
    pub subjects: Vec<Option<TermId>>,
    /// Per shared purpose: the version's purpose id.
    pub purposes: Vec<Option<TermId>>,
    /// Per shared party: the version's party id.
    pub parties: Vec<Option<PartyId>>,
}

impl Local {
    /// How `policy` reads the names of `space`.
    pub fn new(space: &Space, policy: &CompiledPolicy) -> Local {
        let terms = |names: &[String], s: Sort| -> Vec<Option<TermId>> {
            names.iter().map(|n| policy.taxonomy(s).id(n)).collect()
        };
        Local {
            categories: terms(&space.categories, Sort::Category),
            subjects: terms(&space.subjects, Sort::Subject),
            purposes: terms(&space.purposes, Sort::Purpose),
            parties: space.parties.iter().map(|n| policy.party(n)).collect(),
        }
    }

    /// The map for one kind of name.
    pub fn ids(&self, n: Named) -> &[Option<u32>] {
        match n {
            Named::Term(Sort::Category) => &self.categories,
            Named::Term(Sort::Subject) => &self.subjects,
            Named::Term(Sort::Purpose) => &self.purposes,
            Named::Term(Sort::Kind) => &[],
            Named::Party => &self.parties,
        }
    }

    /// The shared indices the version knows, with its own ids.
    pub fn known(&self, n: Named) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.ids(n)
            .iter()
            .enumerate()
            .filter_map(|(i, id)| id.map(|id| (i, id)))
    }

    /// The shared indices the version does not know.
    pub fn unknown(&self, n: Named) -> impl Iterator<Item = usize> + '_ {
        self.ids(n)
            .iter()
            .enumerate()
            .filter(|(_, id)| id.is_none())
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(decls: &str) -> CompiledPolicy {
        let text = format!("policy \"t\"\nparty kind k\n{decls}");
        crate::Engine::from_sources([("p.policy", text.as_str())])
            .expect("compiles")
            .policy()
            .clone()
    }

    #[test]
    fn names_are_shared_and_each_version_maps_its_own() {
        let old = policy("category a\ncategory b\npurpose p\nparty x kind k jurisdiction \"KE\"\n");
        let new = policy(
            "category a\ncategory aa\ncategory b\npurpose p\nparty y kind k jurisdiction \"KE\"\n",
        );
        let space = Space::of(&[&old, &new]);
        assert_eq!(space.categories, ["a", "aa", "b"]);
        assert_eq!(space.parties, ["x", "y"]);
        let (lo, ln) = (Local::new(&space, &old), Local::new(&space, &new));
        // `b` is the old version's second category and the new one's third.
        assert_eq!(lo.categories, [Some(0), None, Some(1)]);
        assert_eq!(ln.categories, [Some(0), Some(1), Some(2)]);
        assert_eq!(
            lo.unknown(Named::Term(Sort::Category)).collect::<Vec<_>>(),
            [1]
        );
        assert_eq!(ln.unknown(Named::Party).collect::<Vec<_>>(), [0]);
        assert_eq!(lo.known(Named::Party).collect::<Vec<_>>(), [(0, 0)]);
    }
}
