//! The mandate evaluator as a self-contained WASM plugin: the same `Engine` as the native
//! build, over a compiled policy that `mandate compile --wasm` writes into the module's data.
//! The exports and their calling convention are described in `README.md` (ABI version
//! [`ABI_VERSION`]); they exist only in the wasm32 build, the glue below is plain Rust.

use mandate::Engine;
use mandate::eval::Decision;
pub use mandate::plugin::abi::ABI_VERSION;
use mandate::plugin::abi::{PolicySlot, SLOT_MAGIC};
use mandate::words::Lang;
use std::sync::OnceLock;

/// Where the embedded policy is. `mandate compile --wasm` finds this static through its
/// export, checks the magic and writes the policy's offset and length; the unpatched guest
/// has length 0 and denies every flow with an error.
#[unsafe(no_mangle)]
pub static mut MANDATE_POLICY_SLOT: PolicySlot = PolicySlot {
    magic: SLOT_MAGIC,
    offset: 0,
    len: 0,
};

/// The engine over the embedded policy, loaded (and its hash verified) on first use.
static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();

fn embedded_policy() -> Result<&'static str, String> {
    // Volatile: the slot is rewritten after compilation, so the compiler must not assume the
    // initial value it sees here.
    let slot = unsafe { core::ptr::read_volatile(&raw const MANDATE_POLICY_SLOT) };
    if slot.len == 0 {
        return Err("no policy is embedded in this plugin (use `mandate compile --wasm`)".into());
    }
    // Only meaningful inside the plugin, where the writer placed the policy at `offset`.
    if !cfg!(target_arch = "wasm32") {
        return Err("the embedded policy exists only inside the WASM plugin".into());
    }
    let bytes = unsafe {
        core::slice::from_raw_parts(slot.offset as usize as *const u8, slot.len as usize)
    };
    std::str::from_utf8(bytes).map_err(|_| "the embedded policy is not UTF-8".to_owned())
}

fn engine() -> Result<&'static Engine, &'static str> {
    ENGINE
        .get_or_init(|| {
            let json = embedded_policy()?;
            Engine::from_compiled_json(json)
                .map_err(|e| format!("the plugin's embedded policy does not load: {e}"))
        })
        .as_ref()
        .map_err(String::as_str)
}

/// Decides one flow given as JSON bytes and returns the decision JSON, exactly as the native
/// `Engine::decide_json(..).to_json()`. Never fails: problems are denies of kind `error`.
pub fn evaluate_bytes(flow: &[u8]) -> String {
    evaluate_bytes_in(flow, b"en")
}

/// As [`evaluate_bytes`], with the decision's words in the language named by `lang` (its
/// code, `fr`); a language the plugin has no words for gives English.
pub fn evaluate_bytes_in(flow: &[u8], lang: &[u8]) -> String {
    let lang = std::str::from_utf8(lang)
        .ok()
        .and_then(|code| Lang::parse(code).ok())
        .unwrap_or(Lang::EN);
    let engine = match engine() {
        Ok(engine) => engine,
        Err(message) => return Decision::fault("", "", message).to_json(),
    };
    match std::str::from_utf8(flow) {
        Ok(text) => engine.decide_json_in(text, lang).to_json(),
        Err(e) => Decision::fault(
            "",
            &engine.policy().hash,
            &format!("the flow is not UTF-8 (at byte {})", e.valid_up_to()),
        )
        .to_json(),
    }
}

/// The embedded policy's hash, or `None` if it does not load.
pub fn policy_hash() -> Option<&'static str> {
    engine().ok().map(|e| e.policy().hash.as_str())
}

#[cfg(target_arch = "wasm32")]
mod exports {
    //! The ABI. Buffers cross the boundary as (pointer, length) pairs of bytes allocated
    //! with alignment 1, so `release` can rebuild the exact layout it was given.
    use mandate::plugin::abi::pack;
    use std::alloc::{Layout, alloc as allocate, dealloc};

    #[unsafe(no_mangle)]
    extern "C" fn abi_version() -> i32 {
        super::ABI_VERSION
    }

    #[unsafe(no_mangle)]
    extern "C" fn alloc(len: i32) -> i32 {
        let Ok(len) = usize::try_from(len) else {
            return 0;
        };
        if len == 0 {
            // Empty buffers are never allocated: a non-null address that `release` ignores.
            return std::ptr::dangling_mut::<u8>() as i32;
        }
        match Layout::from_size_align(len, 1) {
            Ok(layout) => unsafe { allocate(layout) as i32 },
            Err(_) => 0,
        }
    }

    #[unsafe(no_mangle)]
    extern "C" fn release(ptr: i32, len: i32) {
        let Ok(len) = usize::try_from(len) else {
            return;
        };
        if len == 0 || ptr == 0 {
            return;
        }
        if let Ok(layout) = Layout::from_size_align(len, 1) {
            unsafe { dealloc(ptr as usize as *mut u8, layout) }
        }
    }

    #[unsafe(no_mangle)]
    extern "C" fn evaluate(ptr: i32, len: i32) -> i64 {
        let flow: &[u8] = match usize::try_from(len) {
            Ok(0) | Err(_) => &[],
            Ok(len) => unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len) },
        };
        // A boxed slice has exactly the (len, align 1) layout that `release` rebuilds.
        let out: Box<[u8]> = super::evaluate_bytes(flow).into_bytes().into_boxed_slice();
        let len = out.len() as u32;
        let ptr = Box::into_raw(out) as *mut u8 as usize as u32;
        pack(ptr, len)
    }

    #[unsafe(no_mangle)]
    extern "C" fn evaluate_in(ptr: i32, len: i32, lang_ptr: i32, lang_len: i32) -> i64 {
        let flow = bytes(ptr, len);
        let lang = bytes(lang_ptr, lang_len);
        let out: Box<[u8]> = super::evaluate_bytes_in(flow, lang)
            .into_bytes()
            .into_boxed_slice();
        let len = out.len() as u32;
        let ptr = Box::into_raw(out) as *mut u8 as usize as u32;
        pack(ptr, len)
    }

    /// The bytes the host wrote at `ptr` (none for a length of 0 or less).
    fn bytes<'a>(ptr: i32, len: i32) -> &'a [u8] {
        match usize::try_from(len) {
            Ok(0) | Err(_) => &[],
            Ok(len) => unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len) },
        }
    }

    #[unsafe(no_mangle)]
    extern "C" fn policy_hash() -> i64 {
        match super::policy_hash() {
            Some(hash) => pack(hash.as_ptr() as usize as u32, hash.len() as u32),
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_an_embedded_policy_every_flow_is_denied_as_an_error() {
        let out = evaluate_bytes(br#"{"id":"f"}"#);
        assert!(
            out.starts_with(r#"{"decision":"deny","kind":"error""#),
            "{out}"
        );
        assert!(out.contains("no policy is embedded"), "{out}");
        assert_eq!(policy_hash(), None);
    }
}
