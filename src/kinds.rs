//! The small closed sets the policy language and its compiled model share: the vocabularies,
//! rule effects, the two parties of a hop, sensitivity comparisons and the sorts of declared
//! names. Below both stages, so that neither depends on the other: the syntax's tree and the
//! compiled model name the same words with the same types (`syntax::ast` and `model` re-export
//! them), and the compiler has nothing to map. Their serde forms are the policy language's
//! words, which compiled policies and their hashes are written in.

use serde::{Deserialize, Serialize};

/// The four vocabularies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Data categories.
    Category,
    /// Data subjects.
    Subject,
    /// Purposes.
    Purpose,
    /// Party kinds.
    Kind,
}

impl Sort {
    /// The id of its noun in the message files, for diagnostics (`diag-sort-…`).
    pub fn noun_id(self) -> &'static str {
        match self {
            Sort::Category => "diag-sort-category",
            Sort::Subject => "diag-sort-subject",
            Sort::Purpose => "diag-sort-purpose",
            Sort::Kind => "diag-sort-kind",
        }
    }

    /// The word a legal officer uses for a term of this sort.
    pub fn noun(self) -> &'static str {
        match self {
            Sort::Category => "data category",
            Sort::Subject => "data subject",
            Sort::Purpose => "purpose",
            Sort::Kind => "party kind",
        }
    }

    /// The keyword that declares a term of this sort.
    pub fn keyword(self) -> &'static str {
        match self {
            Sort::Category => "category",
            Sort::Subject => "subject",
            Sort::Purpose => "purpose",
            Sort::Kind => "party kind",
        }
    }
}

/// The effect of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Permits a matching flow.
    Allow,
    /// Forbids a matching flow.
    Deny,
    /// Holds a matching flow for a named human approval.
    Review,
    /// Adds obligations to every allowed matching flow.
    Require,
}

impl Effect {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Effect::Allow => "allow",
            Effect::Deny => "deny",
            Effect::Review => "review",
            Effect::Require => "require",
        }
    }
}

/// `sender` or `recipient`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The party the data leaves.
    Sender,
    /// The party the data goes to.
    Recipient,
}

impl Role {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Role::Sender => "sender",
            Role::Recipient => "recipient",
        }
    }
}

/// Sensitivity comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// `at least`.
    AtLeast,
    /// `at most`.
    AtMost,
    /// `above`.
    Above,
    /// `below`.
    Below,
    /// `is`.
    Is,
}

impl Comparison {
    /// The words.
    pub fn words(self) -> &'static str {
        match self {
            Comparison::AtLeast => "at least",
            Comparison::AtMost => "at most",
            Comparison::Above => "above",
            Comparison::Below => "below",
            Comparison::Is => "is",
        }
    }
}

/// The sorts of names a pack declares before its rules and flows may use them: approval
/// roles, responses (ISP contexts), party flags and aggregation dimensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredSort {
    /// Approval roles (`approval by`, `approved by`, `notify`, a flow's approvals).
    Role,
    /// Responses (ISP contexts: `response is`, classifications, a flow's `context.response`).
    Response,
    /// Party flags (`flags [..]`, `recipient has`).
    Flag,
    /// Aggregation dimensions (`aggregate by [..]`).
    Dimension,
}

impl DeclaredSort {
    /// Every sort, in the order the language lists them.
    pub const ALL: [DeclaredSort; 4] = [
        DeclaredSort::Role,
        DeclaredSort::Response,
        DeclaredSort::Flag,
        DeclaredSort::Dimension,
    ];

    /// The keyword that declares a name of this sort.
    pub fn keyword(self) -> &'static str {
        match self {
            DeclaredSort::Role => "role",
            DeclaredSort::Response => "response",
            DeclaredSort::Flag => "flag",
            DeclaredSort::Dimension => "dimension",
        }
    }

    /// The id of its noun in the message files, for diagnostics (`diag-sort-…`).
    pub fn noun_id(self) -> &'static str {
        match self {
            DeclaredSort::Role => "diag-sort-role",
            DeclaredSort::Response => "diag-sort-response",
            DeclaredSort::Flag => "diag-sort-flag",
            DeclaredSort::Dimension => "diag-sort-dimension",
        }
    }

    /// The words a legal officer uses for a name of this sort.
    pub fn noun(self) -> &'static str {
        match self {
            DeclaredSort::Role => "approval role",
            DeclaredSort::Response => "response",
            DeclaredSort::Flag => "party flag",
            DeclaredSort::Dimension => "aggregation dimension",
        }
    }
}
