//! The dataset gate (feature `gate`): decide a flow on what a dataset actually holds, and if
//! it is allowed, write a copy of the data that meets every merged obligation, or refuse and
//! write nothing.
//!
//! The flow's categories are the union of those it declares and those its columns carry
//! ([`columns`]); a column whose category cannot be determined is never passed through.
//! Obligations are carried out and measured: minimisation drops columns, pseudonymisation
//! replaces values by keyed tokens ([`pseudonymize`]), retention drops old records
//! ([`retention`]), these three streaming record by record; aggregation counts and sums per
//! cell with primary and secondary suppression ([`aggregate`]); k-anonymity suppresses
//! quasi-identifier values locally ([`kanon`]) and the re-identification risk is measured as
//! sdcMicro does ([`risk`]). The output is written atomically ([`output`]), encrypted at rest
//! to age recipients when the flow requires it or recipients are given (feature `gate-age`,
//! `encrypt`). The data is CSV, or a worksheet of an XLSX workbook (feature `gate-xlsx`,
//! `xlsx`) read as the same table saved as CSV would be, or a Parquet file or Arrow IPC file
//! or stream (feature `gate-parquet`, `table`) read as the same table exported as CSV; the
//! release is CSV or Parquet ([`sink`]).

pub mod aggregate;
pub mod columns;
mod digest;
#[cfg(feature = "gate-age")]
pub mod encrypt;
pub mod error;
pub mod input;
pub mod kanon;
pub mod output;
mod parallel;
pub mod plan;
pub mod pseudonymize;
pub mod register;
pub mod retention;
pub mod risk;
pub mod sink;
#[cfg(feature = "gate-parquet")]
pub mod table;
#[cfg(test)]
mod test_random;
#[cfg(feature = "gate-xlsx")]
pub mod xlsx;

pub use columns::{Columns, Roles};
pub use error::{GateError, LogFailure};
pub use input::Caps;
pub use pseudonymize::Key;
pub use sink::OutputFormat;

use crate::Engine;
use crate::eval::Decision;
use crate::log::{LogError, LogProblem};
use crate::words::Lang;
use plan::Plan;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::PathBuf;

/// What to gate.
#[derive(Debug)]
pub struct Request {
    /// The flow as JSON (its `data` list gains the categories of the columns).
    pub flow: String,
    /// The data file.
    pub data: PathBuf,
    /// Where to write the release.
    pub output: PathBuf,
    /// The format to write it in.
    pub output_format: OutputFormat,
    /// A column map (`column,category[,role]` lines), instead of the HXL row.
    pub column_map: Option<String>,
    /// Roles given by header.
    pub roles: Roles,
    /// Aggregation dimensions given in addition to the policy's.
    pub by: Vec<String>,
    /// The pseudonymisation key.
    pub key: Option<Key>,
    /// Caps on cells and rows.
    pub caps: Caps,
    /// The language of the decision's words.
    pub lang: Lang,
    /// The decision log each run is recorded in (signed, hash-chained): nothing is released
    /// that could not be recorded.
    pub log: Option<crate::log::DecisionLog>,
    /// The release register aggregate releases are checked against and recorded in.
    pub register: Option<register::Register>,
    /// The population a release is about, for the register (default: the flow's sender).
    pub population: Option<String>,
    /// Told the bytes of the data file read so far, every few thousand rows (a progress bar).
    pub progress: Option<Progress>,
    /// The worksheet to read from an XLSX workbook (default: the first).
    pub sheet: Option<String>,
    /// age recipients (`age1…` public keys) the release is encrypted to: required when the
    /// flow must be encrypted at rest; when given, the release is encrypted in any case.
    pub recipients: Vec<String>,
    /// Threads reading a CSV file for aggregation, k-anonymity and the risk bound: 0 (the
    /// default) uses every core, 1 reads on the calling thread. The release is the same
    /// whatever the number.
    pub threads: usize,
}

impl Request {
    /// A request to gate `data` under `flow` (JSON) into `output`, with everything else as a
    /// run without options has it: CSV out, the HXL row, no key, log, register or recipients,
    /// default caps, English words. Set the fields that differ.
    pub fn new(
        flow: impl Into<String>,
        data: impl Into<PathBuf>,
        output: impl Into<PathBuf>,
    ) -> Self {
        Request {
            flow: flow.into(),
            data: data.into(),
            output: output.into(),
            output_format: OutputFormat::default(),
            column_map: None,
            roles: Roles::default(),
            by: Vec::new(),
            key: None,
            caps: Caps::default(),
            lang: Lang::EN,
            log: None,
            register: None,
            population: None,
            progress: None,
            sheet: None,
            recipients: Vec::new(),
            threads: 0,
        }
    }
}

/// A callback told how many bytes of the data file have been read.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(u64) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// What a gate run records in the decision log, beside the decision.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Attestation {
    /// Whether a release was written.
    pub released: bool,
    /// The merged obligations carried out, by kind with their parameters.
    pub obligations: Vec<serde_json::Value>,
    /// The machine code of what stopped the release, if something did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `sha256:` of the data file.
    pub input_sha256: String,
    /// What was done, measured (for a release).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
}

/// What the gate did, measured.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Report {
    /// The columns of the data, by header.
    pub columns: Vec<String>,
    /// Columns dropped (outside the permitted categories).
    pub dropped: Vec<String>,
    /// Columns whose values were replaced by tokens.
    pub pseudonymized: Vec<String>,
    /// Records read.
    pub records_in: u64,
    /// Records dropped as older than the retention limit.
    pub records_expired: u64,
    /// Records (microdata) or cells (aggregate) written.
    pub rows_out: u64,
    /// Quasi-identifier values suppressed for k-anonymity.
    pub values_suppressed: u64,
    /// Quasi-identifier values in all (the denominator of the suppressed share).
    pub values_total: u64,
    /// Aggregate cells suppressed as below k, and to protect those.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cells: Option<CellCounts>,
    /// The k the release has on its quasi-identifiers (or cells), when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<u64>,
    /// The global re-identification risk of the release, when a bound was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<f64>,
    /// Obligations the gate cannot carry out on data and leaves to the recipient (`notify`,
    /// `no_onward_transfer`, `encrypt in_transit`), by kind.
    pub left_to_recipient: Vec<String>,
    /// `sha256:` of the data file's bytes.
    pub input_sha256: String,
    /// `sha256:` of the written release.
    pub output_sha256: String,
    /// The id of the release in the register, when it was recorded there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered: Option<String>,
    /// The age recipients (public keys) the release was encrypted to; empty when it was
    /// written in clear.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encrypted_to: Vec<String>,
    /// The worksheet read, when the data was an XLSX workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

/// Cells of an aggregate release.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CellCounts {
    /// Cells in the table.
    pub total: u64,
    /// Suppressed as below k.
    pub primary: u64,
    /// Suppressed so that a primary cell cannot be recomputed from totals.
    pub secondary: u64,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum Refusal {
    /// The flow is not allowed on what the data holds.
    Denied(Box<Decision>),
    /// The data, the options or an obligation stop the release (with the decision, when the
    /// flow got one).
    Error(GateError, Option<Box<Decision>>),
}

/// A reader that hashes what passes through it (on another thread), unless the file was
/// hashed whole already (a workbook or a table, read through a rendering of it).
struct Hashing<R> {
    inner: R,
    hash: Option<digest::Sha256Behind>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(hash) = &mut self.hash {
            hash.update(buf.get(..n).unwrap_or_default());
        }
        Ok(n)
    }
}

/// The flow JSON with the columns' categories added to its `data` list.
pub fn flow_with_data(flow: &str, categories: &[&str]) -> Result<String, GateError> {
    let bad = |error: String| GateError::BadFlow { error };
    let mut value: serde_json::Value =
        serde_json::from_str(flow).map_err(|e| bad(e.to_string()))?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| bad("not a JSON object".into()))?;
    let data = object
        .entry("data")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    let list = data
        .as_array_mut()
        .ok_or_else(|| bad("`data` is not a list".into()))?;
    for c in categories {
        if !list.iter().any(|v| v.as_str() == Some(c)) {
            list.push(serde_json::Value::String((*c).to_owned()));
        }
    }
    serde_json::to_string(&value).map_err(|e| bad(e.to_string()))
}

/// The population label of a request: given, or the flow's sender.
fn population(request: &Request) -> String {
    request.population.clone().unwrap_or_else(|| {
        serde_json::from_str::<serde_json::Value>(&request.flow)
            .ok()
            .and_then(|v| v.get("from").and_then(|f| f.as_str()).map(str::to_owned))
            .unwrap_or_default()
    })
}

/// `sha256:` of a file, read in pieces.
fn hash_file(path: &std::path::Path) -> String {
    let mut hash = Sha256::new();
    if let Ok(mut f) = std::fs::File::open(path) {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n) = f.read(&mut buf) {
            if n == 0 {
                break;
            }
            hash.update(buf.get(..n).unwrap_or_default());
        }
    }
    format!("sha256:{}", crate::log::to_hex(&hash.finalize()))
}

/// Records a run in the log, when there is one.
fn attest(
    request: &Request,
    engine: &Engine,
    flow: &str,
    decision: &Decision,
    attestation: &Attestation,
) -> Result<(), GateError> {
    let Some(log) = &request.log else {
        return Ok(());
    };
    let value = serde_json::to_value(attestation).map_err(|e| GateError::NotLogged {
        error: LogError::of(LogProblem::AttestationNotSerialised {
            detail: e.to_string(),
        })
        .into(),
    })?;
    log.append_with(engine.policy(), flow, decision, Some(value))
        .map(|_| ())
        .map_err(|e| GateError::NotLogged { error: e.into() })
}

fn obligations_of(decision: &Decision) -> Vec<serde_json::Value> {
    decision
        .obligations
        .iter()
        .map(|o| serde_json::json!({ "type": o.kind, "value": o.value }))
        .collect()
}

/// Decides the flow on what the data holds and, if it is allowed, writes the release. With a
/// log, every decided run is recorded (allowed or not); the release is put in place only
/// after its record is written.
pub fn run(engine: &Engine, request: &Request) -> Result<(Decision, Report), Refusal> {
    let result = open_data(request)
        .map_err(|e| Refusal::Error(e, None))
        .and_then(|mut source| {
            let relocate = source.relocate.take();
            run_on(engine, request, source).map_err(|refusal| match (refusal, &relocate) {
                (Refusal::Error(e, d), Some(r)) => Refusal::Error(r(e), d),
                (refusal, _) => refusal,
            })
        });
    // A refusal without a decision came before the flow was decided: recorded all the same.
    match (result, &request.log) {
        (Err(Refusal::Error(e, None)), Some(log)) => {
            let logged =
                attest_refusal(engine, log, &request.flow, &request.data, &e, request.lang);
            Err(Refusal::Error(logged.err().unwrap_or(e), None))
        }
        (result, _) => result,
    }
}

/// Records in the decision log a run refused before its flow could be decided (unreadable
/// data, a column whose category is unknown, a bad option): a deny of kind `error` whose
/// reason names the refusal's machine code, and an attestation with the code and the
/// SHA-256 of the data file (empty when it cannot be read). The error's words are not
/// logged, since they may quote the data (a cell, a header); the flow is masked as in every
/// record.
pub fn attest_refusal(
    engine: &Engine,
    log: &crate::log::DecisionLog,
    flow: &str,
    data: &std::path::Path,
    error: &GateError,
    lang: Lang,
) -> Result<(), GateError> {
    let id = serde_json::from_str::<serde_json::Value>(flow)
        .ok()
        .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned))
        .unwrap_or_default();
    let decision = Decision {
        decision: crate::eval::Outcome::Deny,
        kind: Some(crate::eval::DenyKind::Error),
        reason: crate::words::message(
            lang,
            "gate-refused-undecided",
            Some(&crate::words::args!("code" => error.code())),
        )
        .into(),
        flow: id,
        policy: engine.policy().quotes().hash.clone(),
        determining: Vec::new(),
        obligations: Vec::new(),
        errors: Vec::new(),
    };
    let attestation = Attestation {
        released: false,
        obligations: Vec::new(),
        error: Some(error.code().to_owned()),
        input_sha256: if std::fs::File::open(data).is_ok() {
            hash_file(data)
        } else {
            String::new()
        },
        report: None,
    };
    let value = serde_json::to_value(&attestation).map_err(|e| GateError::NotLogged {
        error: LogError::of(LogProblem::AttestationNotSerialised {
            detail: e.to_string(),
        })
        .into(),
    })?;
    log.append_with(engine.policy(), flow, &decision, Some(value))
        .map(|_| ())
        .map_err(|e| GateError::NotLogged { error: e.into() })
}

/// A columnar file, told by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    /// Apache Parquet (`PAR1`).
    Parquet,
    /// An Arrow IPC file (`ARROW1`, the Feather 2 format).
    ArrowFile,
    /// An Arrow IPC stream (a continuation marker, `FF FF FF FF`, then the schema).
    ArrowStream,
}

impl TableKind {
    /// The kind of a file starting with `head`, if it is a columnar one.
    pub fn sniff(head: &[u8]) -> Option<TableKind> {
        if head.starts_with(b"PAR1") {
            Some(TableKind::Parquet)
        } else if head.starts_with(b"ARROW1") {
            Some(TableKind::ArrowFile)
        } else if head.starts_with(&[0xff, 0xff, 0xff, 0xff]) {
            Some(TableKind::ArrowStream)
        } else {
            None
        }
    }
}

/// The data file, opened for reading as CSV text.
struct Source {
    /// The CSV text: the file itself, or a worksheet turned into CSV.
    reader: Box<dyn Read>,
    /// `sha256:` of the file, when the text read is not the file's bytes.
    file_hash: Option<String>,
    /// The worksheet read, for a workbook.
    sheet: Option<String>,
    /// Tells an error about the text in the terms of the file (a workbook's sheet and cell).
    relocate: Option<Box<dyn Fn(GateError) -> GateError>>,
    /// The progress callback, told bytes of the file.
    progress: Option<Progress>,
    /// Whether the row under the header is an HXL row (looked at, for CSV and workbooks).
    hxl_row: input::HxlRow,
    /// Whether the text read is the data file's bytes as they are (a CSV file).
    relocate_free: bool,
}

/// Opens the data file: a workbook (it starts like a ZIP archive, as every XLSX file does)
/// is read with feature `gate-xlsx`, anything else as CSV.
fn open_data(request: &Request) -> Result<Source, GateError> {
    let io = |e: std::io::Error| GateError::Io {
        path: request.data.display().to_string(),
        error: e.to_string(),
    };
    let mut file = std::fs::File::open(&request.data).map_err(io)?;
    let mut head = Vec::with_capacity(8);
    (&mut file).take(8).read_to_end(&mut head).map_err(io)?;
    if head.starts_with(b"PK\x03\x04") {
        return open_workbook(request);
    }
    if let Some(kind) = TableKind::sniff(&head) {
        return open_table(request, kind);
    }
    let file = std::fs::File::open(&request.data).map_err(io)?;
    Ok(Source {
        reader: Box::new(std::io::BufReader::new(file)),
        file_hash: None,
        sheet: None,
        relocate: None,
        progress: request.progress.clone(),
        hxl_row: input::HxlRow::Detect,
        relocate_free: true,
    })
}

/// A Parquet or Arrow IPC file, read batch by batch as CSV text.
#[cfg(feature = "gate-parquet")]
fn open_table(request: &Request, kind: TableKind) -> Result<Source, GateError> {
    let opened = table::open(
        &request.data,
        kind,
        request.caps,
        request.column_map.is_none(),
    )?;
    let position = opened.position.clone();
    // The progress bar is sized by the file: the text read is told in the file's bytes.
    let progress = request.progress.clone().map(|p| {
        Progress(std::sync::Arc::new(move |_: u64| {
            (p.0)(position.load(std::sync::atomic::Ordering::Relaxed))
        }))
    });
    Ok(Source {
        reader: Box::new(opened.text),
        file_hash: Some(hash_file(&request.data)),
        sheet: None,
        relocate: Some(opened.relocate),
        progress,
        hxl_row: opened.hxl_row,
        relocate_free: false,
    })
}

#[cfg(not(feature = "gate-parquet"))]
fn open_table(_: &Request, kind: TableKind) -> Result<Source, GateError> {
    Err(GateError::NeedsFeature {
        format: match kind {
            TableKind::Parquet => "Parquet",
            TableKind::ArrowFile | TableKind::ArrowStream => "Arrow IPC",
        }
        .into(),
        feature: "gate-parquet".into(),
    })
}

#[cfg(feature = "gate-xlsx")]
fn open_workbook(request: &Request) -> Result<Source, GateError> {
    let bytes = xlsx::read_workbook(&request.data)?;
    let file_hash = format!("sha256:{}", crate::log::to_hex(&Sha256::digest(&bytes)));
    let file_len = bytes.len() as u64;
    // The progress bar is sized by the file: its first half is the sheet's conversion (rows
    // converted of the rows the sheet declares), its second half the gating of the text.
    let half = file_len / 2;
    let converting = request.progress.clone().map(|p| {
        move |done: u64, total: u64| {
            if total > 0 {
                let at = u128::from(done.min(total)) * u128::from(half) / u128::from(total);
                (p.0)(u64::try_from(at).unwrap_or(half));
            }
        }
    });
    let mut sheet = xlsx::sheet_to_csv(
        bytes,
        request.sheet.as_deref(),
        request.caps,
        converting.as_ref().map(|c| c as &dyn Fn(u64, u64)),
    )?;
    let csv = std::mem::take(&mut sheet.csv);
    let text_len = (csv.len() as u64).max(1);
    let progress = request.progress.clone().map(|p| {
        Progress(std::sync::Arc::new(move |read: u64| {
            let rest = u128::from(file_len - half);
            let scaled = u128::from(read.min(text_len)) * rest / u128::from(text_len);
            (p.0)(half + u64::try_from(scaled).unwrap_or(file_len - half))
        }))
    });
    Ok(Source {
        reader: Box::new(std::io::Cursor::new(csv)),
        file_hash: Some(file_hash),
        sheet: Some(sheet.sheet.clone()),
        relocate: Some(Box::new(move |e| sheet.relocate(e))),
        progress,
        hxl_row: input::HxlRow::Detect,
        relocate_free: false,
    })
}

#[cfg(not(feature = "gate-xlsx"))]
fn open_workbook(_: &Request) -> Result<Source, GateError> {
    Err(GateError::NeedsFeature {
        format: "XLSX".into(),
        feature: "gate-xlsx".into(),
    })
}

/// The age recipients of a release, parsed; an error when encryption is required and there
/// is none.
#[cfg(feature = "gate-age")]
fn recipients(request: &Request, required: bool) -> Result<Vec<age::x25519::Recipient>, GateError> {
    let list = encrypt::recipients(&request.recipients)?;
    if required && list.is_empty() {
        return Err(GateError::NoRecipient);
    }
    Ok(list)
}

#[cfg(not(feature = "gate-age"))]
fn recipients(request: &Request, required: bool) -> Result<Vec<()>, GateError> {
    if required || !request.recipients.is_empty() {
        return Err(GateError::EncryptionNeedsFeature {
            feature: "gate-age".into(),
        });
    }
    Ok(Vec::new())
}

/// [`run`] on the opened data file.
fn run_on(
    engine: &Engine,
    request: &Request,
    source: Source,
) -> Result<(Decision, Report), Refusal> {
    let err = |e: GateError| Refusal::Error(e, None);
    let reader = Hashing {
        inner: source.reader,
        hash: source.file_hash.is_none().then(digest::Sha256Behind::new),
    };
    let hxl_expected = request.column_map.is_none();
    let mut rows =
        input::Rows::open_with(reader, request.caps, hxl_expected, source.hxl_row).map_err(err)?;
    let policy = engine.policy();
    let columns = match (&request.column_map, &rows.hxl) {
        (Some(map), _) => Columns::from_map(policy, &rows.header, map, &request.roles),
        (None, Some(tags)) => Columns::from_hxl(policy, &rows.header, tags, &request.roles),
        (None, None) => Err(GateError::NoCategories),
    }
    .map_err(err)?;
    let flow = flow_with_data(&request.flow, &columns.category_names(policy)).map_err(err)?;
    let decision = engine.decide_json_in(&flow, request.lang);
    // A refusal after the decision is recorded with the decision, then returned.
    let refuse = |e: GateError, d: &Decision| -> Refusal {
        let attestation = Attestation {
            released: false,
            obligations: obligations_of(d),
            error: Some(e.code().to_owned()),
            input_sha256: hash_file(&request.data),
            report: None,
        };
        match attest(request, engine, &flow, d, &attestation) {
            Ok(()) => Refusal::Error(e, Some(Box::new(d.clone()))),
            Err(logged) => Refusal::Error(logged, Some(Box::new(d.clone()))),
        }
    };
    if !decision.is_allowed() {
        let attestation = Attestation {
            released: false,
            obligations: Vec::new(),
            error: None,
            input_sha256: hash_file(&request.data),
            report: None,
        };
        if let Err(e) = attest(request, engine, &flow, &decision, &attestation) {
            return Err(Refusal::Error(e, Some(Box::new(decision))));
        }
        return Err(Refusal::Denied(Box::new(decision)));
    }
    let plan = Plan::new(policy, &decision, &columns, request).map_err(|e| refuse(e, &decision))?;
    // Checked before anything is written: without a recipient, nothing is.
    let to = recipients(request, plan.encrypt).map_err(|e| refuse(e, &decision))?;
    let mut report = Report {
        columns: rows.header.clone(),
        sheet: source.sheet.clone(),
        ..Report::default()
    };
    plan.describe(&columns, &mut report);
    let mut out = output::Atomic::create(&request.output).map_err(|e| refuse(e, &decision))?;
    // The CSV file itself (not a rendering of a workbook or a table) can be read on every
    // core by the obligations that need every record.
    let threads = match request.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let mut whole =
        (source.file_hash.is_none() && source.relocate_free && threads > 1).then(|| plan::Whole {
            path: request.data.clone(),
            start: rows.start(),
            threads,
            digest: None,
        });
    let executed = write_release(
        &plan,
        &columns,
        &mut rows,
        out.writer(),
        &to,
        &mut report,
        source.progress.as_ref(),
        whole.as_mut(),
    );
    let released = match executed {
        Ok(r) => r,
        Err(e) => {
            drop(out);
            return Err(refuse(e, &decision));
        }
    };
    // The register first: a release that earlier ones would give away is refused.
    let to_register = match (&request.register, released) {
        (Some(reg), Some((dimensions, cells, k))) => {
            let release = register::Release {
                id: String::new(),
                time: String::new(),
                population: population(request),
                flow: decision.flow.clone(),
                dimensions,
                k,
                cells,
            };
            if let Err(e) = reg.check(&release) {
                drop(out);
                return Err(refuse(e, &decision));
            }
            Some((reg, release))
        }
        _ => None,
    };
    // Every row was read: the hash covers the whole file.
    let hashing = rows.into_reader();
    let digest = match whole.and_then(|w| w.digest) {
        Some(read) => Some(Some(read)),
        None => hashing.hash.map(digest::Sha256Behind::finish),
    };
    report.input_sha256 = match (source.file_hash.clone(), digest) {
        (Some(hash), _) => hash,
        (None, Some(Some(digest))) => format!("sha256:{}", crate::log::to_hex(&digest)),
        // Never attest a hash that was not computed.
        (None, _) => {
            drop(out);
            return Err(refuse(GateError::HashFailed, &decision));
        }
    };
    let sealed = out.seal().map_err(|e| refuse(e, &decision))?;
    report.output_sha256 = sealed.hash.clone();
    // Recorded before it goes out: a release recorded and then not published only makes
    // later checks stricter; one published and not recorded would escape them.
    if let Some((reg, release)) = to_register {
        report.registered = Some(reg.record(release).map_err(|e| refuse(e, &decision))?);
    }
    let attestation = Attestation {
        released: true,
        obligations: obligations_of(&decision),
        error: None,
        input_sha256: report.input_sha256.clone(),
        report: Some(report.clone()),
    };
    // Not logged, not released: the sealed file is dropped (removed) on error.
    attest(request, engine, &flow, &decision, &attestation)
        .map_err(|e| Refusal::Error(e, Some(Box::new(decision.clone()))))?;
    sealed
        .publish()
        .map_err(|e| Refusal::Error(e, Some(Box::new(decision.clone()))))?;
    Ok((decision, report))
}

/// Carries the plan out into `out`: in clear, or through an age stream to the recipients.
/// (The arguments are [`plan::execute`]'s and the recipients.)
#[cfg(feature = "gate-age")]
#[allow(clippy::too_many_arguments)]
fn write_release<R: Read, W: Write + Send>(
    plan: &Plan,
    columns: &Columns,
    rows: &mut input::Rows<R>,
    out: W,
    to: &[age::x25519::Recipient],
    report: &mut Report,
    progress: Option<&Progress>,
    whole: Option<&mut plan::Whole>,
) -> Result<Option<plan::Released>, GateError> {
    if to.is_empty() {
        return plan::execute(plan, columns, rows, out, report, progress, whole);
    }
    let mut stream = encrypt::writer(to, out)?;
    let released = plan::execute(plan, columns, rows, &mut stream, report, progress, whole)?;
    encrypt::finish(stream)?;
    report.encrypted_to = to.iter().map(ToString::to_string).collect();
    Ok(released)
}

/// Carries the plan out into `out` (a build without `gate-age` has no recipients).
#[cfg(not(feature = "gate-age"))]
#[allow(clippy::too_many_arguments)]
fn write_release<R: Read, W: Write + Send>(
    plan: &Plan,
    columns: &Columns,
    rows: &mut input::Rows<R>,
    out: W,
    _: &[()],
    report: &mut Report,
    progress: Option<&Progress>,
    whole: Option<&mut plan::Whole>,
) -> Result<Option<plan::Released>, GateError> {
    plan::execute(plan, columns, rows, out, report, progress, whole)
}

/// Writes one CSV row, each cell escaped against formulas.
pub(crate) fn write_row<W: Write>(
    w: &mut csv::Writer<W>,
    cells: impl IntoIterator<Item = impl AsRef<str>>,
) -> Result<(), GateError> {
    let io = |e: csv::Error| GateError::Io {
        path: String::new(),
        error: e.to_string(),
    };
    // Field by field, each escaped only when it must be: no copy of every cell of every row.
    for c in cells {
        w.write_field(output::escape_cell(c.as_ref()).as_bytes())
            .map_err(io)?;
    }
    w.write_record(std::iter::empty::<&[u8]>()).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(data: PathBuf, recipients: Vec<String>) -> Request {
        Request {
            recipients,
            ..Request::new("", data, "")
        }
    }

    /// A lean build names the feature a workbook, a columnar file or a recipient needs.
    #[test]
    fn what_this_build_cannot_read_or_encrypt_names_its_feature() {
        let dir = std::env::temp_dir().join(format!("mandate-gate-lean-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let book = dir.join("book.xlsx");
        std::fs::write(&book, b"PK\x03\x04 a zip that is no workbook").unwrap();
        let opened = open_data(&request(book, Vec::new())).err().unwrap();
        let given = recipients(&request(dir.join("x"), vec!["age1x".into()]), false);
        if cfg!(feature = "gate-xlsx") {
            assert_eq!(opened.code(), "gate.bad_workbook");
        } else {
            assert_eq!(opened.code(), "gate.needs_feature");
            assert!(opened.words(Lang::EN).contains("gate-xlsx"));
        }
        for (name, head) in [
            ("t.parquet", &b"PAR1 no footer"[..]),
            ("t.arrow", &b"ARROW1\0\0 no schema"[..]),
            ("t.arrows", &b"\xff\xff\xff\xff\x08\0\0\0"[..]),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, head).unwrap();
            let e = open_data(&request(path, Vec::new())).err().unwrap();
            if cfg!(feature = "gate-parquet") {
                assert_eq!(e.code(), "gate.bad_table", "{name}");
            } else {
                assert_eq!(e.code(), "gate.needs_feature", "{name}");
                assert!(e.words(Lang::EN).contains("gate-parquet"), "{name}");
            }
        }
        let e = given.err().unwrap();
        if cfg!(feature = "gate-age") {
            assert_eq!(e.code(), "gate.bad_recipient");
        } else {
            assert_eq!(e.code(), "gate.encryption_needs_feature");
            assert!(e.words(Lang::FR).contains("gate-age"));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
