//! A file or folder the command line could not read or write, in words: the path (escaped,
//! since it may come from a folder listing) and what went wrong, by kind, in the reader's
//! language. The operating system's own text is kept only for kinds without a sentence here.

use super::{Lang, args, message};
use std::io::ErrorKind;
use std::path::Path;

/// `error: PATH: what went wrong`, in `lang`'s words.
pub fn file_error(lang: Lang, path: &Path, error: &std::io::Error) -> String {
    said(lang, "file-error", path, error)
}

/// `PATH: what went wrong`, in `lang`'s words, without the `error:` prefix: for a message
/// passed up as text and prefixed where it is shown.
pub fn file_trouble(lang: Lang, path: &Path, error: &std::io::Error) -> String {
    said(lang, "file-trouble", path, error)
}

fn said(lang: Lang, message_id: &str, path: &Path, error: &std::io::Error) -> String {
    let id = match error.kind() {
        ErrorKind::NotFound => "file-not-found",
        ErrorKind::PermissionDenied => "file-permission-denied",
        ErrorKind::IsADirectory => "file-is-a-folder",
        ErrorKind::NotADirectory => "file-not-a-folder",
        ErrorKind::AlreadyExists => "file-already-exists",
        ErrorKind::InvalidData => "file-not-utf8",
        ErrorKind::StorageFull => "file-storage-full",
        ErrorKind::ReadOnlyFilesystem => "file-read-only",
        _ => "file-other",
    };
    let shown = crate::escape::visible(&path.display().to_string()).into_owned();
    let detail = crate::escape::visible(&error.to_string()).into_owned();
    message(
        lang,
        message_id,
        Some(&args!(
            "path" => shown,
            "what" => message(lang, id, Some(&args!("detail" => detail)))
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_named_and_said_in_each_language() {
        let e = std::io::Error::from(ErrorKind::NotFound);
        let en = file_error(Lang::EN, Path::new("p/x.json"), &e);
        assert_eq!(en, "error: p/x.json: no such file or folder");
        let fr = file_error(Lang::FR, Path::new("p/x.json"), &e);
        assert!(fr.starts_with("erreur : p/x.json : "), "{fr}");
        assert!(!fr.contains("no such"), "{fr}");
    }

    #[test]
    fn a_path_with_control_characters_is_escaped_and_other_errors_keep_their_text() {
        let e = std::io::Error::other("disk on fire");
        let said = file_error(Lang::EN, Path::new("a\u{1b}[2Jb"), &e);
        assert!(!said.contains('\u{1b}'), "{said}");
        assert!(said.ends_with("disk on fire"), "{said}");
    }
}
