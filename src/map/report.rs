//! Reports of an analysis: text for people, JSON for programs, Graphviz DOT for pictures.

use super::analyse::Analysis;
use crate::escape::Visible as V;
use crate::eval::{Decision, DenyKind, Outcome};
use crate::words::{self, Lang, args};
use serde::Serialize;
use std::fmt::Write;

/// One hop of a reported path.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// The transfer's name.
    pub transfer: String,
    /// Sending system.
    pub from: String,
    /// Its party.
    pub from_party: String,
    /// Receiving system.
    pub to: String,
    /// Its party.
    pub to_party: String,
    /// The transfer's purpose.
    pub purpose: String,
    /// How this hop was decided (with its chain).
    pub outcome: Outcome,
    /// Why not allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<DenyKind>,
}

/// A path from a collection point, end to end, with the decision of its last hop.
#[derive(Clone, Debug, Serialize)]
pub struct PathReport {
    /// The dataset the path starts from (the first one merged into its state).
    pub dataset: String,
    /// The system it was collected at.
    pub collected_at: String,
    /// The hops, first to last.
    pub steps: Vec<Step>,
    /// The categories that arrive over the last hop.
    pub carries: Vec<String>,
    /// Which hop (1-based) the decision is about: for an audit, the failing hop.
    pub hop: usize,
    /// How many violating hops with the same failing transfer and decision this path stands
    /// for (paths merged into it); 1 in a reach report.
    pub paths: usize,
    /// Whether every hop of the path is allowed.
    pub path_allowed: bool,
    /// The decision of the last hop, judged with the hop before it as its chain. Its
    /// `flow` is the transfer's name and each determining rule's `hop` counts along this
    /// path.
    pub decision: Decision,
}

impl Analysis<'_> {
    /// The report of the path ending with transition `t`, its words in English.
    pub fn path_report(&self, t: usize, paths: usize) -> PathReport {
        self.path_report_in(t, paths, Lang::EN)
    }

    /// The report of the path ending with transition `t`, its words (the decision's reason,
    /// facts and built-in checks' names) in `lang`.
    pub fn path_report_in(&self, t: usize, paths: usize, lang: Lang) -> PathReport {
        let (dataset, steps) = self.path_to(t);
        let map = self.map;
        let step = |i: usize| {
            let tr = &self.transitions[i];
            let transfer = &map.transfers[tr.transfer as usize];
            let d = &self.decisions[tr.decision as usize];
            Step {
                transfer: transfer.label.clone(),
                from: map.systems[transfer.from].name.clone(),
                from_party: map.systems[transfer.from].party.clone(),
                to: map.systems[transfer.to].name.clone(),
                to_party: map.systems[transfer.to].party.clone(),
                purpose: transfer.purpose.clone(),
                outcome: d.decision,
                kind: d.kind,
            }
        };
        let k = steps.len();
        let tr = &self.transitions[t];
        let mut decision = self.decision_in(tr.decision as usize, lang);
        decision.flow = map.transfers[tr.transfer as usize].label.clone();
        // In the engine's chain, hop 1 is the transfer before this one and hop 2 this one.
        for d in &mut decision.determining {
            d.hop = Some(match d.hop {
                Some(h) => (k + h).saturating_sub(2).max(1),
                None => k,
            });
        }
        let d = &map.datasets[dataset];
        PathReport {
            dataset: d.name.clone(),
            collected_at: map.systems[d.system].name.clone(),
            steps: steps.iter().map(|&i| step(i)).collect(),
            carries: self
                .carried_names(t)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            hop: k,
            paths,
            path_allowed: !self.states[tr.target as usize].key.tainted,
            decision,
        }
    }

    /// The audit as JSON: the summary and the violating paths (at most `max_paths` of them;
    /// `not_shown` counts the rest), their words in English.
    pub fn audit_json(&self, max_paths: usize) -> String {
        self.audit_json_in(max_paths, Lang::EN)
    }

    /// The audit as JSON, as [`Analysis::audit_json`], the decisions' words in `lang`.
    pub fn audit_json_in(&self, max_paths: usize, lang: Lang) -> String {
        #[derive(Serialize)]
        struct Audit<'a> {
            map: &'a str,
            policy: &'a str,
            at: &'a str,
            summary: &'a super::Stats,
            violations: Vec<PathReport>,
            not_shown: usize,
        }
        let all = self.violations();
        let audit = Audit {
            map: &self.map.name,
            policy: &self.engine.policy().hash,
            at: &self.map.at,
            summary: &self.stats,
            violations: all
                .iter()
                .take(max_paths)
                .map(|&(t, n)| self.path_report_in(t, n, lang))
                .collect(),
            not_shown: all.len().saturating_sub(max_paths),
        };
        let mut text = serde_json::to_string_pretty(&audit)
            .unwrap_or_else(|e| format!(r#"{{"error":"cannot serialise the audit: {e}"}}"#));
        text.push('\n');
        text
    }

    /// The audit as text for a person, in English, listing at most `max_paths` violating
    /// paths.
    pub fn audit_text(&self, max_paths: usize) -> String {
        self.audit_text_in(max_paths, Lang::EN)
    }

    /// The audit as text for a person, its sentences in `lang`, listing at most `max_paths`
    /// violating paths.
    pub fn audit_text_in(&self, max_paths: usize, lang: Lang) -> String {
        let mut out = String::new();
        let s = &self.stats;
        let _ = writeln!(
            out,
            "{}",
            say(
                lang,
                "map-audit-head",
                &args!(
                    "map" => quoted(lang, &self.map.name),
                    "systems" => s.systems,
                    "datasets" => s.datasets,
                    "transfers" => s.transfers,
                    "at" => V(&self.map.at).to_string()
                )
            )
        );
        let all = self.violations();
        for (n, &(t, paths)) in all.iter().take(max_paths).enumerate() {
            let _ = writeln!(out);
            let _ = write!(
                out,
                "{}  ",
                say(lang, "map-denied-path", &args!("n" => n + 1))
            );
            write_path(&mut out, &self.path_report_in(t, paths, lang), lang);
        }
        let _ = writeln!(out);
        if all.len() > max_paths {
            let _ = writeln!(
                out,
                "{}",
                say(
                    lang,
                    "map-not-shown",
                    &args!("count" => all.len() - max_paths)
                )
            );
        }
        write_summary(&mut out, s, lang);
        let _ = writeln!(
            out,
            "  {}",
            say(
                lang,
                "map-policy",
                &args!("hash" => &self.engine.policy().hash)
            )
        );
        out
    }

    /// The map as a Graphviz DOT graph: systems as boxes labelled with their party,
    /// transfers as edges labelled with their purpose; a transfer with a violating path is
    /// red and carries the reason; a transfer no data reaches is grey and dashed.
    pub fn dot(&self) -> String {
        self.dot_in(Lang::EN)
    }

    /// The map as a Graphviz DOT graph, as [`Analysis::dot`], its labels in `lang`.
    pub fn dot_in(&self, lang: Lang) -> String {
        let map = self.map;
        let mut first_denied: Vec<Option<usize>> = vec![None; map.transfers.len()];
        for (i, tr) in self.transitions.iter().enumerate() {
            if tr.violation {
                first_denied[tr.transfer as usize].get_or_insert(i);
            }
        }
        let mut out = String::new();
        let _ = writeln!(out, "digraph \"{}\" {{", esc(&map.name));
        let _ = writeln!(out, "  rankdir=LR;");
        let _ = writeln!(
            out,
            "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"
        );
        let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];");
        for (i, s) in map.systems.iter().enumerate() {
            let collects: Vec<&str> = map
                .datasets
                .iter()
                .filter(|d| d.system == i)
                .map(|d| d.name.as_str())
                .collect();
            let extra = if collects.is_empty() {
                String::new()
            } else {
                let collects = say(
                    lang,
                    "map-dot-collects",
                    &args!("datasets" => collects.join(", ")),
                );
                format!("\\n{}", esc(&collects))
            };
            let _ = writeln!(
                out,
                "  s{i} [label=\"{}\\n({}){extra}\"];",
                esc(&s.name),
                esc(&s.party)
            );
        }
        for (i, t) in map.transfers.iter().enumerate() {
            let label = format!("{}\\n{}", esc(&t.label), esc(&t.purpose));
            let attrs = match first_denied[i] {
                Some(tr) => {
                    let n = self.denied[i];
                    let d = &self.decisions[self.transitions[tr].decision as usize];
                    let policy = self.engine.policy();
                    let paths = if n == 1 {
                        String::new()
                    } else {
                        format!(" {}", say(lang, "map-dot-paths", &args!("count" => n)))
                    };
                    // One rule a line: the reason as a sentence is too wide for a picture.
                    let mut rules: Vec<String> = Vec::new();
                    for (by, _) in &d.deciding {
                        let name = match by {
                            crate::eval::DecidedBy::Rule(r) => policy
                                .rules
                                .get(*r)
                                .map_or_else(String::new, |r| r.name.clone()),
                            crate::eval::DecidedBy::Check(c) => words::check_name(lang, *c),
                        };
                        if !rules.contains(&name) {
                            rules.push(name);
                        }
                    }
                    let why = if rules.is_empty() {
                        esc(&no_rule(lang, d.kind))
                    } else {
                        rules.iter().map(|r| esc(r)).collect::<Vec<_>>().join("\\n")
                    };
                    let kind = match d.kind {
                        Some(k) => crate::eval::kind_words_in(k, lang),
                        None => words::message(lang, "map-not-allowed", None),
                    };
                    let denied = esc(&say(
                        lang,
                        "map-dot-denied",
                        &args!("kind" => kind, "paths" => paths),
                    ));
                    format!(
                        "label=\"{label}\\n{denied}\\n{why}\", color=red, fontcolor=red, penwidth=2"
                    )
                }
                None if !self.reached[i] => {
                    format!("label=\"{label}\", color=gray, fontcolor=gray, style=dashed")
                }
                None => format!("label=\"{label}\""),
            };
            let _ = writeln!(out, "  s{} -> s{} [{attrs}];", t.from, t.to);
        }
        let _ = writeln!(out, "}}");
        out
    }
}

/// A DOT string literal's contents: control characters made visible first, so that the
/// graph's labels cannot carry terminal escapes either.
fn esc(text: &str) -> String {
    crate::escape::visible(text)
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// In place of a rule, for a violation no rule decided: no rule allows the hop, or the map
/// states something the policy cannot read.
fn no_rule(lang: Lang, kind: Option<DenyKind>) -> String {
    match kind {
        Some(DenyKind::NotPermitted) => words::message(lang, "map-no-rule-allows", None),
        _ => words::message(lang, "map-invalid-hop", None),
    }
}

/// The message `id` in `lang`.
fn say(lang: Lang, id: &str, a: &words::Args<'_>) -> String {
    words::message(lang, id, Some(a))
}

/// A name from the map or the policy, escaped and quoted the language's way.
fn quoted(lang: Lang, name: &str) -> String {
    say(lang, "quoted", &args!("name" => V(name).to_string()))
}

fn write_summary(out: &mut String, s: &super::Stats, lang: Lang) {
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            "map-summary",
            &args!(
                "checked" => s.paths_checked,
                "denied" => s.paths_denied,
                "states" => s.states,
                "merged" => s.paths_merged,
                "decisions" => s.decisions_computed
            )
        )
    );
    if !s.denied_by_rule.is_empty() || !s.denied_without_rule.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            words::message(lang, "map-denied-by-rule", None)
        );
        // Built-in checks are counted by id and shown by name; the list reads in the
        // order of the names shown.
        let mut rules: Vec<(String, usize)> = s
            .denied_by_rule
            .iter()
            .map(|(rule, &n)| match crate::eval::Check::from_id(rule) {
                Some(check) => (words::check_name(lang, check), n),
                None => (rule.clone(), n),
            })
            .collect();
        rules.sort();
        for (rule, n) in &rules {
            let _ = writeln!(out, "    {n:>4}  {}", V(rule));
        }
    }
    for (kind, n) in &s.denied_without_rule {
        let kind = match kind.as_str() {
            "not_permitted" => Some(DenyKind::NotPermitted),
            _ => Some(DenyKind::Error),
        };
        let _ = writeln!(out, "    {n:>4}  {}", no_rule(lang, kind));
    }
}

/// Writes a path: its hops, what it carries, and the decision of its last hop.
fn write_path(out: &mut String, p: &PathReport, lang: Lang) {
    let merged = if p.paths > 1 {
        format!(
            "  {}",
            say(lang, "map-stands-for", &args!("count" => p.paths))
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{}{merged}",
        say(
            lang,
            "map-dataset",
            &args!(
                "dataset" => quoted(lang, &p.dataset),
                "system" => V(&p.collected_at).to_string()
            )
        )
    );
    let kind = |k: DenyKind| crate::eval::kind_words_in(k, lang);
    for (i, s) in p.steps.iter().enumerate() {
        let verdict = match (s.outcome, s.kind) {
            (Outcome::Allow, _) => words::message(lang, "map-step-allow", None),
            (_, Some(k)) => say(lang, "map-step-deny", &args!("kind" => kind(k))),
            (Outcome::Review, None) => words::message(lang, "map-step-review", None),
            (Outcome::Deny, None) => words::message(lang, "map-step-deny-plain", None),
        };
        let mark = if i + 1 == p.hop { "  ◀" } else { "" };
        let _ = writeln!(
            out,
            "  {}. {} ({}) → {} ({})  {}  [{verdict}]{mark}",
            i + 1,
            V(&s.from),
            V(&s.from_party),
            V(&s.to),
            V(&s.to_party),
            say(
                lang,
                "map-step-transfer",
                &args!(
                    "transfer" => quoted(lang, &s.transfer),
                    "purpose" => V(&s.purpose).to_string()
                )
            )
        );
    }
    let _ = writeln!(
        out,
        "  {}",
        say(
            lang,
            "map-carries",
            &args!("categories" => V(&p.carries.join(", ")).to_string())
        )
    );
    let d = &p.decision;
    let head = match (d.decision, d.kind) {
        (Outcome::Allow, _) => words::message(lang, "explain-head-allow", None),
        (Outcome::Review, _) => words::message(lang, "explain-head-review", None),
        (Outcome::Deny, Some(k)) => say(lang, "explain-head-deny", &args!("kind" => kind(k))),
        (Outcome::Deny, None) => words::message(lang, "explain-head-deny-plain", None),
    };
    let _ = writeln!(
        out,
        "  {}",
        say(
            lang,
            "map-hop-decision",
            &args!("hop" => p.hop, "head" => head, "reason" => V(&d.reason).to_string())
        )
    );
    let at_label = words::message(lang, "explain-label-at", None);
    let cite_label = words::message(lang, "explain-label-cite", None);
    let fact_label = words::message(lang, "map-label-fact", None);
    let width = [&at_label, &cite_label, &fact_label]
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    for r in &d.determining {
        let effect = say(lang, "explain-effect", &args!("effect" => &*r.effect));
        let rule = quoted(lang, &r.rule);
        let line = match r.hop {
            Some(h) => say(
                lang,
                "map-rule-hop",
                &args!("effect" => effect, "rule" => rule, "hop" => h),
            ),
            None => say(lang, "map-rule", &args!("effect" => effect, "rule" => rule)),
        };
        let _ = writeln!(out, "    {line}");
        if let Some(at) = &r.at {
            let _ = writeln!(out, "      {at_label:<width$}{}", V(at));
        }
        if let Some(cite) = &r.cite {
            let _ = writeln!(out, "      {cite_label:<width$}{}", V(cite));
        }
        if let Some(role) = &r.approval_by {
            let needs = say(
                lang,
                "explain-needs-approval",
                &args!("role" => V(role).to_string()),
            );
            let _ = writeln!(out, "      {needs}");
        }
        for fact in r.facts().iter() {
            let _ = writeln!(out, "      {fact_label:<width$}{}", V(fact));
        }
    }
    for e in &d.errors {
        let line = say(
            lang,
            "explain-error",
            &args!("at" => V(&e.path).to_string(), "message" => V(&e.message).to_string()),
        );
        let _ = writeln!(out, "    {line}");
    }
}

impl Analysis<'_> {
    /// The paths of a reach query as JSON, their words in English.
    pub fn reach_json(&self, hits: &[usize]) -> String {
        self.reach_json_in(hits, Lang::EN)
    }

    /// The paths of a reach query as JSON, the decisions' words in `lang`.
    pub fn reach_json_in(&self, hits: &[usize], lang: Lang) -> String {
        #[derive(Serialize)]
        struct Reach<'a> {
            map: &'a str,
            policy: &'a str,
            at: &'a str,
            paths_found: usize,
            paths_allowed: usize,
            paths: Vec<PathReport>,
        }
        let paths: Vec<PathReport> = hits
            .iter()
            .map(|&t| self.path_report_in(t, 1, lang))
            .collect();
        let reach = Reach {
            map: &self.map.name,
            policy: &self.engine.policy().hash,
            at: &self.map.at,
            paths_found: paths.len(),
            paths_allowed: paths.iter().filter(|p| p.path_allowed).count(),
            paths,
        };
        let mut text = serde_json::to_string_pretty(&reach)
            .unwrap_or_else(|e| format!(r#"{{"error":"cannot serialise the result: {e}"}}"#));
        text.push('\n');
        text
    }

    /// The paths of a reach query as text, in English.
    pub fn reach_text(&self, hits: &[usize], question: &str) -> String {
        self.reach_text_in(hits, question, Lang::EN)
    }

    /// The paths of a reach query as text, its sentences in `lang`.
    pub fn reach_text_in(&self, hits: &[usize], question: &str, lang: Lang) -> String {
        let mut out = String::new();
        let paths: Vec<PathReport> = hits
            .iter()
            .map(|&t| self.path_report_in(t, 1, lang))
            .collect();
        let allowed = paths.iter().filter(|p| p.path_allowed).count();
        let _ = writeln!(
            out,
            "{}",
            say(
                lang,
                "map-reach-head",
                &args!(
                    "question" => V(question).to_string(),
                    "map" => quoted(lang, &self.map.name),
                    "at" => V(&self.map.at).to_string(),
                    "count" => paths.len(),
                    "allowed" => allowed,
                    "denied" => paths.len() - allowed
                )
            )
        );
        for (n, p) in paths.iter().enumerate() {
            let _ = writeln!(out);
            let id = if p.path_allowed {
                "map-path-allowed"
            } else {
                "map-path-not-allowed"
            };
            let _ = write!(out, "{}  ", say(lang, id, &args!("n" => n + 1)));
            write_path(&mut out, p, lang);
        }
        out
    }
}
