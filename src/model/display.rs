//! Conditions written back in the policy language, with names instead of ids, so that an
//! explanation shows a reviewer the words the legal officer wrote (`data includes
//! personal.biometric`), not the internal form.

use super::compiled::CompiledPolicy;
use super::policy::{Atom, Cond};
use super::taxonomy::Taxonomy;

impl CompiledPolicy {
    /// `cond` in the policy language. Parts of `and`/`or` are bracketed only where needed.
    pub fn cond_text(&self, cond: &Cond) -> String {
        match cond {
            Cond::Atom(a) => self.atom_text(a),
            Cond::Not(inner) => match inner.as_ref() {
                // `basis is a or b` reads as a junction after `not`: bracket it.
                Cond::Atom(Atom::BasisIs(b)) if b.len() > 1 => {
                    format!("not ({})", self.cond_text(inner))
                }
                Cond::Atom(_) | Cond::Not(_) => format!("not {}", self.cond_text(inner)),
                _ => format!("not ({})", self.cond_text(inner)),
            },
            Cond::And(parts) => self.junction_text(parts, " and ", true),
            Cond::Or(parts) => self.junction_text(parts, " or ", false),
        }
    }

    fn junction_text(&self, parts: &[Cond], word: &str, is_and: bool) -> String {
        parts
            .iter()
            .map(|p| match p {
                // `or` inside `and` needs brackets; `and` inside `or` binds tighter anyway.
                Cond::Or(_) if is_and => format!("({})", self.cond_text(p)),
                _ => self.cond_text(p),
            })
            .collect::<Vec<_>>()
            .join(word)
    }

    /// One atom in the policy language.
    pub fn atom_text(&self, atom: &Atom) -> String {
        let list = |t: &Taxonomy, ids: &[u32]| match ids {
            [one] => t.name(*one).to_owned(),
            many => format!("[{}]", t.names_of(many).collect::<Vec<_>>().join(", ")),
        };
        match atom {
            Atom::DataIncludes(c) => format!("data includes {}", self.categories.name(*c)),
            Atom::DataWithin(l) => format!("data within {}", list(&self.categories, l)),
            Atom::DataSensitivity(cmp, level) => {
                format!("data sensitivity {} {}", cmp.words(), level.word())
            }
            Atom::SubjectsInclude(s) => format!("subjects include {}", self.subjects.name(*s)),
            Atom::SubjectsWithin(l) => format!("subjects within {}", list(&self.subjects, l)),
            Atom::PurposeIs(p) => format!("purpose is {}", self.purposes.name(*p)),
            Atom::PurposeWithin(l) => format!("purpose within {}", list(&self.purposes, l)),
            Atom::PurposeCompatible => "purpose compatible with collected_for".into(),
            Atom::CollectedWithin(l) => {
                format!("collected_for within {}", list(&self.purposes, l))
            }
            Atom::PartyKind(role, k) => format!("{} is {}", role.keyword(), self.kinds.name(*k)),
            Atom::PartyIs(role, p) => {
                let name = self
                    .parties
                    .get(*p as usize)
                    .map_or(super::UNKNOWN_PARTY, |party| party.name.as_str());
                format!("{} is {}", role.keyword(), name)
            }
            Atom::Jurisdiction(role, codes) => format!(
                "{} jurisdiction in [{}]",
                role.keyword(),
                codes
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Atom::HasFlag(role, flag) => format!("{} has {flag}", role.keyword()),
            Atom::BasisIs(bases) => format!(
                "basis is {}",
                bases
                    .iter()
                    .map(|b| b.word())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Atom::ConsentCovers => "consent covers flow".into(),
            Atom::AgreementCovers => "agreement covers flow".into(),
            Atom::AgreementAllowsOnward => "agreement allows onward transfer".into(),
            Atom::ApprovedBy(role) => format!("approved by {role}"),
            Atom::ApprovedWithin(role, period) => format!("approved by {role} within {period}"),
            Atom::RecordsOlder(event, period) => {
                format!("records {} more than {period} before", event.word())
            }
            Atom::SameOrganisation => "same organisation".into(),
            Atom::CrossBorder => "cross border".into(),
            Atom::InternationalTransfer => "international transfer".into(),
            Atom::OnwardTransfer => "onward transfer".into(),
            Atom::ResponseIs(r) => format!("response is \"{r}\""),
            Atom::Const(b) => b.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Engine;

    fn policy() -> Engine {
        Engine::from_sources([(
            "p.policy",
            r#"policy "t" version "1"
category personal
category personal.health sensitivity high
category personal.contact
purpose protection
purpose protection.referral
party kind ngo
party a kind ngo jurisdiction "KE"
allow "r" when (data includes personal.health or purpose within [protection, protection.referral]) and not recipient is a and not (basis is consent or vital_interest) and data sensitivity at least high cite "x"
"#,
        )])
        .expect("compiles")
    }

    #[test]
    fn conditions_read_back_as_written() {
        let engine = policy();
        let p = engine.policy();
        assert_eq!(
            p.cond_text(&p.rules[0].when),
            "(data includes personal.health or purpose within [protection, protection.referral]) \
             and not recipient is a and not (basis is consent or vital_interest) \
             and data sensitivity at least high"
        );
    }
}
