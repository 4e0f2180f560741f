//! From a decision's merged obligations to what is done to each column and record, and
//! doing it. Obligations are read from the decision's typed values (`type` and `value`),
//! never from their words. An obligation the gate does not know how to carry out on data
//! stops it; those that bind the recipient rather than the data (`notify`, `no onward
//! transfer`, `encrypt in_transit`) are reported as left to the recipient; `encrypt at_rest`
//! is carried out by writing the release encrypted (module `encrypt`, feature `gate-age`).

use super::aggregate::{Number, Table, format_number};
use super::columns::Columns;
use super::error::{Cell, GateError};
use super::kanon::{Coded, Coder};
use super::parallel::{self, GiveUp, Work};
use super::{CellCounts, Report, Request, kanon, retention, risk};
use crate::eval::Decision;
use crate::model::{CompiledPolicy, TermId};
use std::io::{Read, Write};
use time::OffsetDateTime;

/// What happens to a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Written as it is.
    Keep,
    /// Left out (outside the permitted categories).
    Drop,
    /// Written as keyed tokens.
    Pseudonymize,
}

/// Aggregation: dimensions (column indexes), summed columns, smallest cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregation {
    /// Dimension columns.
    pub dims: Vec<usize>,
    /// Summed columns (kept ones only: a dropped column is not summed).
    pub sums: Vec<usize>,
    /// Smallest published cell.
    pub k: u32,
    /// Whether a dimension is pseudonymised (its records are then counted by their tokens'
    /// text).
    pub pseudonymized: bool,
}

/// k-anonymity on quasi-identifier columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anonymity {
    /// Quasi-identifier columns (kept ones).
    pub columns: Vec<usize>,
    /// Smallest class.
    pub k: u32,
    /// Largest share of their values that may be suppressed, in hundredths of a percent.
    pub max_suppressed: Option<u32>,
}

/// A bound on the global re-identification risk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskBound {
    /// Key variable columns (kept ones).
    pub columns: Vec<usize>,
    /// The bound, in hundredths of a percent.
    pub max: u32,
}

/// Everything the gate will do.
#[derive(Debug)]
pub struct Plan {
    /// Per column, in file order.
    pub actions: Vec<Action>,
    /// Records dated before this are dropped.
    pub cutoff: Option<OffsetDateTime>,
    /// Aggregate instead of releasing records.
    pub aggregate: Option<Aggregation>,
    /// k-anonymity.
    pub anonymity: Option<Anonymity>,
    /// Risk bound.
    pub risk: Option<RiskBound>,
    /// The pseudonymisation key, when a column needs it.
    key: Option<super::Key>,
    /// Whether to write an HXL row under the header.
    hxl: bool,
    /// Obligations left to the recipient.
    left: Vec<String>,
    /// Whether the release must be encrypted at rest.
    pub encrypt: bool,
    /// The format the release is written in.
    pub format: super::sink::OutputFormat,
}

fn names_in(value: &serde_json::Value, field: &str) -> Vec<String> {
    value
        .get(field)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn number_in(value: &serde_json::Value, field: &str) -> Option<u32> {
    value
        .get(field)
        .and_then(serde_json::Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

fn ids(policy: &CompiledPolicy, names: &[String]) -> Vec<TermId> {
    names
        .iter()
        .filter_map(|n| policy.categories.id(n))
        .collect()
}

fn within_any(policy: &CompiledPolicy, category: TermId, of: &[TermId]) -> bool {
    of.iter().any(|&o| policy.categories.is_within(category, o))
}

impl Plan {
    /// The plan for `decision`'s obligations on `columns`.
    pub fn new(
        policy: &CompiledPolicy,
        decision: &Decision,
        columns: &Columns,
        request: &Request,
    ) -> Result<Plan, GateError> {
        let mut plan = Plan {
            actions: vec![Action::Keep; columns.list.len()],
            cutoff: None,
            aggregate: None,
            anonymity: None,
            risk: None,
            key: None,
            hxl: columns.list.iter().any(|c| c.tag.is_some()),
            left: Vec::new(),
            encrypt: false,
            format: request.output_format,
        };
        let mut pseudonymize: Vec<TermId> = Vec::new();
        let mut agg: Option<(Vec<String>, u32)> = None;
        let mut qi: Option<(Vec<TermId>, u32, Option<u32>)> = None;
        let mut bound: Option<(Vec<TermId>, u32)> = None;
        for o in &decision.obligations {
            match o.kind.as_str() {
                "minimize" => {
                    let permitted = ids(policy, &names_in(&o.value, "categories"));
                    for (c, a) in columns.list.iter().zip(plan.actions.iter_mut()) {
                        if !within_any(policy, c.category, &permitted) {
                            *a = Action::Drop;
                        }
                    }
                }
                "pseudonymize" => pseudonymize = ids(policy, &names_in(&o.value, "categories")),
                "retain" => {
                    let days = number_in(&o.value, "days").ok_or(GateError::Unsupported {
                        kind: o.kind.clone(),
                    })?;
                    let at = flow_time(&request.flow)?;
                    plan.cutoff = Some(retention::cutoff(at, days));
                }
                "aggregate" => {
                    let k = number_in(&o.value, "k").unwrap_or(u32::MAX);
                    agg = Some((names_in(&o.value, "by"), k));
                }
                "k_anonymity" => {
                    let k = number_in(&o.value, "k").unwrap_or(u32::MAX);
                    qi = Some((
                        ids(policy, &names_in(&o.value, "on")),
                        k,
                        number_in(&o.value, "max_suppressed"),
                    ));
                }
                "reidentification_risk" => {
                    let max = number_in(&o.value, "max").unwrap_or(0);
                    bound = Some((ids(policy, &names_in(&o.value, "on")), max));
                }
                "encrypt" if o.value.get("mode").and_then(|m| m.as_str()) == Some("in_transit") => {
                    plan.left.push("encrypt in_transit".into());
                }
                "encrypt" if o.value.get("mode").and_then(|m| m.as_str()) == Some("at_rest") => {
                    plan.encrypt = true;
                }
                "notify" | "no_onward_transfer" | "no_reidentification" => {
                    plan.left.push(o.kind.clone())
                }
                // Met before the gate runs: the flow was allowed because it states the DPIA's
                // reference, which the decision in the attestation shows.
                "dpia" => {}
                other => {
                    return Err(GateError::Unsupported {
                        kind: other.to_owned(),
                    });
                }
            }
        }
        for (c, a) in columns.list.iter().zip(plan.actions.iter_mut()) {
            if *a == Action::Keep && within_any(policy, c.category, &pseudonymize) {
                *a = Action::Pseudonymize;
            }
        }
        if plan.actions.contains(&Action::Pseudonymize) {
            plan.key = Some(request.key.clone().ok_or(GateError::NoKey)?);
        }
        if plan.cutoff.is_some() && columns.date.is_none() {
            return Err(GateError::NoDateColumn);
        }
        let kept = |i: &usize| plan.actions.get(*i).is_some_and(|a| *a != Action::Drop);
        let kept_within = |cats: &[TermId]| -> Vec<usize> {
            (0..columns.list.len())
                .filter(|i| kept(i))
                .filter(|&i| {
                    columns
                        .list
                        .get(i)
                        .is_some_and(|c| within_any(policy, c.category, cats))
                })
                .collect()
        };
        if let Some((on, k, max_suppressed)) = qi {
            plan.anonymity = Some(Anonymity {
                columns: kept_within(&on),
                k,
                max_suppressed,
            });
        }
        if let Some((on, max)) = bound {
            plan.risk = Some(RiskBound {
                columns: kept_within(&on),
                max,
            });
        }
        if let Some((mut by, k)) = agg {
            for extra in &request.by {
                if !by.contains(extra) {
                    by.push(extra.clone());
                }
            }
            if by.is_empty() {
                return Err(GateError::NoDimensions);
            }
            let mut dims = Vec::new();
            for d in &by {
                dims.push(dimension(policy, columns, d, &kept)?);
            }
            let pseudonymized = dims
                .iter()
                .any(|&i| plan.actions.get(i) == Some(&Action::Pseudonymize));
            plan.aggregate = Some(Aggregation {
                dims,
                sums: columns.sums.iter().copied().filter(|i| kept(i)).collect(),
                k,
                pseudonymized,
            });
        }
        Ok(plan)
    }

    /// Fills in what the plan will do to the columns.
    pub fn describe(&self, columns: &Columns, report: &mut Report) {
        for (c, a) in columns.list.iter().zip(&self.actions) {
            match a {
                Action::Drop => report.dropped.push(c.header.clone()),
                Action::Pseudonymize => report.pseudonymized.push(c.header.clone()),
                Action::Keep => {}
            }
        }
        report.left_to_recipient = self.left.clone();
    }
}

/// The column a dimension names: by header, by category name, by the last part of the
/// category name (`admin2` for `location.admin2`) or by hashtag without `#`; among the kept
/// columns, exactly one.
fn dimension(
    policy: &CompiledPolicy,
    columns: &Columns,
    name: &str,
    kept: &dyn Fn(&usize) -> bool,
) -> Result<usize, GateError> {
    let by_header: Vec<usize> = (0..columns.list.len())
        .filter(|i| kept(i) && columns.list.get(*i).is_some_and(|c| c.header == name))
        .collect();
    if let [one] = by_header.as_slice() {
        return Ok(*one);
    }
    let matches: Vec<usize> = (0..columns.list.len())
        .filter(|i| kept(i))
        .filter(|&i| {
            columns.list.get(i).is_some_and(|c| {
                let cat = policy.categories.name(c.category);
                cat == name
                    || cat.rsplit('.').next() == Some(name)
                    || c.tag
                        .as_deref()
                        .and_then(|t| t.strip_prefix('#'))
                        .and_then(|t| t.split('+').next())
                        == Some(name)
            })
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        _ => Err(GateError::UnknownDimension {
            dimension: name.to_owned(),
            matches: matches.len(),
        }),
    }
}

fn flow_time(flow: &str) -> Result<OffsetDateTime, GateError> {
    serde_json::from_str::<serde_json::Value>(flow)
        .ok()
        .and_then(|v| {
            v.get("at")
                .and_then(|a| a.as_str())
                .and_then(retention::parse)
        })
        .ok_or_else(|| GateError::BadFlow {
            error: "`at` is missing or not a time".into(),
        })
}

fn at(columns: &Columns, row: u64, column: usize) -> Cell {
    Cell {
        row,
        column: column + 1,
        header: columns
            .list
            .get(column)
            .map(|c| c.header.clone())
            .unwrap_or_default(),
    }
}

/// An aggregate table as released: dimension headers, cells, the k applied.
pub type Released = (Vec<String>, Vec<super::register::ReleasedCell>, u32);

/// The data file itself, for reading its records on every core ([`parallel`]); the reading
/// fills in `digest` (the SHA-256 of the file) when it read the whole file.
#[derive(Debug)]
pub struct Whole {
    /// The CSV file.
    pub path: std::path::PathBuf,
    /// The byte where its records start (after the header and the HXL row).
    pub start: u64,
    /// Worker threads.
    pub threads: usize,
    /// SHA-256 of the file, once read here.
    pub digest: Option<[u8; 32]>,
}

/// What the pass over the records gathered.
enum Gathered {
    /// The aggregate table.
    Table(Table),
    /// The records held for k-anonymity or the risk bound (kept columns, as codes), and
    /// their weights.
    Held(Coder, Vec<f64>),
    /// Nothing: the records were written as they came.
    Streamed,
}

/// Why a record cannot be read: a date or a number that does not parse, in a column.
enum Bad {
    Date(usize),
    Number(usize),
    /// A weight that is not a number above 0.
    Weight(usize),
}

/// A record's cells, whether read on every core ([`parallel::Cells`]) or by the serial
/// reader ([`super::input::Record`]).
trait Cells<'c> {
    /// Cell `i` (from 0); empty past the last.
    fn cell(&self, i: usize) -> &'c str;
    /// Cell `i`'s bytes.
    fn bytes(&self, i: usize) -> &'c [u8] {
        self.cell(i).as_bytes()
    }
    /// Cell `i` packed in one word by [`parallel::short_word`]; `None` past 15 bytes.
    fn short(&self, i: usize) -> Option<u128> {
        parallel::short_word(self.cell(i).as_bytes())
    }
}

impl<'c> Cells<'c> for parallel::Cells<'c, '_> {
    fn cell(&self, i: usize) -> &'c str {
        self.get(i)
    }
    fn bytes(&self, i: usize) -> &'c [u8] {
        parallel::Cells::bytes(self, i)
    }
    fn short(&self, i: usize) -> Option<u128> {
        parallel::Cells::short(self, i)
    }
}

impl<'c> Cells<'c> for super::input::Record<'c> {
    fn cell(&self, i: usize) -> &'c str {
        self.get(i)
    }
}

/// What one record gives for the obligations that need every record: `None` when the
/// retention limit drops it.
struct Reading<'p> {
    plan: &'p Plan,
    columns: &'p Columns,
    kept: &'p [usize],
}

impl Reading<'_> {
    /// Whether the record is kept by the retention limit.
    fn retained<'c>(&self, cells: &impl Cells<'c>) -> Result<bool, Bad> {
        if let (Some(cutoff), Some(d)) = (self.plan.cutoff, self.columns.date) {
            let date = retention::parse(cells.cell(d)).ok_or(Bad::Date(d))?;
            return Ok(retention::keep(date, cutoff));
        }
        Ok(true)
    }

    /// Counts a record into `table`: by its values' words when each is short and none is
    /// pseudonymised, else by their text.
    fn count<'c>(
        &self,
        a: &Aggregation,
        cells: &impl Cells<'c>,
        key: &mut Vec<u8>,
        values: &mut Vec<Number>,
        table: &mut Table,
    ) -> Result<(), Bad> {
        values.clear();
        for &i in &a.sums {
            values.push(Number::parse_bytes(cells.bytes(i)).ok_or(Bad::Number(i))?);
        }
        let mut words = [0u128; 4];
        let short = !a.pseudonymized
            && a.dims.len() <= words.len()
            && a.dims
                .iter()
                .zip(words.iter_mut())
                .all(|(&i, w)| cells.short(i).map(|s| *w = s).is_some());
        if short {
            table.add_short(words.get(..a.dims.len()).unwrap_or_default(), values);
            return Ok(());
        }
        key.clear();
        for &i in &a.dims {
            match (self.plan.actions.get(i), &self.plan.key) {
                (Some(Action::Pseudonymize), Some(k)) => {
                    Table::encode_part(key, &k.token(cells.cell(i)));
                }
                _ => Table::encode_part(key, cells.cell(i)),
            }
        }
        table.add_encoded(key, values);
        Ok(())
    }

    /// Holds a record's kept cells (as codes) and its weight.
    fn hold<'c>(
        &self,
        cells: &impl Cells<'c>,
        coder: &mut Coder,
        weights: &mut Vec<f64>,
    ) -> Result<(), Bad> {
        let get = |i: usize| cells.cell(i);
        if let Some(wc) = self.columns.weight {
            let v = Number::parse(get(wc))
                .map(|n| match n {
                    Number::Whole(w) => w as f64,
                    Number::Real(r) => r,
                })
                .ok_or(Bad::Number(wc))?;
            if v <= 0.0 {
                return Err(Bad::Weight(wc));
            }
            weights.push(v);
        }
        for (j, &i) in self.kept.iter().enumerate() {
            match (self.plan.actions.get(i), &self.plan.key) {
                (Some(Action::Pseudonymize), Some(k)) => coder.push(j, &k.token(get(i))),
                _ => coder.push(j, get(i)),
            }
        }
        coder.end_record();
        Ok(())
    }
}

/// A worker of the parallel reading: what [`Reading`] gives, for its blocks.
struct Worker<'p> {
    reading: &'p Reading<'p>,
    gathered: Gathered,
    key: Vec<u8>,
    values: Vec<Number>,
    expired: u64,
}

impl Work for Worker<'_> {
    type Block = Option<(Coded, Vec<f64>)>;

    fn record(&mut self, cells: &parallel::Cells<'_, '_>) -> Result<(), GiveUp> {
        if !self.reading.retained(cells).map_err(|_| GiveUp)? {
            self.expired += 1;
            return Ok(());
        }
        match (&mut self.gathered, &self.reading.plan.aggregate) {
            (Gathered::Table(t), Some(a)) => {
                self.reading
                    .count(a, cells, &mut self.key, &mut self.values, t)
            }
            (Gathered::Held(coder, weights), _) => self.reading.hold(cells, coder, weights),
            _ => return Err(GiveUp),
        }
        .map_err(|_| GiveUp)
    }

    fn finish(&mut self) {
        if let Gathered::Table(t) = &mut self.gathered {
            t.fold();
        }
    }

    fn block_done(&mut self) -> Self::Block {
        match &mut self.gathered {
            Gathered::Held(coder, weights) => Some((coder.take(), std::mem::take(weights))),
            _ => None,
        }
    }
}

/// Reads every record of `whole` on its threads into what the plan gathers; `None` when
/// the serial reader must read the file (it reports what is wrong, where).
fn gather_parallel(
    reading: &Reading<'_>,
    whole: &mut Whole,
    width: usize,
    caps: super::Caps,
    report: &mut Report,
    progress: Option<&super::Progress>,
) -> Option<Gathered> {
    let fresh = || match &reading.plan.aggregate {
        Some(a) => Gathered::Table(Table::new(a.sums.len())),
        None => Gathered::Held(Coder::new(reading.kept.len()), Vec::new()),
    };
    let mut gathered = fresh();
    let layout = parallel::Layout {
        path: &whole.path,
        start: whole.start,
        width,
        caps,
        threads: whole.threads,
    };
    let make = || Worker {
        reading,
        gathered: fresh(),
        key: Vec::new(),
        values: Vec::new(),
        expired: 0,
    };
    let merge = |block: Option<(Coded, Vec<f64>)>| {
        if let (Gathered::Held(coder, weights), Some((coded, w))) = (&mut gathered, block) {
            coder.absorb(coded);
            weights.extend(w);
        }
    };
    let done = parallel::read(&layout, make, merge, progress).ok()?;
    let mut expired = 0;
    for w in done.workers {
        expired += w.expired;
        if let (Gathered::Table(into), Gathered::Table(t)) = (&mut gathered, w.gathered) {
            into.merge(t);
        }
    }
    report.records_in += done.records;
    report.records_expired += expired;
    whole.digest = Some(done.digest);
    Some(gathered)
}

/// Reads every row, carries the plan out and writes the release to `out`. For an aggregate
/// release, returns its cells as published (for the release register). With `whole` (the
/// data file itself), the obligations that need every record read it on every core.
pub fn execute<R: Read, W: Write + Send>(
    plan: &Plan,
    columns: &Columns,
    rows: &mut super::input::Rows<R>,
    out: W,
    report: &mut Report,
    progress: Option<&super::Progress>,
    whole: Option<&mut Whole>,
) -> Result<Option<Released>, GateError> {
    let mut released = None;
    let mut w = super::sink::open(plan.format, out)?;
    let kept: Vec<usize> = (0..plan.actions.len())
        .filter(|&i| plan.actions.get(i) != Some(&Action::Drop))
        .collect();
    let tag_of = |i: &usize| {
        columns
            .list
            .get(*i)
            .and_then(|c| c.tag.clone())
            .unwrap_or_default()
    };
    let header_of = |i: &usize| {
        columns
            .list
            .get(*i)
            .map(|c| c.header.clone())
            .unwrap_or_default()
    };
    let hold = plan.aggregate.is_none() && (plan.anonymity.is_some() || plan.risk.is_some());
    if plan.aggregate.is_none() {
        let names: Vec<String> = kept.iter().map(header_of).collect();
        let tags: Vec<String> = kept.iter().map(tag_of).collect();
        w.header(&names, plan.hxl.then_some(&tags[..]))?;
    }
    let reading = Reading {
        plan,
        columns,
        kept: &kept,
    };
    let parallel = match whole {
        Some(whole) if plan.aggregate.is_some() || hold => gather_parallel(
            &reading,
            whole,
            rows.header.len(),
            rows.caps(),
            report,
            progress,
        ),
        _ => None,
    };
    let gathered = match parallel {
        Some(g) => g,
        None => gather_serial(&reading, rows, &mut *w, hold, report, progress)?,
    };
    match gathered {
        Gathered::Table(t) => {
            if let Some(a) = plan.aggregate.as_ref() {
                released = Some(release_table(
                    plan, a, t, &mut *w, report, &header_of, &tag_of,
                )?);
            }
        }
        Gathered::Held(coder, weights) => {
            let mut held = coder.coded;
            anonymize_held(plan, &kept, &mut held, &weights, report)?;
            w.coded(&held)?;
            report.rows_out += held.len() as u64;
        }
        Gathered::Streamed => {}
    }
    w.finish()?;
    Ok(released)
}

/// The serial pass over the records: what the plan gathers, or the records written as they
/// come (minimise, pseudonymise, retention).
fn gather_serial<R: Read>(
    reading: &Reading<'_>,
    rows: &mut super::input::Rows<R>,
    w: &mut dyn super::sink::Sink,
    hold: bool,
    report: &mut Report,
    progress: Option<&super::Progress>,
) -> Result<Gathered, GateError> {
    let (plan, columns) = (reading.plan, reading.columns);
    let mut gathered = match &plan.aggregate {
        Some(a) => Gathered::Table(Table::new(a.sums.len())),
        None if hold => Gathered::Held(Coder::new(reading.kept.len()), Vec::new()),
        None => Gathered::Streamed,
    };
    // Reused from record to record: an aggregation key as the table looks it up, the sums.
    let mut key = Vec::new();
    let mut values = Vec::new();
    while let Some(cells) = rows.next_record()? {
        let row = cells.row;
        report.records_in += 1;
        if let Some(p) = progress
            && report.records_in.is_multiple_of(4096)
        {
            (p.0)(cells.bytes);
        }
        let bad = |b: Bad| match b {
            Bad::Date(d) => GateError::BadDate {
                at: at(columns, row, d),
                value: cells.get(d).to_owned(),
            },
            Bad::Number(i) => GateError::BadNumber {
                at: at(columns, row, i),
                value: cells.get(i).trim().to_owned(),
            },
            Bad::Weight(i) => GateError::BadNumber {
                at: at(columns, row, i),
                value: cells.get(i).to_owned(),
            },
        };
        if !reading.retained(&cells).map_err(bad)? {
            report.records_expired += 1;
            continue;
        }
        match (&mut gathered, &plan.aggregate) {
            (Gathered::Table(t), Some(a)) => {
                reading
                    .count(a, &cells, &mut key, &mut values, t)
                    .map_err(bad)?;
            }
            (Gathered::Held(coder, weights), _) => {
                reading.hold(&cells, coder, weights).map_err(bad)?;
            }
            _ => {
                let out_cells: Vec<String> = reading
                    .kept
                    .iter()
                    .map(|&i| cell_out(plan, cells.get(i), i))
                    .collect();
                w.row(&out_cells)?;
                report.rows_out += 1;
            }
        }
    }
    if let Some(p) = progress {
        (p.0)(rows.bytes());
    }
    Ok(gathered)
}

/// Suppresses the aggregate table's cells and writes it; its cells as published.
fn release_table(
    plan: &Plan,
    a: &Aggregation,
    mut t: Table,
    w: &mut dyn super::sink::Sink,
    report: &mut Report,
    header_of: &dyn Fn(&usize) -> String,
    tag_of: &dyn Fn(&usize) -> String,
) -> Result<Released, GateError> {
    let k = a.k.max(plan.anonymity.as_ref().map_or(0, |q| q.k));
    let (primary, secondary) = t.suppress(k);
    let mut head: Vec<String> = a.dims.iter().map(header_of).collect();
    head.push("count".into());
    head.extend(a.sums.iter().map(|i| format!("sum_{}", header_of(i))));
    let mut tags: Vec<String> = a.dims.iter().map(tag_of).collect();
    tags.push("#indicator+count".into());
    tags.extend(a.sums.iter().map(|i| {
        let t = tag_of(i);
        if t.is_empty() { t } else { format!("{t}+sum") }
    }));
    w.header(&head, plan.hxl.then_some(&tags[..]))?;
    let mut published = 0u64;
    let mut smallest: Option<u64> = None;
    let mut cells = Vec::with_capacity(t.cells.len());
    for (key, cell) in &t.cells {
        cells.push(super::register::ReleasedCell {
            key: key.clone(),
            count: (!cell.suppressed()).then_some(cell.count),
        });
        let mut line = key.clone();
        if cell.suppressed() {
            line.push(String::new());
            line.extend(cell.sums.iter().map(|_| String::new()));
        } else {
            published += cell.count;
            smallest = Some(smallest.map_or(cell.count, |s| s.min(cell.count)));
            line.push(cell.count.to_string());
            line.extend(cell.sums.iter().map(|s| format_number(*s)));
        }
        w.row(&line)?;
        report.rows_out += 1;
    }
    report.cells = Some(CellCounts {
        total: t.cells.len() as u64,
        primary: primary as u64,
        secondary: secondary as u64,
    });
    report.k = smallest;
    let published_cells = t.cells.values().filter(|c| !c.suppressed()).count();
    // Each published record's risk is 1/(its cell's count): the mean is cells/records.
    let global = if published == 0 {
        0.0
    } else {
        published_cells as f64 / published as f64
    };
    if let Some(b) = &plan.risk {
        report.risk = Some(global);
        check_risk(global, b.max)?;
    }
    Ok((a.dims.iter().map(header_of).collect(), cells, k))
}

fn cell_out(plan: &Plan, v: &str, i: usize) -> String {
    match (plan.actions.get(i), &plan.key) {
        (Some(Action::Pseudonymize), Some(key)) => key.token(v),
        _ => v.to_owned(),
    }
}

/// Each held record's values in `cols`, the key variables the re-identification risk is
/// measured on.
fn quasi_identifiers(held: &Coded, cols: &[usize]) -> Vec<Vec<String>> {
    held.rows()
        .map(|r| {
            cols.iter()
                .map(|&c| held.text(c, r.get(c).copied().unwrap_or(0)).to_owned())
                .collect()
        })
        .collect()
}

fn check_risk(global: f64, max: u32) -> Result<(), GateError> {
    if global * 10_000.0 > f64::from(max) + 1e-9 {
        let measured = (global * 10_000.0).ceil();
        return Err(GateError::RiskTooHigh {
            measured: if measured >= f64::from(u32::MAX) {
                u32::MAX
            } else {
                measured as u32
            },
            allowed: max,
        });
    }
    Ok(())
}

/// k-anonymity and the risk bound on held records (`kept` maps output positions to
/// columns).
fn anonymize_held(
    plan: &Plan,
    kept: &[usize],
    held: &mut Coded,
    weights: &[f64],
    report: &mut Report,
) -> Result<(), GateError> {
    let position = |c: &usize| kept.iter().position(|k| k == c);
    let records = held.len();
    if let Some(q) = &plan.anonymity {
        let cols: Vec<usize> = q.columns.iter().filter_map(position).collect();
        let k = q.k as usize;
        if records < k {
            return Err(GateError::TooFewRecords { records, k: q.k });
        }
        // Suppression works on codes: in place when the release is the quasi-identifiers
        // (in order), else on a copy of their codes, written back.
        let all = cols.len() == held.width && cols.iter().enumerate().all(|(j, &c)| j == c);
        let outcome = if all {
            kanon::anonymize_coded(held, records, k)
        } else {
            let mut sub = held.columns(&cols);
            let outcome = kanon::anonymize_coded(&mut sub, records, k);
            let width = held.width.max(1);
            for (r, s) in held.codes.chunks_exact_mut(width).zip(sub.rows()) {
                for (&c, &code) in cols.iter().zip(s) {
                    if code == 0
                        && let Some(v) = r.get_mut(c)
                    {
                        *v = 0;
                    }
                }
            }
            outcome
        };
        let total = records * cols.len();
        report.values_suppressed = outcome.suppressed as u64;
        report.values_total = total as u64;
        // Exactly: suppressed / total > max / 10 000, without rounding.
        if let Some(max) = q.max_suppressed
            && outcome.suppressed as u128 * 10_000 > u128::from(max) * total as u128
        {
            return Err(GateError::TooMuchSuppression {
                suppressed: outcome.suppressed,
                total,
                allowed: max,
            });
        }
        report.k = Some(outcome.smallest as u64);
    }
    if let Some(b) = &plan.risk {
        let cols: Vec<usize> = b.columns.iter().filter_map(position).collect();
        let keys = quasi_identifiers(held, &cols);
        let w = (weights.len() == records && !weights.is_empty()).then_some(weights);
        let global = risk::global(&risk::individual(&keys, w));
        report.risk = Some(global);
        check_risk(global, b.max)?;
    }
    Ok(())
}
