//! `consent extends to compatible purposes cite "…"`: the pack's reading of consent.
//!
//! By default consent covers the purposes it was given for and the purposes within them. A
//! pack can say, with a citation, that it also covers the purposes declared `compatible` with
//! them: a legal choice, so it is written once, cited, and shown in every explanation it
//! decides.

use super::scope::Scope;
use crate::diagnostic::{Code, Diagnostic};
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
                    Diagnostic::error(Code::MissingCite, "this citation is empty")
                        .at(cite.span, "empty citation")
                        .help("quote the instrument and its section that let consent extend"),
                );
                continue;
            }
            None => {
                scope.push(
                    Diagnostic::error(
                        Code::MissingCite,
                        "extending consent to compatible purposes needs a citation",
                    )
                    .at(c.span, "no `cite`")
                    .help(
                        "add `cite \"…\"` naming the instrument that lets consent cover \
                         compatible purposes, e.g. `consent extends to compatible purposes \
                         cite \"DPP §6.3\"`",
                    ),
                );
                continue;
            }
        };
        if let Some((earlier, _)) = &first {
            scope.push(
                Diagnostic::error(
                    Code::Duplicate,
                    "the pack says twice that consent extends to compatible purposes",
                )
                .at(c.span, "said again here")
                .also(earlier.span, "first said here")
                .help("keep one (the files of a pack share it)"),
            );
            continue;
        }
        if !has_compatible {
            scope.push(
                Diagnostic::warning(
                    Code::ConsentExtendsNothing,
                    "consent extends to compatible purposes, but the pack declares no \
                     compatible purposes: this changes nothing",
                )
                .at(c.span, "extends consent to no purpose")
                .help(
                    "declare `compatible FURTHER with ORIGINAL` for the purposes consent should \
                     also cover, or remove this line",
                ),
            );
        }
        first = Some((c, cite));
    }
    first.map(|(_, cite)| cite)
}
