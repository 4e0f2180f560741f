//! One log record and its hash.

use crate::eval::{Decision, DenyKind, Outcome};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `prev` of the first record.
pub const GENESIS: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// What a masked field is replaced with.
const MASK: &str = "[masked]";

/// One logged decision. The hash covers every other field, `prev` included, so editing,
/// deleting or reordering records breaks the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Position in the log, from 1.
    pub seq: u64,
    /// The decision id (sequence number and a digest), quoted to reviewers.
    pub id: String,
    /// When it was logged (RFC 3339, UTC).
    pub time: String,
    /// Hash of the policy that decided (stored in `policies/`).
    pub policy: String,
    /// The flow as sent, with fields identifying people masked (unless the log is unmasked);
    /// `null` for input that was not a JSON object.
    pub flow: Value,
    /// allow, deny or review.
    pub decision: Outcome,
    /// Why not allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DenyKind>,
    /// The engine's one sentence.
    pub reason: String,
    /// Names of the determining rules.
    pub determining: Vec<String>,
    /// Hash of the record before (or [`GENESIS`]).
    pub prev: String,
    /// sha256 of this record without this field.
    pub hash: String,
}

impl Record {
    pub(super) fn new(seq: u64, prev: String, time: String, flow: Value, d: &Decision) -> Record {
        let digest = sha256_hex(format!("{prev}|{time}|{}", d.flow).as_bytes());
        let mut record = Record {
            seq,
            id: format!("d{seq:06}-{}", &digest[..12]),
            time,
            policy: d.policy.clone(),
            flow,
            decision: d.decision,
            kind: d.kind,
            reason: d.reason.clone(),
            determining: d.determining.iter().map(|r| r.rule.clone()).collect(),
            prev,
            hash: String::new(),
        };
        record.hash = record.compute_hash();
        record
    }

    /// The hash this record should have: sha256 over its JSON without `hash`.
    pub fn compute_hash(&self) -> String {
        let mut body = self.clone();
        body.hash = String::new();
        let text = serde_json::to_string(&body).unwrap_or_default();
        format!("sha256:{}", sha256_hex(text.as_bytes()))
    }

    /// The record as one JSON line (without the newline).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads one line.
    pub fn parse(line: &str) -> Result<Record, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// The flow document to log: parsed, and masked when asked.
pub(super) fn flow_value(flow_json: &str, mask: bool) -> Value {
    match serde_json::from_str::<Value>(flow_json) {
        Ok(mut v @ Value::Object(_)) => {
            if mask {
                mask_flow(&mut v);
            }
            sorted(v)
        }
        _ => Value::Null,
    }
}

/// `v` with every object's keys in sorted order. serde_json keeps insertion order when a
/// build enables its `preserve_order` feature (a dependency may), and sorted order otherwise;
/// writing sorted keys makes a record's bytes, and so its hash, the same for both builds.
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Masks the fields of a flow that identify people: the consent record's id and the names
/// of approvers (on the flow and on each hop). Decisions never depend on them, so a masked
/// flow re-evaluates to the same decision.
pub fn mask_flow(flow: &mut Value) {
    let mask = |v: &mut Value| {
        if !v.is_null() {
            *v = Value::String(MASK.into());
        }
    };
    if let Some(id) = flow.pointer_mut("/consent/id") {
        mask(id);
    }
    let mut approvals: Vec<&mut Value> = Vec::new();
    if let Some(obj) = flow.as_object_mut() {
        for (key, value) in obj.iter_mut() {
            match key.as_str() {
                "approvals" => approvals.push(value),
                "chain" => {
                    for hop in value.as_array_mut().into_iter().flatten() {
                        if let Some(a) = hop.get_mut("approvals") {
                            approvals.push(a);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for list in approvals {
        for approval in list.as_array_mut().into_iter().flatten() {
            if let Some(by) = approval.get_mut("by") {
                mask(by);
            }
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_hides_people_not_facts() {
        let mut v: Value = serde_json::from_str(
            r#"{"id":"f","consent":{"id":"C-1","status":"given"},
                "approvals":[{"role":"dpo","by":"A. Person"}],
                "chain":[{"from":"a","to":"b","purpose":"p","approvals":[{"role":"dpo","by":"B"}]}]}"#,
        )
        .unwrap();
        mask_flow(&mut v);
        assert_eq!(v["consent"]["id"], MASK);
        assert_eq!(v["consent"]["status"], "given");
        assert_eq!(v["approvals"][0]["by"], MASK);
        assert_eq!(v["approvals"][0]["role"], "dpo");
        assert_eq!(v["chain"][0]["approvals"][0]["by"], MASK);
    }

    #[test]
    fn logged_flows_have_sorted_keys_whatever_the_input_order() {
        let v = flow_value(
            r#"{"to":"b","from":"a","consent":{"status":"given","id":"C"}}"#,
            true,
        );
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"consent":{"id":"[masked]","status":"given"},"from":"a","to":"b"}"#
        );
    }

    #[test]
    fn a_changed_field_changes_the_hash() {
        let d = Decision::error("f", "sha256:x", Vec::new());
        let r = Record::new(1, GENESIS.into(), "t".into(), Value::Null, &d);
        assert_eq!(r.hash, r.compute_hash());
        let mut edited = r.clone();
        edited.reason.push('!');
        assert_ne!(edited.compute_hash(), r.hash);
        assert_eq!(Record::parse(&r.to_line()).unwrap(), r);
    }
}
