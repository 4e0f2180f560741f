//! A rule's condition compiled for judging the outcome alone: the tree of the policy, with
//! the tests that read one term of the hop (a party's kind, the purpose, a category the data
//! includes, the party itself, its flags or country, the basis) turned into one bit test
//! against a set worked out once, those comparing the two parties' organisations and
//! countries into comparisons of numbers ([`Places`]), the alternatives of
//! such a test (`recipient is a or recipient is b …`) merged into one set, the cheap tests
//! put before the costly ones, and, for a rule the [`super::RuleIndex`] selected, the tests
//! the selection already guarantees left out.
//!
//! The value is the tree's, in the same three-valued logic: `and` and `or` are commutative
//! and associative in it and no test has an effect, so the order of the parts changes only
//! where the evaluation stops, never what it finds. Decisions, verdicts and explanations
//! keep walking the tree itself (they say which tests decided, in the order written). Like
//! the index, programs are derived whenever a policy is built or loaded: never serialised,
//! never hashed.

use super::kinds::Role;
use super::policy::{Atom, Basis, Cond, Obligation, Party, PartyId, Rule};
use super::taxonomy::TermId;
use fixedbitset::FixedBitSet;
use std::collections::HashMap;

/// One rule's condition, compiled.
#[derive(Clone, Debug)]
pub struct Program {
    /// Its `when`, for a rule the index selected: the tests the selection guarantees are
    /// left out.
    pub selected: Step,
    /// Its `when` in full, for a rule visited without the index (a probe it cannot answer).
    pub when: Step,
    /// Its `unless`, if it has one.
    pub unless: Option<Step>,
    /// Whether the rule carries a `dpia` obligation (an outcome asks it of every allow and
    /// require that applies).
    pub dpia: bool,
    /// Whether the rule carries a `no onward transfer` obligation, or one scoped (`outside
    /// organisation`, `outside network`): what the next hop's chain checks read of the
    /// allows and requires that apply to a hop the chain goes on from.
    pub onward: Onward,
}

/// The onward-transfer obligations a rule carries (see [`Program::onward`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Onward {
    /// `no onward transfer`.
    pub any: bool,
    /// `no onward transfer outside …`.
    pub scoped: bool,
}

impl Onward {
    /// What `obligations` say of onward transfers.
    pub fn of(obligations: &[Obligation]) -> Onward {
        Onward {
            any: obligations.contains(&Obligation::NoOnwardTransfer),
            scoped: obligations
                .iter()
                .any(|o| matches!(o, Obligation::NoOnwardTransferOutside(_))),
        }
    }
}

/// A compiled condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// One test.
    Test(Test),
    /// Does not hold.
    Not(Box<Step>),
    /// All hold (true when there are none).
    All(Box<[Step]>),
    /// Any holds (false when there are none).
    Any(Box<[Step]>),
}

/// One test of a compiled condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// The party's kind is one of these (the kinds within those the condition names).
    Kind(Role, FixedBitSet),
    /// The hop's purpose is one of these.
    Purpose(FixedBitSet),
    /// Some category of the flow is within this one.
    Includes(TermId),
    /// The party (by id) is one of these: `sender is`, `has` a flag, `jurisdiction in`.
    Party(Role, FixedBitSet),
    /// The hop's basis is one of these (bit `1 << basis`); unknown when it states none.
    Basis(u8),
    /// A test of the two parties' places, by the ids of [`Places`].
    Places(Between),
    /// Always or never.
    Const(bool),
    /// Any other test, as the policy writes it.
    Atom(Atom),
}

/// A test of where the two parties of a hop are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Between {
    /// `same organisation`.
    SameOrganisation,
    /// `cross border`.
    CrossBorder,
    /// `international transfer`: across a border, not within one organisation.
    International,
}

/// Each party's organisation and country as numbers, so that comparing two parties' places
/// compares numbers rather than names.
#[derive(Clone, Debug, Default)]
pub struct Places {
    /// Per party, by id.
    places: Vec<Place>,
    /// Those of a party id out of range: no organisation, the country of no name (as
    /// [`crate::model::CompiledPolicy::party_at`] answers for one).
    nobody: Place,
}

/// One party's organisation (if declared) and country, as numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    organisation: Option<u32>,
    country: u32,
}

impl Places {
    /// Numbers the organisations and countries of `parties`.
    pub(super) fn new(parties: &[Party]) -> Places {
        fn number<'a>(names: &mut HashMap<&'a str, u32>, name: &'a str) -> u32 {
            let next = names.len() as u32;
            *names.entry(name).or_insert(next)
        }
        // The organisations and countries are numbered apart: only like is compared.
        let (mut organisations, mut countries) = (HashMap::new(), HashMap::new());
        let places = parties
            .iter()
            .map(|p| Place {
                organisation: p
                    .organisation
                    .as_deref()
                    .map(|o| number(&mut organisations, o)),
                country: number(&mut countries, &p.jurisdiction),
            })
            .collect();
        let nobody = Place {
            organisation: None,
            country: number(&mut countries, ""),
        };
        Places { places, nobody }
    }

    /// The place of party `id`.
    fn of(&self, id: PartyId) -> Place {
        self.places.get(id as usize).copied().unwrap_or(self.nobody)
    }

    /// The value of `test` for a hop from `from` to `to`.
    pub fn between(&self, test: Between, from: PartyId, to: PartyId) -> bool {
        let (a, b) = (self.of(from), self.of(to));
        let same_organisation = a.organisation.is_some() && a.organisation == b.organisation;
        let cross_border = a.country != b.country;
        match test {
            Between::SameOrganisation => same_organisation,
            Between::CrossBorder => cross_border,
            Between::International => cross_border && !same_organisation,
        }
    }
}

/// What the index requires of a rule it selects (see [`super::RuleIndex`]): the kinds,
/// purposes and categories it posted the rule under; `None` where it posted it under all.
pub(super) struct Selection<'a> {
    pub recipient: Option<&'a FixedBitSet>,
    pub sender: Option<&'a FixedBitSet>,
    pub purpose: Option<&'a FixedBitSet>,
    /// The categories of which a selected flow carries one within (not the rows, the set).
    pub category: Option<&'a FixedBitSet>,
}

/// The terms within each term of the policy's kinds, purposes and categories (reflexive),
/// and its parties.
pub(super) struct Within<'a> {
    pub kinds: &'a [FixedBitSet],
    pub purposes: &'a [FixedBitSet],
    pub categories: &'a [FixedBitSet],
    pub parties: &'a [Party],
}

impl Program {
    /// Compiles `rule`'s conditions; `selection` is what the index guarantees of a rule it
    /// selects.
    pub(super) fn new(rule: &Rule, within: &Within<'_>, selection: &Selection<'_>) -> Program {
        let when = compile(&rule.when, within);
        let selected = match &when {
            Step::All(parts) => all(parts
                .iter()
                .filter(|p| !guaranteed(p, within, selection))
                .cloned()
                .collect()),
            part if guaranteed(part, within, selection) => Step::Test(Test::Const(true)),
            part => part.clone(),
        };
        Program {
            selected,
            when,
            unless: rule.unless.as_ref().map(|u| compile(u, within)),
            dpia: rule.obligations.contains(&Obligation::Dpia),
            onward: Onward::of(&rule.obligations),
        }
    }
}

/// Whether `step`, a part that must hold for the rule's `when` to hold, holds for every hop
/// the index selects the rule for. The index posts a rule under the intersection of what
/// its parts need, so a part whose own set contains that intersection holds.
fn guaranteed(step: &Step, within: &Within<'_>, selection: &Selection<'_>) -> bool {
    let Step::Test(test) = step else {
        return false;
    };
    match test {
        Test::Kind(Role::Recipient, set) => selection.recipient.is_some_and(|s| s.is_subset(set)),
        Test::Kind(Role::Sender, set) => selection.sender.is_some_and(|s| s.is_subset(set)),
        Test::Purpose(set) => selection.purpose.is_some_and(|s| s.is_subset(set)),
        // A selected flow carries a category within one of the set; if each of those is
        // within `c`, the flow's data includes `c`.
        Test::Includes(c) => selection.category.is_some_and(|s| {
            within
                .categories
                .get(*c as usize)
                .is_some_and(|below| s.is_subset(below))
        }),
        Test::Const(b) => *b,
        Test::Party(..) | Test::Basis(_) | Test::Places(_) | Test::Atom(_) => false,
    }
}

/// `parts` as one conjunction: nested ones flattened, true parts dropped, false if one is,
/// the cheapest first.
fn all(parts: Vec<Step>) -> Step {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            Step::All(inner) => out.extend(inner.into_vec()),
            Step::Test(Test::Const(true)) => {}
            Step::Test(Test::Const(false)) => return Step::Test(Test::Const(false)),
            part => out.push(part),
        }
    }
    junction(out, Step::All)
}

/// `parts` as one disjunction: nested ones flattened, false parts dropped, true if one is,
/// the tests of one party's kind merged into one set and those of the purpose likewise,
/// the cheapest first.
fn any(parts: Vec<Step>) -> Step {
    let mut out: Vec<Step> = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            Step::Any(inner) => {
                for p in inner.into_vec() {
                    merge_into(&mut out, p);
                }
            }
            Step::Test(Test::Const(false)) => {}
            Step::Test(Test::Const(true)) => return Step::Test(Test::Const(true)),
            part => merge_into(&mut out, part),
        }
    }
    junction(out, Step::Any)
}

/// Adds an alternative, merged into an earlier test of the same term when there is one
/// (both are true or false, never unknown, so the union is exact).
fn merge_into(out: &mut Vec<Step>, part: Step) {
    for earlier in out.iter_mut() {
        match (earlier, &part) {
            (Step::Test(Test::Kind(r, set)), Step::Test(Test::Kind(role, more))) if r == role => {
                set.union_with(more);
                return;
            }
            (Step::Test(Test::Purpose(set)), Step::Test(Test::Purpose(more))) => {
                set.union_with(more);
                return;
            }
            (Step::Test(Test::Party(r, set)), Step::Test(Test::Party(role, more))) if r == role => {
                set.union_with(more);
                return;
            }
            _ => {}
        }
    }
    out.push(part);
}

/// One part alone is itself; more are put cheapest first (a stable sort: ties keep the
/// order written).
fn junction(mut parts: Vec<Step>, make: fn(Box<[Step]>) -> Step) -> Step {
    if parts.len() == 1
        && let Some(one) = parts.pop()
    {
        return one;
    }
    parts.sort_by_key(cost);
    make(parts.into_boxed_slice())
}

/// A rough price of evaluating `step`, for ordering the parts of a junction.
fn cost(step: &Step) -> u32 {
    match step {
        Step::Test(
            Test::Kind(..)
            | Test::Purpose(_)
            | Test::Includes(_)
            | Test::Party(..)
            | Test::Basis(_)
            | Test::Places(_)
            | Test::Const(_),
        ) => 1,
        Step::Test(Test::Atom(a)) => atom_cost(a),
        Step::Not(inner) => cost(inner),
        Step::All(parts) | Step::Any(parts) => parts.iter().map(cost).sum(),
    }
}

/// The price of a test left as written: one look for a fact, a few for a list, many for an
/// agreement or a consent record (every agreement naming the sender, every term of one).
fn atom_cost(atom: &Atom) -> u32 {
    match atom {
        Atom::DataIncludes(_)
        | Atom::PurposeIs(_)
        | Atom::PurposeWithin(_)
        | Atom::PartyKind(..)
        | Atom::PartyIs(..)
        | Atom::OnwardTransfer
        | Atom::Const(_) => 1,
        Atom::DataSensitivity(..)
        | Atom::SubjectsInclude(_)
        | Atom::PurposeCompatible
        | Atom::CollectedWithin(_)
        | Atom::Jurisdiction(..)
        | Atom::HasFlag(..)
        | Atom::BasisIs(_)
        | Atom::SameOrganisation
        | Atom::CrossBorder
        | Atom::InternationalTransfer
        | Atom::ResponseIs(_) => 2,
        Atom::DataWithin(_)
        | Atom::SubjectsWithin(_)
        | Atom::ApprovedBy(_)
        | Atom::ApprovedWithin(..)
        | Atom::RecordsOlder(..) => 4,
        Atom::ConsentCovers | Atom::AgreementCovers | Atom::AgreementAllowsOnward => 16,
    }
}

/// Compiles a condition.
fn compile(cond: &Cond, within: &Within<'_>) -> Step {
    match cond {
        Cond::Atom(a) => Step::Test(test(a, within)),
        Cond::Not(inner) => match compile(inner, within) {
            Step::Test(Test::Const(b)) => Step::Test(Test::Const(!b)),
            inner => Step::Not(Box::new(inner)),
        },
        Cond::And(parts) => all(parts.iter().map(|p| compile(p, within)).collect()),
        Cond::Or(parts) => any(parts.iter().map(|p| compile(p, within)).collect()),
    }
}

/// The union of the sets of `ids`; `None` for an id out of range (only a hand-made policy
/// holds one), which then stays a test as written.
fn union(sets: &[FixedBitSet], ids: &[TermId]) -> Option<FixedBitSet> {
    let mut out = FixedBitSet::with_capacity(sets.len());
    for &id in ids {
        out.union_with(sets.get(id as usize)?);
    }
    Some(out)
}

/// Compiles one test. Every test of the language is named here, none by a wildcard: a new
/// one must be placed (and [`atom_cost`] priced) before the crate builds.
fn test(atom: &Atom, within: &Within<'_>) -> Test {
    let as_written = || Test::Atom(atom.clone());
    match atom {
        Atom::PartyKind(role, kind) => {
            union(within.kinds, &[*kind]).map_or_else(as_written, |set| Test::Kind(*role, set))
        }
        Atom::PurposeIs(x) => {
            if (*x as usize) < within.purposes.len() {
                let mut set = FixedBitSet::with_capacity(within.purposes.len());
                set.insert(*x as usize);
                Test::Purpose(set)
            } else {
                as_written()
            }
        }
        Atom::PurposeWithin(list) => {
            union(within.purposes, list).map_or_else(as_written, Test::Purpose)
        }
        Atom::DataIncludes(c) => Test::Includes(*c),
        Atom::Const(b) => Test::Const(*b),
        Atom::PartyIs(role, id) if (*id as usize) < within.parties.len() => {
            Test::Party(*role, parties(within.parties, |_, i| i == *id as usize))
        }
        Atom::HasFlag(role, flag) => Test::Party(
            *role,
            parties(within.parties, |p, _| p.flags.iter().any(|f| f == flag)),
        ),
        // A party out of range has no country: a list naming none stays as written.
        Atom::Jurisdiction(role, codes) if !codes.iter().any(String::is_empty) => Test::Party(
            *role,
            parties(within.parties, |p, _| codes.contains(&p.jurisdiction)),
        ),
        Atom::BasisIs(list) => Test::Basis(list.iter().fold(0, |bits, &b| bits | basis_bit(b))),
        Atom::SameOrganisation => Test::Places(Between::SameOrganisation),
        Atom::CrossBorder => Test::Places(Between::CrossBorder),
        Atom::InternationalTransfer => Test::Places(Between::International),
        Atom::PartyIs(..)
        | Atom::Jurisdiction(..)
        | Atom::DataWithin(_)
        | Atom::DataSensitivity(..)
        | Atom::SubjectsInclude(_)
        | Atom::SubjectsWithin(_)
        | Atom::PurposeCompatible
        | Atom::CollectedWithin(_)
        | Atom::ConsentCovers
        | Atom::AgreementCovers
        | Atom::AgreementAllowsOnward
        | Atom::ApprovedBy(_)
        | Atom::ApprovedWithin(..)
        | Atom::RecordsOlder(..)
        | Atom::OnwardTransfer
        | Atom::ResponseIs(_) => as_written(),
    }
}

/// The parties (by id) for which `holds`.
fn parties(all: &[Party], holds: impl Fn(&Party, usize) -> bool) -> FixedBitSet {
    let mut set = FixedBitSet::with_capacity(all.len());
    for (i, p) in all.iter().enumerate() {
        if holds(p, i) {
            set.insert(i);
        }
    }
    set
}

/// The bit of `basis` in a [`Test::Basis`].
pub fn basis_bit(basis: Basis) -> u8 {
    1 << (basis as u8)
}
