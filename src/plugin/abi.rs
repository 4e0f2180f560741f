//! The plugin ABI shared by the guest (`wasm-guest/`), the writer of plugins and the host, so
//! the three cannot disagree. The ABI is described for plugin users in `wasm-guest/README.md`.

/// The ABI version a plugin reports through [`EXPORT_ABI_VERSION`]. Raised on any change a
/// host would notice (an export renamed, a calling convention changed).
pub const ABI_VERSION: i32 = 1;

/// The linear memory.
pub const EXPORT_MEMORY: &str = "memory";
/// `alloc(len: i32) -> i32`: a buffer of `len` bytes in guest memory (0 if none is left).
pub const EXPORT_ALLOC: &str = "alloc";
/// `release(ptr: i32, len: i32)`: frees a buffer from `alloc` or a result of `evaluate`.
pub const EXPORT_RELEASE: &str = "release";
/// `evaluate(ptr: i32, len: i32) -> i64`: flow JSON in, decision JSON out, returned as
/// `ptr << 32 | len` (both unsigned 32-bit).
pub const EXPORT_EVALUATE: &str = "evaluate";
/// `evaluate_in(ptr: i32, len: i32, lang_ptr: i32, lang_len: i32) -> i64`: as
/// [`EXPORT_EVALUATE`], with the decision's words (its reason and facts) in the language whose
/// code (`fr`, UTF-8) is at `lang_ptr`; a language the plugin has no words for gives English.
/// Optional within ABI version 1: a guest built before it has no such export, and a host then
/// calls [`EXPORT_EVALUATE`] and gets English; a host that predates it never calls it. A
/// plugin that exports it with another type does not follow the ABI.
pub const EXPORT_EVALUATE_IN: &str = "evaluate_in";
/// `policy_hash() -> i64`: the embedded policy's hash (`sha256:…`), as `ptr << 32 | len`;
/// owned by the plugin, never released. Length 0 if the policy does not load.
pub const EXPORT_POLICY_HASH: &str = "policy_hash";
/// `abi_version() -> i32`: [`ABI_VERSION`].
pub const EXPORT_ABI_VERSION: &str = "abi_version";
/// The exported address of the guest's [`PolicySlot`], where the plugin writer records the
/// location of the embedded policy. Not for hosts.
pub const EXPORT_POLICY_SLOT: &str = "MANDATE_POLICY_SLOT";

/// The first bytes of the policy slot, which the writer checks before patching it.
pub const SLOT_MAGIC: [u8; 16] = *b"mandate-policy\x00\x01";

/// Where the embedded policy is: in the guest's data, patched by `mandate compile --wasm`.
/// `offset` and `len` (little-endian, like all of WASM) locate the compiled policy JSON in
/// linear memory; `len` 0 means no policy was embedded.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PolicySlot {
    /// [`SLOT_MAGIC`].
    pub magic: [u8; 16],
    /// The policy's address in linear memory.
    pub offset: u32,
    /// The policy's length in bytes.
    pub len: u32,
}

/// The size of [`PolicySlot`] in guest memory.
pub const SLOT_SIZE: usize = 24;

/// Packs a buffer location into the `i64` that `evaluate` and `policy_hash` return.
pub fn pack(ptr: u32, len: u32) -> i64 {
    ((u64::from(ptr) << 32) | u64::from(len)) as i64
}

/// The inverse of [`pack`]: `(ptr, len)`.
pub fn unpack(packed: i64) -> (u32, u32) {
    let bits = packed as u64;
    ((bits >> 32) as u32, bits as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_round_trips_the_whole_range() {
        for (p, l) in [(0, 0), (1, 2), (u32::MAX, u32::MAX), (0x8000_0000, 7)] {
            assert_eq!(unpack(pack(p, l)), (p, l));
        }
    }

    #[test]
    fn the_slot_has_the_documented_size() {
        assert_eq!(std::mem::size_of::<PolicySlot>(), SLOT_SIZE);
    }
}
