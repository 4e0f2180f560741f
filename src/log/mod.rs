//! The decision log (feature `fs`): every decision appended as one JSON line, hash-chained
//! (each record holds the hash of the one before), with the compiled policy of every hash
//! stored once, content-addressed, so a past decision can be re-explained against the policy
//! in force then.
//!
//! Layout of a log folder:
//! - `decisions.jsonl`: the records, one per line;
//! - `head.json`: the sequence number and hash of the last record (catches truncation);
//! - `policies/<hex>.json`: compiled policies by hash;
//! - `torn.jsonl`: bytes of interrupted appends, moved aside by the next append;
//! - `.lock`: taken for each append, so concurrent writers (processes or threads) queue.
//!
//! Appends are durable: the record is fsynced before `append` returns. A crash mid-write
//! leaves at most a torn last line; `verify` reports it and the next append moves it aside
//! without touching any earlier record.

mod record;
mod verify;

pub use record::{GENESIS, Record, mask_flow};
pub use verify::{Problem, VerifyReport, verify};

use crate::eval::Decision;
use crate::model::CompiledPolicy;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The records file in a log folder.
pub const RECORDS: &str = "decisions.jsonl";
/// The head file: last sequence number and hash.
pub const HEAD: &str = "head.json";
/// Where interrupted appends are moved.
pub const TORN: &str = "torn.jsonl";

/// Why the log could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// File system error, with the file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The log's content is not what this version writes.
    #[error("{0}")]
    Corrupt(String),
    /// No record with this id.
    #[error("no record with id {0} in the log")]
    NotFound(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LogError + '_ {
    move |source| LogError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The last record's sequence number and hash, kept beside the records.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    /// Sequence number of the last record.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
}

/// A decision log folder.
#[derive(Clone, Debug)]
pub struct DecisionLog {
    dir: PathBuf,
    /// Keep the fields that identify people (consent ids, approvers' names) as they are.
    pub unmasked: bool,
}

impl DecisionLog {
    /// Opens (creating if needed) the log folder `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<DecisionLog, LogError> {
        let dir = dir.into();
        std::fs::create_dir_all(dir.join("policies")).map_err(io(&dir))?;
        Ok(DecisionLog {
            dir,
            unmasked: false,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Appends one decision on `flow_json` (the flow as sent), made under `policy`. Stores the
    /// policy if this log has not seen its hash. Returns the record written (durably).
    pub fn append(
        &self,
        policy: &CompiledPolicy,
        flow_json: &str,
        decision: &Decision,
    ) -> Result<Record, LogError> {
        let lock_path = self.dir.join(".lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        lock.lock().map_err(io(&lock_path))?;
        let result = self
            .store_policy(policy)
            .and_then(|()| self.append_locked(flow_json, decision));
        // Dropping the file releases the lock too; unlocking first says so.
        let _ = lock.unlock();
        result
    }

    fn append_locked(&self, flow_json: &str, decision: &Decision) -> Result<Record, LogError> {
        let path = self.dir.join(RECORDS);
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&path)
            .map_err(io(&path))?;
        let last = self.repair_and_read_last(&mut file, &path)?;
        let (seq, prev) = match &last {
            Some(r) => (r.seq + 1, r.hash.clone()),
            None => (1, GENESIS.to_owned()),
        };
        let flow = record::flow_value(flow_json, !self.unmasked);
        let record = Record::new(seq, prev, now(), flow, decision);
        let mut line = record.to_line();
        line.push('\n');
        file.write_all(line.as_bytes()).map_err(io(&path))?;
        file.sync_data().map_err(io(&path))?;
        self.write_head(&Head {
            seq: record.seq,
            hash: record.hash.clone(),
        })?;
        Ok(record)
    }

    /// Moves a torn last line (an append that did not finish) aside, and returns the last
    /// complete record.
    fn repair_and_read_last(
        &self,
        file: &mut File,
        path: &Path,
    ) -> Result<Option<Record>, LogError> {
        let len = file.metadata().map_err(io(path))?.len();
        if len == 0 {
            return Ok(None);
        }
        let (tail_start, tail) = read_tail(file, len).map_err(io(path))?;
        let complete_end = if tail.ends_with(b"\n") {
            len
        } else {
            // Everything after the last newline is the torn write.
            let cut = tail
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(tail_start, |i| tail_start + i as u64 + 1);
            let torn = &tail[(cut - tail_start) as usize..];
            let torn_path = self.dir.join(TORN);
            let mut aside = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&torn_path)
                .map_err(io(&torn_path))?;
            aside.write_all(torn).map_err(io(&torn_path))?;
            aside.write_all(b"\n").map_err(io(&torn_path))?;
            aside.sync_data().map_err(io(&torn_path))?;
            file.set_len(cut).map_err(io(path))?;
            file.sync_data().map_err(io(path))?;
            cut
        };
        if complete_end == 0 {
            return Ok(None);
        }
        let body = &tail[..(complete_end - tail_start) as usize - 1];
        let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if start == 0 && tail_start > 0 {
            return Err(LogError::Corrupt(format!(
                "{}: the last record is longer than can be read back",
                path.display()
            )));
        }
        let line = std::str::from_utf8(&body[start..]).map_err(|_| {
            LogError::Corrupt(format!("{}: last record is not UTF-8", path.display()))
        })?;
        Record::parse(line).map(Some).map_err(|e| {
            LogError::Corrupt(format!(
                "{}: the last record cannot be read ({e}); run `mandate log verify`",
                path.display()
            ))
        })
    }

    fn write_head(&self, head: &Head) -> Result<(), LogError> {
        let text = serde_json::to_string(head).unwrap_or_default();
        write_atomically(&self.dir.join(HEAD), text.as_bytes())
    }

    /// The head file, if present.
    pub fn head(&self) -> Result<Option<Head>, LogError> {
        let path = self.dir.join(HEAD);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| LogError::Corrupt(format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    fn policy_path(&self, hash: &str) -> PathBuf {
        let hex = hash.strip_prefix("sha256:").unwrap_or(hash);
        self.dir.join("policies").join(format!("{hex}.json"))
    }

    /// Stores a compiled policy under its hash, once.
    pub fn store_policy(&self, policy: &CompiledPolicy) -> Result<(), LogError> {
        let path = self.policy_path(&policy.hash);
        if path.exists() {
            return Ok(());
        }
        let json = serde_json::to_vec(policy)
            .map_err(|e| LogError::Corrupt(format!("cannot serialise the policy: {e}")))?;
        write_atomically(&path, &json)
    }

    /// The compiled policy stored under `hash` (its hash checked).
    pub fn policy(&self, hash: &str) -> Result<crate::Engine, LogError> {
        let path = self.policy_path(hash);
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        crate::Engine::from_compiled_json(&text)
            .map_err(|e| LogError::Corrupt(format!("{}: {e}", path.display())))
    }

    /// Every complete record, in file order (unverified: see [`verify`]).
    pub fn records(&self) -> Result<Vec<Record>, LogError> {
        let path = self.dir.join(RECORDS);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&path)(e)),
        };
        Ok(text
            .split_inclusive('\n')
            .filter(|l| l.ends_with('\n'))
            .filter_map(|l| Record::parse(l.trim_end()).ok())
            .collect())
    }

    /// The record with this id.
    pub fn find(&self, id: &str) -> Result<Record, LogError> {
        self.records()?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| LogError::NotFound(id.to_owned()))
    }
}

/// Reads the end of the file: growing blocks from the end until two newlines (or the start)
/// are in view, so the last complete line is whole even for a large record.
fn read_tail(file: &mut File, len: u64) -> std::io::Result<(u64, Vec<u8>)> {
    let mut block = 64 * 1024u64;
    loop {
        let start = len.saturating_sub(block);
        file.seek(SeekFrom::Start(start))?;
        let mut buf = Vec::with_capacity((len - start) as usize);
        Read::by_ref(file).take(len - start).read_to_end(&mut buf)?;
        let newlines = buf.iter().filter(|&&b| b == b'\n').count();
        if start == 0 || newlines >= 2 {
            return Ok((start, buf));
        }
        block *= 4;
    }
}

/// Writes `bytes` to `path` so that readers see the old content or the new, never a mix:
/// a temporary file, fsynced, renamed over the target.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), LogError> {
    // Unique per process and call, so that writers never share a temporary file.
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    let mut f = File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(bytes).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))?;
    if let Some(dir) = path.parent().and_then(|d| File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
