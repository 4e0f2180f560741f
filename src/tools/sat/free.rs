//! The free facts: what a flow's truth depends on outside the policy and its stated names
//! (the consent record, the approvals it carries, the chain it belongs to, and, in the loose
//! reading, the agreements). Each is one solver variable shared by every version.

use crate::model::Atom;
use std::fmt;

/// One free fact. Typed, so that the encoding, the witness writer and the chain encoding name
/// the same fact the same way; its [`fmt::Display`] is the policy language's atom, which is
/// how `lint` and `diff` show a model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FreeFact {
    /// `consent covers flow`.
    ConsentCovers,
    /// `onward transfer`: the flow is a later hop of a chain.
    OnwardTransfer,
    /// `agreement covers flow` (loose reading only; the exact one derives it).
    AgreementCovers,
    /// `agreement allows onward transfer` (loose reading only).
    AgreementAllowsOnward,
    /// `approved by ROLE`.
    ApprovedBy(String),
    /// The flow states the reference of a data protection impact assessment
    /// (`"dpia": {"ref": …}`, not blank). No condition tests it: the `dpia` obligation makes
    /// a flow that leaves it out a gap.
    DpiaStated,
    /// One half of a three-valued fact that records outside the policy decide and a flow may
    /// leave unknown (`approved by R within P`, `records closed more than P before`), named
    /// by its atom as the policy language writes it: `holds` true for "it holds", false for
    /// "it fails" (never both; neither is unknown).
    Loose {
        /// The atom.
        atom: String,
        /// Which half.
        holds: bool,
        /// What record it reads, so that a witness can state a date that makes it so.
        about: LooseAbout,
        /// The atom's period (`30 days`, `5 years`): a witness dates the record between the
        /// periods of the facts that hold and fail.
        period: crate::model::Period,
    },
}

/// What a three-valued free fact reads: the dates of an approval by a role, or of the records.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LooseAbout {
    /// When an approval by this role was given (`approved by ROLE within …`).
    Approval(String),
    /// When the records' event happened (`records EVENT more than … before`).
    Records(crate::model::RecordEvent),
}

impl LooseAbout {
    /// Whether "older than a period" is what holds (records), rather than "within it"
    /// (approvals).
    pub fn holds_when_older(&self) -> bool {
        matches!(self, LooseAbout::Records(_))
    }
}

/// A period's approximate length in days, to order the periods of one record's facts
/// (calendar months and years vary by a day or two; periods this close are not ordered).
pub fn approximate_days(p: crate::model::Period) -> f64 {
    use crate::model::Unit;
    let unit = match p.unit {
        Unit::Days => 1.0,
        Unit::Months => 30.436_875,
        Unit::Years => 365.242_5,
    };
    f64::from(p.amount) * unit
}

impl FreeFact {
    /// The atom of the policy language that tests this two-valued fact (`None` for one
    /// half of a three-valued one, and for the DPIA reference, which no condition tests).
    pub fn atom(&self) -> Option<Atom> {
        Some(match self {
            FreeFact::ConsentCovers => Atom::ConsentCovers,
            FreeFact::OnwardTransfer => Atom::OnwardTransfer,
            FreeFact::AgreementCovers => Atom::AgreementCovers,
            FreeFact::AgreementAllowsOnward => Atom::AgreementAllowsOnward,
            FreeFact::ApprovedBy(role) => Atom::ApprovedBy(role.clone()),
            FreeFact::DpiaStated | FreeFact::Loose { .. } => return None,
        })
    }

    /// The role of an approval fact.
    pub fn approval_role(&self) -> Option<&str> {
        match self {
            FreeFact::ApprovedBy(role) => Some(role),
            _ => None,
        }
    }
}

impl fmt::Display for FreeFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FreeFact::ConsentCovers => f.write_str("consent covers flow"),
            FreeFact::OnwardTransfer => f.write_str("onward transfer"),
            FreeFact::AgreementCovers => f.write_str("agreement covers flow"),
            FreeFact::AgreementAllowsOnward => f.write_str("agreement allows onward transfer"),
            FreeFact::ApprovedBy(role) => write!(f, "approved by {role}"),
            FreeFact::DpiaStated => f.write_str("DPIA reference stated"),
            FreeFact::Loose {
                atom, holds: true, ..
            } => write!(f, "{atom}: holds"),
            FreeFact::Loose {
                atom, holds: false, ..
            } => write!(f, "{atom}: fails"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model shows its free facts as the policy language writes their atoms.
    #[test]
    fn a_free_fact_reads_as_its_atom() {
        let engine = crate::Engine::from_sources([("p.policy", "policy \"t\"\n")])
            .expect("an empty policy compiles");
        let policy = engine.policy();
        for fact in [
            FreeFact::ConsentCovers,
            FreeFact::OnwardTransfer,
            FreeFact::AgreementCovers,
            FreeFact::AgreementAllowsOnward,
            FreeFact::ApprovedBy("dpo".into()),
        ] {
            let atom = fact.atom().expect("a two-valued fact");
            assert_eq!(fact.to_string(), policy.atom_text(&atom));
        }
    }
}
