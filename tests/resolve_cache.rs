//! `ResolveCache` (the outcome of a flow given by parts, each distinct part resolved once)
//! against `outcome` on the same flow: on every bundled flow, on mutations of them (unknown
//! names, bad times, chains, consent, approvals), on generated packs, with one cache reused
//! across flows in varied orders, across its emptying when full, and across two policies.

mod common;

use mandate::Engine;
use mandate::eval::{Flow, FlowParts, NestedParts, ResolveCache, outcome};
use mandate::model::Basis;
use mandate::synth::{Options, pack};
use proptest::prelude::*;

/// A flow's nested parts as the JSON text a batch gives them in; `None` when the flow has
/// none (and, for every third flow that has none, the empty object instead).
fn nested_text(flow: &Flow, padding: usize) -> Option<String> {
    let parts = NestedParts {
        consent: flow.consent.clone(),
        approvals: flow.approvals.clone(),
        chain: flow.chain.clone(),
        context: flow.context.clone(),
        records: flow.records.clone(),
        dpia: flow.dpia.clone(),
    };
    if parts == NestedParts::default() && padding % 3 != 2 {
        return None;
    }
    let text = serde_json::to_string(&parts).expect("the parts serialise");
    // Spaces make texts that differ but read alike: distinct cache entries, same parts.
    Some(format!("{}{text}", " ".repeat(padding)))
}

/// The cached outcome of `flow` against `outcome` on it.
fn check(engine: &Engine, cache: &mut ResolveCache, flow: &Flow, nested: Option<&str>, what: &str) {
    let data: Vec<&str> = flow.data.iter().map(String::as_str).collect();
    let subjects: Option<Vec<&str>> = flow
        .subjects
        .as_ref()
        .map(|s| s.iter().map(String::as_str).collect());
    let parts = FlowParts {
        id: &flow.id,
        at: &flow.at,
        from: &flow.from,
        to: &flow.to,
        purpose: &flow.purpose,
        data: &data,
        subjects: subjects.as_deref(),
        collected_for: flow.collected_for.as_deref(),
        basis: flow.basis,
        nested,
    };
    assert_eq!(
        engine.outcome_of_parts(&parts, cache),
        outcome(engine.policy(), flow),
        "{what}: {}",
        serde_json::to_string(flow).unwrap_or_default()
    );
}

/// Variants of `flow`, each changing one thing a resolver reads.
fn mutations(flow: &Flow) -> Vec<(String, Flow)> {
    let mut out = vec![("as is".to_owned(), flow.clone())];
    let mut add = |what: &str, change: &dyn Fn(&mut Flow)| {
        let mut f = flow.clone();
        change(&mut f);
        out.push((what.to_owned(), f));
    };
    add("empty id", &|f| f.id = " ".into());
    add("bad at", &|f| f.at = "yesterday".into());
    add("bare date", &|f| {
        f.at = f.at.get(..10).unwrap_or("").to_owned()
    });
    add("early at", &|f| f.at = "2019-06-01T00:00:00Z".into());
    add("late at", &|f| f.at = "2031-06-01T12:00:00+02:00".into());
    add("unknown from", &|f| f.from = "nobody-at-all".into());
    add("unknown to", &|f| f.to = "nobody-at-all".into());
    add("swapped parties", &|f| {
        std::mem::swap(&mut f.from, &mut f.to)
    });
    add("unknown purpose", &|f| f.purpose = "no-such-purpose".into());
    add("unknown category", &|f| {
        f.data.push("no-such-category".into())
    });
    add("unmapped hashtag", &|f| f.data.push("#nothing+here".into()));
    add("no data", &|f| f.data.clear());
    add("data reversed and doubled", &|f| {
        let mut d = f.data.clone();
        d.reverse();
        d.extend(f.data.clone());
        f.data = d;
    });
    // Texts moved across the boundaries between a row's names and lists: the same bytes in
    // another arrangement must not find the entries of the first.
    add("first data item as a subject", &|f| {
        if !f.data.is_empty() {
            let first = f.data.remove(0);
            f.subjects.get_or_insert_with(Vec::new).insert(0, first);
        }
    });
    add("two data items joined", &|f| {
        if f.data.len() >= 2 {
            let second = f.data.remove(1);
            f.data[0].push_str(&second);
        }
    });
    add("purpose joined to the recipient", &|f| {
        let purpose = std::mem::take(&mut f.purpose);
        f.to.push_str(&purpose);
    });
    add("collected for empty", &|f| {
        f.collected_for = Some(String::new())
    });
    add("no subjects", &|f| f.subjects = None);
    add("subjects none", &|f| f.subjects = Some(Vec::new()));
    add("unknown subject", &|f| {
        f.subjects = Some(vec!["no-such-subject".into()])
    });
    add("collected for unknown", &|f| {
        f.collected_for = Some("no-such-purpose".into())
    });
    add("collected for the purpose", &|f| {
        f.collected_for = Some(f.purpose.clone())
    });
    add("no collected for", &|f| f.collected_for = None);
    add("no basis", &|f| f.basis = None);
    add("consent basis", &|f| f.basis = Some(Basis::Consent));
    add("vital interest", &|f| f.basis = Some(Basis::VitalInterest));
    add("no consent", &|f| f.consent = None);
    add("consent withdrawn", &|f| {
        if let Some(c) = &mut f.consent {
            c.status = mandate::eval::flow::ConsentStatus::Withdrawn;
        }
    });
    add("consent recipient unknown", &|f| {
        if let Some(c) = &mut f.consent {
            c.recipients.push("no-such-recipient".into());
        }
    });
    add("consent country bad", &|f| {
        if let Some(c) = &mut f.consent {
            c.countries.push("Narnia".into());
        }
    });
    add("consent given at bad", &|f| {
        if let Some(c) = &mut f.consent {
            c.given_at = Some("soon".into());
        }
    });
    add("no chain", &|f| f.chain.clear());
    add("hop after the flow", &|f| {
        if let Some(h) = f.chain.first_mut() {
            h.at = Some("2099-01-01T00:00:00Z".into());
        }
    });
    add("hop without time", &|f| {
        for h in &mut f.chain {
            h.at = None;
        }
    });
    add("hop basis from the flow", &|f| {
        for h in &mut f.chain {
            h.basis = None;
        }
        f.basis = Some(Basis::LegitimateInterest);
    });
    add("hop agreement unknown", &|f| {
        if let Some(h) = f.chain.first_mut() {
            h.agreement = Some("no-such-agreement".into());
        }
    });
    add("hop party unknown", &|f| {
        if let Some(h) = f.chain.last_mut() {
            h.to = "nobody-at-all".into();
        }
    });
    add("hop dpia blank", &|f| {
        for h in &mut f.chain {
            h.dpia = Some(mandate::eval::flow::Dpia::default());
        }
    });
    add("approval role unknown", &|f| {
        f.approvals.push(mandate::eval::flow::Approval {
            role: "no-such-role".into(),
            ..Default::default()
        })
    });
    add("approvals late and expired", &|f| {
        for a in f
            .approvals
            .iter_mut()
            .chain(f.chain.iter_mut().flat_map(|h| &mut h.approvals))
        {
            a.at = Some("2098-01-01".into());
            a.expires = Some("2000-01-01T00:00:00Z".into());
        }
    });
    add("approval time bad", &|f| {
        if let Some(a) = f.approvals.first_mut() {
            a.expires = Some("never".into());
        }
    });
    add("no context", &|f| f.context = None);
    add("response unknown", &|f| {
        f.context = Some(mandate::eval::flow::Context {
            response: Some("no-such-response".into()),
        })
    });
    add("records open and closed", &|f| {
        f.records = Some(mandate::eval::flow::Records {
            closed: Some("2020-01-01".into()),
            open: true,
            ..Default::default()
        })
    });
    add("records dated", &|f| {
        f.records = Some(mandate::eval::flow::Records {
            collected: Some("2019-01-01".into()),
            updated: Some("2025-13-01".into()),
            ..Default::default()
        })
    });
    add("no dpia", &|f| f.dpia = None);
    out
}

fn baseline() -> (Engine, Vec<(String, Flow)>) {
    let engine = Engine::from_path(common::BASELINE).expect("the baseline pack loads");
    let flows = common::baseline_flows()
        .into_iter()
        .filter_map(|(name, text)| Some((name, Flow::from_json(&text).ok()?)))
        .collect();
    (engine, flows)
}

#[test]
fn the_cached_outcome_is_the_outcome_on_every_bundled_flow_and_its_mutations() {
    let (engine, flows) = baseline();
    let mut all = Vec::new();
    for (name, flow) in &flows {
        for (what, f) in mutations(flow) {
            all.push((format!("{name}, {what}"), f));
        }
    }
    assert!(all.len() > 2000, "{}", all.len());
    // One cache over three passes in different orders: entries made by one flow serve
    // others, and the errors kept do not leak into flows that share a part with them.
    let mut cache = ResolveCache::new();
    let n = all.len();
    for pass in 0..3usize {
        for k in 0..n {
            let i = match pass {
                0 => k,
                1 => n - 1 - k,
                _ => (k * 7919) % n,
            };
            let (what, flow) = &all[i];
            let nested = nested_text(flow, i % 4);
            check(&engine, &mut cache, flow, nested.as_deref(), what);
        }
    }
    // A nested text that does not read, and one over the size limit: errors.
    let (_, flow) = &flows[0];
    let big = format!("{}{{}}", " ".repeat(mandate::eval::flow::MAX_FLOW_BYTES));
    for nested in ["{\"consent\": 3}", "{\"id\": \"x\"}", big.as_str()] {
        let data: Vec<&str> = flow.data.iter().map(String::as_str).collect();
        let parts = FlowParts {
            id: &flow.id,
            at: &flow.at,
            from: &flow.from,
            to: &flow.to,
            purpose: &flow.purpose,
            data: &data,
            subjects: None,
            collected_for: None,
            basis: flow.basis,
            nested: Some(nested),
        };
        assert_eq!(
            engine.outcome_of_parts(&parts, &mut cache),
            (
                mandate::eval::Outcome::Deny,
                Some(mandate::eval::DenyKind::Error)
            )
        );
    }
}

#[test]
fn the_cache_empties_when_full_and_stays_right() {
    let (engine, flows) = baseline();
    let mut cache = ResolveCache::new();
    // Every row a distinct nested text (spaces), more than the cache keeps: it empties
    // itself and fills again, mid-stream.
    for k in 0..12_000usize {
        let (name, flow) = &flows[k % flows.len()];
        let nested = nested_text(flow, 3 + k);
        check(&engine, &mut cache, flow, nested.as_deref(), name);
    }
}

#[test]
fn one_cache_over_two_policies_keeps_them_apart() {
    let (engine, flows) = baseline();
    let other = Engine::from_path("policies/humanitarian").expect("the other pack loads");
    let mut cache = ResolveCache::new();
    for (k, (name, flow)) in flows.iter().enumerate().cycle().take(4 * flows.len()) {
        let engine = if k % 2 == 0 { &engine } else { &other };
        let nested = nested_text(flow, 0);
        check(engine, &mut cache, flow, nested.as_deref(), name);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn the_cached_outcome_is_the_outcome_on_generated_packs(
        rules in 1usize..120,
        seed in any::<u64>(),
        extended in any::<bool>(),
    ) {
        let options = Options { rules, seed, extended };
        let pack = pack(options);
        let sources = pack.sources();
        let engine = Engine::from_sources(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .unwrap_or_else(|e| panic!("the generated pack compiles: {e}"));
        let flows = pack.flows(48, seed);
        let mut cache = ResolveCache::new();
        for round in 0..2 {
            for (i, flow) in flows.iter().enumerate() {
                let nested = nested_text(flow, (i + round) % 3);
                check(&engine, &mut cache, flow, nested.as_deref(), "generated");
            }
        }
    }
}
