//! The command line's option errors (an unknown option, a missing one, a bad value) in the
//! reader's language. clap finds them and knows what they are about; its own sentences are
//! English, so in another language the error is said again from the message files, from
//! the kind clap gives and the values it names. English keeps clap's words, byte for byte,
//! and `--help` and `--version` are clap's.

use crate::words::{Lang, args, message};
use clap::error::{ContextKind, ErrorKind};

/// Prints `e` in the reader's language and returns the exit code clap would have used.
pub(super) fn report(e: clap::Error, lang: Lang) -> u8 {
    let english =
        matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) || lang == Lang::EN;
    let said = if english { None } else { said(&e, lang) };
    let Some((said, more)) = said else {
        let _ = e.print();
        return e.exit_code().clamp(0, 255) as u8;
    };
    // Each line is escaped on its own (the values are the command line's own text).
    eprintln!("{}", super::error(&said));
    for line in more {
        eprintln!("{line}");
    }
    if let Some(usage) = e.get(ContextKind::Usage) {
        // The usage line is the commands' and options' own names: left as it is.
        let usage = usage.to_string();
        let usage = usage.trim_start();
        let usage = usage.split_once(' ').map_or(usage, |(_, rest)| rest);
        let a = args!("usage" => usage.trim());
        eprintln!("\n{}", message(lang, "cli-option-usage", Some(&a)));
    }
    eprintln!("\n{}", message(lang, "cli-option-more", None));
    e.exit_code().clamp(0, 255) as u8
}

/// The error in `lang`'s words, and the lines under it (the accepted values, a suggestion
/// when clap has one); `None` for a kind without words here (clap's own message is then
/// shown).
fn said(e: &clap::Error, lang: Lang) -> Option<(String, Vec<String>)> {
    let value = |kind: ContextKind| -> String {
        e.get(kind)
            .map(|v| crate::escape::visible(&v.to_string()).into_owned())
            .unwrap_or_default()
    };
    let id = match e.kind() {
        ErrorKind::UnknownArgument => "cli-option-unknown",
        ErrorKind::InvalidSubcommand => "cli-option-unknown-command",
        ErrorKind::InvalidValue => "cli-option-invalid-value",
        ErrorKind::ValueValidation => "cli-option-value-refused",
        ErrorKind::MissingRequiredArgument => "cli-option-missing",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "cli-option-missing-command"
        }
        ErrorKind::ArgumentConflict => "cli-option-conflict",
        ErrorKind::NoEquals => "cli-option-no-equals",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            "cli-option-value-count"
        }
        ErrorKind::InvalidUtf8 => "cli-option-not-utf8",
        _ => return None,
    };
    // A value's own check (a date, a number) says why in the error's source.
    let detail = std::error::Error::source(e)
        .map(|why| crate::escape::visible(&why.to_string()).into_owned())
        .unwrap_or_default();
    let a = args!(
        "arg" => value(ContextKind::InvalidArg),
        "value" => value(ContextKind::InvalidValue),
        "command" => value(ContextKind::InvalidSubcommand),
        "prior" => value(ContextKind::PriorArg),
        "valid" => value(ContextKind::ValidValue),
        "detail" => detail
    );
    let said = message(lang, id, Some(&a));
    let mut more = Vec::new();
    let valid = value(ContextKind::ValidValue);
    if !valid.is_empty() {
        let a = args!("values" => valid);
        more.push(format!("  {}", message(lang, "cli-option-valid", Some(&a))));
    }
    let suggestions = [
        (ContextKind::SuggestedArg, "cli-option-tip"),
        (ContextKind::SuggestedSubcommand, "cli-option-tip-command"),
    ];
    for (kind, id) in suggestions {
        let suggested = value(kind);
        if !suggested.is_empty() {
            let a = args!("suggested" => suggested);
            more.push(String::new());
            more.push(format!("  {}", message(lang, id, Some(&a))));
        }
    }
    Some((said, more))
}
