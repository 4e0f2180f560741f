//! Merging obligations: when several rules impose the same kind, the strictest wins
//! (shortest retention, largest k, smallest minimisation set), and each merged obligation
//! remembers which rules imposed it.

use super::decision::ObligationOut;
use crate::model::{CompiledPolicy, Encryption, Obligation, TermId};
use crate::words::{self, Lang, args};
use serde_json::json;
use std::collections::BTreeSet;

/// Merges `(rule index, obligation)` pairs into the obligations of an allow.
pub(crate) fn merge(
    policy: &CompiledPolicy,
    items: &[(usize, &Obligation)],
    dpia: Option<&str>,
    lang: Lang,
) -> Vec<ObligationOut> {
    let say = |id: &str, a: words::Args<'_>| words::message(lang, id, Some(&a));
    if items.is_empty() {
        return Vec::new();
    }
    let rule = |i: usize| {
        policy
            .rules
            .get(i)
            .map_or_else(String::new, |r| r.name.clone())
    };
    let cat_names = |ids: &[TermId]| {
        ids.iter()
            .map(|&c| policy.categories.name(c).to_owned())
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();

    // minimize: the meet of the sets (a category survives if every rule permits it).
    let minimize: Vec<(usize, &Vec<TermId>)> = items
        .iter()
        .filter_map(|(i, o)| match o {
            Obligation::Minimize(c) => Some((*i, c)),
            _ => None,
        })
        .collect();
    if let Some((_, first)) = minimize.first() {
        let mut set: Vec<TermId> = first.to_vec();
        for (_, other) in minimize.iter().skip(1) {
            let mut meet = Vec::new();
            for &a in &set {
                for &b in other.iter() {
                    if policy.categories.is_within(a, b) {
                        meet.push(a);
                    } else if policy.categories.is_within(b, a) {
                        meet.push(b);
                    }
                }
            }
            meet.sort_unstable();
            meet.dedup();
            set = meet;
        }
        let names = cat_names(&set);
        out.push(ObligationOut {
            kind: "minimize".into(),
            text: say(
                "obligation-minimize",
                args!("categories" => names.join(", ")),
            ),
            value: json!({ "categories": names }),
            imposed_by: unique(minimize.iter().map(|(i, _)| rule(*i))),
        });
    }

    let pseudonymize: Vec<(usize, &Vec<TermId>)> = items
        .iter()
        .filter_map(|(i, o)| match o {
            Obligation::Pseudonymize(c) => Some((*i, c)),
            _ => None,
        })
        .collect();
    if !pseudonymize.is_empty() {
        let mut all: Vec<TermId> = pseudonymize
            .iter()
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        let names = cat_names(&all);
        out.push(ObligationOut {
            kind: "pseudonymize".into(),
            text: say(
                "obligation-pseudonymize",
                args!("categories" => names.join(", ")),
            ),
            value: json!({ "categories": names }),
            imposed_by: unique(pseudonymize.iter().map(|(i, _)| rule(*i))),
        });
    }

    let aggregates: Vec<(usize, &Vec<String>, u32)> = items
        .iter()
        .filter_map(|(i, o)| match o {
            Obligation::Aggregate { by, k } => Some((*i, by, *k)),
            _ => None,
        })
        .collect();
    if let Some(k) = aggregates.iter().map(|a| a.2).max() {
        let by: BTreeSet<String> = aggregates
            .iter()
            .flat_map(|a| a.1.iter().cloned())
            .collect();
        let by: Vec<String> = by.into_iter().collect();
        let text = if by.is_empty() {
            say("obligation-aggregate", args!("k" => k))
        } else {
            say(
                "obligation-aggregate-by",
                args!("by" => by.join(", "), "k" => k),
            )
        };
        out.push(ObligationOut {
            kind: "aggregate".into(),
            text,
            value: json!({ "by": by, "k": k }),
            imposed_by: unique(aggregates.iter().filter(|a| a.2 == k).map(|a| rule(a.0))),
        });
    }

    let retain: Vec<(usize, u32)> = items
        .iter()
        .filter_map(|(i, o)| match o {
            Obligation::Retain(d) => Some((*i, *d)),
            _ => None,
        })
        .collect();
    if let Some(days) = retain.iter().map(|r| r.1).min() {
        out.push(ObligationOut {
            kind: "retain".into(),
            text: say("obligation-retain", args!("days" => days)),
            value: json!({ "days": days }),
            imposed_by: unique(retain.iter().filter(|r| r.1 == days).map(|r| rule(r.0))),
        });
    }

    for mode in [Encryption::AtRest, Encryption::InTransit] {
        let by: Vec<String> = unique(
            items
                .iter()
                .filter(|(_, o)| **o == Obligation::Encrypt(mode))
                .map(|(i, _)| rule(*i)),
        );
        if !by.is_empty() {
            let word = match mode {
                Encryption::AtRest => "at_rest",
                Encryption::InTransit => "in_transit",
            };
            out.push(ObligationOut {
                kind: "encrypt".into(),
                text: words::message(lang, &format!("obligation-encrypt-{word}"), None),
                value: json!({ "mode": word }),
                imposed_by: by,
            });
        }
    }

    // k-anonymity: the largest k, every quasi-identifier any rule names, the smallest share
    // of suppressed values any rule allows.
    let kanon: Vec<(usize, &Vec<TermId>, u32, Option<u32>)> = items
        .iter()
        .filter_map(|(i, o)| match o {
            Obligation::KAnonymity {
                on,
                k,
                max_suppressed,
            } => Some((*i, on, *k, *max_suppressed)),
            _ => None,
        })
        .collect();
    if let Some(k) = kanon.iter().map(|a| a.2).max() {
        let mut on: Vec<TermId> = kanon.iter().flat_map(|a| a.1.iter().copied()).collect();
        on.sort_unstable();
        on.dedup();
        let names = cat_names(&on);
        let share = kanon.iter().filter_map(|a| a.3).min();
        let text = match share {
            Some(bp) => say(
                "obligation-k-anonymity-suppressing",
                args!(
                    "on" => names.join(", "),
                    "k" => k,
                    "share" => crate::words::percent(lang, bp)
                ),
            ),
            None => say(
                "obligation-k-anonymity",
                args!("on" => names.join(", "), "k" => k),
            ),
        };
        out.push(ObligationOut {
            kind: "k_anonymity".into(),
            text,
            value: json!({ "on": names, "k": k, "max_suppressed": share }),
            imposed_by: unique(kanon.iter().map(|a| rule(a.0))),
        });
    }

    // Re-identification risk: the lowest bound, on every key variable any rule names.
    let risks: Vec<(usize, &Vec<TermId>, u32)> = items
        .iter()
        .filter_map(|(i, o)| match o {
            Obligation::ReidentificationRisk { on, max } => Some((*i, on, *max)),
            _ => None,
        })
        .collect();
    if let Some(max) = risks.iter().map(|a| a.2).min() {
        let mut on: Vec<TermId> = risks.iter().flat_map(|a| a.1.iter().copied()).collect();
        on.sort_unstable();
        on.dedup();
        let names = cat_names(&on);
        out.push(ObligationOut {
            kind: "reidentification_risk".into(),
            text: say(
                "obligation-reidentification-risk",
                args!("max" => crate::words::percent(lang, max), "on" => names.join(", ")),
            ),
            value: json!({ "on": names, "max": max }),
            imposed_by: unique(risks.iter().map(|a| rule(a.0))),
        });
    }

    let no_onward = unique(
        items
            .iter()
            .filter(|(_, o)| **o == Obligation::NoOnwardTransfer)
            .map(|(i, _)| rule(*i)),
    );
    if !no_onward.is_empty() {
        out.push(ObligationOut {
            kind: "no_onward_transfer".into(),
            text: words::message(lang, "obligation-no-onward-transfer", None),
            value: serde_json::Value::Null,
            imposed_by: no_onward,
        });
    } else {
        // Scoped ones only when none forbids every onward transfer, which is stricter than
        // any scope; several scopes all hold (an onward recipient must be inside each).
        let scopes: BTreeSet<&crate::model::OnwardScope> = items
            .iter()
            .filter_map(|(_, o)| match o {
                Obligation::NoOnwardTransferOutside(s) => Some(s),
                _ => None,
            })
            .collect();
        for scope in scopes {
            let (text, value) = match scope {
                crate::model::OnwardScope::Organisation => (
                    words::message(
                        lang,
                        "obligation-no-onward-transfer-outside-organisation",
                        None,
                    ),
                    json!({ "outside": "organisation" }),
                ),
                crate::model::OnwardScope::Network(flag) => (
                    say(
                        "obligation-no-onward-transfer-outside-network",
                        args!("network" => flag.as_str()),
                    ),
                    json!({ "outside": "network", "network": flag }),
                ),
            };
            out.push(ObligationOut {
                kind: "no_onward_transfer".into(),
                text,
                value,
                imposed_by: unique(
                    items
                        .iter()
                        .filter(|(_, o)| {
                            matches!(o, Obligation::NoOnwardTransferOutside(s) if s == scope)
                        })
                        .map(|(i, _)| rule(*i)),
                ),
            });
        }
    }

    // Duties without parameters: each imposed once, by every rule that imposes it.
    let imposing = |wanted: &Obligation| {
        unique(
            items
                .iter()
                .filter(|(_, o)| *o == wanted)
                .map(|(i, _)| rule(*i)),
        )
    };
    for (duty, kind, message) in [
        (
            Obligation::KeysHeldBySender,
            "keys_held_by_sender",
            "obligation-keys-held-by-sender",
        ),
        (
            Obligation::NoReidentification,
            "no_reidentification",
            "obligation-no-reidentification",
        ),
    ] {
        let by = imposing(&duty);
        if !by.is_empty() {
            out.push(ObligationOut {
                kind: kind.into(),
                text: words::message(lang, message, None),
                value: serde_json::Value::Null,
                imposed_by: by,
            });
        }
    }
    // An allowed flow that needs a DPIA has stated its reference (without one it is a gap).
    let dpia_by = imposing(&Obligation::Dpia);
    if !dpia_by.is_empty() {
        let reference = dpia.unwrap_or_default();
        out.push(ObligationOut {
            kind: "dpia".into(),
            text: say("obligation-dpia", args!("reference" => reference)),
            value: json!({ "ref": reference }),
            imposed_by: dpia_by,
        });
    }

    let roles: BTreeSet<&String> = items
        .iter()
        .filter_map(|(_, o)| match o {
            Obligation::Notify(r) => Some(r),
            _ => None,
        })
        .collect();
    for role in roles {
        out.push(ObligationOut {
            kind: "notify".into(),
            text: say("obligation-notify", args!("role" => role.as_str())),
            value: json!({ "role": role }),
            imposed_by: unique(
                items
                    .iter()
                    .filter(|(_, o)| matches!(o, Obligation::Notify(r) if r == role))
                    .map(|(i, _)| rule(*i)),
            ),
        });
    }
    out
}

fn unique(names: impl Iterator<Item = String>) -> Vec<String> {
    // Sorted and without repeats, as a set would give them, in the one vector returned (a
    // set's nodes were most of an allowed verdict's allocations).
    let mut names: Vec<String> = names.collect();
    names.sort_unstable();
    names.dedup();
    names
}
