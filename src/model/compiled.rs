//! [`CompiledPolicy`]: the policy's data sealed with its hash, with the lookups derived from
//! it (party names, the rule index) on every construction.

use super::index::RuleIndex;
use super::kinds::Effect;
use super::kinds::Sort;
use super::names::NameMap;
use super::policy::{Party, PartyId, PolicyData};
use super::taxonomy::{Taxonomy, TermId};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A compiled, self-contained policy. Its [`hash`](CompiledPolicy::hash) covers its meaning
/// (not file names, positions or declaration order).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(from = "PolicyData", into = "PolicyData")]
pub struct CompiledPolicy {
    data: PolicyData,
    party_index: NameMap<PartyId>,
    /// Derived from the rules on every construction (compile or load): never serialised,
    /// never hashed.
    rule_index: RuleIndex,
    /// The agreements (by index, ascending) naming each party (by id): an agreement binds
    /// only its parties, so a hop looks through its sender's alone (derived likewise).
    party_agreements: Vec<Vec<usize>>,
    /// For each party (by id) as a sender, the agreements that bind a transfer from it, each
    /// with the recipient it binds it to, by recipient then agreement: a hop looks for a
    /// covering agreement among those binding its two parties alone (derived likewise).
    binding: Vec<Vec<(PartyId, usize)>>,
    /// What decisions quote from the policy, shared rather than copied (derived likewise).
    quotes: Quotes,
}

/// What a decision quotes from its policy (the hash, each rule's name, citation, place and
/// approval role, the effects' keywords), made once per policy so that a decision shares
/// these strings instead of copying them: a decision is made far more often than a policy.
#[derive(Clone, Debug, Default)]
pub struct Quotes {
    /// The policy's hash.
    pub hash: Arc<str>,
    /// Per rule, in the policy's order.
    pub rules: Vec<RuleQuotes>,
    /// `allow`, `deny`, `review`, `require`, in [`Effect`] order.
    effects: [Arc<str>; 4],
    /// Each taxonomy's term names by id, in [`Sort`] order (category, subject, purpose,
    /// kind): a decision's facts quote terms far more often than anything else.
    terms: [Vec<Arc<str>>; 4],
    /// Per party, in the policy's order.
    pub parties: Vec<PartyQuotes>,
    /// Per agreement, in the policy's order.
    pub agreements: Vec<AgreementQuotes>,
}

/// What a decision quotes of one party.
#[derive(Clone, Debug, Default)]
pub struct PartyQuotes {
    /// Its name.
    pub name: Arc<str>,
    /// Its country.
    pub jurisdiction: Arc<str>,
    /// Its organisation, if declared.
    pub organisation: Option<Arc<str>>,
}

/// What a decision quotes of one agreement.
#[derive(Clone, Debug, Default)]
pub struct AgreementQuotes {
    /// Its id.
    pub id: Arc<str>,
    /// Its first day in force (`YYYY-MM-DD`).
    pub from: Arc<str>,
    /// Its last day in force.
    pub to: Arc<str>,
}

/// What a decision quotes of one rule.
#[derive(Clone, Debug, Default)]
pub struct RuleQuotes {
    /// Its name.
    pub name: Arc<str>,
    /// Its citation.
    pub cite: Option<Arc<str>>,
    /// Where it is written, `file:line:column`.
    pub at: Option<Arc<str>>,
    /// For a review: the role whose approval it needs.
    pub approval_by: Option<Arc<str>>,
}

impl Quotes {
    fn new(data: &PolicyData) -> Quotes {
        let rules = data
            .rules
            .iter()
            .enumerate()
            .map(|(i, rule)| RuleQuotes {
                name: Arc::from(rule.name.as_str()),
                cite: rule.cite.as_deref().map(Arc::from),
                at: data
                    .locations
                    .get(i)
                    .map(|l| Arc::from(format!("{}:{}:{}", l.file, l.line, l.column))),
                approval_by: rule.approval.as_deref().map(Arc::from),
            })
            .collect();
        let keyword = |e: Effect| Arc::from(e.keyword());
        let terms = |t: &Taxonomy| t.names().map(Arc::from).collect();
        Quotes {
            hash: Arc::from(data.hash.as_str()),
            rules,
            effects: [
                keyword(Effect::Allow),
                keyword(Effect::Deny),
                keyword(Effect::Review),
                keyword(Effect::Require),
            ],
            terms: [
                terms(&data.categories),
                terms(&data.subjects),
                terms(&data.purposes),
                terms(&data.kinds),
            ],
            parties: data
                .parties
                .iter()
                .map(|p| PartyQuotes {
                    name: Arc::from(p.name.as_str()),
                    jurisdiction: Arc::from(p.jurisdiction.as_str()),
                    organisation: p.organisation.as_deref().map(Arc::from),
                })
                .collect(),
            agreements: data
                .agreements
                .iter()
                .map(|a| AgreementQuotes {
                    id: Arc::from(a.id.as_str()),
                    from: Arc::from(a.valid_from.to_string()),
                    to: Arc::from(a.valid_to.to_string()),
                })
                .collect(),
        }
    }

    /// The name of term `id` of the `sort` taxonomy, shared; `None` for an id out of range.
    pub fn term(&self, sort: Sort, id: TermId) -> Option<&Arc<str>> {
        let i = match sort {
            Sort::Category => 0,
            Sort::Subject => 1,
            Sort::Purpose => 2,
            Sort::Kind => 3,
        };
        self.terms.get(i)?.get(id as usize)
    }

    /// What a decision quotes of party `id`; `None` for an id out of range.
    pub fn party(&self, id: PartyId) -> Option<&PartyQuotes> {
        self.parties.get(id as usize)
    }

    /// The keyword of `effect`, shared.
    pub fn effect(&self, effect: Effect) -> Arc<str> {
        let i = match effect {
            Effect::Allow => 0,
            Effect::Deny => 1,
            Effect::Review => 2,
            Effect::Require => 3,
        };
        self.effects
            .get(i)
            .cloned()
            .unwrap_or_else(|| Arc::from(effect.keyword()))
    }
}

impl From<PolicyData> for CompiledPolicy {
    fn from(data: PolicyData) -> Self {
        let party_index = data
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i as PartyId))
            .collect();
        let rule_index = RuleIndex::new(&data);
        let quotes = Quotes::new(&data);
        let mut party_agreements = vec![Vec::new(); data.parties.len()];
        for (i, a) in data.agreements.iter().enumerate() {
            for &p in &a.parties {
                if let Some(list) = party_agreements.get_mut(p as usize)
                    && list.last() != Some(&i)
                {
                    list.push(i);
                }
            }
        }
        let binding = party_agreements
            .iter()
            .enumerate()
            .map(|(from, naming)| {
                let from = from as PartyId;
                let mut pairs: Vec<(PartyId, usize)> = naming
                    .iter()
                    .filter_map(|&i| data.agreements.get(i).map(|a| (i, a)))
                    .flat_map(|(i, a)| {
                        a.parties
                            .iter()
                            .filter(move |&&to| a.binds(from, to))
                            .map(move |&to| (to, i))
                    })
                    .collect();
                pairs.sort_unstable();
                pairs.dedup();
                pairs
            })
            .collect();
        CompiledPolicy {
            data,
            party_index,
            rule_index,
            party_agreements,
            binding,
            quotes,
        }
    }
}

impl From<CompiledPolicy> for PolicyData {
    fn from(p: CompiledPolicy) -> Self {
        p.data
    }
}

impl std::ops::Deref for CompiledPolicy {
    type Target = PolicyData;
    fn deref(&self) -> &PolicyData {
        &self.data
    }
}

impl CompiledPolicy {
    /// Finishes a policy: sets its hash from its meaning.
    pub fn seal(mut data: PolicyData) -> Self {
        // What the hash leaves out is set aside rather than copied: the policy is hashed in
        // place, which spares compiling a large pack a copy of all of it.
        let locations = std::mem::take(&mut data.locations);
        let rule_texts = std::mem::take(&mut data.rule_texts);
        data.hash.clear();
        data.hash = hash_of_meaning(&data);
        data.locations = locations;
        data.rule_texts = rule_texts;
        data.into()
    }

    /// The pack's own citation of a built-in check, if it gives one.
    pub fn check_cite(&self, check: super::Check) -> Option<&str> {
        self.check_cites
            .iter()
            .find(|(c, _)| *c == check)
            .map(|(_, text)| text.as_str())
    }

    /// The party named `name`.
    pub fn party(&self, name: &str) -> Option<PartyId> {
        self.party_index.get(name).copied()
    }

    /// The agreements (by index, ascending) that name party `id` among their parties: every
    /// agreement that can bind a transfer from or to it (none for an id out of range).
    pub fn agreements_naming(&self, id: PartyId) -> &[usize] {
        self.party_agreements
            .get(id as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The agreements (by index, ascending) that bind a transfer from party `from` to party
    /// `to` (see [`super::Agreement::binds`]); none for an id out of range.
    pub fn agreements_binding(
        &self,
        from: PartyId,
        to: PartyId,
    ) -> impl Iterator<Item = usize> + '_ {
        self.binding
            .get(from as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(move |&&(t, _)| t == to)
            .map(|&(_, i)| i)
    }

    /// The party with id `id`; for an id out of range (a compiled policy edited by hand),
    /// a party with no name, kind, country or organisation, which no test matches.
    pub fn party_at(&self, id: PartyId) -> &Party {
        static NOBODY: Party = Party {
            name: String::new(),
            kind: TermId::MAX,
            jurisdiction: String::new(),
            organisation: None,
            flags: Vec::new(),
        };
        self.parties.get(id as usize).unwrap_or(&NOBODY)
    }

    /// What decisions quote from this policy, shared (see [`Quotes`]).
    pub fn quotes(&self) -> &Quotes {
        &self.quotes
    }

    /// The rules indexed by the facts every flow has (see [`RuleIndex`]).
    pub fn rule_index(&self) -> &RuleIndex {
        &self.rule_index
    }

    /// The taxonomy of `sort`.
    pub fn taxonomy(&self, sort: Sort) -> &Taxonomy {
        match sort {
            Sort::Category => &self.data.categories,
            Sort::Subject => &self.data.subjects,
            Sort::Purpose => &self.data.purposes,
            Sort::Kind => &self.data.kinds,
        }
    }

    /// The category an HXL hashtag (in normal form) maps to: the declared tag itself, or else
    /// the most specific declared tag with the same base whose attributes it all carries
    /// (`#affected+f+children` maps as `#affected+children` when that is declared, as
    /// `#affected` when only that is). HXL adds attributes freely, so a dataset's tags often
    /// carry more than a pack declares. Two equally specific declared tags of different
    /// categories leave it unmapped: nothing is guessed. Allocates nothing.
    pub fn category_of_hashtag(&self, tag: &str) -> Option<TermId> {
        self.declared_hashtag(tag).map(|(_, id)| id)
    }

    /// [`CompiledPolicy::category_of_hashtag`] with the declared tag that decided it (the tag
    /// itself when it is declared), so that a decision can say how a hashtag was read.
    /// Allocates nothing.
    pub fn declared_hashtag<'p>(&'p self, tag: &'p str) -> Option<(&'p str, TermId)> {
        if let Some((declared, &id)) = self.data.hxl.get_key_value(tag) {
            return Some((declared.as_str(), id));
        }
        let mut parts = tag.split('+');
        let base = parts.next().unwrap_or_default();
        let has = |attr: &str| tag.split('+').skip(1).any(|a| a == attr);
        let mut best: Option<(usize, &'p str, TermId)> = None;
        let mut tied = false;
        for (declared, &id) in &self.data.hxl {
            // Most declared tags have another base: told apart by their first bytes, before
            // any splitting (this loop is a visible part of resolving a flow with a tag).
            let same_base = declared
                .strip_prefix(base)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('+'));
            if !same_base {
                continue;
            }
            let mut declared_parts = declared.split('+');
            declared_parts.next();
            let mut n = 0;
            if !declared_parts.all(|a| {
                n += 1;
                has(a)
            }) {
                continue;
            }
            match best {
                Some((m, _, other)) if m == n && other != id => tied = true,
                Some((m, _, _)) if m >= n => {}
                _ => {
                    best = Some((n, declared.as_str(), id));
                    tied = false;
                }
            }
        }
        if tied {
            None
        } else {
            best.map(|(_, declared, id)| (declared, id))
        }
    }

    /// Recomputes the hash and says whether it matches the stored one (a loaded policy that
    /// fails this was altered after compilation).
    pub fn verify_hash(&self) -> bool {
        semantic_hash(&self.data) == self.data.hash
    }
}

/// sha256 over the canonical JSON of everything that carries meaning.
fn semantic_hash(data: &PolicyData) -> String {
    let mut meaning = data.clone();
    meaning.locations.clear();
    meaning.rule_texts.clear();
    meaning.hash.clear();
    hash_of_meaning(&meaning)
}

/// The hash of `meaning`, a policy whose locations, rule texts and hash are empty.
fn hash_of_meaning(meaning: &PolicyData) -> String {
    use sha2::{Digest, Sha256};
    /// Feeds serde_json's output straight into the hash, without the text in between.
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    use std::io::Write;
    let mut hashing = Hashing(Sha256::new());
    {
        // serde_json writes struct fields in declaration order and the compiler sorts every
        // collection, so this text is canonical. Writing into a hash cannot fail.
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut hashing);
        let _ = serde_json::to_writer(&mut buffered, meaning);
        let _ = buffered.flush();
    }
    let digest = hashing.0.finalize();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}
