//! A content fingerprint of the pack's files: taken before and after a reload reads them,
//! so a pack whose files changed while it was being read is never put into service.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Most folders deep the fingerprint looks (as the loader's own walk).
const MAX_DEPTH: usize = crate::compile::loader::MAX_FOLDER_DEPTH;
/// Most files the fingerprint reads; a pack is a handful.
const MAX_FILES: usize = 10_000;

/// The SHA-256 of every file under `path` (or of `path` itself when it is a file): each
/// file's name relative to `path`, its length and its bytes, in name order. Symbolic links
/// are followed; a link back to a folder that contains it is walked once.
pub fn of(path: &Path) -> std::io::Result<[u8; 32]> {
    let mut walk = Walk {
        hash: Sha256::new(),
        open: Vec::new(),
        files: 0,
    };
    if std::fs::metadata(path)?.is_dir() {
        walk.folder(path, Path::new(""))?;
    } else {
        walk.file(path, Path::new(""))?;
    }
    Ok(walk.hash.finalize().into())
}

struct Walk {
    hash: Sha256,
    open: Vec<PathBuf>,
    files: usize,
}

impl Walk {
    fn folder(&mut self, dir: &Path, relative: &Path) -> std::io::Result<()> {
        let canonical = std::fs::canonicalize(dir)?;
        if self.open.contains(&canonical) || self.open.len() > MAX_DEPTH {
            return Ok(());
        }
        let mut entries: Vec<_> = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        self.open.push(canonical);
        for name in entries {
            let path = dir.join(&name);
            let relative = relative.join(&name);
            // A file removed between listing and reading is a change like any other: it
            // shows in the hash, not as an error.
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => self.folder(&path, &relative)?,
                Ok(_) => self.file(&path, &relative)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.hash.update(b"gone\0");
                }
                Err(e) => return Err(e),
            }
        }
        self.open.pop();
        Ok(())
    }

    fn file(&mut self, path: &Path, relative: &Path) -> std::io::Result<()> {
        self.files += 1;
        if self.files > MAX_FILES {
            return Err(std::io::Error::other(format!(
                "more than {MAX_FILES} files under the policy folder"
            )));
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => b"gone".to_vec(),
            Err(e) => return Err(e),
        };
        self.hash.update(relative.to_string_lossy().as_bytes());
        self.hash.update([0]);
        self.hash.update((bytes.len() as u64).to_le_bytes());
        self.hash.update(&bytes);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_content_names_and_survives_a_loop() {
        let dir = std::env::temp_dir().join(format!("mandate-fp-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("folder");
        std::fs::write(dir.join("a.policy"), "one").expect("write");
        let first = of(&dir).expect("fingerprint");
        assert_eq!(first, of(&dir).expect("fingerprint"), "stable");
        std::fs::write(dir.join("a.policy"), "two").expect("write");
        let second = of(&dir).expect("fingerprint");
        assert_ne!(first, second, "content");
        std::fs::write(dir.join("sub/b.policy"), "").expect("write");
        let third = of(&dir).expect("fingerprint");
        assert_ne!(second, third, "a new empty file");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(".", dir.join("sub/loop")).expect("link");
            assert!(of(&dir).is_ok(), "a loop ends");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
