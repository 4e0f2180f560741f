//! Stage 4: deciding proposed data flows against a compiled policy.

mod atoms;
mod decide;
mod decision;
mod facts;
pub mod flow;
mod obligations;
mod trace;
mod verdict;

pub use atoms::{CondTrace, Node, Truth, compatible};
pub use decide::{decide, decide_all_rules, trace, verdict};
pub use decision::{Decision, DenyKind, Determining, ObligationOut, Outcome, kind_words};
pub use facts::InputError;
pub use flow::{Flow, FlowError};
pub use trace::{HopTrace, RuleTrace, Traced};
pub use verdict::{DecidedBy, Deciding, Verdict};
