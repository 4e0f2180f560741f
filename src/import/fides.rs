//! Import of the Fides privacy taxonomy (fideslang 3.x) as a mandate vocabulary.
//!
//! Fideslang, © Ethyca, Inc., CC BY 4.0, <https://github.com/ethyca/fideslang>.
//!
//! [`fides_to_vocabulary`] takes the text of the three Fides data files and returns the text of
//! a vocabulary file; it does no I/O. The mapping:
//!
//! | Fides file            | top-level key   | mandate declaration |
//! |-----------------------|-----------------|---------------------|
//! | `data_categories.yml` | `data_category` | `category`          |
//! | `data_uses.yml`       | `data_use`      | `purpose`           |
//! | `data_subjects.yml`   | `data_subject`  | `subject`           |
//!
//! - A Fides key is dotted like a mandate name, and its dotted prefix is its implicit parent.
//!   When `parent_key` differs from that prefix, the declaration gets `under PARENT` as well.
//!   Declarations are written parents first (otherwise in the order of the Fides file).
//! - Key segments that are not mandate identifiers, or are reserved words, are rewritten
//!   deterministically (see [`mandate_segment`]) and the rewrite is noted in a comment.
//! - Every category that is `user` or lies under it is marked `personal`.
//! - Fides has no sensitivity levels, so none are set.
//! - Entries with `version_deprecated` set are kept and marked `deprecated` (with `replaced by`
//!   when `replaced_by` names an entry): Fides still evaluates them, and a policy that names
//!   one gets a warning.
//! - Each declaration carries its Fides `name` and `description` as a one-line trailing comment
//!   of at most [`MAX_COMMENT_CHARS`] characters.
//!
//! The output depends only on the input: the same input gives the same bytes.

use std::collections::HashMap;
use std::fmt;

use yaml_rust2::{Yaml, YamlLoader};

/// The fideslang major version the importer understands; written as the vocabulary's version.
pub const FIDESLANG_VERSION: &str = "3.1.3";

/// The credit line the CC BY 4.0 licence of the taxonomy asks for.
pub const FIDES_CREDIT: &str =
    "Fideslang, © Ethyca, Inc., CC BY 4.0, https://github.com/ethyca/fideslang";

/// The longest trailing comment (including the leading `# `), in characters.
pub const MAX_COMMENT_CHARS: usize = 100;

/// Words the grammar never accepts as names.
const RESERVED: &[&str] = &[
    "and", "or", "not", "when", "unless", "require", "cite", "allow", "deny", "review", "approval",
];

/// Declarations shorter than this are padded so that their trailing comments line up.
const ALIGN_CAP: usize = 56;

/// Which of the three Fides files a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FidesFile {
    /// `data_categories.yml` (`data_category:`).
    Categories,
    /// `data_uses.yml` (`data_use:`).
    Uses,
    /// `data_subjects.yml` (`data_subject:`).
    Subjects,
}

impl FidesFile {
    /// The usual file name.
    pub fn file_name(self) -> &'static str {
        match self {
            FidesFile::Categories => "data_categories.yml",
            FidesFile::Uses => "data_uses.yml",
            FidesFile::Subjects => "data_subjects.yml",
        }
    }

    /// The top-level key that holds the list of entries.
    pub fn top_key(self) -> &'static str {
        match self {
            FidesFile::Categories => "data_category",
            FidesFile::Uses => "data_use",
            FidesFile::Subjects => "data_subject",
        }
    }

    /// The mandate keyword the entries become.
    fn keyword(self) -> &'static str {
        match self {
            FidesFile::Categories => "category",
            FidesFile::Uses => "purpose",
            FidesFile::Subjects => "subject",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            FidesFile::Categories => "categories",
            FidesFile::Uses => "purposes",
            FidesFile::Subjects => "subjects",
        }
    }
}

impl fmt::Display for FidesFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
    }
}

/// Why the Fides files could not be turned into a vocabulary. Entry numbers count from 1 in
/// the order of the file's list.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FidesError {
    /// The text is not YAML.
    #[error("{file}: not valid YAML: {message}")]
    Yaml {
        /// The file.
        file: FidesFile,
        /// The YAML parser's message (with line and column).
        message: String,
    },
    /// The file is YAML but not a `<top_key>:` list of entries.
    #[error("{file}: expected a single YAML document with a top-level `{}:` list of entries; {found}", file.top_key())]
    Shape {
        /// The file.
        file: FidesFile,
        /// What was found instead.
        found: String,
    },
    /// An item of the list is not a mapping.
    #[error("{file}: entry {index} is not a mapping of fields")]
    EntryNotMapping {
        /// The file.
        file: FidesFile,
        /// The entry's position (from 1).
        index: usize,
    },
    /// An entry has no (or an empty) `fides_key`.
    #[error("{file}: entry {index} has no `fides_key`")]
    MissingKey {
        /// The file.
        file: FidesFile,
        /// The entry's position (from 1).
        index: usize,
    },
    /// A field has the wrong type.
    #[error("{file}: entry {index} (`{key}`): field `{field}` should be {expected}")]
    BadField {
        /// The file.
        file: FidesFile,
        /// The entry's position (from 1).
        index: usize,
        /// The entry's `fides_key`, or `?` when that is the bad field.
        key: String,
        /// The field.
        field: &'static str,
        /// What the field should be.
        expected: &'static str,
    },
    /// Two entries have the same `fides_key`.
    #[error("{file}: `{key}` is declared twice (entries {first} and {second})")]
    DuplicateKey {
        /// The file.
        file: FidesFile,
        /// The repeated key.
        key: String,
        /// The first entry with it.
        first: usize,
        /// The second entry with it.
        second: usize,
    },
    /// Two keys become the same mandate name once invalid characters are rewritten.
    #[error("{file}: `{key}` (entry {index}) and `{other}` both become the mandate name `{name}`")]
    NameCollision {
        /// The file.
        file: FidesFile,
        /// The later entry's key.
        key: String,
        /// The later entry's position.
        index: usize,
        /// The earlier key with the same mandate name.
        other: String,
        /// The shared mandate name.
        name: String,
    },
    /// A parent (the dotted prefix or `parent_key`) is not an entry of the file.
    #[error(
        "{file}: entry {index} (`{key}`) has parent `{parent}` ({how}), which is not in the file"
    )]
    UnknownParent {
        /// The file.
        file: FidesFile,
        /// The entry's position (from 1).
        index: usize,
        /// The entry's key.
        key: String,
        /// The missing parent.
        parent: String,
        /// `dotted prefix` or `parent_key`.
        how: &'static str,
    },
    /// Following parents leads back to the entry.
    #[error("{file}: entry {index} (`{key}`) is its own ancestor (a `parent_key` cycle)")]
    Cycle {
        /// The file.
        file: FidesFile,
        /// The entry's position (from 1).
        index: usize,
        /// The entry's key.
        key: String,
    },
    /// The vocabulary name to write in the header is empty.
    #[error("the vocabulary name must not be empty")]
    EmptyVocabularyName,
}

/// Turns the three Fides data files (their text) into the text of a mandate vocabulary file
/// named `vocabulary_name`. See the [module documentation](self) for the mapping.
pub fn fides_to_vocabulary(
    categories_yml: &str,
    uses_yml: &str,
    subjects_yml: &str,
    vocabulary_name: &str,
) -> Result<String, FidesError> {
    if vocabulary_name.trim().is_empty() {
        return Err(FidesError::EmptyVocabularyName);
    }
    let categories = build_section(
        FidesFile::Categories,
        &load_entries(FidesFile::Categories, categories_yml)?,
    )?;
    let uses = build_section(FidesFile::Uses, &load_entries(FidesFile::Uses, uses_yml)?)?;
    let subjects = build_section(
        FidesFile::Subjects,
        &load_entries(FidesFile::Subjects, subjects_yml)?,
    )?;
    let sections = [&categories, &uses, &subjects];

    let mut out = String::new();
    out.push_str(&format!(
        "vocabulary \"{}\" version \"{}\"\n\n",
        escape_string(vocabulary_name),
        FIDESLANG_VERSION
    ));
    let mut header: Vec<String> = vec![
        format!("Generated by `mandate import fides` from the Fides privacy taxonomy (fideslang {FIDESLANG_VERSION})."),
        "Do not edit by hand: change the importer or the source files and regenerate.".into(),
        String::new(),
        FIDES_CREDIT.into(),
        "Licensed under Creative Commons Attribution 4.0 International,".into(),
        "https://creativecommons.org/licenses/by/4.0/. Source: the DEFAULT_TAXONOMY that Fides".into(),
        "evaluates with (data categories, data uses and data subjects).".into(),
        "Changes from the source: converted from YAML to mandate syntax; names and descriptions".into(),
        "shortened into comments; deprecated entries marked `deprecated`; `personal` added; keys that are".into(),
        "not mandate names rewritten (each rewrite is noted where it happens).".into(),
        String::new(),
        "Mapping: data categories -> category, data uses -> purpose, data subjects -> subject.".into(),
        "A dotted name's prefix is its parent; `under` is added where Fides' parent_key differs.".into(),
        "Sensitivity: Fides defines no sensitivity levels, so none are set here. Policy packs".into(),
        "assign them (for example with a `classification`).".into(),
        "Personal: every category under `user` is marked `personal` (masked in decision logs).".into(),
        String::new(),
    ];
    for s in sections {
        let line = format!(
            "{}: {} {}; {} deprecated (kept, marked `deprecated`); {} renamed.",
            s.file.file_name(),
            s.declared,
            s.file.plural(),
            s.kept_deprecated,
            s.renamed
        );
        header.push(line);
    }
    for line in header {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    for s in sections {
        out.push('\n');
        out.push_str(&format!(
            "# ---------------------------------------- {} ({} -> {})\n",
            s.file.plural(),
            s.file.file_name(),
            s.file.keyword()
        ));
        out.push('\n');
        if s.lines.is_empty() {
            out.push_str("# (none)\n");
        }
        let width = s
            .lines
            .iter()
            .filter_map(|l| match l {
                Line::Decl { text, .. } if text.chars().count() <= ALIGN_CAP => {
                    Some(text.chars().count())
                }
                _ => None,
            })
            .max()
            .unwrap_or(0);
        for line in &s.lines {
            match line {
                Line::Comment(c) => {
                    out.push_str("# ");
                    out.push_str(c);
                    out.push('\n');
                }
                Line::Decl { text, comment } => {
                    out.push_str(text);
                    if let Some(c) = comment {
                        let pad = width.saturating_sub(text.chars().count()) + 1;
                        out.push_str(&" ".repeat(pad));
                        out.push_str("# ");
                        out.push_str(c);
                    }
                    out.push('\n');
                }
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- reading the YAML

/// One entry of a Fides file, as far as the importer uses it.
#[derive(Debug)]
struct Entry {
    /// Position in the list, from 1.
    index: usize,
    key: String,
    name: Option<String>,
    description: Option<String>,
    parent_key: Option<String>,
    version_deprecated: Option<String>,
    replaced_by: Option<String>,
    /// Fields kept only as comments (data subjects' `rights` and profiling flag).
    notes: Vec<String>,
}

fn load_entries(file: FidesFile, text: &str) -> Result<Vec<Entry>, FidesError> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| FidesError::Yaml {
        file,
        message: e.to_string(),
    })?;
    let doc = match docs.as_slice() {
        [doc] => doc,
        [] => {
            return Err(FidesError::Shape {
                file,
                found: "the file is empty".into(),
            });
        }
        more => {
            return Err(FidesError::Shape {
                file,
                found: format!("found {} documents", more.len()),
            });
        }
    };
    let list: &[Yaml] = match doc {
        Yaml::Hash(h) => match h.get(&Yaml::String(file.top_key().to_string())) {
            Some(Yaml::Array(items)) => items,
            Some(Yaml::Null) => &[],
            Some(other) => {
                return Err(FidesError::Shape {
                    file,
                    found: format!("`{}` is {}", file.top_key(), describe(other)),
                });
            }
            None => {
                let keys: Vec<String> = h.keys().map(inline).collect();
                return Err(FidesError::Shape {
                    file,
                    found: format!("found top-level keys {}", shorten(&keys.join(", "), 80)),
                });
            }
        },
        Yaml::Array(items) => items,
        other => {
            return Err(FidesError::Shape {
                file,
                found: format!("found {}", describe(other)),
            });
        }
    };

    let mut entries = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let index = i + 1;
        let Yaml::Hash(fields) = item else {
            return Err(FidesError::EntryNotMapping { file, index });
        };
        let get = |field: &str| fields.get(&Yaml::String(field.to_string()));
        let key = match get("fides_key") {
            None | Some(Yaml::Null) => return Err(FidesError::MissingKey { file, index }),
            Some(y) => match scalar_text(y) {
                Some(k) if k.trim().is_empty() => {
                    return Err(FidesError::MissingKey { file, index });
                }
                Some(k) => k.trim().to_string(),
                None => {
                    return Err(FidesError::BadField {
                        file,
                        index,
                        key: "?".into(),
                        field: "fides_key",
                        expected: "a string",
                    });
                }
            },
        };
        let text_field = |field: &'static str| -> Result<Option<String>, FidesError> {
            match get(field) {
                None | Some(Yaml::Null) => Ok(None),
                Some(y) => match scalar_text(y) {
                    Some(s) if s.trim().is_empty() => Ok(None),
                    Some(s) => Ok(Some(s)),
                    None => Err(FidesError::BadField {
                        file,
                        index,
                        key: key.clone(),
                        field,
                        expected: "a string or null",
                    }),
                },
            }
        };
        let name = text_field("name")?;
        let description = text_field("description")?;
        let parent_key = text_field("parent_key")?.map(|p| p.trim().to_string());
        let version_deprecated = match get("version_deprecated") {
            // `false` is not a version; treat it like null.
            Some(Yaml::Boolean(false)) => None,
            _ => text_field("version_deprecated")?,
        };
        let replaced_by = text_field("replaced_by")?;
        let mut notes = Vec::new();
        for (field, label) in [
            ("rights", "rights"),
            (
                "automated_decisions_or_profiling",
                "automated decisions or profiling",
            ),
        ] {
            match get(field) {
                None | Some(Yaml::Null) => {}
                Some(y) => notes.push(format!("Fides {label}: {}", inline(y))),
            }
        }
        entries.push(Entry {
            index,
            key,
            name,
            description,
            parent_key,
            version_deprecated,
            replaced_by,
            notes,
        });
    }
    Ok(entries)
}

/// The text of a scalar (strings, numbers, booleans); `None` for anything else.
fn scalar_text(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn describe(y: &Yaml) -> &'static str {
    match y {
        Yaml::Real(_) | Yaml::Integer(_) => "a number",
        Yaml::String(_) => "a string",
        Yaml::Boolean(_) => "a boolean",
        Yaml::Array(_) => "a list",
        Yaml::Hash(_) => "a mapping",
        Yaml::Alias(_) => "an alias",
        Yaml::Null => "null",
        Yaml::BadValue => "an invalid value",
    }
}

/// A one-line rendering of any YAML value, for comments and messages.
fn inline(y: &Yaml) -> String {
    fn go(y: &Yaml, depth: usize, out: &mut String) {
        if depth > 8 {
            out.push_str("...");
            return;
        }
        match y {
            Yaml::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    go(item, depth + 1, out);
                }
                out.push(']');
            }
            Yaml::Hash(h) => {
                out.push('{');
                for (i, (k, v)) in h.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    go(k, depth + 1, out);
                    out.push_str(": ");
                    go(v, depth + 1, out);
                }
                out.push('}');
            }
            Yaml::Null => out.push_str("null"),
            Yaml::Alias(n) => out.push_str(&format!("*{n}")),
            Yaml::BadValue => out.push('?'),
            scalar => out.push_str(&scalar_text(scalar).unwrap_or_default()),
        }
    }
    let mut out = String::new();
    go(y, 0, &mut out);
    out
}

// ---------------------------------------------------------------- names

/// Rewrites one segment of a Fides key into a mandate identifier (`[A-Za-z_][A-Za-z0-9_-]*`,
/// not a reserved word): every other character becomes `_`, an empty segment becomes `_`, a
/// segment that does not start with a letter or `_` gets a `_` in front, and a reserved word
/// gets a `_` after it (`and` → `and_`).
pub fn mandate_segment(segment: &str) -> String {
    let mut s: String = segment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    match s.chars().next() {
        None => s.push('_'),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => s.insert(0, '_'),
        Some(_) => {}
    }
    if RESERVED.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Rewrites a dotted Fides key segment by segment (see [`mandate_segment`]).
pub fn mandate_name(key: &str) -> String {
    key.split('.')
        .map(mandate_segment)
        .collect::<Vec<_>>()
        .join(".")
}

/// The dotted prefix of a key (`a.b` for `a.b.c`), if it has one.
fn dotted_prefix(key: &str) -> Option<&str> {
    key.rfind('.').map(|i| &key[..i])
}

// ---------------------------------------------------------------- building a section

enum Line {
    Comment(String),
    Decl {
        text: String,
        comment: Option<String>,
    },
}

struct Section {
    file: FidesFile,
    lines: Vec<Line>,
    declared: usize,
    kept_deprecated: usize,
    renamed: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

fn build_section(file: FidesFile, entries: &[Entry]) -> Result<Section, FidesError> {
    // Keys → position in `entries`, rejecting duplicates.
    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        if let Some(&first) = by_key.get(e.key.as_str()) {
            return Err(FidesError::DuplicateKey {
                file,
                key: e.key.clone(),
                first: entries[first].index,
                second: e.index,
            });
        }
        by_key.insert(&e.key, i);
    }

    // Mandate names, rejecting two keys that end up with the same one.
    let names: Vec<String> = entries.iter().map(|e| mandate_name(&e.key)).collect();
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
    for (i, name) in names.iter().enumerate() {
        if let Some(&other) = by_name.get(name.as_str()) {
            return Err(FidesError::NameCollision {
                file,
                key: entries[i].key.clone(),
                index: entries[i].index,
                other: entries[other].key.clone(),
                name: name.clone(),
            });
        }
        by_name.insert(name, i);
    }

    // Parents: the dotted prefix (implicit) and `parent_key` when it differs (explicit).
    let mut implicit: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut explicit: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    for e in entries {
        let prefix = match dotted_prefix(&e.key) {
            None => None,
            Some(p) => match by_key.get(p) {
                Some(&j) => Some(j),
                None => {
                    return Err(FidesError::UnknownParent {
                        file,
                        index: e.index,
                        key: e.key.clone(),
                        parent: p.to_string(),
                        how: "dotted prefix",
                    });
                }
            },
        };
        let extra = match e.parent_key.as_deref() {
            None => None,
            Some(p) if Some(p) == dotted_prefix(&e.key) => None,
            Some(p) => match by_key.get(p) {
                Some(&j) => Some(j),
                None => {
                    return Err(FidesError::UnknownParent {
                        file,
                        index: e.index,
                        key: e.key.clone(),
                        parent: p.to_string(),
                        how: "parent_key",
                    });
                }
            },
        };
        implicit.push(prefix);
        explicit.push(extra);
    }
    let parents = |i: usize| implicit[i].into_iter().chain(explicit[i]);

    // Deprecated entries are kept, marked `deprecated`: Fides still evaluates them, and a
    // policy that names one gets a warning (W0005) that names its replacement.

    // Order: the file's order, except that a parent always comes before its children.
    // Iterative depth-first search, so that a long chain cannot overflow the stack.
    let mut state = vec![Visit::New; entries.len()];
    let mut order: Vec<usize> = Vec::with_capacity(entries.len());
    for root in 0..entries.len() {
        if state[root] != Visit::New {
            continue;
        }
        let mut dfs: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = Visit::Open;
        while let Some(&(node, next)) = dfs.last() {
            if let Some(p) = parents(node).nth(next) {
                if let Some(top) = dfs.last_mut() {
                    top.1 += 1;
                }
                match state[p] {
                    Visit::New => {
                        state[p] = Visit::Open;
                        dfs.push((p, 0));
                    }
                    Visit::Open => {
                        return Err(FidesError::Cycle {
                            file,
                            index: entries[p].index,
                            key: entries[p].key.clone(),
                        });
                    }
                    Visit::Done => {}
                }
            } else {
                state[node] = Visit::Done;
                order.push(node);
                dfs.pop();
            }
        }
    }

    // Lines.
    let mut section = Section {
        file,
        lines: Vec::new(),
        declared: 0,
        kept_deprecated: 0,
        renamed: 0,
    };
    let mut personal = vec![false; entries.len()];
    for i in order {
        let e = &entries[i];
        if names[i] != e.key {
            let why = if e.key.split('.').any(|s| RESERVED.contains(&s))
                && key_ok_apart_from_reserved(&e.key)
            {
                "contains a reserved word"
            } else {
                "is not a valid mandate name"
            };
            section.lines.push(Line::Comment(shorten(
                &format!("fides_key \"{}\" {why}; written as {}", e.key, names[i]),
                MAX_COMMENT_CHARS - 2,
            )));
            section.renamed += 1;
        }
        if let Some(v) = &e.version_deprecated {
            let mut text = format!("deprecated in fideslang {v}");
            if let Some(r) = &e.replaced_by {
                text.push_str(&format!(" (replaced by {r})"));
            }
            text.push_str("; kept, since Fides still evaluates it");
            section
                .lines
                .push(Line::Comment(shorten(&text, MAX_COMMENT_CHARS - 2)));
            section.kept_deprecated += 1;
        }
        // A dotted key without `parent_key` needs no note: its prefix is its parent either way.
        if let (Some(prefix), Some(p)) = (dotted_prefix(&e.key), e.parent_key.as_deref())
            && p != prefix
        {
            section.lines.push(Line::Comment(shorten(
                &format!(
                    "Fides parent_key {p} differs from the dotted prefix {prefix}: both are parents"
                ),
                MAX_COMMENT_CHARS - 2,
            )));
        }
        for note in &e.notes {
            section
                .lines
                .push(Line::Comment(shorten(note, MAX_COMMENT_CHARS - 2)));
        }

        let mut text = format!("{} {}", file.keyword(), names[i]);
        if let Some(p) = explicit[i] {
            text.push_str(" under ");
            text.push_str(&names[p]);
        }
        if file == FidesFile::Categories {
            personal[i] = e.key == "user" || parents(i).any(|p| personal[p]);
            if personal[i] {
                text.push_str(" personal");
            }
        }
        if e.version_deprecated.is_some() {
            text.push_str(" deprecated");
            if let Some(&r) = e.replaced_by.as_deref().and_then(|r| by_key.get(r)) {
                text.push_str(" replaced by ");
                text.push_str(&names[r]);
            }
        }
        let comment = match (&e.name, &e.description) {
            (Some(n), Some(d)) => Some(format!("{n}: {d}")),
            (Some(n), None) => Some(n.clone()),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        }
        .map(|c| shorten(&c, MAX_COMMENT_CHARS - 2));
        section.lines.push(Line::Decl { text, comment });
        section.declared += 1;
    }
    Ok(section)
}

/// Whether rewriting `key` only had to touch reserved words (for the wording of the note).
fn key_ok_apart_from_reserved(key: &str) -> bool {
    key.split('.').all(|s| {
        RESERVED.contains(&s) || {
            let rewritten = mandate_segment(s);
            rewritten == s
        }
    })
}

// ---------------------------------------------------------------- text

/// One line of at most `max` characters: runs of whitespace and control characters become
/// one space; text that is too long is cut at a word boundary where possible and ends in `...`.
fn shorten(text: &str, max: usize) -> String {
    let mut one_line = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
        } else {
            if space && !one_line.is_empty() {
                one_line.push(' ');
            }
            space = false;
            one_line.push(c);
        }
    }
    if one_line.chars().count() <= max {
        return one_line;
    }
    let keep = max.saturating_sub(3);
    let mut cut: String = one_line.chars().take(keep).collect();
    // Cut back to the last space if that does not lose too much.
    if let Some(pos) = cut.rfind(' ')
        && cut[..pos].chars().count() >= keep * 2 / 3
    {
        cut.truncate(pos);
    }
    let trimmed = cut.trim_end_matches([' ', ',', ';', ':', '.']);
    format!("{trimmed}...")
}

/// Escapes text for a double-quoted mandate string.
fn escape_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------- tests

#[cfg(test)]
mod tests {
    use super::*;

    const CATS: &str = "\
data_category:
- fides_key: user
  name: User Data
  description: Data related to the user of the system.
  parent_key: null
  version_deprecated: null
- fides_key: user.contact.email
  name: Email
  description: User's contact email address.
  parent_key: user.contact
- fides_key: user.contact
  name: Contact Data
  description: >-
    Contact data collected about a user,
    folded over two lines.
  parent_key: user
- fides_key: system
  name: System Data
  description: Data unique to, and under control of the system.
  parent_key: null
- fides_key: system.operations
  name: Operations Data
  parent_key: system
";

    const USES: &str = "\
data_use:
- fides_key: analytics
  name: Analytics
  description: Provides analytics.
  parent_key: null
- fides_key: analytics.reporting
  name: Analytics for Reporting
  parent_key: analytics
";

    const SUBJECTS: &str = "\
data_subject:
- fides_key: customer
  name: Customer
  description: An individual or other organization that purchases goods or services.
  rights: null
  automated_decisions_or_profiling: null
- fides_key: employee
  name: Employee
  rights:
    strategy: ALL
  automated_decisions_or_profiling: true
";

    fn generate(c: &str, u: &str, s: &str) -> Result<String, FidesError> {
        fides_to_vocabulary(c, u, s, "fideslang")
    }

    fn decls(out: &str) -> Vec<&str> {
        out.lines()
            .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
            .skip(1) // the header
            .map(|l| l.split('#').next().unwrap_or("").trim_end())
            .collect()
    }

    /// A rough check of the grammar's rules for vocabulary declarations, so that the tests do
    /// not need the parser: keywords, valid names, parents declared before use.
    fn check_syntax(out: &str) {
        let mut lines = out.lines();
        let header = lines.next().unwrap_or("");
        assert!(header.starts_with("vocabulary \""), "header: {header}");
        assert!(header.ends_with("version \"3.1.3\""), "header: {header}");
        assert!(out.ends_with('\n') && !out.ends_with("\n\n"));
        let valid_segment = |s: &str| {
            let mut cs = s.chars();
            matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && !RESERVED.contains(&s)
        };
        let mut declared: HashMap<&str, Vec<String>> = HashMap::new();
        for line in lines {
            if let Some(pos) = line.find('#') {
                let comment = &line[pos..];
                assert!(
                    comment.chars().count() <= MAX_COMMENT_CHARS,
                    "comment too long: {comment}"
                );
            }
            let code = line.split('#').next().unwrap_or("").trim();
            if code.is_empty() {
                continue;
            }
            let words: Vec<&str> = code.split_whitespace().collect();
            let kw = words[0];
            assert!(
                matches!(kw, "category" | "purpose" | "subject"),
                "line: {line}"
            );
            let name = words[1];
            assert!(name.split('.').all(valid_segment), "bad name in: {line}");
            let seen = declared.entry(kw).or_default();
            if let Some(prefix) = dotted_prefix(name) {
                assert!(
                    seen.iter().any(|d| d == prefix),
                    "parent {prefix} not declared before: {line}"
                );
            }
            let mut rest = &words[2..];
            if rest.first() == Some(&"under") {
                assert!(
                    seen.iter().any(|d| d == rest[1]),
                    "parent {} not declared before: {line}",
                    rest[1]
                );
                rest = &rest[2..];
            }
            if rest.first() == Some(&"personal") {
                assert_eq!(kw, "category");
                rest = &rest[1..];
            }
            if rest.first() == Some(&"deprecated") {
                rest = &rest[1..];
                if rest.first() == Some(&"replaced") {
                    assert_eq!(rest.get(1), Some(&"by"), "{line}");
                    assert!(
                        rest.get(2).is_some_and(|r| r.split('.').all(valid_segment)),
                        "{line}"
                    );
                    rest = &rest[3..];
                }
            }
            assert!(rest.is_empty(), "unexpected words in: {line}");
            seen.push(name.to_string());
        }
    }

    #[test]
    fn inline_sample_maps_all_three_files() {
        let out = generate(CATS, USES, SUBJECTS).expect("valid sample");
        check_syntax(&out);
        assert!(out.starts_with("vocabulary \"fideslang\" version \"3.1.3\"\n"));
        assert!(out.contains(FIDES_CREDIT));
        assert_eq!(
            decls(&out),
            vec![
                "category user personal",
                "category user.contact personal",
                "category user.contact.email personal",
                "category system",
                "category system.operations",
                "purpose analytics",
                "purpose analytics.reporting",
                "subject customer",
                "subject employee",
            ]
        );
        // Names and descriptions as trailing comments, folded onto one line.
        assert!(out.contains(
            "# Contact Data: Contact data collected about a user, folded over two lines.\n"
        ));
        assert!(out.contains("# Operations Data\n"));
        // Subject fields that have no mandate equivalent survive as comments.
        assert!(out.contains("# Fides rights: {strategy: ALL}\n"));
        assert!(out.contains("# Fides automated decisions or profiling: true\n"));
        assert!(decls(&out).iter().all(|d| !d.contains("sensitivity")));
    }

    #[test]
    fn output_is_deterministic_and_stable() {
        let a = generate(CATS, USES, SUBJECTS).expect("valid");
        let b = generate(CATS, USES, SUBJECTS).expect("valid");
        assert_eq!(a, b);
        assert!(a.ends_with('\n'));
    }

    #[test]
    fn exact_output_for_a_tiny_input() {
        let out = fides_to_vocabulary(
            "data_category:\n- fides_key: user\n  name: User Data\n",
            "data_use: []\n",
            "data_subject:\n- fides_key: patient\n  name: Patient\n  description: Someone treated.\n",
            "tiny",
        )
        .expect("valid");
        let body = out
            .split("\n\n# ------")
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n\n# ------");
        assert_eq!(
            body,
            "---------------------------------- categories (data_categories.yml -> category)\n\
             \n\
             category user personal # User Data\n\
             \n\
             # ---------------------------------------- purposes (data_uses.yml -> purpose)\n\
             \n\
             # (none)\n\
             \n\
             # ---------------------------------------- subjects (data_subjects.yml -> subject)\n\
             \n\
             subject patient # Patient: Someone treated.\n"
        );
        assert!(out.starts_with("vocabulary \"tiny\" version \"3.1.3\"\n\n# Generated by"));
        assert!(out.contains("# data_categories.yml: 1 categories; 0 deprecated (kept, marked `deprecated`); 0 renamed.\n"));
    }

    #[test]
    fn parent_key_that_differs_from_the_prefix_becomes_under() {
        let cats = "\
data_category:
- fides_key: user.health
  parent_key: user
- fides_key: user
- fides_key: medical
  parent_key: user.health
";
        let out = generate(cats, USES, SUBJECTS).expect("valid");
        check_syntax(&out);
        assert_eq!(
            &decls(&out)[..3],
            &[
                "category user personal",
                "category user.health personal",
                "category medical under user.health personal"
            ]
        );
    }

    #[test]
    fn invalid_segments_and_reserved_words_are_rewritten() {
        assert_eq!(mandate_segment("email"), "email");
        assert_eq!(mandate_segment("e-mail"), "e-mail");
        assert_eq!(mandate_segment("first name"), "first_name");
        assert_eq!(mandate_segment("1st"), "_1st");
        assert_eq!(mandate_segment("-x"), "_-x");
        assert_eq!(mandate_segment(""), "_");
        assert_eq!(mandate_segment("and"), "and_");
        assert_eq!(mandate_segment("android"), "android");
        assert_eq!(mandate_segment("AND"), "AND");
        assert_eq!(mandate_segment("données"), "donn_es");
        assert_eq!(mandate_name("user.deny.3d"), "user.deny_._3d");

        let cats = "\
data_category:
- fides_key: user
- fides_key: user.deny
- fides_key: user.deny.first name
  parent_key: user.deny
";
        let out = generate(cats, USES, SUBJECTS).expect("valid");
        check_syntax(&out);
        assert!(out.contains(
            "# fides_key \"user.deny\" contains a reserved word; written as user.deny_\n"
        ));
        assert!(out.contains(
            "# fides_key \"user.deny.first name\" is not a valid mandate name; written as user.deny_.first_name\n"
        ));
        assert!(out.contains("category user.deny_.first_name personal"));
        assert!(out.contains("# data_categories.yml: 3 categories; 0 deprecated (kept, marked `deprecated`); 2 renamed."));
    }

    #[test]
    fn deprecated_entries_are_kept_and_marked() {
        let cats = "\
data_category:
- fides_key: user
- fides_key: user.old
  name: Old
  version_deprecated: 2.1.0
  replaced_by: user.new
- fides_key: user.gone
  version_deprecated: 2.0.0
- fides_key: user.gone.kept_child
- fides_key: user.new
";
        let out = generate(cats, USES, SUBJECTS).expect("valid");
        check_syntax(&out);
        assert!(out.contains(
            "# deprecated in fideslang 2.1.0 (replaced by user.new); kept, since Fides still evaluates it\ncategory user.old personal deprecated replaced by user.new"
        ), "{out}");
        assert!(out.contains("# deprecated in fideslang 2.0.0; kept, since Fides still evaluates it\ncategory user.gone personal deprecated"));
        assert!(out.contains(
            "# data_categories.yml: 5 categories; 2 deprecated (kept, marked `deprecated`); 0 renamed."
        ));
    }

    #[test]
    fn long_descriptions_are_cut_to_one_short_line() {
        let long = "word ".repeat(60);
        let cats = format!(
            "data_category:\n- fides_key: system\n  name: System\n  description: \"{long}\\nsecond line\"\n"
        );
        let out = generate(&cats, USES, SUBJECTS).expect("valid");
        check_syntax(&out);
        let line = out
            .lines()
            .find(|l| l.starts_with("category system"))
            .expect("declared");
        let comment = &line[line.find('#').expect("comment")..];
        assert!(comment.chars().count() <= MAX_COMMENT_CHARS);
        assert!(comment.ends_with("word..."), "{comment}");

        assert_eq!(shorten("a\n  b\t\rc", 100), "a b c");
        assert_eq!(shorten("abcdefghij", 8), "abcde...");
        assert_eq!(shorten("ünïcödé ünïcödé ünïcödé", 12), "ünïcödé...");
    }

    #[test]
    fn vocabulary_name_is_escaped() {
        let out = fides_to_vocabulary(CATS, USES, SUBJECTS, "a \"b\" \\ c").expect("valid");
        assert!(out.starts_with("vocabulary \"a \\\"b\\\" \\\\ c\" version \"3.1.3\"\n"));
        assert_eq!(
            fides_to_vocabulary(CATS, USES, SUBJECTS, " "),
            Err(FidesError::EmptyVocabularyName)
        );
    }

    #[test]
    fn a_bare_list_and_an_empty_list_are_accepted() {
        let out =
            generate("- fides_key: user\n", "data_use:\n", "data_subject: []\n").expect("valid");
        assert_eq!(decls(&out), vec!["category user personal"]);
    }

    #[test]
    fn errors_name_the_file_and_entry() {
        let bad = |c: &str, u: &str, s: &str| generate(c, u, s).expect_err("should fail");

        let e = bad("data_category: [unclosed\n", USES, SUBJECTS);
        assert!(
            matches!(
                e,
                FidesError::Yaml {
                    file: FidesFile::Categories,
                    ..
                }
            ),
            "{e}"
        );
        assert!(
            e.to_string()
                .starts_with("data_categories.yml: not valid YAML")
        );

        let e = bad(CATS, "data_category: []\n", SUBJECTS);
        assert!(
            matches!(
                e,
                FidesError::Shape {
                    file: FidesFile::Uses,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("`data_use:`"), "{e}");
        assert!(e.to_string().contains("data_category"), "{e}");

        let e = bad(CATS, USES, "");
        assert!(
            matches!(
                e,
                FidesError::Shape {
                    file: FidesFile::Subjects,
                    ..
                }
            ),
            "{e}"
        );
        let e = bad(CATS, USES, "a: 1\n---\nb: 2\n");
        assert!(
            matches!(
                e,
                FidesError::Shape {
                    file: FidesFile::Subjects,
                    ..
                }
            ),
            "{e}"
        );
        let e = bad(CATS, USES, "data_subject: 3\n");
        assert!(
            matches!(
                e,
                FidesError::Shape {
                    file: FidesFile::Subjects,
                    ..
                }
            ),
            "{e}"
        );
        let e = bad(CATS, USES, "just text\n");
        assert!(
            matches!(
                e,
                FidesError::Shape {
                    file: FidesFile::Subjects,
                    ..
                }
            ),
            "{e}"
        );

        let e = bad(
            CATS,
            USES,
            "data_subject:\n- fides_key: a\n- just a string\n",
        );
        assert_eq!(
            e,
            FidesError::EntryNotMapping {
                file: FidesFile::Subjects,
                index: 2
            }
        );
        assert_eq!(
            e.to_string(),
            "data_subjects.yml: entry 2 is not a mapping of fields"
        );

        let e = bad(CATS, USES, "data_subject:\n- name: Nameless\n");
        assert_eq!(
            e,
            FidesError::MissingKey {
                file: FidesFile::Subjects,
                index: 1
            }
        );
        let e = bad(CATS, USES, "data_subject:\n- fides_key: ''\n");
        assert_eq!(
            e,
            FidesError::MissingKey {
                file: FidesFile::Subjects,
                index: 1
            }
        );
        let e = bad(CATS, USES, "data_subject:\n- fides_key: [a, b]\n");
        assert!(
            matches!(
                e,
                FidesError::BadField {
                    field: "fides_key",
                    ..
                }
            ),
            "{e}"
        );

        let e = bad(CATS, "data_use:\n- fides_key: a\n  name: [x]\n", SUBJECTS);
        assert_eq!(
            e.to_string(),
            "data_uses.yml: entry 1 (`a`): field `name` should be a string or null"
        );

        let e = bad(
            CATS,
            "data_use:\n- fides_key: a\n- fides_key: b\n- fides_key: a\n",
            SUBJECTS,
        );
        assert_eq!(
            e,
            FidesError::DuplicateKey {
                file: FidesFile::Uses,
                key: "a".into(),
                first: 1,
                second: 3
            }
        );

        let e = bad(
            CATS,
            "data_use:\n- fides_key: a b\n- fides_key: a_b\n",
            SUBJECTS,
        );
        assert!(
            matches!(e, FidesError::NameCollision { ref name, .. } if name == "a_b"),
            "{e}"
        );

        let e = bad("data_category:\n- fides_key: user.x\n", USES, SUBJECTS);
        assert_eq!(
            e.to_string(),
            "data_categories.yml: entry 1 (`user.x`) has parent `user` (dotted prefix), which is not in the file"
        );
        let e = bad(
            "data_category:\n- fides_key: x\n  parent_key: nowhere\n",
            USES,
            SUBJECTS,
        );
        assert!(
            matches!(
                e,
                FidesError::UnknownParent {
                    how: "parent_key",
                    ..
                }
            ),
            "{e}"
        );

        let e = bad(
            "data_category:\n- fides_key: a\n  parent_key: b\n- fides_key: b\n  parent_key: a\n",
            USES,
            SUBJECTS,
        );
        assert!(
            matches!(
                e,
                FidesError::Cycle {
                    file: FidesFile::Categories,
                    ..
                }
            ),
            "{e}"
        );
        let e = bad(
            "data_category:\n- fides_key: a\n  parent_key: a\n",
            USES,
            SUBJECTS,
        );
        assert!(matches!(e, FidesError::Cycle { .. }), "{e}");
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let mut cats = String::from("data_category:\n");
        // Listed children first, so that the search has to go all the way up.
        for i in (0..3000).rev() {
            cats.push_str(&format!("- fides_key: c{i}\n"));
            if i > 0 {
                cats.push_str(&format!("  parent_key: c{}\n", i - 1));
            }
        }
        let out = generate(&cats, USES, SUBJECTS).expect("valid");
        let d = decls(&out);
        assert_eq!(d[0], "category c0");
        assert_eq!(d[1], "category c1 under c0");
    }

    /// The real taxonomy, when the shared vocabulary folder sits next to the repository.
    #[test]
    fn real_fideslang_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("policies/fideslang/source");
        if !dir.is_dir() {
            eprintln!("skipping real_fideslang_files: {} not found", dir.display());
            return;
        }
        let read = |f: &str| {
            std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("reading {f}: {e}"))
        };
        let out = fides_to_vocabulary(
            &read("data_categories.yml"),
            &read("data_uses.yml"),
            &read("data_subjects.yml"),
            "fideslang",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        check_syntax(&out);
        let d = decls(&out);
        let count = |kw: &str| d.iter().filter(|l| l.starts_with(kw)).count();
        assert_eq!(count("category "), 85);
        assert_eq!(count("purpose "), 56);
        assert!(out.contains(
            "\npurpose personalize.profiling deprecated replaced by personalize.content.profiling"
        ));
        assert!(out.contains("\npurpose functional.storage.privacy_preferences "));
        assert_eq!(count("subject "), 15);
        for l in d.iter().filter(|l| l.starts_with("category user")) {
            assert!(l.ends_with(" personal"), "{l}");
        }
        for l in d.iter().filter(|l| l.starts_with("category system")) {
            assert!(!l.ends_with(" personal"), "{l}");
        }
        assert!(out.contains("\ncategory user.biometric.health personal "));
        // The checked-in generated file must match what `mandate import fides` writes (the
        // importer's text, formatted), when it is there.
        let generated = root.join("policies/fideslang/fides.policy");
        let written = crate::tools::fmt::format(crate::source::FileId(0), &out)
            .unwrap_or_else(|e| panic!("the import does not format: {e:?}"));
        if let Ok(existing) = std::fs::read_to_string(&generated) {
            assert!(
                existing == written,
                "{} is out of date: regenerate it with `mandate import fides --from policies/fideslang/source -o policies/fideslang/fides.policy`",
                generated.display()
            );
        }
    }
}
