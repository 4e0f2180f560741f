//! The decision log's findings and notes (`mandate log verify`) in words.

use super::{Lang, args, message};
use crate::escape::visible;
use crate::log::{LogError, LogFinding, LogNote, LogProblem, NotExtendable};

/// Why the log, its key or a stored policy could not be used, in `lang`'s words: the file
/// first (escaped, as every path and quoted detail), then what is wrong and what to do.
pub fn log_error(lang: Lang, e: &LogError) -> String {
    match e {
        LogError::Io { path, source } => {
            super::file_trouble(lang, std::path::Path::new(path), source)
        }
        LogError::NotFound(id) => message(
            lang,
            "log-error-not-found",
            Some(&args!("id" => visible(id).into_owned())),
        ),
        LogError::Corrupt { path, problem } => {
            let said = log_problem(lang, problem);
            match path {
                Some(path) => message(
                    lang,
                    "log-error-at",
                    Some(&args!("path" => visible(path).into_owned(), "problem" => said)),
                ),
                None => said,
            }
        }
    }
}

fn log_problem(lang: Lang, p: &LogProblem) -> String {
    use LogProblem as P;
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    let plain = |id: &str| message(lang, id, None);
    let shown = |s: &str| visible(s).into_owned();
    match p {
        P::PublicKeyMalformed => plain("log-problem-public-key-malformed"),
        P::PublicKeyInvalid => plain("log-problem-public-key-invalid"),
        P::NoRandomness { detail } => say(
            "log-problem-no-randomness",
            args!("detail" => shown(detail)),
        ),
        P::KeyNotAFile => plain("log-problem-key-not-a-file"),
        P::KeyShared { mode, path } => say(
            "log-problem-key-shared",
            args!("mode" => format!("{mode:o}"), "path" => shown(path)),
        ),
        P::NotASigningKey { prefix } => {
            say("log-problem-not-a-signing-key", args!("prefix" => *prefix))
        }
        P::NoKeyPlace => plain("log-problem-no-key-place"),
        P::KeyInsideLog { log } => say("log-problem-key-inside-log", args!("log" => shown(log))),
        P::RecordNotUndone { error, undo } => say(
            "log-problem-record-not-undone",
            args!("error" => shown(error), "undo" => shown(undo)),
        ),
        P::NotExtendable(why) => {
            let why = not_extendable(lang, why);
            say("log-problem-not-extendable", args!("why" => why))
        }
        P::LastRecordTooLong => plain("log-problem-last-record-too-long"),
        P::LastRecordNotUtf8 => plain("log-problem-last-record-not-utf8"),
        P::LastRecordUnreadable { detail } => say(
            "log-problem-last-record-unreadable",
            args!("detail" => shown(detail)),
        ),
        P::Unparsable { detail } => say("log-problem-unparsable", args!("detail" => shown(detail))),
        P::NotAPolicyHash { hash } => say(
            "log-problem-not-a-policy-hash",
            args!("hash" => shown(hash)),
        ),
        P::PolicyNotSerialised { detail } => say(
            "log-problem-policy-not-serialised",
            args!("detail" => shown(detail)),
        ),
        P::AttestationNotSerialised { detail } => say(
            "log-problem-attestation-not-serialised",
            args!("detail" => shown(detail)),
        ),
        P::StoredPolicyNotUtf8 => plain("log-problem-stored-policy-not-utf8"),
        P::StoredPolicyUnreadable { detail } => say(
            "log-problem-stored-policy-unreadable",
            args!("detail" => shown(detail)),
        ),
        P::StoredPolicyReplaced { holds, wanted } => say(
            "log-problem-stored-policy-replaced",
            args!("holds" => shown(holds), "wanted" => shown(wanted)),
        ),
        P::StoredPolicyChanged => plain("log-problem-stored-policy-changed"),
        P::ReplayWorkerStopped => plain("log-problem-replay-worker-stopped"),
    }
}

fn not_extendable(lang: Lang, why: &NotExtendable) -> String {
    use NotExtendable as N;
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    let head = crate::log::HEAD;
    match why {
        N::SignedButNoKey => message(lang, "log-extend-signed-but-no-key", None),
        N::OtherKey { named, given } => say(
            "log-extend-other-key",
            args!("named" => visible(named).into_owned(), "given" => given),
        ),
        N::Unsigned => message(lang, "log-extend-unsigned", None),
        N::HeadNotSigned => say("log-extend-head-not-signed", args!("head" => head)),
        N::HeadOverEmpty { vouched } => say(
            "log-extend-head-over-empty",
            args!("head" => head, "count" => *vouched),
        ),
        N::LastRecordEdited { record } => {
            say("log-extend-last-record-edited", args!("record" => *record))
        }
        N::HeadMissing => say("log-extend-head-missing", args!("head" => head)),
        N::LastRecordNotHead { record, vouched } => say(
            "log-extend-last-record-not-head",
            args!("head" => head, "record" => *record, "vouched" => *vouched),
        ),
    }
}

/// A finding of `log verify` in `lang`'s words.
pub fn log_finding(lang: Lang, f: &LogFinding) -> String {
    use LogFinding as F;
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    match f {
        F::KeyUnreadable { file, detail } => say(
            "log-key-unreadable",
            args!("file" => file, "detail" => detail),
        ),
        F::OtherKey { named, trusted } => say(
            "log-other-key",
            args!("named" => named, "trusted" => trusted),
        ),
        F::Unreadable { line } => say("log-unreadable", args!("line" => *line)),
        F::RecordEdited { record, id } => {
            say("log-record-edited", args!("record" => *record, "id" => id))
        }
        F::RecordMalformed { record, id, detail } => say(
            "log-record-malformed",
            args!("record" => *record, "id" => id, "detail" => detail),
        ),
        F::SignatureForged { record, key } => say(
            "log-signature-forged",
            args!("record" => *record, "key" => key),
        ),
        F::NoPolicyHash { record } => say("log-no-policy-hash", args!("record" => *record)),
        F::RecordsDeleted { from, to, before } if from == to => say(
            "log-record-deleted",
            args!("record" => *from, "before" => *before),
        ),
        F::RecordsDeleted { from, to, before } => say(
            "log-records-deleted",
            args!("from" => *from, "to" => *to, "before" => *before),
        ),
        F::Reordered { record, after } => say(
            "log-reordered",
            args!("record" => *record, "after" => *after),
        ),
        F::ChainBroken { record } => say("log-chain-broken", args!("record" => *record)),
        F::HeadUnreadable { detail } => say("log-head-unreadable", args!("detail" => detail)),
        F::HeadMissing => message(lang, "log-head-missing", None),
        F::HeadUnsigned { key } => say("log-head-unsigned", args!("key" => key)),
        F::HeadForged { key } => say("log-head-forged", args!("key" => key)),
        F::RecordUnsigned { record } => say("log-record-unsigned", args!("record" => *record)),
        F::SignaturesStripped => message(lang, "log-signatures-stripped", None),
        F::Torn { bytes } => say("log-torn", args!("bytes" => *bytes)),
        F::Truncated { last, written } => say(
            "log-truncated",
            args!("last" => *last, "written" => *written, "from" => *last + 1),
        ),
        F::Emptied { written } => say("log-emptied", args!("written" => *written)),
        F::LastReplaced { record } => say("log-last-replaced", args!("record" => *record)),
        F::HeadNotUpdated { from, to } => {
            say("log-head-not-updated", args!("from" => *from, "to" => *to))
        }
        F::PolicyMisnamed { file } => say("log-policy-misnamed", args!("file" => file)),
        F::PolicyUntrusted { policy, detail } => say(
            "log-policy-untrusted",
            args!("policy" => policy, "detail" => detail),
        ),
        F::PolicyFileChanged { record, policy } => say(
            "log-policy-file-changed",
            args!("record" => *record, "policy" => policy),
        ),
        F::PolicyMissing {
            policy,
            records,
            first,
        } => say(
            "log-policy-missing",
            args!("policy" => policy, "count" => *records, "first" => *first),
        ),
        F::AnchorLost { record } => say("log-anchor-lost", args!("record" => *record)),
        F::AnchorRewritten {
            record,
            anchored,
            now,
        } => say(
            "log-anchor-rewritten",
            args!("record" => *record, "anchored" => anchored, "now" => now),
        ),
        F::AnchorForged { key } => say("log-anchor-forged", args!("key" => key)),
    }
}

/// A note of `log verify` in `lang`'s words.
pub fn log_note(lang: Lang, n: &LogNote) -> String {
    use LogNote as N;
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    match n {
        N::ExtendsAnchor { record, hash } => say(
            "log-note-extends-anchor",
            args!("record" => *record, "hash" => hash),
        ),
        N::AppendsInterrupted { from, to } => say(
            "log-note-appends-interrupted",
            args!("from" => *from, "to" => *to),
        ),
        N::Format1 { records } => say("log-note-format-1", args!("count" => *records)),
        N::Authenticated { key } => say("log-note-authenticated", args!("key" => key)),
        N::ChainOnlyFormat1 => message(lang, "log-note-chain-only-format-1", None),
        N::NotSignedByTrustedKey { key } => {
            say("log-note-not-signed-by-trusted-key", args!("key" => key))
        }
        N::ChainOnlyOwnKey { key } => say("log-note-chain-only-own-key", args!("key" => key)),
        N::ChainOnlyNoKey => message(lang, "log-note-chain-only-no-key", None),
        N::ChainOnlyUnsigned => message(lang, "log-note-chain-only-unsigned", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LogProblem as P;

    fn s(x: &str) -> String {
        x.to_owned()
    }

    /// One of every finding and note.
    fn samples() -> (Vec<LogFinding>, Vec<LogNote>) {
        use LogFinding as F;
        use LogNote as N;
        let findings = vec![
            F::KeyUnreadable {
                file: s("key.pub"),
                detail: s("bad"),
            },
            F::OtherKey {
                named: s("k1"),
                trusted: s("k2"),
            },
            F::Unreadable { line: 3 },
            F::RecordEdited {
                record: 2,
                id: s("d-2"),
            },
            F::RecordMalformed {
                record: 2,
                id: s("d-2"),
                detail: s("x"),
            },
            F::SignatureForged {
                record: 2,
                key: s("k"),
            },
            F::NoPolicyHash { record: 2 },
            F::RecordsDeleted {
                from: 4,
                to: 4,
                before: 5,
            },
            F::RecordsDeleted {
                from: 4,
                to: 6,
                before: 7,
            },
            F::Reordered {
                record: 2,
                after: 5,
            },
            F::ChainBroken { record: 2 },
            F::HeadUnreadable { detail: s("x") },
            F::HeadMissing,
            F::HeadUnsigned { key: s("k") },
            F::HeadForged { key: s("k") },
            F::RecordUnsigned { record: 2 },
            F::SignaturesStripped,
            F::Torn { bytes: 12 },
            F::Truncated {
                last: 3,
                written: 5,
            },
            F::Emptied { written: 5 },
            F::LastReplaced { record: 5 },
            F::HeadNotUpdated { from: 6, to: 8 },
            F::PolicyMisnamed {
                file: s("policies/x"),
            },
            F::PolicyUntrusted {
                policy: s("sha256:ab"),
                detail: s("x"),
            },
            F::PolicyFileChanged {
                record: 4,
                policy: s("sha256:ab"),
            },
            F::PolicyMissing {
                policy: s("sha256:ab"),
                records: 2,
                first: 1,
            },
            F::AnchorLost { record: 9 },
            F::AnchorRewritten {
                record: 9,
                anchored: s("h1"),
                now: s("h2"),
            },
            F::AnchorForged { key: s("k") },
        ];
        let notes = vec![
            N::ExtendsAnchor {
                record: 9,
                hash: s("h"),
            },
            N::AppendsInterrupted { from: 6, to: 7 },
            N::Format1 { records: 3 },
            N::Authenticated { key: s("k") },
            N::ChainOnlyFormat1,
            N::NotSignedByTrustedKey { key: s("k") },
            N::ChainOnlyOwnKey { key: s("k") },
            N::ChainOnlyNoKey,
            N::ChainOnlyUnsigned,
        ];
        (findings, notes)
    }

    /// Every finding and note has words in every language (not its id shown as a fallback),
    /// and its code is listed in docs/review.md; the codes are read from the source, so a new
    /// kind without a sample, words or documentation fails here.
    #[test]
    fn every_log_finding_has_words_in_every_language_and_is_documented() {
        let (findings, notes) = samples();
        let mut rendered = std::collections::BTreeSet::new();
        for lang in Lang::all() {
            for f in &findings {
                let text = log_finding(lang, f);
                assert!(!text.starts_with("log-"), "{}: {f:?}: {text}", lang.code());
                let kind = message(lang, &format!("log-kind-{}", f.kind()), None);
                assert!(!kind.starts_with("log-"), "{}: {kind}", lang.code());
            }
            for n in &notes {
                let text = log_note(lang, n);
                assert!(!text.starts_with("log-"), "{}: {n:?}: {text}", lang.code());
            }
        }
        for v in findings.iter().map(serde_json::to_value) {
            let v = v.expect("serialises");
            rendered.insert(v["code"].as_str().unwrap_or_default().to_owned());
        }
        for v in notes.iter().map(serde_json::to_value) {
            let v = v.expect("serialises");
            rendered.insert(v["code"].as_str().unwrap_or_default().to_owned());
        }
        crate::words::assert_codes_rendered_and_documented(
            include_str!("../log/finding.rs"),
            &rendered,
        );
    }

    /// Every way the log can fail has its own words in every language: no id shown as a
    /// fallback, French not left in English, and a path or detail from outside escaped.
    #[test]
    fn every_log_error_has_words_in_every_language() {
        use NotExtendable as N;
        let s = |t: &str| t.to_owned();
        let problems = vec![
            P::PublicKeyMalformed,
            P::PublicKeyInvalid,
            P::NoRandomness { detail: s("d") },
            P::KeyNotAFile,
            P::KeyShared {
                mode: 0o644,
                path: s("k"),
            },
            P::NotASigningKey { prefix: "x:" },
            P::NoKeyPlace,
            P::KeyInsideLog { log: s("l") },
            P::RecordNotUndone {
                error: s("e"),
                undo: s("u"),
            },
            P::LastRecordTooLong,
            P::LastRecordNotUtf8,
            P::LastRecordUnreadable { detail: s("d") },
            P::Unparsable { detail: s("d") },
            P::NotAPolicyHash { hash: s("h") },
            P::PolicyNotSerialised { detail: s("d") },
            P::AttestationNotSerialised { detail: s("d") },
            P::StoredPolicyNotUtf8,
            P::StoredPolicyUnreadable { detail: s("d") },
            P::StoredPolicyReplaced {
                holds: s("a"),
                wanted: s("b"),
            },
            P::StoredPolicyChanged,
            P::ReplayWorkerStopped,
        ]
        .into_iter()
        .chain(
            [
                N::SignedButNoKey,
                N::OtherKey {
                    named: s("a"),
                    given: s("b"),
                },
                N::Unsigned,
                N::HeadNotSigned,
                N::HeadOverEmpty { vouched: 2 },
                N::LastRecordEdited { record: 3 },
                N::HeadMissing,
                N::LastRecordNotHead {
                    record: 3,
                    vouched: 2,
                },
            ]
            .into_iter()
            .map(P::NotExtendable),
        );
        for problem in problems {
            let e = LogError::Corrupt {
                path: Some(s("dir/\u{1b}[2Jx")),
                problem: problem.clone(),
            };
            let en = log_error(Lang::EN, &e);
            let fr = log_error(Lang::FR, &e);
            for text in [&en, &fr] {
                let fallback = ["log-problem-", "log-extend-", "log-error-"];
                assert!(
                    !fallback.iter().any(|id| text.contains(id)),
                    "{problem:?}: {text}"
                );
                assert!(!text.contains('\u{1b}'), "{problem:?}: {text}");
            }
            assert_ne!(en, fr, "{problem:?} is not in French");
            assert_eq!(e.to_string(), en, "Display is the English words");
        }
        let missing = LogError::NotFound(s("d9"));
        assert_eq!(
            log_error(Lang::EN, &missing),
            "no record with id d9 in the log"
        );
        assert_eq!(
            log_error(Lang::FR, &missing),
            "aucun enregistrement d'identifiant d9 dans le journal"
        );
    }

    #[test]
    fn a_deleted_record_reads_in_french() {
        let f = LogFinding::RecordsDeleted {
            from: 4,
            to: 4,
            before: 5,
        };
        assert_eq!(
            log_finding(Lang::EN, &f),
            "record 4 is missing before record 5 (deleted)"
        );
        assert_eq!(
            log_finding(Lang::FR, &f),
            "l'enregistrement 4 manque avant l'enregistrement 5 (supprimé)"
        );
    }
}
