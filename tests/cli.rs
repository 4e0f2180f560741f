//! The `mandate` binary as a user runs it: exit codes, formats, stdin, JSON Lines.

mod common;

use common::{TempDir, code, mandate};

/// Writes a file into the test's folder and returns its path as an argument.
fn file(dir: &TempDir, name: &str, text: &str) -> String {
    dir.write(name, text).to_string_lossy().into_owned()
}

const POLICY: &str = r#"policy "T" version "1"
category personal
category personal.biometric
purpose humanitarian
party kind state_authority
party kind partner
party org_a kind partner jurisdiction "KE"
party police kind state_authority jurisdiction "KE"
deny "No biometrics to the state"
  when data includes personal.biometric and recipient is state_authority
  cite "ICRC Handbook ch. 8"
allow "Humanitarian use by partners"
  when purpose within humanitarian and recipient is partner
  cite "test"
"#;

fn flow(id: &str, to: &str, data: &str) -> String {
    format!(
        r#"{{"id":"{id}","at":"2025-01-01T00:00:00Z","from":"org_a","to":"{to}","data":["{data}"],"purpose":"humanitarian"}}"#
    )
}

#[test]
fn validate_exit_codes() {
    let s = TempDir::new("cli-validate");
    let good = file(&s, "good/p.policy", POLICY);
    let o = mandate(&["validate", &good], None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let warn = file(
        &s,
        "warn/p.policy",
        &POLICY.replace("  cite \"test\"\n", ""),
    );
    assert_eq!(code(&mandate(&["validate", &warn], None)), 0);
    assert_eq!(
        code(&mandate(&["validate", &warn, "--deny-warnings"], None)),
        1
    );
    let bad = file(
        &s,
        "bad/p.policy",
        &POLICY.replace("recipient is partner", "recipient is partnr"),
    );
    let o = mandate(&["validate", &bad], None);
    assert_eq!(code(&o), 2);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("p.policy:13:53"), "{stderr}");
    assert!(stderr.contains("did you mean `partner`?"), "{stderr}");
    let o = mandate(&["validate", &bad, "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON diagnostics");
    assert_eq!(json["errors"], 1);
    assert_eq!(json["packs"][0]["diagnostics"][0]["at"]["line"], 13);
    assert_eq!(json["packs"][0]["diagnostics"][0]["code"], "E0010");
    assert_eq!(code(&mandate(&["validate", "no/such/place"], None)), 2);
}

#[test]
fn the_bundled_policies_validate() {
    let o = mandate(&["validate", "policies"], None);
    assert_eq!(
        code(&o),
        0,
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn check_exit_codes_and_formats() {
    let s = TempDir::new("cli-check");
    let policy = file(&s, "p/p.policy", POLICY);
    let allowed = file(&s, "allowed.json", &flow("a", "org_a", "personal"));
    let denied = file(
        &s,
        "denied.json",
        &flow("d", "police", "personal.biometric"),
    );
    let o = mandate(&["check", "--policy", &policy, "--flow", &allowed], None);
    assert_eq!(code(&o), 0);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("ALLOW"));
    let o = mandate(
        &[
            "check", "--policy", &policy, "--flow", &denied, "--format", "json",
        ],
        None,
    );
    assert_eq!(code(&o), 1);
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON decision");
    assert_eq!(d["decision"], "deny");
    assert_eq!(d["kind"], "forbidden");
    assert_eq!(d["determining"][0]["cite"], "ICRC Handbook ch. 8");
    // stdin, and a malformed flow: exit 2 with the JSON path.
    let o = mandate(
        &[
            "check", "--policy", &policy, "--flow", "-", "--format", "json",
        ],
        Some(
            r#"{"id":"x","at":"2025-01-01","from":"org_a","to":"org_a","data":"personal","purpose":"humanitarian"}"#,
        ),
    );
    assert_eq!(code(&o), 2);
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON decision");
    assert_eq!(d["kind"], "error");
    assert_eq!(d["errors"][0]["path"], "/data");
    // A broken policy checks nothing and says why.
    let broken = file(
        &s,
        "b/p.policy",
        "policy \"x\"\nallow \"y\" when data includes nothing_here\n",
    );
    let o = mandate(&["check", "--policy", &broken, "--flow", &allowed], None);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown data category `nothing_here`"));
}

#[test]
fn json_lines_give_one_decision_per_line() {
    let s = TempDir::new("cli-lines");
    let policy = file(&s, "p/p.policy", POLICY);
    let lines = [
        flow("1", "org_a", "personal"),
        flow("2", "police", "personal.biometric"),
        "{broken".to_owned(),
    ]
    .join("\n");
    let file = file(&s, "flows.jsonl", &lines);
    let o = mandate(
        &[
            "check", "--policy", &policy, "--flow", &file, "--format", "json",
        ],
        None,
    );
    assert_eq!(code(&o), 2, "the worst outcome decides the exit code");
    let decisions: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON decision per line"))
        .collect();
    let outcomes: Vec<&str> = decisions
        .iter()
        .map(|d| d["decision"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(outcomes, ["allow", "deny", "deny"]);
    let o = mandate(
        &["check", "--policy", &policy, "--flow", "-", "--lines"],
        Some(&flow("1", "org_a", "personal")),
    );
    assert_eq!(code(&o), 0);
    assert!(s.path().exists());
}

#[test]
fn help_lists_the_commands() {
    let o = mandate(&["--help"], None);
    let text = String::from_utf8_lossy(&o.stdout);
    for command in ["validate", "check", "import", "schema"] {
        assert!(text.contains(command), "{text}");
    }
}

/// `mandate init` writes a pack that passes every check a pack in CI must pass, from any
/// folder (its vocabulary travels with it), and never writes into a folder that holds
/// anything.
#[test]
fn init_writes_a_starter_pack_that_passes_every_check() {
    let s = TempDir::new("cli-init");
    let pack = s.path().join("somewhere/else/my-pack");
    let pack = pack.to_string_lossy().into_owned();
    let o = mandate(&["init", &pack], None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    for args in [
        vec!["validate", &pack, "--deny-warnings"],
        vec!["test", &pack, "--min-coverage", "100"],
        vec!["lint", &pack],
        vec!["fmt", "--check", &pack],
    ] {
        let o = mandate(&args, None);
        assert_eq!(
            code(&o),
            0,
            "mandate {}:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // Its two flows get one allow and one deny, as flows/expected.json says.
    let allowed = format!("{pack}/flows/01-referral-with-consent-allowed.json");
    let denied = format!("{pack}/flows/02-fingerprints-to-partner-denied.json");
    assert_eq!(
        code(&mandate(
            &["check", "--policy", &pack, "--flow", &allowed],
            None
        )),
        0
    );
    assert_eq!(
        code(&mandate(
            &["check", "--policy", &pack, "--flow", &denied],
            None
        )),
        1
    );
    let readme = std::fs::read_to_string(format!("{pack}/README.md")).expect("a README");
    assert!(readme.contains("not_permitted"), "{readme}");
    let rules = std::fs::read_to_string(format!("{pack}/rules.policy")).expect("rules");
    assert!(rules.contains("Default deny"), "{rules}");

    // A folder that holds anything is refused, and left as it was.
    let before = std::fs::read_to_string(format!("{pack}/main.policy")).expect("main");
    let o = mandate(&["init", &pack], None);
    assert_eq!(code(&o), 2);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not empty"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let after = std::fs::read_to_string(format!("{pack}/main.policy")).expect("main");
    assert_eq!(before, after);
    // An empty folder is fine; no temporary file is left behind.
    let empty = s.path().join("empty");
    std::fs::create_dir_all(&empty).expect("a folder");
    let o = mandate(&["init", &empty.to_string_lossy()], None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let leftovers: Vec<_> = std::fs::read_dir(&empty)
        .expect("the folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
