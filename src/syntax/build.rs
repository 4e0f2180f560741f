//! pest pairs → AST. The grammar guarantees the shapes matched here; where a shape is
//! unexpected anyway (a grammar change not followed here) the builder records an error
//! rather than panicking.

use super::ast::*;
use super::extent::Extents;
use super::grammar::Rule;
use crate::diagnostic::{Code, Diagnostic, Message, msg};
use crate::source::{FileId, Span};
use pest::iterators::{Pair, Pairs};

type P<'a> = Pair<'a, Rule>;

pub(super) struct Builder {
    file: FileId,
    /// Where the text being built starts in its file: a piece of a large file (see
    /// `pieces.rs`) is parsed on its own, and its spans are moved back into place.
    offset: usize,
    extents: Extents,
    pub diagnostics: Vec<Diagnostic>,
}

/// Keyword tokens carry no information beyond their position; the builder skips them.
/// Which rules are keywords is worked out once from their names (`kw_…`).
fn is_keyword(rule: Rule) -> bool {
    static KEYWORDS: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let table = KEYWORDS.get_or_init(|| {
        let mut table = vec![false; Rule::all_rules().len()];
        for &r in Rule::all_rules() {
            if let Some(slot) = table.get_mut(r as usize) {
                *slot = format!("{r:?}").starts_with("kw_");
            }
        }
        table
    });
    table.get(rule as usize).copied().unwrap_or(false)
}

fn children(pair: P<'_>) -> impl Iterator<Item = P<'_>> {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

impl Builder {
    /// A builder for `text`, which the grammar has accepted and which starts `offset` bytes
    /// into its file.
    pub fn new(file: FileId, text: &str, offset: usize) -> Self {
        Builder {
            file,
            offset,
            extents: Extents::new(text),
            diagnostics: Vec::new(),
        }
    }

    /// The pair's span, ending at its last token: pest's span of a rule that ends in `*` or
    /// `?` also covers the whitespace and comments skipped while trying one more repetition.
    fn span(&self, pair: &P<'_>) -> Span {
        let s = pair.as_span();
        let end = self.extents.trim(s.start(), s.end());
        Span::new(self.file, self.offset + s.start(), self.offset + end)
    }

    fn internal(&mut self, pair: &P<'_>, what: &'static str) {
        let span = self.span(pair);
        self.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                msg!("diag-internal", "what" => Message::new(what)),
            )
            .at(span, msg!("diag-label-unexpected-shape"))
            .note(msg!("diag-note-parser-bug")),
        );
    }

    pub fn file(&mut self, mut pairs: Pairs<'_, Rule>) -> File {
        let mut out = File {
            id: self.file,
            header: None,
            decls: Vec::new(),
        };
        let Some(file) = pairs.next() else {
            return out;
        };
        for pair in children(file) {
            match pair.as_rule() {
                Rule::policy_header | Rule::vocabulary_header => {
                    let kind = if pair.as_rule() == Rule::policy_header {
                        HeaderKind::Policy
                    } else {
                        HeaderKind::Vocabulary
                    };
                    let span = self.span(&pair);
                    let mut strings = children(pair).map(|p| self.string(p));
                    let name = strings.next();
                    let version = strings.next();
                    if let Some(name) = name {
                        out.header = Some(Header {
                            kind,
                            name,
                            version,
                            span,
                        });
                    }
                }
                Rule::EOI => {}
                _ => {
                    if let Some(decl) = self.decl(pair) {
                        out.decls.push(decl);
                    }
                }
            }
        }
        out
    }

    fn decl(&mut self, pair: P<'_>) -> Option<Decl> {
        let span = self.span(&pair);
        Some(match pair.as_rule() {
            Rule::use_vocabulary => Decl::UseVocabulary(self.string(children(pair).next()?), span),
            Rule::use_file => Decl::UseFile(self.string(children(pair).next()?), span),
            Rule::category_decl | Rule::subject_decl | Rule::purpose_decl | Rule::kind_decl => {
                let sort = match pair.as_rule() {
                    Rule::category_decl => Sort::Category,
                    Rule::subject_decl => Sort::Subject,
                    Rule::purpose_decl => Sort::Purpose,
                    _ => Sort::Kind,
                };
                let mut inner = children(pair);
                let name = self.name(inner.next()?);
                let mut attrs = Vec::new();
                for attr in inner {
                    let aspan = self.span(&attr);
                    attrs.push(match attr.as_rule() {
                        Rule::under_attr => TermAttr::Under(self.names(attr), aspan),
                        Rule::sensitivity_attr => {
                            TermAttr::Sensitivity(self.name(children(attr).next()?), aspan)
                        }
                        Rule::hxl_attr => {
                            TermAttr::Hxl(self.strings(children(attr).next()?), aspan)
                        }
                        Rule::personal_attr => TermAttr::Personal(aspan),
                        Rule::deprecated_attr => {
                            TermAttr::Deprecated(children(attr).next().map(|n| self.name(n)), aspan)
                        }
                        _ => {
                            self.internal(&attr, "diag-part-term-attribute");
                            continue;
                        }
                    });
                }
                Decl::Term(TermDecl {
                    sort,
                    name,
                    attrs,
                    span,
                })
            }
            Rule::compatible_decl => {
                let mut inner = children(pair);
                let purpose = self.name(inner.next()?);
                let with = self.name(inner.next()?);
                Decl::Compatible(CompatibleDecl {
                    purpose,
                    with,
                    span,
                })
            }
            Rule::hxl_decl => {
                let mut inner = children(pair);
                let tags = self.strings(inner.next()?);
                let category = self.name(inner.next()?);
                Decl::Hashtags(HashtagsDecl {
                    tags,
                    category,
                    span,
                })
            }
            Rule::check_decl => {
                let mut inner = children(pair);
                let check = self.name(inner.next()?);
                let mut next = inner.next()?;
                let mut unless = None;
                if next.as_rule() == Rule::unless_clause {
                    let cspan = self.span(&next);
                    let cond = self.condition(children(next).next()?)?;
                    unless = Some(Clause {
                        kind: ClauseKind::Unless(cond),
                        span: cspan,
                    });
                    next = inner.next()?;
                }
                let cite_clause = self.span(&next);
                let cite = self.string(children(next).next()?);
                Decl::CheckCite(CheckCiteDecl {
                    check,
                    cite,
                    unless,
                    cite_clause,
                    span,
                })
            }
            Rule::consent_decl => {
                let cite = match children(pair).next() {
                    Some(clause) => {
                        let cspan = self.span(&clause);
                        Some((self.string(children(clause).next()?), cspan))
                    }
                    None => None,
                };
                Decl::ConsentExtends(ConsentExtendsDecl {
                    cite_clause: cite.as_ref().map(|(_, s)| *s),
                    cite: cite.map(|(c, _)| c),
                    span,
                })
            }
            Rule::party_decl => {
                let mut inner = children(pair);
                let name = self.name(inner.next()?);
                let mut attrs = Vec::new();
                for attr in inner {
                    let aspan = self.span(&attr);
                    let rule = attr.as_rule();
                    let value = children(attr.clone()).next()?;
                    attrs.push(match rule {
                        Rule::party_kind => PartyAttr::Kind(self.name(value), aspan),
                        Rule::party_jurisdiction => {
                            PartyAttr::Jurisdiction(self.string(value), aspan)
                        }
                        Rule::party_organisation => {
                            PartyAttr::Organisation(self.name(value), aspan)
                        }
                        Rule::party_flags => PartyAttr::Flags(self.names(attr), aspan),
                        _ => {
                            self.internal(&attr, "diag-part-party-attribute");
                            continue;
                        }
                    });
                }
                Decl::Party(PartyDecl { name, attrs, span })
            }
            Rule::agreement_decl => {
                let mut inner = children(pair);
                let id = self.string(inner.next()?);
                let parties_pair = inner.next()?;
                let directed = parties_pair.as_rule() == Rule::agreement_directed;
                let parties = children(parties_pair).map(|p| self.name(p)).collect();
                let mut attrs = Vec::new();
                for attr in inner {
                    let aspan = self.span(&attr);
                    attrs.push(match attr.as_rule() {
                        Rule::agreement_purposes => {
                            AgreementAttr::Purposes(self.names(attr), aspan)
                        }
                        Rule::agreement_data => AgreementAttr::Data(self.names(attr), aspan),
                        Rule::agreement_subjects => {
                            AgreementAttr::Subjects(self.names(attr), aspan)
                        }
                        Rule::agreement_valid => {
                            let mut dates = children(attr);
                            let from = self.name(dates.next()?);
                            let to = self.name(dates.next()?);
                            AgreementAttr::Valid(from, to, aspan)
                        }
                        Rule::agreement_onward => {
                            AgreementAttr::Onward(self.name(children(attr).next()?), aspan)
                        }
                        Rule::agreement_document => {
                            AgreementAttr::Document(self.string(children(attr).next()?), aspan)
                        }
                        Rule::agreement_suspended => {
                            let mut from = None;
                            let mut to = None;
                            let mut because = None;
                            let mut cite = None;
                            for part in children(attr) {
                                match part.as_rule() {
                                    Rule::date if from.is_none() => from = Some(self.name(part)),
                                    Rule::date => to = Some(self.name(part)),
                                    Rule::suspension_because => {
                                        because = Some(self.string(children(part).next()?))
                                    }
                                    Rule::suspension_cite => {
                                        cite = Some(self.string(children(part).next()?))
                                    }
                                    _ => {}
                                }
                            }
                            AgreementAttr::Suspended(Suspended {
                                from: from?,
                                to,
                                because,
                                cite,
                                span: aspan,
                            })
                        }
                        _ => {
                            self.internal(&attr, "diag-part-agreement-attribute");
                            continue;
                        }
                    });
                }
                Decl::Agreement(AgreementDecl {
                    id,
                    parties,
                    directed,
                    attrs,
                    span,
                })
            }
            Rule::classification_decl => {
                let mut inner = children(pair);
                let name = self.string(inner.next()?);
                let response = self.string(inner.next()?);
                let mut entries = Vec::new();
                let mut combinations = Vec::new();
                for entry in inner {
                    let mut names: Vec<Name> = children(entry).map(|p| self.name(p)).collect();
                    let level = names.pop()?;
                    if names.len() == 1 {
                        entries.push((names.pop()?, level));
                    } else {
                        combinations.push((names, level));
                    }
                }
                Decl::Classification(ClassificationDecl {
                    name,
                    response,
                    entries,
                    combinations,
                    span,
                })
            }
            Rule::declared_decl => {
                let mut inner = children(pair);
                let what = inner.next()?;
                let sort = match what.as_rule() {
                    Rule::declared_role => DeclaredSort::Role,
                    Rule::declared_flag => DeclaredSort::Flag,
                    Rule::declared_dimension => DeclaredSort::Dimension,
                    _ => DeclaredSort::Response,
                };
                let value = children(what).next()?;
                let name = if sort == DeclaredSort::Response {
                    let text = self.string(value);
                    Name {
                        text: text.value,
                        span: text.span,
                    }
                } else {
                    self.name(value)
                };
                let description = inner.next().map(|d| self.string(d));
                Decl::Declared(DeclaredDecl {
                    sort,
                    name,
                    description,
                    span,
                })
            }
            Rule::rule_decl => Decl::Rule(self.rule(pair)?),
            _ => {
                self.internal(&pair, "diag-part-declaration");
                return None;
            }
        })
    }

    fn rule(&mut self, pair: P<'_>) -> Option<RuleDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let effect = match inner.next()?.as_str() {
            "allow" => Effect::Allow,
            "deny" => Effect::Deny,
            "review" => Effect::Review,
            _ => Effect::Require,
        };
        let name = self.string(inner.next()?);
        let mut clauses = Vec::new();
        for clause in inner {
            let cspan = self.span(&clause);
            let kind = match clause.as_rule() {
                Rule::when_clause => ClauseKind::When(self.condition(children(clause).next()?)?),
                Rule::unless_clause => {
                    ClauseKind::Unless(self.condition(children(clause).next()?)?)
                }
                Rule::require_clause => {
                    let mut obligations = Vec::new();
                    for o in children(clause) {
                        obligations.push(self.obligation(o)?);
                    }
                    ClauseKind::Require(obligations)
                }
                Rule::approval_clause => ClauseKind::Approval(self.name(children(clause).next()?)),
                Rule::cite_clause => ClauseKind::Cite(self.string(children(clause).next()?)),
                _ => {
                    self.internal(&clause, "diag-part-rule-clause");
                    continue;
                }
            };
            clauses.push(Clause { kind, span: cspan });
        }
        Some(RuleDecl {
            effect,
            name,
            clauses,
            span,
        })
    }

    fn condition(&mut self, pair: P<'_>) -> Option<Cond> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::condition | Rule::conjunction => {
                let is_or = pair.as_rule() == Rule::condition;
                let mut parts = Vec::new();
                for p in children(pair) {
                    parts.push(self.condition(p)?);
                }
                if parts.len() == 1 {
                    return parts.pop();
                }
                let kind = if is_or {
                    CondKind::Or(parts)
                } else {
                    CondKind::And(parts)
                };
                Some(Cond { kind, span })
            }
            Rule::negation => {
                let mut nots = 0;
                let mut inner = None;
                for p in children(pair) {
                    if p.as_rule() == Rule::not_op {
                        nots += 1;
                    } else {
                        inner = Some(self.condition(p)?);
                    }
                }
                let mut cond = inner?;
                for _ in 0..nots {
                    cond = Cond {
                        kind: CondKind::Not {
                            inner: Box::new(cond),
                            inline: false,
                        },
                        span,
                    };
                }
                Some(cond)
            }
            _ => self.atom(pair),
        }
    }

    fn atom(&mut self, pair: P<'_>) -> Option<Cond> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut negated = false;
        let mut role = Role::Recipient;
        let mut names = Vec::new();
        let mut strings = Vec::new();
        let mut comparison = Comparison::Is;
        let mut constant = false;
        let mut matches = Matches::Any;
        let mut period = None;
        for p in pair.clone().into_inner() {
            match p.as_rule() {
                Rule::negated => negated = true,
                Rule::role => {
                    role = if p.as_str().starts_with("sender") {
                        Role::Sender
                    } else {
                        Role::Recipient
                    }
                }
                Rule::name | Rule::ident => names.push(self.name(p)),
                Rule::name_list | Rule::bracket_list => {
                    names.extend(children(p).map(|n| self.name(n)))
                }
                Rule::string => strings.push(self.string(p)),
                Rule::string_list => strings.extend(children(p).map(|s| self.string(s))),
                Rule::comparison => {
                    comparison = match children(p).next().map(|c| c.as_rule()) {
                        Some(Rule::at_least) => Comparison::AtLeast,
                        Some(Rule::at_most) => Comparison::AtMost,
                        Some(Rule::above) => Comparison::Above,
                        Some(Rule::below) => Comparison::Below,
                        _ => Comparison::Is,
                    }
                }
                Rule::kw_true => constant = true,
                Rule::set_match => {
                    matches = match children(p).next().map(|c| c.as_rule()) {
                        Some(Rule::match_all) => Matches::All,
                        Some(Rule::match_none) => Matches::None,
                        Some(Rule::match_other) => Matches::Other,
                        _ => Matches::Any,
                    }
                }
                Rule::period => {
                    let mut parts = children(p);
                    let amount = parts.next().map(|n| Num {
                        text: n.as_str().to_owned(),
                        span: self.span(&n),
                    });
                    let unit = parts.next().map(|u| self.name(u));
                    period = amount
                        .zip(unit)
                        .map(|(amount, unit)| PeriodText { amount, unit });
                }
                _ => {}
            }
        }
        let first = names.first().cloned();
        let atom = match rule {
            Rule::data_includes => Atom::DataIncludes(first?),
            Rule::data_within => Atom::DataWithin(names),
            Rule::data_sensitivity => Atom::DataSensitivity(comparison, first?),
            Rule::subjects_include => Atom::SubjectsInclude(first?),
            Rule::subjects_within => Atom::SubjectsWithin(names),
            Rule::purpose_is => Atom::PurposeIs(first?),
            Rule::purpose_within => Atom::PurposeWithin(names),
            Rule::purpose_compatible => Atom::PurposeCompatible,
            Rule::collected_within => Atom::CollectedWithin(names),
            Rule::party_is => Atom::PartyIs(role, first?),
            Rule::party_jurisdiction_in => Atom::PartyJurisdiction(role, strings),
            Rule::party_has => Atom::PartyHas(role, first?),
            Rule::basis_is => Atom::BasisIs(names),
            Rule::consent_covers => Atom::ConsentCovers,
            Rule::agreement_covers => Atom::AgreementCovers,
            Rule::agreement_allows_onward => Atom::AgreementAllowsOnward,
            Rule::approved_by => match period {
                Some(period) => Atom::ApprovedWithin(first?, period),
                None => Atom::ApprovedBy(first?),
            },
            Rule::records_age => Atom::RecordsOlder(first?, period?),
            Rule::same_organisation => Atom::SameOrganisation,
            Rule::cross_border => Atom::CrossBorder,
            Rule::international_transfer => Atom::InternationalTransfer,
            Rule::onward_transfer => Atom::OnwardTransfer,
            Rule::response_is => Atom::ResponseIs(strings.into_iter().next()?),
            Rule::constant => Atom::Const(constant),
            Rule::data_matches => Atom::Matches(Facet::Data, matches, names),
            Rule::subjects_matches => Atom::Matches(Facet::Subjects, matches, names),
            Rule::purpose_matches => Atom::Matches(Facet::Purpose, matches, names),
            _ => {
                self.internal(&pair, "diag-part-condition");
                return None;
            }
        };
        let cond = Cond {
            kind: CondKind::Atom(atom),
            span,
        };
        Some(if negated {
            Cond {
                kind: CondKind::Not {
                    inner: Box::new(cond),
                    inline: true,
                },
                span,
            }
        } else {
            cond
        })
    }

    fn obligation(&mut self, pair: P<'_>) -> Option<Obligation> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut names = Vec::new();
        let mut number = None;
        let mut percents = Vec::new();
        let mut scope = None;
        for p in children(pair.clone()) {
            match p.as_rule() {
                Rule::onward_scope => {
                    scope = Some(match children(p).next() {
                        Some(flag) => OnwardScope::Network(self.name(flag)),
                        None => OnwardScope::Organisation,
                    })
                }
                Rule::name | Rule::ident => names.push(self.name(p)),
                Rule::bracket_list => names.extend(children(p).map(|n| self.name(n))),
                Rule::integer => {
                    number = Some(Num {
                        text: p.as_str().to_owned(),
                        span: self.span(&p),
                    })
                }
                Rule::percent => percents.push(Num {
                    text: p.as_str().to_owned(),
                    span: self.span(&p),
                }),
                _ => {}
            }
        }
        let kind = match rule {
            Rule::minimize => ObligationKind::Minimize(names),
            Rule::pseudonymize => ObligationKind::Pseudonymize(names),
            Rule::aggregate => ObligationKind::Aggregate(names, number?),
            Rule::retain => ObligationKind::Retain(number?),
            Rule::encrypt => ObligationKind::Encrypt(names.into_iter().next()?),
            Rule::no_onward => match scope {
                None => ObligationKind::NoOnwardTransfer,
                Some(scope) => ObligationKind::NoOnwardTransferOutside(scope),
            },
            Rule::notify => ObligationKind::Notify(names.into_iter().next()?),
            Rule::k_anonymity => ObligationKind::KAnonymity {
                on: names,
                k: number?,
                max_suppressed: percents.into_iter().next(),
            },
            Rule::key_custody => ObligationKind::KeysHeldBy(names.into_iter().next()?),
            Rule::no_reidentification => ObligationKind::NoReidentification,
            Rule::dpia => ObligationKind::Dpia,
            Rule::reidentification_risk => ObligationKind::ReidentificationRisk {
                max: percents.into_iter().next()?,
                on: names,
            },
            _ => {
                self.internal(&pair, "diag-part-obligation");
                return None;
            }
        };
        Some(Obligation { kind, span })
    }

    fn name(&self, pair: P<'_>) -> Name {
        Name {
            text: pair.as_str().to_owned(),
            span: self.span(&pair),
        }
    }

    fn names(&self, pair: P<'_>) -> Vec<Name> {
        let mut out = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::name | Rule::ident => out.push(self.name(p)),
                _ => out.extend(self.names(p)),
            }
        }
        out
    }

    fn strings(&self, pair: P<'_>) -> Vec<Str> {
        if pair.as_rule() == Rule::string {
            return vec![self.string(pair)];
        }
        children(pair).map(|p| self.string(p)).collect()
    }

    fn string(&self, pair: P<'_>) -> Str {
        let span = self.span(&pair);
        let raw = pair
            .into_inner()
            .next()
            .map(|p| p.as_str())
            .unwrap_or_default();
        Str {
            value: unescape(raw),
            span,
        }
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
