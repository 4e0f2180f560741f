//! What can go wrong with a plugin: shared by the compile budget and the runtime.

/// Why a plugin cannot be used, or why one call failed.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The module does not compile (not WASM, or invalid).
    #[error("the plugin is not a valid WASM module: {0}")]
    Module(String),
    /// The module is larger than the limits allow; it was not compiled.
    #[error("the plugin is too large to compile: {0}")]
    TooLarge(String),
    /// The module imports something; plugins must be self-contained.
    #[error("the plugin imports `{0}`; a plugin must import nothing")]
    Imports(String),
    /// An export is missing or has the wrong type.
    #[error("the plugin does not follow the mandate ABI: {0}")]
    Abi(String),
    /// The plugin trapped, ran out of fuel or memory.
    #[error("the plugin failed: {0}")]
    Trap(String),
    /// The plugin returned something that is not a decision.
    #[error("the plugin returned a malformed decision: {0}")]
    Output(String),
}
