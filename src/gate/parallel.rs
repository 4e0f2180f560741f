//! Reading a CSV file's records on every core, for the obligations that need every record
//! before they write anything (aggregation, k-anonymity, the risk bound): on ten million
//! records, reading is most of their time (BENCHMARKS.md, "Dataset gate").
//!
//! One thread reads the file in blocks, in order, and hands every byte to the hash of the
//! input (`digest`); each block is cut at the end of its last complete record, the rest
//! carried over to the next, and the block goes to the next free worker. A block without a
//! quote is cut after its last line break and its records are split on `,` and line breaks
//! with memchr; a block with a quote is cut where csv-core says its last record ends, and
//! read with the csv crate. Both give the records the serial reader ([`super::input::Rows`])
//! gives, with the same settings (a line break is `\n`, `\r` or `\r\n`; blank lines are
//! skipped). What each block gives is handed back in file order.
//!
//! This path never reports an error itself: anything the serial reader would refuse (bad
//! UTF-8, a ragged row, a cell or row over the caps, a value an obligation cannot read) or
//! that this path is not sure of (a record longer than the blocks) makes it give up, and the
//! caller reads the file with the serial reader, which reports the error with its row and
//! column exactly as before. Memory stays bounded: a few blocks in flight.

use super::digest::Sha256Behind;
use super::input::Caps;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

/// The size of a block handed to a worker (more when a record is longer: up to twice the
/// row cap more).
const BLOCK: usize = 1 << 20;

/// Blocks read ahead of the first one not yet handed back, per worker.
const AHEAD: usize = 3;

/// The serial reader must read the file: it says what is wrong and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GiveUp;

/// What a worker does with the records of the blocks it is given.
pub trait Work: Send {
    /// What one block gives, handed back in file order.
    type Block: Send;
    /// One record: as many cells as the header, each UTF-8 and within the cell cap.
    fn record(&mut self, cells: &[&str]) -> Result<(), GiveUp>;
    /// What the block just read gave.
    fn block_done(&mut self) -> Self::Block;
}

/// The file read to its end.
pub struct Done<W> {
    /// The workers, with what they gathered.
    pub workers: Vec<W>,
    /// SHA-256 of every byte of the file.
    pub digest: [u8; 32],
    /// Records read.
    pub records: u64,
}

/// How to read: the file, where its records start (after the header and the HXL row), how
/// many cells a record has, the caps and the number of workers.
pub struct Layout<'a> {
    /// The CSV file.
    pub path: &'a std::path::Path,
    /// The byte where the records start.
    pub start: u64,
    /// Cells in a record.
    pub width: usize,
    /// Caps on cells and rows, as the serial reader has them.
    pub caps: Caps,
    /// Worker threads (at least one).
    pub threads: usize,
}

/// Reads the records of the file on `layout.threads` workers made by `make`, handing what
/// each block gives to `merge` in file order and the bytes read so far to `progress`.
/// `Err(GiveUp)` when the serial reader must read the file instead.
pub fn read<W, F, M>(
    layout: &Layout<'_>,
    make: F,
    mut merge: M,
    progress: Option<&super::Progress>,
) -> Result<Done<W>, GiveUp>
where
    W: Work,
    F: Fn() -> W + Sync,
    M: FnMut(W::Block),
{
    let mut file = std::fs::File::open(layout.path).map_err(|_| GiveUp)?;
    let mut hash = Sha256Behind::new();
    let start = usize::try_from(layout.start).map_err(|_| GiveUp)?;
    let mut head = vec![0u8; start];
    file.read_exact(&mut head).map_err(|_| GiveUp)?;
    hash.update(&head);
    // A record over the row cap is left to the serial reader: a block grows up to this to
    // hold any other.
    let most = BLOCK.saturating_add(layout.caps.row.saturating_mul(2));
    let threads = layout.threads.max(1);
    let stop = AtomicBool::new(false);
    let (jobs, to_do) = mpsc::channel::<(usize, Vec<u8>)>();
    let to_do = Mutex::new(to_do);
    let (done, results) = mpsc::channel::<(usize, Result<(W::Block, u64), GiveUp>)>();
    let (width, caps) = (layout.width, layout.caps);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let done = done.clone();
                let (to_do, stop, make) = (&to_do, &stop, &make);
                scope.spawn(move || {
                    let mut work = make();
                    loop {
                        let job = match to_do.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok((index, bytes)) = job else { break };
                        if stop.load(Ordering::Relaxed) {
                            continue;
                        }
                        let outcome =
                            records(&bytes, width, caps, &mut work).map(|n| (work.block_done(), n));
                        if outcome.is_err() {
                            stop.store(true, Ordering::Relaxed);
                        }
                        if done.send((index, outcome)).is_err() {
                            break;
                        }
                    }
                    work
                })
            })
            .collect();
        drop(done);
        let mut waiting: BTreeMap<usize, (W::Block, u64)> = BTreeMap::new();
        let (mut sent, mut merged, mut records) = (0usize, 0usize, 0u64);
        let mut failed = false;
        // Hands back, in order, what has come; waits for a block when `wait`.
        let mut take = |wait: bool,
                        merged: &mut usize,
                        records: &mut u64,
                        waiting: &mut BTreeMap<usize, (W::Block, u64)>|
         -> Result<(), GiveUp> {
            let got = if wait {
                results.recv().ok()
            } else {
                results.try_recv().ok()
            };
            if let Some((index, outcome)) = got {
                waiting.insert(index, outcome?);
            } else if wait {
                return Err(GiveUp);
            }
            while let Some((block, n)) = waiting.remove(merged) {
                merge(block);
                *records += n;
                *merged += 1;
            }
            Ok(())
        };
        let mut carry: Vec<u8> = Vec::new();
        let mut at = layout.start;
        let mut size = BLOCK;
        loop {
            let mut buf = Vec::with_capacity(size);
            buf.append(&mut carry);
            let before = buf.len();
            let eof = match fill(&mut file, &mut buf, size) {
                Ok(eof) => eof,
                Err(_) => {
                    failed = true;
                    break;
                }
            };
            hash.update(buf.get(before..).unwrap_or_default());
            at += (buf.len() - before) as u64;
            if let Some(p) = progress {
                (p.0)(at);
            }
            let cut = if eof {
                buf.len()
            } else {
                match boundary(&buf) {
                    Some(cut) => cut,
                    None if size < most => {
                        // No record ends in the block: read on.
                        carry = buf;
                        size = size.saturating_mul(2).min(most);
                        continue;
                    }
                    None => {
                        failed = true;
                        break;
                    }
                }
            };
            size = BLOCK;
            carry = buf.split_off(cut);
            if !buf.is_empty() {
                if jobs.send((sent, buf)).is_err() {
                    failed = true;
                    break;
                }
                sent += 1;
            }
            // A bounded number of blocks in flight: wait for the oldest when at the bound.
            let mut step = Ok(());
            while step.is_ok() && sent - merged >= AHEAD * threads {
                step = take(true, &mut merged, &mut records, &mut waiting);
            }
            while step.is_ok() && !failed {
                let before = merged + waiting.len();
                step = take(false, &mut merged, &mut records, &mut waiting);
                if merged + waiting.len() == before {
                    break;
                }
            }
            if step.is_err() {
                failed = true;
                break;
            }
            if eof {
                break;
            }
        }
        drop(jobs);
        if failed {
            stop.store(true, Ordering::Relaxed);
        }
        while !failed && merged < sent {
            if take(true, &mut merged, &mut records, &mut waiting).is_err() {
                failed = true;
                stop.store(true, Ordering::Relaxed);
            }
        }
        // Workers end once the queue is empty (skipping what is left when stopping).
        let workers: Vec<W> = handles.into_iter().filter_map(|h| h.join().ok()).collect();
        if failed || workers.len() != threads {
            return Err(GiveUp);
        }
        let digest = hash.finish().ok_or(GiveUp)?;
        Ok(Done {
            workers,
            digest,
            records,
        })
    })
}

/// Reads into `buf` until it holds `size` bytes or the file ends; true at the end.
fn fill(file: &mut std::fs::File, buf: &mut Vec<u8>, size: usize) -> std::io::Result<bool> {
    while buf.len() < size {
        let room = size - buf.len();
        let n = file.by_ref().take(room as u64).read_to_end(buf)?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Where the last complete record of `buf` ends (`buf` starts at a record's start); `None`
/// when no record ends in it.
pub(crate) fn boundary(buf: &[u8]) -> Option<usize> {
    if memchr::memchr(b'"', buf).is_none() {
        // Without quotes a line break always ends a record.
        return memchr::memrchr2(b'\n', b'\r', buf)
            .map(|i| i + 1)
            .filter(|&c| c > 0);
    }
    let mut reader = csv_core::Reader::new();
    let mut out = vec![0u8; 64 * 1024];
    let mut ends = [0usize; 256];
    let (mut at, mut last) = (0usize, None);
    loop {
        let (result, read, _, _) =
            reader.read_record(buf.get(at..).unwrap_or_default(), &mut out, &mut ends);
        at += read;
        match result {
            csv_core::ReadRecordResult::Record => last = Some(at),
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {
            }
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => break,
        }
    }
    last.filter(|&c| c > 0)
}

/// Reads the records of one block (starting at a record's start, ending at a record's end
/// or the file's) into `work`, checked as the serial reader checks them; the number read.
pub(crate) fn records<W: Work>(
    block: &[u8],
    width: usize,
    caps: Caps,
    work: &mut W,
) -> Result<u64, GiveUp> {
    // The block is valid UTF-8 exactly when every cell is: cells are cut at ASCII bytes
    // (delimiters, quotes, line breaks), which no multi-byte character contains.
    let text = std::str::from_utf8(block).map_err(|_| GiveUp)?;
    let mut cells: Vec<&str> = Vec::with_capacity(width);
    let mut n = 0u64;
    if memchr::memchr(b'"', block).is_some() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(block);
        let mut record = csv::ByteRecord::new();
        let mut mark = 0u64;
        while reader.read_byte_record(&mut record).map_err(|_| GiveUp)? {
            let end = reader.position().byte();
            // Past the row cap the serial reader decides (it may refuse the row).
            if end - mark > caps.row as u64 {
                return Err(GiveUp);
            }
            mark = end;
            if record.len() != width {
                // A blank last line is the end of the file, not a ragged row.
                if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                    continue;
                }
                return Err(GiveUp);
            }
            let mut cells: Vec<&str> = Vec::with_capacity(width);
            for c in record.iter() {
                if c.len() > caps.cell {
                    return Err(GiveUp);
                }
                cells.push(std::str::from_utf8(c).map_err(|_| GiveUp)?);
            }
            work.record(&cells)?;
            n += 1;
        }
        return Ok(n);
    }
    // One pass over the block for delimiters and line breaks.
    let bytes = text.as_bytes();
    let (mut record, mut from) = (0usize, 0usize);
    let mut end_record = |cells: &mut Vec<&'_ str>, end: usize, record: usize| {
        // From the end of the last record (blank lines included) to the end of this one.
        if end - record > caps.row || cells.len() != width {
            return Err(GiveUp);
        }
        work.record(cells)?;
        cells.clear();
        n += 1;
        Ok(())
    };
    let mut mark = 0usize;
    for i in memchr::memchr3_iter(b',', b'\n', b'\r', bytes) {
        let cell = text.get(from..i).ok_or(GiveUp)?;
        if cell.len() > caps.cell {
            return Err(GiveUp);
        }
        from = i + 1;
        if bytes.get(i) == Some(&b',') {
            cells.push(cell);
            continue;
        }
        if i == record {
            // A line break at the start of a record is skipped, as csv-core skips it.
            record = from;
            continue;
        }
        cells.push(cell);
        end_record(&mut cells, from, mark)?;
        record = from;
        mark = from;
    }
    if record < bytes.len() {
        let cell = text.get(from..).ok_or(GiveUp)?;
        if cell.len() > caps.cell {
            return Err(GiveUp);
        }
        cells.push(cell);
        end_record(&mut cells, bytes.len(), mark)?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gathers the records it is given.
    #[derive(Default)]
    struct Gather(Vec<Vec<String>>);

    impl Work for Gather {
        type Block = Vec<Vec<String>>;
        fn record(&mut self, cells: &[&str]) -> Result<(), GiveUp> {
            self.0.push(cells.iter().map(|c| (*c).to_owned()).collect());
            Ok(())
        }
        fn block_done(&mut self) -> Self::Block {
            std::mem::take(&mut self.0)
        }
    }

    /// What the serial reader gives for `text`: its records, or its error.
    fn serial(text: &[u8], caps: Caps) -> Result<Vec<Vec<String>>, super::super::GateError> {
        let mut rows = super::super::input::Rows::open(text, caps, false)?;
        let mut out = Vec::new();
        let width = rows.header.len();
        while let Some(r) = rows.next_record()? {
            out.push((0..width).map(|i| r.get(i).to_owned()).collect());
        }
        Ok(out)
    }

    /// The records of `text` after its header, cut into blocks of at most `size` bytes
    /// as the reading thread cuts them; `None` when this path gives up.
    fn blocked(text: &[u8], size: usize, caps: Caps) -> Option<Vec<Vec<String>>> {
        let header_end = memchr::memchr(b'\n', text)? + 1;
        let width = text
            .get(..header_end)?
            .iter()
            .filter(|&&b| b == b',')
            .count()
            + 1;
        let mut rest = text.get(header_end..)?.to_vec();
        let mut out = Vec::new();
        let mut work = Gather::default();
        while !rest.is_empty() {
            let eof = rest.len() <= size;
            let cut = if eof {
                rest.len()
            } else {
                boundary(rest.get(..size)?)?
            };
            let tail = rest.split_off(cut);
            records(&rest, width, caps, &mut work).ok()?;
            out.extend(work.block_done());
            rest = tail;
        }
        Some(out)
    }

    /// A random CSV text: quotes (escaped, in quoted and unquoted fields), CRLF and bare
    /// CR, empty fields, blank lines, multi-byte and bad UTF-8, ragged rows now and then.
    fn random_csv(seed: &mut u64, width: usize) -> Vec<u8> {
        let mut next = |n: u64| {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (*seed >> 33) % n
        };
        let pieces: [&[u8]; 12] = [
            b"a",
            b"bc",
            b"",
            b"\"q\"",
            b"\"x,y\"",
            b"\"l\nm\"",
            b"\"\"\"\"",
            b"d\"e",
            b"\xc3\xa9",
            b"\xff",
            b"\"r\r\ns\"",
            b" ",
        ];
        let mut text = Vec::new();
        for c in 0..width {
            if c > 0 {
                text.push(b',');
            }
            text.extend_from_slice(format!("h{c}").as_bytes());
        }
        text.push(b'\n');
        for _ in 0..next(40) {
            let cells = if next(30) == 0 { width + 1 } else { width };
            for c in 0..cells {
                if c > 0 {
                    text.push(b',');
                }
                // Mostly plain cells, now and then a hard one.
                let hard = next(8) == 0;
                let piece = if hard {
                    pieces[next(pieces.len() as u64) as usize]
                } else {
                    pieces[next(3) as usize]
                };
                text.extend_from_slice(piece);
            }
            let end: &[u8] = match next(10) {
                0 => b"\r\n",
                1 => b"\r",
                2 => b"\n\n",
                _ => b"\n",
            };
            text.extend_from_slice(end);
        }
        if next(3) == 0 {
            text.pop();
        }
        text
    }

    /// On random CSV, the blocks give the serial reader's records, whatever the block
    /// size; where the serial reader refuses the file, this path gives up (never a
    /// different answer).
    #[test]
    fn blocks_read_what_the_serial_reader_reads() {
        let mut seed = 5u64;
        let caps = Caps::default();
        let (mut same, mut gave_up) = (0, 0);
        for round in 0..3000 {
            let width = 1 + round % 3;
            let text = random_csv(&mut seed, width);
            let want = serial(&text, caps);
            for size in [1, 2, 3, 7, 16, 64, 1 << 20] {
                match (blocked(&text, size, caps), &want) {
                    (Some(got), Ok(want)) => {
                        assert_eq!(
                            &got,
                            want,
                            "{:?} in blocks of {size}",
                            String::from_utf8_lossy(&text)
                        );
                        same += 1;
                    }
                    (Some(got), Err(e)) => panic!(
                        "the serial reader refuses {:?} ({e:?}), blocks of {size} read {got:?}",
                        String::from_utf8_lossy(&text)
                    ),
                    (None, _) => gave_up += 1,
                }
            }
        }
        // Many texts are read here, not handed back (blocks of a few bytes hold no record).
        assert!(same > 2000, "{same} read, {gave_up} given up");
    }

    /// The caps: a cell or a row over them is left to the serial reader.
    #[test]
    fn what_is_over_the_caps_is_left_to_the_serial_reader() {
        let caps = Caps { cell: 4, row: 12 };
        let mut work = Gather::default();
        assert_eq!(records(b"ab,cd\n", 2, caps, &mut work), Ok(1));
        assert_eq!(records(b"abcde,x\n", 2, caps, &mut work), Err(GiveUp));
        assert_eq!(records(b"\"abcde\",x\n", 2, caps, &mut work), Err(GiveUp));
        assert_eq!(
            records(b"\n\n\n\n\n\n\n\n\n\nab,cd\n", 2, caps, &mut work),
            Err(GiveUp)
        );
        assert_eq!(records(b"a,b,c\n", 2, caps, &mut work), Err(GiveUp));
        assert_eq!(records(b"a,\xff\n", 2, caps, &mut work), Err(GiveUp));
        assert_eq!(boundary(b"abc"), None);
        assert_eq!(boundary(b"a\nb"), Some(2));
        assert_eq!(boundary(b"\"a\nb"), None);
        assert_eq!(boundary(b"x\n\"a\nb\"\nc"), Some(8));
    }
}
