//! Set conditions (`data any of`, `all of`, `none of`, `other than`, over data, subjects and
//! purpose) against a slow reference written from Fides' definition of `matches`, and flows
//! that carry no data category.

use mandate::Engine;
use mandate::eval::{DenyKind, Outcome};
use proptest::prelude::*;

/// Categories `a`, `a.x`, `a.x.y`, `a.z`, `b`, `b.w`; purposes alike; flat subjects. No
/// category is personal, so a flow may state that it is about no one.
pub(crate) const VOCABULARY: &str = r##"
policy "Sets" version "1"
category a
category a.x
category a.x.y
category a.z
category b
category b.w
purpose p
purpose p.q
purpose p.q.r
purpose s
subject customer
subject employee
subject visitor
party kind org
party one kind org jurisdiction "KE"
party two kind org jurisdiction "KE"
allow "Everything else" when true cite "test"
"##;

const CATEGORIES: [&str; 6] = ["a", "a.x", "a.x.y", "a.z", "b", "b.w"];
const PURPOSES: [&str; 4] = ["p", "p.q", "p.q.r", "s"];
const SUBJECTS: [&str; 3] = ["customer", "employee", "visitor"];
const MATCHES: [&str; 4] = ["any of", "all of", "none of", "other than"];

/// The key and its ancestors (Fides' `get_fides_key_parent_hierarchy`): dotted prefixes.
fn hierarchy(key: &str) -> Vec<String> {
    let parts: Vec<&str> = key.split('.').collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("."))
        .collect()
}

/// Fides' `compare_rule_to_declaration`, as a truth value: whether the returned set of
/// violating keys is non-empty. `declared` is the list of hierarchies (a subject's is itself
/// alone). Duplicates are removed first: mandate reads a flow's lists as sets.
fn fides(matches: &str, rule: &[&str], declared: &[Vec<String>]) -> bool {
    let mut declared = declared.to_vec();
    declared.sort();
    declared.dedup();
    let hit = |h: &Vec<String>| h.iter().any(|k| rule.contains(&k.as_str()));
    let matched = declared.iter().filter(|h| hit(h)).count();
    let mismatched = declared.len() - matched;
    match matches {
        "any of" => matched > 0,
        "all of" => matched > 0 && matched == declared.len(),
        "none of" => matched == 0 && mismatched > 0,
        "other than" => mismatched > 0,
        _ => unreachable!(),
    }
}

fn list(names: &[&str]) -> String {
    format!("[{}]", names.join(", "))
}

/// Whether the deny rule with `condition` fires on the flow: `Some(true)` forbidden, `Some(false)`
/// allowed, `None` a gap.
fn fires(condition: &str, data: &[&str], purpose: &str, subjects: Option<&[&str]>) -> Option<bool> {
    let text = format!("{VOCABULARY}\ndeny \"Rule\" when {condition} cite \"test\"\n");
    let engine = Engine::from_sources([("p.policy", text.as_str())]).expect("compiles");
    let mut flow = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "one", "to": "two",
        "data": data, "purpose": purpose,
    });
    if let Some(s) = subjects {
        flow["subjects"] = serde_json::json!(s);
    }
    let d = engine.decide_json(&flow.to_string());
    match (d.decision, d.kind) {
        (Outcome::Allow, _) => Some(false),
        (Outcome::Deny, Some(DenyKind::Forbidden)) => Some(true),
        (Outcome::Deny, Some(DenyKind::Gap)) => None,
        _ => panic!("unexpected decision for `{condition}`: {}", d.to_text()),
    }
}

fn subset(all: &'static [&'static str]) -> impl Strategy<Value = Vec<&'static str>> {
    proptest::sample::subsequence(all.to_vec(), 0..=all.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Over data categories, each `matches` agrees with Fides' definition, empty lists included.
    #[test]
    fn data_sets_agree_with_fides(m in 0usize..4, rule in subset(&CATEGORIES), data in subset(&CATEGORIES)) {
        let condition = format!("data {} {}", MATCHES[m], list(&rule));
        let declared: Vec<Vec<String>> = data.iter().map(|d| hierarchy(d)).collect();
        prop_assert_eq!(fires(&condition, &data, "s", Some(&[])), Some(fides(MATCHES[m], &rule, &declared)), "{}", condition);
    }

    /// Over the purpose (one, with its hierarchy).
    #[test]
    fn purpose_sets_agree_with_fides(m in 0usize..4, rule in subset(&PURPOSES), purpose in 0usize..4) {
        let condition = format!("purpose {} {}", MATCHES[m], list(&rule));
        let declared = vec![hierarchy(PURPOSES[purpose])];
        prop_assert_eq!(fires(&condition, &["a"], PURPOSES[purpose], Some(&[])), Some(fides(MATCHES[m], &rule, &declared)), "{}", condition);
    }

    /// Over subjects (flat: each is its own hierarchy).
    #[test]
    fn subject_sets_agree_with_fides(m in 0usize..4, rule in subset(&SUBJECTS), subjects in subset(&SUBJECTS)) {
        let condition = format!("subjects {} {}", MATCHES[m], list(&rule));
        let declared: Vec<Vec<String>> = subjects.iter().map(|s| vec![s.to_string()]).collect();
        prop_assert_eq!(fires(&condition, &["a"], "s", Some(&subjects)), Some(fides(MATCHES[m], &rule, &declared)), "{}", condition);
    }
}

/// Fides' own cases for `compare_rule_to_declaration` (tests/ctl/core/test_evaluate.py), on a
/// taxonomy where `key_1` lies under `key_1_parent` and `key_3` under `key_3_parent`.
#[test]
fn fides_compare_rule_to_declaration_cases() {
    let vocabulary = r##"
policy "Fides cases" version "1"
category key_1_parent
category key_1 under key_1_parent
category key_2_parent
category key_2 under key_2_parent
category key_3_parent
category key_3 under key_3_parent
purpose s
party kind org
party one kind org jurisdiction "KE"
allow "Everything else" when true cite "test"
"##;
    // (matches, rule values, declared categories, violated)
    let cases: &[(&str, &[&str], &[&str], bool)] = &[
        ("any of", &["key_1"], &["key_2", "key_1"], true),
        ("any of", &["key_1_parent"], &["key_2", "key_1"], true),
        ("any of", &["key_1"], &["key_2", "key_3"], false),
        ("any of", &["key_1"], &["key_2", "key_3"], false),
        ("all of", &["key_1", "key_3"], &["key_3", "key_1"], true),
        (
            "all of",
            &["key_1_parent", "key_3_parent"],
            &["key_3", "key_1"],
            true,
        ),
        ("all of", &["key_1", "key_3"], &["key_2", "key_1"], false),
        (
            "all of",
            &["key_1", "key_1_parent", "key_3"],
            &["key_2", "key_1"],
            false,
        ),
        ("none of", &["key_1"], &["key_2", "key_3"], true),
        ("none of", &["key_1"], &["key_2", "key_3"], true),
        ("none of", &["key_1"], &["key_2", "key_3", "key_1"], false),
        (
            "none of",
            &["key_1_parent"],
            &["key_2", "key_3", "key_1"],
            false,
        ),
        ("other than", &["key_1"], &["key_2", "key_1"], true),
        ("other than", &["key_1_parent"], &["key_2", "key_1"], true),
        (
            "other than",
            &["key_1", "key_3"],
            &["key_1", "key_3"],
            false,
        ),
        (
            "other than",
            &["key_1", "key_3_parent"],
            &["key_1", "key_3"],
            false,
        ),
    ];
    for &(matches, rule, data, violated) in cases {
        let text = format!(
            "{vocabulary}\ndeny \"Rule\" when data {matches} {} cite \"test\"\n",
            list(rule)
        );
        let engine = Engine::from_sources([("p.policy", text.as_str())]).expect("compiles");
        let flow = serde_json::json!({
            "id": "f", "at": "2026-03-01T12:00:00Z", "from": "one", "to": "one",
            "data": data, "purpose": "s", "subjects": [],
        });
        let d = engine.decide_json(&flow.to_string());
        let forbidden = d.kind == Some(DenyKind::Forbidden);
        assert_eq!(
            forbidden,
            violated,
            "data {matches} {rule:?} on {data:?}: {}",
            d.to_text()
        );
    }
}

/// A flow that carries no data category is valid, and every data condition has its value.
#[test]
fn a_flow_without_data_is_decided() {
    for (condition, expected) in [
        ("data includes a", Some(false)),
        ("data within [a]", Some(true)),
        ("data within []", Some(true)),
        ("data any of [a]", Some(false)),
        ("data all of [a]", Some(false)),
        ("data none of [a]", Some(false)),
        ("data other than [a]", Some(false)),
        ("data other than []", Some(false)),
        ("data none of []", Some(false)),
        ("data sensitivity at least low", None),
        ("subjects any of [customer]", Some(false)),
    ] {
        assert_eq!(
            fires(condition, &[], "s", Some(&[])),
            expected,
            "{condition}"
        );
    }
    // Without `subjects`, a subject condition is unknown (a gap), as for any flow.
    assert_eq!(fires("subjects none of [customer]", &[], "s", None), None);
}

/// Explanations name what a set condition found, in both languages, with no empty list.
#[test]
fn set_conditions_explain_in_english_and_french() {
    let text = format!("{VOCABULARY}\ndeny \"Rule\" when data all of [a] cite \"test\"\n");
    let engine = Engine::from_sources([("p.policy", text.as_str())]).expect("compiles");
    let flow = r#"{"id":"f","at":"2026-03-01T12:00:00Z","from":"one","to":"two","data":["a.x"],"purpose":"s","subjects":[]}"#;
    let en = engine.decide_json(flow).to_text();
    assert!(en.contains("the flow carries data (a.x)"), "{en}");
    let fr = engine
        .decide_json_in(flow, mandate::words::Lang::FR)
        .to_text_in(mandate::words::Lang::FR);
    assert!(fr.contains("le flux transporte des données (a.x)"), "{fr}");
    let none = r#"{"id":"f","at":"2026-03-01T12:00:00Z","from":"one","to":"two","data":[],"purpose":"s","subjects":[]}"#;
    let en = engine.decide_json(none).to_text();
    assert_eq!(engine.decide_json(none).decision, Outcome::Allow, "{en}");
}

#[cfg(feature = "lint")]
fn compiled(condition: &str) -> mandate::model::CompiledPolicy {
    let text = format!("{VOCABULARY}\ndeny \"Rule\" when {condition} cite \"test\"\n");
    Engine::from_sources([("p.policy", text.as_str())])
        .expect("compiles")
        .policy()
        .clone()
}

/// `mandate diff` reads set conditions as what they mean: the same set written two ways is no
/// change, and `data all of` differs from `data within` exactly on a flow that carries no
/// data, which the SAT encoding can now state (a witness with `"data": []`).
#[cfg(feature = "lint")]
#[test]
fn diff_reads_set_conditions_and_flows_without_data() {
    let at = "2026-03-01T00:00:00Z";
    let any = compiled("data any of [a, b]");
    let spelled = compiled("data includes a or data includes b");
    let same = mandate::tools::diff::diff(&any, &spelled, at).expect("comparable");
    assert!(same.is_empty(), "{same:?}");
    let all = compiled("data all of [a]");
    let within = compiled("data within [a]");
    let changes = mandate::tools::diff::diff(&all, &within, at).expect("comparable");
    assert!(!changes.is_empty());
    for c in &changes {
        assert_eq!(c.flow["data"], serde_json::json!([]), "{c:?}");
        assert!(c.verified, "{c:?}");
    }
}

/// `mandate lint` sees through set conditions: `data any of []` never holds (L0001), and a
/// rule that says the same as another is found (L0004).
#[cfg(feature = "cli")]
#[test]
fn lint_reads_set_conditions() {
    use crate::common::{TempDir, mandate};
    let dir = TempDir::new("sets-lint");
    dir.write(
        "p.policy",
        &format!(
            "{VOCABULARY}\ndeny \"Never\" when data any of [] cite \"test\"\n\
             deny \"Some\" when data other than [] cite \"test\"\n\
             deny \"Also some\" when not data within [] cite \"test\"\n"
        ),
    );
    let o = mandate(
        &[
            "lint",
            dir.path().to_str().expect("utf-8"),
            "--today",
            "2026-03-01",
        ],
        None,
    );
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(out.contains("L0001") && out.contains("Never"), "{out}");
    assert!(out.contains("L0004"), "{out}");
}

/// `mandate fmt` lays set conditions out like any other, and a second run changes nothing.
#[test]
fn fmt_lays_out_set_conditions() {
    let text = "policy \"P\" version \"1\"\ncategory a\ncategory b\npurpose s\nsubject customer\n\
                deny \"r\"   when data   any  of [a,b]\n and subjects none of [ customer ]\n and purpose other   than [s] cite \"c\"\n";
    let once = mandate::tools::fmt::format(mandate::source::FileId(0), text).expect("formats");
    assert!(once.contains("data any of [a, b]"), "{once}");
    assert!(once.contains("subjects none of [customer]"), "{once}");
    assert!(once.contains("purpose other than [s]"), "{once}");
    let twice = mandate::tools::fmt::format(mandate::source::FileId(0), &once).expect("formats");
    assert_eq!(once, twice);
}

/// Remedies read set conditions: a flow a `data any of` rule forbids is told to leave out
/// the matching categories (never to carry no data at all), and every remedy allows it.
#[test]
fn remedies_read_set_conditions() {
    use mandate::explain::remedies::RemedyStatus;
    let text = format!("{VOCABULARY}\ndeny \"No a\" when data any of [a] cite \"test\"\n");
    let engine = Engine::from_sources([("p.policy", text.as_str())]).expect("compiles");
    let json = r#"{"id":"f","at":"2026-03-01T12:00:00Z","from":"one","to":"two","data":["a.x","b"],"purpose":"s","subjects":[]}"#;
    let e = mandate::explain::explain_json(engine.policy(), json);
    assert_eq!(e.remedies.status, RemedyStatus::Found);
    let flow = mandate::eval::Flow::from_json(json).expect("a flow");
    for remedy in &e.remedies.options {
        let (changed, policy) = remedy.apply(engine.policy(), &flow);
        assert!(
            policy.is_some() || !changed.data.is_empty(),
            "{:?}",
            remedy.changes
        );
        let judge = policy
            .map(Engine::from_compiled)
            .unwrap_or_else(|| engine.clone());
        assert_eq!(
            judge.decide(&changed).decision,
            Outcome::Allow,
            "{:?}",
            remedy.changes
        );
    }
    // Only the data carrying `a.x` goes: `b` stays.
    assert!(
        e.remedies
            .options
            .iter()
            .any(|r| r.apply(engine.policy(), &flow).0.data == ["b"]),
        "{:?}",
        e.remedies
            .options
            .iter()
            .map(|r| &r.changes)
            .collect::<Vec<_>>()
    );
}
