//! The rule index changes no decision: indexed and unindexed evaluation agree on generated
//! policies (with `not`, `or`, `unless`, review and require rules and unstated facts) and
//! on the baseline pack; a verdict says what the decision says; and selecting candidate
//! rules allocates nothing.

mod common;

use mandate::Engine;
use mandate::eval::{Decision, Flow, Verdict, decide, decide_all_rules, outcome, trace, verdict};
use mandate::model::CompiledPolicy;
use mandate::model::Probe;
use mandate::synth::{Options, pack};
use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts the allocations of the current thread, so tests running in parallel do not
/// disturb each other's counts.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// The crate denies `unsafe_code`; a global allocator cannot be written without it. This one
// is test code only and adds nothing to the system allocator but a count.
// SAFETY: forwards to the system allocator unchanged; only counts.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

fn engine(options: Options) -> (Engine, Vec<Flow>) {
    let pack = pack(options);
    let sources = pack.sources();
    let engine = Engine::from_sources(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .unwrap_or_else(|e| panic!("the generated pack compiles: {e}"));
    let flows = pack.flows(48, options.seed);
    (engine, flows)
}

/// What a verdict and a decision must both say: outcome, kind, the deciding rules with
/// their hops, the obligations and the input errors.
type Summary = (String, Vec<(String, Option<usize>)>, String, String);

fn summary_of_decision(d: &Decision) -> Summary {
    (
        format!("{:?}/{:?}", d.decision, d.kind),
        d.determining
            .iter()
            // Built-in checks by their stable id, as a verdict names them.
            .map(|x| {
                let name = x
                    .check
                    .map_or_else(|| x.rule.to_string(), |c| c.id().to_owned());
                (name, x.hop)
            })
            .collect(),
        serde_json::to_string(&d.obligations).expect("serialises"),
        serde_json::to_string(&d.errors).expect("serialises"),
    )
}

fn summary_of_verdict(policy: &CompiledPolicy, v: &Verdict) -> Summary {
    (
        format!("{:?}/{:?}", v.decision, v.kind),
        v.names(policy)
            .zip(&v.deciding)
            .map(|(name, (_, hop))| (name.to_owned(), *hop))
            .collect(),
        serde_json::to_string(&v.obligations).expect("serialises"),
        serde_json::to_string(&v.errors).expect("serialises"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn indexed_and_unindexed_evaluation_agree(seed in any::<u64>(), rules in 1usize..120, extended in any::<bool>()) {
        let (engine, flows) = engine(Options { rules, seed, extended });
        let policy = engine.policy();
        for flow in &flows {
            let indexed = decide(policy, flow);
            prop_assert_eq!(&indexed, &decide_all_rules(policy, flow), "flow {}", flow.id);
            prop_assert_eq!(&indexed, &trace(policy, flow).decision, "flow {}", flow.id);
            prop_assert_eq!(summary_of_verdict(policy, &verdict(policy, flow)), summary_of_decision(&indexed), "flow {}", flow.id);
            prop_assert_eq!(outcome(policy, flow), (indexed.decision, indexed.kind), "flow {}", flow.id);
        }
    }
}

#[test]
fn the_generator_is_deterministic_and_covers_every_outcome() {
    let options = Options {
        rules: 60,
        seed: 7,
        extended: true,
    };
    assert_eq!(pack(options).sources(), pack(options).sources());
    let (engine, flows) = engine(options);
    let mut kinds = std::collections::BTreeSet::new();
    for flow in &flows {
        let d = engine.decide(flow);
        kinds.insert(format!("{:?}/{:?}", d.decision, d.kind));
    }
    // Allowed, forbidden, not permitted, a gap and a review: the index is tested on all.
    assert!(kinds.len() >= 4, "{kinds:?}");
}

/// Extended packs exercise the later constructs, so that the properties above (index against
/// every rule, verdict against decision, trace against decision) hold on them too: dated and
/// expiring approvals, records' dates, a DPIA's reference (stated, blank, absent), consent
/// reaching a compatible purpose, and a cited exception to purpose limitation.
#[test]
fn extended_packs_exercise_the_later_constructs() {
    use mandate::reason::Fact;
    let options = Options {
        rules: 200,
        seed: 7,
        extended: true,
    };
    let sources: String = pack(options)
        .sources()
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    for construct in [
        "require dpia",
        "approved by dpo within",
        "records closed more than",
        "consent covers flow",
        "consent extends to compatible purposes",
        "check builtin.purpose_limitation",
        "compatible ",
    ] {
        assert!(sources.contains(construct), "no `{construct}` in the pack");
    }
    let (engine, _) = engine(options);
    let flows = pack(options).flows(400, options.seed);
    let has = |f: &dyn Fn(&Flow) -> bool| flows.iter().any(f);
    assert!(has(&|f| f.approvals.iter().any(|a| a.at.is_some())));
    assert!(has(&|f| f.approvals.iter().any(|a| a.expires.is_some())));
    assert!(has(&|f| f
        .records
        .as_ref()
        .is_some_and(|r| r.closed.is_some())));
    assert!(has(&|f| f.records.as_ref().is_some_and(|r| r.open)));
    assert!(has(&|f| f
        .dpia
        .as_ref()
        .is_some_and(|d| d.reference.trim().is_empty())));
    assert!(has(&|f| f.consent.is_some() && f.collected_for.is_some()));
    let mut gaps = 0;
    for flow in &flows {
        let d = engine.decide(flow);
        if d.determining
            .iter()
            .any(|r| r.reasons.contains(&Fact::DpiaUnstated))
        {
            gaps += 1;
        }
    }
    assert!(gaps > 0, "no generated flow is a DPIA gap");
}

#[test]
fn the_baseline_pack_decides_alike_with_and_without_the_index() {
    let engine = Engine::from_path("policies/humanitarian-baseline").expect("compiles");
    for (name, text) in common::baseline_flows() {
        let flow = Flow::from_json(&text).expect("the bundled flows load");
        assert_eq!(
            decide(engine.policy(), &flow),
            decide_all_rules(engine.policy(), &flow),
            "{name}"
        );
    }
}

#[test]
fn a_verdict_says_what_the_decision_says_on_every_bundled_flow() {
    let engine = Engine::from_path("policies/humanitarian-baseline").expect("compiles");
    let policy = engine.policy();
    let (mut chains, mut obligations, mut errors, mut checks) = (0, 0, 0, 0);
    for (name, text) in common::baseline_flows() {
        let flow = Flow::from_json(&text).expect("the bundled flows load");
        let d = engine.decide(&flow);
        let v = engine.verdict(&flow);
        assert_eq!(
            summary_of_verdict(policy, &v),
            summary_of_decision(&d),
            "{name}"
        );
        assert_eq!(v.is_allowed(), d.is_allowed(), "{name}");
        assert_eq!(engine.outcome(&flow), (d.decision, d.kind), "{name}");
        chains += usize::from(v.deciding.iter().any(|(_, hop)| hop.is_some()));
        checks += usize::from(
            v.deciding
                .iter()
                .any(|(by, _)| matches!(by, mandate::eval::DecidedBy::Check(_))),
        );
        obligations += usize::from(!v.obligations.is_empty());
        errors += usize::from(!v.errors.is_empty());
    }
    // The comparison covers chains, built-in checks, obligations and invalid flows.
    assert!(
        chains > 0 && checks > 0 && obligations > 0 && errors > 0,
        "{chains} {checks} {obligations} {errors}"
    );
}

#[test]
fn a_common_verdict_allocates_nothing() {
    // The benchmark packs: flows without a chain or consent record, a few categories, one or
    // two deciding rules. Resolving, judging and answering them stays inline.
    for rules in [10, 1_000] {
        let (engine, flows) = engine(Options {
            rules,
            seed: 5,
            extended: false,
        });
        let (mut common, mut outcomes) = (0, std::collections::BTreeSet::new());
        for flow in &flows {
            let before = allocations();
            let v = engine.verdict(flow);
            let allocated = allocations() - before;
            if flow.data.len() <= 8 && v.deciding.len() <= 2 {
                assert_eq!(allocated, 0, "{rules} rules, flow {}: {v:?}", flow.id);
                common += 1;
                outcomes.insert(format!("{:?}", v.kind));
            }
        }
        assert!(common > flows.len() / 2, "{rules}: {common}");
        // Allowed, forbidden and not permitted all among them.
        assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    }
}

#[test]
fn a_verdict_on_agreements_and_consent_allocates_nothing() {
    // The extended packs: `agreement covers flow` (looked through 600 agreements), legal
    // bases, `not`, `or`, `unless`, review and require rules, facts a flow may leave
    // unstated. Judging an agreement that does not bind the parties, or a gap, is typed: no
    // words, no allocation. (Packs of hundreds of extended rules apply more rules to a flow
    // than the inline lists hold; those spill, by design.)
    let mut judged_agreements = 0;
    for seed in [9, 10, 11] {
        let options = Options {
            rules: 30,
            seed,
            extended: true,
        };
        let sources = pack(options).sources();
        judged_agreements += sources
            .iter()
            .filter(|(_, t)| t.contains("agreement covers flow"))
            .count();
        let (engine, flows) = engine(options);
        let mut common = 0;
        for flow in &flows {
            let before = allocations();
            let v = engine.verdict(flow);
            let allocated = allocations() - before;
            // An allowed verdict's obligations carry their words (a DPIA's reference among
            // them), so only verdicts without obligations are held to no allocation.
            if flow.data.len() <= 8
                && v.deciding.len() <= 2
                && v.errors.is_empty()
                && v.obligations.is_empty()
            {
                assert_eq!(allocated, 0, "seed {seed}, flow {}: {v:?}", flow.id);
                common += 1;
            }
        }
        assert!(common > flows.len() / 2, "seed {seed}: {common}");
    }
    assert!(
        judged_agreements > 0,
        "no pack says `agreement covers flow`"
    );
}

#[test]
fn selecting_candidate_rules_allocates_nothing() {
    let (engine, _) = engine(Options {
        rules: 2_000,
        seed: 11,
        extended: false,
    });
    let index = engine.policy().rule_index();
    let categories = [3, 40, 41];
    let before = allocations();
    let mut seen = 0usize;
    for kind in 0..40 {
        let probe = Probe {
            sender_kind: kind,
            recipient_kind: 79 - kind,
            purpose: kind * 3,
            categories: &categories,
        };
        assert!(index.for_each_candidate(&probe, |i| seen += i));
    }
    assert_eq!(allocations() - before, 0);
    std::hint::black_box(seen);
}

/// The outcome's order of visiting: the same candidates as `for_each_candidate` (every rule
/// without a probe), the denies first, then the reviews, allows and requires, each in the
/// policy's order; and it stops when asked to.
#[test]
fn candidates_by_effect_are_the_candidates_most_serious_first() {
    use mandate::model::Effect;
    let (engine, _) = engine(Options {
        rules: 150,
        seed: 5,
        extended: true,
    });
    let policy = engine.policy();
    let index = policy.rule_index();
    let rank = |i: usize| match policy.rules[i].effect {
        Effect::Deny => 0,
        Effect::Review => 1,
        Effect::Allow => 2,
        Effect::Require => 3,
    };
    let by_effect = |probe: Option<&Probe<'_>>| {
        let mut seen = Vec::new();
        index.for_each_by_effect(probe, |i| {
            seen.push(i);
            true
        });
        seen
    };
    let in_order = |mut rules: Vec<usize>| {
        rules.sort_by_key(|&i| (rank(i), i));
        rules
    };
    assert_eq!(by_effect(None), in_order((0..policy.rules.len()).collect()));
    let categories = [3, 7];
    let mut nonempty = 0;
    for kind in 0..8 {
        let probe = Probe {
            sender_kind: kind,
            recipient_kind: kind / 2,
            purpose: kind,
            categories: &categories,
        };
        let mut candidates = Vec::new();
        if index.for_each_candidate(&probe, |i| candidates.push(i)) {
            nonempty += usize::from(!candidates.is_empty());
            assert_eq!(by_effect(Some(&probe)), in_order(candidates));
        }
    }
    assert!(nonempty > 0, "some probe has candidates");
    let mut visited = 0;
    index.for_each_by_effect(None, |_| {
        visited += 1;
        visited < 3
    });
    assert_eq!(visited, 3);
}

#[test]
fn a_probe_with_unknown_terms_falls_back_to_every_rule() {
    let (engine, _) = engine(Options {
        rules: 10,
        seed: 1,
        extended: false,
    });
    let probe = Probe {
        sender_kind: 0,
        recipient_kind: u32::MAX,
        purpose: 0,
        categories: &[0],
    };
    assert!(
        !engine
            .policy()
            .rule_index()
            .for_each_candidate(&probe, |_| {
                panic!("nothing is visited when the index cannot answer")
            })
    );
}

/// The bundled pack tests agreements (`agreement covers flow`) and consent records
/// (`consent covers flow`) on nearly every flow: judging them must not put a word together.
/// Only an allow's obligations (its answer) and input errors may allocate.
#[test]
fn a_verdict_with_agreements_and_consent_allocates_nothing() {
    let engine = Engine::from_path("policies/humanitarian-baseline").expect("compiles");
    let (mut judged, mut with_consent, mut with_hashtags) = (0, 0, 0);
    for (name, text) in common::baseline_flows() {
        let flow = Flow::from_json(&text).expect("the bundled flows load");
        // Warm up lazily built state (the rule index) before counting.
        let _ = engine.verdict(&flow);
        let before = allocations();
        let v = engine.verdict(&flow);
        let allocated = allocations() - before;
        // Up to two deciding rules stay inline, as in the benchmark packs. HXL hashtags
        // written in their normal form are looked up as they are, without a new string.
        if v.obligations.is_empty()
            && v.errors.is_empty()
            && flow.chain.is_empty()
            && v.deciding.len() <= 2
        {
            assert_eq!(allocated, 0, "{name}: {v:?}");
            judged += 1;
            with_consent += usize::from(flow.consent.is_some());
            with_hashtags += usize::from(flow.data.iter().any(|d| d.starts_with('#')));
        }
    }
    assert!(
        judged >= 20 && with_consent >= 4 && with_hashtags >= 2,
        "{judged} {with_consent} {with_hashtags}"
    );
}

/// The outcome alone puts nothing in words: on the bundled flows, an allow with obligations
/// is judged without allocating too, not only the flows a verdict judges so.
#[test]
fn an_outcome_allocates_nothing_even_for_an_allow() {
    let engine = Engine::from_path("policies/humanitarian-baseline").expect("compiles");
    let (mut judged, mut allowed) = (0, 0);
    for (name, text) in common::baseline_flows() {
        let flow = Flow::from_json(&text).expect("the bundled flows load");
        let v = engine.verdict(&flow);
        let before = allocations();
        let (decision, kind) = engine.outcome(&flow);
        let allocated = allocations() - before;
        assert_eq!((decision, kind), (v.decision, v.kind), "{name}");
        // The applying rules' obligations are listed inline up to four, as the deciding
        // rules up to two: an allow whose rules impose more spills, by design.
        // A hashtag with more attributes than the pack declares is normalised into a new
        // string first.
        let imposed: usize = v.obligations.iter().map(|o| o.imposed_by.len()).sum();
        let hashtags_as_declared = flow
            .data
            .iter()
            .all(|d| !d.starts_with('#') || engine.policy().hxl.contains_key(d));
        if v.errors.is_empty()
            && flow.chain.is_empty()
            && v.deciding.len() <= 2
            && imposed <= 4
            && hashtags_as_declared
        {
            assert_eq!(allocated, 0, "{name}: {v:?}");
            judged += 1;
            allowed += usize::from(v.is_allowed() && !v.obligations.is_empty());
        }
    }
    assert!(judged >= 40 && allowed >= 10, "{judged} {allowed}");
}

/// A hop looks for its covering agreement among those binding its two parties only, listed
/// per sender and recipient: every agreement that binds a transfer is among those naming
/// its sender and among those listed for the pair, in the policy's order, so the first that
/// covers is the same as when every agreement is looked through.
#[test]
fn every_agreement_binding_a_transfer_names_its_sender() {
    let engine = Engine::from_path("policies/humanitarian-baseline").expect("compiles");
    let p = engine.policy();
    assert!(p.agreements.len() > 5, "{}", p.agreements.len());
    let mut binding = 0;
    for from in 0..p.parties.len() as u32 {
        let naming = p.agreements_naming(from);
        assert!(naming.windows(2).all(|w| w[0] < w[1]), "{naming:?}");
        for to in 0..p.parties.len() as u32 {
            let binds: Vec<usize> = (0..p.agreements.len())
                .filter(|&i| p.agreements[i].binds(from, to))
                .collect();
            let listed: Vec<usize> = naming
                .iter()
                .copied()
                .filter(|&i| p.agreements[i].binds(from, to))
                .collect();
            assert_eq!(listed, binds, "{from} -> {to}");
            // Those listed per sender and recipient are the same.
            let pairs: Vec<usize> = p.agreements_binding(from, to).collect();
            assert_eq!(pairs, binds, "{from} -> {to}");
            binding += binds.len();
        }
    }
    assert!(binding > 10, "{binding}");
    // An id out of range names no agreement and is bound by none.
    assert!(p.agreements_naming(u32::MAX).is_empty());
    assert_eq!(p.agreements_binding(u32::MAX, 0).count(), 0);
}

/// Every kind of outcome met, for the chain tests below: each must meet them all.
fn outcome_kinds(seen: &std::collections::BTreeSet<String>) {
    for kind in ["None", "Some(Forbidden)", "Some(Gap)", "Some(NotPermitted)"] {
        assert!(seen.contains(kind), "{kind} never met: {seen:?}");
    }
}

/// A hop put before `flow`'s first, from `from` for `purpose`.
fn hop_before(flow: &Flow, from: &str, purpose: &str) -> mandate::eval::flow::Hop {
    mandate::eval::flow::Hop {
        from: from.to_owned(),
        to: flow.chain.first().map_or(&flow.from, |h| &h.from).clone(),
        purpose: purpose.to_owned(),
        basis: None,
        agreement: None,
        at: None,
        approvals: Vec::new(),
        dpia: None,
    }
}

/// The outcome judges every hop of a chain from bits and keeps of a hop the chain goes on
/// from only whether its obligations bar the next (`no onward transfer`, or a scope the next
/// hop leaves): on every bundled flow with a hop put before it from each party, for the
/// flow's purpose and each of a few others, with and without what its data was collected
/// for and a DPIA on that hop, the outcome is the decision's.
#[test]
fn the_outcome_of_a_chain_is_the_decisions() {
    let engine = Engine::from_path("policies/humanitarian-baseline").expect("compiles");
    let policy = engine.policy();
    let (mut seen, mut onward) = (std::collections::BTreeSet::new(), 0);
    let purposes = [
        "restoring_family_links",
        "research",
        "assistance.cash",
        "law_enforcement",
    ];
    for (name, text) in common::baseline_flows() {
        let Ok(flow) = Flow::from_json(&text) else {
            continue;
        };
        for party in &policy.parties {
            for purpose in std::iter::once(flow.purpose.as_str()).chain(purposes) {
                for variant in 0..3 {
                    let mut f = flow.clone();
                    f.chain.insert(0, hop_before(&flow, &party.name, purpose));
                    match variant {
                        1 => f.collected_for = None,
                        2 => {
                            f.chain[0].dpia = Some(mandate::eval::flow::Dpia {
                                reference: "DPIA-1".into(),
                            })
                        }
                        _ => {}
                    }
                    let d = decide(policy, &f);
                    assert_eq!(
                        outcome(policy, &f),
                        (d.decision, d.kind),
                        "{name}, from {} for {purpose}, variant {variant}",
                        party.name
                    );
                    seen.insert(format!("{:?}", d.kind));
                    onward +=
                        usize::from(d.determining.iter().any(|r| {
                            matches!(r.check, Some(mandate::eval::Check::OnwardObligation))
                        }));
                }
            }
        }
    }
    outcome_kinds(&seen);
    assert!(onward > 10, "{onward}");
}

/// The same on a small pack whose obligations are scoped to an organisation and to a
/// network, whose built-in checks have exceptions that hold, fail and cannot be decided,
/// and whose allows ask for a DPIA: every chain of two and three hops among its parties, for
/// each purpose and basis.
#[test]
fn the_outcome_of_a_chain_is_the_decisions_under_scoped_obligations() {
    let engine = Engine::from_sources([(
        "p.policy",
        "policy \"t\" version \"1\"
category personal
category personal.health
subject child
purpose care
purpose care.triage
purpose study
purpose sales
compatible study with care
party kind agency
party kind clinic
party kind lab
flag net \"a network\"
party a kind agency jurisdiction \"KE\" organisation one flags [net]
party b kind clinic jurisdiction \"KE\" organisation one
party c kind clinic jurisdiction \"UG\" organisation two flags [net]
party d kind lab jurisdiction \"UG\"
agreement \"A1\" between a and c
  purposes care
  data personal
  valid 2020-01-01 to 2030-12-31
  onward transfer forbidden
agreement \"A2\" from b to d
  purposes study
  data personal
  subjects child
  valid 2020-01-01 to 2030-12-31
  onward transfer allowed
allow \"Care within the organisation\"
  when purpose within care and same organisation
  require no onward transfer outside organisation
allow \"Care in the network\"
  when purpose within care and recipient has net
  require no onward transfer outside network net
allow \"Study under an agreement\"
  when purpose is study and agreement covers flow
  require dpia
allow \"Labs for anything\"
  when recipient is lab and basis is consent
  require no onward transfer
require \"Clinics keep it short\"
  when recipient is clinic and data includes personal.health
  require retain at most 30 days, dpia
deny \"No sales\"
  when purpose is sales and not basis is consent
check builtin.onward_obligation
  unless recipient is lab and subjects include child
  cite \"an exception\"
check builtin.onward_transfer
  unless purpose is care.triage
  cite \"an exception\"
check builtin.purpose_limitation
  unless basis is consent
  cite \"an exception\"
",
    )])
    .unwrap_or_else(|e| panic!("{e}"));
    let policy = engine.policy();
    let parties = ["a", "b", "c", "d"];
    let purposes = ["care", "care.triage", "study", "sales"];
    let mut seen = std::collections::BTreeSet::new();
    let mut checks = std::collections::BTreeSet::new();
    let mut n = 0usize;
    for hops in 2..=3usize {
        // Every sequence of parties, every purpose for the first hop and the flow.
        let mut path = vec![0usize; hops + 1];
        loop {
            for (first, last, variant) in product(&purposes, &purposes, &[0usize, 1, 2, 3]) {
                n += 1;
                let at = |h: usize| format!("2026-05-{:02}T09:00:00Z", 10 + h);
                let chain: Vec<serde_json::Value> = (0..hops - 1)
                    .map(|h| {
                        let mut hop = serde_json::json!({
                            "from": parties[path[h]], "to": parties[path[h + 1]],
                            "purpose": if h == 0 { *first } else { *last }, "at": at(h),
                        });
                        if variant == 2 && h == 0 {
                            hop["dpia"] = serde_json::json!({"ref": "D-1"});
                            hop["basis"] = serde_json::json!("consent");
                        }
                        hop
                    })
                    .collect();
                let mut flow = serde_json::json!({
                    "id": format!("f{n}"), "at": at(hops),
                    "from": parties[path[hops - 1]], "to": parties[path[hops]],
                    "data": if variant == 3 { vec!["personal.health"] } else { vec!["personal"] },
                    "purpose": last, "chain": chain,
                });
                if variant != 1 {
                    flow["collected_for"] = serde_json::json!("care");
                    flow["basis"] = serde_json::json!(if variant == 3 {
                        "consent"
                    } else {
                        "vital_interest"
                    });
                }
                if variant == 3 {
                    flow["subjects"] = serde_json::json!(["child"]);
                }
                let f = Flow::from_json(&flow.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
                let d = decide(policy, &f);
                assert_eq!(outcome(policy, &f), (d.decision, d.kind), "{flow}");
                seen.insert(format!("{:?}", d.kind));
                for r in &d.determining {
                    checks.insert(format!("{:?}", r.check));
                }
            }
            // The next sequence of parties.
            let mut i = 0;
            while i <= hops && path[i] + 1 == parties.len() {
                path[i] = 0;
                i += 1;
            }
            if i > hops {
                break;
            }
            path[i] += 1;
        }
    }
    outcome_kinds(&seen);
    for check in [
        "Some(PurposeLimitation)",
        "Some(OnwardTransfer)",
        "Some(OnwardObligation)",
    ] {
        assert!(checks.contains(check), "{check} never decided: {checks:?}");
    }
}

/// Every triple of an element of `a`, one of `b` and one of `c`, in order.
fn product<'a, A, B, C>(
    a: &'a [A],
    b: &'a [B],
    c: &'a [C],
) -> impl Iterator<Item = (&'a A, &'a B, C)> + 'a
where
    C: Copy,
{
    a.iter().flat_map(move |x| {
        b.iter()
            .flat_map(move |y| c.iter().map(move |z| (x, y, *z)))
    })
}
