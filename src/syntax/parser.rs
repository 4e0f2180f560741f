//! The pest parser and the translation of its errors into plain words.

use super::ast;
use super::build::Builder;
use super::prescan::prescan;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::Parser;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/policy.pest"]
pub(super) struct PolicyParser;

/// Policy files larger than this are refused before parsing: real policies are a few
/// kilobytes, and a limit keeps a mistaken or hostile input from exhausting memory.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Deepest nesting of parentheses and brackets accepted.
pub const MAX_DEPTH: usize = 64;

/// Parses raw bytes: checks size and UTF-8 first.
pub fn parse_bytes(file: FileId, bytes: &[u8]) -> Result<(String, ast::File), Vec<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "this file is {} bytes; policy files may be at most {} bytes",
                    bytes.len(),
                    MAX_FILE_BYTES
                ),
            )
            .at(Span::new(file, 0, 0), "file starts here")
            .help("split the policy into several files in the same folder"),
        ]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(e) => {
            let at = e.valid_up_to();
            let valid = String::from_utf8_lossy(bytes).into_owned();
            let mut d = Diagnostic::error(
                Code::NotUtf8,
                format!("this file is not UTF-8 text (invalid byte at offset {at})"),
            )
            .help("save the file as UTF-8; policy files are plain text");
            // Point at the bad byte in the lossy text, where the replacement character stands.
            let prefix = String::from_utf8_lossy(&bytes[..at]).len();
            d = d.at(
                Span::new(file, prefix, (prefix + 3).min(valid.len())),
                "not UTF-8",
            );
            return Err(vec![d]);
        }
    };
    let parsed = parse(file, &text)?;
    Ok((text, parsed))
}

/// Parses one policy or vocabulary file.
pub fn parse(file: FileId, text: &str) -> Result<ast::File, Vec<Diagnostic>> {
    if text.len() > MAX_FILE_BYTES {
        return parse_bytes(file, text.as_bytes()).map(|(_, f)| f);
    }
    let found = prescan(file, text, MAX_DEPTH);
    if !found.is_empty() {
        return Err(found);
    }
    let pairs =
        PolicyParser::parse(Rule::file, text).map_err(|e| vec![syntax_error(file, text, e)])?;
    let mut builder = Builder::new(file, text);
    let ast = builder.file(pairs);
    if builder.diagnostics.is_empty() {
        if ast.header.is_none() && ast.decls.is_empty() {
            return Err(vec![
                Diagnostic::error(Code::EmptyFile, "this file declares nothing")
                    .at(Span::new(file, 0, 0), "empty")
                    .help("start with `policy \"Name\" version \"…\"` or `vocabulary \"name\"`, or delete the file"),
            ]);
        }
        Ok(ast)
    } else {
        Err(builder.diagnostics)
    }
}

/// Turns pest's "expected one of these rules" into words a legal officer can follow.
fn syntax_error(file: FileId, text: &str, error: pest::error::Error<Rule>) -> Diagnostic {
    use pest::error::{ErrorVariant, InputLocation};
    let mut pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    // At the end of the file, point just after the last word rather than at a blank line.
    if text[pos..].trim().is_empty() {
        pos = pos.min(text.trim_end().len());
    }
    let found = found_token(text, pos);
    let expected: Vec<&'static str> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&'static str> =
                positives.iter().filter_map(|r| describe(*r)).collect();
            words.dedup();
            let mut seen = std::collections::HashSet::new();
            words.retain(|w| seen.insert(*w));
            if words.contains(&"a declaration") {
                words.retain(|w| *w != "the end of the file");
            }
            words
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let message = match expected.as_slice() {
        [] => format!("unexpected {found}"),
        [one] => format!("expected {one}, found {found}"),
        many if many.len() <= 6 => format!(
            "expected {} or {}, found {found}",
            many[..many.len() - 1].join(", "),
            many[many.len() - 1]
        ),
        _ => format!("unexpected {found} here"),
    };
    // Underline the word found (or one character); nothing at all at the end of the file.
    let rest = &text[pos..];
    let word = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .map_or(rest.len(), |(i, _)| i);
    let end = pos
        + match rest.chars().next() {
            Some(c) if c.is_whitespace() => 0,
            Some(c) if word == 0 => c.len_utf8(),
            Some(_) => word,
            None => 0,
        };
    let mut d = Diagnostic::error(Code::Syntax, message).at(Span::new(file, pos, end), "here");
    if let Some(help) = hint(text, pos, &expected) {
        d = d.help(help);
    }
    d
}

/// The token at `pos`, quoted, or "the end of the file".
fn found_token(text: &str, pos: usize) -> String {
    let rest = &text[pos..];
    if rest.trim().is_empty() {
        return "the end of the file".into();
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .take(40)
        .collect();
    if word.is_empty() {
        match rest.chars().next() {
            Some(c) if c.is_control() || c == '\u{FFFD}' => {
                format!("the character U+{:04X}", c as u32)
            }
            Some(c) => format!("`{c}`"),
            None => "the end of the file".into(),
        }
    } else {
        format!("`{word}`")
    }
}

/// Common slips with a known fix.
fn hint(text: &str, pos: usize, expected: &[&str]) -> Option<String> {
    let rest = &text[pos..];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    match word.as_str() {
        "and" | "or" | "not" | "when" | "unless" | "require" | "cite" | "allow" | "deny"
        | "review" | "approval"
            if expected.contains(&"a name") =>
        {
            Some(format!(
                "`{word}` is a reserved word and cannot be used as a name"
            ))
        }
        "AND" | "OR" | "NOT" => Some(format!("write `{}` in lower case", word.to_lowercase())),
        "if" => Some("rules use `when`, not `if`".into()),
        _ if expected.contains(&"a declaration") => crate::diagnostic::did_you_mean(
            &word,
            [
                "category",
                "subject",
                "purpose",
                "party",
                "compatible",
                "agreement",
                "classification",
                "use",
                "allow",
                "deny",
                "review",
                "require",
                "policy",
                "vocabulary",
            ],
        )
        .filter(|close| *close != word)
        .map(|close| format!("did you mean `{close}`?")),
        "except" => Some("exceptions are written with `unless`".into()),
        _ if rest.starts_with("//") => Some("comments start with `#`".into()),
        _ if rest.starts_with('\'') => Some("strings use double quotes: \"…\"".into()),
        _ => None,
    }
}

/// A rule's name in words, or `None` for rules the user never needs to hear about.
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "the end of the file",
        use_vocabulary | use_file => "a declaration",
        category_decl | subject_decl | purpose_decl | kind_decl | party_decl | compatible_decl
        | agreement_decl | classification_decl | rule_decl => "a declaration",
        policy_header | vocabulary_header => "a declaration",
        kw_use | kw_category | kw_subject | kw_purpose | kw_party | kw_compatible
        | kw_agreement | kw_classification | kw_policy => "a declaration",
        name | ident | name_list | bracket_list => "a name",
        string | string_list => "a quoted string",
        integer => "a whole number",
        date => "a date (YYYY-MM-DD)",
        condition | conjunction | negation | not_op | negated => "a condition",
        data_includes
        | data_within
        | data_sensitivity
        | subjects_include
        | subjects_within
        | purpose_is
        | purpose_within
        | purpose_compatible
        | collected_within
        | party_is
        | party_jurisdiction_in
        | party_has
        | basis_is
        | consent_covers
        | agreement_covers
        | agreement_allows_onward
        | approved_by
        | same_organisation
        | cross_border
        | international_transfer
        | onward_transfer
        | response_is
        | constant => "a condition",
        comparison | at_least | at_most | above | below | is_exactly => {
            "a comparison (`at least`, `at most`, `above`, `below`, `is`)"
        }
        role => "`sender` or `recipient`",
        rule_effect => "a declaration",
        when_clause | kw_when => "`when`",
        unless_clause | kw_unless => "`unless`",
        require_clause | kw_require => "`require`",
        approval_clause | kw_approval => "`approval by`",
        cite_clause | kw_cite => "`cite`",
        minimize | pseudonymize | aggregate | retain | encrypt | no_onward | notify => {
            "an obligation"
        }
        kw_and => "`and`",
        kw_or => "`or`",
        kw_with => "`with`",
        kw_to => "`to`",
        kw_by => "`by`",
        kw_is => "`is`",
        kw_for => "`for`",
        kw_response => "`response`",
        kw_kind => "`kind`",
        kw_between | kw_from => "`between` or `from`",
        kw_flow => "`flow`",
        kw_transfer => "`transfer`",
        kw_covers => "`covers`",
        kw_within => "`within`",
        kw_includes => "`includes`",
        kw_k => "`k`",
        kw_days => "`days`",
        kw_most => "`most`",
        kw_least => "`least`",
        kw_version => "`version`",
        kw_vocabulary => "`vocabulary`",
        _ => return None,
    })
}
