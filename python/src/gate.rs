//! `Engine.gate`: the dataset gate (`mandate gate`) from Python, on a file or on any frame
//! that exports an Arrow C stream (pandas, Polars, pyarrow). A frame is written to a
//! temporary Arrow IPC file first, so that the gate reads it as it reads a file: the same
//! checks, caps and release, byte for byte.

use crate::arrow_ffi;
use arrow_array::RecordBatchReader;
use engine::gate::{self, Key, Refusal, Request, Roles};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use std::path::{Path, PathBuf};

/// What a call asks for beside the flow, the data and the output (the CLI's options).
pub struct Options {
    pub columns: Option<Vec<(String, String)>>,
    pub key_file: Option<PathBuf>,
    pub by: Vec<String>,
    pub date_column: Option<String>,
    pub weight_column: Option<String>,
    pub sums: Vec<String>,
    pub register: Option<PathBuf>,
    pub population: Option<String>,
    pub sheet: Option<String>,
    pub output_format: Option<String>,
    pub recipients: Vec<String>,
    pub lang: engine::words::Lang,
}

/// The data to gate: a file, or a frame written to a temporary Arrow IPC file (removed when
/// this is dropped).
pub enum Data {
    File(PathBuf),
    Frame(TempFile),
}

impl Data {
    pub fn path(&self) -> &Path {
        match self {
            Data::File(p) => p,
            Data::Frame(t) => &t.0,
        }
    }

    /// A path (`str` or `os.PathLike`) as it is; an object with `__arrow_c_stream__` written
    /// out to a temporary Arrow IPC file.
    pub fn from_py(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Data> {
        if let Ok(path) = data.extract::<PathBuf>() {
            return Ok(Data::File(path));
        }
        if !data.hasattr("__arrow_c_stream__")? {
            return Err(PyTypeError::new_err(format!(
                "gate takes a file path or a frame with __arrow_c_stream__ (pandas, Polars, \
                 pyarrow), not {}",
                data.get_type().name()?
            )));
        }
        let reader = arrow_ffi::import_stream(py, data)?;
        let file = py
            .detach(|| write_ipc(reader))
            .map_err(|e| PyValueError::new_err(format!("cannot write the frame out: {e}")))?;
        Ok(Data::Frame(file))
    }
}

/// A file removed when dropped.
pub struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Writes the stream's batches to a new file in the temporary folder, created exclusively
/// (never an existing file, never a name chosen from the data).
fn write_ipc(reader: arrow_ffi::Validated) -> Result<TempFile, String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    let mut tries = 0;
    let (path, file) = loop {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let name = format!(
            "mandate-gate-{}-{}-{nanos}.arrow",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => break (path, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
            Err(e) => return Err(e.to_string()),
        }
    };
    let temp = TempFile(path);
    let schema = reader.schema();
    let mut writer = arrow_ipc::writer::FileWriter::try_new(std::io::BufWriter::new(file), &schema)
        .map_err(|e| e.to_string())?;
    for batch in reader {
        let batch = batch.map_err(|e| e.to_string())?;
        writer.write(&batch).map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())?;
    Ok(temp)
}

/// A column map's text from `(column, category)` pairs, each field quoted.
fn column_map(pairs: &[(String, String)]) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    pairs
        .iter()
        .map(|(c, k)| format!("{},{}\n", quote(c), quote(k)))
        .collect()
}

/// The decision log at `dir`, signed with the key at `key` or the default one; a key created
/// for it is announced as a Python warning, since its public half is what a verifier needs.
pub fn open_log(
    py: Python<'_>,
    dir: &Path,
    key: Option<&Path>,
    lang: engine::words::Lang,
) -> PyResult<engine::log::DecisionLog> {
    let words =
        |e: engine::log::LogError| PyValueError::new_err(engine::words::log_error(lang, &e));
    let log = engine::log::DecisionLog::open(dir).map_err(words)?;
    let (key, created) = engine::log::signing_key(key, dir).map_err(words)?;
    if let Some(path) = created {
        let shown = engine::escape::visible(&path.display().to_string()).into_owned();
        let a = engine::words::args!("path" => shown, "key" => key.public().to_string());
        let said = engine::words::message(lang, "log-key-created-apart", Some(&a));
        let warning = py.get_type::<pyo3::exceptions::PyUserWarning>();
        PyErr::warn(
            py,
            &warning,
            &std::ffi::CString::new(said).unwrap_or_default(),
            1,
        )?;
    }
    Ok(log.signed_by(key))
}

/// The gate's request; with a log, a bad option or file met before the decision is attested
/// in it as a refusal, as the CLI does.
pub fn request(
    engine: &engine::Engine,
    flow: String,
    data: &Data,
    output: PathBuf,
    o: Options,
    log: Option<engine::log::DecisionLog>,
) -> Result<Request, gate::GateError> {
    let lang = o.lang;
    match (options(flow.clone(), data, output, o), log) {
        (Ok(mut request), log) => {
            request.log = log;
            Ok(request)
        }
        (Err(e), Some(log)) => {
            gate::attest_refusal(engine, &log, &flow, data.path(), &e, lang)?;
            Err(e)
        }
        (Err(e), None) => Err(e),
    }
}

/// The request from the options and the files they name, without the log.
fn options(
    flow: String,
    data: &Data,
    output: PathBuf,
    o: Options,
) -> Result<Request, gate::GateError> {
    let key = match &o.key_file {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| gate::GateError::Io {
                path: path.display().to_string(),
                error: e.to_string(),
            })?;
            Some(Key::new(&bytes)?)
        }
        None => match std::env::var_os(gate::pseudonymize::KEY_ENV) {
            Some(v) => Some(Key::new(&v.into_encoded_bytes())?),
            None => None,
        },
    };
    let register = o
        .register
        .as_deref()
        .map(gate::register::Register::open)
        .transpose()?;
    let output_format = match o.output_format.as_deref() {
        Some("csv") => gate::OutputFormat::Csv,
        Some("parquet") => gate::OutputFormat::Parquet,
        Some(other) => {
            return Err(gate::GateError::BadFlow {
                error: format!("output_format must be \"csv\" or \"parquet\", not {other:?}"),
            });
        }
        None => gate::OutputFormat::for_path(&output),
    };
    let mut r = Request::new(flow, data.path(), output);
    r.output_format = output_format;
    r.column_map = o.columns.as_deref().map(column_map);
    r.roles = Roles {
        date: o.date_column,
        weight: o.weight_column,
        sums: o.sums,
    };
    r.by = o.by;
    r.key = key;
    r.register = register;
    r.population = o.population;
    r.sheet = o.sheet;
    r.recipients = o.recipients;
    r.lang = o.lang;
    Ok(r)
}

/// The outcome as the CLI's JSON has it: `released`, the `decision`, and the `report` of a
/// release or the `error` that stopped it.
pub fn outcome(
    result: Result<(engine::eval::Decision, gate::Report), Refusal>,
    lang: engine::words::Lang,
) -> serde_json::Value {
    use serde_json::json;
    match result {
        Ok((decision, report)) => {
            json!({ "released": true, "decision": decision, "report": report })
        }
        Err(Refusal::Denied(d)) => json!({ "released": false, "decision": d, "error": null }),
        Err(Refusal::Error(e, d)) => json!({
            "released": false,
            "decision": d,
            "error": { "code": e.code(), "message": e.words(lang) },
        }),
    }
}
