//! What a version derives from the stated facts: whether it knows every stated name, the
//! flow's highest sensitivity, and which of its agreements cover the flow. The loose reading
//! keeps the last two as variables of their own (see the module documentation).

use super::{Encoding, Lit, Tri, Var};
use crate::model::{Combination, Comparison, Level};

impl Encoding<'_> {
    /// "Version `v` declares every name the flow states" (always true in the loose reading,
    /// which has one version and its names only).
    pub fn known(&mut self, v: usize) -> Lit {
        if let Some(l) = self.versions[v].known {
            return l;
        }
        let mut unknown = Vec::new();
        for w in Var::ALL {
            let lits = self.lits(w);
            unknown.extend(self.versions[v].local.unknown(w.named()).map(|i| !lits[i]));
        }
        let l = self.and(&unknown);
        self.versions[v].known = Some(l);
        l
    }

    /// Exact reading: "the highest sensitivity of the flow's data is at least L", per level,
    /// under the levels version `v` applies: the classification the flow's response selects,
    /// or the vocabulary's defaults.
    pub(super) fn at_least(&mut self, v: usize) -> [Lit; 4] {
        if let Some(l) = self.versions[v].at_least {
            return l;
        }
        let p = self.versions[v].policy;
        let selected: Vec<Lit> = p
            .classifications
            .iter()
            .map(|c| self.response(&c.response))
            .collect();
        let defaults = {
            let none: Vec<Lit> = selected.iter().map(|&l| !l).collect();
            self.and(&none)
        };
        type Table<'a> = (Lit, &'a [Option<Level>], &'a [Combination]);
        let tables: Vec<Table<'_>> = std::iter::once((defaults, &p.sensitivity[..], &[][..]))
            .chain(
                selected
                    .iter()
                    .copied()
                    .zip(p.classifications.iter())
                    .map(|(select, c)| (select, &c.levels[..], &c.combinations[..])),
            )
            .collect();
        let mut out = [self.truth; 4];
        for (k, level) in Level::ALL.into_iter().enumerate() {
            let mut parts = Vec::new();
            for &(select, levels, combinations) in &tables {
                let mut high = self.select(v, Var::Data, |c| {
                    levels[c as usize].is_some_and(|l| l >= level)
                });
                // A combination entry at this level or above: every one of its categories
                // is included by some stated category.
                for combo in combinations.iter().filter(|c| c.level >= level) {
                    let mut all = Vec::new();
                    for &category in &combo.categories {
                        let within =
                            self.select(v, Var::Data, |c| p.categories.is_within(c, category));
                        all.push(self.or(&within));
                    }
                    high.push(self.and(&all));
                }
                if high.is_empty() {
                    continue;
                }
                let any = self.or(&high);
                parts.push(self.and(&[select, any]));
            }
            out[k] = self.or(&parts);
        }
        self.versions[v].at_least = Some(out);
        out
    }

    /// `data sensitivity CMP LEVEL` under version `v`. Exact: unknown when no stated category
    /// has a level, as in the evaluator.
    pub(super) fn sensitivity(&mut self, v: usize, cmp: Comparison, level: Level) -> Tri {
        let meets = |l: Level| match cmp {
            Comparison::AtLeast => l >= level,
            Comparison::AtMost => l <= level,
            Comparison::Above => l > level,
            Comparison::Below => l < level,
            Comparison::Is => l == level,
        };
        let is: Vec<Lit> = if self.exact {
            let at_least = self.at_least(v);
            (0..4)
                .map(|k| match at_least.get(k + 1) {
                    Some(&above) => self.and(&[at_least[k], !above]),
                    None => at_least[k],
                })
                .collect()
        } else {
            self.level.clone()
        };
        let (yes, no): (Vec<_>, Vec<_>) =
            Level::ALL.into_iter().zip(is).partition(|&(l, _)| meets(l));
        let holds = self.or(&yes.into_iter().map(|(_, l)| l).collect::<Vec<_>>());
        if !self.exact {
            return Tri::two(holds);
        }
        let fails = self.or(&no.into_iter().map(|(_, l)| l).collect::<Vec<_>>());
        Tri { holds, fails }
    }

    /// Exact reading: per agreement of version `v` (in id order, as the evaluator tries
    /// them), "it covers the flow": it binds sender and recipient (in its direction), is
    /// valid on the flow's date, covers its purpose, every data category and, if it names
    /// subjects, every subject.
    pub(super) fn covering(&mut self, v: usize) -> Vec<Lit> {
        if let Some(l) = &self.versions[v].covering {
            return l.clone();
        }
        let p = self.versions[v].policy;
        let mut out = Vec::new();
        for a in &p.agreements {
            let (senders, recipients) = self.bound(v, a);
            let periods: Vec<Lit> = (0..self.calendar.len())
                .filter(|&k| self.calendar.valid(a, k))
                .map(|k| self.days[k])
                .collect();
            let purposes = self.select(v, Var::Purpose, |x| {
                a.purposes.iter().any(|&ap| p.purposes.is_within(x, ap))
            });
            let mut terms = vec![senders, recipients, self.or(&periods), self.or(&purposes)];
            let outside_data = self.select(v, Var::Data, |c| {
                !a.data.iter().any(|&d| p.categories.is_within(c, d))
            });
            terms.extend(outside_data.into_iter().map(|l| !l));
            if let Some(subjects) = &a.subjects {
                let outside = self.select(v, Var::Subject, |s| {
                    !subjects.iter().any(|&x| p.subjects.is_within(s, x))
                });
                terms.extend(outside.into_iter().map(|l| !l));
            }
            out.push(self.and(&terms));
        }
        self.versions[v].covering = Some(out.clone());
        out
    }

    /// `agreement covers flow` under version `v`.
    pub(super) fn agreement_covers(&mut self, v: usize) -> Tri {
        if !self.exact {
            return Tri::two(self.free(super::FreeFact::AgreementCovers));
        }
        let covering = self.covering(v);
        Tri::two(self.or(&covering))
    }

    /// `agreement allows onward transfer` under version `v`: the evaluator reads the terms of
    /// the first covering agreement (by id).
    pub(super) fn agreement_allows_onward(&mut self, v: usize) -> Tri {
        if !self.exact {
            return Tri::two(self.free(super::FreeFact::AgreementAllowsOnward));
        }
        if let Some(l) = self.versions[v].onward {
            return Tri::two(l);
        }
        let covering = self.covering(v);
        let policy = self.versions[v].policy;
        let mut firsts = Vec::new();
        for (i, a) in policy.agreements.iter().enumerate() {
            if !a.onward_transfer {
                continue;
            }
            let mut first: Vec<Lit> = covering[..i].iter().map(|&l| !l).collect();
            first.push(covering[i]);
            firsts.push(self.and(&first));
        }
        let l = self.or(&firsts);
        self.versions[v].onward = Some(l);
        Tri::two(l)
    }
}

impl Encoding<'_> {
    /// "The sender may send under `a`" and "the recipient may receive under `a`" under
    /// version `v` (in its direction, for a directed agreement).
    fn bound(&mut self, v: usize, a: &crate::model::Agreement) -> (Lit, Lit) {
        let (first, second) = (a.parties.first().copied(), a.parties.get(1).copied());
        let end = |this: &mut Self, w: Var, end: Option<u32>| {
            let lits = this.select(v, w, |i| {
                if a.directed {
                    Some(i) == end
                } else {
                    a.parties.contains(&i)
                }
            });
            this.or(&lits)
        };
        let sender = end(self, Var::Sender, first);
        let recipient = end(self, Var::Recipient, second);
        // As `Agreement::binds`: never a party to itself.
        let apart = self.distinct_parties();
        (sender, self.and(&[recipient, apart]))
    }

    /// Exact reading: "agreement `i` of version `v` binds the flow's sender and recipient",
    /// what a hop naming it (`agreement` on a hop of a chain) must satisfy.
    pub fn binds(&mut self, v: usize, i: usize) -> Lit {
        let a = &self.versions[v].policy.agreements[i];
        let (s, r) = self.bound(v, a);
        self.and(&[s, r])
    }

    /// Exact reading: "agreement `i` is the first of version `v` (by id) to cover the flow",
    /// the one whose terms the evaluator reads for it.
    pub fn first_covering(&mut self, v: usize, i: usize) -> Lit {
        let covering = self.covering(v);
        let mut first: Vec<Lit> = covering[..i].iter().map(|&l| !l).collect();
        first.push(covering[i]);
        self.and(&first)
    }

    /// Exact reading: "the agreement covering the flow under version `v` forbids onward
    /// transfer": as the first hop of a chain, it forbids the next hop (the built-in check
    /// "Onward transfer forbidden by an upstream agreement").
    pub fn upstream_forbids(&mut self, v: usize) -> Lit {
        let covers = self.agreement_covers(v).holds;
        let onward = self.agreement_allows_onward(v).holds;
        self.and(&[covers, !onward])
    }
}
