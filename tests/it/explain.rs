//! `mandate explain`: explanations of every bundled flow (snapshots of text and JSON), and
//! the counterfactual remedies, each re-verified here independently of the search.

use crate::common;

use common::{BASELINE, baseline_flows};
use mandate::Engine;
use mandate::eval::{Flow, Outcome};
use mandate::explain::remedies::Blocking;
use mandate::explain::{self, Change, RemedyStatus};
use mandate::words::Lang;

fn engine() -> Engine {
    Engine::from_path(BASELINE).expect("the baseline pack compiles")
}

#[test]
fn snapshots_of_every_bundled_explanation() {
    let engine = engine();
    for (name, text) in baseline_flows() {
        let e = explain::explain_json(engine.policy(), &text);
        assert_eq!(
            e.decision,
            engine.decide_json(&text),
            "{name}: the explanation carries the engine's decision unchanged"
        );
        let stem = name.trim_end_matches(".json").to_owned();
        insta::with_settings!({ snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!("explain_text", explain::to_text(&e, false));
            insta::assert_snapshot!("explain_json", e.to_json());
        });
    }
}

/// Every bundled flow explained in French: the headings, labels, remedies and notes are
/// French; names, rule titles and citations stay as the policy wrote them. The JSON carries
/// the same decision and remedies as in English, only the sentences differ.
#[test]
fn snapshots_of_every_bundled_explanation_in_french() {
    let engine = engine();
    for (name, text) in baseline_flows() {
        let english = explain::explain_json(engine.policy(), &text);
        let e = explain::explain_json_in(engine.policy(), &text, Lang::FR);
        assert_eq!(e.decision.decision, english.decision.decision, "{name}");
        assert_eq!(e.decision.kind, english.decision.kind, "{name}");
        assert_eq!(e.remedies.status, english.remedies.status, "{name}");
        let changes = |x: &explain::Explanation| -> Vec<Vec<Change>> {
            x.remedies.options.iter().map(|o| o.change_list()).collect()
        };
        assert_eq!(changes(&e), changes(&english), "{name}: the same remedies");
        let stem = name.trim_end_matches(".json").to_owned();
        let text = explain::to_text_in(&e, false, Lang::FR);
        assert_ne!(
            text,
            explain::to_text(&english, false),
            "{name}: not translated"
        );
        insta::with_settings!({ snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!("explain_fr", text);
        });
    }
}

/// Every remedy of every bundled flow, applied to the flow (and to the policy for agreement
/// changes) and decided again by the engine, must give allow.
#[test]
fn every_remedy_of_every_bundled_flow_makes_it_allowed() {
    let engine = engine();
    let mut checked = 0;
    for (name, text) in baseline_flows() {
        let e = explain::explain_json(engine.policy(), &text);
        let decision = engine.decide_json(&text);
        match (decision.decision, e.remedies.status) {
            (Outcome::Allow, s) => assert_eq!(s, RemedyStatus::NotNeeded, "{name}"),
            (_, RemedyStatus::Found) => assert!(!e.remedies.options.is_empty(), "{name}"),
            (_, RemedyStatus::None | RemedyStatus::NotApplicable) => {
                assert!(e.remedies.options.is_empty(), "{name}")
            }
            (_, RemedyStatus::NotNeeded) => panic!("{name}: a deny says nothing needs to change"),
        }
        let Ok(flow) = Flow::from_json(&text) else {
            continue;
        };
        for remedy in &e.remedies.options {
            let (changed, policy) = remedy.apply(engine.policy(), &flow);
            let judge = policy
                .map(Engine::from_compiled)
                .unwrap_or_else(|| engine.clone());
            let again = judge.decide(&changed);
            assert_eq!(
                again.decision,
                Outcome::Allow,
                "{name}: remedy {:?} does not make the flow allowed:\n{}",
                remedy.changes,
                again.to_text()
            );
            assert!(remedy.changes.len() <= explain::remedies::MAX_CHANGES);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} remedies were checked");
}

fn remedies_of(file_prefix: &str) -> (RemedyStatus, Vec<Vec<Change>>, String) {
    let engine = engine();
    let (_, text) = baseline_flows()
        .into_iter()
        .find(|(n, _)| n.starts_with(file_prefix))
        .expect("the flow exists");
    let e = explain::explain_json(engine.policy(), &text);
    (
        e.remedies.status,
        e.remedies.options.iter().map(|r| r.change_list()).collect(),
        e.remedies.note,
    )
}

#[test]
fn data_outside_the_agreement_can_be_left_out_or_the_agreement_amended() {
    let (status, options, _) = remedies_of("08-");
    assert_eq!(status, RemedyStatus::Found);
    assert_eq!(
        options[0],
        vec![Change::DropData {
            data: "personal.health.hiv_status".into()
        }],
        "the smallest remedy comes first"
    );
    assert!(options.iter().any(|o| matches!(
        o.as_slice(),
        [Change::AmendAgreement { add_data, .. }] if add_data == &["personal.health.hiv_status"]
    )));
}

#[test]
fn a_review_is_released_by_the_named_approval() {
    let (status, options, _) = remedies_of("25-");
    assert_eq!(status, RemedyStatus::Found);
    assert_eq!(
        options,
        vec![vec![Change::ObtainApproval {
            role: "dpo".into(),
            hop: None
        }]]
    );
}

#[test]
fn an_expired_agreement_is_extended_to_the_day_of_the_flow() {
    let (_, options, _) = remedies_of("13-");
    assert!(options.iter().any(|o| matches!(
        o.as_slice(),
        [Change::AmendAgreement { valid_to: Some(d), .. }] if d == "2026-02-10"
    )));
}

/// A chain that drifts from the collection purpose is not "remedied" by relabelling its
/// purpose: no remedy, and the purpose-limitation check is named with the hop it stops.
#[test]
fn a_drifting_chain_is_not_relabelled_to_another_purpose() {
    let engine = engine();
    let (_, text) = baseline_flows()
        .into_iter()
        .find(|(n, _)| n.starts_with("19-"))
        .expect("the flow exists");
    let e = explain::explain_json(engine.policy(), &text);
    assert_eq!(e.remedies.status, RemedyStatus::None, "{:?}", e.remedies);
    let [b] = e.remedies.blocked_by.as_slice() else {
        panic!("one blocker: {:?}", e.remedies.blocked_by)
    };
    assert_eq!(b.blocking, Blocking::Check);
    assert_eq!(b.hops, vec![2]);
    assert!(b.text.contains("forensic_identification"), "{}", b.text);
}

#[test]
fn a_gap_is_closed_by_stating_the_missing_fact() {
    let (_, options, _) = remedies_of("12-");
    assert!(options.contains(&vec![Change::StateSubjects {
        subjects: vec!["beneficiary".into()]
    }]));
}

#[test]
fn an_absolute_prohibition_says_so_plainly() {
    let engine = engine();
    let (_, text) = baseline_flows()
        .into_iter()
        .find(|(n, _)| n.starts_with("31-"))
        .expect("the flow exists");
    let e = explain::explain_json(engine.policy(), &text);
    assert_eq!(e.remedies.status, RemedyStatus::None);
    assert!(e.remedies.options.is_empty());
    let b = &e.remedies.blocked_by[0];
    assert_eq!(b.rule, "Biometric data never reaches state authorities");
    assert_eq!(b.blocking, Blocking::AbsoluteProhibition);
    assert!(b.text.contains("absolute prohibition"), "{}", b.text);
}

/// A deny rule with an exception, or with a condition a flow could come to meet (an
/// agreement), is never called an absolute prohibition: it is described by what would have
/// to change.
#[test]
fn a_deny_with_an_exception_or_an_agreement_is_not_absolute() {
    let engine = engine();
    for prefix in ["30-", "33-", "51-"] {
        let (name, text) = baseline_flows()
            .into_iter()
            .find(|(n, _)| n.starts_with(prefix))
            .expect("the flow exists");
        let e = explain::explain_json(engine.policy(), &text);
        assert_eq!(e.remedies.status, RemedyStatus::None, "{name}");
        assert!(!e.remedies.blocked_by.is_empty(), "{name}");
        for b in &e.remedies.blocked_by {
            let rule = engine.policy().rules.iter().find(|r| r.name == b.rule);
            if let Some(rule) = rule.filter(|r| r.unless.is_some()) {
                assert_eq!(b.blocking, Blocking::Conditional, "{name}: {}", rule.name);
                assert!(b.unless.is_some(), "{name}: {}", rule.name);
                assert!(!b.text.contains("absolute"), "{name}: {}", b.text);
            }
            if b.rule == "Personal data leaves the organisation only under a written agreement" {
                assert_eq!(b.blocking, Blocking::Conditional, "{name}");
                assert_eq!(b.as_long_as, vec!["not agreement covers flow".to_owned()]);
            }
        }
    }
}

#[test]
fn a_malformed_flow_has_no_remedies_but_its_errors() {
    let (status, _, note) = remedies_of("52-");
    assert_eq!(status, RemedyStatus::NotApplicable);
    assert!(note.contains("correct them"), "{note}");
}

#[test]
fn rules_that_did_not_apply_name_the_condition_that_failed() {
    let engine = engine();
    let (_, text) = baseline_flows()
        .into_iter()
        .find(|(n, _)| n.starts_with("31-"))
        .expect("the flow exists");
    let e = explain::explain_json(engine.policy(), &text);
    let hop = &e.hops[0];
    let research = hop
        .not_applying
        .iter()
        .find(|r| r.rule == "Anonymised data for research under an agreement")
        .expect("listed among the rules that did not apply");
    assert_eq!(research.because.condition, "recipient is academic");
    assert_eq!(research.because.clause, "when");
    let deciding = &hop.deciding[0];
    assert_eq!(
        deciding.rule,
        "Biometric data never reaches state authorities"
    );
    let source = deciding.source.as_ref().expect("the rule's source lines");
    assert!(
        source
            .text
            .starts_with("deny \"Biometric data never reaches")
    );
    let facts: Vec<String> = deciding
        .when
        .parts
        .iter()
        .filter_map(|p| p.fact.clone())
        .collect();
    assert!(
        facts.contains(&"personal.biometric.iris is a kind of personal.biometric".to_owned()),
        "{facts:?}"
    );
}

#[test]
fn a_chain_explanation_says_which_hop_failed() {
    let engine = engine();
    let (_, text) = baseline_flows()
        .into_iter()
        .find(|(n, _)| n.starts_with("10-"))
        .expect("the flow exists");
    let e = explain::explain_json(engine.policy(), &text);
    assert!(e.hops.len() >= 2);
    let failing: Vec<usize> = e
        .hops
        .iter()
        .filter(|h| h.outcome.is_some())
        .map(|h| h.hop)
        .collect();
    assert_eq!(
        failing,
        vec![e.hops.len()],
        "the onward hop fails, not the first"
    );
    let last = e.hops.last().expect("hops");
    assert!(
        last.checks
            .iter()
            .any(|c| c.rule.contains("upstream agreement")),
        "{:?}",
        last.checks
    );
}

/// Every message id the code asks for (a string literal such as `"explain-when"` or
/// `"remedy-found"`) exists in every language's message file, so that no reader is ever shown
/// an id instead of a sentence.
#[test]
fn every_message_the_code_names_exists_in_every_language() {
    const AREAS: [&str; 9] = [
        "explain-",
        "remedy-",
        "diff-",
        "map-",
        "log-",
        "test-",
        "audit-",
        "obligation-",
        "kind-",
    ];
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(std::path::Path::new("src"), &mut files);
    let mut named = std::collections::BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for piece in text.split('"').skip(1).step_by(2) {
            let is_id = AREAS.iter().any(|a| piece.starts_with(a))
                && piece.len() > 4
                && piece
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !piece.ends_with('-');
            if is_id {
                named.insert(piece.to_owned());
            }
        }
    }
    assert!(named.len() > 60, "only {} message ids found", named.len());
    for lang in Lang::all() {
        let ids = mandate::words::message_ids(lang);
        let missing: Vec<&String> = named.iter().filter(|id| !ids.contains(id)).collect();
        assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
    }
}
