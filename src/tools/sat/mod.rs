//! Rule conditions as boolean formulas, decided with a SAT solver (batsat, a MiniSat port).
//!
//! One variable per fact a flow states, keyed by name ([`space`]) so that several versions of
//! a policy can be encoded over the same variables:
//!
//! - the flow's data: "data contains category C", one per category name (at least one); its
//!   subjects: "subjects contain S", one per subject name;
//! - "purpose = P" and "collected_for = P", exactly one each, over the purpose names;
//! - "sender = X" and "recipient = X", exactly one each, over the party names, so that a
//!   party's kind (and the kind hierarchy), jurisdiction, flags and organisation are exact;
//! - "basis = B", exactly one over the six legal bases; "response = R", at most one over the
//!   responses the policies name (in conditions or classifications);
//! - free variables for what depends on records outside the policy: consent covers the flow,
//!   an approval by a role, the flow is an onward transfer, the flow states its DPIA's
//!   reference (which the `dpia` obligation reads, [`Encoding::dpia_needed`]).
//!
//! Each version reads these variables through its own declarations: "within" follows its own
//! hierarchy, a party's kind and attributes are its own. Two readings of what the policy
//! derives from the stated facts exist:
//!
//! - *loose* ([`Encoding::new`], for `mandate lint`): "highest sensitivity = L" is a variable
//!   of its own (exactly one of four levels) and "an agreement covers the flow" (implied by
//!   "allows onward transfer") is free. Loose variables only add flows, so an unsatisfiable
//!   query is unsatisfiable for real flows too: no false findings.
//! - *exact* ([`Encoding::compare`], for `mandate diff`): the sensitivity is the highest level
//!   of the stated categories under the version's defaults or the classification the response
//!   selects (and undefined when none has a level, which makes a sensitivity test unknown, as
//!   in the evaluator); "an agreement covers the flow" is the disjunction over the version's
//!   agreements of their terms (parties, validity on the flow's date, purposes, data,
//!   subjects), with the date one variable per period between the agreements' boundary days
//!   ([`dates`]); "allows onward transfer" is the onward term of the first covering agreement.
//!   A flow stating a name a version does not declare is rejected by that version.
//!
//! A fact a flow does not state is modelled as stated (every flow is complete); the one fact
//! that can still be unknown is the derived sensitivity, so conditions are encoded in Kleene
//! logic (one literal for "holds", one for "fails", [`Tri`]), which in the loose reading is
//! always two-valued.

mod chain;
mod cond;
pub mod dates;
mod derived;
mod free;
mod model;
pub mod space;

pub use batsat::Lit;
use batsat::{BasicSolver, SolverInterface, lbool};
pub use free::{FreeFact, LooseAbout};
pub use model::{Derived, Model};
pub use space::{Named, Space};

use crate::model::{Basis, CompiledPolicy, Day, Level};
use dates::Calendar;
use space::Local;
use std::collections::BTreeMap;

/// Each rule's literals, in the order of the policy's rules.
#[derive(Default)]
pub struct RuleLits {
    /// `when` holds.
    pub when: Vec<Lit>,
    /// `unless` holds (false when there is none).
    pub unless: Vec<Lit>,
    /// The rule applies: `when` holds and `unless` fails.
    pub applies: Vec<Lit>,
    /// Whether the rule applies cannot be decided (a test of an undefined sensitivity).
    /// Always false in the loose reading.
    pub undecided: Vec<Lit>,
}

/// A condition in Kleene logic: it holds, it fails, or (neither) it is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tri {
    /// The condition holds.
    pub holds: Lit,
    /// The condition fails.
    pub fails: Lit,
}

impl Tri {
    /// A condition that is never unknown.
    pub fn two(holds: Lit) -> Tri {
        Tri {
            holds,
            fails: !holds,
        }
    }

    /// True when the condition is never unknown (syntactically: `fails` is `!holds`).
    pub fn is_two(self) -> bool {
        self.fails == !self.holds
    }

    /// Kleene negation.
    pub fn negate(self) -> Tri {
        Tri {
            holds: self.fails,
            fails: self.holds,
        }
    }
}

/// One version of the policy, as the encoding reads it.
struct Version<'p> {
    policy: &'p CompiledPolicy,
    local: Local,
    /// Exact reading: "no stated name is unknown to this version".
    known: Option<Lit>,
    /// Exact reading: "the highest sensitivity is at least L", per level.
    at_least: Option<[Lit; 4]>,
    /// Exact reading: per agreement (in id order), "it covers the flow".
    covering: Option<Vec<Lit>>,
    /// Exact reading: "the first covering agreement allows onward transfer".
    onward: Option<Lit>,
}

/// Which stated fact a group of variables is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Var {
    Data,
    Subject,
    Purpose,
    Collected,
    Sender,
    Recipient,
}

impl Var {
    const ALL: [Var; 6] = [
        Var::Data,
        Var::Subject,
        Var::Purpose,
        Var::Collected,
        Var::Sender,
        Var::Recipient,
    ];

    fn named(self) -> Named {
        use crate::model::Sort;
        match self {
            Var::Data => Named::Term(Sort::Category),
            Var::Subject => Named::Term(Sort::Subject),
            Var::Purpose | Var::Collected => Named::Term(Sort::Purpose),
            Var::Sender | Var::Recipient => Named::Party,
        }
    }
}

/// The policies' facts as variables in one solver, and (for the first version) each rule's
/// "applies" literal.
pub struct Encoding<'p> {
    space: Space,
    versions: Vec<Version<'p>>,
    exact: bool,
    solver: BasicSolver,
    data: Vec<Lit>,
    subjects: Vec<Lit>,
    purpose: Vec<Lit>,
    collected: Vec<Lit>,
    sender: Vec<Lit>,
    recipient: Vec<Lit>,
    basis: Vec<Lit>,
    /// Loose reading only: "highest sensitivity = L".
    level: Vec<Lit>,
    responses: BTreeMap<String, Lit>,
    /// How many responses the at-most-one constraint already covers.
    responses_constrained: usize,
    free: BTreeMap<FreeFact, Lit>,
    onward_implies_cover: bool,
    /// "Sender and recipient differ", once built.
    distinct: Option<Lit>,
    calendar: Calendar,
    /// Exact reading: "the flow's date is in period k".
    days: Vec<Lit>,
    /// The period of the reference date, which witnesses use when they can.
    reference: Option<usize>,
    truth: Lit,
    /// Per rule of the first version: `when` holds.
    pub when: Vec<Lit>,
    /// Per rule of the first version: `unless` holds (false when there is none).
    pub unless: Vec<Lit>,
    /// Per rule of the first version: it applies (`when` and not `unless`).
    pub applies: Vec<Lit>,
}

impl<'p> Encoding<'p> {
    /// The loose reading of `policy` alone, with every rule encoded (for `mandate lint`).
    pub fn new(policy: &'p CompiledPolicy) -> Self {
        let mut e = Self::over(&[policy], false, None);
        let rules = e.rules(0);
        e.when = rules.when;
        e.unless = rules.unless;
        e.applies = rules.applies;
        e
    }

    /// The exact reading of `old` (version 0) and `new` (version 1) over shared variables
    /// (for `mandate diff`); encode their rules with [`Encoding::rules`]. Witnesses are dated
    /// on `reference` when the query allows it.
    pub fn compare(old: &'p CompiledPolicy, new: &'p CompiledPolicy, reference: Day) -> Self {
        let mut e = Self::over(&[old, new], true, Some(reference));
        for v in 0..e.versions.len() {
            e.known(v);
            e.at_least(v);
            e.covering(v);
        }
        e
    }

    fn over(policies: &[&'p CompiledPolicy], exact: bool, reference: Option<Day>) -> Self {
        let space = Space::of(policies);
        let calendar = if exact {
            Calendar::new(policies.iter().flat_map(|p| &p.agreements))
        } else {
            Calendar::default()
        };
        let mut solver = BasicSolver::default();
        let mut fresh = |n: usize| -> Vec<Lit> {
            (0..n)
                .map(|_| Lit::new(solver.new_var_default(), true))
                .collect()
        };
        let data = fresh(space.categories.len());
        let subjects = fresh(space.subjects.len());
        let purpose = fresh(space.purposes.len());
        let collected = fresh(space.purposes.len());
        let sender = fresh(space.parties.len());
        let recipient = fresh(space.parties.len());
        let basis = fresh(Basis::ALL.len());
        let level = fresh(if exact { 0 } else { Level::ALL.len() });
        let days = fresh(if exact { calendar.len() } else { 0 });
        let truth = fresh(1)[0];
        let versions = policies
            .iter()
            .map(|&policy| Version {
                policy,
                local: Local::new(&space, policy),
                known: None,
                at_least: None,
                covering: None,
                onward: None,
            })
            .collect();
        let reference = reference.filter(|_| exact).map(|d| calendar.period(d));
        let mut e = Encoding {
            space,
            versions,
            exact,
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
            responses_constrained: 0,
            free: BTreeMap::new(),
            onward_implies_cover: false,
            distinct: None,
            calendar,
            days,
            reference,
            truth,
            when: Vec::new(),
            unless: Vec::new(),
            applies: Vec::new(),
        };
        // No clause asks for at least one data category: a flow may carry none.
        e.clause(vec![truth]);
        for group in [
            e.purpose.clone(),
            e.collected.clone(),
            e.sender.clone(),
            e.recipient.clone(),
            e.basis.clone(),
            e.level.clone(),
            e.days.clone(),
        ] {
            if !group.is_empty() {
                e.exactly_one(&group);
            }
        }
        e.personal_data_has_subjects();
        e
    }

    /// The evaluator reads personal data stated with no subjects as data whose subjects are
    /// unknown (as if `subjects` were absent), which these variables do not describe: flows
    /// carrying data some version calls personal state at least one subject. (A policy with
    /// no subjects cannot test them, so nothing is constrained then.)
    fn personal_data_has_subjects(&mut self) {
        if self.subjects.is_empty() {
            return;
        }
        let mut personal: Vec<usize> = Vec::new();
        for version in &self.versions {
            personal.extend(
                version
                    .local
                    .known(Named::Term(crate::model::Sort::Category))
                    .filter(|&(_, id)| version.policy.personal.contains(id as usize))
                    .map(|(i, _)| i),
            );
        }
        personal.sort_unstable();
        personal.dedup();
        for i in personal {
            let mut clause = vec![!self.data[i]];
            clause.extend(self.subjects.iter().copied());
            self.clause(clause);
        }
    }

    /// The shared names.
    pub fn space(&self) -> &Space {
        &self.space
    }

    /// Encodes the rules of version `v` (0 for the policy of [`Encoding::new`]; 0 old, 1 new
    /// for [`Encoding::compare`]).
    pub fn rules(&mut self, v: usize) -> RuleLits {
        let policy = self.versions[v].policy;
        let mut out = RuleLits::default();
        for rule in &policy.rules {
            let w = self.cond(v, &rule.when);
            let u = match &rule.unless {
                Some(u) => self.cond(v, u),
                None => Tri::two(!self.truth),
            };
            let applies = self.and(&[w.holds, u.fails]);
            let undecided = if w.is_two() && u.is_two() {
                !self.truth
            } else {
                let fails = self.or(&[w.fails, u.holds]);
                self.and(&[!applies, !fails])
            };
            out.when.push(w.holds);
            out.unless.push(u.holds);
            out.applies.push(applies);
            out.undecided.push(undecided);
        }
        self.constrain_shared();
        out
    }

    /// Constraints between variables created while encoding: one response at most, and (in
    /// the loose reading) an agreement allowing onward transfer covers the flow. Only what
    /// was created since the last call is added.
    fn constrain_shared(&mut self) {
        let responses: Vec<Lit> = self.responses.values().copied().collect();
        for i in self.responses_constrained..responses.len() {
            for j in 0..i {
                self.clause(vec![!responses[i], !responses[j]]);
            }
        }
        self.responses_constrained = responses.len();
        if !self.onward_implies_cover
            && let (Some(&onward), Some(&covers)) = (
                self.free.get(&FreeFact::AgreementAllowsOnward),
                self.free.get(&FreeFact::AgreementCovers),
            )
        {
            self.clause(vec![!onward, covers]);
            self.onward_implies_cover = true;
        }
    }

    /// "The flow carries an approval by `role`" (shared by every version).
    pub fn approved(&mut self, role: &str) -> Lit {
        self.free(FreeFact::ApprovedBy(role.to_owned()))
    }

    /// "The flow states the reference of its DPIA" (shared by every version).
    pub fn dpia_stated(&mut self) -> Lit {
        self.free(FreeFact::DpiaStated)
    }

    /// "The hop would be a gap `dpia.unstated`" under version `v` of `policy`, given its
    /// rules' literals: an allow rule with a `dpia` obligation applies, or such a require
    /// rule does not fail (an undecided require imposes its obligations), and the flow states
    /// no DPIA. `None` when no rule of the version requires one (no variable is made then, so
    /// that witnesses of packs without the obligation do not show it).
    pub fn dpia_needed(&mut self, policy: &CompiledPolicy, rules: &RuleLits) -> Option<Lit> {
        use crate::model::{Effect, Obligation};
        let mut needing = Vec::new();
        for (i, rule) in policy.rules.iter().enumerate() {
            if !rule.obligations.contains(&Obligation::Dpia) {
                continue;
            }
            match rule.effect {
                Effect::Allow => needing.push(rules.applies[i]),
                Effect::Require => {
                    let imposes = self.or(&[rules.applies[i], rules.undecided[i]]);
                    needing.push(imposes);
                }
                Effect::Deny | Effect::Review => {}
            }
        }
        if needing.is_empty() {
            return None;
        }
        let any = self.or(&needing);
        let stated = self.dpia_stated();
        Some(self.and(&[any, !stated]))
    }

    /// "The purpose is within, or declared compatible with, the collection purpose" under
    /// version `v`: the purpose limitation check every hop passes.
    pub fn purpose_compatible(&mut self, v: usize) -> Lit {
        self.atom(v, &crate::model::Atom::PurposeCompatible).holds
    }

    /// The built-in `check` under version `v`, given `passes` (the hop meets the check):
    /// `(forbids, undecided)`, "the check forbids the hop" and "it would, but whether one of
    /// the policy's exceptions to it holds cannot be decided" (a gap), as the evaluator reads
    /// exceptions: one that holds lifts the check.
    pub fn check_with_exceptions(
        &mut self,
        v: usize,
        check: crate::reason::Check,
        passes: Lit,
    ) -> (Lit, Lit) {
        let policy = self.versions[v].policy;
        let mut lifted = Vec::new();
        let mut unknown = Vec::new();
        for e in policy.check_exceptions.iter().filter(|e| e.check == check) {
            let t = self.cond(v, &e.unless);
            lifted.push(t.holds);
            if !t.is_two() {
                let u = self.and(&[!t.holds, !t.fails]);
                unknown.push(u);
            }
        }
        if lifted.is_empty() {
            return (!passes, !self.truth);
        }
        let any_lifted = self.or(&lifted);
        let any_unknown = self.or(&unknown);
        let forbids = self.and(&[!passes, !any_lifted, !any_unknown]);
        let undecided = self.and(&[!passes, !any_lifted, any_unknown]);
        (forbids, undecided)
    }

    /// "The flow states the name of shared index `i`": a data category or subject it carries,
    /// its purpose or collection purpose, its sender or recipient.
    pub fn stated(&mut self, n: Named, i: usize) -> Lit {
        use crate::model::Sort;
        match n {
            Named::Term(Sort::Category) => self.data[i],
            Named::Term(Sort::Subject) => self.subjects[i],
            Named::Term(Sort::Purpose) => {
                let (p, c) = (self.purpose[i], self.collected[i]);
                self.or(&[p, c])
            }
            Named::Term(Sort::Kind) => !self.truth,
            Named::Party => {
                let (s, r) = (self.sender[i], self.recipient[i]);
                self.or(&[s, r])
            }
        }
    }

    /// Whether version `v` declares the name of shared index `i`.
    pub fn declares(&self, v: usize, n: Named, i: usize) -> bool {
        self.versions[v]
            .local
            .ids(n)
            .get(i)
            .is_some_and(Option::is_some)
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

    fn exactly_one(&mut self, lits: &[Lit]) {
        self.clause(lits.to_vec());
        for (i, &a) in lits.iter().enumerate() {
            for &b in &lits[i + 1..] {
                self.clause(vec![!a, !b]);
            }
        }
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

    fn free(&mut self, fact: FreeFact) -> Lit {
        if let Some(&l) = self.free.get(&fact) {
            return l;
        }
        let l = self.var();
        self.free.insert(fact, l);
        l
    }

    /// "The flow's `context.response` is `r`" (shared by every version).
    fn response(&mut self, r: &str) -> Lit {
        if let Some(&l) = self.responses.get(r) {
            return l;
        }
        let l = self.var();
        self.responses.insert(r.to_owned(), l);
        l
    }

    fn lits(&self, w: Var) -> &[Lit] {
        match w {
            Var::Data => &self.data,
            Var::Subject => &self.subjects,
            Var::Purpose => &self.purpose,
            Var::Collected => &self.collected,
            Var::Sender => &self.sender,
            Var::Recipient => &self.recipient,
        }
    }

    /// The variables of group `w` whose names version `v` declares with an id it `pick`s.
    fn select(&self, v: usize, w: Var, pick: impl Fn(u32) -> bool) -> Vec<Lit> {
        let lits = self.lits(w);
        self.versions[v]
            .local
            .known(w.named())
            .filter(|&(_, id)| pick(id))
            .map(|(i, _)| lits[i])
            .collect()
    }

    /// After a satisfiable query: the value of `l` in the flow found.
    pub fn value(&self, l: Lit) -> bool {
        self.solver.value_lit(l) == lbool::TRUE
    }

    /// Whether some flow makes every literal of `assume` true.
    pub fn satisfiable(&mut self, assume: &[Lit]) -> bool {
        self.constrain_shared();
        self.solver.solve_limited(assume) == lbool::TRUE
    }

    /// As [`Encoding::satisfiable`], and when it is, leaves the solver on a flow dated on the
    /// reference date, between two different parties and carrying data if the query allows,
    /// with as few data categories, subjects, free facts
    /// (consent, approvals) and responses as the query allows, one at a time, so that a
    /// witness shows only what matters.
    pub fn satisfiable_small(&mut self, assume: &[Lit]) -> bool {
        if !self.satisfiable(assume) {
            return false;
        }
        let mut fixed = assume.to_vec();
        // A flow on the reference date, between two different parties, reads most like a
        // real one.
        let mut preferred = self
            .reference
            .map(|r| self.days[r])
            .into_iter()
            .collect::<Vec<_>>();
        preferred.push(self.distinct_parties());
        // So does one that carries data: a flow may carry none, but a witness shows that only
        // when the query needs it.
        let data = self.data.clone();
        if !data.is_empty() {
            preferred.push(self.or(&data));
        }
        for l in preferred {
            fixed.push(l);
            if !self.satisfiable(&fixed) {
                fixed.pop();
                self.satisfiable(&fixed);
            }
        }
        let candidates: Vec<Lit> = self
            .data
            .iter()
            .chain(&self.subjects)
            .chain(self.free.values())
            .chain(self.responses.values())
            .copied()
            .collect();
        // Every candidate is fixed in turn, false when it can be: one left open could turn
        // true again in a later flow.
        let mut current = true;
        for l in candidates {
            if !current {
                self.satisfiable(&fixed);
            }
            let on = self.value(l);
            fixed.push(!l);
            current = !on || self.satisfiable(&fixed);
            if !current {
                fixed.pop();
                fixed.push(l);
            }
        }
        // Leave the solver on the smallest flow found.
        self.satisfiable(&fixed)
    }

    /// "Sender and recipient are different parties".
    pub fn distinct_parties(&mut self) -> Lit {
        if let Some(l) = self.distinct {
            return l;
        }
        let pairs: Vec<(Lit, Lit)> = self
            .sender
            .iter()
            .copied()
            .zip(self.recipient.clone())
            .collect();
        let apart: Vec<Lit> = pairs.into_iter().map(|(s, r)| self.or(&[!s, !r])).collect();
        let l = self.and(&apart);
        self.distinct = Some(l);
        l
    }

    /// After a satisfiable query: the flow the solver found, in words (its data, purpose,
    /// parties, basis and the other facts it needs), to show as a witness.
    pub fn witness(&self) -> String {
        self.model().to_string()
    }
}

#[cfg(test)]
mod tests;
