//! Mandate (its decision and its verdict), Cedar and Rego decide every benchmark flow
//! alike: same verdict, same deciding rules. The benchmarks compare speed only because of
//! this.
//!
//! Every flow at 10 and 100 rules; at 1,000 every fourth (128 flows) and at 10,000 every
//! sixty-fourth (8 flows), where a debug build of Cedar and regorus takes tens of
//! milliseconds a flow: each flow checked there cost the README's test command a third of a
//! second, and building the three engines from the 10,000-rule pack takes most of a minute
//! anyway. The report benchmark checks every flow at every size again, in release, before
//! it measures.

use mandate_compare::{
    CedarEngine, FLOWS, RegoEngine, SIZES, Verdict, from_mandate, from_mandate_verdict,
    mandate_engine, workload,
};

#[test]
fn the_three_engines_agree_on_every_benchmark_flow() {
    for size in SIZES {
        let (pack, flows) = workload(size);
        assert_eq!(flows.len(), FLOWS);
        let mandate = mandate_engine(&pack).expect("the pack compiles");
        let cedar = CedarEngine::new(&pack, &flows).expect("the pack encodes for Cedar");
        let rego = RegoEngine::new(&pack).expect("the pack encodes for Rego");
        let mut verdicts = [0usize; 3];
        let step = match size {
            10_000.. => 64,
            1_000.. => 4,
            _ => 1,
        };
        for flow in flows.iter().step_by(step) {
            let m = from_mandate(&mandate.decide(flow))
                .unwrap_or_else(|| panic!("{size} rules, flow {}: outside the fragment", flow.id));
            let c = cedar.decide(&cedar.request(flow).expect("request"));
            let r = rego
                .decide(&RegoEngine::input(flow).expect("input"))
                .expect("rego evaluates");
            let v = from_mandate_verdict(&mandate.verdict(flow), mandate.policy());
            assert_eq!(
                Some(&m),
                v.as_ref(),
                "{size} rules, flow {}: verdict",
                flow.id
            );
            assert_eq!(m, c, "{size} rules, flow {}: mandate vs Cedar", flow.id);
            assert_eq!(m, r, "{size} rules, flow {}: mandate vs Rego", flow.id);
            verdicts[match m.verdict {
                Verdict::Allow => 0,
                Verdict::Forbidden => 1,
                Verdict::NotPermitted => 2,
            }] += 1;
        }
        // The mix the benchmarks claim: most allowed, some forbidden by a rule, some denied
        // by default.
        let [allow, forbidden, default] = verdicts;
        assert!(allow > FLOWS / 3 / step, "{size}: {verdicts:?}");
        assert!(forbidden > 0 && default > 0, "{size}: {verdicts:?}");
    }
}
