//! `mandate log`: verify a decision log, anchor it, re-explain a past decision, query it.

use super::explain::Colour;
use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format};
use crate::escape::Visible as V;
use crate::eval::{Flow, Outcome};
use crate::log::{Anchor, DecisionLog, LogKey, PublicKey, Record, Trust, VerifyReport};
use crate::words::{self, args};
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check that no record was edited, deleted, reordered or cut off, that the head and
    /// records are signed by the trusted key, that every stored policy is the one its hash
    /// names, and with --anchor that the log still extends an anchor (exit 0 intact, 1 not, 2
    /// error).
    Verify(VerifyArgs),
    /// Print the log's current head (sequence number, hash, signature) as one JSON line, after
    /// verifying the log: keep it outside the log, and `log verify --anchor FILE` later
    /// proves the log was not rewritten up to there (exit 0, 1 if the log does not verify).
    Anchor(AnchorArgs),
    /// Print the public key of the log signing key (creating the key if there is none): give
    /// it to whoever verifies the log, as `log verify --public-key FILE`.
    Key(KeyArgs),
    /// Re-explain a past decision against the policy in force when it was made.
    Show(ShowArgs),
    /// List records by decision, rule and time.
    Query(QueryArgs),
    /// Decide every logged flow again under a new version of the policy and report which
    /// decisions would change, grouped by old and new outcome and the rules responsible
    /// (exit 0 nothing changes, 1 something does, 2 error). Never writes into the log.
    Replay(super::replay::Args),
}

/// Where the trusted public key comes from: never from the log folder itself.
#[derive(clap::Args)]
pub struct TrustArgs {
    /// The public key the log must be signed with (a file as `mandate log key` prints it).
    #[arg(long, value_name = "FILE")]
    public_key: Option<PathBuf>,
    /// The log signing key, whose public half is trusted when --public-key is not given
    /// (default: MANDATE_LOG_KEY, else ~/.config/mandate/log-signing.key if it exists).
    #[arg(long, value_name = "FILE", env = "MANDATE_LOG_KEY")]
    key: Option<PathBuf>,
}

impl TrustArgs {
    /// The trusted public key and where it came from, or none.
    fn key(&self) -> Result<Option<PublicKey>, String> {
        if let Some(path) = &self.public_key {
            return PublicKey::read(path).map(Some).map_err(super::log_words);
        }
        let path = match &self.key {
            Some(p) => p.clone(),
            None => match crate::log::default_key_path() {
                Some(p) if p.exists() => p,
                _ => return Ok(None),
            },
        };
        LogKey::load(&path)
            .map(|k| Some(k.public()))
            .map_err(super::log_words)
    }
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The log folder.
    dir: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
    /// An anchor printed earlier by `mandate log anchor`: the log must still hold that record
    /// with that hash.
    #[arg(long, value_name = "FILE")]
    anchor: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::Args)]
pub struct AnchorArgs {
    /// The log folder.
    dir: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
}

#[derive(clap::Args)]
pub struct KeyArgs {
    /// The log signing key (default: MANDATE_LOG_KEY, else ~/.config/mandate/log-signing.key).
    #[arg(long, value_name = "FILE", env = "MANDATE_LOG_KEY")]
    key: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// The decision id (as printed in the log, e.g. `d000042-3f9a…`).
    id: String,
    /// The log folder (default: the MANDATE_LOG environment variable).
    #[arg(long, value_name = "DIR", env = "MANDATE_LOG")]
    log: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
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
        Command::Anchor(a) => anchor(a),
        Command::Key(a) => key(a),
        Command::Show(a) => show(a),
        Command::Query(a) => query(a),
        Command::Replay(a) => Ok(super::replay::run(a)),
    };
    result.unwrap_or_else(|e| {
        eprintln!("{}", super::error(&e));
        EXIT_ERROR
    })
}

/// The log in `dir`, which must exist, opened for reading: nothing is created in it.
pub(super) fn existing(dir: &std::path::Path) -> Result<DecisionLog, String> {
    if !dir.join(crate::log::RECORDS).exists() && !dir.join(crate::log::HEAD).exists() {
        return Err(words::message(
            super::lang(),
            "log-not-a-log",
            Some(&args!("dir" => dir.display().to_string(), "file" => crate::log::RECORDS)),
        ));
    }
    Ok(DecisionLog::read_only(dir))
}

/// Opens the log in `dir` for appending, signed with the key at `key` (default
/// [`crate::log::default_key_path`]), created if there is none (and said so on stderr).
/// The log in `dir`, signing with `key` (or the default key, made and announced if new). The
/// error stays typed, for a caller that carries it further (the gate records it as its own).
pub(super) fn open_signed(
    dir: &Path,
    key: Option<&Path>,
) -> Result<DecisionLog, crate::log::LogError> {
    let log = DecisionLog::open(dir)?;
    let (key, created) = crate::log::signing_key(key, dir)?;
    if let Some(path) = created {
        eprintln!(
            "{}",
            words::message(
                super::lang(),
                "log-key-created-apart",
                Some(&args!(
                    "path" => V(&path.display().to_string()).to_string(),
                    "key" => key.public().to_string()
                )),
            )
        );
    }
    Ok(log.signed_by(key))
}

pub(super) fn verified(
    dir: &Path,
    trust: &TrustArgs,
    anchor: Option<&Path>,
) -> Result<VerifyReport, String> {
    let log = existing(dir)?;
    let anchor = anchor
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| super::file_trouble(path, &e))?;
            Anchor::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
        })
        .transpose()?;
    let trust = Trust {
        key: trust.key()?,
        anchor,
    };
    crate::log::verify_with(&log, &trust).map_err(super::log_words)
}

fn verify(a: VerifyArgs) -> Result<u8, String> {
    let report = verified(&a.dir, &a.trust, a.anchor.as_deref())?;
    match a.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Format::Text => {
            let lang = super::lang();
            for p in &report.problems {
                println!("{}", problem_line(p, lang));
            }
            for n in &report.notes {
                let note = V(&words::log_note(lang, &n.0)).to_string();
                println!(
                    "{}",
                    words::message(lang, "log-verify-note", Some(&args!("note" => note)))
                );
            }
            let state = words::message(
                lang,
                if report.is_authenticated() {
                    "log-verify-intact"
                } else {
                    "log-verify-intact-chain-only"
                },
                None,
            );
            let line = match (&report.last, report.is_intact()) {
                (Some(last), true) => words::message(
                    lang,
                    "log-verify-summary",
                    Some(&args!(
                        "state" => state,
                        "count" => report.records,
                        "seq" => last.seq,
                        "hash" => V(&last.hash).to_string()
                    )),
                ),
                (None, true) => {
                    words::message(lang, "log-verify-empty", Some(&args!("state" => state)))
                }
                (_, false) => words::message(
                    lang,
                    "log-verify-not-intact",
                    Some(&args!("problems" => report.problems.len(), "count" => report.records)),
                ),
            };
            println!("{line}");
        }
    }
    Ok(if report.is_intact() {
        EXIT_OK
    } else {
        EXIT_FINDING
    })
}

fn anchor(a: AnchorArgs) -> Result<u8, String> {
    let lang = super::lang();
    let report = verified(&a.dir, &a.trust, None)?;
    if !report.is_intact() {
        for p in &report.problems {
            eprintln!("{}", problem_line(p, lang));
        }
        let said = words::message(lang, "log-anchor-refused", None);
        eprintln!("{}", super::error(&said));
        return Ok(EXIT_FINDING);
    }
    let log = existing(&a.dir)?;
    let head = log.head().map_err(super::log_words)?.ok_or_else(|| {
        words::message(
            lang,
            "log-anchor-empty",
            Some(&args!("dir" => a.dir.display().to_string())),
        )
    })?;
    let key = report
        .key
        .as_deref()
        .map(PublicKey::parse)
        .transpose()
        .map_err(|p| super::log_words(crate::log::LogError::of(p)))?;
    if !report.trusted {
        eprintln!("{}", words::message(lang, "log-anchor-untrusted", None));
    }
    println!(
        "{}",
        serde_json::to_string(&Anchor::of(&head, key.as_ref())).unwrap_or_default()
    );
    Ok(EXIT_OK)
}

fn key(a: KeyArgs) -> Result<u8, String> {
    let lang = super::lang();
    let path = a
        .key
        .or_else(crate::log::default_key_path)
        .ok_or_else(|| words::message(lang, "log-key-nowhere", None))?;
    let (key, created) = LogKey::load_or_create(&path).map_err(super::log_words)?;
    if created {
        eprintln!(
            "{}",
            words::message(
                lang,
                "log-key-created",
                Some(&args!("path" => V(&path.display().to_string()).to_string())),
            )
        );
    }
    println!("{}", key.public());
    Ok(EXIT_OK)
}

fn show(a: ShowArgs) -> Result<u8, String> {
    let report = verified(&a.log, &a.trust, None)?;
    let log = existing(&a.log)?;
    let record = log.find(&a.id).map_err(super::log_words)?;
    // The stored policy is checked against the record's hashes before anything is explained
    // under it; a record's fields never name a file other than a well-formed hash's.
    let engine = log
        .policy(&record.policy, record.policy_file.as_deref())
        .map_err(super::log_words)?;
    let lang = super::lang();
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    if !report.is_intact() {
        eprintln!(
            "{}",
            say(
                "log-show-unverified",
                &args!(
                    "count" => report.problems.len(),
                    "dir" => V(&a.log.display().to_string()).to_string()
                )
            )
        );
    }
    let flow: Flow = serde_json::from_value(record.flow.clone()).map_err(|e| {
        say(
            "log-show-no-flow",
            &args!(
                "id" => V(&record.id).to_string(),
                "error" => e.to_string(),
                "reason" => V(&record.reason).to_string()
            ),
        )
    })?;
    let explanation = crate::explain::explain_in(engine.policy(), &flow, lang);
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
                "{}",
                say(
                    "log-show-record",
                    &args!(
                        "id" => V(&record.id).to_string(),
                        "time" => V(&record.time).to_string(),
                        "policy" => V(&record.policy).to_string()
                    )
                )
            );
            if !same {
                println!(
                    "{}",
                    say(
                        "log-show-not-reproduced",
                        &args!(
                            "now" => format!("{:?}", explanation.decision.decision),
                            "logged" => format!("{:?}", record.decision)
                        )
                    )
                );
            }
            println!();
            print!(
                "{}",
                crate::explain::to_text_in(&explanation, a.color.for_stdout(), lang)
            );
            if let Some(gate) = &record.gate {
                print!("{}", super::gate::attestation_text(gate));
            }
        }
    }
    Ok(if same && report.is_intact() {
        EXIT_OK
    } else {
        EXIT_FINDING
    })
}

/// Parses a bound: a date (start of day, or end of day for `until`) or an RFC 3339 instant.
pub(super) fn bound(text: &str, end_of_day: bool) -> Result<time::OffsetDateTime, String> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    let day = crate::model::Day::parse(text).ok_or_else(|| {
        words::message(
            super::lang(),
            "log-bound-invalid",
            Some(&args!("text" => V(text).to_string())),
        )
    })?;
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
    let records = log.records().map_err(super::log_words)?;
    let mut count = 0usize;
    for r in records.iter().filter(|r| matches(r)) {
        count += 1;
        match a.format {
            Format::Json => println!("{}", r.to_line()),
            Format::Text => println!(
                "{}\t{}\t{}\t{}\t{}",
                V(&r.id),
                V(&r.time),
                V(r.flow.get("id").and_then(|v| v.as_str()).unwrap_or("-")),
                super::check::line_verdict(r.decision, None),
                V(&r.reason)
            ),
        }
    }
    if a.format == Format::Text {
        println!(
            "{}",
            words::message(
                super::lang(),
                "log-query-count",
                Some(&args!("shown" => count, "count" => records.len())),
            )
        );
    }
    Ok(EXIT_OK)
}

/// One finding of `log verify` as a line: its kind and what was found, in `lang`'s words.
pub(super) fn problem_line(p: &crate::log::Problem, lang: words::Lang) -> String {
    let kind = words::message(lang, &format!("log-kind-{}", p.kind), None);
    let message = V(&words::log_finding(lang, &p.finding)).to_string();
    match p.line {
        Some(line) => words::message(
            lang,
            "log-verify-problem-at",
            Some(&args!("kind" => kind, "line" => line, "message" => message)),
        ),
        None => words::message(
            lang,
            "log-verify-problem",
            Some(&args!("kind" => kind, "message" => message)),
        ),
    }
}
