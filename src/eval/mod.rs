//! Stage 4: deciding proposed data flows against a compiled policy.
//!
//! `decide_json` promises never to panic, whatever the flow: no `unwrap`, `expect` or
//! unchecked indexing here (test code excepted, see clippy.toml).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod atoms;
mod cached;
mod decide;
mod decision;
mod evaluate;
mod fact;
mod facts;
pub mod flow;
mod misread;
mod obligations;
mod trace;
mod verdict;

pub use crate::reason::{Check, Fact, Problem};
pub use atoms::{CondTrace, Node, Truth, compatible};
pub use cached::{FlowParts, NestedParts, ResolveCache};
pub use decide::{
    decide, decide_all_rules, decide_in, decide_json_in, outcome, trace, trace_in, verdict,
};
pub use decision::{
    Decision, DenyKind, Determining, ObligationOut, Outcome, Reason, kind_words, kind_words_in,
};
pub use facts::InputError;
pub use flow::{Flow, FlowError};
pub use trace::{HopTrace, RuleTrace, Traced};
pub use verdict::{DecidedBy, Deciding, Verdict};
