//! The decision log: appends chain, survive concurrent writers and torn writes, and `verify`
//! names every record that was edited, deleted, reordered or cut off.

mod common;

use common::{BASELINE, TempDir, baseline_flows};
use mandate::Engine;
use mandate::log::{DecisionLog, HEAD, RECORDS, Record, TORN, verify};

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
    forged.hash = forged.compute_hash();
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
            .policy(&record.policy)
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
