//! The abstract syntax tree. Every node keeps the [`Span`] it was parsed from.

use crate::source::{FileId, Span};
// The closed sets the syntax shares with the compiled model, below both (src/kinds.rs).
pub use crate::kinds::{Comparison, DeclaredSort, Effect, Role, Sort};

/// A (possibly dotted) name as written: `personal.biometric`, `ngo_alpha`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The text of the name.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// A quoted string, unescaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    /// The value without quotes, escapes resolved.
    pub value: String,
    /// Where it was written, quotes included.
    pub span: Span,
}

/// A number as written; the compiler checks its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Num {
    /// The digits.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// Which file.
    pub id: FileId,
    /// `policy "…"` or `vocabulary "…"`, if present.
    pub header: Option<Header>,
    /// Declarations in file order.
    pub decls: Vec<Decl>,
}

/// Whether a file is a policy or a shared vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderKind {
    /// `policy "name"`.
    Policy,
    /// `vocabulary "name"`.
    Vocabulary,
}

/// `policy "name" version "v"` or `vocabulary "name" version "v"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Policy or vocabulary.
    pub kind: HeaderKind,
    /// The quoted name.
    pub name: Str,
    /// The optional version.
    pub version: Option<Str>,
    /// The whole header.
    pub span: Span,
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    /// `use vocabulary "name"`.
    UseVocabulary(Str, Span),
    /// `use "file.policy"`.
    UseFile(Str, Span),
    /// `category …`, `subject …`, `purpose …`, `party kind …`.
    Term(TermDecl),
    /// `compatible P with C`.
    Compatible(CompatibleDecl),
    /// `hxl "#…", … for CATEGORY`.
    Hashtags(HashtagsDecl),
    /// `check builtin.… cite "…"`.
    CheckCite(CheckCiteDecl),
    /// `consent extends to compatible purposes cite "…"`.
    ConsentExtends(ConsentExtendsDecl),
    /// `party …`.
    Party(PartyDecl),
    /// `agreement "…" …`.
    Agreement(AgreementDecl),
    /// `classification "…" for response "…" …`.
    Classification(ClassificationDecl),
    /// `role dpo "…"`, `response "ke-2025" "…"`, `flag f "…"`, `dimension d "…"`.
    Declared(DeclaredDecl),
    /// `allow|deny|review|require "…" …`.
    Rule(RuleDecl),
}

/// A vocabulary term declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermDecl {
    /// Which vocabulary.
    pub sort: Sort,
    /// The dotted name.
    pub name: Name,
    /// Attributes in the order written.
    pub attrs: Vec<TermAttr>,
    /// The whole declaration.
    pub span: Span,
}

/// An attribute of a vocabulary term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermAttr {
    /// `under a, b`: extra parents besides the dotted prefix.
    Under(Vec<Name>, Span),
    /// `sensitivity high`.
    Sensitivity(Name, Span),
    /// `hxl "#geo+lat", "#geo+lon"`.
    Hxl(Vec<Str>, Span),
    /// `personal`: masked in decision logs.
    Personal(Span),
    /// `deprecated [replaced by NAME]`: still valid; using it in a policy is a warning.
    Deprecated(Option<Name>, Span),
}

/// `check builtin.purpose_limitation cite "…"`: the pack's citation for a built-in check,
/// shown instead of the one mandate ships.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckCiteDecl {
    /// The check's id as written.
    pub check: Name,
    /// The citation.
    pub cite: Str,
    /// For an exception: `unless …`, under which the check does not apply to a hop.
    pub unless: Option<Clause>,
    /// The `cite "…"` clause, keyword included.
    pub cite_clause: Span,
    /// The whole declaration.
    pub span: Span,
}

/// `consent extends to compatible purposes cite "…"`: the pack's reading of consent, under
/// which consent given for a purpose also covers the purposes declared compatible with it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsentExtendsDecl {
    /// The citation; required, parsed as optional so the compiler can say it is missing.
    pub cite: Option<Str>,
    /// The `cite "…"` clause, keyword included.
    pub cite_clause: Option<Span>,
    /// The whole declaration.
    pub span: Span,
}

/// `role dpo "Data protection officer"` and its kin: a name declared with what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredDecl {
    /// Which sort of name.
    pub sort: DeclaredSort,
    /// The name (a response's is the quoted text, without quotes; its span covers them).
    pub name: Name,
    /// What it means; required, parsed as optional so the compiler can say it is missing.
    pub description: Option<Str>,
    /// The whole declaration.
    pub span: Span,
}

/// `compatible P with C`: data collected for `C` may be used for `P`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompatibleDecl {
    /// The further purpose.
    pub purpose: Name,
    /// The original (collection) purpose.
    pub with: Name,
    /// The whole declaration.
    pub span: Span,
}

/// `hxl "#affected+f", "#affected+m" for personal.demographic`: hashtags mapped to a category
/// declared elsewhere (a shared vocabulary's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashtagsDecl {
    /// The hashtags, as written.
    pub tags: Vec<Str>,
    /// The category they map to.
    pub category: Name,
    /// The whole declaration.
    pub span: Span,
}

/// `party name kind k jurisdiction "KE" organisation o flags [..]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyDecl {
    /// The party's name.
    pub name: Name,
    /// Attributes in the order written.
    pub attrs: Vec<PartyAttr>,
    /// The whole declaration.
    pub span: Span,
}

/// An attribute of a party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartyAttr {
    /// `kind k`.
    Kind(Name, Span),
    /// `jurisdiction "KE"`.
    Jurisdiction(Str, Span),
    /// `organisation o`.
    Organisation(Name, Span),
    /// `flags a, b`.
    Flags(Vec<Name>, Span),
}

/// `agreement "id" between a and b …` or `agreement "id" from a to b …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgreementDecl {
    /// The agreement's reference.
    pub id: Str,
    /// The parties named.
    pub parties: Vec<Name>,
    /// `from a to b` (one direction) rather than `between` (any direction).
    pub directed: bool,
    /// Attributes in the order written.
    pub attrs: Vec<AgreementAttr>,
    /// The whole declaration.
    pub span: Span,
}

/// An attribute of an agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgreementAttr {
    /// `purposes a, b`.
    Purposes(Vec<Name>, Span),
    /// `data a, b`.
    Data(Vec<Name>, Span),
    /// `subjects a, b`.
    Subjects(Vec<Name>, Span),
    /// `valid 2024-01-01 to 2026-12-31`.
    Valid(Name, Name, Span),
    /// `onward transfer allowed|forbidden`.
    Onward(Name, Span),
    /// `document "ref"`.
    Document(Str, Span),
    /// `suspended from 2025-07-01 [to 2025-12-31] because "…" cite "…"`.
    Suspended(Suspended),
}

/// A deliberate period without an agreement: `suspended from … [to …] because "…" cite "…"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspended {
    /// Its first day, as written.
    pub from: Name,
    /// Its last day, as written (none: open-ended).
    pub to: Option<Name>,
    /// Why, as written.
    pub because: Option<Str>,
    /// The decision it rests on, as written.
    pub cite: Option<Str>,
    /// The whole attribute.
    pub span: Span,
}

/// `classification "name" for response "r"` with `category is level` entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassificationDecl {
    /// The classification's name.
    pub name: Str,
    /// The `context.response` it applies to.
    pub response: Str,
    /// Category → level overrides.
    pub entries: Vec<(Name, Name)>,
    /// Combinations: categories that, all appearing in one flow, rate it at least this level.
    pub combinations: Vec<(Vec<Name>, Name)>,
    /// The whole declaration.
    pub span: Span,
}

/// A rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    /// allow, deny, review or require.
    pub effect: Effect,
    /// The quoted rule name.
    pub name: Str,
    /// Clauses in the order written.
    pub clauses: Vec<Clause>,
    /// The whole rule.
    pub span: Span,
}

/// A clause of a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// What the clause says.
    pub kind: ClauseKind,
    /// The whole clause.
    pub span: Span,
}

/// The clauses a rule may have.
#[derive(Clone, Debug, PartialEq)]
pub enum ClauseKind {
    /// `when …`.
    When(Cond),
    /// `unless …`.
    Unless(Cond),
    /// `require o, o`.
    Require(Vec<Obligation>),
    /// `approval by role`.
    Approval(Name),
    /// `cite "…"`.
    Cite(Str),
}

impl ClauseKind {
    /// The keyword that starts the clause.
    pub fn keyword(&self) -> &'static str {
        match self {
            ClauseKind::When(_) => "when",
            ClauseKind::Unless(_) => "unless",
            ClauseKind::Require(_) => "require",
            ClauseKind::Approval(_) => "approval by",
            ClauseKind::Cite(_) => "cite",
        }
    }
}

/// A condition with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    /// The condition.
    pub kind: CondKind,
    /// Where it was written.
    pub span: Span,
}

/// Boolean structure of conditions.
#[derive(Clone, Debug, PartialEq)]
pub enum CondKind {
    /// Any holds.
    Or(Vec<Cond>),
    /// All hold.
    And(Vec<Cond>),
    /// Does not hold. `inline` records `purpose not within x` rather than `not purpose within x`.
    Not {
        /// The negated condition.
        inner: Box<Cond>,
        /// Written inside the atom rather than as a prefix.
        inline: bool,
    },
    /// A test of one fact of the flow.
    Atom(Atom),
}

/// A test of one fact of the flow.
#[derive(Clone, Debug, PartialEq)]
pub enum Atom {
    /// `data includes c`.
    DataIncludes(Name),
    /// `data within [..]`.
    DataWithin(Vec<Name>),
    /// `data sensitivity at least high`.
    DataSensitivity(Comparison, Name),
    /// `subjects include s`.
    SubjectsInclude(Name),
    /// `subjects within [..]`.
    SubjectsWithin(Vec<Name>),
    /// `purpose is p`.
    PurposeIs(Name),
    /// `purpose within [..]`.
    PurposeWithin(Vec<Name>),
    /// `purpose compatible with collected_for`.
    PurposeCompatible,
    /// `collected_for within [..]`.
    CollectedWithin(Vec<Name>),
    /// `recipient is k` (a party kind or a party).
    PartyIs(Role, Name),
    /// `recipient jurisdiction in ["KE"]`.
    PartyJurisdiction(Role, Vec<Str>),
    /// `recipient has flag`.
    PartyHas(Role, Name),
    /// `basis is consent or vital_interest`.
    BasisIs(Vec<Name>),
    /// `consent covers flow`.
    ConsentCovers,
    /// `agreement covers flow`.
    AgreementCovers,
    /// `agreement allows onward transfer`.
    AgreementAllowsOnward,
    /// `approved by role`.
    ApprovedBy(Name),
    /// `approved by role within 30 days`.
    ApprovedWithin(Name, PeriodText),
    /// `records closed more than 5 years before`: the event as written, then the period.
    RecordsOlder(Name, PeriodText),
    /// `same organisation`.
    SameOrganisation,
    /// `cross border`.
    CrossBorder,
    /// `international transfer`.
    InternationalTransfer,
    /// `onward transfer`.
    OnwardTransfer,
    /// `response is "r"`.
    ResponseIs(Str),
    /// `data any of [..]`, `subjects none of [..]`, `purpose other than [..]`: a set
    /// condition with Fides' meaning (see [`Matches`]).
    Matches(Facet, Matches, Vec<Name>),
    /// `true` or `false`.
    Const(bool),
}

/// The set of a flow a set condition looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Facet {
    /// The flow's data categories.
    Data,
    /// The flow's subjects.
    Subjects,
    /// The flow's purpose (a set of one).
    Purpose,
}

impl Facet {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Facet::Data => "data",
            Facet::Subjects => "subjects",
            Facet::Purpose => "purpose",
        }
    }
}

/// How a set condition compares the flow's terms with its list, as Fides' `matches`: a term
/// of the flow *matches* when it is within a listed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Matches {
    /// `any of`: some term of the flow matches.
    Any,
    /// `all of`: the flow has terms and every one matches.
    All,
    /// `none of`: the flow has terms and none matches.
    None,
    /// `other than`: some term of the flow does not match.
    Other,
}

impl Matches {
    /// The words.
    pub fn words(self) -> &'static str {
        match self {
            Matches::Any => "any of",
            Matches::All => "all of",
            Matches::None => "none of",
            Matches::Other => "other than",
        }
    }
}

/// A period as written (`30 days`); the compiler checks the number and the unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodText {
    /// The number.
    pub amount: Num,
    /// The unit word.
    pub unit: Name,
}

/// An obligation with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obligation {
    /// What it requires.
    pub kind: ObligationKind,
    /// Where it was written.
    pub span: Span,
}

/// The obligations a rule can impose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObligationKind {
    /// `minimize to [..]`.
    Minimize(Vec<Name>),
    /// `pseudonymize [..]`.
    Pseudonymize(Vec<Name>),
    /// `aggregate by [..] with k >= n`.
    Aggregate(Vec<Name>, Num),
    /// `retain at most n days`.
    Retain(Num),
    /// `encrypt at_rest|in_transit`.
    Encrypt(Name),
    /// `no onward transfer`.
    NoOnwardTransfer,
    /// `no onward transfer outside organisation` / `outside network FLAG`.
    NoOnwardTransferOutside(OnwardScope),
    /// `notify role`.
    Notify(Name),
    /// `k-anonymity on [..] with k >= n [suppressing at most p%]`.
    KAnonymity {
        /// The quasi-identifier categories.
        on: Vec<Name>,
        /// The smallest class.
        k: Num,
        /// The largest share of their values that may be suppressed (`5%`).
        max_suppressed: Option<Num>,
    },
    /// `encryption keys held by sender`.
    KeysHeldBy(Name),
    /// `no re-identification`.
    NoReidentification,
    /// `dpia`.
    Dpia,
    /// `reidentification risk at most p% on [..]`.
    ReidentificationRisk {
        /// The bound (`3%`).
        max: Num,
        /// The key variable categories.
        on: Vec<Name>,
    },
}

/// The scope of a `no onward transfer outside …` obligation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnwardScope {
    /// `outside organisation`: onward transfers within the recipient's organisation remain
    /// allowed.
    Organisation,
    /// `outside network FLAG`: onward transfers to parties with the flag remain allowed.
    Network(Name),
}
