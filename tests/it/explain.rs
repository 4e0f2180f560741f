//! `mandate explain`: explanations of every bundled flow (snapshots of text and JSON), and
//! the counterfactual remedies, each re-verified here independently of the search.

use crate::common;

use common::{BASELINE, baseline_flows};
use mandate::Engine;
use mandate::eval::{Flow, Outcome};
use mandate::explain::remedies::Blocking;
use mandate::explain::{self, Actor, Change, RemedyStatus};
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
        insta::with_settings!({ snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false, omit_expression => true, filters => crate::common_filters() }, {
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
        insta::with_settings!({ snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false, omit_expression => true, filters => crate::common_filters() }, {
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

// ---------------------------------------------------------------- remedies a DPO can trust

/// Every pack under `policies/` that has example flows: (pack folder, [(file name, text)]).
fn bundled_packs() -> Vec<(std::path::PathBuf, Vec<(String, String)>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut packs: Vec<_> = std::fs::read_dir(&root)
        .expect("policies/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("flows").is_dir())
        .collect();
    packs.sort();
    packs
        .into_iter()
        .map(|pack| {
            let flows = crate::common::flows_in(&pack.join("flows"));
            (pack, flows)
        })
        .collect()
}

/// The agreements binding `from` → `to`, as the policy holds them.
fn binding(policy: &mandate::model::CompiledPolicy, from: &str, to: &str) -> Vec<String> {
    let (Some(f), Some(t)) = (policy.party(from), policy.party(to)) else {
        return Vec::new();
    };
    policy
        .agreements
        .iter()
        .filter(|a| a.binds(f, t))
        .map(|a| serde_json::to_string(a).unwrap_or_default())
        .collect()
}

/// Checks, independently of the search, what every remedy of `flow` under `engine` may and may
/// not do; returns how many remedies and suspended hops were checked.
fn check_remedies_of(engine: &Engine, name: &str, flow: &Flow) -> (usize, usize) {
    let policy = engine.policy();
    let e = explain::explain(policy, flow);
    let json = serde_json::to_value(&e).expect("JSON");
    // Each hop of the flow that falls in a suspension of an agreement binding its parties.
    let mut hops: Vec<(String, String, mandate::model::Day)> = flow
        .chain
        .iter()
        .map(|h| {
            (
                h.from.clone(),
                h.to.clone(),
                h.at.clone().unwrap_or_else(|| flow.at.clone()),
            )
        })
        .chain([(flow.from.clone(), flow.to.clone(), flow.at.clone())])
        .filter_map(|(f, t, at)| Some((f, t, mandate::model::Day::parse(at.get(..10)?)?)))
        .collect();
    hops.retain(|(f, t, day)| {
        let (Some(f), Some(t)) = (policy.party(f), policy.party(t)) else {
            return false;
        };
        policy
            .agreements
            .iter()
            .any(|a| a.binds(f, t) && a.suspended_on(*day).is_some())
    });
    if e.decision.decision != Outcome::Allow && !hops.is_empty() {
        assert!(
            !e.remedies.suspended.is_empty(),
            "{name}: a hop in a suspension is not said to be stopped on purpose"
        );
    }
    for (i, remedy) in e.remedies.options.iter().enumerate() {
        let (changed, changed_policy) = remedy.apply(policy, flow);
        assert_eq!(
            changed.purpose, flow.purpose,
            "{name}: a remedy changes the purpose"
        );
        assert_eq!(
            changed.basis, flow.basis,
            "{name}: a remedy changes the legal basis"
        );
        assert!(
            changed.collected_for == flow.collected_for || flow.collected_for.is_none(),
            "{name}: a remedy changes the collection purpose"
        );
        for (a, b) in changed.chain.iter().zip(&flow.chain) {
            assert_eq!(
                a.purpose, b.purpose,
                "{name}: a remedy changes a hop's purpose"
            );
        }
        // Who must act: named on the remedy and on each change, in JSON too.
        assert!(!remedy.who_must_act.is_empty(), "{name}: nobody must act");
        for (j, step) in remedy.changes.iter().enumerate() {
            assert!(remedy.who_must_act.contains(&step.who_must_act), "{name}");
            let c = &json["remedies"]["options"][i]["changes"][j];
            assert!(
                c["who_must_act"].is_string() && c["change_kind"].is_string(),
                "{name}: {c}"
            );
            // An agreement change is the policy's to make; nothing else is.
            let agreement = matches!(
                step.change,
                Change::AmendAgreement { .. } | Change::ConcludeAgreement { .. }
            );
            assert_eq!(
                agreement,
                step.who_must_act == Actor::Policy,
                "{name}: {step:?}"
            );
        }
        assert_eq!(
            remedy.needs_legal_instrument,
            remedy.who_must_act.contains(&Actor::Policy),
            "{name}"
        );
        // Remedies needing no legal instrument come first.
        if i > 0 && !remedy.needs_legal_instrument {
            assert!(
                !e.remedies.options[i - 1].needs_legal_instrument,
                "{name}: ranking"
            );
        }
        // No bridge over a suspension: the agreements binding a suspended hop's parties are
        // exactly as they were.
        if let Some(changed_policy) = &changed_policy {
            for (f, t, _) in &hops {
                assert_eq!(
                    binding(changed_policy, f, t),
                    binding(policy, f, t),
                    "{name}: remedy {:?} bridges a suspension between {f} and {t}",
                    remedy.changes
                );
                assert_eq!(
                    binding(changed_policy, t, f),
                    binding(policy, t, f),
                    "{name}: remedy {:?} bridges a suspension between {t} and {f}",
                    remedy.changes
                );
            }
        }
    }
    (e.remedies.options.len(), hops.len())
}

/// Over every bundled flow: no remedy changes a purpose, a collection purpose or a legal basis;
/// every remedy says who must act; none bridges a deliberate suspension, and a flow stopped by
/// one is told so. Each pack's flows also get the decisions its `expected.json` states.
#[test]
fn no_bundled_remedy_changes_a_purpose_or_basis_or_bridges_a_suspension() {
    let (mut remedies, mut suspended) = (0, 0);
    for (pack, flows) in bundled_packs() {
        let engine = Engine::from_path(&pack).expect("the pack compiles");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(pack.join("flows/expected.json")).expect("expected.json"),
        )
        .expect("JSON");
        for (name, text) in &flows {
            let decision = engine.decide_json(text);
            assert_eq!(
                serde_json::to_value(decision.decision).expect("JSON"),
                expected[name]["decision"],
                "{}/{name}",
                pack.display()
            );
            let Ok(flow) = Flow::from_json(text) else {
                continue;
            };
            let (r, s) = check_remedies_of(&engine, name, &flow);
            remedies += r;
            suspended += s;
        }
    }
    assert!(remedies >= 20, "only {remedies} remedies were checked");
    assert!(
        suspended >= 2,
        "only {suspended} suspended hops were checked"
    );
}

/// The same over generated packs and flows, with a third of the agreements ended before the
/// flows' day and suspended from the day after, another third simply lapsed, and a rule that
/// allows what an agreement covers (so that extending or amending one would allow a flow).
#[cfg(feature = "synth")]
#[test]
fn no_generated_remedy_changes_a_purpose_or_basis_or_bridges_a_suspension() {
    use mandate::synth::{Options, pack};
    let (mut remedies, mut suspended) = (0, 0);
    for seed in [3, 11] {
        let generated = pack(Options {
            rules: 40,
            seed,
            extended: true,
        });
        let mut n = 0;
        let sources: Vec<(String, String)> = generated
            .sources()
            .into_iter()
            .map(|(file, text)| {
                let text = text
                    .split("  valid 2025-01-01 to 2027-12-31")
                    .enumerate()
                    .map(|(i, part)| {
                        if i == 0 {
                            return part.to_owned();
                        }
                        n += 1;
                        let valid = if n % 3 == 0 {
                            "  valid 2024-01-01 to 2025-06-30\n  suspended from 2025-07-01 because \"audit\" cite \"DPO decision\""
                        } else if n % 3 == 1 {
                            "  valid 2024-01-01 to 2025-06-30"
                        } else {
                            "  valid 2025-01-01 to 2027-12-31"
                        };
                        format!("{valid}{part}")
                    })
                    .collect::<String>();
                (file, text)
            })
            .collect();
        // One rule that allows what an agreement covers, so that agreements are at stake.
        let mut sources = sources;
        sources.push((
            "agreements.policy".into(),
            "allow \"under an agreement\" when agreement covers flow cite \"c\"\n".into(),
        ));
        let engine = Engine::from_sources(sources.iter().map(|(f, t)| (f.as_str(), t.as_str())))
            .expect("the generated pack compiles");
        assert!(
            engine
                .policy()
                .agreements
                .iter()
                .any(|a| !a.suspensions.is_empty())
        );
        let mut flows = generated.flows(60, seed);
        // Flows between the parties of agreements, so that agreements are at stake.
        for (i, a) in generated.agreements.iter().enumerate().take(60) {
            let mut f = flows[i % flows.len()].clone();
            f.id = format!("between-{i}");
            f.from = generated.parties[a.between.0].name.clone();
            f.to = generated.parties[a.between.1].name.clone();
            f.purpose = generated.purposes.names[a.purposes[0]].clone();
            f.data = a
                .data
                .iter()
                .map(|&c| generated.categories.names[c].clone())
                .collect();
            flows.push(f);
        }
        for flow in &flows {
            let (r, s) = check_remedies_of(&engine, &flow.id, flow);
            remedies += r;
            suspended += s;
        }
    }
    eprintln!("generated: {remedies} remedies, {suspended} suspended hops");
    assert!(remedies >= 20, "only {remedies} remedies were checked");
    assert!(
        suspended >= 5,
        "only {suspended} suspended hops were checked"
    );
}
