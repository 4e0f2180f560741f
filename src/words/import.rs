//! `mandate import fides` problems in words.

use super::{Lang, args, message};
use crate::escape::visible;
use crate::import::fides_pack::{Expected, PackError};

/// Why a Fides project could not be imported, in `lang`'s words. Keys and file names come
/// from the input and are escaped.
pub fn fides_error(lang: Lang, e: &PackError) -> String {
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    let v = |s: &String| visible(s).into_owned();
    match e {
        PackError::Yaml { file, detail } => say(
            "fides-yaml",
            args!("file" => v(file), "detail" => v(detail)),
        ),
        PackError::Shape {
            file,
            key,
            expected,
        } => say(
            "fides-shape",
            args!("file" => v(file), "key" => v(key), "expected" => message(lang, expected_id(*expected), None)),
        ),
        PackError::Matches { file, key, found } => say(
            "fides-matches",
            args!("file" => v(file), "key" => v(key), "found" => v(found)),
        ),
        PackError::UnknownDataset { file, key, dataset } => say(
            "fides-unknown-dataset",
            args!("file" => v(file), "key" => v(key), "dataset" => v(dataset)),
        ),
        PackError::DuplicateKey { file, key } => say(
            "fides-duplicate-key",
            args!("file" => v(file), "key" => v(key)),
        ),
        PackError::TooDeep { file, key, max } => say(
            "fides-too-deep",
            args!("file" => v(file), "key" => v(key), "max" => *max),
        ),
        PackError::Empty => message(lang, "fides-empty", None),
    }
}

fn expected_id(e: Expected) -> &'static str {
    match e {
        Expected::Kinds => "fides-expected-kinds",
        Expected::List => "fides-expected-list",
        Expected::Fields => "fides-expected-fields",
        Expected::Keys => "fides-expected-keys",
        Expected::Key => "fides-expected-key",
        Expected::MatchesValues => "fides-expected-matches-values",
        Expected::DataUse => "fides-expected-data-use",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every problem has words in every language, names its file and key, and its code is
    /// listed in docs/review.md.
    #[test]
    fn every_fides_problem_has_words_and_a_documented_code() {
        let f = || "m.yml".to_owned();
        let k = || "policy/p/rules/r".to_owned();
        let mut all = vec![
            PackError::Yaml {
                file: f(),
                detail: "bad".into(),
            },
            PackError::Matches {
                file: f(),
                key: k(),
                found: "SOME".into(),
            },
            PackError::UnknownDataset {
                file: f(),
                key: k(),
                dataset: "d".into(),
            },
            PackError::DuplicateKey {
                file: f(),
                key: k(),
            },
            PackError::TooDeep {
                file: f(),
                key: k(),
                max: 64,
            },
            PackError::Empty,
        ];
        for expected in [
            Expected::Kinds,
            Expected::List,
            Expected::Fields,
            Expected::Keys,
            Expected::Key,
            Expected::MatchesValues,
            Expected::DataUse,
        ] {
            all.push(PackError::Shape {
                file: f(),
                key: k(),
                expected,
            });
        }
        let mut codes = std::collections::BTreeSet::new();
        for e in &all {
            for lang in Lang::all() {
                let text = fides_error(lang, e);
                assert!(!text.starts_with("fides-"), "{lang:?}: {text}");
                assert!(!text.contains("fides-expected"), "{lang:?}: {text}");
                if !matches!(e, PackError::Empty) {
                    assert!(text.contains("m.yml"), "{text}");
                }
            }
            let json = serde_json::to_value(e).expect("serialises");
            codes.insert(json["problem"].as_str().unwrap_or_default().to_owned());
        }
        super::super::assert_codes_rendered_and_documented(
            include_str!("../import/fides_pack.rs"),
            &codes,
        );
    }
}
