//! Why the gate refused: one typed value per reason, each with a machine code, put into
//! words only by [`GateError::words`] (through src/words, in the reader's language).

use crate::words::{self, Lang, args};
use std::sync::Arc;

/// Why a run could not be recorded in the decision log: the log's own typed error, shared so
/// that a [`GateError`] stays cheap to clone, and put into words in the reader's language.
#[derive(Clone, Debug)]
pub struct LogFailure(Arc<crate::log::LogError>);

impl LogFailure {
    /// The log's error.
    pub fn error(&self) -> &crate::log::LogError {
        &self.0
    }
}

impl From<crate::log::LogError> for LogFailure {
    fn from(error: crate::log::LogError) -> LogFailure {
        LogFailure(Arc::new(error))
    }
}

/// Two failures are the same when they say the same: `LogError` holds an `io::Error`, which
/// has no equality of its own.
impl PartialEq for LogFailure {
    fn eq(&self, other: &LogFailure) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}

impl Eq for LogFailure {}

impl std::fmt::Display for LogFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A position in the data file: the row as a spreadsheet numbers it (the header is row 1)
/// and the column, by number from 1 and by its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Row number, from 1 (the header row).
    pub row: u64,
    /// Column number, from 1.
    pub column: usize,
    /// The column's header (empty when the row is past the last header).
    pub header: String,
}

/// Where in a Parquet or Arrow IPC file a problem is: a row group or a record batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A Parquet row group, from 1.
    RowGroup(u64),
    /// An Arrow record batch, from 1.
    Batch(u64),
}

/// Why the gate wrote nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GateError {
    /// A file could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// Which file (as the user named it).
        path: String,
        /// What the system said.
        error: String,
    },
    /// The data file holds no header row.
    #[error("empty data file")]
    Empty,
    /// Bytes that are not UTF-8.
    #[error("not UTF-8 at {0:?}")]
    NotUtf8(Cell),
    /// A row with more or fewer cells than the header.
    #[error("ragged row {row}")]
    Ragged {
        /// The row.
        row: u64,
        /// Cells in the header.
        expected: usize,
        /// Cells in the row.
        found: usize,
    },
    /// A cell longer than the cap.
    #[error("cell too large at {at:?}")]
    CellTooLarge {
        /// Where.
        at: Cell,
        /// The cap in bytes.
        limit: usize,
    },
    /// A row longer than the cap (read no further than the cap).
    #[error("row {row} too large")]
    RowTooLarge {
        /// The row.
        row: u64,
        /// The cap in bytes.
        limit: usize,
    },
    /// The CSV itself does not parse.
    #[error("malformed CSV at row {row}: {error}")]
    Malformed {
        /// The row.
        row: u64,
        /// The parser's words.
        error: String,
    },
    /// The second row looks like an HXL hashtag row but a cell is not a hashtag.
    #[error("bad HXL row at column {column}")]
    BadHxlRow {
        /// The column number.
        column: usize,
        /// Its header.
        header: String,
        /// The cell as written.
        cell: String,
    },
    /// Neither an HXL row nor a column map says what the columns hold.
    #[error("no HXL row and no column map")]
    NoCategories,
    /// A column whose category cannot be determined: it is never passed through.
    #[error("unmapped column {header}")]
    UnmappedColumn {
        /// The column number.
        column: usize,
        /// Its header.
        header: String,
        /// Its hashtag, when it has one.
        tag: Option<String>,
        /// A declared hashtag or category close to it.
        suggestion: Option<String>,
    },
    /// Two columns with one header.
    #[error("duplicate column {header}")]
    DuplicateColumn {
        /// The header.
        header: String,
    },
    /// A line of the column map that does not parse.
    #[error("bad column map line {line}")]
    BadMapLine {
        /// The line, from 1.
        line: u64,
    },
    /// The column map names a category the policy does not declare.
    #[error("unknown category {category}")]
    UnknownCategory {
        /// The line of the map.
        line: u64,
        /// The name as written.
        category: String,
        /// A declared category close to it.
        suggestion: Option<String>,
    },
    /// The column map (or an option) names a column the data does not have.
    #[error("unknown column {column}")]
    UnknownColumn {
        /// The name as written.
        column: String,
        /// A header close to it.
        suggestion: Option<String>,
    },
    /// A role in the column map other than `date`, `weight` and `sum`.
    #[error("unknown role {role}")]
    UnknownRole {
        /// The line of the map.
        line: u64,
        /// The role as written.
        role: String,
    },
    /// The flow file is not a JSON object with a `data` list.
    #[error("bad flow: {error}")]
    BadFlow {
        /// What is wrong.
        error: String,
    },
    /// Pseudonymisation is required and no key was given.
    #[error("no key")]
    NoKey,
    /// The key is too short to be a secret.
    #[error("key too short")]
    ShortKey {
        /// Its length in bytes.
        length: usize,
        /// The least accepted.
        least: usize,
    },
    /// Retention is required and no column holds the record's date.
    #[error("no record date column")]
    NoDateColumn,
    /// A record date that does not parse.
    #[error("bad date at {at:?}")]
    BadDate {
        /// Where.
        at: Cell,
        /// The cell as written.
        value: String,
    },
    /// A number (a summed column or a weight) that does not parse.
    #[error("bad number at {at:?}")]
    BadNumber {
        /// Where.
        at: Cell,
        /// The cell as written.
        value: String,
    },
    /// Aggregation is required and no dimension is named.
    #[error("no aggregation dimensions")]
    NoDimensions,
    /// A dimension that matches no column (or more than one).
    #[error("dimension {dimension} matches no column")]
    UnknownDimension {
        /// The dimension as the policy or option wrote it.
        dimension: String,
        /// How many columns it matches (0 or more than 1).
        matches: usize,
    },
    /// k-anonymity cannot be reached: fewer records than k.
    #[error("too few records")]
    TooFewRecords {
        /// Records.
        records: usize,
        /// The k required.
        k: u32,
    },
    /// Reaching k would suppress more values than the policy allows.
    #[error("too much suppression")]
    TooMuchSuppression {
        /// Values that would be suppressed.
        suppressed: usize,
        /// Values of the quasi-identifiers in all.
        total: usize,
        /// The share allowed, in hundredths of a percent.
        allowed: u32,
    },
    /// The global re-identification risk is above the policy's bound after suppression.
    #[error("risk too high")]
    RiskTooHigh {
        /// The measured global risk, in hundredths of a percent (rounded up).
        measured: u32,
        /// The bound, in hundredths of a percent.
        allowed: u32,
    },
    /// An obligation the gate cannot carry out on the data (encryption at rest in this
    /// build, or a kind it does not know): refused rather than released without it.
    #[error("cannot carry out {kind}")]
    Unsupported {
        /// The obligation's kind.
        kind: String,
    },
    /// With an earlier release about the same population, the new one would give away a
    /// suppressed cell or isolate a group below k.
    #[error("differencing with {earlier}")]
    Differencing {
        /// The earlier release's id.
        earlier: String,
        /// When it was recorded.
        time: String,
        /// The cell (dimension values) where the two differ by too few.
        cell: Vec<String>,
    },
    /// A register file whose content does not match its hash, or does not parse.
    #[error("register file {file} corrupt")]
    RegisterCorrupt {
        /// The file.
        file: String,
    },
    /// The run could not be recorded in the decision log: nothing is released unlogged.
    #[error("not logged: {error}")]
    NotLogged {
        /// What the log said.
        error: LogFailure,
    },
    /// A data file larger than the gate holds in memory (a workbook, or a sheet's text).
    #[error("data too large")]
    TooLarge {
        /// The cap in bytes.
        limit: u64,
    },
    /// A workbook that unpacks to more than the gate reads: a very large table, or an archive
    /// built to unpack without end (a "zip bomb").
    #[error("workbook unpacks too large")]
    Unpacked {
        /// The cap in bytes, unpacked.
        limit: u64,
    },
    /// A file that starts like a workbook (a ZIP archive) but cannot be read as XLSX.
    #[error("bad workbook: {error}")]
    BadWorkbook {
        /// What the reader said.
        error: String,
    },
    /// `--sheet` names no sheet of the workbook.
    #[error("no sheet {sheet}")]
    NoSheet {
        /// The name as given.
        sheet: String,
        /// The workbook's sheets, comma-separated.
        available: String,
    },
    /// A problem in a worksheet, told with the sheet's name and the cell (`B7`).
    #[error("sheet {sheet}: {error}")]
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// The cell, when the problem has one.
        cell: Option<String>,
        /// The problem, with rows and columns as the sheet numbers them.
        error: Box<GateError>,
    },
    /// A value to the right of the last header: it belongs to no column.
    #[error("value past the header at {at:?}")]
    PastHeader {
        /// Where.
        at: Cell,
    },
    /// A cell holding a spreadsheet error value (`#DIV/0!`, `#N/A`).
    #[error("error value at {at:?}")]
    CellError {
        /// Where.
        at: Cell,
        /// The error value.
        value: String,
    },
    /// The data file is in a format this build reads only with a feature it lacks.
    #[error("{format} needs feature {feature}")]
    NeedsFeature {
        /// The format (`XLSX`).
        format: String,
        /// The cargo feature to build with.
        feature: String,
    },
    /// Encryption at rest is required (or recipients are given) and this build cannot
    /// encrypt.
    #[error("encryption needs feature {feature}")]
    EncryptionNeedsFeature {
        /// The cargo feature to build with.
        feature: String,
    },
    /// Encryption at rest is required and no recipient was given.
    #[error("no recipient")]
    NoRecipient,
    /// The SHA-256 of the data or of the release could not be computed (its thread stopped):
    /// nothing is released without the hashes its attestation names.
    #[error("hash failed")]
    HashFailed,
    /// A recipient that is not an age public key.
    #[error("bad recipient {recipient}")]
    BadRecipient {
        /// The recipient as given.
        recipient: String,
        /// What is wrong.
        error: String,
    },
    /// A problem in a Parquet or Arrow IPC file, with the row group or record batch it is
    /// in (rows in the error are the file's records, from 1).
    #[error("{format}: {error}")]
    InTable {
        /// `Parquet` or `Arrow IPC`.
        format: String,
        /// The row group (Parquet) or record batch (Arrow) the problem is in, from 1.
        part: Option<Part>,
        /// The problem.
        error: Box<GateError>,
    },
    /// A file that starts like a Parquet or Arrow IPC file but cannot be read as one.
    #[error("bad {format} file: {error}")]
    BadTable {
        /// `Parquet` or `Arrow IPC`.
        format: String,
        /// The reader's words.
        error: String,
    },
    /// A column of a type the gate does not turn into text (lists, structs, binary, …).
    #[error("column {column} has the unsupported type {data_type}")]
    UnsupportedType {
        /// Column number, from 1.
        column: usize,
        /// Its name.
        header: String,
        /// The type, as Arrow names it.
        data_type: String,
    },
    /// The release is to be written in a format this build does not write.
    #[error("{format} output needs feature {feature}")]
    OutputNeedsFeature {
        /// The format.
        format: String,
        /// The feature to rebuild with.
        feature: String,
    },
}

impl GateError {
    /// The machine code (`gate.unmapped_column`, …), stable across languages.
    pub fn code(&self) -> &'static str {
        match self {
            GateError::Io { .. } => "gate.io",
            GateError::Empty => "gate.empty",
            GateError::NotUtf8(_) => "gate.not_utf8",
            GateError::Ragged { .. } => "gate.ragged_row",
            GateError::CellTooLarge { .. } => "gate.cell_too_large",
            GateError::RowTooLarge { .. } => "gate.row_too_large",
            GateError::Malformed { .. } => "gate.malformed_csv",
            GateError::BadHxlRow { .. } => "gate.bad_hxl_row",
            GateError::NoCategories => "gate.no_categories",
            GateError::UnmappedColumn { .. } => "gate.unmapped_column",
            GateError::DuplicateColumn { .. } => "gate.duplicate_column",
            GateError::BadMapLine { .. } => "gate.bad_map_line",
            GateError::UnknownCategory { .. } => "gate.unknown_category",
            GateError::UnknownColumn { .. } => "gate.unknown_column",
            GateError::UnknownRole { .. } => "gate.unknown_role",
            GateError::BadFlow { .. } => "gate.bad_flow",
            GateError::NoKey => "gate.no_key",
            GateError::ShortKey { .. } => "gate.short_key",
            GateError::NoDateColumn => "gate.no_date_column",
            GateError::BadDate { .. } => "gate.bad_date",
            GateError::BadNumber { .. } => "gate.bad_number",
            GateError::NoDimensions => "gate.no_dimensions",
            GateError::UnknownDimension { .. } => "gate.unknown_dimension",
            GateError::TooFewRecords { .. } => "gate.too_few_records",
            GateError::TooMuchSuppression { .. } => "gate.too_much_suppression",
            GateError::RiskTooHigh { .. } => "gate.risk_too_high",
            GateError::Unsupported { .. } => "gate.unsupported_obligation",
            GateError::NotLogged { .. } => "gate.not_logged",
            GateError::Differencing { .. } => "gate.differencing",
            GateError::RegisterCorrupt { .. } => "gate.register_corrupt",
            GateError::TooLarge { .. } => "gate.too_large",
            GateError::Unpacked { .. } => "gate.unpacked_too_large",
            GateError::BadWorkbook { .. } => "gate.bad_workbook",
            GateError::NoSheet { .. } => "gate.no_sheet",
            // The problem's own code: a sheet is where it is, not what it is.
            GateError::Sheet { error, .. } => error.code(),
            GateError::PastHeader { .. } => "gate.past_header",
            GateError::CellError { .. } => "gate.cell_error",
            GateError::NeedsFeature { .. } => "gate.needs_feature",
            GateError::EncryptionNeedsFeature { .. } => "gate.encryption_needs_feature",
            GateError::NoRecipient => "gate.no_recipient",
            GateError::HashFailed => "gate.hash_failed",
            GateError::BadRecipient { .. } => "gate.bad_recipient",
            // As for a sheet: where the problem is, not what it is.
            GateError::InTable { error, .. } => error.code(),
            GateError::BadTable { .. } => "gate.bad_table",
            GateError::UnsupportedType { .. } => "gate.unsupported_type",
            GateError::OutputNeedsFeature { .. } => "gate.output_needs_feature",
        }
    }

    /// Whether the data or the policy's obligations stop the release (exit 1), rather than
    /// broken input or options (exit 2).
    pub fn is_refusal(&self) -> bool {
        if let GateError::Sheet { error, .. } | GateError::InTable { error, .. } = self {
            return error.is_refusal();
        }
        matches!(
            self,
            GateError::UnmappedColumn { .. }
                | GateError::TooFewRecords { .. }
                | GateError::TooMuchSuppression { .. }
                | GateError::RiskTooHigh { .. }
                | GateError::Unsupported { .. }
                | GateError::Differencing { .. }
                | GateError::NoRecipient
        )
    }

    /// The error in words, in `lang`. Text from the data is escaped so that it cannot drive
    /// a terminal.
    pub fn words(&self, lang: Lang) -> String {
        let v = |s: &str| crate::escape::visible(s).into_owned();
        if let GateError::Sheet { sheet, cell, error } = self {
            let a = args!(
                "sheet" => v(sheet),
                "cell" => cell.as_deref().map(v).unwrap_or_else(|| "none".into()),
                "error" => error.words(lang)
            );
            return words::message(lang, "gate-in-sheet", Some(&a));
        }
        if let GateError::InTable {
            format,
            part,
            error,
        } = self
        {
            let (unit, number) = match part {
                Some(Part::RowGroup(n)) => ("group", *n),
                Some(Part::Batch(n)) => ("batch", *n),
                None => ("none", 0),
            };
            let a = args!(
                "format" => v(format),
                "unit" => unit,
                "part" => number,
                "error" => error.words(lang)
            );
            return words::message(lang, "gate-in-table", Some(&a));
        }
        let id = format!(
            "gate-{}",
            self.code().trim_start_matches("gate.").replace('_', "-")
        );
        let cell_args =
            |c: &Cell| args!("row" => c.row, "column" => c.column, "header" => v(&c.header));
        let a = match self {
            GateError::Io { path, error } => args!("path" => v(path), "error" => v(error)),
            GateError::Empty
            | GateError::NoCategories
            | GateError::NoKey
            | GateError::NoDateColumn
            | GateError::NoDimensions => words::Args::new(),
            GateError::NotUtf8(c) => cell_args(c),
            GateError::Ragged {
                row,
                expected,
                found,
            } => args!("row" => *row, "expected" => *expected, "found" => *found),
            GateError::CellTooLarge { at, limit } => {
                let mut a = cell_args(at);
                a.set("limit", *limit);
                a
            }
            GateError::RowTooLarge { row, limit } => args!("row" => *row, "limit" => *limit),
            GateError::Malformed { row, error } => args!("row" => *row, "error" => v(error)),
            GateError::BadHxlRow {
                column,
                header,
                cell,
            } => args!("column" => *column, "header" => v(header), "cell" => v(cell)),
            GateError::UnmappedColumn {
                column,
                header,
                tag,
                suggestion,
            } => args!(
                "column" => *column,
                "header" => v(header),
                "tag" => tag.as_deref().map(v).unwrap_or_else(|| "none".into()),
                "suggestion" => suggestion.as_deref().map(v).unwrap_or_else(|| "none".into())
            ),
            GateError::DuplicateColumn { header } => args!("header" => v(header)),
            GateError::BadMapLine { line } => args!("line" => *line),
            GateError::UnknownCategory {
                line,
                category,
                suggestion,
            } => args!(
                "line" => *line,
                "category" => v(category),
                "suggestion" => suggestion.as_deref().map(v).unwrap_or_else(|| "none".into())
            ),
            GateError::UnknownColumn { column, suggestion } => args!(
                "column" => v(column),
                "suggestion" => suggestion.as_deref().map(v).unwrap_or_else(|| "none".into())
            ),
            GateError::UnknownRole { line, role } => args!("line" => *line, "role" => v(role)),
            GateError::BadFlow { error } => args!("error" => v(error)),
            GateError::ShortKey { length, least } => {
                args!("length" => *length, "least" => *least)
            }
            GateError::BadDate { at, value } | GateError::BadNumber { at, value } => {
                let mut a = cell_args(at);
                a.set("value", v(value));
                a
            }
            GateError::UnknownDimension { dimension, matches } => {
                args!("dimension" => v(dimension), "matches" => *matches)
            }
            GateError::TooFewRecords { records, k } => args!("records" => *records, "k" => *k),
            GateError::TooMuchSuppression {
                suppressed,
                total,
                allowed,
            } => args!(
                "suppressed" => *suppressed,
                "total" => *total,
                "share" => percent(lang, ratio_bp(*suppressed, *total)),
                "allowed" => percent(lang, *allowed)
            ),
            GateError::RiskTooHigh { measured, allowed } => {
                args!("measured" => percent(lang, *measured), "allowed" => percent(lang, *allowed))
            }
            GateError::Unsupported { kind } => args!("kind" => v(kind)),
            // The log's words escape what they quote from input themselves.
            GateError::NotLogged { error } => {
                args!("error" => words::log_error(lang, error.error()))
            }
            GateError::Differencing {
                earlier,
                time,
                cell,
            } => args!(
                "earlier" => v(earlier),
                "time" => v(time),
                "cell" => v(&cell.join(", "))
            ),
            GateError::RegisterCorrupt { file } => args!("file" => v(file)),
            GateError::TooLarge { limit } | GateError::Unpacked { limit } => {
                args!("limit" => *limit)
            }
            GateError::BadWorkbook { error } => args!("error" => v(error)),
            GateError::NoSheet { sheet, available } => {
                args!("sheet" => v(sheet), "available" => v(available))
            }
            // Rendered above, before the message id is looked up.
            GateError::Sheet { .. } => words::Args::new(),
            GateError::PastHeader { at } => cell_args(at),
            GateError::CellError { at, value } => {
                let mut a = cell_args(at);
                a.set("value", v(value));
                a
            }
            GateError::NeedsFeature { format, feature } => {
                args!("format" => v(format), "feature" => v(feature))
            }
            GateError::EncryptionNeedsFeature { feature } => args!("feature" => v(feature)),
            GateError::NoRecipient | GateError::HashFailed => words::Args::new(),
            GateError::BadRecipient { recipient, error } => {
                args!("recipient" => v(recipient), "error" => v(error))
            }
            // Rendered above, before the message id is looked up.
            GateError::InTable { .. } => words::Args::new(),
            GateError::BadTable { format, error } => {
                args!("format" => v(format), "error" => v(error))
            }
            GateError::UnsupportedType {
                column,
                header,
                data_type,
            } => args!("column" => *column, "header" => v(header), "type" => v(data_type)),
            GateError::OutputNeedsFeature { format, feature } => {
                args!("format" => v(format), "feature" => v(feature))
            }
        };
        words::message(lang, &id, Some(&a))
    }
}

/// `part / whole` in hundredths of a percent, rounded up (so a share just above a bound is
/// never shown as equal to it).
pub fn ratio_bp(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        return 0;
    }
    let bp = (part as u128 * 10_000).div_ceil(whole as u128);
    u32::try_from(bp).unwrap_or(u32::MAX)
}

/// Hundredths of a percent as `lang` writes a percentage: `3%` or `2.5%` in English.
pub fn percent(lang: Lang, bp: u32) -> String {
    crate::words::percent(lang, bp)
}

/// Every variant once, for the tests that each renders in every language.
#[cfg(test)]
pub(crate) fn examples() -> Vec<GateError> {
    let at = Cell {
        row: 3,
        column: 2,
        header: "age".into(),
    };
    vec![
        GateError::Io {
            path: "in.csv".into(),
            error: "denied".into(),
        },
        GateError::Empty,
        GateError::NotUtf8(at.clone()),
        GateError::Ragged {
            row: 4,
            expected: 3,
            found: 2,
        },
        GateError::CellTooLarge {
            at: at.clone(),
            limit: 10,
        },
        GateError::RowTooLarge { row: 2, limit: 10 },
        GateError::Malformed {
            row: 2,
            error: "x".into(),
        },
        GateError::BadHxlRow {
            column: 2,
            header: "age".into(),
            cell: "age".into(),
        },
        GateError::NoCategories,
        GateError::UnmappedColumn {
            column: 1,
            header: "n".into(),
            tag: Some("#nme".into()),
            suggestion: Some("#name".into()),
        },
        GateError::DuplicateColumn { header: "a".into() },
        GateError::BadMapLine { line: 2 },
        GateError::UnknownCategory {
            line: 2,
            category: "x".into(),
            suggestion: None,
        },
        GateError::UnknownColumn {
            column: "x".into(),
            suggestion: Some("y".into()),
        },
        GateError::UnknownRole {
            line: 1,
            role: "r".into(),
        },
        GateError::BadFlow { error: "e".into() },
        GateError::NoKey,
        GateError::ShortKey {
            length: 3,
            least: 16,
        },
        GateError::NoDateColumn,
        GateError::BadDate {
            at: at.clone(),
            value: "x".into(),
        },
        GateError::BadNumber {
            at: at.clone(),
            value: "x".into(),
        },
        GateError::NoDimensions,
        GateError::UnknownDimension {
            dimension: "d".into(),
            matches: 0,
        },
        GateError::TooFewRecords { records: 3, k: 5 },
        GateError::TooMuchSuppression {
            suppressed: 10,
            total: 100,
            allowed: 500,
        },
        GateError::RiskTooHigh {
            measured: 410,
            allowed: 300,
        },
        GateError::Unsupported {
            kind: "encrypt".into(),
        },
        GateError::NotLogged {
            error: crate::log::LogError::NotFound("e".into()).into(),
        },
        GateError::Differencing {
            earlier: "r000001".into(),
            time: "2026-05-01T00:00:00Z".into(),
            cell: vec!["A".into()],
        },
        GateError::RegisterCorrupt {
            file: "r000001.json".into(),
        },
        GateError::TooLarge { limit: 10 },
        GateError::Unpacked { limit: 10 },
        GateError::BadWorkbook { error: "e".into() },
        GateError::NoSheet {
            sheet: "Data".into(),
            available: "Sheet1, Notes".into(),
        },
        GateError::Sheet {
            sheet: "Data".into(),
            cell: Some("B3".into()),
            error: Box::new(GateError::CellError {
                at: at.clone(),
                value: "#N/A".into(),
            }),
        },
        GateError::Sheet {
            sheet: "Data".into(),
            cell: None,
            error: Box::new(GateError::Empty),
        },
        GateError::PastHeader { at: at.clone() },
        GateError::CellError {
            at,
            value: "#DIV/0!".into(),
        },
        GateError::NeedsFeature {
            format: "XLSX".into(),
            feature: "gate-xlsx".into(),
        },
        GateError::EncryptionNeedsFeature {
            feature: "gate-age".into(),
        },
        GateError::NoRecipient,
        GateError::HashFailed,
        GateError::BadRecipient {
            recipient: "age1x".into(),
            error: "e".into(),
        },
        GateError::InTable {
            format: "Parquet".into(),
            part: Some(Part::RowGroup(2)),
            error: Box::new(GateError::BadDate {
                at: Cell {
                    row: 1057,
                    column: 7,
                    header: "registered".into(),
                },
                value: "x".into(),
            }),
        },
        GateError::InTable {
            format: "Arrow IPC".into(),
            part: Some(Part::Batch(3)),
            error: Box::new(GateError::BadTable {
                format: "Arrow IPC".into(),
                error: "e".into(),
            }),
        },
        GateError::InTable {
            format: "Parquet".into(),
            part: None,
            error: Box::new(GateError::Empty),
        },
        GateError::BadTable {
            format: "Parquet".into(),
            error: "e".into(),
        },
        GateError::UnsupportedType {
            column: 2,
            header: "tags".into(),
            data_type: "List(Utf8)".into(),
        },
        GateError::OutputNeedsFeature {
            format: "Parquet".into(),
            feature: "gate-parquet".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_renders_in_every_language_without_a_missing_message() {
        for lang in Lang::all() {
            for e in examples() {
                let text = e.words(lang);
                assert!(!text.starts_with("gate-"), "{lang:?} lacks {}", e.code());
                assert!(!text.contains("{"), "{lang:?} {}: {text}", e.code());
            }
        }
    }

    /// The log's reason is kept typed, so it is said in the reader's language with the rest.
    #[test]
    fn a_log_failure_is_said_in_the_readers_language() {
        use crate::log::{LogError, LogProblem};
        let e = GateError::NotLogged {
            error: LogError::of(LogProblem::AttestationNotSerialised { detail: "x".into() }).into(),
        };
        assert!(
            e.words(Lang::FR).contains("l'attestation"),
            "{}",
            e.words(Lang::FR)
        );
        assert!(e.words(Lang::EN).contains("the gate's attestation"));
        assert_eq!(e.clone(), e);
    }

    #[test]
    fn shares_round_up_and_print_briefly() {
        assert_eq!(ratio_bp(1, 3), 3334);
        assert_eq!(ratio_bp(0, 0), 0);
        assert_eq!(percent(Lang::EN, 300), "3%");
        assert_eq!(percent(Lang::EN, 250), "2.5%");
        assert_eq!(percent(Lang::EN, 3334), "33.34%");
        assert_eq!(percent(Lang::FR, 250), "2,5\u{202f}%");
        assert_eq!(percent(Lang::FR, 3334), "33,34\u{202f}%");
    }
}
