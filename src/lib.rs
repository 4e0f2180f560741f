//! `mandate`: a policy-as-code compliance engine for humanitarian data protection.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`syntax`] (text → AST) → [`compile`] (names, types, diagnostics, lowering) →
//! [`model`] (the compiled policy: vocabularies as DAG closures, rules as IR).

#[cfg(feature = "cli")]
pub mod cli;
pub mod compile;
pub mod diagnostic;
mod engine;
pub mod eval;
#[cfg(feature = "host")]
pub mod host;
pub mod model;
pub mod plugin;
#[cfg(feature = "cli")]
pub mod render;
pub mod source;
pub mod syntax;
pub use engine::{Engine, PolicyError};
#[cfg(feature = "cli")]
pub mod import;

/// The README's Rust example is compiled as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
