//! Parties, agreements and classifications.

use super::jurisdiction;
use super::scope::{Declared, Scope};
use super::vocab::{Vocab, unknown_level};
use crate::diagnostic::{Arg, Code, Diagnostic, Message, did_you_mean, msg};
use crate::model::{
    Agreement, Classification, Combination, Day, Level, Party, PartyId, Suspension, TermId,
};
use crate::source::Span;
use crate::syntax::ast::{self, AgreementAttr, Decl, Name, PartyAttr, Sort, Str};
use std::collections::HashMap;

/// The compiled parties, sorted by name, with their declarations' spans.
pub(super) struct Parties {
    pub list: Vec<Party>,
    pub index: HashMap<String, PartyId>,
}

impl Parties {
    /// Resolves a party name, reporting unknown names (and kinds written where a party is due).
    pub fn resolve(&self, scope: &mut Scope<'_>, vocab: &Vocab, name: &Name) -> Option<PartyId> {
        if let Some(&id) = self.index.get(&name.text) {
            return Some(id);
        }
        if vocab.kinds.taxonomy.id(&name.text).is_some() {
            scope.push(
                Diagnostic::error(
                    Code::WrongSort,
                    msg!("diag-kind-not-party", "name" => &name.text),
                )
                .at(name.span, msg!("diag-label-expected-party"))
                .help(msg!("diag-help-declare-party", "kind" => &name.text)),
            );
            return None;
        }
        scope.unknown(
            "diag-sort-party",
            &name.text,
            name.span,
            self.index.keys().map(String::as_str),
            "party",
        );
        None
    }
}

fn duplicate_attribute(scope: &mut Scope<'_>, key: &str, owner: &str, span: Span, first: Span) {
    scope.push(
        Diagnostic::error(
            Code::DuplicateAttribute,
            msg!("diag-attribute-twice", "key" => key, "name" => owner),
        )
        .at(span, msg!("diag-label-given-again"))
        .also(first, msg!("diag-label-first-given"))
        .help(msg!("diag-help-keep-one", "key" => key)),
    );
}

/// `what` is the message id of the attribute's name (`diag-attr-…`); `example` is policy
/// text, shown as it is.
fn missing_attribute(
    scope: &mut Scope<'_>,
    what: &'static str,
    owner: &str,
    span: Span,
    example: &str,
) {
    let what = Message::new(what);
    scope.push(
        Diagnostic::error(
            Code::MissingAttribute,
            msg!("diag-attribute-missing", "what" => what.clone(), "name" => owner),
        )
        .at(span, msg!("diag-label-attribute-missing", "what" => what))
        .help(msg!("diag-help-add", "example" => example)),
    );
}

/// A party kind to show in an example: `implementing_partner` when the vocabulary has it (the
/// humanitarian one does), else the first kind declared, else a placeholder.
fn example_kind(kinds: &crate::model::Taxonomy) -> String {
    if kinds.id("implementing_partner").is_some() {
        return "implementing_partner".into();
    }
    let mut names: Vec<&str> = kinds.names().collect();
    names.sort();
    names
        .first()
        .map_or_else(|| "KIND".into(), |n| (*n).to_owned())
}

pub(super) fn parties(files: &[ast::File], scope: &mut Scope<'_>, vocab: &Vocab) -> Parties {
    let mut declared: Declared<&ast::PartyDecl> = Declared::new("diag-sort-party");
    for decl in files.iter().flat_map(|f| &f.decls) {
        if let Decl::Party(p) = decl {
            declared.declare(scope, &p.name.text, p.name.span, p);
        }
    }
    let mut parties: Vec<(&String, &&ast::PartyDecl)> = declared
        .items
        .iter()
        .map(|(name, (_, decl))| (name, decl))
        .collect();
    parties.sort_by_key(|&(name, _)| name);
    let mut list = Vec::new();
    for (name, decl) in parties {
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        let mut kind = None;
        let mut jurisdiction = None;
        let mut organisation = None;
        let mut flags = Vec::new();
        for attr in &decl.attrs {
            let (key, span) = match attr {
                PartyAttr::Kind(_, s) => ("kind", *s),
                PartyAttr::Jurisdiction(_, s) => ("jurisdiction", *s),
                PartyAttr::Organisation(_, s) => ("organisation", *s),
                PartyAttr::Flags(_, s) => ("flags", *s),
            };
            if let Some(first) = seen.insert(key, span) {
                duplicate_attribute(scope, key, name, span, first);
                continue;
            }
            match attr {
                PartyAttr::Kind(k, _) => kind = vocab.resolve(scope, Sort::Kind, k),
                PartyAttr::Jurisdiction(code, _) => jurisdiction = check_jurisdiction(scope, code),
                PartyAttr::Organisation(o, _) => organisation = Some(o.text.clone()),
                PartyAttr::Flags(fs, _) => flags = fs.iter().map(|f| f.text.clone()).collect(),
            }
        }
        if !seen.contains_key("kind") {
            scope.push(
                Diagnostic::error(
                    Code::MissingAttribute,
                    msg!("diag-attribute-missing", "what" => msg!("diag-attr-kind"), "name" => name),
                )
                .at(
                    decl.span,
                    msg!("diag-label-attribute-missing", "what" => msg!("diag-attr-kind")),
                )
                .help(msg!(
                    "diag-help-party-kind",
                    "name" => name,
                    "kind" => example_kind(&vocab.kinds.taxonomy)
                ))
                .note(msg!("diag-note-party-kinds")),
            );
        }
        if !seen.contains_key("jurisdiction") {
            missing_attribute(
                scope,
                "diag-attr-jurisdiction",
                name,
                decl.span,
                "jurisdiction \"KE\"",
            );
        }
        flags.sort();
        flags.dedup();
        list.push(Party {
            name: name.clone(),
            kind: kind.unwrap_or(0),
            jurisdiction: jurisdiction.unwrap_or_default(),
            organisation,
            flags,
        });
    }
    let index = list
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i as PartyId))
        .collect();
    Parties { list, index }
}

/// Checks an ISO 3166-1 alpha-2 code; list conditions use it too.
pub(super) fn check_jurisdiction(scope: &mut Scope<'_>, code: &Str) -> Option<String> {
    let value = code.value.trim();
    if jurisdiction::is_known(value) {
        return Some(value.to_owned());
    }
    let upper = value.to_uppercase();
    let help = if jurisdiction::is_known(&upper) {
        msg!("diag-help-capitals", "code" => upper)
    } else {
        msg!("diag-help-iso-code")
    };
    scope.push(
        Diagnostic::error(
            Code::UnknownJurisdiction,
            msg!("diag-unknown-jurisdiction", "code" => &code.value),
        )
        .at(code.span, msg!("diag-label-not-iso"))
        .help(help),
    );
    None
}

/// Parses a date, saying precisely what is wrong with one that is not a calendar date.
/// A `suspended from … [to …] because "…" cite "…"` attribute, checked: calendar dates in
/// order, a reason and a citation.
fn suspension(scope: &mut Scope<'_>, owner: &str, s: &ast::Suspended) -> Option<Suspension> {
    let from = check_date(scope, &s.from);
    let to = match &s.to {
        Some(to) => Some(check_date(scope, to)?),
        None => None,
    };
    let from = from?;
    if let Some(to) = to.filter(|&to| to < from) {
        scope.push(
            Diagnostic::error(
                Code::ReversedPeriod,
                msg!(
                    "diag-suspension-reversed",
                    "agreement" => owner,
                    "from" => from.to_string(),
                    "to" => to.to_string()
                ),
            )
            .at(s.span, msg!("diag-label-suspension-reversed"))
            .help(msg!(
                "diag-help-suspension-reversed",
                "from" => from.to_string(),
                "to" => to.to_string()
            )),
        );
        return None;
    }
    let mut complete = true;
    if s.because.is_none() {
        complete = false;
        scope.push(
            Diagnostic::error(
                Code::MissingAttribute,
                msg!("diag-suspension-no-reason", "agreement" => owner),
            )
            .at(s.span, msg!("diag-label-no-because"))
            .help(msg!("diag-help-because")),
        );
    }
    if s.cite.is_none() {
        complete = false;
        scope.push(
            Diagnostic::error(
                Code::MissingAttribute,
                msg!("diag-suspension-no-cite", "agreement" => owner),
            )
            .at(s.span, msg!("diag-label-no-cite"))
            .help(msg!("diag-help-suspension-cite")),
        );
    }
    complete.then(|| Suspension {
        from,
        to,
        reason: s
            .because
            .as_ref()
            .map(|b| b.value.clone())
            .unwrap_or_default(),
        cite: s.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
    })
}

/// A suspension must lie outside the agreement's validity: it marks a period without it.
fn suspended_while_valid(
    scope: &mut Scope<'_>,
    owner: &str,
    s: &Suspension,
    (from, to): (Day, Day),
    span: Span,
) {
    let help = if s.from > from {
        msg!(
            "diag-help-end-before-suspension",
            "from" => from.to_string(),
            "end" => s
                .from
                .0
                .previous_day()
                .map_or_else(|| s.from.to_string(), |d| Day(d).to_string()),
            "start" => to
                .0
                .next_day()
                .map_or_else(|| to.to_string(), |d| Day(d).to_string())
        )
    } else {
        msg!("diag-help-start-after-suspension", "from" => from.to_string())
    };
    let message = match s.to {
        Some(end) => msg!(
            "diag-suspended-while-valid-until",
            "agreement" => owner,
            "suspended" => s.from.to_string(),
            "until" => end.to_string(),
            "from" => from.to_string(),
            "to" => to.to_string()
        ),
        None => msg!(
            "diag-suspended-while-valid",
            "agreement" => owner,
            "suspended" => s.from.to_string(),
            "from" => from.to_string(),
            "to" => to.to_string()
        ),
    };
    scope.push(
        Diagnostic::error(Code::SuspendedWhileValid, message)
            .at(span, msg!("diag-label-overlaps-validity"))
            .help(help)
            .note(msg!("diag-note-suspension")),
    );
}

pub(super) fn check_date(scope: &mut Scope<'_>, date: &Name) -> Option<Day> {
    if let Some(day) = Day::parse(&date.text) {
        return Some(day);
    }
    let parts: Vec<&str> = date.text.split('-').collect();
    let reason = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let year: i32 = y.parse().unwrap_or(0);
            let month: u8 = m.parse().unwrap_or(0);
            let day: u8 = d.parse().unwrap_or(0);
            match time::Month::try_from(month) {
                Err(_) => msg!("diag-date-no-month", "month" => u32::from(month)),
                Ok(month_name) => {
                    let days = time::util::days_in_month(month_name, year);
                    if day == 0 || day > days {
                        msg!(
                            "diag-date-days-in-month",
                            "month" => msg!("diag-month", "month" => u32::from(month)),
                            "year" => year.to_string(),
                            "days" => u32::from(days)
                        )
                    } else {
                        msg!("diag-date-out-of-range")
                    }
                }
            }
        }
        _ => msg!("diag-date-format"),
    };
    scope.push(
        Diagnostic::error(
            Code::BadDate,
            msg!("diag-bad-date", "date" => &date.text, "reason" => reason),
        )
        .at(date.span, msg!("diag-label-not-date"))
        .help(msg!("diag-help-date")),
    );
    None
}

pub(super) fn agreements(
    files: &[ast::File],
    scope: &mut Scope<'_>,
    vocab: &Vocab,
    parties: &Parties,
) -> Vec<Agreement> {
    let mut declared: Declared<()> = Declared::new("diag-sort-agreement");
    let mut out = Vec::new();
    for decl in files.iter().flat_map(|f| &f.decls) {
        let Decl::Agreement(a) = decl else { continue };
        if !declared.declare(scope, &a.id.value, a.id.span, ()) {
            continue;
        }
        let mut ids: Vec<PartyId> = Vec::new();
        for name in &a.parties {
            if let Some(id) = parties.resolve(scope, vocab, name) {
                if ids.contains(&id) {
                    scope.push(
                        Diagnostic::error(
                            Code::SelfAgreement,
                            msg!(
                                "diag-self-agreement",
                                "agreement" => &a.id.value,
                                "name" => &name.text
                            ),
                        )
                        .at(name.span, msg!("diag-label-named-again"))
                        .help(msg!("diag-help-other-party")),
                    );
                }
                ids.push(id);
            }
        }
        if !a.directed {
            ids.sort_unstable();
        }
        ids.dedup();
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        let mut purposes = Vec::new();
        let mut data = Vec::new();
        let mut subjects = None;
        let mut valid = None;
        let mut onward_transfer = false;
        let mut document = None;
        let mut suspensions: Vec<(Suspension, Span)> = Vec::new();
        for attr in &a.attrs {
            if let AgreementAttr::Suspended(sus) = attr {
                // Several suspensions may be written: each is its own period.
                if let Some(s) = suspension(scope, &a.id.value, sus) {
                    suspensions.push((s, sus.span));
                }
                continue;
            }
            let (key, span) = match attr {
                AgreementAttr::Purposes(_, s) => ("purposes", *s),
                AgreementAttr::Data(_, s) => ("data", *s),
                AgreementAttr::Subjects(_, s) => ("subjects", *s),
                AgreementAttr::Valid(_, _, s) => ("valid", *s),
                AgreementAttr::Onward(_, s) => ("onward transfer", *s),
                AgreementAttr::Document(_, s) => ("document", *s),
                AgreementAttr::Suspended(s) => ("suspended", s.span),
            };
            if let Some(first) = seen.insert(key, span) {
                duplicate_attribute(scope, key, &a.id.value, span, first);
                continue;
            }
            match attr {
                AgreementAttr::Purposes(ns, _) => {
                    purposes = vocab.resolve_all(scope, Sort::Purpose, ns)
                }
                AgreementAttr::Data(ns, _) => data = vocab.resolve_all(scope, Sort::Category, ns),
                AgreementAttr::Subjects(ns, _) => {
                    subjects = Some(vocab.resolve_all(scope, Sort::Subject, ns))
                }
                AgreementAttr::Valid(from, to, span) => {
                    let (f, t) = (check_date(scope, from), check_date(scope, to));
                    if let (Some(f), Some(t)) = (f, t) {
                        if t < f {
                            scope.push(
                                Diagnostic::error(
                                    Code::ReversedPeriod,
                                    msg!(
                                        "diag-agreement-reversed",
                                        "agreement" => &a.id.value,
                                        "from" => f.to_string(),
                                        "to" => t.to_string()
                                    ),
                                )
                                .at(*span, msg!("diag-label-validity-reversed"))
                                .help(msg!(
                                    "diag-help-validity-reversed",
                                    "from" => f.to_string(),
                                    "to" => t.to_string()
                                )),
                            );
                        }
                        valid = Some((f, t));
                    }
                }
                AgreementAttr::Onward(word, _) => match word.text.as_str() {
                    "allowed" | "permitted" => onward_transfer = true,
                    "forbidden" | "prohibited" => onward_transfer = false,
                    other => {
                        let help = match did_you_mean(other, ["allowed", "forbidden"]) {
                            Some(w) => msg!("diag-help-did-you-mean", "name" => w),
                            None => msg!("diag-help-onward-words"),
                        };
                        scope.push(
                            Diagnostic::error(
                                Code::BadKeyword,
                                msg!("diag-bad-onward", "word" => other),
                            )
                            .at(word.span, msg!("diag-label-allowed-or-forbidden"))
                            .help(help),
                        );
                    }
                },
                AgreementAttr::Document(doc, _) => document = Some(doc.value.clone()),
                AgreementAttr::Suspended(_) => {}
            }
        }
        if !seen.contains_key("purposes") {
            missing_attribute(
                scope,
                "diag-attr-purposes",
                &a.id.value,
                a.id.span,
                "purposes protection.referral",
            );
        }
        if !seen.contains_key("data") {
            missing_attribute(
                scope,
                "diag-attr-data",
                &a.id.value,
                a.id.span,
                "data personal.identity, personal.contact",
            );
        }
        if !seen.contains_key("valid") {
            missing_attribute(
                scope,
                "diag-attr-valid",
                &a.id.value,
                a.id.span,
                "valid 2025-01-01 to 2026-12-31",
            );
        }
        let (valid_from, valid_to) = valid.unwrap_or((Day(time::Date::MIN), Day(time::Date::MIN)));
        if let Some((from, to)) = valid {
            for (s, span) in &suspensions {
                if s.from <= to && s.to.is_none_or(|end| end >= from) {
                    suspended_while_valid(scope, &a.id.value, s, (from, to), *span);
                }
            }
        }
        let mut suspensions: Vec<Suspension> = suspensions.into_iter().map(|(s, _)| s).collect();
        suspensions.sort_by_key(|s| (s.from, s.to));
        out.push(Agreement {
            id: a.id.value.clone(),
            parties: ids,
            directed: a.directed,
            purposes,
            data,
            subjects,
            valid_from,
            valid_to,
            onward_transfer,
            document,
            suspensions,
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

pub(super) fn classifications(
    files: &[ast::File],
    scope: &mut Scope<'_>,
    vocab: &Vocab,
) -> Vec<Classification> {
    let mut declared: Declared<()> = Declared::new("diag-sort-classification");
    let mut out = Vec::new();
    let n = vocab.categories.taxonomy.len();
    for decl in files.iter().flat_map(|f| &f.decls) {
        let Decl::Classification(c) = decl else {
            continue;
        };
        if !declared.declare(scope, &c.response.value, c.response.span, ()) {
            continue;
        }
        let mut entries: Vec<Option<Level>> = vec![None; n];
        let mut spans: HashMap<TermId, Span> = HashMap::new();
        for (category, level) in &c.entries {
            let id = vocab.resolve(scope, Sort::Category, category);
            let level = Level::from_word(&level.text).or_else(|| {
                scope.push(unknown_level(level));
                None
            });
            if let (Some(id), Some(level)) = (id, level) {
                if let Some(first) = spans.insert(id, category.span) {
                    scope.duplicate(
                        "diag-sort-classification-entry",
                        &category.text,
                        category.span,
                        first,
                    );
                }
                if let Some(entry) = entries.get_mut(id as usize) {
                    *entry = Some(level);
                }
            }
        }
        // Entries override down the hierarchy: the nearest classified ancestor decides, and a
        // category with none keeps its vocabulary default.
        let mut inherited: Vec<Option<Level>> = vec![None; n];
        for &term in &vocab.category_order {
            let t = term as usize;
            let level = entries.get(t).copied().flatten().or_else(|| {
                vocab
                    .categories
                    .taxonomy
                    .parents(term)
                    .iter()
                    .filter_map(|&p| inherited.get(p as usize).copied().flatten())
                    .max()
            });
            if let Some(slot) = inherited.get_mut(t) {
                *slot = level;
            }
        }
        let levels = inherited
            .iter()
            .enumerate()
            .map(|(t, level)| level.or_else(|| vocab.sensitivity.get(t).copied().flatten()))
            .collect();
        let combinations = combinations(c, scope, vocab);
        out.push(Classification {
            name: c.name.value.clone(),
            response: c.response.value.clone(),
            levels,
            combinations,
        });
    }
    out.sort_by(|a, b| a.response.cmp(&b.response));
    out
}

/// A classification's combination entries (`a and b is high`): known categories, none named
/// twice or within another of the same entry (the entry would then be the narrower one alone),
/// and no two entries for the same categories. Sorted, so the compiled form is canonical.
fn combinations(
    c: &ast::ClassificationDecl,
    scope: &mut Scope<'_>,
    vocab: &Vocab,
) -> Vec<Combination> {
    let taxonomy = &vocab.categories.taxonomy;
    let mut out: Vec<(Combination, Span)> = Vec::new();
    for (names, level) in &c.combinations {
        let ids: Vec<Option<TermId>> = names
            .iter()
            .map(|n| vocab.resolve(scope, Sort::Category, n))
            .collect();
        let level = Level::from_word(&level.text).or_else(|| {
            scope.push(unknown_level(level));
            None
        });
        let (Some(mut ids), Some(level)) = (ids.into_iter().collect::<Option<Vec<_>>>(), level)
        else {
            continue;
        };
        let mut nested = None;
        for (i, (&a, na)) in ids.iter().zip(names).enumerate() {
            for (&b, nb) in ids.iter().zip(names).skip(i + 1) {
                if taxonomy.is_within(a, b) || taxonomy.is_within(b, a) {
                    nested = nested.or(Some((na, nb)));
                }
            }
        }
        if let Some((a, b)) = nested {
            scope.push(
                Diagnostic::error(
                    Code::Duplicate,
                    msg!("diag-nested-combination", "a" => &a.text, "b" => &b.text),
                )
                .at(b.span, msg!("diag-label-already-covered"))
                .also(a.span, msg!("diag-label-named-here"))
                .help(msg!("diag-help-combination")),
            );
            continue;
        }
        ids.sort_unstable();
        let span = names.first().map(|n| n.span).unwrap_or(c.span);
        if let Some((_, first)) = out.iter().find(|(o, _)| o.categories == ids) {
            scope.duplicate(
                "diag-sort-combination",
                Arg::Joined {
                    items: names.iter().map(|n| n.text.clone()).collect(),
                    with: "diag-and",
                },
                span,
                *first,
            );
            continue;
        }
        out.push((
            Combination {
                categories: ids,
                level,
            },
            span,
        ));
    }
    let mut out: Vec<Combination> = out.into_iter().map(|(c, _)| c).collect();
    out.sort_by(|a, b| a.categories.cmp(&b.categories));
    out
}
