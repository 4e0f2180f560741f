//! The changes in words, for a person reviewing an amendment.

use super::Change;
use crate::model::{CompiledPolicy, Obligation, Taxonomy};

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

/// The changes as text: one block per change, with the rule (or name) responsible, the
/// rule's condition, the witness and what the versions derive differently for it.
pub fn to_text(old: &CompiledPolicy, new: &CompiledPolicy, changes: &[Change]) -> String {
    // Names, conditions and witnesses come from the two policies: escaped for the terminal.
    use crate::escape::Visible as V;
    use std::fmt::Write;
    let version = |p: &CompiledPolicy| {
        format!(
            "\"{}\"{}",
            V(&p.name),
            p.version
                .as_ref()
                .map(|v| format!(" version {}", V(v)))
                .unwrap_or_default()
        )
    };
    let mut out = String::new();
    let _ = writeln!(out, "comparing {} with {}", version(old), version(new));
    if changes.is_empty() {
        let _ = writeln!(
            out,
            "no difference: every flow gets the same decision and the same obligations{}",
            if old.hash == new.hash {
                " (the compiled policies are identical)"
            } else {
                " (the versions differ only in names, order or wording that decides nothing)"
            }
        );
        return out;
    }
    for c in changes {
        let _ = writeln!(
            out,
            "{}: flows {} before and {} now",
            c.change,
            c.old.words(),
            c.new.words()
        );
        match (&c.name, &c.rule) {
            (Some(n), _) => {
                let other = if c.version == "new" { "old" } else { "new" };
                let _ = writeln!(
                    out,
                    "  the {other} version declares no {} `{}`, so it rejects every flow naming it",
                    V(n.kind),
                    V(&n.name)
                );
                if c.decided_by.is_empty() {
                    let _ = writeln!(
                        out,
                        "  under the {} version no rule allows the witness (default deny)",
                        c.version
                    );
                }
                for d in &c.decided_by {
                    let _ = writeln!(out, "  decided under the {} version by {}", c.version, V(d));
                }
            }
            (None, Some(rule)) => {
                let effect = V(c.effect.as_deref().unwrap_or("deny"));
                let rule = V(rule);
                if c.version == "both" {
                    let _ = writeln!(out, "  by the built-in {effect} \"{rule}\" (both versions)");
                } else {
                    let _ = writeln!(
                        out,
                        "  by {effect} rule \"{rule}\" ({} version{})",
                        c.version,
                        c.at.as_ref()
                            .map(|a| format!(", {}", V(a)))
                            .unwrap_or_default()
                    );
                }
                if let Some(cond) = &c.condition {
                    let _ = writeln!(out, "  where {}", V(cond));
                }
            }
            (None, None) => {}
        }
        let _ = writeln!(
            out,
            "  witness: {}{}",
            V(&c.witness),
            if c.verified {
                "  (verified: decided so under both versions)"
            } else {
                "  (not verified: depends on facts a one-hop flow cannot state, such as an earlier hop)"
            }
        );
        if !c.differs.is_empty() {
            let _ = writeln!(out, "  differs: {}", V(&c.differs.join("; ")));
        }
    }
    let _ = writeln!(out, "{} change(s)", changes.len());
    out
}
