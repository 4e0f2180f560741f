//! Stage 3: the compiled policy graph. Plain data with serde, so the same evaluator runs
//! natively and inside the WASM guest.

mod bits;
mod display;
mod index;
mod names;
mod policy;
mod taxonomy;

pub use index::{Probe, RuleIndex};
pub use policy::*;
pub use taxonomy::{Taxonomy, TermId};
