//! The HTTP service's refusals (`mandate serve`) in words.

use super::{Lang, args, message};
use crate::serve::Refusal;

/// Why the service answered without a decision, in `lang`'s words.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    use Refusal as R;
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    match r {
        R::BodyTooLarge { max_bytes } => say("serve-body-too-large", args!("max" => *max_bytes)),
        R::BodyUnreadable { detail } => say("serve-body-unreadable", args!("detail" => detail)),
        R::BodyTimeout { ms } => say("serve-body-timeout", args!("ms" => *ms)),
        R::Busy { ms } => say("serve-busy", args!("ms" => *ms)),
        R::BatchTooLarge { max, count } => say(
            "serve-batch-too-large",
            args!("max" => *max, "count" => *count),
        ),
        R::BatchMalformed { detail } => say("serve-batch-malformed", args!("detail" => detail)),
        R::OutOfTime { ms } => say("serve-out-of-time", args!("ms" => *ms)),
        R::ExplanationOutOfTime { ms } => say("serve-explanation-out-of-time", args!("ms" => *ms)),
        R::DecisionFailed => message(lang, "serve-decision-failed", None),
        R::ExplanationFailed => message(lang, "serve-explanation-failed", None),
        R::InternalError => message(lang, "serve-internal-error", None),
        R::NoEndpoint { path, endpoints } => say(
            "serve-no-endpoint",
            args!(
                "path" => crate::escape::visible(path).into_owned(),
                "endpoints" => endpoints.join(", ")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal has words in every language and its code is in docs/review.md; the
    /// codes are read from the source, so a new refusal without words or docs fails here.
    #[test]
    fn every_refusal_has_words_in_every_language_and_is_documented() {
        use Refusal as R;
        let all = [
            R::BodyTooLarge { max_bytes: 10 },
            R::BodyUnreadable { detail: "x".into() },
            R::BodyTimeout { ms: 5 },
            R::Busy { ms: 5 },
            R::BatchTooLarge { max: 2, count: 3 },
            R::BatchMalformed { detail: "x".into() },
            R::OutOfTime { ms: 5 },
            R::ExplanationOutOfTime { ms: 5 },
            R::DecisionFailed,
            R::ExplanationFailed,
            R::InternalError,
            R::NoEndpoint {
                path: "/x\u{1b}[31m".into(),
                endpoints: vec!["GET /health".into()],
            },
        ];
        let mut rendered = std::collections::BTreeSet::new();
        for r in &all {
            for lang in Lang::all() {
                let text = refusal(lang, r);
                assert!(!text.starts_with("serve-"), "{}: {r:?}", lang.code());
                assert!(!text.contains('\u{1b}'), "escaped: {text}");
            }
            let v = r.to_json(Lang::EN);
            assert_eq!(v["decision"], "deny");
            rendered.insert(v["code"].as_str().unwrap_or_default().to_owned());
        }
        crate::words::assert_codes_rendered_and_documented(
            include_str!("../serve/refusal.rs"),
            &rendered,
        );
    }
}
