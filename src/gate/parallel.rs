//! Reading a CSV file's records on every core, for the obligations that need every record
//! before they write anything (aggregation, k-anonymity, the risk bound): on ten million
//! records, reading is most of their time (BENCHMARKS.md, "Dataset gate").
//!
//! One thread reads the file in blocks, in order, and hashes every byte for the attestation
//! itself (the workers keep the other cores busy: a thread of its own for the hash, as the
//! serial reader has, would only add a copy of every byte); each block is cut at the end of
//! its last complete record, the rest carried over to the next, and the block goes to the
//! next free worker. A block without a quote is cut after its last line break, and read in
//! one pass sixteen bytes at a time with SSE2 (commas, line breaks and bytes above 0x7f
//! found at once; a record with such a byte is checked as UTF-8); a block with a quote is
//! cut where csv-core says its last record ends, and read with the csv crate. Both give the
//! records the serial reader ([`super::input::Rows`]) gives, with the same settings (a line
//! break is `\n`, `\r` or `\r\n`; blank lines are skipped). What each block gives is
//! handed back in file order.
//!
//! This path never reports an error itself: anything the serial reader would refuse (bad
//! UTF-8, a ragged row, a cell or row over the caps, a value an obligation cannot read) or
//! that this path is not sure of (a record longer than the blocks) makes it give up, and the
//! caller reads the file with the serial reader, which reports the error with its row and
//! column exactly as before. Memory stays bounded: a few blocks in flight.

use super::input::Caps;
use sha2::{Digest, Sha256};
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
    fn record(&mut self, cells: &Cells<'_, '_>) -> Result<(), GiveUp>;
    /// What the block just read gave.
    fn block_done(&mut self) -> Self::Block;
    /// Called on the worker's own thread once the file is read: what is left to do on
    /// what it gathered before the workers' results are put together on one thread.
    fn finish(&mut self) {}
}

/// One record's cells, borrowed from the text they were read from: where each starts is
/// noted as the record is split, and a cell is only cut out of the text when asked for.
#[derive(Clone, Copy, Debug)]
pub struct Cells<'t, 'e> {
    /// The text the cells are in: the block, or the csv crate's record. Every cell of the
    /// record is UTF-8 (checked before the record is handed on); the text around it, in a
    /// block, need not have been checked yet.
    text: &'t [u8],
    /// Where each cell starts, then where a cell after the last would: cell `i` is
    /// `edges[i]..edges[i + 1] - gap`.
    edges: &'e [usize],
    /// Bytes between two cells in `text`: 1 in a block (the comma), 0 in a csv record.
    gap: usize,
}

impl<'t> Cells<'t, '_> {
    /// The cells of a record: `edges` as [`Cells`] says, each cell UTF-8.
    fn new<'e>(text: &'t [u8], edges: &'e [usize], gap: usize) -> Cells<'t, 'e> {
        Cells { text, edges, gap }
    }

    /// Where cell `i` is in the text.
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        let start = *self.edges.get(i)?;
        let end = self.edges.get(i + 1)?.checked_sub(self.gap)?;
        Some((start, end))
    }

    /// Cell `i` (from 0); empty past the last.
    pub fn get(&self, i: usize) -> &'t str {
        // Checked as UTF-8 with its record: this check of the cell alone cannot fail, and
        // costs little on the few cells an obligation reads.
        std::str::from_utf8(self.bytes(i)).unwrap_or_default()
    }

    /// Cell `i`'s bytes (from 0); empty past the last.
    pub fn bytes(&self, i: usize) -> &'t [u8] {
        self.span(i)
            .and_then(|(a, b)| self.text.get(a..b))
            .unwrap_or_default()
    }

    /// Cell `i` as [`short_word`] packs it, read as one 16-byte load where the text goes
    /// on past the cell (the bytes after it masked off): `None` past 15 bytes.
    pub fn short(&self, i: usize) -> Option<u128> {
        let (a, b) = self.span(i)?;
        let len = b.checked_sub(a)?;
        if len > 15 {
            return None;
        }
        let bytes = self.text;
        let Some(word) = bytes.get(a..a + 16) else {
            return short_word(bytes.get(a..b)?);
        };
        let word = u128::from_le_bytes(word.try_into().ok()?);
        let mask = (1u128 << (8 * len)) - 1;
        Some((word & mask) | ((len as u128) << 120))
    }
}

/// A cell of at most 15 bytes in one word: its bytes from the lowest byte up, its length in
/// the top byte (so that two cells have the same word exactly when they are the same).
pub fn short_word(cell: &[u8]) -> Option<u128> {
    if cell.len() > 15 {
        return None;
    }
    let mut word = [0u8; 16];
    word.get_mut(..cell.len())?.copy_from_slice(cell);
    word[15] = cell.len() as u8;
    Some(u128::from_le_bytes(word))
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
    let mut hash = Sha256::new();
    let start = usize::try_from(layout.start).map_err(|_| GiveUp)?;
    let mut head = vec![0u8; start];
    file.read_exact(&mut head).map_err(|_| GiveUp)?;
    hash.update(&head);
    // A record over the row cap is left to the serial reader: a block grows up to this to
    // hold any other.
    let most = BLOCK.saturating_add(layout.caps.row.saturating_mul(2));
    let threads = layout.threads.max(1);
    let stop = AtomicBool::new(false);
    let (jobs, to_do) = mpsc::channel::<(usize, Vec<u8>, bool)>();
    let to_do = Mutex::new(to_do);
    let (done, results) = mpsc::channel::<(usize, Result<(W::Block, u64), GiveUp>)>();
    // Blocks read are handed back to be filled again: a new block for each would be new
    // pages for the kernel to map and zero, a megabyte at a time.
    let (give_back, spare) = mpsc::channel::<Vec<u8>>();
    let (width, caps) = (layout.width, layout.caps);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (done, give_back) = (done.clone(), give_back.clone());
                let (to_do, stop, make) = (&to_do, &stop, &make);
                scope.spawn(move || {
                    let mut work = make();
                    loop {
                        let job = match to_do.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok((index, bytes, maybe_quoted)) = job else {
                            break;
                        };
                        if stop.load(Ordering::Relaxed) {
                            continue;
                        }
                        let outcome = records_of(&bytes, maybe_quoted, width, caps, &mut work)
                            .map(|n| (work.block_done(), n));
                        let _ = give_back.send(bytes);
                        if outcome.is_err() {
                            stop.store(true, Ordering::Relaxed);
                        }
                        if done.send((index, outcome)).is_err() {
                            break;
                        }
                    }
                    if !stop.load(Ordering::Relaxed) {
                        work.finish();
                    }
                    work
                })
            })
            .collect();
        drop((done, give_back));
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
            let mut buf = spare.try_recv().unwrap_or_default();
            buf.clear();
            buf.reserve(size);
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
            // Searched once here for the block's cut and its worker both.
            let maybe_quoted = memchr::memchr(b'"', &buf).is_some();
            let cut = if eof {
                buf.len()
            } else {
                match cut_at(&buf, maybe_quoted) {
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
                if jobs.send((sent, buf, maybe_quoted)).is_err() {
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
        let digest: [u8; 32] = hash.finalize().into();
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
#[cfg(test)]
fn boundary(buf: &[u8]) -> Option<usize> {
    cut_at(buf, memchr::memchr(b'"', buf).is_some())
}

/// Where the last complete record of `buf` ends (`buf` starts at a record's start), told
/// whether `buf` holds a quote; `None` when no record ends in it.
fn cut_at(buf: &[u8], quoted: bool) -> Option<usize> {
    if !quoted {
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
#[cfg(test)]
fn records<W: Work>(block: &[u8], width: usize, caps: Caps, work: &mut W) -> Result<u64, GiveUp> {
    records_of(block, true, width, caps, work)
}

/// Reads the records of one block (starting at a record's start, ending at a record's end
/// or the file's) into `work`, checked as the serial reader checks them; the number read.
/// `maybe_quoted` false says the block has no quote (the reading thread searched it for
/// one already, to cut it): a second search is spared.
fn records_of<W: Work>(
    block: &[u8],
    maybe_quoted: bool,
    width: usize,
    caps: Caps,
    work: &mut W,
) -> Result<u64, GiveUp> {
    if maybe_quoted && memchr::memchr(b'"', block).is_some() {
        return quoted(block, width, caps, work);
    }
    let mut edges = vec![0usize; width + 1];
    let mut scan = Scan {
        block,
        edges: &mut edges,
        caps,
        start: 0,
        mark: 0,
        count: 1,
        high: 0,
        records: 0,
    };
    let mut chunks = block.chunks_exact(16);
    let mut at = 0usize;
    for chunk in &mut chunks {
        let chunk: &[u8; 16] = chunk.try_into().map_err(|_| GiveUp)?;
        scan.chunk(marks(chunk), at, work)?;
        at += 16;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last bytes, followed by zeros: no delimiter, nothing above 0x7f.
        let mut last = [0u8; 16];
        last.get_mut(..rest.len())
            .ok_or(GiveUp)?
            .copy_from_slice(rest);
        scan.chunk(marks(&last), at, work)?;
    }
    if scan.start < block.len() {
        // The last record, without a line break after it.
        if block.len() - scan.mark > caps.row {
            return Err(GiveUp);
        }
        scan.end(block.len(), work)?;
    }
    Ok(scan.records)
}

/// Where the delimiters of sixteen bytes are: bit `i` of each mask is byte `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marks {
    /// Commas and line breaks (`\n`, `\r`).
    delimiters: u32,
    /// Line breaks.
    ends: u32,
    /// Bytes above 0x7f: part of a character of several bytes, or not UTF-8.
    high: u32,
}

/// [`Marks`] of sixteen bytes with SSE2 (every x86-64 processor has it): three comparisons
/// and three masks for sixteen bytes, where a byte at a time would be a comparison a byte.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn marks(chunk: &[u8; 16]) -> Marks {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let v = load_unaligned_m128i(chunk);
    let byte = |b: u8| cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(b as i8));
    let ends = bitor_m128i(byte(b'\n'), byte(b'\r'));
    let delimiters = bitor_m128i(ends, byte(b','));
    Marks {
        delimiters: move_mask_i8_m128i(delimiters) as u32,
        ends: move_mask_i8_m128i(ends) as u32,
        high: move_mask_i8_m128i(v) as u32,
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn marks(chunk: &[u8; 16]) -> Marks {
    marks_by_words(chunk)
}

/// [`Marks`] of sixteen bytes eight at a time in plain integers, where there is no SSE2
/// (and, in the tests, to check the SSE2 version against).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn marks_by_words(chunk: &[u8; 16]) -> Marks {
    let word = u128::from_le_bytes(*chunk);
    let (low, high) = (word as u64, (word >> 64) as u64);
    let each = |f: &dyn Fn(u64) -> u64| top_bits(f(low)) | top_bits(f(high)) << 8;
    let is = |b: u8| move |v: u64| zero_bytes(v ^ (u64::from(b) * 0x0101_0101_0101_0101));
    let ends = each(&|v| is(b'\n')(v) | is(b'\r')(v));
    Marks {
        delimiters: ends | each(&is(b',')),
        ends,
        high: each(&|v| v & !LOW7),
    }
}

/// Every byte's lowest 7 bits set.
#[cfg(any(test, not(target_arch = "x86_64")))]
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The top bit of each byte of `v` that is zero, and no other bit: exact, since no byte's
/// sum carries into the next.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn zero_bytes(v: u64) -> u64 {
    !(((v & LOW7).wrapping_add(LOW7)) | v | LOW7)
}

/// The top bit of each byte of `v` gathered in the low eight bits (byte `i`'s in bit `i`):
/// the multiplication's partial products meet without carries in the top byte.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn top_bits(v: u64) -> u32 {
    (((v >> 7) & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// A block being read: where the record being read starts and where its cells do, in one
/// pass over the block's bytes, sixteen at a time ([`marks`]): its commas, its line breaks,
/// and whether a byte above 0x7f makes its UTF-8 worth checking. (Three passes before: the
/// UTF-8 check of the whole block, the search for line breaks, the commas of each line; a
/// block of a megabyte does not stay in the second-level cache from one to the next.)
struct Scan<'b, 'e> {
    block: &'b [u8],
    /// Where each cell of the record being read starts, then where a cell after the last
    /// would ([`Cells`]): as many as the header's cells, plus one.
    edges: &'e mut [usize],
    caps: Caps,
    /// Where the record being read starts.
    start: usize,
    /// Where the last record ended: blank lines between two records count in the row cap,
    /// as the serial reader counts them.
    mark: usize,
    /// Cells of the record being read so far (commas plus one).
    count: usize,
    /// The end of the last sixteen bytes that held a byte above 0x7f: a record starting
    /// before it is checked as UTF-8; the others are ASCII.
    high: usize,
    /// Records read.
    records: u64,
}

impl Scan<'_, '_> {
    /// The delimiters of the sixteen bytes at `at`, in order: a comma starts a cell, a line
    /// break ends the record.
    #[inline(always)]
    fn chunk<W: Work>(&mut self, marks: Marks, at: usize, work: &mut W) -> Result<(), GiveUp> {
        if marks.high != 0 {
            self.high = at + 16;
        }
        let mut left = marks.delimiters;
        while left != 0 {
            let bit = left.trailing_zeros();
            left &= left - 1;
            let here = at + bit as usize;
            if marks.ends >> bit & 1 == 0 {
                // Past the last edge, the record has too many cells: refused at its end.
                if let Some(edge) = self.edges.get_mut(self.count) {
                    *edge = here + 1;
                }
                self.count += 1;
            } else if here == self.start {
                // A line break at the start of a record is skipped, as csv-core skips it.
                self.start = here + 1;
                if let Some(first) = self.edges.first_mut() {
                    *first = self.start;
                }
            } else {
                if here + 1 - self.mark > self.caps.row {
                    return Err(GiveUp);
                }
                self.end(here, work)?;
            }
        }
        Ok(())
    }

    /// The record from `start` to `end` (its line break, or the block's end): handed to
    /// `work` when it has as many cells as the header, each within the cell cap and UTF-8.
    fn end<W: Work>(&mut self, end: usize, work: &mut W) -> Result<(), GiveUp> {
        if self.count != self.edges.len() - 1 {
            return Err(GiveUp);
        }
        *self.edges.last_mut().ok_or(GiveUp)? = end + 1;
        let cap = self.caps.cell;
        if end - self.start > cap && self.edges.windows(2).any(|w| w[1] - 1 - w[0] > cap) {
            return Err(GiveUp);
        }
        // The record is UTF-8 exactly when every cell is: cells are cut at ASCII bytes
        // (delimiters, line breaks), which no character of several bytes contains.
        if self.high > self.start {
            std::str::from_utf8(self.block.get(self.start..end).ok_or(GiveUp)?)
                .map_err(|_| GiveUp)?;
        }
        work.record(&Cells::new(self.block, self.edges, 1))?;
        self.records += 1;
        self.start = end + 1;
        self.mark = self.start;
        self.count = 1;
        *self.edges.first_mut().ok_or(GiveUp)? = self.start;
        Ok(())
    }
}

/// A block's records when it holds a quote: read with the csv crate.
fn quoted<W: Work>(block: &[u8], width: usize, caps: Caps, work: &mut W) -> Result<u64, GiveUp> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(block);
    let mut record = csv::ByteRecord::new();
    let mut edges = vec![0usize; width + 1];
    let (mut mark, mut n) = (0u64, 0u64);
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
        for (i, c) in record.iter().enumerate() {
            if c.len() > caps.cell {
                return Err(GiveUp);
            }
            std::str::from_utf8(c).map_err(|_| GiveUp)?;
            *edges.get_mut(i + 1).ok_or(GiveUp)? = edges.get(i).ok_or(GiveUp)? + c.len();
        }
        work.record(&Cells::new(record.as_slice(), &edges, 0))?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::super::test_random::below;
    use super::*;

    /// Gathers the records it is given.
    #[derive(Default)]
    struct Gather(Vec<Vec<String>>);

    impl Work for Gather {
        type Block = Vec<Vec<String>>;
        fn record(&mut self, cells: &Cells<'_, '_>) -> Result<(), GiveUp> {
            let mut got = Vec::new();
            for i in 0..cells.edges.len() - 1 {
                let cell = cells.get(i);
                // The packed word agrees with the cell, however it was read.
                assert_eq!(cells.short(i), short_word(cell.as_bytes()), "{cell:?}");
                got.push(cell.to_owned());
            }
            self.0.push(got);
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
        let mut next = |n: u64| below(seed, n);
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

    /// Records of many lengths with commas at every offset of an eight-byte word, cells of
    /// several bytes a character among them, the last record with or without its line
    /// break: the block gives what splitting each line on commas gives, and gives up on a
    /// record with a cell too many or too few, or a cell over the cap.
    #[test]
    fn commas_are_found_wherever_they_fall_in_a_word() {
        let mut seed = 9u64;
        let mut next = |n: u64| below(&mut seed, n);
        let (mut read, mut refused) = (0, 0);
        for _ in 0..4000 {
            let width = 1 + next(6) as usize;
            let cap = 4 + next(30) as usize;
            let caps = Caps {
                cell: cap,
                row: 1 << 20,
            };
            let mut text = String::new();
            let mut want = Some(Vec::new());
            for _ in 0..1 + next(5) {
                let cells = match next(20) {
                    0 => width + 1,
                    1 => width.saturating_sub(1).max(1),
                    _ => width,
                };
                let mut record = Vec::new();
                for c in 0..cells {
                    if c > 0 {
                        text.push(',');
                    }
                    let cell: String = (0..next(24))
                        .map(|_| ['a', 'b', 'é', ' ', ';'][next(5) as usize])
                        .collect();
                    text.push_str(&cell);
                    record.push(cell);
                }
                let fits = record.iter().all(|c| c.len() <= cap);
                match &mut want {
                    // A blank line is no record.
                    Some(_) if record == [""] => {}
                    Some(w) if record.len() == width && fits => w.push(record),
                    _ => want = None,
                }
                text.push_str(["\n", "\r\n", "\r", "\n\n"][next(4) as usize]);
            }
            if next(2) == 0 {
                text.pop();
            }
            let mut work = Gather::default();
            let got = records(text.as_bytes(), width, caps, &mut work)
                .ok()
                .map(|_| work.block_done());
            assert_eq!(got, want, "{text:?}, {width} cells, cap {cap}");
            if got.is_some() {
                read += 1;
            } else {
                refused += 1;
            }
        }
        assert!(
            read > 500 && refused > 500,
            "{read} read, {refused} refused"
        );
    }

    /// The SSE2 marks are the marks found eight bytes at a time in plain integers (the
    /// way where there is no SSE2), byte by byte: on bytes of every kind at every place.
    #[test]
    fn marks_are_the_bytes_they_say() {
        let mut seed = 13u64;
        let kinds = [
            b',', b'\n', b'\r', b'a', b'"', 0, 0x7f, 0x80, 0xc3, 0xff, b'\t', b' ',
        ];
        for _ in 0..20_000 {
            let mut chunk = [0u8; 16];
            for b in &mut chunk {
                *b = match below(&mut seed, 3) {
                    0 => below(&mut seed, 256) as u8,
                    _ => kinds[below(&mut seed, kinds.len() as u64) as usize],
                };
            }
            let bit = |f: &dyn Fn(u8) -> bool| {
                chunk
                    .iter()
                    .enumerate()
                    .fold(0u32, |m, (i, &b)| m | u32::from(f(b)) << i)
            };
            let ends = bit(&|b| b == b'\n' || b == b'\r');
            let want = Marks {
                delimiters: ends | bit(&|b| b == b','),
                ends,
                high: bit(&|b| b >= 0x80),
            };
            assert_eq!(marks(&chunk), want, "{chunk:?}");
            assert_eq!(marks_by_words(&chunk), want, "{chunk:?}");
        }
    }

    /// A character of several bytes, or a byte that is not UTF-8, at every place of a
    /// block (across the sixteen bytes read at once, in the first, a middle and the last
    /// record, with or without a line break after it): read as the serial reader reads it,
    /// or left to it when it refuses the file.
    #[test]
    fn utf8_is_checked_wherever_it_falls() {
        let caps = Caps::default();
        let pieces: [&[u8]; 4] = [b"\xc3\xa9", b"\xe2\x82\xac", b"\xff", b"\xc3"];
        let base = b"h0,h1,h2\nabc,defgh,ij\nklmnopq,r,stuvwxyz0\n12,345,6789\n";
        let (mut read, mut refused) = (0, 0);
        for piece in pieces {
            for at in 9..base.len() {
                for last_break in [true, false] {
                    let mut text = base.to_vec();
                    if !last_break {
                        text.pop();
                    }
                    if at > text.len() {
                        continue;
                    }
                    text.splice(at..at, piece.iter().copied());
                    let want = serial(&text, caps).ok();
                    let got = blocked(&text, 1 << 20, caps);
                    assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&text));
                    if got.is_some() {
                        read += 1;
                    } else {
                        refused += 1;
                    }
                }
            }
        }
        assert!(read > 50 && refused > 50, "{read} read, {refused} refused");
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
