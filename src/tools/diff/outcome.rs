//! The outcome of one hop under one version, as literals over the shared variables, in the
//! order the evaluator decides (`eval::decide`): a stated name the version does not know
//! rejects the flow; then an applying deny rule or a failed purpose limitation check forbids
//! it; then a deny or review rule that cannot be decided leaves it undecided (gap); then a
//! review rule without its approval holds it; then an applying allow rule allows it, unless an
//! applying rule requires a DPIA the flow does not state (a gap); then an allow rule that
//! cannot be decided leaves it undecided; else it is not permitted.

use super::Class;
use crate::model::{CompiledPolicy, Effect};
use crate::reason::Check;
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
    /// Undecided because the hop would be allowed but a rule that applies requires a DPIA
    /// the flow does not state.
    pub gap_by_dpia: Lit,
    /// The purpose limitation check forbids the hop: the purpose is not compatible and no
    /// exception to the check holds.
    pub check_forbids: Lit,
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
        // is forbidden by the built-in purpose limitation check, whatever the rules say,
        // unless one of the policy's exceptions to the check holds (undecided when whether
        // one holds cannot be decided).
        let (check_forbids, check_undecided) =
            e.check_with_exceptions(v, Check::PurposeLimitation, compatible);
        let mut forbidding: Vec<Lit> = denies.iter().map(|&i| rules.applies[i]).collect();
        forbidding.push(check_forbids);
        let any_deny = e.or(&forbidding);
        let forbidden = e.and(&[known, any_deny]);
        let mut undecided: Vec<Lit> = denies
            .iter()
            .chain(&reviews)
            .map(|&i| rules.undecided[i])
            .collect();
        if check_undecided != !e.truth() {
            undecided.push(check_undecided);
        }
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
        let allowed_by_rules = e.and(&[before_allows, !any_pending, any_allow]);
        // An allowed hop that a rule requires a DPIA for, and whose flow states none, is a
        // gap (`dpia.unstated`), decided by those rules. (A version without such a rule adds
        // no variable, so its encoding, and the witnesses found in it, stay as they were.)
        let (allowed, gap_by_dpia) = match e.dpia_needed(policy, &rules) {
            Some(needed) => {
                let gap = e.and(&[allowed_by_rules, needed]);
                (e.and(&[allowed_by_rules, !gap]), gap)
            }
            None => (allowed_by_rules, !e.truth()),
        };
        let maybe: Vec<Lit> = allows.iter().map(|&i| rules.undecided[i]).collect();
        let any_maybe = e.or(&maybe);
        let gap_by_allow = e.and(&[before_allows, !any_pending, !any_allow, any_maybe]);
        let not_permitted = e.and(&[before_allows, !any_pending, !any_allow, !any_maybe]);
        let gap = if gap_by_dpia == !e.truth() {
            e.or(&[gap_by_deny, gap_by_allow])
        } else {
            e.or(&[gap_by_deny, gap_by_allow, gap_by_dpia])
        };
        Outcomes {
            class: [!known, forbidden, gap, review, allowed, not_permitted],
            rules,
            holds,
            gap_by_deny,
            gap_by_allow,
            gap_by_dpia,
            check_forbids,
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
