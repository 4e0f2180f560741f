//! Lists the message files of every language (`src/words/locales/*.ftl`) for
//! [`crate::words`], so that adding a language is adding one file.
//!
//! With feature `plugin`, builds the WASM guest (`wasm-guest/`) so the library can embed it
//! and `mandate compile --wasm` needs no toolchain. Packagers who build the guest themselves
//! point `MANDATE_GUEST_WASM` at the `.wasm` file instead.
//!
//! With feature `workbench`, builds the browser workbench's engine (`workbench/`, the core
//! for wasm32 behind a small C ABI) the same way, so that `mandate serve` and `mandate
//! workbench` carry an engine built from these very sources, never a stale copy. Without the
//! target it warns and sets `mandate_no_workbench`.
//!
//! With both features, both modules come from one nested cargo run, so that the wasm32 core
//! they share is compiled once and the two packages build side by side.
//!
//! Writing plugins is optional, so it never stops a build: without the
//! `wasm32-unknown-unknown` target (or without the guest's sources, or when the guest does not
//! build) this script prints a warning and sets `mandate_no_guest`, and `compile --wasm` then
//! says how to get a build that writes plugins.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Set on the nested build so that its own run of this script does nothing.
const NESTED: &str = "MANDATE_GUEST_BUILD";
/// The target the guest is built for.
const WASM: &str = "wasm32-unknown-unknown";

/// A wasm32 module this script builds for the library to embed.
struct Module {
    /// The cargo package.
    package: &'static str,
    /// Its folder, relative to the package root.
    folder: &'static str,
    /// The files and folders whose change builds it again (relative to the package root).
    watched: &'static [&'static str],
    /// The built file's name, without `.wasm`.
    artifact: &'static str,
    /// The file's name in OUT_DIR, where the library includes it from.
    dest: &'static str,
    /// Its name in the warning of a build without it.
    name: &'static str,
    /// What stops working without it, in that warning.
    left_out: &'static str,
    /// The cfg set when it is left out, which the library answers with.
    cfg: &'static str,
    /// What to do when its sources are absent.
    no_sources: &'static str,
}

/// The WASM plugin guest (feature `plugin`).
const GUEST: Module = Module {
    package: "mandate-wasm-guest",
    folder: "wasm-guest",
    watched: &["src", "grammar", "wasm-guest", "Cargo.toml", "Cargo.lock"],
    artifact: "mandate_wasm_guest",
    dest: "mandate_guest.wasm",
    name: "the WASM guest",
    left_out: "`mandate compile --wasm`, which says",
    cfg: "mandate_no_guest",
    no_sources: "build from the repository, or set MANDATE_GUEST_WASM to a guest built with \
                 `cargo build -p mandate-wasm-guest --release --target wasm32-unknown-unknown`",
};

/// The browser workbench's engine (feature `workbench`).
const WORKBENCH: Module = Module {
    package: "mandate-workbench",
    folder: "workbench",
    watched: &[
        "src",
        "grammar",
        "workbench/src",
        "workbench/Cargo.toml",
        "workbench/dist",
    ],
    artifact: "mandate_workbench",
    dest: "mandate_workbench.wasm",
    name: "the workbench's engine",
    left_out: "`mandate workbench` and the page `mandate serve` shows at `/`, which say",
    cfg: "mandate_no_workbench",
    no_sources: "build from the repository",
};

impl Module {
    /// Watches the module's sources; whether they are here (else it warns).
    fn sources_here(&self, root: &Path) -> bool {
        for watched in self.watched {
            println!("cargo::rerun-if-changed={}", root.join(watched).display());
        }
        let here = root.join(self.folder).join("Cargo.toml").is_file();
        if !here {
            warn(
                self,
                &format!(
                    "its sources ({}/) are not here; {}",
                    self.folder, self.no_sources
                ),
            );
        }
        here
    }
}

fn main() {
    list_locales();
    println!("cargo::rustc-check-cfg=cfg(mandate_no_guest)");
    println!("cargo::rustc-check-cfg=cfg(mandate_no_workbench)");
    println!("cargo::rerun-if-env-changed=MANDATE_GUEST_WASM");
    if std::env::var_os(NESTED).is_some() {
        return;
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut wanted = Vec::new();
    if std::env::var_os("CARGO_FEATURE_WORKBENCH").is_some() && WORKBENCH.sources_here(&root) {
        wanted.push(&WORKBENCH);
    }
    if std::env::var_os("CARGO_FEATURE_PLUGIN").is_some() {
        if let Some(prebuilt) = std::env::var_os("MANDATE_GUEST_WASM") {
            println!("cargo::rerun-if-changed={}", Path::new(&prebuilt).display());
            // Asked for by name: a guest that cannot be read is the packager's error to see.
            if let Err(e) = std::fs::copy(&prebuilt, out_dir.join(GUEST.dest)) {
                panic!(
                    "MANDATE_GUEST_WASM: cannot copy the WASM guest {}: {e}",
                    Path::new(&prebuilt).display()
                );
            }
        } else if GUEST.sources_here(&root) {
            wanted.push(&GUEST);
        }
    }
    if wanted.is_empty() {
        return;
    }
    if let Err(why) = wasm_target_installed() {
        for module in wanted {
            warn(module, &why);
        }
        return;
    }
    // One nested run for every module: a failure there is told apart by building each module
    // alone, so that a guest that does not build costs the workbench nothing, and the reverse.
    let together = build_wasm(&root, &out_dir, &wanted);
    for module in &wanted {
        let built = match (&together, wanted.len()) {
            (Ok(()), _) => Ok(()),
            (Err(why), 1) => Err(why.clone()),
            (Err(_), _) => build_wasm(&root, &out_dir, &[module]),
        };
        if let Err(why) = built.and_then(|()| take_module(&out_dir, module)) {
            warn(module, &why);
        }
    }
}

/// Copies the built `module` into OUT_DIR, where the library includes it from.
fn take_module(out_dir: &Path, module: &Module) -> Result<(), String> {
    let built = nested_target_dir(out_dir)
        .join(WASM)
        .join("release")
        .join(format!("{}.wasm", module.artifact));
    std::fs::copy(&built, out_dir.join(module.dest))
        .map(drop)
        .map_err(|e| format!("cannot copy the built module {}: {e}", built.display()))
}

/// Says that `module` is left out and why, and sets the cfg the library answers with.
fn warn(module: &Module, why: &str) {
    println!(
        "cargo::warning=building without {}: {why}. Everything works except {} how to \
         enable it.",
        module.name, module.left_out
    );
    println!("cargo::rustc-cfg={}", module.cfg);
}

/// Builds the wasm32 packages of `modules` in release mode, in one cargo run, into the
/// nested target folder.
fn build_wasm(root: &Path, out_dir: &Path, modules: &[&Module]) -> Result<(), String> {
    let target_dir = nested_target_dir(out_dir);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).arg("build");
    for module in modules {
        command.args(["-p", module.package]);
    }
    command
        .arg("--release")
        .args(["--target", WASM, "--target-dir"])
        .arg(&target_dir)
        .env(NESTED, "1")
        // Set here so the native release profile stays as it is.
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
    if optimised_outer_build() {
        // What ships: a small, fast module (whole-program optimisation, one codegen unit).
        command
            .env("CARGO_PROFILE_RELEASE_LTO", "true")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1");
    } else {
        // A debug build of the host (tests, CI, the edit-build loop): the same code, built in
        // parallel and incrementally. Whole-program optimisation on one codegen unit took
        // about twice the wall time on two cores, and re-ran in full after every edit under
        // src/; `CARGO_INCREMENTAL=0` (as CI sets it) still turns incremental builds off.
        // Optimised for size: a quarter less compiler time than for speed, and a guest a
        // tenth smaller, which wasmtime compiles a tenth faster in every plugin test (the
        // workbench's engine, a quarter smaller). It decides the same.
        command
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true");
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo to build it: {e}"))?;
    let packages = modules
        .iter()
        .map(|m| format!("-p {}", m.package))
        .collect::<Vec<_>>()
        .join(" ");
    if !output.status.success() {
        // The nested build's own errors, for whoever reads the build log. A failed run of
        // several modules is followed by a run of each alone (see `main`), which prints them.
        if let [module] = modules {
            let stderr = String::from_utf8_lossy(&output.stderr);
            // Cargo's progress lines ("Compiling …") say nothing about what failed.
            let progress = |l: &str| {
                let l = l.trim_start();
                l.is_empty() || l.starts_with("Compiling ") || l.starts_with("Blocking ")
            };
            for line in stderr.lines().filter(|l| !progress(l)).take(40) {
                println!("cargo::warning={} build: {line}", module.package);
            }
        }
        return Err(format!(
            "`cargo build {packages} --target {WASM}` failed (see the lines above)"
        ));
    }
    Ok(())
}

/// Whether the host is built with optimisations (`--release`, or a profile that inherits from
/// it): then the nested modules are built to ship.
fn optimised_outer_build() -> bool {
    std::env::var("OPT_LEVEL").is_ok_and(|level| level != "0")
}

/// Where the nested wasm32 builds keep their files: a target folder of their own, because the
/// outer build holds a lock on the usual one. The guest and the workbench share it (and the
/// same profile), and a build with both features builds them in one run, so the core is
/// compiled once for both. It sits beside the outer build's `build/`
/// folder rather than in this run's OUT_DIR: `cargo clippy` and `cargo test` with the same
/// profile run this script in different OUT_DIRs, and each would otherwise compile the
/// wasm32 core again from nothing (about five minutes on two cores).
fn nested_target_dir(out_dir: &Path) -> PathBuf {
    // OUT_DIR is `<profile folder>/build/<package>-<hash>/out`.
    let profile = out_dir
        .ancestors()
        .nth(3)
        .filter(|_| out_dir.ancestors().nth(2).and_then(Path::file_name) == Some("build".as_ref()));
    match profile {
        Some(profile) => profile.join("mandate-wasm"),
        // An unfamiliar layout: keep to this run's own folder.
        None => out_dir.join("guest-target"),
    }
}

/// Whether the toolchain building us has the standard library for wasm32; without it the
/// nested build could only fail. The sysroot's list of components is watched, so that adding
/// the target (`rustup target add`) makes the next build try again.
fn wasm_target_installed() -> Result<(), String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let print = |what: &[&str]| -> Option<PathBuf> {
        let out = Command::new(&rustc).args(what).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| PathBuf::from(text.trim()))
    };
    if let Some(sysroot) = print(&["--print", "sysroot"]) {
        // rustup rewrites `components` when a target is added; elsewhere the folder holding
        // one folder per target changes instead.
        let rustlib = sysroot.join("lib").join("rustlib");
        let components = rustlib.join("components");
        let watched = if components.is_file() {
            components
        } else {
            rustlib
        };
        if watched.exists() {
            println!("cargo::rerun-if-changed={}", watched.display());
        }
    }
    let missing = || {
        format!("the {WASM} target is not installed (`rustup target add {WASM}`, then build again)")
    };
    let libdir = print(&["--print", "target-libdir", "--target", WASM]).ok_or_else(missing)?;
    let has_std = std::fs::read_dir(&libdir)
        .map(|entries| {
            entries.filter_map(Result::ok).any(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with("libstd-") && name.ends_with(".rlib")
            })
        })
        .unwrap_or(false);
    if has_std { Ok(()) } else { Err(missing()) }
}

/// Writes `locales.rs` into OUT_DIR: one `(code, text)` entry per `src/words/locales/*.ftl`,
/// sorted by code, the text included at compile time.
fn list_locales() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dir = root.join("src/words/locales");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut codes: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    let code = name.strip_suffix(".ftl")?;
                    // A language code, nothing a path could be built from.
                    (!code.is_empty()
                        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                    .then(|| code.to_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    let mut out =
        String::from("/// Every language with a message file: (code, the file's text).\n");
    out.push_str("pub(super) const LOCALES: &[(&str, &str)] = &[\n");
    for code in &codes {
        let file = dir.join(format!("{code}.ftl"));
        println!("cargo::rerun-if-changed={}", file.display());
        out.push_str(&format!(
            "    ({code:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("locales.rs"), out).expect("OUT_DIR is writable");
}
