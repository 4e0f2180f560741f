//! What stops a flow for which no remedy was found: each deciding deny rule (once, with the
//! hops it denies on) and each failed chain check, described by what would have to change.
//! Only a deny rule that applies with no `unless` and no condition a flow could come to meet
//! (an agreement, a consent, an approval) is called an absolute prohibition.

use crate::eval::{CondTrace, Traced, Truth};
use crate::model::{Atom, CompiledPolicy, Cond, Effect};
use crate::reason::Check;
use crate::words::{self, Lang, args};
use serde::{Deserialize, Serialize};

/// How a rule or check stops the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocking {
    /// A deny rule that applies with no `unless` and tests nothing a flow could come to meet:
    /// no change to this flow can lift it.
    AbsoluteProhibition,
    /// A deny (or review) rule that would stop applying if the conditions in `as_long_as`
    /// changed or its `unless` exception held.
    Conditional,
    /// A rule that cannot be decided: the flow does not state a fact it tests (a gap).
    Undecided,
    /// A built-in chain check that failed; its `facts` say what is wrong.
    Check,
    /// No allow rule applies either, so lifting the rules above would still leave the flow
    /// denied by default (listed only beside them).
    NotPermitted,
}

/// One rule or check that stops the flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocker {
    /// The rule's name, or the check's name in the reader's language (empty for
    /// `not_permitted`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
    /// The check's id, for a built-in chain check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
    /// The hops it stops, for a chain (1 = the first transfer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hops: Vec<usize>,
    /// How it stops the flow.
    pub blocking: Blocking,
    /// For a conditional rule: the conditions of its `when`, as written, that hold and that a
    /// flow could come to meet otherwise (an agreement, a consent, an approval).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub as_long_as: Vec<String>,
    /// For a rule with an exception: the `unless` condition, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<String>,
    /// For a check: its findings, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    /// The whole of it in one sentence, in the explanation's language.
    pub text: String,
}

/// The rules and checks that stop the flow `traced` is the trace of, each once.
pub(super) fn blockers(policy: &CompiledPolicy, traced: &Traced, lang: Lang) -> Vec<Blocker> {
    let chain = traced.hops.len() > 1;
    let mut out: Vec<Blocker> = Vec::new();
    let mut keys: Vec<(Option<usize>, Option<Check>)> = Vec::new();
    for h in &traced.hops {
        if h.outcome.is_none() {
            continue;
        }
        for c in &h.checks {
            let key = (None, c.check);
            match keys.iter().position(|k| *k == key) {
                Some(i) => add_hop(&mut out[i], h.hop, chain),
                None => {
                    keys.push(key);
                    out.push(Blocker {
                        rule: c.rule.to_string(),
                        check: c.check,
                        hops: if chain { vec![h.hop] } else { Vec::new() },
                        blocking: Blocking::Check,
                        as_long_as: Vec::new(),
                        unless: None,
                        facts: c.facts().into_owned(),
                        text: String::new(),
                    });
                }
            }
        }
        for r in h.rules.iter().filter(|r| r.determining) {
            let Some(rule) = policy.rules.get(r.index) else {
                continue;
            };
            if !matches!(rule.effect, Effect::Deny | Effect::Review) {
                continue;
            }
            let key = (Some(r.index), None);
            if let Some(i) = keys.iter().position(|k| *k == key) {
                add_hop(&mut out[i], h.hop, chain);
                continue;
            }
            keys.push(key);
            let mut as_long_as = Vec::new();
            met_otherwise(&rule.when, &r.when, &mut as_long_as);
            let absolute = rule.effect == Effect::Deny
                && rule.unless.is_none()
                && r.applies == Truth::True
                && !could_be_met(&rule.when);
            out.push(Blocker {
                rule: r.rule.clone(),
                check: None,
                hops: if chain { vec![h.hop] } else { Vec::new() },
                blocking: if absolute {
                    Blocking::AbsoluteProhibition
                } else if r.applies == Truth::Unknown {
                    Blocking::Undecided
                } else {
                    Blocking::Conditional
                },
                as_long_as,
                unless: r.unless.as_ref().map(|u| u.condition.clone()),
                facts: Vec::new(),
                text: String::new(),
            });
        }
    }
    if !out.is_empty() {
        let unallowed: Vec<usize> = traced
            .hops
            .iter()
            .filter(|h| h.outcome.is_some())
            .filter(|h| {
                !h.rules.iter().any(|r| {
                    r.applies != Truth::False
                        && policy
                            .rules
                            .get(r.index)
                            .is_some_and(|rule| rule.effect == Effect::Allow)
                })
            })
            .map(|h| h.hop)
            .collect();
        if !unallowed.is_empty() {
            out.push(Blocker {
                rule: String::new(),
                check: None,
                hops: if chain { unallowed } else { Vec::new() },
                blocking: Blocking::NotPermitted,
                as_long_as: Vec::new(),
                unless: None,
                facts: Vec::new(),
                text: String::new(),
            });
        }
    }
    for b in &mut out {
        b.text = sentence(b, lang);
    }
    out
}

fn add_hop(b: &mut Blocker, hop: usize, chain: bool) {
    if chain && !b.hops.contains(&hop) {
        b.hops.push(hop);
    }
}

/// Whether a test is one a flow could come to meet without becoming another flow: an
/// agreement that covers it, a consent, an approval. Who sends what to whom, for which
/// purpose and on which basis are the flow itself.
fn meetable(atom: &Atom) -> bool {
    matches!(
        atom,
        Atom::AgreementCovers
            | Atom::AgreementAllowsOnward
            | Atom::ConsentCovers
            | Atom::ApprovedBy(_)
    )
}

/// Whether a condition tests anything a flow could come to meet.
fn could_be_met(cond: &Cond) -> bool {
    match cond {
        Cond::Atom(a) => meetable(a),
        Cond::Not(inner) => could_be_met(inner),
        Cond::And(parts) | Cond::Or(parts) => parts.iter().any(could_be_met),
    }
}

/// The conditions of a `when`, as written, that hold and test something a flow could come to
/// meet: with `not`, the whole negation (`not agreement covers flow`).
fn met_otherwise(cond: &Cond, trace: &CondTrace, out: &mut Vec<String>) {
    if trace.value == Truth::False || !could_be_met(cond) {
        return;
    }
    match cond {
        // Below a `not`, what keeps it true is whatever is false inside: quote the negation
        // whole (`not agreement covers flow`) rather than pick a part.
        Cond::Atom(_) | Cond::Not(_) => out.push(trace.condition.clone()),
        Cond::And(parts) | Cond::Or(parts) => {
            for (p, t) in parts.iter().zip(&trace.parts) {
                met_otherwise(p, t, out);
            }
        }
    }
}

fn sentence(b: &Blocker, lang: Lang) -> String {
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    let rule = say("quoted", &args!("name" => &b.rule));
    let text = match b.blocking {
        Blocking::AbsoluteProhibition => say("remedy-blocked-absolute", &args!("rule" => rule)),
        Blocking::Check => say(
            "remedy-blocked-check",
            &args!("rule" => rule, "facts" => b.facts.join("; ")),
        ),
        Blocking::Conditional => match (b.as_long_as.is_empty(), &b.unless) {
            (false, Some(u)) => say(
                "remedy-blocked-while-unless",
                &args!(
                    "rule" => rule,
                    "conditions" => b.as_long_as.join("; "),
                    "exception" => u
                ),
            ),
            (false, None) => say(
                "remedy-blocked-while",
                &args!("rule" => rule, "conditions" => b.as_long_as.join("; ")),
            ),
            (true, Some(u)) => say(
                "remedy-blocked-unless",
                &args!("rule" => rule, "exception" => u),
            ),
            (true, None) => say("remedy-blocked-other", &args!("rule" => rule)),
        },
        Blocking::Undecided => say("remedy-blocked-undecided", &args!("rule" => rule)),
        Blocking::NotPermitted => words::message(lang, "remedy-blocked-not-permitted", None),
    };
    if b.hops.is_empty() {
        return text;
    }
    let hops = b
        .hops
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    say(
        "remedy-blocked-on-hops",
        &args!("text" => text, "hops" => hops, "count" => b.hops.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Flow;

    fn engine(rules: &str) -> crate::Engine {
        let text = format!(
            "policy \"t\" version \"1\"\ncategory personal\ncategory personal.x\n\
             category personal.y\nsubject s\npurpose p\nparty kind k\nparty kind gov\n\
             party a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n\
             party c kind k jurisdiction \"KE\"\nparty g kind gov jurisdiction \"KE\"\n{rules}"
        );
        crate::Engine::from_sources([("p.policy", text.as_str())]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn flow(json: &str) -> Flow {
        Flow::from_json(json).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A rule that denies on both hops of a chain is listed once, with both hops.
    #[test]
    fn a_rule_denying_on_several_hops_is_listed_once_with_its_hops() {
        let e = engine(
            "allow \"p\" when purpose within p cite \"c\"\n\
             deny \"no y without an agreement\" when data includes personal.y and not agreement covers flow cite \"c\"\n",
        );
        let f = flow(
            r#"{"id":"f","at":"2026-01-02T00:00:00Z","from":"b","to":"c","data":["personal.y"],
                "subjects":["s"],"purpose":"p","collected_for":"p",
                "chain":[{"from":"a","to":"b","purpose":"p","at":"2026-01-01T00:00:00Z"}]}"#,
        );
        let traced = crate::eval::trace(e.policy(), &f);
        let blockers = blockers(e.policy(), &traced, Lang::EN);
        let named: Vec<&Blocker> = blockers
            .iter()
            .filter(|b| b.rule == "no y without an agreement")
            .collect();
        assert_eq!(named.len(), 1, "{blockers:?}");
        assert_eq!(named[0].hops, vec![1, 2]);
        assert_eq!(named[0].blocking, Blocking::Conditional);
        assert_eq!(
            named[0].as_long_as,
            vec!["not agreement covers flow".to_owned()]
        );
        assert!(named[0].text.ends_with("(hops 1, 2)"), "{}", named[0].text);
    }

    /// Only a deny with no `unless` and nothing a flow could meet is absolute; an `unless`
    /// makes it conditional, even one this flow cannot meet.
    #[test]
    fn only_an_unconditional_deny_is_an_absolute_prohibition() {
        let e = engine(
            "deny \"never to government\" when recipient is gov cite \"c\"\n\
             deny \"not to government unless approved\" when recipient is gov unless approved by dpo cite \"c\"\n\
             deny \"not to government unless from a\" when recipient is gov unless sender is a cite \"c\"\n",
        );
        let f = flow(
            r#"{"id":"f","at":"2026-01-02T00:00:00Z","from":"b","to":"g","data":["personal.y"],
                "subjects":["s"],"purpose":"p"}"#,
        );
        let traced = crate::eval::trace(e.policy(), &f);
        let blockers = blockers(e.policy(), &traced, Lang::EN);
        let of = |name: &str| {
            blockers
                .iter()
                .find(|b| b.rule == name)
                .unwrap_or_else(|| panic!("{name} in {blockers:?}"))
        };
        assert_eq!(
            of("never to government").blocking,
            Blocking::AbsoluteProhibition
        );
        let approved = of("not to government unless approved");
        assert_eq!(approved.blocking, Blocking::Conditional);
        assert_eq!(approved.unless.as_deref(), Some("approved by dpo"));
        assert!(
            approved.text.contains("unless: approved by dpo"),
            "{}",
            approved.text
        );
        assert_eq!(
            of("not to government unless from a").blocking,
            Blocking::Conditional
        );
    }

    /// Every way of blocking has words in every language and is documented.
    #[test]
    fn every_blocking_has_words_and_is_documented() {
        let docs = include_str!("../../../docs/review.md");
        for blocking in [
            Blocking::AbsoluteProhibition,
            Blocking::Conditional,
            Blocking::Undecided,
            Blocking::Check,
            Blocking::NotPermitted,
        ] {
            let code = serde_json::to_value(blocking).unwrap_or_default();
            let code = code.as_str().unwrap_or_default();
            assert!(
                docs.contains(&format!("`{code}`")),
                "{code} is not in docs/review.md"
            );
            let b = Blocker {
                rule: "r".into(),
                check: None,
                hops: vec![1, 2],
                blocking,
                as_long_as: vec!["x".into()],
                unless: Some("y".into()),
                facts: vec!["z".into()],
                text: String::new(),
            };
            for lang in Lang::all() {
                let text = sentence(&b, lang);
                assert!(
                    !text.is_empty() && !text.contains("remedy-"),
                    "{lang:?} {code}: {text}"
                );
            }
        }
    }
}
