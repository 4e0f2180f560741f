//! The findings of the compiler, the loader and lint in words: a diagnostic's message,
//! labels, help and notes are typed [`Message`]s (an id and its arguments) built by the
//! stages; this is the one place that puts them into the reader's language, from the
//! `diag-…` section of the message files.

use super::{Args, Lang, Value, message};
use crate::diagnostic::{Arg, Message};

/// `m` in `lang`'s words.
pub fn diagnostic_text(lang: Lang, m: &Message) -> String {
    let mut args = Args::new();
    for (name, value) in &m.args {
        let value = match value {
            Arg::Text(s) => Value::Text(s.as_str().into()),
            // Counts and sizes of files: exact far beyond any of them.
            Arg::Number(n) => Value::Number(*n as f64),
            Arg::Message(inner) => Value::Text(diagnostic_text(lang, inner).into()),
            Arg::Either(items) => Value::Text(either(lang, items).into()),
            Arg::Quoted(names) => {
                Value::Text(super::quoted_list(lang, names.iter().map(String::as_str)).into())
            }
            Arg::Joined { items, with } => {
                let with = format!(" {} ", message(lang, with, None));
                Value::Text(items.join(&with).into())
            }
        };
        args.set(name, value);
    }
    message(lang, m.id, Some(&args))
}

/// Alternatives as `lang` lists them with "or": `a`, `a or b`, `a, b or c`.
fn either(lang: Lang, items: &[Message]) -> String {
    let words: Vec<String> = items.iter().map(|m| diagnostic_text(lang, m)).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => message(
            lang,
            "diag-either",
            Some(&super::args!("first" => rest.join(", "), "last" => last)),
        ),
    }
}

/// The English text, as a library user or a log line shows it without asking for a language.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&diagnostic_text(Lang::EN, self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;

    #[test]
    fn alternatives_are_joined_as_each_language_joins_them() {
        let items = vec![
            msg!("diag-expected-name"),
            msg!("diag-expected-date"),
            msg!("diag-expected-condition"),
        ];
        assert_eq!(
            diagnostic_text(
                Lang::EN,
                &msg!("diag-expected", "expected" => items.clone(), "found" => msg!("diag-found-end"))
            ),
            "expected a name, a date (YYYY-MM-DD) or a condition, found the end of the file"
        );
        let fr = diagnostic_text(
            Lang::FR,
            &msg!("diag-expected", "expected" => items, "found" => msg!("diag-found-end")),
        );
        assert!(fr.contains(" ou "), "{fr}");
        assert!(!fr.contains("expected"), "{fr}");
    }

    /// Every `diag-…` id written in the stages that build diagnostics has an English message:
    /// a misspelt id would be shown to a person as the id itself.
    #[test]
    fn every_diagnostic_id_in_the_source_has_words() {
        let english = super::super::message_ids(Lang::EN);
        let sources = [
            include_str!("../diagnostic.rs"),
            include_str!("../syntax/parser.rs"),
            include_str!("../syntax/prescan.rs"),
            include_str!("../syntax/build.rs"),
            include_str!("../compile/mod.rs"),
            include_str!("../compile/loader.rs"),
            include_str!("../compile/vocab.rs"),
            include_str!("../compile/agreements.rs"),
            include_str!("../compile/rules.rs"),
            include_str!("../compile/consent.rs"),
            include_str!("../compile/declared.rs"),
            include_str!("../compile/deceptive.rs"),
            include_str!("../compile/scope.rs"),
            include_str!("../compile/checks.rs"),
            include_str!("../tools/lint.rs"),
            include_str!("../render.rs"),
            include_str!("../../workbench/src/pack.rs"),
        ];
        let mut seen = 0;
        for source in sources {
            for piece in source.split("\"diag-").skip(1) {
                let id: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let id = format!("diag-{id}");
                assert!(english.contains(&id), "no message {id} in en.ftl");
                seen += 1;
            }
        }
        assert!(seen > 50, "only {seen} diagnostic ids found");
    }
}
