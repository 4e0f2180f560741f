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
                eprintln!(
                    "error: {}: no `.policy` files in this folder or below it",
                    args.path.display()
                );
                return EXIT_ERROR;
            }
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {}", crate::escape::visible(&e.to_string()));
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
                    Format::Text => eprintln!("error: {}", crate::escape::visible(&e.to_string())),
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
                let _ = crate::render::emit(&mut lock, &pack.sources, diagnostics);
                drop(lock);
                match policy {
                    Some(p) => println!(
                        "{}: ok: \"{}\" — {} categories, {} subjects, {} purposes, {} party kinds, {} parties, {} agreements, {} rules{}",
                        crate::escape::Visible(&shown),
                        crate::escape::Visible(&p.name),
                        p.categories.len(),
                        p.subjects.len(),
                        p.purposes.len(),
                        p.kinds.len(),
                        p.parties.len(),
                        p.agreements.len(),
                        p.rules.len(),
                        if pack_warnings > 0 { format!(", {pack_warnings} warning(s)") } else { String::new() }
                    ),
                    None => println!(
                        "{}: {pack_errors} error(s), {pack_warnings} warning(s)",
                        crate::escape::Visible(&shown)
                    ),
                }
            }
            Format::Json => reports.push(serde_json::json!({
                "path": shown,
                "ok": pack_errors == 0,
                "policy": policy.map(|p| p.name.clone()),
                "hash": policy.map(|p| p.hash.clone()),
                "diagnostics": diagnostics.iter().map(|d| d.to_json(&pack.sources)).collect::<Vec<_>>(),
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
