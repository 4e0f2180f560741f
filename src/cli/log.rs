//! `mandate log`: verify a decision log, re-explain a past decision, query the log.

use super::explain::Colour;
use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format};
use crate::eval::{Flow, Outcome};
use crate::log::{DecisionLog, Record};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check that no record was edited, deleted, reordered or cut off (exit 0 intact, 1 not,
    /// 2 error).
    Verify(VerifyArgs),
    /// Re-explain a past decision against the policy in force when it was made.
    Show(ShowArgs),
    /// List records by decision, rule and time.
    Query(QueryArgs),
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The log folder.
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// The decision id (as printed in the log, e.g. `d000042-3f9a…`).
    id: String,
    /// The log folder (default: the MANDATE_LOG environment variable).
    #[arg(long, value_name = "DIR", env = "MANDATE_LOG")]
    log: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Colour the text.
    #[arg(long, value_enum, default_value_t = Colour::Auto)]
    color: Colour,
}

#[derive(clap::Args)]
pub struct QueryArgs {
    /// The log folder.
    dir: PathBuf,
    /// Only this outcome.
    #[arg(long, value_enum)]
    decision: Option<OutcomeArg>,
    /// Only decisions this rule determined.
    #[arg(long, value_name = "NAME")]
    rule: Option<String>,
    /// Only from this time on (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only before this time (YYYY-MM-DD: to the end of that day; or RFC 3339).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Output format (JSON: one record per line).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Outcomes to filter on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutcomeArg {
    /// Allowed.
    Allow,
    /// Denied.
    Deny,
    /// Held for review.
    Review,
}

pub fn run(command: Command) -> u8 {
    let result = match command {
        Command::Verify(a) => verify(a),
        Command::Show(a) => show(a),
        Command::Query(a) => query(a),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        EXIT_ERROR
    })
}

fn existing(dir: &std::path::Path) -> Result<DecisionLog, String> {
    if !dir.join(crate::log::RECORDS).exists() && !dir.join(crate::log::HEAD).exists() {
        return Err(format!(
            "{}: not a decision log (no {})",
            dir.display(),
            crate::log::RECORDS
        ));
    }
    DecisionLog::open(dir).map_err(|e| e.to_string())
}

fn verify(a: VerifyArgs) -> Result<u8, String> {
    let log = existing(&a.dir)?;
    let report = crate::log::verify(&log).map_err(|e| e.to_string())?;
    match a.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Format::Text => {
            for p in &report.problems {
                let at = p.line.map(|l| format!("line {l}: ")).unwrap_or_default();
                println!("{}: {at}{}", p.kind, p.message);
            }
            match (&report.last, report.is_intact()) {
                (Some(last), true) => println!(
                    "intact: {} records; last record {} has hash {}",
                    report.records, last.seq, last.hash
                ),
                (None, true) => println!("intact: the log is empty"),
                (_, false) => println!(
                    "NOT intact: {} problem(s) in {} records",
                    report.problems.len(),
                    report.records
                ),
            }
        }
    }
    Ok(if report.is_intact() {
        EXIT_OK
    } else {
        EXIT_FINDING
    })
}

fn show(a: ShowArgs) -> Result<u8, String> {
    let log = existing(&a.log)?;
    let record = log.find(&a.id).map_err(|e| e.to_string())?;
    let engine = log.policy(&record.policy).map_err(|e| e.to_string())?;
    let flow: Flow = serde_json::from_value(record.flow.clone()).map_err(|e| {
        format!(
            "record {} holds no readable flow ({e}); it was logged as: {}",
            record.id, record.reason
        )
    })?;
    let explanation = crate::explain::explain(engine.policy(), &flow);
    let same = explanation.decision.decision == record.decision
        && explanation.decision.kind == record.kind;
    match a.format {
        Format::Json => {
            let out = serde_json::json!({
                "record": record,
                "reproduced": same,
                "explanation": explanation,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            println!(
                "record {} logged {} under policy {}",
                record.id, record.time, record.policy
            );
            if !same {
                println!(
                    "WARNING: re-evaluating gives {:?}, but the log says {:?}",
                    explanation.decision.decision, record.decision
                );
            }
            println!();
            print!(
                "{}",
                crate::explain::to_text(&explanation, a.color.for_stdout())
            );
        }
    }
    Ok(if same { EXIT_OK } else { EXIT_FINDING })
}

/// Parses a bound: a date (start of day, or end of day for `until`) or an RFC 3339 instant.
fn bound(text: &str, end_of_day: bool) -> Result<time::OffsetDateTime, String> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    let day = crate::model::Day::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD) or an RFC 3339 time"))?;
    let start = day.0.midnight().assume_utc();
    Ok(if end_of_day {
        start + time::Duration::days(1)
    } else {
        start
    })
}

fn query(a: QueryArgs) -> Result<u8, String> {
    let log = existing(&a.dir)?;
    let since = a.since.as_deref().map(|s| bound(s, false)).transpose()?;
    let until = a.until.as_deref().map(|s| bound(s, true)).transpose()?;
    let wanted = a.decision.map(|d| match d {
        OutcomeArg::Allow => Outcome::Allow,
        OutcomeArg::Deny => Outcome::Deny,
        OutcomeArg::Review => Outcome::Review,
    });
    let matches = |r: &Record| -> bool {
        let time =
            time::OffsetDateTime::parse(&r.time, &time::format_description::well_known::Rfc3339)
                .ok();
        wanted.is_none_or(|w| r.decision == w)
            && a.rule
                .as_ref()
                .is_none_or(|name| r.determining.iter().any(|d| d == name))
            && since.is_none_or(|s| time.is_some_and(|t| t >= s))
            && until.is_none_or(|u| time.is_some_and(|t| t < u))
    };
    let records = log.records().map_err(|e| e.to_string())?;
    let mut count = 0;
    for r in records.iter().filter(|r| matches(r)) {
        count += 1;
        match a.format {
            Format::Json => println!("{}", r.to_line()),
            Format::Text => println!(
                "{}\t{}\t{}\t{}\t{}",
                r.id,
                r.time,
                r.flow.get("id").and_then(|v| v.as_str()).unwrap_or("-"),
                match r.decision {
                    Outcome::Allow => "allow",
                    Outcome::Deny => "deny",
                    Outcome::Review => "review",
                },
                r.reason
            ),
        }
    }
    if a.format == Format::Text {
        println!("{count} of {} records match", records.len());
    }
    Ok(EXIT_OK)
}
