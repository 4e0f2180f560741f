//! `mandate`: a policy-as-code compliance engine for humanitarian data protection.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`syntax`] (text → AST) → [`compile`] (names, types, diagnostics, lowering) →
//! [`model`] (the compiled policy: vocabularies as DAG closures, rules as IR).

pub mod compile;
pub mod diagnostic;
pub mod source;
pub mod model;
pub mod syntax;
#[cfg(feature = "cli")]
pub mod render;
#[cfg(feature = "cli")]
pub mod cli;
