//! What ties two hops of a chain together, for queries about an onward hop after a first hop
//! the solver already found: the hops share the flow's data, subjects, collection purpose,
//! response and consent record, and the onward hop starts where the first one ended.

use super::{Encoding, Lit, Model};

impl Encoding<'_> {
    /// "The flow is an onward transfer" (the `onward transfer` condition), when some rule
    /// tests it. Created only by a rule: a free fact nothing tests would show in every
    /// witness.
    pub fn onward_transfer(&self) -> Option<Lit> {
        self.free.get(&super::FreeFact::OnwardTransfer).copied()
    }

    /// "Party `name` sends the flow", when a version declares it.
    pub fn sender_is(&self, name: &str) -> Option<Lit> {
        let i = self.space.parties.iter().position(|p| p == name)?;
        Some(self.sender[i])
    }

    /// "Party `name` receives the flow", when a version declares it.
    pub fn recipient_is(&self, name: &str) -> Option<Lit> {
        let i = self.space.parties.iter().position(|p| p == name)?;
        Some(self.recipient[i])
    }

    /// Literals fixing what every hop of a chain shares to its value in `m`: the data
    /// categories and subjects, the collection purpose, the response and whether the consent
    /// record covers the flow. (Which hop it is, its parties, purpose, basis, date and
    /// approvals stay free.)
    pub fn shared_with(&self, m: &Model) -> Vec<Lit> {
        let set = |lits: &[Lit], names: &[String], on: &[String]| -> Vec<Lit> {
            lits.iter()
                .zip(names)
                .map(|(&l, n)| if on.contains(n) { l } else { !l })
                .collect()
        };
        let mut out = set(&self.data, &self.space.categories, &m.data);
        out.extend(set(&self.subjects, &self.space.subjects, &m.subjects));
        let collected: Vec<String> = m.collected_for.iter().cloned().collect();
        out.extend(set(&self.collected, &self.space.purposes, &collected));
        out.extend(self.responses.iter().map(|(r, &l)| {
            if m.response.as_ref() == Some(r) {
                l
            } else {
                !l
            }
        }));
        // Per flow, not per hop: the witness writes one consent record and one DPIA
        // reference for the whole chain.
        for fact in [super::FreeFact::ConsentCovers, super::FreeFact::DpiaStated] {
            if let Some(&l) = self.free.get(&fact) {
                let on = m.facts.iter().any(|(n, on)| *n == fact && *on);
                out.push(if on { l } else { !l });
            }
        }
        out
    }
}
