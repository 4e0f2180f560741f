//! `mandate lint DIR`: static analysis of a policy pack.

use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::compile::{self, loader};
use crate::diagnostic::Diagnostic;
use crate::model::Day;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The policy pack folder (or a single policy file).
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The day agreements are judged on (YYYY-MM-DD); today (UTC) when not given.
    #[arg(long, value_name = "DATE", value_parser = day)]
    today: Option<Day>,
    #[command(flatten)]
    library: LibraryArgs,
}

fn day(text: &str) -> Result<Day, String> {
    Day::parse(text)
        .ok_or_else(|| super::say("cli-lint-not-a-date", &crate::words::args!("text" => text)))
}

pub fn run(args: Args) -> u8 {
    let pack = match loader::load(&args.path, &args.library.lib) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", super::error(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    let output = compile::compile(&pack.sources, &pack.files);
    let mut diagnostics: Vec<Diagnostic> = pack.diagnostics;
    diagnostics.extend(output.diagnostics);
    let stderr = codespan_reporting::term::termcolor::StandardStream::stderr(super::color_choice(
        std::io::stderr().is_terminal(),
    ));
    let policy = match output.policy {
        Some(p) if !diagnostics.iter().any(Diagnostic::is_error) => p,
        _ => {
            let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
            let _ =
                crate::render::emit_in(super::lang(), &mut stderr.lock(), &pack.sources, &errors);
            let a = crate::words::args!("path" => args.path.display().to_string());
            let said = super::say("cli-lint-does-not-compile", &a);
            eprintln!("{}", super::error(&said));
            return EXIT_ERROR;
        }
    };
    let today = args
        .today
        .unwrap_or_else(|| Day(time::OffsetDateTime::now_utc().date()));
    // Compile warnings (a rule without `cite`) are findings too.
    diagnostics.extend(crate::tools::lint::lint(&policy, &pack.files, today));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        Format::Text => {
            let _ = crate::render::emit_in(
                super::lang(),
                &mut stderr.lock(),
                &pack.sources,
                &diagnostics,
            );
            let a = crate::words::args!(
                "path" => crate::escape::visible(&args.path.display().to_string()).into_owned(),
                "policy" => crate::escape::visible(&policy.name).into_owned(),
                "today" => today.to_string(),
                "errors" => errors,
                "warnings" => warnings
            );
            println!("{}", super::say("cli-lint-summary", &a));
        }
        Format::Json => {
            let out = serde_json::json!({
                "path": args.path.display().to_string(),
                "policy": policy.name,
                "hash": policy.hash,
                "today": today.to_string(),
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics.iter().map(|d| d.to_json_in(&pack.sources, super::lang())).collect::<Vec<_>>(),
            });
            let _ = writeln!(
                std::io::stdout().lock(),
                "{}",
                serde_json::to_string_pretty(&out).unwrap_or_default()
            );
        }
    }
    if errors > 0 { EXIT_FINDING } else { EXIT_OK }
}
