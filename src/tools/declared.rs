//! Declared names (roles, responses, flags, dimensions) added or removed between two versions
//! of a policy. The semantic diff compares decisions over the facts a flow states, and it does
//! not model which approval roles and responses a version accepts; a flow whose approval role
//! or response only one version declares is an input error under the other. `mandate diff`
//! lists these changes beside it, saying what they do to flows.

use crate::model::{CompiledPolicy, DeclaredSort};
use crate::words::{self, Lang, args};
use serde::Serialize;

/// How a declared name changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameWas {
    /// Declared in the new version only.
    Added,
    /// Declared in the old version only.
    Removed,
    /// Declared in both, with another description.
    Redescribed,
}

/// One declared name that differs between the versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeclaredChange {
    /// Added, removed or described anew.
    pub change: NameWas,
    /// Its sort.
    pub sort: DeclaredSort,
    /// The name.
    pub name: String,
    /// Its description in the new version (the old one's for a removed name).
    pub description: String,
    /// The other version declares no name of this sort, so it did not (or does not) check
    /// the sort at all.
    pub unchecked_in_other: bool,
}

/// The declared names of `old` and `new` that differ, by sort, then name.
pub fn compare(old: &CompiledPolicy, new: &CompiledPolicy) -> Vec<DeclaredChange> {
    let mut out = Vec::new();
    for sort in DeclaredSort::ALL {
        let (before, after) = (old.declared.of(sort), new.declared.of(sort));
        for (name, description) in before {
            match after.get(name) {
                None => out.push(DeclaredChange {
                    change: NameWas::Removed,
                    sort,
                    name: name.clone(),
                    description: description.clone(),
                    unchecked_in_other: after.is_empty(),
                }),
                Some(now) if now != description => out.push(DeclaredChange {
                    change: NameWas::Redescribed,
                    sort,
                    name: name.clone(),
                    description: now.clone(),
                    unchecked_in_other: false,
                }),
                Some(_) => {}
            }
        }
        for (name, description) in after {
            if !before.contains_key(name) {
                out.push(DeclaredChange {
                    change: NameWas::Added,
                    sort,
                    name: name.clone(),
                    description: description.clone(),
                    unchecked_in_other: before.is_empty(),
                });
            }
        }
    }
    out.sort_by(|a, b| (a.sort, &a.name).cmp(&(b.sort, &b.name)));
    out
}

/// The changes as lines of text, in `lang` (empty when there are none).
pub fn to_text_in(changes: &[DeclaredChange], lang: Lang) -> String {
    let mut out = String::new();
    for c in changes {
        let id = match (c.change, c.unchecked_in_other) {
            (NameWas::Added, false) => "diff-declared-added",
            (NameWas::Added, true) => "diff-declared-added-first",
            (NameWas::Removed, false) => "diff-declared-removed",
            (NameWas::Removed, true) => "diff-declared-removed-last",
            (NameWas::Redescribed, _) => "diff-declared-redescribed",
        };
        let line = words::message(
            lang,
            id,
            Some(&args!(
                "sort" => c.sort.keyword(),
                "name" => crate::escape::visible(&c.name).into_owned(),
                "description" => crate::escape::visible(&c.description).into_owned()
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

    fn policy(declarations: &str) -> CompiledPolicy {
        let text = format!(
            "policy \"t\" version \"1\"\ncategory personal\npurpose p\nparty kind k\n\
             party a kind k jurisdiction \"KE\"\n{declarations}\
             review \"r\" when purpose within p approval by dpo cite \"c\"\n"
        );
        crate::Engine::from_sources([("p.policy", text.as_str())])
            .unwrap_or_else(|e| panic!("{e}"))
            .policy()
            .clone()
    }

    /// The first declaration of a sort is said to start checking it; a role added beside
    /// others, removed, or described anew is listed; the same policy twice lists nothing.
    #[test]
    fn declared_names_added_removed_and_redescribed_are_listed() {
        let none = policy("");
        let one = policy("role dpo \"Data protection officer\"\n");
        let two = policy("role dpo \"DPO\"\nrole legal \"Legal adviser\"\n");
        assert!(compare(&one, &one).is_empty());
        let first = compare(&none, &one);
        assert_eq!(first.len(), 1);
        assert!(first[0].unchecked_in_other && first[0].change == NameWas::Added);
        let changes = compare(&one, &two);
        let kinds: Vec<_> = changes
            .iter()
            .map(|c| (c.change, c.name.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [(NameWas::Redescribed, "dpo"), (NameWas::Added, "legal")]
        );
        let removed = compare(&two, &one);
        assert_eq!(removed[1].change, NameWas::Removed);
        for lang in Lang::all() {
            for list in [&first, &changes, &removed, &compare(&one, &none)] {
                let text = to_text_in(list, lang);
                assert!(
                    text.contains("dpo") || text.contains("legal"),
                    "{lang:?}: {text}"
                );
                // One line per change, each a sentence rather than a message id.
                assert_eq!(text.lines().count(), list.len(), "{lang:?}: {text}");
                assert!(text.lines().all(|l| l.contains(' ')), "{lang:?}: {text}");
            }
        }
        // What a declaration changes for flows is said in words.
        let text = to_text_in(&first, Lang::EN);
        assert!(text.contains("input error"), "{text}");
    }
}
