//! Static analysis of a compiled policy (feature `lint`): rules that can never apply, allows
//! that deny rules always override, duplicate and subsumed rules (all decided exactly with a
//! SAT solver, [`super::sat`]), agreements expired or ending soon, and vocabulary terms
//! declared in the pack that nothing uses. Findings are [`Diagnostic`]s pointing at the
//! declaration they are about.

use super::sat::Encoding;
use crate::diagnostic::{Arg, Code, Diagnostic, Message, msg};
use crate::model::{CompiledPolicy, Day, Effect, Obligation, Sort, TermId};
use crate::source::Span;
use crate::syntax::ast::{self, Decl, HeaderKind};
use std::collections::{BTreeSet, HashMap};

/// Agreements ending within this many days are reported.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// Where the policy's declarations were written, found in the parsed files.
struct Places {
    rules: HashMap<String, Span>,
    agreements: HashMap<String, Span>,
    /// Terms declared in the pack's own files (not in shared vocabulary files).
    own_terms: Vec<(Sort, String, Span)>,
}

fn places(files: &[ast::File]) -> Places {
    let mut p = Places {
        rules: HashMap::new(),
        agreements: HashMap::new(),
        own_terms: Vec::new(),
    };
    for file in files {
        let shared = file
            .header
            .as_ref()
            .is_some_and(|h| h.kind == HeaderKind::Vocabulary);
        for decl in &file.decls {
            match decl {
                Decl::Rule(r) => {
                    p.rules.insert(r.name.value.clone(), r.name.span);
                }
                Decl::Agreement(a) => {
                    p.agreements.insert(a.id.value.clone(), a.id.span);
                }
                Decl::Term(t) if !shared => {
                    p.own_terms.push((t.sort, t.name.text.clone(), t.name.span));
                }
                _ => {}
            }
        }
    }
    p
}

fn at(d: Diagnostic, span: Option<&Span>, label: Message) -> Diagnostic {
    match span {
        Some(s) => d.at(*s, label),
        None => d,
    }
}

/// Lints `policy`, compiled from `files`, as of `today`.
pub fn lint(policy: &CompiledPolicy, files: &[ast::File], today: Day) -> Vec<Diagnostic> {
    let places = places(files);
    let mut out = Vec::new();
    rules(policy, &places, &mut out);
    agreements(policy, &places, today, &mut out);
    unused_terms(policy, &places, &mut out);
    declared_names(policy, files, &mut out);
    out.sort_by_key(|d| {
        d.primary
            .as_ref()
            .map(|l| (l.span.file, l.span.start))
            .unwrap_or((crate::source::FileId(u32::MAX), 0))
    });
    out
}

fn rules(policy: &CompiledPolicy, places: &Places, out: &mut Vec<Diagnostic>) {
    let mut e = Encoding::new(policy);
    let n = policy.rules.len();
    let span = |i: usize| places.rules.get(&policy.rules[i].name);
    let mut live = vec![true; n];
    for (i, rule) in policy.rules.iter().enumerate() {
        if e.satisfiable(&[e.applies[i]]) {
            if rule.unless.is_some() && !e.satisfiable(&[e.when[i], e.unless[i]]) {
                out.push(
                    at(
                        Diagnostic::warning(
                            Code::ExceptionNeverHolds,
                            msg!("diag-exception-never-holds", "rule" => &rule.name),
                        ),
                        span(i),
                        msg!("diag-label-unless-never-holds"),
                    )
                    .help(msg!("diag-help-fix-unless")),
                );
            }
            continue;
        }
        live[i] = false;
        let why = if e.satisfiable(&[e.when[i]]) {
            msg!("diag-why-unless-always")
        } else {
            msg!("diag-why-contradiction")
        };
        out.push(
            at(
                Diagnostic::error(
                    Code::NeverApplies,
                    msg!("diag-never-applies", "rule" => &rule.name, "why" => why),
                ),
                span(i),
                msg!("diag-label-never-applies"),
            )
            .help(msg!("diag-help-never-applies")),
        );
    }
    let denies: Vec<usize> = (0..n)
        .filter(|&i| live[i] && policy.rules[i].effect == Effect::Deny)
        .collect();
    for i in (0..n).filter(|&i| live[i] && policy.rules[i].effect == Effect::Allow) {
        let mut assume = vec![e.applies[i]];
        assume.extend(denies.iter().map(|&d| !e.applies[d]));
        if e.satisfiable(&assume) {
            continue;
        }
        let overlapping: Vec<usize> = denies
            .iter()
            .copied()
            .filter(|&d| e.satisfiable(&[e.applies[i], e.applies[d]]))
            .collect();
        let witness = overlapping
            .first()
            .filter(|&&d| e.satisfiable_small(&[e.applies[i], e.applies[d]]))
            .map(|_| e.witness());
        let names: Vec<&str> = overlapping
            .iter()
            .map(|&d| policy.rules[d].name.as_str())
            .collect();
        let mut d = at(
            Diagnostic::error(
                Code::ShadowedAllow,
                msg!(
                    "diag-shadowed-allow",
                    "rule" => &policy.rules[i].name,
                    "count" => names.len(),
                    "denies" => Arg::Quoted(names.iter().map(|n| (*n).to_owned()).collect())
                ),
            ),
            span(i),
            msg!("diag-label-shadowed"),
        )
        .help(msg!("diag-help-shadowed"));
        for &o in &overlapping {
            if let Some(s) = span(o) {
                d = d.also(*s, msg!("diag-label-forbids"));
            }
        }
        if let Some(w) = witness {
            d = d.note(msg!("diag-note-example-flow", "flow" => w));
        }
        out.push(d);
    }
    // Duplicates and subsumption, between live rules of one kind.
    for i in 0..n {
        for j in (i + 1)..n {
            let (a, b) = (&policy.rules[i], &policy.rules[j]);
            if !live[i] || !live[j] || a.effect != b.effect || a.approval != b.approval {
                continue;
            }
            let i_in_j = !e.satisfiable(&[e.applies[i], !e.applies[j]]);
            let j_in_i = !e.satisfiable(&[e.applies[j], !e.applies[i]]);
            if i_in_j && j_in_i {
                let mut d = at(
                    Diagnostic::warning(
                        Code::DuplicateRule,
                        msg!(
                            "diag-duplicate-rule",
                            "effect" => a.effect.keyword(),
                            "a" => &a.name,
                            "b" => &b.name
                        ),
                    ),
                    span(j),
                    msg!("diag-label-same-flows"),
                );
                if let Some(s) = span(i) {
                    d = d.also(*s, msg!("diag-label-other-rule"));
                }
                out.push(d.help(if a.obligations == b.obligations {
                    msg!("diag-help-remove-duplicate")
                } else {
                    msg!("diag-help-merge-rules")
                }));
                continue;
            }
            // A rule inside another adds nothing only when it brings no obligations of its
            // own (a deny or review never does; an allow or require must impose the same).
            for (small, big, inside) in [(i, j, i_in_j), (j, i, j_in_i)] {
                let (s, g) = (&policy.rules[small], &policy.rules[big]);
                if !inside || !same_obligations(&s.obligations, &g.obligations) {
                    continue;
                }
                let mut d = at(
                    Diagnostic::warning(
                        Code::SubsumedRule,
                        msg!(
                            "diag-subsumed-rule",
                            "effect" => s.effect.keyword(),
                            "rule" => &s.name,
                            "wider" => &g.name
                        ),
                    ),
                    span(small),
                    msg!("diag-label-covered"),
                );
                if let Some(sp) = span(big) {
                    d = d.also(*sp, msg!("diag-label-covers"));
                }
                out.push(d.help(msg!("diag-help-subsumed")));
            }
        }
    }
}

fn same_obligations(a: &[Obligation], b: &[Obligation]) -> bool {
    a.len() == b.len() && a.iter().all(|o| b.contains(o))
}

fn agreements(policy: &CompiledPolicy, places: &Places, today: Day, out: &mut Vec<Diagnostic>) {
    for a in &policy.agreements {
        let span = places.agreements.get(&a.id);
        suspensions_bridged(policy, a, span, out);
        // An end the policy marks as deliberate (a suspension from the day after) is not a
        // renewal to start: it is not reported.
        let deliberate_end = a
            .valid_to
            .0
            .next_day()
            .is_some_and(|d| a.suspended_on(Day(d)).is_some());
        let days = (a.valid_to.0 - today.0).whole_days();
        if deliberate_end {
            continue;
        }
        if days < 0 {
            out.push(
                at(
                    Diagnostic::warning(
                        Code::AgreementExpired,
                        msg!(
                            "diag-agreement-expired",
                            "agreement" => &a.id,
                            "on" => a.valid_to.to_string(),
                            "days" => -days
                        ),
                    ),
                    span,
                    msg!("diag-label-expired"),
                )
                .help(msg!("diag-help-renew")),
            );
        } else if days <= EXPIRY_WARNING_DAYS {
            out.push(
                at(
                    Diagnostic::warning(
                        Code::AgreementExpiring,
                        msg!(
                            "diag-agreement-expiring",
                            "agreement" => &a.id,
                            "on" => a.valid_to.to_string(),
                            "days" => days
                        ),
                    ),
                    span,
                    msg!("diag-label-ends-soon"),
                )
                .help(msg!("diag-help-start-renewal")),
            );
        }
    }
}

/// Another agreement binding the parties of a suspended agreement, valid during the
/// suspension: transfers it covers are allowed there, which the suspension was meant to stop.
fn suspensions_bridged(
    policy: &CompiledPolicy,
    a: &crate::model::Agreement,
    span: Option<&Span>,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(&x), Some(&y)) = (a.parties.first(), a.parties.get(1)) else {
        return;
    };
    let name = |p: u32| {
        policy
            .parties
            .get(p as usize)
            .map_or("?", |p| p.name.as_str())
    };
    for s in &a.suspensions {
        for b in &policy.agreements {
            let bridges = b.id != a.id
                && (b.binds(x, y) || (!a.directed && b.binds(y, x)))
                && b.valid_from <= s.to.unwrap_or(b.valid_to)
                && b.valid_to >= s.from;
            if !bridges {
                continue;
            }
            let period = match s.to {
                Some(to) => msg!(
                    "diag-period-from-to",
                    "from" => s.from.to_string(),
                    "to" => to.to_string()
                ),
                None => msg!("diag-period-from", "from" => s.from.to_string()),
            };
            out.push(
                at(
                    Diagnostic::warning(
                        Code::SuspensionBridged,
                        msg!(
                            "diag-suspension-bridged",
                            "agreement" => &a.id,
                            "period" => period,
                            "other" => &b.id,
                            "a" => name(x),
                            "b" => name(y),
                            "from" => b.valid_from.to_string(),
                            "to" => b.valid_to.to_string()
                        ),
                    ),
                    span,
                    msg!("diag-label-suspended-here"),
                )
                .help(msg!(
                    "diag-help-bridged",
                    "other" => &b.id,
                    "from" => s.from.to_string()
                )),
            );
        }
    }
}

/// Every term the policy's rules, agreements, parties, classifications and compatibility
/// declarations name.
fn used_terms(policy: &CompiledPolicy) -> BTreeSet<(Sort, TermId)> {
    let mut used = BTreeSet::new();
    for rule in &policy.rules {
        super::coverage::tested_terms(&rule.when, &mut used);
        if let Some(u) = &rule.unless {
            super::coverage::tested_terms(u, &mut used);
        }
        for o in &rule.obligations {
            if let Obligation::Minimize(l)
            | Obligation::Pseudonymize(l)
            | Obligation::KAnonymity { on: l, .. }
            | Obligation::ReidentificationRisk { on: l, .. } = o
            {
                used.extend(l.iter().map(|&c| (Sort::Category, c)));
            }
        }
    }
    for a in &policy.agreements {
        used.extend(a.purposes.iter().map(|&t| (Sort::Purpose, t)));
        used.extend(a.data.iter().map(|&t| (Sort::Category, t)));
        used.extend(a.subjects.iter().flatten().map(|&t| (Sort::Subject, t)));
    }
    used.extend(policy.parties.iter().map(|p| (Sort::Kind, p.kind)));
    for c in &policy.classifications {
        used.extend(
            c.levels
                .iter()
                .enumerate()
                .filter(|(_, l)| l.is_some())
                .map(|(i, _)| (Sort::Category, i as TermId)),
        );
    }
    for &(p, c) in &policy.compatible {
        used.insert((Sort::Purpose, p));
        used.insert((Sort::Purpose, c));
    }
    used
}

fn unused_terms(policy: &CompiledPolicy, places: &Places, out: &mut Vec<Diagnostic>) {
    let used = used_terms(policy);
    for (sort, name, span) in &places.own_terms {
        let t = policy.taxonomy(*sort);
        let Some(id) = t.id(name) else { continue };
        // Used when it, a term above it or a term below it is named: flows may then name it.
        let related = used
            .iter()
            .any(|&(s, u)| s == *sort && (t.is_within(id, u) || t.is_within(u, id)));
        if !related {
            out.push(
                Diagnostic::warning(
                    Code::UnusedTerm,
                    msg!(
                        "diag-unused-term",
                        "what" => Message::new(sort.noun_id()),
                        "name" => name
                    ),
                )
                .at(*span, msg!("diag-label-not-used"))
                .help(msg!("diag-help-use-term")),
            );
        }
    }
}

/// Names of a sort the pack declares none of, used anyway (L0010: the compiler cannot check
/// them, so a typo never matches), and declared names nothing uses (L0011).
fn declared_names(policy: &CompiledPolicy, files: &[ast::File], out: &mut Vec<Diagnostic>) {
    let uses = crate::compile::declared_uses(files);
    for sort in ast::DeclaredSort::ALL {
        let declared = policy.declared.of(sort);
        let mine: Vec<_> = uses.iter().filter(|u| u.sort == sort).collect();
        if declared.is_empty() {
            let Some(first) = mine.first() else { continue };
            let mut names: Vec<&str> = mine.iter().map(|u| u.name).collect();
            names.sort_unstable();
            names.dedup();
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                Diagnostic::warning(
                    Code::UndeclaredNames,
                    msg!(
                        "diag-undeclared-names",
                        "sort" => sort.keyword(),
                        "names" => list
                    ),
                )
                .at(first.span, msg!("diag-label-first-use"))
                .help(msg!(
                    "diag-help-declare-each",
                    "keyword" => sort.keyword(),
                    "name" => match sort {
                        ast::DeclaredSort::Response => format!("\"{}\"", first.name),
                        _ => first.name.to_owned(),
                    }
                )),
            );
            continue;
        }
        for decl in files.iter().flat_map(|f| &f.decls) {
            let Decl::Declared(d) = decl else { continue };
            if d.sort != sort || mine.iter().any(|u| u.name == d.name.text) {
                continue;
            }
            // Roles and responses are also named by flows; a declaration nothing in the pack
            // uses is still worth a look, as a warning.
            out.push(
                Diagnostic::warning(
                    Code::UnusedDeclaredName,
                    msg!(
                        "diag-unused-declared",
                        "what" => Message::new(sort.noun_id()),
                        "name" => &d.name.text
                    ),
                )
                .at(d.name.span, msg!("diag-label-not-used"))
                .help(msg!("diag-help-use-or-remove")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn lint_text(text: &str, today: &str) -> Vec<Code> {
        let mut sources = SourceMap::new();
        let id = sources.add("p.policy", text);
        let file = crate::syntax::parse(id, text).expect("parses");
        let files = vec![file];
        let out = crate::compile::compile(&sources, &files);
        let policy = out.policy.expect("compiles");
        let today = Day::parse(today).expect("a date");
        lint(&policy, &files, today)
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    const HEAD: &str = "policy \"t\" version \"1\"\ncategory personal\npurpose a\npurpose a.x\npurpose b\nparty kind k\nparty p kind k jurisdiction \"KE\"\nparty q kind k jurisdiction \"UG\"\n";

    #[test]
    fn the_hierarchy_and_one_purpose_per_flow_are_respected() {
        // `a.x` is within `a`: satisfiable. `a` and `b` at once: never.
        let ok = format!(
            "{HEAD}allow \"r\" when purpose is a.x and purpose within [a, b] and data includes personal cite \"c\"\n"
        );
        assert!(lint_text(&ok, "2026-01-01").is_empty());
        let never = format!(
            "{HEAD}allow \"r\" when purpose within a and purpose is b and data includes personal cite \"c\"\n"
        );
        assert_eq!(lint_text(&never, "2026-01-01"), [Code::NeverApplies]);
        // Sender and recipient are declared parties: p and q are in different countries.
        let border = format!(
            "{HEAD}deny \"r\" when cross border and not recipient jurisdiction in [\"KE\", \"UG\"] and data includes personal and purpose within [a, b] cite \"c\"\n"
        );
        assert_eq!(lint_text(&border, "2026-01-01"), [Code::NeverApplies]);
    }

    /// The DPIA a rule requires is a fact of the flow (stated or not), not of the rule's
    /// conditions: an allow needing one is never shadowed by it, a narrower allow that adds
    /// the requirement is not "adding nothing", and two allows requiring it on the same flows
    /// are duplicates.
    #[test]
    fn rules_requiring_a_dpia_are_judged_by_the_flows_they_cover() {
        // Only the rules' findings: the vocabulary's unused terms are not the point here.
        let rules = |text: &str| -> Vec<Code> {
            lint_text(&format!("{HEAD}{text}"), "2026-01-01")
                .into_iter()
                .filter(|c| *c != Code::UnusedTerm)
                .collect()
        };
        let wide = "allow \"wide\" when purpose within a cite \"c\"\n";
        let narrow = "allow \"narrow\" when purpose is a.x require dpia cite \"c\"\n";
        assert_eq!(rules(&format!("{wide}{narrow}")), []);
        let require = "require \"assessed\" when purpose within a require dpia cite \"c\"\n";
        assert_eq!(rules(&format!("{wide}{require}")), []);
        let again = "allow \"again\" when purpose is a.x require dpia cite \"c\"\n";
        assert_eq!(rules(&format!("{narrow}{again}")), [Code::DuplicateRule]);
        // The same narrower allow without the DPIA adds nothing the wide one does not.
        let plain = "allow \"plain\" when purpose is a.x cite \"c\"\n";
        assert_eq!(rules(&format!("{wide}{plain}")), [Code::SubsumedRule]);
    }

    #[test]
    fn agreements_are_reported_thirty_days_ahead() {
        let text = format!(
            "{HEAD}agreement \"A\" between p and q purposes a data personal valid 2020-01-01 to 2026-01-31\nallow \"r\" when agreement covers flow and data includes personal and purpose within [a, b] cite \"c\"\n"
        );
        assert!(lint_text(&text, "2025-12-31").is_empty());
        assert_eq!(lint_text(&text, "2026-01-01"), [Code::AgreementExpiring]);
        assert_eq!(lint_text(&text, "2026-02-01"), [Code::AgreementExpired]);
    }

    /// A deliberate end (a suspension from the day after) is not a renewal to start; another
    /// agreement between the same parties valid during the suspension is reported.
    #[test]
    fn a_deliberate_end_is_not_reported_but_a_bridge_over_it_is() {
        let allow = "allow \"r\" when agreement covers flow and data includes personal and purpose within [a, b] cite \"c\"\n";
        let text = format!(
            "{HEAD}agreement \"A\" between p and q purposes a data personal valid 2020-01-01 to 2026-01-31\n  suspended from 2026-02-01 because \"audit\" cite \"DPO 7\"\n{allow}"
        );
        assert!(lint_text(&text, "2026-01-01").is_empty());
        assert!(lint_text(&text, "2026-02-01").is_empty());
        // A suspension that starts later leaves the plain expiry to report.
        let later = text.replace("from 2026-02-01", "from 2026-03-01");
        assert_eq!(lint_text(&later, "2026-02-02"), [Code::AgreementExpired]);
        let bridged = format!(
            "{text}agreement \"B\" from q to p purposes b data personal valid 2026-01-01 to 2026-12-31\n"
        );
        assert_eq!(lint_text(&bridged, "2026-01-01"), [Code::SuspensionBridged]);
    }

    /// A pack that declares no role but uses one is told to declare it; one that declares a
    /// role nothing uses is told so; a pack that declares and uses its roles hears nothing.
    #[test]
    fn undeclared_and_unused_declared_names_are_reported() {
        let review = "review \"r\" when data includes personal and purpose within [a, b] approval by dpo cite \"c\"\n";
        let undeclared = format!("{HEAD}{review}");
        assert_eq!(
            lint_text(&undeclared, "2026-01-01"),
            [Code::UndeclaredNames]
        );
        let declared = format!("{HEAD}role dpo \"Data protection officer\"\n{review}");
        assert!(lint_text(&declared, "2026-01-01").is_empty());
        let unused = format!("{declared}role legal \"Legal adviser\"\n");
        assert_eq!(lint_text(&unused, "2026-01-01"), [Code::UnusedDeclaredName]);
    }
}
