//! Shared state of one compilation: the sources and the findings so far.

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
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

    /// Reports `name` declared again; `first` is where it was declared before.
    pub fn duplicate(&mut self, what: &str, name: &str, span: Span, first: Span) {
        self.push(
            Diagnostic::error(
                Code::Duplicate,
                format!("{what} `{name}` is declared twice"),
            )
            .at(span, "declared again here")
            .also(first, "first declared here")
            .help("remove one of the declarations, or give them different names"),
        );
    }

    /// Reports an unknown name with a did-you-mean drawn from `candidates`.
    pub fn unknown<'c>(
        &mut self,
        what: &str,
        name: &str,
        span: Span,
        candidates: impl IntoIterator<Item = &'c str>,
        declare_with: &str,
    ) {
        let close = did_you_mean(name, candidates);
        let help = match close {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("declare it with `{declare_with} {name}`, or check the spelling"),
        };
        let mut found = Diagnostic::error(Code::UnknownName, format!("unknown {what} `{name}`"))
            .at(span, format!("not a declared {what}"))
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
