//! Vocabulary terms: declaration, parents, cycle detection (petgraph), ancestor closures,
//! inherited sensitivity, HXL mappings and purpose compatibility.

use super::scope::{Declared, Scope};
use crate::diagnostic::{Arg, Code, Diagnostic, Message, did_you_mean, msg};
use crate::model::{Level, Taxonomy, TermId};
use crate::source::Span;
use crate::syntax::ast::{self, Decl, Name, Sort, TermAttr, TermDecl};
use fixedbitset::FixedBitSet;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, HashMap};

/// One compiled vocabulary with where each term was declared.
pub(super) struct TermTable {
    pub taxonomy: Taxonomy,
    pub spans: HashMap<String, Span>,
}

/// Everything the vocabulary phase produces.
pub(super) struct Vocab {
    pub categories: TermTable,
    pub subjects: TermTable,
    pub purposes: TermTable,
    pub kinds: TermTable,
    pub sensitivity: Vec<Option<Level>>,
    pub personal: FixedBitSet,
    pub hxl: BTreeMap<String, TermId>,
    pub compatible: Vec<(TermId, TermId)>,
    /// Topological order of categories (parents first), for overlays.
    pub category_order: Vec<TermId>,
    /// Terms marked `deprecated`, by sort and name, with the name of their replacement.
    pub deprecated: HashMap<(Sort, String), Option<String>>,
}

/// Most terms one vocabulary may declare (the closure of 20,000 terms takes 50 MB).
pub const MAX_TERMS: usize = 20_000;

const SORTS: [Sort; 4] = [Sort::Category, Sort::Subject, Sort::Purpose, Sort::Kind];

impl Vocab {
    pub fn table(&self, sort: Sort) -> &TermTable {
        match sort {
            Sort::Category => &self.categories,
            Sort::Subject => &self.subjects,
            Sort::Purpose => &self.purposes,
            Sort::Kind => &self.kinds,
        }
    }

    /// Resolves `name` as a term of `sort`, reporting unknown names and names of the wrong sort.
    pub fn resolve(&self, scope: &mut Scope<'_>, sort: Sort, name: &Name) -> Option<TermId> {
        if let Some(id) = self.table(sort).taxonomy.id(&name.text) {
            if let Some(replacement) = self.deprecated.get(&(sort, name.text.clone())) {
                let help = match replacement {
                    Some(r) => msg!("diag-help-use-replacement", "name" => r),
                    None => msg!("diag-help-use-current-term"),
                };
                scope.push(
                    Diagnostic::warning(
                        Code::DeprecatedTerm,
                        msg!(
                            "diag-deprecated-term",
                            "what" => Message::new(sort.noun_id()),
                            "name" => &name.text
                        ),
                    )
                    .at(name.span, msg!("diag-label-deprecated"))
                    .help(help),
                );
            }
            return Some(id);
        }
        if let Some(other) = SORTS
            .into_iter()
            .find(|s| *s != sort && self.table(*s).taxonomy.id(&name.text).is_some())
        {
            let mut d = Diagnostic::error(
                Code::WrongSort,
                msg!(
                    "diag-wrong-sort",
                    "name" => &name.text,
                    "is" => Message::new(other.noun_id()),
                    "expected" => Message::new(sort.noun_id())
                ),
            )
            .at(
                name.span,
                msg!("diag-label-expected-sort", "what" => Message::new(sort.noun_id())),
            );
            if let Some(span) = self.table(other).spans.get(&name.text) {
                d = d.also(
                    *span,
                    msg!("diag-label-declared-as", "what" => Message::new(other.noun_id())),
                );
            }
            scope.push(d);
            return None;
        }
        scope.unknown(
            sort.noun_id(),
            &name.text,
            name.span,
            self.table(sort).taxonomy.names(),
            sort.keyword(),
        );
        None
    }

    /// Resolves a list, skipping (and reporting) bad names; sorted and deduplicated.
    pub fn resolve_all(&self, scope: &mut Scope<'_>, sort: Sort, names: &[Name]) -> Vec<TermId> {
        let mut ids: Vec<TermId> = names
            .iter()
            .filter_map(|n| self.resolve(scope, sort, n))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

pub(super) fn build(files: &[ast::File], scope: &mut Scope<'_>) -> Vocab {
    let decls: Vec<&TermDecl> = files
        .iter()
        .flat_map(|f| &f.decls)
        .filter_map(|d| match d {
            Decl::Term(t) => Some(t),
            _ => None,
        })
        .collect();
    let mut built: Vec<(TermTable, Vec<TermId>)> = Vec::new();
    for sort in SORTS {
        let of_sort: Vec<&TermDecl> = decls.iter().copied().filter(|d| d.sort == sort).collect();
        built.push(build_sort(sort, &of_sort, scope));
    }
    let mut built = built.into_iter();
    let (categories, category_order) = built.next().unwrap_or_else(|| empty(Sort::Category));
    let (subjects, _) = built.next().unwrap_or_else(|| empty(Sort::Subject));
    let (purposes, _) = built.next().unwrap_or_else(|| empty(Sort::Purpose));
    let (kinds, _) = built.next().unwrap_or_else(|| empty(Sort::Kind));
    let mut vocab = Vocab {
        categories,
        subjects,
        purposes,
        kinds,
        sensitivity: Vec::new(),
        personal: FixedBitSet::new(),
        hxl: BTreeMap::new(),
        compatible: Vec::new(),
        category_order,
        deprecated: HashMap::new(),
    };
    let hashtags: Vec<&ast::HashtagsDecl> = files
        .iter()
        .flat_map(|f| &f.decls)
        .filter_map(|d| match d {
            Decl::Hashtags(h) => Some(h),
            _ => None,
        })
        .collect();
    category_attributes(&decls, &hashtags, &mut vocab, scope);
    compatibility(files, &mut vocab, scope);
    vocab
}

fn empty(sort: Sort) -> (TermTable, Vec<TermId>) {
    (
        TermTable {
            taxonomy: Taxonomy::new(sort, Vec::new(), Vec::new(), &[]),
            spans: HashMap::new(),
        },
        Vec::new(),
    )
}

/// Declares the terms of one vocabulary, links parents, breaks and reports cycles, and
/// computes the closure. Returns the table and a topological order.
fn build_sort(sort: Sort, decls: &[&TermDecl], scope: &mut Scope<'_>) -> (TermTable, Vec<TermId>) {
    let mut declared: Declared<&TermDecl> = Declared::new(sort.noun_id());
    for d in decls {
        declared.declare(scope, &d.name.text, d.name.span, d);
    }
    // The terms in name order, each with its declaration: a term's id is its place here.
    let mut terms: Vec<(&String, &TermDecl)> = declared
        .items
        .iter()
        .map(|(name, (_, decl))| (name, *decl))
        .collect();
    terms.sort_by_key(|&(name, _)| name);
    let names: Vec<String> = terms.iter().map(|&(name, _)| name.clone()).collect();
    let term_decls: Vec<&TermDecl> = terms.iter().map(|&(_, decl)| decl).collect();
    if names.len() > MAX_TERMS {
        // Closures are dense bitsets (n² bits); refuse before allocating them.
        let extra = decls.get(MAX_TERMS).map(|d| d.name.span);
        let mut d = Diagnostic::error(
            Code::TooLarge,
            msg!(
                "diag-too-many-terms",
                "count" => names.len(),
                "what" => Message::new(sort.noun_id()),
                "max" => MAX_TERMS
            ),
        )
        .help(msg!("diag-help-split-vocabulary"));
        if let Some(span) = extra {
            d = d.at(span, msg!("diag-label-one-too-many"));
        }
        scope.push(d);
        return empty(sort);
    }
    let index: HashMap<&str, TermId> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as TermId))
        .collect();

    // Parents: the dotted prefix, plus `under` names.
    let mut parents: Vec<Vec<TermId>> = Vec::with_capacity(names.len());
    for (name, decl) in terms {
        let mut mine: Vec<TermId> = Vec::new();
        if let Some((prefix, _)) = name.rsplit_once('.') {
            match index.get(prefix) {
                Some(&p) => mine.push(p),
                None => {
                    let span = Span::new(
                        decl.name.span.file,
                        decl.name.span.start,
                        decl.name.span.start + prefix.len(),
                    );
                    let own = format!("{prefix}.");
                    let candidates = index.keys().copied().filter(|k| !k.starts_with(&own));
                    let help = match did_you_mean(prefix, candidates) {
                        Some(close) => msg!(
                            "diag-help-parent-did-you-mean",
                            "close" => close,
                            "keyword" => sort.keyword(),
                            "parent" => prefix
                        ),
                        None => msg!(
                            "diag-help-declare-parent",
                            "keyword" => sort.keyword(),
                            "parent" => prefix
                        ),
                    };
                    scope.push(
                        Diagnostic::error(
                            Code::MissingParent,
                            msg!(
                                "diag-missing-parent",
                                "parent" => prefix,
                                "what" => Message::new(sort.noun_id()),
                                "name" => name
                            ),
                        )
                        .at(span, msg!("diag-label-parent-not-declared"))
                        .help(help),
                    );
                }
            }
        }
        for attr in &decl.attrs {
            if let TermAttr::Under(list, _) = attr {
                for parent in list {
                    match index.get(parent.text.as_str()) {
                        Some(&p) if !mine.contains(&p) => mine.push(p),
                        Some(_) => {}
                        None => scope.unknown(
                            sort.noun_id(),
                            &parent.text,
                            parent.span,
                            index.keys().copied(),
                            sort.keyword(),
                        ),
                    }
                }
            }
        }
        parents.push(mine);
    }

    let order = break_cycles(sort, &names, &mut parents, &term_decls, scope);
    limit_depth(sort, &names, &mut parents, &order, &term_decls, scope);
    let spans = declared
        .items
        .iter()
        .map(|(n, (span, _))| (n.clone(), *span))
        .collect();
    let taxonomy = Taxonomy::new(sort, names, parents, &order);
    (TermTable { taxonomy, spans }, order)
}

/// Finds every loop in the hierarchy with petgraph, reports it, removes its edges so the
/// rest of the compilation can go on, and returns a topological order (parents first).
fn break_cycles(
    sort: Sort,
    names: &[String],
    parents: &mut [Vec<TermId>],
    decls: &[&TermDecl],
    scope: &mut Scope<'_>,
) -> Vec<TermId> {
    let graph = graph_of(parents);
    if let Ok(order) = petgraph::algo::toposort(&graph, None) {
        return order.into_iter().map(|n| n.index() as TermId).collect();
    }
    for component in petgraph::algo::tarjan_scc(&graph) {
        let looping = component.len() > 1
            || component
                .first()
                .is_some_and(|&node| graph.contains_edge(node, node));
        if !looping {
            continue;
        }
        let members: Vec<TermId> = component.iter().map(|n| n.index() as TermId).collect();
        let cycle = describe_cycle(&members, parents, names);
        let first = members
            .iter()
            .filter_map(|&m| decls.get(m as usize))
            .min_by_key(|d| (d.span.file, d.span.start));
        let mut d = Diagnostic::error(
            Code::Cycle,
            msg!("diag-cycle", "what" => Message::new(sort.noun_id()), "cycle" => cycle),
        )
        .help(msg!("diag-help-cycle"));
        if let Some(first) = first {
            d = d.at(first.name.span, msg!("diag-label-in-loop"));
        }
        scope.push(d);
        for &m in &members {
            if let Some(links) = parents.get_mut(m as usize) {
                links.retain(|p| !members.contains(p));
            }
        }
    }
    let graph = graph_of(parents);
    petgraph::algo::toposort(&graph, None)
        .map(|o| o.into_iter().map(|n| n.index() as TermId).collect())
        .unwrap_or_else(|_| (0..names.len() as TermId).collect())
}

/// Most levels a term may sit below a root of its hierarchy (`a.b.c` is 3 levels deep, and so
/// is `c under b`, `b under a`). Real vocabularies go a handful of levels deep; the bound
/// keeps every walk up or down a hierarchy (paths in explanations, closures) short.
pub const MAX_TERM_DEPTH: usize = 64;

/// Reports the first term more than [`MAX_TERM_DEPTH`] levels deep, and cuts the parent links
/// of every such term, so that the rest of the compilation stays cheap. `order` is
/// topological (parents first).
fn limit_depth(
    sort: Sort,
    names: &[String],
    parents: &mut [Vec<TermId>],
    order: &[TermId],
    decls: &[&TermDecl],
    scope: &mut Scope<'_>,
) {
    let mut depth = vec![0usize; parents.len()];
    let mut reported = false;
    for &t in order {
        let t = t as usize;
        let (Some(links), Some(name), Some(decl)) =
            (parents.get_mut(t), names.get(t), decls.get(t))
        else {
            continue;
        };
        let d = 1 + links
            .iter()
            .filter_map(|&p| depth.get(p as usize))
            .max()
            .copied()
            .unwrap_or(0);
        let deep = d > MAX_TERM_DEPTH;
        if deep {
            links.clear();
        }
        if let Some(slot) = depth.get_mut(t) {
            *slot = if deep { 1 } else { d };
        }
        if !deep || reported {
            continue;
        }
        reported = true;
        scope.push(
            Diagnostic::error(
                Code::TooDeep,
                msg!(
                    "diag-term-too-deep",
                    "what" => Message::new(sort.noun_id()),
                    "name" => name,
                    "max" => MAX_TERM_DEPTH
                ),
            )
            .at(decl.name.span, msg!("diag-label-too-deep"))
            .help(msg!("diag-help-term-too-deep", "max" => MAX_TERM_DEPTH)),
        );
    }
}

fn graph_of(parents: &[Vec<TermId>]) -> DiGraph<(), ()> {
    let mut graph = DiGraph::<(), ()>::with_capacity(parents.len(), parents.len());
    for _ in parents {
        graph.add_node(());
    }
    for (child, ps) in parents.iter().enumerate() {
        for &p in ps {
            graph.add_edge(NodeIndex::new(p as usize), NodeIndex::new(child), ());
        }
    }
    graph
}

/// `a → b → a`, following parent links inside one strongly connected component.
fn describe_cycle(members: &[TermId], parents: &[Vec<TermId>], names: &[String]) -> Arg {
    let Some(&start) = members.iter().min() else {
        return Arg::Text(String::new());
    };
    let mut path = vec![start];
    let mut at = start;
    for _ in 0..members.len() {
        let Some(&next) = parents
            .get(at as usize)
            .and_then(|links| links.iter().find(|p| members.contains(p)))
        else {
            break;
        };
        path.push(next);
        if next == start {
            break;
        }
        at = next;
    }
    Arg::Joined {
        items: path
            .iter()
            .filter_map(|&t| names.get(t as usize))
            .map(|name| format!("`{name}`"))
            .collect(),
        with: "diag-is-under",
    }
}

/// Sensitivity (inherited, max over parents), personal marks, HXL hashtags (on a category's
/// own line, or added by `hxl "…" for CATEGORY`).
fn category_attributes(
    decls: &[&TermDecl],
    hashtags: &[&ast::HashtagsDecl],
    vocab: &mut Vocab,
    scope: &mut Scope<'_>,
) {
    let n = vocab.categories.taxonomy.len();
    let mut own: Vec<Option<Level>> = vec![None; n];
    let mut personal = FixedBitSet::with_capacity(n);
    let mut hxl_spans: HashMap<String, Span> = HashMap::new();
    for decl in decls {
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        for attr in &decl.attrs {
            let (key, span) = match attr {
                TermAttr::Under(_, s) => ("under", *s),
                TermAttr::Sensitivity(_, s) => ("sensitivity", *s),
                TermAttr::Hxl(_, s) => ("hxl", *s),
                TermAttr::Personal(s) => ("personal", *s),
                TermAttr::Deprecated(_, s) => ("deprecated", *s),
            };
            if let Some(first) = seen.insert(key, span) {
                scope.push(
                    Diagnostic::error(
                        Code::DuplicateAttribute,
                        msg!("diag-attribute-twice", "key" => key, "name" => &decl.name.text),
                    )
                    .at(span, msg!("diag-label-given-again"))
                    .also(first, msg!("diag-label-first-given"))
                    .help(msg!("diag-help-keep-one", "key" => key)),
                );
                continue;
            }
            if let TermAttr::Deprecated(replacement, _) = attr {
                vocab.deprecated.insert(
                    (decl.sort, decl.name.text.clone()),
                    replacement.as_ref().map(|r| r.text.clone()),
                );
                continue;
            }
            if decl.sort != Sort::Category && key != "under" {
                scope.push(
                    Diagnostic::error(
                        Code::MisplacedClause,
                        msg!(
                            "diag-only-categories",
                            "key" => key,
                            "name" => &decl.name.text,
                            "what" => Message::new(decl.sort.noun_id())
                        ),
                    )
                    .at(span, msg!("diag-label-not-allowed"))
                    .help(msg!("diag-help-remove-or-category", "key" => key)),
                );
                continue;
            }
            let Some(id) = vocab.categories.taxonomy.id(&decl.name.text) else {
                continue;
            };
            match attr {
                TermAttr::Sensitivity(level, _) => match Level::from_word(&level.text) {
                    Some(l) => {
                        if let Some(slot) = own.get_mut(id as usize) {
                            *slot = Some(l);
                        }
                    }
                    None => scope.push(unknown_level(level)),
                },
                TermAttr::Personal(_) => personal.insert(id as usize),
                TermAttr::Hxl(tags, _) => map_hashtags(tags, id, &mut hxl_spans, vocab, scope),
                TermAttr::Under(..) | TermAttr::Deprecated(..) => {}
            }
        }
    }
    for h in hashtags {
        if let Some(id) = vocab.resolve(scope, Sort::Category, &h.category) {
            map_hashtags(&h.tags, id, &mut hxl_spans, vocab, scope);
        }
    }
    let mut effective = own.clone();
    let mut personal_closed = FixedBitSet::with_capacity(n);
    for &term in &vocab.category_order {
        let t = term as usize;
        let parents = vocab.categories.taxonomy.parents(term);
        if effective.get(t).is_some_and(Option::is_none) {
            let inherited = parents
                .iter()
                .filter_map(|&p| effective.get(p as usize).copied().flatten())
                .max();
            if let Some(slot) = effective.get_mut(t) {
                *slot = inherited;
            }
        }
        if personal.contains(t)
            || parents
                .iter()
                .any(|&p| personal_closed.contains(p as usize))
        {
            personal_closed.insert(t);
        }
    }
    vocab.sensitivity = effective;
    vocab.personal = personal_closed;
}

/// The error for a sensitivity word that is not a level.
pub(super) fn unknown_level(level: &Name) -> Diagnostic {
    let words = Level::ALL.map(Level::word);
    let help = match did_you_mean(&level.text, words) {
        Some(close) => msg!("diag-help-did-you-mean", "name" => close),
        None => msg!("diag-help-levels"),
    };
    Diagnostic::error(
        Code::UnknownLevel,
        msg!("diag-unknown-level", "level" => &level.text),
    )
    .at(level.span, msg!("diag-label-not-level"))
    .help(help)
}

/// `#Geo +lon+lat` → `#geo+lat+lon`: HXL attributes are unordered and case-insensitive.
pub fn normalise_hashtag(tag: &str) -> Option<String> {
    let compact: String = tag
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let rest = compact.strip_prefix('#')?;
    let mut parts = rest.split('+');
    let head = parts.next()?;
    let valid = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if !valid(head) {
        return None;
    }
    let mut attributes: Vec<&str> = parts.collect();
    if !attributes.iter().all(|a| valid(a)) {
        return None;
    }
    attributes.sort_unstable();
    attributes.dedup();
    let mut out = format!("#{head}");
    for a in attributes {
        out.push('+');
        out.push_str(a);
    }
    Some(out)
}

/// Maps each of `tags` to the category `id`. A tag that two mappings claim is an error (a
/// flow or column under it would otherwise read as whichever came last).
fn map_hashtags(
    tags: &[ast::Str],
    id: TermId,
    spans: &mut HashMap<String, Span>,
    vocab: &mut Vocab,
    scope: &mut Scope<'_>,
) {
    for tag in tags {
        let Some(normal) = normalise_hashtag(&tag.value) else {
            scope.push(
                Diagnostic::error(
                    Code::BadHashtag,
                    msg!("diag-bad-hashtag", "tag" => &tag.value),
                )
                .at(tag.span, msg!("diag-label-bad-hashtag"))
                .help(msg!("diag-help-hashtag")),
            );
            continue;
        };
        if let Some(first) = spans.get(&normal) {
            scope.duplicate("diag-sort-hashtag", &normal, tag.span, *first);
            continue;
        }
        spans.insert(normal.clone(), tag.span);
        vocab.hxl.insert(normal, id);
    }
}

fn compatibility(files: &[ast::File], vocab: &mut Vocab, scope: &mut Scope<'_>) {
    let mut pairs = Vec::new();
    for decl in files.iter().flat_map(|f| &f.decls) {
        if let Decl::Compatible(c) = decl {
            let purpose = vocab.resolve(scope, Sort::Purpose, &c.purpose);
            let with = vocab.resolve(scope, Sort::Purpose, &c.with);
            if let (Some(p), Some(w)) = (purpose, with) {
                pairs.push((p, w));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    vocab.compatible = pairs;
}

#[cfg(test)]
mod tests {
    use super::normalise_hashtag;

    #[test]
    fn hashtags_are_normalised() {
        assert_eq!(
            normalise_hashtag("#Geo +lon+lat").as_deref(),
            Some("#geo+lat+lon")
        );
        assert_eq!(normalise_hashtag("geo").as_deref(), None);
        assert_eq!(normalise_hashtag("#geo+").as_deref(), None);
    }
}
