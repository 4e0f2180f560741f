//! The built-in checks: rules of data protection that every policy applies, named by a
//! stable id so that packs, programs and the renderer refer to them alike.

use serde::{Deserialize, Serialize};

/// A built-in chain check: a rule of data protection that mandate applies to every chain
/// of transfers, with or without a rule in the policy saying so. Its id is stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Check {
    /// Every hop's purpose must be within, or declared compatible with, the purpose the data
    /// was collected for.
    #[serde(rename = "builtin.purpose_limitation")]
    PurposeLimitation,
    /// A hop made under an agreement that forbids onward transfer may not be followed by
    /// another.
    #[serde(rename = "builtin.onward_transfer")]
    OnwardTransfer,
    /// A hop allowed on condition of no onward transfer may not be followed by another.
    #[serde(rename = "builtin.onward_obligation")]
    OnwardObligation,
}

impl Check {
    /// Every built-in check.
    pub const ALL: [Check; 3] = [
        Check::PurposeLimitation,
        Check::OnwardTransfer,
        Check::OnwardObligation,
    ];

    /// Its stable id (`builtin.purpose_limitation`): what programs and packs refer to.
    pub fn id(self) -> &'static str {
        match self {
            Check::PurposeLimitation => "builtin.purpose_limitation",
            Check::OnwardTransfer => "builtin.onward_transfer",
            Check::OnwardObligation => "builtin.onward_obligation",
        }
    }

    /// The check with this id.
    pub fn from_id(id: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.id() == id)
    }
}
