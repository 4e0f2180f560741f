//! Changes only chains show: a flow with an earlier hop is also judged by built-in checks on
//! that hop, which forbid the onward hop when the agreement under which the earlier hop was
//! made forbids onward transfer, or when the rules that allowed it imposed `no onward
//! transfer`. A one-hop flow never meets them, so an amendment of an agreement's onward
//! terms (or of that obligation) changes decisions the one-hop queries cannot see.
//!
//! The solver is asked one hop at a time. First for a hop both versions decide alike (so the
//! change is the chain's, not the hop's) after which one version's check forbids an onward
//! hop and the other's does not: exact, so when there is none no chain shows the change
//! through that cause. Then, with that hop's data, collection purpose, response and consent
//! fixed, for an onward hop from its recipient that the permissive version lets through,
//! preferably allowed by both. That second step is a search: it starts from the first hop
//! found (one recipient after another when no onward hop fits), not from every first hop at
//! once. Each two-hop witness is decided under both versions, and only a change the engine
//! confirms, with the check deciding under one version and not the other, is reported.

use super::{Change, Class, Diff, Difference, HopDifference, Pair, Shift, witness};
use crate::eval::Decision;
use crate::model::{Effect, Obligation};
use crate::tools::sat::{Lit, Model};

use crate::reason::Check;
const UPSTREAM: Check = Check::OnwardTransfer;
const OBLIGED: Check = Check::OnwardObligation;

/// One question about chains: which first hops to look at and what the answer means.
struct Query<'a> {
    /// What the first hop must satisfy, beyond being decided alike by both versions.
    first: Vec<Lit>,
    /// What the onward hop must satisfy: no exception of the forbidding version to the
    /// check holds on it (nor could one), and for a change made by an exception, one of the
    /// permissive version's holds.
    onward: Vec<Lit>,
    /// The permissive version's check would forbid the onward hop too, but an exception of
    /// its own lifts it there.
    lifted: bool,
    /// The agreement the first hop names, when it names one.
    named: Option<&'a str>,
    /// The version (0 old, 1 new) whose checks let the onward hop through; the other one's
    /// `check` forbids it.
    permissive: usize,
    check: Check,
    change: Shift,
}

/// Whom a chain change is charged to.
#[derive(Clone, Copy)]
enum Charge<'a> {
    /// The agreement (of the forbidding version) under which the first hop was made.
    Agreement(&'a str),
    /// Rule `i` of the forbidding version, which imposes `no onward transfer`.
    Rule(usize),
    /// The permissive version's exceptions to the check, one of which lifts it on the
    /// onward hop; the first hop was made under the agreement, when there is one.
    Exception(Option<&'a str>),
}

/// Literals every chain question uses, per version (0 old, 1 new).
struct Terms {
    /// "As a first hop, its agreement's terms forbid the next hop."
    forbids: [Lit; 2],
    /// "Allowed, and obliged to no onward transfer."
    obliged: [Lit; 2],
    /// "Both versions give the hop the same outcome, and it is not a deny that decides the
    /// chain whatever follows."
    alike: Lit,
    both_allow: Lit,
}

/// Which version forbids, which permits, and the words for it: the new version forbidding
/// what the old one let through, then the other way round.
const DIRECTIONS: [(usize, usize, Shift); 2] =
    [(1, 0, Shift::NewlyForbids), (0, 1, Shift::NoLongerForbids)];

impl<'p> Diff<'p> {
    /// The changes only chains show, each with a verified two-hop witness.
    pub(super) fn chains(&mut self) {
        let t = self.terms();
        self.upstream_agreements(&t);
        self.onward_obligations(&t);
        self.onward_exceptions(&t);
    }

    /// For version `v`'s exceptions to `check` on a hop: "the check forbids it: none holds,
    /// and none cannot be decided" and "one of them holds (and lifts the check)". A version
    /// without an exception to the check: always forbids, never lifts.
    fn exception_lits(&mut self, v: usize, check: Check) -> (Lit, Lit) {
        let never = !self.e.truth();
        let (forbids, undecided) = self.e.check_with_exceptions(v, check, never);
        let lifts = self.e.and(&[!forbids, !undecided]);
        (forbids, lifts)
    }

    fn terms(&mut self) -> Terms {
        let forbids = [self.e.upstream_forbids(0), self.e.upstream_forbids(1)];
        let mut obliged = [self.both; 2];
        for (v, policy) in [self.old, self.new].into_iter().enumerate() {
            let out = if v == 0 { &self.o } else { &self.n };
            let imposing: Vec<Lit> = policy
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| imposes_no_onward(r))
                .map(|(i, r)| out.imposes(&mut self.e, i, r.effect))
                .collect();
            let any = self.e.or(&imposing);
            let allowed = out.is(Class::Allowed);
            obliged[v] = self.e.and(&[allowed, any]);
        }
        // A first hop that is rejected or forbidden decides the chain by itself.
        let classes = [
            Class::Gap,
            Class::Review,
            Class::Allowed,
            Class::NotPermitted,
        ];
        let same: Vec<Lit> = classes
            .iter()
            .map(|&c| (self.o.is(c), self.n.is(c)))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|(a, b)| self.e.and(&[a, b]))
            .collect();
        let alike = self.e.or(&same);
        let both_allow = self
            .e
            .and(&[self.o.is(Class::Allowed), self.n.is(Class::Allowed)]);
        Terms {
            forbids,
            obliged,
            alike,
            both_allow,
        }
    }

    /// Agreements whose onward terms forbid the hop after one they cover (or one that names
    /// them) under one version and not under the other: an agreement amended, concluded or
    /// ended, or another agreement now covering the first hop.
    fn upstream_agreements(&mut self, t: &Terms) {
        for (forbidding, permissive, words) in DIRECTIONS {
            let [policy, other] = self.pair(forbidding);
            for (i, a) in policy.agreements.iter().enumerate() {
                if a.onward_transfer {
                    continue;
                }
                let covered = self.e.first_covering(forbidding, i);
                let (forbids, _) = self.exception_lits(forbidding, UPSTREAM);
                let mut q = Query {
                    first: vec![covered, !t.forbids[permissive]],
                    onward: vec![forbids],
                    lifted: false,
                    named: None,
                    permissive,
                    check: UPSTREAM,
                    change: words,
                };
                if self.chain(&q, t, Charge::Agreement(&a.id)) {
                    continue;
                }
                // A hop may name the agreement it was made under, which then decides
                // whichever agreement covers the hop; naming one a version does not declare
                // is an error, so only an agreement of both versions is looked at so.
                let Some(j) = other
                    .agreements
                    .iter()
                    .position(|b| b.id == a.id && b.onward_transfer)
                else {
                    continue;
                };
                q.first = vec![self.e.binds(forbidding, i), self.e.binds(permissive, j)];
                q.named = Some(&a.id);
                self.chain(&q, t, Charge::Agreement(&a.id));
            }
        }
    }

    /// Rules whose `no onward transfer` obligation forbids the hop after one they allow under
    /// one version, where nothing does under the other.
    fn onward_obligations(&mut self, t: &Terms) {
        for (forbidding, permissive, words) in DIRECTIONS {
            let [policy, _] = self.pair(forbidding);
            for (i, rule) in policy.rules.iter().enumerate() {
                if !imposes_no_onward(rule) {
                    continue;
                }
                let out = if forbidding == 0 { &self.o } else { &self.n };
                let (allowed, imposes) = (
                    out.is(Class::Allowed),
                    out.imposes(&mut self.e, i, rule.effect),
                );
                let (forbids, _) = self.exception_lits(forbidding, OBLIGED);
                let q = Query {
                    first: vec![allowed, imposes, !t.forbids[permissive]],
                    onward: vec![forbids],
                    lifted: false,
                    named: None,
                    permissive,
                    check: OBLIGED,
                    change: words,
                };
                self.chain(&q, t, Charge::Rule(i));
            }
        }
    }

    /// Exceptions to an onward check that the versions state differently: the same agreement
    /// terms (or the same `no onward transfer`) forbid the hop after one they cover under both
    /// versions, and an exception of one version lifts the check on that hop where none of
    /// the other's does.
    fn onward_exceptions(&mut self, t: &Terms) {
        for check in [UPSTREAM, OBLIGED] {
            let of = |p: &crate::model::CompiledPolicy| {
                p.check_exceptions
                    .iter()
                    .filter(|x| x.check == check)
                    .cloned()
                    .collect::<Vec<_>>()
            };
            if of(self.old) == of(self.new) {
                continue;
            }
            for (forbidding, permissive, words) in DIRECTIONS {
                let (forbids, _) = self.exception_lits(forbidding, check);
                let (_, lifts) = self.exception_lits(permissive, check);
                let [policy, _] = self.pair(forbidding);
                let onward = vec![forbids, lifts];
                if check == UPSTREAM {
                    for (i, a) in policy.agreements.iter().enumerate() {
                        if a.onward_transfer {
                            continue;
                        }
                        let covered = self.e.first_covering(forbidding, i);
                        let q = Query {
                            first: vec![covered, t.forbids[permissive]],
                            onward: onward.clone(),
                            lifted: true,
                            named: None,
                            permissive,
                            check,
                            change: words,
                        };
                        if self.chain(&q, t, Charge::Exception(Some(&a.id))) {
                            break;
                        }
                    }
                } else {
                    // Both versions oblige the first hop's recipient to no onward transfer:
                    // the check's exceptions alone tell them apart.
                    let q = Query {
                        first: vec![t.obliged[forbidding], t.obliged[permissive]],
                        onward,
                        lifted: true,
                        named: None,
                        permissive,
                        check,
                        change: words,
                    };
                    self.chain(&q, t, Charge::Exception(None));
                }
            }
        }
    }

    /// Version `v` first, the other second.
    fn pair(&self, v: usize) -> [&'p crate::model::CompiledPolicy; 2] {
        if v == 1 {
            [self.new, self.old]
        } else {
            [self.old, self.new]
        }
    }

    /// Looks for a first hop answering `q`, then for an onward hop after it; records the
    /// change when the engine confirms one.
    fn chain(&mut self, q: &Query<'_>, t: &Terms, charge: Charge<'_>) -> bool {
        let mut assume = q.first.clone();
        assume.extend([self.both, t.alike]);
        if !q.lifted {
            // Under the permissive version nothing obliges the first hop's recipient: the
            // change is the forbidding version's obligation (or agreement), not an exception.
            assume.push(!t.obliged[q.permissive]);
        }
        // The first hop is the chain's first: not an onward transfer itself.
        assume.extend(self.e.onward_transfer().map(|l| !l));
        for _ in 0..self.e.space().parties.len().max(1) {
            let preferred: Vec<Lit> = assume.iter().copied().chain([t.both_allow]).collect();
            if !self.e.satisfiable_small(&preferred) && !self.e.satisfiable_small(&assume) {
                return false;
            }
            let first = self.e.model();
            if let Some(c) = self.onward_hop(q, &first, charge) {
                self.changes.push(c);
                return true;
            }
            // No onward hop after this one fits: try a first hop to another recipient.
            match first.to.as_deref().and_then(|to| self.e.recipient_is(to)) {
                Some(l) => assume.push(!l),
                None => return false,
            }
        }
        false
    }

    /// An onward hop after `first` that the permissive version lets through (preferably
    /// one both versions' rules allow), as a change the engine confirms.
    fn onward_hop(&mut self, q: &Query<'_>, first: &Model, charge: Charge<'_>) -> Option<Change> {
        let from = self.e.sender_is(first.to.as_deref()?)?;
        let mut assume = self.e.shared_with(first);
        assume.extend([from, self.both]);
        assume.extend(self.e.onward_transfer());
        assume.extend(q.onward.iter().copied());
        let (perm, other) = if q.permissive == 0 {
            (&self.o, &self.n)
        } else {
            (&self.n, &self.o)
        };
        let (allowed, both_allowed) = (perm.is(Class::Allowed), other.is(Class::Allowed));
        let lets_through = !perm.is(Class::Forbidden);
        // Data sent on to a third party reads more like an onward transfer than data sent
        // back to where it came from.
        let back = first.from.as_deref().and_then(|f| self.e.recipient_is(f));
        let distinct = self.e.distinct_parties();
        let on: Vec<Lit> = back.map(|l| !l).into_iter().chain([distinct]).collect();
        let preferences = [
            [&[allowed, both_allowed][..], &on].concat(),
            vec![allowed, both_allowed, distinct],
            vec![allowed, both_allowed],
            [&[allowed][..], &on].concat(),
            vec![allowed],
            vec![lets_through],
        ];
        for prefer in preferences {
            let query: Vec<Lit> = assume.iter().copied().chain(prefer).collect();
            if !self.e.satisfiable_small(&query) {
                continue;
            }
            let then = self.e.model();
            let flow = witness::chain(self.old, self.new, (first, &then), q.named, self.at);
            let Some([old, new]) = witness::decide_both(self.old, self.new, &flow) else {
                continue;
            };
            let by_check = |d: &Decision| d.determining.iter().any(|x| x.check == Some(q.check));
            let (permitting, forbidding) = if q.permissive == 0 {
                (&old, &new)
            } else {
                (&new, &old)
            };
            let (Some(was), Some(now)) = (Class::of(&old), Class::of(&new)) else {
                continue;
            };
            if was == now || !by_check(forbidding) || by_check(permitting) {
                continue;
            }
            return Some(self.chain_change(q, charge, (first, &then), flow, (was, now)));
        }
        None
    }

    fn chain_change(
        &self,
        q: &Query<'_>,
        charge: Charge<'_>,
        (first, then): (&Model, &Model),
        flow: serde_json::Value,
        (was, now): (Class, Class),
    ) -> Change {
        let forbidding = 1 - q.permissive;
        let mut differs: Vec<HopDifference> = witness::differences(self.old, self.new, first)
            .into_iter()
            .map(|difference| HopDifference {
                first_hop: true,
                difference,
            })
            .collect();
        let mut c = Change::of(q.change, (was, now), then.to_string(), flow);
        c.first_hop = Some(first.to_string());
        c.chain = true;
        c.verified = true;
        match charge {
            Charge::Agreement(id) => {
                let onward = |p: &crate::model::CompiledPolicy| {
                    p.agreements
                        .iter()
                        .find(|a| a.id == id)
                        .map(|a| a.onward_transfer)
                };
                if let (Some(a), Some(b)) = (onward(self.old), onward(self.new))
                    && let Some(allowed) = Pair::changed(a, b)
                {
                    differs.push(HopDifference {
                        first_hop: false,
                        difference: Difference::Onward {
                            agreement: id.to_owned(),
                            allowed,
                        },
                    });
                }
                c.check = Some(UPSTREAM);
                c.effect = Some("deny".into());
                c.agreement = Some(id.to_owned());
            }
            Charge::Rule(i) => {
                let [policy, _] = self.pair(forbidding);
                let rule = &policy.rules[i];
                c.rule = Some(rule.name.clone());
                c.effect = Some(rule.effect.keyword().to_owned());
                c.version = if forbidding == 1 { "new" } else { "old" };
                c.at = policy.locations.get(i).map(|l| l.to_string());
                c.condition = Some(policy.cond_text(&rule.when));
                c.obligation = Some("no onward transfer".into());
            }
            Charge::Exception(agreement) => {
                let [policy, _] = self.pair(q.permissive);
                let unless: Vec<String> = policy
                    .check_exceptions
                    .iter()
                    .filter(|x| x.check == q.check)
                    .map(|x| policy.cond_text(&x.unless))
                    .collect();
                // The check is built into both versions, as for purpose limitation; which
                // version's exception lifts it is the shift's direction.
                c.check = Some(q.check);
                c.effect = Some("deny".into());
                c.version = "both";
                c.agreement = agreement.map(str::to_owned);
                c.condition = Some(unless.join(" or "));
            }
        }
        c.differs = differs;
        c
    }
}

/// Whether `rule` imposes `no onward transfer` on the hops it allows.
fn imposes_no_onward(rule: &crate::model::Rule) -> bool {
    matches!(rule.effect, Effect::Allow | Effect::Require)
        && rule.obligations.iter().any(|o| {
            matches!(
                o,
                Obligation::NoOnwardTransfer | Obligation::NoOnwardTransferOutside(_)
            )
        })
}
