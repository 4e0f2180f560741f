//! Precompiled modules on disk, so the second start of a plugin skips compilation.
//!
//! A cache file is named by the sha256 of the module's bytes and wasmtime's compatibility
//! hash (its version and the settings that shape machine code); a file wasmtime refuses is
//! compiled again and replaced. Loading precompiled code trusts the cache folder: it must
//! be writable only by its user, like any cache of executables.

use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::{Engine, Module};

/// `MANDATE_CACHE_DIR`, else the user's cache folder (`$XDG_CACHE_HOME/mandate`, else
/// `~/.cache/mandate`); `None` if there is no home to put it in.
pub fn default_cache_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("MANDATE_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("mandate")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("mandate")))
}

/// The module for `bytes`: from the cache when it holds a compatible copy, else compiled
/// (and stored, if `dir` is given; a cache that cannot be written is only slower).
pub(crate) fn load(engine: &Engine, bytes: &[u8], dir: Option<&Path>) -> wasmtime::Result<Module> {
    let Some(dir) = dir else {
        return Module::new(engine, bytes);
    };
    let path = dir.join(format!("{}.cwasm", key(engine, bytes)));
    if path.is_file() {
        // SAFETY: the file was written by `Module::serialize` under this key; wasmtime checks
        // its header for version and settings and refuses it (caught below) otherwise.
        if let Ok(module) = unsafe { Module::deserialize_file(engine, &path) } {
            return Ok(module);
        }
    }
    let module = Module::new(engine, bytes)?;
    if let Ok(serialized) = module.serialize() {
        store(&path, &serialized);
    }
    Ok(module)
}

fn key(engine: &Engine, bytes: &[u8]) -> String {
    let mut compat = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut compat);
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}-{:016x}", compat.finish())
}

/// Writes through a temporary file and a rename, so a concurrent reader never sees half a file.
fn store(path: &Path, serialized: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    if std::fs::write(&temporary, serialized).is_ok() && std::fs::rename(&temporary, path).is_err()
    {
        let _ = std::fs::remove_file(&temporary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_changes_with_the_module_bytes() {
        let engine = Engine::default();
        assert_ne!(key(&engine, b"a"), key(&engine, b"b"));
        assert_eq!(key(&engine, b"a"), key(&engine, b"a"));
    }
}
