//! A pack held in memory, as the page holds it: file paths (with `/`) to their text.
//!
//! The same reading rules as the command line's loader, without a file system: the pack is
//! the `.policy` files at its top level; `use vocabulary "name"` reads the `.policy` files of
//! the sub-folder `name/` (the page adds the bundled vocabularies when a pack it opens does
//! not carry them); `use "file.policy"` reads a file relative to the one naming it and never
//! leaves the pack. Nothing here touches a disk: paths are only keys of the map.

use mandate::compile;
use mandate::diagnostic::{Code, Diagnostic, did_you_mean, msg};
use mandate::model::CompiledPolicy;
use mandate::source::{SourceMap, Span};
use mandate::syntax::{self, ast};
use std::collections::{BTreeMap, BTreeSet};

/// Most `use` links followed from one file, as the command line's loader allows.
const MAX_USE_DEPTH: usize = 16;

/// A pack compiled from memory.
pub struct Compiled {
    /// Every file read, for positions.
    pub sources: SourceMap,
    /// Parse, loading and compile findings.
    pub diagnostics: Vec<Diagnostic>,
    /// The policy, when there is no error.
    pub policy: Option<CompiledPolicy>,
}

/// Compiles the pack in `files`.
pub fn compile(files: &BTreeMap<String, String>) -> Compiled {
    let mut reader = Reader {
        files,
        sources: SourceMap::new(),
        parsed: Vec::new(),
        diagnostics: Vec::new(),
        seen: BTreeSet::new(),
        vocabularies: BTreeSet::new(),
    };
    let top: Vec<&String> = files
        .keys()
        .filter(|k| !k.contains('/') && k.ends_with(".policy"))
        .collect();
    if top.is_empty() {
        reader.diagnostics.push(
            Diagnostic::error(Code::UseNotFound, msg!("diag-no-policy-file"))
                .help(msg!("diag-help-open-pack")),
        );
    }
    for name in top {
        reader.file(name, 0);
    }
    let output = compile::compile(&reader.sources, &reader.parsed);
    let mut diagnostics = reader.diagnostics;
    diagnostics.extend(output.diagnostics);
    let policy = output
        .policy
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Compiled {
        sources: reader.sources,
        diagnostics,
        policy,
    }
}

struct Reader<'a> {
    files: &'a BTreeMap<String, String>,
    sources: SourceMap,
    parsed: Vec<ast::File>,
    diagnostics: Vec<Diagnostic>,
    seen: BTreeSet<String>,
    vocabularies: BTreeSet<String>,
}

impl Reader<'_> {
    fn file(&mut self, name: &str, depth: usize) {
        if !self.seen.insert(name.to_owned()) {
            return;
        }
        let Some(text) = self.files.get(name) else {
            return;
        };
        let id = self.sources.add(name, text.as_str());
        let file = match syntax::parse(id, text) {
            Ok(file) => file,
            Err(mut found) => {
                self.diagnostics.append(&mut found);
                return;
            }
        };
        let dir = &name
            .rsplit_once('/')
            .map(|(d, _)| d.to_owned())
            .unwrap_or_default();
        let uses: Vec<(bool, ast::Str, Span)> = file
            .decls
            .iter()
            .filter_map(|decl| match decl {
                ast::Decl::UseFile(used, span) => Some((false, used.clone(), *span)),
                ast::Decl::UseVocabulary(used, span) => Some((true, used.clone(), *span)),
                _ => None,
            })
            .collect();
        for (vocabulary, used, span) in uses {
            if depth >= MAX_USE_DEPTH {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::TooDeep,
                        msg!("diag-use-too-deep", "max" => MAX_USE_DEPTH),
                    )
                    .at(span, msg!("diag-label-too-deep"))
                    .help(msg!("diag-help-use-too-deep")),
                );
            } else if vocabulary {
                self.vocabulary(&used, depth);
            } else {
                self.use_file(dir, &used.value, span, depth);
            }
        }
        self.parsed.push(file);
    }

    fn use_file(&mut self, dir: &str, used: &str, span: Span, depth: usize) {
        let Some(target) = join_path(dir, used) else {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::UseOutside,
                    msg!("diag-use-climbs-out", "name" => used),
                )
                .at(span, msg!("diag-label-leaves-pack"))
                .help(msg!("diag-help-use-stay-in-pack")),
            );
            return;
        };
        if !target.ends_with(".policy") {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::UseOutside,
                    msg!("diag-use-not-policy", "name" => used),
                )
                .at(span, msg!("diag-label-not-policy"))
                .help(msg!("diag-help-name-policy-file")),
            );
            return;
        }
        if self.files.contains_key(&target) {
            self.file(&target, depth + 1);
        } else {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::UseNotFound,
                    msg!("diag-use-not-found", "name" => used),
                )
                .at(span, msg!("diag-label-looked-for", "path" => &target))
                .help(msg!("diag-help-use-relative")),
            );
        }
    }

    fn vocabulary(&mut self, used: &ast::Str, depth: usize) {
        let (name, span) = (used.value.as_str(), used.span);
        if !self.vocabularies.insert(name.to_owned()) {
            return;
        }
        let prefix = format!("{name}/");
        let members: Vec<String> = if name.is_empty() || name.contains(['/', '\\']) || name == ".."
        {
            Vec::new()
        } else {
            self.files
                .keys()
                .filter(|k| {
                    k.strip_prefix(&prefix)
                        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".policy"))
                })
                .cloned()
                .collect()
        };
        if members.is_empty() {
            let known: BTreeSet<&str> = self
                .files
                .keys()
                .filter_map(|k| k.split_once('/').map(|(d, _)| d))
                .collect();
            let close = did_you_mean(name, known.iter().copied()).filter(|c| *c != name);
            let help = match close {
                Some(close) => msg!("diag-help-did-you-mean-quoted", "name" => close),
                None => msg!("diag-help-add-vocabulary-folder"),
            };
            let mut found = Diagnostic::error(
                Code::UseNotFound,
                msg!("diag-vocabulary-not-found", "name" => name),
            )
            .at(span, msg!("diag-label-no-folder-in-pack"))
            .help(help);
            if let Some(close) = close {
                // The span is the quoted name.
                found = found.suggest(format!("\"{close}\""));
            }
            self.diagnostics.push(found);
            return;
        }
        for member in members {
            self.file(&member, depth + 1);
        }
    }
}

/// `used` taken relative to the folder `dir`, or `None` when it climbs out of the pack or is
/// absolute.
pub fn join_path(dir: &str, used: &str) -> Option<String> {
    if used.starts_with('/') || used.contains('\\') || used.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in used.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_paths_stay_inside_the_pack() {
        assert_eq!(
            join_path("", "shared/a.policy").as_deref(),
            Some("shared/a.policy")
        );
        assert_eq!(join_path("x", "../a.policy").as_deref(), Some("a.policy"));
        assert_eq!(join_path("", "../a.policy"), None);
        assert_eq!(join_path("", "/etc/a.policy"), None);
    }
}
