//! Making text from input safe to print on a terminal.
//!
//! A flow id, a rule name, a file name or a policy string can hold control characters: a
//! newline that starts a forged output line, an ANSI escape that paints a forbidden flow as a
//! green "ALLOW", a bidirectional override that shows text in another order than it is
//! stored. Every text output passes input-derived strings through [`visible`] (or formats
//! them with [`Visible`]), which writes such characters as escapes a person can read: `\n`,
//! `\t`, `\r`, and `\u{1b}` for the rest. JSON output needs none of this: serde escapes it.
//!
//! Backslashes are left as they are, so escaping twice gives the same text as escaping once:
//! a string may pass through several layers of output without turning `\n` into `\\n`.

use std::borrow::Cow;
use std::fmt;

/// Bidirectional formatting characters: they reorder how text is *shown* without changing
/// what is stored ("Trojan Source", CVE-2021-42574), with their Unicode names.
const BIDI: &[(char, &str)] = &[
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
];

/// The Unicode name of `c` if it is a bidirectional formatting character.
pub fn bidi_name(c: char) -> Option<&'static str> {
    BIDI.iter().find(|(b, _)| *b == c).map(|(_, name)| *name)
}

/// True for characters that must not reach a terminal as they are: C0 and C1 controls
/// (newline, tab and escape included), DEL, the bidirectional formatting characters, and
/// the line and paragraph separators U+2028 and U+2029.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || bidi_name(c).is_some()
}

/// `text` with every [`is_hidden`] character written as a visible escape. Borrows when there
/// is nothing to escape, which is nearly always.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(Visible(text).to_string())
}

/// Formats a string with [`visible`]'s escapes, without allocating: `format!("{}",
/// Visible(&flow.id))`.
#[derive(Clone, Copy, Debug)]
pub struct Visible<'a>(pub &'a str);

impl fmt::Display for Visible<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(is_hidden) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            match c {
                '\n' => f.write_str("\\n")?,
                '\t' => f.write_str("\\t")?,
                '\r' => f.write_str("\\r")?,
                other => write!(f, "\\u{{{:x}}}", u32::from(other))?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// `text` with its hidden characters replaced one for one by a visible stand-in of the same
/// length in bytes, so that byte offsets and columns into it stay right: for source lines
/// shown under a diagnostic, whose carets point into the text.
pub fn same_width(text: &str) -> Cow<'_, str> {
    // Tabs and line breaks are layout, which the diagnostic renderer handles itself.
    let hidden = |c: char| is_hidden(c) && !matches!(c, '\n' | '\t' | '\r');
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if !hidden(c) {
                    return c;
                }
                match c.len_utf8() {
                    1 => '?',
                    2 => '\u{00BF}', // ¿
                    _ => '\u{FFFD}', // the replacement character
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(
            visible("f1\n\u{1b}[32mALLOW\tx\r"),
            "f1\\n\\u{1b}[32mALLOW\\tx\\r"
        );
        assert_eq!(
            visible("a\u{202E}b\u{7f}\u{9b}"),
            "a\\u{202e}b\\u{7f}\\u{9b}"
        );
        assert_eq!(visible("\u{2028}"), "\\u{2028}");
    }

    #[test]
    fn plain_text_is_borrowed_and_escaping_twice_changes_nothing() {
        let plain = "DTA-2024-17 « Protección » 保护 \\n";
        assert!(matches!(visible(plain), Cow::Borrowed(_)));
        let once = visible("x\n\u{1b}y").into_owned();
        assert_eq!(visible(&once), once);
    }

    #[test]
    fn same_width_keeps_byte_offsets() {
        for text in [
            "a\u{1b}b",
            "a\u{202E}b",
            "a\u{061C}b",
            "a\u{9b}b",
            "tab\tline\n",
        ] {
            let shown = same_width(text);
            assert_eq!(shown.len(), text.len(), "{text:?}");
            assert_eq!(shown.chars().count(), text.chars().count(), "{text:?}");
            assert!(!shown.chars().any(|c| is_hidden(c) && !c.is_whitespace()));
        }
        assert_eq!(same_width("tab\tline\n"), "tab\tline\n");
    }

    #[test]
    fn bidi_controls_are_named() {
        assert_eq!(bidi_name('\u{202E}'), Some("RIGHT-TO-LEFT OVERRIDE"));
        assert_eq!(bidi_name('a'), None);
        assert!(BIDI.iter().all(|(c, _)| is_hidden(*c)));
    }
}
