//! The bundled baseline pack: every flow in `flows/` gets the decision `flows/expected.json`
//! states, and an insta snapshot of its full decision (JSON) and its text form.

use crate::common;

use mandate::Engine;
use std::collections::BTreeMap;
use std::path::Path;

// Tests run in the package root, so positions in decisions stay relative paths.
const PACK: &str = "policies/humanitarian-baseline";

#[derive(serde::Deserialize, Debug)]
struct Expected {
    decision: String,
    kind: Option<String>,
    #[serde(default)]
    rules: Vec<String>,
}

fn flows() -> Vec<(String, String)> {
    common::baseline_flows()
}

fn expected() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(Path::new(PACK).join("flows/expected.json"))
        .expect("expected.json exists");
    serde_json::from_str(&text).expect("expected.json is a map of file name to expectation")
}

#[test]
fn every_bundled_flow_gets_its_expected_decision() {
    let engine = Engine::from_path(PACK).expect("the baseline pack compiles");
    let flows = flows();
    let expected = expected();
    assert!(
        flows.len() >= 40,
        "the pack ships at least 40 flows, found {}",
        flows.len()
    );
    let names: Vec<&String> = flows.iter().map(|(n, _)| n).collect();
    let listed: Vec<&String> = expected.keys().collect();
    assert_eq!(
        names, listed,
        "every flow has an expectation and every expectation a flow"
    );
    let mut failures = Vec::new();
    for (name, text) in &flows {
        let d = engine.decide_json(text);
        let want = &expected[name];
        let got_decision = serde_json::to_value(d.decision).expect("serialises");
        let got_kind = d.kind.map(|k| serde_json::to_value(k).expect("serialises"));
        let mut rules: Vec<String> = d.determining.iter().map(|r| r.rule.clone()).collect();
        rules.sort();
        rules.dedup();
        let mut want_rules = want.rules.clone();
        want_rules.sort();
        if got_decision != want.decision.as_str()
            || got_kind.as_ref().and_then(|k| k.as_str()) != want.kind.as_deref()
            || rules != want_rules
        {
            failures.push(format!("{name}: expected {want:?}\n{}", d.to_text()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} flow(s) decided otherwise:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn snapshots_of_every_bundled_decision() {
    let engine = Engine::from_path(PACK).expect("the baseline pack compiles");
    for (name, text) in flows() {
        let d = engine.decide_json(&text);
        let stem = name.trim_end_matches(".json").to_owned();
        insta::with_settings!({ snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_json_snapshot!("decision", d);
            insta::assert_snapshot!("text", d.to_text());
        });
    }
}
