//! The changes in words, for a person reviewing an amendment.

use super::{Change, Class};
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
        Obligation::Notify(r) => format!("notify {r}"),
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
                    "change" => c.change.as_str(),
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
                            "kind" => V(n.kind).to_string(),
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
                    let _ = writeln!(
                        out,
                        "  {}",
                        say(
                            "diff-decided-by",
                            &args!("version" => which(c.version), "by" => V(d).to_string())
                        )
                    );
                }
            }
            (None, Some(rule)) => {
                let effect = say(
                    "explain-effect",
                    &args!("effect" => c.effect.as_deref().unwrap_or("deny")),
                );
                let rule = say("quoted", &args!("name" => V(rule).to_string()));
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
                }
            }
            (None, None) => {}
        }
        let id = if c.verified {
            "diff-witness-verified"
        } else {
            "diff-witness-unverified"
        };
        let _ = writeln!(
            out,
            "  {}",
            say(id, &args!("witness" => V(&c.witness).to_string()))
        );
        if !c.differs.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                say(
                    "diff-differs",
                    &args!("differences" => V(&c.differs.join("; ")).to_string())
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
