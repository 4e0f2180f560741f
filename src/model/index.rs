//! An index of rules by the facts every flow has (sender and recipient kind, purpose, data
//! categories), so that deciding a flow evaluates only the rules that could apply to it.
//!
//! For each rule the index keeps a *necessary condition* of its `when`: the kinds, purposes
//! and categories outside of which the condition is definitely false. A rule whose `when` is
//! false does not apply whatever its `unless` says, so it adds nothing to any decision (not
//! even a gap: a gap needs an unknown, never a false). Skipping it changes nothing. Atoms
//! about other facts, and anything under `not`, leave a rule unconstrained: the index only
//! narrows, it never guesses.
//!
//! The index is derived from the compiled rules whenever a policy is built or loaded; it is
//! not serialised and not part of the policy hash.

use super::kinds::{Effect, Role};
use super::policy::{Atom, Cond, PolicyData};
use super::program::{Places, Program, Selection, Within};
use super::taxonomy::{Taxonomy, TermId};
use fixedbitset::FixedBitSet;

/// Candidate rules by fact: one row of bits (one bit per rule) per term of each indexed
/// vocabulary. A rule's bit is set in a row when its condition can hold for a flow with that
/// term.
#[derive(Clone, Default)]
pub struct RuleIndex {
    /// 64-bit words per row.
    words: usize,
    /// Rows by the recipient's kind.
    recipient: Vec<u64>,
    /// Rows by the sender's kind.
    sender: Vec<u64>,
    /// Rows by purpose.
    purpose: Vec<u64>,
    /// Rows by one data category of the flow: a rule is set in the row of `c` when its
    /// condition can hold for a flow carrying `c` (the rows of a flow's categories are
    /// or-ed, as `data includes X` holds when any category is within X).
    category: Vec<u64>,
    /// The rules of each effect, most serious first (deny, review, allow, require): one row
    /// each, for visiting candidates in that order ([`RuleIndex::for_each_by_effect`]).
    by_effect: Vec<u64>,
    /// Each rule's condition compiled for judging the outcome alone, knowing what the index
    /// guarantees of the rules it selects.
    programs: Vec<Program>,
    /// For each purpose, the collection purposes it is compatible with (within one, or
    /// declared compatible): one bit where the declarations would be looked through for
    /// every flow that states what its data was collected for.
    compatible: Vec<FixedBitSet>,
    /// Each party's organisation and country as numbers, for the compiled tests of where
    /// a hop's parties are.
    places: Places,
}

/// Where an effect's row is in [`RuleIndex::by_effect`]: the order a judgement that keeps
/// only the outcome visits rules in.
fn effect_rank(effect: Effect) -> usize {
    match effect {
        Effect::Deny => 0,
        Effect::Review => 1,
        Effect::Allow => 2,
        Effect::Require => 3,
    }
}

// Rows of bits would swamp a debug print of a policy: summarise.
impl std::fmt::Debug for RuleIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleIndex")
            .field("words_per_row", &self.words)
            .field("bytes", &self.heap_bytes())
            .finish()
    }
}

/// The facts of one hop the index selects on.
#[derive(Clone, Copy, Debug)]
pub struct Probe<'a> {
    /// The sender's kind.
    pub sender_kind: TermId,
    /// The recipient's kind.
    pub recipient_kind: TermId,
    /// The hop's purpose.
    pub purpose: TermId,
    /// The flow's data categories.
    pub categories: &'a [TermId],
}

/// A necessary condition: for each indexed fact, the terms under which the condition may
/// hold (`None`: any term). For categories, the set of categories a flow's closure must
/// meet.
#[derive(Clone, Debug)]
struct Need {
    recipient: Option<FixedBitSet>,
    sender: Option<FixedBitSet>,
    purpose: Option<FixedBitSet>,
    category: Option<FixedBitSet>,
    never: bool,
}

impl Need {
    fn any() -> Need {
        Need {
            recipient: None,
            sender: None,
            purpose: None,
            category: None,
            never: false,
        }
    }
}

/// Descendants (reflexive) of every term: the terms within it.
fn descendants(t: &Taxonomy) -> Vec<FixedBitSet> {
    let n = t.len();
    let mut out = vec![FixedBitSet::with_capacity(n); n];
    for term in 0..n {
        for a in t.ancestors(term as TermId).ones() {
            if let Some(set) = out.get_mut(a) {
                set.insert(term);
            }
        }
    }
    out
}

struct Builder<'a> {
    policy: &'a PolicyData,
    kinds: Vec<FixedBitSet>,
    purposes: Vec<FixedBitSet>,
}

impl Builder<'_> {
    /// Terms within any of `ids`, or `None` (unconstrained) for an id out of range, which
    /// only a hand-made policy could hold: never panic on it.
    fn within(sets: &[FixedBitSet], n: usize, ids: &[TermId]) -> Option<FixedBitSet> {
        let mut out = FixedBitSet::with_capacity(n);
        for &id in ids {
            out.union_with(sets.get(id as usize)?);
        }
        Some(out)
    }

    fn atom(&self, atom: &Atom) -> Need {
        let p = self.policy;
        let mut need = Need::any();
        match atom {
            Atom::PartyKind(role, kind) => {
                let set = Self::within(&self.kinds, p.kinds.len(), &[*kind]);
                match role {
                    Role::Recipient => need.recipient = set,
                    Role::Sender => need.sender = set,
                }
            }
            Atom::PartyIs(role, party) => {
                let set = p.parties.get(*party as usize).and_then(|party| {
                    let mut s = FixedBitSet::with_capacity(p.kinds.len());
                    ((party.kind as usize) < p.kinds.len()).then(|| {
                        s.insert(party.kind as usize);
                        s
                    })
                });
                match role {
                    Role::Recipient => need.recipient = set,
                    Role::Sender => need.sender = set,
                }
            }
            Atom::PurposeIs(x) => {
                need.purpose = ((*x as usize) < p.purposes.len()).then(|| {
                    let mut s = FixedBitSet::with_capacity(p.purposes.len());
                    s.insert(*x as usize);
                    s
                });
            }
            Atom::PurposeWithin(list) => {
                need.purpose = Self::within(&self.purposes, p.purposes.len(), list);
            }
            // `data within L` needs every category within L; a flow always has a category
            // (the evaluator falls back to all rules otherwise), so one of them meets L.
            Atom::DataIncludes(c) => need.category = self.categories(&[*c]),
            Atom::DataWithin(list) => need.category = self.categories(list),
            Atom::Const(false) => need.never = true,
            _ => {}
        }
        need
    }

    fn categories(&self, ids: &[TermId]) -> Option<FixedBitSet> {
        let n = self.policy.categories.len();
        let mut s = FixedBitSet::with_capacity(n);
        for &id in ids {
            if id as usize >= n {
                return None;
            }
            s.insert(id as usize);
        }
        Some(s)
    }

    fn cond(&self, cond: &Cond) -> Need {
        match cond {
            Cond::Atom(a) => self.atom(a),
            // A negation is false when its operand holds: nothing the index tracks.
            Cond::Not(_) => Need::any(),
            // False as soon as one part is: every part's condition is necessary.
            Cond::And(parts) => {
                let mut need = Need::any();
                for part in parts.iter().map(|c| self.cond(c)) {
                    need.never |= part.never;
                    intersect(&mut need.recipient, part.recipient);
                    intersect(&mut need.sender, part.sender);
                    intersect(&mut need.purpose, part.purpose);
                    // Two "meets" conditions do not combine into one set; either is necessary,
                    // keep the narrower.
                    if let Some(c) = part.category {
                        let narrower = need
                            .category
                            .as_ref()
                            .is_none_or(|old| c.count_ones(..) < old.count_ones(..));
                        if narrower {
                            need.category = Some(c);
                        }
                    }
                }
                need
            }
            // False only when every part is: the union of the parts' conditions.
            Cond::Or(parts) => {
                let mut live = parts.iter().map(|c| self.cond(c)).filter(|n| !n.never);
                let Some(mut need) = live.next() else {
                    let mut never = Need::any();
                    never.never = true;
                    return never;
                };
                for part in live {
                    unite(&mut need.recipient, part.recipient);
                    unite(&mut need.sender, part.sender);
                    unite(&mut need.purpose, part.purpose);
                    unite(&mut need.category, part.category);
                }
                need
            }
        }
    }
}

fn intersect(acc: &mut Option<FixedBitSet>, part: Option<FixedBitSet>) {
    match (acc.as_mut(), part) {
        (_, None) => {}
        (None, Some(p)) => *acc = Some(p),
        (Some(a), Some(p)) => a.intersect_with(&p),
    }
}

fn unite(acc: &mut Option<FixedBitSet>, part: Option<FixedBitSet>) {
    match (acc.as_mut(), part) {
        (Some(a), Some(p)) => a.union_with(&p),
        _ => *acc = None,
    }
}

/// For each purpose `p`, the purposes `c` such that `p` is within `c` or within `x` of a
/// declared `compatible x with y` where `c` is within `y`.
fn compatible(policy: &PolicyData, descendants: &[FixedBitSet]) -> Vec<FixedBitSet> {
    let purposes = &policy.purposes;
    let n = purposes.len();
    let mut rows: Vec<FixedBitSet> = (0..n)
        .map(|p| {
            let mut row = FixedBitSet::with_capacity(n);
            row.union_with(purposes.ancestors(p as TermId));
            row
        })
        .collect();
    for &(x, y) in &policy.compatible {
        let (Some(below_x), Some(below_y)) =
            (descendants.get(x as usize), descendants.get(y as usize))
        else {
            continue;
        };
        for p in below_x.ones() {
            if let Some(row) = rows.get_mut(p) {
                row.union_with(below_y);
            }
        }
    }
    rows
}

/// Sets rule `rule`'s bit in the rows of the terms in `terms` (all rows for `None`).
fn post(rows: &mut [u64], words: usize, rule: usize, terms: Option<&FixedBitSet>, never: bool) {
    if never || words == 0 {
        return;
    }
    let (word, bit) = (rule / 64, 1u64 << (rule % 64));
    match terms {
        None => rows.chunks_mut(words).for_each(|row| {
            if let Some(w) = row.get_mut(word) {
                *w |= bit;
            }
        }),
        Some(set) => {
            for t in set.ones() {
                if let Some(w) = rows.get_mut(t * words + word) {
                    *w |= bit;
                }
            }
        }
    }
}

impl RuleIndex {
    /// Builds the index of `policy`'s rules.
    pub fn new(policy: &PolicyData) -> RuleIndex {
        let n = policy.rules.len();
        let words = n.div_ceil(64);
        let b = Builder {
            policy,
            kinds: descendants(&policy.kinds),
            purposes: descendants(&policy.purposes),
        };
        let categories = descendants(&policy.categories);
        let mut index = RuleIndex {
            words,
            recipient: vec![0; words * policy.kinds.len()],
            sender: vec![0; words * policy.kinds.len()],
            purpose: vec![0; words * policy.purposes.len()],
            category: vec![0; words * policy.categories.len()],
            by_effect: vec![0; words * 4],
            programs: Vec::with_capacity(n),
            compatible: compatible(policy, &b.purposes),
            places: Places::new(&policy.parties),
        };
        let within = Within {
            kinds: &b.kinds,
            purposes: &b.purposes,
            categories: &categories,
            parties: &policy.parties,
        };
        for (i, rule) in policy.rules.iter().enumerate() {
            if let Some(w) = index
                .by_effect
                .get_mut(effect_rank(rule.effect) * words + i / 64)
            {
                *w |= 1 << (i % 64);
            }
            let need = b.cond(&rule.when);
            // A flow carrying `x` meets the set R when some member of R is an ancestor of
            // `x`: post the rule under the descendants of R.
            let category = need.category.as_ref().map(|r| {
                let mut rows = FixedBitSet::with_capacity(policy.categories.len());
                for below in r.ones().filter_map(|c| categories.get(c)) {
                    rows.union_with(below);
                }
                rows
            });
            post(
                &mut index.recipient,
                words,
                i,
                need.recipient.as_ref(),
                need.never,
            );
            post(
                &mut index.sender,
                words,
                i,
                need.sender.as_ref(),
                need.never,
            );
            post(
                &mut index.purpose,
                words,
                i,
                need.purpose.as_ref(),
                need.never,
            );
            post(&mut index.category, words, i, category.as_ref(), need.never);
            let selection = Selection {
                recipient: need.recipient.as_ref(),
                sender: need.sender.as_ref(),
                purpose: need.purpose.as_ref(),
                category: need.category.as_ref(),
            };
            index.programs.push(Program::new(rule, &within, &selection));
        }
        index
    }

    fn row(rows: &[u64], words: usize, term: TermId) -> Option<&[u64]> {
        let start = (term as usize).checked_mul(words)?;
        rows.get(start..start + words)
    }

    /// Calls `visit` with the index of every rule that may apply to the probe, in ascending
    /// order, without allocating. Returns false (having visited nothing) when the probe
    /// names a term the index does not know: the caller then evaluates every rule.
    pub fn for_each_candidate(&self, probe: &Probe<'_>, mut visit: impl FnMut(usize)) -> bool {
        let mut word = 0;
        self.candidate_words(probe, |mut bits| {
            while bits != 0 {
                visit(word * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
            word += 1;
        })
    }

    /// Calls `each` with every word of the probe's candidate rules in turn (one bit per
    /// rule); false (having called nothing) when the probe names a term the index does not
    /// know.
    fn candidate_words(&self, probe: &Probe<'_>, mut each: impl FnMut(u64)) -> bool {
        let w = self.words;
        let (Some(r), Some(s), Some(p)) = (
            Self::row(&self.recipient, w, probe.recipient_kind),
            Self::row(&self.sender, w, probe.sender_kind),
            Self::row(&self.purpose, w, probe.purpose),
        ) else {
            return false;
        };
        if probe.categories.is_empty()
            || probe
                .categories
                .iter()
                .any(|&c| Self::row(&self.category, w, c).is_none())
        {
            return false;
        }
        for (word, ((&r, &s), &p)) in r.iter().zip(s).zip(p).enumerate() {
            let mut bits = r & s & p;
            if bits != 0 {
                let mut data = 0;
                for &c in probe.categories {
                    // Every category's row was found above, so this word is there.
                    data |= self
                        .category
                        .get(c as usize * w + word)
                        .copied()
                        .unwrap_or(0);
                }
                bits &= data;
            }
            each(bits);
        }
        true
    }

    /// Calls `visit` with the index of every rule that may apply to the probe (every rule
    /// when there is no probe or the index does not know one of its terms), the denies
    /// first, then the reviews, the allows and the requires, each in ascending order, until
    /// `visit` returns false; without allocating for up to 256 rules. A judgement that keeps
    /// only the outcome stops once a deny applies.
    pub fn for_each_by_effect(
        &self,
        probe: Option<&Probe<'_>>,
        mut visit: impl FnMut(usize) -> bool,
    ) {
        self.for_each_selected_by_effect(probe, |i, _| visit(i));
    }

    /// [`RuleIndex::for_each_by_effect`], telling `visit` with each rule whether the index
    /// selected it (true) or could not answer and visits every rule (false): only a rule it
    /// selected may be judged by its [`Program::selected`].
    pub fn for_each_selected_by_effect(
        &self,
        probe: Option<&Probe<'_>>,
        mut visit: impl FnMut(usize, bool) -> bool,
    ) {
        let w = self.words;
        let mut candidates: smallvec::SmallVec<[u64; 4]> = smallvec::SmallVec::new();
        let indexed =
            probe.is_some_and(|probe| self.candidate_words(probe, |bits| candidates.push(bits)));
        if !indexed {
            // The effect rows hold only the policy's rules: every bit stands for all.
            candidates.clear();
            candidates.extend(std::iter::repeat_n(u64::MAX, w));
        }
        for effect in self.by_effect.chunks_exact(w.max(1)) {
            for (word, (&c, &e)) in candidates.iter().zip(effect).enumerate() {
                let mut bits = c & e;
                while bits != 0 {
                    if !visit(word * 64 + bits.trailing_zeros() as usize, indexed) {
                        return;
                    }
                    bits &= bits - 1;
                }
            }
        }
    }

    /// Rule `rule`'s condition compiled for judging the outcome alone.
    pub fn program(&self, rule: usize) -> Option<&Program> {
        self.programs.get(rule)
    }

    /// Each party's organisation and country as numbers (see [`Places`]).
    pub fn places(&self) -> &Places {
        &self.places
    }

    /// Whether purpose `p` may use data collected for `c` (see
    /// [`crate::eval::compatible`]); `None` for a purpose the policy does not have.
    pub fn compatible(&self, p: TermId, c: TermId) -> Option<bool> {
        let row = self.compatible.get(p as usize)?;
        ((c as usize) < row.len()).then(|| row.contains(c as usize))
    }

    /// Bytes held by the index (its rows; not the compiled programs).
    pub fn heap_bytes(&self) -> usize {
        8 * (self.recipient.len()
            + self.sender.len()
            + self.purpose.len()
            + self.category.len()
            + self.by_effect.len())
    }
}
