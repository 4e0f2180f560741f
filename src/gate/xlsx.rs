//! Reading one worksheet of an XLSX workbook (feature `gate-xlsx`), as the CSV path would
//! read the same table saved as CSV: the first non-blank row is the header, an HXL hashtag
//! row may follow it, the table starts in column A. The worksheet is turned into CSV text
//! cell by cell, with the same caps on a cell and a row as the CSV path, and that text goes
//! through the same reader ([`super::input::Rows`]), so both formats are held to the same
//! checks and give the same release.
//!
//! Values become the text a person reads: strings as they are; whole numbers without a
//! decimal point (`34`, not `34.0`), other numbers in the shortest form that reads back to
//! the same value (`0.1`); `TRUE`/`FALSE`; dates as `2026-05-12` and date-times as
//! `2026-05-12T09:30:00Z` (a spreadsheet stores no time zone: the time is read as UTC), in
//! either of the workbook's date systems (1900 or 1904); durations as `hh:mm:ss`. A cell
//! holding an error value (`#DIV/0!`, `#N/A`) stops the gate: its meaning is unknown.
//!
//! Blank rows are skipped; errors name the sheet and the cell (`B7`) as the spreadsheet
//! shows them ([`SheetRows::relocate`]).

use super::error::{Cell, GateError};
use super::input::Caps;
use calamine::{DataRef, Reader, Xlsx};
use std::io::{Cursor, Read};

/// The largest workbook file read: the file is held in memory while its sheet is read.
pub const WORKBOOK_CAP: u64 = 256 * 1024 * 1024;

/// The most a workbook may unpack to, all its parts together. calamine unpacks parts such as
/// the shared strings whole when it opens a workbook, so this is checked first.
pub const UNPACKED_CAP: u64 = 1024 * 1024 * 1024;

/// The largest sheet, as CSV text: the text is held in memory while it is gated.
pub const SHEET_CAP: usize = 512 * 1024 * 1024;

/// A worksheet turned into CSV text, with where each of its rows came from.
#[derive(Debug)]
pub struct SheetRows {
    /// The sheet's name.
    pub sheet: String,
    /// The CSV text (header, HXL row if any, records).
    pub csv: Vec<u8>,
    /// For each CSV row (from 0), the sheet's row number (from 1).
    pub rows: Vec<u64>,
}

/// The column's letters as a spreadsheet writes them: 1 → `A`, 27 → `AA`.
pub fn column_letters(column: usize) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Reads the workbook at `path` (at most [`WORKBOOK_CAP`] bytes) and returns its bytes.
pub fn read_workbook(path: &std::path::Path) -> Result<Vec<u8>, GateError> {
    let io = |e: std::io::Error| GateError::Io {
        path: path.display().to_string(),
        error: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(WORKBOOK_CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > WORKBOOK_CAP {
        return Err(GateError::TooLarge {
            limit: WORKBOOK_CAP,
        });
    }
    Ok(bytes)
}

/// The text of one cell, as the CSV path would see it; `Err` with the error value's text for
/// a cell holding an error.
fn text_of(value: &DataRef<'_>) -> Result<String, String> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(true) => "TRUE".into(),
        DataRef::Bool(false) => "FALSE".into(),
        DataRef::DateTime(d) if d.is_duration() => {
            let seconds = (d.as_f64() * 86_400.0).round();
            if !seconds.is_finite() || seconds.abs() > 1e15 {
                return Err(d.as_f64().to_string());
            }
            let s = seconds as i64;
            let sign = if s < 0 { "-" } else { "" };
            let s = s.abs();
            format!("{sign}{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        }
        DataRef::DateTime(d) => {
            let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
            match (h, mi, s, ms) {
                (0, 0, 0, 0) => format!("{y:04}-{mo:02}-{day:02}"),
                (_, _, _, 0) => format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}Z"),
                _ => format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z"),
            }
        }
        DataRef::Error(e) => return Err(e.to_string()),
    })
}

/// A number as a person writes it: whole numbers without a decimal point.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// Builds the CSV text of a sheet row by row, with the caps.
struct Builder {
    sheet: String,
    caps: Caps,
    writer: csv::Writer<Vec<u8>>,
    rows: Vec<u64>,
    header: Vec<String>,
    /// The row being filled: its sheet row (from 0) and its cells.
    current: Option<(u32, Vec<String>)>,
}

impl Builder {
    fn in_sheet(&self, error: GateError) -> GateError {
        GateError::Sheet {
            sheet: self.sheet.clone(),
            cell: None,
            error: Box::new(error),
        }
    }

    /// The error at a cell, named as the spreadsheet names it (`B7`).
    fn in_cell(&self, at: &Cell, error: GateError) -> GateError {
        GateError::Sheet {
            sheet: self.sheet.clone(),
            cell: Some(format!("{}{}", column_letters(at.column), at.row)),
            error: Box::new(error),
        }
    }

    fn at(&self, row: u32, column: u32) -> Cell {
        Cell {
            row: u64::from(row) + 1,
            column: column as usize + 1,
            header: self
                .header
                .get(column as usize)
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// Adds a cell of the current row (or starts the next row).
    fn push(&mut self, row: u32, column: u32, text: String) -> Result<(), GateError> {
        if self.current.as_ref().is_some_and(|(r, _)| *r != row) {
            self.finish_row()?;
        }
        let (r, cells) = self.current.get_or_insert_with(|| (row, Vec::new()));
        if *r != row || (column as usize) < cells.len() {
            // Cells come in row order in every workbook a spreadsheet program writes.
            return Err(GateError::BadWorkbook {
                error: format!("cells out of order at row {}", row + 1),
            });
        }
        if text.len() > self.caps.cell {
            let at = self.at(row, column);
            return Err(self.in_cell(
                &at,
                GateError::CellTooLarge {
                    at: at.clone(),
                    limit: self.caps.cell,
                },
            ));
        }
        let width = self.header.len();
        if !self.header.is_empty() && column as usize >= width && !text.is_empty() {
            let at = self.at(row, column);
            return Err(self.in_cell(&at, GateError::PastHeader { at: at.clone() }));
        }
        let Some((_, cells)) = self.current.as_mut() else {
            return Ok(());
        };
        cells.resize(column as usize, String::new());
        cells.push(text);
        let length: usize = cells.iter().map(|c| c.len() + 1).sum();
        if length > self.caps.row {
            return Err(self.in_sheet(GateError::RowTooLarge {
                row: u64::from(row) + 1,
                limit: self.caps.row,
            }));
        }
        Ok(())
    }

    /// Writes the current row, unless it is blank.
    fn finish_row(&mut self) -> Result<(), GateError> {
        let Some((row, mut cells)) = self.current.take() else {
            return Ok(());
        };
        if cells.iter().all(String::is_empty) {
            return Ok(());
        }
        if self.header.is_empty() {
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            self.header = cells.clone();
        } else {
            cells.truncate(self.header.len());
            cells.resize(self.header.len(), String::new());
        }
        self.writer
            .write_record(&cells)
            .map_err(|e| GateError::BadWorkbook {
                error: e.to_string(),
            })?;
        self.rows.push(u64::from(row) + 1);
        if self.writer.get_ref().len() > SHEET_CAP {
            return Err(self.in_sheet(GateError::TooLarge {
                limit: SHEET_CAP as u64,
            }));
        }
        Ok(())
    }
}

/// Refuses a workbook whose parts unpack to more than `cap` bytes together. Each part is
/// unpacked into nothing, counting, and the count stops one byte past the cap: the sizes an
/// archive's headers claim are not trusted, since a zip bomb can claim anything.
fn unpacks_within(bytes: &[u8], cap: u64) -> Result<(), GateError> {
    let bad = |error: String| GateError::BadWorkbook { error };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|e| bad(e.to_string()))?;
        let room = cap.saturating_sub(total);
        let read = std::io::copy(&mut part.take(room + 1), &mut std::io::sink())
            .map_err(|e| bad(e.to_string()))?;
        total = total.saturating_add(read);
        if total > cap {
            return Err(GateError::Unpacked { limit: cap });
        }
    }
    Ok(())
}

/// Rows converted between two calls of the progress callback of [`sheet_to_csv`].
const PROGRESS_ROWS: u32 = 1024;

/// Turns the sheet `sheet` (default: the first) of the workbook in `bytes` into CSV text.
/// `progress`, when given, is told the sheet rows converted so far and the rows the sheet
/// declares (0 when it declares none) every thousand rows or so, and once at the end.
pub fn sheet_to_csv(
    bytes: Vec<u8>,
    sheet: Option<&str>,
    caps: Caps,
    progress: Option<&dyn Fn(u64, u64)>,
) -> Result<SheetRows, GateError> {
    let bad = |e: calamine::XlsxError| GateError::BadWorkbook {
        error: e.to_string(),
    };
    unpacks_within(&bytes, UNPACKED_CAP)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(bad)?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| GateError::NoSheet {
                sheet: wanted.to_owned(),
                available: names.join(", "),
            })?,
        None => names.first().cloned().ok_or(GateError::Empty)?,
    };
    let mut builder = Builder {
        sheet: name.clone(),
        caps,
        writer: csv::WriterBuilder::new().from_writer(Vec::new()),
        rows: Vec::new(),
        header: Vec::new(),
        current: None,
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(bad)?;
    let declared = cells.dimensions();
    let total = if declared.end.0 > 0 || declared.end.1 > 0 {
        u64::from(declared.end.0) + 1
    } else {
        0
    };
    let mut told = 0u32;
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        let (row, column) = cell.get_position();
        if let Some(p) = progress
            && row >= told.saturating_add(PROGRESS_ROWS)
        {
            told = row;
            p(u64::from(row), total);
        }
        match text_of(cell.get_value()) {
            Ok(text) => builder.push(row, column, text)?,
            Err(value) => {
                let at = builder.at(row, column);
                return Err(builder.in_cell(
                    &at,
                    GateError::CellError {
                        at: at.clone(),
                        value,
                    },
                ));
            }
        }
    }
    builder.finish_row()?;
    if let Some(p) = progress {
        p(total.max(u64::from(told)), total.max(u64::from(told)));
    }
    if builder.header.is_empty() {
        return Err(builder.in_sheet(GateError::Empty));
    }
    let csv = builder
        .writer
        .into_inner()
        .map_err(|e| GateError::BadWorkbook {
            error: e.to_string(),
        })?;
    Ok(SheetRows {
        sheet: name,
        csv,
        rows: builder.rows,
    })
}

impl SheetRows {
    /// An error about the CSV text, told in the sheet's terms: the row numbers of the sheet
    /// (blank rows skipped in the text are counted), the cell as `B7`, the sheet named.
    pub fn relocate(&self, error: GateError) -> GateError {
        let sheet_row = |row: u64| {
            usize::try_from(row)
                .ok()
                .and_then(|r| r.checked_sub(1))
                .and_then(|i| self.rows.get(i).copied())
                .unwrap_or(row)
        };
        let wrap = |cell: Option<String>, error: GateError| GateError::Sheet {
            sheet: self.sheet.clone(),
            cell,
            error: Box::new(error),
        };
        let moved = |at: Cell| Cell {
            row: sheet_row(at.row),
            ..at
        };
        let name = |at: &Cell| format!("{}{}", column_letters(at.column), at.row);
        match error {
            GateError::BadDate { at, value } => {
                let at = moved(at);
                wrap(Some(name(&at)), GateError::BadDate { at, value })
            }
            GateError::BadNumber { at, value } => {
                let at = moved(at);
                wrap(Some(name(&at)), GateError::BadNumber { at, value })
            }
            GateError::NotUtf8(at) => {
                let at = moved(at);
                wrap(Some(name(&at)), GateError::NotUtf8(at))
            }
            GateError::CellTooLarge { at, limit } => {
                let at = moved(at);
                wrap(Some(name(&at)), GateError::CellTooLarge { at, limit })
            }
            GateError::BadHxlRow {
                column,
                header,
                cell,
            } => {
                let at = format!("{}{}", column_letters(column), sheet_row(2));
                wrap(
                    Some(at),
                    GateError::BadHxlRow {
                        column,
                        header,
                        cell,
                    },
                )
            }
            GateError::Ragged {
                row,
                expected,
                found,
            } => wrap(
                None,
                GateError::Ragged {
                    row: sheet_row(row),
                    expected,
                    found,
                },
            ),
            GateError::RowTooLarge { row, limit } => wrap(
                None,
                GateError::RowTooLarge {
                    row: sheet_row(row),
                    limit,
                },
            ),
            GateError::Malformed { row, error } => wrap(
                None,
                GateError::Malformed {
                    row: sheet_row(row),
                    error,
                },
            ),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive of `parts` parts of `size` zero bytes each.
    fn archive(parts: usize, size: usize) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..parts {
            zip.start_file(format!("part{i}.xml"), options)
                .expect("start");
            zip.write_all(&vec![0u8; size]).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_cap_is_refused_before_it_is_opened() {
        // Three parts of 400 KiB: each alone is within a 1 MiB cap, together they are not.
        let bytes = archive(3, 400 * 1024);
        assert_eq!(
            unpacks_within(&bytes, 1024 * 1024),
            Err(GateError::Unpacked { limit: 1024 * 1024 })
        );
        assert_eq!(unpacks_within(&bytes, 2 * 1024 * 1024), Ok(()));
        // Bytes that only start like an archive are a bad workbook, named so.
        assert!(matches!(
            unpacks_within(b"PK\x03\x04 not an archive", UNPACKED_CAP),
            Err(GateError::BadWorkbook { .. })
        ));
    }

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_does() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn values_become_the_text_a_person_reads() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::*};
        let t = |v: DataRef<'_>| text_of(&v).unwrap();
        assert_eq!(t(DataRef::Float(34.0)), "34");
        assert_eq!(t(DataRef::Float(0.1)), "0.1");
        assert_eq!(t(DataRef::Float(-2.5)), "-2.5");
        assert_eq!(t(DataRef::Int(7)), "7");
        assert_eq!(t(DataRef::Bool(true)), "TRUE");
        assert_eq!(t(DataRef::Empty), "");
        // 2026-05-12 is day 46154 of the 1900 system and day 44692 of the 1904 one.
        let date = |v, is_1904| DataRef::DateTime(ExcelDateTime::new(v, DateTime, is_1904));
        assert_eq!(t(date(46154.0, false)), "2026-05-12");
        assert_eq!(t(date(44692.0, true)), "2026-05-12");
        assert_eq!(t(date(46154.375, false)), "2026-05-12T09:00:00Z");
        let span = DataRef::DateTime(ExcelDateTime::new(1.5, TimeDelta, false));
        assert_eq!(t(span), "36:00:00");
        let e = text_of(&DataRef::Error(calamine::CellErrorType::Div0));
        assert_eq!(e, Err("#DIV/0!".to_owned()));
    }
}
