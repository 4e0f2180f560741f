//! The integration tests, as one binary: each module was a test binary of its own, and every
//! one of them linked the whole crate (and wasmtime, for some) again. Modules that need more
//! than `fs` are built with the features they need, so `cargo test` with the lean defaults
//! still runs what it can. (`tests/cli.rs`, which CI runs alone with `--features cli`,
//! `tests/docs.rs` and `tests/index.rs`, whose allocation-counting allocator would count
//! every other test too, stay binaries of their own.)
//!
//! Run one module with `cargo test --features full --test it maps::`.

#[path = "../common/mod.rs"]
mod common;

mod baseline;
#[cfg(feature = "cli")]
mod cli_words;
mod dates;
#[cfg(feature = "cli")]
mod diagnostics;
mod evaluation;
mod explain;
#[cfg(feature = "cli")]
mod fides;
#[cfg(feature = "cli")]
mod gate;
#[cfg(feature = "cli")]
mod grammar;
mod language;
mod log;
mod maps;
#[cfg(all(
    feature = "cli",
    feature = "host",
    feature = "plugin",
    feature = "synth"
))]
mod plugin;
#[cfg(feature = "host")]
mod plugin_hostile;
#[cfg(feature = "cli")]
mod policy_tools;
#[cfg(feature = "cli")]
mod replay;
#[cfg(feature = "cli")]
mod review_cli;
#[cfg(feature = "cli")]
mod robustness;
#[cfg(all(feature = "cli", feature = "serve"))]
mod serve;
mod sets;

/// Snapshot filters shared by the snapshots of the bundled packs: the policy's hash is
/// replaced by a placeholder, so that a change to the baseline pack does not rewrite hundreds
/// of snapshots whose meaning did not change, and the change that did stands out in review.
/// `baseline::the_baseline_hash_is_stable_and_changes_with_the_pack` checks the hash itself.
fn common_filters() -> Vec<(&'static str, &'static str)> {
    vec![(r"sha256:[0-9a-f]{64}", "sha256:[policy hash]")]
}
