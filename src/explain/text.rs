//! The explanation as text for a person, optionally coloured (ANSI, via anstyle). The front
//! end decides on colour (terminal, NO_COLOR); this module only paints.
//!
//! Names, reasons, facts and source lines come from the flow or the policy: each is shown
//! with its control characters escaped ([`crate::escape`]), so that only this module's own
//! colour codes and line breaks reach the terminal.

use super::{Explanation, HopExplained, Reason, RuleBrief, RuleExplained};
use crate::escape::Visible as V;
use crate::eval::{CondTrace, Node, Outcome, Truth, kind_words};
use anstyle::{AnsiColor, Effects, Style};
use std::fmt::Write;

struct Painter {
    colour: bool,
}

impl Painter {
    /// `text` in `style`; its control characters are escaped first, so input inside it
    /// cannot end the style early or start another.
    fn paint(&self, style: Style, text: &str) -> String {
        let text = crate::escape::visible(text);
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
        let (mark, colour) = match t {
            Truth::True => ("✔ true", AnsiColor::Green),
            Truth::False => ("✘ false", AnsiColor::Red),
            Truth::Unknown => ("? unknown", AnsiColor::Yellow),
        };
        self.paint(Style::new().fg_color(Some(colour.into())), mark)
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
}

/// Renders `e` as text; `colour` adds ANSI colours.
pub fn render(e: &Explanation, colour: bool) -> String {
    let p = Painter { colour };
    let mut out = String::new();
    let d = &e.decision;
    let head = match (d.decision, d.kind) {
        (Outcome::Allow, _) => "ALLOW".to_owned(),
        (Outcome::Review, _) => "REVIEW (not allowed until approved)".to_owned(),
        (Outcome::Deny, Some(kind)) => format!("DENY ({})", kind_words(kind)),
        (Outcome::Deny, None) => "DENY".to_owned(),
    };
    let _ = writeln!(
        out,
        "{}  flow {}",
        p.outcome(&head, d.decision == Outcome::Allow),
        V(&e.flow)
    );
    let _ = writeln!(out, "  {}", V(&d.reason));
    let version = e
        .policy
        .version
        .as_ref()
        .map(|v| format!(" version {v}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {}",
        p.dim(&format!(
            "policy \"{}\"{version}, {}",
            e.policy.name, e.policy.hash
        ))
    );
    for err in &d.errors {
        let at = if err.path.is_empty() {
            "flow"
        } else {
            &err.path
        };
        let _ = writeln!(out, "  error {}: {}", V(at), V(&err.message));
    }
    let chain = e.hops.len() > 1;
    for h in &e.hops {
        hop(&p, &mut out, h, chain, e.hops.len());
    }
    if !d.obligations.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Obligations"));
        for o in &d.obligations {
            let _ = writeln!(
                out,
                "  - {}  {}",
                V(&o.text),
                p.dim(&format!("(by {})", o.imposed_by.join(", ")))
            );
        }
    }
    remedies(&p, &mut out, e);
    out
}

fn hop(p: &Painter, out: &mut String, h: &HopExplained, chain: bool, hops: usize) {
    let state = match h.outcome {
        None => p.outcome("allowed", true),
        Some(kind) => p.outcome(&kind_words(kind), false),
    };
    if chain {
        let _ = writeln!(
            out,
            "\n{} {}",
            p.bold(&format!(
                "Hop {} of {hops}: {} → {}, purpose {}:",
                h.hop, h.from, h.to, h.purpose
            )),
            state
        );
    }
    if !h.deciding.is_empty() {
        let title = if h.outcome.is_none() {
            "Rules that allow it"
        } else {
            "Deciding rules"
        };
        let _ = writeln!(out, "\n{}", p.bold(title));
        for r in &h.deciding {
            deciding(p, out, r);
        }
    }
    if !h.checks.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Chain checks that failed"));
        for c in &h.checks {
            let failed = p.paint(Style::new().fg_color(Some(AnsiColor::Red.into())), "✘");
            let _ = writeln!(out, "  {failed} {}", V(&c.rule));
            for f in &c.facts {
                let _ = writeln!(out, "      {}", V(f));
            }
        }
    }
    if !h.also_applying.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Also applying (did not decide)"));
        for r in &h.also_applying {
            brief(p, out, r);
        }
    }
    if !h.not_applying.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Rules that did not apply"));
        for r in &h.not_applying {
            brief(p, out, r);
        }
    }
}

fn deciding(p: &Painter, out: &mut String, r: &RuleExplained) {
    let _ = writeln!(out, "  {} \"{}\"", V(&r.effect), p.bold(&r.rule));
    if let Some(at) = &r.at {
        let _ = writeln!(out, "    at    {}", p.dim(at));
    }
    if let Some(cite) = &r.cite {
        let _ = writeln!(out, "    cite  {}", V(cite));
    }
    if let Some(role) = &r.approval_by {
        let _ = writeln!(out, "    needs approval by {}", V(role));
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
    tree(p, out, "when ", &r.when, 4);
    if let Some(u) = &r.unless {
        tree(p, out, "unless ", u, 4);
    }
}

/// A condition as an indented tree: junctions name their connective, tests show their fact.
/// `label` (`when `, `unless `) starts the first line.
fn tree(p: &Painter, out: &mut String, label: &str, t: &CondTrace, indent: usize) {
    let pad = " ".repeat(indent);
    if t.parts.is_empty() {
        let _ = writeln!(out, "{pad}{label}{} {}", p.truth(t.value), V(&t.condition));
        if let Some(f) = &t.fact {
            let _ = writeln!(out, "{pad}{}    {}", " ".repeat(label.len()), p.dim(f));
        }
        return;
    }
    let connective = match t.node {
        Node::Not => "not",
        Node::All => "all of",
        _ => "any of",
    };
    let _ = writeln!(out, "{pad}{label}{} {connective}:", p.truth(t.value));
    for part in &t.parts {
        tree(p, out, "", part, indent + label.len() + 4);
    }
}

fn brief(p: &Painter, out: &mut String, r: &RuleBrief) {
    let at = r.at.as_deref().map(|a| p.dim(a)).unwrap_or_default();
    let _ = writeln!(out, "  {} \"{}\"  {at}", V(&r.effect), V(&r.rule));
    let Reason {
        clause,
        condition,
        value,
        fact,
        ..
    } = &r.because;
    let _ = writeln!(
        out,
        "      {} {} {}",
        V(clause),
        p.truth(*value),
        V(condition)
    );
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
    let _ = writeln!(out, "\n{}", p.bold("What would make it allowed"));
    let _ = writeln!(out, "  {}", V(&r.note));
    for (i, option) in r.options.iter().enumerate() {
        let changes: Vec<String> = option.changes.iter().map(|c| c.text()).collect();
        let _ = writeln!(out, "  {}. {}", i + 1, V(&changes.join("; and ")));
        let mut result = format!("→ {}", option.reason);
        if !option.obligations.is_empty() {
            result.push_str(&format!(", with: {}", option.obligations.join("; ")));
        }
        let _ = writeln!(out, "     {}", p.dim(&result));
    }
}
