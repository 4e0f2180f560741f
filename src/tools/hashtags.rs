//! HXL hashtags mapped differently by two versions of a policy. The semantic diff judges flows
//! over the categories they carry, the same under both versions, so it cannot see that a flow
//! naming `#geo+lat` carries another category (or none) under the new version: `mandate diff`
//! lists these changes beside it, and counts each as a difference.

use crate::model::CompiledPolicy;
use crate::words::{self, Lang, args};
use serde::Serialize;

/// One declared HXL tag whose category differs between the versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HashtagChange {
    /// The declared tag, in normal form (`#geo+lat`).
    pub tag: String,
    /// The category it maps to under the old version (`None`: not declared there).
    pub before: Option<String>,
    /// The category it maps to under the new version (`None`: not declared there).
    pub now: Option<String>,
}

/// The declared tags of `old` and `new` that map differently, in tag order. Categories are
/// compared by name: the versions number their terms independently.
pub fn compare(old: &CompiledPolicy, new: &CompiledPolicy) -> Vec<HashtagChange> {
    let name =
        |p: &CompiledPolicy, tag: &str| p.hxl.get(tag).map(|&id| p.categories.name(id).to_owned());
    let mut tags: Vec<&String> = old.hxl.keys().chain(new.hxl.keys()).collect();
    tags.sort_unstable();
    tags.dedup();
    tags.into_iter()
        .filter_map(|tag| {
            let (before, now) = (name(old, tag), name(new, tag));
            (before != now).then(|| HashtagChange {
                tag: tag.clone(),
                before,
                now,
            })
        })
        .collect()
}

/// The changes as lines of text, in `lang` (empty when there are none).
pub fn to_text_in(changes: &[HashtagChange], lang: Lang) -> String {
    let mut out = String::new();
    for c in changes {
        let shown = |s: &str| crate::escape::visible(s).into_owned();
        let (id, before, now) = match (&c.before, &c.now) {
            (None, Some(now)) => ("diff-hashtag-added", String::new(), shown(now)),
            (Some(before), None) => ("diff-hashtag-removed", shown(before), String::new()),
            (Some(before), Some(now)) => ("diff-hashtag-moved", shown(before), shown(now)),
            (None, None) => continue,
        };
        let line = words::message(
            lang,
            id,
            Some(&args!("tag" => shown(&c.tag), "before" => before, "now" => now)),
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(hxl: &str) -> CompiledPolicy {
        let text = format!(
            "policy \"t\" version \"1\"\ncategory personal\ncategory personal.location\n\
             category aggregate\n{hxl}allow \"A\" when data within [aggregate] cite \"c\"\n"
        );
        crate::Engine::from_sources([("p.policy", text.as_str())])
            .unwrap_or_else(|e| panic!("{e}"))
            .policy()
            .clone()
    }

    /// A tag added, one removed and one moved to another category are each listed, in both
    /// languages; the same mappings written another way list nothing.
    #[test]
    fn tags_added_removed_and_remapped_are_listed_in_both_languages() {
        let old = policy("hxl \"#geo+lat\", \"#affected\" for aggregate\n");
        let new = policy("hxl \"#geo+lat\" for personal.location\nhxl \"#inneed\" for aggregate\n");
        assert!(compare(&old, &old).is_empty());
        let changes = compare(&old, &new);
        let seen: Vec<_> = changes
            .iter()
            .map(|c| (c.tag.as_str(), c.before.as_deref(), c.now.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("#affected", Some("aggregate"), None),
                ("#geo+lat", Some("aggregate"), Some("personal.location")),
                ("#inneed", None, Some("aggregate")),
            ]
        );
        let en = to_text_in(&changes, Lang::EN);
        assert_eq!(en.lines().count(), 3, "{en}");
        assert!(
            en.contains("#geo+lat") && en.contains("personal.location") && en.contains("no longer"),
            "{en}"
        );
        let fr = to_text_in(&changes, Lang::FR);
        assert!(fr.contains("désormais"), "{fr}");
        let same = policy("hxl \"#affected\", \"#geo+lat\" for aggregate\n");
        assert!(compare(&old, &same).is_empty());
    }
}
