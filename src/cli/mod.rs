//! The `mandate` command line (feature `cli`). Each subcommand lives in its own module; this
//! one only parses arguments and maps outcomes to exit codes.

mod check;
mod compile;
mod import;
mod validate;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check policy files for errors (exit 0 clean, 1 warnings with --deny-warnings, 2 errors).
    Validate(validate::Args),
    /// Decide whether proposed data flows may go (exit 0 allow, 1 deny or review, 2 error).
    Check(check::Args),
    /// Compile a policy pack to its compiled JSON, or with --wasm to a self-contained WASM plugin.
    Compile(compile::Args),
    /// Import an external vocabulary as a mandate vocabulary file.
    #[command(subcommand)]
    Import(import::Source),
    /// Print the JSON Schema of the flow input (the same as schema/flow.schema.json).
    Schema,
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
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Import(source) => import::run(source),
        Command::Schema => {
            print!("{}", crate::eval::flow::json_schema());
            EXIT_OK
        }
    };
    ExitCode::from(code)
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
