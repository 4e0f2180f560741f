//! Front-end tools for policy authors and reviewers, built on the public output of the
//! pipeline (compile → model → eval → explain): policy tests and their coverage ([`testing`],
//! [`coverage`]), the canonical formatter ([`fmt`]) and static analysis and the semantic diff
//! of two versions (`lint`, `diff`, with the SAT encoding in `sat`; feature `lint`).

pub mod alongside;
pub mod consent_reading;
pub mod coverage;
pub mod declared;
#[cfg(feature = "lint")]
pub mod diff;
pub mod fmt;
pub mod hashtags;
#[cfg(feature = "lint")]
pub mod lint;
#[cfg(feature = "lint")]
pub mod sat;
pub mod suspensions;
pub mod testing;
