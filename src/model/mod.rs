//! Stage 3: the compiled policy graph. Plain data with serde, so the same evaluator runs
//! natively and inside the WASM guest.
// `decide_json` promises never to panic, and it runs through this stage's code: a missing
// element is an error or an absent answer here, never a panic. Tests may unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod bits;
mod check;
mod compiled;
mod display;
mod index;
// The closed sets the model shares with the syntax, below both (src/kinds.rs).
use crate::kinds;
mod names;
mod policy;
mod program;
mod taxonomy;

pub use check::Check;
pub use compiled::{AgreementQuotes, CompiledPolicy, PartyQuotes, Quotes, RuleQuotes};
pub use index::{Probe, RuleIndex};
pub use kinds::{Comparison, DeclaredSort, Effect, Role, Sort};
pub use policy::*;
pub use program::{Between, Onward, Places, Program, Step, Test, basis_bit};
pub use taxonomy::{Taxonomy, TermId, UNKNOWN_TERM};
