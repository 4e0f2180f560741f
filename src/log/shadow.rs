//! Shadow decisions: a flow decided by the live policy is decided again under a candidate
//! policy, and where the two disagree, the candidate's decision is appended to a log of its
//! own (hash-chained and signed like any decision log, its policy stored, so `log show`
//! re-explains it and `log verify` checks it). The answer always comes from the live policy;
//! the live decision of the same flow is in the main log, when one is kept.

use super::replay::Verdict;
use super::{DecisionLog, LogError, Record};
use crate::Engine;
use crate::eval::Decision;
use serde::Serialize;

/// A flow the candidate decides otherwise than the live policy.
#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    /// The flow's id.
    pub flow: String,
    /// The live verdict (the one answered).
    pub live: Verdict,
    /// The candidate's verdict.
    pub candidate: Verdict,
    /// The id of the record in the disagreements log, when one is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

/// Decides `flow_json` under `candidate` and compares with `live`, the live policy's verdict
/// on the flow `flow` (its id). A disagreement comes with the candidate's decision, to log
/// with [`record`].
pub fn compare(
    candidate: &Engine,
    flow_json: &str,
    flow: &str,
    live: Verdict,
) -> Option<(Disagreement, Decision)> {
    let decision = candidate.decide_json(flow_json);
    let new = Verdict::of(&decision);
    (live != new).then(|| {
        let d = Disagreement {
            flow: flow.to_owned(),
            live,
            candidate: new,
            record: None,
        };
        (d, decision)
    })
}

/// Appends the candidate's decision of a disagreement to the disagreements log, under the
/// candidate policy, and notes the record's id in it.
pub fn record(
    log: &DecisionLog,
    candidate: &Engine,
    flow_json: &str,
    disagreement: &mut Disagreement,
    decision: &Decision,
) -> Result<(), LogError> {
    let r: Record = log.append(candidate.policy(), flow_json, decision)?;
    disagreement.record = Some(r.id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "policy \"t\" version \"1\"\ncategory personal\ncategory health\n\
                        subject s\npurpose p\nparty kind k\nparty a kind k jurisdiction \"KE\"\n\
                        allow \"all\" when purpose within p cite \"c\"\n";

    #[test]
    fn only_disagreements_are_logged_under_the_candidate() {
        let live = Engine::from_sources([("p.policy", BASE)]).expect("compiles");
        let text = format!("{BASE}deny \"no health\" when data includes health cite \"c\"\n");
        let candidate = Engine::from_sources([("p.policy", text.as_str())]).expect("compiles");
        let dir = std::env::temp_dir().join(format!("mandate-shadow-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let log = DecisionLog::open(&dir).expect("opens");
        let flow = |data: &str| {
            format!(
                r#"{{"id":"f-{data}","at":"2026-01-01T00:00:00Z","from":"a","to":"a","data":["{data}"],"subjects":["s"],"purpose":"p"}}"#
            )
        };
        let same = flow("personal");
        let verdict = |f: &str| Verdict::of(&live.decide_json(f));
        assert!(compare(&candidate, &same, "f", verdict(&same)).is_none());
        let health = flow("health");
        let (mut d, decision) =
            compare(&candidate, &health, "f", verdict(&health)).expect("a disagreement");
        record(&log, &candidate, &health, &mut d, &decision).expect("logged");
        assert_eq!((d.live.code(), d.candidate.code()), ("allow", "forbidden"));
        let records = log.records().expect("reads");
        assert_eq!(records.len(), 1);
        assert_eq!(Some(&records[0].id), d.record.as_ref());
        assert_eq!(records[0].policy, candidate.policy().hash);
        assert!(super::super::verify(&log).expect("verifies").is_intact());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
