//! Terminal rendering of diagnostics with `codespan-reporting` (feature `cli`).
//!
//! Everything shown comes from input one way or another (a file name from a folder listing,
//! a quoted name in a message, the source line itself), so control characters are made
//! visible here, once for every command that prints diagnostics: messages, labels and notes
//! with [`crate::escape::visible`], source lines with [`crate::escape::same_width`] so that
//! the carets still point at the right columns.

use crate::diagnostic::{Diagnostic, Severity};
use crate::escape::{same_width, visible};
use crate::source::SourceMap;
use crate::words::{Lang, diagnostic_text};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

fn files(sources: &SourceMap) -> SimpleFiles<String, String> {
    let mut files = SimpleFiles::new();
    for (_, file) in sources.files() {
        files.add(
            visible(&file.name).into_owned(),
            same_width(&file.text).into_owned(),
        );
    }
    files
}

fn convert(lang: Lang, d: &Diagnostic) -> cs::Diagnostic<usize> {
    let words = |m| diagnostic_text(lang, m);
    let mut out = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_code(d.code.id())
    .with_message(visible(&words(&d.message)));
    let mut labels = Vec::new();
    if let Some(p) = &d.primary {
        labels.push(
            cs::Label::primary(p.span.file.0 as usize, p.span.start..p.span.end)
                .with_message(visible(&words(&p.message))),
        );
    }
    for s in &d.secondary {
        labels.push(
            cs::Label::secondary(s.span.file.0 as usize, s.span.start..s.span.end)
                .with_message(visible(&words(&s.message))),
        );
    }
    out = out.with_labels(labels);
    let mut notes: Vec<String> = Vec::new();
    if let Some(help) = &d.help {
        let text = visible(&words(help)).into_owned();
        notes.push(crate::words::message(
            lang,
            "diag-help-line",
            Some(&crate::words::args!("text" => text)),
        ));
    }
    notes.extend(d.notes.iter().map(|n| {
        let text = visible(&words(n)).into_owned();
        crate::words::message(
            lang,
            "diag-note-line",
            Some(&crate::words::args!("text" => text)),
        )
    }));
    out.with_notes(notes)
}

/// Writes `diagnostics` to `out` in the rustc-like layout: file:line:column, the source line,
/// the span underlined, then the help; in English.
pub fn emit(
    out: &mut dyn WriteColor,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    emit_in(Lang::EN, out, sources, diagnostics)
}

/// The same, the sentences in `lang`.
pub fn emit_in(
    lang: Lang,
    out: &mut dyn WriteColor,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let files = files(sources);
    let config = term::Config::default();
    for d in diagnostics {
        term::emit(out, &config, &files, &convert(lang, d)).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// The same, as plain text without colour (for tests and logs), in English.
pub fn to_string(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    to_string_in(Lang::EN, sources, diagnostics)
}

/// Plain text without colour, the sentences in `lang`.
pub fn to_string_in(lang: Lang, sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut buffer = term::termcolor::NoColor::new(Vec::new());
    // Writing into memory cannot fail.
    let _ = emit_in(lang, &mut buffer, sources, diagnostics);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}
