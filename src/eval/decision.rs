//! The decision: what the evaluator returns, as JSON and as one screen of text.

use super::facts::InputError;
use crate::reason::{Check, Fact, Problem};
use crate::words::{self, Lang, args};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::sync::Arc;

/// The outcome every gate acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The flow may go (with its obligations).
    Allow,
    /// The flow must not go.
    Deny,
    /// The flow needs a named human approval first; not allowed until then.
    Review,
}

/// Why a flow was not allowed. When several apply, the most serious decides
/// ([`DenyKind::severity`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenyKind {
    /// The flow itself is malformed or names what the policy does not know.
    Error,
    /// A `deny` rule (or a chain-level prohibition) applies.
    Forbidden,
    /// A rule needs a fact the flow does not state.
    Gap,
    /// A `review` rule applies and the flow carries no matching approval.
    ReviewRequired,
    /// No `allow` rule applies (default deny).
    NotPermitted,
}

impl DenyKind {
    /// How serious: the kind with the highest severity decides a flow. An input error
    /// outranks everything (nothing can be judged); a prohibition outranks a gap (no fact
    /// could make it allowed); a gap outranks a missing review (the facts come first); a
    /// missing review outranks the default deny (a rule does speak to the flow).
    pub fn severity(self) -> u8 {
        match self {
            DenyKind::Error => 5,
            DenyKind::Forbidden => 4,
            DenyKind::Gap => 3,
            DenyKind::ReviewRequired => 2,
            DenyKind::NotPermitted => 1,
        }
    }

    /// Its machine code (`forbidden`, `review_required`), as in JSON.
    pub fn code(self) -> &'static str {
        match self {
            DenyKind::Error => "error",
            DenyKind::Forbidden => "forbidden",
            DenyKind::Gap => "gap",
            DenyKind::ReviewRequired => "review_required",
            DenyKind::NotPermitted => "not_permitted",
        }
    }
}

/// A rule that decided the outcome, with the facts that made it apply.
///
/// The facts are kept as typed values ([`Determining::reasons`]) and put into words only when
/// words are asked for ([`Determining::facts`], the JSON form, the text form): a gate that
/// reads only the outcome, the kind and the rules pays nothing for sentences it never shows.
#[derive(Clone, Debug)]
pub struct Determining {
    /// The rule's name (or the name of a built-in chain check, in the reader's language),
    /// shared with the policy.
    pub rule: Arc<str>,
    /// For a built-in chain check: its stable id (`builtin.purpose_limitation`).
    pub check: Option<Check>,
    /// allow, deny, review or require.
    pub effect: Arc<str>,
    /// The source text it encodes.
    pub cite: Option<Arc<str>>,
    /// Where the rule is written (`file:line:column`); absent for built-in chain checks.
    pub at: Option<Arc<str>>,
    /// For a chain: which hop (1 = the first transfer; the flow itself is the last).
    pub hop: Option<usize>,
    /// For a review: the role whose approval is needed.
    pub approval_by: Option<Arc<str>>,
    /// The facts each condition was evaluated on, as typed values, each with its machine code
    /// and parameters.
    pub reasons: Vec<Fact>,
    /// The language the facts are put into words in.
    pub(crate) lang: Lang,
    /// The facts in words as they were read from a decision's JSON (a plugin's, a log's):
    /// kept as given, so that the decision is written back byte for byte.
    pub(crate) given: Option<Vec<String>>,
}

impl Determining {
    /// The facts each condition was evaluated on, in words (rendered now, in the decision's
    /// language, unless the decision was read from JSON that carried them).
    pub fn facts(&self) -> std::borrow::Cow<'_, [String]> {
        match &self.given {
            Some(given) => given.as_slice().into(),
            None => self
                .reasons
                .iter()
                .map(|f| words::fact(self.lang, f))
                .collect::<Vec<_>>()
                .into(),
        }
    }
}

impl PartialEq for Determining {
    /// Equal when everything a reader sees is equal, the facts compared in words: a decision
    /// read back from JSON equals the one that was written.
    fn eq(&self, other: &Self) -> bool {
        self.rule == other.rule
            && self.check == other.check
            && self.effect == other.effect
            && self.cite == other.cite
            && self.at == other.at
            && self.hop == other.hop
            && self.approval_by == other.approval_by
            && self.reasons == other.reasons
            && self.facts() == other.facts()
    }
}

impl Eq for Determining {}

/// [`Determining`] as JSON has it, for writing: the facts in words beside the typed values.
#[derive(Serialize)]
struct DeterminingOut<'a> {
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<Check>,
    effect: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cite: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hop: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approval_by: Option<&'a str>,
    facts: std::borrow::Cow<'a, [String]>,
    reasons: &'a [Fact],
}

impl Serialize for Determining {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DeterminingOut {
            rule: &self.rule,
            check: self.check,
            effect: &self.effect,
            cite: self.cite.as_deref(),
            at: self.at.as_deref(),
            hop: self.hop,
            approval_by: self.approval_by.as_deref(),
            facts: self.facts(),
            reasons: &self.reasons,
        }
        .serialize(s)
    }
}

/// [`Determining`] as JSON has it, for reading.
#[derive(Deserialize)]
struct DeterminingIn {
    rule: Arc<str>,
    #[serde(default)]
    check: Option<Check>,
    effect: Arc<str>,
    #[serde(default)]
    cite: Option<Arc<str>>,
    #[serde(default)]
    at: Option<Arc<str>>,
    #[serde(default)]
    hop: Option<usize>,
    #[serde(default)]
    approval_by: Option<Arc<str>>,
    facts: Vec<String>,
    #[serde(default)]
    reasons: Vec<Fact>,
}

impl<'de> Deserialize<'de> for Determining {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let i = DeterminingIn::deserialize(d)?;
        Ok(Determining {
            rule: i.rule,
            check: i.check,
            effect: i.effect,
            cite: i.cite,
            at: i.at,
            hop: i.hop,
            approval_by: i.approval_by,
            reasons: i.reasons,
            lang: Lang::EN,
            given: Some(i.facts),
        })
    }
}

/// A decision's one sentence for a person (`denied by "No sharing of protection data"`).
///
/// It reads as a `&str` (it derefs to one, and is written in JSON as a string) and is put into
/// words the first time it is read, in the decision's language: a gate that reads only the
/// outcome, the kind and the rules pays nothing for the sentence. It keeps what it says (the
/// deciding rules' names, shared with the policy) until then.
#[derive(Clone)]
pub struct Reason {
    text: std::sync::OnceLock<String>,
    said: Said,
}

/// What a [`Reason`] says, before it is put into words.
#[derive(Clone)]
enum Said {
    /// Written already (read from JSON, an input error's message).
    Given,
    /// Allowed by the one rule named, or by `count` rules.
    Allowed {
        lang: Lang,
        rule: Option<Arc<str>>,
        count: usize,
    },
    /// Not allowed, of `kind`, by these rules (each named once), needing these roles'
    /// approval for a review.
    Denied {
        lang: Lang,
        kind: DenyKind,
        rules: SmallVec<[Arc<str>; 4]>,
        roles: SmallVec<[Arc<str>; 2]>,
    },
}

impl Reason {
    /// The reason of an allow decided by `determining`.
    pub(crate) fn allowed(determining: &[Determining], lang: Lang) -> Reason {
        let rule = match determining {
            [one] => Some(one.rule.clone()),
            _ => None,
        };
        Reason::said(Said::Allowed {
            lang,
            rule,
            count: determining.len(),
        })
    }

    /// The reason of a decision of `kind` decided by `determining`.
    pub(crate) fn denied(kind: DenyKind, determining: &[Determining], lang: Lang) -> Reason {
        // A rule (or chain check) that decided several hops is named once; nothing is named
        // where the sentence names nothing.
        let mut rules: SmallVec<[Arc<str>; 4]> = SmallVec::new();
        let mut roles: SmallVec<[Arc<str>; 2]> = SmallVec::new();
        if matches!(
            kind,
            DenyKind::Forbidden | DenyKind::Gap | DenyKind::ReviewRequired
        ) {
            for d in determining {
                if !rules.contains(&d.rule) {
                    rules.push(d.rule.clone());
                }
            }
        }
        if kind == DenyKind::ReviewRequired {
            roles.extend(determining.iter().filter_map(|d| d.approval_by.clone()));
        }
        Reason::said(Said::Denied {
            lang,
            kind,
            rules,
            roles,
        })
    }

    fn said(said: Said) -> Reason {
        Reason {
            text: std::sync::OnceLock::new(),
            said,
        }
    }

    /// The sentence (put into words now, if it was not yet).
    pub fn as_str(&self) -> &str {
        self.text.get_or_init(|| self.said.words())
    }

    /// Whether the sentence has been put into words yet.
    #[cfg(test)]
    pub(crate) fn is_rendered(&self) -> bool {
        self.text.get().is_some()
    }
}

impl Said {
    fn words(&self) -> String {
        match self {
            Said::Given => String::new(),
            Said::Allowed {
                lang,
                rule: Some(rule),
                count: 1,
            } => words::message(
                *lang,
                "reason-allowed-by-one",
                Some(&args!("rule" => words::quoted_list(*lang, [&**rule]))),
            ),
            Said::Allowed { lang, count, .. } => words::message(
                *lang,
                "reason-allowed-by-many",
                Some(&args!("count" => *count)),
            ),
            Said::Denied {
                lang,
                kind,
                rules,
                roles,
            } => {
                let lang = *lang;
                let names = || words::quoted_list(lang, rules.iter().map(|r| &**r));
                let say = |id: &str, a: words::Args<'_>| words::message(lang, id, Some(&a));
                match kind {
                    DenyKind::Forbidden => say("reason-forbidden", args!("rules" => names())),
                    DenyKind::Gap => say(
                        "reason-gap",
                        args!("rules" => names(), "count" => rules.len()),
                    ),
                    DenyKind::ReviewRequired => {
                        let roles: Vec<&str> = roles.iter().map(|r| &**r).collect();
                        say(
                            "reason-review",
                            args!("roles" => roles.join(", "), "rules" => names()),
                        )
                    }
                    DenyKind::NotPermitted => words::message(lang, "reason-not-permitted", None),
                    DenyKind::Error => words::message(lang, "reason-invalid", None),
                }
            }
        }
    }
}

impl From<String> for Reason {
    fn from(text: String) -> Self {
        Reason {
            text: std::sync::OnceLock::from(text),
            said: Said::Given,
        }
    }
}

impl From<&str> for Reason {
    fn from(text: &str) -> Self {
        Reason::from(text.to_owned())
    }
}

impl From<Reason> for String {
    fn from(r: Reason) -> Self {
        match r.text.into_inner() {
            Some(text) => text,
            None => r.said.words(),
        }
    }
}

impl From<&Reason> for String {
    fn from(r: &Reason) -> Self {
        r.as_str().to_owned()
    }
}

impl std::ops::Deref for Reason {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Reason {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Reason {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Reason {}

impl PartialEq<str> for Reason {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Reason {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::fmt::Debug for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Reason::from)
    }
}

/// An obligation that comes with an allow, and the rules that imposed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationOut {
    /// What kind (`minimize`, `retain`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// The obligation in words (`retain at most 90 days`).
    pub text: String,
    /// Its parameters.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub value: serde_json::Value,
    /// The rules whose obligation decided it (the strictest, or all of a union).
    pub imposed_by: Vec<String>,
}

/// The answer to "may this flow go?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// allow, deny or review.
    pub decision: Outcome,
    /// Why not allowed (absent for allow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DenyKind>,
    /// One sentence for a person, put into words when it is first read ([`Reason`]).
    pub reason: Reason,
    /// The flow's id.
    pub flow: String,
    /// The hash of the policy that decided (shared with the policy).
    pub policy: Arc<str>,
    /// The deciding rules.
    pub determining: Vec<Determining>,
    /// Obligations of an allow, strictest first merged.
    pub obligations: Vec<ObligationOut>,
    /// Problems with the flow itself.
    pub errors: Vec<InputError>,
}

impl Decision {
    /// True only for an allow: review and every deny kind are not allowed.
    pub fn is_allowed(&self) -> bool {
        self.decision == Outcome::Allow
    }

    /// A deny of kind `error` for a flow that could not be read or resolved.
    pub fn error(flow: &str, policy: &str, errors: Vec<InputError>) -> Decision {
        Decision::error_in(flow, policy, errors, Lang::EN)
    }

    /// [`Decision::error`] in `lang`'s words.
    pub fn error_in(flow: &str, policy: &str, errors: Vec<InputError>, lang: Lang) -> Decision {
        let errors: Vec<InputError> = errors.into_iter().map(|e| e.in_lang(lang)).collect();
        let reason = match errors.as_slice() {
            [one] if one.path.is_empty() => words::message(
                lang,
                "reason-invalid-one",
                Some(&args!("message" => &one.message)),
            ),
            [one] => words::message(
                lang,
                "reason-invalid-at",
                Some(&args!("path" => &one.path, "message" => &one.message)),
            ),
            many => words::message(
                lang,
                "reason-invalid-many",
                Some(&args!("count" => many.len())),
            ),
        };
        Decision {
            decision: Outcome::Deny,
            kind: Some(DenyKind::Error),
            reason: reason.into(),
            flow: flow.to_owned(),
            policy: Arc::from(policy),
            determining: Vec::new(),
            obligations: Vec::new(),
            errors,
        }
    }

    /// A deny of kind `error` for a failure that is not the flow's fault (a policy that does
    /// not load, a plugin that traps): fail closed, and say what failed.
    pub fn fault(flow: &str, policy: &str, message: &str) -> Decision {
        let error = InputError::new(
            "",
            Problem::Fault {
                detail: message.to_owned(),
            },
        );
        Decision {
            decision: Outcome::Deny,
            kind: Some(DenyKind::Error),
            reason: error.message.as_str().into(),
            flow: flow.to_owned(),
            policy: Arc::from(policy),
            determining: Vec::new(),
            obligations: Vec::new(),
            errors: vec![error],
        }
    }

    /// The JSON form (one line).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(r#"{{"decision":"deny","kind":"error","reason":"cannot serialise the decision: {e}"}}"#)
        })
    }

    /// One screen of text for a person, in English.
    pub fn to_text(&self) -> String {
        self.to_text_in(Lang::EN)
    }

    /// One screen of text for a person, in `lang`: the labels in that language, the
    /// decision's own words as they were rendered. Every string that came from the flow or
    /// the policy is shown with control characters escaped ([`crate::escape::visible`]): a
    /// flow id holding a newline and an ANSI colour code must not print a line of its own.
    pub fn to_text_in(&self, lang: Lang) -> String {
        use crate::escape::Visible as V;
        use std::fmt::Write;
        let say = |id: &str| words::message(lang, id, None);
        // The labels of a rule's lines, padded to one width so that their values line up.
        let labels = [say("text-at"), say("text-cite"), say("text-fact")];
        let width = labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let [at_label, cite_label, fact_label] = labels;
        let mut out = String::new();
        let head = match (self.decision, self.kind) {
            (Outcome::Allow, _) => say("text-allow"),
            (Outcome::Review, _) => say("text-review"),
            (Outcome::Deny, Some(kind)) => words::message(
                lang,
                "text-deny-kind",
                Some(&args!("kind" => kind_words_in(kind, lang))),
            ),
            (Outcome::Deny, None) => say("text-deny"),
        };
        let _ = writeln!(
            out,
            "{}",
            words::message(
                lang,
                "text-head",
                Some(&args!("head" => head, "flow" => V(&self.flow).to_string()))
            )
        );
        let _ = writeln!(out, "  {}", V(&self.reason));
        for d in &self.determining {
            // The effect in the reader's words, as explanations name it.
            let effect =
                words::message(lang, "explain-effect", Some(&args!("effect" => &d.effect)));
            let line = match d.hop {
                Some(h) => words::message(
                    lang,
                    "text-rule-hop",
                    Some(&args!("effect" => &effect, "rule" => V(&d.rule).to_string(), "hop" => h)),
                ),
                None => words::message(
                    lang,
                    "text-rule",
                    Some(&args!("effect" => &effect, "rule" => V(&d.rule).to_string())),
                ),
            };
            let _ = writeln!(out, "  {line}");
            if let Some(at) = &d.at {
                let _ = writeln!(out, "    {at_label:<width$}  {}", V(at));
            }
            if let Some(cite) = &d.cite {
                let _ = writeln!(out, "    {cite_label:<width$}  {}", V(cite));
            }
            if let Some(role) = &d.approval_by {
                let _ = writeln!(
                    out,
                    "    {}",
                    words::message(
                        lang,
                        "text-needs-approval",
                        Some(&args!("role" => V(role).to_string()))
                    )
                );
            }
            for fact in d.facts().iter() {
                let _ = writeln!(out, "    {fact_label:<width$}  {}", V(fact));
            }
        }
        if !self.obligations.is_empty() {
            let _ = writeln!(out, "  {}", say("text-obligations"));
            for o in &self.obligations {
                let _ = writeln!(
                    out,
                    "    - {}",
                    words::message(
                        lang,
                        "text-obligation",
                        Some(
                            &args!("text" => V(&o.text).to_string(), "rules" => quoted(&o.imposed_by, lang))
                        )
                    )
                );
            }
        }
        for e in &self.errors {
            let at = if e.path.is_empty() { "flow" } else { &e.path };
            let _ = writeln!(
                out,
                "  {}",
                words::message(
                    lang,
                    "text-error",
                    Some(&args!("at" => V(at).to_string(), "message" => V(&e.message).to_string()))
                )
            );
        }
        let _ = writeln!(out, "  {} {}", say("text-policy"), V(&self.policy));
        out
    }
}

fn quoted(names: &[String], lang: Lang) -> String {
    names
        .iter()
        .map(|n| words::quoted(lang, &crate::escape::Visible(n).to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The deny kind in English words.
pub fn kind_words(kind: DenyKind) -> String {
    kind_words_in(kind, Lang::EN)
}

/// The deny kind in `lang`'s words: every front end names a kind through this one map.
pub fn kind_words_in(kind: DenyKind, lang: Lang) -> String {
    let id = match kind {
        DenyKind::Error => "kind-error",
        DenyKind::Forbidden => "kind-forbidden",
        DenyKind::Gap => "kind-gap",
        DenyKind::ReviewRequired => "kind-review-required",
        DenyKind::NotPermitted => "kind-not-permitted",
    };
    words::message(lang, id, None)
}
