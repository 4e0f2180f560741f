//! Typed reasons in words: every [`Fact`], [`Problem`], [`Finding`] and [`Check`] has its
//! message here, built from the message files. Nothing else writes reason prose.

use super::{Args, Lang, message};
use crate::reason::{
    AgreementGap, Check, Compare, ConsentGap, Fact, Finding, JsonKind, Name, Problem, Side, Truth,
};
use std::borrow::Borrow;

fn say(lang: Lang, id: &str, args: Args<'_>) -> String {
    message(lang, id, Some(&args))
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A name from the policy or the flow, quoted as the language quotes.
pub fn quoted(lang: Lang, name: &str) -> String {
    say(lang, "quoted", super::args!("name" => name))
}

/// Names joined: `a, b and c` (`and`) or `a, b or c` (`or`), as the language joins them.
fn joined<S: Borrow<str>>(lang: Lang, names: &[S], id: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.borrow().to_owned(),
        [head @ .., last] => say(
            lang,
            id,
            super::args!("head" => head.join(", "), "last" => last.borrow()),
        ),
    }
}

fn and<S: Borrow<str>>(lang: Lang, names: &[S]) -> String {
    joined(lang, names, "list-and")
}

fn or<S: Borrow<str>>(lang: Lang, names: &[S]) -> String {
    joined(lang, names, "list-or")
}

fn side(lang: Lang, s: Side) -> String {
    message(
        lang,
        match s {
            Side::Sender => "side-sender",
            Side::Recipient => "side-recipient",
        },
        None,
    )
}

/// `text`, followed by `(reference R)` when an approval states its reference.
fn with_reference(lang: Lang, text: String, reference: Option<&str>) -> String {
    match reference {
        Some(r) => say(
            lang,
            "fact-with-reference",
            super::args!("fact" => text, "reference" => r),
        ),
        None => text,
    }
}

/// `30 days`, `5 ans`: a period of a policy in the reader's language.
fn period(lang: Lang, amount: u32, unit: &str) -> String {
    say(
        lang,
        "period",
        super::args!("amount" => amount, "unit" => unit),
    )
}

fn compare(lang: Lang, c: Compare) -> String {
    message(
        lang,
        match c {
            Compare::AtLeast => "compare-at-least",
            Compare::AtMost => "compare-at-most",
            Compare::Above => "compare-above",
            Compare::Below => "compare-below",
            Compare::Is => "compare-is",
        },
        None,
    )
}

/// `x itself`, or `x is a kind of z (through y)`.
fn path(lang: Lang, prefix: &str, path: &[Name]) -> String {
    let (first, last) = match path {
        [] => return String::new(),
        [one] => {
            return say(
                lang,
                "path-itself",
                super::args!("prefix" => prefix, "term" => one),
            );
        }
        [first, .., last] => (first, last),
    };
    let steps = path.get(1..path.len() - 1).unwrap_or_default();
    let id = if steps.is_empty() {
        "path-kind-of"
    } else {
        "path-kind-of-through"
    };
    say(
        lang,
        id,
        super::args!("prefix" => prefix, "term" => first, "ancestor" => last, "steps" => and(lang, steps)),
    )
}

/// The fact in words, followed by how the flow's hashtags it names were read.
pub fn fact(lang: Lang, f: &Fact) -> String {
    let said = fact_itself(lang, f);
    match f.hashtags() {
        [] => said,
        readings => {
            let readings: Vec<String> = readings
                .iter()
                .map(|h| {
                    say(
                        lang,
                        "hashtag-read",
                        super::args!("written" => &h.written, "declared" => &h.declared),
                    )
                })
                .collect();
            say(
                lang,
                "fact-with-hashtags",
                super::args!("fact" => &said, "readings" => and(lang, &readings)),
            )
        }
    }
}

/// The fact in words, without the hashtags' readings.
fn fact_itself(lang: Lang, f: &Fact) -> String {
    use super::args as a;
    match f {
        Fact::DataWithin { path: p, .. } => path(lang, "", p),
        Fact::DataNoneWithin { category, data, .. } => say(
            lang,
            "fact-data-none-within",
            a!("category" => category, "data" => and(lang, data)),
        ),
        Fact::DataAllWithin { within, .. } => say(
            lang,
            "fact-data-all-within",
            a!("within" => or(lang, within)),
        ),
        Fact::DataOutside {
            outside, within, ..
        } => say(
            lang,
            "fact-data-outside",
            a!("outside" => and(lang, outside), "count" => outside.len(), "within" => or(lang, within)),
        ),
        Fact::SensitivityUnknown => message(lang, "fact-sensitivity-unknown", None),
        Fact::Sensitivity {
            level,
            response,
            combination,
            compare: c,
            bound,
            holds,
        } => {
            let response = response
                .as_ref()
                .map(|r| match combination {
                    Some(entry) => say(
                        lang,
                        "fact-sensitivity-combination",
                        a!("response" => quoted(lang, r), "entry" => and(lang, entry)),
                    ),
                    None => say(
                        lang,
                        "fact-sensitivity-response",
                        a!("response" => quoted(lang, r)),
                    ),
                })
                .unwrap_or_default();
            say(
                lang,
                "fact-sensitivity",
                a!("level" => level, "response" => response, "holds" => yes(*holds),
                   "compare" => compare(lang, *c), "bound" => bound),
            )
        }
        Fact::SubjectsUnstated => message(lang, "fact-subjects-unstated", None),
        Fact::SubjectsNone => message(lang, "fact-subjects-none", None),
        Fact::SubjectsSome { subjects } => say(
            lang,
            "fact-subjects-some",
            a!("subjects" => and(lang, subjects)),
        ),
        Fact::DataNone => message(lang, "fact-data-none", None),
        Fact::DataSome { data, .. } => say(lang, "fact-data-some", a!("data" => and(lang, data))),
        Fact::SubjectWithin { path: p } => path(lang, &message(lang, "prefix-subject", None), p),
        Fact::SubjectNoneWithin { subject, subjects } => say(
            lang,
            "fact-subjects-none-within",
            a!("subject" => subject, "subjects" => and(lang, subjects)),
        ),
        Fact::SubjectsAllWithin {
            subjects,
            within,
            holds,
        } => say(
            lang,
            "fact-subjects-all-within",
            a!("subjects" => and(lang, subjects), "within" => or(lang, within), "holds" => yes(*holds)),
        ),
        Fact::PurposeIs {
            purpose,
            expected,
            holds,
        } => say(
            lang,
            "fact-purpose-is",
            a!("purpose" => purpose, "expected" => expected, "holds" => yes(*holds)),
        ),
        Fact::PurposeWithin { path: p } => path(lang, &message(lang, "prefix-purpose", None), p),
        Fact::PurposeOutside { purpose, within } => say(
            lang,
            "fact-purpose-outside",
            a!("purpose" => purpose, "within" => or(lang, within)),
        ),
        Fact::CollectionUnstated => message(lang, "fact-collection-unstated", None),
        Fact::PurposeCompatible {
            purpose,
            collected_for,
            holds,
        } => say(
            lang,
            "fact-purpose-compatible",
            a!("purpose" => purpose, "collected" => collected_for, "holds" => yes(*holds)),
        ),
        Fact::CollectedWithin {
            collected_for,
            within,
            holds,
        } => say(
            lang,
            "fact-collected-within",
            a!("collected" => collected_for, "within" => or(lang, within), "holds" => yes(*holds)),
        ),
        Fact::PartyKind {
            side: s,
            party,
            kind,
            expected,
            holds,
        } if *holds && kind == expected => say(
            lang,
            "fact-party-kind-exact",
            a!("side" => side(lang, *s), "party" => party, "kind" => kind),
        ),
        Fact::PartyKind {
            side: s,
            party,
            kind,
            expected,
            holds,
        } => say(
            lang,
            "fact-party-kind",
            a!("side" => side(lang, *s), "party" => party, "kind" => kind,
               "expected" => expected, "holds" => yes(*holds)),
        ),
        Fact::PartyIs {
            side: s,
            party,
            expected,
            holds,
        } => say(
            lang,
            "fact-party-is",
            a!("side" => side(lang, *s), "party" => party, "expected" => expected, "holds" => yes(*holds)),
        ),
        Fact::PartyCountry {
            side: s,
            party,
            country,
            countries,
            holds,
        } => say(
            lang,
            "fact-party-country",
            a!("side" => side(lang, *s), "party" => party, "country" => country,
               "countries" => countries.join(", "), "holds" => yes(*holds)),
        ),
        Fact::PartyFlag {
            side: s,
            party,
            flag,
            holds,
        } => say(
            lang,
            "fact-party-flag",
            a!("side" => side(lang, *s), "party" => party, "flag" => flag, "holds" => yes(*holds)),
        ),
        Fact::BasisUnstated => message(lang, "fact-basis-unstated", None),
        Fact::Basis {
            basis,
            bases,
            holds,
        } if bases.len() == 1 => say(
            lang,
            "fact-basis-one",
            a!("basis" => basis, "expected" => bases.join(", "), "holds" => yes(*holds)),
        ),
        Fact::Basis {
            basis,
            bases,
            holds,
        } => say(
            lang,
            "fact-basis",
            a!("basis" => basis, "bases" => bases.join(", "), "holds" => yes(*holds)),
        ),
        Fact::ConsentMissing => message(lang, "fact-consent-missing", None),
        Fact::DpiaUnstated => message(lang, "fact-dpia-unstated", None),
        Fact::ConsentCovers { consent } => say(
            lang,
            "fact-consent-covers",
            a!("consent" => consent_name(lang, consent.as_deref())),
        ),
        Fact::ConsentCoversCompatible {
            consent,
            purpose,
            given_for,
            cite,
        } => say(
            lang,
            "fact-consent-covers-compatible",
            a!(
                "consent" => consent_name(lang, consent.as_deref()),
                "purpose" => purpose,
                "given_for" => given_for,
                "cite" => cite
            ),
        ),
        Fact::ConsentGap { consent, why } => say(
            lang,
            "fact-consent-gap",
            a!("consent" => consent_name(lang, consent.as_deref()), "why" => consent_gap(lang, why)),
        ),
        Fact::AgreementCovers {
            agreement,
            from,
            to,
        } => say(
            lang,
            "fact-agreement-covers",
            a!("agreement" => quoted(lang, agreement), "from" => from, "to" => to),
        ),
        Fact::AgreementOnward { agreement, holds } => say(
            lang,
            "fact-agreement-onward",
            a!("agreement" => quoted(lang, agreement), "holds" => yes(*holds)),
        ),
        Fact::AgreementNoneBinds { from, to } => say(
            lang,
            "fact-agreement-none-binds",
            a!("from" => from, "to" => to),
        ),
        Fact::AgreementNoneCovers { gaps } => {
            let gaps: Vec<String> = gaps.iter().map(|g| agreement_gap(lang, g)).collect();
            say(
                lang,
                "fact-agreement-none-covers",
                a!("gaps" => gaps.join("; ")),
            )
        }
        Fact::ApprovalGiven { role, reference } => {
            let given = say(lang, "fact-approval-given", a!("role" => role));
            with_reference(lang, given, reference.as_deref())
        }
        Fact::ApprovalMissing { role } => say(lang, "fact-approval-missing", a!("role" => role)),
        Fact::ApprovalLate { role, at, flow_at } => say(
            lang,
            "fact-approval-late",
            a!("role" => role, "at" => at, "flow_at" => flow_at),
        ),
        Fact::ApprovalExpired {
            role,
            expires,
            flow_at,
        } => say(
            lang,
            "fact-approval-expired",
            a!("role" => role, "expires" => expires, "flow_at" => flow_at),
        ),
        Fact::ApprovalRecent {
            role,
            at,
            flow_at,
            amount,
            unit,
            holds,
            reference,
        } => with_reference(
            lang,
            say(
                lang,
                "fact-approval-recent",
                a!(
                    "role" => role,
                    "at" => at,
                    "flow_at" => flow_at,
                    "period" => period(lang, *amount, unit),
                    "holds" => yes(*holds),
                ),
            ),
            reference.as_deref(),
        ),
        Fact::ApprovalUndated { role } => say(lang, "fact-approval-undated", a!("role" => role)),
        Fact::RecordsAge {
            event,
            on,
            amount,
            unit,
            ends,
            flow_at,
            holds,
        } => {
            let when = say(lang, "record-event-on", a!("event" => event, "on" => on));
            let period = period(lang, *amount, unit);
            match ends {
                Some(ends) => say(
                    lang,
                    "fact-records-age",
                    a!(
                        "when" => when,
                        "period" => period,
                        "ends" => ends,
                        "flow_at" => flow_at,
                        "holds" => yes(*holds),
                    ),
                ),
                None => say(
                    lang,
                    "fact-records-age-endless",
                    a!("when" => when, "period" => period, "flow_at" => flow_at),
                ),
            }
        }
        Fact::RecordsOpen => message(lang, "fact-records-open", None),
        Fact::RecordsUnstated { event } => say(lang, "fact-records-unstated", a!("event" => event)),
        Fact::SameOrganisation {
            from,
            from_organisation,
            to,
            to_organisation,
            holds,
        } => {
            let org = |o: &Option<Name>| {
                o.as_deref()
                    .map_or_else(|| message(lang, "no-organisation", None), str::to_owned)
            };
            say(
                lang,
                "fact-same-organisation",
                a!("from" => from, "from_org" => org(from_organisation), "to" => to,
                   "to_org" => org(to_organisation), "holds" => yes(*holds)),
            )
        }
        Fact::Countries { from, to, inside } => match inside {
            Some(org) => say(
                lang,
                "fact-countries-inside",
                a!("from" => from, "to" => to, "organisation" => org),
            ),
            None if from == to => say(lang, "fact-countries-same", a!("country" => from)),
            None => say(lang, "fact-countries", a!("from" => from, "to" => to)),
        },
        Fact::OnwardHop { hop } => say(lang, "fact-onward-hop", a!("hop" => *hop)),
        Fact::FirstHop => message(lang, "fact-first-hop", None),
        Fact::ResponseUnstated => message(lang, "fact-response-unstated", None),
        Fact::ResponseIs {
            response,
            expected,
            holds,
        } => say(
            lang,
            "fact-response-is",
            a!("response" => quoted(lang, response), "expected" => quoted(lang, expected),
               "holds" => yes(*holds)),
        ),
        Fact::Constant { value: v } => say(lang, "fact-constant", a!("value" => yes(*v))),
        Fact::Exception { value: v, facts } => {
            let facts: Vec<String> = facts.iter().map(|f| fact(lang, f)).collect();
            let id = match v {
                Truth::True => "fact-exception-holds",
                Truth::False => "fact-exception-fails",
                Truth::Unknown => "fact-exception-unknown",
            };
            say(lang, id, a!("facts" => facts.join("; ")))
        }
        Fact::Check { finding: f } => finding(lang, f),
        Fact::CheckException {
            cite,
            value: v,
            facts,
        } => {
            let facts: Vec<String> = facts.iter().map(|f| fact(lang, f)).collect();
            let id = match v {
                Truth::True => "fact-check-exception-holds",
                Truth::False => "fact-check-exception-fails",
                Truth::Unknown => "fact-check-exception-unknown",
            };
            say(
                lang,
                id,
                a!("cite" => cite.as_str(), "facts" => facts.join("; ")),
            )
        }
    }
}

fn consent_name(lang: Lang, id: Option<&str>) -> String {
    match id {
        Some(id) => say(lang, "consent-named", super::args!("consent" => id)),
        None => message(lang, "consent-unnamed", None),
    }
}

fn consent_gap(lang: Lang, g: &ConsentGap) -> String {
    use super::args as a;
    match g {
        ConsentGap::Status { status } => {
            let status = message(lang, &format!("consent-status-{status}"), None);
            say(lang, "consent-gap-status", a!("status" => status))
        }
        ConsentGap::Withdrawn { on } => say(lang, "consent-gap-withdrawn", a!("on" => on)),
        ConsentGap::GivenAfter { on } => say(lang, "consent-gap-given-after", a!("on" => on)),
        ConsentGap::Expired { on } => say(lang, "consent-gap-expired", a!("on" => on)),
        ConsentGap::Purpose { purposes, purpose } => say(
            lang,
            "consent-gap-purpose",
            a!("purposes" => and(lang, purposes), "purpose" => purpose),
        ),
        ConsentGap::PurposeOnlyCompatible { purpose, given_for } => say(
            lang,
            "consent-gap-purpose-compatible-only",
            a!("purpose" => purpose, "given_for" => given_for),
        ),
        ConsentGap::Recipient { recipient } => {
            say(lang, "consent-gap-recipient", a!("recipient" => recipient))
        }
        ConsentGap::Country { countries, country } => say(
            lang,
            "consent-gap-country",
            a!("countries" => countries.join(", "), "country" => country),
        ),
    }
}

fn agreement_gap(lang: Lang, g: &AgreementGap) -> String {
    use super::args as a;
    let (agreement, why) = match g {
        AgreementGap::NotYet { agreement, on } => (
            agreement,
            say(lang, "agreement-gap-not-yet", a!("on" => on)),
        ),
        AgreementGap::Expired { agreement, on } => (
            agreement,
            say(lang, "agreement-gap-expired", a!("on" => on)),
        ),
        AgreementGap::Purpose { agreement, purpose } => (
            agreement,
            say(lang, "agreement-gap-purpose", a!("purpose" => purpose)),
        ),
        AgreementGap::Data {
            agreement,
            category,
        } => (
            agreement,
            say(lang, "agreement-gap-data", a!("category" => category)),
        ),
        AgreementGap::SubjectsUnstated { agreement } => (
            agreement,
            message(lang, "agreement-gap-subjects-unstated", None),
        ),
        AgreementGap::Subject { agreement, subject } => (
            agreement,
            say(lang, "agreement-gap-subject", a!("subject" => subject)),
        ),
    };
    say(
        lang,
        "agreement-gap",
        a!("agreement" => quoted(lang, agreement), "why" => why),
    )
}

/// A built-in check's finding in words.
pub fn finding(lang: Lang, f: &Finding) -> String {
    use super::args as a;
    match f {
        Finding::PurposeIncompatible {
            purpose,
            collected_for,
        } => say(
            lang,
            "finding-purpose-incompatible",
            a!("purpose" => purpose, "collected" => collected_for),
        ),
        Finding::CollectionUnstated => message(lang, "finding-collection-unstated", None),
        Finding::UpstreamAgreement {
            agreement,
            from,
            to,
        } => say(
            lang,
            "finding-upstream-agreement",
            a!("agreement" => quoted(lang, agreement), "from" => from, "to" => to),
        ),
        Finding::UpstreamObligation { rule } => say(
            lang,
            "finding-upstream-obligation",
            a!("rule" => quoted(lang, rule)),
        ),
        Finding::UpstreamObligationScope {
            rule,
            scope,
            within,
            received_by,
            recipient,
        } => say(
            lang,
            "finding-upstream-obligation-scope",
            a!("rule" => quoted(lang, rule), "scope" => scope.as_str(), "within" => within,
               "received_by" => received_by, "recipient" => recipient),
        ),
    }
}

/// A built-in check's name, shown where a rule's name would be.
pub fn check_name(lang: Lang, c: Check) -> String {
    message(lang, &format!("{}-name", check_key(c)), None)
}

/// The text a built-in check encodes, shown where a rule's citation would be.
pub fn check_cite(lang: Lang, c: Check) -> String {
    message(lang, &format!("{}-cite", check_key(c)), None)
}

fn check_key(c: Check) -> &'static str {
    match c {
        Check::PurposeLimitation => "check-purpose-limitation",
        Check::OnwardTransfer => "check-onward-transfer",
        Check::OnwardObligation => "check-onward-obligation",
    }
}

/// A kind of JSON value in words ("text", "a list").
fn json_kind(lang: Lang, kind: JsonKind) -> String {
    let id = match kind {
        JsonKind::Text => "json-kind-text",
        JsonKind::Number => "json-kind-number",
        JsonKind::Boolean => "json-kind-boolean",
        JsonKind::Null => "json-kind-null",
        JsonKind::List => "json-kind-list",
        JsonKind::Object => "json-kind-object",
    };
    message(lang, id, None)
}

/// A problem with a flow's input in words.
pub fn problem(lang: Lang, p: &Problem) -> String {
    use super::args as a;
    let hint = |s: &Option<String>| {
        s.as_ref()
            .map(|s| say(lang, "did-you-mean", a!("name" => s.as_str())))
            .unwrap_or_default()
    };
    match p {
        Problem::UnknownTerm {
            sort,
            name,
            suggestion,
        } => {
            let sort = message(lang, &format!("sort-{}", sort.replace(' ', "-")), None);
            say(
                lang,
                "problem-unknown-term",
                a!("sort" => sort, "name" => name, "hint" => hint(suggestion)),
            )
        }
        Problem::UnmappedHashtag { tag } => say(lang, "problem-unmapped-hashtag", a!("tag" => tag)),
        Problem::UndeclaredRole { name, suggestion } => say(
            lang,
            "problem-undeclared-role",
            a!("name" => name, "hint" => hint(suggestion)),
        ),
        Problem::UndeclaredResponse { name, suggestion } => say(
            lang,
            "problem-undeclared-response",
            a!("name" => name, "hint" => hint(suggestion)),
        ),
        Problem::UnknownParty { name, suggestion } => say(
            lang,
            "problem-unknown-party",
            a!("name" => name, "hint" => hint(suggestion)),
        ),
        Problem::UnknownRecipient { name } => {
            say(lang, "problem-unknown-recipient", a!("name" => name))
        }
        Problem::UnknownAgreement { agreement } => say(
            lang,
            "problem-unknown-agreement",
            a!("agreement" => quoted(lang, agreement)),
        ),
        Problem::AgreementNotBinding {
            agreement,
            from,
            to,
        } => say(
            lang,
            "problem-agreement-not-binding",
            a!("agreement" => quoted(lang, agreement), "from" => from, "to" => to),
        ),
        Problem::NotACountry { text } => say(lang, "problem-not-a-country", a!("text" => text)),
        Problem::NotATime { text } => say(lang, "problem-not-a-time", a!("text" => text)),
        Problem::HopAfterFlow { at, flow_at } => say(
            lang,
            "problem-hop-after-flow",
            a!("at" => at, "flow_at" => flow_at),
        ),
        Problem::EmptyId => message(lang, "problem-empty-id", None),
        Problem::OpenAndClosed => message(lang, "problem-open-and-closed", None),
        Problem::Malformed { detail } => say(lang, "problem-malformed", a!("detail" => detail)),
        Problem::Syntax { line, column } => say(
            lang,
            "problem-syntax",
            a!("line" => line.to_string(), "column" => column.to_string()),
        ),
        Problem::TooDeep => message(lang, "problem-too-deep", None),
        Problem::MissingMember { member } => {
            say(lang, "problem-missing-member", a!("member" => member))
        }
        Problem::UnknownMember {
            member,
            expected,
            suggestion,
        } => {
            // A close name is the likely fix; the whole list only when there is none.
            let ticked: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            let id = match (suggestion, expected.is_empty()) {
                (Some(_), _) => "problem-unknown-member-near",
                (None, true) => "problem-unknown-member-none",
                (None, false) => "problem-unknown-member",
            };
            let near = suggestion.as_deref().unwrap_or_default();
            say(
                lang,
                id,
                a!("member" => member, "expected" => or(lang, &ticked), "suggestion" => near),
            )
        }
        Problem::UnknownValue { value, expected } => {
            let ticked: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            say(
                lang,
                "problem-unknown-value",
                a!("value" => value, "expected" => or(lang, &ticked)),
            )
        }
        Problem::WrongKind { found, expected } => say(
            lang,
            "problem-wrong-kind",
            a!("found" => json_kind(lang, *found), "expected" => json_kind(lang, *expected)),
        ),
        Problem::DuplicateMember { member } => {
            say(lang, "problem-duplicate-member", a!("member" => member))
        }
        Problem::TooManyEntries { count, max } => say(
            lang,
            "problem-too-many-entries",
            a!("count" => count.to_string(), "max" => max.to_string()),
        ),
        Problem::NotJson { line, column } => say(
            lang,
            "problem-not-json",
            a!("line" => line.to_string(), "column" => column.to_string()),
        ),
        Problem::TooLarge { bytes, max } => say(
            lang,
            "problem-too-large",
            a!("bytes" => bytes.to_string(), "max" => max.to_string()),
        ),
        Problem::LineTooLong { max } => {
            say(lang, "problem-line-too-long", a!("max" => max.to_string()))
        }
        Problem::NotUtf8 { offset } => {
            say(lang, "problem-not-utf8", a!("offset" => offset.to_string()))
        }
        Problem::Fault { detail } => say(lang, "problem-fault", a!("detail" => detail)),
        Problem::Unresolved => message(lang, "problem-unresolved", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reason::{
        AgreementGap as A, ConsentGap as C, Fact as F, Finding as G, Problem as P,
    };

    /// A name of a reason (a [`crate::reason::Name`]) or of a problem (a `String`).
    fn s<T: for<'a> From<&'a str>>(x: &str) -> T {
        T::from(x)
    }

    fn v<T: for<'a> From<&'a str>>(xs: &[&str]) -> Vec<T> {
        xs.iter().map(|x| s(x)).collect()
    }

    /// One value of every typed reason, each kind of it (true and false where it has both).
    fn samples() -> Vec<serde_json::Value> {
        let read = || {
            vec![crate::reason::HashtagReading {
                written: s("#affected+f+children"),
                declared: s("#affected"),
            }]
        };
        let mut facts = vec![
            F::DataWithin {
                path: v(&["a.b", "a"]),
                hashtags: vec![],
            },
            F::DataWithin {
                path: v(&["a"]),
                hashtags: read(),
            },
            F::DataNoneWithin {
                category: s("a"),
                data: v(&["b", "c"]),
                hashtags: read(),
            },
            F::DataAllWithin {
                within: v(&["a", "b"]),
                hashtags: vec![],
            },
            F::DataOutside {
                outside: v(&["c"]),
                within: v(&["a"]),
                hashtags: read(),
            },
            F::SensitivityUnknown,
            F::SubjectsUnstated,
            F::DataNone,
            F::DataSome {
                data: v(&["a", "b"]),
                hashtags: vec![],
            },
            F::SubjectsNone,
            F::SubjectsSome {
                subjects: v(&["child"]),
            },
            F::SubjectWithin {
                path: v(&["child.x", "child"]),
            },
            F::SubjectNoneWithin {
                subject: s("child"),
                subjects: v(&["adult"]),
            },
            F::PurposeWithin {
                path: v(&["p.q", "p"]),
            },
            F::PurposeOutside {
                purpose: s("p"),
                within: v(&["q", "r"]),
            },
            F::CollectionUnstated,
            F::BasisUnstated,
            F::ConsentMissing,
            F::DpiaUnstated,
            F::ConsentCovers {
                consent: Some(s("C-1")),
            },
            F::ConsentCovers { consent: None },
            F::ConsentCoversCompatible {
                consent: Some(s("C-1")),
                purpose: s("p"),
                given_for: s("q"),
                cite: s("DPP §6.3"),
            },
            F::AgreementCovers {
                agreement: s("D"),
                from: s("2025-01-01"),
                to: s("2026-01-01"),
            },
            F::AgreementNoneBinds {
                from: s("a"),
                to: s("b"),
            },
            F::ApprovalGiven {
                role: s("dpo"),
                reference: None,
            },
            F::ApprovalGiven {
                role: s("dpo"),
                reference: Some(s("DPO-1")),
            },
            F::ApprovalMissing { role: s("dpo") },
            F::ApprovalLate {
                role: s("dpo"),
                at: s("2026-01-02T00:00:00Z"),
                flow_at: s("2026-01-01T00:00:00Z"),
            },
            F::Countries {
                from: s("KE"),
                to: s("UG"),
                inside: None,
            },
            F::Countries {
                from: s("KE"),
                to: s("KE"),
                inside: None,
            },
            F::Countries {
                from: s("KE"),
                to: s("UG"),
                inside: Some(s("unhcr")),
            },
            F::ApprovalExpired {
                role: s("dpo"),
                expires: s("2026-01-01T00:00:00Z"),
                flow_at: s("2026-01-02T00:00:00Z"),
            },
            F::ApprovalUndated { role: s("dpo") },
            F::RecordsOpen,
            F::RecordsAge {
                event: s("closed"),
                on: s("2019-01-01T00:00:00Z"),
                amount: 1,
                unit: s("years"),
                ends: None,
                flow_at: s("2026-01-02T00:00:00Z"),
                holds: false,
            },
            F::OnwardHop { hop: 2 },
            F::FirstHop,
            F::ResponseUnstated,
        ];
        for holds in [true, false] {
            for (event, unit) in [
                ("collected", "days"),
                ("closed", "years"),
                ("updated", "months"),
            ] {
                facts.extend([
                    F::ApprovalRecent {
                        role: s("dpo"),
                        at: s("2026-01-01T00:00:00Z"),
                        flow_at: s("2026-01-02T00:00:00Z"),
                        amount: 30,
                        unit: s(unit),
                        holds,
                        reference: Some(s("DPO-1")),
                    },
                    F::RecordsAge {
                        event: s(event),
                        on: s("2019-01-01T00:00:00Z"),
                        amount: 5,
                        unit: s(unit),
                        ends: Some(s("2024-01-01T00:00:00Z")),
                        flow_at: s("2026-01-02T00:00:00Z"),
                        holds,
                    },
                    F::RecordsUnstated { event: s(event) },
                ]);
            }
            facts.extend([
                F::Sensitivity {
                    level: s("high"),
                    response: Some(s("r")),
                    combination: None,
                    compare: Compare::AtLeast,
                    bound: s("high"),
                    holds,
                },
                F::Sensitivity {
                    level: s("severe"),
                    response: Some(s("r")),
                    combination: Some(v(&["a", "b"])),
                    compare: Compare::AtLeast,
                    bound: s("high"),
                    holds,
                },
                F::SubjectsAllWithin {
                    subjects: v(&["a"]),
                    within: v(&["b"]),
                    holds,
                },
                F::PurposeIs {
                    purpose: s("p"),
                    expected: s("q"),
                    holds,
                },
                F::PurposeCompatible {
                    purpose: s("p"),
                    collected_for: s("q"),
                    holds,
                },
                F::CollectedWithin {
                    collected_for: s("p"),
                    within: v(&["q"]),
                    holds,
                },
                F::PartyKind {
                    side: Side::Sender,
                    party: s("a"),
                    kind: s("k"),
                    expected: s("j"),
                    holds,
                },
                F::PartyKind {
                    side: Side::Recipient,
                    party: s("a"),
                    kind: s("k"),
                    expected: s("k"),
                    holds,
                },
                F::PartyIs {
                    side: Side::Recipient,
                    party: s("a"),
                    expected: s("b"),
                    holds,
                },
                F::PartyCountry {
                    side: Side::Sender,
                    party: s("a"),
                    country: s("KE"),
                    countries: v(&["KE"]),
                    holds,
                },
                F::PartyFlag {
                    side: Side::Sender,
                    party: s("a"),
                    flag: s("f"),
                    holds,
                },
                F::Basis {
                    basis: s("consent"),
                    bases: v(&["consent"]),
                    holds,
                },
                F::Basis {
                    basis: s("consent"),
                    bases: v(&["consent", "contract"]),
                    holds,
                },
                F::AgreementOnward {
                    agreement: s("D"),
                    holds,
                },
                F::SameOrganisation {
                    from: s("a"),
                    from_organisation: Some(s("o")),
                    to: s("b"),
                    to_organisation: None,
                    holds,
                },
                F::ResponseIs {
                    response: s("r"),
                    expected: s("q"),
                    holds,
                },
                F::Constant { value: holds },
            ]);
        }
        for status in ["given", "withdrawn", "expired", "refused"] {
            facts.push(F::ConsentGap {
                consent: Some(s("C-1")),
                why: C::Status { status: s(status) },
            });
        }
        for why in [
            C::Withdrawn {
                on: s("2026-01-01"),
            },
            C::GivenAfter {
                on: s("2026-01-01"),
            },
            C::Expired {
                on: s("2026-01-01"),
            },
            C::Purpose {
                purposes: v(&["a"]),
                purpose: s("b"),
            },
            C::PurposeOnlyCompatible {
                purpose: s("b"),
                given_for: s("a"),
            },
            C::Recipient { recipient: s("r") },
            C::Country {
                countries: v(&["KE"]),
                country: s("UG"),
            },
        ] {
            facts.push(F::ConsentGap { consent: None, why });
        }
        facts.push(F::AgreementNoneCovers {
            gaps: vec![
                A::NotYet {
                    agreement: s("D"),
                    on: s("2026-01-01"),
                },
                A::Expired {
                    agreement: s("D"),
                    on: s("2026-01-01"),
                },
                A::Purpose {
                    agreement: s("D"),
                    purpose: s("p"),
                },
                A::Data {
                    agreement: s("D"),
                    category: s("c"),
                },
                A::SubjectsUnstated { agreement: s("D") },
                A::Subject {
                    agreement: s("D"),
                    subject: s("s"),
                },
            ],
        });
        for value in [Truth::True, Truth::False, Truth::Unknown] {
            facts.push(F::Exception {
                value,
                facts: vec![F::FirstHop],
            });
            facts.push(F::CheckException {
                cite: s("DPP §6.3"),
                value,
                facts: vec![F::FirstHop],
            });
        }
        for finding in [
            G::PurposeIncompatible {
                purpose: s("p"),
                collected_for: s("q"),
            },
            G::CollectionUnstated,
            G::UpstreamAgreement {
                agreement: s("D"),
                from: s("a"),
                to: s("b"),
            },
            G::UpstreamObligation { rule: s("R") },
            G::UpstreamObligationScope {
                rule: s("R"),
                scope: s("network"),
                within: s("fln"),
                received_by: s("a"),
                recipient: s("b"),
            },
            G::UpstreamObligationScope {
                rule: s("R"),
                scope: s("organisation"),
                within: s("icrc"),
                received_by: s("a"),
                recipient: s("b"),
            },
            G::UpstreamObligationScope {
                rule: s("R"),
                scope: s("organisation"),
                within: s(""),
                received_by: s("a"),
                recipient: s("b"),
            },
        ] {
            facts.push(F::Check { finding });
        }
        let problems = [
            P::UnknownTerm {
                sort: s("category"),
                name: s("x"),
                suggestion: Some(s("y")),
            },
            P::UnknownTerm {
                sort: s("subject"),
                name: s("x"),
                suggestion: None,
            },
            P::UnknownTerm {
                sort: s("purpose"),
                name: s("x"),
                suggestion: None,
            },
            P::UnknownTerm {
                sort: s("party kind"),
                name: s("x"),
                suggestion: None,
            },
            P::UnmappedHashtag { tag: s("#x") },
            P::UndeclaredRole {
                name: s("DPO"),
                suggestion: Some(s("dpo")),
            },
            P::UndeclaredResponse {
                name: s("ke-2205"),
                suggestion: None,
            },
            P::UnknownParty {
                name: s("x"),
                suggestion: Some(s("y")),
            },
            P::UnknownRecipient { name: s("x") },
            P::UnknownAgreement { agreement: s("D") },
            P::AgreementNotBinding {
                agreement: s("D"),
                from: s("a"),
                to: s("b"),
            },
            P::NotACountry { text: s("XX") },
            P::NotATime { text: s("x") },
            P::HopAfterFlow {
                at: s("2026-01-02T00:00:00Z"),
                flow_at: s("2026-01-01T00:00:00Z"),
            },
            P::EmptyId,
            P::OpenAndClosed,
            P::Malformed { detail: s("d") },
            P::Syntax { line: 2, column: 7 },
            P::TooDeep,
            P::MissingMember { member: s("at") },
            P::UnknownMember {
                member: s("purpse"),
                expected: vec![s("purpose"), s("data")],
                suggestion: Some(s("purpose")),
            },
            P::UnknownMember {
                member: s("x"),
                expected: vec![],
                suggestion: None,
            },
            P::UnknownMember {
                member: s("x"),
                expected: vec![s("at"), s("by")],
                suggestion: None,
            },
            P::UnknownValue {
                value: s("gven"),
                expected: vec![s("given"), s("refused")],
            },
            P::WrongKind {
                found: JsonKind::Number,
                expected: JsonKind::Text,
            },
            P::WrongKind {
                found: JsonKind::Null,
                expected: JsonKind::List,
            },
            P::WrongKind {
                found: JsonKind::Boolean,
                expected: JsonKind::Object,
            },
            P::DuplicateMember { member: s("id") },
            P::TooManyEntries { count: 10, max: 5 },
            P::NotJson { line: 1, column: 1 },
            P::TooLarge { bytes: 10, max: 5 },
            P::LineTooLong { max: 5 },
            P::NotUtf8 { offset: 3 },
            P::Fault { detail: s("d") },
            P::Unresolved,
        ];
        let mut out: Vec<serde_json::Value> = Vec::new();
        for lang in Lang::all() {
            for f in &facts {
                let text = fact(lang, f);
                assert_rendered(lang, &text, f);
            }
            for p in &problems {
                let text = problem(lang, p);
                assert_rendered(lang, &text, p);
            }
            for c in Check::ALL {
                assert_rendered(lang, &check_name(lang, c), &c);
                assert_rendered(lang, &check_cite(lang, c), &c);
            }
        }
        out.extend(
            facts
                .iter()
                .map(|f| serde_json::to_value(f).unwrap_or_default()),
        );
        out.extend(
            problems
                .iter()
                .map(|p| serde_json::to_value(p).unwrap_or_default()),
        );
        out.extend(
            Check::ALL
                .iter()
                .map(|c| serde_json::json!({ "code": c.id() })),
        );
        out
    }

    /// Words, not a message id that the language's file lacks.
    fn assert_rendered(lang: Lang, text: &str, of: &impl std::fmt::Debug) {
        let ids = super::super::message_ids(Lang::EN);
        assert!(
            !text.is_empty()
                && !ids
                    .iter()
                    .any(|id| text.contains(id.as_str()) && id.contains('-')),
            "{lang}: {of:?} rendered as {text:?}"
        );
    }

    fn codes(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(c) = m.get("code").and_then(|c| c.as_str()) {
                    out.insert(c.to_owned());
                }
                m.values().for_each(|x| codes(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| codes(x, out)),
            _ => {}
        }
    }

    /// Every machine code is rendered in every language, and listed in docs/review.md: the
    /// codes are read from the source's serde names, so a new kind of reason without words
    /// or documentation fails here.
    #[test]
    fn every_reason_kind_has_words_in_every_language_and_is_documented() {
        let mut rendered = std::collections::BTreeSet::new();
        for v in samples() {
            codes(&v, &mut rendered);
        }
        crate::words::assert_codes_rendered_and_documented(include_str!("../reason.rs"), &rendered);
    }

    /// A fact about data that the flow named by an undeclared hashtag says which declared
    /// tag it was read as, in both languages.
    #[test]
    fn a_hashtag_read_as_a_declared_tag_is_named_in_both_languages() {
        let f = F::DataWithin {
            path: v(&["needs", "aggregate"]),
            hashtags: vec![crate::reason::HashtagReading {
                written: s("#affected+f+children"),
                declared: s("#affected"),
            }],
        };
        assert_eq!(
            fact(Lang::EN, &f),
            "needs is a kind of aggregate (the flow's #affected+f+children is read as the \
             declared tag #affected)"
        );
        assert_eq!(
            fact(Lang::FR, &f),
            "needs relève de aggregate (le #affected+f+children du flux est lu comme \
             l'étiquette déclarée #affected)"
        );
    }

    #[test]
    fn french_reads_as_french() {
        let f = F::ConsentGap {
            consent: Some(s("C-881")),
            why: C::Withdrawn {
                on: s("2025-03-01"),
            },
        };
        assert_eq!(
            fact(Lang::FR, &f),
            "le consentement C-881 ne couvre pas le flux : il a été retiré le 2025-03-01"
        );
        assert_eq!(
            fact(Lang::EN, &f),
            "consent C-881 does not cover the flow: it was withdrawn on 2025-03-01"
        );
        assert_eq!(
            fact(
                Lang::FR,
                &F::DataWithin {
                    path: v(&["a.b.c", "a.b", "a"]),
                    hashtags: vec![],
                }
            ),
            "a.b.c relève de a (via a.b)"
        );
    }
}
