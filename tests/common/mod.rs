//! Helpers shared by the integration tests.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
#[cfg(feature = "cli")]
use std::process::{Command, Output, Stdio};

/// Runs the `mandate` binary in the package root, without colour, feeding `stdin`.
#[cfg(feature = "cli")]
pub fn mandate(args: &[&str], stdin: Option<&str>) -> Output {
    mandate_with_env(args, stdin, &[("NO_COLOR", "1")])
}

/// As [`mandate`], with these environment variables (and no NO_COLOR unless given).
#[cfg(feature = "cli")]
pub fn mandate_with_env(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    run(Path::new(env!("CARGO_BIN_EXE_mandate")), args, stdin, env)
}

/// As [`mandate`], with the lean command line ([`lean_binary`]).
#[cfg(feature = "cli")]
pub fn lean(args: &[&str]) -> Output {
    run(lean_binary(), args, None, &[("NO_COLOR", "1")])
}

/// The command line built with feature `cli` alone, for the tests of what a build without
/// `serve`, `host`, `plugin` or `workbench` answers. A test build without those features
/// has it as its own binary. Any other builds it once per run into `<target>/lean`, a target
/// folder of its own: built in the usual one, it would replace the binary the other tests
/// run. Cargo's progress goes to the terminal, since a first build takes minutes.
#[cfg(feature = "cli")]
pub fn lean_binary() -> &'static Path {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let own = !cfg!(any(
            feature = "serve",
            feature = "host",
            feature = "plugin",
            feature = "workbench"
        ));
        if own {
            return PathBuf::from(env!("CARGO_BIN_EXE_mandate"));
        }
        // CARGO_TARGET_TMPDIR is `<target>/tmp`.
        let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("the target folder holds tmp/")
            .join("lean");
        let status = Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "build",
                "--features",
                "cli",
                "--bin",
                "mandate",
                "--target-dir",
            ])
            .arg(&target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the lean command line builds");
        target.join("debug").join("mandate")
    })
}

/// Runs `binary` in the package root, feeding `stdin`, with these environment variables.
#[cfg(feature = "cli")]
fn run(binary: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut command = Command::new(binary);
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        // The reader's own language must not change what the tests expect.
        .env_remove("MANDATE_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("the binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("the binary finishes")
}

/// The exit code (-1 when killed by a signal).
#[cfg(feature = "cli")]
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The baseline pack, relative to the package root (where tests run), so positions in
/// decisions and explanations stay relative paths.
pub const BASELINE: &str = "policies/humanitarian-baseline";

/// Every bundled flow of the baseline pack as `(file name, text)`, sorted by name.
pub fn baseline_flows() -> Vec<(String, String)> {
    flows_in(&Path::new(BASELINE).join("flows"))
}

/// Every flow file of a pack's `flows/` folder as `(file name, text)`, sorted by name
/// (`expected.json`, which holds the expected decisions, is not a flow).
pub fn flows_in(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("the flows folder exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "expected.json")
        })
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&p).expect("readable flow"))
        })
        .collect();
    out.sort();
    out
}

/// A fresh folder under the system's temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("mandate-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a temporary folder");
        TempDir(path)
    }

    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a folder in the temporary folder");
        }
        std::fs::write(&path, text).expect("write a file in the temporary folder");
        path
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `text` with the temporary folder's path replaced by `<tmp>`, for stable snapshots.
    pub fn scrub(&self, text: &str) -> String {
        let shown = self.0.to_string_lossy().replace('\\', "/");
        text.replace(&shown, "<tmp>")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
