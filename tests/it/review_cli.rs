//! The reviewer's commands as a user runs them: `explain` (text, JSON, colour) and
//! `check --log` with `log verify`, `log anchor`, `log key`, `log show` and `log query`.

use crate::common;

use common::{BASELINE, TempDir, code, mandate, mandate_with_env};

fn flow(prefix: &str) -> String {
    let dir = std::path::Path::new(BASELINE).join("flows");
    let name = std::fs::read_dir(&dir)
        .expect("flows")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix))
        .expect("the flow exists");
    format!("{BASELINE}/flows/{name}")
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs mandate with the log signing key at `key` (MANDATE_LOG_KEY) and no default key
/// (the configuration folder is `home`, which holds none).
fn keyed(
    args: &[&str],
    key: Option<&std::path::Path>,
    home: &std::path::Path,
) -> std::process::Output {
    let home = home.to_string_lossy();
    let key = key.map(|k| k.to_string_lossy().into_owned());
    let mut env = vec![
        ("NO_COLOR", "1"),
        ("HOME", &*home),
        ("XDG_CONFIG_HOME", &*home),
    ];
    if let Some(k) = &key {
        env.push(("MANDATE_LOG_KEY", k));
    }
    mandate_with_env(args, None, &env)
}

#[test]
fn explain_exit_codes_follow_the_decision() {
    for (prefix, want) in [("01-", 0), ("31-", 1), ("25-", 1), ("52-", 2)] {
        let o = mandate(
            &["explain", "--policy", BASELINE, "--flow", &flow(prefix)],
            None,
        );
        assert_eq!(code(&o), want, "{prefix}: {}", stdout(&o));
    }
}

#[test]
fn explain_text_shows_rules_facts_and_remedies() {
    let o = mandate(
        &["explain", "--policy", BASELINE, "--flow", &flow("08-")],
        None,
    );
    let text = stdout(&o);
    for needle in [
        "DENY (forbidden)",
        "Deciding rules",
        "rules-prohibitions.policy:53:1",
        "cite  IOM Data Protection Principles",
        "and not agreement covers flow",
        "✘ false agreement covers flow",
        "Rules that did not apply",
        "What would make it allowed",
        "1. leave personal.health.hiv_status out of the data",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }
    assert!(
        !text.contains('\u{1b}'),
        "no colour when piped or under NO_COLOR"
    );
}

#[test]
fn explain_colours_only_when_asked_or_on_a_terminal() {
    let args = ["explain", "--policy", BASELINE, "--flow", &flow("31-")];
    // Piped, NO_COLOR unset: auto means no colour.
    let piped = mandate_with_env(&args, None, &[]);
    assert!(!stdout(&piped).contains('\u{1b}'));
    let mut always = args.to_vec();
    always.extend(["--color", "always"]);
    let coloured = mandate_with_env(&always, None, &[]);
    assert!(
        stdout(&coloured).contains("\u{1b}["),
        "ANSI colour with --color always"
    );
}

#[test]
fn explain_json_has_the_same_content() {
    let o = mandate(
        &[
            "explain",
            "--policy",
            BASELINE,
            "--flow",
            &flow("25-"),
            "--format",
            "json",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["decision"]["decision"], "review");
    assert_eq!(
        v["hops"][0]["deciding"][0]["rule"],
        "Law-enforcement requests go to the data protection officer"
    );
    assert_eq!(v["remedies"]["status"], "found");
    assert_eq!(
        v["remedies"]["options"][0]["changes"][0]["change"],
        "obtain_approval"
    );
    assert_eq!(v["remedies"]["options"][0]["changes"][0]["role"], "dpo");
}

#[test]
fn explain_reads_stdin_and_reports_a_malformed_flow() {
    let o = mandate(
        &["explain", "--policy", BASELINE, "--flow", "-"],
        Some(r#"{"id":"x","at":"2026-01-01T00:00:00Z"}"#),
    );
    assert_eq!(code(&o), 2);
    assert!(
        stdout(&o).contains("DENY (error in the flow)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn logged_decisions_verify_query_and_re_explain() {
    let tmp = TempDir::new("review-cli-log");
    let key = tmp.path().join("keys").join("log.key");
    let home = tmp.path().join("home");
    let mandate = |args: &[&str], _: Option<&str>| keyed(args, Some(&key), &home);
    let log = tmp.path().join("log");
    let log = log.to_string_lossy();
    for prefix in ["01-", "25-", "31-"] {
        let o = mandate(
            &[
                "check",
                "--policy",
                BASELINE,
                "--flow",
                &flow(prefix),
                "--log",
                &log,
            ],
            None,
        );
        assert!(code(&o) <= 1, "{}", String::from_utf8_lossy(&o.stderr));
    }
    let verified = mandate(&["log", "verify", &log], None);
    assert_eq!(code(&verified), 0, "{}", stdout(&verified));
    assert!(stdout(&verified).contains("intact: 3 records"));

    let denied = mandate(
        &[
            "log",
            "query",
            &log,
            "--decision",
            "deny",
            "--format",
            "json",
        ],
        None,
    );
    let records: Vec<serde_json::Value> = stdout(&denied)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a record per line"))
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["flow"]["id"], "ke-bio-0031");
    let by_rule = mandate(
        &[
            "log",
            "query",
            &log,
            "--rule",
            "Law-enforcement requests go to the data protection officer",
        ],
        None,
    );
    assert!(
        stdout(&by_rule).contains("1 of 3 records match"),
        "{}",
        stdout(&by_rule)
    );
    let future = mandate(&["log", "query", &log, "--since", "2999-01-01"], None);
    assert!(stdout(&future).contains("0 of 3 records match"));
    let bad_date = mandate(&["log", "query", &log, "--until", "soon"], None);
    assert_eq!(code(&bad_date), 2);

    let id = records[0]["id"].as_str().expect("an id").to_owned();
    let shown = mandate(&["log", "show", &id, "--log", &log], None);
    assert_eq!(
        code(&shown),
        0,
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let text = stdout(&shown);
    assert!(text.contains(&format!("record {id} logged")), "{text}");
    assert!(
        text.contains("Biometric data never reaches state authorities"),
        "{text}"
    );
    assert!(text.contains("absolute prohibition"), "{text}");
    // In French: the record line, the explanation and the remedy note; the rule's title
    // stays as the policy wrote it.
    let shown = mandate(&["log", "show", &id, "--log", &log, "--lang", "fr"], None);
    assert_eq!(
        code(&shown),
        0,
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let text = stdout(&shown);
    assert!(
        text.contains(&format!("enregistrement {id} journalisé le")),
        "{text}"
    );
    assert!(text.contains("Règles déterminantes"), "{text}");
    assert!(
        text.contains("« Biometric data never reaches state authorities »"),
        "{text}"
    );
    assert!(text.contains("sans exception possible"), "{text}");

    let missing = mandate(
        &["log", "show", "d999999-000000000000", "--log", &log],
        None,
    );
    assert_eq!(code(&missing), 2);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no record with id"));
    // The log's own errors are said in the reader's language too.
    let manquant = mandate(
        &[
            "log",
            "show",
            "d999999-000000000000",
            "--log",
            &log,
            "--lang",
            "fr",
        ],
        None,
    );
    assert_eq!(code(&manquant), 2);
    let said = String::from_utf8_lossy(&manquant.stderr);
    assert!(
        said.contains("aucun enregistrement d'identifiant d999999-000000000000"),
        "{said}"
    );

    // Tamper with the file: verify fails and names the record.
    let records_file = tmp.path().join("log").join("decisions.jsonl");
    let text = std::fs::read_to_string(&records_file).expect("records");
    std::fs::write(&records_file, text.replacen("\"review\"", "\"allow\"", 1)).expect("tamper");
    let broken = mandate(&["log", "verify", &log], None);
    assert_eq!(code(&broken), 1);
    assert!(stdout(&broken).contains("record 2"), "{}", stdout(&broken));
    // The same findings in the reader's language, and with their codes in JSON.
    let french = mandate(&["--lang", "fr", "log", "verify", &log], None);
    assert_eq!(code(&french), 1);
    let said = stdout(&french);
    assert!(
        said.contains("modifié : ligne 2 : l'enregistrement 2") && said.contains("NON intact"),
        "{said}"
    );
    let json = mandate(&["log", "verify", &log, "--format", "json"], None);
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    assert_eq!(
        report["problems"][0]["finding"]["code"], "log.record_edited",
        "{report}"
    );
    assert_eq!(report["problems"][0]["finding"]["record"], 2, "{report}");
}

#[test]
fn separate_processes_append_to_one_log_without_breaking_the_chain() {
    let tmp = TempDir::new("review-cli-processes");
    let log = tmp.path().join("log").to_string_lossy().into_owned();
    // Created by whichever process comes first; the others read it.
    let key = tmp.path().join("keys").join("log.key");
    let lines: String = common::baseline_flows()
        .iter()
        .map(|(_, t)| {
            serde_json::to_string(&serde_json::from_str::<serde_json::Value>(t).expect("JSON"))
                .expect("one line")
                + "\n"
        })
        .collect();
    let input = tmp
        .write("all.jsonl", &lines)
        .to_string_lossy()
        .into_owned();
    let children: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_mandate"))
                .args([
                    "check", "--policy", BASELINE, "--flow", &input, "--log", &log,
                ])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("MANDATE_LOG_KEY", &key)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("runs")
        })
        .collect();
    for mut c in children {
        c.wait().expect("finishes");
    }
    let home = tmp.path().join("home");
    let verified = keyed(
        &["log", "verify", &log, "--format", "json"],
        Some(&key),
        &home,
    );
    let report: serde_json::Value = serde_json::from_slice(&verified.stdout).expect("JSON");
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert_eq!(report["trusted"], true, "{report}");
    assert_eq!(report["records"], 3 * common::baseline_flows().len());
}

#[test]
fn a_log_that_cannot_be_written_fails_closed() {
    let tmp = TempDir::new("review-cli-unwritable");
    let key = tmp.path().join("log.key");
    let home = tmp.path().join("home");
    let mandate = |args: &[&str], _: Option<&str>| keyed(args, Some(&key), &home);
    // A file where the log folder should be: the log cannot even be opened.
    let blocker = tmp
        .write("log", "not a folder")
        .to_string_lossy()
        .into_owned();
    let o = mandate(
        &[
            "check",
            "--policy",
            BASELINE,
            "--flow",
            &flow("01-"),
            "--log",
            &blocker,
        ],
        None,
    );
    assert_eq!(
        code(&o),
        2,
        "an allowed flow that cannot be logged is not let through"
    );
    // A folder where the records file should be: the log opens, the append fails.
    std::fs::create_dir_all(tmp.path().join("log2").join("decisions.jsonl")).expect("folder");
    let log2 = tmp.path().join("log2").to_string_lossy().into_owned();
    let o = mandate(
        &[
            "check",
            "--policy",
            BASELINE,
            "--flow",
            &flow("01-"),
            "--log",
            &log2,
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a decision");
    assert_eq!(d["decision"], "deny", "the allow becomes a deny: {d}");
    assert_eq!(d["kind"], "error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("could not be logged"));
}

/// Trust comes from outside the log: a public key or the signing key; without either, verify
/// says it could only check the chain. An anchor shows a rewrite even by the key's holder.
#[test]
fn log_verify_takes_trust_and_anchors_from_outside_the_log() {
    let tmp = TempDir::new("review-cli-anchor");
    let home = tmp.path().join("home");
    let key = tmp.path().join("keys").join("log.key");
    let log = tmp.path().join("log").to_string_lossy().into_owned();
    let check = |prefix: &str| {
        let o = keyed(
            &[
                "check",
                "--policy",
                BASELINE,
                "--flow",
                &flow(prefix),
                "--log",
                &log,
            ],
            Some(&key),
            &home,
        );
        assert!(code(&o) <= 1, "{}", stderr(&o));
        o
    };
    let first = check("01-");
    assert!(
        stderr(&first).contains("created a new log signing key"),
        "{}",
        stderr(&first)
    );
    check("25-");

    let public = keyed(&["log", "key"], Some(&key), &home);
    assert_eq!(code(&public), 0, "{}", stderr(&public));
    assert!(
        stdout(&public).starts_with("ed25519:"),
        "{}",
        stdout(&public)
    );
    let public = tmp
        .write("log.pub", &stdout(&public))
        .to_string_lossy()
        .into_owned();

    let by_public = keyed(
        &["log", "verify", &log, "--public-key", &public],
        None,
        &home,
    );
    assert_eq!(code(&by_public), 0, "{}", stdout(&by_public));
    assert!(
        stdout(&by_public).contains("intact: 2 records"),
        "{}",
        stdout(&by_public)
    );
    let by_key = keyed(&["log", "verify", &log], Some(&key), &home);
    assert!(
        stdout(&by_key).contains("intact: 2 records"),
        "{}",
        stdout(&by_key)
    );

    let untrusted = keyed(&["log", "verify", &log], None, &home);
    assert_eq!(code(&untrusted), 0);
    let text = stdout(&untrusted);
    assert!(
        text.contains("intact (chain only, NOT authenticated"),
        "{text}"
    );
    assert!(text.contains("note: chain only"), "{text}");

    let anchor = keyed(
        &["log", "anchor", &log, "--public-key", &public],
        None,
        &home,
    );
    assert_eq!(code(&anchor), 0, "{}", stderr(&anchor));
    let v: serde_json::Value = serde_json::from_str(stdout(&anchor).trim()).expect("one JSON line");
    assert_eq!(v["seq"], 2);
    assert!(
        v["sig"].as_str().is_some_and(|s| s.starts_with("ed25519:")),
        "{v}"
    );
    let anchor = tmp
        .write("anchor.json", &stdout(&anchor))
        .to_string_lossy()
        .into_owned();

    check("31-");
    let extends = keyed(
        &["log", "verify", &log, "--anchor", &anchor],
        Some(&key),
        &home,
    );
    assert_eq!(code(&extends), 0, "{}", stdout(&extends));
    assert!(
        stdout(&extends).contains("extends the anchor"),
        "{}",
        stdout(&extends)
    );

    // The key's holder writes the log anew: the signatures hold, the anchor does not.
    std::fs::remove_dir_all(tmp.path().join("log")).expect("remove the log");
    for prefix in ["31-", "31-", "01-"] {
        check(prefix);
    }
    let rewritten = keyed(
        &["log", "verify", &log, "--public-key", &public],
        None,
        &home,
    );
    assert_eq!(code(&rewritten), 0, "{}", stdout(&rewritten));
    let caught = keyed(
        &[
            "log",
            "verify",
            &log,
            "--public-key",
            &public,
            "--anchor",
            &anchor,
        ],
        None,
        &home,
    );
    assert_eq!(code(&caught), 1, "{}", stdout(&caught));
    assert!(
        stdout(&caught).contains("anchor: record 2 is not the one the anchor names"),
        "{}",
        stdout(&caught)
    );

    // Another key is not this log's.
    let other_key = tmp.path().join("keys").join("other.key");
    let other = keyed(&["log", "key"], Some(&other_key), &home);
    let other = tmp
        .write("other.pub", &stdout(&other))
        .to_string_lossy()
        .into_owned();
    let wrong = keyed(
        &["log", "verify", &log, "--public-key", &other],
        None,
        &home,
    );
    assert_eq!(code(&wrong), 1, "{}", stdout(&wrong));
}

/// A record whose `policy` field climbs out of the log folder is refused, not followed.
#[test]
fn log_show_never_reads_a_file_a_record_names() {
    let tmp = TempDir::new("review-cli-path");
    let home = tmp.path().join("home");
    let key = tmp.path().join("log.key");
    let log = tmp.path().join("log").to_string_lossy().into_owned();
    let o = keyed(
        &[
            "check",
            "--policy",
            BASELINE,
            "--flow",
            &flow("31-"),
            "--log",
            &log,
            "--format",
            "json",
        ],
        Some(&key),
        &home,
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let records = tmp.path().join("log").join("decisions.jsonl");
    let line = std::fs::read_to_string(&records).expect("records");
    let record: serde_json::Value = serde_json::from_str(line.trim()).expect("a record");
    let hash = record["policy"].as_str().expect("a policy hash");
    let id = record["id"].as_str().expect("an id");
    // A genuine compiled policy outside the log, and the record pointing at it.
    let stored = tmp
        .path()
        .join("log")
        .join("policies")
        .join(format!("{}.json", &hash[7..]));
    std::fs::copy(&stored, tmp.path().join("elsewhere.json")).expect("copy");
    std::fs::write(&records, line.replace(hash, "sha256:../../elsewhere")).expect("tamper");
    let shown = keyed(&["log", "show", id, "--log", &log], Some(&key), &home);
    assert_eq!(code(&shown), 2, "{}", stdout(&shown));
    assert!(
        stderr(&shown).contains("is not a policy hash"),
        "{}",
        stderr(&shown)
    );
    assert!(
        !stdout(&shown).contains("Biometric"),
        "nothing explained: {}",
        stdout(&shown)
    );
}

/// A signing key that other users can read is refused, and the decision with it (fail closed).
#[cfg(unix)]
#[test]
fn a_readable_signing_key_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new("review-cli-key-mode");
    let home = tmp.path().join("home");
    let key = tmp.path().join("log.key");
    let made = keyed(&["log", "key"], Some(&key), &home);
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let log = tmp.path().join("log").to_string_lossy().into_owned();
    let o = keyed(
        &[
            "check",
            "--policy",
            BASELINE,
            "--flow",
            &flow("01-"),
            "--log",
            &log,
        ],
        Some(&key),
        &home,
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("chmod 600"), "{}", stderr(&o));
    // A key inside the log folder is refused too.
    let inside = format!("{log}/log.key");
    let o = keyed(
        &[
            "check",
            "--policy",
            BASELINE,
            "--flow",
            &flow("01-"),
            "--log",
            &log,
            "--log-key",
            &inside,
        ],
        None,
        &home,
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("outside the log folder"),
        "{}",
        stderr(&o)
    );
}
