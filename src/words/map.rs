//! A data-map file's problems (`audit`, `reach`) in words: each [`MapProblem`] by its kind,
//! the names as the map or the policy wrote them.

use super::{Args, Lang, args, message};
use crate::map::{MapOwner, MapProblem};
use crate::model::Sort;

/// `file:line:column: what is wrong`, in `lang`'s words.
pub fn map_error(lang: Lang, at: &str, what: &str) -> String {
    message(
        lang,
        "map-error",
        Some(&args!("at" => at, "message" => what)),
    )
}

/// What is wrong with a map, in `lang`'s words, with a suggestion where one exists.
pub fn map_problem(lang: Lang, p: &MapProblem) -> String {
    use MapProblem as P;
    let say = |id: &str, a: Args<'_>| message(lang, id, Some(&a));
    let owner = |o: &MapOwner| match o {
        MapOwner::Dataset(name) => say("map-owner-dataset", args!("name" => name)),
        MapOwner::Transfer(name) => say("map-owner-transfer", args!("name" => name)),
    };
    let hint = |s: &Option<String>| match s {
        Some(name) => say("did-you-mean", args!("name" => name)),
        None => String::new(),
    };
    match p {
        P::TooLarge { bytes, max } => say("map-too-large", args!("bytes" => *bytes, "max" => *max)),
        P::NotUtf8 => message(lang, "map-not-utf8", None),
        P::Unreadable { detail } => say("map-unreadable", args!("detail" => detail)),
        P::Syntax { detail } => say("map-syntax", args!("detail" => detail)),
        P::BadTime { at } => say("map-bad-time", args!("at" => at)),
        P::DuplicateSystem { name } => say("map-duplicate-system", args!("name" => name)),
        P::DuplicateDataset { name } => say("map-duplicate-dataset", args!("name" => name)),
        P::UnknownParty {
            system,
            party,
            suggestion,
        } => say(
            "map-unknown-party",
            args!("system" => system, "party" => party, "hint" => hint(suggestion)),
        ),
        P::UnknownTerm {
            owner: o,
            sort,
            name,
            suggestion,
        } => {
            let sort_id = match sort {
                Sort::Category => "sort-category",
                Sort::Subject => "sort-subject",
                Sort::Purpose => "sort-purpose",
                Sort::Kind => "sort-party-kind",
            };
            let sort = message(lang, sort_id, None);
            say(
                "map-unknown-term",
                args!(
                    "owner" => owner(o),
                    "sort" => sort,
                    "name" => name,
                    "hint" => hint(suggestion)
                ),
            )
        }
        P::UnmappedHashtag { owner: o, tag } => say(
            "map-unmapped-hashtag",
            args!("owner" => owner(o), "tag" => tag),
        ),
        P::UnknownSystem {
            owner: o,
            name,
            suggestion,
        } => say(
            "map-unknown-system",
            args!("owner" => owner(o), "name" => name, "hint" => hint(suggestion)),
        ),
        P::UnknownDataset {
            owner: o,
            name,
            suggestion,
        } => say(
            "map-unknown-dataset",
            args!("owner" => owner(o), "name" => name, "hint" => hint(suggestion)),
        ),
        P::NoCategory { owner: o } => say("map-no-category", args!("owner" => owner(o))),
        P::UnknownAgreement {
            owner: o,
            agreement,
            suggestion,
        } => say(
            "map-unknown-agreement",
            args!(
                "owner" => owner(o),
                "agreement" => agreement,
                "hint" => hint(suggestion)
            ),
        ),
        P::AgreementDoesNotBind {
            owner: o,
            agreement,
            from,
            to,
        } => say(
            "map-agreement-does-not-bind",
            args!(
                "owner" => owner(o),
                "agreement" => agreement,
                "from" => from,
                "to" => to
            ),
        ),
        P::DpiaBlank { owner: o } => say("map-dpia-blank", args!("owner" => owner(o))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of map problem has words in every language, and its code is in
    /// docs/review.md; the codes are read from the source, so a new kind without words or
    /// docs fails here.
    #[test]
    fn every_map_problem_has_words_in_every_language_and_is_documented() {
        let d = || MapOwner::Dataset("registration".into());
        let t = || MapOwner::Transfer("a → b".into());
        let s = || Some("near".to_owned());
        let all = [
            MapProblem::TooLarge { bytes: 9, max: 8 },
            MapProblem::NotUtf8,
            MapProblem::Unreadable { detail: "x".into() },
            MapProblem::Syntax { detail: "x".into() },
            MapProblem::BadTime { at: "soon".into() },
            MapProblem::DuplicateSystem { name: "a".into() },
            MapProblem::DuplicateDataset { name: "a".into() },
            MapProblem::UnknownParty {
                system: "a".into(),
                party: "p".into(),
                suggestion: s(),
            },
            MapProblem::UnknownTerm {
                owner: d(),
                sort: Sort::Category,
                name: "c".into(),
                suggestion: None,
            },
            MapProblem::UnmappedHashtag {
                owner: d(),
                tag: "#x+y".into(),
            },
            MapProblem::UnknownSystem {
                owner: t(),
                name: "s".into(),
                suggestion: s(),
            },
            MapProblem::UnknownDataset {
                owner: t(),
                name: "s".into(),
                suggestion: None,
            },
            MapProblem::NoCategory { owner: d() },
            MapProblem::UnknownAgreement {
                owner: t(),
                agreement: "A".into(),
                suggestion: s(),
            },
            MapProblem::AgreementDoesNotBind {
                owner: t(),
                agreement: "A".into(),
                from: "x".into(),
                to: "y".into(),
            },
            MapProblem::DpiaBlank { owner: t() },
        ];
        let mut rendered = std::collections::BTreeSet::new();
        for p in &all {
            let en = map_problem(Lang::EN, p);
            let fr = map_problem(Lang::FR, p);
            for text in [&en, &fr] {
                assert!(!text.starts_with("map-"), "no words for {p:?}: {text}");
            }
            // The operating system's and the TOML reader's own words are passed through.
            if !matches!(p, MapProblem::Unreadable { .. } | MapProblem::Syntax { .. }) {
                assert_ne!(en, fr, "{p:?} is not translated");
            }
            let v = serde_json::to_value(p).unwrap_or_default();
            rendered.insert(v["code"].as_str().unwrap_or_default().to_owned());
        }
        crate::words::assert_codes_rendered_and_documented(
            include_str!("../map/load.rs"),
            &rendered,
        );
    }
}
