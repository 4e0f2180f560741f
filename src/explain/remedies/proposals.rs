//! Proposals: from a trace, the changes that could flip the tests keeping a flow from
//! being allowed. Proposals are only candidates; the search verifies every one.

use super::Change;
use crate::eval::{CondTrace, DenyKind, Flow, Traced, Truth};
use crate::model::{Atom, Basis, CompiledPolicy, Cond, Day, Effect, Obligation};
use std::collections::BTreeSet;

/// Changes that could flip the tests that keep `trace`'s flow from being allowed.
pub(super) fn proposals(policy: &CompiledPolicy, flow: &Flow, trace: &Traced) -> Vec<Change> {
    let mut out = BTreeSet::new();
    let last = trace.hops.len();
    for h in &trace.hops {
        let Some(kind) = h.outcome else { continue };
        let mut want = Wants {
            policy,
            flow,
            trace,
            hop: h.hop,
            last: h.hop == last,
            out: &mut out,
        };
        for check in &h.checks {
            if let Some(id) = check.check {
                want.chain_check(id);
            }
        }
        for r in &h.rules {
            let rule = &policy.rules[r.index];
            // An allow or require that applies and needs a DPIA the flow does not name: a gap
            // that stating the assessment's reference closes (`dpia.unstated`).
            if r.applies == Truth::True
                && matches!(rule.effect, Effect::Allow | Effect::Require)
                && rule.obligations.contains(&Obligation::Dpia)
                && !states_dpia(flow)
            {
                want.add(Change::StateDpia);
            }
            let blocking = match (rule.effect, kind) {
                // Deny and unknown rules must stop applying.
                (Effect::Deny | Effect::Review, _) if r.determining => true,
                // With no allow rule applying, any allow rule may be made to apply.
                (Effect::Allow, DenyKind::NotPermitted | DenyKind::Gap) => r.applies != Truth::True,
                _ => false,
            };
            if !blocking {
                continue;
            }
            if rule.effect == Effect::Allow {
                want.walk(&rule.when, &r.when, Truth::True);
                if let (Some(u), Some(ut)) = (&rule.unless, &r.unless) {
                    want.walk(u, ut, Truth::False);
                }
            } else {
                if let Some(role) = rule.approval.as_ref().filter(|_| r.applies == Truth::True) {
                    want.approval(role);
                }
                want.walk(&rule.when, &r.when, Truth::False);
                if let (Some(u), Some(ut)) = (&rule.unless, &r.unless) {
                    want.walk(u, ut, Truth::True);
                }
            }
        }
    }
    out.into_iter().collect()
}

/// Whether the flow names the DPIA it relies on (a blank reference names none).
fn states_dpia(flow: &Flow) -> bool {
    flow.dpia
        .as_ref()
        .is_some_and(|d| !d.reference.trim().is_empty())
}

/// Collects the changes that would move tests towards a wanted value on one hop.
struct Wants<'a> {
    policy: &'a CompiledPolicy,
    flow: &'a Flow,
    trace: &'a Traced,
    hop: usize,
    last: bool,
    out: &'a mut BTreeSet<Change>,
}

impl Wants<'_> {
    fn add(&mut self, change: Change) {
        self.out.insert(change);
    }

    /// Walks a condition and its trace in step, asking each test that does not have the
    /// wanted value to change.
    fn walk(&mut self, cond: &Cond, trace: &CondTrace, want: Truth) {
        if trace.value == want {
            return;
        }
        match cond {
            Cond::Atom(a) => self.atom(a, want),
            Cond::Not(inner) => {
                if let Some(t) = trace.parts.first() {
                    self.walk(inner, t, want.negate());
                }
            }
            Cond::And(parts) | Cond::Or(parts) => {
                for (p, t) in parts.iter().zip(&trace.parts) {
                    self.walk(p, t, want);
                }
            }
        }
    }

    /// As [`Wants::walk`], for a condition without its trace: every test is asked to take
    /// the value that moves the condition towards `want`.
    fn want_untraced(&mut self, cond: &Cond, want: Truth) {
        match cond {
            Cond::Atom(a) => self.atom(a, want),
            Cond::Not(inner) => self.want_untraced(inner, want.negate()),
            Cond::And(parts) | Cond::Or(parts) => {
                for p in parts {
                    self.want_untraced(p, want);
                }
            }
        }
    }

    /// The hop's purpose as the flow states it.
    fn purpose(&self) -> &str {
        if self.last {
            &self.flow.purpose
        } else {
            &self.flow.chain[self.hop - 1].purpose
        }
    }

    fn atom(&mut self, atom: &Atom, want: Truth) {
        let p = self.policy;
        let yes = want == Truth::True;
        match atom {
            Atom::DataIncludes(c) if !yes => self.drop_data(|cat| p.categories.is_within(cat, *c)),
            Atom::DataWithin(list) if yes => {
                self.drop_data(|cat| !list.iter().any(|&l| p.categories.is_within(cat, l)))
            }
            Atom::DataSensitivity(..) => self.drop_data(|_| true),
            // Whose data it is cannot change, but a flow that does not say (or, for personal
            // data, lists no one) can be told to: propose each subject the policy speaks of;
            // re-evaluation keeps those that help.
            Atom::SubjectsInclude(_) | Atom::SubjectsWithin(_)
                if self.flow.subjects.as_ref().is_none_or(Vec::is_empty) =>
            {
                for s in subject_pool(p) {
                    self.add(Change::StateSubjects {
                        subjects: vec![p.subjects.name(s).to_owned()],
                    });
                }
            }
            // The purpose is why the data moves, a fact, not a setting to try until something
            // allows it: no remedy proposes another (that would be purpose laundering). A flow
            // that does not say what the data was collected for can be told to.
            Atom::PurposeCompatible if yes && self.collected_for().is_none() => {
                self.add(Change::StateCollectedFor {
                    purpose: self.purpose().to_owned(),
                })
            }
            Atom::CollectedWithin(list) if yes && self.flow.collected_for.is_none() => {
                for &x in list {
                    self.add(Change::StateCollectedFor {
                        purpose: p.purposes.name(x).to_owned(),
                    });
                }
            }
            // The legal basis follows from the situation and is never swapped for another; a
            // flow that relies on consent can renew the consent record.
            Atom::BasisIs(list) if yes && self.last && list.contains(&Basis::Consent) => {
                self.obtain_consent()
            }
            Atom::ConsentCovers if yes && self.last => self.obtain_consent(),
            Atom::AgreementCovers if yes => self.agreement(false),
            Atom::AgreementAllowsOnward if yes => self.agreement(true),
            Atom::ApprovedBy(role) | Atom::ApprovedWithin(role, _) if yes => self.approval(role),
            // Who sends and receives, where, and what the data is are the flow itself:
            // changing them is a different flow, not a remedy.
            _ => {}
        }
    }

    /// An approval by `role` for this hop, given by the hop's time: renewed when the hop
    /// carries one that does not count (late, expired or too old), else obtained.
    fn approval(&mut self, role: &str) {
        let carried = if self.last {
            self.flow.approvals.as_slice()
        } else {
            self.flow
                .chain
                .get(self.hop - 1)
                .map_or(&[][..], |h| h.approvals.as_slice())
        };
        let role = role.to_owned();
        let hop = (!self.last).then_some(self.hop);
        self.add(if carried.iter().any(|a| a.role == role) {
            Change::RenewApproval { role, hop }
        } else {
            Change::ObtainApproval { role, hop }
        });
    }

    fn collected_for(&self) -> Option<u32> {
        self.flow
            .collected_for
            .as_deref()
            .and_then(|c| self.policy.purposes.id(c))
    }

    fn drop_data(&mut self, matches: impl Fn(u32) -> bool) {
        if self.flow.data.len() < 2 {
            return;
        }
        let p = self.policy;
        for (entry, category) in self.flow.data.iter().zip(&self.trace.categories) {
            let Some(c) = category.as_deref().and_then(|c| p.categories.id(c)) else {
                continue;
            };
            if matches(c) {
                self.out.insert(Change::DropData {
                    data: entry.clone(),
                });
            }
        }
    }

    /// Renew the consent record of a flow that relies on consent (and only then: proposing
    /// consent for a flow on another basis would swap its basis).
    fn obtain_consent(&mut self) {
        if self.flow.basis != Some(Basis::Consent) {
            return;
        }
        let Some(to) = self.policy.party(&self.flow.to) else {
            return;
        };
        self.add(Change::ObtainConsent {
            purpose: self.flow.purpose.clone(),
            recipient: self.flow.to.clone(),
            country: self.policy.parties[to as usize].jurisdiction.clone(),
        });
    }

    /// The hop's parties as the flow names them.
    fn parties(&self) -> (String, String) {
        if self.last {
            (self.flow.from.clone(), self.flow.to.clone())
        } else {
            let h = &self.flow.chain[self.hop - 1];
            (h.from.clone(), h.to.clone())
        }
    }

    /// Amend each agreement binding the hop's parties so it covers the hop; or conclude one.
    fn agreement(&mut self, onward: bool) {
        let p = self.policy;
        let (from, to) = self.parties();
        let (Some(f), Some(t)) = (p.party(&from), p.party(&to)) else {
            return;
        };
        let Some(purpose) = p.purposes.id(self.purpose()) else {
            return;
        };
        let day = self.day();
        // A deliberate period without an agreement is not bridged: no agreement is amended,
        // extended or concluded for a transfer between these parties inside it.
        if day.is_some_and(|d| !super::suspended::suspensions_on(p, &from, &to, d).is_empty()) {
            return;
        }
        let categories: Vec<u32> = self
            .trace
            .categories
            .iter()
            .flatten()
            .filter_map(|c| p.categories.id(c))
            .collect();
        let subjects: Vec<u32> = self
            .flow
            .subjects
            .iter()
            .flatten()
            .filter_map(|s| p.subjects.id(s))
            .collect();
        let mut any = false;
        for a in p.agreements.iter().filter(|a| a.binds(f, t)) {
            any = true;
            // An agreement limited to certain subjects covers a flow that says whose data it
            // is: propose stating each of them.
            if self.flow.subjects.as_ref().is_none_or(Vec::is_empty) {
                for &s in a.subjects.iter().flatten() {
                    self.add(Change::StateSubjects {
                        subjects: vec![p.subjects.name(s).to_owned()],
                    });
                }
            }
            let covers = |list: &[u32], x: u32, tax: &crate::model::Taxonomy| {
                list.iter().any(|&l| tax.is_within(x, l))
            };
            let names = |ids: Vec<u32>, tax: &crate::model::Taxonomy| -> Vec<String> {
                ids.into_iter().map(|i| tax.name(i).to_owned()).collect()
            };
            let add_purposes = if covers(&a.purposes, purpose, &p.purposes) {
                Vec::new()
            } else {
                vec![p.purposes.name(purpose).to_owned()]
            };
            let add_data = names(
                categories
                    .iter()
                    .copied()
                    .filter(|&c| !covers(&a.data, c, &p.categories))
                    .collect(),
                &p.categories,
            );
            let add_subjects = match &a.subjects {
                Some(list) => names(
                    subjects
                        .iter()
                        .copied()
                        .filter(|&s| !covers(list, s, &p.subjects))
                        .collect(),
                    &p.subjects,
                ),
                None => Vec::new(),
            };
            let (valid_from, valid_to) = match day {
                Some(d) if d < a.valid_from => (Some(d.to_string()), None),
                Some(d) if d > a.valid_to => (None, Some(d.to_string())),
                _ => (None, None),
            };
            // Data the agreement does not cover can be left out, which needs no amendment.
            if !add_data.is_empty() {
                let data = a.data.clone();
                self.drop_data(|c| !covers(&data, c, &p.categories));
            }
            let allow_onward = onward && !a.onward_transfer;
            if add_purposes.is_empty()
                && add_data.is_empty()
                && add_subjects.is_empty()
                && valid_from.is_none()
                && valid_to.is_none()
                && !allow_onward
            {
                continue;
            }
            self.add(Change::AmendAgreement {
                agreement: a.id.clone(),
                add_purposes,
                add_data,
                add_subjects,
                valid_from,
                valid_to,
                allow_onward,
            });
        }
        if let Some(d) = day.filter(|_| !any && !onward) {
            self.add(Change::ConcludeAgreement {
                from,
                to,
                purpose: p.purposes.name(purpose).to_owned(),
                data: names_of(p, &categories),
                valid_on: d.to_string(),
            });
        }
    }

    /// The day of the hop.
    fn day(&self) -> Option<Day> {
        let at = if self.last {
            &self.flow.at
        } else {
            self.flow.chain[self.hop - 1]
                .at
                .as_ref()
                .unwrap_or(&self.flow.at)
        };
        Day::parse(at.get(..10)?)
    }

    /// A failed built-in chain check: what could satisfy it.
    fn chain_check(&mut self, check: crate::reason::Check) {
        use crate::reason::Check;
        // The policy's exceptions to the check: what would make one hold lifts it (an
        // approval obtained or renewed, a fact stated). Proposed from the condition itself,
        // since the trace records a failed check, not its exceptions' conditions; the search
        // keeps only what verifies.
        let policy = self.policy;
        for e in policy.check_exceptions.iter().filter(|e| e.check == check) {
            self.want_untraced(&e.unless, Truth::True);
        }
        if check == Check::PurposeLimitation {
            // Only a missing collection purpose can be stated; an incompatible purpose stays
            // as it is (changing it would be purpose laundering).
            if self.collected_for().is_none() {
                self.add(Change::StateCollectedFor {
                    purpose: self
                        .flow
                        .chain
                        .first()
                        .map_or_else(|| self.flow.purpose.clone(), |h| h.purpose.clone()),
                });
            }
        } else if check == Check::OnwardTransfer {
            // The agreement of the previous hop must allow onward transfer.
            let mut upstream = Wants {
                policy: self.policy,
                flow: self.flow,
                trace: self.trace,
                hop: self.hop - 1,
                last: false,
                out: self.out,
            };
            upstream.agreement(true);
        }
    }
}

/// Every subject term a rule or an agreement names.
fn subject_pool(p: &CompiledPolicy) -> BTreeSet<u32> {
    fn walk(c: &Cond, out: &mut BTreeSet<u32>) {
        match c {
            Cond::Atom(Atom::SubjectsInclude(s)) => {
                out.insert(*s);
            }
            Cond::Atom(Atom::SubjectsWithin(list)) => out.extend(list),
            Cond::Atom(_) => {}
            Cond::Not(inner) => walk(inner, out),
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| walk(p, out)),
        }
    }
    let mut out = BTreeSet::new();
    for r in &p.rules {
        walk(&r.when, &mut out);
        if let Some(u) = &r.unless {
            walk(u, &mut out);
        }
    }
    for a in &p.agreements {
        out.extend(a.subjects.iter().flatten());
    }
    out
}

fn names_of(p: &CompiledPolicy, ids: &[u32]) -> Vec<String> {
    ids.iter()
        .map(|&i| p.categories.name(i).to_owned())
        .collect()
}
