//! The decision semantics (DESIGN.md): fail closed; any applying `deny` wins; then a rule
//! that cannot be decided for lack of facts; then an unapproved `review`; then an applying
//! `allow` (with the merged obligations of applying `allow` and `require` rules); else
//! default deny. Rule order and file order never matter: every rule is evaluated and the
//! results are combined by kind, not by position.

use super::atoms::{Ctx, Truth, compatible};
use super::decision::{Decision, DenyKind, Determining, Outcome};
use super::facts::{Facts, category_of, resolve};
use super::flow::Flow;
use super::obligations::merge;
use super::trace::{HopTrace, RuleTrace, Traced};
use super::verdict::{DecidedBy, Deciding, Verdict};
use crate::model::{CompiledPolicy, Effect, Obligation, Probe, Rule};
use smallvec::SmallVec;

/// Rules of one hop, by index: inline for the few that decide a common flow, so that
/// judging it allocates nothing.
type Indexes = SmallVec<[usize; 4]>;
/// What decided, inline for the common one or two.
type Deciders = SmallVec<[Decider; 2]>;
/// Obligations of the applying rules, by rule.
type Imposed<'p> = SmallVec<[(usize, &'p Obligation); 4]>;

/// What decided a hop: a rule, or a built-in chain check with its finding. Only rule
/// indexes while judging; the words (facts, cites, locations) are written afterwards, and
/// only for a [`Decision`], never for a [`Verdict`].
#[derive(Clone, Debug)]
enum Decider {
    Rule {
        hop: usize,
        index: usize,
    },
    Check {
        hop: usize,
        name: &'static str,
        fact: String,
    },
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
            Some(current) if kind > current => {}
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

/// Which rules a hop evaluates. Both give the same decision: the index skips only rules
/// whose condition is definitely false for the hop (see [`crate::model::RuleIndex`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rules {
    /// The candidates the policy's rule index selects.
    Indexed,
    /// Every rule.
    All,
}

/// Decides `flow` under `policy`.
pub fn decide(policy: &CompiledPolicy, flow: &Flow) -> Decision {
    decide_with(policy, flow, None, Rules::Indexed)
}

/// Decides `flow` evaluating every rule, without the rule index: the reference the indexed
/// [`decide`] is tested against. It returns the same decision, more slowly.
pub fn decide_all_rules(policy: &CompiledPolicy, flow: &Flow) -> Decision {
    decide_with(policy, flow, None, Rules::All)
}

fn decide_with(
    policy: &CompiledPolicy,
    flow: &Flow,
    trace: Option<&mut Vec<HopTrace>>,
    rules: Rules,
) -> Decision {
    let facts = match resolve(policy, flow) {
        Ok(f) => f,
        Err(errors) => return Decision::error(&flow.id, &policy.hash, errors),
    };
    let j = judge(policy, &facts, trace, rules);
    render(policy, flow, &facts, j)
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
    let j = judge(policy, &facts, None, Rules::Indexed);
    let chain = facts.hops.len() > 1;
    let hop = |h: usize| chain.then_some(h + 1);
    let deciding = Deciding(
        j.deciders
            .iter()
            .map(|d| match d {
                Decider::Rule { hop: h, index } => (DecidedBy::Rule(*index), hop(*h)),
                Decider::Check { hop: h, name, .. } => (DecidedBy::Check(name), hop(*h)),
            })
            .collect(),
    );
    Verdict {
        decision: outcome_of(j.kind),
        kind: j.kind,
        deciding,
        obligations: match j.kind {
            None => merge(policy, &j.obligations),
            Some(_) => Vec::new(),
        },
        errors: Vec::new(),
    }
}

/// Decides `flow` and keeps the full evaluation: every hop, rule and condition. The decision
/// is the one [`decide`] returns.
pub fn trace(policy: &CompiledPolicy, flow: &Flow) -> Traced {
    let mut hops = Vec::new();
    // An explanation shows every rule anyway, so it decides on every rule too: the plain
    // path's index is then checked against it by every explanation test.
    let decision = decide_with(policy, flow, Some(&mut hops), Rules::All);
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
/// given, every hop is also recorded in full.
fn judge<'p>(
    policy: &'p CompiledPolicy,
    facts: &Facts<'_>,
    mut trace: Option<&mut Vec<HopTrace>>,
    rules: Rules,
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
        let mut outcome = judge_hop(policy, facts, hop, rules);
        let findings = chain_checks(policy, facts, hop, last.as_ref());
        for (kind, check) in &findings {
            outcome.raise(*kind, [check.clone()]);
        }
        if let Some(out) = trace.as_deref_mut() {
            out.push(hop_trace(policy, facts, hop, &outcome, findings));
        }
        if let Some(kind) = outcome.kind {
            if chain {
                overall.raise(kind, outcome.deciders.iter().cloned());
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

fn outcome_of(kind: Option<DenyKind>) -> Outcome {
    match kind {
        None => Outcome::Allow,
        Some(DenyKind::ReviewRequired) => Outcome::Review,
        Some(_) => Outcome::Deny,
    }
}

/// Puts a judgement in words: each deciding rule with its cite, place and the facts it was
/// evaluated on, the reason, and the merged obligations.
fn render(policy: &CompiledPolicy, flow: &Flow, facts: &Facts<'_>, j: Judgement<'_>) -> Decision {
    let chain = facts.hops.len() > 1;
    let determining: Vec<Determining> = j
        .deciders
        .iter()
        .map(|d| {
            let (hop, mut out) = match d {
                Decider::Rule { hop, index } => {
                    let ctx = Ctx {
                        policy,
                        facts,
                        hop: *hop,
                    };
                    (*hop, determining(&ctx, *index, &policy.rules[*index]))
                }
                Decider::Check { hop, name, fact } => (*hop, builtin(name, fact.clone())),
            };
            if chain {
                out.hop = Some(hop + 1);
            }
            out
        })
        .collect();
    let (reason, obligations) = match j.kind {
        None => {
            let reason = match determining.as_slice() {
                [one] => format!("allowed by \"{}\"", one.rule),
                many => format!("allowed by {} rules", many.len()),
            };
            (reason, merge(policy, &j.obligations))
        }
        Some(kind) => (deny_reason(kind, &determining), Vec::new()),
    };
    Decision {
        decision: outcome_of(j.kind),
        kind: j.kind,
        reason,
        flow: flow.id.clone(),
        policy: policy.hash.clone(),
        determining,
        obligations,
        errors: Vec::new(),
    }
}

/// Every rule of one hop, evaluated in full, and the chain checks that failed there.
fn hop_trace(
    policy: &CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    outcome: &HopOutcome,
    findings: Vec<(DenyKind, Decider)>,
) -> HopTrace {
    let ctx = Ctx { policy, facts, hop };
    let h = ctx.hop();
    let rules = policy
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let applies = applies(&ctx, rule);
            let approved = (rule.effect == Effect::Review && applies == Truth::True)
                .then(|| approved(&ctx, rule));
            RuleTrace {
                index: i,
                rule: rule.name.clone(),
                effect: rule.effect.keyword().to_owned(),
                applies,
                approved,
                determining: outcome
                    .deciders
                    .iter()
                    .any(|d| matches!(d, Decider::Rule { index, .. } if *index == i)),
                when: ctx.trace(&rule.when),
                unless: rule.unless.as_ref().map(|u| ctx.trace(u)),
            }
        })
        .collect();
    HopTrace {
        hop: hop + 1,
        from: policy.parties[h.from as usize].name.clone(),
        to: policy.parties[h.to as usize].name.clone(),
        purpose: policy.purposes.name(h.purpose).to_owned(),
        outcome: outcome.kind,
        rules,
        checks: findings
            .into_iter()
            .filter_map(|(_, d)| match d {
                Decider::Check { name, fact, .. } => Some(builtin(name, fact)),
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

fn deny_reason(kind: DenyKind, determining: &[Determining]) -> String {
    // A rule (or chain check) that decided several hops is named once.
    let mut unique: Vec<&str> = Vec::new();
    for d in determining {
        if !unique.contains(&d.rule.as_str()) {
            unique.push(&d.rule);
        }
    }
    let names = || {
        unique
            .iter()
            .map(|r| format!("\"{r}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match kind {
        DenyKind::Forbidden => format!("forbidden by {}", names()),
        DenyKind::Gap => format!(
            "cannot be decided: {} need{} facts the flow does not state",
            names(),
            if unique.len() == 1 { "s" } else { "" }
        ),
        DenyKind::ReviewRequired => {
            let roles: Vec<String> = determining
                .iter()
                .filter_map(|d| d.approval_by.clone())
                .collect();
            format!("needs approval by {} first ({})", roles.join(", "), names())
        }
        DenyKind::NotPermitted => "not permitted: no rule allows this flow".into(),
        DenyKind::Error => "the flow is invalid".into(),
    }
}

/// Whether a rule applies: `when` holds and `unless` does not.
fn applies(ctx: &Ctx<'_, '_>, rule: &Rule) -> Truth {
    match ctx.cond(&rule.when, None) {
        Truth::False => Truth::False,
        when => match rule.unless.as_ref().map(|u| ctx.cond(u, None)) {
            Some(Truth::True) => Truth::False,
            Some(Truth::Unknown) => Truth::Unknown,
            _ => when,
        },
    }
}

fn determining(ctx: &Ctx<'_, '_>, i: usize, rule: &Rule) -> Determining {
    let mut facts = Vec::with_capacity(4);
    ctx.cond(&rule.when, Some(&mut facts));
    if let Some(unless) = &rule.unless {
        let mut exception = Vec::new();
        let t = ctx.cond(unless, Some(&mut exception));
        let verdict = match t {
            Truth::True => "holds",
            Truth::False => "does not hold",
            Truth::Unknown => "cannot be decided",
        };
        facts.push(format!("exception {verdict}: {}", exception.join("; ")));
    }
    if let Some(late) = rule
        .approval
        .as_deref()
        .and_then(|role| ctx.hop().late_approval(role))
    {
        facts.push(late);
    }
    Determining {
        rule: rule.name.clone(),
        effect: rule.effect.keyword().to_owned(),
        cite: rule.cite.clone(),
        at: ctx.policy.locations.get(i).map(location),
        hop: None,
        approval_by: rule.approval.clone(),
        facts,
    }
}

/// `file:line:column`, written straight into a string of the right size: this runs for
/// every deciding rule of every decision.
fn location(l: &crate::source::Location) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(l.file.len() + 12);
    out.push_str(&l.file);
    let _ = write!(out, ":{}:{}", l.line, l.column);
    out
}

fn judge_hop<'p>(
    policy: &'p CompiledPolicy,
    facts: &Facts<'_>,
    hop: usize,
    rules: Rules,
) -> HopOutcome<'p> {
    let ctx = Ctx { policy, facts, hop };
    let mut denies = Indexes::new();
    let mut unknown = Indexes::new();
    let mut reviews = Indexes::new();
    let mut allows = Indexes::new();
    let mut unknown_allows = Indexes::new();
    let mut requires = Indexes::new();
    let mut judge = |i: usize| {
        let rule = &policy.rules[i];
        let t = applies(&ctx, rule);
        match (rule.effect, t) {
            (_, Truth::False) => {}
            (Effect::Deny, Truth::True) => denies.push(i),
            (Effect::Deny | Effect::Review, Truth::Unknown) => unknown.push(i),
            (Effect::Review, Truth::True) => {
                if !approved(&ctx, rule) {
                    reviews.push(i);
                }
            }
            (Effect::Allow, Truth::True) => allows.push(i),
            (Effect::Allow, Truth::Unknown) => unknown_allows.push(i),
            // An obligation whose condition cannot be decided is imposed: the stricter reading.
            (Effect::Require, _) => requires.push(i),
        }
    };
    let h = ctx.hop();
    let indexed = rules == Rules::Indexed
        && policy.rule_index().for_each_candidate(
            &Probe {
                sender_kind: policy.parties[h.from as usize].kind,
                recipient_kind: policy.parties[h.to as usize].kind,
                purpose: h.purpose,
                categories: &facts.categories,
            },
            &mut judge,
        );
    if !indexed {
        (0..policy.rules.len()).for_each(&mut judge);
    }
    let pick = |idx: &[usize]| -> Deciders {
        idx.iter()
            .map(|&index| Decider::Rule { hop, index })
            .collect()
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
    let obligations = if kind.is_none() {
        allows
            .iter()
            .chain(&requires)
            .flat_map(|&i| policy.rules[i].obligations.iter().map(move |o| (i, o)))
            .collect()
    } else {
        Imposed::new()
    };
    HopOutcome {
        kind,
        deciders,
        obligations,
    }
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
) -> Vec<(DenyKind, Decider)> {
    let current = &facts.hops[hop];
    let check = |name: &'static str, fact: String| Decider::Check { hop, name, fact };
    let mut findings = Vec::new();
    let mut violations = Vec::new();
    match facts.collected_for {
        Some(c) if !compatible(policy, current.purpose, c) => violations.push(check(
            "Purpose limitation along the chain",
            format!(
                "purpose {} is neither within nor declared compatible with collection purpose {}",
                policy.purposes.name(current.purpose),
                policy.purposes.name(c)
            ),
        )),
        None if facts.hops.len() > 1 => findings.push((
            DenyKind::Gap,
            check(
                "Purpose limitation along the chain",
                "an onward transfer must say what the data was collected for (`collected_for`)"
                    .into(),
            ),
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
        if let Some(a) = upstream
            .map(|a| &policy.agreements[a])
            .filter(|a| !a.onward_transfer)
        {
            let p = prev.hop();
            violations.push(check(
                "Onward transfer forbidden by an upstream agreement",
                format!(
                    "agreement \"{}\" under which {} → {} was made forbids onward transfer",
                    a.id, policy.parties[p.from as usize].name, policy.parties[p.to as usize].name
                ),
            ));
        }
        // Kept on the previous outcome even when a chain check denied that hop.
        if let Some((i, _)) = previous
            .into_iter()
            .flat_map(|p| &p.obligations)
            .find(|(_, o)| matches!(o, Obligation::NoOnwardTransfer))
        {
            violations.push(check(
                "Onward transfer forbidden by an obligation of the previous hop",
                format!(
                    "rule \"{}\" allowed the previous hop on condition of no onward transfer",
                    policy.rules[*i].name
                ),
            ));
        }
    }
    findings.extend(violations.into_iter().map(|v| (DenyKind::Forbidden, v)));
    findings
}

fn builtin(name: &str, fact: String) -> Determining {
    Determining {
        rule: name.to_owned(),
        effect: "deny".into(),
        cite: None,
        at: None,
        hop: None,
        approval_by: None,
        facts: vec![fact],
    }
}
