//! What a policy change would do to real decisions: `log replay` re-decides a log under a
//! new version, `diff --log` counts logged flows per symbolic change, and `check --shadow`
//! decides under a candidate without changing the answer.

use crate::common;

use common::{TempDir, code, mandate};
use mandate::Engine;
use mandate::log::{DecisionLog, RECORDS};
use serde_json::Value;

const BASE: &str = "policy \"t\" version \"1\"\ncategory personal\ncategory health\n\
                    subject s\npurpose p\nparty kind k\nparty a kind k jurisdiction \"KE\"\n";
const OLD_RULES: &str = "allow \"all\" when purpose within p cite \"c\"\n";
const NEW_RULES: &str = "allow \"all\" when purpose within p cite \"c\"\n\
                         deny \"no health\" when data includes health cite \"c\"\n";

fn flow(i: usize) -> String {
    let data = if i.is_multiple_of(3) {
        "health"
    } else {
        "personal"
    };
    format!(
        r#"{{"id":"f{i}","at":"2026-01-01T00:00:00Z","from":"a","to":"a","data":["{data}"],"subjects":["s"],"purpose":"p"}}"#
    )
}

/// Old and new policy files, and a log of 12 flows (4 on health data) decided under the old.
fn setup(tmp: &TempDir) -> (String, String, String) {
    let old = tmp.write("old/p.policy", &format!("{BASE}{OLD_RULES}"));
    let new = tmp.write("new/p.policy", &format!("{BASE}{NEW_RULES}"));
    let engine = Engine::from_path(&old).expect("compiles");
    let dir = tmp.path().join("log");
    let key = mandate::log::LogKey::generate().expect("a key");
    tmp.write("key.pub", &format!("{}\n", key.public()));
    let log = DecisionLog::open(&dir).expect("opens").signed_by(key);
    for i in 0..12 {
        let f = flow(i);
        log.append(engine.policy(), &f, &engine.decide_json(&f))
            .expect("appends");
    }
    let s = |p: &std::path::Path| p.to_string_lossy().into_owned();
    (s(&dir), s(&old), s(&new))
}

/// Every file of a folder with its bytes, to show nothing was written.
fn snapshot(dir: &str) -> Vec<(String, Vec<u8>)> {
    fn walk(p: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(p)
            .expect("reads")
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                let bytes = std::fs::read(&path).expect("reads");
                out.push((path.to_string_lossy().into_owned(), bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(std::path::Path::new(dir), &mut out);
    out
}

/// `mandate log replay` with the log's public key trusted (as an operator passes it).
fn replay(tmp: &TempDir, args: &[&str]) -> std::process::Output {
    let key = tmp.path().join("key.pub").to_string_lossy().into_owned();
    let mut all = vec!["log", "replay"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--public-key", &key]);
    mandate(&all, None)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn replay_groups_the_changes_and_exits_1_without_writing_the_log() {
    let tmp = TempDir::new("replay-changes");
    let (log, _, new) = setup(&tmp);
    let before = snapshot(&log);
    let o = replay(&tmp, &[&log, "--policy", &new, "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let report = &out["report"];
    assert_eq!(report["replayed"], 12);
    assert_eq!(report["changed"], 4);
    let changes = report["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(c["count"], 4);
    assert_eq!(c["old"]["decision"], "allow");
    assert_eq!(c["old"]["rules"], serde_json::json!(["all"]));
    assert_eq!(c["new"]["decision"], "deny");
    assert_eq!(c["new"]["kind"], "forbidden");
    assert_eq!(c["new"]["rules"], serde_json::json!(["no health"]));
    let examples = c["examples"].as_array().expect("examples");
    assert_eq!(examples.len(), 3);
    assert!(examples[0].as_str().expect("an id").starts_with("d000001-"));

    let text = replay(&tmp, &[&log, "--policy", &new]);
    assert_eq!(code(&text), 1);
    let shown = stdout(&text);
    assert!(
        shown.contains("4 flows: ALLOW → DENY (forbidden)"),
        "{shown}"
    );
    assert!(shown.contains("now decided by \"no health\""), "{shown}");
    assert!(shown.contains("--explain ID"), "{shown}");
    let fr = replay(&tmp, &[&log, "--policy", &new, "--lang", "fr"]);
    assert!(
        stdout(&fr).contains("désormais décidé par"),
        "{}",
        stdout(&fr)
    );
    assert_eq!(snapshot(&log), before, "the log is never written");
}

#[test]
fn replay_under_the_same_policy_or_outside_the_window_changes_nothing() {
    let tmp = TempDir::new("replay-same");
    let (log, old, new) = setup(&tmp);
    let o = replay(&tmp, &[&log, "--policy", &old]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("no change"), "{}", stdout(&o));
    let o = replay(
        &tmp,
        &[
            &log,
            "--policy",
            &new,
            "--since",
            "2999-01-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(out["report"]["outside"], 12);
    assert_eq!(out["report"]["replayed"], 0);
}

#[test]
fn replay_refuses_a_log_that_does_not_verify_unless_allowed() {
    let tmp = TempDir::new("replay-tampered");
    let (log, _, new) = setup(&tmp);
    let path = std::path::Path::new(&log).join(RECORDS);
    let text = std::fs::read_to_string(&path).expect("records");
    // A health flow's record rewritten to say it was denied.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[3] = lines[3].replace("\"decision\":\"allow\"", "\"decision\":\"deny\"");
    std::fs::write(&path, lines.join("\n") + "\n").expect("writes");
    let o = replay(&tmp, &[&log, "--policy", &new]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(
        stderr(&o).contains("edited"),
        "names what failed: {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--allow-unverified"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let o = replay(
        &tmp,
        &[
            &log,
            "--policy",
            &new,
            "--allow-unverified",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("WARNING"), "{}", stderr(&o));
    assert!(stderr(&o).contains("edited"), "{}", stderr(&o));
    let out: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(out["verified"], false);
    assert_eq!(out["problems"][0]["kind"], "edited");
}

#[test]
fn replay_explains_one_change_side_by_side() {
    let tmp = TempDir::new("replay-explain");
    let (log, _, new) = setup(&tmp);
    let report = replay(&tmp, &[&log, "--policy", &new, "--format", "json"]);
    let out: Value = serde_json::from_str(&stdout(&report)).expect("JSON");
    let id = out["report"]["changes"][0]["examples"][0]
        .as_str()
        .expect("an id")
        .to_owned();
    let o = replay(&tmp, &[&log, "--policy", &new, "--explain", &id]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let shown = stdout(&o);
    assert!(shown.contains("AS LOGGED"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.contains("AS LOGGED") && l.contains("│ UNDER THE NEW POLICY")),
        "side by side: {shown}"
    );
    let o = replay(
        &tmp,
        &[&log, "--policy", &new, "--explain", &id, "--format", "json"],
    );
    let out: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(out["changed"], true);
    assert_eq!(out["old"]["decision"]["decision"], "allow");
    assert_eq!(out["new"]["decision"]["decision"], "deny");
    let unchanged = std::fs::read_to_string(std::path::Path::new(&log).join(RECORDS))
        .expect("records")
        .lines()
        .nth(1)
        .and_then(|l| mandate::log::Record::parse(l).ok())
        .expect("a record")
        .id;
    let o = replay(&tmp, &[&log, "--policy", &new, "--explain", &unchanged]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = replay(&tmp, &[&log, "--policy", &new, "--explain", "d9-nope"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn check_with_a_shadow_answers_from_the_live_policy_and_names_disagreements() {
    let tmp = TempDir::new("check-shadow");
    let (_, old, new) = setup(&tmp);
    let flows: Vec<String> = (0..6).map(flow).collect();
    let input = tmp.write("flows.jsonl", &(flows.join("\n") + "\n"));
    let shadow_log = tmp.path().join("shadow").to_string_lossy().into_owned();
    let key = tmp.path().join("key").to_string_lossy().into_owned();
    let o = common::mandate_with_env(
        &[
            "check",
            "--policy",
            &old,
            "--flow",
            &input.to_string_lossy(),
            "--format",
            "json",
            "--shadow",
            &new,
            "--shadow-log",
            &shadow_log,
        ],
        None,
        &[("MANDATE_LOG_KEY", &key), ("NO_COLOR", "1")],
    );
    assert_eq!(
        code(&o),
        0,
        "every flow allowed by the live policy: {}",
        stderr(&o)
    );
    let answers: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(answers.len(), 6);
    assert!(answers.iter().all(|a| a["decision"] == "allow"));
    let err = stderr(&o);
    assert_eq!(err.matches("would be DENY (forbidden)").count(), 2, "{err}");
    assert!(err.contains("f0") && err.contains("f3"), "{err}");
    assert!(err.contains("2 of 6"), "{err}");
    let logged = DecisionLog::open(&shadow_log)
        .expect("opens")
        .records()
        .expect("reads");
    assert_eq!(logged.len(), 2);
    assert!(logged.iter().all(|r| r.policy != answers[0]["policy"]));
}

#[test]
fn diff_with_a_log_counts_the_logged_flows_of_each_change() {
    let tmp = TempDir::new("diff-log");
    let (log, old, new) = setup(&tmp);
    let before = snapshot(&log);
    let o = mandate(
        &["diff", &old, &new, "--log", &log, "--format", "json"],
        None,
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let changes = out["changes"].as_array().expect("changes");
    let health = changes
        .iter()
        .find(|c| c["rule"] == "no health")
        .expect("the new deny is a change");
    assert_eq!(health["logged"]["count"], 4, "{health}");
    assert_eq!(out["log"]["decided"], 12);
    assert_eq!(out["log"]["changed"], 4);
    assert_eq!(out["log"]["unattributed"]["count"], 0);
    let text = mandate(&["diff", &old, &new, "--log", &log], None);
    let shown = stdout(&text);
    assert!(
        shown.contains("12 logged flow(s) decided under both versions"),
        "{shown}"
    );
    assert!(
        shown.contains("newly forbids \"no health\": 4 logged flows"),
        "{shown}"
    );
    assert!(
        shown.contains("4 logged flows (for example d000001-"),
        "{shown}"
    );
    assert_eq!(snapshot(&log), before, "the log is never written");
}
