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
    /// The largest module accepted, in bytes; checked before anything else is done with it.
    pub module_bytes: usize,
    /// The most functions a module may define. Compiling costs time and memory per function,
    /// and a compilation cannot be stopped once started, so this is checked before.
    pub functions: u32,
    /// The most bytes of function code a module may have (checked before compiling).
    pub code_bytes: usize,
    /// The largest single function body, in bytes (checked before compiling).
    pub function_bytes: usize,
    /// Where precompiled modules are kept (`None`: compile on every start).
    pub cache_dir: Option<PathBuf>,
    /// The secret key that authenticates cache entries; it must not be inside the cache
    /// folder (`None`: the default key file next to the user's configuration).
    pub cache_key: Option<PathBuf>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel: 500_000_000,
            memory_bytes: 128 << 20,
            output_bytes: 16 << 20,
            module_bytes: 64 << 20,
            // A plugin written by `mandate compile --wasm` has about 650 functions, 550 KB of
            // code and no function over 25 KB: these leave room for growth and other writers,
            // and keep the worst compilation to seconds.
            functions: 10_000,
            code_bytes: 16 << 20,
            function_bytes: 1 << 20,
            cache_dir: None,
            cache_key: None,
        }
    }
}
