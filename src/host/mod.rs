//! Runs policy plugins (`.wasm` modules written by `mandate compile --wasm`, or any module
//! with the same ABI) under wasmtime, sandboxed: a compile budget checked before compiling,
//! fuel per call, a memory cap, one instance, no imports. Every failure of a plugin is a deny
//! of kind `error` for that flow, and the next flow gets a fresh instance. Its answer is
//! checked (one decision, for the flow asked about, under the plugin's policy) and printed as
//! the host serialises it. Precompiled modules are cached only under a keyed MAC (`cache`)
//! (feature `host`; without it only [`Limits`] is here).

#[cfg(feature = "host")]
mod budget;
#[cfg(feature = "host")]
mod cache;
#[cfg(feature = "host")]
mod cache_warning;
#[cfg(feature = "host")]
mod error;
mod limits;
#[cfg(feature = "host")]
mod plugin;

#[cfg(feature = "host")]
pub use cache::{default_cache_dir, default_cache_key};
#[cfg(feature = "host")]
pub use cache_warning::{
    CacheProblem, CacheWarning, EntryProblem, FileProblem, FolderOf, FolderProblem, KeyProblem,
};
#[cfg(feature = "host")]
pub use error::{AbiProblem, HostError, ModuleProblem, OutputProblem, TooLarge, TrapProblem};
pub use limits::Limits;
#[cfg(feature = "host")]
pub use plugin::{Plugin, Verdict};
