//! Verdicts only: each row of a batch judged allow, deny or review, with the deny kind, and
//! nothing more. The outcome and kind are those of `Engine.verdict` on the same flow (the
//! engine's `outcome`, the same judgement); what a full batch adds (deciding rules,
//! obligations, errors as JSON) is neither computed nor written, so the output is four
//! narrow columns.
//!
//! A batch of flow columns is read into one [`Flow`] reused from row to row: its strings and
//! lists are cleared and refilled, never allocated again once they are long enough, and the
//! `nested` JSON is parsed once per distinct text (rows of one pipeline share a handful of
//! consent records and chains) and moved into the flow for the row, then back. A row the
//! fast reading cannot take (a null where a value is needed, an unknown basis, bad nested
//! JSON, a list too long) is read as the JSON document it stands for, as `decide_batch`
//! reads it, so its verdict (a deny of kind `error`) is the one the same flow sent as JSON
//! gets.

use crate::batch::{Columns, FieldColumns, Lists, Nested, Strings, basis_of, id_of};
use arrow_array::builder::{BooleanBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use engine::eval::{self, Flow, Outcome};
use std::collections::HashMap;
use std::sync::Arc;

/// Most distinct `nested` texts kept parsed in one call, and most bytes of them; when full,
/// the cache is emptied and fills again. Bounds the memory a batch of all-different nested
/// parts can take (a parsed part takes a small multiple of its text).
const NESTED_CACHE: usize = 1024;
const NESTED_CACHE_BYTES: usize = 1 << 20;

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

/// Verdicts on every batch of `reader`, all at once; the reused flow and the parsed nested
/// parts carry over from batch to batch.
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
            for row in 0..rows {
                out.push_id(columns.id.get(row).unwrap_or_default());
                out.push(scratch.judge(engine, &columns, row));
            }
            Ok(out.finish(same_ids))
        }
    }
}

/// What is kept from row to row: the flow being refilled, spare strings, and the nested
/// parts parsed so far.
pub struct Scratch {
    flow: Flow,
    /// Strings a shorter list gave back, for a longer one to take.
    spare: Vec<String>,
    /// The subjects list while a row states none (`subjects` is then `None`).
    spare_subjects: Vec<String>,
    /// `collected_for` while a row states none.
    spare_collected: String,
    /// Each `nested` text read so far, with the index of its parts in `parsed`.
    nested: HashMap<Box<str>, usize, foldhash::fast::RandomState>,
    /// The parts of each text in `nested`, parsed; `None` for one that does not read.
    parsed: Vec<Option<Nested>>,
    /// The length of the texts in `nested`.
    nested_bytes: usize,
    /// The (empty) nested parts of a row without any.
    loose: Nested,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            flow: Flow {
                id: String::new(),
                at: String::new(),
                from: String::new(),
                to: String::new(),
                data: Vec::new(),
                subjects: None,
                purpose: String::new(),
                collected_for: None,
                basis: None,
                consent: None,
                approvals: Vec::new(),
                chain: Vec::new(),
                context: None,
                records: None,
                dpia: None,
            },
            spare: Vec::new(),
            spare_subjects: Vec::new(),
            spare_collected: String::new(),
            nested: HashMap::default(),
            parsed: Vec::new(),
            nested_bytes: 0,
            loose: Nested::default(),
        }
    }

    /// The verdict on one row.
    fn judge(&mut self, engine: &engine::Engine, columns: &FieldColumns<'_>, row: usize) -> Judged {
        if self.fill(columns, row).is_none() {
            return slow(engine, columns, row);
        }
        // The nested parts: parsed once per distinct text, moved into the flow for the
        // verdict and back out after it, so the flow never owns them.
        let nested = match columns.nested.as_ref().and_then(|c| c.get(row)) {
            // Always empty: what is swapped in is swapped back out.
            None => &mut self.loose,
            Some(text) if text.len() > eval::flow::MAX_FLOW_BYTES => {
                return slow(engine, columns, row);
            }
            Some(text) => {
                // A text seen before is hashed once: its index, then the parts by index.
                let at = match self.nested.get(text) {
                    Some(&at) => at,
                    None => {
                        // Full: start again, so that the texts common now are the ones kept.
                        if self.nested.len() >= NESTED_CACHE
                            || self.nested_bytes + text.len() > NESTED_CACHE_BYTES
                        {
                            self.nested.clear();
                            self.parsed.clear();
                            self.nested_bytes = 0;
                        }
                        self.parsed.push(serde_json::from_str::<Nested>(text).ok());
                        let at = self.parsed.len() - 1;
                        self.nested.insert(text.into(), at);
                        self.nested_bytes += text.len();
                        at
                    }
                };
                match self.parsed.get_mut(at).and_then(Option::as_mut) {
                    Some(nested) => nested,
                    None => return slow(engine, columns, row),
                }
            }
        };
        swap_nested(&mut self.flow, nested);
        let judged = match self.flow.check_sizes() {
            Ok(()) => Some(engine.outcome(&self.flow)),
            Err(_) => None,
        };
        swap_nested(&mut self.flow, nested);
        judged.unwrap_or(ERROR)
    }

    /// Refills the flow's own fields (all but the nested parts) from the row; `None` if
    /// anything in the row is amiss, the flow then half filled (the next row refills it).
    fn fill(&mut self, columns: &FieldColumns<'_>, row: usize) -> Option<()> {
        let flow = &mut self.flow;
        refill(&mut flow.id, columns.id.get(row)?);
        refill(&mut flow.at, columns.at.get(row)?);
        refill(&mut flow.from, columns.from.get(row)?);
        refill(&mut flow.to, columns.to.get(row)?);
        refill(&mut flow.purpose, columns.purpose.get(row)?);
        refill_list(&mut flow.data, &mut self.spare, &columns.data, row)?;
        match columns.subjects.as_ref().filter(|s| !s.is_null(row)) {
            None => {
                if let Some(subjects) = flow.subjects.take() {
                    self.spare_subjects = subjects;
                }
            }
            Some(subjects) => {
                let list = flow
                    .subjects
                    .get_or_insert_with(|| std::mem::take(&mut self.spare_subjects));
                refill_list(list, &mut self.spare, subjects, row)?;
            }
        }
        match optional(&columns.collected_for, row) {
            None => {
                if let Some(text) = flow.collected_for.take() {
                    self.spare_collected = text;
                }
            }
            Some(text) => refill(
                flow.collected_for
                    .get_or_insert_with(|| std::mem::take(&mut self.spare_collected)),
                text,
            ),
        }
        flow.basis = match optional(&columns.basis, row) {
            None => None,
            Some(text) => Some(basis_of(text)?),
        };
        Some(())
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
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

fn refill(text: &mut String, value: &str) {
    text.clear();
    text.push_str(value);
}

/// Refills `list` with the row's items, reusing its strings and taking more from `spare`
/// (or giving them back to it); `None` for a null row or a null item.
fn refill_list(
    list: &mut Vec<String>,
    spare: &mut Vec<String>,
    column: &Lists<'_>,
    row: usize,
) -> Option<()> {
    let mut n = 0;
    for item in column.items(row)? {
        let item = item?;
        match list.get_mut(n) {
            Some(text) => refill(text, item),
            None => {
                let mut text = spare.pop().unwrap_or_default();
                refill(&mut text, item);
                list.push(text);
            }
        }
        n += 1;
    }
    // A list over the size limit is the slow path's to report; keep no more than that
    // many spare strings. (Most rows' lists are as long as the last row's: nothing to move.)
    if list.len() > n {
        if spare.len() < eval::flow::MAX_LIST {
            spare.extend(list.drain(n..));
        }
        list.truncate(n);
    }
    Some(())
}

/// Exchanges the flow's nested parts with `nested`'s: the same call puts them in and takes
/// them back out.
fn swap_nested(flow: &mut Flow, nested: &mut Nested) {
    // A part absent on both sides is left where it is: most rows carry one or two of the
    // six, and exchanging an absent consent record still copies its whole size.
    if flow.consent.is_some() || nested.consent.is_some() {
        std::mem::swap(&mut flow.consent, &mut nested.consent);
    }
    std::mem::swap(&mut flow.approvals, &mut nested.approvals);
    std::mem::swap(&mut flow.chain, &mut nested.chain);
    if flow.context.is_some() || nested.context.is_some() {
        std::mem::swap(&mut flow.context, &mut nested.context);
    }
    if flow.records.is_some() || nested.records.is_some() {
        std::mem::swap(&mut flow.records, &mut nested.records);
    }
    if flow.dpia.is_some() || nested.dpia.is_some() {
        std::mem::swap(&mut flow.dpia, &mut nested.dpia);
    }
}
