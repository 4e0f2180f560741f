//! Words: every sentence mandate shows a person, in the reader's language.
//!
//! The evaluator judges flows in typed values ([`crate::eval::Fact`], check ids, deny kinds);
//! this module alone turns values into words. The words live in one message file per
//! language, `src/words/locales/<code>.ftl`, written in [Project Fluent] syntax so that a
//! translator edits them without reading Rust. Adding a language is adding one file: the
//! build lists the folder (build.rs), and a test fails when a file lacks a message that the
//! English file has, or has one English does not.
//!
//! Names, rule titles and citations are the policy's own words and are passed through as
//! they were written; only the sentences around them are translated.
//!
//! [Project Fluent]: https://projectfluent.org

mod diagnostics;
#[cfg(feature = "fs")]
mod files;
#[cfg(feature = "host")]
mod host;
#[cfg(feature = "cli")]
mod import;
mod lang;
#[cfg(feature = "fs")]
mod log;
mod map;
mod reasons;
#[cfg(feature = "serve")]
mod serve;

pub use diagnostics::diagnostic_text;
#[cfg(feature = "fs")]
pub use files::{file_error, file_trouble};
#[cfg(feature = "host")]
pub use host::{cache_warning, host_error};
#[cfg(feature = "cli")]
pub use import::fides_error;
pub use lang::{Lang, UnknownLang};
#[cfg(feature = "fs")]
pub use log::{log_error, log_finding, log_note};
pub use map::{map_error, map_problem};
pub use reasons::{check_cite, check_name, fact, finding, problem, quoted};
#[cfg(feature = "serve")]
pub use serve::refusal;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// Per language: its parsed bundle, and its plain messages (see [`Language::plain`]).
struct Language {
    bundle: FluentBundle<FluentResource>,
    /// The messages that are plain text and argument references (most of them): these are
    /// put together directly, which costs a fraction of resolving them with Fluent, on the
    /// path of every decision that is put into words. Messages with selectors, terms or
    /// references to other messages are resolved by Fluent.
    plain: Plain,
}

/// Plain messages by id. The ids are short ASCII names looked up on every sentence of a
/// decision: Fx hashing costs a fraction of the standard library's SipHash there, and the
/// table is built from the shipped message files, not from input.
type Plain = std::collections::HashMap<String, Vec<Piece>, rustc_hash::FxBuildHasher>;

/// Every language, parsed once, on first use.
fn languages() -> &'static [Language] {
    static LANGUAGES: OnceLock<Vec<Language>> = OnceLock::new();
    LANGUAGES.get_or_init(|| {
        LOCALES
            .iter()
            .map(|(code, text)| language(code, text))
            .collect()
    })
}

/// A piece of a plain message: text, or the value of an argument.
enum Piece {
    Text(String),
    Arg(String),
}

fn plain_messages(resource: &FluentResource) -> Plain {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    let mut out = Plain::default();
    for entry in resource.entries() {
        let Entry::Message(m) = entry else { continue };
        let Some(pattern) = &m.value else { continue };
        let pieces: Option<Vec<Piece>> = pattern
            .elements
            .iter()
            .map(|e| match e {
                PatternElement::TextElement { value } => Some(Piece::Text((*value).to_owned())),
                PatternElement::Placeable {
                    expression: Expression::Inline(InlineExpression::VariableReference { id }),
                } => Some(Piece::Arg(id.name.to_owned())),
                PatternElement::Placeable { .. } => None,
            })
            .collect();
        // The first message of an id wins, as in the bundle.
        if let Some(pieces) = pieces {
            out.entry(m.id.name.to_owned()).or_insert(pieces);
        }
    }
    out
}

/// A plain message put together from its arguments; `None` when an argument is missing.
/// A number is written as Fluent writes a number without formatting options (Rust's own
/// `f64` display: `3`, `1200`, `0.5`); the test `plain_messages_read_as_fluent_writes_them`
/// holds the two equal.
fn put_together(pieces: &[Piece], args: Option<&Args<'_>>) -> Option<String> {
    use std::fmt::Write;
    // Sized once: the text, the text arguments, and room for a number or two.
    let size: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Arg(name) => match args.and_then(|a| a.get(name)) {
                Some(Value::Text(s)) => s.len(),
                _ => 8,
            },
        })
        .sum();
    let mut out = String::with_capacity(size);
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Arg(name) => match args?.get(name)? {
                Value::Text(s) => out.push_str(s),
                Value::Number(n) => {
                    let _ = write!(out, "{n}");
                }
            },
        }
    }
    Some(out)
}

fn language(code: &str, text: &str) -> Language {
    // A file with a syntax error still yields every message that parsed; the test
    // `every_file_parses` keeps the shipped files free of errors.
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(r, _)| r);
    let plain = plain_messages(&resource);
    let id = code
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Fluent wraps each argument in Unicode isolation marks for right-to-left scripts; the
    // terminal front ends escape those as control characters, and the JSON would carry them.
    bundle.set_use_isolating(false);
    // Duplicate ids are a file error the tests catch; the first one wins.
    let _ = bundle.add_resource(resource);
    Language { bundle, plain }
}

/// A message's arguments: the values the sentence is built around, by name.
///
/// Most sentences have one to four arguments, kept inline: building them allocates nothing,
/// and a plain message reads them directly. Only a message Fluent resolves (selectors,
/// terms) converts them into Fluent's own arguments.
#[derive(Default)]
pub struct Args<'a> {
    items: smallvec::SmallVec<[(&'a str, Value<'a>); 4]>,
}

impl<'a> Args<'a> {
    /// No arguments yet.
    pub fn new() -> Self {
        Args::default()
    }

    /// Sets argument `name` (a later value of the same name replaces the earlier one).
    pub fn set(&mut self, name: &'a str, value: impl Into<Value<'a>>) {
        let value = value.into();
        match self.items.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => *v = value,
            None => self.items.push((name, value)),
        }
    }

    /// The value of argument `name`.
    fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.items.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The same arguments as Fluent takes them.
    fn to_fluent(&self) -> FluentArgs<'_> {
        let mut out = FluentArgs::with_capacity(self.items.len());
        for (name, v) in &self.items {
            let v = match v {
                Value::Text(s) => FluentValue::String(std::borrow::Cow::Borrowed(s.as_ref())),
                Value::Number(n) => FluentValue::from(*n),
            };
            out.set(*name, v);
        }
        out
    }
}

/// The message `id` in `lang`, with `args`. A message the language lacks falls back to
/// English; one English lacks too is shown as its id (the tests make sure none is).
pub fn message(lang: Lang, id: &str, args: Option<&Args<'_>>) -> String {
    let all = languages();
    for Language { bundle, plain } in [all.get(lang.index()), all.get(Lang::EN.index())]
        .into_iter()
        .flatten()
    {
        if let Some(text) = plain.get(id).and_then(|p| put_together(p, args)) {
            return text;
        }
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let args = args.map(Args::to_fluent);
            return bundle
                .format_pattern(pattern, args.as_ref(), &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
}

/// Names, each quoted as `lang` quotes a name ([`quoted`]), joined by `, `, written into one
/// string: the reason of every decision names its deciding rules this way, and a string per
/// quoted name was a good part of that sentence's cost.
pub fn quoted_list<'a>(lang: Lang, names: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let all = languages();
    let plain = [all.get(lang.index()), all.get(Lang::EN.index())]
        .into_iter()
        .flatten()
        .find_map(|l| l.plain.get("quoted"))
        .filter(|pieces| {
            pieces
                .iter()
                .all(|p| matches!(p, Piece::Text(_)) || matches!(p, Piece::Arg(a) if a == "name"))
        });
    let Some(pieces) = plain else {
        // Not a plain message (a translator gave it a selector): Fluent quotes each name.
        return names
            .into_iter()
            .map(|n| quoted(lang, n))
            .collect::<Vec<_>>()
            .join(", ");
    };
    let text: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Arg(_) => 0,
        })
        .sum();
    let size: usize = names.clone().into_iter().map(|n| n.len() + text + 2).sum();
    let mut out = String::with_capacity(size);
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Arg(_) => out.push_str(name),
            }
        }
    }
    out
}

/// A share given in hundredths of a percent (`250` is 2.5 %), as `lang` writes a percentage:
/// `2.5%` in English, `2,5 %` in French. Trailing zeros of the decimals are left out.
pub fn percent(lang: Lang, hundredths: u32) -> String {
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    let number = match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    };
    percent_number(lang, &number)
}

/// A share given as a fraction (`0.0225` is 2.25 %), to two decimals, as `lang` writes a
/// percentage.
pub fn percent_of(lang: Lang, fraction: f64) -> String {
    percent_number(lang, &format!("{:.2}", fraction * 100.0))
}

/// `number` (written with a `.` before its decimals) as a percentage in `lang`.
fn percent_number(lang: Lang, number: &str) -> String {
    let separator = message(lang, "decimal-separator", None);
    let number = number.replace('.', &separator);
    message(lang, "percent", Some(&args!("number" => number)))
}

/// Builds [`Args`] from `name = value` pairs: `args!("rule" => name, "count" => 3)`.
#[macro_export]
#[doc(hidden)]
macro_rules! words_args {
    ($($k:expr => $v:expr),* $(,)?) => {{
        let mut a = $crate::words::Args::new();
        $( a.set($k, $crate::words::Value::from($v)); )*
        a
    }};
}
pub use crate::words_args as args;

/// A value a message can show: text as it is, numbers formatted by the language's rules.
pub enum Value<'a> {
    /// Text, shown as it is.
    Text(std::borrow::Cow<'a, str>),
    /// A count or a number.
    Number(f64),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s.into())
    }
}
impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Text(s.as_str().into())
    }
}
impl<'a> From<&'a std::sync::Arc<str>> for Value<'a> {
    fn from(s: &'a std::sync::Arc<str>) -> Self {
        Value::Text((&**s).into())
    }
}
impl<'a> From<&'a crate::reason::Name> for Value<'a> {
    fn from(s: &'a crate::reason::Name) -> Self {
        Value::Text(s.as_str().into())
    }
}
impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::Text(s.into())
    }
}
impl From<usize> for Value<'_> {
    fn from(n: usize) -> Self {
        Value::Number(n as f64)
    }
}
impl From<u64> for Value<'_> {
    fn from(n: u64) -> Self {
        // Counts of log records: exact below 2^53, far beyond any log.
        Value::Number(n as f64)
    }
}

impl From<u32> for Value<'_> {
    fn from(n: u32) -> Self {
        Value::Number(f64::from(n))
    }
}
impl From<f64> for Value<'_> {
    fn from(n: f64) -> Self {
        Value::Number(n)
    }
}
impl From<i64> for Value<'_> {
    fn from(n: i64) -> Self {
        Value::Number(n as f64)
    }
}

/// The ids of every message in the English file, in file order: what every other language
/// must translate.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let Some((_, text)) = LOCALES.get(lang.index()) else {
        return Vec::new();
    };
    let resource = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// For the tests of each kind of machine code: every code declared in `source` (its serde
/// `rename = "…"` names) is among those `rendered` by the samples, and listed in
/// docs/review.md. Reading the codes from the source means a new kind without a sample
/// (and so without words) or without documentation fails.
#[cfg(test)]
pub(crate) fn assert_codes_rendered_and_documented(
    source: &str,
    rendered: &std::collections::BTreeSet<String>,
) {
    let declared: std::collections::BTreeSet<String> = source
        .lines()
        .filter(|l| !l.contains("rename_all"))
        .filter_map(|l| l.split("rename = \"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    let missing: Vec<&String> = declared.difference(rendered).collect();
    assert!(missing.is_empty(), "no sample renders {missing:?}");
    let docs = include_str!("../../docs/review.md");
    let undocumented: Vec<&String> = declared
        .iter()
        .filter(|c| !docs.contains(&format!("`{c}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "docs/review.md does not list {undocumented:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of quoted names written into one string reads as the names quoted one by one
    /// and joined, in every language.
    #[test]
    fn a_quoted_list_reads_as_names_quoted_one_by_one() {
        for lang in Lang::all() {
            for names in [&[][..], &["a"][..], &["deny \"x\"", "b", "Règle é"][..]] {
                let one_by_one: Vec<String> = names.iter().map(|n| quoted(lang, n)).collect();
                assert_eq!(
                    quoted_list(lang, names.iter().copied()),
                    one_by_one.join(", "),
                    "{}",
                    lang.code()
                );
            }
        }
    }

    /// The direct path gives, for every plain message in every language, exactly what Fluent
    /// gives; and it is taken for most messages (else it would be dead weight).
    #[test]
    fn plain_messages_read_as_fluent_writes_them() {
        let mut plain_count = 0;
        for lang in Lang::all() {
            let Some(Language { bundle, plain }) = languages().get(lang.index()) else {
                panic!("no bundle for {}", lang.code());
            };
            for (id, pieces) in plain {
                let pattern = bundle
                    .get_message(id)
                    .and_then(|m| m.value())
                    .expect("a plain message has a value");
                // Once with text, once with numbers (whole, large, fractional, negative).
                let number = [3.0, 1200.0, 0.5, -7.25, 1e16];
                for numbers in [false, true] {
                    let mut args = Args::new();
                    for (i, piece) in pieces.iter().enumerate() {
                        if let Piece::Arg(name) = piece {
                            if numbers {
                                args.set(name, number[i % number.len()]);
                            } else {
                                args.set(name, format!("<{name} ü>"));
                            }
                        }
                    }
                    let direct = put_together(pieces, Some(&args)).expect("every argument given");
                    let mut errors = Vec::new();
                    let fluent =
                        bundle.format_pattern(pattern, Some(&args.to_fluent()), &mut errors);
                    assert_eq!(direct, fluent, "{}: {id}", lang.code());
                    assert!(errors.is_empty(), "{}: {id}: {errors:?}", lang.code());
                }
                plain_count += 1;
            }
        }
        let all: usize = Lang::all().map(|l| message_ids(l).len()).sum();
        assert!(plain_count * 2 > all, "{plain_count} plain of {all}");
        // A number is formatted by Fluent, by the language's rules.
        let n = message(Lang::EN, "diff-count", Some(&args!("count" => 1200usize)));
        assert!(n.starts_with("1200") || n.starts_with("1,200"), "{n}");
    }

    #[test]
    fn every_file_parses() {
        for (code, text) in LOCALES {
            if let Err((_, errors)) = FluentResource::try_new((*text).to_owned()) {
                panic!("{code}.ftl has syntax errors: {errors:?}");
            }
        }
    }

    #[test]
    fn every_language_has_every_message_and_no_other() {
        let english = message_ids(Lang::EN);
        assert!(english.len() > 10, "the English file is nearly empty");
        for lang in Lang::all() {
            let mine = message_ids(lang);
            let missing: Vec<&String> = english.iter().filter(|id| !mine.contains(id)).collect();
            let extra: Vec<&String> = mine.iter().filter(|id| !english.contains(id)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}.ftl: missing {missing:?}, not in English {extra:?}",
                lang.code()
            );
            let mut unique = mine.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(
                unique.len(),
                mine.len(),
                "{}.ftl repeats an id",
                lang.code()
            );
        }
    }

    #[test]
    fn arguments_are_placed_without_isolation_marks() {
        let text = message(Lang::EN, "kind-forbidden", None);
        assert_eq!(text, "forbidden");
        let fr = message(Lang::FR, "kind-forbidden", None);
        assert_eq!(fr, "interdit");
        let rule = message(
            Lang::EN,
            "reason-forbidden",
            Some(&args!("rules" => "\"R\"")),
        );
        assert_eq!(rule, "forbidden by \"R\"");
    }

    #[test]
    fn an_unknown_id_shows_itself() {
        assert_eq!(
            message(Lang::FR, "no-such-message", None),
            "no-such-message"
        );
    }
}
