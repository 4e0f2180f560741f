//! The mandate engine for the browser workbench (`workbench/web`): the same core as the
//! command line, built for `wasm32-unknown-unknown` without default features, behind a
//! small C ABI so the page needs no generated glue.
//!
//! The ABI (wasm32 only): `wb_alloc(len) -> ptr` gives the page a buffer to write a request
//! into; `wb_call(ptr, len) -> u64` runs the request (JSON, see [`ops`]), frees the request
//! buffer and returns the response buffer as `ptr << 32 | len`; the page reads it and gives
//! it back with `wb_free(ptr, len)`.

pub mod cases;
pub mod ops;
pub mod pack;

#[cfg(target_arch = "wasm32")]
mod abi {
    /// A buffer of `len` bytes for the page to write into.
    #[unsafe(no_mangle)]
    pub extern "C" fn wb_alloc(len: usize) -> *mut u8 {
        let mut buffer = Vec::<u8>::with_capacity(len.max(1));
        let ptr = buffer.as_mut_ptr();
        std::mem::forget(buffer);
        ptr
    }

    /// Gives back a buffer from [`wb_alloc`] or [`wb_call`].
    ///
    /// # Safety
    /// `ptr` and `len` must be a buffer this module handed out, not freed before.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn wb_free(ptr: *mut u8, len: usize) {
        // SAFETY: the caller returns a buffer made by `wb_alloc` (capacity `len.max(1)`) or
        // by `wb_call` (a boxed slice of exactly `len` bytes).
        drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
    }

    /// Runs the request in the buffer `ptr`/`len` (which it frees) and returns the response.
    ///
    /// # Safety
    /// `ptr` and `len` must be a buffer from [`wb_alloc`] holding `len` written bytes.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn wb_call(ptr: *mut u8, len: usize) -> u64 {
        // SAFETY: as documented, the page wrote `len` bytes into a buffer of that capacity.
        let request = unsafe { Vec::from_raw_parts(ptr, len, len.max(1)) };
        let response = match std::str::from_utf8(&request) {
            Ok(text) => crate::ops::call(text),
            Err(_) => r#"{"ok":false,"error":"the request is not UTF-8"}"#.to_owned(),
        };
        drop(request);
        let bytes = response.into_bytes().into_boxed_slice();
        let out_len = bytes.len();
        let out = Box::into_raw(bytes) as *mut u8;
        ((out as u64) << 32) | out_len as u64
    }
}
