//! `mandate validate PATH`.

use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::compile::loader;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A policy file, a pack folder, or a folder of packs (each sub-folder with `.policy`
    /// files is validated as its own pack).
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    library: LibraryArgs,
}

pub fn run(args: Args) -> u8 {
    let packs = if args.path.is_dir() {
        match loader::find_packs(&args.path) {
            Ok(p) if p.is_empty() => {
                let a = crate::words::args!("path" => args.path.display().to_string());
                eprintln!(
                    "{}",
                    super::error(&super::say("cli-validate-no-policy", &a))
                );
                return EXIT_ERROR;
            }
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}", super::error(&e.to_string()));
                return EXIT_ERROR;
            }
        }
    } else {
        vec![args.path.clone()]
    };

    let mut errors = 0;
    let mut warnings = 0;
    let mut reports = Vec::new();
    let stderr = codespan_reporting::term::termcolor::StandardStream::stderr(super::color_choice(
        std::io::stderr().is_terminal(),
    ));
    for path in &packs {
        let shown = path.display().to_string();
        let pack = match loader::compile_path(path, &args.library.lib) {
            Ok(pack) => pack,
            Err(e) => {
                errors += 1;
                match args.format {
                    Format::Text => eprintln!("{}", super::error(&e.to_string())),
                    Format::Json => reports.push(serde_json::json!({
                        "path": shown, "ok": false, "error": e.to_string(), "diagnostics": [],
                    })),
                }
                continue;
            }
        };
        let diagnostics = &pack.diagnostics;
        let pack_errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let pack_warnings = diagnostics.len() - pack_errors;
        errors += pack_errors;
        warnings += pack_warnings;
        let policy = pack.policy.as_ref();
        match args.format {
            Format::Text => {
                let mut lock = stderr.lock();
                let _ = crate::render::emit_in(super::lang(), &mut lock, &pack.sources, diagnostics);
                drop(lock);
                let path = crate::escape::visible(&shown).into_owned();
                let line = match policy {
                    Some(p) => super::say(
                        "cli-validate-ok",
                        &crate::words::args!(
                            "path" => path,
                            "policy" => crate::escape::visible(&p.name).into_owned(),
                            "categories" => p.categories.len(),
                            "subjects" => p.subjects.len(),
                            "purposes" => p.purposes.len(),
                            "kinds" => p.kinds.len(),
                            "parties" => p.parties.len(),
                            "agreements" => p.agreements.len(),
                            "rules" => p.rules.len(),
                            "warnings" => pack_warnings
                        ),
                    ),
                    None => super::say(
                        "cli-validate-failed",
                        &crate::words::args!(
                            "path" => path,
                            "errors" => pack_errors,
                            "warnings" => pack_warnings
                        ),
                    ),
                };
                println!("{line}");
            }
            Format::Json => reports.push(serde_json::json!({
                "path": shown,
                "ok": pack_errors == 0,
                "policy": policy.map(|p| p.name.clone()),
                "hash": policy.map(|p| p.hash.clone()),
                "diagnostics": diagnostics.iter().map(|d| d.to_json_in(&pack.sources, super::lang())).collect::<Vec<_>>(),
            })),
        }
    }
    if args.format == Format::Json {
        let out = serde_json::json!({ "packs": reports, "errors": errors, "warnings": warnings });
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        );
    }
    if errors > 0 {
        EXIT_ERROR
    } else if warnings > 0 && args.deny_warnings {
        EXIT_FINDING
    } else {
        EXIT_OK
    }
}
