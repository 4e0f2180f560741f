//! Following data through a map. The map is a petgraph graph of systems (nodes) and
//! standing transfers (edges). Data leaves every collection point carrying its facts; each
//! transfer passes on only what it carries, and every hop is decided by the engine as a flow
//! with its chain. Paths that reach a system with the same facts are merged into one state,
//! so the work grows with the number of distinct states, not the number of paths; see the
//! "Data maps" section of ARCHITECTURE.md.

use super::load::{Map, TransferInfo};
use super::query::ReachQuery;
use super::timings::Timings;
use crate::Engine;
use crate::eval::flow::{Approval, Context, Dpia, Flow, Hop};
use crate::eval::{DecidedBy, Decision, DenyKind, Verdict};
use crate::model::{Basis, TermId};
use crate::words::Lang;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, HashMap as StdHashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// The Fx hash (as in rustc): the analysis hashes millions of small integer keys, where
/// SipHash's protection against hostile keys buys nothing and costs most of the time.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<FxHasher>>;

/// What data carries into a system: its categories (narrowed by each transfer), its
/// dataset profile (subjects, collection purpose and basis, consent) and which transfers that
/// name their datasets take it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Carried {
    /// Sorted category ids.
    pub categories: Vec<TermId>,
    /// Index into [`Map::profiles`].
    pub profile: usize,
    /// Which lists of datasets (the transfers' `datasets = [...]`) its dataset is named in,
    /// as an index of the analysis's own. Datasets named in the same lists are carried by the
    /// same transfers and share it: data is followed by its facts and this, not by its
    /// dataset's name, so that the work does not grow with the number of datasets.
    pub named_in: usize,
}

/// A hop as the policy sees it: parties, not systems. Two transfers between systems of the
/// same two parties, with the same terms, are the same hop class and are decided once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HopClass {
    /// Sending party.
    pub from: String,
    /// Receiving party.
    pub to: String,
    /// Purpose.
    pub purpose: String,
    /// The basis relied on (the transfer's, else the dataset's).
    pub basis: Option<Basis>,
    /// The agreement it is made under.
    pub agreement: Option<String>,
    /// Approving roles.
    pub approvals: Vec<String>,
    /// The reference of the DPIA the transfer relies on, if it states one.
    pub dpia: Option<String>,
}

/// A node of the analysis: a system reached by data with given facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StateKey {
    /// The system.
    pub system: usize,
    /// The hop class of the transfer that brought the data (none at the collection point):
    /// the next hop's chain checks read its agreement and its obligations.
    pub prev: Option<usize>,
    /// Index into [`Analysis::facts`].
    pub facts: usize,
    /// Whether some hop on the way was not allowed.
    pub tainted: bool,
}

/// How a state was first reached: its witness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Collected here (index of the dataset).
    Dataset(usize),
    /// By this transition.
    Transition(usize),
}

/// A state of the analysis.
#[derive(Clone, Debug)]
pub struct State {
    /// What identifies it.
    pub key: StateKey,
    /// How it was first reached (one witness path per state).
    pub origin: Origin,
    /// How many arrivals were merged into it (datasets and transitions).
    pub arrivals: u64,
}

/// One hop judged: a transfer taken from a state. Only the hops a report needs are kept
/// (those that first reached a state, violations, and the hops a reach query asks for).
#[derive(Clone, Copy, Debug)]
pub struct Transition {
    /// The state the data was in.
    pub source: u32,
    /// The transfer (index into [`Map::transfers`]).
    pub transfer: u32,
    /// The state it leads to.
    pub target: u32,
    /// The verdict of the hop with its chain (index into [`Analysis::decisions`]).
    pub decision: u32,
    /// Whether this hop is a violation in its own right (not only the consequence of an
    /// earlier hop that was already reported).
    pub violation: bool,
}

/// Counts of the work done.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Systems in the map.
    pub systems: usize,
    /// Datasets in the map.
    pub datasets: usize,
    /// Transfers in the map.
    pub transfers: usize,
    /// Distinct states (system + facts) reached.
    pub states: usize,
    /// Hops judged: each is the end of one or more paths with the same facts.
    pub paths_checked: usize,
    /// Arrivals at a state that already existed: their paths were merged, not followed again.
    pub paths_merged: usize,
    /// Decisions actually computed by the engine (the rest came from the memo).
    pub decisions_computed: usize,
    /// Hops that are violations in their own right.
    pub paths_denied: usize,
    /// Violations per deciding rule (by name) or built-in check (by id).
    pub denied_by_rule: BTreeMap<String, usize>,
    /// Violations no rule decided, per deny kind (`not_permitted`: no rule allows the hop;
    /// `error`: the map states something the policy cannot read).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub denied_without_rule: BTreeMap<String, usize>,
}

/// The result of following every path of a map.
#[derive(Debug)]
pub struct Analysis<'a> {
    /// The engine that decided.
    pub engine: &'a Engine,
    /// The map.
    pub map: &'a Map,
    /// The map as a graph: node `i` is system `i`, edge weights are transfer indices.
    pub graph: DiGraph<usize, usize>,
    /// Every state, in the order reached (breadth first).
    pub states: Vec<State>,
    /// The hops kept for reports.
    pub transitions: Vec<Transition>,
    /// The kept hops that match the reach query, if one was given.
    pub hits: Vec<usize>,
    /// Per transfer: whether any data travels on it.
    pub reached: Vec<bool>,
    /// Per transfer: how many of its hops are violations.
    pub denied: Vec<usize>,
    /// Distinct facts carried.
    pub facts: Vec<Carried>,
    /// Distinct hop classes.
    pub hops: Vec<HopClass>,
    /// Memoised verdicts: decisions without their words. A report puts the hops it shows
    /// into words, in the reader's language, with [`Analysis::decision_in`].
    pub decisions: Vec<Verdict>,
    /// What each verdict judged: (the hop class before it, its hop class, the facts).
    pub judged: Vec<(Option<usize>, usize, usize)>,
    /// Counts.
    pub stats: Stats,
    /// Whether any violation is a decision of kind `error`, counted as the search went.
    errors: bool,
}

/// `a ∧ b` in the taxonomy: what lies within both. A transfer that carries `personal.identity`
/// passes `personal.identity.name` on; data stated as `personal` passes on as the transfer's
/// narrower `personal.identity`.
fn meet(taxonomy: &crate::model::Taxonomy, carried: &[TermId], t: &[TermId]) -> Vec<TermId> {
    let mut out: Vec<TermId> = carried
        .iter()
        .copied()
        .filter(|&c| t.iter().any(|&x| taxonomy.is_within(c, x)))
        .collect();
    out.extend(
        t.iter()
            .copied()
            .filter(|&x| carried.iter().any(|&c| taxonomy.is_within(x, c))),
    );
    out.sort_unstable();
    out.dedup();
    out
}

/// The tables of facts, hop classes and verdicts the search fills in as it goes; the states
/// themselves are kept apart ([`Explored`]) so that one chunk's states can be merged while
/// the next chunk is prepared from these.
struct Builder<'a> {
    engine: &'a Engine,
    map: &'a Map,
    facts: Vec<Carried>,
    facts_index: HashMap<Carried, usize>,
    hops: Vec<HopClass>,
    hop_index: HashMap<HopClass, usize>,
    decisions: Vec<Verdict>,
    judged: Vec<(Option<usize>, usize, usize)>,
    memo: HashMap<(Option<usize>, usize, usize), usize>,
    /// Distinct carry specifications of transfers: (the index of the list of datasets they
    /// name, the categories they state).
    carries_index: HashMap<(Option<usize>, Option<Vec<TermId>>), usize>,
    /// Per transfer, its index into the specifications above.
    transfer_carries: Vec<usize>,
    /// Per dataset class (see [`Carried::named_in`]), the sorted lists it is named in.
    named_in: Vec<Vec<usize>>,
    /// Per transfer, the index of the list of datasets it names (meaningful only when it
    /// names some).
    transfer_list: Vec<usize>,
    /// (facts, carried set) → facts after the transfer (`None` when nothing passes).
    meets: HashMap<(usize, usize), Option<usize>>,
    /// Per transfer, the id of its terms (parties, purpose, agreement, approvals, DPIA):
    /// transfers with the same terms have the same id.
    terms: Vec<u32>,
    /// Per transfer, the basis it states (else the dataset's is relied on).
    basis: Vec<Option<Basis>>,
    /// (terms, basis relied on) → hop class.
    class_of: HashMap<(u32, Option<Basis>), usize>,
}

impl Builder<'_> {
    fn intern_facts(&mut self, carried: Carried) -> usize {
        if let Some(&i) = self.facts_index.get(&carried) {
            return i;
        }
        self.facts.push(carried.clone());
        self.facts_index.insert(carried, self.facts.len() - 1);
        self.facts.len() - 1
    }

    /// The facts after transfer `t` from `facts`: the meet of the categories, interned.
    fn after(&mut self, facts: usize, t: usize) -> Option<usize> {
        let carries = self.transfer_carries[t];
        if let Some(&f) = self.meets.get(&(facts, carries)) {
            return f;
        }
        let carried = &self.facts[facts];
        let transfer = &self.map.transfers[t];
        // A transfer that names datasets carries those whole (as they are when they reach
        // it); of other data, only what its categories select, and nothing if it states none.
        let named = transfer.datasets.as_ref().is_some_and(|_| {
            self.named_in[carried.named_in]
                .binary_search(&self.transfer_list[t])
                .is_ok()
        });
        let categories = match (&transfer.categories, named, &transfer.datasets) {
            (_, true, _) | (None, false, None) => carried.categories.clone(),
            (Some(c), false, _) => meet(&self.engine.policy().categories, &carried.categories, c),
            (None, false, Some(_)) => Vec::new(),
        };
        let f = if categories.is_empty() {
            None
        } else {
            let (profile, named_in) = (carried.profile, carried.named_in);
            Some(self.intern_facts(Carried {
                categories,
                profile,
                named_in,
            }))
        };
        self.meets.insert((facts, carries), f);
        f
    }

    /// The key of the hop class of transfer `t` carrying data of `profile`: the transfer's
    /// terms and the basis relied on, by their ids, so that no class's strings are built.
    /// Looked up directly (not through a table per transfer and profile, which would grow
    /// with the transfers and be filled on one thread).
    fn class_key(&self, t: usize, profile: usize) -> (u32, Option<Basis>) {
        (
            self.terms[t],
            self.basis[t].or(self.map.profiles[profile].basis),
        )
    }

    fn hop(&mut self, t: usize, profile: usize) -> usize {
        let key = self.class_key(t, profile);
        match self.class_of.get(&key) {
            Some(&h) => h,
            None => {
                let h = self.intern_hop(&self.map.transfers[t], profile);
                self.class_of.insert(key, h);
                h
            }
        }
    }

    fn intern_hop(&mut self, t: &TransferInfo, profile: usize) -> usize {
        let class = HopClass {
            from: self.map.systems[t.from].party.clone(),
            to: self.map.systems[t.to].party.clone(),
            purpose: t.purpose.clone(),
            basis: t.basis.or(self.map.profiles[profile].basis),
            agreement: t.agreement.clone(),
            approvals: t.approvals.clone(),
            dpia: t.dpia.clone(),
        };
        if let Some(&i) = self.hop_index.get(&class) {
            return i;
        }
        self.hops.push(class.clone());
        self.hop_index.insert(class, self.hops.len() - 1);
        self.hops.len() - 1
    }

    /// Whether a hop carrying `facts` over `transfer` answers `q`.
    fn matches(&self, q: &ReachQuery, transfer: &TransferInfo, facts: usize) -> bool {
        let policy = self.engine.policy();
        let party = self.map.systems[transfer.to].party_id;
        let facts = &self.facts[facts];
        let profile = &self.map.profiles[facts.profile];
        q.to.is_none_or(|p| p == party)
            && q.to_kind.is_none_or(|k| {
                policy
                    .parties
                    .get(party as usize)
                    .is_some_and(|p| policy.kinds.is_within(p.kind, k))
            })
            && q.category.is_none_or(|c| {
                facts.categories.iter().any(|&x| {
                    policy.categories.is_within(x, c) || policy.categories.is_within(c, x)
                })
            })
            && q.subject.is_none_or(|s| match &profile.subjects {
                None => true,
                Some(list) => list.iter().any(|n| {
                    policy
                        .subjects
                        .id(n)
                        .is_some_and(|id| policy.subjects.is_within(id, s))
                }),
            })
            && q.purpose.is_none_or(|p| {
                policy
                    .purposes
                    .id(&transfer.purpose)
                    .is_some_and(|id| policy.purposes.is_within(id, p))
            })
    }
}

/// The states found so far, in the order found, and their index.
#[derive(Default)]
struct Explored {
    /// The states, their `arrivals` left at 0 until the search ends (see `arrivals`).
    states: Vec<State>,
    /// Per state, how many arrivals were merged into it: apart from the states, so that the
    /// hops arriving at a known state are counted on every core (in [`Builder::find_targets`])
    /// in a compact table rather than in the states themselves, one cache miss each, by the
    /// merge on one thread.
    arrivals: Vec<AtomicU64>,
    /// The states known before the chunk being merged.
    index: HashMap<PackedKey, u32>,
    /// The states the merge under way has added, apart until it ends: a hop the targets
    /// pass did not find in `index` is not there, so the merge only looks in this table,
    /// small enough to stay in the cache, instead of the whole index, one miss per hop.
    fresh: HashMap<PackedKey, u32>,
}

/// A [`StateKey`] in 16 bytes instead of 40, for the index of the states: the index is
/// looked up once per hop, and a smaller one misses the cache less.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct PackedKey {
    system: u32,
    /// The hop class before, or `u32::MAX` for none.
    prev: u32,
    facts: u32,
    tainted: bool,
}

impl From<StateKey> for PackedKey {
    fn from(k: StateKey) -> Self {
        PackedKey {
            system: k.system as u32,
            prev: k.prev.map_or(u32::MAX, |p| p as u32),
            facts: k.facts as u32,
            tainted: k.tainted,
        }
    }
}

/// The state of `key` in `table`, added to it and to `states` if new (then `true`); an arrival
/// counted either way. One hash for the find and the add.
fn find_or_add(
    table: &mut HashMap<PackedKey, u32>,
    states: &mut Vec<State>,
    arrivals: &mut Vec<AtomicU64>,
    key: StateKey,
    origin: Origin,
) -> (usize, bool) {
    use std::collections::hash_map::Entry;
    match table.entry(PackedKey::from(key)) {
        Entry::Occupied(e) => {
            let i = *e.get() as usize;
            *arrivals[i].get_mut() += 1;
            (i, false)
        }
        Entry::Vacant(e) => {
            e.insert(states.len() as u32);
            states.push(State {
                key,
                origin,
                arrivals: 0,
            });
            arrivals.push(AtomicU64::new(1));
            (states.len() - 1, true)
        }
    }
}

impl Explored {
    /// The state of `key`, added if new (then `true`); an arrival counted either way.
    fn state(&mut self, key: StateKey, origin: Origin) -> (usize, bool) {
        find_or_add(
            &mut self.index,
            &mut self.states,
            &mut self.arrivals,
            key,
            origin,
        )
    }

    /// The state of `key`, which is not in `index`, added to `fresh` if new (then `true`); an
    /// arrival counted either way.
    fn fresh_state(&mut self, key: StateKey, origin: Origin) -> (usize, bool) {
        find_or_add(
            &mut self.fresh,
            &mut self.states,
            &mut self.arrivals,
            key,
            origin,
        )
    }

    /// Ends a merge: the states it added join the index.
    fn end_merge(&mut self) {
        self.index.extend(self.fresh.drain());
    }

    /// The states with their arrivals, once the search has ended.
    fn into_states(self) -> Vec<State> {
        let mut states = self.states;
        for (s, a) in states.iter_mut().zip(self.arrivals) {
            s.arrivals = a.into_inner();
        }
        states
    }

    /// States `range`, taken as a chunk to explore.
    fn chunk(&self, range: std::ops::Range<usize>) -> Chunk {
        Chunk {
            start: range.start,
            keys: self.states[range].iter().map(|s| s.key).collect(),
        }
    }
}

/// States explored together: the first one's number and their keys, copied so that the
/// chunk can be prepared while the states of the one before it are merged.
struct Chunk {
    start: usize,
    keys: Vec<StateKey>,
}

impl Chunk {
    /// The key of state `s` of the chunk.
    fn key(&self, s: u32) -> StateKey {
        self.keys[s as usize - self.start]
    }

    /// The number of the first state after the chunk.
    fn end(&self) -> usize {
        self.start + self.keys.len()
    }
}

/// A chunk with every hop from its states looked up, resolved and judged: all that the
/// merge needs but the states the hops lead to.
struct Prepared {
    chunk: Chunk,
    hops: Vec<Pending>,
    /// Per hop, whether, not allowed, it is a violation in its own right (never `None`
    /// once prepared; a violation if it were).
    own: Vec<Option<bool>>,
}

/// How many states are explored together: enough hops to share among cores and few enough
/// meetings of the threads (each chunk's phases wait for each other: on a busy machine a
/// waiting thread is slow to wake), few enough that the hops in flight (two chunks' worth,
/// about 70,000 hops each on the synthetic maps) stay small. On the 100,000-transfer map,
/// 8,192 was faster than 2,048, 4,096 and 32,768 on one thread and on two (BENCHMARKS.md).
const CHUNK: usize = 8192;

/// Not looked up yet.
const UNKNOWN: u32 = u32::MAX;

/// A hop from a state of the chunk: what is known of it.
#[derive(Clone, Copy, Debug)]
struct Pending {
    source: u32,
    transfer: u32,
    /// The facts after the transfer (`None`: nothing of the data travels on it); known once
    /// resolved.
    facts: Option<u32>,
    /// Whether `facts` was looked up (the meet may not be computed yet).
    facts_known: bool,
    /// The hop class, or [`UNKNOWN`].
    hop: u32,
    /// The verdict, or [`UNKNOWN`].
    decision: u32,
}

/// Where a hop arrives, worked out on every core before the hops are merged in order.
#[derive(Clone, Copy, Debug)]
struct Arrival {
    /// The state it leads to if that state was known before the chunk, else [`UNKNOWN`].
    found: u32,
    /// Whether it answers the reach query.
    matched: bool,
    /// Whether its verdict allows it.
    allowed: bool,
    /// Whether the state it leads to is tainted (some hop on the way not allowed).
    tainted: bool,
}

impl Default for Arrival {
    fn default() -> Self {
        Arrival {
            found: UNKNOWN,
            matched: false,
            allowed: false,
            tainted: false,
        }
    }
}

/// `f` over `items`, the results in order: on every thread of the current rayon pool with
/// feature `parallel`, else on this thread.
pub(super) fn in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// `f` on each of `items`: on every thread of the current rayon pool with feature
/// `parallel`, else on this thread.
fn each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync + Send) {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter_mut().for_each(f);
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter_mut().for_each(f);
    }
}

/// How many parts to cut work into that each thread of the current rayon pool takes whole.
fn shards() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads().max(1)
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// `a` and `b`, on two threads of the current rayon pool if one is free with feature
/// `parallel`, else one after the other.
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

impl Builder<'_> {
    /// Looks up, resolves and judges every hop from the states of `chunk`.
    fn prepare(
        &mut self,
        out_edges: &[Vec<usize>],
        chunk: Chunk,
        timings: &mut Timings,
    ) -> Prepared {
        let mut hops = timings.time("look-up", || self.look_up(out_edges, &chunk));
        self.resolve(&chunk, &mut hops, timings);
        let own = self.judge_alone(&chunk, &hops, timings);
        Prepared { chunk, hops, own }
    }

    /// The hops from states `range`, with what the tables already know of each (looked up
    /// on every core: the tables are only read).
    fn look_up(&self, out_edges: &[Vec<usize>], chunk: &Chunk) -> Vec<Pending> {
        // Each state's hops have their place in the chunk's list before they are looked up,
        // so that every thread fills its own part of one list: no list per state to join.
        let total = chunk.keys.iter().map(|k| out_edges[k.system].len()).sum();
        let mut hops = vec![
            Pending {
                source: 0,
                transfer: 0,
                facts: None,
                facts_known: false,
                hop: UNKNOWN,
                decision: UNKNOWN,
            };
            total
        ];
        let mut parts: Vec<(usize, &mut [Pending])> = Vec::with_capacity(chunk.keys.len());
        let mut rest = hops.as_mut_slice();
        for (i, key) in chunk.keys.iter().enumerate() {
            let (part, tail) = rest.split_at_mut(out_edges[key.system].len());
            parts.push((chunk.start + i, part));
            rest = tail;
        }
        each_mut(&mut parts, |(s, part)| {
            let key = chunk.key(*s as u32);
            let profile = self.facts[key.facts].profile;
            for (slot, &t) in part.iter_mut().zip(&out_edges[key.system]) {
                let after = self
                    .meets
                    .get(&(key.facts, self.transfer_carries[t]))
                    .copied();
                let hop = self
                    .class_of
                    .get(&self.class_key(t, profile))
                    .map_or(UNKNOWN, |&h| h as u32);
                let decision = match (after, hop) {
                    (Some(Some(f)), h) if h != UNKNOWN => self
                        .memo
                        .get(&(key.prev, h as usize, f))
                        .map_or(UNKNOWN, |&d| d as u32),
                    _ => UNKNOWN,
                };
                *slot = Pending {
                    source: *s as u32,
                    transfer: t as u32,
                    facts: after.flatten().map(|f| f as u32),
                    facts_known: after.is_some(),
                    hop,
                    decision,
                };
            }
        });
        hops
    }

    /// Fills in what the look-up did not find: new facts and hop classes are interned here,
    /// in order; new verdicts are judged on every core, then numbered in order.
    fn resolve(&mut self, chunk: &Chunk, hops: &mut [Pending], timings: &mut Timings) {
        let clock = std::time::Instant::now();
        let mut wanted: Vec<(Option<usize>, usize, usize)> = Vec::new();
        let mut slot: HashMap<(Option<usize>, usize, usize), u32> = HashMap::default();
        for h in hops.iter_mut() {
            // Most hops were resolved by the look-up: skip them without touching their state.
            if h.facts_known && (h.facts.is_none() || (h.hop != UNKNOWN && h.decision != UNKNOWN)) {
                continue;
            }
            let key = chunk.key(h.source);
            if !h.facts_known {
                h.facts = self.after(key.facts, h.transfer as usize).map(|f| f as u32);
                h.facts_known = true;
            }
            let Some(facts) = h.facts else { continue };
            if h.hop == UNKNOWN {
                let profile = self.facts[key.facts].profile;
                h.hop = self.hop(h.transfer as usize, profile) as u32;
            }
            if h.decision == UNKNOWN {
                let k = (key.prev, h.hop as usize, facts as usize);
                h.decision = match self.memo.get(&k) {
                    Some(&d) => d as u32,
                    None => {
                        let next = (self.decisions.len() + wanted.len()) as u32;
                        *slot.entry(k).or_insert_with(|| {
                            wanted.push(k);
                            next
                        })
                    }
                };
            }
        }
        timings.add("resolve", clock.elapsed());
        timings.time("judge", || self.judge(wanted));
    }

    /// Judges the hops `wanted` (none of them memoised yet) on every core and memoises the
    /// verdicts, numbered in the order given.
    fn judge(&mut self, wanted: Vec<(Option<usize>, usize, usize)>) {
        let verdicts = in_order(&wanted, |&(prev, hop, facts)| {
            let flow = hop_flow(
                self.engine,
                self.map,
                &self.hops,
                &self.facts,
                prev,
                hop,
                facts,
            );
            self.engine.verdict(&flow)
        });
        for (k, v) in wanted.into_iter().zip(verdicts) {
            self.memo.insert(k, self.decisions.len());
            self.decisions.push(v);
            self.judged.push(k);
        }
    }

    /// For each hop: whether, not allowed, it is a violation in its own right. A hop after a
    /// violation is judged with that violation in its chain; it is a new violation only if it
    /// fails on its own: a deny about this hop (hop 2 of the chain), or a deny when judged
    /// without the chain.
    fn judge_alone(
        &mut self,
        chunk: &Chunk,
        hops: &[Pending],
        timings: &mut Timings,
    ) -> Vec<Option<bool>> {
        let clock = std::time::Instant::now();
        // Answered on every core where the verdict without the chain is memoised; `None`
        // where it is not yet. Only those few are judged, numbered in order, and answered.
        let own_by = |b: &Self, h: &Pending| match b.needs_alone(chunk, h) {
            Some(k) => b.memo.get(&k).map(|&d| !b.decisions[d].is_allowed()),
            None => Some(true),
        };
        let mut own = in_order(hops, |h| own_by(self, h));
        let missing: Vec<usize> = (0..own.len()).filter(|&i| own[i].is_none()).collect();
        let mut wanted = Vec::new();
        let mut seen: HashMap<(Option<usize>, usize, usize), ()> = HashMap::default();
        for &i in &missing {
            if let Some(k) = self.needs_alone(chunk, &hops[i])
                && seen.insert(k, ()).is_none()
            {
                wanted.push(k);
            }
        }
        timings.add("alone", clock.elapsed());
        timings.time("judge", || self.judge(wanted));
        timings.time("alone", || {
            for i in missing {
                own[i] = own_by(self, &hops[i]);
            }
        });
        own
    }

    /// The hop judged without its chain that tells whether hop `h`, not allowed, is a
    /// violation in its own right; `None` when its own verdict already tells.
    fn needs_alone(&self, chunk: &Chunk, h: &Pending) -> Option<(Option<usize>, usize, usize)> {
        let facts = h.facts?;
        let key = chunk.key(h.source);
        let v = &self.decisions[h.decision as usize];
        let own = v.is_allowed()
            || key.prev.is_none()
            || !key.tainted
            || v.deciding.iter().any(|(_, hop)| *hop == Some(2));
        (!own).then_some((None, h.hop as usize, facts as usize))
    }

    /// For each hop of `p`: the state it leads to if that state is known (before this
    /// chunk), counted as an arrival there, and whether it answers the query (on every core).
    fn find_targets(
        &self,
        p: &Prepared,
        query: Option<&ReachQuery>,
        explored: &Explored,
    ) -> Vec<Arrival> {
        in_order(&p.hops, |h| {
            let Some(facts) = h.facts else {
                return Arrival::default();
            };
            let key = p.chunk.key(h.source);
            let transfer = &self.map.transfers[h.transfer as usize];
            let allowed = self.decisions[h.decision as usize].is_allowed();
            let target = StateKey {
                system: transfer.to,
                prev: Some(h.hop as usize),
                facts: facts as usize,
                tainted: key.tainted || !allowed,
            };
            let matched = query.is_some_and(|q| self.matches(q, transfer, facts as usize));
            let found = match explored.index.get(&PackedKey::from(target)) {
                Some(&i) => {
                    // A sum: the same whatever the order the threads add in.
                    explored.arrivals[i as usize].fetch_add(1, Ordering::Relaxed);
                    i
                }
                None => UNKNOWN,
            };
            Arrival {
                found,
                matched,
                allowed,
                tainted: target.tainted,
            }
        })
    }
}

/// What the merges have found so far: the hops kept for the report and the counts.
#[derive(Default)]
struct Found {
    transitions: Vec<Transition>,
    hits: Vec<usize>,
    reached: Vec<bool>,
    checked: usize,
    merged: usize,
}

impl Found {
    /// Merges the hops of `p`, arriving where `targets` says, into the states, one by one
    /// and in order (on one thread: the states are numbered in the order first reached).
    fn merge(&mut self, explored: &mut Explored, map: &Map, p: &Prepared, targets: Vec<Arrival>) {
        self.transitions.reserve(p.hops.len());
        for ((h, arrival), &own) in p.hops.iter().zip(targets).zip(&p.own) {
            let Some(facts) = h.facts else {
                continue; // nothing of this data travels on this transfer
            };
            let (s, t) = (h.source as usize, h.transfer as usize);
            let d = h.decision as usize;
            let (allowed, matched) = (arrival.allowed, arrival.matched);
            let violation = !allowed && own != Some(false);
            self.checked += 1;
            self.reached[t] = true;
            let origin = Origin::Transition(self.transitions.len());
            let (target, new) = match arrival.found {
                UNKNOWN => explored.fresh_state(
                    StateKey {
                        system: map.transfers[t].to,
                        prev: Some(h.hop as usize),
                        facts: facts as usize,
                        tainted: arrival.tainted,
                    },
                    origin,
                ),
                // Its arrival was counted when it was found.
                target => (target as usize, false),
            };
            if !new {
                self.merged += 1;
            }
            // The violations are counted per transfer and per decision once the search
            // ends, on every core, from the hops kept (every violation is kept).
            if new || violation || matched {
                if matched {
                    self.hits.push(self.transitions.len());
                }
                self.transitions.push(Transition {
                    source: s as u32,
                    transfer: t as u32,
                    target: target as u32,
                    decision: d as u32,
                    violation,
                });
            }
        }
        explored.end_merge();
    }
}

/// The violations among `hops` per transfer (of `transfers`) and per decision (of
/// `decisions`): each thread counts a run of the hops apart, and the counts are added up.
fn count_violations(
    hops: &[Transition],
    transfers: usize,
    decisions: usize,
) -> (Vec<usize>, Vec<usize>) {
    let shards = shards();
    let per_shard = in_order(&(0..shards).collect::<Vec<_>>(), |&shard| {
        let run = hops.len().div_ceil(shards);
        let start = (shard * run).min(hops.len());
        let end = (start + run).min(hops.len());
        let mut per_transfer = vec![0usize; transfers];
        let mut per_decision = vec![0usize; decisions];
        for h in hops[start..end].iter().filter(|h| h.violation) {
            per_transfer[h.transfer as usize] += 1;
            per_decision[h.decision as usize] += 1;
        }
        (per_transfer, per_decision)
    });
    let mut shards = per_shard.into_iter();
    let (mut per_transfer, mut per_decision) = shards
        .next()
        .unwrap_or_else(|| (vec![0; transfers], vec![0; decisions]));
    for (t, d) in shards {
        per_transfer.iter_mut().zip(t).for_each(|(a, b)| *a += b);
        per_decision.iter_mut().zip(d).for_each(|(a, b)| *a += b);
    }
    (per_transfer, per_decision)
}

/// Lists each sorted by their first number (all different) merged into one so sorted: the
/// groups of violations found apart on each thread, in the order a single thread finds them.
fn merge_sorted(lists: Vec<Vec<(usize, usize)>>) -> Vec<(usize, usize)> {
    use std::cmp::Reverse;
    let mut out = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    let mut lists: Vec<std::iter::Peekable<std::vec::IntoIter<(usize, usize)>>> = lists
        .into_iter()
        .map(|l| l.into_iter().peekable())
        .collect();
    let mut heads: std::collections::BinaryHeap<Reverse<(usize, usize)>> = lists
        .iter_mut()
        .enumerate()
        .filter_map(|(i, l)| l.peek().map(|&(first, _)| Reverse((first, i))))
        .collect();
    while let Some(Reverse((_, i))) = heads.pop() {
        if let Some(group) = lists[i].next() {
            out.push(group);
        }
        if let Some(&(first, _)) = lists[i].peek() {
            heads.push(Reverse((first, i)));
        }
    }
    out
}

/// The flow the engine judges for hop class `hop` carrying `facts`, with the hop class before
/// it as its chain.
fn hop_flow(
    engine: &Engine,
    map: &Map,
    hops: &[HopClass],
    all_facts: &[Carried],
    prev: Option<usize>,
    hop: usize,
    facts: usize,
) -> Flow {
    let policy = engine.policy();
    let h = &hops[hop];
    let carried = &all_facts[facts];
    let profile = &map.profiles[carried.profile];
    let approvals = |roles: &[String]| {
        roles
            .iter()
            .map(|r| Approval {
                role: r.clone(),
                ..Approval::default()
            })
            .collect::<Vec<_>>()
    };
    // A blank reference states none: an earlier hop without a DPIA does not fall back on
    // the later transfer's.
    let dpia = |r: &Option<String>| Dpia {
        reference: r.clone().unwrap_or_default(),
    };
    Flow {
        // One decision serves every transfer of a hop class; the report names the
        // transfer in its place. A flow's id may not be empty.
        id: "map".into(),
        at: map.at.clone(),
        from: h.from.clone(),
        to: h.to.clone(),
        data: carried
            .categories
            .iter()
            .map(|&c| policy.categories.name(c).to_owned())
            .collect(),
        subjects: profile.subjects.clone(),
        purpose: h.purpose.clone(),
        collected_for: Some(profile.purpose.clone()),
        basis: h.basis,
        consent: profile.consent.clone(),
        approvals: approvals(&h.approvals),
        chain: prev
            .map(|p| {
                let p = &hops[p];
                vec![Hop {
                    from: p.from.clone(),
                    to: p.to.clone(),
                    purpose: p.purpose.clone(),
                    basis: p.basis,
                    agreement: p.agreement.clone(),
                    at: None,
                    approvals: approvals(&p.approvals),
                    // The earlier transfer's own DPIA (none when it states none, never the
                    // later one's): each transfer is judged on what it states.
                    dpia: Some(dpia(&p.dpia)),
                }]
            })
            .unwrap_or_default(),
        context: map.response.as_ref().map(|r| Context {
            response: Some(r.clone()),
        }),
        records: profile.records.clone(),
        // A transfer that states no impact assessment, when a rule requires one, is a gap in
        // the map's report, never an allowed path.
        dpia: h.dpia.as_ref().map(|r| Dpia {
            reference: r.clone(),
        }),
    }
}

/// What of dataset `d`, holding `held` when it reaches `transfer`'s sending system, travels
/// over it: a transfer that names its datasets carries those whole; of other data, what its
/// categories select (nothing if it states none); a transfer that states neither carries all.
fn carry(
    taxonomy: &crate::model::Taxonomy,
    transfer: &TransferInfo,
    d: usize,
    held: &[TermId],
) -> Vec<TermId> {
    let named = transfer
        .datasets
        .as_ref()
        .is_some_and(|n| n.binary_search(&d).is_ok());
    match (&transfer.categories, &transfer.datasets) {
        _ if named => held.to_vec(),
        (Some(c), _) => meet(taxonomy, held, c),
        (None, Some(_)) => Vec::new(),
        (None, None) => held.to_vec(),
    }
}

/// Every transfer dataset `d`'s data travels on, each once, with the categories that first
/// arrive over it (breadth first, transfers in file order), whatever the hops' decisions.
pub(crate) fn carried_over(a: &Analysis<'_>, d: usize) -> Vec<(usize, Vec<TermId>)> {
    let map = a.map;
    let taxonomy = &a.engine.policy().categories;
    let mut used = vec![false; map.transfers.len()];
    let mut out = Vec::new();
    let mut seen: std::collections::HashSet<(usize, Vec<TermId>)> = Default::default();
    let start = (map.datasets[d].system, map.datasets[d].categories.clone());
    seen.insert(start.clone());
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some((system, held)) = queue.pop_front() {
        let mut edges: Vec<usize> = a
            .graph
            .edges(NodeIndex::new(system))
            .map(|e| *e.weight())
            .collect();
        edges.sort_unstable();
        for t in edges {
            let next = carry(taxonomy, &map.transfers[t], d, &held);
            if next.is_empty() {
                continue;
            }
            if !used[t] {
                used[t] = true;
                out.push((t, next.clone()));
            }
            let state = (map.transfers[t].to, next);
            if seen.insert(state.clone()) {
                queue.push_back(state);
            }
        }
    }
    out
}

/// Follows every path data can take through `map` and judges every hop under `engine`.
/// Never panics on a checked map; cycles end because a state is explored once.
pub fn analyse<'a>(engine: &'a Engine, map: &'a Map) -> Analysis<'a> {
    analyse_with(engine, map, None)
}

/// As [`analyse`], also keeping every hop that matches `query` (see [`Analysis::hits`]).
pub fn analyse_with<'a>(
    engine: &'a Engine,
    map: &'a Map,
    query: Option<&ReachQuery>,
) -> Analysis<'a> {
    analyse_watched(engine, map, query, &mut |_, _| {})
}

/// As [`analyse_with`], telling `progress` after each chunk of states how many states have
/// been explored and how many are known so far (the second grows as paths are found).
///
/// With feature `parallel`, the hops are judged on every thread of the current rayon pool
/// (run it inside [`rayon::ThreadPool::install`] to choose how many); the analysis is the
/// same whatever the number.
pub fn analyse_watched<'a>(
    engine: &'a Engine,
    map: &'a Map,
    query: Option<&ReachQuery>,
    progress: &mut dyn FnMut(usize, usize),
) -> Analysis<'a> {
    analyse_timed(engine, map, query, progress, &mut Timings::default())
}

/// As [`analyse_watched`], adding the wall time of each phase of the analysis to `timings`
/// (each phase summed over the chunks of states).
pub fn analyse_timed<'a>(
    engine: &'a Engine,
    map: &'a Map,
    query: Option<&ReachQuery>,
    progress: &mut dyn FnMut(usize, usize),
    timings: &mut Timings,
) -> Analysis<'a> {
    analyse_in_chunks(engine, map, query, progress, timings, CHUNK)
}

/// As [`analyse_timed`], taking the states `chunk` at a time. Only the numbering of the
/// verdicts depends on it (those of a chunk's hops alone come after its other new ones): the
/// states, the hops kept and the reports do not (a test compares).
fn analyse_in_chunks<'a>(
    engine: &'a Engine,
    map: &'a Map,
    query: Option<&ReachQuery>,
    progress: &mut dyn FnMut(usize, usize),
    timings: &mut Timings,
    chunk: usize,
) -> Analysis<'a> {
    let chunk_size = chunk.max(1);
    let clock = std::time::Instant::now();
    let mut graph = DiGraph::<usize, usize>::with_capacity(map.systems.len(), map.transfers.len());
    for i in 0..map.systems.len() {
        graph.add_node(i);
    }
    for (i, t) in map.transfers.iter().enumerate() {
        graph.add_edge(NodeIndex::new(t.from), NodeIndex::new(t.to), i);
    }
    // petgraph lists a node's edges newest first; follow them in file order so reports are
    // stable and read like the map.
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); map.systems.len()];
    for n in graph.node_indices() {
        let mut edges: Vec<usize> = graph.edges(n).map(|e| *e.weight()).collect();
        edges.sort_unstable();
        out_edges[n.index()] = edges;
    }
    timings.add("graph", clock.elapsed());
    let clock = std::time::Instant::now();

    let mut b = Builder {
        engine,
        map,
        facts: Vec::new(),
        facts_index: HashMap::default(),
        hops: Vec::new(),
        hop_index: HashMap::default(),
        decisions: Vec::new(),
        judged: Vec::new(),
        memo: HashMap::default(),
        carries_index: HashMap::default(),
        transfer_carries: Vec::with_capacity(map.transfers.len()),
        named_in: Vec::new(),
        transfer_list: Vec::with_capacity(map.transfers.len()),
        meets: HashMap::default(),
        terms: Vec::with_capacity(map.transfers.len()),
        basis: map.transfers.iter().map(|t| t.basis).collect(),
        class_of: HashMap::default(),
    };
    {
        type Terms<'t> = (
            &'t str,
            &'t str,
            &'t str,
            Option<&'t str>,
            &'t [String],
            Option<&'t str>,
        );
        let mut ids: HashMap<Terms<'_>, u32> = HashMap::default();
        for t in &map.transfers {
            let terms: Terms<'_> = (
                &map.systems[t.from].party,
                &map.systems[t.to].party,
                &t.purpose,
                t.agreement.as_deref(),
                &t.approvals,
                t.dpia.as_deref(),
            );
            let next = ids.len() as u32;
            b.terms.push(*ids.entry(terms).or_insert(next));
        }
    }
    // The distinct lists of named datasets, and for each dataset the lists naming it.
    let mut lists: HashMap<&[usize], usize> = HashMap::default();
    let mut naming: Vec<Vec<usize>> = vec![Vec::new(); map.datasets.len()];
    for t in &map.transfers {
        let list = t.datasets.as_deref().map(|named| {
            let next = lists.len();
            let id = *lists.entry(named).or_insert(next);
            if id == next {
                for &d in named {
                    naming[d].push(id);
                }
            }
            id
        });
        b.transfer_list.push(list.unwrap_or(usize::MAX));
        let next = b.carries_index.len();
        let id = *b
            .carries_index
            .entry((list, t.categories.clone()))
            .or_insert(next);
        b.transfer_carries.push(id);
    }
    let mut class_index: HashMap<Vec<usize>, usize> = HashMap::default();
    let dataset_class: Vec<usize> = naming
        .into_iter()
        .map(|lists| {
            let next = b.named_in.len();
            *class_index.entry(lists).or_insert_with_key(|lists| {
                b.named_in.push(lists.clone());
                next
            })
        })
        .collect();
    let mut explored = Explored::default();
    let mut found = Found {
        reached: vec![false; map.transfers.len()],
        ..Found::default()
    };
    for (i, d) in map.datasets.iter().enumerate() {
        let facts = b.intern_facts(Carried {
            categories: d.categories.clone(),
            profile: d.profile,
            named_in: dataset_class[i],
        });
        let key = StateKey {
            system: d.system,
            prev: None,
            facts,
            tainted: false,
        };
        explored.state(key, Origin::Dataset(i));
    }
    timings.add("datasets", clock.elapsed());
    // Breadth first: the queue is the states themselves, explored in the order found. They
    // are taken a chunk at a time; what each hop of a chunk needs is looked up and judged on
    // every core, then the hops are merged into the states one by one, in order, exactly as
    // a single thread would, so the result does not depend on the number of threads.
    let mut next = 0; // the first state not yet taken in a chunk
    let mut ready: Option<Prepared> = None;
    loop {
        let p = match ready.take() {
            Some(p) => p,
            None if next < explored.states.len() => {
                let chunk = explored.chunk(next..(next + chunk_size).min(explored.states.len()));
                next = chunk.end();
                b.prepare(&out_edges, chunk, timings)
            }
            None => break,
        };
        let targets = timings.time("targets", || b.find_targets(&p, query, &explored));
        if next + chunk_size <= explored.states.len() {
            // The next chunk's states are all known: it is the chunk a single thread would
            // take after this merge, and the merge changes nothing its preparation reads
            // (only the states it adds and their index), so it is prepared beside the merge.
            let chunk = explored.chunk(next..next + chunk_size);
            next = chunk.end();
            let mut beside = Timings::default();
            let clock = std::time::Instant::now();
            let ((), prepared) = both(
                || found.merge(&mut explored, map, &p, targets),
                || b.prepare(&out_edges, chunk, &mut beside),
            );
            // On one thread the two ran one after the other; on more, the merge overlapped
            // the preparation and counts only for the time it ran beyond it.
            let spent = clock.elapsed();
            timings.absorb(&beside);
            timings.add("merge", spent.saturating_sub(beside.total()));
            ready = Some(prepared);
        } else {
            timings.time("merge", || found.merge(&mut explored, map, &p, targets));
        }
        progress(p.chunk.end(), explored.states.len());
    }
    let Found {
        transitions,
        hits,
        reached,
        checked,
        merged,
    } = found;
    let mut denied_by_rule: BTreeMap<String, usize> = BTreeMap::new();
    let clock = std::time::Instant::now();
    let (denied, denied_per_decision) =
        count_violations(&transitions, map.transfers.len(), b.decisions.len());
    let paths_denied = denied.iter().sum();

    let mut denied_without_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors = false;
    for (d, n) in denied_per_decision.into_iter().enumerate() {
        if n == 0 {
            continue;
        }
        let verdict = &b.decisions[d];
        errors |= verdict.kind == Some(DenyKind::Error);
        let mut rules: Vec<&str> = verdict.names(engine.policy()).collect();
        rules.sort_unstable();
        rules.dedup();
        if rules.is_empty() {
            let kind = verdict.kind.unwrap_or(DenyKind::Error).code();
            *denied_without_rule.entry(kind.to_owned()).or_insert(0) += n;
        }
        for r in rules {
            *denied_by_rule.entry(r.to_owned()).or_insert(0) += n;
        }
    }
    let stats = Stats {
        systems: map.systems.len(),
        datasets: map.datasets.len(),
        transfers: map.transfers.len(),
        states: explored.states.len(),
        paths_checked: checked,
        paths_merged: merged,
        decisions_computed: b.decisions.len(),
        paths_denied,
        denied_by_rule,
        denied_without_rule,
    };
    timings.add("tally", clock.elapsed());
    Analysis {
        engine,
        map,
        graph,
        states: explored.into_states(),
        transitions,
        hits,
        reached,
        denied,
        facts: b.facts,
        hops: b.hops,
        decisions: b.decisions,
        judged: b.judged,
        stats,
        errors,
    }
}

impl Analysis<'_> {
    /// The witness path ending with transition `t`: the dataset it started from and the
    /// transitions taken, first to last.
    pub fn path_to(&self, t: usize) -> (usize, Vec<usize>) {
        let mut steps = vec![t];
        let mut state = self.transitions[t].source as usize;
        loop {
            match self.states[state].origin {
                Origin::Dataset(d) => {
                    steps.reverse();
                    return (d, steps);
                }
                Origin::Transition(prev) => {
                    steps.push(prev);
                    state = self.transitions[prev].source as usize;
                }
            }
        }
    }

    /// The violations to report: for each failing transfer and each distinct reason it fails
    /// for, the first violating hop found (its witness path is a shortest one) and how many
    /// violating hops it stands for. In the order found.
    pub fn violations(&self) -> Vec<(usize, usize)> {
        // A reason is what decided (the kind, and the rules and checks in order), not its
        // words; the hop a rule speaks of differs with the path's length and is not part of
        // it. Reasons are interned once per verdict, so grouping compares two integers per hop.
        type Why = (
            Option<DenyKind>,
            Vec<(Option<usize>, Option<crate::eval::Check>)>,
        );
        let mut reason_ids: HashMap<Why, u32> = HashMap::default();
        let reason_of: Vec<u32> = self
            .decisions
            .iter()
            .map(|d| {
                let why: Why = (
                    d.kind,
                    d.deciding
                        .iter()
                        .map(|&(by, _)| match by {
                            DecidedBy::Rule(r) => (Some(r), None),
                            DecidedBy::Check(c) => (None, Some(c)),
                        })
                        .collect(),
                );
                let next = reason_ids.len() as u32;
                *reason_ids.entry(why).or_insert(next)
            })
            .collect();
        // Grouped on every core, each thread taking the transfers `t` with `t % shards` its
        // own: in one pass over the hops it finds the first hop and the count of each of
        // their groups. A transfer fails for few reasons, so its groups are a short list,
        // not a hash table. The groups are then put in the order of their first hop: the
        // same list whatever the number of threads.
        let shards = shards();
        let per_shard = in_order(&(0..shards).collect::<Vec<_>>(), |&shard| {
            let own = |t: u32| t as usize % shards == shard;
            let mut of_transfer: Vec<smallvec::SmallVec<[(u32, u32); 2]>> =
                vec![smallvec::SmallVec::new(); self.map.transfers.len().div_ceil(shards)];
            let mut groups: Vec<(usize, usize)> = Vec::new();
            for (i, t) in self.transitions.iter().enumerate() {
                if !t.violation || !own(t.transfer) {
                    continue;
                }
                let reason = reason_of[t.decision as usize];
                let list = &mut of_transfer[t.transfer as usize / shards];
                match list.iter().find(|(r, _)| *r == reason) {
                    Some(&(_, g)) => groups[g as usize].1 += 1,
                    None => {
                        list.push((reason, groups.len() as u32));
                        groups.push((i, 1));
                    }
                }
            }
            groups
        });
        merge_sorted(per_shard)
    }

    /// Whether any violation is a decision of kind `error` (the map states something the
    /// policy cannot read, e.g. a consent record naming an unknown purpose).
    pub fn has_errors(&self) -> bool {
        self.errors
    }

    /// The full decision of verdict `d`, its words in `lang`: the hop judged again by the
    /// engine, which gives the same outcome with its reason, facts and citations.
    pub fn decision_in(&self, d: usize, lang: Lang) -> Decision {
        let (prev, hop, facts) = self.judged[d];
        let flow = hop_flow(
            self.engine,
            self.map,
            &self.hops,
            &self.facts,
            prev,
            hop,
            facts,
        );
        self.engine.decide_in(&flow, lang)
    }

    /// The categories carried by transition `t`, by name.
    pub fn carried_names(&self, t: usize) -> Vec<&str> {
        let policy = self.engine.policy();
        let facts = self.states[self.transitions[t].target as usize].key.facts;
        self.facts[facts]
            .categories
            .iter()
            .map(|&c| policy.categories.name(c))
            .collect()
    }
}

#[cfg(all(test, feature = "synth", feature = "fs", feature = "parallel"))]
mod tests {
    use super::*;

    /// The states, hops kept, counts and report are the same whatever the size of the
    /// chunks (small chunks are prepared beside the merge of the one before most of the
    /// time) and the number of threads.
    #[test]
    fn the_analysis_is_the_same_whatever_the_chunks_and_threads() {
        let pack = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/humanitarian-baseline"
        );
        let engine = Engine::from_path(pack).expect("the baseline pack loads");
        let text = crate::map::generate::generate(300, 3000, 3);
        let map = Map::from_toml("generated.toml", &text, engine.policy()).expect("a map");
        let run = |threads: usize, chunk: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            pool.install(|| {
                let mut chunks = 0;
                let a = analyse_in_chunks(
                    &engine,
                    &map,
                    None,
                    &mut |_, _| chunks += 1,
                    &mut Timings::default(),
                    chunk,
                );
                // Each hop with what its verdict judged, not the verdict's number.
                let hops: Vec<_> = a
                    .transitions
                    .iter()
                    .map(|t| {
                        let judged = a.judged[t.decision as usize];
                        (t.source, t.transfer, t.target, judged, t.violation)
                    })
                    .collect();
                let seen = format!(
                    "{:?}\n{:?}\n{:?}\n{:?}\n{}",
                    a.states,
                    hops,
                    a.stats,
                    a.violations(),
                    a.audit_text(50)
                );
                (seen, chunks, format!("{:?}", a.transitions))
            })
        };
        let (want, chunks, numbered) = run(1, CHUNK);
        assert!(want.len() > 100_000);
        // The map is large enough for more than one chunk of the default size.
        assert!(chunks > 1, "{chunks} chunk of {CHUNK}");
        // One thread in chunks of 64 numbers the verdicts as every other run in chunks of 64.
        let (got_64, n_64, numbered_64) = run(1, 64);
        assert!(got_64 == want, "1 thread, chunks of 64");
        assert!(n_64 > 100 && n_64 > chunks, "{n_64} chunks of 64");
        for (threads, chunk) in [(4, 64), (2, 1000), (4, CHUNK)] {
            let (got, n, got_numbered) = run(threads, chunk);
            assert!(got == want, "{threads} threads, chunks of {chunk}");
            // With the same chunks, the verdicts' numbers are the same too.
            match chunk {
                64 => assert!(got_numbered == numbered_64, "{threads} threads"),
                CHUNK => assert!(got_numbered == numbered, "{threads} threads"),
                _ => {}
            }
            if chunk == 64 {
                assert!(n > 100 && n > chunks, "{n} chunks of 64");
            }
        }
    }
}

#[cfg(test)]
mod merge_tests {
    use super::merge_sorted;

    #[test]
    fn sorted_lists_merge_into_one_sorted_list() {
        assert_eq!(merge_sorted(vec![]), vec![]);
        assert_eq!(merge_sorted(vec![vec![], vec![(3, 1)]]), vec![(3, 1)]);
        let lists = vec![
            vec![(0, 5), (4, 1), (9, 2)],
            vec![],
            vec![(1, 1), (2, 7), (10, 1)],
            vec![(3, 3)],
        ];
        let mut want: Vec<(usize, usize)> = lists.iter().flatten().copied().collect();
        want.sort_unstable();
        assert_eq!(merge_sorted(lists), want);
    }
}
