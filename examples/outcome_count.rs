//! Runs [`Engine::outcome`] over the flows of a pack's `flows/` folder, `PASSES` times, for
//! counting the engine's instructions per flow with callgrind (stable on a shared machine,
//! unlike time):
//!
//! ```sh
//! cargo build --release --example outcome_count
//! valgrind --tool=callgrind --toggle-collect='outcome_count::passes_of' \
//!     target/release/examples/outcome_count policies/humanitarian-baseline 20
//! callgrind_annotate --inclusive=yes callgrind.out.*
//! ```
//!
//! The total, divided by `PASSES` times the number of flows, is the instructions an outcome
//! takes (a warm-up pass before, not counted, loads the message files the first input error
//! needs). It prints the outcomes' tally, so that the work is not optimised away and a
//! change that alters a decision shows.

use mandate::Engine;
use mandate::eval::{DenyKind, Flow, Outcome};
use std::collections::BTreeMap;

fn main() {
    let mut args = std::env::args().skip(1);
    let pack = args
        .next()
        .unwrap_or_else(|| "policies/humanitarian-baseline".into());
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(20);
    let engine = Engine::from_path(&pack).unwrap_or_else(|e| panic!("{pack}: {e}"));
    let folder = std::path::Path::new(&pack).join("flows");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "expected.json")
        })
        .collect();
    files.sort();
    let flows: Vec<Flow> = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"));
            Flow::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect();
    // One warm-up pass, outside what is counted: the first input error loads the message
    // files once.
    for flow in &flows {
        std::hint::black_box(engine.outcome(flow));
    }
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for (decision, kind) in passes_of(&engine, &flows, passes) {
        *tally.entry(format!("{decision:?} {kind:?}")).or_default() += 1;
    }
    println!("{} flows, {passes} passes: {tally:?}", flows.len());
}

/// The outcomes of `passes` passes over `flows`: what `--toggle-collect='*passes_of*'`
/// counts.
#[inline(never)]
fn passes_of(engine: &Engine, flows: &[Flow], passes: usize) -> Vec<(Outcome, Option<DenyKind>)> {
    let mut outcomes = Vec::with_capacity(flows.len() * passes);
    for _ in 0..passes {
        for flow in flows {
            outcomes.push(engine.outcome(std::hint::black_box(flow)));
        }
    }
    outcomes
}
