//! The `mandate` command line (feature `cli`). Each subcommand lives in its own module; this
//! one only parses arguments and maps outcomes to exit codes.

mod audit;
mod check;
mod compile;
mod diff;
mod diff_log;
mod explain;
mod fmt;
mod gate;
mod import;
mod init;
mod lint;
mod log;
mod option_errors;
mod replay;
mod serve;
mod test;
mod validate;
mod workbench;

use crate::words::Lang;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

/// Exit code: success (clean policy; allowed flow).
pub const EXIT_OK: u8 = 0;
/// Exit code: a finding that is not an error (warnings denied; a denied flow).
pub const EXIT_FINDING: u8 = 1;
/// Exit code: an error (the policy or the input is broken).
pub const EXIT_ERROR: u8 = 2;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

#[derive(Parser)]
#[command(
    name = "mandate",
    version,
    about = "Policy-as-code for humanitarian data protection: check proposed data flows against executable policies",
    long_about = None
)]
struct Cli {
    /// The language of the words (explanations, reasons, remedies, reports), by its code:
    /// `en` (the default), `fr`. Names, rule titles and citations stay as the policy wrote
    /// them. A language without a message file is an error listing those there are.
    #[arg(long, global = true, env = "MANDATE_LANG", value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).map_err(|e| e.to_string())
}

/// The language asked for with `--lang` or `MANDATE_LANG`, set once when the command line is
/// read (English until then).
static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of the words this run shows. Before the command line is parsed (while clap
/// checks an option's value, whose error is ours), it is read from the arguments and
/// `MANDATE_LANG` the way clap will read it; an unknown language is English until clap
/// reports it.
/// A decision-log error in the reader's language.
pub(crate) fn log_words(e: crate::log::LogError) -> String {
    crate::words::log_error(lang(), &e)
}

pub(crate) fn lang() -> Lang {
    LANG.get().copied().unwrap_or_else(|| {
        let mut args = std::env::args_os().skip(1);
        let mut asked = None;
        while let Some(arg) = args.next() {
            let arg = arg.to_string_lossy().into_owned();
            if arg == "--" {
                break;
            } else if arg == "--lang" {
                asked = args.next().map(|v| v.to_string_lossy().into_owned());
            } else if let Some(v) = arg.strip_prefix("--lang=") {
                asked = Some(v.to_owned());
            }
        }
        asked
            .or_else(|| std::env::var("MANDATE_LANG").ok())
            .and_then(|l| Lang::parse(&l).ok())
            .unwrap_or_default()
    })
}

/// The message `id` in the reader's language, with `args`.
pub(crate) fn say(id: &str, args: &crate::words::Args<'_>) -> String {
    crate::words::message(lang(), id, Some(args))
}

/// `error: MESSAGE` in the reader's language. `message` is escaped here: it may quote input.
pub(crate) fn error(message: &str) -> String {
    let message = crate::escape::visible(message);
    say(
        "cli-error",
        &crate::words::args!("message" => message.as_ref()),
    )
}

/// `warning: MESSAGE` in the reader's language, `message` escaped.
#[cfg_attr(not(feature = "host"), allow(dead_code))]
pub(crate) fn warning(message: &str) -> String {
    let message = crate::escape::visible(message);
    say(
        "cli-warning",
        &crate::words::args!("message" => message.as_ref()),
    )
}

/// `PATH: what went wrong` for a file or folder, in the reader's language, without the
/// `error:` prefix: for an error passed up as text and shown by [`error`].
pub(crate) fn file_trouble(path: &std::path::Path, e: &std::io::Error) -> String {
    crate::words::file_trouble(lang(), path, e)
}

#[derive(Subcommand)]
enum Command {
    /// Write a starter policy pack into a new or empty folder: a policy, parties, an
    /// agreement, an allow and a deny rule, two flows with expected decisions (exit 0
    /// written, 2 error).
    Init(init::Args),
    /// Check policy files for errors (exit 0 clean, 1 warnings with --deny-warnings, 2 errors).
    Validate(validate::Args),
    /// Decide whether proposed data flows may go (exit 0 allow, 1 deny or review, 2 error).
    Check(check::Args),
    /// Explain why a flow is allowed or denied, and what would make a denied flow allowed
    /// (exit 0 allow, 1 deny or review, 2 error).
    Explain(explain::Args),
    /// Run a pack's policy tests (`flows/expected.json`, `tests/*.json`), optionally with
    /// coverage (exit 0 all pass, 1 a failure or coverage below --min-coverage, 2 error).
    Test(test::Args),
    /// Format policy files canonically, keeping comments; --check lists files that would
    /// change (exit 0 formatted, 1 files would change with --check, 2 a file does not parse).
    Fmt(fmt::Args),
    /// Find mistakes a compiler cannot: rules that never apply, allows that denies always
    /// override, duplicate rules, expiring agreements, unused terms (exit 0 no errors, 1
    /// errors, 2 the policy does not compile).
    Lint(lint::Args),
    /// The semantic difference of two versions of a policy: every class of flow whose
    /// decision or obligations change, with the rule responsible and a witness flow (exit 0
    /// no difference, 1 differences, 2 error).
    Diff(diff::Args),
    /// Verify, query and re-explain a decision log (`check --log DIR` writes one) (verify:
    /// exit 0 intact, 1 not; 2 error).
    #[command(subcommand)]
    Log(log::Command),
    /// Serve decisions over HTTP for systems not written in Rust (reloads the policy on
    /// change; needs feature `serve`) (exit 0 after SIGTERM, 2 if it cannot start).
    Serve(serve::Args),
    /// Follow every path data can take through a data map and report each path that reaches
    /// a recipient it must not (exit 0 none denied, 1 some denied, 2 error).
    Audit(audit::AuditArgs),
    /// List every path by which data of a kind can reach a recipient of a kind, allowed or
    /// not, with the decision of each (exit 0 none found, 1 some found, 2 error).
    Reach(audit::ReachArgs),
    /// Data-map helpers: generate a synthetic map, print the map JSON Schema (exit 0, 2 on
    /// error).
    #[command(subcommand)]
    Map(audit::MapCommand),
    /// Decide a flow on what a dataset holds and, if allowed, write a copy of the data that
    /// meets every obligation (minimize, pseudonymize, retain, aggregate, k-anonymity,
    /// re-identification risk), or refuse and write nothing (exit 0 written, 1 denied or
    /// refused, 2 error).
    Gate(gate::Args),
    /// Compile a policy pack to its compiled JSON, or with --wasm to a self-contained WASM
    /// plugin (--wasm needs feature `plugin`) (exit 0, or 2 on error).
    Compile(compile::Args),
    /// Import an external vocabulary as a mandate vocabulary file, or a Fides project as a
    /// pack (exit 0, or 2 on error).
    #[command(subcommand)]
    Import(import::Source),
    /// Print the JSON Schema of the flow input (the same as schema/flow.schema.json) (exit 0).
    Schema,
    /// Write the policy workbench, a page that edits packs and decides flows in the browser
    /// on the WebAssembly build of the engine, as static files (needs feature `workbench`;
    /// `mandate serve` shows it at `/`) (exit 0, or 2 on error).
    Workbench(workbench::Args),
}

/// Options shared by every command that loads a policy.
#[derive(clap::Args, Clone, Debug)]
pub struct LibraryArgs {
    /// A folder holding shared vocabularies for `use vocabulary "…"` (repeatable; the pack's
    /// parent folder and MANDATE_PATH are searched too).
    #[arg(long = "lib", value_name = "DIR")]
    pub lib: Vec<PathBuf>,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(option_errors::report(e, lang())),
    };
    let _ = LANG.set(cli.lang.unwrap_or_default());
    let code = match cli.command {
        Command::Init(args) => init::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Test(args) => test::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Log(command) => log::run(command),
        Command::Serve(args) => serve::run(args),
        Command::Audit(args) => audit::run_audit(args),
        Command::Reach(args) => audit::run_reach(args),
        Command::Map(command) => audit::run_map(command),
        Command::Gate(args) => gate::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Import(source) => import::run(source),
        Command::Workbench(args) => workbench::run(args),
        Command::Schema => {
            print!("{}", crate::eval::flow::json_schema());
            EXIT_OK
        }
    };
    ExitCode::from(code)
}

/// Reports that `what` (the id of its message) needs a feature this build of mandate was made without, and how to
/// rebuild with it; returns the exit code of an error. Every command is listed in every
/// build, so a lean build answers with this instead of "unrecognized subcommand".
#[cfg_attr(
    all(feature = "serve", feature = "host", feature = "plugin"),
    allow(dead_code)
)]
pub(crate) fn needs_feature(what: &str, feature: &str) -> u8 {
    let what = crate::words::message(lang(), what, None);
    let a = crate::words::args!("what" => what, "feature" => feature);
    eprintln!(
        "{}\n  {}\n  {}",
        say("cli-needs-feature", &a),
        say("cli-needs-feature-install", &a),
        say("cli-needs-feature-run", &a)
    );
    EXIT_ERROR
}

/// Whether stderr/stdout should be coloured: only on a terminal, and never under NO_COLOR.
pub fn color_choice(stream_is_terminal: bool) -> codespan_reporting::term::termcolor::ColorChoice {
    use codespan_reporting::term::termcolor::ColorChoice;
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) || !stream_is_terminal {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    }
}
