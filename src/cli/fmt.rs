//! `mandate fmt [--check] PATH…`: formats policy files in place, or (`--check`) lists the
//! files that are not formatted.

use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK};
use crate::compile::loader::MAX_FOLDER_DEPTH;
use crate::source::SourceMap;
use crate::tools::fmt::{FmtError, format};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or folders whose `.policy` files (at any depth) are formatted.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that would change and exit 1 if there are any (for CI).
    #[arg(long)]
    check: bool,
}

/// Adds `path`, or the `.policy` files under it, to `out`. The walk is bounded like the
/// policy loader's: a folder that links back into one being walked is skipped (it would
/// otherwise be formatted again and again until the path grew too long), and a tree deeper
/// than [`MAX_FOLDER_DEPTH`] is an error.
fn collect(path: &Path, out: &mut Vec<PathBuf>, open: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_owned());
        return Ok(());
    }
    let canonical = std::fs::canonicalize(path)?;
    if open.contains(&canonical) {
        return Ok(());
    }
    if open.len() > MAX_FOLDER_DEPTH {
        let a = crate::words::args!("max" => MAX_FOLDER_DEPTH);
        return Err(std::io::Error::other(super::say("cli-fmt-too-deep", &a)));
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    open.push(canonical);
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out, open)?;
        } else if entry.extension().is_some_and(|e| e == "policy") {
            out.push(entry);
        }
    }
    open.pop();
    Ok(())
}

pub fn run(args: Args) -> u8 {
    let mut files = Vec::new();
    for path in &args.paths {
        if !path.exists() {
            let e = std::io::Error::from(std::io::ErrorKind::NotFound);
            eprintln!("{}", crate::words::file_error(super::lang(), path, &e));
            return EXIT_ERROR;
        }
        if let Err(e) = collect(path, &mut files, &mut Vec::new()) {
            eprintln!("{}", crate::words::file_error(super::lang(), path, &e));
            return EXIT_ERROR;
        }
    }
    let stderr = codespan_reporting::term::termcolor::StandardStream::stderr(super::color_choice(
        std::io::stderr().is_terminal(),
    ));
    let (mut errors, mut changed) = (0usize, 0usize);
    for path in &files {
        // File names come from a folder listing: escaped before they reach the terminal.
        let shown =
            crate::escape::visible(&path.display().to_string().replace('\\', "/")).into_owned();
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                let said = super::say("cli-fmt-not-utf8", &path_args(&shown));
                eprintln!("{}", super::error(&said));
                errors += 1;
                continue;
            }
            Err(e) => {
                eprintln!("{}", crate::words::file_error(super::lang(), path, &e));
                errors += 1;
                continue;
            }
        };
        let mut sources = SourceMap::new();
        let id = sources.add(shown.clone(), text.clone());
        let formatted = match format(id, &text) {
            Ok(f) => f,
            Err(FmtError::Syntax(diagnostics)) => {
                let _ = crate::render::emit_in(
                    super::lang(),
                    &mut stderr.lock(),
                    &sources,
                    &diagnostics,
                );
                let said = super::say("cli-fmt-does-not-parse", &path_args(&shown));
                eprintln!("{}", super::error(&said));
                errors += 1;
                continue;
            }
            Err(FmtError::Unsafe(why)) => {
                let why = crate::words::message(super::lang(), why.message_id(), None);
                let a = crate::words::args!("path" => shown.as_str(), "why" => why);
                eprintln!("{}", super::error(&super::say("cli-fmt-unsafe", &a)));
                errors += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        changed += 1;
        if args.check {
            println!(
                "{}",
                super::say("cli-fmt-would-reformat", &path_args(&shown))
            );
        } else if let Err(e) = crate::log::write_whole(path, formatted.as_bytes()) {
            // Whole or not at all: an interrupted run never leaves half a policy file.
            eprintln!("{}", crate::words::file_error(super::lang(), path, &e));
            errors += 1;
        } else {
            println!("{}", super::say("cli-fmt-formatted", &path_args(&shown)));
        }
    }
    if errors > 0 {
        EXIT_ERROR
    } else if args.check && changed > 0 {
        let a = crate::words::args!("changed" => changed, "count" => files.len());
        eprintln!("{}", super::say("cli-fmt-summary", &a));
        EXIT_FINDING
    } else {
        EXIT_OK
    }
}

/// The arguments of a message about one file, already escaped.
fn path_args(shown: &str) -> crate::words::Args<'_> {
    crate::words::args!("path" => shown)
}
