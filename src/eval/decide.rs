//! The decision semantics (docs/language.md): fail closed; any applying `deny` wins; then a rule
//! that cannot be decided for lack of facts; then an unapproved `review`; then an applying
//! `allow` (with the merged obligations of applying `allow` and `require` rules); else
//! default deny. Rule order and file order never matter: every rule is evaluated and the
//! results are combined by kind, not by position. (The outcome alone, which keeps no
//! deciding rules, leaves out the rules that can no longer change it: see `settled`.)

use super::atoms::{CondTrace, Ctx, Node, Truth, compatible};
use super::decision::{Decision, DenyKind, Determining, Outcome, Reason};
use super::fact::{party_name, party_organisation, term};
use super::facts::{Facts, HopFacts, category_of, resolve, resolve_unsuggested_then};
use super::flow::Flow;
use super::obligations::merge;
use super::trace::{HopTrace, RuleTrace, Traced};
use super::verdict::{DecidedBy, Deciding, Verdict};
use crate::model::{CompiledPolicy, Effect, Obligation, OnwardScope, PartyId, Rule, Sort, TermId};
use crate::reason::{Check, Fact, Finding, Name};
use crate::words::{self, Lang};
use smallvec::SmallVec;
use std::cell::Cell;
use std::sync::Arc;

/// Rules of one hop, by index: inline for the few that decide a common flow, so that
/// judging it allocates nothing.
type Indexes = SmallVec<[usize; 4]>;
/// What decided, inline for the common one or two.
type Deciders = SmallVec<[Decider; 2]>;
/// Failed built-in checks of a hop, inline: a verdict on a flow that fails one allocates
/// nothing either.
type Findings = SmallVec<[(DenyKind, Decider); 2]>;
/// Obligations of the applying rules, by rule.
type Imposed<'p> = SmallVec<[(usize, &'p Obligation); 4]>;

/// What decided a hop: a rule, or a built-in chain check with its finding. Only rule
/// indexes while judging; the words (facts, cites, locations) are written afterwards, and
/// only for a [`Decision`], never for a [`Verdict`].
#[derive(Clone, Copy, Debug)]
enum Decider {
    Rule {
        hop: usize,
        index: usize,
    },
    Check {
        hop: usize,
        check: Check,
        found: Found,
    },
}

/// What a built-in check found, by index: put into a [`Finding`] with names only when words
/// are asked for.
#[derive(Clone, Copy, Debug)]
enum Found {
    PurposeIncompatible {
        purpose: TermId,
        collected: TermId,
    },
    CollectionUnstated,
    UpstreamAgreement {
        agreement: usize,
        from: PartyId,
        to: PartyId,
    },
    UpstreamObligation {
        rule: usize,
    },
    /// A scoped `no onward transfer` (obligation `obligation` of rule `rule`) that the hop
    /// from `received_by` to `recipient` leaves.
    UpstreamObligationScope {
        rule: usize,
        obligation: usize,
        received_by: PartyId,
        recipient: PartyId,
    },
}

impl Found {
    fn finding(self, policy: &CompiledPolicy) -> Finding {
        let party = |p: PartyId| party_name(policy, p);
        let rule_name = |i: usize| {
            policy.quotes().rules.get(i).map_or_else(
                || {
                    policy
                        .rules
                        .get(i)
                        .map_or_else(Name::default, |r| Name::from(&r.name))
                },
                |q| Name::from(&q.name),
            )
        };
        match self {
            Found::PurposeIncompatible { purpose, collected } => Finding::PurposeIncompatible {
                purpose: term(policy, Sort::Purpose, purpose),
                collected_for: term(policy, Sort::Purpose, collected),
            },
            Found::CollectionUnstated => Finding::CollectionUnstated,
            Found::UpstreamAgreement {
                agreement,
                from,
                to,
            } => Finding::UpstreamAgreement {
                agreement: policy
                    .quotes()
                    .agreements
                    .get(agreement)
                    .map_or_else(Name::default, |a| Name::from(&a.id)),
                from: party(from),
                to: party(to),
            },
            Found::UpstreamObligationScope {
                rule,
                obligation,
                received_by,
                recipient,
            } => {
                let scope = policy
                    .rules
                    .get(rule)
                    .and_then(|r| r.obligations.get(obligation));
                let (scope, within) = match scope {
                    Some(Obligation::NoOnwardTransferOutside(OnwardScope::Network(flag))) => {
                        ("network", Name::from(flag))
                    }
                    _ => (
                        "organisation",
                        party_organisation(policy, received_by).unwrap_or_default(),
                    ),
                };
                Finding::UpstreamObligationScope {
                    rule: rule_name(rule),
                    scope: Name::from_static(scope),
                    within,
                    received_by: party(received_by),
                    recipient: party(recipient),
                }
            }
            Found::UpstreamObligation { rule } => Finding::UpstreamObligation {
                rule: rule_name(rule),
            },
        }
    }
}

/// How one hop came out.
struct HopOutcome<'p> {
    kind: Option<DenyKind>,
    deciders: Deciders,
    /// Applying allow and require rules with their obligations (for an allowed hop).
    obligations: Imposed<'p>,
}

impl HopOutcome<'_> {
    /// Records a reason to deny: a more serious kind replaces what decided before, the same
    /// kind adds its rules, a less serious kind changes nothing. (An allowed hop has no kind.)
    fn raise(&mut self, kind: DenyKind, rules: impl IntoIterator<Item = Decider>) {
        match self.kind {
            Some(current) if kind.severity() < current.severity() => {}
            Some(current) if kind == current => self.deciders.extend(rules),
            _ => {
                self.kind = Some(kind);
                self.deciders = rules.into_iter().collect();
            }
        }
    }
}

/// A flow judged: the outcome and what decided it, before anything is put in words.
struct Judgement<'p> {
    kind: Option<DenyKind>,
    deciders: Deciders,
    /// For an allow: the obligations of the last hop's applying allow and require rules.
    obligations: Imposed<'p>,
}

/// What a judgement (or the judgement of a hop) keeps besides the outcome and deny kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keep {
    /// What decided and the obligations of an allow: for a verdict or a decision.
    Deciders,
    /// The obligations of an allowed hop, not what decided: a hop before the last, judged
    /// for the outcome alone (the next hop's chain checks read its obligations).
    Obligations,
    /// The outcome and kind alone (see [`outcome`]).
    Outcome,
}

/// Which rules a hop evaluates. Both give the same decision: the index skips only rules
/// whose condition is definitely false for the hop (see [`crate::model::RuleIndex`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rules {
    /// The candidates the policy's rule index selects.
    Indexed,
    /// Every rule.
    All,
}

/// Decides `flow` under `policy`, in English words.
pub fn decide(policy: &CompiledPolicy, flow: &Flow) -> Decision {
    decide_in(policy, flow, Lang::EN)
}

/// Decides `flow` under `policy`, the decision's words in `lang`.
pub fn decide_in(policy: &CompiledPolicy, flow: &Flow, lang: Lang) -> Decision {
    decide_with(policy, flow, None, Rules::Indexed, lang)
}

/// Decides a flow given as JSON, the decision's words in `lang`. A flow that cannot be read
/// is a deny of kind `error` naming the JSON path of the problem (and the flow's `id`, when
/// the document has one); this never fails and never panics.
pub fn decide_json_in(policy: &CompiledPolicy, json: &str, lang: Lang) -> Decision {
    match Flow::from_json(json) {
        Ok(flow) => decide_in(policy, &flow, lang),
        Err(e) => Decision::error_in(
            &flow_id_of(json).unwrap_or_default(),
            &policy.hash,
            vec![super::InputError::new(e.path(), e.problem())],
            lang,
        ),
    }
}

/// The `id` of a flow document that failed to load, if it has one, so the error decision
/// can still be matched to its request.
fn flow_id_of(json: &str) -> Option<String> {
    if json.len() > super::flow::MAX_FLOW_BYTES {
        return None;
    }
    #[derive(serde::Deserialize)]
    struct JustId {
        id: String,
    }
    serde_json::from_str::<JustId>(json).ok().map(|j| j.id)
}

/// Decides `flow` evaluating every rule, without the rule index: the reference the indexed
/// [`decide`] is tested against. It returns the same decision, more slowly.
pub fn decide_all_rules(policy: &CompiledPolicy, flow: &Flow) -> Decision {
    decide_with(policy, flow, None, Rules::All, Lang::EN)
}

fn decide_with(
    policy: &CompiledPolicy,
    flow: &Flow,
    trace: Option<&mut Vec<HopTrace>>,
    rules: Rules,
    lang: Lang,
) -> Decision {
    let facts = match resolve(policy, flow) {
        Ok(f) => f,
        Err(errors) => return Decision::error_in(&flow.id, &policy.hash, errors, lang),
    };
    let mut recorded = trace.map(|hops| Recorded { hops, lang });
    let j = judge(policy, &facts, recorded.as_mut(), rules, Keep::Deciders);
    render(policy, flow, &facts, j, recorded.as_ref(), lang)
}

/// The full evaluation as it is recorded: every hop, in the reader's language.
struct Recorded<'t> {
    hops: &'t mut Vec<HopTrace>,
    lang: Lang,
}

/// Decides `flow` under `policy` without putting the decision in words: the outcome, the
/// deciding rules by index and the obligations of an allow, exactly those of [`decide`],
/// at a fraction of the cost. For gates that act on the outcome and ask for the full
/// decision (or an explanation) only when they need to show it.
pub fn verdict(policy: &CompiledPolicy, flow: &Flow) -> Verdict {
    let facts = match resolve(policy, flow) {
        Ok(f) => f,
        Err(errors) => return Verdict::error(errors),
    };
    let j = judge(policy, &facts, None, Rules::Indexed, Keep::Deciders);
    let chain = facts.hops.len() > 1;
    let hop = |h: usize| chain.then_some(h + 1);
    let deciding = Deciding(
        j.deciders
            .iter()
            .map(|d| match d {
                Decider::Rule { hop: h, index } => (DecidedBy::Rule(*index), hop(*h)),
                Decider::Check { hop: h, check, .. } => (DecidedBy::Check(*check), hop(*h)),
            })
            .collect(),
    );
    Verdict {
        decision: outcome_of(j.kind),
        kind: j.kind,
        deciding,
        obligations: match j.kind {
            None => merge(policy, &j.obligations, facts.dpia, Lang::EN),
            Some(_) => Vec::new(),
        },
        errors: Vec::new(),
    }
}

/// The outcome and deny kind of `flow` under `policy` alone: those of [`verdict`] (and so of
/// [`decide`]), without what decided or the obligations of an allow, whose merging puts
/// them in words, and without a did-you-mean for an unknown name in a flow that does not
/// resolve (a deny of kind `error` all the same). For a batch that asks only which flows
/// may go; a common flow, allowed or not, is judged without allocating.
pub fn outcome(policy: &CompiledPolicy, flow: &Flow) -> (Outcome, Option<DenyKind>) {
    // The errors of a flow that does not resolve are not read: only that there are some.
    let judged = resolve_unsuggested_then(policy, flow, |facts| outcome_kind(policy, &facts));
    match judged {
        Ok(kind) => (outcome_of(kind), kind),
        Err(_) => (Outcome::Deny, Some(DenyKind::Error)),
    }
}

/// Decides `flow` and keeps the full evaluation: every hop, rule and condition. The decision
/// is the one [`decide`] returns.
pub fn trace(policy: &CompiledPolicy, flow: &Flow) -> Traced {
    trace_in(policy, flow, Lang::EN)
}

/// [`trace`], every word of it in `lang`.
pub fn trace_in(policy: &CompiledPolicy, flow: &Flow, lang: Lang) -> Traced {
    let mut hops = Vec::new();
    // An explanation shows every rule anyway, so it decides on every rule too: the plain
    // path's index is then checked against it by every explanation test.
    let decision = decide_with(policy, flow, Some(&mut hops), Rules::All, lang);
    let categories = flow
        .data
        .iter()
        .map(|entry| category_of(policy, entry).map(|c| policy.categories.name(c).to_owned()))
        .collect();
    Traced {
        decision,
        hops,
        categories,
    }
}

/// Judges every hop of `flow`: the outcome and what decided it, by index. When `trace` is
/// given, every hop is also recorded in full, from the same evaluation.
fn judge<'p>(
    policy: &'p CompiledPolicy,
    facts: &Facts<'_>,
    mut trace: Option<&mut Recorded<'_>>,
    rules: Rules,
    keep: Keep,
) -> Judgement<'p> {
    let chain = facts.hops.len() > 1;
    // The most serious deny kind over all hops, with the rules of the hops that have it.
    let mut overall = HopOutcome {
        kind: None,
        deciders: Deciders::new(),
        obligations: Imposed::new(),
    };
    let mut last: Option<HopOutcome> = None;
    for hop in 0..facts.hops.len() {
        let lang = trace.as_ref().map(|t| t.lang);
        // For the outcome alone, only a hop the chain goes on from keeps its obligations.
        let keep = match keep {
            Keep::Outcome if hop + 1 < facts.hops.len() => Keep::Obligations,
            keep => keep,
        };
        let (mut outcome, traced) = judge_hop(policy, facts, hop, rules, lang, keep);
        // Only a trace records which exceptions lifted a check: the plain path allocates
        // nothing for it.
        let mut lifted = trace.is_some().then(Vec::new);
        let findings = chain_checks(policy, facts, hop, last.as_ref(), lifted.as_mut());
        for (kind, check) in &findings {
            outcome.raise(*kind, [*check]);
        }
        if let (Some(out), Some(traced)) = (trace.as_deref_mut(), traced) {
            let mut h = hop_trace(policy, facts, hop, &outcome, findings, traced, out.lang);
            h.lifted = lifted.unwrap_or_default();
            out.hops.push(h);
        }
        if let Some(kind) = outcome.kind {
            if chain {
                overall.raise(kind, outcome.deciders.iter().copied());
            } else {
                // One hop: its rules are the decision's; nothing reads them from `last`
                // once the hop is denied.
                overall.raise(kind, std::mem::take(&mut outcome.deciders));
            }
        }
        last = Some(outcome);
    }
    match (overall.kind, last) {
        (None, Some(last)) => Judgement {
            kind: None,
            deciders: last.deciders,
            obligations: last.obligations,
        },
        (Some(kind), Some(_)) => Judgement {
            kind: Some(kind),
            deciders: overall.deciders,
            obligations: Imposed::new(),
        },
        // A resolved flow has at least one hop; fail closed if it has none.
        (_, None) => Judgement {
            kind: Some(DenyKind::Error),
            deciders: Deciders::new(),
            obligations: Imposed::new(),
        },
    }
}

/// The outcome and deny kind of facts already resolved, judged as [`outcome`] judges them:
/// for [`super::ResolveCache`], which resolves the parts of many flows once each.
pub(crate) fn outcome_of_facts(
    policy: &CompiledPolicy,
    facts: &Facts<'_>,
) -> (Outcome, Option<DenyKind>) {
    let kind = outcome_kind(policy, facts);
    (outcome_of(kind), kind)
}

/// The deny kind of a resolved flow, `None` for an allow: [`judge`]'s with [`Keep::Outcome`],
/// without keeping anything else. Every hop is judged by [`hop_kind`], from bits; of a hop
/// the chain goes on from, only whether the next hop's onward-obligation check fails is
/// kept (what that check reads of its obligations), and the chain checks by [`chain_kind`].
fn outcome_kind(policy: &CompiledPolicy, facts: &Facts<'_>) -> Option<DenyKind> {
    let last = facts.hops.len().saturating_sub(1);
    let mut worst: Option<DenyKind> = None;
    // Whether the obligations of the hop before bar the current one (none before the first).
    let mut barred = false;
    for hop in 0..=last {
        let (kind, bars_next) = hop_kind(policy, facts, hop);
        raise(&mut worst, kind);
        raise(&mut worst, chain_kind(policy, facts, hop, barred));
        barred = bars_next;
    }
    worst
}

/// Keeps in `worst` the more serious of it and `kind`, as [`HopOutcome::raise`] keeps it.
fn raise(worst: &mut Option<DenyKind>, kind: Option<DenyKind>) {
    if let Some(kind) = kind
        && worst.is_none_or(|w| kind.severity() > w.severity())
    {
        *worst = Some(kind);
    }
}

/// The deny kind of a hop of a flow judged for its outcome alone, `None` for an allow:
/// [`judge_hop`]'s, from bits rather than lists of rules, the rules by their compiled
/// conditions (see [`crate::model::Program`]), those that can no longer change it left out
/// (see [`settled`]). With it, for a hop the chain goes on from, whether its obligations bar
/// the next hop: [`chain_checks`]' onward-obligation check finds that some allow or require
/// that applies to a hop its rules allow carries `no onward transfer`, or a scope the next
/// hop leaves. Of the rules that can no longer change the kind, those that carry such an
/// obligation are then still judged, until one is found that bars.
fn hop_kind(policy: &CompiledPolicy, facts: &Facts<'_>, hop: usize) -> (Option<DenyKind>, bool) {
    let ctx = Ctx { policy, facts, hop };
    let h = ctx.hop();
    let next = (hop + 1 < facts.hops.len()).then(|| facts.hop(hop + 1));
    let index = policy.rule_index();
    let mut found = if h.dpia.is_some() { Applying::DPIA } else { 0 };
    // A hop the chain does not go on from has no obligation the outcome reads.
    if next.is_none() {
        found |= Applying::BARS;
    }
    // An allow that cannot be decided, and an applying allow or require whose DPIA the hop
    // does not state: each makes a gap of what would otherwise be allowed.
    let mut unknown_allow = false;
    let mut dpia_unstated = false;
    let probe = ctx.probe();
    index.for_each_selected_by_effect(Some(&probe), |i, selected| {
        let (Some(rule), Some(program)) = (policy.rules.get(i), index.program(i)) else {
            return true;
        };
        // Obligations are read only of a hop its rules allow: once a deny, an undecided
        // rule or a review applies, none is.
        let bars = found & (Applying::DENY | Applying::UNKNOWN | Applying::REVIEW | Applying::BARS)
            == 0
            && (program.onward.any || program.onward.scoped);
        if !bars && settled(rule.effect, program.dpia, Keep::Outcome, found) {
            return true;
        }
        let when = ctx.run(if selected {
            &program.selected
        } else {
            &program.when
        });
        let t = applies_from(when, || program.unless.as_ref().map(|u| ctx.run(u)));
        // An allow or require that applies: its DPIA and its onward obligations.
        let imposes = |found: &mut u8, unstated: &mut bool| {
            if program.dpia {
                *found |= Applying::DPIA;
                *unstated |= h.dpia.is_none();
            }
            if bars
                && let Some(next) = next
                && (program.onward.any || barred_by(policy, rule, h, next))
            {
                *found |= Applying::BARS;
            }
        };
        match (rule.effect, t) {
            (_, Truth::False) => {}
            // Once a deny applies, no rule changes the outcome.
            (Effect::Deny, Truth::True) => {
                found |= Applying::DENY;
                return false;
            }
            (Effect::Deny | Effect::Review, Truth::Unknown) => found |= Applying::UNKNOWN,
            (Effect::Review, Truth::True) => {
                if !approved(&ctx, rule) {
                    found |= Applying::REVIEW;
                }
            }
            (Effect::Allow, Truth::True) => {
                found |= Applying::ALLOW;
                imposes(&mut found, &mut dpia_unstated);
            }
            (Effect::Allow, Truth::Unknown) => unknown_allow = true,
            // An obligation whose condition cannot be decided is imposed: the stricter reading.
            (Effect::Require, _) => imposes(&mut found, &mut dpia_unstated),
        }
        true
    });
    let has = |bit: u8| found & bit != 0;
    let kind = if has(Applying::DENY) {
        Some(DenyKind::Forbidden)
    } else if has(Applying::UNKNOWN) {
        Some(DenyKind::Gap)
    } else if has(Applying::REVIEW) {
        Some(DenyKind::ReviewRequired)
    } else if has(Applying::ALLOW) {
        dpia_unstated.then_some(DenyKind::Gap)
    } else if unknown_allow {
        Some(DenyKind::Gap)
    } else {
        Some(DenyKind::NotPermitted)
    };
    // A hop its rules deny imposes no obligation (see `judge_hop`).
    (
        kind,
        kind.is_none() && next.is_some() && has(Applying::BARS),
    )
}

/// Whether a scoped `no onward transfer` of `rule`, imposed on hop `h`, bars the hop `next`
/// (see [`chain_checks`]).
fn barred_by(policy: &CompiledPolicy, rule: &Rule, h: &HopFacts<'_>, next: &HopFacts<'_>) -> bool {
    rule.obligations.iter().any(|o| match o {
        Obligation::NoOnwardTransferOutside(scope) => {
            !scope.allows(policy.party_at(h.to), policy.party_at(next.to))
        }
        _ => false,
    })
}

/// The most serious deny kind [`chain_checks`] finds on `hop`, from bits: `barred` is
/// whether the obligations of the hop before bar this one (see [`hop_kind`]). A check that
/// fails is then lifted by the policy's exceptions as there.
fn chain_kind(
    policy: &CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    barred: bool,
) -> Option<DenyKind> {
    let current = facts.hop(hop);
    let purpose = match facts.collected_for {
        Some(c) if !compatible(policy, current.purpose, c) => Some(DenyKind::Forbidden),
        None if facts.hops.len() > 1 => Some(DenyKind::Gap),
        _ => None,
    };
    let agreement = hop > 0 && {
        let prev = Ctx {
            policy,
            facts,
            hop: hop - 1,
        };
        prev.hop()
            .agreement
            .or_else(|| prev.covering_agreement())
            .and_then(|a| policy.agreements.get(a))
            .is_some_and(|a| !a.onward_transfer)
    };
    // Nearly every hop passes every check.
    if purpose.is_none() && !agreement && !barred {
        return None;
    }
    let forbidden = |fails: bool| fails.then_some(DenyKind::Forbidden);
    let mut worst = None;
    for (check, kind) in [
        (Check::PurposeLimitation, purpose),
        (Check::OnwardTransfer, forbidden(agreement)),
        (Check::OnwardObligation, forbidden(barred)),
    ] {
        if let Some(kind) = kind {
            raise(&mut worst, unless_excepted(policy, facts, hop, check, kind));
        }
    }
    worst
}

/// The kind a failed built-in `check` calls for on `hop` once the policy's exceptions are
/// read, as [`chain_checks`] reads them: none when one holds, a gap when none does but one
/// cannot be decided, else `kind`.
fn unless_excepted(
    policy: &CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    check: Check,
    kind: DenyKind,
) -> Option<DenyKind> {
    let ctx = Ctx { policy, facts, hop };
    let mut unknown = false;
    for e in policy.check_exceptions.iter().filter(|e| e.check == check) {
        match ctx.cond(&e.unless) {
            Truth::True => return None,
            Truth::Unknown => unknown = true,
            Truth::False => {}
        }
    }
    Some(if unknown { DenyKind::Gap } else { kind })
}

fn outcome_of(kind: Option<DenyKind>) -> Outcome {
    match kind {
        None => Outcome::Allow,
        Some(DenyKind::ReviewRequired) => Outcome::Review,
        Some(_) => Outcome::Deny,
    }
}

/// Puts a judgement in words: each deciding rule with its cite, place and the facts it was
/// evaluated on, the reason, and the merged obligations. With a recorded evaluation, the
/// facts are read from it; without, the deciding rules' facts are gathered by walking their
/// conditions once more with a recorder (only theirs: a verdict never gets here).
fn render(
    policy: &CompiledPolicy,
    flow: &Flow,
    facts: &Facts<'_>,
    j: Judgement<'_>,
    recorded: Option<&Recorded<'_>>,
    lang: Lang,
) -> Decision {
    let chain = facts.hops.len() > 1;
    let determining: Vec<Determining> = j
        .deciders
        .iter()
        .filter_map(|d| {
            let (hop, mut out) = match d {
                Decider::Rule { hop, index } => {
                    let rule = policy.rules.get(*index)?;
                    let traced = recorded
                        .and_then(|r| r.hops.get(*hop))
                        .and_then(|h| h.rules.get(*index));
                    let ctx = Ctx {
                        policy,
                        facts,
                        hop: *hop,
                    };
                    let mut reasons = match traced {
                        Some(t) => traced_facts(t, rule, &ctx),
                        None => rule_facts(&ctx, rule),
                    };
                    // An allow or require that decides a deny did so by its `dpia`.
                    if j.kind.is_some()
                        && matches!(rule.effect, Effect::Allow | Effect::Require)
                        && rule.obligations.contains(&Obligation::Dpia)
                        && facts.hop(*hop).dpia.is_none()
                    {
                        reasons.push(Fact::DpiaUnstated);
                    }
                    (*hop, determining(policy, *index, rule, reasons, lang))
                }
                Decider::Check { hop, check, found } => {
                    let mut d = builtin(policy, *check, found.finding(policy), lang);
                    exception_facts(policy, facts, *hop, *check, &mut d);
                    (*hop, d)
                }
            };
            if chain {
                out.hop = Some(hop + 1);
            }
            Some(out)
        })
        .collect();
    // The one sentence is put into words when it is read, as the facts are.
    let (reason, obligations) = match j.kind {
        None => (
            Reason::allowed(&determining, lang),
            merge(policy, &j.obligations, facts.dpia, lang),
        ),
        Some(kind) => (Reason::denied(kind, &determining, lang), Vec::new()),
    };
    Decision {
        decision: outcome_of(j.kind),
        kind: j.kind,
        reason,
        flow: flow.id.clone(),
        policy: policy.quotes().hash.clone(),
        determining,
        obligations,
        errors: Vec::new(),
    }
}

/// Every rule of one hop as it was evaluated, and the chain checks that failed there.
#[allow(clippy::too_many_arguments)]
fn hop_trace(
    policy: &CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    outcome: &HopOutcome,
    findings: Findings,
    mut rules: Vec<RuleTrace>,
    lang: Lang,
) -> HopTrace {
    let h = facts.hop(hop);
    for r in &mut rules {
        r.determining = outcome
            .deciders
            .iter()
            .any(|d| matches!(d, Decider::Rule { index, .. } if *index == r.index));
    }
    HopTrace {
        hop: hop + 1,
        from: policy.party_at(h.from).name.clone(),
        to: policy.party_at(h.to).name.clone(),
        purpose: policy.purposes.name(h.purpose).to_owned(),
        outcome: outcome.kind,
        rules,
        lifted: Vec::new(),
        checks: findings
            .into_iter()
            .filter_map(|(_, d)| match d {
                Decider::Check { hop, check, found } => {
                    let mut d = builtin(policy, check, found.finding(policy), lang);
                    exception_facts(policy, facts, hop, check, &mut d);
                    Some(d)
                }
                Decider::Rule { .. } => None,
            })
            .collect(),
    }
}

/// Whether the hop carries the approval a review rule asks for.
fn approved(ctx: &Ctx<'_, '_>, rule: &Rule) -> bool {
    rule.approval
        .as_ref()
        .is_some_and(|role| ctx.hop().approved_by(role))
}

/// Whether a rule applies, from the values of its `when` and its `unless`: `when` holds and
/// `unless` does not. (`unless` is not asked when `when` is false.)
fn applies_from(when: Truth, unless: impl FnOnce() -> Option<Truth>) -> Truth {
    match when {
        Truth::False => Truth::False,
        when => match unless() {
            Some(Truth::True) => Truth::False,
            Some(Truth::Unknown) => Truth::Unknown,
            _ => when,
        },
    }
}

/// Whether a rule applies on the hop of `ctx`.
fn applies(ctx: &Ctx<'_, '_>, rule: &Rule) -> Truth {
    applies_from(ctx.cond(&rule.when), || {
        rule.unless.as_ref().map(|u| ctx.cond(u))
    })
}

/// The facts a deciding rule was decided on, gathered by walking its conditions with a
/// recorder: those of `when` that decided it, every fact of its exception, an approval that
/// does not count.
fn rule_facts(ctx: &Ctx<'_, '_>, rule: &Rule) -> Vec<Fact> {
    let mut facts = Vec::with_capacity(4);
    ctx.deciding_facts(&rule.when, &mut facts);
    if let Some(unless) = &rule.unless {
        let mut exception = Vec::new();
        let value = ctx.every_fact(unless, &mut exception);
        facts.push(Fact::Exception {
            value,
            facts: exception,
        });
    }
    facts.extend(late(ctx, rule));
    facts
}

/// The same facts, read from the recorded evaluation of the rule.
fn traced_facts(t: &RuleTrace, rule: &Rule, ctx: &Ctx<'_, '_>) -> Vec<Fact> {
    let mut facts = Vec::with_capacity(4);
    deciding_of(&t.when, &mut facts);
    if let Some(unless) = &t.unless {
        let mut exception = Vec::new();
        every_of(unless, &mut exception);
        facts.push(Fact::Exception {
            value: unless.value,
            facts: exception,
        });
    }
    facts.extend(late(ctx, rule));
    facts
}

/// The fact of every test of a recorded condition, in the order written (an exception shows
/// all of its conditions).
fn every_of(t: &CondTrace, out: &mut Vec<Fact>) {
    out.extend(t.reason.clone());
    t.parts.iter().for_each(|p| every_of(p, out));
}

/// The facts that decided a recorded condition, as the short-cut walk keeps them: for `and`
/// the first part that failed (else every part), for `or` the first that held (else every
/// part), through `not`.
fn deciding_of(t: &CondTrace, out: &mut Vec<Fact>) {
    let decisive = match t.node {
        Node::Test => {
            out.extend(t.reason.clone());
            return;
        }
        Node::Not => {
            t.parts.iter().for_each(|p| deciding_of(p, out));
            return;
        }
        Node::All => Truth::False,
        Node::Any => Truth::True,
    };
    match t.parts.iter().find(|p| p.value == decisive) {
        Some(p) => deciding_of(p, out),
        None => t.parts.iter().for_each(|p| deciding_of(p, out)),
    }
}

/// For a review rule: the approval the hop carries that does not count, dated after it or
/// expired at it, with the dates.
fn late(ctx: &Ctx<'_, '_>, rule: &Rule) -> Option<Fact> {
    let role = rule.approval.as_deref()?;
    if ctx.hop().approved_by(role) {
        return None;
    }
    match ctx.uncounted_approval(role) {
        Fact::ApprovalMissing { .. } => None,
        fact => Some(fact),
    }
}

fn determining(
    policy: &CompiledPolicy,
    i: usize,
    rule: &Rule,
    reasons: Vec<Fact>,
    lang: Lang,
) -> Determining {
    // The names, citation and place are the policy's, shared: a decision copies none.
    let quotes = policy.quotes();
    let shared = quotes.rules.get(i);
    Determining {
        rule: shared.map_or_else(|| Arc::from(rule.name.as_str()), |q| q.name.clone()),
        check: None,
        effect: quotes.effect(rule.effect),
        cite: shared.and_then(|q| q.cite.clone()),
        at: shared.and_then(|q| q.at.clone()),
        hop: None,
        approval_by: shared.and_then(|q| q.approval_by.clone()),
        reasons,
        lang,
        given: None,
    }
}

/// Judges one hop. With `trace` (a language), every rule is also recorded in full, and the
/// judgement is made from that same evaluation.
fn judge_hop<'p>(
    policy: &'p CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    rules: Rules,
    trace: Option<Lang>,
    keep: Keep,
) -> (HopOutcome<'p>, Option<Vec<RuleTrace>>) {
    let ctx = Ctx { policy, facts, hop };
    let mut denies = Indexes::new();
    let mut unknown = Indexes::new();
    let mut reviews = Indexes::new();
    let mut allows = Indexes::new();
    let mut unknown_allows = Indexes::new();
    let mut requires = Indexes::new();
    let mut traced: Option<Vec<RuleTrace>> = trace.map(|_| Vec::with_capacity(policy.rules.len()));
    // For an outcome alone (no trace, no deciders), a rule whose value can no longer change
    // what the hop's outcome reads is not evaluated.
    let settle = keep != Keep::Deciders && trace.is_none();
    // What applies so far, for `settled`; a DPIA stated settles whether one is needed.
    let found = Cell::new(if ctx.hop().dpia.is_some() {
        Applying::DPIA
    } else {
        0
    });
    let see = |bits: u8| found.set(found.get() | bits);
    // A rule that applies and carries a DPIA obligation the hop may not state.
    let see_dpia = |requires_dpia: bool| {
        if found.get() & Applying::DPIA == 0 && requires_dpia {
            see(Applying::DPIA);
        }
    };
    // `selected`: the index selected the rule, so that its compiled condition may leave out
    // what the selection guarantees.
    let mut judge = |i: usize, selected: bool| {
        let Some(rule) = policy.rules.get(i) else {
            return;
        };
        let program = settle.then(|| policy.rule_index().program(i)).flatten();
        let dpia = program.map_or_else(|| requires_dpia(rule), |p| p.dpia);
        if settle && settled(rule.effect, dpia, keep, found.get()) {
            return;
        }
        let t = match (trace, traced.as_mut(), program) {
            // The outcome alone: the compiled condition, which has the tree's value.
            (None, _, Some(p)) => applies_from(
                ctx.run(if selected { &p.selected } else { &p.when }),
                || p.unless.as_ref().map(|u| ctx.run(u)),
            ),
            (Some(lang), Some(out), _) => {
                let when = ctx.trace(&rule.when, lang);
                let unless = rule.unless.as_ref().map(|u| ctx.trace(u, lang));
                let t = applies_from(when.value, || unless.as_ref().map(|u| u.value));
                out.push(RuleTrace {
                    index: i,
                    rule: rule.name.clone(),
                    effect: rule.effect.keyword().to_owned(),
                    applies: t,
                    approved: (rule.effect == Effect::Review && t == Truth::True)
                        .then(|| approved(&ctx, rule)),
                    determining: false,
                    when,
                    unless,
                });
                t
            }
            _ => applies(&ctx, rule),
        };
        match (rule.effect, t) {
            (_, Truth::False) => {}
            (Effect::Deny, Truth::True) => {
                see(Applying::DENY);
                denies.push(i);
            }
            (Effect::Deny | Effect::Review, Truth::Unknown) => {
                see(Applying::UNKNOWN);
                unknown.push(i);
            }
            (Effect::Review, Truth::True) => {
                if !approved(&ctx, rule) {
                    see(Applying::REVIEW);
                    reviews.push(i);
                }
            }
            (Effect::Allow, Truth::True) => {
                see(Applying::ALLOW);
                see_dpia(dpia);
                allows.push(i);
            }
            (Effect::Allow, Truth::Unknown) => unknown_allows.push(i),
            // An obligation whose condition cannot be decided is imposed: the stricter reading.
            (Effect::Require, _) => {
                see_dpia(dpia);
                requires.push(i);
            }
        }
    };
    let h = ctx.hop();
    let probe = ctx.probe();
    if settle {
        // The most serious effects first, so that a deny that applies settles the hop before
        // the allows and requires are evaluated (see `settled`). Each list keeps the policy's
        // order within an effect, as the obligations read from it expect.
        let probe = (rules == Rules::Indexed).then_some(&probe);
        policy
            .rule_index()
            .for_each_selected_by_effect(probe, |i, selected| {
                judge(i, selected);
                // Once a deny applies, no rule changes the outcome.
                found.get() & Applying::DENY == 0
            });
    } else {
        let indexed = rules == Rules::Indexed
            && policy
                .rule_index()
                .for_each_candidate(&probe, |i| judge(i, true));
        if !indexed {
            (0..policy.rules.len()).for_each(|i| judge(i, false));
        }
    }
    let pick = |idx: &[usize]| -> Deciders {
        match keep {
            Keep::Deciders => idx
                .iter()
                .map(|&index| Decider::Rule { hop, index })
                .collect(),
            Keep::Obligations | Keep::Outcome => Deciders::new(),
        }
    };
    let (kind, deciders) = if !denies.is_empty() {
        (Some(DenyKind::Forbidden), pick(&denies))
    } else if !unknown.is_empty() {
        (Some(DenyKind::Gap), pick(&unknown))
    } else if !reviews.is_empty() {
        (Some(DenyKind::ReviewRequired), pick(&reviews))
    } else if !allows.is_empty() {
        (None, pick(&allows))
    } else if !unknown_allows.is_empty() {
        (Some(DenyKind::Gap), pick(&unknown_allows))
    } else {
        (Some(DenyKind::NotPermitted), Deciders::new())
    };
    // A DPIA is required and the flow does not say which: whether one was made is unknown,
    // so the flow cannot be decided (a gap, like an approval whose date is not stated), and
    // the rules that require it decide. Found before the obligations are gathered, so that a
    // gap's verdict allocates nothing.
    let dpia_gap = if kind.is_none() {
        needs_dpia(policy, allows.iter().chain(&requires), h.dpia)
    } else {
        None
    };
    let (kind, deciders) = match &dpia_gap {
        Some(rules) => (Some(DenyKind::Gap), pick(rules)),
        None => (kind, deciders),
    };
    let obligations: Imposed<'p> = if kind.is_none() && keep != Keep::Outcome {
        allows
            .iter()
            .chain(&requires)
            .flat_map(|&i| {
                policy
                    .rules
                    .get(i)
                    .into_iter()
                    .flat_map(move |r| r.obligations.iter().map(move |o| (i, o)))
            })
            .collect()
    } else {
        Imposed::new()
    };
    (
        HopOutcome {
            kind,
            deciders,
            obligations,
        },
        traced,
    )
}

/// Whether `rule` carries a `dpia` obligation.
fn requires_dpia(rule: &Rule) -> bool {
    rule.obligations.contains(&Obligation::Dpia)
}

/// What applies so far on a hop, as bits, for [`settled`].
struct Applying;

impl Applying {
    /// A deny applies.
    const DENY: u8 = 1;
    /// A deny or a review cannot be decided.
    const UNKNOWN: u8 = 2;
    /// A review applies, unapproved.
    const REVIEW: u8 = 4;
    /// An allow applies.
    const ALLOW: u8 = 8;
    /// Whether a DPIA is needed is settled: the hop states one, or an allow or require that
    /// applies (or may) asks for one.
    const DPIA: u8 = 16;
    /// An allow or require that applies carries an onward obligation that bars the next hop
    /// (or there is none: the last hop). Only [`hop_kind`] reads it.
    const BARS: u8 = 32;
}

/// Whether, for a judgement that keeps no deciders (`keep` is not [`Keep::Deciders`]), a
/// hop's outcome is already settled whatever the value of a rule of `effect` (carrying a
/// `dpia` obligation when `requires_dpia`), given what applies so far
/// (`found`, [`Applying`]'s bits). [`judge_hop`]'s kind is the first of deny, undecided,
/// review, allow that applies, and what it reads of a rule below that cannot change it:
///
/// - a deny that applies settles everything;
/// - once a rule is undecided, only a deny that applies could change the kind (a gap);
/// - once a review is unapproved, only a deny or an undecided rule could;
/// - otherwise, a hop the chain goes on from (`Keep::Obligations`) reads the obligations
///   of every allow and require that applies; the last hop of an outcome only whether one
///   allow applies, and whether any that applies asks for a DPIA the hop does not state.
fn settled(effect: Effect, requires_dpia: bool, keep: Keep, found: u8) -> bool {
    let has = |bit: u8| found & bit != 0;
    match effect {
        _ if has(Applying::DENY) => true,
        Effect::Deny => false,
        _ if has(Applying::UNKNOWN) => true,
        Effect::Review => false,
        _ if has(Applying::REVIEW) => true,
        _ if keep != Keep::Outcome => false,
        Effect::Allow if !has(Applying::ALLOW) => false,
        Effect::Allow | Effect::Require => has(Applying::DPIA) || !requires_dpia,
    }
}

/// Of the rules `applying` (allows and requires that apply), those (by index, without
/// repeats) whose `dpia` obligation the hop leaves without a reference (`stated`, the hop's
/// own or the flow's); `None` when none needs one or the hop states it.
fn needs_dpia<'a>(
    policy: &CompiledPolicy,
    applying: impl Iterator<Item = &'a usize>,
    stated: Option<&str>,
) -> Option<Indexes> {
    if stated.is_some() {
        return None;
    }
    let mut rules = Indexes::new();
    for &i in applying {
        let requires_dpia = policy
            .rules
            .get(i)
            .is_some_and(|r| r.obligations.contains(&Obligation::Dpia));
        if requires_dpia && !rules.contains(&i) {
            rules.push(i);
        }
    }
    (!rules.is_empty()).then_some(rules)
}

/// Chain-level conditions: purpose limitation along the chain, and the onward-transfer
/// terms of the agreement (and obligations) under which the previous hop was made.
/// `previous` is the previous hop's outcome, already judged. Returns the checks that fail,
/// each with the kind of deny it calls for.
fn chain_checks(
    policy: &CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    previous: Option<&HopOutcome>,
    mut lifted: Option<&mut Vec<usize>>,
) -> Findings {
    let current = facts.hop(hop);
    let check = |check: Check, found: Found| Decider::Check { hop, check, found };
    let mut findings = Findings::new();
    let mut violations: SmallVec<[Decider; 2]> = SmallVec::new();
    match facts.collected_for {
        Some(c) if !compatible(policy, current.purpose, c) => violations.push(check(
            Check::PurposeLimitation,
            Found::PurposeIncompatible {
                purpose: current.purpose,
                collected: c,
            },
        )),
        None if facts.hops.len() > 1 => findings.push((
            DenyKind::Gap,
            check(Check::PurposeLimitation, Found::CollectionUnstated),
        )),
        _ => {}
    }
    if hop > 0 {
        let prev = Ctx {
            policy,
            facts,
            hop: hop - 1,
        };
        let upstream = prev.hop().agreement.or_else(|| prev.covering_agreement());
        if let Some(a) =
            upstream.filter(|&a| policy.agreements.get(a).is_some_and(|a| !a.onward_transfer))
        {
            let p = prev.hop();
            violations.push(check(
                Check::OnwardTransfer,
                Found::UpstreamAgreement {
                    agreement: a,
                    from: p.from,
                    to: p.to,
                },
            ));
        }
        // Kept on the previous outcome even when a chain check denied that hop.
        if let Some((i, _)) = previous
            .into_iter()
            .flat_map(|p| &p.obligations)
            .find(|(_, o)| matches!(o, Obligation::NoOnwardTransfer))
        {
            violations.push(check(
                Check::OnwardObligation,
                Found::UpstreamObligation { rule: *i },
            ));
        } else if let Some((rule, obligation)) = previous
            .into_iter()
            .flat_map(|p| &p.obligations)
            .find_map(|&(i, o)| match o {
                // A scope lets the data go to the parties inside it: the recipient of the
                // previous hop, who received it under the obligation, decides what "inside"
                // means for `outside organisation`.
                Obligation::NoOnwardTransferOutside(scope)
                    if !scope
                        .allows(policy.party_at(prev.hop().to), policy.party_at(current.to)) =>
                {
                    let rule = policy.rules.get(i)?;
                    let at = rule.obligations.iter().position(|x| x == o)?;
                    Some((i, at))
                }
                _ => None,
            })
        {
            violations.push(check(
                Check::OnwardObligation,
                Found::UpstreamObligationScope {
                    rule,
                    obligation,
                    received_by: prev.hop().to,
                    recipient: current.to,
                },
            ));
        }
    }
    // Nearly every hop passes every check: nothing to lift then.
    if findings.is_empty() && violations.is_empty() {
        return findings;
    }
    findings.extend(violations.into_iter().map(|v| (DenyKind::Forbidden, v)));
    // The policy's exceptions: one that holds on this hop lifts the check; one that cannot
    // be decided makes a forbidding check a gap (it might hold).
    findings
        .into_iter()
        .filter_map(|(kind, d)| {
            let Decider::Check { check, .. } = d else {
                return Some((kind, d));
            };
            let ctx = Ctx { policy, facts, hop };
            let mut unknown = false;
            for (i, e) in policy.check_exceptions.iter().enumerate() {
                if e.check != check {
                    continue;
                }
                match ctx.cond(&e.unless) {
                    Truth::True => {
                        if let Some(l) = lifted.as_deref_mut() {
                            l.push(i);
                        }
                        return None;
                    }
                    Truth::Unknown => unknown = true,
                    Truth::False => {}
                }
            }
            Some((if unknown { DenyKind::Gap } else { kind }, d))
        })
        .collect()
}

/// Adds to a built-in check's deciding entry the policy's exceptions to it that did not lift
/// it on `hop`, each with its citation and the facts that decided it: an explanation shows
/// that the check has exceptions and why none applies.
fn exception_facts(
    policy: &CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    check: Check,
    out: &mut Determining,
) {
    let ctx = Ctx { policy, facts, hop };
    for e in policy.check_exceptions.iter().filter(|e| e.check == check) {
        let mut found = Vec::new();
        let value = ctx.every_fact(&e.unless, &mut found);
        let reason = Fact::CheckException {
            cite: Name::from(&e.cite),
            value,
            facts: found,
        };
        out.reasons.push(reason);
    }
}

/// A built-in check as a deciding rule: its name in `lang`, its citation (the pack's own, if
/// it gives one, else mandate's in `lang`), its finding.
fn builtin(policy: &CompiledPolicy, check: Check, finding: Finding, lang: Lang) -> Determining {
    let reason = Fact::Check { finding };
    Determining {
        rule: Arc::from(words::check_name(lang, check)),
        check: Some(check),
        effect: policy.quotes().effect(Effect::Deny),
        cite: Some(Arc::from(
            policy
                .check_cite(check)
                .map_or_else(|| words::check_cite(lang, check), str::to_owned),
        )),
        at: None,
        hop: None,
        approval_by: None,
        reasons: vec![reason],
        lang,
        given: None,
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    /// A flow that cannot be read is refused in the reader's language, with its id and the
    /// machine code of the problem.
    #[test]
    fn an_unreadable_flow_is_refused_in_the_readers_language() {
        let engine = crate::Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory c\nsubject s\npurpose p\nparty kind k\n\
             party a kind k jurisdiction \"KE\"\n",
        )])
        .unwrap_or_else(|e| panic!("{e}"));
        let d = decide_json_in(engine.policy(), r#"{"id":"x","at":5}"#, Lang::FR);
        assert_eq!((d.flow.as_str(), d.kind), ("x", Some(DenyKind::Error)));
        assert!(
            d.reason.starts_with("le flux n'est pas valide"),
            "{}",
            d.reason
        );
        // Typed, and in the reader's language too: not the JSON reader's English.
        let error = d.errors.first().expect("an error");
        assert!(
            matches!(error.problem, crate::reason::Problem::WrongKind { .. }),
            "{error:?}"
        );
        assert_eq!(error.path, "/at");
        assert!(error.message.starts_with("attendu : du texte"), "{error:?}");
    }
}

#[cfg(test)]
mod shared_tests {
    use super::*;
    use crate::reason::Fact;

    const POLICY: &str = "policy \"t\" version \"1\"
category personal
category personal.biometric
purpose referral
party kind agency
party kind authority
party unhcr kind agency jurisdiction \"KE\"
party police kind authority jurisdiction \"UG\"

deny \"No biometrics to authorities\"
  when data includes personal and recipient is authority and recipient jurisdiction in [\"UG\", \"KE\"]
  cite \"Handbook\"
";

    fn denied() -> (crate::Engine, Decision) {
        let engine =
            crate::Engine::from_sources([("p.policy", POLICY)]).unwrap_or_else(|e| panic!("{e}"));
        let flow = r#"{"id":"f","at":"2026-03-01T12:00:00Z","from":"unhcr","to":"police",
            "data":["personal.biometric"],"purpose":"referral"}"#;
        let d = decide_json_in(engine.policy(), flow, Lang::EN);
        assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
        (engine, d)
    }

    /// A decision's typed facts quote the policy's own names (the same text in memory, not a
    /// copy) and countries as static words: building them copies no string.
    #[test]
    fn a_decisions_facts_share_the_policys_names() {
        let (engine, d) = denied();
        let p = engine.policy();
        let reasons = &d.determining[0].reasons;
        let same = |a: &str, b: &str| std::ptr::eq(a.as_ptr(), b.as_ptr()) && a == b;
        let within = reasons
            .iter()
            .find_map(|f| match f {
                Fact::DataWithin { path, .. } => Some(path),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{reasons:?}"));
        let biometric = p.categories.id("personal.biometric").unwrap_or_default();
        let quoted = p.quotes().term(Sort::Category, biometric);
        assert!(quoted.is_some_and(|q| same(&within[0], q)), "{within:?}");
        let (party, country) = reasons
            .iter()
            .find_map(|f| match f {
                Fact::PartyCountry { party, country, .. } => Some((party, country)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{reasons:?}"));
        let police = p.party("police").unwrap_or_default();
        let q = p.quotes().party(police).unwrap_or_else(|| panic!("quotes"));
        assert!(same(party, &q.name) && same(country, &q.jurisdiction));
        // The JSON is the same as for a name that owns its text.
        assert_eq!(
            serde_json::to_string(party).unwrap_or_default(),
            r#""police""#
        );
    }

    /// The one-sentence reason is put into words only when it is read, and then says what it
    /// said when it was written at once.
    #[test]
    fn the_reason_is_words_only_when_read() {
        let (_engine, d) = denied();
        assert!(!d.reason.is_rendered());
        let copy = d.clone();
        assert_eq!(
            d.reason.as_str(),
            r#"forbidden by "No biometrics to authorities""#
        );
        assert!(d.reason.is_rendered() && !copy.reason.is_rendered());
        assert!(
            d.to_json().contains(r#""reason":"forbidden by"#),
            "{}",
            d.to_json()
        );
        let back: Decision = serde_json::from_str(&d.to_json()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, copy);
    }
}
