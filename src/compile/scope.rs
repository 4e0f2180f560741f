//! Shared state of one compilation: the sources and the findings so far.

use crate::diagnostic::{Code, Diagnostic, Message, did_you_mean, msg};
use crate::source::{SourceMap, Span};
use std::collections::HashMap;

pub(super) struct Scope<'a> {
    pub sources: &'a SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Scope<'a> {
    pub fn new(sources: &'a SourceMap) -> Self {
        Scope {
            sources,
            diagnostics: Vec::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Reports `name` declared again; `first` is where it was declared before. `what` is
    /// the message id of its sort's noun (`diag-sort-…`).
    pub fn duplicate(
        &mut self,
        what: &'static str,
        name: impl Into<crate::diagnostic::Arg>,
        span: Span,
        first: Span,
    ) {
        self.push(
            Diagnostic::error(
                Code::Duplicate,
                msg!("diag-duplicate", "what" => Message::new(what), "name" => name),
            )
            .at(span, msg!("diag-label-declared-again"))
            .also(first, msg!("diag-label-first-declared"))
            .help(msg!("diag-help-duplicate")),
        );
    }

    /// Reports an unknown name with a did-you-mean drawn from `candidates`.
    pub fn unknown<'c>(
        &mut self,
        what: &'static str,
        name: &str,
        span: Span,
        candidates: impl IntoIterator<Item = &'c str>,
        declare_with: &str,
    ) {
        let close = did_you_mean(name, candidates);
        let help = match close {
            Some(close) => msg!("diag-help-did-you-mean", "name" => close),
            None => msg!("diag-help-declare-it", "keyword" => declare_with, "name" => name),
        };
        let what = Message::new(what);
        let mut found = Diagnostic::error(
            Code::UnknownName,
            msg!("diag-unknown-name", "what" => what.clone(), "name" => name),
        )
        .at(span, msg!("diag-label-not-declared", "what" => what))
        .help(help);
        if let Some(close) = close {
            found = found.suggest(close);
        }
        self.push(found);
    }
}

/// Names declared once, with where; reports duplicates.
pub(super) struct Declared<T> {
    pub items: HashMap<String, (Span, T)>,
    what: &'static str,
}

impl<T> Declared<T> {
    pub fn new(what: &'static str) -> Self {
        Declared {
            items: HashMap::new(),
            what,
        }
    }

    /// Declares `name`; false (and a finding) when it already was.
    pub fn declare(&mut self, scope: &mut Scope<'_>, name: &str, span: Span, value: T) -> bool {
        if let Some((first, _)) = self.items.get(name) {
            scope.duplicate(self.what, name, span, *first);
            return false;
        }
        self.items.insert(name.to_owned(), (span, value));
        true
    }
}
