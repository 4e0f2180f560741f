//! The compiled policy's data: plain serde types that the evaluator runs on, natively or in
//! WASM. [`CompiledPolicy`](super::CompiledPolicy) wraps them with their lookups and hash.

use super::Check;
use super::kinds::{Comparison, DeclaredSort, Effect, Role};
use super::taxonomy::{Taxonomy, TermId};
use crate::source::Location;
use fixedbitset::FixedBitSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// IASC sensitivity levels, ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Low.
    Low,
    /// Moderate.
    Moderate,
    /// High.
    High,
    /// Severe.
    Severe,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 4] = [Level::Low, Level::Moderate, Level::High, Level::Severe];

    /// The word.
    pub fn word(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Moderate => "moderate",
            Level::High => "high",
            Level::Severe => "severe",
        }
    }

    /// Parses the word.
    pub fn from_word(word: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.word() == word)
    }
}

/// Legal bases for processing (ICRC Handbook, 3rd ed., ch. 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Consent of the data subject.
    Consent,
    /// Vital interest of the data subject or another person.
    VitalInterest,
    /// Public interest (including an organisation's mandate).
    PublicInterest,
    /// Legitimate interest.
    LegitimateInterest,
    /// Performance of a contract.
    Contract,
    /// Compliance with a legal obligation.
    LegalObligation,
}

impl Basis {
    /// All bases.
    pub const ALL: [Basis; 6] = [
        Basis::Consent,
        Basis::VitalInterest,
        Basis::PublicInterest,
        Basis::LegitimateInterest,
        Basis::Contract,
        Basis::LegalObligation,
    ];

    /// The word used in policies and flows.
    pub fn word(self) -> &'static str {
        match self {
            Basis::Consent => "consent",
            Basis::VitalInterest => "vital_interest",
            Basis::PublicInterest => "public_interest",
            Basis::LegitimateInterest => "legitimate_interest",
            Basis::Contract => "contract",
            Basis::LegalObligation => "legal_obligation",
        }
    }

    /// Parses the word.
    pub fn from_word(word: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.word() == word)
    }
}

/// Index of a party in the policy's [`parties`](PolicyData::parties).
pub type PartyId = u32;

/// How a party id the policy does not have is named (only a hand-edited compiled policy can
/// hold one): shown rather than panicking.
pub const UNKNOWN_PARTY: &str = "<unknown party>";

/// A named organisation or system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Its name.
    pub name: String,
    /// Its party kind.
    pub kind: TermId,
    /// ISO 3166-1 alpha-2 code.
    pub jurisdiction: String,
    /// The organisation it belongs to, if declared.
    pub organisation: Option<String>,
    /// Flags such as `privileges_and_immunities` or `family_links_network`, sorted.
    pub flags: Vec<String>,
}

/// A calendar date, serialised as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub time::Date);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a date: {text}")))
    }
}

impl Day {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Day> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(text, &format).ok().map(Day)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
    }
}

/// A data transfer agreement, information sharing protocol or processor contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// Its reference, e.g. `DTA-2024-17`.
    pub id: String,
    /// The parties it binds.
    pub parties: Vec<PartyId>,
    /// True for `from a to b` (covers that direction only); false for `between`.
    pub directed: bool,
    /// Purposes it covers (a flow's purpose must be within one).
    pub purposes: Vec<TermId>,
    /// Categories it covers (each of a flow's categories must be within one).
    pub data: Vec<TermId>,
    /// Subjects it covers, if it restricts them.
    pub subjects: Option<Vec<TermId>>,
    /// First day of validity.
    pub valid_from: Day,
    /// Last day of validity.
    pub valid_to: Day,
    /// Whether the recipient may pass the data on.
    pub onward_transfer: bool,
    /// Where the signed document is.
    pub document: Option<String>,
    /// Deliberate periods without this agreement (its end, or a time before it, on purpose),
    /// each outside its validity. They change no decision: they tell explanations why a
    /// transfer is stopped and keep remedies from bridging them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspensions: Vec<Suspension>,
}

/// A deliberate period without an agreement: `suspended from … [to …] because "…" cite "…"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// Its first day.
    pub from: Day,
    /// Its last day; none while it lasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Day>,
    /// Why, as the policy says it.
    pub reason: String,
    /// The decision it rests on, as the policy cites it.
    pub cite: String,
}

impl Suspension {
    /// Whether `day` falls inside it.
    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

impl Agreement {
    /// The suspension `day` falls in, if any.
    pub fn suspended_on(&self, day: Day) -> Option<&Suspension> {
        self.suspensions.iter().find(|s| s.contains(day))
    }

    /// True when the agreement binds a transfer from `from` to `to`: both are parties, in
    /// that order for a directed (`from … to …`) agreement.
    pub fn binds(&self, from: PartyId, to: PartyId) -> bool {
        // An agreement governs transfers between its parties: a party keeping or moving data
        // within itself is not sharing it under one.
        if from == to {
            return false;
        }
        if self.directed {
            self.parties.first() == Some(&from) && self.parties.get(1) == Some(&to)
        } else {
            self.parties.contains(&from) && self.parties.contains(&to)
        }
    }
}

/// An Information Sharing Protocol's sensitivity table for one response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// Its name.
    pub name: String,
    /// The `context.response` that selects it.
    pub response: String,
    /// Effective level per category (overrides inherited down the hierarchy), indexed by
    /// category id.
    pub levels: Vec<Option<Level>>,
    /// Entries that rate data by what appears together: each applies when every one of its
    /// categories appears in one flow (some category of the flow is it or within it), and
    /// raises the flow's sensitivity to its level; the strictest applying entry wins.
    // Skipped when empty, so that classifications without one keep the policy's hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub combinations: Vec<Combination>,
}

/// A classification entry for categories that appear together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Combination {
    /// The categories, sorted by id, at least two.
    pub categories: Vec<TermId>,
    /// The level of a flow in which they all appear.
    pub level: Level,
}

/// Boolean structure of a rule's condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cond {
    /// Any holds.
    Or(Vec<Cond>),
    /// All hold.
    And(Vec<Cond>),
    /// Does not hold.
    Not(Box<Cond>),
    /// One fact.
    Atom(Atom),
}

/// A test of one fact of a flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Atom {
    /// Some category of the flow is within this one.
    DataIncludes(TermId),
    /// Every category of the flow is within one of these.
    DataWithin(Vec<TermId>),
    /// The highest sensitivity among the flow's categories compares so.
    DataSensitivity(Comparison, Level),
    /// Some subject of the flow is within this one.
    SubjectsInclude(TermId),
    /// Every subject of the flow is within one of these.
    SubjectsWithin(Vec<TermId>),
    /// The purpose is exactly this one.
    PurposeIs(TermId),
    /// The purpose is within one of these.
    PurposeWithin(Vec<TermId>),
    /// The purpose is within, or declared compatible with, the collection purpose.
    PurposeCompatible,
    /// The collection purpose is within one of these.
    CollectedWithin(Vec<TermId>),
    /// The party's kind is within this kind.
    PartyKind(Role, TermId),
    /// The party is this party.
    PartyIs(Role, PartyId),
    /// The party's jurisdiction is one of these.
    Jurisdiction(Role, Vec<String>),
    /// The party has this flag.
    HasFlag(Role, String),
    /// The flow's legal basis is one of these.
    BasisIs(Vec<Basis>),
    /// A consent record given at the flow's time covers its purpose, recipient and country.
    ConsentCovers,
    /// An agreement valid at the flow's time covers its parties, purpose, data and subjects.
    AgreementCovers,
    /// A covering agreement allows onward transfer.
    AgreementAllowsOnward,
    /// The flow carries an approval by this role.
    ApprovedBy(String),
    /// The flow carries an approval by this role given at most this long before the hop.
    ApprovedWithin(String, Period),
    /// The flow's records had this event more than this long before the hop.
    RecordsOlder(RecordEvent, Period),
    /// Sender and recipient belong to the same organisation.
    SameOrganisation,
    /// Sender and recipient are in different jurisdictions.
    CrossBorder,
    /// Cross-border and not within one organisation.
    InternationalTransfer,
    /// The flow passes on data received in an earlier hop.
    OnwardTransfer,
    /// The flow's `context.response` is this.
    ResponseIs(String),
    /// Always or never.
    Const(bool),
}

/// A unit of a [`Period`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Days of 24 hours.
    Days,
    /// Calendar months.
    Months,
    /// Calendar years.
    Years,
}

impl Unit {
    /// The word in the policy language (plural).
    pub fn word(self) -> &'static str {
        match self {
            Unit::Days => "days",
            Unit::Months => "months",
            Unit::Years => "years",
        }
    }

    /// Parses `day`/`days`, `month`/`months`, `year`/`years`.
    pub fn from_word(word: &str) -> Option<Unit> {
        match word {
            "day" | "days" => Some(Unit::Days),
            "month" | "months" => Some(Unit::Months),
            "year" | "years" => Some(Unit::Years),
            _ => None,
        }
    }
}

/// A length of time written in a policy: `30 days`, `6 months`, `5 years`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: Unit,
}

impl Period {
    /// The instant this period before `at`: calendar months and years keep the time of day
    /// and clamp the day to the month's length (a year before 2028-02-29 is 2027-02-28).
    /// `None` when it falls outside the representable years.
    pub fn before(self, at: time::OffsetDateTime) -> Option<time::OffsetDateTime> {
        self.shift(at, -1)
    }

    /// The instant this period after `at` (as [`Period::before`], forwards).
    pub fn after(self, at: time::OffsetDateTime) -> Option<time::OffsetDateTime> {
        self.shift(at, 1)
    }

    fn shift(self, at: time::OffsetDateTime, sign: i64) -> Option<time::OffsetDateTime> {
        let n = i64::from(self.amount) * sign;
        let months = match self.unit {
            Unit::Days => return at.checked_add(time::Duration::days(n)),
            Unit::Months => n,
            Unit::Years => n.checked_mul(12)?,
        };
        let index = i64::from(at.year()) * 12 + i64::from(u8::from(at.month())) - 1 + months;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = time::Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
        let day = at.day().min(month.length(year));
        let date = time::Date::from_calendar_date(year, month, day).ok()?;
        Some(at.replace_date(date))
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.word())
    }
}

/// What happened to the records a flow carries, on a date the flow may state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordEvent {
    /// They were collected (`records.collected`).
    Collected,
    /// Their case was closed (`records.closed`).
    Closed,
    /// They were last updated (`records.updated`).
    Updated,
}

impl RecordEvent {
    /// Every event, in the order the language lists them.
    pub const ALL: [RecordEvent; 3] = [
        RecordEvent::Collected,
        RecordEvent::Closed,
        RecordEvent::Updated,
    ];

    /// The word in the policy language and the flow's `records` field.
    pub fn word(self) -> &'static str {
        match self {
            RecordEvent::Collected => "collected",
            RecordEvent::Closed => "closed",
            RecordEvent::Updated => "updated",
        }
    }

    /// Parses the word.
    pub fn from_word(word: &str) -> Option<RecordEvent> {
        RecordEvent::ALL.into_iter().find(|e| e.word() == word)
    }
}

/// Encryption obligations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encryption {
    /// Encrypt stored data.
    AtRest,
    /// Encrypt data on the wire.
    InTransit,
}

/// An obligation a rule imposes on an allowed flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Obligation {
    /// Send only data within these categories.
    Minimize(Vec<TermId>),
    /// Pseudonymise data within these categories.
    Pseudonymize(Vec<TermId>),
    /// Aggregate by these dimensions with cells of at least `k`.
    Aggregate {
        /// Dimensions.
        by: Vec<String>,
        /// Smallest cell size.
        k: u32,
    },
    /// Keep the data at most this many days.
    Retain(u32),
    /// Encrypt.
    Encrypt(Encryption),
    /// The recipient must not pass the data on.
    NoOnwardTransfer,
    /// The recipient must not pass the data on outside this scope.
    NoOnwardTransferOutside(OnwardScope),
    /// Tell this role.
    Notify(String),
    /// Every combination of the quasi-identifiers' values is shared by at least `k` records,
    /// by suppressing at most a share of their values.
    KAnonymity {
        /// Quasi-identifier categories, sorted.
        on: Vec<TermId>,
        /// The smallest class.
        k: u32,
        /// The largest share of the quasi-identifiers' values that may be suppressed, in
        /// hundredths of a percent (`None`: as many as needed).
        max_suppressed: Option<u32>,
    },
    /// The data is encrypted with keys only the sender holds (`encryption keys held by
    /// sender`): neither the recipient nor a processor can read it without the sender.
    KeysHeldBySender,
    /// The recipient must not try to identify the people the data is about.
    NoReidentification,
    /// A data protection impact assessment is required: the flow states its reference.
    Dpia,
    /// The global re-identification risk on the key variables (the mean of the records'
    /// risks) is at most `max`.
    ReidentificationRisk {
        /// Key variable categories, sorted.
        on: Vec<TermId>,
        /// The bound, in hundredths of a percent.
        max: u32,
    },
}

/// Hundredths of a percent as a policy writes them: `3%`, `2.5%`, `0.25%`.
pub fn percent_text(bp: u32) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    if frac == 0 {
        format!("{whole}%")
    } else if frac % 10 == 0 {
        format!("{whole}.{}%", frac / 10)
    } else {
        format!("{whole}.{frac:02}%")
    }
}

/// Where a scoped `no onward transfer` still lets data go.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnwardScope {
    /// `outside organisation`: to parties of the organisation of the party that received the
    /// data under the obligation (or to that party itself).
    Organisation,
    /// `outside network FLAG`: to parties with this flag.
    Network(String),
}

impl OnwardScope {
    /// Whether passing the data on from the hop `from → to` (the recipient `to` of which
    /// received it under the obligation) to `next` stays inside the scope.
    pub fn allows(&self, received_by: &Party, next: &Party) -> bool {
        match self {
            OnwardScope::Organisation => {
                received_by.name == next.name
                    || (received_by.organisation.is_some()
                        && received_by.organisation == next.organisation)
            }
            OnwardScope::Network(flag) => next.flags.iter().any(|f| f == flag),
        }
    }

    /// The scope as the policy language writes it after `no onward transfer`.
    pub fn text(&self) -> String {
        match self {
            OnwardScope::Organisation => "outside organisation".into(),
            OnwardScope::Network(flag) => format!("outside network {flag}"),
        }
    }
}

/// A compiled rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Its name (unique in the policy).
    pub name: String,
    /// What it does when it applies.
    pub effect: Effect,
    /// When it applies.
    pub when: Cond,
    /// The exception that relaxes it.
    pub unless: Option<Cond>,
    /// Obligations (allow and require rules).
    pub obligations: Vec<Obligation>,
    /// The role whose approval releases a review.
    pub approval: Option<String>,
    /// The source text it encodes.
    pub cite: Option<String>,
}

/// The names a pack declares, each with its description, by sort. A sort of which the pack
/// declares no name is not checked: packs written before declarations existed keep working
/// (`mandate lint` points at what they use undeclared).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declared {
    /// Approval roles.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, String>,
    /// Responses (ISP contexts).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub responses: BTreeMap<String, String>,
    /// Party flags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flags: BTreeMap<String, String>,
    /// Aggregation dimensions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, String>,
}

impl Declared {
    /// True when the pack declares no name of any sort.
    pub fn is_empty(&self) -> bool {
        DeclaredSort::ALL.iter().all(|&s| self.of(s).is_empty())
    }

    /// The names of `sort` with their descriptions.
    pub fn of(&self, sort: DeclaredSort) -> &BTreeMap<String, String> {
        match sort {
            DeclaredSort::Role => &self.roles,
            DeclaredSort::Response => &self.responses,
            DeclaredSort::Flag => &self.flags,
            DeclaredSort::Dimension => &self.dimensions,
        }
    }

    /// The names of `sort`, to add to.
    pub fn of_mut(&mut self, sort: DeclaredSort) -> &mut BTreeMap<String, String> {
        match sort {
            DeclaredSort::Role => &mut self.roles,
            DeclaredSort::Response => &mut self.responses,
            DeclaredSort::Flag => &mut self.flags,
            DeclaredSort::Dimension => &mut self.dimensions,
        }
    }

    /// `None` when `name` may be used as a `sort` (declared, or the pack declares no name of
    /// that sort); otherwise `Some` with the declared name it most likely means.
    pub fn undeclared(&self, sort: DeclaredSort, name: &str) -> Option<Option<&str>> {
        let names = self.of(sort);
        if names.is_empty() || names.contains_key(name) {
            return None;
        }
        // `DPO` for `dpo`: a difference of case alone is the likeliest slip.
        let same_but_case = names
            .keys()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(String::as_str);
        Some(
            same_but_case.or_else(|| {
                crate::diagnostic::did_you_mean(name, names.keys().map(String::as_str))
            }),
        )
    }
}

/// A conditional, cited exception to a built-in check: the check does not apply to a hop on
/// which `unless` holds; when `unless` cannot be decided, the check's finding is a gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckException {
    /// The check it is an exception to.
    pub check: Check,
    /// When the check does not apply.
    pub unless: Cond,
    /// The instrument that allows it.
    pub cite: String,
}

/// The serialised form of [`CompiledPolicy`](super::CompiledPolicy).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PolicyData {
    /// The policy's name.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Data categories.
    pub categories: Taxonomy,
    /// Data subjects.
    pub subjects: Taxonomy,
    /// Purposes.
    pub purposes: Taxonomy,
    /// Party kinds.
    pub kinds: Taxonomy,
    /// Effective default sensitivity per category.
    pub sensitivity: Vec<Option<Level>>,
    /// Categories marked personal (with their descendants).
    #[serde(with = "super::bits::one")]
    pub personal: FixedBitSet,
    /// HXL hashtag → category.
    pub hxl: BTreeMap<String, TermId>,
    /// `(further purpose, collection purpose)` pairs declared compatible.
    pub compatible: Vec<(TermId, TermId)>,
    /// When the pack says `consent extends to compatible purposes cite "…"`: its citation.
    /// Consent given for a purpose then also covers the purposes declared compatible with it;
    /// otherwise only the purpose and those within it.
    // Skipped when absent, so that packs without it keep the hash they had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_extends: Option<String>,
    /// The pack's own citations of built-in checks (`check … cite "…"`), in check order.
    // Skipped when empty, so that packs without one keep the hash they had.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_cites: Vec<(Check, String)>,
    /// The pack's conditional, cited exceptions to built-in checks
    /// (`check … unless … cite "…"`), in check order, then as written.
    // Skipped when empty, so that packs without one keep the hash they had.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_exceptions: Vec<CheckException>,
    /// The names the pack declares (roles, responses, flags, dimensions) with what each means.
    // Skipped when empty, so that packs without declarations keep the hash they had.
    #[serde(default, skip_serializing_if = "Declared::is_empty")]
    pub declared: Declared,
    /// Parties, sorted by name.
    pub parties: Vec<Party>,
    /// Agreements, sorted by id.
    pub agreements: Vec<Agreement>,
    /// Classifications, sorted by response.
    pub classifications: Vec<Classification>,
    /// Rules, sorted by name.
    pub rules: Vec<Rule>,
    /// Where each rule was written (parallel to `rules`; not part of the hash).
    pub locations: Vec<Location>,
    /// Each rule's source text as written (parallel to `rules`; not part of the hash), so an
    /// explanation can quote it even when only the compiled policy is at hand (a decision
    /// log re-explaining a past decision).
    // Skipped when empty so that the hash (computed with it cleared) is the same as before
    // this field existed: hashes key stored policies and decision logs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_texts: Vec<String>,
    /// `sha256:` of the canonical meaning.
    pub hash: String,
}
