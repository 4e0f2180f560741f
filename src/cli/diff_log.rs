//! `mandate diff OLD NEW --log LOGDIR`: how many logged flows fall into each class of change
//! that `diff` found, so a reviewer sees which symbolic changes matter in practice.
//!
//! Every logged flow is decided under both versions (not read from the log: the log's
//! decisions were made by whatever policy was in force then, which need not be OLD). A flow
//! falls into a change when its outcomes under the two versions are the change's, and the
//! rule responsible (when the change names one) is among the rules that decided it under the
//! version the rule is in; an obligation change also needs the flow's obligations to differ.
//! A flow can fall into more than one change; changed flows that fall into none are counted
//! apart.

use crate::Engine;
use crate::eval::{Decision, DenyKind, Outcome};
use crate::log::Record;
use crate::tools::diff::{Change, Class};
use serde::Serialize;

/// Example record ids kept per change.
const EXAMPLES: usize = 3;

/// The logged flows of one change.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Observed {
    /// How many.
    pub count: u64,
    /// The first record ids.
    pub examples: Vec<String>,
}

/// What the log shows of the changes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LogCounts {
    /// Records decided under both versions.
    pub decided: u64,
    /// Of those, whose outcome or obligations differ between the versions.
    pub changed: u64,
    /// Per change, in the order of the changes.
    pub per_change: Vec<Observed>,
    /// Changed flows that fall into no change found (expected none).
    pub unattributed: Observed,
}

/// The class of a decision, as `diff` names outcomes.
fn class(d: &Decision) -> Option<Class> {
    match (d.decision, d.kind) {
        (Outcome::Allow, _) => Some(Class::Allowed),
        (Outcome::Review, _) | (Outcome::Deny, Some(DenyKind::ReviewRequired)) => {
            Some(Class::Review)
        }
        (Outcome::Deny, Some(DenyKind::Error)) => Some(Class::Error),
        (Outcome::Deny, Some(DenyKind::Forbidden)) => Some(Class::Forbidden),
        (Outcome::Deny, Some(DenyKind::Gap)) => Some(Class::Gap),
        (Outcome::Deny, Some(DenyKind::NotPermitted) | None) => Some(Class::NotPermitted),
    }
}

fn obligations(d: &Decision) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = d
        .obligations
        .iter()
        .map(|o| (o.kind.clone(), o.value.to_string()))
        .collect();
    all.sort();
    all
}

/// Whether a flow decided `old` and `new` falls into `change`.
fn falls_into(change: &Change, old: &Decision, new: &Decision) -> bool {
    if class(old) != Some(change.old) || class(new) != Some(change.new) {
        return false;
    }
    if change.obligation.is_some() && obligations(old) == obligations(new) {
        return false;
    }
    let named = |d: &Decision| match (&change.rule, change.check) {
        (Some(rule), _) => {
            d.determining.iter().any(|r| *r.rule == **rule)
                || d.obligations.iter().any(|o| o.imposed_by.contains(rule))
        }
        // A built-in check, matched by its id, never by its words.
        (None, Some(check)) => d.determining.iter().any(|r| r.check == Some(check)),
        (None, None) => true,
    };
    match change.version {
        "old" => named(old),
        "new" => named(new),
        _ => true,
    }
}

fn note(o: &mut Observed, id: &str) {
    o.count += 1;
    if o.examples.len() < EXAMPLES {
        o.examples.push(id.to_owned());
    }
}

/// Counts the records of the log in `dir` per change, streaming (memory bounded by the
/// number of changes).
pub fn count(
    dir: &std::path::Path,
    old: &Engine,
    new: &Engine,
    changes: &[Change],
) -> Result<LogCounts, String> {
    let mut counts = LogCounts {
        per_change: vec![Observed::default(); changes.len()],
        ..LogCounts::default()
    };
    for line in crate::log::replay::lines(dir).map_err(super::log_words)? {
        let Ok(record) = Record::parse(&line.map_err(super::log_words)?) else {
            continue;
        };
        counts.decided += 1;
        let flow = serde_json::to_string(&record.flow).unwrap_or_default();
        let (a, b) = (old.decide_json(&flow), new.decide_json(&flow));
        let differs =
            (a.decision, a.kind) != (b.decision, b.kind) || obligations(&a) != obligations(&b);
        if !differs {
            continue;
        }
        counts.changed += 1;
        let mut placed = false;
        for (i, change) in changes.iter().enumerate() {
            if falls_into(change, &a, &b)
                && let Some(o) = counts.per_change.get_mut(i)
            {
                note(o, &record.id);
                placed = true;
            }
        }
        if !placed {
            note(&mut counts.unattributed, &record.id);
        }
    }
    Ok(counts)
}
