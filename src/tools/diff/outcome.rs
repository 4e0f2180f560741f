//! The outcome of one hop under one version, as literals over the shared variables, in the
//! order the evaluator decides (`eval::decide`): a stated name the version does not know
//! rejects the flow; then an applying deny rule or a failed purpose limitation check forbids
//! it; then a deny or review rule that cannot be decided leaves it undecided (gap); then a
//! review rule without its approval holds it; then an applying allow rule allows it; then an
//! allow rule that cannot be decided leaves it undecided; else it is not permitted.

use super::Class;
use crate::model::{CompiledPolicy, Effect};
use crate::tools::sat::{Encoding, Lit, RuleLits};

/// Outcome literals of one version.
pub(super) struct Outcomes {
    /// Per class, in the order of [`Class::ALL`]: the flow gets it.
    class: [Lit; 6],
    /// The rules' literals.
    pub rules: RuleLits,
    /// Per rule: for a review rule, it applies and its approval is missing (it holds the
    /// flow); for any other rule, it applies.
    pub holds: Vec<Lit>,
    /// Undecided because a deny or review rule cannot be decided.
    pub gap_by_deny: Lit,
    /// Undecided because no allow rule applies and one cannot be decided.
    pub gap_by_allow: Lit,
    /// The purpose is within or compatible with the collection purpose.
    pub compatible: Lit,
}

impl Outcomes {
    /// Encodes the rules and outcomes of version `v`.
    pub fn new(e: &mut Encoding<'_>, v: usize, policy: &CompiledPolicy) -> Outcomes {
        let rules = e.rules(v);
        let known = e.known(v);
        let compatible = e.purpose_compatible(v);
        let of = |effect: Effect| -> Vec<usize> {
            (0..policy.rules.len())
                .filter(|&i| policy.rules[i].effect == effect)
                .collect()
        };
        let (denies, reviews, allows) = (of(Effect::Deny), of(Effect::Review), of(Effect::Allow));
        // A hop whose purpose is neither within nor compatible with the collection purpose
        // is forbidden by the built-in purpose limitation check, whatever the rules say.
        let mut forbidding: Vec<Lit> = denies.iter().map(|&i| rules.applies[i]).collect();
        forbidding.push(!compatible);
        let any_deny = e.or(&forbidding);
        let forbidden = e.and(&[known, any_deny]);
        let undecided: Vec<Lit> = denies
            .iter()
            .chain(&reviews)
            .map(|&i| rules.undecided[i])
            .collect();
        let any_undecided = e.or(&undecided);
        let gap_by_deny = e.and(&[known, !any_deny, any_undecided]);
        let mut holds = rules.applies.clone();
        let mut pending = Vec::new();
        for &i in &reviews {
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
        let any_pending = e.or(&pending);
        let before_allows = e.and(&[known, !any_deny, !any_undecided]);
        let review = e.and(&[before_allows, any_pending]);
        let applying: Vec<Lit> = allows.iter().map(|&i| rules.applies[i]).collect();
        let any_allow = e.or(&applying);
        let allowed = e.and(&[before_allows, !any_pending, any_allow]);
        let maybe: Vec<Lit> = allows.iter().map(|&i| rules.undecided[i]).collect();
        let any_maybe = e.or(&maybe);
        let gap_by_allow = e.and(&[before_allows, !any_pending, !any_allow, any_maybe]);
        let not_permitted = e.and(&[before_allows, !any_pending, !any_allow, !any_maybe]);
        let gap = e.or(&[gap_by_deny, gap_by_allow]);
        Outcomes {
            class: [!known, forbidden, gap, review, allowed, not_permitted],
            rules,
            holds,
            gap_by_deny,
            gap_by_allow,
            compatible,
        }
    }

    /// "The flow gets class `c`".
    pub fn is(&self, c: Class) -> Lit {
        self.class[c.index()]
    }

    /// After a satisfiable query: the class the flow found gets.
    pub fn class(&self, e: &Encoding<'_>) -> Class {
        Class::ALL
            .into_iter()
            .find(|&c| e.value(self.is(c)))
            .unwrap_or(Class::NotPermitted)
    }

    /// Per rule: "it imposes its obligations" on a flow the version allows: an allow rule
    /// that applies, a require rule that does not fail (an obligation whose condition cannot
    /// be decided is imposed, the stricter reading).
    pub fn imposes(&self, e: &mut Encoding<'_>, i: usize, effect: Effect) -> Lit {
        match effect {
            Effect::Require => e.or(&[self.rules.applies[i], self.rules.undecided[i]]),
            _ => self.rules.applies[i],
        }
    }
}
