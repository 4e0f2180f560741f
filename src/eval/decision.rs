//! The decision: what the evaluator returns, as JSON and as one screen of text.

use super::facts::InputError;
use serde::{Deserialize, Serialize};

/// The outcome every gate acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The flow may go (with its obligations).
    Allow,
    /// The flow must not go.
    Deny,
    /// The flow needs a named human approval first; not allowed until then.
    Review,
}

/// Why a flow was not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenyKind {
    /// The flow itself is malformed or names what the policy does not know.
    Error,
    /// A `deny` rule (or a chain-level prohibition) applies.
    Forbidden,
    /// A rule needs a fact the flow does not state.
    Gap,
    /// A `review` rule applies and the flow carries no matching approval.
    ReviewRequired,
    /// No `allow` rule applies (default deny).
    NotPermitted,
}

/// A rule that decided the outcome, with the facts that made it apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Determining {
    /// The rule's name (or the name of a built-in chain check).
    pub rule: String,
    /// allow, deny, review or require.
    pub effect: String,
    /// The source text it encodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<String>,
    /// Where the rule is written (`file:line:column`); absent for built-in chain checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// For a chain: which hop (1 = the first transfer; the flow itself is the last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hop: Option<usize>,
    /// For a review: the role whose approval is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_by: Option<String>,
    /// The facts each condition was evaluated on.
    pub facts: Vec<String>,
}

/// An obligation that comes with an allow, and the rules that imposed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationOut {
    /// What kind (`minimize`, `retain`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// The obligation in words (`retain at most 90 days`).
    pub text: String,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub value: serde_json::Value,
    /// The rules whose obligation decided it (the strictest, or all of a union).
    pub imposed_by: Vec<String>,
}

/// The answer to "may this flow go?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// allow, deny or review.
    pub decision: Outcome,
    /// Why not allowed (absent for allow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DenyKind>,
    /// One sentence for a person.
    pub reason: String,
    /// The flow's id.
    pub flow: String,
    /// The hash of the policy that decided.
    pub policy: String,
    /// The deciding rules.
    pub determining: Vec<Determining>,
    /// Obligations of an allow, strictest first merged.
    pub obligations: Vec<ObligationOut>,
    /// Problems with the flow itself.
    pub errors: Vec<InputError>,
}

impl Decision {
    /// True only for an allow: review and every deny kind are not allowed.
    pub fn is_allowed(&self) -> bool {
        self.decision == Outcome::Allow
    }

    /// A deny of kind `error` for a flow that could not be read or resolved.
    pub fn error(flow: &str, policy: &str, errors: Vec<InputError>) -> Decision {
        let reason = match errors.as_slice() {
            [one] if one.path.is_empty() => format!("the flow is invalid: {}", one.message),
            [one] => format!("the flow is invalid: {}: {}", one.path, one.message),
            many => format!("the flow is invalid ({} problems)", many.len()),
        };
        Decision {
            decision: Outcome::Deny,
            kind: Some(DenyKind::Error),
            reason,
            flow: flow.to_owned(),
            policy: policy.to_owned(),
            determining: Vec::new(),
            obligations: Vec::new(),
            errors,
        }
    }

    /// A deny of kind `error` for a failure that is not the flow's fault (a policy that does
    /// not load, a plugin that traps): fail closed, and say what failed.
    pub fn fault(flow: &str, policy: &str, message: &str) -> Decision {
        Decision {
            decision: Outcome::Deny,
            kind: Some(DenyKind::Error),
            reason: message.to_owned(),
            flow: flow.to_owned(),
            policy: policy.to_owned(),
            determining: Vec::new(),
            obligations: Vec::new(),
            errors: vec![InputError {
                path: String::new(),
                message: message.to_owned(),
            }],
        }
    }

    /// The JSON form (one line).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(r#"{{"decision":"deny","kind":"error","reason":"cannot serialise the decision: {e}"}}"#)
        })
    }

    /// One screen of text for a person. Every string that came from the flow or the policy
    /// is shown with control characters escaped ([`crate::escape::visible`]): a flow id
    /// holding a newline and an ANSI colour code must not print a line of its own.
    pub fn to_text(&self) -> String {
        use crate::escape::Visible as V;
        use std::fmt::Write;
        let mut out = String::new();
        let head = match (self.decision, self.kind) {
            (Outcome::Allow, _) => "ALLOW".to_owned(),
            (Outcome::Review, _) => "REVIEW (not allowed until approved)".to_owned(),
            (Outcome::Deny, Some(kind)) => format!("DENY ({})", kind_words(kind)),
            (Outcome::Deny, None) => "DENY".to_owned(),
        };
        let _ = writeln!(out, "{head}  flow {}", V(&self.flow));
        let _ = writeln!(out, "  {}", V(&self.reason));
        for d in &self.determining {
            let hop = d.hop.map(|h| format!(" (hop {h})")).unwrap_or_default();
            let _ = writeln!(out, "  {} rule \"{}\"{hop}", V(&d.effect), V(&d.rule));
            if let Some(at) = &d.at {
                let _ = writeln!(out, "    at    {}", V(at));
            }
            if let Some(cite) = &d.cite {
                let _ = writeln!(out, "    cite  {}", V(cite));
            }
            if let Some(role) = &d.approval_by {
                let _ = writeln!(out, "    needs approval by {}", V(role));
            }
            for fact in &d.facts {
                let _ = writeln!(out, "    fact  {}", V(fact));
            }
        }
        if !self.obligations.is_empty() {
            let _ = writeln!(out, "  obligations:");
            for o in &self.obligations {
                let _ = writeln!(out, "    - {}  (by {})", V(&o.text), quoted(&o.imposed_by));
            }
        }
        for e in &self.errors {
            let at = if e.path.is_empty() { "flow" } else { &e.path };
            let _ = writeln!(out, "  error {}: {}", V(at), V(&e.message));
        }
        let _ = writeln!(out, "  policy {}", V(&self.policy));
        out
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{}\"", crate::escape::Visible(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The deny kind in words.
pub fn kind_words(kind: DenyKind) -> &'static str {
    match kind {
        DenyKind::Error => "error in the flow",
        DenyKind::Forbidden => "forbidden",
        DenyKind::Gap => "missing facts",
        DenyKind::ReviewRequired => "review required",
        DenyKind::NotPermitted => "not permitted",
    }
}
