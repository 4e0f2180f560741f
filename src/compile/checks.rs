//! `check builtin.… cite "…"`: the citations a pack gives the built-in checks, and
//! `check builtin.… unless … cite "…"`: its conditional, cited exceptions to them.

use super::agreements::Parties;
use super::scope::Scope;
use super::vocab::Vocab;
use crate::diagnostic::{Code, Diagnostic, did_you_mean, msg};
use crate::model::{Check, CheckException};
use crate::syntax::ast::{self, ClauseKind, Decl};

/// The pack's citation for each built-in check it cites, in check order, and its exceptions
/// (in check order, then as written). An unknown check id, a check cited twice and an
/// exception with an empty citation are errors.
pub(super) fn cites(
    files: &[ast::File],
    scope: &mut Scope<'_>,
    vocab: &Vocab,
    parties: &Parties,
) -> (Vec<(Check, String)>, Vec<CheckException>) {
    let mut out: Vec<(Check, String, crate::source::Span)> = Vec::new();
    let mut exceptions: Vec<CheckException> = Vec::new();
    for decl in files.iter().flat_map(|f| &f.decls) {
        let Decl::CheckCite(c) = decl else { continue };
        let Some(check) = Check::from_id(&c.check.text) else {
            let ids = Check::ALL.map(Check::id);
            let help = match did_you_mean(&c.check.text, ids) {
                Some(close) => msg!("diag-help-did-you-mean", "name" => close),
                None => msg!("diag-help-checks", "checks" => ids.join(", ")),
            };
            scope.push(
                Diagnostic::error(
                    Code::UnknownName,
                    msg!("diag-unknown-check", "check" => &c.check.text),
                )
                .at(c.check.span, msg!("diag-label-not-check"))
                .help(help),
            );
            continue;
        };
        if c.cite.value.trim().is_empty() {
            scope.push(
                Diagnostic::error(Code::MissingCite, msg!("diag-empty-cite"))
                    .at(c.cite.span, msg!("diag-label-empty-cite"))
                    .help(msg!("diag-help-check-cite")),
            );
            continue;
        }
        if let Some(ClauseKind::Unless(cond)) = c.unless.as_ref().map(|u| &u.kind) {
            if let Some(unless) = super::rules::condition(scope, vocab, parties, cond) {
                exceptions.push(CheckException {
                    check,
                    unless,
                    cite: c.cite.value.clone(),
                });
            }
            continue;
        }
        if let Some((_, _, first)) = out.iter().find(|(k, _, _)| *k == check) {
            scope.push(
                Diagnostic::error(
                    Code::Duplicate,
                    msg!("diag-check-cited-twice", "check" => check.id()),
                )
                .at(c.span, msg!("diag-label-cited-again"))
                .also(*first, msg!("diag-label-first-cited"))
                .help(msg!("diag-help-one-citation")),
            );
            continue;
        }
        out.push((check, c.cite.value.clone(), c.span));
    }
    out.sort_by_key(|(k, _, _)| *k);
    // Stable: exceptions to one check keep the order they were written in.
    exceptions.sort_by_key(|e| e.check);
    (
        out.into_iter().map(|(k, text, _)| (k, text)).collect(),
        exceptions,
    )
}
