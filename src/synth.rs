//! Synthetic policy packs and flows, generated deterministically from a seed: the material
//! of the benchmarks, of the comparison with Cedar and Rego, and of the property test that
//! indexed and unindexed evaluation agree.
//!
//! A pack has a fixed, realistic vocabulary (larger than the Fides taxonomy: 500 data
//! categories, 150 purposes, 80 party kinds, in hierarchies up to 8 deep; 400 parties in 20
//! jurisdictions; 600 agreements) and any number of rules. Each rule is built around a
//! *witness*, a flow it applies to, so that rules are satisfiable and flows can be aimed at
//! them: most flows follow an allow rule's witness (and are allowed unless a deny rule also
//! applies), some a deny rule's witness, the rest are random (mostly denied by default).
//!
//! In the default *fragment* mode every rule is `allow` or `deny` and its condition is a
//! conjunction of [`Atom`]s that Cedar and Rego express exactly (hierarchy membership of
//! data, purpose and party kinds, and a jurisdiction list). The *extended* mode adds `not`,
//! `or`, `unless`, review and require rules and facts a flow may leave unstated, for
//! testing the evaluator rather than comparing engines.

use crate::eval::Flow;
use crate::eval::flow::Approval;
use crate::model::Basis;
use std::fmt::Write as _;

/// Jurisdictions of the generated parties.
pub const JURISDICTIONS: [&str; 20] = [
    "KE", "UG", "SS", "SO", "ET", "CH", "US", "FR", "DE", "GB", "JO", "LB", "SY", "TR", "CD", "NG",
    "BD", "MM", "AF", "YE",
];

/// When every generated flow happens (inside every agreement's validity).
pub const FLOW_TIME: &str = "2026-01-15T10:00:00Z";

/// A small deterministic generator (splitmix64): the same seed gives the same pack on
/// every platform, with no dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// Starts from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with `percent` % probability.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items`, uniformly (panics on an empty slice, like indexing).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A vocabulary generated as a forest: terms are listed parents first.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    /// Full dotted names.
    pub names: Vec<String>,
    /// Each term's parent.
    pub parents: Vec<Option<usize>>,
}

impl Vocabulary {
    fn generate(rng: &mut Rng, prefix: &str, size: usize, roots: usize, depth: usize) -> Self {
        let mut names: Vec<String> = Vec::with_capacity(size);
        let mut parents = Vec::with_capacity(size);
        let mut depths = Vec::with_capacity(size);
        for i in 0..size {
            // Recent terms as parents make deep chains; a root now and then starts a tree.
            let parent = (i >= roots)
                .then(|| i - 1 - rng.below(i.min(40)))
                .filter(|&p| depths[p] < depth);
            let name = match parent {
                Some(p) => format!("{}.{prefix}{i}", names[p]),
                None => format!("{prefix}{i}"),
            };
            depths.push(parent.map_or(0, |p| depths[p] + 1));
            names.push(name);
            parents.push(parent);
        }
        Vocabulary { names, parents }
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// `term` and its ancestors, nearest first.
    pub fn ancestors(&self, term: usize) -> Vec<usize> {
        let mut out = vec![term];
        let mut at = term;
        while let Some(p) = self.parents[at] {
            out.push(p);
            at = p;
        }
        out
    }

    /// Mostly the term itself or its parent (rules are specific), sometimes any ancestor.
    fn generalise(&self, rng: &mut Rng, term: usize) -> usize {
        let up = self.ancestors(term);
        match rng.below(10) {
            0..=6 => term,
            7 | 8 => up[1.min(up.len() - 1)],
            _ => up[rng.below(up.len())],
        }
    }
}

/// A generated party.
#[derive(Clone, Debug)]
pub struct Party {
    /// Its name.
    pub name: String,
    /// Its kind (index into [`Pack::kinds`]).
    pub kind: usize,
    /// Its jurisdiction.
    pub jurisdiction: &'static str,
}

/// A generated agreement between two parties.
#[derive(Clone, Debug)]
pub struct Agreement {
    /// Parties (indexes into [`Pack::parties`]).
    pub between: (usize, usize),
    /// Purposes it covers.
    pub purposes: Vec<usize>,
    /// Data it covers.
    pub data: Vec<usize>,
}

/// A test of one fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Atom {
    /// `data includes C`. (Fragment.)
    DataIncludes(usize),
    /// `purpose within [P, …]`. (Fragment.)
    PurposeWithin(Vec<usize>),
    /// `(recipient is K or …)`: the recipient's kind is within one of these. (Fragment.)
    RecipientIs(Vec<usize>),
    /// `sender is K`. (Fragment.)
    SenderIs(usize),
    /// `recipient jurisdiction in [..]`. (Fragment.)
    RecipientJurisdiction(Vec<&'static str>),
    /// `data within [C, …]`.
    DataWithin(Vec<usize>),
    /// `purpose is P`.
    PurposeIs(usize),
    /// `basis is …`: unknown for a flow that states no basis.
    BasisIs(Vec<Basis>),
    /// `cross border`.
    CrossBorder,
    /// `agreement covers flow`.
    AgreementCovers,
    /// `true` or `false`.
    Const(bool),
    /// `approved by dpo within N days`. (Extended packs' later constructs.)
    ApprovedWithin(u32),
    /// `records closed more than N years before`.
    RecordsClosedMore(u32),
    /// `consent covers flow`.
    ConsentCovers,
}

/// A condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    /// All hold.
    All(Vec<Cond>),
    /// Any holds.
    Any(Vec<Cond>),
    /// Does not hold.
    Not(Box<Cond>),
    /// One test.
    Atom(Atom),
}

/// What a rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `allow`.
    Allow,
    /// `deny`.
    Deny,
    /// `review … approval by dpo`.
    Review,
    /// `require retain at most 30 days`.
    Require,
}

/// The facts of a flow a rule was built to apply to.
#[derive(Clone, Copy, Debug)]
pub struct Witness {
    /// Sending party.
    pub from: usize,
    /// Receiving party.
    pub to: usize,
    /// Purpose.
    pub purpose: usize,
    /// One data category.
    pub category: usize,
}

/// A generated rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Its name, unique.
    pub name: String,
    /// Its effect.
    pub effect: Effect,
    /// Its condition.
    pub when: Cond,
    /// Its exception.
    pub unless: Option<Cond>,
    /// A flow it was built for.
    pub witness: Witness,
    /// Whether it requires a DPIA (`dpia`; an allow or require rule of an extended pack).
    pub dpia: bool,
}

impl Rule {
    /// The conjunction of atoms of a fragment rule, or `None` for a rule outside the
    /// fragment (an extended one).
    pub fn fragment_atoms(&self) -> Option<Vec<&Atom>> {
        if self.unless.is_some() || !matches!(self.effect, Effect::Allow | Effect::Deny) {
            return None;
        }
        let Cond::All(parts) = &self.when else {
            return None;
        };
        parts
            .iter()
            .map(|p| match p {
                Cond::Atom(
                    a @ (Atom::DataIncludes(_)
                    | Atom::PurposeWithin(_)
                    | Atom::RecipientIs(_)
                    | Atom::SenderIs(_)
                    | Atom::RecipientJurisdiction(_)),
                ) => Some(a),
                _ => None,
            })
            .collect()
    }
}

/// How to generate a pack.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of rules.
    pub rules: usize,
    /// Seed.
    pub seed: u64,
    /// Rules beyond the fragment Cedar and Rego share (see the module documentation).
    pub extended: bool,
}

/// A generated policy pack.
#[derive(Clone, Debug)]
pub struct Pack {
    /// Data categories.
    pub categories: Vocabulary,
    /// Purposes.
    pub purposes: Vocabulary,
    /// Party kinds.
    pub kinds: Vocabulary,
    /// Parties.
    pub parties: Vec<Party>,
    /// Agreements.
    pub agreements: Vec<Agreement>,
    /// Rules.
    pub rules: Vec<Rule>,
    /// Whether the rules go beyond the shared fragment.
    pub extended: bool,
    /// The seed it was generated from: the later constructs of extended packs and their
    /// flows draw from streams of their own derived from it, so that adding them left the
    /// earlier rules and flows as they were.
    pub seed: u64,
}

/// Generates a pack.
pub fn pack(options: Options) -> Pack {
    let mut rng = Rng::new(options.seed);
    let categories = Vocabulary::generate(&mut rng, "c", 500, 12, 7);
    let purposes = Vocabulary::generate(&mut rng, "p", 150, 8, 5);
    let kinds = Vocabulary::generate(&mut rng, "k", 80, 6, 4);
    let parties: Vec<Party> = (0..400)
        .map(|i| Party {
            name: format!("pty{i}"),
            kind: rng.below(kinds.len()),
            jurisdiction: JURISDICTIONS[rng.below(JURISDICTIONS.len())],
        })
        .collect();
    let agreements = (0..600)
        .map(|_| {
            let a = rng.below(parties.len());
            let b = (a + 1 + rng.below(parties.len() - 1)) % parties.len();
            Agreement {
                between: (a, b),
                purposes: (0..1 + rng.below(3))
                    .map(|_| rng.below(purposes.len()))
                    .collect(),
                data: (0..1 + rng.below(5))
                    .map(|_| rng.below(categories.len()))
                    .collect(),
            }
        })
        .collect();
    let mut pack = Pack {
        categories,
        purposes,
        kinds,
        parties,
        agreements,
        rules: Vec::with_capacity(options.rules),
        extended: options.extended,
        seed: options.seed,
    };
    for i in 0..options.rules {
        let rule = pack.rule(&mut rng, i);
        pack.rules.push(rule);
    }
    pack
}

impl Pack {
    fn rule(&self, rng: &mut Rng, i: usize) -> Rule {
        let witness = Witness {
            from: rng.below(self.parties.len()),
            to: rng.below(self.parties.len()),
            purpose: rng.below(self.purposes.len()),
            category: rng.below(self.categories.len()),
        };
        let to = &self.parties[witness.to];
        let mut atoms = vec![
            Atom::DataIncludes(self.categories.generalise(rng, witness.category)),
            Atom::PurposeWithin(vec![self.purposes.generalise(rng, witness.purpose)]),
        ];
        let mut kinds = vec![self.kinds.generalise(rng, to.kind)];
        if rng.chance(30) {
            kinds.push(rng.below(self.kinds.len()));
        }
        atoms.push(Atom::RecipientIs(kinds));
        if rng.chance(30) {
            let from = self.parties[witness.from].kind;
            atoms.push(Atom::SenderIs(self.kinds.generalise(rng, from)));
        }
        if rng.chance(25) {
            let other = JURISDICTIONS[rng.below(JURISDICTIONS.len())];
            let mut codes = vec![to.jurisdiction];
            if other != to.jurisdiction {
                codes.push(other);
            }
            atoms.push(Atom::RecipientJurisdiction(codes));
        }
        let effect = if rng.chance(20) {
            Effect::Deny
        } else {
            Effect::Allow
        };
        let mut when = Cond::All(atoms.into_iter().map(Cond::Atom).collect());
        let mut unless = None;
        let mut effect = effect;
        let mut dpia = false;
        if self.extended {
            self.extend(rng, &mut when, &mut unless, &mut effect);
            // The later constructs, from a stream of their own.
            let mut later =
                Rng::new(self.seed ^ 0x1A7E_C0DE ^ (i as u64).wrapping_mul(0x9E37_79B9));
            if let Cond::All(parts) = &mut when
                && later.chance(15)
            {
                parts.push(Cond::Atom(match later.below(3) {
                    0 => Atom::ApprovedWithin(30 + 30 * later.below(3) as u32),
                    1 => Atom::RecordsClosedMore(1 + later.below(5) as u32),
                    _ => Atom::ConsentCovers,
                }));
            }
            dpia = matches!(effect, Effect::Allow | Effect::Require) && later.chance(15);
        }
        Rule {
            name: format!("r{i:05}"),
            effect,
            when,
            unless,
            witness,
            dpia,
        }
    }

    fn extra_atom(&self, rng: &mut Rng) -> Atom {
        match rng.below(8) {
            0 => Atom::BasisIs(vec![Basis::ALL[rng.below(Basis::ALL.len())]]),
            1 => Atom::CrossBorder,
            2 => Atom::AgreementCovers,
            3 => Atom::Const(rng.chance(50)),
            4 => Atom::PurposeIs(rng.below(self.purposes.len())),
            5 => Atom::DataWithin(
                (0..1 + rng.below(3))
                    .map(|_| rng.below(self.categories.len()))
                    .collect(),
            ),
            6 => Atom::DataIncludes(rng.below(self.categories.len())),
            _ => Atom::RecipientIs(vec![rng.below(self.kinds.len())]),
        }
    }

    fn extend(&self, rng: &mut Rng, when: &mut Cond, unless: &mut Option<Cond>, e: &mut Effect) {
        if let Cond::All(parts) = when {
            for part in parts.iter_mut() {
                match rng.below(12) {
                    0 => *part = Cond::Not(Box::new(part.clone())),
                    1 => {
                        *part = Cond::Any(vec![part.clone(), Cond::Atom(self.extra_atom(rng))]);
                    }
                    _ => {}
                }
            }
            if rng.chance(30) {
                parts.push(Cond::Atom(self.extra_atom(rng)));
            }
        }
        if rng.chance(5) {
            *when = Cond::Any(vec![when.clone(), Cond::Atom(self.extra_atom(rng))]);
        }
        if rng.chance(20) {
            *unless = Some(Cond::Atom(self.extra_atom(rng)));
        }
        *e = match rng.below(10) {
            0 => Effect::Review,
            1 => Effect::Require,
            _ => *e,
        };
    }

    /// The pack as policy source files: `(file name, text)`.
    pub fn sources(&self) -> Vec<(String, String)> {
        let mut vocab = String::from("policy \"synthetic\" version \"1\"\n\n");
        for name in &self.categories.names {
            let _ = writeln!(vocab, "category {name}");
        }
        for name in &self.purposes.names {
            let _ = writeln!(vocab, "purpose {name}");
        }
        for name in &self.kinds.names {
            let _ = writeln!(vocab, "party kind {name}");
        }
        for p in &self.parties {
            let _ = writeln!(
                vocab,
                "party {} kind {} jurisdiction \"{}\"",
                p.name, self.kinds.names[p.kind], p.jurisdiction
            );
        }
        for (i, a) in self.agreements.iter().enumerate() {
            let list = |v: &Vocabulary, ids: &[usize]| {
                ids.iter()
                    .map(|&i| v.names[i].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                vocab,
                "agreement \"A-{i:04}\" between {} and {}\n  purposes {}\n  data {}\n  valid 2025-01-01 to 2027-12-31",
                self.parties[a.between.0].name,
                self.parties[a.between.1].name,
                list(&self.purposes, &a.purposes),
                list(&self.categories, &a.data),
            );
        }
        let mut rules = String::from("# The rules of the synthetic pack.\n\n");
        if self.extended {
            // The later constructs: purposes declared compatible, consent reaching them, and
            // a cited exception to purpose limitation.
            for pair in self.purposes.names.chunks(2).take(6) {
                if let [a, b] = pair {
                    let _ = writeln!(vocab, "compatible {b} with {a}");
                }
            }
            rules.push_str(
                "consent extends to compatible purposes\n  cite \"synthetic\"\n\n\
                 check builtin.purpose_limitation\n  unless approved by dpo within 90 days\n  cite \"synthetic\"\n\n",
            );
        }
        for r in &self.rules {
            let head = match r.effect {
                Effect::Allow => "allow",
                Effect::Deny => "deny",
                Effect::Review => "review",
                Effect::Require => "require",
            };
            let _ = write!(rules, "{head} \"{}\"\n  when ", r.name);
            self.write_cond(&mut rules, &r.when);
            if let Some(u) = &r.unless {
                rules.push_str("\n  unless ");
                self.write_cond(&mut rules, u);
            }
            match (r.effect, r.dpia) {
                (Effect::Review, _) => rules.push_str("\n  approval by dpo"),
                (Effect::Require, false) => rules.push_str("\n  require retain at most 30 days"),
                (Effect::Require, true) => {
                    rules.push_str("\n  require retain at most 30 days, dpia")
                }
                (Effect::Allow, true) => rules.push_str("\n  require dpia"),
                _ => {}
            }
            rules.push_str("\n  cite \"synthetic\"\n\n");
        }
        vec![
            ("vocabulary.policy".into(), vocab),
            ("rules.policy".into(), rules),
        ]
    }

    /// The facts the later constructs read, for a flow of an extended pack, from a stream of
    /// their own: dated (and expiring) approvals, the records' dates, a DPIA's reference
    /// (sometimes blank), what the data was collected for, and a consent record given for the
    /// flow's purpose or for one it is declared compatible with.
    fn later_facts(&self, flow: &mut Flow, seed: u64, i: usize) {
        let mut later = Rng::new(seed ^ 0x1A7E_F10E ^ (i as u64).wrapping_mul(0x9E37_79B9));
        for a in &mut flow.approvals {
            if later.chance(60) {
                a.at = Some(["2025-12-20", "2025-06-01", "2026-02-01"][later.below(3)].into());
                if later.chance(30) {
                    a.expires = Some(["2026-01-01", "2026-06-01"][later.below(2)].into());
                }
            }
        }
        if later.chance(30) {
            let mut records = crate::eval::flow::Records {
                collected: Some("2015-06-01".into()),
                ..Default::default()
            };
            match later.below(3) {
                0 => records.open = true,
                1 => records.closed = Some("2019-04-30".into()),
                _ => records.closed = Some("2025-11-30".into()),
            }
            flow.records = Some(records);
        }
        flow.dpia = match later.below(10) {
            0..4 => Some(crate::eval::flow::Dpia {
                reference: format!("DPIA-{i}"),
            }),
            4 => Some(crate::eval::flow::Dpia {
                reference: " ".into(),
            }),
            _ => None,
        };
        // A purpose declared compatible with another (`compatible B with A`, pairs in order).
        let index = self.purposes.names.iter().position(|p| *p == flow.purpose);
        let base = index
            .filter(|&p| p % 2 == 1 && p < 12)
            .map(|p| self.purposes.names[p - 1].clone());
        if later.chance(30) {
            flow.collected_for = Some(base.clone().unwrap_or_else(|| flow.purpose.clone()));
        }
        if flow.basis == Some(Basis::Consent) && later.chance(70) {
            let given_for = match &base {
                Some(b) if later.chance(50) => b.clone(),
                _ => flow.purpose.clone(),
            };
            let to = self.parties.iter().find(|p| p.name == flow.to);
            flow.consent = Some(crate::eval::flow::Consent {
                id: Some(format!("C-{i}")),
                status: crate::eval::flow::ConsentStatus::Given,
                purposes: vec![given_for],
                recipients: vec![flow.to.clone()],
                countries: to.map(|p| p.jurisdiction.to_owned()).into_iter().collect(),
                given_at: Some("2025-01-01".into()),
                withdrawn_at: None,
                expires_at: None,
            });
        }
    }

    fn write_cond(&self, out: &mut String, cond: &Cond) {
        let join = |out: &mut String, parts: &[Cond], op: &str| {
            out.push('(');
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(op);
                }
                self.write_cond(out, p);
            }
            out.push(')');
        };
        match cond {
            Cond::All(parts) => join(out, parts, " and "),
            Cond::Any(parts) => join(out, parts, " or "),
            Cond::Not(inner) => {
                out.push_str("not ");
                self.write_cond(out, inner);
            }
            Cond::Atom(a) => self.write_atom(out, a),
        }
    }

    fn write_atom(&self, out: &mut String, atom: &Atom) {
        let (c, p, k) = (&self.categories, &self.purposes, &self.kinds);
        let list = |v: &Vocabulary, ids: &[usize]| {
            ids.iter()
                .map(|&i| v.names[i].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = match atom {
            Atom::DataIncludes(x) => write!(out, "data includes {}", c.names[*x]),
            Atom::DataWithin(xs) => write!(out, "data within [{}]", list(c, xs)),
            Atom::PurposeWithin(xs) => write!(out, "purpose within [{}]", list(p, xs)),
            Atom::PurposeIs(x) => write!(out, "purpose is {}", p.names[*x]),
            Atom::RecipientIs(xs) => {
                let alts: Vec<String> = xs
                    .iter()
                    .map(|&x| format!("recipient is {}", k.names[x]))
                    .collect();
                write!(out, "({})", alts.join(" or "))
            }
            Atom::SenderIs(x) => write!(out, "sender is {}", k.names[*x]),
            Atom::RecipientJurisdiction(codes) => {
                let codes: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
                write!(out, "recipient jurisdiction in [{}]", codes.join(", "))
            }
            Atom::BasisIs(bs) => {
                let words: Vec<&str> = bs.iter().map(|b| b.word()).collect();
                write!(out, "basis is {}", words.join(" or "))
            }
            Atom::CrossBorder => write!(out, "cross border"),
            Atom::AgreementCovers => write!(out, "agreement covers flow"),
            Atom::Const(b) => write!(out, "{b}"),
            Atom::ApprovedWithin(days) => write!(out, "approved by dpo within {days} days"),
            Atom::RecordsClosedMore(years) => {
                write!(out, "records closed more than {years} years before")
            }
            Atom::ConsentCovers => write!(out, "consent covers flow"),
        };
    }

    /// `n` flows, deterministic from `seed`: about 60 % aimed at an allow rule, 15 % at a
    /// deny rule, 25 % random.
    pub fn flows(&self, n: usize, seed: u64) -> Vec<Flow> {
        let mut rng = Rng::new(seed ^ 0x5EED_F10E);
        let allows: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.effect == Effect::Allow)
            .collect();
        let denies: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.effect == Effect::Deny)
            .collect();
        (0..n)
            .map(|i| {
                let roll = rng.below(100);
                let aimed = match roll {
                    0..60 if !allows.is_empty() => Some(allows[rng.below(allows.len())]),
                    60..75 if !denies.is_empty() => Some(denies[rng.below(denies.len())]),
                    _ => None,
                };
                let w = aimed.map(|r| r.witness).unwrap_or_else(|| Witness {
                    from: rng.below(self.parties.len()),
                    to: rng.below(self.parties.len()),
                    purpose: rng.below(self.purposes.len()),
                    category: rng.below(self.categories.len()),
                });
                let mut data = vec![w.category];
                for _ in 0..rng.below(3) {
                    data.push(rng.below(self.categories.len()));
                }
                let (basis, approvals) = if self.extended {
                    let basis = rng
                        .chance(60)
                        .then(|| Basis::ALL[rng.below(Basis::ALL.len())]);
                    let approvals = if rng.chance(30) {
                        vec![Approval {
                            role: "dpo".into(),
                            ..Approval::default()
                        }]
                    } else {
                        Vec::new()
                    };
                    (basis, approvals)
                } else {
                    (None, Vec::new())
                };
                let mut flow = Flow {
                    id: format!("f{i:06}"),
                    at: FLOW_TIME.into(),
                    from: self.parties[w.from].name.clone(),
                    to: self.parties[w.to].name.clone(),
                    data: data
                        .into_iter()
                        .map(|c| self.categories.names[c].clone())
                        .collect(),
                    subjects: None,
                    purpose: self.purposes.names[w.purpose].clone(),
                    collected_for: None,
                    basis,
                    consent: None,
                    approvals,
                    chain: Vec::new(),
                    context: None,
                    records: None,
                    dpia: None,
                };
                if self.extended {
                    self.later_facts(&mut flow, seed, i);
                }
                flow
            })
            .collect()
    }
}
