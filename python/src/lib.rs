//! The `mandate` Python module: the Rust engine behind a compiled policy, deciding one flow
//! (a dict or JSON text) or a whole Arrow batch in one call, with the GIL released while it
//! decides. A front end on top of the library: it adds no judgement of its own, so that a
//! decision taken here is the decision the CLI, the HTTP service and the Rust API take.

mod arrow_check;
mod arrow_ffi;
mod batch;
mod gate;
mod objects;
mod verdicts;

use engine::words::Lang;
use objects::{Decision, Diagnostic, Verdict};
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

pyo3::create_exception!(
    mandate,
    PolicyError,
    PyException,
    "The policy could not be loaded or has errors; `diagnostics` lists the findings."
);

/// A compiled policy ready to decide flows. Cheap to share between threads; picklable (as
/// its compiled JSON), so a distributed engine can ship it to its workers.
#[pyclass(frozen, module = "mandate")]
struct Engine {
    inner: engine::Engine,
}

#[pymethods]
impl Engine {
    /// Loads and compiles a pack folder (or one policy file), finding shared vocabularies in
    /// the folders of `lib` too.
    #[staticmethod]
    #[pyo3(signature = (path, lib = Vec::new()))]
    fn from_path(
        py: Python<'_>,
        path: std::path::PathBuf,
        lib: Vec<std::path::PathBuf>,
    ) -> PyResult<Engine> {
        let loaded = py.detach(|| engine::Engine::from_path_with_library(&path, &lib));
        loaded
            .map(|inner| Engine { inner })
            .map_err(|e| policy_error(py, e))
    }

    /// Loads a compiled policy (`mandate compile`, or `Engine.compiled_json()`), checking its
    /// hash.
    #[staticmethod]
    fn from_compiled_json(py: Python<'_>, text: &str) -> PyResult<Engine> {
        engine::Engine::from_compiled_json(text)
            .map(|inner| Engine { inner })
            .map_err(|e| policy_error(py, e))
    }

    /// The compiled policy as JSON: what to broadcast to the workers of a cluster.
    fn compiled_json(&self) -> PyResult<String> {
        serde_json::to_string(self.inner.policy()).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The hash of the compiled policy, as every decision names it.
    #[getter]
    fn policy_hash(&self) -> &str {
        &self.inner.policy().hash
    }

    /// Decides one flow (a dict, JSON text or bytes), with the decision's words in `lang`.
    /// A flow that cannot be read is a deny of kind `error`; this never raises for the flow's
    /// content.
    #[pyo3(signature = (flow, lang = "en"))]
    fn decide(&self, py: Python<'_>, flow: &Bound<'_, PyAny>, lang: &str) -> PyResult<Decision> {
        let lang = parse_lang(lang)?;
        let text = flow_text(flow)?;
        let decision = py.detach(|| self.inner.decide_json_in(&text, lang));
        Ok(Decision::new(decision))
    }

    /// Decides one flow without putting the decision in words: the outcome, kind, deciding
    /// rules and obligations of `decide`, faster.
    fn verdict(&self, py: Python<'_>, flow: &Bound<'_, PyAny>) -> PyResult<Verdict> {
        let text = flow_text(flow)?;
        let verdict = py.detach(|| batch::verdict_of_json(&self.inner, &text));
        Ok(Verdict::new(verdict))
    }

    /// Why a flow is allowed or denied, with the verified changes that would allow a denied
    /// flow: text for a person (`format="text"`) or the JSON document (`format="json"`).
    #[pyo3(signature = (flow, lang = "en", format = "text"))]
    fn explain(
        &self,
        py: Python<'_>,
        flow: &Bound<'_, PyAny>,
        lang: &str,
        format: &str,
    ) -> PyResult<String> {
        let lang = parse_lang(lang)?;
        let json = match format {
            "text" => false,
            "json" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "format must be \"text\" or \"json\", not {other:?}"
                )));
            }
        };
        let text = flow_text(flow)?;
        Ok(py.detach(|| {
            let explanation = engine::explain::explain_json_in(self.inner.policy(), &text, lang);
            if json {
                explanation.to_json()
            } else {
                engine::explain::to_text_in(&explanation, false, lang)
            }
        }))
    }

    /// Decides every flow of a batch: a pyarrow `Table` or `RecordBatch` (any object with
    /// `__arrow_c_stream__`: a Polars or pandas frame too), or a list of dicts or JSON texts.
    /// Returns a `pyarrow.Table`, one row per flow in order: `id`, `decision`, `kind`,
    /// `rules`, `obligations`, `obligations_json`, `errors`. A row that cannot be read is a
    /// deny of kind `error` for that row only.
    fn decide_batch<'py>(
        &self,
        py: Python<'py>,
        flows: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let engine = &self.inner;
        on_batch(
            py,
            flows,
            |texts| batch::decide_texts(engine, texts),
            |reader| batch::decide_all(engine, reader),
        )
    }

    /// Verdicts only, on every flow of a batch (the inputs of `decide_batch`): a
    /// `pyarrow.Table`, one row per flow in order, with `id`, `allowed`, `decision` and
    /// `kind`, each row's outcome and kind those `verdict` gives the same flow. Neither
    /// deciding rules nor obligations are written: the fastest way to ask which flows may
    /// go. A row that cannot be read is a deny of kind `error` for that row only.
    fn verdict_batch<'py>(
        &self,
        py: Python<'py>,
        flows: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let engine = &self.inner;
        on_batch(
            py,
            flows,
            |texts| verdicts::verdict_texts(engine, texts),
            |reader| verdicts::verdict_all(engine, reader),
        )
    }

    /// Decides a stream of record batches lazily: returns a `pyarrow.RecordBatchReader` that
    /// decides each input batch when it is read, so memory holds one batch at a time.
    fn decide_stream<'py>(
        &self,
        py: Python<'py>,
        flows: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let reader = arrow_ffi::import_stream(py, flows)?;
        let stream = batch::decide_lazily(&self.inner, reader)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        py.import("pyarrow")?
            .getattr("RecordBatchReader")?
            .call_method1("from_stream", (Bound::new(py, stream)?,))
    }

    /// The dataset gate, as `mandate gate`: decides `flow` on what `data` holds and, if it
    /// is allowed, writes to `output` a copy that meets every merged obligation (CSV, or
    /// Parquet by `output_format` or the name's `.parquet`), or writes nothing. `data` is a
    /// file (CSV with an HXL row, XLSX when the wheel has it, Parquet, Arrow IPC) or a frame
    /// with `__arrow_c_stream__` (pandas, Polars, pyarrow), whose columns' categories come
    /// from `columns` (`{column: category or hashtag}`) or from each field's `hxl` metadata.
    /// Returns a dict as the CLI's JSON: `released`, `decision`, and the `report` of the
    /// release or the `error` (`code`, `message`) that stopped it. The GIL is released while
    /// it runs. With `log` (a folder), the run is attested in that decision log as
    /// `mandate gate --log` does, signed with the key at `log_key` (default: `MANDATE_LOG_KEY`,
    /// then the user's configuration folder; created there if missing, with a warning).
    #[pyo3(signature = (
        flow, data, output, *, columns = None, key_file = None, by = Vec::new(),
        date_column = None, weight_column = None, sums = Vec::new(), register = None,
        population = None, sheet = None, output_format = None, recipients = Vec::new(),
        log = None, log_key = None, lang = "en"
    ))]
    #[allow(clippy::too_many_arguments)]
    fn gate<'py>(
        &self,
        py: Python<'py>,
        flow: &Bound<'py, PyAny>,
        data: &Bound<'py, PyAny>,
        output: std::path::PathBuf,
        columns: Option<std::collections::BTreeMap<String, String>>,
        key_file: Option<std::path::PathBuf>,
        by: Vec<String>,
        date_column: Option<String>,
        weight_column: Option<String>,
        sums: Vec<String>,
        register: Option<std::path::PathBuf>,
        population: Option<String>,
        sheet: Option<String>,
        output_format: Option<String>,
        recipients: Vec<String>,
        log: Option<std::path::PathBuf>,
        log_key: Option<std::path::PathBuf>,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = parse_lang(lang)?;
        let flow = flow_text(flow)?;
        let log = log
            .map(|dir| gate::open_log(py, &dir, log_key.as_deref(), lang))
            .transpose()?;
        let data = gate::Data::from_py(py, data)?;
        let options = gate::Options {
            columns: columns.map(|m| m.into_iter().collect()),
            key_file,
            by,
            date_column,
            weight_column,
            sums,
            register,
            population,
            sheet,
            output_format,
            recipients,
            lang,
        };
        let outcome = py.detach(|| {
            let result = gate::request(&self.inner, flow, &data, output, options, log)
                .map_err(|e| engine::gate::Refusal::Error(e, None))
                .and_then(|r| engine::gate::run(&self.inner, &r));
            gate::outcome(result, lang)
        });
        drop(data);
        py.import("json")?
            .call_method1("loads", (outcome.to_string(),))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let load = py.get_type::<Engine>().getattr("from_compiled_json")?;
        Ok((load, (self.compiled_json()?,)))
    }

    fn __repr__(&self) -> String {
        format!("<mandate.Engine policy {}>", self.inner.policy().hash)
    }
}

/// A batch call on `flows`: a list of dicts or JSON texts goes to `texts` as one record
/// batch, anything else is read as an Arrow stream by `stream`; both run with the GIL
/// released, and the answer comes back as a `pyarrow.Table`.
fn on_batch<'py>(
    py: Python<'py>,
    flows: &Bound<'py, PyAny>,
    texts: impl FnOnce(&[String]) -> arrow_array::RecordBatch + Send,
    stream: impl FnOnce(arrow_ffi::Validated) -> Result<arrow_ffi::ArrowStream, arrow_schema::ArrowError>
    + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let pyarrow = py.import("pyarrow")?;
    if let Ok(list) = flows.cast::<PyList>() {
        let flows = list
            .iter()
            .map(|item| flow_text(&item))
            .collect::<PyResult<Vec<_>>>()?;
        let out = py.detach(|| texts(&flows));
        let answer = arrow_ffi::ArrowStream::of_batches(out.schema(), vec![out]);
        return pyarrow.call_method1("table", (Bound::new(py, answer)?,));
    }
    let reader = arrow_ffi::import_stream(py, flows)?;
    let answer = py
        .detach(|| stream(reader))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    pyarrow.call_method1("table", (Bound::new(py, answer)?,))
}

/// A flow argument as JSON text: a dict (dumped with the standard library's `json`), text, or
/// UTF-8 bytes.
fn flow_text(flow: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = flow.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned());
    }
    if let Ok(bytes) = flow.cast::<PyBytes>() {
        return std::str::from_utf8(bytes.as_bytes())
            .map(str::to_owned)
            .map_err(|e| PyValueError::new_err(format!("the flow is not UTF-8: {e}")));
    }
    if flow.is_instance_of::<PyDict>() {
        let json = flow.py().import("json")?;
        return json.call_method1("dumps", (flow,))?.extract();
    }
    Err(PyTypeError::new_err(format!(
        "a flow is a dict, JSON text or bytes, not {}",
        flow.get_type().name()?
    )))
}

fn parse_lang(lang: &str) -> PyResult<Lang> {
    Lang::parse(lang).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A [`PolicyError`] whose `diagnostics` attribute lists the findings, each with its code,
/// file, line, column, message and help.
fn policy_error(py: Python<'_>, error: engine::PolicyError) -> PyErr {
    let diagnostics: Vec<Diagnostic> = match &error {
        engine::PolicyError::Invalid {
            diagnostics,
            sources,
            ..
        } => diagnostics
            .iter()
            .map(|d| Diagnostic::new(d, sources))
            .collect(),
        _ => Vec::new(),
    };
    let err = PolicyError::new_err(error.to_string());
    let set = (|| -> PyResult<()> {
        let value = err.value(py);
        value.setattr("diagnostics", diagnostics)?;
        Ok(())
    })();
    match set {
        Ok(()) => err,
        Err(e) => e,
    }
}

#[pymodule]
fn mandate(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Decision>()?;
    m.add_class::<Verdict>()?;
    m.add_class::<Diagnostic>()?;
    m.add_class::<arrow_ffi::ArrowStream>()?;
    m.add("PolicyError", m.py().get_type::<PolicyError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
