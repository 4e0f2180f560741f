//! The sandbox a plugin runs in: plain settings, available without feature `host` so that
//! front ends can show and parse them whether or not this build runs plugins.

use std::path::PathBuf;

/// The sandbox a plugin runs in.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Fuel (roughly, WASM instructions) for one decision, allocation and release included.
    pub fuel: u64,
    /// The most linear memory the plugin may have, in bytes.
    pub memory_bytes: usize,
    /// The longest decision JSON accepted from the plugin, in bytes.
    pub output_bytes: u32,
    /// Where precompiled modules are kept (`None`: compile on every start).
    pub cache_dir: Option<PathBuf>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel: 500_000_000,
            memory_bytes: 128 << 20,
            output_bytes: 16 << 20,
            cache_dir: None,
        }
    }
}
