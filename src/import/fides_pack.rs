//! Import of a Fides project (policies, systems with their privacy declarations, datasets) as
//! a mandate pack: the rules Fides evaluates, and the flows it evaluates them on.
//!
//! Fides (Ethyca) evaluates every rule of every policy against every privacy declaration of
//! every system, and against every part of the datasets a declaration references (the dataset,
//! each collection, each field at any depth, when that part lists data categories). A rule is
//! violated when its three lists (data categories, data uses, data subjects) all match, each
//! with its `matches` (`ANY`, `ALL`, `NONE`, `OTHER`). The mapping:
//!
//! | Fides | mandate |
//! |---|---|
//! | a policy rule | `deny "POLICY/RULE" when data M [..] and purpose M [..] and subjects M [..]`, cited with the policy's and the rule's keys |
//! | a system | `party SYSTEM kind system` |
//! | a privacy declaration | a flow from the system to itself, with its categories, use and subjects |
//! | a referenced dataset's part that lists categories | a flow like its declaration's, with that part's categories |
//! | a user-defined category, use or subject | a `category`, `purpose` or `subject` of the pack |
//!
//! Since Fides passes whatever no rule forbids, the pack also has one `allow` rule for every
//! flow: a flow is then forbidden exactly when Fides reports a violation for it.
//!
//! [`fides_to_pack`] does no I/O: it returns the files to write, with names made only of
//! `[a-z0-9_-]` (a Fides key never becomes a path as written).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use yaml_rust2::{Yaml, YamlLoader};

use super::fides::{FIDES_CREDIT, mandate_name, mandate_segment};

/// The day every imported flow is dated: Fides' evaluation has no time.
pub const FLOW_DAY: &str = "2025-01-01T00:00:00Z";

/// The name of the party kind every Fides system gets.
pub const SYSTEM_KIND: &str = "system";

/// At most this many levels of nested dataset fields are read (Fides has no limit; a deeper
/// file is refused rather than followed without end).
pub const MAX_FIELD_DEPTH: usize = 64;

/// One Fides manifest: its name as shown to the user, and its text.
#[derive(Clone, Debug)]
pub struct Manifest<'a> {
    /// The file's name, for errors.
    pub file: &'a str,
    /// Its YAML text.
    pub text: &'a str,
}

/// What the pack needs that a Fides project does not say.
#[derive(Clone, Debug)]
pub struct PackOptions {
    /// The policy's name (`policy "…"`).
    pub name: String,
    /// The ISO 3166-1 alpha-2 jurisdiction given to every system (Fides does not locate
    /// systems; no imported rule reads it).
    pub jurisdiction: String,
}

/// The files of the pack, by path relative to the pack folder, and what the import changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pack {
    /// Relative path (only `[a-z0-9_.-]` segments joined by `/`) → content.
    pub files: BTreeMap<String, String>,
    /// The flows' ids, each with its file name under `flows/`.
    pub flows: Vec<(String, String)>,
    /// Notes about the import (duplicates removed, names rewritten), one per line.
    pub notes: Vec<Note>,
}

/// Something the import changed, for the user to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A declaration or dataset part listed a category or subject twice; it counts once.
    Duplicate {
        /// The manifest.
        file: String,
        /// Where (`system/declaration`).
        key: String,
        /// The repeated key.
        value: String,
    },
}

/// What a Fides value should have been (for [`PackError::Shape`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// A mapping of resource kinds (`policy`, `system`, `dataset`).
    Kinds,
    /// A list of resources or of fields.
    List,
    /// A mapping of fields.
    Fields,
    /// A list of keys.
    Keys,
    /// A `fides_key`.
    Key,
    /// `matches` and `values`.
    MatchesValues,
    /// A data use.
    DataUse,
}

/// Why a Fides project could not be imported: each names the Fides file and the key. Shown
/// in words by [`crate::words::fides_error`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem")]
pub enum PackError {
    /// The file is not YAML.
    #[serde(rename = "fides.yaml")]
    Yaml {
        /// The manifest.
        file: String,
        /// The YAML reader's own words (with line and column).
        detail: String,
    },
    /// A value does not have the shape Fides gives it.
    #[serde(rename = "fides.shape")]
    Shape {
        /// The manifest.
        file: String,
        /// Where, as a path of keys (`policy/primary_privacy_policy/rules/1/data_uses`).
        key: String,
        /// What was expected there.
        expected: Expected,
    },
    /// A `matches` that is not `ANY`, `ALL`, `NONE` or `OTHER`.
    #[serde(rename = "fides.matches")]
    Matches {
        /// The manifest.
        file: String,
        /// Where.
        key: String,
        /// What it says.
        found: String,
    },
    /// A declaration references a dataset no manifest declares.
    #[serde(rename = "fides.unknown_dataset")]
    UnknownDataset {
        /// The manifest.
        file: String,
        /// Where (`system/…/privacy_declarations/…`).
        key: String,
        /// The dataset's key.
        dataset: String,
    },
    /// Two resources of one kind have the same key.
    #[serde(rename = "fides.duplicate_key")]
    DuplicateKey {
        /// The manifest.
        file: String,
        /// The kind and key (`system/customer_data`).
        key: String,
    },
    /// Dataset fields nested deeper than [`MAX_FIELD_DEPTH`].
    #[serde(rename = "fides.too_deep")]
    TooDeep {
        /// The manifest.
        file: String,
        /// Where.
        key: String,
        /// The limit.
        max: usize,
    },
    /// No manifest holds a policy or a system.
    #[serde(rename = "fides.empty")]
    Empty,
}

/// One list of a rule: how it matches, and the Fides keys.
struct RuleList {
    matches: &'static str,
    values: Vec<String>,
}

struct Rule {
    policy: String,
    key: String,
    description: Option<String>,
    categories: RuleList,
    uses: RuleList,
    subjects: RuleList,
}

struct Declaration {
    file: String,
    system: String,
    name: String,
    categories: Vec<String>,
    use_: String,
    subjects: Vec<String>,
    datasets: Vec<String>,
}

/// A dataset part that lists categories: its path (`dataset`, `dataset/collection`,
/// `dataset/collection/field/sub`) and categories.
type Part = (String, Vec<String>);

#[derive(Default)]
struct Project {
    rules: Vec<Rule>,
    systems: Vec<String>,
    declarations: Vec<Declaration>,
    datasets: BTreeMap<String, Vec<Part>>,
    /// User-defined terms: (keyword, Fides key, parent_key).
    terms: Vec<(&'static str, String, Option<String>)>,
    /// Fides `evaluation` resources: the expected status and its violations' details.
    evaluations: Vec<(String, Vec<String>)>,
}

/// Reads the manifests and returns the pack's files. See the [module documentation](self).
pub fn fides_to_pack(manifests: &[Manifest<'_>], options: &PackOptions) -> Result<Pack, PackError> {
    let mut project = Project::default();
    let mut seen: HashSet<String> = HashSet::new();
    for m in manifests {
        read_manifest(m, &mut project, &mut seen)?;
    }
    if project.rules.is_empty() && project.declarations.is_empty() {
        return Err(PackError::Empty);
    }
    let mut pack = Pack::default();
    pack.files
        .insert("fides.policy".into(), policy_text(&project, options));
    if let Some(t) = taxonomy_text(&project) {
        pack.files.insert("taxonomy.policy".into(), t);
    }
    flows(&project, &mut pack)?;
    if let Some(text) = expectations(&project, &pack) {
        pack.files.insert("flows/expected.json".into(), text);
    }
    Ok(pack)
}

// ---------------------------------------------------------------- reading

fn read_manifest(
    m: &Manifest<'_>,
    p: &mut Project,
    seen: &mut HashSet<String>,
) -> Result<(), PackError> {
    let file = m.file.to_owned();
    let docs = YamlLoader::load_from_str(m.text).map_err(|e| PackError::Yaml {
        file: file.clone(),
        detail: e.to_string(),
    })?;
    let shape = |key: &str, expected| PackError::Shape {
        file: file.clone(),
        key: key.to_owned(),
        expected,
    };
    for doc in &docs {
        let Yaml::Hash(top) = doc else {
            return Err(shape("", Expected::Kinds));
        };
        for (k, v) in top {
            let Some(kind) = k.as_str() else {
                return Err(shape("", Expected::Kinds));
            };
            let items: &[Yaml] = match v {
                Yaml::Array(a) => a,
                Yaml::Null => &[],
                _ => return Err(shape(kind, Expected::List)),
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("{kind}/{}", i + 1);
                let Yaml::Hash(_) = item else {
                    return Err(shape(&at, Expected::Fields));
                };
                let key = |field: &str| text(item, field);
                let fides_key = key("fides_key");
                let named = |at: &str| -> Result<String, PackError> {
                    fides_key
                        .clone()
                        .ok_or_else(|| shape(&format!("{at}/fides_key"), Expected::Key))
                };
                match kind {
                    "policy" | "system" | "dataset" | "data_category" | "data_use"
                    | "data_subject" | "evaluation" => {
                        let k = named(&at)?;
                        if !seen.insert(format!("{kind}/{k}")) {
                            return Err(PackError::DuplicateKey {
                                file: file.clone(),
                                key: format!("{kind}/{k}"),
                            });
                        }
                    }
                    _ => continue,
                }
                let k = named(&at)?;
                match kind {
                    "policy" => read_policy(&file, &k, item, p)?,
                    "system" => read_system(&file, &k, item, p)?,
                    "dataset" => {
                        let mut parts = Vec::new();
                        let at = format!("dataset/{k}");
                        let cats = strings(item, "data_categories", &file, &at)?;
                        if !cats.is_empty() {
                            parts.push((k.clone(), cats));
                        }
                        for (ci, c) in list(item, "collections", &file, &at)?.iter().enumerate() {
                            let cname = text(c, "name").unwrap_or_else(|| (ci + 1).to_string());
                            let cat = format!("{at}/collections/{cname}");
                            let cats = strings(c, "data_categories", &file, &cat)?;
                            let path = format!("{k}/{cname}");
                            if !cats.is_empty() {
                                parts.push((path.clone(), cats));
                            }
                            fields(c, &file, &cat, &path, 0, &mut parts)?;
                        }
                        p.datasets.insert(k, parts);
                    }
                    "evaluation" => {
                        let at = format!("evaluation/{k}");
                        let status = key("status").unwrap_or_default();
                        let mut details = Vec::new();
                        for v in list(item, "violations", &file, &at)? {
                            details.extend(text(v, "detail"));
                        }
                        p.evaluations.push((status, details));
                    }
                    "data_category" => p.terms.push(("category", k, key("parent_key"))),
                    "data_use" => p.terms.push(("purpose", k, key("parent_key"))),
                    _ => p.terms.push(("subject", k, None)),
                }
            }
        }
    }
    Ok(())
}

/// Every field of `node` that lists categories, at any depth (Fides' `get_all_level_fields`).
fn fields(
    node: &Yaml,
    file: &str,
    at: &str,
    path: &str,
    depth: usize,
    out: &mut Vec<Part>,
) -> Result<(), PackError> {
    if depth >= MAX_FIELD_DEPTH {
        return Err(PackError::TooDeep {
            file: file.to_owned(),
            key: at.to_owned(),
            max: MAX_FIELD_DEPTH,
        });
    }
    for (i, f) in list(node, "fields", file, at)?.iter().enumerate() {
        let name = text(f, "name").unwrap_or_else(|| (i + 1).to_string());
        let fat = format!("{at}/fields/{name}");
        let fpath = format!("{path}/{name}");
        let cats = strings(f, "data_categories", file, &fat)?;
        if !cats.is_empty() {
            out.push((fpath.clone(), cats));
        }
        fields(f, file, &fat, &fpath, depth + 1, out)?;
    }
    Ok(())
}

fn read_policy(file: &str, key: &str, item: &Yaml, p: &mut Project) -> Result<(), PackError> {
    let at = format!("policy/{key}");
    for (i, r) in list(item, "rules", file, &at)?.iter().enumerate() {
        let rkey = text(r, "fides_key")
            .or_else(|| text(r, "name"))
            .unwrap_or_else(|| (i + 1).to_string());
        let rat = format!("{at}/rules/{rkey}");
        let side = |field: &str| -> Result<RuleList, PackError> {
            let fat = format!("{rat}/{field}");
            let Some(node) = get(r, field) else {
                return Err(PackError::Shape {
                    file: file.to_owned(),
                    key: fat,
                    expected: Expected::MatchesValues,
                });
            };
            let found = text(node, "matches").unwrap_or_default();
            let matches = match found.as_str() {
                "ANY" => "any of",
                "ALL" => "all of",
                "NONE" => "none of",
                "OTHER" => "other than",
                _ => {
                    return Err(PackError::Matches {
                        file: file.to_owned(),
                        key: format!("{fat}/matches"),
                        found,
                    });
                }
            };
            Ok(RuleList {
                matches,
                values: strings(node, "values", file, &fat)?,
            })
        };
        p.rules.push(Rule {
            policy: key.to_owned(),
            key: rkey.clone(),
            description: text(r, "description"),
            categories: side("data_categories")?,
            uses: side("data_uses")?,
            subjects: side("data_subjects")?,
        });
    }
    Ok(())
}

fn read_system(file: &str, key: &str, item: &Yaml, p: &mut Project) -> Result<(), PackError> {
    let at = format!("system/{key}");
    p.systems.push(key.to_owned());
    for (i, d) in list(item, "privacy_declarations", file, &at)?
        .iter()
        .enumerate()
    {
        let name = text(d, "name").unwrap_or_else(|| (i + 1).to_string());
        let dat = format!("{at}/privacy_declarations/{name}");
        let Some(use_) = text(d, "data_use") else {
            return Err(PackError::Shape {
                file: file.to_owned(),
                key: format!("{dat}/data_use"),
                expected: Expected::DataUse,
            });
        };
        p.declarations.push(Declaration {
            file: file.to_owned(),
            system: key.to_owned(),
            name,
            categories: strings(d, "data_categories", file, &dat)?,
            use_,
            subjects: strings(d, "data_subjects", file, &dat)?,
            datasets: strings(d, "dataset_references", file, &dat)?,
        });
    }
    Ok(())
}

fn get<'y>(node: &'y Yaml, field: &str) -> Option<&'y Yaml> {
    match node {
        Yaml::Hash(h) => match h.get(&Yaml::String(field.to_owned())) {
            None | Some(Yaml::Null) => None,
            Some(v) => Some(v),
        },
        _ => None,
    }
}

/// A scalar field as text (a number or a boolean as written), absent when empty.
fn text(node: &Yaml, field: &str) -> Option<String> {
    let s = match get(node, field)? {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => return None,
    };
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn list<'y>(node: &'y Yaml, field: &str, file: &str, at: &str) -> Result<&'y [Yaml], PackError> {
    match get(node, field) {
        None => Ok(&[]),
        Some(Yaml::Array(a)) => Ok(a),
        Some(_) => Err(PackError::Shape {
            file: file.to_owned(),
            key: format!("{at}/{field}"),
            expected: Expected::List,
        }),
    }
}

fn strings(node: &Yaml, field: &str, file: &str, at: &str) -> Result<Vec<String>, PackError> {
    list(node, field, file, at)?
        .iter()
        .map(|y| match y {
            Yaml::String(s) => Ok(s.trim().to_owned()),
            _ => Err(PackError::Shape {
                file: file.to_owned(),
                key: format!("{at}/{field}"),
                expected: Expected::Keys,
            }),
        })
        .collect()
}

// ---------------------------------------------------------------- writing

/// A subject's name: Fides' subjects are flat, so a dotted user-defined key becomes one
/// segment (`a.b` → `a_b`) rather than a child of `a`.
pub fn subject_name(key: &str) -> String {
    mandate_segment(key)
}

/// A string for the policy language: quotes and backslashes escaped, line breaks as spaces.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn names(keys: &[String], name: fn(&str) -> String) -> String {
    let mut seen = BTreeSet::new();
    let list: Vec<String> = keys
        .iter()
        .map(|k| name(k))
        .filter(|n| seen.insert(n.clone()))
        .collect();
    format!("[{}]", list.join(", "))
}

fn policy_text(p: &Project, o: &PackOptions) -> String {
    let mut out = String::new();
    out.push_str(&format!("policy {} version \"fides\"\n", quoted(&o.name)));
    out.push_str("use vocabulary \"fideslang\"\n\n");
    out.push_str("# Imported by `mandate import fides` from a Fides project. Fides evaluates each rule as a\n");
    out.push_str(
        "# prohibition: a rule is violated when its data categories, data uses and data subjects\n",
    );
    out.push_str("# all match. What no rule forbids passes, hence the one `allow` rule below.\n");
    out.push_str(&format!("# Taxonomy: {FIDES_CREDIT}\n\n"));
    out.push_str(&format!("party kind {SYSTEM_KIND}\n"));
    for s in &p.systems {
        out.push_str(&format!(
            "party {} kind {SYSTEM_KIND} jurisdiction {}\n",
            party_name(s),
            quoted(&o.jurisdiction)
        ));
    }
    out.push('\n');
    out.push_str("allow \"Fides: what no rule forbids\" when true\n");
    out.push_str(
        "  cite \"Fides evaluation: a declaration that violates no policy rule passes\"\n",
    );
    for r in &p.rules {
        out.push('\n');
        if let Some(d) = &r.description {
            out.push_str(&format!("# {}\n", d.replace(['\n', '\r'], " ")));
        }
        out.push_str(&format!(
            "deny {}\n",
            quoted(&format!("{}/{}", r.policy, r.key))
        ));
        out.push_str(&format!(
            "  when data {} {}\n   and purpose {} {}\n   and subjects {} {}\n",
            r.categories.matches,
            names(&r.categories.values, mandate_name),
            r.uses.matches,
            names(&r.uses.values, mandate_name),
            r.subjects.matches,
            names(&r.subjects.values, subject_name),
        ));
        out.push_str(&format!(
            "  cite {}\n",
            quoted(&format!("Fides policy {}, rule {}", r.policy, r.key))
        ));
    }
    out
}

/// A party's name for a system key: one mandate identifier.
pub fn party_name(key: &str) -> String {
    mandate_segment(key)
}

/// User-defined terms not in the default taxonomy, parents first as the file lists them.
fn taxonomy_text(p: &Project) -> Option<String> {
    let defaults = default_terms();
    let terms: Vec<_> = p
        .terms
        .iter()
        .filter(|(kw, k, _)| !defaults.contains(&(*kw, mandate_name(k))))
        .collect();
    if terms.is_empty() {
        return None;
    }
    let mut out = String::from(
        "# User-defined taxonomy of the Fides project (beside fideslang's default one).\n",
    );
    for (kw, k, parent) in terms {
        let name = if *kw == "subject" {
            subject_name(k)
        } else {
            mandate_name(k)
        };
        out.push_str(&format!("{kw} {name}"));
        let prefix = k.rfind('.').map(|i| &k[..i]);
        if let Some(parent) = parent
            .as_deref()
            .filter(|&pk| Some(pk) != prefix && *kw != "subject")
        {
            out.push_str(&format!(" under {}", mandate_name(parent)));
        }
        out.push('\n');
    }
    Some(out)
}

/// The terms of the bundled fideslang vocabulary, as (keyword, name).
fn default_terms() -> HashSet<(&'static str, String)> {
    DEFAULT_VOCABULARY
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let kw = match words.next()? {
                "category" => "category",
                "purpose" => "purpose",
                "subject" => "subject",
                _ => return None,
            };
            Some((kw, words.next()?.to_owned()))
        })
        .collect()
}

/// The bundled fideslang vocabulary, written into the pack as `fideslang/fides.policy`.
pub const DEFAULT_VOCABULARY: &str = include_str!("../../policies/fideslang/fides.policy");

/// `flows/expected.json` from the project's Fides `evaluation` resources, when it has some: a
/// `PASS` expects every flow allowed; a `FAIL` expects forbidden each flow its violations name
/// (Fides' `detail`: "Declaration (D) of system (S) failed rule (R) from policy (P)", then "for
/// dataset (X)", "for dataset collection (C)" or "for dataset field (F)"), cited by that rule,
/// and allowed every other one. A violation that names no imported flow expects nothing of
/// the flows it cannot name, rather than guess.
fn expectations(p: &Project, pack: &Pack) -> Option<String> {
    if p.evaluations.is_empty() {
        return None;
    }
    let mut denied: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (status, details) in &p.evaluations {
        if status != "FAIL" {
            continue;
        }
        for detail in details {
            let Some(v) = Violation::parse(detail) else {
                continue;
            };
            for (id, name) in &pack.flows {
                if v.names(id) {
                    denied
                        .entry(name)
                        .or_default()
                        .insert(format!("{}/{}", v.policy, v.rule));
                }
            }
        }
    }
    let mut out = serde_json::Map::new();
    for (_, name) in &pack.flows {
        let expect = match denied.get(name.as_str()) {
            Some(rules) => {
                serde_json::json!({"decision": "deny", "kind": "forbidden", "rules": rules})
            }
            None => serde_json::json!({"decision": "allow"}),
        };
        out.insert(name.clone(), expect);
    }
    serde_json::to_string_pretty(&out).ok().map(|t| t + "\n")
}

/// One violation of a Fides evaluation, read from its `detail`.
struct Violation<'a> {
    declaration: &'a str,
    system: &'a str,
    rule: &'a str,
    policy: &'a str,
    /// `dataset`, `dataset collection` or `dataset field`, and its name.
    part: Option<(&'a str, &'a str)>,
}

impl<'a> Violation<'a> {
    fn parse(detail: &'a str) -> Option<Self> {
        let after = |text: &'a str, before: &str| -> Option<(&'a str, &'a str)> {
            let rest = text.strip_prefix(before)?;
            let end = rest.find(')')?;
            Some((&rest[..end], &rest[end + 1..]))
        };
        let (declaration, rest) = after(detail, "Declaration (")?;
        let (system, rest) = after(rest, " of system (")?;
        let (rule, rest) = after(rest, " failed rule (")?;
        let (policy, rest) = after(rest, " from policy (")?;
        let part = ["dataset field", "dataset collection", "dataset"]
            .into_iter()
            .find_map(|kind| after(rest, &format!(" for {kind} (")).map(|(name, _)| (kind, name)));
        Some(Violation {
            declaration,
            system,
            rule,
            policy,
            part,
        })
    }

    /// Whether the flow `id` (`system/declaration[/dataset/path]`) is the one it names.
    fn names(&self, id: &str) -> bool {
        let Some(rest) = id.strip_prefix(&format!("{}/{}", self.system, self.declaration)) else {
            return false;
        };
        match self.part {
            None => rest.is_empty(),
            Some((kind, name)) => {
                let Some(path) = rest.strip_prefix("/dataset/") else {
                    return false;
                };
                let depth = path.split('/').count();
                match kind {
                    "dataset" => path == name,
                    "dataset collection" => depth == 2 && path.ends_with(&format!("/{name}")),
                    _ => depth > 2 && path.ends_with(&format!("/{name}")),
                }
            }
        }
    }
}

/// A file name for a flow: its number and a readable part made of `[a-z0-9_-]` only, so that
/// no key can climb out of `flows/` or name a special file.
pub fn flow_file_name(number: usize, id: &str) -> String {
    let mut slug: String = id
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '_' | '-') => c,
            _ => '_',
        })
        .collect();
    slug.truncate(80);
    format!("{number:03}-{slug}.json")
}

fn flows(p: &Project, pack: &mut Pack) -> Result<(), PackError> {
    let mut n = 0;
    let mut add = |pack: &mut Pack, d: &Declaration, id: String, cats: &[String]| {
        n += 1;
        let mut data = Vec::new();
        for c in cats {
            let name = mandate_name(c);
            if data.contains(&name) {
                pack.notes.push(Note::Duplicate {
                    file: d.file.clone(),
                    key: id.clone(),
                    value: c.clone(),
                });
            } else {
                data.push(name);
            }
        }
        let mut subjects = Vec::new();
        for s in &d.subjects {
            let name = subject_name(s);
            if !subjects.contains(&name) {
                subjects.push(name);
            }
        }
        let party = party_name(&d.system);
        let flow = serde_json::json!({
            "id": id, "at": FLOW_DAY, "from": party, "to": party,
            "data": data, "purpose": mandate_name(&d.use_), "subjects": subjects,
        });
        let name = flow_file_name(n, &id);
        let text = serde_json::to_string_pretty(&flow).unwrap_or_default() + "\n";
        pack.files.insert(format!("flows/{name}"), text);
        pack.flows.push((id, name));
    };
    for d in &p.declarations {
        add(pack, d, format!("{}/{}", d.system, d.name), &d.categories);
        for ds in &d.datasets {
            let Some(parts) = p.datasets.get(ds) else {
                return Err(PackError::UnknownDataset {
                    file: d.file.clone(),
                    key: format!("system/{}/privacy_declarations/{}", d.system, d.name),
                    dataset: ds.clone(),
                });
            };
            for (path, cats) in parts {
                add(
                    pack,
                    d,
                    format!("{}/{}/dataset/{path}", d.system, d.name),
                    cats,
                );
            }
        }
    }
    if p.declarations.is_empty() {
        return Ok(());
    }
    pack.files.insert(
        "fideslang/fides.policy".into(),
        DEFAULT_VOCABULARY.to_owned(),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> PackOptions {
        PackOptions {
            name: "T".into(),
            jurisdiction: "US".into(),
        }
    }

    const PROJECT: &str = "
data_subject:
  - fides_key: member.gold
data_category:
  - fides_key: user.custom
    parent_key: user
system:
  - fides_key: s
    privacy_declarations:
      - name: d
        data_categories: [user.custom, user.custom, user.name]
        data_use: marketing
        data_subjects: [member.gold]
policy:
  - fides_key: p
    rules:
      - fides_key: r
        data_categories: {matches: ALL, values: [user]}
        data_uses: {matches: NONE, values: [essential]}
        data_subjects: {matches: OTHER, values: [customer]}
";

    /// User-defined subjects stay flat (`member.gold` is one name, not a child of `member`),
    /// user-defined categories join the default taxonomy, and a key listed twice counts once,
    /// with a note.
    #[test]
    fn user_terms_rules_and_flows() {
        let pack = fides_to_pack(
            &[Manifest {
                file: "m.yml",
                text: PROJECT,
            }],
            &options(),
        )
        .expect("imports");
        let taxonomy = &pack.files["taxonomy.policy"];
        assert!(taxonomy.contains("\nsubject member_gold\n"), "{taxonomy}");
        assert!(taxonomy.contains("\ncategory user.custom\n"), "{taxonomy}");
        let policy = &pack.files["fides.policy"];
        assert!(
            policy.contains("when data all of [user]\n   and purpose none of [essential]\n   and subjects other than [customer]"),
            "{policy}"
        );
        assert!(
            policy.contains("cite \"Fides policy p, rule r\""),
            "{policy}"
        );
        let (id, name) = &pack.flows[0];
        assert_eq!(id, "s/d");
        let flow: serde_json::Value =
            serde_json::from_str(&pack.files[&format!("flows/{name}")]).expect("JSON");
        assert_eq!(
            flow["data"],
            serde_json::json!(["user.custom", "user.name"])
        );
        assert_eq!(flow["subjects"], serde_json::json!(["member_gold"]));
        assert_eq!(
            pack.notes,
            [Note::Duplicate {
                file: "m.yml".into(),
                key: "s/d".into(),
                value: "user.custom".into()
            }]
        );
    }

    /// Fields nested beyond the limit are refused, naming where.
    #[test]
    fn nesting_is_bounded() {
        let mut fields = String::from("name: leaf\ndata_categories: [user]\n");
        for i in 0..(MAX_FIELD_DEPTH + 1) {
            let indented: String = fields.lines().map(|l| format!("    {l}\n")).collect();
            fields = format!("name: f{i}\nfields:\n  -\n{indented}");
        }
        let body: String = fields
            .lines()
            .map(|l| format!("            {l}\n"))
            .collect();
        let text = format!(
            "dataset:\n  - fides_key: ds\n    collections:\n      - name: c\n        fields:\n          -\n{body}system:\n  - fides_key: s\n    privacy_declarations:\n      - name: d\n        data_use: marketing\n        dataset_references: [ds]\n"
        );
        let e = fides_to_pack(
            &[Manifest {
                file: "deep.yml",
                text: &text,
            }],
            &options(),
        )
        .expect_err("too deep");
        assert!(
            matches!(e, PackError::TooDeep { ref file, .. } if file == "deep.yml"),
            "{e:?}"
        );
    }

    #[test]
    fn a_key_never_becomes_a_path() {
        for id in ["../../etc/passwd", "/abs", "a/b\\c", "..", "con", "x\u{0}y"] {
            let name = flow_file_name(1, id);
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.".contains(c)),
                "{name}"
            );
            assert!(!name.contains(".."), "{name}");
            assert!(
                name.ends_with(".json") && name.starts_with("001-"),
                "{name}"
            );
        }
    }
}
