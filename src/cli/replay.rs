//! `mandate log replay LOGDIR --policy NEW`: which logged decisions a new version of the
//! policy would change.

use super::check::load_engine;
use super::log::{TrustArgs, bound, existing, verified};
use super::{EXIT_ERROR, EXIT_FINDING, EXIT_OK, Format, LibraryArgs};
use crate::Engine;
use crate::escape::Visible as V;
use crate::eval::{Flow, Outcome};
use crate::log::replay::{self, ChangeGroup, Options, ReplayReport, Side, Verdict, Window};
use crate::log::{Problem, Record};
use crate::words::{self, Lang, args};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The log folder (only read).
    dir: PathBuf,
    /// The new version of the policy: a pack folder or a policy file.
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// Only decisions logged from this time on (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only decisions logged before this time (YYYY-MM-DD: to the end of that day; or RFC
    /// 3339).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Explain one record's change side by side: as logged, and under the new policy.
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
    /// Replay a log that does not verify (its problems are named first); without it such a
    /// log is refused, since what it holds may have been altered.
    #[arg(long)]
    allow_unverified: bool,
    #[command(flatten)]
    trust: TrustArgs,
    #[command(flatten)]
    library: LibraryArgs,
}

fn say(lang: Lang, id: &str, a: &words::Args<'_>) -> String {
    words::message(lang, id, Some(a))
}

pub fn run(a: Args) -> u8 {
    let lang = super::lang();
    // The policy first: a broken one is reported as validate reports it.
    let engine = match load_engine(&a.policy, &a.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    match replay_or_explain(&a, &engine, lang) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", super::error(&e));
            EXIT_ERROR
        }
    }
}

fn replay_or_explain(a: &Args, engine: &Engine, lang: Lang) -> Result<u8, String> {
    existing(&a.dir)?;
    let report = verified(&a.dir, &a.trust, None)?;
    let dir = V(&a.dir.display().to_string()).to_string();
    if !report.is_intact() {
        let count = report.problems.len();
        if !a.allow_unverified {
            name_problems(&report.problems);
            return Err(say(
                lang,
                "log-replay-refused",
                &args!("count" => count, "dir" => dir),
            ));
        }
        eprintln!(
            "{}",
            say(lang, "log-replay-unverified", &args!("count" => count))
        );
        name_problems(&report.problems);
    }
    if let Some(id) = &a.explain {
        return explain(a, engine, id, lang);
    }
    let window = Window {
        since: a.since.as_deref().map(|s| bound(s, false)).transpose()?,
        until: a.until.as_deref().map(|s| bound(s, true)).transpose()?,
    };
    let terminal = std::io::stderr().is_terminal();
    let progress = |read: u64| {
        // About every 64 thousand records, and only for a person watching.
        if terminal && read % (64 * 1024) < 1024 {
            eprint!(
                "\r{}",
                say(lang, "log-replay-progress", &args!("count" => read))
            );
        }
    };
    let options = Options {
        window,
        ..Options::default()
    };
    let result = replay::replay(&a.dir, engine, options, &progress).map_err(super::log_words)?;
    if terminal && result.read >= 64 * 1024 {
        eprintln!();
    }
    let text = match a.format {
        Format::Json => {
            let out = serde_json::json!({
                "log": a.dir.display().to_string(),
                "verified": report.is_intact(),
                "problems": report.problems,
                "report": result,
            });
            serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
        }
        Format::Text => to_text(&result, &dir, &a.policy, lang),
    };
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return Ok(EXIT_ERROR);
    }
    Ok(if result.changed == 0 {
        EXIT_OK
    } else {
        EXIT_FINDING
    })
}

/// Every problem `log verify` found, on stderr.
fn name_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("  {}", super::log::problem_line(p, super::lang()));
    }
}

/// A verdict in words: `ALLOW`, `DENY (forbidden)`, as a decision's text heads it.
pub(super) fn verdict_words(v: Verdict, lang: Lang) -> String {
    match (v.decision, v.kind) {
        (Outcome::Allow, _) => words::message(lang, "text-allow", None),
        (Outcome::Review, _) => words::message(lang, "text-review", None),
        (Outcome::Deny, Some(kind)) => say(
            lang,
            "text-deny-kind",
            &args!("kind" => crate::eval::kind_words_in(kind, lang)),
        ),
        (Outcome::Deny, None) => words::message(lang, "text-deny", None),
    }
}

/// The rules of one side, quoted, or why there are none.
fn rules_words(side: &Side, lang: Lang) -> String {
    if side.rules.is_empty() {
        return words::message(lang, "log-replay-no-rule", None);
    }
    side.rules
        .iter()
        .map(|r| say(lang, "quoted", &args!("name" => V(r).to_string())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn to_text(r: &ReplayReport, dir: &str, policy: &std::path::Path, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            "log-replay-header",
            &args!("dir" => dir, "policy" => V(&r.policy).to_string())
        )
    );
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            "log-replay-summary",
            &args!(
                "replayed" => r.replayed,
                "changed" => r.changed,
                "unchanged" => r.replayed - r.changed
            )
        )
    );
    if r.outside > 0 || r.unreadable > 0 {
        let _ = writeln!(
            out,
            "{}",
            say(
                lang,
                "log-replay-skipped",
                &args!("outside" => r.outside, "unreadable" => r.unreadable)
            )
        );
    }
    if r.undecided > 0 {
        let _ = writeln!(
            out,
            "{}",
            say(lang, "log-replay-undecided", &args!("count" => r.undecided))
        );
    }
    if r.changes.is_empty() {
        let _ = writeln!(out, "{}", words::message(lang, "log-replay-none", None));
        return out;
    }
    for (i, c) in r.changes.iter().enumerate() {
        let _ = writeln!(out);
        group_text(&mut out, i + 1, c, lang);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            "log-replay-explain-hint",
            &args!(
                "dir" => dir,
                "policy" => V(&policy.display().to_string()).to_string()
            )
        )
    );
    out
}

fn group_text(out: &mut String, n: usize, c: &ChangeGroup, lang: Lang) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            "log-replay-change",
            &args!(
                "n" => n,
                "count" => c.count,
                "old" => verdict_words(c.old.verdict, lang),
                "new" => verdict_words(c.new.verdict, lang)
            )
        )
    );
    let _ = writeln!(
        out,
        "    {}",
        say(
            lang,
            "log-replay-old-rules",
            &args!("rules" => rules_words(&c.old, lang))
        )
    );
    let _ = writeln!(
        out,
        "    {}",
        say(
            lang,
            "log-replay-new-rules",
            &args!("rules" => rules_words(&c.new, lang))
        )
    );
    let ids: Vec<String> = c.examples.iter().map(|e| V(e).to_string()).collect();
    let _ = writeln!(
        out,
        "    {}",
        say(lang, "log-replay-examples", &args!("ids" => ids.join(", ")))
    );
}

/// One record explained as logged (under the stored policy it was decided under, checked
/// against the record's hashes) and under the new policy, side by side.
fn explain(a: &Args, engine: &Engine, id: &str, lang: Lang) -> Result<u8, String> {
    let record: Record = replay::find(&a.dir, id).map_err(super::log_words)?;
    let log = existing(&a.dir)?;
    let old = log
        .policy(&record.policy, record.policy_file.as_deref())
        .map_err(super::log_words)?;
    let flow: Flow = serde_json::from_value(record.flow.clone()).map_err(|e| {
        say(
            lang,
            "log-replay-no-flow",
            &args!("id" => V(&record.id).to_string(), "error" => e.to_string()),
        )
    })?;
    let before = crate::explain::explain_in(old.policy(), &flow, lang);
    let after = crate::explain::explain_in(engine.policy(), &flow, lang);
    let changed = Verdict::logged(&record) != Verdict::of(&after.decision);
    let text = match a.format {
        Format::Json => {
            let out = serde_json::json!({
                "record": record,
                "changed": changed,
                "old": before,
                "new": after,
            });
            serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
        }
        Format::Text => {
            let left_title = say(
                lang,
                "log-replay-explain-old",
                &args!("policy" => V(&record.policy).to_string()),
            );
            let right_title = say(
                lang,
                "log-replay-explain-new",
                &args!("policy" => V(&engine.policy().hash).to_string()),
            );
            let left = format!(
                "{left_title}\n\n{}",
                crate::explain::to_text_in(&before, false, lang)
            );
            let right = format!(
                "{right_title}\n\n{}",
                crate::explain::to_text_in(&after, false, lang)
            );
            let head = say(
                lang,
                "log-show-record",
                &args!(
                    "id" => V(&record.id).to_string(),
                    "time" => V(&record.time).to_string(),
                    "policy" => V(&record.policy).to_string()
                ),
            );
            let verdict = if changed {
                say(
                    lang,
                    "log-replay-explain-changed",
                    &args!(
                        "old" => verdict_words(Verdict::logged(&record), lang),
                        "new" => verdict_words(Verdict::of(&after.decision), lang)
                    ),
                )
            } else {
                words::message(lang, "log-replay-explain-same", None)
            };
            format!("{head}\n{verdict}\n\n{}", side_by_side(&left, &right, 60))
        }
    };
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return Ok(EXIT_ERROR);
    }
    Ok(if changed { EXIT_FINDING } else { EXIT_OK })
}

/// Two texts in columns `width` characters wide, long lines wrapped, separated by a bar.
fn side_by_side(left: &str, right: &str, width: usize) -> String {
    let wrap = |text: &str| -> Vec<String> {
        text.lines()
            .flat_map(|line| {
                let chars: Vec<char> = line.chars().collect();
                if chars.is_empty() {
                    return vec![String::new()];
                }
                chars
                    .chunks(width)
                    .map(|c| c.iter().collect::<String>())
                    .collect()
            })
            .collect()
    };
    let (l, r) = (wrap(left), wrap(right));
    let mut out = String::new();
    for i in 0..l.len().max(r.len()) {
        let a = l.get(i).map_or("", String::as_str);
        let b = r.get(i).map_or("", String::as_str);
        let pad = width.saturating_sub(a.chars().count());
        let line = format!("{a}{} │ {b}", " ".repeat(pad));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::side_by_side;

    #[test]
    fn columns_are_padded_and_long_lines_wrapped() {
        let out = side_by_side("ab\ncdefg", "x", 3);
        assert_eq!(out, "ab  │ x\ncde │\nfg  │\n");
    }
}
