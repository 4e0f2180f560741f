//! `mandate`: a policy-as-code compliance engine for humanitarian data protection.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`syntax`] (text → AST) → [`compile`] (names, types, diagnostics, lowering) →
//! [`model`] (the compiled policy: vocabularies as DAG closures, rules as IR) → [`reason`]
//! (the typed values a judgement yields) and [`words`] (the one renderer of those values, in
//! the reader's language) → [`eval`] (flows → decisions and traces) → [`explain`]
//! (explanations and verified remedies).
//! Front ends sit on top: [`Engine`] (the Rust API), the CLI, and the decision [`log`].

#[cfg(feature = "cli")]
pub mod cli;
pub mod compile;
pub mod diagnostic;
mod engine;
pub mod escape;
pub mod eval;
pub mod explain;
#[cfg(feature = "gate")]
pub mod gate;
pub mod host;
pub mod kinds;
#[cfg(feature = "fs")]
pub mod log;
pub mod map;
pub mod model;
pub mod plugin;
pub mod reason;
#[cfg(feature = "cli")]
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod syntax;
// The unit tests of the parser generate large packs with it, so it is there for them too.
#[cfg(any(test, feature = "synth"))]
pub mod synth;
pub mod tools;
pub mod words;
#[cfg(feature = "workbench")]
pub mod workbench;
pub use engine::{Engine, PolicyError};
#[cfg(feature = "cli")]
pub mod import;

/// The README's Rust example is compiled as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
