//! The `mandate` binary as a user runs it: exit codes, formats, stdin, JSON Lines.

mod common;

use common::{TempDir, code, lean, mandate, mandate_with_env};

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
    // Every build lists every command: those whose feature is left out say so when run.
    for command in [
        "validate", "check", "explain", "test", "fmt", "lint", "diff", "log", "serve", "audit",
        "reach", "map", "compile", "import", "schema",
    ] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(command)),
            "{command}: {text}"
        );
    }
}

/// What a build without a feature answers when asked for it: exit 2, the feature's name and
/// the rebuild that adds it.
fn assert_names_feature(o: &std::process::Output, feature: &str) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(o), 2, "{stderr}");
    assert!(
        stderr.contains(&format!("needs feature `{feature}`")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("cargo install --path . --features cli,{feature}")),
        "{stderr}"
    );
    assert!(stderr.contains("--features full"), "{stderr}");
}

#[test]
fn serve_in_a_build_without_it_names_the_feature() {
    let o = lean(&[
        "serve",
        "--policy",
        "policies/humanitarian-baseline",
        "--addr",
        "127.0.0.1:0",
    ]);
    assert_names_feature(&o, "serve");
    assert!(o.stdout.is_empty(), "nothing listens");
}

#[test]
fn check_plugin_in_a_build_without_host_names_the_feature() {
    let o = lean(&[
        "check",
        "--plugin",
        "policy.wasm",
        "--flow",
        "policies/humanitarian-baseline/flows/01-gbv-referral-with-consent-allowed.json",
    ]);
    assert_names_feature(&o, "host");
    assert!(o.stdout.is_empty(), "no decision is printed");
}

#[test]
fn compile_wasm_in_a_build_without_plugin_names_the_feature_and_the_target() {
    let s = TempDir::new("cli-no-plugin");
    let out = s.path().join("policy.wasm");
    let o = lean(&[
        "compile",
        "--policy",
        "policies/humanitarian-baseline",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_names_feature(&o, "plugin");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("rustup target add wasm32-unknown-unknown"),
        "{stderr}"
    );
    assert!(!out.exists(), "no file is written");
}

/// Built with feature `plugin` but without the wasm32 target: the build went on, and
/// `compile --wasm` alone says how to get plugins.
#[cfg(all(feature = "plugin", mandate_no_guest))]
#[test]
fn compile_wasm_in_a_build_without_the_guest_says_how_to_get_it() {
    let s = TempDir::new("cli-no-guest");
    let out = s.path().join("policy.wasm");
    let o = mandate(
        &[
            "compile",
            "--policy",
            "policies/humanitarian-baseline",
            "--wasm",
            "-o",
            &out.to_string_lossy(),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), 2, "{stderr}");
    for hint in [
        "rustup target add wasm32-unknown-unknown",
        "feature `plugin`",
        "MANDATE_GUEST_WASM",
    ] {
        assert!(stderr.contains(hint), "{hint}: {stderr}");
    }
    assert!(!out.exists(), "no file is written");
}

// ---------------------------------------------------------------- terminal injection

/// A string from input that tries to take over a terminal: a line break, a colour code that
/// paints a forged green verdict, a carriage return and a right-to-left override.
const FORGED: &str = "x\n\u{1b}[32mALLOW  flow forged\u{1b}[0m\r\u{202E}\t";

/// Fails when `out` carries a raw control character other than layout (a newline; a tab in
/// the tab-separated listings), or a line that starts with a verdict nobody gave.
fn assert_no_injection(what: &str, out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let raw = text
            .chars()
            .find(|&c| mandate::escape::is_hidden(c) && c != '\n' && c != '\t');
        assert!(
            raw.is_none(),
            "{what}: raw {raw:?} on {stream}:\n{}",
            mandate::escape::visible(&text)
        );
        assert!(
            !text.lines().any(|l| l.starts_with("ALLOW")),
            "{what}: a forged ALLOW line on {stream}:\n{text}"
        );
    }
}

/// Asserts that the forged string was shown, escaped, on stdout or stderr.
fn assert_escaped(what: &str, out: &std::process::Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("\\u{1b}[32mALLOW"),
        "{what}: the forged text is not shown escaped:\n{all}"
    );
}

#[test]
fn input_strings_cannot_forge_terminal_output() {
    let s = TempDir::new("cli-injection");
    let policy = file(&s, "p/p.policy", POLICY);
    let forged_flow = serde_json::json!({
        "id": FORGED, "at": "2025-01-01T00:00:00Z", "from": "org_a", "to": "police",
        "data": ["personal.biometric"], "purpose": "humanitarian",
    })
    .to_string();
    let flow = file(&s, "forged.json", &forged_flow);
    let lines = file(&s, "forged.jsonl", &format!("{forged_flow}\n"));
    let log = s.path().join("log").to_string_lossy().into_owned();

    for (what, args) in [
        ("check", vec!["check", "--policy", &policy, "--flow", &flow]),
        (
            "check --lines",
            vec!["check", "--policy", &policy, "--flow", &lines],
        ),
        (
            "explain",
            vec!["explain", "--policy", &policy, "--flow", &flow],
        ),
        (
            "explain --color always",
            vec![
                "explain", "--policy", &policy, "--flow", &flow, "--color", "always",
            ],
        ),
        (
            "check --log",
            vec!["check", "--policy", &policy, "--flow", &flow, "--log", &log],
        ),
        ("log query", vec!["log", "query", &log]),
    ] {
        let o = mandate(&args, None);
        let expected = if what == "log query" { 0 } else { 1 };
        assert_eq!(
            code(&o),
            expected,
            "{what}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        if what != "explain --color always" {
            assert_no_injection(what, &o);
        } else {
            // Colour is mandate's own: the only escapes are its styles, never the input's.
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(!text.contains("\u{1b}[32mALLOW"), "{text}");
            assert!(text.contains("\\u{1b}[32mALLOW"), "{text}");
        }
        if what != "check --log" && what != "log query" {
            assert_escaped(what, &o);
        }
    }
    let listed = mandate(&["log", "query", &log], None);
    assert_escaped("log query", &listed);
    let id = String::from_utf8_lossy(&listed.stdout)
        .split('\t')
        .next()
        .unwrap_or_default()
        .to_owned();
    let shown = mandate(&["log", "show", &id, "--log", &log], None);
    assert_eq!(
        code(&shown),
        0,
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    assert_no_injection("log show", &shown);
    assert_escaped("log show", &shown);
}

#[test]
fn policy_and_test_strings_cannot_forge_terminal_output() {
    let s = TempDir::new("cli-injection-policy");
    // A rule name with an escaped line break and raw escape characters, and no `cite`: the
    // warning quotes its line.
    let forged_rule = "allow \"Forged\\n\u{1b}[32mALLOW \u{1b}[0m\u{202E}\"\n  when recipient is state_authority\n";
    let policy = file(&s, "p/p.policy", &format!("{POLICY}{forged_rule}"));
    for (what, args) in [
        ("validate", vec!["validate", &policy]),
        ("lint", vec!["lint", &policy, "--today", "2025-01-01"]),
    ] {
        let o = mandate(&args, None);
        assert_no_injection(what, &o);
        assert_escaped(what, &o);
    }
    let old = file(&s, "old/p.policy", POLICY);
    let o = mandate(&["diff", &old, &policy], None);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    assert_no_injection("diff", &o);
    assert_escaped("diff", &o);

    // A policy test whose name and flow id are forged, and whose expectation fails.
    let pack = s.path().join("p").to_string_lossy().into_owned();
    let test = serde_json::json!({
        "name": FORGED,
        "flow": {"id": FORGED, "at": "2025-01-01T00:00:00Z", "from": "org_a", "to": "police",
                 "data": ["personal.biometric"], "purpose": "humanitarian"},
        "expect": {"decision": "allow"},
    });
    file(&s, "p/tests/forged.json", &test.to_string());
    let o = mandate(&["test", &pack, "--coverage"], None);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    assert_no_injection("test", &o);
    assert_escaped("test", &o);

    // A data map whose name and systems are forged.
    let map =
        std::fs::read_to_string("policies/humanitarian-baseline/maps/kakuma-registration.toml")
            .expect("the bundled map")
            .replace(
                "\"progres\"",
                "\"progres\\n\\u001B[32mALLOW \\u001B[0m\\u202E\"",
            )
            .replace(
                "name = \"Kakuma refugee registration operation\"",
                "name = \"Kakuma\\n\\u001B[32mALLOW\"",
            );
    let map = file(&s, "map.toml", &map);
    let baseline = "policies/humanitarian-baseline";
    for (what, args) in [
        ("audit", vec!["audit", "--policy", baseline, "--map", &map]),
        (
            "audit --dot",
            vec![
                "audit", "--policy", baseline, "--map", &map, "--format", "dot",
            ],
        ),
        (
            "reach",
            vec![
                "reach",
                "--policy",
                baseline,
                "--map",
                &map,
                "--category",
                "personal",
            ],
        ),
    ] {
        let o = mandate(&args, None);
        assert!(
            code(&o) <= 1,
            "{what}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_no_injection(what, &o);
        assert_escaped(what, &o);
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

/// `--lang fr` and `MANDATE_LANG=fr` give the words in French on every command that shows
/// them; a language without a message file is an error listing those there are (exit 2).
#[test]
fn the_language_of_the_words_is_chosen_by_flag_or_environment() {
    let flow = "policies/humanitarian-baseline/flows/02-gbv-referral-consent-withdrawn-denied.json";
    let base = ["explain", "--policy", common::BASELINE, "--flow", flow];
    let english = mandate(&base, None);
    assert_eq!(code(&english), 1);
    let english = String::from_utf8_lossy(&english.stdout).into_owned();
    assert!(english.contains("Deciding rules"), "{english}");

    let mut args = base.to_vec();
    args.extend(["--lang", "fr"]);
    let flagged = mandate(&args, None);
    assert_eq!(
        code(&flagged),
        1,
        "{}",
        String::from_utf8_lossy(&flagged.stderr)
    );
    let french = String::from_utf8_lossy(&flagged.stdout).into_owned();
    assert!(french.starts_with("REFUSÉ (interdit)"), "{french}");
    assert!(french.contains("Règles déterminantes"), "{french}");
    assert!(
        french.contains("Ce qui permettrait d'autoriser le flux"),
        "{french}"
    );
    // The policy's own words are never translated.
    assert!(french.contains("« Consent must be valid at the time and cover the transfer »"));

    let env = mandate_with_env(
        &base,
        None,
        &[("NO_COLOR", "1"), ("MANDATE_LANG", "fr_FR.UTF-8")],
    );
    assert_eq!(String::from_utf8_lossy(&env.stdout), french, "MANDATE_LANG");
    // The flag wins over the environment.
    let mut en_args = base.to_vec();
    en_args.extend(["--lang", "en"]);
    let both = mandate_with_env(&en_args, None, &[("NO_COLOR", "1"), ("MANDATE_LANG", "fr")]);
    assert_eq!(String::from_utf8_lossy(&both.stdout), english);

    for how in [
        mandate(&[&base[..], &["--lang", "xx"]].concat(), None),
        mandate_with_env(&base, None, &[("MANDATE_LANG", "xx")]),
    ] {
        assert_eq!(code(&how), 2);
        let stderr = String::from_utf8_lossy(&how.stderr);
        assert!(stderr.contains("\"xx\""), "{stderr}");
        assert!(stderr.contains("available: en, fr"), "{stderr}");
        assert!(how.stdout.is_empty());
    }

    // `test`: the report's sentences.
    let o = mandate(&["test", common::BASELINE, "--lang", "fr"], None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.starts_with("exécution de "), "{report}");
    assert!(report.contains("résultat des tests : ok."), "{report}");
    let o = mandate(
        &["test", common::BASELINE, "--coverage", "--lang", "fr"],
        None,
    );
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(
        report.contains("couverture de « Humanitarian baseline » par ses tests :"),
        "{report}"
    );
    assert!(report.contains("couverture : "), "{report}");
    let map = "policies/humanitarian-baseline/maps/kakuma-registration.toml";
    let o = mandate(
        &[
            "audit",
            "--lang",
            "fr",
            "--policy",
            common::BASELINE,
            "--map",
            map,
        ],
        None,
    );
    let audit = String::from_utf8_lossy(&o.stdout);
    assert!(audit.starts_with("AUDIT  cartographie « "), "{audit}");
    assert!(audit.contains("bilan : "), "{audit}");
    // `check` takes the flag too.
    let o = mandate(
        &[
            "check",
            "--lang",
            "fr",
            "--policy",
            common::BASELINE,
            "--flow",
            flow,
        ],
        None,
    );
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
}

/// `mandate workbench --out DIR` writes the page and its engine, whole, under fixed names,
/// and writing again over them works (each file is replaced, nothing else is touched).
#[cfg(feature = "workbench")]
#[test]
fn workbench_writes_the_page_and_its_engine() {
    let s = TempDir::new("cli-workbench");
    let out = s.path().join("site");
    let out_arg = out.to_string_lossy().into_owned();
    std::fs::create_dir_all(&out).expect("create the output folder");
    std::fs::write(out.join("keep.txt"), "mine").expect("write a file of the user's");
    for _ in 0..2 {
        let o = mandate(&["workbench", "--out", &out_arg], None);
        assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    }
    let read = |name: &str| std::fs::read(out.join(name)).unwrap_or_default();
    assert!(read("index.html").starts_with(b"<!doctype html>"));
    assert!(read("mandate_workbench.wasm").starts_with(b"\0asm"));
    assert!(!read("app.js").is_empty() && !read("app.css").is_empty());
    let pack: serde_json::Value =
        serde_json::from_slice(&read("example-pack.json")).unwrap_or_default();
    assert!(pack.get("rules-permissions.policy").is_some());
    assert_eq!(read("keep.txt"), b"mine");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("list the output")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "app.css",
            "app.js",
            "example-pack.json",
            "index.html",
            "keep.txt",
            "mandate_workbench.wasm"
        ],
        "no temporary file is left behind"
    );
}

#[test]
fn workbench_in_a_build_without_it_names_the_feature() {
    let s = TempDir::new("cli-no-workbench");
    let out = s.path().join("site");
    let o = lean(&["workbench", "--out", &out.to_string_lossy()]);
    assert_names_feature(&o, "workbench");
    assert!(!out.exists(), "nothing is written");
}
