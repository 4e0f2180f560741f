//! Reading a Parquet file or an Arrow IPC file or stream (feature `gate-parquet`) as the CSV
//! path reads the same table exported as CSV. Record batches are read one at a time and
//! turned into CSV text record by record, which goes through the CSV reader
//! ([`super::input::Rows`]): both formats are held to the same checks and caps and give the
//! same release, and memory stays bounded by a batch whatever the file's size.
//!
//! The header is the fields' names. What a column holds comes from a column map, or from
//! the HXL hashtag in the field's metadata under the key `hxl` (`{"hxl": "#adm1"}`; in
//! pyarrow, `pa.field("district", pa.string(), metadata={"hxl": "#adm1"})`); Parquet
//! keeps it in the Arrow schema it stores. When any field carries one, they make the HXL
//! row; a field without one is then unmapped, as an empty cell of an HXL row is.
//!
//! Values become the text a CSV export holds, as for a workbook: text as it is; integers
//! in decimal; other numbers in the shortest form that reads back to the same value, whole
//! ones without a decimal point (`34`); `TRUE`/`FALSE`; a date as `2026-05-12`; a timestamp
//! as `2026-05-12T09:30:00Z` in UTC (a timestamp without a time zone is read as UTC), as
//! a date when it is midnight; times and decimals as Arrow prints them (`09:30:00`,
//! `12.50`); a null as an empty cell. Dictionary-encoded columns are read as their values.
//! Other types (lists, structs, binary, …) are refused, naming the column.
//!
//! Errors name the row group (Parquet) or record batch (Arrow) and the record, counted from
//! 1 over the whole file.

use super::TableKind;
use super::error::{Cell, GateError, Part};
use super::input::{Caps, HxlRow};
use super::sink::HXL_KEY;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float16Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, SchemaRef, TimeUnit};
use std::cell::RefCell;
use std::io::{Read, Seek};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Records per batch read from a Parquet file.
const BATCH_ROWS: usize = 1024;

/// The largest row group read, by the uncompressed size its metadata declares: a row group's
/// pages are decoded into memory a batch at a time, and a file claiming more is refused.
pub const ROW_GROUP_CAP: u64 = 1024 * 1024 * 1024;

/// The marker error of [`TableText`]: the typed error waits in [`Shared`].
const TABLE_ERROR: &str = "mandate-gate-table-error";

impl TableKind {
    /// The format's name, as errors print it.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Parquet => "Parquet",
            TableKind::ArrowFile | TableKind::ArrowStream => "Arrow IPC",
        }
    }
}

/// What the text reader and the error relocation share: the first error met in the file,
/// typed, and where each part (row group or batch) starts.
#[derive(Default)]
struct Shared {
    error: Option<GateError>,
    /// The index (from 0) of the first record of each part.
    starts: Vec<u64>,
}

/// A Parquet or Arrow file opened as CSV text.
pub struct Table {
    /// The CSV text: header, HXL row when the fields carry hashtags, records.
    pub text: TableText,
    /// Whether the text has an HXL row.
    pub hxl_row: HxlRow,
    /// Tells an error about the text in the terms of the file.
    pub relocate: Box<dyn Fn(GateError) -> GateError>,
    /// How far through the file the reading is, in bytes of the file.
    pub position: Arc<AtomicU64>,
}

/// A buffer the CSV writer writes into and the reader takes the text from.
#[derive(Clone, Default)]
struct Shelf(Rc<RefCell<Vec<u8>>>);

impl Shelf {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl std::io::Write for Shelf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A reader that counts the bytes read and follows seeks.
struct Counting<R> {
    inner: R,
    at: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.at.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let at = self.inner.seek(pos)?;
        self.at.store(at, Ordering::Relaxed);
        Ok(at)
    }
}

type Batches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>>>;

/// Opens `path` as a table of kind `kind`. With `tags` the fields' hashtags make the HXL
/// row; without (a column map says what the columns hold) they are not read.
pub fn open(
    path: &std::path::Path,
    kind: TableKind,
    caps: Caps,
    tags: bool,
) -> Result<Table, GateError> {
    let format = kind.name();
    let bad = |e: &dyn std::fmt::Display| GateError::BadTable {
        format: format.into(),
        error: e.to_string(),
    };
    let io = |e: std::io::Error| GateError::Io {
        path: path.display().to_string(),
        error: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let file_len = file.metadata().map_err(io)?.len();
    let position = Arc::new(AtomicU64::new(0));
    let mut shared = Shared::default();
    let (schema, batches, total): (SchemaRef, Batches, Option<u64>) = match kind {
        TableKind::Parquet => {
            let builder =
                parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
                    .map_err(|e| bad(&e))?;
            let meta = builder.metadata().clone();
            let mut start = 0u64;
            for (i, group) in meta.row_groups().iter().enumerate() {
                let size = u64::try_from(group.total_byte_size()).unwrap_or(u64::MAX);
                if size > ROW_GROUP_CAP {
                    return Err(GateError::InTable {
                        format: format.into(),
                        part: Some(Part::RowGroup(i as u64 + 1)),
                        error: Box::new(GateError::TooLarge {
                            limit: ROW_GROUP_CAP,
                        }),
                    });
                }
                shared.starts.push(start);
                start = start.saturating_add(u64::try_from(group.num_rows()).unwrap_or(0));
            }
            let schema = builder.schema().clone();
            let reader = builder
                .with_batch_size(BATCH_ROWS)
                .build()
                .map_err(|e| bad(&e))?;
            (schema, Box::new(reader), Some(start))
        }
        TableKind::ArrowFile => {
            let counting = Counting {
                inner: std::io::BufReader::new(file),
                at: position.clone(),
            };
            let reader =
                arrow_ipc::reader::FileReader::try_new(counting, None).map_err(|e| bad(&e))?;
            (reader.schema(), Box::new(reader), None)
        }
        TableKind::ArrowStream => {
            let counting = Counting {
                inner: std::io::BufReader::new(file),
                at: position.clone(),
            };
            let reader =
                arrow_ipc::reader::StreamReader::try_new(counting, None).map_err(|e| bad(&e))?;
            (reader.schema(), Box::new(reader), None)
        }
    };
    let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    if header.is_empty() {
        return Err(GateError::Empty);
    }
    for (i, field) in schema.fields().iter().enumerate() {
        if !readable(field.data_type()) {
            return Err(GateError::UnsupportedType {
                column: i + 1,
                header: field.name().clone(),
                data_type: field.data_type().to_string(),
            });
        }
    }
    let hashtags: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| f.metadata().get(HXL_KEY).cloned().unwrap_or_default())
        .collect();
    let hxl = tags && hashtags.iter().any(|t| !t.trim().is_empty());
    let out = Shelf::default();
    let mut writer = csv::WriterBuilder::new().from_writer(out.clone());
    let head = |e: csv::Error| bad(&e);
    writer.write_record(&header).map_err(head)?;
    if hxl {
        writer.write_record(&hashtags).map_err(head)?;
    }
    writer.flush().map_err(io)?;
    let buf = out.take();
    let shared = Rc::new(RefCell::new(shared));
    let text = TableText {
        batches,
        kind,
        header,
        batch: Vec::new(),
        rows: 0,
        row: 0,
        writer,
        out,
        buf,
        pos: 0,
        caps,
        records: 0,
        total,
        file_len,
        position: position.clone(),
        shared: shared.clone(),
    };
    Ok(Table {
        text,
        hxl_row: if hxl { HxlRow::Present } else { HxlRow::Absent },
        relocate: Box::new(move |e| relocate(&shared, kind, hxl, e)),
        position,
    })
}

/// Whether values of `t` are turned into text.
fn readable(t: &DataType) -> bool {
    match t {
        DataType::Dictionary(_, values) => {
            readable(values) && !matches!(**values, DataType::Dictionary(..))
        }
        DataType::Null
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Date32
        | DataType::Date64
        | DataType::Timestamp(..)
        | DataType::Time32(_)
        | DataType::Time64(_)
        | DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => true,
        _ => false,
    }
}

/// The records of a table as CSV text, produced as they are read.
pub struct TableText {
    batches: Batches,
    kind: TableKind,
    header: Vec<String>,
    /// The current batch's columns (dictionaries decoded), its length and the next row.
    batch: Vec<ArrayRef>,
    rows: usize,
    row: usize,
    writer: csv::Writer<Shelf>,
    /// Where `writer` puts the text, taken from after each record.
    out: Shelf,
    buf: Vec<u8>,
    pos: usize,
    caps: Caps,
    /// Records turned into text so far.
    records: u64,
    /// Records in the file, when its metadata says.
    total: Option<u64>,
    file_len: u64,
    position: Arc<AtomicU64>,
    shared: Rc<RefCell<Shared>>,
}

impl TableText {
    /// The part the record with index `record` (from 0) is in.
    fn part_of(&self, record: u64) -> Option<Part> {
        part_of(&self.shared.borrow().starts, self.kind, record)
    }

    /// Keeps `error` (at the record with index `record`) for [`relocate`] and returns the
    /// marker I/O error that stops the CSV reader.
    fn fail(&mut self, record: u64, error: GateError) -> std::io::Error {
        let wrapped = GateError::InTable {
            format: self.kind.name().into(),
            part: self.part_of(record),
            error: Box::new(error),
        };
        self.shared.borrow_mut().error = Some(wrapped);
        std::io::Error::other(TABLE_ERROR)
    }

    /// Puts the next record's CSV text into `buf`; `false` at the end of the file.
    fn fill(&mut self) -> std::io::Result<bool> {
        while self.row >= self.rows {
            match self.batches.next() {
                None => {
                    self.position.store(self.file_len, Ordering::Relaxed);
                    return Ok(false);
                }
                Some(Err(e)) => {
                    let error = GateError::BadTable {
                        format: self.kind.name().into(),
                        error: e.to_string(),
                    };
                    return Err(self.fail(self.records, error));
                }
                Some(Ok(batch)) => {
                    if self.kind != TableKind::Parquet {
                        self.shared.borrow_mut().starts.push(self.records);
                    }
                    let mut columns = Vec::with_capacity(batch.num_columns());
                    for column in batch.columns() {
                        columns.push(match column.data_type() {
                            DataType::Dictionary(_, values) => {
                                match arrow_cast::cast::cast(column, values) {
                                    Ok(decoded) => decoded,
                                    Err(e) => {
                                        let error = GateError::BadTable {
                                            format: self.kind.name().into(),
                                            error: e.to_string(),
                                        };
                                        return Err(self.fail(self.records, error));
                                    }
                                }
                            }
                            _ => column.clone(),
                        });
                    }
                    self.rows = batch.num_rows();
                    self.row = 0;
                    self.batch = columns;
                }
            }
        }
        let record = self.records;
        let mut cells = Vec::with_capacity(self.batch.len());
        let mut length = 0usize;
        for (i, column) in self.batch.iter().enumerate() {
            let at = || Cell {
                row: record + 1,
                column: i + 1,
                header: self.header.get(i).cloned().unwrap_or_default(),
            };
            let text = match text_of(column.as_ref(), self.row) {
                Ok(t) => t,
                Err(e) => {
                    let error = GateError::BadTable {
                        format: self.kind.name().into(),
                        error: format!("{}: {e}", at().header),
                    };
                    return Err(self.fail(record, error));
                }
            };
            if text.len() > self.caps.cell {
                let error = GateError::CellTooLarge {
                    at: at(),
                    limit: self.caps.cell,
                };
                return Err(self.fail(record, error));
            }
            length += text.len() + 1;
            if length > self.caps.row {
                let error = GateError::RowTooLarge {
                    row: record + 1,
                    limit: self.caps.row,
                };
                return Err(self.fail(record, error));
            }
            cells.push(text);
        }
        self.row += 1;
        self.records += 1;
        if let Some(total) = self.total.filter(|t| *t > 0) {
            let at =
                u128::from(self.records.min(total)) * u128::from(self.file_len) / u128::from(total);
            self.position.store(
                u64::try_from(at).unwrap_or(self.file_len),
                Ordering::Relaxed,
            );
        }
        self.writer
            .write_record(&cells)
            .map_err(std::io::Error::other)?;
        self.writer.flush()?;
        self.buf = self.out.take();
        Ok(true)
    }
}

impl Read for TableText {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            if !self.fill()? {
                return Ok(0);
            }
        }
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let n = rest.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.pos += n;
        Ok(n)
    }
}

fn part_of(starts: &[u64], kind: TableKind, record: u64) -> Option<Part> {
    let n = starts.partition_point(|&s| s <= record) as u64;
    (n > 0).then_some(match kind {
        TableKind::Parquet => Part::RowGroup(n),
        TableKind::ArrowFile | TableKind::ArrowStream => Part::Batch(n),
    })
}

/// An error about the CSV text, told in the file's terms: the typed error the text reader
/// met, or the error with its row turned into the record's number and its part named.
fn relocate(shared: &RefCell<Shared>, kind: TableKind, hxl: bool, error: GateError) -> GateError {
    if let GateError::Malformed { error: words, .. } = &error
        && words.contains(TABLE_ERROR)
        && let Some(stored) = shared.borrow_mut().error.take()
    {
        return stored;
    }
    // Rows of the text: the header, the HXL row when there is one, then the records.
    let first = if hxl { 3 } else { 2 };
    let record = |row: u64| row.saturating_sub(first - 1).max(1);
    let wrap = |row: u64, error: GateError| GateError::InTable {
        format: kind.name().into(),
        part: part_of(&shared.borrow().starts, kind, row - 1),
        error: Box::new(error),
    };
    let moved = |at: Cell| Cell {
        row: record(at.row),
        ..at
    };
    let row_of = |e: &GateError| match e {
        GateError::BadDate { at, .. }
        | GateError::BadNumber { at, .. }
        | GateError::CellTooLarge { at, .. } => Some(at.row),
        GateError::RowTooLarge { row, .. } => Some(*row),
        _ => None,
    };
    // The header and the hashtags are the fields' names and metadata, not records.
    if row_of(&error).is_some_and(|row| row < first) {
        return GateError::InTable {
            format: kind.name().into(),
            part: None,
            error: Box::new(error),
        };
    }
    match error {
        GateError::BadDate { at, value } => {
            let at = moved(at);
            wrap(at.row, GateError::BadDate { at, value })
        }
        GateError::BadNumber { at, value } => {
            let at = moved(at);
            wrap(at.row, GateError::BadNumber { at, value })
        }
        GateError::CellTooLarge { at, limit } => {
            let at = moved(at);
            wrap(at.row, GateError::CellTooLarge { at, limit })
        }
        GateError::RowTooLarge { row, limit } => wrap(
            record(row),
            GateError::RowTooLarge {
                row: record(row),
                limit,
            },
        ),
        e @ GateError::BadHxlRow { .. } => GateError::InTable {
            format: kind.name().into(),
            part: None,
            error: Box::new(e),
        },
        other => other,
    }
}

/// A number as a CSV export writes it: whole numbers without a decimal point.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// A single-precision number in its own shortest form (`0.1`, not `0.10000000149011612`).
fn number32(f: f32) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// An instant, `nanos` after 1970-01-01T00:00:00Z, as the gate writes times.
fn instant(nanos: i128) -> Result<String, String> {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .map_err(|_| format!("the time {nanos} ns from 1970 is out of range"))?;
    let (y, mo, d) = (t.year(), u8::from(t.month()), t.day());
    let (h, mi, s, ns) = (t.hour(), t.minute(), t.second(), t.nanosecond());
    Ok(match (h, mi, s, ns) {
        (0, 0, 0, 0) => format!("{y:04}-{mo:02}-{d:02}"),
        (_, _, _, 0) => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"),
        _ if ns % 1_000_000 == 0 => format!(
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
            ns / 1_000_000
        ),
        _ if ns % 1_000 == 0 => format!(
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:06}Z",
            ns / 1_000
        ),
        _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ns:09}Z"),
    })
}

/// The text of the value at `row`, as a CSV export holds it; a null is empty.
fn text_of(array: &dyn Array, row: usize) -> Result<String, String> {
    if matches!(array.data_type(), DataType::Null) || array.is_null(row) {
        return Ok(String::new());
    }
    Ok(match array.data_type() {
        DataType::Boolean => {
            if array.as_boolean().value(row) {
                "TRUE".into()
            } else {
                "FALSE".into()
            }
        }
        DataType::Int8 => array.as_primitive::<Int8Type>().value(row).to_string(),
        DataType::Int16 => array.as_primitive::<Int16Type>().value(row).to_string(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::UInt8 => array.as_primitive::<UInt8Type>().value(row).to_string(),
        DataType::UInt16 => array.as_primitive::<UInt16Type>().value(row).to_string(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(row).to_string(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row).to_string(),
        DataType::Float16 => number32(array.as_primitive::<Float16Type>().value(row).to_f32()),
        DataType::Float32 => number32(array.as_primitive::<Float32Type>().value(row)),
        DataType::Float64 => number(array.as_primitive::<Float64Type>().value(row)),
        DataType::Utf8 => array.as_string::<i32>().value(row).to_owned(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).to_owned(),
        DataType::Utf8View => array.as_string_view().value(row).to_owned(),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(row);
            instant(i128::from(days) * 86_400 * 1_000_000_000)?
        }
        DataType::Date64 => {
            let ms = array.as_primitive::<Date64Type>().value(row);
            instant(i128::from(ms) * 1_000_000)?
        }
        DataType::Timestamp(unit, _) => {
            let (v, scale) = match unit {
                TimeUnit::Second => (
                    array.as_primitive::<TimestampSecondType>().value(row),
                    1_000_000_000,
                ),
                TimeUnit::Millisecond => (
                    array.as_primitive::<TimestampMillisecondType>().value(row),
                    1_000_000,
                ),
                TimeUnit::Microsecond => (
                    array.as_primitive::<TimestampMicrosecondType>().value(row),
                    1_000,
                ),
                TimeUnit::Nanosecond => (
                    array.as_primitive::<TimestampNanosecondType>().value(row),
                    1,
                ),
            };
            instant(i128::from(v) * scale)?
        }
        _ => {
            let options = arrow_cast::display::FormatOptions::default();
            arrow_cast::display::ArrayFormatter::try_new(array, &options)
                .map_err(|e| e.to_string())?
                .value(row)
                .to_string()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{
        BooleanArray, Date32Array, Decimal128Array, Float32Array, Float64Array, Int64Array,
        StringArray, TimestampMillisecondArray,
    };

    #[test]
    fn values_become_the_text_a_csv_export_holds() {
        let t = |a: &dyn Array| text_of(a, 0).unwrap();
        assert_eq!(t(&Int64Array::from(vec![34])), "34");
        assert_eq!(t(&Float64Array::from(vec![34.0])), "34");
        assert_eq!(t(&Float64Array::from(vec![0.1])), "0.1");
        assert_eq!(t(&Float32Array::from(vec![0.1f32])), "0.1");
        assert_eq!(t(&Float64Array::from(vec![-2.5])), "-2.5");
        assert_eq!(t(&BooleanArray::from(vec![true])), "TRUE");
        assert_eq!(t(&StringArray::from(vec![Some("Amina")])), "Amina");
        assert_eq!(t(&StringArray::from(vec![None::<&str>])), "");
        // 2026-05-12 is day 20585 after 1970-01-01.
        assert_eq!(t(&Date32Array::from(vec![20585])), "2026-05-12");
        let ms = 20585 * 86_400_000i64;
        assert_eq!(t(&TimestampMillisecondArray::from(vec![ms])), "2026-05-12");
        let at = TimestampMillisecondArray::from(vec![ms + 9 * 3_600_000 + 30 * 60_000])
            .with_timezone("+03:00");
        assert_eq!(t(&at), "2026-05-12T09:30:00Z");
        let frac = TimestampMillisecondArray::from(vec![ms + 1]);
        assert_eq!(t(&frac), "2026-05-12T00:00:00.001Z");
        let dec = Decimal128Array::from(vec![1250i128])
            .with_precision_and_scale(10, 2)
            .unwrap();
        assert_eq!(t(&dec), "12.50");
    }

    #[test]
    fn errors_name_the_part_their_record_is_in() {
        let starts = [0, 1024, 2048];
        assert_eq!(
            part_of(&starts, TableKind::Parquet, 0),
            Some(Part::RowGroup(1))
        );
        assert_eq!(
            part_of(&starts, TableKind::Parquet, 1024),
            Some(Part::RowGroup(2))
        );
        assert_eq!(
            part_of(&starts, TableKind::ArrowStream, 5000),
            Some(Part::Batch(3))
        );
        assert_eq!(part_of(&[], TableKind::Parquet, 0), None);
    }

    #[test]
    fn only_types_with_a_text_form_are_read() {
        assert!(readable(&DataType::Utf8));
        assert!(readable(&DataType::Dictionary(
            Box::new(DataType::Int32),
            Box::new(DataType::Utf8)
        )));
        assert!(!readable(&DataType::Binary));
        let item = arrow_schema::Field::new("item", DataType::Utf8, true);
        assert!(!readable(&DataType::List(Arc::new(item))));
    }
}
