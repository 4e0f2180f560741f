//! Declared names: approval roles, responses, party flags and aggregation dimensions, each
//! declared once with what it means (`role dpo "Data protection officer"`), so that a typo in a
//! rule or a flow is an error with a did-you-mean rather than a name that silently never
//! matches.
//!
//! A sort of which the pack declares no name is not checked, so that packs written before
//! declarations existed compile as they did (with the same hash); `mandate lint` points at the
//! names they use undeclared (L0010). Declaring one name of a sort makes every use of that sort
//! checked, in the pack's rules, parties and classifications and in the flows it judges.

use super::scope::Scope;
use crate::diagnostic::{Code, Diagnostic, Message, msg};
use crate::model::Declared;
use crate::source::Span;
use crate::syntax::ast::{self, Atom, ClauseKind, CondKind, Decl, DeclaredSort, ObligationKind};

/// The pack's declared names. A name declared twice, or without a description, is an error.
pub(super) fn declared(files: &[ast::File], scope: &mut Scope<'_>) -> Declared {
    let mut out = Declared::default();
    let mut first: std::collections::HashMap<(DeclaredSort, &str), Span> = Default::default();
    for decl in files.iter().flat_map(|f| &f.decls) {
        let Decl::Declared(d) = decl else { continue };
        if let Some(before) = first.get(&(d.sort, d.name.text.as_str())) {
            scope.duplicate(d.sort.noun_id(), &d.name.text, d.name.span, *before);
            continue;
        }
        first.insert((d.sort, d.name.text.as_str()), d.name.span);
        if d.sort == DeclaredSort::Response && d.name.text.trim().is_empty() {
            scope.push(
                Diagnostic::error(Code::UnknownName, msg!("diag-empty-response"))
                    .at(d.name.span, msg!("diag-label-empty-name"))
                    .help(msg!("diag-help-response-name")),
            );
            continue;
        }
        let description = d
            .description
            .as_ref()
            .map(|s| s.value.trim())
            .filter(|s| !s.is_empty());
        let Some(description) = description else {
            scope.push(
                Diagnostic::error(
                    Code::MissingAttribute,
                    msg!(
                        "diag-no-description",
                        "what" => Message::new(d.sort.noun_id()),
                        "name" => &d.name.text
                    ),
                )
                .at(d.span, msg!("diag-label-no-description"))
                .help(msg!(
                    "diag-help-description",
                    "keyword" => d.sort.keyword(),
                    "name" => written(d.sort, &d.name.text)
                )),
            );
            continue;
        };
        out.of_mut(d.sort)
            .insert(d.name.text.clone(), description.to_owned());
    }
    out
}

/// How a name of `sort` is written in a policy (a response is quoted).
fn written(sort: DeclaredSort, name: &str) -> String {
    match sort {
        DeclaredSort::Response => format!("\"{name}\""),
        _ => name.to_owned(),
    }
}

/// One use of a declarable name in a pack: its sort, the name, and where it is written.
#[derive(Clone, Debug)]
pub struct Use<'a> {
    /// Which sort of name.
    pub sort: DeclaredSort,
    /// The name as written (a response without its quotes).
    pub name: &'a str,
    /// Where.
    pub span: Span,
}

/// Every use of a declarable name in `files`: `approval by`, `approved by` and `notify` (roles),
/// `response is` and classifications (responses), party `flags`, `has` and `outside network`
/// (flags), `aggregate by`
/// (dimensions). In file order.
pub fn uses(files: &[ast::File]) -> Vec<Use<'_>> {
    let mut out = Vec::new();
    for decl in files.iter().flat_map(|f| &f.decls) {
        match decl {
            Decl::Party(p) => {
                for attr in &p.attrs {
                    if let ast::PartyAttr::Flags(flags, _) = attr {
                        out.extend(flags.iter().map(|f| name_use(DeclaredSort::Flag, f)));
                    }
                }
            }
            Decl::Classification(c) => out.push(Use {
                sort: DeclaredSort::Response,
                name: &c.response.value,
                span: c.response.span,
            }),
            Decl::Rule(r) => {
                for clause in &r.clauses {
                    match &clause.kind {
                        ClauseKind::When(c) | ClauseKind::Unless(c) => cond_uses(c, &mut out),
                        ClauseKind::Approval(role) => out.push(name_use(DeclaredSort::Role, role)),
                        ClauseKind::Require(obligations) => {
                            for o in obligations {
                                match &o.kind {
                                    ObligationKind::Notify(role) => {
                                        out.push(name_use(DeclaredSort::Role, role))
                                    }
                                    ObligationKind::NoOnwardTransferOutside(
                                        ast::OnwardScope::Network(flag),
                                    ) => out.push(name_use(DeclaredSort::Flag, flag)),
                                    ObligationKind::Aggregate(by, _) => out.extend(
                                        by.iter().map(|d| name_use(DeclaredSort::Dimension, d)),
                                    ),
                                    _ => {}
                                }
                            }
                        }
                        ClauseKind::Cite(_) => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn name_use(sort: DeclaredSort, name: &ast::Name) -> Use<'_> {
    Use {
        sort,
        name: &name.text,
        span: name.span,
    }
}

/// The uses in a condition. Conditions nest at most as deep as the parser allows (64).
fn cond_uses<'a>(c: &'a ast::Cond, out: &mut Vec<Use<'a>>) {
    match &c.kind {
        CondKind::Or(parts) | CondKind::And(parts) => {
            for p in parts {
                cond_uses(p, out);
            }
        }
        CondKind::Not { inner, .. } => cond_uses(inner, out),
        CondKind::Atom(atom) => match atom {
            Atom::ApprovedBy(role) | Atom::ApprovedWithin(role, _) => {
                out.push(name_use(DeclaredSort::Role, role))
            }
            Atom::PartyHas(_, flag) => out.push(name_use(DeclaredSort::Flag, flag)),
            Atom::ResponseIs(r) => out.push(Use {
                sort: DeclaredSort::Response,
                name: &r.value,
                span: r.span,
            }),
            _ => {}
        },
    }
}

/// Reports every use of a name of a sort the pack declares that is not declared.
pub(super) fn check_uses(files: &[ast::File], declared: &Declared, scope: &mut Scope<'_>) {
    for u in uses(files) {
        let Some(close) = declared.undeclared(u.sort, u.name) else {
            continue;
        };
        let help = match close {
            Some(close) => msg!("diag-help-did-you-mean", "name" => close),
            None => msg!(
                "diag-help-declare-or-use",
                "keyword" => u.sort.keyword(),
                "name" => written(u.sort, u.name),
                "names" => declared
                    .of(u.sort)
                    .keys()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let what = Message::new(u.sort.noun_id());
        scope.push(
            Diagnostic::error(
                Code::UnknownName,
                msg!("diag-unknown-name", "what" => what.clone(), "name" => u.name),
            )
            .at(u.span, msg!("diag-label-not-declared", "what" => what))
            .help(help),
        );
    }
}
