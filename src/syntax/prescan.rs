//! A lexical pass before the grammar: catches what a recursive-descent parser reports badly.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Checks string termination and bracket nesting depth, outside comments and strings.
pub fn prescan(file: FileId, text: &str, max_depth: usize) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
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
                    diagnostics.push(
                        Diagnostic::error(Code::UnterminatedString, "this string is never closed")
                            .at(Span::new(file, open, end), "opening quote here")
                            .help("add a closing `\"` before the end of the line"),
                    );
                }
            }
            b'(' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::TooDeep,
                            format!("brackets are nested more than {max_depth} levels deep"),
                        )
                        .at(Span::new(file, i, i + 1), "too deep here")
                        .help("split the condition into several rules, or remove redundant parentheses"),
                    );
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
