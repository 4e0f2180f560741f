//! Counterfactual remedies: the smallest sets of changes that would make a denied flow
//! allowed. Changes are proposed from the evaluation trace (the tests that failed and what
//! would flip them), searched breadth first, so the first found are the smallest, and each is
//! kept only if re-evaluating the changed flow (and, for an agreement change, the changed
//! policy) really gives `allow`. Nothing is printed that was not verified.

use crate::eval::flow::{Approval, Consent, ConsentStatus};
use crate::eval::{self, CondTrace, DenyKind, Flow, Outcome, Traced, Truth};
use crate::model::{Agreement, Atom, Basis, CompiledPolicy, Cond, Day, Effect, PolicyData};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// Most changes in one remedy.
pub const MAX_CHANGES: usize = 3;
/// Most flows evaluated while searching, so a pathological policy cannot stall a reviewer.
pub const MAX_EVALUATIONS: usize = 4_000;
/// Most remedies reported.
pub const MAX_OPTIONS: usize = 5;

/// Whether remedies were looked for and found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemedyStatus {
    /// The flow is allowed.
    NotNeeded,
    /// At least one verified remedy.
    Found,
    /// No change within reach allows the flow.
    None,
    /// The flow is malformed: fix it first.
    NotApplicable,
}

/// The remedies for one flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedies {
    /// Whether any were found.
    pub status: RemedyStatus,
    /// One sentence for a person.
    pub note: String,
    /// The remedies, smallest first; each verified.
    pub options: Vec<Remedy>,
}

/// A set of changes that makes the flow allowed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    /// The changes, all needed.
    pub changes: Vec<Change>,
    /// The decision on the changed flow: always `allow` (verified).
    pub decision: Outcome,
    /// Why the changed flow is allowed (the engine's reason).
    pub reason: String,
    /// The obligations the changed flow would carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
}

/// One change to a flow, or to an agreement the policy relies on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Leave this entry out of the data.
    DropData {
        /// The entry as the flow lists it.
        data: String,
    },
    /// State what the data was collected for (the flow does not say).
    StateCollectedFor {
        /// The collection purpose.
        purpose: String,
    },
    /// Use another purpose.
    UsePurpose {
        /// The purpose.
        purpose: String,
    },
    /// Rely on another legal basis.
    UseBasis {
        /// The basis.
        basis: Basis,
    },
    /// Obtain (or renew) consent covering this purpose, recipient and country.
    ObtainConsent {
        /// Purpose to consent to.
        purpose: String,
        /// Recipient to consent to.
        recipient: String,
        /// Country to consent to.
        country: String,
    },
    /// State whose data it is (the flow does not say).
    StateSubjects {
        /// The subjects.
        subjects: Vec<String>,
    },
    /// Obtain an approval.
    ObtainApproval {
        /// The approving role.
        role: String,
        /// The hop it is for (1 = first; absent for the flow itself).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hop: Option<usize>,
    },
    /// Amend an agreement so that it covers the hop.
    AmendAgreement {
        /// The agreement's id.
        agreement: String,
        /// Purposes to add.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add_purposes: Vec<String>,
        /// Categories to add.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add_data: Vec<String>,
        /// Subjects to add.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add_subjects: Vec<String>,
        /// New first day of validity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_from: Option<String>,
        /// New last day of validity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_to: Option<String>,
        /// Whether onward transfer must become allowed.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        allow_onward: bool,
    },
    /// Conclude a new agreement between the hop's parties.
    ConcludeAgreement {
        /// Sender.
        from: String,
        /// Recipient.
        to: String,
        /// Purpose to cover.
        purpose: String,
        /// Categories to cover.
        data: Vec<String>,
        /// The day it must be valid on.
        valid_on: String,
    },
}

impl Change {
    /// The change in words.
    pub fn text(&self) -> String {
        match self {
            Change::DropData { data } => format!("leave {data} out of the data"),
            Change::StateCollectedFor { purpose } => {
                format!("say what the data was collected for (allowed if: {purpose})")
            }
            Change::UsePurpose { purpose } => format!("use the purpose {purpose}"),
            Change::UseBasis { basis } => format!("rely on the legal basis {}", basis.word()),
            Change::ObtainConsent {
                purpose,
                recipient,
                country,
            } => format!(
                "obtain consent covering {purpose}, recipient {recipient} and country {country}"
            ),
            Change::StateSubjects { subjects } => {
                format!("say whose data it is (allowed if: {})", subjects.join(", "))
            }
            Change::ObtainApproval { role, hop } => match hop {
                Some(h) => format!("obtain approval by {role} for hop {h}"),
                None => format!("obtain approval by {role}"),
            },
            Change::AmendAgreement {
                agreement,
                add_purposes,
                add_data,
                add_subjects,
                valid_from,
                valid_to,
                allow_onward,
            } => {
                let mut parts = Vec::new();
                if !add_purposes.is_empty() {
                    parts.push(format!("cover the purpose {}", add_purposes.join(", ")));
                }
                if !add_data.is_empty() {
                    parts.push(format!("cover the data {}", add_data.join(", ")));
                }
                if !add_subjects.is_empty() {
                    parts.push(format!("cover the subjects {}", add_subjects.join(", ")));
                }
                if let Some(d) = valid_from {
                    parts.push(format!("take effect by {d}"));
                }
                if let Some(d) = valid_to {
                    parts.push(format!("be extended to {d}"));
                }
                if *allow_onward {
                    parts.push("allow onward transfer".into());
                }
                format!("amend agreement \"{agreement}\" to {}", parts.join(" and "))
            }
            Change::ConcludeAgreement {
                from,
                to,
                purpose,
                data,
                valid_on,
            } => format!(
                "conclude an agreement from {from} to {to} covering {purpose} and the data {}, valid on {valid_on}",
                data.join(", ")
            ),
        }
    }

    /// Whether this changes the policy's agreements rather than the flow.
    pub fn changes_policy(&self) -> bool {
        matches!(
            self,
            Change::AmendAgreement { .. } | Change::ConcludeAgreement { .. }
        )
    }

    /// What the change sets: two changes of one slot cannot go together.
    fn slot(&self) -> String {
        match self {
            Change::DropData { data } => format!("data {data}"),
            Change::StateCollectedFor { .. } => "collected_for".into(),
            Change::UsePurpose { .. } => "purpose".into(),
            Change::UseBasis { .. } | Change::ObtainConsent { .. } => "basis".into(),
            Change::StateSubjects { .. } => "subjects".into(),
            Change::ObtainApproval { role, hop } => format!("approval {role} {hop:?}"),
            Change::AmendAgreement { agreement, .. } => format!("agreement {agreement}"),
            Change::ConcludeAgreement { from, to, .. } => format!("new agreement {from} {to}"),
        }
    }

    /// Applies a change of the flow (a change of the policy leaves the flow as it is).
    pub fn apply_to_flow(&self, flow: &mut Flow) {
        match self {
            Change::DropData { data } => {
                if let Some(i) = flow.data.iter().position(|d| d == data) {
                    flow.data.remove(i);
                }
            }
            Change::StateCollectedFor { purpose } => flow.collected_for = Some(purpose.clone()),
            Change::UsePurpose { purpose } => flow.purpose = purpose.clone(),
            Change::UseBasis { basis } => flow.basis = Some(*basis),
            Change::ObtainConsent {
                purpose,
                recipient,
                country,
            } => {
                flow.basis = Some(Basis::Consent);
                let id = flow.consent.as_ref().and_then(|c| c.id.clone());
                flow.consent = Some(Consent {
                    id,
                    status: ConsentStatus::Given,
                    purposes: vec![purpose.clone()],
                    recipients: vec![recipient.clone()],
                    countries: vec![country.clone()],
                    given_at: Some(flow.at.clone()),
                    withdrawn_at: None,
                    expires_at: None,
                });
            }
            Change::StateSubjects { subjects } => flow.subjects = Some(subjects.clone()),
            Change::ObtainApproval { role, hop } => {
                let approval = Approval {
                    role: role.clone(),
                    id: None,
                    by: None,
                    at: None,
                };
                match hop.and_then(|h| flow.chain.get_mut(h - 1)) {
                    Some(h) => h.approvals.push(approval),
                    None => flow.approvals.push(approval),
                }
            }
            Change::AmendAgreement { .. } | Change::ConcludeAgreement { .. } => {}
        }
    }

    /// Applies a change of the policy's agreements (a change of the flow leaves the policy as
    /// it is).
    pub fn apply_to_policy(&self, policy: &mut PolicyData) {
        match self {
            Change::AmendAgreement {
                agreement,
                add_purposes,
                add_data,
                add_subjects,
                valid_from,
                valid_to,
                allow_onward,
            } => {
                let purposes: Vec<u32> = ids(&policy.purposes, add_purposes);
                let data: Vec<u32> = ids(&policy.categories, add_data);
                let subjects: Vec<u32> = ids(&policy.subjects, add_subjects);
                if let Some(a) = policy.agreements.iter_mut().find(|a| &a.id == agreement) {
                    a.purposes.extend(purposes);
                    a.data.extend(data);
                    if let Some(s) = a.subjects.as_mut() {
                        s.extend(subjects);
                    }
                    if let Some(d) = valid_from.as_deref().and_then(Day::parse) {
                        a.valid_from = d;
                    }
                    if let Some(d) = valid_to.as_deref().and_then(Day::parse) {
                        a.valid_to = d;
                    }
                    a.onward_transfer |= allow_onward;
                }
            }
            Change::ConcludeAgreement {
                from,
                to,
                purpose,
                data,
                valid_on,
            } => {
                let party = |name: &str| policy.parties.iter().position(|p| p.name == name);
                let (Some(f), Some(t), Some(day)) = (party(from), party(to), Day::parse(valid_on))
                else {
                    return;
                };
                let agreement = Agreement {
                    id: format!("(new agreement {from} → {to})"),
                    parties: vec![f as u32, t as u32],
                    directed: true,
                    purposes: ids(&policy.purposes, std::slice::from_ref(purpose)),
                    data: ids(&policy.categories, data),
                    subjects: None,
                    valid_from: day,
                    valid_to: day,
                    onward_transfer: false,
                    document: None,
                };
                policy.agreements.push(agreement);
            }
            _ => {}
        }
    }
}

impl Remedy {
    /// The flow and, for a remedy that changes agreements, the policy, with the remedy
    /// applied: what [`find`] evaluated to verify it.
    pub fn apply(&self, policy: &CompiledPolicy, flow: &Flow) -> (Flow, Option<CompiledPolicy>) {
        apply_all(&self.changes, policy, flow)
    }
}

fn apply_all(
    changes: &[Change],
    policy: &CompiledPolicy,
    flow: &Flow,
) -> (Flow, Option<CompiledPolicy>) {
    let mut flow = flow.clone();
    let mut data: Option<PolicyData> = None;
    for change in changes {
        change.apply_to_flow(&mut flow);
        if change.changes_policy() {
            change.apply_to_policy(data.get_or_insert_with(|| PolicyData::from(policy.clone())));
        }
    }
    (flow, data.map(CompiledPolicy::from))
}

fn ids(t: &crate::model::Taxonomy, names: &[String]) -> Vec<u32> {
    names.iter().filter_map(|n| t.id(n)).collect()
}

impl Remedies {
    /// For a flow that could not be read.
    pub fn not_applicable() -> Remedies {
        Remedies {
            status: RemedyStatus::NotApplicable,
            note: "the flow itself has errors: correct them first".into(),
            options: Vec::new(),
        }
    }
}

/// A candidate: a canonical (sorted) set of changes.
type Candidate = Vec<Change>;

/// Finds the smallest verified remedies for the flow `traced` is the trace of.
pub fn find(policy: &CompiledPolicy, flow: &Flow, traced: &Traced) -> Remedies {
    match traced.decision.kind {
        None => {
            return Remedies {
                status: RemedyStatus::NotNeeded,
                note: "the flow is allowed: nothing needs to change".into(),
                options: Vec::new(),
            };
        }
        Some(DenyKind::Error) => return Remedies::not_applicable(),
        Some(_) => {}
    }
    let mut search = Search {
        policy,
        flow,
        found: Vec::new(),
        seen: HashSet::new(),
        evaluations: 0,
    };
    let mut frontier: Vec<(Candidate, Traced)> = vec![(Vec::new(), traced.clone())];
    for _depth in 0..MAX_CHANGES {
        let mut next = Vec::new();
        for (base, trace) in &frontier {
            let world = search.world(base);
            for change in proposals(policy, &world.0, trace) {
                if base.iter().any(|c| c.slot() == change.slot()) {
                    continue;
                }
                let mut set = base.clone();
                set.push(change);
                set.sort();
                if !search.seen.insert(set.clone()) || search.covers_found(&set) {
                    continue;
                }
                if search.evaluations >= MAX_EVALUATIONS {
                    break;
                }
                if let Some(trace) = search.try_set(&set) {
                    next.push((set, trace));
                }
            }
        }
        if !search.found.is_empty() || next.is_empty() {
            break;
        }
        frontier = next;
    }
    let mut options = search.found;
    options.sort_by_key(|r| {
        (
            r.changes.len(),
            r.changes.iter().filter(|c| c.changes_policy()).count(),
        )
    });
    options.truncate(MAX_OPTIONS);
    if options.is_empty() {
        return Remedies {
            status: RemedyStatus::None,
            note: no_remedy_note(traced),
            options,
        };
    }
    Remedies {
        status: RemedyStatus::Found,
        note: match options.len() {
            1 => "one way to make the flow allowed (verified by re-evaluating it)".into(),
            n => format!(
                "{n} ways to make the flow allowed, smallest first (each verified by re-evaluating it)"
            ),
        },
        options,
    }
}

fn no_remedy_note(traced: &Traced) -> String {
    let rules: Vec<String> = traced
        .decision
        .determining
        .iter()
        .map(|d| format!("\"{}\"", d.rule))
        .collect();
    match traced.decision.kind {
        Some(DenyKind::Forbidden) => format!(
            "no change to the flow's data, purpose, legal basis, consent, approvals or agreements \
             (up to {MAX_CHANGES} at once) allows it: {} forbid{} it outright, an absolute prohibition",
            rules.join(", "),
            if rules.len() == 1 { "s" } else { "" }
        ),
        _ => format!(
            "no change to the flow's data, purpose, legal basis, consent, approvals or agreements \
             (up to {MAX_CHANGES} at once) makes any rule allow it"
        ),
    }
}

struct Search<'a> {
    policy: &'a CompiledPolicy,
    flow: &'a Flow,
    found: Vec<Remedy>,
    seen: HashSet<Candidate>,
    evaluations: usize,
}

impl Search<'_> {
    /// The flow and policy with `set` applied.
    fn world(&self, set: &[Change]) -> (Flow, Option<CompiledPolicy>) {
        apply_all(set, self.policy, self.flow)
    }

    /// A superset of a remedy already found is not minimal.
    fn covers_found(&self, set: &[Change]) -> bool {
        self.found
            .iter()
            .any(|r| r.changes.iter().all(|c| set.contains(c)))
    }

    /// Evaluates the changed flow: records a verified remedy, or returns the trace to search
    /// further from.
    fn try_set(&mut self, set: &[Change]) -> Option<Traced> {
        let (flow, policy) = self.world(set);
        if flow.data.is_empty() {
            return None;
        }
        self.evaluations += 1;
        let policy = policy.as_ref().unwrap_or(self.policy);
        let traced = eval::trace(policy, &flow);
        if traced.decision.kind == Some(DenyKind::Error) {
            return None;
        }
        if traced.decision.decision == Outcome::Allow {
            self.found.push(Remedy {
                changes: set.to_vec(),
                decision: Outcome::Allow,
                reason: traced.decision.reason.clone(),
                obligations: traced
                    .decision
                    .obligations
                    .iter()
                    .map(|o| o.text.clone())
                    .collect(),
            });
            return None;
        }
        Some(traced)
    }
}

/// Changes that could flip the tests that keep `trace`'s flow from being allowed.
fn proposals(policy: &CompiledPolicy, flow: &Flow, trace: &Traced) -> Vec<Change> {
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
            want.chain_check(&check.rule);
        }
        for r in &h.rules {
            let rule = &policy.rules[r.index];
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
                    want.add(Change::ObtainApproval {
                        role: role.clone(),
                        hop: (!want.last).then_some(h.hop),
                    });
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
            // Whose data it is cannot change, but a flow that does not say can be told to:
            // propose each subject the policy speaks of; re-evaluation keeps those that help.
            Atom::SubjectsInclude(_) | Atom::SubjectsWithin(_) if self.flow.subjects.is_none() => {
                for s in subject_pool(p) {
                    self.add(Change::StateSubjects {
                        subjects: vec![p.subjects.name(s).to_owned()],
                    });
                }
            }
            Atom::PurposeIs(x) if yes && self.last => self.use_purpose(*x),
            Atom::PurposeWithin(list) if yes && self.last => {
                for &x in list {
                    self.use_purpose(x);
                }
            }
            Atom::PurposeCompatible if yes => match self.collected_for() {
                Some(c) if self.last => self.use_purpose(c),
                Some(_) => {}
                None => self.add(Change::StateCollectedFor {
                    purpose: self.purpose().to_owned(),
                }),
            },
            Atom::CollectedWithin(list) if yes && self.flow.collected_for.is_none() => {
                for &x in list {
                    self.add(Change::StateCollectedFor {
                        purpose: p.purposes.name(x).to_owned(),
                    });
                }
            }
            Atom::BasisIs(list) if yes && self.last => {
                for &b in list {
                    if b == Basis::Consent {
                        self.obtain_consent();
                    } else {
                        self.add(Change::UseBasis { basis: b });
                    }
                }
            }
            Atom::ConsentCovers if yes && self.last => self.obtain_consent(),
            Atom::AgreementCovers if yes => self.agreement(false),
            Atom::AgreementAllowsOnward if yes => self.agreement(true),
            Atom::ApprovedBy(role) if yes => self.add(Change::ObtainApproval {
                role: role.clone(),
                hop: (!self.last).then_some(self.hop),
            }),
            // Who sends and receives, where, and what the data is are the flow itself:
            // changing them is a different flow, not a remedy.
            _ => {}
        }
    }

    fn collected_for(&self) -> Option<u32> {
        self.flow
            .collected_for
            .as_deref()
            .and_then(|c| self.policy.purposes.id(c))
    }

    /// Proposes `x` as the purpose when it is a related use: compatible with the collection
    /// purpose when the flow states one, else of one family with the current purpose (they
    /// share an ancestor). Anything else would be a different flow, not a remedy.
    fn use_purpose(&mut self, x: u32) {
        let p = self.policy;
        let related = match self.collected_for() {
            Some(c) => eval::compatible(p, x, c),
            None => p.purposes.id(self.purpose()).is_none_or(|current| {
                !p.purposes
                    .ancestors(current)
                    .is_disjoint(p.purposes.ancestors(x))
            }),
        };
        if related && p.purposes.name(x) != self.purpose() {
            self.add(Change::UsePurpose {
                purpose: p.purposes.name(x).to_owned(),
            });
        }
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

    fn obtain_consent(&mut self) {
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
            if self.flow.subjects.is_none() {
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
        if !any
            && !onward
            && let Some(d) = day
        {
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
    fn chain_check(&mut self, name: &str) {
        if name.starts_with("Purpose limitation") {
            match self.collected_for() {
                Some(c) if self.last => {
                    self.use_purpose(c);
                    let p = self.policy;
                    for &(x, y) in &p.compatible {
                        if p.purposes.is_within(c, y) {
                            self.use_purpose(x);
                        }
                    }
                }
                Some(_) => {}
                None => self.add(Change::StateCollectedFor {
                    purpose: self
                        .flow
                        .chain
                        .first()
                        .map_or_else(|| self.flow.purpose.clone(), |h| h.purpose.clone()),
                }),
            }
        } else if name.starts_with("Onward transfer forbidden by an upstream agreement") {
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
