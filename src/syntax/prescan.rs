//! A lexical pass before the grammar: catches what a recursive-descent parser reports badly.

use crate::diagnostic::{Code, Diagnostic, Message, msg};
use crate::source::{FileId, Span};

/// Checks string termination and nesting depth, outside comments and strings.
///
/// Two depths are bounded by `max_depth`: brackets (`(` and `[`), and `not`s. A run of
/// `not`s nests like parentheses do, and the `not`s of the runs inside open parentheses add
/// up (`not (not (not …))` is as deep as `not not not …`). A run is ended only by a token
/// that can stand between two `not`s and make them siblings (a word, a string, a bracket);
/// whitespace of any kind, comments and stray punctuation never end it, so the count can only
/// be too high for text the grammar refuses anyway, never too low. Every later stage
/// (builder, compiler, evaluator, explanations, formatter, SAT encoding) recurses over
/// conditions, so this bound is what keeps their stacks small.
pub fn prescan(file: FileId, text: &str, max_depth: usize) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // `not`s of the current run, and of the runs before each open bracket (restored at its
    // close): `enclosing` is their sum.
    let mut nots = 0usize;
    let mut saved: Vec<usize> = Vec::new();
    let mut enclosing = 0usize;
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
                if enclosing + nots > max_depth {
                    diagnostics.push(too_deep(file, start, i, max_depth));
                    return diagnostics;
                }
            } else {
                nots = 0;
            }
            continue;
        }
        if !bytes[i].is_ascii() {
            // A whole character at a time; `get` rather than indexing: should `i` ever sit
            // inside a character, it moves on by one byte instead of panicking. Nothing
            // outside ASCII ends a run of `not`s: the grammar takes Unicode spaces as
            // whitespace, and anything else between two `not`s is a syntax error.
            let c = text.get(i..).and_then(|rest| rest.chars().next());
            i += c.map_or(1, char::len_utf8);
            continue;
        }
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                nots = 0;
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
                        .and_then(|s| s.chars().find(|c| is_curly_quote(*c)));
                    let help = match curly {
                        Some(c) => msg!(
                            "diag-help-line-has-curly-quote",
                            "quote" => c.to_string(),
                            "code" => format!("{:04X}", c as u32),
                            "advice" => Message::new(CURLY_QUOTE_HELP)
                        ),
                        None => msg!("diag-help-close-string"),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            Code::UnterminatedString,
                            msg!("diag-unterminated-string"),
                        )
                        .at(Span::new(file, open, end), msg!("diag-label-opening-quote"))
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
                saved.push(nots);
                enclosing += nots;
                nots = 0;
            }
            b')' | b']' => {
                depth = depth.saturating_sub(1);
                // The run before the bracket is over: what follows the bracket is its
                // sibling, not its child.
                enclosing -= saved.pop().unwrap_or(0);
                nots = 0;
            }
            _ => {}
        }
        i += 1;
    }
    diagnostics
}

fn too_deep(file: FileId, start: usize, end: usize, max_depth: usize) -> Diagnostic {
    Diagnostic::error(Code::TooDeep, msg!("diag-too-deep", "max" => max_depth))
        .at(Span::new(file, start, end), msg!("diag-label-too-deep"))
        .help(msg!("diag-help-too-deep"))
}

/// Typographic quotes a word processor puts in place of `"` and `'`.
pub(super) fn is_curly_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

/// The advice for a curly quote (a message id).
pub(super) const CURLY_QUOTE_HELP: &str = "diag-help-curly-quote";
