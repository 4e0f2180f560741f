//! Where the release's rows go: CSV (cells escaped against formulas, an HXL row under the
//! header when the columns have hashtags) or, with feature `gate-parquet`, Parquet (every
//! column text, an empty cell a null, each column's hashtag in its field's metadata under
//! the key `hxl`, as the Parquet and Arrow reader reads it back).

use super::error::GateError;
use super::kanon::Coded;
use std::io::Write;

/// The format the release is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// RFC 4180 CSV in UTF-8.
    #[default]
    Csv,
    /// Apache Parquet (feature `gate-parquet`).
    Parquet,
}

impl OutputFormat {
    /// The format an output file's name asks for: `.parquet` or `.pq` for Parquet, CSV
    /// otherwise.
    pub fn for_path(path: &std::path::Path) -> OutputFormat {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("parquet" | "pq") => OutputFormat::Parquet,
            _ => OutputFormat::Csv,
        }
    }
}

/// The rows of a release, in order: the header once, then the records or cells.
pub trait Sink {
    /// The columns' names and, when they have any, their hashtags.
    fn header(&mut self, names: &[String], tags: Option<&[String]>) -> Result<(), GateError>;
    /// One row, a cell per column.
    fn row(&mut self, cells: &[String]) -> Result<(), GateError>;
    /// The records of a table held as codes, a row each.
    fn coded(&mut self, held: &Coded) -> Result<(), GateError> {
        rows_of_codes(self, held)
    }
    /// Writes what is buffered and the format's trailer.
    fn finish(self: Box<Self>) -> Result<(), GateError>;
}

/// The records held as codes, each put back into its cells and written with `row`.
fn rows_of_codes<S: Sink + ?Sized>(sink: &mut S, held: &Coded) -> Result<(), GateError> {
    let mut cells = Vec::with_capacity(held.width);
    for r in 0..held.len() {
        cells.clear();
        let codes = held.codes.get(r * held.width..(r + 1) * held.width);
        for (j, &c) in codes.unwrap_or_default().iter().enumerate() {
            cells.push(held.text(j, c).to_owned());
        }
        sink.row(&cells)?;
    }
    Ok(())
}

fn io(e: impl std::fmt::Display) -> GateError {
    GateError::Io {
        path: String::new(),
        error: e.to_string(),
    }
}

/// The sink for `format` over `out`.
pub fn open<'w, W: Write + Send + 'w>(
    format: OutputFormat,
    out: W,
) -> Result<Box<dyn Sink + 'w>, GateError> {
    match format {
        OutputFormat::Csv => Ok(Box::new(CsvSink(Some(
            csv::WriterBuilder::new().from_writer(out),
        )))),
        #[cfg(feature = "gate-parquet")]
        OutputFormat::Parquet => Ok(Box::new(ParquetSink::new(out))),
        #[cfg(not(feature = "gate-parquet"))]
        OutputFormat::Parquet => Err(GateError::OutputNeedsFeature {
            format: "Parquet".into(),
            feature: "gate-parquet".into(),
        }),
    }
}

/// CSV, each cell escaped so that a spreadsheet does not run it as a formula.
struct CsvSink<W: Write>(Option<csv::Writer<W>>);

impl<W: Write> CsvSink<W> {
    fn writer(&mut self) -> Result<&mut csv::Writer<W>, GateError> {
        self.0.as_mut().ok_or_else(|| io("the CSV writer was lost"))
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn header(&mut self, names: &[String], tags: Option<&[String]>) -> Result<(), GateError> {
        super::write_row(self.writer()?, names)?;
        if let Some(tags) = tags {
            super::write_row(self.writer()?, tags)?;
        }
        Ok(())
    }

    fn row(&mut self, cells: &[String]) -> Result<(), GateError> {
        super::write_row(self.writer()?, cells)
    }

    /// Each column's values are escaped and quoted once, as the CSV writer writes them,
    /// and a row is their bytes joined: ten million records are written without escaping
    /// or quoting a cell ten million times.
    fn coded(&mut self, held: &Coded) -> Result<(), GateError> {
        if held.width < 2 {
            // A row of one empty cell is written `""`, which the joined bytes would not
            // say: the writer writes these.
            return rows_of_codes(self, held);
        }
        let mut rendered: Vec<Vec<Vec<u8>>> = Vec::with_capacity(held.width);
        for values in &held.values {
            let mut column = Vec::with_capacity(values.len());
            for v in values {
                let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
                w.write_field(super::output::escape_cell(v).as_bytes())
                    .map_err(io)?;
                column.push(w.into_inner().map_err(io)?);
            }
            rendered.push(column);
        }
        // The joined bytes go to the output itself, after what the writer holds.
        let writer = self.0.take().ok_or_else(|| io("the CSV writer was lost"))?;
        let mut out = writer.into_inner().map_err(io)?;
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
        for r in held.rows() {
            for (j, &c) in r.iter().enumerate() {
                if j > 0 {
                    buf.push(b',');
                }
                let cell = rendered.get(j).and_then(|col| col.get(c as usize));
                buf.extend_from_slice(cell.map_or(&[][..], Vec::as_slice));
            }
            buf.push(b'\n');
            if buf.len() >= 1 << 16 {
                out.write_all(&buf).map_err(io)?;
                buf.clear();
            }
        }
        out.write_all(&buf).map_err(io)?;
        self.0 = Some(csv::WriterBuilder::new().from_writer(out));
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), GateError> {
        self.writer()?.flush().map_err(io)
    }
}

/// Rows buffered before they are written as one record batch: a few megabytes at most
/// under the row cap of the reader, whatever the release's size.
#[cfg(feature = "gate-parquet")]
const BATCH_ROWS: usize = 4096;

/// The encoded bytes a Parquet row group may hold in memory before it is written out.
#[cfg(feature = "gate-parquet")]
const ROW_GROUP_BYTES: usize = 32 * 1024 * 1024;

/// The field metadata key of a column's HXL hashtag, in the files the gate reads and writes.
pub const HXL_KEY: &str = "hxl";

/// Parquet: every column nullable text, Snappy-compressed (read by every Parquet reader).
#[cfg(feature = "gate-parquet")]
struct ParquetSink<W: Write + Send> {
    out: Option<W>,
    writer: Option<parquet::arrow::ArrowWriter<W>>,
    schema: Option<arrow_schema::SchemaRef>,
    columns: Vec<arrow_array::builder::StringBuilder>,
    rows: usize,
}

#[cfg(feature = "gate-parquet")]
impl<W: Write + Send> ParquetSink<W> {
    fn new(out: W) -> Self {
        ParquetSink {
            out: Some(out),
            writer: None,
            schema: None,
            columns: Vec::new(),
            rows: 0,
        }
    }

    fn flush_batch(&mut self) -> Result<(), GateError> {
        let (Some(writer), Some(schema)) = (self.writer.as_mut(), self.schema.as_ref()) else {
            return Ok(());
        };
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<arrow_array::ArrayRef> = self
            .columns
            .iter_mut()
            .map(|b| std::sync::Arc::new(b.finish()) as arrow_array::ArrayRef)
            .collect();
        let batch = arrow_array::RecordBatch::try_new(schema.clone(), arrays).map_err(io)?;
        writer.write(&batch).map_err(io)?;
        // A row group is held in memory until it is flushed: flushed early when large, so
        // that writing a release of any size stays within a few row groups' worth.
        if writer.in_progress_size() > ROW_GROUP_BYTES {
            writer.flush().map_err(io)?;
        }
        self.rows = 0;
        Ok(())
    }
}

#[cfg(feature = "gate-parquet")]
impl<W: Write + Send> Sink for ParquetSink<W> {
    fn header(&mut self, names: &[String], tags: Option<&[String]>) -> Result<(), GateError> {
        use arrow_schema::{DataType, Field, Schema};
        let fields: Vec<Field> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let field = Field::new(name, DataType::Utf8, true);
                match tags.and_then(|t| t.get(i)).filter(|t| !t.is_empty()) {
                    Some(tag) => field.with_metadata(std::collections::HashMap::from([(
                        HXL_KEY.to_owned(),
                        tag.clone(),
                    )])),
                    None => field,
                }
            })
            .collect();
        let schema = std::sync::Arc::new(Schema::new(fields));
        let props = parquet::file::properties::WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build();
        let out = self.out.take().ok_or_else(|| io("header written twice"))?;
        let writer =
            parquet::arrow::ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(io)?;
        self.columns = names
            .iter()
            .map(|_| arrow_array::builder::StringBuilder::new())
            .collect();
        self.writer = Some(writer);
        self.schema = Some(schema);
        Ok(())
    }

    fn row(&mut self, cells: &[String]) -> Result<(), GateError> {
        for (b, cell) in self.columns.iter_mut().zip(cells) {
            if cell.is_empty() {
                b.append_null();
            } else {
                b.append_value(cell);
            }
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), GateError> {
        self.flush_batch()?;
        let writer = self.writer.take().ok_or_else(|| io("no header written"))?;
        writer.into_inner().map_err(io)?.flush().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_name_chooses_the_format() {
        let f = |p: &str| OutputFormat::for_path(std::path::Path::new(p));
        assert_eq!(f("out.parquet"), OutputFormat::Parquet);
        assert_eq!(f("OUT.PQ"), OutputFormat::Parquet);
        assert_eq!(f("out.csv"), OutputFormat::Csv);
        assert_eq!(f("out"), OutputFormat::Csv);
    }

    #[test]
    fn a_lean_build_names_the_feature_parquet_output_needs() {
        let opened = open(OutputFormat::Parquet, Vec::new());
        if cfg!(feature = "gate-parquet") {
            assert!(opened.is_ok());
        } else {
            let e = opened.err().unwrap();
            assert_eq!(e.code(), "gate.output_needs_feature");
        }
    }
}
