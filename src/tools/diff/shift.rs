//! What changes for a class of flows, and what the two versions derive differently for its
//! witness: typed values, put into words by [`super::text`] alone.

use crate::model::Level;
use serde::Serialize;

/// What an amendment does to a class of flows. In JSON, its snake-case code
/// (`newly_forbids`, `no_longer_accepts`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// Flows naming a name only the new version declares are now accepted.
    NewlyAccepts,
    /// Flows naming a name only the old version declares are now rejected.
    NoLongerAccepts,
    /// A new allow rule (or a change of its condition) allows them.
    NewlyAllows,
    /// An old allow rule no longer allows them.
    NoLongerAllows,
    /// A deny rule or a built-in check newly forbids them.
    NewlyForbids,
    /// A deny rule or a built-in check no longer forbids them.
    NoLongerForbids,
    /// A review rule newly holds them for review.
    NewlyHoldsForReview,
    /// A review rule no longer holds them for review.
    NoLongerHoldsForReview,
    /// A rule newly cannot be decided for them.
    NewlyLeavesUndecided,
    /// A rule that could not be decided for them no longer decides their outcome.
    NoLongerLeavesUndecided,
    /// An obligation (in the change's `obligation`) newly applies.
    NewlyRequires,
    /// An obligation (in the change's `obligation`) no longer applies.
    NoLongerRequires,
}

impl Shift {
    /// Its code, as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Shift::NewlyAccepts => "newly_accepts",
            Shift::NoLongerAccepts => "no_longer_accepts",
            Shift::NewlyAllows => "newly_allows",
            Shift::NoLongerAllows => "no_longer_allows",
            Shift::NewlyForbids => "newly_forbids",
            Shift::NoLongerForbids => "no_longer_forbids",
            Shift::NewlyHoldsForReview => "newly_holds_for_review",
            Shift::NoLongerHoldsForReview => "no_longer_holds_for_review",
            Shift::NewlyLeavesUndecided => "newly_leaves_undecided",
            Shift::NoLongerLeavesUndecided => "no_longer_leaves_undecided",
            Shift::NewlyRequires => "newly_requires",
            Shift::NoLongerRequires => "no_longer_requires",
        }
    }

    /// Every shift, for the tests that render each one.
    pub const ALL: [Shift; 12] = [
        Shift::NewlyAccepts,
        Shift::NoLongerAccepts,
        Shift::NewlyAllows,
        Shift::NoLongerAllows,
        Shift::NewlyForbids,
        Shift::NoLongerForbids,
        Shift::NewlyHoldsForReview,
        Shift::NoLongerHoldsForReview,
        Shift::NewlyLeavesUndecided,
        Shift::NoLongerLeavesUndecided,
        Shift::NewlyRequires,
        Shift::NoLongerRequires,
    ];
}

/// A rule that decides a witness under one version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decider {
    /// Its effect keyword (`allow`, `deny`, `review`).
    pub effect: String,
    /// Its name.
    pub rule: String,
    /// Where it is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A value before and now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pair<T> {
    /// Under the old version.
    pub before: T,
    /// Under the new version.
    pub now: T,
}

impl<T: PartialEq> Pair<T> {
    /// The pair, when the two differ.
    pub fn changed(before: T, now: T) -> Option<Pair<T>> {
        (before != now).then_some(Pair { before, now })
    }
}

/// What the two versions derive differently for a witness. In JSON, an object saying
/// `what` differs (`within`, `party`, `compatible`, `sensitivity`, `agreement`, `onward`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Difference {
    /// A stated term sits elsewhere in its hierarchy: the terms above it (empty: a root).
    Within {
        /// `category`, `subject` or `purpose`.
        sort: &'static str,
        /// The term.
        name: String,
        /// The terms strictly above it, sorted.
        above: Pair<Vec<String>>,
    },
    /// A party's declared attributes changed (only those that did are present).
    Party {
        /// The party.
        name: String,
        /// Its kind.
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<Pair<String>>,
        /// Its jurisdiction.
        #[serde(skip_serializing_if = "Option::is_none")]
        jurisdiction: Option<Pair<String>>,
        /// Its organisation (none: `null`).
        #[serde(skip_serializing_if = "Option::is_none")]
        organisation: Option<Pair<Option<String>>>,
        /// Its flags.
        #[serde(skip_serializing_if = "Option::is_none")]
        flags: Option<Pair<Vec<String>>>,
    },
    /// The purpose's compatibility with the collection purpose.
    Compatible {
        /// The purpose.
        purpose: String,
        /// The collection purpose.
        collected_for: String,
        /// Whether the two are compatible.
        compatible: Pair<bool>,
    },
    /// The highest sensitivity of the data (none: no category has a level).
    Sensitivity {
        /// The level.
        level: Pair<Option<Level>>,
    },
    /// The agreement covering the flow (none: no agreement covers it).
    Agreement {
        /// The agreement's id.
        agreement: Pair<Option<String>>,
    },
    /// Whether an agreement allows onward transfer.
    Onward {
        /// The agreement's id.
        agreement: String,
        /// Whether it allows onward transfer.
        allowed: Pair<bool>,
    },
}

/// A difference for one hop of a witness.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HopDifference {
    /// True when it concerns the first hop of a two-hop witness.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub first_hop: bool,
    /// What differs.
    #[serde(flatten)]
    pub difference: Difference,
}
