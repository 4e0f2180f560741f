//! `mandate diff OLD NEW`: what changes, for which flows, between two versions of a policy.

use super::check::load_engine;
use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::tools::diff;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The old version: a pack folder or a policy file.
    old: PathBuf,
    /// The new version.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The reference time (RFC 3339): witness flows are dated then, unless the change they
    /// show needs another date (an agreement's validity), when they are dated on the first
    /// day it appears. Now when not given. Every date is analysed either way.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// A decision log: annotate each change with how many logged flows fall into it (each
    /// logged flow decided under both versions; the log is only read).
    #[arg(long, value_name = "DIR")]
    log: Option<PathBuf>,
    #[command(flatten)]
    library: LibraryArgs,
}

pub fn run(args: Args) -> u8 {
    let old = match load_engine(&args.old, &args.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let new = match load_engine(&args.new, &args.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let at = args.at.clone().unwrap_or_else(|| {
        time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    });
    let changes = match diff::diff(old.policy(), new.policy(), &at) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", super::error(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    // What the semantic diff cannot enumerate (suspensions, declared names, how far consent
    // reaches, HXL tags mapped anew) is listed beside it.
    let alongside = crate::tools::alongside::Alongside::compare(old.policy(), new.policy());
    let counts = match &args.log {
        None => None,
        Some(dir) => match logged(dir, &old, &new, &changes) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("{}", super::error(&e));
                return EXIT_ERROR;
            }
        },
    };
    let rendered = match args.format {
        Format::Text => {
            let mut text = diff::to_text_beside(
                old.policy(),
                new.policy(),
                &changes,
                super::lang(),
                alongside.decides(),
            );
            text.push_str(&alongside.to_text_in(super::lang()));
            if let (Some(dir), Some(c)) = (&args.log, &counts) {
                text.push_str(&counts_text(dir, &changes, c));
            }
            text
        }
        Format::Json => {
            let mut listed = serde_json::to_value(&changes).unwrap_or_default();
            if let (Some(c), Some(list)) = (&counts, listed.as_array_mut()) {
                for (change, seen) in list.iter_mut().zip(&c.per_change) {
                    if let Some(obj) = change.as_object_mut() {
                        obj.insert(
                            "logged".into(),
                            serde_json::to_value(seen).unwrap_or_default(),
                        );
                    }
                }
            }
            let mut out = serde_json::json!({
                "old": { "name": old.policy().name, "version": old.policy().version, "hash": old.policy().hash },
                "new": { "name": new.policy().name, "version": new.policy().version, "hash": new.policy().hash },
                "changes": listed,
            });
            if let Some(o) = out.as_object_mut() {
                alongside.add_to_json(o);
            }
            if let (Some(dir), Some(c), Some(obj)) = (&args.log, &counts, out.as_object_mut()) {
                obj.insert(
                    "log".into(),
                    serde_json::json!({
                        "dir": dir.display().to_string(),
                        "decided": c.decided,
                        "changed": c.changed,
                        "unattributed": c.unattributed,
                    }),
                );
            }
            serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
        }
    };
    if std::io::stdout()
        .lock()
        .write_all(rendered.as_bytes())
        .is_err()
    {
        return EXIT_ERROR;
    }
    if changes.is_empty() && !alongside.decides() {
        EXIT_OK
    } else {
        EXIT_FINDING
    }
}

/// Counts the log's flows per change, after checking the log: a log that does not verify is
/// still counted (the changes are the policies'), with a warning naming its problems.
fn logged(
    dir: &std::path::Path,
    old: &crate::Engine,
    new: &crate::Engine,
    changes: &[diff::Change],
) -> Result<super::diff_log::LogCounts, String> {
    use crate::words::{self, args};
    let log = super::log::existing(dir)?;
    let report = crate::log::verify(&log).map_err(super::log_words)?;
    if !report.is_intact() {
        eprintln!(
            "{}",
            words::message(
                super::lang(),
                "diff-log-unverified",
                Some(&args!(
                    "count" => report.problems.len(),
                    "dir" => crate::escape::visible(&dir.display().to_string()).into_owned()
                ))
            )
        );
        for p in &report.problems {
            eprintln!("  {}", super::log::problem_line(p, super::lang()));
        }
    }
    super::diff_log::count(dir, old, new, changes)
}

/// The counts in words, after the changes.
fn counts_text(
    dir: &std::path::Path,
    changes: &[diff::Change],
    c: &super::diff_log::LogCounts,
) -> String {
    use crate::escape::Visible as V;
    use crate::words::{self, args};
    use std::fmt::Write;
    let lang = super::lang();
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    let ids = |e: &[String]| {
        e.iter()
            .map(|i| V(i).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::from("\n");
    let _ = writeln!(
        out,
        "{}",
        say(
            "diff-log-header",
            &args!(
                "dir" => V(&dir.display().to_string()).to_string(),
                "decided" => c.decided,
                "changed" => c.changed
            )
        )
    );
    for (i, (change, seen)) in changes.iter().zip(&c.per_change).enumerate() {
        let check = change
            .check
            .map(|c| crate::words::check_name(super::lang(), c));
        let rule = change
            .rule
            .as_deref()
            .or(check.as_deref())
            .or(change.name.as_ref().map(|n| n.name.as_str()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}",
            say(
                "diff-log-change",
                &args!(
                    "n" => i + 1,
                    "change" => diff::shift_words(super::lang(), change),
                    "rule" => if rule.is_empty() {
                        String::new()
                    } else {
                        say("quoted", &args!("name" => V(rule).to_string()))
                    },
                    "count" => seen.count,
                    "examples" => ids(&seen.examples)
                )
            )
        );
    }
    if c.unattributed.count > 0 {
        let _ = writeln!(
            out,
            "  {}",
            say(
                "diff-log-unattributed",
                &args!(
                    "count" => c.unattributed.count,
                    "examples" => ids(&c.unattributed.examples)
                )
            )
        );
    }
    out
}
