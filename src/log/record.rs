//! One log record and its hash.

use crate::eval::{Decision, DenyKind, Outcome};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `prev` of the first record.
pub const GENESIS: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// What a masked field is replaced with.
const MASK: &str = "[masked]";

/// The format version this build writes: 2 hashes each record's bytes as written and may
/// sign them. Version 1 (no `v` field) hashed a re-serialisation of the fields.
pub const FORMAT: u32 = 2;

fn format_1() -> u32 {
    1
}

/// One logged decision. The hash covers the record's line as written, up to the `hash` field
/// and `prev` included, so editing, deleting or reordering records breaks the chain; `sig`
/// signs the hash with the log's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Format version ([`FORMAT`]; 1 for records written before there was one).
    #[serde(default = "format_1")]
    pub v: u32,
    /// Position in the log, from 1.
    pub seq: u64,
    /// The decision id (sequence number and a digest), quoted to reviewers.
    pub id: String,
    /// When it was logged (RFC 3339, UTC).
    pub time: String,
    /// Hash of the policy that decided (stored in `policies/`).
    pub policy: String,
    /// sha256 of the stored policy file's bytes, so a stored policy whose rule texts or
    /// locations (outside the policy's own hash) were changed is caught.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_file: Option<String>,
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
    /// For a run of the dataset gate: its attestation (the obligations, what was done to the
    /// data, measured k and risk, the SHA-256 of input and output). Covered by the hash like
    /// every other field; absent for a decision alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Value>,
    /// Hash of the record before (or [`GENESIS`]).
    pub prev: String,
    /// sha256 of this record's line up to this field (format 2); of its fields without this
    /// one (format 1).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hash: String,
    /// Ed25519 signature of [`record_message`] by the log's key, when the log is signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<String>,
}

/// What a record's signature signs: a domain tag and the record's hash.
pub fn record_message(hash: &str) -> Vec<u8> {
    format!("mandate decision log record v2\n{hash}").into_bytes()
}

/// What is recorded besides the decision.
pub(super) struct Context<'a> {
    pub seq: u64,
    pub prev: String,
    pub time: String,
    pub policy_file: Option<String>,
    pub flow: Value,
    pub gate: Option<Value>,
    pub key: Option<&'a super::LogKey>,
}

impl Record {
    pub(super) fn new(c: Context<'_>, d: &Decision) -> Record {
        let digest = sha256_hex(format!("{}|{}|{}", c.prev, c.time, d.flow).as_bytes());
        let mut record = Record {
            v: FORMAT,
            seq: c.seq,
            id: format!("d{:06}-{}", c.seq, &digest[..12]),
            time: c.time,
            policy: d.policy.to_string(),
            policy_file: c.policy_file,
            flow: c.flow,
            decision: d.decision,
            kind: d.kind,
            reason: d.reason.to_string(),
            determining: d.determining.iter().map(|r| r.rule.to_string()).collect(),
            gate: c.gate,
            prev: c.prev,
            hash: String::new(),
            sig: None,
        };
        // Without `hash` and `sig`, the line is exactly the bytes the hash covers.
        let body = serde_json::to_string(&record).unwrap_or_default();
        record.hash = format!("sha256:{}", sha256_hex(body.as_bytes()));
        record.sig = c.key.map(|k| k.sign(&record_message(&record.hash)));
        record
    }

    /// The hash a format 1 record should have: sha256 over its fields re-serialised, with an
    /// empty `hash`. It cannot see changes that parse to the same fields (spacing, a repeated
    /// key inside the flow): format 2 hashes the bytes instead.
    pub fn compute_hash_v1(&self) -> String {
        #[derive(Serialize)]
        struct V1<'a> {
            seq: u64,
            id: &'a str,
            time: &'a str,
            policy: &'a str,
            flow: &'a Value,
            decision: Outcome,
            #[serde(skip_serializing_if = "Option::is_none")]
            kind: Option<DenyKind>,
            reason: &'a str,
            determining: &'a [String],
            prev: &'a str,
            hash: &'a str,
        }
        let body = V1 {
            seq: self.seq,
            id: &self.id,
            time: &self.time,
            policy: &self.policy,
            flow: &self.flow,
            decision: self.decision,
            kind: self.kind,
            reason: &self.reason,
            determining: &self.determining,
            prev: &self.prev,
            hash: "",
        };
        let text = serde_json::to_string(&body).unwrap_or_default();
        format!("sha256:{}", sha256_hex(text.as_bytes()))
    }

    /// The hash `line` (this record's line as read back) should carry. Format 2: sha256 over
    /// the line's bytes up to the `hash` field, closed with `}`; a line whose ending is not
    /// exactly `,"hash":"…"` (and `,"sig":"…"`) followed by `}` has no valid hash.
    pub fn hash_of_line(&self, line: &str) -> Result<String, String> {
        match self.v {
            1 => Ok(self.compute_hash_v1()),
            FORMAT => {
                let mut rest = line
                    .strip_suffix('}')
                    .ok_or("the line does not end with `}`")?;
                if let Some(sig) = &self.sig {
                    rest = rest
                        .strip_suffix(&format!(",\"sig\":\"{sig}\""))
                        .ok_or("`sig` is not written last")?;
                }
                let body = rest
                    .strip_suffix(&format!(",\"hash\":\"{}\"", self.hash))
                    .ok_or("`hash` is not written where this version writes it")?;
                let mut bytes = Vec::with_capacity(body.len() + 1);
                bytes.extend_from_slice(body.as_bytes());
                bytes.push(b'}');
                Ok(format!("sha256:{}", sha256_hex(&bytes)))
            }
            v => Err(format!(
                "format version {v} is not one this version of mandate reads"
            )),
        }
    }

    /// The record as one JSON line (without the newline): for a record made by this version,
    /// exactly the line that was written.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads one line. Repeated fields are an error (the record's own fields; repeated keys
    /// inside the flow change the bytes, so the hash catches them).
    pub fn parse(line: &str) -> Result<Record, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// True when `text` is `sha256:` and 64 lowercase hex digits: the only form of hash that may
/// name a file.
pub fn is_sha256(text: &str) -> bool {
    text.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
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

/// Masks the fields of a flow that identify people: the consent record's id, and the names
/// of approvers and the references of approvals, which may be case numbers (on the flow and
/// on each hop). Decisions never depend on them, so a masked
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
    // A DPIA's reference may name the operation or the case; decisions only need it stated.
    mask_dpia(flow.get_mut("dpia"));
    let mut approvals: Vec<&mut Value> = Vec::new();
    if let Some(obj) = flow.as_object_mut() {
        for (key, value) in obj.iter_mut() {
            match key.as_str() {
                "approvals" => approvals.push(value),
                "chain" => {
                    for hop in value.as_array_mut().into_iter().flatten() {
                        mask_dpia(hop.get_mut("dpia"));
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
            for field in ["by", "ref", "reference", "id"] {
                if let Some(v) = approval.get_mut(field) {
                    mask(v);
                }
            }
        }
    }
}

/// Masks the reference of a DPIA (a flow's or a chain hop's). A blank one stays blank: it
/// states no DPIA, and masked it would state one, so a replay would decide otherwise.
fn mask_dpia(dpia: Option<&mut Value>) {
    let Some(dpia) = dpia.and_then(Value::as_object_mut) else {
        return;
    };
    for field in ["ref", "reference"] {
        if let Some(v) = dpia.get_mut(field)
            && v.as_str().is_none_or(|r| !r.trim().is_empty())
            && !v.is_null()
        {
            *v = Value::String(MASK.into());
        }
    }
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    super::to_hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_hides_people_not_facts() {
        let mut v: Value = serde_json::from_str(
            r#"{"id":"f","consent":{"id":"C-1","status":"given"},
                "approvals":[{"role":"dpo","by":"A. Person","ref":"CASE-9","at":"2026-01-01"}],
                "chain":[{"from":"a","to":"b","purpose":"p","approvals":[{"role":"dpo","by":"B","id":"CASE-8"}]}]}"#,
        )
        .unwrap();
        mask_flow(&mut v);
        assert_eq!(v["approvals"][0]["ref"], MASK);
        assert_eq!(v["approvals"][0]["at"], "2026-01-01");
        assert_eq!(v["chain"][0]["approvals"][0]["id"], MASK);
        assert_eq!(v["consent"]["id"], MASK);
        assert_eq!(v["consent"]["status"], "given");
        assert_eq!(v["approvals"][0]["by"], MASK);
        assert_eq!(v["approvals"][0]["role"], "dpo");
        assert_eq!(v["chain"][0]["approvals"][0]["by"], MASK);
        // A chain hop's DPIA is masked too; a blank reference stays blank (it states none).
        let mut c: Value = serde_json::from_str(
            r#"{"id":"f","dpia":{"ref":" "},"chain":[{"from":"a","to":"b","purpose":"p","dpia":{"ref":"DPIA-UG-1"}}]}"#,
        )
        .unwrap();
        mask_flow(&mut c);
        assert_eq!(c["chain"][0]["dpia"]["ref"], MASK);
        assert_eq!(c["dpia"]["ref"], " ");
        let mut d: Value =
            serde_json::from_str(r#"{"id":"f","dpia":{"ref":"DPIA-KE-7"}}"#).unwrap();
        mask_flow(&mut d);
        assert_eq!(d["dpia"]["ref"], MASK);
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

    fn record(key: Option<&crate::log::LogKey>) -> Record {
        let d = Decision::error("f", "sha256:x", Vec::new());
        let context = Context {
            seq: 1,
            prev: GENESIS.into(),
            time: "t".into(),
            policy_file: None,
            flow: serde_json::json!({"id": "f", "to": "b"}),
            gate: None,
            key,
        };
        Record::new(context, &d)
    }

    #[test]
    fn the_hash_covers_the_bytes_as_written() {
        let key = crate::log::LogKey::generate().unwrap();
        for r in [record(None), record(Some(&key))] {
            let line = r.to_line();
            assert_eq!(r.hash_of_line(&line).unwrap(), r.hash, "{line}");
            assert_eq!(Record::parse(&line).unwrap(), r);
            // The same fields, spaced differently or with a key repeated: another hash.
            let spaced = line.replacen("\"to\":\"b\"", "\"to\": \"b\"", 1);
            let repeated = line.replacen("\"to\":\"b\"", "\"to\":\"x\",\"to\":\"b\"", 1);
            for changed in [spaced, repeated] {
                let parsed = Record::parse(&changed).unwrap();
                assert_eq!(parsed, r, "parses to the same fields");
                assert_ne!(parsed.hash_of_line(&changed).unwrap(), r.hash);
            }
        }
    }

    #[test]
    fn a_changed_field_changes_the_hash_and_the_signature_fails() {
        let key = crate::log::LogKey::generate().unwrap();
        let r = record(Some(&key));
        let sig = r.sig.clone().unwrap();
        assert!(key.public().verifies(&record_message(&r.hash), &sig));
        let mut edited = r.clone();
        edited.reason.push('!');
        let line = edited.to_line();
        assert_ne!(edited.hash_of_line(&line).unwrap(), r.hash);
    }

    #[test]
    fn format_1_records_keep_their_old_hash() {
        // A record as the first version wrote it.
        let line = r#"{"seq":1,"id":"d000001-x","time":"t","policy":"sha256:x","flow":null,"decision":"allow","reason":"r","determining":[],"prev":"p","hash":"h"}"#;
        let r = Record::parse(line).unwrap();
        assert_eq!(r.v, 1);
        let mut rehashed = r.clone();
        rehashed.hash = r.compute_hash_v1();
        assert_eq!(rehashed.hash_of_line(line).unwrap(), rehashed.hash);
    }

    #[test]
    fn only_well_formed_hashes_may_name_files() {
        assert!(is_sha256(GENESIS));
        assert!(!is_sha256("sha256:../../etc/passwd"));
        assert!(!is_sha256(&format!("sha256:{}", "A".repeat(64))));
        assert!(!is_sha256(&format!("sha256:{}/", "a".repeat(63))));
    }
}
