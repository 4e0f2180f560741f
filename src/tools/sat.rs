//! Rule conditions as boolean formulas, decided with a SAT solver (batsat, a MiniSat port).
//!
//! One variable per fact a condition can test, over the policy's finite vocabularies:
//!
//! - the flow's data: "data contains category C", one per declared category (at least one);
//!   its subjects: "subjects contain S", one per declared subject;
//! - "purpose = P" and "collected_for = P", exactly one each, over the declared purposes;
//! - "sender = X" and "recipient = X", exactly one each, over the declared parties, so that a
//!   party's kind (and the kind hierarchy), jurisdiction, flags and organisation are exact;
//! - "basis = B", exactly one over the six legal bases; "response = R", at most one over the
//!   responses the policy names; "highest sensitivity = L", exactly one over the four levels;
//! - free variables for what depends on records outside the policy's vocabularies: consent
//!   covers the flow, an agreement covers it (implied by "allows onward transfer"), an
//!   approval by a role, onward transfer.
//!
//! "within" follows the vocabularies' ancestor closures. A fact a flow does not state is
//! modelled as stated (every flow is complete): a condition that is false for every complete
//! flow never holds in three-valued logic either, so a finding "never applies" is exact. The
//! free variables only add flows, so every unsatisfiable query (the basis of every finding) is
//! unsatisfiable for real flows too: no false findings.

use crate::eval::compatible;
use crate::model::{Atom, Basis, CompiledPolicy, Cond, Level, TermId};
use batsat::{BasicSolver, Lit, SolverInterface, lbool};
use std::collections::BTreeMap;

/// The policy's facts as variables in one solver, and each rule's "applies" literal.
pub struct Encoding<'p> {
    policy: &'p CompiledPolicy,
    solver: BasicSolver,
    data: Vec<Lit>,
    subjects: Vec<Lit>,
    purpose: Vec<Lit>,
    collected: Vec<Lit>,
    sender: Vec<Lit>,
    recipient: Vec<Lit>,
    basis: Vec<Lit>,
    level: Vec<Lit>,
    responses: BTreeMap<String, Lit>,
    free: BTreeMap<String, Lit>,
    truth: Lit,
    /// Per rule: `when` holds.
    pub when: Vec<Lit>,
    /// Per rule: `unless` holds (false when there is none).
    pub unless: Vec<Lit>,
    /// Per rule: it applies (`when` and not `unless`).
    pub applies: Vec<Lit>,
}

impl<'p> Encoding<'p> {
    /// Encodes every rule of `policy`.
    pub fn new(policy: &'p CompiledPolicy) -> Self {
        let mut solver = BasicSolver::default();
        let mut fresh = |n: usize| -> Vec<Lit> {
            (0..n)
                .map(|_| Lit::new(solver.new_var_default(), true))
                .collect()
        };
        let data = fresh(policy.categories.len());
        let subjects = fresh(policy.subjects.len());
        let purpose = fresh(policy.purposes.len());
        let collected = fresh(policy.purposes.len());
        let sender = fresh(policy.parties.len());
        let recipient = fresh(policy.parties.len());
        let basis = fresh(Basis::ALL.len());
        let level = fresh(Level::ALL.len());
        let truth = fresh(1)[0];
        let mut e = Encoding {
            policy,
            solver,
            data,
            subjects,
            purpose,
            collected,
            sender,
            recipient,
            basis,
            level,
            responses: BTreeMap::new(),
            free: BTreeMap::new(),
            truth,
            when: Vec::new(),
            unless: Vec::new(),
            applies: Vec::new(),
        };
        e.clause(vec![truth]);
        let at_least = e.data.clone();
        e.clause(at_least);
        for group in [
            e.purpose.clone(),
            e.collected.clone(),
            e.sender.clone(),
            e.recipient.clone(),
            e.basis.clone(),
            e.level.clone(),
        ] {
            e.exactly_one(&group);
        }
        for rule in &policy.rules {
            let w = e.cond(&rule.when);
            let u = match &rule.unless {
                Some(u) => e.cond(u),
                None => !e.truth,
            };
            let a = e.and(&[w, !u]);
            e.when.push(w);
            e.unless.push(u);
            e.applies.push(a);
        }
        let responses: Vec<Lit> = e.responses.values().copied().collect();
        e.at_most_one(&responses);
        if let (Some(&onward), Some(&covers)) = (
            e.free.get("agreement allows onward transfer"),
            e.free.get("agreement covers flow"),
        ) {
            e.clause(vec![!onward, covers]);
        }
        e
    }

    fn clause(&mut self, mut lits: Vec<Lit>) {
        self.solver.add_clause_reuse(&mut lits);
    }

    fn var(&mut self) -> Lit {
        Lit::new(self.solver.new_var_default(), true)
    }

    fn at_most_one(&mut self, lits: &[Lit]) {
        for (i, &a) in lits.iter().enumerate() {
            for &b in &lits[i + 1..] {
                self.clause(vec![!a, !b]);
            }
        }
    }

    fn exactly_one(&mut self, lits: &[Lit]) {
        self.clause(lits.to_vec());
        self.at_most_one(lits);
    }

    /// A literal equivalent to the conjunction of `parts`.
    fn and(&mut self, parts: &[Lit]) -> Lit {
        match parts {
            [] => self.truth,
            [one] => *one,
            _ => {
                let x = self.var();
                for &p in parts {
                    self.clause(vec![!x, p]);
                }
                let mut back: Vec<Lit> = parts.iter().map(|&p| !p).collect();
                back.push(x);
                self.clause(back);
                x
            }
        }
    }

    /// A literal equivalent to the disjunction of `parts`.
    fn or(&mut self, parts: &[Lit]) -> Lit {
        let negated: Vec<Lit> = parts.iter().map(|&p| !p).collect();
        !self.and(&negated)
    }

    fn free(&mut self, name: String) -> Lit {
        if let Some(&l) = self.free.get(&name) {
            return l;
        }
        let l = self.var();
        self.free.insert(name, l);
        l
    }

    fn cond(&mut self, cond: &Cond) -> Lit {
        match cond {
            Cond::Atom(a) => self.atom(a),
            Cond::Not(inner) => !self.cond(inner),
            Cond::And(parts) => {
                let lits: Vec<Lit> = parts.iter().map(|p| self.cond(p)).collect();
                self.and(&lits)
            }
            Cond::Or(parts) => {
                let lits: Vec<Lit> = parts.iter().map(|p| self.cond(p)).collect();
                self.or(&lits)
            }
        }
    }

    fn within(&self, which: &[Lit], sort: crate::model::Sort, of: &[TermId]) -> Vec<Lit> {
        let t = self.policy.taxonomy(sort);
        (0..t.len() as TermId)
            .filter(|&c| of.iter().any(|&l| t.is_within(c, l)))
            .map(|c| which[c as usize])
            .collect()
    }

    fn parties(&self, role: crate::model::Role, pick: impl Fn(usize) -> bool) -> Vec<Lit> {
        let lits = match role {
            crate::model::Role::Sender => &self.sender,
            crate::model::Role::Recipient => &self.recipient,
        };
        (0..self.policy.parties.len())
            .filter(|&i| pick(i))
            .map(|i| lits[i])
            .collect()
    }

    fn atom(&mut self, atom: &Atom) -> Lit {
        use crate::model::Sort;
        let p = self.policy;
        match atom {
            Atom::DataIncludes(c) => {
                let l = self.within(&self.data.clone(), Sort::Category, &[*c]);
                self.or(&l)
            }
            Atom::DataWithin(list) => {
                let t = &p.categories;
                let outside: Vec<Lit> = (0..t.len() as TermId)
                    .filter(|&c| !list.iter().any(|&l| t.is_within(c, l)))
                    .map(|c| !self.data[c as usize])
                    .collect();
                self.and(&outside)
            }
            Atom::SubjectsInclude(s) => {
                let l = self.within(&self.subjects.clone(), Sort::Subject, &[*s]);
                self.or(&l)
            }
            Atom::SubjectsWithin(list) => {
                let t = &p.subjects;
                let outside: Vec<Lit> = (0..t.len() as TermId)
                    .filter(|&c| !list.iter().any(|&l| t.is_within(c, l)))
                    .map(|c| !self.subjects[c as usize])
                    .collect();
                self.and(&outside)
            }
            Atom::DataSensitivity(cmp, level) => {
                use crate::model::Comparison::*;
                let lits: Vec<Lit> = Level::ALL
                    .iter()
                    .zip(self.level.clone())
                    .filter(|(l, _)| match cmp {
                        AtLeast => **l >= *level,
                        AtMost => **l <= *level,
                        Above => **l > *level,
                        Below => **l < *level,
                        Is => **l == *level,
                    })
                    .map(|(_, lit)| lit)
                    .collect();
                self.or(&lits)
            }
            Atom::PurposeIs(x) => self.purpose[*x as usize],
            Atom::PurposeWithin(list) => {
                let l = self.within(&self.purpose.clone(), Sort::Purpose, list);
                self.or(&l)
            }
            Atom::CollectedWithin(list) => {
                let l = self.within(&self.collected.clone(), Sort::Purpose, list);
                self.or(&l)
            }
            Atom::PurposeCompatible => {
                let n = p.purposes.len() as TermId;
                let mut pairs = Vec::new();
                for x in 0..n {
                    let ok: Vec<Lit> = (0..n)
                        .filter(|&c| compatible(p, x, c))
                        .map(|c| self.collected[c as usize])
                        .collect();
                    if ok.is_empty() {
                        continue;
                    }
                    let any = self.or(&ok);
                    let both = self.and(&[self.purpose[x as usize], any]);
                    pairs.push(both);
                }
                self.or(&pairs)
            }
            Atom::PartyKind(role, k) => {
                let l = self.parties(*role, |i| p.kinds.is_within(p.parties[i].kind, *k));
                self.or(&l)
            }
            Atom::PartyIs(role, id) => {
                let l = self.parties(*role, |i| i == *id as usize);
                self.or(&l)
            }
            Atom::Jurisdiction(role, codes) => {
                let l = self.parties(*role, |i| codes.contains(&p.parties[i].jurisdiction));
                self.or(&l)
            }
            Atom::HasFlag(role, flag) => {
                let l = self.parties(*role, |i| p.parties[i].flags.contains(flag));
                self.or(&l)
            }
            Atom::SameOrganisation => {
                self.same(|a, b| a.organisation.is_some() && a.organisation == b.organisation)
            }
            Atom::CrossBorder => {
                let same = self.same(|a, b| a.jurisdiction == b.jurisdiction);
                !same
            }
            Atom::InternationalTransfer => {
                let same_place = self.same(|a, b| a.jurisdiction == b.jurisdiction);
                let same_org =
                    self.same(|a, b| a.organisation.is_some() && a.organisation == b.organisation);
                self.and(&[!same_place, !same_org])
            }
            Atom::BasisIs(bases) => {
                let lits: Vec<Lit> = Basis::ALL
                    .iter()
                    .zip(self.basis.clone())
                    .filter(|(b, _)| bases.contains(b))
                    .map(|(_, l)| l)
                    .collect();
                self.or(&lits)
            }
            Atom::ResponseIs(r) => {
                if let Some(&l) = self.responses.get(r) {
                    return l;
                }
                let l = self.var();
                self.responses.insert(r.clone(), l);
                l
            }
            Atom::ConsentCovers => self.free("consent covers flow".into()),
            Atom::AgreementCovers => self.free("agreement covers flow".into()),
            Atom::AgreementAllowsOnward => self.free("agreement allows onward transfer".into()),
            Atom::ApprovedBy(role) => self.free(format!("approved by {role}")),
            Atom::OnwardTransfer => self.free("onward transfer".into()),
            Atom::Const(true) => self.truth,
            Atom::Const(false) => !self.truth,
        }
    }

    /// "Sender and recipient are related so": the disjunction over pairs of parties.
    fn same(
        &mut self,
        related: impl Fn(&crate::model::Party, &crate::model::Party) -> bool,
    ) -> Lit {
        let parties = &self.policy.parties;
        let mut pairs = Vec::new();
        for (i, a) in parties.iter().enumerate() {
            let partners: Vec<Lit> = parties
                .iter()
                .enumerate()
                .filter(|(_, b)| related(a, b))
                .map(|(j, _)| self.recipient[j])
                .collect();
            if partners.is_empty() {
                continue;
            }
            let any = self.or(&partners);
            let both = self.and(&[self.sender[i], any]);
            pairs.push(both);
        }
        self.or(&pairs)
    }

    /// Whether some flow makes every literal of `assume` true.
    pub fn satisfiable(&mut self, assume: &[Lit]) -> bool {
        self.solver.solve_limited(assume) == lbool::TRUE
    }

    /// After a satisfiable query: the flow the solver found, in words (its data, purpose,
    /// parties, basis and the other facts it needs), to show as a witness.
    pub fn witness(&self) -> String {
        let p = self.policy;
        let on = |l: Lit| self.solver.value_lit(l) == lbool::TRUE;
        let names = |lits: &[Lit], t: &crate::model::Taxonomy| {
            // Only the most specific terms: a term whose descendants are not also set.
            let set: Vec<TermId> = (0..lits.len() as TermId)
                .filter(|&i| on(lits[i as usize]))
                .collect();
            set.iter()
                .filter(|&&i| !set.iter().any(|&j| j != i && t.is_within(j, i)))
                .map(|&i| t.name(i).to_owned())
                .collect::<Vec<_>>()
        };
        let one = |lits: &[Lit]| lits.iter().position(|&l| on(l));
        let mut parts = Vec::new();
        parts.push(format!(
            "data [{}]",
            names(&self.data, &p.categories).join(", ")
        ));
        if let Some(i) = one(&self.purpose) {
            parts.push(format!("purpose {}", p.purposes.name(i as TermId)));
        }
        if let (Some(s), Some(r)) = (one(&self.sender), one(&self.recipient)) {
            parts.push(format!(
                "from {} to {}",
                p.parties[s].name, p.parties[r].name
            ));
        }
        if let Some(i) = one(&self.basis) {
            parts.push(format!("basis {}", Basis::ALL[i].word()));
        }
        let subjects = names(&self.subjects, &p.subjects);
        if !subjects.is_empty() {
            parts.push(format!("subjects [{}]", subjects.join(", ")));
        }
        for (name, &l) in &self.free {
            parts.push(if on(l) {
                name.clone()
            } else {
                format!("not {name}")
            });
        }
        parts.join("; ")
    }
}
