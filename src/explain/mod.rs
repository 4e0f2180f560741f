//! Stage 5: explanations for reviewers. Why a flow was allowed or denied: each deciding rule
//! with its cite, its source lines and every condition with its value and the fact behind it;
//! for the rules that did not apply, the condition that failed; for a chain, which hop failed;
//! and the smallest verified changes that would make a denied flow allowed
//! ([`remedies`]). Built from the public evaluation trace ([`crate::eval::trace`]) only.

pub mod remedies;
mod text;

use crate::eval::{self, CondTrace, Decision, DenyKind, Determining, Flow, Node, RuleTrace, Truth};
use crate::model::CompiledPolicy;
use crate::words::Lang;
pub use remedies::{Actor, Change, ChangeKind, Remedies, Remedy, RemedyStatus, Step};
use serde::{Deserialize, Serialize};
pub use text::{render as to_text, render_in as to_text_in};

/// Everything a reviewer needs to follow a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The flow's id.
    pub flow: String,
    /// The policy that decided.
    pub policy: PolicyRef,
    /// The decision, exactly as the engine returns it.
    pub decision: Decision,
    /// Each hop (a flow without a chain has one).
    pub hops: Vec<HopExplained>,
    /// What would have to change for the flow to be allowed.
    pub remedies: Remedies,
}

/// Which policy decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRef {
    /// Its name.
    pub name: String,
    /// Its version, if declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Its content hash.
    pub hash: String,
}

/// One hop and how each rule came out on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HopExplained {
    /// 1 = the first transfer; the flow itself is the last.
    pub hop: usize,
    /// Sender.
    pub from: String,
    /// Recipient.
    pub to: String,
    /// Purpose.
    pub purpose: String,
    /// `None` when this hop is allowed; otherwise why not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<DenyKind>,
    /// The rules that decided this hop, in full.
    pub deciding: Vec<RuleExplained>,
    /// Built-in chain checks that failed on this hop.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Determining>,
    /// Rules that apply (or cannot be decided) but did not decide: an allow outweighed by a
    /// deny, an obligation, a review already approved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_applying: Vec<RuleBrief>,
    /// Rules that did not apply, each with the condition that failed.
    pub not_applying: Vec<RuleBrief>,
}

/// A deciding rule in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleExplained {
    /// Its name.
    pub rule: String,
    /// allow, deny, review or require.
    pub effect: String,
    /// The text it encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
    /// `file:line:column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The rule as written, with its first line number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceExcerpt>,
    /// Whether it applies.
    pub applies: Truth,
    /// For a review: the role whose approval it needs, and whether the flow has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_by: Option<String>,
    /// The `when` condition, evaluated part by part.
    pub when: CondTrace,
    /// The `unless` exception, evaluated part by part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<CondTrace>,
}

/// A rule's source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceExcerpt {
    /// Line number of the first line.
    pub line: u32,
    /// The text, as written.
    pub text: String,
}

/// A rule that did not decide, in one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleBrief {
    /// Its name.
    pub rule: String,
    /// allow, deny, review or require.
    pub effect: String,
    /// `file:line:column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Whether it applies (`false` for rules that did not apply).
    pub applies: Truth,
    /// Why: the condition that decided its value (the first that failed, the exception that
    /// held, or the test that could not be decided).
    pub because: Reason,
}

/// The condition behind a rule's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// `when` or `unless`.
    pub clause: String,
    /// The condition, in the policy language.
    pub condition: String,
    /// Its value.
    pub value: Truth,
    /// The fact behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// The fact as a typed value with its machine code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::reason::Fact>,
}

/// Explains the decision on `flow` under `policy`, with verified remedies for a deny, in
/// English.
pub fn explain(policy: &CompiledPolicy, flow: &Flow) -> Explanation {
    explain_in(policy, flow, Lang::EN)
}

/// The evaluation trace of `flow`, with its words (reason, facts) in `lang`: the one place
/// explanations and remedies ask the evaluator for a trace.
pub(crate) fn trace_in(policy: &CompiledPolicy, flow: &Flow, lang: Lang) -> eval::Traced {
    eval::trace_in(policy, flow, lang)
}

/// Explains the decision on `flow` under `policy`, with verified remedies for a deny; every
/// sentence (the reason, facts, remedies) is in `lang`. Names, rule titles and citations stay
/// as the policy wrote them. Render it with [`to_text_in`] in the same language.
pub fn explain_in(policy: &CompiledPolicy, flow: &Flow, lang: Lang) -> Explanation {
    explain_until(
        policy,
        flow,
        lang,
        &std::sync::atomic::AtomicBool::new(false),
    )
}

/// [`explain_in`] whose remedy search stops as soon as `stop` is set
/// ([`remedies::find_until`]).
pub fn explain_until(
    policy: &CompiledPolicy,
    flow: &Flow,
    lang: Lang,
    stop: &std::sync::atomic::AtomicBool,
) -> Explanation {
    let traced = trace_in(policy, flow, lang);
    let remedies = remedies::find_until(policy, flow, &traced, lang, stop);
    let hops = traced
        .hops
        .iter()
        .map(|h| HopExplained {
            hop: h.hop,
            from: h.from.clone(),
            to: h.to.clone(),
            purpose: h.purpose.clone(),
            outcome: h.outcome,
            deciding: h
                .rules
                .iter()
                .filter(|r| r.determining)
                .map(|r| rule_explained(policy, r))
                .collect(),
            checks: h.checks.clone(),
            also_applying: h
                .rules
                .iter()
                .filter(|r| !r.determining && r.applies != Truth::False)
                .map(|r| brief(policy, r))
                .collect(),
            not_applying: h
                .rules
                .iter()
                .filter(|r| !r.determining && r.applies == Truth::False)
                .map(|r| brief(policy, r))
                .collect(),
        })
        .collect();
    Explanation {
        flow: flow.id.clone(),
        policy: PolicyRef {
            name: policy.name.clone(),
            version: policy.version.clone(),
            hash: policy.hash.clone(),
        },
        decision: traced.decision,
        hops,
        remedies,
    }
}

/// Explains a flow given as JSON, in English. A flow that cannot be read is explained as the
/// deny of kind `error` the engine returns for it.
pub fn explain_json(policy: &CompiledPolicy, json: &str) -> Explanation {
    explain_json_in(policy, json, Lang::EN)
}

/// Explains a flow given as JSON, in `lang`; as [`explain_json`].
pub fn explain_json_in(policy: &CompiledPolicy, json: &str, lang: Lang) -> Explanation {
    explain_json_until(
        policy,
        json,
        lang,
        &std::sync::atomic::AtomicBool::new(false),
    )
}

/// [`explain_json_in`] whose remedy search stops as soon as `stop` is set.
pub fn explain_json_until(
    policy: &CompiledPolicy,
    json: &str,
    lang: Lang,
    stop: &std::sync::atomic::AtomicBool,
) -> Explanation {
    match Flow::from_json(json) {
        Ok(flow) => explain_until(policy, &flow, lang, stop),
        Err(_) => {
            let decision = eval::decide_json_in(policy, json, lang);
            Explanation {
                flow: decision.flow.clone(),
                policy: PolicyRef {
                    name: policy.name.clone(),
                    version: policy.version.clone(),
                    hash: policy.hash.clone(),
                },
                decision,
                hops: Vec::new(),
                remedies: Remedies::not_applicable_in(lang),
            }
        }
    }
}

impl Explanation {
    /// The JSON form (pretty).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!(r#"{{"error":"cannot serialise the explanation: {e}"}}"#))
    }
}

fn rule_explained(policy: &CompiledPolicy, r: &RuleTrace) -> RuleExplained {
    let rule = &policy.rules[r.index];
    RuleExplained {
        rule: r.rule.clone(),
        effect: r.effect.clone(),
        cite: rule.cite.clone(),
        at: policy.locations.get(r.index).map(|l| l.to_string()),
        source: policy
            .rule_texts
            .get(r.index)
            .zip(policy.locations.get(r.index))
            .map(|(text, at)| SourceExcerpt {
                line: at.line,
                text: text.clone(),
            }),
        applies: r.applies,
        approval_by: rule.approval.clone(),
        when: r.when.clone(),
        unless: r.unless.clone(),
    }
}

fn brief(policy: &CompiledPolicy, r: &RuleTrace) -> RuleBrief {
    RuleBrief {
        rule: r.rule.clone(),
        effect: r.effect.clone(),
        at: policy.locations.get(r.index).map(|l| l.to_string()),
        applies: r.applies,
        because: reason(r),
    }
}

/// The clause and condition that gave a rule its value. An exception that held (or could not
/// be decided) is quoted whole, with the fact of every one of its conditions: showing only
/// the first would make a narrow exception look broad.
fn reason(r: &RuleTrace) -> Reason {
    let (clause, node) = match (&r.unless, r.when.value) {
        // `when` failed: that is the reason, whatever the exception says.
        (_, Truth::False) => ("when", culprit(&r.when)),
        (Some(u), _) if u.value != Truth::False => ("unless", whole(u)),
        _ => ("when", culprit(&r.when)),
    };
    Reason {
        clause: clause.to_owned(),
        condition: node.condition.clone(),
        value: node.value,
        fact: node.fact.clone(),
        reason: node.reason.clone(),
    }
}

/// A condition as one node: its text as written, with the facts of all its tests (joined as a
/// decision joins an exception's facts) and, typed, the exception they make up.
fn whole(t: &CondTrace) -> CondTrace {
    fn leaves<'t>(t: &'t CondTrace, out: &mut Vec<&'t CondTrace>) {
        if t.parts.is_empty() {
            out.push(t);
        }
        t.parts.iter().for_each(|p| leaves(p, out));
    }
    let mut tests = Vec::new();
    leaves(t, &mut tests);
    let facts: Vec<&str> = tests.iter().filter_map(|l| l.fact.as_deref()).collect();
    CondTrace {
        node: t.node,
        condition: t.condition.clone(),
        value: t.value,
        fact: Some(facts.join("; ")),
        reason: Some(crate::reason::Fact::Exception {
            value: t.value,
            facts: tests.iter().filter_map(|l| l.reason.clone()).collect(),
        }),
        parts: Vec::new(),
    }
}

/// The condition that explains a condition's value: for `and` the first part with the same
/// value (the first that failed), for `or` likewise (the first that held). A `not` is quoted
/// whole, as written (`not (basis is consent and consent covers flow)`), with the fact of the
/// test inside it that decided: quoting only the test would drop the rest of what is negated.
fn culprit(t: &CondTrace) -> CondTrace {
    match t.parts.as_slice() {
        [] => t.clone(),
        [inner] if t.node == Node::Not => {
            let leaf = culprit(inner);
            CondTrace {
                node: Node::Not,
                condition: t.condition.clone(),
                value: t.value,
                fact: leaf.fact,
                reason: leaf.reason,
                parts: Vec::new(),
            }
        }
        parts => parts
            .iter()
            .find(|p| p.value == t.value)
            .map(culprit)
            .unwrap_or_else(|| t.clone()),
    }
}
