//! Stage 4: deciding proposed data flows against a compiled policy.

mod atoms;
mod decide;
mod decision;
mod facts;
pub mod flow;
mod obligations;

pub use atoms::Truth;
pub use decide::decide;
pub use decision::{Decision, DenyKind, Determining, ObligationOut, Outcome, kind_words};
pub use facts::InputError;
pub use flow::{Flow, FlowError};
