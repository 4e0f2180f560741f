//! Rules: clause checks and lowering of conditions and obligations into the IR.

use super::agreements::{Parties, check_jurisdiction};
use super::scope::{Declared, Scope};
use super::vocab::{Vocab, unknown_level};
use crate::diagnostic::{Code, Diagnostic, Message, did_you_mean, msg};
use crate::model::{
    self, Basis, Cond, Encryption, Level, Obligation, Period, RecordEvent, Rule, Unit,
};
use crate::source::{Location, Span};
use crate::syntax::ast::{
    self, Atom, ClauseKind, CondKind, Decl, Effect, Facet, Matches, Name, ObligationKind, Sort,
};

/// Largest `k` accepted for aggregation and longest retention, in days (a century): beyond
/// these a number is certainly a typo.
const MAX_K: u64 = 1_000_000;
const MAX_DAYS: u64 = 36_500;

/// The IR atom "some term of the flow is within this one", for data or subjects.
type Includes = fn(model::TermId) -> model::Atom;
/// The IR atom "every term of the flow is within one of these", for data or subjects.
type Within = fn(Vec<model::TermId>) -> model::Atom;

pub(super) fn rules(
    files: &[ast::File],
    scope: &mut Scope<'_>,
    vocab: &Vocab,
    parties: &Parties,
) -> (Vec<Rule>, Vec<(Location, String)>) {
    let mut declared: Declared<()> = Declared::new("rule");
    let mut out: Vec<(Rule, (Location, String))> = Vec::new();
    for decl in files.iter().flat_map(|f| &f.decls) {
        let Decl::Rule(r) = decl else { continue };
        if !declared.declare(scope, &r.name.value, r.name.span, ()) {
            continue;
        }
        let mut lower = Lower {
            scope,
            vocab,
            parties,
        };
        if let Some(rule) = lower.rule(r) {
            let at = lower.scope.sources.location(r.span);
            let text = lower.scope.sources.text(r.span).to_owned();
            out.push((rule, (at, text)));
        }
    }
    out.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    out.into_iter().unzip()
}

/// Lowers a condition written outside a rule (a check's exception), reporting what is wrong
/// with it as a rule's condition would be.
pub(super) fn condition(
    scope: &mut Scope<'_>,
    vocab: &Vocab,
    parties: &Parties,
    cond: &ast::Cond,
) -> Option<Cond> {
    Lower {
        scope,
        vocab,
        parties,
    }
    .cond(cond)
}

struct Lower<'s, 'a> {
    scope: &'s mut Scope<'a>,
    vocab: &'s Vocab,
    parties: &'s Parties,
}

impl Lower<'_, '_> {
    fn rule(&mut self, r: &ast::RuleDecl) -> Option<Rule> {
        // A rule has a handful of clauses: a list beats hashing (this runs for every rule).
        let mut seen: smallvec::SmallVec<[(&'static str, Span); 6]> = smallvec::SmallVec::new();
        let mut when = None;
        let mut unless = None;
        let mut obligations = Vec::new();
        let mut approval = None;
        let mut cite = None;
        let mut ok = true;
        for clause in &r.clauses {
            let key = clause.kind.keyword();
            let previous = match seen.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => Some(std::mem::replace(&mut entry.1, clause.span)),
                None => {
                    seen.push((key, clause.span));
                    None
                }
            };
            if let Some(first) = previous {
                self.scope.push(
                    Diagnostic::error(
                        Code::DuplicateClause,
                        msg!("diag-clause-twice", "rule" => &r.name.value, "key" => key),
                    )
                    .at(clause.span, msg!("diag-label-second-clause"))
                    .also(first, msg!("diag-label-first-clause"))
                    .help(match key {
                        "when" | "unless" => msg!("diag-help-join-conditions", "key" => key),
                        "require" => msg!("diag-help-one-require"),
                        _ => msg!("diag-help-keep-one", "key" => key),
                    }),
                );
                ok = false;
                continue;
            }
            match &clause.kind {
                ClauseKind::When(c) => when = self.cond(c),
                ClauseKind::Unless(c) => unless = self.cond(c),
                ClauseKind::Require(os) => {
                    if !matches!(r.effect, Effect::Allow | Effect::Require) {
                        self.scope.push(
                            Diagnostic::error(
                                Code::MisplacedClause,
                                msg!("diag-no-obligations", "effect" => r.effect.keyword()),
                            )
                            .at(clause.span, msg!("diag-label-obligations-allowed-only"))
                            .help(msg!("diag-help-move-obligations")),
                        );
                        ok = false;
                    }
                    obligations = os.iter().filter_map(|o| self.obligation(o)).collect();
                }
                ClauseKind::Approval(role) => {
                    if r.effect != Effect::Review {
                        self.scope.push(
                            Diagnostic::error(
                                Code::MisplacedClause,
                                msg!("diag-approval-not-review", "effect" => r.effect.keyword()),
                            )
                            .at(clause.span, msg!("diag-label-not-allowed"))
                            .help(msg!("diag-help-approved-by")),
                        );
                        ok = false;
                    }
                    approval = Some(role.text.clone());
                }
                ClauseKind::Cite(c) => cite = Some(c.value.clone()),
            }
        }
        let name_span = r.name.span;
        let has = |keyword: &str| seen.iter().any(|(k, _)| *k == keyword);
        if !has("when") {
            self.scope.push(
                Diagnostic::error(
                    Code::MissingClause,
                    msg!("diag-no-when", "rule" => &r.name.value),
                )
                .at(name_span, msg!("diag-label-no-when"))
                .help(msg!("diag-help-add-when")),
            );
            ok = false;
        }
        if r.effect == Effect::Review && !has("approval by") {
            self.scope.push(
                Diagnostic::error(
                    Code::MissingClause,
                    msg!("diag-no-approver", "rule" => &r.name.value),
                )
                .at(name_span, msg!("diag-label-no-approver"))
                .help(msg!("diag-help-add-approval")),
            );
            ok = false;
        }
        if r.effect == Effect::Require && !has("require") {
            self.scope.push(
                Diagnostic::error(
                    Code::MissingClause,
                    msg!("diag-no-obligation", "rule" => &r.name.value),
                )
                .at(name_span, msg!("diag-label-nothing-required"))
                .help(msg!("diag-help-add-require")),
            );
            ok = false;
        }
        if cite.is_none() {
            self.scope.push(
                Diagnostic::warning(
                    Code::MissingCite,
                    msg!("diag-no-cite", "rule" => &r.name.value),
                )
                .at(name_span, msg!("diag-label-no-cite"))
                .help(msg!("diag-help-add-cite")),
            );
        }
        let when = when?;
        if !ok {
            return None;
        }
        Some(Rule {
            name: r.name.value.clone(),
            effect: r.effect,
            when,
            unless,
            obligations,
            approval,
            cite,
        })
    }

    fn cond(&mut self, c: &ast::Cond) -> Option<Cond> {
        Some(match &c.kind {
            CondKind::Or(parts) => Cond::Or(self.all(parts)?),
            CondKind::And(parts) => Cond::And(self.all(parts)?),
            CondKind::Not { inner, .. } => Cond::Not(Box::new(self.cond(inner)?)),
            CondKind::Atom(atom) => self.atom(atom)?,
        })
    }

    /// A set condition (`data any of [..]` and the others), lowered to the atoms it means so
    /// that every tool that reads conditions (evaluation, the rule index, explanations,
    /// remedies, lint, diff, coverage) reads it too. With `L` the list, a term of the flow
    /// *matches* when it is within one of `L`:
    ///
    /// | written | lowered (data; subjects alike) | purpose (always one) |
    /// |---|---|---|
    /// | `any of L` | `data includes l1 or … or data includes ln` (false for `[]`) | `purpose within L` |
    /// | `all of L` | `data within L and not data within []` | `purpose within L` |
    /// | `none of L` | `not (any of L) and not data within []` | `purpose not within L` |
    /// | `other than L` | `data not within L` | `purpose not within L` |
    ///
    /// Over purposes, an empty list is `false` for `any of` and `all of`, `true` for the others.
    ///
    /// `data within []` holds exactly when the flow carries no category, so `not data within
    /// []` says "carries some": Fides finds no violation in an empty list for any `matches`.
    fn matches(&mut self, facet: Facet, matches: Matches, names: &[Name]) -> Option<Cond> {
        use model::Atom as M;
        let atom = |a: M| Cond::Atom(a);
        let not = |c: Cond| Cond::Not(Box::new(c));
        let (includes, within): (Includes, Within) = match facet {
            Facet::Data => (M::DataIncludes, M::DataWithin),
            Facet::Subjects => (M::SubjectsInclude, M::SubjectsWithin),
            Facet::Purpose => {
                // A flow has one purpose: `all of` is `any of`, `other than` is `none of`.
                // An empty list matches no purpose.
                let list = self.terms(Sort::Purpose, names)?;
                let negated = matches!(matches, Matches::None | Matches::Other);
                return Some(if list.is_empty() {
                    atom(M::Const(negated))
                } else if negated {
                    not(atom(M::PurposeWithin(list)))
                } else {
                    atom(M::PurposeWithin(list))
                });
            }
        };
        let sort = match facet {
            Facet::Data => Sort::Category,
            _ => Sort::Subject,
        };
        let mut list = self.terms(sort, names)?;
        list.sort_unstable();
        list.dedup();
        let some = || not(atom(within(Vec::new())));
        let any = |list: &[model::TermId]| match list {
            [] => atom(M::Const(false)),
            [one] => atom(includes(*one)),
            many => Cond::Or(many.iter().map(|&t| atom(includes(t))).collect()),
        };
        Some(match matches {
            Matches::Any => any(&list),
            Matches::All => Cond::And(vec![atom(within(list)), some()]),
            Matches::None => Cond::And(vec![not(any(&list)), some()]),
            Matches::Other => not(atom(within(list))),
        })
    }

    /// Lowers every part (so that every error is reported) and fails if any failed.
    fn all(&mut self, parts: &[ast::Cond]) -> Option<Vec<Cond>> {
        let lowered: Vec<Option<Cond>> = parts.iter().map(|p| self.cond(p)).collect();
        lowered.into_iter().collect()
    }

    fn term(&mut self, sort: Sort, name: &Name) -> Option<model::TermId> {
        self.vocab.resolve(self.scope, sort, name)
    }

    fn terms(&mut self, sort: Sort, names: &[Name]) -> Option<Vec<model::TermId>> {
        // Only errors fail the list: a deprecated term is a warning and still resolves.
        let errors = |s: &Scope<'_>| s.diagnostics.iter().filter(|d| d.is_error()).count();
        let before = errors(self.scope);
        let ids = self.vocab.resolve_all(self.scope, sort, names);
        (errors(self.scope) == before).then_some(ids)
    }

    /// One atom as written: most lower to one atom of the IR, a set condition to several.
    fn atom(&mut self, atom: &Atom) -> Option<Cond> {
        use model::Atom as M;
        Some(Cond::Atom(match atom {
            Atom::DataIncludes(n) => M::DataIncludes(self.term(Sort::Category, n)?),
            Atom::DataWithin(ns) => M::DataWithin(self.terms(Sort::Category, ns)?),
            Atom::DataSensitivity(cmp, level) => match Level::from_word(&level.text) {
                Some(l) => M::DataSensitivity(*cmp, l),
                None => {
                    self.scope.push(unknown_level(level));
                    return None;
                }
            },
            Atom::SubjectsInclude(n) => M::SubjectsInclude(self.term(Sort::Subject, n)?),
            Atom::SubjectsWithin(ns) => M::SubjectsWithin(self.terms(Sort::Subject, ns)?),
            Atom::PurposeIs(n) => M::PurposeIs(self.term(Sort::Purpose, n)?),
            Atom::PurposeWithin(ns) => M::PurposeWithin(self.terms(Sort::Purpose, ns)?),
            Atom::PurposeCompatible => M::PurposeCompatible,
            Atom::CollectedWithin(ns) => M::CollectedWithin(self.terms(Sort::Purpose, ns)?),
            Atom::PartyIs(role, n) => {
                // A kind (`recipient is state_authority`) or a named party (`recipient is police_x`).
                if let Some(kind) = self.vocab.kinds.taxonomy.id(&n.text) {
                    M::PartyKind(*role, kind)
                } else if let Some(&party) = self.parties.index.get(&n.text) {
                    M::PartyIs(*role, party)
                } else {
                    let candidates = self
                        .vocab
                        .kinds
                        .taxonomy
                        .names()
                        .chain(self.parties.index.keys().map(String::as_str));
                    self.scope.unknown(
                        "diag-sort-kind-or-party",
                        &n.text,
                        n.span,
                        candidates,
                        "party kind",
                    );
                    return None;
                }
            }
            Atom::PartyJurisdiction(role, codes) => {
                let mut out = Vec::new();
                for code in codes {
                    out.push(check_jurisdiction(self.scope, code)?);
                }
                out.sort();
                out.dedup();
                M::Jurisdiction(*role, out)
            }
            Atom::PartyHas(role, flag) => M::HasFlag(*role, flag.text.clone()),
            Atom::BasisIs(names) => {
                let mut bases = Vec::new();
                for n in names {
                    match Basis::from_word(&n.text) {
                        Some(b) => bases.push(b),
                        None => {
                            let words = Basis::ALL.map(Basis::word);
                            let help = match did_you_mean(&n.text, words) {
                                Some(w) => msg!("diag-help-did-you-mean", "name" => w),
                                None => msg!(
                                    "diag-help-bases",
                                    "bases" => words.map(|w| format!("`{w}`")).join(", ")
                                ),
                            };
                            self.scope.push(
                                Diagnostic::error(
                                    Code::UnknownBasis,
                                    msg!("diag-unknown-basis", "basis" => &n.text),
                                )
                                .at(n.span, msg!("diag-label-not-basis"))
                                .help(help),
                            );
                            return None;
                        }
                    }
                }
                bases.sort();
                bases.dedup();
                M::BasisIs(bases)
            }
            Atom::ConsentCovers => M::ConsentCovers,
            Atom::AgreementCovers => M::AgreementCovers,
            Atom::AgreementAllowsOnward => M::AgreementAllowsOnward,
            Atom::ApprovedBy(role) => M::ApprovedBy(role.text.clone()),
            Atom::ApprovedWithin(role, period) => {
                M::ApprovedWithin(role.text.clone(), self.period(period)?)
            }
            Atom::RecordsOlder(event, period) => {
                let Some(e) = RecordEvent::from_word(&event.text) else {
                    let words = RecordEvent::ALL.map(RecordEvent::word);
                    let help = match did_you_mean(&event.text, words) {
                        Some(w) => msg!("diag-help-did-you-mean", "name" => w),
                        None => msg!("diag-help-records-words"),
                    };
                    self.scope.push(
                        Diagnostic::error(
                            Code::BadKeyword,
                            msg!("diag-bad-records", "word" => &event.text),
                        )
                        .at(event.span, msg!("diag-label-records-words"))
                        .help(help),
                    );
                    return None;
                };
                M::RecordsOlder(e, self.period(period)?)
            }
            Atom::SameOrganisation => M::SameOrganisation,
            Atom::CrossBorder => M::CrossBorder,
            Atom::InternationalTransfer => M::InternationalTransfer,
            Atom::OnwardTransfer => M::OnwardTransfer,
            Atom::ResponseIs(r) => M::ResponseIs(r.value.clone()),
            Atom::Const(b) => M::Const(*b),
            Atom::Matches(facet, matches, names) => return self.matches(*facet, *matches, names),
        }))
    }

    /// A period as written: a known unit and a number from 1 to a century of that unit.
    fn period(&mut self, p: &ast::PeriodText) -> Option<Period> {
        let Some(unit) = Unit::from_word(&p.unit.text) else {
            let words = ["days", "months", "years"];
            let help = match did_you_mean(&p.unit.text, words) {
                Some(w) => msg!("diag-help-did-you-mean", "name" => w),
                None => msg!("diag-help-units"),
            };
            self.scope.push(
                Diagnostic::error(
                    Code::BadKeyword,
                    msg!("diag-bad-unit", "word" => &p.unit.text),
                )
                .at(p.unit.span, msg!("diag-label-units"))
                .help(help),
            );
            return None;
        };
        let max = match unit {
            Unit::Days => 36_500,
            Unit::Months => 1_200,
            Unit::Years => 100,
        };
        let what = match unit {
            Unit::Days => "diag-what-days",
            Unit::Months => "diag-what-months",
            Unit::Years => "diag-what-years",
        };
        let amount = self.number(&p.amount, 1, max, what)?;
        Some(Period { amount, unit })
    }

    /// `what` is the message id of what the number counts (`diag-what-…`).
    fn number(&mut self, num: &ast::Num, min: u64, max: u64, what: &'static str) -> Option<u32> {
        match num.text.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n as u32),
            _ => {
                self.scope.push(
                    Diagnostic::error(
                        Code::BadNumber,
                        msg!(
                            "diag-number-out-of-range",
                            "what" => Message::new(what),
                            "min" => min,
                            "max" => max,
                            "value" => &num.text
                        ),
                    )
                    .at(num.span, msg!("diag-label-out-of-range"))
                    .help(msg!("diag-help-number-range", "min" => min, "max" => max)),
                );
                None
            }
        }
    }

    /// A percentage (`3%`, `2.5%`) in hundredths of a percent, between `min` and `max`.
    fn percent(&mut self, num: &ast::Num, min: u32, max: u32, what: &'static str) -> Option<u32> {
        let digits = num.text.trim_end_matches('%');
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let bp = match (whole.parse::<u32>(), frac.len()) {
            (Ok(w), 0..=2) if w <= 100 => {
                let f = format!("{frac:0<2}").parse::<u32>().unwrap_or(0);
                Some(w * 100 + f)
            }
            _ => None,
        };
        match bp {
            Some(bp) if (min..=max).contains(&bp) => Some(bp),
            _ => {
                let (lo, hi) = (
                    crate::model::percent_text(min),
                    crate::model::percent_text(max),
                );
                self.scope.push(
                    Diagnostic::error(
                        Code::BadNumber,
                        msg!(
                            "diag-number-out-of-range",
                            "what" => Message::new(what),
                            "min" => &lo,
                            "max" => &hi,
                            "value" => &num.text
                        ),
                    )
                    .at(num.span, msg!("diag-label-out-of-range"))
                    .help(msg!("diag-help-percent-range", "min" => lo, "max" => hi)),
                );
                None
            }
        }
    }

    fn obligation(&mut self, o: &ast::Obligation) -> Option<Obligation> {
        Some(match &o.kind {
            ObligationKind::Minimize(ns) => Obligation::Minimize(self.terms(Sort::Category, ns)?),
            ObligationKind::Pseudonymize(ns) => {
                Obligation::Pseudonymize(self.terms(Sort::Category, ns)?)
            }
            ObligationKind::Aggregate(by, k) => {
                let k = self.number(k, 2, MAX_K, "diag-what-cell-size")?;
                let mut by: Vec<String> = by.iter().map(|n| n.text.clone()).collect();
                by.sort();
                by.dedup();
                Obligation::Aggregate { by, k }
            }
            ObligationKind::Retain(days) => {
                Obligation::Retain(self.number(days, 1, MAX_DAYS, "diag-what-retention")?)
            }
            ObligationKind::Encrypt(mode) => match mode.text.as_str() {
                "at_rest" => Obligation::Encrypt(Encryption::AtRest),
                "in_transit" => Obligation::Encrypt(Encryption::InTransit),
                other => {
                    let help = match did_you_mean(other, ["at_rest", "in_transit"]) {
                        Some(w) => msg!("diag-help-did-you-mean", "name" => w),
                        None => msg!("diag-help-encrypt-words"),
                    };
                    self.scope.push(
                        Diagnostic::error(
                            Code::BadKeyword,
                            msg!("diag-bad-encrypt", "word" => other),
                        )
                        .at(mode.span, msg!("diag-label-encrypt-words"))
                        .help(help),
                    );
                    return None;
                }
            },
            ObligationKind::NoOnwardTransfer => Obligation::NoOnwardTransfer,
            ObligationKind::NoOnwardTransferOutside(scope) => {
                Obligation::NoOnwardTransferOutside(match scope {
                    ast::OnwardScope::Organisation => model::OnwardScope::Organisation,
                    ast::OnwardScope::Network(flag) => {
                        model::OnwardScope::Network(flag.text.clone())
                    }
                })
            }
            ObligationKind::Notify(role) => Obligation::Notify(role.text.clone()),
            ObligationKind::KeysHeldBy(holder) => match holder.text.as_str() {
                "sender" => Obligation::KeysHeldBySender,
                other => {
                    let help = match did_you_mean(other, ["sender"]) {
                        Some(w) => msg!("diag-help-did-you-mean", "name" => w),
                        None => msg!("diag-help-keys-held"),
                    };
                    self.scope.push(
                        Diagnostic::error(
                            Code::BadKeyword,
                            msg!("diag-bad-key-custody", "word" => other),
                        )
                        .at(holder.span, msg!("diag-label-expected-sender"))
                        .help(help),
                    );
                    return None;
                }
            },
            ObligationKind::NoReidentification => Obligation::NoReidentification,
            ObligationKind::Dpia => Obligation::Dpia,
            ObligationKind::KAnonymity {
                on,
                k,
                max_suppressed,
            } => {
                let terms = self.terms(Sort::Category, on);
                let k = self.number(k, 2, MAX_K, "diag-what-class-size");
                let share = match max_suppressed {
                    Some(p) => Some(Some(self.percent(p, 0, 10_000, "diag-what-suppressed")?)),
                    None => Some(None),
                };
                let mut on = terms?;
                on.sort_unstable();
                on.dedup();
                Obligation::KAnonymity {
                    on,
                    k: k?,
                    max_suppressed: share?,
                }
            }
            ObligationKind::ReidentificationRisk { max, on } => {
                let terms = self.terms(Sort::Category, on);
                let max = self.percent(max, 1, 10_000, "diag-what-risk");
                let mut on = terms?;
                on.sort_unstable();
                on.dedup();
                Obligation::ReidentificationRisk { on, max: max? }
            }
        })
    }
}
