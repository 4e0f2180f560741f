//! How far consent reaches, compared between two versions of a policy: whether consent
//! given for a purpose also covers the purposes declared compatible with it (`consent extends
//! to compatible purposes`). The semantic diff treats "consent covers the flow" as a fact of
//! the flow's record, the same under both versions, so it cannot show a change of this
//! reading: `mandate diff` lists it beside its changes.

use crate::model::CompiledPolicy;
use crate::words::{self, Lang, args};
use serde::Serialize;

/// The reading of consent under each version: its citation when consent extends to
/// compatible purposes, `None` when it covers its own purposes (and those within) only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadingChange {
    /// Under the old version.
    pub before: Option<String>,
    /// Under the new version.
    pub now: Option<String>,
}

/// The change of reading between `old` and `new`, if there is one.
pub fn compare(old: &CompiledPolicy, new: &CompiledPolicy) -> Option<ReadingChange> {
    (old.consent_extends != new.consent_extends).then(|| ReadingChange {
        before: old.consent_extends.clone(),
        now: new.consent_extends.clone(),
    })
}

/// The change in one line of `lang` (empty when there is none).
pub fn to_text_in(change: Option<&ReadingChange>, lang: Lang) -> String {
    let Some(c) = change else {
        return String::new();
    };
    let (id, cite) = match (&c.before, &c.now) {
        (None, Some(cite)) => ("diff-consent-extends-added", cite.as_str()),
        (Some(_), None) => ("diff-consent-extends-removed", ""),
        (Some(_), Some(cite)) => ("diff-consent-extends-recited", cite.as_str()),
        (None, None) => return String::new(),
    };
    let cite = crate::escape::visible(cite).into_owned();
    let mut line = words::message(lang, id, Some(&args!("cite" => cite)));
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(extends: &str) -> CompiledPolicy {
        let text = format!(
            "policy \"P\" version \"1\"\npurpose a\npurpose b\ncompatible a with b\n{extends}\
             allow \"A\" when purpose is a cite \"c\"\n"
        );
        crate::Engine::from_sources([("p.policy", text.as_str())])
            .expect("compiles")
            .policy()
            .clone()
    }

    #[test]
    fn a_change_of_reading_is_named_in_both_languages() {
        let strict = policy("");
        let extends = policy("consent extends to compatible purposes cite \"X §1\"\n");
        assert_eq!(compare(&strict, &strict), None);
        let added = compare(&strict, &extends).expect("a change");
        assert_eq!(added.now.as_deref(), Some("X §1"));
        let en = to_text_in(Some(&added), Lang::EN);
        assert!(en.contains("now extends") && en.contains("X §1"), "{en}");
        let fr = to_text_in(Some(&added), Lang::FR);
        assert!(fr.contains("s'étend désormais"), "{fr}");
        let removed = compare(&extends, &strict).expect("a change");
        let en = to_text_in(Some(&removed), Lang::EN);
        assert!(en.contains("no longer extends"), "{en}");
        let recited = policy("consent extends to compatible purposes cite \"Y §2\"\n");
        let en = to_text_in(compare(&extends, &recited).as_ref(), Lang::EN);
        assert!(
            en.contains("Y §2") && en.contains("changes no decision"),
            "{en}"
        );
    }
}
