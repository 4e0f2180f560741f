//! Front-end tools for policy authors and reviewers, built on the public output of the
//! pipeline (compile → model → eval → explain): policy tests and their coverage ([`testing`],
//! [`coverage`]), the canonical formatter ([`fmt`]) and static analysis (`lint`, with the SAT
//! encoding in `sat`; feature `lint`).

pub mod coverage;
pub mod fmt;
#[cfg(feature = "lint")]
pub mod lint;
#[cfg(feature = "lint")]
pub mod sat;
pub mod testing;
