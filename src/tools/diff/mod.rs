//! The semantic difference between two versions of a policy (feature `lint`): every class of
//! flow whose decision or obligations change, named by the rule (or the name) responsible,
//! with a witness flow found by the SAT solver ([`super::sat`]) and checked by deciding it
//! under both versions.
//!
//! Both versions are read exactly over one set of variables keyed by name: each with its own
//! vocabularies and hierarchy, parties, compatible purposes, sensitivity levels and
//! classifications, and agreements (with the flow's date). A decision is one of six outcomes
//! ([`Class`]). For every rule of either version the solver is asked whether some flow both
//! versions accept changes outcome *because of it* (a new allow that now allows, an old deny
//! that no longer forbids, …), and likewise for the built-in purpose limitation check; for
//! every name only one version declares, whether a flow stating it is decided by that
//! version. Together these queries cover every change of outcome. Obligations are compared
//! for flows allowed by both versions. Rule order, layout and rule names do not matter: only
//! which flows get which outcome and obligations. Changes only chains show (the onward
//! transfer checks on an earlier hop) are sought with two-hop witnesses (module `chain`).

mod chain;
mod outcome;
mod shift;
mod text;
mod witness;

pub use text::{obligation_text, shift_words, to_text, to_text_beside, to_text_in};

use super::sat::{Encoding, Lit, Named};
use crate::eval::{self, DenyKind, Outcome};
use crate::model::{CompiledPolicy, Effect, Obligation};
use crate::reason::Check;
use outcome::Outcomes;
use serde::Serialize;
pub use shift::{Decider, Difference, HopDifference, Pair, Shift};

/// An outcome of one hop, over complete flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// The flow names something the policy does not declare (deny, kind `error`).
    Error,
    /// A deny rule applies, or the purpose is not compatible with the collection purpose.
    Forbidden,
    /// A rule cannot be decided (deny, kind `gap`): here, a sensitivity test on data none of
    /// whose categories has a level.
    Gap,
    /// A review rule applies without its approval.
    Review,
    /// Allowed.
    Allowed,
    /// No rule allows it.
    NotPermitted,
}

impl Class {
    /// Every class, in the order outcome literals are kept.
    pub const ALL: [Class; 6] = [
        Class::Error,
        Class::Forbidden,
        Class::Gap,
        Class::Review,
        Class::Allowed,
        Class::NotPermitted,
    ];

    fn index(self) -> usize {
        Class::ALL.iter().position(|&c| c == self).unwrap_or(0)
    }

    fn of(d: &eval::Decision) -> Option<Class> {
        match (d.decision, d.kind) {
            (Outcome::Allow, _) => Some(Class::Allowed),
            (Outcome::Review, _) => Some(Class::Review),
            (Outcome::Deny, Some(DenyKind::Error)) => Some(Class::Error),
            (Outcome::Deny, Some(DenyKind::Forbidden)) => Some(Class::Forbidden),
            (Outcome::Deny, Some(DenyKind::Gap)) => Some(Class::Gap),
            (Outcome::Deny, Some(DenyKind::NotPermitted)) => Some(Class::NotPermitted),
            _ => None,
        }
    }
}

/// A name (term or party) that only one version declares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameChange {
    /// What it names, as the keyword that declares it: `category`, `subject`, `purpose` or
    /// `party`.
    pub kind: &'static str,
    /// The name.
    pub name: String,
}

/// One class of flows whose decision or obligations change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// What changes (`newly_allows`, `no_longer_forbids`, `newly_requires` with the
    /// `obligation`, `newly_accepts` with the `name`, …).
    pub change: Shift,
    /// The outcome under the old version.
    pub old: Class,
    /// The outcome under the new version.
    pub new: Class,
    /// The rule responsible (absent for a name only one version declares, and for a
    /// built-in check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The built-in check responsible, by its id (`builtin.purpose_limitation`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
    /// Its effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    /// Which version the rule or name is in: `old`, `new`, or `both` for the built-in
    /// purpose limitation check.
    pub version: &'static str,
    /// Where the rule is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The rule's condition, in the policy language: the flows concerned are among those it
    /// covers (for a built-in check, the condition it tests, where the language can write
    /// it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// For an obligation change: the obligation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obligation: Option<String>,
    /// For a change only chains show: the agreement whose onward-transfer terms decide it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    /// For a change only chains show: the witness is a two-hop flow (its `chain` holds the
    /// first hop) whose first hop both versions decide alike.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub chain: bool,
    /// For a name only one version declares: the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<NameChange>,
    /// For a name only one version declares: the rules that decide the witness under the
    /// version that declares it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<Decider>,
    /// A flow of the class, as the policy language writes facts (for a two-hop witness,
    /// its second hop).
    pub witness: String,
    /// For a two-hop witness: its first hop, written as `witness` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_hop: Option<String>,
    /// What the two versions derive differently for the witness (its terms' place in the
    /// hierarchy, its parties' attributes, its sensitivity, the agreement covering it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differs: Vec<HopDifference>,
    /// The witness as a flow document.
    pub flow: serde_json::Value,
    /// True when deciding the witness under both versions gave exactly the outcomes stated
    /// (false when it depends on what a one-hop flow cannot state, such as being an onward
    /// transfer).
    pub verified: bool,
}

impl Change {
    /// A change of one class of flows, with its witness, before its cause is filled in.
    fn of(
        change: Shift,
        (old, new): (Class, Class),
        witness: String,
        flow: serde_json::Value,
    ) -> Change {
        Change {
            change,
            old,
            new,
            rule: None,
            check: None,
            effect: None,
            version: "both",
            at: None,
            condition: None,
            obligation: None,
            agreement: None,
            chain: false,
            name: None,
            decided_by: Vec::new(),
            witness,
            first_hop: None,
            differs: Vec::new(),
            flow,
            verified: false,
        }
    }
}

/// Why two versions cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The reference time is not a time.
    #[error("`{0}` is not a time: write RFC 3339, e.g. 2026-01-01T00:00:00Z")]
    BadTime(String),
}

/// Whom a change is charged to.
#[derive(Clone, Copy)]
enum Cause<'a> {
    /// Rule `index` of `policy`, in `version`.
    Rule(&'a CompiledPolicy, &'static str, usize),
    /// The built-in purpose limitation check.
    PurposeLimitation,
    /// A name only `version` declares.
    Name(Named, &'a str, &'static str),
}

/// The outcomes a witness of a name change should preferably show, most telling first.
const PREFERENCE: [Class; 5] = [
    Class::Allowed,
    Class::Review,
    Class::Gap,
    Class::NotPermitted,
    Class::Forbidden,
];

struct Diff<'p> {
    old: &'p CompiledPolicy,
    new: &'p CompiledPolicy,
    at: &'p str,
    e: Encoding<'p>,
    o: Outcomes,
    n: Outcomes,
    /// Both versions declare every name the flow states.
    both: Lit,
    changes: Vec<Change>,
}

/// Compares `old` with `new`. `at` is the reference time: witnesses are dated then, unless
/// the change needs another date (an agreement's validity), when they are dated on the
/// first day of a period where it appears.
pub fn diff(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    at: &str,
) -> Result<Vec<Change>, DiffError> {
    let day = witness::reference_day(at).ok_or_else(|| DiffError::BadTime(at.to_owned()))?;
    let mut e = Encoding::compare(old, new, day);
    let o = Outcomes::new(&mut e, 0, old);
    let n = Outcomes::new(&mut e, 1, new);
    let known = [e.known(0), e.known(1)];
    let both = e.and(&known);
    let mut d = Diff {
        old,
        new,
        at,
        e,
        o,
        n,
        both,
        changes: Vec::new(),
    };
    d.names();
    d.new_rules();
    d.old_rules();
    d.purpose_limitation();
    d.obligations();
    d.dpia_gaps();
    d.chains();
    Ok(d.changes)
}

impl<'p> Diff<'p> {
    /// Asks for a flow making every literal of `assume` true, preferably one that also
    /// makes `prefer` true (the most telling of the class, e.g. one allowed before that is
    /// forbidden now); when there is one, records the change with it as witness.
    fn ask(
        &mut self,
        (assume, prefer): (&[Lit], Option<Lit>),
        change: Shift,
        cause: Cause<'_>,
        obligation: Option<String>,
    ) -> bool {
        let preferred: Vec<Lit> = assume.iter().copied().chain(prefer).collect();
        if !self.e.satisfiable_small(&preferred) && !self.e.satisfiable_small(assume) {
            return false;
        }
        let (was, now) = (self.o.class(&self.e), self.n.class(&self.e));
        let model = self.e.model();
        let flow = witness::flow(self.old, self.new, &model, self.at);
        let verified = witness::verify(self.old, self.new, &flow, (was, now));
        // A version that rejects the witness derives nothing for it.
        let differs = if was == Class::Error || now == Class::Error {
            Vec::new()
        } else {
            witness::differences(self.old, self.new, &model)
                .into_iter()
                .map(|difference| HopDifference {
                    first_hop: false,
                    difference,
                })
                .collect()
        };
        let mut c = Change::of(change, (was, now), model.to_string(), flow);
        c.obligation = obligation;
        c.differs = differs;
        c.verified = verified;
        match cause {
            Cause::Rule(policy, version, i) => {
                let rule = &policy.rules[i];
                c.rule = Some(rule.name.clone());
                c.effect = Some(rule.effect.keyword().to_owned());
                c.version = version;
                c.at = policy.locations.get(i).map(|l| l.to_string());
                c.condition = Some(policy.cond_text(&rule.when));
            }
            Cause::PurposeLimitation => {
                c.check = Some(Check::PurposeLimitation);
                c.effect = Some("deny".into());
                c.condition = Some("purpose not compatible with collected_for".into());
            }
            Cause::Name(kind, name, version) => {
                let policy = if version == "new" { self.new } else { self.old };
                c.version = version;
                c.name = Some(NameChange {
                    kind: kind.keyword(),
                    name: name.to_owned(),
                });
                c.decided_by = witness::deciding(policy, &c.flow);
            }
        }
        self.changes.push(c);
        true
    }

    /// Names only one version declares: flows stating them are rejected by the other.
    fn names(&mut self) {
        for kind in Named::ALL {
            let names = self.e.space().names(kind).to_vec();
            for (i, name) in names.iter().enumerate() {
                let in_new = self.e.declares(1, kind, i);
                if self.e.declares(0, kind, i) == in_new {
                    continue;
                }
                let stated = self.e.stated(kind, i);
                let (known, version, change) = if in_new {
                    (self.e.known(1), "new", Shift::NewlyAccepts)
                } else {
                    (self.e.known(0), "old", Shift::NoLongerAccepts)
                };
                for c in PREFERENCE {
                    let class = if in_new { self.n.is(c) } else { self.o.is(c) };
                    let cause = Cause::Name(kind, name.as_str(), version);
                    let assume = [stated, known, class];
                    if self.ask((&assume, None), change, cause, None) {
                        break;
                    }
                }
            }
        }
    }

    fn new_rules(&mut self) {
        let (o, n, both) = (&self.o, &self.n, self.both);
        // A flow allowed before is the most telling witness of a new deny, review or gap.
        let was_allowed = Some(o.is(Class::Allowed));
        let mut queries = Vec::new();
        for (i, rule) in self.new.rules.iter().enumerate() {
            let (applies, holds) = (n.rules.applies[i], n.holds[i]);
            let (now, by, prefer, words) = match rule.effect {
                Effect::Allow => (Class::Allowed, applies, None, Shift::NewlyAllows),
                Effect::Deny => (Class::Forbidden, applies, was_allowed, Shift::NewlyForbids),
                Effect::Review => (
                    Class::Review,
                    holds,
                    was_allowed,
                    Shift::NewlyHoldsForReview,
                ),
                Effect::Require => continue,
            };
            queries.push((vec![both, !o.is(now), n.is(now), by], prefer, words, i));
            if let Some([u, gap]) = undecided(n, i, rule.effect, self.e.truth()) {
                let assume = vec![both, !o.is(Class::Gap), u, gap];
                queries.push((assume, was_allowed, Shift::NewlyLeavesUndecided, i));
            }
        }
        for (assume, prefer, words, i) in queries {
            let cause = Cause::Rule(self.new, "new", i);
            self.ask((&assume, prefer), words, cause, None);
        }
    }

    fn old_rules(&mut self) {
        let (o, n, both) = (&self.o, &self.n, self.both);
        // A flow allowed now is the most telling witness of a deny or review that goes.
        let is_allowed = Some(n.is(Class::Allowed));
        let not_permitted = n.is(Class::NotPermitted);
        let (forbidden, review) = (n.is(Class::Forbidden), n.is(Class::Review));
        let mut queries = Vec::new();
        for (i, rule) in self.old.rules.iter().enumerate() {
            let (applies, holds) = (o.rules.applies[i], o.holds[i]);
            // Where the flows go instead is named by the new version's rules (newly forbids,
            // newly holds for review, …), except where no rule decides them.
            let (was, by, after, prefer, words) = match rule.effect {
                Effect::Allow => (
                    Class::Allowed,
                    applies,
                    vec![not_permitted],
                    None,
                    Shift::NoLongerAllows,
                ),
                Effect::Deny => (
                    Class::Forbidden,
                    applies,
                    vec![!forbidden],
                    is_allowed,
                    Shift::NoLongerForbids,
                ),
                Effect::Review => (
                    Class::Review,
                    holds,
                    vec![!review, !forbidden],
                    is_allowed,
                    Shift::NoLongerHoldsForReview,
                ),
                Effect::Require => continue,
            };
            let mut assume = vec![both, o.is(was), by];
            assume.extend(after);
            queries.push((assume, prefer, words, i));
            if let Some([u, gap]) = undecided(o, i, rule.effect, self.e.truth()) {
                let assume = vec![both, u, gap, not_permitted];
                queries.push((assume, None, Shift::NoLongerLeavesUndecided, i));
            }
        }
        for (assume, prefer, words, i) in queries {
            let cause = Cause::Rule(self.old, "old", i);
            self.ask((&assume, prefer), words, cause, None);
        }
    }

    /// The built-in check both versions share, whose verdict changes with the purposes'
    /// hierarchy and the `compatible` declarations.
    fn purpose_limitation(&mut self) {
        let (o, n, both) = (&self.o, &self.n, self.both);
        let newly = [both, !o.is(Class::Forbidden), n.check_forbids];
        let no_longer = [both, o.check_forbids, !n.is(Class::Forbidden)];
        let (was_allowed, is_allowed) = (o.is(Class::Allowed), n.is(Class::Allowed));
        let cause = Cause::PurposeLimitation;
        self.ask(
            (&newly, Some(was_allowed)),
            Shift::NewlyForbids,
            cause,
            None,
        );
        let words = Shift::NoLongerForbids;
        self.ask((&no_longer, Some(is_allowed)), words, cause, None);
    }

    /// Obligations, for flows both versions allow, compared by their text (names, not ids).
    fn obligations(&mut self) {
        let imposing = |policy: &CompiledPolicy| -> Vec<(usize, Effect, String)> {
            policy
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| matches!(r.effect, Effect::Allow | Effect::Require))
                .flat_map(|(i, r)| {
                    r.obligations
                        .iter()
                        .map(move |ob| (i, r.effect, obligation_text(policy, ob)))
                })
                .collect()
        };
        let (by_old, by_new) = (imposing(self.old), imposing(self.new));
        let mut texts: Vec<&String> = Vec::new();
        for (_, _, t) in by_old.iter().chain(&by_new) {
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        let allowed = [
            self.both,
            self.o.is(Class::Allowed),
            self.n.is(Class::Allowed),
        ];
        let both_allow = self.e.and(&allowed);
        for text in texts {
            let lits = |d: &mut Self, new: bool| -> Vec<(usize, Lit)> {
                let (list, out) = if new {
                    (&by_new, &d.n)
                } else {
                    (&by_old, &d.o)
                };
                list.iter()
                    .filter(|(_, _, t)| t == text)
                    .map(|&(i, effect, _)| (i, out.imposes(&mut d.e, i, effect)))
                    .collect()
            };
            let (old_lits, new_lits) = (lits(self, false), lits(self, true));
            let old_any = self.e.or(&old_lits.iter().map(|x| x.1).collect::<Vec<_>>());
            let new_any = self.e.or(&new_lits.iter().map(|x| x.1).collect::<Vec<_>>());
            for &(i, l) in &new_lits {
                self.ask(
                    (&[both_allow, l, !old_any], None),
                    Shift::NewlyRequires,
                    Cause::Rule(self.new, "new", i),
                    Some(text.clone()),
                );
            }
            for &(i, l) in &old_lits {
                self.ask(
                    (&[both_allow, l, !new_any], None),
                    Shift::NoLongerRequires,
                    Cause::Rule(self.old, "old", i),
                    Some(text.clone()),
                );
            }
        }
    }
}

impl Diff<'_> {
    /// Flows that state no DPIA, which a rule requiring one leaves undecided (`dpia.unstated`)
    /// in one version and not in the other: a rule gaining or losing the obligation, or a
    /// rule with it applying to other flows. The other queries compare flows both versions
    /// allow, which state their DPIA; these are the flows that do not.
    fn dpia_gaps(&mut self) {
        let needing = |policy: &CompiledPolicy| -> Vec<(usize, Effect)> {
            policy
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    matches!(r.effect, Effect::Allow | Effect::Require)
                        && r.obligations.contains(&Obligation::Dpia)
                })
                .map(|(i, r)| (i, r.effect))
                .collect()
        };
        let both = self.both;
        for (i, effect) in needing(self.new) {
            let l = self.n.imposes(&mut self.e, i, effect);
            let assume = [both, !self.o.is(Class::Gap), self.n.gap_by_dpia, l];
            let prefer = Some(self.o.is(Class::Allowed));
            let cause = Cause::Rule(self.new, "new", i);
            self.ask((&assume, prefer), Shift::NewlyLeavesUndecided, cause, None);
        }
        for (i, effect) in needing(self.old) {
            let l = self.o.imposes(&mut self.e, i, effect);
            let assume = [both, self.o.gap_by_dpia, l, !self.n.is(Class::Gap)];
            let prefer = Some(self.n.is(Class::Allowed));
            let cause = Cause::Rule(self.old, "old", i);
            self.ask(
                (&assume, prefer),
                Shift::NoLongerLeavesUndecided,
                cause,
                None,
            );
        }
    }
}

/// "Rule `i` leaves the flow undecided": it cannot be decided, and the version's outcome is
/// the gap such a rule causes (a deny or review rule's, or an allow rule's when nothing else
/// decides). `None` when the rule is always decided, or is a require rule (which never
/// decides an outcome).
fn undecided(out: &Outcomes, i: usize, effect: Effect, truth: Lit) -> Option<[Lit; 2]> {
    let u = out.rules.undecided[i];
    if u == !truth {
        return None;
    }
    match effect {
        Effect::Deny | Effect::Review => Some([u, out.gap_by_deny]),
        Effect::Allow => Some([u, out.gap_by_allow]),
        Effect::Require => None,
    }
}

#[cfg(test)]
mod tests;
