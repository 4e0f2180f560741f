//! Stage 3: the compiled policy graph. Plain data with serde, so the same evaluator runs
//! natively and inside the WASM guest.

mod bits;
mod display;
mod policy;
mod taxonomy;

pub use policy::*;
pub use taxonomy::{Taxonomy, TermId};
