//! The semantic difference between two versions of a policy (feature `lint`): every class of
//! flow whose decision or obligations change, named by the rule responsible, with a witness
//! flow found by the SAT solver ([`super::sat`]) and checked by deciding it under both
//! versions.
//!
//! A decision is one of four outcomes: forbidden (a deny rule applies, or the purpose is not
//! compatible with the collection purpose), review (a review rule
//! applies and its approval is missing), allowed, not permitted. For every rule of either
//! version the solver is asked whether some flow changes outcome *because of it* (a new allow
//! that now allows, an old deny that no longer forbids, …); together these queries cover every
//! change of outcome. Obligations are compared for flows allowed by both versions. Rule order,
//! layout and rule names do not matter: only which flows get which outcome and obligations.

use super::sat::{Encoding, Lit, Model, RuleLits, same_facts};
use crate::eval::{self, DenyKind, Flow, Outcome};
use crate::model::{CompiledPolicy, Effect, Obligation, Taxonomy};
use serde::Serialize;

/// An outcome of one hop, over complete flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// A deny rule applies.
    Forbidden,
    /// A review rule applies without its approval.
    Review,
    /// Allowed.
    Allowed,
    /// No rule allows it.
    NotPermitted,
}

impl Class {
    const ALL: [Class; 4] = [
        Class::Forbidden,
        Class::Review,
        Class::Allowed,
        Class::NotPermitted,
    ];

    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Class::Forbidden => "forbidden",
            Class::Review => "held for review",
            Class::Allowed => "allowed",
            Class::NotPermitted => "not permitted",
        }
    }

    fn of(d: &eval::Decision) -> Option<Class> {
        match (d.decision, d.kind) {
            (Outcome::Allow, _) => Some(Class::Allowed),
            (Outcome::Review, _) => Some(Class::Review),
            (Outcome::Deny, Some(DenyKind::Forbidden)) => Some(Class::Forbidden),
            (Outcome::Deny, Some(DenyKind::NotPermitted)) => Some(Class::NotPermitted),
            _ => None,
        }
    }
}

/// One class of flows whose decision or obligations change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// What changes, in words: `newly allows`, `no longer forbids`, `newly requires …`.
    pub change: String,
    /// The outcome under the old version.
    pub old: Class,
    /// The outcome under the new version.
    pub new: Class,
    /// The rule responsible.
    pub rule: String,
    /// Its effect.
    pub effect: String,
    /// Which version the rule is in: `old` or `new`.
    pub version: &'static str,
    /// Where it is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The rule's condition, in the policy language: the flows concerned are among those it
    /// covers.
    pub condition: String,
    /// For an obligation change: the obligation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obligation: Option<String>,
    /// A flow of the class, in words.
    pub witness: String,
    /// The witness as a flow document.
    pub flow: serde_json::Value,
    /// True when deciding the witness under both versions gave exactly the outcomes stated
    /// (false when it depends on records the witness cannot state, such as a covering
    /// agreement that does not exist).
    pub verified: bool,
}

/// Why two versions cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The vocabularies, parties or compatible purposes differ.
    #[error(
        "the two versions declare different {0}; the semantic diff compares rules over one set of vocabularies, parties and compatible purposes"
    )]
    DifferentFacts(String),
}

/// Outcome literals of one version.
struct Outcomes {
    class: [Lit; 4],
    rules: RuleLits,
    /// Per rule: for a review rule, it applies and its approval is missing (it holds the
    /// flow); for any other rule, it applies.
    holds: Vec<Lit>,
}

fn outcomes(e: &mut Encoding<'_>, policy: &CompiledPolicy, rules: RuleLits) -> Outcomes {
    let of = |effect: Effect| -> Vec<usize> {
        (0..policy.rules.len())
            .filter(|&i| policy.rules[i].effect == effect)
            .collect()
    };
    // A hop whose purpose is neither within nor compatible with the collection purpose is
    // forbidden by the built-in purpose limitation check, whatever the rules say.
    let mut denies: Vec<Lit> = of(Effect::Deny).iter().map(|&i| rules.applies[i]).collect();
    denies.push(!e.purpose_compatible());
    let forbidden = e.or(&denies);
    let mut pending = Vec::new();
    let mut holds = rules.applies.clone();
    for i in of(Effect::Review) {
        let waiting = match &policy.rules[i].approval {
            Some(role) => {
                let ok = e.approved(role);
                e.and(&[rules.applies[i], !ok])
            }
            None => rules.applies[i],
        };
        holds[i] = waiting;
        pending.push(waiting);
    }
    let any_review = e.or(&pending);
    let review = e.and(&[!forbidden, any_review]);
    let allows: Vec<Lit> = of(Effect::Allow)
        .iter()
        .map(|&i| rules.applies[i])
        .collect();
    let any_allow = e.or(&allows);
    let allowed = e.and(&[!forbidden, !any_review, any_allow]);
    let not_permitted = e.and(&[!forbidden, !any_review, !any_allow]);
    Outcomes {
        class: [forbidden, review, allowed, not_permitted],
        rules,
        holds,
    }
}

fn lit(o: &Outcomes, c: Class) -> Lit {
    o.class[Class::ALL.iter().position(|&x| x == c).unwrap_or(0)]
}

/// Compares `old` with `new`. `at` is the time written into witness flows (agreements and
/// consent are judged then).
pub fn diff(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    at: &str,
) -> Result<Vec<Change>, DiffError> {
    if !same_facts(old, new) {
        let mut what = Vec::new();
        for s in [
            crate::model::Sort::Category,
            crate::model::Sort::Subject,
            crate::model::Sort::Purpose,
            crate::model::Sort::Kind,
        ] {
            let (a, b) = (old.taxonomy(s), new.taxonomy(s));
            if !a.names().eq(b.names()) || (0..a.len() as u32).any(|i| a.parents(i) != b.parents(i))
            {
                what.push(format!("{}s", s.noun()));
            }
        }
        if old.parties != new.parties {
            what.push("parties".into());
        }
        if old.compatible != new.compatible {
            what.push("compatible purposes".into());
        }
        return Err(DiffError::DifferentFacts(what.join(", ")));
    }
    let mut e = Encoding::new(old);
    let old_rules = RuleLits {
        when: e.when.clone(),
        unless: e.unless.clone(),
        applies: e.applies.clone(),
    };
    let o = outcomes(&mut e, old, old_rules);
    let new_rules = e.rules(new);
    let n = outcomes(&mut e, new, new_rules);
    let mut changes = Vec::new();
    let mut ask = |e: &mut Encoding<'_>,
                   assume: &[Lit],
                   change: String,
                   (policy, version, i): (&CompiledPolicy, &'static str, usize),
                   obligation: Option<String>| {
        if !e.satisfiable_small(assume) {
            return;
        }
        let was = Class::ALL
            .into_iter()
            .find(|&c| e.value(lit(&o, c)))
            .unwrap_or(Class::NotPermitted);
        let now = Class::ALL
            .into_iter()
            .find(|&c| e.value(lit(&n, c)))
            .unwrap_or(Class::NotPermitted);
        let model = e.model();
        let flow = witness_flow(new, &model, at);
        let verified = Flow::from_json(&flow.to_string()).is_ok_and(|f| {
            Class::of(&eval::decide(old, &f)) == Some(was)
                && Class::of(&eval::decide(new, &f)) == Some(now)
        });
        let rule = &policy.rules[i];
        changes.push(Change {
            change,
            old: was,
            new: now,
            rule: rule.name.clone(),
            effect: rule.effect.keyword().to_owned(),
            version,
            at: policy.locations.get(i).map(|l| l.to_string()),
            condition: policy.cond_text(&rule.when),
            obligation,
            witness: model.to_string(),
            flow,
            verified,
        });
    };
    for (i, rule) in new.rules.iter().enumerate() {
        let a = n.holds[i];
        match rule.effect {
            Effect::Allow => {
                let assume = [!lit(&o, Class::Allowed), lit(&n, Class::Allowed), a];
                ask(
                    &mut e,
                    &assume,
                    "newly allows".into(),
                    (new, "new", i),
                    None,
                );
            }
            Effect::Deny => {
                let assume = [!lit(&o, Class::Forbidden), a];
                ask(
                    &mut e,
                    &assume,
                    "newly forbids".into(),
                    (new, "new", i),
                    None,
                );
            }
            Effect::Review => {
                let assume = [!lit(&o, Class::Review), lit(&n, Class::Review), a];
                ask(
                    &mut e,
                    &assume,
                    "newly holds for review".into(),
                    (new, "new", i),
                    None,
                );
            }
            Effect::Require => {}
        }
    }
    for (i, rule) in old.rules.iter().enumerate() {
        let a = o.holds[i];
        match rule.effect {
            Effect::Allow => {
                let assume = [lit(&o, Class::Allowed), a, lit(&n, Class::NotPermitted)];
                ask(
                    &mut e,
                    &assume,
                    "no longer allows".into(),
                    (old, "old", i),
                    None,
                );
            }
            Effect::Deny => {
                let assume = [a, !lit(&n, Class::Forbidden)];
                ask(
                    &mut e,
                    &assume,
                    "no longer forbids".into(),
                    (old, "old", i),
                    None,
                );
            }
            Effect::Review => {
                let assume = [
                    lit(&o, Class::Review),
                    a,
                    !lit(&n, Class::Review),
                    !lit(&n, Class::Forbidden),
                ];
                ask(
                    &mut e,
                    &assume,
                    "no longer holds for review".into(),
                    (old, "old", i),
                    None,
                );
            }
            Effect::Require => {}
        }
    }
    // Obligations, for flows both versions allow.
    let mut all: Vec<&Obligation> = Vec::new();
    for r in old.rules.iter().chain(&new.rules) {
        for ob in &r.obligations {
            if !all.contains(&ob) {
                all.push(ob);
            }
        }
    }
    let imposing =
        |policy: &CompiledPolicy, lits: &RuleLits, ob: &Obligation| -> Vec<(usize, Lit)> {
            policy
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    matches!(r.effect, Effect::Allow | Effect::Require)
                        && r.obligations.contains(ob)
                })
                .map(|(i, _)| (i, lits.applies[i]))
                .collect()
        };
    let both = e.and(&[lit(&o, Class::Allowed), lit(&n, Class::Allowed)]);
    for ob in all {
        let text = obligation_text(new, ob);
        let by_old = imposing(old, &o.rules, ob);
        let by_new = imposing(new, &n.rules, ob);
        let old_any = e.or(&by_old.iter().map(|x| x.1).collect::<Vec<_>>());
        let new_any = e.or(&by_new.iter().map(|x| x.1).collect::<Vec<_>>());
        for &(i, l) in &by_new {
            ask(
                &mut e,
                &[both, l, !old_any],
                format!("newly requires {text}"),
                (new, "new", i),
                Some(text.clone()),
            );
        }
        for &(i, l) in &by_old {
            ask(
                &mut e,
                &[both, l, !new_any],
                format!("no longer requires {text}"),
                (old, "old", i),
                Some(text.clone()),
            );
        }
    }
    Ok(changes)
}

fn names(t: &Taxonomy, ids: &[u32]) -> String {
    t.names_of(ids).collect::<Vec<_>>().join(", ")
}

/// An obligation as a policy writes it.
pub fn obligation_text(policy: &CompiledPolicy, o: &Obligation) -> String {
    match o {
        Obligation::Minimize(l) => format!("minimize to [{}]", names(&policy.categories, l)),
        Obligation::Pseudonymize(l) => format!("pseudonymize [{}]", names(&policy.categories, l)),
        Obligation::Aggregate { by, k } if by.is_empty() => format!("aggregate with k >= {k}"),
        Obligation::Aggregate { by, k } => {
            format!("aggregate by [{}] with k >= {k}", by.join(", "))
        }
        Obligation::Retain(d) => format!("retain at most {d} days"),
        Obligation::Encrypt(crate::model::Encryption::AtRest) => "encrypt at_rest".into(),
        Obligation::Encrypt(crate::model::Encryption::InTransit) => "encrypt in_transit".into(),
        Obligation::NoOnwardTransfer => "no onward transfer".into(),
        Obligation::Notify(r) => format!("notify {r}"),
    }
}

/// The witness as a flow document: what the solver fixed, with a consent record that covers
/// (or, withdrawn, does not cover) the flow as the model says, and the approvals it holds.
fn witness_flow(policy: &CompiledPolicy, m: &Model, at: &str) -> serde_json::Value {
    let fact = |name: &str| m.facts.iter().any(|(n, on)| n == name && *on);
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
        .filter_map(|(n, _)| n.strip_prefix("approved by "))
        .map(|role| serde_json::json!({ "role": role }))
        .collect();
    flow["approvals"] = serde_json::Value::Array(approvals);
    if let Some(r) = &m.response {
        flow["context"] = serde_json::json!({ "response": r });
    }
    let country =
        m.to.as_deref()
            .and_then(|t| policy.party(t))
            .map(|p| policy.parties[p as usize].jurisdiction.clone());
    flow["consent"] = serde_json::json!({
        "id": "witness-consent",
        "status": if fact("consent covers flow") { "given" } else { "withdrawn" },
        "purposes": [m.purpose],
        "recipients": [m.to],
        "countries": [country],
        "given_at": "1970-01-01T00:00:00Z",
    });
    flow
}

/// The changes as text: one block per change, with the rule, its condition and the witness.
pub fn to_text(old: &CompiledPolicy, new: &CompiledPolicy, changes: &[Change]) -> String {
    use std::fmt::Write;
    let version = |p: &CompiledPolicy| {
        format!(
            "\"{}\"{}",
            p.name,
            p.version
                .as_ref()
                .map(|v| format!(" version {v}"))
                .unwrap_or_default()
        )
    };
    let mut out = String::new();
    let _ = writeln!(out, "comparing {} with {}", version(old), version(new));
    if changes.is_empty() {
        let _ = writeln!(
            out,
            "no difference: every flow gets the same decision and the same obligations{}",
            if old.hash == new.hash {
                " (the compiled policies are identical)"
            } else {
                " (the versions differ only in names, order or wording that decides nothing)"
            }
        );
        return out;
    }
    for c in changes {
        let _ = writeln!(
            out,
            "{}: flows {} before and {} now",
            c.change,
            c.old.words(),
            c.new.words()
        );
        let _ = writeln!(
            out,
            "  by {} rule \"{}\" ({} version{})",
            c.effect,
            c.rule,
            c.version,
            c.at.as_ref().map(|a| format!(", {a}")).unwrap_or_default()
        );
        let _ = writeln!(out, "  where {}", c.condition);
        let _ = writeln!(
            out,
            "  witness: {}{}",
            c.witness,
            if c.verified {
                "  (verified: decided so under both versions)"
            } else {
                "  (not verified: depends on records the witness cannot state)"
            }
        );
    }
    let _ = writeln!(out, "{} change(s)", changes.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(rules: &str) -> CompiledPolicy {
        let text = format!(
            "policy \"t\" version \"1\"\ncategory personal\npurpose a\npurpose b\nparty kind k\nparty p kind k jurisdiction \"KE\"\n{rules}"
        );
        crate::Engine::from_sources([("p.policy", text.as_str())])
            .expect("compiles")
            .policy()
            .clone()
    }

    #[test]
    fn only_outcomes_count_not_names_or_order() {
        let one = policy(
            "allow \"x\" when purpose within a cite \"c\"\ndeny \"y\" when purpose within b cite \"c\"\n",
        );
        let two = policy(
            "deny \"why\" when purpose is b cite \"c\"\nallow \"ex\" when purpose is a cite \"c\"\n",
        );
        let changes = diff(&one, &two, "2026-01-01T00:00:00Z").expect("comparable");
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn review_changes_name_the_review_that_holds_the_flow() {
        let allow = "allow \"x\" when purpose within a cite \"c\"\n";
        let one = policy(&format!(
            "{allow}review \"r\" when purpose within a approval by dpo cite \"c\"\n"
        ));
        let two = policy(allow);
        let changes = diff(&one, &two, "2026-01-01T00:00:00Z").expect("comparable");
        // One class of flows, seen from both rules responsible: the allow that now decides
        // and the review that no longer holds them.
        let seen: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| (c.change.as_str(), c.rule.as_str()))
            .collect();
        assert_eq!(
            seen,
            [("newly allows", "x"), ("no longer holds for review", "r")]
        );
        assert!(
            changes
                .iter()
                .all(|c| c.verified && (c.old, c.new) == (Class::Review, Class::Allowed))
        );
        let back = diff(&two, &one, "2026-01-01T00:00:00Z").expect("comparable");
        assert_eq!(back.len(), 1, "{back:?}");
        assert_eq!(back[0].change, "newly holds for review");
        assert!(
            !back[0].witness.contains("approved by dpo;"),
            "{}",
            back[0].witness
        );
    }

    #[test]
    fn a_removed_allow_is_reported_with_its_old_rule() {
        let one = policy("allow \"x\" when purpose within a require encrypt at_rest cite \"c\"\n");
        let two = policy("allow \"x\" when purpose within a and false cite \"c\"\n");
        let changes = diff(&one, &two, "2026-01-01T00:00:00Z").expect("comparable");
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].change, "no longer allows");
        assert_eq!(
            (changes[0].old, changes[0].new),
            (Class::Allowed, Class::NotPermitted)
        );
        assert!(changes[0].verified);
        assert_eq!(
            obligation_text(&one, &one.rules[0].obligations[0]),
            "encrypt at_rest"
        );
    }
}
