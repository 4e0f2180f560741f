//! Replay: every logged flow decided again under another policy, and the changes grouped by
//! old outcome, new outcome and the rules responsible in each version. The empirical
//! counterpart of `mandate diff`: which real transfers a new version would block or newly
//! allow.
//!
//! The log is read as a stream (one line at a time, in batches handed to a worker per core
//! through a bounded queue), so memory stays bounded by the number of distinct changes, not
//! the size of the log. Nothing is ever written: the log is opened for reading only.
//! Decisions never read the masked fields (consent ids, approvers' names), so a masked log
//! replays exactly as the flows were sent.

use super::{LogError, RECORDS, Record};
use crate::Engine;
use crate::eval::{Decision, DenyKind, Outcome};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, sync_channel};

/// Lines handed to a worker at once: large enough that the queue costs nothing, small enough
/// that memory stays a few megabytes.
const BATCH: usize = 1024;
/// Example record ids kept for each change.
pub const EXAMPLES: usize = 3;

/// An outcome as a gate acts on it, with the kind of a deny: what replay and shadow
/// decisions compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Verdict {
    /// allow, deny or review.
    pub decision: Outcome,
    /// Why not allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<DenyKind>,
}

impl Verdict {
    /// The verdict of a decision.
    pub fn of(d: &Decision) -> Verdict {
        Verdict {
            decision: d.decision,
            kind: d.kind,
        }
    }

    /// The verdict a record logged.
    pub fn logged(r: &Record) -> Verdict {
        Verdict {
            decision: r.decision,
            kind: r.kind,
        }
    }

    /// Its machine code: `allow`, `review`, or the deny's kind (`forbidden`,
    /// `not_permitted`, `gap`, `review_required`, `error`); `deny` for a deny of no kind.
    pub fn code(self) -> &'static str {
        match (self.decision, self.kind) {
            (Outcome::Allow, _) => "allow",
            (Outcome::Review, _) => "review",
            (Outcome::Deny, Some(kind)) => kind.code(),
            (Outcome::Deny, None) => "deny",
        }
    }
}

/// One version's side of a change: its verdict and the rules that determined it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Side {
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The determining rules (empty for a default deny or an input error).
    pub rules: Vec<String>,
}

/// A class of logged flows whose verdict changes the same way.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeGroup {
    /// As logged.
    pub old: Side,
    /// Under the new policy.
    pub new: Side,
    /// How many logged flows.
    pub count: u64,
    /// Ids of the first (earliest logged) records in it, at most [`EXAMPLES`].
    pub examples: Vec<String>,
}

/// What a replay found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReplayReport {
    /// The hash of the policy replayed under.
    pub policy: String,
    /// Complete lines read.
    pub read: u64,
    /// Records inside the time window, decided again.
    pub replayed: u64,
    /// Of those, whose verdict changed.
    pub changed: u64,
    /// Records outside the time window, skipped.
    pub outside: u64,
    /// Lines that are not records (reported by `log verify`), skipped.
    pub unreadable: u64,
    /// Runs of the dataset gate refused before their flow was decided (a data file that
    /// could not be read, an option in error), skipped: the record holds no decision of the
    /// flow to compare with, only the refusal.
    #[serde(default)]
    pub undecided: u64,
    /// The changes, most flows first.
    pub changes: Vec<ChangeGroup>,
}

/// Which records to replay: logged at or after `since`, before `until`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window {
    /// From this time on.
    pub since: Option<time::OffsetDateTime>,
    /// Before this time.
    pub until: Option<time::OffsetDateTime>,
}

impl Window {
    /// Whether a record logged at `time` (RFC 3339) is inside. A record whose time cannot be
    /// read is inside only when no bound is set.
    pub fn contains(&self, time: &str) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Ok(t) =
            time::OffsetDateTime::parse(time, &time::format_description::well_known::Rfc3339)
        else {
            return false;
        };
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t < u)
    }
}

/// The decision the new policy makes on a logged flow: the flow as logged, decided again.
/// A record whose input was not a JSON object (`flow: null`) is decided as such, and so is
/// an input error again.
pub fn redecide(engine: &Engine, record: &Record) -> Decision {
    let flow = serde_json::to_string(&record.flow).unwrap_or_default();
    engine.decide_json(&flow)
}

/// Every complete line of the log's records file, streamed (a torn last line is left out).
/// No file is created: a folder without records yields nothing.
pub fn lines(
    dir: &std::path::Path,
) -> Result<impl Iterator<Item = Result<String, LogError>>, LogError> {
    let path = dir.join(RECORDS);
    let file = match std::fs::File::open(&path) {
        Ok(f) => Some(f),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(super::io(&path)(e)),
    };
    let mut reader = file.map(|f| BufReader::with_capacity(256 * 1024, f));
    Ok(std::iter::from_fn(move || {
        let r = reader.as_mut()?;
        let mut buf = Vec::new();
        match r.read_until(b'\n', &mut buf) {
            Ok(0) => None,
            // The last piece without a newline is an interrupted append.
            Ok(_) if buf.last() != Some(&b'\n') => None,
            Ok(_) => {
                buf.pop();
                Some(Ok(String::from_utf8_lossy(&buf).into_owned()))
            }
            Err(e) => Some(Err(super::io(&path)(e))),
        }
    }))
}

/// The record with id `id`, found by streaming the log.
pub fn find(dir: &std::path::Path, id: &str) -> Result<Record, LogError> {
    for line in lines(dir)? {
        if let Ok(r) = Record::parse(&line?)
            && r.id == id
        {
            return Ok(r);
        }
    }
    Err(LogError::NotFound(id.to_owned()))
}

/// The changed flows of one (old side, new side) pair: how many, and the earliest
/// `(seq, id)`s.
type Groups = HashMap<(Side, Side), (u64, Vec<(u64, String)>)>;

/// Counts of one worker, merged at the end.
#[derive(Default)]
struct Tally {
    read: u64,
    replayed: u64,
    changed: u64,
    outside: u64,
    unreadable: u64,
    undecided: u64,
    groups: Groups,
}

impl Tally {
    fn add(&mut self, engine: &Engine, window: &Window, line: &str) {
        self.read += 1;
        let Ok(record) = Record::parse(line) else {
            self.unreadable += 1;
            return;
        };
        if !window.contains(&record.time) {
            self.outside += 1;
            return;
        }
        if refused_undecided(&record) {
            self.undecided += 1;
            return;
        }
        self.replayed += 1;
        let decision = redecide(engine, &record);
        let (old, new) = (Verdict::logged(&record), Verdict::of(&decision));
        if old == new {
            return;
        }
        self.changed += 1;
        let key = (
            Side {
                verdict: old,
                rules: record.determining.clone(),
            },
            Side {
                verdict: new,
                rules: decision
                    .determining
                    .iter()
                    .map(|d| d.rule.to_string())
                    .collect(),
            },
        );
        let group = self.groups.entry(key).or_default();
        group.0 += 1;
        keep_earliest(&mut group.1, (record.seq, record.id));
    }

    fn merge(&mut self, other: Tally) {
        self.read += other.read;
        self.replayed += other.replayed;
        self.changed += other.changed;
        self.outside += other.outside;
        self.unreadable += other.unreadable;
        self.undecided += other.undecided;
        for (key, (count, examples)) in other.groups {
            let group = self.groups.entry(key).or_default();
            group.0 += count;
            for e in examples {
                keep_earliest(&mut group.1, e);
            }
        }
    }
}

/// Keeps the [`EXAMPLES`] earliest records, whichever worker saw them first, so that the
/// report is the same on every run.
fn keep_earliest(examples: &mut Vec<(u64, String)>, e: (u64, String)) {
    examples.push(e);
    examples.sort();
    examples.truncate(EXAMPLES);
}

/// How a replay runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Which records.
    pub window: Window,
    /// Threads deciding (at least one).
    pub workers: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            window: Window::default(),
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Decides every record of the log in `dir` inside the window again under `engine`, and
/// groups the changes. `progress` is told the lines read so far, after each batch. The log
/// is only read.
pub fn replay(
    dir: &std::path::Path,
    engine: &Engine,
    options: Options,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ReplayReport, LogError> {
    let workers = options.workers.max(1);
    let window = options.window;
    // Bounded: the reader waits when the workers fall behind, so at most this many batches
    // are in memory at once.
    let (send, receive) = sync_channel::<Vec<String>>(workers * 2);
    let receive = Mutex::new(receive);
    let tally = std::thread::scope(|scope| -> Result<Tally, LogError> {
        let handles: Vec<_> = (0..workers)
            .map(|_| scope.spawn(|| work(engine, &window, &receive)))
            .collect();
        let mut batch = Vec::with_capacity(BATCH);
        let mut read = 0u64;
        let mut failed = None;
        for line in lines(dir)? {
            match line {
                Ok(l) => batch.push(l),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
            if batch.len() == BATCH {
                read += BATCH as u64;
                if send.send(std::mem::take(&mut batch)).is_err() {
                    break;
                }
                progress(read);
            }
        }
        if !batch.is_empty() {
            read += batch.len() as u64;
            let _ = send.send(batch);
            progress(read);
        }
        drop(send);
        let mut total = Tally::default();
        for h in handles {
            // A worker that panicked lost its counts: the replay is incomplete, an error.
            let t = h
                .join()
                .map_err(|_| LogError::of(super::LogProblem::ReplayWorkerStopped))?;
            total.merge(t);
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(total),
        }
    })?;
    let mut changes: Vec<ChangeGroup> = tally
        .groups
        .into_iter()
        .map(|((old, new), (count, examples))| ChangeGroup {
            old,
            new,
            count,
            examples: examples.into_iter().map(|(_, id)| id).collect(),
        })
        .collect();
    changes.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.examples.cmp(&b.examples))
    });
    Ok(ReplayReport {
        policy: engine.policy().hash.clone(),
        read: tally.read,
        replayed: tally.replayed,
        changed: tally.changed,
        outside: tally.outside,
        unreadable: tally.unreadable,
        undecided: tally.undecided,
        changes,
    })
}

/// Whether the record is a run of the dataset gate refused before its flow was decided: its
/// attestation names what stopped it and holds no report, and its decision is the error the
/// gate logs for such a refusal (no deciding rule, no input error of the flow's own).
fn refused_undecided(record: &Record) -> bool {
    let Some(gate) = &record.gate else {
        return false;
    };
    let refused = gate.get("released").and_then(|v| v.as_bool()) == Some(false)
        && gate.get("error").is_some_and(|e| e.is_string())
        && gate.get("report").is_none_or(|r| r.is_null());
    refused && record.kind == Some(DenyKind::Error) && record.determining.is_empty()
}

fn work(engine: &Engine, window: &Window, receive: &Mutex<Receiver<Vec<String>>>) -> Tally {
    let mut tally = Tally::default();
    loop {
        let batch = match receive.lock() {
            Ok(r) => r.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(batch) = batch else {
            return tally;
        };
        for line in &batch {
            tally.add(engine, window, line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::DecisionLog;

    const BASE: &str = "policy \"t\" version \"1\"\ncategory personal\ncategory health\n\
                        subject s\npurpose p\nparty kind k\nparty a kind k jurisdiction \"KE\"\n";

    fn engine(rules: &str) -> Engine {
        let text = format!("{BASE}{rules}");
        Engine::from_sources([("p.policy", text.as_str())]).expect("compiles")
    }

    fn flow(i: usize, data: &str) -> String {
        format!(
            r#"{{"id":"f{i}","at":"2026-01-01T00:00:00Z","from":"a","to":"a","data":["{data}"],"subjects":["s"],"purpose":"p"}}"#
        )
    }

    fn temp(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("mandate-replay-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    /// Logs 10 flows (every third on health data) under an allow-all policy.
    fn logged(dir: &std::path::Path) -> Engine {
        let old = engine("allow \"all\" when purpose within p cite \"c\"\n");
        let log = DecisionLog::open(dir).expect("opens");
        for i in 0..10 {
            let f = flow(
                i,
                if i.is_multiple_of(3) {
                    "health"
                } else {
                    "personal"
                },
            );
            log.append(old.policy(), &f, &old.decide_json(&f))
                .expect("appends");
        }
        old
    }

    #[test]
    fn changes_are_grouped_counted_and_the_same_with_any_number_of_workers() {
        let dir = temp("group");
        let old = logged(&dir);
        let new = engine(
            "allow \"all\" when purpose within p cite \"c\"\n\
             deny \"no health\" when data includes health cite \"c\"\n",
        );
        let before = std::fs::read(dir.join(RECORDS)).expect("records");
        let one = replay(
            &dir,
            &new,
            Options {
                workers: 1,
                ..Options::default()
            },
            &|_| {},
        )
        .expect("replays");
        assert_eq!((one.read, one.replayed, one.changed), (10, 10, 4));
        assert_eq!(one.changes.len(), 1);
        let change = &one.changes[0];
        assert_eq!(change.old.verdict.code(), "allow");
        assert_eq!(change.old.rules, ["all"]);
        assert_eq!(change.new.verdict.code(), "forbidden");
        assert_eq!(change.new.rules, ["no health"]);
        assert_eq!(change.count, 4);
        assert!(
            change.examples[0].starts_with("d000001-"),
            "{:?}",
            change.examples
        );
        assert_eq!(change.examples.len(), EXAMPLES);
        let three = replay(
            &dir,
            &new,
            Options {
                workers: 3,
                ..Options::default()
            },
            &|_| {},
        )
        .expect("replays");
        assert_eq!(three.changes[0].examples, change.examples);
        assert_eq!(three.changed, 4);
        let same = replay(&dir, &old, Options::default(), &|_| {}).expect("replays");
        assert_eq!(same.changed, 0);
        assert!(same.changes.is_empty());
        assert_eq!(
            std::fs::read(dir.join(RECORDS)).expect("records"),
            before,
            "never written"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_window_and_unreadable_lines_are_counted_apart() {
        let dir = temp("window");
        logged(&dir);
        let new = engine("");
        let future = Window {
            since: Some(time::OffsetDateTime::now_utc() + time::Duration::days(1)),
            until: None,
        };
        let r = replay(
            &dir,
            &new,
            Options {
                window: future,
                workers: 2,
            },
            &|_| {},
        )
        .expect("replays");
        assert_eq!((r.read, r.replayed, r.outside), (10, 0, 10));
        let mut text = std::fs::read_to_string(dir.join(RECORDS)).expect("records");
        text.push_str("not a record\n{\"torn");
        std::fs::write(dir.join(RECORDS), text).expect("writes");
        let r = replay(&dir, &new, Options::default(), &|_| {}).expect("replays");
        assert_eq!((r.read, r.unreadable, r.changed), (11, 1, 10));
        assert_eq!(r.changes[0].new.verdict.code(), "not_permitted");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn records_are_found_by_streaming() {
        let dir = temp("find");
        logged(&dir);
        let all = DecisionLog::open(&dir)
            .expect("opens")
            .records()
            .expect("reads");
        let found = find(&dir, &all[4].id).expect("found");
        assert_eq!(found, all[4]);
        assert!(matches!(find(&dir, "d9"), Err(LogError::NotFound(_))));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
