//! `check builtin.… cite "…"`: the citations a pack gives the built-in checks.

use super::scope::Scope;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::Check;
use crate::syntax::ast::{self, Decl};

/// The pack's citation for each built-in check it cites, in check order. An unknown check id
/// and a check cited twice are errors.
pub(super) fn cites(files: &[ast::File], scope: &mut Scope<'_>) -> Vec<(Check, String)> {
    let mut out: Vec<(Check, String, crate::source::Span)> = Vec::new();
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
    out.into_iter().map(|(k, text, _)| (k, text)).collect()
}
