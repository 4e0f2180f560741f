//! Deciding a batch: one flow per row of an Arrow record batch, one verdict per row out.
//!
//! The columns a batch may have (docs/python.md has the table):
//! - `flow`: the whole flow as JSON text; with it, no other column.
//! - otherwise the flow's fields: `id`, `at`, `from`, `to`, `purpose` (text, required),
//!   `data` (list of text, required), `subjects` (list of text; a null row states none),
//!   `collected_for` and `basis` (text, optional), and `nested`: JSON text holding the
//!   nested parts (`consent`, `approvals`, `chain`, `context`, `records`, `dpia`).
//!
//! Text is `string`, `large_string` or `string_view`, or a dictionary of one of them (a
//! pandas categorical, a Polars `Categorical`); lists are `list` or `large_list`. A
//! column of another name or type is the caller's mistake and fails the call; a row that
//! cannot be read (a null where a value is needed, an unknown basis, bad JSON in `nested`,
//! a list too long) is a deny of kind `error` for that row only, as the same flow sent as
//! JSON would be.

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use engine::eval::{self, Flow, InputError};
use serde::Deserialize;
use std::sync::Arc;

/// What the output table holds for one flow.
pub struct Judged {
    pub id: String,
    pub decision: eval::Outcome,
    pub kind: Option<eval::DenyKind>,
    pub rules: Vec<String>,
    pub obligation_types: Vec<String>,
    pub obligations_json: String,
    pub errors_json: Option<String>,
}

impl Judged {
    fn of(engine: &engine::Engine, id: String, flow: Result<Flow, InputError>) -> Judged {
        let verdict = match flow {
            Ok(flow) => engine.verdict(&flow),
            Err(error) => eval::Verdict {
                decision: eval::Outcome::Deny,
                kind: Some(eval::DenyKind::Error),
                deciding: eval::Deciding::default(),
                obligations: Vec::new(),
                errors: vec![error],
            },
        };
        Judged {
            id,
            decision: verdict.decision,
            kind: verdict.kind,
            rules: verdict.names(engine.policy()).map(str::to_owned).collect(),
            obligation_types: verdict.obligations.iter().map(|o| o.kind.clone()).collect(),
            obligations_json: serde_json::to_string(&verdict.obligations)
                .unwrap_or_else(|_| "[]".into()),
            errors_json: (!verdict.errors.is_empty())
                .then(|| serde_json::to_string(&verdict.errors).unwrap_or_else(|_| "[]".into())),
        }
    }
}

/// The verdict on one flow given as JSON text.
pub fn verdict_of_json(engine: &engine::Engine, text: &str) -> Judged {
    let flow = Flow::from_json(text).map_err(|e| InputError::new(e.path(), e.problem()));
    let id = match &flow {
        Ok(flow) => flow.id.clone(),
        Err(_) => id_of(text),
    };
    Judged::of(engine, id, flow)
}

/// The `id` of a flow document that does not load, if it has one (else empty), so that the
/// row can still be matched to its input.
pub(crate) fn id_of(text: &str) -> String {
    #[derive(Deserialize)]
    struct JustId {
        id: String,
    }
    if text.len() > eval::flow::MAX_FLOW_BYTES {
        return String::new();
    }
    serde_json::from_str::<JustId>(text).map_or_else(|_| String::new(), |j| j.id)
}

/// Decides flows given as JSON texts: one output batch.
pub fn decide_texts(engine: &engine::Engine, texts: &[String]) -> RecordBatch {
    let judged: Vec<Judged> = texts.iter().map(|t| verdict_of_json(engine, t)).collect();
    to_batch(&judged)
}

/// Decides every batch of `reader`, all at once.
pub fn decide_all(
    engine: &engine::Engine,
    reader: impl RecordBatchReader,
) -> Result<crate::arrow_ffi::ArrowStream, ArrowError> {
    let mut out = Vec::new();
    for batch in reader {
        out.push(decide_batch(engine, &batch?)?);
    }
    Ok(crate::arrow_ffi::ArrowStream::of_batches(
        output_schema(),
        out,
    ))
}

/// Decides the batches of `reader` as they are read: one batch in memory at a time.
pub fn decide_lazily(
    engine: &engine::Engine,
    reader: impl RecordBatchReader + Send + 'static,
) -> Result<crate::arrow_ffi::ArrowStream, ArrowError> {
    // The schema is checked now, so that a wrong column fails the call, not the first read.
    Columns::check(&reader.schema())?;
    let engine = engine.clone();
    let batches = reader.map(move |batch| decide_batch(&engine, &batch?));
    Ok(crate::arrow_ffi::ArrowStream::lazy(Box::new(
        arrow_array::RecordBatchIterator::new(batches, output_schema()),
    )))
}

/// Decides one record batch.
pub fn decide_batch(
    engine: &engine::Engine,
    batch: &RecordBatch,
) -> Result<RecordBatch, ArrowError> {
    let columns = Columns::of(batch)?;
    let judged: Vec<Judged> = (0..batch.num_rows())
        .map(|row| columns.judge(engine, row))
        .collect();
    Ok(to_batch(&judged))
}

/// A text column of any of Arrow's three string layouts, or dictionary-encoded (a pandas
/// categorical, a Polars `Categorical`) over one of them.
pub(crate) enum Strings<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    /// The dictionary (a null row is null), each row's index into its values, its values.
    Dictionary(
        &'a dyn arrow_array::AnyDictionaryArray,
        Vec<usize>,
        Box<Strings<'a>>,
    ),
}

impl<'a> Strings<'a> {
    fn of(name: &str, array: &'a dyn Array) -> Result<Strings<'a>, ArrowError> {
        match array.data_type() {
            DataType::Utf8 => Ok(Strings::Utf8(array.as_string::<i32>())),
            DataType::LargeUtf8 => Ok(Strings::Large(array.as_string::<i64>())),
            DataType::Utf8View => Ok(Strings::View(array.as_string_view())),
            DataType::Dictionary(_, values)
                if matches!(
                    values.as_ref(),
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                ) =>
            {
                let dictionary = array.as_any_dictionary();
                let values = Strings::of(name, dictionary.values().as_ref())?;
                Ok(Strings::Dictionary(
                    dictionary,
                    dictionary.normalized_keys(),
                    Box::new(values),
                ))
            }
            other => Err(ArrowError::InvalidArgumentError(format!(
                "column `{name}` must hold text (string), not {other}"
            ))),
        }
    }

    /// Row `row`'s text, `None` when null. Inlined: a batch reads several a row, and the
    /// call was a visible part of a verdict.
    #[inline]
    pub(crate) fn get(&self, row: usize) -> Option<&'a str> {
        match self {
            Strings::Utf8(a) => a.is_valid(row).then(|| a.value(row)),
            Strings::Large(a) => a.is_valid(row).then(|| a.value(row)),
            Strings::View(a) => a.is_valid(row).then(|| a.value(row)),
            Strings::Dictionary(..) => self.dictionary_get(row),
        }
    }

    /// Row `row`'s text in a dictionary column: apart from [`Self::get`], which calls it,
    /// so that `get` is not recursive and can be inlined where it is called.
    #[inline(never)]
    fn dictionary_get(&self, row: usize) -> Option<&'a str> {
        let Strings::Dictionary(d, keys, values) = self else {
            return None;
        };
        // A key out of the dictionary's range (an array not validated) is read as null.
        let key = *keys.get(row)?;
        if d.is_valid(row) && key < d.values().len() {
            values.get(key)
        } else {
            None
        }
    }
}

/// A list-of-text column (`list<string>` or `large_list<string>`).
pub(crate) struct Lists<'a> {
    /// Each row's range of `values`.
    ranges: Ranges<'a>,
    values: Strings<'a>,
}

/// The rows of a list column: their offsets into its values, and which are null (read
/// directly: a boxed closure per row was a visible part of a verdict).
enum Ranges<'a> {
    Small(&'a [i32], Option<&'a arrow_buffer::NullBuffer>),
    Large(&'a [i64], Option<&'a arrow_buffer::NullBuffer>),
}

impl Ranges<'_> {
    /// Row `row`'s range; `None` for a null row (or one out of range).
    #[inline]
    fn get(&self, row: usize) -> Option<(usize, usize)> {
        let valid = |nulls: Option<&arrow_buffer::NullBuffer>| {
            nulls.is_none_or(|n| row < n.len() && n.is_valid(row))
        };
        match self {
            Ranges::Small(offsets, nulls) => {
                let (&start, &end) = (offsets.get(row)?, offsets.get(row + 1)?);
                valid(*nulls).then_some((start as usize, end as usize))
            }
            Ranges::Large(offsets, nulls) => {
                let (&start, &end) = (offsets.get(row)?, offsets.get(row + 1)?);
                valid(*nulls).then_some((start as usize, end as usize))
            }
        }
    }
}

impl<'a> Lists<'a> {
    fn of(name: &str, array: &'a dyn Array) -> Result<Lists<'a>, ArrowError> {
        let wrong = || {
            ArrowError::InvalidArgumentError(format!(
                "column `{name}` must be a list of text (list<string>), not {}",
                array.data_type()
            ))
        };
        match array.data_type() {
            DataType::List(_) => {
                let list = array.as_list::<i32>();
                Ok(Lists {
                    values: Strings::of(name, list.values().as_ref()).map_err(|_| wrong())?,
                    ranges: Ranges::Small(list.value_offsets(), list.nulls()),
                })
            }
            DataType::LargeList(_) => {
                let list = array.as_list::<i64>();
                Ok(Lists {
                    values: Strings::of(name, list.values().as_ref()).map_err(|_| wrong())?,
                    ranges: Ranges::Large(list.value_offsets(), list.nulls()),
                })
            }
            _ => Err(wrong()),
        }
    }

    /// The row's list (`None` for a null row), `Err` if an item is null.
    fn get(&self, row: usize) -> Option<Result<Vec<String>, ()>> {
        Some(
            self.items(row)?
                .map(|i| i.map(str::to_owned).ok_or(()))
                .collect(),
        )
    }

    /// Whether the row is null (not an empty list).
    pub(crate) fn is_null(&self, row: usize) -> bool {
        self.ranges.get(row).is_none()
    }

    /// The row's items (`None` for a null row), each `None` if null.
    pub(crate) fn items(&self, row: usize) -> Option<impl Iterator<Item = Option<&'a str>> + '_> {
        let (start, end) = self.ranges.get(row)?;
        Some((start..end).map(|i| self.values.get(i)))
    }
}

/// The nested parts of a flow, from the `nested` column: the engine's, so that both batches
/// read them alike.
pub(crate) use engine::eval::NestedParts as Nested;

/// The columns of one batch, by role.
pub(crate) enum Columns<'a> {
    Json(Strings<'a>),
    Fields(Box<FieldColumns<'a>>),
}

pub(crate) struct FieldColumns<'a> {
    pub id: Strings<'a>,
    pub at: Strings<'a>,
    pub from: Strings<'a>,
    pub to: Strings<'a>,
    pub purpose: Strings<'a>,
    pub data: Lists<'a>,
    pub subjects: Option<Lists<'a>>,
    pub collected_for: Option<Strings<'a>>,
    pub basis: Option<Strings<'a>>,
    pub nested: Option<Strings<'a>>,
}

const FIELDS: [&str; 10] = [
    "id",
    "at",
    "from",
    "to",
    "purpose",
    "data",
    "subjects",
    "collected_for",
    "basis",
    "nested",
];
const REQUIRED: [&str; 6] = ["id", "at", "from", "to", "purpose", "data"];

impl<'a> Columns<'a> {
    /// Checks the column names: `flow` alone, or flow fields with every required one.
    pub(crate) fn check(schema: &Schema) -> Result<(), ArrowError> {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        if names.contains(&"flow") {
            if names.len() > 1 {
                return Err(ArrowError::InvalidArgumentError(
                    "a batch with a `flow` column (whole flows as JSON) has no other column".into(),
                ));
            }
            return Ok(());
        }
        if let Some(unknown) = names.iter().find(|n| !FIELDS.contains(n)) {
            return Err(ArrowError::InvalidArgumentError(format!(
                "unknown column `{unknown}`: a batch's columns are `flow`, or {}",
                FIELDS.map(|f| format!("`{f}`")).join(", ")
            )));
        }
        if let Some(missing) = REQUIRED.iter().find(|r| !names.contains(r)) {
            return Err(ArrowError::InvalidArgumentError(format!(
                "the batch has no `{missing}` column; every flow needs {}",
                REQUIRED.map(|f| format!("`{f}`")).join(", ")
            )));
        }
        Ok(())
    }

    pub(crate) fn of(batch: &'a RecordBatch) -> Result<Columns<'a>, ArrowError> {
        Columns::check(&batch.schema())?;
        let column = |name: &str| batch.column_by_name(name).map(|c| c.as_ref());
        let text = |name: &str| -> Result<Option<Strings<'a>>, ArrowError> {
            batch
                .column_by_name(name)
                .map(|c| Strings::of(name, c.as_ref()))
                .transpose()
        };
        if let Some(flow) = column("flow") {
            return Ok(Columns::Json(Strings::of("flow", flow)?));
        }
        let required = |name: &str| -> Result<Strings<'a>, ArrowError> {
            text(name)?
                .ok_or_else(|| ArrowError::InvalidArgumentError(format!("no `{name}` column")))
        };
        let list = |name: &str| -> Result<Option<Lists<'a>>, ArrowError> {
            batch
                .column_by_name(name)
                .map(|c| Lists::of(name, c.as_ref()))
                .transpose()
        };
        Ok(Columns::Fields(Box::new(FieldColumns {
            id: required("id")?,
            at: required("at")?,
            from: required("from")?,
            to: required("to")?,
            purpose: required("purpose")?,
            data: list("data")?
                .ok_or_else(|| ArrowError::InvalidArgumentError("no `data` column".into()))?,
            subjects: list("subjects")?,
            collected_for: text("collected_for")?,
            basis: text("basis")?,
            nested: text("nested")?,
        })))
    }

    fn judge(&self, engine: &engine::Engine, row: usize) -> Judged {
        match self {
            // A null row is read as the JSON `null`: the error a null flow gets.
            Columns::Json(flows) => verdict_of_json(engine, flows.get(row).unwrap_or("null")),
            Columns::Fields(f) => {
                let id = f.id.get(row).unwrap_or_default().to_owned();
                Judged::of(engine, id, f.flow(row))
            }
        }
    }
}

// An unreadable row is the rare case and its error is moved once into its verdict: boxing
// the error would buy nothing.
#[allow(clippy::result_large_err)]
impl FieldColumns<'_> {
    /// The flow of one row, with the limits and errors the JSON form has.
    fn flow(&self, row: usize) -> Result<Flow, InputError> {
        match self.fast(row) {
            Some(flow) => {
                flow.check_sizes()
                    .map_err(|e| InputError::new(e.path(), e.problem()))?;
                Ok(flow)
            }
            None => self.as_json(row),
        }
    }

    /// The flow read straight from the columns; `None` if anything in the row is amiss.
    fn fast(&self, row: usize) -> Option<Flow> {
        let text = |column: &Strings<'_>| column.get(row).map(str::to_owned);
        let optional = |column: &Option<Strings<'_>>| -> Option<String> {
            column.as_ref().and_then(|c| c.get(row)).map(str::to_owned)
        };
        let basis = match self.basis.as_ref().and_then(|c| c.get(row)) {
            None => None,
            Some(text) => Some(basis_of(text)?),
        };
        let nested = match self.nested.as_ref().and_then(|c| c.get(row)) {
            None => Nested::default(),
            Some(text) if text.len() <= eval::flow::MAX_FLOW_BYTES => {
                serde_json::from_str::<Nested>(text).ok()?
            }
            Some(_) => return None,
        };
        let subjects = match &self.subjects {
            None => None,
            Some(s) => s.get(row).transpose().ok()?,
        };
        Some(Flow {
            id: text(&self.id)?,
            at: text(&self.at)?,
            from: text(&self.from)?,
            to: text(&self.to)?,
            data: self.data.get(row)?.ok()?,
            subjects,
            purpose: text(&self.purpose)?,
            collected_for: optional(&self.collected_for),
            basis,
            consent: nested.consent,
            approvals: nested.approvals,
            chain: nested.chain,
            context: nested.context,
            records: nested.records,
            dpia: nested.dpia,
        })
    }

    /// A row the fast path could not read, read as the JSON document it stands for, so that
    /// its error is the one the same flow sent as JSON gets: the columns as the flow's
    /// fields (a null one left out), the nested parts' keys beside them.
    pub(crate) fn as_json(&self, row: usize) -> Result<Flow, InputError> {
        use serde_json::Value;
        let error = |e: eval::FlowError| InputError::new(e.path(), e.problem());
        let mut doc = serde_json::Map::new();
        let texts = [
            ("id", Some(&self.id)),
            ("at", Some(&self.at)),
            ("from", Some(&self.from)),
            ("to", Some(&self.to)),
            ("purpose", Some(&self.purpose)),
            ("collected_for", self.collected_for.as_ref()),
            ("basis", self.basis.as_ref()),
        ];
        for (name, column) in texts {
            if let Some(value) = column.and_then(|c| c.get(row)) {
                doc.insert(name.into(), Value::String(value.into()));
            }
        }
        for (name, column) in [
            ("data", Some(&self.data)),
            ("subjects", self.subjects.as_ref()),
        ] {
            if let Some(items) = column.and_then(|c| c.items(row)) {
                let items = items
                    .map(|i| i.map_or(Value::Null, |s| Value::String(s.into())))
                    .collect();
                doc.insert(name.into(), Value::Array(items));
            }
        }
        if let Some(text) = self.nested.as_ref().and_then(|n| n.get(row)) {
            if text.len() > eval::flow::MAX_FLOW_BYTES {
                return Err(error(eval::FlowError::TooLarge(text.len())));
            }
            // The nested parts must read on their own first: a flow field in them (`id`)
            // would otherwise pass unnoticed.
            eval::flow::read_part::<Nested>(text).map_err(error)?;
            let parts: serde_json::Map<String, Value> =
                eval::flow::read_part(text).map_err(error)?;
            doc.extend(parts);
        }
        Flow::from_json(&Value::Object(doc).to_string()).map_err(error)
    }
}

/// A legal basis named in a column, read as the JSON form reads it; `None` if it names none
/// (the row then goes the slow way, to get the JSON form's error).
pub fn basis_of(text: &str) -> Option<engine::model::Basis> {
    engine::model::Basis::deserialize(
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text),
    )
    .ok()
}

/// The output table's schema: one row per flow.
pub fn output_schema() -> SchemaRef {
    let list = || DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("decision", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, true),
        Field::new("rules", list(), false),
        Field::new("obligations", list(), false),
        Field::new("obligations_json", DataType::Utf8, false),
        Field::new("errors", DataType::Utf8, true),
    ]))
}

fn to_batch(judged: &[Judged]) -> RecordBatch {
    let n = judged.len();
    let mut id = StringBuilder::with_capacity(n, n * 8);
    let mut decision = StringBuilder::with_capacity(n, n * 5);
    let mut kind = StringBuilder::with_capacity(n, n * 8);
    let mut rules = ListBuilder::new(StringBuilder::new());
    let mut obligations = ListBuilder::new(StringBuilder::new());
    let mut obligations_json = StringBuilder::with_capacity(n, n * 2);
    let mut errors = StringBuilder::new();
    for j in judged {
        id.append_value(&j.id);
        decision.append_value(match j.decision {
            eval::Outcome::Allow => "allow",
            eval::Outcome::Deny => "deny",
            eval::Outcome::Review => "review",
        });
        kind.append_option(j.kind.map(eval::DenyKind::code));
        for r in &j.rules {
            rules.values().append_value(r);
        }
        rules.append(true);
        for o in &j.obligation_types {
            obligations.values().append_value(o);
        }
        obligations.append(true);
        obligations_json.append_value(&j.obligations_json);
        errors.append_option(j.errors_json.as_deref());
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(decision.finish()),
        Arc::new(kind.finish()),
        Arc::new(rules.finish()),
        Arc::new(obligations.finish()),
        Arc::new(obligations_json.finish()),
        Arc::new(errors.finish()),
    ];
    // The columns are built to the schema's types and lengths, so this cannot fail; if it
    // ever did, an empty batch would lose rows silently, so fail loudly instead.
    #[allow(clippy::expect_used)]
    RecordBatch::try_new(output_schema(), columns).expect("the output columns match their schema")
}
