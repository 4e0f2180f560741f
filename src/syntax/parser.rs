//! The pest parser and the translation of its errors into plain words.

use super::ast;
use super::build::Builder;
use super::grammar::{PolicyParser, Rule};
use super::pieces;
use super::prescan::{CURLY_QUOTE_HELP, is_curly_quote, prescan};
use crate::diagnostic::{Code, Diagnostic, Message, msg};
use crate::source::{FileId, Span};
use pest::Parser;

/// Policy files larger than this are refused before parsing: real policies are a few
/// kilobytes, and a limit keeps a mistaken or hostile input from exhausting memory.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Deepest nesting of parentheses and brackets accepted.
pub const MAX_DEPTH: usize = 64;

/// The words a declaration starts with: what a file, or a fragment of one, can begin with.
pub const DECLARATION_KEYWORDS: &[&str] = &[
    "category",
    "subject",
    "purpose",
    "party",
    "compatible",
    "hxl",
    "check",
    "consent",
    "agreement",
    "classification",
    "role",
    "flag",
    "dimension",
    "response",
    "use",
    "allow",
    "deny",
    "review",
    "require",
    "policy",
    "vocabulary",
];

/// Parses raw bytes: checks size and UTF-8 first.
pub fn parse_bytes(file: FileId, bytes: &[u8]) -> Result<(String, ast::File), Vec<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![
            Diagnostic::error(
                Code::TooLarge,
                msg!("diag-too-large", "size" => bytes.len(), "max" => MAX_FILE_BYTES),
            )
            .at(Span::new(file, 0, 0), msg!("diag-label-file-starts"))
            .help(msg!("diag-help-split-file")),
        ]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(e) => {
            let at = e.valid_up_to();
            let valid = String::from_utf8_lossy(bytes).into_owned();
            let mut d = Diagnostic::error(Code::NotUtf8, msg!("diag-not-utf8", "offset" => at))
                .help(msg!("diag-help-save-utf8"));
            // Point at the bad byte in the lossy text, where the replacement character stands.
            let prefix = String::from_utf8_lossy(&bytes[..at]).len();
            d = d.at(
                Span::new(file, prefix, (prefix + 3).min(valid.len())),
                msg!("diag-label-not-utf8"),
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
    let cuts = pieces::cuts(text, pieces::wanted(text.len()));
    let ast = match in_pieces(file, text, &cuts) {
        Some(ast) => ast,
        None => {
            let pairs = PolicyParser::parse(Rule::file, text)
                .map_err(|e| vec![syntax_error(file, text, e)])?;
            let mut builder = Builder::new(file, text, 0);
            let ast = builder.file(pairs);
            if !builder.diagnostics.is_empty() {
                return Err(builder.diagnostics);
            }
            ast
        }
    };
    if ast.header.is_none() && ast.decls.is_empty() {
        return Err(vec![
            Diagnostic::error(Code::EmptyFile, msg!("diag-empty-file"))
                .at(Span::new(file, 0, 0), msg!("diag-label-empty"))
                .help(msg!("diag-help-empty-file")),
        ]);
    }
    Ok(ast)
}

/// Parses the pieces of `text` between `cuts` on threads of their own and joins their
/// declarations; `None` when there are no cuts or any piece fails, and the whole file must be
/// parsed in one go (see [`pieces`]).
fn in_pieces(file: FileId, text: &str, cuts: &[usize]) -> Option<ast::File> {
    if cuts.is_empty() {
        return None;
    }
    let starts: Vec<usize> = std::iter::once(0).chain(cuts.iter().copied()).collect();
    let ends = cuts.iter().copied().chain(std::iter::once(text.len()));
    let ranges: Vec<(usize, usize)> = starts.into_iter().zip(ends).collect();
    let piece = |&(start, end): &(usize, usize)| -> Option<ast::File> {
        let rule = if start == 0 {
            Rule::file
        } else {
            Rule::declarations
        };
        let pairs = PolicyParser::parse(rule, &text[start..end]).ok()?;
        let mut builder = Builder::new(file, &text[start..end], start);
        let ast = builder.file(pairs);
        builder.diagnostics.is_empty().then_some(ast)
    };
    let parsed: Vec<Option<ast::File>> = std::thread::scope(|scope| {
        let spawned: Vec<_> = ranges[1..]
            .iter()
            .map(|range| {
                std::thread::Builder::new()
                    .name("mandate-parse".into())
                    .spawn_scoped(scope, move || piece(range))
            })
            .collect();
        let mut parsed = vec![piece(&ranges[0])];
        for (range, handle) in ranges[1..].iter().zip(spawned) {
            // Where no thread could be started, the piece is parsed here; a piece whose
            // thread panicked counts as failed, and the sequential parse reports the problem.
            parsed.push(match handle {
                Ok(handle) => handle.join().ok().flatten(),
                Err(_) => piece(range),
            });
        }
        parsed
    });
    let mut parsed = parsed.into_iter();
    let mut whole = parsed.next()??;
    for later in parsed {
        whole.decls.extend(later?.decls);
    }
    Some(whole)
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
    let expected: Vec<Expected> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<Expected> = positives.iter().filter_map(|r| describe(*r)).collect();
            words.dedup();
            let mut seen = std::collections::HashSet::new();
            words.retain(|w| seen.insert(*w));
            if words.contains(&DECLARATION) {
                words.retain(|w| *w != END_OF_FILE);
            }
            words
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let message = match expected.as_slice() {
        [] => msg!("diag-unexpected", "found" => found),
        many if many.len() <= 6 => msg!(
            "diag-expected",
            "expected" => many.iter().map(|e| e.words()).collect::<Vec<_>>(),
            "found" => found
        ),
        _ => msg!("diag-unexpected-here", "found" => found),
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
    let mut d = Diagnostic::error(Code::Syntax, message)
        .at(Span::new(file, pos, end), msg!("diag-label-here"));
    if let Some(help) = hint(text, pos, &expected) {
        d = d.help(help);
    }
    d
}

/// The token at `pos`, quoted, or the end of the file.
fn found_token(text: &str, pos: usize) -> Message {
    let rest = &text[pos..];
    if rest.trim().is_empty() {
        return msg!("diag-found-end");
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .take(40)
        .collect();
    if word.is_empty() {
        match rest.chars().next() {
            Some(c) if is_curly_quote(c) => msg!(
                "diag-found-curly-quote",
                "quote" => c.to_string(),
                "code" => format!("{:04X}", c as u32)
            ),
            Some(c) if c.is_control() || c == '\u{FFFD}' => {
                msg!("diag-found-character", "code" => format!("{:04X}", c as u32))
            }
            Some(c) => msg!("diag-found-token", "token" => c.to_string()),
            None => msg!("diag-found-end"),
        }
    } else {
        msg!("diag-found-token", "token" => word)
    }
}

/// Words that begin a condition (`condition_start` in the grammar).
const CONDITION_STARTS: &[&str] = &[
    "data",
    "subjects",
    "purpose",
    "collected_for",
    "sender",
    "recipient",
    "basis",
    "consent",
    "agreement",
    "approved",
    "same",
    "cross",
    "international",
    "onward",
    "response",
    "records",
    "true",
    "false",
    "not",
];

/// Words after which a name stands in a condition or clause (`purpose within NAME`, …).
const BEFORE_A_NAME: &[&str] = &["within", "is", "includes", "by", "purpose", "kind"];

/// Declarations whose second word is the name they declare.
const DECLARING_A_NAME: &[&str] = &["purpose", "category", "subject"];

/// The words before `pos` on its line, nearest last.
fn words_before(text: &str, pos: usize) -> Vec<&str> {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..pos]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

/// A quoted text where a name belongs, as the name it probably means: lower case, words
/// joined with `_`.
fn as_name(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?;
    let inner = &inner[..inner.find('"')?];
    let name: Vec<String> = inner
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let name = name.join("_");
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'));
    valid.then_some(name)
}

/// Common slips with a known fix.
fn hint(text: &str, pos: usize, expected: &[Expected]) -> Option<Message> {
    let rest = &text[pos..];
    if rest.chars().next().is_some_and(is_curly_quote) {
        return Some(Message::new(CURLY_QUOTE_HELP));
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let before = words_before(text, pos);
    if rest.starts_with('"') && expected.contains(&A_NAME) {
        let example = as_name(rest).unwrap_or_else(|| "child_protection_lead".into());
        return Some(match before.last() {
            Some(&"by") => msg!("diag-help-role-without-quotes", "example" => example),
            _ => msg!("diag-help-name-without-quotes", "example" => example),
        });
    }
    if !word.is_empty() && expected.contains(&AND) && CONDITION_STARTS.contains(&word.as_str()) {
        return Some(msg!("diag-help-join-with-and", "word" => word));
    }
    // `purpose within child protection`, `purpose child protection`: a name of two words.
    let reserved = [
        "and", "or", "not", "when", "unless", "require", "cite", "allow", "deny", "review",
        "approval",
    ];
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !reserved.contains(&word.as_str())
        && let [.., keyword, previous] = before.as_slice()
        && previous
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        let in_condition = expected.contains(&AND) && BEFORE_A_NAME.contains(keyword);
        let in_declaration = expected.contains(&DECLARATION)
            && before.len() == 2
            && DECLARING_A_NAME.contains(keyword);
        if in_condition || in_declaration {
            return Some(msg!(
                "diag-help-name-is-one-word",
                "previous" => *previous,
                "word" => word
            ));
        }
    }
    match word.as_str() {
        "and" | "or" | "not" | "when" | "unless" | "require" | "cite" | "allow" | "deny"
        | "review" | "approval"
            if expected.contains(&A_NAME) =>
        {
            Some(msg!("diag-help-reserved-word", "word" => word))
        }
        "AND" | "OR" | "NOT" => Some(msg!("diag-help-lower-case", "word" => word.to_lowercase())),
        "if" => Some(msg!("diag-help-when-not-if")),
        _ if expected.contains(&DECLARATION) => {
            crate::diagnostic::did_you_mean(&word, DECLARATION_KEYWORDS.iter().copied())
                .filter(|close| *close != word)
                .map(|close| msg!("diag-help-did-you-mean", "name" => close))
        }
        "except" => Some(msg!("diag-help-unless-not-except")),
        _ if rest.starts_with("//") => Some(msg!("diag-help-comments")),
        _ if rest.starts_with('\'') => Some(msg!("diag-help-double-quotes")),
        _ => None,
    }
}

/// What the grammar expected at a syntax error, as it is put into words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Expected {
    /// A kind of thing, said in the reader's language: the id of its message.
    Words(&'static str),
    /// A keyword, shown as it is written in a policy.
    Keyword(&'static str),
}

const END_OF_FILE: Expected = Expected::Words("diag-expected-end");
const DECLARATION: Expected = Expected::Words("diag-expected-declaration");
const A_NAME: Expected = Expected::Words("diag-expected-name");
const AND: Expected = Expected::Keyword("and");

impl Expected {
    fn words(self) -> Message {
        match self {
            Expected::Words(id) => Message::new(id),
            Expected::Keyword(word) => msg!("diag-expected-keyword", "word" => word),
        }
    }
}

/// A rule's name in words, or `None` for rules the user never needs to hear about.
fn describe(rule: Rule) -> Option<Expected> {
    use Rule::*;
    Some(match rule {
        EOI => END_OF_FILE,
        use_vocabulary | use_file => DECLARATION,
        category_decl | subject_decl | purpose_decl | kind_decl | party_decl | compatible_decl
        | hxl_decl | check_decl | consent_decl | agreement_decl | classification_decl
        | rule_decl | declared_decl => DECLARATION,
        declared_role | declared_flag | declared_dimension | declared_response => DECLARATION,
        policy_header | vocabulary_header => DECLARATION,
        kw_use | kw_category | kw_subject | kw_purpose | kw_party | kw_compatible | kw_check
        | kw_agreement | kw_classification | kw_policy | kw_role | kw_flag | kw_dimension => {
            DECLARATION
        }
        name | ident | name_list | bracket_list => A_NAME,
        string | string_list => Expected::Words("diag-expected-string"),
        integer => Expected::Words("diag-expected-number"),
        date => Expected::Words("diag-expected-date"),
        condition | conjunction | negation | not_op | negated => {
            Expected::Words("diag-expected-condition")
        }
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
        | records_age
        | data_matches
        | subjects_matches
        | purpose_matches
        | constant => Expected::Words("diag-expected-condition"),
        period => Expected::Words("diag-expected-period"),
        comparison | at_least | at_most | above | below | is_exactly => {
            Expected::Words("diag-expected-comparison")
        }
        role => Expected::Words("diag-expected-sender-or-recipient"),
        rule_effect => DECLARATION,
        when_clause | kw_when => Expected::Keyword("when"),
        unless_clause | kw_unless => Expected::Keyword("unless"),
        require_clause | kw_require => Expected::Keyword("require"),
        approval_clause | kw_approval => Expected::Keyword("approval by"),
        cite_clause | kw_cite => Expected::Keyword("cite"),
        minimize
        | pseudonymize
        | aggregate
        | retain
        | encrypt
        | no_onward
        | notify
        | k_anonymity
        | reidentification_risk
        | key_custody
        | no_reidentification
        | dpia => Expected::Words("diag-expected-obligation"),
        percent => Expected::Words("diag-expected-percentage"),
        kw_on => Expected::Keyword("on"),
        kw_risk => Expected::Keyword("risk"),
        kw_keys => Expected::Keyword("keys"),
        kw_held => Expected::Keyword("held"),
        kw_suppressing => Expected::Keyword("suppressing"),
        onward_scope | kw_outside => Expected::Words("diag-expected-outside"),
        kw_network => Expected::Keyword("network"),
        kw_and => AND,
        kw_or => Expected::Keyword("or"),
        kw_with => Expected::Keyword("with"),
        kw_to => Expected::Keyword("to"),
        kw_by => Expected::Keyword("by"),
        kw_is => Expected::Keyword("is"),
        kw_for => Expected::Keyword("for"),
        kw_response => Expected::Keyword("response"),
        kw_kind => Expected::Keyword("kind"),
        kw_between | kw_from => Expected::Words("diag-expected-between-or-from"),
        kw_flow => Expected::Keyword("flow"),
        kw_transfer => Expected::Keyword("transfer"),
        kw_covers => Expected::Keyword("covers"),
        kw_extends => Expected::Keyword("extends"),
        kw_within => Expected::Keyword("within"),
        kw_includes => Expected::Keyword("includes"),
        kw_k => Expected::Keyword("k"),
        kw_days => Expected::Keyword("days"),
        kw_most => Expected::Keyword("most"),
        kw_more => Expected::Keyword("more"),
        kw_than => Expected::Keyword("than"),
        kw_before => Expected::Keyword("before"),
        kw_least => Expected::Keyword("least"),
        kw_version => Expected::Keyword("version"),
        kw_vocabulary => Expected::Keyword("vocabulary"),
        set_match | match_any | match_all | match_none | match_other => {
            Expected::Words("diag-expected-set-match")
        }
        kw_any | kw_all | kw_none | kw_other | kw_of => Expected::Words("diag-expected-set-match"),
        deprecated_attr | kw_deprecated | kw_replaced => Expected::Keyword("deprecated"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Rule, in_pieces, parse, pieces};
    use crate::source::FileId;

    /// The file parsed in one go, without pieces.
    fn sequential(text: &str) -> super::ast::File {
        use pest::Parser;
        let pairs = super::PolicyParser::parse(Rule::file, text).expect("parses");
        let mut builder = super::Builder::new(FileId(0), text, 0);
        let ast = builder.file(pairs);
        assert!(builder.diagnostics.is_empty());
        ast
    }

    #[test]
    fn pieces_give_the_same_declarations_and_spans_as_one_parse() {
        let pack = crate::synth::pack(crate::synth::Options {
            rules: 300,
            seed: 7,
            extended: true,
        });
        let baseline = [
            "rules-permissions",
            "rules-prohibitions",
            "rules-obligations",
        ]
        .map(|name| {
            std::fs::read_to_string(format!(
                "{}/policies/humanitarian-baseline/{name}.policy",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("a bundled file")
        });
        let rules = pack
            .sources()
            .into_iter()
            .filter(|(name, _)| name.starts_with("rules"));
        let texts = rules.map(|(_, text)| text).chain(baseline);
        let mut compared = 0;
        for text in texts {
            for n in [2, 3, 8] {
                let cuts = pieces::cuts(&text, n);
                if cuts.is_empty() {
                    continue;
                }
                let joined = in_pieces(FileId(0), &text, &cuts).expect("every piece parses");
                assert_eq!(joined, sequential(&text));
                compared += 1;
            }
        }
        assert!(compared >= 6, "only {compared} files were cut");
    }

    #[test]
    fn a_piece_that_fails_leaves_the_file_to_one_parse() {
        // The second line continues a string with `\`, so a cut before it would split the
        // string: the pieces fail, and the whole file parses as one.
        let text = "policy \"T\"\ndeny \"a \\\nallow b\" when true cite \"c\"\nallow \"x\" when true cite \"c\"\n";
        let cuts = [
            text.find("allow b").unwrap(),
            text.find("allow \"x").unwrap(),
        ];
        assert_eq!(in_pieces(FileId(0), text, &cuts), None);
        let file = parse(FileId(0), text).expect("parses as one");
        assert_eq!(file, sequential(text));
        assert_eq!(file.decls.len(), 2);
    }

    #[test]
    fn a_syntax_error_is_reported_as_by_one_parse() {
        // The error lies in the second piece; its position is in the file, not in the piece.
        let mut text = String::from("policy \"T\"\n");
        for i in 0..20_000 {
            text.push_str(&format!(
                "allow \"r{i}\" when data includes c{i} cite \"c\"\n"
            ));
        }
        text.push_str("deny \"bad\" whenn true\n");
        let error = parse(FileId(0), &text).expect_err("a syntax error");
        let at = error[0].primary.as_ref().expect("a place").span.start;
        assert_eq!(at, text.find("whenn").unwrap());
    }
}
