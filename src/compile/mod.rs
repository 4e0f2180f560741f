//! Stage 2: ASTs → [`CompiledPolicy`]. Resolves names across files, checks types, detects
//! cycles, and lowers rules into the IR of [`crate::model`]. Reports every problem it finds
//! (not just the first) as [`Diagnostic`]s.
// `decide_json` promises never to panic, and it runs through this stage's code: a missing
// element is an error or an absent answer here, never a panic. Tests may unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod agreements;
mod checks;
mod consent;
mod deceptive;
mod declared;
mod jurisdiction;
#[cfg(feature = "fs")]
pub mod loader;
mod rules;
mod scope;
mod vocab;

use crate::diagnostic::{Code, Diagnostic, Message, msg};
use crate::model::{CompiledPolicy, PolicyData};
use crate::source::SourceMap;
use crate::syntax::ast::{self, Decl, HeaderKind};
use scope::Scope;

pub use declared::{Use as DeclaredUse, uses as declared_uses};
pub use jurisdiction::is_known as is_jurisdiction;
pub use jurisdiction::known as known_jurisdiction;
pub use vocab::{MAX_TERM_DEPTH, normalise_hashtag};

/// What a compilation produced: a policy when there were no errors, and every finding.
#[derive(Debug)]
pub struct Output {
    /// The compiled policy, if no error was found.
    pub policy: Option<CompiledPolicy>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Output {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles the parsed files of one pack (with the vocabularies and files it uses).
pub fn compile(sources: &SourceMap, files: &[ast::File]) -> Output {
    let mut diagnostics = Vec::new();
    let (name, version) = header(files, &mut diagnostics);
    check_vocabulary_files(files, &mut diagnostics);

    let mut scope = Scope::new(sources);
    let vocab = vocab::build(files, &mut scope);
    let parties = agreements::parties(files, &mut scope, &vocab);
    let agreements = agreements::agreements(files, &mut scope, &vocab, &parties);
    let classifications = agreements::classifications(files, &mut scope, &vocab);
    let (rules, written) = rules::rules(files, &mut scope, &vocab, &parties);
    let (check_cites, check_exceptions) = checks::cites(files, &mut scope, &vocab, &parties);
    let consent_extends = consent::extends(files, &mut scope, !vocab.compatible.is_empty());
    let declared = declared::declared(files, &mut scope);
    declared::check_uses(files, &declared, &mut scope);
    let (locations, rule_texts) = written.into_iter().unzip();
    diagnostics.append(&mut scope.diagnostics);
    diagnostics.extend(deceptive::check(sources, files));

    let has_rules = !rules.is_empty();
    if name.is_none() && has_rules {
        diagnostics.push(
            Diagnostic::error(Code::Header, msg!("diag-no-name"))
                .help(msg!("diag-help-name-policy")),
        );
    }
    if !has_rules {
        no_policy_header(files, &mut diagnostics);
    }
    sort_diagnostics(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Output {
            policy: None,
            diagnostics,
        };
    }
    let data = PolicyData {
        name: name.unwrap_or_default(),
        version,
        categories: vocab.categories.taxonomy,
        subjects: vocab.subjects.taxonomy,
        purposes: vocab.purposes.taxonomy,
        kinds: vocab.kinds.taxonomy,
        sensitivity: vocab.sensitivity,
        personal: vocab.personal,
        hxl: vocab.hxl,
        compatible: vocab.compatible,
        check_cites,
        check_exceptions,
        consent_extends,
        declared,
        parties: parties.list,
        agreements,
        classifications,
        rules,
        locations,
        rule_texts,
        hash: String::new(),
    };
    Output {
        policy: Some(CompiledPolicy::seal(data)),
        diagnostics,
    }
}

/// Orders findings by file, then position, so reports read top to bottom.
fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| {
        d.primary
            .as_ref()
            .map(|l| (l.span.file, l.span.start))
            .unwrap_or((crate::source::FileId(u32::MAX), 0))
    });
}

/// The pack's name and version: exactly one `policy` header, or else one vocabulary name.
fn header(
    files: &[ast::File],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<String>) {
    let policies: Vec<&ast::Header> = files
        .iter()
        .filter_map(|f| f.header.as_ref())
        .filter(|h| h.kind == HeaderKind::Policy)
        .collect();
    if let Some((first, rest)) = policies.split_first() {
        for other in rest {
            diagnostics.push(
                Diagnostic::error(Code::Header, msg!("diag-named-twice"))
                    .at(other.span, msg!("diag-label-second-header"))
                    .also(first.span, msg!("diag-label-first-named"))
                    .help(msg!("diag-help-one-header")),
            );
        }
        return (
            Some(first.name.value.clone()),
            first.version.as_ref().map(|v| v.value.clone()),
        );
    }
    let vocabulary = files
        .iter()
        .filter_map(|f| f.header.as_ref())
        .find(|h| h.kind == HeaderKind::Vocabulary);
    (
        vocabulary.map(|h| h.name.value.clone()),
        vocabulary.and_then(|h| h.version.as_ref().map(|v| v.value.clone())),
    )
}

/// A pack of policy files (not a vocabulary) without a `policy "…"` header would take its
/// vocabulary's name, and decisions would name the wrong policy: a warning, so that
/// `--deny-warnings` fails. (With rules, the missing header is an error of its own.)
fn no_policy_header(files: &[ast::File], diagnostics: &mut Vec<Diagnostic>) {
    if files.iter().any(|f| {
        f.header
            .as_ref()
            .is_some_and(|h| h.kind == HeaderKind::Policy)
    }) {
        return;
    }
    let Some(first) = files.iter().find(|f| f.header.is_none()) else {
        return;
    };
    let uses_vocabulary = files.iter().flat_map(|f| &f.decls).find_map(|d| match d {
        Decl::UseVocabulary(name, _) => Some(name.value.clone()),
        _ => None,
    });
    let mut d = Diagnostic::warning(Code::NoPolicyHeader, msg!("diag-no-policy-header"))
        .at(
            crate::source::Span::new(first.id, 0, 0),
            msg!("diag-label-no-policy-line"),
        )
        .help(msg!("diag-help-add-policy-header"));
    if let Some(vocabulary) = uses_vocabulary {
        d = d.note(msg!("diag-note-named-after-vocabulary", "vocabulary" => vocabulary));
    }
    diagnostics.push(d);
}

/// A vocabulary file is shared between packs, so it may only declare terms.
fn check_vocabulary_files(files: &[ast::File], diagnostics: &mut Vec<Diagnostic>) {
    for file in files {
        let Some(header) = &file.header else { continue };
        if header.kind != HeaderKind::Vocabulary {
            continue;
        }
        for decl in &file.decls {
            let (what, span) = match decl {
                Decl::Party(p) => ("diag-decl-party", p.span),
                Decl::Agreement(a) => ("diag-decl-agreement", a.span),
                Decl::Classification(c) => ("diag-decl-classification", c.span),
                Decl::Rule(r) => ("diag-decl-rule", r.span),
                Decl::UseFile(_, span) => ("diag-decl-use-file", *span),
                Decl::CheckCite(c) => ("diag-decl-check-cite", c.span),
                Decl::ConsentExtends(c) => ("diag-decl-consent-extends", c.span),
                Decl::Declared(d) => ("diag-decl-declared", d.span),
                _ => continue,
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::NotInVocabulary,
                    msg!("diag-not-in-vocabulary", "what" => Message::new(what)),
                )
                .at(span, msg!("diag-label-not-vocabulary-term"))
                .also(header.span, msg!("diag-label-shared-vocabulary"))
                .help(msg!("diag-help-move-to-policy")),
            );
        }
    }
}
