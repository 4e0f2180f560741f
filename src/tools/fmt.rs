//! The canonical formatter. It changes only whitespace, so a formatted policy compiles to the
//! same policy with the same hash, and it keeps every comment.
//!
//! Like `gofmt`, it keeps the author's line breaks and makes everything else canonical:
//!
//! - a declaration starts at column 1; a clause or attribute that starts a line (`when`,
//!   `unless`, `require`, `cite`, `kind`, `purposes`, a classification entry, …) is indented by
//!   2;
//! - inside brackets, a continuation line is aligned just inside the innermost open bracket;
//!   `and`/`or` continuing a clause end under the end of its keyword (`   and` under `  when`,
//!   `     and` under `  unless`), and any other continuation starts just after the keyword;
//! - tokens on a line are separated by one space, with none inside brackets and before commas;
//! - two or more consecutive one-line declarations of one kind (a table of parties or of
//!   categories) have their attributes aligned in columns two spaces apart;
//! - a comment on a line of its own takes the indentation of the next line of code; comments at
//!   the ends of lines in a block of lines of code (ended by a blank or comment line) are aligned
//!   two spaces after the longest line that has one;
//! - at most one blank line in a row, none at the start or end, one newline at the end, no
//!   trailing spaces, `\n` line ends.
//!
//! The grammar drops comments (`COMMENT` is implicit), so they are recovered by a lexical scan
//! of the text, which knows strings (a `#` in `"#geo+lat"` is not a comment). Where lines go is
//! decided by the spans of the parsed file: which token starts a declaration, which starts a
//! clause or an attribute. A file that does not parse is not formatted.

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::{self, ast};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(String),
    Str(String),
    Open(char),
    Close(char),
    Comma,
    Comment(String),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Word(s) | Tok::Str(s) | Tok::Comment(s) => s.clone(),
            Tok::Open(c) | Tok::Close(c) => c.to_string(),
            Tok::Comma => ",".into(),
        }
    }
}

/// A line of the source: its tokens with their byte offsets.
type Line = Vec<(usize, Tok)>;

/// Splits `text` into lines of tokens. Strings never span lines (the grammar forbids it).
fn lex(text: &str) -> Vec<Line> {
    let mut lines = vec![Vec::new()];
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (at, c) = bytes[i];
        match c {
            '\n' => {
                lines.push(Vec::new());
                i += 1;
            }
            c if c.is_whitespace() || c == '\u{FEFF}' => i += 1,
            '#' => {
                let mut j = i;
                while j < bytes.len() && bytes[j].1 != '\n' {
                    j += 1;
                }
                let end = bytes.get(j).map_or(text.len(), |b| b.0);
                let comment = text[at..end].trim_end().to_owned();
                push(&mut lines, at, Tok::Comment(comment));
                i = j;
            }
            '"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].1 != '"' && bytes[j].1 != '\n' {
                    if bytes[j].1 == '\\' && j + 1 < bytes.len() && bytes[j + 1].1 != '\n' {
                        j += 1;
                    }
                    j += 1;
                }
                let end = match bytes.get(j) {
                    Some(&(e, '"')) => e + 1,
                    Some(&(e, _)) => e,
                    None => text.len(),
                };
                push(&mut lines, at, Tok::Str(text[at..end].to_owned()));
                i = if bytes.get(j).is_some_and(|b| b.1 == '"') {
                    j + 1
                } else {
                    j
                };
            }
            '(' | '[' => {
                push(&mut lines, at, Tok::Open(c));
                i += 1;
            }
            ')' | ']' => {
                push(&mut lines, at, Tok::Close(c));
                i += 1;
            }
            ',' => {
                push(&mut lines, at, Tok::Comma);
                i += 1;
            }
            _ => {
                let mut j = i;
                while j < bytes.len() {
                    let c = bytes[j].1;
                    if c.is_whitespace() || c == '\u{FEFF}' || "#\"()[],".contains(c) {
                        break;
                    }
                    j += 1;
                }
                let end = bytes.get(j).map_or(text.len(), |b| b.0);
                push(&mut lines, at, Tok::Word(text[at..end].to_owned()));
                i = j;
            }
        }
    }
    lines
}

fn push(lines: &mut [Line], at: usize, tok: Tok) {
    if let Some(line) = lines.last_mut() {
        line.push((at, tok));
    }
}

/// What starts at a byte offset of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Start {
    /// A header or declaration.
    Top,
    /// A clause or attribute; the number is the length of its first word.
    Member(usize),
}

/// Every declaration, clause and attribute start, in offset order.
fn starts(file: &ast::File, text: &str) -> Vec<(usize, Start)> {
    let word_len = |at: usize| {
        text[at..]
            .find(|c: char| c.is_whitespace() || "#\"()[],".contains(c))
            .unwrap_or(text.len() - at)
    };
    let mut out = Vec::new();
    let member = |at: usize, out: &mut Vec<(usize, Start)>| {
        out.push((at, Start::Member(word_len(at))));
    };
    if let Some(h) = &file.header {
        out.push((h.span.start, Start::Top));
    }
    for decl in &file.decls {
        let span = match decl {
            ast::Decl::UseVocabulary(_, s) | ast::Decl::UseFile(_, s) => *s,
            ast::Decl::Term(t) => {
                for a in &t.attrs {
                    let s = match a {
                        ast::TermAttr::Under(_, s)
                        | ast::TermAttr::Sensitivity(_, s)
                        | ast::TermAttr::Hxl(_, s)
                        | ast::TermAttr::Personal(s)
                        | ast::TermAttr::Deprecated(_, s) => s,
                    };
                    member(s.start, &mut out);
                }
                t.span
            }
            ast::Decl::Compatible(c) => c.span,
            ast::Decl::Hashtags(h) => h.span,
            ast::Decl::CheckCite(c) => {
                if let Some(u) = &c.unless {
                    member(u.span.start, &mut out);
                    member(c.cite_clause.start, &mut out);
                }
                c.span
            }
            ast::Decl::ConsentExtends(c) => {
                if let Some(cite) = c.cite_clause {
                    member(cite.start, &mut out);
                }
                c.span
            }
            ast::Decl::Declared(d) => {
                // The description is an attribute, so that a table of roles lines them up.
                if let Some(description) = &d.description {
                    member(description.span.start, &mut out);
                }
                d.span
            }
            ast::Decl::Party(p) => {
                for a in &p.attrs {
                    let s = match a {
                        ast::PartyAttr::Kind(_, s)
                        | ast::PartyAttr::Jurisdiction(_, s)
                        | ast::PartyAttr::Organisation(_, s)
                        | ast::PartyAttr::Flags(_, s) => s,
                    };
                    member(s.start, &mut out);
                }
                p.span
            }
            ast::Decl::Agreement(a) => {
                for attr in &a.attrs {
                    let s = match attr {
                        ast::AgreementAttr::Purposes(_, s)
                        | ast::AgreementAttr::Data(_, s)
                        | ast::AgreementAttr::Subjects(_, s)
                        | ast::AgreementAttr::Valid(_, _, s)
                        | ast::AgreementAttr::Onward(_, s)
                        | ast::AgreementAttr::Document(_, s) => s,
                        ast::AgreementAttr::Suspended(sus) => &sus.span,
                    };
                    member(s.start, &mut out);
                }
                a.span
            }
            ast::Decl::Classification(c) => {
                for (name, _) in &c.entries {
                    member(name.span.start, &mut out);
                }
                for first in c.combinations.iter().filter_map(|(names, _)| names.first()) {
                    member(first.span.start, &mut out);
                }
                c.span
            }
            ast::Decl::Rule(r) => {
                for clause in &r.clauses {
                    member(clause.span.start, &mut out);
                }
                r.span
            }
        };
        out.push((span.start, Start::Top));
    }
    out.sort_by_key(|&(at, s)| (at, s == Start::Top));
    out
}

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FmtError {
    /// The file does not parse; these say why.
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not mean the same (a bug in the formatter: the file is left
    /// as it is rather than risk changing a policy).
    Unsafe(Unsafe),
}

/// How formatting would have changed a policy's meaning (a bug in the formatter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsafe {
    /// The tokens of the file would change.
    TokensChange,
    /// The formatted file would not parse.
    WouldNotParse,
}

impl Unsafe {
    /// The id of its sentence in the message files.
    pub fn message_id(self) -> &'static str {
        match self {
            Unsafe::TokensChange => "fmt-unsafe-tokens",
            Unsafe::WouldNotParse => "fmt-unsafe-parse",
        }
    }
}

/// Formats one policy file. `file` is the id its diagnostics should carry.
pub fn format(file: FileId, text: &str) -> Result<String, FmtError> {
    let parsed = syntax::parse(file, text).map_err(FmtError::Syntax)?;
    let starts = starts(&parsed, text);
    let lines = lex(text);
    let out = layout(&lines, &starts);
    // Fail closed: the same tokens in the same order, and it still parses.
    let tokens = |lines: &[Line]| -> Vec<Tok> {
        lines
            .iter()
            .flatten()
            .map(|(_, t)| t.clone())
            .collect::<Vec<_>>()
    };
    if tokens(&lines) != tokens(&lex(&out)) {
        return Err(FmtError::Unsafe(Unsafe::TokensChange));
    }
    if syntax::parse(file, &out).is_err() {
        return Err(FmtError::Unsafe(Unsafe::WouldNotParse));
    }
    Ok(out)
}

/// Where a line of code whose first token is at `at` sits: a declaration (column 1), a clause
/// or attribute (indent 2), or inside one (`Some(len)`: the length of its first word).
fn place(at: usize, starts: &[(usize, Start)]) -> (usize, Option<usize>) {
    let before = starts.partition_point(|&(s, _)| s <= at);
    match before.checked_sub(1).map(|i| starts[i]) {
        None => (0, None),
        Some((s, Start::Top)) if s == at => (0, None),
        Some((s, Start::Member(_))) if s == at => (2, None),
        Some((_, Start::Top)) => (4, None),
        Some((_, Start::Member(len))) => (2, Some(len)),
    }
}

/// The code of a line (without its comment), tokens joined canonically, with the column
/// (in characters, from the start of the code) of each token.
fn join(tokens: &[(usize, Tok)]) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut columns = Vec::with_capacity(tokens.len());
    let mut width = 0;
    let mut prev: Option<&Tok> = None;
    for (_, t) in tokens {
        let tight = matches!(prev, Some(Tok::Open(_))) || matches!(t, Tok::Close(_) | Tok::Comma);
        if prev.is_some() && !tight {
            out.push(' ');
            width += 1;
        }
        columns.push(width);
        let text = t.text();
        width += text.chars().count();
        out.push_str(&text);
        prev = Some(t);
    }
    (out, columns)
}

/// The line `text` cut where each attribute starts, if some attribute starts on it.
fn cut(
    text: &str,
    code: &[(usize, Tok)],
    columns: &[usize],
    starts: &[(usize, Start)],
) -> Option<(String, Vec<String>)> {
    let is_member = |at: usize| {
        starts
            .binary_search_by_key(&(at, false), |&(s, k)| (s, k == Start::Top))
            .is_ok()
    };
    let chars: Vec<char> = text.chars().collect();
    let mut bounds = vec![0];
    bounds.extend(
        code.iter()
            .zip(columns)
            .filter(|((at, _), _)| is_member(*at))
            .map(|(_, &c)| c),
    );
    if bounds.len() < 2 {
        return None;
    }
    bounds.push(chars.len());
    let cells = bounds
        .windows(2)
        .map(|w| {
            chars[w[0]..w[1]]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect();
    let key = match code.first() {
        Some((_, Tok::Word(w))) => w.clone(),
        _ => String::new(),
    };
    Some((key, cells))
}

/// Consecutive one-line declarations of one kind (a table of parties, of categories) get
/// their attributes in aligned columns, two spaces apart. A blank line, a comment line or a
/// declaration that continues on the next line ends the table.
fn align_tables(shaped: &mut [Option<Shaped>]) {
    let continues = |next: Option<&Option<Shaped>>| {
        next.is_some_and(|n| {
            n.as_ref()
                .is_some_and(|n| !n.code.is_empty() && n.indent > 0)
        })
    };
    let row = |i: usize, shaped: &[Option<Shaped>]| -> Option<String> {
        let l = shaped[i].as_ref()?;
        let (key, _) = l.cells.as_ref()?;
        (!continues(shaped.get(i + 1))).then(|| key.clone())
    };
    let mut i = 0;
    while i < shaped.len() {
        let Some(key) = row(i, shaped) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < shaped.len() && row(j, shaped).as_ref() == Some(&key) {
            j += 1;
        }
        if j - i < 2 {
            // A table of one row is just a line: single spaces.
            i = j;
            continue;
        }
        let mut widths: Vec<usize> = Vec::new();
        for l in shaped[i..j].iter().flatten() {
            if let Some((_, cells)) = &l.cells {
                for (k, cell) in cells.iter().enumerate().take(cells.len() - 1) {
                    let w = cell.chars().count();
                    match widths.get_mut(k) {
                        Some(m) => *m = (*m).max(w),
                        None => widths.push(w),
                    }
                }
            }
        }
        for l in shaped[i..j].iter_mut().flatten() {
            if let Some((_, cells)) = &l.cells {
                let mut code = String::new();
                for (k, cell) in cells.iter().enumerate() {
                    code.push_str(cell);
                    if k + 1 < cells.len() {
                        let pad = widths[k] - cell.chars().count() + 2;
                        code.push_str(&" ".repeat(pad));
                    }
                }
                l.code = code;
            }
        }
        i = j;
    }
}

/// One line as laid out: indentation, code, trailing (or whole-line) comment.
struct Shaped {
    indent: usize,
    code: String,
    comment: Option<String>,
    /// For a line that starts a declaration and has attributes on it: the declaration's
    /// keyword and the line cut where each attribute starts (for aligning tables).
    cells: Option<(String, Vec<String>)>,
}

fn layout(lines: &[Line], starts: &[(usize, Start)]) -> String {
    // Open brackets of the clause being laid out: the column just inside each.
    let mut open: Vec<usize> = Vec::new();
    let mut shaped: Vec<Option<Shaped>> = Vec::with_capacity(lines.len());
    for line in lines {
        if line.is_empty() {
            shaped.push(None);
            continue;
        }
        let (code, comment) = match line.last() {
            Some((_, Tok::Comment(c))) => (&line[..line.len() - 1], Some(c.clone())),
            _ => (&line[..], None),
        };
        let Some((at, first)) = code.first() else {
            // A comment alone: indented like the next line of code (below).
            shaped.push(Some(Shaped {
                indent: usize::MAX,
                code: String::new(),
                comment,
                cells: None,
            }));
            continue;
        };
        let (base, inside) = place(*at, starts);
        let indent = match inside {
            None => {
                open.clear();
                base
            }
            // Inside brackets: just inside the innermost one.
            Some(_) if !open.is_empty() => open.last().copied().unwrap_or(base),
            // `and` / `or` end under the end of the clause's keyword (`when`, `unless`).
            Some(len) => match first {
                Tok::Word(w) if w == "and" || w == "or" => (base + len).saturating_sub(w.len()),
                // Anything else continues just after the keyword.
                _ => base + len + 1,
            },
        };
        let (text, columns) = join(code);
        let cells = (inside.is_none() && base == 0)
            .then(|| cut(&text, code, &columns, starts))
            .flatten();
        for ((_, t), col) in code.iter().zip(columns) {
            match t {
                Tok::Open(_) => open.push(indent + col + 1),
                Tok::Close(_) => {
                    open.pop();
                }
                _ => {}
            }
        }
        shaped.push(Some(Shaped {
            indent,
            code: text,
            comment,
            cells,
        }));
    }
    align_tables(&mut shaped);
    // A comment line takes the indentation of the next line of code.
    let mut next = 0;
    for line in shaped.iter_mut().rev().flatten() {
        if line.indent == usize::MAX {
            line.indent = next;
        } else {
            next = line.indent;
        }
    }
    // Trailing comments in a block of consecutive lines of code (ended by a blank line or a
    // comment line) line up, two spaces after the longest line that has one.
    let code_line = |l: &Option<Shaped>| l.as_ref().is_some_and(|l| !l.code.is_empty());
    let width = |l: &Shaped| l.indent + l.code.chars().count();
    let mut columns = vec![0; shaped.len()];
    let mut i = 0;
    while i < shaped.len() {
        if !code_line(&shaped[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < shaped.len() && code_line(&shaped[j]) {
            j += 1;
        }
        let col = shaped[i..j]
            .iter()
            .flatten()
            .filter(|l| l.comment.is_some())
            .map(|l| width(l) + 2)
            .max()
            .unwrap_or(0);
        columns[i..j].iter_mut().for_each(|c| *c = col);
        i = j;
    }
    let mut out = String::new();
    let mut blank = true; // no blank lines at the start
    for (line, col) in shaped.iter().zip(columns) {
        let Some(l) = line else {
            if !blank {
                out.push('\n');
                blank = true;
            }
            continue;
        };
        out.push_str(&" ".repeat(l.indent));
        out.push_str(&l.code);
        if let Some(c) = &l.comment {
            if !l.code.is_empty() {
                out.push_str(&" ".repeat(col.saturating_sub(width(l)).max(2)));
            }
            out.push_str(c);
        }
        out.push('\n');
        blank = false;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format(FileId(0), text) {
            Ok(t) => t,
            Err(e) => panic!("does not format: {e:?}"),
        }
    }

    const MESSY: &str = "\u{FEFF}\n\npolicy   \"T\"  version \"1\"   # the header\r\ncategory personal   sensitivity moderate # a comment\ncategory personal.biometric\n\n\n\n   party kind ngo\nparty a kind ngo jurisdiction \"KE\"\n# about the rule\n      allow \"r\"\n when ( data includes personal.biometric\n        or data within [ personal , personal.biometric ] )\n and recipient is a\n   require minimize to [personal,\npersonal.biometric],\n retain at most 3 days\n      cite \"x # not a comment\"   \n\n\n";

    #[test]
    fn layout_is_canonical_and_keeps_comments() {
        let expected = "policy \"T\" version \"1\"                  # the header
category personal sensitivity moderate  # a comment
category personal.biometric

party kind ngo
party a kind ngo jurisdiction \"KE\"
# about the rule
allow \"r\"
  when (data includes personal.biometric
        or data within [personal, personal.biometric])
   and recipient is a
  require minimize to [personal,
                       personal.biometric],
          retain at most 3 days
  cite \"x # not a comment\"
";
        assert_eq!(fmt(MESSY), expected);
    }

    #[test]
    fn formatting_twice_changes_nothing() {
        let once = fmt(MESSY);
        assert_eq!(fmt(&once), once);
    }

    /// A suspension is an attribute line of its agreement; written over two lines, its
    /// reason and citation stay a continuation, aligned after the keyword. Formatting it twice changes nothing.
    #[test]
    fn a_suspension_is_laid_out_as_an_attribute() {
        let messy = "agreement \"A\" between a and b\npurposes p\n    data d\nvalid 2024-01-01 to 2025-06-30\n      suspended from 2025-07-01   to 2025-12-31\n because \"audit\"   cite \"DPO 7\"   # why\n";
        let expected = "agreement \"A\" between a and b
  purposes p
  data d
  valid 2024-01-01 to 2025-06-30
  suspended from 2025-07-01 to 2025-12-31
            because \"audit\" cite \"DPO 7\"  # why
";
        let once = fmt(messy);
        assert_eq!(once, expected);
        assert_eq!(fmt(&once), once);
    }

    #[test]
    fn tables_of_one_line_declarations_are_aligned() {
        let text = "party kind ngo\nparty a kind ngo jurisdiction \"KE\" # first\nparty bbb kind ngo jurisdiction \"UG\" flags [x]\n";
        assert_eq!(
            fmt(text),
            "party kind ngo\nparty a    kind ngo  jurisdiction \"KE\"  # first\nparty bbb  kind ngo  jurisdiction \"UG\"  flags [x]\n"
        );
    }

    #[test]
    fn a_file_that_does_not_parse_is_not_formatted() {
        assert!(matches!(
            format(FileId(0), "allow \"r\" when when"),
            Err(FmtError::Syntax(_))
        ));
    }
}
