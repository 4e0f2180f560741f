//! Writing a large log quickly (feature `synth`), for benchmarks of replay and verify: the
//! same records and head [`super::DecisionLog::append`] writes, hash-chained and signed, but
//! written through one buffer and synced once at the end, not once a record. Only for a new,
//! empty folder: it never extends a log.

use super::record::{self, Context, Record};
use super::{DecisionLog, FORMAT, GENESIS, Head, LogError, RECORDS, io};
use crate::Engine;
use std::io::Write;

/// Writes one record for each flow of `flows`, decided by `engine`, into the new log folder
/// `dir` (which must hold no records), signed with `key` when given. Returns how many.
pub fn write_log(
    dir: &std::path::Path,
    engine: &Engine,
    flows: impl Iterator<Item = String>,
    key: Option<super::LogKey>,
) -> Result<u64, LogError> {
    let mut log = DecisionLog::open(dir)?;
    if let Some(k) = key {
        std::fs::write(dir.join(super::KEY_PUB), format!("{}\n", k.public())).map_err(io(dir))?;
        log = log.signed_by(k);
    }
    let policy_file = log.store_policy(engine.policy())?;
    let path = dir.join(RECORDS);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(io(&path))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut last: Option<Record> = None;
    let time = super::now();
    for (i, flow) in flows.enumerate() {
        let decision = engine.decide_json(&flow);
        let context = Context {
            seq: i as u64 + 1,
            prev: last.as_ref().map_or(GENESIS.to_owned(), |r| r.hash.clone()),
            time: time.clone(),
            policy_file: Some(policy_file.clone()),
            flow: record::flow_value(&flow, true),
            gate: None,
            key: log.key.as_deref(),
        };
        let r = Record::new(context, &decision);
        out.write_all(r.to_line().as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(io(&path))?;
        last = Some(r);
    }
    let file = out.into_inner().map_err(|e| io(&path)(e.into_error()))?;
    file.sync_all().map_err(io(&path))?;
    let Some(last) = last else {
        return Ok(0);
    };
    let mut head = Head {
        v: FORMAT,
        seq: last.seq,
        hash: last.hash.clone(),
        time: last.time.clone(),
        sig: None,
    };
    head.sig = log.key.as_ref().map(|k| k.sign(&head.message()));
    log.write_head(&head)?;
    Ok(last.seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_log_verifies_with_its_key() {
        let dir = std::env::temp_dir().join(format!("mandate-synth-log-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let engine = Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory personal\nsubject s\npurpose p\n\
             party kind k\nparty a kind k jurisdiction \"KE\"\n\
             allow \"r\" when purpose within p cite \"c\"\n",
        )])
        .expect("compiles");
        let key = super::super::LogKey::generate().expect("a key");
        let public = key.public();
        let flows = (0..50).map(|i| {
            format!(
                r#"{{"id":"f{i}","at":"2026-01-01T00:00:00Z","from":"a","to":"a","data":["personal"],"subjects":["s"],"purpose":"p"}}"#
            )
        });
        assert_eq!(
            write_log(&dir, &engine, flows, Some(key)).expect("writes"),
            50
        );
        let log = DecisionLog::open(&dir).expect("opens");
        let report = super::super::verify_with(
            &log,
            &super::super::Trust {
                key: Some(public),
                anchor: None,
            },
        )
        .expect("verifies");
        assert!(report.is_authenticated(), "{:?}", report.problems);
        assert_eq!(report.records, 50);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
