//! The changes in words, for a person reviewing an amendment.

use super::{Change, Class, Difference, HopDifference, Pair, Shift};
use crate::model::{CompiledPolicy, Obligation, Taxonomy};
use crate::words::{self, Lang, args};

fn names(t: &Taxonomy, ids: &[u32]) -> String {
    // Sorted by name, so that one obligation reads the same under versions that number
    // their terms differently.
    let mut names: Vec<&str> = t.names_of(ids).collect();
    names.sort_unstable();
    names.join(", ")
}

/// An obligation as a policy writes it (the names of lists in alphabetical order).
pub fn obligation_text(policy: &CompiledPolicy, o: &Obligation) -> String {
    match o {
        Obligation::Minimize(l) => format!("minimize to [{}]", names(&policy.categories, l)),
        Obligation::Pseudonymize(l) => format!("pseudonymize [{}]", names(&policy.categories, l)),
        Obligation::Aggregate { by, k } if by.is_empty() => format!("aggregate with k >= {k}"),
        Obligation::Aggregate { by, k } => {
            format!("aggregate by [{}] with k >= {k}", by.join(", "))
        }
        Obligation::Retain(d) => format!("retain at most {d} days"),
        Obligation::Encrypt(crate::model::Encryption::AtRest) => "encrypt at_rest".into(),
        Obligation::Encrypt(crate::model::Encryption::InTransit) => "encrypt in_transit".into(),
        Obligation::NoOnwardTransfer => "no onward transfer".into(),
        Obligation::NoOnwardTransferOutside(scope) => {
            format!("no onward transfer {}", scope.text())
        }
        Obligation::Notify(r) => format!("notify {r}"),
        Obligation::KeysHeldBySender => "encryption keys held by sender".into(),
        Obligation::NoReidentification => "no re-identification".into(),
        Obligation::Dpia => "dpia".into(),
        Obligation::KAnonymity {
            on,
            k,
            max_suppressed,
        } => {
            let base = format!(
                "k-anonymity on [{}] with k >= {k}",
                names(&policy.categories, on)
            );
            match max_suppressed {
                Some(p) => format!(
                    "{base} suppressing at most {}",
                    crate::model::percent_text(*p)
                ),
                None => base,
            }
        }
        Obligation::ReidentificationRisk { on, max } => format!(
            "reidentification risk at most {} on [{}]",
            crate::model::percent_text(*max),
            names(&policy.categories, on)
        ),
    }
}

/// The changes as text, in English: one block per change, with the rule (or name)
/// responsible, the rule's condition, the witness and what the versions derive differently
/// for it.
pub fn to_text(old: &CompiledPolicy, new: &CompiledPolicy, changes: &[Change]) -> String {
    to_text_in(old, new, changes, Lang::EN)
}

/// The changes as text, as [`to_text`], its sentences in `lang`.
pub fn to_text_in(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    changes: &[Change],
    lang: Lang,
) -> String {
    to_text_beside(old, new, changes, lang, false)
}

/// [`to_text_in`], when changes listed after it (a new reading of consent, HXL tags mapped
/// anew) decide flows the semantic diff cannot enumerate: with no change of its own, it then
/// says that the rules decide alike, not that every flow does.
pub fn to_text_beside(
    old: &CompiledPolicy,
    new: &CompiledPolicy,
    changes: &[Change],
    lang: Lang,
    others_decide: bool,
) -> String {
    // Names, conditions and witnesses come from the two policies: escaped for the terminal.
    use crate::escape::Visible as V;
    use std::fmt::Write;
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    let version = |p: &CompiledPolicy| {
        let name = say("quoted", &args!("name" => V(&p.name).to_string()));
        match &p.version {
            Some(v) => say(
                "diff-policy-version",
                &args!("name" => name, "version" => V(v).to_string()),
            ),
            None => name,
        }
    };
    // Which version, in words: `old`, `new` or `both`.
    let which = |v: &str| say("diff-version", &args!("version" => v));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        say(
            "diff-comparing",
            &args!("old" => version(old), "new" => version(new))
        )
    );
    if changes.is_empty() {
        let id = if old.hash == new.hash {
            "diff-none-identical"
        } else if others_decide {
            "diff-none-but-below"
        } else {
            "diff-none"
        };
        let _ = writeln!(out, "{}", words::message(lang, id, None));
        return out;
    }
    let class = |c: Class| words::message(lang, class_id(c), None);
    for c in changes {
        let _ = writeln!(
            out,
            "{}",
            say(
                "diff-change",
                &args!(
                    "change" => shift_words(lang, c),
                    "old" => class(c.old),
                    "new" => class(c.new)
                )
            )
        );
        match (&c.name, &c.rule) {
            (Some(n), _) => {
                let other = if c.version == "new" { "old" } else { "new" };
                let _ = writeln!(
                    out,
                    "  {}",
                    say(
                        "diff-name-undeclared",
                        &args!(
                            "version" => which(other),
                            "kind" => sort_words(lang, n.kind),
                            "name" => V(&n.name).to_string()
                        )
                    )
                );
                if c.decided_by.is_empty() {
                    let _ = writeln!(
                        out,
                        "  {}",
                        say("diff-default-deny", &args!("version" => which(c.version)))
                    );
                }
                for d in &c.decided_by {
                    let effect = say("explain-effect", &args!("effect" => d.effect.as_str()));
                    let rule = say("quoted", &args!("name" => V(&d.rule).to_string()));
                    let by = match &d.at {
                        Some(at) => say(
                            "diff-decider-at",
                            &args!("effect" => effect, "rule" => rule, "at" => V(at).to_string()),
                        ),
                        None => say("diff-decider", &args!("effect" => effect, "rule" => rule)),
                    };
                    let _ = writeln!(
                        out,
                        "  {}",
                        say(
                            "diff-decided-by",
                            &args!("version" => which(c.version), "by" => by)
                        )
                    );
                }
            }
            (None, rule) if rule.is_some() || c.check.is_some() => {
                let rule = match (rule, c.check) {
                    (Some(rule), _) => rule.clone(),
                    (None, Some(check)) => words::check_name(lang, check),
                    (None, None) => String::new(),
                };
                let effect = say(
                    "explain-effect",
                    &args!("effect" => c.effect.as_deref().unwrap_or("deny")),
                );
                let rule = say("quoted", &args!("name" => V(&rule).to_string()));
                let line = if c.version == "both" {
                    say(
                        "diff-by-builtin",
                        &args!("effect" => effect, "rule" => rule),
                    )
                } else {
                    let version = which(c.version);
                    match &c.at {
                        Some(at) => say(
                            "diff-by-rule-at",
                            &args!(
                                "effect" => effect,
                                "rule" => rule,
                                "version" => version,
                                "at" => V(at).to_string()
                            ),
                        ),
                        None => say(
                            "diff-by-rule",
                            &args!("effect" => effect, "rule" => rule, "version" => version),
                        ),
                    }
                };
                let _ = writeln!(out, "  {line}");
                if let Some(cond) = &c.condition {
                    let _ = writeln!(
                        out,
                        "  {}",
                        say("diff-where", &args!("condition" => V(cond).to_string()))
                    );
                } else if c.check == Some(crate::reason::Check::OnwardTransfer) {
                    let _ = writeln!(
                        out,
                        "  {}",
                        words::message(lang, "diff-where-onward-agreement", None)
                    );
                }
            }
            (None, _) => {}
        }
        let id = if c.verified {
            "diff-witness-verified"
        } else {
            "diff-witness-unverified"
        };
        let witness = match &c.first_hop {
            Some(first) => say(
                "diff-witness-chain",
                &args!("first" => V(first).to_string(), "then" => V(&c.witness).to_string()),
            ),
            None => V(&c.witness).to_string(),
        };
        let _ = writeln!(out, "  {}", say(id, &args!("witness" => witness)));
        if !c.differs.is_empty() {
            let differences: Vec<String> = c
                .differs
                .iter()
                .map(|d| difference_words(lang, d))
                .collect();
            let _ = writeln!(
                out,
                "  {}",
                say(
                    "diff-differs",
                    &args!("differences" => differences.join("; "))
                )
            );
        }
    }
    let _ = writeln!(
        out,
        "{}",
        say("diff-count", &args!("count" => changes.len()))
    );
    out
}

/// The message id of a class of flows in words.
fn class_id(c: Class) -> &'static str {
    match c {
        Class::Error => "diff-class-error",
        Class::Forbidden => "diff-class-forbidden",
        Class::Gap => "diff-class-gap",
        Class::Review => "diff-class-review",
        Class::Allowed => "diff-class-allowed",
        Class::NotPermitted => "diff-class-not-permitted",
    }
}

/// What a change does, in words: the shift, with the name, obligation or agreement it
/// concerns.
pub fn shift_words(lang: Lang, c: &Change) -> String {
    use crate::escape::Visible as V;
    let shift = c.change.code();
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    match (c.change, &c.name, &c.obligation, &c.agreement) {
        (Shift::NewlyAccepts | Shift::NoLongerAccepts, Some(n), _, _) => say(
            "diff-shift-name",
            &args!(
                "shift" => shift,
                "sort" => sort_words(lang, n.kind),
                "name" => V(&n.name).to_string()
            ),
        ),
        _ if c.chain => match &c.agreement {
            Some(id) => say(
                "diff-shift-onward-agreement",
                &args!("shift" => shift, "agreement" => V(id).to_string()),
            ),
            None => say("diff-shift-onward-obligation", &args!("shift" => shift)),
        },
        (Shift::NewlyRequires | Shift::NoLongerRequires, _, Some(o), _) => say(
            "diff-shift-obligation",
            &args!("shift" => shift, "obligation" => V(o).to_string()),
        ),
        _ => say("diff-shift", &args!("shift" => shift)),
    }
}

/// A sort of name (by the keyword that declares it) in words.
fn sort_words(lang: Lang, keyword: &str) -> String {
    let id = match keyword {
        "category" => "sort-category",
        "subject" => "sort-subject",
        "purpose" => "sort-purpose",
        "party" => "sort-party",
        _ => "sort-party-kind",
    };
    words::message(lang, id, None)
}

/// What the versions derive differently for a witness, in words.
fn difference_words(lang: Lang, d: &HopDifference) -> String {
    use crate::escape::Visible as V;
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    let none = || words::message(lang, "diff-nothing", None);
    let text = match &d.difference {
        Difference::Within { sort, name, above } => {
            let list = |names: &[String]| {
                if names.is_empty() {
                    words::message(lang, "diff-root", None)
                } else {
                    V(&names.join(", ")).to_string()
                }
            };
            say(
                "diff-differs-within",
                &args!(
                    "sort" => sort_words(lang, sort),
                    "name" => V(name).to_string(),
                    "before" => list(&above.before),
                    "now" => list(&above.now)
                ),
            )
        }
        Difference::Party {
            name,
            kind,
            jurisdiction,
            organisation,
            flags,
        } => {
            let mut parts = Vec::new();
            let pair = |id: &str, p: &Pair<String>| {
                say(
                    id,
                    &args!("before" => V(&p.before).to_string(), "now" => V(&p.now).to_string()),
                )
            };
            if let Some(p) = kind {
                parts.push(pair("diff-party-kind", p));
            }
            if let Some(p) = jurisdiction {
                parts.push(pair("diff-party-jurisdiction", p));
            }
            if let Some(p) = organisation {
                let org = |o: &Option<String>| o.as_ref().map_or_else(none, |o| V(o).to_string());
                parts.push(say(
                    "diff-party-organisation",
                    &args!("before" => org(&p.before), "now" => org(&p.now)),
                ));
            }
            if let Some(p) = flags {
                parts.push(say(
                    "diff-party-flags",
                    &args!(
                        "before" => V(&p.before.join(", ")).to_string(),
                        "now" => V(&p.now.join(", ")).to_string()
                    ),
                ));
            }
            say(
                "diff-differs-party",
                &args!("name" => V(name).to_string(), "changes" => parts.join(", ")),
            )
        }
        Difference::Compatible {
            purpose,
            collected_for,
            compatible,
        } => say(
            "diff-differs-compatible",
            &args!(
                "purpose" => V(purpose).to_string(),
                "collected" => V(collected_for).to_string(),
                "before" => yes_no(compatible.before),
                "now" => yes_no(compatible.now)
            ),
        ),
        Difference::Sensitivity { level } => {
            let word = |l: Option<crate::model::Level>| l.map_or_else(none, |l| l.word().into());
            say(
                "diff-differs-sensitivity",
                &args!("before" => word(level.before), "now" => word(level.now)),
            )
        }
        Difference::Agreement { agreement } => {
            let covered = |a: &Option<String>| match a {
                Some(id) => say("diff-covered-by", &args!("agreement" => V(id).to_string())),
                None => words::message(lang, "diff-covered-by-none", None),
            };
            say(
                "diff-differs-agreement",
                &args!("before" => covered(&agreement.before), "now" => covered(&agreement.now)),
            )
        }
        Difference::Onward { agreement, allowed } => say(
            "diff-differs-onward",
            &args!(
                "agreement" => V(agreement).to_string(),
                "before" => yes_no(allowed.before),
                "now" => yes_no(allowed.now)
            ),
        ),
    };
    if d.first_hop {
        say("diff-first-hop", &args!("difference" => text))
    } else {
        text
    }
}

/// A yes-or-no value as a Fluent selector.
fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::diff::Change;

    /// Every shift has words of its own in every language (a select that fell through to
    /// its default would give two shifts the same words).
    #[test]
    fn every_shift_reads_differently_in_every_language() {
        for lang in [Lang::EN, Lang::parse("fr").expect("French")] {
            let said: Vec<String> = Shift::ALL
                .iter()
                .map(|&s| {
                    let c = Change::of(
                        s,
                        (Class::Allowed, Class::Allowed),
                        String::new(),
                        serde_json::Value::Null,
                    );
                    shift_words(lang, &c)
                })
                .collect();
            for (i, a) in said.iter().enumerate() {
                assert!(!a.is_empty() && !a.contains("diff-"), "{a}");
                assert!(!said[..i].contains(a), "{a} twice in {lang:?}");
            }
        }
    }
}
