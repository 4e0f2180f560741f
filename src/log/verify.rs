//! `verify`: reads a log folder and names every record that was edited, deleted, reordered
//! or cut off, and a torn last line.

use super::{DecisionLog, GENESIS, HEAD, LogError, RECORDS, Record};
use serde::Serialize;

/// One finding of [`verify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `edited`, `deleted`, `reordered`, `truncated`, `unreadable`, `torn`, `head`.
    pub kind: &'static str,
    /// The line of `decisions.jsonl` it is on, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The record's sequence number, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// In words.
    pub message: String,
}

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Complete records read.
    pub records: usize,
    /// The last record's sequence number and hash: publish it elsewhere as an anchor, and a
    /// later verify against it proves nothing before it changed.
    pub last: Option<super::Head>,
    /// Every problem; empty when the log is intact.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// True when nothing is wrong. A torn last line alone is an interrupted append, not
    /// tampering, but it is still reported.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the log folder `log`.
pub fn verify(log: &DecisionLog) -> Result<VerifyReport, LogError> {
    let path = log.dir().join(RECORDS);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(super::io(&path)(e)),
    };
    let mut problems = Vec::new();
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // After the final newline comes an empty piece, or a torn write.
    let tail = lines.pop().unwrap_or_default();
    if !tail.is_empty() {
        problems.push(Problem {
            kind: "torn",
            line: Some(lines.len() + 1),
            record: None,
            message: format!(
                "the last line ({} bytes) is incomplete: an append was interrupted; the next \
                 append moves it to torn.jsonl",
                tail.len()
            ),
        });
    }
    let mut expected_seq = 1u64;
    let mut prev_hash = GENESIS.to_owned();
    let mut last: Option<super::Head> = None;
    let mut records = 0;
    for (i, raw) in lines.iter().enumerate() {
        let line = i + 1;
        let record = match std::str::from_utf8(raw).ok().map(Record::parse) {
            Some(Ok(r)) => r,
            _ => {
                problems.push(Problem {
                    kind: "unreadable",
                    line: Some(line),
                    record: None,
                    message: format!("line {line} is not a log record (edited or corrupted)"),
                });
                continue;
            }
        };
        records += 1;
        if record.compute_hash() != record.hash {
            problems.push(Problem {
                kind: "edited",
                line: Some(line),
                record: Some(record.seq),
                message: format!(
                    "record {} ({}) was edited: its content does not match its hash",
                    record.seq, record.id
                ),
            });
        }
        if record.seq > expected_seq {
            let missing = if record.seq - expected_seq == 1 {
                format!("record {expected_seq} is")
            } else {
                format!("records {expected_seq}–{} are", record.seq - 1)
            };
            problems.push(Problem {
                kind: "deleted",
                line: Some(line),
                record: Some(record.seq),
                message: format!("{missing} missing before record {} (deleted)", record.seq),
            });
        } else if record.seq < expected_seq {
            problems.push(Problem {
                kind: "reordered",
                line: Some(line),
                record: Some(record.seq),
                message: format!(
                    "record {} appears after record {} (reordered or duplicated)",
                    record.seq,
                    expected_seq - 1
                ),
            });
        } else if record.prev != prev_hash {
            problems.push(Problem {
                kind: "edited",
                line: Some(line),
                record: Some(record.seq),
                message: format!(
                    "record {} does not follow the record before it: the chain is broken \
                     (a record was replaced)",
                    record.seq
                ),
            });
        }
        expected_seq = expected_seq.max(record.seq + 1);
        prev_hash = record.hash.clone();
        last = Some(super::Head {
            seq: record.seq,
            hash: record.hash,
        });
    }
    match (log.head()?, &last) {
        (Some(head), Some(l)) if head.seq > l.seq => problems.push(Problem {
            kind: "truncated",
            line: None,
            record: Some(l.seq + 1),
            message: format!(
                "the log ends at record {} but {HEAD} says {} were written: records {}–{} \
                 were cut off",
                l.seq,
                head.seq,
                l.seq + 1,
                head.seq
            ),
        }),
        (Some(head), None) if head.seq > 0 => problems.push(Problem {
            kind: "truncated",
            line: None,
            record: Some(1),
            message: format!(
                "the log is empty but {HEAD} says {} records were written",
                head.seq
            ),
        }),
        (Some(head), Some(l)) if head.seq == l.seq && head.hash != l.hash => {
            problems.push(Problem {
                kind: "edited",
                line: None,
                record: Some(l.seq),
                message: format!(
                    "the last record {} is not the one {HEAD} recorded (replaced)",
                    l.seq
                ),
            })
        }
        // One record past the head: the writer stopped between the record and the head.
        (Some(head), Some(l)) if l.seq > head.seq + 1 => problems.push(Problem {
            kind: "head",
            line: None,
            record: Some(head.seq + 1),
            message: format!(
                "records {}–{} were added without updating {HEAD}",
                head.seq + 1,
                l.seq
            ),
        }),
        _ => {}
    }
    Ok(VerifyReport {
        records,
        last,
        problems,
    })
}
