//! Typed reasons: what judging a flow yields, as values rather than prose.
//!
//! A [`Fact`] is what one test of a condition was evaluated on, with the names of the terms,
//! parties, agreements and consent records involved; a [`Check`] is a built-in chain check
//! with a stable id; a [`Problem`] is what is wrong with a flow's input. Every value has a
//! stable machine code (`consent.withdrawn`, `builtin.onward_transfer`, `flow.unknown_party`)
//! and its parameters, which is how each appears in JSON (`"code": "consent.withdrawn",
//! "consent": "C-881", "on": "2025-03-01"`); programs match on codes, never on words.
//! [`crate::words`] alone puts them in words, in the reader's language.
//!
//! This module sits between the model and the evaluator: the evaluator builds these values,
//! the renderer reads them, and neither needs the other's internals.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::sync::Arc;

/// A name a reason quotes (a term, a party, an agreement, a country, a word of the language):
/// shared with the compiled policy ([`crate::model::Quotes`]) or a static word, so that
/// building a decision's facts copies no string and dropping them frees none. It reads as a
/// `&str` (it derefs to one) and is written in JSON as a plain string.
#[derive(Clone)]
pub struct Name(Repr);

#[derive(Clone)]
enum Repr {
    /// A word of the program (`consent`, `days`, a country code).
    Static(&'static str),
    /// A name shared with the policy, or one made for this fact (a date, a flow's id).
    Shared(Arc<str>),
}

impl Name {
    /// A word of the program: no allocation, no reference count.
    pub const fn from_static(word: &'static str) -> Name {
        Name(Repr::Static(word))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
        }
    }
}

impl Default for Name {
    fn default() -> Self {
        Name::from_static("")
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<Arc<str>> for Name {
    fn from(s: Arc<str>) -> Self {
        Name(Repr::Shared(s))
    }
}

impl From<&Arc<str>> for Name {
    fn from(s: &Arc<str>) -> Self {
        Name(Repr::Shared(Arc::clone(s)))
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(Repr::Shared(Arc::from(s)))
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Name(Repr::Shared(Arc::from(s)))
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Self {
        Name::from(s.as_str())
    }
}

impl From<Name> for String {
    fn from(n: Name) -> Self {
        n.as_str().to_owned()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Arc::<str>::deserialize(d).map(Name::from)
    }
}

/// Kleene truth value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Depends on a fact the flow does not state.
    Unknown,
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

    /// `true` → True, `false` → False.
    pub fn from_bool(b: bool) -> Truth {
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

/// Which party of a hop a fact is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The sender.
    Sender,
    /// The recipient.
    Recipient,
}

/// How a sensitivity level is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// `at least`.
    AtLeast,
    /// `at most`.
    AtMost,
    /// `above`.
    Above,
    /// `below`.
    Below,
    /// `is`.
    Is,
}

/// How a flow's HXL hashtag was read: a hashtag may carry more attributes than the pack
/// declares, and the most specific declared tag whose attributes it all carries decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashtagReading {
    /// The hashtag as the flow wrote it (`#affected+f+children`).
    pub written: Name,
    /// The declared tag it was read as (`#affected`).
    pub declared: Name,
}

/// What one test of a condition was evaluated on. Each variant is one machine code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum Fact {
    /// The flow carries data within the category: the steps from its category up to it
    /// (one name when it is the category itself).
    #[serde(rename = "data.within")]
    DataWithin {
        /// From the flow's category up to the rule's.
        path: Vec<Name>,
        /// The flow's HXL hashtags among these data that are not themselves declared tags,
        /// each with the declared tag it was read as.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hashtags: Vec<HashtagReading>,
    },
    /// The flow carries no data within `category`.
    #[serde(rename = "data.none_within")]
    DataNoneWithin {
        /// The rule's category.
        category: Name,
        /// What the flow carries.
        data: Vec<Name>,
        /// The flow's HXL hashtags among these data that are not themselves declared tags,
        /// each with the declared tag it was read as.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hashtags: Vec<HashtagReading>,
    },
    /// All the flow's data is within the listed categories.
    #[serde(rename = "data.all_within")]
    DataAllWithin {
        /// The rule's categories.
        within: Vec<Name>,
        /// The flow's HXL hashtags among these data that are not themselves declared tags,
        /// each with the declared tag it was read as.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hashtags: Vec<HashtagReading>,
    },
    /// Some of the flow's data is outside the listed categories.
    #[serde(rename = "data.outside")]
    DataOutside {
        /// The flow's categories outside the list.
        outside: Vec<Name>,
        /// The rule's categories.
        within: Vec<Name>,
        /// The flow's HXL hashtags among these data that are not themselves declared tags,
        /// each with the declared tag it was read as.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hashtags: Vec<HashtagReading>,
    },
    /// The flow carries no data category (`data within []`, and every data condition on
    /// such a flow).
    #[serde(rename = "data.none")]
    DataNone,
    /// The flow carries data (`not data within []`, as in `data all of`).
    #[serde(rename = "data.some")]
    DataSome {
        /// What the flow carries.
        data: Vec<Name>,
        /// The flow's HXL hashtags among these data that are not themselves declared tags,
        /// each with the declared tag it was read as.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hashtags: Vec<HashtagReading>,
    },
    /// No category of the flow has a sensitivity level.
    #[serde(rename = "sensitivity.unknown")]
    SensitivityUnknown,
    /// The highest sensitivity of the flow's data, compared with the rule's level.
    #[serde(rename = "sensitivity")]
    Sensitivity {
        /// The flow's highest level.
        level: Name,
        /// The response whose classification gave the levels, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        response: Option<Name>,
        /// The classification's combination entry (its categories, all in the flow) that
        /// raised the level above what each category has alone, if one did.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        combination: Option<Vec<Name>>,
        /// How the rule compares.
        compare: Compare,
        /// The rule's level.
        bound: Name,
        /// Whether the comparison holds.
        holds: bool,
    },
    /// The flow does not say whose data it is.
    #[serde(rename = "subjects.unstated")]
    SubjectsUnstated,
    /// The flow states that its data is about no one (`subjects within []`).
    #[serde(rename = "subjects.none")]
    SubjectsNone,
    /// The flow names subjects (`not subjects within []`, as in `subjects all of`).
    #[serde(rename = "subjects.some")]
    SubjectsSome {
        /// The flow's subjects.
        subjects: Vec<Name>,
    },
    /// A subject of the flow is within the rule's: the steps up to it.
    #[serde(rename = "subjects.within")]
    SubjectWithin {
        /// From the flow's subject up to the rule's.
        path: Vec<Name>,
    },
    /// No subject of the flow is within `subject`.
    #[serde(rename = "subjects.none_within")]
    SubjectNoneWithin {
        /// The rule's subject.
        subject: Name,
        /// The flow's subjects.
        subjects: Vec<Name>,
    },
    /// Whether all the flow's subjects are within the listed ones.
    #[serde(rename = "subjects.all_within")]
    SubjectsAllWithin {
        /// The flow's subjects.
        subjects: Vec<Name>,
        /// The rule's subjects.
        within: Vec<Name>,
        /// Whether they all are.
        holds: bool,
    },
    /// The hop's purpose compared with one purpose.
    #[serde(rename = "purpose.is")]
    PurposeIs {
        /// The hop's purpose.
        purpose: Name,
        /// The rule's purpose.
        expected: Name,
        /// Whether they are the same.
        holds: bool,
    },
    /// The hop's purpose is within one of the rule's: the steps up to it.
    #[serde(rename = "purpose.within")]
    PurposeWithin {
        /// From the hop's purpose up to the rule's.
        path: Vec<Name>,
    },
    /// The hop's purpose is within none of the rule's.
    #[serde(rename = "purpose.outside")]
    PurposeOutside {
        /// The hop's purpose.
        purpose: Name,
        /// The rule's purposes.
        within: Vec<Name>,
    },
    /// The flow does not say what the data was collected for.
    #[serde(rename = "collection.unstated")]
    CollectionUnstated,
    /// Whether the hop's purpose is compatible with the collection purpose.
    #[serde(rename = "purpose.compatible")]
    PurposeCompatible {
        /// The hop's purpose.
        purpose: Name,
        /// What the data was collected for.
        collected_for: Name,
        /// Whether it is within it or declared compatible.
        holds: bool,
    },
    /// Whether the collection purpose is within the listed purposes.
    #[serde(rename = "collection.within")]
    CollectedWithin {
        /// What the data was collected for.
        collected_for: Name,
        /// The rule's purposes.
        within: Vec<Name>,
        /// Whether it is.
        holds: bool,
    },
    /// Whether a party is of a kind.
    #[serde(rename = "party.kind")]
    PartyKind {
        /// Which side.
        side: Side,
        /// The party.
        party: Name,
        /// Its kind.
        kind: Name,
        /// The rule's kind.
        expected: Name,
        /// Whether its kind is within the rule's.
        holds: bool,
    },
    /// Whether a side is a named party.
    #[serde(rename = "party.is")]
    PartyIs {
        /// Which side.
        side: Side,
        /// The party on that side.
        party: Name,
        /// The rule's party.
        expected: Name,
        /// Whether they are the same.
        holds: bool,
    },
    /// Whether a party is in one of the listed countries.
    #[serde(rename = "party.country")]
    PartyCountry {
        /// Which side.
        side: Side,
        /// The party.
        party: Name,
        /// Its country (ISO 3166-1 alpha-2).
        country: Name,
        /// The rule's countries.
        countries: Vec<Name>,
        /// Whether it is one of them.
        holds: bool,
    },
    /// Whether a party has a flag.
    #[serde(rename = "party.flag")]
    PartyFlag {
        /// Which side.
        side: Side,
        /// The party.
        party: Name,
        /// The flag.
        flag: Name,
        /// Whether it has it.
        holds: bool,
    },
    /// The flow states no legal basis.
    #[serde(rename = "basis.unstated")]
    BasisUnstated,
    /// Whether the hop's legal basis is one of the listed ones.
    #[serde(rename = "basis")]
    Basis {
        /// The hop's basis.
        basis: Name,
        /// The rule's bases.
        bases: Vec<Name>,
        /// Whether it is one of them.
        holds: bool,
    },
    /// A rule that applies requires a data protection impact assessment (`dpia`) and the flow
    /// states no reference to one: whether one was made is unknown.
    #[serde(rename = "dpia.unstated")]
    DpiaUnstated,
    /// The flow carries no consent record.
    #[serde(rename = "consent.missing")]
    ConsentMissing,
    /// The consent record is given and covers purpose, recipient and country.
    #[serde(rename = "consent.covers")]
    ConsentCovers {
        /// The record's id, if it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        consent: Option<Name>,
    },
    /// The consent record covers the hop's purpose only because the pack extends consent to
    /// purposes declared compatible (`consent extends to compatible purposes`), and covers
    /// the rest of the hop.
    #[serde(rename = "consent.covers_compatible")]
    ConsentCoversCompatible {
        /// The record's id, if it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        consent: Option<Name>,
        /// The hop's purpose.
        purpose: Name,
        /// The record's purpose it is declared compatible with.
        given_for: Name,
        /// The pack's citation for extending consent.
        cite: Name,
    },
    /// The consent record does not cover the hop.
    #[serde(rename = "consent.gap")]
    ConsentGap {
        /// The record's id, if it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        consent: Option<Name>,
        /// Why not.
        why: ConsentGap,
    },
    /// An agreement covers the hop.
    #[serde(rename = "agreement.covers")]
    AgreementCovers {
        /// Its id.
        agreement: Name,
        /// First day in force.
        from: Name,
        /// Last day in force.
        to: Name,
    },
    /// Whether the covering agreement allows onward transfer.
    #[serde(rename = "agreement.onward")]
    AgreementOnward {
        /// Its id.
        agreement: Name,
        /// Whether it allows it.
        holds: bool,
    },
    /// No agreement binds the hop's parties.
    #[serde(rename = "agreement.none_binds")]
    AgreementNoneBinds {
        /// The sender.
        from: Name,
        /// The recipient.
        to: Name,
    },
    /// Agreements bind the parties but none covers the hop: why each does not.
    #[serde(rename = "agreement.none_covers")]
    AgreementNoneCovers {
        /// For each agreement between the parties, why it does not cover the hop.
        gaps: Vec<AgreementGap>,
    },
    /// The hop carries an approval by the role that counts.
    #[serde(rename = "approval.given")]
    ApprovalGiven {
        /// The role.
        role: Name,
        /// The approval's reference, when it states one (decision logs never keep facts).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<Name>,
    },
    /// The hop carries no approval by the role.
    #[serde(rename = "approval.missing")]
    ApprovalMissing {
        /// The role.
        role: Name,
    },
    /// The hop's approval by the role is dated after it, so it does not count.
    #[serde(rename = "approval.late")]
    ApprovalLate {
        /// The role.
        role: Name,
        /// When it was given (RFC 3339).
        at: Name,
        /// The hop's time (RFC 3339).
        flow_at: Name,
    },
    /// The hop's approval by the role expired at or before it, so it does not count.
    #[serde(rename = "approval.expired")]
    ApprovalExpired {
        /// The role.
        role: Name,
        /// When it expired (RFC 3339).
        expires: Name,
        /// The hop's time (RFC 3339).
        flow_at: Name,
    },
    /// Whether the latest counting approval by the role is recent enough for the hop.
    #[serde(rename = "approval.recent")]
    ApprovalRecent {
        /// The role.
        role: Name,
        /// When the approval was given (RFC 3339).
        at: Name,
        /// The hop's time (RFC 3339).
        flow_at: Name,
        /// How many units it may be old at most.
        amount: u32,
        /// The unit: `days`, `months` or `years`.
        unit: Name,
        /// Whether it is that recent.
        holds: bool,
        /// The approval's reference, when it states one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<Name>,
    },
    /// The hop's approval by the role does not say when it was given, so whether it is
    /// recent enough is unknown.
    #[serde(rename = "approval.undated")]
    ApprovalUndated {
        /// The role.
        role: Name,
    },
    /// The date the flow states for its records, and whether a period after it ran out
    /// before the hop.
    #[serde(rename = "records.age")]
    RecordsAge {
        /// What happened on that date: `collected`, `closed` or `updated`.
        event: Name,
        /// The date (RFC 3339).
        on: Name,
        /// How many units the period lasts.
        amount: u32,
        /// The unit: `days`, `months` or `years`.
        unit: Name,
        /// When the period ran out or runs out (RFC 3339); absent beyond the representable
        /// years.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ends: Option<Name>,
        /// The hop's time (RFC 3339).
        flow_at: Name,
        /// Whether it ran out before the hop.
        holds: bool,
    },
    /// The flow says its records' case is open: it was never closed.
    #[serde(rename = "records.open")]
    RecordsOpen,
    /// The flow does not state the date of this event of its records.
    #[serde(rename = "records.unstated")]
    RecordsUnstated {
        /// `collected`, `closed` or `updated`.
        event: Name,
    },
    /// Whether sender and recipient belong to one organisation.
    #[serde(rename = "parties.organisation")]
    SameOrganisation {
        /// The sender.
        from: Name,
        /// Its organisation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_organisation: Option<Name>,
        /// The recipient.
        to: Name,
        /// Its organisation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_organisation: Option<Name>,
        /// Whether they are one.
        holds: bool,
    },
    /// The countries of sender and recipient.
    #[serde(rename = "parties.countries")]
    Countries {
        /// The sender's country.
        from: Name,
        /// The recipient's country.
        to: Name,
        /// For an international transfer across a border within one organisation: it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        inside: Option<Name>,
    },
    /// Which hop of a chain this is.
    #[serde(rename = "hop.onward")]
    OnwardHop {
        /// 1 = the first transfer.
        hop: usize,
    },
    /// The first hop: not an onward transfer.
    #[serde(rename = "hop.first")]
    FirstHop,
    /// The flow names no response.
    #[serde(rename = "response.unstated")]
    ResponseUnstated,
    /// The flow's response compared with the rule's.
    #[serde(rename = "response.is")]
    ResponseIs {
        /// The flow's response.
        response: Name,
        /// The rule's.
        expected: Name,
        /// Whether they are the same.
        holds: bool,
    },
    /// A constant condition.
    #[serde(rename = "constant")]
    Constant {
        /// Its value.
        value: bool,
    },
    /// A rule's `unless` exception, with the facts that decided it.
    #[serde(rename = "exception")]
    Exception {
        /// Its value.
        value: Truth,
        /// The facts behind it.
        facts: Vec<Fact>,
    },
    /// A policy's exception to a built-in check (`check … unless … cite "…"`) that did not
    /// lift it on this hop, with the facts that decided it.
    #[serde(rename = "check.exception")]
    CheckException {
        /// The instrument that allows the exception, as the policy cites it.
        cite: Name,
        /// Its value (false or unknown: a true one lifts the check).
        value: Truth,
        /// The facts behind it.
        facts: Vec<Fact>,
    },
    /// A built-in chain check's finding.
    #[serde(rename = "check")]
    Check {
        /// What it found.
        finding: Finding,
    },
}

impl Fact {
    /// The flow's HXL hashtags this fact names by the declared tags they were read as (empty
    /// for every fact that is not about the flow's data).
    pub fn hashtags(&self) -> &[HashtagReading] {
        match self {
            Fact::DataWithin { hashtags, .. }
            | Fact::DataNoneWithin { hashtags, .. }
            | Fact::DataAllWithin { hashtags, .. }
            | Fact::DataOutside { hashtags, .. }
            | Fact::DataSome { hashtags, .. } => hashtags,
            _ => &[],
        }
    }
}

/// Why a consent record does not cover a hop. Each variant is one machine code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum ConsentGap {
    /// Its status is not `given`.
    #[serde(rename = "consent.status")]
    Status {
        /// `withdrawn`, `expired` or `refused`.
        status: Name,
    },
    /// It was withdrawn on or before the hop.
    #[serde(rename = "consent.withdrawn")]
    Withdrawn {
        /// The day.
        on: Name,
    },
    /// It was only given after the hop.
    #[serde(rename = "consent.given_after")]
    GivenAfter {
        /// The day.
        on: Name,
    },
    /// It expired on or before the hop.
    #[serde(rename = "consent.expired")]
    Expired {
        /// The day.
        on: Name,
    },
    /// Its purposes do not cover the hop's purpose.
    #[serde(rename = "consent.purpose")]
    Purpose {
        /// The record's purposes.
        purposes: Vec<Name>,
        /// The hop's purpose.
        purpose: Name,
    },
    /// The hop's purpose is declared compatible with a purpose of the record, but consent
    /// covers its purposes and those within them only: the pack does not extend it to
    /// compatible purposes.
    #[serde(rename = "consent.purpose_compatible_only")]
    PurposeOnlyCompatible {
        /// The hop's purpose.
        purpose: Name,
        /// The record's purpose it is declared compatible with.
        given_for: Name,
    },
    /// It names neither the recipient nor its kind.
    #[serde(rename = "consent.recipient")]
    Recipient {
        /// The recipient.
        recipient: Name,
    },
    /// Its countries do not include the recipient's.
    #[serde(rename = "consent.country")]
    Country {
        /// The record's countries.
        countries: Vec<Name>,
        /// The recipient's country.
        country: Name,
    },
}

/// Why one agreement does not cover a hop. Each variant is one machine code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum AgreementGap {
    /// It takes effect after the hop.
    #[serde(rename = "agreement.not_yet")]
    NotYet {
        /// The agreement.
        agreement: Name,
        /// Its first day.
        on: Name,
    },
    /// It ended before the hop.
    #[serde(rename = "agreement.expired")]
    Expired {
        /// The agreement.
        agreement: Name,
        /// Its last day.
        on: Name,
    },
    /// It does not cover the hop's purpose.
    #[serde(rename = "agreement.purpose")]
    Purpose {
        /// The agreement.
        agreement: Name,
        /// The hop's purpose.
        purpose: Name,
    },
    /// It does not cover a category the flow carries.
    #[serde(rename = "agreement.data")]
    Data {
        /// The agreement.
        agreement: Name,
        /// The category.
        category: Name,
    },
    /// It is limited to certain subjects and the flow does not say whose data it is.
    #[serde(rename = "agreement.subjects_unstated")]
    SubjectsUnstated {
        /// The agreement.
        agreement: Name,
    },
    /// It does not cover a subject of the flow.
    #[serde(rename = "agreement.subject")]
    Subject {
        /// The agreement.
        agreement: Name,
        /// The subject.
        subject: Name,
    },
}

pub use crate::model::Check;

/// What a built-in check found on a hop. Each variant is one machine code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum Finding {
    /// The hop's purpose is neither within nor declared compatible with the collection purpose.
    #[serde(rename = "check.purpose_incompatible")]
    PurposeIncompatible {
        /// The hop's purpose.
        purpose: Name,
        /// What the data was collected for.
        collected_for: Name,
    },
    /// An onward transfer that does not say what the data was collected for.
    #[serde(rename = "check.collection_unstated")]
    CollectionUnstated,
    /// The agreement of the previous hop forbids onward transfer.
    #[serde(rename = "check.upstream_agreement")]
    UpstreamAgreement {
        /// The agreement.
        agreement: Name,
        /// The previous hop's sender.
        from: Name,
        /// The previous hop's recipient.
        to: Name,
    },
    /// The rule that allowed the previous hop obliged no onward transfer.
    #[serde(rename = "check.upstream_obligation")]
    UpstreamObligation {
        /// The rule.
        rule: Name,
    },
    /// The rule that allowed the previous hop obliged no onward transfer outside a scope,
    /// and this hop's recipient is outside it.
    #[serde(rename = "check.upstream_obligation_scope")]
    UpstreamObligationScope {
        /// The rule.
        rule: Name,
        /// `organisation` or `network`.
        scope: Name,
        /// For `network`: the flag its members have; for `organisation`: the organisation of
        /// the party that received the data under the obligation (empty when it has none).
        within: Name,
        /// The party that received the data under the obligation.
        received_by: Name,
        /// This hop's recipient, outside the scope.
        recipient: Name,
    },
}

/// The kinds of JSON value, for a value of the wrong kind ([`Problem::WrongKind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    /// A string.
    Text,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// `null`.
    Null,
    /// An array.
    List,
    /// An object.
    Object,
}

/// What is wrong with a flow's input. Each variant is one machine code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code")]
pub enum Problem {
    /// A term the policy does not know.
    #[serde(rename = "flow.unknown_term")]
    UnknownTerm {
        /// `category`, `subject`, `purpose` or `party kind`.
        sort: String,
        /// The name as written.
        name: String,
        /// A near name the policy knows.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// An approval role the policy does not declare (it declares its roles).
    #[serde(rename = "flow.undeclared_role")]
    UndeclaredRole {
        /// The role as written.
        name: String,
        /// The declared role it most likely means.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// A response the policy does not declare (it declares its responses).
    #[serde(rename = "flow.undeclared_response")]
    UndeclaredResponse {
        /// The response as written.
        name: String,
        /// The declared response it most likely means.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// An HXL hashtag no category is mapped to.
    #[serde(rename = "flow.unmapped_hashtag")]
    UnmappedHashtag {
        /// The hashtag as written.
        tag: String,
    },
    /// A party the policy does not declare.
    #[serde(rename = "flow.unknown_party")]
    UnknownParty {
        /// The name as written.
        name: String,
        /// A near name the policy knows.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    /// A consent recipient that is neither a party nor a party kind.
    #[serde(rename = "flow.unknown_recipient")]
    UnknownRecipient {
        /// The name as written.
        name: String,
    },
    /// An agreement the policy does not declare.
    #[serde(rename = "flow.unknown_agreement")]
    UnknownAgreement {
        /// The id as written.
        agreement: String,
    },
    /// A hop names an agreement between other parties.
    #[serde(rename = "flow.agreement_not_binding")]
    AgreementNotBinding {
        /// The agreement.
        agreement: String,
        /// The hop's sender.
        from: String,
        /// The hop's recipient.
        to: String,
    },
    /// Not an ISO 3166-1 alpha-2 code.
    #[serde(rename = "flow.not_a_country")]
    NotACountry {
        /// The text as written.
        text: String,
    },
    /// Not a time.
    #[serde(rename = "flow.not_a_time")]
    NotATime {
        /// The text as written.
        text: String,
    },
    /// An earlier hop dated after the flow.
    #[serde(rename = "flow.hop_after_flow")]
    HopAfterFlow {
        /// The hop's time.
        at: String,
        /// The flow's time.
        flow_at: String,
    },
    /// The flow's id is empty.
    #[serde(rename = "flow.empty_id")]
    EmptyId,
    /// The flow's records say both that their case is open and when it was closed.
    #[serde(rename = "flow.open_and_closed")]
    OpenAndClosed,
    /// The flow is not valid JSON of the flow's shape, in a way none of the problems below
    /// names; `detail` is the JSON reader's own words (English).
    #[serde(rename = "flow.malformed")]
    Malformed {
        /// What the reader said.
        detail: String,
    },
    /// The flow's text is not JSON: the reader could go no further than this place.
    #[serde(rename = "flow.syntax")]
    Syntax {
        /// The line (from 1).
        line: usize,
        /// The column (from 1), in bytes.
        column: usize,
    },
    /// The document is nested more deeply than the reader follows.
    #[serde(rename = "flow.too_deep")]
    TooDeep,
    /// A member the flow's shape requires is absent.
    #[serde(rename = "flow.missing_member")]
    MissingMember {
        /// The member's name.
        member: String,
    },
    /// A member the flow's shape does not have at this place.
    #[serde(rename = "flow.unknown_member")]
    UnknownMember {
        /// The member as written.
        member: String,
        /// The members this place has.
        expected: Vec<String>,
        /// The closest of them, when one is close.
        suggestion: Option<String>,
    },
    /// A value that is not one of the words this member takes (a consent status, a basis).
    #[serde(rename = "flow.unknown_value")]
    UnknownValue {
        /// The value as written.
        value: String,
        /// The words this member takes.
        expected: Vec<String>,
    },
    /// A value of the wrong kind: a number where text is expected, an object for a list.
    #[serde(rename = "flow.wrong_kind")]
    WrongKind {
        /// The kind written.
        found: JsonKind,
        /// The kind this member takes.
        expected: JsonKind,
    },
    /// A member given twice in one object.
    #[serde(rename = "flow.duplicate_member")]
    DuplicateMember {
        /// The member's name.
        member: String,
    },
    /// A list longer than accepted.
    #[serde(rename = "flow.too_many_entries")]
    TooManyEntries {
        /// How many entries it has.
        count: usize,
        /// The most accepted.
        max: usize,
    },
    /// The body sent is not JSON at all (a mistake of the caller's, not a flow with a
    /// strange field): the reader could go no further than this place.
    #[serde(rename = "flow.not_json")]
    NotJson {
        /// The line (from 1).
        line: usize,
        /// The column (from 1), in bytes.
        column: usize,
    },
    /// The flow is larger than accepted.
    #[serde(rename = "flow.too_large")]
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// A line of `check --lines` longer than the most read.
    #[serde(rename = "flow.line_too_long")]
    LineTooLong {
        /// The most bytes read per line (`--max-line-bytes`).
        max: usize,
    },
    /// The flow is not UTF-8 text.
    #[serde(rename = "flow.not_utf8")]
    NotUtf8 {
        /// The offset of the first byte that is not part of a character.
        offset: usize,
    },
    /// A failure that is not the flow's: a policy that does not load, a plugin that traps.
    /// `detail` says what failed.
    #[serde(rename = "fault")]
    Fault {
        /// What failed.
        detail: String,
    },
    /// The flow could not be resolved (no hop).
    #[serde(rename = "flow.unresolved")]
    Unresolved,
}
