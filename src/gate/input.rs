//! Reading the data file: CSV (RFC 4180) in UTF-8, a header row, and optionally an HXL
//! hashtag row under it. Every record is checked as it is read (UTF-8, as many cells as the
//! header, no cell or row above the caps) and a problem is reported with its row and column.
//! Rows are read one at a time: memory stays bounded by the row cap whatever the file size.

use super::error::{Cell, GateError};
use std::cell::Cell as Counter;
use std::io::Read;
use std::rc::Rc;

/// Caps on what one row may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    /// The longest cell, in bytes.
    pub cell: usize,
    /// The longest row, in bytes: a row is never held in memory beyond this.
    pub row: usize,
}

impl Default for Caps {
    fn default() -> Self {
        // Humanitarian registration data holds names, places and short free text; a cell of
        // a megabyte is a mistake or an attack, not data.
        Caps {
            cell: 64 * 1024,
            row: 1024 * 1024,
        }
    }
}

/// The readable part of a reader, stopping with an error once more than `cap` bytes have
/// been read past the end of the last complete record (`mark`, set by [`Rows`]).
struct Capped<R> {
    inner: R,
    read: u64,
    mark: Rc<Counter<u64>>,
    cap: u64,
}

/// The marker error of [`Capped`], told apart from other I/O errors by its kind and text.
const ROW_CAP: &str = "mandate-gate-row-cap";

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.saturating_sub(self.mark.get()) > self.cap {
            return Err(std::io::Error::other(ROW_CAP));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// The CSV rows of a data file after its header (and HXL row), checked one by one.
pub struct Rows<R: Read> {
    reader: csv::Reader<Capped<R>>,
    mark: Rc<Counter<u64>>,
    caps: Caps,
    /// The header, one name per column.
    pub header: Vec<String>,
    /// The HXL hashtag row, when the file has one.
    pub hxl: Option<Vec<String>>,
    /// Rows read so far, the header and HXL row included.
    row: u64,
    record: csv::ByteRecord,
    /// The second row, when it turned out to be data.
    pending: Option<Vec<String>>,
    /// The byte where the records start: after the header and the HXL row.
    start: u64,
}

/// Whether the row under the header is an HXL hashtag row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HxlRow {
    /// Looked at (a CSV file or a worksheet): see [`Rows::open`].
    Detect,
    /// It is one (a Parquet or Arrow file whose fields carry hashtags): checked as one.
    Present,
    /// There is none (a Parquet or Arrow file without hashtags, or read with a column map):
    /// the second row is a record, whatever it holds.
    Absent,
}

impl<R: Read> Rows<R> {
    /// Reads the header, and the HXL row when the second row is one (every cell empty or a
    /// hashtag, at least one a hashtag). When the HXL row is what says what the columns hold
    /// (`hxl_expected`), a second row where some cells start with `#` and others are not
    /// hashtags is refused: it is a hashtag row with a mistake. With a column map, such a row
    /// is data (a note that starts with `#`).
    pub fn open(input: R, caps: Caps, hxl_expected: bool) -> Result<Rows<R>, GateError> {
        Self::open_with(input, caps, hxl_expected, HxlRow::Detect)
    }

    /// [`Rows::open`], told whether the second row is an HXL row when the format says so.
    pub fn open_with(
        input: R,
        caps: Caps,
        hxl_expected: bool,
        hxl_row: HxlRow,
    ) -> Result<Rows<R>, GateError> {
        let mark = Rc::new(Counter::new(0));
        let capped = Capped {
            inner: input,
            read: 0,
            mark: mark.clone(),
            cap: caps.row as u64,
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(capped);
        let mut rows = Rows {
            reader,
            mark,
            caps,
            header: Vec::new(),
            hxl: None,
            row: 0,
            record: csv::ByteRecord::new(),
            pending: None,
            start: 0,
        };
        let header = rows.next_raw()?.ok_or(GateError::Empty)?;
        if header.iter().all(String::is_empty) {
            return Err(GateError::Empty);
        }
        rows.header = header;
        rows.start = rows.reader.position().byte();
        // The HXL row is looked at before the ragged-row check: an HXL row with a missing
        // cell is reported as a ragged row of the file all the same.
        match hxl_row {
            HxlRow::Detect => rows.hxl = rows.peek_hxl(hxl_expected)?,
            HxlRow::Present => {
                let cells = rows.next_checked()?.unwrap_or_default();
                rows.check_hashtags(&cells)?;
                rows.hxl = Some(cells);
            }
            HxlRow::Absent => {}
        }
        if rows.pending.is_none() {
            rows.start = rows.reader.position().byte();
        }
        Ok(rows)
    }

    /// Reads the second row and keeps it as the HXL row if it is one; otherwise keeps it for
    /// the first call of [`Rows::next_row`].
    fn peek_hxl(&mut self, expected: bool) -> Result<Option<Vec<String>>, GateError> {
        let Some(cells) = self.next_checked()? else {
            return Ok(None);
        };
        let tags = cells
            .iter()
            .filter(|c| c.trim_start().starts_with('#'))
            .count();
        let bad = cells.iter().position(|c| {
            let c = c.trim();
            !c.is_empty() && crate::compile::normalise_hashtag(c).is_none()
        });
        if tags == 0 || (!expected && bad.is_some()) {
            self.pending = Some(cells);
            return Ok(None);
        }
        self.check_hashtags(&cells)?;
        Ok(Some(cells))
    }

    /// Refuses an HXL row with a cell that is neither empty nor a hashtag, naming it.
    fn check_hashtags(&self, cells: &[String]) -> Result<(), GateError> {
        let bad = cells.iter().position(|c| {
            let c = c.trim();
            !c.is_empty() && crate::compile::normalise_hashtag(c).is_none()
        });
        if let Some(i) = bad {
            return Err(GateError::BadHxlRow {
                column: i + 1,
                header: self.header.get(i).cloned().unwrap_or_default(),
                cell: cells
                    .get(i)
                    .map(|c| c.trim().to_owned())
                    .unwrap_or_default(),
            });
        }
        Ok(())
    }

    /// The next data row, checked; `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Vec<String>>, GateError> {
        if let Some(p) = self.pending.take() {
            return Ok(Some(p));
        }
        self.next_checked()
    }

    /// The underlying reader, once the rows are read.
    pub fn into_reader(self) -> R {
        self.reader.into_inner().inner
    }

    /// Bytes of the file read so far (up to the end of the row last returned).
    pub fn bytes(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The byte where the records start: after the header, and the HXL row when there is
    /// one (before a second row that turned out to be a record).
    pub fn start(&self) -> u64 {
        self.start
    }

    /// The caps the rows are held to.
    pub fn caps(&self) -> Caps {
        self.caps
    }

    /// The row number of the row last returned (the header is row 1).
    pub fn row(&self) -> u64 {
        self.row
    }

    fn next_checked(&mut self) -> Result<Option<Vec<String>>, GateError> {
        let Some(cells) = self.next_raw()? else {
            return Ok(None);
        };
        if cells.len() != self.header.len() {
            // A blank last line is the end of the file, not a ragged row.
            if cells.len() == 1 && cells.first().is_some_and(String::is_empty) {
                return self.next_checked();
            }
            return Err(GateError::Ragged {
                row: self.row,
                expected: self.header.len(),
                found: cells.len(),
            });
        }
        Ok(Some(cells))
    }

    /// The next record, checked as [`Rows::next_row`] checks it, its cells borrowed from
    /// the reader's buffer: no allocation a cell, for the pass over every record of a large
    /// file (BENCHMARKS.md, "Dataset gate").
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, GateError> {
        if let Some(p) = self.pending.take() {
            self.record = csv::ByteRecord::from(p);
        } else {
            loop {
                if !self.read_record()? {
                    return Ok(None);
                }
                if self.record.len() == self.header.len() {
                    break;
                }
                // A blank last line is the end of the file, not a ragged row.
                if self.record.len() == 1 && self.record.get(0).is_some_and(<[u8]>::is_empty) {
                    continue;
                }
                return Err(GateError::Ragged {
                    row: self.row,
                    expected: self.header.len(),
                    found: self.record.len(),
                });
            }
        }
        Ok(Some(Record {
            cells: &self.record,
            row: self.row,
            bytes: self.reader.position().byte(),
        }))
    }

    fn next_raw(&mut self) -> Result<Option<Vec<String>>, GateError> {
        if !self.read_record()? {
            return Ok(None);
        }
        let mut cells: Vec<String> = self
            .record
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        // The byte-order mark some spreadsheets write before the header is not part of it.
        if self.row == 1
            && let Some(first) = cells.first_mut()
            && let Some(rest) = first.strip_prefix('\u{feff}')
        {
            *first = rest.to_owned();
        }
        Ok(Some(cells))
    }

    /// Reads the next record into `self.record` and checks its cells (within the caps,
    /// UTF-8). False at the end of the file.
    fn read_record(&mut self) -> Result<bool, GateError> {
        let row = self.row + 1;
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(false),
            Ok(true) => {}
            Err(e) => {
                let io_cap =
                    matches!(e.kind(), csv::ErrorKind::Io(io) if io.to_string() == ROW_CAP);
                return Err(if io_cap {
                    GateError::RowTooLarge {
                        row,
                        limit: self.caps.row,
                    }
                } else {
                    GateError::Malformed {
                        row,
                        error: e.to_string(),
                    }
                });
            }
        }
        self.row = row;
        self.mark.set(self.reader.position().byte());
        let ascii = self.record.as_slice().is_ascii();
        for (i, bytes) in self.record.iter().enumerate() {
            let at = || Cell {
                row,
                column: i + 1,
                header: self.header.get(i).cloned().unwrap_or_default(),
            };
            if bytes.len() > self.caps.cell {
                return Err(GateError::CellTooLarge {
                    at: at(),
                    limit: self.caps.cell,
                });
            }
            if !ascii && std::str::from_utf8(bytes).is_err() {
                return Err(GateError::NotUtf8(at()));
            }
        }
        Ok(true)
    }
}

/// One record's cells, checked (UTF-8, within the caps), borrowed from the reader.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    cells: &'a csv::ByteRecord,
    /// Its row, numbered as a spreadsheet numbers it (the header is row 1).
    pub row: u64,
    /// The bytes of the file read up to its end.
    pub bytes: u64,
}

impl<'a> Record<'a> {
    /// The cell in column `i` (from 0); empty past the last.
    pub fn get(&self, i: usize) -> &'a str {
        self.cells
            .get(i)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &[u8]) -> Result<Rows<&[u8]>, GateError> {
        Rows::open(text, Caps::default(), true)
    }

    fn all(text: &[u8], caps: Caps) -> Result<Vec<Vec<String>>, GateError> {
        let mut rows = Rows::open(text, caps, true)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next_row()? {
            out.push(r);
        }
        Ok(out)
    }

    #[test]
    fn reads_a_header_an_hxl_row_and_the_records() {
        let mut rows = open(b"name,age\n#respondee+name,#age\nAmina,34\n").unwrap();
        assert_eq!(rows.header, ["name", "age"]);
        assert_eq!(rows.hxl.as_deref().unwrap(), ["#respondee+name", "#age"]);
        assert_eq!(rows.next_row().unwrap().unwrap(), ["Amina", "34"]);
        assert_eq!(rows.row(), 3);
        assert!(rows.next_row().unwrap().is_none());
    }

    #[test]
    fn a_file_without_hxl_row_keeps_its_second_row_as_data() {
        let mut rows = open(b"name,age\nAmina,34\n").unwrap();
        assert!(rows.hxl.is_none());
        assert_eq!(rows.next_row().unwrap().unwrap(), ["Amina", "34"]);
        assert_eq!(rows.row(), 2);
    }

    #[test]
    fn bad_input_is_named_by_row_and_column() {
        assert_eq!(open(b"").err(), Some(GateError::Empty));
        assert_eq!(
            all(b"a,b\n1,2\n3\n", Caps::default()).err(),
            Some(GateError::Ragged {
                row: 3,
                expected: 2,
                found: 1
            })
        );
        let e = all(b"a,b\n1,\xff\n", Caps::default()).err();
        assert_eq!(
            e,
            Some(GateError::NotUtf8(Cell {
                row: 2,
                column: 2,
                header: "b".into()
            }))
        );
        let e = open(b"a,b\n#adm1,age\n").err().unwrap();
        assert_eq!(e.code(), "gate.bad_hxl_row");
        // With a column map, a first record whose note starts with `#` is data.
        let mut rows = Rows::open(&b"a,b\n#1 priority,x\n"[..], Caps::default(), false).unwrap();
        assert!(rows.hxl.is_none());
        assert_eq!(rows.next_row().unwrap().unwrap(), ["#1 priority", "x"]);
    }

    #[test]
    fn a_huge_cell_is_refused_without_reading_it_whole() {
        let caps = Caps { cell: 8, row: 64 };
        let e = all(b"a,b\n1,123456789\n", caps).err().unwrap();
        assert_eq!(e.code(), "gate.cell_too_large");
        // A row far past the row cap stops the reading early.
        let mut big = b"a,b\n1,\"".to_vec();
        big.extend(std::iter::repeat_n(b'x', 1_000_000));
        big.extend(b"\"\n");
        let e = all(&big, caps).err().unwrap();
        assert_eq!(e, GateError::RowTooLarge { row: 2, limit: 64 });
    }
}
