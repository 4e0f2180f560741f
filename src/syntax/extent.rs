//! Where a piece of policy text really ends.
//!
//! pest's span of a rule that ends in `*` or `?` also covers the whitespace and comments
//! skipped while trying one more repetition, so the builder trims every span back to the end
//! of its last token. Scanning each pair's text for that is quadratic on nested pairs (a rule
//! is scanned once for itself and again for each clause, condition and name inside it), so
//! the file is read once instead: [`Extents`] marks where each character that is neither
//! whitespace nor part of a comment ends, and a span's end is then the last mark inside it.

/// The ends of all token characters of one file (see the module documentation).
pub(super) struct Extents {
    /// Bit `i` is set when a token character ends at byte `i` (so bit 0 is never set).
    ends: Vec<u64>,
}

/// The lexical state while marking: enough of the grammar to tell a `#` that starts a comment
/// from one inside a string (HXL hashtags are quoted).
#[derive(Clone, Copy, PartialEq)]
enum Lex {
    Code,
    Str,
    Escape,
    Comment,
}

impl Extents {
    /// Marks `text`, which must be text the grammar accepted: strings are then closed and
    /// every `"` outside a comment opens or closes one.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut ends = vec![0u64; bytes.len() / 64 + 1];
        let mut state = Lex::Code;
        let mut i = 0;
        while i < bytes.len() {
            // Policies are mostly ASCII: decode a character only where one starts above it.
            let (c, len) = match bytes[i] {
                b if b.is_ascii() => (b as char, 1),
                _ => {
                    let c = text[i..].chars().next().unwrap_or_default();
                    (c, c.len_utf8())
                }
            };
            let token = match (state, c) {
                (Lex::Comment, '\n') => {
                    state = Lex::Code;
                    false
                }
                (Lex::Comment, _) => false,
                (Lex::Code, '#') => {
                    state = Lex::Comment;
                    false
                }
                (Lex::Code, '"') => {
                    state = Lex::Str;
                    true
                }
                (Lex::Str, '\\') => {
                    state = Lex::Escape;
                    true
                }
                (Lex::Str, '"') => {
                    state = Lex::Code;
                    true
                }
                (Lex::Escape, c) => {
                    state = Lex::Str;
                    !c.is_whitespace()
                }
                // Whitespace inside a string does not end a span either: the closing quote
                // always follows it.
                (_, c) => !c.is_whitespace(),
            };
            i += len;
            if token {
                ends[i / 64] |= 1 << (i % 64);
            }
        }
        Extents { ends }
    }

    /// The end of the last token character in `start..end`, or `start` when there is none.
    pub fn trim(&self, start: usize, end: usize) -> usize {
        // A character ending at `start` lies before the range: look at bits start+1 ..= end.
        if end <= start {
            return start;
        }
        let mut word = end / 64;
        let mut bits = self.ends[word] & (u64::MAX >> (63 - end % 64));
        loop {
            if bits != 0 {
                let at = word * 64 + 63 - bits.leading_zeros() as usize;
                return at.max(start);
            }
            if word * 64 <= start || word == 0 {
                return start;
            }
            word -= 1;
            bits = self.ends[word];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Extents;
    use crate::syntax::grammar::{PolicyParser, Rule};
    use pest::Parser;
    use pest::iterators::Pair;

    /// The builder's former span end, kept as the reference: scan the pair's text forwards
    /// for the last character that is neither whitespace nor in a comment, where a `#` starts
    /// a comment unless it lies inside a string of the pair.
    fn reference_end(pair: &Pair<'_, Rule>) -> usize {
        let s = pair.as_span();
        let in_string = |at: usize| {
            pair.clone().into_inner().flatten().any(|p| {
                p.as_span().start() <= at
                    && at < p.as_span().end()
                    && matches!(p.as_rule(), Rule::string | Rule::string_inner)
            })
        };
        let mut last = 0;
        let mut in_comment = false;
        for (i, c) in s.as_str().char_indices() {
            match c {
                '\n' => in_comment = false,
                _ if in_comment => {}
                '#' if !in_string(s.start() + i) => in_comment = true,
                c if c.is_whitespace() => {}
                c => last = i + c.len_utf8(),
            }
        }
        s.start() + last
    }

    /// Compares the two on every pair of `text` the builder could ask about (all but the
    /// inside of strings, whose own `#`s the reference would take for comments); returns the
    /// number of pairs compared and how many of them had to be trimmed.
    fn compare(name: &str, text: &str) -> (usize, usize) {
        let pairs = PolicyParser::parse(Rule::file, text)
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let extents = Extents::new(text);
        let (mut compared, mut trimmed) = (0, 0);
        for pair in pairs.flatten() {
            if pair.as_rule() == Rule::string_inner {
                continue;
            }
            let s = pair.as_span();
            let reference = reference_end(&pair);
            assert_eq!(
                extents.trim(s.start(), s.end()),
                reference,
                "{name}: {:?} at {}..{}: {:?}",
                pair.as_rule(),
                s.start(),
                s.end(),
                s.as_str()
            );
            compared += 1;
            trimmed += usize::from(reference < s.end());
        }
        (compared, trimmed)
    }

    #[test]
    fn tricky_cases_match_the_reference() {
        let cases = [
            // A `#` inside a string at the very end of a rule, then one in a real comment.
            "policy \"p\"\nallow \"a\"\n  when data includes x\n  cite \"see #geo+lat\" # \"not a string\n",
            // A trailing comment after a rule, and a comment line before the next one.
            "allow \"a\" when true # trailing\n# a comment line\n\ndeny \"b\" when false\n",
            // Rules ending in `]` and `)`, with comments in between the brackets.
            "allow \"a\" when data within [x, # first\n y] # after\n",
            "allow \"a\" when (data includes x or # why\n purpose is p) # after\n\n",
            // Nested conditions with negations, a basis list and a string list.
            "deny \"n\" when not (not (data includes x and (purpose is p or true)) or basis is consent or vital_interest)\n  unless recipient jurisdiction in [\"K#E\", \"UG\"]  # x\n",
            // Attributes ending at the end of the file, without a newline.
            "category a.b under [c, d] hxl \"#x\", \"#y\" personal",
            "party p kind k jurisdiction \"KE\" flags [a, b] # done",
            // Obligations ending in a number, an escaped quote, a comment without a newline.
            "require \"r\" when true require retain at most 30 days, aggregate by [a] with k >= 5 cite \"a \\\" # b\" #",
            // Whitespace the grammar does not skip, and non-ASCII text.
            "allow \"\u{e9}t\u{e9} \u{2003}\"\u{FEFF}when true\r\n\t# caf\u{e9}\n",
            "classification \"c\" for response \"r\" a.b is high # c\n d is low\n",
            "agreement \"A\" between x and y purposes [p] valid from 2025-01-01 to 2026-01-01 # v\n",
        ];
        for (i, case) in cases.iter().enumerate() {
            compare(&format!("case {i}"), case);
        }
    }

    #[test]
    fn bundled_policies_match_the_reference() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "policy") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"),
            &mut files,
        );
        assert!(!files.is_empty());
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            compare(&path.display().to_string(), &text);
        }
    }

    #[test]
    fn generated_pack_with_comments_matches_the_reference() {
        // 100 rules: the reference is quadratic in a file's comments (each `#` looks through
        // every string of the file), and 300 took over a minute of the test command's time.
        let pack = crate::synth::pack(crate::synth::Options {
            rules: 100,
            seed: 7,
            extended: true,
        });
        for (name, text) in pack.sources() {
            // Comments at the end of every line and between declarations, some quoting.
            let commented: String = text
                .lines()
                .enumerate()
                .map(|(i, line)| match i % 3 {
                    0 => format!("{line} # note {i} \"quoted\" #x\n"),
                    1 => format!("{line}\n  # line {i}\n"),
                    _ => format!("{line}   \n"),
                })
                .collect();
            assert!(compare(&name, &text).0 > 1000);
            // The comments must put the trimming to work, or the comparison proves little.
            assert!(compare(&name, &commented).1 > 100);
        }
    }
}
