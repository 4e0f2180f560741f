//! From a decision's merged obligations to what is done to each column and record, and
//! doing it. Obligations are read from the decision's typed values (`type` and `value`),
//! never from their words. An obligation the gate does not know how to carry out on data
//! stops it; those that bind the recipient rather than the data (`notify`, `no onward
//! transfer`, `encrypt in_transit`) are reported as left to the recipient; `encrypt at_rest`
//! is carried out by writing the release encrypted (module `encrypt`, feature `gate-age`).

use super::aggregate::{Table, format_number};
use super::columns::Columns;
use super::error::{Cell, GateError};
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
            plan.aggregate = Some(Aggregation {
                dims,
                sums: columns.sums.iter().copied().filter(|i| kept(i)).collect(),
                k,
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

fn number(columns: &Columns, value: &str, row: u64, i: usize) -> Result<f64, GateError> {
    let raw = value.trim();
    if raw.is_empty() {
        return Ok(0.0);
    }
    raw.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| GateError::BadNumber {
            at: at(columns, row, i),
            value: raw.to_owned(),
        })
}

/// An aggregate table as released: dimension headers, cells, the k applied.
pub type Released = (Vec<String>, Vec<super::register::ReleasedCell>, u32);

/// Reads every row, carries the plan out and writes the release to `out`. For an aggregate
/// release, returns its cells as published (for the release register).
pub fn execute<R: Read, W: Write + Send>(
    plan: &Plan,
    columns: &Columns,
    rows: &mut super::input::Rows<R>,
    out: W,
    report: &mut Report,
    progress: Option<&super::Progress>,
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
    let mut table = plan.aggregate.as_ref().map(|a| Table::new(a.sums.len()));
    let hold = table.is_none() && (plan.anonymity.is_some() || plan.risk.is_some());
    let mut held: Vec<Vec<String>> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    if table.is_none() {
        let names: Vec<String> = kept.iter().map(header_of).collect();
        let tags: Vec<String> = kept.iter().map(tag_of).collect();
        w.header(&names, plan.hxl.then_some(&tags[..]))?;
    }
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
        if let (Some(cutoff), Some(d)) = (plan.cutoff, columns.date) {
            let raw = cells.get(d);
            let date = retention::parse(raw).ok_or_else(|| GateError::BadDate {
                at: at(columns, row, d),
                value: raw.to_owned(),
            })?;
            if !retention::keep(date, cutoff) {
                report.records_expired += 1;
                continue;
            }
        }
        if let (Some(t), Some(a)) = (table.as_mut(), plan.aggregate.as_ref()) {
            key.clear();
            for &i in &a.dims {
                match (plan.actions.get(i), &plan.key) {
                    (Some(Action::Pseudonymize), Some(k)) => {
                        Table::encode_part(&mut key, &k.token(cells.get(i)));
                    }
                    _ => Table::encode_part(&mut key, cells.get(i)),
                }
            }
            values.clear();
            for &i in &a.sums {
                values.push(number(columns, cells.get(i), row, i)?);
            }
            t.add_encoded(&key, &values);
            continue;
        }
        let out_cells: Vec<String> = kept
            .iter()
            .map(|&i| cell_out(plan, cells.get(i), i))
            .collect();
        if hold {
            if let Some(wc) = columns.weight {
                let v = number(columns, cells.get(wc), row, wc)?;
                if v <= 0.0 {
                    return Err(GateError::BadNumber {
                        at: at(columns, row, wc),
                        value: cells.get(wc).to_owned(),
                    });
                }
                weights.push(v);
            }
            held.push(out_cells);
        } else {
            w.row(&out_cells)?;
            report.rows_out += 1;
        }
    }
    if let Some(p) = progress {
        (p.0)(rows.bytes());
    }
    if let (Some(mut t), Some(a)) = (table, plan.aggregate.as_ref()) {
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
        released = Some((a.dims.iter().map(header_of).collect(), cells, k));
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
    } else if hold {
        anonymize_held(plan, &kept, &mut held, &weights, report)?;
        for r in &held {
            w.row(r)?;
            report.rows_out += 1;
        }
    }
    w.finish()?;
    Ok(released)
}

fn cell_out(plan: &Plan, v: &str, i: usize) -> String {
    match (plan.actions.get(i), &plan.key) {
        (Some(Action::Pseudonymize), Some(key)) => key.token(v),
        _ => v.to_owned(),
    }
}

/// Each held record's values in `cols`, the quasi-identifiers k-anonymity and the
/// re-identification risk are measured on (a missing cell counts as empty).
fn quasi_identifiers(held: &[Vec<String>], cols: &[usize]) -> Vec<Vec<String>> {
    held.iter()
        .map(|r| {
            cols.iter()
                .map(|&c| r.get(c).cloned().unwrap_or_default())
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
    held: &mut [Vec<String>],
    weights: &[f64],
    report: &mut Report,
) -> Result<(), GateError> {
    let position = |c: &usize| kept.iter().position(|k| k == c);
    if let Some(q) = &plan.anonymity {
        let cols: Vec<usize> = q.columns.iter().filter_map(position).collect();
        let k = q.k as usize;
        if held.len() < k {
            return Err(GateError::TooFewRecords {
                records: held.len(),
                k: q.k,
            });
        }
        // Suppression works on the held records' values in place: on ten million records a
        // copy of their quasi-identifiers would double the memory.
        let outcome = kanon::anonymize_in(held, &cols, k);
        let total = held.len() * cols.len();
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
        let w = (weights.len() == held.len() && !weights.is_empty()).then_some(weights);
        let global = risk::global(&risk::individual(&keys, w));
        report.risk = Some(global);
        check_risk(global, b.max)?;
    }
    Ok(())
}
