//! Suspensions added or removed between two versions of a policy. A suspension changes no
//! decision (it lies outside its agreement's validity), so the semantic diff, which compares
//! decisions, cannot show it; `mandate diff` lists these beside it, since they change which
//! remedies an explanation may propose.

use crate::model::{CompiledPolicy, Suspension};
use crate::words::{self, Lang, args};
use serde::Serialize;

/// Whether a suspension was added or removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Was {
    /// In the new version only.
    Added,
    /// In the old version only.
    Removed,
}

/// One suspension in one version and not the other.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SuspensionChange {
    /// Added or removed.
    pub change: Was,
    /// The agreement's id.
    pub agreement: String,
    /// The suspension.
    #[serde(flatten)]
    pub suspension: Suspension,
}

/// The suspensions of agreements (matched by id) that one version has and the other not;
/// an agreement that exists in one version only brings its suspensions with it.
pub fn compare(old: &CompiledPolicy, new: &CompiledPolicy) -> Vec<SuspensionChange> {
    let of = |p: &CompiledPolicy| -> Vec<(String, Suspension)> {
        p.agreements
            .iter()
            .flat_map(|a| a.suspensions.iter().map(|s| (a.id.clone(), s.clone())))
            .collect()
    };
    let (before, after) = (of(old), of(new));
    let mut out = Vec::new();
    for (was, from, other) in [
        (Was::Removed, &before, &after),
        (Was::Added, &after, &before),
    ] {
        for (agreement, suspension) in from {
            if !other.iter().any(|(a, s)| a == agreement && s == suspension) {
                out.push(SuspensionChange {
                    change: was,
                    agreement: agreement.clone(),
                    suspension: suspension.clone(),
                });
            }
        }
    }
    out
}

/// The changes as lines of text, in `lang` (empty when there are none).
pub fn to_text_in(changes: &[SuspensionChange], lang: Lang) -> String {
    let mut out = String::new();
    for c in changes {
        let id = match (c.change, c.suspension.to) {
            (Was::Added, None) => "diff-suspension-added",
            (Was::Added, Some(_)) => "diff-suspension-added-until",
            (Was::Removed, None) => "diff-suspension-removed",
            (Was::Removed, Some(_)) => "diff-suspension-removed-until",
        };
        let agreement = words::message(lang, "quoted", Some(&args!("name" => &c.agreement)));
        let until = c.suspension.to.map(|d| d.to_string()).unwrap_or_default();
        let line = words::message(
            lang,
            id,
            Some(&args!(
                "agreement" => agreement,
                "since" => c.suspension.from.to_string(),
                "until" => until,
                "reason" => crate::escape::visible(&c.suspension.reason).into_owned(),
                "cite" => crate::escape::visible(&c.suspension.cite).into_owned()
            )),
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(suspension: &str) -> CompiledPolicy {
        let text = format!(
            "policy \"t\" version \"1\"\ncategory personal\npurpose p\nparty kind k\n\
             party a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n\
             agreement \"A\" between a and b purposes p data personal valid 2024-01-01 to 2025-06-30\n{suspension}\
             allow \"r\" when agreement covers flow cite \"c\"\n"
        );
        crate::Engine::from_sources([("p.policy", text.as_str())])
            .unwrap_or_else(|e| panic!("{e}"))
            .policy()
            .clone()
    }

    /// A suspension added in the new version is listed, once, with its reason and citation;
    /// the same policy twice lists nothing.
    #[test]
    fn added_and_removed_suspensions_are_listed() {
        let old = policy("");
        let new = policy("  suspended from 2025-07-01 because \"audit\" cite \"DPO 7\"\n");
        assert!(compare(&new, &new).is_empty());
        let added = compare(&old, &new);
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].change, Was::Added);
        let text = to_text_in(&added, Lang::EN);
        assert!(
            text.contains("\"A\"") && text.contains("audit") && text.contains("DPO 7"),
            "{text}"
        );
        let removed = compare(&new, &old);
        assert_eq!(removed[0].change, Was::Removed);
        for lang in Lang::all() {
            let text = to_text_in(&removed, lang);
            assert!(
                text.contains("2025-07-01") && text.contains("DPO 7"),
                "{lang:?}: {text}"
            );
        }
        // Neither changes a decision: the semantic diff cannot see it.
        assert_eq!(old.agreements[0].valid_to, new.agreements[0].valid_to);
    }
}
