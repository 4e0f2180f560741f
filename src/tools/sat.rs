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
pub use batsat::Lit;
use batsat::{BasicSolver, SolverInterface, lbool};
use std::collections::BTreeMap;

/// Each rule's literals, in the order of the policy's rules.
#[derive(Default)]
pub struct RuleLits {
    /// `when` holds.
    pub when: Vec<Lit>,
    /// `unless` holds (false when there is none).
    pub unless: Vec<Lit>,
    /// The rule applies: `when` and not `unless`.
    pub applies: Vec<Lit>,
}

/// True when `a` and `b` declare the same vocabularies (names and hierarchy), parties and
/// compatible purposes, so that one encoding serves both.
pub fn same_facts(a: &CompiledPolicy, b: &CompiledPolicy) -> bool {
    use crate::model::Sort;
    let same_taxonomy = |s: Sort| {
        let (x, y) = (a.taxonomy(s), b.taxonomy(s));
        x.len() == y.len()
            && x.names().eq(y.names())
            && (0..x.len() as TermId).all(|i| x.parents(i) == y.parents(i))
    };
    [Sort::Category, Sort::Subject, Sort::Purpose, Sort::Kind]
        .into_iter()
        .all(same_taxonomy)
        && a.parties == b.parties
        && a.compatible == b.compatible
}

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
        let rules = e.rules(policy);
        e.when = rules.when;
        e.unless = rules.unless;
        e.applies = rules.applies;
        e
    }

    /// Encodes the rules of `policy` over these variables. `policy` must declare the same
    /// vocabularies, parties and compatible purposes as the encoded one (its ids are then the
    /// same): [`same_facts`] checks it.
    pub fn rules(&mut self, policy: &CompiledPolicy) -> RuleLits {
        let mut out = RuleLits::default();
        for rule in &policy.rules {
            let w = self.cond(&rule.when);
            let u = match &rule.unless {
                Some(u) => self.cond(u),
                None => !self.truth,
            };
            let a = self.and(&[w, !u]);
            out.when.push(w);
            out.unless.push(u);
            out.applies.push(a);
        }
        self.constrain_shared();
        out
    }

    /// Constraints between variables created while encoding conditions: one response at
    /// most, and an agreement allowing onward transfer covers the flow. Added again after
    /// each encoding (clauses already present change nothing).
    fn constrain_shared(&mut self) {
        let responses: Vec<Lit> = self.responses.values().copied().collect();
        self.at_most_one(&responses);
        if let (Some(&onward), Some(&covers)) = (
            self.free.get("agreement allows onward transfer"),
            self.free.get("agreement covers flow"),
        ) {
            self.clause(vec![!onward, covers]);
        }
    }

    /// "The flow carries an approval by `role`".
    pub fn approved(&mut self, role: &str) -> Lit {
        self.free(format!("approved by {role}"))
    }

    /// "The purpose is within, or declared compatible with, the collection purpose": the
    /// chain check every hop passes (purpose limitation).
    pub fn purpose_compatible(&mut self) -> Lit {
        self.atom(&Atom::PurposeCompatible)
    }

    /// The constant true.
    pub fn truth(&self) -> Lit {
        self.truth
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
    pub fn and(&mut self, parts: &[Lit]) -> Lit {
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
    pub fn or(&mut self, parts: &[Lit]) -> Lit {
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

    /// After a satisfiable query: the value of `l` in the flow found.
    pub fn value(&self, l: Lit) -> bool {
        self.solver.value_lit(l) == lbool::TRUE
    }

    /// Whether some flow makes every literal of `assume` true.
    pub fn satisfiable(&mut self, assume: &[Lit]) -> bool {
        self.solver.solve_limited(assume) == lbool::TRUE
    }

    /// As [`Encoding::satisfiable`], and when it is, leaves the solver on a flow with as few
    /// data categories, subjects and free facts (consent, agreements, approvals) as the
    /// query allows, one at a time, so that a witness shows only what matters.
    pub fn satisfiable_small(&mut self, assume: &[Lit]) -> bool {
        if !self.satisfiable(assume) {
            return false;
        }
        let mut fixed = assume.to_vec();
        let candidates: Vec<Lit> = self
            .data
            .iter()
            .chain(&self.subjects)
            .chain(self.free.values())
            .copied()
            .filter(|&l| self.value(l))
            .collect();
        for l in candidates {
            fixed.push(!l);
            if !self.satisfiable(&fixed) {
                fixed.pop();
            }
        }
        // Leave the solver on the smallest flow found.
        self.satisfiable(&fixed)
    }

    /// After a satisfiable query: the flow the solver found.
    pub fn model(&self) -> Model {
        let p = self.policy;
        let on = |l: Lit| self.solver.value_lit(l) == lbool::TRUE;
        let specific = |lits: &[Lit], t: &crate::model::Taxonomy| {
            let set: Vec<TermId> = (0..lits.len() as TermId)
                .filter(|&i| on(lits[i as usize]))
                .collect();
            set.iter()
                .filter(|&&i| !set.iter().any(|&j| j != i && t.is_within(j, i)))
                .map(|&i| t.name(i).to_owned())
                .collect::<Vec<_>>()
        };
        let one = |lits: &[Lit]| lits.iter().position(|&l| on(l));
        Model {
            data: specific(&self.data, &p.categories),
            subjects: specific(&self.subjects, &p.subjects),
            purpose: one(&self.purpose).map(|i| p.purposes.name(i as TermId).to_owned()),
            collected_for: one(&self.collected).map(|i| p.purposes.name(i as TermId).to_owned()),
            from: one(&self.sender).map(|i| p.parties[i].name.clone()),
            to: one(&self.recipient).map(|i| p.parties[i].name.clone()),
            basis: one(&self.basis).map(|i| Basis::ALL[i]),
            response: self
                .responses
                .iter()
                .find(|(_, l)| on(**l))
                .map(|(r, _)| r.clone()),
            facts: self
                .free
                .iter()
                .map(|(name, &l)| (name.clone(), on(l)))
                .collect(),
        }
    }

    /// After a satisfiable query: the flow the solver found, in words (its data, purpose,
    /// parties, basis and the other facts it needs), to show as a witness.
    pub fn witness(&self) -> String {
        self.model().to_string()
    }
}

/// A flow found by the solver: the facts its variables fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// The most specific categories set.
    pub data: Vec<String>,
    /// The most specific subjects set.
    pub subjects: Vec<String>,
    /// The purpose.
    pub purpose: Option<String>,
    /// The collection purpose.
    pub collected_for: Option<String>,
    /// The sender.
    pub from: Option<String>,
    /// The recipient.
    pub to: Option<String>,
    /// The legal basis.
    pub basis: Option<Basis>,
    /// `context.response`, if one the policy names.
    pub response: Option<String>,
    /// The free facts (consent covers the flow, approvals, …) and their values.
    pub facts: Vec<(String, bool)>,
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = vec![format!("data [{}]", self.data.join(", "))];
        if let Some(p) = &self.purpose {
            parts.push(format!("purpose {p}"));
        }
        if let (Some(a), Some(b)) = (&self.from, &self.to) {
            parts.push(format!("from {a} to {b}"));
        }
        if let Some(b) = self.basis {
            parts.push(format!("basis {}", b.word()));
        }
        if !self.subjects.is_empty() {
            parts.push(format!("subjects [{}]", self.subjects.join(", ")));
        }
        if let Some(r) = &self.response {
            parts.push(format!("response \"{r}\""));
        }
        for (name, on) in &self.facts {
            parts.push(if *on {
                name.clone()
            } else {
                format!("not {name}")
            });
        }
        write!(f, "{}", parts.join("; "))
    }
}
