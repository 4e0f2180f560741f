//! Coverage of a policy by its tests, in terms a legal officer can check: for every rule,
//! whether some test saw it apply and some test saw it not apply; for every `unless`, whether
//! some test saw the exception relax the rule; for every rule with obligations, whether some
//! allowed test flow carried them. Terms the rules test that no test flow touches are listed.
//!
//! The percentage is `covered items / items × 100` where the items are, per rule: "applies",
//! "does not apply", "exception holds" (rules with `unless`), and "obligations imposed" (allow
//! and require rules with `require`). Vocabulary terms are reported but not counted. Built on
//! the public evaluation trace ([`crate::eval::trace`]) only.

use super::testing::TestReport;
use crate::eval::{CondTrace, Outcome, Truth};
use crate::model::{Atom, CompiledPolicy, Cond, Effect, Sort, TermId};
use crate::reason::Fact;
use crate::words::{self, Lang, args};
use serde::Serialize;
use std::collections::BTreeSet;

/// One thing a test suite should exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// `applies`, `does_not_apply`, `exception_holds` or `obligations_imposed`.
    pub what: &'static str,
    /// The first test (in name order) that exercised it, if any.
    pub by: Option<String>,
}

/// Coverage of one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCoverage {
    /// Its name.
    pub rule: String,
    /// allow, deny, review or require.
    pub effect: String,
    /// `file:line:column`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Its items.
    pub items: Vec<Item>,
}

/// Coverage of a pack-level statement that changes decisions outside the rules: the
/// extension of consent to compatible purposes, and each exception to a built-in check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingCoverage {
    /// `consent_extends` or `check_exception`.
    pub setting: &'static str,
    /// For an exception: the check it is an exception to (`builtin.purpose_limitation`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<&'static str>,
    /// The citation the pack gives for it.
    pub cite: String,
    /// Its items.
    pub items: Vec<Item>,
}

/// A vocabulary term a rule tests that no test flow touches.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Untouched {
    /// Which vocabulary.
    pub sort: Sort,
    /// The term.
    pub term: String,
}

/// Coverage of a policy by a test report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    /// Every rule, in the policy's (name) order.
    pub rules: Vec<RuleCoverage>,
    /// The pack's settings that have something to cover (counted with the rules' items).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<SettingCoverage>,
    /// Items exercised.
    pub covered: usize,
    /// All items.
    pub total: usize,
    /// `covered / total × 100` (100 when there is nothing to cover).
    pub percent: f64,
    /// Terms named in rule conditions that no test flow is within (nor, for party kinds,
    /// no sender or recipient of).
    pub untouched_terms: Vec<Untouched>,
}

impl Coverage {
    /// True when coverage reaches `min` percent. Compared exactly, without rounding.
    pub fn meets(&self, min: f64) -> bool {
        self.total == 0 || (self.covered as f64) * 100.0 >= min * (self.total as f64)
    }
}

/// Computes coverage from the traces the tests produced.
pub fn coverage(policy: &CompiledPolicy, report: &TestReport) -> Coverage {
    let n = policy.rules.len();
    let mut applies: Vec<Option<String>> = vec![None; n];
    let mut not_applies: Vec<Option<String>> = vec![None; n];
    let mut exception: Vec<Option<String>> = vec![None; n];
    let mut imposed: Vec<Option<String>> = vec![None; n];
    let first = |slot: &mut Option<String>, name: &str| {
        if slot.is_none() {
            *slot = Some(name.to_owned());
        }
    };
    let mut through_compatible: Option<String> = None;
    let exceptions = policy.check_exceptions.len();
    let mut lifts: Vec<Option<String>> = vec![None; exceptions];
    let mut holds_not: Vec<Option<String>> = vec![None; exceptions];
    let mut touched = Touched::default();
    for result in &report.results {
        let name = result.name.as_str();
        let traced = &result.traced;
        let allowed = traced.decision.decision == Outcome::Allow;
        let last = traced.hops.len().saturating_sub(1);
        for (h, hop) in traced.hops.iter().enumerate() {
            touched.hop(policy, &hop.from, &hop.to, &hop.purpose);
            for &i in &hop.lifted {
                if let Some(slot) = lifts.get_mut(i) {
                    first(slot, name);
                }
            }
            // A failed check lists its exceptions' values in the policy's order.
            for c in &hop.checks {
                let Some(check) = c.check else { continue };
                let ids = (0..exceptions).filter(|&i| policy.check_exceptions[i].check == check);
                let values = c.reasons.iter().filter_map(|r| match r {
                    Fact::CheckException { value, .. } => Some(*value),
                    _ => None,
                });
                for (i, value) in ids.zip(values) {
                    if value == Truth::False {
                        first(&mut holds_not[i], name);
                    }
                }
            }
            for r in &hop.rules {
                let i = r.index;
                if i >= n {
                    continue;
                }
                match r.applies {
                    Truth::True => first(&mut applies[i], name),
                    Truth::False => first(&mut not_applies[i], name),
                    Truth::Unknown => {}
                }
                if r.when.value == Truth::True
                    && r.unless.as_ref().is_some_and(|u| u.value == Truth::True)
                {
                    first(&mut exception[i], name);
                }
                if std::iter::once(&r.when)
                    .chain(&r.unless)
                    .any(covers_through_compatible)
                {
                    first(&mut through_compatible, name);
                }
                // Obligations reach the decision from the last hop of an allowed flow: an
                // applying allow rule, or a require rule that is not ruled out.
                let imposes = match policy.rules[i].effect {
                    Effect::Allow => r.applies == Truth::True,
                    Effect::Require => r.applies != Truth::False,
                    _ => false,
                };
                if allowed && h == last && imposes {
                    first(&mut imposed[i], name);
                }
            }
        }
        for c in traced.categories.iter().flatten() {
            if let Some(id) = policy.categories.id(c) {
                touched.categories.insert(id);
            }
        }
        if let Some(flow) = &result.parsed {
            for s in flow.subjects.iter().flatten() {
                if let Some(id) = policy.subjects.id(s) {
                    touched.subjects.insert(id);
                }
            }
            if let Some(id) = flow
                .collected_for
                .as_deref()
                .and_then(|c| policy.purposes.id(c))
            {
                touched.purposes.insert(id);
            }
        }
    }
    let mut rules = Vec::with_capacity(n);
    let (mut covered, mut total) = (0, 0);
    for (i, rule) in policy.rules.iter().enumerate() {
        let mut items = vec![
            Item {
                what: "applies",
                by: applies[i].take(),
            },
            Item {
                what: "does_not_apply",
                by: not_applies[i].take(),
            },
        ];
        if rule.unless.is_some() {
            items.push(Item {
                what: "exception_holds",
                by: exception[i].take(),
            });
        }
        if !rule.obligations.is_empty() && matches!(rule.effect, Effect::Allow | Effect::Require) {
            items.push(Item {
                what: "obligations_imposed",
                by: imposed[i].take(),
            });
        }
        total += items.len();
        covered += items.iter().filter(|it| it.by.is_some()).count();
        rules.push(RuleCoverage {
            rule: rule.name.clone(),
            effect: rule.effect.keyword().to_owned(),
            at: policy.locations.get(i).map(|l| l.to_string()),
            items,
        });
    }
    let mut settings = Vec::new();
    // Only where it can change a decision: with no compatible purposes declared, the
    // extension reaches nothing (W0006), and there is nothing a test could show.
    if let Some(cite) = policy
        .consent_extends
        .as_ref()
        .filter(|_| !policy.compatible.is_empty())
    {
        let items = vec![Item {
            what: "consent_through_compatible",
            by: through_compatible,
        }];
        total += items.len();
        covered += items.iter().filter(|it| it.by.is_some()).count();
        settings.push(SettingCoverage {
            setting: "consent_extends",
            check: None,
            cite: cite.clone(),
            items,
        });
    }
    for (i, e) in policy.check_exceptions.iter().enumerate() {
        let items = vec![
            Item {
                what: "exception_lifts_check",
                by: lifts[i].take(),
            },
            Item {
                what: "exception_does_not_lift",
                by: holds_not[i].take(),
            },
        ];
        total += items.len();
        covered += items.iter().filter(|it| it.by.is_some()).count();
        settings.push(SettingCoverage {
            setting: "check_exception",
            check: Some(e.check.id()),
            cite: e.cite.clone(),
            items,
        });
    }
    let untouched_terms = untouched(policy, &touched);
    Coverage {
        rules,
        settings,
        covered,
        total,
        percent: if total == 0 {
            100.0
        } else {
            covered as f64 * 100.0 / total as f64
        },
        untouched_terms,
    }
}

/// Whether some test in the condition found consent covering the hop only through a purpose
/// declared compatible (`consent.covers_compatible`).
fn covers_through_compatible(t: &CondTrace) -> bool {
    matches!(t.reason, Some(Fact::ConsentCoversCompatible { .. }))
        || t.parts.iter().any(covers_through_compatible)
}

/// Terms of each vocabulary that some test flow names (before taking ancestors).
#[derive(Default)]
struct Touched {
    categories: BTreeSet<TermId>,
    subjects: BTreeSet<TermId>,
    purposes: BTreeSet<TermId>,
    kinds: BTreeSet<TermId>,
}

impl Touched {
    fn hop(&mut self, policy: &CompiledPolicy, from: &str, to: &str, purpose: &str) {
        for party in [from, to] {
            if let Some(p) = policy.party(party) {
                self.kinds.insert(policy.parties[p as usize].kind);
            }
        }
        if let Some(id) = policy.purposes.id(purpose) {
            self.purposes.insert(id);
        }
    }

    fn set(&self, sort: Sort) -> &BTreeSet<TermId> {
        match sort {
            Sort::Category => &self.categories,
            Sort::Subject => &self.subjects,
            Sort::Purpose => &self.purposes,
            Sort::Kind => &self.kinds,
        }
    }
}

/// Every (vocabulary, term) a condition tests.
pub fn tested_terms(cond: &Cond, out: &mut BTreeSet<(Sort, TermId)>) {
    match cond {
        Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| tested_terms(p, out)),
        Cond::Not(inner) => tested_terms(inner, out),
        Cond::Atom(a) => match a {
            Atom::DataIncludes(t) => {
                out.insert((Sort::Category, *t));
            }
            Atom::DataWithin(l) => out.extend(l.iter().map(|t| (Sort::Category, *t))),
            Atom::SubjectsInclude(t) => {
                out.insert((Sort::Subject, *t));
            }
            Atom::SubjectsWithin(l) => out.extend(l.iter().map(|t| (Sort::Subject, *t))),
            Atom::PurposeIs(t) => {
                out.insert((Sort::Purpose, *t));
            }
            Atom::PurposeWithin(l) | Atom::CollectedWithin(l) => {
                out.extend(l.iter().map(|t| (Sort::Purpose, *t)))
            }
            Atom::PartyKind(_, t) => {
                out.insert((Sort::Kind, *t));
            }
            _ => {}
        },
    }
}

fn untouched(policy: &CompiledPolicy, touched: &Touched) -> Vec<Untouched> {
    let mut tested = BTreeSet::new();
    for rule in &policy.rules {
        tested_terms(&rule.when, &mut tested);
        if let Some(u) = &rule.unless {
            tested_terms(u, &mut tested);
        }
    }
    let mut out: Vec<Untouched> = tested
        .into_iter()
        .filter(|&(sort, term)| {
            let t = policy.taxonomy(sort);
            !touched
                .set(sort)
                .iter()
                .any(|&seen| t.is_within(seen, term))
        })
        .map(|(sort, term)| Untouched {
            sort,
            term: policy.taxonomy(sort).name(term).to_owned(),
        })
        .collect();
    out.sort();
    out
}

/// The message id of a coverage item's words.
fn item_id(what: &str) -> &'static str {
    match what {
        "applies" => "test-coverage-applies",
        "does_not_apply" => "test-coverage-does-not-apply",
        "exception_holds" => "test-coverage-exception-holds",
        "consent_through_compatible" => "test-coverage-consent-through-compatible",
        "exception_lifts_check" => "test-coverage-exception-lifts",
        "exception_does_not_lift" => "test-coverage-exception-does-not-lift",
        _ => "test-coverage-obligations",
    }
}

/// The message id of a term's sort, for the untouched terms.
fn sort_id(sort: Sort) -> &'static str {
    match sort {
        Sort::Category => "test-coverage-term-category",
        Sort::Subject => "test-coverage-term-subject",
        Sort::Purpose => "test-coverage-term-purpose",
        Sort::Kind => "test-coverage-term-kind",
    }
}

/// Rounds down to one decimal, so that 99.96% never shows as 100.0%.
fn floor_tenth(p: f64) -> f64 {
    (p * 10.0).floor() / 10.0
}

/// The coverage report as text, in English: one block per rule, a mark per item, the first
/// test that exercised it, then the untouched terms and the percentage.
pub fn to_text(policy: &CompiledPolicy, c: &Coverage) -> String {
    to_text_in(policy, c, Lang::EN)
}

/// The coverage report as text, as [`to_text`], its sentences in `lang`.
pub fn to_text_in(policy: &CompiledPolicy, c: &Coverage, lang: Lang) -> String {
    use crate::escape::Visible as V;
    use std::fmt::Write;
    let say = |id: &str, a: Option<&words::Args<'_>>| words::message(lang, id, a);
    let quoted = |name: &str| say("quoted", Some(&args!("name" => V(name).to_string())));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        say(
            "test-coverage-head",
            Some(&args!("policy" => quoted(&policy.name)))
        )
    );
    // The items line up whatever their length in the language.
    let width = [
        "applies",
        "does_not_apply",
        "exception_holds",
        "obligations",
    ]
    .iter()
    .map(|w| say(item_id(w), None).chars().count())
    .max()
    .unwrap_or(0)
    .max(20);
    for r in &c.rules {
        let effect = say(
            "explain-effect",
            Some(&args!("effect" => r.effect.as_str())),
        );
        let rule = say(
            "explain-rule",
            Some(&args!("effect" => effect, "rule" => quoted(&r.rule))),
        );
        let _ = writeln!(out, "  {rule}");
        if let Some(at) = &r.at {
            let at = say("test-coverage-at", Some(&args!("at" => V(at).to_string())));
            let _ = writeln!(out, "      {at}");
        }
        item_lines(&mut out, &r.items, width, lang);
    }
    for s in &c.settings {
        let cite = V(&s.cite).to_string();
        let head = match s.check {
            Some(check) => say(
                "test-coverage-check-exception",
                Some(&args!("check" => check, "cite" => cite)),
            ),
            None => say(
                "test-coverage-consent-extends",
                Some(&args!("cite" => cite)),
            ),
        };
        let _ = writeln!(out, "  {head}");
        item_lines(&mut out, &s.items, width, lang);
    }
    if !c.untouched_terms.is_empty() {
        let _ = writeln!(out, "{}", say("test-coverage-untouched", None));
        for t in &c.untouched_terms {
            let term = say(
                sort_id(t.sort),
                Some(&args!("term" => V(&t.term).to_string())),
            );
            let _ = writeln!(out, "    {term}");
        }
    }
    let _ = writeln!(
        out,
        "{}",
        say(
            "test-coverage-total",
            Some(&args!(
                "percent" => format!("{:.1}", floor_tenth(c.percent)),
                "covered" => c.covered,
                "total" => c.total
            ))
        )
    );
    out
}

/// One line per item: a mark, the item, and the first test that exercised it.
fn item_lines(out: &mut String, items: &[Item], width: usize, lang: Lang) {
    use crate::escape::Visible as V;
    use std::fmt::Write;
    let say = |id: &str, a: Option<&words::Args<'_>>| words::message(lang, id, a);
    for it in items {
        let item = say(item_id(it.what), None);
        match &it.by {
            Some(test) => {
                let by = say(
                    "test-coverage-by",
                    Some(&args!("test" => V(test).to_string())),
                );
                let _ = writeln!(out, "    ✓ {item:<width$} {by}");
            }
            None => {
                let none = say("test-coverage-no-test", None);
                let _ = writeln!(out, "    ✗ {item:<width$} {none}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(covered: usize, total: usize) -> Coverage {
        Coverage {
            rules: Vec::new(),
            settings: Vec::new(),
            covered,
            total,
            percent: 0.0,
            untouched_terms: Vec::new(),
        }
    }

    #[test]
    fn the_minimum_is_compared_exactly() {
        assert!(with(5, 6).meets(83.0));
        assert!(!with(5, 6).meets(83.4));
        assert!(with(6, 6).meets(100.0));
        assert!(!with(1999, 2000).meets(100.0));
        assert!(with(0, 0).meets(100.0));
        assert_eq!(floor_tenth(99.96), 99.9);
    }
}
