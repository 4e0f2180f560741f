//! Policy text that reads differently from what it says.
//!
//! A reviewer approves a policy by reading it, so text that *looks* like something else is an
//! attack on the review: bidirectional control characters reorder how a line is shown without
//! changing what mandate reads ("Trojan Source", CVE-2021-42574), and a name that mixes
//! scripts (`"DTA-2024-1К"` with a Cyrillic `К`) looks like another name while never matching
//! it. Both are warnings, with the code point and its place, so that
//! `validate --deny-warnings` fails on them.

use crate::diagnostic::{Code, Diagnostic, msg};
use crate::escape::bidi_name;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{self, Decl};

/// At most this many bidi warnings per file: a file full of them needs one look, not
/// thousands of lines.
const MAX_PER_FILE: usize = 20;

/// Warnings for bidirectional control characters anywhere in the files' text (strings and
/// comments: elsewhere they are already syntax errors), and for names that mix scripts.
pub fn check(sources: &SourceMap, files: &[ast::File]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        bidi(sources, file.id, &mut out);
        for (name, what) in names(file) {
            if let Some(d) = mixed_script(sources, name, what) {
                out.push(d);
            }
        }
    }
    out
}

fn bidi(sources: &SourceMap, id: crate::source::FileId, out: &mut Vec<Diagnostic>) {
    let text = &sources.file(id).text;
    let found: Vec<(usize, char, &str)> = text
        .char_indices()
        .filter_map(|(at, c)| bidi_name(c).map(|name| (at, c, name)))
        .collect();
    for (n, &(at, c, name)) in found.iter().enumerate().take(MAX_PER_FILE) {
        let mut d = Diagnostic::warning(
            Code::BidiControl,
            msg!(
                "diag-bidi",
                "code" => format!("{:04X}", u32::from(c)),
                "name" => name
            ),
        )
        .at(
            Span::new(id, at, at + c.len_utf8()),
            msg!(
                "diag-label-bidi",
                "code" => format!("{:04X}", u32::from(c)),
                "name" => name
            ),
        )
        .help(msg!("diag-help-bidi"))
        .note(msg!("diag-note-bidi"));
        if n + 1 == MAX_PER_FILE && found.len() > MAX_PER_FILE {
            d = d.note(msg!("diag-note-more-not-shown", "count" => found.len() - MAX_PER_FILE));
        }
        out.push(d);
    }
}

/// The quoted strings that serve as names or ids: flows and reviewers match them exactly.
/// Citations and documents are prose, where several scripts are at home.
fn names(file: &ast::File) -> Vec<(&ast::Str, &'static str)> {
    let mut out = Vec::new();
    if let Some(h) = &file.header {
        out.push((&h.name, "diag-name-policy"));
    }
    for decl in &file.decls {
        match decl {
            Decl::Agreement(a) => out.push((&a.id, "diag-name-agreement")),
            Decl::Rule(r) => out.push((&r.name, "diag-name-rule")),
            Decl::Classification(c) => {
                out.push((&c.name, "diag-name-classification"));
                out.push((&c.response, "diag-name-response"));
            }
            _ => {}
        }
    }
    out
}

#[cfg(feature = "scripts")]
fn mixed_script(sources: &SourceMap, name: &ast::Str, what: &'static str) -> Option<Diagnostic> {
    use unicode_script::{Script, UnicodeScript};
    use unicode_security::MixedScript;
    if name.value.is_single_script() {
        return None;
    }
    // Name the scripts, in order of appearance, and point at the first letter of a script
    // other than the first one's: that is the letter that looks like something it is not.
    let mut scripts: Vec<Script> = Vec::new();
    let mut odd: Option<(usize, char)> = None;
    for (at, c) in name.value.char_indices() {
        let script = c.script();
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        if !scripts.contains(&script) {
            if !scripts.is_empty() && odd.is_none() {
                odd = Some((at, c));
            }
            scripts.push(script);
        }
    }
    let listed: Vec<&str> = scripts.iter().map(|s| s.full_name()).collect();
    let (label, span) = match odd {
        Some((at, c)) => {
            // The value has its escapes resolved; when the source holds it as it is (no
            // escapes), the letter's own place is known, else the whole string is marked.
            let written = sources.text(name.span);
            let plain =
                written.len() == name.value.len() + 2 && written[1..].starts_with(&name.value);
            let start = name.span.start + 1 + at;
            let span = if plain {
                Span::new(name.span.file, start, start + c.len_utf8())
            } else {
                name.span
            };
            (
                msg!(
                    "diag-label-script-letter",
                    "code" => format!("{:04X}", u32::from(c)),
                    "script" => c.script().full_name()
                ),
                span,
            )
        }
        None => (msg!("diag-label-several-scripts"), name.span),
    };
    Some(
        Diagnostic::warning(
            Code::MixedScript,
            msg!(
                "diag-mixed-script",
                "what" => crate::diagnostic::Message::new(what),
                "name" => &name.value,
                "scripts" => listed.join(", ")
            ),
        )
        .at(span, label)
        .help(msg!("diag-help-one-script")),
    )
}

/// Without the `scripts` feature (and its Unicode tables) names are not checked.
#[cfg(not(feature = "scripts"))]
fn mixed_script(_: &SourceMap, _: &ast::Str, _: &'static str) -> Option<Diagnostic> {
    None
}
