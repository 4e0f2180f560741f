//! The decision log (feature `fs`): every decision appended as one JSON line, hash-chained
//! (each record holds the hash of the one before), with the compiled policy of every hash
//! stored once, content-addressed, so a past decision can be re-explained against the policy
//! in force then.
//!
//! Layout of a log folder:
//! - `decisions.jsonl`: the records, one per line, each signed when the log has a key;
//! - `head.json`: the sequence number and hash of the last record, signed (catches
//!   truncation);
//! - `key.pub`: the public key the log says it is signed with (trust comes from a key given
//!   from outside the log: see [`verify_with`]);
//! - `policies/<hex>.json`: compiled policies by hash;
//! - `torn.jsonl`: bytes of interrupted appends, moved aside by the next append;
//! - `.lock`: taken for each append, so concurrent writers (processes or threads) queue.
//!
//! Appends are durable: the record is fsynced before `append` returns. A crash mid-write
//! leaves at most a torn last line; `verify` reports it and the next append moves it aside
//! without touching any earlier record.

mod finding;
mod head;
mod key;
mod problem;
mod record;
pub mod replay;
pub mod shadow;
#[cfg(feature = "synth")]
pub mod synth;
mod verify;

pub use finding::{LogFinding, LogNote};
pub use head::{Anchor, Head};
pub use key::{LogKey, PublicKey, default_key_path, signing_key};
pub use problem::{LogProblem, NotExtendable};
pub use record::{FORMAT, GENESIS, Record, is_sha256, mask_flow, record_message};
pub use verify::{Note, Position, Problem, Trust, VerifyReport, verify, verify_with};

use crate::eval::Decision;
use crate::model::CompiledPolicy;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The records file in a log folder.
pub const RECORDS: &str = "decisions.jsonl";
/// The head file: last sequence number and hash.
pub const HEAD: &str = "head.json";
/// Where interrupted appends are moved.
pub const TORN: &str = "torn.jsonl";
/// The public key the log says it is signed with.
pub const KEY_PUB: &str = "key.pub";
/// The stored policies' folder.
pub const POLICIES: &str = "policies";

/// Why the log could not be written or read. Put into words by [`crate::words::log_error`];
/// `Display` gives the English words.
#[derive(Debug)]
pub enum LogError {
    /// File system error, with the file.
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The log, its key or a stored policy is not what this version writes or accepts.
    Corrupt {
        /// The file or folder it is about, when there is one.
        path: Option<String>,
        /// What is wrong.
        problem: LogProblem,
    },
    /// No record with this id.
    NotFound(String),
}

impl LogError {
    /// `problem`, about the file or folder at `path`.
    pub(crate) fn at(path: &Path, problem: LogProblem) -> LogError {
        LogError::Corrupt {
            path: Some(path.display().to_string()),
            problem,
        }
    }

    /// `problem`, about no file in particular.
    pub(crate) fn of(problem: LogProblem) -> LogError {
        LogError::Corrupt {
            path: None,
            problem,
        }
    }
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::words::log_error(crate::words::Lang::EN, self))
    }
}

impl std::error::Error for LogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LogError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LogError + '_ {
    move |source| LogError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A decision log folder.
#[derive(Clone, Debug)]
pub struct DecisionLog {
    dir: PathBuf,
    /// Keep the fields that identify people (consent ids, approvers' names) as they are.
    pub unmasked: bool,
    /// The key records and heads are signed with (see [`DecisionLog::signed_by`]).
    key: Option<Arc<LogKey>>,
    /// For each policy hash stored, the hash of its file's bytes, once checked.
    stored: Arc<Mutex<HashMap<String, String>>>,
    /// Whether leftover temporary files were removed (on the first append).
    swept: Arc<std::sync::atomic::AtomicBool>,
}

impl DecisionLog {
    /// Opens (creating if needed) the log folder `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<DecisionLog, LogError> {
        let dir = dir.into();
        std::fs::create_dir_all(dir.join(POLICIES)).map_err(io(&dir))?;
        Ok(DecisionLog {
            dir,
            unmasked: false,
            key: None,
            stored: Arc::default(),
            swept: Arc::default(),
        })
    }

    /// The log folder `dir` for reading only: nothing is created (for replay, which never
    /// writes into the log it reads). Appending through it is still possible; do not.
    pub fn read_only(dir: impl Into<PathBuf>) -> DecisionLog {
        DecisionLog {
            dir: dir.into(),
            unmasked: false,
            key: None,
            stored: Arc::default(),
            swept: Arc::default(),
        }
    }

    /// Signs every record and head appended from now on with `key` (kept outside the log
    /// folder). A log once signed is only appended to with its key; a log written unsigned,
    /// or by an older version, is not extended with a key (start a new folder).
    pub fn signed_by(mut self, key: LogKey) -> DecisionLog {
        self.key = Some(Arc::new(key));
        self
    }

    /// The public key the log folder says it is signed with (`key.pub`), if any. Not a
    /// trusted key: whoever can write the folder can replace it.
    pub fn claimed_key(&self) -> Result<Option<PublicKey>, LogError> {
        let path = self.dir.join(KEY_PUB);
        match std::fs::read_to_string(&path) {
            Ok(text) => PublicKey::parse(&text)
                .map(Some)
                .map_err(|problem| LogError::at(&path, problem)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
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
        self.append_with(policy, flow_json, decision, None)
    }

    /// As [`DecisionLog::append`], with the attestation of a dataset gate run (what was done
    /// to the data), which the record's hash and signature cover.
    pub fn append_with(
        &self,
        policy: &CompiledPolicy,
        flow_json: &str,
        decision: &Decision,
        gate: Option<serde_json::Value>,
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
            .and_then(|file_hash| self.append_locked(flow_json, decision, file_hash, gate));
        // Dropping the file releases the lock too; unlocking first says so.
        let _ = lock.unlock();
        result
    }

    fn append_locked(
        &self,
        flow_json: &str,
        decision: &Decision,
        policy_file: String,
        gate: Option<serde_json::Value>,
    ) -> Result<Record, LogError> {
        let path = self.dir.join(RECORDS);
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&path)
            .map_err(io(&path))?;
        self.sweep_temporary_files();
        let last = self.repair_and_read_last(&mut file, &path)?;
        self.check_extendable(last.as_ref())?;
        self.catch_up_head(last.as_ref())?;
        let length_before = file.metadata().map_err(io(&path))?.len();
        let (seq, prev) = match &last {
            Some((r, _)) => (r.seq + 1, r.hash.clone()),
            None => (1, GENESIS.to_owned()),
        };
        let context = record::Context {
            seq,
            prev,
            time: now(),
            policy_file: Some(policy_file),
            flow: record::flow_value(flow_json, !self.unmasked),
            gate,
            key: self.key.as_deref(),
        };
        let record = Record::new(context, decision);
        let mut line = record.to_line();
        line.push('\n');
        // The record and its head go in together or not at all: when either cannot be
        // written (a full disk), the record is cut off again, so the log never holds a
        // decision whose caller was told it failed.
        let written = file
            .write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(io(&path))
            .and_then(|()| {
                #[cfg(test)]
                faults::before_head();
                self.write_head(&self.head_of(&record))
            });
        if let Err(e) = written {
            let undone = file.set_len(length_before).and_then(|()| file.sync_data());
            if let Err(undo) = undone {
                return Err(LogError::at(
                    &path,
                    LogProblem::RecordNotUndone {
                        error: e.to_string(),
                        undo: undo.to_string(),
                    },
                ));
            }
            return Err(e);
        }
        Ok(record)
    }

    /// The head for `record`, signed when the log has a key.
    fn head_of(&self, record: &Record) -> Head {
        let mut head = Head {
            v: FORMAT,
            seq: record.seq,
            hash: record.hash.clone(),
            time: record.time.clone(),
            sig: None,
        };
        head.sig = self.key.as_ref().map(|k| k.sign(&head.message()));
        head
    }

    /// Completes an append that was interrupted after its record and before its head (a
    /// crash): [`Self::check_extendable`] has checked that the last record is the one after
    /// the head, signed by the key, so the head is moved up to it before anything else is
    /// written. Without this, a second crash at the same point would leave two records past
    /// the head.
    fn catch_up_head(&self, last: Option<&(Record, String)>) -> Result<(), LogError> {
        let Some((last, _)) = last else {
            return Ok(());
        };
        let (seq, hash) = match self.head()? {
            Some(h) => (h.seq, h.hash),
            None => (0, GENESIS.to_owned()),
        };
        if last.seq == seq + 1 && last.prev == hash {
            self.write_head(&self.head_of(last))?;
        }
        Ok(())
    }

    /// Removes temporary files left by writers killed between creating and renaming them
    /// (`head.tmp-…`, `key.tmp-…`, and in `policies/`). Called under the lock, where no
    /// other writer can be midway: every such file is a leftover. Once per log handle.
    fn sweep_temporary_files(&self) {
        if self.swept.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        for dir in [self.dir.clone(), self.dir.join(POLICIES)] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                if is_temporary(&entry.file_name().to_string_lossy())
                    && entry
                        .file_type()
                        .is_ok_and(|t| t.is_file() || t.is_symlink())
                {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Refuses to extend a log whose end is not what its signed head vouches for, so that a
    /// record someone without the key added is never signed over by the next append. With a
    /// key: the head must be signed by it and the last record be the head's, or (an append
    /// interrupted before the head was written) the one after it, signed by the key. Without
    /// a key: the log must not be a signed one.
    fn check_extendable(&self, last: Option<&(Record, String)>) -> Result<(), LogError> {
        let head = self.head()?;
        let claimed = self.claimed_key()?;
        let refuse =
            |why: NotExtendable| Err(LogError::at(&self.dir, LogProblem::NotExtendable(why)));
        let Some(key) = &self.key else {
            if claimed.is_some() || head.as_ref().is_some_and(|h| h.sig.is_some()) {
                return refuse(NotExtendable::SignedButNoKey);
            }
            return Ok(());
        };
        let public = key.public();
        match claimed {
            Some(c) if c != public => {
                return refuse(NotExtendable::OtherKey {
                    named: c.to_string(),
                    given: public.to_string(),
                });
            }
            Some(_) => {}
            None if last.is_none() && head.is_none() => {
                write_atomically(&self.dir.join(KEY_PUB), format!("{public}\n").as_bytes())?;
                return Ok(());
            }
            None => {
                return refuse(NotExtendable::Unsigned);
            }
        }
        let (base_seq, base_hash) = match &head {
            Some(h) if h.signed_by(&public) => (h.seq, h.hash.clone()),
            Some(_) => return refuse(NotExtendable::HeadNotSigned),
            None => (0, GENESIS.to_owned()),
        };
        let Some((last, line)) = last else {
            return if base_seq == 0 {
                Ok(())
            } else {
                refuse(NotExtendable::HeadOverEmpty { vouched: base_seq })
            };
        };
        if last.hash_of_line(line).ok().as_deref() != Some(last.hash.as_str()) {
            return refuse(NotExtendable::LastRecordEdited { record: last.seq });
        }
        let at_head = last.seq == base_seq && last.hash == base_hash;
        let after_head = last.v == FORMAT
            && last.seq == base_seq + 1
            && last.prev == base_hash
            && last
                .sig
                .as_deref()
                .is_some_and(|s| public.verifies(&record_message(&last.hash), s));
        if at_head || after_head {
            Ok(())
        } else if head.is_none() {
            refuse(NotExtendable::HeadMissing)
        } else {
            refuse(NotExtendable::LastRecordNotHead {
                record: last.seq,
                vouched: base_seq,
            })
        }
    }

    /// Moves a torn last line (an append that did not finish) aside, and returns the last
    /// complete record.
    fn repair_and_read_last(
        &self,
        file: &mut File,
        path: &Path,
    ) -> Result<Option<(Record, String)>, LogError> {
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
            return Err(LogError::at(path, LogProblem::LastRecordTooLong));
        }
        let line = std::str::from_utf8(&body[start..])
            .map_err(|_| LogError::at(path, LogProblem::LastRecordNotUtf8))?;
        Record::parse(line)
            .map(|r| Some((r, line.to_owned())))
            .map_err(|e| {
                LogError::at(
                    path,
                    LogProblem::LastRecordUnreadable {
                        detail: e.to_string(),
                    },
                )
            })
    }

    fn write_head(&self, head: &Head) -> Result<(), LogError> {
        #[cfg(test)]
        faults::head_write()?;
        let text = serde_json::to_string(head).unwrap_or_default();
        write_atomically(&self.dir.join(HEAD), text.as_bytes())
    }

    /// The head file, if present.
    pub fn head(&self) -> Result<Option<Head>, LogError> {
        let path = self.dir.join(HEAD);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                LogError::at(
                    &path,
                    LogProblem::Unparsable {
                        detail: e.to_string(),
                    },
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    /// The file a policy hash is stored in. Only a well-formed hash (`sha256:` and 64 hex
    /// digits) names a file: a record's field never becomes a path.
    fn policy_path(&self, hash: &str) -> Result<PathBuf, LogError> {
        if !is_sha256(hash) {
            return Err(LogError::of(LogProblem::NotAPolicyHash {
                hash: hash.to_owned(),
            }));
        }
        Ok(self
            .dir
            .join(POLICIES)
            .join(format!("{}.json", &hash["sha256:".len()..])))
    }

    /// Stores a compiled policy under its hash, once, and returns the sha256 of the stored
    /// file's bytes. A file already there is used only if it holds this very policy.
    pub fn store_policy(&self, policy: &CompiledPolicy) -> Result<String, LogError> {
        if let Some(known) = self
            .stored
            .lock()
            .ok()
            .and_then(|m| m.get(&policy.hash).cloned())
        {
            return Ok(known);
        }
        let path = self.policy_path(&policy.hash)?;
        let file_hash = match std::fs::read(&path) {
            Ok(bytes) => {
                check_stored_policy(&bytes, &policy.hash)
                    .map_err(|why| LogError::at(&path, why))?;
                record::sha256_hex(&bytes)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let json = serde_json::to_vec(policy).map_err(|e| {
                    LogError::of(LogProblem::PolicyNotSerialised {
                        detail: e.to_string(),
                    })
                })?;
                write_atomically(&path, &json)?;
                record::sha256_hex(&json)
            }
            Err(e) => return Err(io(&path)(e)),
        };
        let file_hash = format!("sha256:{file_hash}");
        if let Ok(mut m) = self.stored.lock() {
            m.insert(policy.hash.clone(), file_hash.clone());
        }
        Ok(file_hash)
    }

    /// The compiled policy stored under `hash`, checked: the file must hold the policy of
    /// that hash and, when `file_hash` is given (a record's `policy_file`), be byte for byte
    /// the file the record was decided under.
    pub fn policy(&self, hash: &str, file_hash: Option<&str>) -> Result<crate::Engine, LogError> {
        let path = self.policy_path(hash)?;
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let engine = check_stored_policy(&bytes, hash).map_err(|why| LogError::at(&path, why))?;
        if let Some(want) = file_hash
            && format!("sha256:{}", record::sha256_hex(&bytes)) != want
        {
            return Err(LogError::at(&path, LogProblem::StoredPolicyChanged));
        }
        Ok(engine)
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
            .filter_map(|l| Record::parse(l.strip_suffix('\n').unwrap_or(l)).ok())
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

/// Checks stored policy bytes: a compiled policy whose content matches its own hash, and
/// that hash is `hash` (the one it is stored under).
fn check_stored_policy(bytes: &[u8], hash: &str) -> Result<crate::Engine, LogProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| LogProblem::StoredPolicyNotUtf8)?;
    let engine = crate::Engine::from_compiled_json(text).map_err(|e| {
        LogProblem::StoredPolicyUnreadable {
            detail: e.to_string(),
        }
    })?;
    if engine.policy().hash != hash {
        return Err(LogProblem::StoredPolicyReplaced {
            holds: engine.policy().hash.clone(),
            wanted: hash.to_owned(),
        });
    }
    Ok(engine)
}

/// Lowercase hex of `bytes`.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// `N` bytes from exactly `2 * N` lowercase hex digits.
pub(crate) fn from_hex<const N: usize>(hex: &str) -> Option<[u8; N]> {
    let hex = hex.as_bytes();
    if hex.len() != 2 * N {
        return None;
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
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

/// Whether `name` is a temporary file of [`write_atomically`]: `STEM.tmp-PID-N`.
fn is_temporary(name: &str) -> bool {
    let Some((_, suffix)) = name.split_once(".tmp-") else {
        return false;
    };
    let mut parts = suffix.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(pid), Some(n), None)
            if !pid.is_empty() && !n.is_empty()
                && pid.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit())
    )
}

/// Writes `bytes` to `path` so that readers see the old content or the new, never a mix:
/// a temporary file, fsynced, renamed over the target.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), LogError> {
    write_whole(path, bytes).map_err(io(path))
}

/// Writes `bytes` to `path` whole or not at all, for every writer of a file a person or a
/// later run reads back (the log's files, `audit --dpia`): a temporary file beside it,
/// created exclusively (a file or link placed there beforehand is never written through),
/// fsynced, renamed over `path`, and the folder fsynced.
///
/// A target that exists and is not a regular file (`/dev/null`, a named pipe, a terminal) is
/// written through as it is: renaming over it would replace a device with a file.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        if meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a folder, not a file",
            ));
        }
        let mut f = OpenOptions::new().write(true).open(path)?;
        return f.write_all(bytes).and_then(|()| f.flush());
    }
    // Unique per process and call, so that writers never share a temporary file.
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    drop(f);
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
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

/// Faults injected by this module's tests: a crash between a record and its head, and a head
/// that cannot be written (a full disk).
#[cfg(test)]
mod faults {
    use std::cell::Cell;

    thread_local! {
        pub static CRASH_BEFORE_HEAD: Cell<bool> = const { Cell::new(false) };
        pub static FULL_DISK: Cell<bool> = const { Cell::new(false) };
    }

    pub fn before_head() {
        if CRASH_BEFORE_HEAD.get() {
            panic!("crash between the record and its head");
        }
    }

    pub fn head_write() -> Result<(), super::LogError> {
        if FULL_DISK.get() {
            return Err(super::LogError::Io {
                path: "head.json".into(),
                source: std::io::Error::from_raw_os_error(28),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A named pipe stays a pipe: what is written goes through it (renaming a file over it
    /// would replace it, as it would replace `/dev/null`), and a folder is refused.
    #[cfg(unix)]
    #[test]
    fn writing_whole_to_a_pipe_writes_through_and_a_folder_is_refused() {
        let dir = std::env::temp_dir().join(format!("mandate-whole-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("folder");
        let pipe = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::read(pipe).expect("reads the pipe"))
        };
        write_whole(&pipe, b"through").expect("writes through");
        assert_eq!(reader.join().expect("reader"), b"through");
        assert!(!std::fs::metadata(&pipe).expect("still there").is_file());
        let err = write_whole(&dir, b"x").expect_err("a folder");
        assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory);
        let left = std::fs::read_dir(&dir).expect("listing").count();
        assert_eq!(left, 1, "no temporary file is left");
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn log_with(dir: &Path, n: usize) -> (DecisionLog, crate::Engine, PublicKey) {
        let _ = std::fs::remove_dir_all(dir);
        let key = LogKey::generate().expect("a key");
        let public = key.public();
        let log = DecisionLog::open(dir).expect("opens").signed_by(key);
        let engine = crate::Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory personal\nsubject s\npurpose p\n\
             party kind k\nparty a kind k jurisdiction \"KE\"\n\
             allow \"r\" when purpose within p cite \"c\"\n",
        )])
        .expect("compiles");
        for i in 0..n {
            append(&log, &engine, i).expect("appends");
        }
        (log, engine, public)
    }

    fn append(log: &DecisionLog, engine: &crate::Engine, i: usize) -> Result<Record, LogError> {
        let flow = format!(
            r#"{{"id":"f{i}","at":"2026-01-01T00:00:00Z","from":"a","to":"a","data":["personal"],"subjects":["s"],"purpose":"p"}}"#
        );
        log.append(engine.policy(), &flow, &engine.decide_json(&flow))
    }

    fn verified(log: &DecisionLog, key: &PublicKey) -> VerifyReport {
        verify_with(
            log,
            &Trust {
                key: Some(*key),
                anchor: None,
            },
        )
        .expect("verifies")
    }

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("mandate-log-{name}-{}", std::process::id()))
    }

    /// A head that cannot be written (a full disk) takes its record out again: the caller
    /// is told the decision failed, and the log does not hold it.
    #[test]
    fn a_record_whose_head_cannot_be_written_is_taken_out_again() {
        let dir = temp("full");
        let (log, engine, key) = log_with(&dir, 2);
        let before = std::fs::read(dir.join(RECORDS)).expect("records");
        faults::FULL_DISK.set(true);
        let failed = append(&log, &engine, 2);
        faults::FULL_DISK.set(false);
        assert!(failed.is_err(), "the caller is told");
        assert_eq!(std::fs::read(dir.join(RECORDS)).expect("records"), before);
        let report = verified(&log, &key);
        assert!(report.is_authenticated(), "{:?}", report.problems);
        assert_eq!(report.records, 2);
        assert_eq!(append(&log, &engine, 3).expect("appends").seq, 3);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Two crashes in a row between a record and its head leave a log that verifies
    /// intact and that the next append extends: each append first brings the head up to an
    /// interrupted one.
    #[test]
    fn two_crashes_in_a_row_leave_an_intact_log() {
        let dir = temp("crash");
        let (log, engine, key) = log_with(&dir, 2);
        for i in 2..4 {
            faults::CRASH_BEFORE_HEAD.set(true);
            let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let _ = append(&log, &engine, i);
            }));
            faults::CRASH_BEFORE_HEAD.set(false);
            assert!(crashed.is_err(), "the crash happened");
        }
        let report = verified(&log, &key);
        assert!(report.is_authenticated(), "{:?}", report.problems);
        assert_eq!(report.records, 4);
        assert_eq!(log.head().expect("head").expect("a head").seq, 3);
        assert_eq!(append(&log, &engine, 4).expect("appends").seq, 5);
        assert_eq!(log.head().expect("head").expect("a head").seq, 5);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Temporary files left by writers killed midway are removed by the next writer; other
    /// files stay.
    #[test]
    fn leftover_temporary_files_are_removed() {
        let dir = temp("tmp");
        let (_, engine, _) = log_with(&dir, 1);
        let left = ["head.tmp-123-0", "key.tmp-9-44"];
        for name in left {
            std::fs::write(dir.join(name), "").expect("leftover");
        }
        std::fs::write(dir.join(POLICIES).join("ab.tmp-1-2"), "").expect("leftover");
        std::fs::write(dir.join("notes.tmp-x"), "").expect("not ours");
        let log = DecisionLog::open(&dir)
            .expect("opens")
            .signed_by(LogKey::generate().expect("key"));
        // Refused (another key) but swept all the same: the sweep needs only the lock.
        let _ = append(&log, &engine, 1);
        for name in left {
            assert!(!dir.join(name).exists(), "{name} left");
        }
        assert!(!dir.join(POLICIES).join("ab.tmp-1-2").exists());
        assert!(dir.join("notes.tmp-x").exists(), "a file not ours is kept");
        assert!(
            is_temporary("head.tmp-1-2")
                && !is_temporary("head.tmp-1")
                && !is_temporary("a.tmp-1-2-3")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
