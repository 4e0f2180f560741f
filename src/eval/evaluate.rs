//! The one three-valued evaluator. A condition is walked once, in Kleene logic; what the walk
//! records depends on who asks ([`Recorder`]): nothing for a verdict (and the walk stops at
//! the first deciding part), the facts that decided for a decision's deciding rules, the full
//! tree for an explanation (and then every part is evaluated, so that each shows its value).
//! `and`, `or` and `not` are written here and nowhere else, for the tree and for the
//! compiled form an outcome judges by ([`crate::model::Program`]).

use super::atoms::{CondTrace, Ctx, Node, Truth};
use crate::model::{Atom, Cond, Step, Test};
use crate::reason::Fact;
use crate::words::Lang;

/// What a walk keeps of what it sees.
pub(crate) trait Recorder {
    /// Whether every part of `and`/`or` is evaluated (for a full record) or the walk stops at
    /// the first part that decides.
    const FULL: bool;
    /// A test and its value.
    fn atom(&mut self, ctx: &Ctx<'_, '_>, atom: &Atom, value: Truth);
    /// Before the parts of `and`, `or` or `not`.
    fn open(&mut self) {}
    /// After each part of `and`/`or`: `decisive` is the value that decides the junction.
    fn part(&mut self, _value: Truth, _decisive: Truth) {}
    /// After the parts: the junction's own value.
    fn close(&mut self, _ctx: &Ctx<'_, '_>, _cond: &Cond, _node: Node, _value: Truth) {}
}

impl Ctx<'_, '_> {
    /// Evaluates `cond`, telling `rec` what it sees.
    pub(crate) fn walk<R: Recorder>(&self, cond: &Cond, rec: &mut R) -> Truth {
        match cond {
            Cond::Atom(a) => {
                let value = self.atom(a);
                rec.atom(self, a, value);
                value
            }
            Cond::Not(inner) => {
                rec.open();
                let value = self.walk(inner, rec).negate();
                rec.close(self, cond, Node::Not, value);
                value
            }
            Cond::And(parts) | Cond::Or(parts) => {
                let (node, decisive) = match cond {
                    Cond::And(_) => (Node::All, Truth::False),
                    _ => (Node::Any, Truth::True),
                };
                rec.open();
                // Kleene: decided by any decisive part; else unknown if any part is; else the
                // other value.
                let mut value = decisive.negate();
                for p in parts {
                    // A test is evaluated here rather than by a call of its own: most parts
                    // are tests, and the walk is most of judging a flow.
                    let t = match p {
                        Cond::Atom(a) => {
                            let value = self.atom(a);
                            rec.atom(self, a, value);
                            value
                        }
                        _ => self.walk(p, rec),
                    };
                    rec.part(t, decisive);
                    if t == decisive {
                        value = decisive;
                        if !R::FULL {
                            break;
                        }
                    } else if t == Truth::Unknown && value != decisive {
                        value = Truth::Unknown;
                    }
                }
                rec.close(self, cond, node, value);
                value
            }
        }
    }

    /// The value of `cond`, nothing recorded: what judging a flow asks for every rule.
    pub(crate) fn cond(&self, cond: &Cond) -> Truth {
        self.walk(cond, &mut Nothing)
    }

    /// The value of a compiled condition: that of the condition it was compiled from (see
    /// [`crate::model::Program`]), nothing recorded; what judging an outcome asks.
    pub(crate) fn run(&self, step: &Step) -> Truth {
        match step {
            Step::Test(t) => self.test(t),
            Step::Not(inner) => self.run(inner).negate(),
            // A test part is evaluated in the loop rather than by a call of its own: most
            // parts are tests, and this is most of judging an outcome.
            Step::All(parts) => {
                let mut value = Truth::True;
                for p in parts {
                    match self.step(p) {
                        Truth::False => return Truth::False,
                        Truth::Unknown => value = Truth::Unknown,
                        Truth::True => {}
                    }
                }
                value
            }
            Step::Any(parts) => {
                let mut value = Truth::False;
                for p in parts {
                    match self.step(p) {
                        Truth::True => return Truth::True,
                        Truth::Unknown => value = Truth::Unknown,
                        Truth::False => {}
                    }
                }
                value
            }
        }
    }

    /// The value of a part of a compiled condition: a test in place, else [`Self::run`].
    #[inline]
    fn step(&self, step: &Step) -> Truth {
        match step {
            Step::Test(t) => self.test(t),
            _ => self.run(step),
        }
    }

    /// The value of one compiled test.
    #[inline]
    fn test(&self, test: &Test) -> Truth {
        match test {
            Test::Kind(role, kinds) => {
                let kind = self.policy.party_at(self.party(*role)).kind;
                Truth::from_bool(kinds.contains(kind as usize))
            }
            Test::Purpose(purposes) => {
                Truth::from_bool(purposes.contains(self.hop().purpose as usize))
            }
            Test::Includes(c) => Truth::from_bool(self.facts.closure.contains(*c as usize)),
            Test::Party(role, parties) => {
                Truth::from_bool(parties.contains(self.party(*role) as usize))
            }
            Test::Basis(bases) => match self.hop().basis {
                None => Truth::Unknown,
                Some(b) => Truth::from_bool(bases & crate::model::basis_bit(b) != 0),
            },
            Test::Places(between) => {
                let h = self.hop();
                Truth::from_bool(
                    self.policy
                        .rule_index()
                        .places()
                        .between(*between, h.from, h.to),
                )
            }
            Test::Const(b) => Truth::from_bool(*b),
            Test::Atom(a) => self.atom(a),
        }
    }

    /// The value of `cond` and the facts that decided it, in `lang`: for `and`, the facts of
    /// the first part that failed (or all, when none failed); for `or`, of the first that held.
    pub(crate) fn deciding_facts(&self, cond: &Cond, out: &mut Vec<Fact>) -> Truth {
        let mut rec = Deciding {
            facts: std::mem::take(out),
            stack: smallvec::SmallVec::new(),
        };
        let value = self.walk(cond, &mut rec);
        *out = rec.facts;
        value
    }

    /// The value of `cond` and the fact of every one of its tests, in the order written.
    pub(crate) fn every_fact(&self, cond: &Cond, out: &mut Vec<Fact>) -> Truth {
        let mut rec = Every(std::mem::take(out));
        let value = self.walk(cond, &mut rec);
        *out = rec.0;
        value
    }

    /// `cond` evaluated in full, every part with its value and fact in `lang`: the material of
    /// an explanation.
    pub(crate) fn trace(&self, cond: &Cond, lang: Lang) -> CondTrace {
        let mut rec = Tree {
            lang,
            stack: vec![Vec::new()],
        };
        self.walk(cond, &mut rec);
        rec.stack
            .pop()
            .and_then(|mut top| top.pop())
            .unwrap_or(CondTrace {
                node: Node::Test,
                condition: self.policy.cond_text(cond),
                value: Truth::Unknown,
                fact: None,
                reason: None,
                parts: Vec::new(),
            })
    }
}

/// Records nothing; the walk stops at deciding parts.
struct Nothing;

impl Recorder for Nothing {
    const FULL: bool = false;
    #[inline]
    fn atom(&mut self, _: &Ctx<'_, '_>, _: &Atom, _: Truth) {}
}

/// Keeps the fact of every test, in the order written: what an `unless` exception shows, so
/// that a reader sees each of its conditions, not only the one that decided it.
struct Every(Vec<Fact>);

impl Recorder for Every {
    const FULL: bool = true;

    fn atom(&mut self, ctx: &Ctx<'_, '_>, atom: &Atom, value: Truth) {
        self.0.push(ctx.fact(atom, value));
    }
}

/// Keeps the facts that decided: a deciding part drops the facts of the parts before it.
struct Deciding {
    facts: Vec<Fact>,
    /// For each open junction: where its facts start, and where the current part's start.
    /// Inline: conditions are rarely nested deeper than a few levels.
    stack: smallvec::SmallVec<[(usize, usize); 4]>,
}

impl Recorder for Deciding {
    const FULL: bool = false;

    fn atom(&mut self, ctx: &Ctx<'_, '_>, atom: &Atom, value: Truth) {
        self.facts.push(ctx.fact(atom, value));
    }

    fn open(&mut self) {
        let n = self.facts.len();
        self.stack.push((n, n));
    }

    fn part(&mut self, value: Truth, decisive: Truth) {
        let n = self.facts.len();
        if let Some((start, part)) = self.stack.last_mut() {
            if value == decisive {
                // This part alone explains the junction (and the walk stops here).
                self.facts.drain(*start..*part);
            } else {
                *part = n;
            }
        }
    }

    fn close(&mut self, _: &Ctx<'_, '_>, _: &Cond, _: Node, _: Truth) {
        self.stack.pop();
    }
}

/// Builds the full tree.
struct Tree {
    lang: Lang,
    /// The parts of each open node; the bottom holds the result.
    stack: Vec<Vec<CondTrace>>,
}

impl Recorder for Tree {
    const FULL: bool = true;

    fn atom(&mut self, ctx: &Ctx<'_, '_>, atom: &Atom, value: Truth) {
        let fact = ctx.fact(atom, value);
        let leaf = CondTrace {
            node: Node::Test,
            condition: ctx.policy.atom_text(atom),
            value,
            fact: Some(crate::words::fact(self.lang, &fact)),
            reason: Some(fact),
            parts: Vec::new(),
        };
        if let Some(top) = self.stack.last_mut() {
            top.push(leaf);
        }
    }

    fn open(&mut self) {
        self.stack.push(Vec::new());
    }

    fn close(&mut self, ctx: &Ctx<'_, '_>, cond: &Cond, node: Node, value: Truth) {
        let parts = self.stack.pop().unwrap_or_default();
        let trace = CondTrace {
            node,
            condition: ctx.policy.cond_text(cond),
            value,
            fact: None,
            reason: None,
            parts,
        };
        if let Some(top) = self.stack.last_mut() {
            top.push(trace);
        }
    }
}

#[cfg(test)]
mod program_tests {
    //! The compiled form an outcome judges by has the value of the tree it was compiled from,
    //! for every test of the language, alone and combined, on every flow of the bundled pack.
    use super::super::facts::resolve;
    use super::super::flow::Flow;
    use super::*;
    use crate::model::{
        Basis, Comparison, CompiledPolicy, Effect, Level, Period, PolicyData, RecordEvent, Role,
        Rule, TermId, Unit,
    };

    /// How many kinds of test the language has: [`kind_of`] numbers them.
    const KINDS: usize = 26;

    /// A number for each kind of test. No wildcard: a new test fails to build here, and once
    /// numbered, fails [`every_test_agrees_with_the_tree`] until [`examples`] gives one.
    fn kind_of(atom: &Atom) -> usize {
        match atom {
            Atom::DataIncludes(_) => 0,
            Atom::DataWithin(_) => 1,
            Atom::DataSensitivity(..) => 2,
            Atom::SubjectsInclude(_) => 3,
            Atom::SubjectsWithin(_) => 4,
            Atom::PurposeIs(_) => 5,
            Atom::PurposeWithin(_) => 6,
            Atom::PurposeCompatible => 7,
            Atom::CollectedWithin(_) => 8,
            Atom::PartyKind(..) => 9,
            Atom::PartyIs(..) => 10,
            Atom::Jurisdiction(..) => 11,
            Atom::HasFlag(..) => 12,
            Atom::BasisIs(_) => 13,
            Atom::ConsentCovers => 14,
            Atom::AgreementCovers => 15,
            Atom::AgreementAllowsOnward => 16,
            Atom::ApprovedBy(_) => 17,
            Atom::ApprovedWithin(..) => 18,
            Atom::RecordsOlder(..) => 19,
            Atom::SameOrganisation => 20,
            Atom::CrossBorder => 21,
            Atom::InternationalTransfer => 22,
            Atom::OnwardTransfer => 23,
            Atom::ResponseIs(_) => 24,
            Atom::Const(_) => 25,
        }
    }

    /// Tests of every kind, on the pack's own terms, parties and countries.
    fn examples(p: &CompiledPolicy) -> Vec<Atom> {
        let every = |n: usize| (0..n as TermId).collect::<Vec<_>>();
        let some = |n: usize| every(n).into_iter().step_by(n.max(4) / 4);
        let period = |amount, unit| Period { amount, unit };
        let mut out = vec![
            Atom::PurposeCompatible,
            Atom::ConsentCovers,
            Atom::AgreementCovers,
            Atom::AgreementAllowsOnward,
            Atom::ApprovedBy("dpo".into()),
            Atom::ApprovedWithin("dpo".into(), period(30, Unit::Days)),
            Atom::RecordsOlder(RecordEvent::Closed, period(5, Unit::Years)),
            Atom::RecordsOlder(RecordEvent::Collected, period(2, Unit::Months)),
            Atom::SameOrganisation,
            Atom::CrossBorder,
            Atom::InternationalTransfer,
            Atom::OnwardTransfer,
            Atom::ResponseIs("ke-2025".into()),
            Atom::Const(true),
            Atom::Const(false),
            Atom::BasisIs(vec![Basis::Consent]),
            Atom::BasisIs(vec![Basis::VitalInterest, Basis::PublicInterest]),
            Atom::DataSensitivity(Comparison::AtMost, Level::Low),
            Atom::DataSensitivity(Comparison::Above, Level::Moderate),
            Atom::DataSensitivity(Comparison::Is, Level::High),
        ];
        for c in some(p.categories.len()) {
            out.push(Atom::DataIncludes(c));
            out.push(Atom::DataWithin(vec![c, c / 2]));
        }
        for s in some(p.subjects.len()) {
            out.push(Atom::SubjectsInclude(s));
            out.push(Atom::SubjectsWithin(vec![s]));
        }
        for x in some(p.purposes.len()) {
            out.push(Atom::PurposeIs(x));
            out.push(Atom::PurposeWithin(vec![x, x / 3]));
            out.push(Atom::CollectedWithin(vec![x]));
        }
        for role in [Role::Sender, Role::Recipient] {
            for k in every(p.kinds.len()) {
                out.push(Atom::PartyKind(role, k));
            }
            for party in some(p.parties.len()) {
                out.push(Atom::PartyIs(role, party));
            }
            let countries = p.parties.iter().map(|x| x.jurisdiction.clone());
            out.push(Atom::Jurisdiction(role, countries.take(3).collect()));
            out.push(Atom::HasFlag(role, "family_links_network".into()));
            out.push(Atom::HasFlag(role, "privileges_and_immunities".into()));
            // Left as written: a party out of range, a country of no name.
            out.push(Atom::PartyIs(role, p.parties.len() as TermId));
            out.push(Atom::Jurisdiction(role, vec![String::new(), "KE".into()]));
        }
        out
    }

    /// A small deterministic generator of nested conditions over `atoms`.
    fn conditions(atoms: &[Atom], n: usize) -> Vec<Cond> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        fn grow(atoms: &[Atom], depth: usize, next: &mut dyn FnMut(usize) -> usize) -> Cond {
            let leaf = |next: &mut dyn FnMut(usize) -> usize| {
                Cond::Atom(
                    atoms
                        .get(next(atoms.len()))
                        .cloned()
                        .unwrap_or(Atom::Const(true)),
                )
            };
            if depth == 0 {
                return leaf(next);
            }
            match next(5) {
                0 => leaf(next),
                1 => Cond::Not(Box::new(grow(atoms, depth - 1, next))),
                k => {
                    let parts = (0..next(4) + usize::from(k > 2))
                        .map(|_| grow(atoms, depth - 1, next))
                        .collect();
                    if k % 2 == 0 {
                        Cond::And(parts)
                    } else {
                        Cond::Or(parts)
                    }
                }
            }
        }
        // Each test alone, then combinations of them.
        let mut out: Vec<Cond> = atoms.iter().cloned().map(Cond::Atom).collect();
        out.extend((0..n).map(|_| grow(atoms, 3, &mut next)));
        out
    }

    #[test]
    fn every_test_agrees_with_the_tree() {
        let engine = crate::Engine::from_path("policies/humanitarian-baseline")
            .unwrap_or_else(|e| panic!("{e}"));
        let atoms = examples(engine.policy());
        let mut kinds = [false; KINDS];
        for a in &atoms {
            kinds[kind_of(a)] = true;
        }
        assert!(
            kinds.iter().all(|&k| k),
            "every kind of test is tried: {kinds:?}"
        );
        let conds = conditions(&atoms, 600);
        let mut data = PolicyData::from(engine.policy().clone());
        let effects = [Effect::Deny, Effect::Review, Effect::Allow, Effect::Require];
        data.rules = conds
            .iter()
            .enumerate()
            .map(|(i, when)| Rule {
                name: format!("r{i}"),
                effect: effects[i % 4],
                when: when.clone(),
                unless: (i % 3 == 0).then(|| conds[(i * 7 + 1) % conds.len()].clone()),
                obligations: Vec::new(),
                approval: None,
                cite: None,
            })
            .collect();
        let policy = CompiledPolicy::from(data);
        let folder = std::path::Path::new("policies/humanitarian-baseline/flows");
        let mut flows = 0;
        let (mut selected, mut checked) = (0, 0);
        for entry in std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(flow) = Flow::from_json(&text) else {
                continue;
            };
            let Ok(facts) = resolve(&policy, &flow) else {
                continue;
            };
            flows += 1;
            for hop in 0..facts.hops.len() {
                let ctx = Ctx {
                    policy: &policy,
                    facts: &facts,
                    hop,
                };
                let index = policy.rule_index();
                for (i, rule) in policy.rules.iter().enumerate() {
                    let program = index.program(i).unwrap_or_else(|| panic!("rule {i}"));
                    let what =
                        || format!("{} hop {hop}: {}", flow.id, policy.cond_text(&rule.when));
                    assert_eq!(ctx.run(&program.when), ctx.cond(&rule.when), "{}", what());
                    assert_eq!(
                        program.unless.as_ref().map(|u| ctx.run(u)),
                        rule.unless.as_ref().map(|u| ctx.cond(u)),
                        "{}",
                        what()
                    );
                    checked += 1;
                }
                let probe = ctx.probe();
                index.for_each_candidate(&probe, |i| {
                    let rule = &policy.rules[i];
                    let program = index.program(i).unwrap_or_else(|| panic!("rule {i}"));
                    assert_eq!(
                        ctx.run(&program.selected),
                        ctx.cond(&rule.when),
                        "{} hop {hop}, selected: {}",
                        flow.id,
                        policy.cond_text(&rule.when)
                    );
                    selected += 1;
                });
            }
        }
        assert!(
            flows > 50 && checked > 10_000 && selected > 1_000,
            "{flows} {checked} {selected}"
        );
    }

    /// The compatibility of purposes worked out when the policy is built is that of the
    /// declarations, for every pair (and a term out of range is looked up the long way).
    #[test]
    fn compatible_purposes_are_those_declared() {
        let engine = crate::Engine::from_path("policies/humanitarian-baseline")
            .unwrap_or_else(|e| panic!("{e}"));
        let p = engine.policy();
        assert!(!p.compatible.is_empty());
        let n = p.purposes.len() as TermId;
        let (mut yes, mut no) = (0, 0);
        for a in 0..=n {
            for c in 0..=n {
                let declared = p.purposes.is_within(a, c)
                    || p.compatible
                        .iter()
                        .any(|&(x, y)| p.purposes.is_within(a, x) && p.purposes.is_within(c, y));
                assert_eq!(
                    super::super::atoms::compatible(p, a, c),
                    declared,
                    "{a} {c}"
                );
                if declared { yes += 1 } else { no += 1 }
            }
        }
        assert!(yes > n as usize && no > 0, "{yes} {no}");
    }

    /// What the selection guarantees is left out: the agreement rule's ten recipient kinds
    /// are one test in full and none once the index selected the rule.
    #[test]
    fn a_selected_rule_leaves_out_what_the_index_guarantees() {
        let engine = crate::Engine::from_path("policies/humanitarian-baseline")
            .unwrap_or_else(|e| panic!("{e}"));
        let p = engine.policy();
        let i = p
            .rules
            .iter()
            .position(|r| r.name.starts_with("Personal data leaves the organisation"))
            .unwrap_or_else(|| panic!("the agreement rule"));
        let program = p
            .rule_index()
            .program(i)
            .unwrap_or_else(|| panic!("program"));
        let kinds = |s: &Step| match s {
            Step::All(parts) => parts
                .iter()
                .filter(|x| matches!(x, Step::Test(Test::Kind(..))))
                .count(),
            _ => 0,
        };
        assert_eq!(
            (kinds(&program.when), kinds(&program.selected)),
            (1, 0),
            "{program:?}"
        );
    }
}
