//! Writes a compiled policy into a copy of the prebuilt guest, so `mandate compile --wasm`
//! needs no toolchain.
//!
//! The scheme: the policy JSON becomes one more active data segment, placed in pages added
//! at the end of the guest's initial memory, and the guest's [`PolicySlot`] (found through
//! its export, checked by its magic) is patched to point at it. Rust's wasm32 allocator takes
//! fresh memory only with `memory.grow`, whose result is the old end of memory, so it can
//! never hand out the pages that hold the policy. Every other section is copied unchanged.
//!
//! [`PolicySlot`]: super::abi::PolicySlot

use super::abi::{EXPORT_POLICY_SLOT, SLOT_MAGIC, SLOT_SIZE};
use wasm_encoder::{ConstExpr, DataCountSection, DataSection, MemorySection, MemoryType};
use wasmparser::{DataKind, ExternalKind, Operator, Parser, Payload};

/// The size of a WASM page.
const PAGE: u64 = 65536;

/// Why a plugin could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    /// The guest module is not what this writer expects (built from another ABI, or not a
    /// mandate guest at all).
    #[error("not a usable mandate WASM guest: {0}")]
    Guest(String),
    /// The result failed validation (a bug in this writer).
    #[error("the written plugin does not validate: {0}")]
    Invalid(String),
    /// This build has no guest to write into: the `wasm32-unknown-unknown` target was not
    /// installed when it was built (see `build.rs`).
    #[error(
        "this build of mandate cannot write WASM plugins: the wasm32-unknown-unknown target \
         was not installed when it was built\n  \
         help: `rustup target add wasm32-unknown-unknown`, then rebuild with feature `plugin` \
         (from the repository: `cargo install --path . --features full`, or \
         `cargo run --features cli,plugin -- compile …`)\n  \
         help: or rebuild with MANDATE_GUEST_WASM set to a guest built elsewhere with \
         `cargo build -p mandate-wasm-guest --release --target wasm32-unknown-unknown`"
    )]
    NoGuest,
}

fn guest_err(message: impl Into<String>) -> PluginError {
    PluginError::Guest(message.into())
}

/// What the writer needs to know about the guest, read in one pass.
#[derive(Default)]
struct Layout {
    memory: Option<wasmparser::MemoryType>,
    slot_global: Option<u32>,
    globals: Vec<Option<u32>>,
    segments: u32,
}

/// `guest` with `policy_json` embedded: one self-contained module with no imports.
pub fn embed(guest: &[u8], policy_json: &str) -> Result<Vec<u8>, PluginError> {
    let layout = survey(guest)?;
    let memory = layout
        .memory
        .ok_or_else(|| guest_err("it defines no memory"))?;
    if memory.memory64 || memory.shared || memory.page_size_log2.is_some() {
        return Err(guest_err("its memory is not a plain 32-bit memory"));
    }
    let slot_address = layout
        .slot_global
        .and_then(|g| layout.globals.get(g as usize).copied().flatten())
        .ok_or_else(|| guest_err(format!("it does not export `{EXPORT_POLICY_SLOT}`")))?;

    let policy = policy_json.as_bytes();
    let policy_offset = memory.initial * PAGE;
    let minimum = memory.initial + (policy.len() as u64).div_ceil(PAGE);
    if policy_offset + policy.len() as u64 > u64::from(u32::MAX)
        || memory.maximum.is_some_and(|max| max < minimum)
    {
        return Err(guest_err("the policy does not fit in the guest's memory"));
    }
    let slot = slot_bytes(policy_offset as u32, policy.len() as u32);

    let mut module = wasm_encoder::Module::new();
    let mut patched = false;
    for payload in Parser::new(0).parse_all(guest) {
        let payload = payload.map_err(|e| guest_err(e.to_string()))?;
        match &payload {
            Payload::MemorySection(_) => {
                let mut section = MemorySection::new();
                section.memory(MemoryType {
                    minimum,
                    maximum: memory.maximum,
                    memory64: false,
                    shared: false,
                    page_size_log2: None,
                });
                module.section(&section);
            }
            Payload::DataCountSection { count, .. } => {
                module.section(&DataCountSection { count: count + 1 });
            }
            Payload::DataSection(reader) => {
                let mut section = DataSection::new();
                for data in reader.clone() {
                    let data = data.map_err(|e| guest_err(e.to_string()))?;
                    match data.kind {
                        DataKind::Passive => {
                            section.passive(data.data.iter().copied());
                        }
                        DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => {
                            let start = i32_const(&offset_expr)? as u32;
                            let mut bytes = data.data.to_vec();
                            if let Some(at) = slot_address.checked_sub(start)
                                && let Some(window) =
                                    bytes.get_mut(at as usize..at as usize + SLOT_SIZE)
                            {
                                if window[..SLOT_MAGIC.len()] != SLOT_MAGIC {
                                    return Err(guest_err("its policy slot has the wrong magic"));
                                }
                                window.copy_from_slice(&slot);
                                patched = true;
                            }
                            section.active(
                                memory_index,
                                &ConstExpr::i32_const(start as i32),
                                bytes,
                            );
                        }
                    }
                }
                section.active(
                    0,
                    &ConstExpr::i32_const(policy_offset as u32 as i32),
                    policy.iter().copied(),
                );
                module.section(&section);
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    module.section(&wasm_encoder::RawSection {
                        id,
                        data: &guest[range],
                    });
                }
            }
        }
    }
    if !patched || layout.segments == 0 {
        return Err(guest_err(
            "its policy slot is not in an active data segment",
        ));
    }
    let bytes = module.finish();
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .map_err(|e| PluginError::Invalid(e.to_string()))?;
    Ok(bytes)
}

/// The slot's new contents: magic, offset, length (little-endian).
fn slot_bytes(offset: u32, len: u32) -> [u8; SLOT_SIZE] {
    let mut slot = [0u8; SLOT_SIZE];
    slot[..16].copy_from_slice(&SLOT_MAGIC);
    slot[16..20].copy_from_slice(&offset.to_le_bytes());
    slot[20..24].copy_from_slice(&len.to_le_bytes());
    slot
}

fn survey(guest: &[u8]) -> Result<Layout, PluginError> {
    let mut layout = Layout::default();
    for payload in Parser::new(0).parse_all(guest) {
        match payload.map_err(|e| guest_err(e.to_string()))? {
            Payload::ImportSection(reader) if reader.count() > 0 => {
                return Err(guest_err(
                    "it imports something; a plugin must import nothing",
                ));
            }
            Payload::MemorySection(reader) => {
                let memories = reader
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| guest_err(e.to_string()))?;
                match memories.as_slice() {
                    [one] => layout.memory = Some(*one),
                    _ => return Err(guest_err("it must define exactly one memory")),
                }
            }
            Payload::GlobalSection(reader) => {
                for global in reader {
                    let global = global.map_err(|e| guest_err(e.to_string()))?;
                    layout
                        .globals
                        .push(i32_const(&global.init_expr).ok().map(|v| v as u32));
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.map_err(|e| guest_err(e.to_string()))?;
                    if export.name == EXPORT_POLICY_SLOT && export.kind == ExternalKind::Global {
                        layout.slot_global = Some(export.index);
                    }
                }
            }
            Payload::DataSection(reader) => layout.segments = reader.count(),
            _ => {}
        }
    }
    Ok(layout)
}

/// The value of a constant expression that is a single `i32.const`, the only form a linker
/// writes for data offsets and data addresses.
fn i32_const(expr: &wasmparser::ConstExpr<'_>) -> Result<i32, PluginError> {
    let mut ops = expr.get_operators_reader();
    match (ops.read(), ops.read()) {
        (Ok(Operator::I32Const { value }), Ok(Operator::End)) => Ok(value),
        _ => Err(guest_err("a data offset is not a constant i32")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slot_holds_magic_offset_and_length() {
        let slot = slot_bytes(0x0102_0304, 9);
        assert_eq!(&slot[..16], &SLOT_MAGIC);
        assert_eq!(&slot[16..20], &[4, 3, 2, 1]);
        assert_eq!(&slot[20..], &[9, 0, 0, 0]);
    }

    #[test]
    fn a_module_that_is_not_a_guest_is_refused() {
        assert!(matches!(
            embed(b"\0asm\x01\0\0\0", "{}"),
            Err(PluginError::Guest(_))
        ));
        assert!(embed(b"not wasm", "{}").is_err());
    }
}
