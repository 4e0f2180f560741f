//! Counterfactual remedies: the smallest sets of changes that would make a denied flow
//! allowed. Changes are proposed from the evaluation trace (the tests that failed and what
//! would flip them), searched breadth first, so the first found are the smallest, and each is
//! kept only if re-evaluating the changed flow (and, for an agreement change, the changed
//! policy) really gives `allow`. Nothing is printed that was not verified.

mod blocked;
mod change;
mod information;
mod proposals;
mod suspended;

use crate::eval::{DenyKind, Flow, Outcome, Traced};
use crate::model::{CompiledPolicy, PolicyData};
use crate::words::{self, Lang, args};
pub use blocked::{Blocker, Blocking};
pub use change::{Actor, Change, ChangeKind};
pub use information::Information;
use proposals::proposals;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
pub use suspended::SuspendedHop;

/// Most changes in one remedy.
pub const MAX_CHANGES: usize = 3;
/// Most flows evaluated while searching, so a pathological policy cannot stall a reviewer.
pub const MAX_EVALUATIONS: usize = 4_000;
/// Most partial candidates carried from one depth of the search to the next. Each keeps the
/// full trace of its flow, so this (with [`MAX_EVALUATIONS`]) bounds the search's memory: a
/// flow of thousands of categories must not hold thousands of traces of itself.
pub const MAX_FRONTIER: usize = 64;
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
    /// The remedies, those that need no new legal instrument first, then the smallest; each
    /// verified.
    pub options: Vec<Remedy>,
    /// When none is found: the rules and checks that stop the flow, each once, described by
    /// what would have to change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<Blocker>,
    /// The hops the policy deliberately leaves without an agreement (a suspension), with its
    /// reason and citation: no remedy amends, extends or concludes an agreement across it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspended: Vec<SuspendedHop>,
    /// For information, not a fix: narrower purposes or other legal bases under which the
    /// policy would allow the flow, if that is what the transfer truly is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub information: Option<Information>,
}

/// One change of a remedy, with who must act and what kind of change it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The change.
    #[serde(flatten)]
    pub change: Change,
    /// Who must act: the flow's author, the sender or the policy's owner.
    pub who_must_act: Actor,
    /// What kind of change it is.
    pub change_kind: ChangeKind,
}

impl From<Change> for Step {
    fn from(change: Change) -> Step {
        Step {
            who_must_act: change.actor(),
            change_kind: change.kind(),
            change,
        }
    }
}

/// A set of changes that makes the flow allowed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    /// The changes, all needed, each with who must act.
    pub changes: Vec<Step>,
    /// Everyone who must act, lightest first (each once).
    pub who_must_act: Vec<Actor>,
    /// Whether it needs a new legal instrument (an agreement concluded, amended or extended):
    /// remedies that do not come first.
    pub needs_legal_instrument: bool,
    /// The decision on the changed flow: always `allow` (verified).
    pub decision: Outcome,
    /// Why the changed flow is allowed (the engine's reason).
    pub reason: String,
    /// The obligations the changed flow would carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<String>,
}

impl Remedy {
    /// The flow and, for a remedy that changes agreements, the policy, with the remedy
    /// applied: what [`find`] evaluated to verify it.
    pub fn apply(&self, policy: &CompiledPolicy, flow: &Flow) -> (Flow, Option<CompiledPolicy>) {
        apply_all(self.changes.iter().map(|s| &s.change), policy, flow)
    }

    /// The changes alone.
    pub fn change_list(&self) -> Vec<Change> {
        self.changes.iter().map(|s| s.change.clone()).collect()
    }

    /// The order remedies are listed in: those needing no new legal instrument first, then
    /// fewer changes, then the lightest actors.
    fn rank(&self) -> (bool, usize, Vec<Actor>) {
        let mut actors: Vec<Actor> = self.changes.iter().map(|s| s.who_must_act).collect();
        actors.sort_unstable_by(|a, b| b.cmp(a));
        (self.needs_legal_instrument, self.changes.len(), actors)
    }
}

fn apply_all<'c>(
    changes: impl IntoIterator<Item = &'c Change>,
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

impl Remedies {
    /// For a flow that could not be read.
    pub fn not_applicable() -> Remedies {
        Remedies::not_applicable_in(Lang::EN)
    }

    /// For a flow that could not be read, its note in `lang`.
    pub fn not_applicable_in(lang: Lang) -> Remedies {
        Remedies {
            status: RemedyStatus::NotApplicable,
            note: words::message(lang, "remedy-not-applicable", None),
            options: Vec::new(),
            blocked_by: Vec::new(),
            suspended: Vec::new(),
            information: None,
        }
    }
}

/// A candidate: a canonical (sorted) set of changes.
type Candidate = Vec<Change>;

/// Finds the smallest verified remedies for the flow `traced` is the trace of, in English.
pub fn find(policy: &CompiledPolicy, flow: &Flow, traced: &Traced) -> Remedies {
    find_in(policy, flow, traced, Lang::EN)
}

/// Finds the smallest verified remedies for the flow `traced` is the trace of; the note and
/// each remedy's reason and obligations are in `lang`.
pub fn find_in(policy: &CompiledPolicy, flow: &Flow, traced: &Traced, lang: Lang) -> Remedies {
    find_until(policy, flow, traced, lang, &AtomicBool::new(false))
}

/// [`find_in`] that stops as soon as `stop` is set (checked before each evaluation): a
/// service whose answer has run out of time sets it, so that no search goes on pinning a
/// worker after its answer is gone. A stopped search returns what it had verified.
pub fn find_until(
    policy: &CompiledPolicy,
    flow: &Flow,
    traced: &Traced,
    lang: Lang,
    stop: &AtomicBool,
) -> Remedies {
    match traced.decision.kind {
        None => {
            return Remedies {
                status: RemedyStatus::NotNeeded,
                note: words::message(lang, "remedy-not-needed", None),
                options: Vec::new(),
                blocked_by: Vec::new(),
                suspended: Vec::new(),
                information: None,
            };
        }
        Some(DenyKind::Error) => return Remedies::not_applicable_in(lang),
        Some(_) => {}
    }
    let mut search = Search {
        policy,
        flow,
        found: Vec::new(),
        seen: HashSet::new(),
        evaluations: 0,
        lang,
    };
    let mut frontier: Vec<(Candidate, Traced)> = vec![(Vec::new(), traced.clone())];
    for _depth in 0..MAX_CHANGES {
        // Once remedies are found, a deeper search looks only for one that needs no new legal
        // instrument: it is listed before them, however many changes it takes.
        let instrument_free_only = !search.found.is_empty();
        let mut next = Vec::new();
        for (base, trace) in &frontier {
            if instrument_free_only && base.iter().any(|c| c.kind().needs_legal_instrument()) {
                continue;
            }
            let world = search.world(base);
            for change in proposals(policy, &world.0, trace) {
                if base.iter().any(|c| c.slot() == change.slot())
                    || (instrument_free_only && change.kind().needs_legal_instrument())
                {
                    continue;
                }
                let mut set = base.clone();
                set.push(change);
                set.sort();
                if !search.seen.insert(set.clone()) || search.covers_found(&set) {
                    continue;
                }
                if search.evaluations >= MAX_EVALUATIONS || stop.load(Ordering::Relaxed) {
                    break;
                }
                if let Some(trace) = search.try_set(&set)
                    && next.len() < MAX_FRONTIER
                {
                    next.push((set, trace));
                }
            }
        }
        let settled = search.found.iter().any(|r| !r.needs_legal_instrument);
        if settled || next.is_empty() || stop.load(Ordering::Relaxed) {
            break;
        }
        frontier = next;
    }
    let mut options = search.found;
    options.sort_by_key(Remedy::rank);
    options.truncate(MAX_OPTIONS);
    let suspended = suspended::suspended_hops(policy, flow, traced, lang);
    let information = information::information(policy, flow, lang);
    if options.is_empty() {
        let blocked_by = blocked::blockers(policy, traced, lang);
        let note = if blocked_by.is_empty() {
            "remedy-none"
        } else {
            "remedy-none-blocked"
        };
        return Remedies {
            status: RemedyStatus::None,
            note: words::message(lang, note, Some(&args!("max" => MAX_CHANGES))),
            options,
            blocked_by,
            suspended,
            information,
        };
    }
    Remedies {
        status: RemedyStatus::Found,
        note: words::message(lang, "remedy-found", Some(&args!("count" => options.len()))),
        options,
        blocked_by: Vec::new(),
        suspended,
        information,
    }
}

struct Search<'a> {
    policy: &'a CompiledPolicy,
    flow: &'a Flow,
    found: Vec<Remedy>,
    seen: HashSet<Candidate>,
    evaluations: usize,
    lang: Lang,
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
            .any(|r| r.changes.iter().all(|c| set.contains(&c.change)))
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
        let traced = super::trace_in(policy, &flow, self.lang);
        if traced.decision.kind == Some(DenyKind::Error) {
            return None;
        }
        if traced.decision.decision == Outcome::Allow {
            let mut who_must_act: Vec<Actor> = set.iter().map(Change::actor).collect();
            who_must_act.sort_unstable();
            who_must_act.dedup();
            self.found.push(Remedy {
                changes: set.iter().cloned().map(Step::from).collect(),
                needs_legal_instrument: set.iter().any(|c| c.kind().needs_legal_instrument()),
                who_must_act,
                decision: Outcome::Allow,
                reason: traced.decision.reason.to_string(),
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

#[cfg(test)]
mod stop_tests {
    use super::*;

    /// A search told to stop evaluates nothing more: a service that has given up on an
    /// explanation does not keep a worker busy with it.
    #[test]
    fn a_stopped_search_evaluates_nothing_more() {
        let engine = crate::Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory personal\ncategory personal.x\nsubject s\n\
             purpose p\npurpose q\nparty kind k\nparty a kind k jurisdiction \"KE\"\n\
             party b kind k jurisdiction \"KE\"\n\
             allow \"p\" when purpose within p cite \"c\"\n\
             review \"the DPO looks first\" when purpose within p approval by dpo cite \"c\"\n",
        )])
        .unwrap_or_else(|e| panic!("{e}"));
        let flow = Flow::from_json(
            r#"{"id":"f","at":"2026-01-01T00:00:00Z","from":"a","to":"b","data":["personal.x"],"subjects":["s"],"purpose":"p"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let traced = crate::eval::trace(engine.policy(), &flow);
        assert_eq!(traced.decision.kind, Some(DenyKind::ReviewRequired));
        let free = find_until(
            engine.policy(),
            &flow,
            &traced,
            Lang::EN,
            &AtomicBool::new(false),
        );
        assert_eq!(free.status, RemedyStatus::Found, "{free:?}");
        let stopped = find_until(
            engine.policy(),
            &flow,
            &traced,
            Lang::EN,
            &AtomicBool::new(true),
        );
        assert!(stopped.options.is_empty(), "{stopped:?}");
    }
}

#[cfg(test)]
mod rank_tests {
    use super::*;

    /// Leaving out two entries (no legal instrument) is listed before amending the agreement
    /// (one change, but a new legal instrument), and the remedies say who must act.
    #[test]
    fn a_remedy_without_a_legal_instrument_comes_first_even_if_larger() {
        let engine = crate::Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory personal\ncategory personal.x\n\
             category personal.y\ncategory personal.z\nsubject s\npurpose p\nparty kind k\n\
             party a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n\
             agreement \"A\" between a and b purposes p data personal.x valid 2025-01-01 to 2027-01-01\n\
             allow \"under an agreement\" when agreement covers flow cite \"c\"\n",
        )])
        .unwrap_or_else(|e| panic!("{e}"));
        let flow = Flow::from_json(
            r#"{"id":"f","at":"2026-01-01T00:00:00Z","from":"a","to":"b","purpose":"p",
                "data":["personal.x","personal.y","personal.z"],"subjects":["s"]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let traced = crate::eval::trace(engine.policy(), &flow);
        let r = find(engine.policy(), &flow, &traced);
        assert_eq!(r.status, RemedyStatus::Found, "{r:?}");
        let first = &r.options[0];
        assert!(!first.needs_legal_instrument, "{r:?}");
        assert_eq!(first.changes.len(), 2, "{r:?}");
        assert_eq!(first.who_must_act, vec![Actor::Flow]);
        assert!(
            first
                .changes
                .iter()
                .all(|s| s.change_kind == ChangeKind::LeaveOutData)
        );
        let amend = r
            .options
            .iter()
            .position(|o| o.needs_legal_instrument)
            .unwrap_or_else(|| panic!("the amendment is listed too: {r:?}"));
        assert!(amend > 0);
        assert_eq!(r.options[amend].who_must_act, vec![Actor::Policy]);
        // The JSON of a change carries who must act and the kind, and reads back.
        let json = serde_json::to_value(&r.options[amend]).unwrap_or_default();
        assert_eq!(json["changes"][0]["who_must_act"], "policy");
        assert_eq!(json["changes"][0]["change_kind"], "amend_agreement");
        assert_eq!(json["changes"][0]["change"], "amend_agreement");
        let back: Remedy = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, r.options[amend]);
    }
}

#[cfg(test)]
mod dpia_tests {
    use super::*;

    fn engine() -> crate::Engine {
        crate::Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory personal\ncategory personal.x\nsubject s\n\
             purpose p\npurpose q\nparty kind k\nparty a kind k jurisdiction \"KE\"\n\
             party b kind k jurisdiction \"KE\"\n\
             allow \"p, assessed\" when purpose within p require dpia cite \"c\"\n\
             allow \"q, approved and assessed\" when purpose within q and approved by dpo \
             require dpia cite \"c\"\n",
        )])
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn flow(purpose: &str, dpia: &str) -> Flow {
        Flow::from_json(&format!(
            r#"{{"id":"f","at":"2026-01-01T00:00:00Z","from":"a","to":"b","data":["personal.x"],
                "subjects":["s"],"purpose":"{purpose}"{dpia}}}"#
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// A flow that is a gap `dpia.unstated` (no reference, or a blank one) is told to state
    /// the DPIA's reference, a fact its author states, in every language; the changed flow is
    /// allowed and carries the obligation.
    #[test]
    fn a_flow_without_its_dpia_is_told_to_state_the_reference() {
        let e = engine();
        for dpia in ["", r#","dpia":{"ref":"  "}"#] {
            let f = flow("p", dpia);
            let traced = crate::eval::trace(e.policy(), &f);
            assert_eq!(traced.decision.kind, Some(DenyKind::Gap), "{dpia}");
            let r = find(e.policy(), &f, &traced);
            assert_eq!(r.status, RemedyStatus::Found, "{r:?}");
            assert_eq!(r.options[0].change_list(), vec![Change::StateDpia], "{r:?}");
            let step = &r.options[0].changes[0];
            assert_eq!(step.who_must_act, Actor::Flow);
            assert_eq!(step.change_kind, ChangeKind::StateMissingFact);
            let json = serde_json::to_value(step).unwrap_or_default();
            assert_eq!(json["change"], "state_dpia");
            assert!(!r.options[0].obligations.is_empty(), "{r:?}");
            assert!(
                Change::StateDpia
                    .text_in(Lang::EN)
                    .contains("impact assessment")
            );
            assert!(
                Change::StateDpia
                    .text_in(Lang::FR)
                    .contains("analyse d'impact")
            );
        }
        // A flow that states it is allowed: nothing to propose.
        let f = flow("p", r#","dpia":{"ref":"DPIA-1"}"#);
        let traced = crate::eval::trace(e.policy(), &f);
        assert_eq!(traced.decision.decision, Outcome::Allow);
    }

    /// When the rule needing the DPIA applies only once an approval is obtained, the remedy
    /// takes both: the DPIA is proposed from the changed flow's trace.
    #[test]
    fn the_dpia_is_proposed_with_the_approval_that_makes_its_rule_apply() {
        let e = engine();
        let f = flow("q", "");
        let traced = crate::eval::trace(e.policy(), &f);
        let r = find(e.policy(), &f, &traced);
        assert_eq!(r.status, RemedyStatus::Found, "{r:?}");
        let mut changes = r.options[0].change_list();
        changes.sort();
        assert_eq!(
            changes,
            vec![
                Change::ObtainApproval {
                    role: "dpo".into(),
                    hop: None
                },
                Change::StateDpia
            ],
            "{r:?}"
        );
    }
}

#[cfg(test)]
mod exception_tests {
    use super::*;

    /// A built-in check with an exception in the policy is lifted by meeting the exception's
    /// conditions: the remedy proposes them (here, the DPO's approval, obtained or renewed).
    #[test]
    fn an_exception_to_a_check_is_proposed_by_its_conditions() {
        let engine = crate::Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory personal\ncategory personal.x\nsubject s\n\
             purpose registration\npurpose police\nparty kind k\n\
             party a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n\
             allow \"disclosure\" when purpose within police cite \"c\"\n\
             check builtin.purpose_limitation\n  unless purpose within police and approved by dpo\n  cite \"DPP 6.3\"\n",
        )])
        .unwrap_or_else(|e| panic!("{e}"));
        let flow = |approvals: &str| {
            Flow::from_json(&format!(
                r#"{{"id":"f","at":"2026-01-01T00:00:00Z","from":"a","to":"b","data":["personal.x"],
                    "subjects":["s"],"purpose":"police","collected_for":"registration",
                    "approvals":[{approvals}]}}"#
            ))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        for (approvals, expected) in [
            (
                "",
                Change::ObtainApproval {
                    role: "dpo".into(),
                    hop: None,
                },
            ),
            (
                r#"{"role":"dpo","at":"2025-01-01T00:00:00Z","expires":"2025-06-01T00:00:00Z"}"#,
                Change::RenewApproval {
                    role: "dpo".into(),
                    hop: None,
                },
            ),
        ] {
            let f = flow(approvals);
            let traced = crate::eval::trace(engine.policy(), &f);
            assert_eq!(
                traced.decision.kind,
                Some(DenyKind::Forbidden),
                "{approvals}"
            );
            let r = find(engine.policy(), &f, &traced);
            assert_eq!(r.status, RemedyStatus::Found, "{r:?}");
            assert_eq!(r.options[0].change_list(), vec![expected], "{r:?}");
        }
    }
}
