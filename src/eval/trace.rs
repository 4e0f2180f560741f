//! The full trace of a decision: every hop, every rule, every condition with its value and
//! the fact behind it. Produced only on request ([`super::trace`]); the plain decision path
//! does not build it.

use super::atoms::{CondTrace, Truth};
use super::decision::{Decision, DenyKind, Determining};
use serde::{Deserialize, Serialize};

/// A decision with the evaluation that led to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Traced {
    /// The decision, exactly as [`super::decide`] returns it.
    pub decision: Decision,
    /// Each hop as judged (empty when the flow could not be read).
    pub hops: Vec<HopTrace>,
    /// The category each entry of the flow's `data` names (HXL hashtags resolved), in the
    /// flow's order; `None` for an entry the policy does not know.
    pub categories: Vec<Option<String>>,
}

/// One hop of a flow (a flow without a chain has one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HopTrace {
    /// 1 = the first transfer; the flow itself is the last.
    pub hop: usize,
    /// Sender.
    pub from: String,
    /// Recipient.
    pub to: String,
    /// Purpose of the hop.
    pub purpose: String,
    /// `None` when the hop is allowed; otherwise why not.
    pub outcome: Option<DenyKind>,
    /// Every rule of the policy, as evaluated on this hop.
    pub rules: Vec<RuleTrace>,
    /// Built-in chain checks that failed on this hop (purpose limitation, onward transfer).
    pub checks: Vec<Determining>,
    /// The policy's exceptions to built-in checks (indexes into its `check_exceptions`)
    /// that held on this hop and lifted a check that would otherwise have failed there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifted: Vec<usize>,
}

/// One rule evaluated on one hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleTrace {
    /// Index in the compiled policy's rules.
    pub index: usize,
    /// Its name.
    pub rule: String,
    /// allow, deny, review or require.
    pub effect: String,
    /// Whether it applies: `when` holds and `unless` does not.
    pub applies: Truth,
    /// For a review rule that applies: whether the flow carries the approval it needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<bool>,
    /// Whether it is among the decision's determining rules for this hop.
    pub determining: bool,
    /// The `when` condition, evaluated.
    pub when: CondTrace,
    /// The `unless` exception, evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<CondTrace>,
}
