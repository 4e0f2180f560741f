//! Verdicts only: each row of a batch judged allow, deny or review, with the deny kind, and
//! nothing more. The outcome and kind are those of `Engine.verdict` on the same flow (the
//! engine's `outcome`, the same judgement); what a full batch adds (deciding rules,
//! obligations, errors as JSON) is neither computed nor written, so the output is four
//! narrow columns.
//!
//! A batch of flow columns is judged row by row from the columns themselves, nothing
//! copied: each row's texts are handed to the engine as a flow's parts
//! ([`eval::FlowParts`]), and the engine's [`eval::ResolveCache`], kept for the whole call,
//! resolves each distinct data list, set of names and `nested` text once (rows of one
//! pipeline share a handful of them). A row the parts cannot stand for (a null where a
//! value is needed, an unknown basis, a null list item) is read as the JSON document it
//! stands for, as `decide_batch` reads it, so its verdict (a deny of kind `error`) is the
//! one the same flow sent as JSON gets; so is a row whose nested JSON does not read or
//! whose lists are too long.

use crate::batch::{Columns, FieldColumns, Lists, Strings, basis_of, id_of};
use arrow_array::builder::{BooleanBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use engine::eval::{self, Flow, Outcome};
use std::sync::Arc;

/// The output table's schema: one row per flow.
pub fn output_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("allowed", DataType::Boolean, false),
        Field::new("decision", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, true),
    ]))
}

/// The outcome and deny kind of one flow: [`engine::Engine::outcome`], which gives those
/// of `Engine::verdict` without building what decided or the obligations' words.
type Judged = (Outcome, Option<eval::DenyKind>);

const ERROR: Judged = (Outcome::Deny, Some(eval::DenyKind::Error));

/// The verdict on one flow given as JSON text, with the id to report it under.
fn of_json(engine: &engine::Engine, text: &str) -> (String, Judged) {
    match Flow::from_json(text) {
        Ok(flow) => {
            let judged = engine.outcome(&flow);
            (flow.id, judged)
        }
        Err(_) => (id_of(text), ERROR),
    }
}

/// The output columns, sized for the batch up front.
struct Out {
    /// `None` when the input's `id` column is passed through as it is.
    ids: Option<StringBuilder>,
    allowed: BooleanBuilder,
    decision: StringBuilder,
    kind: StringBuilder,
}

impl Out {
    fn with_capacity(rows: usize, ids: bool) -> Out {
        Out {
            ids: ids.then(|| StringBuilder::with_capacity(rows, rows * 12)),
            allowed: BooleanBuilder::with_capacity(rows),
            decision: StringBuilder::with_capacity(rows, rows * 5),
            kind: StringBuilder::with_capacity(rows, rows * 8),
        }
    }

    fn push(&mut self, (decision, kind): Judged) {
        self.allowed.append_value(decision == Outcome::Allow);
        self.decision.append_value(match decision {
            Outcome::Allow => "allow",
            Outcome::Deny => "deny",
            Outcome::Review => "review",
        });
        self.kind.append_option(kind.map(eval::DenyKind::code));
    }

    fn push_id(&mut self, id: &str) {
        if let Some(ids) = &mut self.ids {
            ids.append_value(id);
        }
    }

    fn finish(mut self, ids: Option<ArrayRef>) -> RecordBatch {
        let ids = match (ids, self.ids.as_mut()) {
            (Some(ids), _) => ids,
            (None, Some(built)) => Arc::new(built.finish()),
            (None, None) => Arc::new(StringBuilder::new().finish()),
        };
        let columns: Vec<ArrayRef> = vec![
            ids,
            Arc::new(self.allowed.finish()),
            Arc::new(self.decision.finish()),
            Arc::new(self.kind.finish()),
        ];
        // The columns are built to the schema's types and one length, so this cannot fail;
        // if it ever did, an empty batch would lose rows silently, so fail loudly instead.
        #[allow(clippy::expect_used)]
        RecordBatch::try_new(output_schema(), columns)
            .expect("the output columns match their schema")
    }
}

/// Verdicts on flows given as JSON texts: one output batch.
pub fn verdict_texts(engine: &engine::Engine, texts: &[String]) -> RecordBatch {
    let mut out = Out::with_capacity(texts.len(), true);
    for text in texts {
        let (id, judged) = of_json(engine, text);
        out.push_id(&id);
        out.push(judged);
    }
    out.finish(None)
}

/// Verdicts on every batch of `reader`, all at once; what the rows' parts resolved to
/// carries over from batch to batch.
pub fn verdict_all(
    engine: &engine::Engine,
    reader: impl RecordBatchReader,
) -> Result<crate::arrow_ffi::ArrowStream, ArrowError> {
    let mut scratch = Scratch::new();
    let mut out = Vec::new();
    for batch in reader {
        out.push(verdict_batch(engine, &batch?, &mut scratch)?);
    }
    Ok(crate::arrow_ffi::ArrowStream::of_batches(
        output_schema(),
        out,
    ))
}

/// Verdicts on one record batch.
pub fn verdict_batch(
    engine: &engine::Engine,
    batch: &RecordBatch,
    scratch: &mut Scratch,
) -> Result<RecordBatch, ArrowError> {
    let rows = batch.num_rows();
    match Columns::of(batch)? {
        Columns::Json(flows) => {
            let mut out = Out::with_capacity(rows, true);
            for row in 0..rows {
                // A null row is read as the JSON `null`: the error a null flow gets.
                let (id, judged) = of_json(engine, flows.get(row).unwrap_or("null"));
                out.push_id(&id);
                out.push(judged);
            }
            Ok(out.finish(None))
        }
        Columns::Fields(columns) => {
            // An `id` column of plain strings without nulls is the output's as it is: no copy.
            let same_ids = batch
                .column_by_name("id")
                .filter(|c| c.data_type() == &DataType::Utf8 && c.null_count() == 0)
                .cloned();
            let mut out = Out::with_capacity(rows, same_ids.is_none());
            let mut lists = RowLists::default();
            for row in 0..rows {
                // Ids read only when the output's are built (their nulls made empty).
                if out.ids.is_some() {
                    out.push_id(columns.id.get(row).unwrap_or_default());
                }
                out.push(judge(engine, &columns, row, &mut lists, scratch));
            }
            Ok(out.finish(same_ids))
        }
    }
}

/// What is kept from batch to batch of one call: what each distinct part of the rows
/// (data list, names, nested text) resolved to (the engine's [`eval::ResolveCache`],
/// bounded; it empties itself when full).
#[derive(Default)]
pub struct Scratch {
    cache: eval::ResolveCache,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch::default()
    }
}

/// The verdict on one row: its parts borrowed from the columns and judged through the
/// cache, or (for a row the parts cannot stand for: a null where a value is needed, an
/// unknown basis, a null list item) read as the JSON document it stands for.
fn judge<'a>(
    engine: &engine::Engine,
    columns: &FieldColumns<'a>,
    row: usize,
    lists: &mut RowLists<'a>,
    scratch: &mut Scratch,
) -> Judged {
    match parts(columns, row, lists) {
        Some(parts) => engine.outcome_of_parts(&parts, &mut scratch.cache),
        None => slow(engine, columns, row),
    }
}

/// The row's lists, borrowed from the columns; reused from row to row of a batch.
#[derive(Default)]
struct RowLists<'a> {
    data: Vec<&'a str>,
    subjects: Vec<&'a str>,
}

/// The row as a flow's parts; `None` if anything in it is amiss.
fn parts<'a, 'b>(
    columns: &FieldColumns<'a>,
    row: usize,
    lists: &'b mut RowLists<'a>,
) -> Option<eval::FlowParts<'b>> {
    fill(&mut lists.data, &columns.data, row)?;
    let subjects = match columns.subjects.as_ref().filter(|s| !s.is_null(row)) {
        None => false,
        Some(column) => {
            fill(&mut lists.subjects, column, row)?;
            true
        }
    };
    let basis = match optional(&columns.basis, row) {
        None => None,
        Some(text) => Some(basis_of(text)?),
    };
    Some(eval::FlowParts {
        id: columns.id.get(row)?,
        at: columns.at.get(row)?,
        from: columns.from.get(row)?,
        to: columns.to.get(row)?,
        purpose: columns.purpose.get(row)?,
        data: &lists.data,
        subjects: subjects.then_some(lists.subjects.as_slice()),
        collected_for: optional(&columns.collected_for, row),
        basis,
        nested: optional(&columns.nested, row),
    })
}

/// Refills `list` with the row's items; `None` for a null row or a null item.
fn fill<'a>(list: &mut Vec<&'a str>, column: &Lists<'a>, row: usize) -> Option<()> {
    list.clear();
    for item in column.items(row)? {
        list.push(item?);
    }
    Some(())
}

/// A row read as the JSON document it stands for (its error, if any, is the JSON form's).
fn slow(engine: &engine::Engine, columns: &FieldColumns<'_>, row: usize) -> Judged {
    match columns.as_json(row) {
        Ok(flow) => engine.outcome(&flow),
        Err(_) => ERROR,
    }
}

fn optional<'a>(column: &Option<Strings<'a>>, row: usize) -> Option<&'a str> {
    column.as_ref().and_then(|c| c.get(row))
}
