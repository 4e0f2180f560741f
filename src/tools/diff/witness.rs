//! Witnesses: the flow the solver found as a flow document, decided under both versions, and
//! what the two versions derive differently for it.

use super::Class;
use super::{Decider, Difference, Pair};
use crate::eval::{self, Flow};
use crate::model::{CompiledPolicy, Day, Period, Sort};
use crate::tools::sat::{FreeFact, LooseAbout, Model};

/// The witness as a flow document: what the solver fixed, dated on `at` (or on the day the
/// model needs), with a consent record that covers (or, withdrawn, does not cover) the flow
/// as the model says, and the approvals it holds.
pub(super) fn flow(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    m: &Model,
    at: &str,
) -> serde_json::Value {
    let fact = |wanted: FreeFact| m.facts.iter().any(|(n, on)| *n == wanted && *on);
    let at = match m.on {
        Some(day) => format!("{day}T00:00:00Z"),
        None => at.to_owned(),
    };
    let mut flow = serde_json::json!({
        "id": "witness",
        "at": at,
        "from": m.from,
        "to": m.to,
        "data": m.data,
        "subjects": m.subjects,
        "purpose": m.purpose,
        "collected_for": m.collected_for,
        "basis": m.basis,
    });
    let approvals: Vec<serde_json::Value> = m
        .facts
        .iter()
        .filter(|(_, on)| *on)
        .filter_map(|(n, _)| n.approval_role())
        .map(|role| serde_json::json!({ "role": role }))
        .collect();
    flow["approvals"] = serde_json::Value::Array(approvals);
    dates(&mut flow, m);
    // The DPIA's reference, when the solver's flow states one: a flow without it is a gap
    // under a version whose applying rules require one, and the encoding knows it.
    if fact(FreeFact::DpiaStated) {
        flow["dpia"] = serde_json::json!({ "ref": "witness-dpia" });
    }
    if let Some(r) = &m.response {
        flow["context"] = serde_json::json!({ "response": r });
    }
    // The recipient's country under either version, so that the record covers the flow
    // under both when the model says it does.
    let mut countries: Vec<String> = [old, new]
        .iter()
        .filter_map(|p| {
            let id = p.party(m.to.as_deref()?)?;
            Some(p.parties[id as usize].jurisdiction.clone())
        })
        .collect();
    countries.dedup();
    flow["consent"] = serde_json::json!({
        "id": "witness-consent",
        "status": if fact(FreeFact::ConsentCovers) { "given" } else { "withdrawn" },
        "purposes": [m.purpose],
        "recipients": [m.to],
        "countries": countries,
        "given_at": "1970-01-01T00:00:00Z",
    });
    flow
}

/// The dates that make the model's three-valued facts so: an approval that must not be
/// recent is dated long ago, one that must be is given at the flow's time; a records' event
/// that must be older than a rule's period happened long ago, one that must not be happened at
/// the flow's time. When facts of one record with different periods must hold and fail (older
/// than 5 years but not 10; within 90 days but not 30), it is dated between those periods.
/// A fact the model leaves unknown states no date.
fn dates(flow: &mut serde_json::Value, m: &Model) {
    const LONG_AGO: &str = "1970-01-01T00:00:00Z";
    let at = flow["at"].clone();
    // Per record and period: whether the fact must hold, must fail, or is left unknown.
    let mut periods: Vec<(&LooseAbout, Period, bool, bool)> = Vec::new();
    for (fact, on) in &m.facts {
        let FreeFact::Loose {
            about,
            holds,
            period,
            ..
        } = fact
        else {
            continue;
        };
        let i = match periods
            .iter()
            .position(|(a, p, _, _)| *a == about && p == period)
        {
            Some(i) => i,
            None => {
                periods.push((about, *period, false, false));
                periods.len() - 1
            }
        };
        if let Some(entry) = periods.get_mut(i) {
            if *holds {
                entry.2 |= *on;
            } else {
                entry.3 |= *on;
            }
        }
    }
    let mut records: Vec<&LooseAbout> = periods.iter().map(|x| x.0).collect();
    records.sort();
    records.dedup();
    let instant = at.as_str().and_then(|t| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
    });
    for about in records {
        let of = |want: (bool, bool)| -> Vec<Period> {
            periods
                .iter()
                .filter(|x| x.0 == about && (x.2, x.3) == want)
                .map(|x| x.1)
                .collect()
        };
        let (hold, fail, unknown) = (of((true, false)), of((false, true)), of((false, false)));
        match about {
            LooseAbout::Approval(role) => {
                approvals(flow, role, (&hold, &fail, &unknown), instant, &at);
            }
            LooseAbout::Records(event) => {
                if hold.is_empty() && fail.is_empty() {
                    continue;
                }
                let between = instant.and_then(|at| between(about, at, &hold, &fail));
                flow["records"][event.word()] = match (hold.is_empty(), fail.is_empty(), between) {
                    (false, true, _) => LONG_AGO.into(),
                    (false, false, Some(d)) => d.into(),
                    _ => at.clone(),
                };
            }
        }
    }
}

/// Dates the approvals by `role` so that `approved by ROLE within P` holds for the periods of
/// `hold`, fails for those of `fail` and is unknown for those of `unknown`: one dated approval
/// within the holding periods and outside the others, and, when some are unknown, one left
/// undated (an undated approval makes "within" unknown where no dated one holds).
fn approvals(
    flow: &mut serde_json::Value,
    role: &str,
    (hold, fail, unknown): (&[Period], &[Period], &[Period]),
    instant: Option<time::OffsetDateTime>,
    at: &serde_json::Value,
) {
    const LONG_AGO: &str = "1970-01-01T00:00:00Z";
    let outside: Vec<Period> = fail.iter().chain(unknown).copied().collect();
    let about = LooseAbout::Approval(role.to_owned());
    // The date of the one dated approval: none when nothing must hold.
    let dated: Option<serde_json::Value> = match (hold.is_empty(), outside.is_empty()) {
        (true, _) => None,
        (false, true) => Some(at.clone()),
        (false, false) => Some(
            instant
                .and_then(|t| between(&about, t, hold, &outside))
                .map_or_else(|| at.clone(), Into::into),
        ),
    };
    let Some(list) = flow["approvals"].as_array_mut() else {
        return;
    };
    let mut undated_kept = unknown.is_empty();
    for a in list.iter_mut().filter(|a| a["role"] == role) {
        if !undated_kept {
            // Left undated: the unknown periods stay unknown.
            if let Some(o) = a.as_object_mut() {
                o.remove("at");
            }
            undated_kept = true;
        } else {
            a["at"] = LONG_AGO.into();
        }
    }
    if let Some(date) = dated {
        list.push(serde_json::json!({ "role": role, "at": date }));
    }
}

/// A date, RFC 3339, between the periods before `at` that make every fact of `hold` hold and
/// every fact of `fail` fail for `about`: the middle of that window, so that neither bound's
/// exact reading matters. `None` when there is no such window.
fn between(
    about: &LooseAbout,
    at: time::OffsetDateTime,
    hold: &[Period],
    fail: &[Period],
) -> Option<String> {
    let before = |p: &Period| p.before(at);
    let starts: Option<Vec<_>> = hold.iter().map(before).collect();
    let ends: Option<Vec<_>> = fail.iter().map(before).collect();
    let (holds, fails): (Vec<time::OffsetDateTime>, Vec<time::OffsetDateTime>) = (starts?, ends?);
    // Records: older than every holding period (before the earliest of their starts), not
    // older than any failing one (after the latest). Approvals: the other way round.
    let (low, high) = if about.holds_when_older() {
        (fails.iter().max()?, holds.iter().min()?)
    } else {
        (holds.iter().max()?, fails.iter().min()?)
    };
    if low >= high {
        return None;
    }
    let middle: time::OffsetDateTime = *low + (*high - *low) / 2;
    middle
        .format(&time::format_description::well_known::Rfc3339)
        .ok()
}

/// A two-hop witness: the first hop `first` (as an earlier hop of the chain, under the
/// agreement `named` if given), then the flow `then`, which shares its data. One consent
/// record serves both hops: it covers both purposes and recipients when the models say it
/// covers the flow (they agree on that, see [`crate::tools::sat::Encoding::shared_with`]).
pub(super) fn chain(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    (first, then): (&Model, &Model),
    named: Option<&str>,
    at: &str,
) -> serde_json::Value {
    let hop1 = flow(old, new, first, at);
    let mut out = flow(old, new, then, at);
    let mut hop = serde_json::json!({
        "from": hop1["from"],
        "to": hop1["to"],
        "purpose": hop1["purpose"],
        "basis": hop1["basis"],
        "at": hop1["at"],
        "approvals": hop1["approvals"],
    });
    if let Some(id) = named {
        hop["agreement"] = id.into();
    }
    out["chain"] = serde_json::json!([hop]);
    for key in ["purposes", "recipients", "countries"] {
        let mut all = hop1["consent"][key].as_array().cloned().unwrap_or_default();
        for v in out["consent"][key].as_array().cloned().unwrap_or_default() {
            if !all.contains(&v) {
                all.push(v);
            }
        }
        out["consent"][key] = serde_json::Value::Array(all);
    }
    out
}

/// Decides `flow` under both versions, with the full decisions (`None` for a document that
/// is not a flow).
pub(super) fn decide_both(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    flow: &serde_json::Value,
) -> Option<[eval::Decision; 2]> {
    let f = Flow::from_json(&flow.to_string()).ok()?;
    Some([eval::decide(old, &f), eval::decide(new, &f)])
}

/// Decides `flow` under both versions: true when they give exactly `was` and `now`.
pub(super) fn verify(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    flow: &serde_json::Value,
    (was, now): (Class, Class),
) -> bool {
    Flow::from_json(&flow.to_string()).is_ok_and(|f| {
        Class::of(&eval::decide(old, &f)) == Some(was)
            && Class::of(&eval::decide(new, &f)) == Some(now)
    })
}

/// The rules that decide `flow` under `policy` (the evaluator's determining rules: none for
/// a flow no rule allows).
pub(super) fn deciding(policy: &CompiledPolicy, flow: &serde_json::Value) -> Vec<Decider> {
    let Ok(f) = Flow::from_json(&flow.to_string()) else {
        return Vec::new();
    };
    eval::decide(policy, &f)
        .determining
        .iter()
        .map(|d| Decider {
            effect: d.effect.to_string(),
            rule: d.rule.to_string(),
            at: d.at.as_deref().map(str::to_owned),
        })
        .collect()
}

/// What the two versions derive differently for the witness, in words: the place in the
/// hierarchy of the terms it states, the attributes of its parties, whether its purpose is
/// compatible with its collection purpose, the highest sensitivity of its data and the
/// agreement that covers it.
pub(super) fn differences(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    m: &Model,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let stated = m
        .data
        .iter()
        .map(|n| (Sort::Category, n))
        .chain(m.subjects.iter().map(|n| (Sort::Subject, n)))
        .chain(m.purpose.iter().map(|n| (Sort::Purpose, n)))
        .chain(m.collected_for.iter().map(|n| (Sort::Purpose, n)));
    let mut seen = Vec::new();
    for (sort, name) in stated {
        if seen.contains(&(sort, name)) {
            continue;
        }
        seen.push((sort, name));
        let (Some(a), Some(b)) = (above(old, sort, name), above(new, sort, name)) else {
            continue;
        };
        if let Some(above) = Pair::changed(a, b) {
            out.push(Difference::Within {
                sort: sort.keyword(),
                name: name.clone(),
                above,
            });
        }
    }
    let mut parties_seen: Vec<&str> = Vec::new();
    for name in m.from.iter().chain(&m.to) {
        let (Some(a), Some(b)) = (old.party(name), new.party(name)) else {
            continue;
        };
        if parties_seen.contains(&name.as_str()) {
            continue;
        }
        parties_seen.push(name);
        let (a, b) = (&old.parties[a as usize], &new.parties[b as usize]);
        let kind = Pair::changed(
            old.kinds.name(a.kind).to_owned(),
            new.kinds.name(b.kind).to_owned(),
        );
        let jurisdiction = Pair::changed(a.jurisdiction.clone(), b.jurisdiction.clone());
        let organisation = Pair::changed(a.organisation.clone(), b.organisation.clone());
        let flags = Pair::changed(a.flags.clone(), b.flags.clone());
        if kind.is_some() || jurisdiction.is_some() || organisation.is_some() || flags.is_some() {
            out.push(Difference::Party {
                name: name.clone(),
                kind,
                jurisdiction,
                organisation,
                flags,
            });
        }
    }
    if let (Some(p), Some(c)) = (&m.purpose, &m.collected_for) {
        let compatible = |policy: &CompiledPolicy| {
            let (p, c) = (policy.purposes.id(p)?, policy.purposes.id(c)?);
            Some(eval::compatible(policy, p, c))
        };
        if let (Some(a), Some(b)) = (compatible(old), compatible(new))
            && let Some(compatible) = Pair::changed(a, b)
        {
            out.push(Difference::Compatible {
                purpose: p.clone(),
                collected_for: c.clone(),
                compatible,
            });
        }
    }
    if let [a, b] = m.versions.as_slice() {
        if let Some(level) = Pair::changed(a.sensitivity, b.sensitivity) {
            out.push(Difference::Sensitivity { level });
        }
        if let Some(agreement) = Pair::changed(a.agreement.clone(), b.agreement.clone()) {
            out.push(Difference::Agreement { agreement });
        }
    }
    out
}

/// The names of the terms strictly above `name` in `policy`'s hierarchy, sorted.
fn above(policy: &CompiledPolicy, sort: Sort, name: &str) -> Option<Vec<String>> {
    let t = policy.taxonomy(sort);
    let id = t.id(name)?;
    let mut names: Vec<String> = t
        .ancestors(id)
        .ones()
        .filter(|&a| a != id as usize)
        .map(|a| t.name(a as u32).to_owned())
        .collect();
    names.sort();
    Some(names)
}

/// The UTC day of `at` (RFC 3339, or a bare date), read as the evaluator reads a flow's `at`:
/// policy dates are UTC days, whatever offset the time is written with.
pub(super) fn reference_day(at: &str) -> Option<Day> {
    use time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::parse(at, &Rfc3339) {
        Ok(t) => t
            .checked_to_offset(time::UtcOffset::UTC)
            .map(|t| Day(t.date())),
        Err(_) => Day::parse(at),
    }
}
