//! Why the service answered without a decision of its own (a body too large, no turn in
//! time, an unknown endpoint): typed, with a machine code and its parameters, and put into
//! words in the request's language by [`crate::words::refusal`].

use serde::Serialize;

/// An answer that is not a decision of the policy's: always a deny of kind `error`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum Refusal {
    /// The body is larger than the service accepts.
    #[serde(rename = "serve.body_too_large")]
    BodyTooLarge {
        /// The most bytes accepted.
        max_bytes: usize,
    },
    /// The body could not be read.
    #[serde(rename = "serve.body_unreadable")]
    BodyUnreadable {
        /// What the reader said.
        detail: String,
    },
    /// The body did not arrive in time.
    #[serde(rename = "serve.body_timeout")]
    BodyTimeout {
        /// The time allowed, in milliseconds.
        ms: u64,
    },
    /// No turn to decide came in time.
    #[serde(rename = "serve.busy")]
    Busy {
        /// The time allowed, in milliseconds.
        ms: u64,
    },
    /// A batch with more flows than accepted.
    #[serde(rename = "serve.batch_too_large")]
    BatchTooLarge {
        /// The most flows accepted.
        max: usize,
        /// How many the batch holds.
        count: usize,
    },
    /// A body that starts as a batch but is not a JSON array of flows.
    #[serde(rename = "serve.batch_malformed")]
    BatchMalformed {
        /// What the JSON reader said.
        detail: String,
    },
    /// The decision took longer than allowed.
    #[serde(rename = "serve.out_of_time")]
    OutOfTime {
        /// The time allowed, in milliseconds.
        ms: u64,
    },
    /// The explanation took longer than allowed.
    #[serde(rename = "serve.explanation_out_of_time")]
    ExplanationOutOfTime {
        /// The time allowed, in milliseconds.
        ms: u64,
    },
    /// The decision failed inside the service.
    #[serde(rename = "serve.decision_failed")]
    DecisionFailed,
    /// The explanation failed inside the service.
    #[serde(rename = "serve.explanation_failed")]
    ExplanationFailed,
    /// A panic, caught: the flow is denied.
    #[serde(rename = "serve.internal_error")]
    InternalError,
    /// No such endpoint.
    #[serde(rename = "serve.no_endpoint")]
    NoEndpoint {
        /// The path asked for (escaped when put into words).
        path: String,
        /// The endpoints there are (`POST /v1/decide`, …).
        endpoints: Vec<String>,
    },
}

impl Refusal {
    /// The answer's JSON: a deny of kind `error` (a client that reads only `decision` still
    /// fails closed), the code and its parameters, and the words in `lang` as `error`.
    pub fn to_json(&self, lang: crate::words::Lang) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_else(|_| serde_json::json!({}));
        if let Some(m) = v.as_object_mut() {
            m.insert("decision".into(), "deny".into());
            m.insert("kind".into(), "error".into());
            m.insert("error".into(), crate::words::refusal(lang, self).into());
        }
        v
    }
}

/// A duration in whole milliseconds, as refusals state it.
pub fn ms(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
