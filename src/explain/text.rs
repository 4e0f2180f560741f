//! The explanation as text for a person, optionally coloured (ANSI, via anstyle). The front
//! end decides on colour (terminal, NO_COLOR); this module only paints. Every heading and
//! label is a message of [`crate::words`], in the language asked for.
//!
//! Names, reasons, facts and source lines come from the flow or the policy: each is shown
//! with its control characters escaped ([`crate::escape`]), so that only this module's own
//! colour codes and line breaks reach the terminal.

use super::{Explanation, HopExplained, Reason, RuleBrief, RuleExplained};
use crate::escape::{Visible as V, visible};
use crate::eval::{CondTrace, DenyKind, Node, Outcome, Truth};
use crate::words::{self, Lang, args};
use anstyle::{AnsiColor, Effects, Style};
use std::fmt::Write;

struct Painter {
    colour: bool,
    lang: Lang,
}

impl Painter {
    /// The message `id` in the reader's language.
    fn say(&self, id: &str, a: Option<&words::Args<'_>>) -> String {
        words::message(self.lang, id, a)
    }
    /// `text` in `style`; its control characters are escaped first, so input inside it
    /// cannot end the style early or start another.
    fn paint(&self, style: Style, text: &str) -> String {
        let text = visible(text);
        if self.colour {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.into_owned()
        }
    }
    fn bold(&self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::BOLD), text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::DIMMED), text)
    }
    fn truth(&self, t: Truth) -> String {
        let (id, colour) = match t {
            Truth::True => ("explain-true", AnsiColor::Green),
            Truth::False => ("explain-false", AnsiColor::Red),
            Truth::Unknown => ("explain-unknown", AnsiColor::Yellow),
        };
        self.paint(
            Style::new().fg_color(Some(colour.into())),
            &self.say(id, None),
        )
    }
    fn outcome(&self, text: &str, allowed: bool) -> String {
        let colour = if allowed {
            AnsiColor::Green
        } else {
            AnsiColor::Red
        };
        self.paint(
            Style::new()
                .fg_color(Some(colour.into()))
                .effects(Effects::BOLD),
            text,
        )
    }
    /// A deny kind in words.
    fn kind(&self, kind: DenyKind) -> String {
        crate::eval::kind_words_in(kind, self.lang)
    }
    /// A policy's name quoted the language's way, escaped.
    fn quoted(&self, name: &str) -> String {
        self.say("quoted", Some(&args!("name" => visible(name).into_owned())))
    }
}

/// Renders `e` as text in English; `colour` adds ANSI colours.
pub fn render(e: &Explanation, colour: bool) -> String {
    render_in(e, colour, Lang::EN)
}

/// Renders `e` as text in `lang`; `colour` adds ANSI colours. The headings and labels are in
/// `lang`; the decision's reason and facts are in the language the explanation was made in
/// ([`super::explain_in`]).
pub fn render_in(e: &Explanation, colour: bool, lang: Lang) -> String {
    let p = Painter { colour, lang };
    let mut out = String::new();
    let d = &e.decision;
    let head = match (d.decision, d.kind) {
        (Outcome::Allow, _) => p.say("explain-head-allow", None),
        (Outcome::Review, _) => p.say("explain-head-review", None),
        (Outcome::Deny, Some(kind)) => {
            p.say("explain-head-deny", Some(&args!("kind" => p.kind(kind))))
        }
        (Outcome::Deny, None) => p.say("explain-head-deny-plain", None),
    };
    let _ = writeln!(
        out,
        "{}  {}",
        p.outcome(&head, d.decision == Outcome::Allow),
        p.say(
            "explain-flow",
            Some(&args!("flow" => visible(&e.flow).into_owned()))
        )
    );
    let _ = writeln!(out, "  {}", V(&d.reason));
    let name = p.quoted(&e.policy.name);
    let policy = match &e.policy.version {
        Some(v) => p.say(
            "explain-policy-version",
            Some(&args!("name" => name, "version" => v, "hash" => &e.policy.hash)),
        ),
        None => p.say(
            "explain-policy",
            Some(&args!("name" => name, "hash" => &e.policy.hash)),
        ),
    };
    let _ = writeln!(out, "  {}", p.dim(&policy));
    for err in &d.errors {
        let at = if err.path.is_empty() {
            p.say("explain-error-whole-flow", None)
        } else {
            visible(&err.path).into_owned()
        };
        let line = p.say(
            "explain-error",
            Some(&args!("at" => at, "message" => visible(&err.message).into_owned())),
        );
        let _ = writeln!(out, "  {line}");
    }
    let chain = e.hops.len() > 1;
    for h in &e.hops {
        hop(&p, &mut out, h, chain, e.hops.len());
    }
    if !d.obligations.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&p.say("explain-obligations", None)));
        for o in &d.obligations {
            let by = p.say(
                "explain-imposed-by",
                Some(&args!("rules" => o.imposed_by.join(", "))),
            );
            let _ = writeln!(out, "  - {}  {}", V(&o.text), p.dim(&by));
        }
    }
    remedies(&p, &mut out, e);
    out
}

fn hop(p: &Painter, out: &mut String, h: &HopExplained, chain: bool, hops: usize) {
    let state = match h.outcome {
        None => p.outcome(&p.say("explain-hop-allowed", None), true),
        Some(kind) => p.outcome(&p.kind(kind), false),
    };
    if chain {
        let title = p.say(
            "explain-hop",
            Some(&args!(
                "hop" => h.hop,
                "hops" => hops,
                "from" => &h.from,
                "to" => &h.to,
                "purpose" => &h.purpose
            )),
        );
        let _ = writeln!(out, "\n{} {}", p.bold(&title), state);
    }
    if !h.deciding.is_empty() {
        let title = if h.outcome.is_none() {
            "explain-rules-allowing"
        } else {
            "explain-rules-deciding"
        };
        let _ = writeln!(out, "\n{}", p.bold(&p.say(title, None)));
        for r in &h.deciding {
            deciding(p, out, r);
        }
    }
    if !h.checks.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&p.say("explain-checks-failed", None)));
        for c in &h.checks {
            let failed = p.paint(Style::new().fg_color(Some(AnsiColor::Red.into())), "✘");
            let _ = writeln!(out, "  {failed} {}", V(&c.rule));
            // The check's citation, the pack's own when it gives one: a reviewer asks on what
            // authority a chain is stopped as for any rule.
            if let Some(cite) = &c.cite {
                let label = p.say("explain-label-cite", None);
                let _ = writeln!(out, "      {label}  {}", V(cite));
            }
            for f in c.facts().iter() {
                let _ = writeln!(out, "      {}", V(f));
            }
        }
    }
    if !h.also_applying.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&p.say("explain-also-applying", None)));
        for r in &h.also_applying {
            brief(p, out, r);
        }
    }
    if !h.not_applying.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold(&p.say("explain-not-applying", None)));
        for r in &h.not_applying {
            brief(p, out, r);
        }
    }
}

/// A rule's effect and its name, quoted: `deny "No biometrics"`. Only the name is painted.
fn rule_line(p: &Painter, effect: &str, name: String) -> String {
    let effect = p.say("explain-effect", Some(&args!("effect" => effect)));
    let rule = p.say("quoted", Some(&args!("name" => name)));
    p.say(
        "explain-rule",
        Some(&args!("effect" => effect, "rule" => rule)),
    )
}

fn deciding(p: &Painter, out: &mut String, r: &RuleExplained) {
    let _ = writeln!(out, "  {}", rule_line(p, &r.effect, p.bold(&r.rule)));
    // The labels line up whatever their length in the language.
    let at_label = p.say("explain-label-at", None);
    let cite_label = p.say("explain-label-cite", None);
    let width = at_label.chars().count().max(cite_label.chars().count()) + 2;
    if let Some(at) = &r.at {
        let _ = writeln!(out, "    {at_label:<width$}{}", p.dim(at));
    }
    if let Some(cite) = &r.cite {
        let _ = writeln!(out, "    {cite_label:<width$}{}", V(cite));
    }
    if let Some(role) = &r.approval_by {
        let needs = p.say(
            "explain-needs-approval",
            Some(&args!("role" => visible(role).into_owned())),
        );
        let _ = writeln!(out, "    {needs}");
    }
    if let Some(src) = &r.source {
        let width = (src.line as usize + src.text.lines().count())
            .to_string()
            .len();
        for (i, line) in src.text.lines().enumerate() {
            let n = src.line as usize + i;
            let _ = writeln!(out, "    {} {}", p.dim(&format!("{n:>width$} │")), V(line));
        }
    }
    let when = format!("{} ", p.say("explain-when", None));
    tree(p, out, &when, &r.when, 4);
    if let Some(u) = &r.unless {
        let unless = format!("{} ", p.say("explain-unless", None));
        tree(p, out, &unless, u, 4);
    }
}

/// A condition as an indented tree: junctions name their connective, tests show their fact.
/// `label` (`when `, `unless `) starts the first line.
fn tree(p: &Painter, out: &mut String, label: &str, t: &CondTrace, indent: usize) {
    let pad = " ".repeat(indent);
    let label_width = label.chars().count();
    if t.parts.is_empty() {
        let _ = writeln!(out, "{pad}{label}{} {}", p.truth(t.value), V(&t.condition));
        if let Some(f) = &t.fact {
            let _ = writeln!(out, "{pad}{}    {}", " ".repeat(label_width), p.dim(f));
        }
        return;
    }
    let connective = match t.node {
        Node::Not => "explain-node-not",
        Node::All => "explain-node-all",
        _ => "explain-node-any",
    };
    let _ = writeln!(
        out,
        "{pad}{label}{} {}",
        p.truth(t.value),
        p.say(connective, None)
    );
    for part in &t.parts {
        tree(p, out, "", part, indent + label_width + 4);
    }
}

fn brief(p: &Painter, out: &mut String, r: &RuleBrief) {
    let at = r.at.as_deref().map(|a| p.dim(a)).unwrap_or_default();
    let _ = writeln!(
        out,
        "  {}  {at}",
        rule_line(p, &r.effect, visible(&r.rule).into_owned())
    );
    let Reason {
        clause,
        condition,
        value,
        fact,
        ..
    } = &r.because;
    let clause = match clause.as_str() {
        "unless" => p.say("explain-unless", None),
        _ => p.say("explain-when", None),
    };
    let _ = writeln!(out, "      {} {} {}", clause, p.truth(*value), V(condition));
    if let Some(f) = fact {
        let _ = writeln!(out, "          {}", p.dim(f));
    }
}

fn remedies(p: &Painter, out: &mut String, e: &Explanation) {
    use super::RemedyStatus;
    let r = &e.remedies;
    if r.status == RemedyStatus::NotNeeded {
        return;
    }
    let _ = writeln!(out, "\n{}", p.bold(&p.say("explain-remedies", None)));
    let _ = writeln!(out, "  {}", V(&r.note));
    // Why the flow is stopped on purpose comes before what else stops it.
    for s in &r.suspended {
        let _ = writeln!(out, "  - {}", V(&s.text));
    }
    for b in &r.blocked_by {
        let _ = writeln!(out, "  - {}", V(&b.text));
    }
    if let Some(info) = &r.information {
        let _ = writeln!(out, "  {}", p.dim(&info.text));
    }
    for (i, option) in r.options.iter().enumerate() {
        let changes = option
            .changes
            .iter()
            .map(|c| c.change.text_in(p.lang))
            .reduce(|head, last| {
                p.say(
                    "explain-remedy-changes",
                    Some(&args!("head" => head, "last" => last)),
                )
            })
            .unwrap_or_default();
        let _ = writeln!(out, "  {}. {}", i + 1, V(&changes));
        // Who must act, once for each kind of change they must make.
        let mut who: Vec<(super::Actor, super::ChangeKind)> = option
            .changes
            .iter()
            .map(|s| (s.who_must_act, s.change_kind))
            .collect();
        who.sort_unstable();
        who.dedup();
        let who = who
            .into_iter()
            .map(|(actor, kind)| {
                p.say(
                    "explain-remedy-actor-kind",
                    Some(&args!("actor" => actor.text_in(p.lang), "kind" => kind.text_in(p.lang))),
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            out,
            "     {}",
            p.say("explain-remedy-who", Some(&args!("who" => who)))
        );
        let result = if option.obligations.is_empty() {
            p.say(
                "explain-remedy-result",
                Some(&args!("reason" => &option.reason)),
            )
        } else {
            p.say(
                "explain-remedy-result-with",
                Some(&args!(
                    "reason" => &option.reason,
                    "obligations" => option.obligations.join("; ")
                )),
            )
        };
        let _ = writeln!(out, "     {}", p.dim(&result));
    }
}
