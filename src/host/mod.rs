//! Runs policy plugins (`.wasm` modules written by `mandate compile --wasm`, or any module
//! with the same ABI) under wasmtime, sandboxed: a compile budget checked before compiling,
//! fuel per call, a memory cap, one instance, no imports. Every failure of a plugin is a deny
//! of kind `error` for that flow, and the next flow gets a fresh instance. Its answer is
//! checked (one decision, for the flow asked about, under the plugin's policy) and printed as
//! the host serialises it. Precompiled modules are cached only under a keyed MAC (`cache`)
//! (feature `host`).

mod budget;
mod cache;
mod plugin;

pub use cache::{default_cache_dir, default_cache_key};
pub use plugin::{HostError, Limits, Plugin, Verdict};
