//! Conditions and their atoms, as one version reads the shared variables.

use super::{Encoding, Tri, Var};
use crate::eval::compatible;
use crate::model::{Atom, Basis, Cond, Party, Role};

impl Encoding<'_> {
    /// The condition `cond` of version `v`, in Kleene logic.
    pub(super) fn cond(&mut self, v: usize, cond: &Cond) -> Tri {
        match cond {
            Cond::Atom(a) => self.atom(v, a),
            Cond::Not(inner) => self.cond(v, inner).negate(),
            Cond::And(parts) | Cond::Or(parts) => {
                let parts: Vec<Tri> = parts.iter().map(|p| self.cond(v, p)).collect();
                let holds: Vec<_> = parts.iter().map(|t| t.holds).collect();
                let fails: Vec<_> = parts.iter().map(|t| t.fails).collect();
                let all_two = parts.iter().all(|t| t.is_two());
                match cond {
                    // Two-valued parts keep one variable per junction, as they always had.
                    Cond::And(_) if all_two => Tri::two(self.and(&holds)),
                    Cond::Or(_) if all_two => Tri::two(self.or(&holds)),
                    Cond::And(_) => Tri {
                        holds: self.and(&holds),
                        fails: self.or(&fails),
                    },
                    _ => Tri {
                        holds: self.or(&holds),
                        fails: self.and(&fails),
                    },
                }
            }
        }
    }

    fn any(&mut self, v: usize, w: Var, pick: impl Fn(u32) -> bool) -> Tri {
        let lits = self.select(v, w, pick);
        Tri::two(self.or(&lits))
    }

    /// "No variable of group `w` outside what `inside` accepts is set."
    fn none_outside(&mut self, v: usize, w: Var, inside: impl Fn(u32) -> bool) -> Tri {
        let outside: Vec<_> = self
            .select(v, w, |id| !inside(id))
            .into_iter()
            .map(|l| !l)
            .collect();
        Tri::two(self.and(&outside))
    }

    /// A loose fact that may also be unknown: two free variables, never both set. Facts about
    /// the same record with other periods are kept consistent with it, as one date makes
    /// them: records older than 10 years are older than 5; an approval within 30 days is one
    /// within 90; and a records' date is stated for all of its periods or for none.
    fn free_tri(
        &mut self,
        atom: String,
        about: super::free::LooseAbout,
        period: crate::model::Period,
    ) -> Tri {
        let fact = |holds: bool| super::FreeFact::Loose {
            atom: atom.clone(),
            holds,
            about: about.clone(),
            period,
        };
        let new = !self.free.contains_key(&fact(true));
        let holds = self.free(fact(true));
        let fails = self.free(fact(false));
        let this = Tri { holds, fails };
        if new {
            self.clause(vec![!holds, !fails]);
            // The other periods of the same record: each period's two halves.
            let mut others: Vec<(crate::model::Period, Tri)> = Vec::new();
            for (f, &l) in &self.free {
                if let super::FreeFact::Loose {
                    about: a,
                    period: q,
                    holds: h,
                    ..
                } = f
                    && *a == about
                    && *q != period
                {
                    match others.iter_mut().find(|(p, _)| p == q) {
                        Some((_, t)) if *h => t.holds = l,
                        Some((_, t)) => t.fails = l,
                        None => others.push((*q, Tri { holds: l, fails: l })),
                    }
                }
            }
            for (q, other) in others {
                self.order(&about, (period, this), (q, other));
            }
        }
        this
    }

    /// Clauses that keep two facts about one record, with periods `a` and `b`, consistent.
    fn order(
        &mut self,
        about: &super::free::LooseAbout,
        a: (crate::model::Period, Tri),
        b: (crate::model::Period, Tri),
    ) {
        use super::free::approximate_days;
        let (da, db) = (approximate_days(a.0), approximate_days(b.0));
        if (da - db).abs() < 3.0 {
            return;
        }
        let (short, long) = if da < db { (a.1, b.1) } else { (b.1, a.1) };
        if about.holds_when_older() {
            // Older than the long period is older than the short one; not older than the
            // short one is not older than the long one.
            self.clause(vec![!long.holds, short.holds]);
            self.clause(vec![!short.fails, long.fails]);
            // One date: known for every period, or for none.
            self.clause(vec![!long.fails, short.holds, short.fails]);
            self.clause(vec![!short.holds, long.holds, long.fails]);
        } else {
            // Within the short period is within the long one; not within the long one is not
            // within the short one.
            self.clause(vec![!short.holds, long.holds]);
            self.clause(vec![!long.fails, short.fails]);
        }
    }

    fn role(role: Role) -> Var {
        match role {
            Role::Sender => Var::Sender,
            Role::Recipient => Var::Recipient,
        }
    }

    pub(super) fn atom(&mut self, v: usize, atom: &Atom) -> Tri {
        let p = self.versions[v].policy;
        match atom {
            Atom::DataIncludes(c) => self.any(v, Var::Data, |x| p.categories.is_within(x, *c)),
            Atom::DataWithin(list) => self.none_outside(v, Var::Data, |x| {
                list.iter().any(|&l| p.categories.is_within(x, l))
            }),
            Atom::SubjectsInclude(s) => self.any(v, Var::Subject, |x| p.subjects.is_within(x, *s)),
            Atom::SubjectsWithin(list) => self.none_outside(v, Var::Subject, |x| {
                list.iter().any(|&l| p.subjects.is_within(x, l))
            }),
            Atom::DataSensitivity(cmp, level) => self.sensitivity(v, *cmp, *level),
            Atom::PurposeIs(x) => self.any(v, Var::Purpose, |y| y == *x),
            Atom::PurposeWithin(list) => self.any(v, Var::Purpose, |x| {
                list.iter().any(|&l| p.purposes.is_within(x, l))
            }),
            Atom::CollectedWithin(list) => self.any(v, Var::Collected, |x| {
                list.iter().any(|&l| p.purposes.is_within(x, l))
            }),
            Atom::PurposeCompatible => {
                let purposes: Vec<_> = self.versions[v].local.known(Var::Purpose.named()).collect();
                let mut pairs = Vec::new();
                for (i, x) in purposes {
                    let ok = self.select(v, Var::Collected, |c| compatible(p, x, c));
                    if ok.is_empty() {
                        continue;
                    }
                    let any = self.or(&ok);
                    let both = self.and(&[self.purpose[i], any]);
                    pairs.push(both);
                }
                Tri::two(self.or(&pairs))
            }
            Atom::PartyKind(role, k) => self.any(v, Self::role(*role), |i| {
                p.kinds.is_within(p.parties[i as usize].kind, *k)
            }),
            Atom::PartyIs(role, id) => self.any(v, Self::role(*role), |i| i == *id),
            Atom::Jurisdiction(role, codes) => self.any(v, Self::role(*role), |i| {
                codes.contains(&p.parties[i as usize].jurisdiction)
            }),
            Atom::HasFlag(role, flag) => self.any(v, Self::role(*role), |i| {
                p.parties[i as usize].flags.contains(flag)
            }),
            Atom::SameOrganisation => Tri::two(self.same(v, same_organisation)),
            Atom::CrossBorder => Tri::two(!self.same(v, same_jurisdiction)),
            Atom::InternationalTransfer => {
                let same_place = self.same(v, same_jurisdiction);
                let same_org = self.same(v, same_organisation);
                Tri::two(self.and(&[!same_place, !same_org]))
            }
            Atom::BasisIs(bases) => {
                let lits: Vec<_> = Basis::ALL
                    .iter()
                    .zip(self.basis.clone())
                    .filter(|(b, _)| bases.contains(b))
                    .map(|(_, l)| l)
                    .collect();
                Tri::two(self.or(&lits))
            }
            Atom::ResponseIs(r) => Tri::two(self.response(r)),
            Atom::ConsentCovers => Tri::two(self.free(super::FreeFact::ConsentCovers)),
            Atom::AgreementCovers => self.agreement_covers(v),
            Atom::AgreementAllowsOnward => self.agreement_allows_onward(v),
            Atom::ApprovedBy(role) => Tri::two(self.approved(role)),
            // Dates of approvals and records are records outside the policy: loose, and
            // three-valued, since a flow may leave the date out (unknown).
            Atom::ApprovedWithin(role, period) => {
                let about = super::free::LooseAbout::Approval(role.clone());
                let recent = self.free_tri(p.atom_text(atom), about, *period);
                // A recent approval is an approval: it never holds without `approved by`.
                let any = self.approved(role);
                self.clause(vec![!recent.holds, any]);
                // Nor is it unknown without one: with no approval by the role at all, the
                // evaluator knows there is no recent one.
                self.clause(vec![recent.holds, recent.fails, any]);
                recent
            }
            Atom::RecordsOlder(event, period) => {
                let about = super::free::LooseAbout::Records(*event);
                self.free_tri(p.atom_text(atom), about, *period)
            }
            Atom::OnwardTransfer => Tri::two(self.free(super::FreeFact::OnwardTransfer)),
            Atom::Const(true) => Tri::two(self.truth),
            Atom::Const(false) => Tri::two(!self.truth),
        }
    }

    /// "Sender and recipient are related so" under version `v`: the disjunction over the
    /// pairs of parties it declares.
    fn same(&mut self, v: usize, related: fn(&Party, &Party) -> bool) -> super::Lit {
        let parties = &self.versions[v].policy.parties;
        let senders: Vec<_> = self.versions[v].local.known(Var::Sender.named()).collect();
        let mut pairs = Vec::new();
        for (i, a) in senders {
            let a = &parties[a as usize];
            let partners = self.select(v, Var::Recipient, |b| related(a, &parties[b as usize]));
            if partners.is_empty() {
                continue;
            }
            let any = self.or(&partners);
            let both = self.and(&[self.sender[i], any]);
            pairs.push(both);
        }
        self.or(&pairs)
    }
}

fn same_organisation(a: &Party, b: &Party) -> bool {
    a.organisation.is_some() && a.organisation == b.organisation
}

fn same_jurisdiction(a: &Party, b: &Party) -> bool {
    a.jurisdiction == b.jurisdiction
}
