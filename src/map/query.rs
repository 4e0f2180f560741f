//! What `mandate reach` asks, resolved against the policy: read by the analysis (which hops
//! match) and by the report (which paths to show).

use crate::model::{PartyId, TermId};

/// What `mandate reach` asks: which paths bring data of this kind to recipients of this kind.
#[derive(Clone, Debug, Default)]
pub struct ReachQuery {
    /// Data within (or containing) this category.
    pub category: Option<TermId>,
    /// Arriving at this party.
    pub to: Option<PartyId>,
    /// Arriving at a party of this kind (or a narrower one).
    pub to_kind: Option<TermId>,
    /// About these subjects (data that does not say whose it is matches too).
    pub subject: Option<TermId>,
    /// Sent on its last hop for this purpose (or a narrower one).
    pub purpose: Option<TermId>,
}

impl ReachQuery {
    /// Resolves the names of a query against the policy, with did-you-mean on each unknown.
    pub fn resolve(
        policy: &crate::model::CompiledPolicy,
        category: Option<&str>,
        to: Option<&str>,
        to_kind: Option<&str>,
        subject: Option<&str>,
        purpose: Option<&str>,
    ) -> Result<ReachQuery, String> {
        use crate::diagnostic::did_you_mean;
        use crate::model::Sort;
        let term = |sort: Sort, name: Option<&str>, flag: &str| -> Result<Option<TermId>, String> {
            let Some(name) = name else { return Ok(None) };
            let t = policy.taxonomy(sort);
            t.id(name).map(Some).ok_or_else(|| {
                let hint = did_you_mean(name, t.names())
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                format!("{flag}: unknown {} `{name}`{hint}", sort.noun())
            })
        };
        let to = match to {
            None => None,
            Some(name) => Some(policy.party(name).ok_or_else(|| {
                let hint = did_you_mean(name, policy.parties.iter().map(|p| p.name.as_str()))
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                format!("--to: unknown party `{name}`{hint}")
            })?),
        };
        Ok(ReachQuery {
            category: term(Sort::Category, category, "--category")?,
            to,
            to_kind: term(Sort::Kind, to_kind, "--to-kind")?,
            subject: term(Sort::Subject, subject, "--subject")?,
            purpose: term(Sort::Purpose, purpose, "--purpose")?,
        })
    }
}
