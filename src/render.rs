//! Terminal rendering of diagnostics with `codespan-reporting` (feature `cli`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

fn files(sources: &SourceMap) -> SimpleFiles<String, String> {
    let mut files = SimpleFiles::new();
    for (_, file) in sources.files() {
        files.add(file.name.clone(), file.text.clone());
    }
    files
}

fn convert(d: &Diagnostic) -> cs::Diagnostic<usize> {
    let mut out = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_code(d.code.id())
    .with_message(&d.message);
    let mut labels = Vec::new();
    if let Some(p) = &d.primary {
        labels.push(
            cs::Label::primary(p.span.file.0 as usize, p.span.start..p.span.end)
                .with_message(&p.message),
        );
    }
    for s in &d.secondary {
        labels.push(
            cs::Label::secondary(s.span.file.0 as usize, s.span.start..s.span.end)
                .with_message(&s.message),
        );
    }
    out = out.with_labels(labels);
    let mut notes: Vec<String> = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
    out.with_notes(notes)
}

/// Writes `diagnostics` to `out` in the rustc-like layout: file:line:column, the source line,
/// the span underlined, then the help.
pub fn emit(
    out: &mut dyn WriteColor,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let files = files(sources);
    let config = term::Config::default();
    for d in diagnostics {
        term::emit(out, &config, &files, &convert(d)).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// The same, as plain text without colour (for tests and logs).
pub fn to_string(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut buffer = term::termcolor::NoColor::new(Vec::new());
    // Writing into memory cannot fail.
    let _ = emit(&mut buffer, sources, diagnostics);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}
