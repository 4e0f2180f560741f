//! Three-valued evaluation of conditions: each atom is true, false, or unknown (a fact the
//! flow does not state). Facts are rendered only when asked for (`explain`), so the plain
//! decision path does not allocate strings.

use super::facts::{Facts, HopFacts};
use super::flow::ConsentStatus;
use crate::model::{Atom, Comparison, CompiledPolicy, Cond, PartyId, Role, TermId};

/// Kleene truth value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Depends on a fact the flow does not state.
    Unknown,
}

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

impl Truth {
    /// The word: `true`, `false`, `unknown`.
    pub fn word(self) -> &'static str {
        match self {
            Truth::True => "true",
            Truth::False => "false",
            Truth::Unknown => "unknown",
        }
    }

    fn from(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
    /// Kleene negation: unknown stays unknown.
    pub fn negate(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// Where an atom is evaluated: the policy, the flow's facts and which hop.
pub(crate) struct Ctx<'a, 'f> {
    pub policy: &'a CompiledPolicy,
    pub facts: &'a Facts<'f>,
    pub hop: usize,
}

impl<'a, 'f> Ctx<'a, 'f> {
    pub fn hop(&self) -> &'a HopFacts<'f> {
        &self.facts.hops[self.hop]
    }

    fn party(&self, role: Role) -> PartyId {
        match role {
            Role::Sender => self.hop().from,
            Role::Recipient => self.hop().to,
        }
    }

    fn party_name(&self, id: PartyId) -> &'a str {
        &self.policy.parties[id as usize].name
    }

    /// Evaluates `cond`; when `facts` is given, pushes the facts that decided it.
    pub fn cond(&self, cond: &Cond, facts: Option<&mut Vec<String>>) -> Truth {
        match cond {
            Cond::Atom(a) => {
                let t = self.atom(a);
                if let Some(out) = facts {
                    out.push(self.describe(a, t));
                }
                t
            }
            Cond::Not(inner) => self.cond(inner, facts).negate(),
            Cond::And(parts) => self.junction(parts, Truth::False, facts),
            Cond::Or(parts) => self.junction(parts, Truth::True, facts),
        }
    }

    /// Evaluates `cond` in full (no short cut), keeping every part's value and fact: the
    /// material of an explanation.
    pub fn trace(&self, cond: &Cond) -> CondTrace {
        match cond {
            Cond::Atom(a) => {
                let value = self.atom(a);
                CondTrace {
                    node: Node::Test,
                    condition: self.policy.atom_text(a),
                    value,
                    fact: Some(self.describe(a, value)),
                    parts: Vec::new(),
                }
            }
            Cond::Not(inner) => {
                let inner = self.trace(inner);
                CondTrace {
                    node: Node::Not,
                    condition: self.policy.cond_text(cond),
                    value: inner.value.negate(),
                    fact: None,
                    parts: vec![inner],
                }
            }
            Cond::And(parts) | Cond::Or(parts) => {
                let parts: Vec<CondTrace> = parts.iter().map(|p| self.trace(p)).collect();
                let (node, decisive) = if matches!(cond, Cond::And(_)) {
                    (Node::All, Truth::False)
                } else {
                    (Node::Any, Truth::True)
                };
                let value = if parts.iter().any(|p| p.value == decisive) {
                    decisive
                } else if parts.iter().any(|p| p.value == Truth::Unknown) {
                    Truth::Unknown
                } else {
                    decisive.negate()
                };
                CondTrace {
                    node,
                    condition: self.policy.cond_text(cond),
                    value,
                    fact: None,
                    parts,
                }
            }
        }
    }

    /// `and` (decided by the first false part) or `or` (by the first true part), in Kleene
    /// logic. When facts are collected, the deciding part's facts alone explain the result.
    fn junction(
        &self,
        parts: &[Cond],
        decisive: Truth,
        mut facts: Option<&mut Vec<String>>,
    ) -> Truth {
        let mut result = decisive.negate();
        // Facts go straight into `facts`; a deciding part drops those of the parts before
        // it, so no scratch list is allocated per part.
        let start = facts.as_ref().map_or(0, |f| f.len());
        for p in parts {
            let mine = facts.as_ref().map_or(0, |f| f.len());
            let t = self.cond(p, facts.as_deref_mut());
            if t == decisive {
                if let Some(out) = facts {
                    out.drain(start..mine);
                }
                return decisive;
            }
            if t == Truth::Unknown {
                result = Truth::Unknown;
            }
        }
        result
    }

    /// The truth of one atom.
    pub fn atom(&self, atom: &Atom) -> Truth {
        let p = self.policy;
        let f = self.facts;
        let hop = self.hop();
        match atom {
            Atom::DataIncludes(c) => Truth::from(f.closure.contains(*c as usize)),
            Atom::DataWithin(list) => Truth::from(
                f.categories
                    .iter()
                    .all(|&c| list.iter().any(|&l| p.categories.is_within(c, l))),
            ),
            Atom::DataSensitivity(cmp, level) => match f.sensitivity {
                None => Truth::Unknown,
                Some(s) => Truth::from(match cmp {
                    Comparison::AtLeast => s >= *level,
                    Comparison::AtMost => s <= *level,
                    Comparison::Above => s > *level,
                    Comparison::Below => s < *level,
                    Comparison::Is => s == *level,
                }),
            },
            Atom::SubjectsInclude(s) => match &f.subjects {
                None => Truth::Unknown,
                Some((_, set)) => Truth::from(set.contains(*s as usize)),
            },
            Atom::SubjectsWithin(list) => match &f.subjects {
                None => Truth::Unknown,
                Some((ids, _)) => Truth::from(
                    ids.iter()
                        .all(|&s| list.iter().any(|&l| p.subjects.is_within(s, l))),
                ),
            },
            Atom::PurposeIs(x) => Truth::from(hop.purpose == *x),
            Atom::PurposeWithin(list) => {
                Truth::from(list.iter().any(|&l| p.purposes.is_within(hop.purpose, l)))
            }
            Atom::PurposeCompatible => match f.collected_for {
                None => Truth::Unknown,
                Some(c) => Truth::from(compatible(p, hop.purpose, c)),
            },
            Atom::CollectedWithin(list) => match f.collected_for {
                None => Truth::Unknown,
                Some(c) => Truth::from(list.iter().any(|&l| p.purposes.is_within(c, l))),
            },
            Atom::PartyKind(role, kind) => {
                let party = &p.parties[self.party(*role) as usize];
                Truth::from(p.kinds.is_within(party.kind, *kind))
            }
            Atom::PartyIs(role, id) => Truth::from(self.party(*role) == *id),
            Atom::Jurisdiction(role, codes) => {
                let party = &p.parties[self.party(*role) as usize];
                Truth::from(codes.contains(&party.jurisdiction))
            }
            Atom::HasFlag(role, flag) => {
                let party = &p.parties[self.party(*role) as usize];
                Truth::from(party.flags.iter().any(|f| f == flag))
            }
            Atom::BasisIs(list) => match hop.basis {
                None => Truth::Unknown,
                Some(b) => Truth::from(list.contains(&b)),
            },
            Atom::ConsentCovers => match &f.consent {
                None => Truth::Unknown,
                Some(_) => Truth::from(self.consent_gap().is_none()),
            },
            Atom::AgreementCovers => match self.covering_agreement() {
                Some(_) => Truth::True,
                None if self.agreement_needs_subjects() => Truth::Unknown,
                None => Truth::False,
            },
            Atom::AgreementAllowsOnward => match self.covering_agreement() {
                Some(a) => Truth::from(p.agreements[a].onward_transfer),
                None if self.agreement_needs_subjects() => Truth::Unknown,
                None => Truth::False,
            },
            Atom::ApprovedBy(role) => Truth::from(hop.approved_by(role)),
            Atom::SameOrganisation => Truth::from(self.same_organisation()),
            Atom::CrossBorder => Truth::from(self.cross_border()),
            Atom::InternationalTransfer => {
                Truth::from(self.cross_border() && !self.same_organisation())
            }
            Atom::OnwardTransfer => Truth::from(self.hop > 0),
            Atom::ResponseIs(r) => Truth::from(f.response == Some(r.as_str())),
            Atom::Const(b) => Truth::from(*b),
        }
    }

    fn same_organisation(&self) -> bool {
        let p = self.policy;
        let hop = self.hop();
        let a = &p.parties[hop.from as usize].organisation;
        let b = &p.parties[hop.to as usize].organisation;
        a.is_some() && a == b
    }

    fn cross_border(&self) -> bool {
        let p = self.policy;
        let hop = self.hop();
        p.parties[hop.from as usize].jurisdiction != p.parties[hop.to as usize].jurisdiction
    }

    /// Why the consent record does not cover this hop, or `None` when it does.
    pub fn consent_gap(&self) -> Option<String> {
        let p = self.policy;
        let hop = self.hop();
        let Some(c) = &self.facts.consent else {
            return Some("the flow carries no consent record".into());
        };
        let at = hop.at;
        let given = match c.status {
            ConsentStatus::Given => true,
            // Withdrawn after the flow's time: it was still given then.
            ConsentStatus::Withdrawn => c.withdrawn_at.is_some_and(|w| w > at),
            ConsentStatus::Expired | ConsentStatus::Refused => false,
        };
        if !given {
            let status = match c.status {
                ConsentStatus::Given => "given",
                ConsentStatus::Withdrawn => "withdrawn",
                ConsentStatus::Expired => "expired",
                ConsentStatus::Refused => "refused",
            };
            return Some(format!("its status is {status}"));
        }
        if let Some(w) = c.withdrawn_at.filter(|w| *w <= at) {
            return Some(format!("it was withdrawn on {}", w.date()));
        }
        if let Some(g) = c.given_at.filter(|g| *g > at) {
            return Some(format!("it was only given on {}, after the flow", g.date()));
        }
        if let Some(e) = c.expires_at.filter(|e| *e <= at) {
            return Some(format!("it expired on {}", e.date()));
        }
        if !c
            .purposes
            .iter()
            .any(|&cp| p.purposes.is_within(hop.purpose, cp))
        {
            return Some(format!(
                "its purposes [{}] do not cover {}",
                names(p.purposes.names_of(&c.purposes)),
                p.purposes.name(hop.purpose)
            ));
        }
        let to = &p.parties[hop.to as usize];
        let recipient_ok = c.recipient_parties.contains(&hop.to)
            || c.recipient_kinds
                .iter()
                .any(|&k| p.kinds.is_within(to.kind, k));
        if !recipient_ok {
            return Some(format!(
                "it does not name the recipient {} (nor its kind)",
                to.name
            ));
        }
        if !c.countries.contains(&to.jurisdiction) {
            return Some(format!(
                "its countries [{}] do not include {}",
                c.countries.join(", "),
                to.jurisdiction
            ));
        }
        None
    }

    /// The first agreement (by id) that covers this hop.
    pub fn covering_agreement(&self) -> Option<usize> {
        (0..self.policy.agreements.len()).find(|&i| self.agreement_gap(i).is_none())
    }

    /// True when some agreement would cover this hop but is limited to subjects the flow does
    /// not state: whether it covers is then unknown, not false.
    fn agreement_needs_subjects(&self) -> bool {
        self.facts.subjects.is_none()
            && self
                .policy
                .agreements
                .iter()
                .enumerate()
                .any(|(i, a)| a.subjects.is_some() && self.agreement_gap_with(i, false).is_none())
    }

    /// Why agreement `i` does not cover this hop, or `None` when it does.
    pub fn agreement_gap(&self, i: usize) -> Option<String> {
        self.agreement_gap_with(i, true)
    }

    fn agreement_gap_with(&self, i: usize, check_subjects: bool) -> Option<String> {
        let p = self.policy;
        let a = &p.agreements[i];
        let hop = self.hop();
        if !a.binds(hop.from, hop.to) {
            return Some(format!(
                "it does not bind {} → {}",
                self.party_name(hop.from),
                self.party_name(hop.to)
            ));
        }
        let day = crate::model::Day(hop.at.date());
        if day < a.valid_from {
            return Some(format!("it only takes effect on {}", a.valid_from));
        }
        if day > a.valid_to {
            return Some(format!("it expired on {}", a.valid_to));
        }
        if !a
            .purposes
            .iter()
            .any(|&ap| p.purposes.is_within(hop.purpose, ap))
        {
            return Some(format!(
                "it does not cover the purpose {}",
                p.purposes.name(hop.purpose)
            ));
        }
        if let Some(&c) = self
            .facts
            .categories
            .iter()
            .find(|&&c| !a.data.iter().any(|&d| p.categories.is_within(c, d)))
        {
            return Some(format!(
                "it does not cover the data {}",
                p.categories.name(c)
            ));
        }
        if let Some(subjects) = a.subjects.as_ref().filter(|_| check_subjects) {
            match &self.facts.subjects {
                None => return Some(
                    "it is limited to certain subjects and the flow does not say whose data it is"
                        .into(),
                ),
                Some((ids, _)) => {
                    if let Some(&s) = ids
                        .iter()
                        .find(|&&s| !subjects.iter().any(|&a| p.subjects.is_within(s, a)))
                    {
                        return Some(format!(
                            "it does not cover the subject {}",
                            p.subjects.name(s)
                        ));
                    }
                }
            }
        }
        None
    }

    /// The fact behind an atom's value, in words.
    pub fn describe(&self, atom: &Atom, truth: Truth) -> String {
        let p = self.policy;
        let f = self.facts;
        let hop = self.hop();
        let yes = truth == Truth::True;
        match atom {
            Atom::DataIncludes(c) => {
                match f
                    .categories
                    .iter()
                    .find(|&&x| p.categories.is_within(x, *c))
                {
                    Some(&x) => chain(&p.categories, x, *c),
                    None => format!(
                        "no data within {} (data: {})",
                        p.categories.name(*c),
                        names(p.categories.names_of(&f.categories))
                    ),
                }
            }
            Atom::DataWithin(list) => {
                let outside: Vec<TermId> = f
                    .categories
                    .iter()
                    .copied()
                    .filter(|&c| !list.iter().any(|&l| p.categories.is_within(c, l)))
                    .collect();
                if outside.is_empty() {
                    format!("all data within [{}]", names(p.categories.names_of(list)))
                } else {
                    format!(
                        "{} not within [{}]",
                        names(p.categories.names_of(&outside)),
                        names(p.categories.names_of(list))
                    )
                }
            }
            Atom::DataSensitivity(cmp, level) => match f.sensitivity {
                None => "no category of the flow has a sensitivity level".into(),
                Some(s) => format!(
                    "highest sensitivity {}{} {} {}",
                    s.word(),
                    f.response
                        .as_ref()
                        .map(|r| format!(" (classification for response \"{r}\")"))
                        .unwrap_or_default(),
                    if yes { "is" } else { "is not" },
                    format_args!("{} {}", cmp.words(), level.word())
                ),
            },
            Atom::SubjectsInclude(s) => match &f.subjects {
                None => "the flow does not say whose data it is".into(),
                Some((ids, _)) => match ids.iter().find(|&&x| p.subjects.is_within(x, *s)) {
                    Some(&x) => chain_after("subject ", &p.subjects, x, *s),
                    None => format!(
                        "no subject within {} (subjects: {})",
                        p.subjects.name(*s),
                        names(p.subjects.names_of(ids))
                    ),
                },
            },
            Atom::SubjectsWithin(list) => match &f.subjects {
                None => "the flow does not say whose data it is".into(),
                Some((ids, _)) => format!(
                    "subjects [{}] {} within [{}]",
                    names(p.subjects.names_of(ids)),
                    if yes { "are" } else { "are not all" },
                    names(p.subjects.names_of(list))
                ),
            },
            Atom::PurposeIs(x) => [
                "purpose ",
                p.purposes.name(hop.purpose),
                if yes { " is " } else { " is not " },
                p.purposes.name(*x),
            ]
            .concat(),
            Atom::PurposeWithin(list) => {
                match list.iter().find(|&&l| p.purposes.is_within(hop.purpose, l)) {
                    Some(&l) => chain_after("purpose ", &p.purposes, hop.purpose, l),
                    None => format!(
                        "purpose {} ⊄ {}",
                        p.purposes.name(hop.purpose),
                        names(p.purposes.names_of(list))
                    ),
                }
            }
            Atom::PurposeCompatible => match f.collected_for {
                None => "the flow does not say what the data was collected for".into(),
                Some(c) => format!(
                    "purpose {} {} with collection purpose {}",
                    p.purposes.name(hop.purpose),
                    if yes {
                        "is compatible"
                    } else {
                        "is neither within nor declared compatible"
                    },
                    p.purposes.name(c)
                ),
            },
            Atom::CollectedWithin(list) => match f.collected_for {
                None => "the flow does not say what the data was collected for".into(),
                Some(c) => format!(
                    "collected for {} {} [{}]",
                    p.purposes.name(c),
                    if yes { "⊂" } else { "⊄" },
                    names(p.purposes.names_of(list))
                ),
            },
            Atom::PartyKind(role, kind) => {
                let party = &p.parties[self.party(*role) as usize];
                [
                    role.keyword(),
                    " ",
                    &party.name,
                    " : ",
                    p.kinds.name(party.kind),
                    if yes { " ⊂ " } else { " ⊄ " },
                    p.kinds.name(*kind),
                ]
                .concat()
            }
            Atom::PartyIs(role, id) => format!(
                "{} is {}{}",
                role.keyword(),
                self.party_name(self.party(*role)),
                if yes {
                    String::new()
                } else {
                    format!(", not {}", self.party_name(*id))
                }
            ),
            Atom::Jurisdiction(role, codes) => {
                let party = &p.parties[self.party(*role) as usize];
                [
                    role.keyword(),
                    " ",
                    &party.name,
                    " is in ",
                    &party.jurisdiction,
                    if yes { " (one of [" } else { " (not one of [" },
                    &codes.join(", "),
                    "])",
                ]
                .concat()
            }
            Atom::HasFlag(role, flag) => {
                let party = &p.parties[self.party(*role) as usize];
                [
                    role.keyword(),
                    " ",
                    &party.name,
                    if yes { " has " } else { " does not have " },
                    flag,
                ]
                .concat()
            }
            Atom::BasisIs(list) => match hop.basis {
                None => "the flow states no legal basis".into(),
                Some(b) => [
                    "basis ",
                    b.word(),
                    if yes { " ∈ [" } else { " ∉ [" },
                    &list.iter().map(|b| b.word()).collect::<Vec<_>>().join(", "),
                    "]",
                ]
                .concat(),
            },
            Atom::ConsentCovers => {
                let id = f.consent.as_ref().and_then(|c| c.id).unwrap_or("record");
                match self.consent_gap() {
                    None => {
                        format!("consent {id} is given and covers purpose, recipient and country")
                    }
                    Some(why) if f.consent.is_none() => why,
                    Some(why) => format!("consent {id} does not cover the flow: {why}"),
                }
            }
            Atom::AgreementCovers | Atom::AgreementAllowsOnward => {
                match self.covering_agreement() {
                    Some(i) => {
                        let a = &p.agreements[i];
                        if matches!(atom, Atom::AgreementAllowsOnward) {
                            format!(
                                "agreement \"{}\" {} onward transfer",
                                a.id,
                                if a.onward_transfer {
                                    "allows"
                                } else {
                                    "forbids"
                                }
                            )
                        } else {
                            format!(
                                "agreement \"{}\" covers the flow (valid {} to {})",
                                a.id, a.valid_from, a.valid_to
                            )
                        }
                    }
                    None => self.no_agreement(),
                }
            }
            Atom::ApprovedBy(role) => {
                if yes {
                    format!("approved by {role}")
                } else {
                    match hop.late_approval(role) {
                        Some(late) => format!("no approval by {role} that counts: {late}"),
                        None => format!("no approval by {role}"),
                    }
                }
            }
            Atom::SameOrganisation => {
                let a = &p.parties[hop.from as usize];
                let b = &p.parties[hop.to as usize];
                format!(
                    "{} ({}) and {} ({}) {}",
                    a.name,
                    a.organisation.as_deref().unwrap_or("no organisation"),
                    b.name,
                    b.organisation.as_deref().unwrap_or("no organisation"),
                    if yes {
                        "are one organisation"
                    } else {
                        "are not one organisation"
                    }
                )
            }
            Atom::CrossBorder | Atom::InternationalTransfer => {
                let a = &p.parties[hop.from as usize];
                let b = &p.parties[hop.to as usize];
                let mut s = format!("{} → {}", a.jurisdiction, b.jurisdiction);
                if matches!(atom, Atom::InternationalTransfer)
                    && self.cross_border()
                    && self.same_organisation()
                {
                    s.push_str(&format!(
                        ", inside {}",
                        a.organisation.as_deref().unwrap_or_default()
                    ));
                }
                s
            }
            Atom::OnwardTransfer => {
                if yes {
                    format!("hop {} of an onward transfer", self.hop + 1)
                } else {
                    "first hop (not an onward transfer)".into()
                }
            }
            Atom::ResponseIs(r) => match &f.response {
                Some(x) => format!(
                    "response \"{x}\" {} \"{r}\"",
                    if yes { "is" } else { "is not" }
                ),
                None => "the flow names no response".into(),
            },
            Atom::Const(b) => format!("always {b}"),
        }
    }

    fn no_agreement(&self) -> String {
        let reasons: Vec<String> = (0..self.policy.agreements.len())
            .filter_map(|i| {
                let why = self.agreement_gap(i)?;
                // Agreements between other parties are not worth listing.
                (!why.starts_with("it does not bind"))
                    .then(|| format!("\"{}\": {why}", self.policy.agreements[i].id))
            })
            .collect();
        if reasons.is_empty() {
            format!(
                "no agreement binds {} → {}",
                self.party_name(self.hop().from),
                self.party_name(self.hop().to)
            )
        } else {
            format!("no agreement covers the flow ({})", reasons.join("; "))
        }
    }
}

/// Further purpose `p` may use data collected for `c`: within it, or declared compatible
/// (`compatible X with Y` where `p` ⊂ X and `c` ⊂ Y).
pub fn compatible(policy: &CompiledPolicy, p: TermId, c: TermId) -> bool {
    policy.purposes.is_within(p, c)
        || policy
            .compatible
            .iter()
            .any(|&(x, y)| policy.purposes.is_within(p, x) && policy.purposes.is_within(c, y))
}

// Facts are put together with `[..].concat()` rather than `format!` where they are written
// for every deciding rule of every decision: it sizes the string once.
fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

/// `a ⊂ b ⊂ c`: the hierarchy steps that put `from` within `to`.
fn chain(t: &crate::model::Taxonomy, from: TermId, to: TermId) -> String {
    chain_after("", t, from, to)
}

/// `prefix` then [`chain`], built in one string: this runs for every deciding rule of
/// every decision.
fn chain_after(prefix: &str, t: &crate::model::Taxonomy, from: TermId, to: TermId) -> String {
    let mut out = String::with_capacity(prefix.len() + 64);
    out.push_str(prefix);
    out.push_str(t.name(from));
    if from == to || !t.is_within(from, to) {
        // The term itself: the flow names exactly what the rule names.
        out.push_str(" itself");
        return out;
    }
    // As `Taxonomy::path`: climb through a parent that is within `to`.
    let mut at = from;
    while at != to {
        match t.parents(at).iter().find(|&&p| t.is_within(p, to)) {
            Some(&p) => at = p,
            None => break,
        }
        out.push_str(" ⊂ ");
        out.push_str(t.name(at));
    }
    out
}
