//! Deliberate periods without an agreement (suspensions) that a denied flow falls in. No
//! remedy amends, extends or concludes an agreement for a transfer between the parties of a
//! suspended agreement on a day inside the suspension; the explanation says why instead.

use crate::eval::{Flow, Traced};
use crate::model::{Agreement, CompiledPolicy, Day, Suspension};
use crate::words::{self, Lang, args};
use serde::{Deserialize, Serialize};

/// A hop stopped by a suspension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuspendedHop {
    /// The hop, for a chain (1 = the first transfer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hop: Option<usize>,
    /// Sender.
    pub from: String,
    /// Recipient.
    pub to: String,
    /// The suspended agreement.
    pub agreement: String,
    /// The suspension's first day.
    pub since: String,
    /// Its last day; absent while it lasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Why, as the policy says it.
    pub reason: String,
    /// The decision it rests on, as the policy cites it.
    pub cite: String,
    /// The whole of it in one sentence, in the explanation's language.
    pub text: String,
}

/// The suspensions of agreements binding `from` → `to` that `day` falls in.
pub(super) fn suspensions_on<'p>(
    policy: &'p CompiledPolicy,
    from: &str,
    to: &str,
    day: Day,
) -> Vec<(&'p Agreement, &'p Suspension)> {
    let (Some(f), Some(t)) = (policy.party(from), policy.party(to)) else {
        return Vec::new();
    };
    policy
        .agreements
        .iter()
        .filter(|a| a.binds(f, t))
        .filter_map(|a| a.suspended_on(day).map(|s| (a, s)))
        .collect()
}

/// The hop's parties and day as the flow states them (`hop` counts from 1; the flow itself
/// is the last).
pub(super) fn hop_of(flow: &Flow, hop: usize) -> Option<(&str, &str, Day)> {
    let (from, to, at) = match flow.chain.get(hop.wrapping_sub(1)) {
        Some(h) => (&h.from, &h.to, h.at.as_ref().unwrap_or(&flow.at)),
        None => (&flow.from, &flow.to, &flow.at),
    };
    Some((from, to, Day::parse(at.get(..10)?)?))
}

/// Every denied hop of `traced` that falls in a suspension, with why, in `lang`.
pub(super) fn suspended_hops(
    policy: &CompiledPolicy,
    flow: &Flow,
    traced: &Traced,
    lang: Lang,
) -> Vec<SuspendedHop> {
    let chain = traced.hops.len() > 1;
    let mut out = Vec::new();
    for h in traced.hops.iter().filter(|h| h.outcome.is_some()) {
        let Some((from, to, day)) = hop_of(flow, h.hop) else {
            continue;
        };
        for (a, s) in suspensions_on(policy, from, to, day) {
            let mut hop = SuspendedHop {
                hop: chain.then_some(h.hop),
                from: from.to_owned(),
                to: to.to_owned(),
                agreement: a.id.clone(),
                since: s.from.to_string(),
                until: s.to.map(|d| d.to_string()),
                reason: s.reason.clone(),
                cite: s.cite.clone(),
                text: String::new(),
            };
            hop.text = sentence(&hop, lang);
            out.push(hop);
        }
    }
    out
}

fn sentence(s: &SuspendedHop, lang: Lang) -> String {
    let agreement = words::message(lang, "quoted", Some(&args!("name" => &s.agreement)));
    let text = match &s.until {
        Some(until) => words::message(
            lang,
            "remedy-suspended-until",
            Some(&args!(
                "from" => &s.from, "to" => &s.to, "agreement" => agreement,
                "since" => &s.since, "until" => until, "reason" => &s.reason, "cite" => &s.cite
            )),
        ),
        None => words::message(
            lang,
            "remedy-suspended",
            Some(&args!(
                "from" => &s.from, "to" => &s.to, "agreement" => agreement,
                "since" => &s.since, "reason" => &s.reason, "cite" => &s.cite
            )),
        ),
    };
    match s.hop {
        Some(hop) => words::message(
            lang,
            "remedy-suspended-hop",
            Some(&args!("hop" => hop, "text" => text)),
        ),
        None => text,
    }
}
