//! A lexical pass before the grammar: catches what a recursive-descent parser reports badly.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Checks string termination and bracket nesting depth, outside comments and strings.
pub fn prescan(file: FileId, text: &str, max_depth: usize) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // Consecutive `not`s nest like parentheses do.
    let mut nots = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b'.'))
            {
                i += 1;
            }
            if &bytes[start..i] == b"not" {
                nots += 1;
                if nots > max_depth {
                    diagnostics.push(too_deep(file, start, i, max_depth));
                    return diagnostics;
                }
            } else {
                nots = 0;
            }
            continue;
        }
        if !bytes[i].is_ascii() {
            // A whole character at a time: the grammar takes any Unicode space between two
            // `not`s as whitespace, so it must not reset the count here either.
            // `get` rather than indexing: should `i` ever sit inside a character, it counts as
            // a byte that is not a space instead of panicking.
            let c = text.get(i..).and_then(|rest| rest.chars().next());
            if !c.is_some_and(|c| c.is_whitespace() || c == '\u{FEFF}') {
                nots = 0;
            }
            i += c.map_or(1, char::len_utf8);
            continue;
        }
        if !bytes[i].is_ascii_whitespace() {
            nots = 0;
        }
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                let open = i;
                i += 1;
                let mut closed = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            closed = true;
                            break;
                        }
                        b'\n' => break,
                        _ => i += 1,
                    }
                }
                if !closed {
                    let end = i.min(bytes.len());
                    // `"Name”`: closed with a curly quote, as a word processor writes it.
                    let line_start = text[..open].rfind('\n').map_or(0, |n| n + 1);
                    let line_end = text[open..].find('\n').map_or(text.len(), |n| open + n);
                    let curly = text
                        .get(line_start..line_end)
                        .and_then(|s| s.chars().find(|c| super::parser::is_curly_quote(*c)));
                    let help = match curly {
                        Some(c) => format!(
                            "this line holds a curly quote `{c}` (U+{:04X}): {}",
                            c as u32,
                            super::parser::CURLY_QUOTE_HELP
                        ),
                        None => "add a closing `\"` before the end of the line".into(),
                    };
                    diagnostics.push(
                        Diagnostic::error(Code::UnterminatedString, "this string is never closed")
                            .at(Span::new(file, open, end), "opening quote here")
                            .help(help),
                    );
                }
            }
            b'(' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    diagnostics.push(too_deep(file, i, i + 1, max_depth));
                    // One report is enough; the rest of the file would only repeat it.
                    return diagnostics;
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    diagnostics
}

fn too_deep(file: FileId, start: usize, end: usize, max_depth: usize) -> Diagnostic {
    Diagnostic::error(
        Code::TooDeep,
        format!("brackets (or `not`s) are nested more than {max_depth} levels deep"),
    )
    .at(Span::new(file, start, end), "too deep here")
    .help("split the condition into several rules, or remove redundant parentheses")
}
