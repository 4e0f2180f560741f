//! The policy tools as a user runs them: `mandate test` (with coverage) and `mandate fmt`, on
//! purpose-built packs in temporary folders and on the bundled policies.

use crate::common;

use common::TempDir;
use std::process::{Command, Output};

fn mandate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mandate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The same as `code`, for tests that have a local named `code`.
fn code_of(o: &Output) -> i32 {
    code(o)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn arg(dir: &TempDir) -> String {
    dir.path().to_string_lossy().into_owned()
}

const POLICY: &str = r#"policy "Tested" version "1"
category personal
category personal.biometric
category personal.contact
purpose humanitarian
purpose humanitarian.referral
party kind state_authority
party kind partner
party org_a kind partner jurisdiction "KE"
party org_b kind partner jurisdiction "KE"
party police kind state_authority jurisdiction "KE"
deny "No biometrics to the state"
  when data includes personal.biometric and recipient is state_authority
  unless approved by dpo
  cite "ICRC Handbook ch. 8"
allow "Humanitarian use by partners"
  when purpose within humanitarian and recipient is partner
  require retain at most 30 days
  cite "test"
"#;

fn flow(id: &str, to: &str, data: &str) -> String {
    format!(
        r#"{{"id":"{id}","at":"2025-01-01T00:00:00Z","from":"org_a","to":"{to}","data":["{data}"],"purpose":"humanitarian.referral"}}"#
    )
}

/// A pack with two flows in `flows/` (+ expected.json) and one inline test in `tests/`.
fn pack(dir: &TempDir) {
    dir.write("pack/rules.policy", POLICY);
    dir.write(
        "pack/flows/a-partner.json",
        &flow("a", "org_b", "personal.contact"),
    );
    dir.write(
        "pack/flows/b-police.json",
        &flow("b", "police", "personal.biometric"),
    );
    dir.write(
        "pack/flows/expected.json",
        r#"{
  "a-partner.json": {"decision": "allow", "kind": null,
                     "rules": ["Humanitarian use by partners"]},
  "b-police.json": {"decision": "deny", "kind": "forbidden",
                    "rules": ["No biometrics to the state"]}
}"#,
    );
    dir.write(
        "pack/tests/c-obligations.json",
        &format!(
            r#"{{"name": "c-partner-gets-retention", "flow": {},
  "expect": {{"decision": "allow", "obligations": ["retain at most 30 days"]}}}}"#,
            flow("c", "org_b", "personal.contact")
        ),
    );
}

#[test]
fn passing_tests_report_like_cargo_test() {
    let dir = TempDir::new("tools-pass");
    pack(&dir);
    let pack = format!("{}/pack", arg(&dir));
    let out = mandate(&["test", &pack]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    insta::assert_snapshot!("test_pass", stdout(&out));
}

#[test]
fn a_failing_test_shows_the_explanation_and_fails() {
    let dir = TempDir::new("tools-fail");
    pack(&dir);
    dir.write(
        "pack/tests/d-wrong.json",
        &format!(
            r#"{{"name": "d-police-gets-biometrics", "flow": {},
  "expect": {{"decision": "allow", "rules": ["Humanitarian use by partners"]}}}}"#,
            flow("d", "police", "personal.biometric")
        ),
    );
    let pack = format!("{}/pack", arg(&dir));
    let out = mandate(&["test", &pack]);
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!("test_fail", dir.scrub(&stdout(&out)));
    let json = mandate(&["test", &pack, "--format", "json"]);
    assert_eq!(code(&json), 1);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(v["failed"], 1);
    assert_eq!(v["passed"], 3);
    let failed = v["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["ok"] == false)
        .expect("one failure");
    assert_eq!(failed["name"], "d-police-gets-biometrics");
    assert_eq!(failed["got"]["kind"], "forbidden");
}

#[test]
fn malformed_test_files_fail_their_test_and_never_crash() {
    let dir = TempDir::new("tools-malformed");
    pack(&dir);
    dir.write("pack/tests/e-broken.json", "{ not json");
    dir.write(
        "pack/tests/f-typo.json",
        r#"{"flow_file": "../flows/a-partner.json", "expect": {"decison": "allow"}}"#,
    );
    dir.write(
        "pack/tests/g-both.json",
        r#"{"flow_file": "../flows/a-partner.json", "flow": {}, "expect": {"decision": "allow"}}"#,
    );
    dir.write(
        "pack/flows/h-unlisted.json",
        &flow("h", "org_b", "personal.contact"),
    );
    // A test file may not make `mandate test` read (and show) a file outside the pack.
    dir.write("secret.json", &flow("s", "org_b", "personal.contact"));
    dir.write(
        "pack/tests/i-escape.json",
        r#"{"flow_file": "../../secret.json", "expect": {"decision": "allow"}}"#,
    );
    let pack = format!("{}/pack", arg(&dir));
    let out = mandate(&["test", &pack]);
    assert_eq!(code(&out), 1);
    let text = dir.scrub(&stdout(&out));
    assert!(text.contains("test i-escape ... FAILED"), "{text}");
    assert!(text.contains("leads outside the pack"), "{text}");
    let json = mandate(&["test", &pack, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    let escape = v["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["name"] == "i-escape")
        .expect("the escaping test");
    assert_eq!(escape["problems"][0]["problem"], "outside_pack");
    assert_eq!(escape["problems"][0]["path"], "../../secret.json");
    assert!(text.contains("test e-broken ... FAILED"), "{text}");
    assert!(text.contains("not a test file"), "{text}");
    assert!(text.contains("test f-typo ... FAILED"), "{text}");
    assert!(text.contains("unknown field `decison`"), "{text}");
    assert!(text.contains("exactly one of `flow`"), "{text}");
    assert!(text.contains("has no expectation"), "{text}");
    assert!(
        text.contains("4 passed; 5 failed") || text.contains("3 passed; 5 failed"),
        "{text}"
    );
}

#[test]
fn a_pack_without_tests_is_an_error() {
    let dir = TempDir::new("tools-none");
    dir.write("pack/rules.policy", POLICY);
    let out = mandate(&["test", &format!("{}/pack", arg(&dir))]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no tests"));
}

#[test]
fn coverage_names_what_no_test_exercises_and_min_coverage_fails_below_it() {
    let dir = TempDir::new("tools-coverage");
    pack(&dir);
    let pack = format!("{}/pack", arg(&dir));
    let out = mandate(&["test", &pack, "--coverage"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!("coverage_partial", dir.scrub(&stdout(&out)));
    // 5 of 6 items: the deny rule's exception is never seen to hold.
    let below = mandate(&["test", &pack, "--min-coverage", "90"]);
    assert_eq!(code(&below), 1);
    assert!(stdout(&below).contains("below the required 90%"));
    let at = mandate(&["test", &pack, "--min-coverage", "83"]);
    assert_eq!(code(&at), 0, "{}", stdout(&at));
    // A test of the exception brings it to 100%.
    dir.write(
        "pack/tests/e-approved.json",
        &format!(
            r#"{{"flow": {}, "expect": {{"decision": "deny", "kind": "not_permitted", "rules": []}}}}"#,
            flow("e", "police", "personal.biometric")
                .replace(r#""purpose""#, r#""approvals":[{"role":"dpo"}],"purpose""#)
        ),
    );
    let full = mandate(&["test", &pack, "--min-coverage", "100", "--format", "json"]);
    assert_eq!(code(&full), 0, "{}", stdout(&full));
    let v: serde_json::Value = serde_json::from_slice(&full.stdout).expect("JSON report");
    assert_eq!(v["coverage"]["covered"], v["coverage"]["total"]);
}

/// A pack that extends consent to compatible purposes has a coverage item for it, covered
/// only by a test whose consent reaches its purpose through a declared compatibility.
#[test]
fn consent_reaching_a_compatible_purpose_is_a_coverage_item() {
    let dir = TempDir::new("tools-coverage-consent");
    dir.write(
        "pack/rules.policy",
        r#"policy "Consent" version "1"
category personal
category personal.contact
subject beneficiary
purpose case_work
purpose referral
compatible referral with case_work
party kind partner
party org_a kind partner jurisdiction "KE"
party org_b kind partner jurisdiction "KE"
consent extends to compatible purposes
  cite "IOM DPP Principle 2"
allow "On consent"
  when basis is consent and consent covers flow
  cite "test"
"#,
    );
    let consented = |id: &str, purpose: &str, given_for: &str| {
        format!(
            r#"{{"id":"{id}","at":"2025-01-01T00:00:00Z","from":"org_a","to":"org_b","data":["personal.contact"],"subjects":["beneficiary"],"purpose":"{purpose}","basis":"consent","consent":{{"id":"C-1","status":"given","purposes":["{given_for}"],"recipients":["org_b"],"countries":["KE"]}}}}"#
        )
    };
    let direct = consented("direct", "case_work", "case_work");
    let other = consented("refused", "case_work", "referral");
    dir.write(
        "pack/tests/a-direct.json",
        &format!(r#"{{"flow": {direct}, "expect": {{"decision": "allow"}}}}"#),
    );
    dir.write(
        "pack/tests/b-other.json",
        &format!(r#"{{"flow": {other}, "expect": {{"decision": "deny"}}}}"#),
    );
    let pack = format!("{}/pack", arg(&dir));
    let out = mandate(&["test", &pack, "--min-coverage", "100", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let setting = &v["coverage"]["settings"][0];
    assert_eq!(setting["setting"], "consent_extends");
    assert_eq!(setting["cite"], "IOM DPP Principle 2");
    assert_eq!(setting["items"][0]["what"], "consent_through_compatible");
    assert!(setting["items"][0]["by"].is_null(), "{setting}");
    let text = stdout(&mandate(&["test", &pack, "--coverage", "--lang", "fr"]));
    assert!(
        text.contains("✗ le consentement atteint une finalité compatible"),
        "{text}"
    );
    // Consent given for case work reaches the referral only through the compatibility.
    let through = consented("through", "referral", "case_work");
    dir.write(
        "pack/tests/c-through.json",
        &format!(r#"{{"flow": {through}, "expect": {{"decision": "allow"}}}}"#),
    );
    let out = mandate(&["test", &pack, "--min-coverage", "100", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["coverage"]["settings"][0]["items"][0]["by"], "c-through");
    let text = stdout(&mandate(&["test", &pack, "--coverage"]));
    assert!(
        text.contains("✓ consent reaches a compatible purpose") && text.contains("by c-through"),
        "{text}"
    );
}

/// Each exception to a built-in check has two coverage items: a test where it lifts the
/// check, and one where the check fails and the exception does not hold.
#[test]
fn an_exception_to_a_check_is_covered_where_it_lifts_it_and_where_it_does_not() {
    let dir = TempDir::new("tools-coverage-exception");
    dir.write(
        "pack/rules.policy",
        r#"policy "Exceptions" version "1"
category personal
category personal.contact
subject beneficiary
purpose registration
purpose police
party kind agency
party org_a kind agency jurisdiction "KE"
party org_b kind agency jurisdiction "KE"
allow "Disclosure" when purpose within police cite "test"
check builtin.purpose_limitation
  unless purpose within police and approved by dpo
  cite "DPP 6.3"
"#,
    );
    let police = |id: &str, approvals: &str| {
        format!(
            r#"{{"id":"{id}","at":"2025-01-01T00:00:00Z","from":"org_a","to":"org_b","data":["personal.contact"],"subjects":["beneficiary"],"purpose":"police","collected_for":"registration","approvals":[{approvals}]}}"#
        )
    };
    let unapproved = police("unapproved", "");
    dir.write(
        "pack/tests/a-unapproved.json",
        &format!(r#"{{"flow": {unapproved}, "expect": {{"decision": "deny"}}}}"#),
    );
    let pack = format!("{}/pack", arg(&dir));
    let json = |out: &Output| -> serde_json::Value {
        serde_json::from_slice(&out.stdout).expect("JSON report")
    };
    let out = mandate(&["test", &pack, "--min-coverage", "100", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let v = json(&out);
    let setting = &v["coverage"]["settings"][0];
    assert_eq!(setting["setting"], "check_exception");
    assert_eq!(setting["check"], "builtin.purpose_limitation");
    assert_eq!(setting["cite"], "DPP 6.3");
    assert_eq!(setting["items"][0]["what"], "exception_lifts_check");
    assert!(setting["items"][0]["by"].is_null(), "{setting}");
    assert_eq!(setting["items"][1]["what"], "exception_does_not_lift");
    assert_eq!(setting["items"][1]["by"], "a-unapproved");
    let approved = police("approved", r#"{"role":"dpo"}"#);
    dir.write(
        "pack/tests/b-approved.json",
        &format!(r#"{{"flow": {approved}, "expect": {{"decision": "allow"}}}}"#),
    );
    // And one the rule does not apply to, for the rule's own items.
    let other = police("other", "").replace(r#""purpose":"police""#, r#""purpose":"registration""#);
    dir.write(
        "pack/tests/c-other.json",
        &format!(r#"{{"flow": {other}, "expect": {{"decision": "deny"}}}}"#),
    );
    let out = mandate(&["test", &pack, "--min-coverage", "100", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(
        json(&out)["coverage"]["settings"][0]["items"][0]["by"],
        "b-approved"
    );
    let text = stdout(&mandate(&["test", &pack, "--coverage", "--lang", "fr"]));
    assert!(
        text.contains("exception à builtin.purpose_limitation (DPP 6.3)")
            && text.contains("✓ l'exception lève le contrôle"),
        "{text}"
    );
}

#[test]
fn the_baseline_pack_passes_its_tests_with_full_coverage() {
    let out = mandate(&[
        "test",
        "policies/humanitarian-baseline",
        "--min-coverage",
        "100",
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("test result: ok."));
}

// ---------------------------------------------------------------- mandate fmt

/// Every `.policy` file under `dir`, as paths relative to it.
fn policy_files(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            policy_files(&p, base, out);
        } else if p.extension().is_some_and(|e| e == "policy") {
            out.push(p.strip_prefix(base).expect("under base").to_owned());
        }
    }
}

/// The same text with its layout spoiled but its tokens and line breaks kept: every line
/// indented oddly and followed by spaces, and every blank line doubled.
fn spoil(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            out.push_str("\n \t\n");
            continue;
        }
        out.push_str(&" ".repeat(i % 5));
        out.push_str(line.trim_start());
        out.push_str("   \r\n");
    }
    out
}

fn hashes(path: &str) -> Vec<(String, String)> {
    let out = mandate(&["validate", path, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("validate JSON");
    let mut hashes: Vec<(String, String)> = v["packs"]
        .as_array()
        .expect("packs")
        .iter()
        .map(|p| {
            let name = p["path"].as_str().unwrap_or_default();
            let name = name.rsplit('/').next().unwrap_or_default().to_owned();
            (name, p["hash"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    hashes.sort();
    hashes
}

#[test]
fn every_bundled_policy_is_formatted() {
    let out = mandate(&["fmt", "--check", "policies/"]);
    assert_eq!(
        code(&out),
        0,
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn formatting_restores_every_bundled_policy_and_never_changes_a_hash() {
    let dir = TempDir::new("tools-fmt-bundled");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut files = Vec::new();
    policy_files(&root, &root, &mut files);
    assert!(files.len() >= 10, "{files:?}");
    for f in &files {
        let text = std::fs::read_to_string(root.join(f)).expect("readable policy");
        dir.write(&f.to_string_lossy(), &spoil(&text));
    }
    let spoiled = arg(&dir);
    let original = hashes("policies");
    assert_eq!(
        hashes(&spoiled),
        original,
        "spoiling the layout changes no meaning"
    );
    let check = mandate(&["fmt", "--check", &spoiled]);
    assert_eq!(code(&check), 1);
    assert_eq!(stdout(&check).lines().count(), files.len());
    let out = mandate(&["fmt", &spoiled]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    for f in &files {
        let back = std::fs::read_to_string(dir.path().join(f)).expect("formatted file");
        let want = std::fs::read_to_string(root.join(f)).expect("readable policy");
        assert_eq!(
            back,
            want,
            "{} is not restored to its canonical form",
            f.display()
        );
    }
    assert_eq!(hashes(&spoiled), original, "formatting changes no hash");
    // Formatting twice changes nothing.
    let again = mandate(&["fmt", &spoiled]);
    assert_eq!(code(&again), 0);
    assert_eq!(stdout(&again), "");
}

#[test]
fn fmt_check_lists_files_and_a_broken_file_is_left_alone() {
    let dir = TempDir::new("tools-fmt-check");
    dir.write(
        "p/ok.policy",
        "policy \"T\" version \"1\"\ncategory personal\n",
    );
    dir.write("p/messy.policy", "category   personal.contact   # kept\n");
    let broken = "category personal.x when when\n";
    dir.write("q/broken.policy", broken);
    let p = format!("{}/p", arg(&dir));
    let check = mandate(&["fmt", "--check", &p]);
    assert_eq!(code(&check), 1);
    assert_eq!(
        dir.scrub(&stdout(&check)),
        "would reformat <tmp>/p/messy.policy\n"
    );
    let out = mandate(&["fmt", &p]);
    assert_eq!(code(&out), 0);
    let text = std::fs::read_to_string(dir.path().join("p/messy.policy")).expect("written");
    assert_eq!(text, "category personal.contact  # kept\n");
    let q = format!("{}/q", arg(&dir));
    let bad = mandate(&["fmt", &q]);
    assert_eq!(code(&bad), 2);
    let err = dir.scrub(&String::from_utf8_lossy(&bad.stderr));
    assert!(err.contains("<tmp>/q/broken.policy:1:"), "{err}");
    assert!(
        err.contains("does not parse, so it was not formatted"),
        "{err}"
    );
    let kept = std::fs::read_to_string(dir.path().join("q/broken.policy")).expect("kept");
    assert_eq!(kept, broken);
}

// ---------------------------------------------------------------- mandate lint

const LINTED: &str = r#"policy "Lint" version "1"
category personal
category personal.health
category personal.biometric
category leftover
purpose humanitarian
purpose marketing
party kind ngo
party kind state
party a kind ngo jurisdiction "KE"
party b kind ngo jurisdiction "KE"
party police kind state jurisdiction "KE"
party army kind state jurisdiction "KE"

agreement "OLD" between a and b
  purposes humanitarian
  data personal
  valid 2020-01-01 to 2025-01-01
agreement "SOON" between a and b
  purposes humanitarian
  data personal
  valid 2020-01-01 to 2026-12-10

deny "Contradiction"
  when purpose is humanitarian and purpose is marketing
  cite "x"
deny "Exception swallows the rule"
  when recipient is police
  unless recipient is state
  cite "x"
deny "Odd exception"
  when recipient is ngo and data includes personal.biometric
  unless recipient is state
  cite "x"
deny "No health data to the state"
  when data includes personal.health and recipient is state
  cite "x"
deny "No health data to the police"
  when data includes personal.health and recipient is police
  cite "x"
allow "Health data to the state for humanitarian work"
  when data includes personal.health and recipient is state and purpose within humanitarian
  cite "x"
allow "Partners"
  when recipient is ngo and purpose within humanitarian
  cite "x"
allow "Partners again"
  when purpose within humanitarian and recipient is ngo
  cite "y"
allow "Marketing under an agreement"
  when recipient is ngo and purpose is marketing and agreement covers flow
"#;

#[test]
fn lint_reports_every_kind_of_finding_where_it_is() {
    let dir = TempDir::new("tools-lint");
    dir.write("pack/rules.policy", LINTED);
    let pack = format!("{}/pack", arg(&dir));
    let out = mandate(&["lint", &pack, "--today", "2026-11-23"]);
    assert_eq!(code(&out), 1, "errors exit 1");
    let text = dir.scrub(&format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        stdout(&out)
    ));
    insta::assert_snapshot!("lint_findings", text);
    // The same findings for a French reader: the codes, places and names stay.
    let fr = mandate(&["lint", &pack, "--today", "2026-11-23", "--lang", "fr"]);
    let fr_text = dir.scrub(&format!(
        "{}{}",
        String::from_utf8_lossy(&fr.stderr),
        stdout(&fr)
    ));
    assert!(fr_text.contains("ne peut jamais"), "{fr_text}");
    insta::assert_snapshot!("lint_findings_fr", fr_text);
    let json = mandate(&["lint", &pack, "--today", "2026-11-23", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("lint JSON");
    let mut codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "L0001", "L0001", "L0002", "L0003", "L0004", "L0005", "L0006", "L0007", "L0008",
            "W0001"
        ]
    );
    assert_eq!(v["errors"], 3);
}

#[test]
fn a_clean_policy_lints_clean_and_the_baseline_has_no_errors() {
    let dir = TempDir::new("tools-lint-clean");
    dir.write(
        "pack/rules.policy",
        r#"policy "Clean" version "1"
category personal
purpose humanitarian
purpose marketing
party kind ngo
party a kind ngo jurisdiction "KE"
deny "No personal data for marketing"
  when data includes personal and purpose within marketing
  cite "x"
allow "Humanitarian work by partners"
  when recipient is ngo and purpose within humanitarian
  cite "y"
"#,
    );
    let out = mandate(&["lint", &format!("{}/pack", arg(&dir))]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("0 error(s), 0 warning(s)"));
    let baseline = mandate(&[
        "lint",
        "policies/humanitarian-baseline",
        "--today",
        "2026-11-23",
    ]);
    assert_eq!(
        code(&baseline),
        0,
        "{}",
        String::from_utf8_lossy(&baseline.stderr)
    );
    assert!(stdout(&baseline).contains(": 0 error(s)"));
}

// ---------------------------------------------------------------- mandate diff

const V1: &str = r#"policy "Referrals" version "1"
category personal
category personal.health
category personal.contact
purpose humanitarian
purpose research
party kind ngo
party kind state
party kind academic
party a kind ngo jurisdiction "KE"
party b kind ngo jurisdiction "KE"
party uni kind academic jurisdiction "KE"
party police kind state jurisdiction "KE"
deny "No health data to the state"
  when data includes personal.health and recipient is state
  cite "x"
allow "Partners"
  when recipient is ngo and purpose within humanitarian
  require retain at most 90 days
  cite "x"
"#;

/// Writes `old` and `new` as two packs and runs `mandate diff` on them.
fn diff(test: &str, old: &str, new: &str) -> (i32, String) {
    let dir = TempDir::new(test);
    dir.write("old/p.policy", old);
    dir.write("new/p.policy", new);
    let out = mandate(&[
        "diff",
        &format!("{}/old", arg(&dir)),
        &format!("{}/new", arg(&dir)),
        "--at",
        "2026-01-01T00:00:00Z",
    ]);
    let text = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    (code(&out), dir.scrub(&text))
}

/// A suspension changes no decision, so it is no difference for the exit code; `diff` lists
/// it all the same, in text and JSON, since it changes which remedies may be proposed.
#[test]
fn diff_lists_a_suspension_that_changes_no_decision() {
    let agreement = "agreement \"DTA-1\" between a and b\n  purposes humanitarian\n  data personal\n  valid 2024-01-01 to 2025-06-30\n";
    let old = format!("{V1}{agreement}");
    let new = format!(
        "{V1}{agreement}  suspended from 2025-07-01 because \"audit\" cite \"DPO decision 7\"\n"
    );
    let (code, text) = diff("tools-diff-suspension", &old, &new);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("suspension added"), "{text}");
    assert!(
        text.contains("\"DTA-1\" suspended since 2025-07-01"),
        "{text}"
    );
    let dir = TempDir::new("tools-diff-suspension-json");
    dir.write("old/p.policy", &old);
    dir.write("new/p.policy", &new);
    let out = mandate(&[
        "diff",
        &format!("{}/old", arg(&dir)),
        &format!("{}/new", arg(&dir)),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("diff JSON");
    assert_eq!(v["suspensions"][0]["change"], "added");
    assert_eq!(v["suspensions"][0]["agreement"], "DTA-1");
    assert_eq!(v["suspensions"][0]["cite"], "DPO decision 7");
}

/// An HXL tag mapped to another category decides the flows naming it differently, which
/// the comparison over categories cannot see: `diff` lists it, in text and JSON, counts it as
/// a difference, and does not claim that every flow gets the same decision.
#[test]
fn diff_lists_an_hxl_tag_mapped_to_another_category() {
    let old = V1.replace(
        "category personal.contact",
        "category personal.contact hxl \"#contact+phone\"",
    );
    let new = V1.replace(
        "category personal.health",
        "category personal.health hxl \"#contact+phone\"",
    );
    let (code, text) = diff("tools-diff-hashtag", &old, &new);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "HXL tag #contact+phone now maps to personal.health, no longer to personal.contact"
        ),
        "{text}"
    );
    assert!(
        !text.contains("every flow gets the same decision")
            && text.contains("the rules decide alike every flow that carries the same categories"),
        "{text}"
    );
    let dir = TempDir::new("tools-diff-hashtag-json");
    dir.write("old/p.policy", &old);
    dir.write("new/p.policy", &new);
    let out = mandate(&[
        "diff",
        &format!("{}/old", arg(&dir)),
        &format!("{}/new", arg(&dir)),
        "--format",
        "json",
    ]);
    assert_eq!(code_of(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("diff JSON");
    assert_eq!(
        v["hashtags"],
        serde_json::json!([{"tag": "#contact+phone", "before": "personal.contact", "now": "personal.health"}])
    );
    // The same mapping twice is no difference.
    let (code, text) = diff("tools-diff-hashtag-same", &old, &old);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn diff_names_a_widening_with_a_verified_witness() {
    let new = V1.replace("version \"1\"", "version \"2\"")
        + "allow \"Research by universities\"\n  when recipient is academic and purpose within research\n  cite \"y\"\n";
    let (code, text) = diff("tools-diff-widen", V1, &new);
    assert_eq!(code, 1);
    insta::assert_snapshot!("diff_widening", text);
    // In French: the sentences around the policy's names and the witness.
    let dir = TempDir::new("tools-diff-widen-fr");
    dir.write("old/p.policy", V1);
    dir.write("new/p.policy", &new);
    let out = mandate(&[
        "diff",
        &format!("{}/old", arg(&dir)),
        &format!("{}/new", arg(&dir)),
        "--at",
        "2026-01-01T00:00:00Z",
        "--lang",
        "fr",
    ]);
    assert_eq!(code_of(&out), 1);
    let french = dir.scrub(&stdout(&out));
    assert!(french.starts_with("comparaison de « "), "{french}");
    insta::assert_snapshot!("diff_widening_fr", french);
    // The JSON form carries the witness as a flow document that decides as stated.
    let dir = TempDir::new("tools-diff-widen-json");
    dir.write("old/p.policy", V1);
    dir.write("new/p.policy", &new);
    let (old_arg, new_arg) = (format!("{}/old", arg(&dir)), format!("{}/new", arg(&dir)));
    let out = mandate(&[
        "diff",
        &old_arg,
        &new_arg,
        "--at",
        "2026-01-01T00:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(code_of(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("diff JSON");
    let change = &v["changes"][0];
    assert_eq!(change["change"], "newly_allows");
    assert_eq!(
        (change["old"].as_str(), change["new"].as_str()),
        (Some("not_permitted"), Some("allowed"))
    );
    assert_eq!(change["verified"], true);
    let flow = dir.write("witness.json", &change["flow"].to_string());
    let flow = flow.to_string_lossy().into_owned();
    assert_eq!(
        code_of(&mandate(&["check", "--policy", &new_arg, "--flow", &flow])),
        0
    );
    assert_eq!(
        code_of(&mandate(&["check", "--policy", &old_arg, "--flow", &flow])),
        1
    );
}

#[test]
fn diff_names_a_narrowing_and_a_new_exception() {
    let narrower = V1.replace(
        "allow \"Partners\"",
        "deny \"No health data to partners\"\n  when data includes personal.health and recipient is ngo\n  cite \"z\"\nallow \"Partners\"",
    );
    let (code, text) = diff("tools-diff-narrow", V1, &narrower);
    assert_eq!(code, 1);
    insta::assert_snapshot!("diff_narrowing", text);
    // Both versions allow approved requests from the state; the new one lets the deny rule
    // give way to them.
    let before = format!(
        "{V1}allow \"Approved requests from the state\"\n  when recipient is state and approved by dpo\n  cite \"w\"\n"
    );
    let after = before.replace(
        "  when data includes personal.health and recipient is state\n",
        "  when data includes personal.health and recipient is state\n  unless approved by dpo\n",
    );
    let (code, text) = diff("tools-diff-exception", &before, &after);
    assert_eq!(code, 1);
    insta::assert_snapshot!("diff_new_exception", text);
}

#[test]
fn diff_sees_obligation_changes() {
    let stricter = V1.replace("retain at most 90 days", "retain at most 30 days");
    let (code, text) = diff("tools-diff-obligation", V1, &stricter);
    assert_eq!(code, 1);
    assert!(
        text.contains("newly requires retain at most 30 days"),
        "{text}"
    );
    assert!(
        text.contains("no longer requires retain at most 90 days"),
        "{text}"
    );
    assert!(text.contains("(verified"), "{text}");
}

#[test]
fn reordering_renaming_and_reformatting_make_no_difference() {
    // Rules swapped, one renamed, the layout changed.
    let deny = "deny \"No health data to the state\"\n  when data includes personal.health and recipient is state\n  cite \"x\"\n";
    let reordered = V1
        .replace(deny, "")
        .replace("allow \"Partners\"", "allow \"Implementing partners\"")
        .replace("  when recipient is ngo", "      when   recipient is ngo")
        + "deny \"No health data to the state\"    when data includes personal.health\n   and recipient is state cite \"x\"\n";
    let (code, text) = diff("tools-diff-same", V1, &reordered);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("no difference"), "{text}");
    let (code, text) = diff("tools-diff-identical", V1, V1);
    assert_eq!(code, 0);
    assert!(
        text.contains("the compiled policies are identical"),
        "{text}"
    );
}

#[test]
fn diff_reports_an_unused_new_purpose_only_as_newly_accepted() {
    // The old version rejects a flow naming `marketing` (an unknown name is a deny of kind
    // error); the new one decides it. No flow both versions accept changes decision.
    let more = V1.replace(
        "purpose research\n",
        "purpose research\npurpose marketing\n",
    );
    let (code, text) = diff("tools-diff-vocab", V1, &more);
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_unused_purpose", text);
}

#[test]
fn diff_names_a_new_purpose_and_the_rule_that_allows_it() {
    let new = V1.replace(
        "purpose research\n",
        "purpose research\npurpose research.health\n",
    ) + "allow \"Health research by universities\"\n  when recipient is academic and purpose is research.health\n  cite \"y\"\n";
    let (code, text) = diff("tools-diff-new-purpose", V1, &new);
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_new_purpose", text);
}

#[test]
fn diff_sees_a_new_party() {
    let new = V1.replace(
        "party b kind ngo jurisdiction \"KE\"\n",
        "party b kind ngo jurisdiction \"KE\"\nparty c kind ngo jurisdiction \"UG\"\n",
    );
    let (code, text) = diff("tools-diff-new-party", V1, &new);
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_new_party", text);
}

/// V1 with a category outside `personal.health` that an amendment may move under it.
fn with_contact(parent: &str) -> String {
    V1.replace(
        "category personal.contact\n",
        &format!("category contact under {parent}\n"),
    )
}

#[test]
fn diff_sees_a_category_moved_under_another_parent() {
    let (code, text) = diff(
        "tools-diff-moved",
        &with_contact("personal"),
        &with_contact("personal.health"),
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_moved_category", text);
}

/// Levels, a sensitivity rule and (for `classification`) a response's overlay.
fn levelled(contact: &str, classification: &str) -> String {
    V1.replace(
        "category personal\n",
        "category personal sensitivity moderate\n",
    )
    .replace(
        "category personal.health\n",
        "category personal.health sensitivity severe\n",
    )
    .replace(
        "category personal.contact\n",
        &format!("category personal.contact{contact}\n"),
    ) + "deny \"Nothing above moderate to partners\"\n  when recipient is ngo and data sensitivity above moderate\n  cite \"z\"\n"
        + classification
}

#[test]
fn diff_sees_a_category_reclassified_to_a_higher_sensitivity() {
    let (code, text) = diff(
        "tools-diff-level",
        &levelled("", ""),
        &levelled(" sensitivity high", ""),
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_reclassified_category", text);
    // The same through a response's classification: only flows of that response change.
    let isp = "classification \"ISP\" for response \"KEN\"\n  personal.contact is high\n";
    let (code, text) = diff(
        "tools-diff-classification",
        &levelled("", ""),
        &levelled("", isp),
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_new_classification", text);
}

/// V1 whose partners need an agreement, with `agreements` declared.
fn under_agreement(agreements: &str) -> String {
    V1.replace(
        "  when recipient is ngo and purpose within humanitarian\n",
        "  when recipient is ngo and purpose within humanitarian and agreement covers flow\n",
    ) + agreements
}

const DTA: &str = "agreement \"DTA-1\" between a and b\n  purposes humanitarian\n  data personal\n  valid 2025-01-01 to 2026-12-31\n";

#[test]
fn diff_sees_an_agreement_concluded() {
    let (code, text) = diff(
        "tools-diff-agreement-new",
        &under_agreement(""),
        &under_agreement(DTA),
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_agreement_concluded", text);
}

#[test]
fn diff_sees_an_agreement_ending_earlier() {
    let earlier = DTA.replace("to 2026-12-31", "to 2026-06-30");
    let (code, text) = diff(
        "tools-diff-agreement-ends",
        &under_agreement(DTA),
        &under_agreement(&earlier),
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_agreement_ends_earlier", text);
    // The witness is dated in the months the old agreement still covered.
    assert!(text.contains("on 2026-07-01"), "{text}");
}

#[test]
fn diff_sees_an_agreement_narrowed_to_fewer_categories() {
    let narrower = DTA.replace("data personal\n", "data personal.contact\n");
    let (code, text) = diff(
        "tools-diff-agreement-narrow",
        &under_agreement(DTA),
        &under_agreement(&narrower),
    );
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_agreement_narrowed", text);
}

// ------------------------------------------------------- mandate diff: chains

/// Three partners, one rule that allows them any humanitarian transfer (no agreement needed),
/// and an agreement between `a` and `b` whose onward terms amendments change: `onward` is
/// `allowed` or `forbidden`; `more` is added at the end.
fn chains(onward: &str, more: &str) -> String {
    format!(
        r#"policy "Chains" version "1"
category personal
category personal.health
purpose humanitarian
party kind ngo
party a kind ngo jurisdiction "KE"
party b kind ngo jurisdiction "KE"
party c kind ngo jurisdiction "KE"
allow "Partners"
  when recipient is ngo and purpose within humanitarian
  cite "x"
agreement "DTA-AB" between a and b
  purposes humanitarian
  data personal
  valid 2025-01-01 to 2026-12-31
  onward transfer {onward}
{more}"#
    )
}

/// Runs `mandate diff --format json` on two packs; returns the changes and the pack paths.
fn diff_json(dir: &TempDir, old: &str, new: &str) -> (Vec<serde_json::Value>, String, String) {
    dir.write("old/p.policy", old);
    dir.write("new/p.policy", new);
    let (o, n) = (format!("{}/old", arg(dir)), format!("{}/new", arg(dir)));
    let out = mandate(&[
        "diff",
        &o,
        &n,
        "--at",
        "2026-01-01T00:00:00Z",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("diff JSON");
    let changes = v["changes"].as_array().cloned().unwrap_or_default();
    (changes, o, n)
}

/// The exit codes of `mandate check` on a change's witness under the old and new pack.
fn check_witness(dir: &TempDir, change: &serde_json::Value, old: &str, new: &str) -> (i32, i32) {
    let flow = dir.write("witness.json", &change["flow"].to_string());
    let flow = flow.to_string_lossy().into_owned();
    let run = |policy: &str| code_of(&mandate(&["check", "--policy", policy, "--flow", &flow]));
    (run(old), run(new))
}

#[test]
fn diff_sees_onward_transfer_newly_forbidden_by_an_agreement() {
    let (old, new) = (chains("allowed", ""), chains("forbidden", ""));
    let (code, text) = diff("tools-diff-onward-forbidden", &old, &new);
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("diff_onward_forbidden", text);
    // The witness is a two-hop flow that `mandate check` decides as stated.
    let dir = TempDir::new("tools-diff-onward-forbidden-json");
    let (changes, o, n) = diff_json(&dir, &old, &new);
    assert_eq!(changes.len(), 1, "{changes:?}");
    let c = &changes[0];
    assert_eq!(c["agreement"], "DTA-AB");
    assert_eq!(
        (c["old"].as_str(), c["new"].as_str()),
        (Some("allowed"), Some("forbidden"))
    );
    assert_eq!(
        (c["chain"].as_bool(), c["verified"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(c["flow"]["chain"].as_array().map(Vec::len), Some(1));
    assert_eq!(check_witness(&dir, c, &o, &n), (0, 1));
}

/// An exception to the onward-transfer check, added or removed, changes which two-hop flows
/// the check forbids while the agreement's terms stay the same: the diff's chain search
/// finds them, charged to the check, with a verified witness that meets the exception.
#[test]
fn diff_sees_an_exception_to_the_onward_transfer_check() {
    let exception =
        "check builtin.onward_transfer\n  unless approved by dpo\n  cite \"DPP 2015 §6.1\"\n";
    let (old, new) = (chains("forbidden", ""), chains("forbidden", exception));
    let dir = TempDir::new("tools-diff-onward-exception");
    let (changes, o, n) = diff_json(&dir, &old, &new);
    let c = changes
        .iter()
        .find(|c| c["check"] == "builtin.onward_transfer")
        .unwrap_or_else(|| panic!("the exception is seen: {changes:?}"));
    assert_eq!(c["change"], "no_longer_forbids", "{c}");
    assert_eq!(c["version"], "both", "{c}");
    assert_eq!(c["agreement"], "DTA-AB", "{c}");
    assert_eq!(c["condition"], "approved by dpo", "{c}");
    assert_eq!(
        (c["chain"].as_bool(), c["verified"].as_bool()),
        (Some(true), Some(true)),
        "{c}"
    );
    assert_eq!(check_witness(&dir, c, &o, &n), (1, 0));
    // Removed again: newly forbidden by the check.
    let dir = TempDir::new("tools-diff-onward-exception-removed");
    let (changes, o, n) = diff_json(&dir, &new, &old);
    let c = changes
        .iter()
        .find(|c| c["check"] == "builtin.onward_transfer")
        .unwrap_or_else(|| panic!("the exception removed is seen: {changes:?}"));
    assert_eq!(c["change"], "newly_forbids", "{c}");
    assert_eq!(check_witness(&dir, c, &o, &n), (0, 1));
}

#[test]
fn diff_sees_onward_transfer_newly_allowed_and_an_agreement_concluded() {
    let (code, text) = diff(
        "tools-diff-onward-allowed",
        &chains("forbidden", ""),
        &chains("allowed", ""),
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("no longer forbids onward transfers of data received under agreement \"DTA-AB\": flows forbidden before and allowed now"),
        "{text}"
    );
    assert!(text.contains("(verified"), "{text}");
    // A new agreement whose onward terms are the default (forbidden): the rules never ask
    // for it, so only chains through `b` and `c` change.
    let bc = "agreement \"DTA-BC\" between b and c\n  purposes humanitarian\n  data personal\n  valid 2025-01-01 to 2026-12-31\n";
    let (code, text) = diff(
        "tools-diff-onward-concluded",
        &chains("allowed", ""),
        &chains("allowed", bc),
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("newly forbids onward transfers of data received under agreement \"DTA-BC\": flows allowed before and forbidden now"),
        "{text}"
    );
    assert!(text.ends_with("1 change(s)\n"), "{text}");
}

#[test]
fn diff_sees_onward_terms_of_an_agreement_a_hop_names() {
    // `DTA-AA` (first by id) covers every a–b hop, so `DTA-AB`'s terms decide only a hop
    // that names it.
    let aa = "agreement \"DTA-AA\" between a and b\n  purposes humanitarian\n  data personal\n  valid 2025-01-01 to 2026-12-31\n  onward transfer allowed\n";
    let dir = TempDir::new("tools-diff-onward-named");
    let (changes, o, n) = diff_json(&dir, &chains("allowed", aa), &chains("forbidden", aa));
    assert_eq!(changes.len(), 1, "{changes:?}");
    let c = &changes[0];
    assert_eq!(c["agreement"], "DTA-AB");
    assert_eq!(c["flow"]["chain"][0]["agreement"], "DTA-AB");
    assert_eq!(check_witness(&dir, c, &o, &n), (0, 1));
}

#[test]
fn diff_sees_a_rule_gaining_no_onward_transfer() {
    let old = chains("allowed", "");
    let new = old.replace(
        "  cite \"x\"\n",
        "  require no onward transfer\n  cite \"x\"\n",
    );
    let (code, text) = diff("tools-diff-no-onward", &old, &new);
    assert_eq!(code, 1, "{text}");
    // The obligation itself, on one hop, and what it does to the next hop.
    assert!(text.contains("newly requires no onward transfer"), "{text}");
    assert!(
        text.contains("newly forbids onward transfers after a hop it allows (no onward transfer): flows allowed before and forbidden now\n  by allow rule \"Partners\" (new version"),
        "{text}"
    );
    let dir = TempDir::new("tools-diff-no-onward-json");
    let (changes, o, n) = diff_json(&dir, &old, &new);
    let chain = changes
        .iter()
        .find(|c| c["chain"] == true)
        .expect("a chain change");
    assert_eq!(chain["obligation"], "no onward transfer");
    assert_eq!(check_witness(&dir, chain, &o, &n), (0, 1));
    // And back: the chain is no longer forbidden.
    let (code, text) = diff("tools-diff-no-onward-back", &new, &old);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("no longer forbids onward transfers after a hop it allows (no onward transfer): flows forbidden before and allowed now"),
        "{text}"
    );
}

#[test]
fn reordering_agreements_and_obligations_makes_no_difference_to_chains() {
    let bc = "agreement \"DTA-BC\" between b and c\n  purposes humanitarian\n  data personal\n  valid 2025-01-01 to 2026-12-31\n  onward transfer forbidden\n";
    let require = "require \"Keep it here\"\n  when data includes personal.health\n  require no onward transfer\n  cite \"y\"\n";
    let old = chains("allowed", &format!("{bc}{require}"));
    // The agreements and rules in another order, the rule renamed, the layout changed.
    let ab = "agreement \"DTA-AB\" between a and b\n  purposes humanitarian\n  data personal\n  valid 2025-01-01 to 2026-12-31\n  onward transfer allowed\n";
    let new = format!(
        "{}{}{ab}",
        require.replace("Keep it here", "Health data stays with its recipient"),
        bc.replace("  purposes", "      purposes")
    );
    let new = chains("allowed", &new).replacen(ab, "", 1);
    let (code, text) = diff("tools-diff-chains-same", &old, &new);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("no difference"), "{text}");
}

/// A folder that links back into itself is walked once: each file is formatted once, the run
/// ends, and formatting in place leaves nothing beside the file (it is written to a temporary
/// file, then renamed over the old one).
#[cfg(unix)]
#[test]
fn fmt_walks_a_folder_that_links_to_itself_once_and_leaves_no_temporary_file() {
    let dir = TempDir::new("tools-fmt-loop");
    dir.write("p/messy.policy", "category   personal.contact   # kept\n");
    std::os::unix::fs::symlink("..", dir.path().join("p/back")).expect("symlink");
    let p = format!("{}/p", arg(&dir));
    let out = mandate(&["fmt", &p]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(dir.scrub(&stdout(&out)), "formatted <tmp>/p/messy.policy\n");
    let text = std::fs::read_to_string(dir.path().join("p/messy.policy")).expect("written");
    assert_eq!(text, "category personal.contact  # kept\n");
    let mut left: Vec<String> = std::fs::read_dir(dir.path().join("p"))
        .expect("listing")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["back", "messy.policy"]);
}
