//! Policy plugins: the ABI every part agrees on, and (feature `plugin`) writing a compiled
//! policy into the prebuilt WASM guest to make one self-contained `.wasm` module.

pub mod abi;
#[cfg(feature = "plugin")]
mod write;

#[cfg(feature = "plugin")]
pub use write::{PluginError, embed};

/// The prebuilt guest embedded at build time (see `build.rs`): the evaluator with no policy.
/// [`PluginError::NoGuest`] when the build had no `wasm32-unknown-unknown` target to make it.
#[cfg(feature = "plugin")]
pub fn guest() -> Result<&'static [u8], PluginError> {
    #[cfg(not(mandate_no_guest))]
    let guest: Option<&'static [u8]> = Some(include_bytes!(concat!(
        env!("OUT_DIR"),
        "/mandate_guest.wasm"
    )));
    #[cfg(mandate_no_guest)]
    let guest: Option<&'static [u8]> = None;
    guest.ok_or(PluginError::NoGuest)
}

/// A self-contained plugin for `policy`: the embedded guest with the policy written into it.
#[cfg(feature = "plugin")]
pub fn build(policy: &crate::model::CompiledPolicy) -> Result<Vec<u8>, PluginError> {
    let guest = guest()?;
    let json = serde_json::to_string(policy)
        .map_err(|e| PluginError::Invalid(format!("cannot serialise the policy: {e}")))?;
    embed(guest, &json)
}
