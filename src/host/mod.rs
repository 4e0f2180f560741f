//! Runs policy plugins (`.wasm` modules written by `mandate compile --wasm`, or any module
//! with the same ABI) under wasmtime, sandboxed: fuel per call, a memory cap, one instance,
//! no imports. Every failure of a plugin is a deny of kind `error` for that flow, and the
//! next flow gets a fresh instance (feature `host`).

mod cache;
mod plugin;

pub use cache::default_cache_dir;
pub use plugin::{HostError, Limits, Plugin, Verdict};
