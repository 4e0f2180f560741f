//! `check builtin.… cite "…"`: the citations a pack gives the built-in checks, and
//! `check builtin.… unless … cite "…"`: its conditional, cited exceptions to them.

use super::agreements::Parties;
use super::scope::Scope;
use super::vocab::Vocab;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
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
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the built-in checks are {}", ids.join(", ")),
            };
            scope.push(
                Diagnostic::error(
                    Code::UnknownName,
                    format!("unknown built-in check `{}`", c.check.text),
                )
                .at(c.check.span, "not a built-in check")
                .help(help),
            );
            continue;
        };
        if c.cite.value.trim().is_empty() {
            scope.push(
                Diagnostic::error(Code::MissingCite, "this citation is empty")
                    .at(c.cite.span, "empty citation")
                    .help("quote the instrument and its section, or remove the declaration"),
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
                    format!("the built-in check `{}` is cited twice", check.id()),
                )
                .at(c.span, "cited again here")
                .also(*first, "first cited here")
                .help("keep one citation per check (the files of a pack share them)"),
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
