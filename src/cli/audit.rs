//! `mandate audit`, `mandate reach` and `mandate map`: whole data maps.

use super::check::load_engine;
use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, LibraryArgs};
use crate::Engine;
use crate::map::{Analysis, Map, ReachQuery, Timings, analyse_timed};
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of `audit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// For people: every denied path with its failing hop, rules and citations.
    Text,
    /// For programs: the summary and every denied path with its full decision.
    Json,
    /// A Graphviz picture of the map: denied transfers in red with the reason.
    Dot,
}

/// Formats of the DPIA draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DpiaFormat {
    /// A Markdown document to review, complete and sign.
    Markdown,
    /// The same content for programs.
    Json,
}

#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  mandate audit --policy policies/humanitarian-baseline \\\n      --map policies/humanitarian-baseline/maps/kakuma-registration.toml\n\nEach hop is judged as a flow with the hop before it as its chain, so purpose limitation,\nupstream agreements that forbid onward transfer and `no onward transfer` obligations apply.\nExit codes: 0 no path denied, 1 some path denied, 2 error (bad policy or map)."
)]
pub struct AuditArgs {
    /// The policy pack folder (or a single policy file).
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// The data map (TOML: systems, datasets, standing transfers; see docs/maps.md).
    #[arg(long, value_name = "FILE")]
    map: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    format: AuditFormat,
    /// Also draw the map as SVG into this file (needs Graphviz's `dot` on PATH).
    #[arg(long, value_name = "OUT")]
    svg: Option<PathBuf>,
    /// List at most this many denied paths (one per failing transfer and reason); the
    /// summary always counts them all. 0 prints the summary only.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_paths: usize,
    /// Also write a draft data protection impact assessment of the map into this file: each
    /// processing operation, each denied or held path as a finding, the obligations as
    /// measures, and the questions a data protection officer must still answer.
    #[arg(long, value_name = "OUT")]
    dpia: Option<PathBuf>,
    /// The format of the DPIA draft.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = DpiaFormat::Markdown, requires = "dpia")]
    dpia_format: DpiaFormat,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    library: LibraryArgs,
}

/// How `audit` and `reach` run.
#[derive(clap::Args)]
struct RunArgs {
    /// Threads to judge the map's hops on; 0 (the default) uses every core. The report is
    /// the same whatever the number.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Print the wall time of each phase (reading, parsing, checking, the analysis's
    /// phases, the report, writing) on stderr when done; never in the output itself.
    #[arg(long)]
    timings: bool,
}

/// Prints `timings` on stderr, one phase a line, with the total and the number of threads.
fn print_timings(timings: &Timings, threads: usize) {
    use crate::words::{args, message};
    let lang = super::lang();
    let seconds = |d: std::time::Duration| format!("{:.3}", d.as_secs_f64());
    let mut out = String::new();
    for &(phase, spent) in timings.phases() {
        let a = args!("phase" => phase, "seconds" => seconds(spent));
        out.push_str(&message(lang, "map-timing", Some(&a)));
        out.push('\n');
    }
    let threads = if threads == 0 {
        rayon::current_num_threads()
    } else {
        threads
    };
    let a = args!("seconds" => seconds(timings.total()), "threads" => threads);
    out.push_str(&message(lang, "map-timing-total", Some(&a)));
    out.push('\n');
    eprint!("{out}");
}

#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  mandate reach --policy policies/humanitarian-baseline \\\n      --map policies/humanitarian-baseline/maps/kakuma-registration.toml \\\n      --category personal.protection_case --to-kind donor\n\nA path matches --category when it carries that category or one within it (a path carrying\npersonal.health.hiv matches personal.health). Data that does not state its subjects matches\nany --subject. Exit codes: 0 no matching path, 1 some path found, 2 error."
)]
pub struct ReachArgs {
    /// The policy pack folder (or a single policy file).
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// The data map (TOML).
    #[arg(long, value_name = "FILE")]
    map: PathBuf,
    /// Data within this category (or containing it).
    #[arg(long, value_name = "C")]
    category: Option<String>,
    /// Arriving at a party of this kind, or a narrower kind (e.g. `donor`, `state_authority`).
    #[arg(long, value_name = "K")]
    to_kind: Option<String>,
    /// Arriving at this party.
    #[arg(long, value_name = "PARTY")]
    to: Option<String>,
    /// About these data subjects (or narrower ones).
    #[arg(long, value_name = "S")]
    subject: Option<String>,
    /// Sent on the last hop for this purpose (or a narrower one).
    #[arg(long, value_name = "P")]
    purpose: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = super::Format::Text)]
    format: super::Format,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    library: LibraryArgs,
}

/// `mandate map …`.
#[derive(clap::Subcommand)]
pub enum MapCommand {
    /// Write a synthetic map for the baseline pack (for benchmarks and scale tests).
    Generate {
        /// Number of systems.
        #[arg(long, default_value_t = 1000)]
        systems: usize,
        /// Number of standing transfers.
        #[arg(long, default_value_t = 10_000)]
        transfers: usize,
        /// Seed: the same seed gives the same map.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print the JSON Schema of a data-map file (the same as schema/map.schema.json).
    Schema,
}

fn load(
    policy: &Path,
    map: &Path,
    library: &LibraryArgs,
    timings: &mut Timings,
) -> Result<(Engine, Map), u8> {
    let engine = timings.time("policy", || load_engine(policy, library))?;
    match Map::from_path_timed(map, engine.policy(), timings) {
        Ok(m) => Ok((engine, m)),
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("{}", super::error(&e.words(super::lang())));
            }
            let a = crate::words::args!(
                "map" => crate::escape::visible(&map.display().to_string()).into_owned(),
                "count" => errors.0.len()
            );
            eprintln!("{}", super::error(&super::say("cli-map-has-problems", &a)));
            Err(EXIT_ERROR)
        }
    }
}

/// Runs `command` on a pool of `threads` threads (0: every core): reading the map, the
/// analysis and the report all use that pool, so `--threads 1` is one thread throughout.
fn on_threads(threads: usize, command: impl FnOnce() -> u8 + Send) -> u8 {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(command),
        Err(e) => {
            let a = crate::words::args!("threads" => threads, "error" => e.to_string());
            eprintln!(
                "{}",
                super::error(&super::say("cli-threads-not-started", &a))
            );
            EXIT_ERROR
        }
    }
}

/// Follows every path of `map` on the current thread pool, with a progress bar on stderr
/// when the run passes a second, stderr is a terminal and `quiet` is false (JSON output
/// draws none).
fn run_analysis<'a>(
    engine: &'a Engine,
    map: &'a Map,
    query: Option<&ReachQuery>,
    quiet: bool,
    timings: &mut Timings,
) -> Analysis<'a> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    use std::time::{Duration, Instant};
    let show = !quiet && std::io::stderr().is_terminal();
    let start = Instant::now();
    let mut bar: Option<ProgressBar> = None;
    let analysis = {
        let mut progress = |done: usize, known: usize| {
            if !show || start.elapsed() < Duration::from_secs(1) {
                return;
            }
            let bar = bar.get_or_insert_with(|| {
                let bar =
                    ProgressBar::with_draw_target(Some(known as u64), ProgressDrawTarget::stderr());
                if let Ok(style) =
                    ProgressStyle::with_template("{elapsed_precise} {wide_bar} {pos}/{len} {msg}")
                {
                    bar.set_style(style);
                }
                bar.set_message(crate::words::message(super::lang(), "map-progress", None));
                bar
            });
            bar.set_length(known as u64);
            bar.set_position(done as u64);
        };
        analyse_timed(engine, map, query, &mut progress, timings)
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    analysis
}

fn emit(text: &str) -> Result<(), u8> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|_| EXIT_ERROR)
}

/// Pipes DOT text through Graphviz into an SVG file.
fn svg(dot: &str, out: &Path) -> Result<(), String> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .arg("-o")
        .arg(out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => dot_words("cli-dot-missing", ""),
            _ => dot_words("cli-dot-not-run", &e.to_string()),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot.as_bytes())
            .map_err(|e| dot_words("cli-dot-not-written", &e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| dot_words("cli-dot-failed", &e.to_string()))?;
    if !output.status.success() {
        return Err(dot_words(
            "cli-dot-failed",
            String::from_utf8_lossy(&output.stderr).trim(),
        ));
    }
    Ok(())
}

/// What went wrong with Graphviz, in the reader's words.
fn dot_words(id: &str, error: &str) -> String {
    super::say(id, &crate::words::args!("error" => error))
}

pub fn run_audit(args: AuditArgs) -> u8 {
    let mut timings = Timings::default();
    let code = on_threads(args.run.threads, || audit(&args, &mut timings));
    if args.run.timings {
        print_timings(&timings, args.run.threads);
    }
    code
}

fn audit(args: &AuditArgs, timings: &mut Timings) -> u8 {
    let (engine, map) = match load(&args.policy, &args.map, &args.library, timings) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let quiet = args.format == AuditFormat::Json;
    let analysis = run_analysis(&engine, &map, None, quiet, timings);
    let text = timings.time("report", || match args.format {
        AuditFormat::Text => analysis.audit_text_in(args.max_paths, super::lang()),
        AuditFormat::Json => analysis.audit_json_in(args.max_paths, super::lang()),
        AuditFormat::Dot => analysis.dot_in(super::lang()),
    });
    if let Err(code) = timings.time("write", || emit(&text)) {
        return code;
    }
    if let Some(out) = &args.svg
        && let Err(e) = svg(&analysis.dot_in(super::lang()), out)
    {
        eprintln!("{}", super::error(&e.to_string()));
        return EXIT_ERROR;
    }
    if let Some(out) = &args.dpia {
        let lang = super::lang();
        let dpia = timings.time("dpia", || analysis.dpia(lang));
        let text = match args.dpia_format {
            DpiaFormat::Markdown => dpia.to_markdown(lang),
            DpiaFormat::Json => dpia.to_json(),
        };
        if let Err(e) = crate::log::write_whole(out, text.as_bytes()) {
            let a = crate::words::args!(
                "path" => crate::escape::visible(&out.display().to_string()).into_owned(),
                "error" => e.to_string()
            );
            eprintln!("{}", super::error(&super::say("cli-dpia-not-written", &a)));
            return EXIT_ERROR;
        }
    }
    let code = if analysis.has_errors() {
        EXIT_ERROR
    } else if analysis.stats.paths_denied > 0 {
        EXIT_FINDING
    } else {
        EXIT_OK
    };
    // Freeing the analysis and the map is part of the run's wall time.
    timings.time("free", || drop(analysis));
    timings.time("free", || drop(map));
    code
}

pub fn run_reach(args: ReachArgs) -> u8 {
    let mut timings = Timings::default();
    let code = on_threads(args.run.threads, || reach(&args, &mut timings));
    if args.run.timings {
        print_timings(&timings, args.run.threads);
    }
    code
}

fn reach(args: &ReachArgs, timings: &mut Timings) -> u8 {
    let (engine, map) = match load(&args.policy, &args.map, &args.library, timings) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let query = match ReachQuery::resolve_in(
        super::lang(),
        engine.policy(),
        args.category.as_deref(),
        args.to.as_deref(),
        args.to_kind.as_deref(),
        args.subject.as_deref(),
        args.purpose.as_deref(),
    ) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("{}", super::error(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    let quiet = args.format == super::Format::Json;
    let analysis = run_analysis(&engine, &map, Some(&query), quiet, timings);
    let hits = analysis.hits.clone();
    let lang = super::lang();
    let mut question = Vec::new();
    for (id, value) in [
        ("map-question-category", &args.category),
        ("map-question-to-kind", &args.to_kind),
        ("map-question-to", &args.to),
        ("map-question-subject", &args.subject),
        ("map-question-purpose", &args.purpose),
    ] {
        if let Some(v) = value {
            let a = crate::words::args!("value" => v.as_str());
            question.push(crate::words::message(lang, id, Some(&a)));
        }
    }
    let question = if question.is_empty() {
        crate::words::message(lang, "map-question-any", None)
    } else {
        question.join(", ")
    };
    let text = timings.time("report", || match args.format {
        super::Format::Text => analysis.reach_text_in(&hits, &question, lang),
        super::Format::Json => analysis.reach_json_in(&hits, lang),
    });
    if let Err(code) = timings.time("write", || emit(&text)) {
        return code;
    }
    timings.time("free", || drop(analysis));
    timings.time("free", || drop(map));
    if hits.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDING
    }
}

pub fn run_map(command: MapCommand) -> u8 {
    let text = match command {
        MapCommand::Generate {
            systems,
            transfers,
            seed,
        } => crate::map::generate::generate(systems, transfers, seed),
        MapCommand::Schema => crate::map::file::json_schema(),
    };
    match emit(&text) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}
