//! The verdict: a decision without its words. What a gate acts on (allow or not, why by
//! which rules, the obligations of an allow), computed without writing the facts, cites
//! and reasons a person reads. [`super::decide`] gives the same outcome with them.

use super::decision::{DenyKind, ObligationOut, Outcome};
use super::facts::InputError;
use crate::model::CompiledPolicy;
use smallvec::SmallVec;

/// What decided a flow: one of the policy's rules, or a built-in chain check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecidedBy {
    /// The rule at this index of the compiled policy's `rules`.
    Rule(usize),
    /// A built-in chain check (purpose limitation along the chain, onward transfer).
    Check(crate::reason::Check),
}

/// What decided a verdict, in order, each with its hop for a chain (1 = the first transfer;
/// `None` for a flow without a chain). A slice; inline (no allocation) for one or two.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deciding(pub(crate) SmallVec<[(DecidedBy, Option<usize>); 2]>);

impl std::ops::Deref for Deciding {
    type Target = [(DecidedBy, Option<usize>)];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Deciding {
    type Item = &'a (DecidedBy, Option<usize>);
    type IntoIter = std::slice::Iter<'a, (DecidedBy, Option<usize>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The answer to "may this flow go?" without the explanation: the same outcome, deny kind,
/// deciding rules, obligations and input errors as the [`super::Decision`] for the flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// allow, deny or review.
    pub decision: Outcome,
    /// Why not allowed (absent for allow).
    pub kind: Option<DenyKind>,
    /// What decided, in the order of the decision's `determining`, each with its hop for a
    /// chain (1 = the first transfer; `None` for a flow without a chain).
    pub deciding: Deciding,
    /// Obligations of an allow, merged as in the decision.
    pub obligations: Vec<ObligationOut>,
    /// Problems with the flow itself (the verdict is then a deny of kind `error`).
    pub errors: Vec<InputError>,
}

impl Verdict {
    /// True only for an allow.
    pub fn is_allowed(&self) -> bool {
        self.decision == Outcome::Allow
    }

    /// A deny of kind `error` for a flow that could not be resolved.
    pub(crate) fn error(errors: Vec<InputError>) -> Verdict {
        Verdict {
            decision: Outcome::Deny,
            kind: Some(DenyKind::Error),
            deciding: Deciding::default(),
            obligations: Vec::new(),
            errors,
        }
    }

    /// The deciding rules by name and checks by id (`builtin.purpose_limitation`), in order.
    pub fn names<'p>(&'p self, policy: &'p CompiledPolicy) -> impl Iterator<Item = &'p str> + 'p {
        self.deciding.iter().map(move |(by, _)| match by {
            DecidedBy::Rule(i) => policy.rules.get(*i).map_or("", |r| r.name.as_str()),
            DecidedBy::Check(check) => check.id(),
        })
    }
}
