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
            eprintln!("error: {}", crate::escape::visible(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    // Suspensions change no decision, so the semantic diff cannot show them: listed beside it.
    let suspensions = crate::tools::suspensions::compare(old.policy(), new.policy());
    let rendered = match args.format {
        Format::Text => {
            diff::to_text_in(old.policy(), new.policy(), &changes, super::lang())
                + &crate::tools::suspensions::to_text_in(&suspensions, super::lang())
        }
        Format::Json => {
            let mut out = serde_json::json!({
                "old": { "name": old.policy().name, "version": old.policy().version, "hash": old.policy().hash },
                "new": { "name": new.policy().name, "version": new.policy().version, "hash": new.policy().hash },
                "changes": changes,
            });
            if let (false, Some(o)) = (suspensions.is_empty(), out.as_object_mut()) {
                o.insert("suspensions".into(), serde_json::json!(suspensions));
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
    if changes.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDING
    }
}
