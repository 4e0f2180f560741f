//! The fact behind an atom's value, as a typed [`Fact`] with the names involved. Built only
//! when words are asked for (a decision's deciding rules, an explanation); a verdict never
//! builds one.

use super::atoms::{AgreementLack, ConsentLack, Ctx, Truth};
use super::facts::{parse_instant, rfc3339};
use super::flow::ConsentStatus;
use crate::model::{Atom, Comparison, CompiledPolicy, PartyId, Role, Sort, TermId};
use crate::reason::{AgreementGap, Compare, ConsentGap, Fact, HashtagReading, Name, Side};

impl Ctx<'_, '_> {
    /// The fact behind `atom`'s value `truth` on this hop.
    pub(crate) fn fact(&self, atom: &Atom, truth: Truth) -> Fact {
        let p = self.policy;
        let f = self.facts;
        let hop = self.hop();
        let holds = truth == Truth::True;
        let cats = |ids: &[TermId]| names(p, Sort::Category, ids);
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
                    subjects: names(p, Sort::Subject, ids),
                },
            },
            Atom::DataIncludes(c) => match f
                .categories
                .iter()
                .find(|&&x| p.categories.is_within(x, *c))
            {
                Some(&x) => Fact::DataWithin {
                    path: path(p, Sort::Category, x, *c),
                    hashtags: hashtag_readings(p, f.data, |id| id == x),
                },
                None => Fact::DataNoneWithin {
                    category: term(p, Sort::Category, *c),
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
                    level: Name::from_static(s.word()),
                    response: f.response.map(Name::from),
                    combination: f.combination.and_then(|i| {
                        let c = f
                            .response
                            .and_then(|r| p.classifications.iter().find(|c| c.response == r))?
                            .combinations
                            .get(i)?;
                        Some(cats(&c.categories))
                    }),
                    compare: compare(*cmp),
                    bound: Name::from_static(level.word()),
                    holds,
                },
            },
            Atom::SubjectsInclude(s) => match &f.subjects {
                None => Fact::SubjectsUnstated,
                Some((ids, _)) => match ids.iter().find(|&&x| p.subjects.is_within(x, *s)) {
                    Some(&x) => Fact::SubjectWithin {
                        path: path(p, Sort::Subject, x, *s),
                    },
                    None => Fact::SubjectNoneWithin {
                        subject: term(p, Sort::Subject, *s),
                        subjects: names(p, Sort::Subject, ids),
                    },
                },
            },
            Atom::SubjectsWithin(list) => match &f.subjects {
                None => Fact::SubjectsUnstated,
                Some((ids, _)) => Fact::SubjectsAllWithin {
                    subjects: names(p, Sort::Subject, ids),
                    within: names(p, Sort::Subject, list),
                    holds,
                },
            },
            Atom::PurposeIs(x) => Fact::PurposeIs {
                purpose: term(p, Sort::Purpose, hop.purpose),
                expected: term(p, Sort::Purpose, *x),
                holds,
            },
            Atom::PurposeWithin(list) => {
                match list.iter().find(|&&l| p.purposes.is_within(hop.purpose, l)) {
                    Some(&l) => Fact::PurposeWithin {
                        path: path(p, Sort::Purpose, hop.purpose, l),
                    },
                    None => Fact::PurposeOutside {
                        purpose: term(p, Sort::Purpose, hop.purpose),
                        within: names(p, Sort::Purpose, list),
                    },
                }
            }
            Atom::PurposeCompatible => match f.collected_for {
                None => Fact::CollectionUnstated,
                Some(c) => Fact::PurposeCompatible {
                    purpose: term(p, Sort::Purpose, hop.purpose),
                    collected_for: term(p, Sort::Purpose, c),
                    holds,
                },
            },
            Atom::CollectedWithin(list) => match f.collected_for {
                None => Fact::CollectionUnstated,
                Some(c) => Fact::CollectedWithin {
                    collected_for: term(p, Sort::Purpose, c),
                    within: names(p, Sort::Purpose, list),
                    holds,
                },
            },
            Atom::PartyKind(role, kind) => {
                let id = self.party(*role);
                let party = p.party_at(id);
                Fact::PartyKind {
                    side: side(*role),
                    party: party_name(p, id),
                    kind: term(p, Sort::Kind, party.kind),
                    expected: term(p, Sort::Kind, *kind),
                    holds,
                }
            }
            Atom::PartyIs(role, id) => Fact::PartyIs {
                side: side(*role),
                party: party_name(p, self.party(*role)),
                expected: party_name(p, *id),
                holds,
            },
            Atom::Jurisdiction(role, codes) => {
                let id = self.party(*role);
                Fact::PartyCountry {
                    side: side(*role),
                    party: party_name(p, id),
                    country: party_country(p, id),
                    countries: codes.iter().map(|c| country(c)).collect(),
                    holds,
                }
            }
            Atom::HasFlag(role, flag) => Fact::PartyFlag {
                side: side(*role),
                party: party_name(p, self.party(*role)),
                flag: Name::from(flag),
                holds,
            },
            Atom::BasisIs(list) => match hop.basis {
                None => Fact::BasisUnstated,
                Some(b) => Fact::Basis {
                    basis: Name::from_static(b.word()),
                    bases: list.iter().map(|b| Name::from_static(b.word())).collect(),
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
                                agreement: agreement_quote(p, i, |q| &q.id, &a.id),
                                holds: a.onward_transfer,
                            }
                        } else {
                            Fact::AgreementCovers {
                                agreement: agreement_quote(p, i, |q| &q.id, &a.id),
                                from: agreement_quote(p, i, |q| &q.from, &a.valid_from),
                                to: agreement_quote(p, i, |q| &q.to, &a.valid_to),
                            }
                        }
                    }
                    _ => self.no_agreement(),
                }
            }
            Atom::ApprovedBy(role) => {
                if holds {
                    Fact::ApprovalGiven {
                        role: Name::from(role),
                        reference: hop
                            .counting(role)
                            .find_map(|a| a.reference())
                            .map(Name::from),
                    }
                } else {
                    self.uncounted_approval(role)
                }
            }
            Atom::ApprovedWithin(role, period) => match hop.approved_within(role, *period) {
                (_, Some(at)) if truth != Truth::Unknown => Fact::ApprovalRecent {
                    role: Name::from(role),
                    at: Name::from(rfc3339(at)),
                    flow_at: Name::from(rfc3339(hop.at)),
                    amount: period.amount,
                    unit: Name::from_static(period.unit.word()),
                    holds,
                    reference: hop
                        .counting(role)
                        .filter(|a| a.at.as_deref().and_then(parse_instant) == Some(at))
                        .find_map(|a| a.reference())
                        .map(Name::from),
                },
                _ if truth == Truth::Unknown => Fact::ApprovalUndated {
                    role: Name::from(role),
                },
                _ => self.uncounted_approval(role),
            },
            Atom::RecordsOlder(event, period) => match self.records_older(*event, *period) {
                None if self.open_case(*event) => Fact::RecordsOpen,
                None => Fact::RecordsUnstated {
                    event: Name::from_static(event.word()),
                },
                Some((on, ends, older)) => Fact::RecordsAge {
                    event: Name::from_static(event.word()),
                    on: Name::from(rfc3339(on)),
                    amount: period.amount,
                    unit: Name::from_static(period.unit.word()),
                    ends: ends.map(|e| Name::from(rfc3339(e))),
                    flow_at: Name::from(rfc3339(hop.at)),
                    holds: older,
                },
            },
            Atom::SameOrganisation => Fact::SameOrganisation {
                from: party_name(p, hop.from),
                from_organisation: party_organisation(p, hop.from),
                to: party_name(p, hop.to),
                to_organisation: party_organisation(p, hop.to),
                holds,
            },
            Atom::CrossBorder | Atom::InternationalTransfer => {
                let inside = (matches!(atom, Atom::InternationalTransfer)
                    && self.cross_border()
                    && self.same_organisation())
                .then(|| party_organisation(p, hop.from))
                .flatten();
                Fact::Countries {
                    from: party_country(p, hop.from),
                    to: party_country(p, hop.to),
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
                    response: Name::from(*x),
                    expected: Name::from(r),
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
        let consent = c.id.map(Name::from);
        let day = |t: time::OffsetDateTime| Name::from(t.date().to_string());
        let through = self.consent_compatible_purpose();
        let why = match self.consent_gap() {
            // Covered through a compatible purpose: the explanation says which reading did it.
            None => match through {
                Some((given_for, true)) => {
                    return Fact::ConsentCoversCompatible {
                        consent,
                        purpose: term(p, Sort::Purpose, hop.purpose),
                        given_for: term(p, Sort::Purpose, given_for),
                        cite: p
                            .consent_extends
                            .as_deref()
                            .map_or_else(Name::default, Name::from),
                    };
                }
                _ => return Fact::ConsentCovers { consent },
            },
            Some(ConsentLack::NoRecord) => return Fact::ConsentMissing,
            Some(ConsentLack::Status(status)) => ConsentGap::Status {
                status: Name::from_static(match status {
                    ConsentStatus::Given => "given",
                    ConsentStatus::Withdrawn => "withdrawn",
                    ConsentStatus::Expired => "expired",
                    ConsentStatus::Refused => "refused",
                }),
            },
            Some(ConsentLack::Withdrawn(t)) => ConsentGap::Withdrawn { on: day(t) },
            Some(ConsentLack::GivenAfter(t)) => ConsentGap::GivenAfter { on: day(t) },
            Some(ConsentLack::Expired(t)) => ConsentGap::Expired { on: day(t) },
            Some(ConsentLack::Purpose) if through.is_some() => ConsentGap::PurposeOnlyCompatible {
                purpose: term(p, Sort::Purpose, hop.purpose),
                given_for: through
                    .map(|(t, _)| term(p, Sort::Purpose, t))
                    .unwrap_or_default(),
            },
            Some(ConsentLack::Purpose) => ConsentGap::Purpose {
                purposes: names(p, Sort::Purpose, &c.purposes),
                purpose: term(p, Sort::Purpose, hop.purpose),
            },
            Some(ConsentLack::Recipient) => ConsentGap::Recipient {
                recipient: party_name(p, hop.to),
            },
            Some(ConsentLack::Country) => ConsentGap::Country {
                countries: c.countries.iter().map(|c| country(c)).collect(),
                country: party_country(p, hop.to),
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
                from: party_name(self.policy, self.hop().from),
                to: party_name(self.policy, self.hop().to),
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
        let agreement = agreement_quote(p, i, |q| &q.id, &a.id);
        Some(match lack {
            AgreementLack::NotBinding => return None,
            AgreementLack::NotYet => AgreementGap::NotYet {
                agreement,
                on: agreement_quote(p, i, |q| &q.from, &a.valid_from),
            },
            AgreementLack::Expired => AgreementGap::Expired {
                agreement,
                on: agreement_quote(p, i, |q| &q.to, &a.valid_to),
            },
            AgreementLack::Purpose => AgreementGap::Purpose {
                agreement,
                purpose: term(p, Sort::Purpose, self.hop().purpose),
            },
            AgreementLack::Data(c) => AgreementGap::Data {
                agreement,
                category: term(p, Sort::Category, c),
            },
            AgreementLack::SubjectsUnstated => AgreementGap::SubjectsUnstated { agreement },
            AgreementLack::Subject(s) => AgreementGap::Subject {
                agreement,
                subject: term(p, Sort::Subject, s),
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
                    role: Name::from(role),
                    expires: Name::from(rfc3339(e)),
                    flow_at: Name::from(rfc3339(hop.at)),
                })
            })
            .unwrap_or_else(|| Fact::ApprovalMissing {
                role: Name::from(role),
            })
    }

    /// For a hop without an approval by `role` that counts: the one it carries dated after
    /// the hop, with both times.
    pub(crate) fn late_approval(&self, role: &str) -> Option<Fact> {
        let hop = self.hop();
        let when = hop.late_approval(role)?;
        Some(Fact::ApprovalLate {
            role: Name::from(role),
            at: Name::from(rfc3339(when)),
            flow_at: Name::from(rfc3339(hop.at)),
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
                written: Name::from(entry),
                declared: Name::from(declared),
            })
        })
        .collect()
}

/// Term `id` of the `sort` taxonomy, shared with the policy.
pub(crate) fn term(p: &CompiledPolicy, sort: Sort, id: TermId) -> Name {
    p.quotes()
        .term(sort, id)
        .map_or_else(|| Name::from(p.taxonomy(sort).name(id)), Name::from)
}

fn names(p: &CompiledPolicy, sort: Sort, ids: &[TermId]) -> Vec<Name> {
    ids.iter().map(|&id| term(p, sort, id)).collect()
}

/// Party `id`'s name, shared with the policy.
pub(crate) fn party_name(p: &CompiledPolicy, id: PartyId) -> Name {
    p.quotes().party(id).map_or_else(
        || Name::from(p.party_at(id).name.as_str()),
        |q| Name::from(&q.name),
    )
}

/// Party `id`'s country, shared with the policy.
fn party_country(p: &CompiledPolicy, id: PartyId) -> Name {
    p.quotes().party(id).map_or_else(
        || Name::from(p.party_at(id).jurisdiction.as_str()),
        |q| Name::from(&q.jurisdiction),
    )
}

/// Party `id`'s organisation, shared with the policy.
pub(crate) fn party_organisation(p: &CompiledPolicy, id: PartyId) -> Option<Name> {
    match p.quotes().party(id) {
        Some(q) => q.organisation.as_ref().map(Name::from),
        None => p.party_at(id).organisation.as_deref().map(Name::from),
    }
}

/// A country code: the static one when it is known (it always is in a compiled policy).
pub(crate) fn country(code: &str) -> Name {
    crate::compile::known_jurisdiction(code).map_or_else(|| Name::from(code), Name::from_static)
}

/// What agreement `i` quotes (`pick` of its quotes), shared with the policy; `or` written out
/// when the quotes lack it.
pub(crate) fn agreement_quote(
    p: &CompiledPolicy,
    i: usize,
    pick: impl Fn(&crate::model::AgreementQuotes) -> &std::sync::Arc<str>,
    or: &impl std::fmt::Display,
) -> Name {
    p.quotes()
        .agreements
        .get(i)
        .map_or_else(|| Name::from(or.to_string()), |q| Name::from(pick(q)))
}

/// The hierarchy steps that put `from` within `to`, from `from` up: one name when `from` is
/// `to` itself.
fn path(p: &CompiledPolicy, sort: Sort, from: TermId, to: TermId) -> Vec<Name> {
    let t = p.taxonomy(sort);
    if from == to || !t.is_within(from, to) {
        return vec![term(p, sort, from)];
    }
    // Room for the usual few steps, so the list is not grown step by step.
    let mut out = Vec::with_capacity(4);
    out.push(term(p, sort, from));
    // As `Taxonomy::path`: climb through a parent that is within `to`.
    let mut at = from;
    while at != to {
        match t.parents(at).iter().find(|&&p| t.is_within(p, to)) {
            Some(&p) => at = p,
            None => break,
        }
        out.push(term(p, sort, at));
    }
    out
}
