//! A fixed amount of decision work, for instruction counts under callgrind: timings on a
//! shared virtual machine drift up to 2× within an hour, instruction counts do not.
//!
//! `count RULES MODE PASSES` compiles the benchmark pack of RULES rules, then decides its
//! 512 flows PASSES times, in MODE `verdict` (no words), `decide` (the decision with its
//! reasons typed; facts are put into words only when asked for), `words` (the decision and
//! every deciding rule's facts in words, what `decide` gave before words became lazy) or
//! `json` (flow JSON in, decision out, as `decide`). Run it twice, with PASSES 0 and N,
//! under `valgrind --tool=callgrind`; the difference over N × 512 is the cost of one
//! decision. `.ci/count-instructions` does exactly that.

use mandate_compare::{mandate_engine, workload};
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: count RULES verdict|decide|words|json PASSES";
    let [rules, mode, passes] = args.as_slice() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let (Ok(rules), Ok(passes)) = (rules.parse::<usize>(), passes.parse::<usize>()) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let (pack, flows) = workload(rules);
    let engine = mandate_engine(&pack).expect("the benchmark pack compiles");
    let jsons: Vec<String> = flows
        .iter()
        .map(|f| serde_json::to_string(f).expect("flow serialises"))
        .collect();
    for _ in 0..passes {
        match mode.as_str() {
            "decide" => flows.iter().for_each(|f| {
                black_box(engine.decide(f));
            }),
            "words" => flows.iter().for_each(|f| {
                let d = engine.decide(f);
                for r in &d.determining {
                    black_box(r.facts());
                }
                black_box(d);
            }),
            "verdict" => flows.iter().for_each(|f| {
                black_box(engine.verdict(f));
            }),
            "json" => jsons.iter().for_each(|j| {
                black_box(engine.decide_json(j));
            }),
            _ => {
                eprintln!("{usage}");
                std::process::exit(2);
            }
        }
    }
}
