//! The proposed data flow: the JSON an engineer sends, as Rust types, with limits.

use crate::model::Basis;
use serde::{Deserialize, Serialize};

/// Largest flow document accepted, in bytes.
pub const MAX_FLOW_BYTES: usize = 1024 * 1024;
/// Most entries in any list of a flow (`data`, `subjects`, `chain`, …).
pub const MAX_LIST: usize = 4096;

/// A proposed transfer of personal data from one party to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// The caller's identifier for this flow (not empty).
    pub id: String,
    /// When the transfer would happen (RFC 3339). Consent and agreements are judged then.
    pub at: String,
    /// The sending party.
    pub from: String,
    /// The receiving party.
    pub to: String,
    /// Data categories (or HXL hashtags) transferred.
    pub data: Vec<String>,
    /// Whose data it is; absent when not stated. With personal data, an empty list does not
    /// state it either: the subjects are unknown, not "nobody".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subjects: Option<Vec<String>>,
    /// Why it is transferred.
    pub purpose: String,
    /// The purpose the data was originally collected for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_for: Option<String>,
    /// The legal basis relied on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The consent record, when the basis is consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// Human approvals already obtained.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// Earlier hops of an onward transfer, oldest first.
    #[serde(default)]
    pub chain: Vec<Hop>,
    /// Operational context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// Dates of the records the flow carries (collected, case closed, last updated). A date
    /// it does not state is unknown, never "long ago" or "recent".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<Records>,
    /// The data protection impact assessment the flow was assessed in, for rules that
    /// require one (`dpia`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
}

/// A data protection impact assessment, by its reference.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dpia {
    /// Its reference (a register number, a document id), shown in `check` and `explain`
    /// and masked in decision logs. An empty reference states no DPIA.
    #[serde(rename = "ref", alias = "reference")]
    pub reference: String,
}

/// The dates of the records a flow carries, each RFC 3339 or `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Records {
    /// When the records were collected (for several records: the earliest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected: Option<String>,
    /// When their case was closed. Absent when not known; an open case says `open` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<String>,
    /// `true`: their case is open, not closed, so conditions on its closing are false (not
    /// unknown). Stating `closed` as well is an input error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
    /// When they were last updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

impl Records {
    /// The date the flow states for `event`, as written.
    pub fn date(&self, event: crate::model::RecordEvent) -> Option<&str> {
        use crate::model::RecordEvent;
        match event {
            RecordEvent::Collected => self.collected.as_deref(),
            RecordEvent::Closed => self.closed.as_deref(),
            RecordEvent::Updated => self.updated.as_deref(),
        }
    }
}

/// The status of a consent record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ConsentStatus {
    /// Given (and not withdrawn).
    Given,
    /// Withdrawn by the data subject.
    Withdrawn,
    /// Lapsed.
    Expired,
    /// Asked for and refused.
    Refused,
}

/// A consent record and its scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// The record's identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its status now.
    pub status: ConsentStatus,
    /// Purposes consented to (a flow's purpose must be within one).
    #[serde(default)]
    pub purposes: Vec<String>,
    /// Recipients consented to: party names or party kinds.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Countries the data may go to (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub countries: Vec<String>,
    /// When it was given (RFC 3339 or YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_at: Option<String>,
    /// When it was withdrawn, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<String>,
    /// When it lapses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A human approval (for `review` rules and `approved by` conditions).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The approving role, e.g. `dpo`.
    pub role: String,
    /// The approval's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When (RFC 3339). An approval dated after the hop it is for does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// When it lapses (RFC 3339). An approval expired at or before the hop does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Its reference (a case file, a decision number), shown in `check` and `explain` and
    /// masked in decision logs. `id` is read as the same thing.
    #[serde(
        default,
        rename = "ref",
        alias = "reference",
        skip_serializing_if = "Option::is_none"
    )]
    pub reference: Option<String>,
}

impl Approval {
    /// The approval's reference: `ref`, else the older `id`.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref().or(self.id.as_deref())
    }
}

/// An earlier hop of an onward transfer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Hop {
    /// Sender of that hop.
    pub from: String,
    /// Recipient of that hop.
    pub to: String,
    /// Its purpose.
    pub purpose: String,
    /// Its legal basis (defaults to the flow's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The agreement it was made under, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    /// When it happened (defaults to the flow's time; never after it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Approvals obtained for that hop.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// The DPIA that hop relies on, when it is not the flow's (a data map's transfers each
    /// state their own). A hop with this member relies on it alone (a blank reference states
    /// none); a hop without it relies on the flow's `dpia`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
}

/// Operational context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The response (selects an ISP classification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
}

/// Why a flow document could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// The document is larger than [`MAX_FLOW_BYTES`].
    #[error("the flow is {0} bytes; at most {MAX_FLOW_BYTES} are accepted")]
    TooLarge(usize),
    /// Not JSON, or not a flow; `path` is a JSON pointer (`/consent/status`).
    #[error("{path}: {}", crate::words::problem(crate::words::Lang::EN, problem))]
    Invalid {
        /// Where, as a JSON pointer (`` for the whole document).
        path: String,
        /// What is wrong, as a typed value (its words in every language in src/words).
        problem: crate::reason::Problem,
    },
}

impl FlowError {
    /// The problem as a typed value.
    pub fn problem(&self) -> crate::reason::Problem {
        use crate::reason::Problem;
        match self {
            FlowError::TooLarge(bytes) => Problem::TooLarge {
                bytes: *bytes,
                max: MAX_FLOW_BYTES,
            },
            FlowError::Invalid { problem, .. } => problem.clone(),
        }
    }

    /// The JSON pointer of the problem.
    pub fn path(&self) -> &str {
        match self {
            FlowError::TooLarge(_) => "",
            FlowError::Invalid { path, .. } => path,
        }
    }
}

impl Flow {
    /// Reads a flow from JSON, naming the JSON path of any problem.
    pub fn from_json(text: &str) -> Result<Flow, FlowError> {
        if text.len() > MAX_FLOW_BYTES {
            return Err(FlowError::TooLarge(text.len()));
        }
        // Tracking the path costs on every field; only a flow that fails needs it, so a
        // failure is read again with tracking to say where.
        if let Ok(flow) = serde_json::from_str::<Flow>(text) {
            flow.check_sizes()?;
            return Ok(flow);
        }
        let flow: Flow = read_part(text)?;
        flow.check_sizes()?;
        Ok(flow)
    }

    /// Checks every list against [`MAX_LIST`], as [`Flow::from_json`] does: for a flow built
    /// from other input (the Python binding's Arrow columns) so it meets the same limits.
    pub fn check_sizes(&self) -> Result<(), FlowError> {
        let consent = self.consent.as_ref();
        let lists: [(&str, usize); 7] = [
            ("/data", self.data.len()),
            ("/subjects", self.subjects.as_ref().map_or(0, Vec::len)),
            ("/approvals", self.approvals.len()),
            ("/chain", self.chain.len()),
            ("/consent/purposes", consent.map_or(0, |c| c.purposes.len())),
            (
                "/consent/recipients",
                consent.map_or(0, |c| c.recipients.len()),
            ),
            (
                "/consent/countries",
                consent.map_or(0, |c| c.countries.len()),
            ),
        ];
        match lists.into_iter().find(|(_, n)| *n > MAX_LIST) {
            Some((path, n)) => Err(FlowError::Invalid {
                path: path.into(),
                problem: crate::reason::Problem::TooManyEntries {
                    count: n,
                    max: MAX_LIST,
                },
            }),
            None => Ok(()),
        }
    }
}

/// Reads part of a flow (or a whole one) from JSON with the errors [`Flow::from_json`] gives:
/// the JSON pointer of the problem and what it is, as a typed problem. For a front end that
/// takes a flow's parts separately (the Python binding's Arrow columns), so that a part it
/// cannot read is reported as the same flow sent as JSON would be. Sizes are not checked.
pub fn read_part<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, FlowError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let part: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = pointer(e.path());
        let inner = e.into_inner();
        FlowError::Invalid {
            path,
            problem: super::misread::problem(&inner, text),
        }
    })?;
    de.end().map_err(|e| FlowError::Invalid {
        path: String::new(),
        problem: super::misread::problem(&e, text),
    })?;
    Ok(part)
}

/// serde_path_to_error's path as a JSON pointer (RFC 6901): `consent.status` / `data[2]` →
/// `/consent/status` / `/data/2`. Built from the path's segments, not its dotted text, so
/// that a key holding `.`, `[`, `/` or `~` keeps its place (`/` and `~` escaped as `~1`, `~0`).
/// An unknown segment ends the pointer: what follows it cannot be placed.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => {
                out.pop();
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_read_alone_names_its_problem_as_the_whole_flow_would() {
        let e = read_part::<Consent>(r#"{"status":"gven"}"#).expect_err("bad status");
        assert_eq!(
            e.to_string(),
            "/status: `gven` is not a value this member takes; write `given`, `withdrawn`, \
             `expired` or `refused`"
        );
        let e = read_part::<Consent>(r#"{"status":"given"} x"#).expect_err("trailing text");
        assert!(e.to_string().contains("this is not JSON"), "{e}");
        let ok: Consent = read_part(r#"{"status":"given"}"#).expect("reads");
        assert_eq!(ok.status, ConsentStatus::Given);
    }

    #[test]
    fn errors_name_the_json_path() {
        let bad = r#"{"id":"f","at":"2025-01-01T00:00:00Z","from":"a","to":"b","data":[],"purpose":"p",
                     "consent":{"status":"gven"}}"#;
        let e = Flow::from_json(bad).expect_err("bad status");
        assert_eq!(e.path(), "/consent/status");
        assert_eq!(
            e.to_string(),
            "/consent/status: `gven` is not a value this member takes; write `given`, \
             `withdrawn`, `expired` or `refused`"
        );
        let e = Flow::from_json(r#"{"id":"f"}"#).expect_err("missing");
        assert_eq!(
            e.to_string(),
            ": the member `at` is missing; every flow states it"
        );
        let e =
            Flow::from_json(r#"{"id":"f","at":"x","from":"a","to":"b","data":[1],"purpose":"p"}"#)
                .expect_err("type");
        assert_eq!(e.path(), "/data/0");
    }

    /// A key's own `.`, `/` or `~` does not split or bend the pointer to it.
    #[test]
    fn a_key_with_dots_or_slashes_keeps_its_place_in_the_path() {
        let e = read_part::<std::collections::BTreeMap<String, Consent>>(
            r#"{"a.json": {"status": "given"}, "b/c~d.json": {"status": "gven"}}"#,
        )
        .expect_err("bad status");
        assert_eq!(e.path(), "/b~1c~0d.json/status");
        let e = read_part::<Vec<Vec<u8>>>("[[1], [2, -1]]").expect_err("negative");
        assert_eq!(e.path(), "/1/1");
    }

    /// Text that is not JSON at all is said to be so, not only "expected ident".
    #[test]
    fn text_that_is_not_json_is_named_so() {
        let e = Flow::from_json("hello").expect_err("not JSON");
        assert_eq!(
            e.to_string(),
            ": this is not JSON: the reader could go no further than line 1, column 1; look \
             there for a missing comma, quote or bracket"
        );
        let e = Flow::from_json(r#"{"id": "x", "#).expect_err("cut short");
        assert!(e.to_string().contains("this is not JSON: "), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused_cleanly() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = Flow::from_json(&deep).expect_err("deep");
        assert!(!e.to_string().is_empty());
    }
}

/// The JSON Schema of a flow document (draft 2020-12), derived from these types.
#[cfg(feature = "schema")]
pub fn json_schema() -> String {
    json_schema_of::<Flow>()
}

/// The JSON Schema (draft 2020-12) of any input type, as the published `schema/*.json`
/// files hold it: pretty, with a final newline.
#[cfg(feature = "schema")]
pub fn json_schema_of<T: schemars::JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(all(test, feature = "schema"))]
mod schema_tests {
    #[test]
    fn the_published_schema_is_the_derived_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/flow.schema.json");
        let published = std::fs::read_to_string(path).expect("schema/flow.schema.json exists");
        // Compared as JSON values, not text: in a workspace build with the benchmark crate,
        // cedar-policy turns on serde_json's `preserve_order`, which reorders the derived
        // schema's keys without changing it.
        let value = |text: &str| -> serde_json::Value {
            serde_json::from_str(text).expect("the schema is JSON")
        };
        assert_eq!(
            value(&published),
            value(&super::json_schema()),
            "schema/flow.schema.json is stale: regenerate it with `mandate schema > schema/flow.schema.json`"
        );
    }
}
