//! `mandate check`: decide one flow, or many as JSON Lines.

use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::eval::{Decision, DenyKind, Outcome};
use crate::{Engine, PolicyError};
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The policy pack folder (or a single policy file).
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// The flow as JSON; `-` reads standard input. A `.jsonl` / `.ndjson` file, or `--lines`,
    /// holds one flow per line and gets one decision per line.
    #[arg(long, value_name = "FILE")]
    flow: PathBuf,
    /// Read JSON Lines (one flow per line) whatever the file is called.
    #[arg(long)]
    lines: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Append each decision to the decision log in this folder (hash-chained, durable).
    #[arg(long, value_name = "DIR")]
    log: Option<PathBuf>,
    /// Log flows as sent, without masking the fields that identify people.
    #[arg(long, requires = "log")]
    log_unmasked: bool,
    #[command(flatten)]
    library: LibraryArgs,
}

/// Exit code for one decision: 0 allow, 1 deny or review, 2 a flow that is in error.
pub fn exit_code(d: &Decision) -> u8 {
    match (d.decision, d.kind) {
        (Outcome::Allow, _) => EXIT_OK,
        (_, Some(DenyKind::Error)) => EXIT_ERROR,
        _ => EXIT_FINDING,
    }
}

/// Loads the engine for a command, printing policy errors the way `validate` does.
pub fn load_engine(policy: &std::path::Path, library: &LibraryArgs) -> Result<Engine, u8> {
    match Engine::from_path_with_library(policy, &library.lib) {
        Ok(engine) => Ok(engine),
        // The same rendering as `validate`: file:line:column, the source line, the fix.
        Err(PolicyError::Invalid {
            diagnostics,
            sources,
            ..
        }) => {
            let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
            eprint!("{}", crate::render::to_string(&sources, &errors));
            eprintln!(
                "error: the policy {} does not compile; no flow was checked",
                policy.display()
            );
            Err(EXIT_ERROR)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_ERROR)
        }
    }
}

pub fn run(args: Args) -> u8 {
    let engine = match load_engine(&args.policy, &args.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let lines = args.lines
        || args
            .flow
            .extension()
            .is_some_and(|e| e == "jsonl" || e == "ndjson");
    let input: Box<dyn Read> = if args.flow.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&args.flow) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("error: {}: {e}", args.flow.display());
                return EXIT_ERROR;
            }
        }
    };
    let log = match args.log.as_deref().map(crate::log::DecisionLog::open) {
        None => None,
        Some(Ok(mut log)) => {
            log.unmasked = args.log_unmasked;
            Some(log)
        }
        Some(Err(e)) => {
            eprintln!("error: cannot open the decision log: {e}");
            return EXIT_ERROR;
        }
    };
    let gate = Gate {
        engine: &engine,
        log: log.as_ref(),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let code = if lines {
        check_lines(&gate, input, &mut out, args.format)
    } else {
        check_one(&gate, input, &mut out, args.format)
    };
    if out.flush().is_err() {
        return EXIT_ERROR;
    }
    code
}

/// The engine, and the log every decision goes to when one is given.
struct Gate<'a> {
    engine: &'a Engine,
    log: Option<&'a crate::log::DecisionLog>,
}

impl Gate<'_> {
    /// Decides and logs. A decision that cannot be logged is not acted on: it becomes a deny
    /// of kind error (fail closed), and the error is reported.
    fn decide(&self, text: &str) -> Decision {
        let decision = self.engine.decide_json(text);
        let Some(log) = self.log else {
            return decision;
        };
        match log.append(self.engine.policy(), text, &decision) {
            Ok(_) => decision,
            Err(e) => {
                eprintln!("error: the decision could not be logged: {e}");
                Decision::error(
                    &decision.flow,
                    &decision.policy,
                    vec![crate::eval::InputError {
                        path: String::new(),
                        message: format!("the decision could not be logged ({e})"),
                    }],
                )
            }
        }
    }
}

fn check_one(
    engine: &Gate<'_>,
    mut input: Box<dyn Read>,
    out: &mut impl Write,
    format: Format,
) -> u8 {
    let mut text = String::new();
    // Read one byte past the limit so an oversized flow is reported as such.
    let limit = crate::eval::flow::MAX_FLOW_BYTES as u64 + 1;
    if let Err(e) = input.by_ref().take(limit).read_to_string(&mut text) {
        eprintln!("error: cannot read the flow: {e}");
        return EXIT_ERROR;
    }
    let decision = engine.decide(&text);
    let written = match format {
        Format::Json => writeln!(out, "{}", decision.to_json()),
        Format::Text => write!(out, "{}", decision.to_text()),
    };
    if written.is_err() {
        return EXIT_ERROR;
    }
    exit_code(&decision)
}

fn check_lines(
    engine: &Gate<'_>,
    input: Box<dyn Read>,
    out: &mut impl Write,
    format: Format,
) -> u8 {
    let mut worst = EXIT_OK;
    let reader = std::io::BufReader::with_capacity(1 << 16, input);
    let (mut allowed, mut denied, mut errors) = (0usize, 0usize, 0usize);
    for (n, line) in reader.lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: line {}: {e}", n + 1);
                return EXIT_ERROR;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let decision = engine.decide(&line);
        let code = exit_code(&decision);
        worst = worst.max(code);
        match code {
            EXIT_OK => allowed += 1,
            EXIT_FINDING => denied += 1,
            _ => errors += 1,
        }
        let written = match format {
            Format::Json => writeln!(out, "{}", decision.to_json()),
            Format::Text => writeln!(
                out,
                "line {}\t{}\t{}\t{}",
                n + 1,
                decision.flow,
                match (decision.decision, decision.kind) {
                    (Outcome::Allow, _) => "allow".to_owned(),
                    (o, Some(k)) => format!(
                        "{} ({})",
                        if o == Outcome::Review {
                            "review"
                        } else {
                            "deny"
                        },
                        crate::eval::kind_words(k)
                    ),
                    (_, None) => "deny".to_owned(),
                },
                decision.reason
            ),
        };
        if written.is_err() {
            return EXIT_ERROR;
        }
    }
    if format == Format::Text {
        let _ = writeln!(
            out,
            "{allowed} allowed, {denied} denied or held for review, {errors} in error"
        );
    }
    worst
}
