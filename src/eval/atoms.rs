//! Three-valued evaluation of conditions: each atom is true, false, or unknown (a fact the
//! flow does not state). Facts are rendered only when asked for (`explain`), so the plain
//! decision path does not allocate strings.

use super::facts::{ConsentFacts, Facts, HopFacts};
use super::flow::ConsentStatus;
use crate::model::{Atom, Comparison, CompiledPolicy, PartyId, Role, TermId};

pub use crate::reason::Truth;

/// A condition evaluated in full: its text as written in the policy, its value, the fact
/// behind it (for a single test) and its parts (for `and`, `or`, `not`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CondTrace {
    /// What kind of node: a single test, or a junction.
    pub node: Node,
    /// The condition in the policy language.
    pub condition: String,
    /// Its value for the flow.
    pub value: Truth,
    /// For a single test: the fact it was evaluated on, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// For a single test: the fact as a typed value with its machine code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::reason::Fact>,
    /// For `and`, `or` and `not`: the parts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<CondTrace>,
}

/// The kind of a [`CondTrace`] node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Node {
    /// One test of a fact.
    Test,
    /// `and`: all parts must hold.
    All,
    /// `or`: any part may hold.
    Any,
    /// `not`.
    Not,
}

/// Where an atom is evaluated: the policy, the flow's facts and which hop.
pub(crate) struct Ctx<'a, 'f> {
    pub policy: &'a CompiledPolicy,
    pub facts: &'a Facts<'f>,
    pub hop: usize,
}

impl<'a, 'f> Ctx<'a, 'f> {
    pub fn hop(&self) -> &'a HopFacts<'f> {
        self.facts.hop(self.hop)
    }

    /// What the rule index selects this hop's candidate rules by.
    pub fn probe(&self) -> crate::model::Probe<'a> {
        let h = self.hop();
        crate::model::Probe {
            sender_kind: self.policy.party_at(h.from).kind,
            recipient_kind: self.policy.party_at(h.to).kind,
            purpose: h.purpose,
            categories: &self.facts.categories,
        }
    }

    pub(super) fn party(&self, role: Role) -> PartyId {
        match role {
            Role::Sender => self.hop().from,
            Role::Recipient => self.hop().to,
        }
    }

    /// The truth of one atom.
    pub fn atom(&self, atom: &Atom) -> Truth {
        let p = self.policy;
        let f = self.facts;
        let hop = self.hop();
        match atom {
            Atom::DataIncludes(c) => Truth::from_bool(f.closure.contains(*c as usize)),
            Atom::DataWithin(list) => Truth::from_bool(
                f.categories
                    .iter()
                    .all(|&c| list.iter().any(|&l| p.categories.is_within(c, l))),
            ),
            Atom::DataSensitivity(cmp, level) => match f.sensitivity {
                None => Truth::Unknown,
                Some(s) => Truth::from_bool(match cmp {
                    Comparison::AtLeast => s >= *level,
                    Comparison::AtMost => s <= *level,
                    Comparison::Above => s > *level,
                    Comparison::Below => s < *level,
                    Comparison::Is => s == *level,
                }),
            },
            Atom::SubjectsInclude(s) => match &f.subjects {
                None => Truth::Unknown,
                Some((_, set)) => Truth::from_bool(set.contains(*s as usize)),
            },
            Atom::SubjectsWithin(list) => match &f.subjects {
                None => Truth::Unknown,
                Some((ids, _)) => Truth::from_bool(
                    ids.iter()
                        .all(|&s| list.iter().any(|&l| p.subjects.is_within(s, l))),
                ),
            },
            Atom::PurposeIs(x) => Truth::from_bool(hop.purpose == *x),
            Atom::PurposeWithin(list) => {
                Truth::from_bool(list.iter().any(|&l| p.purposes.is_within(hop.purpose, l)))
            }
            Atom::PurposeCompatible => match f.collected_for {
                None => Truth::Unknown,
                Some(c) => Truth::from_bool(compatible(p, hop.purpose, c)),
            },
            Atom::CollectedWithin(list) => match f.collected_for {
                None => Truth::Unknown,
                Some(c) => Truth::from_bool(list.iter().any(|&l| p.purposes.is_within(c, l))),
            },
            Atom::PartyKind(role, kind) => {
                let party = p.party_at(self.party(*role));
                Truth::from_bool(p.kinds.is_within(party.kind, *kind))
            }
            Atom::PartyIs(role, id) => Truth::from_bool(self.party(*role) == *id),
            Atom::Jurisdiction(role, codes) => {
                let party = p.party_at(self.party(*role));
                Truth::from_bool(codes.contains(&party.jurisdiction))
            }
            Atom::HasFlag(role, flag) => {
                let party = p.party_at(self.party(*role));
                Truth::from_bool(party.flags.iter().any(|f| f == flag))
            }
            Atom::BasisIs(list) => match hop.basis {
                None => Truth::Unknown,
                Some(b) => Truth::from_bool(list.contains(&b)),
            },
            Atom::ConsentCovers => match &f.consent {
                None => Truth::Unknown,
                Some(_) => Truth::from_bool(self.consent_gap().is_none()),
            },
            Atom::AgreementCovers => match self.covering_agreement() {
                Some(_) => Truth::True,
                None if self.agreement_needs_subjects() => Truth::Unknown,
                None => Truth::False,
            },
            Atom::AgreementAllowsOnward => match self.covering_agreement() {
                Some(a) => Truth::from_bool(p.agreements.get(a).is_some_and(|a| a.onward_transfer)),
                None if self.agreement_needs_subjects() => Truth::Unknown,
                None => Truth::False,
            },
            Atom::ApprovedBy(role) => Truth::from_bool(hop.approved_by(role)),
            Atom::ApprovedWithin(role, period) => hop.approved_within(role, *period).0,
            Atom::RecordsOlder(event, period) => match self.records_older(*event, *period) {
                Some((_, _, older)) => Truth::from_bool(older),
                None if self.open_case(*event) => Truth::False,
                None => Truth::Unknown,
            },
            Atom::SameOrganisation => Truth::from_bool(self.same_organisation()),
            Atom::CrossBorder => Truth::from_bool(self.cross_border()),
            Atom::InternationalTransfer => {
                Truth::from_bool(self.cross_border() && !self.same_organisation())
            }
            Atom::OnwardTransfer => Truth::from_bool(self.hop > 0),
            Atom::ResponseIs(r) => Truth::from_bool(f.response == Some(r.as_str())),
            Atom::Const(b) => Truth::from_bool(*b),
        }
    }

    /// For `records EVENT more than PERIOD before`: the event's date, the instant the period
    /// after it ran out, and whether that was before the hop. `None` when the flow does not
    /// state the date (unknown, never false).
    pub(super) fn records_older(
        &self,
        event: crate::model::RecordEvent,
        period: crate::model::Period,
    ) -> Option<(time::OffsetDateTime, Option<time::OffsetDateTime>, bool)> {
        let on = self.facts.records.get(event)?;
        let ends = period.after(on);
        // A period ending after the representable years has not run out.
        let older = ends.is_some_and(|e| e < self.hop().at);
        Some((on, ends, older))
    }

    /// The flow says its records' case is open, and `event` is its closing.
    pub(super) fn open_case(&self, event: crate::model::RecordEvent) -> bool {
        event == crate::model::RecordEvent::Closed && self.facts.records.open
    }

    pub(super) fn same_organisation(&self) -> bool {
        let p = self.policy;
        let hop = self.hop();
        let a = &p.party_at(hop.from).organisation;
        let b = &p.party_at(hop.to).organisation;
        a.is_some() && a == b
    }

    pub(super) fn cross_border(&self) -> bool {
        let p = self.policy;
        let hop = self.hop();
        p.party_at(hop.from).jurisdiction != p.party_at(hop.to).jurisdiction
    }

    /// Why the consent record does not cover this hop, or `None` when it does. A value,
    /// not words: the plain decision path asks this for every rule that tests consent.
    pub fn consent_gap(&self) -> Option<ConsentLack> {
        let p = self.policy;
        let hop = self.hop();
        let Some(c) = &self.facts.consent else {
            return Some(ConsentLack::NoRecord);
        };
        let at = hop.at;
        let given = match c.status {
            ConsentStatus::Given => true,
            // Withdrawn after the flow's time: it was still given then.
            ConsentStatus::Withdrawn => c.withdrawn_at.is_some_and(|w| w > at),
            ConsentStatus::Expired | ConsentStatus::Refused => false,
        };
        // A withdrawal with its day says more than the status alone.
        if let Some(w) = c.withdrawn_at.filter(|w| *w <= at) {
            return Some(ConsentLack::Withdrawn(w));
        }
        if !given {
            return Some(ConsentLack::Status(c.status));
        }
        if let Some(g) = c.given_at.filter(|g| *g > at) {
            return Some(ConsentLack::GivenAfter(g));
        }
        if let Some(e) = c.expires_at.filter(|e| *e <= at) {
            return Some(ConsentLack::Expired(e));
        }
        let within = c
            .purposes
            .iter()
            .any(|&cp| p.purposes.is_within(hop.purpose, cp));
        // Outside its purposes, consent still covers a compatible one only if the pack says
        // so: the search for one is skipped when it does not.
        if !within && (p.consent_extends.is_none() || self.compatible_through(c).is_none()) {
            return Some(ConsentLack::Purpose);
        }
        let to = p.party_at(hop.to);
        let recipient_ok = c.recipient_parties.contains(&hop.to)
            || c.recipient_kinds
                .iter()
                .any(|&k| p.kinds.is_within(to.kind, k));
        if !recipient_ok {
            return Some(ConsentLack::Recipient);
        }
        if !c.countries.contains(&to.jurisdiction) {
            return Some(ConsentLack::Country);
        }
        None
    }

    /// When the hop's purpose is not within any purpose of the consent record but is declared
    /// compatible with one of them: that purpose, and whether the pack extends consent to
    /// compatible purposes (so that the record covers the hop's purpose through it).
    pub fn consent_compatible_purpose(&self) -> Option<(TermId, bool)> {
        let p = self.policy;
        let hop = self.hop();
        let c = self.facts.consent.as_ref()?;
        if c.purposes
            .iter()
            .any(|&cp| p.purposes.is_within(hop.purpose, cp))
        {
            return None;
        }
        let through = self.compatible_through(c)?;
        Some((through, p.consent_extends.is_some()))
    }

    /// The first purpose of consent record `c` that the hop's purpose is declared compatible
    /// with.
    fn compatible_through(&self, c: &ConsentFacts<'_>) -> Option<TermId> {
        let purpose = self.hop().purpose;
        c.purposes
            .iter()
            .copied()
            .find(|&cp| compatible(self.policy, purpose, cp))
    }

    /// The first agreement (by id) that covers this hop.
    /// Found once a hop: several rules and the chain checks ask it of the same hop.
    pub fn covering_agreement(&self) -> Option<usize> {
        // Only an agreement binding the hop's parties can cover it: the first of those that
        // covers it is the first of all.
        let hop = self.hop();
        *hop.covering.get_or_init(|| {
            self.policy
                .agreements_binding(hop.from, hop.to)
                .find(|&i| self.agreement_gap(i).is_none())
        })
    }

    /// True when some agreement would cover this hop but is limited to subjects the flow does
    /// not state: whether it covers is then unknown, not false. Found once a hop.
    fn agreement_needs_subjects(&self) -> bool {
        self.facts.subjects.is_none()
            && *self.hop().needs_subjects.get_or_init(|| {
                let p = self.policy;
                let hop = self.hop();
                p.agreements_binding(hop.from, hop.to).any(|i| {
                    p.agreements.get(i).is_some_and(|a| a.subjects.is_some())
                        && self.agreement_gap_with(i, false).is_none()
                })
            })
    }

    /// Why agreement `i` does not cover this hop, or `None` when it does. A value, not
    /// words: the plain decision path asks this for every agreement.
    pub fn agreement_gap(&self, i: usize) -> Option<AgreementLack> {
        self.agreement_gap_with(i, true)
    }

    fn agreement_gap_with(&self, i: usize, check_subjects: bool) -> Option<AgreementLack> {
        let p = self.policy;
        let Some(a) = p.agreements.get(i) else {
            return Some(AgreementLack::NotBinding);
        };
        let hop = self.hop();
        if !a.binds(hop.from, hop.to) {
            return Some(AgreementLack::NotBinding);
        }
        let day = crate::model::Day(hop.at.date());
        if day < a.valid_from {
            return Some(AgreementLack::NotYet);
        }
        if day > a.valid_to {
            return Some(AgreementLack::Expired);
        }
        if !a
            .purposes
            .iter()
            .any(|&ap| p.purposes.is_within(hop.purpose, ap))
        {
            return Some(AgreementLack::Purpose);
        }
        if let Some(&c) = self
            .facts
            .categories
            .iter()
            .find(|&&c| !a.data.iter().any(|&d| p.categories.is_within(c, d)))
        {
            return Some(AgreementLack::Data(c));
        }
        if let Some(subjects) = a.subjects.as_ref().filter(|_| check_subjects) {
            match &self.facts.subjects {
                None => return Some(AgreementLack::SubjectsUnstated),
                Some((ids, _)) => {
                    if let Some(&s) = ids
                        .iter()
                        .find(|&&s| !subjects.iter().any(|&a| p.subjects.is_within(s, a)))
                    {
                        return Some(AgreementLack::Subject(s));
                    }
                }
            }
        }
        None
    }
}

/// Why a consent record does not cover a hop, as the evaluator finds it: plain values,
/// put into a [`crate::reason::ConsentGap`] only when an explanation asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentLack {
    /// The flow carries no consent record.
    NoRecord,
    /// Its status is not `given` at the hop's time.
    Status(ConsentStatus),
    /// Withdrawn at this instant, not after the hop.
    Withdrawn(time::OffsetDateTime),
    /// Given only at this instant, after the hop.
    GivenAfter(time::OffsetDateTime),
    /// Expired at this instant, not after the hop.
    Expired(time::OffsetDateTime),
    /// Its purposes do not cover the hop's.
    Purpose,
    /// It names neither the recipient nor its kind.
    Recipient,
    /// Its countries do not include the recipient's.
    Country,
}

/// Why an agreement does not cover a hop, as the evaluator finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementLack {
    /// It binds other parties.
    NotBinding,
    /// It takes effect after the hop.
    NotYet,
    /// It ended before the hop.
    Expired,
    /// It does not cover the hop's purpose.
    Purpose,
    /// It does not cover this category of the flow.
    Data(TermId),
    /// It is limited to subjects and the flow does not state them.
    SubjectsUnstated,
    /// It does not cover this subject of the flow.
    Subject(TermId),
}

/// Further purpose `p` may use data collected for `c`: within it, or declared compatible
/// (`compatible X with Y` where `p` ⊂ X and `c` ⊂ Y).
pub fn compatible(policy: &CompiledPolicy, p: TermId, c: TermId) -> bool {
    // Worked out for every pair of the policy's purposes when it was built; the declarations
    // are looked through only for a term it does not have.
    if let Some(known) = policy.rule_index().compatible(p, c) {
        return known;
    }
    policy.purposes.is_within(p, c)
        || policy
            .compatible
            .iter()
            .any(|&(x, y)| policy.purposes.is_within(p, x) && policy.purposes.is_within(c, y))
}
