//! Loading policy packs from the file system (feature `fs`).
//!
//! A *pack* is a folder: every `*.policy` file directly inside it. `use "file.policy"` pulls in
//! a file relative to the one that names it; `use vocabulary "name"` pulls in the folder `name`
//! found inside the pack folder, next to it, or in a library folder (`--lib`, or `MANDATE_PATH`, `:`-separated).
//!
//! A policy file is text from whoever may write the pack, and its diagnostics are shown to
//! whoever runs mandate (and served by `mandate serve`). So a policy never reads beyond its
//! folders: a `use` path is relative, names a `.policy` file, and stays inside the folder of
//! the pack or vocabulary it belongs to, after following links; a vocabulary is named by its
//! folder's name alone. Anything else is an error, and the file is not read.

use crate::diagnostic::{Code, Diagnostic, Message, did_you_mean, msg};
use crate::source::{SourceMap, Span};
use crate::syntax::{self, ast};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// A pack read from disk and parsed.
#[derive(Debug)]
pub struct Pack {
    /// Every file read, for diagnostics.
    pub sources: SourceMap,
    /// The files that parsed.
    pub files: Vec<ast::File>,
    /// Parse errors and `use` problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a pack could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Nothing at the path.
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    /// A folder without policy files.
    #[error("{0}: no `.policy` files in this folder")]
    Empty(PathBuf),
    /// A folder below the one being searched leads back to a folder that contains it.
    #[error(
        "{path}: leads back to {target}, a folder that contains it (a symbolic link loop): remove the link, or validate a folder without it"
    )]
    Loop {
        /// The folder (a link) found inside.
        path: PathBuf,
        /// The folder it leads back to.
        target: PathBuf,
    },
    /// Folders nested too deep to be a folder of packs.
    #[error("{0}: more than {MAX_FOLDER_DEPTH} folders deep; validate a folder nearer the packs")]
    TooDeep(PathBuf),
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

/// A pack read and compiled: what every front end needs.
#[derive(Debug)]
pub struct CompiledPack {
    /// Every file read, for rendering diagnostics.
    pub sources: SourceMap,
    /// Parse and compile findings together, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The policy, when there is no error.
    pub policy: Option<crate::model::CompiledPolicy>,
}

/// Reads a pack and compiles it.
pub fn compile_path(path: &Path, library: &[PathBuf]) -> Result<CompiledPack, LoadError> {
    let pack = load(path, library)?;
    let output = super::compile(&pack.sources, &pack.files);
    let mut diagnostics = pack.diagnostics;
    let compiled = after_load_errors(&mut diagnostics, output.diagnostics);
    diagnostics.extend(compiled);
    let policy = output
        .policy
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Ok(CompiledPack {
        sources: pack.sources,
        diagnostics,
        policy,
    })
}

/// The compiler's findings, given the loader's. When a vocabulary or file could not be
/// found or read, every name it declares is unknown to the compiler: a legal officer would
/// get hundreds of "unknown category" errors for one missing folder. Those are held back,
/// and the first loading error says how many, so the cause stands out; they show again if
/// they remain once it is fixed.
fn after_load_errors(loaded: &mut [Diagnostic], compiled: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let Some(cause) = loaded.iter_mut().find(|d| d.is_error()) else {
        return compiled;
    };
    let (unknown, shown): (Vec<Diagnostic>, Vec<Diagnostic>) = compiled
        .into_iter()
        .partition(|d| d.is_error() && d.code == Code::UnknownName);
    if !unknown.is_empty() {
        cause
            .notes
            .push(msg!("diag-note-unknown-names-hidden", "count" => unknown.len()));
    }
    shown
}

/// Reads a pack (a folder, or a single file) and everything it uses.
pub fn load(path: &Path, library: &[PathBuf]) -> Result<Pack, LoadError> {
    if !path.exists() {
        return Err(LoadError::NotFound(path.to_owned()));
    }
    let (root, files) = if path.is_dir() {
        (path.to_owned(), policy_files(path)?)
    } else {
        (
            path.parent().map(Path::to_owned).unwrap_or_default(),
            vec![path.to_owned()],
        )
    };
    // The folder the pack's files must stay in, links resolved. A single file named on the
    // command line is taken as it is: its own folder is its pack.
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let fence = if path.is_dir() {
        std::fs::canonicalize(path).map_err(io)?
    } else {
        let file = std::fs::canonicalize(path).map_err(io)?;
        file.parent().map(Path::to_owned).unwrap_or(file)
    };
    if files.is_empty() {
        return Err(LoadError::Empty(path.to_owned()));
    }
    let mut search: Vec<PathBuf> = Vec::new();
    // A pack may carry its vocabularies in sub-folders of its own (`mandate init` writes
    // one so): sub-folders are never part of the pack itself.
    if path.is_dir() {
        search.push(root.clone());
    }
    if let Some(parent) = absolute_parent(&root) {
        search.push(parent);
    }
    search.extend(library.iter().cloned());
    if let Some(env) = std::env::var_os("MANDATE_PATH") {
        search.extend(std::env::split_paths(&env));
    }
    let mut loader = Loader {
        pack: Pack {
            sources: SourceMap::new(),
            files: Vec::new(),
            diagnostics: Vec::new(),
        },
        seen: HashSet::new(),
        vocabularies: HashSet::new(),
        search,
        depth: 0,
    };
    for file in files {
        loader.file(&file, &fence, None)?;
    }
    Ok(loader.pack)
}

/// Most folders deep [`find_packs`] looks below the folder it is given.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// Folders under `dir` (itself included) that hold `.policy` files: the packs to validate.
///
/// Symbolic links are followed, but a link back to a folder that contains it (a loop, which
/// would make the walk endless) is an error naming the link, and a folder reached twice by
/// different paths is walked once.
pub fn find_packs(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut walk = Walk {
        open: Vec::new(),
        seen: HashSet::new(),
        packs: Vec::new(),
    };
    walk.folder(dir)?;
    Ok(walk.packs)
}

/// The state of [`find_packs`]: the canonical folders being walked (the current one and
/// those containing it), every canonical folder already walked, the packs found.
struct Walk {
    open: Vec<PathBuf>,
    seen: HashSet<PathBuf>,
    packs: Vec<PathBuf>,
}

impl Walk {
    fn folder(&mut self, dir: &Path) -> Result<(), LoadError> {
        let canonical = std::fs::canonicalize(dir).map_err(|source| LoadError::Io {
            path: dir.to_owned(),
            source,
        })?;
        if let Some(outer) = self.open.iter().find(|o| **o == canonical) {
            return Err(LoadError::Loop {
                path: dir.to_owned(),
                target: outer.clone(),
            });
        }
        if !self.seen.insert(canonical.clone()) {
            return Ok(());
        }
        if self.open.len() > MAX_FOLDER_DEPTH {
            return Err(LoadError::TooDeep(dir.to_owned()));
        }
        if !policy_files(dir)?.is_empty() {
            self.packs.push(dir.to_owned());
            return Ok(());
        }
        let mut subdirs: Vec<PathBuf> = read_dir(dir)?.into_iter().filter(|p| p.is_dir()).collect();
        subdirs.sort();
        self.open.push(canonical);
        for sub in subdirs {
            self.folder(&sub)?;
        }
        self.open.pop();
        Ok(())
    }
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        out.push(entry.map_err(io)?.path());
    }
    Ok(out)
}

fn policy_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut files: Vec<PathBuf> = read_dir(dir)?
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "policy"))
        .collect();
    files.sort();
    Ok(files)
}

fn absolute_parent(root: &Path) -> Option<PathBuf> {
    let absolute = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root.to_owned()
    };
    let normal = normalise(&absolute);
    match normal.parent() {
        Some(p) if !p.as_os_str().is_empty() => Some(p.to_owned()),
        _ => Some(normalise(&normal.join(".."))),
    }
}

/// Lexical clean-up (`a/./b/../c` → `a/c`) so that names shown to users stay short and
/// relative when they were given relative.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The name a file is shown under: its path as given, with `/` separators.
fn display(path: &Path) -> String {
    normalise(path).to_string_lossy().replace('\\', "/")
}

struct Loader {
    pack: Pack,
    seen: HashSet<PathBuf>,
    vocabularies: HashSet<String>,
    search: Vec<PathBuf>,
    /// How many `use "file"` links deep the file being read is.
    depth: usize,
}

/// Most files deep a chain of `use` may go (each is read inside the one before).
pub const MAX_USE_DEPTH: usize = 64;

fn too_deep_use(span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::TooDeep,
        msg!("diag-use-too-deep", "max" => MAX_USE_DEPTH),
    )
    .at(span, msg!("diag-label-too-deep"))
    .help(msg!("diag-help-use-too-deep"))
}

impl Loader {
    /// Reads `path` and what it uses. `fence` is the folder (links resolved) the file must
    /// lie in; `named_at` is the `use` that names it, if one does.
    fn file(&mut self, path: &Path, fence: &Path, named_at: Option<Span>) -> Result<(), LoadError> {
        let key = std::fs::canonicalize(path).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
        if !key.starts_with(fence) {
            let message = msg!("diag-link-outside", "path" => display(path));
            let d = Diagnostic::error(Code::UseOutside, message).help(msg!("diag-help-copy-file"));
            self.pack.diagnostics.push(match named_at {
                Some(span) => d.at(span, msg!("diag-label-leads-outside")),
                None => d,
            });
            return Ok(());
        }
        if !self.seen.insert(key) {
            return Ok(());
        }
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        let id = self.pack.sources.add(display(path), lossy);
        let file = match syntax::parse_bytes(id, &bytes) {
            Ok((_, file)) => file,
            Err(mut diagnostics) => {
                self.pack.diagnostics.append(&mut diagnostics);
                return Ok(());
            }
        };
        let dir = path.parent().map(Path::to_owned).unwrap_or_default();
        for decl in &file.decls {
            match decl {
                ast::Decl::UseFile(name, span) => {
                    if self.depth >= MAX_USE_DEPTH {
                        self.pack.diagnostics.push(too_deep_use(*span));
                    } else {
                        self.depth += 1;
                        let read = self.use_file(&dir, &name.value, *span, fence);
                        self.depth -= 1;
                        read?;
                    }
                }
                ast::Decl::UseVocabulary(name, span) => {
                    if self.depth >= MAX_USE_DEPTH {
                        self.pack.diagnostics.push(too_deep_use(*span));
                    } else {
                        self.depth += 1;
                        let read = self.vocabulary(&name.value, *span);
                        self.depth -= 1;
                        read?;
                    }
                }
                _ => {}
            }
        }
        self.pack.files.push(file);
        Ok(())
    }

    /// `use "name"` in a file of the folder `dir`, which must not be left (`fence`).
    fn use_file(
        &mut self,
        dir: &Path,
        name: &str,
        span: Span,
        fence: &Path,
    ) -> Result<(), LoadError> {
        let outside = |message: Message, label: Message| {
            Diagnostic::error(Code::UseOutside, message)
                .at(span, label)
                .help(msg!("diag-help-use-relative-in-pack"))
        };
        let given = Path::new(name);
        if given.has_root() || given.is_absolute() {
            self.pack.diagnostics.push(outside(
                msg!("diag-use-absolute", "name" => name),
                msg!("diag-label-absolute"),
            ));
            return Ok(());
        }
        if given.extension().is_none_or(|e| e != "policy") {
            self.pack.diagnostics.push(
                Diagnostic::error(
                    Code::UseOutside,
                    msg!("diag-use-not-policy", "name" => name),
                )
                .at(span, msg!("diag-label-not-policy"))
                .help(msg!("diag-help-name-policy-file")),
            );
            return Ok(());
        }
        // Where the path leads, `..` taken literally from the (link-free) folder of the
        // naming file: a path that climbs out is refused before anything is read.
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let from = std::fs::canonicalize(dir).map_err(|source| LoadError::Io {
            path: dir.to_owned(),
            source,
        })?;
        if !normalise(&from.join(given)).starts_with(fence) {
            self.pack.diagnostics.push(outside(
                msg!("diag-use-climbs-out", "name" => name),
                msg!("diag-label-climbs-out"),
            ));
            return Ok(());
        }
        let target = dir.join(given);
        if target.is_file() {
            self.file(&target, fence, Some(span))
        } else {
            self.pack.diagnostics.push(
                Diagnostic::error(
                    Code::UseNotFound,
                    msg!("diag-use-not-found", "name" => name),
                )
                .at(
                    span,
                    msg!("diag-label-looked-for", "path" => display(&target)),
                )
                .help(msg!("diag-help-use-relative")),
            );
            Ok(())
        }
    }

    fn vocabulary(&mut self, name: &str, span: Span) -> Result<(), LoadError> {
        if !self.vocabularies.insert(name.to_owned()) {
            return Ok(());
        }
        // A vocabulary is a folder's name, never a path: `../x` or `/etc` would read outside
        // the library folders.
        let mut parts = Path::new(name).components();
        let plain = matches!(
            (parts.next(), parts.next()),
            (Some(Component::Normal(_)), None)
        ) && !name.contains(['/', '\\']);
        if !plain {
            self.pack.diagnostics.push(
                Diagnostic::error(
                    Code::UseOutside,
                    msg!("diag-vocabulary-is-path", "name" => name),
                )
                .at(span, msg!("diag-label-path-not-folder"))
                .help(msg!("diag-help-vocabulary-folder")),
            );
            return Ok(());
        }
        let found = self
            .search
            .iter()
            .map(|dir| (dir, dir.join(name)))
            .find(|(_, d)| d.is_dir());
        let Some((library, dir)) = found else {
            let mut known: Vec<String> = Vec::new();
            for dir in &self.search {
                if let Ok(entries) = read_dir(dir) {
                    known.extend(
                        entries.iter().filter(|p| p.is_dir()).filter_map(|p| {
                            p.file_name().map(|n| n.to_string_lossy().into_owned())
                        }),
                    );
                }
            }
            let help = match did_you_mean(name, known.iter().map(String::as_str)) {
                Some(close) if close != name => {
                    msg!("diag-help-did-you-mean-quoted", "name" => close)
                }
                _ => match self.somewhere_else(name) {
                    Some(lib) => {
                        msg!("diag-help-vocabulary-elsewhere", "name" => name, "lib" => lib)
                    }
                    None => msg!("diag-help-vocabulary-where"),
                },
            };
            self.pack.diagnostics.push(
                Diagnostic::error(
                    Code::UseNotFound,
                    msg!("diag-vocabulary-not-found", "name" => name),
                )
                .at(span, msg!("diag-label-no-such-folder"))
                .help(help),
            );
            return Ok(());
        };
        // The vocabulary's folder, links resolved, must lie in the library folder it was
        // found in; its files, and what they use, must stay inside it.
        let canonical = |p: &Path| {
            std::fs::canonicalize(p).map_err(|source| LoadError::Io {
                path: p.to_owned(),
                source,
            })
        };
        let fence = canonical(&dir)?;
        if !fence.starts_with(canonical(library)?) {
            self.pack.diagnostics.push(
                Diagnostic::error(
                    Code::UseOutside,
                    msg!("diag-vocabulary-link-outside", "path" => display(&dir)),
                )
                .at(span, msg!("diag-label-vocabulary-leads-outside"))
                .help(msg!("diag-help-copy-vocabulary")),
            );
            return Ok(());
        }
        for file in policy_files(&dir)? {
            self.file(&file, &fence, None)?;
        }
        Ok(())
    }

    /// A folder not searched that holds a vocabulary `name`, for the hint: a `policies`
    /// folder in a folder above the pack (a pack written inside a clone of the repository),
    /// or the bundled vocabularies of the source tree this program was built from.
    fn somewhere_else(&self, name: &str) -> Option<String> {
        let start = self
            .search
            .first()
            .and_then(|d| std::path::absolute(d).ok());
        let above = start
            .iter()
            .flat_map(|d| d.ancestors().take(8).map(|a| a.join("policies")));
        let built = std::iter::once(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"));
        above
            .chain(built)
            .find(|lib| lib.join(name).is_dir() && !self.search.contains(lib))
            .map(|lib| display(&lib))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_keeps_relative_paths_short() {
        assert_eq!(
            normalise(Path::new("policies/a/../b/./x.policy")),
            PathBuf::from("policies/b/x.policy")
        );
        assert_eq!(normalise(Path::new("../x")), PathBuf::from("../x"));
    }
}
