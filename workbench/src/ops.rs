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
    Diff {
        saved: BTreeMap<String, String>,
        files: BTreeMap<String, String>,
        /// The reference time (RFC 3339): the page's clock, as `mandate diff` takes the
        /// machine's.
        at: String,
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
        Request::Validate { files } => Ok(validate(&files, lang)),
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
            Err(fmt::FmtError::Unsafe(why)) => Err(words::message(lang, why.message_id(), None)),
        },
        Request::Diff { saved, files, at } => diff(&saved, &files, &at, lang),
        Request::Messages => Ok(messages(lang)),
    }
}

/// The last pack compiled and its result: typing in a flow decides it again and again
/// against the same pack, which need not be compiled each time.
static LAST: Mutex<Option<Held>> = Mutex::new(None);

/// A pack's files and its policy (`None` when it has errors).
type Held = (BTreeMap<String, String>, Option<CompiledPolicy>);

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

/// `validate`: every finding with its place, in the page's language, and the policy's names
/// for the flow form.
fn validate(files: &BTreeMap<String, String>, lang: Lang) -> Value {
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
        "diagnostics": diagnostics.iter().map(|d| diagnostic(&sources, d, lang)).collect::<Vec<_>>(),
        "policy": policy.as_ref().map(summary),
    })
}

/// A finding with its place as UTF-16 offsets (what a browser's editor counts in) and as
/// line and column (what a person reads).
fn diagnostic(sources: &SourceMap, d: &Diagnostic, lang: Lang) -> Value {
    let words = |m: &mandate::diagnostic::Message| words::diagnostic_text(lang, m);
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
            "line": line, "column": column, "label": words(&label.message),
        })
    });
    json!({
        "severity": d.severity, "code": d.code.id(), "message": words(&d.message),
        "at": place, "help": d.help.as_ref().map(words),
        "notes": d.notes.iter().map(words).collect::<Vec<_>>(),
        "suggestion": d.suggestion,
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

/// `diff`: every class of flows the edited pack decides otherwise than the saved one, with a
/// witness, and what changed beside them (suspensions, declared names, the reading of
/// consent, HXL tags), as `mandate diff` prints.
fn diff(
    saved: &BTreeMap<String, String>,
    files: &BTreeMap<String, String>,
    at: &str,
    lang: Lang,
) -> Result<Value, String> {
    use mandate::tools::{alongside::Alongside, diff};
    let old = pack::compile(saved)
        .policy
        .ok_or_else(|| words::message(lang, "workbench-saved-has-errors", None))?;
    let new = policy(files, lang)?;
    let changes = diff::diff(&old, &new, at).map_err(|e| e.to_string())?;
    let alongside = Alongside::compare(&old, &new);
    let mut text = diff::to_text_beside(&old, &new, &changes, lang, alongside.decides());
    text.push_str(&alongside.to_text_in(lang));
    let mut out = json!({ "classes": changes.len(), "changes": changes, "text": text });
    if let Some(o) = out.as_object_mut() {
        alongside.add_to_json(o);
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The bundled example, as the page holds it.
    fn baseline() -> BTreeMap<String, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
        let mut files = BTreeMap::new();
        let mut add = |dir: &Path, prefix: &str, ext: &str| {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(ext) {
                    let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    files.insert(format!("{prefix}{name}"), text);
                }
            }
        };
        let pack = root.join("humanitarian-baseline");
        add(&pack, "", ".policy");
        add(&pack.join("flows"), "flows/", ".json");
        add(&pack.join("tests"), "tests/", ".json");
        add(&root.join("humanitarian"), "humanitarian/", ".policy");
        files
    }

    fn ok(request: Value) -> Value {
        let answer: Value = serde_json::from_str(&call(&request.to_string())).unwrap_or_default();
        assert_eq!(answer["ok"], true, "{answer}");
        answer["result"].clone()
    }

    fn flow(files: &BTreeMap<String, String>, name: &str) -> String {
        files
            .get(&format!("flows/{name}"))
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn a_typo_is_found_and_its_suggestion_fixes_it() {
        let mut files = baseline();
        let file = "rules-permissions.policy";
        let text = files[file].replacen("protection.referral,", "protection.referal,", 1);
        files.insert(file.into(), text.clone());
        let result = ok(json!({ "op": "validate", "files": files }));
        let found = result["diagnostics"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["code"] == "E0010"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(found["suggestion"], "protection.referral", "{result}");
        assert_eq!(found["at"]["file"], file);
        // The page applies the fix at the UTF-16 offsets given (this text is ASCII up to it).
        let (from, to) = (
            found["at"]["from"].as_u64().unwrap_or(0) as usize,
            found["at"]["to"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(&text[from..to], "protection.referal");
        let fixed = format!("{}protection.referral{}", &text[..from], &text[to..]);
        files.insert(file.into(), fixed);
        let result = ok(json!({ "op": "validate", "files": files }));
        assert_eq!(result["errors"], 0, "{result}");
        assert!(
            result["policy"]["parties"]
                .as_array()
                .is_some_and(|p| !p.is_empty())
        );
    }

    #[test]
    fn a_bundled_flow_is_allowed_with_its_citation() {
        let files = baseline();
        let flow = flow(&files, "01-gbv-referral-with-consent-allowed.json");
        let result = ok(json!({ "op": "decide", "files": files, "flow": flow }));
        let e = &result["explanation"];
        assert_eq!(e["decision"]["decision"], "allow", "{e}");
        let cite = e["hops"][0]["deciding"][0]["cite"].as_str().unwrap_or("");
        assert!(cite.contains("UNHCR DPP 2015"), "{cite}");
        assert!(result["text"].as_str().is_some_and(|t| !t.is_empty()));
    }

    #[test]
    fn a_remedy_makes_a_denied_flow_allowed() {
        let files = baseline();
        let flow = flow(
            &files,
            "05-gbv-referral-consent-for-assistance-only-denied.json",
        );
        let before = ok(json!({ "op": "decide", "files": files, "flow": flow }));
        assert_eq!(before["explanation"]["decision"]["decision"], "deny");
        assert!(
            before["remedies"][0]
                .as_array()
                .is_some_and(|r| !r.is_empty())
        );
        let after = ok(json!({ "op": "remedy", "files": files, "flow": flow, "option": 0 }));
        assert_eq!(
            after["decided"]["explanation"]["decision"]["decision"],
            "allow"
        );
        assert_ne!(after["flow"].as_str(), Some(flow.as_str()));
        // The changed flow, decided on its own, is allowed too.
        let again = ok(json!({ "op": "decide", "files": files, "flow": after["flow"] }));
        assert_eq!(again["explanation"]["decision"]["decision"], "allow");
    }

    #[test]
    fn the_packs_tests_pass_with_full_coverage() {
        let result = ok(json!({ "op": "test", "files": baseline() }));
        assert_eq!(result["failed"], 0, "{}", result["text"]);
        assert!(result["passed"].as_u64().is_some_and(|n| n > 70));
        assert_eq!(result["coverage"]["percent"], 100.0);
    }

    #[test]
    fn the_page_and_the_explanation_speak_french() {
        let words = ok(json!({ "op": "messages", "lang": "fr" }));
        assert_eq!(words["messages"]["workbench-decide"], "Décider");
        let english = ok(json!({ "op": "messages" }));
        let ids = |v: &Value| {
            v["messages"]
                .as_object()
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
        };
        assert_eq!(ids(&words), ids(&english));
        let files = baseline();
        let flow = flow(&files, "01-gbv-referral-with-consent-allowed.json");
        let result = ok(json!({ "op": "decide", "lang": "fr", "files": files, "flow": flow }));
        let reason = result["explanation"]["decision"]["reason"]
            .as_str()
            .unwrap_or("");
        assert!(reason.contains("autorisé"), "{reason}");
    }

    #[test]
    fn a_file_is_formatted_and_a_broken_one_is_refused() {
        let result = ok(json!({ "op": "format", "text": "policy   \"x\"\n" }));
        assert_eq!(result["text"], "policy \"x\"\n");
        let answer: Value =
            serde_json::from_str(&call(r#"{"op":"format","text":"policy ("}"#)).unwrap_or_default();
        assert_eq!(answer["ok"], false);
    }

    #[test]
    fn a_changed_retention_is_a_class_of_the_diff() {
        let saved = baseline();
        let at = "2026-06-01T00:00:00Z";
        let same = ok(json!({ "op": "diff", "saved": saved, "files": saved, "at": at }));
        assert_eq!(same["classes"], 0, "{}", same["text"]);
        let mut files = saved.clone();
        let file = "rules-permissions.policy";
        let text = files[file].replacen("retain at most 90 days", "retain at most 30 days", 1);
        assert_ne!(text, files[file]);
        files.insert(file.into(), text);
        let changed = ok(json!({ "op": "diff", "saved": saved, "files": files, "at": at }));
        assert!(
            changed["classes"].as_u64().is_some_and(|n| n >= 1),
            "{changed}"
        );
    }

    #[test]
    fn malformed_requests_are_errors_not_panics() {
        for request in ["", "nope", "{}", r#"{"op":"launch"}"#, r#"{"op":"decide"}"#] {
            let answer: Value = serde_json::from_str(&call(request)).unwrap_or_default();
            assert_eq!(answer["ok"], false, "{request}");
        }
        let answer: Value = serde_json::from_str(&call(
            &json!({ "op": "remedy", "files": baseline(), "flow": "{}", "option": 99 }).to_string(),
        ))
        .unwrap_or_default();
        assert_eq!(answer["ok"], false);
    }

    #[test]
    fn a_use_that_leaves_the_pack_is_refused() {
        let files = BTreeMap::from([(
            "a.policy".to_owned(),
            "policy \"a\"\nuse \"../outside.policy\"\n".to_owned(),
        )]);
        let result = ok(json!({ "op": "validate", "files": files }));
        assert_eq!(result["diagnostics"][0]["code"], "E0031", "{result}");
        let files = BTreeMap::from([
            (
                "a.policy".to_owned(),
                "policy \"a\"\nuse vocabulary \"humanitarain\"\n".to_owned(),
            ),
            (
                "humanitarian/x.policy".to_owned(),
                "vocabulary \"humanitarian\"\n".to_owned(),
            ),
        ]);
        let result = ok(json!({ "op": "validate", "files": files }));
        assert_eq!(result["diagnostics"][0]["code"], "E0007", "{result}");
        assert_eq!(result["diagnostics"][0]["suggestion"], "\"humanitarian\"");
        assert_eq!(
            result["diagnostics"][0]["at"]["column"], 16,
            "the quoted name"
        );
    }

    /// The findings are in the page's language: an unknown name in French, its code the same.
    #[test]
    fn findings_read_in_the_pages_language() {
        let files = BTreeMap::from([(
            "a.policy".to_owned(),
            "policy \"a\"\ncategory personal\npurpose p\n\
             deny \"x\" when data includes personl cite \"c\"\n"
                .to_owned(),
        )]);
        let en = ok(json!({ "op": "validate", "files": files }));
        let fr = ok(json!({ "op": "validate", "lang": "fr", "files": files }));
        assert_eq!(en["diagnostics"][0]["code"], "E0010", "{en}");
        assert_eq!(fr["diagnostics"][0]["code"], "E0010", "{fr}");
        assert_eq!(
            en["diagnostics"][0]["message"],
            "unknown data category `personl`"
        );
        let said = fr["diagnostics"][0]["message"].as_str().unwrap_or_default();
        assert!(said.starts_with("nom inconnu `personl`"), "{fr}");
        assert_eq!(
            fr["diagnostics"][0]["help"],
            "vouliez-vous dire `personal` ?"
        );
    }
}
