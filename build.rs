//! With feature `plugin`, builds the WASM guest (`wasm-guest/`) so the library can embed it
//! and `mandate compile --wasm` needs no toolchain. Packagers who build the guest themselves
//! point `MANDATE_GUEST_WASM` at the `.wasm` file instead.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Set on the nested build so that its own run of this script does nothing.
const NESTED: &str = "MANDATE_GUEST_BUILD";

fn main() {
    println!("cargo:rerun-if-env-changed=MANDATE_GUEST_WASM");
    if std::env::var_os("CARGO_FEATURE_PLUGIN").is_none() || std::env::var_os(NESTED).is_some() {
        return;
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let dest = out_dir.join("mandate_guest.wasm");
    if let Some(prebuilt) = std::env::var_os("MANDATE_GUEST_WASM") {
        println!("cargo:rerun-if-changed={}", Path::new(&prebuilt).display());
        copy(Path::new(&prebuilt), &dest);
        return;
    }
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    for watched in ["src", "grammar", "wasm-guest", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    if !root.join("wasm-guest").join("Cargo.toml").is_file() {
        panic!(
            "feature `plugin` needs the WASM guest: build from the workspace, or set \
             MANDATE_GUEST_WASM to a guest built with `cargo build -p mandate-wasm-guest \
             --release --target wasm32-unknown-unknown`"
        );
    }
    // A target folder of its own: the outer build holds a lock on the usual one.
    let target_dir = out_dir.join("guest-target");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&root)
        .args(["build", "-p", "mandate-wasm-guest", "--release"])
        .args(["--target", "wasm32-unknown-unknown", "--target-dir"])
        .arg(&target_dir)
        .env(NESTED, "1")
        // A small, fast plugin; set here so the native release profile stays as it is.
        .env("CARGO_PROFILE_RELEASE_LTO", "true")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1")
        .env("CARGO_PROFILE_RELEASE_PANIC", "abort")
        .env("CARGO_PROFILE_RELEASE_STRIP", "true")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        // Flags meant for the outer build (host target, clippy as the compiler) must not leak.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CARGO_FEATURE_") {
            command.env_remove(key);
        }
    }
    let status = command.status().expect("run cargo to build the WASM guest");
    if !status.success() {
        panic!(
            "building the WASM guest failed (is the target installed? `rustup target add \
             wasm32-unknown-unknown`)"
        );
    }
    let built = target_dir
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("mandate_wasm_guest.wasm");
    copy(&built, &dest);
}

fn copy(from: &Path, to: &Path) {
    if let Err(e) = std::fs::copy(from, to) {
        panic!("cannot copy the WASM guest {}: {e}", from.display());
    }
}
