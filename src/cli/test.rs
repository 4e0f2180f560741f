//! `mandate test DIR`: runs a pack's policy tests, and with `--coverage` reports which rules,
//! exceptions and obligations they exercise.

use super::check::load_engine;
use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::tools::{coverage, testing};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The policy pack folder: its tests are `flows/expected.json` and `tests/*.json`.
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Report coverage: each rule seen to apply and not to apply, each exception and each
    /// rule's obligations exercised, and terms no test touches.
    #[arg(long)]
    coverage: bool,
    /// Fail (exit 1) when coverage is below this percentage (implies --coverage).
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    min_coverage: Option<f64>,
    #[command(flatten)]
    library: LibraryArgs,
}

fn percent(text: &str) -> Result<f64, String> {
    let value: f64 = text.trim_end_matches('%').parse().map_err(|_| {
        super::say(
            "cli-test-not-a-number",
            &crate::words::args!("text" => text),
        )
    })?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(super::say(
            "cli-test-out-of-range",
            &crate::words::args!("text" => text),
        ))
    }
}

pub fn run(args: Args) -> u8 {
    let engine = match load_engine(&args.path, &args.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let policy = engine.policy();
    let cases = match testing::load_cases(&args.path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", super::error(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    let report = testing::run(policy, &cases);
    let want_coverage = args.coverage || args.min_coverage.is_some();
    let cov = want_coverage.then(|| coverage::coverage(policy, &report));
    let below = match (&cov, args.min_coverage) {
        (Some(c), Some(min)) => !c.meets(min),
        _ => false,
    };
    let rendered = match args.format {
        Format::Json => {
            let out = serde_json::json!({
                "policy": policy.name,
                "hash": policy.hash,
                "ok": report.ok() && !below,
                "passed": report.passed,
                "failed": report.failed,
                "tests": report.results,
                "coverage": cov,
                "min_coverage": args.min_coverage,
            });
            serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
        }
        Format::Text => {
            let mut text = testing::to_text_in(policy, &report, super::lang());
            if let Some(c) = &cov {
                text.push('\n');
                text.push_str(&coverage::to_text_in(policy, c, super::lang()));
            }
            if let (true, Some(min)) = (below, args.min_coverage) {
                let line = crate::words::message(
                    super::lang(),
                    "test-coverage-below",
                    Some(&crate::words::args!("min" => min.to_string())),
                );
                text.push_str(&line);
                text.push('\n');
            }
            text
        }
    };
    if std::io::stdout()
        .lock()
        .write_all(rendered.as_bytes())
        .is_err()
    {
        return EXIT_ERROR;
    }
    if report.ok() && !below {
        EXIT_OK
    } else {
        EXIT_FINDING
    }
}
