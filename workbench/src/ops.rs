//! The workbench's operations: a request as JSON in, a response as JSON out.
//!
//! Every request is an object with `op` (`validate`, `decide`, `remedy`, `test`, `format`,
//! `messages`), `lang` (a language code; English when absent or unknown) and the operation's
//! fields. Every response is `{"ok": true, "result": …}` or `{"ok": false, "error": "…"}`:
//! nothing here panics on input, and a flow that cannot be read is decided as the engine
//! decides it (a deny of kind `error`).

use crate::pack::{self, Compiled};
use mandate::diagnostic::Diagnostic;
use mandate::eval::Flow;
use mandate::explain::{self, Explanation};
use mandate::model::{Basis, CompiledPolicy};
use mandate::source::{FileId, SourceMap};
use mandate::tools::{coverage, fmt, testing};
use mandate::words::{self, Lang};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// Prefix of the message ids of the page's own words in the message files.
const MESSAGE_PREFIX: &str = "workbench-";

#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Request {
    Validate {
        files: BTreeMap<String, String>,
    },
    Decide {
        files: BTreeMap<String, String>,
        flow: String,
    },
    Remedy {
        files: BTreeMap<String, String>,
        flow: String,
        option: usize,
    },
    Test {
        files: BTreeMap<String, String>,
    },
    Format {
        text: String,
    },
    Messages,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    lang: Option<String>,
}

/// Runs one request; never panics on input.
pub fn call(request: &str) -> String {
    let lang = serde_json::from_str::<Envelope>(request)
        .ok()
        .and_then(|e| e.lang)
        .and_then(|code| Lang::parse(&code).ok())
        .unwrap_or(Lang::EN);
    let outcome = serde_json::from_str::<Request>(request)
        .map_err(|e| format!("not a workbench request: {e}"))
        .and_then(|r| run(r, lang));
    let response = match outcome {
        Ok(result) => json!({ "ok": true, "result": result }),
        Err(error) => json!({ "ok": false, "error": error }),
    };
    response.to_string()
}

fn run(request: Request, lang: Lang) -> Result<Value, String> {
    match request {
        Request::Validate { files } => Ok(validate(&files)),
        Request::Decide { files, flow } => {
            let policy = policy(&files, lang)?;
            Ok(explained(
                &explain::explain_json_in(&policy, &flow, lang),
                lang,
            ))
        }
        Request::Remedy {
            files,
            flow,
            option,
        } => remedy(&files, &flow, option, lang),
        Request::Test { files } => test(&files, lang),
        Request::Format { text } => match fmt::format(FileId(0), &text) {
            Ok(text) => Ok(json!({ "text": text })),
            Err(fmt::FmtError::Syntax(_)) => {
                Err(words::message(lang, "workbench-format-syntax", None))
            }
            Err(fmt::FmtError::Unsafe(why)) => Err(why),
        },
        Request::Messages => Ok(messages(lang)),
    }
}

/// The last pack compiled and its result: typing in a flow decides it again and again
/// against the same pack, which need not be compiled each time.
static LAST: Mutex<Option<(BTreeMap<String, String>, Option<CompiledPolicy>)>> = Mutex::new(None);

/// The policy of the pack in `files`, or the reason there is none.
fn policy(files: &BTreeMap<String, String>, lang: Lang) -> Result<CompiledPolicy, String> {
    let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((held, policy)) = last.as_ref()
        && held == files
    {
        return policy.clone().ok_or_else(|| has_errors(lang));
    }
    let compiled = pack::compile(files);
    *last = Some((files.clone(), compiled.policy.clone()));
    compiled.policy.ok_or_else(|| has_errors(lang))
}

fn has_errors(lang: Lang) -> String {
    words::message(lang, "workbench-pack-has-errors", None)
}

/// `validate`: every finding with its place, and the policy's names for the flow form.
fn validate(files: &BTreeMap<String, String>) -> Value {
    let Compiled {
        sources,
        diagnostics,
        policy,
    } = pack::compile(files);
    let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    *last = Some((files.clone(), policy.clone()));
    json!({
        "errors": diagnostics.iter().filter(|d| d.is_error()).count(),
        "warnings": diagnostics.iter().filter(|d| !d.is_error()).count(),
        "diagnostics": diagnostics.iter().map(|d| diagnostic(&sources, d)).collect::<Vec<_>>(),
        "policy": policy.as_ref().map(summary),
    })
}

/// A finding with its place as UTF-16 offsets (what a browser's editor counts in) and as
/// line and column (what a person reads).
fn diagnostic(sources: &SourceMap, d: &Diagnostic) -> Value {
    let place = d.primary.as_ref().map(|label| {
        let file = sources.file(label.span.file);
        let utf16 = |at: usize| {
            file.text
                .get(..at.min(file.text.len()))
                .map(|s| s.encode_utf16().count())
                .unwrap_or(0)
        };
        let (line, column) = file.line_column(label.span.start);
        json!({
            "file": file.name, "from": utf16(label.span.start), "to": utf16(label.span.end),
            "line": line, "column": column, "label": label.message,
        })
    });
    json!({
        "severity": d.severity, "code": d.code.id(), "message": d.message, "at": place,
        "help": d.help, "notes": d.notes, "suggestion": d.suggestion,
    })
}

/// The names a flow may use, for the form.
fn summary(p: &CompiledPolicy) -> Value {
    let mut roles: BTreeSet<String> = p.declared.roles.keys().cloned().collect();
    roles.extend(p.rules.iter().filter_map(|r| r.approval.clone()));
    json!({
        "name": p.name, "version": p.version, "hash": p.hash,
        "parties": p.parties.iter().map(|party| json!({
            "name": party.name, "kind": p.kinds.name(party.kind),
            "jurisdiction": party.jurisdiction,
        })).collect::<Vec<_>>(),
        "categories": p.categories.names().collect::<Vec<_>>(),
        "subjects": p.subjects.names().collect::<Vec<_>>(),
        "purposes": p.purposes.names().collect::<Vec<_>>(),
        "bases": Basis::ALL,
        "roles": roles,
        "rules": p.rules.len(),
    })
}

/// An explanation as data and as the text `mandate explain` prints.
fn explained(e: &Explanation, lang: Lang) -> Value {
    let remedies: Vec<Vec<String>> = e
        .remedies
        .options
        .iter()
        .map(|r| r.changes.iter().map(|s| s.change.text_in(lang)).collect())
        .collect();
    json!({
        "explanation": e,
        "remedies": remedies,
        "text": explain::to_text_in(e, false, lang),
    })
}

/// `remedy`: the flow with remedy `option` applied, and its decision.
fn remedy(
    files: &BTreeMap<String, String>,
    flow: &str,
    option: usize,
    lang: Lang,
) -> Result<Value, String> {
    let policy = policy(files, lang)?;
    let parsed: Flow = serde_json::from_str(flow).map_err(|e| e.to_string())?;
    let before = explain::explain_in(&policy, &parsed, lang);
    let chosen = before
        .remedies
        .options
        .get(option)
        .ok_or_else(|| words::message(lang, "workbench-no-such-remedy", None))?;
    let (changed, amended) = chosen.apply(&policy, &parsed);
    let under = amended.as_ref().unwrap_or(&policy);
    let after = explain::explain_in(under, &changed, lang);
    Ok(json!({
        "flow": serde_json::to_string_pretty(&changed).map_err(|e| e.to_string())?,
        "policy_changed": amended.is_some(),
        "decided": explained(&after, lang),
    }))
}

/// `test`: the pack's tests (`flows/expected.json`, `tests/*.json`) with coverage.
fn test(files: &BTreeMap<String, String>, lang: Lang) -> Result<Value, String> {
    let policy = policy(files, lang)?;
    let cases = crate::cases::load(files);
    if cases.is_empty() {
        return Err(words::message(lang, "workbench-no-tests", None));
    }
    let report = testing::run(&policy, &cases);
    let cov = coverage::coverage(&policy, &report);
    Ok(json!({
        "passed": report.passed,
        "failed": report.failed,
        "results": report.results.iter().map(|r| json!({
            "name": r.name, "file": r.file, "ok": r.ok, "got": r.got,
            "problems": r.problems.iter().map(|p| testing::problem_words(lang, p)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "coverage": { "percent": cov.percent, "covered": cov.covered, "total": cov.total },
        "text": testing::to_text_in(&policy, &report, lang) + &coverage::to_text_in(&policy, &cov, lang),
    }))
}

/// The page's own words in `lang`: every message whose id starts with `workbench-`.
fn messages(lang: Lang) -> Value {
    let table: BTreeMap<String, String> = words::message_ids(Lang::EN)
        .into_iter()
        .filter(|id| id.starts_with(MESSAGE_PREFIX))
        .map(|id| {
            let text = words::message(lang, &id, None);
            (id, text)
        })
        .collect();
    json!({ "lang": lang.code(), "languages": Lang::codes(), "messages": table })
}
