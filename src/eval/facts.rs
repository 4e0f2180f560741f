//! A flow resolved against a policy: names become ids, times become instants. Every unknown
//! name is an input error with its JSON path (the flow is then denied with kind `error`).

use super::flow::{Approval, ConsentStatus, Flow};
use crate::diagnostic::did_you_mean;
use crate::model::{
    Basis, CompiledPolicy, DeclaredSort, Level, PartyId, RecordEvent, Sort, TermId,
};
use crate::reason::Problem;
use crate::words::Lang;
use fixedbitset::FixedBitSet;
use serde::Serialize;
use smallvec::SmallVec;
use std::cell::OnceCell;
use time::OffsetDateTime;

/// A problem with the flow itself, with its JSON pointer: a typed [`Problem`] (its machine
/// code and parameters in JSON) and the same in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct InputError {
    /// JSON pointer into the flow (`/data/2`).
    pub path: String,
    /// What is wrong, as a value.
    #[serde(flatten)]
    pub problem: Problem,
    /// What is wrong, in plain words.
    pub message: String,
}

impl InputError {
    /// The problem at `path`, in English words.
    pub fn new(path: impl Into<String>, problem: Problem) -> InputError {
        InputError {
            path: path.into(),
            message: crate::words::problem(Lang::EN, &problem),
            problem,
        }
    }

    /// The same problem in `lang`'s words.
    pub fn in_lang(mut self, lang: Lang) -> InputError {
        self.message = crate::words::problem(lang, &self.problem);
        self
    }
}

/// One hop of the transfer: the earlier hops of `chain`, then the flow itself.
#[derive(Clone, Debug)]
pub(crate) struct HopFacts<'f> {
    pub from: PartyId,
    pub to: PartyId,
    pub purpose: TermId,
    pub basis: Option<Basis>,
    pub at: OffsetDateTime,
    pub agreement: Option<usize>,
    pub approvals: &'f [Approval],
    /// The reference of the DPIA the hop relies on: a chain hop's own, else the flow's;
    /// `None` when neither states one (a blank reference states none).
    pub dpia: Option<&'f str>,
    /// The approvals (indexes into `approvals`) dated after the hop: they do not count.
    /// Empty for nearly every flow, so it allocates nothing.
    pub late: SmallVec<[u16; 2]>,
    /// The approvals (indexes into `approvals`) expired at or before the hop: they do not
    /// count either.
    pub expired: SmallVec<[u16; 2]>,
    /// The first agreement (by index) that covers the hop, once asked (see
    /// [`super::atoms::Ctx::covering_agreement`]): the facts do not change once resolved.
    pub covering: OnceCell<Option<usize>>,
    /// Whether an agreement limited to subjects would cover the hop but for the subjects,
    /// once asked.
    pub needs_subjects: OnceCell<bool>,
}

impl HopFacts<'_> {
    /// Whether the hop carries an approval by `role` that counts: one not dated after it
    /// and not expired at it.
    pub fn approved_by(&self, role: &str) -> bool {
        self.counting(role).next().is_some()
    }

    /// The approvals by `role` that count for the hop.
    pub fn counting<'s>(&'s self, role: &'s str) -> impl Iterator<Item = &'s Approval> + 's {
        self.approvals.iter().enumerate().filter_map(move |(i, a)| {
            let i = i as u16;
            (a.role == role && !self.late.contains(&i) && !self.expired.contains(&i)).then_some(a)
        })
    }

    /// For a hop without an approval by `role` that counts: when the one it carries that
    /// expired at or before the hop lapsed.
    pub fn expired_approval(&self, role: &str) -> Option<OffsetDateTime> {
        self.expired
            .iter()
            .filter_map(|&i| self.approvals.get(usize::from(i)))
            .filter(|a| a.role == role)
            .filter_map(|a| a.expires.as_deref().and_then(parse_instant))
            .max()
    }

    /// `approved by role within period`: true when a counting approval is dated no earlier
    /// than `period` before the hop; unknown when none is, but one does not say when it was
    /// given; false otherwise. With the latest dated counting approval, for words.
    pub fn approved_within(
        &self,
        role: &str,
        period: crate::model::Period,
    ) -> (super::Truth, Option<OffsetDateTime>) {
        let since = period.before(self.at);
        let mut undated = false;
        let mut latest: Option<OffsetDateTime> = None;
        for a in self.counting(role) {
            match a.at.as_deref().and_then(parse_instant) {
                Some(t) => latest = latest.max(Some(t)),
                None => undated = true,
            }
        }
        let recent = match (latest, since) {
            (Some(t), Some(since)) => t >= since,
            // A period reaching before the representable years: every dated approval is
            // within it.
            (Some(_), None) => true,
            (None, _) => false,
        };
        let truth = if recent {
            super::Truth::True
        } else if undated {
            super::Truth::Unknown
        } else {
            super::Truth::False
        };
        (truth, latest)
    }

    /// For a hop without an approval by `role` that counts: when the one it carries dated
    /// after the hop was given.
    pub fn late_approval(&self, role: &str) -> Option<OffsetDateTime> {
        let (_, a) = self
            .late
            .iter()
            .filter_map(|&i| self.approvals.get(usize::from(i)).map(|a| (i, a)))
            .find(|(_, a)| a.role == role)?;
        a.at.as_deref().and_then(parse_instant)
    }
}

/// An instant in RFC 3339 (UTC), for messages.
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

#[derive(Clone, Debug)]
pub(crate) struct ConsentFacts<'f> {
    pub id: Option<&'f str>,
    pub status: ConsentStatus,
    pub purposes: Held<'f, Terms>,
    pub recipient_parties: Held<'f, SmallVec<[PartyId; 4]>>,
    pub recipient_kinds: Held<'f, Terms>,
    pub countries: &'f [String],
    pub given_at: Option<OffsetDateTime>,
    pub withdrawn_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
}

/// A part of the facts either built for them or kept elsewhere (a cache entry of
/// [`super::cached::ResolveCache`]) and borrowed: facts judged from cache entries copy none
/// of their lists, which was a visible part of a cached outcome's cost.
#[derive(Debug)]
pub(crate) enum Held<'f, T> {
    Own(T),
    Borrowed(&'f T),
}

impl<T: Clone> Held<'_, T> {
    /// The same part, owned.
    pub fn into_owned(self) -> Held<'static, T> {
        match self {
            Held::Own(t) => Held::Own(t),
            Held::Borrowed(t) => Held::Own(t.clone()),
        }
    }
}

impl<T> std::ops::Deref for Held<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Held::Own(t) => t,
            Held::Borrowed(t) => t,
        }
    }
}

impl<T: Clone> Clone for Held<'_, T> {
    fn clone(&self) -> Self {
        match self {
            Held::Own(t) => Held::Own(t.clone()),
            Held::Borrowed(t) => Held::Borrowed(t),
        }
    }
}

/// A flow's terms of one sort. Inline up to a size most flows stay under, so that resolving
/// a common flow allocates nothing (BENCHMARKS.md counts allocations per verdict).
pub(crate) type Terms = SmallVec<[TermId; 8]>;

/// The union of some terms' ancestor sets: which terms a flow's terms are within. Inline up
/// to 512 terms (the size of large taxonomies), on the heap beyond.
#[derive(Debug, Default)]
pub(crate) struct Closure(SmallVec<[usize; 8]>);

impl Clone for Closure {
    /// Copied as a slice: the derived clone of a `SmallVec` pushes word by word.
    fn clone(&self) -> Self {
        Closure(SmallVec::from_slice(&self.0))
    }
}

impl Closure {
    /// Adds `set` (an ancestor set of the taxonomy all unions are over).
    pub(super) fn union_with(&mut self, set: &FixedBitSet) {
        let words = set.as_slice();
        if self.0.len() < words.len() {
            self.0.resize(words.len(), 0);
        }
        for (mine, theirs) in self.0.iter_mut().zip(words) {
            *mine |= theirs;
        }
    }

    /// Whether term `i` is in the union.
    pub fn contains(&self, i: usize) -> bool {
        let bits = usize::BITS as usize;
        self.0
            .get(i / bits)
            .is_some_and(|w| w & (1 << (i % bits)) != 0)
    }
}

/// Everything the evaluator needs to know about a flow. It borrows from the flow what it
/// only reads (approvals, consent id and countries, response) rather than copying it.
#[derive(Clone, Debug)]
pub(crate) struct Facts<'f> {
    pub categories: Held<'f, Terms>,
    /// The flow's `data` entries as written, for the words of a decision: which declared HXL
    /// tag an entry was read as (not used to judge).
    pub data: &'f [String],
    /// Union of the categories' ancestor sets: `data includes X` is one bit test.
    pub closure: Held<'f, Closure>,
    pub sensitivity: Option<Level>,
    /// The combination entry (index into the selected classification's) that gave the
    /// sensitivity, when one raised it above every category's own level.
    pub combination: Option<usize>,
    pub subjects: Option<(Held<'f, Terms>, Held<'f, Closure>)>,
    pub collected_for: Option<TermId>,
    pub consent: Option<ConsentFacts<'f>>,
    pub response: Option<&'f str>,
    /// The reference of the flow's DPIA, when it states one (not blank).
    pub dpia: Option<&'f str>,
    pub hops: Hops<'f>,
    /// The records' dates the flow states.
    pub records: RecordDates,
}

/// The dates a flow states about its records, by [`RecordEvent`]; `None` when unstated.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RecordDates {
    pub dates: [Option<OffsetDateTime>; 3],
    /// The flow says the records' case is open (so it has no closing date).
    pub open: bool,
}

impl RecordDates {
    /// The date of `event`, when the flow states it.
    pub fn get(&self, event: RecordEvent) -> Option<OffsetDateTime> {
        self.dates.get(event as usize).copied().flatten()
    }
}

/// The hops of a flow: the earlier hops of its chain, then the flow itself. The flow's own hop
/// is a field, not an element, so there is always at least one hop by construction and
/// finding one never fails.
#[derive(Clone, Debug)]
pub(crate) struct Hops<'f> {
    /// The chain's hops, in order (none for a single transfer).
    pub earlier: SmallVec<[HopFacts<'f>; 1]>,
    /// The flow itself, the last hop.
    pub last: HopFacts<'f>,
}

impl<'f> Hops<'f> {
    /// How many hops (at least one).
    pub fn len(&self) -> usize {
        self.earlier.len() + 1
    }

    /// Hop `i`: an earlier hop, or the flow itself for `len() - 1`. Every index the evaluator
    /// uses is one of `0..len()` (it walks the hops it was given); a larger one is the last
    /// hop, so even a broken index cannot panic.
    pub fn get(&self, i: usize) -> &HopFacts<'f> {
        self.earlier.get(i).unwrap_or(&self.last)
    }
}

impl<'f> Facts<'f> {
    /// Hop `i` of the flow ([`Hops::get`]).
    pub fn hop(&self, i: usize) -> &HopFacts<'f> {
        self.hops.get(i)
    }
}

/// Parses RFC 3339, or a bare date taken as midnight UTC, as an instant in UTC.
///
/// The offset a flow was written in says nothing about the decision: `2027-03-01T11:00Z` and
/// `2027-02-28T23:00:00-12:00` are the same instant and get the same decision, so every
/// instant is kept in UTC and its `date()` is the UTC day that policy dates are compared
/// with. An instant whose UTC form falls outside the representable years is not a time.
pub(crate) fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    if let Some(t) = utc_seconds(text) {
        return Some(t);
    }
    if let Some(d) = bare_date(text) {
        return Some(d.midnight().assume_utc());
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return t.checked_to_offset(time::UtcOffset::UTC);
    }
    crate::model::Day::parse(text).map(|d| d.0.midnight().assume_utc())
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the form nearly every flow uses, read directly: the general
/// RFC 3339 parser is a visible part of a decision's cost. Anything else, and anything out
/// of range, is left to the general parser (`None`), so the result never differs from it.
fn utc_seconds(text: &str) -> Option<OffsetDateTime> {
    use time::{Date, Month, PrimitiveDateTime, Time};
    /// The shape, and how far each byte may be above the shape's: a digit's place up to 9
    /// above `0`, a separator's not at all.
    const SHAPE: &[u8; 20] = b"0000-00-00T00:00:00Z";
    const MOST: [u8; 20] = [9, 9, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0];
    let b: &[u8; 20] = text.as_bytes().try_into().ok()?;
    // Every byte less the shape's, checked in one pass without a branch a byte (a byte
    // below the shape's wraps past the most): a loop over each field's digits, with a
    // branch a digit, cost twice this.
    let mut d = [0u8; 20];
    let mut amiss = false;
    for ((d, &c), (&s, &most)) in d.iter_mut().zip(b).zip(SHAPE.iter().zip(&MOST)) {
        *d = c.wrapping_sub(s);
        amiss |= *d > most;
    }
    if amiss {
        return None;
    }
    let two = |i: usize| match d.get(i..i + 2) {
        Some(&[tens, ones]) => tens * 10 + ones,
        _ => u8::MAX,
    };
    let year = i32::from(two(0)) * 100 + i32::from(two(2));
    let month = Month::try_from(two(5)).ok()?;
    let date = Date::from_calendar_date(year, month, two(8)).ok()?;
    let time = Time::from_hms(two(11), two(14), two(17)).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// `YYYY-MM-DD`, a bare date, read directly: the RFC 3339 parser would refuse it only after
/// trying, and the general date parser is slower still. Anything else, and a day that does
/// not exist, is left to the general parsers (`None`), so the result never differs.
fn bare_date(text: &str) -> Option<time::Date> {
    let b: &[u8; 10] = text.as_bytes().try_into().ok()?;
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |from: usize, to: usize| {
        b.get(from..to)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let month = time::Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
    time::Date::from_calendar_date(number(0, 4)? as i32, month, number(8, 10)? as u8).ok()
}

pub(super) struct Resolver<'p> {
    pub(super) policy: &'p CompiledPolicy,
    pub(super) errors: Vec<InputError>,
    /// Whether the errors are to be read: an unknown name then gets a did-you-mean, and
    /// each error its words. Otherwise only whether there are errors counts.
    suggest: bool,
}

impl<'p> Resolver<'p> {
    /// A resolver whose errors are only counted, never read (see `suggest`).
    pub(super) fn unsuggested(policy: &'p CompiledPolicy) -> Resolver<'p> {
        Resolver {
            policy,
            errors: Vec::new(),
            suggest: false,
        }
    }

    pub(super) fn error(&mut self, path: String, problem: Problem) {
        // Errors that are not to be read (see `suggest`) are not put into words either.
        let error = if self.suggest {
            InputError::new(path, problem)
        } else {
            InputError {
                path,
                problem,
                message: String::new(),
            }
        };
        self.errors.push(error);
    }

    /// A suggestion for an unknown name, for the first few unknown names only: a flow with
    /// thousands of them gets its errors fast rather than a suggestion for each.
    fn suggest<'c>(
        &self,
        name: &str,
        candidates: impl Iterator<Item = &'c str>,
    ) -> Option<&'c str> {
        const MAX_SUGGESTIONS: usize = 20;
        (self.suggest && self.errors.len() < MAX_SUGGESTIONS)
            .then(|| did_you_mean(name, candidates))
            .flatten()
    }

    pub(super) fn term(
        &mut self,
        sort: Sort,
        name: &str,
        path: impl FnOnce() -> String,
    ) -> Option<TermId> {
        let taxonomy = self.policy.taxonomy(sort);
        if let Some(id) = taxonomy.id(name) {
            return Some(id);
        }
        if sort == Sort::Category && name.starts_with('#') {
            // A hashtag written in its normal form (most are) is found as it is: normalising
            // builds new strings, and a verdict allocates nothing. Normalising a normal form
            // gives it back, so both look-ups find the same category.
            // Otherwise the tag is normalised and may carry more attributes than the pack
            // declares: the most specific declared tag it carries decides (the dataset gate
            // reads a column's tag the same way).
            if let Some(id) = self.policy.hxl.get(name).copied().or_else(|| {
                crate::compile::normalise_hashtag(name)
                    .and_then(|t| self.policy.category_of_hashtag(&t))
            }) {
                return Some(id);
            }
            self.error(
                path(),
                Problem::UnmappedHashtag {
                    tag: name.to_owned(),
                },
            );
            return None;
        }
        let suggestion = self.suggest(name, taxonomy.names()).map(str::to_owned);
        self.error(
            path(),
            Problem::UnknownTerm {
                sort: sort.keyword().to_owned(),
                name: name.to_owned(),
                suggestion,
            },
        );
        None
    }

    /// The terms of `sort` that `names` name, sorted and without repeats, with the union of
    /// their ancestor sets (`data includes X` is then one bit test); an unknown name is an
    /// error at `path(i)`, its index in `names`.
    pub(super) fn term_set<'n>(
        &mut self,
        sort: Sort,
        names: impl IntoIterator<Item = &'n str>,
        path: impl Fn(usize) -> String,
    ) -> (Terms, Closure) {
        let mut ids = Terms::new();
        for (i, name) in names.into_iter().enumerate() {
            if let Some(id) = self.term(sort, name, || path(i)) {
                ids.push(id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let taxonomy = self.policy.taxonomy(sort);
        let mut closure = Closure::default();
        for &id in &ids {
            closure.union_with(taxonomy.ancestors(id));
        }
        (ids, closure)
    }

    pub(super) fn party(&mut self, name: &str, path: impl FnOnce() -> String) -> Option<PartyId> {
        if let Some(id) = self.policy.party(name) {
            return Some(id);
        }
        let suggestion = self
            .suggest(name, self.policy.parties.iter().map(|p| p.name.as_str()))
            .map(str::to_owned);
        self.error(
            path(),
            Problem::UnknownParty {
                name: name.to_owned(),
                suggestion,
            },
        );
        None
    }

    /// Checks the dates of a hop's approvals; returns those dated after the hop (`at`) and
    /// those expired at or before it, which do not count.
    fn approvals(
        &mut self,
        approvals: &[Approval],
        base: impl Fn() -> String,
        at: Option<OffsetDateTime>,
    ) -> (SmallVec<[u16; 2]>, SmallVec<[u16; 2]>) {
        let mut late = SmallVec::new();
        let mut expired = SmallVec::new();
        for (i, a) in approvals.iter().enumerate() {
            if let Some(close) = self.policy.declared.undeclared(DeclaredSort::Role, &a.role) {
                // A role the policy does not declare can release no review and satisfy no
                // condition: said as an error, never left "awaiting approval".
                let suggestion = close.map(str::to_owned);
                self.error(
                    format!("{}/approvals/{i}/role", base()),
                    Problem::UndeclaredRole {
                        name: a.role.clone(),
                        suggestion,
                    },
                );
            }
            if let Some(text) = &a.at {
                let when = self.instant(text, || format!("{}/approvals/{i}/at", base()));
                if let (Some(when), Some(at)) = (when, at)
                    && when > at
                {
                    late.push(i as u16);
                }
            }
            if let Some(text) = &a.expires {
                let when = self.instant(text, || format!("{}/approvals/{i}/expires", base()));
                if let (Some(when), Some(at)) = (when, at)
                    && when <= at
                {
                    expired.push(i as u16);
                }
            }
        }
        (late, expired)
    }

    /// A flow's consent record, resolved.
    pub(super) fn consent<'f>(&mut self, c: &'f super::flow::Consent) -> ConsentFacts<'f> {
        let mut purposes = Terms::new();
        for (i, p) in c.purposes.iter().enumerate() {
            if let Some(id) = self.term(Sort::Purpose, p, || format!("/consent/purposes/{i}")) {
                purposes.push(id);
            }
        }
        let mut recipient_parties = SmallVec::new();
        let mut recipient_kinds = Terms::new();
        for (i, name) in c.recipients.iter().enumerate() {
            if let Some(id) = self.policy.party(name) {
                recipient_parties.push(id);
            } else if let Some(k) = self.policy.kinds.id(name) {
                recipient_kinds.push(k);
            } else {
                self.error(
                    format!("/consent/recipients/{i}"),
                    Problem::UnknownRecipient { name: name.clone() },
                );
            }
        }
        for (i, code) in c.countries.iter().enumerate() {
            if !crate::compile::is_jurisdiction(code) {
                self.error(
                    format!("/consent/countries/{i}"),
                    Problem::NotACountry { text: code.clone() },
                );
            }
        }
        ConsentFacts {
            id: c.id.as_deref(),
            status: c.status,
            purposes: Held::Own(purposes),
            recipient_parties: Held::Own(recipient_parties),
            recipient_kinds: Held::Own(recipient_kinds),
            countries: &c.countries,
            given_at: c
                .given_at
                .as_ref()
                .and_then(|t| self.instant(t, || "/consent/given_at".into())),
            withdrawn_at: c
                .withdrawn_at
                .as_ref()
                .and_then(|t| self.instant(t, || "/consent/withdrawn_at".into())),
            expires_at: c
                .expires_at
                .as_ref()
                .and_then(|t| self.instant(t, || "/consent/expires_at".into())),
        }
    }

    /// The dates a flow states about its records, checked.
    pub(super) fn records(&mut self, rec: &super::flow::Records) -> RecordDates {
        let mut dates = RecordDates {
            open: rec.open,
            ..RecordDates::default()
        };
        if rec.open && rec.closed.is_some() {
            self.error("/records/open".into(), Problem::OpenAndClosed);
        }
        for (event, slot) in RecordEvent::ALL.into_iter().zip(&mut dates.dates) {
            if let Some(text) = rec.date(event) {
                *slot = self.instant(text, || format!("/records/{}", event.word()));
            }
        }
        dates
    }

    pub(super) fn instant(
        &mut self,
        text: &str,
        path: impl FnOnce() -> String,
    ) -> Option<OffsetDateTime> {
        let t = parse_instant(text);
        if t.is_none() {
            self.error(
                path(),
                Problem::NotATime {
                    text: text.to_owned(),
                },
            );
        }
        t
    }
}

/// The category a flow's `data` entry names (a term or an HXL hashtag), if known.
pub(crate) fn category_of(policy: &CompiledPolicy, entry: &str) -> Option<TermId> {
    let mut r = Resolver {
        policy,
        errors: Vec::new(),
        suggest: false,
    };
    r.term(Sort::Category, entry, String::new)
}

/// The classification `response` selects, by index, if the policy has one for it.
pub(super) fn classification_of(policy: &CompiledPolicy, response: &str) -> Option<usize> {
    policy
        .classifications
        .iter()
        .position(|c| c.response == response)
}

/// The sensitivity of a flow's categories (sorted, with their closure) under the
/// classification selected by index (else the policy's own levels), with the combination
/// entry that raised it, if one did.
pub(super) fn sensitivity(
    policy: &CompiledPolicy,
    categories: &[TermId],
    closure: &Closure,
    classification: Option<usize>,
) -> (Option<Level>, Option<usize>) {
    let classification = classification.and_then(|i| policy.classifications.get(i));
    let levels = classification
        .map(|c| &c.levels)
        .unwrap_or(&policy.sensitivity);
    let mut sensitivity = categories
        .iter()
        .filter_map(|&c| levels.get(c as usize).copied().flatten())
        .max();
    // Combination entries: each applies when every one of its categories appears in the
    // flow; the strictest raises the level, and is remembered so the words can name it.
    let mut combination = None;
    for (i, combo) in classification
        .map(|c| &c.combinations[..])
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let applies = combo
            .categories
            .iter()
            .all(|&c| closure.contains(c as usize));
        if applies && sensitivity.is_none_or(|s| combo.level > s) {
            sensitivity = Some(combo.level);
            combination = Some(i);
        }
    }

    (sensitivity, combination)
}

/// Resolves `flow` against `policy`, or lists every problem with it.
pub(crate) fn resolve<'f>(
    policy: &CompiledPolicy,
    flow: &'f Flow,
) -> Result<Facts<'f>, Vec<InputError>> {
    resolve_with(policy, flow, true, |facts| facts)
}

/// [`resolve`] for a caller that only asks whether the flow resolves, handing the facts to
/// `then` rather than returning them: an unknown name gets no did-you-mean (comparing it
/// with the whole vocabulary costs more than judging a flow), the errors have no words
/// (their `message` is empty), and the facts are judged where they were built, not copied
/// out first (they are a few hundred bytes, a visible part of an outcome's cost).
pub(crate) fn resolve_unsuggested_then<'f, R>(
    policy: &CompiledPolicy,
    flow: &'f Flow,
    then: impl FnOnce(Facts<'f>) -> R,
) -> Result<R, Vec<InputError>> {
    resolve_with(policy, flow, false, then)
}

fn resolve_with<'f, R>(
    policy: &CompiledPolicy,
    flow: &'f Flow,
    suggest: bool,
    then: impl FnOnce(Facts<'f>) -> R,
) -> Result<R, Vec<InputError>> {
    let mut r = Resolver {
        policy,
        errors: Vec::new(),
        suggest,
    };
    if flow.id.trim().is_empty() {
        r.error("/id".into(), Problem::EmptyId);
    }
    let at = r.instant(&flow.at, || "/at".into());
    // A flow may carry no data category (Fides accepts such privacy declarations): each
    // condition has its value for it (docs/language.md, "A flow that carries no data").
    let (categories, closure) =
        r.term_set(Sort::Category, flow.data.iter().map(String::as_str), |i| {
            format!("/data/{i}")
        });
    let response = flow.context.as_ref().and_then(|c| c.response.as_deref());
    if let Some(name) = response
        && let Some(close) = policy.declared.undeclared(DeclaredSort::Response, name)
    {
        r.error(
            "/context/response".into(),
            Problem::UndeclaredResponse {
                name: name.to_owned(),
                suggestion: close.map(str::to_owned),
            },
        );
    }
    let classification = response.and_then(|r| classification_of(policy, r));
    let (sensitivity, combination) = sensitivity(policy, &categories, &closure, classification);

    // Personal data whose subjects the flow lists as none is data about someone unnamed:
    // unknown subjects (a gap for every rule that asks), never "nobody". Only data that is
    // not personal can truly be about no one.
    let personal = categories
        .iter()
        .any(|&c| policy.personal.contains(c as usize));
    let stated = flow
        .subjects
        .as_ref()
        .filter(|names| !(names.is_empty() && personal));
    let subjects = stated.map(|names| {
        let (ids, set) = r.term_set(Sort::Subject, names.iter().map(String::as_str), |i| {
            format!("/subjects/{i}")
        });
        (Held::Own(ids), Held::Own(set))
    });
    let collected_for = flow
        .collected_for
        .as_ref()
        .and_then(|p| r.term(Sort::Purpose, p, || "/collected_for".into()));

    let consent = flow.consent.as_ref().map(|c| r.consent(c));

    let mut earlier = SmallVec::new();
    for (i, hop) in flow.chain.iter().enumerate() {
        // The hop's JSON path is written only for an error: a chain that resolves formats
        // nothing.
        let base = || format!("/chain/{i}");
        let from = r.party(&hop.from, || format!("{}/from", base()));
        let to = r.party(&hop.to, || format!("{}/to", base()));
        let purpose = r.term(Sort::Purpose, &hop.purpose, || {
            format!("{}/purpose", base())
        });
        let hop_at = match &hop.at {
            Some(t) => r.instant(t, || format!("{}/at", base())),
            None => at,
        };
        if let (Some(hop_at), Some(at)) = (hop_at, at)
            && hop_at > at
        {
            r.error(
                format!("{}/at", base()),
                Problem::HopAfterFlow {
                    at: rfc3339(hop_at),
                    flow_at: rfc3339(at),
                },
            );
        }
        let (late, expired) = r.approvals(&hop.approvals, base, hop_at);
        let agreement = hop.agreement.as_ref().and_then(|id| {
            let found = policy.agreements.iter().position(|a| &a.id == id);
            if found.is_none() {
                r.error(
                    format!("{}/agreement", base()),
                    Problem::UnknownAgreement {
                        agreement: id.clone(),
                    },
                );
            }
            found
        });
        if let (Some(a), Some(from), Some(to)) = (agreement, from, to)
            && let Some(a) = policy.agreements.get(a).filter(|a| !a.binds(from, to))
        {
            r.error(
                format!("{}/agreement", base()),
                Problem::AgreementNotBinding {
                    agreement: a.id.clone(),
                    from: hop.from.clone(),
                    to: hop.to.clone(),
                },
            );
        }
        if let (Some(from), Some(to), Some(purpose), Some(at)) = (from, to, purpose, hop_at) {
            earlier.push(HopFacts {
                from,
                to,
                purpose,
                basis: hop.basis.or(flow.basis),
                at,
                agreement,
                approvals: &hop.approvals,
                // A hop that states a DPIA (even a blank one, which states none) relies on
                // it alone; a hop without the member relies on the flow's.
                dpia: stated_dpia(hop.dpia.as_ref().or(flow.dpia.as_ref())),
                late,
                expired,
                covering: OnceCell::new(),
                needs_subjects: OnceCell::new(),
            });
        }
    }
    let (late, expired) = r.approvals(&flow.approvals, String::new, at);
    let records = flow
        .records
        .as_ref()
        .map(|rec| r.records(rec))
        .unwrap_or_default();
    let from = r.party(&flow.from, || "/from".into());
    let to = r.party(&flow.to, || "/to".into());
    let purpose = r.term(Sort::Purpose, &flow.purpose, || "/purpose".into());
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    let (Some(from), Some(to), Some(purpose), Some(at)) = (from, to, purpose, at) else {
        return Err(vec![InputError::new("", Problem::Unresolved)]);
    };
    let last = HopFacts {
        from,
        to,
        purpose,
        basis: flow.basis,
        at,
        agreement: None,
        approvals: &flow.approvals,
        dpia: stated_dpia(flow.dpia.as_ref()),
        late,
        expired,
        covering: OnceCell::new(),
        needs_subjects: OnceCell::new(),
    };
    let hops = Hops { earlier, last };
    Ok(then(Facts {
        categories: Held::Own(categories),
        data: &flow.data,
        closure: Held::Own(closure),
        sensitivity,
        combination,
        subjects,
        collected_for,
        consent,
        response,
        dpia: stated_dpia(flow.dpia.as_ref()),
        hops,
        records,
    }))
}

/// The reference a DPIA states, if it states one: a blank reference states none.
pub(super) fn stated_dpia(dpia: Option<&super::flow::Dpia>) -> Option<&str> {
    dpia.map(|d| d.reference.as_str())
        .filter(|r| !r.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::format_description::well_known::Rfc3339;

    #[test]
    fn the_short_cut_reads_times_exactly_as_the_general_parser() {
        let cases = [
            "2026-01-15T10:00:00Z",
            "2024-02-29T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            // Not the short cut's shape or out of range: the general parser decides.
            "2025-02-29T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-01-15T24:00:00Z",
            "2026-01-15T10:60:00Z",
            "2026-06-30T23:59:60Z",
            "2026-01-15t10:00:00z",
            "2026-01-15T10:00:00+03:00",
            "2026-01-15T10:00:00.5Z",
            "2026-01-1aT10:00:00Z",
            "+026-01-15T10:00:00Z",
            "2026-01-15",
            "2024-02-29",
            "2025-02-29",
            "2026-00-15",
            "0000-01-01",
            "2026-1-015",
            "2026/01/15",
            "+2026-01-1",
        ];
        for text in cases {
            let general = OffsetDateTime::parse(text, &Rfc3339).ok();
            if let Some(fast) = utc_seconds(text) {
                assert_eq!(Some(fast), general, "{text}");
            }
            let expected = general
                .or_else(|| crate::model::Day::parse(text).map(|d| d.0.midnight().assume_utc()));
            assert_eq!(parse_instant(text), expected, "{text}");
        }
        assert!(utc_seconds("2026-01-15T10:00:00Z").is_some());
        assert!(utc_seconds("2025-02-29T10:00:00Z").is_none());
        assert!(bare_date("2026-01-15").is_some() && bare_date("2025-02-29").is_none());
    }

    /// What `parse_instant` must give: the general RFC 3339 parser's time in UTC, else a
    /// bare date's midnight, else nothing.
    fn general(text: &str) -> Option<OffsetDateTime> {
        match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(t) => t.checked_to_offset(time::UtcOffset::UTC),
            Err(_) => crate::model::Day::parse(text).map(|d| d.0.midnight().assume_utc()),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Times of the short cut's shape with every field in and out of range (leap days,
        /// a 60th second, hour 24), other endings (offsets, fractions, lower case).
        #[test]
        fn the_short_cut_agrees_with_the_general_parser_on_generated_times(
            text in "[0-9]{4}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9]\
                     (Z|z|[+-][0-2][0-9]:[0-6][0-9]|\\.[0-9]{1,10}Z|)",
        ) {
            if let Some(fast) = utc_seconds(&text) {
                proptest::prop_assert_eq!(Some(fast), OffsetDateTime::parse(&text, &Rfc3339).ok());
            }
            proptest::prop_assert_eq!(parse_instant(&text), general(&text), "{}", text);
        }

        /// Leap years: every year's 29th of February, with the short cut's shape.
        #[test]
        fn the_short_cut_knows_leap_years(year in 0u32..10_000, day in 28u32..=30) {
            let text = format!("{year:04}-02-{day:02}T12:00:00Z");
            proptest::prop_assert_eq!(parse_instant(&text), general(&text), "{}", text);
        }

        /// Strings of the shape's characters in any order, and any text of twenty bytes
        /// (signs, letters, non-ASCII): the same result or both nothing.
        #[test]
        fn the_short_cut_agrees_with_the_general_parser_on_near_misses(
            text in proptest::prop_oneof![
                "[0-9:TZ+./-]{18,22}",
                "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}.",
                "\\PC{20}",
            ],
        ) {
            proptest::prop_assert_eq!(parse_instant(&text), general(&text), "{}", text);
        }
    }
}
