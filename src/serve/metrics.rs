//! Prometheus metrics of the service, in the text exposition format (prometheus-client).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DisagreementLabel {
    old: &'static str,
    new: &'static str,
}

/// The shadow policy's counters, shared with the thread that decides under it.
#[derive(Clone)]
pub struct ShadowCounters {
    disagreements: Family<DisagreementLabel, Counter>,
    dropped: Counter,
}

impl ShadowCounters {
    /// Counts a flow the candidate decides otherwise, by the live and candidate verdicts'
    /// codes.
    pub fn disagreement(&self, old: &'static str, new: &'static str) {
        self.disagreements
            .get_or_create(&DisagreementLabel { old, new })
            .inc();
    }

    /// Counts a flow not decided under the candidate because the queue was full.
    pub fn dropped(&self) {
        self.dropped.inc();
    }
}

/// The service's counters and histograms.
pub struct Metrics {
    registry: Registry,
    decisions: Family<OutcomeLabel, Counter>,
    latency: Histogram,
    reloads: Family<ResultLabel, Counter>,
    errors: Counter,
    refused: Counter,
    abandoned: Counter,
    shadow: ShadowCounters,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("mandate");
        let decisions = Family::<OutcomeLabel, Counter>::default();
        registry.register(
            "decisions",
            "Decisions made, by outcome (allow, deny, review; error for malformed flows)",
            decisions.clone(),
        );
        // 1 µs to ~8 s: a decision takes microseconds; a batch or a logged decision longer.
        let latency = Histogram::new(exponential_buckets(1e-6, 4.0, 12));
        registry.register(
            "request_duration_seconds",
            "Time to answer a decide or explain request",
            latency.clone(),
        );
        let reloads = Family::<ResultLabel, Counter>::default();
        registry.register(
            "policy_reloads",
            "Policy reloads, by result (ok, error: the policy in service was kept)",
            reloads.clone(),
        );
        let errors = Counter::default();
        registry.register(
            "request_errors",
            "Requests answered with an error status (4xx or 5xx)",
            errors.clone(),
        );
        let refused = Counter::default();
        registry.register(
            "connections_refused",
            "Connections closed on arrival because --max-connections were open",
            refused.clone(),
        );
        let abandoned = Counter::default();
        registry.register(
            "work_abandoned",
            "Explanations answered 503 after --timeout-ms whose work went on, holding its turn",
            abandoned.clone(),
        );
        let disagreements = Family::<DisagreementLabel, Counter>::default();
        registry.register(
            "shadow_disagreements",
            "Flows the shadow policy (--shadow) decides otherwise than the live one, by the live \
             (old) and shadow (new) verdict",
            disagreements.clone(),
        );
        let dropped = Counter::default();
        registry.register(
            "shadow_dropped",
            "Flows not decided under the shadow policy because its queue was full",
            dropped.clone(),
        );
        Metrics {
            shadow: ShadowCounters {
                disagreements,
                dropped,
            },
            registry,
            decisions,
            latency,
            reloads,
            errors,
            refused,
            abandoned,
        }
    }

    /// The shadow policy's counters.
    pub fn shadow(&self) -> ShadowCounters {
        self.shadow.clone()
    }

    /// Counts a decision.
    pub fn decision(&self, d: &crate::eval::Decision) {
        use crate::eval::{DenyKind, Outcome};
        let outcome = match (d.decision, d.kind) {
            (_, Some(DenyKind::Error)) => "error",
            (Outcome::Allow, _) => "allow",
            (Outcome::Deny, _) => "deny",
            (Outcome::Review, _) => "review",
        };
        self.decisions
            .get_or_create(&OutcomeLabel { outcome })
            .inc();
    }

    /// Records how long a request took.
    pub fn latency(&self, seconds: f64) {
        self.latency.observe(seconds);
    }

    /// Counts a reload.
    pub fn reload(&self, ok: bool) {
        let result = if ok { "ok" } else { "error" };
        self.reloads.get_or_create(&ResultLabel { result }).inc();
    }

    /// Counts a request answered with an error status.
    pub fn error(&self) {
        self.errors.inc();
    }

    /// Counts a connection closed on arrival (over the connection cap).
    pub fn refused(&self) {
        self.refused.inc();
    }

    /// Counts work answered as timed out that could not be stopped.
    pub fn abandoned(&self) {
        self.abandoned.inc();
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
