//! `consent extends to compatible purposes cite "…"`: the pack's reading of consent.
//!
//! By default consent covers the purposes it was given for and the purposes within them. A
//! pack can say, with a citation, that it also covers the purposes declared `compatible` with
//! them: a legal choice, so it is written once, cited, and shown in every explanation it
//! decides.

use super::scope::Scope;
use crate::diagnostic::{Code, Diagnostic, msg};
use crate::syntax::ast::{self, Decl};

/// The citation of the pack's `consent extends to compatible purposes`, if it says so. A
/// declaration without a citation, or given twice, is an error; one in a pack that declares
/// no compatible purposes is a warning (it changes nothing).
pub(super) fn extends(
    files: &[ast::File],
    scope: &mut Scope<'_>,
    has_compatible: bool,
) -> Option<String> {
    let mut first: Option<(&ast::ConsentExtendsDecl, String)> = None;
    for decl in files.iter().flat_map(|f| &f.decls) {
        let Decl::ConsentExtends(c) = decl else {
            continue;
        };
        let cite = match &c.cite {
            Some(cite) if !cite.value.trim().is_empty() => cite.value.clone(),
            Some(cite) => {
                scope.push(
                    Diagnostic::error(Code::MissingCite, msg!("diag-empty-cite"))
                        .at(cite.span, msg!("diag-label-empty-cite"))
                        .help(msg!("diag-help-consent-cite")),
                );
                continue;
            }
            None => {
                scope.push(
                    Diagnostic::error(Code::MissingCite, msg!("diag-consent-extends-no-cite"))
                        .at(c.span, msg!("diag-label-no-cite"))
                        .help(msg!("diag-help-consent-extends-cite")),
                );
                continue;
            }
        };
        if let Some((earlier, _)) = &first {
            scope.push(
                Diagnostic::error(Code::Duplicate, msg!("diag-consent-extends-twice"))
                    .at(c.span, msg!("diag-label-said-again"))
                    .also(earlier.span, msg!("diag-label-first-said"))
                    .help(msg!("diag-help-keep-one-shared")),
            );
            continue;
        }
        if !has_compatible {
            scope.push(
                Diagnostic::warning(
                    Code::ConsentExtendsNothing,
                    msg!("diag-consent-extends-nothing"),
                )
                .at(c.span, msg!("diag-label-extends-nothing"))
                .help(msg!("diag-help-declare-compatible")),
            );
        }
        first = Some((c, cite));
    }
    first.map(|(_, cite)| cite)
}
