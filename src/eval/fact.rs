//! The fact behind an atom's value, as a typed [`Fact`] with the names involved. Built only
//! when words are asked for (a decision's deciding rules, an explanation); a verdict never
//! builds one.

use super::atoms::{AgreementLack, ConsentLack, Ctx, Truth};
use super::facts::{parse_instant, rfc3339};
use super::flow::ConsentStatus;
use crate::model::{Atom, Comparison, CompiledPolicy, Role, Taxonomy, TermId};
use crate::reason::{AgreementGap, Compare, ConsentGap, Fact, HashtagReading, Side};

impl Ctx<'_, '_> {
    /// The fact behind `atom`'s value `truth` on this hop.
    pub(crate) fn fact(&self, atom: &Atom, truth: Truth) -> Fact {
        let p = self.policy;
        let f = self.facts;
        let hop = self.hop();
        let holds = truth == Truth::True;
        let cats = |ids: &[TermId]| names(&p.categories, ids);
        match atom {
            Atom::DataIncludes(_) | Atom::DataWithin(_) if f.categories.is_empty() => {
                Fact::DataNone
            }
            Atom::DataWithin(list) if list.is_empty() => Fact::DataSome {
                data: cats(&f.categories),
                hashtags: hashtag_readings(p, f.data, |_| true),
            },
            Atom::SubjectsWithin(list) if list.is_empty() => match &f.subjects {
                None => Fact::SubjectsUnstated,
                Some((ids, _)) if ids.is_empty() => Fact::SubjectsNone,
                Some((ids, _)) => Fact::SubjectsSome {
                    subjects: names(&p.subjects, ids),
                },
            },
            Atom::DataIncludes(c) => match f
                .categories
                .iter()
                .find(|&&x| p.categories.is_within(x, *c))
            {
                Some(&x) => Fact::DataWithin {
                    path: path(&p.categories, x, *c),
                    hashtags: hashtag_readings(p, f.data, |id| id == x),
                },
                None => Fact::DataNoneWithin {
                    category: p.categories.name(*c).to_owned(),
                    data: cats(&f.categories),
                    hashtags: hashtag_readings(p, f.data, |_| true),
                },
            },
            Atom::DataWithin(list) => {
                let outside: Vec<TermId> = f
                    .categories
                    .iter()
                    .copied()
                    .filter(|&c| !list.iter().any(|&l| p.categories.is_within(c, l)))
                    .collect();
                if outside.is_empty() {
                    Fact::DataAllWithin {
                        within: cats(list),
                        hashtags: hashtag_readings(p, f.data, |_| true),
                    }
                } else {
                    Fact::DataOutside {
                        hashtags: hashtag_readings(p, f.data, |id| outside.contains(&id)),
                        outside: cats(&outside),
                        within: cats(list),
                    }
                }
            }
            Atom::DataSensitivity(cmp, level) => match f.sensitivity {
                None => Fact::SensitivityUnknown,
                Some(s) => Fact::Sensitivity {
                    level: s.word().to_owned(),
                    response: f.response.map(str::to_owned),
                    combination: f.combination.and_then(|i| {
                        let c = f
                            .response
                            .and_then(|r| p.classifications.iter().find(|c| c.response == r))?
                            .combinations
                            .get(i)?;
                        Some(cats(&c.categories))
                    }),
                    compare: compare(*cmp),
                    bound: level.word().to_owned(),
                    holds,
                },
            },
            Atom::SubjectsInclude(s) => match &f.subjects {
                None => Fact::SubjectsUnstated,
                Some((ids, _)) => match ids.iter().find(|&&x| p.subjects.is_within(x, *s)) {
                    Some(&x) => Fact::SubjectWithin {
                        path: path(&p.subjects, x, *s),
                    },
                    None => Fact::SubjectNoneWithin {
                        subject: p.subjects.name(*s).to_owned(),
                        subjects: names(&p.subjects, ids),
                    },
                },
            },
            Atom::SubjectsWithin(list) => match &f.subjects {
                None => Fact::SubjectsUnstated,
                Some((ids, _)) => Fact::SubjectsAllWithin {
                    subjects: names(&p.subjects, ids),
                    within: names(&p.subjects, list),
                    holds,
                },
            },
            Atom::PurposeIs(x) => Fact::PurposeIs {
                purpose: p.purposes.name(hop.purpose).to_owned(),
                expected: p.purposes.name(*x).to_owned(),
                holds,
            },
            Atom::PurposeWithin(list) => {
                match list.iter().find(|&&l| p.purposes.is_within(hop.purpose, l)) {
                    Some(&l) => Fact::PurposeWithin {
                        path: path(&p.purposes, hop.purpose, l),
                    },
                    None => Fact::PurposeOutside {
                        purpose: p.purposes.name(hop.purpose).to_owned(),
                        within: names(&p.purposes, list),
                    },
                }
            }
            Atom::PurposeCompatible => match f.collected_for {
                None => Fact::CollectionUnstated,
                Some(c) => Fact::PurposeCompatible {
                    purpose: p.purposes.name(hop.purpose).to_owned(),
                    collected_for: p.purposes.name(c).to_owned(),
                    holds,
                },
            },
            Atom::CollectedWithin(list) => match f.collected_for {
                None => Fact::CollectionUnstated,
                Some(c) => Fact::CollectedWithin {
                    collected_for: p.purposes.name(c).to_owned(),
                    within: names(&p.purposes, list),
                    holds,
                },
            },
            Atom::PartyKind(role, kind) => {
                let party = p.party_at(self.party(*role));
                Fact::PartyKind {
                    side: side(*role),
                    party: party.name.clone(),
                    kind: p.kinds.name(party.kind).to_owned(),
                    expected: p.kinds.name(*kind).to_owned(),
                    holds,
                }
            }
            Atom::PartyIs(role, id) => Fact::PartyIs {
                side: side(*role),
                party: self.party_name(self.party(*role)).to_owned(),
                expected: self.party_name(*id).to_owned(),
                holds,
            },
            Atom::Jurisdiction(role, codes) => {
                let party = p.party_at(self.party(*role));
                Fact::PartyCountry {
                    side: side(*role),
                    party: party.name.clone(),
                    country: party.jurisdiction.clone(),
                    countries: codes.clone(),
                    holds,
                }
            }
            Atom::HasFlag(role, flag) => Fact::PartyFlag {
                side: side(*role),
                party: self.party_name(self.party(*role)).to_owned(),
                flag: flag.clone(),
                holds,
            },
            Atom::BasisIs(list) => match hop.basis {
                None => Fact::BasisUnstated,
                Some(b) => Fact::Basis {
                    basis: b.word().to_owned(),
                    bases: list.iter().map(|b| b.word().to_owned()).collect(),
                    holds,
                },
            },
            Atom::ConsentCovers => self.consent_fact(),
            Atom::AgreementCovers | Atom::AgreementAllowsOnward => {
                match self.covering_agreement() {
                    Some(i) if i < p.agreements.len() => {
                        let Some(a) = p.agreements.get(i) else {
                            return self.no_agreement();
                        };
                        if matches!(atom, Atom::AgreementAllowsOnward) {
                            Fact::AgreementOnward {
                                agreement: a.id.clone(),
                                holds: a.onward_transfer,
                            }
                        } else {
                            Fact::AgreementCovers {
                                agreement: a.id.clone(),
                                from: a.valid_from.to_string(),
                                to: a.valid_to.to_string(),
                            }
                        }
                    }
                    _ => self.no_agreement(),
                }
            }
            Atom::ApprovedBy(role) => {
                if holds {
                    Fact::ApprovalGiven {
                        role: role.clone(),
                        reference: hop
                            .counting(role)
                            .find_map(|a| a.reference())
                            .map(str::to_owned),
                    }
                } else {
                    self.uncounted_approval(role)
                }
            }
            Atom::ApprovedWithin(role, period) => match hop.approved_within(role, *period) {
                (_, Some(at)) if truth != Truth::Unknown => Fact::ApprovalRecent {
                    role: role.clone(),
                    at: rfc3339(at),
                    flow_at: rfc3339(hop.at),
                    amount: period.amount,
                    unit: period.unit.word().to_owned(),
                    holds,
                    reference: hop
                        .counting(role)
                        .filter(|a| a.at.as_deref().and_then(parse_instant) == Some(at))
                        .find_map(|a| a.reference())
                        .map(str::to_owned),
                },
                _ if truth == Truth::Unknown => Fact::ApprovalUndated { role: role.clone() },
                _ => self.uncounted_approval(role),
            },
            Atom::RecordsOlder(event, period) => match self.records_older(*event, *period) {
                None if self.open_case(*event) => Fact::RecordsOpen,
                None => Fact::RecordsUnstated {
                    event: event.word().to_owned(),
                },
                Some((on, ends, older)) => Fact::RecordsAge {
                    event: event.word().to_owned(),
                    on: rfc3339(on),
                    amount: period.amount,
                    unit: period.unit.word().to_owned(),
                    ends: ends.map(rfc3339),
                    flow_at: rfc3339(hop.at),
                    holds: older,
                },
            },
            Atom::SameOrganisation => {
                let a = p.party_at(hop.from);
                let b = p.party_at(hop.to);
                Fact::SameOrganisation {
                    from: a.name.clone(),
                    from_organisation: a.organisation.clone(),
                    to: b.name.clone(),
                    to_organisation: b.organisation.clone(),
                    holds,
                }
            }
            Atom::CrossBorder | Atom::InternationalTransfer => {
                let a = p.party_at(hop.from);
                let b = p.party_at(hop.to);
                let inside = (matches!(atom, Atom::InternationalTransfer)
                    && self.cross_border()
                    && self.same_organisation())
                .then(|| a.organisation.clone())
                .flatten();
                Fact::Countries {
                    from: a.jurisdiction.clone(),
                    to: b.jurisdiction.clone(),
                    inside,
                }
            }
            Atom::OnwardTransfer => {
                if holds {
                    Fact::OnwardHop { hop: self.hop + 1 }
                } else {
                    Fact::FirstHop
                }
            }
            Atom::ResponseIs(r) => match &f.response {
                Some(x) => Fact::ResponseIs {
                    response: (*x).to_owned(),
                    expected: r.clone(),
                    holds,
                },
                None => Fact::ResponseUnstated,
            },
            Atom::Const(b) => Fact::Constant { value: *b },
        }
    }

    /// Whether and why the consent record covers this hop.
    fn consent_fact(&self) -> Fact {
        let p = self.policy;
        let hop = self.hop();
        let Some(c) = &self.facts.consent else {
            return Fact::ConsentMissing;
        };
        let consent = c.id.map(str::to_owned);
        let day = |t: time::OffsetDateTime| t.date().to_string();
        let through = self.consent_compatible_purpose();
        let why = match self.consent_gap() {
            // Covered through a compatible purpose: the explanation says which reading did it.
            None => match through {
                Some((given_for, true)) => {
                    return Fact::ConsentCoversCompatible {
                        consent,
                        purpose: p.purposes.name(hop.purpose).to_owned(),
                        given_for: p.purposes.name(given_for).to_owned(),
                        cite: p.consent_extends.clone().unwrap_or_default(),
                    };
                }
                _ => return Fact::ConsentCovers { consent },
            },
            Some(ConsentLack::NoRecord) => return Fact::ConsentMissing,
            Some(ConsentLack::Status(status)) => ConsentGap::Status {
                status: match status {
                    ConsentStatus::Given => "given",
                    ConsentStatus::Withdrawn => "withdrawn",
                    ConsentStatus::Expired => "expired",
                    ConsentStatus::Refused => "refused",
                }
                .to_owned(),
            },
            Some(ConsentLack::Withdrawn(t)) => ConsentGap::Withdrawn { on: day(t) },
            Some(ConsentLack::GivenAfter(t)) => ConsentGap::GivenAfter { on: day(t) },
            Some(ConsentLack::Expired(t)) => ConsentGap::Expired { on: day(t) },
            Some(ConsentLack::Purpose) if through.is_some() => ConsentGap::PurposeOnlyCompatible {
                purpose: p.purposes.name(hop.purpose).to_owned(),
                given_for: through
                    .map(|(t, _)| p.purposes.name(t).to_owned())
                    .unwrap_or_default(),
            },
            Some(ConsentLack::Purpose) => ConsentGap::Purpose {
                purposes: names(&p.purposes, &c.purposes),
                purpose: p.purposes.name(hop.purpose).to_owned(),
            },
            Some(ConsentLack::Recipient) => ConsentGap::Recipient {
                recipient: self.party_name(hop.to).to_owned(),
            },
            Some(ConsentLack::Country) => ConsentGap::Country {
                countries: c.countries.to_vec(),
                country: p.party_at(hop.to).jurisdiction.clone(),
            },
        };
        Fact::ConsentGap { consent, why }
    }

    /// Why no agreement covers this hop: none binds the parties, or why each that does
    /// falls short.
    fn no_agreement(&self) -> Fact {
        let gaps: Vec<AgreementGap> = (0..self.policy.agreements.len())
            .filter_map(|i| self.agreement_gap(i).and_then(|lack| self.gap_of(i, lack)))
            .collect();
        if gaps.is_empty() {
            Fact::AgreementNoneBinds {
                from: self.party_name(self.hop().from).to_owned(),
                to: self.party_name(self.hop().to).to_owned(),
            }
        } else {
            Fact::AgreementNoneCovers { gaps }
        }
    }

    /// Agreement `i`'s shortfall with its names; `None` for one that binds other parties
    /// (not worth listing).
    fn gap_of(&self, i: usize, lack: AgreementLack) -> Option<AgreementGap> {
        let p = self.policy;
        let a = p.agreements.get(i)?;
        let agreement = a.id.clone();
        Some(match lack {
            AgreementLack::NotBinding => return None,
            AgreementLack::NotYet => AgreementGap::NotYet {
                agreement,
                on: a.valid_from.to_string(),
            },
            AgreementLack::Expired => AgreementGap::Expired {
                agreement,
                on: a.valid_to.to_string(),
            },
            AgreementLack::Purpose => AgreementGap::Purpose {
                agreement,
                purpose: p.purposes.name(self.hop().purpose).to_owned(),
            },
            AgreementLack::Data(c) => AgreementGap::Data {
                agreement,
                category: p.categories.name(c).to_owned(),
            },
            AgreementLack::SubjectsUnstated => AgreementGap::SubjectsUnstated { agreement },
            AgreementLack::Subject(s) => AgreementGap::Subject {
                agreement,
                subject: p.subjects.name(s).to_owned(),
            },
        })
    }

    /// Why the hop has no approval by `role` that counts: one dated after it, one expired
    /// at it, or none at all.
    pub(crate) fn uncounted_approval(&self, role: &str) -> Fact {
        let hop = self.hop();
        self.late_approval(role)
            .or_else(|| {
                hop.expired_approval(role).map(|e| Fact::ApprovalExpired {
                    role: role.to_owned(),
                    expires: rfc3339(e),
                    flow_at: rfc3339(hop.at),
                })
            })
            .unwrap_or_else(|| Fact::ApprovalMissing {
                role: role.to_owned(),
            })
    }

    /// For a hop without an approval by `role` that counts: the one it carries dated after
    /// the hop, with both times.
    pub(crate) fn late_approval(&self, role: &str) -> Option<Fact> {
        let hop = self.hop();
        let when = hop.late_approval(role)?;
        Some(Fact::ApprovalLate {
            role: role.to_owned(),
            at: rfc3339(when),
            flow_at: rfc3339(hop.at),
        })
    }
}

fn side(role: Role) -> Side {
    match role {
        Role::Sender => Side::Sender,
        Role::Recipient => Side::Recipient,
    }
}

fn compare(c: Comparison) -> Compare {
    match c {
        Comparison::AtLeast => Compare::AtLeast,
        Comparison::AtMost => Compare::AtMost,
        Comparison::Above => Compare::Above,
        Comparison::Below => Compare::Below,
        Comparison::Is => Compare::Is,
    }
}

/// How the flow named its categories by HXL hashtags that are not themselves declared tags:
/// each such entry whose category passes `keep`, with the declared tag it was read as. Empty
/// when the flow named its data by category names or by declared tags exactly (nothing to say).
fn hashtag_readings(
    p: &CompiledPolicy,
    data: &[String],
    keep: impl Fn(TermId) -> bool,
) -> Vec<HashtagReading> {
    data.iter()
        .filter(|entry| entry.starts_with('#') && !p.hxl.contains_key(entry.as_str()))
        .filter_map(|entry| {
            let normal = crate::compile::normalise_hashtag(entry)?;
            let (declared, id) = p.declared_hashtag(&normal)?;
            (keep(id) && declared != entry.as_str()).then(|| HashtagReading {
                written: entry.clone(),
                declared: declared.to_owned(),
            })
        })
        .collect()
}

fn names(t: &Taxonomy, ids: &[TermId]) -> Vec<String> {
    t.names_of(ids).map(str::to_owned).collect()
}

/// The hierarchy steps that put `from` within `to`, from `from` up: one name when `from` is
/// `to` itself.
fn path(t: &Taxonomy, from: TermId, to: TermId) -> Vec<String> {
    if from == to || !t.is_within(from, to) {
        return vec![t.name(from).to_owned()];
    }
    // Room for the usual few steps, so the list is not grown step by step.
    let mut out = Vec::with_capacity(4);
    out.push(t.name(from).to_owned());
    // As `Taxonomy::path`: climb through a parent that is within `to`.
    let mut at = from;
    while at != to {
        match t.parents(at).iter().find(|&&p| t.is_within(p, to)) {
            Some(&p) => at = p,
            None => break,
        }
        out.push(t.name(at).to_owned());
    }
    out
}
