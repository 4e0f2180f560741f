//! `mandate gate`: decide a flow on what a dataset holds and write a copy that meets every
//! obligation, or refuse and write nothing.

use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::gate::{self, Caps, GateError, Key, Refusal, Report, Request, Roles};
use crate::words::{self, args};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The policy pack folder (or a single policy file).
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// The flow as JSON: who sends to whom, for what; its `data` list gains the categories
    /// of the dataset's columns.
    #[arg(long, value_name = "FILE")]
    flow: PathBuf,
    /// The dataset: CSV in UTF-8 with a header row, and an HXL hashtag row under it unless
    /// --columns is given; or an XLSX workbook laid out the same way (feature `gate-xlsx`);
    /// or a Parquet or Arrow IPC file whose fields carry hashtags in their metadata (`hxl`)
    /// unless --columns is given (feature `gate-parquet`).
    #[arg(long, value_name = "FILE")]
    data: PathBuf,
    /// The worksheet to read from an XLSX workbook (default: the first).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// An age public key (age1…) to encrypt the release to (repeatable): required when the
    /// flow must be encrypted at rest; when given, the release is encrypted in any case
    /// (feature `gate-age`).
    #[arg(long = "recipient", value_name = "AGE1…")]
    recipients: Vec<String>,
    /// A file of age public keys, one per line (`#` comments), as --recipient.
    #[arg(long = "recipient-file", value_name = "FILE")]
    recipient_files: Vec<PathBuf>,
    /// Where to write the release (CSV, or Parquet for a name ending in .parquet or .pq).
    /// Written only when everything succeeds, atomically.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// The release's format, whatever the output's name: csv, or parquet (feature
    /// `gate-parquet`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    output_format: Option<OutputFormatArg>,
    /// A column map: CSV lines `column,category[,role]`, role `date`, `weight` or `sum`.
    #[arg(long = "columns", value_name = "FILE")]
    columns: Option<PathBuf>,
    /// The secret pseudonymisation key (at least 16 bytes); default: the environment
    /// variable MANDATE_GATE_KEY. Never printed or logged.
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
    /// The column (by header) holding each record's date, for retention.
    #[arg(long, value_name = "HEADER")]
    date_column: Option<String>,
    /// The column (by header) holding each record's sampling weight, for the risk estimate.
    #[arg(long, value_name = "HEADER")]
    weight_column: Option<String>,
    /// A numeric column (by header) to sum in each aggregate cell (repeatable).
    #[arg(long = "sum", value_name = "HEADER")]
    sums: Vec<String>,
    /// An aggregation dimension (header, category or hashtag) besides the policy's
    /// (repeatable).
    #[arg(long = "by", value_name = "DIMENSION")]
    by: Vec<String>,
    /// The longest cell accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Caps::default().cell)]
    max_cell_bytes: usize,
    /// Threads reading a CSV file for aggregation, k-anonymity and the risk bound; 0 (the
    /// default) uses every core, 1 reads on one. The release is the same whatever the
    /// number.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Record the run in the decision log in this folder (signed, hash-chained): the
    /// decision, the obligations, what was done to the data and the SHA-256 of input and
    /// output. A release that cannot be recorded is not written.
    #[arg(long, value_name = "DIR")]
    log: Option<PathBuf>,
    /// The key that signs the log, kept outside it (default: MANDATE_LOG_KEY, else
    /// ~/.config/mandate/log-signing.key; created with owner-only access if missing).
    #[arg(long, value_name = "FILE", env = "MANDATE_LOG_KEY", requires = "log")]
    log_key: Option<PathBuf>,
    /// The release register: each aggregate release is recorded here, and a new release
    /// about the same population is refused when, with an earlier one, it would give away a
    /// suppressed cell or isolate a group below k.
    #[arg(long, value_name = "DIR")]
    register: Option<PathBuf>,
    /// Which population the release is about, for the register (default: the flow's
    /// sender).
    #[arg(long, value_name = "LABEL", requires = "register")]
    population: Option<String>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    library: LibraryArgs,
}

/// The formats a release is written in.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormatArg {
    /// RFC 4180 CSV.
    Csv,
    /// Apache Parquet.
    Parquet,
}

fn read_key(args: &Args) -> Result<Option<Key>, GateError> {
    let bytes = match &args.key_file {
        Some(path) => std::fs::read(path).map_err(|e| GateError::Io {
            path: path.display().to_string(),
            error: e.to_string(),
        })?,
        None => match std::env::var_os(gate::pseudonymize::KEY_ENV) {
            Some(v) => v.into_encoded_bytes(),
            None => return Ok(None),
        },
    };
    Key::new(&bytes).map(Some)
}

fn read_text(path: &std::path::Path) -> Result<String, GateError> {
    std::fs::read_to_string(path).map_err(|e| GateError::Io {
        path: path.display().to_string(),
        error: e.to_string(),
    })
}

/// The request; with `--log`, a bad option or file met after the log is opened is recorded
/// in it as a refusal before the decision.
fn request(
    args: &Args,
    engine: &crate::Engine,
    progress: Option<gate::Progress>,
) -> Result<Request, GateError> {
    let log = match &args.log {
        Some(dir) => Some(
            super::log::open_signed(dir, args.log_key.as_deref())
                .map_err(|e| GateError::NotLogged { error: e.into() })?,
        ),
        None => None,
    };
    match (options(args, progress), log) {
        (Ok(mut request), log) => {
            request.log = log;
            Ok(request)
        }
        (Err(e), Some(log)) => {
            let flow = std::fs::read_to_string(&args.flow).unwrap_or_default();
            gate::attest_refusal(engine, &log, &flow, &args.data, &e, super::lang())?;
            Err(e)
        }
        (Err(e), None) => Err(e),
    }
}

/// The request from the options and the files they name, without the log.
fn options(args: &Args, progress: Option<gate::Progress>) -> Result<Request, GateError> {
    let register = args
        .register
        .as_deref()
        .map(gate::register::Register::open)
        .transpose()?;
    let mut recipients = args.recipients.clone();
    for file in &args.recipient_files {
        recipients.extend(read_text(file)?.lines().map(str::to_owned));
    }
    Ok(Request {
        sheet: args.sheet.clone(),
        recipients,
        progress,
        log: None,
        register,
        population: args.population.clone(),
        flow: read_text(&args.flow)?,
        data: args.data.clone(),
        output: args.output.clone(),
        output_format: match args.output_format {
            Some(OutputFormatArg::Csv) => gate::OutputFormat::Csv,
            Some(OutputFormatArg::Parquet) => gate::OutputFormat::Parquet,
            None => gate::OutputFormat::for_path(&args.output),
        },
        column_map: args.columns.as_deref().map(read_text).transpose()?,
        roles: Roles {
            date: args.date_column.clone(),
            weight: args.weight_column.clone(),
            sums: args.sums.clone(),
        },
        by: args.by.clone(),
        key: read_key(args)?,
        caps: Caps {
            cell: args.max_cell_bytes,
            row: Caps::default()
                .row
                .max(args.max_cell_bytes.saturating_mul(4)),
        },
        lang: super::lang(),
        threads: args.threads,
    })
}

pub fn run(args: Args) -> u8 {
    let lang = super::lang();
    let engine = match super::check::load_engine(&args.policy, &args.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let bar = progress_bar(&args.data);
    let result = request(&args, &engine, bar.as_ref().map(|b| b.1.clone()))
        .map_err(|e| Refusal::Error(e, None))
        .and_then(|r| gate::run(&engine, &r));
    if let Some((bar, _)) = bar {
        bar.finish_and_clear();
    }
    match (&result, args.format) {
        (Ok((decision, report)), Format::Json) => {
            println!(
                "{}",
                serde_json::json!({ "released": true, "decision": decision, "report": report })
            );
        }
        (Ok((_, report)), Format::Text) => {
            print!("{}", summary(&args.output.display().to_string(), report))
        }
        (Err(refusal), Format::Json) => {
            let (decision, error) = match refusal {
                Refusal::Denied(d) => (Some(d), None),
                Refusal::Error(e, d) => (
                    d.as_ref(),
                    Some(serde_json::json!({ "code": e.code(), "message": e.words(lang) })),
                ),
            };
            println!(
                "{}",
                serde_json::json!({ "released": false, "decision": decision, "error": error })
            );
        }
        (Err(refusal), Format::Text) => {
            match refusal {
                Refusal::Denied(d) => print!("{}", d.to_text_in(lang)),
                Refusal::Error(e, _) => eprintln!("{}", super::error(&e.words(lang))),
            }
            eprintln!("{}", words::message(lang, "gate-nothing-written", None));
        }
    }
    match &result {
        Ok(_) => EXIT_OK,
        Err(Refusal::Denied(_)) => EXIT_FINDING,
        Err(Refusal::Error(e, _)) if e.is_refusal() => EXIT_FINDING,
        Err(Refusal::Error(..)) => EXIT_ERROR,
    }
}

/// What was done, one line each, in words.
pub(super) fn summary(output: &str, report: &Report) -> String {
    let lang = super::lang();
    let v = |s: &str| crate::escape::visible(s).into_owned();
    let list = |l: &[String]| l.iter().map(|s| v(s)).collect::<Vec<_>>().join(", ");
    let mut out = Vec::new();
    out.push(words::message(
        lang,
        "gate-released",
        Some(&args!(
            "output" => v(output),
            "rows" => report.rows_out,
            "records" => report.records_in
        )),
    ));
    if !report.dropped.is_empty() {
        let a = args!("columns" => list(&report.dropped));
        out.push(words::message(lang, "gate-dropped", Some(&a)));
    }
    if !report.pseudonymized.is_empty() {
        let a = args!("columns" => list(&report.pseudonymized));
        out.push(words::message(lang, "gate-pseudonymized", Some(&a)));
    }
    if report.records_expired > 0 {
        let a = args!("count" => report.records_expired);
        out.push(words::message(lang, "gate-expired", Some(&a)));
    }
    if report.values_total > 0 {
        let share = gate::error::percent(
            lang,
            gate::error::ratio_bp(
                report.values_suppressed as usize,
                report.values_total as usize,
            ),
        );
        let a = args!(
            "count" => report.values_suppressed,
            "total" => report.values_total,
            "share" => share
        );
        out.push(words::message(lang, "gate-suppressed", Some(&a)));
    }
    if let Some(c) = &report.cells {
        let a = args!("total" => c.total, "primary" => c.primary, "secondary" => c.secondary);
        out.push(words::message(lang, "gate-cells", Some(&a)));
    }
    if let Some(k) = report.k {
        out.push(words::message(
            lang,
            "gate-measured-k",
            Some(&args!("k" => k)),
        ));
    }
    if let Some(r) = report.risk {
        let a = args!("risk" => words::percent_of(lang, r));
        out.push(words::message(lang, "gate-measured-risk", Some(&a)));
    }
    if !report.encrypted_to.is_empty() {
        let a = args!("recipients" => list(&report.encrypted_to));
        out.push(words::message(lang, "gate-encrypted", Some(&a)));
    }
    if let Some(id) = &report.registered {
        out.push(words::message(
            lang,
            "gate-registered",
            Some(&args!("id" => v(id))),
        ));
    }
    if !report.left_to_recipient.is_empty() {
        let a = args!("obligations" => list(&report.left_to_recipient));
        out.push(words::message(lang, "gate-left", Some(&a)));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// A gate run's attestation, from a log record, in words (for `log show`).
pub(super) fn attestation_text(value: &serde_json::Value) -> String {
    let lang = super::lang();
    let v = |s: &str| crate::escape::visible(s).into_owned();
    let Ok(a) = serde_json::from_value::<gate::Attestation>(value.clone()) else {
        return String::new();
    };
    let mut text = String::from("\n");
    match (&a.report, a.released) {
        (Some(report), true) => {
            let args = args!(
                "input" => v(&a.input_sha256),
                "output" => v(&report.output_sha256)
            );
            text.push_str(&words::message(lang, "gate-attested-released", Some(&args)));
            text.push('\n');
            text.push_str(&summary(&report.output_sha256, report));
        }
        _ => {
            let args = args!(
                "input" => v(&a.input_sha256),
                "code" => v(a.error.as_deref().unwrap_or("deny"))
            );
            text.push_str(&words::message(lang, "gate-attested-refused", Some(&args)));
            text.push('\n');
        }
    }
    text
}

/// A progress bar on stderr, only when stderr is a terminal (never in a pipe, a log or a
/// test), sized by the data file; the caller clears it when the run ends, however it ends.
fn progress_bar(data: &std::path::Path) -> Option<(indicatif::ProgressBar, gate::Progress)> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let length = std::fs::metadata(data).ok()?.len();
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(length),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {elapsed}")
    {
        bar.set_style(style);
    }
    // Redrawn on its own too, so that the elapsed time moves while a workbook's sheet is
    // converted before its rows are gated.
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    let shown = bar.clone();
    let progress = gate::Progress(std::sync::Arc::new(move |read| shown.set_position(read)));
    Some((bar, progress))
}
