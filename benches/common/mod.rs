//! What several benchmarks share: the bundled baseline pack and its flows.

use std::path::PathBuf;

/// The bundled pack the benchmarks decide.
pub const PACK: &str = "policies/humanitarian-baseline";

/// The pack's example flows (every `flows/*.json` but the expectations), in name order.
pub fn flows() -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(format!("{PACK}/flows"))
        .expect("the flows folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "expected.json")
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a flow"))
        .collect()
}
