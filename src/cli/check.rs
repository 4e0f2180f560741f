//! `mandate check`: decide one flow, or many as JSON Lines.

use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::eval::{Decision, DenyKind, Outcome};
use crate::host::Limits;
#[cfg(feature = "host")]
use crate::host::Plugin;
use crate::{Engine, PolicyError};
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["policy", "plugin"])))]
pub struct Args {
    /// The policy pack folder (or a single policy file).
    #[arg(long, value_name = "DIR")]
    policy: Option<PathBuf>,
    /// A policy plugin (`mandate compile --wasm`), run sandboxed under wasmtime instead of
    /// the built-in engine (needs feature `host`).
    #[arg(long, value_name = "FILE.wasm")]
    plugin: Option<PathBuf>,
    #[command(flatten)]
    sandbox: SandboxArgs,
    /// The flow as JSON; `-` reads standard input. A `.jsonl` / `.ndjson` file, or `--lines`,
    /// holds one flow per line and gets one decision per line.
    #[arg(long, value_name = "FILE")]
    flow: PathBuf,
    /// Read JSON Lines (one flow per line) whatever the file is called.
    #[arg(long)]
    lines: bool,
    /// With JSON Lines: the longest line read, in bytes. A longer line is not read into
    /// memory: it gets a deny of kind error, and the lines after it are decided as usual.
    #[arg(long, value_name = "BYTES", default_value_t = crate::eval::flow::MAX_FLOW_BYTES)]
    max_line_bytes: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Append each decision to the decision log in this folder (hash-chained, durable). Needs
    /// --policy: the log stores the compiled policy so that decisions can be re-explained.
    #[arg(long, value_name = "DIR", conflicts_with = "plugin")]
    log: Option<PathBuf>,
    /// Log flows as sent, without masking the fields that identify people.
    #[arg(long, requires = "log")]
    log_unmasked: bool,
    /// The key that signs the log and the shadow log, kept outside them (default: MANDATE_LOG_KEY,
    /// else ~/.config/mandate/log-signing.key; created with owner-only access if missing).
    #[arg(long, value_name = "FILE", env = "MANDATE_LOG_KEY")]
    log_key: Option<PathBuf>,
    /// A candidate version of the policy (a pack folder or a policy file): every flow is
    /// also decided under it, and each flow it decides otherwise is reported on stderr. The
    /// answer and the exit code come from --policy only.
    #[arg(long, value_name = "DIR", conflicts_with = "plugin")]
    shadow: Option<PathBuf>,
    /// Append each flow the candidate decides otherwise to the decision log in this folder
    /// (the candidate's decision, hash-chained and signed with the log key, as --log).
    #[arg(long, value_name = "DIR", requires = "shadow")]
    shadow_log: Option<PathBuf>,
    #[command(flatten)]
    library: LibraryArgs,
}

/// The candidate policy of `--shadow`, with its disagreements log and what it saw.
struct Shadow {
    engine: Engine,
    log: Option<crate::log::DecisionLog>,
    decided: usize,
    disagreed: usize,
}

impl Shadow {
    fn load(args: &Args) -> Result<Option<Box<Shadow>>, u8> {
        let Some(path) = &args.shadow else {
            return Ok(None);
        };
        let engine = load_engine(path, &args.library)?;
        let log = match args.shadow_log.as_deref() {
            None => None,
            Some(dir) => match super::log::open_signed(dir, args.log_key.as_deref()) {
                Ok(log) => Some(log),
                Err(e) => {
                    let a = crate::words::args!("error" => super::log_words(e));
                    let said = super::say("cli-shadow-log-not-opened", &a);
                    eprintln!("{}", super::error(&said));
                    return Err(EXIT_ERROR);
                }
            },
        };
        Ok(Some(Box::new(Shadow {
            engine,
            log,
            decided: 0,
            disagreed: 0,
        })))
    }

    /// Decides `json` under the candidate too, and says so on stderr when it disagrees with
    /// `live`. Never changes the answer.
    fn judge(&mut self, json: &str, live: &Decision) {
        use crate::words::{self, args};
        let lang = super::lang();
        self.decided += 1;
        let verdict = crate::log::replay::Verdict::of(live);
        let Some((mut d, decision)) =
            crate::log::shadow::compare(&self.engine, json, &live.flow, verdict)
        else {
            return;
        };
        self.disagreed += 1;
        let logged = match &self.log {
            Some(log) => crate::log::shadow::record(log, &self.engine, json, &mut d, &decision),
            None => Ok(()),
        };
        eprintln!(
            "{}",
            words::message(
                lang,
                "shadow-disagrees",
                Some(&args!(
                    "flow" => crate::escape::visible(&d.flow).into_owned(),
                    "live" => super::replay::verdict_words(d.live, lang),
                    "candidate" => super::replay::verdict_words(d.candidate, lang)
                ))
            )
        );
        if let Err(e) = logged {
            eprintln!(
                "{}",
                words::message(
                    lang,
                    "shadow-not-logged",
                    Some(&args!("error" => crate::escape::visible(&e.to_string()).into_owned()))
                )
            );
        }
    }

    /// The summary line, on stderr.
    fn summary(&self) {
        use crate::words::{self, args};
        eprintln!(
            "{}",
            words::message(
                super::lang(),
                "shadow-summary",
                Some(&args!(
                    "disagreed" => self.disagreed,
                    "decided" => self.decided,
                    "policy" => crate::escape::visible(&self.engine.policy().hash).into_owned()
                ))
            )
        );
    }
}

/// The limits a plugin runs under (with `--plugin`). Listed in every build, so `--help` reads
/// the same; read only by builds that run plugins.
#[derive(clap::Args)]
#[cfg_attr(not(feature = "host"), allow(dead_code))]
struct SandboxArgs {
    /// Fuel for one decision (about one unit per WASM instruction); a plugin that runs out
    /// is stopped and the flow denied.
    #[arg(long, value_name = "N", default_value_t = Limits::default().fuel)]
    fuel: u64,
    /// The most memory the plugin may use, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().memory_bytes >> 20)]
    max_memory: usize,
    /// Where precompiled plugins are cached (default: $MANDATE_CACHE_DIR, else
    /// $XDG_CACHE_HOME/mandate or ~/.cache/mandate). It must be writable by you alone; each
    /// entry is authenticated with a secret key kept outside it ($MANDATE_CACHE_KEY, else
    /// $XDG_CONFIG_HOME/mandate/cache.key or ~/.config/mandate/cache.key, created on first use).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Compile the plugin on every start instead of caching it.
    #[arg(long)]
    no_cache: bool,
}

/// What decides the flows: the built-in engine (with the decision log, when one is kept) or
/// a plugin. A plugin that cannot be loaded still answers every flow, with a deny of kind
/// `error` (fail closed).
enum Decider {
    Engine(Engine, Option<crate::log::DecisionLog>, Option<Box<Shadow>>),
    #[cfg(feature = "host")]
    Plugin(Box<Plugin>),
    #[cfg(feature = "host")]
    Broken(String),
}

impl Decider {
    fn load(args: &Args) -> Result<Decider, u8> {
        let Some(path) = &args.plugin else {
            let policy = args
                .policy
                .as_deref()
                .expect("clap requires --policy or --plugin");
            let engine = load_engine(policy, &args.library)?;
            let signed = |dir| super::log::open_signed(dir, args.log_key.as_deref());
            let log = match args.log.as_deref().map(signed) {
                None => None,
                Some(Ok(mut log)) => {
                    log.unmasked = args.log_unmasked;
                    Some(log)
                }
                Some(Err(e)) => {
                    let a = crate::words::args!("error" => super::log_words(e));
                    eprintln!("{}", super::error(&super::say("cli-log-not-opened", &a)));
                    return Err(EXIT_ERROR);
                }
            };
            let shadow = Shadow::load(args)?;
            return Ok(Decider::Engine(engine, log, shadow));
        };
        #[cfg(not(feature = "host"))]
        {
            let _ = path;
            Err(super::needs_feature("cli-feature-check-plugin", "host"))
        }
        #[cfg(feature = "host")]
        Self::load_plugin(path, &args.sandbox)
    }

    /// Loads a plugin to decide with, under the sandbox's limits.
    #[cfg(feature = "host")]
    fn load_plugin(path: &std::path::Path, sandbox: &SandboxArgs) -> Result<Decider, u8> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}", crate::words::file_error(super::lang(), path, &e));
                return Err(EXIT_ERROR);
            }
        };
        let limits = Limits {
            fuel: sandbox.fuel,
            memory_bytes: sandbox.max_memory.saturating_mul(1 << 20),
            cache_dir: if sandbox.no_cache {
                None
            } else {
                sandbox
                    .cache_dir
                    .clone()
                    .or_else(crate::host::default_cache_dir)
            },
            ..Limits::default()
        };
        Ok(match Plugin::load(&bytes, limits) {
            Ok(plugin) => {
                for warning in plugin.warnings() {
                    let words = crate::words::cache_warning(super::lang(), warning);
                    eprintln!("{}", super::warning(&words));
                }
                Decider::Plugin(Box::new(plugin))
            }
            Err(e) => {
                // The error can quote the plugin's own text (an import's name).
                let error = crate::words::host_error(super::lang(), &e);
                let a = crate::words::args!(
                    "path" => path.display().to_string(),
                    "error" => error.clone()
                );
                eprintln!("{}", super::error(&super::say("cli-plugin-broken", &a)));
                Decider::Broken(error)
            }
        })
    }

    /// The decision. A plugin's answer is checked and kept as a decision only: what is
    /// printed is always this host's serialisation of it, never the plugin's bytes.
    fn decide(&mut self, json: &str) -> Decision {
        match self {
            Decider::Engine(engine, log, shadow) => {
                let decision = logged(engine, log.as_ref(), json);
                if let Some(shadow) = shadow {
                    shadow.judge(json, &decision);
                }
                decision
            }
            #[cfg(feature = "host")]
            Decider::Plugin(plugin) => plugin.decide_json_in(json, super::lang()).decision,
            #[cfg(feature = "host")]
            Decider::Broken(message) => {
                let id = serde_json::from_str::<serde_json::Value>(json)
                    .ok()
                    .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned))
                    .unwrap_or_default();
                Decision::fault(&id, "", message)
            }
        }
    }
}

impl Decider {
    /// Decides a flow given as bytes: one that is not UTF-8 (or was cut at the size limit)
    /// still gets a decision, a deny of kind error, never a read error without one.
    fn decide_bytes(&mut self, bytes: &[u8]) -> Decision {
        use crate::reason::Problem;
        let problem = if bytes.len() > crate::eval::flow::MAX_FLOW_BYTES {
            Problem::TooLarge {
                bytes: bytes.len(),
                max: crate::eval::flow::MAX_FLOW_BYTES,
            }
        } else {
            match std::str::from_utf8(bytes) {
                Ok(text) => return self.decide(text),
                Err(e) => Problem::NotUtf8 {
                    offset: e.valid_up_to(),
                },
            }
        };
        self.refuse(bytes, problem)
    }

    /// A deny of kind error for input that never reached the decider (logged as any other
    /// decision, with the flow's text made valid).
    fn refuse(&mut self, bytes: &[u8], problem: crate::reason::Problem) -> Decision {
        let error = vec![crate::eval::InputError::new("", problem)];
        match self {
            Decider::Engine(engine, log, _) => {
                let decision = Decision::error_in("", &engine.policy().hash, error, super::lang());
                let text = String::from_utf8_lossy(bytes);
                record(engine, log.as_ref(), &text, decision)
            }
            #[cfg(feature = "host")]
            Decider::Plugin(plugin) => {
                Decision::error_in("", plugin.policy_hash(), error, super::lang())
            }
            #[cfg(feature = "host")]
            Decider::Broken(message) => Decision::fault("", "", message),
        }
    }
}

/// Decides and logs. A decision that cannot be logged is not acted on: it becomes a deny of
/// kind error (fail closed), and the error is reported.
fn logged(engine: &Engine, log: Option<&crate::log::DecisionLog>, json: &str) -> Decision {
    record(
        engine,
        log,
        json,
        engine.decide_json_in(json, super::lang()),
    )
}

/// Logs a decision taken on `json`; as [`logged`].
fn record(
    engine: &Engine,
    log: Option<&crate::log::DecisionLog>,
    json: &str,
    decision: Decision,
) -> Decision {
    let Some(log) = log else {
        return decision;
    };
    match log.append(engine.policy(), json, &decision) {
        Ok(_) => decision,
        Err(e) => {
            let error = super::log_words(e);
            let a = crate::words::args!("error" => error.as_str());
            eprintln!("{}", super::error(&super::say("cli-not-logged", &a)));
            Decision::fault(
                &decision.flow,
                &decision.policy,
                &super::say("cli-not-logged-detail", &a),
            )
        }
    }
}

/// A decision in one word, and its kind, as a line of `check --lines` or `log query` shows
/// it: `allow`, `deny (forbidden)`, `review (needs approval)`, in the reader's words.
pub(super) fn line_verdict(decision: Outcome, kind: Option<DenyKind>) -> String {
    let lang = super::lang();
    let word = |id: &str| crate::words::message(lang, id, None);
    let head = match decision {
        Outcome::Allow => return word("cli-line-allow"),
        Outcome::Review => word("cli-line-review"),
        Outcome::Deny => word("cli-line-deny"),
    };
    match kind {
        Some(k) => super::say(
            "cli-line-with-kind",
            &crate::words::args!(
                "verdict" => head,
                "kind" => crate::eval::kind_words_in(k, lang)
            ),
        ),
        None => head,
    }
}

/// Writes a decision as one line of JSON.
fn write_json(out: &mut impl Write, decision: &Decision) -> std::io::Result<()> {
    writeln!(out, "{}", decision.to_json())
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
            eprint!(
                "{}",
                crate::render::to_string_in(super::lang(), &sources, &errors)
            );
            let a = crate::words::args!("path" => policy.display().to_string());
            let said = super::say("cli-policy-does-not-compile", &a);
            eprintln!("{}", super::error(&said));
            Err(EXIT_ERROR)
        }
        Err(e) => {
            eprintln!("{}", super::error(&e.to_string()));
            Err(EXIT_ERROR)
        }
    }
}

pub fn run(args: Args) -> u8 {
    let mut decider = match Decider::load(&args) {
        Ok(d) => d,
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
                eprintln!(
                    "{}",
                    crate::words::file_error(super::lang(), &args.flow, &e)
                );
                return EXIT_ERROR;
            }
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let code = if lines {
        check_lines(
            &mut decider,
            input,
            &mut out,
            args.format,
            args.max_line_bytes,
        )
    } else {
        check_one(&mut decider, input, &mut out, args.format)
    };
    if out.flush().is_err() {
        return EXIT_ERROR;
    }
    if let Decider::Engine(_, _, Some(shadow)) = &decider {
        shadow.summary();
    }
    code
}

fn check_one(
    decider: &mut Decider,
    mut input: Box<dyn Read>,
    out: &mut impl Write,
    format: Format,
) -> u8 {
    let mut bytes = Vec::new();
    // Read one byte past the limit so an oversized flow is reported as such; as bytes, so
    // that a flow cut inside a character, or not UTF-8 at all, still gets a decision.
    let limit = crate::eval::flow::MAX_FLOW_BYTES as u64 + 1;
    if let Err(e) = input.by_ref().take(limit).read_to_end(&mut bytes) {
        let a = crate::words::args!("error" => e.to_string());
        eprintln!("{}", super::error(&super::say("cli-flow-unreadable", &a)));
        return EXIT_ERROR;
    }
    let decision = decider.decide_bytes(&bytes);
    let written = match format {
        Format::Json => write_json(out, &decision),
        Format::Text => write!(out, "{}", decision.to_text_in(super::lang())),
    };
    if written.is_err() {
        return EXIT_ERROR;
    }
    exit_code(&decision)
}

/// One line of JSON Lines input, read with a cap on its length.
enum Line {
    /// The line's bytes, without the line break.
    Read(Vec<u8>),
    /// Longer than the cap: the rest of it was skipped, not kept.
    TooLong,
}

/// Reads the next line of at most `max` bytes (the line break not counted); a longer line is
/// read through to its end without being kept. `None` at the end of the input.
fn read_line(input: &mut impl BufRead, max: usize) -> std::io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (part, used, end) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], i + 1, true),
            None => (buf, buf.len(), false),
        };
        if !too_long {
            if line.len() + part.len() > max {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(part);
            }
        }
        input.consume(used);
        if end {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => None,
        (true, true) => Some(Line::TooLong),
        (true, false) => {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            Some(Line::Read(line))
        }
    })
}

fn check_lines(
    decider: &mut Decider,
    input: Box<dyn Read>,
    out: &mut impl Write,
    format: Format,
    max_line: usize,
) -> u8 {
    let mut worst = EXIT_OK;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let (mut allowed, mut denied, mut errors) = (0usize, 0usize, 0usize);
    for n in 0usize.. {
        let line = match read_line(&mut reader, max_line) {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                let a = crate::words::args!("line" => n + 1, "error" => e.to_string());
                eprintln!("{}", super::error(&super::say("cli-line-unreadable", &a)));
                return EXIT_ERROR;
            }
        };
        let decision = match line {
            Line::Read(bytes) if bytes.trim_ascii().is_empty() => continue,
            Line::Read(bytes) => decider.decide_bytes(&bytes),
            Line::TooLong => {
                decider.refuse(b"", crate::reason::Problem::LineTooLong { max: max_line })
            }
        };
        let code = exit_code(&decision);
        worst = worst.max(code);
        match code {
            EXIT_OK => allowed += 1,
            EXIT_FINDING => denied += 1,
            _ => errors += 1,
        }
        let written = match format {
            Format::Json => write_json(out, &decision),
            Format::Text => writeln!(
                out,
                "{}\t{}\t{}\t{}",
                super::say("cli-check-line", &crate::words::args!("line" => n + 1)),
                crate::escape::Visible(&decision.flow),
                line_verdict(decision.decision, decision.kind),
                crate::escape::Visible(&decision.reason)
            ),
        };
        if written.is_err() {
            return EXIT_ERROR;
        }
    }
    if format == Format::Text {
        let summary = crate::words::message(
            super::lang(),
            "check-lines-summary",
            Some(
                &crate::words::args!("allowed" => allowed, "denied" => denied, "errors" => errors),
            ),
        );
        let _ = writeln!(out, "{summary}");
    }
    worst
}

#[cfg(test)]
mod tests {
    use super::{Line, read_line};

    /// Reads every line of `input` through a small buffer (so lines cross buffer ends).
    fn lines(input: &[u8], max: usize) -> Vec<Option<Vec<u8>>> {
        let mut reader = std::io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        while let Some(line) = read_line(&mut reader, max).expect("in memory") {
            out.push(match line {
                Line::Read(bytes) => Some(bytes),
                Line::TooLong => None,
            });
        }
        out
    }

    #[test]
    fn lines_are_capped_and_reading_goes_on_after_a_long_one() {
        let input = b"abc\r\n0123456789abcdef\n\xff\nlast";
        assert_eq!(
            lines(input, 8),
            [
                Some(b"abc".to_vec()),
                None,
                Some(b"\xff".to_vec()),
                Some(b"last".to_vec())
            ]
        );
        // At the cap exactly, a line is read.
        assert_eq!(lines(b"12345678\n", 8), [Some(b"12345678".to_vec())]);
        assert_eq!(lines(b"", 8), Vec::<Option<Vec<u8>>>::new());
        assert_eq!(lines(b"\n\n", 8), [Some(vec![]), Some(vec![])]);
    }
}
