//! The values Python reads: a decision, a verdict, a diagnostic. Each keeps the Rust value
//! and reads its fields from it, so `to_json()` is the engine's own JSON, byte for byte.

use engine::eval;
use pyo3::prelude::*;

/// `json.loads(text)`: the dict form of a JSON document the engine wrote.
fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

fn outcome(o: eval::Outcome) -> &'static str {
    match o {
        eval::Outcome::Allow => "allow",
        eval::Outcome::Deny => "deny",
        eval::Outcome::Review => "review",
    }
}

/// The answer to "may this flow go?", with the reasons in words.
#[pyclass(frozen, module = "mandate")]
pub struct Decision {
    inner: eval::Decision,
}

impl Decision {
    pub fn new(inner: eval::Decision) -> Decision {
        Decision { inner }
    }
}

#[pymethods]
impl Decision {
    /// `allow`, `deny` or `review`.
    #[getter]
    fn decision(&self) -> &'static str {
        outcome(self.inner.decision)
    }

    /// Why not allowed (`forbidden`, `gap`, `review_required`, `not_permitted`, `error`);
    /// `None` for an allow.
    #[getter]
    fn kind(&self) -> Option<&'static str> {
        self.inner.kind.map(eval::DenyKind::code)
    }

    /// True only for an allow.
    #[getter]
    fn allowed(&self) -> bool {
        self.inner.is_allowed()
    }

    /// One sentence for a person.
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }

    /// The flow's id.
    #[getter]
    fn flow(&self) -> &str {
        &self.inner.flow
    }

    /// The hash of the policy that decided.
    #[getter]
    fn policy(&self) -> &str {
        &self.inner.policy
    }

    /// The names of the deciding rules (a built-in chain check by its id), in order.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.inner
            .determining
            .iter()
            .map(|d| {
                d.check
                    .map_or_else(|| d.rule.to_string(), |c| c.id().to_owned())
            })
            .collect()
    }

    /// The deciding rules as dicts, as in the JSON form.
    #[getter]
    fn determining<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.inner.determining).unwrap_or_else(|_| "[]".into());
        loads(py, &text)
    }

    /// The obligations of an allow as dicts (`type`, `text`, `value`, `imposed_by`).
    #[getter]
    fn obligations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.inner.obligations).unwrap_or_else(|_| "[]".into());
        loads(py, &text)
    }

    /// Problems with the flow itself, as dicts (`path`, `code`, `message`, …).
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.inner.errors).unwrap_or_else(|_| "[]".into());
        loads(py, &text)
    }

    /// The JSON form, one line: the same bytes as `mandate check --format json`.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The JSON form as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.inner.to_json())
    }

    /// One screen of text for a person, in the decision's words.
    fn to_text(&self) -> String {
        self.inner.to_text()
    }

    fn __repr__(&self) -> String {
        match self.inner.kind {
            Some(kind) => format!(
                "<mandate.Decision {} ({}) flow {:?}>",
                self.decision(),
                kind.code(),
                self.inner.flow
            ),
            None => format!(
                "<mandate.Decision {} flow {:?}>",
                self.decision(),
                self.inner.flow
            ),
        }
    }
}

/// A decision without its words: what a gate acts on.
#[pyclass(frozen, module = "mandate")]
pub struct Verdict {
    decision: eval::Outcome,
    kind: Option<eval::DenyKind>,
    rules: Vec<String>,
    obligations: String,
    errors: String,
}

impl Verdict {
    pub fn new(v: crate::batch::Judged) -> Verdict {
        Verdict {
            decision: v.decision,
            kind: v.kind,
            rules: v.rules,
            obligations: v.obligations_json,
            errors: v.errors_json.unwrap_or_else(|| "[]".into()),
        }
    }
}

#[pymethods]
impl Verdict {
    /// `allow`, `deny` or `review`.
    #[getter]
    fn decision(&self) -> &'static str {
        outcome(self.decision)
    }

    /// Why not allowed; `None` for an allow.
    #[getter]
    fn kind(&self) -> Option<&'static str> {
        self.kind.map(eval::DenyKind::code)
    }

    /// True only for an allow.
    #[getter]
    fn allowed(&self) -> bool {
        self.decision == eval::Outcome::Allow
    }

    /// The names of the deciding rules (a built-in chain check by its id), in order.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.rules.clone()
    }

    /// The obligations of an allow as dicts.
    #[getter]
    fn obligations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.obligations)
    }

    /// Problems with the flow itself, as dicts.
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.errors)
    }

    fn __repr__(&self) -> String {
        match self.kind {
            Some(kind) => format!("<mandate.Verdict {} ({})>", self.decision(), kind.code()),
            None => format!("<mandate.Verdict {}>", self.decision()),
        }
    }
}

/// One finding about a policy: where it is and what to do about it.
#[pyclass(frozen, get_all, module = "mandate")]
pub struct Diagnostic {
    /// `error` or `warning`.
    severity: String,
    /// The stable machine code (`E0101`-style id of the finding).
    code: String,
    /// The file the finding points into, if it points anywhere.
    file: Option<String>,
    /// 1-based line.
    line: Option<u32>,
    /// 1-based column.
    column: Option<u32>,
    /// What is wrong, in plain words.
    message: String,
    /// How to fix it, when the compiler knows.
    help: Option<String>,
    /// Further notes.
    notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(
        d: &engine::diagnostic::Diagnostic,
        sources: &engine::source::SourceMap,
    ) -> Diagnostic {
        let at = d.primary.as_ref().map(|label| sources.location(label.span));
        Diagnostic {
            severity: if d.is_error() { "error" } else { "warning" }.to_owned(),
            code: d.code.id().to_owned(),
            file: at.as_ref().map(|l| l.file.clone()),
            line: at.as_ref().map(|l| l.line),
            column: at.as_ref().map(|l| l.column),
            message: d.message.to_string(),
            help: d.help.as_ref().map(ToString::to_string),
            notes: d.notes.iter().map(ToString::to_string).collect(),
        }
    }
}

#[pymethods]
impl Diagnostic {
    fn __repr__(&self) -> String {
        match (&self.file, self.line, self.column) {
            (Some(f), Some(l), Some(c)) => format!(
                "<mandate.Diagnostic {} {f}:{l}:{c}: {}>",
                self.code, self.message
            ),
            _ => format!("<mandate.Diagnostic {}: {}>", self.code, self.message),
        }
    }
}
