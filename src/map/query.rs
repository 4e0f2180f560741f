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
    /// Resolves the names of a query against the policy, with did-you-mean on each unknown;
    /// an unknown name is said in English.
    pub fn resolve(
        policy: &crate::model::CompiledPolicy,
        category: Option<&str>,
        to: Option<&str>,
        to_kind: Option<&str>,
        subject: Option<&str>,
        purpose: Option<&str>,
    ) -> Result<ReachQuery, String> {
        let lang = crate::words::Lang::EN;
        Self::resolve_in(lang, policy, category, to, to_kind, subject, purpose)
    }

    /// As [`ReachQuery::resolve`], an unknown name said in `lang`'s words.
    pub fn resolve_in(
        lang: crate::words::Lang,
        policy: &crate::model::CompiledPolicy,
        category: Option<&str>,
        to: Option<&str>,
        to_kind: Option<&str>,
        subject: Option<&str>,
        purpose: Option<&str>,
    ) -> Result<ReachQuery, String> {
        use crate::diagnostic::did_you_mean;
        use crate::model::Sort;
        use crate::words::{args, message};
        let hint = |near: Option<&str>| {
            near.map(|c| message(lang, "did-you-mean", Some(&args!("name" => c))))
                .unwrap_or_default()
        };
        let term = |sort: Sort, name: Option<&str>, flag: &str| -> Result<Option<TermId>, String> {
            let Some(name) = name else { return Ok(None) };
            let t = policy.taxonomy(sort);
            t.id(name).map(Some).ok_or_else(|| {
                let sort_id = match sort {
                    Sort::Category => "sort-category",
                    Sort::Subject => "sort-subject",
                    Sort::Purpose => "sort-purpose",
                    Sort::Kind => "sort-party-kind",
                };
                let a = args!(
                    "flag" => flag,
                    "sort" => message(lang, sort_id, None),
                    "name" => name,
                    "hint" => hint(did_you_mean(name, t.names()))
                );
                message(lang, "map-query-unknown-term", Some(&a))
            })
        };
        let to = match to {
            None => None,
            Some(name) => Some(policy.party(name).ok_or_else(|| {
                let near = did_you_mean(name, policy.parties.iter().map(|p| p.name.as_str()));
                let a = args!("flag" => "--to", "name" => name, "hint" => hint(near));
                message(lang, "map-query-unknown-party", Some(&a))
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
