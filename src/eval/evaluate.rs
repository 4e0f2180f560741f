//! The one three-valued evaluator. A condition is walked once, in Kleene logic; what the walk
//! records depends on who asks ([`Recorder`]): nothing for a verdict (and the walk stops at
//! the first deciding part), the facts that decided for a decision's deciding rules, the full
//! tree for an explanation (and then every part is evaluated, so that each shows its value).
//! `and`, `or` and `not` are written here and nowhere else.

use super::atoms::{CondTrace, Ctx, Node, Truth};
use crate::model::{Atom, Cond};
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
