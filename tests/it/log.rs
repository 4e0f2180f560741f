//! The decision log: appends chain, survive concurrent writers and torn writes, and `verify`
//! names every record that was edited, deleted, reordered or cut off; signed heads, anchors
//! and checked stored policies stop someone who can write the log folder from rewriting it.

use crate::common;

use common::{BASELINE, TempDir, baseline_flows};
use mandate::Engine;
use mandate::log::{
    Anchor, DecisionLog, HEAD, LogFinding, LogKey, LogNote, POLICIES, RECORDS, Record, TORN, Trust,
    verify, verify_with,
};

fn engine() -> Engine {
    Engine::from_path(BASELINE).expect("the baseline pack compiles")
}

/// A log with the first `n` bundled flows decided into it.
fn filled(tmp: &TempDir, n: usize) -> DecisionLog {
    let engine = engine();
    let log = DecisionLog::open(tmp.path().join("log")).expect("opens");
    for (_, text) in baseline_flows().into_iter().take(n) {
        let d = engine.decide_json(&text);
        log.append(engine.policy(), &text, &d).expect("appends");
    }
    log
}

fn lines(log: &DecisionLog) -> Vec<String> {
    std::fs::read_to_string(log.dir().join(RECORDS))
        .expect("records")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(log: &DecisionLog, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(log.dir().join(RECORDS), text).expect("rewrite");
}

fn kinds(log: &DecisionLog) -> Vec<(&'static str, Option<u64>)> {
    verify(log)
        .expect("verifies")
        .problems
        .iter()
        .map(|p| (p.kind, p.record))
        .collect()
}

#[test]
fn an_untouched_log_verifies_and_chains() {
    let tmp = TempDir::new("log-intact");
    let log = filled(&tmp, 10);
    let report = verify(&log).expect("verifies");
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!(report.records, 10);
    let records: Vec<Record> = lines(&log)
        .iter()
        .map(|l| Record::parse(l).expect("parses"))
        .collect();
    for pair in records.windows(2) {
        assert_eq!(pair[1].prev, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    assert_eq!(records[0].prev, mandate::log::GENESIS);
    assert_eq!(report.last.expect("a last record").hash, records[9].hash);
}

#[test]
fn an_edited_record_is_named() {
    let tmp = TempDir::new("log-edited");
    let log = filled(&tmp, 6);
    let mut l = lines(&log);
    // Turn a deny into an allow: the kind of edit the log exists to catch.
    l[2] = l[2].replace("\"decision\":\"deny\"", "\"decision\":\"allow\"");
    assert_ne!(l[2], lines(&log)[2], "the record was a deny");
    write_lines(&log, &l);
    assert_eq!(kinds(&log), vec![("edited", Some(3))]);
}

#[test]
fn a_deleted_record_is_named() {
    let tmp = TempDir::new("log-deleted");
    let log = filled(&tmp, 6);
    let mut l = lines(&log);
    l.remove(3);
    write_lines(&log, &l);
    assert_eq!(kinds(&log), vec![("deleted", Some(5))]);
    let report = verify(&log).expect("verifies");
    assert_eq!(
        report.problems[0].finding,
        LogFinding::RecordsDeleted {
            from: 4,
            to: 4,
            before: 5
        }
    );
    assert!(report.problems[0].message.contains("record 4 is missing"));
}

#[test]
fn reordered_records_are_named() {
    let tmp = TempDir::new("log-reordered");
    let log = filled(&tmp, 6);
    let mut l = lines(&log);
    l.swap(1, 2);
    write_lines(&log, &l);
    let found = kinds(&log);
    assert!(found.contains(&("deleted", Some(3))), "{found:?}");
    assert!(found.contains(&("reordered", Some(2))), "{found:?}");
}

#[test]
fn cutting_records_off_the_end_is_named() {
    let tmp = TempDir::new("log-truncated");
    let log = filled(&tmp, 6);
    let l = lines(&log);
    write_lines(&log, &l[..4]);
    assert_eq!(kinds(&log), vec![("truncated", Some(5))]);
    // Emptying the whole file too.
    std::fs::write(log.dir().join(RECORDS), "").expect("empty");
    assert_eq!(kinds(&log), vec![("truncated", Some(1))]);
}

#[test]
fn a_replaced_last_record_is_named() {
    let tmp = TempDir::new("log-replaced");
    let log = filled(&tmp, 3);
    let mut l = lines(&log);
    // A forged last record with a valid hash of its own: only the head catches it.
    let mut forged = Record::parse(&l[2]).expect("parses");
    forged.reason = "forged".into();
    rehash(&mut forged);
    l[2] = forged.to_line();
    write_lines(&log, &l);
    assert_eq!(kinds(&log), vec![("edited", Some(3))]);
}

/// A crash mid-append leaves a torn last line: verify reports it, the next append moves it
/// aside, and no committed record is lost.
#[test]
fn a_torn_write_loses_no_committed_record() {
    let tmp = TempDir::new("log-torn");
    let log = filled(&tmp, 5);
    let before = lines(&log);
    let full = Record::parse(&before[4]).expect("parses").to_line();
    let torn = &full[..full.len() / 2];
    let mut text = std::fs::read_to_string(log.dir().join(RECORDS)).expect("records");
    text.push_str(torn);
    std::fs::write(log.dir().join(RECORDS), text).expect("tear");
    assert_eq!(kinds(&log), vec![("torn", None)]);

    let engine = engine();
    let (_, flow) = baseline_flows().into_iter().nth(7).expect("a flow");
    let d = engine.decide_json(&flow);
    let record = log.append(engine.policy(), &flow, &d).expect("appends");
    assert_eq!(
        record.seq, 6,
        "numbering continues after the last committed record"
    );

    let after = lines(&log);
    assert_eq!(
        &after[..5],
        &before[..],
        "every committed record is kept byte for byte"
    );
    assert!(verify(&log).expect("verifies").is_intact());
    let aside = std::fs::read_to_string(log.dir().join(TORN)).expect("torn bytes kept");
    assert_eq!(aside, format!("{torn}\n"));
}

#[test]
fn concurrent_writers_queue_and_the_chain_holds() {
    let tmp = TempDir::new("log-concurrent");
    let dir = tmp.path().join("log");
    let engine = engine();
    let flows = baseline_flows();
    std::thread::scope(|s| {
        for t in 0..4 {
            let (dir, engine, flows) = (&dir, &engine, &flows);
            s.spawn(move || {
                // Each writer opens the log itself, as separate processes would.
                let log = DecisionLog::open(dir).expect("opens");
                for (_, text) in flows.iter().skip(t).step_by(4).take(10) {
                    let d = engine.decide_json(text);
                    log.append(engine.policy(), text, &d).expect("appends");
                }
            });
        }
    });
    let log = DecisionLog::open(&dir).expect("opens");
    let report = verify(&log).expect("verifies");
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!(report.records, 40);
    let seqs: Vec<u64> = lines(&log)
        .iter()
        .map(|l| Record::parse(l).expect("parses").seq)
        .collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<_>>());
}

#[test]
fn the_policy_is_stored_once_and_past_decisions_re_explain() {
    let tmp = TempDir::new("log-policy");
    let log = filled(&tmp, 12);
    let stored: Vec<_> = std::fs::read_dir(log.dir().join("policies"))
        .expect("policies folder")
        .collect();
    assert_eq!(stored.len(), 1, "one policy, stored once");
    let engine = engine();
    for line in lines(&log) {
        let record = Record::parse(&line).expect("parses");
        let past = log
            .policy(&record.policy, record.policy_file.as_deref())
            .expect("the policy of the record");
        assert_eq!(past.policy().hash, engine.policy().hash);
        if record.flow.is_null() {
            continue;
        }
        let flow: mandate::eval::Flow =
            serde_json::from_value(record.flow.clone()).expect("a masked flow still reads");
        let again = mandate::explain::explain(past.policy(), &flow);
        assert_eq!(again.decision.decision, record.decision, "{}", record.id);
        assert_eq!(again.decision.kind, record.kind, "{}", record.id);
        assert!(!line.contains("C-KAK-2026-0881"), "consent ids are masked");
    }
}

#[test]
fn the_head_file_tracks_the_last_record() {
    let tmp = TempDir::new("log-head");
    let log = filled(&tmp, 2);
    let head = std::fs::read_to_string(log.dir().join(HEAD)).expect("head");
    let last = Record::parse(&lines(&log)[1]).expect("parses");
    assert!(head.contains(&last.hash));
}

/// What an attacker who can write the folder does after editing a record: recompute its hash
/// over the bytes as this version writes them (the hash is public; only the key is secret).
fn rehash(record: &mut Record) {
    use sha2::{Digest, Sha256};
    record.hash.clear();
    record.sig = None;
    let body = record.to_line();
    let digest: String = Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    record.hash = format!("sha256:{digest}");
}

/// Rewrites records from `from` (0-based) on, re-chaining each to the one before, and the head
/// to the new last record: a full rewrite by someone without the key.
fn rechain(lines: &mut [String], from: usize) {
    for i in from..lines.len() {
        let mut r = Record::parse(&lines[i]).expect("parses");
        if i > 0 {
            r.prev = Record::parse(&lines[i - 1]).expect("parses").hash;
        }
        rehash(&mut r);
        lines[i] = r.to_line();
    }
}

fn write_head_of(log: &DecisionLog, last_line: &str) {
    let last = Record::parse(last_line).expect("parses");
    let head = format!(
        r#"{{"v":2,"seq":{},"hash":"{}","time":"{}"}}"#,
        last.seq, last.hash, last.time
    );
    std::fs::write(log.dir().join(HEAD), head).expect("head");
}

/// A signed log with the first `n` bundled flows decided into it, and its key's public half.
fn signed(tmp: &TempDir, n: usize) -> (DecisionLog, mandate::log::PublicKey) {
    let key = LogKey::generate().expect("a key");
    let public = key.public();
    let engine = engine();
    let log = DecisionLog::open(tmp.path().join("log"))
        .expect("opens")
        .signed_by(key);
    for (_, text) in baseline_flows().into_iter().take(n) {
        let d = engine.decide_json(&text);
        log.append(engine.policy(), &text, &d).expect("appends");
    }
    (log, public)
}

fn trusted(key: mandate::log::PublicKey) -> Trust {
    Trust {
        key: Some(key),
        anchor: None,
    }
}

#[test]
fn deleting_the_head_and_cutting_records_is_named() {
    let tmp = TempDir::new("log-headless");
    let log = filled(&tmp, 6);
    let l = lines(&log);
    write_lines(&log, &l[..4]);
    std::fs::remove_file(log.dir().join(HEAD)).expect("delete the head");
    let report = verify(&log).expect("verifies");
    assert!(!report.is_intact());
    assert_eq!(kinds(&log), vec![("head", None)]);
    assert_eq!(report.problems[0].finding, LogFinding::HeadMissing);
}

#[test]
fn a_signed_log_verifies_with_its_key_only() {
    let tmp = TempDir::new("log-signed");
    let (log, public) = signed(&tmp, 6);
    let report = verify_with(&log, &trusted(public)).expect("verifies");
    assert!(report.is_authenticated(), "{:?}", report.problems);
    assert_eq!(report.key, Some(public.to_string()));
    for line in lines(&log) {
        assert!(
            line.contains(r#","sig":"ed25519:"#),
            "every record is signed: {line}"
        );
    }
    let head = std::fs::read_to_string(log.dir().join(HEAD)).expect("head");
    assert!(head.contains(r#""sig":"ed25519:"#), "{head}");

    // Without a trusted key, verify says it could only check the chain.
    let untrusted = verify(&log).expect("verifies");
    assert!(untrusted.is_intact() && !untrusted.is_authenticated());
    assert!(
        untrusted
            .notes
            .iter()
            .any(|n| matches!(n.0, LogNote::ChainOnlyOwnKey { .. })),
        "{:?}",
        untrusted.notes
    );

    // Another trusted key: nothing verifies.
    let other = LogKey::generate().expect("a key").public();
    let report = verify_with(&log, &trusted(other)).expect("verifies");
    let found: Vec<_> = report.problems.iter().map(|p| p.kind).collect();
    assert!(
        found.contains(&"key") && found.contains(&"signature") && found.contains(&"head"),
        "{found:?}"
    );
}

/// The attack a hash chain alone cannot stop: a forbidden biometric transfer rewritten as an
/// allow, every later record and the head re-hashed. The signatures show it.
#[test]
fn a_rewritten_and_re_hashed_log_fails_its_signatures() {
    let tmp = TempDir::new("log-rewritten");
    let (log, public) = signed(&tmp, 40);
    let mut l = lines(&log);
    let i = l
        .iter()
        .position(|line| line.contains("ke-bio-0031"))
        .expect("the biometric transfer was logged");
    assert!(l[i].contains(r#""decision":"deny""#), "{}", l[i]);
    l[i] = l[i]
        .replace(r#""decision":"deny""#, r#""decision":"allow""#)
        .replace(r#""kind":"forbidden","#, "");
    rechain(&mut l, i);
    let last = l.last().expect("records").clone();
    write_lines(&log, &l);
    write_head_of(&log, &last);
    // Chain and head are consistent again: only the signatures can tell.
    let report = verify_with(&log, &trusted(public)).expect("verifies");
    assert!(!report.is_intact());
    let found: Vec<_> = report.problems.iter().map(|p| (p.kind, p.record)).collect();
    assert!(
        found.contains(&("unsigned", Some(i as u64 + 1))),
        "{found:?}"
    );
    assert!(found.iter().any(|(k, _)| *k == "head"), "{found:?}");

    // Signed again with the attacker's own key, its public key put in the folder: the
    // trusted key still tells.
    let theirs = LogKey::generate().expect("a key");
    let mut l2 = Vec::new();
    for line in &l {
        let mut r = Record::parse(line).expect("parses");
        r.sig = Some(theirs.sign(&mandate::log::record_message(&r.hash)));
        l2.push(r.to_line());
    }
    write_lines(&log, &l2);
    let last = Record::parse(&last).expect("parses");
    let mut head = mandate::log::Head {
        v: 2,
        seq: last.seq,
        hash: last.hash,
        time: last.time,
        sig: None,
    };
    head.sig = Some(theirs.sign(&head.message()));
    std::fs::write(log.dir().join(HEAD), serde_json::to_string(&head).unwrap()).expect("head");
    std::fs::write(log.dir().join("key.pub"), theirs.public().to_string()).expect("key");
    assert!(
        verify(&log).expect("verifies").is_intact(),
        "consistent in itself"
    );
    let report = verify_with(&log, &trusted(public)).expect("verifies");
    assert!(!report.is_intact());
    assert!(report.problems.iter().any(|p| p.kind == "signature"));
}

/// Someone holding the key can rewrite the log consistently; an anchor kept elsewhere still
/// shows it.
#[test]
fn an_anchor_shows_a_rewrite_by_the_key_holder() {
    let tmp = TempDir::new("log-anchor");
    let key_path = tmp.path().join("key");
    let (key, _) = LogKey::load_or_create(&key_path).expect("a key");
    let public = key.public();
    let engine = engine();
    let dir = tmp.path().join("log");
    let log = DecisionLog::open(&dir).expect("opens").signed_by(key);
    let flows = baseline_flows();
    for (_, text) in flows.iter().take(5) {
        log.append(engine.policy(), text, &engine.decide_json(text))
            .expect("appends");
    }
    let head = log.head().expect("reads").expect("a head");
    let anchor = Anchor::parse(&serde_json::to_string(&Anchor::of(&head, Some(&public))).unwrap())
        .expect("an anchor");
    let with_anchor = Trust {
        key: Some(public),
        anchor: Some(anchor),
    };
    for (_, text) in flows.iter().skip(5).take(3) {
        log.append(engine.policy(), text, &engine.decide_json(text))
            .expect("appends");
    }
    let report = verify_with(&log, &with_anchor).expect("verifies");
    assert!(
        report.is_authenticated(),
        "the log extends its anchor: {:?}",
        report.problems
    );

    // The key holder writes the log anew with other decisions.
    std::fs::remove_dir_all(&dir).expect("remove");
    let (key, _) = LogKey::load_or_create(&key_path).expect("the same key");
    let log = DecisionLog::open(&dir).expect("opens").signed_by(key);
    for (_, text) in flows.iter().skip(10).take(8) {
        log.append(engine.policy(), text, &engine.decide_json(text))
            .expect("appends");
    }
    assert!(
        verify_with(&log, &trusted(public))
            .expect("verifies")
            .is_authenticated()
    );
    let report = verify_with(&log, &with_anchor).expect("verifies");
    assert_eq!(
        report
            .problems
            .iter()
            .map(|p| (p.kind, p.record))
            .collect::<Vec<_>>(),
        vec![("anchor", Some(5))]
    );
    // Cut back before the anchor: named too.
    let l = lines(&log);
    write_lines(&log, &l[..3]);
    let report = verify_with(&log, &with_anchor).expect("verifies");
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p.finding, LogFinding::AnchorLost { .. }))
    );
}

#[test]
fn a_substituted_stored_policy_is_named_and_not_used() {
    let tmp = TempDir::new("log-policy-swap");
    let log = filled(&tmp, 4);
    let baseline = engine();
    let hex = baseline
        .policy()
        .hash
        .trim_start_matches("sha256:")
        .to_owned();
    let stored = log.dir().join(POLICIES).join(format!("{hex}.json"));
    let original = std::fs::read_to_string(&stored).expect("stored");

    // Another genuine policy under the baseline's name.
    let other = Engine::from_path("policies/humanitarian").expect("another pack compiles");
    assert_ne!(other.policy().hash, baseline.policy().hash);
    std::fs::write(&stored, serde_json::to_string(other.policy()).unwrap()).expect("swap");
    let report = verify(&log).expect("verifies");
    assert!(
        report.problems.iter().any(|p| p.kind == "policy"),
        "{:?}",
        report.problems
    );
    let r = Record::parse(&lines(&log)[0]).expect("parses");
    assert!(log.policy(&r.policy, r.policy_file.as_deref()).is_err());

    // The same policy with a rule's quoted text changed (outside the policy's own hash).
    let mut v: serde_json::Value = serde_json::from_str(&original).expect("JSON");
    v["rule_texts"][0] = serde_json::Value::String("allow everything".into());
    std::fs::write(&stored, serde_json::to_string(&v).unwrap()).expect("edit");
    assert!(
        Engine::from_compiled_json(&std::fs::read_to_string(&stored).unwrap()).is_ok(),
        "the edit keeps the policy's own hash"
    );
    let report = verify(&log).expect("verifies");
    assert!(
        report.problems.iter().any(|p| p.kind == "policy"),
        "{:?}",
        report.problems
    );
    let err = log
        .policy(&r.policy, r.policy_file.as_deref())
        .expect_err("refused");
    assert!(
        err.to_string()
            .contains("not the file the decision was made under"),
        "{err}"
    );

    // A stored policy deleted.
    std::fs::remove_file(&stored).expect("delete");
    assert!(
        verify(&log)
            .expect("verifies")
            .problems
            .iter()
            .any(|p| matches!(p.finding, LogFinding::PolicyMissing { .. }))
    );
}

#[test]
fn a_record_field_never_becomes_a_path() {
    let tmp = TempDir::new("log-path");
    let log = filled(&tmp, 1);
    for bad in [
        "sha256:../../x",
        "../x",
        "sha256:",
        &format!("sha256:{}/..", "a".repeat(61)),
    ] {
        let err = log.policy(bad, None).expect_err("refused");
        assert!(err.to_string().contains("is not a policy hash"), "{err}");
    }
    let mut l = lines(&log);
    let mut r = Record::parse(&l[0]).expect("parses");
    r.policy = "sha256:../../elsewhere".into();
    rehash(&mut r);
    l[0] = r.to_line();
    write_lines(&log, &l);
    let found = kinds(&log);
    assert!(found.contains(&("edited", Some(1))), "{found:?}");
}

#[test]
fn spacing_and_repeated_keys_inside_a_record_are_named() {
    let tmp = TempDir::new("log-bytes");
    let log = filled(&tmp, 4);
    let original = lines(&log);
    let r = Record::parse(&original[1]).expect("parses");
    let id = format!(r#""id":"{}""#, r.flow["id"].as_str().expect("a flow id"));
    for changed in [
        original[1].replacen(&id, &id.replace(':', ": "), 1),
        original[1].replacen(&id, &format!(r#""id":"forged",{id}"#), 1),
    ] {
        assert_ne!(changed, original[1]);
        assert_eq!(
            Record::parse(&changed).expect("still parses"),
            r,
            "the same fields"
        );
        let mut l = original.clone();
        l[1] = changed;
        write_lines(&log, &l);
        assert_eq!(kinds(&log), vec![("edited", Some(2))]);
    }
}

/// A record added by someone without the key is never signed over by the next append; an
/// append interrupted between its record and its head is continued.
#[test]
fn appends_extend_only_what_the_signed_head_vouches_for() {
    let tmp = TempDir::new("log-extend");
    let key_path = tmp.path().join("key");
    let (key, _) = LogKey::load_or_create(&key_path).expect("a key");
    let engine = engine();
    let flows = baseline_flows();
    let log = DecisionLog::open(tmp.path().join("log"))
        .expect("opens")
        .signed_by(key);
    let append = |log: &DecisionLog, i: usize| {
        let text = &flows[i].1;
        log.append(engine.policy(), text, &engine.decide_json(text))
    };
    for i in 0..3 {
        append(&log, i).expect("appends");
    }
    // Crash after record 4 was written, before its head: the head of record 3 stays.
    let head3 = std::fs::read(log.dir().join(HEAD)).expect("head");
    append(&log, 3).expect("appends");
    std::fs::write(log.dir().join(HEAD), &head3).expect("old head");
    append(&log, 4).expect("continues after the interrupted append");
    let public = LogKey::load(&key_path).expect("key").public();
    assert!(
        verify_with(&log, &trusted(public))
            .expect("verifies")
            .is_authenticated()
    );

    // A forged record appended without the key: refused, and named.
    let mut l = lines(&log);
    let mut forged = Record::parse(l.last().unwrap()).expect("parses");
    forged.seq += 1;
    forged.prev = forged.hash.clone();
    forged.id = "d000006-forged".into();
    rehash(&mut forged);
    l.push(forged.to_line());
    write_lines(&log, &l);
    let err = append(&log, 5).expect_err("refused");
    assert!(
        err.to_string()
            .contains("is not the one head.json vouches for"),
        "{err}"
    );
    assert_eq!(lines(&log).len(), 6, "nothing appended");
    let report = verify_with(&log, &trusted(public)).expect("verifies");
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == "unsigned" && p.record == Some(6))
    );

    // Without the key, a signed log is not appended to.
    let unsigned = DecisionLog::open(tmp.path().join("log")).expect("opens");
    let err = append(&unsigned, 5).expect_err("refused");
    assert!(
        err.to_string().contains("no signing key was given"),
        "{err}"
    );
}

/// A log written by the first version (format 1: no `v`, unsigned) still verifies, with a
/// note; it is not extended with a key.
#[test]
fn a_format_1_log_verifies_with_a_note_and_is_not_extended() {
    let tmp = TempDir::new("log-format-1");
    let log = filled(&tmp, 3);
    let mut prev = mandate::log::GENESIS.to_owned();
    let mut old = Vec::new();
    for line in lines(&log) {
        let mut r = Record::parse(&line).expect("parses");
        r.v = 1;
        r.policy_file = None;
        r.prev = prev.clone();
        r.hash = r.compute_hash_v1();
        prev = r.hash.clone();
        // As the first version wrote it: no `v`.
        old.push(r.to_line().replacen(r#"{"v":1,"#, "{", 1));
    }
    write_lines(&log, &old);
    let last = Record::parse(&old[2]).expect("parses");
    std::fs::write(
        log.dir().join(HEAD),
        format!(r#"{{"seq":3,"hash":"{}"}}"#, last.hash),
    )
    .expect("head");
    let report = verify(&log).expect("verifies");
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(
        report
            .notes
            .iter()
            .any(|n| matches!(n.0, LogNote::Format1 { .. })),
        "{:?}",
        report.notes
    );
    // Spacing inside a format 1 record is invisible to its hash; an edited field is not.
    let mut l = old.clone();
    l[1] = l[1].replacen(r#""decision":"#, r#""decision": "#, 1);
    write_lines(&log, &l);
    assert!(verify(&log).expect("verifies").is_intact());
    write_lines(&log, &old);

    let engine = engine();
    let signed = DecisionLog::open(log.dir())
        .expect("opens")
        .signed_by(LogKey::generate().expect("a key"));
    let text = &baseline_flows()[0].1;
    let err = signed
        .append(engine.policy(), text, &engine.decide_json(text))
        .expect_err("refused");
    assert!(err.to_string().contains("older version"), "{err}");
}

#[test]
fn the_signing_key_is_private_and_kept_out_of_the_log() {
    let tmp = TempDir::new("log-key");
    let path = tmp.path().join("config").join("mandate").join("log.key");
    let (key, created) = LogKey::load_or_create(&path).expect("created");
    assert!(created);
    let (again, created) = LogKey::load_or_create(&path).expect("read");
    assert!(!created);
    assert_eq!(key.public(), again.public());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = LogKey::load(&path).expect_err("refused");
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }
    let dir = tmp.path().join("log");
    std::fs::create_dir_all(&dir).unwrap();
    let err = mandate::log::signing_key(Some(&dir.join("k")), &dir).expect_err("refused");
    assert!(err.to_string().contains("outside the log folder"), "{err}");
}

/// Records past the head that are each signed with the trusted key and chained from it are
/// interrupted appends (an older writer that crashed twice between record and head), told
/// as such in a note, not as tampering; a record past the head that is not signed still is.
#[test]
fn records_past_the_head_tell_a_crash_from_tampering() {
    let tmp = TempDir::new("log-crashes");
    let (log, public) = signed(&tmp, 1);
    let head_at_one = std::fs::read(log.dir().join(HEAD)).expect("head");
    let engine = engine();
    for (_, text) in baseline_flows().into_iter().skip(1).take(2) {
        let d = engine.decide_json(&text);
        log.append(engine.policy(), &text, &d).expect("appends");
    }
    // Both later heads lost, as two crashes between record and head would leave it.
    std::fs::write(log.dir().join(HEAD), &head_at_one).expect("head");
    let report = verify_with(&log, &trusted(public)).expect("verifies");
    assert!(report.is_authenticated(), "{:?}", report.problems);
    assert!(
        report
            .notes
            .iter()
            .any(|n| matches!(n.0, LogNote::AppendsInterrupted { .. })),
        "{:?}",
        report.notes
    );

    // A record added by someone without the key, past the head.
    let mut l = lines(&log);
    let mut forged = Record::parse(l.last().expect("records")).expect("parses");
    forged.seq += 1;
    forged.prev = forged.hash.clone();
    forged.sig = None;
    rehash(&mut forged);
    l.push(forged.to_line());
    write_lines(&log, &l);
    let report = verify_with(&log, &trusted(public)).expect("verifies");
    let found: Vec<_> = report.problems.iter().map(|p| p.kind).collect();
    assert!(found.contains(&"head"), "{found:?}");
    assert!(found.contains(&"unsigned"), "{found:?}");
}
