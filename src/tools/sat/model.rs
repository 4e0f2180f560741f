//! A flow the solver found, read back from the variables.

use super::Encoding;
use crate::model::{Basis, Day, Level};

/// What one version derives for the flow found (exact reading only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Derived {
    /// The agreement that covers the flow (the first by id), if any.
    pub agreement: Option<String>,
    /// The highest sensitivity of its data, if any category has a level.
    pub sensitivity: Option<Level>,
}

/// A flow found by the solver: the facts its variables fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// The categories it states.
    pub data: Vec<String>,
    /// The subjects it states.
    pub subjects: Vec<String>,
    /// The purpose.
    pub purpose: Option<String>,
    /// The collection purpose.
    pub collected_for: Option<String>,
    /// The sender.
    pub from: Option<String>,
    /// The recipient.
    pub to: Option<String>,
    /// The legal basis.
    pub basis: Option<Basis>,
    /// `context.response`, if one the policies name.
    pub response: Option<String>,
    /// The free facts (consent covers the flow, approvals, …) and their values.
    pub facts: Vec<(super::FreeFact, bool)>,
    /// The flow's date, when it cannot be the reference date (exact reading only).
    pub on: Option<Day>,
    /// What each version derives for it (exact reading only), in version order.
    pub versions: Vec<Derived>,
}

impl Encoding<'_> {
    /// After a satisfiable query: the flow the solver found.
    pub fn model(&self) -> Model {
        let on = |l: &super::Lit| self.value(*l);
        let set = |lits: &[super::Lit], names: &[String]| -> Vec<String> {
            lits.iter()
                .zip(names)
                .filter(|(l, _)| on(l))
                .map(|(_, n)| n.clone())
                .collect()
        };
        let one = |lits: &[super::Lit], names: &[String]| set(lits, names).into_iter().next();
        let space = &self.space;
        let period = self.days.iter().position(on);
        let date = period
            .filter(|&k| Some(k) != self.reference)
            .and_then(|k| self.calendar.day(k));
        let versions = if self.exact {
            self.versions
                .iter()
                .map(|v| Derived {
                    agreement: v.covering.as_ref().and_then(|c| {
                        c.iter()
                            .position(on)
                            .map(|i| v.policy.agreements[i].id.clone())
                    }),
                    sensitivity: v
                        .at_least
                        .and_then(|a| (0..4).rev().find(|&k| on(&a[k])).map(|k| Level::ALL[k])),
                })
                .collect()
        } else {
            Vec::new()
        };
        Model {
            data: set(&self.data, &space.categories),
            subjects: set(&self.subjects, &space.subjects),
            purpose: one(&self.purpose, &space.purposes),
            collected_for: one(&self.collected, &space.purposes),
            from: one(&self.sender, &space.parties),
            to: one(&self.recipient, &space.parties),
            basis: self.basis.iter().position(on).map(|i| Basis::ALL[i]),
            response: self
                .responses
                .iter()
                .find(|(_, l)| on(l))
                .map(|(r, _)| r.clone()),
            facts: self
                .free
                .iter()
                .map(|(name, l)| (name.clone(), on(l)))
                .collect(),
            on: date,
            versions,
        }
    }
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = vec![format!("data [{}]", self.data.join(", "))];
        if let Some(p) = &self.purpose {
            parts.push(format!("purpose {p}"));
        }
        if let (Some(a), Some(b)) = (&self.from, &self.to) {
            parts.push(format!("from {a} to {b}"));
        }
        if let Some(b) = self.basis {
            parts.push(format!("basis {}", b.word()));
        }
        if !self.subjects.is_empty() {
            parts.push(format!("subjects [{}]", self.subjects.join(", ")));
        }
        if let Some(r) = &self.response {
            parts.push(format!("response \"{r}\""));
        }
        if let Some(d) = self.on {
            parts.push(format!("on {d}"));
        }
        for (name, on) in &self.facts {
            parts.push(if *on {
                name.to_string()
            } else {
                format!("not {name}")
            });
        }
        write!(f, "{}", parts.join("; "))
    }
}
