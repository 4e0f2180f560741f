//! The outcome of many flows against one policy, each distinct part of them resolved once.
//!
//! A batch of flows (the Python binding's Arrow columns) repeats the same few data lists,
//! parties, purposes and nested parts (consent records, chains, approvals) from row to row.
//! [`ResolveCache`] keeps what each distinct one resolves to, so that a row costs a few
//! look-ups of its texts and the judgement, not the resolving of every name and date again.
//! Only what does not depend on the row's other fields is kept: a chain hop's time when it
//! states none, its basis, its DPIA, and which approvals are late or expired are worked out
//! for each row. The outcome is [`super::outcome`]'s on the same flow, which the tests
//! compare on every bundled flow and on mutated ones.
//!
//! A flow with any input error is a deny of kind `error`, whichever error it is: its parts'
//! errors are kept as a flag, never as words.

use super::decide::outcome_of_facts;
use super::facts::{
    Closure, ConsentFacts, Facts, Held, HopFacts, Hops, RecordDates, Resolver, Terms,
    classification_of, parse_instant, sensitivity, stated_dpia,
};
use super::flow::{Approval, Consent, Context, Dpia, Hop, MAX_FLOW_BYTES, MAX_LIST, Records};
use super::{DenyKind, Outcome};
use crate::model::{Basis, CompiledPolicy, DeclaredSort, Level, PartyId, Sort, TermId};
use crate::reason::Problem;
use hashbrown::{DefaultHashBuilder, HashTable};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::cell::OnceCell;
use std::hash::{BuildHasher, Hash, Hasher};
use time::OffsetDateTime;

/// Most entries kept (all tables together), and most bytes of their keys; when either is
/// passed, every table is emptied at the next flow and fills again with the texts common
/// then. Bounds the memory a stream of all-different flows can take (an entry takes a small
/// multiple of its key).
const MAX_ENTRIES: usize = 8192;
const MAX_BYTES: usize = 4 << 20;

/// The nested parts of a flow, which a batch of flow columns gives as one JSON object
/// (`{"consent": …, "chain": […]}`): each as in [`super::Flow`], every one optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NestedParts {
    /// The consent record.
    #[serde(default)]
    pub consent: Option<Consent>,
    /// The flow's approvals.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// The earlier hops.
    #[serde(default)]
    pub chain: Vec<Hop>,
    /// The operational context.
    #[serde(default)]
    pub context: Option<Context>,
    /// The records' dates.
    #[serde(default)]
    pub records: Option<Records>,
    /// The DPIA.
    #[serde(default)]
    pub dpia: Option<Dpia>,
}

/// A flow given by parts, borrowed: its own fields as texts, its nested parts as the JSON
/// text of a [`NestedParts`]. It stands for the [`super::Flow`] with these fields and the
/// nested parts that text reads as; a nested text that does not read (or is over
/// [`MAX_FLOW_BYTES`]), or a list over [`MAX_LIST`], makes the flow an input error, as
/// [`super::Flow::from_json`] has it.
#[derive(Clone, Copy, Debug)]
pub struct FlowParts<'a> {
    /// `id`.
    pub id: &'a str,
    /// `at`.
    pub at: &'a str,
    /// `from`.
    pub from: &'a str,
    /// `to`.
    pub to: &'a str,
    /// `purpose`.
    pub purpose: &'a str,
    /// `data`.
    pub data: &'a [&'a str],
    /// `subjects`, `None` when not stated.
    pub subjects: Option<&'a [&'a str]>,
    /// `collected_for`.
    pub collected_for: Option<&'a str>,
    /// `basis`.
    pub basis: Option<Basis>,
    /// The nested parts as JSON text; `None` for none.
    pub nested: Option<&'a str>,
}

/// What the texts of many flows resolve to against one policy, kept between flows: see the
/// module's documentation. Bounded in entries and bytes. Meant for one policy: given
/// another, it empties itself first.
#[derive(Default)]
pub struct ResolveCache {
    /// The policy the entries were resolved against, known by its hash's shared string.
    /// Holding it keeps that string alive, so another policy can never be taken for this
    /// one by reusing its memory (as a bare address could be, once the policy is dropped);
    /// two policies sharing the string are clones, with the same hash.
    policy: Option<std::sync::Arc<str>>,
    hasher: DefaultHashBuilder,
    data: Table<DataEntry>,
    subjects: Table<SubjectsEntry>,
    names: Table<NamesEntry>,
    nested: Table<NestedEntry>,
    /// The entries of a row's names and lists together, keyed by [`row_key`]: a row whose
    /// names and lists were met before costs one hash and one comparison for all of them,
    /// not one for each.
    rows: RowTable,
    /// The row key being looked up, reused from flow to flow.
    key: Vec<u8>,
    /// The resolved form of a flow without nested parts.
    loose: NestedEntry,
    /// The length of every key kept.
    bytes: usize,
}

const ERROR: (Outcome, Option<DenyKind>) = (Outcome::Deny, Some(DenyKind::Error));

impl ResolveCache {
    /// An empty cache.
    pub fn new() -> ResolveCache {
        ResolveCache::default()
    }

    /// The outcome and deny kind of the flow `parts` stand for under `policy`: those of
    /// [`super::outcome`] on that flow.
    pub fn outcome(
        &mut self,
        policy: &CompiledPolicy,
        parts: &FlowParts<'_>,
    ) -> (Outcome, Option<DenyKind>) {
        self.make_room(policy);
        if blank(parts.id)
            || parts.data.len() > MAX_LIST
            || parts.subjects.is_some_and(|s| s.len() > MAX_LIST)
        {
            return ERROR;
        }
        let Some(at) = parse_instant(parts.at) else {
            return ERROR;
        };
        // Look-ups first (they may add entries), then the facts, which borrow the entries.
        let Some(nested) = self.nested(policy, parts.nested) else {
            return ERROR;
        };
        let Some(RowEntry {
            names,
            data,
            subjects,
        }) = self.row(policy, parts)
        else {
            return ERROR;
        };
        let classification = self.nested_entry(nested).classification;
        let (sensitivity, combination) = self.sensitivity(policy, data, classification);
        let nested = self.nested_entry(nested);
        self.judge(
            policy,
            parts,
            at,
            names,
            data,
            nested,
            subjects,
            (sensitivity, combination),
        )
    }

    /// Empties the tables when they are full or were filled for another policy.
    fn make_room(&mut self, policy: &CompiledPolicy) {
        let hash = &policy.quotes().hash;
        let same = self
            .policy
            .as_ref()
            .is_some_and(|mine| std::sync::Arc::ptr_eq(mine, hash));
        let entries = self.data.len()
            + self.subjects.len()
            + self.names.len()
            + self.nested.len()
            + self.rows.len();
        if !same || entries > MAX_ENTRIES || self.bytes > MAX_BYTES {
            self.data.clear();
            self.subjects.clear();
            self.names.clear();
            self.nested.clear();
            self.rows.clear();
            self.bytes = 0;
            self.policy = Some(hash.clone());
        }
    }

    fn hash<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> u64 {
        let mut h = self.hasher.build_hasher();
        for t in texts {
            t.hash(&mut h);
        }
        h.finish()
    }

    /// The entries of the row's names and lists (`from`, `to`, `purpose`, `collected_for`,
    /// `data`, `subjects`), looked up together by [`row_key`]; `None` if one of them holds an
    /// input error. Met for the first time, each is looked up (or resolved) in its own
    /// table, and the indexes found are kept under the row key.
    fn row(&mut self, policy: &CompiledPolicy, parts: &FlowParts<'_>) -> Option<RowEntry> {
        let mut key = std::mem::take(&mut self.key);
        row_key(&mut key, parts);
        let hash = self.hasher.hash_one(key.as_slice());
        let found = self.rows.find(hash, &key);
        let entry = match found {
            Some(entry) => entry,
            None => {
                let entry = self.row_entry(policy, parts);
                self.bytes += key.len();
                self.rows.insert(hash, &key, entry);
                entry
            }
        };
        self.key = key;
        entry
    }

    /// The entries of the row's names and lists, each from its own table.
    fn row_entry(&mut self, policy: &CompiledPolicy, parts: &FlowParts<'_>) -> Option<RowEntry> {
        let names = self.names(policy, parts)?;
        let data = self.data(policy, parts.data)?;
        let personal = self.data.value(data).as_ref()?.personal;
        // Personal data whose subjects are listed as none has unknown subjects (as
        // `resolve` has it).
        let stated = parts
            .subjects
            .filter(|names| !(names.is_empty() && personal));
        let subjects = match stated {
            None => None,
            Some(names) => Some(self.subjects(policy, names)?),
        };
        Some(RowEntry {
            names,
            data,
            subjects,
        })
    }

    /// The entry of the flow's names (`from`, `to`, `purpose`, `collected_for`); `None` if
    /// one is unknown.
    fn names(&mut self, policy: &CompiledPolicy, parts: &FlowParts<'_>) -> Option<usize> {
        let all = [
            parts.from,
            parts.to,
            parts.purpose,
            parts.collected_for.unwrap_or_default(),
        ];
        let key = all
            .get(..3 + usize::from(parts.collected_for.is_some()))
            .unwrap_or(&all);
        let hash = self.hash(key.iter().copied());
        let i = match self.names.find(hash, key) {
            Some(i) => i,
            None => {
                let mut r = Resolver::unsuggested(policy);
                let from = r.party(parts.from, String::new);
                let to = r.party(parts.to, String::new);
                let purpose = r.term(Sort::Purpose, parts.purpose, String::new);
                let collected_for = parts
                    .collected_for
                    .map(|p| r.term(Sort::Purpose, p, String::new));
                let entry = match (from, to, purpose) {
                    (Some(from), Some(to), Some(purpose)) if r.errors.is_empty() => {
                        Some(NamesEntry {
                            from,
                            to,
                            purpose,
                            collected_for: collected_for.flatten(),
                        })
                    }
                    _ => None,
                };
                self.insert_names(hash, key, entry)
            }
        };
        self.names.value(i).is_some().then_some(i)
    }

    fn insert_names(&mut self, hash: u64, key: &[&str], entry: Option<NamesEntry>) -> usize {
        self.bytes += key.iter().map(|k| k.len()).sum::<usize>();
        self.names.insert(hash, key, entry)
    }

    /// The entry of a nested text (the empty one for none); `None` if it does not read or
    /// holds an input error.
    fn nested(&mut self, policy: &CompiledPolicy, text: Option<&str>) -> Option<Option<usize>> {
        let Some(text) = text else {
            return Some(None);
        };
        if text.len() > MAX_FLOW_BYTES {
            return None;
        }
        let hash = self.hash([text]);
        let i = match self.nested.find(hash, &[text]) {
            Some(i) => i,
            None => {
                let entry = serde_json::from_str::<NestedParts>(text)
                    .ok()
                    .and_then(|parts| NestedEntry::resolve(policy, parts));
                self.bytes += text.len();
                self.nested.insert(hash, &[text], entry)
            }
        };
        self.nested.value(i).is_some().then_some(Some(i))
    }

    fn nested_entry(&self, i: Option<usize>) -> &NestedEntry {
        i.and_then(|i| self.nested.value(i).as_ref())
            .unwrap_or(&self.loose)
    }

    /// The entry of a data list; `None` if it names an unknown category.
    fn data(&mut self, policy: &CompiledPolicy, names: &[&str]) -> Option<usize> {
        let hash = self.hash(names.iter().copied());
        let i = match self.data.find(hash, names) {
            Some(i) => i,
            None => {
                let mut r = Resolver::unsuggested(policy);
                let (categories, closure) =
                    r.term_set(Sort::Category, names.iter().copied(), |_| String::new());
                let entry = r.errors.is_empty().then(|| {
                    let personal = categories
                        .iter()
                        .any(|&c| policy.personal.contains(c as usize));
                    DataEntry {
                        categories,
                        closure,
                        personal,
                        sensitivity: SmallVec::new(),
                    }
                });
                self.bytes += names.iter().map(|k| k.len()).sum::<usize>();
                self.data.insert(hash, names, entry)
            }
        };
        self.data.value(i).is_some().then_some(i)
    }

    /// The sensitivity of data entry `i` under a classification (by index), worked out once
    /// for each classification it meets.
    fn sensitivity(
        &mut self,
        policy: &CompiledPolicy,
        i: usize,
        classification: Option<usize>,
    ) -> (Option<Level>, Option<usize>) {
        let Some(Some(entry)) = self.data.values.get_mut(i) else {
            return (None, None);
        };
        if let Some(&(_, level, combination)) = entry
            .sensitivity
            .iter()
            .find(|(c, _, _)| *c == classification)
        {
            return (level, combination);
        }
        let (level, combination) =
            sensitivity(policy, &entry.categories, &entry.closure, classification);
        entry.sensitivity.push((classification, level, combination));
        (level, combination)
    }

    /// The entry of a subjects list; `None` if it names an unknown subject.
    fn subjects(&mut self, policy: &CompiledPolicy, names: &[&str]) -> Option<usize> {
        let hash = self.hash(names.iter().copied());
        let i = match self.subjects.find(hash, names) {
            Some(i) => i,
            None => {
                let mut r = Resolver::unsuggested(policy);
                let set = r.term_set(Sort::Subject, names.iter().copied(), |_| String::new());
                let entry = r.errors.is_empty().then_some(set);
                self.bytes += names.iter().map(|k| k.len()).sum::<usize>();
                self.subjects.insert(hash, names, entry)
            }
        };
        self.subjects.value(i).is_some().then_some(i)
    }

    /// Judges the flow on the facts its entries (each one that resolved) give, built where
    /// they are judged (moving them costs more than building them); an input error that
    /// depends on the row (a hop after the flow) is a deny of kind `error`.
    #[allow(clippy::too_many_arguments)]
    fn judge<'s>(
        &'s self,
        policy: &CompiledPolicy,
        parts: &FlowParts<'s>,
        at: OffsetDateTime,
        names: usize,
        data: usize,
        nested: &'s NestedEntry,
        subjects: Option<usize>,
        (sensitivity, combination): (Option<Level>, Option<usize>),
    ) -> (Outcome, Option<DenyKind>) {
        let (Some(names), Some(data_key), Some(data)) = (
            self.names.value(names).as_ref(),
            self.data.keys.get(data),
            self.data.value(data).as_ref(),
        ) else {
            return ERROR;
        };
        let subjects = match subjects.map(|i| self.subjects.value(i).as_ref()) {
            None => None,
            Some(Some((ids, set))) => Some((Held::Borrowed(ids), Held::Borrowed(set))),
            Some(None) => return ERROR,
        };
        let flow_dpia = nested.parts.dpia.as_ref();
        let (late, expired) = counting(&nested.approvals, at);
        let last = HopFacts {
            from: names.from,
            to: names.to,
            purpose: names.purpose,
            basis: parts.basis,
            at,
            agreement: None,
            approvals: &nested.parts.approvals,
            dpia: stated_dpia(flow_dpia),
            late,
            expired,
            covering: OnceCell::new(),
            needs_subjects: OnceCell::new(),
        };
        let consent = match (&nested.parts.consent, &nested.consent) {
            (Some(c), Some(resolved)) => Some(ConsentFacts {
                id: c.id.as_deref(),
                status: resolved.status,
                purposes: Held::Borrowed(&resolved.purposes),
                recipient_parties: Held::Borrowed(&resolved.recipient_parties),
                recipient_kinds: Held::Borrowed(&resolved.recipient_kinds),
                countries: &c.countries,
                given_at: resolved.given_at,
                withdrawn_at: resolved.withdrawn_at,
                expires_at: resolved.expires_at,
            }),
            _ => None,
        };
        let mut facts = Facts {
            // Borrowed from the entries, not copied.
            categories: Held::Borrowed(&data.categories),
            data: data_key,
            closure: Held::Borrowed(&data.closure),
            sensitivity,
            combination,
            subjects,
            collected_for: names.collected_for,
            consent,
            response: nested
                .parts
                .context
                .as_ref()
                .and_then(|c| c.response.as_deref()),
            dpia: stated_dpia(flow_dpia),
            hops: Hops {
                earlier: SmallVec::new(),
                last,
            },
            records: nested.records,
        };
        // The earlier hops pushed in place: the facts are a few hundred bytes, and each
        // move of them (into the facts, then the facts into place) was a call of `memcpy`.
        for (hop, resolved) in nested.parts.chain.iter().zip(&nested.chain) {
            let hop_at = resolved.at.unwrap_or(at);
            if hop_at > at {
                return ERROR;
            }
            let (late, expired) = counting(&resolved.approvals, hop_at);
            facts.hops.earlier.push(HopFacts {
                from: resolved.from,
                to: resolved.to,
                purpose: resolved.purpose,
                basis: hop.basis.or(parts.basis),
                at: hop_at,
                agreement: resolved.agreement,
                approvals: &hop.approvals,
                dpia: stated_dpia(hop.dpia.as_ref().or(flow_dpia)),
                late,
                expired,
                covering: OnceCell::new(),
                needs_subjects: OnceCell::new(),
            });
        }
        outcome_of_facts(policy, &facts)
    }
}

/// Whether a flow's id is blank (`trim` leaves nothing), as [`super::Flow`] has it; an id
/// that starts with a character that is not white space (nearly every one) is not, which
/// is told without trimming it.
fn blank(id: &str) -> bool {
    match id.as_bytes().first() {
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => false,
        _ => id.trim().is_empty(),
    }
}

/// Writes into `key` the row's names and lists, so that two rows have the same key only if
/// they have the same names and lists: each text is followed by `FF`, a list ends with
/// `FE`, a part not there is `FD`. None of the three bytes is ever in UTF-8 text, so texts
/// cannot run into each other or into the marks (a length before each text would do the
/// same with a key longer to hash and compare).
fn row_key(key: &mut Vec<u8>, parts: &FlowParts<'_>) {
    const END_OF_TEXT: u8 = 0xFF;
    const END_OF_LIST: u8 = 0xFE;
    const ABSENT: u8 = 0xFD;
    fn text(key: &mut Vec<u8>, text: &str) {
        key.extend_from_slice(text.as_bytes());
        key.push(END_OF_TEXT);
    }
    fn list(key: &mut Vec<u8>, list: &[&str]) {
        for t in list {
            text(key, t);
        }
        key.push(END_OF_LIST);
    }
    key.clear();
    text(key, parts.from);
    text(key, parts.to);
    text(key, parts.purpose);
    match parts.collected_for {
        Some(t) => text(key, t),
        None => key.push(ABSENT),
    }
    list(key, parts.data);
    match parts.subjects {
        Some(names) => list(key, names),
        None => key.push(ABSENT),
    }
}

/// Where a row's names and lists are in their tables (see [`ResolveCache::row`]).
#[derive(Clone, Copy)]
struct RowEntry {
    names: usize,
    data: usize,
    /// `None` when the flow states no subjects (or none for personal data: unknown).
    subjects: Option<usize>,
}

/// The row keys met, each with its entries (`None` for one that holds an input error),
/// looked up by the key's bytes in place.
type RowTable = Table<RowEntry, Box<[u8]>>;

impl RowTable {
    /// The entry kept under `key`, if any: `Some(None)` for a key that holds an error.
    fn find(&self, hash: u64, key: &[u8]) -> Option<Option<RowEntry>> {
        self.find_by(hash, |k| **k == *key).map(|i| *self.value(i))
    }

    fn insert(&mut self, hash: u64, key: &[u8], value: Option<RowEntry>) {
        self.push(hash, key.into(), value);
    }
}

/// Which approvals do not count for a hop at `at`: those dated after it, and those expired
/// at or before it (as `resolve` has them).
fn counting(
    times: &[ApprovalTimes],
    at: OffsetDateTime,
) -> (SmallVec<[u16; 2]>, SmallVec<[u16; 2]>) {
    let mut late = SmallVec::new();
    let mut expired = SmallVec::new();
    for (i, t) in times.iter().enumerate() {
        if t.at.is_some_and(|when| when > at) {
            late.push(i as u16);
        }
        if t.expires.is_some_and(|when| when <= at) {
            expired.push(i as u16);
        }
    }
    (late, expired)
}

/// A table of entries keyed by lists of texts (or, for [`RowTable`], by bytes), looked up
/// by the key in place.
struct Table<V, K = Vec<String>> {
    /// Each entry's hash and index.
    index: HashTable<(u64, usize)>,
    keys: Vec<K>,
    /// `None` for a key that holds an input error.
    values: Vec<Option<V>>,
}

impl<V, K> Default for Table<V, K> {
    fn default() -> Self {
        Table {
            index: HashTable::new(),
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<V, K> Table<V, K> {
    fn len(&self) -> usize {
        self.values.len()
    }

    fn clear(&mut self) {
        self.index.clear();
        self.keys.clear();
        self.values.clear();
    }

    /// The index of the entry whose hash is `hash` and whose key is `same`.
    fn find_by(&self, hash: u64, same: impl Fn(&K) -> bool) -> Option<usize> {
        self.index
            .find(hash, |&(h, i)| {
                h == hash && self.keys.get(i).is_some_and(&same)
            })
            .map(|&(_, i)| i)
    }

    fn push(&mut self, hash: u64, key: K, value: Option<V>) -> usize {
        let i = self.values.len();
        self.keys.push(key);
        self.values.push(value);
        self.index.insert_unique(hash, (hash, i), |&(h, _)| h);
        i
    }

    fn value(&self, i: usize) -> &Option<V> {
        self.values.get(i).unwrap_or(&None)
    }
}

impl<V> Table<V> {
    fn find(&self, hash: u64, key: &[&str]) -> Option<usize> {
        self.find_by(hash, |k| k.as_slice() == key)
    }

    fn insert(&mut self, hash: u64, key: &[&str], value: Option<V>) -> usize {
        self.push(hash, key.iter().map(|&k| k.to_owned()).collect(), value)
    }
}

/// A data list, resolved.
struct DataEntry {
    categories: Terms,
    closure: Closure,
    /// Whether any category is personal data.
    personal: bool,
    /// Its sensitivity under each classification met so far (by index; `None`: the
    /// policy's own levels), with the combination entry that raised it.
    sensitivity: SmallVec<[Rated; 2]>,
}

/// A data list's sensitivity under a classification (by index; `None`: the policy's own
/// levels), with the combination entry that raised it.
type Rated = (Option<usize>, Option<Level>, Option<usize>);

type SubjectsEntry = (Terms, Closure);

/// A flow's names, resolved.
struct NamesEntry {
    from: PartyId,
    to: PartyId,
    purpose: TermId,
    collected_for: Option<TermId>,
}

/// An approval's times, read.
#[derive(Clone, Copy, Debug)]
struct ApprovalTimes {
    at: Option<OffsetDateTime>,
    expires: Option<OffsetDateTime>,
}

/// An earlier hop, resolved as far as it does not depend on the flow.
struct HopEntry {
    from: PartyId,
    to: PartyId,
    purpose: TermId,
    /// Its time, when it states one.
    at: Option<OffsetDateTime>,
    agreement: Option<usize>,
    approvals: SmallVec<[ApprovalTimes; 2]>,
}

/// Nested parts, resolved as far as they do not depend on the flow's other fields.
#[derive(Default)]
struct NestedEntry {
    parts: NestedParts,
    /// The consent facts without what they borrow from the record (its id, countries).
    consent: Option<ConsentFacts<'static>>,
    classification: Option<usize>,
    records: RecordDates,
    approvals: SmallVec<[ApprovalTimes; 2]>,
    chain: SmallVec<[HopEntry; 1]>,
}

impl NestedEntry {
    /// `parts` resolved; `None` if they hold an input error (whatever the flow's other
    /// fields, the flow is then one).
    fn resolve(policy: &CompiledPolicy, parts: NestedParts) -> Option<NestedEntry> {
        let consent = parts.consent.as_ref();
        let too_long = [
            parts.approvals.len(),
            parts.chain.len(),
            consent.map_or(0, |c| c.purposes.len()),
            consent.map_or(0, |c| c.recipients.len()),
            consent.map_or(0, |c| c.countries.len()),
        ]
        .into_iter()
        .any(|n| n > MAX_LIST);
        if too_long {
            return None;
        }
        let mut r = Resolver::unsuggested(policy);
        let response = parts.context.as_ref().and_then(|c| c.response.as_deref());
        if let Some(name) = response
            && policy
                .declared
                .undeclared(DeclaredSort::Response, name)
                .is_some()
        {
            return None;
        }
        let classification = response.and_then(|name| classification_of(policy, name));
        let consent = consent.map(|c| {
            let facts = r.consent(c);
            ConsentFacts {
                id: None,
                status: facts.status,
                purposes: facts.purposes.into_owned(),
                recipient_parties: facts.recipient_parties.into_owned(),
                recipient_kinds: facts.recipient_kinds.into_owned(),
                countries: &[],
                given_at: facts.given_at,
                withdrawn_at: facts.withdrawn_at,
                expires_at: facts.expires_at,
            }
        });
        let records = parts
            .records
            .as_ref()
            .map(|rec| r.records(rec))
            .unwrap_or_default();
        let approvals = approval_times(&mut r, &parts.approvals);
        let mut chain = SmallVec::new();
        for hop in &parts.chain {
            let from = r.party(&hop.from, String::new);
            let to = r.party(&hop.to, String::new);
            let purpose = r.term(Sort::Purpose, &hop.purpose, String::new);
            let at = hop.at.as_ref().and_then(|t| r.instant(t, String::new));
            let approvals = approval_times(&mut r, &hop.approvals);
            let agreement = match &hop.agreement {
                None => None,
                Some(id) => Some(policy.agreements.iter().position(|a| &a.id == id)?),
            };
            let (Some(from), Some(to), Some(purpose)) = (from, to, purpose) else {
                return None;
            };
            if let Some(a) = agreement.and_then(|a| policy.agreements.get(a))
                && !a.binds(from, to)
            {
                return None;
            }
            chain.push(HopEntry {
                from,
                to,
                purpose,
                at,
                agreement,
                approvals,
            });
        }
        if !r.errors.is_empty() {
            return None;
        }
        Some(NestedEntry {
            parts,
            consent,
            classification,
            records,
            approvals,
            chain,
        })
    }
}

/// The times of `approvals`, each checked (as `resolve` checks them: a role the policy does
/// not declare and a time that does not read are errors).
fn approval_times(r: &mut Resolver<'_>, approvals: &[Approval]) -> SmallVec<[ApprovalTimes; 2]> {
    approvals
        .iter()
        .map(|a| {
            if r.policy
                .declared
                .undeclared(DeclaredSort::Role, &a.role)
                .is_some()
            {
                r.error(
                    String::new(),
                    Problem::UndeclaredRole {
                        name: a.role.clone(),
                        suggestion: None,
                    },
                );
            }
            ApprovalTimes {
                at: a.at.as_ref().and_then(|t| r.instant(t, String::new)),
                expires: a.expires.as_ref().and_then(|t| r.instant(t, String::new)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(
        from: &str,
        to: &str,
        collected_for: Option<&str>,
        data: &[&str],
        subjects: Option<&[&str]>,
    ) -> Vec<u8> {
        let parts = FlowParts {
            id: "f",
            at: "2026-01-15T10:00:00Z",
            from,
            to,
            purpose: "p",
            data,
            subjects,
            collected_for,
            basis: None,
            nested: None,
        };
        let mut key = vec![1, 2, 3];
        row_key(&mut key, &parts);
        key
    }

    #[test]
    fn row_keys_differ_when_the_names_or_lists_do() {
        let keys = [
            key("ab", "c", None, &["x"], None),
            key("a", "bc", None, &["x"], None),
            key("a", "bc", Some(""), &["x"], None),
            key("a", "bc", Some("x"), &[], None),
            key("a", "bc", None, &["x", "y"], None),
            key("a", "bc", None, &["xy"], None),
            key("a", "bc", None, &["x"], Some(&["y"])),
            key("a", "bc", None, &["x"], Some(&[])),
            key("a", "bc", None, &["x"], Some(&[""])),
            key("a", "bc", None, &["x", ""], None),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in keys.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
        // The same parts, the same key (whatever the buffer held before).
        assert_eq!(keys[0], key("ab", "c", None, &["x"], None));
    }

    #[test]
    fn blank_is_trim_then_empty() {
        for id in [
            "",
            " ",
            "\t\n",
            "\u{0B}",
            "\u{A0}",
            "\u{2003}x",
            " x",
            "x",
            "x ",
            "é",
            "\u{1C}",
        ] {
            assert_eq!(blank(id), id.trim().is_empty(), "{id:?}");
        }
    }
}
