//! Front-end tools for policy authors and reviewers, built on the public output of the
//! pipeline (compile → model → eval → explain): policy tests and their coverage
//! ([`testing`], [`coverage`]) and the canonical formatter ([`fmt`]).

pub mod coverage;
pub mod fmt;
pub mod testing;
