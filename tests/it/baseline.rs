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
        let mut rules: Vec<String> = d.determining.iter().map(|r| r.rule.to_string()).collect();
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
        insta::with_settings!({ snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false, omit_expression => true, filters => crate::common_filters() }, {
            insta::assert_json_snapshot!("decision", d);
            insta::assert_snapshot!("text", d.to_text());
        });
    }
}

/// The snapshots replace the policy's hash with a placeholder (`crate::common_filters`); the
/// hash itself is checked here: the same sources give the same hash, every decision carries
/// it, and a change to one citation gives another.
#[test]
fn the_baseline_hash_is_stable_and_changes_with_the_pack() {
    let engine = Engine::from_path(PACK).expect("the baseline pack compiles");
    let again = Engine::from_path(PACK).expect("the baseline pack compiles");
    let hash = &engine.policy().hash;
    assert_eq!(
        hash,
        &again.policy().hash,
        "the same sources, the same hash"
    );
    assert!(
        hash.starts_with("sha256:") && hash.len() == "sha256:".len() + 64,
        "{hash}"
    );
    for (name, text) in flows() {
        assert_eq!(&*engine.decide_json(&text).policy, hash.as_str(), "{name}");
    }
    let dir = common::TempDir::new("baseline-hash");
    for entry in std::fs::read_dir(PACK).expect("the pack is a folder") {
        let path = entry.expect("a folder entry").path();
        if path.extension().is_some_and(|e| e == "policy") {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 name");
            let mut text = std::fs::read_to_string(&path).expect("readable");
            if name == "rules-review.policy" {
                text = text.replacen("§7 (accountability", "§7.1 (accountability", 1);
            }
            dir.write(name, &text);
        }
    }
    let changed = Engine::from_path_with_library(dir.path(), &[Path::new("policies").into()])
        .expect("the changed pack compiles");
    assert_ne!(
        &changed.policy().hash,
        hash,
        "one citation changed, another hash"
    );
    let unchanged_copy = {
        let text =
            std::fs::read_to_string(dir.path().join("rules-review.policy")).expect("written above");
        dir.write(
            "rules-review.policy",
            &text.replacen("§7.1 (accountability", "§7 (accountability", 1),
        );
        Engine::from_path_with_library(dir.path(), &[Path::new("policies").into()])
            .expect("the copy compiles")
    };
    assert_eq!(
        &unchanged_copy.policy().hash,
        hash,
        "a copy of the pack elsewhere has the pack's hash"
    );
}
