//! `verify`: reads a log folder and names every record that was edited, deleted, reordered
//! or cut off, a torn last line, a missing or forged head, a bad signature, a stored policy
//! that was replaced, and a log that no longer extends an anchor.

use super::finding::{LogFinding, LogFinding as F, LogNote, LogNote as N};
use super::{
    Anchor, DecisionLog, FORMAT, GENESIS, KEY_PUB, LogError, POLICIES, PublicKey, RECORDS, Record,
    is_sha256, record_message,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a verification trusts, from outside the log.
#[derive(Clone, Debug, Default)]
pub struct Trust {
    /// The public key the log must be signed with. Without one, signatures are checked only
    /// against the key the log names itself, which proves nothing against someone who can
    /// write the folder: the report says so.
    pub key: Option<PublicKey>,
    /// A head kept elsewhere that the log must still extend.
    pub anchor: Option<Anchor>,
}

/// A record's position: sequence number and hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Sequence number.
    pub seq: u64,
    /// Hash.
    pub hash: String,
}

/// One finding of [`verify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `edited`, `deleted`, `reordered`, `truncated`, `unreadable`, `torn`, `head`,
    /// `unsigned`, `signature`, `policy`, `anchor` ([`LogFinding::kind`]).
    pub kind: &'static str,
    /// The line of `decisions.jsonl` it is on, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The record's sequence number, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// What was found, with its machine code and parameters.
    pub finding: LogFinding,
    /// In English words (the command line renders [`Problem::finding`] in the reader's
    /// language).
    pub message: String,
}

/// A note of [`verify`]: what was checked and what could not be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note(pub LogNote);

impl Serialize for Note {
    /// The note's code and parameters, and its English words as `message`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            note: &'a LogNote,
            message: String,
        }
        Out {
            note: &self.0,
            message: crate::words::log_note(crate::words::Lang::EN, &self.0),
        }
        .serialize(s)
    }
}

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Complete records read.
    pub records: usize,
    /// The last record's sequence number and hash: publish it elsewhere as an anchor, and a
    /// later verify against it proves nothing before it changed.
    pub last: Option<Position>,
    /// The key signatures were checked with, if any.
    pub key: Option<String>,
    /// Whether the head's signature was checked with a key given from outside the log. When
    /// false, the log was checked for consistency only: someone who can write the folder
    /// could have rewritten all of it.
    pub trusted: bool,
    /// Every problem; empty when the log is intact.
    pub problems: Vec<Problem>,
    /// What was checked and what could not be.
    pub notes: Vec<Note>,
}

impl VerifyReport {
    /// True when nothing is wrong. A torn last line alone is an interrupted append, not
    /// tampering, but it is still reported.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }

    /// True when the log is intact and its signatures were checked with a trusted key.
    pub fn is_authenticated(&self) -> bool {
        self.is_intact() && self.trusted
    }
}

fn problem(line: Option<usize>, record: Option<u64>, finding: LogFinding) -> Problem {
    Problem {
        kind: finding.kind(),
        line,
        record,
        message: crate::words::log_finding(crate::words::Lang::EN, &finding),
        finding,
    }
}

/// Verifies the log folder `log` without a trusted key or anchor: the chain, the head and the
/// stored policies, and signatures against the key the log names (see [`verify_with`]).
pub fn verify(log: &DecisionLog) -> Result<VerifyReport, LogError> {
    verify_with(log, &Trust::default())
}

/// Verifies the log folder `log` against what `trust` gives from outside it.
pub fn verify_with(log: &DecisionLog, trust: &Trust) -> Result<VerifyReport, LogError> {
    let path = log.dir().join(RECORDS);
    // Read line by line: a log of a million records is a gigabyte, and verifying it (as
    // replay does first) must not hold it all in memory.
    let mut reader = match std::fs::File::open(&path) {
        Ok(f) => Some(std::io::BufReader::new(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(super::io(&path)(e)),
    };
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let claimed = match log.claimed_key() {
        Ok(k) => k,
        Err(e) => {
            problems.push(problem(
                None,
                None,
                F::KeyUnreadable {
                    file: KEY_PUB.to_owned(),
                    detail: e.to_string(),
                },
            ));
            None
        }
    };
    if let (Some(t), Some(c)) = (&trust.key, &claimed)
        && t != c
    {
        problems.push(problem(
            None,
            None,
            F::OtherKey {
                named: c.to_string(),
                trusted: t.to_string(),
            },
        ));
    }
    let key = trust.key.or(claimed);
    let mut positions: Vec<Position> = Vec::new();
    let mut policies: BTreeMap<String, Vec<(u64, Option<String>)>> = BTreeMap::new();
    let mut format_1 = 0usize;
    let mut signed = 0usize;
    let mut unsigned: Vec<(usize, u64)> = Vec::new();
    // Records whose signature verified with the key: records past the head that all verify
    // were written by the key holder, so they mark interrupted appends, not tampering.
    let mut verified = std::collections::HashSet::new();
    // A torn last line is reported before the records' problems, as it is found last.
    let torn_at = problems.len();
    let mut torn = 0usize;
    let mut buf: Vec<u8> = Vec::new();
    let mut line = 0usize;
    let mut expected_seq = 1u64;
    let mut prev_hash = GENESIS.to_owned();
    let mut last: Option<Position> = None;
    let mut records = 0;
    loop {
        buf.clear();
        let read = match reader.as_mut() {
            Some(r) => {
                std::io::BufRead::read_until(r, b'\n', &mut buf).map_err(super::io(&path))?
            }
            None => 0,
        };
        if read == 0 {
            break;
        }
        // After the final newline comes nothing, or a torn write.
        if buf.pop() != Some(b'\n') {
            torn = read;
            break;
        }
        line += 1;
        let raw: &[u8] = &buf;
        let text = std::str::from_utf8(raw).ok();
        let record = match text.map(Record::parse) {
            Some(Ok(r)) => r,
            _ => {
                problems.push(problem(Some(line), None, F::Unreadable { line }));
                continue;
            }
        };
        records += 1;
        let text = text.unwrap_or_default();
        match record.hash_of_line(text) {
            Ok(h) if h == record.hash => {}
            Ok(_) => problems.push(problem(
                Some(line),
                Some(record.seq),
                F::RecordEdited {
                    record: record.seq,
                    id: record.id.clone(),
                },
            )),
            Err(why) => problems.push(problem(
                Some(line),
                Some(record.seq),
                F::RecordMalformed {
                    record: record.seq,
                    id: record.id.clone(),
                    detail: why.to_string(),
                },
            )),
        }
        if record.v == 1 {
            format_1 += 1;
        }
        match (&record.sig, &key) {
            (Some(sig), Some(k)) => {
                signed += 1;
                if k.verifies(&record_message(&record.hash), sig) {
                    verified.insert(record.seq);
                } else {
                    problems.push(problem(
                        Some(line),
                        Some(record.seq),
                        F::SignatureForged {
                            record: record.seq,
                            key: k.to_string(),
                        },
                    ));
                }
            }
            (Some(_), None) => signed += 1,
            (None, _) if record.v == FORMAT => unsigned.push((line, record.seq)),
            (None, _) => {}
        }
        if is_sha256(&record.policy) {
            policies
                .entry(record.policy.clone())
                .or_default()
                .push((record.seq, record.policy_file.clone()));
        } else {
            problems.push(problem(
                Some(line),
                Some(record.seq),
                F::NoPolicyHash { record: record.seq },
            ));
        }
        if record.seq > expected_seq {
            problems.push(problem(
                Some(line),
                Some(record.seq),
                F::RecordsDeleted {
                    from: expected_seq,
                    to: record.seq - 1,
                    before: record.seq,
                },
            ));
        } else if record.seq < expected_seq {
            problems.push(problem(
                Some(line),
                Some(record.seq),
                F::Reordered {
                    record: record.seq,
                    after: expected_seq - 1,
                },
            ));
        } else if record.prev != prev_hash {
            problems.push(problem(
                Some(line),
                Some(record.seq),
                F::ChainBroken { record: record.seq },
            ));
        }
        expected_seq = expected_seq.max(record.seq + 1);
        prev_hash = record.hash.clone();
        let position = Position {
            seq: record.seq,
            hash: record.hash,
        };
        positions.push(position.clone());
        last = Some(position);
    }
    let head = match log.head() {
        Ok(h) => h,
        Err(e) => {
            problems.push(problem(
                None,
                None,
                F::HeadUnreadable {
                    detail: e.to_string(),
                },
            ));
            None
        }
    };
    // A log claims to be signed when anything in it is; a log with no signature anywhere
    // was written without a key (or by an older version).
    let claims_signed =
        claimed.is_some() || signed > 0 || head.as_ref().is_some_and(|h| h.sig.is_some());
    let legacy = records > 0 && format_1 == records && head.as_ref().is_none_or(|h| h.v == 1);
    if claims_signed {
        for (line, seq) in &unsigned {
            problems.push(problem(
                Some(*line),
                Some(*seq),
                F::RecordUnsigned { record: *seq },
            ));
        }
        check_head(head.as_ref(), key.as_ref(), records, &mut problems);
    } else {
        check_head(head.as_ref(), None, records, &mut problems);
        if trust.key.is_some() && records > 0 && !legacy {
            problems.push(problem(None, None, F::SignaturesStripped));
        }
    }
    if torn > 0 {
        problems.insert(
            torn_at,
            problem(Some(line + 1), None, F::Torn { bytes: torn }),
        );
    }
    let authenticated = match (&trust.key, &head) {
        (Some(k), Some(h)) => h.signed_by(k),
        (Some(_), None) => records == 0,
        (None, _) => false,
    };
    check_policies(log, &policies, &mut problems)?;
    if let Some(anchor) = &trust.anchor {
        check_anchor(anchor, &positions, key.as_ref(), &mut problems, &mut notes);
    }
    match (head, &last) {
        (Some(head), Some(l)) if head.seq > l.seq => problems.push(problem(
            None,
            Some(l.seq + 1),
            F::Truncated {
                last: l.seq,
                written: head.seq,
            },
        )),
        (Some(head), None) if head.seq > 0 => {
            problems.push(problem(None, Some(1), F::Emptied { written: head.seq }))
        }
        (Some(head), Some(l)) if head.seq == l.seq && head.hash != l.hash => problems.push(
            problem(None, Some(l.seq), F::LastReplaced { record: l.seq }),
        ),
        // One record past the head: the writer stopped between the record and the head.
        // More than one, each signed with the log's key and chained from the head's record:
        // writers of an older version stopped there more than once (a crash writes nothing
        // the key does not sign; tampering without the key cannot sign).
        (Some(head), Some(l))
            if l.seq > head.seq + 1
                && key.is_some()
                && (head.seq == 0
                    || positions
                        .iter()
                        .any(|p| p.seq == head.seq && p.hash == head.hash))
                && (head.seq + 1..=l.seq).all(|seq| verified.contains(&seq)) =>
        {
            notes.push(Note(N::AppendsInterrupted {
                from: head.seq + 1,
                to: l.seq,
            }))
        }
        (Some(head), Some(l)) if l.seq > head.seq + 1 => problems.push(problem(
            None,
            Some(head.seq + 1),
            F::HeadNotUpdated {
                from: head.seq + 1,
                to: l.seq,
            },
        )),
        _ => {}
    }
    if format_1 > 0 {
        notes.push(Note(N::Format1 { records: format_1 }));
    }
    let trusted = trust.key.is_some();
    match (&key, trusted) {
        (Some(k), true) if authenticated => {
            notes.push(Note(N::Authenticated { key: k.to_string() }))
        }
        (Some(_), true) if legacy => notes.push(Note(N::ChainOnlyFormat1)),
        (Some(k), true) => notes.push(Note(N::NotSignedByTrustedKey { key: k.to_string() })),
        (Some(k), false) => notes.push(Note(N::ChainOnlyOwnKey { key: k.to_string() })),
        (None, _) if signed > 0 => notes.push(Note(N::ChainOnlyNoKey)),
        (None, _) => notes.push(Note(N::ChainOnlyUnsigned)),
    }
    Ok(VerifyReport {
        records,
        last,
        key: key.map(|k| k.to_string()),
        trusted: authenticated,
        problems,
        notes,
    })
}

/// The head must exist when there are records, and be signed when the log has a key.
fn check_head(
    head: Option<&super::Head>,
    key: Option<&PublicKey>,
    records: usize,
    problems: &mut Vec<Problem>,
) {
    let Some(head) = head else {
        if records > 0 {
            problems.push(problem(None, None, F::HeadMissing));
        }
        return;
    };
    if let Some(k) = key {
        if head.sig.is_none() {
            problems.push(problem(None, None, F::HeadUnsigned { key: k.to_string() }));
        } else if !head.signed_by(k) {
            problems.push(problem(None, None, F::HeadForged { key: k.to_string() }));
        }
    }
}

/// Every stored policy must hold the policy of the hash it is stored under, and be the file
/// the records that name it were decided under; every policy a record names must be stored.
fn check_policies(
    log: &DecisionLog,
    used: &BTreeMap<String, Vec<(u64, Option<String>)>>,
    problems: &mut Vec<Problem>,
) -> Result<(), LogError> {
    let dir = log.dir().join(POLICIES);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            for (hash, by) in used {
                problems.push(missing_policy(hash, by));
            }
            return Ok(());
        }
        Err(e) => return Err(super::io(&dir)(e)),
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(super::io(&dir))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    for name in names {
        let Some(stem) = name.strip_suffix(".json") else {
            continue; // a temporary file left by an interrupted write
        };
        let hash = format!("sha256:{stem}");
        if !is_sha256(&hash) {
            problems.push(problem(
                None,
                None,
                F::PolicyMisnamed {
                    file: format!("{POLICIES}/{}", name.escape_debug()),
                },
            ));
            continue;
        }
        seen.insert(hash.clone());
        let files: Vec<&str> = used
            .get(&hash)
            .into_iter()
            .flatten()
            .filter_map(|(_, f)| f.as_deref())
            .collect();
        let checked = match files.first() {
            Some(first) => log.policy(&hash, Some(first)),
            None => log.policy(&hash, None),
        };
        if let Err(e) = checked {
            problems.push(problem(
                None,
                None,
                F::PolicyUntrusted {
                    policy: hash.clone(),
                    detail: e.to_string(),
                },
            ));
        } else if let Some((seq, _)) = used
            .get(&hash)
            .into_iter()
            .flatten()
            .find(|(_, f)| f.as_deref().is_some_and(|f| Some(&f) != files.first()))
        {
            problems.push(problem(
                None,
                Some(*seq),
                F::PolicyFileChanged {
                    record: *seq,
                    policy: hash.clone(),
                },
            ));
        }
    }
    for (hash, by) in used {
        if !seen.contains(hash) {
            problems.push(missing_policy(hash, by));
        }
    }
    Ok(())
}

fn missing_policy(hash: &str, by: &[(u64, Option<String>)]) -> Problem {
    let first = by.first().map(|(s, _)| *s);
    problem(
        None,
        first,
        F::PolicyMissing {
            policy: hash.to_owned(),
            records: by.len(),
            first: first.unwrap_or_default(),
        },
    )
}

/// The log must still hold the anchored record with the anchored hash.
fn check_anchor(
    anchor: &Anchor,
    positions: &[Position],
    key: Option<&PublicKey>,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<Note>,
) {
    match positions.iter().find(|p| p.seq == anchor.seq) {
        None => problems.push(problem(
            None,
            Some(anchor.seq),
            F::AnchorLost { record: anchor.seq },
        )),
        Some(p) if p.hash != anchor.hash => problems.push(problem(
            None,
            Some(anchor.seq),
            F::AnchorRewritten {
                record: anchor.seq,
                anchored: anchor.hash.clone(),
                now: p.hash.clone(),
            },
        )),
        Some(_) => notes.push(Note(N::ExtendsAnchor {
            record: anchor.seq,
            hash: anchor.hash.clone(),
        })),
    }
    if let (Some(k), Some(_)) = (key, &anchor.sig)
        && !anchor.head().signed_by(k)
    {
        problems.push(problem(
            None,
            Some(anchor.seq),
            F::AnchorForged { key: k.to_string() },
        ));
    }
}
